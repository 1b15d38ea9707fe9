/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vcguest: runs inside the test guest (static, no libc beyond the kernel's
 * interfaces) and checks the virtio_crypto driver through /proc/crypto and
 * AF_ALG. Every result line starts with "VCTEST " for the host to read.
 *
 *   vcguest selftest WAIT_S     virtio_crypto_aes_cbc registered, self-test
 *                               passed (waits up to WAIT_S seconds)
 *   vcguest kat                 NIST SP 800-38A CBC vectors, both ways
 *   vcguest random SEED N       N random cases; prints digests per block
 *   vcguest bench LEN SECONDS [DRIVER]
 *                               encryption throughput of LEN-byte requests
 *                               (on another cbc(aes) driver: a yardstick)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_alg.h>

#include "vcrand.h"

#define DRIVER "virtio_crypto_aes_cbc"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

static size_t
unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	unsigned int v;

	while (h[0] != '\0' && h[1] != '\0' && sscanf(h, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* /proc/crypto: the entry of our driver, and its self-test result. */
static int
cmd_selftest(int wait_s)
{
	char line[256], name[64] = "", drv[64] = "", st[64] = "";
	double end = now() + wait_s;
	int found = 0;

	do {
		FILE *f = fopen("/proc/crypto", "r");

		if (f == NULL) {
			printf("VCTEST selftest FAIL: /proc/crypto: %s\n",
			       strerror(errno));
			return 1;
		}
		found = 0;
		while (fgets(line, sizeof(line), f) != NULL) {
			char k[32], v[64];

			if (sscanf(line, "%31s : %63s", k, v) != 2) {
				if (found)
					break;
				continue;
			}
			if (strcmp(k, "name") == 0)
				snprintf(name, sizeof(name), "%s", v);
			else if (strcmp(k, "driver") == 0)
				found = strcmp(v, DRIVER) == 0;
			else if (found && strcmp(k, "selftest") == 0)
				snprintf(st, sizeof(st), "%s", v);
			if (found)
				snprintf(drv, sizeof(drv), "%s", DRIVER);
		}
		fclose(f);
		if (found && st[0] != '\0')
			break;
		usleep(200 * 1000);
	} while (now() < end);
	if (!found || st[0] == '\0') {
		printf("VCTEST selftest FAIL: no %s in /proc/crypto\n", DRIVER);
		return 1;
	}
	printf("VCTEST selftest %s: name %s driver %s selftest : %s\n",
	       strcmp(st, "passed") == 0 ? "PASS" : "FAIL", name, drv, st);
	return strcmp(st, "passed") != 0;
}

/* A cbc(aes) transform by driver name: ours unless told otherwise. */
static int
tfm_open_drv(const char *drv)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG,
		.salg_type = "skcipher",
	};
	int fd = socket(AF_ALG, SOCK_SEQPACKET, 0);

	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", drv);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

static int
tfm_open(void)
{
	return tfm_open_drv(DRIVER);
}

/* One request on an operation socket: @p len bytes in, @p len bytes out. */
static int
alg_op(int opfd, int enc, const uint8_t *iv, const uint8_t *in,
       uint8_t *out, size_t len)
{
	char cbuf[CMSG_SPACE(sizeof(uint32_t)) +
		  CMSG_SPACE(sizeof(struct af_alg_iv) + 16)] = { 0 };
	struct iovec iov = { .iov_base = (void *)(uintptr_t)in,
			     .iov_len = len };
	struct msghdr msg = {
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct af_alg_iv *aiv;
	uint32_t op = enc ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;
	size_t got = 0;
	ssize_t n;

	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(sizeof(op));
	memcpy(CMSG_DATA(c), &op, sizeof(op));
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_IV;
	c->cmsg_len = CMSG_LEN(sizeof(*aiv) + 16);
	aiv = (struct af_alg_iv *)CMSG_DATA(c);
	aiv->ivlen = 16;
	memcpy(aiv->iv, iv, 16);
	if (sendmsg(opfd, &msg, 0) != (ssize_t)len)
		return -errno;
	while (got < len) {
		n = read(opfd, out + got, len - got);
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		got += n;
	}
	return 0;
}

/* Key the transform and get an operation socket for it. */
static int
op_open(int tfm, const uint8_t *key, size_t key_len)
{
	int fd;

	if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, key_len) != 0)
		return -errno;
	fd = accept(tfm, NULL, 0);
	return fd < 0 ? -errno : fd;
}

/* NIST SP 800-38A, F.2.1 - F.2.6: CBC-AES128/192/256. */
static const struct {
	const char *name, *key;
} kat_keys[] = {
	{ "F.2.1/F.2.2 CBC-AES128", "2b7e151628aed2a6abf7158809cf4f3c" },
	{ "F.2.3/F.2.4 CBC-AES192",
	  "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b" },
	{ "F.2.5/F.2.6 CBC-AES256",
	  "603deb1015ca71be2b73aef0857d7781"
	  "1f352c073b6108d72d9810a30914dff4" },
};
static const char *kat_iv = "000102030405060708090a0b0c0d0e0f";
static const char *kat_pt =
	"6bc1bee22e409f96e93d7e117393172a" "ae2d8a571e03ac9c9eb76fac45af8e51"
	"30c81c46a35ce411e5fbc1191a0a52ef" "f69f2445df4f9b17ad2b417be66c3710";
static const char *kat_ct[] = {
	"7649abac8119b246cee98e9b12e9197d" "5086cb9b507219ee95db113a917678b2"
	"73bed6b8e3c1743b7116e69e22229516" "3ff1caa1681fac09120eca307586e1a7",
	"4f021db243bc633d7178183a9fa071e8" "b4d9ada9ad7dedf4e5e738763f69145a"
	"571b242012fb7ae07fa9baac3df102e0" "08b0e27988598881d920a9e64f5615cd",
	"f58c4c04d6e5f1ba779eabfb5f7bfbd6" "9cfc4e967edb808d679f777bc6702c7d"
	"39f23369a9d9bacfa530e26304231461" "b2eb05e2c39be9fcda6c19078c6a9d1b",
};

static int
cmd_kat(void)
{
	uint8_t key[32], iv[16], pt[64], ct[64], out[64];
	int tfm, op, rc, fails = 0;
	size_t i, kl;

	tfm = tfm_open();
	if (tfm < 0) {
		printf("VCTEST kat FAIL: bind %s: %s\n", DRIVER,
		       strerror(-tfm));
		return 1;
	}
	unhex(kat_iv, iv);
	unhex(kat_pt, pt);
	for (i = 0; i < sizeof(kat_keys) / sizeof(kat_keys[0]); i++) {
		kl = unhex(kat_keys[i].key, key);
		unhex(kat_ct[i], ct);
		op = op_open(tfm, key, kl);
		if (op < 0) {
			printf("VCTEST kat FAIL: %s: key: %s\n",
			       kat_keys[i].name, strerror(-op));
			fails++;
			continue;
		}
		rc = alg_op(op, 1, iv, pt, out, sizeof(pt));
		if (rc != 0 || memcmp(out, ct, sizeof(ct)) != 0) {
			printf("VCTEST kat FAIL: %s encrypt: %s\n",
			       kat_keys[i].name,
			       rc != 0 ? strerror(-rc) : "wrong ciphertext");
			fails++;
		} else {
			printf("VCTEST kat %s encrypt: ok\n",
			       kat_keys[i].name);
		}
		rc = alg_op(op, 0, iv, ct, out, sizeof(ct));
		if (rc != 0 || memcmp(out, pt, sizeof(pt)) != 0) {
			printf("VCTEST kat FAIL: %s decrypt: %s\n",
			       kat_keys[i].name,
			       rc != 0 ? strerror(-rc) : "wrong plaintext");
			fails++;
		} else {
			printf("VCTEST kat %s decrypt: ok\n",
			       kat_keys[i].name);
		}
		close(op);
	}
	close(tfm);
	printf("VCTEST kat %s: %d of 6 failed\n", fails ? "FAIL" : "PASS",
	       fails);
	return fails != 0;
}

static int
cmd_random(uint64_t seed, uint32_t n)
{
	static struct vcr_case c;
	uint8_t out[VCR_MAX_LEN];
	uint64_t h = VCR_FOLD_INIT;
	double t0 = now();
	int tfm, op, rc;
	uint32_t i;

	tfm = tfm_open();
	if (tfm < 0) {
		printf("VCTEST random FAIL: bind %s: %s\n", DRIVER,
		       strerror(-tfm));
		return 1;
	}
	for (i = 0; i < n; i++) {
		vcr_case_make(seed, i, &c);
		op = op_open(tfm, c.key, c.key_len);
		if (op < 0) {
			printf("VCTEST random FAIL: case %u: key: %s\n", i,
			       strerror(-op));
			return 1;
		}
		rc = alg_op(op, 1, c.iv, c.pt, out, c.len);
		h = vcr_fold(h, out, c.len);
		if (rc == 0)
			rc = alg_op(op, 0, c.iv, c.ct, out, c.len);
		h = vcr_fold(h, out, c.len);
		close(op);
		if (rc != 0) {
			printf("VCTEST random FAIL: case %u (key %u, len %u):"
			       " %s\n", i, c.key_len, c.len, strerror(-rc));
			return 1;
		}
		if ((i + 1) % VCR_BLOCK == 0 || i + 1 == n) {
			printf("VCTEST random digest %u %016" PRIx64 "\n",
			       i / VCR_BLOCK, h);
			h = VCR_FOLD_INIT;
		}
	}
	close(tfm);
	printf("VCTEST random done: %u cases (%u requests) in %.1f s\n", n,
	       2 * n, now() - t0);
	return 0;
}

static int
cmd_bench(size_t len, double secs, const char *drv)
{
	static uint8_t in[65536], out[65536];
	uint8_t key[16] = { 1 }, iv[16] = { 2 };
	double t0, t;
	uint64_t ops = 0;
	int tfm, op, rc;

	if (len == 0 || len % 16 != 0 || len > sizeof(in))
		return 2;
	tfm = tfm_open_drv(drv);
	op = tfm < 0 ? tfm : op_open(tfm, key, sizeof(key));
	if (op < 0) {
		printf("VCTEST bench FAIL: %s\n", strerror(-op));
		return 1;
	}
	t0 = now();
	do {
		rc = alg_op(op, 1, iv, in, out, len);
		if (rc != 0) {
			printf("VCTEST bench FAIL: %s\n", strerror(-rc));
			return 1;
		}
		ops++;
		t = now() - t0;
	} while (t < secs);
	printf("VCTEST bench %zu B%s%s: %" PRIu64 " requests in %.2f s: "
	       "%.0f req/s, %.2f MB/s\n", len, strcmp(drv, DRIVER) ? " on " :
	       "", strcmp(drv, DRIVER) ? drv : "", ops, t, ops / t,
	       ops * len / t / 1e6);
	close(op);
	close(tfm);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "selftest") == 0)
		return cmd_selftest(atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "kat") == 0)
		return cmd_kat();
	if (argc == 4 && strcmp(argv[1], "random") == 0)
		return cmd_random(strtoull(argv[2], NULL, 0),
				  strtoul(argv[3], NULL, 0));
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "bench") == 0)
		return cmd_bench(strtoul(argv[2], NULL, 0), atof(argv[3]),
				 argc == 5 ? argv[4] : DRIVER);
	fprintf(stderr, "usage: vcguest selftest WAIT_S | kat | "
		"random SEED N | bench LEN SECONDS [DRIVER]\n");
	return 2;
}
