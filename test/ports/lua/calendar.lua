-- The calendar functions need no clock: os.date and os.time with a
-- table, in UTC ("!" formats; the guest's only zone is UTC).
print(os.date("!%Y-%m-%d %H:%M:%S %j %a %b %U %W %V %G", 86400 * 365 * 30 + 12345))
print(os.time { year = 2024, month = 2, day = 29, hour = 12 } - os.time { year = 2024, month = 1, day = 1, hour = 12 })
print(os.date("!*t", 0).year, os.date("!%c", 1e9), os.date("!%x %X %p", 1234567890))
local t = os.date("!*t", 2^31 + 86400 * 400)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
print(os.date("!%Y", -1e10), os.date("!%Y-%m-%d", 253402300799))
for y = 1999, 2030, 7 do io.write(os.date("!%a %V %G|", os.time { year = y, month = 1, day = 1, hour = 0 } + 0)) end
print()
