// SPDX-License-Identifier: GPL-2.0
/*
 * Registry of VSP device classes. A VSP module registers the class it serves
 * (by name and interface-type GUID) at load; the launcher later adds devices
 * of a class to a partition by name, which pins the VSP module for as long as
 * the device exists.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/string.h>
#include "vpart/compat.h"
#include "vpart/vmbus.h"
#include "vmbus_internal.h"

static DEFINE_MUTEX(classes_lock);
static LIST_HEAD(classes);

static struct vp_vsp_class *find_locked(const char *name, const guid_t *guid)
{
	struct vp_vsp_class *c;

	list_for_each_entry(c, &classes, node)
		if ((name && !strcmp(c->name, name)) ||
		    (guid && guid_equal(&c->if_type, guid)))
			return c;
	return NULL;
}

/**
 * vp_vmbus_register_class() - make a VSP device class available
 * @cls: the class; must stay valid until unregistered
 *
 * Return: 0, -EINVAL without a name or GUID, -EEXIST when the name or the
 * GUID is served already.
 */
int vp_vmbus_register_class(struct vp_vsp_class *cls)
{
	int ret = 0;

	if (!cls->name || !*cls->name || guid_is_null(&cls->if_type))
		return -EINVAL;
	mutex_lock(&classes_lock);
	if (find_locked(cls->name, &cls->if_type))
		ret = -EEXIST;
	else
		list_add_tail(&cls->node, &classes);
	mutex_unlock(&classes_lock);
	if (!ret)
		pr_info("VSP class %s (%pUl) registered\n", cls->name, &cls->if_type);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_register_class, VP_NS_VMBUS);

/**
 * vp_vmbus_unregister_class() - withdraw a class
 * @cls: a registered class
 *
 * Module references taken by vp_vmbus_get_class() keep the owner loaded, so
 * no device of the class can exist by the time its module unregisters it.
 */
void vp_vmbus_unregister_class(struct vp_vsp_class *cls)
{
	mutex_lock(&classes_lock);
	list_del_init(&cls->node);
	mutex_unlock(&classes_lock);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_unregister_class, VP_NS_VMBUS);

/**
 * vp_vmbus_get_class() - look a class up by name and pin its module
 * @name: class name
 *
 * Return: the class, or NULL when none is registered under @name or its
 * module is going away. Release with vp_vmbus_put_class().
 */
struct vp_vsp_class *vp_vmbus_get_class(const char *name)
{
	struct vp_vsp_class *c;

	mutex_lock(&classes_lock);
	c = find_locked(name, NULL);
	if (c && !try_module_get(c->owner))
		c = NULL;
	mutex_unlock(&classes_lock);
	return c;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_get_class, VP_NS_VMBUS);

/**
 * vp_vmbus_put_class() - release a class from vp_vmbus_get_class()
 * @cls: the class
 */
void vp_vmbus_put_class(struct vp_vsp_class *cls)
{
	module_put(cls->owner);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_put_class, VP_NS_VMBUS);

/* Called at module exit: every VSP module depends on us, so none is left. */
void vp_vsp_registry_check_empty(void)
{
	WARN_ON(!list_empty(&classes));
}
