/* SPDX-License-Identifier: BSD-3-Clause */
/* OpenSSL's answers for virtio-crypto algorithms. */
#include <stdio.h>
#include <string.h>

#include <linux/virtio_crypto.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include "ossl_ref.h"

static OSSL_PROVIDER *providers[2];

int
ref_init(void)
{
	providers[0] = OSSL_PROVIDER_load(NULL, "default");
	providers[1] = OSSL_PROVIDER_load(NULL, "legacy");
	return providers[0] != NULL && providers[1] != NULL ? 0 : -1;
}

void
ref_fini(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (providers[i] != NULL)
			OSSL_PROVIDER_unload(providers[i]);
	OPENSSL_cleanup();
}

/* One EVP pass over @p len bytes, no padding. */
static int
evp_encrypt(const EVP_CIPHER *c, const uint8_t *key, const uint8_t *iv,
	    const uint8_t *in, uint32_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0, ok;

	ok = ctx != NULL && c != NULL &&
	     EVP_EncryptInit_ex(ctx, c, NULL, key, iv) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_EncryptUpdate(ctx, out, &n1, in, (int)len) == 1 &&
	     EVP_EncryptFinal_ex(ctx, out + n1, &n2) == 1 &&
	     (uint32_t)(n1 + n2) == len;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

static const EVP_CIPHER *
aes_of(uint32_t algo, uint32_t key_len)
{
	int k = key_len == 16 ? 0 : key_len == 24 ? 1 : key_len == 32 ? 2 : -1;

	if (k < 0)
		return NULL;
	switch (algo) {
	case VIRTIO_CRYPTO_CIPHER_AES_ECB:
		return (const EVP_CIPHER *[]){ EVP_aes_128_ecb(),
			EVP_aes_192_ecb(), EVP_aes_256_ecb() }[k];
	case VIRTIO_CRYPTO_CIPHER_AES_CBC:
		return (const EVP_CIPHER *[]){ EVP_aes_128_cbc(),
			EVP_aes_192_cbc(), EVP_aes_256_cbc() }[k];
	case VIRTIO_CRYPTO_CIPHER_AES_CTR:
		return (const EVP_CIPHER *[]){ EVP_aes_128_ctr(),
			EVP_aes_192_ctr(), EVP_aes_256_ctr() }[k];
	}
	return NULL;
}

/* 3DES of 8, 16 or 24 key bytes: K1 = K2 = K3, K3 = K1, or three keys. */
static const EVP_CIPHER *
tdes_of(int cbc, uint32_t key_len)
{
	switch (key_len) {
	case 8: return cbc ? EVP_des_cbc() : EVP_des_ecb();
	case 16: return cbc ? EVP_des_ede_cbc() : EVP_des_ede_ecb();
	case 24: return cbc ? EVP_des_ede3_cbc() : EVP_des_ede3_ecb();
	}
	return NULL;
}

/* Counter mode on 3DES-ECB: keystream block i is E(IV + i), big endian. */
static int
tdes_ctr(const uint8_t *key, uint32_t key_len, const uint8_t *iv,
	 const uint8_t *in, uint32_t len, uint8_t *out)
{
	uint8_t ctr[8], ks[8];
	uint32_t i;
	int b;

	memcpy(ctr, iv, 8);
	for (i = 0; i < len; i++) {
		if (i % 8 == 0) {
			if (evp_encrypt(tdes_of(0, key_len), key, NULL, ctr, 8,
					ks) != 0)
				return -1;
			for (b = 7; b >= 0 && ++ctr[b] == 0; b--)
				;
		}
		out[i] = in[i] ^ ks[i % 8];
	}
	return 0;
}

int
ref_cipher(uint32_t algo, const uint8_t *key, uint32_t key_len,
	   const uint8_t *iv, const uint8_t *in, uint32_t len, uint8_t *out)
{
	switch (algo) {
	case VIRTIO_CRYPTO_NO_CIPHER:
		return evp_encrypt(EVP_enc_null(), NULL, NULL, in, len, out);
	case VIRTIO_CRYPTO_CIPHER_AES_ECB:
	case VIRTIO_CRYPTO_CIPHER_AES_CBC:
	case VIRTIO_CRYPTO_CIPHER_AES_CTR:
		return evp_encrypt(aes_of(algo, key_len), key, iv, in, len,
				   out);
	case VIRTIO_CRYPTO_CIPHER_DES_CBC:
		return key_len != 8 ? -1 :
			evp_encrypt(EVP_des_cbc(), key, iv, in, len, out);
	case VIRTIO_CRYPTO_CIPHER_3DES_ECB:
	case VIRTIO_CRYPTO_CIPHER_3DES_CBC:
		return evp_encrypt(tdes_of(algo ==
				VIRTIO_CRYPTO_CIPHER_3DES_CBC, key_len),
			key, iv, in, len, out);
	case VIRTIO_CRYPTO_CIPHER_3DES_CTR:
		return tdes_ctr(key, key_len, iv, in, len, out);
	}
	return -1;
}

static const EVP_MD *
md_of(uint32_t algo)
{
	/* VIRTIO_CRYPTO_HASH_* and the HMACs of _MAC_* share 1..6. */
	switch (algo) {
	case VIRTIO_CRYPTO_HASH_MD5: return EVP_md5();
	case VIRTIO_CRYPTO_HASH_SHA1: return EVP_sha1();
	case VIRTIO_CRYPTO_HASH_SHA_224: return EVP_sha224();
	case VIRTIO_CRYPTO_HASH_SHA_256: return EVP_sha256();
	case VIRTIO_CRYPTO_HASH_SHA_384: return EVP_sha384();
	case VIRTIO_CRYPTO_HASH_SHA_512: return EVP_sha512();
	}
	return NULL;
}

static int
cmac(const uint8_t *key, uint32_t key_len, const uint8_t *in, uint32_t len,
     uint8_t *out, uint32_t *out_len)
{
	char name[16];
	OSSL_PARAM p[2];
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;
	size_t n = 0;
	int ok;

	snprintf(name, sizeof(name), "AES-%u-CBC", key_len * 8);
	p[0] = OSSL_PARAM_construct_utf8_string("cipher", name, 0);
	p[1] = OSSL_PARAM_construct_end();
	ok = ctx != NULL && EVP_MAC_init(ctx, key, key_len, p) == 1 &&
	     EVP_MAC_update(ctx, in, len) == 1 &&
	     EVP_MAC_final(ctx, out, &n, 64) == 1;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	*out_len = (uint32_t)n;
	return ok ? 0 : -1;
}

/* RFC 3566 section 4, on AES-128-ECB. */
static int
xcbc(const uint8_t *key, uint32_t key_len, const uint8_t *in, uint32_t len,
     uint8_t *out, uint32_t *out_len)
{
	const EVP_CIPHER *ecb = EVP_aes_128_ecb();
	uint8_t k[3][16], e[16] = { 0 }, blk[16];
	uint32_t off = 0, i, n;

	if (key_len != 16)
		return -1;
	for (i = 0; i < 3; i++) {
		memset(blk, (int)(i + 1), 16);
		if (evp_encrypt(ecb, key, NULL, blk, 16, k[i]) != 0)
			return -1;
	}
	/* Every block but the last: E = AES(K1, M xor E). */
	while (len - off > 16) {
		for (i = 0; i < 16; i++)
			blk[i] = in[off + i] ^ e[i];
		if (evp_encrypt(ecb, k[0], NULL, blk, 16, e) != 0)
			return -1;
		off += 16;
	}
	/* The last: whole, xor K2; else padded with 10*, xor K3. */
	n = len - off;
	memset(blk, 0, 16);
	memcpy(blk, in + off, n);
	if (n < 16)
		blk[n] = 0x80;
	for (i = 0; i < 16; i++)
		blk[i] ^= e[i] ^ k[n == 16 ? 1 : 2][i];
	*out_len = 16;
	return evp_encrypt(ecb, k[0], NULL, blk, 16, out);
}

int
ref_digest(int mac, uint32_t algo, const uint8_t *key, uint32_t key_len,
	   const uint8_t *in, uint32_t len, uint8_t *out, uint32_t *out_len)
{
	unsigned int n = 0;

	if (mac && algo == VIRTIO_CRYPTO_MAC_CMAC_AES)
		return cmac(key, key_len, in, len, out, out_len);
	if (mac && algo == VIRTIO_CRYPTO_MAC_XCBC_AES)
		return xcbc(key, key_len, in, len, out, out_len);
	if (md_of(algo) == NULL)
		return -1;
	if (mac ? HMAC(md_of(algo), key, (int)key_len, in, len, out,
		       &n) == NULL :
		  EVP_Digest(in, len, out, &n, md_of(algo), NULL) != 1)
		return -1;
	*out_len = n;
	return 0;
}

int
ref_aead(uint32_t algo, const uint8_t *key, uint32_t key_len,
	 const uint8_t *iv, uint32_t iv_len, const uint8_t *aad,
	 uint32_t aad_len, const uint8_t *in, uint32_t len, uint32_t tag_len,
	 uint8_t *out)
{
	int k = key_len == 16 ? 0 : key_len == 24 ? 1 : key_len == 32 ? 2 : -1;
	int ccm = algo == VIRTIO_CRYPTO_AEAD_CCM, n = 0, ok;
	const EVP_CIPHER *c = NULL;
	EVP_CIPHER_CTX *ctx;

	if (algo == VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305 && key_len == 32)
		c = EVP_chacha20_poly1305();
	else if (algo == VIRTIO_CRYPTO_AEAD_GCM && k >= 0)
		c = (const EVP_CIPHER *[]){ EVP_aes_128_gcm(),
			EVP_aes_192_gcm(), EVP_aes_256_gcm() }[k];
	else if (ccm && k >= 0)
		c = (const EVP_CIPHER *[]){ EVP_aes_128_ccm(),
			EVP_aes_192_ccm(), EVP_aes_256_ccm() }[k];
	if (c == NULL)
		return -1;
	ctx = EVP_CIPHER_CTX_new();
	/* CCM wants its tag length, and the message length before the AAD. */
	ok = ctx != NULL &&
	     EVP_EncryptInit_ex(ctx, c, NULL, NULL, NULL) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)iv_len,
				 NULL) == 1 &&
	     (!ccm || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					  (int)tag_len, NULL) == 1) &&
	     EVP_EncryptInit_ex(ctx, NULL, NULL, key, iv) == 1 &&
	     (!ccm || EVP_EncryptUpdate(ctx, NULL, &n, NULL, (int)len) == 1) &&
	     (aad_len == 0 || EVP_EncryptUpdate(ctx, NULL, &n, aad,
						(int)aad_len) == 1) &&
	     EVP_EncryptUpdate(ctx, out, &n, in, (int)len) == 1 &&
	     EVP_EncryptFinal_ex(ctx, out + n, &n) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)tag_len,
				 out + len) == 1;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}
