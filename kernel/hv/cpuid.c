// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID policy and lookup (see cpuid.h). The table comes from userspace:
 * it is validated whole before anything is kept.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <vpart/hv_tlfs.h>
#include "cpuid.h"

#define LEAF1_ECX_VMX		BIT(5)
#define LEAF1_ECX_X2APIC	BIT(21)
#define LEAF1_ECX_HYPERVISOR	BIT(31)
#define LEAF1_ECX_TM2		BIT(8)
#define LEAF1_EDX_ACPI		BIT(22)
#define LEAF1_EDX_TM		BIT(29)
#define LEAF6_EAX_ARAT		BIT(2)

/*
 * The Hyper-V leaves (vmbus-host-facts 1.2/1.3): hypercall page, VP index,
 * reference counter + TSC page, SynIC, frequency MSRs; PostMessage and
 * SignalEvent; no auto-EOI (the guest EOIs SINT vectors). TSC_INVARIANT is
 * not offered, so Linux prefers the TSC page clocksource over the raw TSC.
 * No KVM signature anywhere: it would outrank Hyper-V in the guest.
 */
static const struct vp_cpuid_entry vp_hv_leaves[VP_CPUID_HV_LEAVES] = {
	{ .function = VP_HV_CPUID_VENDOR, .eax = VP_HV_CPUID_MAX,
	  .ebx = VP_HV_VENDOR_EBX, .ecx = VP_HV_VENDOR_ECX, .edx = VP_HV_VENDOR_EDX },
	{ .function = VP_HV_CPUID_INTERFACE, .eax = VP_HV_INTERFACE_EAX },
	{ .function = VP_HV_CPUID_VERSION, .eax = 1, .ebx = 0x000a0000 },
	{ .function = VP_HV_CPUID_FEATURES,
	  .eax = VP_HV_TIME_REF_COUNT_AVAIL | VP_HV_SYNIC_AVAIL | VP_HV_HYPERCALL_AVAIL |
		 VP_HV_VP_INDEX_AVAIL | VP_HV_REF_TSC_AVAIL | VP_HV_FREQ_MSRS_AVAIL,
	  .ebx = VP_HV_POST_MESSAGES | VP_HV_SIGNAL_EVENTS,
	  .edx = VP_HV_FREQ_MSRS_EDX },
	{ .function = VP_HV_CPUID_HINTS, .eax = VP_HV_DEPRECATING_AEOI, .ebx = 0xffffffff },
	{ .function = VP_HV_CPUID_LIMITS, .eax = 64, .ebx = 64 },
	{ .function = 0x40000006 },
	{ .function = 0x40000007 },
	{ .function = 0x40000008 },
	{ .function = 0x40000009 },
	{ .function = VP_HV_CPUID_NESTED },
};

static const struct vp_cpuid_entry *find(const struct vp_cpuid *c, u32 function,
					 u32 index)
{
	u32 i;

	for (i = 0; i < c->n; i++)
		if (c->e[i].function == function &&
		    (!(c->e[i].flags & VP_CPUID_INDEXED) || c->e[i].index == index))
			return &c->e[i];
	return NULL;
}

static bool same_slot(const struct vp_cpuid_entry *a, const struct vp_cpuid_entry *b)
{
	if (a->function != b->function)
		return false;
	/* An unindexed entry answers every subleaf, so it clashes with all. */
	return !(a->flags & VP_CPUID_INDEXED) || !(b->flags & VP_CPUID_INDEXED) ||
	       a->index == b->index;
}

/**
 * vp_cpuid_build() - validate a userspace CPUID table and apply the policy
 * @c: the partition's table; unchanged on failure
 * @user: entries as given by userspace (already copied into the kernel)
 * @n: their count
 *
 * Return: 0, or -EINVAL for too many entries, unknown flags, two entries
 * for one leaf/subleaf, or a leaf in the hypervisor range.
 */
int vp_cpuid_build(struct vp_cpuid *c, const struct vp_cpuid_entry *user, u32 n)
{
	u32 i, j;

	if (n > VP_CPUID_MAX_ENTRIES)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (user[i].flags & ~VP_CPUID_INDEXED)
			return -EINVAL;
		if (user[i].function >= VP_CPUID_HV_BASE &&
		    user[i].function <= VP_CPUID_HV_LAST)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (same_slot(&user[i], &user[j]))
				return -EINVAL;
	}

	memcpy(c->e, user, n * sizeof(*user));
	c->n = n;
	for (i = 0; i < n; i++) {
		if (c->e[i].function == 1) {
			/*
			 * Guests must know they are virtual, and must not try
			 * VMX. The local APIC is an x2APIC (lapic.c).
			 */
			c->e[i].ecx |= LEAF1_ECX_HYPERVISOR | LEAF1_ECX_X2APIC;
			c->e[i].ecx &= ~(LEAF1_ECX_VMX | LEAF1_ECX_TM2);
			/* No thermal monitor: its MSRs are not emulated. */
			c->e[i].edx &= ~(LEAF1_EDX_ACPI | LEAF1_EDX_TM);
		}
		/*
		 * Power management leaf: only "the APIC timer runs at a constant
		 * rate in every C-state"; no sensors, no HWP, no EPB MSRs.
		 */
		if (c->e[i].function == 6) {
			c->e[i].eax = LEAF6_EAX_ARAT;
			c->e[i].ebx = c->e[i].ecx = c->e[i].edx = 0;
		}
	}
	memcpy(&c->e[c->n], vp_hv_leaves, sizeof(vp_hv_leaves));
	c->n += VP_CPUID_HV_LEAVES;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_cpuid_build);

/* EAX of @range's base leaf: the highest leaf of that range the guest has. */
static u32 max_leaf(const struct vp_cpuid *c, u32 range)
{
	const struct vp_cpuid_entry *e = find(c, range, 0);

	return e ? e->eax : 0;
}

/**
 * vp_cpuid_lookup() - what CPUID returns in the partition
 * @c: the table
 * @function: EAX at CPUID
 * @index: ECX at CPUID
 * @eax: result
 * @ebx: result
 * @ecx: result
 * @edx: result
 *
 * As on Intel CPUs, a basic or extended leaf above the highest one offered
 * returns the highest basic leaf; a hypervisor-range leaf above the highest
 * one returns zeros, and so does a missing leaf within range.
 */
void vp_cpuid_lookup(const struct vp_cpuid *c, u32 function, u32 index,
		     u32 *eax, u32 *ebx, u32 *ecx, u32 *edx)
{
	const struct vp_cpuid_entry *e = NULL;
	u32 basic_max = max_leaf(c, 0);

	if (function >= VP_CPUID_HV_BASE && function <= VP_CPUID_HV_LAST) {
		if (function <= max_leaf(c, VP_CPUID_HV_BASE))
			e = find(c, function, index);
	} else if (function >= 0x80000000 ? function > max_leaf(c, 0x80000000) :
					    function > basic_max) {
		e = find(c, basic_max, index);
	} else {
		e = find(c, function, index);
	}
	*eax = e ? e->eax : 0;
	*ebx = e ? e->ebx : 0;
	*ecx = e ? e->ecx : 0;
	*edx = e ? e->edx : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_cpuid_lookup);
