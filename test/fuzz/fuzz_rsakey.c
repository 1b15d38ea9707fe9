/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: vc_rsa_key_decode(), the PKCS#1 DER reader for the
 * keys of akcipher sessions. Input: one byte whose low bit says private
 * or public, then the DER bytes, copied to a buffer of exactly their size.
 * An accepted key must lie inside that buffer within the limits the
 * decoder promises, and its EMSA encoding must fit its modulus; a refused
 * one leaves nothing behind.
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
inside(const struct vc_der_int *v, uint32_t len, uint32_t max)
{
	check(v->len != 0 && v->len <= max &&
	      (uint32_t)v->off + v->len <= len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct vc_rsa_key zero;
	uint8_t em[VC_MAX_RSA_MOD_LEN], digest[32] = { 0 };
	struct vc_rsa_key k;
	uint32_t len;
	uint8_t *der;
	int priv, rc;

	if (size < 1 || size > VC_MAX_AKCIPHER_KEY_LEN + 2)
		return 0;
	priv = data[0] & 1;
	len = (uint32_t)size - 1;
	der = malloc(len ? len : 1);
	if (der == NULL)
		return 0;
	memcpy(der, data + 1, len);
	rc = vc_rsa_key_decode(der, len, priv, &k);
	if (rc != VIRTIO_CRYPTO_OK) {
		check(rc == VIRTIO_CRYPTO_BADMSG ||
		      rc == VIRTIO_CRYPTO_NOTSUPP);
		check(memcmp(&k, &zero, sizeof(k)) == 0);
		free(der);
		return 0;
	}
	inside(&k.n, len, VC_MAX_RSA_MOD_LEN);
	inside(&k.e, len, k.n.len);
	check(der[k.n.off + k.n.len - 1] & 1);
	if (priv) {
		inside(&k.d, len, k.n.len);
		inside(&k.p, len, k.n.len);
		inside(&k.q, len, k.n.len);
		inside(&k.dp, len, k.n.len);
		inside(&k.dq, len, k.n.len);
		inside(&k.qinv, len, k.n.len);
	} else {
		check(k.d.len == 0 && k.qinv.len == 0);
	}
	/* What a SIGN or VERIFY on this key encodes stays inside k bytes. */
	rc = (int)vc_emsa_pkcs1_encode(VIRTIO_CRYPTO_RSA_SHA256, digest, 32,
				       k.n.len, 1, em);
	check(rc == 0 || rc == k.n.len);
	free(der);
	return 0;
}
