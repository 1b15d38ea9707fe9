/* SPDX-License-Identifier: BSD-3-Clause */
/* What a request should have produced, computed with OpenSSL. */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "perf.h"

static const EVP_CIPHER *
evp_cipher(uint32_t algo, uint32_t keylen)
{
	if (algo == VIRTIO_CRYPTO_CIPHER_AES_CBC)
		return keylen == 16 ? EVP_aes_128_cbc() :
		       keylen == 24 ? EVP_aes_192_cbc() : EVP_aes_256_cbc();
	return keylen == 16 ? EVP_aes_128_ctr() :
	       keylen == 24 ? EVP_aes_192_ctr() : EVP_aes_256_ctr();
}

static const EVP_MD *
evp_md(uint32_t algo)
{
	switch (algo) {
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_256: return EVP_sha256();
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_512: return EVP_sha512();
	default: return EVP_sha1();
	}
}

/* Ciphertext and tag, as the device should have written them. */
static int
verify_aead(const struct perf_opts *o, const struct vu_sym_op *op,
	    const uint8_t *key)
{
	static uint8_t out[(1u << 20) + 16];
	const EVP_CIPHER *c = o->aead_algo == VIRTIO_CRYPTO_AEAD_GCM ?
		(o->aead_key_sz == 16 ? EVP_aes_128_gcm() :
		 o->aead_key_sz == 24 ? EVP_aes_192_gcm() : EVP_aes_256_gcm()) :
		EVP_chacha20_poly1305();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ok;

	EVP_EncryptInit_ex(ctx, c, NULL, NULL, NULL);
	EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)op->iv_len,
			    NULL);
	EVP_EncryptInit_ex(ctx, NULL, NULL, key, op->iv);
	if (op->aad_len != 0)
		EVP_EncryptUpdate(ctx, NULL, &n, op->aad, (int)op->aad_len);
	EVP_EncryptUpdate(ctx, out, &n, op->src, (int)op->src_len);
	EVP_EncryptFinal_ex(ctx, out + n, &n);
	EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)o->digest_sz,
			    out + op->src_len);
	EVP_CIPHER_CTX_free(ctx);
	ok = memcmp(out, op->dst, op->src_len + o->digest_sz) == 0;
	return ok;
}

int
perf_verify(const struct perf_opts *o, const struct vu_sym_op *op,
	    const uint8_t *cipher_key, const uint8_t *auth_key)
{
	static uint8_t out[1u << 20];
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	uint32_t len = op->src_len;
	int n1 = 0, n2 = 0;

	if (o->optype == OP_AEAD)
		return verify_aead(o, op, cipher_key);
	if (o->cipher_algo == VIRTIO_CRYPTO_NO_CIPHER) {
		memcpy(out, op->src, len);
	} else {
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

		EVP_CipherInit_ex(ctx, evp_cipher(o->cipher_algo,
			o->cipher_key_sz), NULL, cipher_key, op->iv,
			o->encrypt);
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		EVP_CipherUpdate(ctx, out, &n1, op->src, (int)len);
		EVP_CipherFinal_ex(ctx, out + n1, &n2);
		EVP_CIPHER_CTX_free(ctx);
	}
	if (memcmp(out, op->dst, len) != 0)
		return 0;
	if (o->optype == OP_CIPHER_ONLY)
		return 1;
	/* Cipher first hashes the output; auth first, the input. */
	HMAC(evp_md(o->auth_algo), auth_key, (int)o->auth_key_sz,
	     o->optype == OP_CIPHER_THEN_AUTH ? out : op->src, len, md,
	     &mdlen);
	return memcmp(md, op->digest, o->digest_sz) == 0;
}
