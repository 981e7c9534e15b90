/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NICs of a VM (--nic NAME[,mac=MAC][,mtu=N], `vpart nic add|remove`): each
 * is a "netvsp" VMBus device whose VSP creates host netdev NAME for it. A
 * NIC keeps its MAC and instance GUID across guest reboots; its netdev is
 * created anew with each boot's partition.
 */
#ifndef VPART_NIC_H
#define VPART_NIC_H

#include <stddef.h>
#include <stdint.h>
#include "uapi/vpart/vpart.h"

#define VP_MAX_NICS	8

struct vp_nic {
	char name[VPART_NIC_NAME_LEN];
	uint8_t mac[6];
	uint32_t mtu;			/* 0: the VSP's default, 1500 */
	uint8_t instance[16];
	uint32_t id;			/* VMBus device id in this boot, 0: none */
};

/* Parse NAME[,mac=MAC][,mtu=N]; -1 with a message in @err. */
int vp_nic_parse(const char *spec, struct vp_nic *n, char *err, size_t len);
/* Offer it to partition @part; -1 with a message. */
int vp_nic_attach(int part, struct vp_nic *n, char *err, size_t len);

int cmd_nic(int argc, char **argv);

#endif
