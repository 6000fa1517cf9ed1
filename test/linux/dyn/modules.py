# Python for linux/dyn/python: the standard modules the issue names, hashlib
# through OpenSSL (_hashlib, dlopen'd with libssl/libcrypto), and
# extension modules loaded with dlopen (_decimal, _ctypes + libffi).
import json, re, math, struct, zlib, hashlib, sys
import _hashlib, decimal, ctypes
print(json.dumps({"b": [1, 2.5, None, True], "a": "\u00e9"}, sort_keys=True))
print(json.loads('{"x": [1, {"y": 2}]}')["x"][1]["y"])
print(re.findall(r"(\w+)@(\w+)\.org", "ann@py.org, bob@gnu.org"))
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1 b22 c333"))
print(math.factorial(25), math.sqrt(2), math.gcd(1071, 462), math.log(10))
print(struct.pack("<iHdq", -5, 7, 1.5, 2**40).hex(), struct.unpack(">I", b"\1\2\3\4"))
z = zlib.compress(b"hello world " * 100, 9)
print(len(z), zlib.crc32(z), zlib.decompress(z)[:11], zlib.adler32(b"abc"))
print(hashlib.sha256(b"abc").hexdigest())
print(hashlib.new("sha512", b"abc").hexdigest()[:32], hashlib.md5(b"").hexdigest())
print(_hashlib.openssl_sha1(b"vx32").hexdigest(), hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 1000).hex()[:24])
print(decimal.Decimal(1) / decimal.Decimal(7), decimal.Decimal("1.1") + decimal.Decimal("2.2"))
libc = ctypes.CDLL("libc.so.6")
print(libc.strlen(b"dlopen works"), ctypes.sizeof(ctypes.c_long))
print(sorted({3, 1, 2}), [x * x for x in range(6)], "%.10f" % (1 / 3))
