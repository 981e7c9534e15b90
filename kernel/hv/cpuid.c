// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID policy and lookup (see cpuid.h). The table comes from userspace:
 * it is validated whole before anything is kept.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include "cpuid.h"

#define LEAF1_ECX_VMX		BIT(5)
#define LEAF1_ECX_HYPERVISOR	BIT(31)

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
	struct vp_cpuid_entry *hv;
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
			/* Guests must know they are virtual, and must not try VMX. */
			c->e[i].ecx |= LEAF1_ECX_HYPERVISOR;
			c->e[i].ecx &= ~LEAF1_ECX_VMX;
		}
	}
	/* The hypervisor leaf: highest hypervisor leaf and a vendor signature. */
	hv = &c->e[c->n++];
	*hv = (struct vp_cpuid_entry){ .function = VP_CPUID_HV_BASE,
				       .eax = VP_CPUID_HV_BASE };
	memcpy(&hv->ebx, "vpar", 4);
	memcpy(&hv->ecx, "tvpa", 4);
	memcpy(&hv->edx, "rtvp", 4);
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
