/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What differs between the DPDK releases we build on: 22.11 (Debian 12),
 * 23.11 (Ubuntu 24.04) and 24.11 (Debian 13). Everything that depends on
 * the release is here, so that no other file has a version test.
 */
#ifndef VCRYPTO_COMPAT_H
#define VCRYPTO_COMPAT_H

#include <pthread.h>

#include <rte_crypto_asym.h>
#include <rte_telemetry.h>
#include <rte_thread.h>
#include <rte_version.h>

#if RTE_VERSION >= RTE_VERSION_NUM(23, 11, 0, 0)

/* 23.03 made telemetry's integers unsigned 64-bit under a new name. */
#define vc_tel_add_u64 rte_tel_data_add_dict_uint

/* 23.11: control threads are rte_thread_t and return uint32_t. */
typedef rte_thread_t vc_ctrl_thread_t;
typedef uint32_t vc_ctrl_thread_ret;

static inline int
vc_ctrl_thread_create(vc_ctrl_thread_t *t, const char *name,
		      vc_ctrl_thread_ret (*fn)(void *))
{
	return rte_thread_create_control(t, name, fn, NULL);
}

static inline void
vc_ctrl_thread_join(vc_ctrl_thread_t t)
{
	rte_thread_join(t, NULL);
}

/*
 * 23.11 moved RSA padding from the op to the session: a key that pads
 * needs a second, unpadded session for the raw public operation VERIFY
 * runs on.
 */
#define VC_RSA_SESSIONS_PER_KEY 2

static inline void
vc_rsa_xform_padding(struct rte_crypto_asym_xform *x,
		     enum rte_crypto_rsa_padding_type type)
{
	x->rsa.padding.type = type;
}

static inline void
vc_rsa_op_padding(struct rte_crypto_rsa_op_param *rsa __rte_unused,
		  enum rte_crypto_rsa_padding_type type __rte_unused)
{
}

#else /* 22.11 */

#define vc_tel_add_u64 rte_tel_data_add_dict_u64

typedef pthread_t vc_ctrl_thread_t;
typedef void *vc_ctrl_thread_ret;

static inline int
vc_ctrl_thread_create(vc_ctrl_thread_t *t, const char *name,
		      vc_ctrl_thread_ret (*fn)(void *))
{
	return rte_ctrl_thread_create(t, name, NULL, fn, NULL);
}

static inline void
vc_ctrl_thread_join(vc_ctrl_thread_t t)
{
	pthread_join(t, NULL);
}

/* The op says how it pads: one session serves every operation. */
#define VC_RSA_SESSIONS_PER_KEY 1

static inline void
vc_rsa_xform_padding(struct rte_crypto_asym_xform *x __rte_unused,
		     enum rte_crypto_rsa_padding_type type __rte_unused)
{
}

static inline void
vc_rsa_op_padding(struct rte_crypto_rsa_op_param *rsa,
		  enum rte_crypto_rsa_padding_type type)
{
	rsa->padding.type = type;
}

#endif

#endif /* VCRYPTO_COMPAT_H */
