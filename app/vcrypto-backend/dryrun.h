/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_BACKEND_DRYRUN_H
#define VCRYPTO_BACKEND_DRYRUN_H

#include <stdint.h>

#include "options.h"

/**
 * Print the resolved lcore/device/queue map (devices created and mapped,
 * nothing started) and what cryptodev @p cdev_id lets them advertise.
 * @return 0 or -1.
 */
int dry_run_print(const struct backend_options *o, uint8_t cdev_id);

#endif /* VCRYPTO_BACKEND_DRYRUN_H */
