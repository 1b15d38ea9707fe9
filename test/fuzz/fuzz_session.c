/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: vc_vhost_sess_decode() on CREATE_CRYPTO_SESSION
 * payloads of either QEMU layout. The input is decoded as it is (any
 * size), and zero-padded to the 632 bytes of a real message so short
 * inputs reach both layouts. An accepted session must pass
 * vc_sym_sess_check() and carry exactly the payload's key bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "vc_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
	if (!ok)
		abort();
}

static void
decode(const void *p, uint32_t size)
{
	const struct vc_vhost_sess_msg_72 *m = p;
	enum vc_vhost_sess_layout layout;
	struct vc_sym_sess s;
	int rc;

	rc = vc_vhost_sess_decode(p, size, &s, &layout);
	if (rc != VIRTIO_CRYPTO_OK) {
		check(rc == VIRTIO_CRYPTO_BADMSG ||
		      rc == VIRTIO_CRYPTO_NOTSUPP);
		return;
	}
	check(size == sizeof(*m));
	check(layout == VC_SESS_LAYOUT_QEMU_7_0 ||
	      layout == VC_SESS_LAYOUT_QEMU_7_2);
	check(vc_sym_sess_check(&s) == VIRTIO_CRYPTO_OK);
	check(s.cipher_key_len <= VC_MAX_CIPHER_KEY_LEN &&
	      s.auth_key_len <= VC_MAX_AUTH_KEY_LEN);
	check(memcmp(s.cipher_key, m->key, s.cipher_key_len) == 0);
	check(memcmp(s.auth_key, m->auth_key, s.auth_key_len) == 0);
	check(vc_vhost_sess_layout_name(layout) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *exact, msg[sizeof(struct vc_vhost_sess_msg_72)];

	/* An exact-size copy, so reading past the input is caught. */
	exact = malloc(size ? size : 1);
	if (exact == NULL)
		return 0;
	memcpy(exact, data, size);
	decode(exact, (uint32_t)size);
	free(exact);
	if (size < sizeof(msg)) {
		memset(msg, 0, sizeof(msg));
		memcpy(msg, data, size);
		decode(msg, sizeof(msg));
	}
	return 0;
}
