/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vpart.ko internals: partitions, vCPUs and the pieces of the VMX core that
 * several files share. Not an API: other modules use include/vpart/hv.h.
 */
#ifndef _VPART_HV_VP_H
#define _VPART_HV_VP_H

#include <linux/bitops.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <asm/fpu/api.h>
#include <uapi/vpart/vpart.h>
#include <vpart/hv.h>
#include "cpuid.h"
#include "ept.h"
#include "insn.h"
#include "lapic.h"
#include "vmx_caps.h"

extern struct vp_vmx_caps vp_caps;

/* ---- VMX on/off (vmx_enable.c) ---- */
int vp_vmx_get(void);
void vp_vmx_put(void);
bool vp_vmx_rebooting(void);
int vp_vmx_init(void);
void vp_vmx_exit(void);
extern u64 vp_cr0_fixed0, vp_cr0_fixed1, vp_cr4_fixed0, vp_cr4_fixed1;

/* ---- partitions (partition.c) ---- */
struct vp_slot {
	bool used;
	u32 flags;			/* VPART_MEM_* */
	u64 gpa;
	u64 size;
	u64 uaddr;
	unsigned long npages;
	struct page **pages;
};

/* Partition-wide Hyper-V state (hyperv.c). */
struct vp_hv {
	struct mutex lock;		/* MSR writes that touch guest pages */
	u64 guest_os_id;
	u64 hypercall;
	u64 ref_tsc;
	u64 tsc_scale;			/* reference time per TSC tick, 0.64 */
};

struct vp_partition {
	struct kref ref;
	struct mutex lock;		/* vCPU creation */
	struct rw_semaphore slots_sem;	/* slots and EPT: write to change */
	struct vp_slot slots[VPART_MAX_MEM_SLOTS];
	struct vp_ept ept;
	u64 eptp;
	struct mm_struct *mm;		/* for locked-memory accounting */
	unsigned long locked_pages;
	struct page *msr_bitmap;
	struct page *io_bitmap;		/* two pages: ports 0-0x7fff, 0x8000-0xffff */
	struct vp_vcpu __rcu *vcpus[VPART_MAX_VCPUS];	/* RCU: IPI senders */
	u64 tsc_offset;			/* guest TSC = host TSC + this */
	struct vp_hv hv;
	struct dentry *debugfs;
	unsigned int seq;
	/* The VMBus server of this partition, if vpart_vmbus was loaded. */
	const struct vp_hv_vmbus_ops *vmbus_ops;
	void *vmbus;		/* creation number, names the debugfs dir */
};

int vp_partition_create(void);
void vp_partition_put(struct vp_partition *p);
int vp_vpid_alloc(void);
void vp_vpid_free(u16 vpid);
int vp_gpa_read(struct vp_partition *p, u64 gpa, void *buf, unsigned int len);
int vp_gpa_write(struct vp_partition *p, u64 gpa, const void *buf, unsigned int len);
const struct vp_slot *vp_slot_find(struct vp_partition *p, u64 gpa);

/* ---- vCPUs (vcpu.c, vmcs.c, exits.c, msr.c, lapic.c, hyperv.c) ---- */

/* Per-vCPU Hyper-V registers. */
struct vp_hv_vcpu {
	u64 vp_assist;
	u64 scontrol, siefp, simp;
	u64 sint[16];
};

/* SynIC pages, referenced while enabled; @lock orders posters and MSR writes. */
struct vp_synic {
	spinlock_t lock;
	struct page *simp;
	struct page *siefp;
};

/* Counters for debugfs: exits by basic reason, and a few events. */
#define VP_NR_EXIT_REASONS	80
struct vp_vcpu_stats {
	u64 exits[VP_NR_EXIT_REASONS];
	u64 injected;			/* external interrupts */
	u64 halt_wakeups;
	u64 hypercalls;
	u64 guest_tsc;			/* TSC ticks between VM entry and exit */
};
enum { VP_RAX, VP_RCX, VP_RDX, VP_RBX, VP_RSP, VP_RBP, VP_RSI, VP_RDI, VP_NR_GPRS = 16 };

/* Guest MSRs VMX does not switch; loaded while the vCPU thread is in RUN. */
enum { VP_UMSR_STAR, VP_UMSR_LSTAR, VP_UMSR_CSTAR, VP_UMSR_SFMASK,
	VP_UMSR_KERNEL_GS_BASE, VP_NR_UMSRS };

enum vp_pending {
	VP_PENDING_NONE,
	VP_PENDING_IO_IN,	/* copy run-page data to RAX, then skip */
	VP_PENDING_SKIP,	/* skip the instruction */
	VP_PENDING_MMIO,	/* complete the decoded access, then skip */
};

struct vp_vcpu {
	struct vp_partition *p;
	u32 id;
	u16 vpid;			/* this vCPU's TLB tag */
	u64 gpr[VP_NR_GPRS];		/* the VM entry stub's view, RSP unused */
	struct mutex mutex;		/* ioctls */
	struct vpart_run *run;

	/* VMCS residency: which CPU holds it active (-1: none). */
	struct page *vmcs_page;
	int cpu;
	bool launched;
	struct list_head loaded_link;	/* on that CPU's list */
	struct preempt_notifier pn;
	bool in_run;

	/* Host state saved at load. */
	u16 host_fs_sel, host_gs_sel, host_ds_sel, host_es_sel;
	unsigned long host_cr3, host_cr4;
	u64 host_umsr[VP_NR_UMSRS];
	bool umsrs_loaded;
	bool entered;			/* GDT/TR limits need restoring at put */

	/* Guest state kept in software. */
	u64 umsr[VP_NR_UMSRS];
	u64 cr2;
	u64 dr[4], dr6;
	u64 xcr0;
	u64 apic_base;
	u64 tsc_adjust;
	u64 misc_enable;
	u64 mtrr_def_type, mtrr_var[16], mtrr_fixed[11];
	u32 proc_ctl, proc2_ctl, entry_ctl;
	struct fpu_guest gfpu;
	struct vp_cpuid *cpuid;
	bool shutdown;

	/* Interrupts and events from other vCPUs. */
	struct vp_lapic lapic;
	unsigned long events;		/* VP_EV_* */
	u8 sipi_vector;
	u32 mp_state;			/* VPART_MP_STATE_* */
	wait_queue_head_t wq;
	u32 reinject;			/* IDT-vectoring info to deliver again */
	u32 reinject_err, reinject_len;
	bool event_set;			/* VM_ENTRY_INTR_INFO written this entry */

	/* A userspace exit to complete at the next RUN. */
	enum vp_pending pending;
	u8 pending_len;			/* instruction length */
	u8 pending_io_size;
	bool pending_long64;		/* MMIO load: 32-bit writes zero-extend */
	struct vp_mmio_insn mmio;

	struct vp_hv_vcpu hv;
	struct vp_synic synic;
	struct vp_vcpu_stats stats;
};

void vp_exits_init(void);
int vp_vcpu_create(struct vp_partition *p, unsigned long id);
void vp_vcpu_load(struct vp_vcpu *v);
void vp_vcpu_put(struct vp_vcpu *v);
void vp_vmcs_clear_on_cpu(void *vcpu);
void vp_vmcs_clear_cpu_list(void);
void vp_vmcs_track(struct vp_vcpu *v);
/* Whose VMCS is current on each CPU (vmx_enable.c). */
DECLARE_PER_CPU(struct vp_vcpu *, vp_current_vmcs);

int vp_vmcs_setup(struct vp_vcpu *v);
void vp_vmcs_set_host_percpu(struct vp_vcpu *v, int cpu);
void vp_get_regs(struct vp_vcpu *v, struct vpart_regs *r);
int vp_set_regs(struct vp_vcpu *v, const struct vpart_regs *r);
void vp_get_sregs(struct vp_vcpu *v, struct vpart_sregs *s);
int vp_set_sregs(struct vp_vcpu *v, const struct vpart_sregs *s);
void vp_set_cr0(struct vp_vcpu *v, u64 cr0);
void vp_vcpu_set_efer(struct vp_vcpu *v, u64 efer);
enum vp_cpu_mode vp_guest_mode(struct vp_vcpu *v);
unsigned int vp_guest_cpl(void);

int vp_msr_get(struct vp_vcpu *v, u32 index, u64 *val, bool host);
int vp_msr_set(struct vp_vcpu *v, u32 index, u64 val, bool host);
void vp_msr_bitmap_init(void *bitmap);
void vp_vcpu_reset_ap(struct vp_vcpu *v, u8 sipi_vector);

/* ---- Hyper-V (hyperv.c) ---- */
void vp_hv_partition_init(struct vp_partition *p);
void vp_hv_vcpu_reset(struct vp_vcpu *v);
bool vp_hv_msr(u32 index);
int vp_hv_msr_get(struct vp_vcpu *v, u32 index, u64 *val);
int vp_hv_msr_set(struct vp_vcpu *v, u32 index, u64 val, bool host);
int vp_hv_hypercall(struct vp_vcpu *v);

/* ---- SynIC (synic.c) ---- */
void vp_synic_init(struct vp_vcpu *v);
void vp_synic_reset(struct vp_vcpu *v);
void vp_synic_set_page(struct vp_vcpu *v, bool simp, u64 val);
void vp_synic_changed(struct vp_vcpu *v);
u16 vp_hv_post_message(struct vp_vcpu *v, u64 control, u64 gpa);
u16 vp_hv_signal_event(struct vp_vcpu *v, u64 control, u64 input);

/* ---- VMBus host slot (vmbus_attach.c) ---- */
int vp_vmbus_partition_attach(struct vp_partition *p);
void vp_vmbus_partition_detach(struct vp_partition *p);

/* ---- debugfs (stats.c) ---- */
void vp_debugfs_init(void);
void vp_debugfs_exit(void);
void vp_debugfs_partition_add(struct vp_partition *p);
void vp_debugfs_partition_remove(struct vp_partition *p);

/* Exit handling: >0 back to the guest, 0 back to userspace, <0 error. */
int vp_handle_exit(struct vp_vcpu *v, u32 reason);
int vp_complete_pending(struct vp_vcpu *v);
void vp_inject_exception(struct vp_vcpu *v, unsigned int vector, bool has_err, u32 err);
void vp_skip_insn(struct vp_vcpu *v, unsigned int len);
void vp_internal_error(struct vp_vcpu *v, u32 suberror, unsigned int n, ...);

/* vmenter.S: 0 after a VM exit, 1 if VMLAUNCH/VMRESUME failed, 2 on a fault. */
int __vp_vmenter(u64 *gpr, bool launched);
void __vp_vmexit(void);
void vp_do_nmi_irqoff(void);

#endif /* _VPART_HV_VP_H */
