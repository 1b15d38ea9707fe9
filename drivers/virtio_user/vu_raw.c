/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-only raw access: place whatever bytes a hostile guest could, with
 * none of the driver's checks, so tests can see how a backend copes.
 */
#include <endian.h>
#include <errno.h>
#include <unistd.h>

#include "vu_private.h"

uint64_t
vu_raw_gpa(const struct vu_dev *dev, const void *p)
{
	return vu_mem_gpa(&dev->mem, p, 1);
}

void
vu_raw_mem(const struct vu_dev *dev, uint64_t *gpa, uint64_t *size,
	   uint64_t *region_size)
{
	*gpa = dev->mem.gpa_base;
	*size = dev->mem.size;
	*region_size = dev->mem.region_size;
}

uint16_t
vu_raw_queue_size(const struct vu_dev *dev)
{
	return dev->queue_size;
}

static struct vu_queue *
queue_of(struct vu_dev *dev, uint16_t qid)
{
	return qid < dev->nb_queues ? &dev->queues[qid] : NULL;
}

int
vu_raw_desc(struct vu_dev *dev, uint16_t qid, uint16_t idx, uint64_t addr,
	    uint32_t len, uint16_t flags, uint16_t next)
{
	struct vu_queue *q = queue_of(dev, qid);

	if (q == NULL || idx >= q->size)
		return -EINVAL;
	q->desc[idx].addr = htole64(addr);
	q->desc[idx].len = htole32(len);
	q->desc[idx].flags = htole16(flags);
	q->desc[idx].next = htole16(next);
	return 0;
}

int
vu_raw_avail_add(struct vu_dev *dev, uint16_t qid, uint16_t head)
{
	struct vu_queue *q = queue_of(dev, qid);

	if (q == NULL)
		return -EINVAL;
	q->avail->ring[q->avail_idx++ & q->mask] = htole16(head);
	return 0;
}

uint16_t
vu_raw_avail_next(const struct vu_dev *dev, uint16_t qid)
{
	return qid < dev->nb_queues ? dev->queues[qid].avail_idx : 0;
}

int
vu_raw_avail_publish(struct vu_dev *dev, uint16_t qid, uint16_t idx)
{
	struct vu_queue *q = queue_of(dev, qid);
	uint64_t one = 1;

	if (q == NULL)
		return -EINVAL;
	q->avail_idx = idx;
	__atomic_store_n(&q->avail->idx, htole16(idx), __ATOMIC_RELEASE);
	/* The backend polls; the kick is for one that would not. */
	if (write(q->kickfd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

int
vu_raw_used_take(struct vu_dev *dev, uint16_t qid, uint32_t *id,
		 uint32_t *len)
{
	struct vu_queue *q = queue_of(dev, qid);
	const struct vring_used_elem *e;

	if (q == NULL)
		return 0;
	if (le16toh(__atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE)) ==
	    q->last_used)
		return 0;
	e = &q->used->ring[q->last_used & q->mask];
	*id = le32toh(e->id);
	*len = le32toh(e->len);
	q->last_used++;
	/* Keep interrupts suppressed as vu_poll() does. */
	if (q->event_idx)
		__atomic_store_n(q->used_event,
				 htole16((uint16_t)(q->last_used - 1)),
				 __ATOMIC_RELAXED);
	return 1;
}

int
vu_raw_session_msg(struct vu_dev *dev, const void *payload, uint32_t size,
		   void *reply, uint32_t reply_size)
{
	int rc;

	rc = vu_chan_send(&dev->chan, VU_CREATE_CRYPTO_SESSION, 0, payload,
			  size, NULL, 0, NULL, 0);
	if (rc < 0 || reply_size == 0)
		return rc;
	return vu_chan_recv(&dev->chan, VU_CREATE_CRYPTO_SESSION, reply,
			    reply_size, NULL, 0);
}

void
vu_raw_abandon(struct vu_dev *dev)
{
	if (dev == NULL)
		return;
	/* Not started: close skips GET_VRING_BASE and just lets go. */
	dev->started = 0;
	vu_dev_close(dev);
}
