/* SPDX-License-Identifier: BSD-3-Clause */
/* Walking split-ring descriptor chains written by an untrusted driver. */
#include <string.h>

#include "vc_wire.h"

/* A descriptor's two 8-byte words, at any alignment. */
typedef uint64_t __attribute__((may_alias, aligned(1))) desc_word;

/*
 * Read one descriptor once, so later checks and uses see the same values:
 * in two loads, len, flags and next (little-endian) from the second. An
 * indirect table may sit at any address (DPDK's driver puts its tables
 * at 1 mod 8).
 */
static inline struct vring_desc
desc_load(const struct vring_desc *d)
{
	const volatile desc_word *w = (const volatile desc_word *)d;
	uint64_t hi = w[1];
	struct vring_desc v;

	v.addr = w[0];
	v.len = (uint32_t)hi;
	v.flags = (uint16_t)(hi >> 32);
	v.next = (uint16_t)(hi >> 48);
	return v;
}

/* A walk told to stop at a truncation did (not an error: internal). */
#define VC_CHAIN_TRUNCATED 1

/*
 * The walk's running state, kept apart from the vc_chain it fills: the
 * compiler then keeps it in registers, where counters stored in the
 * chain would be reloaded after every segment written (they could
 * alias), and the region of the last translation is tried first.
 */
struct walk {
	struct vc_chain *c;
	struct vc_mem_table *mt;
	const struct vc_mem_region *hit;  /* NULL: none yet */
	uint32_t nr_rd, nr_wr;
	uint64_t rd_len, wr_len;          /* at most c->max_bytes */
	uint64_t status_gpa;              /* last byte of the last writable */
	int seen_wr;
	int err;                          /* the first buffer error */
	uint8_t truncated;
	uint8_t rd_full, wr_full;         /* a side keeps nothing more */
};

/* The region vc_mem_translate() found last, if any. */
static inline const struct vc_mem_region *
last_hit(const struct vc_mem_table *mt)
{
	uint32_t n = mt->nregions < VC_MAX_MEM_REGIONS ? mt->nregions :
		VC_MAX_MEM_REGIONS;

	return mt->last_hit < n ? &mt->regions[mt->last_hit] : NULL;
}

static inline void
walk_init_hit(struct walk *w)
{
	w->hit = last_hit(w->mt);
}

static void
walk_init(struct walk *w, struct vc_mem_table *mt, struct vc_chain *c)
{
	memset(w, 0, sizeof(*w));
	w->c = c;
	w->mt = mt;
	walk_init_hit(w);
}

/*
 * The chain as walked so far: what the caller sees, whatever happened.
 * A walk that reached the chain's end (no error, or a buffer error) finds
 * its status byte.
 */
static int
walk_end(struct walk *w, int rc)
{
	struct vc_chain *c = w->c;
	struct vc_seg sb;

	if (rc == VC_CHAIN_OK)
		rc = w->err;
	if (rc == VC_CHAIN_TRUNCATED)
		rc = VC_CHAIN_OK;
	c->nr_rd = w->nr_rd;
	c->nr_wr = w->nr_wr;
	c->rd_len = (uint32_t)w->rd_len;
	c->wr_len = (uint32_t)w->wr_len;
	c->truncated = w->truncated;
	c->status = NULL;
	/*
	 * After a broken structure nothing says where the chain ends; a
	 * walk stopped at a truncation did not look.
	 */
	if ((rc < 0 && rc >= VC_CHAIN_BAD_INDIRECT) || !w->seen_wr ||
	    w->err == VC_CHAIN_TRUNCATED)
		return rc;
	if (vc_mem_translate(w->mt, w->status_gpa, 1, &sb, 1) == 1)
		c->status = sb.addr;
	else if (rc == VC_CHAIN_OK)
		rc = VC_CHAIN_BAD_ADDR;   /* beyond what a side keeps */
	return rc;
}

/* Translate one buffer into @p segs; as vc_mem_translate(). */
static inline int
walk_translate(struct walk *w, uint64_t gpa, uint32_t len,
	       struct vc_seg *segs, unsigned int max_segs)
{
	const struct vc_mem_region *r = w->hit;
	int n;

	if (r != NULL && max_segs != 0 && gpa - r->gpa < r->size &&
	    len <= r->size - (gpa - r->gpa) && gpa + len > gpa) {
		segs->addr = (uint8_t *)(uintptr_t)(r->hva + (gpa - r->gpa));
		segs->len = len;
		return 1;
	}
	n = vc_mem_translate(w->mt, gpa, len, segs, max_segs);
	if (n > 0)
		walk_init_hit(w);
	return n;
}

/* Whether a buffer lies wholly in guest memory, without keeping it. */
static int
in_memory(struct walk *w, uint64_t gpa, uint32_t len)
{
	struct vc_seg tmp[VC_MAX_MEM_REGIONS];

	return walk_translate(w, gpa, len, tmp, VC_MAX_MEM_REGIONS) > 0;
}

/*
 * Keep a buffer in a side's segments while the side has room and covers
 * less than max_bytes; past that, nothing of it is read or written, but
 * it must lie in guest memory all the same. A side that runs out of room
 * keeps nothing more, so what it kept stays its first bytes.
 */
static inline void
keep_buffer(struct walk *w, const struct vring_desc *d, struct vc_seg *segs,
	    uint32_t *nr, uint64_t *covered, uint8_t *full)
{
	uint32_t room = w->c->max_segs - *nr;
	uint64_t take = w->c->max_bytes - *covered;
	int n = 0;

	if (w->err != VC_CHAIN_OK)
		return;
	if (take > d->len || *full)
		take = *full ? 0 : d->len;
	if (take != 0 && room != 0)
		n = walk_translate(w, d->addr, (uint32_t)take, &segs[*nr],
				   room);
	if (take != 0 && (room == 0 || n == -2)) {
		*full = 1;
		w->truncated = 1;
		if (w->c->stop_truncated) {
			w->err = VC_CHAIN_TRUNCATED;
			return;
		}
	}
	if (n > 0) {
		*nr += (uint32_t)n;
		*covered += take;
	}
	if (n == -1 ||
	    ((n <= 0 || take != d->len) && !in_memory(w, d->addr, d->len)))
		w->err = VC_CHAIN_BAD_ADDR;
}

/* A buffer of the chain: kept, or its error noted, or both. */
static inline void
add_buffer(struct walk *w, const struct vring_desc *d)
{
	if (d->len == 0) {
		if (w->err == VC_CHAIN_OK)
			w->err = VC_CHAIN_ZERO_LEN;
		return;
	}
	if (d->flags & VRING_DESC_F_WRITE) {
		w->seen_wr = 1;
		w->status_gpa = d->addr + d->len - 1;
		keep_buffer(w, d, w->c->wr, &w->nr_wr, &w->wr_len,
			    &w->wr_full);
		return;
	}
	/* The driver puts every readable buffer before the writable ones. */
	if (w->seen_wr) {
		if (w->err == VC_CHAIN_OK)
			w->err = VC_CHAIN_BAD_ORDER;
		return;
	}
	keep_buffer(w, d, w->c->rd, &w->nr_rd, &w->rd_len, &w->rd_full);
}

/* Follow an indirect table; its entries may not be indirect themselves. */
static int
walk_indirect(struct walk *w, const struct vring_desc *ind)
{
	struct vc_seg table;
	const struct vring_desc *t;
	uint32_t n, i, count;

	if (ind->flags & VRING_DESC_F_NEXT || ind->len == 0 ||
	    ind->len % sizeof(struct vring_desc) != 0 ||
	    ind->len / sizeof(struct vring_desc) > VC_MAX_INDIRECT_LEN)
		return VC_CHAIN_BAD_INDIRECT;
	/* The table must be contiguous here to be walked in place. */
	if (vc_mem_translate(w->mt, ind->addr, ind->len, &table, 1) != 1)
		return VC_CHAIN_BAD_INDIRECT;
	walk_init_hit(w);
	t = (const struct vring_desc *)(const void *)table.addr;
	n = ind->len / sizeof(struct vring_desc);

	for (i = 0, count = 0;; count++) {
		struct vring_desc d = desc_load(&t[i]);

		if (count >= n)
			return VC_CHAIN_TOO_LONG;
		if (d.flags & VRING_DESC_F_INDIRECT)
			return VC_CHAIN_BAD_INDIRECT;
		add_buffer(w, &d);
		if (!(d.flags & VRING_DESC_F_NEXT) ||
		    w->err == VC_CHAIN_TRUNCATED)
			return VC_CHAIN_OK;
		if (d.next >= n)
			return VC_CHAIN_BAD_INDEX;
		i = d.next;
	}
}

static int
walk_direct(struct walk *w, const struct vring_desc *desc, uint32_t size,
	    uint32_t head, int indirect_ok)
{
	uint32_t i = head, count;

	if (size == 0 || size > VC_MAX_RING_SIZE)
		return VC_CHAIN_BAD_INDEX;
	for (count = 0;; count++) {
		struct vring_desc d;

		if (i >= size)
			return VC_CHAIN_BAD_INDEX;
		if (count >= size)
			return VC_CHAIN_TOO_LONG;
		d = desc_load(&desc[i]);
		if (d.flags & VRING_DESC_F_INDIRECT) {
			/* An indirect descriptor must stand alone. */
			if (!indirect_ok || count != 0)
				return VC_CHAIN_BAD_INDIRECT;
			return walk_indirect(w, &d);
		}
		add_buffer(w, &d);
		if (!(d.flags & VRING_DESC_F_NEXT) ||
		    w->err == VC_CHAIN_TRUNCATED)
			return VC_CHAIN_OK;
		i = d.next;
	}
}

/*
 * The common chain, walked with all its state in registers: every buffer
 * wholly inside region @p r, none indirect, what the chain has room for,
 * no side over max_bytes. Returns 1 with @p c filled; 0 for anything
 * else, errors included, which the full walk then takes from the start:
 * for a chain this one takes, the full walk would give the same result.
 * Each buffer fills a segment, so running out of them also ends a chain
 * that loops.
 */
static inline int
walk_fast(const struct vring_desc *t, uint32_t n, uint32_t i,
	  const struct vc_mem_region *r, struct vc_chain *c)
{
	const uint64_t base = r->gpa, size = r->size;
	const uint64_t delta = r->hva - r->gpa;
	struct vc_seg *const wr_end = c->wr + c->max_segs;
	struct vc_seg *seg = c->rd, *end = c->rd + c->max_segs;
	uint64_t rd_len = 0, wr_len = 0;
	uint32_t nr = 0;

	for (;;) {
		struct vring_desc d;

		if (i >= n || seg == end)
			return 0;
		d = desc_load(&t[i]);
		/* 1 <= len <= size and off <= size - len: inside the region. */
		if (((uint64_t)d.len - 1 >= size) |
		    (d.addr - base > size - d.len) |
		    ((d.flags & VRING_DESC_F_INDIRECT) != 0))
			return 0;
		if (d.flags & VRING_DESC_F_WRITE) {
			if (end != wr_end) {
				/* The first writable buffer: the rest must be. */
				nr = (uint32_t)(seg - c->rd);
				seg = c->wr;
				end = wr_end;
			}
			wr_len += d.len;
		} else if (end == wr_end) {
			return 0;
		} else {
			rd_len += d.len;
		}
		seg->addr = (uint8_t *)(uintptr_t)(d.addr + delta);
		seg->len = d.len;
		seg++;
		if (!(d.flags & VRING_DESC_F_NEXT))
			break;
		i = d.next;
	}
	if (rd_len > c->max_bytes || wr_len > c->max_bytes)
		return 0;
	/* A chain with no writable buffer ends among the readable ones. */
	if (end == wr_end) {
		c->nr_rd = nr;
		c->nr_wr = (uint32_t)(seg - c->wr);
		c->status = seg[-1].addr + seg[-1].len - 1;
	} else {
		c->nr_rd = (uint32_t)(seg - c->rd);
		c->nr_wr = 0;
		c->status = NULL;
	}
	c->rd_len = (uint32_t)rd_len;
	c->wr_len = (uint32_t)wr_len;
	c->truncated = 0;
	return 1;
}

/* walk_fast() on the chain at @p head, direct or through its table. */
static int
try_fast(const struct vring_desc *desc, uint32_t size, uint32_t head,
	 const struct vc_mem_region *r, int indirect_ok, struct vc_chain *out)
{
	struct vring_desc d;
	uint64_t off;

	/* A region that wraps the address space is the full walk's. */
	if (r->gpa + r->size < r->gpa || head >= size ||
	    size > VC_MAX_RING_SIZE)
		return 0;
	d = desc_load(&desc[head]);
	if (!(d.flags & VRING_DESC_F_INDIRECT))
		return walk_fast(desc, size, head, r, out);
	off = d.addr - r->gpa;
	if (!indirect_ok || (d.flags & VRING_DESC_F_NEXT) || d.len == 0 ||
	    d.len % sizeof(struct vring_desc) != 0 || off >= r->size ||
	    d.len > r->size - off ||
	    d.len / sizeof(struct vring_desc) > VC_MAX_INDIRECT_LEN)
		return 0;
	return walk_fast((const struct vring_desc *)(uintptr_t)(r->hva + off),
			 d.len / sizeof(struct vring_desc), 0, r, out);
}

/* The full walk: any chain, every error named. */
static int __attribute__((noinline))
walk_full(const struct vring_desc *desc, uint32_t size, uint32_t head,
	  struct vc_mem_table *mt, int indirect_ok, struct vc_chain *out)
{
	struct walk w;

	walk_init(&w, mt, out);
	return walk_end(&w, walk_direct(&w, desc, size, head, indirect_ok));
}

int
vc_chain_walk(const struct vring_desc *desc, uint32_t size, uint32_t head,
	      struct vc_mem_table *mt, int indirect_ok, struct vc_chain *out)
{
	const struct vc_mem_region *r = last_hit(mt);

	/* The fast path tries the region of the last translation. */
	if (r != NULL && try_fast(desc, size, head, r, indirect_ok, out))
		return VC_CHAIN_OK;
	return walk_full(desc, size, head, mt, indirect_ok, out);
}

const char *
vc_chain_strerror(int err)
{
	switch (err) {
	case VC_CHAIN_OK: return "ok";
	case VC_CHAIN_BAD_INDEX: return "descriptor index out of range";
	case VC_CHAIN_TOO_LONG: return "descriptor chain loops";
	case VC_CHAIN_BAD_ADDR: return "buffer outside shared memory";
	case VC_CHAIN_BAD_INDIRECT: return "malformed indirect table";
	case VC_CHAIN_BAD_ORDER: return "readable buffer after writable";
	case VC_CHAIN_ZERO_LEN: return "zero-length descriptor";
	default: return "unknown error";
	}
}

/* Copy between a flat buffer and bytes [off, off + len) of a segment list. */
static void
segs_copy(const struct vc_seg *segs, unsigned int nsegs, uint32_t off,
	  uint8_t *flat, uint32_t len, int to_segs)
{
	unsigned int i;

	for (i = 0; i < nsegs && len > 0; i++) {
		uint32_t take;

		if (off >= segs[i].len) {
			off -= segs[i].len;
			continue;
		}
		take = segs[i].len - off;
		if (take > len)
			take = len;
		if (to_segs)
			memcpy(segs[i].addr + off, flat, take);
		else
			memcpy(flat, segs[i].addr + off, take);
		flat += take;
		len -= take;
		off = 0;
	}
}

void
vc_segs_read(const struct vc_seg *segs, unsigned int nsegs, uint32_t off,
	     void *dst, uint32_t len)
{
	segs_copy(segs, nsegs, off, dst, len, 0);
}

void
vc_segs_write(const struct vc_seg *segs, unsigned int nsegs, uint32_t off,
	      const void *src, uint32_t len)
{
	segs_copy(segs, nsegs, off, (uint8_t *)(uintptr_t)src, len, 1);
}

unsigned int
vc_segs_count(const struct vc_seg *segs, unsigned int nsegs, uint32_t len)
{
	unsigned int i;

	for (i = 0; i < nsegs && len > 0; i++)
		len -= len < segs[i].len ? len : segs[i].len;
	return i;
}
