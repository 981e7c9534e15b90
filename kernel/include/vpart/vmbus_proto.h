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

/* A GPA-direct packet's ranges, after the 16-byte descriptor. */
struct vp_gpa_direct_hdr {
	u32 reserved;
	u32 range_count;
} __packed;

struct vp_gpa_range {
	u32 byte_count;
	u32 byte_offset;
	/* then ceil((byte_offset + byte_count) / 4096) u64 page frame numbers */
} __packed;

/* A transfer-page packet's header after the descriptor, then its ranges. */
struct vp_xfer_hdr {
	u16 pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	u32 range_count;
} __packed;
static_assert(sizeof(struct vp_xfer_hdr) == 8);

struct vp_xfer_range {
	u32 byte_count;
	u32 byte_offset;		/* into the guest's buffer */
} __packed;

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

/* ---- Channel management messages (SynIC message payloads, type 1) ---- */

enum vp_chmsg_type {
	VP_CHMSG_OFFERCHANNEL = 1,
	VP_CHMSG_RESCIND_CHANNELOFFER = 2,
	VP_CHMSG_REQUESTOFFERS = 3,
	VP_CHMSG_ALLOFFERS_DELIVERED = 4,
	VP_CHMSG_OPENCHANNEL = 5,
	VP_CHMSG_OPENCHANNEL_RESULT = 6,
	VP_CHMSG_CLOSECHANNEL = 7,
	VP_CHMSG_GPADL_HEADER = 8,
	VP_CHMSG_GPADL_BODY = 9,
	VP_CHMSG_GPADL_CREATED = 10,
	VP_CHMSG_GPADL_TEARDOWN = 11,
	VP_CHMSG_GPADL_TORNDOWN = 12,
	VP_CHMSG_RELID_RELEASED = 13,
	VP_CHMSG_INITIATE_CONTACT = 14,
	VP_CHMSG_VERSION_RESPONSE = 15,
	VP_CHMSG_UNLOAD = 16,
	VP_CHMSG_UNLOAD_RESPONSE = 17,
	VP_CHMSG_MODIFYCHANNEL = 22,
	VP_CHMSG_MODIFYCHANNEL_RESPONSE = 24,
	VP_CHMSG_COUNT = 25,
};

/* Protocol versions (major << 16 | minor) a Linux 6.1 guest asks for. */
#define VP_VMBUS_VERSION_WIN8		0x00020004
#define VP_VMBUS_VERSION_WIN8_1		0x00030000
#define VP_VMBUS_VERSION_WIN10		0x00040000
#define VP_VMBUS_VERSION_WIN10_V4_1	0x00040001
#define VP_VMBUS_VERSION_WIN10_V5	0x00050000
#define VP_VMBUS_VERSION_WIN10_V5_1	0x00050001
#define VP_VMBUS_VERSION_WIN10_V5_2	0x00050002
#define VP_VMBUS_VERSION_WIN10_V5_3	0x00050003

/* Message connection ids: < 5.0 everything on 1; >= 5.0 contact on 4. */
#define VP_VMBUS_CONN_MESSAGE		1
#define VP_VMBUS_CONN_MESSAGE_V5	4
#define VP_VMBUS_MESSAGE_SINT		2

struct vp_chmsg_hdr {
	u32 msgtype;
	u32 padding;
} __packed;

struct vp_chmsg_offer {
	struct vp_chmsg_hdr hdr;
	u8 if_type[16];
	u8 if_instance[16];
	u64 reserved1;
	u64 reserved2;
	u16 chn_flags;
	u16 mmio_megabytes;
	u8 user_def[120];
	u16 sub_channel_index;
	u16 reserved3;
	u32 child_relid;
	u8 monitorid;
	u8 monitor_allocated;
	u16 is_dedicated_interrupt;
	u32 connection_id;
} __packed;
static_assert(sizeof(struct vp_chmsg_offer) == 196);

struct vp_chmsg_relid {		/* RESCIND_CHANNELOFFER, CLOSECHANNEL, RELID_RELEASED */
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
} __packed;

struct vp_chmsg_open {
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
	u32 openid;
	u32 ringbuffer_gpadl;
	u32 target_vp;
	u32 downstream_page_offset;
	u8 userdata[120];
} __packed;
static_assert(sizeof(struct vp_chmsg_open) == 148);

struct vp_chmsg_open_result {
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
	u32 openid;
	u32 status;
} __packed;

/* GPADL ranges: one range of whole pages from Linux; PFNs follow. */
#define VP_GPADL_HEADER_PFNS		26
#define VP_GPADL_BODY_PFNS		28

struct vp_chmsg_gpadl_header {
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
	u16 range_buflen;
	u16 rangecount;
	u32 byte_count;
	u32 byte_offset;
	u64 pfn[];
} __packed;
static_assert(sizeof(struct vp_chmsg_gpadl_header) == 28);

struct vp_chmsg_gpadl_body {
	struct vp_chmsg_hdr hdr;
	u32 msgnumber;
	u32 gpadl;
	u64 pfn[];
} __packed;
static_assert(sizeof(struct vp_chmsg_gpadl_body) == 16);

struct vp_chmsg_gpadl_created {
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
	u32 status;
} __packed;

struct vp_chmsg_gpadl_teardown {
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
} __packed;

struct vp_chmsg_gpadl_torndown {
	struct vp_chmsg_hdr hdr;
	u32 gpadl;
} __packed;

struct vp_chmsg_initiate_contact {
	struct vp_chmsg_hdr hdr;
	u32 version;
	u32 target_vcpu;
	union {
		u64 interrupt_page;	/* < 5.0 */
		struct {
			u8 msg_sint;	/* >= 5.0 */
			u8 padding1[3];
			u32 padding2;
		};
	};
	u64 monitor_page1;
	u64 monitor_page2;
} __packed;
static_assert(sizeof(struct vp_chmsg_initiate_contact) == 40);

struct vp_chmsg_version_response {
	struct vp_chmsg_hdr hdr;
	u8 version_supported;
	u8 connection_state;
	u16 padding;
	u32 msg_conn_id;
} __packed;

struct vp_chmsg_modify {
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
	u32 target_vp;
} __packed;

struct vp_chmsg_modify_response {
	struct vp_chmsg_hdr hdr;
	u32 child_relid;
	u32 status;
} __packed;

/* ---- Integration services (ICs): in-band packets on their channels ---- */

#define VP_IC_PIPE_DATA			1
#define VP_IC_MSG_NEGOTIATE		0
#define VP_IC_MSG_HEARTBEAT		1
#define VP_IC_MSG_SHUTDOWN		3
#define VP_IC_MSG_TIMESYNC		4
#define VP_IC_FLAG_TRANSACTION		0x1
#define VP_IC_FLAG_REQUEST		0x2
#define VP_IC_FLAG_RESPONSE		0x4
#define VP_IC_S_OK			0x00000000u
#define VP_IC_E_FAIL			0x80004005u

struct vp_ic_hdr {
	u32 pipe_flags;
	u32 pipe_msgsize;		/* bytes after these two fields */
	u16 frame_major, frame_minor;
	u16 msgtype;
	u16 msg_major, msg_minor;
	u16 msgsize;			/* body bytes */
	u32 status;
	u8 transaction_id;
	u8 flags;
	u16 reserved;
} __packed;
static_assert(sizeof(struct vp_ic_hdr) == 28);

struct vp_ic_version {
	u16 major, minor;
} __packed;

#define VP_IC_MAX_VERSIONS		8
struct vp_ic_negotiate {
	struct vp_ic_hdr hdr;
	u16 frame_count;
	u16 msg_count;
	u32 reserved;
	struct vp_ic_version v[VP_IC_MAX_VERSIONS];
} __packed;

struct vp_ic_heartbeat {
	struct vp_ic_hdr hdr;
	u64 seq;
	u32 reserved[8];
} __packed;
static_assert(sizeof(struct vp_ic_heartbeat) == 68);

struct vp_ic_shutdown {
	struct vp_ic_hdr hdr;
	u32 reason;
	u32 timeout;
	u32 flags;
	u8 message[2048];
} __packed;
static_assert(sizeof(struct vp_ic_shutdown) == 2088);

/* Time sync 4.0: host UTC (100 ns since 1601) and the reference time it was read at. */
#define VP_IC_TIMESYNC_SYNC		0x1
#define VP_IC_TIMESYNC_SAMPLE		0x2
struct vp_ic_timesync {
	struct vp_ic_hdr hdr;
	u64 parent_time;
	u64 vm_reference_time;
	u8 flags;
	u8 leap_flags;
	u8 stratum;
	u8 reserved[5];
} __packed;
static_assert(sizeof(struct vp_ic_timesync) == 52);

#endif /* _VPART_VMBUS_PROTO_H */
