/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Write doc/'s table of the algorithms each cryptodev PMD lets vcrypto
 * serve, from vcrypto_algos_get() on real PMD instances: generated, so
 * it cannot drift from the code.
 *
 * Usage: gen_algo_table OUTPUT.rst PMD...
 */
#include <stdio.h>
#include <unistd.h>

#include <rte_cryptodev.h>
#include <rte_eal.h>

#include "vcrypto.h"

#define MAX_PMDS 8

static const struct {
	enum vcrypto_algo_kind kind;
	const char *family;
	size_t offset;
} families[] = {
	{ VCRYPTO_ALGO_CIPHER, "cipher", offsetof(struct vcrypto_algos,
						  cipher) },
	{ VCRYPTO_ALGO_MAC, "MAC", offsetof(struct vcrypto_algos, mac) },
	{ VCRYPTO_ALGO_HASH, "hash", offsetof(struct vcrypto_algos, hash) },
	{ VCRYPTO_ALGO_AEAD, "AEAD", offsetof(struct vcrypto_algos, aead) },
	{ VCRYPTO_ALGO_AKCIPHER, "akcipher", offsetof(struct vcrypto_algos,
						      akcipher) },
};

static void
table(FILE *f, const struct vcrypto_algos *a, int n)
{
	unsigned int i, bit;
	int p;

	fprintf(f, ".. list-table:: What each PMD lets a device serve\n"
		"   :header-rows: 1\n\n   * - virtio algorithm\n");
	for (p = 0; p < n; p++)
		fprintf(f, "     - ``%s``\n", rte_cryptodev_name_get(p));
	for (i = 0; i < RTE_DIM(families); i++)
		for (bit = 0; bit < 64; bit++) {
			const char *name = vcrypto_algo_name(families[i].kind,
							     bit);

			if (name == NULL)
				continue;
			fprintf(f, "   * - %s %s (%u)\n", families[i].family,
				name, bit);
			for (p = 0; p < n; p++) {
				const uint64_t *mask = (const void *)
					((const char *)&a[p] +
					 families[i].offset);

				fprintf(f, "     - %s\n", (*mask >> bit) & 1 ?
					"yes" : "--");
			}
		}
	fprintf(f, "   * - longest cipher key, bytes\n");
	for (p = 0; p < n; p++)
		fprintf(f, "     - %u\n", a[p].max_cipher_key_len);
	fprintf(f, "   * - longest MAC key, bytes\n");
	for (p = 0; p < n; p++)
		fprintf(f, "     - %u\n", a[p].max_auth_key_len);
	fprintf(f, "   * - RSA modulus, bytes\n");
	for (p = 0; p < n; p++)
		if (a[p].akcipher != 0)
			fprintf(f, "     - %u .. %u\n", a[p].rsa_min_mod_len,
				a[p].rsa_max_mod_len);
		else
			fprintf(f, "     - --\n");
}

int
main(int argc, char **argv)
{
	char prefix[32];
	/* A prefix of our own: builds may run side by side. */
	char *eal[11 + 2 * MAX_PMDS] = { argv[0], "-l", "0", "--no-huge",
		"--no-pci", "--no-telemetry", "--log-level", "*:error",
		"--file-prefix", prefix };
	struct vcrypto_algos a[MAX_PMDS];
	int i, n = 10, nb_pmds = argc - 2;
	FILE *f;

	snprintf(prefix, sizeof(prefix), "vc_doc_%d", (int)getpid());

	if (argc < 3 || nb_pmds > MAX_PMDS) {
		fprintf(stderr, "usage: %s OUTPUT PMD...\n", argv[0]);
		return 2;
	}
	for (i = 0; i < nb_pmds; i++) {
		eal[n++] = "--vdev";
		eal[n++] = argv[2 + i];
	}
	if (rte_eal_init(n, eal) < 0 ||
	    rte_cryptodev_count() != (uint8_t)nb_pmds) {
		fprintf(stderr, "%s: cannot create the PMDs\n", argv[0]);
		return 1;
	}
	for (i = 0; i < nb_pmds; i++)
		if (vcrypto_algos_get(i, &a[i]) != 0)
			return 1;
	f = fopen(argv[1], "w");
	if (f == NULL) {
		perror(argv[1]);
		return 1;
	}
	table(f, a, nb_pmds);
	fclose(f);
	rte_eal_cleanup();
	return 0;
}
