// SPDX-License-Identifier: GPL-2.0
/*
 * The storvsc protocol on a controller's channel: the init sequence
 * (BEGIN, QUERY_PROTOCOL_VERSION, QUERY_PROPERTIES, END), resets, and
 * EXECUTE_SRB handed to the SCSI target and then to the backing. Replies
 * are 64-byte vstor packets in completion packets carrying the request's
 * transaction id (vmbus-host-facts 5.2, 5.3).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/slab.h>
#include "storvsp.h"

static void vp_stor_reply(struct vp_vmbus_chan *ch, const struct vp_pktdesc *d,
			  struct vp_vstor_packet *reply, u32 status)
{
	int ret;

	if (!(d->flags & VP_PKT_FLAG_COMPLETION_REQUESTED))
		return;
	reply->operation = VP_VSTOR_COMPLETE_IO;
	reply->flags = 0;
	reply->status = status;
	/* Control replies are few and the guest waits for each: a full ring
	 * means it stopped reading, and its own time-out handles that.
	 */
	ret = vp_vmbus_send_completion(ch, d->trans_id, reply, sizeof(*reply));
	if (ret)
		pr_warn_ratelimited("relid %u: reply lost (%d)\n", vp_vmbus_chan_relid(ch), ret);
}

/* Copy between a linear buffer and guest pages starting @off into the first. */
static void vp_stor_copy(struct page **pages, u32 off, void *buf, u32 len, bool to_guest)
{
	unsigned int i = 0;

	while (len) {
		u32 n = min_t(u32, len, PAGE_SIZE - off);
		u8 *va = kmap_local_page(pages[i]);

		if (to_guest)
			memcpy(va + off, buf, n);
		else
			memcpy(buf, va + off, n);
		kunmap_local(va);
		buf += n;
		len -= n;
		off = 0;
		i++;
	}
}

static unsigned int vp_stor_npages(u32 off, u32 len)
{
	return DIV_ROUND_UP(off + len, PAGE_SIZE);
}

/* Sense and statuses of a finished command into the reply. */
static void vp_stor_set_result(struct vp_vstor_srb *srb, const struct vp_scsi_cmd *c,
			       u8 sense_room, u32 done)
{
	u8 n = 0;

	memset(srb->sense_data, 0, sizeof(srb->sense_data));
	srb->scsi_status = c->status;
	if (c->status == VP_SAM_GOOD) {
		srb->srb_status = VP_SRB_SUCCESS;
		srb->data_transfer_length = done;
	} else {
		n = min3(c->sense_len, sense_room, (u8)VP_VSTOR_SENSE_SIZE);
		memcpy(srb->sense_data, c->sense, n);
		srb->srb_status = VP_SRB_ERROR | (n ? VP_SRB_AUTOSENSE_VALID : 0);
		srb->data_transfer_length = 0;
	}
	srb->sense_info_length = n;
}

/* A request the guest got wrong: no SCSI status to give, only the SRB's. */
static void vp_stor_set_invalid(struct vp_vstor_srb *srb)
{
	memset(srb->sense_data, 0, sizeof(srb->sense_data));
	srb->srb_status = VP_SRB_INVALID_REQUEST;
	srb->scsi_status = VP_SAM_GOOD;
	srb->sense_info_length = 0;
	srb->data_transfer_length = 0;
}

/* The next command to LUN 0 may use the disk: false once it is gone. */
static bool vp_stor_get(struct vp_stor *s, struct vp_stor_req *req)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (s->present) {
		s->users++;
		req->user = true;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	return req->user;
}

static void vp_stor_put(struct vp_stor *s)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (!--s->users)
		wake_up(&s->unused);
	spin_unlock_irqrestore(&s->lock, flags);
}

/*
 * A command to LUN 0 after its disk left. INQUIRY and REPORT LUNS answer
 * for an empty controller so that scans find nothing; anything else gets
 * INVALID_LUN, on which storvsc removes its disk. False: answered in @srb.
 */
static bool vp_stor_gone(struct vp_stor *s, struct vp_scsi_cmd *c, struct vp_vstor_srb *srb,
			 u8 *buf)
{
	unsigned long flags;

	if (vp_scsi_gone(c, buf))
		return true;
	vp_stor_set_invalid(srb);
	srb->srb_status = VP_SRB_INVALID_LUN;
	spin_lock_irqsave(&s->lock, flags);
	s->gone_told = true;
	spin_unlock_irqrestore(&s->lock, flags);
	return false;
}

/* Unsolicited ENUMERATE_BUS: storvsc tests its LUNs and scans for new ones. */
static void vp_stor_rescan(struct vp_stor *s, struct vp_vmbus_chan *primary)
{
	struct vp_vstor_packet p = { .operation = VP_VSTOR_ENUMERATE_BUS };
	int ret;

	WRITE_ONCE(s->rescan_due, false);
	/* Before END_INITIALIZATION the guest scans on its own anyway. */
	if (!primary || !READ_ONCE(s->ready))
		return;
	ret = vp_vmbus_send(primary, VP_PKT_DATA_INBAND, 0, 0, &p, sizeof(p));
	if (ret == -EAGAIN)	/* again from the primary's next @packets */
		WRITE_ONCE(s->rescan_due, true);
}

static void vp_stor_free(struct vp_stor_req *req)
{
	if (req->npages)
		vp_vmbus_unpin(req->pages, req->npages);
	vp_stor_req_free(req);
}

/* Send what completions the ring refused before; true if some still wait. */
static bool vp_stor_flush_unsent(struct vp_stor_q *q)
{
	struct vp_stor_req *req;
	unsigned long flags;
	bool left;

	for (;;) {
		spin_lock_irqsave(&q->lock, flags);
		req = list_first_entry_or_null(&q->unsent, struct vp_stor_req, node);
		spin_unlock_irqrestore(&q->lock, flags);
		if (!req)
			return false;
		if (vp_vmbus_send_completion(req->q->ch, req->trans_id, &req->reply,
					     sizeof(req->reply)) == -EAGAIN)
			break;
		spin_lock_irqsave(&q->lock, flags);
		list_del(&req->node);
		q->nunsent--;
		q->inflight--;
		if (q->inflight == q->nunsent)
			wake_up(&q->idle);
		spin_unlock_irqrestore(&q->lock, flags);
		vp_stor_req_free(req);
	}
	spin_lock_irqsave(&q->lock, flags);
	left = !list_empty(&q->unsent);
	spin_unlock_irqrestore(&q->lock, flags);
	return left;
}

/**
 * vp_stor_complete() - finish a request: unpin, answer, free
 * @req: the request, its reply's SRB set up for success
 * @err: 0, or the backing's error (the guest gets CHECK CONDITION)
 *
 * Any context (bio completion, work).
 */
void vp_stor_complete(struct vp_stor_req *req, int err)
{
	struct vp_vstor_srb *srb = &req->reply.srb;
	struct vp_stor *s = req->s;
	struct vp_stor_q *q = req->q;
	unsigned long flags;
	int ret;

	if (req->user) {
		req->user = false;
		vp_stor_put(s);
	}
	if (err) {
		struct vp_scsi_cmd c = { };

		if (err == -EINVAL) {
			vp_stor_set_invalid(srb);
		} else {
			vp_scsi_set_sense(&c, VP_SENSE_MEDIUM_ERROR,
					  req->action == VP_SCSI_READ ?
					  VP_ASC_UNRECOVERED_READ_ERROR : VP_ASC_WRITE_ERROR);
			vp_stor_set_result(srb, &c, req->sense_room, 0);
		}
		atomic64_inc(&s->errors);
	}
	if (req->npages) {
		vp_vmbus_unpin(req->pages, req->npages);
		req->npages = 0;
	}
	ret = vp_vmbus_send_completion(req->q->ch, req->trans_id, &req->reply, sizeof(req->reply));
	spin_lock_irqsave(&q->lock, flags);
	if (ret == -EAGAIN) {
		/* Sent when the guest makes room (it signals; see @packets). */
		list_add_tail(&req->node, &q->unsent);
		q->nunsent++;
		if (q->inflight == q->nunsent)
			wake_up(&q->idle);
		/*
		 * The guest may have made room (and signalled) between our
		 * send and the parking: have the reader try the list again.
		 */
		vp_vmbus_chan_poll(req->q->ch);
		spin_unlock_irqrestore(&q->lock, flags);
		return;
	}
	q->inflight--;
	/* Wake and poll under the lock: once drain sees us idle, @q may go. */
	if (q->inflight == q->nunsent)
		wake_up(&q->idle);
	if (q->throttled && list_empty(&q->unsent)) {
		q->throttled = false;
		vp_vmbus_chan_poll(req->q->ch);
	}
	spin_unlock_irqrestore(&q->lock, flags);
	vp_stor_req_free(req);
}

/* Hold the guest pages of the first @len bytes of the buffer. */
static int vp_stor_pin(struct vp_stor *s, struct vp_stor_req *req,
		       const struct vp_vstor_req *v, u32 len)
{
	unsigned int n = vp_stor_npages(v->byte_offset, len);
	int ret;

	/* vp_vstor_parse() checked that the packet holds this many PFNs. */
	ret = vp_vmbus_pin(s->dev, v->pfns, n, req->pages);
	if (!ret)
		req->npages = n;
	return ret;
}

static void vp_stor_build_bvec(struct vp_stor_req *req, u32 off, u32 len)
{
	unsigned int i;

	for (i = 0; len; i++) {
		u32 n = min_t(u32, len, PAGE_SIZE - off);

		req->bvec[i].bv_page = req->pages[i];
		req->bvec[i].bv_offset = off;
		req->bvec[i].bv_len = n;
		len -= n;
		off = 0;
	}
}

static void vp_stor_srb(struct vp_stor_q *q, const struct vp_pktdesc *d,
			const struct vp_vstor_req *v)
{
	struct vp_stor *s = q->s;
	const struct vp_vstor_srb *in = &v->pkt->srb;
	u8 cdb[VP_VSTOR_CDB_SIZE];
	struct vp_scsi_cmd c = { .cdb = cdb };
	struct vp_stor_req *req;
	struct vp_vstor_srb *srb;
	unsigned long flags;
	u8 sense_room;
	int ret;

	req = vp_stor_req_alloc();
	if (!req) {
		struct vp_vstor_packet busy = *v->pkt;

		/* SCSI BUSY: the guest's midlayer retries. */
		vp_stor_set_invalid(&busy.srb);
		busy.srb.srb_status = VP_SRB_SUCCESS;
		busy.srb.scsi_status = 0x08;
		vp_stor_reply(q->ch, d, &busy, VP_NT_SUCCESS);
		return;
	}
	req->s = s;
	req->q = q;
	req->trans_id = d->trans_id;
	req->reply = *v->pkt;
	req->reply.operation = VP_VSTOR_COMPLETE_IO;
	req->reply.flags = 0;
	req->reply.status = VP_NT_SUCCESS;
	srb = &req->reply.srb;
	sense_room = in->sense_info_length;
	req->sense_room = sense_room;
	spin_lock_irqsave(&q->lock, flags);
	q->inflight++;
	spin_unlock_irqrestore(&q->lock, flags);

	if (!READ_ONCE(s->ready) || vp_vstor_check_srb(v)) {
		vp_stor_set_invalid(srb);
		vp_stor_complete(req, 0);
		return;
	}
	memcpy(cdb, in->cdb, sizeof(cdb));
	c.cdb_len = in->cdb_length;
	c.dir = in->data_in;
	c.xfer_len = in->data_transfer_length;
	req->action = VP_SCSI_COMPLETE;
	if (in->path_id || in->target_id || in->lun) {
		vp_scsi_absent(&c, q->scratch);
	} else if (vp_stor_get(s, req)) {
		req->action = vp_scsi_execute(&s->disk, &c, q->scratch);
	} else if (!vp_stor_gone(s, &c, srb, q->scratch)) {
		vp_stor_complete(req, 0);
		return;
	}
	vp_stor_set_result(srb, &c, sense_room, c.data_len);

	switch (req->action) {
	case VP_SCSI_COMPLETE:
		if (c.status != VP_SAM_GOOD || !c.data_len)
			break;
		if (c.dir != VP_SRB_READ || c.data_len > c.xfer_len) {
			srb->data_transfer_length = 0;
			break;
		}
		ret = vp_stor_pin(s, req, v, c.data_len);
		if (ret) {
			vp_stor_set_invalid(srb);
			break;
		}
		vp_stor_copy(req->pages, v->byte_offset, q->scratch, c.data_len, true);
		break;
	case VP_SCSI_READ:
	case VP_SCSI_WRITE:
		if (c.data_len > c.xfer_len || vp_stor_pin(s, req, v, c.data_len)) {
			vp_stor_set_invalid(srb);
			break;
		}
		vp_stor_build_bvec(req, v->byte_offset, c.data_len);
		req->pos = c.lba << s->disk.block_shift;
		req->len = c.data_len;
		atomic64_inc(req->action == VP_SCSI_READ ? &s->reads : &s->writes);
		req->fua = c.fua || !s->disk.wce;
		vp_stor_submit(req);
		return;
	case VP_SCSI_FLUSH:
		atomic64_inc(&s->flushes);
		vp_stor_submit(req);
		return;
	case VP_SCSI_DISCARD:
		req->ext[0].lba = c.lba;
		req->ext[0].nblocks = c.nblocks;
		req->nr_ext = 1;
		atomic64_inc(&s->discards);
		vp_stor_submit(req);
		return;
	case VP_SCSI_UNMAP:
		if (c.data_len > c.xfer_len || c.data_len > sizeof(q->scratch) ||
		    vp_stor_pin(s, req, v, c.data_len)) {
			vp_stor_set_invalid(srb);
			break;
		}
		vp_stor_copy(req->pages, v->byte_offset, q->scratch, c.data_len, false);
		vp_vmbus_unpin(req->pages, req->npages);
		req->npages = 0;
		ret = vp_scsi_unmap_parse(&s->disk, &c, q->scratch, req->ext,
					  ARRAY_SIZE(req->ext));
		vp_stor_set_result(srb, &c, sense_room, 0);
		if (ret <= 0)
			break;
		req->nr_ext = ret;
		atomic64_inc(&s->discards);
		vp_stor_submit(req);
		return;
	}
	vp_stor_complete(req, 0);
}

/* Controller requests: on the primary channel only, where storvsc sends them. */
static u32 vp_stor_control(struct vp_stor_q *q, const struct vp_vstor_packet *in,
			   struct vp_vstor_packet *reply)
{
	struct vp_stor *s = q->s;
	u16 n;

	if (vp_vmbus_chan_index(q->ch))
		return VP_NT_INVALID_DEVICE_STATE;
	switch (in->operation) {
	case VP_VSTOR_BEGIN_INIT:
		WRITE_ONCE(s->ready, false);
		s->proto = 0;
		return VP_NT_SUCCESS;
	case VP_VSTOR_QUERY_PROTOCOL_VERSION:
		switch (in->version.major_minor) {
		case VP_VSTOR_PROTO_WIN10:
		case VP_VSTOR_PROTO_WIN8_1:
		case VP_VSTOR_PROTO_WIN8:
			s->proto = in->version.major_minor;
			return VP_NT_SUCCESS;
		}
		return VP_NT_REVISION_MISMATCH;
	case VP_VSTOR_QUERY_PROPERTIES:
		memset(reply->raw, 0, sizeof(reply->raw));
		reply->props.max_transfer_bytes = VP_STOR_MAX_XFER;
		/* The guest asks for min(its CPUs - 1, this) sub-channels. */
		reply->props.flags = VP_VSTOR_PROP_MULTI_CHANNEL;
		reply->props.max_channel_cnt = VP_STOR_MAX_SUBCH;
		return VP_NT_SUCCESS;
	case VP_VSTOR_END_INIT:
		WRITE_ONCE(s->ready, s->proto != 0);
		return s->proto ? VP_NT_SUCCESS : VP_NT_INVALID_DEVICE_STATE;
	case VP_VSTOR_CREATE_SUB_CHANNELS:
		n = in->sub_channel_count;
		if (!s->ready || !n || n > VP_STOR_MAX_SUBCH ||
		    vp_vmbus_dev_request_subchannels(q->ch, n))
			return VP_NT_INVALID_DEVICE_STATE;
		return VP_NT_SUCCESS;
	case VP_VSTOR_RESET_BUS:
	case VP_VSTOR_RESET_ADAPTER:
	case VP_VSTOR_RESET_LUN:
		/* Requests in flight complete on their own; nothing is queued here. */
		return VP_NT_SUCCESS;
	}
	return VP_NT_INVALID_DEVICE_STATE;
}

static void vp_stor_handle(struct vp_stor_q *q, const struct vp_pktdesc *d, u32 len)
{
	struct vp_vstor_packet reply;
	struct vp_vstor_req v;
	u32 status;

	if (vp_vstor_parse(q->pkt, len, VP_STOR_MAX_PAGES, &v)) {
		pr_warn_ratelimited("relid %u: malformed packet (type %u, %u bytes) dropped\n",
				    vp_vmbus_chan_relid(q->ch), d->type, len);
		atomic64_inc(&q->s->errors);
		return;
	}
	if (v.pkt->operation == VP_VSTOR_EXECUTE_SRB) {
		vp_stor_srb(q, d, &v);
		return;
	}
	reply = *v.pkt;
	status = vp_stor_control(q, v.pkt, &reply);
	vp_stor_reply(q->ch, d, &reply, status);
}

/* The channel's @packets: read until empty or too much is in flight. */
bool vp_stor_packets(struct vp_vmbus_chan *ch)
{
	struct vp_stor_q *q = vp_vmbus_chan_priv(ch);
	struct vp_pktdesc d;
	unsigned long flags;
	bool stop;
	int len;

	vp_stor_flush_unsent(q);
	if (READ_ONCE(q->s->rescan_due) && !vp_vmbus_chan_index(ch))
		vp_stor_rescan(q->s, ch);
	for (;;) {
		spin_lock_irqsave(&q->lock, flags);
		stop = q->inflight >= VP_STOR_MAX_INFLIGHT || !list_empty(&q->unsent);
		if (stop)
			q->throttled = true;
		spin_unlock_irqrestore(&q->lock, flags);
		/* Unsent completions wait for the guest's signal, not a poll. */
		if (stop)
			return true;
		len = vp_vmbus_recv(ch, q->pkt, sizeof(q->pkt), &d);
		if (len < 0)
			return false;
		vp_stor_handle(q, &d, len);
	}
}

/* @close: wait for the I/O in flight, drop answers the ring never took. */
void vp_stor_drain(struct vp_stor_q *q)
{
	struct vp_stor_req *req, *tmp;
	unsigned long flags;
	LIST_HEAD(drop);

	for (;;) {
		spin_lock_irqsave(&q->lock, flags);
		if (q->inflight == q->nunsent) {
			list_splice_init(&q->unsent, &drop);
			q->inflight = 0;
			q->nunsent = 0;
			q->throttled = false;
			spin_unlock_irqrestore(&q->lock, flags);
			break;
		}
		spin_unlock_irqrestore(&q->lock, flags);
		wait_event_timeout(q->idle, READ_ONCE(q->inflight) == READ_ONCE(q->nunsent),
				   HZ / 10);
	}
	list_for_each_entry_safe(req, tmp, &drop, node)
		vp_stor_free(req);
}

/**
 * vp_stor_open() - @open: the reader state of one channel
 * @ch: the primary or a sub-channel of a controller
 *
 * The primary's open starts the init sequence over.
 *
 * Return: 0 or -ENOMEM.
 */
int vp_stor_open(struct vp_vmbus_chan *ch)
{
	struct vp_stor *s = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));
	struct vp_stor_q *q = kvzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);

	if (!q)
		return -ENOMEM;
	q->s = s;
	q->ch = ch;
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->unsent);
	init_waitqueue_head(&q->idle);
	if (!vp_vmbus_chan_index(ch)) {
		WRITE_ONCE(s->ready, false);
		s->proto = 0;
		s->primary = ch;
	}
	vp_vmbus_chan_set_priv(ch, q);
	return 0;
}

/* @close: nothing is unpinned or freed while a bio still runs on it. */
void vp_stor_close(struct vp_vmbus_chan *ch)
{
	struct vp_stor_q *q = vp_vmbus_chan_priv(ch);

	if (!q)
		return;
	vp_stor_drain(q);
	if (!vp_vmbus_chan_index(ch)) {
		WRITE_ONCE(q->s->ready, false);
		q->s->primary = NULL;
	}
	vp_vmbus_chan_set_priv(ch, NULL);
	kvfree(q);
}

void vp_stor_init(struct vp_stor *s, struct vp_vmbus_dev *dev)
{
	s->dev = dev;
	spin_lock_init(&s->lock);
	init_waitqueue_head(&s->unused);
}

/**
 * vp_stor_attach() - put the disk of @s at LUN 0
 * @s: the controller, its backing open
 *
 * A guest that has the controller running is told to rescan.
 */
void vp_stor_attach(struct vp_stor *s)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	s->present = true;
	spin_unlock_irqrestore(&s->lock, flags);
	vp_stor_rescan(s, s->primary);
}

static bool vp_stor_unused(struct vp_stor *s)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&s->lock, flags);
	ret = !s->users;
	spin_unlock_irqrestore(&s->lock, flags);
	return ret;
}

/**
 * vp_stor_detach() - take the disk away from LUN 0, keep the controller
 * @s: the controller
 *
 * Commands from now on get INVALID_LUN; those already given the disk
 * finish first, then the backing is let go and the guest told to rescan.
 *
 * Return: 0, or -ENOENT if no disk is attached.
 */
int vp_stor_detach(struct vp_stor *s)
{
	unsigned long flags;
	bool was;

	spin_lock_irqsave(&s->lock, flags);
	was = s->present;
	s->present = false;
	s->gone_told = false;
	spin_unlock_irqrestore(&s->lock, flags);
	if (!was)
		return -ENOENT;
	wait_event(s->unused, vp_stor_unused(s));
	vp_stor_backing_close(s);
	vp_stor_rescan(s, s->primary);
	return 0;
}
