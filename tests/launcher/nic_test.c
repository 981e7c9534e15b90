// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the launcher's --nic parsing (userspace/nic.c): names as
 * Linux takes them, MACs, MTUs, the generated MAC and GUID, and the clear
 * error of each refusal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "nic.h"
#include "vpart.h"

/* cmd_nic's client side is not under test here. */
int vp_control_run(const char *name, const char *req)
{
	(void)name;
	(void)req;
	return 1;
}

static char err[256];

static int parse(const char *spec, struct vp_nic *n)
{
	err[0] = 0;
	return vp_nic_parse(spec, n, err, sizeof(err));
}

static void name_only(void **state)
{
	struct vp_nic a, b;

	(void)state;
	assert_int_equal(parse("vpn0", &a), 0);
	assert_string_equal(a.name, "vpn0");
	assert_int_equal(a.mtu, 0);
	/* Generated: a locally administered unicast MAC, a version 4 GUID. */
	assert_int_equal(a.mac[0] & 3, 2);
	assert_int_equal(a.instance[7] >> 4, 4);
	assert_int_equal(a.instance[8] >> 6, 2);
	assert_int_equal(parse("vpn0", &b), 0);
	assert_memory_not_equal(a.instance, b.instance, sizeof(a.instance));
	assert_int_equal(parse("abcdefghijklmno", &a), 0);	/* 15 characters */
}

static void options(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0xab, 0x0a };
	struct vp_nic n;

	(void)state;
	assert_int_equal(parse("vpn1,mac=02:00:5e:10:AB:0a,mtu=9000", &n), 0);
	assert_memory_equal(n.mac, mac, sizeof(mac));
	assert_int_equal(n.mtu, 9000);
	assert_int_equal(parse("vpn1,mtu=68", &n), 0);
	assert_int_equal(n.mtu, 68);
}

static void refused(void **state)
{
	static const struct {
		const char *spec, *msg;
	} bad[] = {
		{ "", "bad interface name" },
		{ "abcdefghijklmnop", "bad interface name" },	/* 16 */
		{ "a/b", "bad interface name" },
		{ "a b", "bad interface name" },
		{ "a:b", "bad interface name" },
		{ "eth%d", "bad interface name" },
		{ ".", "bad interface name" },
		{ "..", "bad interface name" },
		{ ",mac=02:00:00:00:00:01", "bad interface name" },
		{ "vpn0,mac=01:00:5e:00:00:01", "bad mac" },	/* multicast */
		{ "vpn0,mac=00:00:00:00:00:00", "bad mac" },
		{ "vpn0,mac=02:00:00:00:00", "bad mac" },
		{ "vpn0,mac=02:00:00:00:00:01:", "bad mac" },
		{ "vpn0,mac=02:00:00:00:00:0g", "bad mac" },
		{ "vpn0,mac=2:0:0:0:0:1", "bad mac" },
		{ "vpn0,mtu=67", "bad mtu" },
		{ "vpn0,mtu=9001", "bad mtu" },
		{ "vpn0,mtu=", "bad mtu" },
		{ "vpn0,mtu=1500x", "bad mtu" },
		{ "vpn0,mtu=-1", "bad mtu" },
		{ "vpn0,speed=10", "unknown nic option" },
	};
	struct vp_nic n;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(parse(bad[i].spec, &n), -1);
		if (!strstr(err, bad[i].msg))
			fail_msg("'%s': '%s' lacks '%s'", bad[i].spec, err, bad[i].msg);
	}
}

/* Without /dev/vpart's partition the ioctl fails: the message names the NIC. */
static void attach_error(void **state)
{
	struct vp_nic n;

	(void)state;
	assert_int_equal(parse("vpn0", &n), 0);
	assert_int_equal(vp_nic_attach(-1, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "vpn0: "));
	assert_int_equal(n.id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_only),
		cmocka_unit_test(options),
		cmocka_unit_test(refused),
		cmocka_unit_test(attach_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
