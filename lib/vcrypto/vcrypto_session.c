/* SPDX-License-Identifier: BSD-3-Clause */
/* The per-device session table, shared by every path that makes sessions. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_cryptodev.h>
#include <rte_cycles.h>
#include <rte_pause.h>

#include "vcrypto_private.h"

/*
 * Wait until no lcore can still use anything unpublished before the call:
 * each running lcore finishes the poll round it is in, and every op it had
 * prepared by then comes back from the cryptodev. Queue pairs of the
 * software PMDs we drive complete in order, so a count is enough.
 */
void
vcrypto_quiesce(void)
{
	unsigned int i;

	for (i = 0; i < vcrypto_be.nb_lcores; i++) {
		struct vcrypto_lcore *lc = vcrypto_be.lcores[i];
		uint64_t round, prepared;

		round = __atomic_load_n(&lc->rounds, __ATOMIC_ACQUIRE);
		while (__atomic_load_n(&lc->running, __ATOMIC_ACQUIRE) &&
		       __atomic_load_n(&lc->rounds, __ATOMIC_ACQUIRE) <
				round + 2)
			rte_delay_us_sleep(10);
		prepared = __atomic_load_n(&lc->prepared, __ATOMIC_ACQUIRE);
		while (__atomic_load_n(&lc->running, __ATOMIC_ACQUIRE) &&
		       __atomic_load_n(&lc->completed, __ATOMIC_ACQUIRE) <
				prepared)
			rte_delay_us_sleep(10);
	}
}

/* A free slot gets the session one of @p sym and @p ak describes. */
static int
session_add(struct vcrypto_device *dev, const struct vc_sym_sess *sym,
	    const struct vc_akcipher_sess *ak, uint64_t *id)
{
	uint32_t max = vcrypto_be.conf.max_sessions, i, idx;
	struct vcrypto_session *s = NULL;
	int rc;

	if (dev->nb_sessions >= max)
		return -ENOSPC;
	for (i = 0; i < max; i++) {
		idx = (dev->sess_hint + i) % max;
		if (dev->sessions[idx].id == 0) {
			s = &dev->sessions[idx];
			break;
		}
	}
	if (s == NULL)
		return -ENOSPC;

	rc = vcrypto_session_place(sym, ak, s);
	vc_stack_scrub(); /* what the PMD left of the key */
	if (rc != 0)
		return rc;
	__atomic_fetch_add(&vcrypto_be.cdevs[s->cdev].sessions, 1,
			   __ATOMIC_RELAXED);
	/* Ids stay positive (QEMU's reply is an int64) and never 0. */
	s->gen = (s->gen % INT32_MAX) + 1;
	*id = ((uint64_t)s->gen << 32) | idx;
	dev->sess_hint = idx + 1;
	dev->nb_sessions++;
	/* Publish last: lookups see a complete session or none. */
	__atomic_store_n(&s->id, *id, __ATOMIC_RELEASE);
	return 0;
}

int
vcrypto_session_create(struct vcrypto_device *dev,
		       const struct vc_sym_sess *p, uint64_t *id)
{
	return session_add(dev, p, NULL, id);
}

int
vcrypto_session_create_asym(struct vcrypto_device *dev,
			    const struct vc_akcipher_sess *p, uint64_t *id)
{
	return session_add(dev, NULL, p, id);
}

static void
session_free(struct vcrypto_session *s)
{
	uint8_t cdev_id = vcrypto_be.cdevs[s->cdev].id;

	if (s->service == VIRTIO_CRYPTO_SERVICE_AKCIPHER) {
		if (s->cs_raw != s->cs)
			rte_cryptodev_asym_session_free(cdev_id, s->cs_raw);
		rte_cryptodev_asym_session_free(cdev_id, s->cs);
	} else {
		rte_cryptodev_sym_session_free(cdev_id, s->cs);
	}
	/* crypto_openssl leaves RSA key parts on the stack as it frees. */
	vc_stack_scrub();
	__atomic_fetch_sub(&vcrypto_be.cdevs[s->cdev].sessions, 1,
			   __ATOMIC_RELAXED);
	s->cs = s->cs_raw = NULL;
}

int
vcrypto_session_destroy(struct vcrypto_device *dev, uint64_t id)
{
	struct vcrypto_session *s = vcrypto_session_lookup(dev, id);

	if (s == NULL)
		return -ENOENT;
	__atomic_store_n(&s->id, 0, __ATOMIC_RELEASE);
	/* An op may still carry this session: let them all come back. */
	vcrypto_quiesce();
	session_free(s);
	dev->nb_sessions--;
	return 0;
}

void
vcrypto_session_destroy_all(struct vcrypto_device *dev)
{
	uint32_t i, max = vcrypto_be.conf.max_sessions;

	if (dev->nb_sessions == 0)
		return;
	for (i = 0; i < max; i++)
		__atomic_store_n(&dev->sessions[i].id, 0, __ATOMIC_RELEASE);
	vcrypto_quiesce();
	for (i = 0; i < max; i++)
		if (dev->sessions[i].cs != NULL)
			session_free(&dev->sessions[i]);
	VC_SESS_LOG(INFO, "%s: closed %u sessions", dev->path,
		    dev->nb_sessions);
	dev->nb_sessions = 0;
}
