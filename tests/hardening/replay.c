// SPDX-License-Identifier: BSD-3-Clause
/*
 * Replays inputs through a fuzz harness's LLVMFuzzerTestOneInput() without
 * libFuzzer: built once per harness (RMGEN_REPLAY_CODEC selects the codec
 * harness and its seeds, else the reassembly harness).
 *
 *   hardening_replay_HARNESS DIR...       the seeds, then every DIR/ *.txt
 *   hardening_replay_HARNESS --convert F  print the raw libFuzzer input F
 *                                         as a regression file
 *
 * A regression file is text, so that it reads well in a review and stays
 * valid when the message table changes: '#' starts a comment line; for the
 * codec harness one line "payload NAME" names the payload (the harness's
 * selector is computed from the current table); every other line holds hex
 * byte pairs. The harness aborts on any failure, so a bad input stops the
 * run with its name printed last.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_INPUT (1u << 20)
#define MAX_FILES 1024

#ifdef RMGEN_REPLAY_CODEC
#define SEEDS rmgen_fuzz_codec_seeds
#define PREFIX RMGEN_FUZZ_SELECTOR_SIZE
#else
#define SEEDS rmgen_fuzz_reasm_seeds
#define PREFIX 0
#endif

static size_t passed, failed;

/*
 * Run one input in a child process, so that an input the harness aborts on
 * is counted and the others still run.
 */
static void run_input(const char *kind, const char *name, const uint8_t *data,
		      size_t len)
{
	int status = 0;
	pid_t pid;

	(void)fflush(stdout);
	(void)fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		/* Exactly @len bytes, so that an overread is caught. */
		uint8_t *copy = malloc(len ? len : 1);

		if (!copy)
			_exit(2);
		if (len)
			memcpy(copy, data, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(2);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s %s (%zu bytes): %s %d\n", kind, name, len,
	       WIFSIGNALED(status) ? "signal" : "exit status",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static void run_seed(void *ctx, const char *name, const uint8_t *data,
		     size_t len)
{
	(void)ctx;
	run_input("seed", name, data, len);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_line(char *p, uint8_t *out, size_t *n)
{
	while (*p) {
		int hi, lo;

		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		hi = hexval((unsigned char)p[0]);
		lo = hi < 0 ? -1 : hexval((unsigned char)p[1]);
		if (lo < 0 || *n >= MAX_INPUT)
			return -1;
		out[(*n)++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	return 0;
}

static int parse_payload(char *name, uint8_t *out)
{
#ifdef RMGEN_REPLAY_CODEC
	long idx;

	name[strcspn(name, " \t\r\n")] = 0;
	idx = rmgen_fuzz_payload_index(name);
	if (idx < 0)
		return -1;
	out[0] = (uint8_t)idx;
	out[1] = (uint8_t)(idx >> 8);
	return 0;
#else
	(void)name;
	(void)out;
	return -1;
#endif
}

/* Read a regression file into @out; its length, or -1 (reason printed). */
static long parse_file(const char *path, uint8_t *out)
{
	char line[4096];
	size_t n = PREFIX;
	long lineno = 0;
	int have_payload = !PREFIX, bad = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	while (!bad && fgets(line, sizeof(line), f)) {
		char *p = line;

		lineno++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '#' || !*p)
			continue;
		if (!strncmp(p, "payload ", 8)) {
			bad = have_payload || parse_payload(p + 8, out);
			have_payload = 1;
		} else {
			bad = parse_line(p, out, &n);
		}
	}
	(void)fclose(f);
	if (bad || !have_payload) {
		(void)fprintf(stderr, "%s:%ld: not a valid regression file\n",
			      path, lineno);
		return -1;
	}
	return (long)n;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, uint8_t *buf)
{
	char *names[MAX_FILES], path[4096];
	size_t n = 0, i;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		perror(dir);
		return -1;
	}
	/*
	 * readdir() is safe here: one thread, one stream (readdir_r() is
	 * deprecated by POSIX 2024 and glibc).
	 */
	// cppcheck-suppress readdirCalled
	while ((e = readdir(d)) && n < MAX_FILES) {
		size_t len = strlen(e->d_name);

		if (len <= 4 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		names[n] = strdup(e->d_name);
		if (!names[n]) {
			perror("strdup");
			exit(2);
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n; i++) {
		long len;

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >=
		    (int)sizeof(path))
			len = -1;
		else
			len = parse_file(path, buf);
		if (len < 0)
			failed++;
		else
			run_input("regression", path, buf, (size_t)len);
		free(names[i]);
	}
	return 0;
}

static int convert(const char *path, uint8_t *buf)
{
	size_t n, i;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		return 1;
	}
	n = fread(buf, 1, MAX_INPUT, f);
	(void)fclose(f);
#ifdef RMGEN_REPLAY_CODEC
	if (n < PREFIX)
		return 1;
#endif
	printf("# Found by fuzz_%s; what it shows:\n",
	       PREFIX ? "codec" : "reasm");
#ifdef RMGEN_REPLAY_CODEC
	printf("payload %s\n",
	       rmgen_fuzz_payload((size_t)(buf[0] | buf[1] << 8) %
				  rmgen_fuzz_n_payloads())
		       ->name);
#endif
	for (i = PREFIX; i < n; i++)
		printf("%02x%s", buf[i],
		       (i - PREFIX) % 16 == 15 || i + 1 == n ? "\n" : " ");
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[MAX_INPUT];
	int i;

	if (argc == 3 && strcmp(argv[1], "--convert") == 0)
		return convert(argv[2], buf);
	SEEDS(run_seed, NULL);
	for (i = 1; i < argc; i++) {
		if (replay_dir(argv[i], buf))
			failed++;
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
