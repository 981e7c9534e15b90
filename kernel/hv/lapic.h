/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual local APIC of a vCPU (lapic.c): x2APIC registers through MSR
 * exits, the timer on an hrtimer, IPIs including INIT/SIPI. The xAPIC MMIO
 * page is not emulated: the launcher enables x2APIC before the guest runs.
 */
#ifndef _VPART_HV_LAPIC_H
#define _VPART_HV_LAPIC_H

#include <linux/bitops.h>
#include <linux/hrtimer.h>
#include <linux/types.h>

struct vp_vcpu;

enum { VP_LVT_TIMER, VP_LVT_THERMAL, VP_LVT_PERF, VP_LVT_LINT0, VP_LVT_LINT1,
	VP_LVT_ERROR, VP_NR_LVT };

/* The LAPIC timer counts at this rate before the divider (1 tick = 1 ns). */
#define VP_LAPIC_HZ		1000000000ULL
/* Shortest periodic timer a guest gets: a 1-tick period would pin a CPU. */
#define VP_LAPIC_MIN_PERIOD_NS	100000

struct vp_lapic {
	unsigned long irr[BITS_TO_LONGS(256)];	/* set from any context */
	unsigned long isr[BITS_TO_LONGS(256)];	/* the vCPU thread's */
	u32 tpr, svr, esr;
	u32 lvt[VP_NR_LVT];
	u32 tmict, tdcr;
	u64 tsc_deadline;			/* guest TSC, 0 = disarmed */
	u64 period_ns;				/* periodic mode, else 0 */
	struct hrtimer timer;
};

/* Events other vCPUs post to a vCPU (vp_vcpu.events). */
enum { VP_EV_INIT, VP_EV_SIPI };

void vp_lapic_init(struct vp_vcpu *v);
void vp_lapic_reset(struct vp_vcpu *v);
void vp_lapic_destroy(struct vp_vcpu *v);
/* Highest vector the guest may take now, or -1. vCPU thread only. */
int vp_lapic_pending(struct vp_vcpu *v);
/* The vector was injected: IRR -> ISR. */
void vp_lapic_accept(struct vp_vcpu *v, int vec);
/* Queue a fixed interrupt and make the vCPU notice it. Any context. */
void vp_lapic_deliver(struct vp_vcpu *v, u8 vec);
void vp_vcpu_kick(struct vp_vcpu *v);
bool vp_lapic_x2apic_msr(u32 index);
int vp_lapic_msr_get(struct vp_vcpu *v, u32 index, u64 *val);
int vp_lapic_msr_set(struct vp_vcpu *v, u32 index, u64 val);
u32 vp_lapic_get_tpr(struct vp_vcpu *v);	/* CR8 view: TPR[7:4] */
void vp_lapic_set_tpr(struct vp_vcpu *v, u32 cr8);

#endif /* _VPART_HV_LAPIC_H */
