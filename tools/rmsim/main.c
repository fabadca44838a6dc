// SPDX-License-Identifier: BSD-3-Clause
/*
 * rmsim - a Gunyah Resource Manager simulator on a UNIX seqpacket socket.
 *
 *   rmsim [-v] [--capture FILE] SOCKET_PATH
 *
 * Serves clients one after the other (a client that connects while another
 * is served waits in the listen backlog); VMs and memory parcels persist
 * across connections. SIGINT or SIGTERM: finish the packet in hand, remove
 * the socket and exit 0; a second signal removes the socket and exits at
 * once.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gunyah_rm/version.h"
#include "rmcap.h"
#include "server.h"

#define EXIT_USAGE 2

static volatile sig_atomic_t stop_requested;
static const char *socket_path;

static void on_signal(int sig)
{
	(void)sig;
	if (stop_requested) {
		/* Stuck (a client that does not read): leave now. */
		unlink(socket_path);
		_exit(EXIT_SUCCESS);
	}
	stop_requested = 1;
}

static void usage(FILE *f)
{
	fputs("usage: rmsim [--help] [--version] [-v] [--capture FILE] SOCKET_PATH\n"
	      "\n"
	      "Simulate the Gunyah Resource Manager: serve the RM RPC protocol on\n"
	      "a UNIX SOCK_SEQPACKET socket at SOCKET_PATH, one client at a time.\n"
	      "\n"
	      "  -v, --verbose  log every request, reply, notification and dropped\n"
	      "                 packet to stderr\n"
	      "  -c, --capture FILE\n"
	      "                 record every msgq message of every connection, both\n"
	      "                 ways, to FILE (pcap, link type 147; see\n"
	      "                 docs/capture.md), each flushed as it is recorded\n"
	      "  -h, --help     show this help and exit\n"
	      "      --version  show rmsim's version and exit\n"
	      "\n"
	      "SIGINT/SIGTERM stop it: the socket file is removed, exit status 0.\n"
	      "Exit status: 0 stopped by a signal, 1 the socket or the capture\n"
	      "could not be set up, accepting failed or writing the capture failed,\n"
	      "2 usage error.\n",
	      f);
}

static int install_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: blocking calls return EINTR and the loop checks. */
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -errno;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL))
		return -errno;
	/* A parent may have blocked them (the mask survives exec). */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_UNBLOCK, &set, NULL))
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "capture", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *capture = NULL;
	struct rmcap_tap tap;
	FILE *cap = NULL;
	struct gunyah_rm_unix_listener *l;
	struct gunyah_rm_transport t;
	struct rmsim *s;
	int verbose = 0, status = EXIT_SUCCESS;
	int c, ret;

	while ((c = getopt_long(argc, argv, "hvc:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			puts("rmsim " GUNYAH_RM_VERSION);
			return EXIT_SUCCESS;
		case 'c':
			capture = optarg;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "rmsim: %s\n",
			optind < argc ? "too many arguments" :
					"missing SOCKET_PATH");
		usage(stderr);
		return EXIT_USAGE;
	}
	socket_path = argv[optind];

	s = malloc(sizeof(*s));
	if (!s) {
		fprintf(stderr, "rmsim: %s\n", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	rmsim_init(s, verbose);

	if (capture) {
		cap = fopen(capture, "wb");
		ret = cap ? rmcap_tap_init(&tap, cap, NULL, NULL) : -errno;
		if (ret) {
			fprintf(stderr,
				"rmsim: cannot write the capture %s: %s\n",
				capture, strerror(-ret));
			if (cap)
				fclose(cap);
			free(s);
			return EXIT_FAILURE;
		}
	}

	ret = install_signals();
	if (!ret)
		ret = gunyah_rm_unix_listen(socket_path, &l);
	if (ret) {
		fprintf(stderr, "rmsim: cannot listen on %s: %s%s\n",
			socket_path, strerror(-ret),
			ret == -EADDRINUSE ?
				" (if no rmsim serves it, remove the file)" :
				"");
		if (cap) {
			fclose(cap);
			rmcap_tap_destroy(&tap);
		}
		free(s);
		return EXIT_FAILURE;
	}
	if (verbose)
		fprintf(stderr, "rmsim: listening on %s\n", socket_path);

	while (!stop_requested) {
		ret = gunyah_rm_unix_accept(l, RMSIM_POLL_MS, &t);
		if (ret == -ETIMEDOUT || ret == -EINTR)
			continue;
		if (ret) {
			fprintf(stderr, "rmsim: accept: %s\n", strerror(-ret));
			status = EXIT_FAILURE;
			break;
		}
		if (verbose)
			fprintf(stderr, "rmsim: client connected\n");
		/* Recording is this endpoint's sends and receives, as they are. */
		if (cap && !tap.error)
			ret = rmcap_wrap(&t, &tap, RMCAP_FROM_RM);
		if (ret) {
			fprintf(stderr, "rmsim: capture: %s\n", strerror(-ret));
			gunyah_rm_transport_close(&t);
			status = EXIT_FAILURE;
			break;
		}
		ret = rmsim_serve(s, &t, &stop_requested);
		gunyah_rm_transport_close(&t);
		if (ret)
			fprintf(stderr, "rmsim: connection lost: %s\n",
				strerror(-ret));
		else if (verbose)
			fprintf(stderr, "rmsim: client disconnected\n");
	}

	gunyah_rm_unix_listener_close(l);
	if (cap) {
		ret = rmcap_tap_error(&tap);
		if (fclose(cap) && !ret)
			ret = -errno;
		if (ret) {
			fprintf(stderr,
				"rmsim: writing the capture %s failed: %s\n",
				capture, strerror(-ret));
			status = EXIT_FAILURE;
		}
		rmcap_tap_destroy(&tap);
	}
	if (verbose)
		fprintf(stderr,
			"rmsim: exiting: %llu requests (%llu invalid, %llu unimplemented), %llu notifications, %llu dropped\n",
			(unsigned long long)s->stats.requests,
			(unsigned long long)s->stats.invalid,
			(unsigned long long)s->stats.unimplemented,
			(unsigned long long)s->stats.notifications,
			(unsigned long long)s->stats.dropped);
	free(s);
	return status;
}
