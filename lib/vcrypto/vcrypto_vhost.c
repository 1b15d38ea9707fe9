/* SPDX-License-Identifier: BSD-3-Clause */
/* librte_vhost glue: sockets, device lifecycle, crypto session messages. */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_vhost.h>

#include "vcrypto_private.h"

/* Virtio and vhost-user bits a crypto device offers; no net bits. */
#define VC_FEATURES ((1ULL << VIRTIO_F_VERSION_1) | \
		     (1ULL << VIRTIO_RING_F_INDIRECT_DESC) | \
		     (1ULL << VIRTIO_RING_F_EVENT_IDX) | \
		     (1ULL << VHOST_USER_F_PROTOCOL_FEATURES))

#define VHOST_USER_PROTOCOL_F_MQ 0
#define VHOST_USER_PROTOCOL_F_REPLY_ACK 3
#define VHOST_USER_PROTOCOL_F_CRYPTO_SESSION 7
#define VHOST_USER_PROTOCOL_F_CONFIG 9
/*
 * Not STATUS: QEMU 7.2's crypto path takes it, sends SET_STATUS but never
 * with DRIVER_OK, and librte_vhost then never starts the device.
 */
#define VC_PROTOCOL_FEATURES ((1ULL << VHOST_USER_PROTOCOL_F_MQ) | \
			      (1ULL << VHOST_USER_PROTOCOL_F_REPLY_ACK) | \
			      (1ULL << VHOST_USER_PROTOCOL_F_CRYPTO_SESSION) | \
			      (1ULL << VHOST_USER_PROTOCOL_F_CONFIG))

#define VHOST_USER_SET_FEATURES 2
#define VHOST_USER_SET_MEM_TABLE 5
#define VHOST_USER_SET_VRING_NUM 8
#define VHOST_USER_SET_VRING_ADDR 9
#define VHOST_USER_SET_VRING_BASE 10
#define VHOST_USER_SET_VRING_CALL 13
#define VHOST_USER_GET_CONFIG 24
#define VHOST_USER_CREATE_CRYPTO_SESSION 26
#define VHOST_USER_CLOSE_CRYPTO_SESSION 27

/* The vhost-user message as librte_vhost hands it to extern handlers. */
struct vhost_user_msg {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
	uint8_t payload[];
} __rte_packed;

static struct vcrypto_device *vid_devs[RTE_MAX_VHOST_DEVICE];
/* The frontend of a connection is QEMU's cryptodev-vhost-user (below). */
static uint8_t vid_qemu_crypto[RTE_MAX_VHOST_DEVICE];
/* Between new_device and destroy_device. */
static uint8_t vid_running[RTE_MAX_VHOST_DEVICE];
/* Queues stopped by pre_msg() for the message being handled. */
static uint8_t vid_paused[RTE_MAX_VHOST_DEVICE];

static struct vcrypto_device *
dev_of_vid(int vid)
{
	if (vid < 0 || vid >= RTE_MAX_VHOST_DEVICE)
		return NULL;
	return vid_devs[vid];
}

/*
 * Set the reply's id; the payload sits unaligned after the header. QEMU
 * (vhost_user_crypto_create_session) wants the same request and size back
 * and fails the guest's session on a negative id.
 */
static void
reply_session(struct vhost_user_msg *m, int64_t id)
{
	memcpy(m->payload, &id, sizeof(id));
	/* Both layouts keep the keys at one offset: send none back. */
	if (m->size == sizeof(struct vc_vhost_sess_msg_72))
		explicit_bzero(m->payload +
			offsetof(struct vc_vhost_sess_msg_72, key),
			VC_MAX_CIPHER_KEY_LEN + VC_MAX_AUTH_KEY_LEN);
}

static enum rte_vhost_msg_result
create_session(struct vcrypto_device *dev, struct vhost_user_msg *m)
{
	enum vc_vhost_sess_layout layout;
	static enum vc_vhost_sess_layout logged;
	struct vc_sym_sess p;
	uint64_t id;
	int rc;

	rc = vc_vhost_sess_decode(m->payload, m->size, &p, &layout);
	if (rc == VIRTIO_CRYPTO_OK) {
		if (layout != logged) {
			VC_SESS_LOG(INFO, "%s: session messages in layout %s",
				    dev->path,
				    vc_vhost_sess_layout_name(layout));
			logged = layout;
		}
		/* The controlq thread shares the table. */
		pthread_mutex_lock(&dev->lock);
		rc = vcrypto_session_create(dev, &p, &id);
		pthread_mutex_unlock(&dev->lock);
	} else {
		rc = -EINVAL;
	}
	explicit_bzero(&p, sizeof(p));
	if (m->size < sizeof(int64_t))
		return RTE_VHOST_MSG_RESULT_ERR;
	if (rc != 0) {
		VC_SESS_LOG(NOTICE, "%s: session refused: %s", dev->path,
			    strerror(-rc));
		reply_session(m, -1);
		return RTE_VHOST_MSG_RESULT_REPLY;
	}
	VC_SESS_LOG(DEBUG, "%s: session %#" PRIx64 " created", dev->path, id);
	reply_session(m, (int64_t)id);
	return RTE_VHOST_MSG_RESULT_REPLY;
}

static enum rte_vhost_msg_result
close_session(struct vcrypto_device *dev, struct vhost_user_msg *m)
{
	uint64_t id;
	int rc;

	if (m->size != sizeof(id))
		return RTE_VHOST_MSG_RESULT_ERR;
	memcpy(&id, m->payload, sizeof(id));
	pthread_mutex_lock(&dev->lock);
	rc = vcrypto_session_destroy(dev, id);
	pthread_mutex_unlock(&dev->lock);
	if (rc != 0)
		VC_SESS_LOG(NOTICE, "%s: close of unknown session %#" PRIx64,
			    dev->path, id);
	return RTE_VHOST_MSG_RESULT_OK;
}

/* GET_CONFIG's payload (vhost-user spec: at most 256 bytes of space). */
struct vhost_user_config {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t region[256];
} __rte_packed;

/*
 * The config space, from what the cryptodev can run. librte_vhost hands
 * GET_CONFIG to vDPA devices only, so it is answered here.
 */
static enum rte_vhost_msg_result
get_config(struct vcrypto_device *dev, struct vhost_user_msg *m)
{
	struct virtio_crypto_config c;
	struct vhost_user_config h;

	if (m->size < offsetof(struct vhost_user_config, region) ||
	    m->size > sizeof(h))
		return RTE_VHOST_MSG_RESULT_ERR;
	memset(&h, 0, sizeof(h));
	memcpy(&h, m->payload, m->size);
	if ((uint64_t)h.offset + h.size > sizeof(c) ||
	    (uint64_t)h.size + offsetof(struct vhost_user_config, region) >
	    m->size)
		return RTE_VHOST_MSG_RESULT_ERR;
	if (vcrypto_device_config(dev->id, &c) != 0)
		return RTE_VHOST_MSG_RESULT_ERR;
	memcpy(m->payload + offsetof(struct vhost_user_config, region),
	       (uint8_t *)&c + h.offset, h.size);
	return RTE_VHOST_MSG_RESULT_REPLY;
}

/*
 * QEMU's cryptodev-vhost-user (7.2, and every version since 2.12 as far
 * as we read it) never acks the guest's features to its vhost device: it
 * sets VHOST_USER_F_PROTOCOL_FEATURES alone, without VERSION_1, which a
 * virtio-crypto driver cannot do without. The same frontend never sends
 * SET_VRING_ENABLE, and librte_vhost, which with PROTOCOL_FEATURES waits
 * for it, would never start the device: the guest's first request hangs.
 * Recognise that frontend by this features word and hide the bit from
 * librte_vhost, which then enables each ring at SET_VRING_KICK as the spec
 * says for frontends without it; a SET_VRING_ENABLE still counts if sent.
 */
static void
set_features(int vid, struct vcrypto_device *dev, struct vhost_user_msg *m)
{
	uint64_t f;
	uint8_t qemu;

	if (m->size != sizeof(f))
		return; /* librte_vhost refuses it */
	memcpy(&f, m->payload, sizeof(f));
	qemu = (f & (1ULL << VHOST_USER_F_PROTOCOL_FEATURES)) &&
	       !(f & (1ULL << VIRTIO_F_VERSION_1));
	if (qemu && !vid_qemu_crypto[vid])
		VC_VHOST_LOG(INFO, "%s: features %#" PRIx64 " without "
			     "VERSION_1: QEMU's cryptodev-vhost-user, rings "
			     "start enabled, indirect descriptors accepted",
			     dev->path, f);
	vid_qemu_crypto[vid] = qemu;
	if (qemu) {
		f &= ~(1ULL << VHOST_USER_F_PROTOCOL_FEATURES);
		memcpy(m->payload, &f, sizeof(f));
	}
}

static int
vq_setup(struct vcrypto_device *dev, int vid, struct vcrypto_vq *vq,
	 struct rte_vhost_memory *mem)
{
	struct rte_vhost_vring vr;
	uint16_t last_avail, last_used;
	uint32_t i;

	if (rte_vhost_get_vhost_vring(vid, vq->qid, &vr) != 0 ||
	    vr.desc == NULL || vr.avail == NULL || vr.used == NULL)
		return -EINVAL;
	if (vr.size == 0 || vr.size > VC_MAX_RING_SIZE ||
	    (vr.size & (vr.size - 1)) != 0) {
		VC_VHOST_LOG(ERR, "%s: queue %u: bad ring size %u",
			     dev->path, vq->qid, vr.size);
		return -EINVAL;
	}
	if (rte_vhost_get_vring_base(vid, vq->qid, &last_avail,
				     &last_used) != 0)
		return -EINVAL;
	vq->reqs = rte_zmalloc_socket("vcrypto_reqs",
			sizeof(*vq->reqs) * vr.size, RTE_CACHE_LINE_SIZE,
			rte_lcore_to_socket_id(vq->lcore_id));
	vq->busy = rte_zmalloc_socket("vcrypto_busy", vr.size,
			RTE_CACHE_LINE_SIZE,
			rte_lcore_to_socket_id(vq->lcore_id));
	if (vq->reqs == NULL || vq->busy == NULL) {
		rte_free(vq->reqs);
		rte_free(vq->busy);
		vq->reqs = NULL;
		vq->busy = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < vr.size; i++)
		vq->reqs[i].wr = vq->reqs[i].wr_short;
	vq->desc = vr.desc;
	vq->avail = vr.avail;
	vq->used = vr.used;
	vq->size = vr.size;
	vq->callfd = vr.callfd;
	vq->last_avail = last_avail;
	vq->used_idx = vq->used_published = last_used;
	vq->inflight = 0;
	vq->long_inflight = 0;
	vq->broken = 0;
	vq->event_idx = !!(dev->features & (1ULL << VIRTIO_RING_F_EVENT_IDX));
	/*
	 * QEMU's cryptodev-vhost-user does not tell us what the guest
	 * negotiated (see set_features()); Linux's driver sends indirect
	 * chains, which we offered. EVENT_IDX stays off: assuming it would
	 * suppress notifications a guest without it waits for.
	 */
	vq->indirect_ok =
		!!(dev->features & (1ULL << VIRTIO_RING_F_INDIRECT_DESC)) ||
		vid_qemu_crypto[vid];
	vq->mem.nregions = RTE_MIN(mem->nregions, (uint32_t)VC_MAX_MEM_REGIONS);
	vq->mem.last_hit = 0;
	for (i = 0; i < vq->mem.nregions; i++) {
		vq->mem.regions[i].gpa = mem->regions[i].guest_phys_addr;
		vq->mem.regions[i].size = mem->regions[i].size;
		vq->mem.regions[i].hva = mem->regions[i].host_user_addr;
	}
	/* We poll: the driver need not kick us. */
	__atomic_store_n(&vq->used->flags, VRING_USED_F_NO_NOTIFY,
			 __ATOMIC_RELAXED);
	return 0;
}

/* Take a queue back from its lcore once all it took is completed. */
static void
vq_stop(struct vcrypto_device *dev, struct vcrypto_vq *vq)
{
	struct vcrypto_lcore *lc = vcrypto_lcore_find(vq->lcore_id);

	if (__atomic_load_n(&vq->state, __ATOMIC_ACQUIRE) != VQ_RUNNING)
		return;
	__atomic_store_n(&vq->state, VQ_STOP_REQ, __ATOMIC_RELEASE);
	while (__atomic_load_n(&vq->state, __ATOMIC_ACQUIRE) != VQ_STOPPED &&
	       lc != NULL && __atomic_load_n(&lc->running, __ATOMIC_ACQUIRE))
		rte_delay_us_sleep(100);
	if (dev->vid >= 0)
		rte_vhost_set_vring_base(dev->vid, vq->qid, vq->last_avail,
					 vq->used_idx);
	rte_free(vq->reqs);
	rte_free(vq->busy);
	vq->reqs = NULL;
	vq->busy = NULL;
	__atomic_store_n(&vq->state, VQ_IDLE, __ATOMIC_RELEASE);
}

/* Hand every data queue the frontend set up to its lcore. */
static int
queues_start(struct vcrypto_device *dev, int vid)
{
	struct rte_vhost_memory *mem = NULL;
	uint16_t nr, q;
	int rc;

	if (rte_vhost_get_negotiated_features(vid, &dev->features) != 0 ||
	    rte_vhost_get_mem_table(vid, &mem) != 0)
		return -1;
	if (mem->nregions > VC_MAX_MEM_REGIONS)
		VC_VHOST_LOG(WARNING, "%s: %u memory regions, using the first "
			     "%u", dev->path, mem->nregions,
			     VC_MAX_MEM_REGIONS);
	nr = rte_vhost_get_vring_num(vid);
	/* The controlq is the vring after the data queues. */
	if (nr > dev->nb_dataqs + 1)
		VC_VHOST_LOG(WARNING, "%s: frontend set up %u rings, serving %u",
			     dev->path, nr, dev->nb_dataqs + 1);
	for (q = 0; q < RTE_MIN(nr, dev->nb_dataqs); q++) {
		struct vcrypto_vq *vq = dev->vqs[q];

		if (vq == NULL) {
			VC_VHOST_LOG(WARNING, "%s: queue %u has no lcore",
				     dev->path, q);
			continue;
		}
		rc = vq_setup(dev, vid, vq, mem);
		if (rc != 0) {
			VC_VHOST_LOG(ERR, "%s: queue %u: setup failed: %s",
				     dev->path, q, strerror(-rc));
			continue;
		}
		__atomic_store_n(&vq->state, VQ_RUNNING, __ATOMIC_RELEASE);
	}
	if (nr > dev->nb_dataqs) {
		rc = vcrypto_ctrlq_start(dev, vid, dev->nb_dataqs, mem,
				!!(dev->features &
				   (1ULL << VIRTIO_RING_F_INDIRECT_DESC)) ||
				vid_qemu_crypto[vid]);
		if (rc != 0)
			VC_VHOST_LOG(ERR, "%s: controlq: setup failed: %s",
				     dev->path, strerror(-rc));
	}
	free(mem);
	return nr;
}

static void
queues_stop(struct vcrypto_device *dev)
{
	uint16_t q;

	for (q = 0; q < dev->nb_dataqs; q++)
		if (dev->vqs[q] != NULL)
			vq_stop(dev, dev->vqs[q]);
	vcrypto_ctrlq_stop(dev);
}

static int
new_device(int vid)
{
	struct vcrypto_device *dev = dev_of_vid(vid);
	int nr;

	if (dev == NULL)
		return -1;
	nr = queues_start(dev, vid);
	if (nr < 0)
		return -1;
	vid_running[vid] = 1;
	VC_VHOST_LOG(INFO, "%s: device ready, features %#" PRIx64 ", %d rings",
		     dev->path, dev->features, nr);
	return 0;
}

static void
destroy_device(int vid)
{
	struct vcrypto_device *dev = dev_of_vid(vid);

	if (dev == NULL)
		return;
	queues_stop(dev);
	vid_running[vid] = 0;
	vid_paused[vid] = 0;
	VC_VHOST_LOG(INFO, "%s: device stopped", dev->path);
}

static enum rte_vhost_msg_result
pre_msg(int vid, void *msg)
{
	struct vcrypto_device *dev = dev_of_vid(vid);
	struct vhost_user_msg *m = msg;

	if (dev == NULL)
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	switch (m->request) {
	case VHOST_USER_SET_FEATURES:
		set_features(vid, dev, m);
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	case VHOST_USER_SET_MEM_TABLE:
	case VHOST_USER_SET_VRING_NUM:
	case VHOST_USER_SET_VRING_ADDR:
	case VHOST_USER_SET_VRING_BASE:
	case VHOST_USER_SET_VRING_CALL:
		/*
		 * librte_vhost applies these to a started device without
		 * telling us: it unmaps the old memory table and closes the
		 * old call fd under our lcores. QEMU 7.2's crypto path sends
		 * its last SET_VRING_CALL after SET_VRING_KICK has started
		 * the device; a memory change sends SET_MEM_TABLE. Take the
		 * queues back now and restart them in post_msg().
		 */
		if (vid_running[vid]) {
			queues_stop(dev);
			vid_paused[vid] = 1;
		}
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	case VHOST_USER_GET_CONFIG:
		return get_config(dev, m);
	case VHOST_USER_CREATE_CRYPTO_SESSION:
		return create_session(dev, m);
	case VHOST_USER_CLOSE_CRYPTO_SESSION:
		return close_session(dev, m);
	default:
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	}
}

static enum rte_vhost_msg_result
post_msg(int vid, void *msg)
{
	struct vcrypto_device *dev = dev_of_vid(vid);
	struct vhost_user_msg *m = msg;

	if (dev == NULL || !vid_paused[vid])
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	vid_paused[vid] = 0;
	if (!vid_running[vid])
		return RTE_VHOST_MSG_RESULT_OK;
	if (queues_start(dev, vid) < 0)
		VC_VHOST_LOG(ERR, "%s: cannot restart the queues", dev->path);
	else if (m->request == VHOST_USER_SET_MEM_TABLE)
		VC_VHOST_LOG(INFO, "%s: new memory table, queues restarted",
			     dev->path);
	else
		VC_VHOST_LOG(DEBUG, "%s: queues restarted after message %u",
			     dev->path, m->request);
	return RTE_VHOST_MSG_RESULT_OK;
}

static const struct rte_vhost_user_extern_ops extern_ops = {
	.pre_msg_handle = pre_msg,
	.post_msg_handle = post_msg,
};

static int
new_connection(int vid)
{
	char path[PATH_MAX];
	int i;

	if (vid < 0 || vid >= RTE_MAX_VHOST_DEVICE ||
	    rte_vhost_get_ifname(vid, path, sizeof(path)) != 0)
		return -1;
	for (i = 0; i < vcrypto_be.nb_devs; i++) {
		struct vcrypto_device *dev = vcrypto_be.devs[i];

		if (strcmp(dev->path, path) != 0)
			continue;
		/* One frontend per device: a second one is turned away. */
		if (dev->vid >= 0) {
			VC_VHOST_LOG(WARNING, "%s: already has a frontend",
				     path);
			return -1;
		}
		if (rte_vhost_extern_callback_register(vid, &extern_ops,
						       NULL) != 0)
			return -1;
		dev->vid = vid;
		vid_devs[vid] = dev;
		vid_qemu_crypto[vid] = 0;
		vid_running[vid] = vid_paused[vid] = 0;
		VC_VHOST_LOG(INFO, "%s: frontend connected", path);
		return 0;
	}
	return -1;
}

static void
destroy_connection(int vid)
{
	struct vcrypto_device *dev = dev_of_vid(vid);

	if (dev == NULL)
		return;
	/* A frontend that goes away takes its sessions with it. */
	pthread_mutex_lock(&dev->lock);
	vcrypto_session_destroy_all(dev);
	pthread_mutex_unlock(&dev->lock);
	vid_devs[vid] = NULL;
	dev->vid = -1;
	VC_VHOST_LOG(INFO, "%s: frontend disconnected", dev->path);
}

static const struct rte_vhost_device_ops device_ops = {
	.new_device = new_device,
	.destroy_device = destroy_device,
	.new_connection = new_connection,
	.destroy_connection = destroy_connection,
};

int
vcrypto_vhost_register(struct vcrypto_device *dev)
{
	uint64_t flags = 0;
	int rc;

	if (dev->flags & VCRYPTO_DEV_CLIENT)
		flags |= RTE_VHOST_USER_CLIENT; /* reconnects by default */
	rc = rte_vhost_driver_register(dev->path, flags);
	if (rc != 0) {
		VC_VHOST_LOG(ERR, "%s: cannot register socket", dev->path);
		return -EINVAL;
	}
	if (rte_vhost_driver_set_features(dev->path, VC_FEATURES) != 0 ||
	    rte_vhost_driver_set_protocol_features(dev->path,
			VC_PROTOCOL_FEATURES) != 0 ||
	    rte_vhost_driver_callback_register(dev->path,
			&device_ops) != 0 ||
	    rte_vhost_driver_start(dev->path) != 0) {
		VC_VHOST_LOG(ERR, "%s: cannot start vhost-user driver",
			     dev->path);
		rte_vhost_driver_unregister(dev->path);
		return -EINVAL;
	}
	VC_VHOST_LOG(INFO, "%s: %s, %u data queues", dev->path,
		     (dev->flags & VCRYPTO_DEV_CLIENT) ?
			"connecting" : "listening", dev->nb_dataqs);
	return 0;
}

void
vcrypto_vhost_unregister(struct vcrypto_device *dev)
{
	rte_vhost_driver_unregister(dev->path);
}
