/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RM traffic captures: classic pcap files of link type 147 (LINKTYPE_USER0)
 * whose records are one direction byte followed by one msgq message (the
 * 8-byte RPC header and up to 232 payload bytes). See docs/capture.md.
 *
 * The reader treats the file as hostile: every length in it is checked
 * against the file's snaplen, the largest record and the bytes left, and a
 * bad record is reported and skipped without trusting its contents.
 */
#ifndef RMCAP_H
#define RMCAP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gunyah_rm/transport.h"

/* The pcap magic, written in host byte order (a reader detects the order). */
#define RMCAP_MAGIC 0xa1b2c3d4u
#define RMCAP_VERSION_MAJOR 2
#define RMCAP_VERSION_MINOR 4
/* LINKTYPE_USER0 (DLT_USER0): the link type of every RM capture. */
#define RMCAP_LINKTYPE 147u
#define RMCAP_FILE_HDR_SIZE 24
#define RMCAP_REC_HDR_SIZE 16
/* The largest record: the direction byte and a whole msgq message. */
#define RMCAP_MAX_RECORD (1 + GUNYAH_RM_MSGQ_MSG_SIZE)

/* Direction byte of a record. */
#define RMCAP_TO_RM 0x00 /* client to RM */
#define RMCAP_FROM_RM 0x01 /* RM to client */

/* Why rmcap_next() gave no record (its return values). */
#define RMCAP_EOF 0 /* the file ends after the last record */
#define RMCAP_BAD (-1) /* this record is skipped; the next may be read */
#define RMCAP_FATAL (-2) /* the file cannot be read further */

/**
 * struct rmcap_reader - A capture being read.
 * @f: the stream, positioned after the file header
 * @swap: the file is big-endian (written by a big-endian host)
 * @snaplen: the file header's snaplen (no record may be longer)
 * @record: number of the record last read, counting from 1
 */
struct rmcap_reader {
	FILE *f;
	bool swap;
	uint32_t snaplen;
	uint64_t record;
};

/**
 * struct rmcap_record - One record of a capture.
 * @ts_sec: timestamp, seconds since the epoch
 * @ts_usec: and microseconds
 * @dir: RMCAP_TO_RM or RMCAP_FROM_RM
 * @len: bytes of the msgq message (0..GUNYAH_RM_MSGQ_MSG_SIZE)
 * @msg: the msgq message
 */
struct rmcap_record {
	uint32_t ts_sec;
	uint32_t ts_usec;
	uint8_t dir;
	size_t len;
	uint8_t msg[GUNYAH_RM_MSGQ_MSG_SIZE];
};

bool rmcap_is_magic(const uint8_t *p, size_t len);
int rmcap_open(struct rmcap_reader *r, FILE *f, const uint8_t *pre, size_t npre,
	       char *err, size_t errcap);
int rmcap_next(struct rmcap_reader *r, struct rmcap_record *rec, char *err,
	       size_t errcap);

int rmcap_write_header(FILE *f);
int rmcap_write(FILE *f, uint8_t dir, const void *msg, size_t len);

/**
 * typedef rmcap_seen_fn - Told about each msgq message a tap sees.
 * @ctx: the tap's @ctx
 * @dir: RMCAP_TO_RM or RMCAP_FROM_RM
 * @msg: the message, valid during the call only
 * @len: its length
 *
 * Runs on the thread that sent or received the message.
 */
typedef void (*rmcap_seen_fn)(void *ctx, uint8_t dir, const uint8_t *msg,
			      size_t len);

/**
 * struct rmcap_tap - What a tapped transport does with its traffic.
 * @f: the capture being written, or NULL
 * @seen: called for every message, or NULL
 * @ctx: first argument of @seen
 * @error: the first error writing @f (a negative errno), or 0; recording
 *         stops there, the traffic goes on
 * @lock: serialises the senders and the receiver
 */
struct rmcap_tap {
	FILE *f;
	rmcap_seen_fn seen;
	void *ctx;
	int error;
	pthread_mutex_t lock;
};

int rmcap_tap_init(struct rmcap_tap *tap, FILE *f, rmcap_seen_fn seen,
		   void *ctx);
void rmcap_tap_destroy(struct rmcap_tap *tap);
int rmcap_tap_error(struct rmcap_tap *tap);
int rmcap_wrap(struct gunyah_rm_transport *t, struct rmcap_tap *tap,
	       uint8_t send_dir);

#endif /* RMCAP_H */
