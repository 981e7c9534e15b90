// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_server: the per-partition VMBus server against a
 * fake partition. The fake port records every host->guest message, counts
 * signals per relid and lends pages of its own as guest RAM. The suite plays
 * the guest (hv_vmbus and hv_utils of Linux 6.1) byte for byte: channel
 * messages, GPADLs, both rings of a channel and the integration services'
 * packets, as vmbus-host-facts 3-4 and integration-services-facts 4-7 describe.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include "vpart/compat.h"
#include "vmbus_internal.h"

#define RAM_PAGES	64		/* fake guest RAM: gfn n is page n % RAM_PAGES */
#define MSG_VP		3		/* where the guest wants its messages */
#define HANDLE		0xe1e10		/* Linux's first GPADL handle */
#define RING_PAGES	8		/* hv_utils: 4 pages per direction */
#define RING_DOWN	4
#define RING_DATA	((RING_DOWN - 1) * PAGE_SIZE)
#define HDR_PFNS	VP_GPADL_HEADER_PFNS
#define BODY_PFNS	VP_GPADL_BODY_PFNS
/* The most pages a header can describe: range_buflen is a u16. */
#define MAX_WIRE_PAGES	((0xfff8 - 8) / 8)
#define CONN(relid)	(VP_VMBUS_CONN_BASE + (relid))
#define FAIL		VP_VMBUS_STATUS_FAIL

/* One host->guest message as the SynIC slot would have carried it. */
struct rec {
	struct list_head node;
	u32 vp, sint, type, len;
	u8 data[VP_CHMSG_MAX];
};

struct fake {
	struct kunit *test;
	struct vp_vmbus_server *srv;
	struct vp_vsp_class *cls;	/* registered by the test; goes after @srv */
	struct page *ram[RAM_PAGES];
	u64 nr_gfns;		/* gfns below this are RAM */
	u32 vp, sint;		/* where messages must arrive */
	spinlock_t lock;	/* the lists and the slot model below */
	struct list_head msgs;	/* delivered, not yet looked at */
	struct list_head seen;	/* looked at; freed at exit */
	int room;		/* messages the slot takes before it is full; < 0: any */
	int full_err;		/* what a full slot answers */
	atomic_t signals[VP_VMBUS_MAX_CHANNELS + 1];
	atomic_t bad_signals;
	atomic_t signal_vp;
	atomic64_t time;
};

static int fake_post(void *hv, u32 vp, u32 sint, u32 type, const void *msg, u32 len)
{
	struct fake *f = hv;
	struct rec *r;
	int ret = 0;

	if (len > VP_CHMSG_MAX)
		return -EINVAL;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->vp = vp;
	r->sint = sint;
	r->type = type;
	r->len = len;
	memcpy(r->data, msg, len);
	spin_lock(&f->lock);
	if (!f->room) {
		ret = f->full_err;
	} else {
		if (f->room > 0)
			f->room--;
		list_add_tail(&r->node, &f->msgs);
		r = NULL;
	}
	spin_unlock(&f->lock);
	kfree(r);
	return ret;
}

/* Runs under channel spinlocks: no sleeping. */
static int fake_signal(void *hv, u32 vp, u32 sint, u32 flag)
{
	struct fake *f = hv;

	if (flag > VP_VMBUS_MAX_CHANNELS || vp >= VPART_MAX_VCPUS) {
		atomic_inc(&f->bad_signals);
		return -EINVAL;
	}
	atomic_set(&f->signal_vp, vp);
	atomic_inc(&f->signals[flag]);
	return 0;
}

/* As vpart.ko's: a reference per page, all or nothing. */
static int fake_get_pages(void *hv, const u64 *gfns, unsigned int n, struct page **pages)
{
	struct fake *f = hv;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (gfns[i] >= f->nr_gfns)
			break;
		pages[i] = f->ram[gfns[i] % RAM_PAGES];
		get_page(pages[i]);
	}
	if (i == n)
		return 0;
	while (i--)
		put_page(pages[i]);
	return -EFAULT;
}

static u64 fake_ref_time(void *hv)
{
	struct fake *f = hv;

	return atomic64_inc_return(&f->time);
}

static const struct vp_vmbus_port fake_port = {
	.post = fake_post,
	.signal = fake_signal,
	.get_pages = fake_get_pages,
	.ref_time = fake_ref_time,
};

static int server_test_init(struct kunit *test)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned int i;

	if (!f)
		return -ENOMEM;
	f->test = test;
	f->nr_gfns = RAM_PAGES;
	f->vp = MSG_VP;
	f->sint = VP_VMBUS_MESSAGE_SINT;
	spin_lock_init(&f->lock);
	INIT_LIST_HEAD(&f->msgs);
	INIT_LIST_HEAD(&f->seen);
	f->room = -1;
	f->full_err = -EAGAIN;
	for (i = 0; i < RAM_PAGES; i++) {
		f->ram[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!f->ram[i])
			goto err;
	}
	f->srv = vp_vmbus_server_create(f, &fake_port);
	if (!f->srv)
		goto err;
	test->priv = f;
	return 0;
err:
	while (i--)
		__free_page(f->ram[i]);
	return -ENOMEM;
}

/* Runs after failed assertions too: the server goes, and must let go of every page. */
static void server_test_exit(struct kunit *test)
{
	struct fake *f = test->priv;
	struct rec *r, *tmp;
	unsigned int i;

	if (!f)
		return;
	vp_vmbus_server_destroy(f->srv);
	if (f->cls)
		vp_vmbus_unregister_class(f->cls);
	for (i = 0; i < RAM_PAGES; i++) {
		int refs = page_ref_count(f->ram[i]);

		KUNIT_EXPECT_EQ_MSG(test, refs, 1, "RAM page %u: references left", i);
		if (refs > 0)
			put_page(f->ram[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&f->bad_signals), 0);
	list_splice_init(&f->msgs, &f->seen);
	list_for_each_entry_safe(r, tmp, &f->seen, node)
		kfree(r);
}

/* ---- the guest's side of the message protocol ---- */

static u16 post(struct fake *f, u32 conn, const void *msg, u32 len)
{
	return vp_vmbus_post(f->srv, 0, conn, VP_HV_MSG_TYPE_VMBUS, msg, len);
}

static u16 post_hdr(struct fake *f, u32 type)
{
	struct vp_chmsg_hdr m = { .msgtype = type };

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

static u16 post_relid(struct fake *f, u32 type, u32 relid)
{
	struct vp_chmsg_relid m = { .hdr.msgtype = type, .child_relid = relid };

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

static u32 host_msg_len(u32 type)
{
	switch (type) {
	case VP_CHMSG_OFFERCHANNEL:
		return sizeof(struct vp_chmsg_offer);
	case VP_CHMSG_RESCIND_CHANNELOFFER:
		return sizeof(struct vp_chmsg_relid);
	case VP_CHMSG_OPENCHANNEL_RESULT:
		return sizeof(struct vp_chmsg_open_result);
	case VP_CHMSG_GPADL_CREATED:
		return sizeof(struct vp_chmsg_gpadl_created);
	case VP_CHMSG_GPADL_TORNDOWN:
		return sizeof(struct vp_chmsg_gpadl_torndown);
	case VP_CHMSG_VERSION_RESPONSE:
		return sizeof(struct vp_chmsg_version_response);
	case VP_CHMSG_MODIFYCHANNEL_RESPONSE:
		return sizeof(struct vp_chmsg_modify_response);
	}
	return sizeof(struct vp_chmsg_hdr);	/* ALLOFFERS_DELIVERED, UNLOAD_RESPONSE */
}

/* The next delivered message, or NULL; it stays valid until exit. */
static const struct rec *take(struct fake *f)
{
	struct rec *r = NULL;

	spin_lock(&f->lock);
	if (!list_empty(&f->msgs)) {
		r = list_first_entry(&f->msgs, struct rec, node);
		list_move_tail(&r->node, &f->seen);
	}
	spin_unlock(&f->lock);
	return r;
}

/* The next message must be a @type, of that type's size, sent where the guest asked. */
static const void *expect_msg(struct fake *f, u32 type)
{
	struct kunit *test = f->test;
	const struct rec *r = take(f);

	KUNIT_ASSERT_NOT_NULL_MSG(test, r, "no message, expected type %u", type);
	KUNIT_ASSERT_EQ(test, ((const struct vp_chmsg_hdr *)r->data)->msgtype, type);
	KUNIT_ASSERT_EQ(test, r->len, host_msg_len(type));
	KUNIT_ASSERT_EQ(test, r->type, VP_HV_MSG_TYPE_VMBUS);
	KUNIT_ASSERT_EQ(test, r->vp, f->vp);
	KUNIT_ASSERT_EQ(test, r->sint, f->sint);
	return r->data;
}

static void expect_quiet(struct fake *f)
{
	const struct rec *r = take(f);

	KUNIT_EXPECT_TRUE_MSG(f->test, !r, "unexpected message of type %u",
			      r ? ((const struct vp_chmsg_hdr *)r->data)->msgtype : 0);
}

static u16 contact(struct fake *f, u32 version, u32 conn, u32 vp, u8 sint)
{
	struct vp_chmsg_initiate_contact m = {
		.hdr.msgtype = VP_CHMSG_INITIATE_CONTACT,
		.version = version,
		.target_vcpu = vp,
	};
	u32 route = VP_VMBUS_MESSAGE_SINT;

	if (version >= VP_VMBUS_VERSION_WIN10_V5) {
		m.msg_sint = sint;
		route = sint;
	} else {
		m.interrupt_page = 0x7000;	/* legacy, ignored from 2.4 on */
	}
	/* Answers go to the VP and SINT of the contact, when there is one. */
	if (vp < VPART_MAX_VCPUS && route && route < VP_HV_SINT_COUNT) {
		f->vp = vp;
		f->sint = route;
	}
	return post(f, conn, &m, sizeof(m));
}

static u32 conn_for(u32 version)
{
	return version >= VP_VMBUS_VERSION_WIN10_V5 ? VP_VMBUS_CONN_MESSAGE_V5 :
	       VP_VMBUS_CONN_MESSAGE;
}

static void expect_version(struct fake *f, bool supported)
{
	const struct vp_chmsg_version_response *r = expect_msg(f, VP_CHMSG_VERSION_RESPONSE);

	KUNIT_EXPECT_EQ(f->test, r->version_supported, supported);
	KUNIT_EXPECT_EQ(f->test, r->connection_state, 0);
	if (supported)
		KUNIT_EXPECT_EQ(f->test, r->msg_conn_id, VP_VMBUS_CONN_MESSAGE);
}

static void connect(struct fake *f, u32 version)
{
	KUNIT_ASSERT_EQ(f->test, contact(f, version, conn_for(version), MSG_VP,
					 VP_VMBUS_MESSAGE_SINT), 0);
	expect_version(f, true);
	KUNIT_ASSERT_EQ(f->test, f->srv->version, version);
}

/* Interface GUIDs and Hyper-V's instance GUIDs in wire order (IC facts 2). */
static const u8 hb_type[16] = {
	0x39, 0x4f, 0x16, 0x57, 0x15, 0x91, 0x78, 0x4e,
	0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d };
static const u8 sd_type[16] = {
	0x31, 0x60, 0x0b, 0x0e, 0x13, 0x52, 0x34, 0x49,
	0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb };
static const u8 ts_type[16] = {
	0x30, 0xe6, 0x27, 0x95, 0xae, 0xd0, 0x7b, 0x49,
	0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf };
static const u8 hb_inst[16] = {
	0x91, 0x9e, 0x14, 0xfd, 0xe0, 0x82, 0x7d, 0x4a,
	0xaf, 0xa6, 0x2a, 0x41, 0x66, 0xcb, 0xd7, 0xc0 };
static const u8 sd_inst[16] = {
	0xf7, 0x0f, 0x65, 0xb6, 0xbc, 0x33, 0x40, 0x48,
	0x80, 0x48, 0xe0, 0x67, 0x67, 0x86, 0xf3, 0x93 };
static const u8 ts_inst[16] = {
	0x17, 0xce, 0xd1, 0x2d, 0x9e, 0x07, 0x3c, 0x40,
	0xb3, 0x52, 0xa1, 0x92, 0x1e, 0xe2, 0x07, 0xee };

static u32 add_dev(struct fake *f, const char *cls, const u8 *inst)
{
	int id = vp_vmbus_add_device(f->srv, cls, inst, NULL, 0);

	KUNIT_ASSERT_GT_MSG(f->test, id, 0, "adding a %s device", cls);
	return id;
}

static void expect_offer(struct fake *f, u32 relid, const u8 *type, const u8 *inst)
{
	const struct vp_chmsg_offer *o = expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	struct kunit *test = f->test;

	KUNIT_EXPECT_EQ(test, memcmp(o->if_type, type, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(o->if_instance, inst, 16), 0);
	KUNIT_EXPECT_EQ(test, o->child_relid, relid);
	KUNIT_EXPECT_EQ(test, o->connection_id, CONN(relid));
	KUNIT_EXPECT_EQ(test, o->monitor_allocated, 0);
	KUNIT_EXPECT_EQ(test, o->is_dedicated_interrupt, 1);
	KUNIT_EXPECT_EQ(test, o->sub_channel_index, 0);
	KUNIT_EXPECT_EQ(test, o->mmio_megabytes, 0);
	/* IC pipes: ENUMERATE_DEVICE_INTERFACE | NAMED_PIPE_MODE, message mode. */
	KUNIT_EXPECT_EQ(test, o->chn_flags, 0x11);
	KUNIT_EXPECT_EQ(test, o->user_def[0], 4);
}

/* A connected guest that has both ICs' offers, relid 1 heartbeat and 2 shutdown. */
static void setup(struct fake *f, u32 version, bool heartbeat, bool shutdown)
{
	if (heartbeat)
		add_dev(f, "heartbeat", hb_inst);
	if (shutdown)
		add_dev(f, "shutdown", sd_inst);
	connect(f, version);
	KUNIT_ASSERT_EQ(f->test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	if (heartbeat)
		expect_offer(f, 1, hb_type, hb_inst);
	if (shutdown)
		expect_offer(f, heartbeat ? 2 : 1, sd_type, sd_inst);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
}

/* ---- GPADLs ---- */

static u16 post_header(struct fake *f, u32 relid, u32 handle, u32 total, const u64 *gfns,
		       u32 n, u32 byte_offset)
{
	u8 buf[VP_CHMSG_MAX] = {};
	struct vp_chmsg_gpadl_header *h = (void *)buf;

	h->hdr.msgtype = VP_CHMSG_GPADL_HEADER;
	h->child_relid = relid;
	h->gpadl = handle;
	h->range_buflen = 8 + 8 * total;
	h->rangecount = 1;
	h->byte_count = total * PAGE_SIZE - byte_offset;
	h->byte_offset = byte_offset;
	memcpy(h->pfn, gfns, n * sizeof(u64));
	return post(f, VP_VMBUS_CONN_MESSAGE, buf, sizeof(*h) + n * sizeof(u64));
}

static u16 post_body(struct fake *f, u32 handle, const u64 *gfns, u32 n)
{
	u8 buf[VP_CHMSG_MAX + 8] = {};
	struct vp_chmsg_gpadl_body *b = (void *)buf;

	b->hdr.msgtype = VP_CHMSG_GPADL_BODY;
	b->gpadl = handle;
	memcpy(b->pfn, gfns, n * sizeof(u64));
	return post(f, VP_VMBUS_CONN_MESSAGE, buf, sizeof(*b) + n * sizeof(u64));
}

static void fill_gfns(u64 *gfns, u64 first, u32 n)
{
	while (n--)
		*gfns++ = first++;
}

/* Linux's vmbus_establish_gpadl(): @total pages from gfn @first, header then bodies. */
static void gpadl_send(struct fake *f, u32 relid, u32 handle, u64 first, u32 total)
{
	u64 gfns[BODY_PFNS];
	u32 done, n = min_t(u32, total, HDR_PFNS);

	fill_gfns(gfns, first, n);
	KUNIT_ASSERT_EQ(f->test, post_header(f, relid, handle, total, gfns, n, 0), 0);
	for (done = n; done < total; done += n) {
		n = min_t(u32, total - done, BODY_PFNS);
		fill_gfns(gfns, first + done, n);
		KUNIT_ASSERT_EQ(f->test, post_body(f, handle, gfns, n), 0);
	}
}

static void expect_created(struct fake *f, u32 relid, u32 handle, u32 status)
{
	const struct vp_chmsg_gpadl_created *c = expect_msg(f, VP_CHMSG_GPADL_CREATED);

	/* Asserted: in loops, a flood of failures would overrun KUnit's log. */
	KUNIT_ASSERT_EQ(f->test, c->child_relid, relid);
	KUNIT_ASSERT_EQ(f->test, c->gpadl, handle);
	if (status)
		KUNIT_ASSERT_NE(f->test, c->status, 0);
	else
		KUNIT_ASSERT_EQ(f->test, c->status, 0);
}

static void gpadl_create(struct fake *f, u32 relid, u32 handle, u64 first, u32 total)
{
	gpadl_send(f, relid, handle, first, total);
	expect_created(f, relid, handle, 0);
}

static u16 teardown(struct fake *f, u32 relid, u32 handle)
{
	struct vp_chmsg_gpadl_teardown m = {
		.hdr.msgtype = VP_CHMSG_GPADL_TEARDOWN,
		.child_relid = relid,
		.gpadl = handle,
	};

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

static void expect_torndown(struct fake *f, u32 handle)
{
	const struct vp_chmsg_gpadl_torndown *t = expect_msg(f, VP_CHMSG_GPADL_TORNDOWN);

	KUNIT_ASSERT_EQ(f->test, t->gpadl, handle);
}

/* References the server holds on fake RAM, over all pages. */
static unsigned int held(struct fake *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < RAM_PAGES; i++)
		n += page_ref_count(f->ram[i]) - 1;
	return n;
}

static struct vp_gpadl *find_gpadl(struct fake *f, u32 handle)
{
	struct vp_gpadl *g;

	list_for_each_entry(g, &f->srv->gpadls, node)
		if (g->handle == handle)
			return g;
	return NULL;
}

/* ---- channels and rings ---- */

/* One ring of a channel as the guest maps it: a control page, then the data. */
struct gring {
	struct fake *f;
	u32 gfn;
};

struct gchan {
	u32 relid;
	struct gring in, out;		/* guest->host, host->guest */
	u8 *buf;			/* one packet */
};

static struct vp_ring_ctrl *gctrl(const struct gring *r)
{
	return page_address(r->f->ram[r->gfn % RAM_PAGES]);
}

static u8 *gdata(const struct gring *r, u32 off, u32 *n)
{
	u32 po = off % PAGE_SIZE;

	*n = min_t(u32, *n, PAGE_SIZE - po);
	return (u8 *)page_address(r->f->ram[(r->gfn + 1 + off / PAGE_SIZE) % RAM_PAGES]) + po;
}

/* Copy into the data area at @off, wrapping; returns the offset after. */
static u32 gput(const struct gring *r, u32 off, const void *buf, u32 len)
{
	const u8 *b = buf;

	while (len) {
		u32 n = len;
		u8 *p = gdata(r, off, &n);	/* clips @n to the page */

		memcpy(p, b, n);
		b += n;
		len -= n;
		off = (off + n) % RING_DATA;
	}
	return off;
}

static u32 gget(const struct gring *r, u32 off, void *buf, u32 len)
{
	u8 *b = buf;

	while (len) {
		u32 n = len;
		u8 *p = gdata(r, off, &n);

		memcpy(b, p, n);
		b += n;
		len -= n;
		off = (off + n) % RING_DATA;
	}
	return off;
}

/* hv_ringbuffer_write(): descriptor, payload, padding, trailer, then the index. */
static void guest_send(struct gring *r, u64 trans_id, const void *payload, u32 len)
{
	struct vp_ring_ctrl *c = gctrl(r);
	struct vp_pktdesc d = {
		.type = VP_PKT_DATA_INBAND,
		.offset8 = sizeof(d) / 8,
		.len8 = (sizeof(d) + len + 7) / 8,
		.trans_id = trans_id,
	};
	u32 start = READ_ONCE(c->write_index), off;
	u32 used = (start + RING_DATA - READ_ONCE(c->read_index)) % RING_DATA;
	u64 zero = 0, trailer = (u64)start << 32;

	KUNIT_ASSERT_GT(r->f->test, RING_DATA - used, d.len8 * 8 + 8);
	off = gput(r, start, &d, sizeof(d));
	off = gput(r, off, payload, len);
	off = gput(r, off, &zero, d.len8 * 8 - sizeof(d) - len);
	off = gput(r, off, &trailer, sizeof(trailer));
	/* The packet is in memory before the index that publishes it. */
	virt_wmb();
	WRITE_ONCE(c->write_index, off);
}

/* hv_pkt_iter: one packet, descriptor included; 0 when the ring is empty. */
static u32 guest_recv(struct gring *r, void *buf, u32 buflen)
{
	struct kunit *test = r->f->test;
	struct vp_ring_ctrl *c = gctrl(r);
	u32 start = READ_ONCE(c->read_index), off, len;
	struct vp_pktdesc d;
	u64 trailer;

	if (READ_ONCE(c->write_index) == start)
		return 0;
	/* Read the packet only after the index that covers it. */
	virt_rmb();
	gget(r, start, &d, sizeof(d));
	len = d.len8 * 8;
	KUNIT_ASSERT_LE(test, len, buflen);
	off = gget(r, start, buf, len);
	off = gget(r, off, &trailer, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, trailer, (u64)start << 32);
	/* Done with the bytes before giving the space back. */
	virt_mb();
	WRITE_ONCE(c->read_index, off);
	return len;
}

/* Wait for the host to write (from its own work items). */
static bool guest_wait(struct gring *r, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	struct vp_ring_ctrl *c = gctrl(r);

	while (READ_ONCE(c->write_index) == READ_ONCE(c->read_index)) {
		if (time_after(jiffies, end))
			return false;
		msleep(20);
	}
	return true;
}

/* Both control pages as Linux leaves them before OPENCHANNEL. */
static void ring_init(struct gring *r)
{
	memset(gctrl(r), 0, PAGE_SIZE);
	gctrl(r)->feature_bits = VP_RING_FEAT_PENDING_SEND_SZ;
}

static u16 post_open(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp)
{
	struct vp_chmsg_open m = {
		.hdr.msgtype = VP_CHMSG_OPENCHANNEL,
		.child_relid = relid,
		.openid = relid | 0x5a00,	/* Linux uses the relid; any value is echoed */
		.ringbuffer_gpadl = handle,
		.target_vp = vp,
		.downstream_page_offset = down,
	};

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

static void expect_open_result(struct fake *f, u32 relid, u32 status)
{
	const struct vp_chmsg_open_result *r = expect_msg(f, VP_CHMSG_OPENCHANNEL_RESULT);

	KUNIT_EXPECT_EQ(f->test, r->child_relid, relid);
	KUNIT_EXPECT_EQ(f->test, r->openid, relid | 0x5a00);
	if (status)
		KUNIT_EXPECT_NE(f->test, r->status, 0);
	else
		KUNIT_EXPECT_EQ(f->test, r->status, 0);
}

static void open_fails(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp)
{
	KUNIT_ASSERT_EQ(f->test, post_open(f, relid, handle, down, vp), 0);
	expect_open_result(f, relid, FAIL);
}

/* hv_utils' vmbus_open(): an 8-page ring GPADL at @gfn, then OPENCHANNEL to @vp. */
static void chan_open(struct fake *f, struct gchan *ch, u32 relid, u32 handle, u32 gfn,
		      u32 vp)
{
	ch->relid = relid;
	ch->in = (struct gring){ f, gfn };
	ch->out = (struct gring){ f, gfn + RING_DOWN };
	ch->buf = kunit_kzalloc(f->test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(f->test, ch->buf);
	ring_init(&ch->in);
	ring_init(&ch->out);
	gpadl_create(f, relid, handle, gfn, RING_PAGES);
	KUNIT_ASSERT_EQ(f->test, post_open(f, relid, handle, RING_DOWN, vp), 0);
	expect_open_result(f, relid, 0);
	KUNIT_ASSERT_TRUE(f->test, f->srv->chans[relid]->open);
}

/* HvSignalEvent on the channel, then let the host's reader finish. */
static void guest_kick(struct fake *f, struct gchan *ch)
{
	KUNIT_ASSERT_EQ(f->test, vp_vmbus_signal(f->srv, CONN(ch->relid), 0), 0);
	flush_work(&f->srv->chans[ch->relid]->work);
}

static void guest_signal(struct fake *f, struct gchan *ch)
{
	guest_kick(f, ch);
	/* The host took everything and said so. */
	KUNIT_EXPECT_EQ(f->test, READ_ONCE(gctrl(&ch->in)->read_index),
			READ_ONCE(gctrl(&ch->in)->write_index));
}

/* ---- integration services, the guest's side (hv_utils) ---- */

/* The host's next IC request from the host->guest ring; @plen: padded payload size. */
static struct vp_ic_hdr *ic_request(struct fake *f, struct gchan *ch, u16 msgtype, u32 *plen,
				    u64 *trans_id)
{
	struct kunit *test = f->test;
	struct vp_pktdesc *d = (void *)ch->buf;
	struct vp_ic_hdr *h = (void *)(ch->buf + sizeof(*d));
	u32 len = guest_recv(&ch->out, ch->buf, PAGE_SIZE);

	KUNIT_ASSERT_GE_MSG(test, len, (u32)(sizeof(*d) + sizeof(*h)), "no IC request");
	KUNIT_EXPECT_EQ(test, d->type, VP_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, d->offset8, 2);
	KUNIT_EXPECT_EQ(test, d->flags, 0);
	KUNIT_EXPECT_EQ(test, h->pipe_flags, VP_IC_PIPE_DATA);
	KUNIT_EXPECT_EQ(test, h->pipe_msgsize + 8, h->msgsize + sizeof(*h));
	KUNIT_EXPECT_LE(test, h->msgsize + sizeof(*h), len - sizeof(*d));
	KUNIT_EXPECT_EQ(test, h->flags, VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_REQUEST);
	KUNIT_ASSERT_EQ(test, h->msgtype, msgtype);
	*plen = len - sizeof(*d);
	*trans_id = d->trans_id;
	return h;
}

/* The guest answers in place, same length and transaction id (IC facts 4). */
static void ic_answer(struct fake *f, struct gchan *ch, struct vp_ic_hdr *h, u32 plen,
		      u64 trans_id)
{
	h->flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE;
	guest_send(&ch->in, trans_id, h, plen);
	guest_signal(f, ch);
}

static const struct vp_ic_version linux_frame[] = { { 3, 0 }, { 1, 0 } };
static const struct vp_ic_version linux_hb[] = { { 3, 0 }, { 1, 0 } };
static const struct vp_ic_version linux_sd[] = { { 3, 2 }, { 3, 1 }, { 3, 0 }, { 1, 0 } };
static const struct vp_ic_version linux_ts[] = { { 4, 0 }, { 3, 0 }, { 1, 0 } };

/* Linux's first preference that the host listed. */
static bool ic_pick(const struct vp_ic_version *mine, unsigned int n,
		    const struct vp_ic_version *offered, unsigned int count,
		    struct vp_ic_version *got)
{
	unsigned int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < count; j++)
			if (offered[j].major == mine[i].major &&
			    offered[j].minor == mine[i].minor) {
				*got = mine[i];
				return true;
			}
	return false;
}

/*
 * vmbus_prep_negotiate_resp(): answer the host's NEGOTIATE with Linux's
 * service list @svc, or with "no match" (counts 0) when @agree is false.
 * Returns the request's service versions in @offered (up to 8) and their count.
 */
static unsigned int guest_negotiate(struct fake *f, struct gchan *ch,
				    const struct vp_ic_version *svc, unsigned int nsvc,
				    bool agree, struct vp_ic_version *offered,
				    struct vp_ic_version *picked)
{
	struct kunit *test = f->test;
	struct vp_ic_version fw = {}, sv = {};
	struct vp_ic_negotiate *n;
	unsigned int fc, mc;
	u64 tid;
	u32 plen;

	n = (void *)ic_request(f, ch, VP_IC_MSG_NEGOTIATE, &plen, &tid);
	fc = n->frame_count;
	mc = n->msg_count;
	KUNIT_ASSERT_LE(test, fc + mc, (unsigned int)VP_IC_MAX_VERSIONS);
	KUNIT_ASSERT_LE(test, sizeof(n->hdr) + 8 + sizeof(n->v[0]) * (fc + mc), (size_t)plen);
	memcpy(offered, n->v + fc, mc * sizeof(*offered));
	KUNIT_EXPECT_TRUE(test, ic_pick(linux_frame, ARRAY_SIZE(linux_frame), n->v, fc, &fw));
	KUNIT_EXPECT_TRUE(test, ic_pick(svc, nsvc, n->v + fc, mc, &sv));
	n->hdr.msgsize = 16;
	n->frame_count = agree;
	n->msg_count = agree;
	n->v[0] = fw;
	n->v[1] = sv;
	*picked = sv;
	ic_answer(f, ch, &n->hdr, plen, tid);
	return mc;
}

static struct vpart_vmbus_status *ic_status(struct fake *f)
{
	struct vpart_vmbus_status *st = kunit_kzalloc(f->test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(f->test, st);
	mutex_lock(&f->srv->lock);
	vp_ic_status(f->srv, st);
	mutex_unlock(&f->srv->lock);
	return st;
}

static void flush(struct fake *f)
{
	mutex_lock(&f->srv->lock);
	vp_vmbus_flush(f->srv);
	mutex_unlock(&f->srv->lock);
}

/* ---- 1. version negotiation ---- */

static void version_negotiation(struct kunit *test)
{
	/* What Linux 6.1 tries, newest first: each is accepted where it is asked. */
	static const u32 linux_versions[] = {
		VP_VMBUS_VERSION_WIN10_V5_3, VP_VMBUS_VERSION_WIN10_V5_2,
		VP_VMBUS_VERSION_WIN10_V5_1, VP_VMBUS_VERSION_WIN10_V5,
		VP_VMBUS_VERSION_WIN10_V4_1, VP_VMBUS_VERSION_WIN10,
		VP_VMBUS_VERSION_WIN8_1, VP_VMBUS_VERSION_WIN8,
	};
	struct fake *f = test->priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(linux_versions); i++) {
		connect(f, linux_versions[i]);
		expect_quiet(f);
	}
	KUNIT_EXPECT_EQ(test, f->srv->msgs_in, (u64)ARRAY_SIZE(linux_versions));
	KUNIT_EXPECT_EQ(test, f->srv->msgs_out, (u64)ARRAY_SIZE(linux_versions));
}

static void contact_refusals(struct kunit *test)
{
	/* WIN7, WS2008, a 5.4 and a 6.0 that 6.1 does not know, and nonsense. */
	static const u32 unknown[] = { 0x00010001, 0x0000000d, 0x00050004, 0x00060000, 0 };
	struct vp_chmsg_initiate_contact m = {
		.hdr.msgtype = VP_CHMSG_INITIATE_CONTACT,
		.version = VP_VMBUS_VERSION_WIN10,
	};
	struct vp_chmsg_hdr offers = { .msgtype = VP_CHMSG_REQUESTOFFERS };
	static const u32 bad_conns[] = { 0, 2, 3, 5, CONN(1), 0xffffffff };
	struct fake *f = test->priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		KUNIT_EXPECT_EQ(test, contact(f, unknown[i], conn_for(unknown[i]), MSG_VP, 2), 0);
		expect_version(f, false);
	}
	/* A known version at the wrong door (facts 3.3). */
	KUNIT_EXPECT_EQ(test, contact(f, VP_VMBUS_VERSION_WIN10_V5_2, VP_VMBUS_CONN_MESSAGE,
				      MSG_VP, 2), 0);
	expect_version(f, false);
	KUNIT_EXPECT_EQ(test, contact(f, VP_VMBUS_VERSION_WIN10, VP_VMBUS_CONN_MESSAGE_V5,
				      MSG_VP, 2), 0);
	expect_version(f, false);
	KUNIT_EXPECT_EQ(test, f->srv->version, 0);

	/* Nowhere to answer: no VP, SINT 0 or past the last: nothing is sent. */
	KUNIT_EXPECT_EQ(test, contact(f, VP_VMBUS_VERSION_WIN10, 1, VPART_MAX_VCPUS, 2), 0);
	KUNIT_EXPECT_EQ(test, contact(f, VP_VMBUS_VERSION_WIN10_V5, 4, MSG_VP, 0), 0);
	KUNIT_EXPECT_EQ(test, contact(f, VP_VMBUS_VERSION_WIN10_V5, 4, MSG_VP,
				      VP_HV_SINT_COUNT), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->version, 0);

	/* 5.x answers on the SINT and VP the guest named. */
	KUNIT_EXPECT_EQ(test, contact(f, VP_VMBUS_VERSION_WIN10_V5_3, 4, 1, 5), 0);
	expect_version(f, true);
	KUNIT_EXPECT_EQ(test, f->srv->version, VP_VMBUS_VERSION_WIN10_V5_3);

	/* Connection 4 takes contacts only, connected or not. */
	KUNIT_EXPECT_EQ(test, post(f, VP_VMBUS_CONN_MESSAGE_V5, &offers, sizeof(offers)),
			VP_HV_STATUS_INVALID_CONNECTION_ID);
	for (i = 0; i < ARRAY_SIZE(bad_conns); i++)
		KUNIT_EXPECT_EQ(test, post(f, bad_conns[i], &m, sizeof(m)),
				VP_HV_STATUS_INVALID_CONNECTION_ID);
	/* Not a VMBus message, or not a whole one. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_post(f->srv, 0, 1, 2, &m, sizeof(m)),
			VP_HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, post(f, 1, &m, sizeof(m) - 1), VP_HV_STATUS_INVALID_PARAMETER);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->version, VP_VMBUS_VERSION_WIN10_V5_3);
}

static void nothing_before_contact(struct kunit *test)
{
	struct vp_chmsg_modify mod = {
		.hdr.msgtype = VP_CHMSG_MODIFYCHANNEL, .child_relid = 1,
	};
	struct fake *f = test->priv;
	u64 gfn = 0;

	add_dev(f, "heartbeat", hb_inst);
	KUNIT_EXPECT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	KUNIT_EXPECT_EQ(test, post_header(f, 1, HANDLE, 1, &gfn, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, post_open(f, 1, HANDLE, RING_DOWN, 0), 0);
	KUNIT_EXPECT_EQ(test, teardown(f, 1, HANDLE), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 1), 0);
	KUNIT_EXPECT_EQ(test, post(f, 1, &mod, sizeof(mod)), 0);
	KUNIT_EXPECT_EQ(test, post_hdr(f, VP_CHMSG_UNLOAD), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->offered);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1);
}

/* ---- 2. offers ---- */

static void offers(struct kunit *test)
{
	struct fake *f = test->priv;

	KUNIT_EXPECT_EQ(test, add_dev(f, "heartbeat", hb_inst), 1);
	KUNIT_EXPECT_EQ(test, add_dev(f, "shutdown", sd_inst), 2);
	connect(f, VP_VMBUS_VERSION_WIN10);
	expect_quiet(f);	/* offers wait for REQUESTOFFERS */
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_offer(f, 1, hb_type, hb_inst);
	expect_offer(f, 2, sd_type, sd_inst);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	expect_quiet(f);
	KUNIT_EXPECT_TRUE(test, f->srv->offers_requested);
	/* Asked again: nothing is offered twice in one connection. */
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	expect_quiet(f);
}

static void hot_add_and_rescind(struct kunit *test)
{
	struct fake *f = test->priv;
	u32 id;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_2, true, false);
	/* Hot-add: offered at once, without another ALLOFFERS_DELIVERED. */
	id = add_dev(f, "shutdown", sd_inst);
	expect_offer(f, 2, sd_type, sd_inst);
	expect_quiet(f);

	/* Remove: rescinded, but it stays until the guest releases the relid. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, id), 0);
	KUNIT_EXPECT_EQ(test, ((const struct vp_chmsg_relid *)
			       expect_msg(f, VP_CHMSG_RESCIND_CHANNELOFFER))->child_relid, 2);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 2);
	KUNIT_ASSERT_NOT_NULL(test, f->srv->chans[2]);
	KUNIT_EXPECT_TRUE(test, f->srv->chans[2]->rescinded);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, id), -EALREADY);
	/* A rescinded channel cannot be opened, nor is it offered again. */
	gpadl_create(f, 2, HANDLE, 0, RING_PAGES);
	open_fails(f, 2, HANDLE, RING_DOWN, 0);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	KUNIT_ASSERT_EQ(test, teardown(f, 2, HANDLE), 0);
	expect_torndown(f, HANDLE);

	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 2), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1);
	KUNIT_EXPECT_NULL(test, f->srv->chans[2]);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, id), -ENOENT);
	/* Releases of relids that are not there change nothing. */
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 2), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 0), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 0xffffffff), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1);

	/* The relid is free again for the next device. */
	add_dev(f, "timesync", ts_inst);
	expect_offer(f, 2, ts_type, ts_inst);
	expect_quiet(f);
}

static void device_errors(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int i;
	u32 cfg = 1;
	int id;

	KUNIT_EXPECT_EQ(test, vp_vmbus_add_device(f->srv, "kunit-none", NULL, NULL, 0), -ENOENT);
	/* The ICs take no options. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_add_device(f->srv, "heartbeat", NULL, &cfg, sizeof(cfg)),
			-EINVAL);
	id = add_dev(f, "heartbeat", hb_inst);
	KUNIT_EXPECT_EQ(test, vp_vmbus_add_device(f->srv, "shutdown", hb_inst, NULL, 0), -EEXIST);
	for (i = 1; i < VP_VMBUS_MAX_CHANNELS; i++)
		add_dev(f, "heartbeat", NULL);		/* random instances */
	KUNIT_EXPECT_EQ(test, vp_vmbus_add_device(f->srv, "heartbeat", NULL, NULL, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, VP_VMBUS_MAX_CHANNELS);

	/* Never offered: removal is at once and silent. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, id), 0);
	KUNIT_EXPECT_NULL(test, f->srv->chans[1]);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, id), -ENOENT);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, 9999), -ENOENT);
	KUNIT_EXPECT_EQ(test, vp_vmbus_ioctl(f->srv, VPART_VMBUS_REMOVE_DEVICE,
					     (void __user *)2UL), 0);
	KUNIT_EXPECT_NULL(test, f->srv->chans[2]);
	KUNIT_EXPECT_EQ(test, vp_vmbus_ioctl(f->srv, 0, NULL), -ENOTTY);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, VP_VMBUS_MAX_CHANNELS - 2);
	/* The lowest free relid goes to the next device. */
	id = add_dev(f, "timesync", NULL);
	KUNIT_ASSERT_NOT_NULL(test, f->srv->chans[1]);
	KUNIT_EXPECT_EQ(test, f->srv->chans[1]->dev->id, id);
	expect_quiet(f);
}

/* ---- 3. GPADLs ---- */

static void gpadl_create_and_teardown(struct kunit *test)
{
	struct fake *f = test->priv;
	u64 gfns[HDR_PFNS];

	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	/* One message: 8 pages. */
	gpadl_create(f, 1, HANDLE, 0, 8);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 1);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 8);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[7]), 2);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[8]), 1);

	/*
	 * 40 pages: the header carries 26 and nothing is answered before the
	 * body. The budget is charged from the header on; pages are taken once
	 * all are known.
	 */
	fill_gfns(gfns, 8, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 1, 40, gfns, HDR_PFNS, 0), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);
	KUNIT_EXPECT_EQ(test, held(f), 8);
	fill_gfns(gfns, 8 + HDR_PFNS, 14);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 1, gfns, 14), 0);
	expect_created(f, 1, HANDLE + 1, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);
	KUNIT_EXPECT_EQ(test, held(f), 48);

	/* Exactly a full header, and a header plus a full body. */
	gpadl_create(f, 1, HANDLE + 2, 0, HDR_PFNS);
	gpadl_create(f, 1, HANDLE + 3, 0, HDR_PFNS + BODY_PFNS);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 4);
	KUNIT_EXPECT_EQ(test, held(f), 48 + HDR_PFNS + HDR_PFNS + BODY_PFNS);

	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[0]), 3);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + 1), 0);
	expect_torndown(f, HANDLE + 1);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + 2), 0);
	expect_torndown(f, HANDLE + 2);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + 3), 0);
	expect_torndown(f, HANDLE + 3);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	/* The guest waits for TORNDOWN without a time-out: unknown handles get one too. */
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + 7), 0);
	expect_torndown(f, HANDLE + 7);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	expect_quiet(f);
}

static void gpadl_interleaved(struct kunit *test)
{
	struct fake *f = test->priv;
	u64 gfns[BODY_PFNS];

	/* Two drivers probing at once: their bodies interleave (facts 3.5). */
	setup(f, VP_VMBUS_VERSION_WIN10_V5_3, true, true);
	fill_gfns(gfns, 0, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE, 40, gfns, HDR_PFNS, 0), 0);
	fill_gfns(gfns, 0, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 2, HANDLE + 1, 60, gfns, HDR_PFNS, 0), 0);
	fill_gfns(gfns, HDR_PFNS, BODY_PFNS);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 1, gfns, BODY_PFNS), 0);
	expect_quiet(f);
	fill_gfns(gfns, HDR_PFNS, 14);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE, gfns, 14), 0);
	expect_created(f, 1, HANDLE, 0);
	expect_quiet(f);
	fill_gfns(gfns, HDR_PFNS + BODY_PFNS, 6);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 1, gfns, 6), 0);
	expect_created(f, 2, HANDLE + 1, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 100);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[39]), 3);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[40]), 2);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[59]), 2);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[60]), 1);
	KUNIT_ASSERT_EQ(test, teardown(f, 2, HANDLE + 1), 0);
	expect_torndown(f, HANDLE + 1);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	KUNIT_EXPECT_EQ(test, held(f), 0);
}

static void gpadl_not_ram(struct kunit *test)
{
	struct fake *f = test->priv;
	u64 gfns[HDR_PFNS];

	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	/* One PFN past the partition's RAM: refused, nothing kept. */
	fill_gfns(gfns, 0, 8);
	gfns[5] = RAM_PAGES;
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE, 8, gfns, 8, 0), 0);
	expect_created(f, 1, HANDLE, FAIL);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);

	/* The same in a body, with a PFN no RAM could have. */
	fill_gfns(gfns, 0, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 1, 30, gfns, HDR_PFNS, 0), 0);
	fill_gfns(gfns, HDR_PFNS, 4);
	gfns[3] = 1ULL << 60;
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 1, gfns, 4), 0);
	expect_created(f, 1, HANDLE + 1, FAIL);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);

	/* A failed handle is free for the guest to use again. */
	gpadl_create(f, 1, HANDLE, 0, 8);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	expect_quiet(f);
}

static void gpadl_refusals(struct kunit *test)
{
	struct fake *f = test->priv;
	u64 gfns[BODY_PFNS + 1];

	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	/* No such channel: refused with the handle, so the guest does not hang. */
	fill_gfns(gfns, 0, 4);
	KUNIT_ASSERT_EQ(test, post_header(f, 0, HANDLE, 4, gfns, 4, 0), 0);
	expect_created(f, 0, HANDLE, FAIL);
	KUNIT_ASSERT_EQ(test, post_header(f, 9, HANDLE, 4, gfns, 4, 0), 0);
	expect_created(f, 9, HANDLE, FAIL);
	KUNIT_ASSERT_EQ(test, post_header(f, VP_VMBUS_MAX_CHANNELS + 1, HANDLE, 4, gfns, 4, 0),
			0);
	expect_created(f, VP_VMBUS_MAX_CHANNELS + 1, HANDLE, FAIL);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);

	/* A handle in use: the second header is ignored, the first GPADL unharmed. */
	gpadl_create(f, 1, HANDLE, 0, 8);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE, 4, gfns, 4, 0), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 1);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 8);
	/* Also while the first is still being assembled. */
	fill_gfns(gfns, 8, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 1, 40, gfns, HDR_PFNS, 0), 0);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 1, 4, gfns, 4, 0), 0);
	expect_quiet(f);
	fill_gfns(gfns, 8 + HDR_PFNS, 14);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 1, gfns, 14), 0);
	expect_created(f, 1, HANDLE + 1, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);

	/* Bodies for no GPADL in assembly are dropped. */
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 5, gfns, 4), 0);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE, gfns, 4), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);

	/* More PFNs than the header announced: the GPADL fails. */
	fill_gfns(gfns, 0, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 2, 30, gfns, HDR_PFNS, 0), 0);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 2, gfns, 5), 0);
	expect_created(f, 1, HANDLE + 2, FAIL);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 2, gfns, 4), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 2);

	/* A body longer than a message is refused at the door; assembly goes on. */
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 3, 30, gfns, HDR_PFNS, 0), 0);
	KUNIT_EXPECT_EQ(test, post_body(f, HANDLE + 3, gfns, BODY_PFNS + 1),
			VP_HV_STATUS_INVALID_PARAMETER);
	expect_quiet(f);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 3, gfns, 4), 0);
	expect_created(f, 1, HANDLE + 3, 0);

	/* A teardown in the middle of assembly answers and drops it. */
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 4, 30, gfns, HDR_PFNS, 0), 0);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + 4), 0);
	expect_torndown(f, HANDLE + 4);
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 4, gfns, 4), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 3);
	KUNIT_EXPECT_EQ(test, held(f), 8 + 40 + 30);
}

static void gpadl_count_limit(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int i;

	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	for (i = 0; i < VP_VMBUS_MAX_GPADLS; i++)
		gpadl_create(f, 1, HANDLE + i, i % RAM_PAGES, 1);
	gpadl_send(f, 1, HANDLE + i, 0, 1);
	expect_created(f, 1, HANDLE + i, FAIL);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, VP_VMBUS_MAX_GPADLS);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	gpadl_create(f, 1, HANDLE + i, 0, 1);
	KUNIT_EXPECT_EQ(test, held(f), VP_VMBUS_MAX_GPADLS);
}

/*
 * A header describes at most 8190 pages (range_buflen is a u16), fewer than
 * VP_VMBUS_MAX_GPADL_PAGES; what bounds a guest is the pinned-page budget
 * of the partition. The fake RAM aliases here so that it can be exhausted.
 */
static void gpadl_pin_limit(struct kunit *test)
{
	const unsigned int n = VP_VMBUS_MAX_PINNED_PAGES / MAX_WIRE_PAGES;
	struct fake *f = test->priv;
	u64 gfns[HDR_PFNS];
	unsigned long room;
	unsigned int i;

	f->nr_gfns = 1ULL << 40;
	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	/* Headers alone spend the budget: half-described GPADLs cannot pile up. */
	fill_gfns(gfns, 0, HDR_PFNS);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + i, MAX_WIRE_PAGES, gfns,
						  HDR_PFNS, 0), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	KUNIT_ASSERT_EQ(test, f->srv->pinned, (unsigned long)n * MAX_WIRE_PAGES);
	room = VP_VMBUS_MAX_PINNED_PAGES - f->srv->pinned;
	gpadl_send(f, 1, HANDLE + n, 0, room + 1);
	expect_created(f, 1, HANDLE + n, FAIL);
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + i), 0);
		expect_torndown(f, HANDLE + i);
	}
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 0);

	/* The same with complete GPADLs, which hold their pages. */
	for (i = 0; i < n; i++)
		gpadl_create(f, 1, HANDLE + i, (u64)i * MAX_WIRE_PAGES, MAX_WIRE_PAGES);
	KUNIT_ASSERT_EQ(test, f->srv->pinned, (unsigned long)n * MAX_WIRE_PAGES);
	room = VP_VMBUS_MAX_PINNED_PAGES - f->srv->pinned;
	/* One page past the budget: refused, nothing taken. */
	gpadl_send(f, 1, HANDLE + n, 0, room + 1);
	expect_created(f, 1, HANDLE + n, FAIL);
	KUNIT_EXPECT_EQ(test, held(f), (unsigned int)n * MAX_WIRE_PAGES);
	/* Up to the budget exactly is fine; then nothing more. */
	gpadl_create(f, 1, HANDLE + n, 0, room);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, VP_VMBUS_MAX_PINNED_PAGES);
	gpadl_send(f, 1, HANDLE + n + 1, 0, 1);
	expect_created(f, 1, HANDLE + n + 1, FAIL);
	/* A teardown gives the pages back to the budget. */
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	gpadl_create(f, 1, HANDLE + n + 1, 0, 1);
	KUNIT_EXPECT_EQ(test, held(f), VP_VMBUS_MAX_PINNED_PAGES - MAX_WIRE_PAGES + 1);
	expect_quiet(f);
}

/* ---- 4. open and close ---- */

static void open_channel(struct kunit *test)
{
	struct fake *f = test->priv;
	const struct vp_ic_negotiate *n;
	struct gchan ch;
	u64 tid;
	u32 plen;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_2, true, false);
	chan_open(f, &ch, 1, HANDLE, 0, 1);
	KUNIT_EXPECT_EQ(test, f->srv->chans[1]->ring->users, 1);
	/* The NEGOTIATE is in the host->guest ring already: 16 + 52 bytes, padded, trailer. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&ch.out)->write_index), 80);
	n = (void *)ic_request(f, &ch, VP_IC_MSG_NEGOTIATE, &plen, &tid);
	KUNIT_EXPECT_EQ(test, plen, 56);
	KUNIT_EXPECT_EQ(test, n->hdr.status, 0);
	KUNIT_EXPECT_EQ(test, n->frame_count, 2);
	KUNIT_EXPECT_EQ(test, n->msg_count, 2);
	KUNIT_EXPECT_EQ(test, n->v[0].major, 1);
	KUNIT_EXPECT_EQ(test, n->v[1].major, 3);
	KUNIT_EXPECT_EQ(test, n->v[2].major, 1);
	KUNIT_EXPECT_EQ(test, n->v[3].major, 3);
	KUNIT_EXPECT_EQ(test, n->v[3].minor, 0);
	/* ... and the guest was told, on the VP it opened the channel to. */
	KUNIT_EXPECT_GT(test, atomic_read(&f->signals[1]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->signal_vp), 1);
	/* The guest's own ring is as the guest made it. */
	KUNIT_EXPECT_EQ(test, gctrl(&ch.in)->write_index, 0);
	KUNIT_EXPECT_EQ(test, gctrl(&ch.in)->read_index, 0);
	KUNIT_EXPECT_EQ(test, gctrl(&ch.in)->interrupt_mask, 0);
	KUNIT_EXPECT_EQ(test, gctrl(&ch.in)->feature_bits, VP_RING_FEAT_PENDING_SEND_SZ);
	KUNIT_EXPECT_EQ(test, gctrl(&ch.out)->pending_send_sz, 0);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_WAITING);
	expect_quiet(f);
}

static void open_refusals(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gring hb_in = { f, 0 }, hb_out = { f, RING_DOWN };
	struct gring bad_in = { f, 24 }, bad_out = { f, 28 };
	struct gring sd_in = { f, 32 }, sd_out = { f, 34 };
	struct vp_gpadl *ring;
	u64 gfns[HDR_PFNS];

	add_dev(f, "heartbeat", hb_inst);
	add_dev(f, "shutdown", sd_inst);
	connect(f, VP_VMBUS_VERSION_WIN10);
	/* Before its offer a channel is not the guest's to open. */
	ring_init(&hb_in);
	ring_init(&hb_out);
	gpadl_create(f, 1, HANDLE, 0, RING_PAGES);
	open_fails(f, 1, HANDLE, RING_DOWN, 0);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_offer(f, 1, hb_type, hb_inst);
	expect_offer(f, 2, sd_type, sd_inst);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);

	open_fails(f, 9, HANDLE, RING_DOWN, 0);
	open_fails(f, 0, HANDLE, RING_DOWN, 0);
	open_fails(f, VP_VMBUS_MAX_CHANNELS + 1, HANDLE, RING_DOWN, 0);
	open_fails(f, 1, HANDLE + 9, RING_DOWN, 0);
	/* Each ring needs its control page and at least a data page. */
	open_fails(f, 1, HANDLE, 0, 0);
	open_fails(f, 1, HANDLE, 1, 0);
	open_fails(f, 1, HANDLE, RING_PAGES - 1, 0);
	open_fails(f, 1, HANDLE, RING_PAGES, 0);
	open_fails(f, 1, HANDLE, 0xffffffff, 0);
	open_fails(f, 1, HANDLE, RING_DOWN, VPART_MAX_VCPUS);
	/* A GPADL still waiting for its body. */
	fill_gfns(gfns, 8, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 1, 40, gfns, HDR_PFNS, 0), 0);
	open_fails(f, 1, HANDLE + 1, RING_DOWN, 0);
	/* A ring that does not start at a page boundary. */
	fill_gfns(gfns, 16, RING_PAGES);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 2, RING_PAGES, gfns, RING_PAGES, 8), 0);
	expect_created(f, 1, HANDLE + 2, 0);
	open_fails(f, 1, HANDLE + 2, RING_DOWN, 0);
	/* Control pages with indices no ring can have. */
	ring_init(&bad_in);
	ring_init(&bad_out);
	gctrl(&bad_in)->write_index = 5;
	gpadl_create(f, 1, HANDLE + 3, 24, RING_PAGES);
	open_fails(f, 1, HANDLE + 3, RING_DOWN, 0);
	gctrl(&bad_in)->write_index = 0;
	gctrl(&bad_out)->read_index = RING_DATA;
	open_fails(f, 1, HANDLE + 3, RING_DOWN, 0);

	/* None of that opened anything or wrote to a ring. */
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[2]->open);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->signals[1]), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&hb_out)->write_index), 0);
	ring = find_gpadl(f, HANDLE);
	KUNIT_ASSERT_NOT_NULL(test, ring);
	KUNIT_EXPECT_EQ(test, ring->users, 0);

	/* The good one opens, and only once. */
	KUNIT_ASSERT_EQ(test, post_open(f, 1, HANDLE, RING_DOWN, 0), 0);
	expect_open_result(f, 1, 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&hb_out)->write_index), 80);
	open_fails(f, 1, HANDLE, RING_DOWN, 0);
	KUNIT_EXPECT_TRUE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&hb_out)->write_index), 80);
	KUNIT_EXPECT_EQ(test, ring->users, 1);
	/* The smallest rings: one data page each way (shutdown's NEGOTIATE is 88 bytes). */
	ring_init(&sd_in);
	ring_init(&sd_out);
	gpadl_create(f, 2, HANDLE + 4, 32, 4);
	KUNIT_ASSERT_EQ(test, post_open(f, 2, HANDLE + 4, 2, 0), 0);
	expect_open_result(f, 2, 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&sd_out)->write_index), 88);
	expect_quiet(f);
}

static void close_and_teardown(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	u32 mc;
	struct vp_ic_version offered[VP_IC_MAX_VERSIONS], picked;

	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	expect_quiet(f);	/* CLOSECHANNEL has no answer */
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_NONE);
	/* The ring's pages stay the guest's GPADL until it tears it down. */
	KUNIT_EXPECT_EQ(test, held(f), RING_PAGES);
	KUNIT_ASSERT_NOT_NULL(test, find_gpadl(f, HANDLE));
	KUNIT_EXPECT_EQ(test, find_gpadl(f, HANDLE)->users, 0);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	/* Closing what is not open is harmless. */
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 9), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 0xffffffff), 0);
	expect_quiet(f);

	/* Opened again on fresh rings, the service starts over. */
	chan_open(f, &ch, 1, HANDLE + 1, 8, 0);
	mc = guest_negotiate(f, &ch, linux_hb, ARRAY_SIZE(linux_hb), true, offered, &picked);
	KUNIT_EXPECT_EQ(test, mc, 2);
	KUNIT_EXPECT_EQ(test, picked.major, 3);
	expect_quiet(f);
}

static void teardown_while_open(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	/* The ring is in use: TORNDOWN waits for the close. */
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 1);
	KUNIT_EXPECT_EQ(test, held(f), RING_PAGES);
	KUNIT_EXPECT_TRUE(test, f->srv->chans[1]->open);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	expect_torndown(f, HANDLE);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->open);
}

static void rescind_open_channel(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_3, true, false);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, 1), 0);
	KUNIT_EXPECT_EQ(test, ((const struct vp_chmsg_relid *)
			       expect_msg(f, VP_CHMSG_RESCIND_CHANNELOFFER))->child_relid, 1);
	/* The guest closes and tears down in its own time (facts 3.7). */
	KUNIT_EXPECT_TRUE(test, f->srv->chans[1]->open);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 1);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_RELID_RELEASED, 1), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 0);
	KUNIT_EXPECT_NULL(test, f->srv->chans[1]);
	KUNIT_EXPECT_EQ(test, held(f), 0);
}

static void signal_checks(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup(f, VP_VMBUS_VERSION_WIN10, true, true);
	KUNIT_EXPECT_EQ(test, vp_vmbus_signal(f->srv, CONN(1), 1), VP_HV_STATUS_INVALID_PORT_ID);
	KUNIT_EXPECT_EQ(test, vp_vmbus_signal(f->srv, VP_VMBUS_CONN_BASE, 0),
			VP_HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, vp_vmbus_signal(f->srv, 1, 0), VP_HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, vp_vmbus_signal(f->srv, CONN(3), 0),
			VP_HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, vp_vmbus_signal(f->srv, CONN(VP_VMBUS_MAX_CHANNELS + 1), 0),
			VP_HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, vp_vmbus_signal(f->srv, 0xffffffff, 0),
			VP_HV_STATUS_INVALID_CONNECTION_ID);
	/* An offered channel that is not open: accepted, nothing to run. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_signal(f->srv, CONN(2), 0), VP_HV_STATUS_SUCCESS);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	/* A signal with nothing written: the reader finds an empty ring. */
	guest_signal(f, &ch);
	KUNIT_EXPECT_EQ(test, gctrl(&ch.in)->read_index, 0);
	expect_quiet(f);
}

/* ---- 5. integration services ---- */

static void ic_heartbeat(struct kunit *test)
{
	struct fake *f = test->priv;
	struct vp_ic_version offered[VP_IC_MAX_VERSIONS], picked;
	struct vpart_vmbus_status *st;
	struct vp_ic_heartbeat *hb;
	struct gchan ch;
	u64 tid;
	u32 plen;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_3, true, false);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	KUNIT_EXPECT_EQ(test, guest_negotiate(f, &ch, linux_hb, ARRAY_SIZE(linux_hb), true,
					      offered, &picked), 2);
	KUNIT_EXPECT_EQ(test, picked.major, 3);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_WAITING);
	/* Ready: the first ping follows at once, from the service's own work. */
	KUNIT_ASSERT_TRUE_MSG(test, guest_wait(&ch.out, 5000), "no heartbeat request");
	hb = (void *)ic_request(f, &ch, VP_IC_MSG_HEARTBEAT, &plen, &tid);
	KUNIT_EXPECT_EQ(test, plen, 72);	/* 68 bytes, padded */
	KUNIT_EXPECT_EQ(test, hb->seq, 1);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_WAITING);
	/* hv_utils answers seq + 1 in place. */
	hb->seq++;
	ic_answer(f, &ch, &hb->hdr, plen, tid);
	st = ic_status(f);
	KUNIT_EXPECT_EQ(test, st->heartbeat, VPART_HEARTBEAT_OK);
	KUNIT_EXPECT_EQ(test, st->heartbeat_seq, 2);
	/* No shutdown service here to ask. */
	KUNIT_EXPECT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_POWEROFF), -EAGAIN);
	expect_quiet(f);
}

static void ic_shutdown(struct kunit *test)
{
	struct fake *f = test->priv;
	struct vp_ic_version offered[VP_IC_MAX_VERSIONS], picked;
	struct vp_ic_shutdown *sd;
	struct gchan ch;
	u64 tid;
	u32 plen;

	setup(f, VP_VMBUS_VERSION_WIN10, false, true);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	/* Not before the versions are agreed. */
	KUNIT_EXPECT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_POWEROFF), -EAGAIN);
	KUNIT_ASSERT_EQ(test, guest_negotiate(f, &ch, linux_sd, ARRAY_SIZE(linux_sd), true,
					      offered, &picked), 4);
	KUNIT_EXPECT_EQ(test, offered[3].major, 3);
	KUNIT_EXPECT_EQ(test, offered[3].minor, 2);
	KUNIT_EXPECT_EQ(test, picked.minor, 2);
	KUNIT_EXPECT_FALSE(test, guest_wait(&ch.out, 100));	/* shutdown has no ping */
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_NONE);

	KUNIT_ASSERT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_POWEROFF), 0);
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_SENT);
	/* One request at a time. */
	KUNIT_EXPECT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_REBOOT), -EAGAIN);
	sd = (void *)ic_request(f, &ch, VP_IC_MSG_SHUTDOWN, &plen, &tid);
	KUNIT_EXPECT_EQ(test, plen + 16, 2104);
	KUNIT_EXPECT_EQ(test, sd->flags, 0);
	KUNIT_EXPECT_EQ(test, sd->reason, 0x80000000);
	KUNIT_EXPECT_EQ(test, sd->timeout, 0);
	sd->hdr.status = VP_IC_S_OK;
	ic_answer(f, &ch, &sd->hdr, plen, tid);
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_ACCEPTED);

	/* A reboot the guest refuses. */
	KUNIT_ASSERT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_REBOOT), 0);
	sd = (void *)ic_request(f, &ch, VP_IC_MSG_SHUTDOWN, &plen, &tid);
	KUNIT_EXPECT_EQ(test, sd->flags, 2);
	sd->hdr.status = VP_IC_E_FAIL;
	ic_answer(f, &ch, &sd->hdr, plen, tid);
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_REFUSED);
	expect_quiet(f);
}

static void ic_no_common_version(struct kunit *test)
{
	struct fake *f = test->priv;
	struct vp_ic_version offered[VP_IC_MAX_VERSIONS], picked;
	struct vp_ic_hdr junk = {
		.pipe_flags = VP_IC_PIPE_DATA,
		.pipe_msgsize = sizeof(junk) - 8,
		.msgtype = VP_IC_MSG_NEGOTIATE,
		.flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_REQUEST,
	};
	struct gchan ch;

	setup(f, VP_VMBUS_VERSION_WIN10, false, true);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	/* Not an answer (a request): ignored. */
	guest_send(&ch.in, 0, &junk, sizeof(junk));
	guest_signal(f, &ch);
	/* Linux's "no match": counts of 0. The service never becomes ready. */
	guest_negotiate(f, &ch, linux_sd, ARRAY_SIZE(linux_sd), false, offered, &picked);
	KUNIT_EXPECT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_POWEROFF), -EAGAIN);
	KUNIT_EXPECT_FALSE(test, guest_wait(&ch.out, 100));
	expect_quiet(f);
}

/* 100 ns units from 1601 to 1970 (Windows FILETIME). */
#define FILETIME_1970	116444736000000000ULL

static void ic_timesync(struct kunit *test)
{
	struct fake *f = test->priv;
	struct vp_ic_version offered[VP_IC_MAX_VERSIONS], picked;
	struct vp_ic_timesync *ts;
	struct gchan ch;
	s64 now, skew;
	u64 tid;
	u32 plen;

	add_dev(f, "timesync", ts_inst);
	connect(f, VP_VMBUS_VERSION_WIN10);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_offer(f, 1, ts_type, ts_inst);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	KUNIT_ASSERT_EQ(test, guest_negotiate(f, &ch, linux_ts, ARRAY_SIZE(linux_ts), true,
					      offered, &picked), 1);
	KUNIT_EXPECT_EQ(test, picked.major, 4);
	/* Ready: the host's clock at once, stamped with the partition's reference time. */
	KUNIT_ASSERT_TRUE_MSG(test, guest_wait(&ch.out, 5000), "no time sample");
	ts = (void *)ic_request(f, &ch, VP_IC_MSG_TIMESYNC, &plen, &tid);
	KUNIT_EXPECT_EQ(test, plen, 56);	/* 52 bytes, padded */
	KUNIT_EXPECT_EQ(test, ts->flags, VP_IC_TIMESYNC_SYNC);
	KUNIT_EXPECT_EQ(test, ts->vm_reference_time, 1);
	now = ktime_get_real_ns() / 100 + FILETIME_1970;
	skew = now - (s64)ts->parent_time;
	KUNIT_EXPECT_TRUE_MSG(test, skew >= 0 && skew < 600LL * 10000000,
			      "parent_time %llu is not the host's UTC", ts->parent_time);
	KUNIT_EXPECT_EQ(test, ic_status(f)->timesync_samples, 0);
	ic_answer(f, &ch, &ts->hdr, plen, tid);
	KUNIT_EXPECT_EQ(test, ic_status(f)->timesync_samples, 1);
	expect_quiet(f);
}

/* A guest that corrupts its ring silences the channel, and nothing more. */
static void broken_guest_ring(struct kunit *test)
{
	struct fake *f = test->priv;
	struct vp_pktdesc bad = { .type = VP_PKT_DATA_INBAND, .offset8 = 4, .len8 = 3 };
	struct vp_ic_negotiate *n;
	struct vp_ring_ctrl *c;
	struct gchan ch;
	u64 tid;
	u32 plen;

	setup(f, VP_VMBUS_VERSION_WIN10, true, false);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	/* The payload would start past the packet's end. */
	c = gctrl(&ch.in);
	gput(&ch.in, 0, &bad, sizeof(bad));
	/* As the guest orders it: the bytes, then the index. */
	virt_wmb();
	WRITE_ONCE(c->write_index, bad.len8 * 8 + 8);
	guest_kick(f, &ch);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->read_index), 0);
	/* A good answer behind it is not read either: broken stays broken. */
	n = (void *)ic_request(f, &ch, VP_IC_MSG_NEGOTIATE, &plen, &tid);
	n->frame_count = 1;
	n->msg_count = 1;
	n->v[1] = n->v[3];
	n->hdr.flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE;
	guest_send(&ch.in, tid, n, plen);
	guest_kick(f, &ch);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->read_index), 0);
	KUNIT_EXPECT_FALSE(test, guest_wait(&ch.out, 200));	/* never ready, no ping */
	/* Close and teardown work as ever. */
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	expect_quiet(f);
}

/* ---- 6. unload and reconnect ---- */

static void expect_reset(struct fake *f)
{
	struct kunit *test = f->test;

	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	KUNIT_EXPECT_EQ(test, f->srv->outq_len, 0);
	KUNIT_EXPECT_FALSE(test, f->srv->offers_requested);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->offered);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[2]->offered);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_NONE);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 2);
}

static void unload_resets(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	u64 gfns[HDR_PFNS];

	setup(f, VP_VMBUS_VERSION_WIN10_V4_1, true, true);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	gpadl_create(f, 2, HANDLE + 1, 8, 40);
	fill_gfns(gfns, 8, HDR_PFNS);
	KUNIT_ASSERT_EQ(test, post_header(f, 2, HANDLE + 2, 40, gfns, HDR_PFNS, 0), 0);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 3);
	/* An answer still waiting for the slot belongs to the old connection. */
	f->room = 0;
	KUNIT_ASSERT_EQ(test, teardown(f, 2, HANDLE + 7), 0);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_UNLOAD), 0);
	f->room = -1;
	flush(f);
	expect_msg(f, VP_CHMSG_UNLOAD_RESPONSE);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->version, 0);
	expect_reset(f);
	/* Disconnected: anything but contact is ignored. */
	KUNIT_EXPECT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_quiet(f);
	/* The devices stay: the next connection is offered them again. */
	connect(f, VP_VMBUS_VERSION_WIN10_V5_3);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_offer(f, 1, hb_type, hb_inst);
	expect_offer(f, 2, sd_type, sd_inst);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	expect_quiet(f);
}

static void contact_resets(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup(f, VP_VMBUS_VERSION_WIN10, true, true);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	gpadl_create(f, 2, HANDLE + 1, 8, 40);
	/* kexec: the next kernel says hello without UNLOAD. */
	connect(f, VP_VMBUS_VERSION_WIN10_V5_3);
	expect_quiet(f);
	expect_reset(f);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_offer(f, 1, hb_type, hb_inst);
	expect_offer(f, 2, sd_type, sd_inst);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	/* A contact that is refused ends the old connection as well. */
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	KUNIT_ASSERT_EQ(test, contact(f, 0x00060000, VP_VMBUS_CONN_MESSAGE_V5, MSG_VP, 2), 0);
	expect_version(f, false);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->version, 0);
	expect_reset(f);
}

/*
 * A ring GPADL torn down while its channel is open is answered at the
 * close. A reset closes the channel too, but that answer belongs to the old
 * connection: the new one starts with VERSION_RESPONSE, and UNLOAD gets
 * UNLOAD_RESPONSE alone, whether or not the message slot was free.
 */
static void reset_answers_nothing_old(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup(f, VP_VMBUS_VERSION_WIN10, true, true);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_quiet(f);
	connect(f, VP_VMBUS_VERSION_WIN10_V5_3);
	expect_quiet(f);
	expect_reset(f);

	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_offer(f, 1, hb_type, hb_inst);
	expect_offer(f, 2, sd_type, sd_inst);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	chan_open(f, &ch, 1, HANDLE + 1, 8, 0);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + 1), 0);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_UNLOAD), 0);
	expect_msg(f, VP_CHMSG_UNLOAD_RESPONSE);
	expect_quiet(f);
	expect_reset(f);
}

/* ---- the order of a class's callbacks ---- */

/* A VSP class of the suite's own, to watch what runs when. */
struct probe {
	struct completion reading, release;
	bool closed;
	unsigned int after_close, read;
};

static int probe_add(struct vp_vmbus_dev *dev, const void *cfg, u32 len)
{
	if (len != sizeof(struct probe *))
		return -EINVAL;
	vp_vmbus_dev_set_priv(dev, *(struct probe * const *)cfg);
	return 0;
}

static int probe_open(struct vp_vmbus_chan *ch)
{
	return 0;
}

static void probe_close(struct vp_vmbus_chan *ch)
{
	struct probe *p = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));

	WRITE_ONCE(p->closed, true);
	complete(&p->release);
}

/* Holds the reader until the channel closes, or for a second at most. */
static void probe_packets(struct vp_vmbus_chan *ch)
{
	struct probe *p = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));
	u8 buf[64];

	complete(&p->reading);
	wait_for_completion_timeout(&p->release, HZ);
	if (READ_ONCE(p->closed))
		p->after_close++;
	while (vp_vmbus_recv(ch, buf, sizeof(buf), NULL) > 0)
		p->read++;
}

static struct vp_vsp_class probe_class = {
	.name = "kunit-server-probe",
	.if_type = GUID_INIT(0x7e57c1a5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10),
	.owner = THIS_MODULE,
	.max_pkt = 64,
	.add = probe_add,
	.open = probe_open,
	.close = probe_close,
	.packets = probe_packets,
};

/*
 * CLOSECHANNEL while the host reads the guest's ring: once the class's
 * @close has run, the class is done with the channel (vpart/vmbus.h), so
 * its @packets must not run after it.
 */
static void close_waits_for_reader(struct kunit *test)
{
	static const u8 ping[8] = "ping";
	struct fake *f = test->priv;
	struct probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	struct gchan ch;

	KUNIT_ASSERT_NOT_NULL(test, p);
	init_completion(&p->reading);
	init_completion(&p->release);
	KUNIT_ASSERT_EQ(test, vp_vmbus_register_class(&probe_class), 0);
	f->cls = &probe_class;
	KUNIT_ASSERT_GT(test, vp_vmbus_add_device(f->srv, probe_class.name, NULL, &p,
						  sizeof(p)), 0);
	connect(f, VP_VMBUS_VERSION_WIN10);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	chan_open(f, &ch, 1, HANDLE, 0, 0);
	guest_send(&ch.in, 1, ping, sizeof(ping));
	KUNIT_ASSERT_EQ(test, vp_vmbus_signal(f->srv, CONN(1), 0), 0);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&p->reading, 10 * HZ), 0);
	KUNIT_ASSERT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	KUNIT_EXPECT_EQ(test, p->after_close, 0);
	KUNIT_EXPECT_EQ(test, p->read, 1);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->open);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_torndown(f, HANDLE);
	expect_quiet(f);
}

/* ---- 7. back-pressure ---- */

static void backpressure(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int i;

	connect(f, VP_VMBUS_VERSION_WIN10);
	/* The guest stops taking messages: answers queue up to the backlog. */
	f->room = 0;
	for (i = 0; i < VP_VMBUS_OUTQ_BACKLOG; i++)
		KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + i), 0);
	KUNIT_EXPECT_EQ(test, f->srv->outq_len, VP_VMBUS_OUTQ_BACKLOG);
	expect_quiet(f);
	/* Past it the guest is told to retry, and the message is not taken. */
	KUNIT_EXPECT_EQ(test, teardown(f, 1, HANDLE + i), VP_HV_STATUS_INSUFFICIENT_BUFFERS);
	KUNIT_EXPECT_EQ(test, teardown(f, 1, HANDLE + i), VP_HV_STATUS_INSUFFICIENT_BUFFERS);
	KUNIT_EXPECT_EQ(test, f->srv->outq_len, VP_VMBUS_OUTQ_BACKLOG);
	KUNIT_EXPECT_EQ(test, f->srv->msgs_in, 1 + VP_VMBUS_OUTQ_BACKLOG);
	/* The slot freed once (EOM): the retry delivers first, then is taken. */
	f->room = 1;
	KUNIT_EXPECT_EQ(test, teardown(f, 1, HANDLE + i), 0);
	expect_torndown(f, HANDLE);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->outq_len, VP_VMBUS_OUTQ_BACKLOG);
	/* A SynIC that cannot take messages (-ENXIO) keeps them queued too. */
	f->full_err = -ENXIO;
	flush(f);
	KUNIT_EXPECT_EQ(test, f->srv->outq_len, VP_VMBUS_OUTQ_BACKLOG);
	expect_quiet(f);
	/* Room again: everything, in order. */
	f->room = -1;
	flush(f);
	for (i = 1; i <= VP_VMBUS_OUTQ_BACKLOG; i++)
		expect_torndown(f, HANDLE + i);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->outq_len, 0);
	KUNIT_EXPECT_EQ(test, f->srv->msgs_out, 2 + VP_VMBUS_OUTQ_BACKLOG);
	KUNIT_EXPECT_EQ(test, teardown(f, 1, HANDLE + 99), 0);
	expect_torndown(f, HANDLE + 99);
}

static void modify_channel(struct kunit *test)
{
	struct vp_chmsg_modify m = { .hdr.msgtype = VP_CHMSG_MODIFYCHANNEL, .child_relid = 1,
				     .target_vp = 2 };
	struct fake *f = test->priv;
	const struct vp_chmsg_modify_response *r;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_3, true, false);
	KUNIT_ASSERT_EQ(test, post(f, 1, &m, sizeof(m)), 0);
	r = expect_msg(f, VP_CHMSG_MODIFYCHANNEL_RESPONSE);
	KUNIT_EXPECT_EQ(test, r->child_relid, 1);
	KUNIT_EXPECT_EQ(test, r->status, 0);
	KUNIT_EXPECT_EQ(test, f->srv->chans[1]->target_vp, 2);
	m.target_vp = VPART_MAX_VCPUS;
	KUNIT_ASSERT_EQ(test, post(f, 1, &m, sizeof(m)), 0);
	r = expect_msg(f, VP_CHMSG_MODIFYCHANNEL_RESPONSE);
	KUNIT_EXPECT_NE(test, r->status, 0);
	m.child_relid = 9;
	m.target_vp = 0;
	KUNIT_ASSERT_EQ(test, post(f, 1, &m, sizeof(m)), 0);
	r = expect_msg(f, VP_CHMSG_MODIFYCHANNEL_RESPONSE);
	KUNIT_EXPECT_EQ(test, r->child_relid, 9);
	KUNIT_EXPECT_NE(test, r->status, 0);
	KUNIT_EXPECT_EQ(test, f->srv->chans[1]->target_vp, 2);
	/* Before 5.3 the guest does not wait for an answer, and gets none. */
	connect(f, VP_VMBUS_VERSION_WIN10_V5_2);
	m.child_relid = 1;
	m.target_vp = 1;
	KUNIT_ASSERT_EQ(test, post(f, 1, &m, sizeof(m)), 0);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->chans[1]->target_vp, 1);
}

/* ---- 8. message shapes ---- */

static int check(const void *m, u32 len, struct vp_chmsg_info *info)
{
	return vp_chmsg_check(m, len, info);
}

/* A GPADL header of @npfn PFNs in the message, the range fields as given. */
static int check_header(u8 *buf, u16 rangecount, u16 range_buflen, u32 byte_count,
			u32 byte_offset, u32 npfn, struct vp_chmsg_info *info)
{
	struct vp_chmsg_gpadl_header *h = (void *)buf;

	memset(buf, 0, VP_CHMSG_MAX + 16);
	h->hdr.msgtype = VP_CHMSG_GPADL_HEADER;
	h->child_relid = 1;
	h->gpadl = HANDLE;
	h->rangecount = rangecount;
	h->range_buflen = range_buflen;
	h->byte_count = byte_count;
	h->byte_offset = byte_offset;
	return check(buf, sizeof(*h) + npfn * 8, info);
}

static void chmsg_shapes(struct kunit *test)
{
	/* Guest->host types and their sizes (facts 3.2). */
	static const struct { u32 type, min; } guest[] = {
		{ VP_CHMSG_REQUESTOFFERS, 8 }, { VP_CHMSG_OPENCHANNEL, 148 },
		{ VP_CHMSG_CLOSECHANNEL, 12 }, { VP_CHMSG_GPADL_TEARDOWN, 16 },
		{ VP_CHMSG_RELID_RELEASED, 12 }, { VP_CHMSG_INITIATE_CONTACT, 40 },
		{ VP_CHMSG_UNLOAD, 8 }, { VP_CHMSG_MODIFYCHANNEL, 16 },
	};
	/* Host->guest only, unused, and past the end. */
	static const u32 refused[] = { 0, 1, 2, 4, 6, 10, 12, 15, 17, 18, 19, 20, 21, 23, 24,
				       25, 0xffffffff };
	u8 *buf = kunit_kzalloc(test, VP_CHMSG_MAX + 16, GFP_KERNEL);
	struct vp_chmsg_hdr *hdr = (void *)buf;
	struct vp_chmsg_info info;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(guest); i++) {
		hdr->msgtype = guest[i].type;
		KUNIT_EXPECT_EQ(test, check(buf, guest[i].min, &info), 0);
		KUNIT_EXPECT_EQ(test, info.type, guest[i].type);
		KUNIT_EXPECT_EQ(test, check(buf, VP_CHMSG_MAX, &info), 0);
		KUNIT_EXPECT_EQ_MSG(test, check(buf, guest[i].min - 1, &info), -EINVAL,
				    "type %u", guest[i].type);
		KUNIT_EXPECT_EQ(test, check(buf, VP_CHMSG_MAX + 1, &info), -EINVAL);
	}
	hdr->msgtype = VP_CHMSG_REQUESTOFFERS;
	KUNIT_EXPECT_EQ(test, check(buf, 0, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check(buf, 4, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check(buf, 7, &info), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		hdr->msgtype = refused[i];
		KUNIT_EXPECT_EQ_MSG(test, check(buf, VP_CHMSG_MAX, &info), -EINVAL,
				    "type %u", refused[i]);
	}

	/* GPADL headers: one range of whole pages, PFNs counted right. */
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 4096, 0, 1, &info), 0);
	KUNIT_EXPECT_EQ(test, info.pfns, 1);
	KUNIT_EXPECT_EQ(test, info.total_pfns, 1);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 8 + 8 * 40, 40 * 4096, 0, HDR_PFNS, &info), 0);
	KUNIT_EXPECT_EQ(test, info.pfns, HDR_PFNS);
	KUNIT_EXPECT_EQ(test, info.total_pfns, 40);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 1, 4095, 1, &info), 0);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 0xfff8, MAX_WIRE_PAGES * 4096, 0, HDR_PFNS,
					   &info), 0);
	KUNIT_EXPECT_EQ(test, info.total_pfns, MAX_WIRE_PAGES);
	KUNIT_EXPECT_EQ(test, check_header(buf, 0, 16, 4096, 0, 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 2, 16, 4096, 0, 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 8, 4096, 0, 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 12, 4096, 0, 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 20, 4096, 0, 1, &info), -EINVAL);
	/* More PFNs than the range has, or a short header that leaves some to bodies. */
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 4096, 0, 2, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 8 + 8 * 3, 3 * 4096, 0, 2, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 4096, 0, 0, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 4096, 4096, 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 0, 0, 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 4097, 0, 1, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_header(buf, 1, 16, 4096, 1, 1, &info), -EINVAL);
	/* PFNs are whole. */
	check_header(buf, 1, 16, 4096, 0, 1, &info);
	KUNIT_EXPECT_EQ(test, check(buf, sizeof(struct vp_chmsg_gpadl_header) + 12, &info),
			-EINVAL);

	/* GPADL bodies: 1 to 28 whole PFNs. */
	memset(buf, 0, VP_CHMSG_MAX + 16);
	hdr->msgtype = VP_CHMSG_GPADL_BODY;
	KUNIT_EXPECT_EQ(test, check(buf, 16 + 8, &info), 0);
	KUNIT_EXPECT_EQ(test, info.pfns, 1);
	KUNIT_EXPECT_EQ(test, check(buf, 16 + 8 * BODY_PFNS, &info), 0);
	KUNIT_EXPECT_EQ(test, info.pfns, BODY_PFNS);
	KUNIT_EXPECT_EQ(test, check(buf, 16 + 8 * (BODY_PFNS + 1), &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check(buf, 16, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, check(buf, 16 + 12, &info), -EINVAL);
}

static void versions_and_ic_replies(struct kunit *test)
{
	static const u32 unknown[] = { 0, 0x0000000d, 0x00010001, 0x00020003, 0x00040002,
				       0x00050004, 0x00060000, 0xffffffff };
	struct vp_ic_negotiate n = {
		.hdr.msgtype = VP_IC_MSG_NEGOTIATE,
		.hdr.flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE,
		.frame_count = 1,
		.msg_count = 1,
		.v = { { 3, 0 }, { 3, 2 } },
	};
	const u32 nlen = offsetof(struct vp_ic_negotiate, v[2]);
	struct vp_ic_version fw = {}, sv = {};
	unsigned int i;

	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN8));
	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN8_1));
	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN10));
	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN10_V4_1));
	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN10_V5));
	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN10_V5_1));
	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN10_V5_2));
	KUNIT_EXPECT_TRUE(test, vp_vmbus_version_ok(VP_VMBUS_VERSION_WIN10_V5_3));
	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		KUNIT_EXPECT_FALSE_MSG(test, vp_vmbus_version_ok(unknown[i]), "%#x", unknown[i]);

	/* A reply: TRANSACTION | RESPONSE, the request's type, long enough. */
	KUNIT_EXPECT_EQ(test, vp_ic_check_reply(&n, 28, VP_IC_MSG_NEGOTIATE, 28), 0);
	KUNIT_EXPECT_EQ(test, vp_ic_check_reply(&n, 27, VP_IC_MSG_NEGOTIATE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ic_check_reply(&n, 28, VP_IC_MSG_NEGOTIATE, 36), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ic_check_reply(&n, 28, VP_IC_MSG_HEARTBEAT, 28), -EINVAL);
	n.hdr.flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_REQUEST;
	KUNIT_EXPECT_EQ(test, vp_ic_check_reply(&n, 28, VP_IC_MSG_NEGOTIATE, 28), -EINVAL);
	n.hdr.flags = VP_IC_FLAG_RESPONSE;
	KUNIT_EXPECT_EQ(test, vp_ic_check_reply(&n, 28, VP_IC_MSG_NEGOTIATE, 28), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ic_negotiated(&n, nlen, &fw, &sv), -EINVAL);

	/* The versions at @36 and @40, whatever the host had listed. */
	n.hdr.flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE;
	KUNIT_EXPECT_EQ(test, vp_ic_negotiated(&n, nlen, &fw, &sv), 0);
	KUNIT_EXPECT_EQ(test, fw.major, 3);
	KUNIT_EXPECT_EQ(test, fw.minor, 0);
	KUNIT_EXPECT_EQ(test, sv.major, 3);
	KUNIT_EXPECT_EQ(test, sv.minor, 2);
	KUNIT_EXPECT_EQ(test, vp_ic_negotiated(&n, nlen - 1, &fw, &sv), -EINVAL);
	n.frame_count = 0;
	n.msg_count = 0;
	KUNIT_EXPECT_EQ(test, vp_ic_negotiated(&n, nlen, &fw, &sv), -ENOENT);
	n.frame_count = 2;
	n.msg_count = 1;
	KUNIT_EXPECT_EQ(test, vp_ic_negotiated(&n, nlen, &fw, &sv), -ENOENT);
}

static struct kunit_case server_cases[] = {
	KUNIT_CASE(version_negotiation),
	KUNIT_CASE(contact_refusals),
	KUNIT_CASE(nothing_before_contact),
	KUNIT_CASE(offers),
	KUNIT_CASE(hot_add_and_rescind),
	KUNIT_CASE(device_errors),
	KUNIT_CASE(gpadl_create_and_teardown),
	KUNIT_CASE(gpadl_interleaved),
	KUNIT_CASE(gpadl_not_ram),
	KUNIT_CASE(gpadl_refusals),
	KUNIT_CASE(gpadl_count_limit),
	KUNIT_CASE(gpadl_pin_limit),
	KUNIT_CASE(open_channel),
	KUNIT_CASE(open_refusals),
	KUNIT_CASE(close_and_teardown),
	KUNIT_CASE(teardown_while_open),
	KUNIT_CASE(rescind_open_channel),
	KUNIT_CASE(signal_checks),
	KUNIT_CASE(ic_heartbeat),
	KUNIT_CASE(ic_shutdown),
	KUNIT_CASE(ic_no_common_version),
	KUNIT_CASE(ic_timesync),
	KUNIT_CASE(broken_guest_ring),
	KUNIT_CASE(unload_resets),
	KUNIT_CASE(contact_resets),
	KUNIT_CASE(reset_answers_nothing_old),
	KUNIT_CASE(close_waits_for_reader),
	KUNIT_CASE(backpressure),
	KUNIT_CASE(modify_channel),
	KUNIT_CASE(chmsg_shapes),
	KUNIT_CASE(versions_and_ic_replies),
	{}
};

static struct kunit_suite server_suite = {
	.name = "vpart_vmbus_server",
	.init = server_test_init,
	.exit = server_test_exit,
	.test_cases = server_cases,
};

kunit_test_suite(server_suite);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(VP_NS_VMBUS);
