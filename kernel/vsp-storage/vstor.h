/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shape checks of the packets a guest's storvsc sends: where the vstor
 * packet is and which guest pages an EXECUTE_SRB names. Pure functions,
 * compiled in the module and natively (tests, fuzzer). Everything in a
 * packet is guest-controlled.
 */
#ifndef _VPART_STORVSP_VSTOR_H
#define _VPART_STORVSP_VSTOR_H

#include "vpart/storvsp_proto.h"
#include "vpart/vmbus_proto.h"

/* What a well-formed request packet holds. */
struct vp_vstor_req {
	const struct vp_vstor_packet *pkt;	/* inside the packet buffer */
	u32 byte_count;		/* data buffer: bytes */
	u32 byte_offset;	/* into the first page, < 4096 */
	u32 npages;		/* 0 for an in-band packet */
	const u64 *pfns;	/* @npages guest frame numbers */
};

/**
 * vp_vstor_parse() - find the vstor packet and data pages of a request
 * @buf: the whole packet, descriptor included, 8-byte aligned
 * @len: its length
 * @max_pages: most data pages accepted
 * @r: receives the view
 *
 * Return: 0, or -EINVAL for a packet of the wrong type or shape.
 */
int vp_vstor_parse(const void *buf, u32 len, u32 max_pages, struct vp_vstor_req *r);

/**
 * vp_vstor_check_srb() - check an EXECUTE_SRB against its data buffer
 * @r: a parsed request
 *
 * The transfer length must fit the buffer, the direction must be known and
 * data must come with pages (and none without), the CDB at most 16 bytes.
 *
 * Return: 0 or -EINVAL.
 */
int vp_vstor_check_srb(const struct vp_vstor_req *r);

#endif /* _VPART_STORVSP_VSTOR_H */
