// SPDX-License-Identifier: BSD-3-Clause
/*
 * Test client that records a session with the RM simulator for rmdump.
 *
 *   rmdump_capture RMSIM SOCKET_PATH
 *
 * Starts RMSIM on SOCKET_PATH, connects, brings a VM up (VM_ALLOC_VMID,
 * MEM_LEND, VM_CONFIG_IMAGE, VM_INIT, VM_START, VM_GET_HYP_RESOURCES,
 * VM_GET_STATE, then a forced VM_STOP) and writes every msgq message of
 * both directions to stdout, in the order seen by the client, one hex line
 * each ("# tx"/"# rx" comments say which way). Requests are built by the
 * generated encoders and fragmented by gunyah_rm_rpc_send(); each reply is
 * reassembled and checked; notifications sent after it are collected until
 * the simulator stays quiet. Exit status 0 when every call succeeded.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gunyah_rm/protocol.h"
#include "gunyah_rm/rpc.h"
#include "gunyah_rm/table.h"
#include "gunyah_rm/transport.h"

/* How long the simulator may stay silent before its notifications are over. */
#define QUIET_MS 200
#define REPLY_TIMEOUT_MS 5000

struct session {
	struct gunyah_rm_transport sock;
	struct gunyah_rm_reasm reasm;
	uint16_t seq;
};

static void print_packet(const char *dir, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x ", p[i]);
	printf("# %s\n", dir);
}

/* The client's transmit side: log, then send on the socket. */
static int tee_send(void *ctx, const void *msg, size_t len, unsigned int flags,
		    const struct timespec *deadline)
{
	const struct gunyah_rm_transport *sock = ctx;

	print_packet("tx", msg, len);
	return gunyah_rm_transport_send(sock, msg, len, flags, deadline);
}

static int tee_recv(void *ctx, void *buf, size_t cap,
		    const struct timespec *deadline)
{
	const struct gunyah_rm_transport *sock = ctx;
	int n = gunyah_rm_transport_recv(sock, buf, cap, deadline);

	if (n >= 0)
		print_packet("rx", buf, (size_t)n);
	return n;
}

static void tee_noop(void *ctx)
{
	(void)ctx;
}

static const struct gunyah_rm_transport_ops tee_ops = {
	.send = tee_send,
	.recv = tee_recv,
	.shutdown = tee_noop,
	.close = tee_noop,
};

/*
 * Send a request and wait for its reply; then take the notifications the
 * simulator sends after it. Returns the RM error word (or a negative errno)
 * and copies the reply data to @data.
 */
static long call(struct session *s, uint32_t id, const uint8_t *req, int len,
		 uint8_t *data, size_t cap, size_t *dlen)
{
	const struct gunyah_rm_transport tee = { .ops = &tee_ops,
						 .ctx = &s->sock };
	uint8_t pkt[GUNYAH_RM_MSGQ_MSG_SIZE];
	struct gunyah_rm_rpc_msg msg;
	long result = -ETIMEDOUT;
	struct timespec ts;
	bool replied = false;
	uint16_t seq = ++s->seq;
	int n, ret;

	if (len < 0)
		return len;
	printf("# %s\n", gunyah_rm_find_message(id)->name);
	ret = gunyah_rm_rpc_send(&tee, GUNYAH_RM_RPC_TYPE_REQUEST, seq, id, req,
				 (size_t)len, NULL);
	if (ret)
		return ret;
	for (;;) {
		n = tee_recv(&s->sock, pkt, sizeof(pkt),
			     gunyah_rm_deadline(&ts, replied ?
							     QUIET_MS :
							     REPLY_TIMEOUT_MS));
		if (n == -ETIMEDOUT && replied)
			return result;
		if (n < 0)
			return n;
		if (gunyah_rm_reasm_feed(&s->reasm, pkt, (size_t)n, &msg) != 1)
			continue;
		if (msg.hdr.type != GUNYAH_RM_RPC_TYPE_REPLY)
			continue;
		if (msg.hdr.seq != seq || msg.hdr.msg_id != id || msg.len < 4 ||
		    msg.len - 4 > cap) {
			fprintf(stderr, "capture: unexpected reply\n");
			return -EPROTO;
		}
		result = gunyah_rm_get_le32(msg.payload);
		*dlen = msg.len - 4;
		memcpy(data, msg.payload + 4, *dlen);
		replied = true;
	}
}

static int connect_retry(const char *path, struct gunyah_rm_transport *t)
{
	const struct timespec ts = { .tv_nsec = 20 * 1000 * 1000 };
	int i, ret = -ENOENT;

	for (i = 0; i < 250; i++) {
		ret = gunyah_rm_unix_connect(path, t);
		if (!ret)
			return 0;
		nanosleep(&ts, NULL);
	}
	return ret;
}

static int check(const char *what, long ret)
{
	if (ret == GUNYAH_RM_ERROR_OK)
		return 0;
	fprintf(stderr, "capture: %s failed: %ld\n", what, ret);
	return -1;
}

static int bring_up(struct session *s)
{
	static uint8_t req[GUNYAH_RM_RPC_MAX_PAYLOAD], data[16384];
	const struct gunyah_rm_acl_entry acl[] = {
		{ .vmid = 0, .rights = 6 },
	};
	const struct gunyah_rm_sgl_entry sgl[] = {
		{ .ipa = 0x80000000, .size = 0x400000 },
	};
	struct gunyah_rm_vm_alloc_vmid_resp alloc;
	struct gunyah_rm_mem_lend_resp lend;
	struct gunyah_rm_acl_entry acl_vm[1];
	struct gunyah_rm_verr err;
	uint16_t vmid;
	size_t dlen = 0;
	long r;

	r = call(s, GUNYAH_RM_RPC_VM_ALLOC_VMID, req,
		 gunyah_rm_vm_common_vmid_req_encode(
			 &(struct gunyah_rm_vm_common_vmid_req){ .vmid = 0 },
			 req, sizeof(req)),
		 data, sizeof(data), &dlen);
	if (check("VM_ALLOC_VMID", r) ||
	    gunyah_rm_vm_alloc_vmid_resp_decode(data, dlen, &alloc, &err) ||
	    !alloc.has_vmid)
		return -1;
	vmid = alloc.vmid;

	acl_vm[0] = acl[0];
	acl_vm[0].vmid = vmid;
	r = call(s, GUNYAH_RM_RPC_MEM_LEND, req,
		 gunyah_rm_mem_lend_req_encode(
			 &(struct gunyah_rm_mem_lend_req){
				 .mem_type = GUNYAH_RM_MEM_TYPE_NORMAL,
				 .label = 0x1000,
				 .acl_entries = 1,
				 .acl = { .items = acl_vm, .n = 1 },
				 .sgl_entries = 1,
				 .sgl = { .items = sgl, .n = 1 },
			 },
			 req, sizeof(req)),
		 data, sizeof(data), &dlen);
	if (check("MEM_LEND", r) ||
	    gunyah_rm_mem_lend_resp_decode(data, dlen, &lend, &err))
		return -1;

	r = call(s, GUNYAH_RM_RPC_VM_CONFIG_IMAGE, req,
		 gunyah_rm_vm_config_image_req_encode(
			 &(struct gunyah_rm_vm_config_image_req){
				 .vmid = vmid,
				 .auth_mech = GUNYAH_RM_VM_AUTH_NONE,
				 .mem_handle = lend.mem_handle,
				 .image_offset = 0,
				 .image_size = 0x200000,
				 .dtb_offset = 0x300000,
				 .dtb_size = 0x10000,
			 },
			 req, sizeof(req)),
		 data, sizeof(data), &dlen);
	if (check("VM_CONFIG_IMAGE", r))
		return -1;

	r = call(s, GUNYAH_RM_RPC_VM_INIT, req,
		 gunyah_rm_vm_init_req_encode(
			 &(struct gunyah_rm_vm_init_req){ .vmid = vmid }, req,
			 sizeof(req)),
		 data, sizeof(data), &dlen);
	if (check("VM_INIT", r))
		return -1;

	r = call(s, GUNYAH_RM_RPC_VM_START, req,
		 gunyah_rm_vm_common_vmid_req_encode(
			 &(struct gunyah_rm_vm_common_vmid_req){ .vmid = vmid },
			 req, sizeof(req)),
		 data, sizeof(data), &dlen);
	if (check("VM_START", r))
		return -1;

	r = call(s, GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES, req,
		 gunyah_rm_vm_common_vmid_req_encode(
			 &(struct gunyah_rm_vm_common_vmid_req){ .vmid = vmid },
			 req, sizeof(req)),
		 data, sizeof(data), &dlen);
	if (check("VM_GET_HYP_RESOURCES", r))
		return -1;

	r = call(s, GUNYAH_RM_RPC_VM_GET_STATE, req,
		 gunyah_rm_vm_common_vmid_req_encode(
			 &(struct gunyah_rm_vm_common_vmid_req){ .vmid = vmid },
			 req, sizeof(req)),
		 data, sizeof(data), &dlen);
	if (check("VM_GET_STATE", r))
		return -1;

	r = call(s, GUNYAH_RM_RPC_VM_STOP, req,
		 gunyah_rm_vm_stop_req_encode(
			 &(struct gunyah_rm_vm_stop_req){
				 .vmid = vmid,
				 .flags = GUNYAH_RM_VM_STOP_FLAG_FORCE_STOP,
				 .stop_reason =
					 GUNYAH_RM_VM_STOP_REASON_FORCE_STOP,
			 },
			 req, sizeof(req)),
		 data, sizeof(data), &dlen);
	return check("VM_STOP", r);
}

int main(int argc, char **argv)
{
	static struct session s;
	int status = 1, wstatus;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: rmdump_capture RMSIM SOCKET_PATH\n");
		return 2;
	}
	unlink(argv[2]);
	pid = fork();
	if (pid < 0) {
		perror("capture: fork");
		return 1;
	}
	if (pid == 0) {
		execl(argv[1], argv[1], argv[2], (char *)NULL);
		perror("capture: exec");
		_exit(127);
	}
	if (connect_retry(argv[2], &s.sock)) {
		fprintf(stderr, "capture: cannot connect to %s\n", argv[2]);
	} else {
		gunyah_rm_reasm_init(&s.reasm, NULL, NULL);
		printf("# A session recorded from rmsim by tests/rmdump/capture.c:\n"
		       "# the HLOS brings a VM up and force-stops it. tx: client\n"
		       "# to RM, rx: RM to client, in the order the client saw.\n");
		status = bring_up(&s) ? 1 : 0;
		gunyah_rm_transport_close(&s.sock);
	}
	kill(pid, SIGTERM);
	if (waitpid(pid, &wstatus, 0) < 0 || !WIFEXITED(wstatus) ||
	    WEXITSTATUS(wstatus)) {
		fprintf(stderr, "capture: rmsim did not exit cleanly\n");
		status = 1;
	}
	unlink(argv[2]);
	if (fflush(stdout))
		status = 1;
	return status;
}
