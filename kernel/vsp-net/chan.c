// SPDX-License-Identifier: GPL-2.0
/*
 * netvsc's protocol on a NIC's channel (vmbus-host-facts 6.2-6.4): NVSP
 * init, the receive and send buffers, RNDIS control messages answered
 * through receive slots, guest frames handed to the netdev, and a
 * completion for every RNDIS message the guest sends. Every message is
 * copied out of guest memory before it is looked at.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include "netvsp.h"

static const u32 vp_nvsp_versions[] = {
	VP_NVSP_V61, VP_NVSP_V6, VP_NVSP_V5, VP_NVSP_V4, VP_NVSP_V2, VP_NVSP_V1,
};

int vp_net_slot_get(struct vp_net *n, u8 **va)
{
	u32 i;

	lockdep_assert_held(&n->lock);
	if (!n->rx_va || !n->ch || n->slots_used >= n->nslots)
		return -1;
	i = find_next_zero_bit(n->slots, n->nslots, n->slot_hint);
	if (i >= n->nslots)
		i = find_first_zero_bit(n->slots, n->nslots);
	if (i >= n->nslots)
		return -1;
	__set_bit(i, n->slots);
	n->slots_used++;
	n->slot_hint = i + 1;
	*va = n->rx_va + (size_t)i * n->slot_size;
	return i;
}

static void vp_net_slot_put(struct vp_net *n, u32 slot)
{
	lockdep_assert_held(&n->lock);
	if (!__test_and_clear_bit(slot, n->slots))
		return;
	n->slots_used--;
}

/* A transfer-page packet naming one slot; the guest completes it by @slot + 1. */
static int vp_net_xfer(struct vp_net *n, u32 slot, u32 len, bool control)
{
	struct vp_xfer_range r = { .byte_count = len, .byte_offset = slot * n->slot_size };
	struct vp_nvsp_msg m = {
		.type = VP_NVSP_SEND_RNDIS_PKT,
		.rndis.channel_type = control ? VP_NVSP_CHANNEL_CONTROL : VP_NVSP_CHANNEL_DATA,
		.rndis.section_index = VP_NVSP_NO_SECTION,
	};

	return vp_vmbus_send_xfer(n->ch, VP_NVSP_RECV_BUF_ID, &r, 1, (u64)slot + 1, &m, sizeof(m));
}

int vp_net_slot_send(struct vp_net *n, u32 slot, u32 len, bool control)
{
	int ret;

	lockdep_assert_held(&n->lock);
	/* Answers queue behind answers: the guest matches them in order. */
	ret = n->nunsent_slots && control ? -EAGAIN : vp_net_xfer(n, slot, len, control);
	if (ret == -EAGAIN && control && n->nunsent_slots < VP_NET_MAX_UNSENT) {
		n->unsent_slot[n->nunsent_slots] = slot;
		n->unsent_len[n->nunsent_slots++] = len;
		return 0;
	}
	if (ret) {
		vp_net_slot_put(n, slot);
		if (ret == -EAGAIN && n->ndev && !n->queue_held) {
			n->queue_held = true;
			netif_stop_queue(n->ndev);
		}
	}
	return ret;
}

/* Answers the ring refused, in order; false if some still wait. */
static bool vp_net_flush_answers(struct vp_net *n)
{
	u32 i = 0;

	while (i < n->nunsent_slots &&
	       !vp_net_xfer(n, n->unsent_slot[i], n->unsent_len[i], true))
		i++;
	n->nunsent_slots -= i;
	memmove(n->unsent_slot, n->unsent_slot + i, n->nunsent_slots * sizeof(u32));
	memmove(n->unsent_len, n->unsent_len + i, n->nunsent_slots * sizeof(u32));
	return !n->nunsent_slots;
}

/* Under @lock: the guest may take frames again; let the netdev send. */
static void vp_net_release_queue(struct vp_net *n)
{
	if (n->queue_held && n->ndev && n->slots_used < n->nslots) {
		n->queue_held = false;
		netif_wake_queue(n->ndev);
	}
}

void vp_net_link_changed(struct vp_net *n)
{
	struct vp_rndis_indicate *ind;
	int slot;
	u8 *va;

	lockdep_assert_held(&n->lock);
	n->nic.link_up = n->host_up;
	if (!n->nic.initialized)
		return;
	slot = vp_net_slot_get(n, &va);
	if (slot < 0)
		return;
	ind = (struct vp_rndis_indicate *)va;
	memset(ind, 0, sizeof(*ind));
	ind->h.type = VP_RNDIS_INDICATE;
	ind->h.msg_len = sizeof(*ind);
	ind->status = n->host_up ? VP_RNDIS_MEDIA_CONNECT : VP_RNDIS_MEDIA_DISCONNECT;
	vp_net_slot_send(n, slot, sizeof(*ind), true);
}

/* The guest's completion of a message we sent: its slot is free again. */
static void vp_net_completed(struct vp_net *n, u64 trans_id)
{
	unsigned long flags;

	spin_lock_irqsave(&n->lock, flags);
	if (trans_id && trans_id <= n->nslots && n->slots)
		vp_net_slot_put(n, trans_id - 1);
	else
		atomic64_inc(&n->errors);
	vp_net_release_queue(n);
	spin_unlock_irqrestore(&n->lock, flags);
}

static void vp_net_reply(struct vp_net *n, const struct vp_pktdesc *d, struct vp_nvsp_msg *m)
{
	int ret;

	if (!(d->flags & VP_PKT_FLAG_COMPLETION_REQUESTED))
		return;
	ret = vp_vmbus_send_completion(n->ch, d->trans_id, m, sizeof(*m));
	if (ret)
		pr_warn_ratelimited("%s: NVSP %u answer lost (%d)\n", n->ifname, m->type, ret);
}

/* The guest's SEND_RNDIS_PKT is done with: its send section is free. */
static void vp_net_complete_rndis(struct vp_net *n, const struct vp_pktdesc *d, u32 status)
{
	struct vp_nvsp_msg m = {
		.type = VP_NVSP_SEND_RNDIS_PKT_COMPLETE,
		.rndis_complete.status = status,
	};

	if (!(d->flags & VP_PKT_FLAG_COMPLETION_REQUESTED))
		return;
	/* Every one must arrive, or netvsc runs out of sections and stalls. */
	if (n->nunsent_comp ||
	    vp_vmbus_send_completion(n->ch, d->trans_id, &m, sizeof(m)) == -EAGAIN) {
		if (n->nunsent_comp < VP_NET_MAX_UNSENT)
			n->unsent_comp[n->nunsent_comp++] = d->trans_id;
	}
}

static bool vp_net_flush_completions(struct vp_net *n)
{
	struct vp_nvsp_msg m = {
		.type = VP_NVSP_SEND_RNDIS_PKT_COMPLETE,
		.rndis_complete.status = VP_NVSP_STAT_SUCCESS,
	};
	u32 i = 0;

	while (i < n->nunsent_comp &&
	       vp_vmbus_send_completion(n->ch, n->unsent_comp[i], &m, sizeof(m)) != -EAGAIN)
		i++;
	n->nunsent_comp -= i;
	memmove(n->unsent_comp, n->unsent_comp + i, n->nunsent_comp * sizeof(u64));
	return !n->nunsent_comp;
}

/* Copy @len bytes from guest frames @pfns, @off into the first, to @dst. */
static int vp_net_copy_range(struct vp_net *n, const struct vp_nvsp_range *rg, u8 *dst)
{
	u32 off = rg->byte_offset, left = rg->byte_count;
	unsigned int i;
	int ret;

	ret = vp_vmbus_pin(n->dev, rg->pfns, rg->npages, n->pages);
	if (ret)
		return ret;
	for (i = 0; left; i++) {
		u32 c = min_t(u32, left, PAGE_SIZE - off);
		u8 *va = kmap_local_page(n->pages[i]);

		memcpy(dst, va + off, c);
		kunmap_local(va);
		dst += c;
		left -= c;
		off = 0;
	}
	vp_vmbus_unpin(n->pages, rg->npages);
	return 0;
}

/* The RNDIS bytes of a SEND_RNDIS_PKT into n->msg: section, then ranges. */
static int vp_net_gather(struct vp_net *n, const struct vp_nvsp_req *r)
{
	u32 idx = r->msg->rndis.section_index, size = r->msg->rndis.section_size;
	u64 len = 0;
	u32 i;

	if (idx != VP_NVSP_NO_SECTION) {
		if (!n->tx_va || idx >= n->tx_len / VP_NET_SECTION_SIZE ||
		    size > VP_NET_SECTION_SIZE || size > VP_NET_MAX_MSG)
			return -EINVAL;
		memcpy(n->msg, n->tx_va + (size_t)idx * VP_NET_SECTION_SIZE, size);
		len = size;
	}
	if (len + r->total > VP_NET_MAX_MSG)
		return -EMSGSIZE;
	for (i = 0; i < r->nranges; i++) {
		struct vp_nvsp_range rg;
		int ret;

		vp_nvsp_range(r, i, &rg);
		ret = vp_net_copy_range(n, &rg, n->msg + len);
		if (ret)
			return ret;
		len += rg.byte_count;
	}
	return len ? (int)len : -EINVAL;
}

static void vp_net_control(struct vp_net *n, u32 len)
{
	struct vp_rndis_ctl c;
	unsigned long flags;
	int slot;
	u32 out;
	u8 *va;

	if (vp_rndis_parse_ctl(n->msg, len, &c)) {
		atomic64_inc(&n->errors);
		return;
	}
	spin_lock_irqsave(&n->lock, flags);
	slot = vp_net_slot_get(n, &va);
	if (slot < 0) {
		/* netvsc waits for the answer: it gave us no buffer, or a tiny one. */
		pr_warn_ratelimited("%s: no receive slot for an RNDIS answer\n", n->ifname);
	} else {
		out = vp_rndis_respond(&n->nic, &c, va, n->slot_size);
		if (out)
			vp_net_slot_send(n, slot, out, true);
		else
			vp_net_slot_put(n, slot);
	}
	vp_net_carrier(n);
	spin_unlock_irqrestore(&n->lock, flags);
}

/* Guest frames, one RNDIS PACKET after the other. */
static u32 vp_net_data(struct vp_net *n, u32 len)
{
	struct vp_rndis_frame f;
	u32 off = 0;

	/* What is left after the last message is alignment padding. */
	do {
		if (vp_rndis_parse_packet(n->msg + off, len - off, &f)) {
			atomic64_inc(&n->errors);
			return VP_NVSP_STAT_FAIL;
		}
		vp_net_receive(n, n->msg + off + f.data_off, f.data_len, &f);
		off += min(ALIGN(f.msg_len, 8), len - off);
	} while (len - off >= VP_NET_RNDIS_HDR);
	return VP_NVSP_STAT_SUCCESS;
}

static void vp_net_rndis(struct vp_net *n, const struct vp_pktdesc *d, const struct vp_nvsp_req *r)
{
	u32 status = VP_NVSP_STAT_FAIL;
	int len = vp_net_gather(n, r);

	if (len < 0) {
		atomic64_inc(&n->errors);
	} else if (r->msg->rndis.channel_type == VP_NVSP_CHANNEL_CONTROL) {
		vp_net_control(n, len);
		status = VP_NVSP_STAT_SUCCESS;
	} else {
		status = vp_net_data(n, len);
	}
	vp_net_complete_rndis(n, d, status);
}

static u32 vp_net_recv_buf(struct vp_net *n, u32 gpadl, struct vp_nvsp_msg *m)
{
	unsigned long flags, *bits;
	u32 len, nslots;
	u8 *va;

	if (n->rx_va)
		return VP_NVSP_STAT_FAIL;
	va = vp_vmbus_buf_map(n->ch, gpadl, &len);
	if (!va)
		return VP_NVSP_STAT_FAIL;
	nslots = len / VP_NET_SLOT_SIZE;
	bits = nslots >= VP_NET_MIN_SLOTS ? bitmap_zalloc(nslots, GFP_KERNEL_ACCOUNT) : NULL;
	if (!bits) {
		vp_vmbus_buf_unmap(n->ch, va);
		return VP_NVSP_STAT_FAIL;
	}
	spin_lock_irqsave(&n->lock, flags);
	n->rx_va = va;
	n->slots = bits;
	n->nslots = nslots;
	n->slot_size = VP_NET_SLOT_SIZE;
	n->slots_used = 0;
	n->slot_hint = 0;
	spin_unlock_irqrestore(&n->lock, flags);
	m->recv_buf_complete.num_sections = 1;
	m->recv_buf_complete.section.sub_alloc_size = VP_NET_SLOT_SIZE;
	m->recv_buf_complete.section.num_sub_allocs = nslots;
	m->recv_buf_complete.section.end_offset = nslots * VP_NET_SLOT_SIZE;
	return VP_NVSP_STAT_SUCCESS;
}

/*
 * Under @lock: the receive buffer goes (revoked or closing), nothing may
 * write it after; RNDIS starts over. The slot bitmap, for the caller to free.
 */
static unsigned long *vp_net_forget_recv_buf(struct vp_net *n)
{
	unsigned long *bits = n->slots;

	n->rx_va = NULL;
	n->slots = NULL;
	n->nslots = 0;
	n->slots_used = 0;
	n->nunsent_slots = 0;
	n->nic.initialized = false;
	vp_net_carrier(n);
	return bits;
}

static void vp_net_drop_recv_buf(struct vp_net *n)
{
	unsigned long flags, *bits;
	u8 *va;

	spin_lock_irqsave(&n->lock, flags);
	va = n->rx_va;
	bits = vp_net_forget_recv_buf(n);
	spin_unlock_irqrestore(&n->lock, flags);
	bitmap_free(bits);
	if (va)
		vp_vmbus_buf_unmap(n->ch, va);
}

static void vp_net_nvsp(struct vp_net *n, const struct vp_pktdesc *d, const struct vp_nvsp_req *r)
{
	const struct vp_nvsp_msg *in = r->msg;
	struct vp_nvsp_msg m = { };
	unsigned long flags;
	unsigned int i;
	u32 len;
	u8 *va;

	switch (in->type) {
	case VP_NVSP_INIT:
		m.type = VP_NVSP_INIT_COMPLETE;
		m.init_complete.status = VP_NVSP_STAT_FAIL;
		for (i = 0; i < ARRAY_SIZE(vp_nvsp_versions); i++) {
			u32 v = vp_nvsp_versions[i];

			if (v >= in->init.min_ver && v <= in->init.max_ver) {
				spin_lock_irqsave(&n->lock, flags);
				n->nic.nvsp = v;
				spin_unlock_irqrestore(&n->lock, flags);
				m.init_complete.negotiated_ver = v;
				m.init_complete.status = VP_NVSP_STAT_SUCCESS;
				break;
			}
		}
		vp_net_reply(n, d, &m);
		return;
	case VP_NVSP_SEND_NDIS_CONFIG:
	case VP_NVSP_SEND_NDIS_VER:
		/* Nothing to answer: the host offers what it offers. */
		return;
	case VP_NVSP_SEND_RECV_BUF:
		m.type = VP_NVSP_SEND_RECV_BUF_COMPLETE;
		m.recv_buf_complete.status = in->buf.id == VP_NVSP_RECV_BUF_ID && n->nic.nvsp ?
			vp_net_recv_buf(n, in->buf.gpadl, &m) : VP_NVSP_STAT_FAIL;
		vp_net_reply(n, d, &m);
		return;
	case VP_NVSP_SEND_SEND_BUF:
		m.type = VP_NVSP_SEND_SEND_BUF_COMPLETE;
		m.send_buf_complete.status = VP_NVSP_STAT_FAIL;
		if (!n->tx_va && n->nic.nvsp && in->buf.id == VP_NVSP_SEND_BUF_ID)
			va = vp_vmbus_buf_map(n->ch, in->buf.gpadl, &len);
		else
			va = NULL;
		if (va && len >= VP_NET_SECTION_SIZE) {
			n->tx_va = va;
			n->tx_len = len;
			m.send_buf_complete.status = VP_NVSP_STAT_SUCCESS;
			m.send_buf_complete.section_size = VP_NET_SECTION_SIZE;
		} else if (va) {
			vp_vmbus_buf_unmap(n->ch, va);
		}
		vp_net_reply(n, d, &m);
		return;
	case VP_NVSP_REVOKE_RECV_BUF:
		vp_net_drop_recv_buf(n);
		return;
	case VP_NVSP_REVOKE_SEND_BUF:
		if (n->tx_va)
			vp_vmbus_buf_unmap(n->ch, n->tx_va);
		n->tx_va = NULL;
		n->tx_len = 0;
		return;
	case VP_NVSP_SEND_RNDIS_PKT:
		vp_net_rndis(n, d, r);
		return;
	case VP_NVSP_SUBCHANNEL:
		/* One queue: RSS capabilities are not offered, so this is a guest error. */
		m.type = VP_NVSP_SUBCHANNEL;
		m.subchannel.op = VP_NVSP_STAT_FAIL;
		vp_net_reply(n, d, &m);
		return;
	}
	/* SWITCH_DATA_PATH and anything else the guest waits for: an empty answer. */
	if (d->flags & VP_PKT_FLAG_COMPLETION_REQUESTED)
		vp_vmbus_send_completion(n->ch, d->trans_id, NULL, 0);
}

static void vp_net_handle(struct vp_net *n, const struct vp_pktdesc *d, u32 len)
{
	struct vp_nvsp_req r;

	if (d->type == VP_PKT_COMP) {
		vp_net_completed(n, d->trans_id);
		return;
	}
	if (vp_nvsp_parse(n->pkt, len, VP_NET_MAX_PAGES, &r)) {
		pr_warn_ratelimited("%s: malformed packet (type %u, %u bytes) dropped\n",
				    n->ifname, d->type, len);
		atomic64_inc(&n->errors);
		return;
	}
	vp_net_nvsp(n, d, &r);
}

/* The channel's @packets: read until empty or the ring refuses our answers. */
bool vp_net_packets(struct vp_vmbus_chan *ch)
{
	struct vp_net *n = vp_vmbus_chan_priv(ch);
	struct vp_pktdesc d;
	unsigned long flags;
	bool answers;
	int len;

	/* The guest signalled: it may have made room in the ring. */
	spin_lock_irqsave(&n->lock, flags);
	answers = vp_net_flush_answers(n);
	if (answers)
		vp_net_release_queue(n);
	spin_unlock_irqrestore(&n->lock, flags);
	if (!vp_net_flush_completions(n) || !answers)
		return true;
	for (;;) {
		len = vp_vmbus_recv(ch, n->pkt, sizeof(n->pkt), &d);
		if (len < 0)
			return false;
		vp_net_handle(n, &d, len);
		/* Until the guest reads, it gets nothing more from us. */
		if (n->nunsent_comp)
			return true;
	}
}

int vp_net_open(struct vp_vmbus_chan *ch)
{
	struct vp_net *n = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));
	unsigned long flags;

	/* No sub-channels are ever offered: RSS is not. */
	if (vp_vmbus_chan_index(ch))
		return -EINVAL;
	spin_lock_irqsave(&n->lock, flags);
	n->ch = ch;
	n->nic.nvsp = 0;
	n->nic.initialized = false;
	n->nic.packet_filter = 0;
	n->nunsent_slots = 0;
	spin_unlock_irqrestore(&n->lock, flags);
	n->nunsent_comp = 0;
	n->tx_va = NULL;
	vp_vmbus_chan_set_priv(ch, n);
	return 0;
}

/* @close: after it, the netdev sends nothing to the guest (vpart_vmbus unmaps). */
void vp_net_close(struct vp_vmbus_chan *ch)
{
	struct vp_net *n = vp_vmbus_chan_priv(ch);
	unsigned long flags, *bits;

	if (!n)
		return;
	spin_lock_irqsave(&n->lock, flags);
	n->ch = NULL;
	n->nic.packet_filter = 0;
	bits = vp_net_forget_recv_buf(n);
	/* Frames from now on are dropped, not held for a guest that left. */
	if (n->queue_held && n->ndev) {
		n->queue_held = false;
		netif_wake_queue(n->ndev);
	}
	spin_unlock_irqrestore(&n->lock, flags);
	bitmap_free(bits);
	n->tx_va = NULL;
	vp_vmbus_chan_set_priv(ch, NULL);
}

void vp_net_init(struct vp_net *n, struct vp_vmbus_dev *dev)
{
	n->dev = dev;
	spin_lock_init(&n->lock);
	n->nic.link_speed = VP_NET_LINK_SPEED;
}
