// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmctl - send one Resource Manager request from the shell, print the
 * reply; or print the notifications the RM sends.
 *
 * The request is built from a payload object in rmdump's JSON format and
 * sent through the client library (gunyah_rm_call_ex()); the reply is
 * printed as rmdump --json prints it. Both directions go through the
 * rmdump codec, so rmctl accepts exactly what rmdump --encode accepts.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gunyah_rm/client.h"
#include "gunyah_rm/protocol.h"
#include "gunyah_rm/version.h"
#include "rmcap.h"
#include "rmdump.h"

#define EXIT_RM_ERROR 1
#define EXIT_USAGE 2

/* The socket of rmsim's example in the README. */
#define DEFAULT_SOCKET "/tmp/rm.sock"
#define DEFAULT_TIMEOUT_MS 10000

static const char usage[] =
	"Usage: rmctl [-s SOCKET] [-t MS] MESSAGE [JSON]\n"
	"       rmctl [-s SOCKET] [-t MS] --listen [-n COUNT] [MESSAGE [JSON]]\n"
	"       rmctl --help | --version\n"
	"\n"
	"Send one Gunyah Resource Manager request and print the reply as one\n"
	"rmdump JSON object; or print the notifications the RM sends as JSON\n"
	"lines.\n"
	"\n"
	"  MESSAGE             the request, named as in the IDL (vm_alloc_vmid,\n"
	"                      vm_start; 'rmdump --list' shows them all)\n"
	"  JSON                its payload, an object in rmdump's JSON format\n"
	"                      (default {}; '-' reads it from standard input):\n"
	"                      '{\"vmid\": 128}'. Enumeration values and flags may\n"
	"                      be given by name (\"auth_mech\": \"none\", \"flags\":\n"
	"                      \"force_stop\"); count fields may be left out\n"
	"  -s, --socket SOCKET the RM's UNIX socket (default " DEFAULT_SOCKET
	")\n"
	"  -t, --timeout MS    give up on the reply, and with --listen -n on\n"
	"                      each notification, after MS milliseconds\n"
	"                      (default 10000; 0 waits forever)\n"
	"  -l, --listen        print every notification as a JSON line, after the\n"
	"                      reply when MESSAGE is given (rmsim notifies the\n"
	"                      client whose request caused the event), until\n"
	"                      COUNT were printed, SIGINT/SIGTERM, or the RM\n"
	"                      closes the connection\n"
	"  -n, --count COUNT   with --listen: stop after COUNT notifications\n"
	"  -h, --help          show this help\n"
	"      --version       show the version\n"
	"\n"
	"Exit status: 0 the RM answered OK (and --listen ended as asked); 1 the\n"
	"RM answered an error (its name on stderr, the reply on stdout); 2 usage\n"
	"error, bad JSON, connection error, timeout, a reply or notification\n"
	"that does not decode, or the connection closed while listening for\n"
	"COUNT notifications.\n";

/* A notification decoded on the receive thread, waiting to be printed. */
struct line {
	struct line *next;
	char *text;
};

/*
 * What the client's threads tell the main thread: sequence numbers seen on
 * the wire (the client library keeps them to itself), notifications in
 * the order they came, the end of the connection.
 */
struct ctl {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint16_t req_seq;
	uint16_t notif_seq;
	struct line *head;
	struct line **tail;
	bool closed;
	bool failed;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Tap: the seq of the request sent and of each notification received. */
static void seen(void *ctx, uint8_t dir, const uint8_t *msg, size_t len)
{
	struct ctl *c = ctx;
	struct gunyah_rm_rpc_hdr h;

	if (gunyah_rm_rpc_hdr_decode(msg, len, &h, NULL))
		return;
	if (dir == RMCAP_TO_RM && h.type == GUNYAH_RM_RPC_TYPE_REQUEST)
		c->req_seq = h.seq;
	else if (dir == RMCAP_FROM_RM &&
		 h.type == GUNYAH_RM_RPC_TYPE_NOTIFICATION)
		c->notif_seq = h.seq; /* read by on_notif(), same thread */
}

/* A decoded message as one JSON line (malloc'd); NULL if it did not decode. */
static char *format_msg(const struct gunyah_rm_rpc_msg *m)
{
	const struct gunyah_rm_msg_desc *md;
	struct rmd_err e = { .msg = "" };
	json_t *obj;
	char *s;
	int ret;

	ret = rmd_decode_msg(m, &obj, &e);
	if (ret) {
		md = rmd_find_id(m->hdr.type, m->hdr.msg_id);
		rmd_diag("rmctl: %s %s: %s", rmd_type_str(m->hdr.type),
			 md ? md->name : "?", e.msg);
		return NULL;
	}
	s = json_dumps(obj, JSON_PRESERVE_ORDER);
	json_decref(obj);
	if (!s)
		rmd_diag("rmctl: %s", strerror(ENOMEM));
	return s;
}

/*
 * The client library calls its notification validator for every
 * notification as it arrives, on the receive thread, before any handler:
 * rmctl formats each one there (rmd_decode_msg() validates it), so that
 * none is missed before handlers could be registered and IDs the protocol
 * lacks are reported too. The validator has no context argument.
 */
static struct ctl *listener;

static int on_notif(uint32_t notif_id, const void *payload, size_t len,
		    struct gunyah_rm_verr *err)
{
	struct ctl *c = listener;
	struct gunyah_rm_rpc_msg m = {
		.hdr = { .type = GUNYAH_RM_RPC_TYPE_NOTIFICATION,
			 .seq = c->notif_seq,
			 .msg_id = notif_id },
		.payload = payload,
		.len = len,
	};
	struct line *l = malloc(sizeof(*l));

	(void)err;
	if (l)
		l->text = format_msg(&m);
	pthread_mutex_lock(&c->lock);
	if (l && l->text) {
		l->next = NULL;
		*c->tail = l;
		c->tail = &l->next;
	} else {
		if (l)
			free(l);
		c->failed = true;
	}
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	return 0; /* shown; the client then finds no handler for it */
}

static void on_error(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct ctl *c = ctx;

	if (rep->reason != GUNYAH_RM_RPC_ERR_TRANSPORT) {
		rmd_diag("rmctl: dropped: %s",
			 gunyah_rm_rpc_err_str(rep->reason));
		return;
	}
	pthread_mutex_lock(&c->lock);
	c->closed = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

/* Read all of @f (the JSON argument '-'); NULL if out of memory. */
static char *read_all(FILE *f)
{
	size_t len = 0, cap = 4096, n;
	char *buf = malloc(cap), *p;

	while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			p = realloc(buf, 2 * cap);
			if (!p)
				free(buf);
			buf = p;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* The request for @name with payload @arg, encoded. */
static int build_request(const char *name, const char *arg, uint32_t *msg_id,
			 struct rmd_wbuf *buf)
{
	const struct gunyah_rm_msg_desc *md;
	enum gunyah_rm_rpc_type type;
	struct rmd_quoted q;
	json_error_t jerr;
	struct rmd_err e;
	json_t *obj, *payload;
	char *text = NULL;
	uint16_t seq;
	int ret;

	md = rmd_find_name(GUNYAH_RM_RPC_TYPE_REQUEST, name);
	if (!md) {
		rmd_diag(
			"rmctl: %s \"%s\" ('rmdump --list' shows the messages)",
			rmd_find_name(GUNYAH_RM_RPC_TYPE_NOTIFICATION, name) ?
				"not a request but a notification:" :
				"unknown message",
			rmd_quote(&q, name, strlen(name)));
		return -1;
	}
	if (arg && !strcmp(arg, "-")) {
		text = read_all(stdin);
		if (!text) {
			rmd_diag("rmctl: %s", strerror(ENOMEM));
			return -1;
		}
		arg = text;
	}
	payload = json_loads(arg ? arg : "{}", JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (!payload) {
		rmd_diag("rmctl: bad JSON at column %d: %s", jerr.column,
			 jerr.text);
		return -1;
	}
	if (!json_is_object(payload)) {
		json_decref(payload);
		rmd_diag("rmctl: the payload must be a JSON object");
		return -1;
	}
	obj = json_pack("{s:s, s:s, s:o}", "type", "request", "name", md->name,
			"payload", payload);
	if (!obj) {
		rmd_diag("rmctl: %s", strerror(ENOMEM));
		return -1;
	}
	memset(&e, 0, sizeof(e));
	ret = rmd_encode_msg(obj, &type, &seq, msg_id, buf, &e);
	json_decref(obj);
	if (ret) {
		rmd_diag("rmctl: %s", e.msg);
		return -1;
	}
	return 0;
}

/* Make the call; returns the exit status. */
static int call(struct gunyah_rm *rm, struct ctl *c, uint32_t msg_id,
		const struct rmd_wbuf *req, int timeout_ms)
{
	static uint8_t reply[RMD_MAX_PAYLOAD];
	struct gunyah_rm_call_opts opts = { .timeout_ms = timeout_ms };
	const struct gunyah_rm_msg_desc *md;
	struct gunyah_rm_rpc_msg m;
	const char *ename;
	size_t len = 0;
	char *text;
	int ret;

	md = rmd_find_id(GUNYAH_RM_RPC_TYPE_REQUEST, msg_id);
	/* The reply data goes after a copy of the error word, as on the wire. */
	ret = gunyah_rm_call_ex(rm, msg_id, req->data, req->len, reply + 4,
				sizeof(reply) - 4, &len, &opts);
	if (!opts.replied) {
		rmd_diag("rmctl: %s: %s", md->name,
			 ret == -ETIMEDOUT ? "no reply (timed out)" :
					     strerror(-ret));
		return EXIT_USAGE;
	}
	gunyah_rm_put_le32(reply, opts.rm_error);
	m.hdr = (struct gunyah_rm_rpc_hdr){
		.api_version = GUNYAH_RM_RPC_API_VERSION,
		.header_words = GUNYAH_RM_RPC_HEADER_WORDS,
		.type = GUNYAH_RM_RPC_TYPE_REPLY,
		.seq = c->req_seq,
		.msg_id = msg_id,
	};
	m.payload = reply;
	m.len = 4 + len;
	if (ret && !opts.rm_error) {
		/* The RM said OK, but the reply is not one (-EBADMSG, ...). */
		rmd_diag("rmctl: %s: bad reply: %s", md->name, strerror(-ret));
		return EXIT_USAGE;
	}
	text = format_msg(&m);
	if (!text)
		return EXIT_USAGE;
	printf("%s\n", text);
	free(text);
	if (opts.rm_error) {
		ename = gunyah_rm_error_str(opts.rm_error);
		rmd_diag("rmctl: %s: RM error %s (%" PRIu32 ")", md->name,
			 ename ? ename : "unknown", opts.rm_error);
		return EXIT_RM_ERROR;
	}
	return 0;
}

static void deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += ms % 1000 * 1000 * 1000;
	if (ts->tv_nsec >= 1000 * 1000 * 1000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000 * 1000 * 1000;
	}
}

static bool passed(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return now.tv_sec > t->tv_sec ||
	       (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/*
 * Print notifications as they come until @count were printed (0: no
 * limit), a signal, or the end of the connection; with @count, give up
 * after @timeout_ms (0: never) without a notification. Returns the exit
 * status.
 */
static int listen_notifs(struct ctl *c, unsigned long count,
			 unsigned long timeout_ms)
{
	struct timespec deadline, tick;
	unsigned long printed = 0;
	struct line *l;
	int status = 0;

	deadline_in(&deadline, (long)timeout_ms);
	pthread_mutex_lock(&c->lock);
	while (!stop_requested && (!count || printed < count)) {
		l = c->head;
		if (l) {
			c->head = l->next;
			if (!c->head)
				c->tail = &c->head;
			pthread_mutex_unlock(&c->lock);
			printf("%s\n", l->text);
			fflush(stdout);
			free(l->text);
			free(l);
			printed++;
			deadline_in(&deadline, (long)timeout_ms);
			pthread_mutex_lock(&c->lock);
			continue;
		}
		if (c->failed || c->closed ||
		    (count && timeout_ms && passed(&deadline)))
			break;
		/* Wake up now and then to see a signal. */
		deadline_in(&tick, 100);
		pthread_cond_timedwait(&c->cond, &c->lock, &tick);
	}
	if (c->failed) {
		status = EXIT_USAGE;
	} else if (!stop_requested && count && printed < count) {
		rmd_diag("rmctl: %lu of %lu notifications: %s", printed, count,
			 c->closed ? "the RM closed the connection" :
				     "timed out");
		status = EXIT_USAGE;
	} else if (!stop_requested && !count && c->closed) {
		rmd_diag("rmctl: the RM closed the connection");
		status = EXIT_USAGE;
	}
	pthread_mutex_unlock(&c->lock);
	return status;
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || !strchr("0123456789", *s))
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end || *out > max)
		return -EINVAL;
	return 0;
}

static int install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -errno;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL))
		return -errno;
	return 0;
}

/* Connect, tapped for the sequence numbers, and start the client. */
static int connect_rm(const char *path, struct rmcap_tap *tap, struct ctl *c,
		      int timeout_ms, bool listen, struct gunyah_rm **rm)
{
	struct gunyah_rm_config cfg = {
		.timeout_ms = timeout_ms,
		.validate = listen ? on_notif : NULL,
		.on_error = on_error,
		.error_ctx = c,
	};
	struct gunyah_rm_transport t;
	int ret;

	listener = c;

	ret = gunyah_rm_unix_connect(path, &t);
	if (ret) {
		rmd_diag("rmctl: cannot connect to %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	ret = rmcap_wrap(&t, tap, RMCAP_TO_RM);
	if (!ret)
		ret = gunyah_rm_create(&t, &cfg, rm);
	if (ret) {
		gunyah_rm_transport_close(&t);
		rmd_diag("rmctl: %s", strerror(-ret));
	}
	return ret;
}

int main(int argc, char **argv)
{
	enum { OPT_VERSION = 256 };
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "listen", no_argument, NULL, 'l' },
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	static struct rmd_wbuf req;
	static struct ctl c = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	const char *path = DEFAULT_SOCKET, *name = NULL, *arg = NULL;
	unsigned long count = 0, timeout = DEFAULT_TIMEOUT_MS;
	bool listen = false, have_count = false;
	struct rmcap_tap tap;
	struct gunyah_rm *rm;
	uint32_t msg_id = 0;
	int opt, status = 0;

	while ((opt = getopt_long(argc, argv, "s:t:ln:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 't':
			if (parse_ulong(optarg, INT32_MAX, &timeout))
				goto bad_usage;
			break;
		case 'l':
			listen = true;
			break;
		case 'n':
			if (parse_ulong(optarg, ULONG_MAX, &count) || !count)
				goto bad_usage;
			have_count = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case OPT_VERSION:
			puts("rmctl " GUNYAH_RM_VERSION);
			return 0;
		default:
			goto bad_usage;
		}
	}
	if (optind < argc)
		name = argv[optind++];
	if (optind < argc)
		arg = argv[optind++];
	if (optind < argc || (!name && !listen) || (have_count && !listen))
		goto bad_usage;
	if (name && build_request(name, arg, &msg_id, &req))
		return EXIT_USAGE;

	if (install_signals() || rmcap_tap_init(&tap, NULL, seen, &c)) {
		rmd_diag("rmctl: %s", strerror(errno));
		return EXIT_USAGE;
	}
	c.tail = &c.head;
	if (connect_rm(path, &tap, &c,
		       timeout ? (int)timeout : GUNYAH_RM_WAIT_FOREVER, listen,
		       &rm)) {
		rmcap_tap_destroy(&tap);
		return EXIT_USAGE;
	}
	if (name)
		status = call(rm, &c, msg_id, &req,
			      timeout ? (int)timeout : GUNYAH_RM_WAIT_FOREVER);
	if (listen && status != EXIT_USAGE) {
		int ret = listen_notifs(&c, count, timeout);

		if (ret)
			status = ret;
	}
	gunyah_rm_destroy(rm);
	rmcap_tap_destroy(&tap);
	while (c.head) {
		struct line *l = c.head;

		c.head = l->next;
		free(l->text);
		free(l);
	}
	if (fflush(stdout) || ferror(stdout)) {
		rmd_diag("rmctl: write error: %s", strerror(errno));
		return EXIT_USAGE;
	}
	return status;

bad_usage:
	fputs(usage, stderr);
	return EXIT_USAGE;
}
