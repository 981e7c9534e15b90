// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_server_buf: guest buffers for VSPs (netvsc's
 * receive and send buffers) and transfer-page packets. A class maps a
 * GPADL of its own device; the guest's teardown of it waits for the unmap
 * or the channel's close; other devices' and unfinished GPADLs are
 * refused; a transfer-page packet carries its ranges and message as
 * netvsc reads them.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include "server_fake.h"

#define BUF		0xcafe0		/* the buffer's GPADL handle */
#define BUF_GFN		16
#define BUF_PAGES	4

static struct vp_vsp_class buf_class = {
	.name = "kunit-server-buf",
	.if_type = GUID_INIT(0x7e57c1a5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40),
	.owner = THIS_MODULE,
	.max_pkt = 64,
	.open = fake_class_open,
	.close = fake_class_close,
	.packets = fake_class_drain,
};

/* Two devices (relids 1 and 2), connected, the first open on HANDLE. */
static struct vp_vmbus_chan *buf_setup(struct fake *f, struct gchan *ch)
{
	struct kunit *test = f->test;

	KUNIT_ASSERT_EQ(test, vp_vmbus_register_class(&buf_class), 0);
	f->cls = &buf_class;
	KUNIT_ASSERT_EQ(test, vp_vmbus_add_device(f->srv, buf_class.name, NULL, NULL, 0), 1);
	KUNIT_ASSERT_EQ(test, vp_vmbus_add_device(f->srv, buf_class.name, NULL, NULL, 0), 2);
	connect(f, VP_VMBUS_VERSION_WIN10_V5_2);
	KUNIT_ASSERT_EQ(test, post_hdr(f, VP_CHMSG_REQUESTOFFERS), 0);
	expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	expect_msg(f, VP_CHMSG_OFFERCHANNEL);
	expect_msg(f, VP_CHMSG_ALLOFFERS_DELIVERED);
	chan_open(f, ch, 1, HANDLE, 0, 0);
	return f->srv->chans[1];
}

static u8 *ram_byte(struct fake *f, u64 gfn, u32 off)
{
	return (u8 *)page_address(f->ram[gfn % RAM_PAGES]) + off;
}

/* Mapped, written through, and held past the guest's teardown until unmapped. */
static void map_unmap(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	struct vp_vmbus_chan *c = buf_setup(f, &ch);
	unsigned int before;
	u32 len = 0;
	u8 *va;

	gpadl_create(f, 1, BUF, BUF_GFN, BUF_PAGES);
	before = held(f);
	va = vp_vmbus_buf_map(c, BUF, &len);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, len, BUF_PAGES * PAGE_SIZE);
	va[2 * PAGE_SIZE + 7] = 0xa5;
	va[len - 1] = 0x5a;
	KUNIT_EXPECT_EQ(test, *ram_byte(f, BUF_GFN + 2, 7), 0xa5);
	KUNIT_EXPECT_EQ(test, *ram_byte(f, BUF_GFN + BUF_PAGES - 1, PAGE_SIZE - 1), 0x5a);
	KUNIT_EXPECT_EQ(test, held(f), before);
	/* The guest's teardown is answered once the class lets go. */
	KUNIT_ASSERT_EQ(test, teardown(f, 1, BUF), 0);
	expect_quiet(f);
	KUNIT_EXPECT_NOT_NULL(test, find_gpadl(f, BUF));
	vp_vmbus_buf_unmap(c, va);
	expect_torndown(f, BUF);
	KUNIT_EXPECT_NULL(test, find_gpadl(f, BUF));
	KUNIT_EXPECT_EQ(test, held(f), before - BUF_PAGES);
	/* An unknown mapping is ignored. */
	vp_vmbus_buf_unmap(c, va);
	expect_quiet(f);
}

/* Unknown, unfinished, torn and other devices' GPADLs are not mapped. */
static void map_refusals(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	struct vp_vmbus_chan *c = buf_setup(f, &ch);
	u32 len = 0;

	KUNIT_EXPECT_NULL(test, vp_vmbus_buf_map(c, BUF, &len));
	gpadl_create(f, 2, BUF, BUF_GFN, BUF_PAGES);		/* device 2's */
	KUNIT_EXPECT_NULL(test, vp_vmbus_buf_map(c, BUF, &len));
	gpadl_teardown(f, 2, BUF);
	send_header(f, 1, BUF + 1, BUF_GFN, HDR_PFNS + 4);	/* bodies missing */
	KUNIT_EXPECT_NULL(test, vp_vmbus_buf_map(c, BUF + 1, &len));
	KUNIT_EXPECT_EQ(test, len, 0U);
	gpadl_teardown(f, 1, BUF + 1);
	KUNIT_EXPECT_EQ(test, held(f), RING_PAGES);
}

/* What the class leaves mapped goes with the channel's close. */
static void close_unmaps(struct kunit *test)
{
	struct fake *f = test->priv;
	struct gchan ch;
	struct vp_vmbus_chan *c = buf_setup(f, &ch);
	u32 len;

	gpadl_create(f, 1, BUF, BUF_GFN, BUF_PAGES);
	KUNIT_ASSERT_NOT_NULL(test, vp_vmbus_buf_map(c, BUF, &len));
	KUNIT_ASSERT_NOT_NULL(test, vp_vmbus_buf_map(c, BUF, &len));
	close_chan(f, 1, HANDLE);
	KUNIT_EXPECT_TRUE(test, list_empty(&c->bufs));
	gpadl_teardown(f, 1, BUF);
	KUNIT_EXPECT_EQ(test, held(f), 0U);
	/* A closed channel maps nothing. */
	gpadl_create(f, 1, BUF, BUF_GFN, BUF_PAGES);
	KUNIT_EXPECT_NULL(test, vp_vmbus_buf_map(c, BUF, &len));
}

/* A transfer-page packet: descriptor, pageset and ranges, then the message. */
static void xfer_packet(struct kunit *test)
{
	static const struct vp_xfer_range r[2] = { { 100, 0 }, { 60, 4096 } };
	static const u8 msg[12] = "nvsp message";
	struct fake *f = test->priv;
	struct gchan ch;
	struct vp_vmbus_chan *c = buf_setup(f, &ch);
	const struct vp_xfer_hdr *h;
	const struct vp_pktdesc *d;
	u8 buf[128];

	KUNIT_EXPECT_EQ(test, vp_vmbus_send_xfer(c, 0xcafe, r, 0, 9, msg, sizeof(msg)), -EINVAL);
	KUNIT_ASSERT_EQ(test, vp_vmbus_send_xfer(c, 0xcafe, r, 2, 0x99, msg, sizeof(msg)), 0);
	KUNIT_ASSERT_EQ(test, guest_recv(&ch.out, buf, sizeof(buf)), 56U);
	d = (const void *)buf;
	KUNIT_EXPECT_EQ(test, d->type, VP_PKT_DATA_USING_XFER_PAGES);
	KUNIT_EXPECT_EQ(test, d->flags, VP_PKT_FLAG_COMPLETION_REQUESTED);
	KUNIT_EXPECT_EQ(test, d->trans_id, 0x99ULL);
	KUNIT_EXPECT_EQ(test, d->offset8, 5);
	KUNIT_EXPECT_EQ(test, d->len8, 7);
	h = (const void *)(buf + 16);
	KUNIT_EXPECT_EQ(test, h->pageset_id, 0xcafe);
	KUNIT_EXPECT_EQ(test, h->range_count, 2U);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 24, r, sizeof(r)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 40, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, guest_recv(&ch.out, buf, sizeof(buf)), 0U);
	close_chan(f, 1, HANDLE);
	KUNIT_EXPECT_EQ(test, vp_vmbus_send_xfer(c, 0xcafe, r, 2, 0x9a, msg, sizeof(msg)),
			-EPIPE);
}

static struct kunit_case buf_cases[] = {
	KUNIT_CASE(map_unmap),
	KUNIT_CASE(map_refusals),
	KUNIT_CASE(close_unmaps),
	KUNIT_CASE(xfer_packet),
	{}
};

SERVER_SUITE(buf);
