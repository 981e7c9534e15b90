// SPDX-License-Identifier: GPL-2.0
/*
 * Shape checks of what a guest sends the VMBus host: channel-management
 * messages (HvPostMessage payloads) and integration-service replies. Only
 * the bytes are judged here, no state, so the same source runs in the
 * kernel and natively under the fuzzer (tests/vmbus). The server checks
 * the rest (relids, handles, limits) against its state.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include "vpart/compat.h"
#else
#include "vpart/ucompat.h"
#endif
#include "vpart/vmbus_msg.h"

/* Smallest guest->host message of each type; 0: the guest may not send it. */
static const u8 vp_chmsg_min[VP_CHMSG_COUNT] = {
	[VP_CHMSG_REQUESTOFFERS] = sizeof(struct vp_chmsg_hdr),
	[VP_CHMSG_OPENCHANNEL] = sizeof(struct vp_chmsg_open),
	[VP_CHMSG_CLOSECHANNEL] = sizeof(struct vp_chmsg_relid),
	[VP_CHMSG_GPADL_HEADER] = sizeof(struct vp_chmsg_gpadl_header) + 8,
	[VP_CHMSG_GPADL_BODY] = sizeof(struct vp_chmsg_gpadl_body) + 8,
	[VP_CHMSG_GPADL_TEARDOWN] = sizeof(struct vp_chmsg_gpadl_teardown),
	[VP_CHMSG_RELID_RELEASED] = sizeof(struct vp_chmsg_relid),
	[VP_CHMSG_INITIATE_CONTACT] = sizeof(struct vp_chmsg_initiate_contact),
	[VP_CHMSG_UNLOAD] = sizeof(struct vp_chmsg_hdr),
	[VP_CHMSG_MODIFYCHANNEL] = sizeof(struct vp_chmsg_modify),
};

static int vp_gpadl_header_check(const struct vp_chmsg_gpadl_header *h, u32 len,
				 struct vp_chmsg_info *info)
{
	u32 in_msg = (len - sizeof(*h)) / 8;
	u32 total;

	/* Linux describes every buffer as one range of whole pages. */
	if (h->rangecount != 1 || h->range_buflen < 16 || h->range_buflen % 8)
		return -EINVAL;
	total = (h->range_buflen - 8) / 8;
	if ((len - sizeof(*h)) % 8 || in_msg > VP_GPADL_HEADER_PFNS || in_msg > total)
		return -EINVAL;
	/* A header that is not full leaves nothing for body messages. */
	if (in_msg < VP_GPADL_HEADER_PFNS && in_msg != total)
		return -EINVAL;
	if (!h->byte_count || h->byte_offset >= 4096 ||
	    (u64)h->byte_offset + h->byte_count > (u64)total * 4096)
		return -EINVAL;
	info->pfns = in_msg;
	info->total_pfns = total;
	return 0;
}

/**
 * vp_chmsg_check() - is this a well-formed guest->host channel message?
 * @data: the HvPostMessage payload
 * @len: its size (the guest's payload_size, at most 240)
 * @info: receives the type and, for GPADL messages, the PFN counts
 *
 * Return: 0, or -EINVAL for a short, oversized or malformed message or a
 * type the guest may not send.
 */
int vp_chmsg_check(const void *data, u32 len, struct vp_chmsg_info *info)
{
	const struct vp_chmsg_hdr *hdr = data;
	u32 type;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(*hdr) || len > VP_CHMSG_MAX)
		return -EINVAL;
	type = hdr->msgtype;
	if (type >= VP_CHMSG_COUNT || !vp_chmsg_min[type] || len < vp_chmsg_min[type])
		return -EINVAL;
	info->type = type;
	switch (type) {
	case VP_CHMSG_GPADL_HEADER:
		return vp_gpadl_header_check(data, len, info);
	case VP_CHMSG_GPADL_BODY:
		if ((len - sizeof(struct vp_chmsg_gpadl_body)) % 8)
			return -EINVAL;
		info->pfns = (len - sizeof(struct vp_chmsg_gpadl_body)) / 8;
		if (info->pfns > VP_GPADL_BODY_PFNS)
			return -EINVAL;
		return 0;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_chmsg_check);

/* Versions a Linux 6.1 guest may ask for, newest first. */
static const u32 vp_vmbus_versions[] = {
	VP_VMBUS_VERSION_WIN10_V5_3, VP_VMBUS_VERSION_WIN10_V5_2,
	VP_VMBUS_VERSION_WIN10_V5_1, VP_VMBUS_VERSION_WIN10_V5,
	VP_VMBUS_VERSION_WIN10_V4_1, VP_VMBUS_VERSION_WIN10,
	VP_VMBUS_VERSION_WIN8_1, VP_VMBUS_VERSION_WIN8,
};

/* Return: true when the host speaks protocol @version. */
bool vp_vmbus_version_ok(u32 version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vp_vmbus_versions); i++)
		if (vp_vmbus_versions[i] == version)
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_version_ok);

/**
 * vp_ic_check_reply() - is this the guest's answer to an IC request?
 * @pkt: in-band payload (after the VMBus descriptor)
 * @len: its size
 * @msgtype: the request's icmsgtype
 * @min_len: the smallest payload that carries that type's body
 *
 * Return: 0, or -EINVAL when short, not a response or of another type.
 */
int vp_ic_check_reply(const void *pkt, u32 len, u16 msgtype, u32 min_len)
{
	const struct vp_ic_hdr *h = pkt;
	u8 need = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE;

	if (len < sizeof(*h) || len < min_len)
		return -EINVAL;
	if ((h->flags & need) != need || h->msgtype != msgtype)
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_ic_check_reply);

/**
 * vp_ic_negotiated() - the versions a guest picked from a NEGOTIATE request
 * @pkt: the guest's reply (payload)
 * @len: its size
 * @frame: receives the framework version
 * @msg: receives the service version
 *
 * The guest answers one framework and one service version at fixed places,
 * or counts of 0 when nothing matched.
 *
 * Return: 0, -EINVAL for a malformed reply, -ENOENT when nothing matched.
 */
int vp_ic_negotiated(const void *pkt, u32 len, struct vp_ic_version *frame,
		     struct vp_ic_version *msg)
{
	const struct vp_ic_negotiate *n = pkt;

	if (vp_ic_check_reply(pkt, len, VP_IC_MSG_NEGOTIATE,
			      offsetof(struct vp_ic_negotiate, v[2])))
		return -EINVAL;
	if (n->frame_count != 1 || n->msg_count != 1)
		return -ENOENT;
	*frame = n->v[0];
	*msg = n->v[1];
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_ic_negotiated);
