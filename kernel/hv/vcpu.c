// SPDX-License-Identifier: GPL-2.0
/*
 * vCPUs: the vCPU fd, VMCS residency and the run loop.
 *
 * A VMCS is active on at most one CPU. The vCPU thread may migrate while in
 * RUN: preempt notifiers put the vCPU when it is scheduled out (host MSRs
 * back, GDT/TR limits fixed) and load it again when it is scheduled in,
 * VMCLEARing it on the old CPU first. Interrupts stay disabled from the last
 * check for signals and work to the VM entry, so no kick is ever lost.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include "vmx_ops.h"
#include "vp.h"
#define CREATE_TRACE_POINTS
#include "trace.h"

static const u32 vp_umsr_index[VP_NR_UMSRS] = {
	[VP_UMSR_STAR] = MSR_STAR,
	[VP_UMSR_LSTAR] = MSR_LSTAR,
	[VP_UMSR_CSTAR] = MSR_CSTAR,
	[VP_UMSR_SFMASK] = MSR_SYSCALL_MASK,
	[VP_UMSR_KERNEL_GS_BASE] = MSR_KERNEL_GS_BASE,
};

/* Make @v's VMCS current on this CPU. Preemption disabled. */
void vp_vcpu_load(struct vp_vcpu *v)
{
	int cpu = smp_processor_id();
	unsigned long fs_base;

	if (READ_ONCE(v->cpu) != cpu) {
		int old = READ_ONCE(v->cpu);

		if (old >= 0)
			smp_call_function_single(old, vp_vmcs_clear_on_cpu, v, 1);
		/* Pairs with the smp_wmb() in vp_vmcs_clear_on_cpu(). */
		smp_rmb();
		local_irq_disable();
		vp_vmcs_track(v);
		local_irq_enable();
		v->cpu = cpu;
		v->launched = false;
		vp_vmptrld(page_to_phys(v->vmcs_page));
		this_cpu_write(vp_current_vmcs, v);
		vp_vmcs_set_host_percpu(v, cpu);
		/* Translations this CPU cached for the partition may be stale. */
		vp_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, v->vpid);
		vp_invept(VMX_EPT_EXTENT_CONTEXT, v->p->eptp);
	} else if (this_cpu_read(vp_current_vmcs) != v) {
		vp_vmptrld(page_to_phys(v->vmcs_page));
		this_cpu_write(vp_current_vmcs, v);
	}

	/* Host segment state the VM exit replaces (see vp_vcpu_put). */
	savesegment(fs, v->host_fs_sel);
	savesegment(gs, v->host_gs_sel);
	savesegment(ds, v->host_ds_sel);
	savesegment(es, v->host_es_sel);
	vp_vmwrite(HOST_FS_SELECTOR, v->host_fs_sel & 7 ? 0 : v->host_fs_sel);
	vp_vmwrite(HOST_GS_SELECTOR, v->host_gs_sel & 7 ? 0 : v->host_gs_sel);
	rdmsrl(MSR_FS_BASE, fs_base);
	vp_vmwrite(HOST_FS_BASE, fs_base);
}

static void vp_umsrs_load(struct vp_vcpu *v)
{
	int i;

	for (i = 0; i < VP_NR_UMSRS; i++) {
		rdmsrl(vp_umsr_index[i], v->host_umsr[i]);
		wrmsrl(vp_umsr_index[i], v->umsr[i]);
	}
	v->umsrs_loaded = true;
}

/* Give the CPU back to the host. Preemption (or IRQs) disabled. */
void vp_vcpu_put(struct vp_vcpu *v)
{
	int i;

	if (v->umsrs_loaded) {
		/* The guest may change them without exits (SWAPGS, WRMSR). */
		for (i = 0; i < VP_NR_UMSRS; i++) {
			rdmsrl(vp_umsr_index[i], v->umsr[i]);
			wrmsrl(vp_umsr_index[i], v->host_umsr[i]);
		}
		v->umsrs_loaded = false;
	}
	if (!v->entered)
		return;
	v->entered = false;
	if (v->host_ds_sel | v->host_es_sel) {
		loadsegment(ds, v->host_ds_sel);
		loadsegment(es, v->host_es_sel);
	}
	if (v->host_fs_sel & 7)
		loadsegment(fs, v->host_fs_sel);
	if (v->host_gs_sel & 7) {
		u64 kgs;

		/* load_gs_index() goes through KERNEL_GS_BASE: keep it. */
		rdmsrl(MSR_KERNEL_GS_BASE, kgs);
		load_gs_index(v->host_gs_sel);
		wrmsrl(MSR_KERNEL_GS_BASE, kgs);
	}
	/* VM exit leaves GDTR.limit 0xffff and TR.limit 0x67. */
	load_fixmap_gdt(raw_smp_processor_id());
	invalidate_tss_limit();
}

static void vp_sched_in(struct preempt_notifier *pn, int cpu)
{
	vp_vcpu_load(container_of(pn, struct vp_vcpu, pn));
}

static void vp_sched_out(struct preempt_notifier *pn, struct task_struct *next)
{
	vp_vcpu_put(container_of(pn, struct vp_vcpu, pn));
}

static struct preempt_ops vp_preempt_ops = {
	.sched_in = vp_sched_in,
	.sched_out = vp_sched_out,
};

/* Pick what to deliver at this entry: re-injection first, then interrupts. */
static void vp_inject_events(struct vp_vcpu *v)
{
	u32 proc = v->proc_ctl & ~CPU_BASED_INTR_WINDOW_EXITING;
	int vec;

	if (v->reinject) {
		vp_vmwrite(VM_ENTRY_INTR_INFO_FIELD, v->reinject);
		if (v->reinject & INTR_INFO_DELIVER_CODE_MASK)
			vp_vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, v->reinject_err);
		vp_vmwrite(VM_ENTRY_INSTRUCTION_LEN, v->reinject_len);
		v->reinject = 0;
		v->event_set = true;
	}
	vec = vp_lapic_pending(v);
	if (vec >= 0) {
		u64 rflags = vp_vmread(GUEST_RFLAGS);
		u32 intr = vp_vmread(GUEST_INTERRUPTIBILITY_INFO);

		if (!v->event_set && (rflags & X86_EFLAGS_IF) &&
		    !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))) {
			vp_lapic_accept(v, vec);
			vp_vmwrite(VM_ENTRY_INTR_INFO_FIELD,
				   INTR_INFO_VALID_MASK | INTR_TYPE_EXT_INTR | vec);
			v->event_set = true;
			v->stats.injected++;
			/* A halted guest wakes up for it. */
			if (vp_vmread(GUEST_ACTIVITY_STATE))
				vp_vmwrite(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
		}
		/* Another one waits: exit as soon as the guest can take it. */
		if (vp_lapic_pending(v) >= 0)
			proc |= CPU_BASED_INTR_WINDOW_EXITING;
	}
	if (proc != v->proc_ctl) {
		v->proc_ctl = proc;
		vp_vmwrite(CPU_BASED_VM_EXEC_CONTROL, proc);
	}
}

/* One VM entry and exit. IRQs and preemption disabled. */
static int vp_enter(struct vp_vcpu *v, u32 *reason)
{
	unsigned long cr3 = __get_current_cr3_fast(), cr4 = cr4_read_shadow();
	u64 host_xcr0 = 0, t0;
	bool xcr0_switch = false;
	int ret;

	BUILD_BUG_ON(HOST_RSP != 0x6c14);	/* vmenter.S */
	if (unlikely(cr3 != v->host_cr3)) {
		vp_vmwrite(HOST_CR3, cr3);
		v->host_cr3 = cr3;
	}
	if (unlikely(cr4 != v->host_cr4)) {
		vp_vmwrite(HOST_CR4, cr4);
		v->host_cr4 = cr4;
	}
	if (boot_cpu_has(X86_FEATURE_XSAVE) &&
	    (vp_vmread(GUEST_CR4) & X86_CR4_OSXSAVE)) {
		host_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
		if (host_xcr0 != v->xcr0) {
			xsetbv(XCR_XFEATURE_ENABLED_MASK, v->xcr0);
			xcr0_switch = true;
		}
	}
	native_write_cr2(v->cr2);
	v->entered = true;
	t0 = rdtsc();
	ret = __vp_vmenter(v->gpr, v->launched);
	/* Path lengths under Bochs: what the host spent is the rest. */
	v->stats.guest_tsc += rdtsc() - t0;
	v->cr2 = native_read_cr2();
	if (xcr0_switch)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, host_xcr0);
	if (ret)
		return ret;
	v->launched = true;
	*reason = vp_vmread(VM_EXIT_REASON);
	/* An NMI that hit the guest belongs to the host: run its handler now. */
	if ((*reason & 0xffff) == EXIT_REASON_EXCEPTION_NMI) {
		u32 info = vp_vmread(VM_EXIT_INTR_INFO);

		if ((info & (INTR_INFO_VALID_MASK | INTR_INFO_INTR_TYPE_MASK)) ==
		    (INTR_INFO_VALID_MASK | INTR_TYPE_NMI_INTR))
			vp_do_nmi_irqoff();
	}
	return 0;
}

static void vp_save_vectoring(struct vp_vcpu *v)
{
	u32 idt = vp_vmread(IDT_VECTORING_INFO_FIELD);

	if (!(idt & VECTORING_INFO_VALID_MASK))
		return;
	v->reinject = idt & ~(BIT(12) | GENMASK(30, 13));
	v->reinject_err = idt & VECTORING_INFO_DELIVER_CODE_MASK ?
			  vp_vmread(IDT_VECTORING_ERROR_CODE) : 0;
	v->reinject_len = vp_vmread(VM_EXIT_INSTRUCTION_LEN);
}

/*
 * An application processor waits here for INIT + SIPI (the start-up IPIs
 * another vCPU sends through its x2APIC). Return: 0 when started, -EINTR.
 */
static int vp_wait_sipi(struct vp_vcpu *v)
{
	for (;;) {
		/* Another INIT restarts the wait; only a SIPI ends it. */
		clear_bit(VP_EV_INIT, &v->events);
		if (test_and_clear_bit(VP_EV_SIPI, &v->events))
			return 0;
		if (wait_event_interruptible(v->wq, READ_ONCE(v->events)))
			return -EINTR;
	}
}

/* Back from the loop to wait for SIPI again. */
#define VP_RESTART	2

/* INIT arrived while running: reset the APIC and wait for a SIPI. */
static bool vp_check_init(struct vp_vcpu *v)
{
	if (likely(!READ_ONCE(v->events)))
		return false;
	if (test_and_clear_bit(VP_EV_INIT, &v->events)) {
		vp_lapic_reset(v);
		v->mp_state = VPART_MP_STATE_WAIT_SIPI;
		return true;
	}
	/* A SIPI outside wait-for-SIPI is ignored, as on hardware. */
	clear_bit(VP_EV_SIPI, &v->events);
	return false;
}

static int vp_run(struct vp_vcpu *v)
{
	struct vpart_run *run = v->run;
	bool started;
	u32 reason = 0;
	int ret;

	run->exit_reason = VPART_EXIT_NONE;
	if (v->shutdown) {
		run->exit_reason = VPART_EXIT_SHUTDOWN;
		return 0;
	}
again:
	if (READ_ONCE(run->immediate_exit) || signal_pending(current)) {
		run->exit_reason = VPART_EXIT_INTR;
		return -EINTR;
	}
	started = false;
	if (v->mp_state == VPART_MP_STATE_WAIT_SIPI) {
		if (vp_wait_sipi(v)) {
			run->exit_reason = VPART_EXIT_INTR;
			return -EINTR;
		}
		started = true;
	}
	ret = fpu_swap_kvm_fpstate(&v->gfpu, true);
	if (ret)
		return ret;
	preempt_notifier_init(&v->pn, &vp_preempt_ops);
	preempt_disable();
	preempt_notifier_register(&v->pn);
	vp_vcpu_load(v);
	preempt_enable();

	if (started) {
		vp_vcpu_reset_ap(v, READ_ONCE(v->sipi_vector));
		v->mp_state = VPART_MP_STATE_RUNNABLE;
	}
	ret = vp_complete_pending(v);
	while (ret > 0) {
		if (vp_check_init(v)) {
			ret = VP_RESTART;
			break;
		}
		preempt_disable();
		if (!v->umsrs_loaded)
			vp_umsrs_load(v);
		local_irq_disable();
		if (signal_pending(current) || need_resched() || vp_vmx_rebooting()) {
			local_irq_enable();
			preempt_enable();
			if (vp_vmx_rebooting()) {
				ret = -EIO;
				break;
			}
			if (signal_pending(current)) {
				run->exit_reason = VPART_EXIT_INTR;
				ret = -EINTR;
				break;
			}
			cond_resched();
			continue;
		}
		/*
		 * A context switch or a kernel_fpu_begin() since the swap saved
		 * the guest's FPU registers and left someone else's in the CPU:
		 * load the guest's back, or it runs on foreign SIMD state.
		 */
		if (test_thread_flag(TIF_NEED_FPU_LOAD))
			switch_fpu_return();
		v->event_set = false;
		vp_inject_events(v);
		trace_vpart_entry(v->id, vp_vmread(GUEST_RIP),
				  v->event_set ? vp_vmread(VM_ENTRY_INTR_INFO_FIELD) : 0);
		ret = vp_enter(v, &reason);
		local_irq_enable();
		if (!ret) {
			v->stats.exits[min_t(u32, reason & 0xffff, VP_NR_EXIT_REASONS - 1)]++;
			trace_vpart_exit(v->id, reason, vp_vmread(GUEST_RIP),
					 vp_vmread(EXIT_QUALIFICATION));
		}
		if (ret) {
			preempt_enable();
			run->exit_reason = VPART_EXIT_FAIL_ENTRY;
			run->fail_entry.hardware_exit_reason = 0;
			run->fail_entry.vm_instruction_error =
				ret == 1 ? vp_vmread(VM_INSTRUCTION_ERROR) : 0;
			run->fail_entry.qualification = 0;
			ret = ret == 1 ? 0 : -EIO;
			break;
		}
		preempt_enable();
		vp_save_vectoring(v);
		ret = vp_handle_exit(v, reason);
		/* A quiescent point for RCU on kernels without preemption. */
		cond_resched();
	}

	preempt_disable();
	vp_vcpu_put(v);
	preempt_notifier_unregister(&v->pn);
	preempt_enable();
	fpu_swap_kvm_fpstate(&v->gfpu, false);
	if (ret == VP_RESTART)
		goto again;
	return ret < 0 ? ret : 0;
}

/* Runs wherever: the vCPU thread may be in the guest or asleep in HLT. */
static int vp_interrupt(struct vp_vcpu *v, const struct vpart_interrupt __user *arg)
{
	struct vpart_interrupt irq;

	if (copy_from_user(&irq, arg, sizeof(irq)))
		return -EFAULT;
	if (irq.flags || irq.vector < 16 || irq.vector > 255)
		return -EINVAL;
	vp_lapic_deliver(v, irq.vector);
	return 0;
}

static int vp_mp_state_ioctl(struct vp_vcpu *v, struct vpart_mp_state __user *arg, bool set)
{
	struct vpart_mp_state st = { .state = v->mp_state };

	if (!set)
		return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
	if (copy_from_user(&st, arg, sizeof(st)))
		return -EFAULT;
	if (st.padding || (st.state != VPART_MP_STATE_RUNNABLE &&
			   st.state != VPART_MP_STATE_WAIT_SIPI))
		return -EINVAL;
	v->mp_state = st.state;
	return 0;
}

static int vp_set_cpuid(struct vp_vcpu *v, struct vpart_cpuid __user *arg)
{
	struct vpart_cpuid hdr;
	struct vpart_cpuid_entry ue;
	struct vp_cpuid_entry *e;
	struct vp_cpuid *c;
	u32 i;
	int ret;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nent > VPART_CPUID_MAX_ENTRIES || hdr.padding)
		return -EINVAL;
	e = kvcalloc(hdr.nent ? hdr.nent : 1, sizeof(*e), GFP_KERNEL_ACCOUNT);
	c = kvzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	ret = -ENOMEM;
	if (!e || !c)
		goto out;
	for (i = 0; i < hdr.nent; i++) {
		ret = -EFAULT;
		if (copy_from_user(&ue, &arg->entries[i], sizeof(ue)))
			goto out;
		ret = -EINVAL;
		if (ue.flags & ~VPART_CPUID_FLAG_INDEXED || ue.padding)
			goto out;
		e[i] = (struct vp_cpuid_entry){
			.function = ue.function, .index = ue.index,
			.flags = ue.flags & VPART_CPUID_FLAG_INDEXED ? VP_CPUID_INDEXED : 0,
			.eax = ue.eax, .ebx = ue.ebx, .ecx = ue.ecx, .edx = ue.edx,
		};
	}
	ret = vp_cpuid_build(c, e, hdr.nent);
	if (ret)
		goto out;
	swap(v->cpuid, c);
out:
	kvfree(c);
	kvfree(e);
	return ret;
}

static int vp_msrs_ioctl(struct vp_vcpu *v, struct vpart_msrs __user *arg, bool set)
{
	struct vpart_msrs hdr;
	struct vpart_msr_entry e;
	u32 i;
	int ret = 0;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nmsrs > VPART_MAX_MSR_ENTRIES || hdr.padding)
		return -EINVAL;
	for (i = 0; i < hdr.nmsrs; i++) {
		if (copy_from_user(&e, &arg->entries[i], sizeof(e)))
			return -EFAULT;
		preempt_disable();
		vp_vcpu_load(v);
		ret = set ? vp_msr_set(v, e.index, e.data, true) :
			    vp_msr_get(v, e.index, &e.data, true);
		preempt_enable();
		if (ret)
			break;
		if (!set && copy_to_user(&arg->entries[i], &e, sizeof(e)))
			return -EFAULT;
	}
	return i;
}

/* GET/SET_REGS and GET/SET_SREGS: the VMCS must be current while they run. */
static long vp_state_ioctl(struct vp_vcpu *v, unsigned int cmd, void __user *uarg)
{
	union {
		struct vpart_regs regs;
		struct vpart_sregs sregs;
	} u;
	bool set = cmd == VPART_SET_REGS || cmd == VPART_SET_SREGS;
	long ret = 0;

	if (set && copy_from_user(&u, uarg, _IOC_SIZE(cmd)))
		return -EFAULT;
	preempt_disable();
	vp_vcpu_load(v);
	switch (cmd) {
	case VPART_GET_REGS:
		vp_get_regs(v, &u.regs);
		break;
	case VPART_SET_REGS:
		ret = vp_set_regs(v, &u.regs);
		break;
	case VPART_GET_SREGS:
		vp_get_sregs(v, &u.sregs);
		break;
	default:
		ret = vp_set_sregs(v, &u.sregs);
		break;
	}
	preempt_enable();
	if (!set && copy_to_user(uarg, &u, _IOC_SIZE(cmd)))
		return -EFAULT;
	return ret;
}

static long vp_vcpu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct vp_vcpu *v = f->private_data;
	void __user *uarg = (void __user *)arg;
	long ret;

	/* INTERRUPT must reach a vCPU that is inside RUN: no mutex. */
	if (cmd == VPART_INTERRUPT)
		return vp_interrupt(v, uarg);
	if (mutex_lock_killable(&v->mutex))
		return -EINTR;
	switch (cmd) {
	case VPART_RUN:
		ret = arg ? -EINVAL : vp_run(v);
		break;
	case VPART_GET_REGS:
	case VPART_SET_REGS:
	case VPART_GET_SREGS:
	case VPART_SET_SREGS:
		ret = vp_state_ioctl(v, cmd, uarg);
		break;
	case VPART_SET_CPUID:
		ret = vp_set_cpuid(v, uarg);
		break;
	case VPART_GET_MSRS:
	case VPART_SET_MSRS:
		ret = vp_msrs_ioctl(v, uarg, cmd == VPART_SET_MSRS);
		break;
	case VPART_GET_MP_STATE:
	case VPART_SET_MP_STATE:
		ret = vp_mp_state_ioctl(v, uarg, cmd == VPART_SET_MP_STATE);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&v->mutex);
	return ret;
}

static vm_fault_t vp_run_fault(struct vm_fault *vmf)
{
	struct vp_vcpu *v = vmf->vma->vm_file->private_data;

	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	vmf->page = virt_to_page(v->run);
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct vp_run_vm_ops = {
	.fault = vp_run_fault,
};

static int vp_vcpu_mmap(struct file *f, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff || vma_pages(vma) != 1)
		return -EINVAL;
	vma->vm_ops = &vp_run_vm_ops;
	return 0;
}

static void vp_vcpu_free(struct vp_vcpu *v)
{
	vp_lapic_destroy(v);
	vp_synic_reset(v);
	if (READ_ONCE(v->cpu) >= 0)
		smp_call_function_single(v->cpu, vp_vmcs_clear_on_cpu, v, 1);
	vp_vpid_free(v->vpid);
	if (v->vmcs_page)
		__free_page(v->vmcs_page);
	if (v->run)
		free_page((unsigned long)v->run);
	fpu_free_guest_fpstate(&v->gfpu);
	kvfree(v->cpuid);
	kfree(v);
}

static int vp_vcpu_release(struct inode *inode, struct file *f)
{
	struct vp_vcpu *v = f->private_data;
	struct vp_partition *p = v->p;

	mutex_lock(&p->lock);
	RCU_INIT_POINTER(p->vcpus[v->id], NULL);
	mutex_unlock(&p->lock);
	/* IPI senders and debugfs readers may still look at it. */
	synchronize_rcu();
	vp_vcpu_free(v);
	vp_partition_put(p);
	return 0;
}

static const struct file_operations vp_vcpu_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vp_vcpu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = vp_vcpu_mmap,
	.release = vp_vcpu_release,
	.llseek = noop_llseek,
};

int vp_vcpu_create(struct vp_partition *p, unsigned long id)
{
	struct vp_vcpu *v;
	int ret;

	if (id >= VPART_MAX_VCPUS)
		return -EINVAL;
	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	v->p = p;
	v->id = id;
	v->cpu = -1;
	mutex_init(&v->mutex);
	init_waitqueue_head(&v->wq);
	INIT_LIST_HEAD(&v->loaded_link);
	vp_lapic_init(v);
	vp_synic_init(v);
	vp_hv_vcpu_reset(v);
	ret = -ENOMEM;
	v->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	v->vmcs_page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	v->cpuid = kvzalloc(sizeof(*v->cpuid), GFP_KERNEL_ACCOUNT);
	if (!v->run || !v->vmcs_page || !v->cpuid ||
	    !fpu_alloc_guest_fpstate(&v->gfpu))
		goto err;
	ret = vp_cpuid_build(v->cpuid, NULL, 0);
	if (ret)
		goto err;
	ret = vp_vpid_alloc();
	if (ret < 0)
		goto err;
	v->vpid = ret;
	*(u32 *)page_address(v->vmcs_page) = vp_caps.revision;

	preempt_disable();
	vp_vcpu_load(v);
	ret = vp_vmcs_setup(v);
	preempt_enable();
	if (ret)
		goto err;

	mutex_lock(&p->lock);
	if (rcu_access_pointer(p->vcpus[id])) {
		mutex_unlock(&p->lock);
		ret = -EEXIST;
		goto err;
	}
	rcu_assign_pointer(p->vcpus[id], v);
	kref_get(&p->ref);
	mutex_unlock(&p->lock);

	ret = anon_inode_getfd("vpart-vcpu", &vp_vcpu_fops, v, O_RDWR | O_CLOEXEC);
	if (ret < 0) {
		mutex_lock(&p->lock);
		RCU_INIT_POINTER(p->vcpus[id], NULL);
		mutex_unlock(&p->lock);
		synchronize_rcu();
		vp_partition_put(p);
		goto err;
	}
	return ret;
err:
	vp_vcpu_free(v);
	return ret;
}
