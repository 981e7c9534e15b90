/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version switch of the suite lives here and nowhere else.
 * Symbol namespaces: each module exports its API into its own namespace so
 * that our symbols never collide with Linux's own hv_vmbus (hv_*, vmbus_*).
 */
#ifndef _VPART_COMPAT_H
#define _VPART_COMPAT_H

#include <linux/version.h>

/* 6.13 turned the namespace argument of EXPORT_SYMBOL_NS* into a string. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define VP_NS_HV	"VPART_HV"
#define VP_NS_VMBUS	"VPART_VMBUS"
#else
#define VP_NS_HV	VPART_HV
#define VP_NS_VMBUS	VPART_VMBUS
#endif

#endif /* _VPART_COMPAT_H */
