// SPDX-License-Identifier: GPL-2.0
/*
 * The slot where vpart_vmbus attaches itself to the hypervisor. One VMBus
 * host module serves every partition with a server per partition; each
 * partition made while the host is attached pins the host's module, so a
 * partition never calls into an unloaded host.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/err.h>
#include <linux/printk.h>
#include "vpart/compat.h"
#include "vpart/hv.h"
#include "vp.h"

static DEFINE_MUTEX(vmbus_lock);
static const struct vp_hv_vmbus_ops *vmbus_ops;

/**
 * vp_hv_attach_vmbus() - attach the VMBus host
 * @ops: the host's operations; must stay valid until detached
 *
 * Return: 0, -EINVAL for bad @ops, -EBUSY when a host is attached already.
 */
int vp_hv_attach_vmbus(const struct vp_hv_vmbus_ops *ops)
{
	int ret = 0;

	if (!ops || !ops->name || !ops->create || !ops->destroy ||
	    !ops->post_message || !ops->signal_event || !ops->synic_changed ||
	    !ops->ioctl)
		return -EINVAL;
	mutex_lock(&vmbus_lock);
	if (vmbus_ops)
		ret = -EBUSY;
	else
		vmbus_ops = ops;
	mutex_unlock(&vmbus_lock);
	if (!ret)
		pr_info("VMBus host %s attached\n", ops->name);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vp_hv_attach_vmbus, VP_NS_HV);

/**
 * vp_hv_detach_vmbus() - detach the host attached with @ops
 * @ops: what was passed to vp_hv_attach_vmbus()
 */
void vp_hv_detach_vmbus(const struct vp_hv_vmbus_ops *ops)
{
	mutex_lock(&vmbus_lock);
	if (!WARN_ON(vmbus_ops != ops))
		vmbus_ops = NULL;
	mutex_unlock(&vmbus_lock);
}
EXPORT_SYMBOL_NS_GPL(vp_hv_detach_vmbus, VP_NS_HV);

/**
 * vp_hv_vmbus() - the attached VMBus host
 *
 * Return: its operations, or NULL when none is attached.
 */
const struct vp_hv_vmbus_ops *vp_hv_vmbus(void)
{
	const struct vp_hv_vmbus_ops *ops;

	mutex_lock(&vmbus_lock);
	ops = vmbus_ops;
	mutex_unlock(&vmbus_lock);
	return ops;
}
EXPORT_SYMBOL_NS_GPL(vp_hv_vmbus, VP_NS_HV);

/* At partition creation: a server from the attached host, if there is one. */
int vp_vmbus_partition_attach(struct vp_partition *p)
{
	const struct vp_hv_vmbus_ops *ops;
	void *srv;

	mutex_lock(&vmbus_lock);
	ops = vmbus_ops;
	if (ops && !try_module_get(ops->owner))
		ops = NULL;
	mutex_unlock(&vmbus_lock);
	if (!ops)
		return 0;
	srv = ops->create(p);
	if (IS_ERR(srv)) {
		module_put(ops->owner);
		return PTR_ERR(srv);
	}
	p->vmbus = srv;
	p->vmbus_ops = ops;
	return 0;
}

/* At partition end, after the last vCPU. */
void vp_vmbus_partition_detach(struct vp_partition *p)
{
	const struct vp_hv_vmbus_ops *ops = p->vmbus_ops;

	if (!ops)
		return;
	ops->destroy(p->vmbus);
	p->vmbus_ops = NULL;
	p->vmbus = NULL;
	module_put(ops->owner);
}
