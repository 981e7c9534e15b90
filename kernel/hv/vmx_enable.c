// SPDX-License-Identifier: GPL-2.0
/*
 * VMX operation on the host CPUs. It is on only while at least one
 * partition exists: the first partition turns it on for every online CPU
 * (a dynamic CPU-hotplug state keeps CPUs that come and go in step), the
 * last one turns it off. Reboot, kexec and crash paths turn it off too,
 * because a CPU left in VMX root operation blocks INIT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/reboot.h>
#include <asm/reboot.h>
#include <asm/tlbflush.h>
#include "vmx_ops.h"
#include "vp.h"

static DEFINE_MUTEX(vp_vmx_lock);
static unsigned int vp_vmx_users;
static int vp_cpuhp_state;
static bool vp_rebooting;
static DEFINE_PER_CPU(struct page *, vp_vmxon_page);
static DEFINE_PER_CPU(bool, vp_vmx_on);
/* VMCSs active on each CPU: they must be VMCLEARed before VMXOFF there. */
static DEFINE_PER_CPU(struct list_head, vp_loaded_vmcss);
DEFINE_PER_CPU(struct vp_vcpu *, vp_current_vmcs);

u64 vp_cr0_fixed0, vp_cr0_fixed1, vp_cr4_fixed0, vp_cr4_fixed1;

void vp_vmx_insn_failed(const char *insn, u64 arg)
{
	/* After an emergency VMXOFF every VMX instruction faults: expected. */
	if (READ_ONCE(vp_rebooting))
		return;
	WARN_ONCE(1, "vpart: %s failed (0x%llx)\n", insn, arg);
}

bool vp_vmx_rebooting(void)
{
	return READ_ONCE(vp_rebooting) || !this_cpu_read(vp_vmx_on);
}

/* Runs on the CPU that holds @vcpu's VMCS active, IRQs off. */
void vp_vmcs_clear_on_cpu(void *vcpu)
{
	struct vp_vcpu *v = vcpu;

	if (v->cpu != raw_smp_processor_id())
		return;
	vp_vmclear(page_to_phys(v->vmcs_page));
	if (__this_cpu_read(vp_current_vmcs) == v)
		__this_cpu_write(vp_current_vmcs, NULL);
	list_del(&v->loaded_link);
	/* The list removal must be visible before the VMCS may move on. */
	smp_wmb();
	WRITE_ONCE(v->cpu, -1);
	v->launched = false;
}

/* Every VMCS active on this CPU: before VMXOFF (IRQs off or NMI context). */
void vp_vmcs_clear_cpu_list(void)
{
	struct list_head *head = this_cpu_ptr(&vp_loaded_vmcss);
	struct vp_vcpu *v, *n;

	if (!head->next)
		return;
	list_for_each_entry_safe(v, n, head, loaded_link)
		vp_vmcs_clear_on_cpu(v);
}

void vp_vmcs_track(struct vp_vcpu *v)
{
	list_add(&v->loaded_link, this_cpu_ptr(&vp_loaded_vmcss));
}

static int vp_cpu_vmxon(void)
{
	struct page *pg = this_cpu_read(vp_vmxon_page);

	/* Another hypervisor (a running KVM guest) already owns VMX here. */
	if (cr4_read_shadow() & X86_CR4_VMXE)
		return -EBUSY;
	cr4_set_bits(X86_CR4_VMXE);
	if (vp_vmxon(page_to_phys(pg))) {
		cr4_clear_bits(X86_CR4_VMXE);
		return -EFAULT;
	}
	this_cpu_write(vp_vmx_on, true);
	vp_invept(VMX_EPT_EXTENT_GLOBAL, 0);
	return 0;
}

static void vp_cpu_vmxoff(void)
{
	if (!this_cpu_read(vp_vmx_on))
		return;
	vp_vmcs_clear_cpu_list();
	vp_vmxoff();
	cr4_clear_bits(X86_CR4_VMXE);
	this_cpu_write(vp_vmx_on, false);
}

static int vp_cpu_online(unsigned int cpu)
{
	struct page *pg = per_cpu(vp_vmxon_page, cpu);
	unsigned long flags;
	int ret;

	if (!pg) {
		pg = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
		if (!pg)
			return -ENOMEM;
		*(u32 *)page_address(pg) = vp_caps.revision;
		per_cpu(vp_vmxon_page, cpu) = pg;
	}
	INIT_LIST_HEAD(per_cpu_ptr(&vp_loaded_vmcss, cpu));
	local_irq_save(flags);
	ret = vp_cpu_vmxon();
	local_irq_restore(flags);
	if (ret)
		pr_err("cannot enable VMX on CPU %u: %s\n", cpu,
		       ret == -EBUSY ? "another hypervisor is using it" :
		       "VMXON faulted");
	return ret;
}

static int vp_cpu_offline(unsigned int cpu)
{
	unsigned long flags;

	local_irq_save(flags);
	vp_cpu_vmxoff();
	local_irq_restore(flags);
	return 0;
}

static void vp_vmxoff_ipi(void *unused)
{
	vp_cpu_vmxoff();
}

static int vp_reboot_notify(struct notifier_block *nb, unsigned long code, void *x)
{
	WRITE_ONCE(vp_rebooting, true);
	on_each_cpu(vp_vmxoff_ipi, NULL, 1);
	return NOTIFY_OK;
}

static struct notifier_block vp_reboot_nb = {
	.notifier_call = vp_reboot_notify,
	.priority = 0,
};

/* Panic, kdump, NMI shoot-down: NMI context, no locks. */
static void vp_emergency_vmxoff(void)
{
	WRITE_ONCE(vp_rebooting, true);
	vp_cpu_vmxoff();
}

/*
 * Linux 6.1 has a single emergency-callback slot and kvm_intel takes it when
 * it loads, so the two cannot share the host: refuse while KVM is loaded
 * (kvm.ko exports kvm_rebooting) rather than leave a CPU in VMX on a crash.
 */
static bool vp_kvm_loaded(void)
{
	void *sym = __symbol_get("kvm_rebooting");

	if (!sym)
		return false;
	__symbol_put("kvm_rebooting");
	return true;
}

static void vp_free_vmxon_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		if (per_cpu(vp_vmxon_page, cpu))
			__free_page(per_cpu(vp_vmxon_page, cpu));
		per_cpu(vp_vmxon_page, cpu) = NULL;
	}
}

/**
 * vp_vmx_get() - VMX on, on every online CPU, for one more partition
 *
 * Return: 0, -EBUSY when another hypervisor owns VMX, -EIO after a reboot
 * started, or the CPU-hotplug error.
 */
int vp_vmx_get(void)
{
	int ret = 0;

	mutex_lock(&vp_vmx_lock);
	if (READ_ONCE(vp_rebooting)) {
		ret = -EIO;
		goto out;
	}
	if (vp_vmx_users++)
		goto out;
	if (vp_kvm_loaded()) {
		pr_err("VMX is owned by another hypervisor: unload kvm_intel and kvm first\n");
		ret = -EBUSY;
		goto undo;
	}
	register_reboot_notifier(&vp_reboot_nb);
	cpu_emergency_register_virt_callback(vp_emergency_vmxoff);
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "vpart:online",
				vp_cpu_online, vp_cpu_offline);
	if (ret < 0) {
		cpu_emergency_unregister_virt_callback(vp_emergency_vmxoff);
		unregister_reboot_notifier(&vp_reboot_nb);
		vp_free_vmxon_pages();
		goto undo;
	}
	vp_cpuhp_state = ret;
	ret = 0;
	goto out;
undo:
	vp_vmx_users--;
out:
	mutex_unlock(&vp_vmx_lock);
	return ret;
}

void vp_vmx_put(void)
{
	mutex_lock(&vp_vmx_lock);
	if (!--vp_vmx_users) {
		cpuhp_remove_state(vp_cpuhp_state);
		cpu_emergency_unregister_virt_callback(vp_emergency_vmxoff);
		unregister_reboot_notifier(&vp_reboot_nb);
		vp_free_vmxon_pages();
	}
	mutex_unlock(&vp_vmx_lock);
}

int vp_vmx_init(void)
{
	rdmsrl(MSR_IA32_VMX_CR0_FIXED0, vp_cr0_fixed0);
	rdmsrl(MSR_IA32_VMX_CR0_FIXED1, vp_cr0_fixed1);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED0, vp_cr4_fixed0);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, vp_cr4_fixed1);
	preempt_notifier_inc();
	return 0;
}

void vp_vmx_exit(void)
{
	preempt_notifier_dec();
}
