/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A hostile guest: descriptor chains, indirect tables, avail entries,
 * request headers and session messages written byte by byte through
 * drivers/virtio_user's raw access, against a real backend process. After
 * each case the attacked device must serve a good request again (at once,
 * or after a reconnect when the case broke its ring), and a second device
 * of the same backend must not notice.
 *
 * Usage: test_adversarial BACKEND_EXE PMD
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "backend_proc.h"
#include "harness.h"
#include "raw_desc.h"
#include "vc_wire.h"
#include "vu_crypto.h"

#define QSIZE 64
#define MEM_SIZE (8u << 20)
/* The largest request data: 1 MiB (of AES-CBC on every PMD). */
#define MAX_DATA (1u << 20)
#define BIG (MAX_DATA + 64)

static const uint8_t key[16] = "adversarial-key";
static const uint8_t akey[32] = "adversarial-hmac-key-32-bytes...";

/* One open device and what the test keeps in its guest memory. */
struct gdev {
	struct vu_dev *dev;
	const char *sock;
	int64_t sid;           /* AES-128-CBC encrypt */
	int64_t chain_sid;     /* AES-128-CBC encrypt then HMAC-SHA256 */
	struct virtio_crypto_op_data_req *hdr;
	uint8_t *iv, *src, *dst, *digest, *status;
	struct vring_desc *tbl, *tbl2;
	uint8_t *span;         /* 8 KiB around the region boundary */
	uint64_t mem_gpa, mem_size, region_size;
	struct vu_sym_op op;   /* bystander requests */
};

static struct bproc be;
static struct gdev g0, g1;
static unsigned int cases;
static unsigned int reconnects;

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static void
fill_random(uint8_t *p, size_t n)
{
	while (n--) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		*p++ = (uint8_t)rng;
	}
}

/* AES-128-CBC by OpenSSL: what the device must produce. */
static void
cbc_ref(const uint8_t *iv, const uint8_t *in, uint32_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;

	EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, key, iv);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	EVP_EncryptUpdate(ctx, out, &n, in, (int)len);
	EVP_CIPHER_CTX_free(ctx);
}

static uint64_t
gpa(const void *p)
{
	return vu_raw_gpa(g0.dev, p);
}

/* The AES-128-CBC encrypt session every device gets. */
static const struct vu_sym_session cbc_enc = {
	.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER,
	.cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
	.direction = VIRTIO_CRYPTO_OP_ENCRYPT,
	.cipher_key = key,
	.cipher_key_len = sizeof(key),
};

static int
sessions(struct gdev *g)
{
	struct vu_sym_session ch = cbc_enc;

	ch.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	ch.chain_order = VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH;
	ch.hash_mode = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
	ch.hash_algo = VIRTIO_CRYPTO_MAC_HMAC_SHA_256;
	ch.hash_result_len = 32;
	ch.auth_key = akey;
	ch.auth_key_len = sizeof(akey);
	if (vu_session_create(g->dev, &cbc_enc, &g->sid) != 0 ||
	    vu_session_create(g->dev, &ch, &g->chain_sid) != 0)
		return -1;
	return 0;
}

static int
gdev_open(struct gdev *g, const char *sock)
{
	struct vu_dev_conf conf = {
		.socket_path = sock,
		.nb_dataqs = 1,
		.queue_size = QSIZE,
		.mem_size = MEM_SIZE,
		.nb_regions = 2,
		.connect_timeout_ms = 5000,
	};
	char err[256] = "";
	uint8_t *pad;
	int tries;

	g->sock = sock;
	/*
	 * Right after a close the backend may not have seen the old
	 * connection go, and turns the new one away: try again.
	 */
	for (tries = 0; tries < 100; tries++) {
		g->dev = vu_dev_open(&conf, err, sizeof(err));
		if (g->dev != NULL)
			break;
		usleep(20 * 1000);
	}
	if (g->dev == NULL) {
		fprintf(stderr, "open %s: %s\n", sock, err);
		return -1;
	}
	vu_raw_mem(g->dev, &g->mem_gpa, &g->mem_size, &g->region_size);
	g->hdr = vu_mem_alloc(g->dev, sizeof(*g->hdr), 64);
	g->iv = vu_mem_alloc(g->dev, 64, 64);
	g->status = vu_mem_alloc(g->dev, 64, 64);
	g->digest = vu_mem_alloc(g->dev, 128, 64);
	g->tbl = vu_mem_alloc(g->dev, 256 * sizeof(struct vring_desc), 64);
	g->tbl2 = vu_mem_alloc(g->dev, 128 * sizeof(struct vring_desc), 64);
	g->src = vu_mem_alloc(g->dev, BIG, 64);
	g->dst = vu_mem_alloc(g->dev, BIG, 64);
	/* Claim the memory up to just past the boundary of the regions. */
	pad = vu_mem_alloc(g->dev, 1, 64);
	if (pad == NULL || g->src == NULL || g->dst == NULL)
		return -1;
	g->span = pad + (g->region_size - (uint64_t)(vu_raw_gpa(g->dev, pad) -
		  g->mem_gpa)) - 4096;
	if (vu_mem_alloc(g->dev, (size_t)(g->span + 8192 - pad), 64) == NULL)
		return -1;
	return sessions(g);
}

static void
gdev_close(struct gdev *g)
{
	vu_dev_close(g->dev);
	g->dev = NULL;
}

static int
reconnect(struct gdev *g)
{
	reconnects++;
	gdev_close(g);
	return gdev_open(g, g->sock);
}

/* ---- raw requests on device 0, queue 0 ---- */

struct buf {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
};

#define RD(p, n) ((struct buf){ gpa(p), (n), 0 })
#define WR(p, n) ((struct buf){ gpa(p), (n), W })

/* Descriptors head, head + 1, ... linked in order. */
static void
place(uint16_t head, const struct buf *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		vu_raw_desc(g0.dev, 0, (uint16_t)((head + i) % QSIZE),
			    b[i].addr, b[i].len,
			    b[i].flags | (i + 1 < n ? N : 0),
			    (uint16_t)((head + i + 1) % QSIZE));
}

/* The same, as an indirect table in guest memory. */
static void
table(struct vring_desc *t, const struct buf *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		t[i].addr = b[i].addr;
		t[i].len = b[i].len;
		t[i].flags = b[i].flags | (i + 1 < n ? N : 0);
		t[i].next = (uint16_t)(i + 1);
	}
}

static void
publish(uint16_t head)
{
	vu_raw_avail_add(g0.dev, 0, head);
	vu_raw_avail_publish(g0.dev, 0, vu_raw_avail_next(g0.dev, 0));
}

static int
wait_used(uint32_t *id, uint32_t *len, int ms)
{
	int waited;

	for (waited = 0; waited < ms * 10; waited++) {
		if (vu_raw_used_take(g0.dev, 0, id, len))
			return 1;
		usleep(100);
	}
	return 0;
}

static void
cipher_hdr(int64_t sid, uint32_t iv_len, uint32_t src_len, uint32_t dst_len)
{
	struct virtio_crypto_op_data_req *h = g0.hdr;

	memset(h, 0, sizeof(*h));
	h->header.opcode = VIRTIO_CRYPTO_CIPHER_ENCRYPT;
	h->header.session_id = (uint64_t)sid;
	h->u.sym_req.op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER;
	h->u.sym_req.u.cipher.para.iv_len = iv_len;
	h->u.sym_req.u.cipher.para.src_data_len = src_len;
	h->u.sym_req.u.cipher.para.dst_data_len = dst_len;
}

static struct virtio_crypto_alg_chain_data_para *
chain_hdr(uint32_t len)
{
	struct virtio_crypto_alg_chain_data_para *p =
		&g0.hdr->u.sym_req.u.chain.para;

	cipher_hdr(g0.chain_sid, 16, len, len);
	g0.hdr->u.sym_req.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING;
	memset(p, 0, sizeof(*p));
	p->iv_len = 16;
	p->src_data_len = len;
	p->dst_data_len = len;
	p->len_to_cipher = len;
	p->len_to_hash = len;
	p->hash_result_len = 32;
	return p;
}

/* The well-formed chain: header, iv, src | dst, status. */
static unsigned int
good_bufs(struct buf *b, uint32_t len)
{
	b[0] = RD(g0.hdr, HDR_LEN);
	b[1] = RD(g0.iv, 16);
	b[2] = RD(g0.src, len);
	b[3] = WR(g0.dst, len);
	b[4] = WR(g0.status, 1);
	return 5;
}

/* Publish head 0, its status byte UNTOUCHED. */
static void
go(void)
{
	g0.status[0] = UNTOUCHED;
	publish(0);
}

/* Place at head 0 and publish. */
static void
send_bufs(const struct buf *b, unsigned int n)
{
	place(0, b, n);
	go();
}

/*
 * The request at @p head must come back with used length @p len, and the
 * byte at @p sb must then hold @p status.
 */
static int
expect(const char *name, uint16_t head, uint32_t len, const uint8_t *sb,
       uint8_t status)
{
	uint32_t id = UINT32_MAX, ulen = UINT32_MAX;
	int ok;

	cases++;
	if (!CHECK(wait_used(&id, &ulen, 2000))) {
		fprintf(stderr, "  case %s: no completion\n", name);
		return 0;
	}
	ok = CHECK(id == head) & CHECK(ulen == len) & CHECK(*sb == status);
	if (!ok)
		fprintf(stderr, "  case %s: id %u len %u status %u; expected "
			"id %u len %u status %u\n", name, id, ulen, *sb, head,
			len, status);
	return ok;
}

/* A chain nothing can be trusted in: used length 0, no status. */
static void
expect_dropped(const char *name)
{
	expect(name, 0, 0, g0.status, UNTOUCHED);
}

static void
expect_status(const char *name, uint8_t status)
{
	expect(name, 0, 1, g0.status, status);
}

/* A good request of @p len bytes at src/dst must encrypt correctly. */
static int
good_request(uint8_t *src, uint8_t *dst, uint32_t len)
{
	uint8_t *ref = malloc(len);
	struct buf b[5];
	uint32_t id, ulen;
	int ok = 0;

	fill_random(g0.iv, 16);
	fill_random(src, len);
	memset(dst, 0, len);
	cbc_ref(g0.iv, src, len, ref);
	cipher_hdr(g0.sid, 16, len, len);
	good_bufs(b, len);
	b[2] = RD(src, len);
	b[3] = WR(dst, len);
	send_bufs(b, 5);
	if (wait_used(&id, &ulen, 2000))
		ok = CHECK(id == 0) & CHECK(ulen == len + 1) &
			CHECK(g0.status[0] == VIRTIO_CRYPTO_OK) &
			CHECK(memcmp(dst, ref, len) == 0);
	free(ref);
	return ok;
}

/* Device 1, through the ordinary driver API: untouched by it all. */
static int
bystander_ok(void)
{
	struct vu_sym_op *op = &g1.op, *done;
	uint8_t ref[256];
	int waited;

	fill_random(g1.iv, 16);
	fill_random(g1.src, 256);
	cbc_ref(g1.iv, g1.src, 256, ref);
	memset(op, 0, sizeof(*op));
	op->opcode = VIRTIO_CRYPTO_CIPHER_ENCRYPT;
	op->op_type = VIRTIO_CRYPTO_SYM_OP_CIPHER;
	op->session_id = (uint64_t)g1.sid;
	op->iv = g1.iv;
	op->iv_len = 16;
	op->src = g1.src;
	op->src_len = 256;
	op->dst = g1.dst;
	op->dst_len = 256;
	if (!CHECK(vu_submit(g1.dev, 0, &op, 1) == 1))
		return 0;
	for (waited = 0; waited < 20000; waited++) {
		if (vu_poll(g1.dev, 0, &done, 1) == 1)
			return CHECK(done == op) &
				CHECK(op->status == VIRTIO_CRYPTO_OK) &
				CHECK(memcmp(g1.dst, ref, 256) == 0);
		usleep(100);
	}
	return CHECK(0);
}

/*
 * After a case: the attacked queue serves again (a broken one only after
 * the driver resets it, and not before), and device 1 never noticed.
 */
static void
after(const char *name, int broken)
{
	uint32_t id, len;

	if (broken) {
		/* A stopped ring takes nothing more... */
		uint16_t next = vu_raw_avail_next(g0.dev, 0);
		struct buf b[5];

		cases++;
		cipher_hdr(g0.sid, 16, 64, 64);
		place(10, b, good_bufs(b, 64));
		vu_raw_avail_add(g0.dev, 0, 10);
		vu_raw_avail_publish(g0.dev, 0, (uint16_t)(next + 1));
		if (!CHECK(!wait_used(&id, &len, 200)))
			fprintf(stderr, "  case %s: ring not stopped\n", name);
		/* ... until the driver starts over. */
		if (!CHECK(reconnect(&g0) == 0))
			exit(test_summary());
	}
	if (!good_request(g0.src, g0.dst, 64))
		fprintf(stderr, "  after %s: device 0 no longer serves\n",
			name);
	if (!bystander_ok())
		fprintf(stderr, "  after %s: device 1 noticed\n", name);
}

/* ---- the cases ---- */

static void
test_indices(void)
{
	struct buf b[5];

	/* A next beyond the ring. */
	cipher_hdr(g0.sid, 16, 64, 64);
	place(0, b, good_bufs(b, 64));
	vu_raw_desc(g0.dev, 0, 1, gpa(g0.iv), 16, N, QSIZE + 7);
	go();
	expect_dropped("next out of range");
	after("next out of range", 0);

	/* A chain that loops: 0 -> 1 -> 2 -> 0. */
	place(0, b, good_bufs(b, 64));
	vu_raw_desc(g0.dev, 0, 2, gpa(g0.src), 64, N, 0);
	go();
	expect_dropped("loop");
	after("loop", 0);

	/* A loop through writable buffers only, the whole ring long. */
	place(0, b, good_bufs(b, 64));
	vu_raw_desc(g0.dev, 0, 4, gpa(g0.status), 1, W | N, 3);
	vu_raw_desc(g0.dev, 0, 3, gpa(g0.dst), 64, W | N, 4);
	go();
	expect_dropped("writable loop");
	after("writable loop", 0);

	/* Every descriptor of the ring in one chain, then a loop. */
	{
		uint16_t i;

		for (i = 0; i < QSIZE; i++)
			vu_raw_desc(g0.dev, 0, i, gpa(g0.src), 1, N,
				    (uint16_t)((i + 1) % QSIZE));
		go();
		expect_dropped("chain longer than the ring");
		after("chain longer than the ring", 0);
	}
}

static void
test_indirect(void)
{
	struct buf b[5], t;
	unsigned int i;

	/* A good indirect request first: the path works. */
	cipher_hdr(g0.sid, 16, 64, 64);
	fill_random(g0.src, 64);
	table(g0.tbl, b, good_bufs(b, 64));
	t = (struct buf){ gpa(g0.tbl), 5 * sizeof(struct vring_desc), I };
	send_bufs(&t, 1);
	expect("indirect ok", 0, 65, g0.status, VIRTIO_CRYPTO_OK);
	after("indirect ok", 0);

	/*
	 * A table at an odd address (DPDK's guest driver puts its tables at
	 * 1 mod 8; the spec sets no alignment): served.
	 */
	{
		struct vring_desc odd[5];

		table(odd, b, good_bufs(b, 64));
		memcpy((uint8_t *)g0.tbl2 + 1, odd, sizeof(odd));
		t = (struct buf){ gpa((uint8_t *)g0.tbl2 + 1), sizeof(odd),
				  I };
		send_bufs(&t, 1);
		expect("odd-aligned table", 0, 65, g0.status,
		       VIRTIO_CRYPTO_OK);
		after("odd-aligned table", 0);
	}

	/* A table inside the table. */
	table(g0.tbl, b, good_bufs(b, 64));
	g0.tbl[1] = (struct vring_desc){ gpa(g0.tbl2), 64, I | N, 2 };
	table(g0.tbl2, b + 1, 1);
	send_bufs(&t, 1);
	expect_dropped("nested indirect");
	after("nested indirect", 0);

	/* Indirect with NEXT set, or not first in the chain. */
	table(g0.tbl, b, good_bufs(b, 64));
	t.flags = I | N;
	vu_raw_desc(g0.dev, 0, 0, t.addr, t.len, I | N, 1);
	vu_raw_desc(g0.dev, 0, 1, gpa(g0.status), 1, W, 0);
	go();
	expect_dropped("indirect with next");
	after("indirect with next", 0);
	t.flags = I;
	b[0] = RD(g0.hdr, HDR_LEN);
	b[1] = t;
	send_bufs(b, 2);
	expect_dropped("indirect second in chain");
	after("indirect second in chain", 0);

	/* Table sizes: 0, not whole descriptors, outside memory, across
	 * the end of memory. */
	{
		const struct buf bad[] = {
			{ gpa(g0.tbl), 0, I },
			{ gpa(g0.tbl), 5 * 16 + 4, I },
			{ 0x1000, 5 * 16, I },
			{ g0.mem_gpa + g0.mem_size - 32, 5 * 16, I },
			{ gpa(g0.tbl), 0xfffffff0u, I },
		};

		table(g0.tbl, b, good_bufs(b, 64));
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			send_bufs(&bad[i], 1);
			expect_dropped("bad indirect table");
			after("bad indirect table", 0);
		}
	}

	/* A loop inside the table, and a next beyond it. */
	table(g0.tbl, b, good_bufs(b, 64));
	g0.tbl[2].next = 0;
	t = (struct buf){ gpa(g0.tbl), 5 * sizeof(struct vring_desc), I };
	send_bufs(&t, 1);
	expect_dropped("indirect loop");
	after("indirect loop", 0);
	table(g0.tbl, b, good_bufs(b, 64));
	g0.tbl[2].next = 5;
	send_bufs(&t, 1);
	expect_dropped("indirect next beyond table");
	after("indirect next beyond table", 0);

	/*
	 * More buffers than the short chain holds: the header in 72
	 * one-byte pieces, dst in 64. Served, and right.
	 */
	{
		uint8_t ref[64];
		struct buf b[72 + 2 + 64 + 1];
		unsigned int n = 0;

		fill_random(g0.iv, 16);
		fill_random(g0.src, 64);
		cbc_ref(g0.iv, g0.src, 64, ref);
		cipher_hdr(g0.sid, 16, 64, 64);
		for (i = 0; i < HDR_LEN; i++)
			b[n++] = RD((uint8_t *)g0.hdr + i, 1);
		b[n++] = RD(g0.iv, 16);
		b[n++] = RD(g0.src, 64);
		for (i = 0; i < 64; i++)
			b[n++] = WR(g0.dst + i, 1);
		b[n++] = WR(g0.status, 1);
		table(g0.tbl, b, n);
		t.len = n * sizeof(struct vring_desc);
		memset(g0.dst, 0, 64);
		send_bufs(&t, 1);
		expect("139 buffers", 0, 65, g0.status, VIRTIO_CRYPTO_OK);
		cases++;
		CHECK(memcmp(g0.dst, ref, 64) == 0);
		after("139 buffers", 0);
	}
}

static void
test_buffers(void)
{
	struct buf b[5];
	uint64_t end = g0.mem_gpa + g0.mem_size;
	/*
	 * A bad buffer: BADMSG in the status byte, the last byte of the last
	 * writable buffer (dst's when the status buffer is empty), or
	 * nothing when that byte is not in guest memory.
	 */
	const struct {
		const char *name;
		unsigned int idx;
		struct buf bad;
		uint8_t *status;
	} bad[] = {
		{ "zero-length src", 2, { gpa(g0.src), 0, 0 }, g0.status },
		{ "zero-length status", 4, { gpa(g0.status), 0, W },
		  g0.dst + 63 },
		{ "oversized src", 2, { gpa(g0.src), 0xffffffffu, 0 },
		  g0.status },
		{ "oversized dst", 3, { gpa(g0.dst), 0x80000000u, W },
		  g0.status },
		{ "src at gpa 0", 2, { 0, 64, 0 }, g0.status },
		{ "dst below memory", 3, { g0.mem_gpa - 64, 64, W },
		  g0.status },
		{ "src past the end", 2, { end, 64, 0 }, g0.status },
		{ "dst across the end", 3, { end - 32, 64, W }, g0.status },
		{ "status past the end", 4, { end, 1, W }, NULL },
		{ "header across the end", 0, { end - 8, HDR_LEN, 0 },
		  g0.status },
		{ "src wrapping 2^64", 2, { UINT64_MAX - 15, 64, 0 },
		  g0.status },
		{ "iv far away", 1, { 1ULL << 62, 16, 0 }, g0.status },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		cipher_hdr(g0.sid, 16, 64, 64);
		good_bufs(b, 64);
		b[bad[i].idx] = bad[i].bad;
		g0.dst[63] = UNTOUCHED;
		send_bufs(b, 5);
		if (bad[i].status == NULL)
			expect_dropped(bad[i].name);
		else
			expect(bad[i].name, 0, 1, bad[i].status,
			       VIRTIO_CRYPTO_BADMSG);
		after(bad[i].name, 0);
	}

	/* Across the boundary of two gpa-adjacent regions is fine. */
	cases++;
	if (!CHECK(good_request(g0.span + 4096 - 100, g0.span + 4096 + 400,
				1024)))
		fprintf(stderr, "  request across regions failed\n");
	after("across regions", 0);
}

static void
test_directions(void)
{
	struct buf b[5];

	/* Header writable: nothing readable to decode. */
	cipher_hdr(g0.sid, 16, 64, 64);
	b[0] = WR(g0.hdr, HDR_LEN);
	b[1] = WR(g0.status, 1);
	send_bufs(b, 2);
	expect_status("writable header", VIRTIO_CRYPTO_BADMSG);
	after("writable header", 0);

	/* iv and src writable. */
	good_bufs(b, 64);
	b[1].flags = W;
	b[2].flags = W;
	send_bufs(b, 5);
	expect_status("writable src", VIRTIO_CRYPTO_BADMSG);
	after("writable src", 0);

	/* dst readable: too little to write into. */
	good_bufs(b, 64);
	b[3].flags = 0;
	send_bufs(b, 5);
	expect_status("readable dst", VIRTIO_CRYPTO_BADMSG);
	after("readable dst", 0);

	/* Readable after writable. */
	good_bufs(b, 64);
	b[4].flags = 0;
	b[3].flags = W;
	g0.dst[63] = UNTOUCHED;
	send_bufs(b, 5);
	/* The status goes to the last writable byte: dst's. */
	expect("readable status after writable dst", 0, 1, g0.dst + 63,
	       VIRTIO_CRYPTO_BADMSG);
	after("readable after writable", 0);

	/* Everything readable: no byte to put a status in. */
	good_bufs(b, 64);
	b[3].flags = b[4].flags = 0;
	send_bufs(b, 5);
	expect_dropped("nothing writable");
	after("nothing writable", 0);

	/* No status buffer: the status goes in dst's last byte. */
	good_bufs(b, 64);
	g0.dst[63] = UNTOUCHED;
	send_bufs(b, 4);
	expect("no status buffer", 0, 1, g0.dst + 63, VIRTIO_CRYPTO_BADMSG);
	after("no status buffer", 0);
}

static void
test_lengths(void)
{
	const struct {
		const char *name;
		uint32_t iv, src, dst;
		int fit;        /* buffers as long as the header says */
	} bad[] = {
		{ "src longer than its buffer", 16, 128, 128, 0 },
		{ "dst shorter than src", 16, 64, 48, 0 },
		{ "iv beyond 32", 64, 64, 64, 0 },
		{ "iv 2^32 - 1", 0xffffffffu, 64, 64, 0 },
		{ "src 2^32 - 16", 16, 0xfffffff0u, 0xfffffff0u, 0 },
		{ "src 0", 16, 0, 0, 0 },
		{ "iv shorter than the session's", 8, 64, 64, 0 },
		{ "beyond the data limit", 16, MAX_DATA + 16, MAX_DATA + 16,
		  1 },
	};
	/* Chains: offsets and lengths that wrap 32 bits or run past src. */
	const struct {
		const char *name;
		uint32_t c_off, c_len, h_off, h_len, digest, aad;
		uint8_t status;
	} chains[] = {
		{ "cipher offset wraps", 0xfffffff0u, 0x20, 0, 64, 32, 0,
			VIRTIO_CRYPTO_BADMSG },
		{ "hash length wraps", 0, 64, 16, 0xfffffff8u, 32, 0,
			VIRTIO_CRYPTO_BADMSG },
		{ "cipher past src", 0, 80, 0, 64, 32, 0,
			VIRTIO_CRYPTO_BADMSG },
		{ "digest beyond 64", 0, 64, 0, 64, 65, 0,
			VIRTIO_CRYPTO_BADMSG },
		{ "digest 0", 0, 64, 0, 64, 0, 0, VIRTIO_CRYPTO_BADMSG },
		{ "digest not the session's", 0, 64, 0, 64, 20, 0,
			VIRTIO_CRYPTO_BADMSG },
		{ "aad", 0, 64, 0, 64, 32, 16, VIRTIO_CRYPTO_NOTSUPP },
	};
	struct virtio_crypto_alg_chain_data_para *p;
	struct buf b[6];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		cipher_hdr(g0.sid, bad[i].iv, bad[i].src, bad[i].dst);
		good_bufs(b, 64);
		if (bad[i].fit) {
			b[2].len = bad[i].src;
			b[3].len = bad[i].dst;
		}
		send_bufs(b, 5);
		expect_status(bad[i].name, VIRTIO_CRYPTO_BADMSG);
		after(bad[i].name, 0);
	}
	/* The largest request there may be still runs. */
	cases++;
	CHECK(good_request(g0.src, g0.dst, MAX_DATA));
	after("largest request", 0);

	/* Chains, with a digest buffer. */
	b[0] = RD(g0.hdr, HDR_LEN);
	b[1] = RD(g0.iv, 16);
	b[2] = RD(g0.src, 64);
	b[3] = WR(g0.dst, 64);
	b[4] = WR(g0.digest, 32);
	b[5] = WR(g0.status, 1);

	chain_hdr(64);
	send_bufs(b, 6);
	expect("chain ok", 0, 64 + 32 + 1, g0.status, VIRTIO_CRYPTO_OK);
	after("chain ok", 0);

	for (i = 0; i < ARRAY_SIZE(chains); i++) {
		p = chain_hdr(64);
		p->cipher_start_src_offset = chains[i].c_off;
		p->len_to_cipher = chains[i].c_len;
		p->hash_start_src_offset = chains[i].h_off;
		p->len_to_hash = chains[i].h_len;
		p->hash_result_len = chains[i].digest;
		p->aad_len = chains[i].aad;
		send_bufs(b, 6);
		expect_status(chains[i].name, chains[i].status);
		after(chains[i].name, 0);
	}

	/* No room for the digest. */
	chain_hdr(64);
	b[4] = b[5];
	send_bufs(b, 5);
	expect_status("digest buffer missing", VIRTIO_CRYPTO_BADMSG);
	after("digest buffer missing", 0);

	/* Unknown opcode and op type. */
	cipher_hdr(g0.sid, 16, 64, 64);
	g0.hdr->header.opcode = 0xdeadbeef;
	send_bufs(b, good_bufs(b, 64));
	expect_status("unknown opcode", VIRTIO_CRYPTO_NOTSUPP);
	after("unknown opcode", 0);
	cipher_hdr(g0.sid, 16, 64, 64);
	g0.hdr->u.sym_req.op_type = 77;
	send_bufs(b, good_bufs(b, 64));
	expect_status("unknown op type", VIRTIO_CRYPTO_BADMSG);
	after("unknown op type", 0);

	/* A header shorter than 72 bytes. */
	cipher_hdr(g0.sid, 16, 64, 64);
	good_bufs(b, 64);
	b[0].len = HDR_LEN - 1;
	send_bufs(b, 5);
	expect_status("short header", VIRTIO_CRYPTO_BADMSG);
	after("short header", 0);
}

static void
test_session_ids(void)
{
	int64_t closed;
	const struct {
		const char *name;
		int64_t id;
	} ids[] = {
		{ "session 0", 0 },
		{ "session never created", 0x7777 },
		{ "session index beyond the table", 0x100000000LL | 5000000 },
		{ "session id negative", -1 },
	};
	struct buf b[5];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		cipher_hdr(ids[i].id, 16, 64, 64);
		send_bufs(b, good_bufs(b, 64));
		expect_status(ids[i].name, VIRTIO_CRYPTO_INVSESS);
		after(ids[i].name, 0);
	}
	/*
	 * Ids are per device: one of device 1's, which device 0 does not
	 * hold (its only sessions are sid and chain_sid).
	 */
	{
		int64_t extra[3], other = -1;

		for (i = 0; i < 3; i++) {
			CHECK(vu_session_create(g1.dev, &cbc_enc, &extra[i]) == 0);
			if (extra[i] != g0.sid && extra[i] != g0.chain_sid)
				other = extra[i];
		}
		CHECK(other >= 0);
		cipher_hdr(other, 16, 64, 64);
		send_bufs(b, good_bufs(b, 64));
		expect_status("session of device 1", VIRTIO_CRYPTO_INVSESS);
		after("session of device 1", 0);
		for (i = 0; i < 3; i++)
			vu_session_destroy(g1.dev, extra[i]);
	}

	CHECK(vu_session_create(g0.dev, &cbc_enc, &closed) == 0);
	cipher_hdr(closed, 16, 64, 64);
	send_bufs(b, good_bufs(b, 64));
	expect("session open", 0, 65, g0.status, VIRTIO_CRYPTO_OK);
	CHECK(vu_session_destroy(g0.dev, closed) == 0);
	send_bufs(b, good_bufs(b, 64));
	expect_status("session closed", VIRTIO_CRYPTO_INVSESS);
	after("session closed", 0);
	/* Closing it again, or one never made, changes nothing. */
	CHECK(vu_session_destroy(g0.dev, closed) == 0);
	CHECK(vu_session_destroy(g0.dev, 0x5555) == 0);
	cases += 2;
	after("double close", 0);
}

/* CREATE_CRYPTO_SESSION payloads the driver API would never send. */
static void
test_session_msgs(void)
{
	struct vc_vhost_sess_msg_72 m, r;
	struct vc_vhost_sess_msg_70 *m70 = (void *)&m;
	const struct {
		const char *name;
		int layout70;
		uint32_t key_len, auth_key_len;
		uint8_t op_type, mode;
	} bad[] = {
		{ "cipher key 65", 0, 65, 0, VIRTIO_CRYPTO_SYM_OP_CIPHER, 0 },
		{ "cipher key 2^32-1", 0, 0xffffffffu, 0,
			VIRTIO_CRYPTO_SYM_OP_CIPHER, 0 },
		{ "cipher key 0", 0, 0, 0, VIRTIO_CRYPTO_SYM_OP_CIPHER, 0 },
		{ "auth key 513", 0, 16, 513,
			VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
			VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH },
		{ "auth key 2^31", 0, 16, 0x80000000u,
			VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
			VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH },
		{ "7.0 layout, cipher key 65", 1, 65, 0,
			VIRTIO_CRYPTO_SYM_OP_CIPHER, 0 },
		{ "7.0 layout, auth key 600", 1, 16, 600,
			VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
			VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH },
		{ "op type 9", 0, 16, 0, 9, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&m, 0, sizeof(m));
		m.session_id = 12345;
		if (bad[i].layout70) {
			m70->info.op_code = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION;
			m70->info.cipher_alg = VIRTIO_CRYPTO_CIPHER_AES_CBC;
			m70->info.key_len = bad[i].key_len;
			m70->info.auth_key_len = bad[i].auth_key_len;
			m70->info.hash_alg = VIRTIO_CRYPTO_MAC_HMAC_SHA_256;
			m70->info.hash_result_len = 32;
			m70->info.op_type = bad[i].op_type;
			m70->info.hash_mode = bad[i].mode;
			m70->info.direction = VIRTIO_CRYPTO_OP_ENCRYPT;
		} else {
			m.info.cipher_alg = VIRTIO_CRYPTO_CIPHER_AES_CBC;
			m.info.key_len = bad[i].key_len;
			m.info.auth_key_len = bad[i].auth_key_len;
			m.info.hash_alg = VIRTIO_CRYPTO_MAC_HMAC_SHA_256;
			m.info.hash_result_len = 32;
			m.info.op_type = bad[i].op_type;
			m.info.hash_mode = bad[i].mode;
			m.info.direction = VIRTIO_CRYPTO_OP_ENCRYPT;
		}
		memset(m.key, 0x5a, sizeof(m.key));
		memset(m.auth_key, 0xa5, sizeof(m.auth_key));
		cases++;
		r.session_id = 0;
		if (!CHECK(vu_raw_session_msg(g0.dev, &m, sizeof(m), &r,
					      sizeof(r)) == 0) ||
		    !CHECK(r.session_id == -1))
			fprintf(stderr, "  case %s: reply id %lld\n",
				bad[i].name, (long long)r.session_id);
		after(bad[i].name, 0);
	}

	/* A payload of the wrong size: refused, as the layout can't be told. */
	cases++;
	r.session_id = 0;
	CHECK(vu_raw_session_msg(g0.dev, &m, 100, &r, 100) == 0 &&
	      r.session_id == -1);
	after("session message of 100 bytes", 0);
}

static void
test_ring(void)
{
	struct buf b[5];
	uint16_t next;

	/* An avail entry naming a descriptor beyond the ring. */
	cipher_hdr(g0.sid, 16, 64, 64);
	place(0, b, good_bufs(b, 64));
	publish(QSIZE + 3);
	after("avail head out of range", 1);

	/* The avail index a whole ring and more ahead. */
	place(0, b, good_bufs(b, 64));
	next = vu_raw_avail_next(g0.dev, 0);
	vu_raw_avail_add(g0.dev, 0, 0);
	vu_raw_avail_publish(g0.dev, 0, (uint16_t)(next + QSIZE + 1));
	after("avail index jump", 1);

	/* The avail index going back 1: 65535 ahead. */
	place(0, b, good_bufs(b, 64));
	next = vu_raw_avail_next(g0.dev, 0);
	vu_raw_avail_publish(g0.dev, 0, (uint16_t)(next - 1));
	after("avail index backwards", 1);

	/* The same head twice at once: the second is in flight already. */
	cipher_hdr(g0.sid, 16, 4096, 4096);
	place(0, b, good_bufs(b, 4096));
	g0.status[0] = UNTOUCHED;
	vu_raw_avail_add(g0.dev, 0, 0);
	vu_raw_avail_add(g0.dev, 0, 0);
	vu_raw_avail_publish(g0.dev, 0, vu_raw_avail_next(g0.dev, 0));
	/* The first one runs; the second stops the ring. */
	expect("head reused: first", 0, 4097, g0.status, VIRTIO_CRYPTO_OK);
	after("head reused in flight", 1);
}

/* ---- the header changing under the device ---- */

#define FLIP_SLOTS 8
#define FLIP_LONG 4096u
#define FLIP_SHORT 16u

static volatile int flip_stop;

struct flip_slot {
	struct virtio_crypto_op_data_req *hdr;
	uint8_t *iv, *src, *dst, *status;
	uint8_t ref[FLIP_LONG];
};

static struct flip_slot fs[FLIP_SLOTS];

static void *
flipper(void *arg)
{
	struct virtio_crypto_op_data_req h[2];
	unsigned int i = 0;

	(void)arg;
	memcpy(&h[0], fs[0].hdr, sizeof(h[0]));
	h[1] = h[0];
	h[1].u.sym_req.u.cipher.para.src_data_len = FLIP_SHORT;
	h[1].u.sym_req.u.cipher.para.dst_data_len = FLIP_SHORT;
	while (!flip_stop) {
		/* Field by field, as a guest may: tears are part of it. */
		memcpy(fs[i % FLIP_SLOTS].hdr, &h[(i / FLIP_SLOTS) & 1],
		       sizeof(h[0]));
		i++;
	}
	return NULL;
}

/*
 * Requests whose header a second thread keeps rewriting between two valid
 * versions (4096 and 16 bytes): each must come back as one version in
 * full (status, used length and output agreeing), or as BADMSG for a torn
 * mix; never a mixture that reads or writes past what one version says.
 */
static void
test_header_flip(void)
{
	unsigned int i, done = 0, n_long = 0, n_short = 0, n_bad = 0;
	unsigned int sent = 0, total = 3000;
	uint8_t *mem = vu_mem_alloc(g0.dev, FLIP_SLOTS * 3 * FLIP_LONG, 64);
	pthread_t th;

	if (!CHECK(mem != NULL))
		return;
	for (i = 0; i < FLIP_SLOTS; i++) {
		struct flip_slot *s = &fs[i];
		struct buf b[5];

		s->hdr = vu_mem_alloc(g0.dev, HDR_LEN, 64);
		s->iv = vu_mem_alloc(g0.dev, 16, 16);
		s->status = vu_mem_alloc(g0.dev, 1, 1);
		s->src = mem + i * 3 * FLIP_LONG;
		s->dst = s->src + FLIP_LONG;
		fill_random(s->iv, 16);
		fill_random(s->src, FLIP_LONG);
		cbc_ref(s->iv, s->src, FLIP_LONG, s->ref);
		cipher_hdr(g0.sid, 16, FLIP_LONG, FLIP_LONG);
		memcpy(s->hdr, g0.hdr, HDR_LEN);
		b[0] = RD(s->hdr, HDR_LEN);
		b[1] = RD(s->iv, 16);
		b[2] = RD(s->src, FLIP_LONG);
		b[3] = WR(s->dst, FLIP_LONG);
		b[4] = WR(s->status, 1);
		place((uint16_t)(i * 5), b, 5);
	}
	flip_stop = 0;
	if (!CHECK(pthread_create(&th, NULL, flipper, NULL) == 0))
		return;
	/* Keep every slot in flight, refilling each as it comes back. */
	for (i = 0; i < FLIP_SLOTS; i++) {
		memset(fs[i].dst, 0xee, FLIP_LONG);
		fs[i].status[0] = UNTOUCHED;
		vu_raw_avail_add(g0.dev, 0, (uint16_t)(i * 5));
		sent++;
	}
	vu_raw_avail_publish(g0.dev, 0, vu_raw_avail_next(g0.dev, 0));
	while (done < sent) {
		uint32_t id, len;
		struct flip_slot *s;
		int ok;

		if (!CHECK(wait_used(&id, &len, 2000)))
			break;
		done++;
		if (!CHECK(id % 5 == 0 && id / 5 < FLIP_SLOTS))
			break;
		s = &fs[id / 5];
		if (s->status[0] == VIRTIO_CRYPTO_OK && len == FLIP_LONG + 1) {
			ok = memcmp(s->dst, s->ref, FLIP_LONG) == 0;
			n_long++;
		} else if (s->status[0] == VIRTIO_CRYPTO_OK &&
			   len == FLIP_SHORT + 1) {
			ok = memcmp(s->dst, s->ref, FLIP_SHORT) == 0 &&
			     s->dst[FLIP_SHORT] == 0xee &&
			     s->dst[FLIP_LONG - 1] == 0xee;
			n_short++;
		} else {
			ok = s->status[0] == VIRTIO_CRYPTO_BADMSG && len == 1;
			n_bad++;
		}
		if (!CHECK(ok)) {
			fprintf(stderr, "  header flip: status %u len %u\n",
				s->status[0], len);
			break;
		}
		if (sent < total) {
			memset(s->dst, 0xee, FLIP_LONG);
			s->status[0] = UNTOUCHED;
			vu_raw_avail_add(g0.dev, 0, (uint16_t)id);
			vu_raw_avail_publish(g0.dev, 0,
					     vu_raw_avail_next(g0.dev, 0));
			sent++;
		}
	}
	flip_stop = 1;
	pthread_join(th, NULL);
	cases++;
	printf("header flip: %u requests: %u long, %u short, %u torn\n",
	       done, n_long, n_short, n_bad);
	CHECK(done == total);
	after("header flip", 0);
}

int
main(int argc, char **argv)
{
	struct bproc_conf conf = { 0 };

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	conf.exe = argv[1];
	conf.pmd = argv[2];
	conf.nb_sockets = 2;
	if (!CHECK(bproc_start(&be, &conf) == 0))
		return test_summary();
	if (!CHECK(gdev_open(&g1, be.sockets[1]) == 0) ||
	    !CHECK(gdev_open(&g0, be.sockets[0]) == 0)) {
		bproc_stop(&be, 5000);
		return test_summary();
	}
	after("start", 0);
	test_indices();
	test_indirect();
	test_buffers();
	test_directions();
	test_lengths();
	test_session_ids();
	test_session_msgs();
	test_ring();
	test_header_flip();
	printf("adversarial: %u cases, %u reconnects after a broken ring\n",
	       cases, reconnects);
	gdev_close(&g0);
	gdev_close(&g1);
	CHECK(bproc_stop(&be, 10000) == 0);
	return test_summary();
}
