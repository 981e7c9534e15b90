// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_storvsp.ko: synthetic SCSI controllers backed by host block devices
 * and files. Each "storvsp" device the launcher adds is one controller with
 * one disk; its config names an open file descriptor of the caller (struct
 * vpart_storvsp_config), of which the VSP keeps its own reference. A disk
 * removed from a running guest leaves its controller behind (@eject), and
 * the next disk added goes into it (@insert).
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

/* The disk of config @c, with unique id @id, at LUN 0 of @s (none there). */
static int vp_stor_plug(struct vp_stor *s, const guid_t *id, const void *cfg, u32 len)
{
	const struct vpart_storvsp_config *c = cfg;
	struct file *f;
	int ret;

	if (len != sizeof(*c) || !vp_stor_config_ok(c))
		return -EINVAL;
	memset(&s->b, 0, sizeof(s->b));
	memset(&s->disk, 0, sizeof(s->disk));
	export_guid(s->disk.id, id);
	f = fget(c->fd);
	ret = f ? vp_stor_backing_open(s, f, c->flags & VPART_DISK_RO) : -EBADF;
	if (ret)
		return ret;
	vp_stor_serial(s, c);
	pr_info("disk %s: %llu blocks of %u bytes%s%s\n", s->disk.serial, s->disk.nblocks,
		1U << s->disk.block_shift, s->disk.ro ? ", read-only" : "",
		s->b.bdev ? "" : s->b.direct ? ", file (direct I/O)" : ", file");
	vp_stor_attach(s);
	return 0;
}

static int vp_stor_add(struct vp_vmbus_dev *dev, const void *cfg, u32 len)
{
	struct vp_stor *s = kvzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	int ret;

	if (!s)
		return -ENOMEM;
	vp_stor_init(s, dev);
	ret = vp_stor_plug(s, vp_vmbus_dev_instance(dev), cfg, len);
	if (ret) {
		kvfree(s);
		return ret;
	}
	vp_vmbus_dev_set_priv(dev, s);
	return 0;
}

static int vp_stor_insert(struct vp_vmbus_dev *dev, const guid_t *id, const void *cfg, u32 len)
{
	struct vp_stor *s = vp_vmbus_dev_priv(dev);
	unsigned long flags;
	bool ready;

	/*
	 * Not before the guest dropped the old disk: its storvsc would keep
	 * that one's device for the new disk. INVALID_LUN makes it drop it.
	 */
	spin_lock_irqsave(&s->lock, flags);
	ready = s->gone_told || !s->primary;
	spin_unlock_irqrestore(&s->lock, flags);
	return ready ? vp_stor_plug(s, id, cfg, len) : -EBUSY;
}

static int vp_stor_eject(struct vp_vmbus_dev *dev)
{
	return vp_stor_detach(vp_vmbus_dev_priv(dev));
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
	.eject = vp_stor_eject,
	.insert = vp_stor_insert,
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
