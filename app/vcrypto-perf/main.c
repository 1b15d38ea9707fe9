/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vcrypto-perf: dpdk-test-crypto-perf's measurements, taken through a
 * vcrypto backend with drivers/virtio_user as the guest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "perf.h"

struct slot {
	struct vu_sym_op op;
	uint64_t t_submit;
};

struct result {
	uint64_t enq, deq, failed_enq, failed_deq, bad_status, mismatches;
	uint64_t checked;
	int stalled;
	double seconds;
	uint64_t cycles;
	double p50, p99, p999;     /* latency, microseconds */
};

static uint8_t cipher_key[64], auth_key[512];
static double tsc_hz;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void
calibrate_tsc(void)
{
	double t0 = now();
	uint64_t c0 = __rdtsc();

	while (now() - t0 < 0.05)
		;
	tsc_hz = (__rdtsc() - c0) / (now() - t0);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t
make_session(struct vu_dev *dev, const struct perf_opts *o)
{
	struct vu_sym_session p = {
		.op_type = o->optype == OP_CIPHER_ONLY ?
			VIRTIO_CRYPTO_SYM_OP_CIPHER :
			VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
		.cipher_algo = o->cipher_algo,
		.direction = o->encrypt ? VIRTIO_CRYPTO_OP_ENCRYPT :
			VIRTIO_CRYPTO_OP_DECRYPT,
		.cipher_key = cipher_key,
		.cipher_key_len = o->cipher_key_sz,
		.chain_order = o->optype == OP_AUTH_THEN_CIPHER ?
			VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER :
			VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH,
		.hash_mode = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
		.hash_algo = o->auth_algo,
		.hash_result_len = o->digest_sz,
		.auth_key = auth_key,
		.auth_key_len = o->auth_key_sz,
	};
	struct vu_ctrl_session a = {
		.service = VIRTIO_CRYPTO_SERVICE_AEAD,
		.algo = o->aead_algo,
		.hash_result_len = o->digest_sz,
		.key = cipher_key,
		.key_len = o->aead_key_sz,
		.aad_len = o->aead_aad_sz,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
	};
	uint64_t aid;
	uint8_t status;
	int64_t id;

	/* AEAD sessions exist only on the control queue. */
	if (o->optype == OP_AEAD)
		return vu_ctrl_session_create(dev, &a, &aid, &status) == 0 &&
		       status == VIRTIO_CRYPTO_OK ? (int64_t)aid : -1;
	if (vu_session_create(dev, &p, &id) != 0)
		return -1;
	return id;
}

/* Buffers and requests for one buffer size, filled with random data. */
static int
setup_slots(struct vu_dev *dev, const struct perf_opts *o, uint32_t size,
	    int64_t sid, struct slot *slots)
{
	unsigned int i, j;

	for (i = 0; i < PERF_WINDOW; i++) {
		struct vu_sym_op *op = &slots[i].op;
		uint8_t *iv = vu_mem_alloc(dev, 32, 16);
		uint8_t *src = vu_mem_alloc(dev, size, 64);
		uint8_t *dst = vu_mem_alloc(dev, size + 64, 64);
		uint8_t *digest = vu_mem_alloc(dev, 256, 64);

		if (iv == NULL || src == NULL || dst == NULL || digest == NULL)
			return -1;
		for (j = 0; j < 32; j++)
			iv[j] = (uint8_t)rand();
		for (j = 0; j < 256; j++)
			digest[j] = (uint8_t)rand();
		for (j = 0; j < size; j++)
			src[j] = (uint8_t)rand();
		*op = (struct vu_sym_op){
			.opcode = o->encrypt ? VIRTIO_CRYPTO_CIPHER_ENCRYPT :
				VIRTIO_CRYPTO_CIPHER_DECRYPT,
			.op_type = o->optype == OP_CIPHER_ONLY ?
				VIRTIO_CRYPTO_SYM_OP_CIPHER :
				VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
			.session_id = (uint64_t)sid,
			.iv = iv, .iv_len = o->cipher_iv_sz,
			.src = src, .src_len = size,
			.dst = dst, .dst_len = size,
			.cipher_len = size, .hash_len = size,
			.opaque = &slots[i],
		};
		if (o->optype == OP_AEAD) {
			/* The tag follows the ciphertext; AAD rides in the
			 * digest buffer, unused otherwise. */
			op->opcode = VIRTIO_CRYPTO_AEAD_ENCRYPT;
			op->iv_len = o->aead_iv_sz;
			op->dst_len = size + o->digest_sz;
			op->aad = digest;
			op->aad_len = o->aead_aad_sz;
		} else if (o->optype != OP_CIPHER_ONLY) {
			op->digest = digest;
			op->digest_len = o->digest_sz;
		}
	}
	return 0;
}

/* Pin (or unpin) every slot's chain on queue 0. */
static int
pin_slots(struct vu_dev *dev, struct slot *slots, int pin)
{
	unsigned int i;

	for (i = 0; i < PERF_WINDOW; i++)
		if ((pin ? vu_op_pin(dev, 0, &slots[i].op) :
			   vu_op_unpin(dev, 0, &slots[i].op)) != 0)
			return -1;
	return 0;
}

/* Keep up to PERF_WINDOW requests in flight until total_ops are done. */
static void
run(struct vu_dev *dev, const struct perf_opts *o, struct slot *slots,
    struct result *r)
{
	struct vu_sym_op *batch[128], *done[PERF_WINDOW];
	unsigned int free_n = 0, free_idx[PERF_WINDOW];
	/* The latency test keeps one burst in flight, as crypto-perf. */
	unsigned int window = o->ptest == PTEST_LATENCY ? o->burst :
		PERF_WINDOW;
	uint64_t *lat = NULL, nlat = 0, c0;
	double t0, last = 0;
	uint64_t last_done;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (o->ptest == PTEST_LATENCY)
		lat = malloc(sizeof(*lat) * o->total_ops);
	for (i = 0; i < window; i++)
		free_idx[free_n++] = i;
	t0 = now();
	c0 = __rdtsc();
	last_done = c0;
	while (r->deq < o->total_ops) {
		uint16_t n = 0, sent = 0, got, k;
		uint64_t tsc = __rdtsc();

		while (free_n > 0 && n < o->burst &&
		       r->enq + n < o->total_ops) {
			struct slot *s = &slots[free_idx[--free_n]];

			s->t_submit = tsc;
			batch[n++] = &s->op;
		}
		if (n > 0) {
			sent = vu_submit(dev, 0, batch, n);
			r->enq += sent;
			if (sent < n)
				r->failed_enq++;
		}
		while (sent < n)
			free_idx[free_n++] =
				(struct slot *)batch[--n]->opaque - slots;
		got = vu_poll(dev, 0, done, PERF_WINDOW);
		if (got == 0) {
			r->failed_deq++;
			/* A backend that went away must not hang us. */
			if ((r->failed_deq & 0xfffff) == 0 &&
			    (__rdtsc() - last_done) / tsc_hz > 5) {
				fprintf(stderr, "no completion for 5 s: is the "
					"backend alive?\n");
				r->stalled = 1;
				break;
			}
		} else {
			last_done = __rdtsc();
		}
		tsc = __rdtsc();
		for (k = 0; k < got; k++) {
			struct slot *s = done[k]->opaque;

			if (lat != NULL)
				lat[nlat++] = tsc - s->t_submit;
			if (s->op.status != VIRTIO_CRYPTO_OK)
				r->bad_status++;
			else if (o->ptest == PTEST_VERIFY ||
				 r->deq + k < window) {
				r->checked++;
				r->mismatches += !perf_verify(o, &s->op,
					cipher_key, auth_key);
			}
			free_idx[free_n++] = s - slots;
		}
		r->deq += got;
		if (got != 0 && r->deq % 4096 < got && now() - t0 > 3 &&
		    now() - last >= 1) {
			last = now();
			fprintf(stderr, "  progress: %llu of %llu ops, "
				"%.2f Mops/s\n", (unsigned long long)r->deq,
				(unsigned long long)o->total_ops,
				r->deq / (last - t0) / 1e6);
		}
	}
	r->cycles = __rdtsc() - c0;
	r->seconds = now() - t0;
	if (lat != NULL && nlat > 0) {
		qsort(lat, nlat, sizeof(*lat), cmp_u64);
		r->p50 = lat[nlat / 2] / tsc_hz * 1e6;
		r->p99 = lat[nlat * 99 / 100] / tsc_hz * 1e6;
		r->p999 = lat[nlat * 999 / 1000] / tsc_hz * 1e6;
	}
	free(lat);
}

static void
print_header(const struct perf_opts *o)
{
	const char *test;

	if (o->csv) {
		printf("lcore id,Buf Size,Burst Size,Enqueued,Dequeued,"
		       "Failed Enq,Failed Deq,MOps,Gbps,Cycles/Buf%s\n",
		       o->ptest == PTEST_LATENCY ?
		       ",p50 us,p99 us,p99.9 us" : "");
		return;
	}
	test = o->ptest == PTEST_LATENCY ? "latency" :
		o->ptest == PTEST_VERIFY ? "verify" : "throughput";
	if (o->optype == OP_AEAD) {
		printf("# vcrypto-perf %s: encrypt %s-%u, aad %u, tag %u\n",
		       test, perf_aead_name(o->aead_algo),
		       o->aead_key_sz * 8, o->aead_aad_sz, o->digest_sz);
	} else {
		printf("# vcrypto-perf %s: %s %s-%u%s%s%s\n", test,
		       o->encrypt ? "encrypt" : "decrypt",
		       perf_cipher_name(o->cipher_algo),
		       o->cipher_key_sz * 8,
		       o->optype == OP_CIPHER_ONLY ? "" : " + ",
		       o->optype == OP_CIPHER_ONLY ? "" :
		       perf_auth_name(o->auth_algo),
		       o->optype == OP_AUTH_THEN_CIPHER ?
		       " (auth first)" : "");
	}
	printf("%8s %10s %10s %12s %12s %10s %10s %10s %10s %10s%s\n",
	       "lcore id", "Buf Size", "Burst Size", "Enqueued", "Dequeued",
	       "Failed Enq", "Failed Deq", "MOps", "Gbps", "Cycles/Buf",
	       o->ptest == PTEST_LATENCY ?
	       "     p50 us     p99 us   p99.9 us" : "");
}

static void
print_row(const struct perf_opts *o, uint32_t size, const struct result *r)
{
	double mops = r->deq / r->seconds / 1e6;
	double gbps = mops * size * 8 / 1e3;
	double cpb = (double)r->cycles / r->deq;

	if (o->csv) {
		printf("0,%u,%u,%llu,%llu,%llu,%llu,%.4f,%.4f,%.2f", size,
		       o->burst, (unsigned long long)r->enq,
		       (unsigned long long)r->deq,
		       (unsigned long long)r->failed_enq,
		       (unsigned long long)r->failed_deq, mops, gbps, cpb);
		if (o->ptest == PTEST_LATENCY)
			printf(",%.2f,%.2f,%.2f", r->p50, r->p99, r->p999);
		printf("\n");
		return;
	}
	printf("%8d %10u %10u %12llu %12llu %10llu %10llu %10.4f %10.4f "
	       "%10.2f", 0, size, o->burst, (unsigned long long)r->enq,
	       (unsigned long long)r->deq, (unsigned long long)r->failed_enq,
	       (unsigned long long)r->failed_deq, mops, gbps, cpb);
	if (o->ptest == PTEST_LATENCY)
		printf(" %10.2f %10.2f %10.2f", r->p50, r->p99, r->p999);
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct vu_dev_conf conf = { .nb_dataqs = 1, .queue_size = 2048,
		.nb_regions = 1, .connect_timeout_ms = 5000 };
	static struct slot slots[PERF_WINDOW];
	struct perf_opts o;
	struct vu_dev *dev;
	struct result r;
	uint32_t max = 0;
	unsigned int i;
	int64_t sid;
	char err[256];
	int rc = 0;

	rc = perf_parse(argc, argv, &o);
	if (rc != 0)
		return rc > 0 ? 0 : 2;
	for (i = 0; i < o.nb_sizes; i++)
		max = o.sizes[i] > max ? o.sizes[i] : max;
	conf.socket_path = o.socket;
	conf.indirect = o.indirect;
	conf.ctrlq = o.optype == OP_AEAD;
	/* Each size gets its own buffers; rings come out of it too. */
	conf.mem_size = (size_t)o.nb_sizes * PERF_WINDOW * (2 * max + 256) +
		(8u << 20);
	/* A backend still closing our previous connection turns us away. */
	for (i = 0; i < 20; i++) {
		dev = vu_dev_open(&conf, err, sizeof(err));
		if (dev != NULL)
			break;
		usleep(100 * 1000);
	}
	if (dev == NULL) {
		fprintf(stderr, "%s: %s\n", o.socket, err);
		return 1;
	}
	calibrate_tsc();
	srand(1);
	for (i = 0; i < sizeof(cipher_key); i++)
		cipher_key[i] = (uint8_t)rand();
	for (i = 0; i < sizeof(auth_key); i++)
		auth_key[i] = (uint8_t)rand();
	sid = make_session(dev, &o);
	if (sid < 0) {
		fprintf(stderr, "the backend refused the session (%s)\n",
			perf_cipher_name(o.cipher_algo));
		vu_dev_close(dev);
		return 1;
	}
	print_header(&o);
	for (i = 0; i < o.nb_sizes; i++) {
		if (setup_slots(dev, &o, o.sizes[i], sid, slots) != 0) {
			fprintf(stderr, "out of guest memory\n");
			rc = 1;
			break;
		}
		if (o.prebuilt && pin_slots(dev, slots, 1) != 0) {
			fprintf(stderr, "no room to pin %u requests\n",
				PERF_WINDOW);
			rc = 1;
			break;
		}
		run(dev, &o, slots, &r);
		if (o.prebuilt)
			pin_slots(dev, slots, 0);
		if (r.stalled) {
			rc = 1;
			break;
		}
		print_row(&o, o.sizes[i], &r);
		if (r.bad_status || r.mismatches) {
			fprintf(stderr, "%u B: %llu non-OK statuses, %llu of "
				"%llu results wrong\n", o.sizes[i],
				(unsigned long long)r.bad_status,
				(unsigned long long)r.mismatches,
				(unsigned long long)r.checked);
			rc = 1;
		} else if (!o.csv) {
			printf("# verified %llu results against OpenSSL\n",
			       (unsigned long long)r.checked);
		}
		fflush(stdout);
	}
	vu_session_destroy(dev, sid);
	vu_dev_close(dev);
	return rc;
}
