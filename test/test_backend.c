/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: a real vcrypto-backend process on real unix sockets, driven
 * by drivers/virtio_user. Answers come from NIST SP 800-38A, RFC 2202,
 * RFC 4231 and OpenSSL run on the same inputs.
 *
 * Usage: test_backend BACKEND_EXE PMD [--indirect] [--regions N]
 *                     [--table-offset N]
 *        [--backend-arg ARG]...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "harness.h"
#include "svc_guest.h"

#define SLOTS 32
#define MAX_LEN 65535
#define MEM_SIZE (6u << 20)

static struct backend be;
static const char *pmd;
static int indirect;
static unsigned int regions = 1;
static uint8_t table_offset;

/* Guest-memory buffers of one request slot. */
struct slot {
	uint8_t *iv;
	uint8_t *src;
	uint8_t *dst;
	uint8_t *digest;
	struct vu_sym_op op;
};

struct guest {
	struct vu_dev *dev;
	uint16_t nb_qs;
	struct slot slots[SLOTS];
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

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
guest_open(struct guest *g, const char *sock, uint16_t nb_qs)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = nb_qs,
		.queue_size = 256,
		.mem_size = MEM_SIZE,
		.nb_regions = (uint16_t)regions,
		.indirect = indirect,
		.table_offset = table_offset,
		.connect_timeout_ms = 5000,
	};
	char err[256];
	int i;

	memset(g, 0, sizeof(*g));
	g->dev = vu_dev_open(&conf, err, sizeof(err));
	if (!CHECK(g->dev != NULL)) {
		fprintf(stderr, "vu_dev_open %s: %s\n", sock, err);
		return -1;
	}
	g->nb_qs = nb_qs;
	for (i = 0; i < SLOTS; i++) {
		struct slot *s = &g->slots[i];

		s->iv = vu_mem_alloc(g->dev, 32, 16);
		s->digest = vu_mem_alloc(g->dev, 64, 16);
		s->src = vu_mem_alloc(g->dev, MAX_LEN, 64);
		s->dst = vu_mem_alloc(g->dev, MAX_LEN, 64);
		if (!CHECK(s->iv && s->digest && s->src && s->dst))
			return -1;
	}
	return 0;
}

static void
guest_close(struct guest *g)
{
	if (g->dev != NULL)
		vu_dev_close(g->dev);
	g->dev = NULL;
}

/* Submit @p n ops on queue @p q and wait (5 s at most) for all of them. */
static int
run_ops(struct guest *g, uint16_t q, struct vu_sym_op **ops, uint16_t n)
{
	struct vu_sym_op *done[SLOTS];
	struct timespec t0, t;
	uint16_t sent = 0, got = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (got < n) {
		if (sent < n)
			sent += vu_submit(g->dev, q, ops + sent, n - sent);
		got += vu_poll(g->dev, q, done, SLOTS);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 5) {
			fprintf(stderr, "queue %u: %u of %u ops completed\n",
				q, got, n);
			return -1;
		}
	}
	return 0;
}

static int
run_op(struct guest *g, struct vu_sym_op *op)
{
	return run_ops(g, 0, &op, 1);
}

static int64_t
session(struct guest *g, const struct vu_sym_session *p)
{
	int64_t id = -1;
	int rc = vu_session_create(g->dev, p, &id);

	return rc == 0 ? id : rc;
}

static int64_t
cipher_session(struct guest *g, uint32_t algo, const uint8_t *key,
	       uint32_t keylen, int encrypt)
{
	struct vu_sym_session p = sg_cipher_params(algo, key, keylen,
						   encrypt);

	return session(g, &p);
}

static int64_t
chain_session(struct guest *g, uint32_t algo, const uint8_t *key,
	      uint32_t keylen, int encrypt, int hash_first, uint32_t mac,
	      const uint8_t *akey, uint32_t akeylen, uint32_t digest_len)
{
	struct vu_sym_session p = sg_chain_params(algo, key, keylen, encrypt,
						  hash_first, mac, akey,
						  akeylen, digest_len);

	return session(g, &p);
}

static void
cipher_op(struct slot *s, int64_t sid, int encrypt, uint32_t iv_len,
	  uint32_t len)
{
	sg_cipher_op(&s->op, (uint64_t)sid, encrypt, s->iv, iv_len, s->src,
		     s->dst, len);
	s->op.opaque = s;
}

static void
chain_op(struct slot *s, int64_t sid, int encrypt, uint32_t len,
	 uint32_t c_off, uint32_t c_len, uint32_t h_off, uint32_t h_len,
	 uint32_t digest_len)
{
	cipher_op(s, sid, encrypt, 16, len);
	s->op.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	s->op.cipher_off = c_off;
	s->op.cipher_len = c_len;
	s->op.hash_off = h_off;
	s->op.hash_len = h_len;
	s->op.digest = s->digest;
	s->op.digest_len = digest_len;
}

/* OpenSSL on the same input: the oracle. */
static const EVP_CIPHER *
evp_cipher(uint32_t algo, uint32_t keylen)
{
	if (algo == VIRTIO_CRYPTO_CIPHER_AES_CBC)
		return keylen == 16 ? EVP_aes_128_cbc() :
		       keylen == 24 ? EVP_aes_192_cbc() : EVP_aes_256_cbc();
	return keylen == 16 ? EVP_aes_128_ctr() :
	       keylen == 24 ? EVP_aes_192_ctr() : EVP_aes_256_ctr();
}

static void
ossl_cipher(uint32_t algo, const uint8_t *key, uint32_t keylen,
	    const uint8_t *iv, const uint8_t *in, uint32_t len, uint8_t *out,
	    int encrypt)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0;

	EVP_CipherInit_ex(ctx, evp_cipher(algo, keylen), NULL, key, iv,
			  encrypt);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	EVP_CipherUpdate(ctx, out, &n1, in, (int)len);
	EVP_CipherFinal_ex(ctx, out + n1, &n2);
	EVP_CIPHER_CTX_free(ctx);
}

static const EVP_MD *
evp_md(uint32_t mac)
{
	switch (mac) {
	case VIRTIO_CRYPTO_MAC_HMAC_SHA1: return EVP_sha1();
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_256: return EVP_sha256();
	default: return EVP_sha512();
	}
}

static void
ossl_hmac(uint32_t mac, const uint8_t *key, uint32_t keylen,
	  const uint8_t *data, uint32_t len, uint8_t *out)
{
	unsigned int n = 0;

	HMAC(evp_md(mac), key, (int)keylen, data, len, out, &n);
}

/* NIST SP 800-38A, F.2 (CBC) and F.5 (CTR): one plaintext, three keys. */
static const char *nist_pt =
	"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
static const char *nist_keys[3] = {
	"2b7e151628aed2a6abf7158809cf4f3c",
	"8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
	"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
};
static const struct {
	uint32_t algo;
	const char *iv;
	const char *ct[3];
} nist[] = {
	{ VIRTIO_CRYPTO_CIPHER_AES_CBC, "000102030405060708090a0b0c0d0e0f", {
	"7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	"73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
	"4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
	"571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
	"f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	"39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
	} },
	{ VIRTIO_CRYPTO_CIPHER_AES_CTR, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", {
	"874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
	"5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
	"1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e94"
	"1e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050",
	"601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
	"2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
	} },
};

static void
test_nist(struct guest *g)
{
	uint8_t pt[64], ct[64], key[32], iv[16], check[64];
	struct slot *s = &g->slots[0];
	unsigned int m, k;

	hex2bin(nist_pt, pt, sizeof(pt));
	for (m = 0; m < ARRAY_SIZE(nist); m++) {
		hex2bin(nist[m].iv, iv, sizeof(iv));
		for (k = 0; k < 3; k++) {
			uint32_t klen = hex2bin(nist_keys[k], key, 32);
			int64_t enc, dec;

			hex2bin(nist[m].ct[k], ct, sizeof(ct));
			enc = cipher_session(g, nist[m].algo, key, klen, 1);
			dec = cipher_session(g, nist[m].algo, key, klen, 0);
			if (!CHECK(enc >= 0 && dec >= 0))
				continue;
			memcpy(s->iv, iv, 16);
			memcpy(s->src, pt, 64);
			cipher_op(s, enc, 1, 16, 64);
			if (CHECK(run_op(g, &s->op) == 0)) {
				CHECK(s->op.status == VIRTIO_CRYPTO_OK);
				CHECK(memcmp(s->dst, ct, 64) == 0);
				CHECK(s->op.used_len >= 65);
			}
			memcpy(s->src, ct, 64);
			cipher_op(s, dec, 0, 16, 64);
			if (CHECK(run_op(g, &s->op) == 0)) {
				CHECK(s->op.status == VIRTIO_CRYPTO_OK);
				CHECK(memcmp(s->dst, pt, 64) == 0);
			}
			/* The vector and the oracle agree. */
			ossl_cipher(nist[m].algo, key, klen, iv, pt, 64,
				    check, 1);
			CHECK(memcmp(check, ct, 64) == 0);
			vu_session_destroy(g->dev, enc);
			vu_session_destroy(g->dev, dec);
		}
	}
}

/* RFC 2202 (HMAC-SHA1) and RFC 4231 (HMAC-SHA-256/512) test cases. */
struct hmac_case {
	const char *key;     /* hex, or NULL with key_byte x key_len */
	uint8_t key_byte;
	uint32_t key_len;
	const char *data;    /* text, or NULL with data_byte x 50 */
	uint8_t data_byte;
	const char *sha1;
	const char *sha256;
	const char *sha512;
};

static const struct hmac_case hmac_cases[] = {
	{ NULL, 0x0b, 20, "Hi There", 0,
	  "b617318655057264e28bc0b6fb378c8ef146be00",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ "4a656665", 0, 0, "what do ya want for nothing?", 0,
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ NULL, 0xaa, 20, NULL, 0xdd,
	  "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
	  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	  "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	  "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, 0,
	  NULL, 0xcd,
	  "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
	  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	  "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	  "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" },
	/* Truncated: 96 bits (RFC 2202), 128 bits (RFC 4231). */
	{ NULL, 0x0c, 20, "Test With Truncation", 0,
	  "4c1a03424b55e07fe7f27be1",
	  "a3b6167473100ee06e0c796c2955552b",
	  "415fad6271580a531d4179bc891d87a6" },
	{ NULL, 0xaa, 80,
	  "Test Using Larger Than Block-Size Key - Hash Key First", 0,
	  "aa4ae5e15272d00e95705637ce8a3b55ed402112", NULL, NULL },
	{ NULL, 0xaa, 80, "Test Using Larger Than Block-Size Key and Larger "
	  "Than One Block-Size Data", 0,
	  "e8e99d0f45237d786d6bbaa7965c7808bbff1a91", NULL, NULL },
	{ NULL, 0xaa, 131,
	  "Test Using Larger Than Block-Size Key - Hash Key First", 0, NULL,
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
	{ NULL, 0xaa, 131, "This is a test using a larger than block-size "
	  "key and a larger than block-size data. The key needs to be hashed "
	  "before being used by the HMAC algorithm.", 0, NULL,
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	  "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	  "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
};

/*
 * A MAC-then-encrypt chain over AES-128-CTR hashes the source as given,
 * so the RFC data goes in as plaintext and the digest must be the RFC's;
 * the encrypted output is checked against OpenSSL.
 */
static void
test_hmac_kat(struct guest *g)
{
	static const uint32_t macs[3] = { VIRTIO_CRYPTO_MAC_HMAC_SHA1,
		VIRTIO_CRYPTO_MAC_HMAC_SHA_256, VIRTIO_CRYPTO_MAC_HMAC_SHA_512 };
	struct slot *s = &g->slots[1];
	uint8_t ckey[16], iv[16], akey[160], expect[64], check[64];
	uint8_t plain[256];
	unsigned int c, m;

	rnd_bytes(ckey, sizeof(ckey));
	rnd_bytes(iv, sizeof(iv));
	for (c = 0; c < ARRAY_SIZE(hmac_cases); c++) {
		const struct hmac_case *hc = &hmac_cases[c];
		uint32_t klen, dlen;

		if (hc->key != NULL) {
			klen = hex2bin(hc->key, akey, sizeof(akey));
		} else {
			klen = hc->key_len;
			memset(akey, hc->key_byte, klen);
		}
		if (hc->data != NULL) {
			dlen = strlen(hc->data);
			memcpy(s->src, hc->data, dlen);
		} else {
			dlen = 50;
			memset(s->src, hc->data_byte, dlen);
		}
		for (m = 0; m < 3; m++) {
			const char *hex = m == 0 ? hc->sha1 :
				m == 1 ? hc->sha256 : hc->sha512;
			uint32_t elen;
			int64_t sid;

			if (hex == NULL)
				continue;
			elen = hex2bin(hex, expect, sizeof(expect));
			sid = chain_session(g, VIRTIO_CRYPTO_CIPHER_AES_CTR,
					    ckey, 16, 1, 1, macs[m], akey, klen,
					    elen);
			/* crypto_openssl takes HMAC keys up to a block. */
			if (sid == -EPROTO && strcmp(pmd, "crypto_openssl") == 0 &&
			    klen > (m == 2 ? 128u : 64u)) {
				printf("HMAC case %u mac %u: %u-byte key "
				       "NOTSUPP on %s\n", c + 1, macs[m], klen,
				       pmd);
				continue;
			}
			if (!CHECK(sid >= 0))
				continue;
			memcpy(s->iv, iv, 16);
			chain_op(s, sid, 1, dlen, 0, dlen, 0, dlen, elen);
			memset(s->digest, 0, 64);
			if (CHECK(run_op(g, &s->op) == 0) &&
			    CHECK(s->op.status == VIRTIO_CRYPTO_OK)) {
				if (!CHECK(memcmp(s->digest, expect, elen) == 0))
					fprintf(stderr, "  HMAC case %u mac %u\n",
						c + 1, macs[m]);
				ossl_cipher(VIRTIO_CRYPTO_CIPHER_AES_CTR, ckey,
					    16, iv, s->src, dlen, plain, 1);
				CHECK(memcmp(s->dst, plain, dlen) == 0);
			}
			ossl_hmac(macs[m], akey, klen, s->src, dlen, check);
			CHECK(memcmp(check, expect, elen) == 0);
			vu_session_destroy(g->dev, sid);
		}
	}
}

struct rand_cipher {
	uint32_t algo;
	uint32_t keylen;
	uint8_t key[32];
	int64_t enc;
	int64_t dec;
};

/* Random keys, IVs and lengths (16 B .. 64 KiB), checked with OpenSSL. */
static void
test_random_cipher(struct guest *g, unsigned int rounds)
{
	static const uint32_t algos[] = { VIRTIO_CRYPTO_CIPHER_AES_CBC,
		VIRTIO_CRYPTO_CIPHER_AES_CTR };
	static const uint32_t keylens[] = { 16, 24, 32 };
	struct rand_cipher rc[6];
	struct vu_sym_op *ops[SLOTS];
	uint8_t *expect = malloc(MAX_LEN);
	unsigned int i, r, n = 0, q;

	for (i = 0; i < 6; i++) {
		rc[i].algo = algos[i / 3];
		rc[i].keylen = keylens[i % 3];
		rnd_bytes(rc[i].key, 32);
		rc[i].enc = cipher_session(g, rc[i].algo, rc[i].key,
					   rc[i].keylen, 1);
		rc[i].dec = cipher_session(g, rc[i].algo, rc[i].key,
					   rc[i].keylen, 0);
		if (!CHECK(rc[i].enc >= 0 && rc[i].dec >= 0))
			goto out;
	}
	for (r = 0; r < rounds; r++) {
		for (q = 0; q < g->nb_qs; q++) {
			unsigned int per_q = SLOTS / g->nb_qs;

			for (i = 0; i < per_q; i++) {
				struct slot *s = &g->slots[q * per_q + i];
				struct rand_cipher *c = &rc[rnd() % 6];
				uint32_t len;

				if (c->algo == VIRTIO_CRYPTO_CIPHER_AES_CBC)
					len = 16 * (1 + rnd() % (MAX_LEN / 16));
				else
					len = 1 + rnd() % MAX_LEN;
				/* Now and then the extremes. */
				if (rnd() % 16 == 0)
					len = c->algo ==
						VIRTIO_CRYPTO_CIPHER_AES_CBC ?
						MAX_LEN / 16 * 16 : MAX_LEN;
				rnd_bytes(s->iv, 16);
				rnd_bytes(s->src, len);
				cipher_op(s, c->enc, 1, 16, len);
				s->op.opaque = c;
				ops[i] = &s->op;
			}
			if (!CHECK(run_ops(g, q, ops, per_q) == 0))
				goto out;
			for (i = 0; i < per_q; i++) {
				struct slot *s = &g->slots[q * per_q + i];
				struct rand_cipher *c = s->op.opaque;

				n++;
				if (!CHECK(s->op.status == VIRTIO_CRYPTO_OK))
					continue;
				ossl_cipher(c->algo, c->key, c->keylen, s->iv,
					    s->src, s->op.src_len, expect, 1);
				if (!CHECK(memcmp(s->dst, expect,
						  s->op.src_len) == 0))
					fprintf(stderr, "  algo %u key %u len %u\n",
						c->algo, c->keylen,
						s->op.src_len);
			}
		}
	}
	/* And back: decrypting what the device encrypted. */
	for (i = 0; i < SLOTS / g->nb_qs; i++) {
		struct slot *s = &g->slots[i];
		struct rand_cipher *c = s->op.opaque;
		uint32_t len = s->op.src_len;

		memcpy(expect, s->src, len);
		memcpy(s->src, s->dst, len);
		cipher_op(s, c->dec, 0, 16, len);
		if (CHECK(run_op(g, &s->op) == 0) &&
		    CHECK(s->op.status == VIRTIO_CRYPTO_OK))
			CHECK(memcmp(s->dst, expect, len) == 0);
	}
	printf("random cipher: %u requests on %u queue(s)\n", n, g->nb_qs);
out:
	free(expect);
}

/*
 * AES-CBC + HMAC with random regions, both directions, vs OpenSSL. An
 * encrypting chain writes the digest; a decrypting one checks the one in
 * the hash-result buffer: right, it writes the plaintext; one bit off,
 * BADMSG and nothing written.
 */
static void
test_random_chain(struct guest *g, unsigned int count)
{
	static const struct { uint32_t mac, dlen; } macs[] = {
		{ VIRTIO_CRYPTO_MAC_HMAC_SHA1, 12 },
		{ VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32 },
		{ VIRTIO_CRYPTO_MAC_HMAC_SHA_512, 64 },
	};
	uint8_t ckey[16], akey[64], digest[64];
	uint8_t *expect = malloc(MAX_LEN);
	struct slot *s = &g->slots[2];
	unsigned int i, done = 0, rejected = 0;

	for (i = 0; i < count; i++) {
		unsigned int m = i % 3;
		int encrypt = (i / 3) % 2 == 0;
		int hash_first = (i / 6) % 2 == 0;
		uint32_t blocks = 1 + rnd() % 256, len, c_off, c_len;
		uint32_t h_off, h_len;
		int64_t sid;

		rnd_bytes(ckey, 16);
		rnd_bytes(akey, sizeof(akey));
		/* An ESP-like layout: clear header, ciphered payload. */
		c_off = 16 * (rnd() % 4);
		c_len = 16 * blocks;
		len = c_off + c_len + rnd() % 16;
		h_off = rnd() % (c_off + 1);
		h_len = len - h_off - rnd() % (len - h_off);
		sid = chain_session(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, ckey, 16,
				    encrypt, hash_first, macs[m].mac, akey,
				    20 + m * 12, macs[m].dlen);
		if (!CHECK(sid >= 0))
			continue;
		rnd_bytes(s->iv, 16);
		rnd_bytes(s->src, len);
		memcpy(expect, s->src, len);
		ossl_cipher(VIRTIO_CRYPTO_CIPHER_AES_CBC, ckey, 16, s->iv,
			    s->src + c_off, c_len, expect + c_off, encrypt);
		/* Hash first: over the input; cipher first: the output. */
		ossl_hmac(macs[m].mac, akey, 20 + m * 12,
			  (hash_first ? s->src : expect) + h_off, h_len,
			  digest);
		chain_op(s, sid, encrypt, len, c_off, c_len, h_off, h_len,
			 macs[m].dlen);
		if (!encrypt) {
			/* One bit off: refused, nothing written. */
			memcpy(s->digest, digest, macs[m].dlen);
			s->digest[rnd() % macs[m].dlen] ^= 1u << (rnd() % 8);
			memset(s->dst, 0x5a, len);
			if (CHECK(run_op(g, &s->op) == 0) &&
			    CHECK(s->op.status == VIRTIO_CRYPTO_BADMSG) &&
			    CHECK(s->dst[0] == 0x5a && s->dst[len - 1] == 0x5a))
				rejected++;
			memcpy(s->digest, digest, macs[m].dlen);
		}
		if (!CHECK(run_op(g, &s->op) == 0) ||
		    !CHECK(s->op.status == VIRTIO_CRYPTO_OK)) {
			vu_session_destroy(g->dev, sid);
			continue;
		}
		CHECK(memcmp(s->dst, expect, len) == 0);
		if (!CHECK(memcmp(s->digest, digest, macs[m].dlen) == 0))
			fprintf(stderr, "  chain %s %s mac %u len %u c %u+%u "
				"h %u+%u\n", encrypt ? "enc" : "dec",
				hash_first ? "hash-first" : "cipher-first",
				macs[m].mac, len, c_off, c_len, h_off, h_len);
		vu_session_destroy(g->dev, sid);
		done++;
	}
	printf("random chain: %u checked, %u wrong digests refused on %s\n",
	       done, rejected, pmd);
	free(expect);
}

static uint8_t
status_of(struct guest *g, struct slot *s)
{
	if (run_op(g, &s->op) != 0)
		return 0xfe;
	return s->op.status;
}

/* Wrong ids, wrong lengths, unsupported things: status, then service. */
static void
test_errors(struct guest *g)
{
	struct slot *s = &g->slots[3];
	uint8_t key[32] = { 1, 2, 3 };
	int64_t sid, old;

	sid = cipher_session(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1);
	if (!CHECK(sid >= 0))
		return;

	cipher_op(s, 0x12345, 1, 16, 64);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_INVSESS);

	/* An akcipher request on a cipher session (test_akcipher: more). */
	cipher_op(s, sid, 1, 16, 64);
	s->op.opcode = VIRTIO_CRYPTO_AKCIPHER_ENCRYPT;
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_BADMSG);
	/* A hash request on a cipher session. */
	cipher_op(s, sid, 1, 16, 64);
	s->op.opcode = VIRTIO_CRYPTO_HASH;
	s->op.digest = s->digest;
	s->op.digest_len = 32;
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_BADMSG);

	cipher_op(s, sid, 1, 16, 64);
	s->op.dst_len = 48;
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_BADMSG);

	cipher_op(s, sid, 1, 8, 64);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_BADMSG);

	/* Direction the session was not made for. */
	cipher_op(s, sid, 0, 16, 64);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_BADMSG);

	/* CBC on a partial block. */
	cipher_op(s, sid, 1, 16, 20);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_BADMSG);

	/* Algorithms the device does not map or the PMD does not run. */
	CHECK(cipher_session(g, VIRTIO_CRYPTO_CIPHER_ARC4, key, 16, 1) ==
	      -EPROTO);
	CHECK(cipher_session(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 17, 1) ==
	      -EPROTO);
	CHECK(chain_session(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1, 0,
			    VIRTIO_CRYPTO_MAC_GMAC_TWOFISH, key, 16, 16) ==
	      -EPROTO);

	/* A good request still works, then the session dies for good. */
	rnd_bytes(s->src, 64);
	cipher_op(s, sid, 1, 16, 64);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_OK);
	CHECK(vu_session_destroy(g->dev, sid) == 0);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_INVSESS);

	/* A new session may take the slot; the old id stays dead. */
	old = sid;
	sid = cipher_session(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1);
	CHECK(sid >= 0 && sid != old);
	cipher_op(s, sid, 1, 16, 64);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_OK);
	cipher_op(s, old, 1, 16, 64);
	CHECK(status_of(g, s) == VIRTIO_CRYPTO_INVSESS);
	vu_session_destroy(g->dev, sid);
}

/*
 * Pinned chains (vu_op_pin): the same slots resubmitted with new data
 * each round, each result checked with OpenSSL; then unpinned.
 */
static void
test_pinned(struct guest *g)
{
	struct vu_sym_op *ops[8];
	uint8_t key[16], want[256];
	int64_t sid;
	int i, round, ok = 1;

	rnd_bytes(key, sizeof(key));
	sid = cipher_session(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1);
	if (!CHECK(sid >= 0))
		return;
	for (i = 0; i < 8; i++) {
		cipher_op(&g->slots[i], sid, 1, 16, 256);
		ops[i] = &g->slots[i].op;
		CHECK(vu_op_pin(g->dev, 0, ops[i]) == 0);
	}
	CHECK(vu_op_pin(g->dev, 0, ops[0]) == -EBUSY);
	for (round = 0; round < 50; round++) {
		for (i = 0; i < 8; i++) {
			rnd_bytes(g->slots[i].iv, 16);
			rnd_bytes(g->slots[i].src, 256);
			memset(g->slots[i].dst, 0, 256);
		}
		if (!CHECK(run_ops(g, 0, ops, 8) == 0))
			break;
		for (i = 0; i < 8; i++) {
			struct slot *s = &g->slots[i];

			ossl_cipher(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16,
				    s->iv, s->src, 256, want, 1);
			ok &= s->op.status == VIRTIO_CRYPTO_OK &&
			      memcmp(s->dst, want, 256) == 0;
		}
	}
	CHECK(ok);
	for (i = 0; i < 8; i++)
		CHECK(vu_op_unpin(g->dev, 0, ops[i]) == 0);
	CHECK(vu_op_unpin(g->dev, 0, ops[0]) == -EINVAL);
	CHECK(vu_inflight(g->dev, 0) == 0);
	vu_session_destroy(g->dev, sid);
}

/* Two devices on one backend: separate sessions, both served. */
static void
test_two_devices(struct guest *a)
{
	struct guest b;
	uint8_t key[16] = { 9 }, expect[64];
	int64_t sid;
	struct slot *s;

	if (guest_open(&b, be.sockets[1], 1) != 0)
		return;
	sid = cipher_session(a, VIRTIO_CRYPTO_CIPHER_AES_CTR, key, 16, 1);
	CHECK(sid >= 0);
	/* Device b has no session: a's id means nothing there. */
	s = &b.slots[0];
	cipher_op(s, sid, 1, 16, 64);
	CHECK(status_of(&b, s) == VIRTIO_CRYPTO_INVSESS);
	test_random_cipher(&b, 2);
	s = &a->slots[0];
	rnd_bytes(s->iv, 16);
	rnd_bytes(s->src, 64);
	cipher_op(s, sid, 1, 16, 64);
	CHECK(status_of(a, s) == VIRTIO_CRYPTO_OK);
	ossl_cipher(VIRTIO_CRYPTO_CIPHER_AES_CTR, key, 16, s->iv, s->src, 64,
		    expect, 1);
	CHECK(memcmp(s->dst, expect, 64) == 0);
	vu_session_destroy(a->dev, sid);
	guest_close(&b);
}

int
main(int argc, char **argv)
{
	const char *extra[9] = { NULL };
	unsigned int nb_extra = 0;
	struct guest g;
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD [--indirect] "
			"[--regions N] [--table-offset N]\n", argv[0]);
		return 2;
	}
	pmd = argv[2];
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--indirect") == 0)
			indirect = 1;
		else if (strcmp(argv[i], "--backend-arg") == 0 &&
			 i + 1 < argc && nb_extra < 8)
			extra[nb_extra++] = argv[++i];
		else if (strcmp(argv[i], "--regions") == 0 && i + 1 < argc)
			regions = (unsigned int)atoi(argv[++i]);
		else if (strcmp(argv[i], "--table-offset") == 0 &&
			 i + 1 < argc)
			table_offset = (uint8_t)atoi(argv[++i]);
	}
	if (!CHECK(backend_start_args(&be, argv[1], pmd, 2, 4, extra) == 0))
		return test_summary();

	if (guest_open(&g, be.sockets[0], 4) == 0) {
		test_nist(&g);
		test_hmac_kat(&g);
		test_random_cipher(&g, 8);
		test_random_chain(&g, 120);
		test_errors(&g);
		test_pinned(&g);
		test_two_devices(&g);
		guest_close(&g);
	}
	/* A clean SIGTERM shutdown. */
	CHECK(backend_stop(&be) == 0);
	return test_summary();
}
