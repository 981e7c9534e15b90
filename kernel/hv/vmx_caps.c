// SPDX-License-Identifier: GPL-2.0
/*
 * Decide whether this CPU can run vpart partitions, from CPUID, the
 * IA32_FEATURE_CONTROL MSR and the VMX capability MSRs. vpart needs EPT,
 * VPID and unrestricted guest (guests start in real mode), so CPUs without
 * them are refused with the name of the first missing feature.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/vmx.h>
#include "vmx_caps.h"

/* IA32_VMX_BASIC fields (SDM Appendix A.1). */
#define BASIC_REVISION(b)	((u32)(b) & 0x7fffffff)
#define BASIC_SIZE(b)		((u32)((b) >> 32) & 0x1fff)
#define BASIC_ADDR32		BIT_ULL(48)
#define BASIC_MEMTYPE(b)	((u32)((b) >> 50) & 0xf)
#define BASIC_TRUE_CTLS		BIT_ULL(55)
#define MEMTYPE_WB		6
#define PIN_PREEMPTION_TIMER	BIT(6)

/**
 * vp_vmx_check_feature_control() - may VMXON run outside SMX?
 * @feature_control: IA32_FEATURE_CONTROL (MSR 0x3a)
 * @why: receives the reason on failure
 *
 * Return: 0, or -EPERM when firmware left VMX off or the MSR unlocked
 * (VMXON faults in both cases).
 */
int vp_vmx_check_feature_control(u64 feature_control,
				 const char **why)
{
	if (!(feature_control & FEAT_CTL_LOCKED)) {
		*why = "IA32_FEATURE_CONTROL is not locked";
		return -EPERM;
	}
	if (!(feature_control & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		*why = "VMX is disabled by the firmware";
		return -EPERM;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmx_check_feature_control);

struct vp_vmx_need {
	const char *name;
	const u64 *cap;
	u32 bits;
};

/**
 * vp_vmx_parse_caps() - decode the capability MSRs and check vpart's needs
 * @m: raw MSR values
 * @caps: decoded capabilities, valid when 0 is returned
 * @why: receives the first missing feature on failure
 *
 * Return: 0 or -EOPNOTSUPP.
 */
int vp_vmx_parse_caps(const struct vp_vmx_msrs *m,
		      struct vp_vmx_caps *caps,
		      const char **why)
{
	u64 ept = m->ept_vpid;
	u32 vpid = m->ept_vpid >> 32;
	const struct vp_vmx_need needs[] = {
		{ "external-interrupt exiting", &caps->pin_cap, PIN_BASED_EXT_INTR_MASK },
		{ "NMI exiting", &caps->pin_cap, PIN_BASED_NMI_EXITING },
		{ "HLT exiting", &caps->proc_cap, CPU_BASED_HLT_EXITING },
		{ "I/O bitmaps", &caps->proc_cap, CPU_BASED_USE_IO_BITMAPS },
		{ "MSR bitmaps", &caps->proc_cap, CPU_BASED_USE_MSR_BITMAPS },
		{ "secondary controls", &caps->proc_cap,
		  CPU_BASED_ACTIVATE_SECONDARY_CONTROLS },
		{ "EPT", &caps->proc2_cap, SECONDARY_EXEC_ENABLE_EPT },
		{ "VPID", &caps->proc2_cap, SECONDARY_EXEC_ENABLE_VPID },
		{ "unrestricted guest", &caps->proc2_cap,
		  SECONDARY_EXEC_UNRESTRICTED_GUEST },
		{ "64-bit host", &caps->exit_cap, VM_EXIT_HOST_ADDR_SPACE_SIZE },
		{ "acknowledge interrupt on exit", &caps->exit_cap,
		  VM_EXIT_ACK_INTR_ON_EXIT },
		{ "EFER save/load on exit", &caps->exit_cap,
		  VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER },
		{ "IA-32e mode guest", &caps->entry_cap, VM_ENTRY_IA32E_MODE },
		{ "EFER load on entry", &caps->entry_cap, VM_ENTRY_LOAD_IA32_EFER },
	};
	size_t i;

	memset(caps, 0, sizeof(*caps));
	caps->revision = BASIC_REVISION(m->basic);
	caps->vmcs_size = BASIC_SIZE(m->basic);
	caps->true_ctls = !!(m->basic & BASIC_TRUE_CTLS);
	if (!caps->vmcs_size || caps->vmcs_size > PAGE_SIZE) {
		*why = "VMCS region larger than a page";
		return -EOPNOTSUPP;
	}
	if (m->basic & BASIC_ADDR32) {
		*why = "VMX structures limited to 32-bit addresses";
		return -EOPNOTSUPP;
	}
	if (BASIC_MEMTYPE(m->basic) != MEMTYPE_WB) {
		*why = "VMCS memory type is not write-back";
		return -EOPNOTSUPP;
	}

	/* TRUE_* supersede the old MSRs: they may allow clearing more bits. */
	caps->pin_cap = caps->true_ctls ? m->true_pinbased : m->pinbased;
	caps->proc_cap = caps->true_ctls ? m->true_procbased : m->procbased;
	caps->exit_cap = caps->true_ctls ? m->true_exit : m->exit;
	caps->entry_cap = caps->true_ctls ? m->true_entry : m->entry;
	if (vp_vmx_may_be_1(caps->proc_cap) & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		caps->proc2_cap = m->procbased2;

	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		if ((vp_vmx_may_be_1(*needs[i].cap) & needs[i].bits) != needs[i].bits) {
			*why = needs[i].name;
			return -EOPNOTSUPP;
		}
	}
	if (!(ept & VMX_EPT_PAGE_WALK_4_BIT) || !(ept & VMX_EPTP_WB_BIT)) {
		*why = "4-level write-back EPT";
		return -EOPNOTSUPP;
	}
	if (!(ept & VMX_EPT_INVEPT_BIT) || !(ept & VMX_EPT_EXTENT_CONTEXT_BIT) ||
	    !(ept & VMX_EPT_EXTENT_GLOBAL_BIT)) {
		*why = "INVEPT (single and all context)";
		return -EOPNOTSUPP;
	}
	if (!(vpid & VMX_VPID_INVVPID_BIT) ||
	    !(vpid & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT)) {
		*why = "INVVPID (single context)";
		return -EOPNOTSUPP;
	}
	caps->ept_2m = !!(ept & VMX_EPT_2MB_PAGE_BIT);
	caps->ept_1g = !!(ept & VMX_EPT_1GB_PAGE_BIT);
	caps->ept_ad = !!(ept & VMX_EPT_AD_BIT);
	caps->preemption_timer = !!(vp_vmx_may_be_1(caps->pin_cap) & PIN_PREEMPTION_TIMER);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmx_parse_caps);

/**
 * vp_vmx_ctl_value() - the value of one VMX control field
 * @cap: the field's capability MSR (low half must be 1, high half may be 1)
 * @required: bits vpart cannot work without
 * @optional: bits used when the CPU allows them
 * @val: the value to write to the VMCS
 *
 * Return: 0, or -EOPNOTSUPP when a required bit is not allowed or the
 * capability contradicts itself (a must-be-1 bit that may not be 1).
 */
int vp_vmx_ctl_value(u64 cap, u32 required, u32 optional, u32 *val)
{
	u32 must = (u32)cap, may = vp_vmx_may_be_1(cap);

	if ((required & ~may) || (must & ~may))
		return -EOPNOTSUPP;
	*val = must | required | (optional & may);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmx_ctl_value);

/* rdmsrl_safe: a missing MSR must give a clear refusal, not an oops. */
static int read_msrs(struct vp_vmx_msrs *m)
{
	static const struct { u32 msr; size_t off; } tab[] = {
#define E(msr, f) { msr, offsetof(struct vp_vmx_msrs, f) }
		E(MSR_IA32_FEAT_CTL, feature_control),
		E(MSR_IA32_VMX_BASIC, basic),
		E(MSR_IA32_VMX_PINBASED_CTLS, pinbased),
		E(MSR_IA32_VMX_PROCBASED_CTLS, procbased),
		E(MSR_IA32_VMX_EXIT_CTLS, exit),
		E(MSR_IA32_VMX_ENTRY_CTLS, entry),
		E(MSR_IA32_VMX_MISC, misc),
#undef E
	};
	size_t i;
	int ret;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		ret = rdmsrl_safe(tab[i].msr, (u64 *)((u8 *)m + tab[i].off));
		if (ret)
			return ret;
	}
	if ((m->procbased >> 32) & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
		ret = rdmsrl_safe(MSR_IA32_VMX_PROCBASED_CTLS2, &m->procbased2);
		if (ret)
			return ret;
		if ((m->procbased2 >> 32) &
		    (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID)) {
			ret = rdmsrl_safe(MSR_IA32_VMX_EPT_VPID_CAP, &m->ept_vpid);
			if (ret)
				return ret;
		}
	}
	if (m->basic & BASIC_TRUE_CTLS) {
		ret = rdmsrl_safe(MSR_IA32_VMX_TRUE_PINBASED_CTLS, &m->true_pinbased) ||
		      rdmsrl_safe(MSR_IA32_VMX_TRUE_PROCBASED_CTLS, &m->true_procbased) ||
		      rdmsrl_safe(MSR_IA32_VMX_TRUE_EXIT_CTLS, &m->true_exit) ||
		      rdmsrl_safe(MSR_IA32_VMX_TRUE_ENTRY_CTLS, &m->true_entry);
		if (ret)
			return -EIO;
	}
	return 0;
}

/**
 * vp_vmx_probe() - can this host run partitions?
 * @caps: filled when 0 is returned
 * @why: receives the reason otherwise
 *
 * Return: 0, -ENODEV without VMX, -EPERM when the firmware disabled it,
 * -EIO when a capability MSR cannot be read, -EOPNOTSUPP when a needed
 * feature is missing.
 */
int vp_vmx_probe(struct vp_vmx_caps *caps, const char **why)
{
	struct vp_vmx_msrs m;
	int ret;

	/* Linux clears X86_FEATURE_VMX when the firmware locked VMX off. */
	if (!boot_cpu_has(X86_FEATURE_VMX)) {
		*why = "the CPU has no VMX (or the firmware disabled it)";
		return -ENODEV;
	}
	if (read_msrs(&m)) {
		*why = "a VMX capability MSR cannot be read";
		return -EIO;
	}
	ret = vp_vmx_check_feature_control(m.feature_control, why);
	if (ret)
		return ret;
	return vp_vmx_parse_caps(&m, caps, why);
}
