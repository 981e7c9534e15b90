/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netvsc packets and RNDIS messages built byte by byte in static buffers,
 * for the native tests and the seed generator. Offsets are the wire
 * format's (vmbus-host-facts 6), written as numbers, so that a struct
 * drifting from it is caught:
 *
 *   descriptor: type 0, offset8 2, len8 4, flags 6, trans_id 8
 *   GPA direct: reserved 16, range_count 20, then per range byte_count,
 *               byte_offset and its PFNs
 *   NVSP message (40 bytes at offset8 * 8): type 0, body from 4
 *   RNDIS: type 0, msg_len 4, req_id 8; QUERY/SET oid 12, info_buflen 16,
 *          info_buf_offset 20 (from byte 8); PACKET data_offset 8,
 *          data_len 12, oob 16/20/24, ppi_offset 28, ppi_len 32 (offsets
 *          from byte 8), header 44; PPI size 0, type 4, offset 8
 */
#ifndef _VPART_TESTS_NVSP_BUILD_H
#define _VPART_TESTS_NVSP_BUILD_H

#include "wire_put.h"
#include "vpart/ucompat.h"

#define PKT_INBAND	6
#define PKT_GPA_DIRECT	9
#define NVSP_LEN	40
#define BUF_SIZE	4096

static u8 pkt[BUF_SIZE];	/* a VMBus packet */
static u8 msg[BUF_SIZE];	/* an RNDIS message */

/* An in-band packet with an NVSP message of @type right after the descriptor. */
static inline u32 pkt_inband(u32 type)
{
	memset(pkt, 0, sizeof(pkt));
	wire_put16(pkt, 0, PKT_INBAND);
	wire_put16(pkt, 2, 2);
	wire_put16(pkt, 4, (16 + NVSP_LEN + 7) / 8);
	wire_put16(pkt, 6, 1);
	wire_put64(pkt, 8, 0x77);
	wire_put32(pkt, 16, type);
	return 16 + NVSP_LEN;
}

/*
 * A GPA-direct SEND_RNDIS_PKT (control channel, no section) whose ranges
 * hold @counts[i] bytes from @offsets[i]; PFNs count up from 0x1000.
 */
static inline u32 pkt_gpa(u32 n, const u32 *counts, const u32 *offsets)
{
	u32 pos = 24, pfn = 0x1000, i, j;

	memset(pkt, 0, sizeof(pkt));
	wire_put16(pkt, 0, PKT_GPA_DIRECT);
	wire_put16(pkt, 6, 1);
	wire_put64(pkt, 8, 0x78);
	wire_put32(pkt, 20, n);
	for (i = 0; i < n; i++) {
		u32 pages = (offsets[i] + counts[i] + 4095) / 4096;

		wire_put32(pkt, pos, counts[i]);
		wire_put32(pkt, pos + 4, offsets[i]);
		pos += 8;
		for (j = 0; j < pages; j++, pos += 8)
			wire_put64(pkt, pos, pfn++);
	}
	pos = (pos + 7) & ~7U;
	wire_put16(pkt, 2, (u16)(pos / 8));
	wire_put16(pkt, 4, (u16)((pos + NVSP_LEN) / 8));
	wire_put32(pkt, pos, 107);
	wire_put32(pkt, pos + 4, 1);
	wire_put32(pkt, pos + 8, 0xffffffff);
	return pos + NVSP_LEN;
}

/* A QUERY or SET of @oid with @info_len bytes of 0x5a right after the header. */
static inline u32 rndis_oid(u32 type, u32 oid, u32 info_len)
{
	u32 len = 28 + info_len;

	memset(msg, 0, sizeof(msg));
	wire_put32(msg, 0, type);
	wire_put32(msg, 4, len);
	wire_put32(msg, 8, 0x42);
	wire_put32(msg, 12, oid);
	wire_put32(msg, 16, info_len);
	wire_put32(msg, 20, info_len ? 20 : 0);
	memset(msg + 28, 0x5a, info_len);
	return len;
}

/* A PACKET at @at in msg: @frame bytes of frame after @nppi 16-byte PPIs of @types. */
static inline u32 rndis_packet_at(u32 at, u32 frame, u32 nppi, const u32 *types)
{
	u8 *m = msg + at;
	u32 ppi_len = 16 * nppi, len = 44 + ppi_len + frame, i;

	wire_put32(m, 0, 1);
	wire_put32(m, 4, len);
	wire_put32(m, 8, 36 + ppi_len);
	wire_put32(m, 12, frame);
	wire_put32(m, 28, nppi ? 36 : 0);
	wire_put32(m, 32, ppi_len);
	for (i = 0; i < nppi; i++) {
		wire_put32(m, 44 + 16 * i, 16);
		wire_put32(m, 48 + 16 * i, types[i]);
		wire_put32(m, 52 + 16 * i, 12);
		wire_put32(m, 56 + 16 * i, 0x1000 + types[i]);
	}
	memset(m + 44 + ppi_len, 0xee, frame);
	return len;
}

static inline u32 rndis_packet(u32 frame, u32 nppi, const u32 *types)
{
	memset(msg, 0, sizeof(msg));
	return rndis_packet_at(0, frame, nppi, types);
}

#endif /* _VPART_TESTS_NVSP_BUILD_H */
