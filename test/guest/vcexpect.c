/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vcexpect SEED N: the host's answers to the guest's random cases,
 * computed with OpenSSL, printed as the guest prints its own ("VCTEST
 * random digest BLOCK HEX") so that the two can be compared line by line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

#include "vcrand.h"

static int
cbc(const struct vcr_case *c, int enc, const uint8_t *in, uint8_t *out)
{
	const EVP_CIPHER *ciph = c->key_len == 16 ? EVP_aes_128_cbc() :
				 c->key_len == 24 ? EVP_aes_192_cbc() :
				 EVP_aes_256_cbc();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ok;

	ok = ctx != NULL &&
	     EVP_CipherInit_ex(ctx, ciph, NULL, c->key, c->iv, enc) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	     EVP_CipherUpdate(ctx, out, &n, in, (int)c->len) == 1 &&
	     n == (int)c->len;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static struct vcr_case c;
	uint8_t out[VCR_MAX_LEN];
	uint64_t seed, h = VCR_FOLD_INIT;
	uint32_t i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: vcexpect SEED N\n");
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
