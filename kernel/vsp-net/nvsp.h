/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shape checks of what a guest's netvsc sends: where the NVSP message of a
 * packet is and which guest ranges it names, RNDIS control messages and
 * RNDIS data packets with their per-packet information. Pure functions,
 * compiled in the module and natively (tests, fuzzer). Everything in a
 * packet is guest-controlled.
 */
#ifndef _VPART_NETVSP_NVSP_H
#define _VPART_NETVSP_NVSP_H

#include "vpart/netvsp_proto.h"
#include "vpart/vmbus_proto.h"

/* What a well-formed guest packet holds. */
struct vp_nvsp_req {
	const struct vp_nvsp_msg *msg;	/* VP_NVSP_MSG_SIZE bytes, inside the packet */
	u32 nranges;			/* GPA-direct ranges; 0 for an in-band packet */
	const u8 *ranges;		/* the first range header */
	u64 total;			/* bytes the ranges hold, all together */
	u32 npages;			/* guest frames the ranges name */
};

/* One GPA-direct range: @byte_count bytes from @byte_offset into @pfns[0]. */
struct vp_nvsp_range {
	u32 byte_count;
	u32 byte_offset;		/* < 4096 */
	u32 npages;
	const u64 *pfns;
};

/**
 * vp_nvsp_parse() - find the NVSP message and data ranges of a packet
 * @buf: the whole packet, descriptor included, 8-byte aligned
 * @len: its length
 * @max_pages: most guest frames the ranges may name, all together
 * @r: receives the view
 *
 * Return: 0, or -EINVAL for a packet of the wrong type or shape.
 */
int vp_nvsp_parse(const void *buf, u32 len, u32 max_pages, struct vp_nvsp_req *r);

/**
 * vp_nvsp_range() - range @i of a parsed packet
 * @r: from vp_nvsp_parse()
 * @i: below @r->nranges
 * @out: receives it
 */
void vp_nvsp_range(const struct vp_nvsp_req *r, u32 i, struct vp_nvsp_range *out);

/* A guest RNDIS control message (QUERY, SET, INIT, HALT, RESET, KEEPALIVE). */
struct vp_rndis_ctl {
	u32 type;
	u32 req_id;			/* 0 for RESET */
	u32 oid;			/* QUERY, SET */
	const u8 *info;			/* QUERY, SET: @info_len bytes */
	u32 info_len;
};

/**
 * vp_rndis_parse_ctl() - check an RNDIS control message
 * @msg: the message (not aligned)
 * @len: bytes available at @msg; its msg_len may be less
 * @c: receives the view
 *
 * Return: 0, -EOPNOTSUPP for a type the host does not take from a guest,
 * or -EINVAL for a malformed message.
 */
int vp_rndis_parse_ctl(const u8 *msg, u32 len, struct vp_rndis_ctl *c);

/* A guest RNDIS PACKET: the frame and what its PPIs ask of the host. */
struct vp_rndis_frame {
	u32 msg_len;			/* the message, for walking a batch */
	u32 data_off;			/* the frame, from the message start */
	u32 data_len;
	bool has_csum, has_lso, has_vlan;
	u32 csum, lso, vlan;		/* the PPIs' values */
};

/* Smallest and largest frame a guest may send (Ethernet header; 64 KiB LSO). */
#define VP_RNDIS_MIN_FRAME	14U
#define VP_RNDIS_MAX_FRAME	(64U * 1024 + 256)

/**
 * vp_rndis_parse_packet() - check an RNDIS PACKET and read its PPIs
 * @msg: the message (not aligned)
 * @len: bytes available at @msg; its msg_len may be less
 * @f: receives the view
 *
 * Unknown PPI types are skipped; a PPI that does not fit, or a frame that
 * does not, fails the whole message.
 *
 * Return: 0 or -EINVAL.
 */
int vp_rndis_parse_packet(const u8 *msg, u32 len, struct vp_rndis_frame *f);

#endif /* _VPART_NETVSP_NVSP_H */
