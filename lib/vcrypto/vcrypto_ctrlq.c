/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control virtqueue: session create/destroy the way the spec (and a
 * frontend that hands the controlq to its backend) does it. One control
 * thread polls every running device's controlq every 100 us; it is no data
 * lcore, since destroying a session waits for those to quiesce.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/eventfd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_vhost.h>

#include "vcrypto_private.h"

#define CQ_POLL_US 100

static vc_ctrl_thread_t cq_thread;
static uint32_t cq_thread_on;
static uint32_t cq_thread_stop;

/* Map a session table error to the status the guest sees. */
static uint8_t
status_of(int rc)
{
	switch (rc) {
	case 0: return VIRTIO_CRYPTO_OK;
	case -ENOTSUP: return VIRTIO_CRYPTO_NOTSUPP;
	case -ENOENT: return VIRTIO_CRYPTO_INVSESS;
	case -EINVAL: return VIRTIO_CRYPTO_BADMSG;
	default: return VIRTIO_CRYPTO_ERR;
	}
}

/* Serve one request; the bytes written for the used entry. */
static uint32_t
cq_serve_one(struct vcrypto_device *dev, struct vcrypto_cq *cq,
	     uint16_t head)
{
	static struct vc_chain_short chain_room; /* only the control thread */
	static struct vc_ctrl_req req;
	struct vc_chain *chain = vc_chain_short_init(&chain_room, UINT32_MAX);
	struct virtio_crypto_session_input in;
	uint64_t id = 0;
	uint8_t st;
	int rc;

	rc = vc_chain_walk(cq->desc, cq->size, head, &cq->mem,
			   cq->indirect_ok, chain);
	if (rc != VC_CHAIN_OK) {
		VC_SESS_LOG(NOTICE, "%s: controlq: %s", dev->path,
			    vc_chain_strerror(rc));
		return 0;
	}
	rc = vc_ctrl_decode(chain, &req);
	if (rc == VIRTIO_CRYPTO_OK && req.kind == VC_CTRL_CREATE) {
		st = status_of(req.sess.service ==
			       VIRTIO_CRYPTO_SERVICE_AKCIPHER ?
			       vcrypto_session_create_asym(dev, &req.ak, &id) :
			       vcrypto_session_create(dev, &req.sess, &id));
		VC_SESS_LOG(DEBUG, "%s: controlq: opcode %#x: session %#"
			    PRIx64 " status %u", dev->path, req.opcode, id,
			    st);
	} else if (rc == VIRTIO_CRYPTO_OK) {
		st = status_of(vcrypto_session_destroy(dev, req.session_id));
	} else {
		st = (uint8_t)rc;
	}
	explicit_bzero(&req.sess, sizeof(req.sess));
	explicit_bzero(&req.ak, sizeof(req.ak));
	if (req.wr_need == 0 || chain->wr_len < req.wr_need) {
		/* Not even room for a status: nothing to write. */
		return 0;
	}
	if (req.kind == VC_CTRL_CREATE) {
		memset(&in, 0, sizeof(in));
		in.session_id = htole64(st == VIRTIO_CRYPTO_OK ? id : 0);
		in.status = htole32(st);
		vc_segs_write(chain->wr, chain->nr_wr, 0, &in, sizeof(in));
		return sizeof(in);
	}
	vc_segs_write(chain->wr, chain->nr_wr, 0, &st, sizeof(st));
	return sizeof(st);
}

static void
cq_notify(struct vcrypto_cq *cq, uint16_t old, uint16_t new)
{
	int notify;

	if (cq->callfd < 0)
		return;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (cq->event_idx)
		notify = vring_need_event(__atomic_load_n(
				&cq->avail->ring[cq->size], __ATOMIC_RELAXED),
			new, old);
	else
		notify = !(__atomic_load_n(&cq->avail->flags,
			   __ATOMIC_RELAXED) & VRING_AVAIL_F_NO_INTERRUPT);
	if (notify)
		eventfd_write(cq->callfd, 1);
}

/* Serve what the controlq holds; the caller holds dev->lock. */
static void
cq_serve(struct vcrypto_device *dev, struct vcrypto_cq *cq)
{
	uint16_t avail, old = cq->used_idx, n;

	if (cq->broken)
		return;
	avail = __atomic_load_n(&cq->avail->idx, __ATOMIC_ACQUIRE);
	n = (uint16_t)(avail - cq->last_avail);
	if (n == 0)
		return;
	if (n > cq->size) {
		VC_SESS_LOG(ERR, "%s: controlq: avail index %u is %u ahead: "
			    "queue stopped", dev->path, avail, n);
		cq->broken = 1;
		return;
	}
	while (n-- > 0) {
		uint16_t head = __atomic_load_n(
			&cq->avail->ring[cq->last_avail & (cq->size - 1)],
			__ATOMIC_RELAXED);
		struct vring_used_elem *e =
			&cq->used->ring[cq->used_idx & (cq->size - 1)];

		cq->last_avail++;
		e->len = cq_serve_one(dev, cq, head);
		e->id = head;
		cq->used_idx++;
		cq->requests++;
	}
	__atomic_store_n(&cq->used->idx, cq->used_idx, __ATOMIC_RELEASE);
	cq_notify(cq, old, cq->used_idx);
}

static vc_ctrl_thread_ret
cq_main(void *arg)
{
	int i;

	RTE_SET_USED(arg);
	while (!__atomic_load_n(&cq_thread_stop, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < vcrypto_be.nb_devs; i++) {
			struct vcrypto_device *dev = vcrypto_be.devs[i];

			if (!__atomic_load_n(&dev->cq.running,
					     __ATOMIC_ACQUIRE))
				continue;
			pthread_mutex_lock(&dev->lock);
			if (dev->cq.running)
				cq_serve(dev, &dev->cq);
			pthread_mutex_unlock(&dev->lock);
		}
		rte_delay_us_sleep(CQ_POLL_US);
	}
	return 0;
}

int
vcrypto_ctrlq_thread_start(void)
{
	int rc;

	if (cq_thread_on)
		return 0;
	__atomic_store_n(&cq_thread_stop, 0, __ATOMIC_RELEASE);
	rc = vc_ctrl_thread_create(&cq_thread, "vcrypto-ctrlq", cq_main);
	if (rc != 0) {
		VC_LOG(ERR, "cannot start the controlq thread: %s",
		       strerror(rc));
		return -rc;
	}
	cq_thread_on = 1;
	return 0;
}

void
vcrypto_ctrlq_thread_stop(void)
{
	if (!cq_thread_on)
		return;
	__atomic_store_n(&cq_thread_stop, 1, __ATOMIC_RELEASE);
	vc_ctrl_thread_join(cq_thread);
	cq_thread_on = 0;
}

int
vcrypto_ctrlq_start(struct vcrypto_device *dev, int vid, uint16_t qid,
		    struct rte_vhost_memory *mem, int indirect_ok)
{
	struct vcrypto_cq *cq = &dev->cq;
	struct rte_vhost_vring vr;
	uint16_t last_avail, last_used;
	uint32_t i;

	if (rte_vhost_get_vhost_vring(vid, qid, &vr) != 0 ||
	    vr.desc == NULL || vr.avail == NULL || vr.used == NULL ||
	    vr.size == 0 || vr.size > VC_MAX_RING_SIZE ||
	    (vr.size & (vr.size - 1)) != 0 ||
	    rte_vhost_get_vring_base(vid, qid, &last_avail, &last_used) != 0)
		return -EINVAL;
	pthread_mutex_lock(&dev->lock);
	cq->desc = vr.desc;
	cq->avail = vr.avail;
	cq->used = vr.used;
	cq->size = vr.size;
	cq->qid = qid;
	cq->callfd = vr.callfd;
	cq->last_avail = last_avail;
	cq->used_idx = last_used;
	cq->broken = 0;
	cq->event_idx =
		!!(dev->features & (1ULL << VIRTIO_RING_F_EVENT_IDX));
	cq->indirect_ok = !!indirect_ok;
	cq->mem.nregions = RTE_MIN(mem->nregions,
				   (uint32_t)VC_MAX_MEM_REGIONS);
	cq->mem.last_hit = 0;
	for (i = 0; i < cq->mem.nregions; i++) {
		cq->mem.regions[i].gpa = mem->regions[i].guest_phys_addr;
		cq->mem.regions[i].size = mem->regions[i].size;
		cq->mem.regions[i].hva = mem->regions[i].host_user_addr;
	}
	/* We poll: the driver need not kick us. */
	__atomic_store_n(&cq->used->flags, VRING_USED_F_NO_NOTIFY,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&cq->running, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&dev->lock);
	VC_SESS_LOG(DEBUG, "%s: controlq (vring %u) started", dev->path,
		    qid);
	return 0;
}

void
vcrypto_ctrlq_stop(struct vcrypto_device *dev)
{
	struct vcrypto_cq *cq = &dev->cq;

	pthread_mutex_lock(&dev->lock);
	if (cq->running) {
		__atomic_store_n(&cq->running, 0, __ATOMIC_RELEASE);
		if (dev->vid >= 0)
			rte_vhost_set_vring_base(dev->vid, cq->qid,
						 cq->last_avail, cq->used_idx);
	}
	pthread_mutex_unlock(&dev->lock);
}
