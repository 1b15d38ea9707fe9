/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requests as long as guests make them, placed descriptor by descriptor
 * through drivers/virtio_user's raw access against a backend process:
 * Linux's layout (each piece of a scatterlist sent as the list from there
 * on, n(n+1)/2 overlapping descriptors), direct and indirect chains of 65
 * to 4095 descriptors, odd pieces, and data from 16 bytes to 1 MiB for
 * each service. Past 65536 entries Linux's own index wraps and it writes
 * the end of its indirect table over the start (1 MiB in pages: 65795
 * entries); placed the same way here, such a request must get BADMSG. Every result is checked against OpenSSL; a request past
 * its limit (doc/limits.rst) must get BADMSG in its status byte, never an
 * untouched buffer with a status nobody wrote.
 *
 * Usage: test_large BACKEND_EXE PMD [copy]   (copy: --copy-mode copy)
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend_proc.h"
#include "harness.h"
#include "ossl_ref.h"
#include "raw_desc.h"
#include "vc_wire.h"
#include "vu_crypto.h"

#define QSIZE 4096
#define MEM_SIZE (64u << 20)
#define MAX_DATA (1u << 20)
/* Linux's 1 MiB request: 256 pages a side, as two triangles. */
#define MAX_DESCS (2 * (256 * 257 / 2) + 16)

static const uint8_t key[16] = "large-requests!";
static const uint8_t mac_key[32] = "large-requests-hmac-key-32-byte";

static struct bproc be;
static struct vu_dev *dev;
static uint8_t *hdr_buf, *iv, *aad, *src, *dst, *status;
static struct vring_desc *table;
static uint8_t *ref;
static uint64_t rng = 0x6c617267652d7271ull;
static uint32_t max_size;  /* of the config space */
static int chains_ok;      /* the PMD carries mbuf chains (1 MiB) */
static int64_t sid_enc, sid_dec;
static uint64_t sid_hash, sid_mac, sid_gcm;

/* A descriptor chain in the making. */
struct chain {
	unsigned int n;
	struct vring_desc d[MAX_DESCS];
};
static struct chain ch;

static uint64_t
gpa(const void *p)
{
	return vu_raw_gpa(dev, p);
}

static void
add(void *p, uint32_t len, uint16_t flags)
{
	if (ch.n < MAX_DESCS)
		ch.d[ch.n++] = (struct vring_desc){ gpa(p), len, flags, 0 };
}

/*
 * A buffer of @p len bytes in @p k pieces of odd lengths, sent the way
 * Linux's virtqueue_add_sgs() sends a scatterlist of k entries given as
 * k lists: piece i, then i + 1 .. k - 1 again, for each i (@p tri), or
 * each piece once.
 */
static void
add_pieces(uint8_t *p, uint32_t len, uint32_t k, uint16_t flags, int tri)
{
	uint32_t off[MAX_DATA / 16 + 1], i, j;

	if (k > len / 16)
		k = len / 16 ? len / 16 : 1;
	/* Piece boundaries: random, each piece at least one byte. */
	off[0] = 0;
	for (i = 1; i < k; i++)
		off[i] = (uint32_t)(i * (uint64_t)len / k) +
			(uint32_t)(test_rand(&rng) % 7) - 3;
	off[k] = len;
	for (i = 0; i < k; i++)
		for (j = i; j < (tri ? k : i + 1); j++)
			add(p + off[j], off[j + 1] - off[j], flags);
}

/* Whether the last run() placed more than 65536 entries in a table. */
static int wrapped;

/*
 * Place the chain (direct from head 0, or in the table as Linux does:
 * entry i at index i mod 65536), run it.
 */
static int
run(int indirect, uint32_t *used_len)
{
	uint32_t i, id = UINT32_MAX, len = 0;
	int waited;

	*status = UNTOUCHED;
	wrapped = indirect && ch.n > 65536;
	for (i = 0; i < ch.n; i++) {
		ch.d[i].flags |= i + 1 < ch.n ? N : 0;
		ch.d[i].next = (uint16_t)(indirect ? i + 1 : (i + 1) % QSIZE);
	}
	if (indirect) {
		memset(table, 0, ch.n * sizeof(ch.d[0]));
		for (i = 0; i < ch.n; i++)
			table[i & 0xffff] = ch.d[i];
		vu_raw_desc(dev, 0, 0, gpa(table), ch.n * 16, I, 0);
	} else {
		for (i = 0; i < ch.n; i++)
			vu_raw_desc(dev, 0, (uint16_t)i, ch.d[i].addr,
				    ch.d[i].len, ch.d[i].flags, ch.d[i].next);
	}
	vu_raw_avail_add(dev, 0, 0);
	vu_raw_avail_publish(dev, 0, vu_raw_avail_next(dev, 0));
	for (waited = 0; waited < 100000; waited++) {
		if (vu_raw_used_take(dev, 0, &id, &len))
			break;
		usleep(100);
	}
	ch.n = 0;
	*used_len = len;
	return CHECK(id == 0) ? 0 : -1;
}

static struct virtio_crypto_op_data_req *
new_hdr(uint32_t opcode, uint64_t sid)
{
	struct virtio_crypto_op_data_req *h = (void *)hdr_buf;

	memset(h, 0, sizeof(*h));
	h->header.opcode = htole32(opcode);
	h->header.session_id = htole64(sid);
	return h;
}

/*
 * AES-128-CBC of @p len bytes, src and dst each in @p k pieces, with
 * Linux's layout or each piece once, direct or indirect. AES-CBC runs
 * up to 1 MiB on every PMD.
 */
static void
cbc_case(const char *what, int decrypt, uint32_t len, uint32_t k, int tri,
	 int indirect)
{
	struct virtio_crypto_op_data_req *h =
		new_hdr(decrypt ? VIRTIO_CRYPTO_CIPHER_DECRYPT :
			VIRTIO_CRYPTO_CIPHER_ENCRYPT,
			(uint64_t)(decrypt ? sid_dec : sid_enc));
	struct virtio_crypto_cipher_para *p = &h->u.sym_req.u.cipher.para;
	uint32_t used = 0;
	int ok;

	h->u.sym_req.op_type = htole32(VIRTIO_CRYPTO_SYM_OP_CIPHER);
	p->iv_len = htole32(16);
	p->src_data_len = p->dst_data_len = htole32(len);
	test_rand_bytes(&rng, iv, 16);
	if (decrypt) {
		/* The plaintext in ref, its ciphertext the source. */
		test_rand_bytes(&rng, ref, len);
		ref_cipher(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, iv, ref,
			   len, src);
	} else {
		test_rand_bytes(&rng, src, len);
		ref_cipher(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, iv, src,
			   len, ref);
	}
	memset(dst, 0, len);
	add(hdr_buf, HDR_LEN, 0);
	add(iv, 16, 0);
	add_pieces(src, len, k, 0, tri);
	add_pieces(dst, len, k, W, tri);
	add(status, 1, W);
	if (run(indirect, &used) != 0)
		return;
	if (wrapped)
		ok = CHECK(*status == VIRTIO_CRYPTO_BADMSG) &
			CHECK(used == 1);
	else
		ok = CHECK(*status == VIRTIO_CRYPTO_OK) &
			CHECK(used == len + 1) &
			CHECK(memcmp(dst, ref, len) == 0);
	if (!ok)
		fprintf(stderr, "  %s: %s %u bytes in %u pieces (%s, %s): "
			"status %u used %u\n", what,
			decrypt ? "decrypt" : "encrypt", len, k,
			tri ? "Linux's layout" : "once each",
			indirect ? "indirect" : "direct", *status, used);
}

/* A result @p out of @p out_len bytes if @p served, else BADMSG. */
static void
expect(const char *what, int served, uint32_t len, uint32_t used,
       const uint8_t *out, uint32_t out_len)
{
	int ok;

	if (!served || wrapped) {
		ok = CHECK(*status == VIRTIO_CRYPTO_BADMSG) & CHECK(used == 1);
	} else {
		ok = CHECK(*status == VIRTIO_CRYPTO_OK) &
			CHECK(used == out_len + 1) &
			CHECK(memcmp(out, ref, out_len) == 0);
	}
	if (!ok)
		fprintf(stderr, "  %s of %u bytes: status %u used %u\n", what,
			len, *status, used);
}

/*
 * SHA-256 (hash) or HMAC-SHA256 (MAC) of @p len bytes in 4 KiB pieces,
 * in Linux's layout if @p tri.
 */
static void
digest_case(int mac, uint32_t len, int tri)
{
	struct virtio_crypto_op_data_req *h =
		new_hdr(mac ? VIRTIO_CRYPTO_MAC : VIRTIO_CRYPTO_HASH,
			mac ? sid_mac : sid_hash);
	struct virtio_crypto_hash_para *p = mac ?
		&h->u.mac_req.para.hash : &h->u.hash_req.para;
	uint32_t used = 0, rlen = 0;

	p->src_data_len = htole32(len);
	p->hash_result_len = htole32(32);
	test_rand_bytes(&rng, src, len);
	ref_digest(mac, mac ? VIRTIO_CRYPTO_MAC_HMAC_SHA_256 :
		   VIRTIO_CRYPTO_HASH_SHA_256, mac_key, sizeof(mac_key), src,
		   len, ref, &rlen);
	memset(dst, 0, 32);
	add(hdr_buf, HDR_LEN, 0);
	add_pieces(src, len, (len + 4095) / 4096, 0, tri);
	add(dst, 32, W);
	add(status, 1, W);
	/* Past one mbuf where the PMD carries chains of them. */
	if (run(1, &used) == 0)
		expect(mac ? "HMAC-SHA256" : "SHA-256",
		       len <= 65535 || chains_ok, len, used, dst, 32);
}

/* AES-128-GCM encryption of @p len bytes, 16 bytes of AAD. */
static void
gcm_case(uint32_t len)
{
	struct virtio_crypto_op_data_req *h =
		new_hdr(VIRTIO_CRYPTO_AEAD_ENCRYPT, sid_gcm);
	struct virtio_crypto_aead_para *p = &h->u.aead_req.para;
	uint32_t used = 0, k = (len + 4095) / 4096;

	p->iv_len = htole32(12);
	p->aad_len = htole32(16);
	p->src_data_len = htole32(len);
	p->dst_data_len = htole32(len + 16);
	test_rand_bytes(&rng, iv, 12);
	test_rand_bytes(&rng, aad, 16);
	test_rand_bytes(&rng, src, len);
	ref_aead(VIRTIO_CRYPTO_AEAD_GCM, key, 16, iv, 12, aad, 16, src, len,
		 16, ref);
	memset(dst, 0, len + 16);
	add(hdr_buf, HDR_LEN, 0);
	add(iv, 12, 0);
	add(aad, 16, 0);
	add_pieces(src, len, k, 0, 1);
	add_pieces(dst, len + 16, k, W, 1);
	add(status, 1, W);
	/* AEAD: one mbuf on every PMD. */
	if (run(1, &used) == 0)
		expect("AES-128-GCM", len + 16 <= 65535, len, used, dst,
		       len + 16);
}

/*
 * Long chains that are malformed still get BADMSG in their status byte,
 * unless that byte is outside guest memory.
 */
static void
malformed_cases(void)
{
	uint64_t mem_gpa, mem_size, region;
	uint32_t used = 0;

	new_hdr(VIRTIO_CRYPTO_CIPHER_ENCRYPT, (uint64_t)sid_enc);
	add(hdr_buf, HDR_LEN, 0);
	add_pieces(src, 4096, 150, 0, 0);
	ch.d[100].len = 0;                      /* a zero-length piece */
	add_pieces(dst, 4096, 150, W, 0);
	add(status, 1, W);
	if (run(1, &used) == 0 &&
	    !(CHECK(*status == VIRTIO_CRYPTO_BADMSG) & CHECK(used == 1)))
		fprintf(stderr, "  long chain, zero-length piece: status %u "
			"used %u\n", *status, used);
	add(hdr_buf, HDR_LEN, 0);
	add_pieces(src, 4096, 150, 0, 0);
	add_pieces(dst, 4096, 150, W, 0);
	add(status, 1, 0);                      /* readable after writable */
	add(status + 1, 1, W);
	if (run(0, &used) == 0 &&
	    !(CHECK(status[1] == VIRTIO_CRYPTO_BADMSG) & CHECK(used == 1)))
		fprintf(stderr, "  long chain, readable after writable: "
			"status %u used %u\n", status[1], used);
	/* Its status byte past the end of guest memory: nothing written. */
	vu_raw_mem(dev, &mem_gpa, &mem_size, &region);
	add(hdr_buf, HDR_LEN, 0);
	add_pieces(src, 4096, 150, 0, 0);
	add_pieces(dst, 4096, 150, W, 0);
	ch.d[ch.n++] = (struct vring_desc){ mem_gpa + mem_size, 1, W, 0 };
	if (run(1, &used) == 0 &&
	    !(CHECK(*status == UNTOUCHED) & CHECK(used == 0)))
		fprintf(stderr, "  status outside memory: status %u used %u\n",
			*status, used);
}

static int
setup(const char *sock)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = 1,
		.queue_size = QSIZE,
		.mem_size = MEM_SIZE,
		.nb_regions = 2,
		.indirect = 1,
		.connect_timeout_ms = 5000,
		.ctrlq = 1,
	};
	struct vu_sym_session cbc = {
		.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
		.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
		.cipher_key = key,
		.cipher_key_len = sizeof(key),
	};
	struct vu_ctrl_session hash = {
		.service = VIRTIO_CRYPTO_SERVICE_HASH,
		.algo = VIRTIO_CRYPTO_HASH_SHA_256,
		.hash_result_len = 32,
	};
	struct vu_ctrl_session mac = {
		.service = VIRTIO_CRYPTO_SERVICE_MAC,
		.algo = VIRTIO_CRYPTO_MAC_HMAC_SHA_256,
		.hash_result_len = 32,
		.key = mac_key,
		.key_len = sizeof(mac_key),
	};
	struct vu_ctrl_session gcm = {
		.service = VIRTIO_CRYPTO_SERVICE_AEAD,
		.algo = VIRTIO_CRYPTO_AEAD_GCM,
		.hash_result_len = 16,
		.key = key,
		.key_len = sizeof(key),
		.aad_len = 16,
		.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
	};
	struct virtio_crypto_config cfg;
	char err[256] = "";
	uint8_t st[3];

	dev = vu_dev_open(&conf, err, sizeof(err));
	if (!CHECK(dev != NULL)) {
		fprintf(stderr, "vu_dev_open: %s\n", err);
		return -1;
	}
	hdr_buf = vu_mem_alloc(dev, 4096, 64);
	iv = vu_mem_alloc(dev, 64, 64);
	aad = vu_mem_alloc(dev, 64, 64);
	status = vu_mem_alloc(dev, 64, 64);
	src = vu_mem_alloc(dev, MAX_DATA + 4096, 4096);
	dst = vu_mem_alloc(dev, MAX_DATA + 4096, 4096);
	table = vu_mem_alloc(dev, MAX_DESCS * 16, 64);
	ref = malloc(MAX_DATA + 64);
	if (!CHECK(hdr_buf && iv && aad && status && src && dst && table &&
		   ref) || !CHECK(vu_dev_get_config(dev, &cfg) == 0))
		return -1;
	max_size = (uint32_t)le64toh(cfg.max_size);
	if (!CHECK(vu_session_create(dev, &cbc, &sid_enc) == 0))
		return -1;
	cbc.direction = VIRTIO_CRYPTO_OP_DECRYPT;
	return CHECK(vu_session_create(dev, &cbc, &sid_dec) == 0) &&
		CHECK(vu_ctrl_session_create(dev, &hash, &sid_hash,
					     &st[0]) == 0 && st[0] == 0) &&
		CHECK(vu_ctrl_session_create(dev, &mac, &sid_mac,
					     &st[1]) == 0 && st[1] == 0) &&
		CHECK(vu_ctrl_session_create(dev, &gcm, &sid_gcm,
					     &st[2]) == 0 && st[2] == 0) ?
		0 : -1;
}

int
main(int argc, char **argv)
{
	/* From one block to 1 MiB; 40 KiB is 11 pages, Linux's first bad. */
	static const uint32_t sizes[] = {
		16, 4096, 32768, 36864, 40960, 45056, 65520, 65536, 65552,
		131072, 1u << 20,
	};
	static const uint32_t descs[] = { 65, 200, 1000, 4095 };
	/* The largest Linux sends whole: 255 pages a side. */
	const uint32_t linux_max = 255 * 4096;
	static const char *const copy_mode[] = { "--copy-mode", "copy", NULL };
	struct bproc_conf conf = { 0 };
	unsigned int i, k;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	conf.exe = argv[1];
	conf.pmd = argv[2];
	conf.nb_sockets = 1;
	if (argc > 3 && strcmp(argv[3], "copy") == 0)
		conf.extra = copy_mode;
	if (!CHECK(ref_init() == 0) || !CHECK(bproc_start(&be, &conf) == 0))
		return test_summary();
	if (setup(be.sockets[0]) != 0) {
		bproc_stop(&be, 5000);
		return test_summary();
	}
	chains_ok = strcmp(conf.pmd, "crypto_openssl") == 0;
	/* What every request can count on: one mbuf. */
	CHECK(max_size == 65535);
	/* Linux's layout in pages (and a few bytes more or less). */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		k = (sizes[i] + 4095) / 4096;
		cbc_case("pages", 0, sizes[i], k, 1, 1);
		cbc_case("pages", 1, sizes[i], k, 1, 1);
	}
	cbc_case("pages", 0, linux_max, 255, 1, 1);
	cbc_case("pages", 1, linux_max, 255, 1, 1);
	/* 1 MiB in 16 pieces. */
	cbc_case("16 pieces", 0, 1u << 20, 16, 0, 1);
	cbc_case("16 pieces", 1, 1u << 20, 16, 0, 0);
	/* An output read into 1..64 odd pieces, as readv(2) would. */
	for (k = 1; k <= 64; k++)
		cbc_case("readv", 0, 16 * 73 * k, k, 1, 1);
	/* 65 to 4095 descriptors, each piece once, direct and indirect. */
	for (i = 0; i < ARRAY_SIZE(descs); i++) {
		k = (descs[i] - 3) / 2;
		cbc_case("long chain", 0, 16 * k, k, 0, 0);
		cbc_case("long chain", 1, 16 * k, k, 0, 1);
	}
	/* Every service from one page to 1 MiB. */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (sizes[i] < 4096)
			continue;
		digest_case(0, sizes[i], 1);
		digest_case(1, sizes[i], 1);
		gcm_case(sizes[i]);
	}
	digest_case(0, 1u << 20, 0);
	digest_case(1, 1u << 20, 0);
	malformed_cases();
	vu_dev_close(dev);
	CHECK(bproc_stop(&be, 10000) == 0);
	ref_fini();
	free(ref);
	return test_summary();
}
