/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Load: fairness between two devices polled by one lcore, one flooding
 * its queue and one sending at a steady rate; and 64 devices on one
 * backend connecting, running and disconnecting together.
 *
 * Usage: test_load BACKEND_EXE PMD [fairness|devices|both]
 *        [--known-starvation]
 * (default: devices). With --known-starvation a steady device below 80%
 * is the known bug of the poll loop: the test exits 77 (skipped) saying
 * so, and passes once it is fixed.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend_proc.h"
#include "guest_util.h"
#include "harness.h"

#define STEADY_RATE 2000        /* requests per second */
#define STEADY_WINDOW 128       /* most in flight before it falls behind */
#define STEADY_LEN 4096
#define STEADY_MS 1500
/*
 * A backlog of a whole 32768-entry ring of 64 KiB requests: a quarter of a
 * second of work at any time, however the flooding thread is scheduled.
 */
#define FLOOD_DEPTH 32768
#define FLOOD_LEN 65520
#define NB_DEVS 64

static const uint8_t key[16] = "load-test-key-16";
static uint64_t rng = 0x9fb21c651e98df25ULL;
static const char *exe, *pmd;
/* --known-starvation: below 80% is the known bug, reported as a skip. */
static int known_starvation, starved;

/*
 * Send STEADY_RATE requests a second for STEADY_MS, never more than
 * STEADY_WINDOW outstanding; @return completions per second, all checked.
 */
static double
steady_run(struct vu_dev *d, struct gslot *s, int64_t sid)
{
	struct vu_sym_op *free_ops[STEADY_WINDOW], *got[STEADY_WINDOW];
	unsigned int nfree = STEADY_WINDOW, i, done = 0, bad = 0;
	uint64_t t0 = now_ms(), sent = 0, t;

	for (i = 0; i < STEADY_WINDOW; i++) {
		s[i].op.opaque = &s[i];
		free_ops[i] = &s[i].op;
	}
	while ((t = now_ms() - t0) < STEADY_MS) {
		uint64_t due = t * STEADY_RATE / 1000;
		uint16_t n;

		while (sent < due && nfree > 0) {
			struct vu_sym_op *op = free_ops[--nfree];

			gslot_prepare(op->opaque, sid, &rng);
			if (vu_submit(d, 0, &op, 1) != 1) {
				free_ops[nfree++] = op;
				break;
			}
			sent++;
		}
		n = vu_poll(d, 0, got, STEADY_WINDOW);
		for (i = 0; i < n; i++) {
			bad += !gslot_verify(got[i]->opaque, key);
			free_ops[nfree++] = got[i];
		}
		done += n;
		usleep(200);
	}
	/* Let the last ones come back before the next run. */
	while (vu_inflight(d, 0) > 0 && now_ms() - t0 < STEADY_MS + 5000)
		vu_poll(d, 0, got, STEADY_WINDOW);
	CHECK(bad == 0);
	return done * 1000.0 / STEADY_MS;
}

struct flood {
	struct vu_dev *dev;
	int64_t sid;
	volatile int stop;
	unsigned long done;
	unsigned long ok;
};

/*
 * Keep FLOOD_DEPTH requests on device 0 all the time. They share their
 * buffers: only their number and size matter here.
 */
static void *
flood_main(void *arg)
{
	static struct vu_sym_op fops[FLOOD_DEPTH];
	static struct vu_sym_op *ops[FLOOD_DEPTH];
	struct flood *f = arg;
	struct gslot s;
	uint64_t seed = 7;
	unsigned int i;

	if (gslots_alloc(f->dev, &s, 1, FLOOD_LEN) != 0)
		return NULL;
	gslot_prepare(&s, f->sid, &seed);
	for (i = 0; i < FLOOD_DEPTH; i++) {
		fops[i] = s.op;
		ops[i] = &fops[i];
	}
	vu_submit(f->dev, 0, ops, FLOOD_DEPTH);
	while (!f->stop) {
		uint16_t n = vu_poll(f->dev, 0, ops, FLOOD_DEPTH);

		for (i = 0; i < n; i++)
			f->ok += ops[i]->status == VIRTIO_CRYPTO_OK &&
				 ops[i]->used_len == FLOOD_LEN + 1;
		f->done += n;
		vu_submit(f->dev, 0, ops, n);
	}
	while (vu_inflight(f->dev, 0) > 0)
		vu_poll(f->dev, 0, ops, FLOOD_DEPTH);
	return NULL;
}

static void
test_fairness(void)
{
	static struct gslot s[STEADY_WINDOW];
	struct bproc_conf c = { .exe = exe, .pmd = pmd, .nb_sockets = 2 };
	struct flood f = { 0 };
	struct vu_dev *steady;
	double alone, loaded;
	struct bproc be;
	pthread_t th;
	int64_t sid;

	/* One worker lcore: both queues are its. */
	if (!CHECK(bproc_start(&be, &c) == 0))
		return;
	steady = guest_open(be.sockets[1], 1, 256, 4u << 20, 1, 5000);
	f.dev = guest_open(be.sockets[0], 1, FLOOD_DEPTH, 32u << 20, 1, 5000);
	if (!CHECK(steady != NULL && f.dev != NULL) ||
	    !CHECK((sid = guest_ctr_session(steady, key)) >= 0) ||
	    !CHECK((f.sid = guest_ctr_session(f.dev, key)) >= 0) ||
	    !CHECK(gslots_alloc(steady, s, STEADY_WINDOW, STEADY_LEN) == 0))
		goto out;
	alone = steady_run(steady, s, sid);
	if (!CHECK(pthread_create(&th, NULL, flood_main, &f) == 0))
		goto out;
	usleep(200 * 1000);
	loaded = steady_run(steady, s, sid);
	f.stop = 1;
	pthread_join(th, NULL);
	printf("fairness: steady device %.0f req/s alone, %.0f req/s beside a "
	       "flood of %lu requests (%.0f%%)\n", alone, loaded, f.done,
	       100.0 * loaded / alone);
	CHECK(alone >= 0.8 * STEADY_RATE);
	CHECK(f.done > 0 && f.ok == f.done);
	if (known_starvation && loaded < 0.8 * alone)
		starved = 1;
	else
		CHECK(loaded >= 0.8 * alone);
out:
	vu_dev_close(steady);
	vu_dev_close(f.dev);
	CHECK(bproc_stop(&be, 10000) == 0);
}

/* 64 devices at once: all connect, all run, all go, then all again. */
static void
test_many_devices(void)
{
	static const char *const extra[] = { "--max-sessions", "4", NULL };
	static struct gslot s[NB_DEVS][4];
	struct bproc_conf c = { .exe = exe, .pmd = pmd,
				.nb_sockets = NB_DEVS, .extra = extra };
	struct vu_dev *d[NB_DEVS];
	struct vu_sym_op *ops[4];
	unsigned int i, k, round, served = 0;
	struct bproc be;
	int64_t sid;

	if (!CHECK(bproc_start(&be, &c) == 0))
		return;
	for (round = 0; round < 2; round++) {
		memset(d, 0, sizeof(d));
		for (i = 0; i < NB_DEVS; i++) {
			d[i] = guest_open(be.sockets[i], 1, 64, 1u << 20, 1,
					  5000);
			if (!CHECK(d[i] != NULL) ||
			    !CHECK((sid = guest_ctr_session(d[i], key)) >= 0)
			    || !CHECK(gslots_alloc(d[i], s[i], 4, 1024) == 0))
				goto close;
			for (k = 0; k < 4; k++) {
				gslot_prepare(&s[i][k], sid, &rng);
				ops[k] = &s[i][k].op;
			}
			/* Everyone in flight together. */
			CHECK(vu_submit(d[i], 0, ops, 4) == 4);
		}
		for (i = 0; i < NB_DEVS; i++) {
			struct vu_sym_op *got[4];
			uint64_t end = now_ms() + 5000;
			unsigned int n = 0;

			while (n < 4 && now_ms() < end)
				n += vu_poll(d[i], 0, got, 4);
			for (k = 0; k < 4; k++)
				served += n == 4 && gslot_verify(&s[i][k], key);
		}
close:
		for (i = 0; i < NB_DEVS; i++)
			vu_dev_close(d[i]);
	}
	printf("64 devices: %u of %u requests served right over 2 rounds\n",
	       served, 2 * NB_DEVS * 4);
	CHECK(served == 2 * NB_DEVS * 4);
	CHECK(bproc_stop(&be, 20000) == 0);
}

int
main(int argc, char **argv)
{
	const char *which = argc > 3 ? argv[3] : "devices";

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD [fairness|devices]\n",
			argv[0]);
		return 2;
	}
	exe = argv[1];
	pmd = argv[2];
	known_starvation = argc > 4 &&
		strcmp(argv[4], "--known-starvation") == 0;
	if (strcmp(which, "devices") != 0)
		test_fairness();
	if (strcmp(which, "fairness") != 0)
		test_many_devices();
	if (starved && test_failed == 0) {
		printf("SKIP: fairness below 80%%: vcrypto_lcore_poll starts "
		       "every round at the lcore's first queue (known)\n");
		return 77;
	}
	return test_summary();
}
