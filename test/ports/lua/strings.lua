-- string.format and string.pack/unpack.
print(string.format("%5d|%-5d|%05d|%+d|% d|%x|%#x|%o|%c", 42, 42, 42, 42, 42, 255, 255, 8, 65))
print(string.format("%10.4s|%-10s|%s|%q", "abcdefg", "hi", 1.5, 2^63))
print(string.format("%i %u", -3, 3), string.format("%%"), pcall(string.format, "%y", 1))
for _, f in ipairs { "i1", "i2", "i4", "i8", "I2", ">i4", "<i4", "=i4", "j", "J", "d", "f", "n", "s1", "z", "B", "H", "!4i3" } do
  local ok, packed = pcall(string.pack, f, f:find("s") and "abc" or f == "z" and "zz" or 77)
  if ok then
    local hex = packed:gsub(".", function(c) return string.format("%02x", c:byte()) end)
    print(f, #packed, hex, string.unpack(f, packed))
  else
    print(f, packed)
  end
end
print(string.packsize("i4i8d"), string.pack(">I3", 0x123456):byte(1, -1))
print(string.unpack("<h>h", "\1\2\1\2"), pcall(string.pack, "i1", 300))
print(("%d"):rep(3, ","):format(1, 2, 3), string.format("%.3f", 2.0005), string.format("%.20e", 0.1))
print(#string.format("%099d", 7), string.format("%.99f", 1/3):sub(1, 40))
