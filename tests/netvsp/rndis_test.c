// SPDX-License-Identifier: GPL-2.0
/*
 * The answers to a guest's RNDIS control messages (kernel/vsp-net/
 * rndis.c), natively with ASan and UBSan: each request is built at its
 * wire offsets (nvsp_build.h), checked by vp_rndis_parse_ctl() as the VSP
 * does, answered into a buffer of exactly the room given, and the answer
 * is read back at the offsets and with the checks of Linux 6.1's netvsc
 * (vmbus-host-facts 6.3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "rndis.h"
#include "nvsp_build.h"

#define ROOM	2048		/* a receive sub-allocation */

static struct vp_rndis_nic nic;
static u8 *out;

static u32 le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* Parse @len bytes of msg, answer into @room bytes. */
static u32 answer_in(u32 len, u32 room)
{
	struct vp_rndis_ctl c;

	assert_int_equal(vp_rndis_parse_ctl(msg, len, &c), 0);
	free(out);
	out = malloc(room ? room : 1);
	assert_non_null(out);
	memset(out, 0xcc, room);
	return vp_rndis_respond(&nic, &c, out, room);
}

static u32 answer(u32 len)
{
	return answer_in(len, ROOM);
}

static int setup(void **state)
{
	static const u8 mac[6] = { 0x00, 0x15, 0x5d, 0x12, 0x34, 0x56 };

	(void)state;
	memset(&nic, 0, sizeof(nic));
	memcpy(nic.mac, mac, sizeof(mac));
	nic.mtu = 1500;
	nic.link_speed = 100000000;
	nic.link_up = true;
	nic.nvsp = 0x60001;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(out);
	out = NULL;
	return 0;
}

/* A QUERY_C as netvsc checks it; returns its information. */
static const u8 *query_ok(u32 len, u32 info_len)
{
	u32 n = answer(len);

	assert_int_equal(n, 24 + info_len);
	assert_int_equal(le32(out), 0x80000004);
	assert_int_equal(le32(out + 4), n);
	assert_int_equal(le32(out + 8), 0x42);
	assert_int_equal(le32(out + 12), 0);
	assert_int_equal(le32(out + 16), info_len);
	assert_int_equal(le32(out + 20), 16);
	assert_true(n - 8 - le32(out + 20) >= le32(out + 16));
	return out + 8 + le32(out + 20);
}

static void init_answered(void **state)
{
	(void)state;
	memset(msg, 0, 24);
	wire_put32(msg, 0, 2);
	wire_put32(msg, 4, 24);
	wire_put32(msg, 8, 9);
	wire_put32(msg, 12, 1);
	wire_put32(msg, 20, 0x4000);
	assert_int_equal(answer(24), 52);
	assert_int_equal(le32(out), 0x80000002);
	assert_int_equal(le32(out + 4), 52);
	assert_int_equal(le32(out + 8), 9);
	assert_int_equal(le32(out + 12), 0);		/* success */
	assert_int_equal(le32(out + 16), 1);		/* RNDIS 1.0 */
	assert_int_equal(le32(out + 20), 0);
	assert_int_equal(le32(out + 24), 1);		/* connectionless */
	assert_int_equal(le32(out + 28), 0);		/* 802.3 */
	assert_int_equal(le32(out + 32), 1);		/* no batching */
	assert_int_equal(le32(out + 40), 3);
	assert_true(nic.initialized);
	/* HALT: no answer, and the NIC is down again. */
	wire_put32(msg, 0, 3);
	wire_put32(msg, 4, 12);
	assert_int_equal(answer(12), 0);
	assert_false(nic.initialized);
}

static void query_oids(void **state)
{
	const u8 *info;

	(void)state;
	info = query_ok(rndis_oid(4, 0x01010101, 6), 6);
	assert_memory_equal(info, nic.mac, 6);
	info = query_ok(rndis_oid(4, 0x01010102, 6), 6);
	assert_memory_equal(info, nic.mac, 6);
	info = query_ok(rndis_oid(4, 0x00010106, 4), 4);
	assert_int_equal(le32(info), 1500);
	info = query_ok(rndis_oid(4, 0x00010107, 4), 4);
	assert_int_equal(le32(info), 100000000);
	info = query_ok(rndis_oid(4, 0x00010114, 4), 4);
	assert_int_equal(le32(info), 0);		/* connected */
	nic.link_up = false;
	info = query_ok(rndis_oid(4, 0x00010114, 4), 4);
	assert_int_equal(le32(info), 1);
}

/* Offload capabilities: a valid ndis_offload offering checksums and LSOv2. */
static void query_offload(void **state)
{
	const u8 *info;
	u32 i;

	(void)state;
	info = query_ok(rndis_oid(4, 0xfc01020d, 156), 112);
	assert_int_equal(info[0], 0xa7);
	assert_int_equal(info[1], 1);
	assert_int_equal(info[2] | info[3] << 8, 112);
	/* netvsc's tests, at its wire offsets: TCP/UDP checksums and TSO, v4 and v6. */
	assert_int_equal(le32(info + 8) & 0x54, 0x54);
	assert_int_equal(le32(info + 24) & 0x55, 0x55);
	assert_int_equal(le32(info + 80) & 2, 2);
	assert_true(le32(info + 84) >= 16384 && le32(info + 84) < 65536 - 256);
	assert_int_equal(le32(info + 92) & 2, 2);
	assert_int_equal(le32(info + 96), le32(info + 84));
	assert_int_equal(le32(info + 104) & 5, 5);
	/* Nothing else: no LSOv1, IPsec or flags. */
	for (i = 36; i < 80; i++)
		assert_int_equal(info[i], 0);
	for (i = 108; i < 112; i++)
		assert_int_equal(info[i], 0);
}

static void query_unknown(void **state)
{
	(void)state;
	assert_int_equal(answer(rndis_oid(4, 0x00010203, 0)), 24);	/* RSS caps */
	assert_int_equal(le32(out + 4), 24);
	assert_int_equal(le32(out + 12), 0xc00000bb);
	assert_int_equal(le32(out + 16), 0);
	assert_int_equal(le32(out + 20), 16);	/* netvsc checks it on failures too */
	assert_int_equal(answer(rndis_oid(4, 0x00020216, 512)), 24);	/* friendly name */
	assert_int_equal(le32(out + 12), 0xc00000bb);
}

static u32 set_status(u32 oid, u32 info_len, u8 first)
{
	u32 len = rndis_oid(5, oid, info_len);

	if (info_len)
		msg[28] = first;
	assert_int_equal(answer(len), 16);
	assert_int_equal(le32(out), 0x80000005);
	assert_int_equal(le32(out + 4), 16);
	assert_int_equal(le32(out + 8), 0x42);
	return le32(out + 12);
}

static void set_oids(void **state)
{
	(void)state;
	assert_int_equal(set_status(0x0001010e, 4, 0x0d), 0);
	assert_int_equal(nic.packet_filter, 0x5a5a5a0d);
	assert_int_equal(set_status(0x0001010e, 2, 0x0d), 0xc0010015);
	assert_int_equal(set_status(0xfc01020c, 28, 0x80), 0);
	assert_int_equal(set_status(0xfc01020c, 28, 0x81), 0xc0010015);
	assert_int_equal(set_status(0xfc01020c, 0, 0), 0xc0010015);
	assert_int_equal(set_status(0x00010204, 40, 0x88), 0xc00000bb);	/* RSS */
	assert_int_equal(set_status(0x0001021b, 40, 0), 0xc00000bb);	/* MAC change */
}

static void keepalive_reset_room(void **state)
{
	(void)state;
	memset(msg, 0, 16);
	wire_put32(msg, 0, 8);
	wire_put32(msg, 4, 12);
	wire_put32(msg, 8, 77);
	assert_int_equal(answer(12), 16);
	assert_int_equal(le32(out), 0x80000008);
	assert_int_equal(le32(out + 8), 77);
	assert_int_equal(le32(out + 12), 0);
	wire_put32(msg, 0, 6);
	assert_int_equal(answer(12), 16);
	assert_int_equal(le32(out), 0x80000006);
	assert_int_equal(le32(out + 8), 0);
	/* No room for the answer: none, and nothing written past the room. */
	assert_int_equal(answer_in(rndis_oid(4, 0xfc01020d, 156), 24 + 111), 0);
	assert_int_equal(answer_in(rndis_oid(5, 0x0001010e, 4), 15), 0);
	assert_false(nic.packet_filter);
	memset(msg, 0, 24);
	wire_put32(msg, 0, 2);
	wire_put32(msg, 4, 24);
	assert_int_equal(answer_in(24, 51), 0);
	assert_false(nic.initialized);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(init_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(query_oids, setup, teardown),
		cmocka_unit_test_setup_teardown(query_offload, setup, teardown),
		cmocka_unit_test_setup_teardown(query_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(set_oids, setup, teardown),
		cmocka_unit_test_setup_teardown(keepalive_reset_room, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
