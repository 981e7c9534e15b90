// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_hv_cpuid: validation of userspace CPUID tables, the
 * merged policy, and lookups inside and outside the offered ranges.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include "vpart/compat.h"
#include "vpart/hv_tlfs.h"
#include "cpuid.h"

/* "Microsoft Hv" as the guest reads it. */
static void expect_hyperv(struct kunit *test, struct vp_cpuid *c);

static const struct vp_cpuid_entry sample[] = {
	{ .function = 0, .eax = 0xd, .ebx = 0x756e6547 },
	{ .function = 1, .eax = 0x306c3, .ecx = 0x7ffaf3bf, .edx = 0xbfebfbff },
	{ .function = 7, .index = 0, .flags = VP_CPUID_INDEXED, .ebx = 0x27ab },
	{ .function = 7, .index = 1, .flags = VP_CPUID_INDEXED, .eax = 0x11 },
	{ .function = 0xd, .eax = 0xdd },
	{ .function = 0x80000000, .eax = 0x80000008 },
	{ .function = 0x80000008, .eax = 0x3028 },
};

static struct vp_cpuid *built(struct kunit *test)
{
	struct vp_cpuid *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, vp_cpuid_build(c, sample, ARRAY_SIZE(sample)), 0);
	return c;
}

static void expect_leaf(struct kunit *test, struct vp_cpuid *c, u32 fn, u32 idx,
			u32 a, u32 b, u32 cx, u32 d)
{
	u32 eax, ebx, ecx, edx;

	vp_cpuid_lookup(c, fn, idx, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ_MSG(test, eax, a, "leaf %x.%x", fn, idx);
	KUNIT_EXPECT_EQ_MSG(test, ebx, b, "leaf %x.%x", fn, idx);
	KUNIT_EXPECT_EQ_MSG(test, ecx, cx, "leaf %x.%x", fn, idx);
	KUNIT_EXPECT_EQ_MSG(test, edx, d, "leaf %x.%x", fn, idx);
}

static void policy_merged(struct kunit *test)
{
	struct vp_cpuid *c = built(test);

	/*
	 * Hypervisor and x2APIC bits set; VMX (ECX 5) and the thermal monitor
	 * (ECX 8 TM2, EDX 22 ACPI, EDX 29 TM: MSRs not emulated) hidden; the
	 * rest as given.
	 */
	expect_leaf(test, c, 1, 0, 0x306c3, 0,
		    (0x7ffaf3bf | BIT(31) | BIT(21)) & ~(BIT(5) | BIT(8)),
		    0xbfebfbff & ~(BIT(22) | BIT(29)));
	expect_hyperv(test, c);
	KUNIT_EXPECT_EQ(test, c->n, (u32)ARRAY_SIZE(sample) + VP_CPUID_HV_LEAVES);
}

static void expect_hyperv(struct kunit *test, struct vp_cpuid *c)
{
	u32 eax, ebx, ecx, edx;

	expect_leaf(test, c, 0x40000000, 0, 0x4000000a, 0x7263694d, 0x666f736f, 0x76482074);
	expect_leaf(test, c, 0x40000001, 0, 0x31237648, 0, 0, 0);	/* "Hv#1" */
	vp_cpuid_lookup(c, 0x40000003, 0, &eax, &ebx, &ecx, &edx);
	/* Linux needs hypercall (bit 5) and VP index (bit 6) ... */
	KUNIT_EXPECT_EQ(test, eax & (BIT(5) | BIT(6)), BIT(5) | BIT(6));
	/* ... and must not see itself as root (EBX bit 12) or isolated (bit 22). */
	KUNIT_EXPECT_EQ(test, ebx & (BIT(12) | BIT(22) | BIT(1)), 0U);
	/* No TSC_INVARIANT: the TSC page must stay the preferred clocksource. */
	KUNIT_EXPECT_EQ(test, eax & BIT(15), 0U);
	/* Guests EOI the VMBus vector themselves (no auto-EOI emulated). */
	vp_cpuid_lookup(c, 0x40000004, 0, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax, VP_HV_DEPRECATING_AEOI);
	/* No KVM signature at 0x40000100: it would win over Hyper-V. */
	expect_leaf(test, c, 0x40000100, 0, 0, 0, 0, 0);
}

static void lookups(struct kunit *test)
{
	struct vp_cpuid *c = built(test);

	expect_leaf(test, c, 7, 0, 0, 0x27ab, 0, 0);
	expect_leaf(test, c, 7, 1, 0x11, 0, 0, 0);
	expect_leaf(test, c, 7, 2, 0, 0, 0, 0);		/* subleaf not offered */
	expect_leaf(test, c, 0, 5, 0xd, 0x756e6547, 0, 0);	/* unindexed: any ECX */
	expect_leaf(test, c, 3, 0, 0, 0, 0, 0);		/* within range, missing */
	expect_leaf(test, c, 0x80000008, 0, 0x3028, 0, 0, 0);
	/* Above the basic or extended maximum: the highest basic leaf (0xd). */
	expect_leaf(test, c, 0xe, 0, 0xdd, 0, 0, 0);
	expect_leaf(test, c, 0x50000000, 0, 0xdd, 0, 0, 0);
	expect_leaf(test, c, 0x80000009, 0, 0xdd, 0, 0, 0);
	/* Above the hypervisor maximum: zeros. */
	expect_leaf(test, c, 0x4000000b, 0, 0, 0, 0, 0);
	expect_leaf(test, c, 0x4fffffff, 0, 0, 0, 0, 0);
}

static void bad_tables_refused(struct kunit *test)
{
	struct vp_cpuid *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct vp_cpuid_entry *many;
	struct vp_cpuid_entry dup[] = {
		{ .function = 7, .index = 0, .flags = VP_CPUID_INDEXED },
		{ .function = 7, .index = 0, .flags = VP_CPUID_INDEXED },
	};
	struct vp_cpuid_entry clash[] = {
		{ .function = 7 },
		{ .function = 7, .index = 3, .flags = VP_CPUID_INDEXED },
	};
	struct vp_cpuid_entry hv[] = { { .function = 0x40000001 } };
	struct vp_cpuid_entry flag[] = { { .function = 1, .flags = 0x2 } };
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	many = kunit_kcalloc(test, VP_CPUID_MAX_ENTRIES + 1, sizeof(*many), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, many);
	for (i = 0; i <= VP_CPUID_MAX_ENTRIES; i++)
		many[i].function = 0x80000000 + i;
	KUNIT_EXPECT_EQ(test, vp_cpuid_build(c, many, VP_CPUID_MAX_ENTRIES + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_cpuid_build(c, dup, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_cpuid_build(c, clash, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_cpuid_build(c, hv, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_cpuid_build(c, flag, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, c->n, 0U);	/* untouched */
	/* The largest table allowed still has room for the hypervisor leaves. */
	KUNIT_EXPECT_EQ(test, vp_cpuid_build(c, many, VP_CPUID_MAX_ENTRIES), 0);
	KUNIT_EXPECT_EQ(test, c->n, VP_CPUID_MAX_ENTRIES + VP_CPUID_HV_LEAVES);
}

static void empty_table(struct kunit *test)
{
	struct vp_cpuid *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, vp_cpuid_build(c, NULL, 0), 0);
	expect_leaf(test, c, 0, 0, 0, 0, 0, 0);
	expect_leaf(test, c, 1, 0, 0, 0, 0, 0);
	expect_hyperv(test, c);
}

static struct kunit_case cpuid_cases[] = {
	KUNIT_CASE(policy_merged),
	KUNIT_CASE(lookups),
	KUNIT_CASE(bad_tables_refused),
	KUNIT_CASE(empty_table),
	{}
};

static struct kunit_suite cpuid_suite = {
	.name = "vpart_hv_cpuid",
	.test_cases = cpuid_cases,
};

kunit_test_suite(cpuid_suite);
