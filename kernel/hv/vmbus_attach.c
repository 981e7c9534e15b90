// SPDX-License-Identifier: GPL-2.0
/*
 * The slot where vpart_vmbus attaches itself to the hypervisor. One VMBus
 * host serves every partition; the slot pins its module while attached so
 * that partitions never call into an unloaded host.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/printk.h>
#include "vpart/compat.h"
#include "vpart/hv.h"

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

	if (!ops || !ops->name)
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
