/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The AKCIPHER service (RSA) end to end: sessions over the controlq,
 * requests on data queue 0, a real backend on a real PMD. Known answers
 * come from Project Wycheproof (vectors_rsa.h names each); random keys
 * of 1024..4096 bits and random messages are checked against OpenSSL's
 * EVP_PKEY API on the same inputs; then every malformed key, length and
 * misuse we can think of, each with the status it must get.
 *
 * Usage: test_akcipher BACKEND_EXE PMD rsa|notsupp
 *   rsa: the PMD must serve RSA; notsupp: it must not (and says so).
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "guest_util.h"
#include "harness.h"
#include "vc_wire.h"
#include "vectors_rsa.h"

#define MEM_SIZE (4u << 20)
#define PRIV 1
#define PUB 0
#define PKCS1 VIRTIO_CRYPTO_RSA_PKCS1_PADDING
#define RAW VIRTIO_CRYPTO_RSA_RAW_PADDING

static struct backend be;
static const char *pmd;
static uint64_t rng_state = 0x5851f42d4c957f2dULL;

struct guest {
	struct vu_dev *dev;
	uint8_t *src;
	uint8_t *dst;
	uint8_t *digest;
	struct vu_sym_op op;
};

/* A key as OpenSSL has it, and as the guest hands it over. */
struct key {
	EVP_PKEY *pk;
	uint32_t k;               /* modulus bytes */
	uint32_t priv_len;
	uint32_t pub_len;
	uint8_t priv[VC_MAX_AKCIPHER_KEY_LEN];
	uint8_t pub[VC_MAX_AKCIPHER_KEY_LEN];
};

/* Rows verified, printed at the end. */
static char rows[32][128];
static unsigned int nb_rows;

static void
row(int ok, const char *what)
{
	printf("  %s: %s: %s\n", pmd, what, ok ? "ok" : "FAILED");
	if (ok && nb_rows < ARRAY_SIZE(rows))
		snprintf(rows[nb_rows++], sizeof(rows[0]), "%s", what);
}

static struct vu_dev_conf
conf_of(const char *sock, int ctrlq)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = 1,
		.queue_size = 64,
		.mem_size = MEM_SIZE,
		.nb_regions = 1,
		.indirect = 1,
		.connect_timeout_ms = 100,
		.ctrlq = ctrlq,
	};

	return conf;
}

static int
guest_init(struct guest *g, const char *sock)
{
	struct vu_dev_conf conf = conf_of(sock, 1);

	memset(g, 0, sizeof(*g));
	g->dev = guest_open_conf(&conf, 5000);
	if (!CHECK(g->dev != NULL))
		return -1;
	g->src = vu_mem_alloc(g->dev, VC_MAX_RSA_MOD_LEN, 64);
	g->dst = vu_mem_alloc(g->dev, 2 * VC_MAX_RSA_MOD_LEN, 64);
	g->digest = vu_mem_alloc(g->dev, VC_MAX_RSA_MOD_LEN, 64);
	return CHECK(g->src && g->dst && g->digest) ? 0 : -1;
}

/*
 * One akcipher request; its status, or 0xfe if it did not complete.
 * VERIFY reads digest_len bytes of g->digest; the others write dst.
 */
static int
ak_run(struct guest *g, uint32_t opcode, uint64_t sid, uint32_t src_len,
       uint32_t dst_len, uint32_t digest_len)
{
	struct vu_sym_op *op = &g->op;

	memset(op, 0, sizeof(*op));
	op->opcode = opcode;
	op->session_id = sid;
	op->src = g->src;
	op->src_len = src_len;
	op->dst = g->dst;
	op->dst_len = dst_len;
	op->digest = g->digest;
	op->digest_len = digest_len;
	if (guest_run(g->dev, 0, &op, 1, 10000) != 1)
		return 0xfe;
	return op->status;
}

static uint8_t
destroy(struct guest *g, uint64_t sid)
{
	uint8_t st = 0xfe;

	CHECK(vu_ctrl_session_destroy(g->dev, VIRTIO_CRYPTO_SERVICE_AKCIPHER,
				      sid, &st) == 0);
	return st;
}

static uint32_t
unhex(const char *hex, uint8_t *out, size_t max)
{
	return (uint32_t)hex2bin(hex, out, max);
}

static void
sha(const char *md, const void *msg, size_t len, uint8_t *out,
    uint32_t *olen)
{
	unsigned int n = 0;

	CHECK(EVP_Digest(msg, len, out, &n, EVP_get_digestbyname(md),
			 NULL) == 1);
	*olen = n;
}

/* ---- Known answers (Project Wycheproof) ---- */

static void
kat_sign(struct guest *g)
{
	static const struct {
		const char *msg;
		const char *sig;
	} tc[] = {
		{ "", wp_sig2048_tc81 },
		{ "54657374", wp_sig2048_tc83 },
		{ "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfd"
		  "feff", wp_sig2048_tc87 },
	};
	static uint8_t der[2048], msg[64], want[512];
	uint32_t len = unhex(wp_sig2048_priv, der, sizeof(der)), i, ml, dl;
	uint64_t sid;
	int ok = 1;

	ok &= CHECK(guest_rsa_session(g->dev, der, len, PRIV, PKCS1,
				      VIRTIO_CRYPTO_RSA_SHA256, &sid) ==
		    VIRTIO_CRYPTO_OK);
	for (i = 0; ok && i < ARRAY_SIZE(tc); i++) {
		ml = unhex(tc[i].msg, msg, sizeof(msg));
		unhex(tc[i].sig, want, sizeof(want));
		sha("SHA256", msg, ml, g->src, &dl);
		memset(g->dst, 0, 300);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_SIGN, sid, dl,
				   256, 0) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(g->op.used_len == 257);
		ok &= CHECK(memcmp(g->dst, want, 256) == 0);
	}
	CHECK(destroy(g, sid) == VIRTIO_CRYPTO_OK);
	row(ok, "RSA-2048 PKCS#1 v1.5 SHA-256 sign, Wycheproof "
	    "rsa_sig_gen_misc tc 81 83 87");

	/* 1024 bits and SHA-1: what Linux's pkcs1pad(rsa,sha1) asks for. */
	len = unhex(wp_sig1024_priv, der, sizeof(der));
	ok = CHECK(guest_rsa_session(g->dev, der, len, PRIV, PKCS1,
				     VIRTIO_CRYPTO_RSA_SHA1, &sid) ==
		   VIRTIO_CRYPTO_OK);
	unhex(wp_sig1024_tc3, want, sizeof(want));
	sha("SHA1", "Test", 4, g->src, &dl);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_SIGN, sid, dl, 128, 0) ==
		    VIRTIO_CRYPTO_OK);
	ok &= CHECK(memcmp(g->dst, want, 128) == 0);
	CHECK(destroy(g, sid) == VIRTIO_CRYPTO_OK);
	row(ok, "RSA-1024 PKCS#1 v1.5 SHA-1 sign, Wycheproof "
	    "rsa_sig_gen_misc tc 3");
}

static void
kat_verify(struct guest *g)
{
	static const char *const good[] = { wp_sig2048_tc81, wp_sig2048_tc83,
					    wp_sig2048_tc87 };
	static const char *const good_msg[] = { "", "54657374",
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfd"
		"feff" };
	static const char *const bad[] = { wp_sig2048_bad8, wp_sig2048_bad9,
					   wp_sig2048_bad11,
					   wp_sig2048_bad13 };
	static uint8_t der[1024], msg[64];
	uint32_t len = unhex(wp_sig2048_pub, der, sizeof(der)), i, ml, dl;
	uint64_t sid;
	int ok;

	ok = CHECK(guest_rsa_session(g->dev, der, len, PUB, PKCS1,
				     VIRTIO_CRYPTO_RSA_SHA256, &sid) ==
		   VIRTIO_CRYPTO_OK);
	for (i = 0; ok && i < ARRAY_SIZE(good); i++) {
		ml = unhex(good_msg[i], msg, sizeof(msg));
		sha("SHA256", msg, ml, g->digest, &dl);
		unhex(good[i], g->src, 256);
		memset(g->dst, 0x5a, 64);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, sid, 256,
				   0, dl) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(g->op.used_len == 1 && g->dst[0] == 0x5a);
		/* The same signature over another message. */
		g->digest[dl - 1] ^= 1;
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, sid, 256,
				   0, dl) == VIRTIO_CRYPTO_KEY_REJECTED);
	}
	sha("SHA256", "123400", 6, g->digest, &dl);
	for (i = 0; ok && i < ARRAY_SIZE(bad); i++) {
		unhex(bad[i], g->src, 256);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, sid, 256,
				   0, dl) == VIRTIO_CRYPTO_KEY_REJECTED);
	}
	/* Not below the modulus: no signature at all. */
	memset(g->src, 0xff, 256);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, sid, 256, 0,
			   dl) == VIRTIO_CRYPTO_KEY_REJECTED);
	CHECK(destroy(g, sid) == VIRTIO_CRYPTO_OK);
	row(ok, "RSA-2048 PKCS#1 v1.5 SHA-256 verify, Wycheproof "
	    "rsa_signature_2048_sha256 tc 1 3 7 (ok), 8 9 11 13 (rejected)");
}

static size_t ossl(EVP_PKEY *pk, int encrypt, int pad, const uint8_t *in,
		   size_t len, uint8_t *out);

static void
kat_decrypt(struct guest *g)
{
	static uint8_t der[2048], want[VC_MAX_RSA_MOD_LEN];
	uint32_t len = unhex(wp_dec2048_priv, der, sizeof(der)), i;
	const unsigned char *p;
	EVP_PKEY *pk;
	uint64_t sid;
	size_t n;
	int ok;

	ok = CHECK(guest_rsa_session(g->dev, der, len, PRIV, PKCS1,
				     VIRTIO_CRYPTO_RSA_NO_HASH, &sid) ==
		   VIRTIO_CRYPTO_OK);
	unhex(wp_dec2048_tc3, g->src, 256);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, sid, 256, 256,
			   0) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == 5 && memcmp(g->dst, "Test", 4) == 0);
	unhex(wp_dec2048_tc8, g->src, 256);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, sid, 256, 256,
			   0) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == 246);
	for (i = 0; i < 245 && g->dst[i] == 'x'; i++)
		;
	ok &= CHECK(i == 245);
	unhex(wp_dec2048_tc1, g->src, 256);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, sid, 256, 256,
			   0) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == 1);
	/*
	 * Bad padding: what OpenSSL does with it. To 3.1 an error, and
	 * nothing written; from 3.2 (Debian 13) implicit rejection, a
	 * message of at most k - 11 bytes that the key and the ciphertext
	 * derive. Not OpenSSL's message: crypto_openssl builds a CRT key
	 * without d, which OpenSSL derives it from.
	 */
	unhex(wp_dec2048_tc9, g->src, 256);
	memset(g->dst, 0x5a, 256);
	p = der;
	pk = d2i_AutoPrivateKey(NULL, &p, len);
	ok &= CHECK(pk != NULL);
	n = pk != NULL ? ossl(pk, 0, RSA_PKCS1_PADDING, g->src, 256, want) : 0;
	EVP_PKEY_free(pk);
	if (n == 0) {
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, sid, 256,
				   256, 0) == VIRTIO_CRYPTO_ERR);
		ok &= CHECK(g->op.used_len == 1 && g->dst[0] == 0x5a);
	} else {
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, sid, 256,
				   256, 0) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(g->op.used_len >= 1 && g->op.used_len <= 246);
		memset(g->dst, 0x5a, 256);
	}
	/* A plaintext longer than the buffer given: nothing written. */
	unhex(wp_dec2048_tc3, g->src, 256);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, sid, 256, 3,
			   0) == VIRTIO_CRYPTO_BADMSG);
	ok &= CHECK(g->dst[0] == 0x5a);
	CHECK(destroy(g, sid) == VIRTIO_CRYPTO_OK);
	row(ok, "RSA-2048 PKCS#1 v1.5 decrypt, Wycheproof "
	    "rsa_pkcs1_2048 tc 1 3 8 (ok), 9 (bad padding, as OpenSSL)");
}

/* ---- Random keys and messages against OpenSSL ---- */

static int
key_new(struct key *k, unsigned int bits)
{
	unsigned char *p;
	int n;

	memset(k, 0, sizeof(*k));
	k->pk = EVP_RSA_gen(bits);
	if (!CHECK(k->pk != NULL))
		return -1;
	k->k = (uint32_t)EVP_PKEY_get_size(k->pk);
	p = k->priv;
	n = i2d_PrivateKey(k->pk, &p);
	k->priv_len = n > 0 ? (uint32_t)n : 0;
	p = k->pub;
	n = i2d_PublicKey(k->pk, &p);
	k->pub_len = n > 0 ? (uint32_t)n : 0;
	return CHECK(k->priv_len != 0 && k->pub_len != 0) ? 0 : -1;
}

/* OpenSSL's public or private operation on @p in with padding @p pad. */
static size_t
ossl(EVP_PKEY *pk, int encrypt, int pad, const uint8_t *in, size_t len,
     uint8_t *out)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
	size_t ol = VC_MAX_RSA_MOD_LEN;
	int ok;

	ok = (encrypt ? EVP_PKEY_encrypt_init(c) : EVP_PKEY_decrypt_init(c))
		== 1 && EVP_PKEY_CTX_set_rsa_padding(c, pad) == 1 &&
	     (encrypt ? EVP_PKEY_encrypt(c, out, &ol, in, len) :
		EVP_PKEY_decrypt(c, out, &ol, in, len)) == 1;
	EVP_PKEY_CTX_free(c);
	return ok ? ol : 0;
}

/* OpenSSL's PKCS#1 v1.5 signature of a digest, DigestInfo its own. */
static size_t
ossl_sign(EVP_PKEY *pk, const char *md, const uint8_t *dg, size_t dl,
	  uint8_t *sig)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
	size_t sl = VC_MAX_RSA_MOD_LEN;
	int ok;

	ok = EVP_PKEY_sign_init(c) == 1 &&
	     EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) == 1 &&
	     EVP_PKEY_CTX_set_signature_md(c, EVP_get_digestbyname(md)) == 1 &&
	     EVP_PKEY_sign(c, sig, &sl, dg, dl) == 1;
	EVP_PKEY_CTX_free(c);
	return ok ? sl : 0;
}

static int
random_pkcs1(struct guest *g, const struct key *k, int rounds)
{
	uint8_t ref[VC_MAX_RSA_MOD_LEN];
	uint64_t pub, priv;
	uint32_t len;
	int i, ok;

	ok = CHECK(guest_rsa_session(g->dev, k->pub, k->pub_len, PUB, PKCS1,
				     VIRTIO_CRYPTO_RSA_NO_HASH, &pub) ==
		   VIRTIO_CRYPTO_OK);
	ok &= CHECK(guest_rsa_session(g->dev, k->priv, k->priv_len, PRIV,
				      PKCS1, VIRTIO_CRYPTO_RSA_NO_HASH,
				      &priv) == VIRTIO_CRYPTO_OK);
	for (i = 0; ok && i < rounds; i++) {
		len = (uint32_t)(test_rand(&rng_state) % (k->k - 11 + 1));
		test_rand_bytes(&rng_state, g->src, len);
		memcpy(ref, g->src, len);
		/* We encrypt, OpenSSL decrypts (random padding each time). */
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pub, len,
				   k->k, 0) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(g->op.used_len == k->k + 1);
		ok &= CHECK(ossl(k->pk, 0, RSA_PKCS1_PADDING, g->dst, k->k,
				 g->digest) == len &&
			    memcmp(g->digest, ref, len) == 0);
		/* OpenSSL encrypts, we decrypt, into a buffer k long. */
		ok &= CHECK(ossl(k->pk, 1, RSA_PKCS1_PADDING, ref, len,
				 g->src) == k->k);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, priv,
				   k->k, k->k, 0) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(g->op.used_len == len + 1 &&
			    memcmp(g->dst, ref, len) == 0);
	}
	CHECK(destroy(g, pub) == VIRTIO_CRYPTO_OK);
	CHECK(destroy(g, priv) == VIRTIO_CRYPTO_OK);
	return ok;
}

/* Each hash: sign equals OpenSSL's; verify takes OpenSSL's, not a tamper. */
static int
random_sign(struct guest *g, const struct key *k)
{
	uint8_t ref[VC_MAX_RSA_MOD_LEN];
	uint32_t i, dl;
	int ok = 1;

	for (i = 0; ok && i < ARRAY_SIZE(rsa_hashes); i++) {
		uint64_t priv, pub;
		uint8_t msg[100];

		test_rand_bytes(&rng_state, msg, sizeof(msg));
		sha(rsa_hashes[i].md, msg, sizeof(msg), g->src, &dl);
		ok &= CHECK(guest_rsa_session(g->dev, k->priv, k->priv_len,
					      PRIV, PKCS1, rsa_hashes[i].virtio,
					      &priv) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(guest_rsa_session(g->dev, k->pub, k->pub_len, PUB,
					      PKCS1, rsa_hashes[i].virtio,
					      &pub) == VIRTIO_CRYPTO_OK);
		if (!ok)
			break;
		ok &= CHECK(ossl_sign(k->pk, rsa_hashes[i].md, g->src, dl,
				      ref) == k->k);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_SIGN, priv, dl,
				   k->k, 0) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(g->op.used_len == k->k + 1 &&
			    memcmp(g->dst, ref, k->k) == 0);
		memcpy(g->digest, g->src, dl);
		memcpy(g->src, ref, k->k);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, pub, k->k,
				   0, dl) == VIRTIO_CRYPTO_OK);
		/* One bit of the signature, or of the digest. */
		g->src[test_rand(&rng_state) % k->k] ^= 0x10;
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, pub, k->k,
				   0, dl) == VIRTIO_CRYPTO_KEY_REJECTED);
		memcpy(g->src, ref, k->k);
		g->digest[test_rand(&rng_state) % dl] ^= 0x01;
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, pub, k->k,
				   0, dl) == VIRTIO_CRYPTO_KEY_REJECTED);
		/* A private key verifies too: it holds the public one. */
		sha(rsa_hashes[i].md, msg, sizeof(msg), g->digest, &dl);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, priv,
				   k->k, 0, dl) == VIRTIO_CRYPTO_OK);
		CHECK(destroy(g, priv) == VIRTIO_CRYPTO_OK);
		CHECK(destroy(g, pub) == VIRTIO_CRYPTO_OK);
	}
	return ok;
}

/* RAW: both directions against OpenSSL's RSA_NO_PADDING. */
static int
random_raw(struct guest *g, const struct key *k, int rounds)
{
	uint8_t m[VC_MAX_RSA_MOD_LEN], c[VC_MAX_RSA_MOD_LEN];
	uint64_t sid;
	int i, ok;

	ok = CHECK(guest_rsa_session(g->dev, k->priv, k->priv_len, PRIV, RAW,
				     VIRTIO_CRYPTO_RSA_NO_HASH, &sid) ==
		   VIRTIO_CRYPTO_OK);
	for (i = 0; ok && i < rounds; i++) {
		/* Leading zeros: below any modulus, as the spec pads. */
		test_rand_bytes(&rng_state, m, k->k);
		m[0] = 0;
		m[1] &= (uint8_t)(i & 1 ? 0x00 : 0x7f);
		memcpy(g->src, m, k->k);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, sid,
				   k->k, k->k, 0) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(ossl(k->pk, 1, RSA_NO_PADDING, m, k->k, c) ==
			    k->k && memcmp(g->dst, c, k->k) == 0);
		memcpy(g->src, c, k->k);
		ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, sid,
				   k->k, k->k, 0) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(g->op.used_len == k->k + 1 &&
			    memcmp(g->dst, m, k->k) == 0);
	}
	CHECK(destroy(g, sid) == VIRTIO_CRYPTO_OK);
	return ok;
}

static void
test_random(struct guest *g)
{
	static const unsigned int bits[] = { 1024, 2048, 3072, 4096 };
	static struct key k;
	char what[80];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		int ok;

		if (key_new(&k, bits[i]) != 0)
			continue;
		ok = random_pkcs1(g, &k, bits[i] > 2048 ? 3 : 10);
		snprintf(what, sizeof(what), "RSA-%u PKCS#1 v1.5 encrypt and "
			 "decrypt, random, vs OpenSSL", bits[i]);
		row(ok, what);
		ok = random_sign(g, &k);
		snprintf(what, sizeof(what), "RSA-%u PKCS#1 v1.5 sign and "
			 "verify, MD5 .. SHA-512, random, vs OpenSSL",
			 bits[i]);
		row(ok, what);
		ok = random_raw(g, &k, 4);
		snprintf(what, sizeof(what), "RSA-%u raw encrypt and decrypt, "
			 "random, vs OpenSSL", bits[i]);
		row(ok, what);
		EVP_PKEY_free(k.pk);
	}
}

/* ---- What must be refused ---- */

/* A create request for the raw controlq, key claimed @p keylen long. */
static uint8_t
raw_create(struct guest *g, const uint8_t *key, uint32_t len,
	   uint32_t keylen)
{
	static uint8_t req[sizeof(struct virtio_crypto_op_ctrl_req) +
			   VC_MAX_AKCIPHER_KEY_LEN + 16];
	struct virtio_crypto_op_ctrl_req r;
	struct virtio_crypto_session_input in;
	struct virtio_crypto_akcipher_session_para *p =
		&r.u.akcipher_create_session.para;

	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
	p->algo = htole32(VIRTIO_CRYPTO_AKCIPHER_RSA);
	p->keytype = htole32(VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE);
	p->keylen = htole32(keylen);
	p->u.rsa.padding_algo = htole32(PKCS1);
	p->u.rsa.hash_algo = htole32(VIRTIO_CRYPTO_RSA_SHA256);
	memcpy(req, &r, sizeof(r));
	memcpy(req + sizeof(r), key, len);
	if (!CHECK(vu_raw_ctrl(g->dev, req, sizeof(r) + len, &in,
			       sizeof(in)) == sizeof(in)))
		return 0xfe;
	CHECK(le32toh(in.status) != VIRTIO_CRYPTO_OK ||
	      destroy(g, le64toh(in.session_id)) == VIRTIO_CRYPTO_OK);
	return (uint8_t)le32toh(in.status);
}

/* Sessions that must be refused, each for what it is. */
static int
refused_sessions(struct guest *g, const struct key *k)
{
	static uint8_t longer[VC_MAX_AKCIPHER_KEY_LEN + 8];
	static uint8_t wrong_len[VC_MAX_AKCIPHER_KEY_LEN];
	const struct {
		const uint8_t *key;
		uint32_t len;
		int priv;
		uint32_t padding;
		uint32_t hash;
		uint8_t want;
	} c[] = {
		/* Malformed DER: cut, a byte too many, wrong outer length. */
		{ k->priv, k->priv_len - 1, PRIV, PKCS1,
		  VIRTIO_CRYPTO_RSA_SHA256, VIRTIO_CRYPTO_BADMSG },
		{ longer, k->priv_len + 1, PRIV, PKCS1,
		  VIRTIO_CRYPTO_RSA_SHA256, VIRTIO_CRYPTO_BADMSG },
		{ wrong_len, k->priv_len, PRIV, PKCS1,
		  VIRTIO_CRYPTO_RSA_SHA256, VIRTIO_CRYPTO_BADMSG },
		/* A public key handed over as private, and the reverse. */
		{ k->pub, k->pub_len, PRIV, PKCS1, VIRTIO_CRYPTO_RSA_SHA256,
		  VIRTIO_CRYPTO_BADMSG },
		{ k->priv, k->priv_len, PUB, PKCS1, VIRTIO_CRYPTO_RSA_SHA256,
		  VIRTIO_CRYPTO_BADMSG },
		/* Unknown padding, unserved and unknown hashes. */
		{ k->priv, k->priv_len, PRIV, 2, VIRTIO_CRYPTO_RSA_SHA256,
		  VIRTIO_CRYPTO_NOTSUPP },
		{ k->priv, k->priv_len, PRIV, PKCS1, VIRTIO_CRYPTO_RSA_MD2,
		  VIRTIO_CRYPTO_NOTSUPP },
		{ k->priv, k->priv_len, PRIV, PKCS1, 99,
		  VIRTIO_CRYPTO_NOTSUPP },
	};
	struct vu_ctrl_session other = {
		.service = VIRTIO_CRYPTO_SERVICE_AKCIPHER,
		.algo = VIRTIO_CRYPTO_AKCIPHER_ECDSA,
		.key = k->pub,
		.key_len = k->pub_len,
		.keytype = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC,
	};
	uint64_t sid;
	uint8_t st = 0xfe;
	unsigned int i;
	int ok = 1;

	memcpy(longer, k->priv, k->priv_len);
	memcpy(wrong_len, k->priv, k->priv_len);
	wrong_len[3] ^= 0x01;
	for (i = 0; i < ARRAY_SIZE(c); i++)
		if (!CHECK(guest_rsa_session(g->dev, c[i].key, c[i].len,
					     c[i].priv, c[i].padding,
					     c[i].hash, &sid) == c[i].want)) {
			fprintf(stderr, "session case %u\n", i);
			ok = 0;
		}
	/* Key lengths beyond what the request carries, or any we take. */
	ok &= CHECK(raw_create(g, k->priv, k->priv_len, k->priv_len + 1) ==
		    VIRTIO_CRYPTO_BADMSG);
	ok &= CHECK(raw_create(g, k->priv, k->priv_len, 0xffffffff) ==
		    VIRTIO_CRYPTO_BADMSG);
	ok &= CHECK(raw_create(g, longer, VC_MAX_AKCIPHER_KEY_LEN + 1,
			       VC_MAX_AKCIPHER_KEY_LEN + 1) ==
		    VIRTIO_CRYPTO_NOTSUPP);
	ok &= CHECK(raw_create(g, k->priv, k->priv_len, k->priv_len) ==
		    VIRTIO_CRYPTO_OK);
	/* ECDSA and DSA: see doc/limits.rst. */
	ok &= CHECK(vu_ctrl_session_create(g->dev, &other, &sid, &st) == 0 &&
		    st == VIRTIO_CRYPTO_NOTSUPP);
	other.algo = VIRTIO_CRYPTO_AKCIPHER_DSA;
	ok &= CHECK(vu_ctrl_session_create(g->dev, &other, &sid, &st) == 0 &&
		    st == VIRTIO_CRYPTO_NOTSUPP);
	return ok;
}

/* Requests whose lengths or session do not fit: BADMSG, nothing written. */
static int
refused_requests(struct guest *g, const struct key *k)
{
	const uint32_t K = k->k;
	uint64_t pub, priv, raw;
	struct {
		uint32_t opcode;
		const uint64_t *sid;
		uint32_t src, dst, digest;
	} c[] = {
		/* ENCRYPT: too long for PKCS#1, dst short, RAW not k. */
		{ VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, &pub, K - 10, K, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, &pub, 20, K - 1, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, &raw, K - 1, K, 0 },
		/* DECRYPT: not k bytes, RAW dst short, a public key. */
		{ VIRTIO_CRYPTO_AKCIPHER_DECRYPT, &priv, K - 1, K, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_DECRYPT, &priv, K + 1, K, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_DECRYPT, &raw, K, K - 1, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_DECRYPT, &pub, K, K, 0 },
		/* SIGN: not SHA-256's digest, dst short, public key, RAW. */
		{ VIRTIO_CRYPTO_AKCIPHER_SIGN, &priv, 31, K, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_SIGN, &priv, 33, K, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_SIGN, &priv, 32, K - 1, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_SIGN, &pub, 32, K, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_SIGN, &raw, 32, K, 0 },
		/* VERIFY: signature not k, digest not SHA-256's, RAW. */
		{ VIRTIO_CRYPTO_AKCIPHER_VERIFY, &pub, K - 1, 0, 32 },
		{ VIRTIO_CRYPTO_AKCIPHER_VERIFY, &pub, K, 0, 31 },
		{ VIRTIO_CRYPTO_AKCIPHER_VERIFY, &pub, K, 0, 0 },
		{ VIRTIO_CRYPTO_AKCIPHER_VERIFY, &raw, K, 0, 32 },
	};
	unsigned int i;
	int ok;

	ok = CHECK(guest_rsa_session(g->dev, k->pub, k->pub_len, PUB, PKCS1,
				     VIRTIO_CRYPTO_RSA_SHA256, &pub) ==
		   VIRTIO_CRYPTO_OK);
	ok &= CHECK(guest_rsa_session(g->dev, k->priv, k->priv_len, PRIV,
				      PKCS1, VIRTIO_CRYPTO_RSA_SHA256,
				      &priv) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(guest_rsa_session(g->dev, k->priv, k->priv_len, PRIV,
				      RAW, VIRTIO_CRYPTO_RSA_NO_HASH, &raw) ==
		    VIRTIO_CRYPTO_OK);
	memset(g->src, 0x11, K);
	g->src[0] = 0;
	memset(g->digest, 0x22, 64);
	/* A larger dst is fine: k bytes are written, and said so. */
	memset(g->dst, 0x5a, 2 * K);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pub, 20, 2 * K,
			   0) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == K + 1 && g->dst[K] == 0x5a);
	memset(g->dst, 0x5a, 2 * K);
	for (i = 0; i < ARRAY_SIZE(c); i++)
		if (!CHECK(ak_run(g, c[i].opcode, *c[i].sid, c[i].src,
				  c[i].dst, c[i].digest) ==
			   VIRTIO_CRYPTO_BADMSG)) {
			fprintf(stderr, "request case %u\n", i);
			ok = 0;
		}
	for (i = 0; i < 2 * K && g->dst[i] == 0x5a; i++)
		;
	ok &= CHECK(i == 2 * K);
	/* An opcode past VERIFY. */
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY + 1, pub, K, K,
			   0) == VIRTIO_CRYPTO_NOTSUPP);
	ok &= CHECK(destroy(g, pub) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(destroy(g, priv) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(destroy(g, raw) == VIRTIO_CRYPTO_OK);
	return ok;
}

/* Sessions of the other kind, and closed ones. */
static int
wrong_sessions(struct guest *g, const struct key *k)
{
	uint8_t key16[16] = { 1 };
	struct vu_sym_session p = {
		.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
		.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
		.cipher_key = key16,
		.cipher_key_len = 16,
	};
	struct vu_sym_op *op = &g->op;
	int64_t sym = -1;
	uint64_t pub;
	int ok;

	ok = CHECK(vu_session_create(g->dev, &p, &sym) == 0);
	ok &= CHECK(guest_rsa_session(g->dev, k->pub, k->pub_len, PUB, PKCS1,
				      VIRTIO_CRYPTO_RSA_SHA256, &pub) ==
		    VIRTIO_CRYPTO_OK);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, (uint64_t)sym,
			   20, k->k, 0) == VIRTIO_CRYPTO_BADMSG);
	memset(op, 0, sizeof(*op));
	op->opcode = VIRTIO_CRYPTO_CIPHER_ENCRYPT;
	op->op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER;
	op->session_id = pub;
	op->iv = g->digest;
	op->iv_len = 16;
	op->src = g->src;
	op->src_len = 32;
	op->dst = g->dst;
	op->dst_len = 32;
	ok &= CHECK(guest_run(g->dev, 0, &op, 1, 5000) == 1 &&
		    op->status == VIRTIO_CRYPTO_BADMSG);
	CHECK(vu_session_destroy(g->dev, sym) == 0);
	ok &= CHECK(destroy(g, pub) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pub, 20, k->k,
			   0) == VIRTIO_CRYPTO_INVSESS);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_VERIFY, pub, k->k, 0,
			   32) == VIRTIO_CRYPTO_INVSESS);
	ok &= CHECK(destroy(g, pub) == VIRTIO_CRYPTO_INVSESS);
	return ok;
}

/*
 * More creates than the backend has asymmetric sessions (1024 per device,
 * one device): each close must give its PMD session back.
 */
static int
churn(struct guest *g, const struct key *k)
{
	uint64_t sid;
	int i, ok = 1;

	for (i = 0; i < 1030 && ok; i++) {
		ok = CHECK(guest_rsa_session(g->dev, k->pub, k->pub_len, PUB,
					     PKCS1, VIRTIO_CRYPTO_RSA_SHA256,
					     &sid) == VIRTIO_CRYPTO_OK);
		ok = ok && CHECK(destroy(g, sid) == VIRTIO_CRYPTO_OK);
	}
	return ok;
}

static void
test_refused(struct guest *g)
{
	static struct key k;

	if (key_new(&k, 2048) != 0)
		return;
	row(refused_sessions(g, &k), "malformed keys, key lengths, "
	    "paddings, hashes, ECDSA, DSA refused");
	row(refused_requests(g, &k), "wrong src/dst lengths for every op, "
	    "public key signing or decrypting, RAW signing: BADMSG");
	row(wrong_sessions(g, &k), "symmetric sessions for akcipher "
	    "requests and back (BADMSG), closed sessions (INVSESS)");
	row(churn(g, &k), "1030 RSA sessions created and closed, more than "
	    "the session pool holds");
	EVP_PKEY_free(k.pk);
}

/* A PMD without RSA: nothing advertised, every session NOTSUPP. */
static void
test_notsupp(struct guest *g)
{
	static uint8_t der[1024];
	uint32_t len = unhex(wp_sig2048_pub, der, sizeof(der));
	uint64_t sid;
	int ok;

	ok = CHECK(guest_rsa_session(g->dev, der, len, PUB, PKCS1,
				     VIRTIO_CRYPTO_RSA_SHA256, &sid) ==
		   VIRTIO_CRYPTO_NOTSUPP);
	ok &= CHECK(guest_rsa_session(g->dev, der, len, PUB, RAW,
				      VIRTIO_CRYPTO_RSA_NO_HASH, &sid) ==
		    VIRTIO_CRYPTO_NOTSUPP);
	/* Still decoded first: a broken key is BADMSG everywhere. */
	ok &= CHECK(guest_rsa_session(g->dev, der, len - 1, PUB, PKCS1,
				      VIRTIO_CRYPTO_RSA_SHA256, &sid) ==
		    VIRTIO_CRYPTO_BADMSG);
	memset(g->src, 0, 256);
	ok &= CHECK(ak_run(g, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, 1, 20, 256, 0) ==
		    VIRTIO_CRYPTO_INVSESS);
	row(ok, "RSA sessions NOTSUPP, requests INVSESS");
}

/*
 * QEMU >= 8.1 forwards akcipher sessions as a 1072-byte
 * CREATE_CRYPTO_SESSION (u64 op_code, the sym/asym info union with a key
 * of up to 1024 bytes, i64 session_id). librte_vhost 22.11 reads no
 * payload longer than its own message union (632 bytes): it drops the
 * connection before any handler of ours sees the message. The backend
 * must live on, and serve the next frontend.
 */
static void
test_qemu81_session(const char *sock)
{
	struct vu_dev_conf conf = conf_of(sock, 0);
	static uint8_t msg[1072], reply[1072];
	uint64_t op = VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION;
	struct virtio_crypto_config c;
	struct vu_dev *d = guest_open_conf(&conf, 5000);
	int ok;

	if (!CHECK(d != NULL))
		return;
	memcpy(msg, &op, sizeof(op));
	ok = CHECK(vu_raw_session_msg(d, msg, sizeof(msg), reply,
				      sizeof(reply)) < 0);
	vu_raw_abandon(d);
	d = guest_open_conf(&conf, 5000);
	ok &= CHECK(d != NULL && vu_dev_get_config(d, &c) == 0);
	vu_dev_close(d);
	row(ok, "QEMU 8.1's 1072-byte akcipher session message: "
	    "connection dropped by librte_vhost, backend lives");
}

int
main(int argc, char **argv)
{
	struct virtio_crypto_config c;
	struct guest g;
	int want_rsa, has_rsa;
	unsigned int i;

	if (argc < 4 || (strcmp(argv[3], "rsa") != 0 &&
			 strcmp(argv[3], "notsupp") != 0)) {
		fprintf(stderr, "usage: %s BACKEND PMD rsa|notsupp\n",
			argv[0]);
		return 2;
	}
	pmd = argv[2];
	want_rsa = strcmp(argv[3], "rsa") == 0;
	if (!CHECK(backend_start_args(&be, argv[1], pmd, 1, 1, NULL) == 0))
		return test_summary();
	if (guest_init(&g, be.sockets[0]) == 0 &&
	    CHECK(vu_dev_get_config(g.dev, &c) == 0)) {
		has_rsa = (le32toh(c.crypto_services) &
			   (1u << VIRTIO_CRYPTO_SERVICE_AKCIPHER)) != 0;
		CHECK(has_rsa == want_rsa);
		CHECK(le32toh(c.akcipher_algo) ==
		      (want_rsa ? 1u << VIRTIO_CRYPTO_AKCIPHER_RSA : 0));
		if (want_rsa) {
			kat_sign(&g);
			kat_verify(&g);
			kat_decrypt(&g);
			test_random(&g);
			test_refused(&g);
		} else {
			test_notsupp(&g);
		}
	}
	vu_dev_close(g.dev);
	test_qemu81_session(be.sockets[0]);
	CHECK(backend_stop(&be) == 0);
	printf("%s: rows verified:\n", pmd);
	for (i = 0; i < nb_rows; i++)
		printf("  %s\n", rows[i]);
	return test_summary();
}
