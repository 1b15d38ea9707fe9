/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_BACKEND_DRYRUN_H
#define VCRYPTO_BACKEND_DRYRUN_H

#include <stdint.h>

#include "options.h"

/**
 * Print the resolved lcore/device/queue map (devices created and mapped,
 * nothing started), the cryptodevs of @p conf, and what they let the devices
 * advertise: each algorithm with the cryptodev its sessions go to.
 * @return 0 or -1.
 */
int dry_run_print(const struct backend_options *o,
		  const struct vcrypto_conf *conf);

/**
 * Print device @p dev_id's config space as its frontend reads it
 * (struct virtio_crypto_config, one line). @return 0 or -1.
 */
int config_print(int dev_id);

#endif /* VCRYPTO_BACKEND_DRYRUN_H */
