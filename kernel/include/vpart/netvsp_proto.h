/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NetVSP wire format: the NVSP messages a guest's netvsc exchanges with the
 * host over a VMBus channel and the RNDIS messages they carry, shared by
 * vpart_netvsp.ko, its KUnit suites and the native tests and fuzzers:
 * structs and constants only. See vmbus-host-facts section 6.
 * Little-endian, as x86 stores natively.
 */
#ifndef _VPART_NETVSP_PROTO_H
#define _VPART_NETVSP_PROTO_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include "vpart/ucompat.h"
#endif

/* ---- NVSP ---- */

enum vp_nvsp_type {
	VP_NVSP_INIT = 1,
	VP_NVSP_INIT_COMPLETE = 2,
	VP_NVSP_SEND_NDIS_VER = 100,
	VP_NVSP_SEND_RECV_BUF = 101,
	VP_NVSP_SEND_RECV_BUF_COMPLETE = 102,
	VP_NVSP_REVOKE_RECV_BUF = 103,
	VP_NVSP_SEND_SEND_BUF = 104,
	VP_NVSP_SEND_SEND_BUF_COMPLETE = 105,
	VP_NVSP_REVOKE_SEND_BUF = 106,
	VP_NVSP_SEND_RNDIS_PKT = 107,
	VP_NVSP_SEND_RNDIS_PKT_COMPLETE = 108,
	VP_NVSP_SEND_NDIS_CONFIG = 125,
	VP_NVSP_SEND_VF_ASSOCIATION = 128,
	VP_NVSP_SWITCH_DATA_PATH = 129,
	VP_NVSP_SUBCHANNEL = 133,
	VP_NVSP_SEND_INDIRECTION_TABLE = 134,
};

#define VP_NVSP_STAT_SUCCESS		1
#define VP_NVSP_STAT_FAIL		2

#define VP_NVSP_V1			0x00002
#define VP_NVSP_V2			0x30002
#define VP_NVSP_V4			0x40000
#define VP_NVSP_V5			0x50000
#define VP_NVSP_V6			0x60000
#define VP_NVSP_V61			0x60001

/* send_buf_section_index of an RNDIS message not in the send buffer. */
#define VP_NVSP_NO_SECTION		0xffffffffU
#define VP_NVSP_CHANNEL_DATA		0
#define VP_NVSP_CHANNEL_CONTROL		1
/* The ids netvsc gives its buffers (and the host's transfer pages name). */
#define VP_NVSP_RECV_BUF_ID		0xcafe
#define VP_NVSP_SEND_BUF_ID		0
#define VP_NVSP_SUBCHANNEL_ALLOCATE	1

/* Every NVSP message is 40 bytes on the wire: the type, then a body. */
#define VP_NVSP_MSG_SIZE		40

struct vp_nvsp_section {
	u32 offset;
	u32 sub_alloc_size;
	u32 num_sub_allocs;
	u32 end_offset;
} __packed;

struct vp_nvsp_msg {
	u32 type;
	union {
		struct {
			u32 min_ver, max_ver;
		} __packed init;
		struct {
			u32 negotiated_ver, max_mdl_chain_len, status;
		} __packed init_complete;
		struct {
			u32 major, minor;
		} __packed ndis_ver;
		struct {
			u32 mtu, reserved;
			u64 capability;
		} __packed ndis_config;
		struct {
			u32 gpadl;
			u16 id;
		} __packed buf;			/* SEND_RECV_BUF, SEND_SEND_BUF */
		struct {
			u32 status, num_sections;
			struct vp_nvsp_section section;
		} __packed recv_buf_complete;
		struct {
			u32 status, section_size;
		} __packed send_buf_complete;
		struct {
			u16 id;
		} __packed revoke;
		struct {
			u32 channel_type, section_index, section_size;
		} __packed rndis;
		struct {
			u32 status;
		} __packed rndis_complete;
		struct {
			u32 op, num;
		} __packed subchannel;		/* request; completion: status, num */
		struct {
			u32 active;
		} __packed switch_path;
		u8 raw[VP_NVSP_MSG_SIZE - 4];
	};
} __packed;
static_assert(sizeof(struct vp_nvsp_msg) == VP_NVSP_MSG_SIZE);
static_assert(offsetof(struct vp_nvsp_msg, recv_buf_complete.section.end_offset) == 24);

/* ---- RNDIS ---- */

enum vp_rndis_type {
	VP_RNDIS_PACKET = 1,
	VP_RNDIS_INIT = 2,
	VP_RNDIS_HALT = 3,
	VP_RNDIS_QUERY = 4,
	VP_RNDIS_SET = 5,
	VP_RNDIS_RESET = 6,
	VP_RNDIS_INDICATE = 7,
	VP_RNDIS_KEEPALIVE = 8,
};

#define VP_RNDIS_COMPLETION		0x80000000U

#define VP_RNDIS_SUCCESS		0x00000000U
#define VP_RNDIS_FAILURE		0xc0000001U
#define VP_RNDIS_NOT_SUPPORTED		0xc00000bbU
#define VP_RNDIS_INVALID_DATA		0xc0010015U
#define VP_RNDIS_MEDIA_CONNECT		0x4001000bU
#define VP_RNDIS_MEDIA_DISCONNECT	0x4001000cU

/* OIDs a Linux 6.1 guest asks for or sets. */
#define VP_OID_GEN_MAXIMUM_FRAME_SIZE	0x00010106U
#define VP_OID_GEN_LINK_SPEED		0x00010107U
#define VP_OID_GEN_CURRENT_PACKET_FILTER 0x0001010eU
#define VP_OID_GEN_MEDIA_CONNECT_STATUS	0x00010114U
#define VP_OID_GEN_RSS_CAPABILITIES	0x00010203U
#define VP_OID_GEN_RSS_PARAMETERS	0x00010204U
#define VP_OID_GEN_RNDIS_CONFIG_PARAMETER 0x0001021bU
#define VP_OID_GEN_FRIENDLY_NAME	0x00020216U
#define VP_OID_802_3_PERMANENT_ADDRESS	0x01010101U
#define VP_OID_802_3_CURRENT_ADDRESS	0x01010102U
#define VP_OID_TCP_OFFLOAD_PARAMETERS	0xfc01020cU
#define VP_OID_TCP_OFFLOAD_HW_CAPS	0xfc01020dU

/* Every RNDIS message starts so. */
struct vp_rndis_hdr {
	u32 type;
	u32 msg_len;			/* the whole message */
} __packed;

struct vp_rndis_init {
	struct vp_rndis_hdr h;
	u32 req_id, major, minor, max_xfer_size;
} __packed;

struct vp_rndis_init_c {
	struct vp_rndis_hdr h;
	u32 req_id, status, major, minor, dev_flags, medium;
	u32 max_pkt_per_msg, max_xfer_size, pkt_alignment_factor;
	u32 af_list_offset, af_list_size;
} __packed;
static_assert(sizeof(struct vp_rndis_init_c) == 52);

/* QUERY and SET: the information buffer is at 8 + info_buf_offset. */
struct vp_rndis_query {
	struct vp_rndis_hdr h;
	u32 req_id, oid, info_buflen, info_buf_offset, dev_vc_handle;
} __packed;
static_assert(sizeof(struct vp_rndis_query) == 28);

struct vp_rndis_query_c {
	struct vp_rndis_hdr h;
	u32 req_id, status, info_buflen, info_buf_offset;
} __packed;
static_assert(sizeof(struct vp_rndis_query_c) == 24);

/* SET_C, RESET_C (@req_id is then reserved), KEEPALIVE_C. */
struct vp_rndis_status_c {
	struct vp_rndis_hdr h;
	u32 req_id, status;
} __packed;

struct vp_rndis_indicate {
	struct vp_rndis_hdr h;
	u32 status, status_buflen, status_buf_offset;
} __packed;

/* PACKET: offsets are from @data_offset's own field (byte 8). */
struct vp_rndis_packet {
	struct vp_rndis_hdr h;
	u32 data_offset, data_len;
	u32 oob_offset, oob_len, num_oob;
	u32 ppi_offset, ppi_len;
	u32 vc_handle, reserved;
} __packed;
static_assert(sizeof(struct vp_rndis_packet) == 44);

/* Per-packet information element; @ppi_offset is from the element's start. */
struct vp_rndis_ppi {
	u32 size, type, ppi_offset;
} __packed;

#define VP_PPI_TYPE_MASK		0x7fffffffU
#define VP_PPI_CHECKSUM			0
#define VP_PPI_LSO			2
#define VP_PPI_VLAN			6
#define VP_PPI_HASH			8

/* TX checksum PPI bits. */
#define VP_CSUM_TX_IPV4			0x1
#define VP_CSUM_TX_IPV6			0x2
#define VP_CSUM_TX_TCP			0x4
#define VP_CSUM_TX_UDP			0x8
#define VP_CSUM_TX_IP			0x10
/* RX checksum PPI bits. */
#define VP_CSUM_RX_TCP_OK		0x8
#define VP_CSUM_RX_UDP_OK		0x10
#define VP_CSUM_RX_IP_OK		0x20

/* TX LSO PPI: MSS 19:0, TCP header offset 29:20, IPv6 in bit 31. */
#define VP_LSO_MSS(v)			((v) & 0xfffffU)
#define VP_LSO_THOFF(v)			(((v) >> 20) & 0x3ffU)
#define VP_LSO_IPV6			0x80000000U
/* TX checksum PPI: TCP header offset in 25:16. */
#define VP_CSUM_THOFF(v)		(((v) >> 16) & 0x3ffU)

#define VP_NDIS_OFFLOAD_TYPE		0xa7
/* ndis_offload (revision 1, 112 bytes): where netvsc reads what is offered. */
#define VP_NDIS_OFF_IP4_TXCSUM		8
#define VP_NDIS_OFF_IP4_RXCSUM		16
#define VP_NDIS_OFF_IP6_TXCSUM		24
#define VP_NDIS_OFF_IP6_RXCSUM		32
#define VP_NDIS_OFF_LSO2_IP4		80	/* encap, max size, min segments */
#define VP_NDIS_OFF_LSO2_IP6		92	/* encap, max size, min segments, opts */
#define VP_NDIS_CSUM_TCP		0x014	/* TCP, with options */
#define VP_NDIS_CSUM_UDP		0x040
#define VP_NDIS_CSUM_IP6EXT		0x001	/* IPv6 extension headers */
#define VP_NDIS_ENCAP_8023		0x2
#define VP_NDIS_LSO2_IP6_OPTS		0x5	/* extension headers, TCP options */
#define VP_NDIS_OFFLOAD_PARAMS_TYPE	0x80

#endif /* _VPART_NETVSP_PROTO_H */
