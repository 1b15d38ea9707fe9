/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VC_TEST_SVC_GUEST_H
#define VC_TEST_SVC_GUEST_H

/*
 * A guest for the service tests: one device (with its controlq or not),
 * one set of request buffers in its memory, sessions of every service on
 * either path, and one request run and waited for at a time. Checks that
 * fail go through harness.h's CHECK.
 */

#include <stdint.h>

#include "vu_crypto.h"

/** Largest src or dst of a request here. */
#define SG_MAX_LEN 4096

struct sguest {
	struct vu_dev *dev;
	uint8_t *iv;       /* 32 bytes */
	uint8_t *src;      /* SG_MAX_LEN + 64 bytes (room for a tag) */
	uint8_t *dst;      /* the same */
	uint8_t *aad;      /* 256 bytes */
	uint8_t *digest;   /* 64 bytes */
	struct vu_sym_op op;
};

/** Open @p sock (with a controlq if @p ctrlq). @return 0 or -1. */
int sguest_open(struct sguest *g, const char *sock, int ctrlq);

/** Run g->op on queue 0, 5 s at most. @return its status or -1. */
int sguest_run(struct sguest *g);

/** Parameters of a cipher-only session. */
struct vu_sym_session sg_cipher_params(uint32_t algo, const uint8_t *key,
				       uint32_t keylen, int encrypt);

/** ... and of a cipher chained with MAC @p mac (HMAC or the like). */
struct vu_sym_session sg_chain_params(uint32_t algo, const uint8_t *key,
				      uint32_t keylen, int encrypt,
				      int hash_first, uint32_t mac,
				      const uint8_t *akey, uint32_t akeylen,
				      uint32_t digest_len);

/**
 * A cipher-only session over the controlq; @return the device's status
 * (0xfe if the request could not be carried), the id in @p sid (0 if
 * none).
 */
uint8_t sguest_ctrl_cipher(struct sguest *g, uint32_t algo,
			   const uint8_t *key, uint32_t keylen, int encrypt,
			   uint64_t *sid);

/** The same over vhost-user CREATE_CRYPTO_SESSION; 0 or -errno. */
int sguest_vhost_cipher(struct sguest *g, uint32_t algo, const uint8_t *key,
			uint32_t keylen, int encrypt, uint64_t *sid);

/** A HASH, MAC or AEAD session over the controlq; as above. */
uint8_t sguest_ctrl_svc(struct sguest *g, uint32_t service, uint32_t algo,
			const uint8_t *key, uint32_t key_len,
			uint32_t result_len, uint32_t aad_len, int encrypt,
			uint64_t *sid);

/** Destroy a session with the DESTROY opcode of @p service: status. */
uint8_t sguest_ctrl_destroy(struct sguest *g, uint32_t service, uint64_t sid);

/** Make @p op a cipher-only request: @p len bytes from @p src to @p dst. */
void sg_cipher_op(struct vu_sym_op *op, uint64_t sid, int encrypt,
		  const void *iv, uint32_t iv_len, const void *src, void *dst,
		  uint32_t len);

/**
 * Make g->op a request of any @p opcode on g's buffers, with the lengths
 * given (0: that part left out), whatever the session expects.
 */
void sguest_op(struct sguest *g, uint32_t opcode, uint64_t sid,
	       uint32_t iv_len, uint32_t aad_len, uint32_t src_len,
	       uint32_t dst_len, uint32_t digest_len);

/** Cipher @p len bytes of src into dst. @return the status or -1. */
int sguest_cipher(struct sguest *g, uint64_t sid, int encrypt,
		  uint32_t iv_len, uint32_t len);

/**
 * Digest @p len bytes of src into digest (filled with 0xa5 first), with
 * @p opcode VIRTIO_CRYPTO_HASH or _MAC. @return the status or -1.
 */
int sguest_hash(struct sguest *g, uint32_t opcode, uint64_t sid,
		uint32_t len, uint32_t digest_len);

/** AEAD: iv, aad, src in; dst out. @return the status or -1. */
int sguest_aead(struct sguest *g, uint64_t sid, int encrypt, uint32_t iv_len,
		uint32_t aad_len, uint32_t src_len, uint32_t dst_len);

#endif /* VC_TEST_SVC_GUEST_H */
