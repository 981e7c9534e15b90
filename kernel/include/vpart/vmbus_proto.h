/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus wire formats shared by the host modules, their KUnit suites and the
 * native fuzz/bench builds: structs, enums and constants only, no logic.
 * Layouts follow the guest's view (see vmbus-host-facts section 4); all
 * fields are little-endian, which is what x86 stores natively.
 */
#ifndef _VPART_VMBUS_PROTO_H
#define _VPART_VMBUS_PROTO_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include "vpart/ucompat.h"
#endif

/* Control page at the start of each ring; the data area follows it. */
struct vp_ring_ctrl {
	u32 write_index;	/* written by the ring's writer */
	u32 read_index;		/* written by the ring's reader */
	u32 interrupt_mask;	/* reader: 1 = draining, do not signal */
	u32 pending_send_sz;	/* blocked writer: signal when this much is free */
	u32 reserved1[12];
	u32 feature_bits;	/* bit 0: pending_send_sz is honoured */
	u8 reserved2[4028];
};
/* Naturally aligned, so not packed: the indices are accessed atomically. */
static_assert(sizeof(struct vp_ring_ctrl) == 4096);
static_assert(offsetof(struct vp_ring_ctrl, pending_send_sz) == 12);
static_assert(offsetof(struct vp_ring_ctrl, feature_bits) == 64);

#define VP_RING_FEAT_PENDING_SEND_SZ	0x1

/* Every packet starts with this descriptor; offsets and lengths in 8-byte units. */
struct vp_pktdesc {
	u16 type;
	u16 offset8;		/* payload offset from the descriptor start */
	u16 len8;		/* whole packet incl. descriptor and padding */
	u16 flags;
	u64 trans_id;
};
static_assert(sizeof(struct vp_pktdesc) == 16);
static_assert(offsetof(struct vp_pktdesc, trans_id) == 8);

#define VP_PKT_FLAG_COMPLETION_REQUESTED	0x1

/* Packet types (enum vmbus_packet_type). */
enum vp_pkt_type {
	VP_PKT_INVALID = 0,
	VP_PKT_SYNCH = 1,
	VP_PKT_ADD_XFER_PAGESET = 2,
	VP_PKT_RM_XFER_PAGESET = 3,
	VP_PKT_ESTABLISH_GPADL = 4,
	VP_PKT_TEARDOWN_GPADL = 5,
	VP_PKT_DATA_INBAND = 6,
	VP_PKT_DATA_USING_XFER_PAGES = 7,
	VP_PKT_DATA_USING_GPADL = 8,
	VP_PKT_DATA_USING_GPA_DIRECT = 9,
	VP_PKT_CANCEL_REQUEST = 10,
	VP_PKT_COMP = 11,
	VP_PKT_DATA_USING_ADDITIONAL_PKT = 12,
	VP_PKT_ADDITIONAL_DATA = 13,
};

/* After each packet: the writer's index at packet start, in the high half. */
#define VP_PKT_TRAILER_SIZE	8

#endif /* _VPART_VMBUS_PROTO_H */
