// SPDX-License-Identifier: GPL-2.0
/* Adding a VSP's VMBus device to a partition, with a clear word on refusal. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include "uapi/vpart/vpart.h"
#include "vmbus_dev.h"

int vp_guid_random(uint8_t *guid)
{
	if (getrandom(guid, 16, GRND_INSECURE) != 16)
		return -1;
	guid[7] = (guid[7] & 0x0f) | 0x40;
	guid[8] = (guid[8] & 0x3f) | 0x80;
	return 0;
}

uint32_t vp_vmbus_dev_add(int part, const struct vp_vsp_kind *k, const uint8_t *instance,
			  const void *cfg, uint32_t cfg_len, const char *what, char *err,
			  size_t len)
{
	struct vpart_vmbus_device dev = { .config_size = cfg_len, .config = (uintptr_t)cfg };

	snprintf(dev.class_name, sizeof(dev.class_name), "%s", k->cls);
	memcpy(dev.instance, instance, sizeof(dev.instance));
	if (!ioctl(part, VPART_VMBUS_ADD_DEVICE, &dev))
		return dev.id;
	if (errno == ENODEV)
		snprintf(err, len, "%s: the VMBus host is not loaded (modprobe vpart_vmbus)", what);
	else if (errno == ENOENT)
		snprintf(err, len, "%s: the %s is not loaded (modprobe %s)", what, k->vsp, k->module);
	else if (errno == EINVAL)
		snprintf(err, len, "%s: the %s refused it (%s)", what, k->vsp, k->invalid);
	else if (errno == EEXIST && k->exists)
		snprintf(err, len, "%s: %s", what, k->exists);
	else
		snprintf(err, len, "%s: %s", what, strerror(errno));
	return 0;
}
