/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telemetry: /vcrypto/devices, /vcrypto/device,<id>, /vcrypto/stats,<id>,
 * /vcrypto/lcores and /vcrypto/cryptodevs, answered from the telemetry
 * thread. Counters are
 * read with atomic loads; their owners never wait for us.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_cryptodev.h>
#include <rte_cycles.h>
#include <rte_telemetry.h>
#include <rte_vhost.h>

#include "vcrypto_private.h"
#include "vcrypto_telemetry.h"

static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

void
vcrypto_tables_lock(void)
{
	pthread_mutex_lock(&tables_lock);
}

void
vcrypto_tables_unlock(void)
{
	pthread_mutex_unlock(&tables_lock);
}

#define LOAD(p) __atomic_load_n(p, __ATOMIC_RELAXED)

/* "3" or "3,1" -> ids; how many were given, or -1 if malformed. */
static int
parse_ids(const char *params, unsigned long *ids, int max)
{
	const char *p = params;
	int n = 0;

	if (p == NULL || *p == '\0')
		return 0;
	for (;;) {
		char *end;

		if (n == max || *p < '0' || *p > '9')
			return -1;
		errno = 0;
		ids[n++] = strtoul(p, &end, 10);
		if (errno != 0)
			return -1;
		if (*end == '\0')
			return n;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
}

/* The device a command names, or NULL. Call with the tables locked. */
static struct vcrypto_device *
dev_param(const char *params, unsigned long *ids, int *nb)
{
	*nb = parse_ids(params, ids, 2);
	if (*nb < 1 || ids[0] >= (unsigned long)vcrypto_be.nb_devs)
		return NULL;
	return vcrypto_be.devs[ids[0]];
}

static int
tel_devices(const char *cmd __rte_unused, const char *params __rte_unused,
	    struct rte_tel_data *d)
{
	int i;

	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	vcrypto_tables_lock();
	for (i = 0; i < vcrypto_be.nb_devs; i++)
		rte_tel_data_add_array_int(d, i);
	vcrypto_tables_unlock();
	return 0;
}

static const char *
vq_state_name(const struct vcrypto_vq *vq)
{
	if (LOAD(&vq->stats.broken))
		return "broken";
	switch (LOAD(&vq->state)) {
	case VQ_RUNNING: return "running";
	case VQ_STOP_REQ: return "stopping";
	case VQ_STOPPED: return "stopped";
	default: return "idle";
	}
}

static const char *
dev_state_name(const struct vcrypto_device *dev, unsigned int running)
{
	if (LOAD(&dev->vid) < 0)
		return (dev->flags & VCRYPTO_DEV_CLIENT) ?
			"connecting" : "listening";
	return running != 0 ? "running" : "connected";
}

/* Names of the negotiated feature bits a crypto device can have. */
static struct rte_tel_data *
feature_names(uint64_t features)
{
	static const struct { unsigned int bit; const char *name; } f[] = {
		{ VIRTIO_RING_F_INDIRECT_DESC, "RING_INDIRECT_DESC" },
		{ VIRTIO_RING_F_EVENT_IDX, "RING_EVENT_IDX" },
		{ VHOST_USER_F_PROTOCOL_FEATURES, "PROTOCOL_FEATURES" },
		{ VIRTIO_F_VERSION_1, "VERSION_1" },
	};
	struct rte_tel_data *a = rte_tel_data_alloc();
	unsigned int i;

	if (a == NULL)
		return NULL;
	rte_tel_data_start_array(a, RTE_TEL_STRING_VAL);
	for (i = 0; i < RTE_DIM(f); i++)
		if (features & (1ULL << f[i].bit))
			rte_tel_data_add_array_string(a, f[i].name);
	return a;
}

static int
tel_device(const char *cmd __rte_unused, const char *params,
	   struct rte_tel_data *d)
{
	struct vcrypto_device *dev;
	struct rte_tel_data *queues, *names;
	unsigned long ids[2];
	unsigned int running = 0;
	uint16_t q;
	int nb, rc = -EINVAL;

	queues = rte_tel_data_alloc();
	if (queues == NULL)
		return -ENOMEM;
	rte_tel_data_start_dict(queues);
	rte_tel_data_start_dict(d);
	vcrypto_tables_lock();
	dev = dev_param(params, ids, &nb);
	if (dev == NULL || nb != 1)
		goto out;
	for (q = 0; q < dev->nb_dataqs; q++) {
		struct vcrypto_vq *vq = dev->vqs[q];
		char name[8];

		snprintf(name, sizeof(name), "%u", q);
		if (vq == NULL) {
			rte_tel_data_add_dict_string(queues, name,
						     "no lcore");
			continue;
		}
		running += LOAD(&vq->state) == VQ_RUNNING;
		rte_tel_data_add_dict_string(queues, name, vq_state_name(vq));
	}
	rte_tel_data_add_dict_string(d, "socket", dev->path);
	rte_tel_data_add_dict_string(d, "mode",
		(dev->flags & VCRYPTO_DEV_CLIENT) ? "client" : "server");
	rte_tel_data_add_dict_string(d, "state", dev_state_name(dev, running));
	if (LOAD(&dev->vid) >= 0) {
		uint64_t features = LOAD(&dev->features);

		vc_tel_add_u64(d, "features", features);
		names = feature_names(features);
		if (names != NULL)
			rte_tel_data_add_dict_container(d, "feature_names",
							names, 0);
	}
	rte_tel_data_add_dict_int(d, "dataqueues", dev->nb_dataqs);
	rte_tel_data_add_dict_container(d, "queues", queues, 0);
	queues = NULL;
	vc_tel_add_u64(d, "sessions", LOAD(&dev->nb_sessions));
	vc_tel_add_u64(d, "max_sessions",
		       vcrypto_be.conf.max_sessions);
	rc = 0;
out:
	vcrypto_tables_unlock();
	rte_tel_data_free(queues);
	return rc;
}

/* Add @p s to @p t field by field (every field is a u64 counter). */
static void
stats_add(struct vcrypto_queue_stats *t, const struct vcrypto_queue_stats *s)
{
	const uint64_t *src = (const uint64_t *)s;
	uint64_t *dst = (uint64_t *)t;
	size_t i;

	for (i = 0; i < sizeof(*s) / sizeof(uint64_t); i++)
		dst[i] += src[i];
}

static struct rte_tel_data *
stats_dict(const struct vcrypto_queue_stats *s, int lcore)
{
	struct rte_tel_data *d = rte_tel_data_alloc();

	if (d == NULL)
		return NULL;
	rte_tel_data_start_dict(d);
	if (lcore >= 0)
		rte_tel_data_add_dict_int(d, "lcore", lcore);
	vc_tel_add_u64(d, "requests", s->requests);
	vc_tel_add_u64(d, "bytes", s->bytes);
	vc_tel_add_u64(d, "ok", s->ok);
	vc_tel_add_u64(d, "err", s->err);
	vc_tel_add_u64(d, "badmsg", s->badmsg);
	vc_tel_add_u64(d, "notsupp", s->notsupp);
	vc_tel_add_u64(d, "invsess", s->invsess);
	vc_tel_add_u64(d, "key_rejected", s->key_rejected);
	vc_tel_add_u64(d, "bad_chains", s->bad_chains);
	vc_tel_add_u64(d, "alloc_retries", s->alloc_retries);
	vc_tel_add_u64(d, "notifications", s->notifications);
	vc_tel_add_u64(d, "broken", s->broken);
	return d;
}

static int
tel_stats(const char *cmd __rte_unused, const char *params,
	  struct rte_tel_data *d)
{
	struct vcrypto_queue_stats total = { 0 }, s;
	struct vcrypto_device *dev;
	struct rte_tel_data *c;
	unsigned long ids[2];
	uint16_t q, first, last;
	int nb, rc = -EINVAL;

	rte_tel_data_start_dict(d);
	vcrypto_tables_lock();
	dev = dev_param(params, ids, &nb);
	if (dev == NULL || (nb == 2 && ids[1] >= dev->nb_dataqs))
		goto out;
	first = nb == 2 ? (uint16_t)ids[1] : 0;
	last = nb == 2 ? (uint16_t)ids[1] : (uint16_t)(dev->nb_dataqs - 1);
	for (q = first; q <= last; q++) {
		const struct vcrypto_vq *vq = dev->vqs[q];
		char name[8];

		if (vq == NULL || vcrypto_queue_stats_get(dev->id, q, &s) != 0)
			continue;
		stats_add(&total, &s);
		snprintf(name, sizeof(name), "%u", q);
		c = stats_dict(&s, (int)vq->lcore_id);
		if (c != NULL)
			rte_tel_data_add_dict_container(d, name, c, 0);
	}
	if (nb == 1) {
		c = stats_dict(&total, -1);
		if (c != NULL)
			rte_tel_data_add_dict_container(d, "total", c, 0);
	}
	rc = 0;
out:
	vcrypto_tables_unlock();
	return rc;
}

static struct rte_tel_data *
lcore_dict(const struct vcrypto_lcore *lc, uint64_t hz)
{
	struct rte_tel_data *d, *queues;
	uint64_t prepared, completed, busy, idle;
	uint16_t i;

	d = rte_tel_data_alloc();
	queues = rte_tel_data_alloc();
	if (d == NULL || queues == NULL) {
		rte_tel_data_free(d);
		rte_tel_data_free(queues);
		return NULL;
	}
	rte_tel_data_start_array(queues, RTE_TEL_STRING_VAL);
	for (i = 0; i < lc->nb_vqs && i < RTE_TEL_MAX_ARRAY_ENTRIES; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%d:%u", lc->vqs[i]->dev->id,
			 lc->vqs[i]->qid);
		rte_tel_data_add_array_string(queues, name);
	}
	prepared = LOAD(&lc->prepared);
	completed = LOAD(&lc->completed);
	busy = LOAD(&lc->busy_cycles);
	idle = LOAD(&lc->idle_cycles);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_container(d, "queues", queues, 0);
	rte_tel_data_add_dict_int(d, "queue_pair", lc->qp_id);
	rte_tel_data_add_dict_int(d, "running", (int)LOAD(&lc->running));
	vc_tel_add_u64(d, "rounds", LOAD(&lc->rounds));
	vc_tel_add_u64(d, "prepared", prepared);
	vc_tel_add_u64(d, "completed", completed);
	vc_tel_add_u64(d, "inflight", prepared - completed);
	vc_tel_add_u64(d, "enq_retries", LOAD(&lc->enq_retries));
	vc_tel_add_u64(d, "busy_cycles", busy);
	vc_tel_add_u64(d, "idle_cycles", idle);
	vc_tel_add_u64(d, "busy_percent", busy + idle != 0 ?
		       busy * 100 / (busy + idle) : 0u);
	vc_tel_add_u64(d, "take_cycles", LOAD(&lc->take_cycles));
	vc_tel_add_u64(d, "cdev_cycles", LOAD(&lc->cdev_cycles));
	vc_tel_add_u64(d, "finish_cycles",
		       LOAD(&lc->finish_cycles));
	vc_tel_add_u64(d, "tsc_hz", hz);
	return d;
}

static int
tel_lcores(const char *cmd __rte_unused, const char *params __rte_unused,
	   struct rte_tel_data *d)
{
	uint64_t hz = rte_get_tsc_hz();
	uint16_t i;

	rte_tel_data_start_dict(d);
	vcrypto_tables_lock();
	for (i = 0; i < vcrypto_be.nb_lcores; i++) {
		const struct vcrypto_lcore *lc = vcrypto_be.lcores[i];
		struct rte_tel_data *c = lcore_dict(lc, hz);
		char name[16];

		snprintf(name, sizeof(name), "%u", lc->lcore_id);
		if (c != NULL)
			rte_tel_data_add_dict_container(d, name, c, 0);
	}
	vcrypto_tables_unlock();
	return 0;
}

/* The backend's cryptodevs, by preference, with the sessions on each. */
static int
tel_cryptodevs(const char *cmd __rte_unused, const char *params __rte_unused,
	       struct rte_tel_data *d)
{
	uint8_t i;

	rte_tel_data_start_dict(d);
	vcrypto_tables_lock();
	for (i = 0; i < vcrypto_be.nb_cdevs; i++) {
		const struct vcrypto_cdev *cd = &vcrypto_be.cdevs[i];
		struct rte_tel_data *c = rte_tel_data_alloc();
		char name[8];

		if (c == NULL)
			continue;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_int(c, "id", cd->id);
		rte_tel_data_add_dict_string(c, "name",
					     rte_cryptodev_name_get(cd->id));
		rte_tel_data_add_dict_int(c, "zero_copy", cd->zero_copy);
		vc_tel_add_u64(c, "sessions", LOAD(&cd->sessions));
		snprintf(name, sizeof(name), "%u", i);
		rte_tel_data_add_dict_container(d, name, c, 0);
	}
	vcrypto_tables_unlock();
	return 0;
}

void
vcrypto_telemetry_register(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	rte_telemetry_register_cmd("/vcrypto/devices", tel_devices,
		"Ids of the vcrypto devices. Takes no parameters");
	rte_telemetry_register_cmd("/vcrypto/device", tel_device,
		"Socket, state, features, queues, sessions of a device. "
		"Parameters: int device_id");
	rte_telemetry_register_cmd("/vcrypto/stats", tel_stats,
		"Counters of each data queue of a device, and their total. "
		"Parameters: int device_id[,int queue_id]");
	rte_telemetry_register_cmd("/vcrypto/lcores", tel_lcores,
		"What each polling lcore serves, its counters and cycles. "
		"Takes no parameters");
	rte_telemetry_register_cmd("/vcrypto/cryptodevs", tel_cryptodevs,
		"The cryptodevs, in order of preference, and the sessions "
		"on each. Takes no parameters");
}
