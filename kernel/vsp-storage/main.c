// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_storvsp.ko: synthetic SCSI controllers backed by host block devices and files.
 * At load it registers its device class with the VMBus host.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "vpart/compat.h"
#include "vpart/vmbus.h"

static struct vp_vsp_class vp_storvsp_class = {
	.name = "storvsp",
	.if_type = VP_GUID_SCSI,
	.owner = THIS_MODULE,
};

static int __init vp_storvsp_init(void)
{
	return vp_vmbus_register_class(&vp_storvsp_class);
}

static void __exit vp_storvsp_exit(void)
{
	vp_vmbus_unregister_class(&vp_storvsp_class);
}

module_init(vp_storvsp_init);
module_exit(vp_storvsp_exit);
MODULE_IMPORT_NS(VP_NS_VMBUS);
MODULE_DESCRIPTION("vpart: synthetic SCSI controllers backed by host block devices and files");
MODULE_LICENSE("GPL");
