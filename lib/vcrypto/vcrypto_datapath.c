/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The poll loop: take requests from the guest's rings, turn them into
 * crypto ops, run them on the lcore's queue pair, write results back.
 */
#include <endian.h>
#include <string.h>
#include <sys/eventfd.h>

#include <rte_cryptodev.h>
#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "vcrypto_private.h"

/* Ops prepared but not yet accepted by the PMD, oldest first. */
struct pending {
	uint16_t head;
	uint16_t count;
	struct rte_crypto_op *ops[2 * VCRYPTO_MAX_BURST];
};

enum take_result {
	TAKEN,        /* an op was prepared, or the request completed */
	NO_RESOURCE,  /* out of ops or buffers: leave it in the ring */
};

/* Say what a guest got wrong, at most once a second per queue. */
static void
guest_error(struct vcrypto_vq *vq, uint16_t head, const char *why)
{
	uint64_t now = rte_get_timer_cycles();

	if (now < vq->log_after)
		return;
	vq->log_after = now + rte_get_timer_hz();
	VC_DP_LOG(WARNING, "%s: queue %u: request %u: %s", vq->dev->path,
		  vq->qid, head, why);
}

static inline void
used_add(struct vcrypto_vq *vq, uint16_t head, uint32_t len)
{
	struct vring_used_elem *e =
		&vq->used->ring[vq->used_idx & (vq->size - 1)];

	e->id = head;
	e->len = len;
	vq->used_idx++;
}

/* One counter per status a request completes with. */
static inline void
count_status(struct vcrypto_vq *vq, uint8_t status)
{
	switch (status) {
	case VIRTIO_CRYPTO_OK: vq->stats.ok++; break;
	case VIRTIO_CRYPTO_BADMSG: vq->stats.badmsg++; break;
	case VIRTIO_CRYPTO_NOTSUPP: vq->stats.notsupp++; break;
	case VIRTIO_CRYPTO_INVSESS: vq->stats.invsess++; break;
	case VIRTIO_CRYPTO_KEY_REJECTED: vq->stats.key_rejected++; break;
	default: vq->stats.err++; break;
	}
}

/* Complete a request we will not run, with @p status in its status byte. */
static void
complete_early(struct vcrypto_vq *vq, uint16_t head,
	       const struct vc_chain *c, uint8_t status)
{
	uint8_t *sb = vc_segs_last_byte(c->wr, c->nr_wr);

	if (sb != NULL)
		*sb = status;
	count_status(vq, status);
	switch (status) {
	case VIRTIO_CRYPTO_BADMSG:
		guest_error(vq, head, "malformed request");
		break;
	case VIRTIO_CRYPTO_NOTSUPP:
		guest_error(vq, head, "unsupported operation");
		break;
	case VIRTIO_CRYPTO_INVSESS:
		guest_error(vq, head, "unknown session");
		break;
	}
	used_add(vq, head, sb != NULL ? 1 : 0);
}

/* Fix an AEAD request's payload and tag against its session. */
static int
aead_fits(const struct vcrypto_session *s, struct vc_sym_req *r)
{
	int enc = r->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT;

	if (s->encrypt != enc || s->iv_len != r->iv_len ||
	    s->aad_len != r->aad_len)
		return 0;
	/* Both lengths are at most 64 KiB: no overflow in 32 bits. */
	if (enc) {
		if (r->dst_len != r->src_len + s->digest_len)
			return 0;
		r->cipher_len = r->src_len;
	} else {
		if (r->src_len <= s->digest_len ||
		    r->dst_len != r->src_len - s->digest_len)
			return 0;
		r->cipher_len = r->dst_len;
	}
	r->hash_result_len = s->digest_len;
	return 1;
}

static int
session_fits(const struct vcrypto_session *s, struct vc_sym_req *r)
{
	if (s->service != r->service)
		return 0;
	if (r->service == VIRTIO_CRYPTO_SERVICE_AEAD)
		return aead_fits(s, r);
	if (r->service != VIRTIO_CRYPTO_SERVICE_CIPHER)
		return s->digest_len == r->hash_result_len;
	if (s->op_type != r->op_type || s->iv_len != r->iv_len ||
	    (r->cipher_len & s->block_mask) != 0)
		return 0;
	if (s->encrypt != (r->opcode == VIRTIO_CRYPTO_CIPHER_ENCRYPT))
		return 0;
	if (r->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING &&
	    s->digest_len != r->hash_result_len)
		return 0;
	return 1;
}

/* Take an op from the lcore's stash, refilled from the pool in bulk. */
static inline struct rte_crypto_op *
op_get(struct vcrypto_lcore *lc)
{
	if (lc->nb_ops == 0) {
		if (rte_crypto_op_bulk_alloc(lc->op_pool,
				RTE_CRYPTO_OP_TYPE_SYMMETRIC, lc->ops,
				VCRYPTO_STASH) == 0)
			return NULL;
		lc->nb_ops = VCRYPTO_STASH;
	}
	return lc->ops[--lc->nb_ops];
}

static inline struct rte_mbuf *
mbuf_get(struct vcrypto_lcore *lc, uint32_t len)
{
	if (len > SMALL_BUF_SIZE)
		return rte_pktmbuf_alloc(lc->large_pool);
	if (lc->nb_mbufs == 0) {
		if (rte_pktmbuf_alloc_bulk(lc->small_pool, lc->mbufs,
					   VCRYPTO_STASH) != 0)
			return NULL;
		lc->nb_mbufs = VCRYPTO_STASH;
	}
	return lc->mbufs[--lc->nb_mbufs];
}

/* Where [off, off + len) of a segment list lies, if in one piece. */
static inline uint8_t *
segs_contig(const struct vc_seg *segs, unsigned int nsegs, uint32_t off,
	    uint32_t len)
{
	unsigned int i;

	for (i = 0; i < nsegs; i++) {
		if (off < segs[i].len)
			return segs[i].len - off >= len ?
				segs[i].addr + off : NULL;
		off -= segs[i].len;
	}
	return NULL;
}

/* An mbuf over guest memory: software PMDs take IOVA as VA. */
static inline void
mbuf_on_guest(struct rte_mbuf *m, uint8_t *addr, uint32_t len)
{
	m->buf_addr = addr;
	m->buf_iova = (rte_iova_t)(uintptr_t)addr;
	m->buf_len = (uint16_t)len;
	m->data_off = 0;
	m->data_len = m->pkt_len = len;
}

/*
 * Zero copy: the PMD reads the guest's source and writes its destination
 * in place, out of place from each other. Only when each is one piece of
 * our mapping; the caller copies otherwise.
 */
static int
attach_zero_copy(struct vcrypto_lcore *lc, struct rte_crypto_op *op,
		 const struct vc_chain *c, const struct vc_sym_req *r)
{
	uint8_t *src = segs_contig(c->rd, c->nr_rd, r->rd_src, r->src_len);
	uint8_t *dst = segs_contig(c->wr, c->nr_wr, r->wr_dst, r->dst_len);
	struct rte_mbuf *m[2];
	uint32_t tail;

	if (src == NULL || dst == NULL ||
	    rte_pktmbuf_alloc_bulk(lc->zc_pool, m, 2) != 0)
		return -1;
	mbuf_on_guest(m[0], src, r->src_len);
	mbuf_on_guest(m[1], dst, r->dst_len);
	op->sym->m_src = m[0];
	op->sym->m_dst = m[1];
	/* The PMD writes only the ciphered part; the rest is the source. */
	tail = r->cipher_off + r->cipher_len;
	if (r->cipher_off != 0)
		memmove(dst, src, r->cipher_off);
	if (tail < r->src_len)
		memmove(dst + tail, src + tail, r->src_len - tail);
	return 0;
}

static int
attach_copy(struct vcrypto_lcore *lc, struct rte_crypto_op *op,
	    const struct vc_chain *c, const struct vc_sym_req *r)
{
	struct rte_mbuf *m = mbuf_get(lc, r->src_len);

	if (m == NULL)
		return -1;
	/* The whole buffer is ours: no headroom needed. */
	m->data_off = 0;
	m->data_len = m->pkt_len = r->src_len;
	vc_segs_read(c->rd, c->nr_rd, r->rd_src, rte_pktmbuf_mtod(m, void *),
		     r->src_len);
	op->sym->m_src = m;
	return 0;
}

/*
 * Hash, MAC and AEAD ops: copy mode (the source in our mbuf, results
 * written back at completion, nothing written if they fail), but for
 * AEAD encryption, which may run zero copy.
 */
static void
prepare_service(struct rte_crypto_op *op, struct vcrypto_op_priv *priv,
		const struct vc_chain *c, const struct vc_sym_req *r,
		struct vcrypto_req *rq)
{
	struct rte_crypto_sym_op *sym = op->sym;

	if (r->service != VIRTIO_CRYPTO_SERVICE_AEAD) {
		sym->auth.data.offset = 0;
		sym->auth.data.length = r->src_len;
		sym->auth.digest.data = priv->digest;
		sym->auth.digest.phys_addr = rte_crypto_op_ctophys_offset(op,
			VCRYPTO_DIGEST_OFFSET);
		rq->dst_len = 0;
		rq->hash_len = r->hash_result_len;
		rq->hash_off = 0;
		rq->done_len = r->hash_result_len;
		return;
	}
	vc_segs_read(c->rd, c->nr_rd, r->rd_aad, priv->aad, r->aad_len);
	sym->aead.data.offset = 0;
	sym->aead.data.length = r->cipher_len;
	sym->aead.aad.data = priv->aad;
	sym->aead.aad.phys_addr = rte_crypto_op_ctophys_offset(op,
		VCRYPTO_AAD_OFFSET);
	if (r->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT) {
		/* The tag follows the ciphertext: in place if we can. */
		uint8_t *tag = sym->m_dst == NULL ? NULL :
			segs_contig(c->wr, c->nr_wr, r->cipher_len,
				    r->hash_result_len);

		if (tag != NULL) {
			sym->aead.digest.data = tag;
			sym->aead.digest.phys_addr =
				(rte_iova_t)(uintptr_t)tag;
			rq->hash_len = 0;
		} else {
			sym->aead.digest.data = priv->digest;
			sym->aead.digest.phys_addr =
				rte_crypto_op_ctophys_offset(op,
					VCRYPTO_DIGEST_OFFSET);
			rq->hash_len = r->hash_result_len;
		}
	} else {
		/* The tag the guest sent follows the ciphertext. */
		sym->aead.digest.data = rte_pktmbuf_mtod_offset(sym->m_src,
			uint8_t *, r->cipher_len);
		sym->aead.digest.phys_addr = rte_pktmbuf_iova_offset(
			sym->m_src, r->cipher_len);
		rq->hash_len = 0;
	}
	/* Zero copy left nothing to copy out. */
	rq->dst_len = sym->m_dst != NULL ? 0 : r->cipher_len;
	rq->hash_off = r->cipher_len;
	rq->done_len = r->dst_len;
}

/* The request is the op's until it completes: keep where its results go. */
static void
queue_op(struct vcrypto_vq *vq, uint16_t head, const struct vc_chain *c,
	 struct rte_crypto_op *op, struct pending *pend)
{
	struct vcrypto_req *rq = &vq->reqs[head];

	rq->busy = 1;
	rq->nr_wr = c->nr_wr;
	memcpy(rq->wr, c->wr, sizeof(c->wr[0]) * c->nr_wr);
	vq->inflight++;
	pend->ops[(pend->head + pend->count) % RTE_DIM(pend->ops)] = op;
	pend->count++;
}

/* Build the op of a decoded request. */
static enum take_result
prepare_op(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t head,
	   const struct vc_chain *c, const struct vc_sym_req *r,
	   const struct vcrypto_session *s, struct pending *pend)
{
	struct rte_crypto_op *op;
	struct vcrypto_op_priv *priv;
	struct vcrypto_req *rq = &vq->reqs[head];
	uint8_t *digest = NULL;
	int cipher = r->service == VIRTIO_CRYPTO_SERVICE_CIPHER;
	/*
	 * AEAD encryption may write straight into the guest; decryption
	 * must not show it plaintext before the tag is checked.
	 */
	int direct = cipher || r->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT;

	op = op_get(lc);
	if (op == NULL)
		return NO_RESOURCE;
	if ((!lc->zero_copy || !direct ||
	     attach_zero_copy(lc, op, c, r) != 0) &&
	    attach_copy(lc, op, c, r) != 0) {
		lc->ops[lc->nb_ops++] = op;
		return NO_RESOURCE;
	}
	priv = vcrypto_op_priv(op);
	vc_segs_read(c->rd, c->nr_rd, r->rd_iv, priv->iv, r->iv_len);
	priv->vq = vq;
	priv->head = head;
	rte_crypto_op_attach_sym_session(op, s->cs);
	if (!cipher) {
		prepare_service(op, priv, c, r, rq);
		goto queued;
	}

	op->sym->cipher.data.offset = r->cipher_off;
	op->sym->cipher.data.length = r->cipher_len;
	if (r->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
		op->sym->auth.data.offset = r->hash_off;
		op->sym->auth.data.length = r->hash_len;
		if (op->sym->m_dst != NULL)
			digest = segs_contig(c->wr, c->nr_wr, r->wr_hash,
					     r->hash_result_len);
		if (digest != NULL) {
			op->sym->auth.digest.data = digest;
			op->sym->auth.digest.phys_addr =
				(rte_iova_t)(uintptr_t)digest;
		} else {
			op->sym->auth.digest.data = priv->digest;
			op->sym->auth.digest.phys_addr =
				rte_crypto_op_ctophys_offset(op,
					VCRYPTO_DIGEST_OFFSET);
		}
	}
	rq->dst_len = op->sym->m_dst != NULL ? 0 : r->dst_len;
	rq->hash_len = digest != NULL ? 0 : r->hash_result_len;
	rq->hash_off = r->wr_hash;
	rq->done_len = r->dst_len + r->hash_result_len;
queued:
	queue_op(vq, head, c, op, pend);
	return TAKEN;
}

/* Akcipher requests are built, and finished, in vcrypto_asym.c. */
static enum take_result
take_asym(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t head,
	  const struct vc_chain *c, const struct virtio_crypto_op_data_req *hdr,
	  struct pending *pend)
{
	struct rte_crypto_op *op;
	int rc = vcrypto_asym_prepare(lc, vq, head, c, hdr, &op);

	if (rc < 0)
		return NO_RESOURCE;
	if (rc != VIRTIO_CRYPTO_OK)
		complete_early(vq, head, c, (uint8_t)rc);
	else
		queue_op(vq, head, c, op, pend);
	return TAKEN;
}

/* Decode one request; run it, or complete it at once if it is bad. */
static enum take_result
take_request(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t head,
	     struct vc_chain *c, struct pending *pend)
{
	static const struct vc_req_limits lim = {
		.max_data_len = VCRYPTO_MAX_DATA_LEN,
	};
	struct virtio_crypto_op_data_req hdr;
	struct vcrypto_session *s;
	struct vc_sym_req r;
	int rc;

	rc = vc_chain_walk(vq->desc, vq->size, head, &vq->mem,
			   vq->indirect_ok, c);
	if (rc != VC_CHAIN_OK) {
		/* Nothing in a broken chain can be trusted to hold status. */
		vq->stats.bad_chains++;
		guest_error(vq, head, vc_chain_strerror(rc));
		used_add(vq, head, 0);
		return TAKEN;
	}
	if (c->rd_len < sizeof(hdr)) {
		complete_early(vq, head, c, VIRTIO_CRYPTO_BADMSG);
		return TAKEN;
	}
	/* One private copy of the header: no double fetch from the guest. */
	if (likely(c->rd[0].len >= sizeof(hdr)))
		memcpy(&hdr, c->rd[0].addr, sizeof(hdr));
	else
		vc_segs_read(c->rd, c->nr_rd, 0, &hdr, sizeof(hdr));
	if (unlikely(le32toh(hdr.header.opcode) >> 8 ==
		     VIRTIO_CRYPTO_SERVICE_AKCIPHER))
		return take_asym(lc, vq, head, c, &hdr, pend);
	rc = vc_sym_req_decode(&hdr, c->rd_len, c->wr_len, &lim, &r);
	if (rc != VIRTIO_CRYPTO_OK) {
		complete_early(vq, head, c, rc);
		return TAKEN;
	}
	s = vcrypto_session_lookup(vq->dev, r.session_id);
	if (s == NULL) {
		complete_early(vq, head, c, VIRTIO_CRYPTO_INVSESS);
		return TAKEN;
	}
	if (!session_fits(s, &r)) {
		complete_early(vq, head, c, VIRTIO_CRYPTO_BADMSG);
		return TAKEN;
	}
	return prepare_op(lc, vq, head, c, &r, s, pend);
}

static void
mark_broken(struct vcrypto_vq *vq, const char *why)
{
	if (!vq->broken)
		VC_DP_LOG(ERR, "%s: queue %u: %s; queue stopped",
			  vq->dev->path, vq->qid, why);
	vq->broken = 1;
	vq->stats.broken = 1;
}

/* Take up to @p room requests from @p vq's avail ring. */
static void
poll_vq(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t room,
	struct vc_chain *c, struct pending *pend)
{
	uint16_t avail_idx, n, i, mask = vq->size - 1;
	uint16_t heads[VCRYPTO_MAX_BURST];

	if (vq->broken)
		return;
	avail_idx = __atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE);
	n = (uint16_t)(avail_idx - vq->last_avail);
	if (n == 0)
		return;
	if (n > vq->size) {
		mark_broken(vq, "avail index moved past the ring size");
		return;
	}
	n = RTE_MIN(n, room);
	/* Read the heads first so their descriptors load while we work. */
	for (i = 0; i < n; i++) {
		heads[i] = __atomic_load_n(
			&vq->avail->ring[(uint16_t)(vq->last_avail + i) & mask],
			__ATOMIC_RELAXED);
		if (likely(heads[i] < vq->size))
			rte_prefetch0(&vq->desc[heads[i]]);
	}
	for (i = 0; i < n; i++) {
		uint16_t head = heads[i];

		if (head >= vq->size) {
			mark_broken(vq, "avail ring names a bad descriptor");
			return;
		}
		if (vq->reqs[head].busy) {
			mark_broken(vq, "descriptor reused while in flight");
			return;
		}
		if (take_request(lc, vq, head, c, pend) == NO_RESOURCE) {
			vq->stats.alloc_retries++;
			return;
		}
		vq->last_avail++;
		vq->stats.requests++;
	}
}

static uint8_t
virtio_status(const struct rte_crypto_op *op)
{
	switch (op->status) {
	case RTE_CRYPTO_OP_STATUS_SUCCESS: return VIRTIO_CRYPTO_OK;
	case RTE_CRYPTO_OP_STATUS_AUTH_FAILED: return VIRTIO_CRYPTO_BADMSG;
	case RTE_CRYPTO_OP_STATUS_INVALID_ARGS: return VIRTIO_CRYPTO_BADMSG;
	case RTE_CRYPTO_OP_STATUS_INVALID_SESSION:
		return VIRTIO_CRYPTO_INVSESS;
	default: return VIRTIO_CRYPTO_ERR;
	}
}

/* A request's status to the guest, and its entry to the used ring. */
static void
req_done(struct vcrypto_vq *vq, uint16_t head, uint8_t status, uint32_t len)
{
	struct vcrypto_req *rq = &vq->reqs[head];

	count_status(vq, status);
	*vc_segs_last_byte(rq->wr, rq->nr_wr) = status;
	rq->busy = 0;
	vq->inflight--;
	used_add(vq, head, len);
}

/* Write a symmetric op's results and status to the guest. */
static void
complete_op(struct rte_crypto_op *op)
{
	struct vcrypto_op_priv *priv = vcrypto_op_priv(op);
	struct vcrypto_vq *vq = priv->vq;
	struct vcrypto_req *rq = &vq->reqs[priv->head];
	uint8_t status = virtio_status(op);
	uint32_t len = 1;

	if (status == VIRTIO_CRYPTO_OK) {
		/* What zero copy already put in place has length 0 here. */
		if (rq->dst_len != 0)
			vc_segs_write(rq->wr, rq->nr_wr, 0, rte_pktmbuf_mtod(
				op->sym->m_src, void *), rq->dst_len);
		if (rq->hash_len != 0)
			vc_segs_write(rq->wr, rq->nr_wr, rq->hash_off,
				      priv->digest, rq->hash_len);
		len += rq->done_len;
		vq->stats.bytes += rq->hash_off;
	}
	req_done(vq, priv->head, status, len);
}

/* Publish the used entries of a batch, and notify if the guest asked. */
static void
flush_used(struct vcrypto_vq *vq)
{
	uint16_t old = vq->used_published, new = vq->used_idx;
	int notify;

	if (old == new)
		return;
	__atomic_store_n(&vq->used->idx, new, __ATOMIC_RELEASE);
	vq->used_published = new;
	if (vq->callfd < 0)
		return;
	/* Order the idx store before reading the guest's suppression. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (vq->event_idx) {
		uint16_t ev = __atomic_load_n(&vq->avail->ring[vq->size],
					      __ATOMIC_RELAXED);
		notify = vring_need_event(ev, new, old);
	} else {
		notify = !(__atomic_load_n(&vq->avail->flags,
			   __ATOMIC_RELAXED) & VRING_AVAIL_F_NO_INTERRUPT);
	}
	if (notify) {
		eventfd_write(vq->callfd, 1);
		vq->stats.notifications++;
	}
}

/* Complete ops the PMD gave back (or refused) and free them. */
static void
finish_ops(struct vcrypto_lcore *lc, struct rte_crypto_op **ops, uint16_t n)
{
	struct rte_mbuf *mbufs[2 * VCRYPTO_MAX_BURST];
	uint16_t i, nm = 0, ns = 0;

	for (i = 0; i < n; i++) {
		if (unlikely(ops[i]->type == RTE_CRYPTO_OP_TYPE_ASYMMETRIC)) {
			struct vcrypto_vq *vq;
			uint32_t len;
			uint16_t head;
			uint8_t st = vcrypto_asym_finish(ops[i], &vq, &head,
							 &len);

			req_done(vq, head, st, len);
			continue;
		}
		complete_op(ops[i]);
		mbufs[nm++] = ops[i]->sym->m_src;
		if (ops[i]->sym->m_dst != NULL)
			mbufs[nm++] = ops[i]->sym->m_dst;
		ops[ns++] = ops[i];
	}
	rte_pktmbuf_free_bulk(mbufs, nm);
	rte_mempool_put_bulk(lc->op_pool, (void **)ops, ns);
	__atomic_store_n(&lc->completed, lc->completed + n,
			 __ATOMIC_RELEASE);
}

static void
enqueue_pending(struct vcrypto_lcore *lc, struct pending *pend)
{
	uint16_t cap = RTE_DIM(pend->ops), sent, n;
	struct rte_crypto_op *op;

	while (pend->count > 0) {
		/* The pending ring may wrap: send its contiguous part. */
		n = RTE_MIN(pend->count, cap - pend->head);
		sent = rte_cryptodev_enqueue_burst(vcrypto_be.conf.cdev_id,
				lc->qp_id, &pend->ops[pend->head], n);
		pend->head = (pend->head + sent) % cap;
		pend->count -= sent;
		if (sent == n)
			continue;
		/*
		 * Some PMDs (openssl) stop at an op they cannot run and mark
		 * it failed: that one is done; anything else is a full queue.
		 */
		op = pend->ops[pend->head];
		if (op->status == RTE_CRYPTO_OP_STATUS_NOT_PROCESSED) {
			lc->enq_retries++;
			break;
		}
		finish_ops(lc, &pend->ops[pend->head], 1);
		pend->head = (pend->head + 1) % cap;
		pend->count--;
	}
}

static void
dequeue_completions(struct vcrypto_lcore *lc)
{
	struct rte_crypto_op *ops[VCRYPTO_MAX_BURST];
	uint16_t n;

	n = rte_cryptodev_dequeue_burst(vcrypto_be.conf.cdev_id, lc->qp_id,
					ops, vcrypto_be.conf.burst);
	if (n != 0)
		finish_ops(lc, ops, n);
}

int
vcrypto_lcore_poll(void *arg __rte_unused)
{
	struct vcrypto_lcore *lc = vcrypto_lcore_find(rte_lcore_id());
	struct pending pend = { 0 };
	struct vc_chain *chain;
	uint16_t burst = vcrypto_be.conf.burst;
	uint64_t inflight_total;
	int stopping = 0;

	if (lc == NULL)
		return -1;
	chain = rte_malloc("vcrypto_chain", sizeof(*chain), 0);
	if (chain == NULL)
		return -1;
	__atomic_store_n(&lc->running, 1, __ATOMIC_RELEASE);
	for (;;) {
		uint64_t t0 = rte_rdtsc(), done_before = lc->completed;
		uint64_t prep_before = lc->prepared;
		uint16_t i, first;

		stopping = stopping ||
			__atomic_load_n(&vcrypto_be.stop, __ATOMIC_ACQUIRE);
		/*
		 * Queues share the burst: start each round at another one,
		 * or a queue that always has a burst waiting starves the rest.
		 */
		first = lc->nb_vqs ? lc->rounds % lc->nb_vqs : 0;
		for (i = 0; i < lc->nb_vqs; i++) {
			struct vcrypto_vq *vq = lc->vqs[(first + i) %
							lc->nb_vqs];
			uint32_t st = __atomic_load_n(&vq->state,
						      __ATOMIC_ACQUIRE);

			if (st == VQ_RUNNING && !stopping &&
			    pend.count < burst) {
				uint16_t before = pend.count;

				poll_vq(lc, vq, burst - pend.count, chain,
					&pend);
				__atomic_store_n(&lc->prepared,
					lc->prepared + pend.count - before,
					__ATOMIC_RELEASE);
			}
		}
		if (pend.count > 0)
			enqueue_pending(lc, &pend);
		dequeue_completions(lc);
		for (i = 0; i < lc->nb_vqs; i++) {
			struct vcrypto_vq *vq = lc->vqs[i];

			if (__atomic_load_n(&vq->state, __ATOMIC_ACQUIRE) ==
			    VQ_IDLE)
				continue;
			flush_used(vq);
			if (vq->inflight == 0 &&
			    __atomic_load_n(&vq->state, __ATOMIC_ACQUIRE) ==
			    VQ_STOP_REQ)
				__atomic_store_n(&vq->state, VQ_STOPPED,
						 __ATOMIC_RELEASE);
		}
		if (lc->completed != done_before ||
		    lc->prepared != prep_before || pend.count != 0)
			__atomic_store_n(&lc->busy_cycles, lc->busy_cycles +
					 rte_rdtsc() - t0, __ATOMIC_RELAXED);
		else
			__atomic_store_n(&lc->idle_cycles, lc->idle_cycles +
					 rte_rdtsc() - t0, __ATOMIC_RELAXED);
		__atomic_store_n(&lc->rounds, lc->rounds + 1,
				 __ATOMIC_RELEASE);
		inflight_total = lc->prepared - lc->completed;
		if (stopping && inflight_total == 0)
			break;
	}
	rte_mempool_put_bulk(lc->op_pool, (void **)lc->ops, lc->nb_ops);
	rte_pktmbuf_free_bulk(lc->mbufs, lc->nb_mbufs);
	lc->nb_ops = lc->nb_mbufs = 0;
	__atomic_store_n(&lc->running, 0, __ATOMIC_RELEASE);
	rte_free(chain);
	return 0;
}
