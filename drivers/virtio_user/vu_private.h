/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VU_PRIVATE_H
#define VU_PRIVATE_H

/* Internals of the virtio-crypto vhost-user frontend, shared by its files. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/virtio_crypto.h>
#include <linux/virtio_ring.h>

#include "vu_crypto.h"
#include "vu_proto.h"

#define VU_CACHE_LINE		64
#define VU_MAX_REGIONS		4
#define VU_MAX_QUEUES		256	/* vring index must fit in 8 bits */
#define VU_MAX_QUEUE_SIZE	32768
/* Header, iv, src, dst, digest, status. */
#define VU_MAX_CHAIN		6
/*
 * Guest memory of a controlq request: the request and keys, then at
 * VU_CTRL_IN_OFF what the device writes back.
 */
#define VU_CTRL_BUF_SIZE	4672
#define VU_CTRL_IN_OFF		4608
/* How long a reply may take before we give up on the backend. */
#define VU_REPLY_TIMEOUT_MS	5000

/*
 * Guest physical addresses start here while the frontend addresses are
 * wherever mmap put the memory, so a backend mixing the two is caught.
 */
#define VU_GPA_BASE		0x40000000ull
/* VA alignment of the memory, so VA and GPA alignments agree up to it. */
#define VU_MEM_ALIGN		(2u << 20)
#define VU_BAD_GPA		UINT64_MAX

#define VU_UNLIKELY(x)		__builtin_expect(!!(x), 0)

/* The shared "guest memory": nregions memfds, contiguous in VA and GPA. */
struct vu_mem {
	uint8_t *base;		/* first byte of region 0 */
	size_t size;		/* nregions * region_size */
	uint64_t gpa_base;
	size_t region_size;
	size_t page_size;
	unsigned int nregions;
	int fds[VU_MAX_REGIONS];
	size_t lo;		/* caller allocations grow up from here */
	size_t hi;		/* driver allocations grow down from here */
	void *resv;		/* the whole PROT_NONE reservation */
	size_t resv_len;
};

/*
 * What the driver keeps in guest memory per head descriptor: the request
 * header and status byte the device reads and writes, and in indirect mode
 * the descriptor table. The status byte has a cache line of its own, as in
 * Linux's driver (a separate allocation): the driver rewrites it for every
 * request, and the device must not depend on it sharing a line with the
 * header it reads. Strides are powers of two dividing the page size, so no
 * slot ever straddles a region boundary.
 */
struct vu_slot_shm {
	struct virtio_crypto_op_data_req req;
	uint8_t pad[128 - sizeof(struct virtio_crypto_op_data_req)];
	struct virtio_crypto_inhdr status;
	uint8_t pad1[128 - sizeof(struct virtio_crypto_inhdr)];
	struct vring_desc table[VU_MAX_CHAIN];	/* indirect mode only */
	uint8_t pad2[256 - VU_MAX_CHAIN * sizeof(struct vring_desc)];
};

#define VU_SLOT_SHIFT_DIRECT	8	/* header and status only */
#define VU_SLOT_SHIFT_INDIRECT	9	/* plus the indirect table */

/* Host-side bookkeeping per descriptor. */
struct vu_slot {
	struct vu_sym_op *op;	/* head only: the request, NULL when idle */
	uint16_t next_free;	/* free list; also links a direct chain */
	uint16_t last;		/* head only: last descriptor of the chain */
	uint16_t ndesc;		/* head only: descriptors the chain took */
	uint8_t pinned;		/* head only: vu_op_pin() keeps the chain */
};

/* One data queue. Driven by one thread, so it gets its own cache lines. */
struct vu_queue {
	/* Set up at open, read-only afterwards. */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t *used_event;	/* avail->ring[size] */
	uint16_t *avail_event;	/* used->ring[size] */
	uint8_t *slot_va;	/* struct vu_slot_shm array, by head id */
	uint64_t slot_gpa;
	const struct vu_mem *mem;
	struct vu_slot *slots;
	uint16_t size;
	uint16_t mask;
	uint8_t slot_shift;
	uint8_t indirect;
	uint8_t table_off;        /* vu_dev_conf.table_offset */
	uint8_t event_idx;
	int kickfd;
	int callfd;
	/* Driver state. */
	uint16_t free_head;
	uint16_t nb_free;
	uint16_t avail_idx;	/* our copy of avail->idx */
	uint16_t last_used;	/* used entries consumed */
	uint16_t inflight;
	uint64_t bad_used;	/* used entries naming no request */
} __attribute__((aligned(VU_CACHE_LINE)));

/* The vhost-user connection. */
struct vu_chan {
	int fd;
	int reply_ack;		/* REPLY_ACK negotiated: ack every set */
};

struct vu_dev {
	struct vu_queue *queues;	/* data queues, then the controlq */
	uint16_t nb_queues;		/* data queues */
	uint16_t nb_rings;		/* handed to the backend */
	uint8_t *ctrl_buf;		/* controlq request and answer */
	uint16_t queue_size;
	int indirect;
	int started;		/* every vring was handed to the backend */
	uint64_t features;
	uint64_t protocol_features;
	struct vu_chan chan;
	struct vu_mem mem;
};

/* Write a reason to a caller's error buffer (which may be NULL). */
static inline void __attribute__((format(printf, 3, 4)))
vu_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* vu_socket.c */
const char *vu_req_name(uint32_t req);
int vu_sock_connect(const char *path, int timeout_ms, char *err,
		    size_t errlen);
int vu_sock_accept(int listen_fd, int timeout_ms, char *err, size_t errlen);
int vu_chan_send(const struct vu_chan *c, uint32_t req, uint32_t flags,
		 const void *payload, uint32_t size, const int *fds,
		 unsigned int nfds, char *err, size_t errlen);
int vu_chan_recv(const struct vu_chan *c, uint32_t req, void *payload,
		 uint32_t size, char *err, size_t errlen);
int vu_chan_set(const struct vu_chan *c, uint32_t req, const void *payload,
		uint32_t size, const int *fds, unsigned int nfds, char *err,
		size_t errlen);
int vu_chan_call(const struct vu_chan *c, uint32_t req, const void *in,
		 uint32_t in_size, void *out, uint32_t out_size, char *err,
		 size_t errlen);

/* vu_mem.c */
int vu_mem_init(struct vu_mem *m, size_t size, unsigned int nregions,
		char *err, size_t errlen);
void vu_mem_fini(struct vu_mem *m);
void *vu_mem_alloc_top(struct vu_mem *m, size_t len, size_t align,
		       int one_region);
unsigned int vu_mem_table(const struct vu_mem *m, struct vu_mem_table *t);

/*
 * GPA of [p, p + len), which must lie in the guest memory (len > 0);
 * VU_BAD_GPA otherwise. VA and GPA are both contiguous: one subtraction.
 */
static inline uint64_t
vu_mem_gpa(const struct vu_mem *m, const void *p, size_t len)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)m->base;

	if (VU_UNLIKELY(off >= m->size || len > m->size - off))
		return VU_BAD_GPA;
	return m->gpa_base + off;
}

/* vu_ring.c */
/* Rings in guest memory; event_idx is set once features are agreed. */
int vu_queue_init(struct vu_queue *q, struct vu_mem *m, uint16_t size,
		  int indirect, char *err, size_t errlen);
void vu_queue_fini(struct vu_queue *q);

#endif /* VU_PRIVATE_H */
