/* SPDX-License-Identifier: BSD-3-Clause */
/* Control queue requests: session create and destroy, the spec's path. */
#include <endian.h>
#include <stddef.h>
#include <string.h>

#include "vc_wire.h"

_Static_assert(sizeof(struct virtio_crypto_op_ctrl_req) == 72,
	       "control request: 16-byte header, 56 bytes of parameters");
_Static_assert(sizeof(struct virtio_crypto_session_input) == 16,
	       "session input");

static int
dir_ok(uint32_t d)
{
	return d == VIRTIO_CRYPTO_OP_ENCRYPT || d == VIRTIO_CRYPTO_OP_DECRYPT;
}

static void
cipher_para(const struct virtio_crypto_cipher_session_para *p,
	    struct vc_sym_sess *s)
{
	s->cipher_algo = le32toh(p->algo);
	s->cipher_key_len = le32toh(p->keylen);
	s->cipher_dir = le32toh(p->op);
}

static int
sym_create(const struct virtio_crypto_sym_create_session_req *r,
	   struct vc_sym_sess *s)
{
	const struct virtio_crypto_alg_chain_session_para *c;

	s->op_type = le32toh(r->op_type);
	switch (s->op_type) {
	case VIRTIO_CRYPTO_SYM_OP_CIPHER:
		cipher_para(&r->u.cipher.para, s);
		break;
	case VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING:
		c = &r->u.chain.para;
		s->chain_order = le32toh(c->alg_chain_order);
		s->hash_mode = le32toh(c->hash_mode);
		cipher_para(&c->cipher_param, s);
		if (s->hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH) {
			s->hash_algo = le32toh(c->u.mac_param.algo);
			s->hash_result_len =
				le32toh(c->u.mac_param.hash_result_len);
			s->auth_key_len = le32toh(c->u.mac_param.auth_key_len);
		} else {
			s->hash_algo = le32toh(c->u.hash_param.algo);
			s->hash_result_len =
				le32toh(c->u.hash_param.hash_result_len);
		}
		s->aad_len = le32toh(c->aad_len);
		break;
	default:
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	return vc_sym_sess_check(s);
}

static int
hash_create(const struct virtio_crypto_hash_create_session_req *r,
	    struct vc_sym_sess *s)
{
	s->hash_algo = le32toh(r->para.algo);
	s->hash_result_len = le32toh(r->para.hash_result_len);
	if (s->hash_result_len == 0 || s->hash_result_len > VC_MAX_DIGEST_LEN)
		return VIRTIO_CRYPTO_BADMSG;
	return VIRTIO_CRYPTO_OK;
}

static int
mac_create(const struct virtio_crypto_mac_create_session_req *r,
	   struct vc_sym_sess *s)
{
	s->hash_algo = le32toh(r->para.algo);
	s->hash_result_len = le32toh(r->para.hash_result_len);
	s->auth_key_len = le32toh(r->para.auth_key_len);
	if (s->hash_result_len == 0 || s->hash_result_len > VC_MAX_DIGEST_LEN)
		return VIRTIO_CRYPTO_BADMSG;
	if (s->auth_key_len == 0 || s->auth_key_len > VC_MAX_AUTH_KEY_LEN)
		return VIRTIO_CRYPTO_BADMSG;
	return VIRTIO_CRYPTO_OK;
}

static int
aead_create(const struct virtio_crypto_aead_create_session_req *r,
	    struct vc_sym_sess *s)
{
	s->aead_algo = le32toh(r->para.algo);
	s->cipher_key_len = le32toh(r->para.key_len);
	s->hash_result_len = le32toh(r->para.hash_result_len);
	s->aad_len = le32toh(r->para.aad_len);
	s->cipher_dir = le32toh(r->para.op);
	if (!dir_ok(s->cipher_dir) || s->cipher_key_len == 0 ||
	    s->cipher_key_len > VC_MAX_AEAD_KEY_LEN ||
	    s->hash_result_len == 0 ||
	    s->hash_result_len > VC_MAX_AEAD_TAG_LEN)
		return VIRTIO_CRYPTO_BADMSG;
	return VIRTIO_CRYPTO_OK;
}

/*
 * RSA parameters, then the DER key right after the request: its length
 * against the readable bytes first (BADMSG), then against what we take.
 */
static int
akcipher_create(const struct virtio_crypto_akcipher_create_session_req *r,
		const struct vc_chain *c, struct vc_akcipher_sess *a)
{
	const struct virtio_crypto_akcipher_session_para *p = &r->para;
	uint32_t plen, dlen;

	a->algo = le32toh(p->algo);
	a->keytype = le32toh(p->keytype);
	a->keylen = le32toh(p->keylen);
	a->padding = le32toh(p->u.rsa.padding_algo);
	a->hash = le32toh(p->u.rsa.hash_algo);
	if (a->keytype != VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC &&
	    a->keytype != VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE)
		return VIRTIO_CRYPTO_BADMSG;
	if (a->keylen == 0 ||
	    a->keylen > c->rd_len - sizeof(struct virtio_crypto_op_ctrl_req))
		return VIRTIO_CRYPTO_BADMSG;
	/* DSA and ECDSA: see doc/limits.rst. */
	if (a->algo != VIRTIO_CRYPTO_AKCIPHER_RSA ||
	    a->keylen > VC_MAX_AKCIPHER_KEY_LEN)
		return VIRTIO_CRYPTO_NOTSUPP;
	/* The hash only shapes PKCS#1 v1.5 signatures; RAW ignores it. */
	if (a->padding == VIRTIO_CRYPTO_RSA_RAW_PADDING)
		a->hash = VIRTIO_CRYPTO_RSA_NO_HASH;
	else if (a->padding != VIRTIO_CRYPTO_RSA_PKCS1_PADDING ||
		 vc_rsa_digest_info(a->hash, &plen, &dlen) == NULL)
		return VIRTIO_CRYPTO_NOTSUPP;
	vc_segs_read(c->rd, c->nr_rd, sizeof(struct virtio_crypto_op_ctrl_req),
		     a->key, a->keylen);
	return vc_rsa_key_decode(a->key, a->keylen, a->keytype ==
				 VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE,
				 &a->rsa);
}

int
vc_ctrl_decode(const struct vc_chain *c, struct vc_ctrl_req *out)
{
	struct virtio_crypto_op_ctrl_req r;
	struct vc_sym_sess *s = &out->sess;
	uint64_t keys;
	uint32_t service;
	int rc;

	memset(out, 0, sizeof(*out));
	if (c->rd_len < sizeof(r))
		return VIRTIO_CRYPTO_BADMSG;
	/* One private copy; every decision below is made on it. */
	vc_segs_read(c->rd, c->nr_rd, 0, &r, sizeof(r));
	out->opcode = le32toh(r.header.opcode);
	service = out->opcode >> 8;

	switch (out->opcode) {
	case VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION:
	case VIRTIO_CRYPTO_HASH_DESTROY_SESSION:
	case VIRTIO_CRYPTO_MAC_DESTROY_SESSION:
	case VIRTIO_CRYPTO_AEAD_DESTROY_SESSION:
	case VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION:
		out->kind = VC_CTRL_DESTROY;
		out->wr_need = sizeof(struct virtio_crypto_inhdr);
		out->session_id = le64toh(r.u.destroy_session.session_id);
		rc = c->wr_len < out->wr_need ? VIRTIO_CRYPTO_BADMSG :
						VIRTIO_CRYPTO_OK;
		goto out;
	case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION:
	case VIRTIO_CRYPTO_HASH_CREATE_SESSION:
	case VIRTIO_CRYPTO_MAC_CREATE_SESSION:
	case VIRTIO_CRYPTO_AEAD_CREATE_SESSION:
	case VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION:
		out->kind = VC_CTRL_CREATE;
		out->wr_need = sizeof(struct virtio_crypto_session_input);
		break;
	default:
		/* Unknown opcodes: a status byte at most. */
		out->wr_need = sizeof(struct virtio_crypto_inhdr);
		rc = VIRTIO_CRYPTO_NOTSUPP;
		goto out;
	}
	if (c->wr_len < out->wr_need) {
		rc = VIRTIO_CRYPTO_BADMSG;
		goto out;
	}

	s->service = service;
	switch (service) {
	case VIRTIO_CRYPTO_SERVICE_CIPHER:
		rc = sym_create(&r.u.sym_create_session, s);
		break;
	case VIRTIO_CRYPTO_SERVICE_HASH:
		rc = hash_create(&r.u.hash_create_session, s);
		break;
	case VIRTIO_CRYPTO_SERVICE_MAC:
		rc = mac_create(&r.u.mac_create_session, s);
		break;
	case VIRTIO_CRYPTO_SERVICE_AEAD:
		rc = aead_create(&r.u.aead_create_session, s);
		break;
	default:
		rc = akcipher_create(&r.u.akcipher_create_session, c,
				     &out->ak);
		goto out;
	}
	if (rc != VIRTIO_CRYPTO_OK)
		goto out;

	/* Lengths are bounded above; still add them in 64 bits. */
	keys = (uint64_t)s->cipher_key_len + s->auth_key_len;
	if ((uint64_t)sizeof(r) + keys > c->rd_len) {
		rc = VIRTIO_CRYPTO_BADMSG;
		goto out;
	}
	vc_segs_read(c->rd, c->nr_rd, sizeof(r), s->cipher_key,
		     s->cipher_key_len);
	vc_segs_read(c->rd, c->nr_rd, sizeof(r) + s->cipher_key_len,
		     s->auth_key, s->auth_key_len);
out:
	if (rc != VIRTIO_CRYPTO_OK) {
		explicit_bzero(s, sizeof(*s));
		explicit_bzero(&out->ak, sizeof(out->ak));
	}
	return rc;
}
