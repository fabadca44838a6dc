// SPDX-License-Identifier: BSD-3-Clause
/*
 * The message extra.yaml adds, through the code rmgen_generate() made: its
 * request and response encoded to their exact bytes, the response decoded
 * and its counted array read, its closed enum and count limit enforced, and
 * its entry in the message table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gunyah_rm/protocol.h>
#include <gunyah_rm/stubs.h>
#include <gunyah_rm/table.h>

static int failures;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			failures++;                                            \
		}                                                              \
	} while (0)

int main(void)
{
	static const unsigned char want_req[4] = { 0x81, 0x00, 0x00, 0x00 };
	static const unsigned char want_resp[12] = { 0x01, 0x00, 0x02, 0x00,
						     0xe8, 0x03, 0x00, 0x00,
						     0x20, 0x00, 0x00, 0x00 };
	static const uint32_t timeouts[2] = { 1000, 32 };
	struct gunyah_rm_example_get_watchdog_req req = { .vmid = 0x81 };
	struct gunyah_rm_example_get_watchdog_resp resp = {
		.state = GUNYAH_RM_EXAMPLE_WATCHDOG_STATE_ARMED,
		.n_timeouts = 2,
		.timeouts = { .items = timeouts, .n = 2 },
	};
	const struct gunyah_rm_msg_desc *d;
	struct gunyah_rm_verr err;
	unsigned char buf[64];
	uint32_t t0 = 0, t1 = 0;

	CHECK(gunyah_rm_example_get_watchdog_req_encode(&req, buf,
							sizeof(buf)) == 4);
	CHECK(!memcmp(buf, want_req, sizeof(want_req)));

	CHECK(gunyah_rm_example_get_watchdog_resp_encode(&resp, buf,
							 sizeof(buf)) == 12);
	CHECK(!memcmp(buf, want_resp, sizeof(want_resp)));
	memset(&resp, 0, sizeof(resp));
	CHECK(gunyah_rm_example_get_watchdog_resp_decode(want_resp, 12, &resp,
							 &err) == 0);
	CHECK(resp.state == GUNYAH_RM_EXAMPLE_WATCHDOG_STATE_ARMED);
	CHECK(resp.n_timeouts == 2 && resp.timeouts.n == 2);
	CHECK(gunyah_rm_le32_array_get(&resp.timeouts, 0, &t0) == 0);
	CHECK(gunyah_rm_le32_array_get(&resp.timeouts, 1, &t1) == 0);
	CHECK(t0 == 1000 && t1 == 32);
	CHECK(!strcmp(gunyah_rm_example_watchdog_state_str(resp.state),
		      "armed"));

	/* A state the closed enum does not list; more timeouts than max. */
	memcpy(buf, want_resp, sizeof(want_resp));
	buf[0] = 3;
	CHECK(gunyah_rm_example_get_watchdog_resp_validate(buf, 12, &err) ==
	      -EBADMSG);
	CHECK(err.reason == GUNYAH_RM_VERR_ENUM_VALUE);
	buf[0] = 1;
	buf[2] = 9;
	CHECK(gunyah_rm_example_get_watchdog_resp_validate(buf, 12, &err) ==
	      -EBADMSG);
	CHECK(err.reason == GUNYAH_RM_VERR_COUNT_RANGE);

	d = gunyah_rm_find_message(GUNYAH_RM_RPC_EXAMPLE_GET_WATCHDOG);
	CHECK(d && !strcmp(d->name, "example_get_watchdog"));
	CHECK(GUNYAH_RM_RPC_EXAMPLE_GET_WATCHDOG == 0x5600FF01);

	if (failures)
		return 1;
	puts("consumer: the added message works");
	return 0;
}
