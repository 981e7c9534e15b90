// SPDX-License-Identifier: GPL-2.0
/*
 * Answers to a guest's RNDIS control messages (see rndis.h), as a Linux
 * 6.1 netvsc asks them during probe and open (vmbus-host-facts 6.3):
 * transmit checksum and LSO offered, one queue, one RNDIS message per send
 * section.
 */
#ifdef __KERNEL__
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(s)
#endif
#include "rndis.h"

/* The ndis_offload a guest takes as "nothing offloaded": revision 1, 112 bytes. */
#define VP_NDIS_OFFLOAD_SIZE_V1	112U

static void vp_put32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static u32 vp_get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* Header, request id and status: the start of every answer, @len bytes long. */
static void vp_rndis_head(u8 *out, u32 type, u32 len, u32 req_id, u32 status)
{
	memset(out, 0, len);
	vp_put32(out, type | VP_RNDIS_COMPLETION);
	vp_put32(out + 4, len);
	vp_put32(out + 8, req_id);
	vp_put32(out + 12, status);
}

static u32 vp_rndis_init(struct vp_rndis_nic *nic, const struct vp_rndis_ctl *c, u8 *out,
			 u32 room)
{
	const u32 len = sizeof(struct vp_rndis_init_c);

	if (room < len)
		return 0;
	vp_rndis_head(out, VP_RNDIS_INIT, len, c->req_id, VP_RNDIS_SUCCESS);
	vp_put32(out + 16, 1);			/* major */
	vp_put32(out + 24, 1);			/* connectionless */
	vp_put32(out + 32, 1);			/* one message per send section */
	vp_put32(out + 36, VP_RNDIS_MAX_XFER);
	vp_put32(out + 40, 3);			/* 8-byte alignment */
	nic->initialized = true;
	return len;
}

/* The information an OID query returns, into @info; its length, or 0 if unknown. */
static u32 vp_rndis_oid(const struct vp_rndis_nic *nic, u32 oid, u8 *info)
{
	switch (oid) {
	case VP_OID_802_3_PERMANENT_ADDRESS:
	case VP_OID_802_3_CURRENT_ADDRESS:
		memcpy(info, nic->mac, sizeof(nic->mac));
		return sizeof(nic->mac);
	case VP_OID_GEN_MAXIMUM_FRAME_SIZE:
		vp_put32(info, nic->mtu);
		return 4;
	case VP_OID_GEN_MEDIA_CONNECT_STATUS:
		vp_put32(info, nic->link_up ? 0 : 1);
		return 4;
	case VP_OID_GEN_LINK_SPEED:
		vp_put32(info, nic->link_speed);
		return 4;
	case VP_OID_GEN_CURRENT_PACKET_FILTER:
		vp_put32(info, nic->packet_filter);
		return 4;
	case VP_OID_TCP_OFFLOAD_HW_CAPS:
		/*
		 * Zeroed by the caller. TCP and UDP checksums and LSOv2 for
		 * IPv4 and IPv6 on transmit, checksum status on receive; no
		 * RSC. The VSP fixes up and checks what the guest leaves.
		 */
		info[0] = VP_NDIS_OFFLOAD_TYPE;
		info[1] = 1;
		info[2] = (u8)VP_NDIS_OFFLOAD_SIZE_V1;
		vp_put32(info + VP_NDIS_OFF_IP4_TXCSUM, VP_NDIS_CSUM_TCP | VP_NDIS_CSUM_UDP);
		vp_put32(info + VP_NDIS_OFF_IP4_RXCSUM, VP_NDIS_CSUM_TCP | VP_NDIS_CSUM_UDP);
		vp_put32(info + VP_NDIS_OFF_IP6_TXCSUM,
			 VP_NDIS_CSUM_TCP | VP_NDIS_CSUM_UDP | VP_NDIS_CSUM_IP6EXT);
		vp_put32(info + VP_NDIS_OFF_IP6_RXCSUM, VP_NDIS_CSUM_TCP | VP_NDIS_CSUM_UDP);
		vp_put32(info + VP_NDIS_OFF_LSO2_IP4, VP_NDIS_ENCAP_8023);
		vp_put32(info + VP_NDIS_OFF_LSO2_IP4 + 4, VP_RNDIS_LSO_MAX);
		vp_put32(info + VP_NDIS_OFF_LSO2_IP4 + 8, 2);
		vp_put32(info + VP_NDIS_OFF_LSO2_IP6, VP_NDIS_ENCAP_8023);
		vp_put32(info + VP_NDIS_OFF_LSO2_IP6 + 4, VP_RNDIS_LSO_MAX);
		vp_put32(info + VP_NDIS_OFF_LSO2_IP6 + 8, 2);
		vp_put32(info + VP_NDIS_OFF_LSO2_IP6 + 12, VP_NDIS_LSO2_IP6_OPTS);
		return VP_NDIS_OFFLOAD_SIZE_V1;
	}
	return 0;
}

static u32 vp_rndis_query(const struct vp_rndis_nic *nic, const struct vp_rndis_ctl *c,
			  u8 *out, u32 room)
{
	const u32 hdr = sizeof(struct vp_rndis_query_c);
	u32 n;

	if (room < hdr + VP_NDIS_OFFLOAD_SIZE_V1)
		return 0;
	memset(out + hdr, 0, VP_NDIS_OFFLOAD_SIZE_V1);
	n = vp_rndis_oid(nic, c->oid, out + hdr);
	/* The header goes in front of the information, which it leaves alone. */
	vp_rndis_head(out, VP_RNDIS_QUERY, hdr, c->req_id,
		      n ? VP_RNDIS_SUCCESS : VP_RNDIS_NOT_SUPPORTED);
	vp_put32(out + 4, hdr + n);
	vp_put32(out + 16, n);
	/* From the request id; netvsc checks it even when the status is a failure. */
	vp_put32(out + 20, hdr - 8);
	return hdr + n;
}

static u32 vp_rndis_set(struct vp_rndis_nic *nic, const struct vp_rndis_ctl *c)
{
	switch (c->oid) {
	case VP_OID_TCP_OFFLOAD_PARAMETERS:
		/* Nothing is offered, so any well-formed request is met. */
		return c->info_len >= 4 && c->info[0] == VP_NDIS_OFFLOAD_PARAMS_TYPE ?
		       VP_RNDIS_SUCCESS : VP_RNDIS_INVALID_DATA;
	case VP_OID_GEN_CURRENT_PACKET_FILTER:
		if (c->info_len < 4)
			return VP_RNDIS_INVALID_DATA;
		nic->packet_filter = vp_get32(c->info);
		return VP_RNDIS_SUCCESS;
	}
	/* RSS, MAC change, anything else: netvsc copes without. */
	return VP_RNDIS_NOT_SUPPORTED;
}

u32 vp_rndis_respond(struct vp_rndis_nic *nic, const struct vp_rndis_ctl *c, u8 *out, u32 room)
{
	u32 status;

	switch (c->type) {
	case VP_RNDIS_INIT:
		return vp_rndis_init(nic, c, out, room);
	case VP_RNDIS_QUERY:
		return vp_rndis_query(nic, c, out, room);
	case VP_RNDIS_SET:
		if (room < sizeof(struct vp_rndis_status_c))
			return 0;
		status = vp_rndis_set(nic, c);
		vp_rndis_head(out, VP_RNDIS_SET, sizeof(struct vp_rndis_status_c), c->req_id,
			      status);
		return sizeof(struct vp_rndis_status_c);
	case VP_RNDIS_KEEPALIVE:
		if (room < sizeof(struct vp_rndis_status_c))
			return 0;
		vp_rndis_head(out, VP_RNDIS_KEEPALIVE, sizeof(struct vp_rndis_status_c),
			      c->req_id, VP_RNDIS_SUCCESS);
		return sizeof(struct vp_rndis_status_c);
	case VP_RNDIS_RESET:
		/* RESET_C has no request id: status at 8, addressing_reset at 12. */
		if (room < 16)
			return 0;
		memset(out, 0, 16);
		vp_put32(out, VP_RNDIS_RESET | VP_RNDIS_COMPLETION);
		vp_put32(out + 4, 16);
		vp_put32(out + 8, VP_RNDIS_SUCCESS);
		return 16;
	}
	/* HALT: no answer; the guest stops using the NIC. */
	nic->initialized = false;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_rndis_respond);
