// SPDX-License-Identifier: GPL-2.0
/*
 * NICs of a VM: parsing --nic, offering a NIC to the partition as a
 * "netvsp" VMBus device, and `vpart nic add|remove`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "control.h"
#include "nic.h"
#include "vmbus_dev.h"

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	char tail;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6 || strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	/* A guest NIC needs a unicast address that is not all zero. */
	if (mac[0] & 1 || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return -1;
	return 0;
}

static int name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= VPART_NIC_NAME_LEN || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	/* What Linux takes as an interface name, less the '%d' templates. */
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '/' || *s == ':' || *s == '%')
			return 0;
	return 1;
}

int vp_nic_parse(const char *spec, struct vp_nic *n, char *err, size_t len)
{
	char buf[128], *opt, *save, *end;
	unsigned long mtu;

	memset(n, 0, sizeof(*n));
	if (snprintf(buf, sizeof(buf), "%s", spec) >= (int)sizeof(buf)) {
		snprintf(err, len, "nic spec too long");
		return -1;
	}
	opt = strchr(buf, ',');
	if (opt)
		*opt++ = 0;
	if (!name_ok(buf)) {
		snprintf(err, len, "bad interface name '%s' (1-%d printable characters, no / : %%)",
			 buf, VPART_NIC_NAME_LEN - 1);
		return -1;
	}
	strcpy(n->name, buf);
	/* Random bytes for the GUID (version 4) and, unless given, the MAC. */
	if (vp_guid_random(n->instance) ||
	    getrandom(n->mac, sizeof(n->mac), GRND_INSECURE) != sizeof(n->mac)) {
		snprintf(err, len, "no random bytes for the NIC");
		return -1;
	}
	n->mac[0] = (n->mac[0] & 0xfc) | 0x02;	/* locally administered, unicast */
	for (opt = opt ? strtok_r(opt, ",", &save) : NULL; opt; opt = strtok_r(NULL, ",", &save)) {
		if (!strncmp(opt, "mac=", 4)) {
			if (parse_mac(opt + 4, n->mac)) {
				snprintf(err, len, "bad mac '%s' (unicast, like 02:00:00:00:00:01)",
					 opt + 4);
				return -1;
			}
		} else if (!strncmp(opt, "mtu=", 4)) {
			errno = 0;
			mtu = strtoul(opt + 4, &end, 10);
			if (errno || *end || end == opt + 4 || mtu < VPART_NIC_MTU_MIN ||
			    mtu > VPART_NIC_MTU_MAX) {
				snprintf(err, len, "bad mtu '%s' (%d-%d)", opt + 4, VPART_NIC_MTU_MIN,
					 VPART_NIC_MTU_MAX);
				return -1;
			}
			n->mtu = mtu;
		} else {
			snprintf(err, len, "unknown nic option '%s' (mac=MAC, mtu=N)", opt);
			return -1;
		}
	}
	return 0;
}

int vp_nic_attach(int part, struct vp_nic *n, char *err, size_t len)
{
	static const struct vp_vsp_kind netvsp = {
		"netvsp", "vpart_netvsp", "network VSP", "bad name, MAC or MTU",
		"a host interface of that name exists",
	};
	struct vpart_netvsp_config c = { .mtu = n->mtu };

	memcpy(c.ifname, n->name, strlen(n->name));
	memcpy(c.mac, n->mac, sizeof(c.mac));
	n->id = vp_vmbus_dev_add(part, &netvsp, n->instance, &c, sizeof(c), n->name, err, len);
	return n->id ? 0 : -1;
}

static int nic_usage(void)
{
	fprintf(stderr, "usage: vpart nic add NAME IFNAME[,mac=MAC][,mtu=N] | vpart nic remove NAME ID|IFNAME\n");
	return 2;
}

/* `vpart nic add|remove`: the running VM's launcher does the work. */
int cmd_nic(int argc, char **argv)
{
	char req[160], err[256];
	struct vp_nic n;

	if (argc != 4 || (strcmp(argv[1], "add") && strcmp(argv[1], "remove")))
		return nic_usage();
	if (!strcmp(argv[1], "add") && vp_nic_parse(argv[3], &n, err, sizeof(err))) {
		fprintf(stderr, "vpart: %s\n", err);
		return 2;
	}
	if (snprintf(req, sizeof(req), "nic-%s %s", argv[1], argv[3]) >= (int)sizeof(req))
		return nic_usage();
	return vp_control_run(argv[2], req);
}
