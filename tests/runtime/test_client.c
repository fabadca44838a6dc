// SPDX-License-Identifier: BSD-3-Clause
/*
 * The RM client over the in-memory pair (and once over a UNIX socket),
 * against a fake RM thread whose behaviour is chosen by the message ID.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gunyah_rm/client.h"
#include "gunyah_rm/protocol.h"
#include "rt_test.h"

/* Fake RM behaviours, by request msg_id. */
#define FAKE_ECHO 0x1001 /* data: request reversed, each byte ^ 0xa5 */
#define FAKE_ERROR 0x1002 /* req: le32 RM error, extra bytes echoed as data */
#define FAKE_DELAY 0x1003 /* req: le32 ms; replies after that long */
#define FAKE_BIG 0x1004 /* req: le32 n; data: n pattern bytes */
#define FAKE_SHORT 0x1005 /* req: u8 n < 4; reply payload: n bytes only */
#define FAKE_STRAY 0x1006 /* stray replies (wrong seq, msg_id) first */
#define FAKE_NOTIFY 0x1007 /* req: le32 id + payload; notification first */
#define FAKE_RAW 0x1008 /* req: a raw packet, sent verbatim first */
#define FAKE_PARTIAL 0x1009 /* half a reply, then a notification */
#define FAKE_HANGUP 0x100a /* fake RM shuts its endpoint down */
#define FAKE_REQUEST 0x100b /* sends a REQUEST to the client first */
#define FAKE_LEN 0x100c /* data: le32 request length, le32 byte sum */
#define FAKE_MALFORMED 0x100d /* req: u8 kind; a malformed reply (see there) */

#define NOTIF_VM_STATUS 0x56100008
#define NOTIF_VM_EXITED 0x56100001
#define NOTIF_OTHER 0x56100099

struct fake_rm {
	struct gunyah_rm_transport t;
	pthread_t th;
	bool running;
	unsigned int bad;
	struct gunyah_rm_reasm reasm;
	uint8_t out[GUNYAH_RM_RPC_MAX_PAYLOAD];
};

static struct fake_rm fake;
static struct gunyah_rm *rm;

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int fake_reply(struct fake_rm *f, uint16_t seq, uint32_t msg_id,
		      uint32_t rm_error, const void *data, size_t n)
{
	gunyah_rm_put_le32(f->out, rm_error);
	if (n)
		memmove(f->out + 4, data, n);
	return gunyah_rm_rpc_send(&f->t, GUNYAH_RM_RPC_TYPE_REPLY, seq, msg_id,
				  f->out, 4 + n, NULL);
}

/* Handle one request; returns false when the fake RM should stop. */
static bool fake_handle(struct fake_rm *f, const struct gunyah_rm_rpc_msg *m)
{
	static uint8_t tmp[GUNYAH_RM_RPC_MAX_PAYLOAD];
	const uint8_t *p = m->payload;
	uint16_t seq = m->hdr.seq;
	uint32_t id = m->hdr.msg_id;
	uint32_t v = m->len >= 4 ? gunyah_rm_get_le32(p) : 0;
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	size_t i, n;

	switch (id) {
	case FAKE_ECHO:
		for (i = 0; i < m->len; i++)
			tmp[i] = p[m->len - 1 - i] ^ 0xa5;
		fake_reply(f, seq, id, 0, tmp, m->len);
		break;
	case FAKE_ERROR:
		fake_reply(f, seq, id, v, p + 4, m->len - 4);
		break;
	case FAKE_DELAY:
		sleep_ms(v);
		fake_reply(f, seq, id, 0, "late", 4);
		break;
	case FAKE_BIG:
		for (i = 0; i < v; i++)
			tmp[i] = pattern(v, i);
		fake_reply(f, seq, id, 0, tmp, v);
		break;
	case FAKE_SHORT:
		gunyah_rm_rpc_send(&f->t, GUNYAH_RM_RPC_TYPE_REPLY, seq, id,
				   "\0\0\0", p[0], NULL);
		break;
	case FAKE_STRAY:
		fake_reply(f, (uint16_t)(seq ^ 0x8000), id, 0, "s1", 2);
		fake_reply(f, seq, id + 1, 0, "s2", 2);
		fake_reply(f, seq, id, 0, "ok", 2);
		break;
	case FAKE_NOTIFY:
		gunyah_rm_rpc_send(&f->t, GUNYAH_RM_RPC_TYPE_NOTIFICATION, 0x77,
				   v, p + 4, m->len - 4, NULL);
		fake_reply(f, seq, id, 0, NULL, 0);
		break;
	case FAKE_RAW:
		gunyah_rm_transport_send(&f->t, p, m->len, 0, NULL);
		fake_reply(f, seq, id, 0, NULL, 0);
		break;
	case FAKE_PARTIAL:
		memset(tmp, 0, 232);
		gunyah_rm_transport_send(&f->t, pkt,
					 make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY,
						  1, seq, id, tmp, 232),
					 0, NULL);
		gunyah_rm_rpc_send(&f->t, GUNYAH_RM_RPC_TYPE_NOTIFICATION, 1,
				   NOTIF_OTHER, NULL, 0, NULL);
		break;
	case FAKE_HANGUP:
		gunyah_rm_transport_shutdown(&f->t);
		return false;
	case FAKE_REQUEST:
		gunyah_rm_rpc_send(&f->t, GUNYAH_RM_RPC_TYPE_REQUEST, 5,
				   0x56000001, "req", 3, NULL);
		fake_reply(f, seq, id, 0, NULL, 0);
		break;
	case FAKE_MALFORMED:
		/* A reply with the call's seq and msg_id, dropped as: */
		memset(tmp, 0, 232);
		if (p[0] == 0) /* FRAGMENT_SIZE: a short first fragment */
			n = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_REPLY, 1, seq, id,
				     tmp, 100);
		else if (p[0] == 1) /* API_VERSION */
			n = build_pkt(pkt, 2, 2, GUNYAH_RM_RPC_TYPE_REPLY, 0,
				      seq, id, tmp, 4);
		else /* TOO_MANY_FRAGMENTS */
			n = build_pkt(pkt, 1, 2, GUNYAH_RM_RPC_TYPE_REPLY, 63,
				      seq, id, tmp, 232);
		gunyah_rm_transport_send(&f->t, pkt, n, 0, NULL);
		break;
	case FAKE_LEN:
		v = 0;
		for (i = 0; i < m->len; i++)
			v += p[i];
		gunyah_rm_put_le32(tmp, (uint32_t)m->len);
		gunyah_rm_put_le32(tmp + 4, v);
		fake_reply(f, seq, id, 0, tmp, 8);
		break;
	default:
		fake_reply(f, seq, id, 0xffffffffu, NULL, 0);
		break;
	}
	return true;
}

static void fake_bad(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct fake_rm *f = ctx;

	(void)rep;
	f->bad++;
}

static void *fake_main(void *arg)
{
	struct fake_rm *f = arg;
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_rpc_msg m;
	int n;

	for (;;) {
		n = gunyah_rm_transport_recv(&f->t, pkt, sizeof(pkt), NULL);
		if (n < 0)
			break;
		if (gunyah_rm_reasm_feed(&f->reasm, pkt, (size_t)n, &m) != 1)
			continue;
		if (m.hdr.type != GUNYAH_RM_RPC_TYPE_REQUEST) {
			f->bad++;
			continue;
		}
		if (!fake_handle(f, &m))
			break;
	}
	return NULL;
}

static void fake_start(struct gunyah_rm_transport *t)
{
	fake.t = *t;
	fake.bad = 0;
	gunyah_rm_reasm_init(&fake.reasm, fake_bad, &fake);
	cr_assert_eq(pthread_create(&fake.th, NULL, fake_main, &fake), 0);
	fake.running = true;
}

/* Error callback recorder. */
static struct {
	pthread_mutex_t lock;
	unsigned int count[GUNYAH_RM_RPC_NR_ERRS];
	struct gunyah_rm_rpc_report last[GUNYAH_RM_RPC_NR_ERRS];
	struct gunyah_rm_verr verr;
} ev = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void on_error(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	(void)ctx;
	pthread_mutex_lock(&ev.lock);
	ev.count[rep->reason]++;
	ev.last[rep->reason] = *rep;
	if (rep->verr)
		ev.verr = *rep->verr;
	pthread_mutex_unlock(&ev.lock);
}

static unsigned int ev_count(enum gunyah_rm_rpc_err why)
{
	unsigned int n;

	pthread_mutex_lock(&ev.lock);
	n = ev.count[why];
	pthread_mutex_unlock(&ev.lock);
	return n;
}

static bool ev_wait(enum gunyah_rm_rpc_err why, unsigned int n, long ms)
{
	long end = now_ms() + ms;

	while (ev_count(why) < n) {
		if (now_ms() > end)
			return false;
		sleep_ms(1);
	}
	return true;
}

static unsigned int ev_total(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < GUNYAH_RM_RPC_NR_ERRS; i++)
		n += ev_count(i);
	return n;
}

/* Notification handler recorder. */
static struct {
	pthread_mutex_t lock;
	unsigned int count;
	uint32_t id;
	size_t len;
	uint8_t payload[64];
	void *ctx;
	int call_ret;
} nt = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void notif_handler(void *ctx, uint32_t id, const void *payload,
			  size_t len)
{
	pthread_mutex_lock(&nt.lock);
	nt.count++;
	nt.id = id;
	nt.ctx = ctx;
	nt.len = len;
	memcpy(nt.payload, payload, len < 64 ? len : 64);
	pthread_mutex_unlock(&nt.lock);
}

static unsigned int nt_count(void)
{
	unsigned int n;

	pthread_mutex_lock(&nt.lock);
	n = nt.count;
	pthread_mutex_unlock(&nt.lock);
	return n;
}

/* Test-only validator: VM_STATUS must be exactly 8 bytes. */
static int test_validate(uint32_t id, const void *payload, size_t len,
			 struct gunyah_rm_verr *err)
{
	(void)payload;
	if (id != NOTIF_VM_STATUS || len == 8)
		return 0;
	if (len < 8)
		return gunyah_rm_verr_set(err, GUNYAH_RM_VERR_TRUNCATED,
					  "vm_status", "app_status", len);
	return gunyah_rm_verr_set(err, GUNYAH_RM_VERR_TRAILING, "vm_status",
				  "app_status", 8);
}

/* Client and fake RM over an in-memory pair of @depth (0: default). */
static void start_depth(struct gunyah_rm_config *cfg, unsigned int depth)
{
	struct gunyah_rm_transport a, b;

	cfg->on_error = on_error;
	cfg->validate = test_validate;
	cfg->error_remap = gunyah_rm_error_remap;
	cr_assert_eq(gunyah_rm_mem_pair_create(depth, &a, &b), 0);
	fake_start(&b);
	cr_assert_eq(gunyah_rm_create(&a, cfg, &rm), 0);
	cr_assert_null(a.ops, "client did not take the transport");
}

static void start_with(struct gunyah_rm_config *cfg)
{
	start_depth(cfg, 0);
}

/* With notif_handler() as the notification handler. */
static void start(void)
{
	struct gunyah_rm_config cfg = { .on_notification = notif_handler };

	start_with(&cfg);
}

static void teardown(void)
{
	gunyah_rm_destroy(rm);
	rm = NULL;
	if (fake.running) {
		pthread_join(fake.th, NULL);
		gunyah_rm_transport_close(&fake.t);
		fake.running = false;
	}
	cr_expect_eq(fake.bad, 0, "fake RM saw malformed traffic");
}

TestSuite(client, .fini = teardown, .timeout = 60);

static int call_u32(uint32_t msg_id, uint32_t v, void *resp, size_t cap,
		    size_t *resp_size, struct gunyah_rm_call_opts *opts)
{
	uint8_t req[4];

	gunyah_rm_put_le32(req, v);
	return gunyah_rm_call_ex(rm, msg_id, req, 4, resp, cap, resp_size,
				 opts);
}

static void check_echo(size_t n, unsigned int tag)
{
	static uint8_t req[GUNYAH_RM_RPC_MAX_PAYLOAD];
	static uint8_t resp[GUNYAH_RM_RPC_MAX_PAYLOAD];
	struct gunyah_rm_call_opts opts = { 0 };
	size_t i, got = 12345;

	for (i = 0; i < n; i++)
		req[i] = pattern(tag, i);
	cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_ECHO, req, n, resp, n, &got,
				       &opts),
		     0, "echo %zu", n);
	cr_assert_eq(got, n);
	cr_assert(opts.replied);
	cr_assert_eq(opts.rm_error, 0);
	for (i = 0; i < n; i++)
		cr_assert_eq(resp[i], req[n - 1 - i] ^ 0xa5,
			     "echo %zu byte %zu", n, i);
}

Test(client, reply_matched)
{
	struct gunyah_rm_stats st;

	start();
	check_echo(100, 1);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.rx_packets, 1);
	cr_assert_eq(st.rx_messages, 1);
	cr_assert_eq(st.replies, 1);
	cr_assert_eq(ev_total(), 0);
}

Test(client, reply_sizes)
{
	static const size_t sizes[] = { 0, 1, 228, 229, 460, 461, 1000, 14612 };
	static uint8_t big[GUNYAH_RM_RPC_MAX_PAYLOAD];
	uint8_t resp[8];
	size_t i, got;

	start();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_echo(sizes[i], (unsigned int)i);

	/* The largest request: 63 packets. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	cr_assert_eq(gunyah_rm_call(rm, FAKE_LEN, big, sizeof(big), resp,
				    sizeof(resp), &got),
		     0);
	cr_assert_eq(got, 8);
	cr_assert_eq(gunyah_rm_get_le32(resp), 14616);
	cr_assert_eq(gunyah_rm_get_le32(resp + 4),
		     255u * 256 / 2 * 57 + (24 * 23 / 2));
	cr_assert_eq(ev_total(), 0);
}

Test(client, argument_errors)
{
	static uint8_t big[GUNYAH_RM_RPC_MAX_PAYLOAD + 1];
	struct gunyah_rm_call_opts opts = { .replied = true, .rm_error = 9 };
	size_t got = 7;

	start();
	cr_assert_eq(gunyah_rm_call_ex(rm, 0, NULL, 0, NULL, 0, &got, &opts),
		     -EINVAL);
	cr_assert_eq(got, 0);
	cr_assert_not(opts.replied);
	cr_assert_eq(opts.rm_error, 0);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_ECHO, NULL, 4, NULL, 0, NULL),
		     -EINVAL);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_ECHO, big, 4, NULL, 4, NULL),
		     -EINVAL);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_ECHO, big, sizeof(big), NULL, 0,
				    NULL),
		     -E2BIG);
	cr_assert_eq(gunyah_rm_call(NULL, FAKE_ECHO, NULL, 0, NULL, 0, NULL),
		     -EINVAL);
	/* Nothing was sent: the next call is the fake RM's first. */
	check_echo(3, 3);
}

Test(client, unknown_seq_and_msg_id_dropped)
{
	uint8_t resp[4];
	size_t got;
	struct gunyah_rm_stats st;

	start();
	cr_assert_eq(gunyah_rm_call(rm, FAKE_STRAY, NULL, 0, resp, sizeof(resp),
				    &got),
		     0);
	cr_assert_eq(got, 2);
	cr_assert_arr_eq(resp, "ok", 2);
	/* Both strays were processed before the real reply. */
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY), 2);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY].code, -ENOENT);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY].hdr.msg_id,
		     FAKE_STRAY + 1);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.errors[GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY], 2);
	cr_assert_eq(st.replies, 1);
	cr_assert_eq(st.rx_messages, 3);
	check_echo(10, 4);
}

Test(client, rm_error_mapping)
{
	static const struct {
		uint32_t code;
		int err;
	} map[] = {
		{ 0x0, 0 },
		{ 0xffffffff, -EOPNOTSUPP },
		{ 0x1, -ENOMEM },
		{ 0x2, -ENODEV },
		{ 0x3, -EPERM },
		{ 0x4, -EINVAL },
		{ 0x5, -EBUSY },
		{ 0x6, -EINVAL },
		{ 0x7, -EINVAL },
		{ 0x8, -EINVAL },
		{ 0x9, -EINVAL },
		{ 0xa, -EINVAL },
		{ 0xb, -EINVAL },
		{ 0xc, -EINVAL },
		{ 0xd, -EINVAL },
		{ 0xe, -EINVAL },
		{ 0xf, -EINVAL },
		{ 0x10, -EINVAL },
		{ 0x11, -EINVAL },
		{ 0x12, -EBADMSG },
		{ 0x13, -EBADMSG },
		{ 0x14, -EBADMSG },
		{ 0x15, -EBADMSG },
		{ 0x100, -EBADMSG },
		{ 0x80000000, -EBADMSG },
		{ 0xfffffffe, -EBADMSG },
	};
	size_t i, got;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		cr_assert_eq(gunyah_rm_error_remap(map[i].code), map[i].err,
			     "code %#x", map[i].code);

	start();
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		struct gunyah_rm_call_opts opts = { 0 };

		cr_assert_eq(call_u32(FAKE_ERROR, map[i].code, NULL, 0, &got,
				      &opts),
			     map[i].err, "code %#x", map[i].code);
		cr_assert(opts.replied);
		cr_assert_eq(opts.rm_error, map[i].code);
		cr_assert_eq(got, 0);
	}
	cr_assert_eq(ev_total(), 0);
}

/* A client without an error_remap: every non-zero word is -EREMOTEIO. */
Test(client, rm_error_without_remap)
{
	static const uint32_t codes[] = { 0x1, 0x3, 0x12, 0xffffffff };
	struct gunyah_rm_transport a, b;
	size_t i, got;

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, &b), 0);
	fake_start(&b);
	cr_assert_eq(gunyah_rm_create(&a, NULL, &rm), 0);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct gunyah_rm_call_opts opts = { 0 };

		cr_assert_eq(call_u32(FAKE_ERROR, codes[i], NULL, 0, &got,
				      &opts),
			     -EREMOTEIO, "code %#x", codes[i]);
		cr_assert(opts.replied);
		cr_assert_eq(opts.rm_error, codes[i]);
	}
	cr_assert_eq(call_u32(FAKE_ERROR, 0, NULL, 0, &got, NULL), 0);
}

Test(client, rm_error_with_data)
{
	struct gunyah_rm_call_opts opts = { 0 };
	uint8_t req[8], resp[8];
	size_t got;

	start();
	/* As VM_SET_TIME_BASE: RM error followed by a hypervisor error. */
	gunyah_rm_put_le32(req, 0x6);
	gunyah_rm_put_le32(req + 4, 0xdeadbeef);
	cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_ERROR, req, 8, resp,
				       sizeof(resp), &got, &opts),
		     -EINVAL);
	cr_assert_eq(opts.rm_error, 6);
	cr_assert_eq(got, 4);
	cr_assert_eq(gunyah_rm_get_le32(resp), 0xdeadbeef);
	/* The RM error wins over a too-small buffer. */
	cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_ERROR, req, 8, NULL, 0, &got,
				       &opts),
		     -EINVAL);
	cr_assert_eq(got, 4);
}

Test(client, timeout_then_late_reply_dropped)
{
	struct gunyah_rm_call_opts opts = { .timeout_ms = 50 };
	struct gunyah_rm_stats st;
	uint8_t resp[8];
	size_t got = 99;
	long t0;

	start();
	t0 = now_ms();
	cr_assert_eq(call_u32(FAKE_DELAY, 300, resp, sizeof(resp), &got, &opts),
		     -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 49);
	cr_assert_lt(now_ms() - t0, 290);
	cr_assert_not(opts.replied);
	cr_assert_eq(got, 0);
	/* The late reply matches no pending call. */
	cr_assert(ev_wait(GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY, 1, 5000));
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY].code, -ENOENT);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY].hdr.msg_id,
		     FAKE_DELAY);
	cr_assert_eq(ev_total(), 1);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.timeouts, 1);
	cr_assert_eq(st.errors[GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY], 1);
	check_echo(50, 5);
	/* Waiting forever still works. */
	opts.timeout_ms = -1;
	cr_assert_eq(call_u32(FAKE_DELAY, 10, resp, sizeof(resp), &got, &opts),
		     0);
	cr_assert_arr_eq(resp, "late", 4);
}

Test(client, default_timeout_from_config)
{
	struct gunyah_rm_config cfg = { .timeout_ms = 40 };
	struct gunyah_rm_call_opts opts = { .timeout_ms = 2000 };
	uint8_t req[4];

	start_with(&cfg);
	gunyah_rm_put_le32(req, 200);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_DELAY, req, 4, NULL, 0, NULL),
		     -ETIMEDOUT);
	cr_assert(ev_wait(GUNYAH_RM_RPC_ERR_UNMATCHED_REPLY, 1, 5000));
	/* Per-call timeout overrides the default. */
	gunyah_rm_put_le32(req, 100);
	cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_DELAY, req, 4, req, 4, NULL,
				       &opts),
		     0);
}

struct slow_call {
	int ret;
	uint8_t resp[4];
};

static void *slow_call_main(void *arg)
{
	struct slow_call *sc = arg;
	struct gunyah_rm_call_opts opts = { .timeout_ms = -1 };

	sc->ret = call_u32(FAKE_DELAY, 300, sc->resp, 4, NULL, &opts);
	return NULL;
}

Test(client, waiting_for_a_free_slot_times_out)
{
	struct gunyah_rm_config cfg = { .max_pending = 1 };
	struct gunyah_rm_call_opts opts = { .timeout_ms = 50 };
	struct slow_call sc = { .ret = 1 };
	struct gunyah_rm_stats st;
	pthread_t th;
	long t0;

	start_with(&cfg);
	/* Another thread holds the only slot for 300 ms. */
	cr_assert_eq(pthread_create(&th, NULL, slow_call_main, &sc), 0);
	sleep_ms(50);
	t0 = now_ms();
	cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_ECHO, "x", 1, NULL, 0, NULL,
				       &opts),
		     -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 49);
	pthread_join(th, NULL);
	cr_assert_eq(sc.ret, 0);
	cr_assert_arr_eq(sc.resp, "late", 4);
	/* The timed-out call was never sent, so no reply comes for it. */
	check_echo(20, 11);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.timeouts, 1);
	cr_assert_eq(st.replies, 2);
	cr_assert_eq(ev_total(), 0);
}

Test(client, response_buffer_too_small)
{
	uint8_t resp[64];
	size_t got, i;

	start();
	memset(resp, 0xee, sizeof(resp));
	cr_assert_eq(call_u32(FAKE_BIG, 100, resp, 50, &got, NULL), -EMSGSIZE);
	cr_assert_eq(got, 100);
	for (i = 0; i < sizeof(resp); i++)
		cr_assert_eq(resp[i], 0xee, "byte %zu written", i);
	cr_assert_eq(call_u32(FAKE_BIG, 50, resp, 50, &got, NULL), 0);
	cr_assert_eq(got, 50);
	for (i = 0; i < 50; i++)
		cr_assert_eq(resp[i], pattern(50, i));
	/* A standard-reply caller (no buffer) gets -EMSGSIZE for data. */
	cr_assert_eq(call_u32(FAKE_BIG, 1, NULL, 0, &got, NULL), -EMSGSIZE);
	cr_assert_eq(got, 1);
}

Test(client, reply_shorter_than_error_word)
{
	struct gunyah_rm_call_opts opts = { 0 };
	uint8_t n;

	start();
	for (n = 0; n < 4; n++) {
		cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_SHORT, &n, 1, NULL, 0,
					       NULL, &opts),
			     -EBADMSG, "%u-byte reply", n);
		cr_assert_not(opts.replied);
	}
	check_echo(4, 6);
}

Test(client, reply_cut_short_fails_with_eio)
{
	start();
	cr_assert_eq(gunyah_rm_call(rm, FAKE_PARTIAL, NULL, 0, NULL, 0, NULL),
		     -EIO);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_INCOMPLETE), 1);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_INCOMPLETE].hdr.msg_id,
		     FAKE_PARTIAL);
	check_echo(300, 7);
}

static int send_notif(uint32_t id, const void *payload, size_t len)
{
	uint8_t req[64];

	gunyah_rm_put_le32(req, id);
	memcpy(req + 4, payload, len);
	return gunyah_rm_call(rm, FAKE_NOTIFY, req, 4 + len, NULL, 0, NULL);
}

Test(client, notification_validated_and_delivered)
{
	const uint8_t status[8] = { 0x80, 0, 0, 0, 3, 0, 0x34, 0x12 };
	struct gunyah_rm_stats st;
	int ctx;
	struct gunyah_rm_config cfg = { .on_notification = notif_handler,
					.notif_ctx = &ctx };

	start_with(&cfg);
	cr_assert_eq(send_notif(NOTIF_VM_STATUS, status, 8), 0);
	/* The notification was sent before the reply, so it is already in. */
	cr_assert_eq(nt_count(), 1);
	cr_assert_eq(nt.id, NOTIF_VM_STATUS);
	cr_assert_eq(nt.ctx, &ctx);
	cr_assert_eq(nt.len, 8);
	cr_assert_arr_eq(nt.payload, status, 8);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.notifications, 1);
	cr_assert_eq(ev_total(), 0);
}

Test(client, invalid_notification_dropped)
{
	const uint8_t status[9] = { 0 };
	struct gunyah_rm_stats st;

	start();
	cr_assert_eq(send_notif(NOTIF_VM_STATUS, status, 7), 0);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION), 1);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION].code,
		     -EBADMSG);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION].hdr.msg_id,
		     NOTIF_VM_STATUS);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION].len, 7);
	cr_assert_eq(ev.verr.reason, GUNYAH_RM_VERR_TRUNCATED);
	cr_assert_str_eq(ev.verr.payload, "vm_status");
	cr_assert_eq(ev.verr.offset, 7);
	cr_assert_eq(send_notif(NOTIF_VM_STATUS, status, 9), 0);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION), 2);
	cr_assert_eq(ev.verr.reason, GUNYAH_RM_VERR_TRAILING);
	cr_assert_eq(nt_count(), 0);
	/* A valid one still gets through. */
	cr_assert_eq(send_notif(NOTIF_VM_STATUS, status, 8), 0);
	cr_assert_eq(nt_count(), 1);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.errors[GUNYAH_RM_RPC_ERR_INVALID_NOTIFICATION], 2);
	cr_assert_eq(st.notifications, 1);
}

Test(client, every_notification_id_reaches_the_handler)
{
	struct gunyah_rm_stats st;

	start();
	cr_assert_eq(send_notif(NOTIF_VM_EXITED, "abcd", 4), 0);
	cr_assert_eq(nt_count(), 1);
	cr_assert_eq(nt.id, NOTIF_VM_EXITED);
	cr_assert_eq(send_notif(NOTIF_OTHER, "", 0), 0);
	cr_assert_eq(nt_count(), 2);
	cr_assert_eq(nt.id, NOTIF_OTHER);
	cr_assert_eq(nt.len, 0);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.notifications, 2);
	cr_assert_eq(st.notifications_unhandled, 0);
	cr_assert_eq(ev_total(), 0);
}

Test(client, notification_without_handler)
{
	struct gunyah_rm_config cfg = { 0 };
	struct gunyah_rm_stats st;

	start_with(&cfg);
	/* Counted, not an error. */
	cr_assert_eq(send_notif(NOTIF_VM_EXITED, "abcd", 4), 0);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.notifications, 0);
	cr_assert_eq(st.notifications_unhandled, 1);
	cr_assert_eq(nt_count(), 0);
	cr_assert_eq(ev_total(), 0);
}

static void reentrant_handler(void *ctx, uint32_t id, const void *payload,
			      size_t len)
{
	(void)ctx;
	(void)payload;
	(void)len;
	pthread_mutex_lock(&nt.lock);
	nt.call_ret = gunyah_rm_call(rm, FAKE_ECHO, NULL, 0, NULL, 0, NULL);
	nt.id = id;
	nt.count++;
	pthread_mutex_unlock(&nt.lock);
}

Test(client, handler_cannot_call_rm)
{
	struct gunyah_rm_config cfg = { .on_notification = reentrant_handler };

	start_with(&cfg);
	cr_assert_eq(send_notif(NOTIF_VM_EXITED, "", 0), 0);
	cr_assert_eq(nt_count(), 1);
	cr_assert_eq(nt.id, NOTIF_VM_EXITED);
	cr_assert_eq(nt.call_ret, -EDEADLK);
}

Test(client, unexpected_request_and_bad_packets_reported)
{
	uint8_t pkt[16];
	size_t len;

	start();
	cr_assert_eq(gunyah_rm_call(rm, FAKE_REQUEST, NULL, 0, NULL, 0, NULL),
		     0);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_UNEXPECTED_REQUEST), 1);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_UNEXPECTED_REQUEST].code,
		     -EOPNOTSUPP);

	/* A packet with API version 2, then a 5-byte runt. */
	len = build_pkt(pkt, 2, 2, GUNYAH_RM_RPC_TYPE_REPLY, 0, 1, 1, NULL, 0);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_RAW, pkt, len, NULL, 0, NULL), 0);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_API_VERSION), 1);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_RAW, pkt, 5, NULL, 0, NULL), 0);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_SHORT_PACKET), 1);
	/* An orphan continuation. */
	len = make_pkt(pkt, GUNYAH_RM_RPC_TYPE_CONTINUATION, 3, 1, 1, "x", 1);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_RAW, pkt, len, NULL, 0, NULL), 0);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_ORPHAN_CONTINUATION), 1);
	check_echo(500, 8);
}

Test(client, transport_loss_fails_calls)
{
	struct gunyah_rm_stats st;

	start();
	cr_assert_eq(gunyah_rm_call(rm, FAKE_HANGUP, NULL, 0, NULL, 0, NULL),
		     -ECONNRESET);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_TRANSPORT), 1);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_TRANSPORT].code, -EPIPE);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_ECHO, NULL, 0, NULL, 0, NULL),
		     -ENOTCONN);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.errors[GUNYAH_RM_RPC_ERR_TRANSPORT], 1);
}

Test(client, create_arguments)
{
	struct gunyah_rm_config cfg = { .max_pending = 4097 };
	struct gunyah_rm_transport a, b;
	struct gunyah_rm *r = NULL;

	cr_assert_eq(gunyah_rm_create(NULL, NULL, &r), -EINVAL);
	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, &b), 0);
	cr_assert_eq(gunyah_rm_create(&a, &cfg, &r), -EINVAL);
	cr_assert_not_null(a.ops, "transport taken on failure");
	cr_assert_eq(gunyah_rm_create(&a, NULL, NULL), -EINVAL);
	cr_assert_eq(gunyah_rm_create(&a, NULL, &r), 0);
	gunyah_rm_destroy(r);
	gunyah_rm_destroy(NULL);
	gunyah_rm_transport_close(&b);
}

#define N_THREADS 8
#define N_CALLS 150

struct worker {
	unsigned int idx;
	unsigned int ok;
	unsigned int bad;
	uint8_t req[GUNYAH_RM_RPC_MAX_PAYLOAD];
	uint8_t resp[GUNYAH_RM_RPC_MAX_PAYLOAD];
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint32_t state = 0x9e3779b9u * (w->idx + 1);
	unsigned int c;
	size_t n, got, i;

	for (c = 0; c < N_CALLS; c++) {
		state = state * 1103515245u + 12345u;
		n = (state >> 8) % 700;
		if (c % 25 == 24)
			n = 14000 + (state >> 8) % 613;
		for (i = 0; i < n; i++)
			w->req[i] = (uint8_t)(w->idx * 16 + c + i * 13);
		if (gunyah_rm_call(rm, FAKE_ECHO, w->req, n, w->resp,
				   sizeof(w->resp), &got) ||
		    got != n) {
			w->bad++;
			continue;
		}
		for (i = 0; i < n; i++)
			if (w->resp[i] != (w->req[n - 1 - i] ^ 0xa5))
				break;
		if (i == n)
			w->ok++;
		else
			w->bad++;
	}
	return NULL;
}

static void run_concurrent(void)
{
	static struct worker w[N_THREADS];
	pthread_t th[N_THREADS];
	struct gunyah_rm_stats st;
	unsigned int i;

	for (i = 0; i < N_THREADS; i++) {
		w[i].idx = i;
		w[i].ok = 0;
		w[i].bad = 0;
		cr_assert_eq(pthread_create(&th[i], NULL, worker_main, &w[i]),
			     0);
	}
	for (i = 0; i < N_THREADS; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < N_THREADS; i++) {
		cr_assert_eq(w[i].bad, 0, "thread %u: %u bad replies", i,
			     w[i].bad);
		cr_assert_eq(w[i].ok, N_CALLS);
	}
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.replies, N_THREADS * N_CALLS);
	cr_assert_eq(ev_total(), 0);
}

Test(client, concurrent_calls)
{
	start();
	run_concurrent();
}

Test(client, concurrent_calls_few_slots)
{
	struct gunyah_rm_config cfg = { .max_pending = 2 };

	start_with(&cfg);
	run_concurrent();
}

/*
 * A queue deep enough for a whole message, so that all the packets of a
 * reply are queued before the receive thread takes them: replies of every
 * size, a reply cut short by a notification; concurrent calls.
 */
Test(client, deep_queue_replies)
{
	static const size_t sizes[] = { 0, 1, 228, 229, 5000, 14612 };
	struct gunyah_rm_config cfg = { 0 };
	struct gunyah_rm_stats st;
	size_t i;

	start_depth(&cfg, GUNYAH_RM_RPC_MAX_PACKETS);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_echo(sizes[i], (unsigned int)i + 20);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.replies, 6);
	cr_assert_eq(st.rx_packets, 1 + 1 + 1 + 2 + 22 + 63);
	cr_assert_eq(gunyah_rm_call(rm, FAKE_PARTIAL, NULL, 0, NULL, 0, NULL),
		     -EIO);
	cr_assert_eq(ev_count(GUNYAH_RM_RPC_ERR_INCOMPLETE), 1);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_INCOMPLETE].hdr.msg_id,
		     FAKE_PARTIAL);
	cr_assert_eq(ev.last[GUNYAH_RM_RPC_ERR_INCOMPLETE].len, 232);
	check_echo(14612, 30);
	cr_assert_eq(ev_total(), 1);
}

Test(client, deep_queue_concurrent_calls)
{
	struct gunyah_rm_config cfg = { 0 };

	start_depth(&cfg, GUNYAH_RM_RPC_MAX_PACKETS);
	run_concurrent();
}

Test(client, over_unix_socket)
{
	struct gunyah_rm_unix_listener *l;
	struct gunyah_rm_config cfg = { .on_error = on_error,
					.validate = test_validate,
					.on_notification = notif_handler,
					.error_remap = gunyah_rm_error_remap };
	struct gunyah_rm_transport cli, srv;
	const uint8_t status[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	char path[108];

	snprintf(path, sizeof(path), "/tmp/rmgen-rt-client-%ld.sock",
		 (long)getpid());
	cr_assert_eq(gunyah_rm_unix_listen(path, &l), 0);
	cr_assert_eq(gunyah_rm_unix_connect(path, &cli), 0);
	cr_assert_eq(gunyah_rm_unix_accept(l, 1000, &srv), 0);
	gunyah_rm_unix_listener_close(l);
	fake_start(&srv);
	cr_assert_eq(gunyah_rm_create(&cli, &cfg, &rm), 0);

	check_echo(0, 9);
	check_echo(5000, 9);
	check_echo(14612, 10);
	cr_assert_eq(send_notif(NOTIF_VM_STATUS, status, 8), 0);
	cr_assert_eq(nt_count(), 1);
	cr_assert_arr_eq(nt.payload, status, 8);
	cr_assert_eq(ev_total(), 0);
}

/*
 * A reply dropped as malformed whose header names the call (its seq and
 * msg_id, type REPLY) fails the call at once with -EIO, rather than at its
 * 10 s deadline; the drop is reported before the call returns.
 */
Test(client, malformed_reply_fails_call_with_eio)
{
	static const enum gunyah_rm_rpc_err why[] = {
		GUNYAH_RM_RPC_ERR_FRAGMENT_SIZE,
		GUNYAH_RM_RPC_ERR_API_VERSION,
		GUNYAH_RM_RPC_ERR_TOO_MANY_FRAGMENTS,
	};
	struct gunyah_rm_call_opts opts = { .timeout_ms = 10000 };
	struct gunyah_rm_stats st;
	uint8_t kind;
	long t0;

	start();
	for (kind = 0; kind < 3; kind++) {
		t0 = now_ms();
		cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_MALFORMED, &kind, 1,
					       NULL, 0, NULL, &opts),
			     -EIO, "kind %u", kind);
		cr_assert_lt(now_ms() - t0, 5000);
		cr_assert_not(opts.replied);
		cr_assert_eq(ev_count(why[kind]), 1);
		cr_assert_eq(ev.last[why[kind]].hdr.msg_id, FAKE_MALFORMED);
	}
	cr_assert_eq(ev_total(), 3);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.timeouts, 0);
	check_echo(300, 12);
}

struct big_call {
	int ret;
	long ms;
};

static void *big_call_main(void *arg)
{
	static uint8_t req[GUNYAH_RM_RPC_MAX_PAYLOAD];
	struct gunyah_rm_call_opts opts = { .timeout_ms = 3000 };
	struct big_call *bc = arg;
	long t0 = now_ms();

	bc->ret = gunyah_rm_call_ex(rm, FAKE_ECHO, req, sizeof(req), NULL, 0,
				    NULL, &opts);
	bc->ms = now_ms() - t0;
	return NULL;
}

/*
 * The timeout bounds the whole call over a transport whose peer never
 * reads: a 3 s call blocked while sending its 63 packets, and a 100 ms call
 * of another thread waiting for the first one to finish sending, both fail
 * with -ETIMEDOUT near their own deadlines. Their time is asserted with a
 * second of slack, never tightly.
 */
static void check_peer_never_reads(struct gunyah_rm_transport *cli)
{
	struct gunyah_rm_call_opts opts = { .timeout_ms = 100 };
	struct big_call bc = { .ret = 1 };
	struct gunyah_rm_stats st;
	pthread_t th;
	long t0;

	cr_assert_eq(gunyah_rm_create(cli, NULL, &rm), 0);
	cr_assert_eq(pthread_create(&th, NULL, big_call_main, &bc), 0);
	sleep_ms(50);
	t0 = now_ms();
	cr_assert_eq(gunyah_rm_call_ex(rm, FAKE_ECHO, "x", 1, NULL, 0, NULL,
				       &opts),
		     -ETIMEDOUT);
	cr_assert_geq(now_ms() - t0, 99);
	cr_assert_lt(now_ms() - t0, 100 + 1000);
	pthread_join(th, NULL);
	cr_assert_eq(bc.ret, -ETIMEDOUT);
	cr_assert_geq(bc.ms, 2999);
	cr_assert_lt(bc.ms, 3000 + 1000);
	gunyah_rm_get_stats(rm, &st);
	cr_assert_eq(st.timeouts, 2);
}

Test(client, peer_never_reads_mem)
{
	struct gunyah_rm_transport a, b;

	cr_assert_eq(gunyah_rm_mem_pair_create(0, &a, &b), 0);
	check_peer_never_reads(&a);
	gunyah_rm_destroy(rm);
	rm = NULL;
	gunyah_rm_transport_close(&b);
}

Test(client, peer_never_reads_unix)
{
	struct gunyah_rm_transport a, b;
	int fds[2], sndbuf = 4096;

	/* A small socket buffer, so that the 63 packets do not fit. */
	cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds), 0);
	cr_assert_eq(setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &sndbuf,
				sizeof(sndbuf)),
		     0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[0], &a), 0);
	cr_assert_eq(gunyah_rm_unix_from_fd(fds[1], &b), 0);
	check_peer_never_reads(&a);
	gunyah_rm_destroy(rm);
	rm = NULL;
	gunyah_rm_transport_close(&b);
}

/*
 * Allocations made by the library, counted by wrapping malloc(), calloc()
 * and realloc() at link time (see CMakeLists.txt).
 */
static atomic_uint allocs;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n)
{
	atomic_fetch_add(&allocs, 1);
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	atomic_fetch_add(&allocs, 1);
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	atomic_fetch_add(&allocs, 1);
	return __real_realloc(p, n);
}

/*
 * Nothing is allocated per call: calls with requests and replies of every
 * size, replies with RM errors and notifications, on both sides of the
 * in-memory transport. Registering a notifier allocates inside the library
 * and must be counted, which shows the count sees the library's calls.
 */
Test(client, no_allocation_per_call)
{
	static const size_t sizes[] = { 0, 1, 232, 233, 5000, 14612 };
	const uint8_t status[8] = { 0 };
	unsigned int before, i, bad = 0;
	uint8_t err[4];

	start();
	before = atomic_load(&allocs);
	gunyah_rm_put_le32(err, 1);
	for (i = 0; i < 60; i++) {
		check_echo(sizes[i % 6], i);
		if (gunyah_rm_call(rm, FAKE_ERROR, err, 4, NULL, 0, NULL) !=
		    gunyah_rm_error_remap(1))
			bad++;
		if (send_notif(NOTIF_VM_STATUS, status, 8))
			bad++;
	}
	cr_assert_eq(atomic_load(&allocs), before);
	cr_assert_eq(bad, 0);
	cr_assert_eq(nt_count(), 60);
}
