/* SPDX-License-Identifier: BSD-3-Clause */
/* From virtio-crypto session parameters to a cryptodev session. */
#include <errno.h>
#include <string.h>

#include <rte_cryptodev.h>
#include <rte_errno.h>

#include "vcrypto_private.h"

struct cipher_map {
	uint8_t valid;
	uint8_t iv_len;
	enum rte_crypto_cipher_algorithm algo;
	uint8_t block;   /* lengths must be multiples of this (1: any) */
};

/* Indexed by VIRTIO_CRYPTO_CIPHER_*. */
static const struct cipher_map cipher_maps[] = {
	[VIRTIO_CRYPTO_CIPHER_AES_ECB] = {
		1, 0, RTE_CRYPTO_CIPHER_AES_ECB, 16 },
	[VIRTIO_CRYPTO_CIPHER_AES_CBC] = {
		1, 16, RTE_CRYPTO_CIPHER_AES_CBC, 16 },
	[VIRTIO_CRYPTO_CIPHER_AES_CTR] = {
		1, 16, RTE_CRYPTO_CIPHER_AES_CTR, 1 },
	[VIRTIO_CRYPTO_CIPHER_DES_CBC] = { 1, 8, RTE_CRYPTO_CIPHER_DES_CBC, 8 },
	[VIRTIO_CRYPTO_CIPHER_3DES_ECB] = {
		1, 0, RTE_CRYPTO_CIPHER_3DES_ECB, 8 },
	[VIRTIO_CRYPTO_CIPHER_3DES_CBC] = {
		1, 8, RTE_CRYPTO_CIPHER_3DES_CBC, 8 },
	[VIRTIO_CRYPTO_CIPHER_3DES_CTR] = {
		1, 8, RTE_CRYPTO_CIPHER_3DES_CTR, 1 },
	[VIRTIO_CRYPTO_CIPHER_KASUMI_F8] = {
		1, 8, RTE_CRYPTO_CIPHER_KASUMI_F8, 1 },
	[VIRTIO_CRYPTO_CIPHER_SNOW3G_UEA2] = {
		1, 16, RTE_CRYPTO_CIPHER_SNOW3G_UEA2, 1 },
	[VIRTIO_CRYPTO_CIPHER_AES_F8] = { 1, 16, RTE_CRYPTO_CIPHER_AES_F8, 1 },
	[VIRTIO_CRYPTO_CIPHER_AES_XTS] = {
		1, 16, RTE_CRYPTO_CIPHER_AES_XTS, 16 },
	[VIRTIO_CRYPTO_CIPHER_ZUC_EEA3] = {
		1, 16, RTE_CRYPTO_CIPHER_ZUC_EEA3, 1 },
};

static const struct cipher_map *
cipher_lookup(uint32_t virtio_algo)
{
	if (virtio_algo >= RTE_DIM(cipher_maps) ||
	    !cipher_maps[virtio_algo].valid)
		return NULL;
	return &cipher_maps[virtio_algo];
}

/* VIRTIO_CRYPTO_MAC_* -> keyed auth algorithm, 0 where none. */
static enum rte_crypto_auth_algorithm
mac_lookup(uint32_t virtio_algo)
{
	switch (virtio_algo) {
	case VIRTIO_CRYPTO_MAC_HMAC_MD5: return RTE_CRYPTO_AUTH_MD5_HMAC;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA1: return RTE_CRYPTO_AUTH_SHA1_HMAC;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_224: return RTE_CRYPTO_AUTH_SHA224_HMAC;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_256: return RTE_CRYPTO_AUTH_SHA256_HMAC;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_384: return RTE_CRYPTO_AUTH_SHA384_HMAC;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_512: return RTE_CRYPTO_AUTH_SHA512_HMAC;
	case VIRTIO_CRYPTO_MAC_CMAC_AES: return RTE_CRYPTO_AUTH_AES_CMAC;
	case VIRTIO_CRYPTO_MAC_KASUMI_F9: return RTE_CRYPTO_AUTH_KASUMI_F9;
	case VIRTIO_CRYPTO_MAC_SNOW3G_UIA2: return RTE_CRYPTO_AUTH_SNOW3G_UIA2;
	case VIRTIO_CRYPTO_MAC_XCBC_AES: return RTE_CRYPTO_AUTH_AES_XCBC_MAC;
	case VIRTIO_CRYPTO_MAC_CBCMAC_AES: return RTE_CRYPTO_AUTH_AES_CBC_MAC;
	default: return RTE_CRYPTO_AUTH_NULL;
	}
}

/* VIRTIO_CRYPTO_HASH_* -> plain hash algorithm, 0 where none. */
static enum rte_crypto_auth_algorithm
hash_lookup(uint32_t virtio_algo)
{
	switch (virtio_algo) {
	case VIRTIO_CRYPTO_HASH_MD5: return RTE_CRYPTO_AUTH_MD5;
	case VIRTIO_CRYPTO_HASH_SHA1: return RTE_CRYPTO_AUTH_SHA1;
	case VIRTIO_CRYPTO_HASH_SHA_224: return RTE_CRYPTO_AUTH_SHA224;
	case VIRTIO_CRYPTO_HASH_SHA_256: return RTE_CRYPTO_AUTH_SHA256;
	case VIRTIO_CRYPTO_HASH_SHA_384: return RTE_CRYPTO_AUTH_SHA384;
	case VIRTIO_CRYPTO_HASH_SHA_512: return RTE_CRYPTO_AUTH_SHA512;
	case VIRTIO_CRYPTO_HASH_SHA3_224: return RTE_CRYPTO_AUTH_SHA3_224;
	case VIRTIO_CRYPTO_HASH_SHA3_256: return RTE_CRYPTO_AUTH_SHA3_256;
	case VIRTIO_CRYPTO_HASH_SHA3_384: return RTE_CRYPTO_AUTH_SHA3_384;
	case VIRTIO_CRYPTO_HASH_SHA3_512: return RTE_CRYPTO_AUTH_SHA3_512;
	default: return RTE_CRYPTO_AUTH_NULL;
	}
}

static int
cipher_xform(uint8_t cdev_id, const struct vc_sym_sess *p,
	     struct rte_crypto_sym_xform *x, struct vcrypto_session *s)
{
	struct rte_cryptodev_sym_capability_idx idx;
	const struct rte_cryptodev_symmetric_capability *cap;
	const struct cipher_map *map = cipher_lookup(p->cipher_algo);

	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	if (map == NULL)
		return -ENOTSUP;
	x->cipher.algo = map->algo;
	s->iv_len = map->iv_len;
	s->block_mask = map->block - 1;
	x->cipher.op = p->cipher_dir == VIRTIO_CRYPTO_OP_ENCRYPT ?
		RTE_CRYPTO_CIPHER_OP_ENCRYPT : RTE_CRYPTO_CIPHER_OP_DECRYPT;
	x->cipher.key.data = p->cipher_key;
	x->cipher.key.length = p->cipher_key_len;
	x->cipher.iv.offset = VCRYPTO_IV_OFFSET;
	x->cipher.iv.length = s->iv_len;

	idx.type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	idx.algo.cipher = x->cipher.algo;
	cap = rte_cryptodev_sym_capability_get(cdev_id, &idx);
	if (cap == NULL || rte_cryptodev_sym_capability_check_cipher(cap,
			p->cipher_key_len, s->iv_len) != 0)
		return -ENOTSUP;
	return 0;
}

static int
auth_xform(uint8_t cdev_id, const struct vc_sym_sess *p,
	   struct rte_crypto_sym_xform *x)
{
	struct rte_cryptodev_sym_capability_idx idx;
	const struct rte_cryptodev_symmetric_capability *cap;

	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_AUTH;
	x->auth.algo = p->hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH ?
		mac_lookup(p->hash_algo) : hash_lookup(p->hash_algo);
	if (x->auth.algo == RTE_CRYPTO_AUTH_NULL)
		return -ENOTSUP;
	/* virtio hands the digest back to the guest: we always generate. */
	x->auth.op = RTE_CRYPTO_AUTH_OP_GENERATE;
	x->auth.key.data = p->auth_key;
	x->auth.key.length = p->auth_key_len;
	x->auth.digest_length = p->hash_result_len;

	idx.type = RTE_CRYPTO_SYM_XFORM_AUTH;
	idx.algo.auth = x->auth.algo;
	cap = rte_cryptodev_sym_capability_get(cdev_id, &idx);
	if (cap == NULL || rte_cryptodev_sym_capability_check_auth(cap,
			p->auth_key_len, p->hash_result_len, 0) != 0)
		return -ENOTSUP;
	return 0;
}

int
vcrypto_session_build(uint8_t cdev_id, struct rte_mempool *pool,
		      const struct vc_sym_sess *p, struct vcrypto_session *s)
{
	struct rte_crypto_sym_xform cx, ax, *first;
	int rc;

	rc = cipher_xform(cdev_id, p, &cx, s);
	if (rc == 0 && p->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
		rc = auth_xform(cdev_id, p, &ax);
	if (rc != 0)
		return rc;

	first = &cx;
	if (p->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
		if (p->chain_order ==
		    VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH) {
			cx.next = &ax;
		} else {
			ax.next = &cx;
			first = &ax;
		}
	}
	s->cs = rte_cryptodev_sym_session_create(cdev_id, first, pool);
	if (s->cs == NULL)
		return rte_errno == ENOTSUP ? -ENOTSUP : -ENOMEM;
	s->op_type = p->op_type;
	s->encrypt = p->cipher_dir == VIRTIO_CRYPTO_OP_ENCRYPT;
	s->digest_len = p->hash_result_len;
	return 0;
}
