/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The config space a device shows its frontend, computed from what the
 * cryptodevs can run: one answer for GET_CONFIG and for the launcher.
 */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>

#include "vcrypto_private.h"

int
vcrypto_device_config(int dev_id, struct virtio_crypto_config *c)
{
	uint16_t nb_dataqs = vcrypto_device_dataqs(dev_id);
	struct vcrypto_algos a;
	uint32_t svc = 0;

	if (c == NULL || nb_dataqs == 0 || vcrypto_backend_algos(&a) != 0)
		return -EINVAL;
	if (a.cipher != 0)
		svc |= 1u << VIRTIO_CRYPTO_SERVICE_CIPHER;
	if (a.hash != 0)
		svc |= 1u << VIRTIO_CRYPTO_SERVICE_HASH;
	if (a.mac != 0)
		svc |= 1u << VIRTIO_CRYPTO_SERVICE_MAC;
	if (a.aead != 0)
		svc |= 1u << VIRTIO_CRYPTO_SERVICE_AEAD;
	if (a.akcipher != 0)
		svc |= 1u << VIRTIO_CRYPTO_SERVICE_AKCIPHER;
	memset(c, 0, sizeof(*c));
	c->status = rte_cpu_to_le_32(VIRTIO_CRYPTO_S_HW_READY);
	c->max_dataqueues = rte_cpu_to_le_32(nb_dataqs);
	c->crypto_services = rte_cpu_to_le_32(svc);
	c->cipher_algo_l = rte_cpu_to_le_32((uint32_t)a.cipher);
	c->cipher_algo_h = rte_cpu_to_le_32((uint32_t)(a.cipher >> 32));
	c->hash_algo = rte_cpu_to_le_32((uint32_t)a.hash);
	c->mac_algo_l = rte_cpu_to_le_32((uint32_t)a.mac);
	c->mac_algo_h = rte_cpu_to_le_32((uint32_t)(a.mac >> 32));
	c->aead_algo = rte_cpu_to_le_32((uint32_t)a.aead);
	c->akcipher_algo = rte_cpu_to_le_32((uint32_t)a.akcipher);
	c->max_cipher_key_len = rte_cpu_to_le_32(a.max_cipher_key_len);
	c->max_auth_key_len = rte_cpu_to_le_32(a.max_auth_key_len);
	/*
	 * What a request of every service can count on: one mbuf.
	 * Larger ones run where sessions allow (doc/limits.rst).
	 */
	c->max_size = rte_cpu_to_le_64(UINT16_MAX);
	return 0;
}
