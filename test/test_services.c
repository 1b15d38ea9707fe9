/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control virtqueue (the spec's session path) against a real backend:
 * sessions made, destroyed and refused there, shared with the vhost-user
 * path, gone when the frontend goes; and the decoding of its requests on
 * their own. What each algorithm computes is test_catalogue's.
 *
 * Usage: test_services BACKEND_EXE PMD
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "svc_guest.h"
#include "vc_wire.h"
#include "vectors_rsa.h"

#define CIPHER VIRTIO_CRYPTO_SERVICE_CIPHER

static struct backend be;

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static void
rnd_bytes(uint8_t *p, size_t n)
{
	test_rand_bytes(&rng_state, p, n);
}

/* Two sessions; one destroyed over the controlq is gone for the data path. */
static void
test_destroy(struct sguest *g)
{
	uint8_t key[16];
	uint64_t enc, dec;

	rnd_bytes(key, sizeof(key));
	rnd_bytes(g->iv, 16);
	rnd_bytes(g->src, 64);
	CHECK(sguest_ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1,
				 &enc) == VIRTIO_CRYPTO_OK);
	CHECK(enc != 0);
	CHECK(sguest_ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 0,
				 &dec) == VIRTIO_CRYPTO_OK);
	CHECK(dec != 0 && dec != enc);
	CHECK(sguest_cipher(g, enc, 1, 16, 64) == VIRTIO_CRYPTO_OK);
	CHECK(sguest_cipher(g, dec, 0, 16, 64) == VIRTIO_CRYPTO_OK);

	CHECK(sguest_ctrl_destroy(g, CIPHER, enc) == VIRTIO_CRYPTO_OK);
	CHECK(sguest_cipher(g, enc, 1, 16, 64) == VIRTIO_CRYPTO_INVSESS);
	CHECK(sguest_ctrl_destroy(g, CIPHER, enc) == VIRTIO_CRYPTO_INVSESS);
	/* The other one is untouched. */
	CHECK(sguest_cipher(g, dec, 0, 16, 64) == VIRTIO_CRYPTO_OK);
	CHECK(sguest_ctrl_destroy(g, CIPHER, dec) == VIRTIO_CRYPTO_OK);
}

/* Both session paths share one table. */
static void
test_both_paths(struct sguest *g)
{
	uint8_t key[16] = { 1, 2, 3 };
	uint64_t id = 0;

	CHECK(sguest_vhost_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1,
				  &id) == 0 && id > 0);
	CHECK(sguest_ctrl_destroy(g, CIPHER, id) == VIRTIO_CRYPTO_OK);
	rnd_bytes(g->src, 32);
	CHECK(sguest_cipher(g, id, 1, 16, 32) == VIRTIO_CRYPTO_INVSESS);
}

/*
 * Ids no map has heard of answer NOTSUPP and leave no session (every
 * known id not advertised: test_catalogue); a tag longer than any AEAD
 * has is refused by the decoder already.
 */
static void
test_refused(struct sguest *g)
{
	uint8_t key[16] = { 0 };
	uint64_t sid;

	CHECK(sguest_ctrl_cipher(g, 200, key, 16, 1, &sid) ==
	      VIRTIO_CRYPTO_NOTSUPP);
	CHECK(sid == 0);
	CHECK(sguest_ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_AEAD,
			      VIRTIO_CRYPTO_AEAD_GCM, key, 16, 17, 0, 1,
			      &sid) == VIRTIO_CRYPTO_BADMSG);
	CHECK(sid == 0);
	/* Destroying what was never created. */
	CHECK(sguest_ctrl_destroy(g, CIPHER, 12345) == VIRTIO_CRYPTO_INVSESS);
}

/* Many creates and destroys: slots come back, nothing is left over. */
static void
test_churn(struct sguest *g)
{
	uint8_t key[16] = { 5 };
	uint64_t sid;
	int i, ok = 1;

	for (i = 0; i < 300; i++) {
		ok &= sguest_ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_CTR, key,
					 16, 1, &sid) == VIRTIO_CRYPTO_OK;
		ok &= sguest_ctrl_destroy(g, CIPHER, sid) == VIRTIO_CRYPTO_OK;
	}
	CHECK(ok);
}

/* ---- vc_ctrl_decode() alone: hostile layouts ---- */

static struct vc_chain_short chain_room;
static struct vc_chain *chain;
static uint8_t rdbuf[sizeof(struct virtio_crypto_op_ctrl_req) +
		     VC_MAX_AKCIPHER_KEY_LEN + 64], wrbuf[64];

/* Readable stream: request, then @p extra key bytes, in two pieces. */
static void
chain_of(const struct virtio_crypto_op_ctrl_req *r, uint32_t extra,
	 uint32_t wr_len)
{
	uint32_t total = sizeof(*r) + extra;

	chain = vc_chain_short_init(&chain_room, UINT32_MAX);
	memcpy(rdbuf, r, sizeof(*r));
	/* Split mid-header and mid-key: decode must read across pieces. */
	chain->rd[0].addr = rdbuf;
	chain->rd[0].len = 40;
	chain->rd[1].addr = rdbuf + 40;
	chain->rd[1].len = total - 40;
	chain->nr_rd = 2;
	chain->rd_len = total;
	chain->wr[0].addr = wrbuf;
	chain->wr[0].len = wr_len;
	chain->nr_wr = wr_len != 0;
	chain->wr_len = wr_len;
}

static void
test_decode(void)
{
	struct virtio_crypto_op_ctrl_req r;
	struct virtio_crypto_cipher_session_para *cp =
		&r.u.sym_create_session.u.cipher.para;
	struct virtio_crypto_alg_chain_session_para *ch =
		&r.u.sym_create_session.u.chain.para;
	static struct vc_ctrl_req out;
	uint32_t i;

	for (i = 0; i < 100; i++)
		rdbuf[sizeof(r) + i] = (uint8_t)(i + 1);

	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	r.u.sym_create_session.op_type = htole32(VIRTIO_CRYPTO_SYM_OP_CIPHER);
	cp->algo = htole32(VIRTIO_CRYPTO_CIPHER_AES_CBC);
	cp->keylen = htole32(16);
	cp->op = htole32(VIRTIO_CRYPTO_OP_ENCRYPT);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.kind == VC_CTRL_CREATE && out.wr_need == 16);
	CHECK(out.sess.service == VIRTIO_CRYPTO_SERVICE_CIPHER);
	CHECK(out.sess.cipher_key_len == 16 && out.sess.cipher_key[0] == 1 &&
	      out.sess.cipher_key[15] == 16);

	/* Key longer than what the guest handed over. */
	chain_of(&r, 15, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	CHECK(out.sess.cipher_key_len == 0);
	/* No room for the session input. */
	chain_of(&r, 16, 15);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	/* Key length beyond any buffer, and huge. */
	cp->keylen = htole32(65);
	chain_of(&r, 65, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	cp->keylen = htole32(0xffffffff);
	chain_of(&r, 65, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	cp->keylen = htole32(16);
	/* Bad direction. */
	cp->op = htole32(3);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	cp->op = htole32(VIRTIO_CRYPTO_OP_ENCRYPT);
	/* Truncated request. */
	chain_of(&r, 16, 16);
	chain->rd_len = sizeof(r) - 1;
	chain->rd[1].len = sizeof(r) - 41;
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* Chain: cipher key, then auth key; their sum checked in 64 bits. */
	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	r.u.sym_create_session.op_type =
		htole32(VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
	ch->alg_chain_order =
		htole32(VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH);
	ch->hash_mode = htole32(VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH);
	ch->cipher_param.algo = htole32(VIRTIO_CRYPTO_CIPHER_AES_CBC);
	ch->cipher_param.keylen = htole32(16);
	ch->cipher_param.op = htole32(VIRTIO_CRYPTO_OP_ENCRYPT);
	ch->u.mac_param.algo = htole32(VIRTIO_CRYPTO_MAC_HMAC_SHA_256);
	ch->u.mac_param.hash_result_len = htole32(32);
	ch->u.mac_param.auth_key_len = htole32(20);
	chain_of(&r, 36, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.sess.auth_key_len == 20 && out.sess.auth_key[0] == 17 &&
	      out.sess.auth_key[19] == 36);
	chain_of(&r, 35, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	ch->u.mac_param.auth_key_len = htole32(0xfffffff0);
	chain_of(&r, 36, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* MAC: the auth key right after the request. */
	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_MAC_CREATE_SESSION);
	r.u.mac_create_session.para.algo =
		htole32(VIRTIO_CRYPTO_MAC_HMAC_SHA_256);
	r.u.mac_create_session.para.hash_result_len = htole32(32);
	r.u.mac_create_session.para.auth_key_len = htole32(20);
	chain_of(&r, 20, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.sess.service == VIRTIO_CRYPTO_SERVICE_MAC &&
	      out.sess.auth_key_len == 20 && out.sess.auth_key[19] == 20);
	r.u.mac_create_session.para.hash_result_len = htole32(65);
	chain_of(&r, 20, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* AEAD: key bounded, tag bounded, direction known. */
	memset(&r, 0, sizeof(r));
	r.header.opcode = htole32(VIRTIO_CRYPTO_AEAD_CREATE_SESSION);
	r.u.aead_create_session.para.algo = htole32(VIRTIO_CRYPTO_AEAD_GCM);
	r.u.aead_create_session.para.key_len = htole32(16);
	r.u.aead_create_session.para.hash_result_len = htole32(16);
	r.u.aead_create_session.para.aad_len = htole32(20);
	r.u.aead_create_session.para.op = htole32(VIRTIO_CRYPTO_OP_DECRYPT);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.sess.service == VIRTIO_CRYPTO_SERVICE_AEAD &&
	      out.sess.aead_algo == VIRTIO_CRYPTO_AEAD_GCM &&
	      out.sess.cipher_key_len == 16 && out.sess.aad_len == 20);
	r.u.aead_create_session.para.hash_result_len = htole32(17);
	chain_of(&r, 16, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);

	/* Destroy: only a status byte to write (akcipher's opcode is 5). */
	for (i = 0; i < 2; i++) {
		memset(&r, 0, sizeof(r));
		r.header.opcode = htole32(i ?
			VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION :
			VIRTIO_CRYPTO_HASH_DESTROY_SESSION);
		r.u.destroy_session.session_id = htole64(0x100000007ULL);
		chain_of(&r, 0, 1);
		CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
		CHECK(out.kind == VC_CTRL_DESTROY && out.wr_need == 1 &&
		      out.session_id == 0x100000007ULL);
		chain_of(&r, 0, 0);
		CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	}

	/* Akcipher without key type or key (test_pkcs1 has the rest). */
	r.header.opcode = htole32(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
	chain_of(&r, 0, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	/* Unknown opcodes. */
	r.header.opcode = htole32(0xdead);
	chain_of(&r, 0, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
}

/* Readable stream: request, then @p len bytes of @p key. */
static void
key_chain(const struct virtio_crypto_op_ctrl_req *r, const uint8_t *key,
	  uint32_t len, uint32_t wr_len)
{
	if (len != 0)
		memcpy(rdbuf + sizeof(*r), key, len);
	chain_of(r, len, wr_len);
}

static void
ak_req(struct virtio_crypto_op_ctrl_req *r, uint32_t keytype,
       uint32_t keylen, uint32_t padding, uint32_t hash)
{
	struct virtio_crypto_akcipher_session_para *p =
		&r->u.akcipher_create_session.para;

	memset(r, 0, sizeof(*r));
	r->header.opcode = htole32(VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
	r->header.algo = htole32(VIRTIO_CRYPTO_AKCIPHER_RSA);
	p->algo = htole32(VIRTIO_CRYPTO_AKCIPHER_RSA);
	p->keytype = htole32(keytype);
	p->keylen = htole32(keylen);
	p->u.rsa.padding_algo = htole32(padding);
	p->u.rsa.hash_algo = htole32(hash);
}

static int
all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0)
			return 0;
	return 1;
}

/* Akcipher creates: the request, then the DER key that follows it. */
static void
test_decode_akcipher(void)
{
	static struct vc_ctrl_req out;
	static uint8_t key[VC_MAX_AKCIPHER_KEY_LEN + 32];
	struct virtio_crypto_op_ctrl_req r;
	uint32_t len = (uint32_t)hex2bin(wp_sig2048_priv, key, sizeof(key));
	uint32_t plen = (uint32_t)hex2bin(wp_sig2048_pub, key + 2048, 2048);
	const uint32_t PRIV = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE;
	const uint32_t PUB = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC;

	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.kind == VC_CTRL_CREATE && out.wr_need == 16 &&
	      out.sess.service == VIRTIO_CRYPTO_SERVICE_AKCIPHER);
	CHECK(out.ak.keylen == len && memcmp(out.ak.key, key, len) == 0 &&
	      out.ak.rsa.n.len == 256 && out.ak.rsa.qinv.len != 0 &&
	      out.ak.hash == VIRTIO_CRYPTO_RSA_SHA256);
	ak_req(&r, PUB, plen, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA1);
	key_chain(&r, key + 2048, plen, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.ak.rsa.n.len == 256 && out.ak.rsa.d.len == 0);

	/* The key longer than what was handed over: refused, nothing kept. */
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len - 1, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	CHECK(all_zero((const uint8_t *)&out.ak, sizeof(out.ak)));
	ak_req(&r, PRIV, 0xffffffff, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	ak_req(&r, PRIV, 0, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	/* A key the guest did hand over but longer than any we take. */
	ak_req(&r, PRIV, VC_MAX_AKCIPHER_KEY_LEN + 1,
	       VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, VC_MAX_AKCIPHER_KEY_LEN + 1, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	/* Key type, padding, hash, algorithm. */
	ak_req(&r, 3, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	ak_req(&r, PRIV, len, 2, VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_MD2);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING, 77);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	/* RAW ignores the hash, as the spec says. */
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_RAW_PADDING, 77);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_OK);
	CHECK(out.ak.hash == VIRTIO_CRYPTO_RSA_NO_HASH);
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	r.u.akcipher_create_session.para.algo =
		htole32(VIRTIO_CRYPTO_AKCIPHER_ECDSA);
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_NOTSUPP);
	/* A public key said to be private, and a broken key. */
	ak_req(&r, PRIV, plen, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key_chain(&r, key + 2048, plen, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	CHECK(all_zero((const uint8_t *)&out.ak, sizeof(out.ak)));
	ak_req(&r, PRIV, len, VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
	       VIRTIO_CRYPTO_RSA_SHA256);
	key[10] ^= 0x80;
	key_chain(&r, key, len, 16);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
	key[10] ^= 0x80;
	/* No room for the session input. */
	key_chain(&r, key, len, 15);
	CHECK(vc_ctrl_decode(chain, &out) == VIRTIO_CRYPTO_BADMSG);
}

int
main(int argc, char **argv)
{
	struct sguest g;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BACKEND PMD\n", argv[0]);
		return 2;
	}
	test_decode();
	test_decode_akcipher();
	if (!CHECK(backend_start_args(&be, argv[1], argv[2], 2, 1,
				      NULL) == 0))
		return test_summary();
	if (sguest_open(&g, be.sockets[0], 1) == 0) {
		test_destroy(&g);
		test_both_paths(&g);
		test_refused(&g);
		test_churn(&g);
		vu_dev_close(g.dev);
	}
	/*
	 * A frontend that comes back gets a fresh controlq (the backend
	 * notices the disconnect asynchronously: retry the connection) and
	 * none of the sessions of the one before.
	 */
	{
		struct timespec d = { 0, 50 * 1000 * 1000 };
		struct vu_dev_conf conf = {
			.socket_path = be.sockets[0],
			.nb_dataqs = 1,
			.queue_size = 64,
			.mem_size = 4u << 20,
			.nb_regions = 1,
			.connect_timeout_ms = 5000,
			.ctrlq = 1,
		};
		uint8_t key[16] = { 3 };
		uint64_t keep = 0, sid;
		int tries;

		memset(&g, 0, sizeof(g));
		CHECK(vu_dev_get_config(NULL, NULL) == -EINVAL);
		for (tries = 0; tries < 40 && g.dev == NULL; tries++) {
			g.dev = vu_dev_open(&conf, NULL, 0);
			if (g.dev == NULL)
				nanosleep(&d, NULL);
		}
		if (CHECK(g.dev != NULL)) {
			CHECK(sguest_ctrl_cipher(&g,
				VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1,
				&keep) == VIRTIO_CRYPTO_OK);
			vu_dev_close(g.dev);
			g.dev = NULL;
			for (tries = 0; tries < 40 && g.dev == NULL;
			     tries++) {
				g.dev = vu_dev_open(&conf, NULL, 0);
				if (g.dev == NULL)
					nanosleep(&d, NULL);
			}
		}
		if (CHECK(g.dev != NULL)) {
			CHECK(sguest_ctrl_destroy(&g, CIPHER, keep) ==
			      VIRTIO_CRYPTO_INVSESS);
			CHECK(sguest_ctrl_cipher(&g,
				VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 1,
				&sid) == VIRTIO_CRYPTO_OK);
			CHECK(sguest_ctrl_destroy(&g, CIPHER, sid) ==
			      VIRTIO_CRYPTO_OK);
			vu_dev_close(g.dev);
		}
	}
	/* A device without controlq has no such path. */
	if (sguest_open(&g, be.sockets[1], 0) == 0) {
		uint64_t sid;
		uint8_t st;

		CHECK(vu_ctrl_session_create(g.dev, &(struct vu_ctrl_session){
			.service = VIRTIO_CRYPTO_SERVICE_HASH }, &sid,
			&st) < 0);
		vu_dev_close(g.dev);
	}
	CHECK(backend_stop(&be) == 0);
	return test_summary();
}
