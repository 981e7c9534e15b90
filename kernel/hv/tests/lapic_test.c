// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_hv_lapic: the virtual x2APIC without a VMCS. Interrupt
 * priority (IRR against PPR = max(TPR, in-service class)), EOI order,
 * register access rules, self-IPIs, and the timer's hrtimer in one-shot and
 * periodic mode. A vCPU is a bare struct vp_vcpu here.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <asm/apicdef.h>
#include <asm/msr-index.h>
#include "vpart/compat.h"
#include "vp.h"

#define X2(reg)		(APIC_BASE_MSR + ((reg) >> 4))

static struct vp_vcpu *vcpu(struct kunit *test)
{
	struct vp_vcpu *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	v->cpu = -1;
	init_waitqueue_head(&v->wq);
	v->apic_base = APIC_DEFAULT_PHYS_BASE | MSR_IA32_APICBASE_ENABLE | X2APIC_ENABLE;
	vp_lapic_init(v);
	return v;
}

static u64 rd(struct kunit *test, struct vp_vcpu *v, u32 reg)
{
	u64 val = ~0ULL;

	KUNIT_EXPECT_EQ(test, vp_lapic_msr_get(v, X2(reg), &val), 0);
	return val;
}

static void wr(struct kunit *test, struct vp_vcpu *v, u32 reg, u64 val)
{
	KUNIT_EXPECT_EQ(test, vp_lapic_msr_set(v, X2(reg), val), 0);
}

/* Take what the guest would get next, as the run loop does. */
static int take(struct vp_vcpu *v)
{
	int vec = vp_lapic_pending(v);

	if (vec >= 0)
		vp_lapic_accept(v, vec);
	return vec;
}

static void priority_and_eoi(struct kunit *test)
{
	struct vp_vcpu *v = vcpu(test);

	vp_lapic_deliver(v, 0x31);
	vp_lapic_deliver(v, 0x52);
	vp_lapic_deliver(v, 0x58);
	vp_lapic_deliver(v, 8);			/* illegal: dropped */
	KUNIT_EXPECT_EQ(test, take(v), 0x58);	/* highest first */
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_PROCPRI), 0x50ULL);
	/* Same class as the one in service: waits. */
	KUNIT_EXPECT_EQ(test, take(v), -1);
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_IRR + 0x20) & BIT(0x52 - 0x40), BIT(0x52 - 0x40));
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_ISR + 0x20), (u64)BIT(0x58 - 0x40));
	wr(test, v, APIC_EOI, 0);
	KUNIT_EXPECT_EQ(test, take(v), 0x52);
	/* A higher class nests over the one in service. */
	vp_lapic_deliver(v, 0x90);
	KUNIT_EXPECT_EQ(test, take(v), 0x90);
	wr(test, v, APIC_EOI, 0);		/* ends 0x90, the highest */
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_ISR + 0x20), (u64)BIT(0x52 - 0x40));
	wr(test, v, APIC_EOI, 0);
	KUNIT_EXPECT_EQ(test, take(v), 0x31);
	wr(test, v, APIC_EOI, 0);
	KUNIT_EXPECT_EQ(test, take(v), -1);
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_PROCPRI), 0ULL);
	/* EOI takes only 0. */
	KUNIT_EXPECT_EQ(test, vp_lapic_msr_set(v, X2(APIC_EOI), 1), -EINVAL);
	vp_lapic_destroy(v);
}

static void tpr_blocks_lower_classes(struct kunit *test)
{
	struct vp_vcpu *v = vcpu(test);

	wr(test, v, APIC_TASKPRI, 0x60);
	vp_lapic_deliver(v, 0x61);
	KUNIT_EXPECT_EQ(test, take(v), -1);
	KUNIT_EXPECT_EQ(test, vp_lapic_get_tpr(v), 6U);	/* CR8 view */
	vp_lapic_set_tpr(v, 5);				/* MOV to CR8 */
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_TASKPRI), 0x50ULL);
	KUNIT_EXPECT_EQ(test, take(v), 0x61);
	vp_lapic_destroy(v);
}

static void register_rules(struct kunit *test)
{
	struct vp_vcpu *v = vcpu(test);
	u64 val;

	v->id = 3;
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_ID), 3ULL);
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_LDR), (u64)BIT(3));
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_LVR) & 0xff, 0x14ULL);
	/* Read-only and absent registers #GP on write, reserved high bits too. */
	KUNIT_EXPECT_EQ(test, vp_lapic_msr_set(v, X2(APIC_ID), 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_lapic_msr_set(v, X2(APIC_TASKPRI), 1ULL << 32), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_lapic_msr_get(v, APIC_BASE_MSR + 0x01, &val), -EINVAL);
	/* LVTs come out of reset masked; SVR software-disabled masks them again. */
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_LVTT), (u64)APIC_LVT_MASKED);
	wr(test, v, APIC_SPIV, APIC_SPIV_APIC_ENABLED | 0xff);
	wr(test, v, APIC_LVTT, 0x40);
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_LVTT), 0x40ULL);
	wr(test, v, APIC_SPIV, 0xff);
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_LVTT), 0x40ULL | APIC_LVT_MASKED);
	/* Without x2APIC mode the registers do not exist. */
	v->apic_base &= ~X2APIC_ENABLE;
	KUNIT_EXPECT_EQ(test, vp_lapic_msr_get(v, X2(APIC_ID), &val), -EINVAL);
	vp_lapic_destroy(v);
}

static void self_ipi(struct kunit *test)
{
	struct vp_vcpu *v = vcpu(test);

	wr(test, v, APIC_SELF_IPI, 0x77);
	KUNIT_EXPECT_EQ(test, take(v), 0x77);
	/* An ICR fixed IPI with vector < 16 is an error, not a delivery. */
	wr(test, v, APIC_ICR, APIC_DEST_SELF | 0x05);
	KUNIT_EXPECT_NE(test, rd(test, v, APIC_ESR) & APIC_ESR_SENDILL, 0ULL);
	KUNIT_EXPECT_EQ(test, vp_lapic_msr_set(v, X2(APIC_SELF_IPI), 0x100), -EINVAL);
	vp_lapic_destroy(v);
}

static void timer_one_shot_and_periodic(struct kunit *test)
{
	struct vp_vcpu *v = vcpu(test);
	u64 left;

	wr(test, v, APIC_SPIV, APIC_SPIV_APIC_ENABLED | 0xff);
	wr(test, v, APIC_TDCR, APIC_TDR_DIV_1);
	wr(test, v, APIC_LVTT, 0x41);			/* one-shot */
	wr(test, v, APIC_TMICT, 2000000);		/* 2 ms */
	left = rd(test, v, APIC_TMCCT);
	KUNIT_EXPECT_GT(test, left, 0ULL);
	KUNIT_EXPECT_LE(test, left, 2000000ULL);
	msleep(20);
	KUNIT_EXPECT_EQ(test, take(v), 0x41);
	KUNIT_EXPECT_EQ(test, rd(test, v, APIC_TMCCT), 0ULL);
	wr(test, v, APIC_EOI, 0);
	/* Periodic: fires again after each EOI; a masked LVT stops delivery. */
	wr(test, v, APIC_LVTT, APIC_LVT_TIMER_PERIODIC | 0x42);
	wr(test, v, APIC_TMICT, 1000000);		/* 1 ms */
	msleep(20);
	KUNIT_EXPECT_EQ(test, take(v), 0x42);
	wr(test, v, APIC_EOI, 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, take(v), 0x42);
	wr(test, v, APIC_EOI, 0);
	wr(test, v, APIC_LVTT, APIC_LVT_TIMER_PERIODIC | APIC_LVT_MASKED | 0x42);
	/* One may have come in before the mask: take it, then nothing more. */
	take(v);
	wr(test, v, APIC_EOI, 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, take(v), -1);
	vp_lapic_destroy(v);
}

static struct kunit_case lapic_cases[] = {
	KUNIT_CASE(priority_and_eoi),
	KUNIT_CASE(tpr_blocks_lower_classes),
	KUNIT_CASE(register_rules),
	KUNIT_CASE(self_ipi),
	KUNIT_CASE(timer_one_shot_and_periodic),
	{}
};

static struct kunit_suite lapic_suite = {
	.name = "vpart_hv_lapic",
	.test_cases = lapic_cases,
};

kunit_test_suite(lapic_suite);
