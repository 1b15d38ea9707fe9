/* SPDX-License-Identifier: BSD-3-Clause */
/* The launcher's own command line, the part after EAL's "--". */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
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
"                       with EAL --vdev); repeat for more, in order of\n"
"                       preference: each session goes to the first that\n"
"                       can run it (at most %u); default: every cryptodev\n"
"                       EAL created, in the order it created them\n"
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
"  --socket-mode OCTAL  permissions of the sockets (server mode), e.g.\n"
"                       0660; default: as the umask makes them\n"
"  --socket-owner USER[:GROUP]\n"
"                       owner of the sockets (server mode)\n"
"  --config-file FILE   options from FILE, one \"option = value\" a line\n"
"                       (option: a long option without dashes; '#'\n"
"                       comments); the command line wins\n"
"  --dry-run            print the lcore/device/queue map, what the\n"
"                       devices would advertise and their config space,\n"
"                       then exit\n"
"  --copy-mode MODE     auto (default: zero copy on software PMDs that\n"
"                       work out of place), copy, or zero-copy\n"
"  --help               this text\n"
"\n"
"Example:\n"
"  %s -l 0,1 --no-huge --no-pci -m 512 --vdev crypto_aesni_mb -- \\\n"
"      --socket /tmp/vc0.sock --stats 1\n",
	       prog, VCRYPTO_MAX_CDEVS, VCRYPTO_MAX_DATAQS, VCRYPTO_MAX_BURST,
	       prog);
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

enum { OPT_SOCKET = 256, OPT_CDEV, OPT_CONFIG, OPT_DATAQS, OPT_BURST,
       OPT_SESSIONS, OPT_CLIENT, OPT_STATS, OPT_COPY, OPT_SOCKET_MODE,
       OPT_SOCKET_OWNER, OPT_CONFIG_FILE, OPT_DRY_RUN, OPT_HELP };

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
	{ "socket-mode", required_argument, NULL, OPT_SOCKET_MODE },
	{ "socket-owner", required_argument, NULL, OPT_SOCKET_OWNER },
	{ "config-file", required_argument, NULL, OPT_CONFIG_FILE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* "0660" -> 0660: octal digits only, no type bits. */
static int
parse_mode(const char *s, int *mode)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 8);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    v > 0777) {
		fprintf(stderr, "--socket-mode \"%s\": expected octal "
			"permissions from 0 to 0777, e.g. 0660\n", s);
		return -1;
	}
	*mode = (int)v;
	return 0;
}

/* A user or group name, or a number. */
static int
parse_id(const char *s, int group, unsigned int *id)
{
	struct passwd *pw;
	struct group *gr;
	char *end;

	if (group && (gr = getgrnam(s)) != NULL) {
		*id = gr->gr_gid;
		return 0;
	}
	if (!group && (pw = getpwnam(s)) != NULL) {
		*id = pw->pw_uid;
		return 0;
	}
	errno = 0;
	*id = (unsigned int)strtoul(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && s[0] != '-' ?
		0 : -1;
}

static int
parse_owner(const char *s, struct backend_options *o)
{
	char user[256];
	const char *colon = strchr(s, ':');
	size_t n = colon != NULL ? (size_t)(colon - s) : strlen(s);
	unsigned int uid, gid;

	if (n == 0 || n >= sizeof(user)) {
		fprintf(stderr, "--socket-owner \"%s\": expected "
			"USER[:GROUP]\n", s);
		return -1;
	}
	memcpy(user, s, n);
	user[n] = '\0';
	if (parse_id(user, 0, &uid) != 0) {
		fprintf(stderr, "--socket-owner \"%s\": no user \"%s\"\n",
			s, user);
		return -1;
	}
	o->socket_uid = uid;
	if (colon == NULL)
		return 0;
	if (parse_id(colon + 1, 1, &gid) != 0) {
		fprintf(stderr, "--socket-owner \"%s\": no group \"%s\"\n",
			s, colon + 1);
		return -1;
	}
	o->socket_gid = gid;
	return 0;
}

static void
defaults(struct backend_options *o)
{
	memset(o, 0, sizeof(*o));
	o->dataqs = 1;
	o->burst = 32;
	o->max_sessions = 1024;
	o->socket_mode = -1;
	o->socket_uid = (uid_t)-1;
	o->socket_gid = (gid_t)-1;
}

/*
 * One getopt pass over @p argv. With @p replace, the first --socket and
 * --config of the pass replace what a config file gave instead of adding
 * to it. Returns -1 on error, 1 after --help, 0 otherwise.
 */
static int
parse_args(int argc, char **argv, struct backend_options *o, int replace)
{
	int c, seen_socket = 0, seen_config = 0, seen_cdev = 0;

	optind = 0; /* glibc: start over, this is not the first pass */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SOCKET:
			if (replace && !seen_socket++)
				o->nb_sockets = 0;
			if (o->nb_sockets == VCRYPTO_MAX_DEVICES) {
				fprintf(stderr, "--socket %s: at most %d "
					"sockets\n", optarg,
					VCRYPTO_MAX_DEVICES);
				return -1;
			}
			o->sockets[o->nb_sockets++] = optarg;
			break;
		case OPT_CDEV:
			if (replace && !seen_cdev++)
				o->nb_cdevs = 0;
			if (o->nb_cdevs == VCRYPTO_MAX_CDEVS) {
				fprintf(stderr, "--cdev %s: at most %u "
					"cryptodevs\n", optarg,
					VCRYPTO_MAX_CDEVS);
				return -1;
			}
			o->cdev_names[o->nb_cdevs++] = optarg;
			break;
		case OPT_CONFIG:
			if (replace && !seen_config++)
				o->nb_maps = 0;
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
		case OPT_SOCKET_MODE:
			if (parse_mode(optarg, &o->socket_mode) != 0)
				return -1;
			break;
		case OPT_SOCKET_OWNER:
			if (parse_owner(optarg, o) != 0)
				return -1;
			break;
		case OPT_CONFIG_FILE:
			o->config_file = optarg;
			break;
		case OPT_DRY_RUN:
			o->dry_run = 1;
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
	return 0;
}

/* One line of a config file, parsed as its command-line twin. */
static int
apply_line(const char *name, char *value, void *ctx)
{
	struct backend_options *o = ctx;
	const struct option *opt;
	char dashed[64], *argv[4] = { "config-file", dashed, value, NULL };

	for (opt = longopts; opt->name != NULL; opt++)
		if (strcmp(opt->name, name) == 0)
			break;
	if (opt->name == NULL || opt->val == OPT_CONFIG_FILE ||
	    opt->val == OPT_HELP) {
		fprintf(stderr, "unknown option \"%s\"\n", name);
		return -1;
	}
	snprintf(dashed, sizeof(dashed), "--%s", name);
	if (opt->has_arg == required_argument) {
		if (value == NULL || *value == '\0') {
			fprintf(stderr, "%s needs a value\n", name);
			return -1;
		}
		return parse_args(3, argv, o, 0);
	}
	if (value == NULL || strcmp(value, "yes") == 0 ||
	    strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
		return parse_args(2, argv, o, 0);
	if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
	    strcmp(value, "0") == 0)
		return 0;
	fprintf(stderr, "%s \"%s\": expected yes or no\n", name, value);
	return -1;
}

static int
check(const struct backend_options *o)
{
	unsigned int i;

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
	if (o->client && (o->socket_mode >= 0 ||
			  o->socket_uid != (uid_t)-1)) {
		fprintf(stderr, "--socket-mode, --socket-owner: with --client "
			"the frontend creates the sockets\n");
		return -1;
	}
	return 0;
}

int
options_parse(int argc, char **argv, struct backend_options *o)
{
	const char *file;
	int rc;

	defaults(o);
	rc = parse_args(argc, argv, o, 1);
	if (rc != 0 || o->config_file == NULL)
		return rc != 0 ? rc : check(o);
	/* Again, on top of the file: the command line wins. */
	file = o->config_file;
	defaults(o);
	if (config_file_read(file, apply_line, o) != 0)
		return -1;
	rc = parse_args(argc, argv, o, 1);
	return rc != 0 ? rc : check(o);
}
