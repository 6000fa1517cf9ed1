-- utf8 library and string byte handling.
local s = "añ€𝄞z"
print(utf8.len(s), #s, utf8.char(72, 228, 8364, 119070), utf8.charpattern)
for p, c in utf8.codes(s) do io.write(p, "=", c, " ") end print()
print(utf8.codepoint(s, 1, -1))
print(utf8.offset(s, 3), utf8.offset(s, -1), utf8.len("\xff"), utf8.len(s, 3))
print(pcall(utf8.codepoint, "\xff"))
print(("héllo"):upper(), ("ÀB"):lower(), ("abc"):rep(3, "-"), ("hello"):byte(1, -1))
print(string.format("%q", "a\0b\n\"c\"\127\200"))
for w in string.gmatch("one two  three", "%S+") do io.write("[", w, "]") end print()
print(("x=1, y=22"):gsub("(%w+)=(%d+)", "%2=%1"), ("abc"):find("b", 1, true), ("a.b"):match("^(.-)%.(.*)$"))
