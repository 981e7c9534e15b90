// SPDX-License-Identifier: GPL-2.0
/*
 * VMBus ring engine, host side: read packets the guest wrote into its
 * guest->host ring, write packets into the host->guest ring, and decide when
 * the other side must be signalled. The rules mirror the guest's algorithm
 * (vmbus-host-facts section 4.4); the checks are ours, because every index,
 * length and descriptor in the shared pages is under the guest's control.
 *
 * Packets are validated on a private copy of their descriptor, so a guest
 * changing the shared bytes after the check cannot make the host step
 * outside the packet it validated.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include "vpart/compat.h"
#endif
#include "vpart/vmbus_ring.h"

#define DESC_SIZE	((u32)sizeof(struct vp_pktdesc))

static int ring_break(struct vp_ring *r, const char *why)
{
	if (!r->err) {
		r->err = -EPROTO;
		r->why = why;
	}
	return r->err;
}

static bool index_ok(const struct vp_ring *r, u32 idx)
{
	return idx < r->size && IS_ALIGNED(idx, 8);
}

/* Bytes from @from forward to @to; both are valid indices. */
static u32 ring_dist(const struct vp_ring *r, u32 from, u32 to)
{
	return to >= from ? to - from : r->size - from + to;
}

/* @off < size and @n <= size, with size <= 2^30: no u32 overflow. */
static u32 ring_add(const struct vp_ring *r, u32 off, u32 n)
{
	off += n;
	return off >= r->size ? off - r->size : off;
}

static void copy_from_ring(const struct vp_ring *r, u32 off, void *dst, u32 len)
{
	u32 first = r->size - off;

	if (first > len)
		first = len;
	memcpy(dst, r->data + off, first);
	memcpy((u8 *)dst + first, r->data, len - first);
}

static u32 copy_to_ring(struct vp_ring *r, u32 off, const void *src, u32 len)
{
	u32 first = r->size - off;

	if (first > len)
		first = len;
	memcpy(r->data + off, src, first);
	memcpy(r->data, (const u8 *)src + first, len - first);
	return ring_add(r, off, len);
}

/**
 * vp_ring_init() - attach to one direction of a channel's ring
 * @r: ring state, owned by the caller
 * @ctrl: the ring's control page
 * @data: the data area, @size bytes, contiguous in the host's view
 * @size: data area size, a multiple of 8
 * @max_pkt: largest packet (descriptor and padding included) the channel's
 *	protocol allows; larger ones from the guest break the ring
 *
 * The guest initialises the indices before it opens the channel; they are
 * taken from the control page and validated here.
 *
 * Return: 0, -EINVAL for a bad geometry, -EPROTO for bad guest indices.
 */
int vp_ring_init(struct vp_ring *r, struct vp_ring_ctrl *ctrl, void *data,
		 u32 size, u32 max_pkt)
{
	u32 rd, wr;

	memset(r, 0, sizeof(*r));
	if (!ctrl || !data || size < VP_RING_MIN_DATA ||
	    size > VP_RING_MAX_DATA || !IS_ALIGNED(size, 8) ||
	    max_pkt < DESC_SIZE)
		return -EINVAL;
	r->ctrl = ctrl;
	r->data = data;
	r->size = size;
	/* Packets are padded to 8 bytes; one must fit an empty ring, slot kept free. */
	max_pkt = max_pkt > VP_RING_MAX_PKT ? VP_RING_MAX_PKT : ALIGN(max_pkt, 8);
	if (max_pkt > size - 2 * VP_PKT_TRAILER_SIZE)
		max_pkt = size - 2 * VP_PKT_TRAILER_SIZE;
	r->max_pkt = max_pkt;

	rd = READ_ONCE(ctrl->read_index);
	wr = READ_ONCE(ctrl->write_index);
	if (!index_ok(r, rd) || !index_ok(r, wr))
		return ring_break(r, "initial index out of range or misaligned");
	r->priv_read = rd;
	r->published_read = rd;
	r->priv_write = wr;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_init, VP_NS_VMBUS);

/**
 * vp_ring_peek() - validate the next packet of a guest->host ring
 * @r: ring
 * @desc: receives the validated descriptor; may be NULL
 *
 * Peeking again without consuming returns the same packet.
 *
 * Return: 0, -EAGAIN when the ring is empty, -EPROTO when it is broken.
 */
int vp_ring_peek(struct vp_ring *r, struct vp_pktdesc *desc)
{
	u32 wr, avail, len, off;

	if (r->err)
		return r->err;
	if (!r->have_cur) {
		wr = READ_ONCE(r->ctrl->write_index);
		if (!index_ok(r, wr))
			return ring_break(r, "write_index out of range or misaligned");
		avail = ring_dist(r, r->priv_read, wr);
		if (!avail)
			return -EAGAIN;
		/* Packet bytes are only valid once the index covering them is seen. */
		virt_rmb();
		if (avail < DESC_SIZE + VP_PKT_TRAILER_SIZE)
			return ring_break(r, "data shorter than a packet");
		copy_from_ring(r, r->priv_read, &r->cur, DESC_SIZE);
		len = (u32)r->cur.len8 * 8;
		off = (u32)r->cur.offset8 * 8;
		if (len < DESC_SIZE)
			return ring_break(r, "len8 shorter than the descriptor");
		if (off < DESC_SIZE)
			return ring_break(r, "offset8 inside the descriptor");
		if (off > len)
			return ring_break(r, "offset8 beyond len8");
		if (len + VP_PKT_TRAILER_SIZE > avail)
			return ring_break(r, "packet longer than the data written");
		if (len > r->max_pkt)
			return ring_break(r, "packet larger than the channel allows");
		r->have_cur = true;
	}
	if (desc)
		*desc = r->cur;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_peek, VP_NS_VMBUS);

/**
 * vp_ring_copy_out() - copy bytes of the peeked packet
 * @r: ring
 * @offset: byte offset from the packet's descriptor
 * @buf: destination
 * @len: bytes; @offset + @len must stay within the validated len8
 *
 * Return: 0, -EINVAL without a peeked packet or out of its bounds, -EPROTO.
 */
int vp_ring_copy_out(struct vp_ring *r, u32 offset, void *buf, u32 len)
{
	u32 pkt_len;

	if (r->err)
		return r->err;
	if (!r->have_cur)
		return -EINVAL;
	pkt_len = (u32)r->cur.len8 * 8;
	if (offset > pkt_len || len > pkt_len - offset)
		return -EINVAL;
	copy_from_ring(r, ring_add(r, r->priv_read, offset), buf, len);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_copy_out, VP_NS_VMBUS);

/**
 * vp_ring_consume() - step past the peeked packet
 * @r: ring
 *
 * The space goes back to the guest only at vp_ring_commit_read(), so a batch
 * of packets costs one index update and one signalling decision.
 *
 * Return: 0, -EINVAL without a peeked packet, -EPROTO.
 */
int vp_ring_consume(struct vp_ring *r)
{
	if (r->err)
		return r->err;
	if (!r->have_cur)
		return -EINVAL;
	r->priv_read = ring_add(r, r->priv_read,
				(u32)r->cur.len8 * 8 + VP_PKT_TRAILER_SIZE);
	r->have_cur = false;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_consume, VP_NS_VMBUS);

/**
 * vp_ring_commit_read() - give consumed space back to the guest
 * @r: ring
 *
 * Return: true when the guest must be signalled: it asked, through
 * pending_send_sz, to be told once that much space is free, and this commit
 * is what crossed the threshold.
 */
bool vp_ring_commit_read(struct vp_ring *r)
{
	u32 freed, pending, wr, free_now;

	if (r->err || r->priv_read == r->published_read)
		return false;
	freed = ring_dist(r, r->published_read, r->priv_read);
	/* All reads of the packets complete before their space is reused. */
	virt_mb();
	WRITE_ONCE(r->ctrl->read_index, r->priv_read);
	r->published_read = r->priv_read;
	/* Publish before sampling pending_send_sz; the guest orders the reverse. */
	virt_mb();
	pending = READ_ONCE(r->ctrl->pending_send_sz);
	if (!pending)
		return false;
	wr = READ_ONCE(r->ctrl->write_index);
	if (!index_ok(r, wr)) {
		ring_break(r, "write_index out of range or misaligned");
		return false;
	}
	free_now = r->size - ring_dist(r, r->priv_read, wr);
	if (free_now <= pending)
		return false;
	/* Signal on the transition only; an inconsistent guest just gets one. */
	return freed > free_now || free_now - freed <= pending;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_commit_read, VP_NS_VMBUS);

/**
 * vp_ring_read() - peek, copy out and consume one whole packet
 * @r: ring
 * @buf: destination for the packet, descriptor included
 * @buflen: size of @buf
 * @desc: receives the validated descriptor; may be NULL
 *
 * The descriptor in @buf is the validated copy, not the guest's bytes of the
 * moment. Nothing is consumed when @buf is too small.
 *
 * Return: packet length in bytes, -EAGAIN when empty, -EMSGSIZE, -EPROTO.
 */
int vp_ring_read(struct vp_ring *r, void *buf, u32 buflen,
		 struct vp_pktdesc *desc)
{
	struct vp_pktdesc d;
	u32 len;
	int ret;

	ret = vp_ring_peek(r, &d);
	if (ret)
		return ret;
	len = (u32)d.len8 * 8;
	if (len > buflen)
		return -EMSGSIZE;
	copy_from_ring(r, r->priv_read, buf, len);
	memcpy(buf, &d, DESC_SIZE);
	vp_ring_consume(r);
	if (desc)
		*desc = d;
	return len;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_read, VP_NS_VMBUS);

/**
 * vp_ring_read_batch() - hand up to @budget packets to @fn, then commit once
 * @r: ring
 * @buf: bounce buffer for one packet
 * @buflen: its size, at least the ring's max_pkt
 * @budget: most packets to handle, so a busy guest cannot hold the host
 * @fn: called per packet; a non-zero return stops the batch
 * @ctx: passed to @fn
 * @signal: receives vp_ring_commit_read()'s verdict; may be NULL
 *
 * Return: packets handled, or a negative error from the ring or from @fn.
 */
int vp_ring_read_batch(struct vp_ring *r, void *buf, u32 buflen,
		       unsigned int budget, vp_ring_pkt_fn fn, void *ctx,
		       bool *signal)
{
	struct vp_pktdesc d;
	unsigned int n = 0;
	int ret = 0;

	while (n < budget) {
		ret = vp_ring_read(r, buf, buflen, &d);
		if (ret == -EAGAIN) {
			ret = 0;
			break;
		}
		if (ret < 0)
			break;
		n++;
		ret = fn(ctx, &d, buf);
		if (ret)
			break;
	}
	if (signal)
		*signal = vp_ring_commit_read(r);
	return ret < 0 ? ret : (int)n;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_read_batch, VP_NS_VMBUS);

/**
 * vp_ring_mask() - tell the guest not to signal while the host drains
 * @r: ring
 */
void vp_ring_mask(struct vp_ring *r)
{
	WRITE_ONCE(r->ctrl->interrupt_mask, 1);
}
EXPORT_SYMBOL_NS_GPL(vp_ring_mask, VP_NS_VMBUS);

/**
 * vp_ring_unmask() - re-enable guest signals after draining
 * @r: ring
 *
 * Return: true when data arrived meanwhile: the guest did not signal it, so
 * the caller must drain again.
 */
bool vp_ring_unmask(struct vp_ring *r)
{
	WRITE_ONCE(r->ctrl->interrupt_mask, 0);
	/* The mask store must be visible before write_index is sampled. */
	virt_mb();
	if (r->err)
		return false;
	return r->have_cur || READ_ONCE(r->ctrl->write_index) != r->priv_read;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_unmask, VP_NS_VMBUS);

/* Free bytes of a host->guest ring; false when the guest's read_index is bad. */
static bool write_space(struct vp_ring *r, u32 *space)
{
	u32 rd = READ_ONCE(r->ctrl->read_index);

	if (!index_ok(r, rd))
		return false;
	*space = r->size - ring_dist(r, rd, r->priv_write);
	return true;
}

/**
 * vp_ring_write() - write one packet, all or nothing
 * @r: ring
 * @iov: gather list; iov[0] starts with a descriptor whose len8 is the
 *	padded total and whose offset8 lies within it
 * @niov: entries in @iov
 * @signal: set when the guest must be signalled (it was empty and unmasked)
 *
 * On a full ring, pending_send_sz asks the guest to signal once there is room.
 *
 * Return: 0, -EAGAIN when full, -EMSGSIZE when the packet can never fit,
 * -EINVAL for a malformed descriptor, -EPROTO when the ring is broken.
 */
int vp_ring_write(struct vp_ring *r, const struct kvec *iov,
		  unsigned int niov, bool *signal)
{
	static const u8 zeros[8];
	struct vp_pktdesc d;
	u64 total = 0, trailer;
	u32 padded, need, space, old, off;
	unsigned int i;

	*signal = false;
	if (r->err)
		return r->err;
	if (!niov || iov[0].iov_len < DESC_SIZE)
		return -EINVAL;
	for (i = 0; i < niov; i++) {
		total += iov[i].iov_len;
		if (total > r->max_pkt)
			return -EMSGSIZE;
	}
	padded = ALIGN((u32)total, 8);
	if (padded > r->max_pkt)
		return -EMSGSIZE;
	memcpy(&d, iov[0].iov_base, DESC_SIZE);
	if ((u32)d.len8 * 8 != padded || d.offset8 * 8 < DESC_SIZE ||
	    d.offset8 > d.len8)
		return -EINVAL;
	need = padded + VP_PKT_TRAILER_SIZE;

	if (!write_space(r, &space))
		return ring_break(r, "read_index out of range or misaligned");
	/* Keep one slot free so that a full ring never looks empty. */
	if (space <= need) {
		WRITE_ONCE(r->ctrl->pending_send_sz, need);
		r->asked_space = true;
		/* The guest may have freed space before it saw the request. */
		virt_mb();
		if (!write_space(r, &space))
			return ring_break(r, "read_index out of range or misaligned");
		if (space <= need)
			return -EAGAIN;
	}

	old = r->priv_write;
	off = old;
	for (i = 0; i < niov; i++)
		off = copy_to_ring(r, off, iov[i].iov_base, iov[i].iov_len);
	off = copy_to_ring(r, off, zeros, padded - (u32)total);
	trailer = (u64)old << 32;
	off = copy_to_ring(r, off, &trailer, sizeof(trailer));
	r->priv_write = off;

	/* The packet is complete in memory before the index publishes it. */
	virt_mb();
	WRITE_ONCE(r->ctrl->write_index, off);
	if (r->asked_space) {
		WRITE_ONCE(r->ctrl->pending_send_sz, 0);
		r->asked_space = false;
	}
	/* Publish before sampling the guest's mask and position. */
	virt_mb();
	if (!READ_ONCE(r->ctrl->interrupt_mask))
		*signal = READ_ONCE(r->ctrl->read_index) == old;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vp_ring_write, VP_NS_VMBUS);

/**
 * vp_ring_send() - write an in-band style packet built from one buffer
 * @r: ring
 * @type: packet type (enum vp_pkt_type)
 * @flags: descriptor flags
 * @trans_id: transaction id, echoed by the guest's completion
 * @payload: bytes after the 16-byte descriptor
 * @len: their count
 * @signal: as for vp_ring_write()
 *
 * Return: as vp_ring_write().
 */
int vp_ring_send(struct vp_ring *r, u16 type, u16 flags, u64 trans_id,
		 const void *payload, u32 len, bool *signal)
{
	struct vp_pktdesc d = {
		.type = type,
		.offset8 = DESC_SIZE / 8,
		.flags = flags,
		.trans_id = trans_id,
	};
	struct kvec iov[2] = {
		{ .iov_base = &d, .iov_len = DESC_SIZE },
		{ .iov_base = (void *)payload, .iov_len = len },
	};
	u64 padded = ALIGN((u64)DESC_SIZE + len, 8);

	*signal = false;
	if (padded > r->max_pkt)
		return -EMSGSIZE;
	d.len8 = (u16)(padded / 8);
	return vp_ring_write(r, iov, len ? 2 : 1, signal);
}
EXPORT_SYMBOL_NS_GPL(vp_ring_send, VP_NS_VMBUS);
