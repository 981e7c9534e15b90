// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_hv_ept: the EPT builder on ordinary pages (no VMX).
 * Host addresses here are never dereferenced, so made-up ones do.
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/mm.h>
#include "vpart/compat.h"
#include "ept.h"

#define RW	(VP_EPT_READ | VP_EPT_WRITE)
#define RWX	(RW | VP_EPT_EXEC)

static struct vp_ept *ept_new(struct kunit *test)
{
	struct vp_ept *ept = kunit_kzalloc(test, sizeof(*ept), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ept);
	KUNIT_ASSERT_EQ(test, vp_ept_init(ept), 0);
	return ept;
}

static void expect_mapped(struct kunit *test, struct vp_ept *ept, u64 gpa,
			  u64 want_hpa, unsigned int want_prot)
{
	unsigned int prot;
	u64 hpa;

	KUNIT_ASSERT_EQ_MSG(test, vp_ept_lookup(ept, gpa, &hpa, &prot), 0, "gpa %llx", gpa);
	KUNIT_EXPECT_EQ_MSG(test, hpa, want_hpa, "gpa %llx", gpa);
	KUNIT_EXPECT_EQ_MSG(test, prot, want_prot, "gpa %llx", gpa);
}

static void expect_unmapped(struct kunit *test, struct vp_ept *ept, u64 gpa)
{
	unsigned int prot;
	u64 hpa;

	KUNIT_EXPECT_EQ_MSG(test, vp_ept_lookup(ept, gpa, &hpa, &prot), -ENOENT,
			    "gpa %llx", gpa);
}

static void map_and_lookup(struct kunit *test)
{
	struct vp_ept *ept = ept_new(test);

	KUNIT_EXPECT_EQ(test, ept->tables, 1UL);
	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, 0x1000, 0x12345000, 0x3000, RWX), 0);
	expect_mapped(test, ept, 0x1000, 0x12345000, RWX);
	expect_mapped(test, ept, 0x2abc, 0x12346abc, RWX);
	expect_mapped(test, ept, 0x3fff, 0x12347fff, RWX);
	expect_unmapped(test, ept, 0x0);
	expect_unmapped(test, ept, 0x4000);
	expect_unmapped(test, ept, 0x40000000);
	expect_unmapped(test, ept, ~0ULL);
	/* root + PDPT + PD + PT */
	KUNIT_EXPECT_EQ(test, ept->tables, 4UL);
	vp_ept_destroy(ept);
	KUNIT_EXPECT_EQ(test, ept->tables, 0UL);
}

static void read_only_slot(struct kunit *test)
{
	struct vp_ept *ept = ept_new(test);

	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, 0xfff00000, 0x80000000, 0x100000,
					 VP_EPT_READ | VP_EPT_EXEC), 0);
	expect_mapped(test, ept, 0xfff80000, 0x80080000, VP_EPT_READ | VP_EPT_EXEC);
	vp_ept_destroy(ept);
}

/* A conflict leaves neither the new range nor a change to the old one. */
static void overlap_refused_whole(struct kunit *test)
{
	struct vp_ept *ept = ept_new(test);

	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, 0x1000, 0xa000, 0x1000, RW), 0);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x0, 0x50000, 0x3000, RW), -EEXIST);
	expect_unmapped(test, ept, 0x0);
	expect_unmapped(test, ept, 0x2000);
	expect_mapped(test, ept, 0x1000, 0xa000, RW);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 0x50000, 0x1000, RW), -EEXIST);
	expect_mapped(test, ept, 0x1000, 0xa000, RW);
	vp_ept_destroy(ept);
}

static void bad_requests_refused(struct kunit *test)
{
	struct vp_ept *ept = ept_new(test);

	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1001, 0x1000, 0x1000, RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 0x1800, 0x1000, RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 0x1000, 0x800, RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 0x1000, 0, RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 0x1000, 0x1000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 0x1000, 0x1000, VP_EPT_WRITE), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 0x1000, 0x1000, 0x8 | RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, VP_EPT_GPA_LIMIT, 0x1000, 0x1000, RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, VP_EPT_GPA_LIMIT - 0x1000, 0x1000, 0x2000, RW),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, ~0xfffULL, 0x1000, 0x2000, RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ept_map(ept, 0x1000, 1ULL << 52, 0x1000, RW), -EINVAL);
	KUNIT_EXPECT_EQ(test, ept->tables, 1UL);
	vp_ept_destroy(ept);
}

static void boundaries_and_top(struct kunit *test)
{
	struct vp_ept *ept = ept_new(test);

	/* Across a 1 GiB boundary: two PDs and two PTs. */
	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, 0x3ffff000, 0x7000, 0x2000, RW), 0);
	expect_mapped(test, ept, 0x3ffff000, 0x7000, RW);
	expect_mapped(test, ept, 0x40000000, 0x8000, RW);
	KUNIT_EXPECT_EQ(test, ept->tables, 6UL);
	/* The last page a 4-level table can map. */
	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, VP_EPT_GPA_LIMIT - 0x1000, 0x9000, 0x1000, RW), 0);
	expect_mapped(test, ept, VP_EPT_GPA_LIMIT - 1, 0x9fff, RW);
	vp_ept_destroy(ept);
}

static void unmap_leaves_holes(struct kunit *test)
{
	struct vp_ept *ept = ept_new(test);

	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, 0x100000, 0x200000, 0x4000, RW), 0);
	vp_ept_unmap(ept, 0x101000, 0x2000);
	expect_mapped(test, ept, 0x100000, 0x200000, RW);
	expect_unmapped(test, ept, 0x101000);
	expect_unmapped(test, ept, 0x102000);
	expect_mapped(test, ept, 0x103000, 0x203000, RW);
	/* Unmapping holes and never-built tables is harmless. */
	vp_ept_unmap(ept, 0x0, 0x200000);
	vp_ept_unmap(ept, 0x7f0000000000, 0x1000);
	expect_unmapped(test, ept, 0x100000);
	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, 0x101000, 0x301000, 0x1000, RWX), 0);
	expect_mapped(test, ept, 0x101000, 0x301000, RWX);
	vp_ept_destroy(ept);
}

static void entry_and_pointer_format(struct kunit *test)
{
	struct vp_ept *ept = ept_new(test);
	u64 *t, eptp;
	int level;

	KUNIT_ASSERT_EQ(test, vp_ept_map(ept, 0x1000, 0x5000, 0x1000, VP_EPT_READ), 0);
	t = page_address(ept->root);
	for (level = 3; level > 0; level--) {
		KUNIT_EXPECT_EQ(test, t[0] & 0xfff, 0x7ULL);	/* RWX, no type */
		t = page_address(pfn_to_page(t[0] >> PAGE_SHIFT));
	}
	/* Leaf: read-only, write-back (6 << 3), IPAT clear. */
	KUNIT_EXPECT_EQ(test, t[1], 0x5000ULL | (6 << 3) | VP_EPT_READ);
	eptp = vp_ept_pointer(ept, false);
	KUNIT_EXPECT_EQ(test, eptp & ~PAGE_MASK, 0x1eULL);	/* WB | 4-level */
	KUNIT_EXPECT_EQ(test, eptp & PAGE_MASK, (u64)page_to_phys(ept->root));
	KUNIT_EXPECT_EQ(test, vp_ept_pointer(ept, true) & ~PAGE_MASK, 0x5eULL);
	vp_ept_destroy(ept);
}

static struct kunit_case ept_cases[] = {
	KUNIT_CASE(map_and_lookup),
	KUNIT_CASE(read_only_slot),
	KUNIT_CASE(overlap_refused_whole),
	KUNIT_CASE(bad_requests_refused),
	KUNIT_CASE(boundaries_and_top),
	KUNIT_CASE(unmap_leaves_holes),
	KUNIT_CASE(entry_and_pointer_format),
	{}
};

static struct kunit_suite ept_suite = {
	.name = "vpart_hv_ept",
	.test_cases = ept_cases,
};

kunit_test_suite(ept_suite);
