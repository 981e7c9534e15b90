// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_storvsp_scsi_io: the commands the SCSI target (scsi.c)
 * turns into block I/O (READ and WRITE of every size, SYNCHRONIZE CACHE,
 * UNMAP and its parameter list, WRITE SAME with UNMAP), with the ranges,
 * lengths and directions a hostile guest can send. Fixture in scsi_fx.h.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "scsi_fx.h"

/* ---- READ / WRITE ---- */

static enum vp_scsi_action rw10(struct kunit *test, u8 op, u8 flags, u32 lba, u16 n,
				u8 dir, u32 xfer)
{
	u8 *cdb = cdb_op(test, op);

	cdb[1] = flags;
	put_unaligned_be32(lba, cdb + 2);
	put_unaligned_be16(n, cdb + 7);
	return run(test, 10, dir, xfer);
}

static enum vp_scsi_action rw16(struct kunit *test, u8 op, u64 lba, u32 n, u8 dir, u32 xfer)
{
	u8 *cdb = cdb_op(test, op);

	put_unaligned_be64(lba, cdb + 2);
	put_unaligned_be32(n, cdb + 10);
	return run(test, 16, dir, xfer);
}

static void expect_io(struct kunit *test, enum vp_scsi_action act, enum vp_scsi_action want,
		      u64 lba, u32 n, bool fua)
{
	struct vp_scsi_cmd *c = &((struct scsi_fx *)test->priv)->c;
	u32 shift = ((struct scsi_fx *)test->priv)->d.block_shift;

	KUNIT_EXPECT_EQ(test, act, want);
	KUNIT_EXPECT_EQ(test, c->status, VP_SAM_GOOD);
	KUNIT_EXPECT_EQ(test, c->sense_len, 0);
	KUNIT_EXPECT_EQ(test, c->lba, lba);
	KUNIT_EXPECT_EQ(test, c->nblocks, n);
	KUNIT_EXPECT_EQ(test, c->data_len, n << shift);
	KUNIT_EXPECT_EQ(test, c->fua, fua);
}

static void read_write_10(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	expect_io(test, rw10(test, 0x28, 0, 100, 8, VP_SRB_READ, 4096), VP_SCSI_READ,
		  100, 8, false);
	expect_io(test, rw10(test, 0x2a, 0, 2040, 8, VP_SRB_WRITE, 4096), VP_SCSI_WRITE,
		  2040, 8, false);
	/* FUA goes to writes; reads accept it. */
	expect_io(test, rw10(test, 0x2a, 0x08, 0, 1, VP_SRB_WRITE, 512), VP_SCSI_WRITE,
		  0, 1, true);
	expect_io(test, rw10(test, 0x28, 0x18, 0, 1, VP_SRB_READ, 512), VP_SCSI_READ,
		  0, 1, false);
	/* A larger buffer than the CDB asks for: only the CDB's bytes move. */
	expect_io(test, rw10(test, 0x28, 0, 0, 1, VP_SRB_READ, 65536), VP_SCSI_READ,
		  0, 1, false);
	/* The largest transfer. */
	expect_io(test, rw10(test, 0x28, 0, 0, 512, VP_SRB_READ, 512 * 512), VP_SCSI_READ,
		  0, 512, false);

	f->d.block_shift = 12;
	expect_io(test, rw10(test, 0x28, 0, 7, 2, VP_SRB_READ, 8192), VP_SCSI_READ,
		  7, 2, false);
	EXPECT_BAD_CDB(rw10(test, 0x28, 0, 7, 2, VP_SRB_READ, 8191));
}

static void read_write_6(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb = cdb_op(test, 0x08);

	/* Length 0 is 256 blocks. */
	cdb[2] = 0x01;
	expect_io(test, run(test, 6, VP_SRB_READ, 256 * 512), VP_SCSI_READ, 256, 256, false);
	cdb[4] = 3;
	expect_io(test, run(test, 6, VP_SRB_READ, 4096), VP_SCSI_READ, 256, 3, false);
	/* The top 3 bits of byte 1 are not LBA bits. */
	cdb[1] = 0xe0;
	expect_io(test, run(test, 6, VP_SRB_READ, 4096), VP_SCSI_READ, 256, 3, false);
	cdb = cdb_op(test, 0x0a);
	cdb[3] = 0xff;
	cdb[4] = 1;
	expect_io(test, run(test, 6, VP_SRB_WRITE, 512), VP_SCSI_WRITE, 255, 1, false);

	/* 21-bit LBA, past this disk. */
	f->d.nblocks = 1ULL << 21;
	cdb = cdb_op(test, 0x08);
	cdb[1] = 0x1f;
	cdb[2] = 0xff;
	cdb[3] = 0xff;
	cdb[4] = 1;
	expect_io(test, run(test, 6, VP_SRB_READ, 512), VP_SCSI_READ, 0x1fffff, 1, false);
	cdb[4] = 2;
	EXPECT_OOR(run(test, 6, VP_SRB_READ, 1024));
	/* 256 blocks over max_xfer_blocks. */
	f->d.max_xfer_blocks = 255;
	cdb_op(test, 0x08);
	EXPECT_BAD_CDB(run(test, 6, VP_SRB_READ, 256 * 512));
}

static void read_write_12_16(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb = cdb_op(test, 0xa8);

	put_unaligned_be32(2047, cdb + 2);
	put_unaligned_be32(1, cdb + 6);
	expect_io(test, run(test, 12, VP_SRB_READ, 512), VP_SCSI_READ, 2047, 1, false);
	cdb[0] = 0xaa;
	cdb[1] = 0x08;
	expect_io(test, run(test, 12, VP_SRB_WRITE, 512), VP_SCSI_WRITE, 2047, 1, true);
	put_unaligned_be32(0xffffffff, cdb + 6);
	EXPECT_BAD_CDB(run(test, 12, VP_SRB_WRITE, 0xffffffff));

	f->d.nblocks = 1ULL << 40;
	expect_io(test, rw16(test, 0x88, (1ULL << 40) - 8, 8, VP_SRB_READ, 4096),
		  VP_SCSI_READ, (1ULL << 40) - 8, 8, false);
	expect_io(test, rw16(test, 0x8a, 1ULL << 33, 512, VP_SRB_WRITE, 512 * 512),
		  VP_SCSI_WRITE, 1ULL << 33, 512, false);
	cdb = cdb_op(test, 0x8a);
	cdb[1] = 0x08;
	put_unaligned_be32(1, cdb + 10);
	expect_io(test, run(test, 16, VP_SRB_WRITE, 512), VP_SCSI_WRITE, 0, 1, true);
}

static void rw_zero_length(struct kunit *test)
{
	/* Nothing to move, whatever the direction; the LBA still counts. */
	EXPECT_GOOD(rw10(test, 0x28, 0, 5, 0, VP_SRB_NO_DATA, 0), 0);
	EXPECT_GOOD(rw10(test, 0x2a, 0, 2047, 0, VP_SRB_NO_DATA, 0), 0);
	EXPECT_GOOD(rw16(test, 0x88, 0, 0, VP_SRB_READ, 0), 0);
	EXPECT_GOOD(rw16(test, 0x8a, 0, 0, VP_SRB_WRITE, 4096), 0);
	EXPECT_OOR(rw10(test, 0x28, 0, 2048, 0, VP_SRB_NO_DATA, 0));
	EXPECT_OOR(rw16(test, 0x88, U64_MAX, 0, VP_SRB_NO_DATA, 0));
}

static void rw_out_of_range(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	expect_io(test, rw10(test, 0x28, 0, 2047, 1, VP_SRB_READ, 512), VP_SCSI_READ,
		  2047, 1, false);
	EXPECT_OOR(rw10(test, 0x28, 0, 2048, 1, VP_SRB_READ, 512));
	EXPECT_OOR(rw10(test, 0x28, 0, 2047, 2, VP_SRB_READ, 1024));
	EXPECT_OOR(rw10(test, 0x2a, 0, 0xffffffff, 1, VP_SRB_WRITE, 512));
	EXPECT_OOR(rw16(test, 0x88, U64_MAX, 1, VP_SRB_READ, 512));
	EXPECT_OOR(rw16(test, 0x88, U64_MAX - 1, 2, VP_SRB_READ, 1024));
	EXPECT_OOR(rw16(test, 0x8a, 1ULL << 63, 1, VP_SRB_WRITE, 512));

	/* A disk as big as can be: lba + n would wrap. */
	f->d.nblocks = U64_MAX;
	expect_io(test, rw16(test, 0x88, U64_MAX - 1, 1, VP_SRB_READ, 512), VP_SCSI_READ,
		  U64_MAX - 1, 1, false);
	EXPECT_OOR(rw16(test, 0x88, U64_MAX - 1, 2, VP_SRB_READ, 1024));
	EXPECT_OOR(rw16(test, 0x88, U64_MAX, 1, VP_SRB_READ, 512));
	EXPECT_OOR(rw16(test, 0x88, U64_MAX - 100, 512, VP_SRB_READ, 512 * 512));

	/* A one-block disk. */
	f->d.nblocks = 1;
	expect_io(test, rw10(test, 0x28, 0, 0, 1, VP_SRB_READ, 512), VP_SCSI_READ, 0, 1, false);
	EXPECT_OOR(rw10(test, 0x28, 0, 1, 1, VP_SRB_READ, 512));
	EXPECT_OOR(rw10(test, 0x28, 0, 0, 2, VP_SRB_READ, 1024));
}

static void rw_invalid_fields(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	/* Over the block limit. */
	EXPECT_BAD_CDB(rw10(test, 0x28, 0, 0, 513, VP_SRB_READ, 513 * 512));
	EXPECT_BAD_CDB(rw16(test, 0x88, 0, 0xffffffff, VP_SRB_READ, 0xffffffff));
	/* Direction against the opcode. */
	EXPECT_BAD_CDB(rw10(test, 0x2a, 0, 0, 1, VP_SRB_READ, 512));
	EXPECT_BAD_CDB(rw10(test, 0x28, 0, 0, 1, VP_SRB_WRITE, 512));
	EXPECT_BAD_CDB(rw10(test, 0x28, 0, 0, 1, VP_SRB_NO_DATA, 512));
	EXPECT_BAD_CDB(rw16(test, 0x8a, 0, 1, VP_SRB_NO_DATA, 512));
	/* A buffer shorter than the blocks. */
	EXPECT_BAD_CDB(rw10(test, 0x28, 0, 0, 8, VP_SRB_READ, 4095));
	EXPECT_BAD_CDB(rw10(test, 0x2a, 0, 0, 1, VP_SRB_WRITE, 0));
	/* RDPROTECT/WRPROTECT: no protection information. */
	EXPECT_BAD_CDB(rw10(test, 0x28, 0x20, 0, 1, VP_SRB_READ, 512));
	EXPECT_BAD_CDB(rw10(test, 0x2a, 0xe0, 0, 1, VP_SRB_WRITE, 512));
	/* Not even one block when the limit is 0. */
	f->d.max_xfer_blocks = 0;
	EXPECT_BAD_CDB(rw10(test, 0x28, 0, 0, 1, VP_SRB_READ, 512));
}

static void write_protected(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb;

	f->d.ro = true;
	EXPECT_WP(rw10(test, 0x2a, 0, 0, 1, VP_SRB_WRITE, 512));
	EXPECT_WP(rw16(test, 0x8a, 0, 8, VP_SRB_WRITE, 4096));
	cdb = cdb_op(test, 0xaa);
	put_unaligned_be32(1, cdb + 6);
	EXPECT_WP(run(test, 12, VP_SRB_WRITE, 512));
	cdb = cdb_op(test, 0x0a);
	cdb[4] = 1;
	EXPECT_WP(run(test, 6, VP_SRB_WRITE, 512));
	/* Reads still work. */
	expect_io(test, rw10(test, 0x28, 0, 0, 1, VP_SRB_READ, 512), VP_SCSI_READ, 0, 1, false);
	/* Out of range beats write protect. */
	EXPECT_OOR(rw10(test, 0x2a, 0, 4096, 1, VP_SRB_WRITE, 512));
}

/* ---- SYNCHRONIZE CACHE ---- */

static void synchronize_cache(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb;

	cdb_op(test, 0x35);
	KUNIT_EXPECT_EQ(test, run(test, 10, VP_SRB_NO_DATA, 0), VP_SCSI_FLUSH);
	KUNIT_EXPECT_EQ(test, f->c.status, VP_SAM_GOOD);
	KUNIT_EXPECT_EQ(test, f->c.sense_len, 0);
	KUNIT_EXPECT_EQ(test, f->c.data_len, 0);
	cdb = cdb_op(test, 0x35);
	put_unaligned_be32(2040, cdb + 2);
	put_unaligned_be16(8, cdb + 7);
	KUNIT_EXPECT_EQ(test, run(test, 10, VP_SRB_NO_DATA, 0), VP_SCSI_FLUSH);
	put_unaligned_be16(9, cdb + 7);
	EXPECT_OOR(run(test, 10, VP_SRB_NO_DATA, 0));
	put_unaligned_be32(2048, cdb + 2);
	put_unaligned_be16(0, cdb + 7);
	EXPECT_OOR(run(test, 10, VP_SRB_NO_DATA, 0));

	cdb = cdb_op(test, 0x91);
	KUNIT_EXPECT_EQ(test, run(test, 16, VP_SRB_NO_DATA, 0), VP_SCSI_FLUSH);
	put_unaligned_be64(U64_MAX, cdb + 2);
	put_unaligned_be32(2, cdb + 10);
	EXPECT_OOR(run(test, 16, VP_SRB_NO_DATA, 0));

	/* A read-only disk may still have dirty pages of its backing. */
	f->d.ro = true;
	f->d.wce = false;
	cdb_op(test, 0x91);
	KUNIT_EXPECT_EQ(test, run(test, 16, VP_SRB_NO_DATA, 0), VP_SCSI_FLUSH);
}

/* ---- UNMAP ---- */

static enum vp_scsi_action unmap_cdb(struct kunit *test, u16 len, u8 dir, u32 xfer)
{
	u8 *cdb = cdb_op(test, 0x42);

	put_unaligned_be16(len, cdb + 7);
	return run(test, 10, dir, xfer);
}

static void unmap_command(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	KUNIT_EXPECT_EQ(test, unmap_cdb(test, 24, VP_SRB_WRITE, 24), VP_SCSI_UNMAP);
	KUNIT_EXPECT_EQ(test, f->c.status, VP_SAM_GOOD);
	KUNIT_EXPECT_EQ(test, f->c.sense_len, 0);
	KUNIT_EXPECT_EQ(test, f->c.data_len, 24);
	KUNIT_EXPECT_EQ(test, unmap_cdb(test, 512, VP_SRB_WRITE, 4096), VP_SCSI_UNMAP);
	KUNIT_EXPECT_EQ(test, f->c.data_len, 512);

	EXPECT_GOOD(unmap_cdb(test, 0, VP_SRB_NO_DATA, 0), 0);
	EXPECT_SENSE(unmap_cdb(test, 7, VP_SRB_WRITE, 24), VP_SENSE_ILLEGAL_REQUEST,
		     VP_ASC_PARAM_LIST_LENGTH_ERROR);
	EXPECT_BAD_CDB(unmap_cdb(test, 513, VP_SRB_WRITE, 4096));
	EXPECT_BAD_CDB(unmap_cdb(test, 0xffff, VP_SRB_WRITE, 0xffff));
	EXPECT_BAD_CDB(unmap_cdb(test, 24, VP_SRB_WRITE, 23));
	EXPECT_BAD_CDB(unmap_cdb(test, 24, VP_SRB_READ, 24));
	EXPECT_BAD_CDB(unmap_cdb(test, 24, VP_SRB_NO_DATA, 24));
	cdb_op(test, 0x42)[1] = 0x01;		/* ANCHOR */
	EXPECT_BAD_CDB(run(test, 10, VP_SRB_WRITE, 24));

	f->d.ro = true;
	EXPECT_WP(unmap_cdb(test, 24, VP_SRB_WRITE, 24));
	f->d.discard = false;
	EXPECT_SENSE(unmap_cdb(test, 24, VP_SRB_WRITE, 24), VP_SENSE_ILLEGAL_REQUEST,
		     VP_ASC_INVALID_OPCODE);
}

/* An UNMAP list in f->buf: header lengths as given, then descriptors. */
static void list_hdr(struct kunit *test, u16 dl, u16 bdl)
{
	struct scsi_fx *f = test->priv;

	memset(f->buf, 0, VP_SCSI_BUF_SIZE);
	put_unaligned_be16(dl, f->buf);
	put_unaligned_be16(bdl, f->buf + 2);
}

static void list_desc(struct kunit *test, int i, u64 lba, u32 n)
{
	struct scsi_fx *f = test->priv;

	put_unaligned_be64(lba, f->buf + 8 + 16 * i);
	put_unaligned_be32(n, f->buf + 16 + 16 * i);
}

/* Parse the list of @len bytes, as after an accepted UNMAP. */
static int parse(struct kunit *test, u32 len, unsigned int max)
{
	struct scsi_fx *f = test->priv;

	memset(&f->c, 0, sizeof(f->c));
	f->c.data_len = len;
	return vp_scsi_unmap_parse(&f->d, &f->c, f->buf, f->ext, max);
}

static void unmap_list(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	/* What Linux sends: one descriptor, 24 bytes. */
	list_hdr(test, 22, 16);
	list_desc(test, 0, 100, 28);
	KUNIT_EXPECT_EQ(test, parse(test, 24, 4), 1);
	KUNIT_EXPECT_EQ(test, f->ext[0].lba, 100);
	KUNIT_EXPECT_EQ(test, f->ext[0].nblocks, 28);
	KUNIT_EXPECT_EQ(test, f->c.status, VP_SAM_GOOD);
	KUNIT_EXPECT_EQ(test, f->c.sense_len, 0);

	/* Several, a count-0 one skipped, the list padded past the data. */
	list_hdr(test, 54, 48);
	list_desc(test, 0, 0, 1);
	list_desc(test, 1, 2047, 0);
	list_desc(test, 2, 1024, 1024);
	KUNIT_EXPECT_EQ(test, parse(test, 512, 4), 2);
	KUNIT_EXPECT_EQ(test, f->ext[0].lba, 0);
	KUNIT_EXPECT_EQ(test, f->ext[0].nblocks, 1);
	KUNIT_EXPECT_EQ(test, f->ext[1].lba, 1024);
	KUNIT_EXPECT_EQ(test, f->ext[1].nblocks, 1024);

	/* No descriptors at all; a count-0 descriptor past the disk. */
	list_hdr(test, 6, 0);
	KUNIT_EXPECT_EQ(test, parse(test, 8, 4), 0);
	list_hdr(test, 22, 16);
	list_desc(test, 0, U64_MAX, 0);
	KUNIT_EXPECT_EQ(test, parse(test, 24, 4), 0);
	KUNIT_EXPECT_EQ(test, f->c.status, VP_SAM_GOOD);

	/* A partial last descriptor is ignored. */
	list_hdr(test, 26, 20);
	list_desc(test, 0, 1, 1);
	list_desc(test, 1, U64_MAX, U32_MAX);
	KUNIT_EXPECT_EQ(test, parse(test, 28, 4), 1);

	/* The most a full buffer holds, into exactly that many extents. */
	list_hdr(test, 510, 16 * 31);
	list_desc(test, 0, 7, 1);
	list_desc(test, 30, 9, 1);
	KUNIT_EXPECT_EQ(test, parse(test, 512, 2), 2);
	KUNIT_EXPECT_EQ(test, f->ext[1].lba, 9);
}

#define EXPECT_PARSE_FAIL(len, max, asc) do {					\
	KUNIT_EXPECT_EQ(test, parse(test, len, max), -1);			\
	EXPECT_SENSE(VP_SCSI_COMPLETE, VP_SENSE_ILLEGAL_REQUEST, asc);		\
} while (0)

static void unmap_list_invalid(struct kunit *test)
{
	/* Lengths against the list and each other. */
	list_hdr(test, 23, 16);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);
	list_hdr(test, 22, 17 + 16);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);
	list_hdr(test, 5, 0);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);
	list_hdr(test, 0xffff, 0xffff);
	EXPECT_PARSE_FAIL(512, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);
	list_hdr(test, 22, 16);
	EXPECT_PARSE_FAIL(7, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);
	EXPECT_PARSE_FAIL(0, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);
	EXPECT_PARSE_FAIL(513, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);
	EXPECT_PARSE_FAIL(U32_MAX, 4, VP_ASC_PARAM_LIST_LENGTH_ERROR);

	/* Ranges. */
	list_desc(test, 0, 2047, 2);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_LBA_OUT_OF_RANGE);
	list_desc(test, 0, 2048, 1);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_LBA_OUT_OF_RANGE);
	list_desc(test, 0, U64_MAX, 1);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_LBA_OUT_OF_RANGE);
	list_desc(test, 0, U64_MAX - 1, 2);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_LBA_OUT_OF_RANGE);

	/* Over max_unmap_blocks, and more ranges than the caller has room for. */
	list_desc(test, 0, 0, 1025);
	EXPECT_PARSE_FAIL(24, 4, VP_ASC_INVALID_FIELD_IN_PARAM);
	list_hdr(test, 38, 32);
	list_desc(test, 0, 0, 1);
	list_desc(test, 1, 1, 1);
	EXPECT_PARSE_FAIL(40, 1, VP_ASC_INVALID_FIELD_IN_PARAM);
	EXPECT_PARSE_FAIL(40, 0, VP_ASC_INVALID_FIELD_IN_PARAM);
	KUNIT_EXPECT_EQ(test, parse(test, 40, 2), 2);
}

/* ---- WRITE SAME(16) ---- */

static enum vp_scsi_action ws16(struct kunit *test, u8 flags, u64 lba, u32 n)
{
	u8 *cdb = cdb_op(test, 0x93);

	cdb[1] = flags;
	put_unaligned_be64(lba, cdb + 2);
	put_unaligned_be32(n, cdb + 10);
	return run(test, 16, VP_SRB_WRITE, 512);
}

static void write_same_16(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	KUNIT_EXPECT_EQ(test, ws16(test, 0x08, 1000, 1024), VP_SCSI_DISCARD);
	KUNIT_EXPECT_EQ(test, f->c.status, VP_SAM_GOOD);
	KUNIT_EXPECT_EQ(test, f->c.sense_len, 0);
	KUNIT_EXPECT_EQ(test, f->c.lba, 1000);
	KUNIT_EXPECT_EQ(test, f->c.nblocks, 1024);
	KUNIT_EXPECT_EQ(test, f->c.data_len, 0);

	EXPECT_BAD_CDB(ws16(test, 0x00, 0, 8));		/* without UNMAP */
	EXPECT_BAD_CDB(ws16(test, 0x08, 0, 0));
	EXPECT_BAD_CDB(ws16(test, 0x08, 0, 1025));
	EXPECT_BAD_CDB(ws16(test, 0x18, 0, 8));		/* ANCHOR */
	EXPECT_BAD_CDB(ws16(test, 0x28, 0, 8));		/* WRPROTECT */
	EXPECT_OOR(ws16(test, 0x08, 2047, 2));
	EXPECT_OOR(ws16(test, 0x08, U64_MAX, 1));
	f->d.ro = true;
	EXPECT_WP(ws16(test, 0x08, 0, 8));
	f->d.discard = false;
	EXPECT_SENSE(ws16(test, 0x08, 0, 8), VP_SENSE_ILLEGAL_REQUEST, VP_ASC_INVALID_OPCODE);
}

static struct kunit_case scsi_io_cases[] = {
	KUNIT_CASE(read_write_10),
	KUNIT_CASE(read_write_6),
	KUNIT_CASE(read_write_12_16),
	KUNIT_CASE(rw_zero_length),
	KUNIT_CASE(rw_out_of_range),
	KUNIT_CASE(rw_invalid_fields),
	KUNIT_CASE(write_protected),
	KUNIT_CASE(synchronize_cache),
	KUNIT_CASE(unmap_command),
	KUNIT_CASE(unmap_list),
	KUNIT_CASE(unmap_list_invalid),
	KUNIT_CASE(write_same_16),
	{}
};

static struct kunit_suite scsi_io_suite = {
	.name = "vpart_storvsp_scsi_io",
	.init = scsi_init,
	.test_cases = scsi_io_cases,
};

kunit_test_suite(scsi_io_suite);
