/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The AKCIPHER service: RSA sessions from PKCS#1 DER keys, and akcipher
 * requests as asymmetric cryptodev ops, built and finished here (the data
 * path only hands them over). Requests are copied in and results out:
 * they are a modulus long at most, and RSA costs far more than a copy.
 *
 * VERIFY runs as the public-key operation on the signature, compared here
 * with the EMSA-PKCS1-v1_5 encoding of the digest (RFC 8017 8.2.2): the
 * PMD's own VERIFY (crypto_openssl, DPDK 22.11) reports success for a
 * signature over another digest, and SIGN adds no DigestInfo.
 */
#include <errno.h>
#include <string.h>

#include <rte_cryptodev.h>
#include <rte_errno.h>

#include "vcrypto_private.h"

#define PKCS1_OVERHEAD 11

/* Per-op private data, after the asymmetric op. */
struct asym_priv {
	struct vcrypto_vq *vq;
	uint16_t head;
	uint16_t opcode;          /* VIRTIO_CRYPTO_AKCIPHER_* */
	uint16_t mod_len;
	uint32_t src_len;
	uint32_t dst_len;
	struct {
		uint8_t in[VC_MAX_RSA_MOD_LEN];
		uint8_t out[VC_MAX_RSA_MOD_LEN];
		/* VERIFY: what the signature must open to */
		uint8_t em[VC_MAX_RSA_MOD_LEN];
	} b;
};

#define ASYM_PRIV_OFFSET \
	(sizeof(struct rte_crypto_op) + sizeof(struct rte_crypto_asym_op))

static inline struct asym_priv *
asym_priv(struct rte_crypto_op *op)
{
	return RTE_PTR_ADD(op, ASYM_PRIV_OFFSET);
}

/* Plaintexts and digests stay in no pool. */
static void
wipe(struct asym_priv *a)
{
	explicit_bzero(a->b.in, sizeof(a->b.in));
	explicit_bzero(a->b.out, sizeof(a->b.out));
	explicit_bzero(a->b.em, sizeof(a->b.em));
}

/*
 * The PMD's RSA capability if it runs what we need of it: public encrypt
 * (ENCRYPT and VERIFY), private decrypt and sign, with a private key in
 * either form.
 */
static const struct rte_cryptodev_asymmetric_xform_capability *
rsa_cap(uint8_t cdev_id)
{
	struct rte_cryptodev_asym_capability_idx idx = {
		.type = RTE_CRYPTO_ASYM_XFORM_RSA,
	};
	const struct rte_cryptodev_asymmetric_xform_capability *cap;
	struct rte_cryptodev_info info;

	rte_cryptodev_info_get(cdev_id, &info);
	if (!(info.feature_flags & RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO) ||
	    !(info.feature_flags & (RTE_CRYPTODEV_FF_RSA_PRIV_OP_KEY_QT |
				    RTE_CRYPTODEV_FF_RSA_PRIV_OP_KEY_EXP)))
		return NULL;
	cap = rte_cryptodev_asym_capability_get(cdev_id, &idx);
	if (cap == NULL ||
	    !rte_cryptodev_asym_xform_capability_check_optype(cap,
			RTE_CRYPTO_ASYM_OP_ENCRYPT) ||
	    !rte_cryptodev_asym_xform_capability_check_optype(cap,
			RTE_CRYPTO_ASYM_OP_DECRYPT) ||
	    !rte_cryptodev_asym_xform_capability_check_optype(cap,
			RTE_CRYPTO_ASYM_OP_SIGN))
		return NULL;
	return cap;
}

void
vcrypto_asym_algos(uint8_t cdev_id, struct vcrypto_algos *a)
{
	const struct rte_cryptodev_asymmetric_xform_capability *cap =
		rsa_cap(cdev_id);

	if (cap == NULL)
		return;
	/* modlen 0 is "the PMD's default": no bound of its own. */
	a->rsa_min_mod_len = RTE_MAX(cap->modlen.min, 1u);
	a->rsa_max_mod_len = cap->modlen.max == 0 ? VC_MAX_RSA_MOD_LEN :
		RTE_MIN(cap->modlen.max, (uint32_t)VC_MAX_RSA_MOD_LEN);
	if (a->rsa_min_mod_len <= a->rsa_max_mod_len)
		a->akcipher |= 1ULL << VIRTIO_CRYPTO_AKCIPHER_RSA;
}

static void
param_of(rte_crypto_param *prm, const uint8_t *key,
	 const struct vc_der_int *v)
{
	prm->data = (uint8_t *)(uintptr_t)(key + v->off);
	prm->length = v->len;
}

/* A cryptodev session of @p x padding as @p pad says. */
static int
rsa_session(uint8_t cdev_id, struct rte_crypto_asym_xform *x,
	    struct rte_mempool *pool, enum rte_crypto_rsa_padding_type pad,
	    void **cs)
{
	int rc;

	vc_rsa_xform_padding(x, pad);
	rc = rte_cryptodev_asym_session_create(cdev_id, x, pool, cs);
	if (rc != 0) {
		*cs = NULL;
		return rc == -ENOTSUP ? -ENOTSUP : -ENOMEM;
	}
	return 0;
}

int
vcrypto_asym_session_build(uint8_t cdev_id, struct rte_mempool *pool,
			   const struct vc_akcipher_sess *p,
			   struct vcrypto_session *s)
{
	const struct rte_cryptodev_asymmetric_xform_capability *cap;
	const struct vc_rsa_key *k = &p->rsa;
	struct rte_crypto_asym_xform x;
	struct rte_cryptodev_info info;
	int priv, raw, rc;

	cap = rsa_cap(cdev_id);
	if (pool == NULL || cap == NULL ||
	    rte_cryptodev_asym_xform_capability_check_modlen(cap,
			k->n.len) != 0)
		return -ENOTSUP;
	priv = p->keytype == VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE;
	memset(&x, 0, sizeof(x));
	x.xform_type = RTE_CRYPTO_ASYM_XFORM_RSA;
	param_of(&x.rsa.n, p->key, &k->n);
	param_of(&x.rsa.e, p->key, &k->e);
	/* A public key asks for nothing private: the PMD gets d = 0. */
	x.rsa.key_type = RTE_RSA_KEY_TYPE_EXP;
	rte_cryptodev_info_get(cdev_id, &info);
	if (priv &&
	    (info.feature_flags & RTE_CRYPTODEV_FF_RSA_PRIV_OP_KEY_QT)) {
		/* CRT: a quarter of the work of the private exponent. */
		x.rsa.key_type = RTE_RSA_KEY_TYPE_QT;
		param_of(&x.rsa.qt.p, p->key, &k->p);
		param_of(&x.rsa.qt.q, p->key, &k->q);
		param_of(&x.rsa.qt.dP, p->key, &k->dp);
		param_of(&x.rsa.qt.dQ, p->key, &k->dq);
		param_of(&x.rsa.qt.qInv, p->key, &k->qinv);
	} else if (priv) {
		param_of(&x.rsa.d, p->key, &k->d);
	}
	raw = p->padding == VIRTIO_CRYPTO_RSA_RAW_PADDING;
	rc = rsa_session(cdev_id, &x, pool, raw ? RTE_CRYPTO_RSA_PADDING_NONE :
			 RTE_CRYPTO_RSA_PADDING_PKCS1_5, &s->cs);
	if (rc != 0)
		return rc;
	s->cs_raw = s->cs;
	if (!raw && VC_RSA_SESSIONS_PER_KEY > 1) {
		rc = rsa_session(cdev_id, &x, pool,
				 RTE_CRYPTO_RSA_PADDING_NONE, &s->cs_raw);
		if (rc != 0) {
			rte_cryptodev_asym_session_free(cdev_id, s->cs);
			s->cs = NULL;
			return rc;
		}
	}
	s->service = VIRTIO_CRYPTO_SERVICE_AKCIPHER;
	s->mod_len = k->n.len;
	s->rsa_padding = (uint8_t)p->padding;
	s->rsa_hash = (uint8_t)p->hash;
	s->rsa_private = (uint8_t)priv;
	return 0;
}

struct rte_mempool *
vcrypto_asym_op_pool_create(const char *name, int socket)
{
	return rte_crypto_op_pool_create(name, RTE_CRYPTO_OP_TYPE_ASYMMETRIC,
			VCRYPTO_ASYM_OPS, 0, sizeof(struct asym_priv), socket);
}

/*
 * Lengths the session's key and padding allow (RFC 8017 7.2, 8.2; the
 * spec keeps RAW to encryption); SIGN and VERIFY digests are checked by
 * their encoding.
 */
static int
fits(const struct vcrypto_session *s, const struct vc_akcipher_req *r)
{
	uint32_t k = s->mod_len;
	int raw = s->rsa_padding == VIRTIO_CRYPTO_RSA_RAW_PADDING;

	switch (r->opcode) {
	case VIRTIO_CRYPTO_AKCIPHER_ENCRYPT:
		return (raw ? r->src_len == k :
			r->src_len + PKCS1_OVERHEAD <= k) && r->dst_len >= k;
	case VIRTIO_CRYPTO_AKCIPHER_DECRYPT:
		/* PKCS#1's plaintext length is known once decrypted. */
		return s->rsa_private && r->src_len == k &&
		       (!raw || r->dst_len >= k);
	case VIRTIO_CRYPTO_AKCIPHER_SIGN:
		return s->rsa_private && !raw && r->src_len <= k &&
		       r->dst_len >= k;
	default:
		return !raw && r->src_len == k && r->dst_len <= k;
	}
}

static void
param_at(rte_crypto_param *prm, struct rte_crypto_op *op, uint8_t *buf,
	 uint32_t len)
{
	prm->data = buf;
	prm->iova = rte_crypto_op_ctophys_offset(op,
		(uint32_t)(buf - (uint8_t *)op));
	prm->length = len;
}

int
vcrypto_asym_prepare(struct vcrypto_lcore *lc, struct vcrypto_vq *vq,
		     uint16_t head, const struct vc_chain *c,
		     const struct virtio_crypto_op_data_req *hdr,
		     struct rte_crypto_op **opp, uint8_t *cdev)
{
	static const struct vc_req_limits lim = {
		.max_data_len = VCRYPTO_MAX_DATA_LEN,
	};
	struct rte_crypto_rsa_op_param *rsa;
	const struct vcrypto_session *s;
	struct vc_akcipher_req r;
	struct rte_crypto_op *op;
	struct asym_priv *a;
	void *sess;
	uint32_t t;
	int rc;

	rc = vc_akcipher_req_decode(hdr, c->rd_len, c->wr_len, &lim, &r);
	if (rc != VIRTIO_CRYPTO_OK)
		return rc;
	/* The result (at most a modulus) in no more than VC_MAX_SEGS pieces. */
	if (vc_segs_count(c->wr, c->nr_wr, r.wr_need - 1) > VC_MAX_SEGS)
		return VIRTIO_CRYPTO_BADMSG;
	s = vcrypto_session_lookup(vq->dev, r.session_id);
	if (s == NULL)
		return VIRTIO_CRYPTO_INVSESS;
	if (s->service != VIRTIO_CRYPTO_SERVICE_AKCIPHER || !fits(s, &r))
		return VIRTIO_CRYPTO_BADMSG;
	if (unlikely(lc->asym_op_pool == NULL))
		return VIRTIO_CRYPTO_NOTSUPP;
	op = rte_crypto_op_alloc(lc->asym_op_pool,
				 RTE_CRYPTO_OP_TYPE_ASYMMETRIC);
	if (op == NULL)
		return -ENOBUFS;
	a = asym_priv(op);
	a->vq = vq;
	a->head = head;
	a->opcode = (uint16_t)r.opcode;
	a->mod_len = s->mod_len;
	a->src_len = r.src_len;
	a->dst_len = r.dst_len;
	rsa = &op->asym->rsa;
	vc_rsa_op_padding(rsa, s->rsa_padding == VIRTIO_CRYPTO_RSA_RAW_PADDING ?
			  RTE_CRYPTO_RSA_PADDING_NONE :
			  RTE_CRYPTO_RSA_PADDING_PKCS1_5);
	sess = s->cs;
	vc_segs_read(c->rd, c->nr_rd, r.rd_src, a->b.in, r.src_len);
	switch (r.opcode) {
	case VIRTIO_CRYPTO_AKCIPHER_ENCRYPT:
		rsa->op_type = RTE_CRYPTO_ASYM_OP_ENCRYPT;
		param_at(&rsa->message, op, a->b.in, r.src_len);
		param_at(&rsa->cipher, op, a->b.out, 0);
		break;
	case VIRTIO_CRYPTO_AKCIPHER_DECRYPT:
		rsa->op_type = RTE_CRYPTO_ASYM_OP_DECRYPT;
		param_at(&rsa->cipher, op, a->b.in, r.src_len);
		param_at(&rsa->message, op, a->b.out, 0);
		break;
	case VIRTIO_CRYPTO_AKCIPHER_SIGN:
		/* The PMD pads what it gets: hand it DigestInfo || digest. */
		memcpy(a->b.em, a->b.in, r.src_len);
		t = vc_emsa_pkcs1_encode(s->rsa_hash, a->b.em, r.src_len,
					 s->mod_len, 0, a->b.in);
		if (t == 0)
			goto bad;
		rsa->op_type = RTE_CRYPTO_ASYM_OP_SIGN;
		param_at(&rsa->message, op, a->b.in, t);
		param_at(&rsa->sign, op, a->b.out, 0);
		break;
	default:
		vc_segs_read(c->rd, c->nr_rd, r.rd_digest, a->b.out, r.dst_len);
		if (vc_emsa_pkcs1_encode(s->rsa_hash, a->b.out, r.dst_len,
					 s->mod_len, 1, a->b.em) == 0)
			goto bad;
		/* s^e mod n, raw: compared at completion. */
		rsa->op_type = RTE_CRYPTO_ASYM_OP_ENCRYPT;
		vc_rsa_op_padding(rsa, RTE_CRYPTO_RSA_PADDING_NONE);
		sess = s->cs_raw;
		param_at(&rsa->message, op, a->b.in, r.src_len);
		param_at(&rsa->cipher, op, a->b.out, 0);
		break;
	}
	rte_crypto_op_attach_asym_session(op, sess);
	*opp = op;
	*cdev = s->cdev;
	return VIRTIO_CRYPTO_OK;
bad:
	wipe(a);
	rte_crypto_op_free(op);
	return VIRTIO_CRYPTO_BADMSG;
}

/* Equal in time that does not depend on where they differ. */
static int
same(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	uint8_t d = 0;
	uint32_t i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

uint8_t
vcrypto_asym_finish(struct rte_crypto_op *op, struct vcrypto_vq **vqp,
		    uint16_t *head, uint32_t *len)
{
	struct asym_priv *a = asym_priv(op);
	const struct rte_crypto_rsa_op_param *rsa = &op->asym->rsa;
	const struct vcrypto_req *rq = &a->vq->reqs[a->head];
	const rte_crypto_param *out;
	uint8_t st = VIRTIO_CRYPTO_OK;

	*vqp = a->vq;
	*head = a->head;
	*len = 1;
	if (op->status != RTE_CRYPTO_OP_STATUS_SUCCESS) {
		/* A signature past the modulus is as bad as a wrong one. */
		st = a->opcode == VIRTIO_CRYPTO_AKCIPHER_VERIFY ?
			VIRTIO_CRYPTO_KEY_REJECTED : VIRTIO_CRYPTO_ERR;
		goto out;
	}
	switch (a->opcode) {
	case VIRTIO_CRYPTO_AKCIPHER_VERIFY:
		if (rsa->cipher.length != a->mod_len ||
		    !same(a->b.out, a->b.em, a->mod_len))
			st = VIRTIO_CRYPTO_KEY_REJECTED;
		goto out;
	case VIRTIO_CRYPTO_AKCIPHER_ENCRYPT:
		out = &rsa->cipher;
		break;
	case VIRTIO_CRYPTO_AKCIPHER_DECRYPT:
		out = &rsa->message;
		break;
	default:
		out = &rsa->sign;
		break;
	}
	/* A plaintext longer than the guest's buffer: nothing written. */
	if (out->length > a->dst_len || out->length > VC_MAX_RSA_MOD_LEN) {
		st = VIRTIO_CRYPTO_BADMSG;
		goto out;
	}
	vc_segs_write(rq->wr, rq->nr_wr, 0, a->b.out, (uint32_t)out->length);
	*len += (uint32_t)out->length;
out:
	if (st == VIRTIO_CRYPTO_OK)
		a->vq->stats.bytes += a->src_len;
	wipe(a);
	rte_crypto_op_free(op);
	return st;
}
