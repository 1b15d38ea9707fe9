/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VC_TEST_HARNESS_H
#define VC_TEST_HARNESS_H

/*
 * What every test program shares: pass/fail accounting with the closing
 * "N passed, N failed" line, hex decoding, and a real backend process on
 * real unix sockets.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern unsigned int test_passed;
extern unsigned int test_failed;

/** Record one check; print it when it fails. Returns @p ok. */
int test_check(int ok, const char *file, int line, const char *what);

#define CHECK(cond) test_check(!!(cond), __FILE__, __LINE__, #cond)

/** Print the closing line; the exit status: 0 if nothing failed. */
int test_summary(void);

/** Next value of a xorshift64 generator (reproducible test data). */
uint64_t test_rand(uint64_t *state);

/** @p n bytes from test_rand(). */
void test_rand_bytes(uint64_t *state, uint8_t *p, size_t n);

/** Decode a hex string into @p out; returns the byte count. */
size_t hex2bin(const char *hex, uint8_t *out, size_t max);

/** A backend process under test. */
struct backend {
	pid_t pid;
	char dir[64];                /* holds the sockets */
	char sockets[4][128];
	unsigned int nb_sockets;
};

/**
 * Start @p exe (vcrypto-backend) on cryptodev @p pmd ("a+b" for two, in
 * that order of preference) with @p nb_sockets
 * devices of @p dataqs queues each, and wait until its sockets exist.
 * @return 0 or -1.
 */
int backend_start(struct backend *b, const char *exe, const char *pmd,
		  unsigned int nb_sockets, unsigned int dataqs);

/** The same, with @p extra (NULL-terminated) after the backend's "--". */
int backend_start_args(struct backend *b, const char *exe, const char *pmd,
		       unsigned int nb_sockets, unsigned int dataqs,
		       const char *const *extra);

/** SIGTERM the backend and reap it; returns its exit status or -1. */
int backend_stop(struct backend *b);

#endif /* VC_TEST_HARNESS_H */
