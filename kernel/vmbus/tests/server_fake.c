// SPDX-License-Identifier: GPL-2.0
/*
 * The fake partition of the vpart_vmbus_server_* suites (server_fake.h):
 * its port, its RAM and the messages it captured, and the guest's channel
 * messages, offers and GPADLs.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include "server_fake.h"

static int fake_post(void *hv, u32 vp, u32 sint, u32 type, const void *msg, u32 len)
{
	struct fake *f = hv;
	struct rec *r;
	int ret = 0;

	if (len > VP_CHMSG_MAX)
		return -EINVAL;
	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	*r = (struct rec){ .vp = vp, .sint = sint, .type = type, .len = len };
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

int fake_init(struct kunit *test)
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
void fake_exit(struct kunit *test)
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

u16 post(struct fake *f, u32 conn, const void *msg, u32 len)
{
	return vp_vmbus_post(f->srv, 0, conn, VP_HV_MSG_TYPE_VMBUS, msg, len);
}

u16 post_hdr(struct fake *f, u32 type)
{
	struct vp_chmsg_hdr m = { .msgtype = type };

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

u16 post_relid(struct fake *f, u32 type, u32 relid)
{
	struct vp_chmsg_relid m = { .hdr.msgtype = type, .child_relid = relid };

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

/* The size of each host->guest message; the others are a bare header. */
static const u32 host_msg_lens[] = {
	[VP_CHMSG_OFFERCHANNEL] = sizeof(struct vp_chmsg_offer),
	[VP_CHMSG_RESCIND_CHANNELOFFER] = sizeof(struct vp_chmsg_relid),
	[VP_CHMSG_OPENCHANNEL_RESULT] = sizeof(struct vp_chmsg_open_result),
	[VP_CHMSG_GPADL_CREATED] = sizeof(struct vp_chmsg_gpadl_created),
	[VP_CHMSG_GPADL_TORNDOWN] = sizeof(struct vp_chmsg_gpadl_torndown),
	[VP_CHMSG_VERSION_RESPONSE] = sizeof(struct vp_chmsg_version_response),
	[VP_CHMSG_MODIFYCHANNEL_RESPONSE] = sizeof(struct vp_chmsg_modify_response),
};

static u32 host_msg_len(u32 type)
{
	if (type < ARRAY_SIZE(host_msg_lens) && host_msg_lens[type])
		return host_msg_lens[type];
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
const void *expect_msg(struct fake *f, u32 type)
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

void expect_quiet(struct fake *f)
{
	const struct rec *r = take(f);

	KUNIT_EXPECT_TRUE_MSG(f->test, !r, "unexpected message of type %u",
			      r ? ((const struct vp_chmsg_hdr *)r->data)->msgtype : 0);
}

void expect_rescind(struct fake *f, u32 relid)
{
	const struct vp_chmsg_relid *r = expect_msg(f, VP_CHMSG_RESCIND_CHANNELOFFER);

	KUNIT_EXPECT_EQ(f->test, r->child_relid, relid);
}

u16 contact(struct fake *f, u32 version, u32 conn, u32 vp, u8 sint)
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

u32 conn_for(u32 version)
{
	return version >= VP_VMBUS_VERSION_WIN10_V5 ? VP_VMBUS_CONN_MESSAGE_V5 :
	       VP_VMBUS_CONN_MESSAGE;
}

void expect_version(struct fake *f, bool supported)
{
	const struct vp_chmsg_version_response *r = expect_msg(f, VP_CHMSG_VERSION_RESPONSE);

	KUNIT_EXPECT_EQ(f->test, r->version_supported, supported);
	KUNIT_EXPECT_EQ(f->test, r->connection_state, 0);
	if (supported)
		KUNIT_EXPECT_EQ(f->test, r->msg_conn_id, VP_VMBUS_CONN_MESSAGE);
}

void connect(struct fake *f, u32 version)
{
	KUNIT_ASSERT_EQ(f->test, contact(f, version, conn_for(version), MSG_VP,
					 VP_VMBUS_MESSAGE_SINT), 0);
	expect_version(f, true);
	KUNIT_ASSERT_EQ(f->test, f->srv->version, version);
}

/* ---- devices and offers ---- */

/* The ICs' classes, interface GUIDs and Hyper-V's instance GUIDs in wire order (IC facts 2). */
static const struct {
	const char *cls;
	u8 type[16], inst[16];
} ics[] = {
	{ "heartbeat",
	  { 0x39, 0x4f, 0x16, 0x57, 0x15, 0x91, 0x78, 0x4e,
	    0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d },
	  { 0x91, 0x9e, 0x14, 0xfd, 0xe0, 0x82, 0x7d, 0x4a,
	    0xaf, 0xa6, 0x2a, 0x41, 0x66, 0xcb, 0xd7, 0xc0 } },
	{ "shutdown",
	  { 0x31, 0x60, 0x0b, 0x0e, 0x13, 0x52, 0x34, 0x49,
	    0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb },
	  { 0xf7, 0x0f, 0x65, 0xb6, 0xbc, 0x33, 0x40, 0x48,
	    0x80, 0x48, 0xe0, 0x67, 0x67, 0x86, 0xf3, 0x93 } },
	{ "timesync",
	  { 0x30, 0xe6, 0x27, 0x95, 0xae, 0xd0, 0x7b, 0x49,
	    0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf },
	  { 0x17, 0xce, 0xd1, 0x2d, 0x9e, 0x07, 0x3c, 0x40,
	    0xb3, 0x52, 0xa1, 0x92, 0x1e, 0xe2, 0x07, 0xee } },
};

u32 add_dev(struct fake *f, const char *cls, const u8 *inst)
{
	int id = vp_vmbus_add_device(f->srv, cls, inst, NULL, 0);

	KUNIT_ASSERT_GT_MSG(f->test, id, 0, "adding a %s device", cls);
	return id;
}

/* @ic: one of IC_HB, IC_SD and IC_TS. */
u32 add_ic(struct fake *f, u32 ic)
{
	return add_dev(f, ics[__ffs(ic)].cls, ic_inst(ic));
}

const u8 *ic_inst(u32 ic)
{
	return ics[__ffs(ic)].inst;
}

void expect_offer(struct fake *f, u32 relid, u32 ic)
{
	const struct vp_chmsg_offer *o = expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	struct kunit *test = f->test;

	KUNIT_EXPECT_EQ(test, memcmp(o->if_type, ics[__ffs(ic)].type, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(o->if_instance, ic_inst(ic), 16), 0);
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

/* REQUESTOFFERS: the ICs in @ics from relid 1 on, then ALLOFFERS_DELIVERED. */
void request_offers(struct fake *f, u32 ics)
{
	u32 relid = 1, ic;

	KUNIT_ASSERT_EQ(f->test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	for (ic = IC_HB; ic <= IC_TS; ic <<= 1)
		if (ics & ic)
			expect_offer(f, relid++, ic);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
}

/* A connected guest that has the offers of the ICs in @ics. */
void setup(struct fake *f, u32 version, u32 ics)
{
	u32 ic;

	for (ic = IC_HB; ic <= IC_TS; ic <<= 1)
		if (ics & ic)
			add_ic(f, ic);
	connect(f, version);
	request_offers(f, ics);
}

struct vpart_vmbus_status *ic_status(struct fake *f)
{
	struct vpart_vmbus_status *st = kunit_kzalloc(f->test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(f->test, st);
	mutex_lock(&f->srv->lock);
	vp_ic_status(f->srv, st);
	mutex_unlock(&f->srv->lock);
	return st;
}

/* ---- GPADLs ---- */

u16 post_header(struct fake *f, u32 relid, u32 handle, u32 total, const u64 *gfns,
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

u16 post_body(struct fake *f, u32 handle, const u64 *gfns, u32 n)
{
	u8 buf[VP_CHMSG_MAX + 8] = {};
	struct vp_chmsg_gpadl_body *b = (void *)buf;

	b->hdr.msgtype = VP_CHMSG_GPADL_BODY;
	b->gpadl = handle;
	memcpy(b->pfn, gfns, n * sizeof(u64));
	return post(f, VP_VMBUS_CONN_MESSAGE, buf, sizeof(*b) + n * sizeof(u64));
}

void fill_gfns(u64 *gfns, u64 first, u32 n)
{
	while (n--)
		*gfns++ = first++;
}

/* The header of a GPADL of @total pages from gfn @first, with as many as fit. */
void send_header(struct fake *f, u32 relid, u32 handle, u64 first, u32 total)
{
	u64 gfns[HDR_PFNS];
	u32 n = min_t(u32, total, HDR_PFNS);

	fill_gfns(gfns, first, n);
	KUNIT_ASSERT_EQ(f->test, post_header(f, relid, handle, total, gfns, n, 0), 0);
}

/* A body of @n pages from gfn @first. */
void send_body(struct fake *f, u32 handle, u64 first, u32 n)
{
	u64 gfns[BODY_PFNS];

	KUNIT_ASSERT_LE(f->test, n, BODY_PFNS);
	fill_gfns(gfns, first, n);
	KUNIT_ASSERT_EQ(f->test, post_body(f, handle, gfns, n), 0);
}

/* Linux's vmbus_establish_gpadl(): @total pages from gfn @first, header then bodies. */
void gpadl_send(struct fake *f, u32 relid, u32 handle, u64 first, u32 total)
{
	u32 done, n;

	send_header(f, relid, handle, first, total);
	for (done = min_t(u32, total, HDR_PFNS); done < total; done += n) {
		n = min_t(u32, total - done, BODY_PFNS);
		send_body(f, handle, first + done, n);
	}
}

void expect_created(struct fake *f, u32 relid, u32 handle, u32 status)
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

void gpadl_create(struct fake *f, u32 relid, u32 handle, u64 first, u32 total)
{
	gpadl_send(f, relid, handle, first, total);
	expect_created(f, relid, handle, 0);
}

u16 teardown(struct fake *f, u32 relid, u32 handle)
{
	struct vp_chmsg_gpadl_teardown m = {
		.hdr.msgtype = VP_CHMSG_GPADL_TEARDOWN,
		.child_relid = relid,
		.gpadl = handle,
	};

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

void expect_torndown(struct fake *f, u32 handle)
{
	const struct vp_chmsg_gpadl_torndown *t = expect_msg(f, VP_CHMSG_GPADL_TORNDOWN);

	KUNIT_ASSERT_EQ(f->test, t->gpadl, handle);
}

/* GPADL_TEARDOWN, answered at once. */
void gpadl_teardown(struct fake *f, u32 relid, u32 handle)
{
	KUNIT_ASSERT_EQ(f->test, teardown(f, relid, handle), 0);
	expect_torndown(f, handle);
}

/* References the server holds on fake RAM, over all pages. */
unsigned int held(struct fake *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < RAM_PAGES; i++)
		n += page_ref_count(f->ram[i]) - 1;
	return n;
}

struct vp_gpadl *find_gpadl(struct fake *f, u32 handle)
{
	struct vp_gpadl *g;

	list_for_each_entry(g, &f->srv->gpadls, node)
		if (g->handle == handle)
			return g;
	return NULL;
}

int fake_class_open(struct vp_vmbus_chan *ch)
{
	return 0;
}

void fake_class_close(struct vp_vmbus_chan *ch)
{
}

bool fake_class_drain(struct vp_vmbus_chan *ch)
{
	u8 buf[64];

	while (vp_vmbus_recv(ch, buf, sizeof(buf), NULL) > 0)
		;
	return false;
}

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(VP_NS_VMBUS);
