/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The /vcrypto/ telemetry commands, read over the backend's telemetry
 * socket while drivers/virtio_user sends it requests: every counter must
 * equal what this test itself sent.
 *
 * Usage: test_telemetry BACKEND_EXE PMD
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "vu_crypto.h"

#define GOOD_OPS 37      /* AES-CBC requests that succeed, on queue 0 */
#define BADMSG_OPS 3     /* requests with a bad length, on queue 0 */
#define INVSESS_OPS 5    /* requests naming no session, on queue 1 */
#define LEN 64

static struct backend be;
static int tel_fd = -1;
static char reply[16384];

/* Where EAL puts the socket of file prefix vc_test_<our pid>. */
static int
tel_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *run = getenv("XDG_RUNTIME_DIR");
	char base[64];
	int i;

	if (getuid() == 0 || run == NULL)
		run = getuid() == 0 ? "/var/run" : "/tmp";
	snprintf(base, sizeof(base), "vc_test_%d", (int)getpid());
	snprintf(sa.sun_path, sizeof(sa.sun_path),
		 "%s/dpdk/%s/dpdk_telemetry.v2", run, base);
	for (i = 0; i < 100; i++) {
		tel_fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		if (connect(tel_fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			/* The greeting: version, pid, max_output_len. */
			return recv(tel_fd, reply, sizeof(reply) - 1, 0) > 0 ?
				0 : -1;
		close(tel_fd);
		usleep(50 * 1000);
	}
	fprintf(stderr, "cannot connect to %s\n", sa.sun_path);
	return -1;
}

/* Send @p cmd; the raw JSON reply, NUL-terminated, in reply[]. */
static const char *
tel(const char *cmd)
{
	ssize_t n;

	reply[0] = '\0';
	if (send(tel_fd, cmd, strlen(cmd), 0) < 0)
		return reply;
	n = recv(tel_fd, reply, sizeof(reply) - 1, 0);
	reply[n > 0 ? n : 0] = '\0';
	return reply;
}

/*
 * The number after "key": in the first flat object that @p scope (e.g.
 * "\"1\":{") opens, or anywhere if @p scope is NULL; UINT64_MAX if none.
 */
static uint64_t
num(const char *json, const char *scope, const char *key)
{
	const char *p = scope != NULL ? strstr(json, scope) : json;
	const char *end, *k;
	char pat[64];

	if (p == NULL)
		return UINT64_MAX;
	end = scope != NULL ? strchr(p + strlen(scope), '}') : NULL;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	k = strstr(p, pat);
	if (k == NULL || (end != NULL && k > end))
		return UINT64_MAX;
	return strtoull(k + strlen(pat), NULL, 10);
}

static int
has(const char *json, const char *s)
{
	if (strstr(json, s) != NULL)
		return 1;
	fprintf(stderr, "  \"%s\" not in %s\n", s, json);
	return 0;
}

/* Submit @p n copies of @p tmpl on @p q and wait for them all. */
static int
send_ops(struct vu_dev *dev, uint16_t q, const struct vu_sym_op *tmpl,
	 unsigned int n)
{
	struct vu_sym_op ops[8], *p[8], *done[8];
	unsigned int sent = 0, got = 0, i, k;
	time_t t0 = time(NULL);

	for (i = 0; i < 8; i++) {
		ops[i] = *tmpl;
		p[i] = &ops[i];
	}
	/* Eight at a time: every op struct stays ours until it is back. */
	while (got < n && time(NULL) - t0 < 5) {
		k = n - sent < 8 ? n - sent : 8;
		if (sent == got && k != 0)
			sent += vu_submit(dev, q, p, (uint16_t)k);
		got += vu_poll(dev, q, done, 8);
	}
	return got == n ? 0 : -1;
}

static void
test_idle(void)
{
	const char *r;

	CHECK(has(tel("/vcrypto/devices"), "{\"/vcrypto/devices\":[0,1]}"));
	r = tel("/vcrypto/device,1");
	CHECK(has(r, be.sockets[1]));
	CHECK(has(r, "\"state\":\"listening\""));
	CHECK(has(r, "\"queues\":{\"0\":\"idle\",\"1\":\"idle\"}"));
	CHECK(num(r, NULL, "sessions") == 0);
	CHECK(num(r, NULL, "dataqueues") == 2);
	/* Wrong ids get null, not a crash or another device. */
	CHECK(has(tel("/vcrypto/device,2"), "{\"/vcrypto/device\":null}"));
	CHECK(has(tel("/vcrypto/device"), "{\"/vcrypto/device\":null}"));
	CHECK(has(tel("/vcrypto/stats,0,2"), "{\"/vcrypto/stats\":null}"));
	CHECK(has(tel("/vcrypto/stats,0x"), "{\"/vcrypto/stats\":null}"));
}

static void
test_traffic(struct vu_dev *dev)
{
	uint8_t key[16] = { 7 };
	struct vu_sym_session sp = {
		.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
		.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
		.cipher_key = key,
		.cipher_key_len = sizeof(key),
	};
	struct vu_sym_op op = {
		.opcode = VIRTIO_CRYPTO_CIPHER_ENCRYPT,
		.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
		.iv_len = 16,
		.src_len = LEN,
		.dst_len = LEN,
	};
	int64_t sid[2] = { -1, -1 };
	char features[64];
	const char *r;

	op.iv = vu_mem_alloc(dev, 16, 16);
	op.src = vu_mem_alloc(dev, LEN, 64);
	op.dst = vu_mem_alloc(dev, LEN, 64);
	if (!CHECK(op.iv && op.src && op.dst) ||
	    !CHECK(vu_session_create(dev, &sp, &sid[0]) == 0) ||
	    !CHECK(vu_session_create(dev, &sp, &sid[1]) == 0))
		return;
	op.session_id = (uint64_t)sid[0];
	CHECK(send_ops(dev, 0, &op, GOOD_OPS) == 0);
	op.dst_len = LEN - 16;
	CHECK(send_ops(dev, 0, &op, BADMSG_OPS) == 0);
	op.dst_len = LEN;
	op.session_id = (uint64_t)(sid[0] + sid[1] + 1000);
	CHECK(send_ops(dev, 1, &op, INVSESS_OPS) == 0);

	r = tel("/vcrypto/device,0");
	CHECK(has(r, be.sockets[0]));
	CHECK(has(r, "\"state\":\"running\""));
	CHECK(has(r, "\"queues\":{\"0\":\"running\",\"1\":\"running\"}"));
	CHECK(num(r, NULL, "sessions") == 2);
	snprintf(features, sizeof(features), "\"features\":%" PRIu64,
		 vu_dev_features(dev));
	CHECK(has(r, features));
	CHECK(has(r, "\"VERSION_1\""));

	r = tel("/vcrypto/stats,0");
	CHECK(num(r, "\"0\":{", "requests") == GOOD_OPS + BADMSG_OPS);
	CHECK(num(r, "\"0\":{", "ok") == GOOD_OPS);
	CHECK(num(r, "\"0\":{", "bytes") == GOOD_OPS * LEN);
	CHECK(num(r, "\"0\":{", "badmsg") == BADMSG_OPS);
	CHECK(num(r, "\"0\":{", "invsess") == 0);
	CHECK(num(r, "\"0\":{", "lcore") == 1);
	CHECK(num(r, "\"1\":{", "requests") == INVSESS_OPS);
	CHECK(num(r, "\"1\":{", "invsess") == INVSESS_OPS);
	CHECK(num(r, "\"1\":{", "ok") == 0);
	CHECK(num(r, "\"total\":{", "requests") ==
	      GOOD_OPS + BADMSG_OPS + INVSESS_OPS);
	CHECK(num(r, "\"total\":{", "err") == 0);
	/* One queue alone. */
	r = tel("/vcrypto/stats,0,1");
	CHECK(num(r, "\"1\":{", "invsess") == INVSESS_OPS);
	CHECK(strstr(r, "\"0\":{") == NULL && strstr(r, "total") == NULL);
	/* The other device saw nothing. */
	r = tel("/vcrypto/stats,1");
	CHECK(num(r, "\"total\":{", "requests") == 0);

	/* Only the good ops reach the cryptodev; the rest end early. */
	r = tel("/vcrypto/lcores");
	CHECK(has(r, "\"1\":{\"queues\":[\"0:0\",\"0:1\",\"1:0\",\"1:1\"]"));
	CHECK(num(r, NULL, "completed") == GOOD_OPS);
	CHECK(num(r, NULL, "prepared") == GOOD_OPS);
	CHECK(num(r, NULL, "inflight") == 0);
	CHECK(num(r, NULL, "busy_cycles") > 0);
	CHECK(num(r, NULL, "busy_cycles") != UINT64_MAX);
	/* Busy rounds split into their three parts, which add up. */
	CHECK(num(r, NULL, "take_cycles") > 0);
	CHECK(num(r, NULL, "cdev_cycles") > 0);
	CHECK(num(r, NULL, "finish_cycles") > 0);
	CHECK(num(r, NULL, "take_cycles") + num(r, NULL, "cdev_cycles") +
	      num(r, NULL, "finish_cycles") == num(r, NULL, "busy_cycles"));
	CHECK(num(r, NULL, "running") == 1);

	vu_session_destroy(dev, sid[0]);
	vu_session_destroy(dev, sid[1]);
}

int
main(int argc, char **argv)
{
	struct vu_dev_conf conf = {
		.nb_dataqs = 2,
		.queue_size = 64,
		.mem_size = 1u << 20,
		.nb_regions = 1,
		.connect_timeout_ms = 5000,
	};
	struct vu_dev *dev;
	char err[256];

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	if (!CHECK(backend_start(&be, argv[1], argv[2], 2, 2) == 0))
		return test_summary();
	if (CHECK(tel_connect() == 0)) {
		test_idle();
		conf.socket_path = be.sockets[0];
		dev = vu_dev_open(&conf, err, sizeof(err));
		if (CHECK(dev != NULL))
			test_traffic(dev);
		else
			fprintf(stderr, "vu_dev_open: %s\n", err);
		if (dev != NULL)
			vu_dev_close(dev);
		close(tel_fd);
	}
	CHECK(backend_stop(&be) == 0);
	return test_summary();
}
