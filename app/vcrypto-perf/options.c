/* SPDX-License-Identifier: BSD-3-Clause */
/* vcrypto-perf's command line, in dpdk-test-crypto-perf's vocabulary. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perf.h"

struct name_id {
	const char *name;
	uint32_t id;
};

static const struct name_id ciphers[] = {
	{ "aes-cbc", VIRTIO_CRYPTO_CIPHER_AES_CBC },
	{ "aes-ctr", VIRTIO_CRYPTO_CIPHER_AES_CTR },
	{ "null", VIRTIO_CRYPTO_NO_CIPHER },
};

static const struct name_id auths[] = {
	{ "sha1-hmac", VIRTIO_CRYPTO_MAC_HMAC_SHA1 },
	{ "sha2-256-hmac", VIRTIO_CRYPTO_MAC_HMAC_SHA_256 },
	{ "sha2-512-hmac", VIRTIO_CRYPTO_MAC_HMAC_SHA_512 },
};

static const struct name_id optypes[] = {
	{ "cipher-only", OP_CIPHER_ONLY },
	{ "cipher-then-auth", OP_CIPHER_THEN_AUTH },
	{ "auth-then-cipher", OP_AUTH_THEN_CIPHER },
	{ "aead", OP_AEAD },
};

static const struct name_id aeads[] = {
	{ "aes-gcm", VIRTIO_CRYPTO_AEAD_GCM },
	{ "chacha20-poly1305", VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305 },
};

static const struct name_id ptests[] = {
	{ "throughput", PTEST_THROUGHPUT },
	{ "latency", PTEST_LATENCY },
	{ "verify", PTEST_VERIFY },
};

#define LOOKUP(table, opt, arg, out) \
	lookup(table, sizeof(table) / sizeof(table[0]), opt, arg, out)

static int
lookup(const struct name_id *t, size_t n, const char *opt, const char *arg,
       uint32_t *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, arg) == 0) {
			*out = t[i].id;
			return 0;
		}
	fprintf(stderr, "%s %s: expected one of", opt, arg);
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s", t[i].name);
	fprintf(stderr, "\n");
	return -1;
}

static const char *
name_of(const struct name_id *t, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	return "?";
}

const char *
perf_cipher_name(uint32_t algo)
{
	return name_of(ciphers, sizeof(ciphers) / sizeof(ciphers[0]), algo);
}

const char *
perf_aead_name(uint32_t algo)
{
	return name_of(aeads, sizeof(aeads) / sizeof(aeads[0]), algo);
}

const char *
perf_auth_name(uint32_t algo)
{
	return name_of(auths, sizeof(auths) / sizeof(auths[0]), algo);
}

static int
number(const char *opt, const char *arg, uint64_t min, uint64_t max,
       uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);

	if (end == arg || *end != '\0' || arg[0] == '-' || v < min ||
	    v > max) {
		fprintf(stderr, "%s %s: expected a number from %llu to %llu\n",
			opt, arg, (unsigned long long)min,
			(unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
sizes(const char *arg, struct perf_opts *o)
{
	char buf[256], *tok, *save = NULL;
	uint64_t v;

	snprintf(buf, sizeof(buf), "%s", arg);
	o->nb_sizes = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->nb_sizes == PERF_MAX_SIZES) {
			fprintf(stderr, "--buffer-sz: at most %d sizes\n",
				PERF_MAX_SIZES);
			return -1;
		}
		if (number("--buffer-sz", tok, 1, 1u << 20, &v) != 0)
			return -1;
		o->sizes[o->nb_sizes++] = (uint32_t)v;
	}
	return o->nb_sizes > 0 ? 0 : -1;
}

static void
usage(const char *prog)
{
	printf("Usage: %s --socket PATH [options]\n"
"\n"
"Drive a vcrypto backend through drivers/virtio_user, like\n"
"dpdk-test-crypto-perf drives a PMD.\n"
"\n"
"  --socket PATH            the backend's vhost-user socket\n"
"  --ptest TEST             throughput (default), latency or verify\n"
"  --optype TYPE            cipher-only (default), cipher-then-auth,\n"
"                           auth-then-cipher, aead\n"
"  --cipher-algo ALGO       aes-cbc (default), aes-ctr, null\n"
"  --cipher-op OP           encrypt (default) or decrypt\n"
"  --cipher-key-sz N        default 16\n"
"  --cipher-iv-sz N         default 16 (0 for null)\n"
"  --auth-algo ALGO         sha1-hmac (default), sha2-256-hmac,\n"
"                           sha2-512-hmac\n"
"  --auth-op generate       the only one virtio has\n"
"  --auth-key-sz N          default 20\n"
"  --digest-sz N            digest or AEAD tag, default 12\n"
"  --aead-algo ALGO         aes-gcm (default), chacha20-poly1305\n"
"  --aead-op encrypt        the only one measured\n"
"  --aead-key-sz N          default 16\n"
"  --aead-iv-sz N           default 12\n"
"  --aead-aad-sz N          default 16\n"
"  --buffer-sz N[,N...]     default 64\n"
"  --burst-sz N             requests per submit (default 32)\n"
"  --total-ops N            per buffer size (default 1000000)\n"
"  --indirect               requests as indirect descriptor chains\n"
"  --prebuilt               write each request slot's descriptors and\n"
"                           header once and resubmit them unchanged, as\n"
"                           a driver with pre-set chains does (the\n"
"                           device still reads and checks every one):\n"
"                           measures the device, not this client\n"
"  --csv-friendly           CSV output\n"
"  --help\n", prog);
}

int
perf_parse(int argc, char **argv, struct perf_opts *o)
{
	enum { O_SOCKET = 256, O_PTEST, O_OPTYPE, O_CALGO, O_COP, O_CKEY,
	       O_CIV, O_AALGO, O_AOP, O_AKEY, O_DIGEST, O_BUF, O_BURST,
	       O_TOTAL, O_CSV, O_INDIRECT, O_AALG, O_AEOP, O_AEKEY, O_AEIV,
	       O_AEAAD, O_PREBUILT, O_HELP };
	static const struct option lo[] = {
		{ "socket", required_argument, NULL, O_SOCKET },
		{ "ptest", required_argument, NULL, O_PTEST },
		{ "optype", required_argument, NULL, O_OPTYPE },
		{ "cipher-algo", required_argument, NULL, O_CALGO },
		{ "cipher-op", required_argument, NULL, O_COP },
		{ "cipher-key-sz", required_argument, NULL, O_CKEY },
		{ "cipher-iv-sz", required_argument, NULL, O_CIV },
		{ "auth-algo", required_argument, NULL, O_AALGO },
		{ "auth-op", required_argument, NULL, O_AOP },
		{ "auth-key-sz", required_argument, NULL, O_AKEY },
		{ "digest-sz", required_argument, NULL, O_DIGEST },
		{ "buffer-sz", required_argument, NULL, O_BUF },
		{ "burst-sz", required_argument, NULL, O_BURST },
		{ "total-ops", required_argument, NULL, O_TOTAL },
		{ "csv-friendly", no_argument, NULL, O_CSV },
		{ "indirect", no_argument, NULL, O_INDIRECT },
		{ "prebuilt", no_argument, NULL, O_PREBUILT },
		{ "aead-algo", required_argument, NULL, O_AALG },
		{ "aead-op", required_argument, NULL, O_AEOP },
		{ "aead-key-sz", required_argument, NULL, O_AEKEY },
		{ "aead-iv-sz", required_argument, NULL, O_AEIV },
		{ "aead-aad-sz", required_argument, NULL, O_AEAAD },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	uint32_t id;
	uint64_t v;
	int c, iv_given = 0;

	memset(o, 0, sizeof(*o));
	o->ptest = PTEST_THROUGHPUT;
	o->optype = OP_CIPHER_ONLY;
	o->cipher_algo = VIRTIO_CRYPTO_CIPHER_AES_CBC;
	o->encrypt = 1;
	o->cipher_key_sz = 16;
	o->cipher_iv_sz = 16;
	o->auth_algo = VIRTIO_CRYPTO_MAC_HMAC_SHA1;
	o->auth_key_sz = 20;
	o->digest_sz = 12;
	o->aead_algo = VIRTIO_CRYPTO_AEAD_GCM;
	o->aead_key_sz = 16;
	o->aead_iv_sz = 12;
	o->aead_aad_sz = 16;
	o->sizes[0] = 64;
	o->nb_sizes = 1;
	o->burst = 32;
	o->total_ops = 1000000;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case O_SOCKET: o->socket = optarg; break;
		case O_PTEST:
			if (LOOKUP(ptests, "--ptest", optarg, &id) != 0)
				return -1;
			o->ptest = id;
			break;
		case O_OPTYPE:
			if (LOOKUP(optypes, "--optype", optarg, &id) != 0)
				return -1;
			o->optype = id;
			break;
		case O_CALGO:
			if (LOOKUP(ciphers, "--cipher-algo", optarg,
				   &o->cipher_algo) != 0)
				return -1;
			break;
		case O_COP:
			if (strcmp(optarg, "encrypt") != 0 &&
			    strcmp(optarg, "decrypt") != 0) {
				fprintf(stderr, "--cipher-op %s: expected "
					"encrypt or decrypt\n", optarg);
				return -1;
			}
			o->encrypt = strcmp(optarg, "encrypt") == 0;
			break;
		case O_CKEY:
			if (number("--cipher-key-sz", optarg, 0, 64, &v) != 0)
				return -1;
			o->cipher_key_sz = (uint32_t)v;
			break;
		case O_CIV:
			if (number("--cipher-iv-sz", optarg, 0, 32, &v) != 0)
				return -1;
			o->cipher_iv_sz = (uint32_t)v;
			iv_given = 1;
			break;
		case O_AALGO:
			if (LOOKUP(auths, "--auth-algo", optarg,
				   &o->auth_algo) != 0)
				return -1;
			break;
		case O_AOP:
			if (strcmp(optarg, "generate") != 0) {
				fprintf(stderr, "--auth-op %s: virtio devices "
					"only generate digests\n", optarg);
				return -1;
			}
			break;
		case O_AKEY:
			if (number("--auth-key-sz", optarg, 1, 512, &v) != 0)
				return -1;
			o->auth_key_sz = (uint32_t)v;
			break;
		case O_DIGEST:
			if (number("--digest-sz", optarg, 1, 64, &v) != 0)
				return -1;
			o->digest_sz = (uint32_t)v;
			break;
		case O_BUF:
			if (sizes(optarg, o) != 0)
				return -1;
			break;
		case O_BURST:
			if (number("--burst-sz", optarg, 1, 128, &v) != 0)
				return -1;
			o->burst = (unsigned int)v;
			break;
		case O_TOTAL:
			if (number("--total-ops", optarg, 1, 1ULL << 40,
				   &v) != 0)
				return -1;
			o->total_ops = v;
			break;
		case O_AALG:
			if (LOOKUP(aeads, "--aead-algo", optarg,
				   &o->aead_algo) != 0)
				return -1;
			break;
		case O_AEOP:
			/* Decrypting needs inputs with valid tags. */
			if (strcmp(optarg, "encrypt") != 0) {
				fprintf(stderr, "--aead-op %s: only encrypt "
					"is measured\n", optarg);
				return -1;
			}
			break;
		case O_AEKEY:
			if (number("--aead-key-sz", optarg, 16, 32, &v) != 0)
				return -1;
			o->aead_key_sz = (uint32_t)v;
			break;
		case O_AEIV:
			if (number("--aead-iv-sz", optarg, 12, 12, &v) != 0)
				return -1;
			o->aead_iv_sz = (uint32_t)v;
			break;
		case O_AEAAD:
			if (number("--aead-aad-sz", optarg, 0, 256, &v) != 0)
				return -1;
			o->aead_aad_sz = (uint32_t)v;
			break;
		case O_CSV: o->csv = 1; break;
		case O_INDIRECT: o->indirect = 1; break;
		case O_PREBUILT: o->prebuilt = 1; break;
		case O_HELP: usage(argv[0]); return 1;
		default:
			fprintf(stderr, "try %s --help\n", argv[0]);
			return -1;
		}
	}
	if (o->socket == NULL) {
		fprintf(stderr, "--socket is required\n");
		return -1;
	}
	if (o->cipher_algo == VIRTIO_CRYPTO_NO_CIPHER && !iv_given)
		o->cipher_iv_sz = 0;
	return 0;
}
