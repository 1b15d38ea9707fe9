/* SPDX-License-Identifier: BSD-3-Clause */
/* Guest-physical to host translation over the shared memory table. */
#include "vc_wire.h"

static const struct vc_mem_region *
region_of(struct vc_mem_table *mt, uint64_t gpa)
{
	uint32_t i, n = mt->nregions;
	const struct vc_mem_region *r;

	if (n > VC_MAX_MEM_REGIONS)
		return NULL;
	/* Most buffers of a request lie in the region of the previous one. */
	if (mt->last_hit < n) {
		r = &mt->regions[mt->last_hit];
		if (gpa >= r->gpa && gpa - r->gpa < r->size)
			return r;
	}
	for (i = 0; i < n; i++) {
		r = &mt->regions[i];
		if (gpa >= r->gpa && gpa - r->gpa < r->size) {
			mt->last_hit = i;
			return r;
		}
	}
	return NULL;
}

int
vc_mem_translate(struct vc_mem_table *mt, uint64_t gpa, uint64_t len,
		 struct vc_seg *segs, unsigned int max_segs)
{
	unsigned int n = 0;

	if (len == 0 || len > UINT32_MAX || gpa + len < gpa)
		return -1;
	while (len > 0) {
		const struct vc_mem_region *r = region_of(mt, gpa);
		uint64_t avail, take;

		if (r == NULL)
			return -1;
		if (n == max_segs)
			return -2;
		avail = r->size - (gpa - r->gpa);
		take = len < avail ? len : avail;
		segs[n].addr = (uint8_t *)(uintptr_t)(r->hva + (gpa - r->gpa));
		segs[n].len = (uint32_t)take;
		n++;
		gpa += take;
		len -= take;
	}
	return (int)n;
}
