/* SPDX-License-Identifier: GPL-2.0 */
/* Private to vpart_vmbus.ko: the per-partition server and what its files share. */
#ifndef _VPART_VMBUS_INTERNAL_H
#define _VPART_VMBUS_INTERNAL_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <uapi/vpart/vpart.h>
#include "vpart/hv_tlfs.h"
#include "vpart/vmbus.h"
#include "vpart/vmbus_msg.h"

/* Limits a guest cannot push past (vmbus-host-facts 3.5 for the sizes Linux uses). */
#define VP_VMBUS_MAX_CHANNELS		256	/* relids 1..256, sub-channels included */
#define VP_VMBUS_MAX_GPADLS		256
#define VP_VMBUS_MAX_GPADL_PAGES	8192	/* backstop: a u16 range_buflen allows 8190 */
#define VP_VMBUS_MAX_PINNED_PAGES	65536	/* 256 MiB over all GPADLs */
/* Replies waiting for a free message slot; past this the guest gets BUFFERS. */
#define VP_VMBUS_OUTQ_BACKLOG		32
/* A channel's connection id is this plus its relid (never 1-4). */
#define VP_VMBUS_CONN_BASE		0x1000
#define VP_VMBUS_STATUS_FAIL		0xc0000001u

/* How a server reaches its partition; KUnit substitutes a fake. */
struct vp_vmbus_port {
	int (*post)(void *hv, u32 vp, u32 sint, u32 type, const void *msg, u32 len);
	int (*signal)(void *hv, u32 vp, u32 sint, u32 flag);
	int (*get_pages)(void *hv, const u64 *gfns, unsigned int n, struct page **pages);
	u64 (*ref_time)(void *hv);
};

struct vp_outmsg {
	struct list_head node;
	u32 len;
	u8 data[VP_CHMSG_MAX];
};

struct vp_gpadl {
	struct list_head node;
	u32 handle;
	u32 relid;
	u32 npages;
	u32 have;			/* PFNs received so far */
	u32 byte_count, byte_offset;
	u64 *gfns;
	struct page **pages;		/* referenced once complete */
	bool complete;
	unsigned int users;		/* open rings, mapped buffers */
	bool torn;			/* teardown asked while in use */
};

struct vp_vmbus_chan {
	struct vp_vmbus_dev *dev;
	struct vp_vmbus_server *srv;
	u32 relid;
	u32 conn_id;
	u16 index;			/* sub_channel_index: 0 for the primary */
	u32 target_vp;
	u32 openid;
	bool offered;			/* offer sent in this connection */
	bool rescinded;			/* rescind sent, waiting for RELID_RELEASED */
	bool released;			/* RELID_RELEASED after the rescind */
	bool open;
	struct vp_gpadl *ring;
	void *ring_va;
	struct vp_ring in, out;		/* guest->host, host->guest */
	spinlock_t out_lock;		/* senders; @out_ok, @closing */
	bool out_ok;
	bool closing;			/* in @close: vp_vmbus_chan_poll() is a no-op */
	struct work_struct work;	/* runs the class's @packets */
	u8 *rx_buf;			/* vp_vmbus_recv() bounce, class max_pkt */
	void *priv;			/* the class's, between @open and @close */
	struct list_head bufs;		/* vp_vmbus_buf_map()ped, under srv->lock */
};

struct vp_vmbus_dev {
	struct list_head node;
	struct vp_vmbus_server *srv;
	struct vp_vsp_class *cls;
	guid_t instance;
	u32 id;				/* 0: ejected, empty until an @insert */
	struct vp_vmbus_chan chan;	/* the primary channel */
	/* Sub-channels, offered in this connection at the class's request. */
	struct vp_vmbus_chan *sub[VP_VMBUS_MAX_SUBCHANNELS];
	unsigned int nsub;
	unsigned int sub_wanted;	/* set from @packets; srv->sub_work offers */
	void *priv;
};

struct vp_vmbus_server {
	void *hv;			/* struct vp_partition */
	const struct vp_vmbus_port *port;
	struct mutex lock;		/* everything below */
	u32 version;			/* 0: not connected */
	u32 target_vp, sint;		/* where messages go */
	bool offers_requested;
	struct list_head outq;
	unsigned int outq_len;
	struct list_head gpadls;
	unsigned int ngpadls;
	unsigned long pinned;		/* pages of all GPADLs, complete or not */
	struct vp_vmbus_chan *chans[VP_VMBUS_MAX_CHANNELS + 1];	/* by relid */
	struct list_head devs;
	unsigned int ndevs;
	u32 next_dev_id;
	u64 msgs_in, msgs_out;
	/* Offers sub-channels: a class asks from @packets, which a channel
	 * close waits for under @lock, so the offers cannot be made there.
	 */
	struct work_struct sub_work;
};

extern struct workqueue_struct *vp_vmbus_wq;
extern const struct vp_vmbus_port vp_vmbus_hv_port;

/* server.c */
struct vp_vmbus_server *vp_vmbus_server_create(void *hv, const struct vp_vmbus_port *port);
void vp_vmbus_server_destroy(struct vp_vmbus_server *srv);
u16 vp_vmbus_post(struct vp_vmbus_server *srv, u32 vp, u32 conn_id, u32 type,
		  const void *data, u32 len);
u16 vp_vmbus_signal(struct vp_vmbus_server *srv, u32 conn_id, u16 flag);
void vp_vmbus_flush(struct vp_vmbus_server *srv);
void vp_vmbus_queue(struct vp_vmbus_server *srv, const void *msg, u32 len);
int vp_vmbus_add_device(struct vp_vmbus_server *srv, const char *cls_name,
			const u8 *instance, const void *cfg, u32 len);
int vp_vmbus_remove_device(struct vp_vmbus_server *srv, u32 id);
long vp_vmbus_ioctl(struct vp_vmbus_server *srv, unsigned int cmd, void __user *arg);

/* gpadl.c */
void vp_gpadl_header(struct vp_vmbus_server *srv, const void *msg, const struct vp_chmsg_info *in);
void vp_gpadl_body(struct vp_vmbus_server *srv, const void *msg, const struct vp_chmsg_info *in);
void vp_gpadl_teardown(struct vp_vmbus_server *srv, const void *msg);
struct vp_gpadl *vp_gpadl_find(struct vp_vmbus_server *srv, u32 handle);
void vp_gpadl_put(struct vp_vmbus_server *srv, struct vp_gpadl *g);
void vp_gpadl_free_all(struct vp_vmbus_server *srv);
void vp_chan_unmap_bufs(struct vp_vmbus_chan *ch);

/* channel.c */
void vp_chan_init(struct vp_vmbus_chan *ch, struct vp_vmbus_dev *dev, u32 relid, u16 index);
void vp_chan_offer(struct vp_vmbus_chan *ch);
void vp_chan_open(struct vp_vmbus_server *srv, const struct vp_chmsg_open *m);
void vp_chan_close(struct vp_vmbus_chan *ch);
void vp_chan_signal(struct vp_vmbus_chan *ch);

/* ic.c: the integration services, classes of our own */
int vp_ic_init(void);
void vp_ic_exit(void);
void vp_ic_status(struct vp_vmbus_server *srv, struct vpart_vmbus_status *st);
int vp_ic_shutdown(struct vp_vmbus_server *srv, u32 flags);

void vp_vsp_registry_check_empty(void);

#endif /* _VPART_VMBUS_INTERNAL_H */
