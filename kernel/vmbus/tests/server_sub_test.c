// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_server_sub: sub-channels. A class asks for them
 * from its primary's @packets; they are offered with the primary's GUIDs
 * and sub_channel_index 1..n, each opened and read as a channel of its
 * own; a rescind takes them back first and the device goes once the guest
 * released every one; a connection reset drops them.
 */
#include <kunit/test.h>
#include <linux/workqueue.h>
#include "server_fake.h"

#define SUB_HANDLE(i)	(HANDLE + 1 + (i))	/* sub-channel i's ring GPADL */
#define SUB_GFN(i)	(RING_PAGES * (1 + (i)))

/* The test class: "sub N" asks for N sub-channels; anything else is echoed. */
struct multi {
	unsigned int opens[3], closes[3];	/* by sub_channel_index */
	int asked;				/* the last request's result */
};

static int multi_add(struct vp_vmbus_dev *dev, const void *cfg, u32 len)
{
	if (len != sizeof(struct multi *))
		return -EINVAL;
	vp_vmbus_dev_set_priv(dev, *(struct multi * const *)cfg);
	return 0;
}

static struct multi *multi_of(struct vp_vmbus_chan *ch)
{
	return vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));
}

static int multi_open(struct vp_vmbus_chan *ch)
{
	multi_of(ch)->opens[min_t(u16, vp_vmbus_chan_index(ch), 2)]++;
	return 0;
}

static void multi_close(struct vp_vmbus_chan *ch)
{
	multi_of(ch)->closes[min_t(u16, vp_vmbus_chan_index(ch), 2)]++;
}

static bool multi_packets(struct vp_vmbus_chan *ch)
{
	struct vp_pktdesc d;
	u8 buf[64];
	int len;

	while ((len = vp_vmbus_recv(ch, buf, sizeof(buf), &d)) > 0) {
		u8 *p = buf + d.offset8 * 8;

		if (!memcmp(p, "sub ", 4))
			multi_of(ch)->asked = vp_vmbus_dev_request_subchannels(ch, p[4]);
		else
			vp_vmbus_send_completion(ch, d.trans_id, p, 8);
	}
	return false;
}

static struct vp_vsp_class multi_class = {
	.name = "kunit-server-multi",
	.if_type = GUID_INIT(0x7e57c1a5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20),
	.owner = THIS_MODULE,
	.max_pkt = 64,
	.add = multi_add,
	.open = multi_open,
	.close = multi_close,
	.packets = multi_packets,
};

static const u8 multi_inst[16] = { 0x5b, 0xc0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };

/* One multi device, connected, its primary (relid 1) open on HANDLE. */
static struct multi *multi_setup(struct fake *f, struct gchan *ch)
{
	struct kunit *test = f->test;
	struct multi *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	const struct vp_chmsg_offer *o;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_EQ(test, vp_vmbus_register_class(&multi_class), 0);
	f->cls = &multi_class;
	KUNIT_ASSERT_EQ(test, vp_vmbus_add_device(f->srv, multi_class.name, multi_inst, &m,
						  sizeof(m)), 1);
	connect(f, VP_VMBUS_VERSION_WIN10_V5_2);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	o = expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	KUNIT_EXPECT_EQ(test, o->child_relid, 1U);
	KUNIT_EXPECT_EQ(test, o->sub_channel_index, 0);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	chan_open(f, ch, 1, HANDLE, 0, 0);
	return m;
}

/* The guest asks on the primary; the offers follow from the server's work. */
static void ask(struct fake *f, struct gchan *ch, u8 n)
{
	u8 req[8] = { 's', 'u', 'b', ' ', n };

	guest_send(&ch->in, 7, req, sizeof(req));
	guest_signal(f, ch);
	flush_work(&f->srv->sub_work);
}

static void expect_sub_offer(struct fake *f, u32 relid, u16 index)
{
	const struct vp_chmsg_offer *o = expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	struct kunit *test = f->test;
	guid_t type;

	import_guid(&type, o->if_type);
	KUNIT_EXPECT_TRUE(test, guid_equal(&type, &multi_class.if_type));
	KUNIT_EXPECT_EQ(test, memcmp(o->if_instance, multi_inst, 16), 0);
	KUNIT_EXPECT_EQ(test, o->sub_channel_index, index);
	KUNIT_EXPECT_EQ(test, o->child_relid, relid);
	KUNIT_EXPECT_EQ(test, o->connection_id, CONN(relid));
	KUNIT_EXPECT_EQ(test, o->is_dedicated_interrupt, 1);
}

/* Two sub-channels offered, opened, and each answers on its own ring. */
static void offers_and_io(struct kunit *test)
{
	static const u8 ping[8] = "ping";
	struct fake *f = test->priv;
	struct gchan ch, sub[2];
	struct vp_vmbus_chan *s1;
	u8 buf[64];
	unsigned int i;
	struct multi *m = multi_setup(f, &ch);

	ask(f, &ch, 2);
	KUNIT_EXPECT_EQ(test, m->asked, 0);
	expect_sub_offer(f, 2, 1);
	expect_sub_offer(f, 3, 2);
	expect_quiet(f);
	/* Asking again for as many, or fewer, offers nothing more. */
	ask(f, &ch, 1);
	ask(f, &ch, 2);
	expect_quiet(f);
	/* Only a primary asks, for 1..63. */
	s1 = f->srv->chans[2];
	KUNIT_ASSERT_NOT_NULL(test, s1);
	KUNIT_EXPECT_EQ(test, vp_vmbus_dev_request_subchannels(s1, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_vmbus_dev_request_subchannels(f->srv->chans[1], 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_vmbus_dev_request_subchannels(f->srv->chans[1],
							       VPART_MAX_VCPUS), -EINVAL);

	for (i = 0; i < 2; i++)
		chan_open(f, &sub[i], 2 + i, SUB_HANDLE(i), SUB_GFN(i), 1);
	KUNIT_EXPECT_EQ(test, m->opens[0], 1U);
	KUNIT_EXPECT_EQ(test, m->opens[1], 1U);
	KUNIT_EXPECT_EQ(test, m->opens[2], 1U);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_TRUE(test, f->srv->chans[i]->open);

	guest_send(&sub[1].in, 0x51, ping, sizeof(ping));
	guest_signal(f, &sub[1]);
	KUNIT_ASSERT_TRUE(test, guest_wait(&sub[1].out, 1000));
	KUNIT_ASSERT_EQ(test, guest_recv(&sub[1].out, buf, sizeof(buf)), 24U);
	KUNIT_EXPECT_EQ(test, ((struct vp_pktdesc *)buf)->trans_id, 0x51ULL);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 16, ping, sizeof(ping)), 0);
	/* The host signalled that channel's relid, nobody else's. */
	KUNIT_EXPECT_GT(test, atomic_read(&f->signals[3]), 0);
	KUNIT_EXPECT_EQ(test, guest_recv(&sub[0].out, buf, sizeof(buf)), 0U);
	KUNIT_EXPECT_EQ(test, guest_recv(&ch.out, buf, sizeof(buf)), 0U);

	/* The guest closes the sub-channels, then the primary. */
	close_chan(f, 2, SUB_HANDLE(0));
	close_chan(f, 3, SUB_HANDLE(1));
	close_chan(f, 1, HANDLE);
	KUNIT_EXPECT_EQ(test, m->closes[1] + m->closes[2], 2U);
	KUNIT_EXPECT_EQ(test, m->closes[0], 1U);
	KUNIT_EXPECT_EQ(test, held(f), 0U);
	expect_quiet(f);
}

/* Removal rescinds the sub-channels first; the device goes at the last release. */
static void rescind_releases(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch, sub;
	struct multi *m = multi_setup(f, &ch);

	ask(f, &ch, 2);
	expect_sub_offer(f, 2, 1);
	expect_sub_offer(f, 3, 2);
	chan_open(f, &sub, 2, SUB_HANDLE(0), SUB_GFN(0), 1);
	KUNIT_ASSERT_EQ(test, vp_vmbus_remove_device(f->srv, 1), 0);
	expect_rescind(f, 2);
	expect_rescind(f, 3);
	expect_rescind(f, 1);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, 1), -EALREADY);
	/* Linux: the unopened one goes at once, the rest when the driver is gone. */
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 3), 0);
	close_chan(f, 2, SUB_HANDLE(0));
	close_chan(f, 1, HANDLE);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 2), 0);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1U);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 1), 0);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 0U);
	KUNIT_EXPECT_NULL(test, f->srv->chans[1]);
	KUNIT_EXPECT_NULL(test, f->srv->chans[2]);
	KUNIT_EXPECT_NULL(test, f->srv->chans[3]);
	KUNIT_EXPECT_EQ(test, m->opens[1], 1U);
	KUNIT_EXPECT_EQ(test, m->closes[1], 1U);
	KUNIT_EXPECT_EQ(test, held(f), 0U);
	expect_quiet(f);
}

/* UNLOAD drops the sub-channels (open ones closed); the next guest asks anew. */
static void reset_drops(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch, sub;
	struct multi *m = multi_setup(f, &ch);
	const struct vp_chmsg_offer *o;

	ask(f, &ch, 1);
	expect_sub_offer(f, 2, 1);
	chan_open(f, &sub, 2, SUB_HANDLE(0), SUB_GFN(0), 1);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_UNLOAD), 0);
	expect_msg(f, VP_CHMSG_UNLOAD_RESPONSE);
	KUNIT_EXPECT_EQ(test, m->closes[0], 1U);
	KUNIT_EXPECT_EQ(test, m->closes[1], 1U);
	KUNIT_EXPECT_NULL(test, f->srv->chans[2]);
	KUNIT_EXPECT_EQ(test, held(f), 0U);
	connect(f, VP_VMBUS_VERSION_WIN10_V5_2);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	o = expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	KUNIT_EXPECT_EQ(test, o->child_relid, 1U);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	expect_quiet(f);
	/* A request after its primary closed offers nothing. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_dev_request_subchannels(f->srv->chans[1], 1), 0);
	flush_work(&f->srv->sub_work);
	expect_quiet(f);
	KUNIT_EXPECT_NULL(test, f->srv->chans[2]);
}

static struct kunit_case sub_cases[] = {
	KUNIT_CASE(offers_and_io),
	KUNIT_CASE(rescind_releases),
	KUNIT_CASE(reset_drops),
	{}
};

SERVER_SUITE(sub);
