/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VC_TEST_RAW_DESC_H
#define VC_TEST_RAW_DESC_H

/*
 * Shorthands of the tests that write descriptors and request headers by
 * hand, as a guest driver would.
 */

#include <stdint.h>
#include <linux/virtio_crypto.h>
#include <linux/virtio_ring.h>

#define N VRING_DESC_F_NEXT
#define W VRING_DESC_F_WRITE
#define I VRING_DESC_F_INDIRECT
/* A data request's header: 24 bytes and 48 of parameters. */
#define HDR_LEN ((uint32_t)sizeof(struct virtio_crypto_op_data_req))
/* What a test puts in a status byte to see whether the device wrote it. */
#define UNTOUCHED 0xff

#endif /* VC_TEST_RAW_DESC_H */
