/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside vpart_storvsp.ko. One VMBus device is one synthetic SCSI
 * controller with one disk (channel 0, target 0, LUN 0), backed by a block
 * device (bios on guest pages) or a regular file (kiocbs, direct I/O when
 * the file allows it).
 *
 * A disk removed while the guest has the controller open leaves through
 * its LUN, not a rescind (storvsc drops the completions of requests in
 * flight at a rescind and waits for them forever): the LUN answers
 * INVALID_LUN, the guest is told to rescan, and the controller stays,
 * empty, for the next disk added.
 *
 * Requests live from the channel reader (vstor.c) to their completion
 * (backend.c): guest pages are held by reference for the whole time, and
 * @close waits until none is in flight, so nothing is unpinned or freed
 * under a running bio.
 */
#ifndef _VPART_STORVSP_H
#define _VPART_STORVSP_H

#include <linux/bvec.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include "vpart/vmbus.h"
#include "scsi.h"
#include "vstor.h"

/* Largest transfer offered to the guest (QUERY_PROPERTIES). */
#define VP_STOR_MAX_XFER	(512U * 1024)
#define VP_STOR_MAX_PAGES	(VP_STOR_MAX_XFER / PAGE_SIZE + 1)
/* Descriptor, GPA range header, the PFNs and the vstor packet. */
#define VP_STOR_MAX_PKT		(16 + 16 + VP_STOR_MAX_PAGES * 8 + 64)
/* Requests in flight per channel; its reader stops beyond it. */
#define VP_STOR_MAX_INFLIGHT	256
/* Sub-channels a controller offers: one per guest VP besides the primary. */
#define VP_STOR_MAX_SUBCH	VP_VMBUS_MAX_SUBCHANNELS
/* UNMAP descriptors per command: what fits VP_SCSI_BUF_SIZE. */
#define VP_STOR_MAX_EXTENTS	((VP_SCSI_BUF_SIZE - 8) / 16)

struct vp_stor_backing {
	struct file *file;		/* our reference */
	struct block_device *bdev;	/* NULL for a regular file */
	bool direct;			/* file: IOCB_DIRECT */
};

struct vp_stor {
	struct vp_vmbus_dev *dev;
	struct vp_stor_backing b;
	struct vp_scsi_disk disk;

	/* Set up by the primary channel's reader; the others read @ready. */
	u16 proto;			/* negotiated vstor version */
	bool ready;			/* END_INITIALIZATION seen */
	/* Open/close and attach/detach run under vpart_vmbus's lock. */
	struct vp_vmbus_chan *primary;	/* while open */
	bool rescan_due;		/* an ENUMERATE_BUS the ring refused */

	/*
	 * @disk and @b are used only by requests counted in @users, taken
	 * while @present; detach waits for none to be left.
	 */
	spinlock_t lock;		/* the three fields below */
	bool present;			/* a disk at LUN 0 */
	bool gone_told;			/* since the detach, INVALID_LUN was sent */
	unsigned int users;
	wait_queue_head_t unused;	/* @users reached 0 */

	/* Counters for debugfs and tests. */
	atomic64_t reads, writes, flushes, discards, errors;
};

/* One channel of a controller (primary or sub-channel) while it is open. */
struct vp_stor_q {
	struct vp_stor *s;
	struct vp_vmbus_chan *ch;

	/* Reader side: the channel's @packets, one at a time. */
	u8 pkt[VP_STOR_MAX_PKT] __aligned(8);
	u8 scratch[VP_SCSI_BUF_SIZE];

	spinlock_t lock;		/* the fields below */
	unsigned int inflight;		/* requests alive, @nunsent included */
	unsigned int nunsent;
	bool throttled;			/* the reader stopped: poll it */
	struct list_head unsent;	/* completions that found the ring full */
	wait_queue_head_t idle;		/* inflight reached 0 */
};

struct vp_stor_req {
	struct vp_stor *s;
	struct vp_stor_q *q;		/* the channel it came on and goes back on */
	struct list_head node;		/* on q->unsent */
	u64 trans_id;
	struct vp_vstor_packet reply;
	enum vp_scsi_action action;
	u8 sense_room;			/* the guest's sense buffer size */
	bool user;			/* counted in s->users */
	bool fua;
	u64 pos;			/* bytes */
	u32 len;			/* bytes */
	u32 nr_ext;
	unsigned int npages;
	/* Not zeroed at allocation: set up as far as they are used. */
	struct vp_scsi_extent ext[VP_STOR_MAX_EXTENTS];
	struct work_struct work;	/* file I/O, flush, discard */
	struct kiocb iocb;
	struct page *pages[VP_STOR_MAX_PAGES];
	struct bio_vec bvec[VP_STOR_MAX_PAGES];
};

/* backend.c */
int vp_stor_backing_open(struct vp_stor *s, struct file *f, bool ro);
void vp_stor_backing_close(struct vp_stor *s);
void vp_stor_submit(struct vp_stor_req *req);
struct vp_stor_req *vp_stor_req_alloc(void);
void vp_stor_req_free(struct vp_stor_req *req);
int vp_stor_backend_init(void);
void vp_stor_backend_exit(void);

/* vstor.c */
void vp_stor_init(struct vp_stor *s, struct vp_vmbus_dev *dev);
void vp_stor_attach(struct vp_stor *s);
int vp_stor_detach(struct vp_stor *s);
int vp_stor_open(struct vp_vmbus_chan *ch);
void vp_stor_close(struct vp_vmbus_chan *ch);
bool vp_stor_packets(struct vp_vmbus_chan *ch);
void vp_stor_complete(struct vp_stor_req *req, int err);
void vp_stor_drain(struct vp_stor_q *q);

#endif /* _VPART_STORVSP_H */
