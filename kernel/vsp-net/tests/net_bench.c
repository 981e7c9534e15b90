// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_netvsp_bench.ko: packets per second through the network VSP, each
 * way, against a veth pair in the same run.
 *
 * A test VSC stands in for the guest: a fake channel whose ring always
 * holds the next SEND_RNDIS_PKT naming a send section with a frame, as
 * netvsc sends them, and which gives back every receive slot the VSP
 * fills. The VSP (chan.c and netdev.c, compiled in here so that their
 * vp_vmbus_*() calls land on the fake) hands guest frames to the host
 * stack on its netdev and takes host frames from it. The veth side sends
 * the same frames from one end of a pair the caller made to the other.
 * Both ends drop the frames (an unknown EtherType), so each figure is the
 * path into the host stack.
 *
 * Loading runs the benchmark and prints one line "VPART-BENCH {json}";
 * per-packet costs are TSC cycles, which are emulated instructions under
 * Bochs. The module then stays loaded doing nothing until removed.
 */
#include "../chan.c"
#include "../netdev.c"

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/timex.h>
#include <linux/vmalloc.h>
#include <linux/delay.h>
#include <net/addrconf.h>
#include <net/sch_generic.h>
#include <asm/unaligned.h>

static unsigned int npkt = 20000;
module_param(npkt, uint, 0444);
MODULE_PARM_DESC(npkt, "frames each way");
static unsigned int frame = 1514;
module_param(frame, uint, 0444);
MODULE_PARM_DESC(frame, "frame size in bytes, 60-1514");
static char *veth = "vb0";
module_param(veth, charp, 0444);
MODULE_PARM_DESC(veth, "the veth end to send from (its peer up)");

#define NB_SLOTS	512
#define NB_SECTIONS	4
#define NB_RECV_GPADL	1
#define NB_SEND_GPADL	2

struct vp_vmbus_dev {
	void *priv;
};

/* The test VSC's channel. */
struct vp_vmbus_chan {
	struct vp_vmbus_dev *dev;
	void *priv;
	u8 pkt[16 + VP_NVSP_MSG_SIZE] __aligned(8);
	u32 pkt_len;
	unsigned int left;		/* packets the ring still holds */
	u64 comps;			/* SEND_RNDIS_PKT completions */
	spinlock_t lock;		/* @done: xmit sends from softirq */
	u64 done[NB_SLOTS];		/* slots sent, for the guest to give back */
	unsigned int ndone;
	u8 *recv, *send;
};

static struct vp_vmbus_dev nb_dev;
static struct vp_vmbus_chan nb_ch;
static struct vp_net *nb_net;

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
	if (!ch->left || ch->pkt_len > buflen)
		return -EAGAIN;
	ch->left--;
	memcpy(buf, ch->pkt, ch->pkt_len);
	memcpy(desc, ch->pkt, sizeof(*desc));
	return ch->pkt_len;
}

int vp_vmbus_send_completion(struct vp_vmbus_chan *ch, u64 trans_id, const void *payload,
			     u32 len)
{
	ch->comps++;
	return 0;
}

int vp_vmbus_send_xfer(struct vp_vmbus_chan *ch, u16 pageset, const struct vp_xfer_range *ranges,
		       u32 n, u64 trans_id, const void *payload, u32 len)
{
	unsigned long flags;
	int ret = -EAGAIN;

	spin_lock_irqsave(&ch->lock, flags);
	if (ch->ndone < NB_SLOTS) {
		ch->done[ch->ndone++] = trans_id;
		ret = 0;
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	return ret;
}

void *vp_vmbus_buf_map(struct vp_vmbus_chan *ch, u32 gpadl, u32 *len)
{
	*len = gpadl == NB_RECV_GPADL ? NB_SLOTS * VP_NET_SLOT_SIZE :
				       NB_SECTIONS * VP_NET_SECTION_SIZE;
	return gpadl == NB_RECV_GPADL ? ch->recv : ch->send;
}

void vp_vmbus_buf_unmap(struct vp_vmbus_chan *ch, void *va)
{
}

int vp_vmbus_pin(struct vp_vmbus_dev *dev, const u64 *gfns, unsigned int n, struct page **pages)
{
	return -EFAULT;		/* every message comes in a send section */
}

void vp_vmbus_unpin(struct page **pages, unsigned int n)
{
}

/* The guest completes every slot the VSP filled (from the bench thread only). */
static void nb_give_back(void)
{
	static u64 done[NB_SLOTS];
	unsigned long flags;
	unsigned int i, n;

	spin_lock_irqsave(&nb_ch.lock, flags);
	n = nb_ch.ndone;
	memcpy(done, nb_ch.done, n * sizeof(u64));
	nb_ch.ndone = 0;
	spin_unlock_irqrestore(&nb_ch.lock, flags);
	for (i = 0; i < n; i++)
		vp_net_completed(nb_net, done[i]);
}

/* The ring holds @count copies of one in-band NVSP message. */
static void nb_ring(u32 type, u32 a, u32 b, u32 c, unsigned int count)
{
	u8 *p = nb_ch.pkt;

	memset(p, 0, sizeof(nb_ch.pkt));
	put_unaligned_le16(VP_PKT_DATA_INBAND, p);
	put_unaligned_le16(2, p + 2);
	put_unaligned_le16(sizeof(nb_ch.pkt) / 8, p + 4);
	put_unaligned_le16(VP_PKT_FLAG_COMPLETION_REQUESTED, p + 6);
	put_unaligned_le64(1, p + 8);
	put_unaligned_le32(type, p + 16);
	put_unaligned_le32(a, p + 20);
	put_unaligned_le32(b, p + 24);
	put_unaligned_le32(c, p + 28);
	nb_ch.pkt_len = sizeof(nb_ch.pkt);
	nb_ch.left = count;
	while (nb_ch.left) {
		vp_net_packets(&nb_ch);
		nb_give_back();
	}
}

/* An RNDIS control message in send section 0, as netvsc could send it. */
static void nb_control(const u32 *words, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		put_unaligned_le32(words[i], nb_ch.send + 4 * i);
	nb_ring(VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_CONTROL, 0, 4 * n, 1);
}

static int nb_setup(void)
{
	static const u32 init[] = { VP_RNDIS_INIT, 24, 1, 1, 0, VP_RNDIS_MAX_XFER };
	static const u32 filter[] = { VP_RNDIS_SET, 32, 2, VP_OID_GEN_CURRENT_PACKET_FILTER,
				      4, 20, 0, 0x0d };
	unsigned int i;
	u8 *m;
	int ret;

	nb_ch.recv = vzalloc(NB_SLOTS * VP_NET_SLOT_SIZE);
	nb_ch.send = vzalloc(NB_SECTIONS * VP_NET_SECTION_SIZE);
	nb_net = kvzalloc(sizeof(*nb_net), GFP_KERNEL);
	if (!nb_ch.recv || !nb_ch.send || !nb_net)
		return -ENOMEM;
	spin_lock_init(&nb_ch.lock);
	nb_ch.dev = &nb_dev;
	vp_net_init(nb_net, &nb_dev);
	strscpy(nb_net->ifname, "vpbench0", sizeof(nb_net->ifname));
	ret = vp_net_netdev_create(nb_net, "\x02\x00\x5e\x00\x00\x01", ETH_DATA_LEN);
	if (ret)
		return ret;
	nb_dev.priv = nb_net;
	rtnl_lock();
#if IS_ENABLED(CONFIG_IPV6)
	/* No IPv6 chatter of the host stack among the measured frames. */
	if (__in6_dev_get(nb_net->ndev))
		__in6_dev_get(nb_net->ndev)->cnf.disable_ipv6 = 1;
#endif
	ret = dev_open(nb_net->ndev, NULL);
	rtnl_unlock();
	if (ret)
		return ret;
	ret = vp_net_open(&nb_ch);
	if (ret)
		return ret;
	nb_ring(VP_NVSP_INIT, VP_NVSP_V61, VP_NVSP_V61, 0, 1);
	nb_ring(VP_NVSP_SEND_RECV_BUF, NB_RECV_GPADL, VP_NVSP_RECV_BUF_ID, 0, 1);
	nb_ring(VP_NVSP_SEND_SEND_BUF, NB_SEND_GPADL, VP_NVSP_SEND_BUF_ID, 0, 1);
	nb_control(init, ARRAY_SIZE(init));
	nb_control(filter, ARRAY_SIZE(filter));
	if (!netif_carrier_ok(nb_net->ndev)) {
		pr_err("the NIC did not come up\n");
		return -EIO;
	}
	/* Link watch gives the netdev its qdisc some time after the carrier. */
	for (i = 0; i < 500 && qdisc_tx_is_noop(nb_net->ndev); i++)
		msleep(20);
	/* The frame netvsc would put in send section 1. */
	m = nb_ch.send + VP_NET_SECTION_SIZE;
	put_unaligned_le32(VP_RNDIS_PACKET, m);
	put_unaligned_le32(44 + frame, m + 4);
	put_unaligned_le32(36, m + 8);
	put_unaligned_le32(frame, m + 12);
	eth_broadcast_addr(m + 44);
	memcpy(m + 50, "\x02\x00\x5e\x00\x00\x01", ETH_ALEN);
	put_unaligned_be16(0x88b5, m + 56);	/* local experimental: dropped */
	return 0;
}

static struct sk_buff *nb_skb(struct net_device *dev)
{
	struct sk_buff *skb = alloc_skb(frame + NET_IP_ALIGN, GFP_KERNEL);
	u8 *d;

	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN);
	d = skb_put_zero(skb, frame);
	eth_broadcast_addr(d);
	memcpy(d + 6, dev->dev_addr, ETH_ALEN);
	put_unaligned_be16(0x88b5, d + 12);
	skb->dev = dev;
	skb_reset_mac_header(skb);
	return skb;
}

/* Send @npkt frames out of @dev; ns and cycles per frame. */
static int nb_xmit(struct net_device *dev, bool vsp, u64 *ns, u64 *cycles)
{
	cycles_t c0;
	unsigned int i;
	u64 t0;

	t0 = ktime_get_ns();
	c0 = get_cycles();
	for (i = 0; i < npkt; i++) {
		struct sk_buff *skb = nb_skb(dev);

		if (!skb)
			return -ENOMEM;
		dev_queue_xmit(skb);
		if (vsp)
			nb_give_back();
	}
	*cycles = div_u64(get_cycles() - c0, npkt);
	*ns = div_u64(ktime_get_ns() - t0, npkt);
	return 0;
}

static void nb_teardown(void)
{
	if (nb_ch.priv)
		vp_net_close(&nb_ch);
	if (nb_net)
		vp_net_netdev_destroy(nb_net);
	kvfree(nb_net);
	nb_net = NULL;
	vfree(nb_ch.recv);
	vfree(nb_ch.send);
	nb_ch.recv = NULL;
	nb_ch.send = NULL;
}

static u64 nb_pps(u64 ns)
{
	return ns ? div64_u64(NSEC_PER_SEC, ns) : 0;
}

static int __init nb_init(void)
{
	u64 g2h_ns, g2h_cyc, h2g_ns, h2g_cyc, veth_ns, veth_cyc, sent;
	struct net_device *vdev;
	cycles_t c0;
	u64 t0;
	int ret;

	if (frame < 60 || frame > ETH_FRAME_LEN || !npkt)
		return -EINVAL;
	vdev = dev_get_by_name(&init_net, veth);
	if (!vdev) {
		pr_err("no netdev %s: make a veth pair first\n", veth);
		return -ENODEV;
	}
	ret = nb_setup();
	if (ret)
		goto out;
	/* Guest -> host: SEND_RNDIS_PKT, copy, an skb received on the netdev. */
	sent = atomic64_read(&nb_net->rx_packets);
	t0 = ktime_get_ns();
	c0 = get_cycles();
	nb_ch.comps = 0;
	nb_ring(VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, 1, 44 + frame, npkt);
	g2h_cyc = div_u64(get_cycles() - c0, npkt);
	g2h_ns = div_u64(ktime_get_ns() - t0, npkt);
	if (nb_ch.comps != npkt || atomic64_read(&nb_net->rx_packets) - sent != npkt) {
		pr_err("guest to host: %llu completions, %llu frames for %u sent\n", nb_ch.comps,
		       atomic64_read(&nb_net->rx_packets) - sent, npkt);
		ret = -EIO;
		goto out;
	}
	/* Host -> guest: dev_queue_xmit, a slot, a transfer-page packet. */
	sent = atomic64_read(&nb_net->tx_packets);
	ret = nb_xmit(nb_net->ndev, true, &h2g_ns, &h2g_cyc);
	/* Anything else the stack sent on the netdev counts too. */
	if (!ret && atomic64_read(&nb_net->tx_packets) - sent < npkt) {
		pr_err("host to guest: %llu of %u frames delivered\n",
		       atomic64_read(&nb_net->tx_packets) - sent, npkt);
		ret = -EIO;
	}
	if (!ret)
		ret = nb_xmit(vdev, false, &veth_ns, &veth_cyc);
	if (ret)
		goto out;
	pr_info("VPART-BENCH {\"frames\": %u, \"frame_bytes\": %u, \"vsp_guest_to_host_pps\": %llu, \"vsp_host_to_guest_pps\": %llu, \"veth_pps\": %llu, \"vsp_guest_to_host_cycles\": %llu, \"vsp_host_to_guest_cycles\": %llu, \"veth_cycles\": %llu}\n",
		npkt, frame, nb_pps(g2h_ns), nb_pps(h2g_ns), nb_pps(veth_ns), g2h_cyc, h2g_cyc,
		veth_cyc);
out:
	dev_put(vdev);
	if (ret) {
		pr_err("benchmark failed (%d)\n", ret);
		nb_teardown();
	}
	return ret;
}

static void __exit nb_exit(void)
{
	nb_teardown();
}

module_init(nb_init);
module_exit(nb_exit);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("vpart: packets per second through the network VSP against veth");
MODULE_LICENSE("GPL");
