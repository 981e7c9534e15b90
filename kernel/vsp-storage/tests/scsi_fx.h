/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the vpart_storvsp_scsi* suites: a 2048-block disk of 512
 * bytes with discard, write cache and FUA, one command, and its answer
 * buffer. run() hands the CDB over in a block of exactly cdb_len bytes and
 * the buffer is exactly VP_SCSI_BUF_SIZE, so KASAN sees any access past
 * either; outputs and buffer are poisoned first, so a field left unset
 * shows. Helpers in scsi_test.c.
 */
#ifndef _VPART_STORVSP_SCSI_FX_H
#define _VPART_STORVSP_SCSI_FX_H

#include <kunit/test.h>
#include "vpart/storvsp_proto.h"
#include "scsi.h"

struct scsi_fx {
	struct vp_scsi_disk d;
	struct vp_scsi_cmd c;
	u8 cdb[16];
	u8 *buf;
	struct vp_scsi_extent ext[4];
};

/* The suites' init: a fresh disk in test->priv. */
int scsi_init(struct kunit *test);
/* A zeroed CDB with opcode @op, to be filled in by the case. */
u8 *cdb_op(struct kunit *test, u8 op);
/* vp_scsi_execute() of the first @len bytes of the CDB. */
enum vp_scsi_action run(struct kunit *test, u8 len, u8 dir, u32 xfer);

void expect_good(struct kunit *test, enum vp_scsi_action act, u32 len, int line);
void expect_sense(struct kunit *test, enum vp_scsi_action act, u8 key, u16 asc,
		  int line);

/* Answered with GOOD and @len bytes of data-in; no I/O asked for. */
#define EXPECT_GOOD(act, len)	expect_good(test, act, len, __LINE__)
/* CHECK CONDITION with fixed-format sense @key/@asc and nothing else set. */
#define EXPECT_SENSE(act, key, asc) expect_sense(test, act, key, asc, __LINE__)
#define EXPECT_BAD_CDB(act) \
	EXPECT_SENSE(act, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_INVALID_FIELD_IN_CDB)
#define EXPECT_OOR(act) \
	EXPECT_SENSE(act, VP_SENSE_ILLEGAL_REQUEST, VP_ASC_LBA_OUT_OF_RANGE)
#define EXPECT_WP(act) \
	EXPECT_SENSE(act, VP_SENSE_DATA_PROTECT, VP_ASC_WRITE_PROTECTED)

#endif /* _VPART_STORVSP_SCSI_FX_H */
