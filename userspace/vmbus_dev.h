/* SPDX-License-Identifier: GPL-2.0 */
/* Adding a VSP's VMBus device (a disk, a NIC) to a partition. */
#ifndef VPART_VMBUS_DEV_H
#define VPART_VMBUS_DEV_H

#include <stddef.h>
#include <stdint.h>

/* What a VSP's device is, for the messages of a refused add. */
struct vp_vsp_kind {
	const char *cls;		/* the VSP's device class, "storvsp" */
	const char *module;		/* its module, "vpart_storvsp" */
	const char *vsp;		/* "storage VSP" */
	const char *invalid;		/* what EINVAL means for it */
	const char *exists;		/* what EEXIST means for it; NULL: errno's text */
};

/* A random (version 4) instance GUID; -1 without random bytes. */
int vp_guid_random(uint8_t *guid);

/*
 * Add a device of @k with config @cfg (@cfg_len bytes) and instance GUID
 * @instance to partition @part: its id, or 0 with "@what: reason" in @err.
 */
uint32_t vp_vmbus_dev_add(int part, const struct vp_vsp_kind *k, const uint8_t *instance,
			  const void *cfg, uint32_t cfg_len, const char *what, char *err,
			  size_t len);

#endif
