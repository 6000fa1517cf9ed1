-- math library: integer/float arithmetic, conversions, functions.
local function p(...) print(...) end
p(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 % 2, -7.5 % 2, 2^10, 10 / 4)
p(math.maxinteger + 1 == math.mininteger, math.maxinteger // -1, math.ult(1, -1))
p(math.abs(-5), math.abs(math.mininteger), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(5.5, 2))
p(math.floor(3.7), math.ceil(3.2), math.floor(-0.0), math.ceil(-0.5), math.tointeger(2^53))
p(math.max(1, 5, 3), math.min(2.5, -1, 7), math.type(1), math.type(1.0), math.type("1"))
for _, x in ipairs { 0.5, 1, 2, 10, 100, 0.001 } do
  p(string.format("%.12g %.12g %.12g %.12g %.12g", math.sqrt(x), math.log(x), math.log(x, 2), math.log(x, 10), math.exp(x / 10)))
end
for i = -8, 8 do
  local x = i / 4
  p(string.format("%.12g %.12g %.12g %.12g %.12g", math.sin(x), math.cos(x), math.tan(x), math.atan(x), math.atan(x, -1)))
end
for _, x in ipairs { -1, -0.5, 0, 0.5, 1 } do
  p(string.format("%.12g %.12g", math.asin(x), math.acos(x)))
end
p(3 == 3.0, math.tointeger("8"), 1 // 0.0, -1 // 0.0, 0/0 == 0/0)
p(string.format("%d %x %X %o", 255, 255, 255, 8), 0xff, 0x7fffffffffffffff + 1)
math.randomseed(42, 7)
local t = {} for i = 1, 8 do t[i] = math.random(1, 100) end p(table.concat(t, " "))
p(math.random(0) ~= nil, math.random() < 1)
p(8 // 3 * 3 + 8 % 3, 2^-1074 > 0, 1e308 * 10, -(0/0) ~= -(0/0))
