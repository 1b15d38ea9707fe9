/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest with one set of buffers for the service tests. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "svc_guest.h"

int
sguest_open(struct sguest *g, const char *sock, int ctrlq)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = 1,
		.queue_size = 64,
		.mem_size = 4u << 20,
		.nb_regions = 1,
		.connect_timeout_ms = 5000,
		.ctrlq = ctrlq,
	};
	char err[256];

	memset(g, 0, sizeof(*g));
	g->dev = vu_dev_open(&conf, err, sizeof(err));
	if (!CHECK(g->dev != NULL)) {
		fprintf(stderr, "vu_dev_open %s: %s\n", sock, err);
		return -1;
	}
	g->iv = vu_mem_alloc(g->dev, 32, 16);
	g->src = vu_mem_alloc(g->dev, SG_MAX_LEN + 64, 64);
	g->dst = vu_mem_alloc(g->dev, SG_MAX_LEN + 64, 64);
	g->aad = vu_mem_alloc(g->dev, 256, 16);
	g->digest = vu_mem_alloc(g->dev, 64, 16);
	return CHECK(g->iv && g->src && g->dst && g->aad && g->digest) ?
		0 : -1;
}

int
sguest_run(struct sguest *g)
{
	struct vu_sym_op *op = &g->op, *done;
	struct timespec t0, t;

	if (vu_submit(g->dev, 0, &op, 1) != 1)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (vu_poll(g->dev, 0, &done, 1) == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 5)
			return -1;
	}
	return op->status;
}

static uint8_t
ctrl_create(struct sguest *g, const struct vu_ctrl_session *s, uint64_t *sid)
{
	uint8_t st = 0xfe;

	*sid = 0;
	if (!CHECK(vu_ctrl_session_create(g->dev, s, sid, &st) == 0))
		return 0xfe;
	return st;
}

struct vu_sym_session
sg_cipher_params(uint32_t algo, const uint8_t *key, uint32_t keylen,
		 int encrypt)
{
	return (struct vu_sym_session){
		.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
		.cipher_algo = algo,
		.direction = encrypt ? VIRTIO_CRYPTO_OP_ENCRYPT :
			VIRTIO_CRYPTO_OP_DECRYPT,
		.cipher_key = key,
		.cipher_key_len = keylen,
	};
}

struct vu_sym_session
sg_chain_params(uint32_t algo, const uint8_t *key, uint32_t keylen,
		int encrypt, int hash_first, uint32_t mac, const uint8_t *akey,
		uint32_t akeylen, uint32_t digest_len)
{
	struct vu_sym_session p = sg_cipher_params(algo, key, keylen,
						   encrypt);

	p.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	p.chain_order = hash_first ?
		VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER :
		VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH;
	p.hash_mode = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
	p.hash_algo = mac;
	p.hash_result_len = digest_len;
	p.auth_key = akey;
	p.auth_key_len = akeylen;
	return p;
}

uint8_t
sguest_ctrl_cipher(struct sguest *g, uint32_t algo, const uint8_t *key,
		   uint32_t keylen, int encrypt, uint64_t *sid)
{
	struct vu_ctrl_session s = {
		.service = VIRTIO_CRYPTO_SERVICE_CIPHER,
		.sym = sg_cipher_params(algo, key, keylen, encrypt),
	};

	return ctrl_create(g, &s, sid);
}

int
sguest_vhost_cipher(struct sguest *g, uint32_t algo, const uint8_t *key,
		    uint32_t keylen, int encrypt, uint64_t *sid)
{
	struct vu_sym_session p = sg_cipher_params(algo, key, keylen,
						   encrypt);
	int64_t id = -1;
	int rc = vu_session_create(g->dev, &p, &id);

	*sid = rc == 0 ? (uint64_t)id : 0;
	return rc;
}

uint8_t
sguest_ctrl_svc(struct sguest *g, uint32_t service, uint32_t algo,
		const uint8_t *key, uint32_t key_len, uint32_t result_len,
		uint32_t aad_len, int encrypt, uint64_t *sid)
{
	struct vu_ctrl_session s = {
		.service = service,
		.algo = algo,
		.hash_result_len = result_len,
		.key = key,
		.key_len = key_len,
		.aad_len = aad_len,
		.direction = encrypt ? VIRTIO_CRYPTO_OP_ENCRYPT :
			VIRTIO_CRYPTO_OP_DECRYPT,
	};

	return ctrl_create(g, &s, sid);
}

uint8_t
sguest_ctrl_destroy(struct sguest *g, uint32_t service, uint64_t sid)
{
	uint8_t st = 0xfe;

	CHECK(vu_ctrl_session_destroy(g->dev, service, sid, &st) == 0);
	return st;
}

void
sg_cipher_op(struct vu_sym_op *op, uint64_t sid, int encrypt, const void *iv,
	     uint32_t iv_len, const void *src, void *dst, uint32_t len)
{
	memset(op, 0, sizeof(*op));
	op->opcode = encrypt ? VIRTIO_CRYPTO_CIPHER_ENCRYPT :
		VIRTIO_CRYPTO_CIPHER_DECRYPT;
	op->op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER;
	op->session_id = sid;
	op->iv = iv;
	op->iv_len = iv_len;
	op->src = src;
	op->src_len = len;
	op->dst = dst;
	op->dst_len = len;
}

void
sguest_op(struct sguest *g, uint32_t opcode, uint64_t sid, uint32_t iv_len,
	  uint32_t aad_len, uint32_t src_len, uint32_t dst_len,
	  uint32_t digest_len)
{
	struct vu_sym_op *op = &g->op;

	sg_cipher_op(op, sid, 1, g->iv, iv_len, g->src, g->dst, src_len);
	op->opcode = opcode;
	op->dst_len = dst_len;
	op->aad = g->aad;
	op->aad_len = aad_len;
	op->digest = g->digest;
	op->digest_len = digest_len;
}

int
sguest_cipher(struct sguest *g, uint64_t sid, int encrypt, uint32_t iv_len,
	      uint32_t len)
{
	sg_cipher_op(&g->op, sid, encrypt, g->iv, iv_len, g->src, g->dst,
		     len);
	return sguest_run(g);
}

int
sguest_hash(struct sguest *g, uint32_t opcode, uint64_t sid, uint32_t len,
	    uint32_t digest_len)
{
	memset(g->digest, 0xa5, 64);
	sguest_op(g, opcode, sid, 0, 0, len, 0, digest_len);
	return sguest_run(g);
}

int
sguest_aead(struct sguest *g, uint64_t sid, int encrypt, uint32_t iv_len,
	    uint32_t aad_len, uint32_t src_len, uint32_t dst_len)
{
	sguest_op(g, encrypt ? VIRTIO_CRYPTO_AEAD_ENCRYPT :
		  VIRTIO_CRYPTO_AEAD_DECRYPT, sid, iv_len, aad_len, src_len,
		  dst_len, 0);
	return sguest_run(g);
}
