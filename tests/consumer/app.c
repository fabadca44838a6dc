// SPDX-License-Identifier: BSD-3-Clause
/*
 * A program using the installed library as a user would: a VM_STOP request
 * encoded to its exact bytes, validated and decoded back, a truncation
 * rejected, the message table, the RM error mapping, the runtime's client
 * and the version. Built by the find_package, pkg-config and subproject
 * consumers (tests/consumer/), which pass the version they were given as
 * EXPECT_VERSION.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gunyah_rm/client.h>
#include <gunyah_rm/protocol.h>
#include <gunyah_rm/stubs.h>
#include <gunyah_rm/table.h>
#include <gunyah_rm/version.h>

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
	static const unsigned char want[8] = { 0x81, 0x00, 0x01, 0x00,
					       0x03, 0x00, 0x00, 0x00 };
	struct gunyah_rm_vm_stop_req req = {
		.vmid = 0x81,
		.flags = GUNYAH_RM_VM_STOP_FLAG_FORCE_STOP,
		.stop_reason = GUNYAH_RM_VM_STOP_REASON_FORCE_STOP,
	};
	struct gunyah_rm_vm_stop_req back;
	const struct gunyah_rm_msg_desc *d;
	struct gunyah_rm_verr err;
	struct gunyah_rm *rm = NULL;
	unsigned char buf[16];

	CHECK(!strcmp(GUNYAH_RM_VERSION, EXPECT_VERSION));

	CHECK(gunyah_rm_vm_stop_req_encode(&req, buf, sizeof(buf)) == 8);
	CHECK(!memcmp(buf, want, sizeof(want)));
	CHECK(gunyah_rm_vm_stop_req_validate(buf, 8, &err) == 0);
	memset(&back, 0xff, sizeof(back));
	CHECK(gunyah_rm_vm_stop_req_decode(buf, 8, &back, &err) == 0);
	CHECK(back.vmid == 0x81 && back.flags == 1 && back.stop_reason == 3);
	CHECK(gunyah_rm_vm_stop_req_validate(buf, 7, &err) == -EBADMSG);
	CHECK(err.reason == GUNYAH_RM_VERR_TRUNCATED);

	d = gunyah_rm_find_message(GUNYAH_RM_RPC_VM_STOP);
	CHECK(d && !strcmp(d->name, "vm_stop"));
	CHECK(gunyah_rm_error_remap(GUNYAH_RM_ERROR_DENIED) == -EPERM);
	CHECK(gunyah_rm_create(NULL, NULL, &rm) == -EINVAL && !rm);

	if (failures)
		return 1;
	printf("consumer: library %s works\n", GUNYAH_RM_VERSION);
	return 0;
}
