// SPDX-License-Identifier: GPL-2.0
/*
 * vpart: the launcher. One process per VM; this file holds main() and the
 * subcommand table only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "uapi/vpart/vpart.h"
#include "control.h"
#include "disk.h"
#include "nic.h"
#include "vpart.h"

#define DEV_PATH "/dev/" VPART_DEVICE_NAME

static void print_usage(FILE *f)
{
	fprintf(f, "usage: vpart COMMAND\n"
		"  info    show the vpart API version and host VMX capabilities\n"
		"  run     --kernel BZIMAGE [--initrd FILE] [--cmdline STR] [--memory 512M]\n"
		"          [--cpus 1] [--console stdio|FILE] [--no-reboot] [--name NAME]\n"
		"          [--ic heartbeat,shutdown,timesync|none] [--disk PATH[,ro][,serial=S]]...\n"
		"          [--nic IFNAME[,mac=MAC][,mtu=N]]...: boot a VM\n"
		"  ps      list the running VMs with their heartbeat\n"
		"  stop    NAME [--timeout 60]: ask the guest to power off, stop it after the time-out\n"
		"  disk    add NAME PATH[,ro][,serial=S] | remove NAME ID|PATH: disks of a running VM\n"
		"  nic     add NAME IFNAME[,mac=MAC][,mtu=N] | remove NAME ID|IFNAME: NICs of a running VM\n"
		"  device  add NAME CLASS | remove NAME ID: VMBus devices of a running VM\n"
		"  help    this text\n");
}

/* Open /dev/vpart and check the API, with a clear word on each failure. */
int vp_open_dev(void)
{
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC), ver;

	if (fd < 0) {
		if (errno == ENOENT)
			fprintf(stderr, "vpart: %s not found: the vpart module is not loaded (modprobe vpart)\n",
				DEV_PATH);
		else
			fprintf(stderr, "vpart: cannot open %s: %s\n", DEV_PATH, strerror(errno));
		return -1;
	}
	ver = ioctl(fd, VPART_GET_API_VERSION);
	if (ver != VPART_API_VERSION) {
		fprintf(stderr, "vpart: %s speaks API %d, this launcher API %d: update one of them\n",
			DEV_PATH, ver, VPART_API_VERSION);
		close(fd);
		return -1;
	}
	return fd;
}

static int cmd_info(int argc, char **argv)
{
	struct vpart_caps caps;
	int fd;

	(void)argv;
	if (argc != 1) {
		print_usage(stderr);
		return 2;
	}
	fd = vp_open_dev();
	if (fd < 0)
		return 1;
	if (ioctl(fd, VPART_GET_CAPS, &caps)) {
		fprintf(stderr, "vpart: VPART_GET_CAPS: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	printf("api: %d\n", VPART_API_VERSION);
	if (!(caps.flags & VPART_CAP_VMX)) {
		printf("vmx: no (see the kernel log for the reason)\n");
		return 0;
	}
	printf("vmx: yes\nvmcs_revision: 0x%x\nept_2m: %s\nept_1g: %s\nept_ad: %s\npreemption_timer: %s\n",
	       caps.vmcs_revision,
	       caps.flags & VPART_CAP_EPT_2M ? "yes" : "no",
	       caps.flags & VPART_CAP_EPT_1G ? "yes" : "no",
	       caps.flags & VPART_CAP_EPT_AD ? "yes" : "no",
	       caps.flags & VPART_CAP_PREEMPTION_TIMER ? "yes" : "no");
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "info", cmd_info },
	{ "run", cmd_run },
	{ "ps", cmd_ps },
	{ "stop", cmd_stop },
	{ "device", cmd_device },
	{ "disk", cmd_disk },
	{ "nic", cmd_nic },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
		print_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "vpart: unknown command '%s'\n", argv[1]);
	print_usage(stderr);
	return 2;
}
