// SPDX-License-Identifier: GPL-2.0
/*
 * The fixture of the vpart_netvsp_chan suite (chan_fx.h): fakes of the
 * VMBus calls the network VSP makes, packet builders and checks. chan.c
 * and netdev.c are compiled into this file so that their calls to
 * vp_vmbus_*() land on the fakes below; the parsers and RNDIS answers come
 * from vpart_netvsp.ko (exported for KUnit).
 */
#include "../chan.c"
#include "../netdev.c"

#include <linux/rtnetlink.h>
#include <linux/vmalloc.h>
#include <net/addrconf.h>
#include <asm/unaligned.h>
#include "chan_fx.h"

const u8 nt_mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x0a };

struct nt_pkt {
	struct list_head node;
	u32 len;
	u8 bytes[] __aligned(8);
};

/* ---- The fakes of vpart_vmbus ---- */

void *vp_vmbus_dev_priv(struct vp_vmbus_dev *dev)
{
	return dev->priv;
}

struct vp_vmbus_dev *vp_vmbus_chan_dev(struct vp_vmbus_chan *ch)
{
	return ch->dev;
}

u16 vp_vmbus_chan_index(struct vp_vmbus_chan *ch)
{
	return 0;
}

void *vp_vmbus_chan_priv(struct vp_vmbus_chan *ch)
{
	return ch->priv;
}

void vp_vmbus_chan_set_priv(struct vp_vmbus_chan *ch, void *priv)
{
	ch->priv = priv;
}

int vp_vmbus_recv(struct vp_vmbus_chan *ch, void *buf, u32 buflen, struct vp_pktdesc *desc)
{
	struct nt_pkt *p = list_first_entry_or_null(&ch->in, struct nt_pkt, node);
	int len;

	if (!p)
		return -EAGAIN;
	if (p->len > buflen)
		return -EMSGSIZE;
	list_del(&p->node);
	memcpy(buf, p->bytes, p->len);
	memcpy(desc, p->bytes, sizeof(*desc));
	len = p->len;
	kfree(p);
	return len;
}

static int nt_log(struct vp_vmbus_chan *ch, u16 type, u64 tid, const void *payload, u32 len,
		  const struct vp_xfer_range *r, u32 n)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&ch->lock, flags);
	if (ch->full) {
		ret = -EAGAIN;
	} else if (ch->nsent < NT_MAX_LOG) {
		struct nt_sent *s = &ch->log[ch->nsent++];

		s->type = type;
		s->tid = tid;
		s->len = len;
		s->range_count = n;
		if (n) {
			s->range_len = r->byte_count;
			s->range_off = r->byte_offset;
		}
		memcpy(s->msg, payload, min_t(u32, len, sizeof(s->msg)));
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	return ret;
}

int vp_vmbus_send_completion(struct vp_vmbus_chan *ch, u64 trans_id, const void *payload,
			     u32 len)
{
	return nt_log(ch, VP_PKT_COMP, trans_id, payload, len, NULL, 0);
}

int vp_vmbus_send_xfer(struct vp_vmbus_chan *ch, u16 pageset, const struct vp_xfer_range *ranges,
		       u32 n, u64 trans_id, const void *payload, u32 len)
{
	if (pageset != VP_NVSP_RECV_BUF_ID || n != 1)
		return -EINVAL;
	return nt_log(ch, VP_PKT_DATA_USING_XFER_PAGES, trans_id, payload, len, ranges, n);
}

void *vp_vmbus_buf_map(struct vp_vmbus_chan *ch, u32 gpadl, u32 *len)
{
	if (gpadl == NT_RECV_GPADL && !ch->recv_mapped) {
		ch->recv_mapped = true;
		*len = NT_RECV_LEN;
		return ch->recv;
	}
	if (gpadl == NT_SEND_GPADL && !ch->send_mapped) {
		ch->send_mapped = true;
		*len = NT_SEND_LEN;
		return ch->send;
	}
	return NULL;
}

void vp_vmbus_buf_unmap(struct vp_vmbus_chan *ch, void *va)
{
	if (va == ch->recv)
		ch->recv_mapped = false;
	if (va == ch->send)
		ch->send_mapped = false;
}

static struct page **nt_pages;

int vp_vmbus_pin(struct vp_vmbus_dev *dev, const u64 *gfns, unsigned int n, struct page **pages)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (gfns[i] < NT_GFN0 || gfns[i] >= NT_GFN0 + NT_NPAGES)
			return -EFAULT;
	for (i = 0; i < n; i++) {
		pages[i] = nt_pages[gfns[i] - NT_GFN0];
		get_page(pages[i]);
	}
	return 0;
}

void vp_vmbus_unpin(struct page **pages, unsigned int n)
{
	while (n--)
		put_page(pages[n]);
}

/* ---- Guest packets ---- */

void nt_queue(struct kunit *test, struct nt_fx *fx, const u8 *b, u32 len)
{
	struct nt_pkt *p = kzalloc(struct_size(p, bytes, len), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->len = len;
	memcpy(p->bytes, b, len);
	list_add_tail(&p->node, &fx->ch.in);
}

void nt_desc(u8 *b, u16 type, u32 off, u32 len, u16 flags, u64 tid)
{
	put_unaligned_le16(type, b);
	put_unaligned_le16(off / 8, b + 2);
	put_unaligned_le16(len / 8, b + 4);
	put_unaligned_le16(flags, b + 6);
	put_unaligned_le64(tid, b + 8);
}

/* An in-band NVSP message: @type, then u32 words @a, @b, @c. */
void nt_nvsp(struct kunit *test, struct nt_fx *fx, u64 tid, u32 type, u32 a, u32 b, u32 c)
{
	u8 p[16 + VP_NVSP_MSG_SIZE] = { };

	nt_desc(p, VP_PKT_DATA_INBAND, 16, sizeof(p), 1, tid);
	put_unaligned_le32(type, p + 16);
	put_unaligned_le32(a, p + 20);
	put_unaligned_le32(b, p + 24);
	put_unaligned_le32(c, p + 28);
	nt_queue(test, fx, p, sizeof(p));
}

/* SEND_RNDIS_PKT in a GPA-direct packet: @len bytes at @off of guest page @page on. */
void nt_rndis_gpa(struct kunit *test, struct nt_fx *fx, u64 tid, u32 chan, u32 len, u32 off,
		  unsigned int page)
{
	unsigned int i, n = DIV_ROUND_UP(off + len, PAGE_SIZE);
	u32 hdr = 32 + 8 * n;
	u8 p[32 + 8 * NT_NPAGES + VP_NVSP_MSG_SIZE] = { };

	nt_desc(p, VP_PKT_DATA_USING_GPA_DIRECT, hdr, hdr + VP_NVSP_MSG_SIZE, 1, tid);
	put_unaligned_le32(1, p + 20);
	put_unaligned_le32(len, p + 24);
	put_unaligned_le32(off, p + 28);
	for (i = 0; i < n; i++)
		put_unaligned_le64(NT_GFN0 + page + i, p + 32 + 8 * i);
	put_unaligned_le32(VP_NVSP_SEND_RNDIS_PKT, p + hdr);
	put_unaligned_le32(chan, p + hdr + 4);
	put_unaligned_le32(VP_NVSP_NO_SECTION, p + hdr + 8);
	nt_queue(test, fx, p, hdr + VP_NVSP_MSG_SIZE);
}

u8 *nt_guest(struct nt_fx *fx, unsigned int page, u32 off)
{
	return page_address(fx->pages[page]) + off;
}

/* @len bytes into guest RAM from @off of page @page on: pages are not contiguous. */
void nt_guest_write(struct nt_fx *fx, unsigned int page, u32 off, const u8 *b, u32 len)
{
	while (len) {
		u32 n = min_t(u32, len, PAGE_SIZE - off);

		memcpy(nt_guest(fx, page++, off), b, n);
		b += n;
		len -= n;
		off = 0;
	}
}

/* An RNDIS PACKET with an Ethernet frame of @len bytes (payload byte @seed..). */
u32 nt_frame_msg(u8 *m, u32 len, u8 seed, bool vlan)
{
	u32 ppi = vlan ? 16 : 0, i;

	memset(m, 0, 44 + ppi + len);
	put_unaligned_le32(VP_RNDIS_PACKET, m);
	put_unaligned_le32(44 + ppi + len, m + 4);
	put_unaligned_le32(36 + ppi, m + 8);
	put_unaligned_le32(len, m + 12);
	if (vlan) {
		put_unaligned_le32(36, m + 28);
		put_unaligned_le32(16, m + 32);
		put_unaligned_le32(16, m + 44);
		put_unaligned_le32(VP_PPI_VLAN, m + 48);
		put_unaligned_le32(12, m + 52);
		put_unaligned_le32(42 << 4 | 5, m + 56);	/* VLAN 42, priority 5 */
	}
	m += 44 + ppi;
	eth_broadcast_addr(m);
	memcpy(m + 6, nt_mac, ETH_ALEN);
	put_unaligned_be16(0x88b5, m + 12);		/* local experimental */
	for (i = 14; i < len; i++)
		m[i] = seed + i;
	return 44 + ppi + len;
}

void nt_run(struct nt_fx *fx)
{
	vp_net_packets(&fx->ch);
}

unsigned int nt_nsent(struct nt_fx *fx)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&fx->ch.lock, flags);
	n = fx->ch.nsent;
	spin_unlock_irqrestore(&fx->ch.lock, flags);
	return n;
}

/* The only packet sent since @from, of @type. */
struct nt_sent *nt_last(struct kunit *test, struct nt_fx *fx, unsigned int from, u16 type)
{
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), from + 1);
	KUNIT_ASSERT_EQ(test, fx->ch.log[from].type, type);
	return &fx->ch.log[from];
}

/* A completion of an RNDIS message sent, with NVSP 108 and @status. */
void nt_expect_rndis_done(struct kunit *test, struct nt_sent *s, u64 tid, u32 status)
{
	KUNIT_EXPECT_EQ(test, s->type, (u16)VP_PKT_COMP);
	KUNIT_EXPECT_EQ(test, s->tid, tid);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg), (u32)VP_NVSP_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 4), status);
}

/* An xfer packet naming one slot: the RNDIS message in it. */
const u8 *nt_slot(struct kunit *test, struct nt_fx *fx, struct nt_sent *s, u32 chan)
{
	KUNIT_EXPECT_EQ(test, s->type, (u16)VP_PKT_DATA_USING_XFER_PAGES);
	KUNIT_EXPECT_EQ(test, s->range_count, 1U);
	KUNIT_EXPECT_EQ(test, s->range_off % VP_NET_SLOT_SIZE, 0U);
	KUNIT_EXPECT_LE(test, s->range_len, VP_NET_SLOT_SIZE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg), (u32)VP_NVSP_SEND_RNDIS_PKT);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 4), chan);
	KUNIT_EXPECT_EQ(test, s->tid, (u64)s->range_off / VP_NET_SLOT_SIZE + 1);
	return fx->ch.recv + s->range_off;
}

/* The guest completes a transfer-page packet. */
void nt_complete(struct kunit *test, struct nt_fx *fx, u64 tid)
{
	u8 p[16 + 8] = { };

	nt_desc(p, VP_PKT_COMP, 16, sizeof(p), 0, tid);
	put_unaligned_le32(VP_NVSP_SEND_RNDIS_PKT_COMPLETE, p + 16);
	put_unaligned_le32(VP_NVSP_STAT_SUCCESS, p + 20);
	nt_queue(test, fx, p, sizeof(p));
	nt_run(fx);
}

/* An RNDIS control message from guest page 0; the answer's bytes (slot freed). */
const u8 *nt_control(struct kunit *test, struct nt_fx *fx, u64 tid, const u8 *msg, u32 len,
		     u32 *answer_len)
{
	unsigned int from = nt_nsent(fx);
	const u8 *a;

	memcpy(nt_guest(fx, 0, 100), msg, len);
	nt_rndis_gpa(test, fx, tid, VP_NVSP_CHANNEL_CONTROL, len, 100, 0);
	nt_run(fx);
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), from + 2);
	nt_expect_rndis_done(test, &fx->ch.log[from + 1], tid, VP_NVSP_STAT_SUCCESS);
	a = nt_slot(test, fx, &fx->ch.log[from], VP_NVSP_CHANNEL_CONTROL);
	*answer_len = fx->ch.log[from].range_len;
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(a + 4), *answer_len);
	nt_complete(test, fx, fx->ch.log[from].tid);
	return a;
}

static int nt_tap(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		  struct net_device *orig)
{
	struct nt_fx *fx = pt->af_packet_priv;

	/* Shared with the stack: read from the MAC header, move nothing. */
	u32 hlen = skb->data - skb_mac_header(skb);

	if (skb->pkt_type != PACKET_OUTGOING && !skb_is_nonlinear(skb)) {
		fx->frame_len = skb->len + hlen;
		memcpy(fx->frame, skb_mac_header(skb), min_t(u32, fx->frame_len, sizeof(fx->frame)));
		fx->vlan = skb_vlan_tag_present(skb) ? skb_vlan_tag_get(skb) : 0;
		fx->ip_summed = skb->ip_summed;
		fx->csum_start = skb_checksum_start(skb) - skb_mac_header(skb);
		fx->csum_offset = skb->csum_offset;
		fx->gso_size = skb_shinfo(skb)->gso_size;
		fx->gso_type = skb_shinfo(skb)->gso_type;
		/* The frame is out before the count that the test waits on. */
		smp_store_release(&fx->nframes, fx->nframes + 1);
		wake_up(&fx->wait);
	}
	kfree_skb(skb);
	return 0;
}

void nt_wait_frames(struct kunit *test, struct nt_fx *fx, unsigned int n)
{
	/* Pairs with the tap's release: the frame is read after its count. */
	long left = wait_event_timeout(fx->wait, smp_load_acquire(&fx->nframes) >= n, NT_TIMEOUT);

	KUNIT_ASSERT_GT_MSG(test, left, 0L, "%u frames awaited", n);
}

/* netvsc's probe up to its packet filter: the NIC is ready for frames. */
void nt_probe(struct kunit *test, struct nt_fx *fx)
{
	u8 m[32] = { };
	u32 len;
	const u8 *a;

	nt_nvsp(test, fx, 1, VP_NVSP_INIT, VP_NVSP_V61, VP_NVSP_V61, 0);
	nt_nvsp(test, fx, 2, VP_NVSP_SEND_NDIS_CONFIG, 1514, 0, 0x89);
	nt_nvsp(test, fx, 3, VP_NVSP_SEND_NDIS_VER, 6, 30, 0);
	nt_nvsp(test, fx, 4, VP_NVSP_SEND_RECV_BUF, NT_RECV_GPADL, VP_NVSP_RECV_BUF_ID, 0);
	nt_nvsp(test, fx, 5, VP_NVSP_SEND_SEND_BUF, NT_SEND_GPADL, VP_NVSP_SEND_BUF_ID, 0);
	nt_run(fx);
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), 3U);	/* NDIS_CONFIG and NDIS_VER: none */
	put_unaligned_le32(VP_RNDIS_INIT, m);
	put_unaligned_le32(24, m + 4);
	put_unaligned_le32(7, m + 8);
	put_unaligned_le32(1, m + 12);
	put_unaligned_le32(VP_RNDIS_MAX_XFER, m + 20);
	a = nt_control(test, fx, 6, m, 24, &len);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(a), 0x80000002U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(a + 12), VP_RNDIS_SUCCESS);
	memset(m, 0, sizeof(m));
	put_unaligned_le32(VP_RNDIS_SET, m);
	put_unaligned_le32(32, m + 4);
	put_unaligned_le32(8, m + 8);
	put_unaligned_le32(VP_OID_GEN_CURRENT_PACKET_FILTER, m + 12);
	put_unaligned_le32(4, m + 16);
	put_unaligned_le32(20, m + 20);
	put_unaligned_le32(0x0d, m + 28);
	a = nt_control(test, fx, 7, m, 32, &len);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(a), 0x80000005U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(a + 12), VP_RNDIS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(fx->n->ndev));
}

int nt_init(struct kunit *test)
{
	struct nt_fx *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	unsigned int i;
	int ret;

	if (!fx)
		return -ENOMEM;
	test->priv = fx;
	INIT_LIST_HEAD(&fx->ch.in);
	spin_lock_init(&fx->ch.lock);
	init_waitqueue_head(&fx->wait);
	fx->ch.dev = &fx->dev;
	fx->ch.recv = vzalloc(NT_RECV_LEN);
	fx->ch.send = vzalloc(NT_SEND_LEN);
	for (i = 0; i < NT_NPAGES; i++)
		fx->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	nt_pages = fx->pages;
	fx->n = kvzalloc(sizeof(*fx->n), GFP_KERNEL);
	if (!fx->ch.recv || !fx->ch.send || !fx->n || !fx->pages[NT_NPAGES - 1])
		return -ENOMEM;
	vp_net_init(fx->n, &fx->dev);
	strscpy(fx->n->ifname, "vptest0", sizeof(fx->n->ifname));
	ret = vp_net_netdev_create(fx->n, nt_mac, ETH_DATA_LEN);
	if (ret)
		return ret;
	fx->dev.priv = fx->n;
	fx->tap.type = htons(ETH_P_ALL);
	fx->tap.dev = fx->n->ndev;
	fx->tap.func = nt_tap;
	fx->tap.af_packet_priv = fx;
	dev_add_pack(&fx->tap);
	rtnl_lock();
#if IS_ENABLED(CONFIG_IPV6)
	/* No IPv6 chatter from the host stack in the guest's slots. */
	if (__in6_dev_get(fx->n->ndev))
		__in6_dev_get(fx->n->ndev)->cnf.disable_ipv6 = 1;
#endif
	ret = dev_open(fx->n->ndev, NULL);
	rtnl_unlock();
	if (ret)
		return ret;
	return vp_net_open(&fx->ch);
}

void nt_exit(struct kunit *test)
{
	struct nt_fx *fx = test->priv;
	struct nt_pkt *p, *tmp;
	unsigned int i;

	if (fx->ch.priv)
		vp_net_close(&fx->ch);
	if (fx->tap.func)
		dev_remove_pack(&fx->tap);
	if (fx->n)
		vp_net_netdev_destroy(fx->n);
	kvfree(fx->n);
	list_for_each_entry_safe(p, tmp, &fx->ch.in, node)
		kfree(p);
	vfree(fx->ch.recv);
	vfree(fx->ch.send);
	for (i = 0; i < NT_NPAGES; i++)
		if (fx->pages[i])
			__free_page(fx->pages[i]);
}

/* An IPv4 TCP frame of @len bytes as netvsc sends an LSO one (lengths and sums zero). */
u32 nt_lso_msg(u8 *m, u32 len, u32 mss, u32 thoff)
{
	u8 *e = m + 44 + 16;
	u32 i;

	memset(m, 0, 44 + 16 + len);
	put_unaligned_le32(VP_RNDIS_PACKET, m);
	put_unaligned_le32(44 + 16 + len, m + 4);
	put_unaligned_le32(36 + 16, m + 8);
	put_unaligned_le32(len, m + 12);
	put_unaligned_le32(36, m + 28);
	put_unaligned_le32(16, m + 32);
	put_unaligned_le32(16, m + 44);
	put_unaligned_le32(VP_PPI_LSO, m + 48);
	put_unaligned_le32(12, m + 52);
	put_unaligned_le32(1U << 30 | thoff << 20 | mss, m + 56);
	eth_broadcast_addr(e);
	memcpy(e + 6, nt_mac, ETH_ALEN);
	put_unaligned_be16(ETH_P_IP, e + 12);
	e[14] = 0x45;				/* IPv4, 20-byte header */
	e[22] = 64;				/* TTL */
	e[23] = IPPROTO_TCP;
	put_unaligned_be32(0x0a000002, e + 26);
	put_unaligned_be32(0x0a000001, e + 30);
	e[34 + 12] = 5 << 4;			/* TCP data offset */
	for (i = 54; i < len; i++)
		e[i] = i;
	return 44 + 16 + len;
}

netdev_tx_t nt_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	return vp_net_xmit(skb, ndev);
}
