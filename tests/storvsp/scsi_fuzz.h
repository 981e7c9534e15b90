/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The input format of scsi_fuzz, shared with the seed generator. A 4-byte
 * header picks the disk and the mode, the rest is guest bytes:
 *
 *   0  FZ_DISK    disk flags (FZ_*) and the mode
 *   1  FZ_SIZE    bits 0-2 a capacity class (FZ_SIZE_*), bits 3-7 a delta
 *   2  FZ_LIMITS  bits 0-1 max_xfer_blocks, 2-3 max_unmap_blocks, 4-5 serial
 *   3  FZ_ROOM    0: what the VSP uses; n: n - 1 UNMAP extents (CDB mode)
 *                 or data pages (packet mode) accepted
 *
 * CDB mode (FZ_PACKET clear), from byte 4: cdb_len, dir, xfer_len (LE32),
 * then cdb_len CDB bytes (zeros past the input's end) and the data-out
 * (an UNMAP parameter list) in whatever is left.
 *
 * Packet mode (FZ_PACKET set): the rest is a whole VMBus packet, descriptor
 * included, as a guest's storvsc posts it; an accepted EXECUTE_SRB goes on
 * to the SCSI target as the VSP would send it, with the bytes after the
 * vstor packet as its data-out.
 */
#ifndef _VPART_TESTS_SCSI_FUZZ_H
#define _VPART_TESTS_SCSI_FUZZ_H

#define FZ_DISK		0
#define FZ_SIZE		1
#define FZ_LIMITS	2
#define FZ_ROOM		3
#define FZ_HDR		4

/* FZ_DISK bits. */
#define FZ_4K		0x01	/* block_shift 12, else 9 */
#define FZ_RO		0x02
#define FZ_DISCARD	0x04
#define FZ_ZEROES	0x08	/* discard_zeroes */
#define FZ_WCE		0x10
#define FZ_FUA		0x20
#define FZ_ABSENT	0x40	/* CDB mode: the LUN does not exist */
#define FZ_PACKET	0x80

/* FZ_SIZE classes: nblocks around the boundaries the decoder cares about. */
#define FZ_SIZE_TINY	0	/* 1 + delta */
#define FZ_SIZE_SMALL	1	/* 2048 + 64 * delta */
#define FZ_SIZE_RW6	2	/* 2^21 - 16 + delta: the 21-bit LBA of READ(6) */
#define FZ_SIZE_RC10	3	/* 2^32 - 16 + delta: the 32-bit READ CAPACITY */
#define FZ_SIZE_BIG	4	/* 2^40 + delta */
#define FZ_SIZE_BYTES	5	/* U64_MAX >> shift - delta: bytes just fit */
#define FZ_SIZE_MAX	6	/* U64_MAX - delta */
#define FZ_SIZE_HALF	7	/* 2^63 + delta */

/* CDB mode body offsets. */
#define FZ_CDB_LEN	4
#define FZ_DIR		5
#define FZ_XFER		6
#define FZ_CDB		10

#endif /* _VPART_TESTS_SCSI_FUZZ_H */
