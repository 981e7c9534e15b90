/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stateless shape checks of guest->host VMBus traffic (kernel/vmbus/msg.c),
 * built into vpart_vmbus.ko and natively into its fuzz target.
 */
#ifndef _VPART_VMBUS_MSG_H
#define _VPART_VMBUS_MSG_H

#ifndef __KERNEL__
#include "vpart/ucompat.h"
#endif
#include "vpart/vmbus_proto.h"

/* A channel message fills one SynIC message payload at most. */
#define VP_CHMSG_MAX	240

struct vp_chmsg_info {
	u32 type;		/* enum vp_chmsg_type */
	u32 pfns;		/* GPADL header/body: PFNs in this message */
	u32 total_pfns;		/* GPADL header: PFNs of the whole GPADL */
};

int vp_chmsg_check(const void *data, u32 len, struct vp_chmsg_info *info);
bool vp_vmbus_version_ok(u32 version);
int vp_ic_check_reply(const void *pkt, u32 len, u16 msgtype, u32 min_len);
int vp_ic_negotiated(const void *pkt, u32 len, struct vp_ic_version *frame,
		     struct vp_ic_version *msg);

#endif /* _VPART_VMBUS_MSG_H */
