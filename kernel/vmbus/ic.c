// SPDX-License-Identifier: GPL-2.0
/*
 * Integration services, the first VSPs: heartbeat, shutdown and time
 * synchronisation (integration-services-facts). They use the same class
 * API as any VSP module. The host always speaks first: a version
 * negotiation when the guest opens the channel, then one request at a time,
 * each answered in place by the guest's hv_utils.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <kunit/visibility.h>
#include "vmbus_internal.h"

#define VP_IC_HEARTBEAT_PERIOD	(2 * HZ)
#define VP_IC_TIMESYNC_PERIOD	(5 * HZ)
/* 100 ns units from 1601-01-01 (Windows FILETIME) to 1970-01-01. */
#define VP_IC_FILETIME_1970	116444736000000000ULL
#define VP_IC_BUF		4096

enum vp_ic_state { VP_IC_CLOSED, VP_IC_NEGOTIATING, VP_IC_READY };

/* A service: its class and what sets it apart from the other two. */
struct vp_ic_service {
	struct vp_vsp_class cls;
	u16 msgtype;			/* VP_IC_MSG_* of its requests */
	const struct vp_ic_version *ver;	/* service versions we speak */
	unsigned int nver;
};

struct vp_ic {
	struct vp_vmbus_dev *dev;
	const struct vp_ic_service *svc;
	struct vp_vmbus_chan *ch;	/* while open */
	spinlock_t lock;		/* the fields below, status readers */
	enum vp_ic_state state;
	struct vp_ic_version frame, msg;
	bool busy;			/* a request is out */
	unsigned long sent;		/* jiffies of that request */
	u64 seq;			/* heartbeat: last sent */
	u64 answered_seq;
	unsigned long answered;		/* jiffies */
	u32 hb;				/* VPART_HEARTBEAT_* */
	u32 shutdown;			/* VPART_SHUTDOWN_* */
	u32 samples;
	struct delayed_work tick;
	u8 buf[VP_IC_BUF];		/* one packet in, descriptor included */
};

/* Versions we offer: framework 1.0 and 3.0; per service what we speak. */
static const struct vp_ic_version vp_ic_frame[] = { { 1, 0 }, { 3, 0 } };
static const struct vp_ic_version vp_ic_hb_ver[] = { { 1, 0 }, { 3, 0 } };
static const struct vp_ic_version vp_ic_sd_ver[] = { { 1, 0 }, { 3, 0 }, { 3, 1 }, { 3, 2 } };
static const struct vp_ic_version vp_ic_ts_ver[] = { { 4, 0 } };

static void vp_ic_hdr(struct vp_ic_hdr *h, u32 total, u16 type)
{
	h->pipe_flags = VP_IC_PIPE_DATA;
	h->pipe_msgsize = total - 8;
	h->msgtype = type;
	h->msgsize = total - sizeof(*h);
	h->flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_REQUEST;
}

/* Under ic->lock. */
static int vp_ic_request(struct vp_ic *ic, void *pkt, u32 len)
{
	int ret;

	if (!ic->ch || ic->busy)
		return -EBUSY;
	ret = vp_vmbus_send(ic->ch, VP_PKT_DATA_INBAND, 0, 0, pkt, len);
	if (!ret) {
		ic->busy = true;
		ic->sent = jiffies;
	}
	return ret;
}

static void vp_ic_negotiate(struct vp_ic *ic)
{
	const struct vp_ic_version *sv = ic->svc->ver;
	unsigned int i, ns = ic->svc->nver;
	struct vp_ic_negotiate n = {};
	u32 len;

	n.frame_count = ARRAY_SIZE(vp_ic_frame);
	n.msg_count = ns;
	for (i = 0; i < ARRAY_SIZE(vp_ic_frame); i++)
		n.v[i] = vp_ic_frame[i];
	for (i = 0; i < ns; i++)
		n.v[ARRAY_SIZE(vp_ic_frame) + i] = sv[i];
	len = offsetof(struct vp_ic_negotiate, v[ARRAY_SIZE(vp_ic_frame) + ns]);
	vp_ic_hdr(&n.hdr, len, VP_IC_MSG_NEGOTIATE);
	vp_ic_request(ic, &n, len);
}

static void vp_ic_send_time(struct vp_ic *ic, u8 flags)
{
	struct vp_ic_timesync t = {
		.vm_reference_time = vp_vmbus_ref_time(ic->dev),
		.parent_time = ktime_get_real_ns() / 100 + VP_IC_FILETIME_1970,
		.flags = flags,
	};

	vp_ic_hdr(&t.hdr, sizeof(t), VP_IC_MSG_TIMESYNC);
	vp_ic_request(ic, &t, sizeof(t));
}

static void vp_ic_tick(struct work_struct *work)
{
	struct vp_ic *ic = container_of(to_delayed_work(work), struct vp_ic, tick);
	struct vp_ic_heartbeat hb = {};
	unsigned long period = VP_IC_TIMESYNC_PERIOD;

	spin_lock_bh(&ic->lock);
	if (ic->state != VP_IC_READY)
		goto out;
	if (ic->svc->msgtype == VP_IC_MSG_HEARTBEAT) {
		period = VP_IC_HEARTBEAT_PERIOD;
		if (ic->busy) {
			/* Unanswered for a whole period: the guest is not well. */
			if (time_after(jiffies, ic->sent + VP_IC_HEARTBEAT_PERIOD))
				ic->hb = VPART_HEARTBEAT_LOST;
		} else {
			hb.seq = ++ic->seq;
			vp_ic_hdr(&hb.hdr, sizeof(hb), VP_IC_MSG_HEARTBEAT);
			vp_ic_request(ic, &hb, sizeof(hb));
		}
	} else if (!ic->busy) {
		vp_ic_send_time(ic, VP_IC_TIMESYNC_SAMPLE);
	}
	schedule_delayed_work(&ic->tick, period);
out:
	spin_unlock_bh(&ic->lock);
}

/* One guest answer, under ic->lock. */
static void vp_ic_answer(struct vp_ic *ic, const void *pkt, u32 len)
{
	const struct vp_ic_hdr *h = pkt;
	u16 type = ic->state == VP_IC_NEGOTIATING ? VP_IC_MSG_NEGOTIATE : ic->svc->msgtype;

	if (!ic->busy || vp_ic_check_reply(pkt, len, type, sizeof(*h))) {
		pr_warn_ratelimited("%s: unexpected packet from the guest\n", ic->dev->cls->name);
		return;
	}
	ic->busy = false;
	switch (type) {
	case VP_IC_MSG_NEGOTIATE:
		if (vp_ic_negotiated(pkt, len, &ic->frame, &ic->msg)) {
			pr_warn("%s: no common version with the guest\n", ic->dev->cls->name);
			return;
		}
		ic->state = VP_IC_READY;
		pr_info("%s: IC version %u.%u\n", ic->dev->cls->name, ic->msg.major, ic->msg.minor);
		if (ic->svc->msgtype == VP_IC_MSG_TIMESYNC)
			vp_ic_send_time(ic, VP_IC_TIMESYNC_SYNC);
		if (ic->svc->msgtype != VP_IC_MSG_SHUTDOWN)
			schedule_delayed_work(&ic->tick, 0);
		break;
	case VP_IC_MSG_HEARTBEAT:
		if (len >= offsetof(struct vp_ic_heartbeat, reserved) &&
		    ((const struct vp_ic_heartbeat *)pkt)->seq == ic->seq + 1) {
			ic->answered_seq = ic->seq + 1;
			ic->answered = jiffies;
			ic->hb = VPART_HEARTBEAT_OK;
		}
		break;
	case VP_IC_MSG_SHUTDOWN:
		ic->shutdown = h->status == VP_IC_S_OK ? VPART_SHUTDOWN_ACCEPTED :
			       VPART_SHUTDOWN_REFUSED;
		break;
	case VP_IC_MSG_TIMESYNC:
		ic->samples++;
		break;
	}
}

static bool vp_ic_packets(struct vp_vmbus_chan *ch)
{
	struct vp_ic *ic = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));
	struct vp_pktdesc d;
	int len;

	spin_lock_bh(&ic->lock);
	while ((len = vp_vmbus_recv(ch, ic->buf, sizeof(ic->buf), &d)) > 0) {
		u32 off = d.offset8 * 8;

		if (d.type != VP_PKT_DATA_INBAND || off > (u32)len)
			continue;
		vp_ic_answer(ic, ic->buf + off, len - off);
	}
	spin_unlock_bh(&ic->lock);
	return false;
}

static int vp_ic_open(struct vp_vmbus_chan *ch)
{
	struct vp_ic *ic = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));

	spin_lock_bh(&ic->lock);
	ic->ch = ch;
	ic->state = VP_IC_NEGOTIATING;
	ic->busy = false;
	ic->hb = VPART_HEARTBEAT_WAITING;
	vp_ic_negotiate(ic);
	spin_unlock_bh(&ic->lock);
	return 0;
}

static void vp_ic_close(struct vp_vmbus_chan *ch)
{
	struct vp_ic *ic = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));

	spin_lock_bh(&ic->lock);
	ic->state = VP_IC_CLOSED;
	ic->ch = NULL;
	ic->hb = VPART_HEARTBEAT_NONE;
	spin_unlock_bh(&ic->lock);
	cancel_delayed_work_sync(&ic->tick);
}

static int vp_ic_add(struct vp_vmbus_dev *dev, const void *cfg, u32 len)
{
	struct vp_ic *ic;

	if (len)
		return -EINVAL;		/* no options */
	ic = kzalloc(sizeof(*ic), GFP_KERNEL_ACCOUNT);
	if (!ic)
		return -ENOMEM;
	ic->dev = dev;
	ic->svc = container_of(dev->cls, struct vp_ic_service, cls);
	spin_lock_init(&ic->lock);
	INIT_DELAYED_WORK(&ic->tick, vp_ic_tick);
	vp_vmbus_dev_set_priv(dev, ic);
	return 0;
}

static void vp_ic_remove(struct vp_vmbus_dev *dev)
{
	struct vp_ic *ic = vp_vmbus_dev_priv(dev);

	cancel_delayed_work_sync(&ic->tick);
	kfree(ic);
}

#define VP_IC_SERVICE(_name, _guid, _type, _ver) {				\
	.cls = { .name = _name, .if_type = _guid, .owner = THIS_MODULE,		\
		 .chn_flags = 0x11, .pipe_mode = 4, .max_pkt = VP_IC_BUF,	\
		 .add = vp_ic_add, .remove = vp_ic_remove, .open = vp_ic_open,	\
		 .close = vp_ic_close, .packets = vp_ic_packets },		\
	.msgtype = _type, .ver = _ver, .nver = ARRAY_SIZE(_ver) }

static struct vp_ic_service vp_ic_services[] = {
	VP_IC_SERVICE("heartbeat", VP_GUID_HEARTBEAT, VP_IC_MSG_HEARTBEAT, vp_ic_hb_ver),
	VP_IC_SERVICE("shutdown", VP_GUID_SHUTDOWN, VP_IC_MSG_SHUTDOWN, vp_ic_sd_ver),
	VP_IC_SERVICE("timesync", VP_GUID_TIMESYNC, VP_IC_MSG_TIMESYNC, vp_ic_ts_ver),
};

/* The IC behind @dev, or NULL when @dev is another VSP's device. */
static struct vp_ic *vp_ic_of(struct vp_vmbus_dev *dev)
{
	return dev->cls->add == vp_ic_add ? dev->priv : NULL;
}

/* Under srv->lock: fill the IC part of the status. */
void vp_ic_status(struct vp_vmbus_server *srv, struct vpart_vmbus_status *st)
{
	struct vp_vmbus_dev *dev;

	list_for_each_entry(dev, &srv->devs, node) {
		struct vp_ic *ic = vp_ic_of(dev);

		if (!ic)
			continue;
		spin_lock_bh(&ic->lock);
		switch (ic->svc->msgtype) {
		case VP_IC_MSG_HEARTBEAT:
			if (ic->hb <= st->heartbeat)
				break;
			st->heartbeat = ic->hb;
			st->heartbeat_seq = ic->answered_seq;
			st->heartbeat_age_ms = ic->answered ?
				jiffies_to_msecs(jiffies - ic->answered) : 0;
			break;
		case VP_IC_MSG_SHUTDOWN:
			st->shutdown = max(st->shutdown, ic->shutdown);
			break;
		case VP_IC_MSG_TIMESYNC:
			st->timesync_samples += ic->samples;
			break;
		}
		spin_unlock_bh(&ic->lock);
	}
}
EXPORT_SYMBOL_IF_KUNIT(vp_ic_status);

/* VPART_VMBUS_SHUTDOWN: ask through the first ready shutdown channel. */
int vp_ic_shutdown(struct vp_vmbus_server *srv, u32 flags)
{
	struct vp_ic_shutdown *req = kzalloc(sizeof(*req), GFP_KERNEL);
	struct vp_vmbus_dev *dev;
	int ret = -EAGAIN;

	if (!req)
		return -ENOMEM;
	req->flags = flags;
	req->reason = 0x80000000;	/* planned */
	vp_ic_hdr(&req->hdr, sizeof(*req), VP_IC_MSG_SHUTDOWN);
	mutex_lock(&srv->lock);
	list_for_each_entry(dev, &srv->devs, node) {
		struct vp_ic *ic = vp_ic_of(dev);

		if (!ic || ic->svc->msgtype != VP_IC_MSG_SHUTDOWN)
			continue;
		spin_lock_bh(&ic->lock);
		if (ic->state == VP_IC_READY && !ic->busy) {
			ret = vp_ic_request(ic, req, sizeof(*req));
			if (!ret)
				ic->shutdown = VPART_SHUTDOWN_SENT;
		}
		spin_unlock_bh(&ic->lock);
		if (!ret)
			break;
	}
	mutex_unlock(&srv->lock);
	kfree(req);
	return ret == -EBUSY ? -EAGAIN : ret;
}
EXPORT_SYMBOL_IF_KUNIT(vp_ic_shutdown);

int vp_ic_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(vp_ic_services); i++) {
		ret = vp_vmbus_register_class(&vp_ic_services[i].cls);
		if (ret) {
			while (i--)
				vp_vmbus_unregister_class(&vp_ic_services[i].cls);
			return ret;
		}
	}
	return 0;
}

void vp_ic_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vp_ic_services); i++)
		vp_vmbus_unregister_class(&vp_ic_services[i].cls);
}
