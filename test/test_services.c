/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control virtqueue (the spec's session path) against a real backend,
 * and the decoding of its requests on its own. Cipher answers come from
 * NIST SP 800-38A F.2.1/F.2.2 and OpenSSL on the same random inputs.
 *
 * Usage: test_services BACKEND_EXE PMD
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "harness.h"
#include "vc_wire.h"
#include "vu_crypto.h"

#define MAX_LEN 4096
#define MEM_SIZE (4u << 20)

static struct backend be;

struct guest {
	struct vu_dev *dev;
	uint8_t *iv;
	uint8_t *src;
	uint8_t *dst;
	struct vu_sym_op op;
};

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd();
}

static int
guest_open(struct guest *g, const char *sock, int ctrlq)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = 1,
		.queue_size = 64,
		.mem_size = MEM_SIZE,
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
	g->src = vu_mem_alloc(g->dev, MAX_LEN, 64);
	g->dst = vu_mem_alloc(g->dev, MAX_LEN, 64);
	return CHECK(g->iv && g->src && g->dst) ? 0 : -1;
}

/* Run one op on queue 0 and wait 5 s at most; its status or -1. */
static int
run_op(struct guest *g)
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

static int
cipher_run(struct guest *g, uint64_t sid, int encrypt, uint32_t len)
{
	struct vu_sym_op *op = &g->op;

	memset(op, 0, sizeof(*op));
	op->opcode = encrypt ? VIRTIO_CRYPTO_CIPHER_ENCRYPT :
		VIRTIO_CRYPTO_CIPHER_DECRYPT;
	op->op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER;
	op->session_id = sid;
	op->iv = g->iv;
	op->iv_len = 16;
	op->src = g->src;
	op->src_len = len;
	op->dst = g->dst;
	op->dst_len = len;
	return run_op(g);
}

/* A cipher session over the controlq; its status, the id in @p sid. */
static uint8_t
ctrl_cipher(struct guest *g, uint32_t algo, const uint8_t *key,
	    uint32_t keylen, int encrypt, uint64_t *sid)
{
	struct vu_ctrl_session s = {
		.service = VIRTIO_CRYPTO_SERVICE_CIPHER,
		.sym = {
			.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
			.cipher_algo = algo,
			.direction = encrypt ? VIRTIO_CRYPTO_OP_ENCRYPT :
				VIRTIO_CRYPTO_OP_DECRYPT,
			.cipher_key = key,
			.cipher_key_len = keylen,
		},
	};
	uint8_t st = 0xfe;

	*sid = 0;
	if (!CHECK(vu_ctrl_session_create(g->dev, &s, sid, &st) == 0))
		return 0xfe;
	return st;
}

static uint8_t
ctrl_destroy(struct guest *g, uint32_t service, uint64_t sid)
{
	uint8_t st = 0xfe;

	CHECK(vu_ctrl_session_destroy(g->dev, service, sid, &st) == 0);
	return st;
}

/* NIST SP 800-38A F.2.1 and F.2.2: CBC-AES128, both directions. */
static void
test_nist_cbc(struct guest *g)
{
	uint8_t key[16], iv[16], pt[64], ct[64];
	uint64_t enc, dec;

	hex2bin("2b7e151628aed2a6abf7158809cf4f3c", key, sizeof(key));
	hex2bin("000102030405060708090a0b0c0d0e0f", iv, sizeof(iv));
	hex2bin("6bc1bee22e409f96e93d7e117393172a"
		"ae2d8a571e03ac9c9eb76fac45af8e51"
		"30c81c46a35ce411e5fbc1191a0a52ef"
		"f69f2445df4f9b17ad2b417be66c3710", pt, sizeof(pt));
	hex2bin("7649abac8119b246cee98e9b12e9197d"
		"5086cb9b507219ee95db113a917678b2"
		"73bed6b8e3c1743b7116e69e22229516"
		"3ff1caa1681fac09120eca307586e1a7", ct, sizeof(ct));

	CHECK(ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1,
			  &enc) == VIRTIO_CRYPTO_OK);
	CHECK(enc != 0);
	CHECK(ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 0,
			  &dec) == VIRTIO_CRYPTO_OK);
	CHECK(dec != 0 && dec != enc);

	memcpy(g->iv, iv, 16);
	memcpy(g->src, pt, 64);
	memset(g->dst, 0, 64);
	CHECK(cipher_run(g, enc, 1, 64) == VIRTIO_CRYPTO_OK);
	CHECK(memcmp(g->dst, ct, 64) == 0);

	memcpy(g->src, ct, 64);
	memset(g->dst, 0, 64);
	CHECK(cipher_run(g, dec, 0, 64) == VIRTIO_CRYPTO_OK);
	CHECK(memcmp(g->dst, pt, 64) == 0);

	/* Destroyed over the controlq: the data path no longer knows it. */
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, enc) ==
	      VIRTIO_CRYPTO_OK);
	CHECK(cipher_run(g, enc, 1, 64) == VIRTIO_CRYPTO_INVSESS);
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, enc) ==
	      VIRTIO_CRYPTO_INVSESS);
	/* The other one is untouched. */
	CHECK(cipher_run(g, dec, 0, 64) == VIRTIO_CRYPTO_OK);
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, dec) ==
	      VIRTIO_CRYPTO_OK);
}

/* Random AES-CTR/CBC inputs against OpenSSL, sessions by the controlq. */
static void
test_random_cipher(struct guest *g, int rounds)
{
	static const uint32_t keylens[] = { 16, 24, 32 };
	uint8_t key[32], ref[MAX_LEN];
	int i;

	for (i = 0; i < rounds; i++) {
		int ctr = i & 1;
		uint32_t algo = ctr ? VIRTIO_CRYPTO_CIPHER_AES_CTR :
				      VIRTIO_CRYPTO_CIPHER_AES_CBC;
		uint32_t kl = keylens[rnd() % 3];
		uint32_t len = 16 * (1 + (uint32_t)(rnd() % 64));
		const EVP_CIPHER *c;
		EVP_CIPHER_CTX *ctx;
		uint64_t sid;
		int n1 = 0, n2 = 0;

		if (ctr)
			len -= (uint32_t)(rnd() % 16);
		rnd_bytes(key, kl);
		rnd_bytes(g->iv, 16);
		rnd_bytes(g->src, len);
		if (!CHECK(ctrl_cipher(g, algo, key, kl, 1, &sid) ==
			   VIRTIO_CRYPTO_OK))
			continue;
		CHECK(cipher_run(g, sid, 1, len) == VIRTIO_CRYPTO_OK);
		c = ctr ? (kl == 16 ? EVP_aes_128_ctr() :
			   kl == 24 ? EVP_aes_192_ctr() : EVP_aes_256_ctr()) :
			  (kl == 16 ? EVP_aes_128_cbc() :
			   kl == 24 ? EVP_aes_192_cbc() : EVP_aes_256_cbc());
		ctx = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(ctx, c, NULL, key, g->iv);
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		EVP_EncryptUpdate(ctx, ref, &n1, g->src, (int)len);
		EVP_EncryptFinal_ex(ctx, ref + n1, &n2);
		EVP_CIPHER_CTX_free(ctx);
		CHECK((uint32_t)(n1 + n2) == len);
		CHECK(memcmp(g->dst, ref, len) == 0);
		CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, sid) ==
		      VIRTIO_CRYPTO_OK);
	}
}

/* Both session paths share one table. */
static void
test_both_paths(struct guest *g)
{
	uint8_t key[16] = { 1, 2, 3 };
	struct vu_sym_session p = {
		.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
		.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
		.cipher_key = key,
		.cipher_key_len = 16,
	};
	int64_t id = -1;

	CHECK(vu_session_create(g->dev, &p, &id) == 0 && id > 0);
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, (uint64_t)id) ==
	      VIRTIO_CRYPTO_OK);
	rnd_bytes(g->src, 32);
	CHECK(cipher_run(g, (uint64_t)id, 1, 32) == VIRTIO_CRYPTO_INVSESS);
}

/* Chained cipher + HMAC sessions come over the controlq too. */
static void
test_chain_session(struct guest *g)
{
	uint8_t key[16] = { 9 }, akey[32] = { 7 };
	struct vu_ctrl_session s = {
		.service = VIRTIO_CRYPTO_SERVICE_CIPHER,
		.sym = {
			.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
			.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
			.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
			.cipher_key = key,
			.cipher_key_len = 16,
			.chain_order =
			VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH,
			.hash_mode = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
			.hash_algo = VIRTIO_CRYPTO_MAC_HMAC_SHA_256,
			.hash_result_len = 32,
			.auth_key = akey,
			.auth_key_len = 32,
		},
	};
	uint64_t sid = 0;
	uint8_t st = 0xfe;

	CHECK(vu_ctrl_session_create(g->dev, &s, &sid, &st) == 0);
	CHECK(st == VIRTIO_CRYPTO_OK && sid != 0);
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, sid) ==
	      VIRTIO_CRYPTO_OK);
}

/* What the device can't do answers NOTSUPP, and leaves no session. */
static void
test_notsupp(struct guest *g)
{
	uint8_t key[16] = { 0 };
	uint64_t sid;

	/* No cryptodev of ours has RC4. */
	CHECK(ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_ARC4, key, 16, 1, &sid) ==
	      VIRTIO_CRYPTO_NOTSUPP);
	CHECK(sid == 0);
	/* Nor an id the map has never heard of. */
	CHECK(ctrl_cipher(g, 200, key, 16, 1, &sid) ==
	      VIRTIO_CRYPTO_NOTSUPP);
	/* Destroying what was never created. */
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, 12345) ==
	      VIRTIO_CRYPTO_INVSESS);
}

/* Many creates and destroys: slots come back, nothing is left over. */
static void
test_churn(struct guest *g)
{
	uint8_t key[16] = { 5 };
	uint64_t sid;
	int i, ok = 1;

	for (i = 0; i < 300; i++) {
		ok &= ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_CTR, key, 16, 1,
				  &sid) == VIRTIO_CRYPTO_OK;
		ok &= ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, sid) ==
		      VIRTIO_CRYPTO_OK;
	}
	CHECK(ok);
}

/* ---- vc_ctrl_decode() alone: hostile layouts ---- */

static struct vc_chain chain;
static uint8_t rdbuf[1024], wrbuf[64];

/* Readable stream: request, then @p extra key bytes, in two pieces. */
static void
chain_of(const struct virtio_crypto_op_ctrl_req *r, uint32_t extra,
	 uint32_t wr_len)
{
	uint32_t total = sizeof(*r) + extra;

	memset(&chain, 0, sizeof(chain));
	memcpy(rdbuf, r, sizeof(*r));
	/* Split mid-header and mid-key: decode must read across pieces. */
	chain.rd[0].addr = rdbuf;
	chain.rd[0].len = 40;
	chain.rd[1].addr = rdbuf + 40;
	chain.rd[1].len = total - 40;
	chain.nr_rd = 2;
	chain.rd_len = total;
	chain.wr[0].addr = wrbuf;
	chain.wr[0].len = wr_len;
	chain.nr_wr = wr_len != 0;
	chain.wr_len = wr_len;
}

static void
test_decode(void)
{
	struct virtio_crypto_op_ctrl_req r;
	struct virtio_crypto_cipher_session_para *cp =
		&r.u.sym_create_session.u.cipher.para;
	struct virtio_crypto_alg_chain_session_para *ch =
		&r.u.sym_create_session.u.chain.para;
	static struct vc_ctrl_req out;
	uint32_t i;

	for (i = 0; i < 100; i++)
		rdbuf[sizeof(r) + i] = (uint8_t)(i + 1);

	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	r.u.sym_create_session.op_type = htole32(VIRTIO_CRYPTO_SYM_OP_CIPHER);
	cp->algo = htole32(VIRTIO_CRYPTO_CIPHER_AES_CBC);
	cp->keylen = htole32(16);
	cp->op = htole32(VIRTIO_CRYPTO_OP_ENCRYPT);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.kind == VC_CTRL_CREATE && out.wr_need == 16);
	CHECK(out.sess.service == VIRTIO_CRYPTO_SERVICE_CIPHER);
	CHECK(out.sess.cipher_key_len == 16 && out.sess.cipher_key[0] == 1 &&
	      out.sess.cipher_key[15] == 16);

	/* Key longer than what the guest handed over. */
	chain_of(&r, 15, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	CHECK(out.sess.cipher_key_len == 0);
	/* No room for the session input. */
	chain_of(&r, 16, 15);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	/* Key length beyond any buffer, and huge. */
	cp->keylen = htole32(65);
	chain_of(&r, 65, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	cp->keylen = htole32(0xffffffff);
	chain_of(&r, 65, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	cp->keylen = htole32(16);
	/* Bad direction. */
	cp->op = htole32(3);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	cp->op = htole32(VIRTIO_CRYPTO_OP_ENCRYPT);
	/* Truncated request. */
	chain_of(&r, 16, 16);
	chain.rd_len = sizeof(r) - 1;
	chain.rd[1].len = sizeof(r) - 41;
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* Chain: cipher key, then auth key; their sum checked in 64 bits. */
	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	r.u.sym_create_session.op_type =
		htole32(VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
	ch->alg_chain_order =
		htole32(VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH);
	ch->hash_mode = htole32(VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH);
	ch->cipher_param.algo = htole32(VIRTIO_CRYPTO_CIPHER_AES_CBC);
	ch->cipher_param.keylen = htole32(16);
	ch->cipher_param.op = htole32(VIRTIO_CRYPTO_OP_ENCRYPT);
	ch->u.mac_param.algo = htole32(VIRTIO_CRYPTO_MAC_HMAC_SHA_256);
	ch->u.mac_param.hash_result_len = htole32(32);
	ch->u.mac_param.auth_key_len = htole32(20);
	chain_of(&r, 36, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.sess.auth_key_len == 20 && out.sess.auth_key[0] == 17 &&
	      out.sess.auth_key[19] == 36);
	chain_of(&r, 35, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	ch->u.mac_param.auth_key_len = htole32(0xfffffff0);
	chain_of(&r, 36, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* MAC: the auth key right after the request. */
	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_MAC_CREATE_SESSION);
	r.u.mac_create_session.para.algo =
		htole32(VIRTIO_CRYPTO_MAC_HMAC_SHA_256);
	r.u.mac_create_session.para.hash_result_len = htole32(32);
	r.u.mac_create_session.para.auth_key_len = htole32(20);
	chain_of(&r, 20, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.sess.service == VIRTIO_CRYPTO_SERVICE_MAC &&
	      out.sess.auth_key_len == 20 && out.sess.auth_key[19] == 20);
	r.u.mac_create_session.para.hash_result_len = htole32(65);
	chain_of(&r, 20, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* AEAD: key bounded, tag bounded, direction known. */
	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_AEAD_CREATE_SESSION);
	r.u.aead_create_session.para.algo = htole32(VIRTIO_CRYPTO_AEAD_GCM);
	r.u.aead_create_session.para.key_len = htole32(16);
	r.u.aead_create_session.para.hash_result_len = htole32(16);
	r.u.aead_create_session.para.aad_len = htole32(20);
	r.u.aead_create_session.para.op = htole32(VIRTIO_CRYPTO_OP_DECRYPT);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.sess.service == VIRTIO_CRYPTO_SERVICE_AEAD &&
	      out.sess.aead_algo == VIRTIO_CRYPTO_AEAD_GCM &&
	      out.sess.cipher_key_len == 16 && out.sess.aad_len == 20);
	r.u.aead_create_session.para.hash_result_len = htole32(17);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* Destroy: only a status byte to write. */
	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_HASH_DESTROY_SESSION);
	r.u.destroy_session.session_id = htole64(0x100000007ULL);
	chain_of(&r, 0, 1);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.kind == VC_CTRL_DESTROY && out.wr_need == 1 &&
	      out.session_id == 0x100000007ULL);
	chain_of(&r, 0, 0);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* Akcipher and unknown opcodes. */
	r.header.opcode = htole32(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
	chain_of(&r, 0, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	r.header.opcode = htole32(0xdead);
	chain_of(&r, 0, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
}

int
main(int argc, char **argv)
{
	struct guest g;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	test_decode();
	if (!CHECK(backend_start_args(&be, argv[1], argv[2], 2, 1,
				      NULL) == 0))
		return test_summary();
	if (guest_open(&g, be.sockets[0], 1) == 0) {
		test_nist_cbc(&g);
		test_random_cipher(&g, 40);
		test_both_paths(&g);
		test_chain_session(&g);
		test_notsupp(&g);
		test_churn(&g);
		vu_dev_close(g.dev);
	}
	/* A device without controlq has no such path. */
	if (guest_open(&g, be.sockets[1], 0) == 0) {
		uint64_t sid;
		uint8_t st;

		CHECK(vu_ctrl_session_create(g.dev, &(struct vu_ctrl_session){
			.service = VIRTIO_CRYPTO_SERVICE_HASH }, &sid,
			&st) < 0);
		vu_dev_close(g.dev);
	}
	CHECK(backend_stop(&be) == 0);
	return test_summary();
}
