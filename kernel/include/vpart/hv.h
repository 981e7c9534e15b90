/* SPDX-License-Identifier: GPL-2.0 */
/*
 * API of vpart.ko (namespace VPART_HV) for the other vpart modules: the
 * only entry points into the hypervisor core that vpart_vmbus and the VSPs
 * use. A partition is opaque to them.
 */
#ifndef _VPART_HV_H
#define _VPART_HV_H

#include <linux/module.h>
#include <linux/types.h>

struct vp_partition;
struct page;

/**
 * struct vp_hv_vmbus_ops - the VMBus host attached to the hypervisor
 * @owner: module providing the host; every partition created while it is
 *	attached pins it and gets a server of its own
 * @name: for the log
 * @create: make the server of a new partition; ERR_PTR fails the creation
 * @destroy: end it, when the partition ends (no vCPU is left by then)
 * @post_message: HvPostMessage from a vCPU thread (may sleep); returns an
 *	HV_STATUS_* value
 * @signal_event: HvSignalEvent, likewise
 * @synic_changed: the guest wrote EOM or reprogrammed the SynIC of @vp:
 *	messages held back for it may go now
 * @ioctl: partition-fd ioctls VPART_VMBUS_IOC_FIRST..LAST
 */
struct vp_hv_vmbus_ops {
	struct module *owner;
	const char *name;
	void *(*create)(struct vp_partition *p);
	void (*destroy)(void *srv);
	u16 (*post_message)(void *srv, u32 vp, u32 conn_id, u32 type,
			    const void *data, u32 len);
	u16 (*signal_event)(void *srv, u32 vp, u32 conn_id, u16 flag);
	void (*synic_changed)(void *srv, u32 vp);
	long (*ioctl)(void *srv, unsigned int cmd, void __user *arg);
};

int vp_hv_attach_vmbus(const struct vp_hv_vmbus_ops *ops);
void vp_hv_detach_vmbus(const struct vp_hv_vmbus_ops *ops);
const struct vp_hv_vmbus_ops *vp_hv_vmbus(void);

/* SynIC delivery to a partition's vCPUs; safe from any context. */
int vp_hv_synic_post(struct vp_partition *p, u32 vp, u32 sint, u32 type,
		     const void *payload, u32 len);
int vp_hv_synic_signal(struct vp_partition *p, u32 vp, u32 sint, u32 flag);

/* Guest RAM for VMBus buffers: references taken page by page (may sleep). */
int vp_hv_get_guest_pages(struct vp_partition *p, const u64 *gfns,
			  unsigned int n, struct page **pages);
/* Partition reference time, 100 ns units (what the guest's TSC page says). */
u64 vp_hv_ref_time(struct vp_partition *p);

#endif /* _VPART_HV_H */
