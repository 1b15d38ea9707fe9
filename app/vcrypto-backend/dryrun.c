/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --dry-run: what the launcher resolved (lcores, devices, queues) and what
 * the cryptodevs let every device advertise, printed instead of starting;
 * and each device's config space, which the launcher prints at start too.
 */
#include <endian.h>
#include <inttypes.h>
#include <stdio.h>
#include <linux/virtio_crypto.h>

#include <rte_cryptodev.h>
#include <rte_lcore.h>

#include "dryrun.h"

/*
 * A family's mask, each algorithm with the cryptodev its sessions go to
 * when there are several.
 */
static void
print_algos(const char *family, enum vcrypto_algo_kind kind, uint64_t mask,
	    int several)
{
	unsigned int bit;

	printf("  %-6s 0x%016" PRIx64 ":", family, mask);
	for (bit = 0; bit < 64; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		printf(" %s", vcrypto_algo_name(kind, bit));
		if (several)
			printf("@%s", rte_cryptodev_name_get(
				(uint8_t)vcrypto_algo_cdev(kind, bit)));
	}
	printf("\n");
}

/* Each polling lcore and the queues it serves, as "device:queue". */
static void
print_lcores(void)
{
	unsigned int lcore;
	int d;

	RTE_LCORE_FOREACH_WORKER(lcore) {
		int found = 0;

		for (d = 0; d < vcrypto_device_count(); d++) {
			uint16_t q;

			for (q = 0; q < vcrypto_device_dataqs(d); q++) {
				if (vcrypto_queue_lcore(d, q) != (int)lcore)
					continue;
				if (!found++)
					printf("lcore %u polls", lcore);
				printf(" %d:%u", d, q);
			}
		}
		printf(found ? "\n" : "lcore %u: idle\n", lcore);
	}
}

int
config_print(int dev_id)
{
	struct virtio_crypto_config c;

	if (vcrypto_device_config(dev_id, &c) != 0)
		return -1;
	printf("device %d config: status 0x%x max_dataqueues %u "
	       "crypto_services 0x%x cipher_algo_l 0x%x cipher_algo_h 0x%x "
	       "hash_algo 0x%x mac_algo_l 0x%x mac_algo_h 0x%x aead_algo 0x%x "
	       "akcipher_algo 0x%x max_cipher_key_len %u max_auth_key_len %u "
	       "max_size %" PRIu64 "\n", dev_id, le32toh(c.status),
	       le32toh(c.max_dataqueues), le32toh(c.crypto_services),
	       le32toh(c.cipher_algo_l), le32toh(c.cipher_algo_h),
	       le32toh(c.hash_algo), le32toh(c.mac_algo_l),
	       le32toh(c.mac_algo_h), le32toh(c.aead_algo),
	       le32toh(c.akcipher_algo), le32toh(c.max_cipher_key_len),
	       le32toh(c.max_auth_key_len), (uint64_t)le64toh(c.max_size));
	return 0;
}

int
dry_run_print(const struct backend_options *o,
	      const struct vcrypto_conf *conf)
{
	struct rte_cryptodev_info info;
	struct vcrypto_algos a;
	unsigned int i;
	int d;

	if (vcrypto_backend_algos(&a) != 0)
		return -1;
	printf("dry run: no socket created, nothing started\n");
	for (i = 0; i < conf->nb_cdevs; i++) {
		uint8_t id = conf->cdev_ids[i];

		rte_cryptodev_info_get(id, &info);
		printf("cryptodev %u: %s (driver %s, %u queue pairs at most)"
		       "%s\n", id, rte_cryptodev_name_get(id),
		       info.driver_name, info.max_nb_queue_pairs,
		       conf->nb_cdevs > 1 && i == 0 ? ", preferred" : "");
	}
	printf("burst %u, max-sessions %u per device\n", o->burst,
	       o->max_sessions);
	for (d = 0; d < vcrypto_device_count(); d++) {
		uint16_t q;

		printf("device %d: %s, %s, %u data queue(s)", d,
		       vcrypto_device_path(d), o->client ? "client" : "server",
		       vcrypto_device_dataqs(d));
		if (o->socket_mode >= 0)
			printf(", mode %04o", (unsigned int)o->socket_mode);
		if (o->socket_uid != (uid_t)-1)
			printf(", owner %u", (unsigned int)o->socket_uid);
		if (o->socket_gid != (gid_t)-1)
			printf(":%u", (unsigned int)o->socket_gid);
		printf("\n");
		for (q = 0; q < vcrypto_device_dataqs(d); q++) {
			int lcore = vcrypto_queue_lcore(d, q);

			if (lcore < 0)
				printf("  queue %u: no lcore, not served\n", q);
			else
				printf("  queue %u: lcore %d\n", q, lcore);
		}
	}
	print_lcores();
	printf("advertised by every device:\n");
	printf("  services: %s%s%s\n", a.cipher ? "cipher" : "none",
	       a.cipher && a.mac ? ", cipher+mac chains" : "",
	       a.cipher && a.hash ? ", cipher+hash chains" : "");
	/* Sessions of these come over the controlq only (not QEMU's). */
	printf("  controlq services too: %s%s%s%s\n", a.hash ? "hash " : "",
	       a.mac ? "mac " : "", a.aead ? "aead " : "",
	       a.akcipher ? "akcipher" : "");
	print_algos("cipher", VCRYPTO_ALGO_CIPHER, a.cipher, conf->nb_cdevs > 1);
	print_algos("mac", VCRYPTO_ALGO_MAC, a.mac, conf->nb_cdevs > 1);
	print_algos("hash", VCRYPTO_ALGO_HASH, a.hash, conf->nb_cdevs > 1);
	print_algos("aead", VCRYPTO_ALGO_AEAD, a.aead, conf->nb_cdevs > 1);
	print_algos("akciph", VCRYPTO_ALGO_AKCIPHER, a.akcipher,
		    conf->nb_cdevs > 1);
	printf("  max cipher key %u bytes, max mac key %u bytes\n",
	       a.max_cipher_key_len, a.max_auth_key_len);
	if (a.akcipher)
		printf("  RSA moduli %u..%u bytes, raw and PKCS#1 v1.5 "
		       "padding\n", a.rsa_min_mod_len, a.rsa_max_mod_len);
	for (d = 0; d < vcrypto_device_count(); d++)
		if (config_print(d) != 0)
			return -1;
	fflush(stdout);
	return 0;
}
