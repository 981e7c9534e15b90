// SPDX-License-Identifier: GPL-2.0
/*
 * The shape checks of storvsc request packets (kernel/vsp-storage/
 * vstor_parse.c), natively with ASan and UBSan. Each packet is handed over
 * in a block of exactly its length, so an over-read shows; offsets are the
 * wire format's (see vstor_build.h). scsi.c has its KUnit suites.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "vstor.h"
#include "vstor_build.h"

#define MAX_PAGES	129	/* what the VSP passes: 512 KiB + 1 page */

/* The parsed view of the last packet, and the block it points into. */
static struct vp_vstor_req req;
static u8 *blk;

/* The first @len bytes of pkt in a block of their own, then parse them. */
static int parse_max(u32 len, u32 max_pages)
{
	free(blk);
	blk = malloc(len ? len : 1);
	assert_non_null(blk);
	assert_true(IS_ALIGNED((uintptr_t)blk, 8));
	memcpy(blk, pkt, len);
	memset(&req, 0xa5, sizeof(req));
	return vp_vstor_parse(blk, len, max_pages, &req);
}

static int parse(u32 len)
{
	return parse_max(len, MAX_PAGES);
}

/* Parse, then check the SRB: 0 only when both accept. */
static int parse_srb(u32 len)
{
	int ret = parse(len);

	return ret ? ret : vp_vstor_check_srb(&req);
}

static int teardown(void **state)
{
	(void)state;
	free(blk);
	blk = NULL;
	return 0;
}

/* ---- well-formed packets ---- */

static void inband_good(void **state)
{
	u32 len = pkt_inband();

	(void)state;
	pkt_srb(16, SRB_NO_DATA, 0, 6);
	assert_int_equal(parse(len), 0);
	assert_ptr_equal(req.pkt, blk + 16);
	assert_int_equal(req.npages, 0);
	assert_null(req.pfns);
	assert_int_equal(req.byte_count, 0);
	assert_int_equal(req.byte_offset, 0);
	assert_int_equal(req.pkt->operation, OP_EXECUTE_SRB);
	assert_int_equal(vp_vstor_check_srb(&req), 0);

	/* A trailer or padding after the vstor packet changes nothing. */
	assert_int_equal(parse(len + 8), 0);
	assert_ptr_equal(req.pkt, blk + 16);

	/* A payload further in: offset8 says where. */
	len = pkt_start(PKT_INBAND, 40);
	assert_int_equal(parse(len), 0);
	assert_ptr_equal(req.pkt, blk + 40);
	assert_int_equal(req.npages, 0);

	/* Init-time packets are in-band too and need no SRB check. */
	len = pkt_inband();
	put32(16, 7);			/* BEGIN_INIT */
	assert_int_equal(parse(len), 0);
	assert_int_equal(req.pkt->operation, 7);
}

static void gpa_direct_good(void **state)
{
	u32 len = pkt_gpa(4096, 0, 1);

	(void)state;
	pkt_srb(40, SRB_READ, 4096, 10);
	assert_int_equal(parse_srb(len), 0);
	assert_ptr_equal(req.pkt, blk + 40);
	assert_ptr_equal(req.pfns, blk + 32);
	assert_int_equal(req.npages, 1);
	assert_int_equal(req.byte_count, 4096);
	assert_int_equal(req.byte_offset, 0);
	assert_int_equal(req.pfns[0], 0x1000);

	/* Not page aligned: 4096 bytes at 512 take two pages. */
	len = pkt_gpa(4096, 512, 2);
	pkt_srb(48, SRB_WRITE, 4096, 10);
	assert_int_equal(parse_srb(len), 0);
	assert_int_equal(req.npages, 2);
	assert_int_equal(req.byte_offset, 512);
	assert_int_equal(req.pfns[1], 0x1001);

	/* The last byte of the first page. */
	len = pkt_gpa(1, 4095, 1);
	pkt_srb(40, SRB_READ, 1, 6);
	assert_int_equal(parse_srb(len), 0);
	assert_int_equal(req.npages, 1);

	/* The largest transfer: exactly max_pages pages. */
	len = pkt_gpa(512 * 1024, 8, MAX_PAGES);
	pkt_srb(32 + 8 * MAX_PAGES, SRB_READ, 512 * 1024, 16);
	assert_int_equal(parse_srb(len), 0);
	assert_int_equal(req.npages, MAX_PAGES);
	assert_int_equal(req.pfns[MAX_PAGES - 1], 0x1000 + MAX_PAGES - 1);
}

/* Room for more PFNs than the range needs: only the needed ones count. */
static void gpa_direct_spare_room(void **state)
{
	u32 len = pkt_gpa(4096, 0, 3);

	(void)state;
	pkt_srb(56, SRB_READ, 4096, 10);
	assert_int_equal(parse_srb(len), 0);
	assert_int_equal(req.npages, 1);
	assert_ptr_equal(req.pkt, blk + 56);
}

/* ---- the descriptor ---- */

static void wrong_type(void **state)
{
	static const u16 types[] = { 0, 1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 0x100, 0xffff };
	u32 len;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		len = pkt_inband();
		put16(0, types[i]);
		assert_int_equal(parse(len), -EINVAL);
		len = pkt_gpa(4096, 0, 1);
		put16(0, types[i]);
		assert_int_equal(parse(len), -EINVAL);
	}
}

static void short_packet(void **state)
{
	u32 len;

	(void)state;
	len = pkt_inband();
	for (u32 l = 0; l < len; l++)
		assert_int_equal(parse(l), -EINVAL);
	len = pkt_gpa(8192, 0, 2);
	for (u32 l = 0; l < len; l++)
		assert_int_equal(parse(l), -EINVAL);
}

static void offset_outside(void **state)
{
	u32 len = pkt_inband();

	(void)state;
	/* Into the descriptor. */
	put16(2, 0);
	assert_int_equal(parse(len), -EINVAL);
	put16(2, 1);
	assert_int_equal(parse(len), -EINVAL);
	/* A vstor packet that would run past the end. */
	put16(2, 3);
	assert_int_equal(parse(len), -EINVAL);
	assert_int_equal(parse(len + 7), -EINVAL);
	assert_int_equal(parse(len + 8), 0);
	put16(2, 0xffff);
	assert_int_equal(parse(len), -EINVAL);
	assert_int_equal(parse(PKT_BUF_SIZE), -EINVAL);

	/* GPA direct: the payload may not start inside the range header. */
	len = pkt_gpa(4096, 0, 1);
	put16(2, 3);
	assert_int_equal(parse(len), -EINVAL);
	put16(2, 0xffff);
	assert_int_equal(parse(len), -EINVAL);
}

/* ---- the GPA range ---- */

static void range_count(void **state)
{
	static const u32 counts[] = { 0, 2, 3, 0x80000000, 0xffffffff };
	u32 len;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
		len = pkt_gpa(4096, 0, 2);
		put32(20, counts[i]);
		assert_int_equal(parse(len), -EINVAL);
	}
}

static void byte_offset(void **state)
{
	static const u32 offs[] = { 4096, 4097, 8192, 0x80000000, 0xffffffff };
	u32 len;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		len = pkt_gpa(512, offs[i], 4);
		assert_int_equal(parse(len), -EINVAL);
	}
	len = pkt_gpa(512, 4095, 4);
	assert_int_equal(parse(len), 0);
	assert_int_equal(req.npages, 2);
}

static void byte_count(void **state)
{
	u32 len;

	(void)state;
	len = pkt_gpa(0, 0, 1);
	assert_int_equal(parse(len), -EINVAL);
	/* Sums that would wrap 32 bits. */
	len = pkt_gpa(0xffffffff, 4095, 1);
	assert_int_equal(parse_max(len, 0xffffffff), -EINVAL);
	len = pkt_gpa(0xfffff001, 4095, 1);
	assert_int_equal(parse_max(len, 0xffffffff), -EINVAL);
}

static void too_many_pages(void **state)
{
	u32 len;

	(void)state;
	len = pkt_gpa(8192, 0, 2);
	assert_int_equal(parse_max(len, 2), 0);
	assert_int_equal(parse_max(len, 1), -EINVAL);
	assert_int_equal(parse_max(len, 0), -EINVAL);
	len = pkt_gpa(4096, 1, 2);
	assert_int_equal(parse_max(len, 1), -EINVAL);
	/* One byte more than MAX_PAGES pages hold at that offset. */
	len = pkt_gpa(MAX_PAGES * 4096 - 8 + 1, 8, MAX_PAGES + 1);
	assert_int_equal(parse(len), -EINVAL);
	assert_int_equal(parse_max(len, MAX_PAGES + 1), 0);
}

/* The PFN array must end before the vstor packet, inside the packet. */
static void pfns_past_packet(void **state)
{
	u32 len;

	(void)state;
	/* Two pages of data, room for one PFN before the payload. */
	len = pkt_gpa(8192, 0, 1);
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(4097, 0, 1);
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(4096, 1, 1);
	assert_int_equal(parse(len), -EINVAL);
	/* No room at all: the payload right after the range. */
	len = pkt_gpa(1, 0, 0);
	assert_int_equal(parse(len), -EINVAL);
	/* Many pages claimed, a short packet that ends after the payload. */
	len = pkt_gpa(64 * 4096, 0, 2);
	assert_int_equal(parse(len), -EINVAL);
	/* The payload where the PFNs are. */
	len = pkt_gpa(8 * 4096, 0, 8);
	put16(2, 5);			/* payload at 40, where PFN 1 is */
	assert_int_equal(parse(len), -EINVAL);
	assert_int_equal(parse(48), -EINVAL);
}

/* byte_count, byte_offset and the room for PFNs must agree exactly. */
static void pages_vs_bytes(void **state)
{
	u32 len;

	(void)state;
	len = pkt_gpa(4096 * 3, 0, 3);
	assert_int_equal(parse(len), 0);
	assert_int_equal(req.npages, 3);
	len = pkt_gpa(4096 * 3 + 1, 0, 3);
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(4096 * 3, 1, 3);
	assert_int_equal(parse(len), -EINVAL);
	len = pkt_gpa(4096 * 2 + 1, 4095, 3);
	assert_int_equal(parse(len), 0);
	assert_int_equal(req.npages, 3);
	len = pkt_gpa(4096 * 2 + 2, 4095, 3);
	assert_int_equal(parse(len), -EINVAL);
}

/* ---- the SRB ---- */

static void srb_direction(void **state)
{
	static const u8 dirs[] = { 3, 4, 0x7f, 0x80, 0xff };
	u32 len;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		len = pkt_gpa(4096, 0, 1);
		pkt_srb(40, dirs[i], 4096, 10);
		assert_int_equal(parse_srb(len), -EINVAL);
		len = pkt_inband();
		pkt_srb(16, dirs[i], 0, 6);
		assert_int_equal(parse_srb(len), -EINVAL);
	}
}

static void srb_cdb_length(void **state)
{
	u32 len = pkt_inband();

	(void)state;
	pkt_srb(16, SRB_NO_DATA, 0, 16);
	assert_int_equal(parse_srb(len), 0);
	pkt_srb(16, SRB_NO_DATA, 0, 0);
	assert_int_equal(parse_srb(len), 0);	/* scsi.c answers it */
	pkt_srb(16, SRB_NO_DATA, 0, 17);
	assert_int_equal(parse_srb(len), -EINVAL);
	pkt_srb(16, SRB_NO_DATA, 0, 20);	/* the sense area's size */
	assert_int_equal(parse_srb(len), -EINVAL);
	pkt_srb(16, SRB_NO_DATA, 0, 0xff);
	assert_int_equal(parse_srb(len), -EINVAL);
}

static void srb_transfer_length(void **state)
{
	u32 len;

	(void)state;
	len = pkt_gpa(4096, 0, 1);
	pkt_srb(40, SRB_READ, 4096, 10);
	assert_int_equal(parse_srb(len), 0);
	pkt_srb(40, SRB_READ, 512, 10);		/* less than the buffer */
	assert_int_equal(parse_srb(len), 0);
	pkt_srb(40, SRB_READ, 4097, 10);
	assert_int_equal(parse_srb(len), -EINVAL);
	pkt_srb(40, SRB_WRITE, 0xffffffff, 10);
	assert_int_equal(parse_srb(len), -EINVAL);

	/* The buffer is byte_count, not the pages around it. */
	len = pkt_gpa(100, 8, 1);
	pkt_srb(40, SRB_READ, 101, 6);
	assert_int_equal(parse_srb(len), -EINVAL);
	pkt_srb(40, SRB_READ, 100, 6);
	assert_int_equal(parse_srb(len), 0);
}

static void srb_data_needs_pages(void **state)
{
	u32 len;

	(void)state;
	/* Data without pages: an in-band packet has no buffer. */
	len = pkt_inband();
	pkt_srb(16, SRB_READ, 36, 6);
	assert_int_equal(parse_srb(len), -EINVAL);
	pkt_srb(16, SRB_WRITE, 512, 10);
	assert_int_equal(parse_srb(len), -EINVAL);
	pkt_srb(16, SRB_NO_DATA, 1, 6);
	assert_int_equal(parse_srb(len), -EINVAL);
	/* A data direction with nothing to move is fine without pages. */
	pkt_srb(16, SRB_READ, 0, 6);
	assert_int_equal(parse_srb(len), 0);
	pkt_srb(16, SRB_WRITE, 0, 6);
	assert_int_equal(parse_srb(len), 0);

	/* Pages without data. */
	len = pkt_gpa(4096, 0, 1);
	pkt_srb(40, SRB_READ, 0, 10);
	assert_int_equal(parse_srb(len), -EINVAL);
	pkt_srb(40, SRB_WRITE, 0, 10);
	assert_int_equal(parse_srb(len), -EINVAL);
	/* NO_DATA with a transfer length, pages or not. */
	pkt_srb(40, SRB_NO_DATA, 4096, 10);
	assert_int_equal(parse_srb(len), -EINVAL);
	/* NO_DATA that still names pages. */
	pkt_srb(40, SRB_NO_DATA, 0, 10);
	assert_int_equal(parse_srb(len), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(inband_good, teardown),
		cmocka_unit_test_teardown(gpa_direct_good, teardown),
		cmocka_unit_test_teardown(gpa_direct_spare_room, teardown),
		cmocka_unit_test_teardown(wrong_type, teardown),
		cmocka_unit_test_teardown(short_packet, teardown),
		cmocka_unit_test_teardown(offset_outside, teardown),
		cmocka_unit_test_teardown(range_count, teardown),
		cmocka_unit_test_teardown(byte_offset, teardown),
		cmocka_unit_test_teardown(byte_count, teardown),
		cmocka_unit_test_teardown(too_many_pages, teardown),
		cmocka_unit_test_teardown(pfns_past_packet, teardown),
		cmocka_unit_test_teardown(pages_vs_bytes, teardown),
		cmocka_unit_test_teardown(srb_direction, teardown),
		cmocka_unit_test_teardown(srb_cdb_length, teardown),
		cmocka_unit_test_teardown(srb_transfer_length, teardown),
		cmocka_unit_test_teardown(srb_data_needs_pages, teardown),
	};

	return cmocka_run_group_tests_name("vpart_storvsp_vstor_native", tests, NULL, NULL);
}
