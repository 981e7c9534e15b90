/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Disks of a VM (--disk PATH[,ro][,serial=S], `vpart disk add|remove`):
 * the launcher opens each backing with its own rights and hands the fd to
 * vpart_storvsp, one synthetic SCSI controller per disk. A disk keeps its
 * instance GUID across guest reboots, so the guest sees the same device.
 */
#ifndef VPART_DISK_H
#define VPART_DISK_H

#include <stddef.h>
#include <stdint.h>
#include "uapi/vpart/vpart.h"

#define VP_MAX_DISKS	16

struct vp_disk {
	char path[4096];
	int fd;
	int ro;
	char serial[VPART_DISK_SERIAL_LEN + 1];
	uint8_t instance[16];
	uint32_t id;			/* VMBus device id in this boot, 0: none */
};

/* Parse PATH[,ro][,serial=S]; -1 with a message in @err. */
int vp_disk_parse(const char *spec, struct vp_disk *d, char *err, size_t len);
/* Open the backing (block device or regular file); -1 with a message. */
int vp_disk_open(struct vp_disk *d, char *err, size_t len);
/* Offer it to partition @part; -1 with a message. */
int vp_disk_attach(int part, struct vp_disk *d, char *err, size_t len);
void vp_disk_close(struct vp_disk *d);

int cmd_disk(int argc, char **argv);

#endif
