/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RNDIS control side of a synthetic NIC: the answer to each control
 * message a guest's netvsc sends (INIT, QUERY, SET, KEEPALIVE, RESET) from
 * the NIC's state, written into a buffer the size of one receive
 * sub-allocation. Pure functions, compiled in the module and natively
 * (tests, fuzzer); the request was checked by vp_rndis_parse_ctl().
 */
#ifndef _VPART_NETVSP_RNDIS_H
#define _VPART_NETVSP_RNDIS_H

#include "nvsp.h"

/* What the guest may learn and set through OIDs. */
struct vp_rndis_nic {
	u8 mac[6];
	u32 mtu;			/* payload bytes, 68..9000 */
	u32 link_speed;			/* 100 bit/s units */
	bool link_up;
	u32 nvsp;			/* negotiated NVSP version */
	/* Set by the guest. */
	u32 packet_filter;
	bool initialized;		/* INIT answered with success */
};

/* Largest LSO send offered to the guest: with its headers, under 64 KiB. */
#define VP_RNDIS_LSO_MAX	(62U * 1024)
/* The guest's INIT asks for at most this much per message; we answer so. */
#define VP_RNDIS_MAX_XFER	0x4000U
/*
 * The longest answer: a QUERY_C with the offload capabilities. netvsc
 * waits for each answer without a time-out, so the VSP's room for one
 * (a receive sub-allocation) must hold this.
 */
#define VP_RNDIS_MAX_ANSWER	(24U + 112U)

/**
 * vp_rndis_respond() - the answer to a guest control message
 * @nic: the NIC; INIT and SET change it
 * @c: the message, from vp_rndis_parse_ctl()
 * @out: receives the answer
 * @room: size of @out
 *
 * Return: the answer's length; 0 when the message wants none (HALT) or
 * @room, less than VP_RNDIS_MAX_ANSWER, cannot hold it.
 */
u32 vp_rndis_respond(struct vp_rndis_nic *nic, const struct vp_rndis_ctl *c, u8 *out, u32 room);

#endif /* _VPART_NETVSP_RNDIS_H */
