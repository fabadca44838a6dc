/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmsim server: answers RM RPC requests arriving on a transport, driven by
 * the generated message table, with the VM table of vm.h and a small
 * memory-parcel registry behind the calls that need state.
 */
#ifndef RMSIM_SERVER_H
#define RMSIM_SERVER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "gunyah_rm/protocol.h"
#include "gunyah_rm/rpc.h"
#include "gunyah_rm/table.h"
#include "gunyah_rm/transport.h"
#include "vm.h"

/* Entries of every VM_GET_HYP_RESOURCES reply: 4 + 8 * 44 = 356 bytes. */
#define RMSIM_HYP_RESOURCES 8
/* Memory parcels the caller may hold at once (RM MAX_MEMPARCEL_PER_VM). */
#define RMSIM_MAX_PARCELS GUNYAH_RM_MAX_MEMPARCEL_PER_VM
/* Handle of the first parcel; later parcels count up, never reused. */
#define RMSIM_FIRST_MEM_HANDLE 1u
/* Notifications one request can cause (VM_RESET, forced VM_STOP: 2). */
#define RMSIM_MAX_NOTIFS 4
/* Largest notification payload the simulator sends (VM_EXITED: 12). */
#define RMSIM_NOTIF_MAX 16
/* How often a blocked receive checks the stop flag. */
#define RMSIM_POLL_MS 50

/**
 * struct rmsim_parcel - A memory parcel created by MEM_LEND/SHARE/DONATE.
 * @used: the slot holds a parcel
 * @accepted: MEM_ACCEPT succeeded and no MEM_RELEASE followed
 * @handle: its handle
 * @mem_type: &enum gunyah_rm_mem_type
 * @trans_type: &enum gunyah_rm_trans_type
 * @label: the creator's label
 */
struct rmsim_parcel {
	bool used;
	bool accepted;
	uint32_t handle;
	uint8_t mem_type;
	uint8_t trans_type;
	uint32_t label;
};

struct rmsim_notif {
	uint32_t id;
	size_t len;
	uint8_t data[RMSIM_NOTIF_MAX];
};

/**
 * struct rmsim_stats - What the server saw.
 * @requests: requests answered
 * @invalid: requests answered MSG_INVALID (validation failed)
 * @unimplemented: requests with an unknown ID (answered UNIMPLEMENTED)
 * @dropped: packets or messages dropped (reassembly reports, non-requests)
 * @notifications: notifications sent
 */
struct rmsim_stats {
	uint64_t requests;
	uint64_t invalid;
	uint64_t unimplemented;
	uint64_t dropped;
	uint64_t notifications;
};

/**
 * struct rmsim - Simulator state; VMs and parcels outlive connections.
 * @vms: the VM table
 * @parcels: memory parcels
 * @next_handle: handle for the next parcel
 * @verbose: log requests and drops to stderr
 * @t: the connection being served
 * @notif_seq: seq of the next notification (global, wrapping, as the RM)
 * @notifs: notifications caused by the request being handled, sent after
 *          its reply
 * @n_notifs: number of @notifs
 * @stats: counters
 * @reasm: reassembly state of the connection
 * @reply: reply payload buffer
 */
struct rmsim {
	struct rmsim_vmtab vms;
	struct rmsim_parcel parcels[RMSIM_MAX_PARCELS];
	uint32_t next_handle;
	int verbose;
	const struct gunyah_rm_transport *t;
	uint16_t notif_seq;
	struct rmsim_notif notifs[RMSIM_MAX_NOTIFS];
	unsigned int n_notifs;
	struct rmsim_stats stats;
	struct gunyah_rm_reasm reasm;
	uint8_t reply[GUNYAH_RM_RPC_MAX_PAYLOAD];
};

void rmsim_init(struct rmsim *s, int verbose);
void rmsim_hyp_resource(uint16_t vmid, unsigned int i,
			struct gunyah_rm_hyp_resource *r);
int rmsim_handle(struct rmsim *s, const struct gunyah_rm_rpc_msg *msg);
int rmsim_serve(struct rmsim *s, const struct gunyah_rm_transport *t,
		const volatile sig_atomic_t *stop);

#endif /* RMSIM_SERVER_H */
