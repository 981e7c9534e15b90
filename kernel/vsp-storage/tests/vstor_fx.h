/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the vpart_storvsp_vstor suite: a controller (struct
 * vp_stor) on a fake VMBus channel and device, with eight guest pages and a
 * 4 MiB shmem file as its disk. The test queues guest packets it built at
 * their wire offsets (storvsc's layout, not our structs) and calls
 * vp_stor_packets(); the fake logs the completions sent. A second fake
 * channel stands for a sub-channel. Helpers in
 * vstor_fx.c, which also holds the copies of vstor.c and backend.c under test.
 */
#ifndef _VPART_STORVSP_VSTOR_FX_H
#define _VPART_STORVSP_VSTOR_FX_H

#include <kunit/test.h>
#include "storvsp.h"

#define VT_GFN0		0x40000ULL	/* frame number of the first guest page */
#define VT_NPAGES	8
#define VT_RAM		(VT_NPAGES * PAGE_SIZE)
#define VT_BAD_GFN	0x7777ULL	/* no guest RAM there */
#define VT_DISK		(4U << 20)	/* 8192 blocks of 512 bytes */
#define VT_BLOCKS	(VT_DISK / 512)
#define VT_POISON	0xa5		/* guest RAM before each case */
#define VT_MAX_LOG	32
#define VT_ANY		U32_MAX		/* data_transfer_length not checked */

/* Offsets in the 64-byte vstor packet (struct vstor_packet of storvsc). */
#define VT_PKT		64
#define VT_OP		0
#define VT_FLAGS	4
#define VT_STATUS	8
#define VT_VERSION	12
#define VT_MAX_CHANNELS	16
#define VT_PROP_FLAGS	20
#define VT_MAX_XFER	24
#define VT_SRB_LEN	12
#define VT_SRB_STATUS	14
#define VT_SCSI_STATUS	15
#define VT_LUN		19
#define VT_CDB_LEN	20
#define VT_SENSE_LEN	21
#define VT_DATA_IN	22
#define VT_XFER		24
#define VT_CDB		28		/* the reply's sense data is here too */
#define VT_SRB_FLAGS	52
#define VT_TIME_OUT	56

/* One packet the VSP sent: a completion unless @type says otherwise. */
struct vt_comp {
	u16 type;
	u64 trans_id;
	u32 len;
	u8 pkt[VT_PKT];
};

struct vp_vmbus_dev {
	void *priv;
	struct page *pages[VT_NPAGES];	/* guest RAM from VT_GFN0 on */
};

struct vp_vmbus_chan {
	struct vp_vmbus_dev *dev;
	u16 index;			/* sub_channel_index */
	void *priv;
	unsigned int sub_wanted;	/* last vp_vmbus_dev_request_subchannels() */
	struct list_head in;		/* guest packets not read yet */
	spinlock_t lock;		/* the fields below: sent from any context */
	bool full;			/* refuse completions with -EAGAIN */
	unsigned int ncomp, refused, polls;
	struct vt_comp log[VT_MAX_LOG];	/* kept by vt_clear_log() */
	wait_queue_head_t wait;		/* a completion, a refusal or a poll */
};

struct vt_fx {
	struct vp_vmbus_dev dev;
	struct vp_vmbus_chan ch;	/* the primary channel */
	struct vp_vmbus_chan sub;	/* sub-channel 1, opened by its test */
	/* Where the builders queue and the checks look: &ch unless a test
	 * switches to &sub.
	 */
	struct vp_vmbus_chan *cur;
	struct vp_stor *s;
	struct vp_stor_q *q;		/* the channel's, from vp_stor_open() */
	u8 *ram;			/* the guest pages, mapped in a row */
	struct file *file;		/* our own reference to the backing */
	bool wq;
};

int vt_init(struct kunit *test);
void vt_exit(struct kunit *test);

/* Guest packets, queued on the fake channel. */
void vt_queue(struct kunit *test, struct vt_fx *fx, const void *bytes, u32 len);
void vt_desc(u8 *b, u16 type, u32 off, u32 len, u64 tid);
void vt_inband(struct kunit *test, struct vt_fx *fx, u64 tid, const u8 *pkt);
/* A GPA-direct packet of one range (@count bytes from @off into @n frames). */
u8 *vt_build_gpa(struct kunit *test, u64 tid, const u8 *pkt, u32 count, u32 off,
		 const u64 *gfns, unsigned int n, u32 *len);
void vt_gpa(struct kunit *test, struct vt_fx *fx, u64 tid, const u8 *pkt, u32 count,
	    u32 off, const u64 *gfns, unsigned int n);
/* The buffer in guest pages @first, @first + 1, ... (wrapping round). */
void vt_gpa_pages(struct kunit *test, struct vt_fx *fx, u64 tid, const u8 *pkt,
		  u32 count, u32 off, unsigned int first);
void vt_ctl(struct kunit *test, struct vt_fx *fx, u64 tid, u32 op, u16 version);
/* An EXECUTE_SRB as storvsc fills it in, for LUN 0; returns @p. */
u8 *vt_srb(u8 *p, u8 data_in, u32 xfer, const u8 *cdb, u8 cdb_len);
u8 *vt_cdb10(u8 *cdb, u8 op, u32 lba, u16 n);
u8 *vt_cdb16(u8 *cdb, u8 op, u64 lba, u32 n);
/* READ(10) (0x28) or WRITE(10) of @n blocks, buffer from page @page + @off. */
void vt_rw(struct kunit *test, struct vt_fx *fx, u64 tid, u8 op, u32 lba, u16 n,
	   u32 off, unsigned int page);
void vt_tur(struct kunit *test, struct vt_fx *fx, u64 tid);
/* storvsc's init sequence, all answered with success; then vt_clear_log(). */
void vt_ready(struct kunit *test, struct vt_fx *fx);

/* The fake channel's state. */
unsigned int vt_get(struct vp_vmbus_chan *ch, const unsigned int *field);
void vt_wait(struct kunit *test, struct vt_fx *fx, unsigned int n);
void vt_clear_log(struct vt_fx *fx);
unsigned int vt_rescans(struct kunit *test, struct vt_fx *fx);
void vt_set_full(struct vt_fx *fx, bool full);
bool vt_unsent_is(struct vp_stor_q *q, unsigned int n);
/* Until every request in flight is a completion parked on @q->unsent. */
void vt_wait_parked(struct kunit *test, struct vp_stor_q *q, unsigned int n);
void vt_expect_unpinned(struct kunit *test, struct vt_fx *fx);

/* What the guest got back for @tid (exactly one 64-byte COMPLETE_IO). */
const u8 *vt_reply(struct kunit *test, struct vt_fx *fx, u64 tid);
const u8 *vt_done(struct kunit *test, struct vt_fx *fx, u64 tid, u8 srb_status,
		  u8 scsi_status, u32 xfer);
void vt_good(struct kunit *test, struct vt_fx *fx, u64 tid, u32 xfer);
void vt_invalid(struct kunit *test, struct vt_fx *fx, u64 tid);
/* CHECK CONDITION, sense @key/@asc cut to the guest's @room. */
void vt_sense(struct kunit *test, struct vt_fx *fx, u64 tid, u8 key, u8 asc, u8 room);

/* The backing file, through the VFS. */
void vt_file_rw(struct kunit *test, struct vt_fx *fx, bool write, loff_t pos, void *buf,
		size_t len);
void vt_fill(u8 *p, size_t len, u8 seed);

#endif /* _VPART_STORVSP_VSTOR_FX_H */
