// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_server_eject: classes with @eject and @insert
 * (storage). Removing a device the guest has open empties it instead of
 * rescinding it; the next device added goes into it without a new offer;
 * a class that declines, or a closed channel, gets the rescind; a
 * connection reset drops the empty devices.
 */
#include <kunit/test.h>
#include "server_fake.h"

/* The test class: counts the calls, answers what the test set. */
struct slot {
	unsigned int ejects, inserts;
	int eject_ret, insert_ret;
	guid_t id;			/* the last @insert's */
};

static struct slot *slot_of(struct vp_vmbus_dev *dev)
{
	return vp_vmbus_dev_priv(dev);
}

static int slot_add(struct vp_vmbus_dev *dev, const void *cfg, u32 len)
{
	if (len != sizeof(struct slot *))
		return -EINVAL;
	vp_vmbus_dev_set_priv(dev, *(struct slot * const *)cfg);
	return 0;
}

static int slot_eject(struct vp_vmbus_dev *dev)
{
	slot_of(dev)->ejects++;
	return slot_of(dev)->eject_ret;
}

static int slot_insert(struct vp_vmbus_dev *dev, const guid_t *id, const void *cfg, u32 len)
{
	struct slot *s = slot_of(dev);

	s->inserts++;
	s->id = *id;
	return s->insert_ret;
}

static struct vp_vsp_class slot_class = {
	.name = "kunit-server-slot",
	.if_type = GUID_INIT(0x7e57c1a5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x30),
	.owner = THIS_MODULE,
	.max_pkt = 64,
	.add = slot_add,
	.open = fake_class_open,
	.close = fake_class_close,
	.packets = fake_class_drain,
	.eject = slot_eject,
	.insert = slot_insert,
};

static const u8 inst_a[16] = { 0x5c, 0xa0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
static const u8 inst_b[16] = { 0x5c, 0xb0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
static const u8 inst_c[16] = { 0x5c, 0xc0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };

static int add(struct fake *f, const u8 *inst, struct slot *s)
{
	return vp_vmbus_add_device(f->srv, slot_class.name, inst, &s, sizeof(s));
}

static void expect_offered(struct fake *f, u32 relid)
{
	const struct vp_chmsg_offer *o = expect_msg(f, VP_CHMSG_OFFERCHANNEL);

	KUNIT_EXPECT_EQ(f->test, o->child_relid, relid);
}

/* A slot device, connected, its channel (relid 1) open on HANDLE. */
static struct slot *slot_setup(struct fake *f, struct gchan *ch)
{
	struct kunit *test = f->test;
	struct slot *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, vp_vmbus_register_class(&slot_class), 0);
	f->cls = &slot_class;
	KUNIT_ASSERT_EQ(test, add(f, inst_a, s), 1);
	connect(f, VP_VMBUS_VERSION_WIN10_V5_2);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_offered(f, 1);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	chan_open(f, ch, 1, HANDLE, 0, 0);
	return s;
}

/* Removal of an open device empties it; the next add goes into it. */
static void eject_then_insert(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	struct slot *s = slot_setup(f, &ch);
	struct slot *other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	guid_t b;

	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_EQ(test, vp_vmbus_remove_device(f->srv, 1), 0);
	KUNIT_EXPECT_EQ(test, s->ejects, 1U);
	expect_quiet(f);
	KUNIT_EXPECT_TRUE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1U);
	/* Its id is gone with the disk. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, 1), -ENOENT);
	KUNIT_EXPECT_EQ(test, s->ejects, 1U);

	/* The empty device takes the next add: a new id, no new offer. */
	KUNIT_EXPECT_EQ(test, add(f, inst_b, other), 2);
	KUNIT_EXPECT_EQ(test, s->inserts, 1U);
	import_guid(&b, inst_b);
	KUNIT_EXPECT_TRUE(test, guid_equal(&s->id, &b));
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1U);
	KUNIT_EXPECT_NULL(test, f->srv->chans[2]);
	/* Full again: the next add is a device of its own. */
	KUNIT_EXPECT_EQ(test, add(f, inst_c, other), 3);
	KUNIT_EXPECT_EQ(test, s->inserts, 1U);
	expect_offered(f, 2);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 2U);

	KUNIT_ASSERT_EQ(test, vp_vmbus_remove_device(f->srv, 2), 0);
	KUNIT_EXPECT_EQ(test, s->ejects, 2U);
	expect_quiet(f);
	close_chan(f, 1, HANDLE);
	KUNIT_EXPECT_EQ(test, held(f), 0U);
}

/* A class that declines, or a channel the guest does not hold open: a rescind. */
static void rescind_otherwise(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	struct slot *s = slot_setup(f, &ch);
	struct slot *other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_EQ(test, add(f, inst_b, other), 2);
	expect_offered(f, 2);
	/* Offered, never opened: rescinded without asking the class. */
	KUNIT_ASSERT_EQ(test, vp_vmbus_remove_device(f->srv, 2), 0);
	KUNIT_EXPECT_EQ(test, other->ejects, 0U);
	expect_rescind(f, 2);
	/* The class declines. */
	s->eject_ret = -ENOENT;
	KUNIT_ASSERT_EQ(test, vp_vmbus_remove_device(f->srv, 1), 0);
	KUNIT_EXPECT_EQ(test, s->ejects, 1U);
	expect_rescind(f, 1);
	expect_quiet(f);
	close_chan(f, 1, HANDLE);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 1), 0);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 2), 0);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 0U);
	KUNIT_EXPECT_EQ(test, held(f), 0U);
}

/* -EBUSY passes the empty device by; other errors fail the add; UNLOAD drops it. */
static void busy_error_reset(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	struct slot *s = slot_setup(f, &ch);
	struct slot *other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	const struct vp_chmsg_offer *o;

	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_EQ(test, vp_vmbus_remove_device(f->srv, 1), 0);
	s->insert_ret = -EINVAL;
	KUNIT_EXPECT_EQ(test, add(f, inst_b, other), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1U);
	expect_quiet(f);
	s->insert_ret = -EBUSY;
	KUNIT_EXPECT_EQ(test, add(f, inst_b, other), 2);
	KUNIT_EXPECT_EQ(test, s->inserts, 2U);
	expect_offered(f, 2);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 2U);

	/* A new connection is offered the full device only. */
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_UNLOAD), 0);
	expect_msg(f, VP_CHMSG_UNLOAD_RESPONSE);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1U);
	KUNIT_EXPECT_NULL(test, f->srv->chans[1]);
	KUNIT_EXPECT_EQ(test, held(f), 0U);
	connect(f, VP_VMBUS_VERSION_WIN10_V5_2);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	o = expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	KUNIT_EXPECT_EQ(test, memcmp(o->if_instance, inst_b, 16), 0);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	expect_quiet(f);
}

static struct kunit_case eject_cases[] = {
	KUNIT_CASE(eject_then_insert),
	KUNIT_CASE(rescind_otherwise),
	KUNIT_CASE(busy_error_reset),
	{}
};

SERVER_SUITE(eject);
