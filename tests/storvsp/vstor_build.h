/* SPDX-License-Identifier: GPL-2.0 */
/*
 * storvsc request packets built byte by byte in one static buffer, for the
 * native tests and the seed generator. Offsets are the wire format's,
 * written as numbers, so that a struct drifting from it is caught:
 *
 *   descriptor: type 0, offset8 2, len8 4, flags 6, trans_id 8
 *   GPA direct: reserved 16, range_count 20, byte_count 24, byte_offset 28,
 *               pfn[] 32
 *   vstor packet (at offset8 * 8): operation 0, flags 4, status 8, then the
 *   SRB: length 12, path_id 17, target_id 18, lun 19, cdb_length 20,
 *   sense_info_length 21, data_in 22, data_transfer_length 24, cdb 28
 */
#ifndef _VPART_TESTS_VSTOR_BUILD_H
#define _VPART_TESTS_VSTOR_BUILD_H

#include "wire_put.h"
#include "vpart/ucompat.h"

#define PKT_INBAND	6
#define PKT_GPA_DIRECT	9
#define VSTOR_LEN	64
#define SRB_WRITE	0
#define SRB_READ	1
#define SRB_NO_DATA	2
#define OP_EXECUTE_SRB	3

/* Room for a packet with 200 PFNs and a vstor packet, and some past it. */
#define PKT_BUF_SIZE	2048

static u8 pkt[PKT_BUF_SIZE];

#define put16(off, v)	wire_put16(pkt, off, v)
#define put32(off, v)	wire_put32(pkt, off, v)
#define put64(off, v)	wire_put64(pkt, off, v)

/*
 * A zeroed packet of @type whose vstor packet, an EXECUTE_SRB of LUN 0,
 * starts at @off. Return: the length up to the end of the vstor packet.
 */
static inline u32 pkt_start(u16 type, u32 off)
{
	u32 len = off + VSTOR_LEN;

	memset(pkt, 0, sizeof(pkt));
	put16(0, type);
	put16(2, (u16)(off / 8));
	put16(4, (u16)((len + 7) / 8));
	put16(6, 1);				/* completion requested */
	put64(8, 0x1234);
	put32(off, OP_EXECUTE_SRB);
	put32(off + 4, 1);			/* request completion */
	put16(off + 12, 52);			/* win8 SRB size */
	pkt[off + 21] = 20;			/* sense room */
	return len;
}

/* An in-band packet, as storvsc sends it: the vstor packet right after. */
static inline u32 pkt_inband(void)
{
	return pkt_start(PKT_INBAND, 16);
}

/*
 * A GPA-direct packet of one range, @byte_count bytes at @byte_offset in
 * @pfns pages (PFNs 0x1000 up), the vstor packet right after the PFNs.
 */
static inline u32 pkt_gpa(u32 byte_count, u32 byte_offset, u32 pfns)
{
	u32 len = pkt_start(PKT_GPA_DIRECT, 32 + 8 * pfns);

	put32(20, 1);
	put32(24, byte_count);
	put32(28, byte_offset);
	for (u32 i = 0; i < pfns; i++)
		put64(32 + 8 * i, 0x1000 + i);
	return len;
}

/* The SRB of the vstor packet at @off: direction, transfer and CDB length. */
static inline void pkt_srb(u32 off, u8 data_in, u32 xfer, u8 cdb_length)
{
	pkt[off + 22] = data_in;
	put32(off + 24, xfer);
	pkt[off + 20] = cdb_length;
}

#endif /* _VPART_TESTS_VSTOR_BUILD_H */
