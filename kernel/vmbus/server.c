// SPDX-License-Identifier: GPL-2.0
/*
 * One VMBus server per partition: the channel-management protocol
 * (vmbus-host-facts section 3). Guest messages arrive through HvPostMessage
 * on the vCPU thread and are handled there, under the server lock; replies
 * go to a queue that drains into the guest's SynIC message slot as fast as
 * the guest frees it (EOM). A guest that stops freeing it gets
 * HV_STATUS_INSUFFICIENT_BUFFERS for further posts, as from Hyper-V.
 *
 * Every message is checked for shape (msg.c) and against the state here;
 * a bad one is refused with an error status or answered with a failure
 * the guest understands, never trusted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <kunit/visibility.h>
#include <vpart/compat.h>
#include "vmbus_internal.h"

void vp_vmbus_flush(struct vp_vmbus_server *srv)
{
	struct vp_outmsg *m, *tmp;

	lockdep_assert_held(&srv->lock);
	list_for_each_entry_safe(m, tmp, &srv->outq, node) {
		int ret = srv->port->post(srv->hv, srv->target_vp, srv->sint,
					  VP_HV_MSG_TYPE_VMBUS, m->data, m->len);

		if (ret == -EAGAIN || ret == -ENXIO)
			break;		/* EOM or a SynIC change brings us back */
		if (!ret)
			srv->msgs_out++;
		list_del(&m->node);
		srv->outq_len--;
		kfree(m);
	}
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_flush);

/* Queue a host->guest message (under the lock) and try to deliver. */
void vp_vmbus_queue(struct vp_vmbus_server *srv, const void *msg, u32 len)
{
	struct vp_outmsg *m = kzalloc(sizeof(*m), GFP_KERNEL);

	lockdep_assert_held(&srv->lock);
	if (WARN_ON_ONCE(len > VP_CHMSG_MAX) || !m) {
		kfree(m);
		return;
	}
	memcpy(m->data, msg, len);
	m->len = len;
	list_add_tail(&m->node, &srv->outq);
	srv->outq_len++;
	vp_vmbus_flush(srv);
}

static void vp_outq_purge(struct vp_vmbus_server *srv)
{
	struct vp_outmsg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &srv->outq, node)
		kfree(m);
	INIT_LIST_HEAD(&srv->outq);
	srv->outq_len = 0;
}

/* A sub-channel goes: closed if open, its relid free again. */
static void vp_sub_free(struct vp_vmbus_server *srv, struct vp_vmbus_chan *ch)
{
	if (ch->open)
		vp_chan_close(ch);
	srv->chans[ch->relid] = NULL;
	kfree(ch->rx_buf);
	kfree(ch);
}

/* After the primary closed: the class's @packets asks for no more. */
static void vp_dev_free_subs(struct vp_vmbus_server *srv, struct vp_vmbus_dev *dev)
{
	while (dev->nsub)
		vp_sub_free(srv, dev->sub[--dev->nsub]);
	WRITE_ONCE(dev->sub_wanted, 0);
}

static void vp_dev_free(struct vp_vmbus_server *srv, struct vp_vmbus_dev *dev)
{
	if (dev->chan.open)
		vp_chan_close(&dev->chan);
	vp_dev_free_subs(srv, dev);
	if (dev->cls->remove)
		dev->cls->remove(dev);
	srv->chans[dev->chan.relid] = NULL;
	list_del(&dev->node);
	srv->ndevs--;
	vp_vmbus_put_class(dev->cls);
	kfree(dev->chan.rx_buf);
	kfree(dev);
}

/* Every channel of a rescinded device was released by the guest. */
static bool vp_dev_released(struct vp_vmbus_dev *dev)
{
	unsigned int i;

	for (i = 0; i < dev->nsub; i++)
		if (!dev->sub[i]->released)
			return false;
	return dev->chan.released;
}

/*
 * Back to "not connected": after UNLOAD, a new INITIATE_CONTACT (kexec,
 * firmware hand-over) or at the end. Rescinded devices are gone for good.
 */
static void vp_vmbus_reset(struct vp_vmbus_server *srv)
{
	struct vp_vmbus_dev *dev, *tmp;
	struct vp_gpadl *g;

	/* The old connection's teardowns are not answered in the new one. */
	list_for_each_entry(g, &srv->gpadls, node)
		g->torn = false;
	list_for_each_entry_safe(dev, tmp, &srv->devs, node) {
		/* An empty device is not offered again: a new guest gets no husk. */
		if (dev->chan.rescinded || !dev->id) {
			vp_dev_free(srv, dev);
			continue;
		}
		if (dev->chan.open)
			vp_chan_close(&dev->chan);
		/* A new connection asks for its own sub-channels. */
		vp_dev_free_subs(srv, dev);
		dev->chan.offered = false;
	}
	vp_gpadl_free_all(srv);
	vp_outq_purge(srv);
	srv->version = 0;
	srv->offers_requested = false;
}

static void vp_initiate_contact(struct vp_vmbus_server *srv, u32 conn_id,
				const struct vp_chmsg_initiate_contact *m)
{
	struct vp_chmsg_version_response r = {
		.hdr.msgtype = VP_CHMSG_VERSION_RESPONSE,
	};
	u32 sint = VP_VMBUS_MESSAGE_SINT;
	bool v5 = m->version >= VP_VMBUS_VERSION_WIN10_V5;

	if (v5)
		sint = m->msg_sint;
	if (m->target_vcpu >= VPART_MAX_VCPUS || !sint || sint >= VP_HV_SINT_COUNT) {
		pr_warn_ratelimited("INITIATE_CONTACT to vp %u sint %u refused\n",
				    m->target_vcpu, sint);
		return;		/* nowhere to answer */
	}
	if (srv->version)
		vp_vmbus_reset(srv);
	srv->target_vp = m->target_vcpu;
	srv->sint = sint;
	/* 5.x contacts come on connection 4, older ones on 1 (facts 3.3). */
	if (vp_vmbus_version_ok(m->version) &&
	    (conn_id == VP_VMBUS_CONN_MESSAGE_V5) == v5) {
		srv->version = m->version;
		r.version_supported = 1;
		r.msg_conn_id = VP_VMBUS_CONN_MESSAGE;
		pr_info_ratelimited("guest connected with VMBus %u.%u\n", m->version >> 16,
			m->version & 0xffff);
	}
	vp_vmbus_queue(srv, &r, sizeof(r));
}

static void vp_request_offers(struct vp_vmbus_server *srv)
{
	struct vp_chmsg_hdr done = { .msgtype = VP_CHMSG_ALLOFFERS_DELIVERED };
	struct vp_vmbus_dev *dev;

	list_for_each_entry(dev, &srv->devs, node)
		if (!dev->chan.offered && !dev->chan.rescinded)
			vp_chan_offer(&dev->chan);
	srv->offers_requested = true;
	vp_vmbus_queue(srv, &done, sizeof(done));
}

static struct vp_vmbus_chan *vp_chan_get(struct vp_vmbus_server *srv, u32 relid)
{
	if (!relid || relid > VP_VMBUS_MAX_CHANNELS)
		return NULL;
	return srv->chans[relid];
}

static void vp_close_channel(struct vp_vmbus_server *srv, u32 relid)
{
	struct vp_vmbus_chan *ch = vp_chan_get(srv, relid);

	if (ch && ch->open)
		vp_chan_close(ch);
}

static void vp_relid_released(struct vp_vmbus_server *srv, u32 relid)
{
	struct vp_vmbus_chan *ch = vp_chan_get(srv, relid);

	if (!ch)
		return;
	if (ch->rescinded) {
		/* The device goes once the guest let go of all its channels. */
		if (ch->open)
			vp_chan_close(ch);
		ch->released = true;
		if (vp_dev_released(ch->dev))
			vp_dev_free(srv, ch->dev);
		return;
	}
	/* The guest could not use the offer; offer again after a reconnect. */
	if (ch->open)
		vp_chan_close(ch);
	ch->offered = false;
}

static void vp_modify_channel(struct vp_vmbus_server *srv, const struct vp_chmsg_modify *m)
{
	struct vp_chmsg_modify_response r = {
		.hdr.msgtype = VP_CHMSG_MODIFYCHANNEL_RESPONSE,
		.child_relid = m->child_relid,
	};
	struct vp_vmbus_chan *ch = vp_chan_get(srv, m->child_relid);

	if (ch && m->target_vp < VPART_MAX_VCPUS)
		WRITE_ONCE(ch->target_vp, m->target_vp);
	else
		r.status = VP_VMBUS_STATUS_FAIL;
	/* Only 5.3 guests wait for the answer (facts 3.3). */
	if (srv->version >= VP_VMBUS_VERSION_WIN10_V5_3)
		vp_vmbus_queue(srv, &r, sizeof(r));
}

static void vp_dispatch(struct vp_vmbus_server *srv, u32 conn_id, const void *data,
			const struct vp_chmsg_info *info)
{
	if (info->type == VP_CHMSG_INITIATE_CONTACT) {
		vp_initiate_contact(srv, conn_id, data);
		return;
	}
	if (!srv->version)
		return;		/* nothing but contact before contact */
	switch (info->type) {
	case VP_CHMSG_REQUESTOFFERS:
		vp_request_offers(srv);
		break;
	case VP_CHMSG_GPADL_HEADER:
		vp_gpadl_header(srv, data, info);
		break;
	case VP_CHMSG_GPADL_BODY:
		vp_gpadl_body(srv, data, info);
		break;
	case VP_CHMSG_GPADL_TEARDOWN:
		vp_gpadl_teardown(srv, data);
		break;
	case VP_CHMSG_OPENCHANNEL:
		vp_chan_open(srv, data);
		break;
	case VP_CHMSG_CLOSECHANNEL:
		vp_close_channel(srv, ((const struct vp_chmsg_relid *)data)->child_relid);
		break;
	case VP_CHMSG_RELID_RELEASED:
		vp_relid_released(srv, ((const struct vp_chmsg_relid *)data)->child_relid);
		break;
	case VP_CHMSG_MODIFYCHANNEL:
		vp_modify_channel(srv, data);
		break;
	case VP_CHMSG_UNLOAD: {
		struct vp_chmsg_hdr r = { .msgtype = VP_CHMSG_UNLOAD_RESPONSE };

		vp_vmbus_reset(srv);
		vp_vmbus_queue(srv, &r, sizeof(r));
		pr_info("guest unloaded VMBus\n");
		break;
	}
	}
}

/**
 * vp_vmbus_post() - HvPostMessage from a guest VP
 * @srv: the partition's server
 * @vp: the posting VP
 * @conn_id: connection id the guest addressed
 * @type: message type (VMBus: 1)
 * @data: payload, already copied out of guest memory
 * @len: payload size, at most 240
 *
 * Return: an HV_STATUS_* value for the guest.
 */
u16 vp_vmbus_post(struct vp_vmbus_server *srv, u32 vp, u32 conn_id, u32 type,
		  const void *data, u32 len)
{
	struct vp_chmsg_info info;
	u16 status = VP_HV_STATUS_SUCCESS;

	if (conn_id != VP_VMBUS_CONN_MESSAGE && conn_id != VP_VMBUS_CONN_MESSAGE_V5)
		return VP_HV_STATUS_INVALID_CONNECTION_ID;
	if (type != VP_HV_MSG_TYPE_VMBUS || vp_chmsg_check(data, len, &info))
		return VP_HV_STATUS_INVALID_PARAMETER;
	if (conn_id == VP_VMBUS_CONN_MESSAGE_V5 && info.type != VP_CHMSG_INITIATE_CONTACT)
		return VP_HV_STATUS_INVALID_CONNECTION_ID;
	mutex_lock(&srv->lock);
	if (srv->outq_len >= VP_VMBUS_OUTQ_BACKLOG) {
		/* Deliver what we can first: the guest retries this one. */
		vp_vmbus_flush(srv);
		if (srv->outq_len >= VP_VMBUS_OUTQ_BACKLOG)
			status = VP_HV_STATUS_INSUFFICIENT_BUFFERS;
	}
	if (status == VP_HV_STATUS_SUCCESS) {
		srv->msgs_in++;
		vp_dispatch(srv, conn_id, data, &info);
	}
	mutex_unlock(&srv->lock);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_post);

/**
 * vp_vmbus_signal() - HvSignalEvent: the guest wrote to a channel's ring
 * @srv: the partition's server
 * @conn_id: the channel's connection id from its offer
 * @flag: event flag number; Linux uses 0
 *
 * Return: HV_STATUS_SUCCESS, or INVALID_CONNECTION_ID / INVALID_PORT_ID.
 */
u16 vp_vmbus_signal(struct vp_vmbus_server *srv, u32 conn_id, u16 flag)
{
	struct vp_vmbus_chan *ch;
	u16 status = VP_HV_STATUS_SUCCESS;

	if (flag)
		return VP_HV_STATUS_INVALID_PORT_ID;
	if (conn_id <= VP_VMBUS_CONN_BASE)
		return VP_HV_STATUS_INVALID_CONNECTION_ID;
	mutex_lock(&srv->lock);
	ch = vp_chan_get(srv, conn_id - VP_VMBUS_CONN_BASE);
	if (ch && ch->open)
		vp_chan_signal(ch);
	else if (!ch)
		status = VP_HV_STATUS_INVALID_CONNECTION_ID;
	mutex_unlock(&srv->lock);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_signal);

/* Lowest free relid, or 0. */
static u32 vp_free_relid(struct vp_vmbus_server *srv)
{
	u32 relid;

	for (relid = 1; relid <= VP_VMBUS_MAX_CHANNELS; relid++)
		if (!srv->chans[relid])
			return relid;
	return 0;
}

/* Offer one more sub-channel of @dev; false when it cannot have one. */
static bool vp_sub_add(struct vp_vmbus_server *srv, struct vp_vmbus_dev *dev)
{
	struct vp_vmbus_chan *ch;
	u32 relid = vp_free_relid(srv);

	/* Only for an open primary of this connection. */
	if (!srv->version || !dev->chan.open || dev->chan.rescinded ||
	    dev->nsub >= VP_VMBUS_MAX_SUBCHANNELS)
		return false;
	if (!relid) {
		pr_warn_ratelimited("no relid left for a sub-channel of %s\n", dev->cls->name);
		return false;
	}
	ch = kzalloc(sizeof(*ch), GFP_KERNEL_ACCOUNT);
	if (!ch)
		return false;
	ch->rx_buf = kmalloc(dev->cls->max_pkt ?: 4096, GFP_KERNEL_ACCOUNT);
	if (!ch->rx_buf) {
		kfree(ch);
		return false;
	}
	vp_chan_init(ch, dev, relid, dev->nsub + 1);
	srv->chans[relid] = ch;
	dev->sub[dev->nsub++] = ch;
	vp_chan_offer(ch);
	return true;
}

static void vp_sub_work(struct work_struct *work)
{
	struct vp_vmbus_server *srv = container_of(work, struct vp_vmbus_server, sub_work);
	struct vp_vmbus_dev *dev;

	mutex_lock(&srv->lock);
	list_for_each_entry(dev, &srv->devs, node)
		while (dev->nsub < READ_ONCE(dev->sub_wanted) && vp_sub_add(srv, dev))
			;
	mutex_unlock(&srv->lock);
}

/**
 * vp_vmbus_dev_request_subchannels() - ask for sub-channels of a device
 * @primary: the device's primary channel, from its class's @packets
 * @n: sub-channels wanted in all, 1..63
 *
 * The offers follow from a work item: @packets runs under a close that
 * holds the server lock. Fewer are offered when relids run out. A request
 * for fewer than the device has changes nothing.
 *
 * Return: 0, or -EINVAL for a sub-channel or a count out of range.
 */
int vp_vmbus_dev_request_subchannels(struct vp_vmbus_chan *primary, unsigned int n)
{
	struct vp_vmbus_dev *dev = primary->dev;

	if (primary->index || !n || n > VP_VMBUS_MAX_SUBCHANNELS)
		return -EINVAL;
	if (n > READ_ONCE(dev->sub_wanted))
		WRITE_ONCE(dev->sub_wanted, n);
	queue_work(system_unbound_wq, &dev->srv->sub_work);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_dev_request_subchannels, VP_NS_VMBUS);

/* @insert into an empty device of @cls: its new id, 0 if none took it, or an error. */
static int vp_dev_insert(struct vp_vmbus_server *srv, struct vp_vsp_class *cls,
			 const guid_t *id, const void *cfg, u32 len)
{
	struct vp_vmbus_dev *dev;
	int ret;

	lockdep_assert_held(&srv->lock);
	list_for_each_entry(dev, &srv->devs, node) {
		if (dev->cls != cls || dev->id)
			continue;
		ret = cls->insert(dev, id, cfg, len);
		if (ret == -EBUSY)
			continue;
		if (ret)
			return ret;
		dev->id = ++srv->next_dev_id;
		return dev->id;
	}
	return 0;
}

/**
 * vp_vmbus_add_device() - add a device of a registered class
 * @srv: the partition's server
 * @cls_name: class name
 * @instance: instance GUID (wire order), or NULL/all zero for a random one
 * @cfg: class config (kernel copy)
 * @len: its size
 *
 * A connected guest that has asked for offers gets this one at once,
 * unless the class has an empty device that takes it (@insert).
 *
 * Return: the device id (> 0), -ENOENT for an unknown class, -ENOSPC past
 * the channel limit, -EEXIST for an instance in use, or the class's error.
 */
int vp_vmbus_add_device(struct vp_vmbus_server *srv, const char *cls_name,
			const u8 *instance, const void *cfg, u32 len)
{
	struct vp_vsp_class *cls = vp_vmbus_get_class(cls_name);
	struct vp_vmbus_dev *dev, *d;
	u32 relid;
	int ret;

	if (!cls)
		return -ENOENT;
	ret = -ENOMEM;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);
	if (!dev)
		goto out_put;
	dev->chan.rx_buf = kmalloc(cls->max_pkt ?: 4096, GFP_KERNEL_ACCOUNT);
	if (!dev->chan.rx_buf)
		goto out_free;
	dev->cls = cls;
	dev->srv = srv;
	if (instance && memchr_inv(instance, 0, 16))
		import_guid(&dev->instance, instance);
	else
		guid_gen(&dev->instance);
	mutex_lock(&srv->lock);
	ret = -EEXIST;
	list_for_each_entry(d, &srv->devs, node)
		if (guid_equal(&d->instance, &dev->instance))
			goto out_unlock;
	if (cls->insert) {
		/* An empty device took it: the new one is not needed. */
		ret = vp_dev_insert(srv, cls, &dev->instance, cfg, len);
		if (ret)
			goto out_unlock;
	}
	ret = -ENOSPC;
	relid = vp_free_relid(srv);
	if (!relid)
		goto out_unlock;
	if (cls->add) {
		ret = cls->add(dev, cfg, len);
		if (ret)
			goto out_unlock;
	}
	vp_chan_init(&dev->chan, dev, relid, 0);
	dev->id = ++srv->next_dev_id;
	srv->chans[relid] = &dev->chan;
	list_add_tail(&dev->node, &srv->devs);
	srv->ndevs++;
	if (srv->version && srv->offers_requested)
		vp_chan_offer(&dev->chan);
	ret = dev->id;
	mutex_unlock(&srv->lock);
	return ret;
out_unlock:
	mutex_unlock(&srv->lock);
	kfree(dev->chan.rx_buf);
out_free:
	kfree(dev);
out_put:
	vp_vmbus_put_class(cls);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_add_device);

/* Take an offer back; one the guest does not hold counts as released. */
static void vp_chan_rescind(struct vp_vmbus_chan *ch)
{
	struct vp_chmsg_relid r = {
		.hdr.msgtype = VP_CHMSG_RESCIND_CHANNELOFFER,
		.child_relid = ch->relid,
	};

	ch->rescinded = true;
	if (ch->offered)
		vp_vmbus_queue(ch->srv, &r, sizeof(r));
	else
		ch->released = true;
}

/**
 * vp_vmbus_remove_device() - remove a device: rescind it from the guest
 * @srv: the partition's server
 * @id: from vp_vmbus_add_device()
 *
 * A device the guest was offered goes once the guest released it and its
 * sub-channels (RELID_RELEASED); one it never saw goes at once. A device
 * of a class with @eject that the guest has open is emptied instead.
 *
 * Return: 0, -ENOENT for an unknown id, -EALREADY while being rescinded.
 */
int vp_vmbus_remove_device(struct vp_vmbus_server *srv, u32 id)
{
	struct vp_vmbus_dev *dev;
	int ret = -ENOENT;

	mutex_lock(&srv->lock);
	list_for_each_entry(dev, &srv->devs, node) {
		if (!id || dev->id != id)
			continue;
		if (dev->chan.rescinded) {
			ret = -EALREADY;
		} else if (srv->version && dev->chan.open && dev->cls->eject &&
			   !dev->cls->eject(dev)) {
			dev->id = 0;
			ret = 0;
		} else if (srv->version && dev->chan.offered) {
			unsigned int i;

			/* Sub-channels first, as the guest closes them. */
			for (i = 0; i < dev->nsub; i++)
				vp_chan_rescind(dev->sub[i]);
			vp_chan_rescind(&dev->chan);
			ret = 0;
		} else {
			vp_dev_free(srv, dev);
			ret = 0;
		}
		break;
	}
	mutex_unlock(&srv->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_remove_device);

struct vp_vmbus_server *vp_vmbus_server_create(void *hv, const struct vp_vmbus_port *port)
{
	struct vp_vmbus_server *srv = kzalloc(sizeof(*srv), GFP_KERNEL_ACCOUNT);

	if (!srv)
		return NULL;
	srv->hv = hv;
	srv->port = port;
	mutex_init(&srv->lock);
	INIT_LIST_HEAD(&srv->outq);
	INIT_LIST_HEAD(&srv->gpadls);
	INIT_LIST_HEAD(&srv->devs);
	INIT_WORK(&srv->sub_work, vp_sub_work);
	srv->sint = VP_VMBUS_MESSAGE_SINT;
	return srv;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_server_create);

void vp_vmbus_server_destroy(struct vp_vmbus_server *srv)
{
	struct vp_vmbus_dev *dev, *tmp;

	mutex_lock(&srv->lock);
	list_for_each_entry_safe(dev, tmp, &srv->devs, node)
		vp_dev_free(srv, dev);
	vp_gpadl_free_all(srv);
	vp_outq_purge(srv);
	mutex_unlock(&srv->lock);
	/* No channel is left to ask for more; one queued finds no device. */
	cancel_work_sync(&srv->sub_work);
	mutex_destroy(&srv->lock);
	kfree(srv);
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_server_destroy);

static long vp_ioctl_add(struct vp_vmbus_server *srv, void __user *arg)
{
	struct vpart_vmbus_device d;
	void *cfg = NULL;
	int ret;

	if (copy_from_user(&d, arg, sizeof(d)))
		return -EFAULT;
	if (strnlen(d.class_name, sizeof(d.class_name)) == sizeof(d.class_name) ||
	    d.config_size > VPART_VMBUS_MAX_CONFIG)
		return -EINVAL;
	if (d.config_size) {
		cfg = memdup_user(u64_to_user_ptr(d.config), d.config_size);
		if (IS_ERR(cfg))
			return PTR_ERR(cfg);
	}
	ret = vp_vmbus_add_device(srv, d.class_name, d.instance, cfg, d.config_size);
	kfree(cfg);
	if (ret < 0)
		return ret;
	d.id = ret;
	if (copy_to_user(arg, &d, sizeof(d)))
		return -EFAULT;
	return 0;
}

long vp_vmbus_ioctl(struct vp_vmbus_server *srv, unsigned int cmd, void __user *arg)
{
	struct vpart_vmbus_shutdown sd;
	struct vpart_vmbus_status st;
	struct vp_vmbus_dev *dev;

	switch (cmd) {
	case VPART_VMBUS_ADD_DEVICE:
		return vp_ioctl_add(srv, arg);
	case VPART_VMBUS_REMOVE_DEVICE:
		return vp_vmbus_remove_device(srv, (unsigned long)arg);
	case VPART_VMBUS_GET_STATUS:
		memset(&st, 0, sizeof(st));
		mutex_lock(&srv->lock);
		st.version = srv->version;
		st.devices = srv->ndevs;
		list_for_each_entry(dev, &srv->devs, node) {
			unsigned int i;

			st.channels_open += dev->chan.open;
			for (i = 0; i < dev->nsub; i++)
				st.channels_open += dev->sub[i]->open;
		}
		st.messages_in = srv->msgs_in;
		st.messages_out = srv->msgs_out;
		vp_ic_status(srv, &st);
		mutex_unlock(&srv->lock);
		return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
	case VPART_VMBUS_SHUTDOWN:
		if (copy_from_user(&sd, arg, sizeof(sd)))
			return -EFAULT;
		if (sd.padding || (sd.flags != VPART_SHUTDOWN_POWEROFF &&
				   sd.flags != VPART_SHUTDOWN_REBOOT))
			return -EINVAL;
		return vp_ic_shutdown(srv, sd.flags);
	}
	return -ENOTTY;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vmbus_ioctl);
