// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_hv_msr: the MSR bitmap. Only MSRs the CPU switches or
 * vpart loads around guest execution may reach the hardware; the bitmap is
 * read back byte by byte, as the SDM lays it out, not as msr.c writes it.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <asm/msr-index.h>
#include "vpart/compat.h"
#include "vp.h"

/* SDM: read-low at 0, read-high at 1 KiB, write-low at 2 KiB, write-high at 3 KiB. */
static bool exits(const u8 *bitmap, u32 msr, bool write)
{
	unsigned int base = (msr >= 0xc0000000 ? 1024 : 0) + (write ? 2048 : 0);
	unsigned int n = msr & 0x1fff;

	return (bitmap[base + n / 8] >> (n % 8)) & 1;
}

static const u32 direct[] = {
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_STAR, MSR_LSTAR,
	MSR_CSTAR, MSR_SYSCALL_MASK, MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP,
	MSR_IA32_SYSENTER_EIP,
};

static const u32 intercepted[] = {
	MSR_IA32_TSC, MSR_IA32_APICBASE, MSR_IA32_FEAT_CTL, MSR_IA32_CR_PAT,
	MSR_EFER, MSR_TSC_AUX, MSR_IA32_SPEC_CTRL, MSR_IA32_MISC_ENABLE,
	0x82,		/* LSTAR's low-range twin must not be let through */
	0x100, 0x1fff, 0xc0001fff, 0x800, 0x6e0,
};

static void passthrough_only_where_switched(struct kunit *test)
{
	u8 *bm = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, bm);
	vp_msr_bitmap_init(bm);
	for (i = 0; i < ARRAY_SIZE(direct); i++) {
		KUNIT_EXPECT_FALSE_MSG(test, exits(bm, direct[i], false), "rdmsr %x", direct[i]);
		KUNIT_EXPECT_FALSE_MSG(test, exits(bm, direct[i], true), "wrmsr %x", direct[i]);
	}
	for (i = 0; i < ARRAY_SIZE(intercepted); i++) {
		KUNIT_EXPECT_TRUE_MSG(test, exits(bm, intercepted[i], false), "rdmsr %x",
				      intercepted[i]);
		KUNIT_EXPECT_TRUE_MSG(test, exits(bm, intercepted[i], true), "wrmsr %x",
				      intercepted[i]);
	}
}

/* Everything else: exactly the listed MSRs are direct, no stray bit. */
static void no_other_holes(struct kunit *test)
{
	u8 *bm = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	unsigned int holes = 0, i;

	KUNIT_ASSERT_NOT_NULL(test, bm);
	vp_msr_bitmap_init(bm);
	for (i = 0; i < PAGE_SIZE * 8; i++)
		holes += !((bm[i / 8] >> (i % 8)) & 1);
	/* One read and one write bit per direct MSR. */
	KUNIT_EXPECT_EQ(test, holes, 2 * ARRAY_SIZE(direct));
}

static struct kunit_case msr_cases[] = {
	KUNIT_CASE(passthrough_only_where_switched),
	KUNIT_CASE(no_other_holes),
	{}
};

static struct kunit_suite msr_suite = {
	.name = "vpart_hv_msr",
	.test_cases = msr_cases,
};

kunit_test_suite(msr_suite);
