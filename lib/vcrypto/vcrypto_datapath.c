/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The poll loop: take requests from the guest's rings, turn them into
 * crypto ops, run them on the lcore's queue pair, write results back.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>

#include <rte_cryptodev.h>
#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "vcrypto_private.h"

/* Ops prepared but not yet accepted by a PMD, oldest first. */
struct pending {
	uint16_t head;
	uint16_t count;
	struct rte_crypto_op *ops[2 * VCRYPTO_MAX_BURST];
};

/*
 * The pending ops of each of the backend's cryptodevs, and those that
 * run_cbc_steps() runs.
 */
struct pendings {
	uint16_t total;
	struct pending q[VCRYPTO_MAX_CDEVS];
	struct pending steps;
};

/*
 * Where an lcore walks chains: each into the short one first, into the
 * long one if it has more buffers than that holds.
 */
struct chains {
	struct vc_chain_short short_c;
	struct vc_chain long_c;
	struct vc_seg long_segs[2 * VCRYPTO_LONG_SEGS];
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
	uint8_t *sb = c->status;

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

/*
 * A chain we cannot serve: BADMSG in its status byte where the walk found
 * one, so that no guest takes an untouched buffer for a result.
 */
static void
bad_chain(struct vcrypto_vq *vq, uint16_t head, const struct vc_chain *c,
	  int err)
{
	vq->stats.bad_chains++;
	guest_error(vq, head, vc_chain_strerror(err));
	if (c->status != NULL) {
		*c->status = VIRTIO_CRYPTO_BADMSG;
		count_status(vq, VIRTIO_CRYPTO_BADMSG);
	}
	used_add(vq, head, c->status != NULL ? 1 : 0);
}

/* Fix an AEAD request's payload and tag against its session. */
static int
aead_fits(const struct vcrypto_session *s, struct vc_sym_req *r)
{
	int enc = r->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT;

	if (s->encrypt != enc || s->iv_len != r->iv_len ||
	    s->aad_len != r->aad_len)
		return 0;
	/* Both lengths are at most 1 MiB: no overflow in 32 bits. */
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

/*
 * Source data over LARGE_BUF_SIZE: a chain of large mbufs, LARGE_SEG_LEN
 * bytes in each but the last.
 */
static struct rte_mbuf *
mbuf_chain_get(struct vcrypto_lcore *lc, const struct vc_chain *c,
	       const struct vc_sym_req *r)
{
	struct rte_mbuf *m[LARGE_BUFS_PER_REQ];
	unsigned int n = (r->src_len + LARGE_SEG_LEN - 1) / LARGE_SEG_LEN;
	unsigned int i;
	uint32_t off = 0;

	if (rte_pktmbuf_alloc_bulk(lc->large_pool, m, n) != 0)
		return NULL;
	for (i = 0; i < n; i++) {
		uint32_t len = RTE_MIN(r->src_len - off, LARGE_SEG_LEN);

		m[i]->data_off = 0;
		m[i]->data_len = (uint16_t)len;
		vc_segs_read(c->rd, c->nr_rd, r->rd_src + off,
			     rte_pktmbuf_mtod(m[i], void *), len);
		if (i != 0)
			m[i - 1]->next = m[i];
		off += len;
	}
	m[0]->nb_segs = (uint16_t)n;
	m[0]->pkt_len = r->src_len;
	return m[0];
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

/*
 * Copy a short readable part (IV, AAD): with a constant length when it is
 * one of the usual ones and in one piece, which the compiler inlines
 * where a variable one is a libc call.
 */
static inline void
read_small(const struct vc_chain *c, uint32_t off, void *dst, uint32_t len)
{
	const uint8_t *p = segs_contig(c->rd, c->nr_rd, off, len);

	if (p != NULL && len == 16)
		memcpy(dst, p, 16);
	else if (p != NULL && len == 12)
		memcpy(dst, p, 12);
	else
		vc_segs_read(c->rd, c->nr_rd, off, dst, len);
}

/*
 * Each op carries two mbufs without buffers of their own, set up once
 * here: zero copy points them at guest memory, with no pool to take
 * them from or give them back to.
 */
void
vcrypto_op_pool_init(struct rte_mempool *mp __rte_unused,
		     void *arg __rte_unused, void *obj,
		     unsigned int idx __rte_unused)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct rte_mbuf *m = vcrypto_op_zc_mbuf(obj, i);

		memset(m, 0, sizeof(*m));
		rte_mbuf_refcnt_set(m, 1);
		m->nb_segs = 1;
		m->port = RTE_MBUF_PORT_INVALID;
	}
}

/* An mbuf over guest memory: software PMDs take IOVA as VA. */
static inline void
mbuf_on_guest(struct rte_mbuf *m, uint8_t *addr, uint32_t len)
{
	m->buf_addr = addr;
	m->buf_iova = (rte_iova_t)(uintptr_t)addr;
	m->buf_len = (uint16_t)len;
	m->data_len = (uint16_t)len;
	m->pkt_len = len;
}

/*
 * Zero copy: the PMD reads the guest's source and writes its destination
 * in place, out of place from each other, through the op's own two mbufs.
 * Only when each is one piece of our mapping; the caller copies otherwise.
 */
static int
attach_zero_copy(struct rte_crypto_op *op, const struct vc_chain *c,
		 const struct vc_sym_req *r)
{
	uint8_t *src = segs_contig(c->rd, c->nr_rd, r->rd_src, r->src_len);
	uint8_t *dst = segs_contig(c->wr, c->nr_wr, r->wr_dst, r->dst_len);
	uint32_t tail;

	/* An mbuf's length is 16 bits: larger requests are copied. */
	if (src == NULL || dst == NULL || r->dst_len > UINT16_MAX)
		return -1;
	op->sym->m_src = vcrypto_op_zc_mbuf(op, 0);
	op->sym->m_dst = vcrypto_op_zc_mbuf(op, 1);
	mbuf_on_guest(op->sym->m_src, src, r->src_len);
	mbuf_on_guest(op->sym->m_dst, dst, r->dst_len);
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
	struct rte_mbuf *m;

	if (unlikely(r->src_len > LARGE_BUF_SIZE)) {
		m = mbuf_chain_get(lc, c, r);
		if (m == NULL)
			return -1;
	} else {
		m = mbuf_get(lc, r->src_len);
		if (m == NULL)
			return -1;
		/* The whole buffer is ours: no headroom needed. */
		m->data_off = 0;
		m->data_len = m->pkt_len = r->src_len;
		vc_segs_read(c->rd, c->nr_rd, r->rd_src,
			     rte_pktmbuf_mtod(m, void *), r->src_len);
	}
	op->sym->m_src = m;
	op->sym->m_dst = NULL;
	vcrypto_op_priv(op)->own_mbuf = 1;
	return 0;
}

/* Point a digest at the guest's buffer if it is in one piece there. */
static inline int
digest_in_place(struct rte_crypto_op *op, const struct vc_chain *c,
		uint32_t off, uint32_t len, uint8_t **data,
		rte_iova_t *iova)
{
	uint8_t *p = op->sym->m_dst == NULL ? NULL :
		segs_contig(c->wr, c->nr_wr, off, len);

	if (p != NULL) {
		*data = p;
		*iova = (rte_iova_t)(uintptr_t)p;
		return 1;
	}
	*data = vcrypto_op_priv(op)->digest;
	*iova = rte_crypto_op_ctophys_offset(op, VCRYPTO_DIGEST_OFFSET);
	return 0;
}

/*
 * Hash, MAC and AEAD ops: copy mode (the source in our mbuf, results
 * written back at completion, nothing written if they fail), but for
 * AEAD encryption, which may run zero copy. Returns as prepare_cipher().
 */
static int
prepare_service(struct rte_crypto_op *op, struct vcrypto_op_priv *priv,
		const struct vc_chain *c, const struct vc_sym_req *r,
		const struct vcrypto_session *s)
{
	struct rte_crypto_sym_op *sym = op->sym;
	uint32_t dst_len, hash_len;

	if (r->service != VIRTIO_CRYPTO_SERVICE_AEAD) {
		sym->auth.data.offset = 0;
		sym->auth.data.length = r->src_len << s->auth_shift;
		sym->auth.digest.data = priv->digest;
		sym->auth.digest.phys_addr = rte_crypto_op_ctophys_offset(op,
			VCRYPTO_DIGEST_OFFSET);
		priv->dst_len = 0;
		priv->hash_len = r->hash_result_len;
		priv->hash_off = 0;
		priv->done_len = r->hash_result_len;
		return 1;
	}
	read_small(c, r->rd_aad, priv->aad + s->aad_off, r->aad_len);
	sym->aead.data.offset = 0;
	sym->aead.data.length = r->cipher_len;
	sym->aead.aad.data = priv->aad;
	sym->aead.aad.phys_addr = rte_crypto_op_ctophys_offset(op,
		VCRYPTO_AAD_OFFSET);
	if (r->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT) {
		/* The tag follows the ciphertext: in place if we can. */
		hash_len = digest_in_place(op, c, r->cipher_len,
				r->hash_result_len, &sym->aead.digest.data,
				&sym->aead.digest.phys_addr) ?
			0 : r->hash_result_len;
	} else {
		/* The tag the guest sent follows the ciphertext (one mbuf). */
		sym->aead.digest.data = rte_pktmbuf_mtod_offset(sym->m_src,
			uint8_t *, r->cipher_len);
		sym->aead.digest.phys_addr = rte_pktmbuf_iova_offset(
			sym->m_src, r->cipher_len);
		hash_len = 0;
	}
	/* Zero copy left nothing to copy out. */
	dst_len = sym->m_dst != NULL ? 0 : r->cipher_len;
	priv->dst_len = dst_len;
	priv->hash_len = hash_len;
	priv->hash_off = r->cipher_len;
	priv->done_len = r->dst_len;
	return (dst_len | hash_len) != 0;
}

/*
 * A cipher or chain op: offsets, and the digest of a chain. Returns
 * whether results are copied out at completion (computed here, from what
 * was just stored: reading the fields back stalls on their stores).
 */
static int
prepare_cipher(struct rte_crypto_op *op, struct vcrypto_op_priv *priv,
	       const struct vc_chain *c, const struct vc_sym_req *r,
	       const struct vcrypto_session *s)
{
	struct rte_crypto_sym_op *sym = op->sym;
	uint32_t dst_len, hash_len;
	int in_place = 0;

	/* At most 1 MiB: in bits too, they fit. */
	sym->cipher.data.offset = r->cipher_off << s->cipher_shift;
	sym->cipher.data.length = r->cipher_len << s->cipher_shift;
	if (r->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
		sym->auth.data.offset = r->hash_off << s->auth_shift;
		sym->auth.data.length = r->hash_len << s->auth_shift;
		if (!s->encrypt) {
			/* Checked against the guest's, nothing written. */
			vc_segs_read(c->wr, c->nr_wr, r->wr_hash,
				     priv->digest, r->hash_result_len);
			sym->auth.digest.data = priv->digest;
			sym->auth.digest.phys_addr =
				rte_crypto_op_ctophys_offset(op,
					VCRYPTO_DIGEST_OFFSET);
			in_place = 1;
		} else {
			in_place = digest_in_place(op, c, r->wr_hash,
					r->hash_result_len,
					&sym->auth.digest.data,
					&sym->auth.digest.phys_addr);
		}
	}
	dst_len = sym->m_dst != NULL ? 0 : r->dst_len;
	hash_len = in_place ? 0 : r->hash_result_len;
	priv->dst_len = dst_len;
	priv->hash_len = hash_len;
	priv->hash_off = r->wr_hash;
	priv->done_len = r->dst_len + (s->encrypt ? r->hash_result_len : 0);
	return (dst_len | hash_len) != 0;
}

/*
 * Keep where a request's results go, for those copied out at completion:
 * the first @p nr writable segments, in the list long_list_get() gave
 * the request or else in its own (rq->wr is wr_short but between those).
 */
static inline void
keep_writable(struct vcrypto_vq *vq, uint16_t head, const struct vc_chain *c,
	      uint32_t nr)
{
	struct vcrypto_req *rq = &vq->reqs[head];

	rq->nr_wr = nr;
	memcpy(rq->wr, c->wr, sizeof(c->wr[0]) * nr);
}

/*
 * A list of its own for a request whose results go to more than
 * VC_MAX_SEGS buffers: a slow path, bounded per queue.
 */
static int
long_list_get(struct vcrypto_vq *vq, uint16_t head, uint32_t nr)
{
	struct vcrypto_req *rq = &vq->reqs[head];

	if (vq->long_inflight >= VCRYPTO_LONG_INFLIGHT)
		return -1;
	rq->wr = malloc(sizeof(rq->wr[0]) * nr);
	if (rq->wr == NULL) {
		rq->wr = rq->wr_short;
		return -1;
	}
	vq->long_inflight++;
	return 0;
}

static void
long_list_put(struct vcrypto_vq *vq, uint16_t head)
{
	struct vcrypto_req *rq = &vq->reqs[head];

	free(rq->wr);
	rq->wr = rq->wr_short;
	rq->nr_wr = 0;
	vq->long_inflight--;
}

/* The request is the op's until it completes, pending in @p pend. */
static inline void
queue_op(struct vcrypto_vq *vq, uint16_t head, struct rte_crypto_op *op,
	 struct pendings *pends, struct pending *pend)
{
	vq->busy[head] = 1;
	vq->inflight++;
	pend->ops[(pend->head + pend->count) % RTE_DIM(pend->ops)] = op;
	pend->count++;
	pends->total++;
}

/*
 * Build the op of a decoded request. Once per request: kept inline, where
 * a call costs the take phase about 10 cycles (CBC-64, null-64).
 */
static __rte_always_inline enum take_result
prepare_op(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t head,
	   const struct vc_chain *c, uint32_t nr_wr,
	   const struct vc_sym_req *r, const struct vcrypto_session *s,
	   struct pendings *pends, int steps)
{
	struct rte_crypto_op *op;
	struct vcrypto_op_priv *priv;
	int cipher = r->service == VIRTIO_CRYPTO_SERVICE_CIPHER;
	/*
	 * Encryption may write straight into the guest; a decryption whose
	 * digest or tag is checked must not show it plaintext before.
	 */
	int direct = cipher ? s->encrypt ||
		r->op_type != VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING :
		r->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT;

	op = op_get(lc);
	if (op == NULL)
		return NO_RESOURCE;
	priv = vcrypto_op_priv(op);
	priv->own_mbuf = 0;
	if ((!vcrypto_be.cdevs[s->cdev].zero_copy || !direct ||
	     attach_zero_copy(op, c, r) != 0) &&
	    attach_copy(lc, op, c, r) != 0) {
		lc->ops[lc->nb_ops++] = op;
		return NO_RESOURCE;
	}
	read_small(c, r->rd_iv, priv->iv + s->iv_off, r->iv_len);
	priv->vq = vq;
	priv->head = head;
	priv->long_wr = nr_wr > VC_MAX_SEGS;
	priv->status = c->status;
	/*
	 * The guest's core last wrote the status byte (Linux keeps it apart
	 * from the header): ask for its line now, so the store at completion
	 * does not wait for it.
	 */
	rte_prefetch0_write(priv->status);
	priv->src_len = r->src_len;
	rte_crypto_op_attach_sym_session(op, s->cs);
	/* Only what is copied out at completion needs the buffers. */
	if (cipher ? prepare_cipher(op, priv, c, r, s) :
		     prepare_service(op, priv, c, r, s))
		keep_writable(vq, head, c, nr_wr);
	if (unlikely(steps)) {
		priv->cdev = s->cdev;
		priv->encrypt = s->encrypt;
		queue_op(vq, head, op, pends, &pends->steps);
	} else {
		queue_op(vq, head, op, pends, &pends->q[s->cdev]);
	}
	return TAKEN;
}

/* Akcipher requests are built, and finished, in vcrypto_asym.c. */
static enum take_result
take_asym(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t head,
	  const struct vc_chain *c, const struct virtio_crypto_op_data_req *hdr,
	  struct pendings *pends)
{
	struct rte_crypto_op *op;
	uint8_t cdev;
	int rc = vcrypto_asym_prepare(lc, vq, head, c, hdr, &op, &cdev);

	if (rc < 0)
		return NO_RESOURCE;
	if (rc != VIRTIO_CRYPTO_OK) {
		complete_early(vq, head, c, (uint8_t)rc);
		return TAKEN;
	}
	/* Results are always copied out, to at most VC_MAX_SEGS buffers. */
	keep_writable(vq, head, c, RTE_MIN(c->nr_wr, (uint32_t)VC_MAX_SEGS));
	vq->reqs[head].status = c->status;
	queue_op(vq, head, op, pends, &pends->q[cdev]);
	return TAKEN;
}

/* Decode one request; run it, or complete it at once if it is bad. */
static __rte_always_inline enum take_result
take_request(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t head,
	     struct chains *ch, struct pendings *pends)
{
	static const struct vc_req_limits lim = {
		.max_data_len = VCRYPTO_MAX_DATA_LEN,
	};
	struct virtio_crypto_op_data_req hdr;
	struct vc_chain *c = &ch->short_c.c;
	struct vcrypto_session *s;
	struct vc_sym_req r;
	uint32_t nr_wr;
	int rc, steps = 0;

	rc = vc_chain_walk(vq->desc, vq->size, head, &vq->mem,
			   vq->indirect_ok, c);
	if (unlikely(c->truncated) && rc == VC_CHAIN_OK) {
		/* More buffers than the short chain holds: walk it again. */
		c = &ch->long_c;
		rc = vc_chain_walk(vq->desc, vq->size, head, &vq->mem,
				   vq->indirect_ok, c);
	}
	if (rc != VC_CHAIN_OK) {
		bad_chain(vq, head, c, rc);
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
		return take_asym(lc, vq, head, c, &hdr, pends);
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
	/* Past one mbuf, as the session's cryptodev allows. */
	if (unlikely((r.src_len | r.dst_len) > UINT16_MAX)) {
		if (s->large == LARGE_NONE) {
			complete_early(vq, head, c, VIRTIO_CRYPTO_BADMSG);
			return TAKEN;
		}
		steps = s->large == LARGE_CBC_STEPS;
	}
	/* Results go to the writable bytes before the status byte. */
	nr_wr = c->nr_wr;
	if (unlikely(nr_wr > VC_MAX_SEGS)) {
		nr_wr = vc_segs_count(c->wr, nr_wr, r.wr_need - 1);
		if (nr_wr > VC_MAX_SEGS && long_list_get(vq, head, nr_wr) != 0)
			return NO_RESOURCE;
	}
	if (prepare_op(lc, vq, head, c, nr_wr, &r, s, pends, steps) == TAKEN)
		return TAKEN;
	if (nr_wr > VC_MAX_SEGS)
		long_list_put(vq, head);
	return NO_RESOURCE;
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

static inline void
prefetch_guest(const struct vcrypto_vq *vq, uint64_t gpa)
{
	const void *p = vc_mem_hint(&vq->mem, gpa);

	if (p != NULL) {
		rte_prefetch0(p);
		rte_prefetch0(RTE_PTR_ADD(p, RTE_CACHE_LINE_SIZE));
	}
}

/*
 * The guest wrote each request's descriptors and header on its own core:
 * ask for all of a burst's lines at once, so their transfers overlap
 * instead of each stalling the decode that needs it. Indirect tables
 * take a second pass, once they are on their way. Hints only: the chain
 * walk checks everything.
 */
static void
prefetch_requests(struct vcrypto_vq *vq, const uint16_t *heads, uint16_t n)
{
	uint64_t tables[VCRYPTO_MAX_BURST];
	uint16_t i, nt = 0;
	struct vc_seg t;

	for (i = 0; i < n && heads[i] < vq->size; i++) {
		const struct vring_desc *d = &vq->desc[heads[i]];
		uint64_t addr = __atomic_load_n(&d->addr, __ATOMIC_RELAXED);

		prefetch_guest(vq, addr);
		if (__atomic_load_n(&d->flags, __ATOMIC_RELAXED) &
		    VRING_DESC_F_INDIRECT)
			tables[nt++] = addr;
	}
	/* The first entry of a table names the header. */
	for (i = 0; i < nt; i++) {
		uint64_t addr;

		if (vc_mem_translate(&vq->mem, tables[i], sizeof(addr), &t,
				     1) != 1)
			continue;
		/* Tables may sit at any address. */
		memcpy(&addr, t.addr, sizeof(addr));
		prefetch_guest(vq, addr);
	}
}

/* Take up to @p room requests from @p vq's avail ring. */
static void
poll_vq(struct vcrypto_lcore *lc, struct vcrypto_vq *vq, uint16_t room,
	struct chains *ch, struct pendings *pends)
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
		if (likely(heads[i] < vq->size)) {
			/* A direct chain goes on in the next line, mostly. */
			rte_prefetch0(&vq->desc[heads[i]]);
			rte_prefetch0(&vq->desc[(heads[i] + 3) & mask]);
		}
	}
	prefetch_requests(vq, heads, n);
	for (i = 0; i < n; i++) {
		uint16_t head = heads[i];

		if (head >= vq->size) {
			mark_broken(vq, "avail ring names a bad descriptor");
			return;
		}
		if (vq->busy[head]) {
			mark_broken(vq, "descriptor reused while in flight");
			return;
		}
		if (take_request(lc, vq, head, ch, pends) == NO_RESOURCE) {
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

/* A request's status to the guest (at @p sb), its entry to the used ring. */
static inline void
req_done(struct vcrypto_vq *vq, uint16_t head, uint8_t *sb, uint8_t status,
	 uint32_t len)
{
	count_status(vq, status);
	*sb = status;
	vq->busy[head] = 0;
	vq->inflight--;
	used_add(vq, head, len);
}

/* The first @p len bytes of an mbuf (chain) to a request's buffers. */
static inline void
copy_out(const struct vcrypto_req *rq, const struct rte_mbuf *m,
	 uint32_t len)
{
	uint32_t off = 0, n;

	for (; m != NULL && off < len; m = m->next) {
		n = RTE_MIN(len - off, (uint32_t)m->data_len);
		vc_segs_write(rq->wr, rq->nr_wr, off,
			      rte_pktmbuf_mtod(m, const void *), n);
		off += n;
	}
}

/* Write a symmetric op's results and status to the guest; inline too. */
static __rte_always_inline void
complete_op(struct rte_crypto_op *op)
{
	struct vcrypto_op_priv *priv = vcrypto_op_priv(op);
	struct vcrypto_vq *vq = priv->vq;
	uint8_t status = virtio_status(op);
	uint32_t len = 1;

	if (status == VIRTIO_CRYPTO_OK) {
		const struct vcrypto_req *rq = &vq->reqs[priv->head];

		/* What zero copy already put in place has length 0 here. */
		if (priv->dst_len != 0)
			copy_out(rq, op->sym->m_src, priv->dst_len);
		if (priv->hash_len != 0)
			vc_segs_write(rq->wr, rq->nr_wr, priv->hash_off,
				      priv->digest, priv->hash_len);
		len += priv->done_len;
		vq->stats.bytes += priv->src_len;
	}
	req_done(vq, priv->head, priv->status, status, len);
	if (unlikely(priv->long_wr))
		long_list_put(vq, priv->head);
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
	struct rte_mbuf *mbufs[VCRYPTO_MAX_BURST];
	uint16_t i, nm = 0, ns = 0;

	for (i = 0; i < n; i++) {
		if (unlikely(ops[i]->type == RTE_CRYPTO_OP_TYPE_ASYMMETRIC)) {
			struct vcrypto_vq *vq;
			uint32_t len;
			uint16_t head;
			uint8_t st = vcrypto_asym_finish(ops[i], &vq, &head,
							 &len);
			req_done(vq, head, vq->reqs[head].status, st, len);
			continue;
		}
		complete_op(ops[i]);
		/* Zero copy mbufs are part of the op. */
		if (vcrypto_op_priv(ops[i])->own_mbuf)
			mbufs[nm++] = ops[i]->sym->m_src;
		ops[ns++] = ops[i];
	}
	if (nm != 0)
		rte_pktmbuf_free_bulk(mbufs, nm);
	rte_mempool_put_bulk(lc->op_pool, (void **)ops, ns);
	__atomic_store_n(&lc->completed, lc->completed + n,
			 __ATOMIC_RELEASE);
}

/* Hand cryptodev @p cd what is pending for it, as far as it takes them. */
static void
enqueue_pending(struct vcrypto_lcore *lc, uint8_t cd, struct pending *pend)
{
	uint16_t cap = RTE_DIM(pend->ops), sent, n;
	struct rte_crypto_op *op;

	while (pend->count > 0) {
		/* The pending ring may wrap: send its contiguous part. */
		n = RTE_MIN(pend->count, cap - pend->head);
		sent = rte_cryptodev_enqueue_burst(vcrypto_be.cdevs[cd].id,
				lc->qp_id, &pend->ops[pend->head], n);
		lc->cdev_inflight[cd] += sent;
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

/*
 * The ops of one session in run_cbc_steps(): a segment of each at a time
 * (each op's IV, in its own priv->iv, the ciphertext block before it), so
 * that the PMD's multi-buffer lanes take them side by side.
 */
static void
run_cbc_group(struct rte_crypto_op **ops, uint16_t n)
{
	struct rte_mbuf *seg[2 * VCRYPTO_MAX_BURST];
	struct rte_crypto_vec v[2 * VCRYPTO_MAX_BURST];
	struct rte_crypto_sgl sgl[2 * VCRYPTO_MAX_BURST];
	struct rte_crypto_va_iova_ptr iv[2 * VCRYPTO_MAX_BURST];
	/* The PMD looks at each op's digest and AAD of a cipher too. */
	struct rte_crypto_va_iova_ptr unused[2 * VCRYPTO_MAX_BURST];
	uint8_t scratch[VC_MAX_DIGEST_LEN];
	int32_t st[2 * VCRYPTO_MAX_BURST];
	uint16_t idx[2 * VCRYPTO_MAX_BURST], i, k;
	struct rte_crypto_sym_vec vec = {
		.src_sgl = sgl, .iv = iv, .digest = unused, .aad = unused,
		.status = st,
	};
	struct vcrypto_op_priv *p0 = vcrypto_op_priv(ops[0]);
	union rte_crypto_sym_ofs ofs = { .raw = 0 };

	for (i = 0; i < n; i++) {
		seg[i] = ops[i]->sym->m_src;
		ops[i]->status = RTE_CRYPTO_OP_STATUS_SUCCESS;
		unused[i].va = scratch;
	}
	for (;;) {
		for (i = 0, k = 0; i < n; i++) {
			struct vcrypto_op_priv *p = vcrypto_op_priv(ops[i]);

			if (seg[i] == NULL ||
			    ops[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS)
				continue;
			v[k].base = rte_pktmbuf_mtod(seg[i], uint8_t *);
			v[k].len = seg[i]->data_len;
			sgl[k].vec = &v[k];
			sgl[k].num = 1;
			iv[k].va = p->iv;
			/* Decrypting in place: keep the next IV first. */
			if (!p->encrypt)
				memcpy(p->digest, v[k].base + v[k].len - 16,
				       16);
			idx[k++] = i;
		}
		if (k == 0)
			return;
		vec.num = k;
		rte_cryptodev_sym_cpu_crypto_process(
			vcrypto_be.cdevs[p0->cdev].id, ops[0]->sym->session,
			ofs, &vec);
		for (i = 0; i < k; i++) {
			struct rte_crypto_op *op = ops[idx[i]];
			struct vcrypto_op_priv *p = vcrypto_op_priv(op);

			if (st[i] != 0) {
				op->status = RTE_CRYPTO_OP_STATUS_ERROR;
				continue;
			}
			memcpy(p->iv, p->encrypt ? (uint8_t *)v[i].base +
			       v[i].len - 16 : p->digest, 16);
			seg[idx[i]] = seg[idx[i]]->next;
		}
	}
}

/*
 * AES-CBC ops past one mbuf on a cryptodev whose AES-CBC counts lengths
 * in 16 bits (IPsec-MB's): through its CPU crypto API, the ops of each
 * session together, then completed.
 */
static void
run_cbc_steps(struct vcrypto_lcore *lc, struct pending *pend)
{
	struct rte_crypto_op *ops[2 * VCRYPTO_MAX_BURST];
	struct rte_crypto_op *rest[2 * VCRYPTO_MAX_BURST];
	uint16_t n = 0, g, nr, i;

	while (pend->count > 0) {
		ops[n++] = pend->ops[pend->head];
		pend->head = (pend->head + 1) % RTE_DIM(pend->ops);
		pend->count--;
	}
	while (n > 0) {
		/* The first op's session, and every other op of it. */
		for (i = 0, g = 0, nr = 0; i < n; i++) {
			if (ops[i]->sym->session == ops[0]->sym->session)
				ops[g++] = ops[i];
			else
				rest[nr++] = ops[i];
		}
		run_cbc_group(ops, g);
		finish_ops(lc, ops, g);
		memcpy(ops, rest, nr * sizeof(ops[0]));
		n = nr;
	}
}

static void
enqueue_all(struct vcrypto_lcore *lc, struct pendings *pends)
{
	uint8_t i;

	if (unlikely(pends->steps.count != 0))
		run_cbc_steps(lc, &pends->steps);
	pends->total = 0;
	for (i = 0; i < vcrypto_be.nb_cdevs; i++) {
		if (pends->q[i].count != 0)
			enqueue_pending(lc, i, &pends->q[i]);
		pends->total += pends->q[i].count;
	}
}

/*
 * Take back what the cryptodevs finished of this lcore's ops. Returns the
 * TSC cycles spent completing them, apart from the PMDs' own.
 */
static uint64_t
dequeue_completions(struct vcrypto_lcore *lc)
{
	struct rte_crypto_op *ops[VCRYPTO_MAX_BURST];
	uint64_t finish = 0, t;
	uint16_t n;
	uint8_t i;

	for (i = 0; i < vcrypto_be.nb_cdevs; i++) {
		if (lc->cdev_inflight[i] == 0)
			continue;
		n = rte_cryptodev_dequeue_burst(vcrypto_be.cdevs[i].id,
				lc->qp_id, ops, vcrypto_be.conf.burst);
		if (n != 0) {
			t = rte_rdtsc();
			lc->cdev_inflight[i] -= n;
			finish_ops(lc, ops, n);
			finish += rte_rdtsc() - t;
		}
	}
	return finish;
}

/* Count a busy round's cycles, and where they went. */
static inline void
count_busy(struct vcrypto_lcore *lc, uint64_t t0, uint64_t t_taken,
	   uint64_t t_cdev, uint64_t finish, uint64_t t_end)
{
	__atomic_store_n(&lc->busy_cycles, lc->busy_cycles + t_end - t0,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&lc->take_cycles, lc->take_cycles + t_taken - t0,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&lc->cdev_cycles,
			 lc->cdev_cycles + t_cdev - t_taken - finish,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&lc->finish_cycles,
			 lc->finish_cycles + finish + t_end - t_cdev,
			 __ATOMIC_RELAXED);
}

int
vcrypto_lcore_poll(void *arg __rte_unused)
{
	struct vcrypto_lcore *lc = vcrypto_lcore_find(rte_lcore_id());
	struct pendings pends = { 0 };
	struct chains *ch;
	uint16_t burst = vcrypto_be.conf.burst;
	uint64_t inflight_total;
	int stopping = 0;

	if (lc == NULL)
		return -1;
	ch = rte_malloc("vcrypto_chains", sizeof(*ch), 0);
	if (ch == NULL)
		return -1;
	vc_chain_short_init(&ch->short_c, VCRYPTO_CHAIN_BYTES);
	/* A chain with more buffers is walked into the long one anyway. */
	ch->short_c.c.stop_truncated = 1;
	vc_chain_init(&ch->long_c, ch->long_segs, VCRYPTO_LONG_SEGS,
		      VCRYPTO_CHAIN_BYTES);


	__atomic_store_n(&lc->running, 1, __ATOMIC_RELEASE);
	for (;;) {
		uint64_t t0 = rte_rdtsc(), done_before = lc->completed;
		uint64_t prep_before = lc->prepared, t_taken, t_cdev, finish;
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
			    pends.total < burst) {
				uint16_t before = pends.total;

				poll_vq(lc, vq, burst - pends.total, ch,
					&pends);
				__atomic_store_n(&lc->prepared,
					lc->prepared + pends.total - before,
					__ATOMIC_RELEASE);
			}
		}
		t_taken = rte_rdtsc();
		if (pends.total > 0)
			enqueue_all(lc, &pends);
		finish = dequeue_completions(lc);
		t_cdev = rte_rdtsc();
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
		    lc->prepared != prep_before || pends.total != 0)
			count_busy(lc, t0, t_taken, t_cdev, finish,
				   rte_rdtsc());
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
	rte_free(ch);
	return 0;
}
