/*
 * symbols.c - the ELF symbol table of the image a guest was loaded from:
 * vxproc_sym() finds a global symbol by name (a plug-in's exported
 * function, say), vxproc_symname() names the function an address lies
 * in (for trap reports).
 *
 * The loader hands over the whole file (elf.c: vx_syms_load); the table
 * is copied out of it, since the file is not kept.  The file is
 * untrusted like the rest of the image: every section, offset, size and
 * name is checked against the file, and a malformed table leaves the
 * guest loadable but without symbols, with the reason kept for the
 * first lookup to report.
 */
#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "priv.h"

#define MAX_SYMS	(1u << 20)	/* more is not a real program */

struct sym {
	uint32_t value;
	uint32_t size;
	uint32_t name;		/* offset in names */
	uint8_t global;		/* STB_GLOBAL or STB_WEAK: looked up by name */
	uint8_t func;		/* STT_FUNC: used to name addresses */
	uint8_t weak;
};

struct vxsyms {
	struct sym *sym;	/* sorted by value once indexed */
	uint32_t nsym;
	int indexed;		/* sorted and hashed (index_syms) */
	char *names;
	uint32_t *hash;		/* index + 1 into sym, open addressing */
	uint32_t hsize;		/* power of two */
	char why[160];		/* why there are no symbols, or "" */
};

void vx_syms_free(struct vxpriv *vp)
{
	struct vxsyms *s = vp->syms;

	if (!s)
		return;
	free(s->sym);
	free(s->names);
	free(s->hash);
	free(s);
	vp->syms = NULL;
}

static uint32_t hash_name(const char *n)
{
	uint32_t h = 2166136261u;		/* FNV-1a */

	while (*n)
		h = (h ^ (uint8_t)*n++) * 16777619u;
	return h;
}

static int by_value(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->value < y->value ? -1 : x->value > y->value;
}

/* Index the global symbols by name; a global beats a weak one. */
static int build_hash(struct vxsyms *s)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->nsym; i++)
		n += s->sym[i].global;
	s->hsize = 16;
	while (s->hsize < 2 * n)
		s->hsize *= 2;
	s->hash = calloc(s->hsize, sizeof *s->hash);
	if (!s->hash)
		return -1;
	for (uint32_t i = 0; i < s->nsym; i++) {
		const struct sym *y = &s->sym[i];
		if (!y->global)
			continue;
		const char *name = s->names + y->name;
		uint32_t h = hash_name(name) & (s->hsize - 1);
		for (;; h = (h + 1) & (s->hsize - 1)) {
			uint32_t k = s->hash[h];
			if (!k) {
				s->hash[h] = i + 1;
				break;
			}
			struct sym *o = &s->sym[k - 1];
			if (strcmp(s->names + o->name, name) == 0) {
				if (o->weak && !y->weak)
					s->hash[h] = i + 1;
				break;
			}
		}
	}
	return 0;
}

/* Why the table is unusable, for vxproc_sym() to report. */
static int bad(struct vxsyms *s, const char *why)
{
	snprintf(s->why, sizeof s->why, "%s", why);
	return -1;
}

/* A section header, checked to lie inside the file; NULL if not. */
static const Elf32_Shdr *section(const uint8_t *img, size_t size,
				 const Elf32_Ehdr *eh, uint32_t i)
{
	if (i >= eh->e_shnum)
		return NULL;
	return (const Elf32_Shdr *)(img + eh->e_shoff) + i;
}

static int inside(size_t size, const Elf32_Shdr *sh)
{
	return sh->sh_offset <= size && sh->sh_size <= size - sh->sh_offset;
}

/* Copy the symbols of table tab (strings in str) into s. */
static int copy_syms(struct vxsyms *s, const uint8_t *img,
		     const Elf32_Shdr *tab, const Elf32_Shdr *str,
		     uint32_t bias)
{
	const Elf32_Sym *sy = (const Elf32_Sym *)(img + tab->sh_offset);
	const char *strs = (const char *)img + str->sh_offset;
	uint32_t n = tab->sh_size / sizeof(Elf32_Sym), len = 0, k = 0;

	if (n > MAX_SYMS)
		return bad(s, "more than 2^20 symbols");
	/* Pass 1: which symbols, and how much room their names take. */
	for (uint32_t i = 0; i < n; i++) {
		const Elf32_Sym *y = &sy[i];
		int type = ELF32_ST_TYPE(y->st_info);
		const char *end;

		if (y->st_name == 0 || y->st_name >= str->sh_size ||
		    y->st_shndx == SHN_UNDEF ||
		    (type != STT_FUNC && type != STT_OBJECT &&
		     type != STT_NOTYPE))
			continue;
		end = memchr(strs + y->st_name, 0, str->sh_size - y->st_name);
		if (!end)
			return bad(s, "a symbol name runs past its string table");
		len += end - (strs + y->st_name) + 1;
		k++;
	}
	s->sym = calloc(k ? k : 1, sizeof *s->sym);
	s->names = malloc(len ? len : 1);
	if (!s->sym || !s->names)
		return bad(s, "out of memory");
	/* Pass 2: copy. */
	len = 0;
	for (uint32_t i = 0; i < n; i++) {
		const Elf32_Sym *y = &sy[i];
		int type = ELF32_ST_TYPE(y->st_info);
		int bind = ELF32_ST_BIND(y->st_info);

		if (y->st_name == 0 || y->st_name >= str->sh_size ||
		    y->st_shndx == SHN_UNDEF ||
		    (type != STT_FUNC && type != STT_OBJECT &&
		     type != STT_NOTYPE))
			continue;
		struct sym *d = &s->sym[s->nsym++];
		size_t l = strlen(strs + y->st_name) + 1;
		d->value = y->st_value + (y->st_shndx == SHN_ABS ? 0 : bias);
		d->size = y->st_size;
		d->name = len;
		d->global = bind == STB_GLOBAL || bind == STB_WEAK;
		d->weak = bind == STB_WEAK;
		d->func = type == STT_FUNC;
		memcpy(s->names + len, strs + y->st_name, l);
		len += l;
	}
	return 0;
}

/*
 * Sort and hash the table at its first use, not at load: most hosts
 * (vxlinux, vxrun) never look a symbol up, and for a static glibc
 * program the sort alone was a tenth of vxlinux's start-up.  A lock,
 * since two host threads may look up symbols of one guest at once.
 * False if the table is unusable (s->why says why).
 */
static int index_syms(struct vxsyms *s)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	int ok;

	if (__atomic_load_n(&s->indexed, __ATOMIC_ACQUIRE))
		return s->hash != NULL;
	pthread_mutex_lock(&lock);
	if (!s->indexed && s->sym && !s->why[0]) {
		qsort(s->sym, s->nsym, sizeof *s->sym, by_value);
		if (build_hash(s) < 0)
			bad(s, "out of memory");
	}
	__atomic_store_n(&s->indexed, 1, __ATOMIC_RELEASE);
	ok = s->hash != NULL;
	pthread_mutex_unlock(&lock);
	return ok;
}

static int parse(struct vxsyms *s, const uint8_t *img, size_t size,
		 uint32_t bias)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	const Elf32_Shdr *tab = NULL, *str;

	if (eh->e_shoff == 0 || eh->e_shnum == 0)
		return bad(s, "the image has no section headers");
	if (eh->e_shentsize != sizeof(Elf32_Shdr) || eh->e_shoff > size ||
	    (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr) > size - eh->e_shoff ||
	    (eh->e_shoff & 3))
		return bad(s, "bad section header table");
	/* The full table if there is one, else the dynamic one. */
	for (uint32_t i = 0; i < eh->e_shnum && !tab; i++)
		if (section(img, size, eh, i)->sh_type == SHT_SYMTAB)
			tab = section(img, size, eh, i);
	for (uint32_t i = 0; i < eh->e_shnum && !tab; i++)
		if (section(img, size, eh, i)->sh_type == SHT_DYNSYM)
			tab = section(img, size, eh, i);
	if (!tab)
		return bad(s, "the image has no symbol table (stripped?)");
	str = section(img, size, eh, tab->sh_link);
	if (!str || str->sh_type != SHT_STRTAB)
		return bad(s, "the symbol table names no string table");
	if (tab->sh_entsize != sizeof(Elf32_Sym) || !inside(size, tab) ||
	    !inside(size, str) || (tab->sh_offset & 3))
		return bad(s, "the symbol table lies outside the file");
	return copy_syms(s, img, tab, str, bias);
}

/* From the loader: the file of an image just loaded with that bias.
   Never fails the load; a bad table only means no symbols. */
void vx_syms_load(struct vxpriv *vp, const void *img, size_t size,
		  uint32_t bias)
{
	struct vxsyms *s;

	vx_syms_free(vp);
	s = calloc(1, sizeof *s);
	if (!s)
		return;
	vp->syms = s;
	if (vp->opt_nosyms) {
		bad(s, "symbols not kept (VXOPT_SYMBOLS is 0)");
		return;
	}
	if (parse(s, img, size, bias) < 0) {
		free(s->sym);
		free(s->names);
		free(s->hash);
		s->sym = NULL;
		s->names = NULL;
		s->hash = NULL;
		s->nsym = 0;
		s->hsize = 0;
	}
}

uint32_t vxproc_sym(vxproc *p, const char *name)
{
	struct vxpriv *vp = p->priv;
	struct vxsyms *s = vp->syms;

	if (!s) {
		vx_seterr(vp, "symbol %.80s: no image loaded from an ELF file",
			  name);
		errno = ENOENT;
		return 0;
	}
	if (!index_syms(s)) {
		vx_seterr(vp, "symbol %.80s: %s", name, s->why);
		errno = ENOENT;
		return 0;
	}
	for (uint32_t h = hash_name(name) & (s->hsize - 1);;
	     h = (h + 1) & (s->hsize - 1)) {
		uint32_t k = s->hash[h];
		if (!k)
			break;
		if (strcmp(s->names + s->sym[k - 1].name, name) == 0 &&
		    s->sym[k - 1].value)
			return s->sym[k - 1].value;
	}
	vx_seterr(vp, "symbol %.80s: not defined (or not global) in the "
		  "guest's image", name);
	errno = ENOENT;
	return 0;
}

const char *vxproc_symname(vxproc *p, uint32_t addr, uint32_t *offset)
{
	struct vxsyms *s = p->priv->syms;
	uint32_t lo = 0, hi;

	if (!s || !s->nsym || !index_syms(s))
		return NULL;
	/* The last symbol at or below addr ... */
	hi = s->nsym;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->sym[mid].value <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ... going down to a function that covers addr. */
	for (uint32_t i = lo; i-- > 0;) {
		const struct sym *y = &s->sym[i];
		if (!y->func)
			continue;
		if (addr - y->value >= (y->size ? y->size : 1))
			return NULL;
		if (offset)
			*offset = addr - y->value;
		return s->names + y->name;
	}
	return NULL;
}
