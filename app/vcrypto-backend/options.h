/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_BACKEND_OPTIONS_H
#define VCRYPTO_BACKEND_OPTIONS_H

#include <stdint.h>

#include "vcrypto.h"

#define MAX_MAPPINGS (VCRYPTO_MAX_DEVICES * VCRYPTO_MAX_DATAQS)

/** One "(lcore,socket,queue)" of --config. */
struct queue_mapping {
	unsigned int lcore;
	unsigned int socket;
	unsigned int queue;
};

/** What the command line after "--" asked for. */
struct backend_options {
	const char *sockets[VCRYPTO_MAX_DEVICES];
	unsigned int nb_sockets;
	const char *cdev_name;
	struct queue_mapping maps[MAX_MAPPINGS];
	unsigned int nb_maps;
	unsigned int dataqs;
	unsigned int burst;
	unsigned int max_sessions;
	unsigned int stats_period;
	int client;
};

/**
 * Parse the application arguments. Prints a message naming the bad value
 * and returns -1 on error, 1 after --help, 0 otherwise.
 */
int options_parse(int argc, char **argv, struct backend_options *o);

#endif /* VCRYPTO_BACKEND_OPTIONS_H */
