// SPDX-License-Identifier: GPL-2.0
/*
 * The shape checks of netvsc packets and RNDIS messages (kernel/vsp-net/
 * nvsp_parse.c), natively with ASan and UBSan. Each input is handed over
 * in a block of exactly its length, so an over-read shows; offsets are the
 * wire format's (see nvsp_build.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "nvsp.h"
#include "nvsp_build.h"

#define MAX_PAGES	64

static struct vp_nvsp_req req;
static struct vp_rndis_ctl ctl;
static struct vp_rndis_frame frame;
static u8 *blk;

static u8 *copy(const u8 *src, u32 len)
{
	free(blk);
	blk = malloc(len ? len : 1);
	assert_non_null(blk);
	memcpy(blk, src, len);
	return blk;
}

static int parse(u32 len)
{
	return vp_nvsp_parse(copy(pkt, len), len, MAX_PAGES, &req);
}

static int ctl_parse(u32 len)
{
	return vp_rndis_parse_ctl(copy(msg, len), len, &ctl);
}

static int pkt_parse(u32 len)
{
	return vp_rndis_parse_packet(copy(msg, len), len, &frame);
}

static int teardown(void **state)
{
	(void)state;
	free(blk);
	blk = NULL;
	return 0;
}

/* ---- NVSP packets ---- */

static void inband_good(void **state)
{
	u32 len = pkt_inband(1);

	(void)state;
	wire_put32(pkt, 20, 0x60001);
	assert_int_equal(parse(len), 0);
	assert_ptr_equal(req.msg, blk + 16);
	assert_int_equal(req.msg->type, 1);
	assert_int_equal(req.msg->init.min_ver, 0x60001);
	assert_int_equal(req.nranges, 0);
}

static void inband_bad(void **state)
{
	u32 len = pkt_inband(1);

	(void)state;
	assert_int_equal(parse(len - 1), -EINVAL);	/* 39 bytes of message */
	assert_int_equal(parse(15), -EINVAL);
	wire_put16(pkt, 2, 1);				/* inside the descriptor */
	assert_int_equal(parse(len), -EINVAL);
	wire_put16(pkt, 2, 0xffff);			/* far past the end */
	assert_int_equal(parse(len), -EINVAL);
	pkt_inband(1);
	wire_put16(pkt, 0, 7);				/* transfer pages: host only */
	assert_int_equal(parse(len), -EINVAL);
}

static void gpa_ranges(void **state)
{
	const u32 counts[] = { 100, 3000 }, offsets[] = { 4000, 0 };
	u32 len = pkt_gpa(2, counts, offsets);
	struct vp_nvsp_range r;

	(void)state;
	assert_int_equal(parse(len), 0);
	assert_int_equal(req.msg->type, 107);
	assert_int_equal(req.msg->rndis.channel_type, 1);
	assert_int_equal(req.nranges, 2);
	assert_int_equal(req.npages, 3);
	assert_int_equal(req.total, 3100);
	vp_nvsp_range(&req, 0, &r);
	assert_int_equal(r.byte_count, 100);
	assert_int_equal(r.byte_offset, 4000);
	assert_int_equal(r.npages, 2);
	assert_int_equal(r.pfns[1], 0x1001);
	vp_nvsp_range(&req, 1, &r);
	assert_int_equal(r.byte_count, 3000);
	assert_int_equal(r.npages, 1);
	assert_int_equal(r.pfns[0], 0x1002);
	assert_true((const u8 *)(r.pfns + 1) <= (const u8 *)req.msg);
	/* More frames than the caller takes. */
	assert_int_equal(vp_nvsp_parse(blk, len, 2, &req), -EINVAL);
}

static void gpa_bad(void **state)
{
	const u32 counts[] = { 100, 3000 }, offsets[] = { 4000, 0 };
	u32 len;

	(void)state;
	len = pkt_gpa(2, counts, offsets);
	wire_put32(pkt, 20, 0);				/* no range */
	assert_int_equal(parse(len), -EINVAL);
	wire_put32(pkt, 20, 3);				/* one more than there is */
	assert_int_equal(parse(len), -EINVAL);
	wire_put32(pkt, 20, 0xffffffff);
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(2, counts, offsets);
	wire_put32(pkt, 28, 4096);			/* offset past the page */
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(2, counts, offsets);
	wire_put32(pkt, 24, 0);				/* empty range */
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(2, counts, offsets);
	wire_put32(pkt, 24, 0xffffffff);		/* PFNs past the message */
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(2, counts, offsets);
	wire_put16(pkt, 2, 5);				/* message over the PFNs */
	assert_int_equal(parse(len), -EINVAL);
	wire_put16(pkt, 2, 2);				/* over the range header */
	assert_int_equal(parse(len), -EINVAL);
}

/* ---- RNDIS control ---- */

static void ctl_good(void **state)
{
	u32 len = rndis_oid(4, 0x01010101, 6);

	(void)state;
	assert_int_equal(ctl_parse(len), 0);
	assert_int_equal(ctl.type, 4);
	assert_int_equal(ctl.req_id, 0x42);
	assert_int_equal(ctl.oid, 0x01010101);
	assert_int_equal(ctl.info_len, 6);
	assert_ptr_equal(ctl.info, blk + 28);
	/* The message may be shorter than what holds it. */
	assert_int_equal(vp_rndis_parse_ctl(copy(msg, len + 8), len + 8, &ctl), 0);
	len = rndis_oid(5, 0x0001010e, 0);
	assert_int_equal(ctl_parse(len), 0);
	assert_null(ctl.info);
	memset(msg, 0, 24);
	wire_put32(msg, 0, 2);				/* INIT */
	wire_put32(msg, 4, 24);
	wire_put32(msg, 8, 7);
	assert_int_equal(ctl_parse(24), 0);
	assert_int_equal(ctl.req_id, 7);
	wire_put32(msg, 0, 3);				/* HALT */
	wire_put32(msg, 4, 12);
	assert_int_equal(ctl_parse(12), 0);
}

static void ctl_bad(void **state)
{
	u32 len = rndis_oid(4, 0x01010101, 6);

	(void)state;
	assert_int_equal(ctl_parse(len - 1), -EINVAL);	/* msg_len past the data */
	assert_int_equal(ctl_parse(7), -EINVAL);
	wire_put32(msg, 4, 27);				/* shorter than a QUERY */
	assert_int_equal(ctl_parse(len), -EINVAL);
	len = rndis_oid(4, 0x01010101, 6);
	wire_put32(msg, 16, 7);				/* info past the message */
	assert_int_equal(ctl_parse(len), -EINVAL);
	wire_put32(msg, 16, 6);
	wire_put32(msg, 20, 8);				/* info over the header */
	assert_int_equal(ctl_parse(len), -EINVAL);
	wire_put32(msg, 20, 0xfffffffc);		/* wraps in 32 bits */
	assert_int_equal(ctl_parse(len), -EINVAL);
	wire_put32(msg, 20, 20);
	wire_put32(msg, 16, 0xffffffff);
	assert_int_equal(ctl_parse(len), -EINVAL);
	/* Types a guest does not send: completions, indications, packets. */
	wire_put32(msg, 0, 0x80000002);
	assert_int_equal(ctl_parse(len), -EOPNOTSUPP);
	wire_put32(msg, 0, 7);
	assert_int_equal(ctl_parse(len), -EOPNOTSUPP);
	wire_put32(msg, 0, 1);
	assert_int_equal(ctl_parse(len), -EOPNOTSUPP);
}

/* ---- RNDIS packets ---- */

static void packet_good(void **state)
{
	const u32 types[] = { 0, 2, 6, 9 | 0x80000000 };
	u32 len = rndis_packet(60, 4, types);

	(void)state;
	assert_int_equal(pkt_parse(len), 0);
	assert_int_equal(frame.msg_len, len);
	assert_int_equal(frame.data_off, 44 + 64);
	assert_int_equal(frame.data_len, 60);
	assert_true(frame.has_csum && frame.has_lso && frame.has_vlan);
	assert_int_equal(frame.csum, 0x1000);
	assert_int_equal(frame.lso, 0x1002);
	assert_int_equal(frame.vlan, 0x1006);
	assert_int_equal(blk[frame.data_off], 0xee);
	len = rndis_packet(1514, 0, NULL);
	assert_int_equal(pkt_parse(len), 0);
	assert_false(frame.has_csum || frame.has_lso || frame.has_vlan);
	assert_int_equal(frame.data_off, 44);
}

/* A batch: messages back to back, each found from the one before. */
static void packet_batch(void **state)
{
	const u32 types[] = { 0 };
	u32 a, b, c, pos = 0, n = 0;

	(void)state;
	memset(msg, 0, sizeof(msg));
	a = rndis_packet_at(0, 100, 1, types);
	b = rndis_packet_at(a, 14, 0, NULL);
	c = rndis_packet_at(a + b, 200, 1, types);
	copy(msg, a + b + c);
	while (pos < a + b + c) {
		assert_int_equal(vp_rndis_parse_packet(blk + pos, a + b + c - pos, &frame), 0);
		pos += frame.msg_len;
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(frame.data_len, 200);
}

static void packet_bad(void **state)
{
	const u32 types[] = { 0 };
	u32 len = rndis_packet(60, 1, types);

	(void)state;
	assert_int_equal(pkt_parse(len - 1), -EINVAL);
	assert_int_equal(pkt_parse(43), -EINVAL);
	wire_put32(msg, 0, 4);				/* not a PACKET */
	assert_int_equal(pkt_parse(len), -EINVAL);
	len = rndis_packet(13, 0, NULL);		/* no room for an Ethernet header */
	assert_int_equal(pkt_parse(len), -EINVAL);
	len = rndis_packet(60, 1, types);
	wire_put32(msg, 12, 61);			/* frame past the message */
	assert_int_equal(pkt_parse(len), -EINVAL);
	wire_put32(msg, 12, 60);
	wire_put32(msg, 8, 0xfffffff8);			/* wraps in 32 bits */
	assert_int_equal(pkt_parse(len), -EINVAL);
	wire_put32(msg, 8, 20);				/* frame over the header */
	assert_int_equal(pkt_parse(len), -EINVAL);
	len = rndis_packet(60, 1, types);
	wire_put32(msg, 24, 1);				/* out-of-band data */
	assert_int_equal(pkt_parse(len), -EINVAL);
	len = rndis_packet(60, 1, types);
	wire_put32(msg, 44, 0);				/* PPI of size 0: no progress */
	assert_int_equal(pkt_parse(len), -EINVAL);
	wire_put32(msg, 44, 17);			/* PPI past its list */
	assert_int_equal(pkt_parse(len), -EINVAL);
	wire_put32(msg, 44, 16);
	wire_put32(msg, 52, 8);				/* value over the PPI header */
	assert_int_equal(pkt_parse(len), -EINVAL);
	wire_put32(msg, 52, 13);			/* value past the PPI */
	assert_int_equal(pkt_parse(len), -EINVAL);
	len = rndis_packet(60, 1, types);
	wire_put32(msg, 32, 12);			/* list shorter than its PPI */
	assert_int_equal(pkt_parse(len), -EINVAL);
	wire_put32(msg, 32, 8);				/* shorter than a PPI header */
	assert_int_equal(pkt_parse(len), -EINVAL);
	wire_put32(msg, 32, 16);
	wire_put32(msg, 28, 0xfffffff8);		/* list offset wraps */
	assert_int_equal(pkt_parse(len), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(inband_good, teardown),
		cmocka_unit_test_teardown(inband_bad, teardown),
		cmocka_unit_test_teardown(gpa_ranges, teardown),
		cmocka_unit_test_teardown(gpa_bad, teardown),
		cmocka_unit_test_teardown(ctl_good, teardown),
		cmocka_unit_test_teardown(ctl_bad, teardown),
		cmocka_unit_test_teardown(packet_good, teardown),
		cmocka_unit_test_teardown(packet_batch, teardown),
		cmocka_unit_test_teardown(packet_bad, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
