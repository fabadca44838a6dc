// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmdump - decode and encode Gunyah Resource Manager RPC traffic.
 *
 * Input of the decoder: msgq messages (RPC packets), one per line in hex.
 * Packets are reassembled by the runtime's reassembler; every complete
 * message is decoded through the generated message table and printed as a
 * line of text or a JSON object. The encoder reads those JSON objects and
 * writes the packets that carry them, fragmented by gunyah_rm_rpc_send().
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gunyah_rm/version.h"
#include "rmcap.h"
#include "rmdump.h"

static const char usage[] =
	"Usage: rmdump [--json] [FILE]\n"
	"       rmdump --encode [--pcap] [FILE]\n"
	"       rmdump --list\n"
	"       rmdump --help | --version\n"
	"\n"
	"Decode and encode Gunyah Resource Manager RPC traffic, driven by the\n"
	"generated message table.\n"
	"\n"
	"  (default)     read RM traffic and print one line per RPC message:\n"
	"                type, seq, name, ID, the RM error of replies and every\n"
	"                payload field. The input is either a capture (pcap, link\n"
	"                type 147, as 'rmsim --capture' writes; see\n"
	"                docs/capture.md), told by its magic, or msgq messages\n"
	"                one per line in hex (white space between bytes allowed,\n"
	"                '#' starts a comment, blank lines ignored). Fragmented\n"
	"                messages are reassembled, in a capture per direction\n"
	"  -j, --json    print one JSON object per message instead:\n"
	"                {\"type\", \"seq\", \"msg_id\", \"name\", \"error\" (replies),\n"
	"                \"payload\": {field: value, ...}}\n"
	"  -e, --encode  read such JSON objects, one per line, and write the\n"
	"                msgq messages that carry them as hex lines\n"
	"  -p, --pcap    with --encode: write a capture instead (requests from\n"
	"                client to RM, replies and notifications from RM to\n"
	"                client, stamped with the time of writing)\n"
	"  -l, --list    list every message and notification of the protocol\n"
	"  -h, --help    show this help\n"
	"      --version show rmdump's version\n"
	"\n"
	"FILE is read instead of standard input when given ('-': stdin).\n"
	"JSON payloads: integers are numbers (\"0x...\" strings above 2^63-1;\n"
	"on input, enumeration member names and flag names joined by '|' are\n"
	"accepted too), byte strings are lowercase hex, arrays are lists of\n"
	"objects or numbers. Count fields may be left out when encoding;\n"
	"reserved fields are left out when zero; an absent optional tail has no\n"
	"keys. Payloads without a known layout are {\"raw\": \"hex\"}; bytes a\n"
	"payload ignores after its end are kept as \"_trailing\". An error reply\n"
	"without data has an empty payload.\n"
	"\n"
	"Exit status: 0 success; 1 when any record, packet, message or JSON line\n"
	"was rejected (each reported on stderr as FILE:LINE: ... or\n"
	"FILE: record N: ...; the others are still processed); 2 usage or I/O\n"
	"error.\n";

struct input {
	const char *name;
	FILE *f;
	/* Bytes read ahead to tell pcap from hex, handed out first. */
	uint8_t pre[RMCAP_FILE_HDR_SIZE];
	size_t npre, ipre;
	char *line;
	size_t cap;
	unsigned long lineno;
	bool oom;
};

static int input_open(struct input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	if (!path || !strcmp(path, "-")) {
		in->name = "<stdin>";
		in->f = stdin;
		return 0;
	}
	in->name = path;
	in->f = fopen(path, "rb");
	if (!in->f) {
		rmd_diag("rmdump: %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void input_close(struct input *in)
{
	if (in->f && in->f != stdin)
		fclose(in->f);
	free(in->line);
}

static int input_getc(struct input *in)
{
	if (in->ipre < in->npre)
		return in->pre[in->ipre++];
	return getc(in->f);
}

/*
 * Next line without its newline, NUL bytes included (@len says where it
 * ends); NULL at end of input or when out of memory (@in->oom).
 */
static char *input_next(struct input *in, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = input_getc(in)) != EOF && c != '\n') {
		if (n + 1 >= in->cap) {
			size_t cap = in->cap ? 2 * in->cap : 256;
			char *p = realloc(in->line, cap);

			if (!p) {
				in->oom = true;
				return NULL;
			}
			in->line = p;
			in->cap = cap;
		}
		in->line[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return NULL;
	in->lineno++;
	while (n > 0 && in->line[n - 1] == '\r')
		n--;
	if (!in->line) {
		in->line = malloc(1);
		if (!in->line) {
			in->oom = true;
			return NULL;
		}
		in->cap = 1;
	}
	in->line[n] = '\0';
	*len = n;
	return in->line;
}

/* ---------------------------------------------------------------- decode */

/*
 * One reassembly per direction of a capture (hex input has one): a message
 * is the packets of one direction, whatever the other sends meanwhile.
 */
struct stream {
	struct decoder *dec;
	struct gunyah_rm_reasm reasm;
	/* Line or record of the first packet of the message in progress. */
	unsigned long first;
	bool pending;
};

struct decoder {
	struct input in;
	bool json;
	/* Reading a capture: positions are record numbers, not lines. */
	bool pcap;
	unsigned long pos;
	int status;
	struct stream streams[2];
};

static void hdr_desc(char *buf, size_t cap, const struct gunyah_rm_rpc_hdr *h)
{
	const struct gunyah_rm_msg_desc *md;

	md = h->type == GUNYAH_RM_RPC_TYPE_CONTINUATION ?
		     NULL :
		     rmd_find_id(h->type, h->msg_id);
	snprintf(buf, cap, "%s%s%s (0x%08" PRIx32 ") seq=%" PRIu16,
		 rmd_type_str(h->type), md ? " " : "", md ? md->name : "",
		 h->msg_id, h->seq);
}

/* "FILE:LINE" or "FILE:FIRST-LAST" (hex), "FILE: record N[-M]" (pcap). */
static const char *where(char *buf, size_t cap, const struct decoder *dec,
			 unsigned long first)
{
	const char *unit = dec->pcap ?
				   (first && first != dec->pos ? " records " :
								 " record ") :
				   "";

	if (first && first != dec->pos)
		snprintf(buf, cap, "%s:%s%lu-%lu", dec->in.name, unit, first,
			 dec->pos);
	else
		snprintf(buf, cap, "%s:%s%lu", dec->in.name, unit, dec->pos);
	return buf;
}

static void reasm_report(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct stream *st = ctx;
	struct decoder *dec = st->dec;
	char hdr[160] = "", at[512];

	if (rep->hdr_valid)
		hdr_desc(hdr, sizeof(hdr), &rep->hdr);
	if (rep->reason == GUNYAH_RM_RPC_ERR_INCOMPLETE) {
		rmd_diag("rmdump: %s: %s: dropped after %zu bytes: %s",
			 where(at, sizeof(at), dec, st->first), hdr, rep->len,
			 gunyah_rm_rpc_err_str(rep->reason));
		st->pending = false;
	} else {
		rmd_diag("rmdump: %s: packet of %zu bytes%s%s dropped: %s",
			 where(at, sizeof(at), dec, 0), rep->len,
			 *hdr ? ": " : "", hdr,
			 gunyah_rm_rpc_err_str(rep->reason));
	}
	dec->status = 1;
}

static void decode_msg(struct decoder *dec, const struct gunyah_rm_rpc_msg *m,
		       unsigned long first)
{
	struct rmd_err e = { .msg = "" };
	char hdr[160], at[512];
	json_t *obj;
	char *s;
	int ret;

	ret = rmd_decode_msg(m, &obj, &e);
	if (ret) {
		hdr_desc(hdr, sizeof(hdr), &m->hdr);
		rmd_diag(
			"rmdump: %s: %s: %s%s",
			where(at, sizeof(at), dec, first), hdr,
			ret == -EPROTO ?
				"internal error: the message table disagrees with its validator: " :
				"",
			e.msg);
		dec->status = 1;
		return;
	}
	if (dec->json) {
		s = json_dumps(obj, JSON_PRESERVE_ORDER);
		if (s)
			printf("%s\n", s);
		else
			dec->status = 1;
		free(s);
	} else {
		rmd_print_text(stdout, obj);
	}
	json_decref(obj);
}

/* Feed one msgq message to the reassembly of its direction. */
static void feed(struct decoder *dec, unsigned int dir, const uint8_t *pkt,
		 size_t n)
{
	struct stream *st = &dec->streams[dir];
	struct gunyah_rm_rpc_msg msg;
	int ret;

	ret = gunyah_rm_reasm_feed(&st->reasm, pkt, n, &msg);
	if (ret == 0) {
		if (!st->pending)
			st->first = dec->pos;
		st->pending = true;
	} else if (ret == 1) {
		decode_msg(dec, &msg, st->pending ? st->first : 0);
		st->pending = false;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/*
 * Parse a hex line of @len bytes (NUL bytes included: they are not hex);
 * bytes may be separated by white space. On failure *@bad, *@bad_len is
 * the offending token.
 */
static int parse_hex_line(const char *line, size_t len, uint8_t *out,
			  size_t cap, size_t *n, const char **bad,
			  size_t *bad_len)
{
	size_t i = 0, tok, k;
	int ret;

	*n = 0;
	while (i < len) {
		if (is_space(line[i])) {
			i++;
			continue;
		}
		for (tok = i; i < len && !is_space(line[i]); i++)
			;
		ret = rmd_hex_decode(line + tok, i - tok, out + *n, cap - *n,
				     &k);
		if (ret) {
			*bad = line + tok;
			*bad_len = i - tok;
			return ret;
		}
		*n += k;
	}
	return 0;
}

static void run_hex(struct decoder *dec)
{
	/* A line longer than a msgq message is passed on, to be reported. */
	static uint8_t pkt[4 * GUNYAH_RM_MSGQ_MSG_SIZE];
	struct rmd_quoted q;
	const char *bad, *hash;
	size_t len, n, bad_len;
	char *line;
	int ret;

	while ((line = input_next(&dec->in, &len))) {
		dec->pos = dec->in.lineno;
		hash = memchr(line, '#', len);
		if (hash)
			len = (size_t)(hash - line);
		ret = parse_hex_line(line, len, pkt, sizeof(pkt), &n, &bad,
				     &bad_len);
		if (ret) {
			rmd_diag("rmdump: %s:%lu: %s: '%s'", dec->in.name,
				 dec->in.lineno,
				 ret == -ENOSPC ? "line too long" : "bad hex",
				 rmd_quote(&q, bad, bad_len));
			dec->status = 1;
			continue;
		}
		if (!n)
			continue; /* blank or comment only */
		feed(dec, 0, pkt, n);
	}
}

static void run_pcap(struct decoder *dec)
{
	struct rmcap_reader r;
	struct rmcap_record rec;
	char err[256];
	int ret;

	ret = rmcap_open(&r, dec->in.f, dec->in.pre, dec->in.npre, err,
			 sizeof(err));
	dec->in.ipre = dec->in.npre;
	while (!ret) {
		ret = rmcap_next(&r, &rec, err, sizeof(err));
		dec->pos = (unsigned long)r.record;
		if (ret == 1) {
			feed(dec, rec.dir, rec.msg, rec.len);
			ret = 0;
		} else if (ret == RMCAP_BAD) {
			rmd_diag("rmdump: %s: %s", dec->in.name, err);
			dec->status = 1;
			ret = 0;
		} else if (ret == RMCAP_EOF) {
			return;
		}
	}
	if (ferror(dec->in.f))
		return; /* reported as an I/O error */
	rmd_diag("rmdump: %s: %s", dec->in.name, err);
	dec->status = 1;
}

static const uint8_t pcapng_magic[4] = { 0x0a, 0x0d, 0x0d, 0x0a };

static int run_decode(const char *path, bool json)
{
	static struct decoder dec;
	unsigned int i;

	memset(&dec, 0, sizeof(dec));
	if (input_open(&dec.in, path))
		return 2;
	dec.json = json;
	for (i = 0; i < 2; i++) {
		dec.streams[i].dec = &dec;
		gunyah_rm_reasm_init(&dec.streams[i].reasm, reasm_report,
				     &dec.streams[i]);
	}
	/* A capture or hex text: told apart by the first four bytes. */
	dec.in.npre = fread(dec.in.pre, 1, 4, dec.in.f);
	if (rmcap_is_magic(dec.in.pre, dec.in.npre)) {
		dec.pcap = true;
		run_pcap(&dec);
	} else if (dec.in.npre == 4 && !memcmp(dec.in.pre, pcapng_magic, 4)) {
		rmd_diag(
			"rmdump: %s: a pcapng file: convert it with 'editcap -F pcap'",
			dec.in.name);
		dec.status = 1;
	} else {
		run_hex(&dec);
	}
	if (ferror(dec.in.f) || dec.in.oom) {
		rmd_diag("rmdump: %s: %s", dec.in.name,
			 dec.in.oom ? strerror(ENOMEM) : "read error");
		input_close(&dec.in);
		return 2;
	}
	for (i = 0; i < 2; i++) {
		if (!dec.streams[i].pending)
			continue;
		rmd_diag(
			"rmdump: %s:%s%lu: message started here is incomplete at end of input",
			dec.in.name, dec.pcap ? " record " : "",
			dec.streams[i].first);
		dec.status = 1;
	}
	input_close(&dec.in);
	return dec.status;
}

/* ---------------------------------------------------------------- encode */

/*
 * Where the encoder's packets go: hex lines, or records of a capture whose
 * direction follows the message type (requests to the RM, the rest from it).
 */
struct sink {
	bool pcap;
	uint8_t dir;
};

static int print_send(void *ctx, const void *msg, size_t len,
		      unsigned int flags, const struct timespec *deadline)
{
	const struct sink *sink = ctx;
	const uint8_t *p = msg;
	size_t i;

	(void)flags;
	(void)deadline;
	if (sink->pcap)
		return rmcap_write(stdout, sink->dir, msg, len);
	for (i = 0; i < len; i++)
		printf("%s%02x", i ? " " : "", p[i]);
	putchar('\n');
	return ferror(stdout) ? -EIO : 0;
}

static const struct gunyah_rm_transport_ops print_ops = {
	.send = print_send,
	.recv = gunyah_rm_transport_recv_none,
	.shutdown = gunyah_rm_transport_nop,
	.close = gunyah_rm_transport_nop,
};

static int run_encode(const char *path, bool pcap)
{
	static struct rmd_wbuf buf;
	struct sink sink = { .pcap = pcap };
	const struct gunyah_rm_transport t = { .ops = &print_ops,
					       .ctx = &sink };
	enum gunyah_rm_rpc_type type;
	struct input in;
	json_error_t jerr;
	struct rmd_err e;
	uint32_t msg_id;
	uint16_t seq;
	int status = 0, ret;
	json_t *obj;
	char *line;
	size_t len;

	if (pcap && isatty(STDOUT_FILENO)) {
		rmd_diag(
			"rmdump: --pcap writes a binary capture: redirect standard output to a file");
		return 2;
	}
	if (input_open(&in, path))
		return 2;
	if (pcap) {
		ret = rmcap_write_header(stdout);
		if (ret) {
			rmd_diag("rmdump: cannot write: %s", strerror(-ret));
			input_close(&in);
			return 2;
		}
	}
	while ((line = input_next(&in, &len))) {
		if (strspn(line, " \t\v\f") == len)
			continue;
		obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!obj) {
			rmd_diag("rmdump: %s:%lu:%d: bad JSON: %s", in.name,
				 in.lineno, jerr.column, jerr.text);
			status = 1;
			continue;
		}
		memset(&e, 0, sizeof(e));
		ret = rmd_encode_msg(obj, &type, &seq, &msg_id, &buf, &e);
		json_decref(obj);
		if (ret) {
			rmd_diag("rmdump: %s:%lu: %s", in.name, in.lineno,
				 e.msg);
			status = 1;
			continue;
		}
		sink.dir = type == GUNYAH_RM_RPC_TYPE_REQUEST ? RMCAP_TO_RM :
								RMCAP_FROM_RM;
		ret = gunyah_rm_rpc_send(&t, type, seq, msg_id, buf.data,
					 buf.len, NULL);
		if (ret) {
			rmd_diag("rmdump: %s:%lu: cannot write: %s", in.name,
				 in.lineno, strerror(-ret));
			status = 2;
			break;
		}
	}
	if (ferror(in.f) || in.oom) {
		rmd_diag("rmdump: %s: %s", in.name,
			 in.oom ? strerror(ENOMEM) : "read error");
		status = 2;
	}
	input_close(&in);
	return status;
}

/* ------------------------------------------------------------------ list */

static const char *status_str(uint8_t status)
{
	switch (status) {
	case GUNYAH_RM_STATUS_SERVER:
		return "server";
	case GUNYAH_RM_STATUS_CLIENT_ONLY:
		return "client_only";
	case GUNYAH_RM_STATUS_REMOVED:
		return "removed";
	case GUNYAH_RM_STATUS_LATER:
		return "later";
	default:
		return "?";
	}
}

static int run_list(void)
{
	size_t i;

	printf("%-10s  %-32s  %-12s  %-16s  %s\n", "ID", "NAME", "KIND",
	       "FAMILY", "STATUS");
	for (i = 0; i < gunyah_rm_n_messages; i++) {
		const struct gunyah_rm_msg_desc *m = &gunyah_rm_messages[i];

		printf("0x%08" PRIx32 "  %-32s  %-12s  %-16s  %s\n", m->id,
		       m->name, m->is_notification ? "notification" : "rpc",
		       m->family ? m->family : "-", status_str(m->status));
	}
	return 0;
}

int main(int argc, char **argv)
{
	enum { DECODE, JSON, ENCODE, LIST } mode = DECODE;
	const char *path = NULL;
	bool modes = false, pcap = false;
	int i, status;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int m = -1;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			puts("rmdump " GUNYAH_RM_VERSION);
			return 0;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			m = JSON;
		} else if (!strcmp(a, "-e") || !strcmp(a, "--encode")) {
			m = ENCODE;
		} else if (!strcmp(a, "-l") || !strcmp(a, "--list")) {
			m = LIST;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pcap")) {
			pcap = true;
			continue;
		} else if (!strcmp(a, "--")) {
			if (i + 1 < argc)
				path = argv[++i];
			if (i + 1 < argc)
				goto bad_usage;
			break;
		} else if (a[0] == '-' && a[1]) {
			struct rmd_quoted q;

			rmd_diag("rmdump: unknown option '%s'",
				 rmd_quote(&q, a, strlen(a)));
			goto bad_usage;
		} else if (!path) {
			path = a;
			continue;
		} else {
			goto bad_usage;
		}
		if (modes)
			goto bad_usage;
		modes = true;
		mode = m;
	}
	if ((mode == LIST && path) || (pcap && mode != ENCODE))
		goto bad_usage;

	switch (mode) {
	case LIST:
		status = run_list();
		break;
	case ENCODE:
		status = run_encode(path, pcap);
		break;
	default:
		status = run_decode(path, mode == JSON);
		break;
	}
	if (fflush(stdout) || ferror(stdout)) {
		rmd_diag("rmdump: write error: %s", strerror(errno));
		return 2;
	}
	return status;

bad_usage:
	fputs(usage, stderr);
	return 2;
}
