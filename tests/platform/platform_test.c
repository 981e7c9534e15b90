// SPDX-License-Identifier: GPL-2.0
/*
 * The exit dispatcher (userspace/platform.c) on a fake run page: which
 * port does what, and which accesses end the VM.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "ioapic.h"
#include "platform.h"
#include "rtc.h"
#include "uart.h"
#include "vm.h"

static union {
	struct vpart_run run;
	uint8_t page[4096];
} rp;
static struct vm vm;
static struct vm_vcpu c = { .vm = &vm, .run = &rp.run };
static char outbuf[64];

static int io(unsigned int port, int out, unsigned int size, uint32_t val, uint32_t *in)
{
	int ret;

	memset(&rp, 0, sizeof(rp));
	rp.run.exit_reason = VPART_EXIT_IO;
	rp.run.io.port = port;
	rp.run.io.size = size;
	rp.run.io.direction = out ? VPART_EXIT_IO_OUT : VPART_EXIT_IO_IN;
	rp.run.io.count = 1;
	rp.run.io.data_offset = VPART_RUN_IO_DATA_OFFSET;
	memcpy(rp.page + VPART_RUN_IO_DATA_OFFSET, &val, size);
	ret = vp_platform_io(&c);
	if (in) {
		*in = 0;
		memcpy(in, rp.page + VPART_RUN_IO_DATA_OFFSET, size);
	}
	return ret;
}

static int setup(void **state)
{
	(void)state;
	memset(outbuf, 0, sizeof(outbuf));
	vm.con = fmemopen(outbuf, sizeof(outbuf), "w");
	setvbuf(vm.con, NULL, _IONBF, 0);
	vm.uart = vp_uart_new(vm.con, NULL, NULL);
	vm.rtc = vp_rtc_new(NULL);
	vm.ioapic = vp_ioapic_new(NULL, NULL);
	pthread_mutex_init(&vm.pci_lock, NULL);
	return !vm.con || !vm.uart || !vm.rtc || !vm.ioapic;
}

static int teardown(void **state)
{
	(void)state;
	vp_uart_free(vm.uart);
	vp_rtc_free(vm.rtc);
	vp_ioapic_free(vm.ioapic);
	fclose(vm.con);
	return 0;
}

/* ACPI S5 ends the VM with "power off"; other sleep values do not. */
static void test_poweroff(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(io(VP_ACPI_SLEEP_STS_PORT, 1, 1, 0x80, NULL), VM_RUNNING);
	assert_int_equal(io(VP_ACPI_SLEEP_CTL_PORT, 1, 1, 5 << 2, NULL), VM_RUNNING);
	assert_int_equal(io(VP_ACPI_SLEEP_CTL_PORT, 1, 1, 3 << 2 | 0x20, NULL), VM_RUNNING);
	assert_int_equal(io(VP_ACPI_SLEEP_CTL_PORT, 1, 1, 5 << 2 | 0x20, NULL), VM_POWEROFF);
	assert_int_equal(io(VP_ACPI_SLEEP_STS_PORT, 0, 1, 0, &v), VM_RUNNING);
	assert_int_equal(v, 0);
}

static void test_reset(void **state)
{
	(void)state;
	assert_int_equal(io(VP_ACPI_RESET_PORT, 1, 1, VP_ACPI_RESET_VALUE, NULL), VM_RESET);
	assert_int_equal(io(VP_ACPI_RESET_PORT, 1, 1, 0x02, NULL), VM_RUNNING);
	assert_int_equal(io(0x64, 1, 1, 0xfe, NULL), VM_RESET);
	assert_int_equal(io(0x64, 1, 1, 0xd1, NULL), VM_RUNNING);
	assert_int_equal(io(0x92, 1, 1, 0x01, NULL), VM_RESET);
	assert_int_equal(io(0x92, 1, 1, 0x02, NULL), VM_RUNNING);
}

static void test_devices(void **state)
{
	uint32_t v;

	(void)state;
	/* UART: a byte out, LSR says the transmitter is empty. */
	assert_int_equal(io(VP_UART_PORT, 1, 1, 'x', NULL), VM_RUNNING);
	assert_int_equal(io(VP_UART_PORT + 5, 0, 1, 0, &v), VM_RUNNING);
	assert_true(v & 0x20);
	assert_string_equal(outbuf, "x");
	/* RTC: status A without update-in-progress. */
	io(VP_RTC_PORT, 1, 1, 0x0a, NULL);
	io(VP_RTC_PORT + 1, 0, 1, 0, &v);
	assert_int_equal(v & 0x80, 0);
	/* PCI conf1: the address latch reads back, no device answers. */
	io(VP_PCI_ADDR_PORT, 1, 4, 0x80000000, NULL);
	io(VP_PCI_ADDR_PORT, 0, 4, 0, &v);
	assert_int_equal(v, 0x80000000);
	io(VP_PCI_DATA_PORT, 0, 4, 0, &v);
	assert_int_equal(v, 0xffffffff);
	/* No 8259: its mask register reads as all ones. */
	io(0x21, 0, 1, 0, &v);
	assert_int_equal(v, 0xff);
}

static void test_mmio(void **state)
{
	(void)state;
	memset(&rp, 0, sizeof(rp));
	rp.run.exit_reason = VPART_EXIT_MMIO;
	rp.run.mmio.gpa = VP_IOAPIC_BASE + 0x10;	/* IOWIN after IOREGSEL 0 */
	rp.run.mmio.len = 4;
	assert_int_equal(vp_platform_mmio(&c), VM_RUNNING);
	rp.run.mmio.gpa = 0xfee00020;			/* no xAPIC page */
	assert_int_equal(vp_platform_mmio(&c), VM_RUNNING);
	assert_int_equal(rp.run.mmio.data[0], 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poweroff),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_mmio),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
