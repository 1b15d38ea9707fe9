/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/virtio_crypto's RSA pieces on their own: the strict PKCS#1 DER key
 * reader against OpenSSL's parse of the same keys (Wycheproof's, and
 * random ones of 1024..4096 bits) and against hostile encodings built
 * here; EMSA-PKCS1-v1_5 against what OpenSSL's signatures decode to; the
 * akcipher data requests against their buffers (test_services decodes
 * the control requests).
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "harness.h"
#include "vc_wire.h"
#include "vectors_rsa.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint8_t der[VC_MAX_AKCIPHER_KEY_LEN + 16];

/* Does @p v (a decoded integer of der) equal OpenSSL's parameter? */
static int
int_is(const uint8_t *buf, const struct vc_der_int *v, EVP_PKEY *k,
       const char *name)
{
	uint8_t want[VC_MAX_RSA_MOD_LEN + 8];
	BIGNUM *bn = NULL;
	int n;

	if (EVP_PKEY_get_bn_param(k, name, &bn) != 1)
		return 0;
	n = BN_bn2bin(bn, want);
	BN_free(bn);
	return n == v->len && memcmp(buf + v->off, want, (size_t)n) == 0;
}

/* Our decode of @p buf agrees with OpenSSL's, part by part. */
static int
same_as_openssl(const uint8_t *buf, uint32_t len, int priv)
{
	const unsigned char *p = buf;
	struct vc_rsa_key k;
	EVP_PKEY *pk;
	int ok;

	pk = priv ? d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, len) :
		    d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, len);
	if (!CHECK(pk != NULL))
		return 0;
	ok = CHECK(vc_rsa_key_decode(buf, len, priv, &k) == VIRTIO_CRYPTO_OK);
	ok = ok && int_is(buf, &k.n, pk, OSSL_PKEY_PARAM_RSA_N) &&
		int_is(buf, &k.e, pk, OSSL_PKEY_PARAM_RSA_E);
	if (ok && priv)
		ok = int_is(buf, &k.d, pk, OSSL_PKEY_PARAM_RSA_D) &&
		     int_is(buf, &k.p, pk, OSSL_PKEY_PARAM_RSA_FACTOR1) &&
		     int_is(buf, &k.q, pk, OSSL_PKEY_PARAM_RSA_FACTOR2) &&
		     int_is(buf, &k.dp, pk, OSSL_PKEY_PARAM_RSA_EXPONENT1) &&
		     int_is(buf, &k.dq, pk, OSSL_PKEY_PARAM_RSA_EXPONENT2) &&
		     int_is(buf, &k.qinv, pk,
			    OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
	else if (ok)
		ok = k.d.len == 0 && k.p.len == 0;
	EVP_PKEY_free(pk);
	return CHECK(ok);
}

static uint32_t
key_of(const char *hex)
{
	return (uint32_t)hex2bin(hex, der, sizeof(der));
}

static int
decode(uint32_t len, int priv)
{
	struct vc_rsa_key k;
	int rc = vc_rsa_key_decode(der, len, priv, &k);

	/* A refused key leaves no offsets behind. */
	if (rc != VIRTIO_CRYPTO_OK && (k.n.len != 0 || k.n.off != 0 ||
				       k.qinv.len != 0))
		return -1;
	return rc;
}

/* Wycheproof's keys, and OpenSSL's random ones of every size we serve. */
static void
test_keys(void)
{
	static const unsigned int bits[] = { 1024, 2048, 3072, 4096 };
	uint32_t len;
	unsigned int i;

	len = key_of(wp_sig2048_priv);
	same_as_openssl(der, len, 1);
	len = key_of(wp_sig2048_pub);
	same_as_openssl(der, len, 0);
	len = key_of(wp_sig1024_priv);
	same_as_openssl(der, len, 1);
	len = key_of(wp_dec2048_priv);
	same_as_openssl(der, len, 1);

	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		EVP_PKEY *pk = EVP_RSA_gen(bits[i]);
		unsigned char *p = der;
		int n;

		if (!CHECK(pk != NULL))
			continue;
		n = i2d_PrivateKey(pk, &p);
		CHECK(n > 0 && (size_t)n <= sizeof(der));
		same_as_openssl(der, (uint32_t)n, 1);
		p = der;
		n = i2d_PublicKey(pk, &p);
		CHECK(n > 0);
		same_as_openssl(der, (uint32_t)n, 0);
		EVP_PKEY_free(pk);
	}
}

/* Hostile encodings of a good key, each refused for what it is. */
static void
test_malformed(void)
{
	uint32_t len, i;
	int all = 1;

	len = key_of(wp_sig2048_priv);
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_OK);
	/* Every truncation, and a byte too many. */
	for (i = 0; i < len; i++)
		all &= decode(i, 1) == VIRTIO_CRYPTO_BADMSG;
	CHECK(all);
	der[len] = 0;
	CHECK(decode(len + 1, 1) == VIRTIO_CRYPTO_BADMSG);
	/* A private key read as a public one, and the other way round. */
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of(wp_sig2048_pub);
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_BADMSG);
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_OK);

	/* The outer length one off either way; another tag. */
	der[3]++;
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	der[3] -= 2;
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	der[3]++;
	der[0] = 0x31;
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	der[0] = 0x30;
	/* Indefinite length; five length bytes; a long form with a 0. */
	der[1] = 0x80;
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	der[1] = 0x85;
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("3083000006020103020103");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	/* Long form for a length that fits the short one. */
	len = key_of("308106020103020103");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	/* n = 35, e = 3: a good tiny public key, to bend below. */
	len = key_of("3006020123020103");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_OK);
	/* Negative n; n with a needless leading zero; n even. */
	len = key_of("30060201a3020103");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("300702020023020103");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("3006020122020103");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	/* n = 0xa3 needs its zero: that one is fine. */
	len = key_of("3007020200a3020103");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_OK);
	/* e = 1, e even, e = n, e > n, e empty, an INTEGER of no bytes. */
	len = key_of("3006020123020101");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("3006020123020104");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("3006020123020123");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("3006020123020125");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("3006020123020100");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("30050201230200");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	/* A third INTEGER in a public key. */
	len = key_of("3009020123020103020101");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	/* Inner length running past the SEQUENCE. */
	len = key_of("3006020123020203");
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_BADMSG);
	CHECK(decode(0, 0) == VIRTIO_CRYPTO_BADMSG);
	CHECK(decode(VC_MAX_AKCIPHER_KEY_LEN + 1, 0) == VIRTIO_CRYPTO_BADMSG);

	/*
	 * A tiny private key (n = 35 = 5 * 7, e = 3, d = 11, CRT parts):
	 * versions 1 (multi-prime: not served) and 2 (nothing), a part
	 * longer than the modulus, a zero prime.
	 */
	len = key_of("301b02010002012302010302010b020105020107020103020105"
		     "020103");
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_OK);
	der[4] = 1;
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_NOTSUPP);
	der[4] = 2;
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("301c0201000201230201030202010b020105020107020103020105"
		     "020103");
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_BADMSG);
	len = key_of("301b02010002012302010302010b020100020107020103020105"
		     "020103");
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_BADMSG);
	/* otherPrimeInfos after a version 0 key. */
	len = key_of("301e02010002012302010302010b020105020107020103020105"
		     "020103300100");
	CHECK(decode(len, 1) == VIRTIO_CRYPTO_BADMSG);
}

/* A modulus of 513 bytes is well-formed but beyond what we serve. */
static void
test_too_big(void)
{
	uint32_t len = 0, i;

	der[len++] = 0x30;
	der[len++] = 0x82;
	der[len++] = 0x02;
	der[len++] = 0x0a;  /* 4 + 513 + 5 */
	der[len++] = 0x02;
	der[len++] = 0x82;
	der[len++] = 0x02;
	der[len++] = 0x01;
	for (i = 0; i < 513; i++)
		der[len++] = 0x55;
	der[len++] = 0x02;
	der[len++] = 0x03;
	der[len++] = 0x01;
	der[len++] = 0x00;
	der[len++] = 0x01;
	CHECK(decode(len, 0) == VIRTIO_CRYPTO_NOTSUPP);
	/* 512 bytes is ours. */
	der[3] = 0x09;
	der[7] = 0x00;
	memmove(der + 8 + 512, der + 8 + 513, 5);
	CHECK(decode(len - 1, 0) == VIRTIO_CRYPTO_OK);
}

/* Random damage to a good key: refused or read inside the buffer. */
static void
test_mutations(void)
{
	uint32_t len = key_of(wp_sig1024_priv), n, i;
	uint8_t *copy = malloc(len);
	int ok = 1, accepted = 0;

	if (!CHECK(copy != NULL))
		return;
	memcpy(copy, der, len);
	for (n = 0; n < 20000; n++) {
		struct vc_rsa_key k;
		uint32_t cut = len - (uint32_t)(test_rand(&rng_state) % 3);
		uint8_t *buf = malloc(cut);
		int rc;

		memcpy(buf, copy, cut);
		for (i = 0; i < 1 + test_rand(&rng_state) % 4; i++)
			buf[test_rand(&rng_state) % cut] ^=
				(uint8_t)(1u << (test_rand(&rng_state) % 8));
		/* Exact-size copy: a read past it is an ASan report. */
		rc = vc_rsa_key_decode(buf, cut, 1, &k);
		if (rc == VIRTIO_CRYPTO_OK) {
			accepted++;
			ok &= (uint32_t)k.qinv.off + k.qinv.len <= cut &&
			      (uint32_t)k.n.off + k.n.len <= cut;
		} else {
			ok &= rc == VIRTIO_CRYPTO_BADMSG ||
			      rc == VIRTIO_CRYPTO_NOTSUPP;
		}
		free(buf);
	}
	free(copy);
	CHECK(ok);
	printf("mutated keys: %d of 20000 still decode\n", accepted);
}

/*
 * For each hash: OpenSSL signs a digest (adding its own DigestInfo), the
 * public key opens the signature raw, and what comes out must be our EM.
 */
static void
test_emsa(void)
{
	EVP_PKEY *pk = EVP_RSA_gen(1024);
	uint8_t digest[128] = { 0 }, sig[128], em[128], ours[128];
	uint32_t plen, dlen, k = 128, i;

	if (!CHECK(pk != NULL))
		return;
	for (i = 0; i < ARRAY_SIZE(rsa_hashes); i++) {
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
		size_t sl = sizeof(sig), el = sizeof(em);
		uint32_t h = rsa_hashes[i].virtio, t;

		CHECK(vc_rsa_digest_info(h, &plen, &dlen) != NULL);
		test_rand_bytes(&rng_state, digest, dlen);
		CHECK(EVP_PKEY_sign_init(c) == 1 &&
		      EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) == 1 &&
		      EVP_PKEY_CTX_set_signature_md(c,
			EVP_get_digestbyname(rsa_hashes[i].md)) == 1 &&
		      EVP_PKEY_sign(c, sig, &sl, digest, dlen) == 1);
		CHECK(EVP_PKEY_encrypt_init(c) == 1 &&
		      EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) == 1 &&
		      EVP_PKEY_encrypt(c, em, &el, sig, sl) == 1 && el == k);
		EVP_PKEY_CTX_free(c);
		CHECK(vc_emsa_pkcs1_encode(h, digest, dlen, k, 1, ours) == k);
		CHECK(memcmp(ours, em, k) == 0);
		t = vc_emsa_pkcs1_encode(h, digest, dlen, k, 0, ours);
		CHECK(t == plen + dlen && memcmp(ours, em + k - t, t) == 0);
		/* A digest of the wrong length. */
		CHECK(vc_emsa_pkcs1_encode(h, digest, dlen - 1, k, 1,
					   ours) == 0);
		/* The smallest modulus that holds it, and one byte less. */
		CHECK(vc_emsa_pkcs1_encode(h, digest, dlen, plen + dlen + 11, 1,
					   ours) == plen + dlen + 11);
		CHECK(vc_emsa_pkcs1_encode(h, digest, dlen, plen + dlen + 10, 1,
					   ours) == 0);
	}
	EVP_PKEY_free(pk);
	/* No hash: the digest as given, up to k - 11 bytes. */
	CHECK(vc_emsa_pkcs1_encode(VIRTIO_CRYPTO_RSA_NO_HASH, digest, 36, 128,
				   0, ours) == 36);
	CHECK(vc_emsa_pkcs1_encode(VIRTIO_CRYPTO_RSA_NO_HASH, digest, 117,
				   128, 1, ours) == 128);
	CHECK(vc_emsa_pkcs1_encode(VIRTIO_CRYPTO_RSA_NO_HASH, digest, 118,
				   128, 1, ours) == 0);
	CHECK(vc_emsa_pkcs1_encode(VIRTIO_CRYPTO_RSA_NO_HASH, digest, 0, 128,
				   1, ours) == 0);
	CHECK(vc_emsa_pkcs1_encode(VIRTIO_CRYPTO_RSA_SHA256, digest, 32,
				   VC_MAX_RSA_MOD_LEN + 1, 1, ours) == 0);
	/* MD2, MD3, MD4 and ids past the table. */
	CHECK(vc_rsa_digest_info(VIRTIO_CRYPTO_RSA_MD2, &plen, &dlen) == NULL);
	CHECK(vc_rsa_digest_info(VIRTIO_CRYPTO_RSA_MD3, &plen, &dlen) == NULL);
	CHECK(vc_rsa_digest_info(VIRTIO_CRYPTO_RSA_MD4, &plen, &dlen) == NULL);
	CHECK(vc_rsa_digest_info(10, &plen, &dlen) == NULL);
	CHECK(vc_rsa_digest_info(0xffffffff, &plen, &dlen) == NULL);
}

/* ---- Data requests ---- */

static int
data_decode(uint32_t opcode, uint32_t src, uint32_t dst, uint32_t rd,
	    uint32_t wr, struct vc_akcipher_req *r)
{
	static const struct vc_req_limits lim = { .max_data_len = 65535 };
	struct virtio_crypto_op_data_req h;

	memset(&h, 0, sizeof(h));
	h.header.opcode = htole32(opcode);
	h.header.session_id = htole64(0x100000005ULL);
	h.u.akcipher_req.para.src_data_len = htole32(src);
	h.u.akcipher_req.para.dst_data_len = htole32(dst);
	return vc_akcipher_req_decode(&h, rd, wr, &lim, r);
}

static void
test_data(void)
{
	struct vc_akcipher_req r;
	const uint32_t H = sizeof(struct virtio_crypto_op_data_req);

	/* Encrypt, decrypt, sign: src readable, dst and status writable. */
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, 100, 256, H + 100,
			  257, &r) == VIRTIO_CRYPTO_OK);
	CHECK(r.session_id == 0x100000005ULL && r.rd_src == H &&
	      r.src_len == 100 && r.dst_len == 256 && r.wr_need == 257);
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_DECRYPT, 256, 256, H + 255,
			  257, &r) == VIRTIO_CRYPTO_BADMSG);
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_SIGN, 32, 256, H + 32,
			  256, &r) == VIRTIO_CRYPTO_BADMSG);
	/* Verify: signature then digest, both readable; a status only. */
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_VERIFY, 256, 32,
			  H + 256 + 32, 1, &r) == VIRTIO_CRYPTO_OK);
	CHECK(r.rd_src == H && r.rd_digest == H + 256 && r.wr_need == 1);
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_VERIFY, 256, 32,
			  H + 256 + 31, 1, &r) == VIRTIO_CRYPTO_BADMSG);
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_VERIFY, 256, 32,
			  H + 256 + 32, 0, &r) == VIRTIO_CRYPTO_BADMSG);
	/* Lengths past max_size, huge ones that must not wrap. */
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, 65536, 256,
			  UINT32_MAX, UINT32_MAX, &r) == VIRTIO_CRYPTO_BADMSG);
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_VERIFY, 0xffffffff,
			  0xffffffff, UINT32_MAX, 1, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_VERIFY, 65535, 65535,
			  H + 65535, 1, &r) == VIRTIO_CRYPTO_BADMSG);
	/* Not an akcipher opcode; one past them. */
	CHECK(data_decode(VIRTIO_CRYPTO_CIPHER_ENCRYPT, 16, 16, 1000, 1000,
			  &r) == VIRTIO_CRYPTO_NOTSUPP);
	CHECK(data_decode(VIRTIO_CRYPTO_AKCIPHER_VERIFY + 1, 16, 16, 1000,
			  1000, &r) == VIRTIO_CRYPTO_NOTSUPP);
}

int
main(void)
{
	test_keys();
	test_malformed();
	test_too_big();
	test_mutations();
	test_emsa();
	test_data();
	return test_summary();
}
