// SPDX-License-Identifier: GPL-2.0
/*
 * Disks of a VM: parsing --disk, opening the backing, offering it to the
 * partition as a "storvsp" VMBus device, and `vpart disk add|remove`.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "control.h"
#include "disk.h"
#include "vmbus_dev.h"

int vp_disk_parse(const char *spec, struct vp_disk *d, char *err, size_t len)
{
	char buf[sizeof(d->path) + 64], *opt, *save;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	if (snprintf(buf, sizeof(buf), "%s", spec) >= (int)sizeof(buf)) {
		snprintf(err, len, "disk spec too long");
		return -1;
	}
	opt = strchr(buf, ',');
	if (opt)
		*opt++ = 0;
	if (!buf[0] || strlen(buf) >= sizeof(d->path)) {
		snprintf(err, len, "no disk path in '%s'", spec);
		return -1;
	}
	strcpy(d->path, buf);
	for (opt = opt ? strtok_r(opt, ",", &save) : NULL; opt; opt = strtok_r(NULL, ",", &save)) {
		if (!strcmp(opt, "ro")) {
			d->ro = 1;
		} else if (!strncmp(opt, "serial=", 7)) {
			const char *s = opt + 7;
			size_t i, n = strlen(s);

			if (!n || n > VPART_DISK_SERIAL_LEN) {
				snprintf(err, len, "serial must be 1-%d characters", VPART_DISK_SERIAL_LEN);
				return -1;
			}
			for (i = 0; i < n; i++)
				if (s[i] <= ' ' || s[i] > '~') {
					snprintf(err, len, "serial '%s': printable characters only", s);
					return -1;
				}
			strcpy(d->serial, s);
		} else {
			snprintf(err, len, "unknown disk option '%s' (ro, serial=S)", opt);
			return -1;
		}
	}
	/* A random (version 4) GUID, kept for the disk's lifetime. */
	if (vp_guid_random(d->instance)) {
		snprintf(err, len, "no random bytes for the disk's GUID");
		return -1;
	}
	return 0;
}

int vp_disk_open(struct vp_disk *d, char *err, size_t len)
{
	int mode = d->ro ? O_RDONLY : O_RDWR;
	struct stat st;

	/* Direct I/O first: the guest caches, the host should not as well. */
	d->fd = open(d->path, mode | O_DIRECT | O_CLOEXEC);
	if (d->fd < 0 && errno == EINVAL)
		d->fd = open(d->path, mode | O_CLOEXEC);
	if (d->fd < 0) {
		snprintf(err, len, "%s: %s", d->path, strerror(errno));
		return -1;
	}
	if (fstat(d->fd, &st) || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
		snprintf(err, len, "%s: not a regular file or block device", d->path);
		goto bad;
	}
	if (S_ISREG(st.st_mode) && st.st_size < 512) {
		snprintf(err, len, "%s: empty (a disk needs at least 512 bytes)", d->path);
		goto bad;
	}
	return 0;
bad:
	close(d->fd);
	d->fd = -1;
	return -1;
}

int vp_disk_attach(int part, struct vp_disk *d, char *err, size_t len)
{
	static const struct vp_vsp_kind storvsp = {
		"storvsp", "vpart_storvsp", "storage VSP", "empty or unusable backing", NULL,
	};
	struct vpart_storvsp_config c = { .fd = d->fd, .flags = d->ro ? VPART_DISK_RO : 0 };

	memcpy(c.serial, d->serial, strlen(d->serial));
	d->id = vp_vmbus_dev_add(part, &storvsp, d->instance, &c, sizeof(c), d->path, err, len);
	return d->id ? 0 : -1;
}

void vp_disk_close(struct vp_disk *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->id = 0;
}

static int disk_usage(void)
{
	fprintf(stderr, "usage: vpart disk add NAME PATH[,ro][,serial=S] | vpart disk remove NAME ID|PATH\n");
	return 2;
}

/* `vpart disk add|remove`: the running VM's launcher opens the path itself. */
int cmd_disk(int argc, char **argv)
{
	char req[sizeof(((struct vp_disk *)0)->path) + 96], err[256];
	char abs[PATH_MAX];
	struct vp_disk d;
	const char *tail;

	if (argc != 4 || (strcmp(argv[1], "add") && strcmp(argv[1], "remove")))
		return disk_usage();
	if (!strcmp(argv[1], "add")) {
		if (vp_disk_parse(argv[3], &d, err, sizeof(err))) {
			fprintf(stderr, "vpart: %s\n", err);
			return 2;
		}
		/* The launcher runs elsewhere: give it an absolute path. */
		if (!realpath(d.path, abs)) {
			fprintf(stderr, "vpart: %s: %s\n", d.path, strerror(errno));
			return 1;
		}
		tail = strchr(argv[3], ',');
		snprintf(req, sizeof(req), "disk-add %s%s", abs, tail ? tail : "");
	} else {
		tail = argv[3];
		if (strspn(tail, "0123456789") != strlen(tail) && realpath(tail, abs))
			tail = abs;
		snprintf(req, sizeof(req), "disk-remove %s", tail);
	}
	return vp_control_run(argv[2], req);
}
