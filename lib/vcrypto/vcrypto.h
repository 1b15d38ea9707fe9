/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_H
#define VCRYPTO_H

/**
 * @file
 * vcrypto: a poll-mode vhost-user backend for the virtio-crypto device.
 *
 * Use:
 *  1. rte_eal_init(), then create the cryptodev (e.g. an EAL --vdev);
 *  2. vcrypto_init() with that cryptodev;
 *  3. vcrypto_device_create() for each vhost-user socket;
 *  4. vcrypto_queue_map() to give each (device, data queue) to an lcore;
 *  5. vcrypto_start(), then run vcrypto_lcore_poll() on every mapped lcore;
 *  6. vcrypto_stop() (e.g. from a signal) makes the lcores finish what is
 *     in flight and return; then vcrypto_cleanup().
 *
 * Control calls (all but vcrypto_lcore_poll() and vcrypto_stop()) come from
 * one thread. The data path takes no lock, makes no syscall but the
 * guest notifications the guest asked for, and allocates nothing per
 * request.
 *
 * vcrypto_init() also registers the telemetry commands /vcrypto/devices,
 * /vcrypto/device, /vcrypto/stats and /vcrypto/lcores (see doc/).
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most devices (vhost-user sockets) one backend serves. */
#define VCRYPTO_MAX_DEVICES 64
/** Most data queues of one device. */
#define VCRYPTO_MAX_DATAQS 64
/** Most requests taken from a queue, and ops enqueued, per poll. */
#define VCRYPTO_MAX_BURST 128
/**
 * Largest request data (src = dst) length: 1 MiB, what Linux's driver
 * sends for one AF_ALG operation. Up to 64 KiB a request is one mbuf;
 * past that, a chain of them.
 */
#define VCRYPTO_MAX_DATA_LEN (1u << 20)

/** Device flag: connect to the socket as a client, reconnecting. */
#define VCRYPTO_DEV_CLIENT (1u << 0)

/** How request data reaches the cryptodev. */
enum vcrypto_copy_mode {
	/** Zero copy where the PMD allows it (software, out of place). */
	VCRYPTO_COPY_AUTO = 0,
	/** Always copy into our own mbufs (what hardware PMDs need). */
	VCRYPTO_COPY_ALWAYS,
	/** Zero copy, or fail at start if the PMD cannot. */
	VCRYPTO_COPY_NEVER,
};

/** Most cryptodevs one backend runs sessions on. */
#define VCRYPTO_MAX_CDEVS 8

/** Backend-wide configuration. */
struct vcrypto_conf {
	uint8_t cdev_id;          /**< the cryptodev, if nb_cdevs is 0 */
	uint16_t burst;           /**< 1..VCRYPTO_MAX_BURST (default 32) */
	uint32_t max_sessions;    /**< per device (default 1024) */
	uint32_t ops_per_lcore;   /**< crypto ops per lcore (default 4096) */
	uint32_t large_bufs_per_lcore; /**< 64 KiB buffers (default 256) */
	enum vcrypto_copy_mode copy_mode; /**< default VCRYPTO_COPY_AUTO */
	/**
	 * How many of cdev_ids to use (0: cdev_id alone). Each session
	 * goes to the first that can run it; every device offers what
	 * any of them can.
	 */
	uint8_t nb_cdevs;
	/** Cryptodevs, in order of preference. */
	uint8_t cdev_ids[VCRYPTO_MAX_CDEVS];
};

/** Counters of one data queue, written by its lcore only. */
struct vcrypto_queue_stats {
	uint64_t requests;        /**< requests taken from the ring */
	uint64_t bytes;           /**< source bytes of successful requests */
	uint64_t ok;              /**< completed with VIRTIO_CRYPTO_OK */
	uint64_t err;             /**< VIRTIO_CRYPTO_ERR */
	uint64_t badmsg;          /**< VIRTIO_CRYPTO_BADMSG */
	uint64_t notsupp;         /**< VIRTIO_CRYPTO_NOTSUPP */
	uint64_t invsess;         /**< VIRTIO_CRYPTO_INVSESS */
	uint64_t bad_chains;      /**< descriptor chains refused */
	uint64_t alloc_retries;   /**< polls that ran out of ops or buffers */
	uint64_t notifications;   /**< guest notifications sent */
	uint64_t broken;          /**< 1 once the ring could not be parsed */
	/** VIRTIO_CRYPTO_KEY_REJECTED: a signature that did not verify */
	uint64_t key_rejected;
};

/**
 * Configure the backend on a started-or-not cryptodev. Fields left 0 take
 * their defaults. @return 0 or a negative errno.
 */
int vcrypto_init(const struct vcrypto_conf *conf);

/**
 * Add a device served on a vhost-user socket.
 *
 * @param path       socket path
 * @param flags      VCRYPTO_DEV_*
 * @param nb_dataqs  data queues offered (1..VCRYPTO_MAX_DATAQS)
 * @return the device id (>= 0) or a negative errno.
 */
int vcrypto_device_create(const char *path, uint32_t flags,
			  uint16_t nb_dataqs);

/**
 * Have @p lcore_id poll data queue @p qid of device @p dev_id. A queue has
 * one lcore; an lcore may poll many queues.
 * @return 0 or a negative errno.
 */
int vcrypto_queue_map(unsigned int lcore_id, int dev_id, uint16_t qid);

/**
 * Configure the cryptodev (one queue pair per polling lcore), create the
 * pools and start listening (or connecting) on every socket.
 * @return 0 or a negative errno.
 */
int vcrypto_start(void);

/**
 * The poll loop of one lcore; returns 0 after vcrypto_stop() once all the
 * requests it had taken are completed. Pass NULL.
 */
int vcrypto_lcore_poll(void *arg);

/** Ask the lcores to drain and return. Async-signal-safe. */
void vcrypto_stop(void);

/** Unregister the sockets, free sessions and pools. */
void vcrypto_cleanup(void);

/** Number of devices created. */
int vcrypto_device_count(void);

/** Socket path of a device, or NULL. */
const char *vcrypto_device_path(int dev_id);

/** Data queues a device offers, or 0. */
uint16_t vcrypto_device_dataqs(int dev_id);

/** Sessions currently open on a device. */
uint32_t vcrypto_device_sessions(int dev_id);

/**
 * Read the counters of a data queue (a consistent-enough snapshot: each
 * counter is read atomically). @return 0 or -EINVAL.
 */
int vcrypto_queue_stats_get(int dev_id, uint16_t qid,
			    struct vcrypto_queue_stats *stats);

/**
 * The lcore polling data queue @p qid of device @p dev_id.
 * @return the lcore id, or -1 if the queue does not exist or has no lcore.
 */
int vcrypto_queue_lcore(int dev_id, uint16_t qid);

/** Algorithm families, numbered as virtio-crypto numbers them. */
enum vcrypto_algo_kind {
	VCRYPTO_ALGO_CIPHER,      /**< VIRTIO_CRYPTO_CIPHER_* */
	VCRYPTO_ALGO_MAC,         /**< VIRTIO_CRYPTO_MAC_* */
	VCRYPTO_ALGO_HASH,        /**< VIRTIO_CRYPTO_HASH_* */
	VCRYPTO_ALGO_AEAD,        /**< VIRTIO_CRYPTO_AEAD_* */
	VCRYPTO_ALGO_AKCIPHER,    /**< VIRTIO_CRYPTO_AKCIPHER_* */
};

/**
 * What a cryptodev lets a device serve: bit n of a mask is virtio
 * algorithm n of its family. Ciphers run alone or chained with a MAC or a
 * hash, over either session path; MACs and hashes also alone, AEAD and
 * akcipher (RSA, raw and PKCS#1 v1.5) over the control queue.
 */
struct vcrypto_algos {
	uint64_t cipher;              /**< VIRTIO_CRYPTO_CIPHER_* bits */
	uint64_t mac;                 /**< VIRTIO_CRYPTO_MAC_* bits */
	uint64_t hash;                /**< VIRTIO_CRYPTO_HASH_* bits */
	uint32_t max_cipher_key_len;  /**< longest cipher key, bytes */
	uint32_t max_auth_key_len;    /**< longest MAC key, bytes */
	uint64_t aead;                /**< VIRTIO_CRYPTO_AEAD_* bits */
	uint64_t akcipher;            /**< VIRTIO_CRYPTO_AKCIPHER_* bits */
	uint32_t rsa_min_mod_len;     /**< shortest RSA modulus, bytes */
	uint32_t rsa_max_mod_len;     /**< longest RSA modulus, bytes */
};

/**
 * Walk vcrypto's virtio-to-cryptodev algorithm maps against the
 * capabilities of cryptodev @p cdev_id (which need not be configured).
 * @return 0 or -EINVAL.
 */
int vcrypto_algos_get(uint8_t cdev_id, struct vcrypto_algos *algos);

/**
 * What the backend's cryptodevs (vcrypto_init()) offer together: the
 * union of their vcrypto_algos_get(), the longest key lengths.
 * @return 0 or -EINVAL before vcrypto_init().
 */
int vcrypto_backend_algos(struct vcrypto_algos *algos);

/**
 * The cryptodev a session of @p kind / @p virtio_algo would go to: the
 * first of the backend's that has it.
 * @return the cryptodev id, or -1 if none has it.
 */
int vcrypto_algo_cdev(enum vcrypto_algo_kind kind, uint32_t virtio_algo);

/**
 * Name of a virtio algorithm vcrypto maps to a cryptodev one, e.g.
 * "AES_CBC", "HMAC_SHA1", "SHA_256".
 * @return the name, or NULL if vcrypto does not map that algorithm.
 */
const char *vcrypto_algo_name(enum vcrypto_algo_kind kind,
			      uint32_t virtio_algo);

struct virtio_crypto_config;

/**
 * The config space of device @p dev_id as its frontend reads it with
 * GET_CONFIG (little-endian fields of linux/virtio_crypto.h): status
 * HW_READY, its data queues, and the services, algorithm masks and key
 * lengths of vcrypto_backend_algos().
 * @return 0 or -EINVAL.
 */
int vcrypto_device_config(int dev_id, struct virtio_crypto_config *cfg);

#ifdef __cplusplus
}
#endif

#endif /* VCRYPTO_H */
