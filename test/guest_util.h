/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VC_TEST_GUEST_UTIL_H
#define VC_TEST_GUEST_UTIL_H

/*
 * A driver-side guest for the resource and load tests: open with retry,
 * AES-CTR and RSA sessions, requests, submit-and-wait, and the OpenSSL
 * answer.
 */

#include <stdint.h>

#include "vu_crypto.h"

/** Open a device, retrying while the backend is not ready (or still
 *  letting a previous frontend go) for up to @p timeout_ms. */
struct vu_dev *guest_open(const char *sock, uint16_t nb_qs, uint16_t qsize,
			  size_t mem, int indirect, int timeout_ms);

/** The same with any configuration (a controlq, regions, ...). */
struct vu_dev *guest_open_conf(const struct vu_dev_conf *conf,
			       int timeout_ms);

/**
 * An RSA session over the controlq from a PKCS#1 DER key (private if
 * @p priv) with padding @p padding and hash @p hash.
 * @return the device's status (0xfe if it could not be asked), the id in
 *   @p sid.
 */
uint8_t guest_rsa_session(struct vu_dev *dev, const uint8_t *der,
			  uint32_t len, int priv, uint32_t padding,
			  uint32_t hash, uint64_t *sid);

/** An AES-CTR encrypt session with @p key (16 bytes); id or -errno. */
int64_t guest_ctr_session(struct vu_dev *dev, const uint8_t *key);

/** A request slot: its buffers in guest memory and its op. */
struct gslot {
	uint8_t *iv;
	uint8_t *src;
	uint8_t *dst;
	uint32_t len;
	struct vu_sym_op op;
};

/** Allocate @p n slots of @p len bytes each. @return 0 or -1. */
int gslots_alloc(struct vu_dev *dev, struct gslot *s, unsigned int n,
		 uint32_t len);

/** Fill a slot with random data and make it a CTR encrypt request. */
void gslot_prepare(struct gslot *s, int64_t sid, uint64_t *rng);

/** Does the slot's dst hold AES-128-CTR of its src under @p key? */
int gslot_verify(const struct gslot *s, const uint8_t *key);

/**
 * Submit @p n ops on queue @p q and collect them all, for at most
 * @p timeout_ms. @return how many completed.
 */
unsigned int guest_run(struct vu_dev *dev, uint16_t q, struct vu_sym_op **ops,
		       unsigned int n, int timeout_ms);

/** Milliseconds of CLOCK_MONOTONIC. */
uint64_t now_ms(void);

#endif /* VC_TEST_GUEST_UTIL_H */
