/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The smallest useful embedding of lib/vcrypto: one vhost-user socket, its
 * one data queue polled by the first worker lcore, on the first cryptodev.
 * Counters are printed when SIGINT or SIGTERM stops it.
 *
 *   vcrypto-minimal -l 0,1 --no-huge -m 512 --vdev crypto_aesni_mb \
 *       -- /tmp/vc0.sock
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <vcrypto/vcrypto.h>

static volatile sig_atomic_t quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
	vcrypto_stop();
}

int
main(int argc, char **argv)
{
	struct vcrypto_conf conf = { .cdev_id = 0 }; /* 0: defaults */
	struct vcrypto_queue_stats st;
	unsigned int worker;
	int n, dev;

	n = rte_eal_init(argc, argv);
	if (n < 0)
		return 1;
	if (argc - n != 2) {
		fprintf(stderr, "usage: %s [EAL options] -- SOCKET\n",
			argv[0]);
		return 2;
	}
	worker = rte_get_next_lcore(-1, 1, 0);
	if (worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "give EAL two lcores, e.g. -l 0,1\n");
		return 1;
	}
	/* Each call logs why it fails; we only need to stop. */
	if (vcrypto_init(&conf) != 0)
		return 1;
	dev = vcrypto_device_create(argv[n + 1], 0, 1);
	if (dev < 0 || vcrypto_queue_map(worker, dev, 0) != 0 ||
	    vcrypto_start() != 0) {
		vcrypto_cleanup();
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rte_eal_remote_launch(vcrypto_lcore_poll, NULL, worker);
	printf("serving %s on lcore %u\n", argv[n + 1], worker);
	fflush(stdout);
	while (!quit)
		pause();
	/* The lcore completes what it took, then returns. */
	rte_eal_mp_wait_lcore();
	if (vcrypto_queue_stats_get(dev, 0, &st) == 0)
		printf("requests %" PRIu64 " ok %" PRIu64 " bytes %" PRIu64
		       "\n", st.requests, st.ok, st.bytes);
	vcrypto_cleanup();
	rte_eal_cleanup();
	return 0;
}
