-- Float formatting: tostring, %g/%e/%f/%a at many precisions, over a
-- deterministic set of values (powers, fractions, extremes, NaN/inf).
local vals = { 0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1/3, 2/3, 1e-5, 1e-300,
  5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e15, 1e16,
  1e17, 123456789.125, 9.5, 99.5, 0.05, 1e21, 1e22, 2^53, 2^63, -2^63,
  math.pi, math.exp(1), math.huge, -math.huge }
local x = 1.0
for i = 1, 200 do x = x * 1.37; vals[#vals + 1] = x; vals[#vals + 1] = 1 / x end
for _, v in ipairs(vals) do
  io.write(tostring(v), " ", string.format("%.3g %.17g %e %.0f %a %.10f", v, v, v, v, v, v), "\n")
end
for p = 0, 20 do io.write(string.format("%." .. p .. "g|", 2/3)) end
print()
print(0/0 ~= 0/0, string.format("%5.1f|%-8.3e|%+g", 3.14159, 2.5e-7, 42.0))
print(tostring(3) == "3", tostring(3.0), 3 | 0, math.type(3.0), 1e100 // 1)
for _, s in ipairs { "0x1p-2", "1e500", "  12  ", "0x.8", "1e", "inf", "nan", ".5", "5." } do
  print(s, tonumber(s))
end
