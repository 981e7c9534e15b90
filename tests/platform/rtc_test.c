// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the CMOS RTC model (userspace/rtc.c) on a fake clock:
 * encodings, status registers, storage, and Linux 6.1's mc146818 read and
 * set sequences.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "platform.h"
#include "rtc.h"

#define IDX	VP_RTC_PORT
#define DATA	(VP_RTC_PORT + 1)

/* 2026-11-25 23:59:58 UTC, a Wednesday. */
#define T0	1795651198
/* 2026-12-31 23:59:59 UTC */
#define T_NEW_YEAR	1798761599

static time_t fake_now;
static unsigned int calls, tick_after;	/* advance 1 s after n calls */

static time_t fake_clock(void)
{
	if (tick_after && ++calls == tick_after)
		fake_now++;
	return fake_now;
}

static int setup(void **state)
{
	struct vp_rtc *r;

	fake_now = T0;
	calls = 0;
	tick_after = 0;
	r = vp_rtc_new(fake_clock);
	assert_non_null(r);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	vp_rtc_free(*state);
	return 0;
}

static uint8_t cmos_rd(struct vp_rtc *r, uint8_t reg)
{
	vp_rtc_write(r, IDX, reg);
	return vp_rtc_read(r, DATA);
}

static void cmos_wr(struct vp_rtc *r, uint8_t reg, uint8_t v)
{
	vp_rtc_write(r, IDX, reg);
	vp_rtc_write(r, DATA, v);
}

/* Seconds, minutes, hours, weekday, day, month, year, century. */
static void expect_time(struct vp_rtc *r, const uint8_t want[8])
{
	static const uint8_t regs[8] = { 0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09,
					 VP_RTC_CENTURY };
	int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(cmos_rd(r, regs[i]), want[i]);
}

static void test_bcd(void **state)
{
	struct vp_rtc *r = *state;

	expect_time(r, (const uint8_t[]){ 0x58, 0x59, 0x23, 0x04, 0x25, 0x11, 0x26, 0x20 });
}

static void test_binary(void **state)
{
	struct vp_rtc *r = *state;

	cmos_wr(r, 0x0b, 0x06);
	assert_int_equal(cmos_rd(r, 0x0b), 0x06);
	expect_time(r, (const uint8_t[]){ 58, 59, 23, 4, 25, 11, 26, 20 });
}

static void test_12_hour(void **state)
{
	struct vp_rtc *r = *state;

	cmos_wr(r, 0x0b, 0x00);
	assert_int_equal(cmos_rd(r, 0x04), 0x91);	/* 11 PM */
	fake_now = T0 - 23 * 3600;			/* 00:59:58 */
	assert_int_equal(cmos_rd(r, 0x04), 0x12);	/* 12 AM */
	cmos_wr(r, 0x0b, 0x04);
	assert_int_equal(cmos_rd(r, 0x04), 12);
	fake_now = T0 - 11 * 3600;			/* 12:59:58 */
	assert_int_equal(cmos_rd(r, 0x04), 0x80 | 12);
}

static void test_status(void **state)
{
	struct vp_rtc *r = *state;

	assert_int_equal(cmos_rd(r, 0x0a), 0x26);
	assert_int_equal(cmos_rd(r, 0x0b), 0x02);
	assert_int_equal(cmos_rd(r, 0x0c), 0x00);
	assert_int_equal(cmos_rd(r, 0x0d), 0x80);
	cmos_wr(r, 0x0a, 0xff);
	assert_int_equal(cmos_rd(r, 0x0a), 0x7f);	/* UIP stays 0 */
	cmos_wr(r, 0x0c, 0xff);
	cmos_wr(r, 0x0d, 0x00);
	assert_int_equal(cmos_rd(r, 0x0c), 0x00);
	assert_int_equal(cmos_rd(r, 0x0d), 0x80);
	cmos_wr(r, 0x0b, 0x72);				/* interrupt enables */
	assert_int_equal(cmos_rd(r, 0x0b), 0x72);
	assert_int_equal(cmos_rd(r, 0x0c), 0x00);	/* still no flags */
}

static void test_index_port(void **state)
{
	struct vp_rtc *r = *state;

	vp_rtc_write(r, IDX, 0x80 | 0x09);		/* NMI disabled */
	assert_int_equal(vp_rtc_read(r, DATA), 0x26);
	assert_int_equal(vp_rtc_read(r, IDX), 0x89);
	vp_rtc_write(r, IDX, 0x80 | 0x40);
	vp_rtc_write(r, DATA, 0xa5);
	assert_int_equal(cmos_rd(r, 0x40), 0xa5);
	assert_int_equal(vp_rtc_read(r, 0x72), 0xff);	/* not ours */
	vp_rtc_write(r, 0x72, 0x00);
	assert_int_equal(cmos_rd(r, 0x40), 0xa5);
}

static void test_storage(void **state)
{
	struct vp_rtc *r = *state;
	unsigned int reg;

	for (reg = 0x0e; reg < 0x80; reg++)
		if (reg != VP_RTC_CENTURY)
			cmos_wr(r, reg, reg ^ 0x5a);
	for (reg = 0x0e; reg < 0x80; reg++)
		if (reg != VP_RTC_CENTURY)
			assert_int_equal(cmos_rd(r, reg), reg ^ 0x5a);
	cmos_wr(r, 0x01, 0x30);				/* alarms */
	cmos_wr(r, 0x03, 0x15);
	cmos_wr(r, 0x05, 0xc0);
	assert_int_equal(cmos_rd(r, 0x01), 0x30);
	assert_int_equal(cmos_rd(r, 0x03), 0x15);
	assert_int_equal(cmos_rd(r, 0x05), 0xc0);
	assert_int_equal(cmos_rd(r, 0x00), 0x58);	/* time unaffected */
}

struct rtc_time {
	int sec, min, hour, mday, mon, year, century;
};

static void expect_rtc(const struct rtc_time *t, struct rtc_time want)
{
	assert_memory_equal(t, &want, sizeof(want));
}

/* mc146818_avoid_UIP() with mc146818_get_time_callback(), BCD mode. */
static bool linux_get_time(struct vp_rtc *r, struct rtc_time *t, int *tries)
{
	uint8_t sec;

	for (*tries = 1; *tries < 100; (*tries)++) {
		sec = cmos_rd(r, 0x00);
		if (cmos_rd(r, 0x0a) & 0x80)
			continue;
		if (sec != cmos_rd(r, 0x00))
			continue;
		t->sec = sec;
		t->min = cmos_rd(r, 0x02);
		t->hour = cmos_rd(r, 0x04);
		t->mday = cmos_rd(r, 0x07);
		t->mon = cmos_rd(r, 0x08);
		t->year = cmos_rd(r, 0x09);
		t->century = cmos_rd(r, VP_RTC_CENTURY);
		if (cmos_rd(r, 0x0a) & 0x80)
			continue;
		if (sec != cmos_rd(r, 0x00))
			continue;
		return true;
	}
	return false;
}

static void test_linux_read_across_tick(void **state)
{
	struct vp_rtc *r = *state;
	struct rtc_time t;
	int tries;

	/* The year changes between the minutes and the year reads. */
	fake_now = T_NEW_YEAR;
	tick_after = 5;
	assert_true(linux_get_time(r, &t, &tries));
	assert_int_equal(tries, 2);
	expect_rtc(&t, (struct rtc_time){ 0x00, 0x00, 0x00, 0x01, 0x01, 0x27, 0x20 });

	fake_now = T0;
	tick_after = 0;
	assert_true(linux_get_time(r, &t, &tries));
	assert_int_equal(tries, 1);
	assert_int_equal(t.sec, 0x58);
	assert_int_equal(t.year, 0x26);
}

/* mc146818_set_time(): SET, divider reset, the fields, then restore. */
static void test_linux_set_time(void **state)
{
	struct vp_rtc *r = *state;
	struct rtc_time t;
	uint8_t ctl, freq;
	int tries;

	ctl = cmos_rd(r, 0x0b);
	cmos_wr(r, 0x0b, ctl | 0x80);
	freq = cmos_rd(r, 0x0a);
	cmos_wr(r, 0x0a, freq | 0x70);
	cmos_wr(r, 0x09, 0x99);
	cmos_wr(r, 0x08, 0x02);
	cmos_wr(r, 0x07, 0x28);
	cmos_wr(r, 0x04, 0x13);
	cmos_wr(r, 0x02, 0x45);
	fake_now += 7;				/* frozen while SET */
	assert_int_equal(cmos_rd(r, 0x00), 0x58);
	cmos_wr(r, 0x00, 0x30);
	cmos_wr(r, VP_RTC_CENTURY, 0x19);
	assert_int_equal(cmos_rd(r, 0x00), 0x30);
	cmos_wr(r, 0x0b, ctl);
	cmos_wr(r, 0x0a, freq);

	fake_now += 100;			/* runs again from 13:45:30 */
	assert_true(linux_get_time(r, &t, &tries));
	expect_rtc(&t, (struct rtc_time){ 0x10, 0x47, 0x13, 0x28, 0x02, 0x99, 0x19 });
	assert_int_equal(cmos_rd(r, 0x06), 0x01);	/* 1999-02-28: Sunday */

	/* A write without SET moves the running clock at once. */
	cmos_wr(r, 0x02, 0x00);
	assert_int_equal(cmos_rd(r, 0x02), 0x00);
	assert_int_equal(cmos_rd(r, 0x04), 0x13);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bcd),
		T(test_binary),
		T(test_12_hour),
		T(test_status),
		T(test_index_port),
		T(test_storage),
		T(test_linux_read_across_tick),
		T(test_linux_set_time),
	};

	return cmocka_run_group_tests_name("rtc", tests, NULL, NULL);
}
