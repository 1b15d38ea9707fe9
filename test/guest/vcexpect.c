/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vcexpect SEED N: the host's answers to the guest's random cases,
 * computed with OpenSSL, printed as the guest prints its own ("VCTEST
 * random digest BLOCK HEX") so that the two can be compared line by line.
 * vcexpect large SEED: the same for the cases of vclarge.h ("VCTEST large
 * NAME HEX").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "vclarge.h"
#include "vcrand.h"

static int
cbc_raw(const uint8_t *key, uint32_t key_len, const uint8_t *iv, int enc,
	const uint8_t *in, uint8_t *out, uint32_t len)
{
	const EVP_CIPHER *ciph = key_len == 16 ? EVP_aes_128_cbc() :
				 key_len == 24 ? EVP_aes_192_cbc() :
				 EVP_aes_256_cbc();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ok;

	ok = ctx != NULL &&
	     EVP_CipherInit_ex(ctx, ciph, NULL, key, iv, enc) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_CipherUpdate(ctx, out, &n, in, (int)len) == 1 &&
	     n == (int)len;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

static int
cbc(const struct vcr_case *c, int enc, const uint8_t *in, uint8_t *out)
{
	return cbc_raw(c->key, c->key_len, c->iv, enc, in, out, c->len);
}

/* Each case of vclarge.h: one CBC run over all its data. */
static int
large(uint64_t seed)
{
	static uint8_t in[VCL_MAX_LEN], out[VCL_MAX_LEN];
	struct vcl_case c;
	char name[64];
	uint8_t key[32], unused[32], iv[16];
	uint32_t i, p, j, key_len, len;
	uint64_t h;

	for (i = 0; vcl_case_get(i, &c, name, sizeof(name)) == 0; i++) {
		if (c.mode != VCL_AIO && vcl_linux_breaks(c.len)) {
			printf("VCTEST large %s badmsg\n", name);
			continue;
		}
		if (c.mode != VCL_AIO) {
			key_len = vcl_inputs(seed, i, 0, 0, key, iv, in,
					     c.len);
			if (cbc_raw(key, key_len, iv, c.enc, in, out,
				    c.len) != 0)
				return 1;
			printf("VCTEST large %s %016" PRIx64 "\n", name,
			       vcr_fold(VCR_FOLD_INIT, out, c.len));
			continue;
		}
		for (p = 0; p < c.arg; p++) {
			key_len = vcl_inputs(seed, i, p, 0, key, iv, NULL, 0);
			h = VCR_FOLD_INIT;
			for (j = 0; j < VCL_AIO_READS; j++) {
				len = vcl_aio_len(seed, i, p, j);
				vcl_inputs(seed, i, p, j, unused, iv, in, len);
				if (cbc_raw(key, key_len, iv, 1, in, out,
					    len) != 0)
					return 1;
				h = vcr_fold(h, out, len);
			}
			printf("VCTEST large %s/p%u %016" PRIx64 "\n", name,
			       p, h);
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct vcr_case c;
	uint8_t out[VCR_MAX_LEN];
	uint64_t seed, h = VCR_FOLD_INIT;
	uint32_t i, n;

	if (argc == 3 && strcmp(argv[1], "large") == 0)
		return large(strtoull(argv[2], NULL, 0));
	if (argc != 3) {
		fprintf(stderr, "usage: vcexpect SEED N | large SEED\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 0);
	n = strtoul(argv[2], NULL, 0);
	for (i = 0; i < n; i++) {
		vcr_case_make(seed, i, &c);
		if (cbc(&c, 1, c.pt, out) != 0)
			return 1;
		h = vcr_fold(h, out, c.len);
		if (cbc(&c, 0, c.ct, out) != 0)
			return 1;
		h = vcr_fold(h, out, c.len);
		if ((i + 1) % VCR_BLOCK == 0 || i + 1 == n) {
			printf("VCTEST random digest %u %016" PRIx64 "\n",
			       i / VCR_BLOCK, h);
			h = VCR_FOLD_INIT;
		}
	}
	return 0;
}
