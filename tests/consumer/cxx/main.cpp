// SPDX-License-Identifier: BSD-3-Clause
// The C libraries from C++17: a VM_STOP request encoded, validated and
// decoded, the message table, the RM error mapping and the client.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <gunyah_rm/client.h>
#include <gunyah_rm/protocol.h>
#include <gunyah_rm/stubs.h>
#include <gunyah_rm/table.h>
#include <gunyah_rm/version.h>

static_assert(sizeof(gunyah_rm_vm_stop_req_wire) == 8, "wire layout");

static int failures;

static void check(bool ok, const char *what)
{
	if (!ok) {
		std::fprintf(stderr, "check failed: %s\n", what);
		failures++;
	}
}

int main()
{
	const unsigned char want[8] = { 0x81, 0, 1, 0, 3, 0, 0, 0 };
	gunyah_rm_vm_stop_req req{};
	req.vmid = 0x81;
	req.flags = GUNYAH_RM_VM_STOP_FLAG_FORCE_STOP;
	req.stop_reason = GUNYAH_RM_VM_STOP_REASON_FORCE_STOP;
	unsigned char buf[16];
	gunyah_rm_verr err{};
	gunyah_rm_vm_stop_req back{};
	gunyah_rm *rm = nullptr;

	check(gunyah_rm_vm_stop_req_encode(&req, buf, sizeof(buf)) == 8,
	      "encode");
	check(std::memcmp(buf, want, sizeof(want)) == 0, "bytes");
	check(gunyah_rm_vm_stop_req_decode(buf, 8, &back, &err) == 0, "decode");
	check(back.vmid == 0x81 && back.stop_reason == 3, "decoded values");
	check(gunyah_rm_vm_stop_req_validate(buf, 7, &err) == -EBADMSG &&
		      err.reason == GUNYAH_RM_VERR_TRUNCATED,
	      "truncation");
	const gunyah_rm_msg_desc *d =
		gunyah_rm_find_message(GUNYAH_RM_RPC_VM_STOP);
	check(d && std::strcmp(d->name, "vm_stop") == 0, "message table");
	check(gunyah_rm_error_remap(GUNYAH_RM_ERROR_DENIED) == -EPERM,
	      "error remap");
	check(gunyah_rm_create(nullptr, nullptr, &rm) == -EINVAL, "client");
	if (failures)
		return 1;
	std::printf("consumer: C++ works with library %s\n", GUNYAH_RM_VERSION);
	return 0;
}
