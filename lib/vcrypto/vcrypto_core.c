/* SPDX-License-Identifier: BSD-3-Clause */
/* Backend setup: configuration, cryptodev and pools, start and stop. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cryptodev.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "vcrypto_private.h"
#include "vcrypto_telemetry.h"

RTE_LOG_REGISTER_SUFFIX(vcrypto_logtype, core, INFO);
RTE_LOG_REGISTER_SUFFIX(vcrypto_logtype_session, session, INFO);
RTE_LOG_REGISTER_SUFFIX(vcrypto_logtype_datapath, datapath, INFO);
RTE_LOG_REGISTER_SUFFIX(vcrypto_logtype_vhost, vhost, INFO);

struct vcrypto_backend vcrypto_be;

#define QP_DESCRIPTORS 2048

int
vcrypto_init(const struct vcrypto_conf *conf)
{
	struct vcrypto_conf *c = &vcrypto_be.conf;
	unsigned int i, j;

	if (vcrypto_be.started)
		return -EBUSY;
	*c = *conf;
	if (c->burst == 0)
		c->burst = 32;
	if (c->max_sessions == 0)
		c->max_sessions = 1024;
	if (c->ops_per_lcore == 0)
		c->ops_per_lcore = 4096;
	if (c->large_bufs_per_lcore == 0)
		c->large_bufs_per_lcore = 256;
	if (c->large_bufs_per_lcore < LARGE_BUFS_PER_REQ) {
		VC_LOG(ERR, "%u large buffers per lcore: the largest request "
		       "takes %u", c->large_bufs_per_lcore,
		       (unsigned int)LARGE_BUFS_PER_REQ);
		return -EINVAL;
	}
	if (c->burst > VCRYPTO_MAX_BURST) {
		VC_LOG(ERR, "burst %u: must be 1..%u", c->burst,
		       VCRYPTO_MAX_BURST);
		return -EINVAL;
	}
	if (c->max_sessions > UINT32_MAX / 2) {
		VC_LOG(ERR, "max sessions %u: too many", c->max_sessions);
		return -EINVAL;
	}
	if (c->nb_cdevs > VCRYPTO_MAX_CDEVS) {
		VC_LOG(ERR, "%u cryptodevs: at most %u", c->nb_cdevs,
		       VCRYPTO_MAX_CDEVS);
		return -EINVAL;
	}
	if (c->nb_cdevs == 0) {
		c->cdev_ids[0] = c->cdev_id;
		c->nb_cdevs = 1;
	}
	for (i = 0; i < c->nb_cdevs; i++) {
		if (!rte_cryptodev_is_valid_dev(c->cdev_ids[i])) {
			VC_LOG(ERR, "cryptodev %u does not exist",
			       c->cdev_ids[i]);
			return -ENODEV;
		}
		for (j = 0; j < i; j++)
			if (c->cdev_ids[j] == c->cdev_ids[i]) {
				VC_LOG(ERR, "cryptodev %u given twice",
				       c->cdev_ids[i]);
				return -EINVAL;
			}
	}
	c->cdev_id = c->cdev_ids[0];
	vcrypto_be.inited = 1;
	vcrypto_telemetry_register();
	return 0;
}

int
vcrypto_device_create(const char *path, uint32_t flags, uint16_t nb_dataqs)
{
	struct vcrypto_device *dev;
	int i;

	if (vcrypto_be.started || path == NULL)
		return -EINVAL;
	if (vcrypto_be.nb_devs == VCRYPTO_MAX_DEVICES) {
		VC_LOG(ERR, "%s: at most %d devices", path,
		       VCRYPTO_MAX_DEVICES);
		return -ENOSPC;
	}
	if (nb_dataqs == 0 || nb_dataqs > VCRYPTO_MAX_DATAQS) {
		VC_LOG(ERR, "%s: %u data queues: must be 1..%u", path,
		       nb_dataqs, VCRYPTO_MAX_DATAQS);
		return -EINVAL;
	}
	if (strlen(path) >= sizeof(dev->path)) {
		VC_LOG(ERR, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	for (i = 0; i < vcrypto_be.nb_devs; i++)
		if (strcmp(vcrypto_be.devs[i]->path, path) == 0) {
			VC_LOG(ERR, "%s: socket given twice", path);
			return -EEXIST;
		}
	dev = rte_zmalloc("vcrypto_dev", sizeof(*dev), 0);
	if (dev == NULL)
		return -ENOMEM;
	dev->sessions = rte_zmalloc("vcrypto_sessions",
		sizeof(*dev->sessions) * vcrypto_be.conf.max_sessions, 0);
	if (dev->sessions == NULL) {
		rte_free(dev);
		return -ENOMEM;
	}
	strcpy(dev->path, path);
	pthread_mutex_init(&dev->lock, NULL);
	dev->flags = flags;
	dev->nb_dataqs = nb_dataqs;
	dev->vid = -1;
	dev->id = vcrypto_be.nb_devs;
	vcrypto_tables_lock();
	vcrypto_be.devs[vcrypto_be.nb_devs++] = dev;
	vcrypto_tables_unlock();
	return dev->id;
}

static struct vcrypto_lcore *
lcore_get(unsigned int lcore_id)
{
	struct vcrypto_lcore *lc = vcrypto_lcore_find(lcore_id);

	if (lc != NULL)
		return lc;
	lc = rte_zmalloc_socket("vcrypto_lcore", sizeof(*lc),
				RTE_CACHE_LINE_SIZE,
				rte_lcore_to_socket_id(lcore_id));
	if (lc == NULL)
		return NULL;
	lc->lcore_id = lcore_id;
	lc->qp_id = vcrypto_be.nb_lcores;
	vcrypto_tables_lock();
	vcrypto_be.lcores[vcrypto_be.nb_lcores++] = lc;
	vcrypto_tables_unlock();
	return lc;
}

int
vcrypto_queue_map(unsigned int lcore_id, int dev_id, uint16_t qid)
{
	struct vcrypto_device *dev;
	struct vcrypto_lcore *lc;
	struct vcrypto_vq *vq;

	if (vcrypto_be.started)
		return -EBUSY;
	if (dev_id < 0 || dev_id >= vcrypto_be.nb_devs) {
		VC_LOG(ERR, "device %d does not exist", dev_id);
		return -EINVAL;
	}
	dev = vcrypto_be.devs[dev_id];
	if (qid >= dev->nb_dataqs) {
		VC_LOG(ERR, "%s: queue %u: device has %u data queues",
		       dev->path, qid, dev->nb_dataqs);
		return -EINVAL;
	}
	if (!rte_lcore_is_enabled(lcore_id) ||
	    lcore_id == rte_get_main_lcore()) {
		VC_LOG(ERR, "lcore %u: not an enabled worker lcore", lcore_id);
		return -EINVAL;
	}
	if (dev->vqs[qid] != NULL) {
		VC_LOG(ERR, "%s: queue %u already polled by lcore %u",
		       dev->path, qid, dev->vqs[qid]->lcore_id);
		return -EEXIST;
	}
	lc = lcore_get(lcore_id);
	if (lc == NULL)
		return -ENOMEM;
	vq = rte_zmalloc_socket("vcrypto_vq", sizeof(*vq),
				RTE_CACHE_LINE_SIZE,
				rte_lcore_to_socket_id(lcore_id));
	if (vq == NULL)
		return -ENOMEM;
	vq->dev = dev;
	vq->qid = qid;
	vq->lcore_id = lcore_id;
	vq->callfd = -1;
	vcrypto_tables_lock();
	dev->vqs[qid] = vq;
	lc->vqs[lc->nb_vqs++] = vq;
	vcrypto_tables_unlock();
	return 0;
}

static int
lcore_pools(struct vcrypto_lcore *lc)
{
	const struct vcrypto_conf *c = &vcrypto_be.conf;
	int socket = rte_lcore_to_socket_id(lc->lcore_id);
	char name[RTE_MEMPOOL_NAMESIZE];

	snprintf(name, sizeof(name), "vc_op_%u", lc->lcore_id);
	lc->op_pool = rte_crypto_op_pool_create(name,
			RTE_CRYPTO_OP_TYPE_SYMMETRIC, c->ops_per_lcore, 256,
			VCRYPTO_OP_PRIV_SIZE, socket);
	if (lc->op_pool != NULL)
		rte_mempool_obj_iter(lc->op_pool, vcrypto_op_pool_init, NULL);
	snprintf(name, sizeof(name), "vc_small_%u", lc->lcore_id);
	lc->small_pool = rte_pktmbuf_pool_create(name, c->ops_per_lcore, 256,
			0, SMALL_BUF_SIZE, socket);
	snprintf(name, sizeof(name), "vc_large_%u", lc->lcore_id);
	lc->large_pool = rte_pktmbuf_pool_create(name,
			c->large_bufs_per_lcore, 0, 0, LARGE_BUF_SIZE,
			socket);
	snprintf(name, sizeof(name), "vc_asym_%u", lc->lcore_id);
	if (vcrypto_be.asym_sess_pool != NULL)
		lc->asym_op_pool = vcrypto_asym_op_pool_create(name, socket);
	if (lc->op_pool == NULL || lc->small_pool == NULL ||
	    lc->large_pool == NULL ||
	    (vcrypto_be.asym_sess_pool != NULL && lc->asym_op_pool == NULL)) {
		VC_LOG(ERR, "lcore %u: cannot create pools: %s", lc->lcore_id,
		       rte_strerror(rte_errno));
		return -ENOMEM;
	}
	return 0;
}

/*
 * Zero copy hands the PMD guest virtual addresses as IOVAs and separate
 * source and destination buffers: software PMDs, out of place.
 */
static int
zero_copy_ok(const struct rte_cryptodev_info *info)
{
	return !(info->feature_flags & RTE_CRYPTODEV_FF_HW_ACCELERATED) &&
	       (info->feature_flags & RTE_CRYPTODEV_FF_OOP_LB_IN_LB_OUT);
}

/* Configure and start one cryptodev: a queue pair per polling lcore. */
static int
cdev_setup(struct vcrypto_cdev *cd)
{
	const struct vcrypto_conf *c = &vcrypto_be.conf;
	struct rte_cryptodev_info info;
	struct rte_cryptodev_config cfg = {
		.socket_id = rte_cryptodev_socket_id(cd->id),
		.nb_queue_pairs = vcrypto_be.nb_lcores,
		.ff_disable = RTE_CRYPTODEV_FF_SECURITY,
	};
	struct rte_cryptodev_qp_conf qp = {
		.nb_descriptors = QP_DESCRIPTORS,
	};
	char name[RTE_MEMPOOL_NAMESIZE];
	uint32_t nb_sess;
	uint16_t i;

	rte_cryptodev_info_get(cd->id, &info);
	if (c->copy_mode == VCRYPTO_COPY_NEVER && !zero_copy_ok(&info)) {
		VC_LOG(ERR, "%s: zero copy needs a software PMD that works "
		       "out of place", info.driver_name);
		return -ENOTSUP;
	}
	cd->zero_copy = zero_copy_ok(&info) &&
		c->copy_mode != VCRYPTO_COPY_ALWAYS;
	if (vcrypto_be.nb_lcores > info.max_nb_queue_pairs) {
		VC_LOG(ERR, "%s: %u queue pairs, %u polling lcores",
		       info.driver_name, info.max_nb_queue_pairs,
		       vcrypto_be.nb_lcores);
		return -EINVAL;
	}
	if (cfg.socket_id < 0)
		cfg.socket_id = 0;
	nb_sess = c->max_sessions * vcrypto_be.nb_devs;
	snprintf(name, sizeof(name), "vc_sess_%u", cd->id);
	cd->sess_pool = rte_cryptodev_sym_session_pool_create(name, nb_sess,
		rte_cryptodev_sym_get_private_session_size(cd->id), 0, 0,
		cfg.socket_id);
	if (cd->sess_pool == NULL) {
		VC_LOG(ERR, "cannot create a pool of %u sessions", nb_sess);
		return -ENOMEM;
	}
	qp.mp_session = cd->sess_pool;
	if (rte_cryptodev_configure(cd->id, &cfg) != 0) {
		VC_LOG(ERR, "%s: configure failed", info.driver_name);
		return -EINVAL;
	}
	for (i = 0; i < vcrypto_be.nb_lcores; i++)
		if (rte_cryptodev_queue_pair_setup(cd->id, i, &qp,
						   cfg.socket_id) != 0) {
			VC_LOG(ERR, "%s: queue pair %u setup failed",
			       info.driver_name, i);
			return -EINVAL;
		}
	if (rte_cryptodev_start(cd->id) != 0) {
		VC_LOG(ERR, "%s: start failed", info.driver_name);
		return -EINVAL;
	}
	VC_LOG(INFO, "cryptodev %u (%s): %u queue pairs, %s", cd->id,
	       info.driver_name, vcrypto_be.nb_lcores,
	       cd->zero_copy ? "zero copy" : "copy mode");
	return 0;
}

static int
cryptodev_setup(void)
{
	const struct vcrypto_conf *c = &vcrypto_be.conf;
	uint8_t i;
	int rc, asym = 0;

	for (i = 0; i < c->nb_cdevs; i++) {
		struct rte_cryptodev_info info;

		vcrypto_be.cdevs[i].id = c->cdev_ids[i];
		/* Counted first: cleanup stops what was configured. */
		vcrypto_be.nb_cdevs = i + 1;
		rc = cdev_setup(&vcrypto_be.cdevs[i]);
		if (rc != 0)
			return rc;
		rte_cryptodev_info_get(c->cdev_ids[i], &info);
		if (info.feature_flags & RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO)
			asym = 1;
	}
	/*
	 * One pool serves every asymmetric cryptodev (its elements fit the
	 * largest); akcipher sessions share the table and its limit.
	 */
	if (asym) {
		uint32_t nb_sess = c->max_sessions * vcrypto_be.nb_devs *
			VC_RSA_SESSIONS_PER_KEY;

		vcrypto_be.asym_sess_pool =
			rte_cryptodev_asym_session_pool_create("vc_asym_sess",
				nb_sess, 0, 0, rte_socket_id());
		if (vcrypto_be.asym_sess_pool == NULL) {
			VC_LOG(ERR, "cannot create a pool of %u asymmetric "
			       "sessions", nb_sess);
			return -ENOMEM;
		}
	}
	return 0;
}

int
vcrypto_start(void)
{
	int i, rc;

	if (vcrypto_be.started)
		return -EBUSY;
	if (vcrypto_be.nb_devs == 0 || vcrypto_be.nb_lcores == 0) {
		VC_LOG(ERR, "nothing to serve: %d devices, %u lcores",
		       vcrypto_be.nb_devs, vcrypto_be.nb_lcores);
		return -EINVAL;
	}
	for (i = 0; i < vcrypto_be.nb_devs; i++) {
		struct vcrypto_device *dev = vcrypto_be.devs[i];
		uint16_t q;

		for (q = 0; q < dev->nb_dataqs; q++)
			if (dev->vqs[q] == NULL)
				VC_LOG(WARNING, "%s: queue %u has no lcore",
				       dev->path, q);
	}
	rc = cryptodev_setup();
	for (i = 0; rc == 0 && i < vcrypto_be.nb_lcores; i++)
		rc = lcore_pools(vcrypto_be.lcores[i]);
	if (rc != 0)
		return rc;
	rc = vcrypto_ctrlq_thread_start();
	if (rc != 0)
		return rc;
	vcrypto_be.started = 1;
	for (i = 0; i < vcrypto_be.nb_devs; i++) {
		rc = vcrypto_vhost_register(vcrypto_be.devs[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

void
vcrypto_stop(void)
{
	__atomic_store_n(&vcrypto_be.stop, 1, __ATOMIC_RELEASE);
}

void
vcrypto_cleanup(void)
{
	int i;
	unsigned int l;

	/* Before the devices it polls go away. */
	vcrypto_ctrlq_thread_stop();
	/* Telemetry waits while the tables go away. */
	vcrypto_tables_lock();
	for (i = 0; i < vcrypto_be.nb_devs; i++) {
		struct vcrypto_device *dev = vcrypto_be.devs[i];
		uint16_t q;

		if (vcrypto_be.started)
			vcrypto_vhost_unregister(dev);
		vcrypto_session_destroy_all(dev);
		for (q = 0; q < dev->nb_dataqs; q++) {
			if (dev->vqs[q] != NULL) {
				rte_free(dev->vqs[q]->reqs);
				rte_free(dev->vqs[q]->busy);
			}
			rte_free(dev->vqs[q]);
		}
		rte_free(dev->sessions);
		rte_free(dev);
	}
	for (l = 0; l < vcrypto_be.nb_cdevs; l++) {
		rte_cryptodev_stop(vcrypto_be.cdevs[l].id);
		rte_cryptodev_close(vcrypto_be.cdevs[l].id);
		rte_mempool_free(vcrypto_be.cdevs[l].sess_pool);
	}
	for (l = 0; l < vcrypto_be.nb_lcores; l++) {
		struct vcrypto_lcore *lc = vcrypto_be.lcores[l];

		rte_mempool_free(lc->op_pool);
		rte_mempool_free(lc->small_pool);
		rte_mempool_free(lc->large_pool);
		rte_mempool_free(lc->asym_op_pool);
		rte_free(lc);
	}
	rte_mempool_free(vcrypto_be.asym_sess_pool);
	memset(&vcrypto_be, 0, sizeof(vcrypto_be));
	vcrypto_tables_unlock();
}

int
vcrypto_device_count(void)
{
	return vcrypto_be.nb_devs;
}

static struct vcrypto_device *
dev_get(int dev_id)
{
	if (dev_id < 0 || dev_id >= vcrypto_be.nb_devs)
		return NULL;
	return vcrypto_be.devs[dev_id];
}

const char *
vcrypto_device_path(int dev_id)
{
	struct vcrypto_device *dev = dev_get(dev_id);

	return dev != NULL ? dev->path : NULL;
}

uint16_t
vcrypto_device_dataqs(int dev_id)
{
	struct vcrypto_device *dev = dev_get(dev_id);

	return dev != NULL ? dev->nb_dataqs : 0;
}

uint32_t
vcrypto_device_sessions(int dev_id)
{
	struct vcrypto_device *dev = dev_get(dev_id);

	return dev != NULL ? dev->nb_sessions : 0;
}

int
vcrypto_queue_stats_get(int dev_id, uint16_t qid,
			struct vcrypto_queue_stats *stats)
{
	struct vcrypto_device *dev = dev_get(dev_id);
	const uint64_t *src;
	uint64_t *dst;
	size_t i;

	if (dev == NULL || qid >= dev->nb_dataqs || dev->vqs[qid] == NULL)
		return -EINVAL;
	src = (const uint64_t *)&dev->vqs[qid]->stats;
	dst = (uint64_t *)stats;
	for (i = 0; i < sizeof(*stats) / sizeof(uint64_t); i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
	return 0;
}

int
vcrypto_queue_lcore(int dev_id, uint16_t qid)
{
	struct vcrypto_device *dev = dev_get(dev_id);

	if (dev == NULL || qid >= dev->nb_dataqs || dev->vqs[qid] == NULL)
		return -1;
	return (int)dev->vqs[qid]->lcore_id;
}
