// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what a guest's storvsc sends the storage VSP: the
 * packet shape checks (vstor_parse.c) and the SCSI target (scsi.c), alone
 * and chained the way vstor.c chains them; the input format is in
 * scsi_fuzz.h. Packets, CDBs and UNMAP lists each sit in a heap block of
 * exactly their length and the answer buffer is exactly VP_SCSI_BUF_SIZE,
 * so ASan sees any access past one. What is accepted and answered must keep
 * the contracts of vstor.h and scsi.h that vstor.c relies on when it pins
 * pages and copies data; a violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include "scsi.h"
#include "vstor.h"
#include "scsi_fuzz.h"

#define need(cond)	do { if (!(cond)) abort(); } while (0)

#define PAGE		4096U
/* What the VSP passes (storvsp.h, backend.c). */
#define VSP_MAX_PAGES	129
#define VSP_MAX_XFER	(512U * 1024)
#define VSP_MAX_UNMAP	(1U << 21)
#define VSP_MAX_EXTENTS	VP_SCSI_UNMAP_MAX_DESC

/* One command as the VSP hands it to the SCSI target. */
struct cmd_in {
	u8 cdbx[256];		/* the CDB, zero-padded: for our own decoding */
	u8 cdb_len;
	u8 dir;
	u32 xfer;
	bool absent;
	const u8 *out;		/* data-out the guest offers, @out_len bytes */
	size_t out_len;
	u32 room;		/* UNMAP extents the caller has room for */
	const struct vp_vstor_req *r;	/* packet mode: its buffer */
};

static u16 le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 le32(const u8 *p)
{
	return le16(p) | (u32)le16(p + 2) << 16;
}

static u64 le64(const u8 *p)
{
	return le32(p) | (u64)le32(p + 4) << 32;
}

static u16 asc(const struct vp_scsi_cmd *c)
{
	return (u16)(c->sense[12] << 8 | c->sense[13]);
}

static bool range_ok(const struct vp_scsi_disk *d, u64 lba, u64 n)
{
	return lba < d->nblocks && n <= d->nblocks - lba;
}

static void disk_setup(struct vp_scsi_disk *d, const u8 *h)
{
	static const char *const serials[] = {
		"VP0123456789", "ZZZZZZZZZZZZZZZZZZZZ", "", "A",
	};
	u32 shift = h[FZ_DISK] & FZ_4K ? 12 : 9;
	u64 delta = h[FZ_SIZE] >> 3;
	u8 lim = h[FZ_LIMITS];
	const u32 xfer[] = { VSP_MAX_XFER >> shift, 0, 1, UINT32_MAX };
	const u32 unmap[] = { VSP_MAX_UNMAP >> (shift - 9), 1, 0, UINT32_MAX };

	memset(d, 0, sizeof(*d));
	d->block_shift = shift;
	switch (h[FZ_SIZE] & 7) {
	case FZ_SIZE_TINY:
		d->nblocks = 1 + delta;
		break;
	case FZ_SIZE_SMALL:
		d->nblocks = 2048 + 64 * delta;
		break;
	case FZ_SIZE_RW6:
		d->nblocks = (1ULL << 21) - 16 + delta;
		break;
	case FZ_SIZE_RC10:
		d->nblocks = (1ULL << 32) - 16 + delta;
		break;
	case FZ_SIZE_BIG:
		d->nblocks = (1ULL << 40) + delta;
		break;
	case FZ_SIZE_BYTES:
		d->nblocks = (UINT64_MAX >> shift) - delta;
		break;
	case FZ_SIZE_MAX:
		d->nblocks = UINT64_MAX - delta;
		break;
	default:
		d->nblocks = (1ULL << 63) + delta;
		break;
	}
	d->max_xfer_blocks = xfer[lim & 3];
	d->max_unmap_blocks = unmap[(lim >> 2) & 3];
	d->ro = h[FZ_DISK] & FZ_RO;
	d->discard = h[FZ_DISK] & FZ_DISCARD;
	d->discard_zeroes = h[FZ_DISK] & FZ_ZEROES;
	d->wce = h[FZ_DISK] & FZ_WCE;
	d->fua = h[FZ_DISK] & FZ_FUA;
	strcpy(d->serial, serials[(lim >> 4) & 3]);
	for (int i = 0; i < 16; i++)
		d->id[i] = (u8)(0x11 * i);
}

/* CDB size of each opcode scsi.h's target supports (SPC-4/SBC-3); 0: none. */
static u8 cdb_size(u8 op)
{
	switch (op) {
	case 0x00: case 0x03: case 0x08: case 0x0a: case 0x12: case 0x1a: case 0x1b:
		return 6;
	case 0x25: case 0x28: case 0x2a: case 0x35: case 0x42: case 0x5a:
		return 10;
	case 0xa0: case 0xa8: case 0xaa:
		return 12;
	case 0x88: case 0x8a: case 0x91: case 0x93: case 0x9e:
		return 16;
	default:
		return 0;
	}
}

/* The most data-in an opcode may answer: its allocation length. */
static u32 alloc_len(const u8 *cdb)
{
	switch (cdb[0]) {
	case 0x12:
		return get_unaligned_be16(cdb + 3);
	case 0x03:
	case 0x1a:
		return cdb[4];
	case 0x5a:
		return get_unaligned_be16(cdb + 7);
	case 0x9e:
		return get_unaligned_be32(cdb + 10);
	case 0xa0:
		return get_unaligned_be32(cdb + 6);
	case 0x25:
		return 8;
	default:
		return 0;
	}
}

/* The blocks a READ/WRITE CDB names; false for any other opcode. */
static bool rw_decode(const u8 *cdb, u64 *lba, u32 *n, u8 *flags, bool *write)
{
	switch (cdb[0]) {
	case 0x08:
	case 0x0a:
		*lba = get_unaligned_be32(cdb) & 0x1fffff;
		*n = cdb[4] ? cdb[4] : 256;
		*flags = 0;
		break;
	case 0x28:
	case 0x2a:
		*lba = get_unaligned_be32(cdb + 2);
		*n = get_unaligned_be16(cdb + 7);
		*flags = cdb[1];
		break;
	case 0xa8:
	case 0xaa:
		*lba = get_unaligned_be32(cdb + 2);
		*n = get_unaligned_be32(cdb + 6);
		*flags = cdb[1];
		break;
	case 0x88:
	case 0x8a:
		*lba = get_unaligned_be64(cdb + 2);
		*n = get_unaligned_be32(cdb + 10);
		*flags = cdb[1];
		break;
	default:
		return false;
	}
	*write = cdb[0] & 0x02;
	return true;
}

/* Status and sense: GOOD, or CHECK CONDITION with fixed sense and no I/O. */
static void check_status(const struct vp_scsi_cmd *c)
{
	need(c->data_len <= c->xfer_len);
	if (c->status == VP_SAM_GOOD) {
		need(c->sense_len == 0);
		return;
	}
	need(c->status == VP_SAM_CHECK_CONDITION);
	need(c->sense_len == VP_SCSI_SENSE_LEN);
	need(c->sense[0] == 0x70 && c->sense[7] == VP_SCSI_SENSE_LEN - 8);
	need(c->sense[2] <= 0xf && asc(c));
	need(!c->data_len && !c->lba && !c->nblocks && !c->fua);
}

/* READ or WRITE: against our own decoding of the CDB. */
static void check_rw(const struct vp_scsi_disk *d, const struct cmd_in *in,
		     enum vp_scsi_action act, const struct vp_scsi_cmd *c)
{
	const u8 *cdb = in->cdbx;
	u64 lba, bytes;
	u32 n;
	u8 flags;
	bool write, ok;

	if (!rw_decode(cdb, &lba, &n, &flags, &write)) {
		need(act != VP_SCSI_READ && act != VP_SCSI_WRITE);
		return;
	}
	if (in->cdb_len < cdb_size(cdb[0]) || in->cdb_len > 16)
		return;
	bytes = (u64)n << d->block_shift;
	ok = !(flags & 0xe0) && n <= d->max_xfer_blocks && range_ok(d, lba, n) &&
	     !(write && d->ro) &&
	     (!n || (in->dir == (write ? VP_SRB_WRITE : VP_SRB_READ) && in->xfer >= bytes));
	need((c->status == VP_SAM_GOOD) == ok);
	if (!ok)
		return;
	if (!n) {
		need(act == VP_SCSI_COMPLETE && !c->data_len);
		return;
	}
	need(act == (write ? VP_SCSI_WRITE : VP_SCSI_READ));
	need(c->lba == lba && c->nblocks == n);
	need(range_ok(d, c->lba, c->nblocks) && c->nblocks <= d->max_xfer_blocks);
	need(c->data_len == bytes && c->data_len <= in->xfer);
	need(c->fua == (write && cdb[0] != 0x0a && (cdb[1] & 0x08)));
}

static void check_execute(const struct vp_scsi_disk *d, const struct cmd_in *in,
			  enum vp_scsi_action act, const struct vp_scsi_cmd *c)
{
	const u8 *cdb = in->cdbx;
	u8 op = cdb[0];

	check_status(c);
	need(!c->fua || act == VP_SCSI_WRITE);
	/* A CDB of the wrong size, an opcode not offered. */
	if (!in->cdb_len || in->cdb_len > 16 || in->cdb_len < cdb_size(op))
		need(c->status && asc(c) == VP_ASC_INVALID_FIELD_IN_CDB);
	else if (!cdb_size(op))
		need(c->status && asc(c) == VP_ASC_INVALID_OPCODE);
	check_rw(d, in, act, c);
	if (c->status != VP_SAM_GOOD) {
		need(act == VP_SCSI_COMPLETE);
		need(c->sense[2] == VP_SENSE_ILLEGAL_REQUEST ||
		     (c->sense[2] == VP_SENSE_DATA_PROTECT && d->ro));
		return;
	}
	switch (act) {
	case VP_SCSI_COMPLETE:
		/* Data-in: no more than asked for, and only into a read buffer. */
		need(c->data_len <= VP_SCSI_BUF_SIZE && c->data_len <= alloc_len(cdb));
		need(!c->data_len || in->dir == VP_SRB_READ);
		need(!c->lba && !c->nblocks);
		break;
	case VP_SCSI_READ:
	case VP_SCSI_WRITE:
		break;	/* check_rw() */
	case VP_SCSI_FLUSH:
		need((op == 0x35 || op == 0x91) && !c->data_len);
		break;
	case VP_SCSI_UNMAP:
		need(op == 0x42 && d->discard && !d->ro && in->dir == VP_SRB_WRITE);
		need(c->data_len >= 8 && c->data_len <= VP_SCSI_BUF_SIZE);
		need(c->data_len == get_unaligned_be16(cdb + 7));
		break;
	case VP_SCSI_DISCARD:
		need(op == 0x93 && d->discard && !d->ro);
		need(c->lba == get_unaligned_be64(cdb + 2));
		need(c->nblocks == get_unaligned_be32(cdb + 10));
		need(c->nblocks && c->nblocks <= d->max_unmap_blocks);
		need(range_ok(d, c->lba, c->nblocks));
		break;
	default:
		abort();
	}
}

/* A LUN that does not exist: INQUIRY and REPORT LUNS answered, else an error. */
static void check_absent(const struct cmd_in *in, const struct vp_scsi_cmd *c,
			 const u8 *buf)
{
	const u8 *cdb = in->cdbx;
	bool known = in->cdb_len && (cdb[0] == 0x12 || cdb[0] == 0xa0);
	bool len_ok = in->cdb_len <= 16 && in->cdb_len >= cdb_size(cdb[0]);

	check_status(c);
	need(!c->lba && !c->nblocks && !c->fua);
	need((c->status == VP_SAM_GOOD) == (known && len_ok));
	if (c->status != VP_SAM_GOOD) {
		need(c->sense[2] == VP_SENSE_ILLEGAL_REQUEST);
		need(asc(c) == (known ? VP_ASC_INVALID_FIELD_IN_CDB : VP_ASC_LUN_NOT_SUPPORTED));
		return;
	}
	need(!c->data_len || in->dir == VP_SRB_READ);
	need(c->data_len <= alloc_len(cdb));
	if (cdb[0] == 0x12) {
		need(c->data_len <= 36);
		need(!c->data_len || buf[0] == 0x7f);
	} else {
		need(c->data_len <= 8);
		for (u32 i = 0; i < c->data_len; i++)
			need(!buf[i]);
	}
}

/* An accepted UNMAP: parse its parameter list as vstor.c does. */
static void check_unmap(const struct vp_scsi_disk *d, struct vp_scsi_cmd *c,
			const struct cmd_in *in)
{
	u32 len = c->data_len, dl, bdl, ndesc, j = 0;
	struct vp_scsi_extent *ext;
	u8 *list;
	int ret;

	list = malloc(len);
	ext = malloc(in->room * sizeof(*ext));
	need(list && (ext || !in->room));
	memset(list, 0, len);
	if (in->out_len)
		memcpy(list, in->out, in->out_len < len ? in->out_len : len);
	ret = vp_scsi_unmap_parse(d, c, list, ext, in->room);
	if (ret < 0) {
		need(ret == -1);
		check_status(c);
		need(c->status == VP_SAM_CHECK_CONDITION);
		need(c->sense[2] == VP_SENSE_ILLEGAL_REQUEST);
		need(asc(c) == VP_ASC_PARAM_LIST_LENGTH_ERROR ||
		     asc(c) == VP_ASC_LBA_OUT_OF_RANGE ||
		     asc(c) == VP_ASC_INVALID_FIELD_IN_PARAM);
		goto out;
	}
	need(c->status == VP_SAM_GOOD && c->data_len == len);
	need((u32)ret <= in->room && ret <= VP_SCSI_UNMAP_MAX_DESC);
	/* Accepted lengths fit the list and each other. */
	dl = get_unaligned_be16(list);
	bdl = get_unaligned_be16(list + 2);
	need(dl >= 6 && dl + 2 <= len && bdl <= dl - 6);
	ndesc = bdl / 16;
	/* Every descriptor with blocks, in order, and each on the disk. */
	for (int i = 0; i < ret; i++) {
		const u8 *p;

		while (j < ndesc && !get_unaligned_be32(list + 16 + 16 * j))
			j++;
		need(j < ndesc);
		p = list + 8 + 16 * j++;
		need(ext[i].lba == get_unaligned_be64(p));
		need(ext[i].nblocks == get_unaligned_be32(p + 8));
		need(ext[i].nblocks && ext[i].nblocks <= d->max_unmap_blocks);
		need(range_ok(d, ext[i].lba, ext[i].nblocks));
	}
	for (; j < ndesc; j++)
		need(!get_unaligned_be32(list + 16 + 16 * j));
out:
	free(ext);
	free(list);
}

/* Packet mode: data the target moves stays inside the guest's pages. */
static void check_pages(const struct vp_vstor_req *r, enum vp_scsi_action act,
			const struct vp_scsi_cmd *c)
{
	if (act == VP_SCSI_FLUSH || act == VP_SCSI_DISCARD || !c->data_len)
		return;
	need(c->data_len <= r->byte_count);
	need(((u64)r->byte_offset + c->data_len + PAGE - 1) / PAGE <= r->npages);
}

static enum vp_scsi_action run(const struct vp_scsi_disk *d, const struct cmd_in *in,
			       const u8 *cdb, struct vp_scsi_cmd *c, u8 *buf, u8 poison)
{
	memset(c, poison, sizeof(*c));
	memset(buf, poison, VP_SCSI_BUF_SIZE);
	c->cdb = cdb;
	c->cdb_len = in->cdb_len;
	c->dir = in->dir;
	c->xfer_len = in->xfer;
	if (!in->absent)
		return vp_scsi_execute(d, c, buf);
	vp_scsi_absent(c, buf);
	return VP_SCSI_COMPLETE;
}

/*
 * Run the command twice, over outputs and buffer poisoned differently: what
 * the guest gets back may not depend on what was there before.
 */
static void scsi(const struct vp_scsi_disk *d, const struct cmd_in *in)
{
	u8 *cdb = malloc(in->cdb_len);
	u8 *buf = malloc(VP_SCSI_BUF_SIZE), *buf2 = malloc(VP_SCSI_BUF_SIZE);
	struct vp_scsi_cmd c, c2;
	enum vp_scsi_action act, act2;

	need((cdb || !in->cdb_len) && buf && buf2);
	memcpy(cdb, in->cdbx, in->cdb_len);
	act = run(d, in, cdb, &c, buf, 0x00);
	act2 = run(d, in, cdb, &c2, buf2, 0xff);
	need(act == act2 && c.status == c2.status && c.sense_len == c2.sense_len);
	need(!memcmp(c.sense, c2.sense, sizeof(c.sense)));
	need(c.fua == c2.fua && c.lba == c2.lba && c.nblocks == c2.nblocks);
	need(c.data_len == c2.data_len);
	need(c.cdb == cdb && c.cdb_len == in->cdb_len && c.dir == in->dir &&
	     c.xfer_len == in->xfer);
	if (act == VP_SCSI_COMPLETE && c.data_len <= VP_SCSI_BUF_SIZE)
		need(!memcmp(buf, buf2, c.data_len));

	if (in->absent)
		check_absent(in, &c, buf);
	else
		check_execute(d, in, act, &c);
	if (in->r)
		check_pages(in->r, act, &c);
	if (act == VP_SCSI_UNMAP)
		check_unmap(d, &c, in);
	free(buf2);
	free(buf);
	free(cdb);
}

/* CDB mode: the command fields straight from the input. */
static void cdb_mode(const struct vp_scsi_disk *d, const u8 *data, size_t size)
{
	struct cmd_in in = { };
	size_t avail;

	if (size < FZ_CDB)
		return;
	in.cdb_len = data[FZ_CDB_LEN];
	in.dir = data[FZ_DIR];
	in.xfer = le32(data + FZ_XFER);
	in.absent = data[FZ_DISK] & FZ_ABSENT;
	in.room = data[FZ_ROOM] ? data[FZ_ROOM] - 1U : VSP_MAX_EXTENTS;
	avail = size - FZ_CDB;
	memcpy(in.cdbx, data + FZ_CDB, avail < in.cdb_len ? avail : in.cdb_len);
	if (avail > in.cdb_len) {
		in.out = data + FZ_CDB + in.cdb_len;
		in.out_len = avail - in.cdb_len;
	}
	scsi(d, &in);
}

/*
 * An accepted packet: the view lies inside it and matches its bytes (@data,
 * the input, for a second reading; @p the block that was parsed).
 */
static void check_parsed(const u8 *data, const u8 *p, u32 len, u32 max_pages,
			 const struct vp_vstor_req *r)
{
	u32 off = 8 * le16(p + 2);

	need(len >= 16 && off >= 16 && (u64)off + sizeof(*r->pkt) <= len);
	need((const u8 *)r->pkt == p + off);
	need(!memcmp(r->pkt, data + off, sizeof(*r->pkt)));
	switch (le16(p)) {
	case 6:		/* in-band */
		need(!r->npages && !r->pfns && !r->byte_count && !r->byte_offset);
		break;
	case 9:		/* GPA direct, one range */
		need(off >= 32 && le32(p + 20) == 1);
		need(r->byte_count == le32(p + 24) && r->byte_count);
		need(r->byte_offset == le32(p + 28) && r->byte_offset < PAGE);
		need(r->npages == ((u64)r->byte_offset + r->byte_count + PAGE - 1) / PAGE);
		need(r->npages && r->npages <= max_pages);
		need((const u8 *)r->pfns == p + 32);
		need(32 + 8 * (u64)r->npages <= off);
		for (u32 i = 0; i < r->npages; i++)
			need(r->pfns[i] == le64(data + 32 + 8 * i));
		break;
	default:
		abort();
	}
}

/* An accepted SRB fits the buffer its packet describes. */
static void check_srb_ok(const struct vp_vstor_req *r)
{
	const struct vp_vstor_srb *srb = &r->pkt->srb;
	u32 xfer = srb->data_transfer_length;

	need(srb->cdb_length <= VP_VSTOR_CDB_SIZE);
	need(srb->data_in == VP_SRB_READ || srb->data_in == VP_SRB_WRITE ||
	     srb->data_in == VP_SRB_NO_DATA);
	need(xfer <= r->byte_count);
	need(srb->data_in != VP_SRB_NO_DATA || !xfer);
	/* Data comes with pages, and pages with data (vstor.h). */
	need(!xfer || r->npages);
	need(!r->npages || xfer);
}

static void packet_mode(const struct vp_scsi_disk *d, const u8 *h, const u8 *data,
			size_t size)
{
	u32 len = size > 65536 ? 65536 : (u32)size;
	u32 max_pages = h[FZ_ROOM] ? h[FZ_ROOM] - 1U : VSP_MAX_PAGES;
	const struct vp_vstor_srb *srb;
	struct vp_vstor_req r;
	struct cmd_in in = { };
	u32 off;
	u8 *p;
	int ret;

	/* malloc() aligns to 16 and ASan poisons right after the length. */
	p = malloc(len);
	need(p || !len);
	need(!((uintptr_t)p & 7));
	memcpy(p, data, len);
	memset(&r, 0x5a, sizeof(r));
	ret = vp_vstor_parse(p, len, max_pages, &r);
	if (ret) {
		need(ret == -EINVAL);
		goto out;
	}
	check_parsed(data, p, len, max_pages, &r);
	ret = vp_vstor_check_srb(&r);
	if (ret) {
		need(ret == -EINVAL);
		goto out;
	}
	check_srb_ok(&r);

	/* As vstor.c: the CDB copied out, the LUN from the address. */
	srb = &r.pkt->srb;
	memcpy(in.cdbx, srb->cdb, srb->cdb_length);
	in.cdb_len = srb->cdb_length;
	in.dir = srb->data_in;
	in.xfer = srb->data_transfer_length;
	in.absent = srb->path_id || srb->target_id || srb->lun;
	in.room = VSP_MAX_EXTENTS;
	in.r = &r;
	off = (u32)((const u8 *)r.pkt - p) + sizeof(*r.pkt);
	in.out = p + off;
	in.out_len = len - off;
	scsi(d, &in);
out:
	free(p);
}

/* vp_scsi_set_sense() on poisoned outputs: everything it promises is set. */
static void set_sense(const u8 *data)
{
	struct vp_scsi_cmd c;
	u16 code = (u16)(data[FZ_SIZE] << 8 | data[FZ_LIMITS]);

	memset(&c, 0xa5, sizeof(c));
	c.xfer_len = 0;
	vp_scsi_set_sense(&c, data[FZ_ROOM], code);
	need(c.status == VP_SAM_CHECK_CONDITION && c.sense_len == VP_SCSI_SENSE_LEN);
	need(c.sense[0] == 0x70 && c.sense[2] == (data[FZ_ROOM] & 0xf));
	need(c.sense[7] == VP_SCSI_SENSE_LEN - 8 && asc(&c) == code);
	need(!c.data_len && !c.lba && !c.nblocks && !c.fua);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct vp_scsi_disk d;

	if (size < FZ_HDR)
		return 0;
	disk_setup(&d, data);
	set_sense(data);
	if (data[FZ_DISK] & FZ_PACKET)
		packet_mode(&d, data, data + FZ_HDR, size - FZ_HDR);
	else
		cdb_mode(&d, data, size);
	return 0;
}
