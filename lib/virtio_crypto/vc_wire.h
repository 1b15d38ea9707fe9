/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VC_WIRE_H
#define VC_WIRE_H

/**
 * @file
 * The virtio-crypto wire format as a backend sees it: guest memory
 * translation, split-ring descriptor chains, data requests and session
 * parameters, each decoded from one private copy and checked before use.
 *
 * Pure C: no DPDK, no vhost, no threads. Every function here takes what an
 * untrusted guest or frontend wrote and either returns a checked result or
 * an error; none of them reads outside the memory it was given.
 */

#include <stdint.h>
#include <stddef.h>
#include <linux/virtio_crypto.h>
#include <linux/virtio_ring.h>

/** Most memory regions a frontend may share (vhost-user's limit). */
#define VC_MAX_MEM_REGIONS 8
/** Guest buffers a side of a short chain (the common one) has room for. */
#define VC_MAX_SEGS 64
/** Largest split ring we serve. */
#define VC_MAX_RING_SIZE 32768
/**
 * Most entries of one indirect table: 4 MiB of descriptors, the largest
 * table Linux can allocate. Only 65536 can be chained (next is 16 bits),
 * but Linux sends larger ones: for 1 MiB through AF_ALG it allocates
 * 65795 entries and, its own index wrapping, writes the last 259 over
 * the first (the header among them). Walked, such a table ends at its
 * status byte, which gets BADMSG.
 */
#define VC_MAX_INDIRECT_LEN (1u << 18)
/** Largest cipher key in a session message (the 64-byte key buffer). */
#define VC_MAX_CIPHER_KEY_LEN 64
/** Largest authentication key in a session message (512-byte buffer). */
#define VC_MAX_AUTH_KEY_LEN 512
/** Largest IV we accept. */
#define VC_MAX_IV_LEN 32
/** Largest digest (SHA-512). */
#define VC_MAX_DIGEST_LEN 64

/** One guest memory region mapped in this process. */
struct vc_mem_region {
	uint64_t gpa;   /**< guest physical address of the first byte */
	uint64_t size;  /**< length in bytes, never 0 */
	uint64_t hva;   /**< where the first byte is mapped here */
};

/** The regions a frontend shared, as the backend mapped them. */
struct vc_mem_table {
	uint32_t nregions;
	uint32_t last_hit;  /**< region index tried first */
	struct vc_mem_region regions[VC_MAX_MEM_REGIONS];
};

/** A piece of guest memory, already translated and bounds-checked. */
struct vc_seg {
	uint8_t *addr;
	uint32_t len;
};

/**
 * Translate [gpa, gpa + len) to host pointers. A range that continues from
 * one region into a gpa-adjacent one yields several segments; a range any
 * byte of which is not mapped fails.
 *
 * @return number of segments written to @p segs (1..max_segs), -1 if a
 *   byte is not mapped, -2 if more than @p max_segs segments are needed.
 */
int vc_mem_translate(struct vc_mem_table *mt, uint64_t gpa, uint64_t len,
		     struct vc_seg *segs, unsigned int max_segs);

/**
 * Where guest address @p gpa is mapped, or NULL: for prefetching only.
 * No length is checked, so nothing may be read or written through it.
 */
static inline const void *
vc_mem_hint(const struct vc_mem_table *mt, uint64_t gpa)
{
	uint32_t i, n = mt->nregions < VC_MAX_MEM_REGIONS ?
		mt->nregions : VC_MAX_MEM_REGIONS;
	const struct vc_mem_region *r;

	/* Most buffers lie in the region the last translation found. */
	r = mt->last_hit < n ? &mt->regions[mt->last_hit] : mt->regions;
	if (n != 0 && gpa - r->gpa < r->size)
		return (const void *)(uintptr_t)(r->hva + (gpa - r->gpa));
	for (i = 0, r = mt->regions; i < n; i++, r++)
		if (gpa - r->gpa < r->size)
			return (const void *)(uintptr_t)(r->hva +
							 (gpa - r->gpa));
	return NULL;
}

/**
 * The buffers of one request, split into device-readable and -writable,
 * as far as a request can use them: each side keeps the buffers of its
 * first max_bytes bytes, in at most max_segs segments. The status byte
 * (the last byte of the last writable buffer) is found whatever the
 * chain's length.
 */
struct vc_chain {
	uint32_t nr_rd;
	uint32_t nr_wr;
	uint32_t rd_len;   /**< readable bytes rd[] covers */
	uint32_t wr_len;   /**< writable bytes wr[] covers */
	/** The last writable byte, if the walk reached it; else NULL. */
	uint8_t *status;
	/**
	 * A side ran out of segments before max_bytes: more room (a
	 * larger chain) may cover more of it. What the side kept is its
	 * first bytes still: it keeps nothing after.
	 */
	uint8_t truncated;
	/**
	 * Set by the caller: stop at the first truncation (the caller then
	 * walks the chain again with more room; nothing else is valid).
	 */
	uint8_t stop_truncated;
	uint32_t max_segs; /**< room in rd[], and in wr[] */
	uint32_t max_bytes; /**< bytes a side keeps at most */
	struct vc_seg *rd;
	struct vc_seg *wr;
};

/** Give @p c the room of @p segs (2 * @p max_segs entries). */
static inline void
vc_chain_init(struct vc_chain *c, struct vc_seg *segs, uint32_t max_segs,
	      uint32_t max_bytes)
{
	c->nr_rd = c->nr_wr = 0;
	c->rd_len = c->wr_len = 0;
	c->status = NULL;
	c->truncated = 0;
	c->stop_truncated = 0;
	c->max_segs = max_segs;
	c->max_bytes = max_bytes;
	c->rd = segs;
	c->wr = segs + max_segs;
}

/** A chain with room for VC_MAX_SEGS buffers a side, in one object. */
struct vc_chain_short {
	struct vc_chain c;
	struct vc_seg segs[2 * VC_MAX_SEGS];
};

static inline struct vc_chain *
vc_chain_short_init(struct vc_chain_short *s, uint32_t max_bytes)
{
	vc_chain_init(&s->c, s->segs, VC_MAX_SEGS, max_bytes);
	return &s->c;
}

/**
 * Why a descriptor chain could not be walked. The first three stop the
 * walk (nothing after them can be trusted, so no status byte is found);
 * after the others the walk goes on to the chain's end for its status
 * byte.
 */
enum vc_chain_err {
	VC_CHAIN_OK = 0,
	VC_CHAIN_BAD_INDEX = -1,     /**< next/head index beyond the ring */
	VC_CHAIN_TOO_LONG = -2,      /**< more descriptors than the ring: a loop */
	VC_CHAIN_BAD_INDIRECT = -3,  /**< indirect table malformed or nested */
	VC_CHAIN_BAD_ADDR = -4,      /**< buffer not inside shared memory */
	VC_CHAIN_BAD_ORDER = -5,     /**< readable buffer after a writable one */
	VC_CHAIN_ZERO_LEN = -6,      /**< a zero-length descriptor */
};

/**
 * Walk the chain that starts at @p head of a split ring's descriptor table.
 * Each descriptor is read once; indirect tables (at any address, of up to
 * VC_MAX_INDIRECT_LEN entries) are followed only if @p indirect_ok, and
 * never nested.
 *
 * @param desc  the descriptor table (@p size entries) in host memory
 * @param out   set up by vc_chain_init(); filled in, status included,
 *   whatever the result
 * @return VC_CHAIN_OK or a negative enum vc_chain_err.
 */
int vc_chain_walk(const struct vring_desc *desc, uint32_t size, uint32_t head,
		  struct vc_mem_table *mt, int indirect_ok,
		  struct vc_chain *out);

/** Human-readable reason for a vc_chain_walk() error. */
const char *vc_chain_strerror(int err);

/** Copy @p len bytes at offset @p off of a segment list to @p dst. */
void vc_segs_read(const struct vc_seg *segs, unsigned int nsegs, uint32_t off,
		  void *dst, uint32_t len);

/** Copy @p len bytes from @p src to offset @p off of a segment list. */
void vc_segs_write(const struct vc_seg *segs, unsigned int nsegs, uint32_t off,
		   const void *src, uint32_t len);

/** How many segments of a list hold its first @p len bytes. */
unsigned int vc_segs_count(const struct vc_seg *segs, unsigned int nsegs,
			   uint32_t len);

/** Limits a data request is checked against. */
struct vc_req_limits {
	uint32_t max_data_len;  /**< src/dst bytes per request */
};

/** Largest AAD of an AEAD request. */
#define VC_MAX_AAD_LEN 256

/**
 * A decoded symmetric data request (the fields we act upon).
 *
 * HASH and MAC: readable header, src; writable hash result, status. The
 * digest covers all of src (hash_off 0, hash_len src_len).
 * AEAD: readable header, iv, aad, src (AAD right after the IV, where
 * QEMU's device reads it); writable dst, status. Encrypt: dst is the
 * ciphertext and the tag after it (dst_len = src_len + tag, the tag
 * length being the session's); decrypt: src is ciphertext and tag,
 * dst_len = src_len - tag. cipher_len is the payload.
 */
struct vc_sym_req {
	uint32_t opcode;           /**< VIRTIO_CRYPTO_CIPHER_ENCRYPT/DECRYPT */
	uint32_t service;          /**< VIRTIO_CRYPTO_SERVICE_* of opcode */
	uint32_t rd_aad;           /**< AEAD: where the AAD lies */
	uint32_t op_type;          /**< VIRTIO_CRYPTO_SYM_OP_* */
	uint64_t session_id;
	uint32_t iv_len;
	uint32_t src_len;
	uint32_t dst_len;
	uint32_t aad_len;
	uint32_t hash_result_len;
	uint32_t cipher_off;       /**< within src */
	uint32_t cipher_len;
	uint32_t hash_off;         /**< within src */
	uint32_t hash_len;
	/* Where each part lies in the readable/writable byte streams. */
	uint32_t rd_iv;
	uint32_t rd_src;
	uint32_t wr_dst;
	uint32_t wr_hash;
	uint32_t rd_need;          /**< readable bytes the request needs */
	uint32_t wr_need;          /**< writable bytes, status included */
};

/**
 * Decode and check the fixed part of a data request, read by the caller
 * into its own memory (never from guest memory directly), against the
 * limits and against the sizes of the buffers that carry it.
 *
 * @return VIRTIO_CRYPTO_OK, or the status the request must complete with.
 */
int vc_sym_req_decode(const struct virtio_crypto_op_data_req *hdr,
		      uint32_t rd_len, uint32_t wr_len,
		      const struct vc_req_limits *lim, struct vc_sym_req *out);

/** Symmetric session parameters, whatever path they arrived by. */
struct vc_sym_sess {
	uint32_t op_type;          /**< VIRTIO_CRYPTO_SYM_OP_* */
	uint32_t cipher_algo;      /**< VIRTIO_CRYPTO_CIPHER_* */
	uint32_t cipher_key_len;
	uint32_t cipher_dir;       /**< VIRTIO_CRYPTO_OP_ENCRYPT/DECRYPT */
	uint32_t chain_order;      /**< VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_* */
	uint32_t hash_mode;        /**< VIRTIO_CRYPTO_SYM_HASH_MODE_* */
	uint32_t hash_algo;        /**< HASH_* (plain) or MAC_* (auth) */
	uint32_t hash_result_len;
	uint32_t auth_key_len;
	uint32_t aad_len;
	uint8_t cipher_key[VC_MAX_CIPHER_KEY_LEN];
	uint8_t auth_key[VC_MAX_AUTH_KEY_LEN];
	/*
	 * VIRTIO_CRYPTO_SERVICE_*; 0 (CIPHER) is every session of the
	 * vhost-user message path. HASH uses hash_algo and
	 * hash_result_len; MAC those and auth_key; AEAD aead_algo, with
	 * its key in cipher_key, its op in cipher_dir, the tag length in
	 * hash_result_len and aad_len.
	 */
	uint32_t service;
	uint32_t aead_algo;        /**< VIRTIO_CRYPTO_AEAD_* */
};

/** Largest AEAD key (AES-256, ChaCha20). */
#define VC_MAX_AEAD_KEY_LEN 32
/** Largest AEAD tag. */
#define VC_MAX_AEAD_TAG_LEN 16

/** Largest RSA key (PKCS#1 DER) a session carries. */
#define VC_MAX_AKCIPHER_KEY_LEN 4096
/** Largest RSA modulus we serve, bytes (4096 bits). */
#define VC_MAX_RSA_MOD_LEN 512

/**
 * An unsigned INTEGER of a DER buffer: its magnitude, big-endian, without
 * the leading zero byte DER adds to a value whose top bit is set. A zero
 * value has len 0.
 */
struct vc_der_int {
	uint16_t off;              /**< first byte, from the buffer's start */
	uint16_t len;
};

/**
 * An RSA key decoded from PKCS#1 DER (RFC 8017 A.1): where each integer
 * lies in the buffer it was decoded from. Public keys (RSAPublicKey) have
 * n and e only.
 */
struct vc_rsa_key {
	struct vc_der_int n, e;
	struct vc_der_int d, p, q, dp, dq, qinv;
};

/**
 * Decode a PKCS#1 RSAPrivateKey (@p priv) or RSAPublicKey, strictly: DER
 * definite minimal lengths, minimal non-negative integers, nothing after
 * the key, a two-prime private key (version 0), every integer but the
 * version non-zero and no longer than the modulus, n and e odd, 1 < e < n.
 *
 * @return VIRTIO_CRYPTO_OK, VIRTIO_CRYPTO_BADMSG (malformed), or
 *   VIRTIO_CRYPTO_NOTSUPP (multi-prime, or a modulus beyond
 *   VC_MAX_RSA_MOD_LEN bytes); @p key is zeroed unless OK.
 */
int vc_rsa_key_decode(const uint8_t *der, uint32_t len, int priv,
		      struct vc_rsa_key *key);

/**
 * The DER DigestInfo prefix (RFC 8017 9.2, note 1) of a VIRTIO_CRYPTO_RSA_*
 * hash; VIRTIO_CRYPTO_RSA_NO_HASH has an empty one and takes any digest
 * length (@p digest_len 0).
 *
 * @return the prefix (NULL for a hash we do not serve), its length in
 *   @p prefix_len and the digest's in @p digest_len.
 */
const uint8_t *vc_rsa_digest_info(uint32_t hash, uint32_t *prefix_len,
				  uint32_t *digest_len);

/**
 * EMSA-PKCS1-v1_5 (RFC 8017 9.2): T = DigestInfo || digest, and the
 * encoded message EM = 00 01 FF.. 00 T of @p k bytes.
 *
 * @param em   NULL to build T alone (at @p out), else EM (at @p out,
 *             @p k bytes)
 * @return the bytes written, or 0 if the hash is not served, the digest
 *   has the wrong length, or T does not fit k - 11 bytes.
 */
uint32_t vc_emsa_pkcs1_encode(uint32_t hash, const uint8_t *digest,
			      uint32_t dlen, uint32_t k, int em,
			      uint8_t *out);

/** Akcipher session parameters, decoded from the control queue. */
struct vc_akcipher_sess {
	uint32_t algo;             /**< VIRTIO_CRYPTO_AKCIPHER_RSA */
	uint32_t keytype;          /**< VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_* */
	uint32_t padding;          /**< VIRTIO_CRYPTO_RSA_*_PADDING */
	uint32_t hash;             /**< VIRTIO_CRYPTO_RSA_* hash */
	uint32_t keylen;
	struct vc_rsa_key rsa;     /**< offsets into key[] */
	uint8_t key[VC_MAX_AKCIPHER_KEY_LEN];
};

/**
 * A decoded akcipher data request. Readable: header, src (ENCRYPT:
 * plaintext, DECRYPT: ciphertext, SIGN: digest, VERIFY: signature), and
 * for VERIFY the digest (dst_len bytes) right after it, as Linux's driver
 * and QEMU's device lay it out; writable: dst (not VERIFY), status.
 */
struct vc_akcipher_req {
	uint32_t opcode;           /**< VIRTIO_CRYPTO_AKCIPHER_* */
	uint64_t session_id;
	uint32_t src_len;
	uint32_t dst_len;
	uint32_t rd_src;           /**< where src lies in the readable bytes */
	uint32_t rd_digest;        /**< VERIFY: where the digest lies */
	uint32_t wr_need;          /**< writable bytes, status included */
};

/**
 * Decode and check the fixed part of an akcipher data request (a private
 * copy, as for vc_sym_req_decode()) against the buffers that carry it.
 * Lengths are checked against the session by the caller.
 *
 * @return VIRTIO_CRYPTO_OK, or the status the request must complete with.
 */
int vc_akcipher_req_decode(const struct virtio_crypto_op_data_req *hdr,
			   uint32_t rd_len, uint32_t wr_len,
			   const struct vc_req_limits *lim,
			   struct vc_akcipher_req *out);

/** What a control queue request asks for. */
enum vc_ctrl_kind {
	VC_CTRL_CREATE = 1,
	VC_CTRL_DESTROY,
};

/** A decoded control queue request. */
struct vc_ctrl_req {
	uint32_t opcode;           /**< VIRTIO_CRYPTO_*_CREATE/DESTROY_SESSION */
	enum vc_ctrl_kind kind;
	uint64_t session_id;       /**< destroy: the session */
	uint32_t wr_need;          /**< writable bytes the reply needs */
	struct vc_sym_sess sess;   /**< create: the session, keys included */
	/** AKCIPHER create (sess.service says so): its key and parameters */
	struct vc_akcipher_sess ak;
};

/**
 * Decode a control queue request (no REVISION_1: a 72-byte
 * virtio_crypto_op_ctrl_req, then the keys, in the readable buffers;
 * a virtio_crypto_session_input (create) or virtio_crypto_inhdr (destroy)
 * in the writable ones). The header is copied once; each key length is
 * checked against its buffer and the readable bytes before being read.
 * Chained sessions carry the cipher key first, then the auth key; an
 * akcipher session its PKCS#1 DER key, decoded by vc_rsa_key_decode().
 *
 * @return VIRTIO_CRYPTO_OK, VIRTIO_CRYPTO_BADMSG or VIRTIO_CRYPTO_NOTSUPP;
 *   out->kind and out->wr_need are set whenever the opcode is known,
 *   0 otherwise.
 */
int vc_ctrl_decode(const struct vc_chain *c, struct vc_ctrl_req *out);

/** vhost-user CREATE_CRYPTO_SESSION payload layouts, by QEMU version. */
enum vc_vhost_sess_layout {
	VC_SESS_LAYOUT_UNKNOWN = 0,
	VC_SESS_LAYOUT_QEMU_7_0,   /**< op_code first (QEMU <= 7.0, DPDK) */
	VC_SESS_LAYOUT_QEMU_7_2,   /**< no op_code (QEMU 7.1 .. 8.0) */
};

/**
 * Symmetric session info in the QEMU 7.1 .. 8.0 CREATE_CRYPTO_SESSION
 * message (QEMU's CryptoDevBackendSymSessionInfo, pointers included as the
 * 16 bytes they occupy on a 64-bit host).
 */
struct vc_vhost_sym_info_72 {
	uint32_t cipher_alg;
	uint32_t key_len;
	uint32_t hash_alg;
	uint32_t hash_result_len;
	uint32_t auth_key_len;
	uint32_t add_len;
	uint8_t op_type;
	uint8_t direction;
	uint8_t hash_mode;
	uint8_t alg_chain_order;
	uint64_t key_ptr;
	uint64_t auth_key_ptr;
};

/** The same with the leading op_code of QEMU <= 7.0. */
struct vc_vhost_sym_info_70 {
	uint32_t op_code;
	uint32_t cipher_alg;
	uint32_t key_len;
	uint32_t hash_alg;
	uint32_t hash_result_len;
	uint32_t auth_key_len;
	uint32_t add_len;
	uint8_t op_type;
	uint8_t direction;
	uint8_t hash_mode;
	uint8_t alg_chain_order;
	uint64_t key_ptr;
	uint64_t auth_key_ptr;
};

/** CREATE_CRYPTO_SESSION payload of QEMU 7.1 .. 8.0 (632 bytes). */
struct vc_vhost_sess_msg_72 {
	int64_t session_id;        /**< reply: id >= 0, or -1 on error */
	struct vc_vhost_sym_info_72 info;
	uint8_t key[VC_MAX_CIPHER_KEY_LEN];
	uint8_t auth_key[VC_MAX_AUTH_KEY_LEN];
};

/** CREATE_CRYPTO_SESSION payload of QEMU <= 7.0 (also 632 bytes). */
struct vc_vhost_sess_msg_70 {
	int64_t session_id;
	struct vc_vhost_sym_info_70 info;
	uint8_t key[VC_MAX_CIPHER_KEY_LEN];
	uint8_t auth_key[VC_MAX_AUTH_KEY_LEN];
};

/** Name of a layout, for logs. */
const char *vc_vhost_sess_layout_name(enum vc_vhost_sess_layout l);

/**
 * Recognise and decode a CREATE_CRYPTO_SESSION payload. Both QEMU layouts
 * are 632 bytes; they are told apart by which reading is self-consistent.
 *
 * @return VIRTIO_CRYPTO_OK, VIRTIO_CRYPTO_BADMSG (malformed: bad size, key
 *   lengths beyond the buffers) or VIRTIO_CRYPTO_NOTSUPP.
 */
int vc_vhost_sess_decode(const void *payload, uint32_t size,
			 struct vc_sym_sess *out,
			 enum vc_vhost_sess_layout *layout);

/**
 * Check a decoded session for internal consistency (known op type and
 * direction, key lengths within the buffers, digest within 64 bytes).
 *
 * @return VIRTIO_CRYPTO_OK, VIRTIO_CRYPTO_BADMSG or VIRTIO_CRYPTO_NOTSUPP.
 */
int vc_sym_sess_check(const struct vc_sym_sess *s);

/** Stack bytes vc_stack_scrub() wipes. */
#define VC_STACK_SCRUB_BYTES (32 * 1024)

/**
 * Zero VC_STACK_SCRUB_BYTES of stack below the caller's frame: what a
 * function called just before (a PMD building a session) left there.
 */
void vc_stack_scrub(void);

#endif /* VC_WIRE_H */
