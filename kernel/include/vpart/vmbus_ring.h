/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host end of a VMBus ring buffer: one direction of a channel, laid out as a
 * control page shared with the guest plus a data area, seen by the host as
 * one contiguous mapping. The guest is hostile: every index and length it
 * writes is checked before use, and a violation breaks the ring for good
 * (-EPROTO) instead of reading or writing outside it.
 *
 * The host keeps its own copy of the index it owns (read_index of a ring it
 * reads, write_index of a ring it writes) and only ever publishes it, so a
 * guest scribbling over that field cannot move the host's position.
 *
 * Compiles in the kernel and natively (ucompat.h). Not thread-safe: one
 * reader or one writer per ring, serialised by the caller.
 */
#ifndef _VPART_VMBUS_RING_H
#define _VPART_VMBUS_RING_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/uio.h>
#endif
#include "vpart/vmbus_proto.h"

/* Smallest data area: one descriptor, its trailer and the byte kept free. */
#define VP_RING_MIN_DATA	64
/* Indices are u32 byte offsets; stay far from overflow. */
#define VP_RING_MAX_DATA	(1U << 30)
/* len8 is a u16 count of 8-byte units. */
#define VP_RING_MAX_PKT		(0xffffU * 8)

struct vp_ring {
	struct vp_ring_ctrl *ctrl;	/* shared with the guest */
	u8 *data;			/* shared, @size bytes */
	u32 size;
	/* Largest packet accepted, descriptor and padding included: a read
	 * buffer of this size always suffices.
	 */
	u32 max_pkt;
	u32 priv_read;		/* reader: next packet to read */
	u32 published_read;	/* reader: last read_index given to the guest */
	u32 priv_write;		/* writer: where the next packet goes */
	bool have_cur;		/* reader: @cur is peeked, not yet consumed */
	bool asked_space;	/* writer: pending_send_sz is set */
	struct vp_pktdesc cur;	/* reader: validated copy of the current descriptor */
	int err;		/* sticky: 0, or -EPROTO once the guest broke the ring */
	const char *why;	/* what broke it, for the log */
};

int vp_ring_init(struct vp_ring *r, struct vp_ring_ctrl *ctrl, void *data,
		 u32 size, u32 max_pkt);

/* Reader side (guest -> host ring). */
int vp_ring_peek(struct vp_ring *r, struct vp_pktdesc *desc);
int vp_ring_copy_out(struct vp_ring *r, u32 offset, void *buf, u32 len);
int vp_ring_consume(struct vp_ring *r);
bool vp_ring_commit_read(struct vp_ring *r);
int vp_ring_read(struct vp_ring *r, void *buf, u32 buflen,
		 struct vp_pktdesc *desc);

typedef int (*vp_ring_pkt_fn)(void *ctx, const struct vp_pktdesc *desc,
			      const void *pkt);
int vp_ring_read_batch(struct vp_ring *r, void *buf, u32 buflen,
		       unsigned int budget, vp_ring_pkt_fn fn, void *ctx,
		       bool *signal);
void vp_ring_mask(struct vp_ring *r);
bool vp_ring_unmask(struct vp_ring *r);

/* Writer side (host -> guest ring). */
int vp_ring_write(struct vp_ring *r, const struct kvec *iov,
		  unsigned int niov, bool *signal);
int vp_ring_send(struct vp_ring *r, u16 type, u16 flags, u64 trans_id,
		 const void *payload, u32 len, bool *signal);

static inline bool vp_ring_broken(const struct vp_ring *r)
{
	return r->err != 0;
}

#endif /* _VPART_VMBUS_RING_H */
