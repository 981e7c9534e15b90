// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_vmbus.ko: the host end of VMBus. At load it attaches to the
 * hypervisor core as the VMBus host, which gives every partition created
 * from then on a server of its own (server.c), and registers the
 * integration services (ic.c); the VSP modules then register their classes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/module.h>
#include "vpart/compat.h"
#include "vpart/hv.h"
#include "vmbus_internal.h"

struct workqueue_struct *vp_vmbus_wq;

/* The real partition behind a server: vpart.ko's SynIC and RAM. */
static int vp_port_post(void *hv, u32 vp, u32 sint, u32 type, const void *msg, u32 len)
{
	return vp_hv_synic_post(hv, vp, sint, type, msg, len);
}

static int vp_port_signal(void *hv, u32 vp, u32 sint, u32 flag)
{
	return vp_hv_synic_signal(hv, vp, sint, flag);
}

static int vp_port_get_pages(void *hv, const u64 *gfns, unsigned int n, struct page **pages)
{
	return vp_hv_get_guest_pages(hv, gfns, n, pages);
}

static u64 vp_port_ref_time(void *hv)
{
	return vp_hv_ref_time(hv);
}

const struct vp_vmbus_port vp_vmbus_hv_port = {
	.post = vp_port_post,
	.signal = vp_port_signal,
	.get_pages = vp_port_get_pages,
	.ref_time = vp_port_ref_time,
};

static void *vp_ops_create(struct vp_partition *p)
{
	return vp_vmbus_server_create(p, &vp_vmbus_hv_port) ?: ERR_PTR(-ENOMEM);
}

static void vp_ops_destroy(void *srv)
{
	vp_vmbus_server_destroy(srv);
}

static u16 vp_ops_post(void *srv, u32 vp, u32 conn_id, u32 type, const void *data, u32 len)
{
	return vp_vmbus_post(srv, vp, conn_id, type, data, len);
}

static u16 vp_ops_signal(void *srv, u32 vp, u32 conn_id, u16 flag)
{
	return vp_vmbus_signal(srv, conn_id, flag);
}

static void vp_ops_synic_changed(void *data, u32 vp)
{
	struct vp_vmbus_server *srv = data;

	mutex_lock(&srv->lock);
	if (vp == srv->target_vp)
		vp_vmbus_flush(srv);
	mutex_unlock(&srv->lock);
}

static long vp_ops_ioctl(void *srv, unsigned int cmd, void __user *arg)
{
	return vp_vmbus_ioctl(srv, cmd, arg);
}

static const struct vp_hv_vmbus_ops vp_vmbus_ops = {
	.owner = THIS_MODULE,
	.name = KBUILD_MODNAME,
	.create = vp_ops_create,
	.destroy = vp_ops_destroy,
	.post_message = vp_ops_post,
	.signal_event = vp_ops_signal,
	.synic_changed = vp_ops_synic_changed,
	.ioctl = vp_ops_ioctl,
};

static int __init vp_vmbus_init(void)
{
	int ret;

	vp_vmbus_wq = alloc_workqueue("vpart_vmbus", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!vp_vmbus_wq)
		return -ENOMEM;
	ret = vp_ic_init();
	if (ret)
		goto err_wq;
	ret = vp_hv_attach_vmbus(&vp_vmbus_ops);
	if (ret) {
		pr_err("cannot attach to the hypervisor core: %d\n", ret);
		goto err_ic;
	}
	return 0;
err_ic:
	vp_ic_exit();
err_wq:
	destroy_workqueue(vp_vmbus_wq);
	return ret;
}

static void __exit vp_vmbus_exit(void)
{
	vp_hv_detach_vmbus(&vp_vmbus_ops);
	vp_ic_exit();
	vp_vsp_registry_check_empty();
	destroy_workqueue(vp_vmbus_wq);
}

module_init(vp_vmbus_init);
module_exit(vp_vmbus_exit);
MODULE_IMPORT_NS(VP_NS_HV);
MODULE_DESCRIPTION("vpart: VMBus host (channels, GPADLs, ring buffers, integration services)");
MODULE_LICENSE("GPL");
