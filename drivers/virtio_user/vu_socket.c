/* SPDX-License-Identifier: BSD-3-Clause */
/* The vhost-user connection: connect, messages with fds, request/reply. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "vu_private.h"

#define CONNECT_RETRY_MS	10

const char *
vu_req_name(uint32_t req)
{
	switch (req) {
	case VU_GET_FEATURES: return "GET_FEATURES";
	case VU_SET_FEATURES: return "SET_FEATURES";
	case VU_SET_OWNER: return "SET_OWNER";
	case VU_RESET_OWNER: return "RESET_OWNER";
	case VU_SET_MEM_TABLE: return "SET_MEM_TABLE";
	case VU_SET_VRING_NUM: return "SET_VRING_NUM";
	case VU_SET_VRING_ADDR: return "SET_VRING_ADDR";
	case VU_SET_VRING_BASE: return "SET_VRING_BASE";
	case VU_GET_VRING_BASE: return "GET_VRING_BASE";
	case VU_SET_VRING_KICK: return "SET_VRING_KICK";
	case VU_SET_VRING_CALL: return "SET_VRING_CALL";
	case VU_SET_VRING_ERR: return "SET_VRING_ERR";
	case VU_GET_PROTOCOL_FEATURES: return "GET_PROTOCOL_FEATURES";
	case VU_SET_PROTOCOL_FEATURES: return "SET_PROTOCOL_FEATURES";
	case VU_GET_QUEUE_NUM: return "GET_QUEUE_NUM";
	case VU_SET_VRING_ENABLE: return "SET_VRING_ENABLE";
	case VU_CREATE_CRYPTO_SESSION: return "CREATE_CRYPTO_SESSION";
	case VU_CLOSE_CRYPTO_SESSION: return "CLOSE_CRYPTO_SESSION";
	default: return "request";
	}
}

static void
sleep_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000,
	};

	/* Sleep the rest after a signal, to keep the retry budget honest. */
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Every reply wait and every send is bounded: a dead backend can't hang us. */
static int
set_timeouts(int fd)
{
	struct timeval tv = {
		.tv_sec = VU_REPLY_TIMEOUT_MS / 1000,
		.tv_usec = (VU_REPLY_TIMEOUT_MS % 1000) * 1000,
	};

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	return 0;
}

/* Errors meaning "the backend is not listening yet". */
static int
connect_retriable(int e)
{
	return e == ENOENT || e == ECONNREFUSED || e == EAGAIN;
}

int
vu_sock_connect(const char *path, int timeout_ms, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned int waited = 0;
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		vu_errf(err, errlen, "connect: socket path too long");
		return -ENAMETOOLONG;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);

	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			rc = -errno;
			vu_errf(err, errlen, "connect: socket: %s",
				strerror(-rc));
			return rc;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		rc = -errno;
		/* A failed connect leaves the socket unusable: start over. */
		close(fd);
		if (rc == -EINTR)
			continue;
		/* Count sleeps rather than read a clock: connect() is quick. */
		if (!connect_retriable(-rc) || timeout_ms <= 0 ||
		    waited >= (unsigned int)timeout_ms) {
			vu_errf(err, errlen, "connect %s: %s", path,
				strerror(-rc));
			return rc;
		}
		sleep_ms(CONNECT_RETRY_MS);
		waited += CONNECT_RETRY_MS;
	}

	rc = set_timeouts(fd);
	if (rc < 0) {
		vu_errf(err, errlen, "connect: socket timeouts: %s",
			strerror(-rc));
		close(fd);
		return rc;
	}
	return fd;
}

int
vu_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

int
vu_sock_accept(int listen_fd, int timeout_ms, char *err, size_t errlen)
{
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };
	int fd, rc;

	do {
		rc = poll(&p, 1, timeout_ms);
	} while (rc < 0 && errno == EINTR);
	if (rc <= 0) {
		rc = rc == 0 ? -ETIMEDOUT : -errno;
		vu_errf(err, errlen, "accept: %s", rc == -ETIMEDOUT ?
			"no backend connected in time" : strerror(-rc));
		return rc;
	}
	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		vu_errf(err, errlen, "accept: %s", strerror(-rc));
		return rc;
	}
	rc = set_timeouts(fd);
	if (rc < 0) {
		vu_errf(err, errlen, "accept: socket timeouts: %s",
			strerror(-rc));
		close(fd);
		return rc;
	}
	return fd;
}

/* Drop the first n bytes of a message being sent in pieces. */
static void
iov_advance(struct msghdr *mh, size_t n)
{
	while (n > 0 && mh->msg_iovlen > 0) {
		struct iovec *v = mh->msg_iov;

		if (n < v->iov_len) {
			v->iov_base = (uint8_t *)v->iov_base + n;
			v->iov_len -= n;
			return;
		}
		n -= v->iov_len;
		mh->msg_iov++;
		mh->msg_iovlen--;
	}
}

static const char *
io_strerror(int rc)
{
	switch (rc) {
	case -ETIMEDOUT: return "backend did not answer in time";
	case -ECONNRESET: return "backend closed the connection";
	default: return strerror(-rc);
	}
}

int
vu_chan_send(const struct vu_chan *c, uint32_t req, uint32_t flags,
	     const void *payload, uint32_t size, const int *fds,
	     unsigned int nfds, char *err, size_t errlen)
{
	struct vu_msg_hdr hdr = {
		.request = req,
		.flags = VU_FLAG_VERSION | flags,
		.size = size,
	};
	union {
		char buf[CMSG_SPACE(sizeof(int) * VU_MAX_MSG_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2] = {
		{ .iov_base = &hdr, .iov_len = sizeof(hdr) },
		{ .iov_base = (void *)(uintptr_t)payload, .iov_len = size },
	};
	struct msghdr mh = {
		.msg_iov = iov,
		.msg_iovlen = size > 0 ? 2 : 1,
	};
	size_t left = sizeof(hdr) + size;
	ssize_t n;
	int rc;

	if (nfds > VU_MAX_MSG_FDS) {
		vu_errf(err, errlen, "%s: too many fds", vu_req_name(req));
		return -EINVAL;
	}
	if (nfds > 0) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}

	for (;;) {
		/* MSG_NOSIGNAL: a vanished backend is an error, not SIGPIPE. */
		n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = (errno == EAGAIN || errno == EWOULDBLOCK) ?
				-ETIMEDOUT : -errno;
			vu_errf(err, errlen, "%s: send: %s", vu_req_name(req),
				io_strerror(rc));
			return rc;
		}
		left -= (size_t)n;
		if (left == 0)
			return 0;
		/* The fds went with the first byte; send only the rest. */
		iov_advance(&mh, (size_t)n);
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
	}
}

/* Close fds the backend attached though we never asked for any. */
static void
close_passed_fds(struct msghdr *mh)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		size_t i, nb;
		int fd;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		nb = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nb; i++) {
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int),
			       sizeof(fd));
			close(fd);
		}
	}
}

/* Read exactly len bytes; 0 or -errno (-ETIMEDOUT, -ECONNRESET at EOF). */
static int
recv_full(int fd, void *buf, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * VU_MAX_MSG_FDS)];
		struct cmsghdr align;
	} ctl;
	uint8_t *p = buf;

	while (len > 0) {
		struct iovec iov = { .iov_base = p, .iov_len = len };
		struct msghdr mh = {
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = ctl.buf,
			.msg_controllen = sizeof(ctl.buf),
		};
		ssize_t n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return -ETIMEDOUT;
			return -errno;
		}
		if (n == 0)
			return -ECONNRESET;
		close_passed_fds(&mh);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * A late or malformed reply leaves the stream out of step: the next reply
 * read would be this one's. End the connection so later requests fail
 * at once instead of reading the wrong answers.
 */
static void
poison(const struct vu_chan *c)
{
	/* If this fails the connection is already down: nothing to undo. */
	shutdown(c->fd, SHUT_RDWR);
}

int
vu_chan_recv(const struct vu_chan *c, uint32_t req, void *payload,
	     uint32_t size, char *err, size_t errlen)
{
	struct vu_msg_hdr hdr;
	int rc;

	rc = recv_full(c->fd, &hdr, sizeof(hdr));
	if (rc < 0) {
		vu_errf(err, errlen, "%s: reply: %s", vu_req_name(req),
			io_strerror(rc));
		poison(c);
		return rc;
	}
	if (hdr.request != req || hdr.size != size ||
	    (hdr.flags & VU_FLAG_VERSION_MASK) != VU_FLAG_VERSION ||
	    !(hdr.flags & VU_FLAG_REPLY)) {
		poison(c);
		vu_errf(err, errlen,
			"%s: bad reply (request %" PRIu32 ", flags 0x%" PRIx32
			", size %" PRIu32 ", expected size %" PRIu32 ")",
			vu_req_name(req), hdr.request, hdr.flags, hdr.size,
			size);
		/* Not -EPROTO, which callers read as "the backend refused". */
		return -EBADMSG;
	}
	rc = recv_full(c->fd, payload, size);
	if (rc < 0) {
		vu_errf(err, errlen, "%s: reply payload: %s",
			vu_req_name(req), io_strerror(rc));
		poison(c);
		return rc;
	}
	return 0;
}

int
vu_chan_set(const struct vu_chan *c, uint32_t req, const void *payload,
	    uint32_t size, const int *fds, unsigned int nfds, char *err,
	    size_t errlen)
{
	uint64_t ack;
	int rc;

	/* With REPLY_ACK every set is acked: failures show at their step. */
	rc = vu_chan_send(c, req, c->reply_ack ? VU_FLAG_NEED_REPLY : 0,
			  payload, size, fds, nfds, err, errlen);
	if (rc < 0 || !c->reply_ack)
		return rc;
	rc = vu_chan_recv(c, req, &ack, sizeof(ack), err, errlen);
	if (rc < 0)
		return rc;
	if (ack != 0) {
		vu_errf(err, errlen, "%s: backend nacked (%" PRIu64 ")",
			vu_req_name(req), ack);
		return -EPROTO;
	}
	return 0;
}

int
vu_chan_call(const struct vu_chan *c, uint32_t req, const void *in,
	     uint32_t in_size, void *out, uint32_t out_size, char *err,
	     size_t errlen)
{
	int rc;

	rc = vu_chan_send(c, req, 0, in, in_size, NULL, 0, err, errlen);
	if (rc < 0)
		return rc;
	return vu_chan_recv(c, req, out, out_size, err, errlen);
}
