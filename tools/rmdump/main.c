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

#include "gunyah_rm/version.h"
#include "rmdump.h"

static const char usage[] =
	"Usage: rmdump [--json] [FILE]\n"
	"       rmdump --encode [FILE]\n"
	"       rmdump --list\n"
	"       rmdump --help | --version\n"
	"\n"
	"Decode and encode Gunyah Resource Manager RPC traffic, driven by the\n"
	"generated message table.\n"
	"\n"
	"  (default)     read msgq messages, one per line in hex (white space\n"
	"                between bytes allowed, '#' starts a comment, blank\n"
	"                lines ignored), reassemble fragmented RPC messages and\n"
	"                print one line per message: type, seq, name, ID, the RM\n"
	"                error of replies and every payload field\n"
	"  -j, --json    print one JSON object per message instead:\n"
	"                {\"type\", \"seq\", \"msg_id\", \"name\", \"error\" (replies),\n"
	"                \"payload\": {field: value, ...}}\n"
	"  -e, --encode  read such JSON objects, one per line, and write the\n"
	"                msgq messages that carry them as hex lines\n"
	"  -l, --list    list every message and notification of the protocol\n"
	"  -h, --help    show this help\n"
	"      --version show rmdump's version\n"
	"\n"
	"FILE is read instead of standard input when given ('-': stdin).\n"
	"JSON payloads: integers are numbers (\"0x...\" strings above 2^63-1;\n"
	"enumeration member names are accepted on input), byte strings are\n"
	"lowercase hex, arrays are lists of objects or numbers. Count fields may\n"
	"be left out when encoding; reserved fields are left out when zero;\n"
	"an absent optional tail has no keys. Payloads without a known layout\n"
	"are {\"raw\": \"hex\"}; bytes a payload ignores after its end are kept\n"
	"as \"_trailing\". An error reply without data has an empty payload.\n"
	"\n"
	"Exit status: 0 success; 1 when any packet, message or JSON line was\n"
	"rejected (each reported on stderr as FILE:LINE: ...; the others are\n"
	"still processed); 2 usage or I/O error.\n";

struct input {
	const char *name;
	FILE *f;
	char *line;
	size_t cap;
	unsigned long lineno;
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
	in->f = fopen(path, "r");
	if (!in->f) {
		fprintf(stderr, "rmdump: %s: %s\n", path, strerror(errno));
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

/* Next line without its newline; NULL at end of input. */
static char *input_next(struct input *in, size_t *len)
{
	ssize_t n = getline(&in->line, &in->cap, in->f);

	if (n < 0)
		return NULL;
	in->lineno++;
	while (n > 0 && (in->line[n - 1] == '\n' || in->line[n - 1] == '\r'))
		in->line[--n] = '\0';
	*len = (size_t)n;
	return in->line;
}

/* ---------------------------------------------------------------- decode */

struct decoder {
	struct input in;
	bool json;
	int status;
	/* Line of the first packet of the message being reassembled. */
	unsigned long first_line;
	bool pending;
	struct gunyah_rm_reasm reasm;
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

static void where(const struct decoder *dec, unsigned long first)
{
	if (first && first != dec->in.lineno)
		fprintf(stderr, "rmdump: %s:%lu-%lu: ", dec->in.name, first,
			dec->in.lineno);
	else
		fprintf(stderr, "rmdump: %s:%lu: ", dec->in.name,
			dec->in.lineno);
}

static void reasm_report(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	struct decoder *dec = ctx;
	char hdr[160] = "";

	if (rep->hdr_valid)
		hdr_desc(hdr, sizeof(hdr), &rep->hdr);
	if (rep->reason == GUNYAH_RM_RPC_ERR_INCOMPLETE) {
		where(dec, dec->first_line);
		fprintf(stderr, "%s: dropped after %zu bytes: %s\n", hdr,
			rep->len, gunyah_rm_rpc_err_str(rep->reason));
		dec->pending = false;
	} else {
		where(dec, 0);
		fprintf(stderr, "packet of %zu bytes%s%s dropped: %s\n",
			rep->len, *hdr ? ": " : "", hdr,
			gunyah_rm_rpc_err_str(rep->reason));
	}
	dec->status = 1;
}

static void decode_msg(struct decoder *dec, const struct gunyah_rm_rpc_msg *m,
		       unsigned long first)
{
	struct rmd_err e = { .msg = "" };
	char hdr[160];
	json_t *obj;
	char *s;
	int ret;

	ret = rmd_decode_msg(m, &obj, &e);
	if (ret) {
		hdr_desc(hdr, sizeof(hdr), &m->hdr);
		where(dec, first);
		fprintf(stderr, "%s: %s%s\n", hdr,
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

/* Parse a hex line; bytes may be separated by white space. */
static int parse_hex_line(char *line, uint8_t *out, size_t cap, size_t *len,
			  const char **bad)
{
	char *tok, *save = NULL;
	size_t n;
	int ret;

	*len = 0;
	for (tok = strtok_r(line, " \t\v\f", &save); tok;
	     tok = strtok_r(NULL, " \t\v\f", &save)) {
		ret = rmd_hex_decode(tok, strlen(tok), out + *len, cap - *len,
				     &n);
		if (ret) {
			*bad = tok;
			return ret;
		}
		*len += n;
	}
	return 0;
}

static int run_decode(const char *path, bool json)
{
	/* A line longer than a msgq message is passed on, to be reported. */
	static uint8_t pkt[4 * GUNYAH_RM_MSGQ_MSG_SIZE];
	static struct decoder dec;
	struct gunyah_rm_rpc_msg msg;
	const char *bad;
	size_t len, n;
	char *line, *hash;
	int ret;

	memset(&dec, 0, sizeof(dec));
	if (input_open(&dec.in, path))
		return 2;
	dec.json = json;
	gunyah_rm_reasm_init(&dec.reasm, reasm_report, &dec);
	while ((line = input_next(&dec.in, &len))) {
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		ret = parse_hex_line(line, pkt, sizeof(pkt), &n, &bad);
		if (ret) {
			fprintf(stderr, "rmdump: %s:%lu: %s: '%s'\n",
				dec.in.name, dec.in.lineno,
				ret == -ENOSPC ? "line too long" : "bad hex",
				bad);
			dec.status = 1;
			continue;
		}
		if (!n && strspn(line, " \t\v\f") == strlen(line))
			continue; /* blank or comment only */
		ret = gunyah_rm_reasm_feed(&dec.reasm, pkt, n, &msg);
		if (ret == 0) {
			if (!dec.pending)
				dec.first_line = dec.in.lineno;
			dec.pending = true;
		} else if (ret == 1) {
			decode_msg(&dec, &msg,
				   dec.pending ? dec.first_line : 0);
			dec.pending = false;
		}
	}
	if (ferror(dec.in.f)) {
		fprintf(stderr, "rmdump: %s: %s\n", dec.in.name,
			strerror(errno));
		input_close(&dec.in);
		return 2;
	}
	if (dec.pending) {
		fprintf(stderr,
			"rmdump: %s:%lu: message started here is incomplete at end of input\n",
			dec.in.name, dec.first_line);
		dec.status = 1;
	}
	input_close(&dec.in);
	return dec.status;
}

/* ---------------------------------------------------------------- encode */

static int print_send(void *ctx, const void *msg, size_t len,
		      unsigned int flags, const struct timespec *deadline)
{
	const uint8_t *p = msg;
	size_t i;

	(void)ctx;
	(void)flags;
	(void)deadline;
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

static int run_encode(const char *path)
{
	static struct rmd_wbuf buf;
	const struct gunyah_rm_transport t = { .ops = &print_ops };
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

	if (input_open(&in, path))
		return 2;
	while ((line = input_next(&in, &len))) {
		if (strspn(line, " \t\v\f") == len)
			continue;
		obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!obj) {
			fprintf(stderr, "rmdump: %s:%lu:%d: bad JSON: %s\n",
				in.name, in.lineno, jerr.column, jerr.text);
			status = 1;
			continue;
		}
		memset(&e, 0, sizeof(e));
		ret = rmd_encode_msg(obj, &type, &seq, &msg_id, &buf, &e);
		json_decref(obj);
		if (ret) {
			fprintf(stderr, "rmdump: %s:%lu: %s\n", in.name,
				in.lineno, e.msg);
			status = 1;
			continue;
		}
		ret = gunyah_rm_rpc_send(&t, type, seq, msg_id, buf.data,
					 buf.len, NULL);
		if (ret) {
			fprintf(stderr, "rmdump: %s:%lu: cannot send: %s\n",
				in.name, in.lineno, strerror(-ret));
			status = ret == -EIO ? 2 : 1;
			if (status == 2)
				break;
		}
	}
	if (ferror(in.f)) {
		fprintf(stderr, "rmdump: %s: %s\n", in.name, strerror(errno));
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
	bool modes = false;
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
		} else if (!strcmp(a, "--")) {
			if (i + 1 < argc)
				path = argv[++i];
			if (i + 1 < argc)
				goto bad_usage;
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "rmdump: unknown option '%s'\n", a);
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
	if (mode == LIST && path)
		goto bad_usage;

	switch (mode) {
	case LIST:
		status = run_list();
		break;
	case ENCODE:
		status = run_encode(path);
		break;
	default:
		status = run_decode(path, mode == JSON);
		break;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "rmdump: write error: %s\n", strerror(errno));
		return 2;
	}
	return status;

bad_usage:
	fputs(usage, stderr);
	return 2;
}
