/* SPDX-License-Identifier: GPL-2.0 */
/*
 * StorVSP wire format (the vstor packet a guest's storvsc exchanges with the
 * host over a VMBus channel), shared by vpart_storvsp.ko, its KUnit suites
 * and the native tests and fuzzers: structs and constants only.
 * See vmbus-host-facts section 5. Little-endian, as x86 stores natively.
 */
#ifndef _VPART_STORVSP_PROTO_H
#define _VPART_STORVSP_PROTO_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include "vpart/ucompat.h"
#endif

/* Operations (enum vstor_packet_operation). */
enum vp_vstor_op {
	VP_VSTOR_COMPLETE_IO = 1,
	VP_VSTOR_REMOVE_DEVICE = 2,
	VP_VSTOR_EXECUTE_SRB = 3,
	VP_VSTOR_RESET_LUN = 4,
	VP_VSTOR_RESET_ADAPTER = 5,
	VP_VSTOR_RESET_BUS = 6,
	VP_VSTOR_BEGIN_INIT = 7,
	VP_VSTOR_END_INIT = 8,
	VP_VSTOR_QUERY_PROTOCOL_VERSION = 9,
	VP_VSTOR_QUERY_PROPERTIES = 10,
	VP_VSTOR_ENUMERATE_BUS = 11,
	VP_VSTOR_FCHBA_DATA = 12,
	VP_VSTOR_CREATE_SUB_CHANNELS = 13,
};

#define VP_VSTOR_FLAG_REQUEST_COMPLETION	0x1

/* Protocol versions ((major << 8) | minor) Linux 6.1 offers, newest first. */
#define VP_VSTOR_PROTO_WIN8		0x0501
#define VP_VSTOR_PROTO_WIN8_1		0x0600
#define VP_VSTOR_PROTO_WIN10		0x0602

/* NTSTATUS values the host answers with. */
#define VP_NT_SUCCESS			0x00000000
#define VP_NT_REVISION_MISMATCH		0xc0000059
#define VP_NT_INVALID_DEVICE_STATE	0xc0000184
#define VP_NT_INVALID_PARAMETER		0xc000000d

/* SRB status: low 6 bits a code, plus flags. */
#define VP_SRB_SUCCESS			0x01
#define VP_SRB_ABORTED			0x02
#define VP_SRB_ERROR			0x04
#define VP_SRB_INVALID_REQUEST		0x06
#define VP_SRB_DATA_OVERRUN		0x12
#define VP_SRB_INVALID_LUN		0x20
#define VP_SRB_AUTOSENSE_VALID		0x80

/* data_in of a request. */
#define VP_SRB_WRITE			0
#define VP_SRB_READ			1
#define VP_SRB_NO_DATA			2

#define VP_SRB_FLAGS_DATA_IN		0x40
#define VP_SRB_FLAGS_DATA_OUT		0x80

/* The request's CDB and the reply's sense share one area of this size. */
#define VP_VSTOR_SENSE_SIZE		20
#define VP_VSTOR_CDB_SIZE		16

/* The SCSI request (struct vmscsi_request, "win8" size). */
struct vp_vstor_srb {
	u16 length;
	u8 srb_status;
	u8 scsi_status;
	u8 port;
	u8 path_id;
	u8 target_id;
	u8 lun;
	u8 cdb_length;
	u8 sense_info_length;
	u8 data_in;
	u8 reserved;
	u32 data_transfer_length;
	union {
		u8 cdb[VP_VSTOR_CDB_SIZE];
		u8 sense_data[VP_VSTOR_SENSE_SIZE];
	};
	u16 reserve;
	u8 queue_tag;
	u8 queue_action;
	u32 srb_flags;
	u32 time_out_value;
	u32 queue_sort_key;
} __packed;
static_assert(sizeof(struct vp_vstor_srb) == 52);

/* Reply to QUERY_PROPERTIES. */
struct vp_vstor_props {
	u32 reserved;
	u16 max_channel_cnt;
	u16 reserved2;
	u32 flags;
	u32 max_transfer_bytes;
	u64 reserved3;
} __packed;

#define VP_VSTOR_PROP_MULTI_CHANNEL	0x1

struct vp_vstor_version {
	u16 major_minor;
	u16 revision;
} __packed;

/* Every vstor message: 12-byte header, 52-byte union. */
struct vp_vstor_packet {
	u32 operation;
	u32 flags;
	u32 status;
	union {
		struct vp_vstor_srb srb;
		struct vp_vstor_props props;
		struct vp_vstor_version version;
		u16 sub_channel_count;
		u8 raw[52];
	};
} __packed;
static_assert(sizeof(struct vp_vstor_packet) == 64);
static_assert(offsetof(struct vp_vstor_packet, srb.cdb) == 28);
static_assert(offsetof(struct vp_vstor_packet, srb.srb_flags) == 52);

/* The pre-win8 request was shorter; 6.1 always sends the full packet. */
#define VP_VSTOR_MIN_PACKET		sizeof(struct vp_vstor_packet)

/* storvsc's transaction id for init-time and reset packets. */
#define VP_VSTOR_TRANS_INIT		0xfffffffffffffffdULL
#define VP_VSTOR_TRANS_RESET		0xfffffffffffffffcULL

#endif /* _VPART_STORVSP_PROTO_H */
