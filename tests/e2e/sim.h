/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers of the end-to-end tests: run the rmsim binary on a socket in a
 * fresh temporary directory, connect to it, stop it and check how it
 * exited, and record the notifications a client receives.
 */
#ifndef E2E_SIM_H
#define E2E_SIM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gunyah_rm/client.h"
#include "gunyah_rm/transport.h"

#ifndef RMSIM_PATH
#error "RMSIM_PATH must name the rmsim binary"
#endif

/* How long anything may take before a test gives up. */
#define E2E_TIMEOUT_MS 5000

/**
 * struct sim - A running rmsim.
 * @pid: its process, 0 once it was reaped
 * @dir: temporary directory holding the socket and the log
 * @sock: socket path
 * @log: rmsim's stdout and stderr (it runs with -v)
 */
struct sim {
	pid_t pid;
	char dir[64];
	char sock[128];
	char log[128];
};

pid_t sim_spawn(const char *log, const char *const args[]);
int sim_wait(pid_t pid, int timeout_ms);
void sim_start(struct sim *s);
void sim_connect(const struct sim *s, struct gunyah_rm_transport *t);
struct gunyah_rm *sim_client(const struct sim *s, unsigned int *errors);
void sim_stop(struct sim *s, int sig);
void sim_cleanup(struct sim *s);
long sim_now_ms(void);

/**
 * struct notif - One notification as a client received it.
 * @id: notification ID
 * @len: payload length
 * @decoded: the payload decoded (VM_STATUS or VM_EXITED only)
 * @vmid, @vm_status, @os_status, @app_status: VM_STATUS fields (@vmid also
 *        for VM_EXITED)
 * @exit_type, @exit_reason_size, @exit_reason: VM_EXITED fields
 */
struct notif {
	uint32_t id;
	size_t len;
	bool decoded;
	uint16_t vmid;
	uint8_t vm_status;
	uint8_t os_status;
	uint16_t app_status;
	uint16_t exit_type;
	uint32_t exit_reason_size;
	uint8_t exit_reason[16];
};

#define NOTIF_LOG_MAX 64

struct notif_log {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int n;
	struct notif ev[NOTIF_LOG_MAX];
};

void notif_log_init(struct notif_log *l);
void notif_log_destroy(struct notif_log *l);
struct gunyah_rm *sim_client_notif(const struct sim *s, unsigned int *errors,
				   struct notif_log *log);
unsigned int notif_log_wait(struct notif_log *l, unsigned int n);
unsigned int notif_log_count(struct notif_log *l);

#endif /* E2E_SIM_H */
