// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_hv_vmbus_attach: the one-host slot. Runs before
 * vpart_vmbus is loaded (scripts/kunit-run orders it so), when the slot
 * is empty.
 */
#include <kunit/test.h>
#include "vpart/compat.h"
#include "vpart/hv.h"

static void *fake_create(struct vp_partition *p) { return NULL; }
static void fake_destroy(void *srv) { }
static u16 fake_post(void *srv, u32 vp, u32 conn, u32 type, const void *d, u32 len) { return 0; }
static u16 fake_signal(void *srv, u32 vp, u32 conn, u16 flag) { return 0; }
static void fake_changed(void *srv, u32 vp) { }
static long fake_ioctl(void *srv, unsigned int cmd, void __user *arg) { return 0; }

#define FAKE_OPS(n) { .owner = THIS_MODULE, .name = n, .create = fake_create,	\
	.destroy = fake_destroy, .post_message = fake_post,			\
	.signal_event = fake_signal, .synic_changed = fake_changed,		\
	.ioctl = fake_ioctl }
static const struct vp_hv_vmbus_ops ops_a = FAKE_OPS("a");
static const struct vp_hv_vmbus_ops ops_b = FAKE_OPS("b");

static void attach_detach(struct kunit *test)
{
	KUNIT_ASSERT_NULL_MSG(test, vp_hv_vmbus(),
			      "a VMBus host is attached: load this before vpart_vmbus");
	KUNIT_ASSERT_EQ(test, vp_hv_attach_vmbus(&ops_a), 0);
	KUNIT_EXPECT_PTR_EQ(test, vp_hv_vmbus(), &ops_a);
	KUNIT_EXPECT_EQ(test, vp_hv_attach_vmbus(&ops_b), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, vp_hv_vmbus(), &ops_a);
	vp_hv_detach_vmbus(&ops_a);
	KUNIT_EXPECT_NULL(test, vp_hv_vmbus());
	KUNIT_ASSERT_EQ(test, vp_hv_attach_vmbus(&ops_b), 0);
	vp_hv_detach_vmbus(&ops_b);
}

static void invalid_ops(struct kunit *test)
{
	static const struct vp_hv_vmbus_ops nameless = { .owner = THIS_MODULE };
	struct vp_hv_vmbus_ops no_post = FAKE_OPS("no-post");

	no_post.post_message = NULL;
	KUNIT_EXPECT_EQ(test, vp_hv_attach_vmbus(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_hv_attach_vmbus(&nameless), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_hv_attach_vmbus(&no_post), -EINVAL);
	KUNIT_EXPECT_NULL(test, vp_hv_vmbus());
}

static struct kunit_case attach_cases[] = {
	KUNIT_CASE(attach_detach),
	KUNIT_CASE(invalid_ops),
	{}
};

static struct kunit_suite attach_suite = {
	.name = "vpart_hv_vmbus_attach",
	.test_cases = attach_cases,
};

kunit_test_suite(attach_suite);
MODULE_IMPORT_NS(VP_NS_HV);
MODULE_DESCRIPTION("KUnit suites for vpart.ko");
MODULE_LICENSE("GPL");
