/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: vc_sym_req_decode() on any header and buffer sizes.
 * Input: the 72-byte request header, then the readable and writable byte
 * counts of its chain (u32 each); shorter inputs are zero-padded.
 * A request it accepts must fit its buffers and the limits.
 */
#include <stdlib.h>
#include <string.h>

#include "vc_wire.h"

#define MAX_DATA 65535u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
	if (!ok)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct vc_req_limits lim = { .max_data_len = MAX_DATA };
	struct {
		struct virtio_crypto_op_data_req hdr;
		uint32_t rd_len;
		uint32_t wr_len;
	} in;
	struct vc_sym_req r;
	int rc;

	memset(&in, 0, sizeof(in));
	memcpy(&in, data, size < sizeof(in) ? size : sizeof(in));
	rc = vc_sym_req_decode(&in.hdr, in.rd_len, in.wr_len, &lim, &r);
	if (rc != VIRTIO_CRYPTO_OK) {
		check(rc == VIRTIO_CRYPTO_BADMSG ||
		      rc == VIRTIO_CRYPTO_NOTSUPP);
		return 0;
	}
	check(r.src_len != 0 && r.src_len <= MAX_DATA);
	check((uint64_t)r.rd_src + r.src_len == r.rd_need);
	check(r.rd_need <= in.rd_len && r.wr_need <= in.wr_len);
	if (r.service == VIRTIO_CRYPTO_SERVICE_HASH ||
	    r.service == VIRTIO_CRYPTO_SERVICE_MAC) {
		/* Header, src | digest, status. */
		check(r.iv_len == 0 && r.dst_len == 0);
		check(r.rd_src == sizeof(in.hdr) && r.wr_hash == 0);
		check(r.hash_result_len != 0 &&
		      r.hash_result_len <= VC_MAX_DIGEST_LEN);
		check(r.hash_off == 0 && r.hash_len == r.src_len);
		check(r.hash_result_len + 1 == r.wr_need);
		return 0;
	}
	if (r.service == VIRTIO_CRYPTO_SERVICE_AEAD) {
		/* Header, iv, aad, src | dst, status. */
		check(r.iv_len <= VC_MAX_IV_LEN &&
		      r.aad_len <= VC_MAX_AAD_LEN);
		check(r.rd_iv == sizeof(in.hdr) &&
		      r.rd_aad == r.rd_iv + r.iv_len &&
		      r.rd_src == r.rd_aad + r.aad_len);
		check(r.dst_len != 0 && r.dst_len <= MAX_DATA &&
		      r.wr_dst == 0 && (uint64_t)r.dst_len + 1 == r.wr_need);
		return 0;
	}
	check(r.service == VIRTIO_CRYPTO_SERVICE_CIPHER);
	check(r.src_len != 0 && r.src_len == r.dst_len);
	check(r.src_len <= MAX_DATA && r.iv_len <= VC_MAX_IV_LEN);
	check(r.hash_result_len <= VC_MAX_DIGEST_LEN);
	check((uint64_t)r.cipher_off + r.cipher_len <= r.src_len);
	check((uint64_t)r.hash_off + r.hash_len <= r.src_len);
	/* Where the parts lie is inside what the chain holds. */
	check(r.rd_iv >= sizeof(in.hdr) && r.rd_src == r.rd_iv + r.iv_len);
	check((uint64_t)r.rd_src + r.src_len == r.rd_need);
	check(r.rd_need <= in.rd_len);
	check((uint64_t)r.wr_hash + r.hash_result_len + 1 == r.wr_need);
	check(r.wr_dst + r.dst_len == r.wr_hash && r.wr_need <= in.wr_len);
	return 0;
}
