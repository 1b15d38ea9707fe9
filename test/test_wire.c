/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/virtio_crypto on its own: translation, chain walking, request and
 * session decoding, fed well-formed and hostile input built here byte by
 * byte from the spec's and QEMU's layouts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "raw_desc.h"
#include "vc_wire.h"

#define GPA0 0x100000ULL

static uint8_t guest[3][4096];
static struct vc_mem_table mt;

/* Three regions: two gpa-adjacent, one after a hole. */
static void
mem_setup(void)
{
	memset(&mt, 0, sizeof(mt));
	mt.nregions = 3;
	mt.regions[0] = (struct vc_mem_region){ GPA0, 4096,
		(uintptr_t)guest[0] };
	mt.regions[1] = (struct vc_mem_region){ GPA0 + 4096, 4096,
		(uintptr_t)guest[1] };
	mt.regions[2] = (struct vc_mem_region){ GPA0 + 3 * 4096, 4096,
		(uintptr_t)guest[2] };
}

static void
test_translate(void)
{
	struct vc_seg segs[4];

	mem_setup();
	CHECK(vc_mem_translate(&mt, GPA0 + 10, 100, segs, 4) == 1 &&
	      segs[0].addr == guest[0] + 10 && segs[0].len == 100);
	/* Straddling two adjacent regions: two pieces. */
	CHECK(vc_mem_translate(&mt, GPA0 + 4000, 200, segs, 4) == 2 &&
	      segs[0].addr == guest[0] + 4000 && segs[0].len == 96 &&
	      segs[1].addr == guest[1] && segs[1].len == 104);
	CHECK(vc_mem_translate(&mt, GPA0 + 4000, 200, segs, 1) == -2);
	/* Into the hole, out of everything, wrapping, empty. */
	CHECK(vc_mem_translate(&mt, GPA0 + 8000, 400, segs, 4) == -1);
	CHECK(vc_mem_translate(&mt, GPA0 + 2 * 4096, 1, segs, 4) == -1);
	CHECK(vc_mem_translate(&mt, 0, 16, segs, 4) == -1);
	CHECK(vc_mem_translate(&mt, UINT64_MAX - 4, 16, segs, 4) == -1);
	CHECK(vc_mem_translate(&mt, GPA0, 0, segs, 4) == -1);
	CHECK(vc_mem_translate(&mt, GPA0 + 3 * 4096, 4097, segs, 4) == -1);
	CHECK(vc_mem_translate(&mt, GPA0 + 3 * 4096 + 4095, 1, segs, 4) == 1);
}

static struct vring_desc ring[8];
static struct vc_chain_short room;
static struct vc_chain *chain;
/* Room for more buffers than a short chain-> */
static struct vc_seg long_segs[2 * 256];
static struct vc_chain long_chain;

static void
desc(unsigned int i, uint64_t addr, uint32_t len, uint16_t flags,
     uint16_t next)
{
	ring[i].addr = addr;
	ring[i].len = len;
	ring[i].flags = flags;
	ring[i].next = next;
}


static int
walk(unsigned int head, int indirect_ok)
{
	chain = vc_chain_short_init(&room, UINT32_MAX);
	return vc_chain_walk(ring, 8, head, &mt, indirect_ok, chain);
}

static void
test_chain(void)
{
	struct vring_desc *table = (struct vring_desc *)guest[2];
	uint8_t out[8];

	mem_setup();
	memset(ring, 0, sizeof(ring));
	desc(0, GPA0, 72, N, 3);
	desc(3, GPA0 + 4090, 20, N, 5);        /* straddles regions 0/1 */
	desc(5, GPA0 + 4096 + 100, 64, N | W, 6);
	desc(6, GPA0 + 4096 + 200, 1, W, 0);
	CHECK(walk(0, 0) == VC_CHAIN_OK);
	CHECK(chain->nr_rd == 3 && chain->rd_len == 92);
	CHECK(chain->nr_wr == 2 && chain->wr_len == 65);
	CHECK(chain->status == guest[1] + 200 && !chain->truncated);
	/* Reading across the straddle comes out in order. */
	memcpy(guest[0] + 4090, "abcdef", 6);
	memcpy(guest[1], "gh", 2);
	vc_segs_read(chain->rd, chain->nr_rd, 72, out, 8);
	CHECK(memcmp(out, "abcdefgh", 8) == 0);
	vc_segs_write(chain->wr, chain->nr_wr, 62, "xyz", 3);
	CHECK(memcmp(guest[1] + 162, "xy", 2) == 0 && guest[1][200] == 'z');

	CHECK(walk(8, 0) == VC_CHAIN_BAD_INDEX);
	desc(6, GPA0 + 4096 + 200, 1, W | N, 9);
	CHECK(walk(0, 0) == VC_CHAIN_BAD_INDEX);
	desc(6, GPA0 + 4096 + 200, 1, W | N, 5);  /* a loop */
	CHECK(walk(0, 0) == VC_CHAIN_TOO_LONG);
	desc(6, GPA0 + 4096 + 200, 1, W, 0);
	/* A broken structure has no end, so no status byte. */
	CHECK(chain->status == NULL);
	desc(6, GPA0 + 4096 + 200, 1, W, 0);
	/* A bad buffer: the walk goes on to the status byte. */
	desc(3, GPA0 + 8190, 20, N, 5);           /* runs into the hole */
	CHECK(walk(0, 0) == VC_CHAIN_BAD_ADDR &&
	      chain->status == guest[1] + 200);
	desc(3, GPA0 + 10, 0, N, 5);
	CHECK(walk(0, 0) == VC_CHAIN_ZERO_LEN &&
	      chain->status == guest[1] + 200);
	desc(3, GPA0 + 10, 20, N | W, 5);
	desc(5, GPA0 + 100, 20, N, 6);            /* readable after writable */
	CHECK(walk(0, 0) == VC_CHAIN_BAD_ORDER &&
	      chain->status == guest[1] + 200);
	/* Its status byte outside memory: none. */
	desc(6, GPA0 + 2 * 4096, 1, W, 0);
	CHECK(walk(0, 0) == VC_CHAIN_BAD_ORDER && chain->status == NULL);
	desc(6, GPA0 + 4096 + 200, 1, W, 0);

	/*
	 * 65 readable buffers in one region, each found by the walk's
	 * fast path (the region of the one before): one too many.
	 */
	{
		struct vring_desc *t = (struct vring_desc *)guest[2];
		unsigned int k;

		for (k = 0; k < 66; k++)
			t[k] = (struct vring_desc){ GPA0 + k, 1,
				k < 65 ? N : W, (uint16_t)(k + 1) };
		desc(1, GPA0 + 3 * 4096, 66 * sizeof(*t), I, 0);
		CHECK(walk(1, 1) == VC_CHAIN_OK && chain->truncated &&
		      chain->nr_rd == VC_MAX_SEGS &&
		      chain->rd_len == VC_MAX_SEGS &&
		      chain->status == guest[0] + 65);
		/* A chain with room for them all. */
		vc_chain_init(&long_chain, long_segs, 256, UINT32_MAX);
		CHECK(vc_chain_walk(ring, 8, 1, &mt, 1, &long_chain) ==
		      VC_CHAIN_OK && !long_chain.truncated &&
		      long_chain.nr_rd == 65 && long_chain.rd_len == 65 &&
		      long_chain.nr_wr == 1 &&
		      long_chain.status == guest[0] + 65);
		/* Keeping the first 10 bytes a side: 10 buffers. */
		vc_chain_init(&long_chain, long_segs, 256, 10);
		CHECK(vc_chain_walk(ring, 8, 1, &mt, 1, &long_chain) ==
		      VC_CHAIN_OK && !long_chain.truncated &&
		      long_chain.nr_rd == 10 && long_chain.rd_len == 10 &&
		      long_chain.status == guest[0] + 65);
		/* Told to stop there: no status looked for. */
		chain = vc_chain_short_init(&room, UINT32_MAX);
		chain->stop_truncated = 1;
		CHECK(vc_chain_walk(ring, 8, 1, &mt, 1, chain) ==
		      VC_CHAIN_OK && chain->truncated &&
		      chain->nr_rd == VC_MAX_SEGS && chain->status == NULL);
		/*
		 * Room for two: one buffer, then one that straddles two
		 * regions (two segments), then a small one. The side keeps
		 * the first alone: what it keeps is its first bytes.
		 */
		t[0] = (struct vring_desc){ GPA0 + 10, 5, N, 1 };
		t[1] = (struct vring_desc){ GPA0 + 4090, 20, N, 2 };
		t[2] = (struct vring_desc){ GPA0 + 100, 7, N, 3 };
		t[3] = (struct vring_desc){ GPA0 + 200, 1, W, 0 };
		desc(1, GPA0 + 3 * 4096, 4 * sizeof(*t), I, 0);
		vc_chain_init(&long_chain, long_segs, 2, UINT32_MAX);
		CHECK(vc_chain_walk(ring, 8, 1, &mt, 1, &long_chain) ==
		      VC_CHAIN_OK && long_chain.truncated &&
		      long_chain.nr_rd == 1 && long_chain.rd_len == 5 &&
		      long_chain.status == guest[0] + 200);
		for (k = 0; k < 66; k++)
			t[k] = (struct vring_desc){ GPA0 + k, 1,
				k < 65 ? N : W, (uint16_t)(k + 1) };
		desc(1, GPA0 + 3 * 4096, 66 * sizeof(*t), I, 0);
		t[64].flags = W;                  /* 64 readable: fine */
		CHECK(walk(1, 1) == VC_CHAIN_OK && chain->nr_rd == 64 &&
		      chain->nr_wr == 1 && !chain->truncated);
	}

	/* Indirect: a table of three in region 2. */
	memset(table, 0, 4 * sizeof(*table));
	table[0] = (struct vring_desc){ GPA0, 72, N, 1 };
	table[1] = (struct vring_desc){ GPA0 + 100, 16, N, 2 };
	table[2] = (struct vring_desc){ GPA0 + 200, 17, W, 0 };
	desc(1, GPA0 + 3 * 4096, 3 * sizeof(*table), I, 0);
	CHECK(walk(1, 1) == VC_CHAIN_OK && chain->rd_len == 88 &&
	      chain->wr_len == 17);
	CHECK(walk(1, 0) == VC_CHAIN_BAD_INDIRECT);
	desc(1, GPA0 + 3 * 4096, 3 * sizeof(*table) - 1, I, 0);
	CHECK(walk(1, 1) == VC_CHAIN_BAD_INDIRECT);
	desc(1, GPA0 + 3 * 4096, 3 * sizeof(*table), I | N, 2);
	CHECK(walk(1, 1) == VC_CHAIN_BAD_INDIRECT);
	desc(1, GPA0 + 3 * 4096, 3 * sizeof(*table), I, 0);
	table[1].flags = N | I;                   /* nested */
	CHECK(walk(1, 1) == VC_CHAIN_BAD_INDIRECT);
	table[1].flags = N;
	table[2].flags = W | N;
	table[2].next = 0;                        /* loops inside */
	CHECK(walk(1, 1) == VC_CHAIN_TOO_LONG);
	table[2].next = 3;                        /* beyond the table */
	CHECK(walk(1, 1) == VC_CHAIN_BAD_INDEX);
	/* An indirect descriptor after a direct one. */
	table[2].flags = W;
	desc(0, GPA0, 72, N, 1);
	CHECK(walk(0, 1) == VC_CHAIN_BAD_INDIRECT);

	/* A table at an odd address (DPDK's driver puts them at 1 mod 8). */
	memmove(guest[2] + 1, table, 3 * sizeof(*table));
	desc(1, GPA0 + 3 * 4096 + 1, 3 * sizeof(*table), I, 0);
	CHECK(walk(1, 1) == VC_CHAIN_OK && chain->rd_len == 88 &&
	      chain->wr_len == 17 && chain->status == guest[0] + 216);
	/* The longest table is VC_MAX_INDIRECT_LEN entries. */
	desc(1, GPA0 + 3 * 4096, (VC_MAX_INDIRECT_LEN + 1) * 16, I, 0);
	mt.regions[2].size = 1ULL << 40;
	CHECK(walk(1, 1) == VC_CHAIN_BAD_INDIRECT);

	/*
	 * Lengths that sum past 4 GiB: each side keeps its first max_bytes
	 * (4 GiB - 1 here) bytes.
	 */
	desc(0, GPA0 + 3 * 4096, 0xf0000000, N, 1);
	desc(1, GPA0 + 3 * 4096, 0xf0000000, N, 2);
	desc(2, GPA0 + 3 * 4096, 1, W, 0);
	CHECK(walk(0, 0) == VC_CHAIN_OK && chain->rd_len == UINT32_MAX &&
	      chain->nr_rd == 2 && chain->rd[1].len == 0x0fffffff);
	CHECK(strcmp(vc_chain_strerror(VC_CHAIN_TOO_LONG),
		     "descriptor chain loops") == 0);
}

static struct virtio_crypto_op_data_req req;

static void
cipher_req(uint32_t iv, uint32_t src, uint32_t dst)
{
	memset(&req, 0, sizeof(req));
	req.header.opcode = VIRTIO_CRYPTO_CIPHER_ENCRYPT;
	req.header.session_id = 7;
	req.u.sym_req.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER;
	req.u.sym_req.u.cipher.para.iv_len = iv;
	req.u.sym_req.u.cipher.para.src_data_len = src;
	req.u.sym_req.u.cipher.para.dst_data_len = dst;
}

static void
test_request(void)
{
	const struct vc_req_limits lim = { .max_data_len = 65535 };
	struct virtio_crypto_alg_chain_data_para *cp;
	struct vc_sym_req r;

	cipher_req(16, 64, 64);
	CHECK(vc_sym_req_decode(&req, 72 + 16 + 64, 65, &lim, &r) ==
	      VIRTIO_CRYPTO_OK);
	CHECK(r.session_id == 7 && r.rd_iv == 72 && r.rd_src == 88 &&
	      r.cipher_len == 64 && r.wr_need == 65);
	/* The buffers must hold what the header claims. */
	CHECK(vc_sym_req_decode(&req, 72 + 16 + 63, 65, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	CHECK(vc_sym_req_decode(&req, 152, 64, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cipher_req(33, 64, 64);
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cipher_req(16, 64, 65);
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cipher_req(16, 0, 0);
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cipher_req(16, 65536, 65536);
	CHECK(vc_sym_req_decode(&req, 1u << 20, 1u << 20, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	/* 32-bit wrap of iv + src must not pass the length check. */
	cipher_req(16, 0xfffffff8, 0xfffffff8);
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cipher_req(16, 64, 64);
	/* A service we don't decode (hash, MAC and AEAD: test_services). */
	req.header.opcode = VIRTIO_CRYPTO_AKCIPHER_ENCRYPT;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_NOTSUPP);
	req.header.opcode = 0xdead;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_NOTSUPP);
	cipher_req(16, 64, 64);
	req.u.sym_req.op_type = 9;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);

	memset(&req, 0, sizeof(req));
	req.header.opcode = VIRTIO_CRYPTO_CIPHER_DECRYPT;
	req.u.sym_req.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	cp = &req.u.sym_req.u.chain.para;
	cp->iv_len = 16;
	cp->src_data_len = cp->dst_data_len = 100;
	cp->cipher_start_src_offset = 16;
	cp->len_to_cipher = 64;
	cp->hash_start_src_offset = 0;
	cp->len_to_hash = 100;
	cp->hash_result_len = 12;
	CHECK(vc_sym_req_decode(&req, 72 + 16 + 100, 113, &lim, &r) ==
	      VIRTIO_CRYPTO_OK && r.wr_hash == 100 && r.hash_len == 100);
	CHECK(vc_sym_req_decode(&req, 72 + 16 + 100, 112, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cp->cipher_start_src_offset = 0xffffffff;
	cp->len_to_cipher = 2;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cp->cipher_start_src_offset = 16;
	cp->len_to_cipher = 64;
	cp->len_to_hash = 101;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cp->len_to_hash = 100;
	cp->hash_result_len = 65;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cp->hash_result_len = 0;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_BADMSG);
	cp->hash_result_len = 12;
	cp->aad_len = 8;
	CHECK(vc_sym_req_decode(&req, 4096, 4096, &lim, &r) ==
	      VIRTIO_CRYPTO_NOTSUPP);
}

static void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/*
 * A CREATE_CRYPTO_SESSION payload laid out by hand at the offsets QEMU's
 * struct has on x86-64 (7.1-8.0: no op_code; <= 7.0: op_code first).
 */
static void
qemu_msg(uint8_t *m, int with_op_code, uint32_t op_type, uint32_t keylen,
	 uint32_t authlen)
{
	unsigned int o = with_op_code ? 4 : 0;

	memset(m, 0, 632);
	memset(m, 0xff, 8);                       /* session_id = -1 */
	if (with_op_code)
		put32(m + 8, VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	put32(m + 8 + o, VIRTIO_CRYPTO_CIPHER_AES_CBC);
	put32(m + 12 + o, keylen);
	put32(m + 16 + o, VIRTIO_CRYPTO_MAC_HMAC_SHA1);
	put32(m + 20 + o, 12);                    /* hash_result_len */
	put32(m + 24 + o, authlen);
	m[32 + o] = (uint8_t)op_type;
	m[33 + o] = VIRTIO_CRYPTO_OP_DECRYPT;
	m[34 + o] = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
	m[35 + o] = VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER;
	memset(m + 56, 0x11, 64);                 /* key[64] */
	memset(m + 120, 0x22, 512);               /* auth_key[512] */
}

static void
test_session(void)
{
	static uint8_t m[700];
	enum vc_vhost_sess_layout l;
	struct vc_sym_sess s;

	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, 16, 20);
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_OK);
	CHECK(l == VC_SESS_LAYOUT_QEMU_7_2);
	CHECK(s.cipher_algo == VIRTIO_CRYPTO_CIPHER_AES_CBC &&
	      s.cipher_key_len == 16 && s.auth_key_len == 20 &&
	      s.hash_algo == VIRTIO_CRYPTO_MAC_HMAC_SHA1 &&
	      s.hash_result_len == 12 &&
	      s.cipher_dir == VIRTIO_CRYPTO_OP_DECRYPT &&
	      s.cipher_key[15] == 0x11 && s.auth_key[19] == 0x22 &&
	      s.cipher_key[16] == 0 && s.auth_key[20] == 0);

	qemu_msg(m, 1, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, 32, 64);
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_OK);
	CHECK(l == VC_SESS_LAYOUT_QEMU_7_0 && s.cipher_key_len == 32 &&
	      s.auth_key_len == 64 &&
	      s.chain_order ==
		VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER);

	/* Cipher-only sessions ignore the hash fields. */
	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_CIPHER, 16, 600);
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_BADMSG);
	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_CIPHER, 16, 0);
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_OK &&
	      s.hash_result_len == 0);

	/* Keys longer than their buffers (CVE-2020-10724). */
	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, 65, 20);
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_BADMSG);
	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, 16, 513);
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_BADMSG);
	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, 0, 20);
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_BADMSG);
	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_CIPHER, 16, 0);
	CHECK(vc_vhost_sess_decode(m, 631, &s, &l) == VIRTIO_CRYPTO_BADMSG);
	CHECK(vc_vhost_sess_decode(m, 700, &s, &l) == VIRTIO_CRYPTO_BADMSG);
	memset(m, 0x5a, sizeof(m));
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_BADMSG);
	/* Nested hash mode is not ours to run. */
	qemu_msg(m, 0, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, 16, 20);
	m[34] = VIRTIO_CRYPTO_SYM_HASH_MODE_NESTED;
	CHECK(vc_vhost_sess_decode(m, 632, &s, &l) == VIRTIO_CRYPTO_NOTSUPP);
}

int
main(void)
{
	test_translate();
	test_chain();
	test_request();
	test_session();
	return test_summary();
}
