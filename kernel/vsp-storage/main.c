// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_storvsp.ko: synthetic SCSI controllers backed by host block devices
 * and files. Each "storvsp" device the launcher adds is one controller with
 * one disk; its config names an open file descriptor of the caller (struct
 * vpart_storvsp_config), of which the VSP keeps its own reference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <uapi/vpart/vpart.h>
#include "vpart/compat.h"
#include "storvsp.h"

static void vp_stor_serial(struct vp_stor *s, const struct vpart_storvsp_config *c)
{
	const u8 *id = s->disk.id;
	unsigned int i;

	for (i = 0; i < VPART_DISK_SERIAL_LEN && c->serial[i]; i++)
		s->disk.serial[i] = c->serial[i];
	if (i)
		return;
	/* None given: the first ten bytes of the instance GUID, in hex. */
	snprintf(s->disk.serial, sizeof(s->disk.serial), "%*phN", 10, id);
}

static bool vp_stor_config_ok(const struct vpart_storvsp_config *c)
{
	unsigned int i;

	if (c->flags & ~VPART_DISK_RO || memchr_inv(c->reserved, 0, sizeof(c->reserved)))
		return false;
	/* Printable ASCII, NUL-padded: it goes into INQUIRY data as is. */
	for (i = 0; i < VPART_DISK_SERIAL_LEN && c->serial[i]; i++)
		if (!isprint(c->serial[i]) || c->serial[i] == ' ')
			return false;
	for (; i < VPART_DISK_SERIAL_LEN; i++)
		if (c->serial[i])
			return false;
	return true;
}

static int vp_stor_add(struct vp_vmbus_dev *dev, const void *cfg, u32 len)
{
	const struct vpart_storvsp_config *c = cfg;
	struct vp_stor *s;
	struct file *f;
	int ret;

	if (len != sizeof(*c) || !vp_stor_config_ok(c))
		return -EINVAL;
	s = kvzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	s->dev = dev;
	export_guid(s->disk.id, vp_vmbus_dev_instance(dev));
	f = fget(c->fd);
	ret = f ? vp_stor_backing_open(s, f, c->flags & VPART_DISK_RO) : -EBADF;
	if (ret) {
		kvfree(s);
		return ret;
	}
	vp_stor_serial(s, c);
	vp_vmbus_dev_set_priv(dev, s);
	pr_info("disk %s: %llu blocks of %u bytes%s%s\n", s->disk.serial, s->disk.nblocks,
		1U << s->disk.block_shift, s->disk.ro ? ", read-only" : "",
		s->b.bdev ? "" : s->b.direct ? ", file (direct I/O)" : ", file");
	return 0;
}

static void vp_stor_remove(struct vp_vmbus_dev *dev)
{
	struct vp_stor *s = vp_vmbus_dev_priv(dev);

	vp_stor_backing_close(s);
	kvfree(s);
}

static struct vp_vsp_class vp_storvsp_class = {
	.name = "storvsp",
	.if_type = VP_GUID_SCSI,
	.owner = THIS_MODULE,
	.max_pkt = VP_STOR_MAX_PKT,
	.add = vp_stor_add,
	.remove = vp_stor_remove,
	.open = vp_stor_open,
	.close = vp_stor_close,
	.packets = vp_stor_packets,
};

static int __init vp_storvsp_init(void)
{
	int ret = vp_stor_backend_init();

	if (ret)
		return ret;
	ret = vp_vmbus_register_class(&vp_storvsp_class);
	if (ret)
		vp_stor_backend_exit();
	return ret;
}

static void __exit vp_storvsp_exit(void)
{
	vp_vmbus_unregister_class(&vp_storvsp_class);
	vp_stor_backend_exit();
}

module_init(vp_storvsp_init);
module_exit(vp_storvsp_exit);
MODULE_IMPORT_NS(VP_NS_VMBUS);
MODULE_DESCRIPTION("vpart: synthetic SCSI controllers backed by host block devices and files");
MODULE_LICENSE("GPL");
