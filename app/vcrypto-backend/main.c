/* SPDX-License-Identifier: BSD-3-Clause */
/* vcrypto-backend: EAL arguments, "--", then ours (see --help). */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_cryptodev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "dryrun.h"
#include "options.h"

static volatile sig_atomic_t quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
	vcrypto_stop();
}

/* --cdev, in order, or every cryptodev EAL created. */
static int
find_cdevs(const struct backend_options *o, struct vcrypto_conf *conf)
{
	unsigned int i;
	int id;

	for (i = 0; i < o->nb_cdevs; i++) {
		id = rte_cryptodev_get_dev_id(o->cdev_names[i]);
		if (id < 0) {
			fprintf(stderr, "--cdev %s: no such cryptodev (add it "
				"with EAL --vdev %s)\n", o->cdev_names[i],
				o->cdev_names[i]);
			return -1;
		}
		conf->cdev_ids[conf->nb_cdevs++] = (uint8_t)id;
	}
	if (o->nb_cdevs != 0)
		return 0;
	if (rte_cryptodev_count() == 0) {
		fprintf(stderr, "no cryptodev: add one with EAL --vdev, e.g. "
			"--vdev crypto_aesni_mb\n");
		return -1;
	}
	if (rte_cryptodev_count() > VCRYPTO_MAX_CDEVS) {
		fprintf(stderr, "%u cryptodevs: name at most %u with --cdev\n",
			rte_cryptodev_count(), VCRYPTO_MAX_CDEVS);
		return -1;
	}
	for (id = 0; id < RTE_CRYPTO_MAX_DEVS; id++)
		if (rte_cryptodev_is_valid_dev(id))
			conf->cdev_ids[conf->nb_cdevs++] = (uint8_t)id;
	return 0;
}

/* Apply --config, or spread every queue over the worker lcores. */
static int
map_queues(const struct backend_options *o)
{
	unsigned int i, s, q, lcore = rte_get_next_lcore(-1, 1, 1);

	for (i = 0; i < o->nb_maps; i++)
		if (vcrypto_queue_map(o->maps[i].lcore, o->maps[i].socket,
				      o->maps[i].queue) != 0) {
			fprintf(stderr, "--config (%u,%u,%u): rejected\n",
				o->maps[i].lcore, o->maps[i].socket,
				o->maps[i].queue);
			return -1;
		}
	if (o->nb_maps != 0)
		return 0;
	if (lcore >= RTE_MAX_LCORE) {
		fprintf(stderr, "no worker lcore: give EAL at least two, "
			"e.g. -l 0,1\n");
		return -1;
	}
	for (s = 0; s < o->nb_sockets; s++)
		for (q = 0; q < o->dataqs; q++) {
			if (vcrypto_queue_map(lcore, s, q) != 0)
				return -1;
			lcore = rte_get_next_lcore(lcore, 1, 1);
			if (lcore >= RTE_MAX_LCORE)
				lcore = rte_get_next_lcore(-1, 1, 1);
		}
	return 0;
}

/* --socket-mode, --socket-owner: the sockets exist once vcrypto_start()
 * has returned (server mode binds synchronously).
 */
static int
socket_perms(const struct backend_options *o)
{
	unsigned int i;

	for (i = 0; i < o->nb_sockets; i++) {
		const char *path = o->sockets[i];

		if (o->socket_mode >= 0 &&
		    chmod(path, (mode_t)o->socket_mode) != 0) {
			fprintf(stderr, "--socket-mode %04o: %s: %s\n",
				(unsigned int)o->socket_mode, path,
				strerror(errno));
			return -1;
		}
		if ((o->socket_uid != (uid_t)-1 ||
		     o->socket_gid != (gid_t)-1) &&
		    chown(path, o->socket_uid, o->socket_gid) != 0) {
			fprintf(stderr, "--socket-owner: %s: %s\n", path,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void
print_stats(int final)
{
	int d;

	for (d = 0; d < vcrypto_device_count(); d++) {
		struct vcrypto_queue_stats t = { 0 }, qs;
		uint16_t q;

		for (q = 0; q < vcrypto_device_dataqs(d); q++) {
			if (vcrypto_queue_stats_get(d, q, &qs) != 0)
				continue;
			t.requests += qs.requests;
			t.bytes += qs.bytes;
			t.ok += qs.ok;
			t.err += qs.err;
			t.badmsg += qs.badmsg;
			t.notsupp += qs.notsupp;
			t.invsess += qs.invsess;
			t.key_rejected += qs.key_rejected;
			t.bad_chains += qs.bad_chains;
			t.notifications += qs.notifications;
		}
		printf("%s %s: requests %" PRIu64 " ok %" PRIu64
		       " bytes %" PRIu64 " err %" PRIu64 " badmsg %" PRIu64
		       " notsupp %" PRIu64 " invsess %" PRIu64
		       " key_rejected %" PRIu64
		       " bad_chains %" PRIu64 " notify %" PRIu64
		       " sessions %u\n", final ? "total" : "stats",
		       vcrypto_device_path(d), t.requests, t.ok, t.bytes,
		       t.err, t.badmsg, t.notsupp, t.invsess, t.key_rejected,
		       t.bad_chains, t.notifications,
		       vcrypto_device_sessions(d));
	}
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct backend_options o;
	struct vcrypto_conf conf = { 0 };
	unsigned int i, tick = 0;
	int n, rc;

	n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "EAL initialisation failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	argv[n] = argv[0];
	rc = options_parse(argc - n, argv + n, &o);
	if (rc != 0) {
		rte_eal_cleanup();
		return rc > 0 ? 0 : 2;
	}
	if (find_cdevs(&o, &conf) != 0)
		goto fail;
	conf.burst = o.burst;
	conf.max_sessions = o.max_sessions;
	conf.copy_mode = o.copy_mode;
	if (vcrypto_init(&conf) != 0)
		goto fail;
	for (i = 0; i < o.nb_sockets; i++)
		if (vcrypto_device_create(o.sockets[i],
				o.client ? VCRYPTO_DEV_CLIENT : 0,
				o.dataqs) < 0) {
			fprintf(stderr, "--socket %s: rejected\n",
				o.sockets[i]);
			goto fail;
		}
	if (map_queues(&o) != 0)
		goto fail;
	if (o.dry_run) {
		rc = dry_run_print(&o, &conf);
		vcrypto_cleanup();
		rte_eal_cleanup();
		return rc == 0 ? 0 : 1;
	}
	if (vcrypto_start() != 0 || socket_perms(&o) != 0)
		goto fail;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rte_eal_mp_remote_launch(vcrypto_lcore_poll, NULL, SKIP_MAIN);
	printf("vcrypto-backend: serving %u device(s) on", o.nb_sockets);
	for (i = 0; i < conf.nb_cdevs; i++)
		printf("%s %s", i ? "," : "",
		       rte_cryptodev_name_get(conf.cdev_ids[i]));
	printf("\n");
	for (i = 0; i < o.nb_sockets; i++)
		config_print((int)i);
	fflush(stdout);
	while (!quit) {
		usleep(100 * 1000);
		if (o.stats_period != 0 && ++tick % (10 * o.stats_period) == 0)
			print_stats(0);
	}
	/* The lcores finish what they took before they return. */
	rte_eal_mp_wait_lcore();
	print_stats(1);
	vcrypto_cleanup();
	rte_eal_cleanup();
	return 0;
fail:
	vcrypto_cleanup();
	rte_eal_cleanup();
	return 1;
}
