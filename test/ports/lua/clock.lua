-- os.time, os.clock, os.date through `vxrun --clock`.  HOST_TIME is
-- replaced with the host's time(1) by the test before it runs.
local host = HOST_TIME
local t = os.time()
print("time near host", math.abs(t - host) < 120)
local c0 = os.clock()
local x = 0 for i = 1, 3e6 do x = x + i % 7 end
local c1 = os.clock()
print("clock", c0 >= 0, c1 > c0, c1 - c0 < 60)
local d = os.date("!*t", t)
print("date round trip", os.time(d) == t, d.year >= 2024, os.date("!%Y-%m-%d %H:%M:%S", t) ==
  string.format("%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day, d.hour, d.min, d.sec))
print("difftime", os.difftime(t + 90, t))
