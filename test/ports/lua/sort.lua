-- table.sort with and without comparators, stability-free checks,
-- plus table.insert/remove/move/concat/unpack.
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
for _, n in ipairs { 0, 1, 2, 10, 100, 1000, 5000 } do
  local t = {} for i = 1, n do t[i] = rnd(1000) end
  table.sort(t)
  local ok = true for i = 2, n do if t[i - 1] > t[i] then ok = false end end
  local s = 0 for i = 1, n do s = s + t[i] * i end
  print(n, ok, s)
end
local words = {} for w in ("the quick brown fox jumps over the lazy dog again and again"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words) print(table.concat(words, " "))
table.sort(words, function(a, b) return #a > #b or (#a == #b and a < b) end) print(table.concat(words, " "))
local fl = { 3.5, -1, 2^60, 1e-9, 0, -0.0, 7 } table.sort(fl, function(a, b) return a > b end)
for i, v in ipairs(fl) do io.write(tostring(v), " ") end print()
local t = { 1, 2, 3 } table.insert(t, 1, 0) table.insert(t, 9) print(table.remove(t), table.remove(t, 1), table.concat(t, ","))
print(table.unpack(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1)))
print(pcall(table.sort, { 1, "x" }))
