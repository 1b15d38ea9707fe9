/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The limits, each met and then passed: sessions per device
 * (--max-sessions), key sizes, data per request, requests in flight on a
 * queue. Past a limit a request fails with a status or a session is
 * refused; the backend neither crashes nor grows without bound.
 *
 * Usage: test_limits BACKEND_EXE PMD
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_proc.h"
#include "guest_util.h"
#include "harness.h"
#include "vc_wire.h"

#define MAX_SESSIONS 8
#define MAX_DATA 65535u
#define RING 4096
#define BIG_REQS 320

static const uint8_t key[16] = "limits-test-key";
static uint64_t rng = 0x853c49e6748fea9bULL;

/* Sessions: --max-sessions per device, each device its own count. */
static void
test_sessions(struct vu_dev *a, struct vu_dev *b)
{
	int64_t ids[MAX_SESSIONS + 1], idb[MAX_SESSIONS];
	struct gslot s;
	struct vu_sym_op *op = &s.op;
	unsigned int i;

	for (i = 0; i < MAX_SESSIONS; i++)
		CHECK((ids[i] = guest_ctr_session(a, key)) >= 0);
	CHECK(guest_ctr_session(a, key) == -EPROTO);
	/* The other device has its own table. */
	for (i = 0; i < MAX_SESSIONS; i++)
		CHECK((idb[i] = guest_ctr_session(b, key)) >= 0);
	CHECK(guest_ctr_session(b, key) == -EPROTO);
	/* Every session of the full table serves. */
	if (!CHECK(gslots_alloc(a, &s, 1, 256) == 0))
		return;
	for (i = 0; i < MAX_SESSIONS; i++) {
		gslot_prepare(&s, ids[i], &rng);
		CHECK(guest_run(a, 0, &op, 1, 5000) == 1 &&
		      gslot_verify(&s, key));
	}
	/* A closed one makes room for exactly one. */
	CHECK(vu_session_destroy(a, ids[3]) == 0);
	CHECK((ids[3] = guest_ctr_session(a, key)) >= 0);
	CHECK(guest_ctr_session(a, key) == -EPROTO);
	for (i = 0; i < MAX_SESSIONS; i++) {
		vu_session_destroy(a, ids[i]);
		vu_session_destroy(b, idb[i]);
	}
	CHECK((ids[0] = guest_ctr_session(a, key)) >= 0);
	vu_session_destroy(a, ids[0]);
}

/* Keys: up to what the session message can carry, and not beyond. */
static void
test_keys(struct vu_dev *a)
{
	static const uint8_t big[VC_MAX_AUTH_KEY_LEN + 1];
	struct vu_sym_session p = {
		.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
		.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CTR,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
		.cipher_key = big,
	};
	int64_t id;

	/* A full 64-byte key buffer: carried, but no AES key: refused. */
	p.cipher_key_len = VC_MAX_CIPHER_KEY_LEN;
	CHECK(vu_session_create(a, &p, &id) == -EPROTO);
	/* Beyond the buffers the message cannot even say it. */
	p.cipher_key_len = VC_MAX_CIPHER_KEY_LEN + 1;
	CHECK(vu_session_create(a, &p, &id) == -EINVAL);
	p.cipher_key_len = 32;
	p.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	p.chain_order = VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH;
	p.hash_mode = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
	p.hash_algo = VIRTIO_CRYPTO_MAC_HMAC_SHA_256;
	p.hash_result_len = 32;
	p.auth_key = big;
	p.auth_key_len = VC_MAX_AUTH_KEY_LEN + 1;
	CHECK(vu_session_create(a, &p, &id) == -EINVAL);
	/* The backend is still there for a good one. */
	CHECK((id = guest_ctr_session(a, key)) >= 0);
	vu_session_destroy(a, id);
}

/* Data: 65535 bytes run, 65536 are refused with BADMSG. */
static void
test_data(struct vu_dev *a)
{
	struct gslot s;
	struct vu_sym_op *op = &s.op;
	int64_t sid = guest_ctr_session(a, key);

	if (!CHECK(sid >= 0) ||
	    !CHECK(gslots_alloc(a, &s, 1, MAX_DATA + 1) == 0))
		return;
	s.len = MAX_DATA;
	gslot_prepare(&s, sid, &rng);
	CHECK(guest_run(a, 0, &op, 1, 5000) == 1 && gslot_verify(&s, key));
	s.len = MAX_DATA + 1;
	gslot_prepare(&s, sid, &rng);
	CHECK(guest_run(a, 0, &op, 1, 5000) == 1 &&
	      op->status == VIRTIO_CRYPTO_BADMSG && op->used_len == 1);
	vu_session_destroy(a, sid);
}

/*
 * In flight: a whole ring of 4096 small requests at once, then 320 of
 * 64 KiB (more than the backend's 256 large buffers per lcore). The ring
 * bounds what a queue can have in flight; short of buffers the backend
 * waits, it does not fail or drop.
 */
static void
test_inflight(const char *sock)
{
	static struct gslot small[RING], big[BIG_REQS];
	static struct vu_sym_op *ops[RING];
	struct vu_dev *d;
	unsigned int i, ok;
	int64_t sid;

	d = guest_open(sock, 1, RING, 64u << 20, 1, 5000);
	if (!CHECK(d != NULL))
		return;
	sid = guest_ctr_session(d, key);
	if (!CHECK(sid >= 0) ||
	    !CHECK(gslots_alloc(d, small, RING, 64) == 0) ||
	    !CHECK(gslots_alloc(d, big, BIG_REQS, MAX_DATA) == 0))
		goto out;
	for (i = 0; i < RING; i++) {
		gslot_prepare(&small[i], sid, &rng);
		ops[i] = &small[i].op;
	}
	/* All placed before the one index store: 4096 in flight. */
	CHECK(vu_submit(d, 0, ops, RING) == RING);
	CHECK(vu_inflight(d, 0) == RING);
	for (i = 0, ok = 0; i < RING;) {
		struct vu_sym_op *done[256];
		uint64_t end = now_ms() + 10000;
		uint16_t n;

		while ((n = vu_poll(d, 0, done, 256)) == 0 && now_ms() < end)
			;
		if (n == 0)
			break;
		i += n;
		while (n-- > 0)
			ok += gslot_verify(done[n]->opaque, key);
	}
	CHECK(i == RING && ok == RING);
	printf("in flight: %u of %u small requests served\n", ok, RING);

	for (i = 0; i < BIG_REQS; i++) {
		gslot_prepare(&big[i], sid, &rng);
		ops[i] = &big[i].op;
	}
	CHECK(guest_run(d, 0, ops, BIG_REQS, 20000) == BIG_REQS);
	for (i = 0, ok = 0; i < BIG_REQS; i++)
		ok += gslot_verify(&big[i], key);
	CHECK(ok == BIG_REQS);
	printf("in flight: %u of %u 64 KiB requests served\n", ok, BIG_REQS);
out:
	vu_dev_close(d);
}

int
main(int argc, char **argv)
{
	static const char *const extra[] = { "--max-sessions", "8", NULL };
	struct bproc_conf c = { 0 };
	struct vu_dev *a, *b;
	struct bproc be;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	c.exe = argv[1];
	c.pmd = argv[2];
	c.nb_sockets = 3;
	c.extra = extra;
	if (!CHECK(bproc_start(&be, &c) == 0))
		return test_summary();
	a = guest_open(be.sockets[0], 1, 256, 4u << 20, 0, 5000);
	b = guest_open(be.sockets[1], 1, 256, 4u << 20, 0, 5000);
	if (CHECK(a != NULL && b != NULL)) {
		test_sessions(a, b);
		test_keys(a);
		test_data(a);
	}
	test_inflight(be.sockets[2]);
	vu_dev_close(a);
	vu_dev_close(b);
	CHECK(bproc_stop(&be, 10000) == 0);
	return test_summary();
}
