/* SPDX-License-Identifier: BSD-3-Clause */
/* Guest memory: memfd regions contiguous in VA and GPA, bump allocators. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "vu_private.h"

#define DEFAULT_ALIGN	16

static uintptr_t
align_up(uintptr_t x, uintptr_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static uintptr_t
align_down(uintptr_t x, uintptr_t a)
{
	return x & ~(a - 1);
}

void
vu_mem_fini(struct vu_mem *m)
{
	unsigned int i;

	if (m->resv != NULL)
		munmap(m->resv, m->resv_len);
	m->resv = NULL;
	m->base = NULL;
	for (i = 0; i < VU_MAX_REGIONS; i++) {
		if (m->fds[i] >= 0)
			close(m->fds[i]);
		m->fds[i] = -1;
	}
}

/* One region: a sealed memfd mapped at its place in the reservation. */
static int
map_region(struct vu_mem *m, unsigned int i, char *err, size_t errlen)
{
	uint8_t *at = m->base + (size_t)i * m->region_size;
	int fd, rc;

	fd = memfd_create("vu-guest-mem", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		rc = -errno;
		vu_errf(err, errlen, "guest memory: memfd_create: %s",
			strerror(-rc));
		return rc;
	}
	m->fds[i] = fd;
	if (ftruncate(fd, (off_t)m->region_size) < 0) {
		rc = -errno;
		vu_errf(err, errlen, "guest memory: ftruncate %zu: %s",
			m->region_size, strerror(-rc));
		return rc;
	}
	/* A backend shrinking the file would SIGBUS us: forbid it. */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
		  F_SEAL_SEAL) < 0) {
		rc = -errno;
		vu_errf(err, errlen, "guest memory: F_ADD_SEALS: %s",
			strerror(-rc));
		return rc;
	}
	if (mmap(at, m->region_size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
		rc = -errno;
		vu_errf(err, errlen, "guest memory: mmap region %u: %s", i,
			strerror(-rc));
		return rc;
	}
	return 0;
}

int
vu_mem_init(struct vu_mem *m, size_t size, unsigned int nregions,
	    char *err, size_t errlen)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned int i;
	void *resv;
	int rc;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < VU_MAX_REGIONS; i++)
		m->fds[i] = -1;
	if (pg <= 0 || size == 0 || size > (SIZE_MAX >> 2) ||
	    nregions == 0 || nregions > VU_MAX_REGIONS) {
		vu_errf(err, errlen, "guest memory: bad size or regions");
		return -EINVAL;
	}

	/* Equal page-aligned regions, together at least size bytes. */
	m->region_size = align_up((size + nregions - 1) / nregions,
				  (uintptr_t)pg);
	m->size = m->region_size * nregions;
	m->nregions = nregions;
	m->page_size = (size_t)pg;
	m->gpa_base = VU_GPA_BASE;

	/* One reservation keeps the regions adjacent in our address space. */
	m->resv_len = m->size + VU_MEM_ALIGN;
	resv = mmap(NULL, m->resv_len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (resv == MAP_FAILED) {
		rc = -errno;
		vu_errf(err, errlen, "guest memory: reserving %zu bytes: %s",
			m->resv_len, strerror(-rc));
		return rc;
	}
	m->resv = resv;
	m->base = (uint8_t *)align_up((uintptr_t)resv, VU_MEM_ALIGN);

	for (i = 0; i < nregions; i++) {
		rc = map_region(m, i, err, errlen);
		if (rc < 0) {
			vu_mem_fini(m);
			return rc;
		}
	}
	m->lo = 0;
	m->hi = m->size;
	return 0;
}

unsigned int
vu_mem_table(const struct vu_mem *m, struct vu_mem_table *t)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->nregions = m->nregions;
	for (i = 0; i < m->nregions; i++) {
		struct vu_mem_region *r = &t->regions[i];

		r->guest_phys_addr = m->gpa_base + i * m->region_size;
		r->memory_size = m->region_size;
		r->userspace_addr = (uintptr_t)(m->base + i * m->region_size);
		r->mmap_offset = 0;
	}
	return m->nregions;
}

/*
 * Driver structures come from the top, so the caller's first allocation
 * sits at the bottom of region 0. With one_region, the block must not
 * cross a region boundary (rings must be contiguous for any backend);
 * align is then at most a page, like the boundaries.
 */
void *
vu_mem_alloc_top(struct vu_mem *m, size_t len, size_t align, int one_region)
{
	uintptr_t base = (uintptr_t)m->base;
	uintptr_t start, boundary;

	if (len == 0 || len > m->hi - m->lo ||
	    (one_region && len > m->region_size))
		return NULL;
	start = align_down(base + m->hi - len, align);
	if (one_region) {
		/* Start of the region holding the last byte. */
		boundary = base + (start - base + len - 1) / m->region_size *
			   m->region_size;
		if (boundary > start)
			start = align_down(boundary - len, align);
	}
	if (start < base + m->lo)
		return NULL;
	m->hi = start - base;
	return (void *)start;
}

void *
vu_mem_alloc(struct vu_dev *dev, size_t len, size_t align)
{
	struct vu_mem *m;
	uintptr_t base, start;

	if (dev == NULL || (align & (align - 1)) != 0) {
		errno = EINVAL;
		return NULL;
	}
	m = &dev->mem;
	if (align == 0)
		align = DEFAULT_ALIGN;
	if (len == 0)
		len = 1;	/* still a distinct, valid pointer */
	base = (uintptr_t)m->base;
	if (align > m->size)
		goto nomem;
	start = align_up(base + m->lo, align) - base;
	if (start > m->hi || len > m->hi - start)
		goto nomem;
	m->lo = start + len;
	return m->base + start;
nomem:
	errno = ENOMEM;
	return NULL;
}
