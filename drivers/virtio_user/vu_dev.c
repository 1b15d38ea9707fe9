/* SPDX-License-Identifier: BSD-3-Clause */
/* Device life cycle: open and the frontend handshake, close. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/virtio_config.h>

#include "vu_private.h"

#define BIT(n)	(1ull << (n))

#define OUR_FEATURES \
	(BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_RING_F_INDIRECT_DESC) | \
	 BIT(VIRTIO_RING_F_EVENT_IDX) | BIT(VU_F_PROTOCOL_FEATURES))

#define OUR_PROTOCOL_FEATURES \
	(BIT(VU_PROTOCOL_F_MQ) | BIT(VU_PROTOCOL_F_REPLY_ACK) | \
	 BIT(VU_PROTOCOL_F_CRYPTO_SESSION) | BIT(VU_PROTOCOL_F_CONFIG))

static int
conf_check(const struct vu_dev_conf *c, char *err, size_t errlen)
{
	const char *why = NULL;

	if (c == NULL || c->socket_path == NULL)
		why = "no socket path";
	else if (c->nb_dataqs == 0 || c->nb_dataqs > VU_MAX_QUEUES)
		why = "nb_dataqs must be 1..256";
	else if (c->ctrlq && c->nb_dataqs >= VU_MAX_QUEUES)
		why = "nb_dataqs must be 1..255 with a controlq";
	else if (c->queue_size < 2 || c->queue_size > VU_MAX_QUEUE_SIZE ||
		 (c->queue_size & (c->queue_size - 1)) != 0)
		why = "queue_size must be a power of two in 2..32768";
	else if (!c->indirect && c->queue_size < VU_MAX_CHAIN)
		/* Else a 6-buffer request could never be placed. */
		why = "queue_size must be >= 8 without indirect descriptors";
	else if (c->mem_size == 0)
		why = "mem_size must not be 0";
	else if (c->nb_regions == 0 || c->nb_regions > VU_MAX_REGIONS)
		why = "nb_regions must be 1..4";
	else if (c->table_offset > sizeof(((struct vu_slot_shm *)0)->pad2))
		/* The table and its pad hold it at any offset up to that. */
		why = "table_offset must be 0..160";
	if (why == NULL)
		return 0;
	vu_errf(err, errlen, "conf: %s", why);
	return -EINVAL;
}

static int
get_u64(struct vu_dev *dev, uint32_t req, uint64_t *v, char *err,
	size_t errlen)
{
	return vu_chan_call(&dev->chan, req, NULL, 0, v, sizeof(*v), err,
			    errlen);
}

static int
set_u64(struct vu_dev *dev, uint32_t req, uint64_t v, char *err,
	size_t errlen)
{
	return vu_chan_set(&dev->chan, req, &v, sizeof(v), NULL, 0, err,
			   errlen);
}

static int
set_state(struct vu_dev *dev, uint32_t req, uint32_t index, uint32_t num,
	  char *err, size_t errlen)
{
	struct vu_vring_state st = { .index = index, .num = num };

	return vu_chan_set(&dev->chan, req, &st, sizeof(st), NULL, 0, err,
			   errlen);
}

/* SET_OWNER, virtio and protocol features, queue count. */
static int
negotiate(struct vu_dev *dev, const struct vu_dev_conf *conf, char *err,
	  size_t errlen)
{
	uint64_t theirs, nq;
	int rc;

	rc = vu_chan_set(&dev->chan, VU_SET_OWNER, NULL, 0, NULL, 0, err,
			 errlen);
	if (rc < 0)
		return rc;
	rc = get_u64(dev, VU_GET_FEATURES, &theirs, err, errlen);
	if (rc < 0)
		return rc;
	/* Sessions travel in protocol messages: nothing works without. */
	if (!(theirs & BIT(VU_F_PROTOCOL_FEATURES))) {
		vu_errf(err, errlen, "GET_FEATURES: backend lacks "
			"VHOST_USER_F_PROTOCOL_FEATURES (0x%" PRIx64 ")",
			theirs);
		return -ENOTSUP;
	}
	dev->features = theirs & OUR_FEATURES;
	if (conf->indirect &&
	    !(dev->features & BIT(VIRTIO_RING_F_INDIRECT_DESC))) {
		vu_errf(err, errlen, "GET_FEATURES: indirect requested but "
			"VIRTIO_RING_F_INDIRECT_DESC not offered");
		return -ENOTSUP;
	}
	rc = set_u64(dev, VU_SET_FEATURES, dev->features, err, errlen);
	if (rc < 0)
		return rc;

	rc = get_u64(dev, VU_GET_PROTOCOL_FEATURES, &theirs, err, errlen);
	if (rc < 0)
		return rc;
	if (!(theirs & BIT(VU_PROTOCOL_F_CRYPTO_SESSION))) {
		vu_errf(err, errlen, "GET_PROTOCOL_FEATURES: backend lacks "
			"CRYPTO_SESSION (0x%" PRIx64 ")", theirs);
		return -ENOTSUP;
	}
	dev->protocol_features = theirs & OUR_PROTOCOL_FEATURES;
	rc = set_u64(dev, VU_SET_PROTOCOL_FEATURES, dev->protocol_features,
		     err, errlen);
	if (rc < 0)
		return rc;
	dev->chan.reply_ack =
		!!(dev->protocol_features & BIT(VU_PROTOCOL_F_REPLY_ACK));

	/* Without MQ the backend can't tell; let it refuse a ring later. */
	if (dev->protocol_features & BIT(VU_PROTOCOL_F_MQ)) {
		rc = get_u64(dev, VU_GET_QUEUE_NUM, &nq, err, errlen);
		if (rc < 0)
			return rc;
		if (nq < conf->nb_dataqs) {
			vu_errf(err, errlen, "GET_QUEUE_NUM: backend has %"
				PRIu64 " queues, %u wanted", nq,
				conf->nb_dataqs);
			return -ENOTSUP;
		}
	}
	return 0;
}

static int
send_mem_table(struct vu_dev *dev, char *err, size_t errlen)
{
	struct vu_mem_table t;
	unsigned int n = vu_mem_table(&dev->mem, &t);

	return vu_chan_set(&dev->chan, VU_SET_MEM_TABLE, &t,
			   VU_MEM_TABLE_SIZE(n), dev->mem.fds, n, err,
			   errlen);
}

/* Size, base, addresses, kick and call of vring i. */
static int
setup_vring(struct vu_dev *dev, uint16_t i, char *err, size_t errlen)
{
	const struct vu_queue *q = &dev->queues[i];
	struct vu_vring_addr a = {
		.index = i,
		.flags = 0,
		.desc_user_addr = (uintptr_t)q->desc,
		.used_user_addr = (uintptr_t)q->used,
		.avail_user_addr = (uintptr_t)q->avail,
		.log_guest_addr = 0,
	};
	uint64_t idx = i;
	int rc;

	rc = set_state(dev, VU_SET_VRING_NUM, i, q->size, err, errlen);
	if (rc == 0)
		rc = set_state(dev, VU_SET_VRING_BASE, i, 0, err, errlen);
	if (rc == 0)
		rc = vu_chan_set(&dev->chan, VU_SET_VRING_ADDR, &a, sizeof(a),
				 NULL, 0, err, errlen);
	if (rc == 0)
		rc = vu_chan_set(&dev->chan, VU_SET_VRING_KICK, &idx,
				 sizeof(idx), &q->kickfd, 1, err, errlen);
	if (rc == 0)
		rc = vu_chan_set(&dev->chan, VU_SET_VRING_CALL, &idx,
				 sizeof(idx), &q->callfd, 1, err, errlen);
	return rc;
}

/* Say which queue failed, in front of the step's own reason. */
static void
err_queue(char *err, size_t errlen, uint16_t i)
{
	char why[256];

	if (err == NULL || errlen == 0)
		return;
	snprintf(why, sizeof(why), "%s", err);
	vu_errf(err, errlen, "queue %u: %s", i, why);
}

static void
dev_free(struct vu_dev *dev)
{
	uint16_t i;

	if (dev->chan.fd >= 0)
		close(dev->chan.fd);
	if (dev->queues != NULL) {
		for (i = 0; i < dev->nb_rings; i++)
			vu_queue_fini(&dev->queues[i]);
		free(dev->queues);
	}
	vu_mem_fini(&dev->mem);
	free(dev);
}

static struct vu_dev *
dev_alloc(const struct vu_dev_conf *conf, char *err, size_t errlen)
{
	struct vu_dev *dev;
	size_t qlen = sizeof(struct vu_queue) *
		      (conf->nb_dataqs + !!conf->ctrlq);
	uint16_t i;
	int rc;

	dev = calloc(1, sizeof(*dev));
	if (dev == NULL) {
		vu_errf(err, errlen, "open: %s", strerror(ENOMEM));
		return NULL;
	}
	/* Before anything can fail: dev_free() must see no fds open. */
	dev->chan.fd = -1;
	rc = vu_mem_init(&dev->mem, conf->mem_size, conf->nb_regions, err,
			 errlen);
	if (rc < 0) {
		dev_free(dev);
		return NULL;
	}
	dev->queues = aligned_alloc(VU_CACHE_LINE, qlen);
	if (dev->queues == NULL) {
		vu_errf(err, errlen, "open: %s", strerror(ENOMEM));
		dev_free(dev);
		return NULL;
	}
	memset(dev->queues, 0, qlen);
	dev->nb_rings = (uint16_t)(conf->nb_dataqs + !!conf->ctrlq);
	for (i = 0; i < dev->nb_rings; i++)
		dev->queues[i].kickfd = dev->queues[i].callfd = -1;
	dev->nb_queues = conf->nb_dataqs;
	dev->queue_size = conf->queue_size;
	dev->indirect = !!conf->indirect;
	return dev;
}

/*
 * Memory and rings, then the connection @p connect_fn makes (connecting
 * to the backend, or taking one it made to us), then the handshake.
 */
static struct vu_dev *
dev_open(const struct vu_dev_conf *conf, int (*connect_fn)(
		 const struct vu_dev_conf *, int, char *, size_t),
	 int arg, char *err, size_t errlen)
{
	struct vu_dev *dev;
	int event_idx, rc;
	uint16_t i;

	vu_errf(err, errlen, "no error");
	if (conf_check(conf, err, errlen) < 0)
		return NULL;
	dev = dev_alloc(conf, err, errlen);
	if (dev == NULL)
		return NULL;
	/* Rings first: a memory too small fails before any connection. */
	for (i = 0; i < dev->nb_rings; i++) {
		rc = vu_queue_init(&dev->queues[i], &dev->mem, dev->queue_size,
				   dev->indirect, err, errlen);
		if (rc < 0) {
			err_queue(err, errlen, i);
			goto fail;
		}
		dev->queues[i].table_off = conf->table_offset;
	}
	if (dev->nb_rings > dev->nb_queues) {
		dev->ctrl_buf = vu_mem_alloc_top(&dev->mem, VU_CTRL_BUF_SIZE,
						 VU_CACHE_LINE, 1);
		if (dev->ctrl_buf == NULL) {
			vu_errf(err, errlen, "controlq: no room in guest "
				"memory");
			goto fail;
		}
	}

	rc = connect_fn(conf, arg, err, errlen);
	if (rc < 0)
		goto fail;
	dev->chan.fd = rc;
	rc = negotiate(dev, conf, err, errlen);
	if (rc < 0)
		goto fail;
	event_idx = !!(dev->features & BIT(VIRTIO_RING_F_EVENT_IDX));
	for (i = 0; i < dev->nb_rings; i++)
		dev->queues[i].event_idx = (uint8_t)event_idx;

	rc = send_mem_table(dev, err, errlen);
	if (rc < 0)
		goto fail;
	for (i = 0; i < dev->nb_rings; i++) {
		rc = setup_vring(dev, i, err, errlen);
		if (rc < 0) {
			err_queue(err, errlen, i);
			goto fail;
		}
	}
	/* Last, since the backend starts once every ring is enabled. */
	for (i = 0; i < dev->nb_rings; i++) {
		rc = set_state(dev, VU_SET_VRING_ENABLE, i, 1, err, errlen);
		if (rc < 0) {
			err_queue(err, errlen, i);
			goto fail;
		}
	}
	dev->started = 1;
	return dev;

fail:
	dev_free(dev);
	return NULL;
}

static int
connect_to(const struct vu_dev_conf *conf, int arg, char *err, size_t errlen)
{
	(void)arg;
	return vu_sock_connect(conf->socket_path, conf->connect_timeout_ms,
			       err, errlen);
}

struct vu_dev *
vu_dev_open(const struct vu_dev_conf *conf, char *err, size_t errlen)
{
	return dev_open(conf, connect_to, -1, err, errlen);
}

static int
accept_on(const struct vu_dev_conf *conf, int lfd, char *err, size_t errlen)
{
	return vu_sock_accept(lfd, conf->connect_timeout_ms, err, errlen);
}

struct vu_dev *
vu_dev_accept(int listen_fd, const struct vu_dev_conf *conf, char *err,
	      size_t errlen)
{
	return dev_open(conf, accept_on, listen_fd, err, errlen);
}

void
vu_dev_close(struct vu_dev *dev)
{
	struct vu_vring_state st;
	uint16_t i;

	if (dev == NULL)
		return;
	/* Stop the rings; a backend already gone ends this at once. */
	for (i = 0; dev->started && i < dev->nb_rings; i++) {
		st.index = i;
		st.num = 0;
		if (vu_chan_call(&dev->chan, VU_GET_VRING_BASE, &st,
				 sizeof(st), &st, sizeof(st), NULL, 0) < 0)
			break;
	}
	dev_free(dev);
}

uint64_t
vu_dev_features(const struct vu_dev *dev)
{
	return dev->features;
}

uint64_t
vu_dev_protocol_features(const struct vu_dev *dev)
{
	return dev->protocol_features;
}
