// SPDX-License-Identifier: GPL-2.0
/*
 * VM exit handlers. Everything the guest controls (registers, qualifications
 * of its own accesses, the bytes of its instructions, its page tables) is
 * treated as hostile: what cannot be handled exactly ends the RUN with
 * INTERNAL_ERROR and the vCPU state untouched, never a guess.
 */
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>
#include <asm/fpu/xcr.h>
#include <asm/fpu/xstate.h>
#include <asm/trapnr.h>
#include "vmx_ops.h"
#include "vp.h"

#define VP_PTE_ADDR	0x000ffffffffff000ULL

static u64 vp_host_xcr0;

void vp_skip_insn(struct vp_vcpu *v, unsigned int len)
{
	u32 intr = vp_vmread(GUEST_INTERRUPTIBILITY_INFO);

	vp_vmwrite(GUEST_RIP, vp_vmread(GUEST_RIP) + len);
	/* The instruction completed: its STI/MOV SS shadow is over. */
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vp_vmwrite(GUEST_INTERRUPTIBILITY_INFO,
			   intr & ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

static void vp_skip(struct vp_vcpu *v)
{
	vp_skip_insn(v, vp_vmread(VM_EXIT_INSTRUCTION_LEN));
}

void vp_inject_exception(struct vp_vcpu *v, unsigned int vector, bool has_err, u32 err)
{
	u32 info = INTR_INFO_VALID_MASK | INTR_TYPE_HARD_EXCEPTION | vector;

	/* Real mode pushes no error code (and VM entry checks that). */
	if (has_err && (vp_vmread(GUEST_CR0) & X86_CR0_PE)) {
		info |= INTR_INFO_DELIVER_CODE_MASK;
		vp_vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, err);
	}
	vp_vmwrite(VM_ENTRY_INTR_INFO_FIELD, info);
	v->event_set = true;
}

static int vp_gp(struct vp_vcpu *v)
{
	vp_inject_exception(v, X86_TRAP_GP, true, 0);
	return 1;
}

static int vp_ud(struct vp_vcpu *v)
{
	vp_inject_exception(v, X86_TRAP_UD, false, 0);
	return 1;
}

void vp_internal_error(struct vp_vcpu *v, u32 suberror, unsigned int n, ...)
{
	struct vpart_run *run = v->run;
	va_list ap;
	unsigned int i;

	run->exit_reason = VPART_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = min_t(unsigned int, n, ARRAY_SIZE(run->internal.data));
	va_start(ap, n);
	for (i = 0; i < run->internal.ndata; i++)
		run->internal.data[i] = va_arg(ap, u64);
	va_end(ap);
}

static u64 vp_reg_read(struct vp_vcpu *v, unsigned int reg)
{
	return reg == VP_RSP ? vp_vmread(GUEST_RSP) : v->gpr[reg];
}

static void vp_reg_write(struct vp_vcpu *v, unsigned int reg, u64 val)
{
	if (reg == VP_RSP)
		vp_vmwrite(GUEST_RSP, val);
	else
		v->gpr[reg] = val;
}

/* Guest linear to guest physical through the guest's own page tables. */
static int vp_gva_to_gpa(struct vp_vcpu *v, u64 gva, u64 *gpa)
{
	u64 cr0 = vp_vmread(GUEST_CR0), cr4 = vp_vmread(GUEST_CR4);
	u64 cr3 = vp_vmread(GUEST_CR3), table, e = 0;
	int levels, shift;

	if (!(cr0 & X86_CR0_PG)) {
		*gpa = gva & 0xffffffff;
		return 0;
	}
	if (vp_vmread(GUEST_IA32_EFER) & EFER_LMA) {
		if (cr4 & X86_CR4_LA57)
			return -EFAULT;
		levels = 4;
		table = cr3 & VP_PTE_ADDR;
	} else if (cr4 & X86_CR4_PAE) {
		if (vp_gpa_read(v->p, (cr3 & 0xffffffe0) + ((gva >> 30) & 3) * 8, &e, 8) ||
		    !(e & _PAGE_PRESENT))
			return -EFAULT;
		levels = 2;
		table = e & VP_PTE_ADDR;
	} else {
		u32 e32;

		gva &= 0xffffffff;
		if (vp_gpa_read(v->p, (cr3 & 0xfffff000) + ((gva >> 22) << 2), &e32, 4) ||
		    !(e32 & _PAGE_PRESENT))
			return -EFAULT;
		if ((cr4 & X86_CR4_PSE) && (e32 & _PAGE_PSE)) {
			*gpa = (e32 & 0xffc00000) | (gva & 0x3fffff);
			return 0;
		}
		if (vp_gpa_read(v->p, (e32 & 0xfffff000) + (((gva >> 12) & 1023) << 2), &e32, 4) ||
		    !(e32 & _PAGE_PRESENT))
			return -EFAULT;
		*gpa = (e32 & 0xfffff000) | (gva & 0xfff);
		return 0;
	}
	for (shift = 12 + 9 * (levels - 1); levels; levels--, shift -= 9) {
		if (vp_gpa_read(v->p, table + ((gva >> shift) & 511) * 8, &e, 8) ||
		    !(e & _PAGE_PRESENT))
			return -EFAULT;
		if (levels > 1 && levels < 4 && (e & _PAGE_PSE)) {
			*gpa = (e & VP_PTE_ADDR & ~((1ULL << shift) - 1)) |
			       (gva & ((1ULL << shift) - 1));
			return 0;
		}
		table = e & VP_PTE_ADDR;
	}
	*gpa = table | (gva & 0xfff);
	return 0;
}

/* Up to 15 bytes at CS:RIP; returns how many could be read. */
static unsigned int vp_fetch_insn(struct vp_vcpu *v, enum vp_cpu_mode mode, u8 *buf)
{
	u64 lin = vp_vmread(GUEST_CS_BASE) + vp_vmread(GUEST_RIP), gpa;
	unsigned int got = 0, n;

	if (mode != VP_MODE_LONG64)
		lin &= 0xffffffff;
	while (got < 15) {
		n = min_t(unsigned int, 15 - got, PAGE_SIZE - offset_in_page(lin + got));
		if (vp_gva_to_gpa(v, lin + got, &gpa) || vp_gpa_read(v->p, gpa, buf + got, n))
			break;
		got += n;
	}
	return got;
}

static int vp_exit_mmio(struct vp_vcpu *v, u64 gpa, u64 qual)
{
	struct vpart_run *run = v->run;
	struct vp_mmio_insn *in = &v->mmio;
	enum vp_cpu_mode mode = vp_guest_mode(v);
	const struct vp_slot *s;
	bool ro_write = false, write, in_ram;
	u8 code[16] = {};
	unsigned int got;
	u64 val, w[2];

	if (qual & EPT_VIOLATION_ACC_INSTR) {
		vp_internal_error(v, VPART_INTERNAL_EXEC_MMIO, 1, gpa);
		return 0;
	}
	/* The guest's page tables must live in RAM. */
	if ((qual & EPT_VIOLATION_GVA_IS_VALID) && !(qual & EPT_VIOLATION_GVA_TRANSLATED)) {
		vp_internal_error(v, VPART_INTERNAL_GUEST_WALK, 2,
				  vp_vmread(GUEST_LINEAR_ADDRESS), gpa);
		return 0;
	}
	down_read(&v->p->slots_sem);
	s = vp_slot_find(v->p, gpa);
	in_ram = !!s;
	if (s)
		ro_write = (s->flags & VPART_MEM_READONLY) && (qual & EPT_VIOLATION_ACC_WRITE);
	up_read(&v->p->slots_sem);
	/* Mapped since the exit (slot just set): simply retry. */
	if (in_ram && !ro_write)
		return 1;

	got = vp_fetch_insn(v, mode, code);
	memset(in, 0, sizeof(*in));
	write = !!(qual & EPT_VIOLATION_ACC_WRITE);
	if (vp_insn_decode_mmio(code, got, mode, in) ||
	    write != (in->op == VP_MMIO_STORE || in->op == VP_MMIO_STORE_IMM ||
		      in->op == VP_MMIO_STOS)) {
		memcpy(w, code, sizeof(w));
		vp_internal_error(v, VPART_INTERNAL_MMIO_DECODE, 4, gpa,
				  vp_vmread(GUEST_RIP), w[0], w[1]);
		return 0;
	}
	run->exit_reason = VPART_EXIT_MMIO;
	run->mmio.gpa = gpa;
	run->mmio.len = in->size;
	run->mmio.is_write = write;
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (write) {
		if (in->op == VP_MMIO_STORE_IMM)
			val = in->imm;
		else if (in->op == VP_MMIO_STOS)
			val = v->gpr[VP_RAX];
		else
			val = vp_reg_read(v, in->reg) >> (in->high8 ? 8 : 0);
		memcpy(run->mmio.data, &val, in->size);
	}
	v->pending = VP_PENDING_MMIO;
	v->pending_len = in->len;
	v->pending_long64 = mode == VP_MODE_LONG64;
	return 0;
}

static void vp_complete_mmio(struct vp_vcpu *v)
{
	struct vp_mmio_insn *in = &v->mmio;
	u64 val = 0, old, mask;
	bool long64 = v->pending_long64;

	switch (in->op) {
	case VP_MMIO_LOAD:
	case VP_MMIO_LOAD_ZX:
	case VP_MMIO_LOAD_SX:
		memcpy(&val, v->run->mmio.data, in->size);
		if (in->op == VP_MMIO_LOAD_SX)
			val = in->size == 1 ? (u64)(s8)val : (u64)(s16)val;
		old = vp_reg_read(v, in->reg);
		if (in->high8)
			val = (old & ~0xff00ULL) | ((val & 0xff) << 8);
		else if (in->dst_size == 4 && long64)
			val = (u32)val;
		else if (in->dst_size < 8) {
			mask = (1ULL << (8 * in->dst_size)) - 1;
			val = (old & ~mask) | (val & mask);
		}
		vp_reg_write(v, in->reg, val);
		break;
	case VP_MMIO_STOS: {
		u64 rdi = v->gpr[VP_RDI];
		u64 step = vp_vmread(GUEST_RFLAGS) & X86_EFLAGS_DF ? -(u64)in->size : in->size;

		if (in->addr_size == 8)
			rdi += step;
		else if (in->addr_size == 4)
			rdi = (u32)(rdi + step);
		else
			rdi = (rdi & ~0xffffULL) | ((rdi + step) & 0xffff);
		v->gpr[VP_RDI] = rdi;
		break;
	}
	default:
		break;
	}
}

/* Finish the userspace exit of the previous RUN: >0 to enter the guest. */
int vp_complete_pending(struct vp_vcpu *v)
{
	u64 val = 0, mask;

	switch (v->pending) {
	case VP_PENDING_NONE:
		return 1;
	case VP_PENDING_IO_IN:
		memcpy(&val, (u8 *)v->run + VPART_RUN_IO_DATA_OFFSET, v->pending_io_size);
		if (v->pending_io_size == 4) {
			v->gpr[VP_RAX] = (u32)val;
		} else {
			mask = (1ULL << (8 * v->pending_io_size)) - 1;
			v->gpr[VP_RAX] = (v->gpr[VP_RAX] & ~mask) | (val & mask);
		}
		break;
	case VP_PENDING_MMIO:
		vp_complete_mmio(v);
		break;
	case VP_PENDING_SKIP:
		break;
	}
	vp_skip_insn(v, v->pending_len);
	v->pending = VP_PENDING_NONE;
	return 1;
}

static int vp_exit_io(struct vp_vcpu *v, u64 qual)
{
	struct vpart_run *run = v->run;
	unsigned int size = (qual & 7) + 1;
	bool in = qual & 8;

	/* String I/O (INS/OUTS) is not emulated yet: say so instead of guessing. */
	if ((qual & 16) || (size != 1 && size != 2 && size != 4)) {
		vp_internal_error(v, VPART_INTERNAL_STRING_IO, 1, qual);
		return 0;
	}
	run->exit_reason = VPART_EXIT_IO;
	run->io.direction = in ? VPART_EXIT_IO_IN : VPART_EXIT_IO_OUT;
	run->io.size = size;
	run->io.port = qual >> 16;
	run->io.count = 1;
	run->io.data_offset = VPART_RUN_IO_DATA_OFFSET;
	memset((u8 *)run + VPART_RUN_IO_DATA_OFFSET, 0, 8);
	if (!in)
		memcpy((u8 *)run + VPART_RUN_IO_DATA_OFFSET, &v->gpr[VP_RAX], size);
	v->pending = in ? VP_PENDING_IO_IN : VP_PENDING_SKIP;
	v->pending_io_size = size;
	v->pending_len = vp_vmread(VM_EXIT_INSTRUCTION_LEN);
	return 0;
}

static int vp_exit_cpuid(struct vp_vcpu *v)
{
	u32 fn = v->gpr[VP_RAX], idx = v->gpr[VP_RCX], a, b, c, d;

	vp_cpuid_lookup(v->cpuid, fn, idx, &a, &b, &c, &d);
	if (fn == 1) {
		/* OSXSAVE mirrors the guest's CR4; the APIC ID is the vCPU's. */
		c &= ~BIT(27);
		if (vp_vmread(CR4_READ_SHADOW) & X86_CR4_OSXSAVE)
			c |= BIT(27);
		b = (b & 0x00ffffff) | (v->id << 24);
	} else if (fn == 0xb || fn == 0x1f) {
		d = v->id;
	} else if (fn == 7 && idx == 0) {
		/* Instructions that #UD in the guest unless their control is on. */
		if (!(v->proc2_ctl & SECONDARY_EXEC_ENABLE_INVPCID))
			b &= ~BIT(10);
		c &= ~BIT(22);		/* RDPID: TSC_AUX is not virtualized */
	} else if (fn == 0x80000001) {
		d &= ~BIT(27);		/* RDTSCP: likewise */
	} else if (fn == 0xd && idx == 1) {
		a &= ~BIT(3);		/* XSAVES: not enabled */
	}
	v->gpr[VP_RAX] = a;
	v->gpr[VP_RBX] = b;
	v->gpr[VP_RCX] = c;
	v->gpr[VP_RDX] = d;
	vp_skip(v);
	return 1;
}

static int vp_exit_msr(struct vp_vcpu *v, bool write)
{
	u32 index = v->gpr[VP_RCX];
	u64 val;

	if (write) {
		val = (v->gpr[VP_RDX] << 32) | (u32)v->gpr[VP_RAX];
		if (vp_msr_set(v, index, val, false))
			return vp_gp(v);
	} else {
		if (vp_msr_get(v, index, &val, false))
			return vp_gp(v);
		v->gpr[VP_RAX] = (u32)val;
		v->gpr[VP_RDX] = val >> 32;
	}
	vp_skip(v);
	return 1;
}

static int vp_write_cr0(struct vp_vcpu *v, u64 val)
{
	u64 old = vp_vmread(CR0_READ_SHADOW), efer = vp_vmread(GUEST_IA32_EFER);

	if ((val >> 32) || ((val & X86_CR0_PG) && !(val & X86_CR0_PE)) ||
	    ((val & X86_CR0_NW) && !(val & X86_CR0_CD)))
		return -EINVAL;
	if (!(old & X86_CR0_PG) && (val & X86_CR0_PG) && (efer & EFER_LME)) {
		if (!(vp_vmread(GUEST_CR4) & X86_CR4_PAE))
			return -EINVAL;
		vp_vcpu_set_efer(v, efer | EFER_LMA);
	} else if ((old & X86_CR0_PG) && !(val & X86_CR0_PG) && (efer & EFER_LMA)) {
		vp_vcpu_set_efer(v, efer & ~EFER_LMA);
	}
	vp_set_cr0(v, val);
	if ((old ^ val) & (X86_CR0_PG | X86_CR0_WP))
		vp_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, v->vpid);
	return 0;
}

static int vp_write_cr4(struct vp_vcpu *v, u64 val)
{
	if ((val & X86_CR4_VMXE) || (val & ~vp_cr4_fixed1) ||
	    ((vp_vmread(GUEST_IA32_EFER) & EFER_LMA) && !(val & X86_CR4_PAE)))
		return -EINVAL;
	vp_vmwrite(GUEST_CR4, val | X86_CR4_VMXE);
	vp_vmwrite(CR4_READ_SHADOW, val);
	vp_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, v->vpid);
	return 0;
}

static int vp_exit_cr(struct vp_vcpu *v, u64 qual)
{
	unsigned int cr = qual & 15, type = (qual >> 4) & 3, reg = (qual >> 8) & 15;
	u64 val = vp_reg_read(v, reg), cr0 = vp_vmread(CR0_READ_SHADOW);
	int ret = 0;

	switch (type) {
	case 0:			/* MOV to CR */
		if (cr == 0)
			ret = vp_write_cr0(v, val);
		else if (cr == 4)
			ret = vp_write_cr4(v, val);
		else if (cr == 3)
			vp_vmwrite(GUEST_CR3, val);
		else if (cr == 8 && val <= 15)
			vp_lapic_set_tpr(v, val);
		else
			ret = -EINVAL;
		break;
	case 1:			/* MOV from CR */
		if (cr == 3)
			vp_reg_write(v, reg, vp_vmread(GUEST_CR3));
		else if (cr == 8)
			vp_reg_write(v, reg, vp_lapic_get_tpr(v));
		else
			ret = -EINVAL;
		break;
	case 2:			/* CLTS */
		vp_set_cr0(v, cr0 & ~X86_CR0_TS);
		break;
	default:		/* LMSW: low four bits, PE cannot be cleared */
		ret = vp_write_cr0(v, (cr0 & ~0xeULL) | ((qual >> 16) & 0xf));
		break;
	}
	if (ret)
		return vp_gp(v);
	vp_skip(v);
	return 1;
}

/* Debug registers stay in software: guests cannot arm host breakpoints. */
static int vp_exit_dr(struct vp_vcpu *v, u64 qual)
{
	unsigned int dr = qual & 7, reg = (qual >> 8) & 15;
	bool from = qual & 16;
	u64 val = from ? 0 : vp_reg_read(v, reg);

	if (dr < 4) {
		if (from)
			val = v->dr[dr];
		else
			v->dr[dr] = val;
	} else if (dr == 4 || dr == 6) {
		if (from)
			val = v->dr6 | 0xffff0ff0;
		else
			v->dr6 = val;
	} else {
		if (from) {
			val = vp_vmread(GUEST_DR7);
		} else {
			if (val >> 32)
				return vp_gp(v);
			vp_vmwrite(GUEST_DR7, val | 0x400);
		}
	}
	if (from)
		vp_reg_write(v, reg, val);
	vp_skip(v);
	return 1;
}

static int vp_exit_xsetbv(struct vp_vcpu *v)
{
	u64 val = (v->gpr[VP_RDX] << 32) | (u32)v->gpr[VP_RAX];

	if (!vp_host_xcr0)
		return vp_ud(v);
	if ((u32)v->gpr[VP_RCX] != 0 || vp_guest_cpl() || !(val & XFEATURE_MASK_FP) ||
	    ((val & XFEATURE_MASK_YMM) && !(val & XFEATURE_MASK_SSE)) ||
	    (val & ~vp_host_xcr0))
		return vp_gp(v);
	v->xcr0 = val;
	vp_skip(v);
	return 1;
}

/*
 * HLT with interrupts enabled waits here for INTERRUPT (or a signal, which
 * leaves RIP on the HLT so it halts again when RUN resumes). With
 * interrupts disabled nothing can wake the vCPU: userspace gets HLT.
 */
static int vp_exit_hlt(struct vp_vcpu *v)
{
	if (!(vp_vmread(GUEST_RFLAGS) & X86_EFLAGS_IF)) {
		vp_skip(v);
		v->run->exit_reason = VPART_EXIT_HLT;
		return 0;
	}
	if (vp_lapic_pending(v) < 0 && !READ_ONCE(v->events)) {
		unsigned int len = vp_vmread(VM_EXIT_INSTRUCTION_LEN);

		if (wait_event_interruptible(v->wq, vp_lapic_pending(v) >= 0 ||
					     READ_ONCE(v->events))) {
			v->run->exit_reason = VPART_EXIT_INTR;
			return -EINTR;
		}
		v->stats.halt_wakeups++;
		vp_skip_insn(v, len);
		return 1;
	}
	vp_skip(v);
	return 1;
}

int vp_handle_exit(struct vp_vcpu *v, u32 reason)
{
	struct vpart_run *run = v->run;
	u64 qual = vp_vmread(EXIT_QUALIFICATION);

	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		run->exit_reason = VPART_EXIT_FAIL_ENTRY;
		run->fail_entry.hardware_exit_reason = reason;
		run->fail_entry.vm_instruction_error = 0;
		run->fail_entry.qualification = qual;
		return 0;
	}
	switch (reason & 0xffff) {
	case EXIT_REASON_EXCEPTION_NMI:
		if ((vp_vmread(VM_EXIT_INTR_INFO) & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR)
			return 1;
		break;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
	case EXIT_REASON_INTERRUPT_WINDOW:
	case EXIT_REASON_PREEMPTION_TIMER:
		return 1;
	case EXIT_REASON_TRIPLE_FAULT:
		v->shutdown = true;
		run->exit_reason = VPART_EXIT_SHUTDOWN;
		return 0;
	case EXIT_REASON_CPUID:
		return vp_exit_cpuid(v);
	case EXIT_REASON_HLT:
		return vp_exit_hlt(v);
	case EXIT_REASON_IO_INSTRUCTION:
		return vp_exit_io(v, qual);
	case EXIT_REASON_MSR_READ:
		return vp_exit_msr(v, false);
	case EXIT_REASON_MSR_WRITE:
		return vp_exit_msr(v, true);
	case EXIT_REASON_CR_ACCESS:
		return vp_exit_cr(v, qual);
	case EXIT_REASON_DR_ACCESS:
		return vp_exit_dr(v, qual);
	case EXIT_REASON_EPT_VIOLATION:
		return vp_exit_mmio(v, vp_vmread(GUEST_PHYSICAL_ADDRESS), qual);
	case EXIT_REASON_EPT_MISCONFIG:
		vp_internal_error(v, VPART_INTERNAL_EPT_MISCONFIG, 1,
				  vp_vmread(GUEST_PHYSICAL_ADDRESS));
		return 0;
	case EXIT_REASON_XSETBV:
		return vp_exit_xsetbv(v);
	case EXIT_REASON_INVD:
	case EXIT_REASON_WBINVD:
		vp_skip(v);
		return 1;
	case EXIT_REASON_RDPMC:
		return vp_gp(v);
	case EXIT_REASON_VMCALL:
		return vp_hv_hypercall(v);
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMLAUNCH:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMRESUME:
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_VMOFF:
	case EXIT_REASON_VMON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_VMFUNC:
	case EXIT_REASON_MONITOR_INSTRUCTION:
	case EXIT_REASON_MWAIT_INSTRUCTION:
		/* No nesting, no MONITOR/MWAIT in CPUID, no hypercalls yet. */
		return vp_ud(v);
	}
	vp_internal_error(v, VPART_INTERNAL_UNHANDLED_EXIT, 2, (u64)reason, qual);
	return 0;
}

void vp_exits_init(void)
{
	if (boot_cpu_has(X86_FEATURE_OSXSAVE))
		vp_host_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
}
