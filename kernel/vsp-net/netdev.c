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
#include <linux/netdevice.h>
#include <linux/skbuff.h>
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

/* Host -> guest: the frame as an RNDIS PACKET in one receive slot. */
static netdev_tx_t vp_net_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct vp_net *n = vp_net_of(ndev);
	struct vp_rndis_packet *p;
	unsigned long flags;
	u32 len = skb->len;
	int slot, ret = -ENOBUFS;
	u8 *va;

	spin_lock_irqsave(&n->lock, flags);
	if (!n->nic.packet_filter || VP_NET_RNDIS_HDR + len > n->slot_size)
		goto out;
	slot = vp_net_slot_get(n, &va);
	if (slot < 0)
		goto out;
	p = (struct vp_rndis_packet *)va;
	memset(p, 0, sizeof(*p));
	p->h.type = VP_RNDIS_PACKET;
	p->h.msg_len = VP_NET_RNDIS_HDR + len;
	p->data_offset = VP_NET_RNDIS_HDR - 8;
	p->data_len = len;
	if (skb_copy_bits(skb, 0, va + VP_NET_RNDIS_HDR, len)) {
		ret = -EFAULT;
		goto out;
	}
	ret = vp_net_slot_send(n, slot, VP_NET_RNDIS_HDR + len, false);
	/* The guest completes what it took: hold the queue when all slots are out. */
	if (!ret && n->slots_used >= n->nslots && !n->queue_held) {
		n->queue_held = true;
		netif_stop_queue(ndev);
	}
out:
	spin_unlock_irqrestore(&n->lock, flags);
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

void vp_net_receive(struct vp_net *n, const u8 *frame, u32 len, const struct vp_rndis_frame *f)
{
	struct net_device *ndev = n->ndev;
	struct sk_buff *skb;

	if (!netif_running(ndev) || len > ndev->mtu + VLAN_ETH_HLEN) {
		atomic64_inc(&n->rx_dropped);
		return;
	}
	skb = netdev_alloc_skb_ip_align(ndev, len);
	if (!skb) {
		atomic64_inc(&n->rx_dropped);
		return;
	}
	skb_put_data(skb, frame, len);
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
