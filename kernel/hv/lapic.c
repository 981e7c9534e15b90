// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual local APIC in x2APIC mode. Registers are MSRs 0x800-0x8ff, so a
 * WRMSR exit carries everything: no instruction decoding, no MMIO page.
 *
 * IRR bits are set from any context (other vCPUs' IPIs, the timer's
 * hrtimer, userspace's INTERRUPT ioctl) with atomic bitops; ISR, TPR and
 * the rest belong to the vCPU's own thread. Whoever sets an IRR bit kicks
 * the vCPU: a wake-up when it sleeps in HLT, an IPI when it is in the guest
 * (the VM exit then lets the run loop inject).
 */
#include <linux/math64.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <asm/apicdef.h>
#include <asm/msr-index.h>
#include <asm/tsc.h>
#include <asm/vmx.h>
#include <kunit/visibility.h>
#include "vmx_ops.h"
#include "vp.h"

#define X2APIC_MSR(reg)		(APIC_BASE_MSR + ((reg) >> 4))
#define LAPIC_VERSION		(0x14 | ((VP_NR_LVT - 1) << 16))
#define APIC_LVT_TIMER_MASK	(3 << 17)

static int vp_highest(const unsigned long *bits)
{
	unsigned long n = find_last_bit(bits, 256);

	return n < 256 ? n : -1;
}

static u32 vp_ppr(struct vp_lapic *l)
{
	int isrv = vp_highest(l->isr);

	if (isrv < 0 || (l->tpr & 0xf0) >= (isrv & 0xf0))
		return l->tpr & 0xff;
	return isrv & 0xf0;
}

int vp_lapic_pending(struct vp_vcpu *v)
{
	struct vp_lapic *l = &v->lapic;
	int irrv = vp_highest(l->irr);

	if (irrv < 0 || (irrv & 0xf0) <= (vp_ppr(l) & 0xf0))
		return -1;
	return irrv;
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_pending);

void vp_lapic_accept(struct vp_vcpu *v, int vec)
{
	clear_bit(vec, v->lapic.irr);
	__set_bit(vec, v->lapic.isr);
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_accept);

void vp_vcpu_kick(struct vp_vcpu *v)
{
	int cpu, me;

	/* The bit is visible before the sleeper or the exit path looks. */
	smp_mb__after_atomic();
	wake_up_interruptible(&v->wq);
	me = get_cpu();
	cpu = READ_ONCE(v->cpu);
	if (cpu >= 0 && cpu != me && cpu_online(cpu))
		smp_send_reschedule(cpu);
	put_cpu();
}

void vp_lapic_deliver(struct vp_vcpu *v, u8 vec)
{
	if (vec < 16)
		return;		/* illegal for fixed delivery */
	set_bit(vec, v->lapic.irr);
	vp_vcpu_kick(v);
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_deliver);

static bool vp_lapic_sw_enabled(struct vp_lapic *l)
{
	return l->svr & APIC_SPIV_APIC_ENABLED;
}

static enum hrtimer_restart vp_lapic_timer_fn(struct hrtimer *t)
{
	struct vp_lapic *l = container_of(t, struct vp_lapic, timer);
	struct vp_vcpu *v = container_of(l, struct vp_vcpu, lapic);
	u32 lvt = READ_ONCE(l->lvt[VP_LVT_TIMER]);

	if (!(lvt & APIC_LVT_MASKED) && vp_lapic_sw_enabled(l))
		vp_lapic_deliver(v, lvt & APIC_VECTOR_MASK);
	if (l->period_ns) {
		hrtimer_forward_now(t, ns_to_ktime(l->period_ns));
		return HRTIMER_RESTART;
	}
	WRITE_ONCE(l->tsc_deadline, 0);
	return HRTIMER_NORESTART;
}

static u32 vp_timer_mode(struct vp_lapic *l)
{
	return l->lvt[VP_LVT_TIMER] & APIC_LVT_TIMER_MASK;
}

static unsigned int vp_timer_divisor(struct vp_lapic *l)
{
	unsigned int v = (l->tdcr & 3) | ((l->tdcr & 8) >> 1);

	return v == 7 ? 1 : 2 << v;
}

static void vp_timer_stop(struct vp_lapic *l)
{
	hrtimer_cancel(&l->timer);
	l->period_ns = 0;
}

/* One-shot and periodic modes: TMICT ticks at VP_LAPIC_HZ / divisor. */
static void vp_timer_start_count(struct vp_lapic *l)
{
	u64 ns;

	vp_timer_stop(l);
	if (!l->tmict || vp_timer_mode(l) == APIC_LVT_TIMER_TSCDEADLINE)
		return;
	ns = (u64)l->tmict * vp_timer_divisor(l);
	if (vp_timer_mode(l) == APIC_LVT_TIMER_PERIODIC)
		l->period_ns = ns = max_t(u64, ns, VP_LAPIC_MIN_PERIOD_NS);
	hrtimer_start(&l->timer, ns_to_ktime(ns), HRTIMER_MODE_REL_HARD);
}

static u64 vp_guest_tsc(void)
{
	return rdtsc() + vp_vmread(TSC_OFFSET);
}

static void vp_timer_start_deadline(struct vp_vcpu *v, u64 deadline)
{
	struct vp_lapic *l = &v->lapic;
	u64 now = vp_guest_tsc(), ns = 0;

	vp_timer_stop(l);
	l->tsc_deadline = deadline;
	if (!deadline || vp_timer_mode(l) != APIC_LVT_TIMER_TSCDEADLINE)
		return;
	/*
	 * The guest picks the deadline: beyond 2^32 ms (49 days) it means
	 * "never" here, which also keeps mulq/divq below from overflowing.
	 */
	if (deadline > now && deadline - now >= (u64)tsc_khz << 32)
		ns = KTIME_MAX;
	else if (deadline > now)
		ns = mul_u64_u32_div(deadline - now, 1000000, tsc_khz);
	hrtimer_start(&l->timer, ns_to_ktime(ns), HRTIMER_MODE_REL_HARD);
}

static u32 vp_timer_current(struct vp_lapic *l)
{
	s64 left;

	if (vp_timer_mode(l) == APIC_LVT_TIMER_TSCDEADLINE || !hrtimer_active(&l->timer))
		return 0;
	left = ktime_to_ns(hrtimer_get_remaining(&l->timer));
	if (left <= 0)
		return 0;
	return min_t(u64, div_u64(left, vp_timer_divisor(l)), l->tmict);
}

static u32 vp_ldr(u32 id)
{
	return (id >> 4) << 16 | BIT(id & 0xf);
}

static bool vp_icr_match(struct vp_vcpu *src, struct vp_vcpu *t, u32 shorthand,
			 u32 dest, bool logical)
{
	switch (shorthand) {
	case APIC_DEST_SELF >> 18:
		return t == src;
	case APIC_DEST_ALLINC >> 18:
		return true;
	case APIC_DEST_ALLBUT >> 18:
		return t != src;
	}
	if (logical)
		return (vp_ldr(t->id) >> 16) == (dest >> 16) &&
		       (vp_ldr(t->id) & dest & 0xffff);
	return dest == 0xffffffff || dest == t->id;
}

static void vp_icr_send(struct vp_vcpu *src, struct vp_vcpu *t, u32 mode, u8 vec, u64 icr)
{
	switch (mode) {
	case APIC_DM_FIXED:
	case APIC_DM_LOWEST:
		vp_lapic_deliver(t, vec);
		break;
	case APIC_DM_INIT:
		/* The level-deassert INIT of the MP start-up sequence is a no-op. */
		if (!(icr & APIC_INT_ASSERT) && (icr & APIC_INT_LEVELTRIG))
			break;
		set_bit(VP_EV_INIT, &t->events);
		vp_vcpu_kick(t);
		break;
	case APIC_DM_STARTUP:
		WRITE_ONCE(t->sipi_vector, vec);
		smp_wmb();	/* vector before the event bit */
		set_bit(VP_EV_SIPI, &t->events);
		vp_vcpu_kick(t);
		break;
	default:
		pr_warn_ratelimited("vpart: vCPU %u: IPI delivery mode %u not supported, dropped\n",
				    src->id, mode >> 8);
	}
}

static void vp_icr_write(struct vp_vcpu *v, u64 icr)
{
	struct vp_partition *p = v->p;
	u32 mode = icr & APIC_DM_EXTINT, shorthand = (icr >> 18) & 3;
	u32 dest = icr >> 32;
	u8 vec = icr & APIC_VECTOR_MASK;
	bool logical = icr & APIC_DEST_LOGICAL;
	struct vp_vcpu *t;
	int i;

	if ((mode == APIC_DM_FIXED || mode == APIC_DM_LOWEST) && vec < 16) {
		v->lapic.esr |= APIC_ESR_SENDILL;
		return;
	}
	rcu_read_lock();
	for (i = 0; i < VPART_MAX_VCPUS; i++) {
		t = rcu_dereference(p->vcpus[i]);
		if (!t || !vp_icr_match(v, t, shorthand, dest, logical))
			continue;
		vp_icr_send(v, t, mode, vec, icr);
		if (mode == APIC_DM_LOWEST)
			break;	/* the first match is as low as any */
	}
	rcu_read_unlock();
}

bool vp_lapic_x2apic_msr(u32 index)
{
	return index >= APIC_BASE_MSR && index <= APIC_BASE_MSR + 0xff;
}

static bool vp_x2apic_on(struct vp_vcpu *v)
{
	return (v->apic_base & (MSR_IA32_APICBASE_ENABLE | X2APIC_ENABLE)) ==
	       (MSR_IA32_APICBASE_ENABLE | X2APIC_ENABLE);
}

static int vp_lvt_index(u32 reg)
{
	switch (reg) {
	case APIC_LVTT: return VP_LVT_TIMER;
	case APIC_LVTTHMR: return VP_LVT_THERMAL;
	case APIC_LVTPC: return VP_LVT_PERF;
	case APIC_LVT0: return VP_LVT_LINT0;
	case APIC_LVT1: return VP_LVT_LINT1;
	case APIC_LVTERR: return VP_LVT_ERROR;
	}
	return -1;
}

/* Return: 0, or -EINVAL for #GP (x2APIC off, no such register). */
int vp_lapic_msr_get(struct vp_vcpu *v, u32 index, u64 *val)
{
	struct vp_lapic *l = &v->lapic;
	u32 reg = (index - APIC_BASE_MSR) << 4;
	int lvt = vp_lvt_index(reg);

	if (index == MSR_IA32_TSC_DEADLINE) {
		*val = vp_timer_mode(l) == APIC_LVT_TIMER_TSCDEADLINE ?
		       READ_ONCE(l->tsc_deadline) : 0;
		return 0;
	}
	if (!vp_x2apic_on(v))
		return -EINVAL;
	if (lvt >= 0) {
		*val = l->lvt[lvt];
		return 0;
	}
	if (reg >= APIC_ISR && reg < APIC_ISR + 0x80) {
		*val = ((u32 *)l->isr)[(reg - APIC_ISR) >> 4];
		return 0;
	}
	if (reg >= APIC_IRR && reg < APIC_IRR + 0x80) {
		*val = READ_ONCE(((u32 *)l->irr)[(reg - APIC_IRR) >> 4]);
		return 0;
	}
	if (reg >= APIC_TMR && reg < APIC_TMR + 0x80) {
		*val = 0;	/* every interrupt is edge-triggered */
		return 0;
	}
	switch (reg) {
	case APIC_ID:
		*val = v->id;
		return 0;
	case APIC_LVR:
		*val = LAPIC_VERSION;
		return 0;
	case APIC_TASKPRI:
		*val = l->tpr;
		return 0;
	case APIC_PROCPRI:
		*val = vp_ppr(l);
		return 0;
	case APIC_LDR:
		*val = vp_ldr(v->id);
		return 0;
	case APIC_SPIV:
		*val = l->svr;
		return 0;
	case APIC_ESR:
		*val = l->esr;
		return 0;
	case APIC_ICR:
		*val = 0;	/* delivery is immediate: never busy */
		return 0;
	case APIC_TMICT:
		*val = l->tmict;
		return 0;
	case APIC_TMCCT:
		*val = vp_timer_current(l);
		return 0;
	case APIC_TDCR:
		*val = l->tdcr;
		return 0;
	}
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_msr_get);

static void vp_lapic_set_svr(struct vp_lapic *l, u32 val)
{
	int i;

	l->svr = val & (APIC_SPIV_APIC_ENABLED | APIC_VECTOR_MASK);
	if (!vp_lapic_sw_enabled(l)) {
		/* Software disable masks every LVT entry. */
		for (i = 0; i < VP_NR_LVT; i++)
			l->lvt[i] |= APIC_LVT_MASKED;
		vp_timer_stop(l);
	}
}

static void vp_lapic_set_lvt(struct vp_vcpu *v, int lvt, u32 val)
{
	struct vp_lapic *l = &v->lapic;
	u32 old = l->lvt[lvt];

	if (lvt == VP_LVT_TIMER)
		val &= APIC_LVT_TIMER_MASK | APIC_LVT_MASKED | APIC_VECTOR_MASK;
	else if (lvt == VP_LVT_LINT0 || lvt == VP_LVT_LINT1)
		val &= 0x1a7ff;		/* remote IRR is read-only */
	else
		val &= APIC_LVT_MASKED | 0x7ff;
	if (!vp_lapic_sw_enabled(l))
		val |= APIC_LVT_MASKED;
	WRITE_ONCE(l->lvt[lvt], val);
	/* A mode change stops the timer (SDM: TMICT/deadline are rearmed). */
	if (lvt == VP_LVT_TIMER && ((old ^ val) & APIC_LVT_TIMER_MASK)) {
		vp_timer_stop(l);
		l->tmict = 0;
		l->tsc_deadline = 0;
	}
}

int vp_lapic_msr_set(struct vp_vcpu *v, u32 index, u64 val)
{
	struct vp_lapic *l = &v->lapic;
	u32 reg = (index - APIC_BASE_MSR) << 4;
	int lvt = vp_lvt_index(reg);

	if (index == MSR_IA32_TSC_DEADLINE) {
		if (vp_timer_mode(l) == APIC_LVT_TIMER_TSCDEADLINE)
			vp_timer_start_deadline(v, val);
		return 0;
	}
	if (!vp_x2apic_on(v))
		return -EINVAL;
	if (reg != APIC_ICR && (val >> 32))
		return -EINVAL;
	if (lvt >= 0) {
		vp_lapic_set_lvt(v, lvt, val);
		return 0;
	}
	switch (reg) {
	case APIC_TASKPRI:
		l->tpr = val & 0xff;
		return 0;
	case APIC_EOI: {
		int isrv = vp_highest(l->isr);

		if (val)
			return -EINVAL;
		if (isrv >= 0)
			__clear_bit(isrv, l->isr);
		return 0;
	}
	case APIC_SPIV:
		vp_lapic_set_svr(l, val);
		return 0;
	case APIC_ESR:
		if (val)
			return -EINVAL;
		l->esr = 0;
		return 0;
	case APIC_ICR:
		vp_icr_write(v, val);
		return 0;
	case APIC_TMICT:
		l->tmict = val;
		vp_timer_start_count(l);
		return 0;
	case APIC_TDCR:
		l->tdcr = val & 0xb;
		return 0;
	case APIC_SELF_IPI:
		if (val > 0xff)
			return -EINVAL;
		vp_lapic_deliver(v, val);
		return 0;
	}
	return -EINVAL;		/* read-only or absent */
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_msr_set);

u32 vp_lapic_get_tpr(struct vp_vcpu *v)
{
	return (v->lapic.tpr >> 4) & 0xf;
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_get_tpr);

void vp_lapic_set_tpr(struct vp_vcpu *v, u32 cr8)
{
	v->lapic.tpr = (cr8 & 0xf) << 4;
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_set_tpr);

/* Power-on and INIT state (the APIC base MSR is not touched by INIT). */
void vp_lapic_reset(struct vp_vcpu *v)
{
	struct vp_lapic *l = &v->lapic;
	int i;

	vp_timer_stop(l);
	bitmap_zero(l->irr, 256);
	bitmap_zero(l->isr, 256);
	l->tpr = 0;
	l->svr = 0xff;
	l->esr = 0;
	l->tmict = 0;
	l->tdcr = 0;
	l->tsc_deadline = 0;
	for (i = 0; i < VP_NR_LVT; i++)
		l->lvt[i] = APIC_LVT_MASKED;
}

void vp_lapic_init(struct vp_vcpu *v)
{
	hrtimer_init(&v->lapic.timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	v->lapic.timer.function = vp_lapic_timer_fn;
	vp_lapic_reset(v);
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_init);

void vp_lapic_destroy(struct vp_vcpu *v)
{
	hrtimer_cancel(&v->lapic.timer);
}
EXPORT_SYMBOL_IF_KUNIT(vp_lapic_destroy);
