/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: vc_ctrl_decode(), the control queue's session
 * requests. Input: one byte for the writable length, one for how many
 * readable segments (1..4) the rest is cut into, then the readable bytes
 * (header and keys, akcipher DER keys too). An accepted request must fit
 * its buffers and carry the input's key bytes; a refused one must leave
 * no key behind.
 */
#include <stdlib.h>
#include <string.h>

#include "vc_wire.h"

#define HDR ((uint32_t)sizeof(struct virtio_crypto_op_ctrl_req))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
	if (!ok)
		abort();
}

static int
all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_chain_short *room = malloc(sizeof(*room));
	struct vc_chain *c = room ? vc_chain_short_init(room, UINT32_MAX) :
		NULL;
	struct vc_ctrl_req *r = malloc(sizeof(*r));
	uint8_t *rd = NULL, *wr = NULL;
	uint32_t len, nseg, i, off;
	int rc;

	if (c == NULL || r == NULL || size < 3)
		goto out;
	len = (uint32_t)size - 2;
	nseg = 1 + data[1] % 4;
	/* Exact-size buffers: any read past them is an ASan report. */
	rd = malloc(len);
	wr = malloc(1 + data[0]);
	if (rd == NULL || wr == NULL)
		goto out;
	memcpy(rd, data + 2, len);
	for (i = 0, off = 0; i < nseg && off < len; i++) {
		uint32_t take = i + 1 == nseg ? len - off : len / nseg;

		if (take == 0)
			continue;
		c->rd[c->nr_rd].addr = rd + off;
		c->rd[c->nr_rd++].len = take;
		off += take;
	}
	c->rd_len = len;
	c->wr[0].addr = wr;
	c->wr[0].len = c->wr_len = 1 + data[0];
	c->nr_wr = 1;

	rc = vc_ctrl_decode(c, r);
	if (rc != VIRTIO_CRYPTO_OK) {
		check(rc == VIRTIO_CRYPTO_BADMSG ||
		      rc == VIRTIO_CRYPTO_NOTSUPP);
		check(all_zero((const uint8_t *)&r->sess, sizeof(r->sess)));
		check(all_zero((const uint8_t *)&r->ak, sizeof(r->ak)));
		goto out;
	}
	check(r->wr_need <= c->wr_len);
	check(r->kind == VC_CTRL_CREATE || r->kind == VC_CTRL_DESTROY);
	if (r->kind == VC_CTRL_CREATE &&
	    r->sess.service == VIRTIO_CRYPTO_SERVICE_AKCIPHER) {
		const struct vc_akcipher_sess *a = &r->ak;

		check(a->keylen <= VC_MAX_AKCIPHER_KEY_LEN &&
		      (uint64_t)HDR + a->keylen <= len);
		check(memcmp(a->key, rd + HDR, a->keylen) == 0);
		check(a->rsa.n.len != 0 &&
		      (uint32_t)a->rsa.n.off + a->rsa.n.len <= a->keylen);
	} else if (r->kind == VC_CTRL_CREATE) {
		const struct vc_sym_sess *s = &r->sess;

		check(s->cipher_key_len <= VC_MAX_CIPHER_KEY_LEN &&
		      s->auth_key_len <= VC_MAX_AUTH_KEY_LEN);
		check((uint64_t)HDR + s->cipher_key_len + s->auth_key_len <=
		      len);
		check(memcmp(s->cipher_key, rd + HDR,
			     s->cipher_key_len) == 0);
		check(memcmp(s->auth_key, rd + HDR + s->cipher_key_len,
			     s->auth_key_len) == 0);
	}
out:
	free(wr);
	free(rd);
	free(r);
	free(room);
	return 0;
}
