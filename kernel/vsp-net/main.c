// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_netvsp.ko: synthetic NICs backed by host netdevs.
 * At load it registers its device class with the VMBus host.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "vpart/compat.h"
#include "vpart/vmbus.h"

static struct vp_vsp_class vp_netvsp_class = {
	.name = "netvsp",
	.if_type = VP_GUID_NIC,
	.owner = THIS_MODULE,
};

static int __init vp_netvsp_init(void)
{
	return vp_vmbus_register_class(&vp_netvsp_class);
}

static void __exit vp_netvsp_exit(void)
{
	vp_vmbus_unregister_class(&vp_netvsp_class);
}

module_init(vp_netvsp_init);
module_exit(vp_netvsp_exit);
MODULE_IMPORT_NS(VP_NS_VMBUS);
MODULE_DESCRIPTION("vpart: synthetic NICs backed by host netdevs");
MODULE_LICENSE("GPL");
