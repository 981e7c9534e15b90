/* SPDX-License-Identifier: GPL-2.0 */
/*
 * API of vpart_vmbus.ko (namespace VPART_VMBUS) for the VSP modules.
 *
 * A VSP registers a device class (an interface-type GUID and callbacks).
 * The launcher adds devices of a class to a partition; each device is one
 * VMBus channel offered to the guest. When the guest opens the channel the
 * class's @open runs with both rings mapped; guest signals run @packets in
 * process context, one at a time per channel; @close runs when the guest
 * closes the channel, the VMBus connection resets or the partition ends.
 * After @close returns nothing of the class may touch the channel.
 *
 * A device may have sub-channels (same GUIDs, sub_channel_index 1..n) so
 * that guest CPUs do not share one ring: the class asks for them from the
 * primary's @packets with vp_vmbus_dev_request_subchannels(); they are
 * offered soon after and each is opened, read and closed as a channel of
 * its own, with the same callbacks. They last until the device goes or the
 * VMBus connection resets.
 */
#ifndef _VPART_VMBUS_H
#define _VPART_VMBUS_H

#include <linux/list.h>
#include <linux/module.h>
#include <linux/uuid.h>
#include <uapi/vpart/vpart.h>
#include "vpart/vmbus_ring.h"

struct vp_vmbus_dev;
struct vp_vmbus_chan;
struct page;

/**
 * struct vp_vsp_class - a device class a VSP module serves
 * @name: short name the launcher uses ("heartbeat", "storvsp", ...)
 * @if_type: VMBus interface-type GUID offered to the guest for its devices
 * @owner: the VSP module; pinned while a device of the class exists
 * @node: private to vpart_vmbus
 * @chn_flags: offer flags (0 for storage and network)
 * @pipe_mode: offer user_def pipe mode (0: none; 4: message pipe, for ICs)
 * @max_pkt: largest guest->host packet, descriptor included; larger ones
 *	break the channel
 * @add: a device was added with launcher config @cfg (@len bytes, may be
 *	0); may set the device's private data. Optional.
 * @remove: the device goes away (its channel is closed). Optional.
 * @open: the guest opened the channel; non-zero refuses the open
 * @close: the channel closes; stop sending and cancel your work
 * @packets: the guest signalled: read with vp_vmbus_recv() until -EAGAIN.
 *	Return true to stop early with packets left in the ring (too much in
 *	flight); the host then waits for vp_vmbus_chan_poll() before calling
 *	again. Return false otherwise.
 * @eject: optional, for classes whose guest drivers cannot take a rescind
 *	with requests in flight (storvsc loses their completions and waits
 *	for them forever). Removing a device whose primary the guest has open
 *	calls this instead of rescinding it: the class lets go of what the
 *	device serves and tells the guest in its own protocol. On 0 the
 *	device stays offered, empty, until an @insert, a connection reset or
 *	the end; otherwise it is rescinded.
 * @insert: with @eject: adding a device first offers its config to the
 *	class's empty devices in turn; @id is the added device's instance
 *	GUID, for the class to identify what it now serves. -EBUSY: not this
 *	one (the guest has not let go yet); any other error fails the add.
 *
 * @eject and @insert run under the server's lock, as @open and @close do.
 */
struct vp_vsp_class {
	const char *name;
	guid_t if_type;
	struct module *owner;
	struct list_head node;
	u16 chn_flags;
	u32 pipe_mode;
	u32 max_pkt;
	int (*add)(struct vp_vmbus_dev *dev, const void *cfg, u32 len);
	void (*remove)(struct vp_vmbus_dev *dev);
	int (*open)(struct vp_vmbus_chan *ch);
	void (*close)(struct vp_vmbus_chan *ch);
	bool (*packets)(struct vp_vmbus_chan *ch);
	int (*eject)(struct vp_vmbus_dev *dev);
	int (*insert)(struct vp_vmbus_dev *dev, const guid_t *id, const void *cfg, u32 len);
};

int vp_vmbus_register_class(struct vp_vsp_class *cls);
void vp_vmbus_unregister_class(struct vp_vsp_class *cls);
struct vp_vsp_class *vp_vmbus_get_class(const char *name);
void vp_vmbus_put_class(struct vp_vsp_class *cls);

/* Devices and channels. */
void *vp_vmbus_dev_priv(struct vp_vmbus_dev *dev);
void vp_vmbus_dev_set_priv(struct vp_vmbus_dev *dev, void *priv);
struct vp_vmbus_dev *vp_vmbus_chan_dev(struct vp_vmbus_chan *ch);
const guid_t *vp_vmbus_dev_instance(struct vp_vmbus_dev *dev);
u32 vp_vmbus_chan_relid(struct vp_vmbus_chan *ch);
/* 0 for the primary channel, 1..n for sub-channels. */
u16 vp_vmbus_chan_index(struct vp_vmbus_chan *ch);
/* The class's per-channel data (NULL at @open). */
void *vp_vmbus_chan_priv(struct vp_vmbus_chan *ch);
void vp_vmbus_chan_set_priv(struct vp_vmbus_chan *ch, void *priv);
/* Sub-channels of one device: one per guest VP besides the primary's. */
#define VP_VMBUS_MAX_SUBCHANNELS	(VPART_MAX_VCPUS - 1)
/* From the primary's @packets: have @n sub-channels in all, 1..MAX. */
int vp_vmbus_dev_request_subchannels(struct vp_vmbus_chan *primary, unsigned int n);

/* Host -> guest: one packet; signals the guest when it must be told. */
int vp_vmbus_send(struct vp_vmbus_chan *ch, u16 type, u16 flags, u64 trans_id,
		  const void *payload, u32 len);
int vp_vmbus_send_completion(struct vp_vmbus_chan *ch, u64 trans_id,
			     const void *payload, u32 len);
/* Host -> guest: data in the guest's buffer @pageset, named by @n ranges. */
int vp_vmbus_send_xfer(struct vp_vmbus_chan *ch, u16 pageset, const struct vp_xfer_range *ranges,
		       u32 n, u64 trans_id, const void *payload, u32 len);
/*
 * A buffer the guest described with a GPADL for this device (netvsc's
 * receive and send buffers), mapped from @packets: the guest's teardown
 * of it waits until unmapped, and @close's return unmaps what is left.
 * NULL for an unknown, incomplete or departing GPADL or another device's.
 */
void *vp_vmbus_buf_map(struct vp_vmbus_chan *ch, u32 gpadl, u32 *len);
void vp_vmbus_buf_unmap(struct vp_vmbus_chan *ch, void *va);
/* Run @packets again soon (after it stopped early); any context. */
void vp_vmbus_chan_poll(struct vp_vmbus_chan *ch);
/* Guest -> host, from @packets only: one whole packet, descriptor included. */
int vp_vmbus_recv(struct vp_vmbus_chan *ch, void *buf, u32 buflen,
		  struct vp_pktdesc *desc);

/* Guest RAM for I/O: page references held until vp_vmbus_unpin(). */
int vp_vmbus_pin(struct vp_vmbus_dev *dev, const u64 *gfns, unsigned int n,
		 struct page **pages);
void vp_vmbus_unpin(struct page **pages, unsigned int n);
/* Reference time of the device's partition (100 ns units). */
u64 vp_vmbus_ref_time(struct vp_vmbus_dev *dev);

/* Interface-type GUIDs of the classes the suite's VSPs serve. */
#define VP_GUID_SCSI	GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05, \
				  0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f)
#define VP_GUID_NIC	GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f, \
				  0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e)
#define VP_GUID_HEARTBEAT GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55, \
				    0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d)
#define VP_GUID_SHUTDOWN GUID_INIT(0x0e0b6031, 0x5213, 0x4934, 0x81, 0x8b, \
				   0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb)
#define VP_GUID_TIMESYNC GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce, \
				   0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf)

#endif /* _VPART_VMBUS_H */
