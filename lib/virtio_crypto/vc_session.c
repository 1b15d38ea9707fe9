/* SPDX-License-Identifier: BSD-3-Clause */
/* Session parameters from the vhost-user CREATE_CRYPTO_SESSION message. */
#include <stddef.h>
#include <string.h>

#include "vc_wire.h"

_Static_assert(sizeof(struct vc_vhost_sess_msg_72) == 632,
	       "QEMU 7.1-8.0 session message is 632 bytes");
_Static_assert(sizeof(struct vc_vhost_sess_msg_70) == 632,
	       "QEMU <= 7.0 session message is 632 bytes");
_Static_assert(offsetof(struct vc_vhost_sess_msg_72, key) ==
	       offsetof(struct vc_vhost_sess_msg_70, key),
	       "keys sit at the same offset in both layouts");

const char *
vc_vhost_sess_layout_name(enum vc_vhost_sess_layout l)
{
	switch (l) {
	case VC_SESS_LAYOUT_QEMU_7_0: return "QEMU <= 7.0 (with op_code)";
	case VC_SESS_LAYOUT_QEMU_7_2: return "QEMU 7.1-8.0 (no op_code)";
	default: return "unknown";
	}
}

int
vc_sym_sess_check(const struct vc_sym_sess *s)
{
	if (s->op_type != VIRTIO_CRYPTO_SYM_OP_CIPHER &&
	    s->op_type != VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
		return VIRTIO_CRYPTO_NOTSUPP;
	if (s->cipher_dir != VIRTIO_CRYPTO_OP_ENCRYPT &&
	    s->cipher_dir != VIRTIO_CRYPTO_OP_DECRYPT)
		return VIRTIO_CRYPTO_BADMSG;
	/* Only the null cipher goes without a key. */
	if (s->cipher_key_len > VC_MAX_CIPHER_KEY_LEN ||
	    (s->cipher_key_len == 0 &&
	     s->cipher_algo != VIRTIO_CRYPTO_NO_CIPHER))
		return VIRTIO_CRYPTO_BADMSG;
	if (s->op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER)
		return VIRTIO_CRYPTO_OK;

	if (s->chain_order != VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER &&
	    s->chain_order != VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH)
		return VIRTIO_CRYPTO_BADMSG;
	switch (s->hash_mode) {
	case VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN:
		if (s->auth_key_len != 0)
			return VIRTIO_CRYPTO_BADMSG;
		break;
	case VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH:
		if (s->auth_key_len == 0 ||
		    s->auth_key_len > VC_MAX_AUTH_KEY_LEN)
			return VIRTIO_CRYPTO_BADMSG;
		break;
	case VIRTIO_CRYPTO_SYM_HASH_MODE_NESTED:
		return VIRTIO_CRYPTO_NOTSUPP;
	default:
		return VIRTIO_CRYPTO_BADMSG;
	}
	if (s->hash_result_len == 0 || s->hash_result_len > VC_MAX_DIGEST_LEN)
		return VIRTIO_CRYPTO_BADMSG;
	if (s->aad_len != 0)
		return VIRTIO_CRYPTO_NOTSUPP;
	return VIRTIO_CRYPTO_OK;
}

static int
dir_ok(uint8_t d)
{
	return d == VIRTIO_CRYPTO_OP_ENCRYPT || d == VIRTIO_CRYPTO_OP_DECRYPT;
}

static int
op_type_ok(uint8_t t)
{
	return t == VIRTIO_CRYPTO_SYM_OP_CIPHER ||
	       t == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
}

/* Does the payload read sensibly as the QEMU 7.1-8.0 layout? */
static int
looks_like_72(const struct vc_vhost_sym_info_72 *i)
{
	return op_type_ok(i->op_type) && dir_ok(i->direction) &&
	       i->key_len <= VC_MAX_CIPHER_KEY_LEN &&
	       i->auth_key_len <= VC_MAX_AUTH_KEY_LEN;
}

/* ... or as the QEMU <= 7.0 one, whose op_code says what it is. */
static int
looks_like_70(const struct vc_vhost_sym_info_70 *i)
{
	return i->op_code == VIRTIO_CRYPTO_CIPHER_CREATE_SESSION &&
	       op_type_ok(i->op_type) && dir_ok(i->direction) &&
	       i->key_len <= VC_MAX_CIPHER_KEY_LEN &&
	       i->auth_key_len <= VC_MAX_AUTH_KEY_LEN;
}

#define FILL_SESS(out, info) do { \
	(out)->op_type = (info)->op_type; \
	(out)->cipher_algo = (info)->cipher_alg; \
	(out)->cipher_key_len = (info)->key_len; \
	(out)->cipher_dir = (info)->direction; \
	(out)->chain_order = (info)->alg_chain_order; \
	(out)->hash_mode = (info)->hash_mode; \
	(out)->hash_algo = (info)->hash_alg; \
	(out)->hash_result_len = (info)->hash_result_len; \
	(out)->auth_key_len = (info)->auth_key_len; \
	(out)->aad_len = (info)->add_len; \
} while (0)

int
vc_vhost_sess_decode(const void *payload, uint32_t size,
		     struct vc_sym_sess *out, enum vc_vhost_sess_layout *layout)
{
	struct vc_vhost_sess_msg_72 m72;
	struct vc_vhost_sess_msg_70 m70;
	int rc;

	*layout = VC_SESS_LAYOUT_UNKNOWN;
	memset(out, 0, sizeof(*out));
	if (size != sizeof(m72))
		return VIRTIO_CRYPTO_BADMSG;
	/* One private copy; every decision below is made on it. */
	memcpy(&m72, payload, sizeof(m72));
	memcpy(&m70, &m72, sizeof(m70));

	/* Debian 12's QEMU speaks 7.2; prefer it when both readings fit. */
	rc = VIRTIO_CRYPTO_BADMSG;
	if (looks_like_72(&m72.info)) {
		*layout = VC_SESS_LAYOUT_QEMU_7_2;
		FILL_SESS(out, &m72.info);
		rc = VIRTIO_CRYPTO_OK;
	} else if (looks_like_70(&m70.info)) {
		*layout = VC_SESS_LAYOUT_QEMU_7_0;
		FILL_SESS(out, &m70.info);
		rc = VIRTIO_CRYPTO_OK;
	}
	if (rc == VIRTIO_CRYPTO_OK) {
		/* Cipher-only sessions carry leftovers in the hash fields. */
		if (out->op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER) {
			out->chain_order = out->hash_mode = 0;
			out->hash_algo = out->hash_result_len = 0;
			out->auth_key_len = out->aad_len = 0;
		}
		rc = vc_sym_sess_check(out);
	}
	if (rc == VIRTIO_CRYPTO_OK) {
		memcpy(out->cipher_key, m72.key, out->cipher_key_len);
		memcpy(out->auth_key, m72.auth_key, out->auth_key_len);
	}
	/* Our copies held key material. */
	explicit_bzero(&m72, sizeof(m72));
	explicit_bzero(&m70, sizeof(m70));
	return rc;
}
