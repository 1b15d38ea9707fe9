/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VC_TEST_OSSL_REF_H
#define VC_TEST_OSSL_REF_H

/*
 * OpenSSL's answer for a virtio-crypto algorithm, to compare a backend's
 * output with on random inputs. What OpenSSL lacks as such is built from
 * its primitives the way the algorithm's definition says: AES-XCBC-MAC
 * (RFC 3566) from AES-128-ECB, 3DES-CTR (SP 800-38A counter mode, the
 * whole 64-bit block as counter) from 3DES-ECB.
 */

#include <stdint.h>

/** Load OpenSSL's default and legacy (DES) providers. @return 0 or -1. */
int ref_init(void);

/** Unload them, and free what OpenSSL holds. */
void ref_fini(void);

/**
 * Encrypt @p len bytes with VIRTIO_CRYPTO_CIPHER_ @p algo.
 * @return 0, or -1 if OpenSSL has no such algorithm or key length.
 */
int ref_cipher(uint32_t algo, const uint8_t *key, uint32_t key_len,
	       const uint8_t *iv, const uint8_t *in, uint32_t len,
	       uint8_t *out);

/**
 * The digest of @p len bytes: VIRTIO_CRYPTO_HASH_ @p algo (no key) or
 * VIRTIO_CRYPTO_MAC_ @p algo, @p mac set. @p out takes 64 bytes; its full
 * length goes to @p out_len. @return 0 or -1 as above.
 */
int ref_digest(int mac, uint32_t algo, const uint8_t *key, uint32_t key_len,
	       const uint8_t *in, uint32_t len, uint8_t *out,
	       uint32_t *out_len);

/**
 * AEAD encryption, VIRTIO_CRYPTO_AEAD_ @p algo: @p out gets the
 * ciphertext and the @p tag_len byte tag after it. @return 0 or -1.
 */
int ref_aead(uint32_t algo, const uint8_t *key, uint32_t key_len,
	     const uint8_t *iv, uint32_t iv_len, const uint8_t *aad,
	     uint32_t aad_len, const uint8_t *in, uint32_t len,
	     uint32_t tag_len, uint8_t *out);

#endif /* VC_TEST_OSSL_REF_H */
