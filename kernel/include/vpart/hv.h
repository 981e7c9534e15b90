/* SPDX-License-Identifier: GPL-2.0 */
/*
 * API of vpart.ko (namespace VPART_HV) for the other vpart modules: the only
 * entry points into the hypervisor core that vpart_vmbus and the VSPs use.
 */
#ifndef _VPART_HV_H
#define _VPART_HV_H

#include <linux/module.h>

/**
 * struct vp_hv_vmbus_ops - the VMBus host attached to the hypervisor
 * @owner: module providing the host; pinned while attached
 * @name: for the log
 *
 * The hypervisor routes VMBus traffic (HvPostMessage, HvSignalEvent) of
 * every partition to the one attached host.
 */
struct vp_hv_vmbus_ops {
	struct module *owner;
	const char *name;
};

int vp_hv_attach_vmbus(const struct vp_hv_vmbus_ops *ops);
void vp_hv_detach_vmbus(const struct vp_hv_vmbus_ops *ops);
const struct vp_hv_vmbus_ops *vp_hv_vmbus(void);

#endif /* _VPART_HV_H */
