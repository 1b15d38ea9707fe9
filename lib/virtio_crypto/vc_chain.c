/* SPDX-License-Identifier: BSD-3-Clause */
/* Walking split-ring descriptor chains written by an untrusted driver. */
#include <string.h>

#include "vc_wire.h"

/* Read one descriptor once, so later checks and uses see the same values. */
static inline struct vring_desc
desc_load(const struct vring_desc *d)
{
	struct vring_desc v;

	v.addr = __atomic_load_n(&d->addr, __ATOMIC_RELAXED);
	v.len = __atomic_load_n(&d->len, __ATOMIC_RELAXED);
	v.flags = __atomic_load_n(&d->flags, __ATOMIC_RELAXED);
	v.next = __atomic_load_n(&d->next, __ATOMIC_RELAXED);
	return v;
}

static inline int
add_buffer(struct vc_chain *c, struct vc_mem_table *mt,
	   const struct vring_desc *d)
{
	int writable = !!(d->flags & VRING_DESC_F_WRITE);
	struct vc_seg *segs = writable ? c->wr : c->rd;
	uint16_t *nr = writable ? &c->nr_wr : &c->nr_rd;
	uint32_t *total = writable ? &c->wr_len : &c->rd_len;
	int n;

	if (d->len == 0)
		return VC_CHAIN_ZERO_LEN;
	/* The driver puts every readable buffer before the writable ones. */
	if (!writable && c->nr_wr != 0)
		return VC_CHAIN_BAD_ORDER;
	if ((uint64_t)*total + d->len > UINT32_MAX)
		return VC_CHAIN_TOO_BIG;
	n = vc_mem_translate_fast(mt, d->addr, d->len, &segs[*nr],
				  VC_MAX_SEGS - *nr);
	if (n < 0)
		return n == -2 ? VC_CHAIN_TOO_MANY_SEGS : VC_CHAIN_BAD_ADDR;
	*nr += n;
	*total += d->len;
	return VC_CHAIN_OK;
}

/* Follow an indirect table; its entries may not be indirect themselves. */
static int
walk_indirect(const struct vring_desc *ind, struct vc_mem_table *mt,
	      struct vc_chain *c)
{
	struct vc_seg table;
	const struct vring_desc *t;
	uint32_t n, i, count;
	int rc;

	if (ind->flags & VRING_DESC_F_NEXT || ind->len == 0 ||
	    ind->len % sizeof(struct vring_desc) != 0)
		return VC_CHAIN_BAD_INDIRECT;
	/* The table must be contiguous here to be walked in place. */
	if (vc_mem_translate(mt, ind->addr, ind->len, &table, 1) != 1)
		return VC_CHAIN_BAD_INDIRECT;
	if ((uintptr_t)table.addr % _Alignof(struct vring_desc) != 0)
		return VC_CHAIN_BAD_INDIRECT;
	t = (const struct vring_desc *)table.addr;
	n = ind->len / sizeof(struct vring_desc);
	if (n > VC_MAX_RING_SIZE)
		return VC_CHAIN_BAD_INDIRECT;

	for (i = 0, count = 0;; count++) {
		struct vring_desc d = desc_load(&t[i]);

		if (count >= n)
			return VC_CHAIN_TOO_LONG;
		if (d.flags & VRING_DESC_F_INDIRECT)
			return VC_CHAIN_BAD_INDIRECT;
		rc = add_buffer(c, mt, &d);
		if (rc != VC_CHAIN_OK)
			return rc;
		if (!(d.flags & VRING_DESC_F_NEXT))
			return VC_CHAIN_OK;
		if (d.next >= n)
			return VC_CHAIN_BAD_INDEX;
		i = d.next;
	}
}

int
vc_chain_walk(const struct vring_desc *desc, uint32_t size, uint32_t head,
	      struct vc_mem_table *mt, int indirect_ok, struct vc_chain *out)
{
	uint32_t i = head, count;
	int rc;

	out->nr_rd = out->nr_wr = 0;
	out->rd_len = out->wr_len = 0;
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
			return walk_indirect(&d, mt, out);
		}
		rc = add_buffer(out, mt, &d);
		if (rc != VC_CHAIN_OK)
			return rc;
		if (!(d.flags & VRING_DESC_F_NEXT))
			return VC_CHAIN_OK;
		i = d.next;
	}
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
	case VC_CHAIN_TOO_MANY_SEGS: return "too many buffers";
	case VC_CHAIN_ZERO_LEN: return "zero-length descriptor";
	case VC_CHAIN_TOO_BIG: return "request larger than 4 GiB";
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

uint8_t *
vc_segs_last_byte(const struct vc_seg *segs, unsigned int nsegs)
{
	if (nsegs == 0)
		return NULL;
	return segs[nsegs - 1].addr + segs[nsegs - 1].len - 1;
}
