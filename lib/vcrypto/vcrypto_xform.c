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
	uint8_t bits;    /* the PMD wants offsets and lengths in bits */
	uint8_t key_max; /* longest key that goes with iv_len (0: any) */
	const char *name;
};

#define CIPHER(v, iv, block) [VIRTIO_CRYPTO_CIPHER_ ## v] = \
	{ 1, iv, RTE_CRYPTO_CIPHER_ ## v, block, 0, 0, #v }
/* The 3GPP ciphers: cryptodev counts their data in bits, virtio in bytes. */
#define CIPHER_3GPP(v, iv, key_max) [VIRTIO_CRYPTO_CIPHER_ ## v] = \
	{ 1, iv, RTE_CRYPTO_CIPHER_ ## v, 1, 1, key_max, #v }

/* Indexed by VIRTIO_CRYPTO_CIPHER_*. */
static const struct cipher_map cipher_maps[] = {
	/* For measuring the path itself on crypto_null. */
	[VIRTIO_CRYPTO_NO_CIPHER] = { 1, 0, RTE_CRYPTO_CIPHER_NULL, 1, 0, 0,
				      "NULL" },
	CIPHER(AES_ECB, 0, 16),
	CIPHER(AES_CBC, 16, 16),
	CIPHER(AES_CTR, 16, 1),
	CIPHER(DES_CBC, 8, 8),
	CIPHER(3DES_ECB, 0, 8),
	CIPHER(3DES_CBC, 8, 8),
	CIPHER(3DES_CTR, 8, 1),
	CIPHER_3GPP(KASUMI_F8, 8, 0),
	CIPHER_3GPP(SNOW3G_UEA2, 16, 0),
	CIPHER(AES_F8, 16, 1),
	CIPHER(AES_XTS, 16, 16),
	/* ZUC-256's keys want a 25-byte IV. */
	CIPHER_3GPP(ZUC_EEA3, 16, 16),
};

static const struct cipher_map *
cipher_lookup(uint32_t virtio_algo)
{
	if (virtio_algo >= RTE_DIM(cipher_maps) ||
	    !cipher_maps[virtio_algo].valid)
		return NULL;
	return &cipher_maps[virtio_algo];
}

struct auth_map {
	uint32_t virtio;
	enum rte_crypto_auth_algorithm algo;
	uint8_t bits;    /* the PMD wants offsets and lengths in bits */
	const char *name;
};

#define AUTH(kind, v, rte) \
	{ VIRTIO_CRYPTO_ ## kind ## _ ## v, RTE_CRYPTO_AUTH_ ## rte, 0, #v }
#define AUTH_3GPP(v) \
	{ VIRTIO_CRYPTO_MAC_ ## v, RTE_CRYPTO_AUTH_ ## v, 1, #v }

/* VIRTIO_CRYPTO_MAC_*: keyed auth algorithms. */
static const struct auth_map mac_maps[] = {
	AUTH(MAC, HMAC_MD5, MD5_HMAC),
	AUTH(MAC, HMAC_SHA1, SHA1_HMAC),
	AUTH(MAC, HMAC_SHA_224, SHA224_HMAC),
	AUTH(MAC, HMAC_SHA_256, SHA256_HMAC),
	AUTH(MAC, HMAC_SHA_384, SHA384_HMAC),
	AUTH(MAC, HMAC_SHA_512, SHA512_HMAC),
	AUTH(MAC, CMAC_AES, AES_CMAC),
	/* KASUMI F9 takes COUNT || FRESH || message || DIRECTION || 1 0*. */
	AUTH_3GPP(KASUMI_F9),
	AUTH_3GPP(SNOW3G_UIA2),
	AUTH(MAC, XCBC_AES, AES_XCBC_MAC),
	AUTH(MAC, CBCMAC_AES, AES_CBC_MAC),
};

/* VIRTIO_CRYPTO_HASH_*: plain hash algorithms. */
static const struct auth_map hash_maps[] = {
	AUTH(HASH, MD5, MD5),
	AUTH(HASH, SHA1, SHA1),
	AUTH(HASH, SHA_224, SHA224),
	AUTH(HASH, SHA_256, SHA256),
	AUTH(HASH, SHA_384, SHA384),
	AUTH(HASH, SHA_512, SHA512),
	AUTH(HASH, SHA3_224, SHA3_224),
	AUTH(HASH, SHA3_256, SHA3_256),
	AUTH(HASH, SHA3_384, SHA3_384),
	AUTH(HASH, SHA3_512, SHA3_512),
};

/* The map entry of a virtio MAC or hash id, or NULL. */
static const struct auth_map *
auth_lookup(int mac, uint32_t virtio_algo)
{
	const struct auth_map *m = mac ? mac_maps : hash_maps;
	size_t i, n = mac ? RTE_DIM(mac_maps) : RTE_DIM(hash_maps);

	for (i = 0; i < n; i++)
		if (m[i].virtio == virtio_algo)
			return &m[i];
	return NULL;
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
	s->cipher_shift = map->bits ? 3 : 0;
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
			p->cipher_key_len, s->iv_len) != 0 ||
	    (map->key_max != 0 && p->cipher_key_len > map->key_max))
		return -ENOTSUP;
	return 0;
}

static int
auth_xform(uint8_t cdev_id, const struct vc_sym_sess *p, int mac,
	   struct rte_crypto_sym_xform *x, struct vcrypto_session *s)
{
	struct rte_cryptodev_sym_capability_idx idx;
	const struct rte_cryptodev_symmetric_capability *cap;
	const struct auth_map *map;

	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_AUTH;
	map = auth_lookup(mac, p->hash_algo);
	if (map == NULL)
		return -ENOTSUP;
	x->auth.algo = map->algo;
	s->auth_shift = map->bits ? 3 : 0;
	/*
	 * A digest goes back to the guest, but for a decrypting chain,
	 * which checks the one the guest put in its hash-result buffer, as
	 * DPDK's guest driver and its vhost_crypto backend agree.
	 */
	x->auth.op = p->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING &&
		p->cipher_dir == VIRTIO_CRYPTO_OP_DECRYPT ?
		RTE_CRYPTO_AUTH_OP_VERIFY : RTE_CRYPTO_AUTH_OP_GENERATE;
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

struct aead_map {
	uint32_t virtio;
	enum rte_crypto_aead_algorithm algo;
	uint8_t iv_len;
	uint8_t iv_off;   /* where cryptodev reads the IV in the op */
	uint8_t aad_off;  /* and the AAD in its buffer */
	const char *name;
};

/*
 * VIRTIO_CRYPTO_AEAD_*. A virtio session says no nonce length, cryptodev
 * wants one per session: CCM takes 13 bytes (L = 2, messages up to
 * 65535 bytes, our largest), placed 1 byte into the IV and its AAD 18
 * bytes into the AAD buffer, where cryptodev reads them.
 */
static const struct aead_map aead_maps[] = {
	{ VIRTIO_CRYPTO_AEAD_GCM, RTE_CRYPTO_AEAD_AES_GCM, 12, 0, 0, "GCM" },
	{ VIRTIO_CRYPTO_AEAD_CCM, RTE_CRYPTO_AEAD_AES_CCM, 13, 1,
	  VCRYPTO_CCM_AAD_OFF, "CCM" },
	{ VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305,
	  RTE_CRYPTO_AEAD_CHACHA20_POLY1305, 12, 0, 0, "CHACHA20_POLY1305" },
};

static int
aead_xform(uint8_t cdev_id, const struct vc_sym_sess *p,
	   struct rte_crypto_sym_xform *x, struct vcrypto_session *s)
{
	struct rte_cryptodev_sym_capability_idx idx;
	const struct rte_cryptodev_symmetric_capability *cap;
	const struct aead_map *map = NULL;
	size_t i;

	for (i = 0; i < RTE_DIM(aead_maps); i++)
		if (aead_maps[i].virtio == p->aead_algo)
			map = &aead_maps[i];
	if (map == NULL || p->aad_len > VC_MAX_AAD_LEN)
		return -ENOTSUP;
	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_AEAD;
	x->aead.algo = map->algo;
	x->aead.op = p->cipher_dir == VIRTIO_CRYPTO_OP_ENCRYPT ?
		RTE_CRYPTO_AEAD_OP_ENCRYPT : RTE_CRYPTO_AEAD_OP_DECRYPT;
	x->aead.key.data = p->cipher_key;
	x->aead.key.length = p->cipher_key_len;
	/* CCM's offset is that of the reserved byte before its nonce. */
	x->aead.iv.offset = VCRYPTO_IV_OFFSET;
	x->aead.iv.length = map->iv_len;
	x->aead.digest_length = p->hash_result_len;
	x->aead.aad_length = p->aad_len;

	idx.type = RTE_CRYPTO_SYM_XFORM_AEAD;
	idx.algo.aead = map->algo;
	cap = rte_cryptodev_sym_capability_get(cdev_id, &idx);
	if (cap == NULL || rte_cryptodev_sym_capability_check_aead(cap,
			p->cipher_key_len, p->hash_result_len, p->aad_len,
			map->iv_len) != 0)
		return -ENOTSUP;
	s->iv_len = map->iv_len;
	s->iv_off = map->iv_off;
	s->aad_off = map->aad_off;
	s->block_mask = 0;
	s->aad_len = (uint16_t)p->aad_len;
	return 0;
}

/*
 * How a session runs requests past one mbuf (64 KiB). Data then goes in
 * a chain of mbufs, which only some PMDs carry whole, and none an AEAD
 * one (crypto_openssl refuses segmented AEAD buffers). IPsec-MB's PMDs
 * copy a chain into a buffer with a 16-bit length, and their AES-CBC
 * lanes count 16 bits too (DPDK 22.11, IPsec-MB 1.3: 1 MiB came back
 * unencrypted, with success); there AES-CBC alone runs in steps through
 * the CPU crypto API instead.
 */
static void
set_large(uint8_t cdev_id, const struct vc_sym_sess *p,
	  struct vcrypto_session *s)
{
	static const char *const chains_ok[] = {
		"crypto_openssl", "crypto_null",
	};
	struct rte_cryptodev_info info;
	unsigned int i;

	rte_cryptodev_info_get(cdev_id, &info);
	s->large = LARGE_NONE;
	for (i = 0; i < RTE_DIM(chains_ok); i++)
		if (strcmp(info.driver_name, chains_ok[i]) == 0 &&
		    (info.feature_flags & RTE_CRYPTODEV_FF_IN_PLACE_SGL) &&
		    p->service != VIRTIO_CRYPTO_SERVICE_AEAD)
			s->large = LARGE_CHAINS;
	if (s->large == LARGE_NONE &&
	    (info.feature_flags & RTE_CRYPTODEV_FF_SYM_CPU_CRYPTO) &&
	    p->service == VIRTIO_CRYPTO_SERVICE_CIPHER &&
	    p->op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER &&
	    p->cipher_algo == VIRTIO_CRYPTO_CIPHER_AES_CBC)
		s->large = LARGE_CBC_STEPS;
}

/* The cryptodev session of @p x, and what the datapath checks against. */
static int
session_of(uint8_t cdev_id, struct rte_mempool *pool,
	   struct rte_crypto_sym_xform *x, const struct vc_sym_sess *p,
	   struct vcrypto_session *s)
{
	s->cs = rte_cryptodev_sym_session_create(cdev_id, x, pool);
	if (s->cs == NULL)
		return rte_errno == ENOTSUP ? -ENOTSUP : -ENOMEM;
	s->op_type = p->op_type;
	s->encrypt = p->cipher_dir == VIRTIO_CRYPTO_OP_ENCRYPT;
	s->digest_len = p->hash_result_len;
	set_large(cdev_id, p, s);
	return 0;
}

int
vcrypto_session_build(uint8_t cdev_id, struct rte_mempool *pool,
		      const struct vc_sym_sess *p, struct vcrypto_session *s)
{
	struct rte_crypto_sym_xform cx, ax, *first;
	int rc;

	s->service = (uint8_t)p->service;
	s->aad_len = 0;
	s->cipher_shift = s->auth_shift = s->iv_off = s->aad_off = 0;
	switch (p->service) {
	case VIRTIO_CRYPTO_SERVICE_CIPHER:
		break;
	case VIRTIO_CRYPTO_SERVICE_HASH:
	case VIRTIO_CRYPTO_SERVICE_MAC:
		rc = auth_xform(cdev_id, p,
				p->service == VIRTIO_CRYPTO_SERVICE_MAC, &ax,
				s);
		if (rc != 0)
			return rc;
		s->iv_len = 0;
		s->block_mask = 0;
		return session_of(cdev_id, pool, &ax, p, s);
	case VIRTIO_CRYPTO_SERVICE_AEAD:
		rc = aead_xform(cdev_id, p, &cx, s);
		if (rc != 0)
			return rc;
		return session_of(cdev_id, pool, &cx, p, s);
	default:
		return -ENOTSUP;
	}
	rc = cipher_xform(cdev_id, p, &cx, s);
	if (rc == 0 && p->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
		rc = auth_xform(cdev_id, p,
			p->hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH, &ax,
			s);
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
	return session_of(cdev_id, pool, first, p, s);
}

int
vcrypto_session_place(const struct vc_sym_sess *sym,
		      const struct vc_akcipher_sess *ak,
		      struct vcrypto_session *s)
{
	uint8_t i;
	int rc = -ENOTSUP;

	for (i = 0; i < vcrypto_be.nb_cdevs && rc == -ENOTSUP; i++) {
		const struct vcrypto_cdev *cd = &vcrypto_be.cdevs[i];

		rc = sym != NULL ?
			vcrypto_session_build(cd->id, cd->sess_pool, sym, s) :
			vcrypto_asym_session_build(cd->id,
				vcrypto_be.asym_sess_pool, ak, s);
		s->cdev = i;
	}
	return rc;
}

/* The cryptodev's capability for @p idx, or NULL. */
static const struct rte_cryptodev_symmetric_capability *
cap_of(uint8_t cdev_id, enum rte_crypto_sym_xform_type type, int algo)
{
	struct rte_cryptodev_sym_capability_idx idx = { .type = type };

	if (type == RTE_CRYPTO_SYM_XFORM_CIPHER)
		idx.algo.cipher = algo;
	else
		idx.algo.auth = algo;
	return rte_cryptodev_sym_capability_get(cdev_id, &idx);
}

static void
auth_algos(uint8_t cdev_id, int mac, uint64_t *mask, uint32_t *max_key)
{
	const struct auth_map *m = mac ? mac_maps : hash_maps;
	size_t i, n = mac ? RTE_DIM(mac_maps) : RTE_DIM(hash_maps);

	for (i = 0; i < n; i++) {
		const struct rte_cryptodev_symmetric_capability *cap =
			cap_of(cdev_id, RTE_CRYPTO_SYM_XFORM_AUTH, m[i].algo);

		/* Sessions carry no auth IV: algorithms needing one can't. */
		if (cap == NULL || cap->auth.iv_size.min != 0)
			continue;
		*mask |= 1ULL << m[i].virtio;
		if (mac)
			*max_key = RTE_MAX(*max_key, RTE_MIN(
				(uint32_t)cap->auth.key_size.max,
				(uint32_t)VC_MAX_AUTH_KEY_LEN));
	}
}

int
vcrypto_algos_get(uint8_t cdev_id, struct vcrypto_algos *a)
{
	uint32_t v;

	if (a == NULL || !rte_cryptodev_is_valid_dev(cdev_id))
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	for (v = 0; v < RTE_DIM(cipher_maps); v++) {
		const struct cipher_map *map = cipher_lookup(v);
		const struct rte_cryptodev_symmetric_capability *cap;

		if (map == NULL)
			continue;
		cap = cap_of(cdev_id, RTE_CRYPTO_SYM_XFORM_CIPHER, map->algo);
		/* Our IV length is fixed per algorithm: the PMD must take it. */
		if (cap == NULL || rte_cryptodev_sym_capability_check_cipher(
				cap, cap->cipher.key_size.min,
				map->iv_len) != 0)
			continue;
		a->cipher |= 1ULL << v;
		a->max_cipher_key_len = RTE_MAX(a->max_cipher_key_len,
			RTE_MIN((uint32_t)cap->cipher.key_size.max,
				map->key_max != 0 ? map->key_max :
				(uint32_t)VC_MAX_CIPHER_KEY_LEN));
	}
	auth_algos(cdev_id, 1, &a->mac, &a->max_auth_key_len);
	auth_algos(cdev_id, 0, &a->hash, &a->max_auth_key_len);
	for (v = 0; v < RTE_DIM(aead_maps); v++) {
		struct rte_cryptodev_sym_capability_idx idx = {
			.type = RTE_CRYPTO_SYM_XFORM_AEAD,
			.algo.aead = aead_maps[v].algo,
		};
		const struct rte_cryptodev_symmetric_capability *cap =
			rte_cryptodev_sym_capability_get(cdev_id, &idx);

		if (cap != NULL && rte_cryptodev_sym_capability_check_aead(
				cap, cap->aead.key_size.min,
				cap->aead.digest_size.max, 0,
				aead_maps[v].iv_len) == 0)
			a->aead |= 1ULL << aead_maps[v].virtio;
	}
	vcrypto_asym_algos(cdev_id, a);
	return 0;
}

int
vcrypto_backend_algos(struct vcrypto_algos *a)
{
	/* vcrypto_init() put even a lone cdev_id in the list. */
	const struct vcrypto_conf *c = &vcrypto_be.conf;
	struct vcrypto_algos one;
	unsigned int i;

	if (a == NULL || !vcrypto_be.inited)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	for (i = 0; i < c->nb_cdevs; i++) {
		if (vcrypto_algos_get(c->cdev_ids[i], &one) != 0)
			return -EINVAL;
		a->cipher |= one.cipher;
		a->mac |= one.mac;
		a->hash |= one.hash;
		a->aead |= one.aead;
		if (one.akcipher != 0 && a->akcipher == 0) {
			/* RSA runs where the first that has it runs it. */
			a->rsa_min_mod_len = one.rsa_min_mod_len;
			a->rsa_max_mod_len = one.rsa_max_mod_len;
		}
		a->akcipher |= one.akcipher;
		a->max_cipher_key_len = RTE_MAX(a->max_cipher_key_len,
						one.max_cipher_key_len);
		a->max_auth_key_len = RTE_MAX(a->max_auth_key_len,
					      one.max_auth_key_len);
	}
	return 0;
}

/* The mask of @p kind in @p a. */
static uint64_t
mask_of(const struct vcrypto_algos *a, enum vcrypto_algo_kind kind)
{
	switch (kind) {
	case VCRYPTO_ALGO_CIPHER: return a->cipher;
	case VCRYPTO_ALGO_MAC: return a->mac;
	case VCRYPTO_ALGO_HASH: return a->hash;
	case VCRYPTO_ALGO_AEAD: return a->aead;
	case VCRYPTO_ALGO_AKCIPHER: return a->akcipher;
	}
	return 0;
}

int
vcrypto_algo_cdev(enum vcrypto_algo_kind kind, uint32_t virtio_algo)
{
	const struct vcrypto_conf *c = &vcrypto_be.conf;
	struct vcrypto_algos a;
	unsigned int i;

	if (virtio_algo >= 64 || !vcrypto_be.inited)
		return -1;
	for (i = 0; i < c->nb_cdevs; i++)
		if (vcrypto_algos_get(c->cdev_ids[i], &a) == 0 &&
		    (mask_of(&a, kind) >> virtio_algo) & 1)
			return c->cdev_ids[i];
	return -1;
}

const char *
vcrypto_algo_name(enum vcrypto_algo_kind kind, uint32_t virtio_algo)
{
	const struct cipher_map *c;
	const struct auth_map *m;
	size_t i;

	switch (kind) {
	case VCRYPTO_ALGO_CIPHER:
		c = cipher_lookup(virtio_algo);
		return c != NULL ? c->name : NULL;
	case VCRYPTO_ALGO_MAC:
	case VCRYPTO_ALGO_HASH:
		m = auth_lookup(kind == VCRYPTO_ALGO_MAC, virtio_algo);
		return m != NULL ? m->name : NULL;
	case VCRYPTO_ALGO_AEAD:
		for (i = 0; i < RTE_DIM(aead_maps); i++)
			if (aead_maps[i].virtio == virtio_algo)
				return aead_maps[i].name;
		return NULL;
	case VCRYPTO_ALGO_AKCIPHER:
		return virtio_algo == VIRTIO_CRYPTO_AKCIPHER_RSA ? "RSA" : NULL;
	}
	return NULL;
}
