/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest->host messages built byte by byte in one static buffer, for the
 * native tests and the seed generator. Offsets are the wire format's,
 * written as numbers, so that a struct drifting from it is caught.
 */
#ifndef _VPART_TESTS_MSG_BUILD_H
#define _VPART_TESTS_MSG_BUILD_H

#include "wire_put.h"
#include "vpart/vmbus_msg.h"

/* Room for any channel message, and for bodies past the largest. */
#define BUF_SIZE	512

static u8 buf[BUF_SIZE];

#define put16(off, v)	wire_put16(buf, off, v)
#define put32(off, v)	wire_put32(buf, off, v)
#define put64(off, v)	wire_put64(buf, off, v)

/* A zeroed message of @type. */
static inline void msg_start(u32 type)
{
	memset(buf, 0, sizeof(buf));
	put32(0, type);
}

/*
 * GPADL header at offset 0: child_relid 8, gpadl 12, range_buflen 16,
 * rangecount 18, byte_count 20, byte_offset 24, pfn[] 28.
 * Return: the length of a message carrying @in_msg PFNs.
 */
static inline u32 gpadl_header(u16 range_buflen, u16 rangecount, u32 byte_count,
			       u32 byte_offset, u32 in_msg)
{
	msg_start(VP_CHMSG_GPADL_HEADER);
	put32(8, 1);
	put32(12, 0xe1e10);
	put16(16, range_buflen);
	put16(18, rangecount);
	put32(20, byte_count);
	put32(24, byte_offset);
	for (u32 i = 0; i < in_msg && 28 + 8 * i + 8 <= VP_CHMSG_MAX; i++)
		put64(28 + 8 * i, 0x1000 + i);
	return 28 + 8 * in_msg;
}

/* A header for a whole-page buffer of @pages pages, @in_msg of them here. */
static inline u32 gpadl_pages(u32 pages, u32 in_msg)
{
	return gpadl_header((u16)(8 + 8 * pages), 1, pages * 4096, 0, in_msg);
}

/* GPADL body: msgnumber 8, gpadl 12, pfn[] 16. */
static inline u32 gpadl_body(u32 pfns)
{
	msg_start(VP_CHMSG_GPADL_BODY);
	put32(8, 1);
	put32(12, 0xe1e10);
	for (u32 i = 0; i < pfns && 16 + 8 * i + 8 <= BUF_SIZE; i++)
		put64(16 + 8 * i, 0x2000 + i);
	return 16 + 8 * pfns;
}

/*
 * An IC packet, @msgsize bytes after its 28 of headers: pipe_flags 0,
 * pipe_msgsize 4, icframe_vers 8, icmsgtype 12, icmsg_vers 14, icmsgsize 18,
 * status 20, ictransaction_id 24, icflags 25; NEGOTIATE: icframe_vercnt 28,
 * icmsg_vercnt 30, then versions from 36.
 */
static inline void ic_frame(u16 msgtype, u16 msgsize, u8 trans_id, u8 flags)
{
	memset(buf, 0, sizeof(buf));
	put32(0, 1);
	put32(4, 20 + msgsize);
	put16(8, 3);
	put16(12, msgtype);
	put16(14, 3);
	put16(18, msgsize);
	buf[24] = trans_id;
	buf[25] = flags;
}

#endif /* _VPART_TESTS_MSG_BUILD_H */
