// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_netvsp.ko: synthetic NICs backed by host netdevs. Each "netvsp"
 * device the launcher adds is one NIC; its config (struct
 * vpart_netvsp_config) names the host netdev the VSP creates for it, which
 * goes with the device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "vpart/compat.h"
#include "netvsp.h"

static bool vp_net_config_ok(const struct vpart_netvsp_config *c)
{
	size_t n = strnlen(c->ifname, sizeof(c->ifname));

	if (!n || n == sizeof(c->ifname) || c->reserved0 ||
	    memchr_inv(c->reserved, 0, sizeof(c->reserved)))
		return false;
	if (!is_valid_ether_addr(c->mac))
		return false;
	return !c->mtu || (c->mtu >= VPART_NIC_MTU_MIN && c->mtu <= VPART_NIC_MTU_MAX);
}

static int vp_net_add(struct vp_vmbus_dev *dev, const void *cfg, u32 len)
{
	const struct vpart_netvsp_config *c = cfg;
	struct vp_net *n;
	int ret;

	if (len != sizeof(*c) || !vp_net_config_ok(c))
		return -EINVAL;
	n = kvzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	vp_net_init(n, dev);
	strscpy(n->ifname, c->ifname, sizeof(n->ifname));
	ret = vp_net_netdev_create(n, c->mac, c->mtu ?: ETH_DATA_LEN);
	if (ret) {
		kvfree(n);
		return ret;
	}
	pr_info("%s: guest address %pM\n", n->ifname, c->mac);
	vp_vmbus_dev_set_priv(dev, n);
	return 0;
}

static void vp_net_remove(struct vp_vmbus_dev *dev)
{
	struct vp_net *n = vp_vmbus_dev_priv(dev);

	vp_net_netdev_destroy(n);
	kvfree(n);
}

static struct vp_vsp_class vp_netvsp_class = {
	.name = "netvsp",
	.if_type = VP_GUID_NIC,
	.owner = THIS_MODULE,
	.max_pkt = VP_NET_MAX_PKT,
	.add = vp_net_add,
	.remove = vp_net_remove,
	.open = vp_net_open,
	.close = vp_net_close,
	.packets = vp_net_packets,
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
