/* SPDX-License-Identifier: BSD-3-Clause */
/* Split virtqueues: descriptor free list, submit, poll. */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "vu_private.h"

_Static_assert(sizeof(struct virtio_crypto_op_data_req) == 72,
	       "data request header");
_Static_assert(sizeof(struct vu_slot_shm) ==
	       (1u << VU_SLOT_SHIFT_INDIRECT), "indirect slot stride");
_Static_assert(offsetof(struct vu_slot_shm, table) ==
	       (1u << VU_SLOT_SHIFT_DIRECT), "direct slot stride");
_Static_assert(offsetof(struct vu_slot_shm, table) %
	       _Alignof(struct vring_desc) == 0, "indirect table alignment");

/* One buffer of a request, before it becomes a descriptor. */
struct buf {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
};

static size_t
page_align(size_t x, size_t pg)
{
	return (x + pg - 1) & ~(pg - 1);
}

void
vu_queue_fini(struct vu_queue *q)
{
	if (q->kickfd >= 0)
		close(q->kickfd);
	if (q->callfd >= 0)
		close(q->callfd);
	q->kickfd = q->callfd = -1;
	free(q->slots);
	q->slots = NULL;
}

int
vu_queue_init(struct vu_queue *q, struct vu_mem *m, uint16_t size,
	      int indirect, char *err, size_t errlen)
{
	size_t pg = m->page_size;
	size_t desc_len = (size_t)size * sizeof(struct vring_desc);
	size_t avail_len = sizeof(struct vring_avail) +
			   (size + 1u) * sizeof(uint16_t);
	size_t used_len = sizeof(struct vring_used) +
			  size * sizeof(struct vring_used_elem) +
			  sizeof(uint16_t);
	uint8_t shift = indirect ? VU_SLOT_SHIFT_INDIRECT :
				   VU_SLOT_SHIFT_DIRECT;
	size_t slots_len = (size_t)size << shift;
	uint16_t i;
	int rc;

	memset(q, 0, sizeof(*q));
	q->kickfd = q->callfd = -1;
	q->mem = m;
	q->size = size;
	q->mask = size - 1;
	q->indirect = !!indirect;
	q->slot_shift = shift;

	/*
	 * Each part page-aligned and inside one region: any backend can map
	 * it with one translation.
	 */
	q->desc = vu_mem_alloc_top(m, page_align(desc_len, pg), pg, 1);
	q->avail = vu_mem_alloc_top(m, page_align(avail_len, pg), pg, 1);
	q->used = vu_mem_alloc_top(m, page_align(used_len, pg), pg, 1);
	q->slot_va = vu_mem_alloc_top(m, slots_len, (size_t)1 << shift, 0);
	if (q->desc == NULL || q->avail == NULL || q->used == NULL ||
	    q->slot_va == NULL) {
		vu_errf(err, errlen,
			"vring: no room for %u-entry rings in guest memory "
			"(mem_size or mem_size / nb_regions too small)",
			size);
		return -ENOMEM;
	}
	q->slot_gpa = vu_mem_gpa(m, q->slot_va, slots_len);
	q->used_event = &q->avail->ring[size];
	q->avail_event = (uint16_t *)&q->used->ring[size];

	q->slots = calloc(size, sizeof(*q->slots));
	if (q->slots == NULL) {
		vu_errf(err, errlen, "vring: %s", strerror(ENOMEM));
		return -ENOMEM;
	}
	for (i = 0; i < size; i++)
		q->slots[i].next_free = (uint16_t)(i + 1);
	q->free_head = 0;
	q->nb_free = size;

	/*
	 * Fresh memfd pages read as zero, so the rings start empty. We poll
	 * and never read the call eventfd, so ask for no interrupts: the flag
	 * without EVENT_IDX, and with it a used_event one behind what we
	 * consumed (kept so by vu_poll). The device's used idx runs ahead of
	 * last_used by at most size <= 32768, so it never reaches that value.
	 * Written either way: EVENT_IDX is not agreed yet.
	 */
	q->avail->flags = htole16(VRING_AVAIL_F_NO_INTERRUPT);
	*q->used_event = htole16((uint16_t)(q->last_used - 1));

	q->kickfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	q->callfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (q->kickfd < 0 || q->callfd < 0) {
		rc = -errno;
		vu_errf(err, errlen, "vring: eventfd: %s", strerror(-rc));
		return rc;
	}
	return 0;
}

static inline struct vu_slot_shm *
slot_shm(const struct vu_queue *q, uint16_t id)
{
	return (struct vu_slot_shm *)(q->slot_va +
				      ((size_t)id << q->slot_shift));
}

static inline uint64_t
slot_gpa(const struct vu_queue *q, uint16_t id)
{
	return q->slot_gpa + ((uint64_t)id << q->slot_shift);
}

static void __attribute__((cold, noreturn))
bad_buffer(const struct vu_sym_op *op, const char *what, const void *p,
	   uint32_t len)
{
	fprintf(stderr,
		"vu_submit: op %p: %s [%p, +%u) is not in guest memory\n",
		(const void *)op, what, p, len);
	abort();
}

/* Translate a caller buffer; one outside the guest memory is a bug. */
static inline void
add_buf(struct buf *b, unsigned int *n, const struct vu_queue *q,
	const struct vu_sym_op *op, const char *what, const void *p,
	uint32_t len, uint16_t flags)
{
	uint64_t gpa;

	if (len == 0)
		return;
	gpa = vu_mem_gpa(q->mem, p, len);
	if (VU_UNLIKELY(gpa == VU_BAD_GPA))
		bad_buffer(op, what, p, len);
	b[*n].addr = gpa;
	b[*n].len = len;
	b[*n].flags = flags;
	(*n)++;
}

static inline int
is_chain(const struct vu_sym_op *op)
{
	return op->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
}

static inline int
is_hash(const struct vu_sym_op *op)
{
	return op->opcode == VIRTIO_CRYPTO_HASH ||
	       op->opcode == VIRTIO_CRYPTO_MAC;
}

static inline int
is_aead(const struct vu_sym_op *op)
{
	return op->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT ||
	       op->opcode == VIRTIO_CRYPTO_AEAD_DECRYPT;
}

static inline int
is_akcipher(const struct vu_sym_op *op)
{
	return op->opcode >> 8 == VIRTIO_CRYPTO_SERVICE_AKCIPHER;
}

static inline int
is_verify(const struct vu_sym_op *op)
{
	return op->opcode == VIRTIO_CRYPTO_AKCIPHER_VERIFY;
}

/* Whether the request writes a digest after dst. */
static inline int
has_digest(const struct vu_sym_op *op)
{
	return ((is_chain(op) && !is_aead(op)) || is_hash(op)) &&
	       !is_akcipher(op);
}

/* Whether the request has an IV (after the header, readable). */
static inline int
has_iv(const struct vu_sym_op *op)
{
	return !is_hash(op) && !is_akcipher(op);
}

/* Descriptors a request takes in direct mode. */
static inline unsigned int
chain_len(const struct vu_sym_op *op)
{
	return 2 + (has_iv(op) && op->iv_len != 0) + (op->src_len != 0) +
	       (!is_verify(op) && op->dst_len != 0) +
	       ((has_digest(op) || is_verify(op)) && op->digest_len != 0) +
	       (is_aead(op) && op->aad_len != 0);
}

/*
 * Write the request header of slot id, preset its status, and list the
 * buffers in chain order: header, iv, src | dst, digest, status.
 */
static inline unsigned int
prepare(const struct vu_queue *q, uint16_t id, const struct vu_sym_op *op,
	struct buf *b)
{
	struct vu_slot_shm *s = slot_shm(q, id);
	uint64_t gpa = slot_gpa(q, id);
	struct virtio_crypto_op_data_req r;
	unsigned int n = 0;

	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(op->opcode);
	r.header.session_id = htole64(op->session_id);
	r.u.sym_req.op_type = htole32(op->op_type);
	/*
	 * Any other op_type goes out as given, with cipher parameters, so
	 * tests can see how the device rejects it.
	 */
	if (is_hash(op)) {
		/* The MAC request is the hash one, one level down. */
		struct virtio_crypto_hash_para *p = &r.u.hash_req.para;

		p->src_data_len = htole32(op->src_len);
		p->hash_result_len = htole32(op->digest_len);
	} else if (is_aead(op)) {
		struct virtio_crypto_aead_para *p = &r.u.aead_req.para;

		p->iv_len = htole32(op->iv_len);
		p->aad_len = htole32(op->aad_len);
		p->src_data_len = htole32(op->src_len);
		p->dst_data_len = htole32(op->dst_len);
	} else if (is_akcipher(op)) {
		struct virtio_crypto_akcipher_para *p =
			&r.u.akcipher_req.para;

		/* VERIFY: dst_data_len is the digest's, read. */
		p->src_data_len = htole32(op->src_len);
		p->dst_data_len = htole32(is_verify(op) ? op->digest_len :
					  op->dst_len);
	} else if (is_chain(op)) {
		struct virtio_crypto_alg_chain_data_para *p =
			&r.u.sym_req.u.chain.para;

		p->iv_len = htole32(op->iv_len);
		p->src_data_len = htole32(op->src_len);
		p->dst_data_len = htole32(op->dst_len);
		p->cipher_start_src_offset = htole32(op->cipher_off);
		p->len_to_cipher = htole32(op->cipher_len);
		p->hash_start_src_offset = htole32(op->hash_off);
		p->len_to_hash = htole32(op->hash_len);
		p->hash_result_len = htole32(op->digest_len);
	} else {
		struct virtio_crypto_cipher_para *p =
			&r.u.sym_req.u.cipher.para;

		p->iv_len = htole32(op->iv_len);
		p->src_data_len = htole32(op->src_len);
		p->dst_data_len = htole32(op->dst_len);
	}
	s->req = r;
	/* A status the device never writes stays visibly 0xff. */
	s->status.status = 0xff;

	b[n].addr = gpa + offsetof(struct vu_slot_shm, req);
	b[n].len = sizeof(s->req);
	b[n].flags = 0;
	n++;
	if (has_iv(op))
		add_buf(b, &n, q, op, "iv", op->iv, op->iv_len, 0);
	if (is_aead(op))
		add_buf(b, &n, q, op, "aad", op->aad, op->aad_len, 0);
	add_buf(b, &n, q, op, "src", op->src, op->src_len, 0);
	if (is_verify(op))
		add_buf(b, &n, q, op, "digest", op->digest, op->digest_len,
			0);
	else
		add_buf(b, &n, q, op, "dst", op->dst, op->dst_len,
			VRING_DESC_F_WRITE);
	if (has_digest(op))
		add_buf(b, &n, q, op, "digest", op->digest, op->digest_len,
			VRING_DESC_F_WRITE);
	b[n].addr = gpa + offsetof(struct vu_slot_shm, status);
	b[n].len = sizeof(s->status);
	b[n].flags = VRING_DESC_F_WRITE;
	n++;
	return n;
}

static inline void
write_desc(struct vring_desc *d, const struct buf *b, uint16_t flags,
	   uint16_t next)
{
	d->addr = htole64(b->addr);
	d->len = htole32(b->len);
	d->flags = htole16(b->flags | flags);
	d->next = htole16(next);
}

/* Place one request; its head id, or -1 when the ring is full. */
static inline int
place_direct(struct vu_queue *q, struct vu_sym_op *op)
{
	struct buf b[VU_MAX_CHAIN];
	uint16_t head = q->free_head, id = head;
	unsigned int n, i;

	n = chain_len(op);
	if (n > q->nb_free)
		return -1;
	prepare(q, head, op, b);
	/*
	 * Free entries are linked in the order we take them; the chain keeps
	 * those links, so freeing it is one splice.
	 */
	for (i = 0; i + 1 < n; i++) {
		uint16_t next = q->slots[id].next_free;

		write_desc(&q->desc[id], &b[i], VRING_DESC_F_NEXT, next);
		id = next;
	}
	write_desc(&q->desc[id], &b[n - 1], 0, 0);
	q->free_head = q->slots[id].next_free;
	q->nb_free -= n;
	q->slots[head].last = id;
	q->slots[head].ndesc = (uint16_t)n;
	return head;
}

static inline int
place_indirect(struct vu_queue *q, struct vu_sym_op *op)
{
	struct buf b[VU_MAX_CHAIN], t;
	struct vring_desc d;
	uint8_t *table;
	uint16_t head = q->free_head;
	unsigned int n, i;

	if (q->nb_free == 0)
		return -1;
	n = prepare(q, head, op, b);
	/* At any offset the test asks for: written bytewise. */
	table = (uint8_t *)slot_shm(q, head)->table + q->table_off;
	for (i = 0; i < n; i++) {
		write_desc(&d, &b[i], i + 1 < n ? VRING_DESC_F_NEXT : 0,
			   i + 1 < n ? (uint16_t)(i + 1) : 0);
		memcpy(table + i * sizeof(d), &d, sizeof(d));
	}
	t.addr = slot_gpa(q, head) + offsetof(struct vu_slot_shm, table) +
		q->table_off;
	t.len = n * sizeof(struct vring_desc);
	t.flags = VRING_DESC_F_INDIRECT;
	write_desc(&q->desc[head], &t, 0, 0);
	q->free_head = q->slots[head].next_free;
	q->nb_free--;
	q->slots[head].last = head;
	q->slots[head].ndesc = 1;
	return head;
}

/* The head of a pinned op, its status preset; -1 if it is in flight. */
static inline int
republish(struct vu_queue *q, const struct vu_sym_op *op)
{
	uint16_t head = (uint16_t)(op->pin - 1);

	if (VU_UNLIKELY(q->slots[head].op != NULL))
		return -1;
	slot_shm(q, head)->status.status = 0xff;
	return head;
}

static struct vu_queue *
queue_of(struct vu_dev *dev, uint16_t qid)
{
	return qid < dev->nb_queues ? &dev->queues[qid] : NULL;
}

int
vu_op_pin(struct vu_dev *dev, uint16_t qid, struct vu_sym_op *op)
{
	struct vu_queue *q = queue_of(dev, qid);
	int head;

	if (q == NULL || op == NULL)
		return -EINVAL;
	if (op->pin != 0)
		return -EBUSY;
	head = q->indirect ? place_indirect(q, op) : place_direct(q, op);
	if (head < 0)
		return -ENOSPC;
	q->slots[head].pinned = 1;
	op->pin = (uint32_t)head + 1;
	return 0;
}

/* Put the chain at @p head back on the free list. */
static inline void
chain_free(struct vu_queue *q, uint16_t head)
{
	struct vu_slot *s = &q->slots[head];

	q->slots[s->last].next_free = q->free_head;
	q->free_head = head;
	q->nb_free += s->ndesc;
}

int
vu_op_unpin(struct vu_dev *dev, uint16_t qid, struct vu_sym_op *op)
{
	struct vu_queue *q = queue_of(dev, qid);
	uint16_t head;

	if (q == NULL || op == NULL || op->pin == 0 || op->pin > q->size ||
	    !q->slots[op->pin - 1].pinned)
		return -EINVAL;
	head = (uint16_t)(op->pin - 1);
	if (q->slots[head].op != NULL)
		return -EBUSY;
	q->slots[head].pinned = 0;
	chain_free(q, head);
	op->pin = 0;
	return 0;
}

/* Does the device want a kick for the entries [old, new)? */
static inline int
need_kick(const struct vu_queue *q, uint16_t old, uint16_t new)
{
	if (q->event_idx)
		return vring_need_event(le16toh(__atomic_load_n(q->avail_event,
							__ATOMIC_RELAXED)),
					new, old);
	return !(le16toh(__atomic_load_n(&q->used->flags, __ATOMIC_RELAXED)) &
		 VRING_USED_F_NO_NOTIFY);
}

static void
kick(const struct vu_queue *q)
{
	uint64_t one = 1;

	/* EAGAIN means the counter is saturated: a kick is pending anyway. */
	while (write(q->kickfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

uint16_t
vu_submit(struct vu_dev *dev, uint16_t qid, struct vu_sym_op **ops,
	  uint16_t n)
{
	struct vu_queue *q;
	uint16_t old, i;
	int head;

	if (VU_UNLIKELY(qid >= dev->nb_queues))
		return 0;
	q = &dev->queues[qid];
	old = q->avail_idx;
	for (i = 0; i < n; i++) {
		if (ops[i]->pin != 0)
			head = republish(q, ops[i]);
		else
			head = q->indirect ? place_indirect(q, ops[i]) :
					     place_direct(q, ops[i]);
		if (head < 0)
			break;
		q->slots[head].op = ops[i];
		q->avail->ring[q->avail_idx++ & q->mask] =
			htole16((uint16_t)head);
	}
	if (i == 0)
		return 0;
	q->inflight += i;
	/* Descriptors, headers and ring entries before the index. */
	__atomic_store_n(&q->avail->idx, htole16(q->avail_idx),
			 __ATOMIC_RELEASE);
	/*
	 * The index store before the suppression read, or a device going
	 * idle in between would miss both the entries and the kick.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (need_kick(q, old, q->avail_idx))
		kick(q);
	return i;
}

static void __attribute__((cold))
bad_used(struct vu_queue *q, uint32_t id)
{
	/* Report the first one; the count says if more followed. */
	if (q->bad_used++ == 0)
		fprintf(stderr,
			"vu_poll: used entry names descriptor %u, which holds "
			"no request (backend bug); skipped\n", id);
}

uint16_t
vu_poll(struct vu_dev *dev, uint16_t qid, struct vu_sym_op **ops,
	uint16_t n)
{
	struct vu_queue *q;
	uint16_t used_idx, last, got = 0;

	if (VU_UNLIKELY(qid >= dev->nb_queues))
		return 0;
	q = &dev->queues[qid];
	last = q->last_used;
	/* Entries and the buffers they describe are visible after this. */
	used_idx = le16toh(__atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE));
	while (last != used_idx && got < n) {
		const struct vring_used_elem *e =
			&q->used->ring[last++ & q->mask];
		uint32_t id = le32toh(e->id);
		struct vu_slot *s;
		struct vu_sym_op *op;

		if (VU_UNLIKELY(id >= q->size ||
				(op = q->slots[id].op) == NULL)) {
			bad_used(q, id);
			continue;
		}
		s = &q->slots[id];
		op->status = slot_shm(q, (uint16_t)id)->status.status;
		op->used_len = le32toh(e->len);
		s->op = NULL;
		if (!s->pinned)
			chain_free(q, (uint16_t)id);
		ops[got++] = op;
	}
	if (last != q->last_used) {
		q->last_used = last;
		q->inflight -= got;
		if (q->event_idx)
			__atomic_store_n(q->used_event,
					 htole16((uint16_t)(last - 1)),
					 __ATOMIC_RELAXED);
	}
	return got;
}

uint16_t
vu_inflight(const struct vu_dev *dev, uint16_t qid)
{
	if (qid >= dev->nb_queues)
		return 0;
	return dev->queues[qid].inflight;
}
