/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VU_CRYPTO_H
#define VU_CRYPTO_H

/**
 * @file
 * The driver side of a virtio-crypto device over vhost-user, in plain C
 * (no EAL): the role QEMU plus a guest driver play for a real VM. It owns
 * memfd-backed "guest memory", split virtqueues in it, the vhost-user
 * frontend handshake, sessions over CREATE/CLOSE_CRYPTO_SESSION, and an
 * asynchronous submit/poll API for data requests.
 *
 * One vu_dev is used by one thread at a time, except that different data
 * queues of one device may be driven from different threads.
 */

#include <stddef.h>
#include <stdint.h>
#include <linux/virtio_crypto.h>

struct vu_dev;

/** How to open a device. */
struct vu_dev_conf {
	const char *socket_path;  /**< the backend's vhost-user socket */
	uint16_t nb_dataqs;       /**< data queues to set up (>= 1) */
	uint16_t queue_size;      /**< descriptors per queue, power of two */
	size_t mem_size;          /**< bytes of shared guest memory */
	uint16_t nb_regions;      /**< split memory in 1..4 memfd regions */
	int indirect;             /**< send requests as indirect chains */
	int connect_timeout_ms;   /**< retry connect() this long */
	/**
	 * Also set up the control queue (vring nb_dataqs) and hand it to
	 * the backend, for vu_ctrl_session_create/destroy().
	 */
	int ctrlq;
	/**
	 * Test option: put each indirect table this many bytes into its
	 * slot, 0..160 (DPDK's driver puts its tables at 73, 1 mod 8).
	 */
	uint8_t table_offset;
};

/**
 * Connect and run the frontend handshake: features, protocol features,
 * memory table, then every data queue's size/base/addresses/kick/call and
 * VRING_ENABLE. The device is ready for sessions and requests on return.
 *
 * @return the device, or NULL with a reason in @p err.
 */
struct vu_dev *vu_dev_open(const struct vu_dev_conf *conf, char *err,
			   size_t errlen);

/**
 * Listen on @p path for a backend that connects (its client mode, QEMU's
 * "server" socket). An existing socket file there is replaced.
 * @return the listening fd or a negative errno.
 */
int vu_listen(const char *path);

/**
 * Like vu_dev_open(), on a connection a backend makes to @p listen_fd
 * (waiting conf->connect_timeout_ms for it; conf->socket_path should be
 * the path listened on).
 */
struct vu_dev *vu_dev_accept(int listen_fd, const struct vu_dev_conf *conf,
			     char *err, size_t errlen);

/** Stop the rings (GET_VRING_BASE), disconnect, unmap and free. */
void vu_dev_close(struct vu_dev *dev);

/** Virtio feature bits both sides agreed on. */
uint64_t vu_dev_features(const struct vu_dev *dev);

/** vhost-user protocol feature bits both sides agreed on. */
uint64_t vu_dev_protocol_features(const struct vu_dev *dev);

/**
 * Allocate from the shared guest memory (never freed before close).
 * @return a pointer the backend can reach through the memory table, or
 *   NULL when the memory is exhausted.
 */
void *vu_mem_alloc(struct vu_dev *dev, size_t len, size_t align);

/** Symmetric session parameters (virtio-crypto ids and lengths). */
struct vu_sym_session {
	uint32_t op_type;          /**< VIRTIO_CRYPTO_SYM_OP_* */
	uint32_t cipher_algo;      /**< VIRTIO_CRYPTO_CIPHER_* */
	uint32_t direction;        /**< VIRTIO_CRYPTO_OP_ENCRYPT/DECRYPT */
	const uint8_t *cipher_key;
	uint32_t cipher_key_len;
	uint32_t chain_order;      /**< VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_* */
	uint32_t hash_mode;        /**< VIRTIO_CRYPTO_SYM_HASH_MODE_* */
	uint32_t hash_algo;        /**< VIRTIO_CRYPTO_MAC_* or _HASH_* */
	uint32_t hash_result_len;
	const uint8_t *auth_key;
	uint32_t auth_key_len;
	uint32_t aad_len;
};

/**
 * Create a session with a CREATE_CRYPTO_SESSION message in the layout of
 * QEMU 7.1 .. 8.0 (what Debian 12's QEMU sends), and wait for the reply.
 *
 * @return 0 with the id in @p session_id, -EPROTO if the backend refused
 *   (replied with a negative id), or another negative errno.
 */
int vu_session_create(struct vu_dev *dev, const struct vu_sym_session *s,
		      int64_t *session_id);

/** Close a session (CLOSE_CRYPTO_SESSION; no reply). @return 0 or -errno. */
int vu_session_destroy(struct vu_dev *dev, int64_t session_id);

/** A session for the control queue, of any service. */
struct vu_ctrl_session {
	uint32_t service;          /**< VIRTIO_CRYPTO_SERVICE_* */
	/** CIPHER service: cipher or chain, as for vu_session_create(). */
	struct vu_sym_session sym;
	/**
	 * HASH, MAC, AEAD, AKCIPHER: VIRTIO_CRYPTO_HASH_*, _MAC_*, _AEAD_*
	 * or _AKCIPHER_*.
	 */
	uint32_t algo;
	uint32_t hash_result_len;  /**< digest or AEAD tag bytes */
	/**
	 * MAC: auth key; AEAD: key; AKCIPHER: the PKCS#1 DER key
	 * (RSAPrivateKey or RSAPublicKey), at most VC_MAX_AKCIPHER_KEY_LEN
	 * bytes.
	 */
	const uint8_t *key;
	uint32_t key_len;
	uint32_t aad_len;          /**< AEAD */
	uint32_t direction;        /**< AEAD: VIRTIO_CRYPTO_OP_* */
	/** AKCIPHER: VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC or _PRIVATE */
	uint32_t keytype;
	uint32_t rsa_padding;      /**< AKCIPHER: VIRTIO_CRYPTO_RSA_*_PADDING */
	uint32_t rsa_hash;         /**< AKCIPHER: VIRTIO_CRYPTO_RSA_* hash */
};

/**
 * Create a session over the control queue (conf.ctrlq) and wait for the
 * device's answer.
 *
 * @return 0 with the device's status in @p status (VIRTIO_CRYPTO_OK: the
 *   id is in @p session_id), or a negative errno if the request could not
 *   be carried (no controlq, bad parameters, no answer in 5 s).
 */
int vu_ctrl_session_create(struct vu_dev *dev, const struct vu_ctrl_session *s,
			   uint64_t *session_id, uint8_t *status);

/**
 * Read the device's config space (GET_CONFIG, if the backend offered the
 * CONFIG protocol feature).
 * @return 0, -ENOTSUP without CONFIG, or another negative errno.
 */
int vu_dev_get_config(struct vu_dev *dev, struct virtio_crypto_config *cfg);

/**
 * Destroy a session over the control queue with the DESTROY opcode of
 * @p service (VIRTIO_CRYPTO_SERVICE_CIPHER .. _AKCIPHER).
 * @return 0 with the device's status, or a negative errno.
 */
int vu_ctrl_session_destroy(struct vu_dev *dev, uint32_t service,
			    uint64_t session_id, uint8_t *status);

/**
 * One data request, of any service (the name is older than the
 * asymmetric one). Every buffer pointer must come from vu_mem_alloc() of
 * the same device; zero-length parts are left out of the descriptor
 * chain.
 *
 * VIRTIO_CRYPTO_HASH and _MAC: src, and the digest (digest_len bytes)
 * written back; op_type is ignored. VIRTIO_CRYPTO_AEAD_ENCRYPT/DECRYPT:
 * iv, aad, src readable in that order, dst written (encrypt: ciphertext
 * and tag; decrypt: plaintext of src minus its tag).
 * VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, _DECRYPT, _SIGN: src readable (the
 * plaintext, ciphertext or digest), dst written: dst_len is the buffer,
 * used_len - 1 what the device wrote. VIRTIO_CRYPTO_AKCIPHER_VERIFY: src
 * (the signature) and digest (digest_len bytes) both readable, nothing
 * written; status VIRTIO_CRYPTO_OK or _KEY_REJECTED. op_type and iv are
 * ignored for akcipher requests.
 */
struct vu_sym_op {
	uint32_t opcode;           /**< VIRTIO_CRYPTO_CIPHER_ENCRYPT/DECRYPT,
				        _HASH, _MAC, _AEAD_ENCRYPT/DECRYPT,
				        _AKCIPHER_ENCRYPT/DECRYPT/SIGN/VERIFY */
	uint32_t op_type;          /**< VIRTIO_CRYPTO_SYM_OP_* */
	uint64_t session_id;
	const void *iv;
	uint32_t iv_len;
	const void *src;
	uint32_t src_len;
	void *dst;
	uint32_t dst_len;
	/** chain, HASH, MAC: written; AKCIPHER_VERIFY: read */
	void *digest;
	uint32_t digest_len;
	uint32_t cipher_off;       /**< chain: cipher_start_src_offset */
	uint32_t cipher_len;       /**< chain: len_to_cipher */
	uint32_t hash_off;         /**< chain: hash_start_src_offset */
	uint32_t hash_len;         /**< chain: len_to_hash */
	void *opaque;              /**< for the caller */
	/* Set by vu_poll(). */
	uint8_t status;            /**< VIRTIO_CRYPTO_OK or an error */
	uint32_t used_len;         /**< bytes the device said it wrote */
	const void *aad;           /**< AEAD only */
	uint32_t aad_len;
	/** The driver's: 1 + the head of a vu_op_pin() chain, else 0. */
	uint32_t pin;
};

/**
 * Place up to @p n requests on data queue @p qid (one header and status
 * slot each, kept in guest memory by the driver) and notify the backend if
 * it asked to be notified.
 *
 * @return how many were placed (fewer when the ring is full).
 */
uint16_t vu_submit(struct vu_dev *dev, uint16_t qid, struct vu_sym_op **ops,
		   uint16_t n);

/**
 * Write the descriptor chain and header of @p op on queue @p qid once and
 * keep them: vu_submit() then only republishes its head, as a driver with
 * pre-set descriptor chains does (the device still reads and checks all
 * of it each time). Until vu_op_unpin(), @p op and its buffers' places
 * must not change; its buffers' contents may.
 *
 * @return 0, -EBUSY if already pinned, -ENOSPC if the ring is full, or
 *   -EINVAL.
 */
int vu_op_pin(struct vu_dev *dev, uint16_t qid, struct vu_sym_op *op);

/**
 * Give the chain of a pinned op that is not in flight back to the ring.
 * @return 0, -EBUSY while it is in flight, or -EINVAL if not pinned.
 */
int vu_op_unpin(struct vu_dev *dev, uint16_t qid, struct vu_sym_op *op);

/**
 * Collect up to @p n completed requests of data queue @p qid, in the order
 * the backend completed them, with status and used_len filled in.
 *
 * @return how many were collected.
 */
uint16_t vu_poll(struct vu_dev *dev, uint16_t qid, struct vu_sym_op **ops,
		 uint16_t n);

/** Requests placed on @p qid and not yet collected. */
uint16_t vu_inflight(const struct vu_dev *dev, uint16_t qid);

/*
 * ---- Test-only raw access ----
 *
 * What a hostile or broken guest could write: descriptors, avail entries
 * and indices, session messages, all placed exactly as given. Nothing here
 * is checked against the driver's own bookkeeping: a test that uses it on
 * a queue must have no vu_submit() request in flight there, and must take
 * the completions of what it placed with vu_raw_used_take() (vu_poll()
 * skips entries naming no request of its own).
 */

/** GPA of @p p (any byte of the guest memory), or UINT64_MAX. */
uint64_t vu_raw_gpa(const struct vu_dev *dev, const void *p);

/** Guest memory as the backend was told: [*gpa, *gpa + *size). */
void vu_raw_mem(const struct vu_dev *dev, uint64_t *gpa, uint64_t *size,
		uint64_t *region_size);

/** Descriptors of each queue. */
uint16_t vu_raw_queue_size(const struct vu_dev *dev);

/** Write descriptor @p idx of queue @p qid as given. @return 0 or -EINVAL. */
int vu_raw_desc(struct vu_dev *dev, uint16_t qid, uint16_t idx,
		uint64_t addr, uint32_t len, uint16_t flags, uint16_t next);

/**
 * Put @p head in the next avail entry of @p qid without publishing it.
 * @return 0 or -EINVAL.
 */
int vu_raw_avail_add(struct vu_dev *dev, uint16_t qid, uint16_t head);

/**
 * Publish avail index @p idx (any value: it becomes the driver's own
 * too) and kick. @return 0 or -EINVAL.
 */
int vu_raw_avail_publish(struct vu_dev *dev, uint16_t qid, uint16_t idx);

/** The avail index vu_raw_avail_add() has reached (not yet published). */
uint16_t vu_raw_avail_next(const struct vu_dev *dev, uint16_t qid);

/**
 * Take the next used entry of @p qid, whoever placed it.
 * @return 1 with @p id and @p len set, 0 if there is none yet.
 */
int vu_raw_used_take(struct vu_dev *dev, uint16_t qid, uint32_t *id,
		     uint32_t *len);

/**
 * Place any control queue request (conf.ctrlq): @p rd_len readable bytes
 * from @p req, then @p wr_len writable ones, and wait for the device;
 * what it wrote is copied to @p reply unless that is NULL (bytes it did
 * not write read 0xff).
 * @return the used length the device gave, or a negative errno.
 */
int vu_raw_ctrl(struct vu_dev *dev, const void *req, uint32_t rd_len,
		void *reply, uint32_t wr_len);

/**
 * Send any CREATE_CRYPTO_SESSION payload; read a reply of @p reply_size
 * bytes into @p reply unless it is 0. @return 0 or a negative errno.
 */
int vu_raw_session_msg(struct vu_dev *dev, const void *payload,
		       uint32_t size, void *reply, uint32_t reply_size);

/**
 * Drop the connection without stopping the rings, as a driver process
 * that dies would, and free everything.
 */
void vu_raw_abandon(struct vu_dev *dev);

#endif /* VU_CRYPTO_H */
