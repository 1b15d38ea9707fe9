/* SPDX-License-Identifier: BSD-3-Clause */
/* A backend child with any options, and its resources as /proc shows them. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend_proc.h"

#define MAX_ARGS (24 + 2 * BPROC_MAX_SOCKETS)

static int
sockets_exist(const struct bproc *b)
{
	struct stat st;
	unsigned int i;

	for (i = 0; i < b->nb_sockets; i++)
		if (stat(b->sockets[i], &st) != 0)
			return 0;
	return 1;
}

int
bproc_start(struct bproc *b, const struct bproc_conf *c)
{
	static unsigned int seq;
	char prefix[48], qs[16];
	const char *argv[MAX_ARGS];
	unsigned int i, n = 0, waited;

	memset(b, 0, sizeof(*b));
	if (c->nb_sockets == 0 || c->nb_sockets > BPROC_MAX_SOCKETS)
		return -1;
	strcpy(b->dir, "/tmp/vc_bproc_XXXXXX");
	if (mkdtemp(b->dir) == NULL)
		return -1;
	/* Each backend its own EAL runtime files, even one after another. */
	snprintf(prefix, sizeof(prefix), "vcb_%d_%u", (int)getpid(), seq++);
	snprintf(qs, sizeof(qs), "%u", c->dataqs ? c->dataqs : 1);
	b->nb_sockets = c->nb_sockets;
	b->client = c->client;

	argv[n++] = c->exe;
	argv[n++] = "-l";
	argv[n++] = c->lcores ? c->lcores : "0,1";
	argv[n++] = "--no-huge";
	argv[n++] = "--no-pci";
	argv[n++] = "-m";
	argv[n++] = "512";
	argv[n++] = "--file-prefix";
	argv[n++] = prefix;
	argv[n++] = "--vdev";
	argv[n++] = c->pmd;
	argv[n++] = "--log-level";
	argv[n++] = "lib.vcrypto.*:notice";
	argv[n++] = "--log-level";
	argv[n++] = "lib.vhost.*:error";
	argv[n++] = "--";
	for (i = 0; i < c->nb_sockets; i++) {
		snprintf(b->sockets[i], sizeof(b->sockets[i]), "%s/d%u.sock",
			 b->dir, i);
		argv[n++] = "--socket";
		argv[n++] = b->sockets[i];
	}
	argv[n++] = "--dataqueues";
	argv[n++] = qs;
	if (c->client)
		argv[n++] = "--client";
	for (i = 0; c->extra != NULL && c->extra[i] != NULL; i++) {
		if (n + 1 >= MAX_ARGS)
			return -1;
		argv[n++] = c->extra[i];
	}
	argv[n] = NULL;

	b->pid = fork();
	if (b->pid < 0)
		return -1;
	if (b->pid == 0) {
		int fd;

		/* A test that dies takes its backend along. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		fd = c->log ? open(c->log, O_WRONLY | O_CREAT | O_TRUNC,
				   0600) : -1;

		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execv(c->exe, (char *const *)(uintptr_t)argv);
		perror(c->exe);
		_exit(127);
	}
	if (c->client)
		return 0;
	for (waited = 0; waited < 30000; waited += 10) {
		if (sockets_exist(b))
			return 0;
		if (waitpid(b->pid, NULL, WNOHANG) == b->pid) {
			b->pid = 0;
			return -1;
		}
		usleep(10 * 1000);
	}
	bproc_stop(b, 1000);
	return -1;
}

int
bproc_stop(struct bproc *b, int timeout_ms)
{
	int status = 0, waited, killed = 0;
	unsigned int i;

	if (b->pid <= 0)
		return -1;
	kill(b->pid, SIGTERM);
	for (waited = 0;; waited += 10) {
		if (waitpid(b->pid, &status, WNOHANG) == b->pid)
			break;
		if (waited >= timeout_ms && !killed) {
			kill(b->pid, SIGKILL);
			killed = 1;
		}
		usleep(10 * 1000);
	}
	b->pid = 0;
	for (i = 0; i < b->nb_sockets; i++)
		unlink(b->sockets[i]);
	rmdir(b->dir);
	if (killed || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int
proc_usage_get(pid_t pid, struct proc_usage *u)
{
	char path[64], line[512];
	struct dirent *de;
	FILE *f;
	DIR *d;

	memset(u, 0, sizeof(*u));
	u->rss_kb = -1;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &u->rss_kb) == 1)
			break;
	fclose(f);

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			u->fds++;
	closedir(d);

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		u->maps++;
		if (strstr(line, "vu-guest-mem") != NULL)
			u->memfd_maps++;
	}
	fclose(f);
	return u->rss_kb >= 0 ? 0 : -1;
}

/* Occurrences of pat in [buf, buf + n) that start before buf + starts. */
static long
count_in(const uint8_t *buf, size_t n, size_t starts, const uint8_t *pat,
	 size_t len)
{
	const uint8_t *p = buf;
	long hits = 0;

	if (n >= len && starts > n - len + 1)
		starts = n - len + 1;
	while (n >= len && p < buf + starts) {
		p = memchr(p, pat[0], (size_t)(buf + starts - p));
		if (p == NULL)
			break;
		if (memcmp(p, pat, len) == 0)
			hits++;
		p++;
	}
	return hits;
}

long
proc_mem_count(pid_t pid, const uint8_t *pat, size_t len)
{
	const size_t chunk = 1 << 20;
	char path[64], line[512], perms[8], name[256];
	unsigned long lo, hi, a;
	long hits = 0;
	uint8_t *buf;
	FILE *maps;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY);
	buf = malloc(chunk + len);
	if (maps == NULL || fd < 0 || buf == NULL || len == 0) {
		hits = -1;
		goto out;
	}
	while (fgets(line, sizeof(line), maps) != NULL) {
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi,
			   perms, name) < 3)
			continue;
		/*
		 * Guest memory is the driver's; kernel pages can't be read;
		 * beyond 4 GiB is a sanitizer's shadow, not data of ours.
		 */
		if (perms[0] != 'r' || hi - lo > (4UL << 30) ||
		    strstr(name, "vu-guest-mem") != NULL ||
		    strcmp(name, "[vvar]") == 0 ||
		    strcmp(name, "[vsyscall]") == 0)
			continue;
		/* Overlap chunks by len - 1 so no match is cut in two. */
		for (a = lo; a < hi; a += chunk) {
			size_t want = hi - a < chunk + len - 1 ?
				hi - a : chunk + len - 1;
			ssize_t got = pread(fd, buf, want, (off_t)a);

			if (got <= 0)
				break;
			hits += count_in(buf, (size_t)got, chunk, pat, len);
		}
	}
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	if (maps != NULL)
		fclose(maps);
	return hits;
}
