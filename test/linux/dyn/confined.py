# Python for linux/dyn/confined: a dynamically linked guest under
# --root --read-only --no-net tries the ways out; each line is what Linux
# answers a process chroot'ed into the root on a read-only mount with
# network access refused (OUTSIDE, argv[1], is a host file outside it).
import errno, os, socket, sys

def attempt(what, fn):
    try:
        r = fn()
        print(what, "ok", r if r is not None else "")
    except OSError as e:
        print(what, errno.errorcode.get(e.errno, e.errno))

out = sys.argv[1]
attempt("read outside", lambda: open(out).read())
attempt("read via ..", lambda: open("../" * 40 + out.lstrip("/")).read())
attempt("create", lambda: open("new-file", "w").close())
attempt("mkdir", lambda: os.mkdir("new-dir"))
attempt("unlink", lambda: os.unlink("data.csv"))
attempt("chmod", lambda: os.chmod("data.csv", 0o777))
attempt("tcp", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9)))
attempt("dev null", lambda: open("/dev/null", "w").write("discarded"))
attempt("read inside", lambda: len(open("data.csv").read()))
