/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VU_PROTO_H
#define VU_PROTO_H

/**
 * @file
 * The part of the vhost-user protocol a virtio-crypto frontend speaks:
 * message header, request ids, flags and the payloads we send or read.
 * Everything is little-endian on the wire, like the hosts we run on.
 */

#include <stdint.h>

/* Header flags. */
#define VU_FLAG_VERSION		0x1u	/* protocol version 1, always set */
#define VU_FLAG_VERSION_MASK	0x3u
#define VU_FLAG_REPLY		0x4u	/* set by the backend on replies */
#define VU_FLAG_NEED_REPLY	0x8u	/* ask for a u64 ack (REPLY_ACK) */

/* Requests, frontend to backend. */
enum vu_request {
	VU_GET_FEATURES = 1,
	VU_SET_FEATURES = 2,
	VU_SET_OWNER = 3,
	VU_RESET_OWNER = 4,
	VU_SET_MEM_TABLE = 5,
	VU_SET_VRING_NUM = 8,
	VU_SET_VRING_ADDR = 9,
	VU_SET_VRING_BASE = 10,
	VU_GET_VRING_BASE = 11,
	VU_SET_VRING_KICK = 12,
	VU_SET_VRING_CALL = 13,
	VU_SET_VRING_ERR = 14,
	VU_GET_PROTOCOL_FEATURES = 15,
	VU_SET_PROTOCOL_FEATURES = 16,
	VU_GET_QUEUE_NUM = 17,
	VU_SET_VRING_ENABLE = 18,
	VU_GET_CONFIG = 24,
	VU_CREATE_CRYPTO_SESSION = 26,
	VU_CLOSE_CRYPTO_SESSION = 27,
};

/* Virtio feature bit that unlocks the protocol feature messages. */
#define VU_F_PROTOCOL_FEATURES	30

/* Protocol feature bits. */
#define VU_PROTOCOL_F_MQ		0
#define VU_PROTOCOL_F_REPLY_ACK		3
#define VU_PROTOCOL_F_CRYPTO_SESSION	7
#define VU_PROTOCOL_F_CONFIG		9

/* Most regions in one SET_MEM_TABLE (and fds in one message). */
#define VU_MAX_MSG_FDS		8

/* SET_VRING_KICK/CALL/ERR: payload bit meaning "no fd attached". */
#define VU_VRING_NOFD		0x100u
#define VU_VRING_IDX_MASK	0xffu

struct vu_msg_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size;	/* payload bytes after the header */
};

/* SET_VRING_NUM, SET_VRING_BASE, GET_VRING_BASE, SET_VRING_ENABLE. */
struct vu_vring_state {
	uint32_t index;
	uint32_t num;
};

/* SET_VRING_ADDR: ring addresses in the frontend's address space. */
struct vu_vring_addr {
	uint32_t index;
	uint32_t flags;		/* bit 0: log writes; we never log */
	uint64_t desc_user_addr;
	uint64_t used_user_addr;
	uint64_t avail_user_addr;
	uint64_t log_guest_addr;
};

struct vu_mem_region {
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t mmap_offset;	/* into the region's fd */
};

/* SET_MEM_TABLE; only nregions entries go on the wire, one fd each. */
struct vu_mem_table {
	uint32_t nregions;
	uint32_t padding;
	struct vu_mem_region regions[VU_MAX_MSG_FDS];
};

#define VU_MEM_TABLE_SIZE(n) \
	(sizeof(uint32_t) * 2 + (n) * sizeof(struct vu_mem_region))

_Static_assert(sizeof(struct vu_msg_hdr) == 12, "vhost-user header");
_Static_assert(sizeof(struct vu_vring_addr) == 40, "vring address payload");
_Static_assert(sizeof(struct vu_mem_region) == 32, "memory region");

#endif /* VU_PROTO_H */
