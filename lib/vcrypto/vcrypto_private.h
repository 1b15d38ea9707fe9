/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_PRIVATE_H
#define VCRYPTO_PRIVATE_H

#include <limits.h>
#include <pthread.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_crypto.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "vc_wire.h"
#include "vcrypto_compat.h"
#include "vcrypto.h"

extern int vcrypto_logtype;
extern int vcrypto_logtype_session;
extern int vcrypto_logtype_datapath;
extern int vcrypto_logtype_vhost;

#define VC_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, vcrypto_logtype, \
		"VCRYPTO: " fmt "\n", ##__VA_ARGS__)
#define VC_SESS_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, vcrypto_logtype_session, \
		"VCRYPTO_SESSION: " fmt "\n", ##__VA_ARGS__)
#define VC_DP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, vcrypto_logtype_datapath, \
		"VCRYPTO_DATAPATH: " fmt "\n", ##__VA_ARGS__)
#define VC_VHOST_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, vcrypto_logtype_vhost, \
		"VCRYPTO_VHOST: " fmt "\n", ##__VA_ARGS__)

/** What the datapath needs to know of a session. */
struct vcrypto_session {
	uint64_t id;              /**< 0 while the slot is free */
	void *cs;                 /**< cryptodev session */
	void *cs_raw;             /**< AKCIPHER: unpadded, VERIFY's (or cs) */
	uint32_t gen;             /**< bumped each time the slot is freed */
	uint8_t op_type;          /**< VIRTIO_CRYPTO_SYM_OP_* */
	uint8_t encrypt;          /**< 1 for VIRTIO_CRYPTO_OP_ENCRYPT */
	uint8_t iv_len;
	uint8_t digest_len;
	uint8_t block_mask;       /**< cipher lengths & this must be 0 */
	uint8_t service;          /**< VIRTIO_CRYPTO_SERVICE_* */
	uint16_t aad_len;         /**< AEAD: what every request carries */
	uint8_t cdev;             /**< index in vcrypto_be.cdevs */
	/* 3: the PMD counts these offsets and lengths in bits (3GPP). */
	uint8_t cipher_shift;
	uint8_t auth_shift;
	/* Where the PMD reads the IV in the op, the AAD in its buffer. */
	uint8_t iv_off;
	uint8_t aad_off;
	uint16_t mod_len;         /**< AKCIPHER: RSA modulus bytes */
	uint8_t rsa_padding;      /**< VIRTIO_CRYPTO_RSA_*_PADDING */
	uint8_t rsa_hash;         /**< VIRTIO_CRYPTO_RSA_* hash */
	uint8_t rsa_private;      /**< the key decrypts and signs */
	uint8_t large;            /**< enum vcrypto_large: past 64 KiB */
};

/** How a session runs requests past one mbuf (64 KiB): set_large(). */
enum vcrypto_large {
	LARGE_NONE = 0,           /**< it does not: BADMSG */
	LARGE_CHAINS,             /**< in a chain of mbufs, to 1 MiB */
	LARGE_CBC_STEPS,          /**< run_cbc_steps(), to 1 MiB */
};

/** States of a data queue, as seen by its lcore and the vhost thread. */
enum vcrypto_vq_state {
	VQ_IDLE = 0,      /**< no ring; the lcore skips it */
	VQ_RUNNING,       /**< the lcore serves it */
	VQ_STOP_REQ,      /**< vhost thread asks the lcore to drain it */
	VQ_STOPPED,       /**< lcore drained it and let go */
};

/*
 * Where a request in flight writes its results, kept only when they are
 * copied out at completion (copy mode, a digest not in one piece,
 * akcipher): the writable buffers results go to, in wr_short or, for a
 * request with more, a list of its own.
 */
struct vcrypto_req {
	uint32_t nr_wr;
	uint8_t *status;          /**< akcipher: the guest's status byte */
	struct vc_seg *wr;
	struct vc_seg wr_short[VC_MAX_SEGS];
};

/*
 * A chain's segments: the short chain every request is walked into
 * first, then the long one for those with more buffers, each side
 * holding the first VCRYPTO_CHAIN_BYTES bytes (any request's parts).
 */
#define VCRYPTO_LONG_SEGS VC_MAX_RING_SIZE
#define VCRYPTO_CHAIN_BYTES (VCRYPTO_MAX_DATA_LEN + 4096)
/** Requests with a long list of writable buffers in flight per queue. */
#define VCRYPTO_LONG_INFLIGHT 16

struct vcrypto_device;
struct rte_vhost_memory;

/** One data queue of one device; every field but state is its lcore's. */
struct vcrypto_vq {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t size;
	uint16_t last_avail;      /**< next avail entry to take */
	uint16_t used_idx;        /**< next used entry to fill */
	uint16_t used_published;  /**< used->idx as last stored */
	uint16_t inflight;
	uint16_t long_inflight;   /**< requests with a list of their own */
	uint8_t event_idx;
	uint8_t indirect_ok;
	uint8_t broken;
	int callfd;
	uint16_t qid;
	unsigned int lcore_id;
	struct vcrypto_device *dev;
	struct vcrypto_req *reqs; /**< indexed by head descriptor id */
	uint8_t *busy;            /**< by head id: 1 while in flight */
	struct vc_mem_table mem;
	struct vcrypto_queue_stats stats;
	uint64_t log_after;       /**< rate limit of guest error logs */
	uint32_t state;           /**< enum vcrypto_vq_state, atomic */
} __rte_cache_aligned;

/*
 * The control queue of a device (the vring after its data queues), served
 * by the control thread, never by a data lcore: destroying a session waits
 * for the data lcores.
 */
struct vcrypto_cq {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t size;
	uint16_t qid;
	uint16_t last_avail;
	uint16_t used_idx;
	uint8_t event_idx;
	uint8_t indirect_ok;
	uint8_t broken;
	int callfd;
	struct vc_mem_table mem;
	uint64_t requests;        /**< served, for logs and tests */
	uint32_t running;         /**< atomic; changed under the lock */
};

/** A vhost-user socket and what its frontend set up. */
struct vcrypto_device {
	char path[PATH_MAX];
	uint32_t flags;
	uint16_t nb_dataqs;
	int id;
	int vid;                  /**< -1 while no frontend is connected */
	uint64_t features;
	struct vcrypto_vq *vqs[VCRYPTO_MAX_DATAQS];
	struct vcrypto_session *sessions;
	uint32_t nb_sessions;
	uint32_t sess_hint;       /**< where to look for a free slot */
	/*
	 * Taken by the vhost thread and the control thread: the session
	 * table and the control queue change under it.
	 */
	pthread_mutex_t lock;
	struct vcrypto_cq cq;
};

/** Ops and buffers an lcore takes from its pools at a time. */
#define VCRYPTO_STASH 32
/** Buffers up to this size come from the small pool. */
#define SMALL_BUF_SIZE 2048
/** The large pool's buffers: what one mbuf holds. */
#define LARGE_BUF_SIZE UINT16_MAX
/*
 * Data past one mbuf goes in a chain of them, this much in each: a
 * multiple of 64 bytes, so that blocks never straddle two.
 */
#define LARGE_SEG_LEN (LARGE_BUF_SIZE & ~63u)
/** Large buffers that the largest request takes. */
#define LARGE_BUFS_PER_REQ \
	((VCRYPTO_MAX_DATA_LEN + LARGE_SEG_LEN - 1) / LARGE_SEG_LEN)

/** Per polling lcore: its queues, its cryptodev queue pair, its pools. */
struct vcrypto_lcore {
	unsigned int lcore_id;
	uint16_t qp_id;           /**< the same on every cryptodev */
	uint16_t nb_vqs;
	struct vcrypto_vq *vqs[VCRYPTO_MAX_DEVICES * VCRYPTO_MAX_DATAQS];
	struct rte_mempool *op_pool;
	struct rte_mempool *small_pool;
	struct rte_mempool *large_pool;
	struct rte_mempool *asym_op_pool; /**< NULL: no asymmetric PMD */
	/* Taken from the pools in bulk, used one by one. */
	struct rte_crypto_op *ops[VCRYPTO_STASH];
	struct rte_mbuf *mbufs[VCRYPTO_STASH];
	uint16_t nb_ops;
	uint16_t nb_mbufs;
	/* Published for quiescence (session close) and stop. */
	uint64_t rounds;
	uint64_t prepared;
	uint64_t completed;
	uint64_t enq_retries;     /**< rounds where the PMD took nothing */
	uint64_t busy_cycles;     /**< TSC cycles of rounds that did work */
	uint64_t idle_cycles;     /**< TSC cycles of rounds that found none */
	/* Where the busy cycles went; they add up to busy_cycles. */
	uint64_t take_cycles;     /**< requests read, checked, made into ops */
	uint64_t cdev_cycles;     /**< in the cryptodevs' enqueue and dequeue */
	uint64_t finish_cycles;   /**< results, status, used ring, notify */
	uint32_t running;
	/* Ops each cryptodev holds of this lcore's (its own counters). */
	uint32_t cdev_inflight[VCRYPTO_MAX_CDEVS];
} __rte_cache_aligned;

/** One of the backend's cryptodevs. */
struct vcrypto_cdev {
	uint8_t id;
	uint8_t zero_copy;        /**< ops on it may point at guest memory */
	struct rte_mempool *sess_pool;
	uint32_t sessions;        /**< of every device, atomic */
};

/** The backend. */
struct vcrypto_backend {
	struct vcrypto_conf conf;
	struct vcrypto_cdev cdevs[VCRYPTO_MAX_CDEVS];
	uint8_t nb_cdevs;
	struct rte_mempool *asym_sess_pool; /**< NULL: no asymmetric PMD */
	struct vcrypto_device *devs[VCRYPTO_MAX_DEVICES];
	int nb_devs;
	struct vcrypto_lcore *lcores[RTE_MAX_LCORE];
	uint16_t nb_lcores;
	uint32_t stop;
	int inited;               /**< vcrypto_init() took the conf */
	int started;
};

extern struct vcrypto_backend vcrypto_be;

/** The polling lcore record of @p lcore_id, or NULL. */
static inline struct vcrypto_lcore *
vcrypto_lcore_find(unsigned int lcore_id)
{
	unsigned int i;

	for (i = 0; i < vcrypto_be.nb_lcores; i++)
		if (vcrypto_be.lcores[i]->lcore_id == lcore_id)
			return vcrypto_be.lcores[i];
	return NULL;
}

/*
 * AES-CCM's AAD goes 18 bytes into its buffer, which the PMD pads to
 * whole 16-byte blocks.
 */
#define VCRYPTO_CCM_AAD_OFF 18
#define VCRYPTO_AAD_ROOM \
	RTE_ALIGN_CEIL(VCRYPTO_CCM_AAD_OFF + VC_MAX_AAD_LEN, 16)

/*
 * An op of ours: rte_crypto_op, its rte_crypto_sym_op, then this, then
 * (cache aligned) the two mbufs zero copy points at guest memory. What
 * every completion reads comes first, in the op's second cache line.
 */
struct vcrypto_op_priv {
	struct vcrypto_vq *vq;
	uint8_t *status;          /**< the guest's status byte */
	uint32_t src_len;         /**< for the byte counter */
	uint32_t done_len;        /**< dst + digest bytes written if OK */
	uint32_t dst_len;         /**< to copy out at completion (0: none) */
	uint32_t hash_len;        /**< digest to copy out (0: none) */
	uint32_t hash_off;        /**< where the digest goes */
	uint16_t head;
	uint8_t own_mbuf;         /**< m_src is a pool mbuf to free */
	uint8_t long_wr;          /**< the request has a long_list_get() list */
	/* Ops of run_cbc_steps() only: */
	uint8_t cdev;             /**< the session's cryptodev */
	uint8_t encrypt;
	uint8_t iv[VC_MAX_IV_LEN];
	uint8_t digest[VC_MAX_DIGEST_LEN];
	uint8_t aad[VCRYPTO_AAD_ROOM];
};

#define VCRYPTO_PRIV_OFFSET \
	(sizeof(struct rte_crypto_op) + sizeof(struct rte_crypto_sym_op))
#define VCRYPTO_IV_OFFSET \
	(VCRYPTO_PRIV_OFFSET + offsetof(struct vcrypto_op_priv, iv))
#define VCRYPTO_DIGEST_OFFSET \
	(VCRYPTO_PRIV_OFFSET + offsetof(struct vcrypto_op_priv, digest))
#define VCRYPTO_AAD_OFFSET \
	(VCRYPTO_PRIV_OFFSET + offsetof(struct vcrypto_op_priv, aad))
#define VCRYPTO_ZC_MBUF_OFFSET \
	RTE_ALIGN_CEIL(VCRYPTO_PRIV_OFFSET + sizeof(struct vcrypto_op_priv), \
		       RTE_CACHE_LINE_SIZE)
/** Private bytes of an op after its rte_crypto_sym_op. */
#define VCRYPTO_OP_PRIV_SIZE \
	(VCRYPTO_ZC_MBUF_OFFSET + 2 * sizeof(struct rte_mbuf) - \
	 VCRYPTO_PRIV_OFFSET)

static inline struct vcrypto_op_priv *
vcrypto_op_priv(struct rte_crypto_op *op)
{
	return RTE_PTR_ADD(op, VCRYPTO_PRIV_OFFSET);
}

/** Zero copy mbuf @p i (0: source, 1: destination) of an op. */
static inline struct rte_mbuf *
vcrypto_op_zc_mbuf(struct rte_crypto_op *op, unsigned int i)
{
	return RTE_PTR_ADD(op, VCRYPTO_ZC_MBUF_OFFSET +
			   i * sizeof(struct rte_mbuf));
}

/* vcrypto_datapath.c */
void vcrypto_op_pool_init(struct rte_mempool *mp, void *arg, void *obj,
			  unsigned int idx);

/* vcrypto_xform.c */
int vcrypto_session_build(uint8_t cdev_id, struct rte_mempool *pool,
			  const struct vc_sym_sess *p,
			  struct vcrypto_session *s);
/*
 * Build @p s from @p sym or, if NULL, @p ak on the first of the backend's
 * cryptodevs that can run it; -ENOTSUP if none can.
 */
int vcrypto_session_place(const struct vc_sym_sess *sym,
			  const struct vc_akcipher_sess *ak,
			  struct vcrypto_session *s);

/* vcrypto_asym.c: akcipher (RSA) sessions, ops and capabilities */
/** Asymmetric ops per polling lcore: RSA runs at most a few in flight. */
#define VCRYPTO_ASYM_OPS 256
int vcrypto_asym_session_build(uint8_t cdev_id, struct rte_mempool *pool,
			       const struct vc_akcipher_sess *p,
			       struct vcrypto_session *s);
void vcrypto_asym_algos(uint8_t cdev_id, struct vcrypto_algos *a);
struct rte_mempool *vcrypto_asym_op_pool_create(const char *name,
						int socket);
/*
 * Build the op of an akcipher request: VIRTIO_CRYPTO_OK with *op set (for
 * the cryptodev *cdev of vcrypto_be.cdevs), a
 * status to complete the request with at once, or -ENOBUFS (no op: leave
 * it in the ring).
 */
int vcrypto_asym_prepare(struct vcrypto_lcore *lc, struct vcrypto_vq *vq,
			 uint16_t head, const struct vc_chain *c,
			 const struct virtio_crypto_op_data_req *hdr,
			 struct rte_crypto_op **op, uint8_t *cdev);
/*
 * Write a completed akcipher op's result to the guest and free the op:
 * its request (@p vq, @p head), status, and used length.
 */
uint8_t vcrypto_asym_finish(struct rte_crypto_op *op, struct vcrypto_vq **vq,
			    uint16_t *head, uint32_t *len);

/* vcrypto_session.c */
int vcrypto_session_create(struct vcrypto_device *dev,
			   const struct vc_sym_sess *p, uint64_t *id);
int vcrypto_session_create_asym(struct vcrypto_device *dev,
				const struct vc_akcipher_sess *p,
				uint64_t *id);
int vcrypto_session_destroy(struct vcrypto_device *dev, uint64_t id);
void vcrypto_session_destroy_all(struct vcrypto_device *dev);
void vcrypto_quiesce(void);

static inline struct vcrypto_session *
vcrypto_session_lookup(struct vcrypto_device *dev, uint64_t id)
{
	uint32_t idx = (uint32_t)id;
	struct vcrypto_session *s;

	if (idx >= vcrypto_be.conf.max_sessions)
		return NULL;
	s = &dev->sessions[idx];
	if (__atomic_load_n(&s->id, __ATOMIC_ACQUIRE) != id || id == 0)
		return NULL;
	return s;
}

/* vcrypto_ctrlq.c */
int vcrypto_ctrlq_thread_start(void);
void vcrypto_ctrlq_thread_stop(void);
int vcrypto_ctrlq_start(struct vcrypto_device *dev, int vid, uint16_t qid,
			struct rte_vhost_memory *mem, int indirect_ok);
void vcrypto_ctrlq_stop(struct vcrypto_device *dev);

/* vcrypto_vhost.c */
int vcrypto_vhost_register(struct vcrypto_device *dev);
void vcrypto_vhost_unregister(struct vcrypto_device *dev);

#endif /* VCRYPTO_PRIVATE_H */
