// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: the offer of a device, OPENCHANNEL onto a ring GPADL, the
 * signals both ways, and the helpers VSPs send and receive with.
 *
 * The ring GPADL's pages are mapped contiguously (vmap) while the channel
 * is open: the first downstream_page_offset pages are the guest->host ring,
 * the rest the host->guest ring, each a control page and a data area
 * (vmbus-host-facts 3.6, 4.1).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <vpart/compat.h>
#include "vmbus_internal.h"

static void vp_chan_work(struct work_struct *work);

void vp_chan_init(struct vp_vmbus_chan *ch, struct vp_vmbus_dev *dev, u32 relid, u16 index)
{
	ch->dev = dev;
	ch->srv = dev->srv;
	ch->relid = relid;
	ch->index = index;
	ch->conn_id = VP_VMBUS_CONN_BASE + relid;
	spin_lock_init(&ch->out_lock);
	INIT_WORK(&ch->work, vp_chan_work);
	INIT_LIST_HEAD(&ch->bufs);
}

void vp_chan_offer(struct vp_vmbus_chan *ch)
{
	struct vp_vsp_class *cls = ch->dev->cls;
	struct vp_chmsg_offer o = {
		.hdr.msgtype = VP_CHMSG_OFFERCHANNEL,
		.chn_flags = cls->chn_flags,
		.sub_channel_index = ch->index,
		.child_relid = ch->relid,
		.monitorid = 0xff,
		/* No monitor pages: the guest signals with HvSignalEvent. */
		.monitor_allocated = 0,
		.is_dedicated_interrupt = 1,
		.connection_id = ch->conn_id,
	};

	export_guid(o.if_type, &cls->if_type);
	export_guid(o.if_instance, &ch->dev->instance);
	memcpy(o.user_def, &cls->pipe_mode, sizeof(cls->pipe_mode));
	ch->offered = true;
	vp_vmbus_queue(ch->srv, &o, sizeof(o));
}

static void vp_open_result(struct vp_vmbus_server *srv, const struct vp_chmsg_open *m,
			   u32 status)
{
	struct vp_chmsg_open_result r = {
		.hdr.msgtype = VP_CHMSG_OPENCHANNEL_RESULT,
		.child_relid = m->child_relid,
		.openid = m->openid,
		.status = status,
	};

	vp_vmbus_queue(srv, &r, sizeof(r));
}

/* Map the ring GPADL and check both rings' geometry and indices. */
static int vp_chan_map(struct vp_vmbus_chan *ch, struct vp_gpadl *g, u32 down)
{
	u32 max_pkt = ch->dev->cls->max_pkt ?: 4096;
	int ret;

	/* Each ring is a control page and at least one data page. */
	if (g->byte_offset || g->npages < 4 || down < 2 || down > g->npages - 2)
		return -EINVAL;
	ch->ring_va = vmap(g->pages, g->npages, VM_MAP, PAGE_KERNEL);
	if (!ch->ring_va)
		return -ENOMEM;
	ret = vp_ring_init(&ch->in, ch->ring_va, ch->ring_va + PAGE_SIZE,
			   (down - 1) * PAGE_SIZE, max_pkt);
	if (!ret)
		ret = vp_ring_init(&ch->out, ch->ring_va + down * PAGE_SIZE,
				   ch->ring_va + (down + 1) * PAGE_SIZE,
				   (g->npages - down - 1) * PAGE_SIZE, VP_RING_MAX_PKT);
	if (ret) {
		vunmap(ch->ring_va);
		ch->ring_va = NULL;
	}
	return ret;
}

void vp_chan_open(struct vp_vmbus_server *srv, const struct vp_chmsg_open *m)
{
	struct vp_vmbus_chan *ch = NULL;
	struct vp_gpadl *g;
	unsigned long flags;

	if (m->child_relid && m->child_relid <= VP_VMBUS_MAX_CHANNELS)
		ch = srv->chans[m->child_relid];
	g = vp_gpadl_find(srv, m->ringbuffer_gpadl);
	if (!ch || ch->open || ch->rescinded || !ch->offered || !g || !g->complete ||
	    g->torn || m->target_vp >= VPART_MAX_VCPUS || !ch->dev->cls->open ||
	    vp_chan_map(ch, g, m->downstream_page_offset)) {
		pr_warn_ratelimited("OPENCHANNEL relid %u gpadl %#x refused\n",
				    m->child_relid, m->ringbuffer_gpadl);
		vp_open_result(srv, m, VP_VMBUS_STATUS_FAIL);
		return;
	}
	g->users++;
	ch->ring = g;
	ch->openid = m->openid;
	WRITE_ONCE(ch->target_vp, m->target_vp);
	spin_lock_irqsave(&ch->out_lock, flags);
	ch->out_ok = true;
	ch->closing = false;
	spin_unlock_irqrestore(&ch->out_lock, flags);
	ch->open = true;
	/* The guest learns of the open before the class's first packet. */
	vp_open_result(srv, m, 0);
	if (ch->dev->cls->open(ch)) {
		/* Too late to refuse: the guest sees a channel that says nothing. */
		pr_warn_ratelimited("relid %u: %s open failed\n", ch->relid, ch->dev->cls->name);
		spin_lock_irqsave(&ch->out_lock, flags);
		ch->out_ok = false;
		spin_unlock_irqrestore(&ch->out_lock, flags);
	}
}

void vp_chan_close(struct vp_vmbus_chan *ch)
{
	unsigned long flags;

	lockdep_assert_held(&ch->srv->lock);
	if (!ch->open)
		return;
	/*
	 * Signals (under srv->lock) and polls (not once closing is set) queue
	 * the reader: none runs after this. @close may wait for I/O whose
	 * completions still send, so out_ok stays until it returns.
	 */
	spin_lock_irqsave(&ch->out_lock, flags);
	ch->closing = true;
	spin_unlock_irqrestore(&ch->out_lock, flags);
	cancel_work_sync(&ch->work);
	ch->dev->cls->close(ch);
	vp_chan_unmap_bufs(ch);
	spin_lock_irqsave(&ch->out_lock, flags);
	ch->out_ok = false;
	spin_unlock_irqrestore(&ch->out_lock, flags);
	ch->open = false;
	vunmap(ch->ring_va);
	ch->ring_va = NULL;
	vp_gpadl_put(ch->srv, ch->ring);
	ch->ring = NULL;
}

/* The guest signalled the channel: run the class's reader. */
void vp_chan_signal(struct vp_vmbus_chan *ch)
{
	queue_work(vp_vmbus_wq, &ch->work);
}

static void vp_chan_work(struct work_struct *work)
{
	struct vp_vmbus_chan *ch = container_of(work, struct vp_vmbus_chan, work);
	struct vp_vmbus_server *srv = ch->srv;
	int round;

	/*
	 * The guest only signals empty -> non-empty against the read index we
	 * published, so after publishing look once more (facts 4.4). Rounds
	 * are bounded; a busy guest signals again or the work is requeued.
	 */
	for (round = 0; round < 64; round++) {
		bool held = ch->dev->cls->packets(ch);

		if (vp_ring_commit_read(&ch->in))
			srv->port->signal(srv->hv, READ_ONCE(ch->target_vp), srv->sint, ch->relid);
		/* The class left packets on purpose; it polls when ready. */
		if (held)
			return;
		/* The read index is out before we look at the guest's write index. */
		virt_mb();
		if (vp_ring_peek(&ch->in, NULL) != 0)
			break;
	}
	if (vp_ring_broken(&ch->in))
		pr_warn_ratelimited("relid %u: guest broke its ring (%s): channel stopped\n",
				    ch->relid, ch->in.why);
	else if (round == 64)
		queue_work(vp_vmbus_wq, &ch->work);
}

/**
 * vp_vmbus_chan_poll() - run the class's @packets again
 * @ch: a channel whose @packets stopped early
 *
 * Any context. A no-op once the channel is closing.
 */
void vp_vmbus_chan_poll(struct vp_vmbus_chan *ch)
{
	unsigned long flags;

	spin_lock_irqsave(&ch->out_lock, flags);
	if (ch->out_ok && !ch->closing)
		queue_work(vp_vmbus_wq, &ch->work);
	spin_unlock_irqrestore(&ch->out_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_chan_poll, VP_NS_VMBUS);

/**
 * vp_vmbus_send() - write one packet into the host->guest ring
 * @ch: an open channel
 * @type: VP_PKT_*
 * @flags: VP_PKT_FLAG_*
 * @trans_id: transaction id
 * @payload: packet body after the descriptor
 * @len: its size
 *
 * Safe from any context.
 *
 * Return: 0, -EAGAIN when the ring is full (the guest signals once it
 * made room only if it was asked; callers retry on their next event),
 * -EPIPE when the channel is not open, -EPROTO when the ring is broken.
 */
int vp_vmbus_send(struct vp_vmbus_chan *ch, u16 type, u16 flags, u64 trans_id,
		  const void *payload, u32 len)
{
	struct vp_vmbus_server *srv = ch->srv;
	unsigned long irqflags;
	bool signal = false;
	int ret = -EPIPE;

	spin_lock_irqsave(&ch->out_lock, irqflags);
	if (ch->out_ok)
		ret = vp_ring_send(&ch->out, type, flags, trans_id, payload, len, &signal);
	spin_unlock_irqrestore(&ch->out_lock, irqflags);
	if (signal)
		srv->port->signal(srv->hv, READ_ONCE(ch->target_vp), srv->sint, ch->relid);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_send, VP_NS_VMBUS);

/**
 * vp_vmbus_send_completion() - answer a guest packet by transaction id
 * @ch: an open channel
 * @trans_id: the request's transaction id
 * @payload: completion body
 * @len: its size
 *
 * Return: as vp_vmbus_send().
 */
int vp_vmbus_send_completion(struct vp_vmbus_chan *ch, u64 trans_id,
			     const void *payload, u32 len)
{
	return vp_vmbus_send(ch, VP_PKT_COMP, 0, trans_id, payload, len);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_send_completion, VP_NS_VMBUS);

/**
 * vp_vmbus_send_xfer() - a transfer-page packet: data the guest finds in its buffer
 * @ch: an open channel
 * @pageset: the id the guest gave the buffer (netvsc: 0xcafe)
 * @ranges: where in the buffer the data lies
 * @n: how many ranges, at least 1
 * @trans_id: the host's id; the guest completes the packet with it
 * @payload: the message that follows the ranges
 * @len: its size
 *
 * The class keeps the ranges until the guest's completion for @trans_id.
 *
 * Return: as vp_vmbus_send(); -EINVAL without ranges.
 */
int vp_vmbus_send_xfer(struct vp_vmbus_chan *ch, u16 pageset, const struct vp_xfer_range *ranges,
		       u32 n, u64 trans_id, const void *payload, u32 len)
{
	struct vp_xfer_hdr h = { .pageset_id = pageset, .range_count = n };
	u64 head = sizeof(struct vp_pktdesc) + sizeof(h) + (u64)n * sizeof(*ranges);
	struct vp_pktdesc d = {
		.type = VP_PKT_DATA_USING_XFER_PAGES,
		.flags = VP_PKT_FLAG_COMPLETION_REQUESTED,
		.trans_id = trans_id,
	};
	struct kvec iov[4] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = &h, .iov_len = sizeof(h) },
		{ .iov_base = (void *)ranges, .iov_len = n * sizeof(*ranges) },
		{ .iov_base = (void *)payload, .iov_len = len },
	};
	struct vp_vmbus_server *srv = ch->srv;
	unsigned long irqflags;
	bool signal = false;
	int ret = -EPIPE;

	if (!n || head + len > VP_RING_MAX_PKT)
		return n ? -EMSGSIZE : -EINVAL;
	/* The header and ranges are 8-byte multiples: the payload starts aligned. */
	d.offset8 = (u16)(head / 8);
	d.len8 = (u16)(ALIGN(head + len, 8) / 8);
	spin_lock_irqsave(&ch->out_lock, irqflags);
	if (ch->out_ok)
		ret = vp_ring_write(&ch->out, iov, ARRAY_SIZE(iov), &signal);
	spin_unlock_irqrestore(&ch->out_lock, irqflags);
	if (signal)
		srv->port->signal(srv->hv, READ_ONCE(ch->target_vp), srv->sint, ch->relid);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_send_xfer, VP_NS_VMBUS);

/**
 * vp_vmbus_recv() - take the next guest packet (from @packets only)
 * @ch: the channel
 * @buf: receives the packet, descriptor included
 * @buflen: size of @buf; at least the class's max_pkt to never fail
 * @desc: receives the validated descriptor; may be NULL
 *
 * Return: packet length, -EAGAIN when empty, -EMSGSIZE, -EPROTO when the
 * guest broke the ring (the channel then stays silent).
 */
int vp_vmbus_recv(struct vp_vmbus_chan *ch, void *buf, u32 buflen,
		  struct vp_pktdesc *desc)
{
	return vp_ring_read(&ch->in, buf, buflen, desc);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_recv, VP_NS_VMBUS);

void *vp_vmbus_dev_priv(struct vp_vmbus_dev *dev)
{
	return dev->priv;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_dev_priv, VP_NS_VMBUS);

void vp_vmbus_dev_set_priv(struct vp_vmbus_dev *dev, void *priv)
{
	dev->priv = priv;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_dev_set_priv, VP_NS_VMBUS);

struct vp_vmbus_dev *vp_vmbus_chan_dev(struct vp_vmbus_chan *ch)
{
	return ch->dev;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_chan_dev, VP_NS_VMBUS);

const guid_t *vp_vmbus_dev_instance(struct vp_vmbus_dev *dev)
{
	return &dev->instance;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_dev_instance, VP_NS_VMBUS);

u32 vp_vmbus_chan_relid(struct vp_vmbus_chan *ch)
{
	return ch->relid;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_chan_relid, VP_NS_VMBUS);

u16 vp_vmbus_chan_index(struct vp_vmbus_chan *ch)
{
	return ch->index;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_chan_index, VP_NS_VMBUS);

void *vp_vmbus_chan_priv(struct vp_vmbus_chan *ch)
{
	return ch->priv;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_chan_priv, VP_NS_VMBUS);

void vp_vmbus_chan_set_priv(struct vp_vmbus_chan *ch, void *priv)
{
	ch->priv = priv;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_chan_set_priv, VP_NS_VMBUS);

/**
 * vp_vmbus_pin() - hold guest RAM pages for I/O
 * @dev: the device doing the I/O
 * @gfns: guest frame numbers from a guest request
 * @n: how many
 * @pages: receives the pages
 *
 * Each frame must be writable RAM of the device's partition.
 *
 * Return: 0, -EFAULT (nothing held) when one is not.
 */
int vp_vmbus_pin(struct vp_vmbus_dev *dev, const u64 *gfns, unsigned int n,
		 struct page **pages)
{
	return dev->srv->port->get_pages(dev->srv->hv, gfns, n, pages);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_pin, VP_NS_VMBUS);

void vp_vmbus_unpin(struct page **pages, unsigned int n)
{
	while (n--)
		put_page(pages[n]);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_unpin, VP_NS_VMBUS);

u64 vp_vmbus_ref_time(struct vp_vmbus_dev *dev)
{
	return dev->srv->port->ref_time(dev->srv->hv);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_ref_time, VP_NS_VMBUS);
