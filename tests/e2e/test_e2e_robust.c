// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmsim under abuse: malformed and random packets, many threads calling at
 * once, clients one after another, signals, and its command line.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gunyah_rm/client.h"
#include "gunyah_rm/protocol.h"
#include "gunyah_rm/rpc.h"
#include "gunyah_rm/stubs.h"
#include "gunyah_rm/table.h"
#include "sim.h"

static struct sim sim;

static void setup(void)
{
	sim_start(&sim);
}

static void teardown(void)
{
	sim_cleanup(&sim);
}

TestSuite(e2e_robust, .init = setup, .fini = teardown, .timeout = 120);

/* Raw side of a connection: reassembly of what rmsim sends back. */
struct raw {
	struct gunyah_rm_transport t;
	struct gunyah_rm_reasm reasm;
	unsigned int errors;
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
};

static void raw_report(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct raw *r = ctx;

	(void)rep;
	r->errors++;
}

static void raw_open(struct raw *r)
{
	memset(r, 0, sizeof(*r));
	sim_connect(&sim, &r->t);
	gunyah_rm_reasm_init(&r->reasm, raw_report, r);
}

static void raw_send(struct raw *r, const void *pkt, size_t len)
{
	cr_assert_eq(gunyah_rm_transport_send(&r->t, pkt, len, 0, NULL), 0);
}

/* An RPC packet: header and @n bytes of @fill. */
static size_t pkt_make(uint8_t *p, uint8_t b0, enum gunyah_rm_rpc_type type,
		       uint8_t nf, uint16_t seq, uint32_t id, size_t n,
		       uint8_t fill)
{
	p[0] = b0;
	p[1] = (uint8_t)(nf << 2 | (unsigned int)type);
	gunyah_rm_put_le16(p + 2, seq);
	gunyah_rm_put_le32(p + 4, id);
	memset(p + 8, fill, n);
	return 8 + n;
}

/*
 * Receive until the REPLY with @seq and @id is complete, skipping
 * notifications; every other message is a failure.
 */
static void raw_reply(struct raw *r, uint16_t seq, uint32_t id,
		      struct gunyah_rm_rpc_msg *msg)
{
	long deadline = sim_now_ms() + E2E_TIMEOUT_MS;
	struct timespec ts;
	int n;

	for (;;) {
		cr_assert_lt(sim_now_ms(), deadline, "no reply to seq %u", seq);
		n = gunyah_rm_transport_recv(&r->t, r->pkt, sizeof(r->pkt),
					     gunyah_rm_deadline(&ts, 100));
		if (n == -ETIMEDOUT)
			continue;
		cr_assert_geq(n, 0, "recv: %s", strerror(-n));
		if (gunyah_rm_reasm_feed(&r->reasm, r->pkt, (size_t)n, msg) !=
		    1)
			continue;
		if (msg->hdr.type == GUNYAH_RM_RPC_TYPE_NOTIFICATION)
			continue;
		cr_assert_eq(msg->hdr.type, GUNYAH_RM_RPC_TYPE_REPLY);
		cr_assert_eq(msg->hdr.seq, seq,
			     "reply seq %u while waiting for %u", msg->hdr.seq,
			     seq);
		cr_assert_eq(msg->hdr.msg_id, id);
		cr_assert_geq(msg->len, 4);
		return;
	}
}

/*
 * VM_GET_VMID with @seq: its reply must be the next REPLY (notifications
 * may come first), carrying the HLOS VMID.
 */
static void raw_sync(struct raw *r, uint16_t seq)
{
	static const uint8_t want[8] = { 0, 0, 0, 0, GUNYAH_RM_VMID_HLOS,
					 0, 0, 0 };
	struct gunyah_rm_rpc_msg msg;
	uint8_t p[GUNYAH_RM_MSGQ_MSG_SIZE];

	raw_send(r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_REQUEST, 0, seq,
			  GUNYAH_RM_RPC_VM_GET_VMID, 0, 0));
	raw_reply(r, seq, GUNYAH_RM_RPC_VM_GET_VMID, &msg);
	cr_assert_eq(msg.hdr.num_fragments, 0);
	cr_assert_eq(msg.len, sizeof(want));
	cr_assert_arr_eq(msg.payload, want, sizeof(want));
}

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static bool log_has(const char *needle)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(sim.log, "r");

	cr_assert_not_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

Test(e2e_robust, malformed_packets_are_dropped)
{
	const uint32_t get_vmid = GUNYAH_RM_RPC_VM_GET_VMID;
	uint8_t p[GUNYAH_RM_MSGQ_MSG_SIZE], big[1000];
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct gunyah_rm_vm_get_vmid_resp vmid;
	struct gunyah_rm_rpc_msg msg;
	struct gunyah_rm *rm;
	struct raw r;
	uint32_t seed = 0x12345678;
	unsigned int i;
	int fd;

	memset(p, 0, sizeof(p));
	raw_open(&r);
	/* Too short for a header. */
	raw_send(&r, p, 0);
	raw_send(&r, p, 3);
	/* Bad api_version, header_words, num_fragments. */
	raw_send(&r, p,
		 pkt_make(p, 0x22, GUNYAH_RM_RPC_TYPE_REQUEST, 0, 1, get_vmid,
			  0, 0));
	raw_send(&r, p,
		 pkt_make(p, 0x31, GUNYAH_RM_RPC_TYPE_REQUEST, 0, 2, get_vmid,
			  0, 0));
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_REQUEST, 63, 3, get_vmid,
			  232, 0));
	/* A continuation with nothing in progress. */
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_CONTINUATION, 1, 4,
			  get_vmid, 10, 0));
	/* A first fragment that is not full. */
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_REQUEST, 1, 5, get_vmid,
			  10, 0));
	/* A REPLY and a NOTIFICATION from the client. */
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_REPLY, 0, 6, get_vmid, 4,
			  0));
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_NOTIFICATION, 0, 7,
			  GUNYAH_RM_NOTIFICATION_VM_STATUS, 8, 0));
	/* Three-packet request: stray continuations, then cut short. */
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_REQUEST, 2, 8, get_vmid,
			  232, 0));
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_CONTINUATION, 2, 8,
			  get_vmid + 1, 232, 0));
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_CONTINUATION, 2, 9,
			  get_vmid, 232, 0));
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_CONTINUATION, 1, 8,
			  get_vmid, 232, 0));
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_CONTINUATION, 2, 8,
			  get_vmid, 232, 0));
	/* The last fragment never comes: a notification aborts it. */
	raw_send(&r, p,
		 pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_NOTIFICATION, 0, 10,
			  0x56100001, 0, 0));
	/* Random bytes that never form a request. */
	for (i = 0; i < 2000; i++) {
		size_t len = xorshift(&seed) % (sizeof(p) + 1), j;

		for (j = 0; j < len; j++)
			p[j] = (uint8_t)xorshift(&seed);
		if (len > 1 && (i & 1))
			p[0] = 0x21;
		if (len > 1 && p[0] == 0x21 &&
		    (p[1] & 3) == GUNYAH_RM_RPC_TYPE_REQUEST)
			p[1] |= GUNYAH_RM_RPC_TYPE_NOTIFICATION;
		raw_send(&r, p, len);
	}
	/* None of that was answered: the next message is this reply. */
	raw_sync(&r, 0x4242);

	/* Valid headers, known IDs, random payloads: one reply each. */
	for (i = 0; i < 3000; i++) {
		const struct gunyah_rm_msg_desc *d;
		size_t len, j;

		do {
			d = &gunyah_rm_messages[xorshift(&seed) %
						gunyah_rm_n_messages];
		} while (d->is_notification);
		len = xorshift(&seed) % 64;
		if (i % 3 == 0)
			len = d->request->min_size;
		pkt_make(p, 0x21, GUNYAH_RM_RPC_TYPE_REQUEST, 0, (uint16_t)i,
			 d->id, len, 0);
		for (j = 0; j < len; j++)
			p[8 + j] = (uint8_t)(xorshift(&seed) % 5 ?
						     0 :
						     xorshift(&seed));
		raw_send(&r, p, 8 + len);
		raw_reply(&r, (uint16_t)i, d->id, &msg);
	}
	raw_sync(&r, 0x4343);
	cr_assert_eq(r.errors, 0, "rmsim sent %u malformed packets", r.errors);
	gunyah_rm_transport_close(&r.t);

	/* Oversized packets, which the transport API cannot send. */
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	cr_assert_geq(fd, 0);
	strcpy(addr.sun_path, sim.sock);
	cr_assert_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	memset(big, 0, sizeof(big));
	pkt_make(big, 0x21, GUNYAH_RM_RPC_TYPE_REQUEST, 0, 1, get_vmid, 0, 0);
	cr_assert_eq(send(fd, big, sizeof(big), 0), (ssize_t)sizeof(big));
	cr_assert_eq(send(fd, big, 241, 0), 241);
	cr_assert_eq(send(fd, big, 8, 0), 8);
	cr_assert_eq(recv(fd, big, sizeof(big), 0), 16);
	cr_assert_eq(big[1], GUNYAH_RM_RPC_TYPE_REPLY);
	cr_assert_eq(gunyah_rm_get_le16(big + 2), 1);
	cr_assert_eq(gunyah_rm_get_le32(big + 8), GUNYAH_RM_ERROR_OK);
	close(fd);

	/* Still serving clients. */
	rm = sim_client(&sim, NULL);
	cr_assert_eq(gunyah_rm_vm_get_vmid(rm, &vmid), 0);
	cr_assert_eq(vmid.vmid, GUNYAH_RM_VMID_HLOS);
	gunyah_rm_destroy(rm);

	cr_assert(log_has("dropped packet: RPC header api_version is not 1"));
	cr_assert(log_has("dropped packet: packet is longer than a 240-byte"));
	cr_assert(log_has("dropped a REPLY"));
	sim_stop(&sim, SIGTERM);
}

#define N_THREADS 8
#define N_CALLS 200

struct worker {
	pthread_t th;
	struct gunyah_rm *rm;
	unsigned int idx;
	uint16_t vmid;
	uint8_t want;
	unsigned int calls;
	char err[256];
};

#define W_CHECK(w, cond, ...)                                              \
	do {                                                               \
		if (!(cond)) {                                             \
			snprintf((w)->err, sizeof((w)->err), __VA_ARGS__); \
			return NULL;                                       \
		}                                                          \
	} while (0)

static void *worker_main(void *arg)
{
	static const uint8_t states[4] = {
		GUNYAH_RM_VM_STATUS_LOAD,
		GUNYAH_RM_VM_STATUS_INIT,
		GUNYAH_RM_VM_STATUS_READY,
		GUNYAH_RM_VM_STATUS_RUNNING,
	};
	struct worker *w = arg;
	struct gunyah_rm_vm_get_hyp_resources_resp res;
	struct gunyah_rm_vm_get_state_resp st;
	struct gunyah_rm_hyp_resource e;
	uint8_t buf[512];
	unsigned int i;
	int v, ret;

	v = gunyah_rm_alloc_vmid(w->rm, 0);
	w->calls++;
	W_CHECK(w, v >= 0x80 && v <= 0xbe, "alloc: %d", v);
	w->vmid = (uint16_t)v;
	w->want = states[w->idx % 4];
	if (w->want != GUNYAH_RM_VM_STATUS_LOAD) {
		ret = gunyah_rm_vm_configure(w->rm, w->vmid, 0, 0, 0, 0, 0, 0);
		w->calls++;
		W_CHECK(w, !ret, "configure 0x%x: %d", w->vmid, ret);
	}
	if (w->want == GUNYAH_RM_VM_STATUS_READY ||
	    w->want == GUNYAH_RM_VM_STATUS_RUNNING) {
		ret = gunyah_rm_vm_init(w->rm, w->vmid);
		w->calls++;
		W_CHECK(w, !ret, "init 0x%x: %d", w->vmid, ret);
	}
	if (w->want == GUNYAH_RM_VM_STATUS_RUNNING) {
		ret = gunyah_rm_vm_start(w->rm, w->vmid);
		w->calls++;
		W_CHECK(w, !ret, "start 0x%x: %d", w->vmid, ret);
	}

	for (i = 0; i < N_CALLS; i++) {
		w->calls++;
		if (i % 10 == 5) {
			v = gunyah_rm_alloc_vmid(w->rm, 0);
			W_CHECK(w, v >= 0x80 && v <= 0xbe && v != w->vmid,
				"alloc %u: %d", i, v);
			ret = gunyah_rm_dealloc_vmid(w->rm, (uint16_t)v);
			w->calls++;
			W_CHECK(w, !ret, "dealloc 0x%x: %d", v, ret);
		} else if (i % 10 == 9) {
			ret = gunyah_rm_get_hyp_resources(w->rm, w->vmid, buf,
							  sizeof(buf), &res);
			W_CHECK(w, !ret, "get_hyp_resources: %d", ret);
			W_CHECK(w, res.n_entries == 8, "%u entries",
				res.n_entries);
			gunyah_rm_hyp_resource_array_get(&res.entries, 7, &e);
			W_CHECK(w,
				e.cap_id == (0xca00000000000000ull |
					     (uint64_t)w->vmid << 16 | 7) &&
					e.base == (8ull << 32 |
						   (uint64_t)w->vmid << 12),
				"VM 0x%x: entry 7 cap_id 0x%llx", w->vmid,
				(unsigned long long)e.cap_id);
		} else {
			ret = gunyah_rm_vm_get_state(w->rm, w->vmid, &st);
			W_CHECK(w, !ret, "get_state 0x%x: %d", w->vmid, ret);
			W_CHECK(w, st.vm_status == w->want,
				"VM 0x%x: state %u, not %u", w->vmid,
				st.vm_status, w->want);
		}
	}
	return NULL;
}

Test(e2e_robust, concurrent_calls_reach_their_callers)
{
	struct worker w[N_THREADS];
	struct gunyah_rm_stats stats;
	unsigned int i, j, total = 0, errors = 0;
	struct gunyah_rm *rm = sim_client(&sim, &errors);

	memset(w, 0, sizeof(w));
	for (i = 0; i < N_THREADS; i++) {
		w[i].rm = rm;
		w[i].idx = i;
		cr_assert_eq(pthread_create(&w[i].th, NULL, worker_main, &w[i]),
			     0);
	}
	for (i = 0; i < N_THREADS; i++)
		pthread_join(w[i].th, NULL);
	for (i = 0; i < N_THREADS; i++) {
		cr_assert_str_empty(w[i].err, "thread %u: %s", i, w[i].err);
		for (j = 0; j < i; j++)
			cr_assert_neq(w[i].vmid, w[j].vmid);
		total += w[i].calls;
	}
	gunyah_rm_get_stats(rm, &stats);
	cr_assert_eq(stats.replies, total);
	cr_assert_eq(stats.timeouts, 0);
	/* Nobody listens to VM_STATUS: two threads each drove a VM to INIT
	 * (1 change), READY (2) and RUNNING (3). */
	cr_assert_eq(stats.notifications_unhandled, 2 * 1 + 2 * 2 + 2 * 3);
	cr_assert_eq(errors, 0);
	gunyah_rm_destroy(rm);
	sim_stop(&sim, SIGTERM);
}

/*
 * Against a stopped rmsim (SIGSTOP), every call ends at its deadline:
 * requests of 14616 bytes fill the socket until sending blocks, and each
 * call, cut off while sending or waiting for its reply, fails with
 * -ETIMEDOUT near its 200 ms deadline (asserted with a second of slack).
 * Once rmsim goes on, it drops the request cut off part-way (so one was),
 * answers the others late, and serves new calls.
 */
Test(e2e_robust, stopped_rmsim_calls_end_at_their_deadline)
{
	static uint8_t req[GUNYAH_RM_RPC_MAX_PAYLOAD];
	struct gunyah_rm_call_opts opts = { .timeout_ms = 200 };
	struct gunyah_rm_vm_get_state_resp state;
	struct gunyah_rm_stats stats;
	unsigned int errors = 0, i;
	struct gunyah_rm *rm = sim_client(&sim, &errors);
	long t0, ms;

	cr_assert_eq(kill(sim.pid, SIGSTOP), 0);
	for (i = 0; i < 8; i++) {
		t0 = sim_now_ms();
		cr_assert_eq(gunyah_rm_call_ex(rm, GUNYAH_RM_RPC_VM_START, req,
					       sizeof(req), NULL, 0, NULL,
					       &opts),
			     -ETIMEDOUT, "call %u", i);
		ms = sim_now_ms() - t0;
		cr_assert(ms >= 199 && ms < 200 + 1000, "call %u: %ld ms", i,
			  ms);
	}
	gunyah_rm_get_stats(rm, &stats);
	cr_assert_eq(stats.timeouts, 8);
	cr_assert_eq(kill(sim.pid, SIGCONT), 0);
	cr_assert_eq(gunyah_rm_vm_get_state(rm, 0x7777, &state), -ENODEV);
	cr_assert(log_has(gunyah_rm_rpc_err_str(GUNYAH_RM_RPC_ERR_INCOMPLETE)));
	gunyah_rm_destroy(rm);
	sim_stop(&sim, SIGTERM);
}

Test(e2e_robust, clients_are_served_one_after_another)
{
	struct gunyah_rm_call_opts opts = { .timeout_ms = 300 };
	struct gunyah_rm_vm_get_state_resp st;
	struct gunyah_rm_stats stats;
	struct gunyah_rm *a, *b;

	a = sim_client(&sim, NULL);
	cr_assert_eq(gunyah_rm_alloc_vmid(a, 0), 0x80);
	cr_assert_eq(gunyah_rm_vm_configure(a, 0x80, 0, 0, 0, 0, 0, 0), 0);

	/* B connects (the backlog takes it) but waits while A is served. */
	b = sim_client(&sim, NULL);
	cr_assert_eq(gunyah_rm_call_ex(b, GUNYAH_RM_RPC_VM_GET_VMID, NULL, 0,
				       NULL, 0, NULL, &opts),
		     -ETIMEDOUT);
	cr_assert_eq(gunyah_rm_alloc_vmid(a, 0), 0x81);
	gunyah_rm_destroy(a);

	/* Now B is served: its old request first (a late reply), then this. */
	cr_assert_eq(gunyah_rm_vm_get_state(b, 0x80, &st), 0);
	cr_assert_eq(st.vm_status, GUNYAH_RM_VM_STATUS_INIT);
	cr_assert_eq(gunyah_rm_alloc_vmid(b, 0), 0x82);
	gunyah_rm_get_stats(b, &stats);
	cr_assert_eq(stats.errors[GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY], 1);
	gunyah_rm_destroy(b);

	/* And a third client after B. */
	b = sim_client(&sim, NULL);
	cr_assert_eq(gunyah_rm_vm_get_state(b, 0x82, &st), 0);
	cr_assert_eq(st.vm_status, GUNYAH_RM_VM_STATUS_LOAD);
	gunyah_rm_destroy(b);
	sim_stop(&sim, SIGTERM);
}

Test(e2e_robust, sigint_while_a_client_is_connected)
{
	struct gunyah_rm_vm_get_vmid_resp vmid;
	struct gunyah_rm_stats stats;
	struct gunyah_rm *rm = sim_client(&sim, NULL);
	long deadline;

	cr_assert_eq(gunyah_rm_vm_get_vmid(rm, &vmid), 0);
	sim_stop(&sim, SIGINT);
	/* The client sees the connection end, then calls fail at once. */
	deadline = sim_now_ms() + E2E_TIMEOUT_MS;
	do {
		gunyah_rm_get_stats(rm, &stats);
		cr_assert_lt(sim_now_ms(), deadline);
	} while (!stats.errors[GUNYAH_RM_RPC_ERR_TRANSPORT]);
	cr_assert_eq(gunyah_rm_vm_get_vmid(rm, &vmid), -ENOTCONN);
	gunyah_rm_destroy(rm);
}

/* Run rmsim with @args to completion; its exit status (or -1). */
static int run_rmsim(const char *const args[], const char *log)
{
	int status = sim_wait(sim_spawn(log, args), E2E_TIMEOUT_MS);

	cr_assert_neq(status, -1, "rmsim did not exit");
	cr_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static bool file_has(const char *path, const char *needle)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	cr_assert_not_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

Test(e2e_robust, command_line)
{
	char log[160], longpath[200];
	struct gunyah_rm_vm_get_vmid_resp vmid;
	struct gunyah_rm *rm;

	snprintf(log, sizeof(log), "%s/cli.log", sim.dir);

	cr_assert_eq(run_rmsim((const char *[]){ "--help", NULL }, log), 0);
	cr_assert(file_has(
		log,
		"usage: rmsim [--help] [--version] [-v] [--capture FILE] SOCKET_PATH"));
	cr_assert_eq(run_rmsim((const char *[]){ "-h", NULL }, log), 0);
	cr_assert(file_has(log, "Exit status: 0"));

	cr_assert_eq(run_rmsim((const char *[]){ NULL }, log), 2);
	cr_assert(file_has(log, "missing SOCKET_PATH"));
	cr_assert_eq(run_rmsim((const char *[]){ "a", "b", NULL }, log), 2);
	cr_assert(file_has(log, "too many arguments"));
	cr_assert_eq(run_rmsim((const char *[]){ "--bogus", "x", NULL }, log),
		     2);

	cr_assert_eq(
		run_rmsim((const char *[]){ "/nonexistent/dir/rm.sock", NULL },
			  log),
		1);
	cr_assert(file_has(log, "cannot listen on /nonexistent/dir/rm.sock"));
	memset(longpath, 'x', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	cr_assert_eq(run_rmsim((const char *[]){ longpath, NULL }, log), 1);
	cr_assert(file_has(log, "File name too long"));

	/* A second rmsim on a live socket fails; the first carries on. */
	rm = sim_client(&sim, NULL);
	cr_assert_eq(run_rmsim((const char *[]){ sim.sock, NULL }, log), 1);
	cr_assert(file_has(log, "Address already in use (if no rmsim serves "
				"it, remove the file)"));
	cr_assert_eq(gunyah_rm_vm_get_vmid(rm, &vmid), 0);
	gunyah_rm_destroy(rm);
	unlink(log);
	sim_stop(&sim, SIGTERM);
}
