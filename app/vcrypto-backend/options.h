/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VCRYPTO_BACKEND_OPTIONS_H
#define VCRYPTO_BACKEND_OPTIONS_H

#include <stdint.h>
#include <sys/types.h>

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
	const char *cdev_names[VCRYPTO_MAX_CDEVS];
	unsigned int nb_cdevs;     /**< 0: every cryptodev EAL made */
	struct queue_mapping maps[MAX_MAPPINGS];
	unsigned int nb_maps;
	unsigned int dataqs;
	unsigned int burst;
	unsigned int max_sessions;
	unsigned int stats_period;
	enum vcrypto_copy_mode copy_mode;
	int client;
	int dry_run;
	const char *config_file;
	int socket_mode;           /**< -1: leave the socket as created */
	uid_t socket_uid;          /**< (uid_t)-1: leave as created */
	gid_t socket_gid;          /**< (gid_t)-1: leave as created */
};

/**
 * Parse the application arguments, and the file of --config-file first
 * if one is given (the command line wins). Prints a message naming the
 * bad value and returns -1 on error, 1 after --help, 0 otherwise.
 */
int options_parse(int argc, char **argv, struct backend_options *o);

/**
 * Hand each "name = value" line of @p path to @p apply (value NULL when a
 * line has no "="). Names and values stay valid until exit.
 * @return 0, or -1 after a message naming the file and line.
 */
int config_file_read(const char *path,
		     int (*apply)(const char *name, char *value, void *ctx),
		     void *ctx);

#endif /* VCRYPTO_BACKEND_OPTIONS_H */
