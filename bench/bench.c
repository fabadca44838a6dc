// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmgen benchmarks: generated codecs against a hand-written baseline and
 * memcpy, GET_HYP_RESOURCES validate+decode bandwidth, fragmentation and
 * reassembly throughput, and RPC round-trip latency.
 *
 * Usage: rmgen_bench [--out DIR] [--reps N] [--batch-ms MS]
 *                    [--rtt-calls N] [--rmsim SOCKET] [--quick]
 *
 * Prints Markdown tables on stdout and, with --out, writes one CSV file per
 * table to DIR. bench/run drives it; see docs/benchmarks.md.
 *
 * Method: each kernel runs a batch of iterations timed with
 * clock_gettime(CLOCK_MONOTONIC); the batch size is calibrated so that one
 * batch lasts --batch-ms. The kernels compared in one table row run
 * interleaved, --reps times each, and the minimum over the repetitions is
 * reported (the median goes to the CSV). Inputs vary between iterations
 * (16 different messages), every result is passed to an empty asm with a
 * memory clobber, and the code under test lives in other translation units
 * (libgunyah_rm.a, baseline.c, ref.c), so nothing can be hoisted or elided.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gunyah_rm/client.h"
#include "gunyah_rm/protocol.h"
#include "gunyah_rm/rpc.h"
#include "gunyah_rm/transport.h"

#include "baseline.h"
#include "ref.h"

#define NVAR 16 /* input variants per message, a power of two */
#define MAX_REPS 64
#define HYP_MAX_ENTRIES 332 /* (14616 - 4 error word - 4 n_entries) / 44 */
#define HYP_MSG_ENTRIES 8 /* GET_HYP_RESOURCES reply size in the codec table */
#define HYP_MAX_PAYLOAD (4 + 44 * HYP_MAX_ENTRIES)
#define EXIT_REASON_SIZE 4
#define WMAX 512 /* wire buffer per variant in the codec table */

_Static_assert(HYP_MAX_PAYLOAD + 4 == GUNYAH_RM_RPC_MAX_PAYLOAD,
	       "largest GET_HYP_RESOURCES reply fills the largest message");

/* ---- harness ---------------------------------------------------------- */

static inline void escape(const void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

static inline uint64_t opaque(uint64_t v)
{
	__asm__ volatile("" : "+r"(v));
	return v;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

typedef uint64_t (*kernel_fn)(uint64_t iters);

struct kcase {
	const char *name;
	kernel_fn fn;
	uint64_t iters;
	double best; /* ns per iteration */
	double median;
	double samples[MAX_REPS];
};

static int g_reps = 11;
static double g_batch_ns = 2e6;

static double run_batch(kernel_fn fn, uint64_t iters)
{
	uint64_t t0, t1, acc;

	t0 = now_ns();
	acc = fn(iters);
	t1 = now_ns();
	escape(&acc);
	return (double)(t1 - t0);
}

static void calibrate(struct kcase *c)
{
	uint64_t iters = 8;
	double t;

	run_batch(c->fn, iters); /* warm up */
	for (;;) {
		t = run_batch(c->fn, iters);
		if (t >= g_batch_ns || iters >= (1ull << 40))
			break;
		if (t < g_batch_ns / 64)
			iters *= 16;
		else
			iters = (uint64_t)((double)iters * g_batch_ns / t) + 1;
	}
	c->iters = iters;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Time @n kernels interleaved, @reps times: rep 0 of each, rep 1 of each... */
static void measure_reps(struct kcase *c, int n, int reps)
{
	double sorted[MAX_REPS];
	int i, r;

	for (i = 0; i < n; i++)
		calibrate(&c[i]);
	for (r = 0; r < reps; r++)
		for (i = 0; i < n; i++)
			c[i].samples[r] = run_batch(c[i].fn, c[i].iters) /
					  (double)c[i].iters;
	for (i = 0; i < n; i++) {
		memcpy(sorted, c[i].samples, sizeof(double) * (size_t)reps);
		qsort(sorted, (size_t)reps, sizeof(double), cmp_double);
		c[i].best = sorted[0];
		c[i].median = sorted[reps / 2];
	}
}

static void measure(struct kcase *c, int n)
{
	measure_reps(c, n, g_reps);
}

/*
 * The codec rows are 1-3 ns calls judged to a fraction of a cycle: three
 * times the samples (at most MAX_REPS).
 */
static int codec_reps(void)
{
	return 3 * g_reps < MAX_REPS ? 3 * g_reps : MAX_REPS;
}

static FILE *csv_open(const char *dir, const char *name, const char *header)
{
	char path[4096];
	FILE *f;

	if (!dir)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "rmgen_bench: cannot write %s: %s\n", path,
			strerror(errno));
		exit(2);
	}
	fprintf(f, "%s\n", header);
	return f;
}

static void csv_close(FILE *f)
{
	if (f)
		fclose(f);
}

static void die(const char *what, int ret)
{
	fprintf(stderr, "rmgen_bench: %s failed: %d (%s)\n", what, ret,
		strerror(ret < 0 ? -ret : ret));
	exit(1);
}

/* ---- inputs ----------------------------------------------------------- */

enum msg_idx {
	M_ALLOC_REQ,
	M_ALLOC_RESP,
	M_DEALLOC_REQ,
	M_START_REQ,
	M_STOP_REQ,
	M_RESET_REQ,
	M_CONFIG_REQ,
	M_INIT_REQ,
	M_HYPRES_REQ,
	M_HYPRES_RESP,
	M_EXITED,
	M_STATUS,
	M_NR
};

static const char *const msg_names[M_NR] = {
	[M_ALLOC_REQ] = "VM_ALLOC_VMID req",
	[M_ALLOC_RESP] = "VM_ALLOC_VMID resp",
	[M_DEALLOC_REQ] = "VM_DEALLOC_VMID req",
	[M_START_REQ] = "VM_START req",
	[M_STOP_REQ] = "VM_STOP req",
	[M_RESET_REQ] = "VM_RESET req",
	[M_CONFIG_REQ] = "VM_CONFIG_IMAGE req",
	[M_INIT_REQ] = "VM_INIT req",
	[M_HYPRES_REQ] = "VM_GET_HYP_RESOURCES req",
	[M_HYPRES_RESP] = "VM_GET_HYP_RESOURCES resp (8 entries)",
	[M_EXITED] = "VM_EXITED notification",
	[M_STATUS] = "VM_STATUS notification",
};

/* Wire bytes of every variant, written by the baseline encoders. */
static uint8_t wire[M_NR][NVAR][WMAX];
static size_t wire_len[M_NR][NVAR];
static uint8_t obuf[GUNYAH_RM_RPC_MAX_PAYLOAD + 64];

/* Native inputs: the generated structs and the baseline's. */
static uint16_t in_vmid[NVAR];
static struct gunyah_rm_vm_common_vmid_req g_alloc_req[NVAR];
static struct gunyah_rm_vm_alloc_vmid_resp g_alloc_resp[NVAR];
static struct gunyah_rm_vm_common_vmid_req g_dealloc_req[NVAR];
static struct gunyah_rm_vm_common_vmid_req g_start_req[NVAR];
static struct gunyah_rm_vm_stop_req g_stop_req[NVAR];
static struct gunyah_rm_vm_common_vmid_req g_reset_req[NVAR];
static struct gunyah_rm_vm_config_image_req g_config_req[NVAR];
static struct gunyah_rm_vm_init_req g_init_req[NVAR];
static struct gunyah_rm_vm_common_vmid_req g_hypres_req[NVAR];
static struct gunyah_rm_vm_get_hyp_resources_resp g_hypres_resp[NVAR];
static struct gunyah_rm_hyp_resource g_res[NVAR][HYP_MSG_ENTRIES];
static struct gunyah_rm_vm_exited_payload g_exited[NVAR];
static struct gunyah_rm_vm_status_payload g_status[NVAR];
static uint8_t exit_reason[NVAR][EXIT_REASON_SIZE];

static struct bl_alloc_vmid_resp b_alloc_resp[NVAR];
static struct bl_vm_stop_req b_stop_req[NVAR];
static struct bl_vm_config_image_req b_config_req[NVAR];
static struct bl_hyp_resource b_res[NVAR][HYP_MSG_ENTRIES];
static struct bl_vm_exited b_exited[NVAR];
static struct bl_vm_status b_status[NVAR];

/* Decode outputs. */
static struct gunyah_rm_hyp_resource g_res_out[HYP_MAX_ENTRIES];
static struct bl_hyp_resource b_res_out[HYP_MAX_ENTRIES];

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static void fill_resource(struct gunyah_rm_hyp_resource *g,
			  struct bl_hyp_resource *b)
{
	g->type = (uint8_t)(rnd() % 11);
	g->reserved = 0;
	g->partner_vmid = (uint16_t)rnd();
	g->resource_handle = (uint32_t)rnd();
	g->resource_label = (uint32_t)rnd();
	g->cap_id = rnd();
	g->virq_handle = (uint32_t)rnd();
	g->virq = (uint32_t)rnd();
	g->base = rnd();
	g->size = rnd();
	b->type = g->type;
	b->reserved = g->reserved;
	b->partner_vmid = g->partner_vmid;
	b->resource_handle = g->resource_handle;
	b->resource_label = g->resource_label;
	b->cap_id = g->cap_id;
	b->virq_handle = g->virq_handle;
	b->virq = g->virq;
	b->base = g->base;
	b->size = g->size;
}

static void setup_inputs(void)
{
	int k, j;

	for (k = 0; k < NVAR; k++) {
		uint16_t vmid = (uint16_t)(0x2d + k * 7);

		in_vmid[k] = vmid;
		g_alloc_req[k].vmid = vmid;
		g_dealloc_req[k].vmid = vmid;
		g_start_req[k].vmid = vmid;
		g_reset_req[k].vmid = vmid;
		g_init_req[k].vmid = vmid;
		g_hypres_req[k].vmid = vmid;
		g_alloc_resp[k].has_vmid = 1;
		g_alloc_resp[k].vmid = vmid;
		b_alloc_resp[k].has_vmid = true;
		b_alloc_resp[k].vmid = vmid;

		g_stop_req[k].vmid = vmid;
		g_stop_req[k].flags = 0x1; /* FORCE_STOP */
		g_stop_req[k].stop_reason = GUNYAH_RM_VM_STOP_REASON_FORCE_STOP;
		b_stop_req[k].vmid = vmid;
		b_stop_req[k].flags = g_stop_req[k].flags;
		b_stop_req[k].stop_reason = g_stop_req[k].stop_reason;

		g_config_req[k].vmid = vmid;
		g_config_req[k].auth_mech = (uint16_t)(k % 3);
		g_config_req[k].mem_handle = (uint32_t)rnd();
		g_config_req[k].image_offset = rnd();
		g_config_req[k].image_size = rnd();
		g_config_req[k].dtb_offset = rnd();
		g_config_req[k].dtb_size = rnd();
		b_config_req[k].vmid = vmid;
		b_config_req[k].auth_mech = g_config_req[k].auth_mech;
		b_config_req[k].mem_handle = g_config_req[k].mem_handle;
		b_config_req[k].image_offset = g_config_req[k].image_offset;
		b_config_req[k].image_size = g_config_req[k].image_size;
		b_config_req[k].dtb_offset = g_config_req[k].dtb_offset;
		b_config_req[k].dtb_size = g_config_req[k].dtb_size;

		for (j = 0; j < HYP_MSG_ENTRIES; j++)
			fill_resource(&g_res[k][j], &b_res[k][j]);
		g_hypres_resp[k].n_entries = HYP_MSG_ENTRIES;
		g_hypres_resp[k].entries.items = g_res[k];
		g_hypres_resp[k].entries.n = HYP_MSG_ENTRIES;

		for (j = 0; j < EXIT_REASON_SIZE; j++)
			exit_reason[k][j] = (uint8_t)rnd();
		g_exited[k].vmid = vmid;
		g_exited[k].exit_type = (uint16_t)(k % 8);
		g_exited[k].exit_reason_size = EXIT_REASON_SIZE;
		g_exited[k].exit_reason.data = exit_reason[k];
		g_exited[k].exit_reason.len = EXIT_REASON_SIZE;
		b_exited[k].vmid = vmid;
		b_exited[k].exit_type = g_exited[k].exit_type;
		b_exited[k].exit_reason_size = EXIT_REASON_SIZE;
		b_exited[k].exit_reason = exit_reason[k];

		g_status[k].vmid = vmid;
		g_status[k].vm_status = (uint8_t)(k % 12 == 7 ? 3 : k % 12);
		g_status[k].os_status = (uint8_t)(k % 8);
		g_status[k].app_status = (uint16_t)rnd();
		b_status[k].vmid = vmid;
		b_status[k].vm_status = g_status[k].vm_status;
		b_status[k].os_status = g_status[k].os_status;
		b_status[k].app_status = g_status[k].app_status;
	}
}

/* ---- self-check: both codecs produce and accept the same bytes --------- */

static int g_check_failures;

static void check(bool ok, const char *msg, int k, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "rmgen_bench: self-check: %s variant %d: %s\n", msg, k,
		what);
	g_check_failures++;
}

typedef int (*uval_fn)(const void *buf, size_t len);

#define GEN_VAL(name, fn)                            \
	static int name(const void *buf, size_t len) \
	{                                            \
		struct gunyah_rm_verr err;           \
		return fn(buf, len, &err);           \
	}

GEN_VAL(gv_alloc_req, gunyah_rm_vm_common_vmid_req_validate)
GEN_VAL(gv_alloc_resp, gunyah_rm_vm_alloc_vmid_resp_validate)
GEN_VAL(gv_dealloc_req, gunyah_rm_vm_common_vmid_req_validate)
GEN_VAL(gv_start_req, gunyah_rm_vm_common_vmid_req_validate)
GEN_VAL(gv_stop_req, gunyah_rm_vm_stop_req_validate)
GEN_VAL(gv_reset_req, gunyah_rm_vm_common_vmid_req_validate)
GEN_VAL(gv_config_req, gunyah_rm_vm_config_image_req_validate)
GEN_VAL(gv_init_req, gunyah_rm_vm_init_req_validate)
GEN_VAL(gv_hypres_req, gunyah_rm_vm_common_vmid_req_validate)
GEN_VAL(gv_hypres_resp, gunyah_rm_vm_get_hyp_resources_resp_validate)
GEN_VAL(gv_exited, gunyah_rm_vm_exited_payload_validate)
GEN_VAL(gv_status, gunyah_rm_vm_status_payload_validate)

static const uval_fn gen_val[M_NR] = {
	gv_alloc_req,  gv_alloc_resp,  gv_dealloc_req, gv_start_req,
	gv_stop_req,   gv_reset_req,   gv_config_req,  gv_init_req,
	gv_hypres_req, gv_hypres_resp, gv_exited,      gv_status,
};

static const uval_fn base_val[M_NR] = {
	bl_common_vmid_req_validate,	 bl_alloc_vmid_resp_validate,
	bl_common_vmid_req_validate,	 bl_common_vmid_req_validate,
	bl_vm_stop_req_validate,	 bl_common_vmid_req_validate,
	bl_vm_config_image_req_validate, bl_vm_init_req_validate,
	bl_common_vmid_req_validate,	 bl_hyp_resources_resp_validate,
	bl_vm_exited_validate,		 bl_vm_status_validate,
};

static int gen_encode(int m, int k, void *buf, size_t cap)
{
	switch (m) {
	case M_ALLOC_REQ:
		return gunyah_rm_vm_common_vmid_req_encode(&g_alloc_req[k], buf,
							   cap);
	case M_ALLOC_RESP:
		return gunyah_rm_vm_alloc_vmid_resp_encode(&g_alloc_resp[k],
							   buf, cap);
	case M_DEALLOC_REQ:
		return gunyah_rm_vm_common_vmid_req_encode(&g_dealloc_req[k],
							   buf, cap);
	case M_START_REQ:
		return gunyah_rm_vm_common_vmid_req_encode(&g_start_req[k], buf,
							   cap);
	case M_STOP_REQ:
		return gunyah_rm_vm_stop_req_encode(&g_stop_req[k], buf, cap);
	case M_RESET_REQ:
		return gunyah_rm_vm_common_vmid_req_encode(&g_reset_req[k], buf,
							   cap);
	case M_CONFIG_REQ:
		return gunyah_rm_vm_config_image_req_encode(&g_config_req[k],
							    buf, cap);
	case M_INIT_REQ:
		return gunyah_rm_vm_init_req_encode(&g_init_req[k], buf, cap);
	case M_HYPRES_REQ:
		return gunyah_rm_vm_common_vmid_req_encode(&g_hypres_req[k],
							   buf, cap);
	case M_HYPRES_RESP:
		return gunyah_rm_vm_get_hyp_resources_resp_encode(
			&g_hypres_resp[k], buf, cap);
	case M_EXITED:
		return gunyah_rm_vm_exited_payload_encode(&g_exited[k], buf,
							  cap);
	default:
		return gunyah_rm_vm_status_payload_encode(&g_status[k], buf,
							  cap);
	}
}

static int base_encode(int m, int k, void *buf, size_t cap)
{
	switch (m) {
	case M_ALLOC_RESP:
		return bl_alloc_vmid_resp_encode(&b_alloc_resp[k], buf, cap);
	case M_STOP_REQ:
		return bl_vm_stop_req_encode(&b_stop_req[k], buf, cap);
	case M_CONFIG_REQ:
		return bl_vm_config_image_req_encode(&b_config_req[k], buf,
						     cap);
	case M_HYPRES_RESP:
		return bl_hyp_resources_resp_encode(b_res[k], HYP_MSG_ENTRIES,
						    buf, cap);
	case M_EXITED:
		return bl_vm_exited_encode(&b_exited[k], buf, cap);
	case M_STATUS:
		return bl_vm_status_encode(&b_status[k], buf, cap);
	default:
		return bl_common_vmid_req_encode(in_vmid[k], buf, cap);
	}
}

static void check_decodes(int k)
{
	struct gunyah_rm_vm_get_hyp_resources_resp hr;
	struct gunyah_rm_vm_config_image_req gc;
	struct gunyah_rm_vm_exited_payload ge;
	struct gunyah_rm_vm_status_payload gs;
	struct bl_vm_config_image_req bc;
	struct bl_vm_exited be;
	struct bl_vm_status bs;
	size_t n, j;

	check(!gunyah_rm_vm_config_image_req_decode(wire[M_CONFIG_REQ][k],
						    wire_len[M_CONFIG_REQ][k],
						    &gc, NULL) &&
		      !bl_vm_config_image_req_decode(wire[M_CONFIG_REQ][k],
						     wire_len[M_CONFIG_REQ][k],
						     &bc) &&
		      gc.vmid == bc.vmid && gc.auth_mech == bc.auth_mech &&
		      gc.mem_handle == bc.mem_handle &&
		      gc.image_offset == bc.image_offset &&
		      gc.image_size == bc.image_size &&
		      gc.dtb_offset == bc.dtb_offset &&
		      gc.dtb_size == bc.dtb_size,
	      msg_names[M_CONFIG_REQ], k, "decoders disagree");
	check(!gunyah_rm_vm_exited_payload_decode(
		      wire[M_EXITED][k], wire_len[M_EXITED][k], &ge, NULL) &&
		      !bl_vm_exited_decode(wire[M_EXITED][k],
					   wire_len[M_EXITED][k], &be) &&
		      ge.vmid == be.vmid && ge.exit_type == be.exit_type &&
		      ge.exit_reason.len == be.exit_reason_size &&
		      ge.exit_reason.data == be.exit_reason,
	      msg_names[M_EXITED], k, "decoders disagree");
	check(!gunyah_rm_vm_status_payload_decode(
		      wire[M_STATUS][k], wire_len[M_STATUS][k], &gs, NULL) &&
		      !bl_vm_status_decode(wire[M_STATUS][k],
					   wire_len[M_STATUS][k], &bs) &&
		      gs.vmid == bs.vmid && gs.vm_status == bs.vm_status &&
		      gs.os_status == bs.os_status &&
		      gs.app_status == bs.app_status,
	      msg_names[M_STATUS], k, "decoders disagree");
	check(!gunyah_rm_vm_get_hyp_resources_resp_decode(
		      wire[M_HYPRES_RESP][k], wire_len[M_HYPRES_RESP][k], &hr,
		      NULL) &&
		      !bl_hyp_resources_resp_decode(wire[M_HYPRES_RESP][k],
						    wire_len[M_HYPRES_RESP][k],
						    b_res_out, HYP_MAX_ENTRIES,
						    &n) &&
		      hr.entries.n == n && n == HYP_MSG_ENTRIES,
	      msg_names[M_HYPRES_RESP], k, "decoders disagree");
	for (j = 0; j < HYP_MSG_ENTRIES; j++) {
		struct gunyah_rm_hyp_resource *g = &g_res_out[j];
		struct bl_hyp_resource *b = &b_res_out[j];

		gunyah_rm_hyp_resource_array_get(&hr.entries, j, g);
		check(g->type == b->type &&
			      g->partner_vmid == b->partner_vmid &&
			      g->resource_handle == b->resource_handle &&
			      g->resource_label == b->resource_label &&
			      g->cap_id == b->cap_id &&
			      g->virq_handle == b->virq_handle &&
			      g->virq == b->virq && g->base == b->base &&
			      g->size == b->size && g->size == b_res[k][j].size,
		      msg_names[M_HYPRES_RESP], k, "entries disagree");
	}
}

static void setup_and_check(void)
{
	uint8_t tmp[WMAX + 8];
	int m, k, n;

	setup_inputs();
	for (m = 0; m < M_NR; m++) {
		for (k = 0; k < NVAR; k++) {
			n = base_encode(m, k, wire[m][k], WMAX);
			if (n < 0)
				die("baseline encode", n);
			wire_len[m][k] = (size_t)n;
			memset(tmp, 0xa5, sizeof(tmp));
			n = gen_encode(m, k, tmp, WMAX);
			check(n >= 0 && (size_t)n == wire_len[m][k] &&
				      !memcmp(tmp, wire[m][k], (size_t)n),
			      msg_names[m], k, "encoders disagree");
			/* Valid bytes: both accept. */
			check(!gen_val[m](wire[m][k], wire_len[m][k]) &&
				      !base_val[m](wire[m][k], wire_len[m][k]),
			      msg_names[m], k, "a validator rejects");
			/* Truncated and over-long: both reject. */
			memcpy(tmp, wire[m][k], wire_len[m][k]);
			tmp[wire_len[m][k]] = 0;
			check(gen_val[m](tmp, wire_len[m][k] + 1) &&
				      base_val[m](tmp, wire_len[m][k] + 1),
			      msg_names[m], k, "trailing byte accepted");
			check((gen_val[m](tmp, wire_len[m][k] - 1) != 0) ==
				      (base_val[m](tmp, wire_len[m][k] - 1) !=
				       0),
			      msg_names[m], k, "validators disagree (short)");
		}
		/* Field checks: INIT padding, VM_STATUS os_status. */
		memcpy(tmp, wire[M_INIT_REQ][0], 4);
		tmp[3] = 1;
		check(gen_val[M_INIT_REQ](tmp, 4) &&
			      base_val[M_INIT_REQ](tmp, 4),
		      msg_names[M_INIT_REQ], 0, "non-zero padding accepted");
		memcpy(tmp, wire[M_STATUS][0], 8);
		tmp[5] = 8;
		check(gen_val[M_STATUS](tmp, 8) && base_val[M_STATUS](tmp, 8),
		      msg_names[M_STATUS], 0, "bad os_status accepted");
	}
	for (k = 0; k < NVAR; k++)
		check_decodes(k);
	if (g_check_failures) {
		fprintf(stderr, "rmgen_bench: %d self-check failures\n",
			g_check_failures);
		exit(1);
	}
}

/* ---- codec kernels ------------------------------------------------------ */

#define KERNEL(name, body)                                    \
	static uint64_t name(uint64_t iters)                  \
	{                                                     \
		uint64_t acc = 0, it;                         \
		for (it = 0; it < iters; it++) {              \
			size_t k = (size_t)(it & (NVAR - 1)); \
			body;                                 \
		}                                             \
		return acc;                                   \
	}

#define W(m) wire[m][k], wire_len[m][k]

/* The memcpy reference: move the message's bytes, out of line. */
#define REF_KERNEL(name, m) \
	KERNEL(name, acc += (uint64_t)ref_copy(obuf, W(m)); escape(obuf))

/* Encode: native struct to bytes. */
#define GEN_ENC(name, fn, in)                                         \
	KERNEL(name, acc += (uint64_t)fn(&in[k], obuf, sizeof(obuf)); \
	       escape(obuf))
/* Validate: bytes to a verdict. */
#define GEN_VALK(name, fn, m) \
	KERNEL(name, struct gunyah_rm_verr err; acc += (uint64_t)fn(W(m), &err))
#define BL_VALK(name, fn, m) KERNEL(name, acc += (uint64_t)fn(W(m)))
/* Decode: bytes to a native struct (validating first). */
#define GEN_DEC(name, fn, type, m)                        \
	KERNEL(name, type out; struct gunyah_rm_verr err; \
	       acc += (uint64_t)fn(W(m), &out, &err); escape(&out))

/* VMID-only requests share the baseline's common functions. */
#define VMID_REQ_KERNELS(tag, m, gtype, gin)                               \
	GEN_ENC(k_gen_enc_##tag, gunyah_rm_##gtype##_encode, gin)          \
	KERNEL(k_bl_enc_##tag, acc += (uint64_t)bl_common_vmid_req_encode( \
				       in_vmid[k], obuf, sizeof(obuf));    \
	       escape(obuf))                                               \
	GEN_VALK(k_gen_val_##tag, gunyah_rm_##gtype##_validate, m)         \
	BL_VALK(k_bl_val_##tag, bl_common_vmid_req_validate, m)            \
	GEN_DEC(k_gen_dec_##tag, gunyah_rm_##gtype##_decode,               \
		struct gunyah_rm_##gtype, m)                               \
	KERNEL(k_bl_dec_##tag, uint16_t vmid;                              \
	       acc += (uint64_t)bl_common_vmid_req_decode(W(m), &vmid);    \
	       escape(&vmid))                                              \
	REF_KERNEL(k_ref_##tag, m)

VMID_REQ_KERNELS(alloc_req, M_ALLOC_REQ, vm_common_vmid_req, g_alloc_req)
VMID_REQ_KERNELS(dealloc_req, M_DEALLOC_REQ, vm_common_vmid_req, g_dealloc_req)
VMID_REQ_KERNELS(start_req, M_START_REQ, vm_common_vmid_req, g_start_req)
VMID_REQ_KERNELS(reset_req, M_RESET_REQ, vm_common_vmid_req, g_reset_req)
VMID_REQ_KERNELS(hypres_req, M_HYPRES_REQ, vm_common_vmid_req, g_hypres_req)

/* VM_INIT: common encoder, its own validator (padding must be zero). */
GEN_ENC(k_gen_enc_init_req, gunyah_rm_vm_init_req_encode, g_init_req)
KERNEL(k_bl_enc_init_req,
       acc +=
       (uint64_t)bl_common_vmid_req_encode(in_vmid[k], obuf, sizeof(obuf));
       escape(obuf))
GEN_VALK(k_gen_val_init_req, gunyah_rm_vm_init_req_validate, M_INIT_REQ)
BL_VALK(k_bl_val_init_req, bl_vm_init_req_validate, M_INIT_REQ)
GEN_DEC(k_gen_dec_init_req, gunyah_rm_vm_init_req_decode,
	struct gunyah_rm_vm_init_req, M_INIT_REQ)
KERNEL(k_bl_dec_init_req, uint16_t vmid;
       acc += (uint64_t)bl_vm_init_req_decode(W(M_INIT_REQ), &vmid);
       escape(&vmid))
REF_KERNEL(k_ref_init_req, M_INIT_REQ)

/* Messages with their own baseline functions. */
#define OWN_KERNELS(tag, m, gtype, gin, btag, btype, bin)                     \
	GEN_ENC(k_gen_enc_##tag, gunyah_rm_##gtype##_encode, gin)             \
	GEN_ENC(k_bl_enc_##tag, bl_##btag##_encode, bin)                      \
	GEN_VALK(k_gen_val_##tag, gunyah_rm_##gtype##_validate, m)            \
	BL_VALK(k_bl_val_##tag, bl_##btag##_validate, m)                      \
	GEN_DEC(k_gen_dec_##tag, gunyah_rm_##gtype##_decode,                  \
		struct gunyah_rm_##gtype, m)                                  \
	KERNEL(k_bl_dec_##tag, struct btype out;                              \
	       acc += (uint64_t)bl_##btag##_decode(W(m), &out); escape(&out)) \
	REF_KERNEL(k_ref_##tag, m)

OWN_KERNELS(alloc_resp, M_ALLOC_RESP, vm_alloc_vmid_resp, g_alloc_resp,
	    alloc_vmid_resp, bl_alloc_vmid_resp, b_alloc_resp)
OWN_KERNELS(stop_req, M_STOP_REQ, vm_stop_req, g_stop_req, vm_stop_req,
	    bl_vm_stop_req, b_stop_req)
OWN_KERNELS(config_req, M_CONFIG_REQ, vm_config_image_req, g_config_req,
	    vm_config_image_req, bl_vm_config_image_req, b_config_req)
OWN_KERNELS(exited, M_EXITED, vm_exited_payload, g_exited, vm_exited,
	    bl_vm_exited, b_exited)
OWN_KERNELS(status, M_STATUS, vm_status_payload, g_status, vm_status,
	    bl_vm_status, b_status)

/*
 * GET_HYP_RESOURCES reply. Decode means: the generated zero-copy decode,
 * then every entry read with the generated accessor; the baseline converts
 * every entry into the same native layout.
 */
GEN_ENC(k_gen_enc_hypres_resp, gunyah_rm_vm_get_hyp_resources_resp_encode,
	g_hypres_resp)
KERNEL(k_bl_enc_hypres_resp,
       acc += (uint64_t)bl_hyp_resources_resp_encode(b_res[k], HYP_MSG_ENTRIES,
						     obuf, sizeof(obuf));
       escape(obuf))
GEN_VALK(k_gen_val_hypres_resp, gunyah_rm_vm_get_hyp_resources_resp_validate,
	 M_HYPRES_RESP)
BL_VALK(k_bl_val_hypres_resp, bl_hyp_resources_resp_validate, M_HYPRES_RESP)

static uint64_t gen_hypres_decode_all(const void *buf, size_t len)
{
	struct gunyah_rm_vm_get_hyp_resources_resp r;
	struct gunyah_rm_verr err;
	uint64_t acc;

	acc = (uint64_t)gunyah_rm_vm_get_hyp_resources_resp_decode(buf, len, &r,
								   &err);
	if (acc)
		return acc;
	acc += (uint64_t)gunyah_rm_hyp_resource_array_read(
		&r.entries, 0, r.entries.n, g_res_out);
	escape(g_res_out);
	return acc + r.entries.n;
}

static uint64_t bl_hypres_decode_all(const void *buf, size_t len)
{
	uint64_t acc;
	size_t n = 0;

	acc = (uint64_t)bl_hyp_resources_resp_decode(buf, len, b_res_out,
						     HYP_MAX_ENTRIES, &n);
	escape(b_res_out);
	return acc + n;
}

KERNEL(k_gen_dec_hypres_resp, acc += gen_hypres_decode_all(W(M_HYPRES_RESP)))
KERNEL(k_bl_dec_hypres_resp, acc += bl_hypres_decode_all(W(M_HYPRES_RESP)))
REF_KERNEL(k_ref_hypres_resp, M_HYPRES_RESP)

struct codec_row {
	int msg;
	kernel_fn gen[3], base[3], ref; /* [encode, decode, validate] */
};

#define ROW(m, tag)                                                         \
	{                                                                   \
		m, { k_gen_enc_##tag, k_gen_dec_##tag, k_gen_val_##tag },   \
			{ k_bl_enc_##tag, k_bl_dec_##tag, k_bl_val_##tag }, \
			k_ref_##tag                                         \
	}

static const struct codec_row codec_rows[] = {
	ROW(M_ALLOC_REQ, alloc_req),	 ROW(M_ALLOC_RESP, alloc_resp),
	ROW(M_DEALLOC_REQ, dealloc_req), ROW(M_START_REQ, start_req),
	ROW(M_STOP_REQ, stop_req),	 ROW(M_RESET_REQ, reset_req),
	ROW(M_CONFIG_REQ, config_req),	 ROW(M_INIT_REQ, init_req),
	ROW(M_HYPRES_REQ, hypres_req),	 ROW(M_HYPRES_RESP, hypres_resp),
	ROW(M_EXITED, exited),		 ROW(M_STATUS, status),
};

static const char *const op_names[3] = { "encode", "decode", "validate" };

/*
 * Rows within this ratio of the baseline count as equal: the resolution
 * of the method, checked in every run by the A/A control below.
 */
#define CODEC_RESOLUTION 1.02
/* No row may be slower than this (the target's limit for any one row). */
#define CODEC_ROW_LIMIT 1.5

/*
 * A/A control: VM_START and VM_RESET requests go through the same codec
 * functions on each side (the shared VMID request), so their timings differ
 * only by where their benchmark loops sit and by noise. Returns the largest
 * ratio between the two, over both sides and all three operations.
 */
static double codec_aa_spread(void)
{
	const struct codec_row *a = &codec_rows[3], *b = &codec_rows[5];
	double worst = 1.0;
	int op, side;

	for (op = 0; op < 3; op++) {
		for (side = 0; side < 2; side++) {
			struct kcase c[2] = {
				{ .name = "a",
				  .fn = side ? a->base[op] : a->gen[op] },
				{ .name = "b",
				  .fn = side ? b->base[op] : b->gen[op] },
			};
			double q;

			measure_reps(c, 2, codec_reps());
			q = c[0].best > c[1].best ? c[0].best / c[1].best :
						    c[1].best / c[0].best;
			if (q > worst)
				worst = q;
		}
	}
	return worst;
}

static int bench_codecs(const char *outdir)
{
	FILE *csv = csv_open(outdir, "codec.csv",
			     "message,op,bytes,gen_ns,base_ns,memcpy_ns,"
			     "gen_median_ns,base_median_ns,memcpy_median_ns,"
			     "gen_over_base,gen_over_memcpy");
	double worst = 0, aa, log_sum = 0, geomean;
	size_t r;
	int op, rows = 0, misses = 0, above = 0;

	printf("\n## Codecs: ns per message (best of %d)\n\n", codec_reps());
	printf("| message | op | bytes | generated | baseline | memcpy | "
	       "gen/base | gen/memcpy |\n");
	printf("|---|---|--:|--:|--:|--:|--:|--:|\n");
	for (r = 0; r < sizeof(codec_rows) / sizeof(codec_rows[0]); r++) {
		const struct codec_row *row = &codec_rows[r];

		for (op = 0; op < 3; op++) {
			struct kcase c[3] = {
				{ .name = "gen", .fn = row->gen[op] },
				{ .name = "base", .fn = row->base[op] },
				{ .name = "memcpy", .fn = row->ref },
			};
			double gb, gm;

			measure_reps(c, 3, codec_reps());
			/* Judge the ratio as printed, to two decimals. */
			gb = (double)(long)(c[0].best / c[1].best * 100 + 0.5) /
			     100;
			gm = c[0].best / c[2].best;
			log_sum += log(c[0].best / c[1].best);
			rows++;
			if (gb > worst)
				worst = gb;
			if (gb > 1.0)
				above++;
			if (gb > CODEC_RESOLUTION)
				misses++;
			printf("| %s | %s | %zu | %.2f | %.2f | %.2f | %.2f%s | "
			       "%.2f |\n",
			       msg_names[row->msg], op_names[op],
			       wire_len[row->msg][0], c[0].best, c[1].best,
			       c[2].best, gb,
			       gb > CODEC_RESOLUTION ? " (!)" : "", gm);
			if (csv)
				fprintf(csv,
					"\"%s\",%s,%zu,%.3f,%.3f,%.3f,%.3f,"
					"%.3f,%.3f,%.4f,%.4f\n",
					msg_names[row->msg], op_names[op],
					wire_len[row->msg][0], c[0].best,
					c[1].best, c[2].best, c[0].median,
					c[1].median, c[2].median, gb, gm);
		}
	}
	aa = codec_aa_spread();
	printf("\nA/A control: VM_START and VM_RESET requests run the same "
	       "functions on each side; their timings differ by up to %.3fx "
	       "in this run. Ratios up to %.2f count as equal (marked (!) "
	       "above that).\n",
	       aa, CODEC_RESOLUTION);
	geomean = exp(log_sum / rows);
	printf("Target geometric mean of generated/baseline <= %.2f, no row "
	       "above %.2f: %s (geometric mean %.3f, worst %.2f; %d rows above "
	       "%.2f, %d above 1.00)\n",
	       CODEC_RESOLUTION, CODEC_ROW_LIMIT,
	       geomean <= CODEC_RESOLUTION && worst <= CODEC_ROW_LIMIT ?
		       "met" :
		       "MISSED",
	       geomean, worst, misses, CODEC_RESOLUTION, above);
	csv_close(csv);
	return geomean > CODEC_RESOLUTION || worst > CODEC_ROW_LIMIT;
}

/* ---- GET_HYP_RESOURCES sweep -------------------------------------------- */

#define SWEEP_VARS 4
static uint8_t sweep_wire[SWEEP_VARS][HYP_MAX_PAYLOAD];
static size_t sweep_len;

#define SW(k) sweep_wire[(k) & (SWEEP_VARS - 1)], sweep_len

KERNEL(k_sw_gen_val, struct gunyah_rm_verr err;
       acc +=
       (uint64_t)gunyah_rm_vm_get_hyp_resources_resp_validate(SW(k), &err))
KERNEL(k_sw_bl_val, acc += (uint64_t)bl_hyp_resources_resp_validate(SW(k)))
KERNEL(k_sw_gen_dec, acc += gen_hypres_decode_all(SW(k)))
KERNEL(k_sw_bl_dec, acc += bl_hypres_decode_all(SW(k)))
KERNEL(k_sw_ref, acc += (uint64_t)ref_copy(obuf, SW(k)); escape(obuf))

static const int sweep_entries[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 332 };

static double gbps(size_t bytes, double ns)
{
	return (double)bytes / ns;
}

static int bench_hyp_sweep(const char *outdir)
{
	FILE *csv = csv_open(
		outdir, "hyp_resources.csv",
		"entries,bytes,gen_validate_ns,base_validate_ns,gen_decode_ns,"
		"base_decode_ns,memcpy_ns,gen_decode_gbps,base_decode_gbps,"
		"memcpy_gbps,gen_decode_over_memcpy_bw,"
		"base_decode_over_memcpy_bw,gen_over_base_decode");
	static struct bl_hyp_resource res[HYP_MAX_ENTRIES + SWEEP_VARS];
	double last_ratio = 0;
	size_t i;
	int v, j;

	/* Each variant starts at a different entry, so their bytes differ. */
	for (j = 0; j < HYP_MAX_ENTRIES + SWEEP_VARS; j++) {
		struct gunyah_rm_hyp_resource g;

		fill_resource(&g, &res[j]);
	}

	printf("\n## GET_HYP_RESOURCES reply: validate and decode (best of "
	       "%d)\n\n",
	       g_reps);
	printf("Decode = validate + read every entry into a native struct "
	       "(generated: _decode() then gunyah_rm_hyp_resource_array_read() "
	       "of all the entries).\n\n");
	printf("| entries | bytes | gen validate ns | base validate ns | "
	       "gen decode ns | base decode ns | memcpy ns | gen decode GB/s | "
	       "base decode GB/s | memcpy GB/s | gen/memcpy bw | "
	       "base/memcpy bw |\n");
	printf("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	for (i = 0; i < sizeof(sweep_entries) / sizeof(sweep_entries[0]); i++) {
		size_t n = (size_t)sweep_entries[i];
		struct kcase c[5] = {
			{ .name = "gen_val", .fn = k_sw_gen_val },
			{ .name = "bl_val", .fn = k_sw_bl_val },
			{ .name = "gen_dec", .fn = k_sw_gen_dec },
			{ .name = "bl_dec", .fn = k_sw_bl_dec },
			{ .name = "memcpy", .fn = k_sw_ref },
		};
		double gd, bd, mc;
		int ret;

		for (v = 0; v < SWEEP_VARS; v++) {
			ret = bl_hyp_resources_resp_encode(
				res + v, n, sweep_wire[v],
				sizeof(sweep_wire[v]));
			if (ret < 0)
				die("hyp resources encode", ret);
			sweep_len = (size_t)ret;
		}
		measure(c, 5);
		gd = gbps(sweep_len, c[2].best);
		bd = gbps(sweep_len, c[3].best);
		mc = gbps(sweep_len, c[4].best);
		last_ratio = gd / mc;
		printf("| %zu | %zu | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | "
		       "%.2f | %.2f | %.2f | %.2f |\n",
		       n, sweep_len, c[0].best, c[1].best, c[2].best, c[3].best,
		       c[4].best, gd, bd, mc, gd / mc, bd / mc);
		if (csv)
			fprintf(csv,
				"%zu,%zu,%.3f,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,"
				"%.4f,%.4f,%.4f,%.4f\n",
				n, sweep_len, c[0].best, c[1].best, c[2].best,
				c[3].best, c[4].best, gd, bd, mc, gd / mc,
				bd / mc, c[2].best / c[3].best);
	}
	printf("\nTarget validate+decode >= 0.5x memcpy bandwidth at %d "
	       "entries: %s (%.2fx)\n",
	       HYP_MAX_ENTRIES, last_ratio >= 0.5 ? "met" : "MISSED",
	       last_ratio);
	csv_close(csv);
	return last_ratio >= 0.5 ? 0 : 1;
}

/* ---- transport ---------------------------------------------------------- */

static uint8_t tx_payload[SWEEP_VARS][GUNYAH_RM_RPC_MAX_PAYLOAD];
static size_t tx_len;
static uint8_t rx_copy[GUNYAH_RM_RPC_MAX_PAYLOAD];

/* A transport whose send drops the packets: fragmentation alone. */
static int null_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		     const struct timespec *deadline)
{
	(void)ctx;
	(void)flags;
	(void)deadline;
	escape(msg);
	return (int)opaque(len) & 0;
}

/* A transport whose send feeds reassembly directly: no queue copy. */
struct loop_ctx {
	struct gunyah_rm_reasm r;
	struct gunyah_rm_rpc_msg msg;
	uint64_t done;
};

static struct loop_ctx loop;

static int loop_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		     const struct timespec *deadline)
{
	struct loop_ctx *l = ctx;
	int ret;

	(void)flags;
	(void)deadline;
	ret = gunyah_rm_reasm_feed(&l->r, msg, len, &l->msg);
	if (ret == 1) {
		l->done++;
		escape(l->msg.payload);
	}
	return ret < 0 ? ret : 0;
}

/* A transport that records the packets: input for reassembly alone. */
static uint8_t cap_pkts[GUNYAH_RM_RPC_MAX_PACKETS][GUNYAH_RM_MSGQ_MSG_SIZE];
static size_t cap_lens[GUNYAH_RM_RPC_MAX_PACKETS];
static int cap_n;

static int cap_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		    const struct timespec *deadline)
{
	(void)ctx;
	(void)flags;
	(void)deadline;
	memcpy(cap_pkts[cap_n], msg, len);
	cap_lens[cap_n++] = len;
	return 0;
}

static const struct gunyah_rm_transport_ops null_ops = {
	.send = null_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
};
static const struct gunyah_rm_transport_ops loop_ops = {
	.send = loop_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
};
static const struct gunyah_rm_transport_ops cap_ops = {
	.send = cap_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
};

static struct gunyah_rm_transport t_null = { &null_ops, NULL };
static struct gunyah_rm_transport t_loop = { &loop_ops, &loop };
static struct gunyah_rm_transport mem_a, mem_b;
static struct gunyah_rm_reasm mem_r;

KERNEL(k_tx_frag,
       acc += (uint64_t)gunyah_rm_rpc_send(&t_null, GUNYAH_RM_RPC_TYPE_REPLY,
					   (uint16_t)it, 0x56000020,
					   tx_payload[k & 3], tx_len, NULL))

static uint64_t k_tx_reasm(uint64_t iters)
{
	struct gunyah_rm_rpc_msg msg;
	uint64_t acc = 0, it;
	int i;

	for (it = 0; it < iters; it++) {
		for (i = 0; i < cap_n; i++)
			acc += (uint64_t)gunyah_rm_reasm_feed(
				&loop.r, cap_pkts[i], cap_lens[i], &msg);
		escape(msg.payload);
	}
	return acc;
}

KERNEL(k_tx_loop,
       acc += (uint64_t)gunyah_rm_rpc_send(&t_loop, GUNYAH_RM_RPC_TYPE_REPLY,
					   (uint16_t)it, 0x56000020,
					   tx_payload[k & 3], tx_len, NULL))

/*
 * One message of tx_len bytes from payload @v over the in-memory transport
 * (sent whole, then received packet by packet and reassembled, on one
 * thread: the queue holds a whole message). Returns the message.
 */
static struct gunyah_rm_rpc_msg mem_one(uint16_t seq, int v)
{
	static uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_rpc_msg msg = { .len = 0 };
	int n, ret;

	ret = gunyah_rm_rpc_send(&mem_a, GUNYAH_RM_RPC_TYPE_REPLY, seq,
				 0x56000020, tx_payload[v], tx_len, NULL);
	if (ret)
		die("rpc_send over the in-memory transport", ret);
	do {
		n = gunyah_rm_transport_recv(&mem_b, pkt, sizeof(pkt), NULL);
		if (n < 0)
			die("in-memory recv", n);
		ret = gunyah_rm_reasm_feed(&mem_r, pkt, (size_t)n, &msg);
	} while (ret == 0);
	if (ret != 1)
		die("reassembly", ret);
	return msg;
}

static uint64_t k_tx_mem(uint64_t iters)
{
	struct gunyah_rm_rpc_msg msg;
	uint64_t acc = 0, it;

	for (it = 0; it < iters; it++) {
		msg = mem_one((uint16_t)it, (int)(it & 3));
		escape(msg.payload);
		acc += msg.len;
	}
	return acc;
}

KERNEL(k_tx_ref, acc += (uint64_t)ref_copy(rx_copy, tx_payload[k & 3], tx_len);
       escape(rx_copy))

static const size_t tx_sizes[] = {
	8, 64, 232, 233, 464, 1024, 2048, 4096, 8192, GUNYAH_RM_RPC_MAX_PAYLOAD
};

static void bench_transport(const char *outdir)
{
	FILE *csv = csv_open(
		outdir, "transport.csv",
		"bytes,packets,frag_ns,reasm_ns,frag_reasm_ns,mem_ns,memcpy_ns,"
		"frag_reasm_gbps,mem_gbps,memcpy_gbps,frag_reasm_over_memcpy_bw,"
		"mem_over_memcpy_bw");
	struct gunyah_rm_rpc_msg msg;
	size_t i, j;
	int v, ret;

	for (v = 0; v < SWEEP_VARS; v++)
		for (j = 0; j < sizeof(tx_payload[v]); j++)
			tx_payload[v][j] = (uint8_t)rnd();
	gunyah_rm_reasm_init(&loop.r, NULL, NULL);
	gunyah_rm_reasm_init(&mem_r, NULL, NULL);
	/* Deep enough for a whole message, so one thread can send then read. */
	ret = gunyah_rm_mem_pair_create(GUNYAH_RM_RPC_MAX_PACKETS, &mem_a,
					&mem_b);
	if (ret)
		die("gunyah_rm_mem_pair_create", ret);

	printf("\n## Fragmentation and reassembly (best of %d)\n\n", g_reps);
	printf("frag = gunyah_rm_rpc_send() to a transport that drops the "
	       "packets (each built in a 240-byte buffer: one copy); "
	       "reasm = gunyah_rm_reasm_feed() of the packets (one copy into "
	       "the reassembly buffer; a single-packet message none); "
	       "frag+reasm = rpc_send to a transport whose send feeds "
	       "reassembly; mem = rpc_send over the in-memory transport, then "
	       "recv and feed of each packet (one thread, queue depth 63; the "
	       "queue copies each packet in and out).\n\n");
	printf("| bytes | packets | frag ns | reasm ns | frag+reasm ns | mem ns "
	       "| memcpy ns | frag+reasm GB/s | mem GB/s | memcpy GB/s | "
	       "frag+reasm/memcpy bw | mem/memcpy bw |\n");
	printf("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	for (i = 0; i < sizeof(tx_sizes) / sizeof(tx_sizes[0]); i++) {
		struct kcase c[5] = {
			{ .name = "frag", .fn = k_tx_frag },
			{ .name = "reasm", .fn = k_tx_reasm },
			{ .name = "frag+reasm", .fn = k_tx_loop },
			{ .name = "mem", .fn = k_tx_mem },
			{ .name = "memcpy", .fn = k_tx_ref },
		};
		struct gunyah_rm_transport t_cap = { &cap_ops, NULL };
		double fr, mem, mc;

		tx_len = tx_sizes[i];
		msg = mem_one(1, 0);
		if (msg.len != tx_len ||
		    memcmp(msg.payload, tx_payload[0], tx_len))
			die("in-memory transport delivered another message", 0);
		cap_n = 0;
		ret = gunyah_rm_rpc_send(&t_cap, GUNYAH_RM_RPC_TYPE_REPLY, 7,
					 0x56000020, tx_payload[0], tx_len,
					 NULL);
		if (ret)
			die("rpc_send", ret);
		loop.done = 0;
		measure(c, 5);
		if (!loop.done)
			die("loopback reassembly completed nothing", 0);
		fr = gbps(tx_len, c[2].best);
		mem = gbps(tx_len, c[3].best);
		mc = gbps(tx_len, c[4].best);
		printf("| %zu | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | "
		       "%.2f | %.2f | %.2f | %.2f |\n",
		       tx_len, cap_n, c[0].best, c[1].best, c[2].best,
		       c[3].best, c[4].best, fr, mem, mc, fr / mc, mem / mc);
		if (csv)
			fprintf(csv,
				"%zu,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,"
				"%.4f,%.4f,%.4f\n",
				tx_len, cap_n, c[0].best, c[1].best, c[2].best,
				c[3].best, c[4].best, fr, mem, mc, fr / mc,
				mem / mc);
	}
	gunyah_rm_transport_close(&mem_a);
	gunyah_rm_transport_close(&mem_b);
	csv_close(csv);
}

/* ---- round trip ---------------------------------------------------------- */

struct responder {
	struct gunyah_rm_transport t;
	struct gunyah_rm_reasm r;
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	uint8_t reply[GUNYAH_RM_RPC_MAX_PAYLOAD];
	size_t big_len;
};

/* A minimal RM: replies "OK" to every request; GET_HYP_RESOURCES gets the
 * largest legal reply. */
static void *responder_main(void *arg)
{
	struct responder *s = arg;
	struct gunyah_rm_rpc_msg msg;
	int n, ret;

	for (;;) {
		n = gunyah_rm_transport_recv(&s->t, s->pkt, sizeof(s->pkt),
					     NULL);
		if (n < 0)
			break;
		ret = gunyah_rm_reasm_feed(&s->r, s->pkt, (size_t)n, &msg);
		if (ret != 1 || msg.hdr.type != GUNYAH_RM_RPC_TYPE_REQUEST)
			continue;
		ret = gunyah_rm_rpc_send(
			&s->t, GUNYAH_RM_RPC_TYPE_REPLY, msg.hdr.seq,
			msg.hdr.msg_id, s->reply,
			msg.hdr.msg_id == GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES ?
				s->big_len :
				4,
			NULL);
		if (ret)
			break;
	}
	gunyah_rm_transport_close(&s->t);
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

struct rtt_result {
	double min_us, med_us, p99_us, mean_us;
	int ok;
};

static struct rtt_result rtt_calls(struct gunyah_rm *rm, uint32_t msg_id,
				   int calls, size_t expect)
{
	static uint8_t resp[GUNYAH_RM_RPC_MAX_PAYLOAD];
	struct rtt_result res = { 0 };
	uint8_t req[4];
	uint64_t *lat, sum = 0;
	size_t got;
	int i, ret, warm = calls / 10 + 10;

	lat = calloc((size_t)calls, sizeof(*lat));
	if (!lat)
		die("calloc", -ENOMEM);
	bl_common_vmid_req_encode(0x2d, req, sizeof(req));
	for (i = -warm; i < calls; i++) {
		struct gunyah_rm_call_opts opts = { 0 };
		uint64_t t0 = now_ns();

		ret = gunyah_rm_call_ex(rm, msg_id, req, sizeof(req), resp,
					sizeof(resp), &got, &opts);
		if (i >= 0)
			lat[i] = now_ns() - t0;
		if (ret && !opts.replied) {
			fprintf(stderr, "rmgen_bench: call 0x%08x: %d (%s)\n",
				msg_id, ret, strerror(-ret));
			free(lat);
			return res;
		}
		if (!ret && expect != SIZE_MAX && got != expect)
			die("reply size", (int)got);
	}
	qsort(lat, (size_t)calls, sizeof(*lat), cmp_u64);
	for (i = 0; i < calls; i++)
		sum += lat[i];
	res.min_us = (double)lat[0] / 1e3;
	res.med_us = (double)lat[calls / 2] / 1e3;
	res.p99_us = (double)lat[(size_t)calls * 99 / 100] / 1e3;
	res.mean_us = (double)sum / calls / 1e3;
	res.ok = 1;
	free(lat);
	return res;
}

static void rtt_print(FILE *csv, const char *transport, const char *call,
		      size_t reply, int calls, struct rtt_result r)
{
	printf("| %s | %s | %zu | %d | %.1f | %.1f | %.1f | %.1f |\n",
	       transport, call, reply, calls, r.min_us, r.med_us, r.p99_us,
	       r.mean_us);
	if (csv)
		fprintf(csv, "%s,%s,%zu,%d,%.3f,%.3f,%.3f,%.3f\n", transport,
			call, reply, calls, r.min_us, r.med_us, r.p99_us,
			r.mean_us);
}

static void rtt_inproc(FILE *csv, const char *name,
		       struct gunyah_rm_transport *client_t,
		       struct gunyah_rm_transport *server_t, int calls)
{
	struct responder *s = calloc(1, sizeof(*s));
	struct gunyah_rm *rm;
	struct rtt_result r;
	pthread_t th;
	int ret, n = HYP_MAX_ENTRIES;

	if (!s)
		die("calloc", -ENOMEM);
	s->t = *server_t;
	gunyah_rm_reasm_init(&s->r, NULL, NULL);
	/* Error word 0 (OK), n_entries 332, entries all zero. */
	gunyah_rm_put_le32(s->reply + 4, (uint32_t)n);
	s->big_len = 4 + HYP_MAX_PAYLOAD;
	ret = pthread_create(&th, NULL, responder_main, s);
	if (ret)
		die("pthread_create", ret);
	ret = gunyah_rm_create(client_t, NULL, &rm);
	if (ret)
		die("gunyah_rm_create", ret);
	r = rtt_calls(rm, GUNYAH_RM_RPC_VM_START, calls, 0);
	if (r.ok)
		rtt_print(csv, name, "VM_START", 4, calls, r);
	r = rtt_calls(rm, GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES, calls / 4,
		      HYP_MAX_PAYLOAD);
	if (r.ok)
		rtt_print(csv, name, "VM_GET_HYP_RESOURCES (332 entries)",
			  s->big_len, calls / 4, r);
	gunyah_rm_destroy(rm);
	pthread_join(th, NULL);
	free(s);
}

static void bench_rtt(const char *outdir, int calls, const char *rmsim)
{
	FILE *csv =
		csv_open(outdir, "rtt.csv",
			 "transport,call,reply_bytes,calls,min_us,median_us,"
			 "p99_us,mean_us");
	struct gunyah_rm_transport a, b;
	int sv[2], ret;

	printf("\n## RPC round trip: gunyah_rm_call() latency in us\n\n");
	printf("In-process rows: the client against a responder thread that "
	       "answers every request at once (no RM logic).\n\n");
	printf("| transport | call | reply bytes | calls | min | median | p99 "
	       "| mean |\n");
	printf("|---|---|--:|--:|--:|--:|--:|--:|\n");

	ret = gunyah_rm_mem_pair_create(0, &a, &b);
	if (ret)
		die("gunyah_rm_mem_pair_create", ret);
	rtt_inproc(csv, "in-memory (depth 8)", &a, &b, calls);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		die("socketpair", -errno);
	ret = gunyah_rm_unix_from_fd(sv[0], &a);
	if (!ret)
		ret = gunyah_rm_unix_from_fd(sv[1], &b);
	if (ret)
		die("gunyah_rm_unix_from_fd", ret);
	rtt_inproc(csv, "UNIX socketpair", &a, &b, calls);

	if (!rmsim) {
		printf("\nrmsim: skipped (no --rmsim socket given; bench/run "
		       "passes one when build-bench/tools/rmsim/rmsim exists)\n");
	} else {
		struct gunyah_rm *rm;
		struct rtt_result r;

		ret = gunyah_rm_unix_connect(rmsim, &a);
		if (ret) {
			printf("\nrmsim: skipped (cannot connect to %s: %s)\n",
			       rmsim, strerror(-ret));
		} else {
			ret = gunyah_rm_create(&a, NULL, &rm);
			if (ret)
				die("gunyah_rm_create", ret);
			r = rtt_calls(rm, GUNYAH_RM_RPC_VM_GET_STATE, calls,
				      SIZE_MAX);
			if (r.ok)
				rtt_print(csv, "rmsim (UNIX socket)",
					  "VM_GET_STATE", 0, calls, r);
			else
				printf("\nrmsim: calls failed\n");
			gunyah_rm_destroy(rm);
		}
	}
	csv_close(csv);
}

/* ---- main ---------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
		"usage: rmgen_bench [--out DIR] [--reps N] [--batch-ms MS] "
		"[--rtt-calls N] [--rmsim SOCKET] [--quick] "
		"[--only codec|hyp|transport|rtt]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *outdir = NULL, *rmsim = NULL, *only = NULL;
	int i, rtt_n = 20000, misses = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--out") && i + 1 < argc)
			outdir = argv[++i];
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			g_reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--batch-ms") && i + 1 < argc)
			g_batch_ns = atof(argv[++i]) * 1e6;
		else if (!strcmp(argv[i], "--rtt-calls") && i + 1 < argc)
			rtt_n = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--rmsim") && i + 1 < argc)
			rmsim = argv[++i];
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--quick"))
			g_reps = 3, g_batch_ns = 2e5, rtt_n = 2000;
		else
			usage();
	}
	if (g_reps < 1 || g_reps > MAX_REPS || g_batch_ns <= 0 || rtt_n < 100)
		usage();

	setup_and_check();
	printf("Self-check passed: the generated and baseline codecs produce "
	       "identical bytes and accept and decode the same inputs.\n");
	if (!only || !strcmp(only, "codec"))
		misses += bench_codecs(outdir) ? 1 : 0;
	if (!only || !strcmp(only, "hyp"))
		misses += bench_hyp_sweep(outdir);
	if (!only || !strcmp(only, "transport"))
		bench_transport(outdir);
	if (!only || !strcmp(only, "rtt"))
		bench_rtt(outdir, rtt_n, rmsim);
	return 0;
}
