/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The random cases of the guest test, shared by the guest program (which
 * runs them through AF_ALG) and the host program (which runs them through
 * OpenSSL): both derive the same inputs from one seed and fold the outputs
 * into the same digests.
 */
#ifndef VCRAND_H
#define VCRAND_H

#include <stddef.h>
#include <stdint.h>

/* Cases folded into one printed digest. */
#define VCR_BLOCK 1000
/* Data lengths are 16 .. 16 * VCR_MAX_BLOCKS bytes: small, as TCG is slow. */
#define VCR_MAX_BLOCKS 16
#define VCR_MAX_LEN (16 * VCR_MAX_BLOCKS)

struct vcr_case {
	uint8_t key[32];
	uint8_t iv[16];
	uint8_t pt[VCR_MAX_LEN];  /* input of the encryption */
	uint8_t ct[VCR_MAX_LEN];  /* input of the decryption */
	uint32_t key_len;         /* 16, 24 or 32 */
	uint32_t len;             /* multiple of 16 */
};

/* splitmix64: tiny, and the same on both sides. */
static inline uint64_t
vcr_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void
vcr_fill(uint64_t *s, uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)vcr_next(s);
}

/* Case @p i of the run seeded by @p seed, independent of the others. */
static inline void
vcr_case_make(uint64_t seed, uint32_t i, struct vcr_case *c)
{
	uint64_t s = seed ^ ((uint64_t)i * 0xd1342543de82ef95ULL);

	c->key_len = 16 + 8 * (uint32_t)(vcr_next(&s) % 3);
	c->len = 16 * (1 + (uint32_t)(vcr_next(&s) % VCR_MAX_BLOCKS));
	vcr_fill(&s, c->key, c->key_len);
	vcr_fill(&s, c->iv, sizeof(c->iv));
	vcr_fill(&s, c->pt, c->len);
	vcr_fill(&s, c->ct, c->len);
}

/* FNV-1a over the outputs: carries them to the comparison, nothing more. */
static inline uint64_t
vcr_fold(uint64_t h, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define VCR_FOLD_INIT 0xcbf29ce484222325ULL

#endif /* VCRAND_H */
