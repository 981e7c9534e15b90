// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_hv_vmx_caps: capability parsing from recorded MSR sets.
 * The reference is Bochs 2.7's corei7_haswell_4770 (vmx-facts 9.3), the CPU
 * the Bochs tests run on; every refusal case is that CPU minus one feature.
 */
#include <kunit/test.h>
#include "vpart/compat.h"
#include <asm/vmx.h>
#include "vmx_caps.h"

static const struct vp_vmx_msrs haswell = {
	.feature_control = 0x5,
	.basic = 0x00d810000000002bULL,
	.pinbased = 0x0000007f00000016ULL,
	.procbased = 0xf7f9fffe0401e172ULL,
	.exit = 0x007fffff00036dffULL,
	.entry = 0x0000ffff000011ffULL,
	.misc = 0x200401e0ULL,
	.procbased2 = 0x00047fff00000000ULL,
	.ept_vpid = 0x00000f0106334141ULL,
	.true_pinbased = 0x0000007f00000016ULL,
	.true_procbased = 0xf7f9fffe04006172ULL,
	.true_exit = 0x007fffff00036dfbULL,
	.true_entry = 0x0000ffff000011fbULL,
};

static void haswell_accepted(struct kunit *test)
{
	struct vp_vmx_caps c;
	const char *why = NULL;

	KUNIT_ASSERT_EQ(test, vp_vmx_parse_caps(&haswell, &c, &why), 0);
	KUNIT_EXPECT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, c.revision, 0x2bU);
	KUNIT_EXPECT_EQ(test, c.vmcs_size, 4096U);
	KUNIT_EXPECT_TRUE(test, c.true_ctls);
	KUNIT_EXPECT_TRUE(test, c.ept_2m);
	KUNIT_EXPECT_TRUE(test, c.ept_1g);
	KUNIT_EXPECT_TRUE(test, c.ept_ad);
	KUNIT_EXPECT_TRUE(test, c.preemption_timer);
	KUNIT_EXPECT_EQ(test, c.proc_cap, haswell.true_procbased);
	KUNIT_EXPECT_EQ(test, c.proc2_cap, haswell.procbased2);
}

/* Each case: the haswell set with one field changed, and the refusal named. */
static const struct refusal {
	const char *desc;
	size_t off;
	u64 value;
	const char *why;
} refusals[] = {
#define R(d, f, v, w) { d, offsetof(struct vp_vmx_msrs, f), v, w }
	R("no EPT", procbased2, 0x00047ffdULL << 32, "EPT"),
	R("no VPID", procbased2, 0x00047fdfULL << 32, "VPID"),
	R("no unrestricted guest", procbased2, 0x00047f7fULL << 32,
	  "unrestricted guest"),
	R("no secondary controls", true_procbased, 0x77f9fffe04006172ULL,
	  "secondary controls"),
	R("no I/O bitmaps", true_procbased, 0xf5f9fffe04006172ULL, "I/O bitmaps"),
	R("no EFER load on entry", true_entry, 0x00007fff000011fbULL,
	  "EFER load on entry"),
	R("VMCS larger than a page", basic, 0x00d820000000002bULL,
	  "VMCS region larger than a page"),
	R("VMCS uncached", basic, 0x00c010000000002bULL,
	  "VMCS memory type is not write-back"),
	R("32-bit VMX addresses", basic, 0x00d910000000002bULL,
	  "VMX structures limited to 32-bit addresses"),
	R("no 4-level EPT", ept_vpid, 0x00000f0106334101ULL, "4-level write-back EPT"),
	R("no all-context INVEPT", ept_vpid, 0x00000f0102334141ULL,
	  "INVEPT (single and all context)"),
	R("no INVVPID", ept_vpid, 0x00000f0006334141ULL, "INVVPID (single context)"),
#undef R
};

static void refusals_named(struct kunit *test)
{
	struct vp_vmx_msrs m;
	struct vp_vmx_caps c;
	const char *why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		m = haswell;
		*(u64 *)((u8 *)&m + refusals[i].off) = refusals[i].value;
		why = NULL;
		KUNIT_EXPECT_EQ_MSG(test, vp_vmx_parse_caps(&m, &c, &why),
				    -EOPNOTSUPP, "%s", refusals[i].desc);
		KUNIT_EXPECT_STREQ_MSG(test, why ? why : "(none)", refusals[i].why,
				       "%s", refusals[i].desc);
	}
}

static void legacy_msrs_without_true_ctls(struct kunit *test)
{
	struct vp_vmx_msrs m = haswell;
	struct vp_vmx_caps c;
	const char *why = NULL;

	/* Without bit 55 the TRUE_* MSRs do not exist: they must not be used. */
	m.basic &= ~(1ULL << 55);
	m.true_pinbased = m.true_procbased = m.true_exit = m.true_entry = 0;
	KUNIT_ASSERT_EQ(test, vp_vmx_parse_caps(&m, &c, &why), 0);
	KUNIT_EXPECT_FALSE(test, c.true_ctls);
	KUNIT_EXPECT_EQ(test, c.exit_cap, haswell.exit);
}

static void feature_control(struct kunit *test)
{
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, vp_vmx_check_feature_control(0x5, &why), 0);
	KUNIT_EXPECT_EQ(test, vp_vmx_check_feature_control(0x1, &why), -EPERM);
	KUNIT_EXPECT_STREQ(test, why, "VMX is disabled by the firmware");
	KUNIT_EXPECT_EQ(test, vp_vmx_check_feature_control(0x3, &why), -EPERM);
	KUNIT_EXPECT_EQ(test, vp_vmx_check_feature_control(0x4, &why), -EPERM);
	KUNIT_EXPECT_STREQ(test, why, "IA32_FEATURE_CONTROL is not locked");
}

static void control_values(struct kunit *test)
{
	u32 need = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
		   CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	u32 v;

	/* TRUE_PROCBASED lets CR3-load/store exiting go; the old MSR forces them. */
	KUNIT_ASSERT_EQ(test, vp_vmx_ctl_value(haswell.true_procbased, need, 0, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x04006172U | need);
	KUNIT_EXPECT_EQ(test, v & CPU_BASED_CR3_LOAD_EXITING, 0U);
	KUNIT_ASSERT_EQ(test, vp_vmx_ctl_value(haswell.procbased, need, 0, &v), 0);
	KUNIT_EXPECT_NE(test, v & CPU_BASED_CR3_LOAD_EXITING, 0U);
	/* Bochs 2.7 has no monitor trap flag: optional drops it, required refuses. */
	KUNIT_ASSERT_EQ(test, vp_vmx_ctl_value(haswell.true_procbased, need,
					       CPU_BASED_MONITOR_TRAP_FLAG, &v), 0);
	KUNIT_EXPECT_EQ(test, v & CPU_BASED_MONITOR_TRAP_FLAG, 0U);
	KUNIT_EXPECT_EQ(test, vp_vmx_ctl_value(haswell.true_procbased,
					       need | CPU_BASED_MONITOR_TRAP_FLAG, 0, &v),
			-EOPNOTSUPP);
	/* A capability whose must-be-1 bit may not be 1 is refused. */
	KUNIT_EXPECT_EQ(test, vp_vmx_ctl_value(0x0000000100000002ULL, 0, 0, &v),
			-EOPNOTSUPP);
	KUNIT_ASSERT_EQ(test, vp_vmx_ctl_value(haswell.procbased2,
					       SECONDARY_EXEC_ENABLE_EPT, 0, &v), 0);
	KUNIT_EXPECT_EQ(test, v, SECONDARY_EXEC_ENABLE_EPT);
}

static struct kunit_case vmx_caps_cases[] = {
	KUNIT_CASE(control_values),
	KUNIT_CASE(haswell_accepted),
	KUNIT_CASE(refusals_named),
	KUNIT_CASE(legacy_msrs_without_true_ctls),
	KUNIT_CASE(feature_control),
	{}
};

static struct kunit_suite vmx_caps_suite = {
	.name = "vpart_hv_vmx_caps",
	.test_cases = vmx_caps_cases,
};

kunit_test_suite(vmx_caps_suite);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
