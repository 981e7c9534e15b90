/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vpart userspace ABI: the only definition of /dev/vpart's interface, shared
 * by the kernel modules and the launcher. Fixed-width __u* types only.
 * The API version is bumped for every incompatible change; userspace checks
 * it with VPART_GET_API_VERSION before anything else.
 */
#ifndef _UAPI_VPART_VPART_H
#define _UAPI_VPART_VPART_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VPART_DEVICE_NAME	"vpart"
#define VPART_API_VERSION	5

/* ioctl magic; 0xB8 is unassigned in ioctl-number.rst (6.1). */
#define VPARTIO			0xB8

/* /dev/vpart: returns VPART_API_VERSION. */
#define VPART_GET_API_VERSION	_IO(VPARTIO, 0x00)

/* /dev/vpart: what the host CPU offers; VPART_CAP_VMX clear = no partitions. */
#define VPART_CAP_VMX			(1ULL << 0)
#define VPART_CAP_EPT_2M		(1ULL << 1)
#define VPART_CAP_EPT_1G		(1ULL << 2)
#define VPART_CAP_EPT_AD		(1ULL << 3)
#define VPART_CAP_PREEMPTION_TIMER	(1ULL << 4)

struct vpart_caps {
	__u64 flags;			/* VPART_CAP_* */
	__u32 vmcs_revision;
	__u32 reserved;
};

#define VPART_GET_CAPS		_IOR(VPARTIO, 0x01, struct vpart_caps)

/*
 * /dev/vpart: create a partition (arg must be 0). Returns a partition fd;
 * the partition lives until that fd and every vCPU fd are closed.
 */
#define VPART_CREATE_PARTITION	_IO(VPARTIO, 0x02)

/* /dev/vpart: bytes to mmap() from a vCPU fd at offset 0 (struct vpart_run). */
#define VPART_GET_VCPU_MMAP_SIZE _IO(VPARTIO, 0x03)

/* ---- partition fd ---- */

#define VPART_MAX_MEM_SLOTS	32
#define VPART_MAX_VCPUS		64

#define VPART_MEM_READONLY	(1U << 0)	/* guest writes exit as MMIO */

/*
 * Map userspace memory into the partition's guest-physical space. The pages
 * are pinned until the slot is deleted (memory_size 0) or replaced (same
 * slot, new range) or the partition ends. Page-aligned, no overlaps.
 */
struct vpart_memory_region {
	__u32 slot;
	__u32 flags;			/* VPART_MEM_* */
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
};

#define VPART_SET_MEMORY_REGION	_IOW(VPARTIO, 0x10, struct vpart_memory_region)
/* arg = vCPU id (< VPART_MAX_VCPUS); returns a vCPU fd. */
#define VPART_CREATE_VCPU	_IO(VPARTIO, 0x11)

/* ---- vCPU fd ---- */

/* General registers, ordered as the CPU numbers them (RAX=0 ... R15=15). */
struct vpart_regs {
	__u64 rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rip, rflags;
};

struct vpart_segment {
	__u64 base;
	__u32 limit;
	__u16 selector;
	__u8 type;
	__u8 present, dpl, db, s, l, g, avl;
	__u8 unusable;
	__u8 padding;
};

struct vpart_dtable {
	__u64 base;
	__u16 limit;
	__u16 padding[3];
};

struct vpart_sregs {
	struct vpart_segment cs, ds, es, fs, gs, ss;
	struct vpart_segment tr, ldt;
	struct vpart_dtable gdt, idt;
	__u64 cr0, cr2, cr3, cr4, cr8;
	__u64 efer;
	__u64 apic_base;
	__u64 reserved[4];
};

#define VPART_CPUID_FLAG_INDEXED	(1U << 0)	/* ECX selects the entry */
#define VPART_CPUID_MAX_ENTRIES		256

struct vpart_cpuid_entry {
	__u32 function;
	__u32 index;
	__u32 flags;			/* VPART_CPUID_FLAG_* */
	__u32 eax, ebx, ecx, edx;
	__u32 padding;
};

/* The kernel owns 0x40000000-0x4fffffff and merges its policy bits. */
struct vpart_cpuid {
	__u32 nent;
	__u32 padding;
	struct vpart_cpuid_entry entries[];
};

struct vpart_msr_entry {
	__u32 index;
	__u32 reserved;
	__u64 data;
};

/* GET/SET_MSRS return how many entries were processed (stop at the first bad one). */
struct vpart_msrs {
	__u32 nmsrs;
	__u32 padding;
	struct vpart_msr_entry entries[];
};

#define VPART_MAX_MSR_ENTRIES	64

/*
 * A fixed interrupt (vector 16-255) for this vCPU's local APIC, as an
 * IOAPIC would send it: it waits in the IRR until its priority allows and
 * stays in service until the guest writes EOI. Safe from any thread.
 */
struct vpart_interrupt {
	__u32 vector;
	__u32 flags;			/* must be 0 */
};

#define VPART_RUN		_IO(VPARTIO, 0x20)
#define VPART_GET_REGS		_IOR(VPARTIO, 0x21, struct vpart_regs)
#define VPART_SET_REGS		_IOW(VPARTIO, 0x22, struct vpart_regs)
#define VPART_GET_SREGS		_IOR(VPARTIO, 0x23, struct vpart_sregs)
#define VPART_SET_SREGS		_IOW(VPARTIO, 0x24, struct vpart_sregs)
#define VPART_SET_CPUID		_IOW(VPARTIO, 0x25, struct vpart_cpuid)
#define VPART_GET_MSRS		_IOWR(VPARTIO, 0x26, struct vpart_msrs)
#define VPART_SET_MSRS		_IOW(VPARTIO, 0x27, struct vpart_msrs)
#define VPART_INTERRUPT		_IOW(VPARTIO, 0x28, struct vpart_interrupt)

/*
 * Multiprocessor state. A vCPU in WAIT_SIPI sleeps in RUN until another
 * vCPU sends it INIT + SIPI through its x2APIC (an application processor
 * before Linux brings it up); RUNNABLE is the default.
 */
#define VPART_MP_STATE_RUNNABLE		0
#define VPART_MP_STATE_WAIT_SIPI	1

struct vpart_mp_state {
	__u32 state;			/* VPART_MP_STATE_* */
	__u32 padding;
};

#define VPART_GET_MP_STATE	_IOR(VPARTIO, 0x29, struct vpart_mp_state)
#define VPART_SET_MP_STATE	_IOW(VPARTIO, 0x2a, struct vpart_mp_state)

/* ---- VMBus devices (partition fd, served by vpart_vmbus.ko) ---- */

/*
 * Add a device of a VSP class to the partition: the guest gets an offer for
 * it at once if it is connected to VMBus, else when it asks for offers.
 * The ioctls below fail with ENODEV when vpart_vmbus was not loaded before
 * the partition was created.
 */
#define VPART_VMBUS_CLASS_LEN	16
#define VPART_VMBUS_MAX_CONFIG	4096

struct vpart_vmbus_device {
	char class_name[VPART_VMBUS_CLASS_LEN];	/* "heartbeat", ... NUL-terminated */
	__u8 instance[16];		/* GUID, wire order; all zero: generated */
	__u32 id;			/* out: names the device for REMOVE */
	__u32 config_size;		/* bytes at config, class-specific */
	__u64 config;			/* user pointer */
};

#define VPART_VMBUS_ADD_DEVICE	_IOWR(VPARTIO, 0x40, struct vpart_vmbus_device)
/* arg = device id. The guest gets a rescind; the device goes when it lets go. */
#define VPART_VMBUS_REMOVE_DEVICE _IO(VPARTIO, 0x41)

/* Heartbeat, from the guest's answers to the host's pings every 2 s. */
#define VPART_HEARTBEAT_NONE	0	/* no heartbeat channel open */
#define VPART_HEARTBEAT_WAITING	1	/* open, no answer yet */
#define VPART_HEARTBEAT_OK	2	/* the last ping was answered in time */
#define VPART_HEARTBEAT_LOST	3	/* pings go unanswered */

#define VPART_SHUTDOWN_NONE	0
#define VPART_SHUTDOWN_SENT	1	/* asked, no answer yet */
#define VPART_SHUTDOWN_ACCEPTED	2	/* the guest said yes; power-off follows */
#define VPART_SHUTDOWN_REFUSED	3

struct vpart_vmbus_status {
	__u32 version;			/* negotiated VMBus version, 0: not connected */
	__u32 devices;			/* devices added and not yet released */
	__u32 channels_open;
	__u32 heartbeat;		/* VPART_HEARTBEAT_* */
	__u64 heartbeat_seq;		/* guest's last answer */
	__u64 heartbeat_age_ms;		/* since that answer */
	__u32 shutdown;			/* VPART_SHUTDOWN_* */
	__u32 timesync_samples;		/* time samples the guest answered */
	__u64 messages_in;		/* channel-management messages from the guest */
	__u64 messages_out;
	__u64 reserved[4];
};

#define VPART_VMBUS_GET_STATUS	_IOR(VPARTIO, 0x42, struct vpart_vmbus_status)

/* Ask the guest through the shutdown service; EAGAIN if it has none open. */
#define VPART_SHUTDOWN_POWEROFF	0
#define VPART_SHUTDOWN_REBOOT	2

struct vpart_vmbus_shutdown {
	__u32 flags;			/* VPART_SHUTDOWN_POWEROFF or _REBOOT */
	__u32 padding;
};

#define VPART_VMBUS_SHUTDOWN	_IOW(VPARTIO, 0x43, struct vpart_vmbus_shutdown)
/* Partition-fd ioctl numbers 0x40-0x4f belong to the VMBus host. */
#define VPART_VMBUS_IOC_FIRST	0x40
#define VPART_VMBUS_IOC_LAST	0x4f

/*
 * Config of a "storvsp" device (VPART_VMBUS_ADD_DEVICE): one synthetic SCSI
 * controller with one disk at channel 0, target 0, LUN 0, backed by an open
 * block device or regular file. The VSP takes its own reference to the
 * file; the caller may close fd afterwards. A file not opened for writing
 * is presented read-only whatever the flags say.
 */
#define VPART_DISK_RO		0x1	/* refuse guest writes and unmaps */
#define VPART_DISK_SERIAL_LEN	20

struct vpart_storvsp_config {
	__s32 fd;
	__u32 flags;			/* VPART_DISK_* */
	char serial[VPART_DISK_SERIAL_LEN];	/* VPD 0x80; empty: from the instance */
	__u32 reserved[3];		/* zero */
};

/*
 * Config of a "netvsp" device (VPART_VMBUS_ADD_DEVICE): one synthetic NIC,
 * backed by a host Ethernet netdev named @ifname that the VSP creates and
 * removes with the device. Frames the guest sends arrive on it as
 * received; frames sent to it go to the guest.
 */
#define VPART_NIC_NAME_LEN	16	/* IFNAMSIZ */
#define VPART_NIC_MTU_MIN	68
#define VPART_NIC_MTU_MAX	9000

struct vpart_netvsp_config {
	char ifname[VPART_NIC_NAME_LEN];	/* NUL-terminated, a free name */
	__u8 mac[6];			/* the guest's address; unicast */
	__u16 reserved0;		/* zero */
	__u32 mtu;			/* host netdev MTU; 0: 1500 */
	__u32 reserved[5];		/* zero */
};

/* ---- the shared run page (mmap of a vCPU fd) ---- */

enum vpart_exit_reason {
	VPART_EXIT_NONE		= 0,
	VPART_EXIT_IO		= 1,	/* port I/O for userspace, then RUN again */
	VPART_EXIT_MMIO		= 2,	/* access outside RAM, then RUN again */
	VPART_EXIT_HLT		= 3,	/* HLT with interrupts disabled */
	VPART_EXIT_SHUTDOWN	= 4,	/* triple fault */
	VPART_EXIT_FAIL_ENTRY	= 5,	/* the CPU refused the guest state */
	VPART_EXIT_INTERNAL_ERROR = 6,	/* vpart cannot continue this vCPU */
	VPART_EXIT_INTR		= 7,	/* a signal is pending (RUN fails EINTR) */
};

#define VPART_EXIT_IO_OUT	0
#define VPART_EXIT_IO_IN	1

enum vpart_internal_error {
	VPART_INTERNAL_UNHANDLED_EXIT	= 1,	/* data: exit reason, qualification */
	VPART_INTERNAL_MMIO_DECODE	= 2,	/* data: gpa, rip, insn bytes 0-7, 8-15 */
	VPART_INTERNAL_EPT_MISCONFIG	= 3,	/* data: gpa */
	VPART_INTERNAL_GUEST_WALK	= 4,	/* data: linear address, gpa */
	VPART_INTERNAL_STRING_IO	= 5,	/* data: qualification */
	VPART_INTERNAL_EXEC_MMIO	= 6,	/* data: gpa (instruction fetch outside RAM) */
};

/* Where an I/O exit's data lives inside the run page. */
#define VPART_RUN_IO_DATA_OFFSET	2048

struct vpart_run {
	__u32 exit_reason;		/* enum vpart_exit_reason */
	__u8 immediate_exit;		/* set by userspace: RUN returns INTR at once */
	__u8 padding1[3];
	__u64 flags;
	__u64 reserved[6];
	union {
		struct {
			__u8 direction;	/* VPART_EXIT_IO_* */
			__u8 size;	/* 1, 2 or 4 */
			__u16 port;
			__u32 count;
			__u64 data_offset;	/* from the start of the run page */
		} io;
		struct {
			__u64 gpa;
			__u8 data[8];	/* write: from the guest; read: fill in */
			__u32 len;
			__u8 is_write;
			__u8 padding[3];
		} mmio;
		struct {
			__u64 hardware_exit_reason;
			__u32 vm_instruction_error;
			__u32 padding;
			__u64 qualification;
		} fail_entry;
		struct {
			__u32 suberror;	/* enum vpart_internal_error */
			__u32 ndata;
			__u64 data[8];
		} internal;
		__u8 exit_padding[256];
	};
};


#endif /* _UAPI_VPART_VPART_H */
