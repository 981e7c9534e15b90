// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_vmbus.ko: the host end of VMBus. At load it attaches to the
 * hypervisor core as the one VMBus host; the VSP modules then register their
 * device classes with it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "vpart/compat.h"
#include "vpart/hv.h"
#include "vmbus_internal.h"

static const struct vp_hv_vmbus_ops vp_vmbus_ops = {
	.owner = THIS_MODULE,
	.name = KBUILD_MODNAME,
};

static int __init vp_vmbus_init(void)
{
	int ret = vp_hv_attach_vmbus(&vp_vmbus_ops);

	if (ret)
		pr_err("cannot attach to the hypervisor core: %d\n", ret);
	return ret;
}

static void __exit vp_vmbus_exit(void)
{
	vp_vsp_registry_check_empty();
	vp_hv_detach_vmbus(&vp_vmbus_ops);
}

module_init(vp_vmbus_init);
module_exit(vp_vmbus_exit);
MODULE_IMPORT_NS(VP_NS_HV);
MODULE_DESCRIPTION("vpart: VMBus host (channels, GPADLs, ring buffers)");
MODULE_LICENSE("GPL");
