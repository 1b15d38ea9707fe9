/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Keys leave the backend's memory when their session closes or their
 * device's frontend goes: the test reads the whole private memory of the
 * backend (its own child) through /proc/PID/mem and counts the bytes of
 * random keys it handed over.
 *
 * On a PMD with RSA the same for an RSA private key: its secret numbers
 * (d, p, q and the CRT exponents), big-endian as the guest sent them (in
 * its DER key) and little-endian as OpenSSL's BIGNUMs hold them on this
 * host. vcrypto keeps no big-endian copy past the session's creation;
 * crypto_openssl of DPDK 22.11 leaks the BIGNUMs it builds of every RSA
 * key (doc/limits.rst), so their count is reported, not required to fall.
 *
 * Usage: test_secrets BACKEND_EXE PMD
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "backend_proc.h"
#include "guest_util.h"
#include "harness.h"

#define AUTH_KEY_LEN 32

static const char *pmd;

static void
random_key(uint8_t *k, size_t n)
{
	FILE *f = fopen("/dev/urandom", "rb");

	if (f == NULL || fread(k, 1, n, f) != n)
		CHECK(0);
	if (f != NULL)
		fclose(f);
}

/* An AES-128-CBC + HMAC-SHA256 encrypt session, and one request on it. */
static int64_t
used_session(struct vu_dev *d, const uint8_t *ckey, const uint8_t *akey)
{
	struct vu_sym_session p = {
		.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
		.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
		.cipher_key = ckey,
		.cipher_key_len = 16,
		.chain_order =
			VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH,
		.hash_mode = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
		.hash_algo = VIRTIO_CRYPTO_MAC_HMAC_SHA_256,
		.hash_result_len = 32,
		.auth_key = akey,
		.auth_key_len = AUTH_KEY_LEN,
	};
	struct gslot s;
	struct vu_sym_op *op = &s.op;
	uint8_t *digest = vu_mem_alloc(d, 32, 16);
	uint64_t seed = 1;
	int64_t id;

	if (vu_session_create(d, &p, &id) != 0 || digest == NULL ||
	    gslots_alloc(d, &s, 1, 256) != 0)
		return -1;
	gslot_prepare(&s, id, &seed);
	op->op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	op->cipher_len = 256;
	op->hash_len = 256;
	op->digest = digest;
	op->digest_len = 32;
	if (guest_run(d, 0, &op, 1, 5000) != 1 ||
	    op->status != VIRTIO_CRYPTO_OK)
		return -1;
	return id;
}

/* Copies of the cipher and the auth key in the backend's memory. */
static void
count_keys(pid_t pid, const uint8_t *ckey, const uint8_t *akey, long *nc,
	   long *na)
{
	*nc = proc_mem_count(pid, ckey, 16);
	*na = proc_mem_count(pid, akey, AUTH_KEY_LEN);
}

/* 32 bytes from the middle of each secret number, in both byte orders. */
#define RSA_PATS 12
#define PAT_LEN 32

struct rsa_secret {
	EVP_PKEY *pk;
	uint8_t der[2048];
	uint32_t der_len;
	uint8_t pat[RSA_PATS][PAT_LEN];
};

static int
rsa_secret_new(struct rsa_secret *r)
{
	static const char *const names[] = { OSSL_PKEY_PARAM_RSA_D,
		OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
		OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
		OSSL_PKEY_PARAM_RSA_COEFFICIENT1 };
	unsigned char *p = r->der;
	uint8_t be[256];
	unsigned int i, j;
	int n;

	r->pk = EVP_RSA_gen(2048);
	if (r->pk == NULL)
		return -1;
	n = i2d_PrivateKey(r->pk, &p);
	if (n <= 0)
		return -1;
	r->der_len = (uint32_t)n;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		BIGNUM *bn = NULL;

		if (EVP_PKEY_get_bn_param(r->pk, names[i], &bn) != 1)
			return -1;
		n = BN_bn2bin(bn, be);
		BN_free(bn);
		if (n < 2 * PAT_LEN)
			return -1;
		memcpy(r->pat[2 * i], be + n / 2 - PAT_LEN / 2, PAT_LEN);
		for (j = 0; j < PAT_LEN; j++)
			r->pat[2 * i + 1][j] = r->pat[2 * i][PAT_LEN - 1 - j];
	}
	return 0;
}

/* Copies of the key's secret parts in one byte order (0: big-endian). */
static long
rsa_count(pid_t pid, const struct rsa_secret *r, int le)
{
	long n = 0, c;
	unsigned int i;

	for (i = le; i < RSA_PATS; i += 2) {
		c = proc_mem_count(pid, r->pat[i], PAT_LEN);
		if (c < 0)
			return -1;
		n += c;
	}
	return n;
}

/* An RSA private key session used once (a signature), then closed. */
static void
rsa_secrets(struct bproc *be, const char *sock)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = 1,
		.queue_size = 64,
		.mem_size = 2u << 20,
		.nb_regions = 1,
		.connect_timeout_ms = 100,
		.ctrlq = 1,
	};
	static struct rsa_secret r;
	struct vu_sym_op op = {
		.opcode = VIRTIO_CRYPTO_AKCIPHER_SIGN,
		.src_len = 32,
		.dst_len = 256,
	}, *opp = &op;
	struct vu_dev *d;
	unsigned int i;
	uint64_t sid;
	long live, n;
	uint8_t st;

	if (!CHECK(rsa_secret_new(&r) == 0))
		return;
	d = guest_open_conf(&conf, 5000);
	if (!CHECK(d != NULL))
		return;
	op.src = vu_mem_alloc(d, 32, 16);
	op.dst = vu_mem_alloc(d, 256, 16);
	st = guest_rsa_session(d, r.der, r.der_len, 1,
			       VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
			       VIRTIO_CRYPTO_RSA_SHA256, &sid);
	CHECK(st == VIRTIO_CRYPTO_OK && op.src != NULL && op.dst != NULL);
	op.session_id = sid;
	CHECK(guest_run(d, 0, &opp, 1, 5000) == 1 &&
	      op.status == VIRTIO_CRYPTO_OK);
	live = rsa_count(be->pid, &r, 1);
	n = rsa_count(be->pid, &r, 0);
	printf("%s: RSA session open: %ld copies of secret key parts as "
	       "BIGNUMs, %ld as the guest sent them\n", pmd, live, n);
	/* The PMD holds the key as BIGNUMs: the scan must see them. */
	CHECK(live > 0);
	CHECK(n == 0);
	CHECK(vu_ctrl_session_destroy(d, VIRTIO_CRYPTO_SERVICE_AKCIPHER, sid,
				      &st) == 0 && st == VIRTIO_CRYPTO_OK);
	n = rsa_count(be->pid, &r, 0);
	printf("%s: RSA session closed: %ld copies as BIGNUMs (the PMD's "
	       "leak), %ld as sent\n", pmd, rsa_count(be->pid, &r, 1), n);
	CHECK(n == 0);
	/* A device that goes with its session open takes it along. */
	st = guest_rsa_session(d, r.der, r.der_len, 1,
			       VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
			       VIRTIO_CRYPTO_RSA_SHA256, &sid);
	CHECK(st == VIRTIO_CRYPTO_OK);
	vu_raw_abandon(d);
	for (i = 0; i < 40; i++) {
		n = rsa_count(be->pid, &r, 0);
		if (n == 0)
			break;
		usleep(50 * 1000);
	}
	printf("%s: RSA device gone: %ld copies as sent\n", pmd, n);
	CHECK(n == 0);
	EVP_PKEY_free(r.pk);
}

int
main(int argc, char **argv)
{
	/* The third device is for RSA, over its controlq. */
	struct bproc_conf c = { .nb_sockets = 3 };
	uint8_t ck[3][16], ak[3][AUTH_KEY_LEN];
	long live_c, live_a, nc, na;
	struct vu_dev *d0, *d1;
	int64_t id[3];
	struct bproc be;
	unsigned int i;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	c.exe = argv[1];
	c.pmd = pmd = argv[2];
	for (i = 0; i < 3; i++) {
		random_key(ck[i], sizeof(ck[i]));
		random_key(ak[i], sizeof(ak[i]));
	}
	if (!CHECK(bproc_start(&be, &c) == 0))
		return test_summary();
	d0 = guest_open(be.sockets[0], 1, 64, 2u << 20, 0, 5000);
	d1 = guest_open(be.sockets[1], 1, 64, 2u << 20, 0, 5000);
	if (!CHECK(d0 != NULL && d1 != NULL))
		goto out;
	id[0] = used_session(d0, ck[0], ak[0]);
	id[1] = used_session(d0, ck[1], ak[1]);
	id[2] = used_session(d1, ck[2], ak[2]);
	if (!CHECK(id[0] >= 0 && id[1] >= 0 && id[2] >= 0))
		goto out;

	/*
	 * While a session lives its keys (or what the PMD derives from
	 * them: AES-128's first round key is the key) may be there: seeing
	 * one shows the scan reaches the PMD's session memory.
	 */
	count_keys(be.pid, ck[0], ak[0], &live_c, &live_a);
	printf("%s: session open: %ld copies of the cipher key, %ld of the "
	       "auth key\n", pmd, live_c, live_a);
	CHECK(live_c >= 0 && live_a >= 0);
	CHECK(live_c + live_a > 0);

	/* Closed: gone. The other session of the device stays usable. */
	CHECK(vu_session_destroy(d0, id[0]) == 0);
	count_keys(be.pid, ck[0], ak[0], &nc, &na);
	printf("%s: session closed: %ld and %ld copies\n", pmd, nc, na);
	CHECK(nc == 0 && na == 0);

	/* The frontend goes without closing its session: gone too. */
	vu_raw_abandon(d0);
	d0 = NULL;
	for (i = 0; i < 40; i++) {
		count_keys(be.pid, ck[1], ak[1], &nc, &na);
		if (nc == 0 && na == 0)
			break;
		usleep(50 * 1000);
	}
	printf("%s: device gone: %ld and %ld copies\n", pmd, nc, na);
	CHECK(nc == 0 && na == 0);

	/* Device 1's session is untouched by all that. */
	count_keys(be.pid, ck[2], ak[2], &nc, &na);
	CHECK(nc + na > 0);
	if (strcmp(pmd, "crypto_openssl") == 0)
		rsa_secrets(&be, be.sockets[2]);
out:
	vu_dev_close(d0);
	vu_dev_close(d1);
	CHECK(bproc_stop(&be, 10000) == 0);
	return test_summary();
}
