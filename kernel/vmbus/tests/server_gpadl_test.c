// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_server_gpadl: GPADLs against the fake partition
 * (server_fake.h), as Linux describes its buffers: a header, then bodies,
 * several in assembly at once; what the server refuses, and the limits on
 * how many GPADLs and pages a guest may hold.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include "server_fake.h"

/* A GPADL the server must refuse, without keeping any of it. */
static void gpadl_refused(struct fake *f, u32 relid, u32 handle, u64 first, u32 total)
{
	gpadl_send(f, relid, handle, first, total);
	expect_created(f, relid, handle, FAIL);
}

static void gpadl_create_and_teardown(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int i;

	setup(f, VP_VMBUS_VERSION_WIN10, IC_HB);
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
	send_header(f, 1, HANDLE + 1, 8, 40);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);
	KUNIT_EXPECT_EQ(test, held(f), 8);
	send_body(f, HANDLE + 1, 8 + HDR_PFNS, 14);
	expect_created(f, 1, HANDLE + 1, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);
	KUNIT_EXPECT_EQ(test, held(f), 48);

	/* Exactly a full header, and a header plus a full body. */
	gpadl_create(f, 1, HANDLE + 2, 0, HDR_PFNS);
	gpadl_create(f, 1, HANDLE + 3, 0, HDR_PFNS + BODY_PFNS);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 4);
	KUNIT_EXPECT_EQ(test, held(f), 48 + HDR_PFNS + HDR_PFNS + BODY_PFNS);

	gpadl_teardown(f, 1, HANDLE);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[0]), 3);
	for (i = 1; i < 4; i++)
		gpadl_teardown(f, 1, HANDLE + i);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	/* The guest waits for TORNDOWN without a time-out: unknown handles get one too. */
	gpadl_teardown(f, 1, HANDLE + 7);
	gpadl_teardown(f, 1, HANDLE);
	expect_quiet(f);
}

static void gpadl_interleaved(struct kunit *test)
{
	struct fake *f = test->priv;

	/* Two drivers probing at once: their bodies interleave (facts 3.5). */
	setup(f, VP_VMBUS_VERSION_WIN10_V5_3, IC_HB | IC_SD);
	send_header(f, 1, HANDLE, 0, 40);
	send_header(f, 2, HANDLE + 1, 0, 60);
	send_body(f, HANDLE + 1, HDR_PFNS, BODY_PFNS);
	expect_quiet(f);
	send_body(f, HANDLE, HDR_PFNS, 14);
	expect_created(f, 1, HANDLE, 0);
	expect_quiet(f);
	send_body(f, HANDLE + 1, HDR_PFNS + BODY_PFNS, 6);
	expect_created(f, 2, HANDLE + 1, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 100);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[39]), 3);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[40]), 2);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[59]), 2);
	KUNIT_EXPECT_EQ(test, page_ref_count(f->ram[60]), 1);
	gpadl_teardown(f, 2, HANDLE + 1);
	gpadl_teardown(f, 1, HANDLE);
	KUNIT_EXPECT_EQ(test, held(f), 0);
}

static void gpadl_not_ram(struct kunit *test)
{
	struct fake *f = test->priv;
	u64 gfns[8];

	setup(f, VP_VMBUS_VERSION_WIN10, IC_HB);
	/* One PFN past the partition's RAM: refused, nothing kept. */
	fill_gfns(gfns, 0, 8);
	gfns[5] = RAM_PAGES;
	KUNIT_ASSERT_EQ(test, post_header(f, 1, HANDLE, 8, gfns, 8, 0), 0);
	expect_created(f, 1, HANDLE, FAIL);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);

	/* The same in a body, with a PFN no RAM could have. */
	send_header(f, 1, HANDLE + 1, 0, 30);
	fill_gfns(gfns, HDR_PFNS, 4);
	gfns[3] = 1ULL << 60;
	KUNIT_ASSERT_EQ(test, post_body(f, HANDLE + 1, gfns, 4), 0);
	expect_created(f, 1, HANDLE + 1, FAIL);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);
	KUNIT_EXPECT_EQ(test, held(f), 0);

	/* A failed handle is free for the guest to use again. */
	gpadl_create(f, 1, HANDLE, 0, 8);
	gpadl_teardown(f, 1, HANDLE);
	expect_quiet(f);
}

static void gpadl_refusals(struct kunit *test)
{
	/* No such channel: refused with the handle, so the guest does not hang. */
	static const u32 no_chan[] = { 0, 9, VP_VMBUS_MAX_CHANNELS + 1 };
	struct fake *f = test->priv;
	u64 gfns[BODY_PFNS + 1];
	unsigned int i;

	setup(f, VP_VMBUS_VERSION_WIN10, IC_HB);
	for (i = 0; i < ARRAY_SIZE(no_chan); i++)
		gpadl_refused(f, no_chan[i], HANDLE, 0, 4);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 0);

	/* A handle in use: the second header is ignored, the first GPADL unharmed. */
	gpadl_create(f, 1, HANDLE, 0, 8);
	send_header(f, 1, HANDLE, 0, 4);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 1);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 8);
	/* Also while the first is still being assembled. */
	send_header(f, 1, HANDLE + 1, 8, 40);
	send_header(f, 1, HANDLE + 1, 8, 4);
	expect_quiet(f);
	send_body(f, HANDLE + 1, 8 + HDR_PFNS, 14);
	expect_created(f, 1, HANDLE + 1, 0);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);

	/* Bodies for no GPADL in assembly are dropped. */
	send_body(f, HANDLE + 5, 0, 4);
	send_body(f, HANDLE, 0, 4);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 48);

	/* More PFNs than the header announced: the GPADL fails. */
	send_header(f, 1, HANDLE + 2, 0, 30);
	send_body(f, HANDLE + 2, 0, 5);
	expect_created(f, 1, HANDLE + 2, FAIL);
	send_body(f, HANDLE + 2, 0, 4);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 2);

	/* A body longer than a message is refused at the door; assembly goes on. */
	send_header(f, 1, HANDLE + 3, 0, 30);
	fill_gfns(gfns, 0, BODY_PFNS + 1);
	KUNIT_EXPECT_EQ(test, post_body(f, HANDLE + 3, gfns, BODY_PFNS + 1),
			VP_HV_STATUS_INVALID_PARAMETER);
	expect_quiet(f);
	send_body(f, HANDLE + 3, 0, 4);
	expect_created(f, 1, HANDLE + 3, 0);

	/* A teardown in the middle of assembly answers and drops it. */
	send_header(f, 1, HANDLE + 4, 0, 30);
	gpadl_teardown(f, 1, HANDLE + 4);
	send_body(f, HANDLE + 4, 0, 4);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, 3);
	KUNIT_EXPECT_EQ(test, held(f), 8 + 40 + 30);
}

static void gpadl_count_limit(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int i;

	setup(f, VP_VMBUS_VERSION_WIN10, IC_HB);
	for (i = 0; i < VP_VMBUS_MAX_GPADLS; i++)
		gpadl_create(f, 1, HANDLE + i, i % RAM_PAGES, 1);
	gpadl_refused(f, 1, HANDLE + i, 0, 1);
	KUNIT_EXPECT_EQ(test, f->srv->ngpadls, VP_VMBUS_MAX_GPADLS);
	gpadl_teardown(f, 1, HANDLE);
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
	unsigned long room;
	unsigned int i;

	f->nr_gfns = 1ULL << 40;
	setup(f, VP_VMBUS_VERSION_WIN10, IC_HB);
	/* Headers alone spend the budget: half-described GPADLs cannot pile up. */
	for (i = 0; i < n; i++)
		send_header(f, 1, HANDLE + i, 0, MAX_WIRE_PAGES);
	expect_quiet(f);
	KUNIT_EXPECT_EQ(test, held(f), 0);
	KUNIT_ASSERT_EQ(test, f->srv->pinned, (unsigned long)n * MAX_WIRE_PAGES);
	room = VP_VMBUS_MAX_PINNED_PAGES - f->srv->pinned;
	gpadl_refused(f, 1, HANDLE + n, 0, room + 1);
	for (i = 0; i < n; i++)
		gpadl_teardown(f, 1, HANDLE + i);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, 0);

	/* The same with complete GPADLs, which hold their pages. */
	for (i = 0; i < n; i++)
		gpadl_create(f, 1, HANDLE + i, (u64)i * MAX_WIRE_PAGES, MAX_WIRE_PAGES);
	KUNIT_ASSERT_EQ(test, f->srv->pinned, (unsigned long)n * MAX_WIRE_PAGES);
	room = VP_VMBUS_MAX_PINNED_PAGES - f->srv->pinned;
	/* One page past the budget: refused, nothing taken. */
	gpadl_refused(f, 1, HANDLE + n, 0, room + 1);
	KUNIT_EXPECT_EQ(test, held(f), (unsigned int)n * MAX_WIRE_PAGES);
	/* Up to the budget exactly is fine; then nothing more. */
	gpadl_create(f, 1, HANDLE + n, 0, room);
	KUNIT_EXPECT_EQ(test, f->srv->pinned, VP_VMBUS_MAX_PINNED_PAGES);
	gpadl_refused(f, 1, HANDLE + n + 1, 0, 1);
	/* A teardown gives the pages back to the budget. */
	gpadl_teardown(f, 1, HANDLE);
	gpadl_create(f, 1, HANDLE + n + 1, 0, 1);
	KUNIT_EXPECT_EQ(test, held(f), VP_VMBUS_MAX_PINNED_PAGES - MAX_WIRE_PAGES + 1);
	expect_quiet(f);
}

static struct kunit_case gpadl_cases[] = {
	KUNIT_CASE(gpadl_create_and_teardown),
	KUNIT_CASE(gpadl_interleaved),
	KUNIT_CASE(gpadl_not_ram),
	KUNIT_CASE(gpadl_refusals),
	KUNIT_CASE(gpadl_count_limit),
	KUNIT_CASE(gpadl_pin_limit),
	{}
};

SERVER_SUITE(gpadl);
