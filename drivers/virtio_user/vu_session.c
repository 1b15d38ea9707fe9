/* SPDX-License-Identifier: BSD-3-Clause */
/* Sessions over CREATE_CRYPTO_SESSION / CLOSE_CRYPTO_SESSION. */
#include <errno.h>
#include <string.h>

#include "vc_wire.h"
#include "vu_private.h"

_Static_assert(sizeof(struct vc_vhost_sess_msg_72) == 632,
	       "QEMU 7.1-8.0 session message");

/* Encode in the QEMU 7.1 .. 8.0 layout; -EINVAL for what it can't carry. */
static int
encode(const struct vu_sym_session *s, struct vc_vhost_sess_msg_72 *m)
{
	if (s->cipher_key_len > VC_MAX_CIPHER_KEY_LEN ||
	    s->auth_key_len > VC_MAX_AUTH_KEY_LEN ||
	    (s->cipher_key_len != 0 && s->cipher_key == NULL) ||
	    (s->auth_key_len != 0 && s->auth_key == NULL))
		return -EINVAL;
	/* These are bytes on the wire: refuse rather than truncate. */
	if (s->op_type > UINT8_MAX || s->direction > UINT8_MAX ||
	    s->hash_mode > UINT8_MAX || s->chain_order > UINT8_MAX)
		return -EINVAL;

	memset(m, 0, sizeof(*m));
	m->session_id = -1;
	m->info.cipher_alg = s->cipher_algo;
	m->info.key_len = s->cipher_key_len;
	m->info.hash_alg = s->hash_algo;
	m->info.hash_result_len = s->hash_result_len;
	m->info.auth_key_len = s->auth_key_len;
	m->info.add_len = s->aad_len;
	m->info.op_type = (uint8_t)s->op_type;
	m->info.direction = (uint8_t)s->direction;
	m->info.hash_mode = (uint8_t)s->hash_mode;
	m->info.alg_chain_order = (uint8_t)s->chain_order;
	/* QEMU's key pointers mean nothing to another process. */
	m->info.key_ptr = 0;
	m->info.auth_key_ptr = 0;
	if (s->cipher_key_len != 0)
		memcpy(m->key, s->cipher_key, s->cipher_key_len);
	if (s->auth_key_len != 0)
		memcpy(m->auth_key, s->auth_key, s->auth_key_len);
	return 0;
}

int
vu_session_create(struct vu_dev *dev, const struct vu_sym_session *s,
		  int64_t *session_id)
{
	struct vc_vhost_sess_msg_72 m;
	int rc;

	if (dev == NULL || s == NULL || session_id == NULL)
		return -EINVAL;
	rc = encode(s, &m);
	if (rc < 0)
		return rc;
	/* No NEED_REPLY: the backend answers with the message itself. */
	rc = vu_chan_call(&dev->chan, VU_CREATE_CRYPTO_SESSION, &m,
			  sizeof(m), &m, sizeof(m), NULL, 0);
	if (rc == 0) {
		if (m.session_id < 0)
			rc = -EPROTO;
		else
			*session_id = m.session_id;
	}
	/* The request carried keys; a well-behaved reply may echo them. */
	explicit_bzero(&m, sizeof(m));
	return rc;
}

int
vu_session_destroy(struct vu_dev *dev, int64_t session_id)
{
	uint64_t id = (uint64_t)session_id;

	if (dev == NULL)
		return -EINVAL;
	/* Acked when REPLY_ACK is on, so the close is done on return. */
	return vu_chan_set(&dev->chan, VU_CLOSE_CRYPTO_SESSION, &id,
			   sizeof(id), NULL, 0, NULL, 0);
}
