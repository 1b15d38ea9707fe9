/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Several cryptodevs behind one device: crypto_aesni_mb first, then
 * crypto_openssl. The device offers what either can; each session runs
 * on the first that takes it: AES-ECB and AES-XCBC-MAC (IPsec-MB only),
 * MD5 and 3DES-CTR (OpenSSL only), and RSA (OpenSSL's asymmetric ops);
 * and a decrypting cipher+MAC chain, which checks the guest's digest.
 * Answers: SP 800-38A F.1.1, RFC 1321, RFC 3566, and OpenSSL on random
 * inputs.
 *
 * Usage: test_cdevs BACKEND_EXE
 */
#include <stdio.h>
#include <string.h>

#include "guest_util.h"
#include "harness.h"
#include "ossl_ref.h"
#include "svc_guest.h"
#include "vectors_rsa.h"

static uint64_t rng_state = 0x452821e638d01377ULL;

static int
bit(uint32_t lo, uint32_t hi, unsigned int n)
{
	return n < 32 ? (lo >> n) & 1 : (hi >> (n - 32)) & 1;
}

/* Every device advertises what any of its cryptodevs has. */
static void
test_config(struct sguest *g)
{
	struct virtio_crypto_config c;

	if (!CHECK(vu_dev_get_config(g->dev, &c) == 0))
		return;
	CHECK(bit(c.cipher_algo_l, c.cipher_algo_h,
		  VIRTIO_CRYPTO_CIPHER_AES_ECB));
	CHECK(bit(c.cipher_algo_l, c.cipher_algo_h,
		  VIRTIO_CRYPTO_CIPHER_3DES_CTR));
	CHECK(bit(c.hash_algo, 0, VIRTIO_CRYPTO_HASH_MD5));
	CHECK(bit(c.mac_algo_l, c.mac_algo_h, VIRTIO_CRYPTO_MAC_XCBC_AES));
	CHECK(bit(c.akcipher_algo, 0, VIRTIO_CRYPTO_AKCIPHER_RSA));
}

/* An RSA session, which IPsec-MB has no asymmetric ops for. */
static void
test_rsa(struct sguest *g)
{
	static uint8_t key[1024];
	uint32_t len = (uint32_t)hex2bin(wp_sig2048_pub, key, sizeof(key));
	uint64_t sid;

	if (CHECK(guest_rsa_session(g->dev, key, len, 0,
				    VIRTIO_CRYPTO_RSA_PKCS1_PADDING,
				    VIRTIO_CRYPTO_RSA_SHA256, &sid) ==
		  VIRTIO_CRYPTO_OK))
		CHECK(sguest_ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_AKCIPHER,
					  sid) == VIRTIO_CRYPTO_OK);
}

/* SP 800-38A F.1.1 ECB-AES128.Encrypt, first two blocks: IPsec-MB. */
static void
test_ecb(struct sguest *g)
{
	uint8_t key[16], pt[32], ct[32];
	uint64_t sid;

	hex2bin("2b7e151628aed2a6abf7158809cf4f3c", key, sizeof(key));
	hex2bin("6bc1bee22e409f96e93d7e117393172a"
		"ae2d8a571e03ac9c9eb76fac45af8e51", pt, sizeof(pt));
	hex2bin("3ad77bb40d7a3660a89ecaf32466ef97"
		"f5d3d58503b9699de785895a96fdbaaf", ct, sizeof(ct));
	if (!CHECK(sguest_ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_AES_ECB, key, 16,
				      1, &sid) == VIRTIO_CRYPTO_OK))
		return;
	memcpy(g->src, pt, sizeof(pt));
	memset(g->dst, 0, sizeof(ct));
	CHECK(sguest_cipher(g, sid, 1, 0, sizeof(pt)) == VIRTIO_CRYPTO_OK);
	CHECK(memcmp(g->dst, ct, sizeof(ct)) == 0);
	CHECK(sguest_ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_CIPHER, sid) ==
	      VIRTIO_CRYPTO_OK);
}

/* RFC 1321 A.5: MD5("abc"), which only OpenSSL hashes. */
static void
test_md5(struct sguest *g)
{
	uint8_t want[16];
	uint64_t sid;

	hex2bin("900150983cd24fb0d6963f7d28e17f72", want, sizeof(want));
	if (!CHECK(sguest_ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_HASH,
				   VIRTIO_CRYPTO_HASH_MD5, NULL, 0, 16, 0, 0,
				   &sid) == VIRTIO_CRYPTO_OK))
		return;
	memcpy(g->src, "abc", 3);
	CHECK(sguest_hash(g, VIRTIO_CRYPTO_HASH, sid, 3, 16) ==
	      VIRTIO_CRYPTO_OK);
	CHECK(memcmp(g->digest, want, sizeof(want)) == 0);
	CHECK(sguest_ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_HASH, sid) ==
	      VIRTIO_CRYPTO_OK);
}

/* RFC 3566 test case #3 (32 bytes, 96-bit tag): IPsec-MB only. */
static void
test_xcbc(struct sguest *g)
{
	uint8_t key[16], want[12];
	uint64_t sid;
	unsigned int i;

	hex2bin("000102030405060708090a0b0c0d0e0f", key, sizeof(key));
	hex2bin("f54f0ec8d2b9f3d36807734b", want, sizeof(want));
	if (!CHECK(sguest_ctrl_svc(g, VIRTIO_CRYPTO_SERVICE_MAC,
				   VIRTIO_CRYPTO_MAC_XCBC_AES, key, 16, 12, 0,
				   0, &sid) == VIRTIO_CRYPTO_OK))
		return;
	for (i = 0; i < 32; i++)
		g->src[i] = (uint8_t)i;
	CHECK(sguest_hash(g, VIRTIO_CRYPTO_MAC, sid, 32, 12) ==
	      VIRTIO_CRYPTO_OK);
	CHECK(memcmp(g->digest, want, sizeof(want)) == 0);
	CHECK(sguest_ctrl_destroy(g, VIRTIO_CRYPTO_SERVICE_MAC, sid) ==
	      VIRTIO_CRYPTO_OK);
}

/* 3DES-CTR, only OpenSSL's: random inputs, both session paths. */
static void
test_3des_ctr(struct sguest *g)
{
	uint8_t key[24], want[SG_MAX_LEN];
	uint64_t sid;
	int round, vhost;

	for (round = 0; round < 8; round++) {
		uint32_t len = 8 + test_rand(&rng_state) % 1000;

		vhost = round & 1;
		test_rand_bytes(&rng_state, key, sizeof(key));
		test_rand_bytes(&rng_state, g->iv, 8);
		test_rand_bytes(&rng_state, g->src, len);
		if (vhost ? !CHECK(sguest_vhost_cipher(g,
				VIRTIO_CRYPTO_CIPHER_3DES_CTR, key, 24, 1,
				&sid) == 0) :
		    !CHECK(sguest_ctrl_cipher(g, VIRTIO_CRYPTO_CIPHER_3DES_CTR,
				key, 24, 1, &sid) == VIRTIO_CRYPTO_OK))
			return;
		CHECK(ref_cipher(VIRTIO_CRYPTO_CIPHER_3DES_CTR, key, 24, g->iv,
				 g->src, len, want) == 0);
		CHECK(sguest_cipher(g, sid, 1, 8, len) == VIRTIO_CRYPTO_OK);
		CHECK(memcmp(g->dst, want, len) == 0);
		if (vhost)
			CHECK(vu_session_destroy(g->dev, (int64_t)sid) == 0);
		else
			CHECK(sguest_ctrl_destroy(g,
				VIRTIO_CRYPTO_SERVICE_CIPHER, sid) ==
			      VIRTIO_CRYPTO_OK);
	}
}

/*
 * Decrypting AES-CBC + HMAC-SHA1 (MAC over the ciphertext, then
 * decrypt), as DPDK's guest driver sends it: the guest's digest (in the
 * hash-result buffer) is checked. OpenSSL's: the plaintext comes back;
 * one bit off: BADMSG, and no plaintext.
 */
static void
test_decrypt_chain(struct sguest *g)
{
	struct vu_sym_session p;
	uint8_t key[16], akey[20], pt[1024], mac[64];
	uint32_t len = 1024, mac_len;
	int64_t sid;

	test_rand_bytes(&rng_state, key, sizeof(key));
	test_rand_bytes(&rng_state, akey, sizeof(akey));
	test_rand_bytes(&rng_state, pt, len);
	test_rand_bytes(&rng_state, g->iv, 16);
	p = sg_chain_params(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, 0, 1,
			    VIRTIO_CRYPTO_MAC_HMAC_SHA1, akey, 20, 12);
	if (!CHECK(vu_session_create(g->dev, &p, &sid) == 0))
		return;
	CHECK(ref_cipher(VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, g->iv, pt,
			 len, g->src) == 0);
	CHECK(ref_digest(1, VIRTIO_CRYPTO_MAC_HMAC_SHA1, akey, 20, g->src,
			 len, mac, &mac_len) == 0);
	memset(&g->op, 0, sizeof(g->op));
	g->op = (struct vu_sym_op){
		.opcode = VIRTIO_CRYPTO_CIPHER_DECRYPT,
		.op_type = VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING,
		.session_id = (uint64_t)sid,
		.iv = g->iv, .iv_len = 16,
		.src = g->src, .src_len = len,
		.dst = g->dst, .dst_len = len,
		.digest = g->digest, .digest_len = 12,
		.cipher_len = len, .hash_len = len,
	};
	memcpy(g->digest, mac, 12);
	g->digest[11] ^= 0x80;
	memset(g->dst, 0x5a, len);
	CHECK(sguest_run(g) == VIRTIO_CRYPTO_BADMSG);
	CHECK(g->dst[0] == 0x5a && g->dst[len - 1] == 0x5a);
	memcpy(g->digest, mac, 12);
	CHECK(sguest_run(g) == VIRTIO_CRYPTO_OK);
	CHECK(memcmp(g->dst, pt, len) == 0);
	CHECK(vu_session_destroy(g->dev, sid) == 0);
}

int
main(int argc, char **argv)
{
	struct backend be;
	struct sguest g;

	if (argc != 2) {
		fprintf(stderr, "usage: %s BACKEND\n", argv[0]);
		return 2;
	}
	if (!CHECK(ref_init() == 0) ||
	    !CHECK(backend_start(&be, argv[1],
				 "crypto_aesni_mb+crypto_openssl", 1, 1) == 0))
		return test_summary();
	if (sguest_open(&g, be.sockets[0], 1) == 0) {
		test_config(&g);
		test_ecb(&g);
		test_md5(&g);
		test_xcbc(&g);
		test_3des_ctr(&g);
		test_decrypt_chain(&g);
		test_rsa(&g);
		vu_dev_close(g.dev);
	}
	CHECK(backend_stop(&be) == 0);
	ref_fini();
	return test_summary();
}
