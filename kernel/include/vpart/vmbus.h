/* SPDX-License-Identifier: GPL-2.0 */
/*
 * API of vpart_vmbus.ko (namespace VPART_VMBUS) for the VSP modules: the
 * device-class registry and the ring engine (vmbus_ring.h).
 */
#ifndef _VPART_VMBUS_H
#define _VPART_VMBUS_H

#include <linux/list.h>
#include <linux/module.h>
#include <linux/uuid.h>
#include "vpart/vmbus_ring.h"

/**
 * struct vp_vsp_class - a device class a VSP module serves
 * @name: short name for logs and the launcher ("storvsp", "netvsp")
 * @if_type: VMBus interface-type GUID offered to the guest for its devices
 * @owner: the VSP module; pinned while a device of the class exists
 * @node: private to vpart_vmbus
 */
struct vp_vsp_class {
	const char *name;
	guid_t if_type;
	struct module *owner;
	struct list_head node;
};

int vp_vmbus_register_class(struct vp_vsp_class *cls);
void vp_vmbus_unregister_class(struct vp_vsp_class *cls);
struct vp_vsp_class *vp_vmbus_get_class(const char *name);
void vp_vmbus_put_class(struct vp_vsp_class *cls);

/* Interface-type GUIDs of the classes the suite's VSPs serve. */
#define VP_GUID_SCSI	GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05, \
				  0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f)
#define VP_GUID_NIC	GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f, \
				  0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e)

#endif /* _VPART_VMBUS_H */
