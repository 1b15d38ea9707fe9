/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest test's large cases: AES-CBC through AF_ALG as applications
 * use it, from one block to 1 MiB in one operation, chunked, spliced,
 * read into many pieces, in place and asynchronous in several processes.
 * Shared by the guest program (vcguest large) and the host program
 * (vcexpect large, OpenSSL): both derive each case's key, IV and data
 * from the seed and fold its output into one digest. However a case
 * splits its data, the output is that of one CBC run: Linux's driver
 * carries the IV from one request to the next.
 *
 * Linux's driver sends n pages a side as n(n+1) + 3 descriptors; past
 * 65536 its own 16-bit index wraps and it writes the end of its indirect
 * table over the start (the header): 1 MiB in one operation is such a
 * request, the backend finds no header and answers BADMSG, which both
 * programs print as the case's result.
 */
#ifndef VCLARGE_H
#define VCLARGE_H

#include <stdint.h>
#include <stdio.h>

#include "vcrand.h"

enum vcl_mode {
	VCL_ONE,      /* one sendmsg, one read */
	VCL_CHUNKS,   /* arg-byte sends (MSG_MORE), each read at once */
	VCL_SPLICE,   /* arg-byte pieces through a pipe, splice(2) */
	VCL_READV,    /* one sendmsg, readv(2) into arg odd pieces */
	VCL_INPLACE,  /* one buffer for input and output */
	VCL_AIO,      /* arg processes, VCL_AIO_READS async reads each */
};

struct vcl_case {
	enum vcl_mode mode;
	uint32_t len;     /* bytes, a multiple of 16 */
	uint32_t arg;
	int enc;
};

#define VCL_MAX_LEN (1u << 20)
#define VCL_AIO_READS 8
/* An asynchronous read's data: up to 65520 bytes. */
#define VCL_AIO_MAX_LEN 65520u
#define VCL_READV_MAX 64

/* Whether Linux's driver breaks its own request of @p len bytes. */
static inline int
vcl_linux_breaks(uint32_t len)
{
	uint64_t pages = (len + 4095) / 4096;   /* buffers page-aligned */

	return pages * (pages + 1) + 3 > 65536;
}

/* Case @p i, and its name in @p name; -1 past the last. */
static inline int
vcl_case_get(uint32_t i, struct vcl_case *c, char *name, size_t name_len)
{
	static const uint32_t one[] = {
		16, 4096, 32768, 36864, 40960, 45056, 65520, 65536, 65552,
		131072, 255 * 4096, 1u << 20,
	};
	const uint32_t n_one = sizeof(one) / sizeof(one[0]);

	if (i < 2 * n_one) {
		*c = (struct vcl_case){ VCL_ONE, one[i / 2], 0, !(i & 1) };
		snprintf(name, name_len, "one-%s-%u", c->enc ? "enc" : "dec",
			 c->len);
		return 0;
	}
	i -= 2 * n_one;
	if (i < VCL_READV_MAX) {
		/* 16 .. 73 KiB in 1 .. 64 pieces of odd lengths. */
		*c = (struct vcl_case){ VCL_READV, 16 * 73 * (i + 1), i + 1,
					1 };
		snprintf(name, name_len, "readv-%u", i + 1);
		return 0;
	}
	i -= VCL_READV_MAX;
	switch (i) {
	case 0:
		*c = (struct vcl_case){ VCL_CHUNKS, 4 * 65536, 65536, 1 };
		break;
	case 1:
		*c = (struct vcl_case){ VCL_CHUNKS, 8 * 32768, 32768, 1 };
		break;
	case 2:
		*c = (struct vcl_case){ VCL_SPLICE, 4 * 65536, 65536, 1 };
		break;
	case 3:
		*c = (struct vcl_case){ VCL_INPLACE, 65536, 0, 1 };
		break;
	case 4:
		*c = (struct vcl_case){ VCL_INPLACE, 255 * 4096, 0, 0 };
		break;
	case 5:
		*c = (struct vcl_case){ VCL_AIO, 0, 6, 1 };
		break;
	default:
		return -1;
	}
	snprintf(name, name_len, "%s-%u-%u",
		 (const char *[]){ "one", "chunks", "splice", "readv",
				   "inplace", "aio" }[c->mode], c->len, c->arg);
	return 0;
}

/*
 * Key (16, 24 or 32 bytes: the length returned), IV and @p len bytes of
 * data of case @p i, or of its process @p p's read @p j (VCL_AIO).
 */
static inline uint32_t
vcl_inputs(uint64_t seed, uint32_t i, uint32_t p, uint32_t j, uint8_t *key,
	   uint8_t *iv, uint8_t *data, uint32_t len)
{
	uint64_t s = seed ^ (0x6c61726765ULL + i * 0x9e3779b97f4a7c15ULL +
			     p * 0xbf58476d1ce4e5b9ULL + j * 0x94d049bbULL);
	uint32_t key_len = 16 + 8 * (uint32_t)(vcr_next(&s) % 3);

	vcr_fill(&s, key, key_len);
	vcr_fill(&s, iv, 16);
	vcr_fill(&s, data, len);
	return key_len;
}

/* The length of process @p p's read @p j of case @p i (VCL_AIO). */
static inline uint32_t
vcl_aio_len(uint64_t seed, uint32_t i, uint32_t p, uint32_t j)
{
	uint64_t s = seed ^ (i * 0xd1342543de82ef95ULL + p * 977 + j);

	return 16 * (1 + (uint32_t)(vcr_next(&s) % (VCL_AIO_MAX_LEN / 16)));
}

#endif /* VCLARGE_H */
