// SPDX-License-Identifier: GPL-2.0
/*
 * The shape checks of guest->host VMBus traffic (kernel/vmbus/msg.c),
 * natively with ASan and UBSan. Sizes and offsets are written out as
 * numbers from the wire format, not taken from our structs, so a struct
 * that drifts from what the guest sends fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "vpart/vmbus_msg.h"
#include "msg_build.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The first @len bytes of buf in a block of their own, so ASan sees over-reads. */
static void *exact(u32 len)
{
	void *p = malloc(len ? len : 1);

	assert_non_null(p);
	return memcpy(p, buf, len);
}

static int check(u32 len, struct vp_chmsg_info *info)
{
	struct vp_chmsg_info scratch;
	void *p = exact(len);
	int ret = vp_chmsg_check(p, len, info ? info : &scratch);

	free(p);
	return ret;
}

static int negotiated(u32 len, struct vp_ic_version *frame, struct vp_ic_version *m)
{
	void *p = exact(len);
	int ret = vp_ic_negotiated(p, len, frame, m);

	free(p);
	return ret;
}

static int check_reply(u32 len, u16 msgtype, u32 min_len)
{
	void *p = exact(len);
	int ret = vp_ic_check_reply(p, len, msgtype, min_len);

	free(p);
	return ret;
}

/* ---- every type the guest may send, at its smallest ---- */

struct min_case {
	const char *name;
	u32 type;
	u32 min;
};

#define MIN(t, len)	{ "min_size_" #t, VP_CHMSG_##t, len }
static const struct min_case mins[] = {
	MIN(REQUESTOFFERS, 8),
	MIN(OPENCHANNEL, 148),
	MIN(CLOSECHANNEL, 12),
	MIN(GPADL_HEADER, 36),
	MIN(GPADL_BODY, 24),
	MIN(GPADL_TEARDOWN, 16),
	MIN(RELID_RELEASED, 12),
	MIN(INITIATE_CONTACT, 40),
	MIN(UNLOAD, 8),
	MIN(MODIFYCHANNEL, 16),
};

/* The smallest valid message of the case's type (one PFN for GPADLs). */
static void min_msg(const struct min_case *c)
{
	if (c->type == VP_CHMSG_GPADL_HEADER)
		gpadl_pages(1, 1);
	else if (c->type == VP_CHMSG_GPADL_BODY)
		gpadl_body(1);
	else
		msg_start(c->type);
}

static void min_size(void **state)
{
	const struct min_case *c = *state;
	struct vp_chmsg_info info;

	min_msg(c);
	assert_int_equal(check(c->min, &info), 0);
	assert_int_equal(info.type, c->type);
	assert_int_equal(check(c->min - 1, &info), -EINVAL);
	for (u32 len = 0; len < c->min; len++)
		assert_int_equal(check(len, NULL), -EINVAL);
}

/* Fixed-size messages may carry trailing bytes up to the payload limit. */
static void longer_fixed_size(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(mins); i++) {
		if (mins[i].type == VP_CHMSG_GPADL_HEADER ||
		    mins[i].type == VP_CHMSG_GPADL_BODY)
			continue;
		msg_start(mins[i].type);
		for (u32 len = mins[i].min; len <= VP_CHMSG_MAX; len++)
			assert_int_equal(check(len, NULL), 0);
	}
}

static void oversized(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(mins); i++) {
		min_msg(&mins[i]);
		assert_int_equal(check(241, NULL), -EINVAL);
		assert_int_equal(check(248, NULL), -EINVAL);
		assert_int_equal(check(BUF_SIZE, NULL), -EINVAL);
	}
	/* 29 PFNs would be 248 bytes: over the limit before it is a count. */
	assert_int_equal(check(gpadl_body(29), NULL), -EINVAL);
}

static void unknown_types(void **state)
{
	static const u32 types[] = {
		0, 18, 19, 20, 21, 23, 25, 26, 255, 256,
		0x10003, 0x100003, 0x80000003, 0xffffffff,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		msg_start(types[i]);
		assert_int_equal(check(8, NULL), -EINVAL);
		assert_int_equal(check(VP_CHMSG_MAX, NULL), -EINVAL);
	}
}

static void host_to_guest_types(void **state)
{
	static const u32 types[] = {
		VP_CHMSG_OFFERCHANNEL, VP_CHMSG_RESCIND_CHANNELOFFER,
		VP_CHMSG_ALLOFFERS_DELIVERED, VP_CHMSG_OPENCHANNEL_RESULT,
		VP_CHMSG_GPADL_CREATED, VP_CHMSG_GPADL_TORNDOWN,
		VP_CHMSG_VERSION_RESPONSE, VP_CHMSG_UNLOAD_RESPONSE,
		VP_CHMSG_MODIFYCHANNEL_RESPONSE,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		msg_start(types[i]);
		for (u32 len = 0; len <= VP_CHMSG_MAX; len++)
			assert_int_equal(check(len, NULL), -EINVAL);
	}
}

/* ---- GPADL header ---- */

static void gpadl_header_rangecount(void **state)
{
	(void)state;
	assert_int_equal(check(gpadl_header(16, 1, 4096, 0, 1), NULL), 0);
	assert_int_equal(check(gpadl_header(16, 0, 4096, 0, 1), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(16, 2, 4096, 0, 1), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(16, 0xffff, 4096, 0, 1), NULL), -EINVAL);
}

static void gpadl_header_range_buflen(void **state)
{
	(void)state;
	/* Below 16 there is no PFN; not a multiple of 8 is not whole PFNs. */
	for (u32 b = 0; b < 16; b++)
		assert_int_equal(check(gpadl_header((u16)b, 1, 4096, 0, 1), NULL), -EINVAL);
	for (u32 b = 17; b < 24; b++)
		assert_int_equal(check(gpadl_header((u16)b, 1, 4096, 0, 1), NULL), -EINVAL);
	/* Nor with a full header, where (range_buflen - 8) / 8 must not wrap. */
	for (u32 b = 0; b < 16; b++)
		assert_int_equal(check(gpadl_header((u16)b, 1, 4096, 0, 26), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(16, 1, 4096, 0, 1), NULL), 0);
	assert_int_equal(check(gpadl_header(24, 1, 4096, 0, 2), NULL), 0);
	assert_int_equal(check(gpadl_header(0xfffc, 1, 4096, 0, 26), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(0xfff8, 1, 4096, 0, 26), NULL), 0);
}

static void gpadl_header_pfn_counts(void **state)
{
	struct vp_chmsg_info info;

	(void)state;
	/* Not full: exactly all the PFNs, no fewer, no more. */
	for (u32 total = 1; total <= 25; total++) {
		for (u32 in_msg = 0; in_msg <= 26; in_msg++) {
			int ret = check(gpadl_pages(total, in_msg), &info);

			if (in_msg != total) {
				assert_int_equal(ret, -EINVAL);
				continue;
			}
			assert_int_equal(ret, 0);
			assert_int_equal(info.type, VP_CHMSG_GPADL_HEADER);
			assert_int_equal(info.pfns, total);
			assert_int_equal(info.total_pfns, total);
		}
	}
	/* Full (26 PFNs, 236 bytes): the rest comes in bodies. */
	for (u32 total = 26; total <= 8190; total++) {
		assert_int_equal(check(gpadl_pages(total, 26), &info), 0);
		assert_int_equal(info.pfns, 26);
		assert_int_equal(info.total_pfns, total);
		assert_int_equal(check(gpadl_pages(total, 25), NULL), -EINVAL);
		if (total > 26)
			assert_int_equal(check(gpadl_pages(total, 1), NULL), -EINVAL);
	}
	/* No PFN at all is below the minimum size. */
	assert_int_equal(check(gpadl_pages(1, 0), NULL), -EINVAL);
}

static void gpadl_header_len_multiple(void **state)
{
	(void)state;
	/* 28 + 8n only; 240 would be 26 PFNs and half of one. */
	for (u32 len = 36; len <= VP_CHMSG_MAX; len++) {
		gpadl_pages(30, 26);
		assert_int_equal(check(len, NULL),
				 len == 236 ? 0 : -EINVAL);
		gpadl_pages((len - 28) / 8, 26);
		assert_int_equal(check(len, NULL),
				 (len - 28) % 8 == 0 ? 0 : -EINVAL);
	}
}

static void gpadl_header_byte_range(void **state)
{
	(void)state;
	/* Offset within the first page, the range within the pages. */
	assert_int_equal(check(gpadl_header(16, 1, 1, 4095, 1), NULL), 0);
	assert_int_equal(check(gpadl_header(16, 1, 1, 4096, 1), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(32, 1, 1, 4096, 3), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(32, 1, 1, 0xffffffff, 3), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(16, 1, 4096, 0, 1), NULL), 0);
	assert_int_equal(check(gpadl_header(16, 1, 4097, 0, 1), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(16, 1, 2048, 2048, 1), NULL), 0);
	assert_int_equal(check(gpadl_header(16, 1, 2049, 2048, 1), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(32, 1, 3 * 4096 - 100, 100, 3), NULL), 0);
	assert_int_equal(check(gpadl_header(32, 1, 3 * 4096 - 99, 100, 3), NULL), -EINVAL);
	/* No u32 wrap-around of offset + count. */
	assert_int_equal(check(gpadl_header(16, 1, 0xffffffff, 1, 1), NULL), -EINVAL);
	assert_int_equal(check(gpadl_header(16, 1, 0xfffff001, 4095, 1), NULL), -EINVAL);
	/* An empty buffer is no buffer. */
	assert_int_equal(check(gpadl_header(16, 1, 0, 0, 1), NULL), -EINVAL);
	/* The largest GPADL a header can describe: 8190 pages. */
	assert_int_equal(check(gpadl_header(0xfff8, 1, 8190u * 4096, 0, 26), NULL), 0);
	assert_int_equal(check(gpadl_header(0xfff8, 1, 8190u * 4096 - 1, 1, 26), NULL), 0);
	assert_int_equal(check(gpadl_header(0xfff8, 1, 8190u * 4096, 1, 26), NULL), -EINVAL);
}

/* ---- GPADL body ---- */

static void gpadl_body_pfns(void **state)
{
	struct vp_chmsg_info info;

	(void)state;
	for (u32 pfns = 1; pfns <= 28; pfns++) {
		assert_int_equal(check(gpadl_body(pfns), &info), 0);
		assert_int_equal(info.type, VP_CHMSG_GPADL_BODY);
		assert_int_equal(info.pfns, pfns);
		assert_int_equal(info.total_pfns, 0);
	}
	assert_int_equal(check(gpadl_body(0), NULL), -EINVAL);
	gpadl_body(28);
	for (u32 len = 0; len <= VP_CHMSG_MAX; len++)
		assert_int_equal(check(len, NULL),
				 len >= 24 && (len - 16) % 8 == 0 ? 0 : -EINVAL);
}

/* ---- protocol versions ---- */

static const u32 versions[] = {
	0x00050003, 0x00050002, 0x00050001, 0x00050000,
	0x00040001, 0x00040000, 0x00030000, 0x00020004,
};

static bool listed(u32 v)
{
	for (size_t i = 0; i < ARRAY_SIZE(versions); i++)
		if (versions[i] == v)
			return true;
	return false;
}

static void version_list(void **state)
{
	static const u32 others[] = {
		0x00060000, 0x00050004, 0x00020003, 0x00010001, 0x00010000,
		0x03000500, 0x04000200, 0x00050003 | 0x80000000,
		0x01050003, 0x7fffffff, 0xffffffff,
	};
	u32 ok = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(versions); i++)
		assert_true(vp_vmbus_version_ok(versions[i]));
	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		assert_false(vp_vmbus_version_ok(others[i]));
	/* Every major 0..16 with every minor: exactly the eight. */
	for (u32 v = 0; v < 0x00110000; v++) {
		bool got = vp_vmbus_version_ok(v);

		assert_int_equal(got, listed(v));
		ok += got;
	}
	assert_int_equal(ok, 8);
}

/* ---- integration-service replies ---- */

/* A reply of 16 bytes with transaction id 7. */
static void ic_reply(u16 msgtype, u8 flags)
{
	ic_frame(msgtype, 16, 7, flags);
}

static void negotiate_reply(u16 frame_count, u16 msg_count)
{
	ic_reply(0, 0x1 | 0x4);
	put16(28, frame_count);
	put16(30, msg_count);
	put16(36, 3);		/* framework 3.0 */
	put16(38, 0);
	put16(40, 4);		/* service 4.1 */
	put16(42, 1);
}

static void ic_negotiated_good(void **state)
{
	struct vp_ic_version frame, m;

	(void)state;
	negotiate_reply(1, 1);
	for (u32 len = 44; len <= BUF_SIZE; len++) {
		memset(&frame, 0xee, sizeof(frame));
		memset(&m, 0xee, sizeof(m));
		assert_int_equal(negotiated(len, &frame, &m), 0);
		assert_int_equal(frame.major, 3);
		assert_int_equal(frame.minor, 0);
		assert_int_equal(m.major, 4);
		assert_int_equal(m.minor, 1);
	}
	/* Other bits besides the two needed do not matter. */
	buf[25] = 0xff;
	assert_int_equal(negotiated(44, &frame, &m), 0);
}

static void ic_negotiated_no_match(void **state)
{
	struct vp_ic_version frame, m;

	(void)state;
	negotiate_reply(0, 0);
	assert_int_equal(negotiated(44, &frame, &m), -ENOENT);
	assert_int_equal(negotiated(60, &frame, &m), -ENOENT);
	/* One side without a match is no match either. */
	negotiate_reply(1, 0);
	assert_int_equal(negotiated(44, &frame, &m), -ENOENT);
	negotiate_reply(0, 1);
	assert_int_equal(negotiated(44, &frame, &m), -ENOENT);
}

static void ic_negotiated_short(void **state)
{
	struct vp_ic_version frame, m;

	(void)state;
	negotiate_reply(1, 1);
	for (u32 len = 0; len < 44; len++)
		assert_int_equal(negotiated(len, &frame, &m), -EINVAL);
	negotiate_reply(0, 0);
	assert_int_equal(negotiated(43, &frame, &m), -EINVAL);
}

static void ic_negotiated_flags(void **state)
{
	struct vp_ic_version frame, m;

	(void)state;
	for (u32 flags = 0; flags < 256; flags++) {
		bool good = (flags & 0x5) == 0x5;

		negotiate_reply(1, 1);
		buf[25] = (u8)flags;
		assert_int_equal(negotiated(44, &frame, &m),
				 good ? 0 : -EINVAL);
		/* Not a response beats "no common version". */
		negotiate_reply(0, 0);
		buf[25] = (u8)flags;
		assert_int_equal(negotiated(44, &frame, &m),
				 good ? -ENOENT : -EINVAL);
	}
}

static void ic_negotiated_msgtype(void **state)
{
	static const u16 types[] = { 1, 2, 3, 4, 5, 6, 0x100, 0xffff };
	struct vp_ic_version frame, m;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		negotiate_reply(1, 1);
		put16(12, types[i]);
		assert_int_equal(negotiated(44, &frame, &m), -EINVAL);
	}
}

static void ic_check_reply(void **state)
{
	(void)state;
	/* The header (28 bytes) at least, and @min_len. */
	ic_reply(1, 0x5);
	assert_int_equal(check_reply(28, 1, 0), 0);
	assert_int_equal(check_reply(27, 1, 0), -EINVAL);
	assert_int_equal(check_reply(27, 1, 27), -EINVAL);
	assert_int_equal(check_reply(68, 1, 68), 0);
	assert_int_equal(check_reply(67, 1, 68), -EINVAL);
	assert_int_equal(check_reply(68, 3, 28), -EINVAL);
	assert_int_equal(check_reply(68, 0x101, 28), -EINVAL);
	buf[25] = 0x4;
	assert_int_equal(check_reply(68, 1, 28), -EINVAL);
	buf[25] = 0x1;
	assert_int_equal(check_reply(68, 1, 28), -EINVAL);
	buf[25] = 0x2;
	assert_int_equal(check_reply(68, 1, 28), -EINVAL);
}

#define MIN_CASE(i) { mins[i].name, min_size, NULL, NULL, (void *)&mins[i] }

int main(void)
{
	const struct CMUnitTest tests[] = {
		MIN_CASE(0), MIN_CASE(1), MIN_CASE(2), MIN_CASE(3), MIN_CASE(4),
		MIN_CASE(5), MIN_CASE(6), MIN_CASE(7), MIN_CASE(8), MIN_CASE(9),
		cmocka_unit_test(longer_fixed_size),
		cmocka_unit_test(oversized),
		cmocka_unit_test(unknown_types),
		cmocka_unit_test(host_to_guest_types),
		cmocka_unit_test(gpadl_header_rangecount),
		cmocka_unit_test(gpadl_header_range_buflen),
		cmocka_unit_test(gpadl_header_pfn_counts),
		cmocka_unit_test(gpadl_header_len_multiple),
		cmocka_unit_test(gpadl_header_byte_range),
		cmocka_unit_test(gpadl_body_pfns),
		cmocka_unit_test(version_list),
		cmocka_unit_test(ic_negotiated_good),
		cmocka_unit_test(ic_negotiated_no_match),
		cmocka_unit_test(ic_negotiated_short),
		cmocka_unit_test(ic_negotiated_flags),
		cmocka_unit_test(ic_negotiated_msgtype),
		cmocka_unit_test(ic_check_reply),
	};

	static_assert(ARRAY_SIZE(mins) == 10);
	return cmocka_run_group_tests_name("vpart_vmbus_msg_native", tests, NULL, NULL);
}
