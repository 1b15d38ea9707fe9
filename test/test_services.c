/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control virtqueue (the spec's session path) against a real backend,
 * and the decoding of its requests on its own; then the HASH, MAC and AEAD
 * services on sessions made there. Answers come from NIST SP 800-38A
 * F.2.1/F.2.2 (CBC), FIPS 180-2 appendices (SHA-1/256/512), RFC 4231
 * (HMAC-SHA-256/512), RFC 4493 (AES-CMAC), the GCM specification's test
 * cases 2-4 (McGrew and Viega), and OpenSSL on the same random inputs.
 *
 * Usage: test_services BACKEND_EXE PMD
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "harness.h"
#include "vc_wire.h"
#include "vectors_rsa.h"
#include "vu_crypto.h"

#define MAX_LEN 4096
#define MEM_SIZE (4u << 20)

static struct backend be;

struct guest {
	struct vu_dev *dev;
	uint8_t *iv;
	uint8_t *src;
	uint8_t *dst;
	uint8_t *aad;
	uint8_t *digest;
	struct vu_sym_op op;
};

static const char *pmd;

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static uint64_t
rnd(void)
{
	return test_rand(&rng_state);
}

static void
rnd_bytes(uint8_t *p, size_t n)
{
	test_rand_bytes(&rng_state, p, n);
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
	g->aad = vu_mem_alloc(g->dev, 256, 16);
	g->digest = vu_mem_alloc(g->dev, 64, 16);
	return CHECK(g->iv && g->src && g->dst && g->aad && g->digest) ?
		0 : -1;
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

/* ---- HASH, MAC and AEAD services ---- */

/* A HASH, MAC or AEAD session over the controlq; its status. */
static uint8_t
ctrl_svc(struct guest *g, uint32_t service, uint32_t algo,
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
	uint8_t st = 0xfe;

	*sid = 0;
	if (!CHECK(vu_ctrl_session_create(g->dev, &s, sid, &st) == 0))
		return 0xfe;
	return st;
}

/* Digest of @p len bytes of src; its status. */
static int
hash_run(struct guest *g, uint32_t opcode, uint64_t sid, uint32_t len,
	 uint32_t digest_len)
{
	struct vu_sym_op *op = &g->op;

	memset(op, 0, sizeof(*op));
	op->opcode = opcode;
	op->session_id = sid;
	op->src = g->src;
	op->src_len = len;
	op->digest = g->digest;
	op->digest_len = digest_len;
	memset(g->digest, 0xa5, 64);
	return run_op(g);
}

static int
aead_run(struct guest *g, uint64_t sid, int encrypt, uint32_t aad_len,
	 uint32_t src_len, uint32_t dst_len)
{
	struct vu_sym_op *op = &g->op;

	memset(op, 0, sizeof(*op));
	op->opcode = encrypt ? VIRTIO_CRYPTO_AEAD_ENCRYPT :
		VIRTIO_CRYPTO_AEAD_DECRYPT;
	op->session_id = sid;
	op->iv = g->iv;
	op->iv_len = 12;
	op->aad = g->aad;
	op->aad_len = aad_len;
	op->src = g->src;
	op->src_len = src_len;
	op->dst = g->dst;
	op->dst_len = dst_len;
	return run_op(g);
}

static int rows_ok[4];

/* One known answer of a HASH or MAC session. */
static int
kat_digest(struct guest *g, uint32_t service, uint32_t algo,
	   const uint8_t *key, uint32_t key_len, const void *msg,
	   uint32_t len, const char *hex)
{
	uint8_t want[64];
	uint32_t dl = (uint32_t)hex2bin(hex, want, sizeof(want));
	uint64_t sid;
	uint8_t st;
	int ok;

	st = ctrl_svc(g, service, algo, key, key_len, dl, 0, 1, &sid);
	if (st == VIRTIO_CRYPTO_NOTSUPP) {
		printf("  %s: service %u algo %u: NOTSUPP\n", pmd, service,
		       algo);
		return 0;
	}
	if (!CHECK(st == VIRTIO_CRYPTO_OK))
		return 0;
	memcpy(g->src, msg, len);
	ok = CHECK(hash_run(g, service == VIRTIO_CRYPTO_SERVICE_MAC ?
			    VIRTIO_CRYPTO_MAC : VIRTIO_CRYPTO_HASH, sid, len,
			    dl) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == dl + 1);
	ok &= CHECK(memcmp(g->digest, want, dl) == 0);
	CHECK(ctrl_destroy(g, service, sid) == VIRTIO_CRYPTO_OK);
	printf("  %s: service %u algo %u: %s\n", pmd, service, algo,
	       ok ? "ok" : "FAILED");
	return ok;
}

static void
test_hash_kat(struct guest *g)
{
	static const char abc[] = "abc";
	static const char m448[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	rows_ok[0] += kat_digest(g, VIRTIO_CRYPTO_SERVICE_HASH,
		VIRTIO_CRYPTO_HASH_SHA1, NULL, 0, abc, 3,
		"a9993e364706816aba3e25717850c26c9cd0d89d");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_HASH, VIRTIO_CRYPTO_HASH_SHA1,
		NULL, 0, m448, 56, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_HASH, VIRTIO_CRYPTO_HASH_SHA_256,
		NULL, 0, abc, 3, "ba7816bf8f01cfea414140de5dae2223"
		"b00361a396177a9cb410ff61f20015ad");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_HASH, VIRTIO_CRYPTO_HASH_SHA_256,
		NULL, 0, m448, 56, "248d6a61d20638b8e5c026930c3e6039"
		"a33ce45964ff2167f6ecedd419db06c1");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_HASH, VIRTIO_CRYPTO_HASH_SHA_512,
		NULL, 0, abc, 3, "ddaf35a193617abacc417349ae204131"
		"12e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
		"454d4423643ce80e2a9ac94fa54ca49f");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_HASH, VIRTIO_CRYPTO_HASH_SHA_512,
		NULL, 0, m448, 56, "204a8fc6dda82f0a0ced7beb8e08a416"
		"57c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca0"
		"31ad85c7a71dd70354ec631238ca3445");
}

static void
test_mac_kat(struct guest *g)
{
	static const char tc1[] = "Hi There";
	static const char tc2[] = "what do ya want for nothing?";
	uint8_t k1[20], cmac_key[16], msg[64];

	memset(k1, 0x0b, sizeof(k1));
	rows_ok[1] += kat_digest(g, VIRTIO_CRYPTO_SERVICE_MAC,
		VIRTIO_CRYPTO_MAC_HMAC_SHA_256, k1, 20, tc1, 8,
		"b0344c61d8db38535ca8afceaf0bf12b"
		"881dc200c9833da726e9376c2e32cff7");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_MAC,
		VIRTIO_CRYPTO_MAC_HMAC_SHA_512, k1, 20, tc1, 8,
		"87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
		"daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_MAC,
		VIRTIO_CRYPTO_MAC_HMAC_SHA_256, (const uint8_t *)"Jefe", 4,
		tc2, 28, "5bdcc146bf60754e6a042426089575c7"
		"5a003f089d2739839dec58b964ec3843");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_MAC,
		VIRTIO_CRYPTO_MAC_HMAC_SHA_512, (const uint8_t *)"Jefe", 4,
		tc2, 28,
		"164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
		"9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
	/* RFC 4493 examples 2 and 4. */
	hex2bin("2b7e151628aed2a6abf7158809cf4f3c", cmac_key, 16);
	hex2bin("6bc1bee22e409f96e93d7e117393172a"
		"ae2d8a571e03ac9c9eb76fac45af8e51"
		"30c81c46a35ce411e5fbc1191a0a52ef"
		"f69f2445df4f9b17ad2b417be66c3710", msg, 64);
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_MAC, VIRTIO_CRYPTO_MAC_CMAC_AES,
		cmac_key, 16, msg, 16, "070a16b46b4d4144f79bdd9dd04a287c");
	kat_digest(g, VIRTIO_CRYPTO_SERVICE_MAC, VIRTIO_CRYPTO_MAC_CMAC_AES,
		cmac_key, 16, msg, 64, "51f0bebf7e3b9d92fc49741779363cfe");
}

/* Random HMAC-SHA-256 (truncated too) and SHA-256 against OpenSSL. */
static void
test_random_digest(struct guest *g, int rounds)
{
	uint8_t key[64], ref[64];
	unsigned int rl;
	int i;

	for (i = 0; i < rounds; i++) {
		uint32_t len = 1 + (uint32_t)(rnd() % MAX_LEN);
		uint32_t kl = 1 + (uint32_t)(rnd() % 64);
		uint32_t dl = (i & 1) ? 32 : 16;
		int mac = i % 3 != 0;
		uint64_t sid;

		rnd_bytes(key, kl);
		rnd_bytes(g->src, len);
		if (mac) {
			HMAC(EVP_sha256(), key, (int)kl, g->src, len, ref,
			     &rl);
		} else {
			EVP_Digest(g->src, len, ref, &rl, EVP_sha256(), NULL);
			dl = 32;
		}
		if (!CHECK(ctrl_svc(g, mac ? VIRTIO_CRYPTO_SERVICE_MAC :
				    VIRTIO_CRYPTO_SERVICE_HASH,
				    mac ? VIRTIO_CRYPTO_MAC_HMAC_SHA_256 :
				    VIRTIO_CRYPTO_HASH_SHA_256,
				    mac ? key : NULL, mac ? kl : 0, dl, 0, 1,
				    &sid) == VIRTIO_CRYPTO_OK))
			continue;
		CHECK(hash_run(g, mac ? VIRTIO_CRYPTO_MAC : VIRTIO_CRYPTO_HASH,
			       sid, len, dl) == VIRTIO_CRYPTO_OK);
		CHECK(memcmp(g->digest, ref, dl) == 0);
		/* Truncated: nothing written past what was asked. */
		if (dl < 32)
			CHECK(g->digest[dl] == 0xa5);
		/* A request whose digest length the session didn't say. */
		CHECK(hash_run(g, mac ? VIRTIO_CRYPTO_MAC : VIRTIO_CRYPTO_HASH,
			       sid, len, dl == 32 ? 16 : 32) ==
		      VIRTIO_CRYPTO_BADMSG);
		CHECK(ctrl_destroy(g, mac ? VIRTIO_CRYPTO_SERVICE_MAC :
				   VIRTIO_CRYPTO_SERVICE_HASH, sid) ==
		      VIRTIO_CRYPTO_OK);
		CHECK(hash_run(g, mac ? VIRTIO_CRYPTO_MAC : VIRTIO_CRYPTO_HASH,
			       sid, len, dl) == VIRTIO_CRYPTO_INVSESS);
	}
}

/* One GCM case: encrypt gives C || T, decrypt gives P back. */
static int
gcm_case(struct guest *g, const char *k, const char *iv, const char *p,
	 const char *a, const char *c, const char *t)
{
	uint8_t key[16], pt[64], ct[80], aad[32];
	uint32_t pl, al, tl, i;
	uint64_t enc, dec;
	int ok = 1;

	hex2bin(k, key, 16);
	hex2bin(iv, g->iv, 12);
	pl = (uint32_t)hex2bin(p, pt, sizeof(pt));
	al = (uint32_t)hex2bin(a, aad, sizeof(aad));
	hex2bin(c, ct, sizeof(ct));
	tl = (uint32_t)hex2bin(t, ct + pl, 16);
	if (!CHECK(ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_AEAD,
			    VIRTIO_CRYPTO_AEAD_GCM, key, 16, tl, al, 1,
			    &enc) == VIRTIO_CRYPTO_OK))
		return 0;
	if (!CHECK(ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_AEAD,
			    VIRTIO_CRYPTO_AEAD_GCM, key, 16, tl, al, 0,
			    &dec) == VIRTIO_CRYPTO_OK))
		return 0;
	memcpy(g->aad, aad, al);
	memcpy(g->src, pt, pl);
	memset(g->dst, 0, pl + tl);
	ok &= CHECK(aead_run(g, enc, 1, al, pl, pl + tl) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == pl + tl + 1);
	ok &= CHECK(memcmp(g->dst, ct, pl + tl) == 0);

	memcpy(g->src, ct, pl + tl);
	memset(g->dst, 0x5a, pl);
	ok &= CHECK(aead_run(g, dec, 0, al, pl + tl, pl) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(memcmp(g->dst, pt, pl) == 0);

	/* A wrong tag: BADMSG, and not a byte of plaintext written. */
	g->src[pl + tl - 1] ^= 1;
	memset(g->dst, 0x5a, pl);
	ok &= CHECK(aead_run(g, dec, 0, al, pl + tl, pl) ==
		    VIRTIO_CRYPTO_BADMSG);
	for (i = 0; i < pl && g->dst[i] == 0x5a; i++)
		;
	ok &= CHECK(i == pl);
	/* Lengths that don't add up with the session's tag. */
	g->src[pl + tl - 1] ^= 1;
	ok &= CHECK(aead_run(g, dec, 0, al, pl + tl, pl + 1) ==
		    VIRTIO_CRYPTO_BADMSG);
	ok &= CHECK(aead_run(g, enc, 1, al, pl, pl) == VIRTIO_CRYPTO_BADMSG);
	/* The session's direction is the only one. */
	ok &= CHECK(aead_run(g, enc, 0, al, pl + tl, pl) ==
		    VIRTIO_CRYPTO_BADMSG);
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_AEAD, enc) ==
	      VIRTIO_CRYPTO_OK);
	CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_AEAD, dec) ==
	      VIRTIO_CRYPTO_OK);
	return ok;
}

static void
test_gcm_kat(struct guest *g)
{
	static const char k3[] = "feffe9928665731c6d6a8f9467308308";
	static const char iv3[] = "cafebabefacedbaddecaf888";
	static const char p4[] =
		"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
	static const char c4[] =
		"42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
	int ok;

	/* Test case 2. */
	ok = gcm_case(g, "00000000000000000000000000000000",
		"000000000000000000000000", "00000000000000000000000000000000",
		"", "0388dace60b6a392f328c2b971b2fe78",
		"ab6e47d42cec13bdf53a67b21257bddf");
	/* Test case 3. */
	ok &= gcm_case(g, k3, iv3,
		"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
		"",
		"42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
		"4d5c2af327cd64a62cf35abd2ba6fab4");
	/* Test case 4: AAD, and a message that is no whole block. */
	ok &= gcm_case(g, k3, iv3, p4,
		"feedfacedeadbeeffeedfacedeadbeefabaddad2", c4,
		"5bc94fbc3221a5db94fae95ae7121a47");
	rows_ok[2] += ok;
	printf("  %s: AEAD AES-128-GCM test cases 2-4: %s\n", pmd,
	       ok ? "ok" : "FAILED");
}

/* Random AES-GCM (and ChaCha20-Poly1305 where offered) vs OpenSSL. */
static void
test_random_aead(struct guest *g, uint32_t algo, int rounds)
{
	uint8_t key[32], ref[MAX_LEN + 16];
	int i, n;

	for (i = 0; i < rounds; i++) {
		uint32_t kl = algo == VIRTIO_CRYPTO_AEAD_GCM ?
			16 + 8 * (uint32_t)(rnd() % 3) : 32;
		uint32_t len = 1 + (uint32_t)(rnd() % (MAX_LEN - 16));
		uint32_t al = (uint32_t)(rnd() % 65);
		const EVP_CIPHER *c = algo != VIRTIO_CRYPTO_AEAD_GCM ?
			EVP_chacha20_poly1305() :
			kl == 16 ? EVP_aes_128_gcm() :
			kl == 24 ? EVP_aes_192_gcm() : EVP_aes_256_gcm();
		EVP_CIPHER_CTX *ctx;
		uint64_t sid;
		uint8_t st;

		rnd_bytes(key, kl);
		rnd_bytes(g->iv, 12);
		rnd_bytes(g->aad, al);
		rnd_bytes(g->src, len);
		st = ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_AEAD, algo, key, kl, 16,
			      al, 1, &sid);
		if (st == VIRTIO_CRYPTO_NOTSUPP && i == 0 &&
		    algo != VIRTIO_CRYPTO_AEAD_GCM) {
			printf("  %s: AEAD algo %u: NOTSUPP\n", pmd, algo);
			return;
		}
		if (!CHECK(st == VIRTIO_CRYPTO_OK))
			continue;
		ctx = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(ctx, c, NULL, key, g->iv);
		if (al != 0)
			EVP_EncryptUpdate(ctx, NULL, &n, g->aad, (int)al);
		EVP_EncryptUpdate(ctx, ref, &n, g->src, (int)len);
		EVP_EncryptFinal_ex(ctx, ref + n, &n);
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, ref + len);
		EVP_CIPHER_CTX_free(ctx);
		CHECK(aead_run(g, sid, 1, al, len, len + 16) ==
		      VIRTIO_CRYPTO_OK);
		CHECK(memcmp(g->dst, ref, len + 16) == 0);
		CHECK(ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_AEAD, sid) ==
		      VIRTIO_CRYPTO_OK);
		if (i == rounds - 1 && algo != VIRTIO_CRYPTO_AEAD_GCM) {
			rows_ok[3]++;
			printf("  %s: AEAD ChaCha20-Poly1305: ok\n", pmd);
		}
	}
}

/* What no PMD of ours offers answers NOTSUPP, per service. */
static void
test_svc_notsupp(struct guest *g)
{
	uint8_t key[32] = { 0 };
	uint64_t sid;

	/* CCM: cryptodev's nonce/AAD layout has no virtio counterpart. */
	CHECK(ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_AEAD, VIRTIO_CRYPTO_AEAD_CCM,
		       key, 16, 16, 0, 1, &sid) == VIRTIO_CRYPTO_NOTSUPP);
	CHECK(ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_MAC,
		       VIRTIO_CRYPTO_MAC_GMAC_TWOFISH, key, 16, 16, 0, 1,
		       &sid) == VIRTIO_CRYPTO_NOTSUPP);
	CHECK(ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_HASH,
		       VIRTIO_CRYPTO_HASH_SHA3_SHAKE128, NULL, 0, 16, 0, 1,
		       &sid) == VIRTIO_CRYPTO_NOTSUPP);
	/* A tag longer than GCM has is refused by the decoder already. */
	CHECK(ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_AEAD, VIRTIO_CRYPTO_AEAD_GCM,
		       key, 16, 17, 0, 1, &sid) == VIRTIO_CRYPTO_BADMSG);
	CHECK(sid == 0);
}

/* ---- The config space against what sessions really get ---- */

/* Usual digest length of a VIRTIO_CRYPTO_HASH_* id (0: not a hash). */
static uint32_t
hash_len_of(uint32_t algo)
{
	static const uint8_t len[] = { 0, 16, 20, 28, 32, 48, 64, 28, 32, 48,
				       64 };

	return algo < sizeof(len) ? len[algo] : 0;
}

/* Usual tag length of a VIRTIO_CRYPTO_MAC_* id (0: not one we know). */
static uint32_t
mac_len_of(uint32_t algo)
{
	switch (algo) {
	case VIRTIO_CRYPTO_MAC_CMAC_AES:
	case VIRTIO_CRYPTO_MAC_CBCMAC_AES:
		return 16;
	case VIRTIO_CRYPTO_MAC_XCBC_AES:
		return 12;
	default:
		return hash_len_of(algo);
	}
}

/*
 * Every advertised hash, MAC, AEAD and akcipher bit gets a session; a bit
 * not advertised gets NOTSUPP. Cipher bits: AES-CBC must be there, RC4
 * not.
 */
static void
test_config(struct guest *g)
{
	static uint8_t rsa_key[1024];
	struct vu_ctrl_session ak = {
		.service = VIRTIO_CRYPTO_SERVICE_AKCIPHER,
		.keytype = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC,
		.rsa_padding = VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
		.rsa_hash = VIRTIO_CRYPTO_RSA_SHA256,
	};
	/* Of our PMDs, crypto_openssl alone runs RSA. */
	int rsa = strcmp(pmd, "crypto_openssl") == 0;
	struct virtio_crypto_config c;
	uint8_t key[32] = { 0x42 };
	uint32_t a, adv, yes = 0, no = 0;
	uint64_t sid;
	uint8_t st;

	if (!CHECK(vu_dev_get_config(g->dev, &c) == 0))
		return;
	CHECK(le32toh(c.status) == VIRTIO_CRYPTO_S_HW_READY);
	CHECK(le32toh(c.max_dataqueues) == 1);
	CHECK(le32toh(c.crypto_services) ==
	      ((1u << VIRTIO_CRYPTO_SERVICE_CIPHER) |
	       (1u << VIRTIO_CRYPTO_SERVICE_HASH) |
	       (1u << VIRTIO_CRYPTO_SERVICE_MAC) |
	       (1u << VIRTIO_CRYPTO_SERVICE_AEAD) |
	       (rsa ? 1u << VIRTIO_CRYPTO_SERVICE_AKCIPHER : 0)));
	CHECK(le32toh(c.cipher_algo_l) & (1u << VIRTIO_CRYPTO_CIPHER_AES_CBC));
	CHECK(!(le32toh(c.cipher_algo_l) & (1u << VIRTIO_CRYPTO_CIPHER_ARC4)));
	CHECK(le32toh(c.max_cipher_key_len) >= 32 &&
	      le32toh(c.max_cipher_key_len) <= 64);
	CHECK(le64toh(c.max_size) == 65535);
	CHECK(le32toh(c.akcipher_algo) ==
	      (rsa ? 1u << VIRTIO_CRYPTO_AKCIPHER_RSA : 0));

	for (a = 1; a <= VIRTIO_CRYPTO_HASH_SHA3_512; a++) {
		adv = !!(le32toh(c.hash_algo) & (1u << a));
		st = ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_HASH, a, NULL, 0,
			      hash_len_of(a), 0, 1, &sid);
		if (!CHECK(st == (adv ? VIRTIO_CRYPTO_OK :
				  VIRTIO_CRYPTO_NOTSUPP)))
			fprintf(stderr, "hash %u advertised %u: %u\n", a, adv,
				st);
		if (st == VIRTIO_CRYPTO_OK)
			ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_HASH, sid);
		adv ? yes++ : no++;
	}
	for (a = 1; a < 64; a++) {
		uint32_t mask = a < 32 ? le32toh(c.mac_algo_l) :
					 le32toh(c.mac_algo_h);

		adv = !!(mask & (1u << (a & 31)));
		if (mac_len_of(a) == 0) {
			/* Ids we know no digest length of: none offered. */
			CHECK(!adv || a == VIRTIO_CRYPTO_MAC_KASUMI_F9 ||
			      a == VIRTIO_CRYPTO_MAC_SNOW3G_UIA2);
			continue;
		}
		st = ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_MAC, a, key, 16,
			      mac_len_of(a), 0, 1, &sid);
		if (!CHECK(st == (adv ? VIRTIO_CRYPTO_OK :
				  VIRTIO_CRYPTO_NOTSUPP)))
			fprintf(stderr, "mac %u advertised %u: %u\n", a, adv,
				st);
		if (st == VIRTIO_CRYPTO_OK)
			ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_MAC, sid);
		adv ? yes++ : no++;
	}
	for (a = 1; a <= VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305; a++) {
		adv = !!(le32toh(c.aead_algo) & (1u << a));
		st = ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_AEAD, a, key,
			      a == VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305 ?
			      32 : 16, 16, 0, 1, &sid);
		if (!CHECK(st == (adv ? VIRTIO_CRYPTO_OK :
				  VIRTIO_CRYPTO_NOTSUPP)))
			fprintf(stderr, "aead %u advertised %u: %u\n", a, adv,
				st);
		if (st == VIRTIO_CRYPTO_OK)
			ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_AEAD, sid);
		adv ? yes++ : no++;
	}
	/* Akcipher: a Wycheproof RSA public key for every bit. */
	ak.key = rsa_key;
	ak.key_len = (uint32_t)hex2bin(wp_sig2048_pub, rsa_key,
				       sizeof(rsa_key));
	for (a = 0; a < 32; a++) {
		adv = !!(le32toh(c.akcipher_algo) & (1u << a));
		ak.algo = a;
		st = 0xfe;
		CHECK(vu_ctrl_session_create(g->dev, &ak, &sid, &st) == 0);
		if (!CHECK(st == (adv ? VIRTIO_CRYPTO_OK :
				  VIRTIO_CRYPTO_NOTSUPP)))
			fprintf(stderr, "akcipher %u advertised %u: %u\n", a,
				adv, st);
		if (st == VIRTIO_CRYPTO_OK)
			ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_AKCIPHER, sid);
		adv ? yes++ : no++;
	}
	printf("  %s: config: hash %#x mac %#x/%#x aead %#x cipher %#x "
	       "akcipher %#x: %u advertised bits ok, %u others NOTSUPP\n",
	       pmd, le32toh(c.hash_algo), le32toh(c.mac_algo_l),
	       le32toh(c.mac_algo_h), le32toh(c.aead_algo),
	       le32toh(c.cipher_algo_l), le32toh(c.akcipher_algo), yes, no);
}

/* ---- vc_ctrl_decode() alone: hostile layouts ---- */

static struct vc_chain chain;
static uint8_t rdbuf[sizeof(struct virtio_crypto_op_ctrl_req) +
		     VC_MAX_AKCIPHER_KEY_LEN + 64], wrbuf[64];

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

	/* Destroy: only a status byte to write (akcipher's opcode is 5). */
	for (i = 0; i < 2; i++) {
		memset(&r, 0, sizeof(r));
		r.header.opcode = htole32(i ?
			VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION :
			VIRTIO_CRYPTO_HASH_DESTROY_SESSION);
		r.u.destroy_session.session_id = htole64(0x100000007ULL);
		chain_of(&r, 0, 1);
		CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
		CHECK(out.kind == VC_CTRL_DESTROY && out.wr_need == 1 &&
		      out.session_id == 0x100000007ULL);
		chain_of(&r, 0, 0);
		CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	}

	/* Akcipher without key type or key (test_pkcs1 has the rest). */
	r.header.opcode = htole32(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
	chain_of(&r, 0, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	/* Unknown opcodes. */
	r.header.opcode = htole32(0xdead);
	chain_of(&r, 0, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
}

/* Readable stream: request, then @p len bytes of @p key. */
static void
key_chain(const struct virtio_crypto_op_ctrl_req *r, const uint8_t *key,
	  uint32_t len, uint32_t wr_len)
{
	if (len != 0)
		memcpy(rdbuf + sizeof(*r), key, len);
	chain_of(r, len, wr_len);
}

static void
ak_req(struct virtio_crypto_op_ctrl_req *r, uint32_t keytype,
       uint32_t keylen, uint32_t padding, uint32_t hash)
{
	struct virtio_crypto_akcipher_session_para *p =
		&r->u.akcipher_create_session.para;

	memset(r, 0, sizeof(*r));
	r->header.opcode = htole32(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
	r->header.algo = htole32(VIRTIO_CRYPTO_AKCIPHER_RSA);
	p->algo = htole32(VIRTIO_CRYPTO_AKCIPHER_RSA);
	p->keytype = htole32(keytype);
	p->keylen = htole32(keylen);
	p->u.rsa.padding_algo = htole32(padding);
	p->u.rsa.hash_algo = htole32(hash);
}

static int
all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0)
			return 0;
	return 1;
}

/* Akcipher creates: the request, then the DER key that follows it. */
static void
test_decode_akcipher(void)
{
	static struct vc_ctrl_req out;
	static uint8_t key[VC_MAX_AKCIPHER_KEY_LEN + 32];
	struct virtio_crypto_op_ctrl_req r;
	uint32_t len = (uint32_t)hex2bin(wp_sig2048_priv, key, sizeof(key));
	uint32_t plen = (uint32_t)hex2bin(wp_sig2048_pub, key + 2048, 2048);
	const uint32_t PRIV = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE;
	const uint32_t PUB = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC;

	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.kind == VC_CTRL_CREATE && out.wr_need == 16 &&
	      out.sess.service == VIRTIO_CRYPTO_SERVICE_AKCIPHER);
	CHECK(out.ak.keylen == len && memcmp(out.ak.key, key, len) == 0 &&
	      out.ak.rsa.n.len == 256 && out.ak.rsa.qinv.len != 0 &&
	      out.ak.hash == VIRTIO_CRYPTO_RSA_SHA256);
	ak_req(&r, PUB, plen, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA1);
	key_chain(&r, key + 2048, plen, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.ak.rsa.n.len == 256 && out.ak.rsa.d.len == 0);

	/* The key longer than what was handed over: refused, nothing kept. */
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len - 1, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	CHECK(all_zero((const uint8_t *)&out.ak, sizeof(out.ak)));
	ak_req(&r, PRIV, 0xffffffff, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	ak_req(&r, PRIV, 0, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	/* A key the guest did hand over but longer than any we take. */
	ak_req(&r, PRIV, VC_MAX_AKCIPHER_KEY_LEN + 1,
	       VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, VC_MAX_AKCIPHER_KEY_LEN + 1, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	/* Key type, padding, hash, algorithm. */
	ak_req(&r, 3, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	ak_req(&r, PRIV, len, 2, VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_MD2);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING, 77);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	/* RAW ignores the hash, as the spec says. */
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_RAW_PADDING, 77);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.ak.hash == VIRTIO_CRYPTO_RSA_NO_HASH);
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	r.u.akcipher_create_session.para.algo =
		htole32(VIRTIO_CRYPTO_AKCIPHER_ECDSA);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	/* A public key said to be private, and a broken key. */
	ak_req(&r, PRIV, plen, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key + 2048, plen, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	CHECK(all_zero((const uint8_t *)&out.ak, sizeof(out.ak)));
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key[10] ^= 0x80;
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
	key[10] ^= 0x80;
	/* No room for the session input. */
	key_chain(&r, key, len, 15);
	CHECK(vc_ctrl_decode(&chain, &out) == VIRTIO_CRYPTO_BADMSG);
}

int
main(int argc, char **argv)
{
	struct guest g;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	pmd = argv[2];
	test_decode();
	test_decode_akcipher();
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
		test_hash_kat(&g);
		test_mac_kat(&g);
		test_random_digest(&g, 60);
		test_gcm_kat(&g);
		test_random_aead(&g, VIRTIO_CRYPTO_AEAD_GCM, 40);
		test_random_aead(&g, VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, 20);
		test_svc_notsupp(&g);
		test_config(&g);
		vu_dev_close(g.dev);
	}
	/*
	 * A frontend that comes back gets a fresh controlq (the backend
	 * notices the disconnect asynchronously: retry the connection) and
	 * none of the sessions of the one before.
	 */
	{
		struct timespec d = { 0, 50 * 1000 * 1000 };
		struct vu_dev_conf conf = {
			.socket_path = be.sockets[0],
			.nb_dataqs = 1,
			.queue_size = 64,
			.mem_size = MEM_SIZE,
			.nb_regions = 1,
			.connect_timeout_ms = 5000,
			.ctrlq = 1,
		};
		uint8_t key[16] = { 3 };
		uint64_t keep = 0, sid;
		int tries;

		memset(&g, 0, sizeof(g));
		CHECK(vu_dev_get_config(NULL, NULL) == -EINVAL);
		for (tries = 0; tries < 40 && g.dev == NULL; tries++) {
			g.dev = vu_dev_open(&conf, NULL, 0);
			if (g.dev == NULL)
				nanosleep(&d, NULL);
		}
		if (CHECK(g.dev != NULL)) {
			CHECK(ctrl_cipher(&g, VIRTIO_CRYPTO_CIPHER_AES_CBC,
					  key, 16, 1, &keep) ==
			      VIRTIO_CRYPTO_OK);
			vu_dev_close(g.dev);
			g.dev = NULL;
			for (tries = 0; tries < 40 && g.dev == NULL;
			     tries++) {
				g.dev = vu_dev_open(&conf, NULL, 0);
				if (g.dev == NULL)
					nanosleep(&d, NULL);
			}
		}
		if (CHECK(g.dev != NULL)) {
			CHECK(ctrl_destroy(&g, VIRTIO_CRYPTO_SERVICE_CIPHER,
					   keep) == VIRTIO_CRYPTO_INVSESS);
			CHECK(ctrl_cipher(&g, VIRTIO_CRYPTO_CIPHER_AES_CBC,
					  key, 16, 1, &sid) ==
			      VIRTIO_CRYPTO_OK);
			CHECK(ctrl_destroy(&g, VIRTIO_CRYPTO_SERVICE_CIPHER,
					   sid) == VIRTIO_CRYPTO_OK);
			vu_dev_close(g.dev);
		}
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
