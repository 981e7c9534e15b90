/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SCSI target of vpart_storvsp: decodes a guest's CDB against the disk a
 * LUN presents and either answers it (INQUIRY, MODE SENSE, READ CAPACITY,
 * errors with sense data...) or tells the caller which block I/O to do
 * (READ, WRITE, FLUSH, UNMAP, WRITE SAME with UNMAP). No I/O, no locking,
 * no allocation: pure functions of the CDB and the disk, so the same source
 * runs in the module, its KUnit suite and the native tests and fuzzer.
 *
 * Every CDB byte is guest-controlled. Nothing here trusts cdb_len, the
 * allocation lengths or the guest's transfer length.
 */
#ifndef _VPART_STORVSP_SCSI_H
#define _VPART_STORVSP_SCSI_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "vpart/ucompat.h"
#endif

/* Room @buf must have: the largest answer built here (VPD pages, mode pages). */
#define VP_SCSI_BUF_SIZE	512
/* UNMAP block descriptors a parameter list of VP_SCSI_BUF_SIZE holds (VPD B0). */
#define VP_SCSI_UNMAP_MAX_DESC	((VP_SCSI_BUF_SIZE - 8) / 16)
/* Fixed-format sense data length produced here. */
#define VP_SCSI_SENSE_LEN	18

/* SAM status codes. */
#define VP_SAM_GOOD		0x00
#define VP_SAM_CHECK_CONDITION	0x02

/* Sense keys. */
#define VP_SENSE_NO_SENSE	0x0
#define VP_SENSE_NOT_READY	0x2
#define VP_SENSE_MEDIUM_ERROR	0x3
#define VP_SENSE_HARDWARE_ERROR	0x4
#define VP_SENSE_ILLEGAL_REQUEST 0x5
#define VP_SENSE_UNIT_ATTENTION	0x6
#define VP_SENSE_DATA_PROTECT	0x7
#define VP_SENSE_ABORTED_COMMAND 0xb

/* Additional sense codes (ASC << 8 | ASCQ) used here. */
#define VP_ASC_NONE			0x0000
#define VP_ASC_INVALID_OPCODE		0x2000
#define VP_ASC_LBA_OUT_OF_RANGE		0x2100
#define VP_ASC_INVALID_FIELD_IN_CDB	0x2400
#define VP_ASC_LUN_NOT_SUPPORTED	0x2500
#define VP_ASC_INVALID_FIELD_IN_PARAM	0x2600
#define VP_ASC_WRITE_PROTECTED		0x2700
#define VP_ASC_SAVING_NOT_SUPPORTED	0x3900
#define VP_ASC_PARAM_LIST_LENGTH_ERROR	0x1a00
#define VP_ASC_UNRECOVERED_READ_ERROR	0x1100
#define VP_ASC_WRITE_ERROR		0x0c00

/* The disk a LUN presents; filled by the VSP from the backing. */
struct vp_scsi_disk {
	u64 nblocks;		/* capacity in logical blocks, > 0 */
	u32 block_shift;	/* log2 of the logical block size: 9 or 12 */
	u32 max_xfer_blocks;	/* largest READ/WRITE accepted (VPD B0) */
	u32 max_unmap_blocks;	/* per UNMAP descriptor / WRITE SAME (VPD B0) */
	bool ro;		/* writes and unmaps fail with DATA PROTECT */
	bool discard;		/* UNMAP / WRITE SAME(16)+UNMAP offered (LBPME) */
	bool discard_zeroes;	/* unmapped blocks read back as zeros (LBPRZ) */
	bool wce;		/* volatile write cache: SYNCHRONIZE CACHE flushes */
	bool fua;		/* FUA honoured (DPOFUA in MODE SENSE) */
	char serial[21];	/* unit serial number (VPD 0x80), NUL-terminated */
	u8 id[16];		/* unique id (the device's instance GUID): VPD 0x83 */
};

/* What the caller has to do after vp_scsi_execute(). */
enum vp_scsi_action {
	VP_SCSI_COMPLETE,	/* answered: status, sense and data-in are set */
	VP_SCSI_READ,		/* read @nblocks at @lba into the data-in buffer */
	VP_SCSI_WRITE,		/* write @nblocks at @lba from the data-out buffer */
	VP_SCSI_FLUSH,		/* flush the backing's volatile cache */
	VP_SCSI_UNMAP,		/* copy @data_len bytes of data-out into a buffer
				 * of VP_SCSI_BUF_SIZE, then vp_scsi_unmap_parse()
				 */
	VP_SCSI_DISCARD,	/* discard @nblocks at @lba (WRITE SAME + UNMAP) */
};

/* One SCSI command: the request in, the decoded result out. */
struct vp_scsi_cmd {
	/* in */
	const u8 *cdb;
	u8 cdb_len;		/* as the guest claims: 0..16 */
	u8 dir;			/* VP_SRB_READ, VP_SRB_WRITE or VP_SRB_NO_DATA */
	u32 xfer_len;		/* the guest's data_transfer_length */
	/* out */
	u8 status;		/* VP_SAM_* */
	u8 sense_len;		/* 0 or VP_SCSI_SENSE_LEN */
	u8 sense[VP_SCSI_SENSE_LEN];
	bool fua;		/* VP_SCSI_WRITE: force unit access */
	u64 lba;		/* READ/WRITE/DISCARD */
	u32 nblocks;
	/* COMPLETE: data-in bytes in @buf; READ/WRITE: bytes to move
	 * (nblocks << block_shift, never more than xfer_len); UNMAP: bytes of
	 * parameter list to copy (never more than xfer_len or VP_SCSI_BUF_SIZE).
	 */
	u32 data_len;
};

/* A range to discard, from an UNMAP parameter list. */
struct vp_scsi_extent {
	u64 lba;
	u32 nblocks;
};

/**
 * vp_scsi_execute() - decode and answer one CDB for a present LUN
 * @d: the disk
 * @c: the command; its outputs are always set
 * @buf: data-in of a COMPLETE answer, VP_SCSI_BUF_SIZE bytes
 *
 * Return: what the caller must do. Invalid requests (bad opcode or field,
 * LBA out of range, wrong direction, a transfer length shorter than the
 * CDB asks for, writes to a read-only disk) are answered here with CHECK
 * CONDITION and sense data.
 */
enum vp_scsi_action vp_scsi_execute(const struct vp_scsi_disk *d,
				    struct vp_scsi_cmd *c, u8 *buf);

/**
 * vp_scsi_absent() - answer a CDB sent to a LUN that does not exist
 * @c: the command; its outputs are always set
 * @buf: data-in, VP_SCSI_BUF_SIZE bytes
 *
 * INQUIRY gets standard data with peripheral qualifier 3 (byte 0 0x7f),
 * REPORT LUNS an empty list, anything else CHECK CONDITION with LOGICAL UNIT
 * NOT SUPPORTED.
 */
void vp_scsi_absent(struct vp_scsi_cmd *c, u8 *buf);

/**
 * vp_scsi_gone() - answer a CDB sent to a LUN whose disk was removed
 * @c: the command
 * @buf: data-in, VP_SCSI_BUF_SIZE bytes
 *
 * INQUIRY and REPORT LUNS as vp_scsi_absent(), so that scans find nothing.
 *
 * Return: true if answered; false for anything else, which the transport
 * fails as an invalid LUN (@c untouched).
 */
bool vp_scsi_gone(struct vp_scsi_cmd *c, u8 *buf);

/**
 * vp_scsi_unmap_parse() - decode the parameter list of an UNMAP
 * @d: the disk
 * @c: the UNMAP command vp_scsi_execute() returned VP_SCSI_UNMAP for
 * @list: its parameter list, @c->data_len bytes
 * @ext: receives the ranges
 * @max: room in @ext
 *
 * Return: the number of ranges (0 is valid), or -1 with CHECK CONDITION and
 * sense set in @c (bad lengths, LBA out of range, more than @max ranges).
 */
int vp_scsi_unmap_parse(const struct vp_scsi_disk *d, struct vp_scsi_cmd *c,
			const u8 *list, struct vp_scsi_extent *ext,
			unsigned int max);

/*
 * CHECK CONDITION with fixed-format sense @key / @asc_ascq (VP_ASC_*); also
 * clears @fua, @lba, @nblocks and @data_len: an error moves no data.
 */
void vp_scsi_set_sense(struct vp_scsi_cmd *c, u8 key, u16 asc_ascq);

#endif /* _VPART_STORVSP_SCSI_H */
