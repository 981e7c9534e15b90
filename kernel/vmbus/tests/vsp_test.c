// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_vsp: the VSP class registry. The suite's own VSP
 * modules may be loaded meanwhile, so it only uses names and GUIDs of its own.
 */
#include <kunit/test.h>
#include "vpart/compat.h"
#include "vpart/vmbus.h"

#define TEST_GUID(n)	GUID_INIT(0x7e57c1a5, 0, 0, 0, 0, 0, 0, 0, 0, 0, (n))

static void register_and_find(struct kunit *test)
{
	struct vp_vsp_class a = { .name = "kunit-a", .if_type = TEST_GUID(1),
				  .owner = THIS_MODULE };
	struct vp_vsp_class *got;

	KUNIT_ASSERT_EQ(test, vp_vmbus_register_class(&a), 0);
	got = vp_vmbus_get_class("kunit-a");
	KUNIT_EXPECT_PTR_EQ(test, got, &a);
	if (got)
		vp_vmbus_put_class(got);
	KUNIT_EXPECT_NULL(test, vp_vmbus_get_class("kunit-missing"));
	vp_vmbus_unregister_class(&a);
	KUNIT_EXPECT_NULL(test, vp_vmbus_get_class("kunit-a"));
}

static void duplicates_refused(struct kunit *test)
{
	struct vp_vsp_class a = { .name = "kunit-a", .if_type = TEST_GUID(1),
				  .owner = THIS_MODULE };
	struct vp_vsp_class same_name = { .name = "kunit-a", .if_type = TEST_GUID(2),
					  .owner = THIS_MODULE };
	struct vp_vsp_class same_guid = { .name = "kunit-b", .if_type = TEST_GUID(1),
					  .owner = THIS_MODULE };

	KUNIT_ASSERT_EQ(test, vp_vmbus_register_class(&a), 0);
	KUNIT_EXPECT_EQ(test, vp_vmbus_register_class(&same_name), -EEXIST);
	KUNIT_EXPECT_EQ(test, vp_vmbus_register_class(&same_guid), -EEXIST);
	vp_vmbus_unregister_class(&a);
	KUNIT_EXPECT_EQ(test, vp_vmbus_register_class(&same_guid), 0);
	vp_vmbus_unregister_class(&same_guid);
}

static void invalid_classes_refused(struct kunit *test)
{
	struct vp_vsp_class no_name = { .if_type = TEST_GUID(3) };
	struct vp_vsp_class empty_name = { .name = "", .if_type = TEST_GUID(3) };
	struct vp_vsp_class no_guid = { .name = "kunit-c" };

	KUNIT_EXPECT_EQ(test, vp_vmbus_register_class(&no_name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_vmbus_register_class(&empty_name), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_vmbus_register_class(&no_guid), -EINVAL);
}

static void get_pins_owner(struct kunit *test)
{
	struct vp_vsp_class a = { .name = "kunit-a", .if_type = TEST_GUID(1),
				  .owner = THIS_MODULE };
	struct vp_vsp_class *got;
	int before = module_refcount(THIS_MODULE);

	KUNIT_ASSERT_EQ(test, vp_vmbus_register_class(&a), 0);
	got = vp_vmbus_get_class("kunit-a");
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), before + 1);
	vp_vmbus_put_class(got);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), before);
	vp_vmbus_unregister_class(&a);
}

/* The class GUIDs as the guest's drivers know them (vmbus-host-facts 3.4). */
static void class_guids_match_protocol(struct kunit *test)
{
	guid_t scsi = VP_GUID_SCSI, nic = VP_GUID_NIC, want;

	KUNIT_ASSERT_EQ(test, guid_parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", &want), 0);
	KUNIT_EXPECT_TRUE(test, guid_equal(&scsi, &want));
	KUNIT_ASSERT_EQ(test, guid_parse("f8615163-df3e-46c5-913f-f2d2f965ed0e", &want), 0);
	KUNIT_EXPECT_TRUE(test, guid_equal(&nic, &want));
}

static struct kunit_case vsp_cases[] = {
	KUNIT_CASE(class_guids_match_protocol),
	KUNIT_CASE(register_and_find),
	KUNIT_CASE(duplicates_refused),
	KUNIT_CASE(invalid_classes_refused),
	KUNIT_CASE(get_pins_owner),
	{}
};

static struct kunit_suite vsp_suite = {
	.name = "vpart_vmbus_vsp",
	.test_cases = vsp_cases,
};

kunit_test_suite(vsp_suite);
MODULE_IMPORT_NS(VP_NS_VMBUS);
MODULE_DESCRIPTION("KUnit suites for vpart_vmbus.ko");
MODULE_LICENSE("GPL");
