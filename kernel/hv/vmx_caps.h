/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX capabilities: the raw IA32_VMX_* MSR values, and what vpart makes of
 * them. Parsing is a pure function so KUnit can feed it recorded CPUs.
 */
#ifndef _VPART_HV_VMX_CAPS_H
#define _VPART_HV_VMX_CAPS_H

#include <linux/types.h>

struct vp_vmx_msrs {
	u64 feature_control;
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 exit;
	u64 entry;
	u64 misc;
	u64 procbased2;
	u64 ept_vpid;
	u64 true_pinbased;
	u64 true_procbased;
	u64 true_exit;
	u64 true_entry;
};

struct vp_vmx_caps {
	u32 revision;
	u32 vmcs_size;
	bool true_ctls;
	bool ept_2m;
	bool ept_1g;
	bool ept_ad;
	bool preemption_timer;
	/*
	 * Capability of each control field (the TRUE_* MSR where it exists):
	 * low half = bits that must be 1, high half = bits that may be 1.
	 */
	u64 pin_cap;
	u64 proc_cap;
	u64 proc2_cap;
	u64 exit_cap;
	u64 entry_cap;
};

static inline u32 vp_vmx_may_be_1(u64 cap)
{
	return cap >> 32;
}

int vp_vmx_check_feature_control(u64 feature_control, const char **why);
int vp_vmx_parse_caps(const struct vp_vmx_msrs *m, struct vp_vmx_caps *caps,
		      const char **why);
int vp_vmx_probe(struct vp_vmx_caps *caps, const char **why);
int vp_vmx_ctl_value(u64 cap, u32 required, u32 optional, u32 *val);

#endif /* _VPART_HV_VMX_CAPS_H */
