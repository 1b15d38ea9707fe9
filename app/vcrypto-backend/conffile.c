/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The --config-file format: one "option = value" per line, option being a
 * long option without its dashes; '#' or ';' starts a comment; an
 * optional "[vcrypto-backend]" header. Nothing else, so a typo is an
 * error rather than a setting silently ignored.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "options.h"

/* The file's text stays here: option values point into it. */
static char text[64 * 1024];

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_file_read(const char *path,
		 int (*apply)(const char *name, char *value, void *ctx),
		 void *ctx)
{
	char *line, *next;
	unsigned int nr = 0;
	size_t len;
	FILE *f;

	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "--config-file %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	len = fread(text, 1, sizeof(text), f);
	fclose(f);
	if (len == sizeof(text)) {
		fprintf(stderr, "--config-file %s: larger than %zu bytes\n",
			path, sizeof(text) - 1);
		return -1;
	}
	text[len] = '\0';
	for (line = text; line != NULL; line = next) {
		char *name, *value = NULL, *eq;

		nr++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		line[strcspn(line, "#;")] = '\0';
		name = trim(line);
		if (*name == '\0' || strcmp(name, "[vcrypto-backend]") == 0)
			continue;
		eq = strchr(name, '=');
		if (eq != NULL) {
			*eq = '\0';
			value = trim(eq + 1);
			name = trim(name);
		}
		if (apply(name, value, ctx) != 0) {
			fprintf(stderr, "%s:%u: in \"%s\"\n", path, nr, name);
			return -1;
		}
	}
	return 0;
}
