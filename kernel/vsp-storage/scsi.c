// SPDX-License-Identifier: GPL-2.0
/*
 * The SCSI target of vpart_storvsp (see scsi.h): the SPC-4/SBC-3 subset a
 * Linux hv_storvsc guest sends a disk. Every CDB byte and length comes from
 * the guest; each field is checked before it is used.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <kunit/visibility.h>
#else
#include "vpart/ucompat.h"
#endif
#include "vpart/storvsp_proto.h"
#include "scsi.h"

/* Opcodes (SPC-4, SBC-3). */
enum {
	VP_OP_TEST_UNIT_READY = 0x00,
	VP_OP_REQUEST_SENSE = 0x03,
	VP_OP_READ_6 = 0x08,
	VP_OP_WRITE_6 = 0x0a,
	VP_OP_INQUIRY = 0x12,
	VP_OP_MODE_SENSE_6 = 0x1a,
	VP_OP_START_STOP_UNIT = 0x1b,
	VP_OP_READ_CAPACITY_10 = 0x25,
	VP_OP_READ_10 = 0x28,
	VP_OP_WRITE_10 = 0x2a,
	VP_OP_SYNC_CACHE_10 = 0x35,
	VP_OP_UNMAP = 0x42,
	VP_OP_MODE_SENSE_10 = 0x5a,
	VP_OP_READ_16 = 0x88,
	VP_OP_WRITE_16 = 0x8a,
	VP_OP_SYNC_CACHE_16 = 0x91,
	VP_OP_WRITE_SAME_16 = 0x93,
	VP_OP_SERVICE_ACTION_IN_16 = 0x9e,
	VP_OP_REPORT_LUNS = 0xa0,
	VP_OP_READ_12 = 0xa8,
	VP_OP_WRITE_12 = 0xaa,
};

#define VP_SA_READ_CAPACITY_16	0x10

/* Mode pages. */
#define VP_MODE_CACHING		0x08
#define VP_MODE_CONTROL		0x0a
#define VP_MODE_ALL		0x3f
#define VP_MODE_CACHING_LEN	20
#define VP_MODE_CONTROL_LEN	12

/* Page control of MODE SENSE. */
#define VP_PC_CURRENT		0
#define VP_PC_CHANGEABLE	1
#define VP_PC_SAVED		3

/* The standard INQUIRY data we send: the SPC minimum of 36 bytes. */
#define VP_INQUIRY_LEN		36
/* Length of a VPD B0/B1 page after its 4-byte header (SBC-3). */
#define VP_VPD_LIMITS_LEN	0x3c
/* Room for any VPD page built here; 0x83 is the longest (72 bytes). */
#define VP_VPD_MAX		128
static_assert(VP_VPD_MAX <= VP_SCSI_BUF_SIZE);

/*
 * CDB size of each supported opcode (6, 10, 12 or 16 by group code);
 * 0: not supported.
 */
static const u8 vp_cdb_size[256] = {
	[VP_OP_TEST_UNIT_READY] = 6,
	[VP_OP_REQUEST_SENSE] = 6,
	[VP_OP_READ_6] = 6,
	[VP_OP_WRITE_6] = 6,
	[VP_OP_INQUIRY] = 6,
	[VP_OP_MODE_SENSE_6] = 6,
	[VP_OP_START_STOP_UNIT] = 6,
	[VP_OP_READ_CAPACITY_10] = 10,
	[VP_OP_READ_10] = 10,
	[VP_OP_WRITE_10] = 10,
	[VP_OP_SYNC_CACHE_10] = 10,
	[VP_OP_UNMAP] = 10,
	[VP_OP_MODE_SENSE_10] = 10,
	[VP_OP_READ_16] = 16,
	[VP_OP_WRITE_16] = 16,
	[VP_OP_SYNC_CACHE_16] = 16,
	[VP_OP_WRITE_SAME_16] = 16,
	[VP_OP_SERVICE_ACTION_IN_16] = 16,
	[VP_OP_REPORT_LUNS] = 12,
	[VP_OP_READ_12] = 12,
	[VP_OP_WRITE_12] = 12,
};

static const u8 vp_vpd_pages[] = { 0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2 };

void vp_scsi_set_sense(struct vp_scsi_cmd *c, u8 key, u16 asc_ascq)
{
	c->status = VP_SAM_CHECK_CONDITION;
	c->sense_len = VP_SCSI_SENSE_LEN;
	memset(c->sense, 0, sizeof(c->sense));
	c->sense[0] = 0x70;			/* current error, fixed format */
	c->sense[2] = key & 0x0f;
	c->sense[7] = VP_SCSI_SENSE_LEN - 8;	/* additional sense length */
	c->sense[12] = asc_ascq >> 8;
	c->sense[13] = asc_ascq & 0xff;
	/* An error moves no data and asks for no I/O. */
	c->fua = false;
	c->lba = 0;
	c->nblocks = 0;
	c->data_len = 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_scsi_set_sense);

static enum vp_scsi_action vp_fail(struct vp_scsi_cmd *c, u8 key, u16 asc_ascq)
{
	vp_scsi_set_sense(c, key, asc_ascq);
	return VP_SCSI_COMPLETE;
}

static enum vp_scsi_action vp_bad_cdb(struct vp_scsi_cmd *c)
{
	return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_INVALID_FIELD_IN_CDB);
}

/* GOOD with @len bytes of data-in, cut to the allocation and transfer length. */
static enum vp_scsi_action vp_answer(struct vp_scsi_cmd *c, u32 len, u32 alloc)
{
	/* Data-in only goes to a buffer the guest offered for reading. */
	u32 room = c->dir == VP_SRB_READ ? c->xfer_len : 0;

	len = min_t(u32, len, VP_SCSI_BUF_SIZE);
	len = min(len, alloc);
	c->data_len = min(len, room);
	return VP_SCSI_COMPLETE;
}

static void vp_scsi_clear(struct vp_scsi_cmd *c)
{
	c->status = VP_SAM_GOOD;
	c->sense_len = 0;
	memset(c->sense, 0, sizeof(c->sense));
	c->fua = false;
	c->lba = 0;
	c->nblocks = 0;
	c->data_len = 0;
}

/* False (with sense set) when the CDB is shorter than its opcode needs. */
static bool vp_cdb_len_ok(struct vp_scsi_cmd *c)
{
	if (!c->cdb_len || c->cdb_len > VP_VSTOR_CDB_SIZE ||
	    c->cdb_len < vp_cdb_size[c->cdb[0]]) {
		vp_bad_cdb(c);
		return false;
	}
	return true;
}

/* Does [@lba, @lba + @n) lie on the disk? @lba itself must, even for n == 0. */
static bool vp_range_ok(const struct vp_scsi_disk *d, u64 lba, u64 n)
{
	return lba < d->nblocks && n <= d->nblocks - lba;
}

static u32 vp_std_inquiry(u8 *buf, u8 byte0)
{
	memset(buf, 0, VP_INQUIRY_LEN);
	buf[0] = byte0;
	buf[2] = 0x06;		/* SPC-4 */
	buf[3] = 0x02;		/* response data format 2 */
	buf[4] = VP_INQUIRY_LEN - 5;
	buf[7] = 0x02;		/* CmdQue: many commands outstanding */
	memcpy(buf + 8, "vpart   ", 8);
	memcpy(buf + 16, "Virtual Disk    ", 16);
	memcpy(buf + 32, "1.0 ", 4);
	return VP_INQUIRY_LEN;
}

static u32 vp_serial_len(const struct vp_scsi_disk *d)
{
	return strnlen(d->serial, sizeof(d->serial) - 1);
}

/* Device identification: a T10 vendor ID from the instance GUID, the serial. */
static u32 vp_vpd_devid(const struct vp_scsi_disk *d, u8 *buf)
{
	static const char hex[] = "0123456789abcdef";
	u32 slen = vp_serial_len(d);
	u8 *p = buf + 4;
	unsigned int i;

	p[0] = 0x02;		/* code set: ASCII */
	p[1] = 0x01;		/* logical unit, T10 vendor ID */
	p[3] = 8 + 2 * sizeof(d->id);
	memcpy(p + 4, "vpart   ", 8);
	for (i = 0; i < sizeof(d->id); i++) {
		p[12 + 2 * i] = hex[d->id[i] >> 4];
		p[13 + 2 * i] = hex[d->id[i] & 0xf];
	}
	p += 4 + p[3];
	if (slen) {
		p[0] = 0x02;	/* ASCII */
		p[1] = 0x00;	/* logical unit, vendor specific */
		p[3] = slen;
		memcpy(p + 4, d->serial, slen);
		p += 4 + slen;
	}
	return p - buf;
}

/* Block limits: what sd uses to size requests and discards. */
static void vp_vpd_limits(const struct vp_scsi_disk *d, u8 *buf)
{
	buf[4] = 0x01;		/* WSNZ: WRITE SAME needs a block count */
	put_unaligned_be16(1, buf + 6);			/* optimal granularity */
	put_unaligned_be32(d->max_xfer_blocks, buf + 8);	/* maximum */
	put_unaligned_be32(d->max_xfer_blocks, buf + 12);	/* optimal */
	if (d->discard) {
		put_unaligned_be32(d->max_unmap_blocks, buf + 20);
		put_unaligned_be32(VP_SCSI_UNMAP_MAX_DESC, buf + 24);
		put_unaligned_be32(1, buf + 28);	/* unmap granularity */
		put_unaligned_be64(d->max_unmap_blocks, buf + 36);
	}
}

static enum vp_scsi_action vp_inquiry(const struct vp_scsi_disk *d,
				      struct vp_scsi_cmd *c, u8 *buf)
{
	const u8 *cdb = c->cdb;
	u32 alloc = get_unaligned_be16(cdb + 3);
	u32 len;

	/* CmdDt is obsolete; a page code needs EVPD. */
	if (cdb[1] & 0xfe || (!(cdb[1] & 0x01) && cdb[2]))
		return vp_bad_cdb(c);
	if (!(cdb[1] & 0x01))
		return vp_answer(c, vp_std_inquiry(buf, 0x00), alloc);

	memset(buf, 0, VP_VPD_MAX);
	buf[1] = cdb[2];
	switch (cdb[2]) {
	case 0x00:
		buf[3] = sizeof(vp_vpd_pages);
		memcpy(buf + 4, vp_vpd_pages, sizeof(vp_vpd_pages));
		len = 4 + sizeof(vp_vpd_pages);
		break;
	case 0x80:
		len = vp_serial_len(d);
		buf[3] = len;
		memcpy(buf + 4, d->serial, len);
		len += 4;
		break;
	case 0x83:
		len = vp_vpd_devid(d, buf);
		put_unaligned_be16(len - 4, buf + 2);
		break;
	case 0xb0:
		buf[3] = VP_VPD_LIMITS_LEN;
		vp_vpd_limits(d, buf);
		len = 4 + VP_VPD_LIMITS_LEN;
		break;
	case 0xb1:
		buf[3] = VP_VPD_LIMITS_LEN;
		put_unaligned_be16(1, buf + 4);	/* non-rotating medium */
		len = 4 + VP_VPD_LIMITS_LEN;
		break;
	case 0xb2:
		buf[3] = 4;
		if (d->discard) {
			/* LBPU, LBPWS; LBPRZ 001b; thin provisioned */
			buf[5] = 0xc0 | (d->discard_zeroes ? 0x04 : 0);
			buf[6] = 0x02;
		}
		len = 8;
		break;
	default:
		return vp_bad_cdb(c);
	}
	return vp_answer(c, len, alloc);
}

static enum vp_scsi_action vp_report_luns(struct vp_scsi_cmd *c, u8 *buf)
{
	u8 select = c->cdb[2];
	u32 alloc = get_unaligned_be32(c->cdb + 6);

	/* SPC-4: less than 16 is an error; 0-2 are the defined selections. */
	if (alloc < 16 || select > 2)
		return vp_bad_cdb(c);
	memset(buf, 0, 16);
	if (select == 1)	/* well-known LUNs only: there are none */
		return vp_answer(c, 8, alloc);
	put_unaligned_be32(8, buf);	/* LUN 0, all zeros */
	return vp_answer(c, 16, alloc);
}

static enum vp_scsi_action vp_read_capacity(const struct vp_scsi_disk *d,
					    struct vp_scsi_cmd *c, u8 *buf,
					    bool rc16)
{
	u64 last = d->nblocks - 1;
	u32 alloc;

	if (!rc16) {
		put_unaligned_be32(last >= 0xffffffffULL ? 0xffffffff : last, buf);
		put_unaligned_be32(1u << d->block_shift, buf + 4);
		return vp_answer(c, 8, 8);
	}
	if ((c->cdb[1] & 0x1f) != VP_SA_READ_CAPACITY_16)
		return vp_bad_cdb(c);
	alloc = get_unaligned_be32(c->cdb + 10);
	memset(buf, 0, 32);
	put_unaligned_be64(last, buf);
	put_unaligned_be32(1u << d->block_shift, buf + 8);
	if (d->discard)
		buf[14] = 0x80 | (d->discard_zeroes ? 0x40 : 0);  /* LBPME, LBPRZ */
	return vp_answer(c, 32, alloc);
}

static u32 vp_mode_caching(const struct vp_scsi_disk *d, u8 *p, u8 pc)
{
	p[0] = VP_MODE_CACHING;
	p[1] = VP_MODE_CACHING_LEN - 2;
	/* Nothing is changeable: there is no MODE SELECT. */
	if (pc != VP_PC_CHANGEABLE && d->wce)
		p[2] = 0x04;	/* WCE */
	return VP_MODE_CACHING_LEN;
}

static u32 vp_mode_control(u8 *p, u8 pc)
{
	p[0] = VP_MODE_CONTROL;
	p[1] = VP_MODE_CONTROL_LEN - 2;
	if (pc != VP_PC_CHANGEABLE)
		p[3] = 0x10;	/* queued commands may be reordered */
	return VP_MODE_CONTROL_LEN;
}

/* MODE SENSE(6) and (10); no block descriptors, as DBD=0 allows. */
static enum vp_scsi_action vp_mode_sense(const struct vp_scsi_disk *d,
					 struct vp_scsi_cmd *c, u8 *buf,
					 bool ms10)
{
	const u8 *cdb = c->cdb;
	u8 pc = cdb[2] >> 6, page = cdb[2] & 0x3f, sub = cdb[3];
	u32 len = ms10 ? 8 : 4;
	u32 alloc = ms10 ? get_unaligned_be16(cdb + 7) : cdb[4];
	u8 dsp = (d->ro ? 0x80 : 0) | (d->fua ? 0x10 : 0);

	if (pc == VP_PC_SAVED)
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST,
			       VP_ASC_SAVING_NOT_SUPPORTED);
	if (page != VP_MODE_CACHING && page != VP_MODE_CONTROL &&
	    page != VP_MODE_ALL)
		return vp_bad_cdb(c);
	/* No subpages: only "all subpages" of all pages is accepted. */
	if (sub && !(page == VP_MODE_ALL && sub == 0xff))
		return vp_bad_cdb(c);

	memset(buf, 0, 8 + VP_MODE_CACHING_LEN + VP_MODE_CONTROL_LEN);
	if (page == VP_MODE_CACHING || page == VP_MODE_ALL)
		len += vp_mode_caching(d, buf + len, pc);
	if (page == VP_MODE_CONTROL || page == VP_MODE_ALL)
		len += vp_mode_control(buf + len, pc);
	if (ms10) {
		put_unaligned_be16(len - 2, buf);
		buf[3] = dsp;
	} else {
		buf[0] = len - 1;
		buf[2] = dsp;
	}
	return vp_answer(c, len, alloc);
}

static enum vp_scsi_action vp_request_sense(struct vp_scsi_cmd *c, u8 *buf)
{
	/* DESC: descriptor-format sense is not produced here. */
	if (c->cdb[1] & 0x01)
		return vp_bad_cdb(c);
	memset(buf, 0, VP_SCSI_SENSE_LEN);
	buf[0] = 0x70;
	buf[7] = VP_SCSI_SENSE_LEN - 8;
	return vp_answer(c, VP_SCSI_SENSE_LEN, c->cdb[4]);
}

/* READ/WRITE of any size; @flags is CDB byte 1 (0 for the 6-byte forms). */
static enum vp_scsi_action vp_rw(const struct vp_scsi_disk *d,
				 struct vp_scsi_cmd *c, bool write, u64 lba,
				 u32 n, u8 flags)
{
	u64 bytes = (u64)n << d->block_shift;

	/* RDPROTECT/WRPROTECT: there is no protection information. */
	if (flags & 0xe0 || n > d->max_xfer_blocks)
		return vp_bad_cdb(c);
	if (!vp_range_ok(d, lba, n))
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST,
			       VP_ASC_LBA_OUT_OF_RANGE);
	if (write && d->ro)
		return vp_fail(c, VP_SENSE_DATA_PROTECT, VP_ASC_WRITE_PROTECTED);
	if (!n)
		return VP_SCSI_COMPLETE;
	if (c->dir != (write ? VP_SRB_WRITE : VP_SRB_READ) || c->xfer_len < bytes)
		return vp_bad_cdb(c);
	c->lba = lba;
	c->nblocks = n;
	c->data_len = bytes;
	c->fua = write && (flags & 0x08);
	return write ? VP_SCSI_WRITE : VP_SCSI_READ;
}

/* SYNCHRONIZE CACHE: @n == 0 means up to the end of the disk. */
static enum vp_scsi_action vp_sync_cache(const struct vp_scsi_disk *d,
					 struct vp_scsi_cmd *c, u64 lba, u32 n)
{
	if (!vp_range_ok(d, lba, n))
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST,
			       VP_ASC_LBA_OUT_OF_RANGE);
	return VP_SCSI_FLUSH;
}

static enum vp_scsi_action vp_unmap(const struct vp_scsi_disk *d,
				    struct vp_scsi_cmd *c)
{
	u32 len = get_unaligned_be16(c->cdb + 7);

	if (!d->discard)
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_INVALID_OPCODE);
	/* ANCHOR: anchored LBAs are not supported (ANC_SUP 0). */
	if (c->cdb[1] & 0x01)
		return vp_bad_cdb(c);
	if (d->ro)
		return vp_fail(c, VP_SENSE_DATA_PROTECT, VP_ASC_WRITE_PROTECTED);
	if (!len)
		return VP_SCSI_COMPLETE;
	/* Shorter than the header (SBC-3 5.28). */
	if (len < 8)
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST,
			       VP_ASC_PARAM_LIST_LENGTH_ERROR);
	if (len > VP_SCSI_BUF_SIZE || c->dir != VP_SRB_WRITE ||
	    len > c->xfer_len)
		return vp_bad_cdb(c);
	c->data_len = len;
	return VP_SCSI_UNMAP;
}

int vp_scsi_unmap_parse(const struct vp_scsi_disk *d, struct vp_scsi_cmd *c,
			const u8 *list, struct vp_scsi_extent *ext,
			unsigned int max)
{
	u32 len = c->data_len, dl, bdl, i;
	unsigned int n = 0;

	if (len < 8 || len > VP_SCSI_BUF_SIZE)
		goto bad_len;
	/* The data length counts the bytes after itself; both fit the list. */
	dl = get_unaligned_be16(list);
	bdl = get_unaligned_be16(list + 2);
	if (dl < 6 || dl + 2 > len || bdl > dl - 6)
		goto bad_len;
	/* A partial last descriptor is ignored, as SBC-3 says. */
	for (i = 0; i < bdl / 16; i++) {
		const u8 *p = list + 8 + 16 * i;
		u64 lba = get_unaligned_be64(p);
		u32 cnt = get_unaligned_be32(p + 8);

		if (!cnt)
			continue;
		if (cnt > d->max_unmap_blocks || n >= max) {
			vp_scsi_set_sense(c, VP_SENSE_ILLEGAL_REQUEST,
					  VP_ASC_INVALID_FIELD_IN_PARAM);
			return -1;
		}
		if (!vp_range_ok(d, lba, cnt)) {
			vp_scsi_set_sense(c, VP_SENSE_ILLEGAL_REQUEST,
					  VP_ASC_LBA_OUT_OF_RANGE);
			return -1;
		}
		ext[n].lba = lba;
		ext[n].nblocks = cnt;
		n++;
	}
	return n;

bad_len:
	vp_scsi_set_sense(c, VP_SENSE_ILLEGAL_REQUEST,
			  VP_ASC_PARAM_LIST_LENGTH_ERROR);
	return -1;
}
EXPORT_SYMBOL_IF_KUNIT(vp_scsi_unmap_parse);

/* Only the UNMAP form: a discard of @n blocks, never a data pattern. */
static enum vp_scsi_action vp_write_same(const struct vp_scsi_disk *d,
					 struct vp_scsi_cmd *c)
{
	const u8 *cdb = c->cdb;
	u64 lba = get_unaligned_be64(cdb + 2);
	u32 n = get_unaligned_be32(cdb + 10);

	if (!d->discard)
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_INVALID_OPCODE);
	/* UNMAP set; WRPROTECT and ANCHOR clear; WSNZ: n == 0 is invalid. */
	if ((cdb[1] & 0xf8) != 0x08 || !n || n > d->max_unmap_blocks)
		return vp_bad_cdb(c);
	if (!vp_range_ok(d, lba, n))
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST,
			       VP_ASC_LBA_OUT_OF_RANGE);
	if (d->ro)
		return vp_fail(c, VP_SENSE_DATA_PROTECT, VP_ASC_WRITE_PROTECTED);
	c->lba = lba;
	c->nblocks = n;
	return VP_SCSI_DISCARD;
}

enum vp_scsi_action vp_scsi_execute(const struct vp_scsi_disk *d,
				    struct vp_scsi_cmd *c, u8 *buf)
{
	const u8 *cdb = c->cdb;
	u8 op;

	vp_scsi_clear(c);
	if (!vp_cdb_len_ok(c))
		return VP_SCSI_COMPLETE;
	op = cdb[0];
	switch (op) {
	case VP_OP_TEST_UNIT_READY:
	case VP_OP_START_STOP_UNIT:
		return VP_SCSI_COMPLETE;
	case VP_OP_REQUEST_SENSE:
		return vp_request_sense(c, buf);
	case VP_OP_INQUIRY:
		return vp_inquiry(d, c, buf);
	case VP_OP_REPORT_LUNS:
		return vp_report_luns(c, buf);
	case VP_OP_READ_CAPACITY_10:
		return vp_read_capacity(d, c, buf, false);
	case VP_OP_SERVICE_ACTION_IN_16:
		return vp_read_capacity(d, c, buf, true);
	case VP_OP_MODE_SENSE_6:
	case VP_OP_MODE_SENSE_10:
		return vp_mode_sense(d, c, buf, op == VP_OP_MODE_SENSE_10);
	case VP_OP_READ_6:
	case VP_OP_WRITE_6:
		/* 21-bit LBA; a length of 0 means 256 blocks. */
		return vp_rw(d, c, op == VP_OP_WRITE_6,
			     get_unaligned_be32(cdb) & 0x1fffff,
			     cdb[4] ? cdb[4] : 256, 0);
	case VP_OP_READ_10:
	case VP_OP_WRITE_10:
		return vp_rw(d, c, op == VP_OP_WRITE_10, get_unaligned_be32(cdb + 2),
			     get_unaligned_be16(cdb + 7), cdb[1]);
	case VP_OP_READ_12:
	case VP_OP_WRITE_12:
		return vp_rw(d, c, op == VP_OP_WRITE_12, get_unaligned_be32(cdb + 2),
			     get_unaligned_be32(cdb + 6), cdb[1]);
	case VP_OP_READ_16:
	case VP_OP_WRITE_16:
		return vp_rw(d, c, op == VP_OP_WRITE_16, get_unaligned_be64(cdb + 2),
			     get_unaligned_be32(cdb + 10), cdb[1]);
	case VP_OP_SYNC_CACHE_10:
		return vp_sync_cache(d, c, get_unaligned_be32(cdb + 2),
				     get_unaligned_be16(cdb + 7));
	case VP_OP_SYNC_CACHE_16:
		return vp_sync_cache(d, c, get_unaligned_be64(cdb + 2),
				     get_unaligned_be32(cdb + 10));
	case VP_OP_UNMAP:
		return vp_unmap(d, c);
	case VP_OP_WRITE_SAME_16:
		return vp_write_same(d, c);
	default:
		return vp_fail(c, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_INVALID_OPCODE);
	}
}
EXPORT_SYMBOL_IF_KUNIT(vp_scsi_execute);

void vp_scsi_absent(struct vp_scsi_cmd *c, u8 *buf)
{
	const u8 *cdb = c->cdb;

	vp_scsi_clear(c);
	if (c->cdb_len && (cdb[0] == VP_OP_INQUIRY || cdb[0] == VP_OP_REPORT_LUNS)) {
		if (!vp_cdb_len_ok(c))
			return;
		if (cdb[0] == VP_OP_INQUIRY) {
			/* Peripheral qualifier 3: no LUN here, and none can be. */
			vp_answer(c, vp_std_inquiry(buf, 0x7f),
				  get_unaligned_be16(cdb + 3));
		} else {
			memset(buf, 0, 8);	/* an empty list */
			vp_answer(c, 8, get_unaligned_be32(cdb + 6));
		}
		return;
	}
	vp_scsi_set_sense(c, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_LUN_NOT_SUPPORTED);
}
EXPORT_SYMBOL_IF_KUNIT(vp_scsi_absent);

bool vp_scsi_gone(struct vp_scsi_cmd *c, u8 *buf)
{
	if (!c->cdb_len || (c->cdb[0] != VP_OP_INQUIRY && c->cdb[0] != VP_OP_REPORT_LUNS))
		return false;
	vp_scsi_absent(c, buf);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vp_scsi_gone);
