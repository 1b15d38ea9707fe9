/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_PERF_H
#define VCRYPTO_PERF_H

#include <stdint.h>

#include "vu_crypto.h"

#define PERF_MAX_SIZES 16
#define PERF_WINDOW 256

enum perf_test { PTEST_THROUGHPUT, PTEST_LATENCY, PTEST_VERIFY };
enum perf_optype { OP_CIPHER_ONLY, OP_CIPHER_THEN_AUTH, OP_AUTH_THEN_CIPHER,
		  OP_AEAD };

/** The run, in dpdk-test-crypto-perf's terms. */
struct perf_opts {
	const char *socket;
	enum perf_test ptest;
	enum perf_optype optype;
	uint32_t cipher_algo;      /**< VIRTIO_CRYPTO_CIPHER_* */
	int encrypt;
	uint32_t cipher_key_sz;
	uint32_t cipher_iv_sz;
	uint32_t auth_algo;        /**< VIRTIO_CRYPTO_MAC_* */
	uint32_t auth_key_sz;
	uint32_t digest_sz;
	uint32_t aead_algo;        /**< VIRTIO_CRYPTO_AEAD_* */
	uint32_t aead_key_sz;
	uint32_t aead_iv_sz;
	uint32_t aead_aad_sz;
	uint32_t sizes[PERF_MAX_SIZES];
	unsigned int nb_sizes;
	unsigned int burst;
	uint64_t total_ops;
	int csv;
	int indirect;
	int prebuilt;              /**< pin each slot's chain (vu_op_pin) */
};

/** Parse argv; prints what is wrong and returns -1, or 1 after --help. */
int perf_parse(int argc, char **argv, struct perf_opts *o);

/** Printable names, for headers. */
const char *perf_cipher_name(uint32_t algo);
const char *perf_auth_name(uint32_t algo);
const char *perf_aead_name(uint32_t algo);

/**
 * Compute with OpenSSL what the device should have produced for @p op
 * (whose buffers hold the input and the device's output) and compare.
 * @return 1 if the device's output is right.
 */
int perf_verify(const struct perf_opts *o, const struct vu_sym_op *op,
		const uint8_t *cipher_key, const uint8_t *auth_key);

#endif /* VCRYPTO_PERF_H */
