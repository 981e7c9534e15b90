// SPDX-License-Identifier: GPL-2.0
/*
 * Hyper-V enlightenments a Linux guest needs to recognise and use vpart as
 * Hyper-V: the synthetic MSRs (guest OS id, hypercall page, VP index,
 * reference time, the reference TSC page, frequencies, VP assist page and
 * the SynIC registers) and the hypercall entry. The CPUID leaves are in
 * cpuid.c; message and event delivery through the SynIC come with VMBus.
 *
 * Reference time is derived from the guest TSC, so the MSR and the TSC
 * page agree: time = guest TSC * scale >> 64, scale = 10^7 * 2^64 / TSC Hz.
 */
#include <linux/math64.h>
#include <asm/tsc.h>
#include <asm/trapnr.h>
#include <asm/vmx.h>
#include <vpart/hv_tlfs.h>
#include "vmx_ops.h"
#include "vp.h"

void vp_hv_partition_init(struct vp_partition *p)
{
	mutex_init(&p->hv.lock);
	/* 2^63 * (2 * 10^7) / Hz = 10^7 * 2^64 / Hz, below 2^64 for Hz > 10^7. */
	p->hv.tsc_scale = mul_u64_u64_div_u64(1ULL << 63, 20000000,
					      (u64)tsc_khz * 1000);
}

void vp_hv_vcpu_reset(struct vp_vcpu *v)
{
	int i;

	vp_synic_reset(v);
	memset(&v->hv, 0, sizeof(v->hv));
	for (i = 0; i < VP_HV_SINT_COUNT; i++)
		v->hv.sint[i] = VP_HV_SINT_MASKED;
}

static u64 vp_hv_vcpu_ref_time(struct vp_vcpu *v)
{
	return mul_u64_u64_shr(rdtsc() + vp_vmread(TSC_OFFSET), v->p->hv.tsc_scale, 64);
}

/* Writes the VMCALL stub into the page the guest names. */
static int vp_hv_set_hypercall(struct vp_vcpu *v, u64 val)
{
	static const u8 stub[] = { 0x0f, 0x01, 0xc1, 0xc3 };	/* VMCALL; RET */
	struct vp_hv *hv = &v->p->hv;

	if (hv->hypercall & VP_HV_HYPERCALL_LOCKED)
		return 0;
	if (val & GENMASK_ULL(11, 2))
		return -EINVAL;
	/* Without a guest OS id the page stays disabled (TLFS). */
	if (!hv->guest_os_id)
		val &= ~VP_HV_MSR_ENABLE;
	if ((val & VP_HV_MSR_ENABLE) &&
	    vp_gpa_write(v->p, val & PAGE_MASK, stub, sizeof(stub)))
		return -EINVAL;
	hv->hypercall = val;
	return 0;
}

static int vp_hv_set_ref_tsc(struct vp_vcpu *v, u64 val)
{
	struct vp_hv *hv = &v->p->hv;
	struct vp_hv_ref_tsc_page pg = {
		.sequence = 1, .scale = hv->tsc_scale, .offset = 0,
	};

	if (val & GENMASK_ULL(11, 1))
		return -EINVAL;
	if ((val & VP_HV_MSR_ENABLE) &&
	    vp_gpa_write(v->p, val & PAGE_MASK, &pg, sizeof(pg)))
		return -EINVAL;
	hv->ref_tsc = val;
	return 0;
}

bool vp_hv_msr(u32 index)
{
	return index >= 0x40000000 && index <= 0x400000ff;
}

/* Return: 0, or -EINVAL for #GP. */
int vp_hv_msr_get(struct vp_vcpu *v, u32 index, u64 *val)
{
	struct vp_hv *hv = &v->p->hv;

	if (index >= VP_HV_MSR_SINT0 && index < VP_HV_MSR_SINT0 + VP_HV_SINT_COUNT) {
		*val = v->hv.sint[index - VP_HV_MSR_SINT0];
		return 0;
	}
	switch (index) {
	case VP_HV_MSR_GUEST_OS_ID:
		*val = READ_ONCE(hv->guest_os_id);
		return 0;
	case VP_HV_MSR_HYPERCALL:
		*val = READ_ONCE(hv->hypercall);
		return 0;
	case VP_HV_MSR_VP_INDEX:
		*val = v->id;
		return 0;
	case VP_HV_MSR_TIME_REF_COUNT:
		*val = vp_hv_vcpu_ref_time(v);
		return 0;
	case VP_HV_MSR_REFERENCE_TSC:
		*val = READ_ONCE(hv->ref_tsc);
		return 0;
	case VP_HV_MSR_TSC_FREQUENCY:
		*val = (u64)tsc_khz * 1000;
		return 0;
	case VP_HV_MSR_APIC_FREQUENCY:
		*val = VP_LAPIC_HZ;
		return 0;
	case VP_HV_MSR_VP_ASSIST_PAGE:
		*val = v->hv.vp_assist;
		return 0;
	case VP_HV_MSR_SCONTROL:
		*val = v->hv.scontrol;
		return 0;
	case VP_HV_MSR_SVERSION:
		*val = VP_HV_SYNIC_VERSION;
		return 0;
	case VP_HV_MSR_SIEFP:
		*val = v->hv.siefp;
		return 0;
	case VP_HV_MSR_SIMP:
		*val = v->hv.simp;
		return 0;
	case VP_HV_MSR_EOM:
		*val = 0;
		return 0;
	}
	return -EINVAL;
}

int vp_hv_msr_set(struct vp_vcpu *v, u32 index, u64 val, bool host)
{
	struct vp_hv *hv = &v->p->hv;
	int ret = 0;

	if (index >= VP_HV_MSR_SINT0 && index < VP_HV_MSR_SINT0 + VP_HV_SINT_COUNT) {
		if ((val & ~VP_HV_SINT_VALID_BITS) ||
		    (!(val & VP_HV_SINT_MASKED) && (val & 0xff) < 16))
			return -EINVAL;
		v->hv.sint[index - VP_HV_MSR_SINT0] = val;
		vp_synic_changed(v);
		return 0;
	}
	switch (index) {
	case VP_HV_MSR_GUEST_OS_ID:
		mutex_lock(&hv->lock);
		hv->guest_os_id = val;
		if (!val)
			hv->hypercall &= ~VP_HV_MSR_ENABLE;
		mutex_unlock(&hv->lock);
		return 0;
	case VP_HV_MSR_HYPERCALL:
		mutex_lock(&hv->lock);
		ret = vp_hv_set_hypercall(v, val);
		mutex_unlock(&hv->lock);
		return ret;
	case VP_HV_MSR_REFERENCE_TSC:
		mutex_lock(&hv->lock);
		ret = vp_hv_set_ref_tsc(v, val);
		mutex_unlock(&hv->lock);
		return ret;
	case VP_HV_MSR_VP_ASSIST_PAGE:
		/* Accepted and kept; no assists are offered in CPUID. */
		if (val & GENMASK_ULL(11, 1))
			return -EINVAL;
		v->hv.vp_assist = val;
		return 0;
	case VP_HV_MSR_SCONTROL:
		WRITE_ONCE(v->hv.scontrol, val & VP_HV_MSR_ENABLE);
		vp_synic_changed(v);
		return 0;
	case VP_HV_MSR_SIEFP:
		v->hv.siefp = val & (PAGE_MASK | VP_HV_MSR_ENABLE);
		vp_synic_set_page(v, false, v->hv.siefp);
		return 0;
	case VP_HV_MSR_SIMP:
		v->hv.simp = val & (PAGE_MASK | VP_HV_MSR_ENABLE);
		vp_synic_set_page(v, true, v->hv.simp);
		vp_synic_changed(v);
		return 0;
	case VP_HV_MSR_EOM:
		vp_synic_changed(v);
		return 0;
	}
	return -EINVAL;		/* read-only (VP_INDEX, frequencies) or absent */
}

/*
 * VMCALL. Only CPL 0 with the hypercall page enabled may call; everyone
 * else gets #UD as from a CPU without a hypervisor. PostMessage and
 * SignalEvent (the two a Linux guest uses) go to the VMBus host; every
 * other code answers HV_STATUS_INVALID_HYPERCALL_CODE.
 */
int vp_hv_hypercall(struct vp_vcpu *v)
{
	bool long_mode = vp_guest_mode(v) == VP_MODE_LONG64;
	u64 control, input, status;

	if (!(READ_ONCE(v->p->hv.hypercall) & VP_HV_MSR_ENABLE) || vp_guest_cpl()) {
		vp_inject_exception(v, X86_TRAP_UD, false, 0);
		return 1;
	}
	control = long_mode ? v->gpr[VP_RCX] :
		  (v->gpr[VP_RDX] << 32) | (u32)v->gpr[VP_RAX];
	input = long_mode ? v->gpr[VP_RDX] :
		(v->gpr[VP_RBX] << 32) | (u32)v->gpr[VP_RCX];
	v->stats.hypercalls++;
	/* Rep counts and variable headers belong to calls we do not offer. */
	if (control & (GENMASK_ULL(63, 27) | GENMASK_ULL(26, 17))) {
		status = VP_HV_STATUS_INVALID_HYPERCALL_INPUT;
		goto out;
	}
	switch (control & VP_HV_HCALL_CODE_MASK) {
	case VP_HV_HCALL_POST_MESSAGE:
		status = vp_hv_post_message(v, control, input);
		break;
	case VP_HV_HCALL_SIGNAL_EVENT:
		status = vp_hv_signal_event(v, control, input);
		break;
	default:
		status = VP_HV_STATUS_INVALID_HYPERCALL_CODE;
	}
out:
	if (long_mode) {
		v->gpr[VP_RAX] = status;
	} else {
		v->gpr[VP_RDX] = 0;
		v->gpr[VP_RAX] = status;
	}
	vp_skip_insn(v, vp_vmread(VM_EXIT_INSTRUCTION_LEN));
	return 1;
}
