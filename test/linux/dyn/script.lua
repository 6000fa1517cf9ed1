-- A Lua script for linux/dyn/lua: tables, closures, string patterns,
-- integer and float arithmetic, coroutines.
local t = {}
for i = 1, 10 do t[#t + 1] = i * i end
print(table.concat(t, ","))
local function counter() local n = 0; return function() n = n + 1; return n end end
local c = counter(); c(); c(); print("counter", c())
print(string.format("%5.2f %d %s %q", math.pi, 7 // 2, tostring(7 / 2), "a\nb"))
for w, n in string.gmatch("one=1, two=22, three=333", "(%a+)=(%d+)") do io.write(w, ":", #n, " ") end
print()
print(("hello world"):gsub("o", "0"), ("abc"):rep(3, "-"), ("Lua"):upper())
local co = coroutine.create(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
print(coroutine.resume(co, 1)); print(coroutine.resume(co, 10))
print(math.maxinteger, math.mininteger, 2^53, 10 % 3, -7 // 2, math.type(1), math.type(1.0))
local keys = {}; for k in pairs({x = 1, y = 2, z = 3}) do keys[#keys + 1] = k end
table.sort(keys); print(table.concat(keys, " "))
