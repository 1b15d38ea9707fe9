/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LD_PRELOAD shim for DPDK 22.11's dpdk-test in the DPDK guest test. The
 * crypto_virtio PMD answers an auth-only session with -1, so the session
 * create fails with rte_errno EPERM; the "Negative HMAC SHA1" cases then
 * go on with a NULL session and dpdk-test dies (SIGSEGV), whatever the
 * device. Turned into ENOTSUP, those cases are skipped as the PMD's
 * algorithm list means. Not part of vcrypto: the test's own workaround.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

#include <rte_cryptodev.h>
#include <rte_errno.h>

typedef void *(session_create_fn)(uint8_t, struct rte_crypto_sym_xform *,
				   struct rte_mempool *);

void *
rte_cryptodev_sym_session_create(uint8_t dev_id,
				 struct rte_crypto_sym_xform *xforms,
				 struct rte_mempool *mp)
{
	static session_create_fn *real;
	void *s;

	if (real == NULL)
		real = (session_create_fn *)dlsym(RTLD_NEXT,
			"rte_cryptodev_sym_session_create");
	s = real(dev_id, xforms, mp);
	if (s == NULL && rte_errno == EPERM) {
		fprintf(stderr, "VCTEST shim: session EPERM taken as ENOTSUP\n");
		rte_errno = ENOTSUP;
	}
	return s;
}
