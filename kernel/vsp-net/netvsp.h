/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside vpart_netvsp.ko. One VMBus device is one synthetic NIC: the
 * guest's netvsc on one channel (chan.c) and a host Ethernet netdev
 * (netdev.c). Frames the guest sends are received on the netdev; frames
 * the host stack sends on it go into the guest's receive buffer.
 *
 * Host -> guest messages (frames, RNDIS answers, link indications) each
 * take one slot of the guest's receive buffer until the guest completes
 * the transfer-page packet that named it. The netdev's xmit runs in
 * softirq context, so everything both sides share is under @lock.
 */
#ifndef _VPART_NETVSP_H
#define _VPART_NETVSP_H

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <uapi/vpart/vpart.h>
#include "vpart/vmbus.h"
#include "nvsp.h"
#include "rndis.h"

/* Largest guest packet: descriptor, range headers, 32 page buffers, NVSP. */
#define VP_NET_MAX_PKT		1024U
/* Largest RNDIS message a guest may send: an LSO send with its PPIs. */
#define VP_NET_MAX_MSG		(64U * 1024)
/* Guest frames one message's ranges may name, all together. */
#define VP_NET_MAX_PAGES	(VP_NET_MAX_MSG / PAGE_SIZE + 32)
/*
 * A receive slot holds the RNDIS header, a checksum PPI and the largest
 * frame (VLAN tag too).
 */
#define VP_NET_RNDIS_HDR	((u32)sizeof(struct vp_rndis_packet))
#define VP_NET_PPI_SIZE		((u32)sizeof(struct vp_rndis_ppi) + 4)
#define VP_NET_SLOT_SIZE	ALIGN(VP_NET_RNDIS_HDR + VP_NET_PPI_SIZE + VLAN_ETH_HLEN + \
				      VPART_NIC_MTU_MAX, 64)
/* Fewer slots than this in the guest's buffer: refused. */
#define VP_NET_MIN_SLOTS	16U
/* The send-buffer section size netvsc is told (as Hyper-V's). */
#define VP_NET_SECTION_SIZE	6144U
/* Answers the ring refused, and completions: sent from the next @packets. */
#define VP_NET_MAX_UNSENT	8
/* Link speed the guest is told: 10 Gbit/s, in 100 bit/s units. */
#define VP_NET_LINK_SPEED	100000000U

struct vp_net {
	struct vp_vmbus_dev *dev;
	struct net_device *ndev;
	char ifname[IFNAMSIZ];

	spinlock_t lock;		/* all below up to the reader's part */
	struct vp_vmbus_chan *ch;	/* the primary channel while open */
	struct vp_rndis_nic nic;
	bool host_up;			/* the netdev is up */
	/* The guest's receive buffer, in @slot_size slots. */
	u8 *rx_va;
	u32 slot_size, nslots, slots_used, slot_hint;
	unsigned long *slots;		/* in use until the guest completes it */
	bool queue_held;		/* xmit stopped: no slot or a full ring */
	/* Slots written but refused by a full ring, as (slot, length). */
	u32 unsent_slot[VP_NET_MAX_UNSENT], unsent_len[VP_NET_MAX_UNSENT];
	u32 nunsent_slots;

	/* Reader side: the channel's @packets, one at a time. */
	u8 *tx_va;			/* the guest's send buffer */
	u32 tx_len;
	u64 unsent_comp[VP_NET_MAX_UNSENT];	/* completions a full ring refused */
	u32 nunsent_comp;
	u8 pkt[VP_NET_MAX_PKT] __aligned(8);
	u8 msg[VP_NET_MAX_MSG] __aligned(8);
	struct page *pages[VP_NET_MAX_PAGES];

	/* From the netdev's side: rx is what the guest sent. */
	atomic64_t rx_packets, rx_bytes, rx_dropped;
	atomic64_t tx_packets, tx_bytes, tx_dropped;
	atomic64_t errors;		/* malformed guest packets */
};

/* chan.c */
void vp_net_init(struct vp_net *n, struct vp_vmbus_dev *dev);
int vp_net_open(struct vp_vmbus_chan *ch);
void vp_net_close(struct vp_vmbus_chan *ch);
bool vp_net_packets(struct vp_vmbus_chan *ch);
/*
 * Under @lock: a free receive slot (its address in *@va), or -1 when the
 * guest cannot take a message now; then vp_net_slot_send() of what was
 * written there. A data message the ring refuses is dropped (-EAGAIN) and
 * the netdev's queue held until the guest reads; answers wait for room.
 */
int vp_net_slot_get(struct vp_net *n, u8 **va);
int vp_net_slot_send(struct vp_net *n, u32 slot, u32 len, bool control);
/* Under @lock: the guest's link follows the host netdev. */
void vp_net_link_changed(struct vp_net *n);

/* netdev.c */
int vp_net_netdev_create(struct vp_net *n, const u8 *mac, u32 mtu);
void vp_net_netdev_destroy(struct vp_net *n);
/* A frame from the guest, already copied out of its memory. */
void vp_net_receive(struct vp_net *n, const u8 *frame, u32 len, const struct vp_rndis_frame *f);
/* Under @lock: carrier and queue state after the guest's state changed. */
void vp_net_carrier(struct vp_net *n);

#endif /* _VPART_NETVSP_H */
