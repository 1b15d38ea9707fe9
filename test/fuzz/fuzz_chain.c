/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: vc_chain_walk() over a fake memory table. The input
 * says the ring size, head, whether indirect tables are allowed, up to four
 * regions (where each maps in one guest buffer and at which gpa), how many
 * bytes a side keeps, then the descriptor table, then the guest memory
 * itself (where indirect tables live, at any alignment). Every segment of
 * an accepted chain and every status byte must lie inside the guest
 * buffer, and copying through all of them must stay in bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "vc_wire.h"

#define GUEST 4096u
#define MAX_RING 32u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct layout {
	uint8_t ring;            /* size = 1 + ring % MAX_RING */
	uint8_t head;
	uint8_t flags;           /* bit 0: indirect ok; bits 1-2: regions - 1;
				    bits 3-7: the region tried first */
	uint8_t keep;            /* max_bytes: 16 * keep, 0: no limit */
	struct {
		uint16_t off;    /* in the guest buffer, % GUEST */
		uint16_t len;    /* 1 + len % (GUEST - off) */
		uint32_t gpa;
	} region[4];
};

static void
check(int ok)
{
	if (!ok)
		abort();
}

/* Take the next n bytes of the input, zero-padded. */
static void
take(const uint8_t **d, size_t *left, void *out, size_t n)
{
	size_t k = *left < n ? *left : n;

	memset(out, 0, n);
	memcpy(out, *d, k);
	*d += k;
	*left -= k;
}

static void
segs_check(const struct vc_seg *s, unsigned int n, uint32_t total,
	   const uint8_t *g)
{
	uint64_t sum = 0;
	unsigned int i;

	check(n <= VC_MAX_SEGS);
	check(total == 0 || n > 0);
	for (i = 0; i < n; i++) {
		check(s[i].len > 0 && s[i].addr >= g &&
		      s[i].addr + s[i].len <= g + GUEST);
		sum += s[i].len;
	}
	check(sum == total);
}

static int
overlapping(const struct vc_mem_table *mt)
{
	uint32_t i, j;

	for (i = 0; i < mt->nregions; i++)
		for (j = i + 1; j < mt->nregions; j++)
			if (mt->regions[i].gpa < mt->regions[j].gpa +
					mt->regions[j].size &&
			    mt->regions[j].gpa < mt->regions[i].gpa +
					mt->regions[i].size)
				return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_mem_table mt, nohint;
	struct vc_chain_short *r1 = malloc(sizeof(*r1)), *r2 = malloc(sizeof(*r2));
	struct vc_chain *c, *c2;
	struct layout l;
	struct vring_desc *ring;
	uint8_t *guest, *tmp;
	uint32_t rsize, i;
	int rc;

	take(&data, &size, &l, sizeof(l));
	rsize = 1 + l.ring % MAX_RING;
	/* Exact-size copies: any read past them is an ASan report. */
	ring = malloc(rsize * sizeof(*ring));
	guest = malloc(GUEST);
	if (r1 == NULL || r2 == NULL || ring == NULL || guest == NULL)
		goto out;
	c = vc_chain_short_init(r1, l.keep ? 16u * l.keep : UINT32_MAX);
	c2 = vc_chain_short_init(r2, c->max_bytes);
	take(&data, &size, ring, rsize * sizeof(*ring));
	take(&data, &size, guest, GUEST);

	memset(&mt, 0, sizeof(mt));
	mt.nregions = 1 + ((l.flags >> 1) & 3);
	for (i = 0; i < mt.nregions; i++) {
		uint32_t off = l.region[i].off % GUEST;

		mt.regions[i].gpa = l.region[i].gpa;
		mt.regions[i].size = 1 + l.region[i].len % (GUEST - off);
		mt.regions[i].hva = (uintptr_t)(guest + off);
	}

	/*
	 * The walk tries the region of the last translation first, with a
	 * fast path for chains wholly inside it: the same walk without that
	 * hint (the full walk alone) must give the very same answer, unless
	 * regions overlap (a frontend's table may; any region holding an
	 * address translates it then).
	 */
	mt.last_hit = (l.flags >> 3) % mt.nregions;
	nohint = mt;
	nohint.last_hit = VC_MAX_MEM_REGIONS;
	rc = vc_chain_walk(ring, rsize, l.head, &mt, l.flags & 1, c);
	if (!overlapping(&mt))
		check(vc_chain_walk(ring, rsize, l.head, &nohint, l.flags & 1,
				    c2) == rc);
	if (!overlapping(&mt))
		check(c->status == c2->status);
	if (rc == VC_CHAIN_OK && !overlapping(&mt))
		check(c->nr_rd == c2->nr_rd && c->nr_wr == c2->nr_wr &&
		      c->rd_len == c2->rd_len && c->wr_len == c2->wr_len &&
		      c->truncated == c2->truncated &&
		      memcmp(c->rd, c2->rd, c->nr_rd * sizeof(c->rd[0])) == 0 &&
		      memcmp(c->wr, c2->wr, c->nr_wr * sizeof(c->wr[0])) == 0);
	/* A status byte, wherever the walk found one, is guest memory. */
	check(c->status == NULL ||
	      (c->status >= guest && c->status < guest + GUEST));
	if (c->status != NULL)
		*c->status = 0xff;
	if (rc != VC_CHAIN_OK) {
		check(rc < 0 && rc >= VC_CHAIN_ZERO_LEN);
		check(vc_chain_strerror(rc) != NULL);
		/* After a broken structure, no status byte. */
		check(rc < VC_CHAIN_BAD_INDIRECT || c->status == NULL);
		goto out;
	}
	check(c->rd_len <= c->max_bytes && c->wr_len <= c->max_bytes);
	segs_check(c->rd, c->nr_rd, c->rd_len, guest);
	segs_check(c->wr, c->nr_wr, c->wr_len, guest);
	check(c->nr_wr == 0 || c->status != NULL);
	/* Read all it may read, write all it may write. */
	tmp = malloc(c->rd_len + c->wr_len + 1);
	if (tmp != NULL) {
		vc_segs_read(c->rd, c->nr_rd, 0, tmp, c->rd_len);
		vc_segs_write(c->wr, c->nr_wr, 0, tmp, c->wr_len);
		free(tmp);
	}
out:
	free(guest);
	free(ring);
	free(r1);
	free(r2);
	return 0;
}
