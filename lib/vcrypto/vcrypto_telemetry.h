/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_TELEMETRY_H
#define VCRYPTO_TELEMETRY_H

/*
 * Telemetry reads the device and lcore tables from its own thread: the
 * control calls that add to or free those tables hold this lock.
 */

/** Register the /vcrypto/ telemetry commands (once per process). */
void vcrypto_telemetry_register(void);

void vcrypto_tables_lock(void);
void vcrypto_tables_unlock(void);

#endif /* VCRYPTO_TELEMETRY_H */
