/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VC_TEST_BACKEND_PROC_H
#define VC_TEST_BACKEND_PROC_H

/*
 * A vcrypto-backend child with any launcher options (many sockets, client
 * mode, limits), and what /proc says about its resources.
 */

#include <stdint.h>
#include <sys/types.h>

#define BPROC_MAX_SOCKETS 64

struct bproc {
	pid_t pid;
	char dir[64];
	unsigned int nb_sockets;
	int client;                 /* backend connects, we listen */
	char sockets[BPROC_MAX_SOCKETS][96];
};

/** Options of one start; unset fields take the defaults noted. */
struct bproc_conf {
	const char *exe;
	const char *pmd;            /* EAL --vdev */
	const char *lcores;         /* default "0,1" */
	unsigned int nb_sockets;
	unsigned int dataqs;        /* default 1 */
	int client;                 /* pass --client; don't wait for files */
	const char *const *extra;   /* more launcher options, NULL-ended */
	const char *log;            /* stdout and stderr to this file */
};

/**
 * Start the backend with its sockets in a fresh directory; in server mode
 * wait until every socket exists. @return 0 or -1.
 */
int bproc_start(struct bproc *b, const struct bproc_conf *c);

/**
 * SIGTERM the backend and reap it within @p timeout_ms (then SIGKILL).
 * @return its exit status, or -1 if it died of a signal or had to be
 *   killed.
 */
int bproc_stop(struct bproc *b, int timeout_ms);

/** Resources of a process, from /proc/PID. */
struct proc_usage {
	long rss_kb;      /* VmRSS */
	int fds;          /* entries of fd/ */
	int maps;         /* lines of maps */
	int memfd_maps;   /* maps of guest memory ("memfd:vu-guest-mem") */
};

/** @return 0 or -1 if /proc/PID could not be read. */
int proc_usage_get(pid_t pid, struct proc_usage *u);

/**
 * Count occurrences of @p pat (len bytes) in the readable private and
 * anonymous memory of @p pid (a child of ours), via /proc/PID/mem.
 * Shared file mappings (guest memory) are skipped. @return count or -1.
 */
long proc_mem_count(pid_t pid, const uint8_t *pat, size_t len);

#endif /* VC_TEST_BACKEND_PROC_H */
