/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vcrypto-perf: a throughput client for a vcrypto backend, on
 * drivers/virtio_user. Keeps a window of AES-CBC (optionally + HMAC-SHA1)
 * requests in flight for a while, prints ops/s and Gbit/s, and checks
 * results against OpenSSL computed on the same inputs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "vu_crypto.h"

#define WINDOW 128
#define DIGEST_LEN 12

struct opts {
	const char *socket;
	unsigned int seconds;
	unsigned int buffer_sz;
	unsigned int burst;
	int chain;
};

struct req {
	struct vu_sym_op op;
	uint8_t *iv, *src, *dst, *digest;
};

static const uint8_t cipher_key[16] = "vcrypto-perf-key";
static const uint8_t auth_key[20] = "vcrypto-perf-hmac-k";

static void
usage(const char *prog)
{
	printf("Usage: %s --socket PATH [--seconds N] [--buffer-sz BYTES]\n"
	       "          [--burst-sz N] [--optype cipher-only|"
	       "cipher-then-auth]\n\n"
	       "AES-128-CBC (+ HMAC-SHA1, 12-byte digest) through a vcrypto\n"
	       "backend for N seconds (default 3); buffer 1024 B, burst 32.\n",
	       prog);
}

static int
parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 't' },
		{ "buffer-sz", required_argument, NULL, 'b' },
		{ "burst-sz", required_argument, NULL, 'n' },
		{ "optype", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct opts){ NULL, 3, 1024, 32, 0 };
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 's': o->socket = optarg; break;
		case 't': o->seconds = (unsigned int)atoi(optarg); break;
		case 'b': o->buffer_sz = (unsigned int)atoi(optarg); break;
		case 'n': o->burst = (unsigned int)atoi(optarg); break;
		case 'o':
			if (strcmp(optarg, "cipher-then-auth") == 0)
				o->chain = 1;
			else if (strcmp(optarg, "cipher-only") != 0) {
				fprintf(stderr, "--optype %s: expected "
					"cipher-only or cipher-then-auth\n",
					optarg);
				return -1;
			}
			break;
		case 'h': usage(argv[0]); exit(0);
		default: usage(argv[0]); return -1;
		}
	}
	if (o->socket == NULL) {
		fprintf(stderr, "--socket is required\n");
		return -1;
	}
	if (o->buffer_sz < 16 || o->buffer_sz > 65520 ||
	    o->buffer_sz % 16 != 0) {
		fprintf(stderr, "--buffer-sz %u: expected a multiple of 16 "
			"from 16 to 65520\n", o->buffer_sz);
		return -1;
	}
	if (o->burst == 0 || o->burst > WINDOW) {
		fprintf(stderr, "--burst-sz %u: expected 1..%d\n", o->burst,
			WINDOW);
		return -1;
	}
	return 0;
}

/* OpenSSL on the same input; returns 1 when the device agreed. */
static int
verify(const struct req *r, int chain)
{
	uint8_t ct[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int n1 = 0, n2 = 0;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, cipher_key, r->iv);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	EVP_EncryptUpdate(ctx, ct, &n1, r->src, (int)r->op.src_len);
	EVP_EncryptFinal_ex(ctx, ct + n1, &n2);
	EVP_CIPHER_CTX_free(ctx);
	if (memcmp(ct, r->dst, r->op.src_len) != 0)
		return 0;
	if (!chain)
		return 1;
	HMAC(EVP_sha1(), auth_key, sizeof(auth_key), ct, r->op.src_len, md,
	     &mdlen);
	return memcmp(md, r->digest, DIGEST_LEN) == 0;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	struct vu_dev_conf conf = { .nb_dataqs = 1, .queue_size = 512,
		.mem_size = 0, .nb_regions = 1, .connect_timeout_ms = 5000 };
	struct vu_sym_session sp = {
		.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
		.cipher_key = cipher_key, .cipher_key_len = 16,
		.chain_order = VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH,
		.hash_mode = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
		.hash_algo = VIRTIO_CRYPTO_MAC_HMAC_SHA1,
		.hash_result_len = DIGEST_LEN,
		.auth_key = auth_key, .auth_key_len = sizeof(auth_key),
	};
	static struct req reqs[WINDOW];
	struct vu_sym_op *batch[WINDOW], *done[WINDOW];
	uint64_t ops = 0, bad_status = 0, checked = 0, mismatches = 0;
	unsigned int i, free_n = 0, free_idx[WINDOW];
	double t0, t1, end;
	struct vu_dev *dev;
	int64_t sid;
	char err[256];
	struct opts o;

	if (parse(argc, argv, &o) != 0)
		return 2;
	conf.socket_path = o.socket;
	conf.mem_size = (size_t)WINDOW * (2 * o.buffer_sz + 128) + (4 << 20);
	dev = vu_dev_open(&conf, err, sizeof(err));
	if (dev == NULL) {
		fprintf(stderr, "%s: %s\n", o.socket, err);
		return 1;
	}
	sp.op_type = o.chain ? VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING :
		VIRTIO_CRYPTO_SYM_OP_CIPHER;
	if (vu_session_create(dev, &sp, &sid) != 0) {
		fprintf(stderr, "session refused by the backend\n");
		vu_dev_close(dev);
		return 1;
	}
	srand(1);
	for (i = 0; i < WINDOW; i++) {
		struct req *r = &reqs[i];
		unsigned int j;

		r->iv = vu_mem_alloc(dev, 16, 16);
		r->src = vu_mem_alloc(dev, o.buffer_sz, 64);
		r->dst = vu_mem_alloc(dev, o.buffer_sz, 64);
		r->digest = vu_mem_alloc(dev, 64, 64);
		for (j = 0; j < 16; j++)
			r->iv[j] = (uint8_t)rand();
		for (j = 0; j < o.buffer_sz; j++)
			r->src[j] = (uint8_t)rand();
		r->op = (struct vu_sym_op){
			.opcode = VIRTIO_CRYPTO_CIPHER_ENCRYPT,
			.op_type = sp.op_type, .session_id = (uint64_t)sid,
			.iv = r->iv, .iv_len = 16,
			.src = r->src, .src_len = o.buffer_sz,
			.dst = r->dst, .dst_len = o.buffer_sz,
			.digest = o.chain ? r->digest : NULL,
			.digest_len = o.chain ? DIGEST_LEN : 0,
			.cipher_len = o.buffer_sz, .hash_len = o.buffer_sz,
			.opaque = r,
		};
		free_idx[free_n++] = i;
	}

	t0 = now();
	end = t0 + o.seconds;
	for (;;) {
		uint16_t n = 0, sent, got, k;
		int running = now() < end;

		while (running && free_n > 0 && n < o.burst)
			batch[n++] = &reqs[free_idx[--free_n]].op;
		sent = n ? vu_submit(dev, 0, batch, n) : 0;
		while (sent < n)   /* ring full: give back what did not fit */
			free_idx[free_n++] =
				(struct req *)batch[--n]->opaque - reqs;
		got = vu_poll(dev, 0, done, WINDOW);
		for (k = 0; k < got; k++) {
			struct req *r = done[k]->opaque;

			ops++;
			if (r->op.status != VIRTIO_CRYPTO_OK)
				bad_status++;
			/* Check the first window, then one op in 256. */
			else if (ops <= WINDOW || ops % 256 == 0) {
				checked++;
				mismatches += !verify(r, o.chain);
			}
			free_idx[free_n++] = r - reqs;
		}
		if (!running && free_n == WINDOW)
			break;
	}
	t1 = now();
	vu_session_destroy(dev, sid);
	vu_dev_close(dev);

	printf("vcrypto-perf: %s, %u B buffers, burst %u: %.3f Mops/s, "
	       "%.2f Gbit/s over %.1f s (%llu ops)\n",
	       o.chain ? "AES-128-CBC + HMAC-SHA1" : "AES-128-CBC",
	       o.buffer_sz, o.burst, ops / (t1 - t0) / 1e6,
	       ops * (double)o.buffer_sz * 8 / (t1 - t0) / 1e9, t1 - t0,
	       (unsigned long long)ops);
	printf("verified: %llu results checked against OpenSSL, %llu "
	       "mismatches; %llu non-OK statuses\n",
	       (unsigned long long)checked, (unsigned long long)mismatches,
	       (unsigned long long)bad_status);
	return mismatches == 0 && bad_status == 0 && ops > 0 ? 0 : 1;
}
