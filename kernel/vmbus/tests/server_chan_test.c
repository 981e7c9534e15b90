// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_server_chan: channels against the fake partition
 * (server_fake.h): opening and closing, signals, both rings, the
 * integration services as hv_utils answers them, a guest that breaks its
 * ring, and the order of a VSP class's callbacks.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/timekeeping.h>
#include "server_fake.h"

/* ---- open and close ---- */

static void open_channel(struct kunit *test)
{
	struct fake *f = test->priv;
	const struct vp_ic_negotiate *n;
	struct gchan ch;

	setup(f, VP_VMBUS_VERSION_WIN10_V5_2, IC_HB);
	chan_open(f, &ch, 1, HANDLE, 0, 1);
	KUNIT_EXPECT_EQ(test, f->srv->chans[1]->ring->users, 1);
	/* The NEGOTIATE is in the host->guest ring already: 16 + 52 bytes, padded, trailer. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&ch.out)->write_index), 80);
	n = ic_request(f, &ch, VP_IC_MSG_NEGOTIATE);
	KUNIT_EXPECT_EQ(test, ch.plen, 56);
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
	struct gchan hb, bad, sd;
	struct vp_gpadl *ring;
	u64 gfns[RING_PAGES];

	add_ic(f, IC_HB);
	add_ic(f, IC_SD);
	connect(f, VP_VMBUS_VERSION_WIN10);
	/* Before its offer a channel is not the guest's to open. */
	chan_init(f, &hb, 1, 0, RING_DOWN);
	gpadl_create(f, 1, HANDLE, 0, RING_PAGES);
	open_fails(f, 1, HANDLE, RING_DOWN, 0);
	request_offers(f, IC_HB | IC_SD);

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
	send_header(f, 1, HANDLE + 1, 8, 40);
	open_fails(f, 1, HANDLE + 1, RING_DOWN, 0);
	/* A ring that does not start at a page boundary. */
	fill_gfns(gfns, 16, RING_PAGES);
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE + 2, RING_PAGES, gfns, RING_PAGES, 8), 0);
	expect_created(f, 1, HANDLE + 2, 0);
	open_fails(f, 1, HANDLE + 2, RING_DOWN, 0);
	/* Control pages with indices no ring can have. */
	chan_init(f, &bad, 1, 24, RING_DOWN);
	gctrl(&bad.in)->write_index = 5;
	gpadl_create(f, 1, HANDLE + 3, 24, RING_PAGES);
	open_fails(f, 1, HANDLE + 3, RING_DOWN, 0);
	gctrl(&bad.in)->write_index = 0;
	gctrl(&bad.out)->read_index = RING_DATA;
	open_fails(f, 1, HANDLE + 3, RING_DOWN, 0);

	/* None of that opened anything or wrote to a ring. */
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_FALSE(test, f->srv->chans[2]->open);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->signals[1]), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&hb.out)->write_index), 0);
	ring = find_gpadl(f, HANDLE);
	KUNIT_ASSERT_NOT_NULL(test, ring);
	KUNIT_EXPECT_EQ(test, ring->users, 0);

	/* The good one opens, and only once. */
	open_ok(f, 1, HANDLE, RING_DOWN, 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&hb.out)->write_index), 80);
	open_fails(f, 1, HANDLE, RING_DOWN, 0);
	KUNIT_EXPECT_TRUE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&hb.out)->write_index), 80);
	KUNIT_EXPECT_EQ(test, ring->users, 1);
	/* The smallest rings: one data page each way (shutdown's NEGOTIATE is 88 bytes). */
	chan_init(f, &sd, 2, 32, 2);
	gpadl_create(f, 2, HANDLE + 4, 32, 4);
	open_ok(f, 2, HANDLE + 4, 2, 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gctrl(&sd.out)->write_index), 88);
	expect_quiet(f);
}

static void close_and_teardown(struct kunit *test)
{
	struct fake *f = test->priv;
	struct ic_nego ng;
	struct gchan ch;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_HB);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	expect_quiet(f);	/* CLOSECHANNEL has no answer */
	KUNIT_EXPECT_FALSE(test, f->srv->chans[1]->open);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_NONE);
	/* The ring's pages stay the guest's GPADL until it tears it down. */
	KUNIT_EXPECT_EQ(test, held(f), RING_PAGES);
	KUNIT_ASSERT_NOT_NULL(test, find_gpadl(f, HANDLE));
	KUNIT_EXPECT_EQ(test, find_gpadl(f, HANDLE)->users, 0);
	gpadl_teardown(f, 1, HANDLE);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	/* Closing what is not open is harmless. */
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 1), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 9), 0);
	KUNIT_EXPECT_EQ(test, post_relid(f, VP_CHMSG_CLOSECHANNEL, 0xffffffff), 0);
	expect_quiet(f);

	/* Opened again on fresh rings, the service starts over. */
	chan_open(f, &ch, 1, HANDLE + 1, 8, 0);
	KUNIT_EXPECT_EQ(test, guest_negotiate(f, &ch, IC_HB, true, &ng), 2);
	KUNIT_EXPECT_EQ(test, ng.picked.major, 3);
	expect_quiet(f);
}

static void teardown_while_open(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_HB);
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

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10_V5_3, IC_HB);
	KUNIT_EXPECT_EQ(test, vp_vmbus_remove_device(f->srv, 1), 0);
	expect_rescind(f, 1);
	/* The guest closes and tears down in its own time (facts 3.7). */
	KUNIT_EXPECT_TRUE(test, f->srv->chans[1]->open);
	close_chan(f, 1, HANDLE);
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

	setup(f, VP_VMBUS_VERSION_WIN10, IC_HB | IC_SD);
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

/* ---- integration services ---- */

static void ic_heartbeat(struct kunit *test)
{
	struct fake *f = test->priv;
	struct vpart_vmbus_status *st;
	struct vp_ic_heartbeat *hb;
	struct ic_nego ng;
	struct gchan ch;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10_V5_3, IC_HB);
	KUNIT_EXPECT_EQ(test, guest_negotiate(f, &ch, IC_HB, true, &ng), 2);
	KUNIT_EXPECT_EQ(test, ng.picked.major, 3);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_WAITING);
	/* Ready: the first ping follows at once, from the service's own work. */
	KUNIT_ASSERT_TRUE_MSG(test, guest_wait(&ch.out, 5000), "no heartbeat request");
	hb = ic_request(f, &ch, VP_IC_MSG_HEARTBEAT);
	KUNIT_EXPECT_EQ(test, ch.plen, 72);	/* 68 bytes, padded */
	KUNIT_EXPECT_EQ(test, hb->seq, 1);
	KUNIT_EXPECT_EQ(test, ic_status(f)->heartbeat, VPART_HEARTBEAT_WAITING);
	/* hv_utils answers seq + 1 in place. */
	hb->seq++;
	ic_answer(f, &ch);
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
	struct vp_ic_shutdown *sd;
	struct ic_nego ng;
	struct gchan ch;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_SD);
	/* Not before the versions are agreed. */
	KUNIT_EXPECT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_POWEROFF), -EAGAIN);
	KUNIT_ASSERT_EQ(test, guest_negotiate(f, &ch, IC_SD, true, &ng), 4);
	KUNIT_EXPECT_EQ(test, ng.offered[3].major, 3);
	KUNIT_EXPECT_EQ(test, ng.offered[3].minor, 2);
	KUNIT_EXPECT_EQ(test, ng.picked.minor, 2);
	KUNIT_EXPECT_FALSE(test, guest_wait(&ch.out, 100));	/* shutdown has no ping */
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_NONE);

	KUNIT_ASSERT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_POWEROFF), 0);
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_SENT);
	/* One request at a time. */
	KUNIT_EXPECT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_REBOOT), -EAGAIN);
	sd = ic_request(f, &ch, VP_IC_MSG_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, ch.plen + 16, 2104);
	KUNIT_EXPECT_EQ(test, sd->flags, 0);
	KUNIT_EXPECT_EQ(test, sd->reason, 0x80000000);
	KUNIT_EXPECT_EQ(test, sd->timeout, 0);
	sd->hdr.status = VP_IC_S_OK;
	ic_answer(f, &ch);
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_ACCEPTED);

	/* A reboot the guest refuses. */
	KUNIT_ASSERT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_REBOOT), 0);
	sd = ic_request(f, &ch, VP_IC_MSG_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, sd->flags, 2);
	sd->hdr.status = VP_IC_E_FAIL;
	ic_answer(f, &ch);
	KUNIT_EXPECT_EQ(test, ic_status(f)->shutdown, VPART_SHUTDOWN_REFUSED);
	expect_quiet(f);
}

static void ic_no_common_version(struct kunit *test)
{
	struct fake *f = test->priv;
	struct ic_nego ng;
	struct vp_ic_hdr junk = {
		.pipe_flags = VP_IC_PIPE_DATA,
		.pipe_msgsize = sizeof(junk) - 8,
		.msgtype = VP_IC_MSG_NEGOTIATE,
		.flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_REQUEST,
	};
	struct gchan ch;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_SD);
	/* Not an answer (a request): ignored. */
	guest_send(&ch.in, 0, &junk, sizeof(junk));
	guest_signal(f, &ch);
	/* Linux's "no match": counts of 0. The service never becomes ready. */
	guest_negotiate(f, &ch, IC_SD, false, &ng);
	KUNIT_EXPECT_EQ(test, vp_ic_shutdown(f->srv, VPART_SHUTDOWN_POWEROFF), -EAGAIN);
	KUNIT_EXPECT_FALSE(test, guest_wait(&ch.out, 100));
	expect_quiet(f);
}

/* 100 ns units from 1601 to 1970 (Windows FILETIME). */
#define FILETIME_1970	116444736000000000ULL

static void ic_timesync(struct kunit *test)
{
	struct fake *f = test->priv;
	struct vp_ic_timesync *ts;
	struct ic_nego ng;
	struct gchan ch;
	s64 now, skew;

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_TS);
	KUNIT_ASSERT_EQ(test, guest_negotiate(f, &ch, IC_TS, true, &ng), 1);
	KUNIT_EXPECT_EQ(test, ng.picked.major, 4);
	/* Ready: the host's clock at once, stamped with the partition's reference time. */
	KUNIT_ASSERT_TRUE_MSG(test, guest_wait(&ch.out, 5000), "no time sample");
	ts = ic_request(f, &ch, VP_IC_MSG_TIMESYNC);
	KUNIT_EXPECT_EQ(test, ch.plen, 56);	/* 52 bytes, padded */
	KUNIT_EXPECT_EQ(test, ts->flags, VP_IC_TIMESYNC_SYNC);
	KUNIT_EXPECT_EQ(test, ts->vm_reference_time, 1);
	now = ktime_get_real_ns() / 100 + FILETIME_1970;
	skew = now - (s64)ts->parent_time;
	KUNIT_EXPECT_TRUE_MSG(test, skew >= 0 && skew < 600LL * 10000000,
			      "parent_time %llu is not the host's UTC", ts->parent_time);
	KUNIT_EXPECT_EQ(test, ic_status(f)->timesync_samples, 0);
	ic_answer(f, &ch);
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

	setup_open(f, &ch, VP_VMBUS_VERSION_WIN10, IC_HB);
	/* The payload would start past the packet's end. */
	c = gctrl(&ch.in);
	gput(&ch.in, 0, &bad, sizeof(bad));
	/* As the guest orders it: the bytes, then the index. */
	virt_wmb();
	WRITE_ONCE(c->write_index, bad.len8 * 8 + 8);
	guest_kick(f, &ch);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->read_index), 0);
	/* A good answer behind it is not read either: broken stays broken. */
	n = ic_request(f, &ch, VP_IC_MSG_NEGOTIATE);
	n->frame_count = 1;
	n->msg_count = 1;
	n->v[1] = n->v[3];
	n->hdr.flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE;
	guest_send(&ch.in, ch.trans_id, n, ch.plen);
	guest_kick(f, &ch);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->read_index), 0);
	KUNIT_EXPECT_FALSE(test, guest_wait(&ch.out, 200));	/* never ready, no ping */
	/* Close and teardown work as ever. */
	close_chan(f, 1, HANDLE);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	expect_quiet(f);
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
static bool probe_packets(struct vp_vmbus_chan *ch)
{
	struct probe *p = vp_vmbus_dev_priv(vp_vmbus_chan_dev(ch));
	u8 buf[64];

	complete(&p->reading);
	wait_for_completion_timeout(&p->release, HZ);
	if (READ_ONCE(p->closed))
		p->after_close++;
	while (vp_vmbus_recv(ch, buf, sizeof(buf), NULL) > 0)
		p->read++;
	return false;
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
	gpadl_teardown(f, 1, HANDLE);
	expect_quiet(f);
}

static struct kunit_case chan_cases[] = {
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
	KUNIT_CASE(close_waits_for_reader),
	{}
};

SERVER_SUITE(chan);
