/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

unsigned int test_passed;
unsigned int test_failed;

int
test_check(int ok, const char *file, int line, const char *what)
{
	if (ok) {
		test_passed++;
	} else {
		test_failed++;
		fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
	}
	return ok;
}

int
test_summary(void)
{
	printf("%u passed, %u failed\n", test_passed, test_failed);
	return test_failed == 0 && test_passed > 0 ? 0 : 1;
}

uint64_t
test_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

void
test_rand_bytes(uint64_t *state, uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)test_rand(state);
}

size_t
hex2bin(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int v;

	while (hex[0] != '\0' && hex[1] != '\0' && n < max) {
		if (sscanf(hex, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

static int
wait_for_file(const char *path, int timeout_ms)
{
	struct stat st;
	int waited;

	for (waited = 0; waited < timeout_ms; waited += 10) {
		if (stat(path, &st) == 0)
			return 0;
		usleep(10 * 1000);
	}
	return -1;
}

int
backend_start(struct backend *b, const char *exe, const char *pmd,
	      unsigned int nb_sockets, unsigned int dataqs)
{
	return backend_start_args(b, exe, pmd, nb_sockets, dataqs, NULL);
}

int
backend_start_args(struct backend *b, const char *exe, const char *pmd,
		   unsigned int nb_sockets, unsigned int dataqs,
		   const char *const *extra)
{
	char prefix[64], vdevs[128], qs[16], *vdev, *save;
	char *argv[64];
	unsigned int i;
	int argc = 0;

	memset(b, 0, sizeof(*b));
	snprintf(b->dir, sizeof(b->dir), "/tmp/vc_test_XXXXXX");
	if (mkdtemp(b->dir) == NULL)
		return -1;
	snprintf(prefix, sizeof(prefix), "vc_test_%d", (int)getpid());
	snprintf(vdevs, sizeof(vdevs), "%s", pmd);
	snprintf(qs, sizeof(qs), "%u", dataqs);
	argv[argc++] = (char *)exe;
	argv[argc++] = "-l";
	argv[argc++] = "0,1";
	argv[argc++] = "--no-huge";
	argv[argc++] = "--no-pci";
	argv[argc++] = "-m";
	argv[argc++] = "512";
	argv[argc++] = "--file-prefix";
	argv[argc++] = prefix;
	/* "a+b": cryptodevs a and b, in that order. */
	for (vdev = strtok_r(vdevs, "+", &save); vdev != NULL && argc < 24;
	     vdev = strtok_r(NULL, "+", &save)) {
		argv[argc++] = "--vdev";
		argv[argc++] = vdev;
	}
	argv[argc++] = "--log-level";
	argv[argc++] = "lib.vcrypto.*:notice";
	argv[argc++] = "--log-level";
	argv[argc++] = "lib.vhost.*:warning";
	argv[argc++] = "--";
	b->nb_sockets = nb_sockets;
	for (i = 0; i < nb_sockets; i++) {
		snprintf(b->sockets[i], sizeof(b->sockets[i]), "%s/dev%u.sock",
			 b->dir, i);
		argv[argc++] = "--socket";
		argv[argc++] = b->sockets[i];
	}
	argv[argc++] = "--dataqueues";
	argv[argc++] = qs;
	while (extra != NULL && *extra != NULL && argc < 63)
		argv[argc++] = (char *)*extra++;
	argv[argc] = NULL;

	b->pid = fork();
	if (b->pid < 0)
		return -1;
	if (b->pid == 0) {
		/* A test that dies takes its backend along. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execv(exe, argv);
		perror(exe);
		_exit(127);
	}
	for (i = 0; i < nb_sockets; i++)
		if (wait_for_file(b->sockets[i], 20000) != 0) {
			fprintf(stderr, "backend did not create %s\n",
				b->sockets[i]);
			backend_stop(b);
			return -1;
		}
	return 0;
}

int
backend_stop(struct backend *b)
{
	int status, i;

	if (b->pid <= 0)
		return -1;
	kill(b->pid, SIGTERM);
	for (i = 0; i < 1000; i++) {
		if (waitpid(b->pid, &status, WNOHANG) == b->pid)
			break;
		usleep(10 * 1000);
	}
	if (i == 1000) {
		kill(b->pid, SIGKILL);
		waitpid(b->pid, &status, 0);
		status = -1;
	}
	b->pid = 0;
	for (i = 0; i < (int)b->nb_sockets; i++)
		unlink(b->sockets[i]);
	rmdir(b->dir);
	if (status == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}
