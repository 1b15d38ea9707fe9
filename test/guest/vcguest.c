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
 *   vcguest large SEED          the cases of vclarge.h; prints a digest of
 *                               each one's output
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/aio_abi.h>
#include <linux/if_alg.h>

#include "vclarge.h"
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

/*
 * Send @p len bytes to an operation socket (with @p flags), the
 * direction and IV first unless @p iv is NULL.
 */
static int
alg_send(int opfd, int enc, const uint8_t *iv, const uint8_t *in,
	 size_t len, int flags)
{
	char cbuf[CMSG_SPACE(sizeof(uint32_t)) +
		  CMSG_SPACE(sizeof(struct af_alg_iv) + 16)] = { 0 };
	struct iovec iov = { .iov_base = (void *)(uintptr_t)in,
			     .iov_len = len };
	struct msghdr msg = {
		.msg_control = iv != NULL ? cbuf : NULL,
		.msg_controllen = iv != NULL ? sizeof(cbuf) : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct af_alg_iv *aiv;
	uint32_t op = enc ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;

	if (iv == NULL)
		return sendmsg(opfd, &msg, flags) == (ssize_t)len ? 0 : -errno;
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
	return sendmsg(opfd, &msg, flags) == (ssize_t)len ? 0 : -errno;
}

/* Read @p len bytes of results. */
static int
alg_read(int opfd, uint8_t *out, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(opfd, out + got, len - got);
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		got += n;
	}
	return 0;
}

/* One request on an operation socket: @p len bytes in, @p len bytes out. */
static int
alg_op(int opfd, int enc, const uint8_t *iv, const uint8_t *in,
       uint8_t *out, size_t len)
{
	int rc = alg_send(opfd, enc, iv, in, len, 0);

	return rc != 0 ? rc : alg_read(opfd, out, len);
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

/*
 * An operation socket (keyed first unless @p key is NULL: a transform
 * with sockets open takes no new key) whose buffers hold 1 MiB: AF_ALG
 * keeps a request's data there.
 */
static int
large_op_open(int tfm, const uint8_t *key, size_t key_len)
{
	int sz = 4 << 20, op = key != NULL ? op_open(tfm, key, key_len) :
		accept(tfm, NULL, 0);

	if (op >= 0 &&
	    (setsockopt(op, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz)) != 0 ||
	     setsockopt(op, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz)) != 0)) {
		close(op);
		return -errno;
	}
	return op;
}

/* Send in @p chunk-byte pieces, reading each one's results at once. */
static int
large_chunks(int op, const struct vcl_case *c, const uint8_t *iv,
	     const uint8_t *in, uint8_t *out)
{
	uint32_t off;
	int rc = 0;

	for (off = 0; off < c->len && rc == 0; off += c->arg) {
		rc = alg_send(op, c->enc, off == 0 ? iv : NULL, in + off,
			      c->arg, off + c->arg < c->len ? MSG_MORE : 0);
		if (rc == 0)
			rc = alg_read(op, out + off, c->arg);
	}
	return rc;
}

/* The same through a pipe: vmsplice(2) the data in, splice(2) it on. */
static int
large_splice(int op, const struct vcl_case *c, const uint8_t *iv,
	     const uint8_t *in, uint8_t *out)
{
	int p[2], rc = 0;
	uint32_t off, done;
	ssize_t n;

	if (pipe(p) != 0)
		return -errno;
	/* The direction and IV, no data yet. */
	rc = alg_send(op, c->enc, iv, in, 0, MSG_MORE);
	for (off = 0; off < c->len && rc == 0; off += c->arg) {
		int more = off + c->arg < c->len ? SPLICE_F_MORE : 0;

		for (done = 0; done < c->arg && rc == 0; done += n) {
			struct iovec v = {
				(void *)(uintptr_t)(in + off + done),
				c->arg - done,
			};

			n = vmsplice(p[1], &v, 1, 0);
			if (n > 0)
				n = splice(p[0], NULL, op, NULL, (size_t)n,
					   done + n < c->arg ? SPLICE_F_MORE :
					   more);
			if (n <= 0)
				rc = n < 0 ? -errno : -EIO;
		}
		if (rc == 0)
			rc = alg_read(op, out + off, c->arg);
	}
	close(p[0]);
	close(p[1]);
	return rc;
}

/* One request, its results read into @p k pieces of odd lengths. */
static int
large_readv(int op, const struct vcl_case *c, const uint8_t *iv,
	    const uint8_t *in, uint8_t *out, uint8_t *tmp)
{
	struct iovec v[VCL_READV_MAX];
	uint32_t i, off = 0, base = 0, len;
	int rc = alg_send(op, c->enc, iv, in, c->len, 0);

	for (i = 0; i < c->arg; i++) {
		len = i + 1 < c->arg ? (c->len / c->arg) | 1 : c->len - off;
		/* Each piece a byte past the last: no two share alignment. */
		v[i].iov_base = tmp + base + i;
		v[i].iov_len = len;
		off += len;
		base += len;
	}
	if (rc == 0 && readv(op, v, (int)c->arg) != (ssize_t)c->len)
		rc = errno ? -errno : -EIO;
	for (i = 0, off = 0; rc == 0 && i < c->arg; i++) {
		memcpy(out + off, v[i].iov_base, v[i].iov_len);
		off += (uint32_t)v[i].iov_len;
	}
	return rc;
}

static int
aio_fail(const char *name, uint32_t p, const char *what, int err)
{
	printf("VCTEST large FAIL: %s/p%u: %s: %s\n", name, p, what,
	       strerror(err));
	return 1;
}

/*
 * Process @p p of a VCL_AIO case: a transform of its own, with its own
 * key, one operation socket per read, all reads submitted at once
 * (io_submit), its digest printed.
 */
static int
large_aio_proc(uint64_t seed, uint32_t ci, uint32_t p, const char *name)
{
	static uint8_t in[VCL_AIO_READS][VCL_AIO_MAX_LEN];
	static uint8_t out[VCL_AIO_READS][VCL_AIO_MAX_LEN];
	struct iocb cb[VCL_AIO_READS], *cbp[VCL_AIO_READS];
	struct io_event ev[VCL_AIO_READS];
	uint8_t key[32], unused[32], iv[16];
	uint32_t len[VCL_AIO_READS], j;
	/* Every read of a process under the key of its first. */
	uint32_t key_len = vcl_inputs(seed, ci, p, 0, key, iv, NULL, 0);
	aio_context_t ctx = 0;
	uint64_t h = VCR_FOLD_INIT;
	int op[VCL_AIO_READS], n = 0, rc = 0, tfm = tfm_open();

	if (tfm < 0)
		return aio_fail(name, p, "bind", -tfm);
	for (j = 0; j < VCL_AIO_READS; j++) {
		len[j] = vcl_aio_len(seed, ci, p, j);
		vcl_inputs(seed, ci, p, j, unused, iv, in[j], len[j]);
		op[j] = large_op_open(tfm, j == 0 ? key : NULL, key_len);
		if (op[j] < 0)
			return aio_fail(name, p, "accept", op[j] == -1 ?
					errno : -op[j]);
		rc = alg_send(op[j], 1, iv, in[j], len[j], 0);
		if (rc != 0)
			return aio_fail(name, p, "sendmsg", -rc);
		memset(&cb[j], 0, sizeof(cb[j]));
		cb[j].aio_fildes = (uint32_t)op[j];
		cb[j].aio_lio_opcode = IOCB_CMD_PREAD;
		cb[j].aio_buf = (uint64_t)(uintptr_t)out[j];
		cb[j].aio_nbytes = len[j];
		cb[j].aio_data = j;
		cbp[j] = &cb[j];
	}
	if (syscall(SYS_io_setup, VCL_AIO_READS, &ctx) != 0)
		return aio_fail(name, p, "io_setup", errno);
	if (syscall(SYS_io_submit, ctx, VCL_AIO_READS, cbp) != VCL_AIO_READS)
		return aio_fail(name, p, "io_submit", errno);
	while (n < VCL_AIO_READS) {
		long got = syscall(SYS_io_getevents, ctx, 1,
				   VCL_AIO_READS - n, ev + n, NULL);

		if (got <= 0)
			return aio_fail(name, p, "io_getevents", errno);
		n += (int)got;
	}
	for (j = 0; j < VCL_AIO_READS; j++)
		if (ev[j].res != (int64_t)len[ev[j].data])
			rc = aio_fail(name, p, "read", ev[j].res < 0 ?
				      (int)-ev[j].res : EIO);
	for (j = 0; j < VCL_AIO_READS; j++)
		h = vcr_fold(h, out[j], len[j]);
	printf("VCTEST large %s/p%u %016" PRIx64 "\n", name, p, h);
	syscall(SYS_io_destroy, ctx);
	return rc;
}

/* @p c->arg processes at once, each with its own key. */
static int
large_aio(uint64_t seed, uint32_t ci, const struct vcl_case *c,
	  const char *name)
{
	uint32_t p;
	int fails = 0, st;

	fflush(stdout);
	for (p = 0; p < c->arg; p++)
		if (fork() == 0)
			_exit(large_aio_proc(seed, ci, p, name));
	while (wait(&st) > 0)
		fails += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	return fails ? -EIO : 0;
}

static int
cmd_large(uint64_t seed)
{
	/* Page-aligned: vclarge.h counts the pages Linux's driver sends. */
	static uint8_t in[VCL_MAX_LEN] __attribute__((aligned(4096)));
	static uint8_t out[VCL_MAX_LEN] __attribute__((aligned(4096)));
	static uint8_t tmp[VCL_MAX_LEN + VCL_READV_MAX];
	struct vcl_case c;
	char name[64];
	uint8_t key[32], iv[16];
	uint32_t i, key_len;
	int tfm, op, rc, fails = 0;
	double t0 = now();

	tfm = tfm_open();
	if (tfm < 0) {
		printf("VCTEST large FAIL: bind %s: %s\n", DRIVER,
		       strerror(-tfm));
		return 1;
	}
	for (i = 0; vcl_case_get(i, &c, name, sizeof(name)) == 0; i++) {
		if (c.mode == VCL_AIO) {
			rc = large_aio(seed, i, &c, name);
			goto done;
		}
		key_len = vcl_inputs(seed, i, 0, 0, key, iv, in, c.len);
		op = large_op_open(tfm, key, key_len);
		if (op < 0) {
			rc = op;
			goto done;
		}
		memset(out, 0, c.len);
		switch (c.mode) {
		case VCL_CHUNKS:
			rc = large_chunks(op, &c, iv, in, out);
			break;
		case VCL_SPLICE:
			rc = large_splice(op, &c, iv, in, out);
			break;
		case VCL_READV:
			rc = large_readv(op, &c, iv, in, out, tmp);
			break;
		case VCL_INPLACE:
			memcpy(out, in, c.len);
			rc = alg_op(op, c.enc, iv, out, out, c.len);
			break;
		default:
			rc = alg_op(op, c.enc, iv, in, out, c.len);
			break;
		}
		close(op);
		if (rc == -EBADMSG && vcl_linux_breaks(c.len)) {
			printf("VCTEST large %s badmsg\n", name);
			continue;
		}
		if (rc == 0)
			printf("VCTEST large %s %016" PRIx64 "\n", name,
			       vcr_fold(VCR_FOLD_INIT, out, c.len));
done:
		if (rc != 0) {
			printf("VCTEST large FAIL: %s: %s\n", name,
			       strerror(-rc));
			fails++;
		}
	}
	close(tfm);
	printf("VCTEST large done: %u cases in %.1f s, %d failed\n", i,
	       now() - t0, fails);
	return fails != 0;
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
	if (argc == 3 && strcmp(argv[1], "large") == 0)
		return cmd_large(strtoull(argv[2], NULL, 0));
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "bench") == 0)
		return cmd_bench(strtoul(argv[2], NULL, 0), atof(argv[3]),
				 argc == 5 ? argv[4] : DRIVER);
	fprintf(stderr, "usage: vcguest selftest WAIT_S | kat | "
		"random SEED N | bench LEN SECONDS [DRIVER] | large SEED\n");
	return 2;
}
