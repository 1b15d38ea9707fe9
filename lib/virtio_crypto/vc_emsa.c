/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EMSA-PKCS1-v1_5 (RFC 8017 9.2): what an RSA PKCS#1 v1.5 signature
 * covers. Cryptodev PMDs pad but do not add the DigestInfo, and a verify
 * is checked here against the encoding, not parsed out of the signature.
 */
#include <string.h>

#include "vc_wire.h"

#define PKCS1_OVERHEAD 11

struct digest_info {
	uint8_t digest_len;
	uint8_t prefix_len;
	uint8_t prefix[19];
};

/* RFC 8017 9.2, note 1; indexed by VIRTIO_CRYPTO_RSA_*. */
static const struct digest_info digest_infos[] = {
	[VIRTIO_CRYPTO_RSA_NO_HASH] = { 0, 0, { 0 } },
	[VIRTIO_CRYPTO_RSA_MD5] = { 16, 18, { 0x30, 0x20, 0x30, 0x0c, 0x06,
		0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05,
		0x00, 0x04, 0x10 } },
	[VIRTIO_CRYPTO_RSA_SHA1] = { 20, 15, { 0x30, 0x21, 0x30, 0x09, 0x06,
		0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
		0x14 } },
	[VIRTIO_CRYPTO_RSA_SHA256] = { 32, 19, { 0x30, 0x31, 0x30, 0x0d,
		0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
		0x01, 0x05, 0x00, 0x04, 0x20 } },
	[VIRTIO_CRYPTO_RSA_SHA384] = { 48, 19, { 0x30, 0x41, 0x30, 0x0d,
		0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
		0x02, 0x05, 0x00, 0x04, 0x30 } },
	[VIRTIO_CRYPTO_RSA_SHA512] = { 64, 19, { 0x30, 0x51, 0x30, 0x0d,
		0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
		0x03, 0x05, 0x00, 0x04, 0x40 } },
	[VIRTIO_CRYPTO_RSA_SHA224] = { 28, 19, { 0x30, 0x2d, 0x30, 0x0d,
		0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
		0x04, 0x05, 0x00, 0x04, 0x1c } },
};

const uint8_t *
vc_rsa_digest_info(uint32_t hash, uint32_t *prefix_len, uint32_t *digest_len)
{
	const struct digest_info *d;

	/* MD2, MD3 (which does not exist), MD4: not served. */
	if (hash >= sizeof(digest_infos) / sizeof(digest_infos[0]) ||
	    (hash != VIRTIO_CRYPTO_RSA_NO_HASH &&
	     digest_infos[hash].digest_len == 0))
		return NULL;
	d = &digest_infos[hash];
	*prefix_len = d->prefix_len;
	*digest_len = d->digest_len;
	return d->prefix;
}

uint32_t
vc_emsa_pkcs1_encode(uint32_t hash, const uint8_t *digest, uint32_t dlen,
		     uint32_t k, int em, uint8_t *out)
{
	const uint8_t *prefix;
	uint32_t plen, want, tlen, ps;

	prefix = vc_rsa_digest_info(hash, &plen, &want);
	if (prefix == NULL || (want != 0 && dlen != want) || dlen == 0 ||
	    k > VC_MAX_RSA_MOD_LEN || k < PKCS1_OVERHEAD ||
	    (uint64_t)plen + dlen > k - PKCS1_OVERHEAD)
		return 0;
	tlen = plen + dlen;
	if (!em) {
		memcpy(out, prefix, plen);
		memcpy(out + plen, digest, dlen);
		return tlen;
	}
	ps = k - tlen - 3;
	out[0] = 0x00;
	out[1] = 0x01;
	memset(out + 2, 0xff, ps);
	out[2 + ps] = 0x00;
	memcpy(out + 3 + ps, prefix, plen);
	memcpy(out + 3 + ps + plen, digest, dlen);
	return k;
}
