// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS real-time clock, as Linux 6.1's mc146818 library reads it: the
 * time registers are computed from the host's UTC clock on every read, the
 * update-in-progress bit is never set (so mc146818_avoid_UIP succeeds at
 * once) and a second boundary between two reads only makes Linux read
 * again. Alarms and the rest of the 128 bytes are plain storage; no
 * periodic, alarm or update interrupt exists (platform.h).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "platform.h"
#include "rtc.h"

#define REG_SEC		0x00
#define REG_MIN		0x02
#define REG_HOUR	0x04
#define REG_WDAY	0x06
#define REG_MDAY	0x07
#define REG_MON		0x08
#define REG_YEAR	0x09
#define REG_A		0x0a
#define REG_B		0x0b
#define REG_C		0x0c
#define REG_D		0x0d

#define A_UIP		0x80
#define A_RESET		0x26	/* 32.768 kHz divider, 1024 Hz rate */
#define B_SET		0x80	/* updates stopped while the guest sets time */
#define B_BINARY	0x04	/* DM: binary, else BCD */
#define B_24H		0x02
#define D_VRT		0x80	/* valid RAM and time */
#define HOUR_PM		0x80	/* in 12-hour mode */

struct vp_rtc {
	pthread_mutex_t lock;
	time_t (*now)(void);
	time_t offset;			/* guest time - host time */
	struct tm latch;		/* the time being set while B.SET */
	uint8_t index_port;
	uint8_t cmos[128];
};

static time_t host_now(void)
{
	return time(NULL);
}

struct vp_rtc *vp_rtc_new(time_t (*now)(void))
{
	struct vp_rtc *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	if (pthread_mutex_init(&r->lock, NULL)) {
		free(r);
		return NULL;
	}
	r->now = now ? now : host_now;
	r->cmos[REG_A] = A_RESET;
	r->cmos[REG_B] = B_24H;
	return r;
}

void vp_rtc_free(struct vp_rtc *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static bool is_time_reg(unsigned int reg)
{
	return reg == REG_SEC || reg == REG_MIN || reg == REG_HOUR ||
	       reg == REG_WDAY || reg == REG_MDAY || reg == REG_MON ||
	       reg == REG_YEAR || reg == VP_RTC_CENTURY;
}

static void guest_time(struct vp_rtc *r, struct tm *tm)
{
	time_t t;

	if (r->cmos[REG_B] & B_SET) {
		*tm = r->latch;
		return;
	}
	t = r->now() + r->offset;
	gmtime_r(&t, tm);
}

static uint8_t encode(const struct vp_rtc *r, int v)
{
	if (r->cmos[REG_B] & B_BINARY)
		return v;
	return (v / 10 % 10) << 4 | v % 10;
}

static int decode(const struct vp_rtc *r, uint8_t v)
{
	if (r->cmos[REG_B] & B_BINARY)
		return v;
	return (v >> 4) * 10 + (v & 0xf);
}

static uint8_t read_time(struct vp_rtc *r, unsigned int reg)
{
	struct tm tm;
	int h;

	guest_time(r, &tm);
	switch (reg) {
	case REG_SEC:
		return encode(r, tm.tm_sec);
	case REG_MIN:
		return encode(r, tm.tm_min);
	case REG_HOUR:
		if (r->cmos[REG_B] & B_24H)
			return encode(r, tm.tm_hour);
		h = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
		return encode(r, h) | (tm.tm_hour >= 12 ? HOUR_PM : 0);
	case REG_WDAY:
		return encode(r, tm.tm_wday + 1);	/* Sunday is 1 */
	case REG_MDAY:
		return encode(r, tm.tm_mday);
	case REG_MON:
		return encode(r, tm.tm_mon + 1);
	case REG_YEAR:
		return encode(r, (tm.tm_year + 1900) % 100);
	default:				/* VP_RTC_CENTURY */
		return encode(r, (tm.tm_year + 1900) / 100);
	}
}

/* The guest's clock becomes tm: remember how far it is from the host's. */
static void commit(struct vp_rtc *r, struct tm *tm)
{
	r->offset = timegm(tm) - r->now();
}

/*
 * One field of the guest's clock changes. Values are not range-checked:
 * timegm() normalises them (day 31 of a 30-day month is the 1st).
 */
static void write_time(struct vp_rtc *r, unsigned int reg, uint8_t val)
{
	bool h12 = reg == REG_HOUR && !(r->cmos[REG_B] & B_24H);
	int v = decode(r, h12 ? val & ~HOUR_PM : val);
	struct tm tm;
	int year;

	guest_time(r, &tm);
	year = tm.tm_year + 1900;
	switch (reg) {
	case REG_SEC:
		tm.tm_sec = v;
		break;
	case REG_MIN:
		tm.tm_min = v;
		break;
	case REG_HOUR:
		if (h12)
			v = v % 12 + (val & HOUR_PM ? 12 : 0);
		tm.tm_hour = v;
		break;
	case REG_WDAY:
		tm.tm_wday = v - 1;	/* follows from the date after SET */
		break;
	case REG_MDAY:
		tm.tm_mday = v;
		break;
	case REG_MON:
		tm.tm_mon = v - 1;
		break;
	case REG_YEAR:
		tm.tm_year = year / 100 * 100 + v - 1900;
		break;
	default:		/* VP_RTC_CENTURY */
		tm.tm_year = v * 100 + year % 100 - 1900;
		break;
	}
	if (r->cmos[REG_B] & B_SET)
		r->latch = tm;
	else
		commit(r, &tm);
}

static void write_b(struct vp_rtc *r, uint8_t val)
{
	uint8_t old = r->cmos[REG_B];

	if (!(old & B_SET) && (val & B_SET))
		guest_time(r, &r->latch);	/* freeze the clock */
	r->cmos[REG_B] = val;
	if ((old & B_SET) && !(val & B_SET))
		commit(r, &r->latch);		/* and restart it */
}

static void data_write(struct vp_rtc *r, unsigned int reg, uint8_t val)
{
	if (is_time_reg(reg))
		write_time(r, reg, val);
	else if (reg == REG_A)
		r->cmos[REG_A] = val & ~A_UIP;
	else if (reg == REG_B)
		write_b(r, val);
	else if (reg != REG_C && reg != REG_D)
		r->cmos[reg] = val;
}

static uint8_t data_read(struct vp_rtc *r, unsigned int reg)
{
	if (is_time_reg(reg))
		return read_time(r, reg);
	if (reg == REG_C)
		return 0;			/* no interrupt flags, ever */
	if (reg == REG_D)
		return D_VRT;
	return r->cmos[reg];
}

void vp_rtc_write(struct vp_rtc *r, unsigned int port, uint8_t val)
{
	pthread_mutex_lock(&r->lock);
	if (port == VP_RTC_PORT)
		r->index_port = val;
	else if (port == VP_RTC_PORT + 1)
		data_write(r, r->index_port & 0x7f, val);	/* bit 7: NMI */
	pthread_mutex_unlock(&r->lock);
}

uint8_t vp_rtc_read(struct vp_rtc *r, unsigned int port)
{
	uint8_t v = 0xff;

	pthread_mutex_lock(&r->lock);
	if (port == VP_RTC_PORT)
		v = r->index_port;
	else if (port == VP_RTC_PORT + 1)
		v = data_read(r, r->index_port & 0x7f);	/* bit 7: NMI */
	pthread_mutex_unlock(&r->lock);
	return v;
}
