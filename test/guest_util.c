/* SPDX-License-Identifier: BSD-3-Clause */
/* Driver-side helpers shared by the resource and load tests. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "guest_util.h"
#include "svc_guest.h"

uint64_t
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

struct vu_dev *
guest_open_conf(const struct vu_dev_conf *conf, int timeout_ms)
{
	uint64_t end = now_ms() + (uint64_t)timeout_ms;
	struct vu_dev *dev;
	char err[256];

	for (;;) {
		dev = vu_dev_open(conf, err, sizeof(err));
		if (dev != NULL || now_ms() >= end)
			return dev;
		usleep(10 * 1000);
	}
}

struct vu_dev *
guest_open(const char *sock, uint16_t nb_qs, uint16_t qsize, size_t mem,
	   int indirect, int timeout_ms)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = nb_qs,
		.queue_size = qsize,
		.mem_size = mem,
		.nb_regions = 1,
		.indirect = indirect,
		.connect_timeout_ms = 100,
	};

	return guest_open_conf(&conf, timeout_ms);
}

uint8_t
guest_rsa_session(struct vu_dev *dev, const uint8_t *der, uint32_t len,
		  int priv, uint32_t padding, uint32_t hash, uint64_t *sid)
{
	struct vu_ctrl_session s = {
		.service = VIRTIO_CRYPTO_SERVICE_AKCIPHER,
		.algo = VIRTIO_CRYPTO_AKCIPHER_RSA,
		.key = der,
		.key_len = len,
		.keytype = priv ? VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE :
			VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC,
		.rsa_padding = padding,
		.rsa_hash = hash,
	};
	uint8_t st = 0xfe;

	*sid = 0;
	if (vu_ctrl_session_create(dev, &s, sid, &st) != 0)
		return 0xfe;
	return st;
}

int64_t
guest_ctr_session(struct vu_dev *dev, const uint8_t *key)
{
	struct vu_sym_session p = sg_cipher_params(
		VIRTIO_CRYPTO_CIPHER_AES_CTR, key, 16, 1);
	int64_t id = -1;
	int rc = vu_session_create(dev, &p, &id);

	return rc == 0 ? id : rc;
}

int
gslots_alloc(struct vu_dev *dev, struct gslot *s, unsigned int n,
	     uint32_t len)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		s[i].len = len;
		s[i].iv = vu_mem_alloc(dev, 16, 16);
		s[i].src = vu_mem_alloc(dev, len, 64);
		s[i].dst = vu_mem_alloc(dev, len, 64);
		if (s[i].iv == NULL || s[i].src == NULL || s[i].dst == NULL)
			return -1;
	}
	return 0;
}

static void
random_fill(uint8_t *p, uint32_t n, uint64_t *rng)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		*rng ^= *rng << 13;
		*rng ^= *rng >> 7;
		*rng ^= *rng << 17;
		p[i] = (uint8_t)*rng;
	}
}

void
gslot_prepare(struct gslot *s, int64_t sid, uint64_t *rng)
{
	struct vu_sym_op *op = &s->op;

	random_fill(s->iv, 16, rng);
	/* The start and the end are enough to tell a wrong answer. */
	random_fill(s->src, s->len < 64 ? s->len : 64, rng);
	if (s->len > 64)
		random_fill(s->src + s->len - 64, 64, rng);
	sg_cipher_op(op, (uint64_t)sid, 1, s->iv, 16, s->src, s->dst, s->len);
	op->opaque = s;
	op->status = 0xff;
}

int
gslot_verify(const struct gslot *s, const uint8_t *key)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t *ref = malloc(s->len);
	int n = 0, ok = 0;

	if (ctx != NULL && ref != NULL &&
	    EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, s->iv) &&
	    EVP_EncryptUpdate(ctx, ref, &n, s->src, (int)s->len))
		ok = s->op.status == VIRTIO_CRYPTO_OK &&
		     s->op.used_len == s->len + 1 &&
		     memcmp(ref, s->dst, s->len) == 0;
	EVP_CIPHER_CTX_free(ctx);
	free(ref);
	return ok;
}

unsigned int
guest_run(struct vu_dev *dev, uint16_t q, struct vu_sym_op **ops,
	  unsigned int n, int timeout_ms)
{
	struct vu_sym_op *done[256];
	uint64_t end = now_ms() + (uint64_t)timeout_ms;
	unsigned int sent = 0, got = 0;

	while (got < n && now_ms() < end) {
		uint16_t k, m;

		if (sent < n) {
			k = n - sent > 0xffff ? 0xffff : (uint16_t)(n - sent);
			sent += vu_submit(dev, q, ops + sent, k);
		}
		m = vu_poll(dev, q, done, 256);
		got += m;
		if (m == 0)
			usleep(20);
	}
	return got;
}
