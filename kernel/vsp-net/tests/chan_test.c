// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_netvsp_chan: a NIC with a real host netdev on a fake
 * channel (chan_fx.h), driven as a Linux 6.1 netvsc drives it: NVSP init,
 * the receive and send buffers, RNDIS over receive slots, frames both
 * ways, offloads, link changes, and hostile packets.
 */
#include <linux/rtnetlink.h>
#include <asm/unaligned.h>
#include <net/checksum.h>
#include "chan_fx.h"

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
		KUNIT_EXPECT_EQ(test, nt_xmit(skb, ndev), NETDEV_TX_OK);
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
	nt_xmit(skb, ndev);
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
	nt_xmit(skb, ndev);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->tx_dropped), 2LL);
	/* A full ring: dropped and held until the guest signals. */
	fx->ch.full = true;
	skb = alloc_skb(60, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, 60);
	nt_xmit(skb, ndev);
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

/* Checksum and LSO offloads both ways. */
static void offloads(struct kunit *test)
{
	struct nt_fx *fx = test->priv;
	u8 *msg = kunit_kzalloc(test, 3200, GFP_KERNEL);
	struct sk_buff *skb;
	unsigned int from;
	const u8 *m;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, msg);
	nt_probe(test, fx);
	/* A 3000-byte LSO send over three guest pages: a GSO skb with its headers set. */
	len = nt_lso_msg(msg, 3000, 1000, 34);
	nt_guest_write(fx, 0, PAGE_SIZE - 500, msg, len);
	nt_rndis_gpa(test, fx, 40, VP_NVSP_CHANNEL_DATA, len, PAGE_SIZE - 500, 0);
	nt_run(fx);
	nt_wait_frames(test, fx, 1);
	KUNIT_EXPECT_EQ(test, fx->frame_len, 3000U);
	KUNIT_EXPECT_EQ(test, fx->gso_size, (u16)1000);
	KUNIT_EXPECT_EQ(test, fx->gso_type, (unsigned int)(SKB_GSO_TCPV4 | SKB_GSO_DODGY));
	KUNIT_EXPECT_EQ(test, fx->ip_summed, (u8)CHECKSUM_PARTIAL);
	KUNIT_EXPECT_EQ(test, fx->csum_start, 34U);
	KUNIT_EXPECT_EQ(test, fx->csum_offset, 16U);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(fx->frame + 16), 3000U - 14);
	KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(fx->frame + 14, 5), 0);
	/* The TCP header past the frame, or no IP header before it: dropped. */
	len = nt_lso_msg(msg, 100, 1000, 90);
	memcpy(fx->ch.send, msg, len);
	nt_nvsp(test, fx, 41, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, 0, len);
	len = nt_lso_msg(msg, 100, 1000, 20);
	memcpy(fx->ch.send + VP_NET_SECTION_SIZE, msg, len);
	nt_nvsp(test, fx, 42, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, 1, len);
	nt_run(fx);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->rx_packets), 1LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->n->errors), 2LL);
	/* A UDP checksum left to the host: a partial checksum at the UDP header's. */
	len = nt_lso_msg(msg, 100, 0, 0);
	put_unaligned_le32(VP_PPI_CHECKSUM, msg + 48);
	put_unaligned_le32(34 << 16 | VP_CSUM_TX_IPV4 | VP_CSUM_TX_UDP, msg + 56);
	memcpy(fx->ch.send + 2 * VP_NET_SECTION_SIZE, msg, len);
	nt_nvsp(test, fx, 43, VP_NVSP_SEND_RNDIS_PKT, VP_NVSP_CHANNEL_DATA, 2, len);
	nt_run(fx);
	nt_wait_frames(test, fx, 2);
	KUNIT_EXPECT_EQ(test, fx->ip_summed, (u8)CHECKSUM_PARTIAL);
	KUNIT_EXPECT_EQ(test, fx->csum_start, 34U);
	KUNIT_EXPECT_EQ(test, fx->csum_offset, 6U);
	KUNIT_EXPECT_EQ(test, fx->gso_size, (u16)0);
	/* To the guest: a partial checksum is computed here and the guest told it is good. */
	from = nt_nsent(fx);
	skb = alloc_skb(200, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, 200), 0x11, 200);
	KUNIT_ASSERT_TRUE(test, skb_partial_csum_set(skb, 34, 16));
	nt_xmit(skb, fx->n->ndev);
	m = nt_slot(test, fx, nt_last(test, fx, from, VP_PKT_DATA_USING_XFER_PAGES),
		    VP_NVSP_CHANNEL_DATA);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 4), 44U + 16 + 200);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 8), 36U + 16);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 28), 36U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 32), 16U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 48), (u32)VP_PPI_CHECKSUM);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m + 56) & VP_CSUM_RX_TCP_OK, VP_CSUM_RX_TCP_OK);
	/*
	 * Summed in place: the bytes from 34 on, checksum included, fold to
	 * the pseudo-header sum the sender had left there (0x1111).
	 */
	KUNIT_EXPECT_EQ(test, (__force u16)csum_fold(csum_partial(m + 60 + 34, 200 - 34, 0)),
			0x1111);
}

static struct kunit_case nt_cases[] = {
	KUNIT_CASE(nvsp_init_and_buffers),
	KUNIT_CASE(guest_frames),
	KUNIT_CASE(host_frames),
	KUNIT_CASE(link_follows_netdev),
	KUNIT_CASE(hostile_packets),
	KUNIT_CASE(offloads),
	{}
};

static struct kunit_suite nt_suite = {
	.name = "vpart_netvsp_chan",
	.init = nt_init,
	.exit = nt_exit,
	.test_cases = nt_cases,
};
kunit_test_suite(nt_suite);
