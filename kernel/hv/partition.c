// SPDX-License-Identifier: GPL-2.0
/*
 * Partitions: the partition fd, guest memory slots and the EPT that maps
 * them. A slot's user pages are pinned (FOLL_LONGTERM) when it is set and
 * stay pinned until it goes, so EPT leaves never point at memory the host
 * could reuse; anything not in a slot is unmapped and exits as MMIO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/highmem.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/tsc.h>
#include "vmx_ops.h"
#include "vp.h"

/* VPID 0 is the host's. */
static DEFINE_IDA(vp_vpids);

/*
 * One VPID per vCPU, not per partition: two vCPUs of a partition that
 * take turns on one CPU must not hit each other's TLB entries (they run
 * different address spaces under the same tag otherwise).
 */
int vp_vpid_alloc(void)
{
	return ida_alloc_range(&vp_vpids, 1, 0xffff, GFP_KERNEL);
}

void vp_vpid_free(u16 vpid)
{
	if (vpid)
		ida_free(&vp_vpids, vpid);
}

static void vp_invept_ipi(void *eptp)
{
	if (!vp_vmx_rebooting())
		vp_invept(VMX_EPT_EXTENT_CONTEXT, *(u64 *)eptp);
}

static void vp_slot_release(struct vp_partition *p, struct vp_slot *s)
{
	if (!s->used)
		return;
	vp_ept_unmap(&p->ept, s->gpa, s->size);
	/* No CPU may keep a translation to the pages about to be unpinned. */
	on_each_cpu(vp_invept_ipi, &p->eptp, 1);
	unpin_user_pages_dirty_lock(s->pages, s->npages, !(s->flags & VPART_MEM_READONLY));
	kvfree(s->pages);
	if (p->mm)
		account_locked_vm(p->mm, s->npages, false);
	p->locked_pages -= s->npages;
	memset(s, 0, sizeof(*s));
}

static int vp_pin(struct vp_slot *s)
{
	unsigned int gup = FOLL_LONGTERM | (s->flags & VPART_MEM_READONLY ? 0 : FOLL_WRITE);
	unsigned long done = 0;
	int n;

	while (done < s->npages) {
		n = pin_user_pages_fast(s->uaddr + done * PAGE_SIZE,
					min_t(unsigned long, s->npages - done, 1 << 16),
					gup, s->pages + done);
		if (n <= 0) {
			unpin_user_pages(s->pages, done);
			return n ? n : -EFAULT;
		}
		done += n;
	}
	return 0;
}

static int vp_set_memory_region(struct vp_partition *p,
				const struct vpart_memory_region *r)
{
	struct vp_slot *s, ns = {};
	unsigned long i;
	unsigned int prot;
	int ret, j;

	if (r->slot >= VPART_MAX_MEM_SLOTS || (r->flags & ~VPART_MEM_READONLY))
		return -EINVAL;
	if (!PAGE_ALIGNED(r->guest_phys_addr) || !PAGE_ALIGNED(r->memory_size) ||
	    !PAGE_ALIGNED(r->userspace_addr))
		return -EINVAL;
	if (r->memory_size) {
		if (r->guest_phys_addr >= VP_EPT_GPA_LIMIT ||
		    r->memory_size > VP_EPT_GPA_LIMIT - r->guest_phys_addr ||
		    r->userspace_addr + r->memory_size < r->userspace_addr ||
		    !access_ok((void __user *)(unsigned long)r->userspace_addr,
			       r->memory_size))
			return -EINVAL;
		ns.used = true;
		ns.flags = r->flags;
		ns.gpa = r->guest_phys_addr;
		ns.size = r->memory_size;
		ns.uaddr = r->userspace_addr;
		ns.npages = r->memory_size >> PAGE_SHIFT;
		/* More than the host has can never be pinned: say so early. */
		if (ns.npages > totalram_pages())
			return -ENOMEM;
		ns.pages = kvmalloc_array(ns.npages, sizeof(*ns.pages),
					  GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (!ns.pages)
			return -ENOMEM;
	}

	down_write(&p->slots_sem);
	s = &p->slots[r->slot];
	for (j = 0; ns.used && j < VPART_MAX_MEM_SLOTS; j++) {
		const struct vp_slot *o = &p->slots[j];

		if (j != r->slot && o->used && ns.gpa < o->gpa + o->size &&
		    o->gpa < ns.gpa + ns.size) {
			ret = -EEXIST;
			goto out_free;
		}
	}
	vp_slot_release(p, s);
	if (!ns.used) {
		ret = 0;
		goto out;
	}
	ret = account_locked_vm(p->mm, ns.npages, true);
	if (ret)
		goto out_free;
	ret = vp_pin(&ns);
	if (ret) {
		account_locked_vm(p->mm, ns.npages, false);
		goto out_free;
	}
	prot = VP_EPT_READ | VP_EPT_EXEC |
	       (ns.flags & VPART_MEM_READONLY ? 0 : VP_EPT_WRITE);
	for (i = 0; i < ns.npages; i++) {
		ret = vp_ept_map(&p->ept, ns.gpa + i * PAGE_SIZE,
				 page_to_phys(ns.pages[i]), PAGE_SIZE, prot);
		if (ret) {
			vp_ept_unmap(&p->ept, ns.gpa, i * PAGE_SIZE);
			unpin_user_pages(ns.pages, ns.npages);
			account_locked_vm(p->mm, ns.npages, false);
			goto out_free;
		}
	}
	p->locked_pages += ns.npages;
	*s = ns;
	up_write(&p->slots_sem);
	return 0;
out_free:
	kvfree(ns.pages);
out:
	up_write(&p->slots_sem);
	return ret;
}

/* Caller holds slots_sem. */
const struct vp_slot *vp_slot_find(struct vp_partition *p, u64 gpa)
{
	int i;

	for (i = 0; i < VPART_MAX_MEM_SLOTS; i++) {
		const struct vp_slot *s = &p->slots[i];

		if (s->used && gpa >= s->gpa && gpa - s->gpa < s->size)
			return s;
	}
	return NULL;
}

/* Copy guest RAM (slots only) in or out; -EFAULT when any byte is not RAM. */
static int vp_gpa_copy(struct vp_partition *p, u64 gpa, void *buf,
		       unsigned int len, bool write)
{
	int ret = 0;

	down_read(&p->slots_sem);
	while (len) {
		const struct vp_slot *s = vp_slot_find(p, gpa);
		unsigned int off = offset_in_page(gpa);
		unsigned int n = min_t(unsigned int, len, PAGE_SIZE - off);
		void *va;

		if (!s || (write && (s->flags & VPART_MEM_READONLY))) {
			ret = -EFAULT;
			break;
		}
		va = kmap_local_page(s->pages[(gpa - s->gpa) >> PAGE_SHIFT]);
		if (write)
			memcpy(va + off, buf, n);
		else
			memcpy(buf, va + off, n);
		kunmap_local(va);
		gpa += n;
		buf += n;
		len -= n;
	}
	up_read(&p->slots_sem);
	return ret;
}

int vp_gpa_read(struct vp_partition *p, u64 gpa, void *buf, unsigned int len)
{
	return vp_gpa_copy(p, gpa, buf, len, false);
}

int vp_gpa_write(struct vp_partition *p, u64 gpa, const void *buf, unsigned int len)
{
	return vp_gpa_copy(p, gpa, (void *)buf, len, true);
}

static void vp_partition_free(struct kref *ref)
{
	struct vp_partition *p = container_of(ref, struct vp_partition, ref);
	int i;

	vp_vmbus_partition_detach(p);
	vp_debugfs_partition_remove(p);
	for (i = 0; i < VPART_MAX_MEM_SLOTS; i++)
		vp_slot_release(p, &p->slots[i]);
	vp_ept_destroy(&p->ept);
	__free_page(p->msr_bitmap);
	__free_pages(p->io_bitmap, 1);
	if (p->mm)
		mmdrop(p->mm);
	kfree(p);
	vp_vmx_put();
	module_put(THIS_MODULE);
}

void vp_partition_put(struct vp_partition *p)
{
	kref_put(&p->ref, vp_partition_free);
}

static long vp_partition_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct vp_partition *p = f->private_data;
	struct vpart_memory_region r;

	switch (cmd) {
	case VPART_SET_MEMORY_REGION:
		if (copy_from_user(&r, (void __user *)arg, sizeof(r)))
			return -EFAULT;
		return vp_set_memory_region(p, &r);
	case VPART_CREATE_VCPU:
		return vp_vcpu_create(p, arg);
	default:
		if (_IOC_TYPE(cmd) != VPARTIO || _IOC_NR(cmd) < VPART_VMBUS_IOC_FIRST ||
		    _IOC_NR(cmd) > VPART_VMBUS_IOC_LAST)
			return -ENOTTY;
		if (!p->vmbus_ops)
			return -ENODEV;	/* vpart_vmbus was not loaded */
		return p->vmbus_ops->ioctl(p->vmbus, cmd, (void __user *)arg);
	}
}

static int vp_partition_release(struct inode *inode, struct file *f)
{
	vp_partition_put(f->private_data);
	return 0;
}

static const struct file_operations vp_partition_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vp_partition_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = vp_partition_release,
	.llseek = noop_llseek,
};

int vp_partition_create(void)
{
	struct vp_partition *p;
	int ret;

	/* The LAPIC timer and Hyper-V's reference time convert with it. */
	if (!tsc_khz)
		return -ENODEV;
	ret = vp_vmx_get();
	if (ret)
		return ret;
	/* The partition keeps the module: no unload while one exists. */
	__module_get(THIS_MODULE);
	ret = -ENOMEM;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		goto err_put;
	kref_init(&p->ref);
	mutex_init(&p->lock);
	init_rwsem(&p->slots_sem);
	p->msr_bitmap = alloc_page(GFP_KERNEL_ACCOUNT);
	p->io_bitmap = alloc_pages(GFP_KERNEL_ACCOUNT, 1);
	if (!p->msr_bitmap || !p->io_bitmap)
		goto err_free;
	/* Every port exits; MSRs exit except those the CPU switches. */
	memset(page_address(p->io_bitmap), 0xff, 2 * PAGE_SIZE);
	vp_msr_bitmap_init(page_address(p->msr_bitmap));
	ret = vp_ept_init(&p->ept);
	if (ret)
		goto err_free;
	p->eptp = vp_ept_pointer(&p->ept, false);
	p->mm = current->mm;
	if (p->mm)
		mmgrab(p->mm);
	p->tsc_offset = -rdtsc();
	vp_hv_partition_init(p);
	ret = vp_vmbus_partition_attach(p);
	if (ret)
		goto err_mm;
	vp_debugfs_partition_add(p);
	ret = anon_inode_getfd("vpart-partition", &vp_partition_fops, p,
			       O_RDWR | O_CLOEXEC);
	if (ret < 0) {
		vp_debugfs_partition_remove(p);
		vp_vmbus_partition_detach(p);
		goto err_mm;
	}
	return ret;
err_mm:
	if (p->mm)
		mmdrop(p->mm);
	vp_ept_destroy(&p->ept);
err_free:
	if (p->msr_bitmap)
		__free_page(p->msr_bitmap);
	if (p->io_bitmap)
		__free_pages(p->io_bitmap, 1);
	kfree(p);
err_put:
	module_put(THIS_MODULE);
	vp_vmx_put();
	return ret;
}
