-- sieve.lua: table stores and loads, loops
local n = tonumber(arg and arg[1]) or 2000000
local count = 0
for rep = 1, 3 do
  local s = {}
  for i = 2, n do s[i] = true end
  for i = 2, n do
    if s[i] then
      for j = i * i, n, i do s[j] = false end
    end
  end
  count = 0
  for i = 2, n do if s[i] then count = count + 1 end end
end
print("sieve", count)
