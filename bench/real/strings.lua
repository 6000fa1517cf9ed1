-- strings.lua: string building, string.format, gsub, table.concat, sort
local n = tonumber(arg and arg[1]) or 200000
local t = {}
for i = 1, n do t[#t + 1] = string.format("%d:%x", i * 7919 % 100003, i) end
table.sort(t)
local s = table.concat(t, ",")
local k = 0
for w in s:gmatch("(%d+):") do k = (k + #w) % 1000003 end
local r = s:gsub("a", "A"):len()
print("strings", #s, k, r)
