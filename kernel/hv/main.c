// SPDX-License-Identifier: GPL-2.0
/*
 * vpart.ko: module life cycle and the /dev/vpart misc device.
 *
 * The module loads on any x86-64 host so that the rest of the suite (and its
 * tests) can load beside it; without usable VMX it says why once and refuses
 * to create partitions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/string_helpers.h>
#include <linux/uaccess.h>
#include <uapi/vpart/vpart.h>
#include "vp.h"

struct vp_vmx_caps vp_caps;
static int vmx_status;		/* 0, or why partitions cannot be created */

static long vp_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vpart_caps caps = {};

	switch (cmd) {
	case VPART_GET_API_VERSION:
		return VPART_API_VERSION;
	case VPART_GET_CAPS:
		if (!vmx_status) {
			caps.flags = VPART_CAP_VMX;
			caps.flags |= vp_caps.ept_2m ? VPART_CAP_EPT_2M : 0;
			caps.flags |= vp_caps.ept_1g ? VPART_CAP_EPT_1G : 0;
			caps.flags |= vp_caps.ept_ad ? VPART_CAP_EPT_AD : 0;
			caps.flags |= vp_caps.preemption_timer ?
				      VPART_CAP_PREEMPTION_TIMER : 0;
			caps.vmcs_revision = vp_caps.revision;
		}
		if (copy_to_user((void __user *)arg, &caps, sizeof(caps)))
			return -EFAULT;
		return 0;
	case VPART_CREATE_PARTITION:
		if (arg)
			return -EINVAL;
		if (vmx_status) {
			pr_warn_ratelimited("cannot create a partition: VMX is unusable on this host\n");
			return vmx_status;
		}
		return vp_partition_create();
	case VPART_GET_VCPU_MMAP_SIZE:
		return PAGE_SIZE;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations vp_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vp_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice vp_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = VPART_DEVICE_NAME,
	.fops = &vp_dev_fops,
	.mode = 0660,
};

static int __init vp_init(void)
{
	const char *why = NULL;
	int ret;

	vmx_status = vp_vmx_probe(&vp_caps, &why);
	if (vmx_status)
		pr_warn("VMX unusable, partitions cannot be created: %s (%d)\n",
			why, vmx_status);
	else
		pr_info("VMX: VMCS revision 0x%x size %u, EPT yes (2M %s, 1G %s, A/D %s), VPID yes, unrestricted guest yes, true controls %s, preemption timer %s\n",
			vp_caps.revision, vp_caps.vmcs_size,
			str_yes_no(vp_caps.ept_2m), str_yes_no(vp_caps.ept_1g),
			str_yes_no(vp_caps.ept_ad),
			str_yes_no(vp_caps.true_ctls),
			str_yes_no(vp_caps.preemption_timer));

	if (!vmx_status) {
		vp_vmx_init();
		vp_exits_init();
	}
	vp_debugfs_init();
	ret = misc_register(&vp_dev);
	if (ret) {
		pr_err("cannot register /dev/%s: %d\n", VPART_DEVICE_NAME, ret);
		vp_debugfs_exit();
		if (!vmx_status)
			vp_vmx_exit();
		return ret;
	}
	return 0;
}

static void __exit vp_exit(void)
{
	misc_deregister(&vp_dev);
	vp_debugfs_exit();
	if (!vmx_status)
		vp_vmx_exit();
	pr_info("unloaded\n");
}

module_init(vp_init);
module_exit(vp_exit);
MODULE_DESCRIPTION("vpart: VMX root-mode hypervisor for Hyper-V-style partitions");
MODULE_LICENSE("GPL");
