// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_netvsp_control: the NVSP and RNDIS checks and answers
 * of vpart_netvsp.ko in the kernel, along the control sequence a Linux 6.1
 * netvsc runs at probe (vmbus-host-facts 6.2, 6.3), each answer read back
 * with netvsc's own checks, and hostile messages. Requests are built at
 * their wire offsets, not from our structs. The native cmocka tests
 * (tests/netvsp) go through the corner cases one by one.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <asm/unaligned.h>
#include "rndis.h"

#define ROOM		2048	/* one receive sub-allocation */

struct ctl_fx {
	struct vp_rndis_nic nic;
	u8 msg[640];
	u8 out[ROOM];
};

static int ctl_init(struct kunit *test)
{
	static const u8 mac[6] = { 0x00, 0x15, 0x5d, 0xaa, 0xbb, 0xcc };
	struct ctl_fx *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);

	if (!fx)
		return -ENOMEM;
	memcpy(fx->nic.mac, mac, sizeof(mac));
	fx->nic.mtu = 1500;
	fx->nic.link_speed = 100000000;
	fx->nic.link_up = true;
	fx->nic.nvsp = VP_NVSP_V61;
	test->priv = fx;
	return 0;
}

/* A QUERY (4) or SET (5) as netvsc builds it: info right after the 28-byte header. */
static u32 oid_msg(struct ctl_fx *fx, u32 type, u32 oid, u32 info_len)
{
	u8 *m = fx->msg;

	memset(m, 0, sizeof(fx->msg));
	put_unaligned_le32(type, m);
	put_unaligned_le32(28 + info_len, m + 4);
	put_unaligned_le32(oid, m + 8);		/* netvsc's request ids are arbitrary */
	put_unaligned_le32(oid, m + 12);
	put_unaligned_le32(info_len, m + 16);
	put_unaligned_le32(20, m + 20);
	return 28 + info_len;
}

/* Check and answer @len bytes of the message; the answer's length. */
static u32 ask(struct kunit *test, struct ctl_fx *fx, u32 len)
{
	struct vp_rndis_ctl c;

	KUNIT_ASSERT_EQ(test, vp_rndis_parse_ctl(fx->msg, len, &c), 0);
	return vp_rndis_respond(&fx->nic, &c, fx->out, ROOM);
}

/* rndis_filter_query(): status, then the information within the message and @buflen. */
static const u8 *query(struct kunit *test, struct ctl_fx *fx, u32 oid, u32 buflen, u32 *got)
{
	u32 n = ask(test, fx, oid_msg(fx, 4, oid, buflen));
	u32 len, off, info;

	KUNIT_ASSERT_GE(test, n, 24U);
	len = get_unaligned_le32(fx->out + 4);
	off = get_unaligned_le32(fx->out + 20);
	info = get_unaligned_le32(fx->out + 16);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(fx->out), 0x80000004U);
	KUNIT_EXPECT_EQ(test, len, n);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(fx->out + 8), oid);
	KUNIT_ASSERT_GE(test, len - 8, 16U);
	KUNIT_ASSERT_GE(test, off, 16U);
	KUNIT_ASSERT_GE(test, len - 8, off);
	KUNIT_ASSERT_GE(test, len - 8 - off, info);
	KUNIT_ASSERT_LE(test, info, buflen);
	*got = get_unaligned_le32(fx->out + 12) ? 0 : info;
	return fx->out + 8 + off;
}

/* Version, then RNDIS INIT, the queries and sets of probe and open. */
static void probe_sequence(struct kunit *test)
{
	struct ctl_fx *fx = test->priv;
	u8 pkt[16 + VP_NVSP_MSG_SIZE] = { };
	struct vp_nvsp_req r;
	const u8 *info;
	u32 got;

	put_unaligned_le16(VP_PKT_DATA_INBAND, pkt);
	put_unaligned_le16(2, pkt + 2);
	put_unaligned_le16(sizeof(pkt) / 8, pkt + 4);
	put_unaligned_le32(VP_NVSP_INIT, pkt + 16);
	put_unaligned_le32(VP_NVSP_V61, pkt + 20);
	put_unaligned_le32(VP_NVSP_V61, pkt + 24);
	KUNIT_ASSERT_EQ(test, vp_nvsp_parse(pkt, sizeof(pkt), 8, &r), 0);
	KUNIT_EXPECT_EQ(test, r.msg->init.max_ver, VP_NVSP_V61);

	memset(fx->msg, 0, 24);
	put_unaligned_le32(VP_RNDIS_INIT, fx->msg);
	put_unaligned_le32(24, fx->msg + 4);
	put_unaligned_le32(1, fx->msg + 8);
	put_unaligned_le32(1, fx->msg + 12);
	put_unaligned_le32(0x4000, fx->msg + 20);
	KUNIT_ASSERT_EQ(test, ask(test, fx, 24), 52U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(fx->out), 0x80000002U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(fx->out + 12), 0U);
	KUNIT_EXPECT_TRUE(test, fx->nic.initialized);

	info = query(test, fx, VP_OID_GEN_MAXIMUM_FRAME_SIZE, 4, &got);
	KUNIT_EXPECT_EQ(test, got, 4U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(info), 1500U);
	info = query(test, fx, VP_OID_802_3_PERMANENT_ADDRESS, 6, &got);
	KUNIT_ASSERT_EQ(test, got, 6U);
	KUNIT_EXPECT_EQ(test, memcmp(info, fx->nic.mac, 6), 0);
	query(test, fx, VP_OID_GEN_FRIENDLY_NAME, 512, &got);
	KUNIT_EXPECT_EQ(test, got, 0U);
	/* Offload capabilities: a valid ndis_offload, or the probe fails. */
	info = query(test, fx, VP_OID_TCP_OFFLOAD_HW_CAPS, 156, &got);
	KUNIT_ASSERT_GE(test, got, 112U);
	KUNIT_EXPECT_EQ(test, info[0], VP_NDIS_OFFLOAD_TYPE);
	KUNIT_EXPECT_GE(test, info[1], 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(info + 2), got);
	oid_msg(fx, 5, VP_OID_TCP_OFFLOAD_PARAMETERS, 28);
	fx->msg[28] = VP_NDIS_OFFLOAD_PARAMS_TYPE;
	fx->msg[29] = 3;
	KUNIT_ASSERT_EQ(test, ask(test, fx, 56), 16U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(fx->out + 12), 0U);
	info = query(test, fx, VP_OID_GEN_MEDIA_CONNECT_STATUS, 4, &got);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(info), 0U);
	info = query(test, fx, VP_OID_GEN_LINK_SPEED, 4, &got);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(info), 100000000U);
	query(test, fx, VP_OID_GEN_RSS_CAPABILITIES, 256, &got);
	KUNIT_EXPECT_EQ(test, got, 0U);			/* one queue */
	/* netvsc_open(): the packet filter. */
	oid_msg(fx, 5, VP_OID_GEN_CURRENT_PACKET_FILTER, 4);
	put_unaligned_le32(0x0d, fx->msg + 28);
	KUNIT_ASSERT_EQ(test, ask(test, fx, 32), 16U);
	KUNIT_EXPECT_EQ(test, fx->nic.packet_filter, 0x0dU);
}

/* Lengths and offsets that point outside the message are refused. */
static void hostile_messages(struct kunit *test)
{
	struct ctl_fx *fx = test->priv;
	struct vp_rndis_frame f;
	struct vp_rndis_ctl c;
	u32 len;

	len = oid_msg(fx, 4, VP_OID_802_3_PERMANENT_ADDRESS, 6);
	put_unaligned_le32(0xfffffffc, fx->msg + 20);	/* wraps in 32 bits */
	KUNIT_EXPECT_EQ(test, vp_rndis_parse_ctl(fx->msg, len, &c), -EINVAL);
	put_unaligned_le32(20, fx->msg + 20);
	put_unaligned_le32(len + 1, fx->msg + 4);	/* longer than what came */
	KUNIT_EXPECT_EQ(test, vp_rndis_parse_ctl(fx->msg, len, &c), -EINVAL);
	put_unaligned_le32(0x80000004, fx->msg);	/* a host's message */
	KUNIT_EXPECT_EQ(test, vp_rndis_parse_ctl(fx->msg, len, &c), -EOPNOTSUPP);

	/* A data packet: a 60-byte frame after one checksum PPI. */
	memset(fx->msg, 0, sizeof(fx->msg));
	put_unaligned_le32(VP_RNDIS_PACKET, fx->msg);
	put_unaligned_le32(44 + 16 + 60, fx->msg + 4);
	put_unaligned_le32(36 + 16, fx->msg + 8);
	put_unaligned_le32(60, fx->msg + 12);
	put_unaligned_le32(36, fx->msg + 28);
	put_unaligned_le32(16, fx->msg + 32);
	put_unaligned_le32(16, fx->msg + 44);
	put_unaligned_le32(VP_PPI_CHECKSUM, fx->msg + 48);
	put_unaligned_le32(12, fx->msg + 52);
	put_unaligned_le32(VP_CSUM_TX_IPV4 | VP_CSUM_TX_TCP, fx->msg + 56);
	KUNIT_ASSERT_EQ(test, vp_rndis_parse_packet(fx->msg, 120, &f), 0);
	KUNIT_EXPECT_EQ(test, f.data_off, 60U);
	KUNIT_EXPECT_TRUE(test, f.has_csum);
	KUNIT_EXPECT_EQ(test, f.csum, VP_CSUM_TX_IPV4 | VP_CSUM_TX_TCP);
	put_unaligned_le32(0, fx->msg + 44);		/* a PPI of size 0 */
	KUNIT_EXPECT_EQ(test, vp_rndis_parse_packet(fx->msg, 120, &f), -EINVAL);
	put_unaligned_le32(16, fx->msg + 44);
	put_unaligned_le32(61, fx->msg + 12);		/* frame past the message */
	KUNIT_EXPECT_EQ(test, vp_rndis_parse_packet(fx->msg, 120, &f), -EINVAL);
}

static struct kunit_case ctl_cases[] = {
	KUNIT_CASE(probe_sequence),
	KUNIT_CASE(hostile_messages),
	{}
};

static struct kunit_suite ctl_suite = {
	.name = "vpart_netvsp_control",
	.init = ctl_init,
	.test_cases = ctl_cases,
};
kunit_test_suite(ctl_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("vpart: KUnit tests for vpart_netvsp.ko");
MODULE_LICENSE("GPL");
