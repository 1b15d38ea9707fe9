/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sessions over the control queue, the spec's path (no REVISION_1: a
 * 72-byte virtio_crypto_op_ctrl_req, then the keys, then the device's
 * answer). One request at a time, waited for: the ring only ever holds
 * descriptors 0 (request and keys, readable) and 1 (answer, writable).
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vc_wire.h"
#include "vu_private.h"

_Static_assert(VU_CTRL_IN_OFF >= sizeof(struct virtio_crypto_op_ctrl_req) +
	       VC_MAX_CIPHER_KEY_LEN + VC_MAX_AUTH_KEY_LEN &&
	       VU_CTRL_IN_OFF >= sizeof(struct virtio_crypto_op_ctrl_req) +
	       VC_MAX_AKCIPHER_KEY_LEN,
	       "controlq answer after the largest request");
_Static_assert(VU_CTRL_IN_OFF + sizeof(struct virtio_crypto_session_input) <=
	       VU_CTRL_BUF_SIZE, "controlq answer inside the buffer");

static struct vu_queue *
ctrlq(struct vu_dev *dev)
{
	if (dev == NULL || dev->nb_rings <= dev->nb_queues ||
	    dev->ctrl_buf == NULL)
		return NULL;
	return &dev->queues[dev->nb_queues];
}

static uint64_t
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/*
 * Post the request of @p rd_len bytes and wait for its used entry.
 * @return the length the device says it wrote, or a negative errno.
 */
static int
ctrl_call(struct vu_dev *dev, uint32_t rd_len, uint32_t wr_len)
{
	struct vu_queue *q = ctrlq(dev);
	uint64_t base = vu_mem_gpa(&dev->mem, dev->ctrl_buf, VU_CTRL_BUF_SIZE);
	uint64_t one = 1, deadline;
	uint32_t len;
	uint16_t used;

	q->desc[0].addr = htole64(base);
	q->desc[0].len = htole32(rd_len);
	q->desc[0].flags = htole16(VRING_DESC_F_NEXT);
	q->desc[0].next = htole16(1);
	q->desc[1].addr = htole64(base + VU_CTRL_IN_OFF);
	q->desc[1].len = htole32(wr_len);
	q->desc[1].flags = htole16(VRING_DESC_F_WRITE);
	q->desc[1].next = 0;
	q->avail->ring[q->avail_idx++ & q->mask] = 0;
	__atomic_store_n(&q->avail->idx, htole16(q->avail_idx),
			 __ATOMIC_RELEASE);
	/* The backend polls; a kick costs one write on this slow path. */
	while (write(q->kickfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	deadline = now_ms() + VU_REPLY_TIMEOUT_MS;
	for (;;) {
		used = le16toh(__atomic_load_n(&q->used->idx,
					       __ATOMIC_ACQUIRE));
		if (used != q->last_used)
			break;
		if (now_ms() > deadline)
			return -ETIMEDOUT;
		usleep(20);
	}
	len = le32toh(q->used->ring[q->last_used++ & q->mask].len);
	return len > wr_len ? -EPROTO : (int)len;
}

static int
put_key(uint8_t *dst, uint32_t *off, const uint8_t *key, uint32_t len,
	uint32_t max)
{
	if (len > max || (len != 0 && key == NULL))
		return -EINVAL;
	if (len != 0)
		memcpy(dst + *off, key, len);
	*off += len;
	return 0;
}

/* Fill the request; the readable bytes it takes, or -EINVAL. */
static int
encode(const struct vu_ctrl_session *s, uint8_t *buf)
{
	struct virtio_crypto_op_ctrl_req r;
	uint32_t off = sizeof(r);
	int rc = 0;

	memset(&r, 0, sizeof(r));
	switch (s->service) {
	case VIRTIO_CRYPTO_SERVICE_CIPHER: {
		const struct vu_sym_session *y = &s->sym;
		struct virtio_crypto_sym_create_session_req *q =
			&r.u.sym_create_session;
		struct virtio_crypto_cipher_session_para *cp;

		r.header.opcode = htole32(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
		r.header.algo = htole32(y->cipher_algo);
		q->op_type = htole32(y->op_type);
		if (y->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
			struct virtio_crypto_alg_chain_session_para *c =
				&q->u.chain.para;

			c->alg_chain_order = htole32(y->chain_order);
			c->hash_mode = htole32(y->hash_mode);
			c->u.mac_param.algo = htole32(y->hash_algo);
			c->u.mac_param.hash_result_len =
				htole32(y->hash_result_len);
			if (y->hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH)
				c->u.mac_param.auth_key_len =
					htole32(y->auth_key_len);
			c->aad_len = htole32(y->aad_len);
			cp = &c->cipher_param;
		} else {
			cp = &q->u.cipher.para;
		}
		cp->algo = htole32(y->cipher_algo);
		cp->keylen = htole32(y->cipher_key_len);
		cp->op = htole32(y->direction);
		rc = put_key(buf, &off, y->cipher_key, y->cipher_key_len,
			     VC_MAX_CIPHER_KEY_LEN);
		if (rc == 0 && y->op_type ==
				VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
			rc = put_key(buf, &off, y->auth_key, y->auth_key_len,
				     VC_MAX_AUTH_KEY_LEN);
		break;
	}
	case VIRTIO_CRYPTO_SERVICE_HASH:
		r.header.opcode = htole32(VIRTIO_CRYPTO_HASH_CREATE_SESSION);
		r.header.algo = htole32(s->algo);
		r.u.hash_create_session.para.algo = htole32(s->algo);
		r.u.hash_create_session.para.hash_result_len =
			htole32(s->hash_result_len);
		break;
	case VIRTIO_CRYPTO_SERVICE_MAC:
		r.header.opcode = htole32(VIRTIO_CRYPTO_MAC_CREATE_SESSION);
		r.header.algo = htole32(s->algo);
		r.u.mac_create_session.para.algo = htole32(s->algo);
		r.u.mac_create_session.para.hash_result_len =
			htole32(s->hash_result_len);
		r.u.mac_create_session.para.auth_key_len =
			htole32(s->key_len);
		rc = put_key(buf, &off, s->key, s->key_len,
			     VC_MAX_AUTH_KEY_LEN);
		break;
	case VIRTIO_CRYPTO_SERVICE_AKCIPHER: {
		struct virtio_crypto_akcipher_session_para *p =
			&r.u.akcipher_create_session.para;

		r.header.opcode =
			htole32(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
		r.header.algo = htole32(s->algo);
		p->algo = htole32(s->algo);
		p->keytype = htole32(s->keytype);
		p->keylen = htole32(s->key_len);
		p->u.rsa.padding_algo = htole32(s->rsa_padding);
		p->u.rsa.hash_algo = htole32(s->rsa_hash);
		rc = put_key(buf, &off, s->key, s->key_len,
			     VC_MAX_AKCIPHER_KEY_LEN);
		break;
	}
	case VIRTIO_CRYPTO_SERVICE_AEAD:
		r.header.opcode = htole32(VIRTIO_CRYPTO_AEAD_CREATE_SESSION);
		r.header.algo = htole32(s->algo);
		r.u.aead_create_session.para.algo = htole32(s->algo);
		r.u.aead_create_session.para.key_len = htole32(s->key_len);
		r.u.aead_create_session.para.hash_result_len =
			htole32(s->hash_result_len);
		r.u.aead_create_session.para.aad_len = htole32(s->aad_len);
		r.u.aead_create_session.para.op = htole32(s->direction);
		rc = put_key(buf, &off, s->key, s->key_len,
			     VC_MAX_CIPHER_KEY_LEN);
		break;
	default:
		return -EINVAL;
	}
	if (rc < 0)
		return rc;
	memcpy(buf, &r, sizeof(r));
	return (int)off;
}

int
vu_ctrl_session_create(struct vu_dev *dev, const struct vu_ctrl_session *s,
		       uint64_t *session_id, uint8_t *status)
{
	struct virtio_crypto_session_input in;
	uint8_t *buf;
	int rd, rc;

	if (ctrlq(dev) == NULL || s == NULL || session_id == NULL ||
	    status == NULL)
		return -EINVAL;
	buf = dev->ctrl_buf;
	memset(buf, 0, VU_CTRL_BUF_SIZE);
	rd = encode(s, buf);
	if (rd < 0)
		return rd;
	/* An answer the device never writes stays visibly 0xff. */
	memset(buf + VU_CTRL_IN_OFF, 0xff, sizeof(in));
	rc = ctrl_call(dev, (uint32_t)rd, sizeof(in));
	memcpy(&in, buf + VU_CTRL_IN_OFF, sizeof(in));
	/* The request held keys. */
	explicit_bzero(buf, VU_CTRL_IN_OFF);
	if (rc < 0)
		return rc;
	*status = (uint8_t)le32toh(in.status);
	if (le32toh(in.status) > UINT8_MAX)
		*status = 0xff;
	*session_id = le64toh(in.session_id);
	return 0;
}

int
vu_ctrl_session_destroy(struct vu_dev *dev, uint32_t service,
			uint64_t session_id, uint8_t *status)
{
	struct virtio_crypto_op_ctrl_req r;
	uint8_t *buf;
	int rc;

	if (ctrlq(dev) == NULL || status == NULL ||
	    service > VIRTIO_CRYPTO_SERVICE_AKCIPHER)
		return -EINVAL;
	buf = dev->ctrl_buf;
	memset(&r, 0, sizeof(r));
	/* Akcipher's create and destroy come after the others' (2, 3). */
	r.header.opcode = htole32(service == VIRTIO_CRYPTO_SERVICE_AKCIPHER ?
		VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION :
		VIRTIO_CRYPTO_OPCODE(service, 0x03));
	r.u.destroy_session.session_id = htole64(session_id);
	memcpy(buf, &r, sizeof(r));
	buf[VU_CTRL_IN_OFF] = 0xff;
	rc = ctrl_call(dev, sizeof(r), sizeof(struct virtio_crypto_inhdr));
	if (rc < 0)
		return rc;
	*status = buf[VU_CTRL_IN_OFF];
	return 0;
}

int
vu_dev_get_config(struct vu_dev *dev, struct virtio_crypto_config *cfg)
{
	struct {
		uint32_t offset;
		uint32_t size;
		uint32_t flags;
		uint8_t region[sizeof(*cfg)];
	} __attribute__((packed)) m;
	int rc;

	if (dev == NULL || cfg == NULL)
		return -EINVAL;
	if (!(dev->protocol_features & (1ull << VU_PROTOCOL_F_CONFIG)))
		return -ENOTSUP;
	memset(&m, 0, sizeof(m));
	m.size = sizeof(*cfg);
	rc = vu_chan_call(&dev->chan, VU_GET_CONFIG, &m, sizeof(m), &m,
			  sizeof(m), NULL, 0);
	if (rc == 0)
		memcpy(cfg, m.region, sizeof(*cfg));
	return rc;
}

int
vu_raw_ctrl(struct vu_dev *dev, const void *req, uint32_t rd_len,
	    void *reply, uint32_t wr_len)
{
	uint8_t *buf;
	int rc;

	if (ctrlq(dev) == NULL || req == NULL || rd_len == 0 ||
	    rd_len > VU_CTRL_IN_OFF || wr_len == 0 ||
	    wr_len > VU_CTRL_BUF_SIZE - VU_CTRL_IN_OFF)
		return -EINVAL;
	buf = dev->ctrl_buf;
	memcpy(buf, req, rd_len);
	memset(buf + VU_CTRL_IN_OFF, 0xff, wr_len);
	rc = ctrl_call(dev, rd_len, wr_len);
	if (reply != NULL)
		memcpy(reply, buf + VU_CTRL_IN_OFF, wr_len);
	explicit_bzero(buf, VU_CTRL_IN_OFF);
	return rc;
}
