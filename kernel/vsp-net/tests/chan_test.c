// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_netvsp_chan: a NIC (chan.c and netdev.c, compiled into
 * this file so that their VMBus calls land on the fakes below) with a real
 * host netdev, driven as a Linux 6.1 netvsc drives it: NVSP init, the
 * receive and send buffers, RNDIS over receive slots, frames both ways,
 * link changes, and hostile packets. Guest packets are built at their
 * wire offsets (netvsc's layout), not from our structs.
 */
#include "../chan.c"
#include "../netdev.c"

#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <linux/vmalloc.h>
#include <asm/unaligned.h>
#include <kunit/test.h>

#define NT_GFN0		0x50000ULL	/* frame number of the first guest page */
#define NT_NPAGES	4
#define NT_RECV_GPADL	0x101
#define NT_SEND_GPADL	0x102
#define NT_SLOTS	20
#define NT_RECV_LEN	(NT_SLOTS * VP_NET_SLOT_SIZE + 100)
#define NT_SECTIONS	4
#define NT_SEND_LEN	(NT_SECTIONS * VP_NET_SECTION_SIZE)
#define NT_MAX_LOG	64
#define NT_TIMEOUT	(5 * HZ)

static const u8 nt_mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x0a };

/* One packet the VSP sent. */
struct nt_sent {
	u16 type;
	u64 tid;
	u32 len;
	u32 range_count, range_len, range_off;
	u8 msg[VP_NVSP_MSG_SIZE];
};

struct vp_vmbus_dev {
	void *priv;
};

struct vp_vmbus_chan {
	struct vp_vmbus_dev *dev;
	void *priv;
	struct list_head in;		/* guest packets not read yet */
	spinlock_t lock;		/* the log: xmit sends from softirq */
	bool full;
	unsigned int nsent;
	struct nt_sent log[NT_MAX_LOG];
	u8 *recv, *send;		/* the guest's buffers */
	bool recv_mapped, send_mapped;
};

struct nt_fx {
	struct vp_vmbus_dev dev;
	struct vp_vmbus_chan ch;
	struct vp_net *n;
	struct page *pages[NT_NPAGES];
	struct packet_type tap;
	wait_queue_head_t wait;
	unsigned int nframes;		/* frames the host stack received */
	u8 frame[256];
	u32 frame_len;
	u16 vlan;
};

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

static void nt_queue(struct kunit *test, struct nt_fx *fx, const u8 *b, u32 len)
{
	struct nt_pkt *p = kzalloc(struct_size(p, bytes, len), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->len = len;
	memcpy(p->bytes, b, len);
	list_add_tail(&p->node, &fx->ch.in);
}

static void nt_desc(u8 *b, u16 type, u32 off, u32 len, u16 flags, u64 tid)
{
	put_unaligned_le16(type, b);
	put_unaligned_le16(off / 8, b + 2);
	put_unaligned_le16(len / 8, b + 4);
	put_unaligned_le16(flags, b + 6);
	put_unaligned_le64(tid, b + 8);
}

/* An in-band NVSP message: @type, then u32 words @a, @b, @c. */
static void nt_nvsp(struct kunit *test, struct nt_fx *fx, u64 tid, u32 type, u32 a, u32 b, u32 c)
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
static void nt_rndis_gpa(struct kunit *test, struct nt_fx *fx, u64 tid, u32 chan, u32 len,
			 u32 off, unsigned int page)
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

static u8 *nt_guest(struct nt_fx *fx, unsigned int page, u32 off)
{
	return page_address(fx->pages[page]) + off;
}

/* @len bytes into guest RAM from @off of page @page on: pages are not contiguous. */
static void nt_guest_write(struct nt_fx *fx, unsigned int page, u32 off, const u8 *b, u32 len)
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
static u32 nt_frame_msg(u8 *m, u32 len, u8 seed, bool vlan)
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

static void nt_run(struct nt_fx *fx)
{
	vp_net_packets(&fx->ch);
}

static unsigned int nt_nsent(struct nt_fx *fx)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&fx->ch.lock, flags);
	n = fx->ch.nsent;
	spin_unlock_irqrestore(&fx->ch.lock, flags);
	return n;
}

/* The only packet sent since @from, of @type. */
static struct nt_sent *nt_last(struct kunit *test, struct nt_fx *fx, unsigned int from, u16 type)
{
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), from + 1);
	KUNIT_ASSERT_EQ(test, fx->ch.log[from].type, type);
	return &fx->ch.log[from];
}

/* A completion of an RNDIS message sent, with NVSP 108 and @status. */
static void nt_expect_rndis_done(struct kunit *test, struct nt_sent *s, u64 tid, u32 status)
{
	KUNIT_EXPECT_EQ(test, s->type, (u16)VP_PKT_COMP);
	KUNIT_EXPECT_EQ(test, s->tid, tid);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg), (u32)VP_NVSP_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 4), status);
}

/* An xfer packet naming one slot: the RNDIS message in it. */
static const u8 *nt_slot(struct kunit *test, struct nt_fx *fx, struct nt_sent *s, u32 chan)
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
static void nt_complete(struct kunit *test, struct nt_fx *fx, u64 tid)
{
	u8 p[16 + 8] = { };

	nt_desc(p, VP_PKT_COMP, 16, sizeof(p), 0, tid);
	put_unaligned_le32(VP_NVSP_SEND_RNDIS_PKT_COMPLETE, p + 16);
	put_unaligned_le32(VP_NVSP_STAT_SUCCESS, p + 20);
	nt_queue(test, fx, p, sizeof(p));
	nt_run(fx);
}

/* An RNDIS control message from guest page 0; the answer's bytes (slot freed). */
static const u8 *nt_control(struct kunit *test, struct nt_fx *fx, u64 tid, const u8 *msg, u32 len,
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

	if (skb->pkt_type != PACKET_OUTGOING && !skb_is_nonlinear(skb) &&
	    skb->len + hlen <= sizeof(fx->frame)) {
		fx->frame_len = skb->len + hlen;
		memcpy(fx->frame, skb_mac_header(skb), fx->frame_len);
		fx->vlan = skb_vlan_tag_present(skb) ? skb_vlan_tag_get(skb) : 0;
		/* The frame is out before the count that the test waits on. */
		smp_store_release(&fx->nframes, fx->nframes + 1);
		wake_up(&fx->wait);
	}
	kfree_skb(skb);
	return 0;
}

static void nt_wait_frames(struct kunit *test, struct nt_fx *fx, unsigned int n)
{
	/* Pairs with the tap's release: the frame is read after its count. */
	long left = wait_event_timeout(fx->wait, smp_load_acquire(&fx->nframes) >= n, NT_TIMEOUT);

	KUNIT_ASSERT_GT_MSG(test, left, 0L, "%u frames awaited", n);
}

/* netvsc's probe up to its packet filter: the NIC is ready for frames. */
static void nt_probe(struct kunit *test, struct nt_fx *fx)
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

static int nt_init(struct kunit *test)
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

static void nt_exit(struct kunit *test)
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

/* NVSP init and the buffers, answered as netvsc checks them. */
static void nvsp_init_and_buffers(struct kunit *test)
{
	struct nt_fx *fx = test->priv;
	struct nt_sent *s;

	nt_nvsp(test, fx, 1, VP_NVSP_INIT, 0x70000, 0x70000, 0);	/* too new */
	nt_run(fx);
	s = nt_last(test, fx, 0, VP_PKT_COMP);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg), (u32)VP_NVSP_INIT_COMPLETE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 12), (u32)VP_NVSP_STAT_FAIL);
	/* No version yet: no buffer either. */
	nt_nvsp(test, fx, 2, VP_NVSP_SEND_RECV_BUF, NT_RECV_GPADL, VP_NVSP_RECV_BUF_ID, 0);
	nt_run(fx);
	s = nt_last(test, fx, 1, VP_PKT_COMP);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 4), (u32)VP_NVSP_STAT_FAIL);
	nt_nvsp(test, fx, 3, VP_NVSP_INIT, VP_NVSP_V5, VP_NVSP_V5, 0);
	nt_run(fx);
	s = nt_last(test, fx, 2, VP_PKT_COMP);
	KUNIT_EXPECT_EQ(test, s->tid, 3ULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 4), (u32)VP_NVSP_V5);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 12), (u32)VP_NVSP_STAT_SUCCESS);
	/* An unknown GPADL, then the receive buffer: one section of whole slots. */
	nt_nvsp(test, fx, 4, VP_NVSP_SEND_RECV_BUF, 0x999, VP_NVSP_RECV_BUF_ID, 0);
	nt_nvsp(test, fx, 5, VP_NVSP_SEND_RECV_BUF, NT_RECV_GPADL, VP_NVSP_RECV_BUF_ID, 0);
	nt_nvsp(test, fx, 6, VP_NVSP_SEND_RECV_BUF, NT_RECV_GPADL, VP_NVSP_RECV_BUF_ID, 0);
	nt_run(fx);
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), 6U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(fx->ch.log[3].msg + 4), (u32)VP_NVSP_STAT_FAIL);
	s = &fx->ch.log[4];
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg), (u32)VP_NVSP_SEND_RECV_BUF_COMPLETE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 4), (u32)VP_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 8), 1U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 12), 0U);
	KUNIT_EXPECT_GE(test, get_unaligned_le32(s->msg + 16), 68U + 1514U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 20), (u32)NT_SLOTS);
	KUNIT_EXPECT_LE(test, get_unaligned_le32(s->msg + 24), (u32)NT_RECV_LEN);
	/* A second one while the first is mapped: refused. */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(fx->ch.log[5].msg + 4), (u32)VP_NVSP_STAT_FAIL);
	nt_nvsp(test, fx, 7, VP_NVSP_SEND_SEND_BUF, NT_SEND_GPADL, VP_NVSP_SEND_BUF_ID, 0);
	nt_run(fx);
	s = nt_last(test, fx, 6, VP_PKT_COMP);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg), (u32)VP_NVSP_SEND_SEND_BUF_COMPLETE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 4), (u32)VP_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(s->msg + 8), VP_NET_SECTION_SIZE);
	/* Revoked: unmapped at once. */
	nt_nvsp(test, fx, 8, VP_NVSP_REVOKE_RECV_BUF, VP_NVSP_RECV_BUF_ID, 0, 0);
	nt_nvsp(test, fx, 9, VP_NVSP_REVOKE_SEND_BUF, VP_NVSP_SEND_BUF_ID, 0, 0);
	nt_run(fx);
	KUNIT_EXPECT_EQ(test, nt_nsent(fx), 7U);
	KUNIT_EXPECT_FALSE(test, fx->ch.recv_mapped);
	KUNIT_EXPECT_FALSE(test, fx->ch.send_mapped);
}

/* Guest frames from a send section and from page ranges reach the host stack. */
static void guest_frames(struct kunit *test)
{
	struct nt_fx *fx = test->priv;
	u8 *sec = fx->ch.send + 2 * VP_NET_SECTION_SIZE;
	unsigned int from;
	u8 msg[256];
	u32 len;

	nt_probe(test, fx);
	from = nt_nsent(fx);
	len = nt_frame_msg(sec, 100, 1, false);
	nt_nvsp(test, fx, 20, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, 2, len);
	nt_run(fx);
	nt_expect_rndis_done(test, nt_last(test, fx, from, VP_PKT_COMP), 20, VP_NVSP_STAT_SUCCESS);
	nt_wait_frames(test, fx, 1);
	KUNIT_EXPECT_EQ(test, fx->frame_len, 100U);
	KUNIT_EXPECT_EQ(test, memcmp(fx->frame, sec + 44, 100), 0);
	/* Across a page boundary, with the guest's VLAN tag beside it. */
	len = nt_frame_msg(msg, 120, 9, true);
	nt_guest_write(fx, 1, PAGE_SIZE - 70, msg, len);
	nt_rndis_gpa(test, fx, 21, VP_NVSP_CHANNEL_DATA, len, PAGE_SIZE - 70, 1);
	nt_run(fx);
	nt_expect_rndis_done(test, nt_last(test, fx, from + 1, VP_PKT_COMP), 21,
			     VP_NVSP_STAT_SUCCESS);
	nt_wait_frames(test, fx, 2);
	KUNIT_EXPECT_EQ(test, fx->frame_len, 120U);
	KUNIT_EXPECT_EQ(test, fx->frame[20], (u8)(9 + 20));
	KUNIT_EXPECT_EQ(test, fx->vlan, (u16)(42 | 5 << VLAN_PRIO_SHIFT));
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->rx_packets), 2LL);
}

/* Host frames go into receive slots; slots run out, the queue holds, completions free them. */
static void host_frames(struct kunit *test)
{
	struct nt_fx *fx = test->priv;
	struct net_device *ndev;
	unsigned int from, i;
	struct sk_buff *skb;
	const u8 *m;

	nt_probe(test, fx);
	ndev = fx->n->ndev;
	from = nt_nsent(fx);
	for (i = 0; i < NT_SLOTS; i++) {
		skb = alloc_skb(300, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		memset(skb_put(skb, 300), i, 300);
		KUNIT_EXPECT_EQ(test, vp_net_xmit(skb, ndev), NETDEV_TX_OK);
	}
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), from + NT_SLOTS);
	m = nt_slot(test, fx, &fx->ch.log[from + 3], VP_NVSP_CHANNEL_DATA);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m), (u32)VP_RNDIS_PACKET);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 4), 344U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 8), 36U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 12), 300U);
	KUNIT_EXPECT_EQ(test, m[44 + 299], 3);
	/* Every slot is out: held, and one more frame is dropped, not written. */
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(ndev));
	skb = alloc_skb(60, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, 60);
	vp_net_xmit(skb, ndev);
	KUNIT_EXPECT_EQ(test, nt_nsent(fx), from + NT_SLOTS);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->tx_dropped), 1LL);
	/* A completion the host never asked for changes nothing; a real one frees a slot. */
	nt_complete(test, fx, NT_SLOTS + 5);
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(ndev));
	nt_complete(test, fx, fx->ch.log[from + 3].tid);
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(ndev));
	/* The same slot twice: counted once. */
	nt_complete(test, fx, fx->ch.log[from + 3].tid);
	KUNIT_EXPECT_EQ(test, fx->n->slots_used, NT_SLOTS - 1U);
	/* A frame larger than a slot is dropped. */
	skb = alloc_skb(VP_NET_SLOT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, VP_NET_SLOT_SIZE - 40);
	vp_net_xmit(skb, ndev);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->tx_dropped), 2LL);
	/* A full ring: dropped and held until the guest signals. */
	fx->ch.full = true;
	skb = alloc_skb(60, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, 60);
	vp_net_xmit(skb, ndev);
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(ndev));
	KUNIT_EXPECT_EQ(test, fx->n->slots_used, NT_SLOTS - 1U);
	fx->ch.full = false;
	nt_run(fx);
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(ndev));
}

/* The host netdev's state is the guest's link; closing the channel drops the carrier. */
static void link_follows_netdev(struct kunit *test)
{
	struct nt_fx *fx = test->priv;
	unsigned int from;
	const u8 *m;

	nt_probe(test, fx);
	from = nt_nsent(fx);
	rtnl_lock();
	dev_close(fx->n->ndev);
	rtnl_unlock();
	m = nt_slot(test, fx, nt_last(test, fx, from, VP_PKT_DATA_USING_XFER_PAGES),
		    VP_NVSP_CHANNEL_CONTROL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m), (u32)VP_RNDIS_INDICATE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 8), VP_RNDIS_MEDIA_DISCONNECT);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, dev_open(fx->n->ndev, NULL), 0);
	rtnl_unlock();
	m = nt_slot(test, fx, nt_last(test, fx, from + 1, VP_PKT_DATA_USING_XFER_PAGES),
		    VP_NVSP_CHANNEL_CONTROL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 8), VP_RNDIS_MEDIA_CONNECT);
	vp_net_close(&fx->ch);
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(fx->n->ndev));
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(fx->n->ndev));
}

/* Bad sections, sizes, messages and packets: an error status or a drop. */
static void hostile_packets(struct kunit *test)
{
	struct nt_fx *fx = test->priv;
	u8 bad[16 + 8] = { };
	unsigned int from;
	u32 len;

	nt_probe(test, fx);
	from = nt_nsent(fx);
	len = nt_frame_msg(fx->ch.send, 100, 1, false);
	/* A section past the buffer, a size past the section. */
	nt_nvsp(test, fx, 30, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, NT_SECTIONS, len);
	nt_nvsp(test, fx, 31, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, 0,
		VP_NET_SECTION_SIZE + 1);
	/* An in-band message naming no section. */
	nt_nvsp(test, fx, 32, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, VP_NVSP_NO_SECTION, 0);
	/* A frame past its message. */
	put_unaligned_le32(101, fx->ch.send + 12);
	nt_nvsp(test, fx, 33, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, 0, len);
	/* Guest frames outside its RAM. */
	nt_rndis_gpa(test, fx, 34, VP_NVSP_CHANNEL_DATA, 100, 0, NT_NPAGES);
	nt_run(fx);
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), from + 5);
	nt_expect_rndis_done(test, &fx->ch.log[from], 30, VP_NVSP_STAT_FAIL);
	nt_expect_rndis_done(test, &fx->ch.log[from + 1], 31, VP_NVSP_STAT_FAIL);
	nt_expect_rndis_done(test, &fx->ch.log[from + 2], 32, VP_NVSP_STAT_FAIL);
	nt_expect_rndis_done(test, &fx->ch.log[from + 3], 33, VP_NVSP_STAT_FAIL);
	nt_expect_rndis_done(test, &fx->ch.log[from + 4], 34, VP_NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->rx_packets), 0LL);
	/* A packet of a type netvsc never sends, and one too short for NVSP: dropped. */
	nt_desc(bad, VP_PKT_DATA_USING_XFER_PAGES, 16, sizeof(bad), 1, 35);
	nt_queue(test, fx, bad, sizeof(bad));
	nt_desc(bad, VP_PKT_DATA_INBAND, 16, sizeof(bad), 1, 36);
	nt_queue(test, fx, bad, sizeof(bad));
	nt_run(fx);
	KUNIT_EXPECT_EQ(test, nt_nsent(fx), from + 5);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->errors), 7LL);
	/* Completions the ring refused go out, in order, on the next signal. */
	fx->ch.full = true;
	nt_nvsp(test, fx, 37, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, NT_SECTIONS, len);
	nt_nvsp(test, fx, 38, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, NT_SECTIONS, len);
	KUNIT_EXPECT_TRUE(test, vp_net_packets(&fx->ch));
	KUNIT_EXPECT_FALSE(test, list_empty(&fx->ch.in));	/* 38 waits in the ring */
	fx->ch.full = false;
	KUNIT_EXPECT_FALSE(test, vp_net_packets(&fx->ch));
	KUNIT_ASSERT_EQ(test, nt_nsent(fx), from + 7);
	KUNIT_EXPECT_EQ(test, fx->ch.log[from + 5].tid, 37ULL);
	KUNIT_EXPECT_EQ(test, fx->ch.log[from + 6].tid, 38ULL);
}

static struct kunit_case nt_cases[] = {
	KUNIT_CASE(nvsp_init_and_buffers),
	KUNIT_CASE(guest_frames),
	KUNIT_CASE(host_frames),
	KUNIT_CASE(link_follows_netdev),
	KUNIT_CASE(hostile_packets),
	{}
};

static struct kunit_suite nt_suite = {
	.name = "vpart_netvsp_chan",
	.init = nt_init,
	.exit = nt_exit,
	.test_cases = nt_cases,
};
kunit_test_suite(nt_suite);
