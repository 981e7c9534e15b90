// SPDX-License-Identifier: GPL-2.0
/*
 * The host end of a synthetic NIC: an Ethernet netdev, managed with
 * iproute2 like any other. What the host stack sends on it goes into the
 * guest's receive buffer; what the guest sends is received on it. Its
 * carrier is on while the guest has the NIC up (a packet filter set); its
 * administrative state is the guest's link (`ip link set NAME down`: the
 * guest sees its carrier go).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <asm/unaligned.h>
#include "netvsp.h"

static struct vp_net *vp_net_of(struct net_device *ndev)
{
	return *(struct vp_net **)netdev_priv(ndev);
}

void vp_net_carrier(struct vp_net *n)
{
	bool on;

	lockdep_assert_held(&n->lock);
	if (!n->ndev)
		return;
	on = n->ch && n->rx_va && n->nic.initialized && n->nic.packet_filter;
	if (on && !netif_carrier_ok(n->ndev))
		netif_carrier_on(n->ndev);
	else if (!on && netif_carrier_ok(n->ndev))
		netif_carrier_off(n->ndev);
}

/*
 * The checksum status the guest is told: good when the host checked the
 * frame's checksum or computes it here (the netdev offers checksumming).
 */
static int vp_net_rx_csum(struct sk_buff *skb, u32 *ok)
{
	bool good = skb->ip_summed == CHECKSUM_PARTIAL ||
		    skb->ip_summed == CHECKSUM_UNNECESSARY;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return -EINVAL;
	*ok = good ? VP_CSUM_RX_TCP_OK | VP_CSUM_RX_UDP_OK : 0;
	return 0;
}

/* The RNDIS PACKET header (and checksum PPI) in front of a @len-byte frame. */
static u32 vp_net_rx_header(u8 *va, u32 len, u32 csum_ok)
{
	struct vp_rndis_packet *p = (struct vp_rndis_packet *)va;
	u32 hdr = VP_NET_RNDIS_HDR + (csum_ok ? VP_NET_PPI_SIZE : 0);

	memset(p, 0, sizeof(*p));
	p->h.type = VP_RNDIS_PACKET;
	p->h.msg_len = hdr + len;
	p->data_offset = hdr - 8;
	p->data_len = len;
	if (csum_ok) {
		struct vp_rndis_ppi *ppi = (struct vp_rndis_ppi *)(p + 1);

		p->ppi_offset = VP_NET_RNDIS_HDR - 8;
		p->ppi_len = VP_NET_PPI_SIZE;
		ppi->size = VP_NET_PPI_SIZE;
		ppi->type = VP_PPI_CHECKSUM;
		ppi->ppi_offset = sizeof(*ppi);
		put_unaligned(csum_ok | VP_CSUM_RX_IP_OK, (u32 *)(ppi + 1));
	}
	return hdr;
}

/* Host -> guest: the frame as an RNDIS PACKET in one receive slot. */
static netdev_tx_t vp_net_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct vp_net *n = vp_net_of(ndev);
	unsigned long flags;
	u32 len = skb->len, hdr, csum_ok;
	int slot, ret;
	u8 *va;

	ret = vp_net_rx_csum(skb, &csum_ok);
	if (ret)
		goto drop;
	ret = -ENOBUFS;
	spin_lock_irqsave(&n->lock, flags);
	if (!n->nic.packet_filter ||
	    VP_NET_RNDIS_HDR + VP_NET_PPI_SIZE + len > n->slot_size)
		goto out;
	slot = vp_net_slot_get(n, &va);
	if (slot < 0)
		goto out;
	hdr = vp_net_rx_header(va, len, csum_ok);
	if (skb_copy_bits(skb, 0, va + hdr, len)) {
		ret = -EFAULT;
		goto out;
	}
	ret = vp_net_slot_send(n, slot, hdr + len, false);
	/* The guest completes what it took: hold the queue when all slots are out. */
	if (!ret && n->slots_used >= n->nslots && !n->queue_held) {
		n->queue_held = true;
		netif_stop_queue(ndev);
	}
out:
	spin_unlock_irqrestore(&n->lock, flags);
drop:
	if (ret) {
		atomic64_inc(&n->tx_dropped);
		dev_kfree_skb_any(skb);
	} else {
		atomic64_inc(&n->tx_packets);
		atomic64_add(len, &n->tx_bytes);
		dev_consume_skb_any(skb);
	}
	return NETDEV_TX_OK;
}

/*
 * An LSO send: netvsc leaves the IP length (and IPv4 header checksum)
 * zero and a TCP pseudo-header sum without length. Set them as a GSO skb
 * of the host has them; the stack segments it or hands it on whole.
 */
static bool vp_net_lso(struct sk_buff *skb, u32 lso)
{
	u32 thoff = VP_LSO_THOFF(lso), mss = VP_LSO_MSS(lso), len = skb->len;
	bool v6 = lso & VP_LSO_IPV6;
	u8 *d = skb->data;
	struct tcphdr *th;

	if (!mss || mss > U16_MAX || thoff + sizeof(*th) > len || len - ETH_HLEN > U16_MAX ||
	    get_unaligned_be16(d + 12) != (v6 ? ETH_P_IPV6 : ETH_P_IP))
		return false;
	th = (struct tcphdr *)(d + thoff);
	if (v6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(d + ETH_HLEN);

		if (thoff < ETH_HLEN + sizeof(*ip6) || ip6->version != 6)
			return false;
		ip6->payload_len = htons(len - ETH_HLEN - sizeof(*ip6));
		th->check = ~csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len - thoff, IPPROTO_TCP, 0);
	} else {
		struct iphdr *ip = (struct iphdr *)(d + ETH_HLEN);

		if (thoff < ETH_HLEN + sizeof(*ip) || ip->version != 4 || ip->ihl < 5 ||
		    ETH_HLEN + ip->ihl * 4 > thoff || ip->protocol != IPPROTO_TCP)
			return false;
		ip->tot_len = htons(len - ETH_HLEN);
		ip_send_check(ip);
		th->check = ~csum_tcpudp_magic(ip->saddr, ip->daddr, len - thoff, IPPROTO_TCP, 0);
	}
	if (!skb_partial_csum_set(skb, thoff, offsetof(struct tcphdr, check)))
		return false;
	skb_shinfo(skb)->gso_size = mss;
	/* From a guest: the stack checks the headers again before it segments. */
	skb_shinfo(skb)->gso_type = (v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4) | SKB_GSO_DODGY;
	skb_shinfo(skb)->gso_segs = 0;
	return true;
}

/* Offloads the guest asked for, with skb->data at the MAC header: false to drop. */
static bool vp_net_offload(struct sk_buff *skb, const struct vp_rndis_frame *f)
{
	u32 thoff, off;

	if (f->has_lso)
		return vp_net_lso(skb, f->lso);
	if (!f->has_csum || !(f->csum & (VP_CSUM_TX_TCP | VP_CSUM_TX_UDP)))
		return true;
	/* The guest summed the pseudo header; the sum goes at @off of L4. */
	thoff = VP_CSUM_THOFF(f->csum);
	off = f->csum & VP_CSUM_TX_TCP ? offsetof(struct tcphdr, check) :
					 offsetof(struct udphdr, check);
	if (thoff < ETH_HLEN + sizeof(struct iphdr) || thoff + off + sizeof(__sum16) > skb->len)
		return false;
	return skb_partial_csum_set(skb, thoff, off);
}

void vp_net_receive(struct vp_net *n, const u8 *frame, u32 len, const struct vp_rndis_frame *f)
{
	struct net_device *ndev = n->ndev;
	struct sk_buff *skb;

	if (!netif_running(ndev) || (len > ndev->mtu + VLAN_ETH_HLEN && !f->has_lso)) {
		atomic64_inc(&n->rx_dropped);
		return;
	}
	/* Process context: an LSO send may take a large buffer. */
	skb = __netdev_alloc_skb_ip_align(ndev, len, GFP_KERNEL);
	if (!skb) {
		atomic64_inc(&n->rx_dropped);
		return;
	}
	skb_put_data(skb, frame, len);
	if (!vp_net_offload(skb, f)) {
		atomic64_inc(&n->errors);
		kfree_skb(skb);
		return;
	}
	skb->protocol = eth_type_trans(skb, ndev);
	/* The guest's tag travels beside the frame: VLAN id 15:4, priority 2:0. */
	if (f->has_vlan)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       ((f->vlan >> 4) & VLAN_VID_MASK) |
				       ((f->vlan & 7) << VLAN_PRIO_SHIFT));
	atomic64_inc(&n->rx_packets);
	atomic64_add(len, &n->rx_bytes);
	netif_rx(skb);
}

static int vp_net_ndo_open(struct net_device *ndev)
{
	struct vp_net *n = vp_net_of(ndev);
	unsigned long flags;

	netif_start_queue(ndev);
	spin_lock_irqsave(&n->lock, flags);
	n->host_up = true;
	n->queue_held = false;
	vp_net_link_changed(n);
	spin_unlock_irqrestore(&n->lock, flags);
	return 0;
}

static int vp_net_ndo_stop(struct net_device *ndev)
{
	struct vp_net *n = vp_net_of(ndev);
	unsigned long flags;

	netif_stop_queue(ndev);
	spin_lock_irqsave(&n->lock, flags);
	n->host_up = false;
	vp_net_link_changed(n);
	spin_unlock_irqrestore(&n->lock, flags);
	return 0;
}

static void vp_net_get_stats64(struct net_device *ndev, struct rtnl_link_stats64 *s)
{
	struct vp_net *n = vp_net_of(ndev);

	s->rx_packets = atomic64_read(&n->rx_packets);
	s->rx_bytes = atomic64_read(&n->rx_bytes);
	s->rx_dropped = atomic64_read(&n->rx_dropped);
	s->rx_errors = atomic64_read(&n->errors);
	s->tx_packets = atomic64_read(&n->tx_packets);
	s->tx_bytes = atomic64_read(&n->tx_bytes);
	s->tx_dropped = atomic64_read(&n->tx_dropped);
}

static const struct net_device_ops vp_net_ops = {
	.ndo_open = vp_net_ndo_open,
	.ndo_stop = vp_net_ndo_stop,
	.ndo_start_xmit = vp_net_xmit,
	.ndo_get_stats64 = vp_net_get_stats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/**
 * vp_net_netdev_create() - the host netdev of a NIC
 * @n: the NIC, @n->ifname set
 * @mac: the guest's address (the netdev gets a random one of its own)
 * @mtu: the netdev's MTU
 *
 * Return: 0, -EINVAL for a bad name, -EEXIST for a name in use, or another
 * error of register_netdev().
 */
int vp_net_netdev_create(struct vp_net *n, const u8 *mac, u32 mtu)
{
	struct net_device *ndev;
	int ret;

	if (!dev_valid_name(n->ifname) || strchr(n->ifname, '%'))
		return -EINVAL;
	ndev = alloc_etherdev(sizeof(n));
	if (!ndev)
		return -ENOMEM;
	*(struct vp_net **)netdev_priv(ndev) = n;
	strscpy(ndev->name, n->ifname, sizeof(ndev->name));
	ndev->netdev_ops = &vp_net_ops;
	/* Checksums of frames for the guest are computed (or known good) here. */
	ndev->hw_features = NETIF_F_HW_CSUM | NETIF_F_SG;
	ndev->features = ndev->hw_features;
	ndev->min_mtu = VPART_NIC_MTU_MIN;
	ndev->max_mtu = VPART_NIC_MTU_MAX;
	ndev->mtu = mtu;
	eth_hw_addr_random(ndev);
	memcpy(n->nic.mac, mac, ETH_ALEN);
	n->nic.mtu = mtu;
	netif_carrier_off(ndev);
	n->ndev = ndev;
	ret = register_netdev(ndev);
	if (ret) {
		n->ndev = NULL;
		free_netdev(ndev);
	}
	return ret;
}

/* After the channel closed: nothing sends to the guest any more. */
void vp_net_netdev_destroy(struct vp_net *n)
{
	if (!n->ndev)
		return;
	unregister_netdev(n->ndev);
	free_netdev(n->ndev);
	n->ndev = NULL;
}
