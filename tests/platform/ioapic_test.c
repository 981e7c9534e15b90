// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the IOAPIC model (userspace/ioapic.c): the register
 * window as Linux 6.1's io_apic.c uses it, and which input changes turn
 * into deliveries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ioapic.h"
#include "platform.h"

#define MAX_SENT	8

struct fx {
	struct vp_ioapic *io;
	int fail;			/* what deliver() returns */
	int count;
	struct {
		uint32_t dest;
		int logical;
		uint8_t vector;
	} sent[MAX_SENT];
};

static int record(void *ctx, uint32_t dest, int logical, uint8_t vector)
{
	struct fx *f = ctx;

	if (f->count < MAX_SENT) {
		f->sent[f->count].dest = dest;
		f->sent[f->count].logical = logical;
		f->sent[f->count].vector = vector;
	}
	f->count++;
	return f->fail;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->io = vp_ioapic_new(record, f);
	assert_non_null(f->io);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	vp_ioapic_free(f->io);
	free(f);
	return 0;
}

static void mmio32(struct fx *f, uint64_t off, int is_write, uint32_t *v)
{
	uint8_t d[4];

	memcpy(d, v, 4);
	vp_ioapic_mmio(f->io, off, is_write, d, 4);
	memcpy(v, d, 4);
}

/* io_apic_read()/io_apic_write(): select with IOREGSEL, go through IOWIN. */
static uint32_t reg_rd(struct fx *f, uint32_t reg)
{
	uint32_t v = 0xdeadbeef;

	mmio32(f, 0x00, 1, &reg);
	mmio32(f, 0x10, 0, &v);
	return v;
}

static void reg_wr(struct fx *f, uint32_t reg, uint32_t v)
{
	mmio32(f, 0x00, 1, &reg);
	mmio32(f, 0x10, 1, &v);
}

/* Pin routed like Linux routes COM1: edge, active high, unmasked. */
static void route(struct fx *f, unsigned int pin, uint32_t low, uint8_t dest)
{
	reg_wr(f, 0x11 + 2 * pin, (uint32_t)dest << 24);
	reg_wr(f, 0x10 + 2 * pin, low);
}

static void test_id_version(void **state)
{
	struct fx *f = *state;

	assert_int_equal(reg_rd(f, 0), VP_IOAPIC_ID << 24);
	assert_int_equal(reg_rd(f, 1), 0x00170011);
	assert_int_equal(reg_rd(f, 2), VP_IOAPIC_ID << 24);
	reg_wr(f, 0, 0xffffffff);
	assert_int_equal(reg_rd(f, 0), 0x0f000000);
	reg_wr(f, 0, 0x05000000);
	assert_int_equal(reg_rd(f, 0), 0x05000000);
	reg_wr(f, 1, 0);			/* read-only */
	reg_wr(f, 2, 0);
	assert_int_equal(reg_rd(f, 1), 0x00170011);
	assert_int_equal(reg_rd(f, 2), 0x05000000);
	assert_int_equal(reg_rd(f, 3), 0);	/* no such register */
	assert_int_equal(reg_rd(f, 0x10 + 2 * VP_IOAPIC_PINS), 0);
}

static void test_redirection_entries(void **state)
{
	struct fx *f = *state;
	unsigned int pin;

	for (pin = 0; pin < VP_IOAPIC_PINS; pin++) {
		assert_int_equal(reg_rd(f, 0x10 + 2 * pin), 0x00010000);
		assert_int_equal(reg_rd(f, 0x11 + 2 * pin), 0);
	}
	reg_wr(f, 0x10 + 2 * 7, 0xffffffff);
	reg_wr(f, 0x11 + 2 * 7, 0xffffffff);
	/* Delivery status, remote IRR and reserved bits stay 0. */
	assert_int_equal(reg_rd(f, 0x10 + 2 * 7), 0x0001afff);
	assert_int_equal(reg_rd(f, 0x11 + 2 * 7), 0xff000000);
	reg_wr(f, 0x10 + 2 * 7, 0x00000934);	/* lowest prio, logical */
	assert_int_equal(reg_rd(f, 0x10 + 2 * 7), 0x00000934);
	assert_int_equal(reg_rd(f, 0x11 + 2 * 7), 0xff000000);
	assert_int_equal(reg_rd(f, 0x10 + 2 * 6), 0x00010000);
	assert_int_equal(reg_rd(f, 0x10 + 2 * 8), 0x00010000);
	assert_int_equal(f->count, 0);
}

static void test_masked_no_delivery(void **state)
{
	struct fx *f = *state;

	vp_ioapic_set_irq(f->io, 4, 1);		/* reset: all masked */
	vp_ioapic_set_irq(f->io, 4, 0);
	route(f, 4, 0x00010034, 0);
	vp_ioapic_set_irq(f->io, 4, 1);
	assert_int_equal(f->count, 0);
	/* Unmasked while high: no new edge, nothing sent. */
	route(f, 4, 0x00000034, 0);
	assert_int_equal(f->count, 0);
	vp_ioapic_set_irq(f->io, 4, 0);
	vp_ioapic_set_irq(f->io, 4, 1);
	assert_int_equal(f->count, 1);
}

static void test_edge_delivery(void **state)
{
	struct fx *f = *state;

	route(f, 4, 0x00000034, 3);
	vp_ioapic_set_irq(f->io, 4, 1);
	assert_int_equal(f->count, 1);
	assert_int_equal(f->sent[0].dest, 3);
	assert_int_equal(f->sent[0].logical, 0);
	assert_int_equal(f->sent[0].vector, 0x34);
	vp_ioapic_set_irq(f->io, 4, 1);		/* still high: no edge */
	vp_ioapic_set_irq(f->io, 4, 0);
	assert_int_equal(f->count, 1);
	vp_ioapic_set_irq(f->io, 4, 1);
	assert_int_equal(f->count, 2);

	route(f, 9, 0x00000941, 0x05);		/* lowest prio -> fixed */
	vp_ioapic_set_irq(f->io, 9, 1);
	assert_int_equal(f->count, 3);
	assert_int_equal(f->sent[2].dest, 5);
	assert_int_equal(f->sent[2].logical, 1);
	assert_int_equal(f->sent[2].vector, 0x41);

	route(f, 10, 0x00002050, 1);		/* active low: 1 -> 0 is the edge */
	vp_ioapic_set_irq(f->io, 10, 1);
	assert_int_equal(f->count, 3);
	vp_ioapic_set_irq(f->io, 10, 0);
	assert_int_equal(f->count, 4);
	assert_int_equal(f->sent[3].vector, 0x50);

	vp_ioapic_set_irq(f->io, VP_IOAPIC_PINS, 1);	/* no such pin */
	vp_ioapic_set_irq(f->io, ~0u, 1);
	assert_int_equal(f->count, 4);
}

static void test_other_modes(void **state)
{
	struct fx *f = *state;
	unsigned int mode;

	for (mode = 2; mode < 8; mode++) {	/* SMI, NMI, INIT, ExtINT... */
		route(f, mode, mode << 8 | 0x60, 0);
		vp_ioapic_set_irq(f->io, mode, 1);
	}
	assert_int_equal(f->count, 0);
	f->fail = -1;				/* deliver() fails: logged */
	route(f, 1, 0x00000031, 0);
	vp_ioapic_set_irq(f->io, 1, 1);
	assert_int_equal(f->count, 1);
}

static void test_level_pin(void **state)
{
	struct fx *f = *state;

	route(f, 11, 0x00018061, 0);		/* level, masked */
	vp_ioapic_set_irq(f->io, 11, 1);
	assert_int_equal(f->count, 0);
	route(f, 11, 0x00008061, 0);		/* unmasked while high */
	assert_int_equal(f->count, 1);
	route(f, 11, 0x00008061, 0);		/* rewrite: no change */
	assert_int_equal(f->count, 1);
	vp_ioapic_set_irq(f->io, 11, 1);	/* still asserted */
	assert_int_equal(f->count, 2);
	vp_ioapic_set_irq(f->io, 11, 0);
	assert_int_equal(f->count, 2);
	assert_int_equal(reg_rd(f, 0x10 + 2 * 11) & 0x5000, 0);
}

static void test_bad_access(void **state)
{
	struct fx *f = *state;
	uint8_t d[8];
	uint32_t v;

	reg_wr(f, 0x10 + 2 * 4, 0x00000034);	/* leaves IOREGSEL at 0x18 */
	memset(d, 0, sizeof(d));
	vp_ioapic_mmio(f->io, 0x10, 0, d, 8);
	assert_memory_equal(d, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	memset(d, 0, sizeof(d));
	vp_ioapic_mmio(f->io, 0x10, 0, d, 2);
	assert_memory_equal(d, "\xff\xff\0\0", 4);
	v = 0;
	mmio32(f, 0x04, 0, &v);
	assert_int_equal(v, 0xffffffff);
	mmio32(f, 0x40, 0, &v);			/* no EOI register in 0x11 */
	assert_int_equal(v, 0xffffffff);
	v = 0x01;
	mmio32(f, 0x20, 1, &v);
	mmio32(f, 0x01, 1, &v);
	memset(d, 0xff, sizeof(d));
	vp_ioapic_mmio(f->io, 0x10, 1, d, 8);	/* 8-byte write ignored */
	vp_ioapic_mmio(f->io, 0x10, 1, d, 1);
	vp_ioapic_mmio(f->io, 0x00, 0, d, 1);
	assert_int_equal(d[0], 0x18);		/* IOREGSEL kept */
	assert_int_equal(reg_rd(f, 0x18), 0x00000034);
	assert_int_equal(reg_rd(f, 0), VP_IOAPIC_ID << 24);
	assert_int_equal(f->count, 0);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_id_version),
		T(test_redirection_entries),
		T(test_masked_no_delivery),
		T(test_edge_delivery),
		T(test_other_modes),
		T(test_level_pin),
		T(test_bad_access),
	};

	return cmocka_run_group_tests_name("ioapic", tests, NULL, NULL);
}
