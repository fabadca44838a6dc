// SPDX-License-Identifier: BSD-3-Clause
/*
 * Hand-written baseline codecs in the style of the Linux Gunyah RM driver
 * (v16 09/34 rsc_mgr.h / rsc_mgr_rpc.c): packed structs overlaid on the
 * message buffer and explicit byte-order conversion. For the benchmark only.
 */
#include <errno.h>
#include <string.h>

#include "baseline.h"

/* Portable stand-ins for the kernel's types and byte-order helpers. */
#define __packed __attribute__((__packed__))

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define cpu_to_le16(x) ((__le16)(u16)(x))
#define cpu_to_le32(x) ((__le32)(u32)(x))
#define cpu_to_le64(x) ((__le64)(u64)(x))
#define le16_to_cpu(x) ((u16)(__le16)(x))
#define le32_to_cpu(x) ((u32)(__le32)(x))
#define le64_to_cpu(x) ((u64)(__le64)(x))
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define cpu_to_le16(x) ((__le16)__builtin_bswap16((u16)(x)))
#define cpu_to_le32(x) ((__le32)__builtin_bswap32((u32)(x)))
#define cpu_to_le64(x) ((__le64)__builtin_bswap64((u64)(x)))
#define le16_to_cpu(x) ((u16)__builtin_bswap16((__le16)(x)))
#define le32_to_cpu(x) ((u32)__builtin_bswap32((__le32)(x)))
#define le64_to_cpu(x) ((u64)__builtin_bswap64((__le64)(x)))
#else
#error "unknown byte order"
#endif

/* The kernel's struct_size(): header plus @n trailing elements, saturating. */
static inline size_t bl_struct_size(size_t hdr, size_t elem, size_t n)
{
	if (n && elem > (SIZE_MAX - hdr) / n)
		return SIZE_MAX;
	return hdr + elem * n;
}

#define struct_size(p, member, n) \
	bl_struct_size(sizeof(*(p)), sizeof(*(p)->member), (n))

struct gunyah_rm_vm_common_vmid_req {
	__le16 vmid;
	__le16 _padding;
} __packed;

struct gunyah_rm_vm_alloc_vmid_resp {
	__le16 vmid;
	__le16 _padding;
} __packed;

struct gunyah_rm_vm_stop_req {
	__le16 vmid;
	u8 flags;
	u8 _padding;
	__le32 stop_reason;
} __packed;

struct gunyah_rm_vm_config_image_req {
	__le16 vmid;
	__le16 auth_mech;
	__le32 mem_handle;
	__le64 image_offset;
	__le64 image_size;
	__le64 dtb_offset;
	__le64 dtb_size;
} __packed;

struct gunyah_rm_hyp_resource {
	u8 type;
	u8 reserved;
	__le16 partner_vmid;
	__le32 resource_handle;
	__le32 resource_label;
	__le64 cap_id;
	__le32 virq_handle;
	__le32 virq;
	__le64 base;
	__le64 size;
} __packed;

struct gunyah_rm_hyp_resources {
	__le32 n_entries;
	struct gunyah_rm_hyp_resource entries[];
} __packed;

struct gunyah_rm_vm_exited_payload {
	__le16 vmid;
	__le16 exit_type;
	__le32 exit_reason_size;
	u8 exit_reason[];
} __packed;

struct gunyah_rm_vm_status_payload {
	__le16 vmid;
	u16 reserved;
	u8 vm_status;
	u8 os_status;
	__le16 app_status;
} __packed;

/* Highest gunyah_rm_os_status value (GUNYAH_RM_OS_STATUS_CRASHED). */
#define BL_OS_STATUS_MAX 7

_Static_assert(sizeof(struct gunyah_rm_hyp_resource) == BL_HYP_RESOURCE_SIZE,
	       "hyp_resource size");
_Static_assert(sizeof(struct gunyah_rm_hyp_resources) ==
		       BL_HYP_RESOURCES_HDR_SIZE,
	       "hyp_resources size");

/* ---- VMID-only requests ---------------------------------------------- */

int bl_common_vmid_req_encode(uint16_t vmid, void *buf, size_t cap)
{
	struct gunyah_rm_vm_common_vmid_req *req = buf;

	if (cap < sizeof(*req))
		return -ENOSPC;
	req->vmid = cpu_to_le16(vmid);
	req->_padding = 0;
	return sizeof(*req);
}

int bl_common_vmid_req_validate(const void *buf, size_t len)
{
	(void)buf;
	if (len != sizeof(struct gunyah_rm_vm_common_vmid_req))
		return -EBADMSG;
	return 0;
}

int bl_common_vmid_req_decode(const void *buf, size_t len, uint16_t *vmid)
{
	const struct gunyah_rm_vm_common_vmid_req *req = buf;

	if (len != sizeof(*req))
		return -EBADMSG;
	*vmid = le16_to_cpu(req->vmid);
	return 0;
}

int bl_vm_init_req_validate(const void *buf, size_t len)
{
	const struct gunyah_rm_vm_common_vmid_req *req = buf;

	if (len != sizeof(*req) || req->_padding)
		return -EBADMSG;
	return 0;
}

int bl_vm_init_req_decode(const void *buf, size_t len, uint16_t *vmid)
{
	const struct gunyah_rm_vm_common_vmid_req *req = buf;

	if (len != sizeof(*req) || req->_padding)
		return -EBADMSG;
	*vmid = le16_to_cpu(req->vmid);
	return 0;
}

/* ---- VM_ALLOC_VMID reply ---------------------------------------------- */

int bl_alloc_vmid_resp_encode(const struct bl_alloc_vmid_resp *r, void *buf,
			      size_t cap)
{
	struct gunyah_rm_vm_alloc_vmid_resp *resp = buf;

	if (!r->has_vmid)
		return 0;
	if (cap < sizeof(*resp))
		return -ENOSPC;
	resp->vmid = cpu_to_le16(r->vmid);
	resp->_padding = 0;
	return sizeof(*resp);
}

int bl_alloc_vmid_resp_validate(const void *buf, size_t len)
{
	(void)buf;
	if (len && len != sizeof(struct gunyah_rm_vm_alloc_vmid_resp))
		return -EBADMSG;
	return 0;
}

int bl_alloc_vmid_resp_decode(const void *buf, size_t len,
			      struct bl_alloc_vmid_resp *out)
{
	const struct gunyah_rm_vm_alloc_vmid_resp *resp = buf;

	if (!len) {
		out->has_vmid = false;
		out->vmid = 0;
		return 0;
	}
	if (len != sizeof(*resp))
		return -EBADMSG;
	out->has_vmid = true;
	out->vmid = le16_to_cpu(resp->vmid);
	return 0;
}

/* ---- VM_STOP ------------------------------------------------------------ */

int bl_vm_stop_req_encode(const struct bl_vm_stop_req *r, void *buf, size_t cap)
{
	struct gunyah_rm_vm_stop_req *req = buf;

	if (cap < sizeof(*req))
		return -ENOSPC;
	req->vmid = cpu_to_le16(r->vmid);
	req->flags = r->flags;
	req->_padding = 0;
	req->stop_reason = cpu_to_le32(r->stop_reason);
	return sizeof(*req);
}

int bl_vm_stop_req_validate(const void *buf, size_t len)
{
	(void)buf;
	if (len != sizeof(struct gunyah_rm_vm_stop_req))
		return -EBADMSG;
	return 0;
}

int bl_vm_stop_req_decode(const void *buf, size_t len,
			  struct bl_vm_stop_req *out)
{
	const struct gunyah_rm_vm_stop_req *req = buf;

	if (len != sizeof(*req))
		return -EBADMSG;
	out->vmid = le16_to_cpu(req->vmid);
	out->flags = req->flags;
	out->stop_reason = le32_to_cpu(req->stop_reason);
	return 0;
}

/* ---- VM_CONFIG_IMAGE ----------------------------------------------------- */

int bl_vm_config_image_req_encode(const struct bl_vm_config_image_req *r,
				  void *buf, size_t cap)
{
	struct gunyah_rm_vm_config_image_req *req = buf;

	if (cap < sizeof(*req))
		return -ENOSPC;
	req->vmid = cpu_to_le16(r->vmid);
	req->auth_mech = cpu_to_le16(r->auth_mech);
	req->mem_handle = cpu_to_le32(r->mem_handle);
	req->image_offset = cpu_to_le64(r->image_offset);
	req->image_size = cpu_to_le64(r->image_size);
	req->dtb_offset = cpu_to_le64(r->dtb_offset);
	req->dtb_size = cpu_to_le64(r->dtb_size);
	return sizeof(*req);
}

int bl_vm_config_image_req_validate(const void *buf, size_t len)
{
	(void)buf;
	if (len != sizeof(struct gunyah_rm_vm_config_image_req))
		return -EBADMSG;
	return 0;
}

int bl_vm_config_image_req_decode(const void *buf, size_t len,
				  struct bl_vm_config_image_req *out)
{
	const struct gunyah_rm_vm_config_image_req *req = buf;

	if (len != sizeof(*req))
		return -EBADMSG;
	out->vmid = le16_to_cpu(req->vmid);
	out->auth_mech = le16_to_cpu(req->auth_mech);
	out->mem_handle = le32_to_cpu(req->mem_handle);
	out->image_offset = le64_to_cpu(req->image_offset);
	out->image_size = le64_to_cpu(req->image_size);
	out->dtb_offset = le64_to_cpu(req->dtb_offset);
	out->dtb_size = le64_to_cpu(req->dtb_size);
	return 0;
}

/* ---- VM_GET_HYP_RESOURCES reply ------------------------------------------ */

int bl_hyp_resources_resp_encode(const struct bl_hyp_resource *res, size_t n,
				 void *buf, size_t cap)
{
	struct gunyah_rm_hyp_resources *resp = buf;
	size_t size = struct_size(resp, entries, n);
	size_t i;

	if (size > cap || size > 0x7fffffff)
		return -ENOSPC;
	resp->n_entries = cpu_to_le32((u32)n);
	for (i = 0; i < n; i++) {
		struct gunyah_rm_hyp_resource *e = &resp->entries[i];

		e->type = res[i].type;
		e->reserved = res[i].reserved;
		e->partner_vmid = cpu_to_le16(res[i].partner_vmid);
		e->resource_handle = cpu_to_le32(res[i].resource_handle);
		e->resource_label = cpu_to_le32(res[i].resource_label);
		e->cap_id = cpu_to_le64(res[i].cap_id);
		e->virq_handle = cpu_to_le32(res[i].virq_handle);
		e->virq = cpu_to_le32(res[i].virq);
		e->base = cpu_to_le64(res[i].base);
		e->size = cpu_to_le64(res[i].size);
	}
	return (int)size;
}

/* The seed's check in gunyah_rm_get_hyp_resources(). */
int bl_hyp_resources_resp_validate(const void *buf, size_t len)
{
	const struct gunyah_rm_hyp_resources *resp = buf;

	if (len < struct_size(resp, entries, 0) ||
	    len != struct_size(resp, entries, le32_to_cpu(resp->n_entries)))
		return -EBADMSG;
	return 0;
}

int bl_hyp_resources_resp_decode(const void *buf, size_t len,
				 struct bl_hyp_resource *out, size_t max,
				 size_t *n)
{
	const struct gunyah_rm_hyp_resources *resp = buf;
	size_t i, cnt;

	if (len < struct_size(resp, entries, 0) ||
	    len != struct_size(resp, entries, le32_to_cpu(resp->n_entries)))
		return -EBADMSG;
	cnt = le32_to_cpu(resp->n_entries);
	if (cnt > max)
		return -ENOSPC;
	for (i = 0; i < cnt; i++) {
		const struct gunyah_rm_hyp_resource *e = &resp->entries[i];

		out[i].type = e->type;
		out[i].reserved = e->reserved;
		out[i].partner_vmid = le16_to_cpu(e->partner_vmid);
		out[i].resource_handle = le32_to_cpu(e->resource_handle);
		out[i].resource_label = le32_to_cpu(e->resource_label);
		out[i].cap_id = le64_to_cpu(e->cap_id);
		out[i].virq_handle = le32_to_cpu(e->virq_handle);
		out[i].virq = le32_to_cpu(e->virq);
		out[i].base = le64_to_cpu(e->base);
		out[i].size = le64_to_cpu(e->size);
	}
	*n = cnt;
	return 0;
}

/* ---- VM_EXITED notification ---------------------------------------------- */

int bl_vm_exited_encode(const struct bl_vm_exited *r, void *buf, size_t cap)
{
	struct gunyah_rm_vm_exited_payload *p = buf;
	size_t size = struct_size(p, exit_reason, r->exit_reason_size);

	if (size > cap || size > 0x7fffffff)
		return -ENOSPC;
	p->vmid = cpu_to_le16(r->vmid);
	p->exit_type = cpu_to_le16(r->exit_type);
	p->exit_reason_size = cpu_to_le32(r->exit_reason_size);
	memcpy(p->exit_reason, r->exit_reason, r->exit_reason_size);
	return (int)size;
}

int bl_vm_exited_validate(const void *buf, size_t len)
{
	const struct gunyah_rm_vm_exited_payload *p = buf;

	if (len < sizeof(*p) ||
	    len != struct_size(p, exit_reason,
			       le32_to_cpu(p->exit_reason_size)))
		return -EBADMSG;
	return 0;
}

int bl_vm_exited_decode(const void *buf, size_t len, struct bl_vm_exited *out)
{
	const struct gunyah_rm_vm_exited_payload *p = buf;

	if (len < sizeof(*p) ||
	    len != struct_size(p, exit_reason,
			       le32_to_cpu(p->exit_reason_size)))
		return -EBADMSG;
	out->vmid = le16_to_cpu(p->vmid);
	out->exit_type = le16_to_cpu(p->exit_type);
	out->exit_reason_size = le32_to_cpu(p->exit_reason_size);
	out->exit_reason = p->exit_reason;
	return 0;
}

/* ---- VM_STATUS notification ---------------------------------------------- */

int bl_vm_status_encode(const struct bl_vm_status *r, void *buf, size_t cap)
{
	struct gunyah_rm_vm_status_payload *p = buf;

	if (cap < sizeof(*p))
		return -ENOSPC;
	p->vmid = cpu_to_le16(r->vmid);
	p->reserved = 0;
	p->vm_status = r->vm_status;
	p->os_status = r->os_status;
	p->app_status = cpu_to_le16(r->app_status);
	return sizeof(*p);
}

int bl_vm_status_validate(const void *buf, size_t len)
{
	const struct gunyah_rm_vm_status_payload *p = buf;

	if (len != sizeof(*p) || p->os_status > BL_OS_STATUS_MAX)
		return -EBADMSG;
	return 0;
}

int bl_vm_status_decode(const void *buf, size_t len, struct bl_vm_status *out)
{
	const struct gunyah_rm_vm_status_payload *p = buf;

	if (len != sizeof(*p) || p->os_status > BL_OS_STATUS_MAX)
		return -EBADMSG;
	out->vmid = le16_to_cpu(p->vmid);
	out->vm_status = p->vm_status;
	out->os_status = p->os_status;
	out->app_status = le16_to_cpu(p->app_status);
	return 0;
}
