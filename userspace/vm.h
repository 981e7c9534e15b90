/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One running VM inside `vpart run`: the partition, its vCPU threads and
 * the platform devices they share (platform.c serves their exits).
 */
#ifndef VPART_VM_H
#define VPART_VM_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include "uapi/vpart/vpart.h"
#include "disk.h"
#include "nic.h"

struct vp_uart;
struct vp_ioapic;
struct vp_rtc;

/* Why the VM stopped: the exit status of `vpart run` for each. */
enum vm_end {
	VM_RUNNING = -1,
	VM_POWEROFF = 0,	/* ACPI S5 from the guest */
	VM_ERROR = 1,		/* a failure, already reported */
	VM_RESET = 3,		/* reboot, i8042/0xcf9/0x92 or triple fault */
};

struct vm_vcpu {
	struct vm *vm;
	unsigned int id;
	int fd;
	struct vpart_run *run;
	pthread_t thread;
	unsigned long exits[8];		/* by VPART_EXIT_* */
};

struct vm {
	char name[32];
	uint64_t memory;
	const char *ics;		/* --ic: VMBus devices added at every boot */
	pthread_mutex_t ctl_lock;	/* @part, disks and NICs against the control thread */
	struct vp_disk disks[VP_MAX_DISKS];	/* offered at every boot */
	unsigned int ndisks;
	int disks_live;			/* offered to the current partition */
	struct vp_nic nics[VP_MAX_NICS];	/* offered at every boot, after the disks */
	unsigned int nnics;
	int ctl_fd;
	int part;
	unsigned int ncpus;
	struct vm_vcpu *vcpus;
	FILE *con;
	struct vp_uart *uart;
	struct vp_ioapic *ioapic;
	struct vp_rtc *rtc;
	pthread_mutex_t pci_lock;
	uint32_t pci_addr;		/* conf1 address latch */
	atomic_int end;			/* enum vm_end, first one wins */
	pthread_t main_thread;
};

/* Ends the VM (the first caller's reason counts) and wakes the main thread. */
void vm_stop(struct vm *vm, enum vm_end why);

/*
 * Serve one userspace exit of @c (I/O or MMIO). Return VM_RUNNING to run
 * on, or VM_POWEROFF / VM_RESET when the guest asked for it.
 */
int vp_platform_io(struct vm_vcpu *c);
int vp_platform_mmio(struct vm_vcpu *c);
/* IOAPIC delivery: a fixed interrupt to the vCPU with x2APIC id @dest. */
int vp_platform_deliver(void *vm, uint32_t dest, int logical, uint8_t vector);
/* UART interrupt line -> IOAPIC pin. */
void vp_platform_uart_irq(void *vm, int level);

#endif
