// SPDX-License-Identifier: BSD-3-Clause
/*
 * fuzz_mkcorpus DIR: write the seed corpora of both harnesses, made from
 * the generated golden vectors, to DIR/codec and DIR/reasm (one file per
 * seed; the directories are created if needed).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fuzz.h"

struct out {
	const char *dir;
	size_t n;
	int failed;
};

static void write_seed(void *ctx, const char *name, const uint8_t *data,
		       size_t len)
{
	struct out *o = ctx;
	char path[4096];
	FILE *f;

	int ok;

	if (snprintf(path, sizeof(path), "%s/%s", o->dir, name) >=
	    (int)sizeof(path)) {
		o->failed = 1;
		return;
	}
	f = fopen(path, "wb");
	ok = f && fwrite(data, 1, len, f) == len;
	if ((f && fclose(f) != 0) || !ok) {
		(void)fprintf(stderr, "fuzz_mkcorpus: cannot write %s\n", path);
		o->failed = 1;
		return;
	}
	o->n++;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) && errno != EEXIST) {
		(void)fprintf(stderr, "fuzz_mkcorpus: cannot create %s\n",
			      path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char codec[4096], reasm[4096];
	struct out oc = { codec, 0, 0 }, orr = { reasm, 0, 0 };

	if (argc != 2) {
		(void)fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (snprintf(codec, sizeof(codec), "%s/codec", argv[1]) >=
		    (int)sizeof(codec) ||
	    snprintf(reasm, sizeof(reasm), "%s/reasm", argv[1]) >=
		    (int)sizeof(reasm))
		return 2;
	if (make_dir(argv[1]) || make_dir(codec) || make_dir(reasm))
		return 1;
	rmgen_fuzz_codec_seeds(write_seed, &oc);
	rmgen_fuzz_reasm_seeds(write_seed, &orr);
	printf("fuzz_mkcorpus: %zu codec and %zu reasm seeds in %s\n", oc.n,
	       orr.n, argv[1]);
	return oc.failed || orr.failed;
}
