// SPDX-License-Identifier: GPL-2.0
/*
 * Guest MSRs. The bitmap lets the guest reach directly only MSRs the CPU
 * switches (FS/GS bases and SYSENTER in the VMCS) or that vpart loads
 * around guest execution (the SYSCALL MSRs and KERNEL_GS_BASE, see
 * vcpu.c). Everything else exits here; an MSR not known here gets #GP, as
 * on a CPU that lacks it.
 */
#include <linux/bitops.h>
#include <linux/export.h>
#include <kunit/visibility.h>
#include <linux/string.h>
#include <asm/apicdef.h>
#include <asm/msr-index.h>
#include <asm/mtrr.h>
#include "vmx_ops.h"
#include "vp.h"

static const u32 vp_msr_passthrough[] = {
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
	MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK,
	MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
};

/* Layout: read-low, read-high, write-low, write-high; 1 KiB each. */
static void vp_msr_allow(void *bitmap, u32 msr)
{
	unsigned long *b = bitmap;
	unsigned int base = msr >= 0xc0000000 ? 0x400 : 0;

	msr &= 0x1fff;
	__clear_bit(msr, b + (base / sizeof(long)));
	__clear_bit(msr, b + ((base + 0x800) / sizeof(long)));
}

void vp_msr_bitmap_init(void *bitmap)
{
	size_t i;

	memset(bitmap, 0xff, PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(vp_msr_passthrough); i++)
		vp_msr_allow(bitmap, vp_msr_passthrough[i]);
}
EXPORT_SYMBOL_IF_KUNIT(vp_msr_bitmap_init);

static int vp_umsr_slot(u32 index)
{
	switch (index) {
	case MSR_STAR: return VP_UMSR_STAR;
	case MSR_LSTAR: return VP_UMSR_LSTAR;
	case MSR_CSTAR: return VP_UMSR_CSTAR;
	case MSR_SYSCALL_MASK: return VP_UMSR_SFMASK;
	case MSR_KERNEL_GS_BASE: return VP_UMSR_KERNEL_GS_BASE;
	default: return -1;
	}
}

static bool vp_pat_valid(u64 pat)
{
	int i;

	for (i = 0; i < 8; i++) {
		u8 t = pat >> (i * 8);

		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

static const u32 vp_mtrr_fixed[11] = {
	MSR_MTRRfix64K_00000, MSR_MTRRfix16K_80000, MSR_MTRRfix16K_A0000,
	MSR_MTRRfix4K_C0000, MSR_MTRRfix4K_C8000, MSR_MTRRfix4K_D0000,
	MSR_MTRRfix4K_D8000, MSR_MTRRfix4K_E0000, MSR_MTRRfix4K_E8000,
	MSR_MTRRfix4K_F0000, MSR_MTRRfix4K_F8000,
};

static u64 *vp_mtrr(struct vp_vcpu *v, u32 index)
{
	int i;

	if (index >= 0x200 && index <= 0x20f)
		return &v->mtrr_var[index - 0x200];
	for (i = 0; i < ARRAY_SIZE(vp_mtrr_fixed); i++)
		if (index == vp_mtrr_fixed[i])
			return &v->mtrr_fixed[i];
	return NULL;
}

/**
 * vp_msr_get() - read a guest MSR
 * @v: the vCPU, VMCS loaded
 * @index: MSR number
 * @val: receives the value
 * @host: userspace asks (GET_MSRS), not the guest
 *
 * Return: 0, or -EINVAL when the guest must get #GP.
 */
int vp_msr_get(struct vp_vcpu *v, u32 index, u64 *val, bool host)
{
	int u = vp_umsr_slot(index);
	u64 *m;

	if (u >= 0) {
		/* Loaded in the CPU while the vCPU is in RUN. */
		if (v->umsrs_loaded)
			rdmsrl(index, *val);
		else
			*val = v->umsr[u];
		return 0;
	}
	if (vp_lapic_x2apic_msr(index) || index == MSR_IA32_TSC_DEADLINE)
		return vp_lapic_msr_get(v, index, val);
	if (vp_hv_msr(index))
		return vp_hv_msr_get(v, index, val);
	switch (index) {
	case MSR_EFER:
		*val = vp_vmread(GUEST_IA32_EFER);
		return 0;
	case MSR_IA32_CR_PAT:
		*val = vp_vmread(GUEST_IA32_PAT);
		return 0;
	case MSR_FS_BASE:
		*val = vp_vmread(GUEST_FS_BASE);
		return 0;
	case MSR_GS_BASE:
		*val = vp_vmread(GUEST_GS_BASE);
		return 0;
	case MSR_IA32_SYSENTER_CS:
		*val = vp_vmread(GUEST_SYSENTER_CS);
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		*val = vp_vmread(GUEST_SYSENTER_ESP);
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		*val = vp_vmread(GUEST_SYSENTER_EIP);
		return 0;
	case MSR_IA32_TSC:
		*val = rdtsc() + vp_vmread(TSC_OFFSET);
		return 0;
	case MSR_IA32_TSC_ADJUST:
		*val = v->tsc_adjust;
		return 0;
	case MSR_IA32_APICBASE:
		*val = v->apic_base;
		return 0;
	case MSR_IA32_FEAT_CTL:
		/* Locked, VMX off: there is no nesting. */
		*val = FEAT_CTL_LOCKED;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*val = v->misc_enable;
		return 0;
	case MSR_IA32_UCODE_REV:
	case MSR_IA32_PLATFORM_ID:
	case MSR_IA32_MCG_CAP:
	case MSR_IA32_MCG_STATUS:
		*val = 0;
		return 0;
	case MSR_MTRRcap:
		/* 8 variable ranges, fixed ranges, write-combining. */
		*val = 0x508;
		return 0;
	case MSR_MTRRdefType:
		*val = v->mtrr_def_type;
		return 0;
	case MSR_IA32_DEBUGCTLMSR:
		*val = vp_vmread(GUEST_IA32_DEBUGCTL);
		return 0;
	}
	m = vp_mtrr(v, index);
	if (m) {
		*val = *m;
		return 0;
	}
	return -EINVAL;
}

/* Same contract as vp_msr_get(). */
int vp_msr_set(struct vp_vcpu *v, u32 index, u64 val, bool host)
{
	int u = vp_umsr_slot(index);
	u64 *m;

	if (u >= 0) {
		if (!__is_canonical_address(val, 48) && index != MSR_STAR &&
		    index != MSR_SYSCALL_MASK)
			return -EINVAL;
		if (v->umsrs_loaded)
			wrmsrl(index, val);
		else
			v->umsr[u] = val;
		return 0;
	}
	if (vp_lapic_x2apic_msr(index) || index == MSR_IA32_TSC_DEADLINE)
		return vp_lapic_msr_set(v, index, val);
	if (vp_hv_msr(index))
		return vp_hv_msr_set(v, index, val, host);
	switch (index) {
	case MSR_EFER: {
		u64 old = vp_vmread(GUEST_IA32_EFER);

		if (val & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX))
			return -EINVAL;
		if (!host) {
			/* LMA is the CPU's; LME cannot change while paging is on. */
			val = (val & ~EFER_LMA) | (old & EFER_LMA);
			if ((vp_vmread(CR0_READ_SHADOW) & X86_CR0_PG) &&
			    ((val ^ old) & EFER_LME))
				return -EINVAL;
		}
		vp_vcpu_set_efer(v, val);
		return 0;
	}
	case MSR_IA32_CR_PAT:
		if (!vp_pat_valid(val))
			return -EINVAL;
		vp_vmwrite(GUEST_IA32_PAT, val);
		return 0;
	case MSR_FS_BASE:
	case MSR_GS_BASE:
		if (!__is_canonical_address(val, 48))
			return -EINVAL;
		vp_vmwrite(index == MSR_FS_BASE ? GUEST_FS_BASE : GUEST_GS_BASE, val);
		return 0;
	case MSR_IA32_SYSENTER_CS:
		vp_vmwrite(GUEST_SYSENTER_CS, (u32)val);
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		vp_vmwrite(GUEST_SYSENTER_ESP, val);
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		vp_vmwrite(GUEST_SYSENTER_EIP, val);
		return 0;
	case MSR_IA32_TSC:
		vp_vmwrite(TSC_OFFSET, val - rdtsc());
		return 0;
	case MSR_IA32_TSC_ADJUST:
		/* Writing it moves the TSC by the difference (SDM 17.17.3). */
		vp_vmwrite(TSC_OFFSET, vp_vmread(TSC_OFFSET) + val - v->tsc_adjust);
		v->tsc_adjust = val;
		return 0;
	case MSR_IA32_APICBASE:
		if (val & ~(0xfffff000ULL | MSR_IA32_APICBASE_ENABLE |
			    X2APIC_ENABLE | MSR_IA32_APICBASE_BSP))
			return -EINVAL;
		if (!host)
			val = (val & ~MSR_IA32_APICBASE_BSP) |
			      (v->apic_base & MSR_IA32_APICBASE_BSP);
		v->apic_base = val;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		v->misc_enable = val;
		return 0;
	case MSR_IA32_UCODE_REV:
		/* Linux writes 0 before reading the revision back. */
		return 0;
	case MSR_MTRRdefType:
		if (val & ~0xcffULL)
			return -EINVAL;
		v->mtrr_def_type = val;
		return 0;
	case MSR_IA32_DEBUGCTLMSR:
		/* No branch tracing for guests. */
		return val ? -EINVAL : 0;
	}
	m = vp_mtrr(v, index);
	if (m) {
		*m = val;
		return 0;
	}
	return -EINVAL;
}
