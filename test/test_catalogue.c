/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The symmetric algorithm catalogue on one PMD, row by row. The config
 * space must advertise exactly the (service, algorithm) rows expected of
 * the PMD; each advertised row must pass known answers from its public
 * source (each vector below names it) and, where OpenSSL has the
 * algorithm, random inputs against OpenSSL; ciphers and chains over both
 * session paths; every bit not advertised gets NOTSUPP; wrong lengths,
 * opcodes, services and sessions get their error status. Ends with one
 * ROW line per catalogue entry saying what was checked.
 *
 * Usage: test_catalogue BACKEND_EXE PMD [LAUNCHER_OPTION...]
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ossl_ref.h"
#include "svc_guest.h"
#include "vectors_rsa.h"

#define CIPHER VIRTIO_CRYPTO_SERVICE_CIPHER
#define HASH VIRTIO_CRYPTO_SERVICE_HASH
#define MAC VIRTIO_CRYPTO_SERVICE_MAC
#define AEAD VIRTIO_CRYPTO_SERVICE_AEAD
#define B(x) (1ULL << VIRTIO_CRYPTO_ ## x)

static struct backend be;
static uint64_t rng_state = 0x3c6ef372fe94f82bULL;

static uint32_t
rnd(uint32_t n)
{
	return (uint32_t)(test_rand(&rng_state) % n);
}

static void
rnd_bytes(uint8_t *p, size_t n)
{
	test_rand_bytes(&rng_state, p, n);
}

/* ---- What each PMD must advertise, and how far its lengths go ---- */

static const struct pmd_rows {
	const char *pmd;
	uint64_t cipher, hash, mac, aead;
	uint32_t max_cipher_key, max_auth_key;
	uint8_t trunc_hash;      /* plain digests may be truncated */
	uint8_t short_gcm_tag;   /* GCM tags under 16 bytes */
	uint8_t rsa;             /* akcipher RSA (test_akcipher runs it) */
} pmds[] = {
	{ "crypto_aesni_mb",
	  B(NO_CIPHER) | B(CIPHER_AES_ECB) | B(CIPHER_AES_CBC) |
	  B(CIPHER_AES_CTR) | B(CIPHER_DES_CBC) | B(CIPHER_3DES_CBC) |
	  B(CIPHER_KASUMI_F8) | B(CIPHER_SNOW3G_UEA2) | B(CIPHER_ZUC_EEA3),
	  B(HASH_SHA1) | B(HASH_SHA_224) | B(HASH_SHA_256) |
	  B(HASH_SHA_384) | B(HASH_SHA_512),
	  B(MAC_HMAC_MD5) | B(MAC_HMAC_SHA1) | B(MAC_HMAC_SHA_224) |
	  B(MAC_HMAC_SHA_256) | B(MAC_HMAC_SHA_384) | B(MAC_HMAC_SHA_512) |
	  B(MAC_CMAC_AES) | B(MAC_KASUMI_F9) | B(MAC_XCBC_AES),
	  B(AEAD_GCM) | B(AEAD_CCM) | B(AEAD_CHACHA20_POLY1305),
	  32, 512, 1, 1 },
	{ "crypto_openssl",
	  B(CIPHER_AES_CBC) | B(CIPHER_AES_CTR) | B(CIPHER_DES_CBC) |
	  B(CIPHER_3DES_CBC) | B(CIPHER_3DES_CTR),
	  B(HASH_MD5) | B(HASH_SHA1) | B(HASH_SHA_224) | B(HASH_SHA_256) |
	  B(HASH_SHA_384) | B(HASH_SHA_512),
	  B(MAC_HMAC_MD5) | B(MAC_HMAC_SHA1) | B(MAC_HMAC_SHA_224) |
	  B(MAC_HMAC_SHA_256) | B(MAC_HMAC_SHA_384) | B(MAC_HMAC_SHA_512) |
	  B(MAC_CMAC_AES),
	  B(AEAD_GCM) | B(AEAD_CCM),
	  32, 128, 0, 0, 1 },
	{ "crypto_aesni_gcm", 0, 0, 0, B(AEAD_GCM), 0, 0, 0, 1 },
	{ "crypto_chacha20_poly1305", 0, 0, 0, B(AEAD_CHACHA20_POLY1305),
	  0, 0, 0, 0 },
	{ "crypto_snow3g", B(CIPHER_SNOW3G_UEA2), 0, 0, 0, 16, 0, 0, 0 },
	{ "crypto_kasumi", B(CIPHER_KASUMI_F8), 0, B(MAC_KASUMI_F9), 0,
	  16, 16, 0, 0 },
	{ "crypto_zuc", B(CIPHER_ZUC_EEA3), 0, 0, 0, 16, 0, 0, 0 },
};

static const struct pmd_rows *pmd;

/* ---- Every algorithm virtio names: the lengths a session takes ---- */

static const struct algo {
	uint8_t service;
	uint8_t id;
	const char *name;
	uint8_t key_len;     /* a key length the algorithm has */
	uint8_t iv_len;      /* CIPHER, AEAD: what each request carries */
	uint8_t block;       /* CIPHER: data is whole blocks of this */
	uint8_t digest_len;  /* HASH, MAC: full digest; AEAD: tag */
} algos[] = {
	{ CIPHER, VIRTIO_CRYPTO_NO_CIPHER, "NULL", 0, 0, 1, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_ARC4, "ARC4", 16, 0, 1, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_ECB, "AES_ECB", 16, 0, 16, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CBC, "AES_CBC", 16, 16, 16, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CTR, "AES_CTR", 16, 16, 1, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_DES_ECB, "DES_ECB", 8, 0, 8, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_DES_CBC, "DES_CBC", 8, 8, 8, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_3DES_ECB, "3DES_ECB", 24, 0, 8, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_3DES_CBC, "3DES_CBC", 24, 8, 8, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_3DES_CTR, "3DES_CTR", 24, 8, 1, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_KASUMI_F8, "KASUMI_F8", 16, 8, 1, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_SNOW3G_UEA2, "SNOW3G_UEA2", 16, 16, 1,
	  0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_F8, "AES_F8", 16, 16, 1, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_XTS, "AES_XTS", 32, 16, 16, 0 },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_ZUC_EEA3, "ZUC_EEA3", 16, 16, 1, 0 },
	{ HASH, VIRTIO_CRYPTO_HASH_MD5, "MD5", 0, 0, 0, 16 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA1, "SHA1", 0, 0, 0, 20 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_224, "SHA_224", 0, 0, 0, 28 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_256, "SHA_256", 0, 0, 0, 32 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_384, "SHA_384", 0, 0, 0, 48 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_512, "SHA_512", 0, 0, 0, 64 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA3_224, "SHA3_224", 0, 0, 0, 28 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA3_256, "SHA3_256", 0, 0, 0, 32 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA3_384, "SHA3_384", 0, 0, 0, 48 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA3_512, "SHA3_512", 0, 0, 0, 64 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA3_SHAKE128, "SHAKE128", 0, 0, 0, 16 },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA3_SHAKE256, "SHAKE256", 0, 0, 0, 32 },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_MD5, "HMAC_MD5", 16, 0, 0, 16 },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA1, "HMAC_SHA1", 20, 0, 0, 20 },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_224, "HMAC_SHA_224", 28, 0, 0, 28 },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_256, "HMAC_SHA_256", 32, 0, 0, 32 },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_384, "HMAC_SHA_384", 48, 0, 0, 48 },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_512, "HMAC_SHA_512", 64, 0, 0, 64 },
	{ MAC, VIRTIO_CRYPTO_MAC_CMAC_3DES, "CMAC_3DES", 24, 0, 0, 8 },
	{ MAC, VIRTIO_CRYPTO_MAC_CMAC_AES, "CMAC_AES", 16, 0, 0, 16 },
	{ MAC, VIRTIO_CRYPTO_MAC_KASUMI_F9, "KASUMI_F9", 16, 0, 0, 4 },
	{ MAC, VIRTIO_CRYPTO_MAC_SNOW3G_UIA2, "SNOW3G_UIA2", 16, 0, 0, 4 },
	{ MAC, VIRTIO_CRYPTO_MAC_GMAC_AES, "GMAC_AES", 16, 0, 0, 16 },
	{ MAC, VIRTIO_CRYPTO_MAC_GMAC_TWOFISH, "GMAC_TWOFISH", 16, 0, 0, 16 },
	{ MAC, VIRTIO_CRYPTO_MAC_CBCMAC_AES, "CBCMAC_AES", 16, 0, 0, 16 },
	{ MAC, VIRTIO_CRYPTO_MAC_CBCMAC_KASUMI_F9, "CBCMAC_KASUMI_F9", 16, 0,
	  0, 4 },
	{ MAC, VIRTIO_CRYPTO_MAC_XCBC_AES, "XCBC_AES", 16, 0, 0, 12 },
	{ AEAD, VIRTIO_CRYPTO_AEAD_GCM, "GCM", 16, 12, 0, 16 },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CCM, "CCM", 16, 13, 0, 16 },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, "CHACHA20_POLY1305", 32,
	  12, 0, 16 },
};

static const struct algo *
algo_of(uint32_t service, uint32_t id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algos); i++)
		if (algos[i].service == service && algos[i].id == id)
			return &algos[i];
	return NULL;
}

static const char *const svc_names[] = { "CIPHER", "HASH", "MAC", "AEAD" };

/* The config space as read at start: bit n of adv[service] is algo n. */
static uint64_t adv[4];

static int
advertised(uint32_t service, uint32_t id)
{
	return id < 64 && (adv[service] >> id) & 1;
}

/* What was checked per row, for the closing table. */
static struct row {
	unsigned int kat;            /* known answers passed */
	unsigned int rnd;            /* random rounds matching OpenSSL */
	const char *src[8];          /* sources of those answers */
	unsigned int nsrc;
	uint8_t has_ref;             /* OpenSSL has the algorithm */
} rows[4][64];

static void
row_kat(uint32_t service, uint32_t id, const char *src)
{
	struct row *r = &rows[service][id];
	unsigned int i;

	r->kat++;
	for (i = 0; i < r->nsrc; i++)
		if (strcmp(r->src[i], src) == 0)
			return;
	if (r->nsrc < ARRAY_SIZE(r->src))
		r->src[r->nsrc++] = src;
}

/* ---- Known answers ---- */

/* How a row's inputs follow from the published example it names. */
enum derive {
	AS_GIVEN,
	/*
	 * From an ECB example (P, C) of a 64-bit block cipher: CBC with a
	 * zero IV over P'(i) = P(i) xor C(i - 1) gives C again.
	 */
	CBC_OF_ECB,
	/* The same: counter block P(0) over a zero block gives C(0). */
	CTR_OF_ECB,
};

struct kat {
	uint8_t service;
	uint8_t algo;
	uint8_t derive;          /* enum derive */
	uint8_t tag_len;         /* AEAD */
	const char *src;         /* where the answer is published */
	const char *key;         /* hex, like all but text */
	const char *iv;          /* cipher IV, AEAD nonce */
	const char *aad;
	const char *in;
	const char *text;        /* the input as text, if not in */
	/* cipher: C; HASH, MAC: the digest (its length the session's); AEAD:
	 * C || T.
	 */
	const char *out;
};

#define M448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define M896 "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn" \
	"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
#define SP38A_P "6bc1bee22e409f96e93d7e117393172a" \
	"ae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52ef" \
	"f69f2445df4f9b17ad2b417be66c3710"
#define SP38A_K128 "2b7e151628aed2a6abf7158809cf4f3c"
#define SP38A_K192 "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"
#define SP38A_K256 \
	"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
#define SP38A_CTR "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
#define SP38A_IV "000102030405060708090a0b0c0d0e0f"
/* SP 800-67 Rev. 1 Appendix B: the TDEA example ("The qufck..." sic). */
#define SP67_K "0123456789abcdef23456789abcdef01456789abcdef0123"
#define SP67_P "5468652071756663" "6b2062726f776e20" "666f78206a756d70"
#define SP67_C "a826fd8ce53b855f" "cce21c8112256fe6" "68d5c05dd9b6b900"
/* The 3GPP sets 2 of KASUMI f8 and UEA2 share key, IV and plaintext. */
#define F8_2_K "efa8b2229e720c2a7c36ea55e9605695"
#define F8_2_P "10111231e060253a43fd3f57e37607ab2827b599b6b1bbda37a8abcc" \
	"5a8c550d1bfb2f494624fb50367fa36ce3bc68f11cf93b1510376b02" \
	"130f812a9fa169"
/* ... and so do sets 1 and 3, the ZUC sets not. */
#define F8_1_K "2bd6459f82c5b300952c49104881ff48"
#define F8_1_P "7ec61272743bf1614726446a6c38ced166f6ca76eb5430044286346c" \
	"ef130f92922b03450d3a9975e5bd2ea0eb55ad8e1b199e3ec4316020" \
	"e9a1b285e762795359b7bdfd39bef4b2484583d5afe082aee638bf5f" \
	"d5a606193901a08f4ab41aab9b1348"
#define F8_3_K "5acb1d644c0d51204ea5f1451010d852"
#define F8_3_P "ad9c441f890b38c457a49d421407e8"
#define GCM_K "feffe9928665731c6d6a8f9467308308"
#define GCM_IV "cafebabefacedbaddecaf888"
#define GCM_P4 \
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_A4 "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define CCM_K "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
#define XCBC_K "000102030405060708090a0b0c0d0e0f"
#define K0B16 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
#define K0B20 K0B16 "0b0b0b0b"
#define K0C16 "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c"
#define K0C20 K0C16 "0c0c0c0c"
#define JEFE "4a656665"
#define TC2_TEXT "what do ya want for nothing?"
#define TC5_TEXT "Test With Truncation"

static const struct kat kats[] = {
	/* ---- ciphers ---- */
	{ CIPHER, VIRTIO_CRYPTO_NO_CIPHER, AS_GIVEN, 0,
	  "definition (the null cipher's output is its input)", "", "", NULL,
	  SP38A_P, NULL, SP38A_P },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_ECB, AS_GIVEN, 0,
	  "NIST SP 800-38A F.1.1/F.1.2", SP38A_K128, "", NULL, SP38A_P, NULL,
	  "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
	  "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_ECB, AS_GIVEN, 0,
	  "NIST SP 800-38A F.1.3/F.1.4", SP38A_K192, "", NULL, SP38A_P, NULL,
	  "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eef"
	  "ef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_ECB, AS_GIVEN, 0,
	  "NIST SP 800-38A F.1.5/F.1.6", SP38A_K256, "", NULL, SP38A_P, NULL,
	  "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
	  "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CBC, AS_GIVEN, 0,
	  "NIST SP 800-38A F.2.1/F.2.2", SP38A_K128, SP38A_IV, NULL, SP38A_P,
	  NULL,
	  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	  "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CBC, AS_GIVEN, 0,
	  "NIST SP 800-38A F.2.3/F.2.4", SP38A_K192, SP38A_IV, NULL, SP38A_P,
	  NULL,
	  "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
	  "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CBC, AS_GIVEN, 0,
	  "NIST SP 800-38A F.2.5/F.2.6", SP38A_K256, SP38A_IV, NULL, SP38A_P,
	  NULL,
	  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CTR, AS_GIVEN, 0,
	  "NIST SP 800-38A F.5.1/F.5.2", SP38A_K128, SP38A_CTR, NULL, SP38A_P,
	  NULL,
	  "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
	  "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee" },
	/* Counter mode of 23 bytes: the first 23 of F.5.1's. */
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CTR, AS_GIVEN, 0,
	  "NIST SP 800-38A F.5.1/F.5.2", SP38A_K128, SP38A_CTR, NULL,
	  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac", NULL,
	  "874d6191b620e3261bef6864990db6ce9806f66b7970fd" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CTR, AS_GIVEN, 0,
	  "NIST SP 800-38A F.5.3/F.5.4", SP38A_K192, SP38A_CTR, NULL, SP38A_P,
	  NULL,
	  "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e94"
	  "1e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CTR, AS_GIVEN, 0,
	  "NIST SP 800-38A F.5.5/F.5.6", SP38A_K256, SP38A_CTR, NULL, SP38A_P,
	  NULL,
	  "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
	  "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_DES_CBC, AS_GIVEN, 0,
	  "FIPS 81 Appendix C (CBC example)", "0123456789abcdef",
	  "1234567890abcdef", NULL, NULL, "Now is the time for all ",
	  "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_3DES_CBC, CBC_OF_ECB, 0,
	  "NIST SP 800-67 Rev. 1 Appendix B", SP67_K, NULL, NULL, SP67_P, NULL,
	  SP67_C },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_3DES_CTR, CTR_OF_ECB, 0,
	  "NIST SP 800-67 Rev. 1 Appendix B", SP67_K, NULL, NULL, SP67_P, NULL,
	  SP67_C },
	/*
	 * 3GPP: IV = COUNT || BEARER << 3 | DIRECTION << 2 || 0 0 0, twice
	 * for UEA2 and EEA3. Sets of bit lengths that are not whole bytes
	 * are checked over their whole bytes (a stream cipher's prefix).
	 */
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_KASUMI_F8, AS_GIVEN, 0,
	  "3GPP TS 35.203 f8 test set 3", F8_3_K, "fa556b261c000000", NULL,
	  F8_3_P, NULL, "9bc92ca803c67b28a11a4bee5a0c25" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_KASUMI_F8, AS_GIVEN, 0,
	  "3GPP TS 35.203 f8 test set 1 (792 of 798 bits)", F8_1_K,
	  "72a4f20f64000000", NULL, F8_1_P, NULL,
	  "d1e2de70eef86c6964fb542bc2d460aabfaa10a4a093262b7d199e70"
	  "6fc2d4891553296910f3a973012682e41c4e2b02be2017b7253bbf93"
	  "09de5819cb42e81956f4c99bc9765caf53b1d0bb8279826adbbc5522"
	  "e915c120a618a5a7f5e89708933965" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_KASUMI_F8, AS_GIVEN, 0,
	  "3GPP TS 35.203 f8 test set 2 (504 of 510 bits)", F8_2_K,
	  "e28bcf7bc0000000", NULL, F8_2_P, NULL,
	  "3deacc7c15821caa89eecade9b5bd3614bd0c8419d710385ddbe5849"
	  "ef1bac5ae8b14a5b0a6741521eb4e00bb9ecf3e9f7ccb9cae74152d7"
	  "f4e2a034b6ea00" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_SNOW3G_UEA2, AS_GIVEN, 0,
	  "ETSI/SAGE UEA2&UIA2 Doc. 3 (3GPP TS 35.217) UEA2 test set 3",
	  F8_3_K, "fa556b261c000000fa556b261c000000", NULL, F8_3_P, NULL,
	  "ba0f31300334c56b52a7497cbac046" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_SNOW3G_UEA2, AS_GIVEN, 0,
	  "ETSI/SAGE UEA2&UIA2 Doc. 3 (3GPP TS 35.217) UEA2 test set 1 "
	  "(792 of 798 bits)", F8_1_K, "72a4f20f6400000072a4f20f64000000",
	  NULL, F8_1_P, NULL,
	  "8ceba62943dced3a0990b06ea1b0a2c4fb3cedc71b369f42ba64c1eb"
	  "6665e72aa1c9bb0deaa20fe86058b8baee2c2e7f0becce48b52932a5"
	  "3c9d5f931a3a7c532259af4325e2a65e3084ad5f6a513b7bddc1b65f"
	  "0aa0d97a053db55a88c4c4f9605e41" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_SNOW3G_UEA2, AS_GIVEN, 0,
	  "ETSI/SAGE UEA2&UIA2 Doc. 3 (3GPP TS 35.217) UEA2 test set 2 "
	  "(504 of 510 bits)", F8_2_K, "e28bcf7bc0000000e28bcf7bc0000000",
	  NULL, F8_2_P, NULL,
	  "e0da15ca8e2554f5e56c9468dc6c7c129c568aa5032317e04e072964"
	  "6cabefa689864c410f24f919e61e3dfdfad77e560db0a9cd36c34ae4"
	  "181490b29f5fa2" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_ZUC_EEA3, AS_GIVEN, 0,
	  "ETSI/SAGE EEA3&EIA3 Doc. 3 (3GPP TS 35.223) EEA3 test set 2",
	  "e5bd3ea0eb55ade866c6ac58bd54302a",
	  "00056823c400000000056823c4000000", NULL,
	  "14a8ef693d678507bbe7270a7f67ff5006c3525b9807e467c4e56000"
	  "ba338f5d429559036751822246c80d3b38f07f4be2d8ff5805f51322"
	  "29bde93bbbdcaf382bf1ee972fbf9977bada8945847a2a6c9ad34a66"
	  "7554e04d1f7fa2c33241bd8f01ba220d", NULL,
	  "131d43e0dea1be5c5a1bfd971d852cbf712d7b4f57961fea3208afa8"
	  "bca433f456ad09c7417e58bc69cf8866d1353f74865e80781d202dfb"
	  "3ecff7fcbc3b190fe82a204ed0e350fc0f6f2613b2f2bca6df5a473a"
	  "57a4a00d985ebad880d6f23864a07b01" },
	{ CIPHER, VIRTIO_CRYPTO_CIPHER_ZUC_EEA3, AS_GIVEN, 0,
	  "ETSI/SAGE EEA3&EIA3 Doc. 3 (3GPP TS 35.223) EEA3 test set 1 "
	  "(192 of 193 bits)", "173d14ba5003731d7a60049470f00a29",
	  "66035492780000006603549278000000", NULL,
	  "6cf65340735552ab0c9752fa6f9025fe0bd675d9005875b2", NULL,
	  "a6c85fc66afb8533aafc2518dfe784940ee1e4b030238cc8" },
	/* ---- hashes ---- */
	{ HASH, VIRTIO_CRYPTO_HASH_MD5, AS_GIVEN, 0, "RFC 1321 A.5", NULL,
	  NULL, NULL, NULL, "a", "0cc175b9c0f1b6a831c399e269772661" },
	{ HASH, VIRTIO_CRYPTO_HASH_MD5, AS_GIVEN, 0, "RFC 1321 A.5", NULL,
	  NULL, NULL, NULL, "abc", "900150983cd24fb0d6963f7d28e17f72" },
	{ HASH, VIRTIO_CRYPTO_HASH_MD5, AS_GIVEN, 0, "RFC 1321 A.5", NULL,
	  NULL, NULL, NULL, "message digest",
	  "f96b697d7cb7938d525a2f31aaf161d0" },
	{ HASH, VIRTIO_CRYPTO_HASH_MD5, AS_GIVEN, 0, "RFC 1321 A.5", NULL,
	  NULL, NULL, NULL, "1234567890123456789012345678901234567890"
	  "1234567890123456789012345678901234567890",
	  "57edf4a22be3c955ac49da2e2107b67a" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA1, AS_GIVEN, 0, "FIPS 180-2 A.1", NULL,
	  NULL, NULL, NULL, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA1, AS_GIVEN, 0, "FIPS 180-2 A.2", NULL,
	  NULL, NULL, NULL, M448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_224, AS_GIVEN, 0,
	  "FIPS 180-2 Change Notice 1, SHA-224 example 1", NULL, NULL, NULL,
	  NULL, "abc",
	  "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_224, AS_GIVEN, 0,
	  "FIPS 180-2 Change Notice 1, SHA-224 example 2", NULL, NULL, NULL,
	  NULL, M448,
	  "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_256, AS_GIVEN, 0, "FIPS 180-2 B.1",
	  NULL, NULL, NULL, NULL, "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_256, AS_GIVEN, 0, "FIPS 180-2 B.2",
	  NULL, NULL, NULL, NULL, M448,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_384, AS_GIVEN, 0, "FIPS 180-2 D.1",
	  NULL, NULL, NULL, NULL, "abc",
	  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
	  "8086072ba1e7cc2358baeca134c825a7" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_384, AS_GIVEN, 0, "FIPS 180-2 D.2",
	  NULL, NULL, NULL, NULL, M896,
	  "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
	  "fcc7c71a557e2db966c3e9fa91746039" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_512, AS_GIVEN, 0, "FIPS 180-2 C.1",
	  NULL, NULL, NULL, NULL, "abc",
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	{ HASH, VIRTIO_CRYPTO_HASH_SHA_512, AS_GIVEN, 0, "FIPS 180-2 C.2",
	  NULL, NULL, NULL, NULL, M896,
	  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
	  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909" },
	/* ---- MACs; a shorter answer is a truncated digest ---- */
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_MD5, AS_GIVEN, 0,
	  "RFC 2202 HMAC-MD5 test case 1", K0B16, NULL, NULL, NULL, "Hi There",
	  "9294727a3638bb1c13f48ef8158bfc9d" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_MD5, AS_GIVEN, 0,
	  "RFC 2202 HMAC-MD5 test case 2", JEFE, NULL, NULL, NULL, TC2_TEXT,
	  "750c783e6ab0b503eaa86e310a5db738" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_MD5, AS_GIVEN, 0,
	  "RFC 2202 HMAC-MD5 test case 5 (HMAC-MD5-96)", K0C16, NULL, NULL,
	  NULL, TC5_TEXT, "56461ef2342edc00f9bab995" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA1, AS_GIVEN, 0,
	  "RFC 2202 HMAC-SHA-1 test case 1", K0B20, NULL, NULL, NULL,
	  "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA1, AS_GIVEN, 0,
	  "RFC 2202 HMAC-SHA-1 test case 2", JEFE, NULL, NULL, NULL, TC2_TEXT,
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA1, AS_GIVEN, 0,
	  "RFC 2202 HMAC-SHA-1 test case 5 (HMAC-SHA-1-96)", K0C20, NULL, NULL,
	  NULL, TC5_TEXT, "4c1a03424b55e07fe7f27be1" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_224, AS_GIVEN, 0,
	  "RFC 4231 test case 1", K0B20, NULL, NULL, NULL, "Hi There",
	  "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_224, AS_GIVEN, 0,
	  "RFC 4231 test case 2", JEFE, NULL, NULL, NULL, TC2_TEXT,
	  "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_224, AS_GIVEN, 0,
	  "RFC 4231 test case 5 (128 bits)", K0C20, NULL, NULL, NULL, TC5_TEXT,
	  "0e2aea68a90c8d37c988bcdb9fca6fa8" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_256, AS_GIVEN, 0,
	  "RFC 4231 test case 1", K0B20, NULL, NULL, NULL, "Hi There",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_256, AS_GIVEN, 0,
	  "RFC 4231 test case 2", JEFE, NULL, NULL, NULL, TC2_TEXT,
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_256, AS_GIVEN, 0,
	  "RFC 4231 test case 5 (128 bits)", K0C20, NULL, NULL, NULL, TC5_TEXT,
	  "a3b6167473100ee06e0c796c2955552b" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_384, AS_GIVEN, 0,
	  "RFC 4231 test case 1", K0B20, NULL, NULL, NULL, "Hi There",
	  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	  "faea9ea9076ede7f4af152e8b2fa9cb6" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_384, AS_GIVEN, 0,
	  "RFC 4231 test case 2", JEFE, NULL, NULL, NULL, TC2_TEXT,
	  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	  "8e2240ca5e69e2c78b3239ecfab21649" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_384, AS_GIVEN, 0,
	  "RFC 4231 test case 5 (128 bits)", K0C20, NULL, NULL, NULL, TC5_TEXT,
	  "3abf34c3503b2a23a46efc619baef897" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_512, AS_GIVEN, 0,
	  "RFC 4231 test case 1", K0B20, NULL, NULL, NULL, "Hi There",
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_512, AS_GIVEN, 0,
	  "RFC 4231 test case 2", JEFE, NULL, NULL, NULL, TC2_TEXT,
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_512, AS_GIVEN, 0,
	  "RFC 4231 test case 5 (128 bits)", K0C20, NULL, NULL, NULL, TC5_TEXT,
	  "415fad6271580a531d4179bc891d87a6" },
	{ MAC, VIRTIO_CRYPTO_MAC_CMAC_AES, AS_GIVEN, 0,
	  "RFC 4493 example 2", SP38A_K128, NULL, NULL,
	  "6bc1bee22e409f96e93d7e117393172a", NULL,
	  "070a16b46b4d4144f79bdd9dd04a287c" },
	{ MAC, VIRTIO_CRYPTO_MAC_CMAC_AES, AS_GIVEN, 0,
	  "RFC 4493 example 3", SP38A_K128, NULL, NULL,
	  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	  "30c81c46a35ce411", NULL, "dfa66747de9ae63030ca32611497c827" },
	{ MAC, VIRTIO_CRYPTO_MAC_CMAC_AES, AS_GIVEN, 0,
	  "RFC 4493 example 4", SP38A_K128, NULL, NULL, SP38A_P, NULL,
	  "51f0bebf7e3b9d92fc49741779363cfe" },
	/* AES-XCBC-MAC-96, as the PMD computes it for IPsec (RFC 3566 4.6). */
	{ MAC, VIRTIO_CRYPTO_MAC_XCBC_AES, AS_GIVEN, 0,
	  "RFC 3566 test case 2", XCBC_K, NULL, NULL, "000102", NULL,
	  "5b376580ae2f19afe7219cee" },
	{ MAC, VIRTIO_CRYPTO_MAC_XCBC_AES, AS_GIVEN, 0,
	  "RFC 3566 test case 3", XCBC_K, NULL, NULL,
	  "000102030405060708090a0b0c0d0e0f", NULL,
	  "d2a246fa349b68a79998a439" },
	{ MAC, VIRTIO_CRYPTO_MAC_XCBC_AES, AS_GIVEN, 0,
	  "RFC 3566 test case 4", XCBC_K, NULL, NULL,
	  "000102030405060708090a0b0c0d0e0f10111213", NULL,
	  "47f51b4564966215b8985c63" },
	{ MAC, VIRTIO_CRYPTO_MAC_XCBC_AES, AS_GIVEN, 0,
	  "RFC 3566 test case 5", XCBC_K, NULL, NULL,
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	  NULL, "f54f0ec8d2b9f3d36807734b" },
	{ MAC, VIRTIO_CRYPTO_MAC_XCBC_AES, AS_GIVEN, 0,
	  "RFC 3566 test case 6", XCBC_K, NULL, NULL,
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "2021", NULL, "becbb3bccdb518a30677d548" },
	/* The source is COUNT || FRESH || MESSAGE || DIRECTION || 1 || 0*. */
	{ MAC, VIRTIO_CRYPTO_MAC_KASUMI_F9, AS_GIVEN, 0,
	  "3GPP TS 35.203 f9 test set 1", F8_1_K, NULL, NULL,
	  "38a6f05605d2ec496b227737296f393c8079353edc87e2e805d2ec49"
	  "a4f2d8e2", NULL, "f63bd72c" },
	{ MAC, VIRTIO_CRYPTO_MAC_KASUMI_F9, AS_GIVEN, 0,
	  "3GPP TS 35.203 f9 test set 2", "d42f682428201cafcd9f97945e6de7b7",
	  NULL, NULL,
	  "3edc87e2a4f2d8e2b5924384328a4ae00b737109f8b6c8dd2b4db63d"
	  "d533981ceb19aad52a5b2bc3", NULL, "a9daf1ff" },
	{ MAC, VIRTIO_CRYPTO_MAC_KASUMI_F9, AS_GIVEN, 0,
	  "3GPP TS 35.203 f9 test set 3", "fdb9cfdf28936cc483a31869d81b8fab",
	  NULL, NULL,
	  "36af61449838f03a5932bc0ace2b0aba33d8ac188ac54f346fad10bf"
	  "9dee2920b43bd0c53a915cb7df6caa72053abff38000000000000000", NULL,
	  "1537d316" },
	{ MAC, VIRTIO_CRYPTO_MAC_KASUMI_F9, AS_GIVEN, 0,
	  "3GPP TS 35.203 f9 test set 4", "c736c6aab22bfff91e2698d2e22ad57e",
	  NULL, NULL,
	  "14793e410397e8fdd0a7d463df9fb2b278833fa02e235aa172bd970c"
	  "1473e12907fb648b6599aaa0b24a038665422b20a499276a50427009"
	  "c000000000000000", NULL, "dd7dfadd" },
	/* ---- AEAD: the answer is C || T ---- */
	{ AEAD, VIRTIO_CRYPTO_AEAD_GCM, AS_GIVEN, 16,
	  "McGrew-Viega GCM test case 2", "00000000000000000000000000000000",
	  "000000000000000000000000", "", "00000000000000000000000000000000",
	  NULL,
	  "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_GCM, AS_GIVEN, 16,
	  "McGrew-Viega GCM test case 3", GCM_K, GCM_IV, "",
	  GCM_P4 "1aafd255", NULL,
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
	  "4d5c2af327cd64a62cf35abd2ba6fab4" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_GCM, AS_GIVEN, 16,
	  "McGrew-Viega GCM test case 4", GCM_K, GCM_IV, GCM_A4, GCM_P4, NULL,
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
	  "5bc94fbc3221a5db94fae95ae7121a47" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_GCM, AS_GIVEN, 16,
	  "McGrew-Viega GCM test case 10", GCM_K "feffe9928665731c", GCM_IV,
	  GCM_A4, GCM_P4, NULL,
	  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
	  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710"
	  "2519498e80f1478f37ba55bd6d27618c" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_GCM, AS_GIVEN, 16,
	  "McGrew-Viega GCM test case 16", GCM_K GCM_K, GCM_IV, GCM_A4, GCM_P4,
	  NULL,
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
	  "76fc6ece0f4e1768cddf8853bb2d551b" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CCM, AS_GIVEN, 8,
	  "RFC 3610 packet vector #1", CCM_K, "00000003020100a0a1a2a3a4a5",
	  "0001020304050607",
	  "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e", NULL,
	  "588c979a61c663d2f066d0c2c0f989806d5f6b61dac384" "17e8d12cfdf926e0" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CCM, AS_GIVEN, 8,
	  "RFC 3610 packet vector #2", CCM_K, "00000004030201a0a1a2a3a4a5",
	  "0001020304050607",
	  "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", NULL,
	  "72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3b"
	  "a091d56e10400916" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CCM, AS_GIVEN, 8,
	  "RFC 3610 packet vector #3", CCM_K, "00000005040302a0a1a2a3a4a5",
	  "0001020304050607",
	  "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", NULL,
	  "51b1e5f44a197d1da46b0f8e2d282ae871e838bb64da859657"
	  "4adaa76fbd9fb0c5" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CCM, AS_GIVEN, 8,
	  "RFC 3610 packet vector #4", CCM_K, "00000006050403a0a1a2a3a4a5",
	  "000102030405060708090a0b",
	  "0c0d0e0f101112131415161718191a1b1c1d1e", NULL,
	  "a28c6865939a9a79faaa5c4c2a9d4a91cdac8c" "96c861b9c9e61ef1" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CCM, AS_GIVEN, 10,
	  "RFC 3610 packet vector #7", CCM_K, "00000009080706a0a1a2a3a4a5",
	  "0001020304050607",
	  "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e", NULL,
	  "0135d1b2c95f41d5d1d4fec185d166b8094e999dfed96c"
	  "048c56602c97acbb7490" },
	{ AEAD, VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, AS_GIVEN, 16,
	  "RFC 8439 2.8.2",
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
	  "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7", NULL,
	  "Ladies and Gentlemen of the class of '99: If I could offer you "
	  "only one tip for the future, sunscreen would be it.",
	  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	  "3ff4def08e4b7a9de576d26586cec64b6116"
	  "1ae10b594f09e26a7e902ecbd0600691" },
};

/* A vector in binary. */
struct kbin {
	uint8_t key[64], iv[16], aad[64], in[256], out[272];
	uint32_t kl, ivl, al, n, outl;
};

static void
kat_decode(const struct kat *k, struct kbin *b)
{
	uint32_t i;

	memset(b, 0, sizeof(*b));
	b->kl = k->key ? (uint32_t)hex2bin(k->key, b->key, sizeof(b->key)) : 0;
	b->ivl = k->iv ? (uint32_t)hex2bin(k->iv, b->iv, sizeof(b->iv)) : 0;
	b->al = k->aad ? (uint32_t)hex2bin(k->aad, b->aad, sizeof(b->aad)) : 0;
	if (k->text != NULL) {
		b->n = (uint32_t)strlen(k->text);
		memcpy(b->in, k->text, b->n);
	} else {
		b->n = (uint32_t)hex2bin(k->in, b->in, sizeof(b->in));
	}
	b->outl = (uint32_t)hex2bin(k->out, b->out, sizeof(b->out));
	if (k->derive == CBC_OF_ECB) {
		b->ivl = 8;
		for (i = b->n; i-- > 8;)
			b->in[i] ^= b->out[i - 8];
	} else if (k->derive == CTR_OF_ECB) {
		b->ivl = 8;
		memcpy(b->iv, b->in, 8);
		memset(b->in, 0, 8);
		b->n = b->outl = 8;
	}
}

/* A cipher session on either path; 0 or -1 (a failed CHECK). */
static int
cipher_session(struct sguest *g, int vhost, uint32_t algo,
	       const uint8_t *key, uint32_t kl, int encrypt, uint64_t *sid)
{
	if (vhost)
		return CHECK(sguest_vhost_cipher(g, algo, key, kl, encrypt,
						 sid) == 0) ? 0 : -1;
	return CHECK(sguest_ctrl_cipher(g, algo, key, kl, encrypt, sid) ==
		     VIRTIO_CRYPTO_OK) ? 0 : -1;
}

static void
cipher_close(struct sguest *g, int vhost, uint64_t sid)
{
	if (vhost)
		CHECK(vu_session_destroy(g->dev, (int64_t)sid) == 0);
	else
		CHECK(sguest_ctrl_destroy(g, CIPHER, sid) ==
		      VIRTIO_CRYPTO_OK);
}

/*
 * @p in through an encrypting session gives @p out, and back through a
 * decrypting one, the length written as said and nothing past it.
 */
static int
cipher_both_ways(struct sguest *g, int vhost, uint32_t algo,
		 const uint8_t *key, uint32_t kl, const uint8_t *iv,
		 uint32_t ivl, const uint8_t *in, const uint8_t *out,
		 uint32_t n)
{
	uint64_t enc, dec;
	int ok = 1;

	if (cipher_session(g, vhost, algo, key, kl, 1, &enc) != 0)
		return 0;
	if (cipher_session(g, vhost, algo, key, kl, 0, &dec) != 0) {
		cipher_close(g, vhost, enc);
		return 0;
	}
	memcpy(g->iv, iv, ivl);
	memcpy(g->src, in, n);
	memset(g->dst, 0x5a, n + 1);
	ok &= CHECK(sguest_cipher(g, enc, 1, ivl, n) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == n + 1);
	ok &= CHECK(memcmp(g->dst, out, n) == 0 && g->dst[n] == 0x5a);
	memcpy(g->src, out, n);
	memset(g->dst, 0x5a, n + 1);
	ok &= CHECK(sguest_cipher(g, dec, 0, ivl, n) == VIRTIO_CRYPTO_OK);
	ok &= CHECK(memcmp(g->dst, in, n) == 0 && g->dst[n] == 0x5a);
	cipher_close(g, vhost, enc);
	cipher_close(g, vhost, dec);
	return ok;
}

/* A digest session's output against @p want (its length the session's). */
static int
digest_is(struct sguest *g, uint32_t service, uint32_t algo,
	  const uint8_t *key, uint32_t kl, const uint8_t *in, uint32_t n,
	  const uint8_t *want, uint32_t dl)
{
	uint64_t sid;
	int ok;

	if (!CHECK(sguest_ctrl_svc(g, service, algo, key, kl, dl, 0, 1,
				   &sid) == VIRTIO_CRYPTO_OK))
		return 0;
	memcpy(g->src, in, n);
	ok = CHECK(sguest_hash(g, service == MAC ? VIRTIO_CRYPTO_MAC :
			       VIRTIO_CRYPTO_HASH, sid, n, dl) ==
		   VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == dl + 1);
	ok &= CHECK(memcmp(g->digest, want, dl) == 0);
	/* Truncated: nothing written past what the session said. */
	ok &= CHECK(dl == 64 || g->digest[dl] == 0xa5);
	CHECK(sguest_ctrl_destroy(g, service, sid) == VIRTIO_CRYPTO_OK);
	return ok;
}

/*
 * AEAD both ways: @p p encrypts to @p ct (C || T), which decrypts back;
 * a flipped tag bit is BADMSG with not a byte of plaintext written.
 */
static int
aead_both_ways(struct sguest *g, uint32_t algo, const uint8_t *key,
	       uint32_t kl, const uint8_t *iv, uint32_t ivl,
	       const uint8_t *aad, uint32_t al, const uint8_t *p,
	       uint32_t n, const uint8_t *ct, uint32_t tl)
{
	uint64_t enc, dec;
	uint32_t i;
	int ok = 1;

	if (!CHECK(sguest_ctrl_svc(g, AEAD, algo, key, kl, tl, al, 1, &enc) ==
		   VIRTIO_CRYPTO_OK))
		return 0;
	if (!CHECK(sguest_ctrl_svc(g, AEAD, algo, key, kl, tl, al, 0, &dec) ==
		   VIRTIO_CRYPTO_OK)) {
		sguest_ctrl_destroy(g, AEAD, enc);
		return 0;
	}
	memcpy(g->iv, iv, ivl);
	memcpy(g->aad, aad, al);
	memcpy(g->src, p, n);
	memset(g->dst, 0x5a, n + tl + 1);
	ok &= CHECK(sguest_aead(g, enc, 1, ivl, al, n, n + tl) ==
		    VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == n + tl + 1);
	ok &= CHECK(memcmp(g->dst, ct, n + tl) == 0 &&
		    g->dst[n + tl] == 0x5a);

	memcpy(g->src, ct, n + tl);
	memset(g->dst, 0x5a, n + 1);
	ok &= CHECK(sguest_aead(g, dec, 0, ivl, al, n + tl, n) ==
		    VIRTIO_CRYPTO_OK);
	ok &= CHECK(g->op.used_len == n + 1);
	ok &= CHECK(memcmp(g->dst, p, n) == 0 && g->dst[n] == 0x5a);

	g->src[n + tl - 1] ^= 1;
	memset(g->dst, 0x5a, n);
	ok &= CHECK(sguest_aead(g, dec, 0, ivl, al, n + tl, n) ==
		    VIRTIO_CRYPTO_BADMSG);
	for (i = 0; i < n && g->dst[i] == 0x5a; i++)
		;
	ok &= CHECK(i == n);
	CHECK(sguest_ctrl_destroy(g, AEAD, enc) == VIRTIO_CRYPTO_OK);
	CHECK(sguest_ctrl_destroy(g, AEAD, dec) == VIRTIO_CRYPTO_OK);
	return ok;
}

/* Every vector of an advertised row; ciphers over both session paths. */
static void
test_kats(struct sguest *g)
{
	static struct kbin b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kats); i++) {
		const struct kat *k = &kats[i];
		int ok;

		if (!advertised(k->service, k->algo))
			continue;
		kat_decode(k, &b);
		switch (k->service) {
		case CIPHER:
			ok = cipher_both_ways(g, 0, k->algo, b.key, b.kl, b.iv,
					      b.ivl, b.in, b.out, b.n);
			ok &= cipher_both_ways(g, 1, k->algo, b.key, b.kl,
					       b.iv, b.ivl, b.in, b.out, b.n);
			break;
		case HASH:
		case MAC:
			ok = digest_is(g, k->service, k->algo, b.key, b.kl,
				       b.in, b.n, b.out, b.outl);
			break;
		default:
			ok = aead_both_ways(g, k->algo, b.key, b.kl, b.iv,
					    b.ivl, b.aad, b.al, b.in, b.n,
					    b.out, k->tag_len);
			break;
		}
		if (ok)
			row_kat(k->service, k->algo, k->src);
		else
			fprintf(stderr, "FAIL %s %s: %s\n",
				svc_names[k->service],
				algo_of(k->service, k->algo)->name, k->src);
	}
}

/* ---- Random inputs against OpenSSL ---- */

#define ROUNDS 12

/* Key lengths a random round of cipher @p id takes, 0-terminated. */
static const uint8_t *
cipher_keys(uint32_t id)
{
	static const uint8_t aes[] = { 16, 24, 32, 0 }, des[] = { 8, 0 };
	static const uint8_t tdes[] = { 24, 16, 8, 0 }, tctr[] = { 24, 16, 0 };
	static const uint8_t none[] = { 0, 0 };

	switch (id) {
	case VIRTIO_CRYPTO_CIPHER_DES_CBC: return des;
	case VIRTIO_CRYPTO_CIPHER_3DES_CBC: return tdes;
	case VIRTIO_CRYPTO_CIPHER_3DES_CTR: return tctr;
	case VIRTIO_CRYPTO_NO_CIPHER: return none;
	}
	return aes;
}

static void
random_cipher(struct sguest *g, const struct algo *a)
{
	static uint8_t ref[SG_MAX_LEN], in[SG_MAX_LEN];
	const uint8_t *keys = cipher_keys(a->id);
	uint8_t key[32], iv[16];
	int i, nk = 0;

	while (keys[nk] != 0)
		nk++;
	for (i = 0; i < ROUNDS; i++) {
		uint32_t kl = nk ? keys[i % nk] : 0;
		uint32_t n = a->block * (1 + rnd(SG_MAX_LEN / a->block));

		rnd_bytes(key, kl);
		rnd_bytes(iv, a->iv_len);
		rnd_bytes(in, n);
		if (ref_cipher(a->id, key, kl, iv, in, n, ref) != 0) {
			CHECK(!"OpenSSL answers this cipher");
			continue;
		}
		/* Odd rounds: sessions by vhost-user, even: the controlq. */
		if (cipher_both_ways(g, i & 1, a->id, key, kl, iv, a->iv_len,
				     in, ref, n))
			rows[CIPHER][a->id].rnd++;
	}
}

/* The digest lengths a round may ask, in turn: full, then truncated. */
static uint32_t
digest_len_of(const struct algo *a, int i)
{
	if (i % 2 == 0 || a->id == VIRTIO_CRYPTO_MAC_XCBC_AES)
		return a->digest_len;
	if (a->service == HASH)
		return pmd->trunc_hash ? 1 + rnd(a->digest_len - 1) :
			a->digest_len;
	/* openssl's CMAC takes multiples of 4. */
	if (a->id == VIRTIO_CRYPTO_MAC_CMAC_AES)
		return 12;
	return 1 + rnd(a->digest_len - 1);
}

static void
random_digest(struct sguest *g, const struct algo *a)
{
	static uint8_t in[SG_MAX_LEN];
	uint8_t key[64], ref[64];
	int i, hmac = a->service == MAC && a->id <= 6;

	for (i = 0; i < ROUNDS; i++) {
		uint32_t n = 1 + rnd(SG_MAX_LEN);
		uint32_t kl = a->service == HASH ? 0 :
			hmac ? 1 + rnd(64) : a->key_len;
		uint32_t full, dl = digest_len_of(a, i);

		rnd_bytes(key, kl);
		rnd_bytes(in, n);
		if (ref_digest(a->service == MAC, a->id, key, kl, in, n, ref,
			       &full) != 0) {
			CHECK(!"OpenSSL answers this digest");
			continue;
		}
		if (CHECK(full >= dl) &&
		    digest_is(g, a->service, a->id, key, kl, in, n, ref, dl))
			rows[a->service][a->id].rnd++;
	}
}

static void
random_aead(struct sguest *g, const struct algo *a)
{
	static const uint8_t gcm_tags[] = { 16, 12, 8 };
	static uint8_t ct[SG_MAX_LEN + 16], in[SG_MAX_LEN];
	uint8_t key[32], iv[16], aad[256];
	int i;

	for (i = 0; i < ROUNDS; i++) {
		uint32_t n = 1 + rnd(SG_MAX_LEN), kl = 32, tl = 16, al;

		switch (a->id) {
		case VIRTIO_CRYPTO_AEAD_GCM:
			kl = 16 + 8 * (uint32_t)(i % 3);
			tl = pmd->short_gcm_tag ? gcm_tags[i % 3] : 16;
			al = rnd(257);
			break;
		case VIRTIO_CRYPTO_AEAD_CCM:
			/* aesni_mb: keys of 16 or 32, AAD up to 46 bytes. */
			kl = i & 1 ? 32 : 16;
			tl = 4 + 2 * rnd(7);
			al = rnd(47);
			break;
		default:
			/* chacha20_poly1305: AAD up to 240 bytes. */
			al = rnd(241);
			break;
		}
		rnd_bytes(key, kl);
		rnd_bytes(iv, a->iv_len);
		rnd_bytes(aad, al);
		rnd_bytes(in, n);
		if (ref_aead(a->id, key, kl, iv, a->iv_len, aad, al, in, n, tl,
			     ct) != 0) {
			CHECK(!"OpenSSL answers this AEAD");
			continue;
		}
		if (aead_both_ways(g, a->id, key, kl, iv, a->iv_len, aad, al,
				   in, n, ct, tl))
			rows[AEAD][a->id].rnd++;
	}
}

/* Is there an OpenSSL answer for @p a? (Its 3GPP rows have none.) */
static int
has_ref(const struct algo *a)
{
	static const uint8_t zero[64];
	uint8_t out[64 + 16];
	uint32_t n;

	switch (a->service) {
	case CIPHER:
		return ref_cipher(a->id, zero, a->key_len, zero, zero, 16,
				  out) == 0;
	case HASH:
	case MAC:
		return ref_digest(a->service == MAC, a->id, zero, a->key_len,
				  zero, 16, out, &n) == 0;
	}
	return ref_aead(a->id, zero, a->key_len, zero, a->iv_len, zero, 0,
			zero, 16, a->digest_len, out) == 0;
}

static void
test_random(struct sguest *g)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algos); i++) {
		const struct algo *a = &algos[i];

		if (!advertised(a->service, a->id))
			continue;
		rows[a->service][a->id].has_ref = (uint8_t)has_ref(a);
		if (!rows[a->service][a->id].has_ref)
			continue;
		if (a->service == CIPHER)
			random_cipher(g, a);
		else if (a->service == AEAD)
			random_aead(g, a);
		else
			random_digest(g, a);
	}
}

/*
 * Chains (CIPHER service): AES-128-CBC with HMAC-SHA-256, encrypting, in
 * both orders, over both session paths, against OpenSSL: the digest is
 * over the ciphertext (cipher then hash) or the plaintext.
 */
static void
test_chains(struct sguest *g)
{
	static uint8_t in[SG_MAX_LEN], ct[SG_MAX_LEN];
	uint8_t key[16], akey[32], iv[16], mac[64];
	int i, ok, checked = 0;

	if (!advertised(CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CBC) ||
	    !advertised(MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_256))
		return;
	for (i = 0; i < 8; i++) {
		int vhost = i & 1, c2h = (i >> 1) & 1;
		uint32_t n = 16 * (1 + rnd(SG_MAX_LEN / 16)), ml;
		struct vu_sym_session p = sg_chain_params(
			VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1, !c2h,
			VIRTIO_CRYPTO_MAC_HMAC_SHA_256, akey, 32, 32);
		struct vu_ctrl_session cs = { .service = CIPHER, .sym = p };
		struct vu_sym_op *op = &g->op;
		int64_t vid = -1;
		uint64_t sid = 0;
		uint8_t st = 0xfe;

		rnd_bytes(key, 16);
		rnd_bytes(akey, 32);
		rnd_bytes(iv, 16);
		rnd_bytes(in, n);
		if (!CHECK(ref_cipher(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16,
				      iv, in, n, ct) == 0) ||
		    !CHECK(ref_digest(1, VIRTIO_CRYPTO_MAC_HMAC_SHA_256, akey,
				      32, c2h ? ct : in, n, mac, &ml) == 0))
			continue;
		if (vhost) {
			if (!CHECK(vu_session_create(g->dev, &p, &vid) == 0))
				continue;
			sid = (uint64_t)vid;
		} else if (!CHECK(vu_ctrl_session_create(g->dev, &cs, &sid,
							 &st) == 0 &&
				  st == VIRTIO_CRYPTO_OK)) {
			continue;
		}
		memcpy(g->iv, iv, 16);
		memcpy(g->src, in, n);
		memset(g->digest, 0xa5, 64);
		sguest_op(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, 16, 0, n, n, 32);
		op->op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
		op->cipher_len = n;
		op->hash_len = n;
		ok = CHECK(sguest_run(g) == VIRTIO_CRYPTO_OK);
		ok &= CHECK(op->used_len == n + 32 + 1);
		ok &= CHECK(memcmp(g->dst, ct, n) == 0);
		ok &= CHECK(memcmp(g->digest, mac, 32) == 0);
		checked += ok;
		if (vhost)
			CHECK(vu_session_destroy(g->dev, vid) == 0);
		else
			CHECK(sguest_ctrl_destroy(g, CIPHER, sid) ==
			      VIRTIO_CRYPTO_OK);
	}
	printf("  %s: chains AES_CBC + HMAC_SHA_256, both orders, both "
	       "paths: %d of 8 match OpenSSL\n", pmd->pmd, checked);
}

/*
 * Decrypting chains check the guest's digest. Known answers: RFC 2202
 * and RFC 4231 test case 2 (key "Jefe", "what do ya want for nothing?")
 * as the plaintext's first 28 bytes, decrypted then MACed (cipher then
 * hash), the ciphertext OpenSSL's. The right digest: OK and the
 * plaintext; a bit of the tag or of the data off: BADMSG and nothing
 * written.
 */
static void
test_chain_verify(struct sguest *g)
{
	static const struct {
		uint32_t mac, len;
		const char *digest;
	} kat[] = {
		{ VIRTIO_CRYPTO_MAC_HMAC_SHA1, 20,
		  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
		{ VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32,
		  "5bdcc146bf60754e6a042426089575c7"
		  "5a003f089d2739839dec58b964ec3843" },
	};
	static const char data[] = "what do ya want for nothing?";
	uint8_t key[16], pt[32], tag[32];
	unsigned int i, checked = 0;

	if (!advertised(CIPHER, VIRTIO_CRYPTO_CIPHER_AES_CBC))
		return;
	for (i = 0; i < ARRAY_SIZE(kat); i++) {
		struct vu_sym_session p;
		struct vu_sym_op *op = &g->op;
		int64_t sid;
		int ok;

		if (!advertised(MAC, kat[i].mac))
			continue;
		rnd_bytes(key, sizeof(key));
		rnd_bytes(g->iv, 16);
		memcpy(pt, data, 28);
		rnd_bytes(pt + 28, 4);
		hex2bin(kat[i].digest, tag, sizeof(tag));
		p = sg_chain_params(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 0, 0,
				    kat[i].mac, (const uint8_t *)"Jefe", 4,
				    kat[i].len);
		if (!CHECK(vu_session_create(g->dev, &p, &sid) == 0) ||
		    !CHECK(ref_cipher(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16,
				      g->iv, pt, 32, g->src) == 0))
			continue;
		sguest_op(g, VIRTIO_CRYPTO_CIPHER_DECRYPT, (uint64_t)sid, 16, 0,
			  32, 32, kat[i].len);
		op->op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
		op->cipher_len = 32;
		op->hash_len = 28;
		/* The tag one bit off. */
		memcpy(g->digest, tag, kat[i].len);
		g->digest[kat[i].len - 1] ^= 1;
		memset(g->dst, 0x5a, 32);
		ok = CHECK(sguest_run(g) == VIRTIO_CRYPTO_BADMSG) &
			CHECK(g->dst[0] == 0x5a && g->dst[31] == 0x5a);
		/* The data one bit off (the plaintext's first block). */
		memcpy(g->digest, tag, kat[i].len);
		g->src[3] ^= 0x10;
		ok &= CHECK(sguest_run(g) == VIRTIO_CRYPTO_BADMSG) &
			CHECK(g->dst[0] == 0x5a && g->dst[31] == 0x5a);
		g->src[3] ^= 0x10;
		/* Both right. */
		ok &= CHECK(sguest_run(g) == VIRTIO_CRYPTO_OK) &
			CHECK(memcmp(g->dst, pt, 32) == 0);
		checked += ok;
		CHECK(vu_session_destroy(g->dev, sid) == 0);
	}
	printf("  %s: decrypting chains, RFC 2202/4231 digests checked: %u, "
	       "wrong tag and data refused\n", pmd->pmd, checked);
}

/* ---- Wrong lengths, opcodes, services and sessions ---- */

/* The first advertised algorithm of @p service (a block cipher if any). */
static const struct algo *
first_of(uint32_t service)
{
	const struct algo *any = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algos); i++) {
		const struct algo *a = &algos[i];

		if (a->service != service || !advertised(service, a->id) ||
		    a->id == VIRTIO_CRYPTO_NO_CIPHER)
			continue;
		if (service != CIPHER || a->block > 1)
			return a;
		if (any == NULL)
			any = a;
	}
	return any;
}

/* An op of @p opcode on @p sid with the lengths given; its status. */
static int
run_raw(struct sguest *g, uint32_t opcode, uint64_t sid, uint32_t iv_len,
	uint32_t aad_len, uint32_t src_len, uint32_t dst_len,
	uint32_t digest_len)
{
	sguest_op(g, opcode, sid, iv_len, aad_len, src_len, dst_len,
		  digest_len);
	return sguest_run(g);
}

#define BAD VIRTIO_CRYPTO_BADMSG

static unsigned int neg_checked[4];

/* One check of a service's refusals, counted for the summary. */
#define NEG(service, cond) (neg_checked[service] += CHECK(cond))

static void
negative_cipher(struct sguest *g, const struct algo *a)
{
	uint8_t key[32] = { 7 };
	uint32_t b = a->block, iv = a->iv_len, n = 2 * (b > 8 ? b : 8);
	uint64_t sid;

	if (!CHECK(sguest_ctrl_cipher(g, a->id, key, a->key_len, 1, &sid) ==
		   VIRTIO_CRYPTO_OK))
		return;
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv, 0, n, n,
			    0) == VIRTIO_CRYPTO_OK);
	/* src and dst of other lengths; none at all. */
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv, 0, n,
			    n + b, 0) == BAD);
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv, 0, n,
			    n - 1, 0) == BAD);
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv, 0, 0, 0,
			    0) == BAD);
	/* An IV the session does not take. */
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv + 4, 0, n,
			    n, 0) == BAD);
	if (iv != 0)
		NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid,
				    iv - 1, 0, n, n, 0) == BAD);
	/* A partial block of a block cipher. */
	if (b > 1)
		NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv,
				    0, n + 1, n + 1, 0) == BAD);
	/* The other direction, and the opcodes of other services. */
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_DECRYPT, sid, iv, 0, n, n,
			    0) == BAD);
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_HASH, sid, 0, 0, n, 0, 16) ==
	    BAD);
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_MAC, sid, 0, 0, n, 0, 16) == BAD);
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, sid, iv, 0, n,
			    n + 16, 0) == BAD);
	/* A chain request on a cipher-only session. */
	sguest_op(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv, 0, n, n, 16);
	g->op.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	g->op.cipher_len = g->op.hash_len = n;
	NEG(CIPHER, sguest_run(g) == BAD);
	CHECK(sguest_ctrl_destroy(g, CIPHER, sid) == VIRTIO_CRYPTO_OK);
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, iv, 0, n, n,
			    0) == VIRTIO_CRYPTO_INVSESS);
	NEG(CIPHER, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0x7fff00001234ULL,
			    iv, 0, n, n, 0) == VIRTIO_CRYPTO_INVSESS);
	/* A key length no cipher has. */
	NEG(CIPHER, sguest_ctrl_cipher(g, a->id, key, 5, 1, &sid) ==
	    VIRTIO_CRYPTO_NOTSUPP && sid == 0);
}

static void
negative_digest(struct sguest *g, const struct algo *a)
{
	uint32_t s = a->service, dl = a->digest_len, n = 100;
	uint32_t own = s == MAC ? VIRTIO_CRYPTO_MAC : VIRTIO_CRYPTO_HASH;
	uint32_t other = s == MAC ? VIRTIO_CRYPTO_HASH : VIRTIO_CRYPTO_MAC;
	uint8_t key[16] = { 3 };
	uint64_t sid;

	if (!CHECK(sguest_ctrl_svc(g, s, a->id, key, s == MAC ? 16 : 0, dl, 0,
				   1, &sid) == VIRTIO_CRYPTO_OK))
		return;
	NEG(s, run_raw(g, own, sid, 0, 0, n, 0, dl) == VIRTIO_CRYPTO_OK);
	/* A digest length not the session's; beyond any; no data. */
	NEG(s, run_raw(g, own, sid, 0, 0, n, 0, dl - 1) == BAD);
	if (dl < 64)
		NEG(s, run_raw(g, own, sid, 0, 0, n, 0, dl + 1) == BAD);
	NEG(s, run_raw(g, own, sid, 0, 0, n, 0, 65) == BAD);
	NEG(s, run_raw(g, own, sid, 0, 0, 0, 0, dl) == BAD);
	/* The other digest service's opcode, a cipher's, an AEAD's. */
	NEG(s, run_raw(g, other, sid, 0, 0, n, 0, dl) == BAD);
	NEG(s, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, sid, 0, 0, n, n, 0) ==
	    BAD);
	NEG(s, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, sid, 12, 0, n, n + 16,
		       0) == BAD);
	CHECK(sguest_ctrl_destroy(g, s, sid) == VIRTIO_CRYPTO_OK);
	NEG(s, run_raw(g, own, sid, 0, 0, n, 0, dl) == VIRTIO_CRYPTO_INVSESS);
	/* A digest longer than the algorithm's. */
	NEG(s, sguest_ctrl_svc(g, s, a->id, key, s == MAC ? 16 : 0, dl + 1, 0,
			       1, &sid) == (dl + 1 > 64 ? BAD :
					    VIRTIO_CRYPTO_NOTSUPP));
}

static void
negative_aead(struct sguest *g, const struct algo *a)
{
	uint32_t iv = a->iv_len, tl = 16, al = 8, n = 64;
	uint8_t key[32] = { 9 };
	uint64_t enc, dec;

	if (!CHECK(sguest_ctrl_svc(g, AEAD, a->id, key, a->key_len, tl, al, 1,
				   &enc) == VIRTIO_CRYPTO_OK))
		return;
	if (!CHECK(sguest_ctrl_svc(g, AEAD, a->id, key, a->key_len, tl, al, 0,
				   &dec) == VIRTIO_CRYPTO_OK))
		return;
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv, al, n,
			  n + tl, 0) == VIRTIO_CRYPTO_OK);
	/* IV and AAD lengths not the session's. */
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv - 1, al, n,
			  n + tl, 0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv + 1, al, n,
			  n + tl, 0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv, al + 1, n,
			  n + tl, 0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv, 0, n,
			  n + tl, 0) == BAD);
	/* dst too short for the tag, or longer than ciphertext and tag. */
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv, al, n,
			  n + tl - 1, 0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv, al, n, n,
			  0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv, al, n,
			  n + tl + 1, 0) == BAD);
	/* Decrypting: no room for a tag in src, or dst not src - tag. */
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_DECRYPT, dec, iv, al, tl, 1,
			  0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_DECRYPT, dec, iv, al, n + tl,
			  n + 1, 0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_DECRYPT, dec, iv, al, n + tl,
			  n + tl, 0) == BAD);
	/* Each session's direction only, and no other service's opcode. */
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_DECRYPT, enc, iv, al, n + tl,
			  n, 0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, dec, iv, al, n,
			  n + tl, 0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_CIPHER_ENCRYPT, enc, iv, 0, n, n,
			  0) == BAD);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_HASH, enc, 0, 0, n, 0, tl) == BAD);
	CHECK(sguest_ctrl_destroy(g, AEAD, enc) == VIRTIO_CRYPTO_OK);
	CHECK(sguest_ctrl_destroy(g, AEAD, dec) == VIRTIO_CRYPTO_OK);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_ENCRYPT, enc, iv, al, n,
			  n + tl, 0) == VIRTIO_CRYPTO_INVSESS);
	NEG(AEAD, run_raw(g, VIRTIO_CRYPTO_AEAD_DECRYPT, dec, iv, al, n + tl,
			  n, 0) == VIRTIO_CRYPTO_INVSESS);
	/* Session lengths: a key no AEAD has, a tag longer than any. */
	NEG(AEAD, sguest_ctrl_svc(g, AEAD, a->id, key, 20, tl, al, 1, &enc) ==
	    VIRTIO_CRYPTO_NOTSUPP);
	NEG(AEAD, sguest_ctrl_svc(g, AEAD, a->id, key, a->key_len, 17, al, 1,
				  &enc) == BAD);
}

/* Lengths the PMD's capabilities refuse, which the config cannot say. */
static void
negative_pmd(struct sguest *g)
{
	uint8_t key[200] = { 1 };
	uint64_t sid;

	if (advertised(HASH, VIRTIO_CRYPTO_HASH_SHA_256) && !pmd->trunc_hash)
		NEG(HASH, sguest_ctrl_svc(g, HASH, VIRTIO_CRYPTO_HASH_SHA_256,
					  NULL, 0, 16, 0, 1, &sid) ==
		    VIRTIO_CRYPTO_NOTSUPP);
	if (advertised(AEAD, VIRTIO_CRYPTO_AEAD_GCM) && !pmd->short_gcm_tag)
		NEG(AEAD, sguest_ctrl_svc(g, AEAD, VIRTIO_CRYPTO_AEAD_GCM, key,
					  16, 12, 0, 1, &sid) ==
		    VIRTIO_CRYPTO_NOTSUPP);
	/* CCM tags are even, 4 to 16 bytes. */
	if (advertised(AEAD, VIRTIO_CRYPTO_AEAD_CCM))
		NEG(AEAD, sguest_ctrl_svc(g, AEAD, VIRTIO_CRYPTO_AEAD_CCM, key,
					  16, 9, 0, 1, &sid) ==
		    VIRTIO_CRYPTO_NOTSUPP);
	/* HMAC keys longer than the advertised maximum. */
	if (advertised(MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_256) &&
	    pmd->max_auth_key < 512)
		NEG(MAC, sguest_ctrl_svc(g, MAC, VIRTIO_CRYPTO_MAC_HMAC_SHA_256,
					 key, pmd->max_auth_key + 1, 32, 0, 1,
					 &sid) == VIRTIO_CRYPTO_NOTSUPP);
	/* ZUC-256 would need a 25-byte IV, which these sessions lack. */
	if (advertised(CIPHER, VIRTIO_CRYPTO_CIPHER_ZUC_EEA3))
		NEG(CIPHER, sguest_ctrl_cipher(g,
			VIRTIO_CRYPTO_CIPHER_ZUC_EEA3, key, 32, 1, &sid) ==
		    VIRTIO_CRYPTO_NOTSUPP);
}

static void
test_negative(struct sguest *g)
{
	const struct algo *a;
	uint32_t s;

	if ((a = first_of(CIPHER)) != NULL)
		negative_cipher(g, a);
	for (s = HASH; s <= MAC; s++)
		if ((a = first_of(s)) != NULL)
			negative_digest(g, a);
	if ((a = first_of(AEAD)) != NULL)
		negative_aead(g, a);
	negative_pmd(g);
	for (s = 0; s < 4; s++)
		printf("  %s: %s: %u wrong-length/opcode/session checks\n",
		       pmd->pmd, svc_names[s], neg_checked[s]);
}

/* ---- The config space against what sessions really get ---- */

/* Every akcipher id with a Wycheproof RSA public key: as advertised. */
static void
config_akcipher(struct sguest *g, uint32_t mask, uint32_t *yes, uint32_t *no)
{
	static uint8_t key[1024];
	struct vu_ctrl_session ak = {
		.service = VIRTIO_CRYPTO_SERVICE_AKCIPHER,
		.keytype = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC,
		.rsa_padding = VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
		.rsa_hash = VIRTIO_CRYPTO_RSA_SHA256,
		.key = key,
	};
	uint64_t sid;
	uint32_t id;
	uint8_t st;

	ak.key_len = (uint32_t)hex2bin(wp_sig2048_pub, key, sizeof(key));
	for (id = 0; id < 32; id++) {
		int want = (mask >> id) & 1;

		ak.algo = id;
		st = 0xfe;
		CHECK(vu_ctrl_session_create(g->dev, &ak, &sid, &st) == 0);
		if (!CHECK(st == (want ? VIRTIO_CRYPTO_OK :
				  VIRTIO_CRYPTO_NOTSUPP)))
			fprintf(stderr, "akcipher %u advertised %d: %u\n", id,
				want, st);
		if (st == VIRTIO_CRYPTO_OK)
			sguest_ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_AKCIPHER,
					    sid);
		want ? (*yes)++ : (*no)++;
	}
}

/*
 * The config as a frontend reads it is the one expected of the PMD; every
 * id of every service (those virtio names, and the rest up to 63) gets a
 * session if advertised, NOTSUPP if not; ciphers over both paths.
 */
static void
test_config(struct sguest *g)
{
	struct virtio_crypto_config c;
	uint8_t key[64] = { 0x42 };
	uint32_t s, id, yes = 0, no = 0, svc = 0;

	if (!CHECK(vu_dev_get_config(g->dev, &c) == 0))
		return;
	adv[CIPHER] = le32toh(c.cipher_algo_l) |
		(uint64_t)le32toh(c.cipher_algo_h) << 32;
	adv[HASH] = le32toh(c.hash_algo);
	adv[MAC] = le32toh(c.mac_algo_l) |
		(uint64_t)le32toh(c.mac_algo_h) << 32;
	adv[AEAD] = le32toh(c.aead_algo);
	if (!CHECK(adv[CIPHER] == pmd->cipher && adv[HASH] == pmd->hash &&
		   adv[MAC] == pmd->mac && adv[AEAD] == pmd->aead))
		fprintf(stderr, "%s advertises cipher %#lx hash %#lx mac %#lx "
			"aead %#lx\n", pmd->pmd, (unsigned long)adv[CIPHER],
			(unsigned long)adv[HASH], (unsigned long)adv[MAC],
			(unsigned long)adv[AEAD]);
	for (s = 0; s < 4; s++)
		if (adv[s] != 0)
			svc |= 1u << s;
	if (pmd->rsa)
		svc |= 1u << VIRTIO_CRYPTO_SERVICE_AKCIPHER;
	CHECK(le32toh(c.status) == VIRTIO_CRYPTO_S_HW_READY);
	CHECK(le32toh(c.max_dataqueues) == 1);
	CHECK(le32toh(c.crypto_services) == svc);
	CHECK(le32toh(c.max_cipher_key_len) == pmd->max_cipher_key);
	CHECK(le32toh(c.max_auth_key_len) == pmd->max_auth_key);
	CHECK(le64toh(c.max_size) == 65535);
	CHECK(le32toh(c.akcipher_algo) ==
	      (pmd->rsa ? 1u << VIRTIO_CRYPTO_AKCIPHER_RSA : 0));
	config_akcipher(g, le32toh(c.akcipher_algo), &yes, &no);

	for (s = 0; s < 4; s++)
		for (id = 0; id < 64; id++) {
			const struct algo *a = algo_of(s, id);
			uint32_t kl = a ? a->key_len : 16;
			uint32_t dl = a && a->digest_len ? a->digest_len : 16;
			int want = advertised(s, id);
			uint64_t sid;
			uint8_t st;

			if (s == CIPHER) {
				st = sguest_ctrl_cipher(g, id, key, kl, 1,
							&sid);
			} else {
				if (id == 0)
					continue;
				st = sguest_ctrl_svc(g, s, id, key,
						     s == HASH ? 0 : kl, dl, 0,
						     1, &sid);
			}
			if (!CHECK(st == (want ? VIRTIO_CRYPTO_OK :
					  VIRTIO_CRYPTO_NOTSUPP)))
				fprintf(stderr, "%s %u advertised %d: %u\n",
					svc_names[s], id, want, st);
			if (st == VIRTIO_CRYPTO_OK)
				sguest_ctrl_destroy(g, s, sid);
			want ? yes++ : no++;
			if (s != CIPHER)
				continue;
			/* QEMU's path refuses (a negative id) the same. */
			CHECK((sguest_vhost_cipher(g, id, key, kl, 1, &sid) ==
			       0) == want);
			if (want)
				vu_session_destroy(g->dev, (int64_t)sid);
		}
	printf("  %s: config: %u advertised ids get sessions, %u others "
	       "NOTSUPP\n", pmd->pmd, yes, no);
}

/* ---- The closing table ---- */

static void
print_rows(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algos); i++) {
		const struct algo *a = &algos[i];
		struct row *r = &rows[a->service][a->id];
		unsigned int k;

		printf("ROW %s %s %s: ", pmd->pmd, svc_names[a->service],
		       a->name);
		if (!advertised(a->service, a->id)) {
			printf("NOTSUPP (not advertised; session NOTSUPP)\n");
			continue;
		}
		/* An advertised row needs answers checked, from both. */
		CHECK(r->kat > 0);
		CHECK(!r->has_ref || r->rnd == ROUNDS);
		printf("KAT %u (", r->kat);
		for (k = 0; k < r->nsrc; k++)
			printf("%s%s", k ? "; " : "", r->src[k]);
		if (r->has_ref)
			printf(") + random %u vs OpenSSL\n", r->rnd);
		else
			printf("), KAT only (no OpenSSL implementation)\n");
	}
}

int
main(int argc, char **argv)
{
	struct sguest g;
	size_t i;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	for (i = 0; i < ARRAY_SIZE(pmds); i++)
		if (strcmp(pmds[i].pmd, argv[2]) == 0)
			pmd = &pmds[i];
	if (CHECK(pmd != NULL) && CHECK(ref_init() == 0) &&
	    CHECK(backend_start_args(&be, argv[1], argv[2], 1, 1,
				     (const char *const *)argv + 3) == 0)) {
		if (sguest_open(&g, be.sockets[0], 1) == 0) {
			test_config(&g);
			test_kats(&g);
			test_random(&g);
			test_chains(&g);
			test_chain_verify(&g);
			test_negative(&g);
			print_rows();
			vu_dev_close(g.dev);
		}
		CHECK(backend_stop(&be) == 0);
	}
	ref_fini();
	return test_summary();
}
