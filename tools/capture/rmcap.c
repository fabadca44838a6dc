// SPDX-License-Identifier: BSD-3-Clause
/*
 * RM traffic captures: reading and writing the pcap format of rmcap.h.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gunyah_rm/wire.h"
#include "rmcap.h"

static void __attribute__((format(printf, 3, 4)))
errf(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

static uint32_t get32(const struct rmcap_reader *r, const uint8_t *p)
{
	uint32_t v = gunyah_rm_get_le32(p);

	if (r->swap)
		v = (v >> 24) | (v >> 8 & 0xff00u) | (v << 8 & 0xff0000u) |
		    (v << 24);
	return v;
}

/**
 * rmcap_is_magic() - Whether bytes start a pcap file (either byte order).
 * @p: the first bytes of a file
 * @len: their number
 *
 * Return: true if @len is at least 4 and @p starts with the microsecond
 * pcap magic, little- or big-endian.
 */
bool rmcap_is_magic(const uint8_t *p, size_t len)
{
	return len >= 4 && (gunyah_rm_get_le32(p) == RMCAP_MAGIC ||
			    gunyah_rm_get_be32(p) == RMCAP_MAGIC);
}

/* Read exactly @n bytes; returns how many were read before end of file. */
static size_t read_full(FILE *f, uint8_t *p, size_t n)
{
	return fread(p, 1, n, f);
}

/**
 * rmcap_open() - Read and check the file header of a capture.
 * @r: the reader to set up
 * @f: the stream
 * @pre: bytes of the header already read from @f (detection), or NULL
 * @npre: their number, at most RMCAP_FILE_HDR_SIZE
 * @err: where to describe a failure
 * @errcap: size of @err
 *
 * Return: 0; RMCAP_FATAL for a short header, another magic, a pcap version
 * other than 2.x or a link type other than 147 (@err says which, and
 * errno is kept for a read error).
 */
int rmcap_open(struct rmcap_reader *r, FILE *f, const uint8_t *pre, size_t npre,
	       char *err, size_t errcap)
{
	uint8_t h[RMCAP_FILE_HDR_SIZE];
	uint32_t major, minor, link;
	size_t n = npre;

	memset(r, 0, sizeof(*r));
	r->f = f;
	if (n > sizeof(h))
		n = sizeof(h);
	if (n)
		memcpy(h, pre, n);
	n += read_full(f, h + n, sizeof(h) - n);
	if (n < sizeof(h)) {
		if (ferror(f))
			errf(err, errcap, "read error: %s", strerror(errno));
		else
			errf(err, errcap,
			     "truncated pcap file header (%zu of %d bytes)", n,
			     RMCAP_FILE_HDR_SIZE);
		return RMCAP_FATAL;
	}
	if (gunyah_rm_get_le32(h) == RMCAP_MAGIC) {
		r->swap = false;
	} else if (gunyah_rm_get_be32(h) == RMCAP_MAGIC) {
		r->swap = true;
	} else {
		errf(err, errcap,
		     "not a pcap file (magic %02x %02x %02x %02x; pcapng and nanosecond pcap are not read: convert with 'editcap -F pcap')",
		     h[0], h[1], h[2], h[3]);
		return RMCAP_FATAL;
	}
	if (r->swap) {
		/* The two 16-bit version fields: swap them back. */
		major = gunyah_rm_get_be16(h + 4);
		minor = gunyah_rm_get_be16(h + 6);
	} else {
		major = gunyah_rm_get_le16(h + 4);
		minor = gunyah_rm_get_le16(h + 6);
	}
	if (major != RMCAP_VERSION_MAJOR) {
		errf(err, errcap,
		     "unsupported pcap version %" PRIu32 ".%" PRIu32, major,
		     minor);
		return RMCAP_FATAL;
	}
	r->snaplen = get32(r, h + 16);
	link = get32(r, h + 20);
	if (link != RMCAP_LINKTYPE) {
		errf(err, errcap,
		     "link type %" PRIu32
		     " is not %u (LINKTYPE_USER0): not an RM capture",
		     link, RMCAP_LINKTYPE);
		return RMCAP_FATAL;
	}
	return 0;
}

/* Skip @n bytes of a record that is not read; RMCAP_FATAL at end of file. */
/*
 * A read within record @r->record that came up short: a read error, or the
 * end of the file (@what says what was missing). Returns RMCAP_FATAL.
 */
static int short_read(const struct rmcap_reader *r, char *err, size_t errcap,
		      const char *what)
{
	if (ferror(r->f))
		errf(err, errcap, "record %" PRIu64 ": read error: %s",
		     r->record, strerror(errno));
	else
		errf(err, errcap, "record %" PRIu64 ": truncated file: %s",
		     r->record, what);
	return RMCAP_FATAL;
}

static int skip(struct rmcap_reader *r, uint32_t n, char *err, size_t errcap)
{
	uint8_t buf[4096];
	uint32_t done = 0;
	size_t k, got;
	char what[80];

	while (done < n) {
		k = n - done < sizeof(buf) ? n - done : sizeof(buf);
		got = read_full(r->f, buf, k);
		done += (uint32_t)got;
		if (got == k)
			continue;
		snprintf(what, sizeof(what),
			 "the record announces %" PRIu32 " bytes, %" PRIu32
			 " are left",
			 n, done);
		return short_read(r, err, errcap, what);
	}
	return 0;
}

/**
 * rmcap_next() - Read the next record of a capture.
 * @r: the reader (rmcap_open())
 * @rec: filled with the record
 * @err: where to describe a failure; it starts "record N: "
 * @errcap: size of @err
 *
 * Checks, in order: a whole record header; the captured length against
 * the largest record (RMCAP_MAX_RECORD) and the file's snaplen; the
 * record's bytes are all there; the captured length against the original
 * length (a record cut by the capture is not decoded); a direction byte
 * that is 0 or 1.
 *
 * Return: 1 with @rec filled; RMCAP_EOF after the last record; RMCAP_BAD
 * for a record that is skipped (the next one may be read); RMCAP_FATAL for
 * a truncated file or a read error.
 */
int rmcap_next(struct rmcap_reader *r, struct rmcap_record *rec, char *err,
	       size_t errcap)
{
	uint8_t h[RMCAP_REC_HDR_SIZE], body[RMCAP_MAX_RECORD];
	uint32_t caplen, origlen;
	char what[80];
	size_t n;
	int ret;

	n = read_full(r->f, h, sizeof(h));
	if (n == 0 && !ferror(r->f))
		return RMCAP_EOF;
	r->record++;
	if (n < sizeof(h)) {
		snprintf(what, sizeof(what), "record header of %zu of %d bytes",
			 n, RMCAP_REC_HDR_SIZE);
		return short_read(r, err, errcap, what);
	}
	rec->ts_sec = get32(r, h);
	rec->ts_usec = get32(r, h + 4);
	caplen = get32(r, h + 8);
	origlen = get32(r, h + 12);

	if (caplen > RMCAP_MAX_RECORD || caplen > r->snaplen) {
		ret = skip(r, caplen, err, errcap);
		if (ret)
			return ret;
		errf(err, errcap,
		     "record %" PRIu64 ": %" PRIu32
		     " bytes, more than %s (%" PRIu32 " bytes)",
		     r->record, caplen,
		     caplen > RMCAP_MAX_RECORD ?
			     "a direction byte and a 240-byte msgq message" :
			     "the file's snaplen",
		     caplen > RMCAP_MAX_RECORD ? (uint32_t)RMCAP_MAX_RECORD :
						 r->snaplen);
		return RMCAP_BAD;
	}
	n = read_full(r->f, body, caplen);
	if (n < caplen) {
		snprintf(what, sizeof(what),
			 "the record announces %" PRIu32 " bytes, %zu are left",
			 caplen, n);
		return short_read(r, err, errcap, what);
	}
	if (origlen != caplen) {
		errf(err, errcap,
		     "record %" PRIu64 ": %" PRIu32
		     " bytes captured of %" PRIu32
		     " (a record must be captured whole)",
		     r->record, caplen, origlen);
		return RMCAP_BAD;
	}
	if (caplen == 0) {
		errf(err, errcap,
		     "record %" PRIu64 ": empty, no direction byte", r->record);
		return RMCAP_BAD;
	}
	if (body[0] != RMCAP_TO_RM && body[0] != RMCAP_FROM_RM) {
		errf(err, errcap,
		     "record %" PRIu64
		     ": direction byte 0x%02x is neither 0 (client to RM) nor 1 (RM to client)",
		     r->record, body[0]);
		return RMCAP_BAD;
	}
	rec->dir = body[0];
	rec->len = caplen - 1;
	memcpy(rec->msg, body + 1, rec->len);
	return 1;
}

static void put32(uint8_t *p, uint32_t v)
{
	/* Host byte order: the reader tells the order by the magic. */
	memcpy(p, &v, sizeof(v));
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static int flush(FILE *f)
{
	if (fflush(f) || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}

/**
 * rmcap_write_header() - Start a capture: write the pcap file header.
 * @f: the stream
 *
 * Return: 0, or a negative errno if writing or flushing failed.
 */
int rmcap_write_header(FILE *f)
{
	uint8_t h[RMCAP_FILE_HDR_SIZE];

	put32(h, RMCAP_MAGIC);
	put16(h + 4, RMCAP_VERSION_MAJOR);
	put16(h + 6, RMCAP_VERSION_MINOR);
	put32(h + 8, 0); /* thiszone: timestamps are UTC */
	put32(h + 12, 0); /* sigfigs */
	put32(h + 16, RMCAP_MAX_RECORD);
	put32(h + 20, RMCAP_LINKTYPE);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h))
		return errno ? -errno : -EIO;
	return flush(f);
}

/**
 * rmcap_write() - Append one msgq message to a capture, stamped now.
 * @f: the stream, its header written
 * @dir: RMCAP_TO_RM or RMCAP_FROM_RM
 * @msg: the message (may be NULL if @len is 0)
 * @len: its length, at most GUNYAH_RM_MSGQ_MSG_SIZE
 *
 * The record is flushed at once, so that a capture cut short by a crash
 * holds every record written before it.
 *
 * Return: 0; -EMSGSIZE if @len is too long; -EINVAL for a bad @dir; or
 * the negative errno of a failed write.
 */
int rmcap_write(FILE *f, uint8_t dir, const void *msg, size_t len)
{
	uint8_t h[RMCAP_REC_HDR_SIZE + 1];
	struct timespec ts;

	if (len > GUNYAH_RM_MSGQ_MSG_SIZE)
		return -EMSGSIZE;
	if (dir != RMCAP_TO_RM && dir != RMCAP_FROM_RM)
		return -EINVAL;
	if (clock_gettime(CLOCK_REALTIME, &ts))
		return -errno;
	put32(h, (uint32_t)ts.tv_sec);
	put32(h + 4, (uint32_t)(ts.tv_nsec / 1000));
	put32(h + 8, (uint32_t)(len + 1));
	put32(h + 12, (uint32_t)(len + 1));
	h[RMCAP_REC_HDR_SIZE] = dir;
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) ||
	    (len && fwrite(msg, 1, len, f) != len))
		return errno ? -errno : -EIO;
	return flush(f);
}

/**
 * rmcap_tap_init() - Set up a tap.
 * @tap: the tap
 * @f: where to write a capture (its file header is written now), or NULL
 * @seen: called for every message, or NULL
 * @ctx: first argument of @seen
 *
 * Return: 0, or the negative errno of writing the file header.
 */
int rmcap_tap_init(struct rmcap_tap *tap, FILE *f, rmcap_seen_fn seen,
		   void *ctx)
{
	int ret = f ? rmcap_write_header(f) : 0;

	if (ret)
		return ret;
	tap->f = f;
	tap->seen = seen;
	tap->ctx = ctx;
	tap->error = 0;
	return -pthread_mutex_init(&tap->lock, NULL);
}

/**
 * rmcap_tap_destroy() - Release a tap; no tapped transport may be left.
 * @tap: the tap (its file is the caller's to close)
 */
void rmcap_tap_destroy(struct rmcap_tap *tap)
{
	pthread_mutex_destroy(&tap->lock);
}

/**
 * rmcap_tap_error() - The first error writing a tap's capture.
 * @tap: the tap
 *
 * Return: 0, or a negative errno.
 */
int rmcap_tap_error(struct rmcap_tap *tap)
{
	int ret;

	pthread_mutex_lock(&tap->lock);
	ret = tap->error;
	pthread_mutex_unlock(&tap->lock);
	return ret;
}

struct tapped {
	struct gunyah_rm_transport inner;
	struct rmcap_tap *tap;
	uint8_t send_dir;
};

static void tap_record(struct rmcap_tap *tap, uint8_t dir, const void *msg,
		       size_t len)
{
	pthread_mutex_lock(&tap->lock);
	if (tap->f && !tap->error)
		tap->error = rmcap_write(tap->f, dir, msg, len);
	pthread_mutex_unlock(&tap->lock);
	if (tap->seen)
		tap->seen(tap->ctx, dir, msg, len);
}

static int tap_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		    const struct timespec *deadline)
{
	struct tapped *t = ctx;
	int ret =
		gunyah_rm_transport_send(&t->inner, msg, len, flags, deadline);

	if (!ret)
		tap_record(t->tap, t->send_dir, msg, len);
	return ret;
}

static int tap_recv(void *ctx, void *buf, size_t cap,
		    const struct timespec *deadline)
{
	struct tapped *t = ctx;
	int ret = gunyah_rm_transport_recv(&t->inner, buf, cap, deadline);

	if (ret >= 0)
		tap_record(t->tap, t->send_dir ^ 1, buf, (size_t)ret);
	return ret;
}

static void tap_shutdown(void *ctx)
{
	struct tapped *t = ctx;

	gunyah_rm_transport_shutdown(&t->inner);
}

static void tap_close(void *ctx)
{
	struct tapped *t = ctx;

	gunyah_rm_transport_close(&t->inner);
	free(t);
}

static const struct gunyah_rm_transport_ops tap_ops = {
	.send = tap_send,
	.recv = tap_recv,
	.shutdown = tap_shutdown,
	.close = tap_close,
};

/**
 * rmcap_wrap() - Tap a transport: record every message it moves.
 * @t: the endpoint; on success it is replaced by the tapped one, whose
 *     close closes the original
 * @tap: the tap (rmcap_tap_init()); it must outlive the endpoint
 * @send_dir: direction of the messages @t sends: RMCAP_TO_RM for a
 *            client, RMCAP_FROM_RM for the RM side
 *
 * Each message is recorded after the transport took it (sent) or gave it
 * (received), whole, in the order the endpoint saw them: fragments as
 * separate records.
 *
 * Return: 0; -EINVAL for a bad @send_dir; -ENOMEM.
 */
int rmcap_wrap(struct gunyah_rm_transport *t, struct rmcap_tap *tap,
	       uint8_t send_dir)
{
	struct tapped *w;

	if (send_dir != RMCAP_TO_RM && send_dir != RMCAP_FROM_RM)
		return -EINVAL;
	w = malloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->inner = *t;
	w->tap = tap;
	w->send_dir = send_dir;
	t->ops = &tap_ops;
	t->ctx = w;
	return 0;
}
