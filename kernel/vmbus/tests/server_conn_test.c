// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_server_conn: a guest's connection to the VMBus
 * server of the fake partition (server_fake.h): version negotiation,
 * offers, devices coming and going, unload and reconnect, back-pressure
 * on the message slot, and the shapes of what a guest may send.
 */
#include <kunit/test.h>
#include "server_fake.h"

/* What Linux 6.1 tries, newest first; the server knows exactly these. */
static const u32 linux_versions[] = {
	VP_VMBUS_VERSION_WIN10_V5_3, VP_VMBUS_VERSION_WIN10_V5_2,
	VP_VMBUS_VERSION_WIN10_V5_1, VP_VMBUS_VERSION_WIN10_V5,
	VP_VMBUS_VERSION_WIN10_V4_1, VP_VMBUS_VERSION_WIN10,
	VP_VMBUS_VERSION_WIN8_1, VP_VMBUS_VERSION_WIN8,
};

/* ---- version negotiation ---- */

static void version_negotiation(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int i;

	/* Each is accepted where it is asked. */
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

	add_ic(f, IC_HB);
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

/* ---- offers and devices ---- */

static void offers(struct kunit *test)
{
	struct fake *f = test->priv;

	KUNIT_EXPECT_EQ(test, add_ic(f, IC_HB), 1);
	KUNIT_EXPECT_EQ(test, add_ic(f, IC_SD), 2);
	connect(f, VP_VMBUS_VERSION_WIN10);
	expect_quiet(f);	/* offers wait for REQUESTOFFERS */
	request_offers(f, IC_HB | IC_SD);
	expect_quiet(f);
	KUNIT_EXPECT_TRUE(test, f->srv->offers_requested);
	/* Asked again: nothing is offered twice in one connection. */
	request_offers(f, 0);
	expect_quiet(f);
}

static void hot_add_and_rescind(struct kunit *test)
{
	struct fake *f = test->priv;
	u32 id;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_2, IC_HB);
	/* Hot-add: offered at once, without another ALLOFFERS_DELIVERED. */
	id = add_ic(f, IC_SD);
	expect_offer(f, 2, IC_SD);
	expect_quiet(f);

	/* Remove: rescinded, but it stays until the guest releases the relid. */
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, id), 0);
	expect_rescind(f, 2);
	KUNIT_EXPECT_EQ(test, f->srv->ndevs, 2);
	KUNIT_ASSERT_NOT_NULL(test, f->srv->chans[2]);
	KUNIT_EXPECT_TRUE(test, f->srv->chans[2]->rescinded);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, id), -EALREADY);
	/* A rescinded channel cannot be opened, nor is it offered again. */
	gpadl_create(f, 2, HANDLE, 0, RING_PAGES);
	open_fails(f, 2, HANDLE, RING_DOWN, 0);
	request_offers(f, 0);
	gpadl_teardown(f, 2, HANDLE);

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
	add_ic(f, IC_TS);
	expect_offer(f, 2, IC_TS);
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
	id = add_ic(f, IC_HB);
	KUNIT_EXPECT_EQ(test, vp_vmbus_add_device(f->srv, "shutdown", ic_inst(IC_HB), NULL, 0),
			-EEXIST);
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

/* ---- unload and reconnect ---- */

static void flush(struct fake *f)
{
	mutex_lock(&f->srv->lock);
	vp_vmbus_flush(f->srv);
	mutex_unlock(&f->srv->lock);
}

/* Nothing of the old connection is left, but the devices (heartbeat and shutdown). */
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

/* A contact without UNLOAD (kexec): the old connection goes, the devices are offered again. */
static void reconnect(struct fake *f)
{
	connect(f, VP_VMBUS_VERSION_WIN10_V5_3);
	expect_quiet(f);
	expect_reset(f);
	request_offers(f, IC_HB | IC_SD);
}

static void unload_resets(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10_V4_1, IC_HB | IC_SD);
	gpadl_create(f, 2, HANDLE + 1, 8, 40);
	send_header(f, 2, HANDLE + 2, 8, 40);
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
	request_offers(f, IC_HB | IC_SD);
	expect_quiet(f);
}

static void contact_resets(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_HB | IC_SD);
	gpadl_create(f, 2, HANDLE + 1, 8, 40);
	reconnect(f);
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

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_HB | IC_SD);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE), 0);
	expect_quiet(f);
	reconnect(f);

	chan_open(f, &ch, 1, HANDLE + 1, 8, 0);
	KUNIT_ASSERT_EQ(test, teardown(f, 1, HANDLE + 1), 0);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_UNLOAD), 0);
	expect_msg(f, VP_CHMSG_UNLOAD_RESPONSE);
	expect_quiet(f);
	expect_reset(f);
}

/* ---- back-pressure ---- */

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

/* MODIFYCHANNEL and the answer it must get. */
static const struct vp_chmsg_modify_response *modify(struct fake *f,
						      const struct vp_chmsg_modify *m)
{
	KUNIT_ASSERT_EQ(f->test, post(f, 1, m, sizeof(*m)), 0);
	return expect_msg(f, VP_CHMSG_MODIFYCHANNEL_RESPONSE);
}

static void modify_channel(struct kunit *test)
{
	struct vp_chmsg_modify m = { .hdr.msgtype = VP_CHMSG_MODIFYCHANNEL, .child_relid = 1,
				     .target_vp = 2 };
	struct fake *f = test->priv;
	const struct vp_chmsg_modify_response *r;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_3, IC_HB);
	r = modify(f, &m);
	KUNIT_EXPECT_EQ(test, r->child_relid, 1);
	KUNIT_EXPECT_EQ(test, r->status, 0);
	KUNIT_EXPECT_EQ(test, f->srv->chans[1]->target_vp, 2);
	m.target_vp = VPART_MAX_VCPUS;
	r = modify(f, &m);
	KUNIT_EXPECT_NE(test, r->status, 0);
	m.child_relid = 9;
	m.target_vp = 0;
	r = modify(f, &m);
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

/* ---- message shapes ---- */

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

	for (i = 0; i < ARRAY_SIZE(linux_versions); i++)
		KUNIT_EXPECT_TRUE_MSG(test, vp_vmbus_version_ok(linux_versions[i]), "%#x",
				      linux_versions[i]);
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

static struct kunit_case conn_cases[] = {
	KUNIT_CASE(version_negotiation),
	KUNIT_CASE(contact_refusals),
	KUNIT_CASE(nothing_before_contact),
	KUNIT_CASE(offers),
	KUNIT_CASE(hot_add_and_rescind),
	KUNIT_CASE(device_errors),
	KUNIT_CASE(unload_resets),
	KUNIT_CASE(contact_resets),
	KUNIT_CASE(reset_answers_nothing_old),
	KUNIT_CASE(backpressure),
	KUNIT_CASE(modify_channel),
	KUNIT_CASE(chmsg_shapes),
	KUNIT_CASE(versions_and_ic_replies),
	{}
};

SERVER_SUITE(conn);
