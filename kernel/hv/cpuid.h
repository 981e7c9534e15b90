/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A partition's CPUID table: what userspace asked for, with the kernel's
 * policy merged in (hypervisor present, VMX hidden, the hypervisor leaf
 * range 0x40000000-0x4fffffff owned by the kernel), and the lookup the
 * CPUID exit handler uses, with the CPU's rules for leaves out of range.
 */
#ifndef _VPART_HV_CPUID_H
#define _VPART_HV_CPUID_H

#include <linux/types.h>

#define VP_CPUID_MAX_ENTRIES	256
#define VP_CPUID_INDEXED	0x1	/* the subleaf (ECX) selects the entry */

#define VP_CPUID_HV_BASE	0x40000000
#define VP_CPUID_HV_LAST	0x4fffffff
#define VP_CPUID_HV_LEAVES	11	/* Hyper-V's 0x40000000-0x4000000a */

struct vp_cpuid_entry {
	u32 function;
	u32 index;
	u32 flags;
	u32 eax, ebx, ecx, edx;
};

struct vp_cpuid {
	u32 n;
	struct vp_cpuid_entry e[VP_CPUID_MAX_ENTRIES + VP_CPUID_HV_LEAVES];
};

int vp_cpuid_build(struct vp_cpuid *c, const struct vp_cpuid_entry *user, u32 n);
void vp_cpuid_lookup(const struct vp_cpuid *c, u32 function, u32 index,
		     u32 *eax, u32 *ebx, u32 *ecx, u32 *edx);

#endif /* _VPART_HV_CPUID_H */
