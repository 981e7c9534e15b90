/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V guest interface vpart implements (numbers from the public
 * Hypervisor Top-Level Functional Specification): CPUID leaves, synthetic
 * MSRs, hypercall codes and status values, the reference TSC page. Used by
 * vpart.ko, the VMBus host and their tests.
 */
#ifndef _VPART_HV_TLFS_H
#define _VPART_HV_TLFS_H

#include <linux/types.h>

/* CPUID leaves. */
#define VP_HV_CPUID_VENDOR		0x40000000	/* max leaf + "Microsoft Hv" */
#define VP_HV_CPUID_INTERFACE		0x40000001	/* "Hv#1" */
#define VP_HV_CPUID_VERSION		0x40000002
#define VP_HV_CPUID_FEATURES		0x40000003
#define VP_HV_CPUID_HINTS		0x40000004
#define VP_HV_CPUID_LIMITS		0x40000005
#define VP_HV_CPUID_NESTED		0x4000000a
#define VP_HV_CPUID_MAX			VP_HV_CPUID_NESTED

#define VP_HV_VENDOR_EBX		0x7263694d	/* "Micr" */
#define VP_HV_VENDOR_ECX		0x666f736f	/* "osof" */
#define VP_HV_VENDOR_EDX		0x76482074	/* "t Hv" */
#define VP_HV_INTERFACE_EAX		0x31237648	/* "Hv#1" */

/* 0x40000003 EAX: partition privileges (what the guest may use). */
#define VP_HV_TIME_REF_COUNT_AVAIL	(1u << 1)
#define VP_HV_SYNIC_AVAIL		(1u << 2)
#define VP_HV_HYPERCALL_AVAIL		(1u << 5)
#define VP_HV_VP_INDEX_AVAIL		(1u << 6)
#define VP_HV_REF_TSC_AVAIL		(1u << 9)
#define VP_HV_FREQ_MSRS_AVAIL		(1u << 11)
/* 0x40000003 EBX. */
#define VP_HV_POST_MESSAGES		(1u << 4)
#define VP_HV_SIGNAL_EVENTS		(1u << 5)
/* 0x40000003 EDX. */
#define VP_HV_FREQ_MSRS_EDX		(1u << 8)
/* 0x40000004 EAX: the guest EOIs SINT vectors itself (no auto-EOI). */
#define VP_HV_DEPRECATING_AEOI		(1u << 9)

/* Synthetic MSRs. */
#define VP_HV_MSR_GUEST_OS_ID		0x40000000
#define VP_HV_MSR_HYPERCALL		0x40000001
#define VP_HV_MSR_VP_INDEX		0x40000002
#define VP_HV_MSR_TIME_REF_COUNT	0x40000020
#define VP_HV_MSR_REFERENCE_TSC		0x40000021
#define VP_HV_MSR_TSC_FREQUENCY		0x40000022
#define VP_HV_MSR_APIC_FREQUENCY	0x40000023
#define VP_HV_MSR_VP_ASSIST_PAGE	0x40000073
#define VP_HV_MSR_SCONTROL		0x40000080
#define VP_HV_MSR_SVERSION		0x40000081
#define VP_HV_MSR_SIEFP			0x40000082
#define VP_HV_MSR_SIMP			0x40000083
#define VP_HV_MSR_EOM			0x40000084
#define VP_HV_MSR_SINT0			0x40000090
#define VP_HV_SINT_COUNT		16

#define VP_HV_MSR_ENABLE		(1ull << 0)	/* HYPERCALL, REF_TSC, SIMP, ... */
#define VP_HV_HYPERCALL_LOCKED		(1ull << 1)
#define VP_HV_SINT_MASKED		(1ull << 16)
#define VP_HV_SINT_AUTO_EOI		(1ull << 17)
#define VP_HV_SINT_POLLING		(1ull << 18)
#define VP_HV_SINT_VALID_BITS		(0xffull | VP_HV_SINT_MASKED | \
					 VP_HV_SINT_AUTO_EOI | VP_HV_SINT_POLLING)
#define VP_HV_SYNIC_VERSION		1

/* Hypercall input (RCX) and result (RAX). */
#define VP_HV_HCALL_CODE_MASK		0xffffull
#define VP_HV_HCALL_FAST		(1ull << 16)
#define VP_HV_HCALL_POST_MESSAGE	0x005c
#define VP_HV_HCALL_SIGNAL_EVENT	0x005d

#define VP_HV_STATUS_SUCCESS			0
#define VP_HV_STATUS_INVALID_HYPERCALL_CODE	2
#define VP_HV_STATUS_INVALID_HYPERCALL_INPUT	3
#define VP_HV_STATUS_INVALID_ALIGNMENT		4
#define VP_HV_STATUS_INVALID_PARAMETER		5
#define VP_HV_STATUS_INSUFFICIENT_MEMORY	11
#define VP_HV_STATUS_INVALID_PORT_ID		17
#define VP_HV_STATUS_INVALID_CONNECTION_ID	18
#define VP_HV_STATUS_INSUFFICIENT_BUFFERS	19

/* SynIC message page slot (one per SINT), 256 bytes. */
#define VP_HV_MSG_PAYLOAD		240
#define VP_HV_MSG_PENDING		0x1	/* flags: a message waits, write EOM */
#define VP_HV_MSG_TYPE_NONE		0
#define VP_HV_MSG_TYPE_VMBUS		1

struct vp_hv_message {
	__u32 type;
	__u8 size;
	__u8 flags;
	__u16 reserved;
	__u64 sender;
	__u8 payload[VP_HV_MSG_PAYLOAD];
};					/* naturally aligned: 256 bytes */

/* SynIC event flags page: 2048 bits per SINT. */
#define VP_HV_EVENT_FLAGS		2048

/* HvPostMessage input, at an 8-byte aligned guest address. */
struct vp_hv_post_message_input {
	__u32 connection_id;		/* bits 23:0 */
	__u32 reserved;
	__u32 message_type;
	__u32 payload_size;
	__u8 payload[VP_HV_MSG_PAYLOAD];
};

#define VP_HV_CONN_ID_MASK		0xffffffull

/*
 * Reference TSC page: time in 100 ns units = ((TSC * scale) >> 64) + offset,
 * valid while sequence is not 0.
 */
struct vp_hv_ref_tsc_page {
	__u32 sequence;
	__u32 reserved;
	__u64 scale;
	__s64 offset;
};					/* naturally aligned: 24 bytes */

#endif /* _VPART_HV_TLFS_H */
