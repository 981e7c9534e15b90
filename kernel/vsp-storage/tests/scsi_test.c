// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_storvsp_scsi: what the SCSI target (scsi.c) answers
 * itself (INQUIRY and VPD pages, REPORT LUNS, REQUEST SENSE, READ CAPACITY,
 * MODE SENSE, bad opcodes and CDB lengths, absent LUNs) for the CDBs a
 * Linux guest sends and for hostile ones; the I/O commands are in
 * scsi_io_test.c. Offsets and values are written out from SPC-4/SBC-3, not
 * taken from scsi.c. Also the fixture's helpers (scsi_fx.h).
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "scsi_fx.h"

int scsi_init(struct kunit *test)
{
	struct scsi_fx *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->buf = kunit_kmalloc(test, VP_SCSI_BUF_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	f->d.nblocks = 2048;
	f->d.block_shift = 9;
	f->d.max_xfer_blocks = 512;
	f->d.max_unmap_blocks = 1024;
	f->d.discard = true;
	f->d.discard_zeroes = true;
	f->d.wce = true;
	f->d.fua = true;
	strscpy(f->d.serial, "VP0123456789", sizeof(f->d.serial));
	for (i = 0; i < 16; i++)
		f->d.id[i] = 0x10 * i + 0xf - i;
	test->priv = f;
	return 0;
}

u8 *cdb_op(struct kunit *test, u8 op)
{
	struct scsi_fx *f = test->priv;

	memset(f->cdb, 0, sizeof(f->cdb));
	f->cdb[0] = op;
	return f->cdb;
}

/* Poisoned outputs and buffer, so a field left unset shows. */
static void prepare(struct kunit *test, u8 len, u8 dir, u32 xfer)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cdb);
	memcpy(cdb, f->cdb, min_t(u8, len, sizeof(f->cdb)));
	memset(&f->c, 0xa5, sizeof(f->c));
	memset(f->buf, 0xa5, VP_SCSI_BUF_SIZE);
	f->c.cdb = cdb;
	f->c.cdb_len = len;
	f->c.dir = dir;
	f->c.xfer_len = xfer;
}

enum vp_scsi_action run(struct kunit *test, u8 len, u8 dir, u32 xfer)
{
	struct scsi_fx *f = test->priv;

	prepare(test, len, dir, xfer);
	return vp_scsi_execute(&f->d, &f->c, f->buf);
}

static void absent(struct kunit *test, u8 len, u32 xfer)
{
	struct scsi_fx *f = test->priv;

	prepare(test, len, VP_SRB_READ, xfer);
	vp_scsi_absent(&f->c, f->buf);
}

void expect_good(struct kunit *test, enum vp_scsi_action act, u32 len, int line)
{
	struct vp_scsi_cmd *c = &((struct scsi_fx *)test->priv)->c;

	KUNIT_EXPECT_EQ_MSG(test, act, VP_SCSI_COMPLETE, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->status, VP_SAM_GOOD, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->sense_len, 0, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->data_len, len, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->lba, 0, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->nblocks, 0, "line %d", line);
	KUNIT_EXPECT_FALSE_MSG(test, c->fua, "line %d", line);
}

void expect_sense(struct kunit *test, enum vp_scsi_action act, u8 key, u16 asc,
		  int line)
{
	struct vp_scsi_cmd *c = &((struct scsi_fx *)test->priv)->c;

	KUNIT_EXPECT_EQ_MSG(test, act, VP_SCSI_COMPLETE, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->status, VP_SAM_CHECK_CONDITION, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->sense_len, 18, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->sense[0], 0x70, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->sense[2], key, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->sense[7], 10, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->sense[12], asc >> 8, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->sense[13], asc & 0xff, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->data_len, 0, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->lba, 0, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->nblocks, 0, "line %d", line);
	KUNIT_EXPECT_FALSE_MSG(test, c->fua, "line %d", line);
}

/* ---- INQUIRY ---- */

static void inquiry_standard(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb = cdb_op(test, 0x12);

	put_unaligned_be16(255, cdb + 3);
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 255), 36);
	KUNIT_EXPECT_EQ(test, f->buf[0], 0x00);
	KUNIT_EXPECT_TRUE(test, f->buf[2] == 5 || f->buf[2] == 6);
	KUNIT_EXPECT_EQ(test, f->buf[3], 0x02);
	KUNIT_EXPECT_EQ(test, f->buf[4], 31);
	KUNIT_EXPECT_EQ(test, f->buf[7] & 0x02, 0x02);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + 8, "vpart   ", 8), 0);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + 16, "Virtual Disk    ", 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + 32, "1.0 ", 4), 0);

	/* Allocation length, transfer length and direction all cut it. */
	put_unaligned_be16(5, cdb + 3);
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 255), 5);
	put_unaligned_be16(36, cdb + 3);
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 20), 20);
	EXPECT_GOOD(run(test, 6, VP_SRB_NO_DATA, 36), 0);
	EXPECT_GOOD(run(test, 6, VP_SRB_WRITE, 36), 0);
	put_unaligned_be16(0, cdb + 3);
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 36), 0);
}

static void inquiry_invalid(struct kunit *test)
{
	u8 *cdb = cdb_op(test, 0x12);

	put_unaligned_be16(255, cdb + 3);
	cdb[2] = 0x80;		/* a page code without EVPD */
	EXPECT_BAD_CDB(run(test, 6, VP_SRB_READ, 255));
	cdb[1] = 0x02;		/* CmdDt */
	cdb[2] = 0;
	EXPECT_BAD_CDB(run(test, 6, VP_SRB_READ, 255));
	cdb[1] = 0x01;
	cdb[2] = 0x89;		/* ATA information: not offered */
	EXPECT_BAD_CDB(run(test, 6, VP_SRB_READ, 255));
	cdb[2] = 0xb9;
	EXPECT_BAD_CDB(run(test, 6, VP_SRB_READ, 255));
}

/* EVPD INQUIRY of @page with allocation length 255. */
static enum vp_scsi_action vpd(struct kunit *test, u8 page)
{
	u8 *cdb = cdb_op(test, 0x12);

	cdb[1] = 0x01;
	cdb[2] = page;
	put_unaligned_be16(255, cdb + 3);
	return run(test, 6, VP_SRB_READ, 255);
}

static void vpd_supported_pages(struct kunit *test)
{
	static const u8 want[] = { 0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2 };
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(vpd(test, 0x00), 10);
	KUNIT_EXPECT_EQ(test, f->buf[0], 0x00);
	KUNIT_EXPECT_EQ(test, f->buf[1], 0x00);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf + 2), 6);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + 4, want, sizeof(want)), 0);
}

static void vpd_serial(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(vpd(test, 0x80), 16);
	KUNIT_EXPECT_EQ(test, f->buf[1], 0x80);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf + 2), 12);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + 4, "VP0123456789", 12), 0);

	/* 20 characters fill the field; no NUL is read past it. */
	memset(f->d.serial, 'Z', sizeof(f->d.serial));
	EXPECT_GOOD(vpd(test, 0x80), 24);
	KUNIT_EXPECT_EQ(test, f->buf[3], 20);
	f->d.serial[0] = 0;
	EXPECT_GOOD(vpd(test, 0x80), 4);
	KUNIT_EXPECT_EQ(test, f->buf[3], 0);
}

static void vpd_device_id(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *p = f->buf + 4;
	u16 len;

	KUNIT_EXPECT_EQ(test, vpd(test, 0x83), VP_SCSI_COMPLETE);
	len = get_unaligned_be16(f->buf + 2);
	KUNIT_EXPECT_EQ(test, f->c.data_len, len + 4);
	KUNIT_EXPECT_EQ(test, f->buf[1], 0x83);
	/* T10 vendor ID designator: vendor, then the GUID in hex. */
	KUNIT_EXPECT_EQ(test, p[0] & 0x0f, 2);
	KUNIT_EXPECT_EQ(test, p[1] & 0x3f, 0x01);
	KUNIT_EXPECT_EQ(test, p[3], 40);
	KUNIT_EXPECT_EQ(test, memcmp(p + 4, "vpart   ", 8), 0);
	KUNIT_EXPECT_EQ(test, memcmp(p + 12, "0f1e2d3c4b5a69788796a5b4c3d2e1f0", 32), 0);
	p += 4 + p[3];
	/* Then the serial. */
	KUNIT_EXPECT_EQ(test, p[3], 12);
	KUNIT_EXPECT_EQ(test, memcmp(p + 4, "VP0123456789", 12), 0);
	KUNIT_EXPECT_EQ(test, p + 4 + p[3] - f->buf, len + 4);

	/* Two disks with different ids differ here. */
	f->d.id[15] ^= 0xff;
	KUNIT_EXPECT_EQ(test, vpd(test, 0x83), VP_SCSI_COMPLETE);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + 16, "0f1e2d3c4b5a69788796a5b4c3d2e10f", 32), 0);
}

static void vpd_block_limits(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(vpd(test, 0xb0), 64);
	KUNIT_EXPECT_EQ(test, f->buf[1], 0xb0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf + 2), 0x3c);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 8), 512);	/* maximum */
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 12), 512);	/* optimal */
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 20), 1024);	/* unmap LBAs */
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 24), VP_SCSI_UNMAP_MAX_DESC);
	KUNIT_EXPECT_EQ(test, VP_SCSI_UNMAP_MAX_DESC, 31);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 28), 1);	/* granularity */
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(f->buf + 36), 1024);	/* write same */

	f->d.discard = false;
	EXPECT_GOOD(vpd(test, 0xb0), 64);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 8), 512);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 20), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 24), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(f->buf + 36), 0);
}

static void vpd_characteristics(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(vpd(test, 0xb1), 64);
	KUNIT_EXPECT_EQ(test, f->buf[1], 0xb1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf + 2), 0x3c);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf + 4), 1);	/* non-rotating */
}

static void vpd_provisioning(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(vpd(test, 0xb2), 8);
	KUNIT_EXPECT_EQ(test, f->buf[1], 0xb2);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf + 2), 4);
	KUNIT_EXPECT_EQ(test, f->buf[5] & 0xc0, 0xc0);		/* LBPU, LBPWS */
	KUNIT_EXPECT_EQ(test, (f->buf[5] >> 2) & 7, 1);		/* LBPRZ */
	KUNIT_EXPECT_EQ(test, f->buf[6] & 7, 2);		/* thin */

	f->d.discard_zeroes = false;
	EXPECT_GOOD(vpd(test, 0xb2), 8);
	KUNIT_EXPECT_EQ(test, f->buf[5] & 0xc0, 0xc0);
	KUNIT_EXPECT_EQ(test, (f->buf[5] >> 2) & 7, 0);

	f->d.discard = false;
	EXPECT_GOOD(vpd(test, 0xb2), 8);
	KUNIT_EXPECT_EQ(test, f->buf[5], 0);
	KUNIT_EXPECT_EQ(test, f->buf[6] & 7, 0);
}

static void vpd_allocation_length(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb = cdb_op(test, 0x12);

	cdb[1] = 0x01;
	cdb[2] = 0xb0;
	put_unaligned_be16(4, cdb + 3);
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 255), 4);
	KUNIT_EXPECT_EQ(test, f->buf[3], 0x3c);
	put_unaligned_be16(0xffff, cdb + 3);
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 0xffff), 64);
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 10), 10);
}

/* ---- REPORT LUNS, TEST UNIT READY, START STOP UNIT, REQUEST SENSE ---- */

static void report_luns(struct kunit *test)
{
	static const u8 zero[8] = { };
	struct scsi_fx *f = test->priv;
	u8 *cdb = cdb_op(test, 0xa0);

	put_unaligned_be32(4096, cdb + 6);
	EXPECT_GOOD(run(test, 12, VP_SRB_READ, 4096), 16);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf), 8);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf + 8, zero, 8), 0);	/* LUN 0 */

	EXPECT_GOOD(run(test, 12, VP_SRB_READ, 12), 12);
	put_unaligned_be32(16, cdb + 6);
	EXPECT_GOOD(run(test, 12, VP_SRB_READ, 4096), 16);
	put_unaligned_be32(15, cdb + 6);
	EXPECT_BAD_CDB(run(test, 12, VP_SRB_READ, 4096));
	put_unaligned_be32(0, cdb + 6);
	EXPECT_BAD_CDB(run(test, 12, VP_SRB_READ, 4096));

	put_unaligned_be32(4096, cdb + 6);
	cdb[2] = 1;		/* well-known LUNs: none */
	EXPECT_GOOD(run(test, 12, VP_SRB_READ, 4096), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf), 0);
	cdb[2] = 2;
	EXPECT_GOOD(run(test, 12, VP_SRB_READ, 4096), 16);
	cdb[2] = 0x10;
	EXPECT_BAD_CDB(run(test, 12, VP_SRB_READ, 4096));
}

static void no_data_commands(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	cdb_op(test, 0x00);
	EXPECT_GOOD(run(test, 6, VP_SRB_NO_DATA, 0), 0);
	f->d.ro = true;
	EXPECT_GOOD(run(test, 6, VP_SRB_NO_DATA, 0), 0);
	cdb_op(test, 0x1b)[4] = 0x01;	/* START */
	EXPECT_GOOD(run(test, 6, VP_SRB_NO_DATA, 0), 0);
	/* A longer CDB than the opcode needs is fine. */
	EXPECT_GOOD(run(test, 16, VP_SRB_NO_DATA, 0), 0);
}

static void request_sense(struct kunit *test)
{
	struct scsi_fx *f = test->priv;
	u8 *cdb = cdb_op(test, 0x03);

	cdb[4] = 252;
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 252), 18);
	KUNIT_EXPECT_EQ(test, f->buf[0], 0x70);
	KUNIT_EXPECT_EQ(test, f->buf[2], VP_SENSE_NO_SENSE);
	KUNIT_EXPECT_EQ(test, f->buf[7], 10);
	KUNIT_EXPECT_EQ(test, f->buf[12], 0);
	KUNIT_EXPECT_EQ(test, f->buf[13], 0);
	cdb[4] = 8;
	EXPECT_GOOD(run(test, 6, VP_SRB_READ, 252), 8);
	cdb[1] = 0x01;		/* DESC */
	EXPECT_BAD_CDB(run(test, 6, VP_SRB_READ, 252));
}

/* ---- READ CAPACITY ---- */

static enum vp_scsi_action rc10(struct kunit *test)
{
	cdb_op(test, 0x25);
	return run(test, 10, VP_SRB_READ, 8);
}

static void read_capacity_10(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(rc10(test), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf), 2047);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 4), 512);

	f->d.block_shift = 12;
	f->d.nblocks = 0xffffffffULL;		/* last LBA 0xfffffffe fits */
	EXPECT_GOOD(rc10(test), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf), 0xfffffffe);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 4), 4096);
	f->d.nblocks = 0x100000000ULL;
	EXPECT_GOOD(rc10(test), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf), 0xffffffff);
	f->d.nblocks = 1ULL << 40;
	EXPECT_GOOD(rc10(test), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf), 0xffffffff);

	f->d.nblocks = 1;
	EXPECT_GOOD(rc10(test), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf), 0);
	cdb_op(test, 0x25);
	EXPECT_GOOD(run(test, 10, VP_SRB_READ, 4), 4);
}

static enum vp_scsi_action rc16(struct kunit *test, u32 alloc)
{
	u8 *cdb = cdb_op(test, 0x9e);

	cdb[1] = 0x10;
	put_unaligned_be32(alloc, cdb + 10);
	return run(test, 16, VP_SRB_READ, 32);
}

static void read_capacity_16(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(rc16(test, 32), 32);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(f->buf), 2047);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 8), 512);
	KUNIT_EXPECT_EQ(test, f->buf[12], 0);			/* no protection */
	KUNIT_EXPECT_EQ(test, f->buf[13], 0);			/* 1 logical/physical */
	KUNIT_EXPECT_EQ(test, f->buf[14] & 0xc0, 0xc0);		/* LBPME, LBPRZ */

	f->d.discard_zeroes = false;
	f->d.nblocks = 1ULL << 40;
	f->d.block_shift = 12;
	EXPECT_GOOD(rc16(test, 32), 32);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(f->buf), (1ULL << 40) - 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(f->buf + 8), 4096);
	KUNIT_EXPECT_EQ(test, f->buf[14] & 0xc0, 0x80);
	f->d.discard = false;
	EXPECT_GOOD(rc16(test, 32), 32);
	KUNIT_EXPECT_EQ(test, f->buf[14] & 0xc0, 0);

	EXPECT_GOOD(rc16(test, 12), 12);
	EXPECT_GOOD(rc16(test, 0), 0);
	EXPECT_GOOD(rc16(test, 0xffffffff), 32);

	/* Other service actions of SERVICE ACTION IN(16). */
	cdb_op(test, 0x9e)[1] = 0x12;
	EXPECT_BAD_CDB(run(test, 16, VP_SRB_READ, 32));
	cdb_op(test, 0x9e);
	EXPECT_BAD_CDB(run(test, 16, VP_SRB_READ, 32));
}

/* ---- MODE SENSE ---- */

static enum vp_scsi_action ms6(struct kunit *test, u8 page_byte, u8 sub, u8 alloc)
{
	u8 *cdb = cdb_op(test, 0x1a);

	cdb[1] = 0x08;		/* DBD, as sd sends it */
	cdb[2] = page_byte;
	cdb[3] = sub;
	cdb[4] = alloc;
	return run(test, 6, VP_SRB_READ, 255);
}

static enum vp_scsi_action ms10(struct kunit *test, u8 page_byte, u16 alloc)
{
	u8 *cdb = cdb_op(test, 0x5a);

	cdb[2] = page_byte;
	put_unaligned_be16(alloc, cdb + 7);
	return run(test, 10, VP_SRB_READ, 512);
}

static void mode_sense_6_caching(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(ms6(test, 0x08, 0, 255), 24);
	KUNIT_EXPECT_EQ(test, f->buf[0], 23);		/* mode data length */
	KUNIT_EXPECT_EQ(test, f->buf[1], 0);		/* medium type */
	KUNIT_EXPECT_EQ(test, f->buf[2], 0x10);		/* DPOFUA, not WP */
	KUNIT_EXPECT_EQ(test, f->buf[3], 0);		/* no block descriptors */
	KUNIT_EXPECT_EQ(test, f->buf[4] & 0x3f, 0x08);
	KUNIT_EXPECT_EQ(test, f->buf[5], 0x12);
	KUNIT_EXPECT_EQ(test, f->buf[6] & 0x04, 0x04);	/* WCE */
	KUNIT_EXPECT_EQ(test, f->buf[6] & 0x01, 0);	/* RCD */

	f->d.wce = false;
	f->d.fua = false;
	f->d.ro = true;
	EXPECT_GOOD(ms6(test, 0x08, 0, 255), 24);
	KUNIT_EXPECT_EQ(test, f->buf[2], 0x80);		/* WP */
	KUNIT_EXPECT_EQ(test, f->buf[6] & 0x04, 0);

	/* sd reads the header first, with an allocation length of 4. */
	EXPECT_GOOD(ms6(test, 0x3f, 0, 4), 4);
	KUNIT_EXPECT_EQ(test, f->buf[0], 35);
	KUNIT_EXPECT_EQ(test, f->buf[2] & 0x80, 0x80);
}

static void mode_sense_10_all(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	EXPECT_GOOD(ms10(test, 0x3f, 512), 40);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf), 38);
	KUNIT_EXPECT_EQ(test, f->buf[3], 0x10);		/* DPOFUA */
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf + 6), 0);
	KUNIT_EXPECT_EQ(test, f->buf[8] & 0x3f, 0x08);	/* pages in order */
	KUNIT_EXPECT_EQ(test, f->buf[9], 0x12);
	KUNIT_EXPECT_EQ(test, f->buf[10] & 0x04, 0x04);
	KUNIT_EXPECT_EQ(test, f->buf[28] & 0x3f, 0x0a);
	KUNIT_EXPECT_EQ(test, f->buf[29], 0x0a);

	EXPECT_GOOD(ms10(test, 0x0a, 512), 20);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(f->buf), 18);
	KUNIT_EXPECT_EQ(test, f->buf[8] & 0x3f, 0x0a);

	f->d.ro = true;
	EXPECT_GOOD(ms10(test, 0x08, 512), 28);
	KUNIT_EXPECT_EQ(test, f->buf[3], 0x90);
	EXPECT_GOOD(ms10(test, 0x08, 8), 8);
	EXPECT_GOOD(ms10(test, 0x08, 0), 0);
}

static void mode_sense_page_control(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	/* Changeable: nothing is (no MODE SELECT). */
	EXPECT_GOOD(ms6(test, 0x40 | 0x08, 0, 255), 24);
	KUNIT_EXPECT_EQ(test, f->buf[4] & 0x3f, 0x08);
	KUNIT_EXPECT_EQ(test, f->buf[6], 0);
	/* Default: as current. */
	EXPECT_GOOD(ms6(test, 0x80 | 0x08, 0, 255), 24);
	KUNIT_EXPECT_EQ(test, f->buf[6] & 0x04, 0x04);
	/* Saved: none. */
	EXPECT_SENSE(ms6(test, 0xc0 | 0x08, 0, 255), VP_SENSE_ILLEGAL_REQUEST,
		     VP_ASC_SAVING_NOT_SUPPORTED);
	EXPECT_SENSE(ms10(test, 0xc0 | 0x3f, 512), VP_SENSE_ILLEGAL_REQUEST,
		     VP_ASC_SAVING_NOT_SUPPORTED);
}

static void mode_sense_invalid(struct kunit *test)
{
	EXPECT_BAD_CDB(ms6(test, 0x1c, 0, 255));	/* informational exceptions */
	EXPECT_BAD_CDB(ms6(test, 0x00, 0, 255));
	EXPECT_BAD_CDB(ms10(test, 0x01, 512));
	EXPECT_BAD_CDB(ms6(test, 0x08, 0x01, 255));	/* subpages */
	EXPECT_BAD_CDB(ms6(test, 0x08, 0xff, 255));
	EXPECT_GOOD(ms6(test, 0x3f, 0xff, 255), 36);
}

/* ---- opcodes and CDB lengths ---- */

static void invalid_opcodes(struct kunit *test)
{
	static const u8 ops[] = {
		0x04,	/* FORMAT UNIT */
		0x15,	/* MODE SELECT(6) */
		0x2f,	/* VERIFY(10) */
		0x41,	/* WRITE SAME(10) */
		0x55,	/* MODE SELECT(10) */
		0x7f,	/* variable length */
		0x89,	/* COMPARE AND WRITE */
		0xa3,	/* MAINTENANCE IN */
		0xff,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		cdb_op(test, ops[i]);
		EXPECT_SENSE(run(test, 16, VP_SRB_READ, 512), VP_SENSE_ILLEGAL_REQUEST,
			     VP_ASC_INVALID_OPCODE);
		/* Only the opcode byte is there: still read no further. */
		EXPECT_SENSE(run(test, 1, VP_SRB_READ, 512), VP_SENSE_ILLEGAL_REQUEST,
			     VP_ASC_INVALID_OPCODE);
	}
}

static void cdb_too_short(struct kunit *test)
{
	static const struct { u8 op, len; } ops[] = {
		{ 0x00, 6 }, { 0x03, 6 }, { 0x08, 6 }, { 0x0a, 6 }, { 0x12, 6 },
		{ 0x1a, 6 }, { 0x1b, 6 }, { 0x25, 10 }, { 0x28, 10 }, { 0x2a, 10 },
		{ 0x35, 10 }, { 0x42, 10 }, { 0x5a, 10 }, { 0x88, 16 }, { 0x8a, 16 },
		{ 0x91, 16 }, { 0x93, 16 }, { 0x9e, 16 }, { 0xa0, 12 }, { 0xa8, 12 },
		{ 0xaa, 12 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		cdb_op(test, ops[i].op);
		EXPECT_BAD_CDB(run(test, ops[i].len - 1, VP_SRB_READ, 512));
		EXPECT_BAD_CDB(run(test, 1, VP_SRB_READ, 512));
	}
	cdb_op(test, 0x00);
	EXPECT_BAD_CDB(run(test, 0, VP_SRB_NO_DATA, 0));
	EXPECT_BAD_CDB(run(test, 17, VP_SRB_NO_DATA, 0));
	EXPECT_BAD_CDB(run(test, 255, VP_SRB_NO_DATA, 0));
}

/* ---- absent LUNs ---- */

static void absent_lun(struct kunit *test)
{
	static const u8 zero[8] = { };
	struct scsi_fx *f = test->priv;
	u8 *cdb = cdb_op(test, 0x12);

	put_unaligned_be16(36, cdb + 3);
	absent(test, 6, 36);
	EXPECT_GOOD(VP_SCSI_COMPLETE, 36);
	KUNIT_EXPECT_EQ(test, f->buf[0], 0x7f);
	KUNIT_EXPECT_EQ(test, f->buf[4], 31);
	put_unaligned_be16(5, cdb + 3);
	absent(test, 6, 36);
	EXPECT_GOOD(VP_SCSI_COMPLETE, 5);
	KUNIT_EXPECT_EQ(test, f->buf[0], 0x7f);
	/* Even an EVPD INQUIRY: nothing is here. */
	cdb[1] = 0x01;
	cdb[2] = 0x83;
	put_unaligned_be16(255, cdb + 3);
	absent(test, 6, 255);
	EXPECT_GOOD(VP_SCSI_COMPLETE, 36);
	KUNIT_EXPECT_EQ(test, f->buf[0], 0x7f);
	absent(test, 5, 255);
	EXPECT_BAD_CDB(VP_SCSI_COMPLETE);

	cdb = cdb_op(test, 0xa0);
	put_unaligned_be32(4096, cdb + 6);
	absent(test, 12, 4096);
	EXPECT_GOOD(VP_SCSI_COMPLETE, 8);
	KUNIT_EXPECT_EQ(test, memcmp(f->buf, zero, 8), 0);
	absent(test, 12, 4);
	EXPECT_GOOD(VP_SCSI_COMPLETE, 4);

	cdb_op(test, 0x00);
	absent(test, 6, 0);
	EXPECT_SENSE(VP_SCSI_COMPLETE, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_LUN_NOT_SUPPORTED);
	cdb_op(test, 0x28);
	absent(test, 10, 512);
	EXPECT_SENSE(VP_SCSI_COMPLETE, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_LUN_NOT_SUPPORTED);
	absent(test, 3, 512);
	EXPECT_SENSE(VP_SCSI_COMPLETE, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_LUN_NOT_SUPPORTED);
	absent(test, 0, 512);
	EXPECT_SENSE(VP_SCSI_COMPLETE, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_LUN_NOT_SUPPORTED);
}

static void set_sense(struct kunit *test)
{
	struct scsi_fx *f = test->priv;

	memset(&f->c, 0xa5, sizeof(f->c));
	vp_scsi_set_sense(&f->c, VP_SENSE_MEDIUM_ERROR, VP_ASC_UNRECOVERED_READ_ERROR);
	EXPECT_SENSE(VP_SCSI_COMPLETE, VP_SENSE_MEDIUM_ERROR, VP_ASC_UNRECOVERED_READ_ERROR);
	KUNIT_EXPECT_EQ(test, f->c.sense[1], 0);
	KUNIT_EXPECT_EQ(test, f->c.sense[17], 0);
}

static struct kunit_case scsi_cases[] = {
	KUNIT_CASE(inquiry_standard),
	KUNIT_CASE(inquiry_invalid),
	KUNIT_CASE(vpd_supported_pages),
	KUNIT_CASE(vpd_serial),
	KUNIT_CASE(vpd_device_id),
	KUNIT_CASE(vpd_block_limits),
	KUNIT_CASE(vpd_characteristics),
	KUNIT_CASE(vpd_provisioning),
	KUNIT_CASE(vpd_allocation_length),
	KUNIT_CASE(report_luns),
	KUNIT_CASE(no_data_commands),
	KUNIT_CASE(request_sense),
	KUNIT_CASE(read_capacity_10),
	KUNIT_CASE(read_capacity_16),
	KUNIT_CASE(mode_sense_6_caching),
	KUNIT_CASE(mode_sense_10_all),
	KUNIT_CASE(mode_sense_page_control),
	KUNIT_CASE(mode_sense_invalid),
	KUNIT_CASE(invalid_opcodes),
	KUNIT_CASE(cdb_too_short),
	KUNIT_CASE(absent_lun),
	KUNIT_CASE(set_sense),
	{}
};

static struct kunit_suite scsi_suite = {
	.name = "vpart_storvsp_scsi",
	.init = scsi_init,
	.test_cases = scsi_cases,
};

kunit_test_suite(scsi_suite);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit suites for vpart_storvsp.ko");
MODULE_LICENSE("GPL");
