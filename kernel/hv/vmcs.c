// SPDX-License-Identifier: GPL-2.0
/*
 * VMCS contents: controls computed from the capability MSRs, host state,
 * the architectural reset state of a vCPU, and the register views
 * userspace reads and writes. Callers have the VMCS loaded (vp_vcpu_load)
 * with preemption disabled.
 */
#include <linux/mm.h>
#include <asm/apicdef.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/tsc.h>
#include <asm/mmu_context.h>
#include "vmx_ops.h"
#include "vp.h"

/* Guest CR0/CR4 bits vpart owns: writes to them exit (see exits.c). */
#define VP_CR0_OWNED	(X86_CR0_PG | X86_CR0_NE)
#define VP_CR4_OWNED	X86_CR4_VMXE

#define VP_EFER_VALID	(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)

struct vp_seg_fields {
	u32 sel, base, limit, ar;
};

#define SEGF(s) { GUEST_##s##_SELECTOR, GUEST_##s##_BASE, GUEST_##s##_LIMIT, GUEST_##s##_AR_BYTES }
enum { VP_CS, VP_DS, VP_ES, VP_FS, VP_GS, VP_SS, VP_TR, VP_LDTR, VP_NSEGS };
static const struct vp_seg_fields vp_segs[VP_NSEGS] = {
	[VP_CS] = SEGF(CS), [VP_DS] = SEGF(DS), [VP_ES] = SEGF(ES), [VP_FS] = SEGF(FS),
	[VP_GS] = SEGF(GS), [VP_SS] = SEGF(SS), [VP_TR] = SEGF(TR), [VP_LDTR] = SEGF(LDTR),
};

/* Per-CPU host state: written whenever the VMCS moves to a CPU. */
void vp_vmcs_set_host_percpu(struct vp_vcpu *v, int cpu)
{
	struct desc_ptr gdt;
	u64 gs_base;

	native_store_gdt(&gdt);
	vp_vmwrite(HOST_GDTR_BASE, gdt.address);
	vp_vmwrite(HOST_TR_BASE, (unsigned long)&get_cpu_entry_area(cpu)->tss.x86_tss);
	vp_vmwrite(HOST_IA32_SYSENTER_ESP, (unsigned long)(cpu_entry_stack(cpu) + 1));
	rdmsrl(MSR_GS_BASE, gs_base);
	vp_vmwrite(HOST_GS_BASE, gs_base);
}

/*
 * A guest never runs longer than 10 ms without an exit. Host interrupts
 * already force exits on hardware; Bochs 2.7 does not deliver them while
 * the guest has RFLAGS.IF clear, so a guest spinning with interrupts off
 * would never see a signal. The watchdog bounds that everywhere.
 */
static u32 vp_watchdog_ticks(void)
{
	u64 misc, ticks;

	rdmsrl(MSR_IA32_VMX_MISC, misc);
	ticks = ((u64)(tsc_khz ? tsc_khz : 1000000) * 10) >> (misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK);
	return clamp_t(u64, ticks, 1000, U32_MAX);
}

static int vp_vmcs_controls(struct vp_vcpu *v)
{
	u32 pin, proc, proc2, exit, entry;
	int ret;

	ret = vp_vmx_ctl_value(vp_caps.pin_cap,
			       PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING,
			       PIN_BASED_VMX_PREEMPTION_TIMER, &pin);
	ret = ret ?: vp_vmx_ctl_value(vp_caps.proc_cap,
			CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
			CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS |
			CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING |
			CPU_BASED_MOV_DR_EXITING | CPU_BASED_USE_TSC_OFFSETTING |
			CPU_BASED_MWAIT_EXITING | CPU_BASED_MONITOR_EXITING |
			CPU_BASED_RDPMC_EXITING, 0, &proc);
	/* INVPCID runs natively when allowed (cpuid.c hides it otherwise). */
	ret = ret ?: vp_vmx_ctl_value(vp_caps.proc2_cap,
			SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID |
			SECONDARY_EXEC_UNRESTRICTED_GUEST,
			SECONDARY_EXEC_ENABLE_INVPCID, &proc2);
	ret = ret ?: vp_vmx_ctl_value(vp_caps.exit_cap,
			VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
			VM_EXIT_LOAD_IA32_EFER,
			VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT |
			VM_EXIT_SAVE_DEBUG_CONTROLS, &exit);
	ret = ret ?: vp_vmx_ctl_value(vp_caps.entry_cap, VM_ENTRY_LOAD_IA32_EFER,
			VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_DEBUG_CONTROLS, &entry);
	if (ret)
		return ret;
	/* With EPT, CR3 accesses and INVLPG need no exits (TRUE controls). */
	proc &= ~((CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING |
		   CPU_BASED_INVLPG_EXITING) & ~(u32)vp_caps.proc_cap);
	/* IA-32e mode follows the guest's EFER.LMA (vp_vcpu_set_efer). */
	entry &= ~VM_ENTRY_IA32E_MODE;
	v->proc_ctl = proc;
	v->proc2_ctl = proc2;
	v->entry_ctl = entry;
	vp_vmwrite(PIN_BASED_VM_EXEC_CONTROL, pin);
	if (pin & PIN_BASED_VMX_PREEMPTION_TIMER)
		vp_vmwrite(VMX_PREEMPTION_TIMER_VALUE, vp_watchdog_ticks());
	vp_vmwrite(CPU_BASED_VM_EXEC_CONTROL, proc);
	vp_vmwrite(SECONDARY_VM_EXEC_CONTROL, proc2);
	vp_vmwrite(VM_EXIT_CONTROLS, exit);
	vp_vmwrite(VM_ENTRY_CONTROLS, entry);
	return 0;
}

static u64 host_efer_read(void)
{
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	return efer;
}

static void vp_vmcs_host_constant(struct vp_vcpu *v)
{
	struct desc_ptr idt;
	u64 pat;

	vp_vmwrite(HOST_CR0, read_cr0());
	v->host_cr3 = __get_current_cr3_fast();
	vp_vmwrite(HOST_CR3, v->host_cr3);
	v->host_cr4 = cr4_read_shadow();
	vp_vmwrite(HOST_CR4, v->host_cr4);
	vp_vmwrite(HOST_CS_SELECTOR, __KERNEL_CS);
	vp_vmwrite(HOST_SS_SELECTOR, __KERNEL_DS);
	vp_vmwrite(HOST_DS_SELECTOR, 0);
	vp_vmwrite(HOST_ES_SELECTOR, 0);
	vp_vmwrite(HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	store_idt(&idt);
	vp_vmwrite(HOST_IDTR_BASE, idt.address);
	vp_vmwrite(HOST_RIP, (unsigned long)__vp_vmexit);
	rdmsrl(MSR_IA32_SYSENTER_CS, pat);
	vp_vmwrite(HOST_IA32_SYSENTER_CS, (u32)pat);
	rdmsrl(MSR_IA32_SYSENTER_EIP, pat);
	vp_vmwrite(HOST_IA32_SYSENTER_EIP, pat);
	rdmsrl(MSR_IA32_CR_PAT, pat);
	vp_vmwrite(HOST_IA32_PAT, pat);
	vp_vmwrite(HOST_IA32_EFER, host_efer_read());
}

static void vp_set_seg(unsigned int seg, u16 sel, u64 base, u32 limit, u32 ar)
{
	vp_vmwrite(vp_segs[seg].sel, sel);
	vp_vmwrite(vp_segs[seg].base, base);
	vp_vmwrite(vp_segs[seg].limit, limit);
	vp_vmwrite(vp_segs[seg].ar, ar);
}

void vp_vcpu_set_efer(struct vp_vcpu *v, u64 efer)
{
	u32 entry = v->entry_ctl & ~VM_ENTRY_IA32E_MODE;

	if (efer & EFER_LMA)
		entry |= VM_ENTRY_IA32E_MODE;
	if (entry != v->entry_ctl) {
		v->entry_ctl = entry;
		vp_vmwrite(VM_ENTRY_CONTROLS, entry);
	}
	vp_vmwrite(GUEST_IA32_EFER, efer);
}

/* Architectural INIT state: real mode at F000:FFF0. */
static void vp_vmcs_reset_guest(struct vp_vcpu *v)
{
	int i;

	vp_set_seg(VP_CS, 0xf000, 0xffff0000, 0xffff, 0x9b);
	for (i = VP_DS; i <= VP_SS; i++)
		vp_set_seg(i, 0, 0, 0xffff, 0x93);
	vp_set_seg(VP_TR, 0, 0, 0xffff, 0x8b);
	vp_set_seg(VP_LDTR, 0, 0, 0xffff, 0x82);
	vp_vmwrite(GUEST_GDTR_BASE, 0);
	vp_vmwrite(GUEST_GDTR_LIMIT, 0xffff);
	vp_vmwrite(GUEST_IDTR_BASE, 0);
	vp_vmwrite(GUEST_IDTR_LIMIT, 0xffff);
	vp_set_cr0(v, X86_CR0_ET);
	vp_vmwrite(GUEST_CR3, 0);
	vp_vmwrite(GUEST_CR4, X86_CR4_VMXE);
	vp_vmwrite(CR4_READ_SHADOW, 0);
	vp_vcpu_set_efer(v, 0);
	vp_vmwrite(GUEST_IA32_PAT, 0x0007040600070406ULL);
	vp_vmwrite(GUEST_DR7, 0x400);
	vp_vmwrite(GUEST_IA32_DEBUGCTL, 0);
	vp_vmwrite(GUEST_RIP, 0xfff0);
	vp_vmwrite(GUEST_RSP, 0);
	vp_vmwrite(GUEST_RFLAGS, X86_EFLAGS_FIXED);
	vp_vmwrite(GUEST_SYSENTER_CS, 0);
	vp_vmwrite(GUEST_SYSENTER_ESP, 0);
	vp_vmwrite(GUEST_SYSENTER_EIP, 0);
	vp_vmwrite(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vp_vmwrite(GUEST_INTERRUPTIBILITY_INFO, 0);
	vp_vmwrite(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vp_vmwrite(VMCS_LINK_POINTER, -1ULL);
	memset(v->gpr, 0, sizeof(v->gpr));
	v->xcr0 = XFEATURE_MASK_FP;
	v->cr2 = 0;
	v->shutdown = false;
	v->pending = VP_PENDING_NONE;
	v->reinject = 0;
}

/* INIT then SIPI: real mode at VV00:0000, APIC base and MTRRs kept. */
void vp_vcpu_reset_ap(struct vp_vcpu *v, u8 sipi_vector)
{
	vp_vmcs_reset_guest(v);
	vp_set_seg(VP_CS, sipi_vector << 8, sipi_vector << 12, 0xffff, 0x9b);
	vp_vmwrite(GUEST_RIP, 0);
}

int vp_vmcs_setup(struct vp_vcpu *v)
{
	int ret;

	vp_vmwrite(VIRTUAL_PROCESSOR_ID, v->vpid);
	vp_vmwrite(EPT_POINTER, v->p->eptp);
	ret = vp_vmcs_controls(v);
	if (ret)
		return ret;
	vp_vmwrite(EXCEPTION_BITMAP, 0);
	vp_vmwrite(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vp_vmwrite(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vp_vmwrite(CR3_TARGET_COUNT, 0);
	vp_vmwrite(VM_EXIT_MSR_STORE_COUNT, 0);
	vp_vmwrite(VM_EXIT_MSR_LOAD_COUNT, 0);
	vp_vmwrite(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vp_vmwrite(VM_ENTRY_INTR_INFO_FIELD, 0);
	vp_vmwrite(MSR_BITMAP, page_to_phys(v->p->msr_bitmap));
	vp_vmwrite(IO_BITMAP_A, page_to_phys(v->p->io_bitmap));
	vp_vmwrite(IO_BITMAP_B, page_to_phys(v->p->io_bitmap) + PAGE_SIZE);
	/* One TSC for the whole partition, starting near 0 at its creation. */
	vp_vmwrite(TSC_OFFSET, v->p->tsc_offset);
	vp_vmwrite(CR0_GUEST_HOST_MASK, VP_CR0_OWNED);
	vp_vmwrite(CR4_GUEST_HOST_MASK, VP_CR4_OWNED);
	vp_vmcs_host_constant(v);
	vp_vmcs_set_host_percpu(v, smp_processor_id());
	vp_vmcs_reset_guest(v);
	v->apic_base = APIC_DEFAULT_PHYS_BASE | MSR_IA32_APICBASE_ENABLE |
		       (v->id ? 0 : MSR_IA32_APICBASE_BSP);
	v->misc_enable = MSR_IA32_MISC_ENABLE_FAST_STRING;
	v->mtrr_def_type = 0xc06;	/* MTRRs on, fixed ranges on, default WB */
	return 0;
}

/* CR0 as the guest sees it; the CPU gets the bits VMX forces on top. */
void vp_set_cr0(struct vp_vcpu *v, u64 cr0)
{
	u64 hw = cr0 | X86_CR0_NE;

	/* Unrestricted guest: only PE and PG are exempt from FIXED0. */
	hw |= vp_cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG);
	vp_vmwrite(CR0_READ_SHADOW, cr0);
	vp_vmwrite(GUEST_CR0, hw);
}

enum vp_cpu_mode vp_guest_mode(struct vp_vcpu *v)
{
	u32 ar = vp_vmread(GUEST_CS_AR_BYTES);

	if (!(vp_vmread(GUEST_CR0) & X86_CR0_PE))
		return VP_MODE_REAL16;
	if ((vp_vmread(GUEST_IA32_EFER) & EFER_LMA) && (ar & VMX_AR_L_MASK))
		return VP_MODE_LONG64;
	return ar & VMX_AR_DB_MASK ? VP_MODE_PROT32 : VP_MODE_REAL16;
}

unsigned int vp_guest_cpl(void)
{
	return VMX_AR_DPL(vp_vmread(GUEST_SS_AR_BYTES));
}

void vp_get_regs(struct vp_vcpu *v, struct vpart_regs *r)
{
	u64 *g = &r->rax;
	int i;

	for (i = 0; i < VP_NR_GPRS; i++)
		g[i] = v->gpr[i];
	r->rsp = vp_vmread(GUEST_RSP);
	r->rip = vp_vmread(GUEST_RIP);
	r->rflags = vp_vmread(GUEST_RFLAGS);
}

#define VP_RFLAGS_RESERVED	(GENMASK_ULL(63, 22) | BIT(15) | BIT(5) | BIT(3))

int vp_set_regs(struct vp_vcpu *v, const struct vpart_regs *r)
{
	const u64 *g = &r->rax;
	int i;

	if (r->rflags & VP_RFLAGS_RESERVED)
		return -EINVAL;
	for (i = 0; i < VP_NR_GPRS; i++)
		v->gpr[i] = g[i];
	vp_vmwrite(GUEST_RSP, r->rsp);
	vp_vmwrite(GUEST_RIP, r->rip);
	vp_vmwrite(GUEST_RFLAGS, r->rflags | X86_EFLAGS_FIXED);
	/* Userspace moved the vCPU: an exit it had not completed is void. */
	v->pending = VP_PENDING_NONE;
	return 0;
}

static void vp_get_seg(unsigned int seg, struct vpart_segment *s)
{
	u32 ar = vp_vmread(vp_segs[seg].ar);

	s->selector = vp_vmread(vp_segs[seg].sel);
	s->base = vp_vmread(vp_segs[seg].base);
	s->limit = vp_vmread(vp_segs[seg].limit);
	s->type = ar & 15;
	s->s = (ar >> 4) & 1;
	s->dpl = (ar >> 5) & 3;
	s->present = (ar >> 7) & 1;
	s->avl = (ar >> 12) & 1;
	s->l = (ar >> 13) & 1;
	s->db = (ar >> 14) & 1;
	s->g = (ar >> 15) & 1;
	s->unusable = (ar >> 16) & 1;
	s->padding = 0;
}

static void vp_put_seg(unsigned int seg, const struct vpart_segment *s)
{
	u32 ar = (s->type & 15) | (s->s & 1) << 4 | (s->dpl & 3) << 5 |
		 (s->present & 1) << 7 | (s->avl & 1) << 12 | (s->l & 1) << 13 |
		 (s->db & 1) << 14 | (s->g & 1) << 15 | (s->unusable & 1) << 16;

	vp_set_seg(seg, s->selector, s->base, s->limit, ar);
}

void vp_get_sregs(struct vp_vcpu *v, struct vpart_sregs *s)
{
	struct vpart_segment *segs[VP_NSEGS] = {
		&s->cs, &s->ds, &s->es, &s->fs, &s->gs, &s->ss, &s->tr, &s->ldt,
	};
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < VP_NSEGS; i++)
		vp_get_seg(i, segs[i]);
	s->gdt.base = vp_vmread(GUEST_GDTR_BASE);
	s->gdt.limit = vp_vmread(GUEST_GDTR_LIMIT);
	s->idt.base = vp_vmread(GUEST_IDTR_BASE);
	s->idt.limit = vp_vmread(GUEST_IDTR_LIMIT);
	s->cr0 = vp_vmread(CR0_READ_SHADOW);
	s->cr2 = v->cr2;
	s->cr3 = vp_vmread(GUEST_CR3);
	s->cr4 = vp_vmread(CR4_READ_SHADOW);
	s->cr8 = vp_lapic_get_tpr(v);
	s->efer = vp_vmread(GUEST_IA32_EFER);
	s->apic_base = v->apic_base;
}

int vp_set_sregs(struct vp_vcpu *v, const struct vpart_sregs *s)
{
	const struct vpart_segment *segs[VP_NSEGS] = {
		&s->cs, &s->ds, &s->es, &s->fs, &s->gs, &s->ss, &s->tr, &s->ldt,
	};
	int i;

	/* What the CPU would refuse outright; the rest is the VM entry's job. */
	if ((s->efer & ~VP_EFER_VALID) || (s->cr0 >> 32) || s->cr8 > 15 ||
	    (s->cr4 & X86_CR4_VMXE) || (s->cr4 & ~vp_cr4_fixed1) ||
	    ((s->cr0 & X86_CR0_PG) && !(s->cr0 & X86_CR0_PE)) ||
	    !!(s->efer & EFER_LMA) != !!((s->cr0 & X86_CR0_PG) && (s->efer & EFER_LME)) ||
	    (s->apic_base & ~(0xfffff000ULL | MSR_IA32_APICBASE_ENABLE |
			      X2APIC_ENABLE | MSR_IA32_APICBASE_BSP)))
		return -EINVAL;
	for (i = 0; i < VP_NSEGS; i++)
		vp_put_seg(i, segs[i]);
	vp_vmwrite(GUEST_GDTR_BASE, s->gdt.base);
	vp_vmwrite(GUEST_GDTR_LIMIT, s->gdt.limit);
	vp_vmwrite(GUEST_IDTR_BASE, s->idt.base);
	vp_vmwrite(GUEST_IDTR_LIMIT, s->idt.limit);
	vp_set_cr0(v, s->cr0);
	v->cr2 = s->cr2;
	vp_vmwrite(GUEST_CR3, s->cr3);
	vp_vmwrite(GUEST_CR4, s->cr4 | X86_CR4_VMXE);
	vp_vmwrite(CR4_READ_SHADOW, s->cr4);
	vp_lapic_set_tpr(v, s->cr8);
	vp_vcpu_set_efer(v, s->efer);
	v->apic_base = s->apic_base;
	/* New state: a vCPU that had shut down may run again. */
	v->shutdown = false;
	v->pending = VP_PENDING_NONE;
	vp_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, v->vpid);
	return 0;
}
