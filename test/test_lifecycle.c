/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Lifecycles: frontends that come and go with sessions open and requests
 * in flight (the backend listening, and the backend connecting and
 * reconnecting), SIGTERM with requests in flight, and a driver process
 * killed in the middle of a burst. Afterwards the backend's RSS, fds,
 * mapped regions and sessions are back where they were, every request it
 * took was completed, and the other devices never stopped.
 *
 * Usage: test_lifecycle BACKEND_EXE PMD
 * VCRYPTO_CYCLES=N sets the cycles of each mode (default 200).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend_proc.h"
#include "guest_util.h"
#include "harness.h"

#define SESSIONS 4
/* As many as a 64-entry ring holds in direct mode (5 descriptors each). */
#define INFLIGHT 12
#define REQ_LEN 4096
#define MEM (4u << 20)
/* RSS may move by a few pages (allocator caches, log buffers). */
#define RSS_SLACK_KB 1024

static const uint8_t key[16] = "lifecycle-key-16";
static uint64_t rng = 0xda3e39cb94b95bdbULL;
static const char *exe, *pmd;

/*
 * One frontend lifetime: SESSIONS sessions (the backend allows no more:
 * a leak shows at once), INFLIGHT requests left in flight, then a close
 * that stops the rings or one that just drops the connection. Every
 * @p verify_every cycles the requests are waited for and checked instead.
 */
static int
one_life(struct vu_dev *d, unsigned int cycle, unsigned int verify_every)
{
	struct gslot s[INFLIGHT];
	struct vu_sym_op *ops[INFLIGHT];
	int64_t sid[SESSIONS];
	unsigned int i, ok = 1;

	for (i = 0; i < SESSIONS; i++)
		ok &= (sid[i] = guest_ctr_session(d, key)) >= 0;
	if (!CHECK(ok) || !CHECK(gslots_alloc(d, s, INFLIGHT, REQ_LEN) == 0))
		goto out;
	for (i = 0; i < INFLIGHT; i++) {
		gslot_prepare(&s[i], sid[i % SESSIONS], &rng);
		ops[i] = &s[i].op;
	}
	if (cycle % verify_every == 0) {
		ok = guest_run(d, 0, ops, INFLIGHT, 5000) == INFLIGHT;
		for (i = 0; ok && i < INFLIGHT; i++)
			ok = gslot_verify(&s[i], key);
		CHECK(ok);
	} else {
		CHECK(vu_submit(d, 0, ops, INFLIGHT) == INFLIGHT);
	}
out:
	if (cycle % 2)
		vu_raw_abandon(d);
	else
		vu_dev_close(d);
	return ok ? 0 : -1;
}

/*
 * Wait until the backend let the last frontend go: its guest memory
 * unmapped, and fds and maps the same over two readings 20 ms apart
 * (the socket is closed a little after the memory is unmapped).
 */
static int
settled(pid_t pid, struct proc_usage *u)
{
	uint64_t end = now_ms() + 5000;
	struct proc_usage prev = { .fds = -1 };

	do {
		if (proc_usage_get(pid, u) == 0 && u->memfd_maps == 0 &&
		    u->fds == prev.fds && u->maps == prev.maps)
			return 0;
		prev = *u;
		usleep(20 * 1000);
	} while (now_ms() < end);
	return -1;
}

static void
report(const char *mode, unsigned int cycles, const struct proc_usage *a,
       const struct proc_usage *b)
{
	printf("%s: %u cycles: RSS %ld -> %ld kB, fds %d -> %d, maps %d -> "
	       "%d, guest maps %d -> %d\n", mode, cycles, a->rss_kb, b->rss_kb,
	       a->fds, b->fds, a->maps, b->maps, a->memfd_maps, b->memfd_maps);
	CHECK(b->fds == a->fds);
	CHECK(b->maps == a->maps);
	CHECK(b->memfd_maps == a->memfd_maps);
	CHECK(b->rss_kb <= a->rss_kb + RSS_SLACK_KB);
}

static unsigned int
cycles_wanted(unsigned int dflt)
{
	const char *e = getenv("VCRYPTO_CYCLES");

	return e != NULL && atoi(e) > 0 ? (unsigned int)atoi(e) : dflt;
}

/* The backend listening; our frontend connects, works and goes. */
static void
test_server_cycles(void)
{
	static const char *const extra[] = { "--max-sessions", "4", NULL };
	struct bproc_conf c = { .exe = exe, .pmd = pmd, .nb_sockets = 2,
				.extra = extra };
	unsigned int i, n = cycles_wanted(200), warm = 3;
	struct proc_usage before, after;
	struct bproc be;
	struct vu_dev *d;

	if (!CHECK(bproc_start(&be, &c) == 0))
		return;
	/* Warm up: first connections fill caches that then stay. */
	for (i = 0; i < n + warm; i++) {
		if (i == warm && !CHECK(settled(be.pid, &before) == 0))
			break;
		d = guest_open(be.sockets[i % 2], 1, 64, MEM, i % 4 < 2,
			       5000);
		if (!CHECK(d != NULL) || one_life(d, i, 10) != 0) {
			fprintf(stderr, "server cycle %u failed\n", i);
			break;
		}
	}
	if (CHECK(settled(be.pid, &after) == 0))
		report("server mode", n, &before, &after);
	CHECK(bproc_stop(&be, 10000) == 0);
}

/* The backend connecting to us, and reconnecting after each close. */
static void
test_client_cycles(void)
{
	struct bproc_conf c = { .exe = exe, .pmd = pmd, .nb_sockets = 1,
				.client = 1 };
	struct vu_dev_conf vc = {
		.nb_dataqs = 1,
		.queue_size = 64,
		.mem_size = MEM,
		.nb_regions = 1,
		.connect_timeout_ms = 5000,
	};
	unsigned int i, n = cycles_wanted(200), warm = 2;
	struct proc_usage before, after;
	struct bproc be;
	char err[256];
	int lfd;

	if (!CHECK(bproc_start(&be, &c) == 0))
		return;
	lfd = vu_listen(be.sockets[0]);
	vc.socket_path = be.sockets[0];
	if (!CHECK(lfd >= 0)) {
		bproc_stop(&be, 5000);
		return;
	}
	/*
	 * The backend reconnects at once: compare it connected and set up
	 * (the handshake is acked step by step), at the first counted
	 * cycle and at the last.
	 */
	for (i = 0; i < n + warm; i++) {
		struct vu_dev *d = vu_dev_accept(lfd, &vc, err, sizeof(err));

		if (!CHECK(d != NULL)) {
			fprintf(stderr, "client cycle %u: %s\n", i, err);
			break;
		}
		if (i == warm)
			CHECK(proc_usage_get(be.pid, &before) == 0);
		if (i == n + warm - 1 &&
		    CHECK(proc_usage_get(be.pid, &after) == 0))
			report("client mode", n, &before, &after);
		if (one_life(d, i, 3) != 0)
			break;
	}
	close(lfd);
	CHECK(bproc_stop(&be, 10000) == 0);
}

/* "total PATH: requests N ok M ..." of the backend's log. */
static int
log_totals(const char *log, const char *sock, unsigned long *requests,
	   unsigned long *ok)
{
	char line[1024], want[256];
	FILE *f = fopen(log, "r");
	int found = 0;

	if (f == NULL)
		return -1;
	snprintf(want, sizeof(want), "total %s: requests %%lu ok %%lu", sock);
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = sscanf(line, want, requests, ok) == 2;
	fclose(f);
	return found ? 0 : -1;
}

/*
 * SIGTERM as soon as the first of a whole ring of 16 KiB requests comes
 * back: the backend must complete (and write back) every request it took
 * before it exits 0; those it had not taken stay untouched in the ring.
 */
static void
test_sigterm(void)
{
	enum { RING = 1024, LEN = 16384 };
	static struct gslot s[RING];
	static struct vu_sym_op *ops[RING];
	char log[] = "/tmp/vc_sigterm_XXXXXX";
	struct bproc_conf c = { .exe = exe, .pmd = pmd, .nb_sockets = 1,
				.log = log };
	unsigned long taken = 0, ok_backend = 0;
	unsigned int i, done = 0, good = 0, untouched = 0, before = 0;
	struct vu_sym_op *got[256];
	struct bproc be;
	struct vu_dev *d;
	int64_t sid;
	int fd = mkstemp(log);

	if (!CHECK(fd >= 0))
		return;
	close(fd);
	if (!CHECK(bproc_start(&be, &c) == 0))
		goto out;
	d = guest_open(be.sockets[0], 1, RING, 48u << 20, 1, 5000);
	if (!CHECK(d != NULL) || !CHECK((sid = guest_ctr_session(d, key)) >= 0)
	    || !CHECK(gslots_alloc(d, s, RING, LEN) == 0)) {
		bproc_stop(&be, 5000);
		goto out;
	}
	for (i = 0; i < RING; i++) {
		gslot_prepare(&s[i], sid, &rng);
		ops[i] = &s[i].op;
	}
	CHECK(vu_submit(d, 0, ops, RING) == RING);
	for (i = 0; i == 0;)
		i = vu_poll(d, 0, got, 256);
	kill(be.pid, SIGTERM);
	before = i;
	do {
		while (i-- > 0) {
			done++;
			good += gslot_verify(got[i]->opaque, key);
		}
		/* Once it is gone, all it completed is in our memory. */
		if (be.pid > 0)
			CHECK(bproc_stop(&be, 20000) == 0);
	} while ((i = vu_poll(d, 0, got, 256)) > 0);
	for (i = 0; i < RING; i++)
		untouched += s[i].op.status == 0xff;
	CHECK(log_totals(log, be.sockets[0], &taken, &ok_backend) == 0);
	printf("SIGTERM: %u published, %lu taken by the backend, %lu in "
	       "flight at SIGTERM, %u completed (%u correct), %u never "
	       "taken\n", RING, taken, taken - before, done, good,
	       untouched);
	CHECK(taken > 0 && done == taken && good == done);
	CHECK(ok_backend == taken && done + untouched == RING);
	vu_raw_abandon(d);
out:
	unlink(log);
}

/* A driver process that submits forever on device 0, until killed. */
static void __attribute__((noreturn))
flooder(const char *sock, int ready_fd)
{
	static struct gslot s[32];
	struct vu_sym_op *ops[32], *got[32];
	struct vu_dev *d = guest_open(sock, 1, 256, 8u << 20, 0, 5000);
	int64_t sid;
	unsigned int i;

	if (d == NULL || (sid = guest_ctr_session(d, key)) < 0 ||
	    gslots_alloc(d, s, 32, 65535 & ~15u) != 0)
		_exit(1);
	for (i = 0; i < 32; i++) {
		gslot_prepare(&s[i], sid, &rng);
		ops[i] = &s[i].op;
	}
	vu_submit(d, 0, ops, 32);
	if (write(ready_fd, "r", 1) != 1)
		_exit(1);
	for (;;) {
		uint16_t n = vu_poll(d, 0, got, 32);

		vu_submit(d, 0, got, n);
	}
}

/* Device 1 serves @p n requests right. */
static int
serves(struct vu_dev *d, struct gslot *s, int64_t sid, unsigned int n)
{
	struct vu_sym_op *op = &s->op;
	unsigned int i;

	for (i = 0; i < n; i++) {
		gslot_prepare(s, sid, &rng);
		if (guest_run(d, 0, &op, 1, 5000) != 1 ||
		    !gslot_verify(s, key))
			return 0;
	}
	return 1;
}

static void
test_driver_killed(void)
{
	struct bproc_conf c = { .exe = exe, .pmd = pmd, .nb_sockets = 2 };
	struct vu_dev *d1, *d0;
	struct gslot s1, s0;
	struct bproc be;
	int pfd[2], status = 0;
	int64_t sid1, sid0;
	pid_t child;
	char r;

	if (!CHECK(bproc_start(&be, &c) == 0))
		return;
	if (!CHECK(pipe(pfd) == 0))
		goto out;
	child = fork();
	if (child == 0) {
		close(pfd[0]);
		flooder(be.sockets[0], pfd[1]);
	}
	close(pfd[1]);
	d1 = guest_open(be.sockets[1], 1, 64, MEM, 0, 5000);
	if (!CHECK(d1 != NULL) || !CHECK((sid1 = guest_ctr_session(d1, key))
					 >= 0) ||
	    !CHECK(gslots_alloc(d1, &s1, 1, 1024) == 0)) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		goto out;
	}
	CHECK(read(pfd[0], &r, 1) == 1);
	close(pfd[0]);
	CHECK(serves(d1, &s1, sid1, 50));
	/* Mid-burst: 32 requests of 64 KiB in flight all the time. */
	kill(child, SIGKILL);
	CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status));
	CHECK(serves(d1, &s1, sid1, 200));
	/* Device 0 takes a new driver. */
	d0 = guest_open(be.sockets[0], 1, 64, MEM, 0, 5000);
	if (CHECK(d0 != NULL) &&
	    CHECK((sid0 = guest_ctr_session(d0, key)) >= 0) &&
	    CHECK(gslots_alloc(d0, &s0, 1, 1024) == 0))
		CHECK(serves(d0, &s0, sid0, 50));
	printf("driver killed mid-burst: the other device served 250 "
	       "requests, device 0 served a new driver\n");
	vu_dev_close(d0);
	vu_dev_close(d1);
out:
	CHECK(bproc_stop(&be, 10000) == 0);
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	exe = argv[1];
	pmd = argv[2];
	test_server_cycles();
	test_client_cycles();
	test_sigterm();
	test_driver_killed();
	return test_summary();
}
