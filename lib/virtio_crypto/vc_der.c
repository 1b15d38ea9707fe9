/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A strict DER reader for the PKCS#1 RSA keys a guest hands over: only
 * what RSAPrivateKey and RSAPublicKey need (SEQUENCE, INTEGER), only DER
 * (definite, minimal lengths; minimal integers), and every length checked
 * against what is left before a byte is read.
 */
#include <string.h>

#include "vc_wire.h"

#define DER_INTEGER 0x02
#define DER_SEQUENCE 0x30

/*
 * One element of tag @p tag at *pos, within [*pos, end): on success *pos
 * is its first content byte and *len the content length.
 */
static int
der_elem(const uint8_t *der, uint32_t *pos, uint32_t end, uint8_t tag,
	 uint32_t *len)
{
	uint32_t p = *pos, l, nb, i;

	if (end - p < 2 || der[p] != tag)
		return -1;
	l = der[p + 1];
	p += 2;
	if (l & 0x80) {
		/* Long form: 1..4 length bytes, no leading zero, >= 128. */
		nb = l & 0x7f;
		if (nb == 0 || nb > 4 || end - p < nb || der[p] == 0)
			return -1;
		for (l = 0, i = 0; i < nb; i++)
			l = (l << 8) | der[p + i];
		p += nb;
		if (l < 0x80)
			return -1;
	}
	if (l > end - p)
		return -1;
	*pos = p;
	*len = l;
	return 0;
}

/* A non-negative INTEGER in minimal form; *pos moves past it. */
static int
der_uint(const uint8_t *der, uint32_t *pos, uint32_t end,
	 struct vc_der_int *v)
{
	uint32_t p = *pos, len;

	if (der_elem(der, &p, end, DER_INTEGER, &len) != 0 || len == 0 ||
	    (der[p] & 0x80))
		return -1;
	*pos = p + len;
	if (der[p] == 0) {
		/* A leading zero only where the next byte's top bit is set. */
		if (len > 1 && !(der[p + 1] & 0x80))
			return -1;
		p++;
		len--;
	}
	if (p > UINT16_MAX || len > UINT16_MAX)
		return -1;
	v->off = (uint16_t)p;
	v->len = (uint16_t)len;
	return 0;
}

/* a < b for big-endian magnitudes without leading zeros. */
static int
mag_less(const uint8_t *der, const struct vc_der_int *a,
	 const struct vc_der_int *b)
{
	if (a->len != b->len)
		return a->len < b->len;
	return memcmp(der + a->off, der + b->off, a->len) < 0;
}

static int
odd(const uint8_t *der, const struct vc_der_int *v)
{
	return v->len != 0 && (der[v->off + v->len - 1] & 1);
}

static int
rsa_key_decode(const uint8_t *der, uint32_t len, int priv,
	       struct vc_rsa_key *k)
{
	struct vc_der_int *ints[] = { &k->n, &k->e, &k->d, &k->p, &k->q,
				      &k->dp, &k->dq, &k->qinv };
	uint32_t pos = 0, slen, i, nb = priv ? 8 : 2;
	struct vc_der_int version;

	if (len > VC_MAX_AKCIPHER_KEY_LEN ||
	    der_elem(der, &pos, len, DER_SEQUENCE, &slen) != 0 ||
	    pos + slen != len)
		return VIRTIO_CRYPTO_BADMSG;
	if (priv) {
		if (der_uint(der, &pos, len, &version) != 0)
			return VIRTIO_CRYPTO_BADMSG;
		/* Version 1 adds otherPrimeInfos: more primes than we run. */
		if (version.len == 1 && der[version.off] == 1)
			return VIRTIO_CRYPTO_NOTSUPP;
		if (version.len != 0)
			return VIRTIO_CRYPTO_BADMSG;
	}
	for (i = 0; i < nb; i++)
		if (der_uint(der, &pos, len, ints[i]) != 0 ||
		    ints[i]->len == 0)
			return VIRTIO_CRYPTO_BADMSG;
	if (pos != len)
		return VIRTIO_CRYPTO_BADMSG;
	if (!odd(der, &k->n) || !odd(der, &k->e) ||
	    (k->e.len == 1 && der[k->e.off] == 1) ||
	    !mag_less(der, &k->e, &k->n))
		return VIRTIO_CRYPTO_BADMSG;
	for (i = 2; i < nb; i++)
		if (ints[i]->len > k->n.len)
			return VIRTIO_CRYPTO_BADMSG;
	if (k->n.len > VC_MAX_RSA_MOD_LEN)
		return VIRTIO_CRYPTO_NOTSUPP;
	return VIRTIO_CRYPTO_OK;
}

int
vc_rsa_key_decode(const uint8_t *der, uint32_t len, int priv,
		  struct vc_rsa_key *key)
{
	int rc;

	memset(key, 0, sizeof(*key));
	rc = rsa_key_decode(der, len, priv, key);
	if (rc != VIRTIO_CRYPTO_OK)
		memset(key, 0, sizeof(*key));
	return rc;
}
