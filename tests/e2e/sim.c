// SPDX-License-Identifier: BSD-3-Clause
/*
 * Helpers of the end-to-end tests: start, connect to and stop rmsim;
 * record notifications.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gunyah_rm/protocol.h"
#include "gunyah_rm/stubs.h"
#include "sim.h"

/* Lines of rmsim's log shown when a test leaves it running. */
#define LOG_TAIL 60

extern char **environ;

long sim_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/**
 * sim_spawn() - Run rmsim with @args, its stdout and stderr going to @log.
 * @log: output file (created or truncated)
 * @args: arguments after argv[0], NULL-terminated (at most 6)
 *
 * Return: the child's pid.
 */
pid_t sim_spawn(const char *log, const char *const args[])
{
	posix_spawn_file_actions_t fa;
	char *argv[8] = { "rmsim" };
	unsigned int i;
	pid_t pid;
	int ret;

	for (i = 0; args[i]; i++) {
		cr_assert_lt(i, 6u);
		argv[i + 1] = (char *)args[i];
	}
	cr_assert_eq(posix_spawn_file_actions_init(&fa), 0);
	cr_assert_eq(posix_spawn_file_actions_addopen(
			     &fa, STDOUT_FILENO, log,
			     O_WRONLY | O_CREAT | O_TRUNC, 0600),
		     0);
	cr_assert_eq(posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO,
						      STDERR_FILENO),
		     0);
	ret = posix_spawn(&pid, RMSIM_PATH, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(ret, 0, "posix_spawn %s: %s", RMSIM_PATH, strerror(ret));
	return pid;
}

/**
 * sim_wait() - Reap a child, killing it if it does not exit in time.
 * @pid: the child
 * @timeout_ms: how long to wait
 *
 * Return: its wait status, or -1 if it had to be killed.
 */
int sim_wait(pid_t pid, int timeout_ms)
{
	long deadline = sim_now_ms() + timeout_ms;
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		cr_assert_eq(r, 0, "waitpid: %s", strerror(errno));
		if (sim_now_ms() > deadline)
			break;
		sleep_ms(5);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/**
 * sim_start() - Start rmsim -v on a socket in a new temporary directory.
 * @s: filled in
 */
void sim_start(struct sim *s)
{
	const char *args[] = { "-v", s->sock, NULL };

	memset(s, 0, sizeof(*s));
	strcpy(s->dir, "/tmp/rmsim-e2e-XXXXXX");
	cr_assert_not_null(mkdtemp(s->dir), "mkdtemp: %s", strerror(errno));
	snprintf(s->sock, sizeof(s->sock), "%s/rm.sock", s->dir);
	snprintf(s->log, sizeof(s->log), "%s/rmsim.log", s->dir);
	s->pid = sim_spawn(s->log, args);
}

/**
 * sim_connect() - Connect to rmsim, waiting for it to listen.
 * @s: the simulator
 * @t: the connected transport
 */
void sim_connect(const struct sim *s, struct gunyah_rm_transport *t)
{
	long deadline = sim_now_ms() + E2E_TIMEOUT_MS;
	int ret;

	for (;;) {
		ret = gunyah_rm_unix_connect(s->sock, t);
		if (!ret)
			return;
		cr_assert(ret == -ENOENT || ret == -ECONNREFUSED,
			  "connect %s: %s", s->sock, strerror(-ret));
		cr_assert_lt(sim_now_ms(), deadline, "rmsim does not listen");
		sleep_ms(5);
	}
}

static void count_error(void *ctx, const struct gunyah_rm_rpc_report *rep)
{
	unsigned int *errors = ctx;

	(void)rep;
	__atomic_add_fetch(errors, 1, __ATOMIC_SEQ_CST);
}

/**
 * sim_client() - An RM client on a new connection to rmsim.
 * @s: the simulator
 * @errors: incremented for every packet or message the client drops; may
 *          be NULL
 *
 * Notifications are validated with the generated validator; calls time
 * out after E2E_TIMEOUT_MS.
 *
 * Return: the client.
 */
struct gunyah_rm *sim_client(const struct sim *s, unsigned int *errors)
{
	return sim_client_notif(s, errors, NULL);
}

static void on_notif(void *ctx, uint32_t id, const void *payload, size_t len);

/**
 * sim_client_notif() - sim_client() that records notifications.
 * @s: the running simulator
 * @errors: as for sim_client()
 * @log: records the VM_STATUS and VM_EXITED notifications the client
 *       receives; NULL for none
 *
 * Return: the client.
 */
struct gunyah_rm *sim_client_notif(const struct sim *s, unsigned int *errors,
				   struct notif_log *log)
{
	struct gunyah_rm_config cfg = {
		.timeout_ms = E2E_TIMEOUT_MS,
		.validate = gunyah_rm_notif_validate,
		.on_notification = log ? on_notif : NULL,
		.notif_ctx = log,
		.error_remap = gunyah_rm_error_remap,
		.on_error = errors ? count_error : NULL,
		.error_ctx = errors,
	};
	struct gunyah_rm_transport t;
	struct gunyah_rm *rm;

	sim_connect(s, &t);
	cr_assert_eq(gunyah_rm_create(&t, &cfg, &rm), 0);
	return rm;
}

static void remove_files(struct sim *s)
{
	unlink(s->log);
	unlink(s->sock);
	rmdir(s->dir);
}

/**
 * sim_stop() - Stop rmsim with @sig; it must exit 0 and remove its socket.
 * @s: the simulator
 * @sig: SIGTERM or SIGINT
 */
void sim_stop(struct sim *s, int sig)
{
	struct stat st;
	int status;

	cr_assert_gt(s->pid, 0);
	cr_assert_eq(kill(s->pid, sig), 0);
	status = sim_wait(s->pid, E2E_TIMEOUT_MS);
	s->pid = 0;
	cr_assert_neq(status, -1, "rmsim did not exit on signal %d", sig);
	cr_assert(WIFEXITED(status), "rmsim died of signal %d",
		  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	cr_assert_eq(WEXITSTATUS(status), 0);
	cr_assert_eq(stat(s->sock, &st), -1, "socket %s left behind", s->sock);
	cr_assert_eq(errno, ENOENT);
	remove_files(s);
}

/**
 * sim_cleanup() - Test teardown: kill rmsim if a failed test left it
 * running, after copying its log to stderr, and remove its files.
 * @s: the simulator (all zero if never started)
 */
void sim_cleanup(struct sim *s)
{
	char line[512];
	unsigned long n = 0;
	FILE *f;

	if (!s->dir[0])
		return;
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
		unlink(s->sock);
		f = fopen(s->log, "r");
		if (f) {
			/* The last LOG_TAIL lines: two passes. */
			while (fgets(line, sizeof(line), f))
				n++;
			rewind(f);
			fprintf(stderr, "--- rmsim log (%s), last lines ---\n",
				s->log);
			while (fgets(line, sizeof(line), f)) {
				if (n-- <= LOG_TAIL)
					fputs(line, stderr);
			}
			fclose(f);
		}
	}
	remove_files(s);
	s->dir[0] = '\0';
}

void notif_log_init(struct notif_log *l)
{
	pthread_condattr_t attr;

	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&l->cond, &attr);
	pthread_condattr_destroy(&attr);
}

void notif_log_destroy(struct notif_log *l)
{
	pthread_cond_destroy(&l->cond);
	pthread_mutex_destroy(&l->lock);
}

/* Runs on the client's receive thread: record, never assert. */
static void on_notif(void *ctx, uint32_t id, const void *payload, size_t len)
{
	struct notif_log *l = ctx;
	struct gunyah_rm_vm_status_payload st;
	struct gunyah_rm_vm_exited_payload ex;
	struct notif n = { .id = id, .len = len };

	if (id != GUNYAH_RM_NOTIFICATION_VM_STATUS &&
	    id != GUNYAH_RM_NOTIFICATION_VM_EXITED)
		return;
	if (id == GUNYAH_RM_NOTIFICATION_VM_STATUS &&
	    !gunyah_rm_vm_status_payload_decode(payload, len, &st, NULL)) {
		n.decoded = true;
		n.vmid = st.vmid;
		n.vm_status = st.vm_status;
		n.os_status = st.os_status;
		n.app_status = st.app_status;
	} else if (id == GUNYAH_RM_NOTIFICATION_VM_EXITED &&
		   !gunyah_rm_vm_exited_payload_decode(payload, len, &ex,
						       NULL) &&
		   ex.exit_reason.len <= sizeof(n.exit_reason)) {
		n.decoded = true;
		n.vmid = ex.vmid;
		n.exit_type = ex.exit_type;
		n.exit_reason_size = ex.exit_reason_size;
		memcpy(n.exit_reason, ex.exit_reason.data, ex.exit_reason.len);
	}

	pthread_mutex_lock(&l->lock);
	if (l->n < NOTIF_LOG_MAX)
		l->ev[l->n] = n;
	l->n++;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->lock);
}

/**
 * notif_log_wait() - Wait until at least @n notifications were recorded.
 * @l: the log
 * @n: how many
 *
 * Fails the test after E2E_TIMEOUT_MS.
 *
 * Return: the number recorded.
 */
unsigned int notif_log_wait(struct notif_log *l, unsigned int n)
{
	struct timespec ts;
	unsigned int got;
	int ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += E2E_TIMEOUT_MS / 1000;
	pthread_mutex_lock(&l->lock);
	while (l->n < n && ret != ETIMEDOUT)
		ret = pthread_cond_timedwait(&l->cond, &l->lock, &ts);
	got = l->n;
	pthread_mutex_unlock(&l->lock);
	cr_assert_geq(got, n, "waited for %u notifications, got %u", n, got);
	return got;
}

unsigned int notif_log_count(struct notif_log *l)
{
	unsigned int n;

	pthread_mutex_lock(&l->lock);
	n = l->n;
	pthread_mutex_unlock(&l->lock);
	return n;
}
