// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/vpart/<pid>-<n>/exits, one directory per
 * partition (creator's pid, creation number). The file lists the VM exits
 * of all its vCPUs by basic reason, plus interrupt and hypercall counts and
 * the host TSC ticks since the partition was created and those its vCPUs
 * spent in guest mode (under Bochs, where the TSC advances once per
 * emulated instruction, these are path lengths).
 */
#include <linux/debugfs.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <asm/tsc.h>
#include <asm/vmx.h>
#include <uapi/asm/vmx.h>
#include "vp.h"

static struct dentry *vp_debugfs_root;
static atomic_t vp_partition_seq = ATOMIC_INIT(0);

static const char *const vp_exit_names[VP_NR_EXIT_REASONS] = {
	[EXIT_REASON_EXCEPTION_NMI] = "exception_nmi",
	[EXIT_REASON_EXTERNAL_INTERRUPT] = "external_interrupt",
	[EXIT_REASON_TRIPLE_FAULT] = "triple_fault",
	[EXIT_REASON_INIT_SIGNAL] = "init_signal",
	[EXIT_REASON_INTERRUPT_WINDOW] = "interrupt_window",
	[EXIT_REASON_NMI_WINDOW] = "nmi_window",
	[EXIT_REASON_TASK_SWITCH] = "task_switch",
	[EXIT_REASON_CPUID] = "cpuid",
	[EXIT_REASON_HLT] = "hlt",
	[EXIT_REASON_INVD] = "invd",
	[EXIT_REASON_INVLPG] = "invlpg",
	[EXIT_REASON_RDPMC] = "rdpmc",
	[EXIT_REASON_RDTSC] = "rdtsc",
	[EXIT_REASON_VMCALL] = "vmcall",
	[EXIT_REASON_CR_ACCESS] = "cr_access",
	[EXIT_REASON_DR_ACCESS] = "dr_access",
	[EXIT_REASON_IO_INSTRUCTION] = "io",
	[EXIT_REASON_MSR_READ] = "msr_read",
	[EXIT_REASON_MSR_WRITE] = "msr_write",
	[EXIT_REASON_INVALID_STATE] = "invalid_state",
	[EXIT_REASON_MWAIT_INSTRUCTION] = "mwait",
	[EXIT_REASON_MONITOR_INSTRUCTION] = "monitor",
	[EXIT_REASON_PAUSE_INSTRUCTION] = "pause",
	[EXIT_REASON_MCE_DURING_VMENTRY] = "mce_during_entry",
	[EXIT_REASON_TPR_BELOW_THRESHOLD] = "tpr_below_threshold",
	[EXIT_REASON_APIC_ACCESS] = "apic_access",
	[EXIT_REASON_EOI_INDUCED] = "eoi_induced",
	[EXIT_REASON_GDTR_IDTR] = "gdtr_idtr",
	[EXIT_REASON_LDTR_TR] = "ldtr_tr",
	[EXIT_REASON_EPT_VIOLATION] = "ept_violation",
	[EXIT_REASON_EPT_MISCONFIG] = "ept_misconfig",
	[EXIT_REASON_INVEPT] = "invept",
	[EXIT_REASON_RDTSCP] = "rdtscp",
	[EXIT_REASON_PREEMPTION_TIMER] = "preemption_timer",
	[EXIT_REASON_INVVPID] = "invvpid",
	[EXIT_REASON_WBINVD] = "wbinvd",
	[EXIT_REASON_XSETBV] = "xsetbv",
	[EXIT_REASON_APIC_WRITE] = "apic_write",
	[EXIT_REASON_RDRAND] = "rdrand",
	[EXIT_REASON_INVPCID] = "invpcid",
	[EXIT_REASON_VMFUNC] = "vmfunc",
	[EXIT_REASON_ENCLS] = "encls",
	[EXIT_REASON_RDSEED] = "rdseed",
	[EXIT_REASON_PML_FULL] = "pml_full",
	[EXIT_REASON_XSAVES] = "xsaves",
	[EXIT_REASON_XRSTORS] = "xrstors",
};

static int vp_exits_show(struct seq_file *m, void *unused)
{
	struct vp_partition *p = m->private;
	struct vp_vcpu_stats sum = { };
	struct vp_vcpu *v;
	unsigned int i, j, nvcpus = 0;

	rcu_read_lock();
	for (i = 0; i < VPART_MAX_VCPUS; i++) {
		v = rcu_dereference(p->vcpus[i]);
		if (!v)
			continue;
		nvcpus++;
		for (j = 0; j < VP_NR_EXIT_REASONS; j++)
			sum.exits[j] += READ_ONCE(v->stats.exits[j]);
		sum.injected += READ_ONCE(v->stats.injected);
		sum.halt_wakeups += READ_ONCE(v->stats.halt_wakeups);
		sum.hypercalls += READ_ONCE(v->stats.hypercalls);
		sum.guest_tsc += READ_ONCE(v->stats.guest_tsc);
	}
	rcu_read_unlock();
	seq_printf(m, "vcpus %u\n", nvcpus);
	seq_printf(m, "tsc_since_create %llu\n", rdtsc() + p->tsc_offset);
	seq_printf(m, "tsc_in_guest %llu\n", sum.guest_tsc);
	for (j = 0; j < VP_NR_EXIT_REASONS; j++) {
		if (!sum.exits[j])
			continue;
		if (vp_exit_names[j])
			seq_printf(m, "exit_%s %llu\n", vp_exit_names[j], sum.exits[j]);
		else
			seq_printf(m, "exit_%u %llu\n", j, sum.exits[j]);
	}
	seq_printf(m, "injected_interrupts %llu\n", sum.injected);
	seq_printf(m, "halt_wakeups %llu\n", sum.halt_wakeups);
	seq_printf(m, "hypercalls %llu\n", sum.hypercalls);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vp_exits);

void vp_debugfs_partition_add(struct vp_partition *p)
{
	char name[32];

	p->seq = atomic_inc_return(&vp_partition_seq);
	if (!vp_debugfs_root)
		return;
	snprintf(name, sizeof(name), "%d-%u", task_tgid_nr(current), p->seq);
	p->debugfs = debugfs_create_dir(name, vp_debugfs_root);
	debugfs_create_file("exits", 0400, p->debugfs, p, &vp_exits_fops);
}

void vp_debugfs_partition_remove(struct vp_partition *p)
{
	debugfs_remove(p->debugfs);
	p->debugfs = NULL;
}

void vp_debugfs_init(void)
{
	vp_debugfs_root = debugfs_create_dir("vpart", NULL);
	if (IS_ERR(vp_debugfs_root))
		vp_debugfs_root = NULL;
}

void vp_debugfs_exit(void)
{
	debugfs_remove(vp_debugfs_root);
}
