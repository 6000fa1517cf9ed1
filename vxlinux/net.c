/*
 * net.c - sockets, through socketcall (102) or the separate calls
 * (359-373).
 *
 * Socket addresses have one layout on i386 and x86-64 and pass through
 * after the range check; AF_UNIX path names go through the path policy
 * (so --root confines them too).  What differs is converted: the msghdr
 * of sendmsg/recvmsg (pointers and lengths of 32 bits), its iovecs, its
 * control messages (the i386 cmsghdr has a 32-bit length and 4-byte
 * alignment; SCM_RIGHTS and SCM_CREDENTIALS are converted, others copied
 * as they are), and the timeval socket options.  --no-net makes every
 * call fail with EACCES.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <unistd.h>
#include "vxlinux.h"

#define RET(x)	({ long r_ = (long)(x); r_ < 0 ? -errno : r_; })
#define FD(x)	((int)(x))
#define MAX_ADDR	128	/* sizeof(struct sockaddr_storage) */

/* A guest socket address, copied in; AF_UNIX names resolved by policy. */
static long get_addr(uint32_t addr, uint32_t len, struct sockaddr_storage *ss,
		     socklen_t *outlen, int creating)
{
	if ((int32_t)len < 0 || len > MAX_ADDR)
		return -EINVAL;
	memset(ss, 0, sizeof *ss);
	if (copy_in(ss, addr, len) < 0)
		return -EFAULT;
	*outlen = len;
	if (ss->ss_family != AF_UNIX)
		return 0;
	/* Linux: no longer than struct sockaddr_un (110 bytes). */
	if (len > sizeof(struct sockaddr_un))
		return -EINVAL;
	if (len <= offsetof(struct sockaddr_un, sun_path))
		return 0;
	struct sockaddr_un *un = (struct sockaddr_un *)ss;
	if (!un->sun_path[0])
		return 0;	/* abstract name: no file */
	char name[sizeof un->sun_path + 1];
	size_t n = len - offsetof(struct sockaddr_un, sun_path);
	memcpy(name, un->sun_path, n);
	name[n] = 0;
	struct hpath *hp = malloc(sizeof *hp);
	if (!hp)
		return -ENOMEM;
	long r = path_host(AT_FDCWD, name, creating ? PATH_WRITE : PATH_FOLLOW,
			   hp);
	if (r >= 0) {
		size_t hl = strlen(hp->path);
		if (hl >= sizeof un->sun_path) {
			r = -ENAMETOOLONG;
		} else {
			memset(un->sun_path, 0, sizeof un->sun_path);
			memcpy(un->sun_path, hp->path, hl);
			*outlen = offsetof(struct sockaddr_un, sun_path) + hl + 1;
		}
	}
	free(hp);
	return r;
}

/* Copy a host address back to (addr, *lenp) as Linux does: truncated to
   the guest's buffer, the full length stored. */
static long put_addr(uint32_t addr, uint32_t lenp,
		     const struct sockaddr_storage *ss, socklen_t len)
{
	uint32_t glen;

	if (!addr)
		return 0;
	if (get_u32(lenp, &glen) < 0)
		return -EFAULT;
	if ((int32_t)glen < 0)
		return -EINVAL;
	if (copy_out(addr, ss, glen < len ? glen : len) < 0 ||
	    put_u32(lenp, len) < 0)
		return -EFAULT;
	return 0;
}

static long do_socket(uint32_t *a)
{
	return fd_new(RET(socket((int)a[0], (int)a[1], (int)a[2])));
}

static long do_socketpair(uint32_t *a)
{
	int sv[2];
	long r;

	if (!guest_ptr(a[3], 8, VXPERM_WRITE))
		return -EFAULT;
	if (socketpair((int)a[0], (int)a[1], (int)a[2], sv) < 0)
		return -errno;
	if ((r = fd_new_pair(sv)) < 0)
		return r;
	return copy_out(a[3], sv, 8);
}

static long do_bind_connect(uint32_t *a, int bind_)
{
	struct sockaddr_storage ss;
	socklen_t len;
	long r = get_addr(a[1], a[2], &ss, &len, bind_);

	if (r < 0)
		return r;
	return RET(bind_ ? bind(FD(a[0]), (struct sockaddr *)&ss, len)
			 : connect(FD(a[0]), (struct sockaddr *)&ss, len));
}

static long do_accept4(uint32_t *a, int flags)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	uint32_t glen;
	long fd;

	if (a[1] && (get_u32(a[2], &glen) < 0 ||
		     !guest_ptr(a[2], 4, VXPERM_WRITE)))
		return -EFAULT;
	fd = fd_new(RET(accept4(FD(a[0]), a[1] ? (struct sockaddr *)&ss : NULL,
				a[1] ? &len : NULL, flags)));
	if (fd < 0)
		return fd;
	long r = put_addr(a[1], a[2], &ss, len);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

static long do_name(uint32_t *a, int peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (!guest_ptr(a[2], 4, VXPERM_WRITE | VXPERM_READ))
		return -EFAULT;
	if ((peer ? getpeername : getsockname)(FD(a[0]),
					       (struct sockaddr *)&ss,
					       &len) < 0)
		return -errno;
	return put_addr(a[1], a[2], &ss, len);
}

static long do_sendto(uint32_t fd, uint32_t buf, uint32_t n, uint32_t flags,
		      uint32_t addr, uint32_t alen)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	void *p = guest_ptr(buf, n, VXPERM_READ);
	long r;

	if (!p)
		return -EFAULT;
	if (addr && (r = get_addr(addr, alen, &ss, &len, 0)) < 0)
		return r;
	return RET(sendto(FD(fd), p, n, flags,
			  addr ? (struct sockaddr *)&ss : NULL, len));
}

static long do_recvfrom(uint32_t fd, uint32_t buf, uint32_t n,
			uint32_t flags, uint32_t addr, uint32_t alen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	void *p = guest_ptr(buf, n, VXPERM_WRITE);
	long r;

	if (!p)
		return -EFAULT;
	if (addr && !guest_ptr(alen, 4, VXPERM_READ | VXPERM_WRITE))
		return -EFAULT;
	r = recvfrom(FD(fd), p, n, flags, addr ? (struct sockaddr *)&ss : NULL,
		     addr ? &len : NULL);
	if (r < 0)
		return -errno;
	if (addr) {
		long e = put_addr(addr, alen, &ss, len);
		if (e < 0)
			return e;
	}
	return r;
}

/* SO_RCVTIMEO and SO_SNDTIMEO with the i386 timeval (32-bit fields). */
#define SO_RCVTIMEO_OLD_	20
#define SO_SNDTIMEO_OLD_	21

static int timeval_opt(int level, int opt)
{
	return level == SOL_SOCKET &&
	       (opt == SO_RCVTIMEO_OLD_ || opt == SO_SNDTIMEO_OLD_);
}

/*
 * Socket options by what their values are.  The value reaches the host
 * kernel as the guest wrote it, which is right only when its layout is
 * the same on i386 and x86-64, and safe only when it holds no pointer:
 * the kernel would follow a 64-bit pointer made of guest bytes into
 * vxlinux's memory (SO_ATTACH_FILTER's program, netfilter's counters).
 * So options are passed on from a list; the old timeval and the BPF
 * program are converted; the rest are refused.
 */
enum { OPT_REFUSE, OPT_PASS, OPT_TIMEVAL, OPT_FPROG };

#define SO_ATTACH_FILTER_	26
#define SO_ATTACH_BPF_		50
#define SO_ATTACH_REUSEPORT_CBPF_ 51
#define SO_ATTACH_REUSEPORT_EBPF_ 52
#define SO_LAST_KNOWN_		76	/* SO_PASSPIDFD; 77 makes a pidfd */
#define TCP_ZEROCOPY_RECEIVE_	35

static int opt_kind(int level, int opt)
{
	switch (level) {
	case SOL_SOCKET:
		if (opt == SO_RCVTIMEO_OLD_ || opt == SO_SNDTIMEO_OLD_)
			return OPT_TIMEVAL;
		if (opt == SO_ATTACH_FILTER_ || opt == SO_ATTACH_REUSEPORT_CBPF_)
			return OPT_FPROG;
		/* eBPF programs need bpf(2), which the guest has not. */
		if (opt == SO_ATTACH_BPF_ || opt == SO_ATTACH_REUSEPORT_EBPF_)
			return OPT_REFUSE;
		return opt >= 1 && opt <= SO_LAST_KNOWN_ ? OPT_PASS : OPT_REFUSE;
	case IPPROTO_IP:
	case IPPROTO_IPV6:
		/* IPsec policies and the MCAST_* group structures have
		   other layouts in compat; 64 and up are netfilter's tables
		   (with user pointers). */
		if ((level == IPPROTO_IP && (opt == 16 || opt == 17)) ||
		    (level == IPPROTO_IPV6 && (opt == 34 || opt == 35)) ||
		    (opt >= 42 && opt <= 48))
			return OPT_REFUSE;
		if (level == IPPROTO_IPV6 && (opt == 64 || opt == 65))
			return OPT_REFUSE;
		return opt >= 1 && opt < (level == IPPROTO_IP ? 64 : 96)
		       ? OPT_PASS : OPT_REFUSE;
	case IPPROTO_TCP:
		/* TCP_ZEROCOPY_RECEIVE maps pages at an address it reads. */
		return opt == TCP_ZEROCOPY_RECEIVE_ ? OPT_REFUSE : OPT_PASS;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_ICMPV6:
	case SOL_RAW:
		return OPT_PASS;
	case SOL_NETLINK:
		return opt >= 1 && opt < 16 ? OPT_PASS : OPT_REFUSE;
	}
	return OPT_REFUSE;
}

static long refuse_opt(const char *call, int level, int opt)
{
	char what[64];

	snprintf(what, sizeof what, "%s level %d option %d", call, level,
		 opt);
	return unsupported(what, -ENOPROTOOPT);
}

/* i386 struct sock_fprog { u16 len; u32 filter; } -> host, the program
   checked to lie in guest memory. */
static long set_fprog(int fd, int level, int opt, uint32_t addr,
		      uint32_t len)
{
	uint32_t g[2];
	struct sock_fprog f;

	if (len < sizeof g)
		return -EINVAL;
	if (copy_in(g, addr, sizeof g) < 0)
		return -EFAULT;
	f.len = (uint16_t)g[0];
	if (f.len > 4096 /* BPF_MAXINSNS */)
		return -EINVAL;
	f.filter = guest_ptr(g[1], 8u * f.len, VXPERM_READ);
	if (!f.filter)
		return -EFAULT;
	return RET(setsockopt(fd, level, opt, &f, sizeof f));
}

static long do_setsockopt(uint32_t *a)
{
	int level = (int)a[1], opt = (int)a[2];
	uint32_t len = a[4];
	void *p;

	if ((int32_t)len < 0)
		return -EINVAL;
	switch (opt_kind(level, opt)) {
	case OPT_REFUSE:
		return refuse_opt("setsockopt", level, opt);
	case OPT_FPROG:
		return set_fprog(FD(a[0]), level, opt, a[3], len);
	}
	if (timeval_opt(level, opt)) {
		int32_t g[2];
		struct timeval tv;
		if (len < sizeof g)
			return -EINVAL;
		if (copy_in(g, a[3], sizeof g) < 0)
			return -EFAULT;
		tv.tv_sec = g[0];
		tv.tv_usec = g[1];
		return RET(setsockopt(FD(a[0]), level, opt, &tv, sizeof tv));
	}
	if (!(p = guest_ptr(a[3], len, VXPERM_READ)))
		return -EFAULT;
	return RET(setsockopt(FD(a[0]), level, opt, p, len));
}

static long do_getsockopt(uint32_t *a)
{
	int level = (int)a[1], opt = (int)a[2];
	uint32_t glen;
	char buf[256];
	socklen_t len;

	if (get_u32(a[4], &glen) < 0)
		return -EFAULT;
	if ((int32_t)glen < 0)
		return -EINVAL;
	if (opt_kind(level, opt) == OPT_REFUSE)
		return refuse_opt("getsockopt", level, opt);
	len = glen < sizeof buf ? glen : sizeof buf;
	/* Some options read an argument from the buffer: the guest's, never
	   stale host bytes. */
	memset(buf, 0, sizeof buf);
	if (copy_in(buf, a[3], len) < 0)
		memset(buf, 0, sizeof buf);
	if (timeval_opt(level, opt)) {
		struct timeval tv;
		socklen_t tl = sizeof tv;
		if (getsockopt(FD(a[0]), level, opt, &tv, &tl) < 0)
			return -errno;
		int32_t g[2] = { (int32_t)tv.tv_sec, (int32_t)tv.tv_usec };
		len = glen < sizeof g ? glen : sizeof g;
		if (copy_out(a[3], g, len) < 0 || put_u32(a[4], len) < 0)
			return -EFAULT;
		return 0;
	}
	if (getsockopt(FD(a[0]), level, opt, buf, &len) < 0)
		return -errno;
	if (copy_out(a[3], buf, len < glen ? len : glen) < 0 ||
	    put_u32(a[4], len) < 0)
		return -EFAULT;
	return 0;
}

/* i386 struct msghdr: seven 32-bit words. */
struct gmsghdr {
	uint32_t name, namelen, iov, iovlen, control, controllen;
	int32_t flags;
};

#define G_CMSG_ALIGN(n)	(((n) + 3) & ~3u)
#define G_CMSG_HDR	12u	/* u32 len, i32 level, i32 type */

/* cmsg_in's conversion, from the host's copy g of the guest's messages. */
static long cmsg_convert(const uint8_t *g, uint32_t glen, char *buf,
			 size_t *hlen)
{
	size_t out = 0;

	for (uint32_t off = 0; off + G_CMSG_HDR <= glen;) {
		uint32_t len;
		int32_t level, type;
		memcpy(&len, g + off, 4);
		memcpy(&level, g + off + 4, 4);
		memcpy(&type, g + off + 8, 4);
		if (len < G_CMSG_HDR || len > glen - off)
			return -EINVAL;
		size_t data = len - G_CMSG_HDR;
		/* Only the guest's own descriptors can be passed on. */
		if (level == SOL_SOCKET && type == SCM_RIGHTS)
			for (size_t i = 0; i + 4 <= data; i += 4) {
				int32_t fd;
				memcpy(&fd, g + off + G_CMSG_HDR + i, 4);
				if (fd >= fd_base)
					return -EBADF;
			}
		if (out + CMSG_SPACE(data) > *hlen)
			return -ENOBUFS;
		struct cmsghdr *c = (struct cmsghdr *)(buf + out);
		c->cmsg_len = CMSG_LEN(data);
		c->cmsg_level = level;
		c->cmsg_type = type;
		memcpy(CMSG_DATA(c), g + off + G_CMSG_HDR, data);
		out += CMSG_SPACE(data);
		off += G_CMSG_ALIGN(len);
	}
	*hlen = out;
	return 0;
}

/* Guest control messages -> host ones in buf (size *hlen); fds in
   SCM_RIGHTS are ints on both sides.  The guest's messages are copied
   once and then checked and converted from the copy: read twice, another
   guest thread could change a descriptor between its check and its use
   and pass on one of vxlinux's own. */
static long cmsg_in(uint32_t addr, uint32_t glen, char *buf, size_t *hlen)
{
	uint8_t *g = malloc(glen ? glen : 1);
	long r;

	if (!g)
		return -ENOBUFS;
	if (copy_in(g, addr, glen) < 0) {
		free(g);
		return -EFAULT;
	}
	r = cmsg_convert(g, glen, buf, hlen);
	free(g);
	return r;
}

/* Host control messages -> the guest's buffer; returns the length used,
   setting MSG_CTRUNC when it did not fit.  A buffer the guest cannot
   write holds nothing: as on Linux, the bytes are still received and
   the descriptors dropped. */
static long cmsg_out(struct msghdr *m, uint32_t addr, uint32_t glen,
		     int *flags)
{
	/* (built in a host buffer, then copied out: a guest thread may
	   unmap the guest's meanwhile) */
	uint8_t *g = guest_ptr(addr, glen, VXPERM_WRITE) ?
		     malloc(glen ? glen : 1) : NULL;
	uint32_t out = 0;

	if (!g)
		glen = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		size_t data = c->cmsg_len - CMSG_LEN(0);
		uint32_t len = G_CMSG_HDR + data;
		int rights = c->cmsg_level == SOL_SOCKET &&
			     c->cmsg_type == SCM_RIGHTS;
		/* Descriptors received over the guest's limit are closed, as
		   Linux does when the table is full (MSG_CTRUNC). */
		if (rights) {
			int *fds = (int *)CMSG_DATA(c);
			for (size_t i = 0; i < data / 4; i++) {
				if (fds[i] >= 0 && fd_new(fds[i]) < 0) {
					for (size_t k = 0; k < data / 4; k++)
						if (k != i && fds[k] >= 0)
							close(fds[k]);
					*flags |= MSG_CTRUNC;
					data = 0;
					break;
				}
			}
			if (!data)
				continue;
		}
		if (out + len > glen) {
			*flags |= MSG_CTRUNC;
			/* Descriptors that do not reach the guest are closed,
			   as Linux does. */
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_RIGHTS)
				for (size_t i = 0; i < data / 4; i++)
					close(((int *)CMSG_DATA(c))[i]);
			continue;
		}
		int32_t level = c->cmsg_level, type = c->cmsg_type;
		memcpy(g + out, &len, 4);
		memcpy(g + out + 4, &level, 4);
		memcpy(g + out + 8, &type, 4);
		memcpy(g + out + G_CMSG_HDR, CMSG_DATA(c), data);
		out += G_CMSG_ALIGN(len);
		if (out > glen)
			out = glen;
	}
	if (g && out && copy_out(addr, g, out) < 0)
		out = 0, *flags |= MSG_CTRUNC;
	free(g);
	return out;
}

static long do_msg(uint32_t fd, uint32_t maddr, uint32_t flags, int send)
{
	struct gmsghdr gm;
	struct msghdr m;
	struct sockaddr_storage ss;
	struct iovec *iov = NULL;
	char *ctl = NULL;
	size_t clen = 0;
	long r;

	if (copy_in(&gm, maddr, sizeof gm) < 0)
		return -EFAULT;
	if (!send && !guest_ptr(maddr, sizeof gm, VXPERM_WRITE))
		return -EFAULT;
	memset(&m, 0, sizeof m);
	if ((r = get_iov(gm.iov, gm.iovlen, send ? VXPERM_READ : VXPERM_WRITE,
			 &iov)) < 0)
		return r;
	m.msg_iov = iov;
	m.msg_iovlen = gm.iovlen;
	if (gm.name) {
		if (send) {
			socklen_t len;
			if ((r = get_addr(gm.name, gm.namelen, &ss, &len, 0)) < 0)
				goto out;
			m.msg_namelen = len;
		} else {
			if ((int32_t)gm.namelen < 0) {
				r = -EINVAL;
				goto out;
			}
			m.msg_namelen = sizeof ss;
		}
		m.msg_name = &ss;
	}
	if (gm.control && gm.controllen) {
		/* Host messages are at most 4/3 the size of i386 ones. */
		clen = 2 * (size_t)gm.controllen + 64;
		if (gm.controllen > 1 << 20 || !(ctl = calloc(1, clen))) {
			r = -ENOBUFS;
			goto out;
		}
		if (send && (r = cmsg_in(gm.control, gm.controllen, ctl,
					 &clen)) < 0)
			goto out;
		m.msg_control = ctl;
		m.msg_controllen = clen;
	}
	r = send ? sendmsg(FD(fd), &m, flags) : recvmsg(FD(fd), &m, flags);
	if (r < 0) {
		r = -errno;
		goto out;
	}
	if (!send) {
		int mflags = m.msg_flags;
		long used = 0;
		if (ctl && (used = cmsg_out(&m, gm.control, gm.controllen,
					    &mflags)) < 0) {
			r = used;
			goto out;
		}
		if (gm.name && m.msg_namelen) {
			uint32_t n = gm.namelen < m.msg_namelen ? gm.namelen
								: m.msg_namelen;
			if (copy_out(gm.name, &ss, n) < 0) {
				r = -EFAULT;
				goto out;
			}
		}
		gm.namelen = gm.name ? m.msg_namelen : 0;
		gm.controllen = used;
		gm.flags = mflags;
		if (copy_out(maddr, &gm, sizeof gm) < 0)
			r = -EFAULT;
	}
out:
	free(iov);
	free(ctl);
	return r;
}

#define NET_GUARD()	do { if (pol.no_net) return -EACCES; } while (0)

long sys_socket(uint32_t *a) { NET_GUARD(); return do_socket(a); }
long sys_socketpair(uint32_t *a) { NET_GUARD(); return do_socketpair(a); }
long sys_bind(uint32_t *a) { NET_GUARD(); return do_bind_connect(a, 1); }
long sys_connect(uint32_t *a) { NET_GUARD(); return do_bind_connect(a, 0); }
long sys_listen(uint32_t *a) { NET_GUARD(); return RET(listen(FD(a[0]), (int)a[1])); }
long sys_accept4(uint32_t *a) { NET_GUARD(); return do_accept4(a, (int)a[3]); }
long sys_getsockopt(uint32_t *a) { NET_GUARD(); return do_getsockopt(a); }
long sys_setsockopt(uint32_t *a) { NET_GUARD(); return do_setsockopt(a); }
long sys_getsockname(uint32_t *a) { NET_GUARD(); return do_name(a, 0); }
long sys_getpeername(uint32_t *a) { NET_GUARD(); return do_name(a, 1); }
long sys_shutdown(uint32_t *a) { NET_GUARD(); return RET(shutdown(FD(a[0]), (int)a[1])); }

long sys_sendto(uint32_t *a)
{
	NET_GUARD();
	return do_sendto(a[0], a[1], a[2], a[3], a[4], a[5]);
}

long sys_recvfrom(uint32_t *a)
{
	NET_GUARD();
	return do_recvfrom(a[0], a[1], a[2], a[3], a[4], a[5]);
}

long sys_sendmsg(uint32_t *a)
{
	NET_GUARD();
	return do_msg(a[0], a[1], a[2], 1);
}

long sys_recvmsg(uint32_t *a)
{
	NET_GUARD();
	return do_msg(a[0], a[1], a[2], 0);
}

/* socketcall(call, args): the old multiplexer, arguments in memory. */
long sys_socketcall(uint32_t *a)
{
	static const uint8_t nargs[] = {
		0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4,
	};
	uint32_t v[6] = { 0 };
	char what[48];

	NET_GUARD();
	if (a[0] < 1 || a[0] >= sizeof nargs) {
		snprintf(what, sizeof what, "socketcall %u", a[0]);
		return unsupported(what, a[0] < 1 || a[0] > 20 ? -EINVAL
							       : -ENOSYS);
	}
	if (copy_in(v, a[1], 4u * nargs[a[0]]) < 0)
		return -EFAULT;
	/* Every call but socket and socketpair names a descriptor first. */
	if (a[0] != 1 && a[0] != 8 && (int32_t)v[0] >= fd_base)
		return -EBADF;
	switch (a[0]) {
	case 1: return do_socket(v);
	case 2: return do_bind_connect(v, 1);
	case 3: return do_bind_connect(v, 0);
	case 4: return RET(listen(FD(v[0]), (int)v[1]));
	case 5: return do_accept4(v, 0);
	case 6: return do_name(v, 0);
	case 7: return do_name(v, 1);
	case 8: return do_socketpair(v);
	case 9: return do_sendto(v[0], v[1], v[2], v[3], 0, 0);
	case 10: return do_recvfrom(v[0], v[1], v[2], v[3], 0, 0);
	case 11: return do_sendto(v[0], v[1], v[2], v[3], v[4], v[5]);
	case 12: return do_recvfrom(v[0], v[1], v[2], v[3], v[4], v[5]);
	case 13: return RET(shutdown(FD(v[0]), (int)v[1]));
	case 14: return do_setsockopt(v);
	case 15: return do_getsockopt(v);
	case 16: return do_msg(v[0], v[1], v[2], 1);
	case 17: return do_msg(v[0], v[1], v[2], 0);
	case 18: return do_accept4(v, (int)v[3]);
	}
	return -EINVAL;
}
