/* SPDX-License-Identifier: BSD-3-Clause */
/* The launcher's own command line, the part after EAL's "--". */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static void
usage(const char *prog)
{
	printf("Usage: %s [EAL options] -- [options]\n"
"\n"
"Serve virtio-crypto devices to vhost-user frontends (QEMU's\n"
"cryptodev-vhost-user, DPDK's virtio_user) on a DPDK cryptodev.\n"
"\n"
"  --socket PATH        vhost-user socket of one device; repeat for more\n"
"  --cdev NAME          cryptodev to use, e.g. crypto_aesni_mb (created\n"
"                       with EAL --vdev); default: the first one found\n"
"  --config LIST        which lcore polls which queue, as\n"
"                       \"(lcore,socket,queue)[,(lcore,socket,queue)...]\"\n"
"                       where socket counts --socket options from 0;\n"
"                       default: every queue, round-robin on the workers\n"
"  --dataqueues N       data queues per device (1..%u, default 1)\n"
"  --burst N            requests per poll (1..%u, default 32)\n"
"  --max-sessions N     sessions per device (default 1024)\n"
"  --client             connect to the sockets (QEMU is the server),\n"
"                       reconnecting when the frontend goes away\n"
"  --stats SECONDS      print counters every SECONDS (0: only at exit)\n"
"  --copy-mode MODE     auto (default: zero copy on software PMDs that\n"
"                       work out of place), copy, or zero-copy\n"
"  --help               this text\n"
"\n"
"Example:\n"
"  %s -l 0,1 --no-huge --no-pci -m 512 --vdev crypto_aesni_mb -- \\\n"
"      --socket /tmp/vc0.sock --stats 1\n",
	       prog, VCRYPTO_MAX_DATAQS, VCRYPTO_MAX_BURST, prog);
}

static int
parse_uint(const char *opt, const char *s, unsigned long min,
	   unsigned long max, unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    v < min || v > max) {
		fprintf(stderr, "%s \"%s\": expected a number from %lu to %lu\n",
			opt, s, min, max);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

/* "(1,0,0),(1,0,1)" -> mappings. */
static int
parse_config(const char *s, struct backend_options *o)
{
	const char *p = s;

	while (*p != '\0') {
		struct queue_mapping *m;
		int used = 0;

		if (o->nb_maps == MAX_MAPPINGS) {
			fprintf(stderr, "--config: more than %d entries\n",
				MAX_MAPPINGS);
			return -1;
		}
		m = &o->maps[o->nb_maps];
		if (sscanf(p, " (%u , %u , %u )%n", &m->lcore, &m->socket,
			   &m->queue, &used) != 3 || used == 0) {
			fprintf(stderr, "--config \"%s\": bad entry at \"%s\", "
				"expected (lcore,socket,queue)\n", s, p);
			return -1;
		}
		o->nb_maps++;
		p += used;
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p != '\0') {
			fprintf(stderr, "--config \"%s\": unexpected \"%s\"\n",
				s, p);
			return -1;
		}
	}
	if (o->nb_maps == 0) {
		fprintf(stderr, "--config: empty\n");
		return -1;
	}
	return 0;
}

int
options_parse(int argc, char **argv, struct backend_options *o)
{
	enum { OPT_SOCKET = 256, OPT_CDEV, OPT_CONFIG, OPT_DATAQS, OPT_BURST,
	       OPT_SESSIONS, OPT_CLIENT, OPT_STATS, OPT_COPY, OPT_HELP };
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ "cdev", required_argument, NULL, OPT_CDEV },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "dataqueues", required_argument, NULL, OPT_DATAQS },
		{ "burst", required_argument, NULL, OPT_BURST },
		{ "max-sessions", required_argument, NULL, OPT_SESSIONS },
		{ "client", no_argument, NULL, OPT_CLIENT },
		{ "stats", required_argument, NULL, OPT_STATS },
		{ "copy-mode", required_argument, NULL, OPT_COPY },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int i;
	int c;

	memset(o, 0, sizeof(*o));
	o->dataqs = 1;
	o->burst = 32;
	o->max_sessions = 1024;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SOCKET:
			if (o->nb_sockets == VCRYPTO_MAX_DEVICES) {
				fprintf(stderr, "--socket %s: at most %d "
					"sockets\n", optarg,
					VCRYPTO_MAX_DEVICES);
				return -1;
			}
			o->sockets[o->nb_sockets++] = optarg;
			break;
		case OPT_CDEV:
			o->cdev_name = optarg;
			break;
		case OPT_CONFIG:
			if (parse_config(optarg, o) != 0)
				return -1;
			break;
		case OPT_DATAQS:
			if (parse_uint("--dataqueues", optarg, 1,
				       VCRYPTO_MAX_DATAQS, &o->dataqs) != 0)
				return -1;
			break;
		case OPT_BURST:
			if (parse_uint("--burst", optarg, 1,
				       VCRYPTO_MAX_BURST, &o->burst) != 0)
				return -1;
			break;
		case OPT_SESSIONS:
			if (parse_uint("--max-sessions", optarg, 1, 1u << 20,
				       &o->max_sessions) != 0)
				return -1;
			break;
		case OPT_CLIENT:
			o->client = 1;
			break;
		case OPT_COPY:
			if (strcmp(optarg, "auto") == 0)
				o->copy_mode = VCRYPTO_COPY_AUTO;
			else if (strcmp(optarg, "copy") == 0)
				o->copy_mode = VCRYPTO_COPY_ALWAYS;
			else if (strcmp(optarg, "zero-copy") == 0)
				o->copy_mode = VCRYPTO_COPY_NEVER;
			else {
				fprintf(stderr, "--copy-mode %s: expected auto, "
					"copy or zero-copy\n", optarg);
				return -1;
			}
			break;
		case OPT_STATS:
			if (parse_uint("--stats", optarg, 0, 3600,
				       &o->stats_period) != 0)
				return -1;
			break;
		case OPT_HELP:
			usage(argv[0]);
			return 1;
		default:
			fprintf(stderr, "try %s -- --help\n", argv[0]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "unexpected argument \"%s\"\n", argv[optind]);
		return -1;
	}
	if (o->nb_sockets == 0) {
		fprintf(stderr, "no --socket given: nothing to serve\n");
		return -1;
	}
	for (i = 0; i < o->nb_maps; i++) {
		const struct queue_mapping *m = &o->maps[i];

		if (m->socket >= o->nb_sockets) {
			fprintf(stderr, "--config (%u,%u,%u): there are %u "
				"sockets\n", m->lcore, m->socket, m->queue,
				o->nb_sockets);
			return -1;
		}
		if (m->queue >= o->dataqs) {
			fprintf(stderr, "--config (%u,%u,%u): devices have %u "
				"data queues\n", m->lcore, m->socket,
				m->queue, o->dataqs);
			return -1;
		}
	}
	return 0;
}
