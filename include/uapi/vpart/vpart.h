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
#define VPART_API_VERSION	1

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

#endif /* _UAPI_VPART_VPART_H */
