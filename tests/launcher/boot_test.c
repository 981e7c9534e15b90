// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the launcher's boot-protocol loader (userspace/boot.c):
 * a synthetic bzImage for every rule, and Debian's real vmlinuz when
 * VP_STOCK_VMLINUZ names one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "boot.h"

#define MEM	(256ULL << 20)
#define PM_LEN	8192

static uint8_t *mem;

static uint8_t *fake_kernel(size_t *len)
{
	size_t setup = 5 * 512;
	uint8_t *k = calloc(1, setup + PM_LEN);
	uint32_t v;

	k[0x1f1] = 4;				/* setup_sects */
	k[0x1fe] = 0x55;
	k[0x1ff] = 0xaa;
	k[0x201] = 0x6a;			/* header ends at 0x26c */
	memcpy(k + 0x202, "HdrS", 4);
	k[0x206] = 0x0f;
	k[0x207] = 0x02;			/* 2.15 */
	k[0x236] = 0x7f;			/* XLF_KERNEL_64 and more */
	v = 0x7fffffff;
	memcpy(k + 0x22c, &v, 4);		/* initrd_addr_max */
	v = 2047;
	memcpy(k + 0x238, &v, 4);		/* cmdline_size */
	v = 0x2000000;
	memcpy(k + 0x260, &v, 4);		/* init_size: 32 MiB */
	memset(k + setup, 0xab, PM_LEN);
	*len = setup + PM_LEN;
	return k;
}

static uint64_t rd64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, mem + gpa, 8);
	return v;
}

static uint32_t rd32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, mem + gpa, 4);
	return v;
}

static int setup(void **state)
{
	(void)state;
	mem = calloc(1, MEM);
	return mem ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

static void loads_kernel_initrd_cmdline(void **state)
{
	static const uint8_t initrd[5000] = { 1, 2, 3 };
	struct vp_boot_image img = { .initrd = initrd, .initrd_len = sizeof(initrd),
				     .cmdline = "console=ttyS0 quiet" };
	struct vp_boot_info bi;
	uint64_t zp = VP_BOOT_ZERO_PAGE;
	char err[128];

	(void)state;
	img.kernel = fake_kernel(&img.kernel_len);
	assert_int_equal(vp_boot_load(mem, MEM, &img, &bi, err, sizeof(err)), 0);
	assert_int_equal(bi.entry, 0x100200);
	assert_int_equal(bi.zero_page, zp);
	assert_int_equal(bi.protocol, 0x020f);
	assert_int_equal(bi.kernel_end, 0x1000000 + 0x2000000);
	/* Protected-mode code at 1 MiB, setup code not. */
	assert_int_equal(mem[0x100000], 0xab);
	assert_int_equal(mem[0x100000 + PM_LEN - 1], 0xab);
	assert_int_equal(mem[0x100000 + PM_LEN], 0);
	/* Zero page: header copied, loader fields set. */
	assert_memory_equal(mem + zp + 0x202, "HdrS", 4);
	assert_int_equal(mem[zp + 0x210], 0xff);
	assert_int_equal(mem[zp + 0x211] & 0x81, 0x81);
	assert_int_equal(rd32(zp + 0x228), VP_BOOT_CMDLINE);
	assert_string_equal((char *)mem + VP_BOOT_CMDLINE, "console=ttyS0 quiet");
	/* The initrd: page-aligned, at the top of RAM, intact. */
	assert_int_equal(bi.initrd_addr & 0xfff, 0);
	assert_true(bi.initrd_addr + sizeof(initrd) <= MEM);
	assert_true(bi.initrd_addr + sizeof(initrd) + 4096 > MEM);
	assert_int_equal(rd32(zp + 0x218), bi.initrd_addr);
	assert_int_equal(rd32(zp + 0x21c), sizeof(initrd));
	assert_memory_equal(mem + bi.initrd_addr, initrd, sizeof(initrd));
	/* e820: low RAM, the reserved EBDA/BIOS hole, RAM from 1 MiB to the end. */
	assert_int_equal(mem[zp + 0x1e8], 3);
	assert_int_equal(rd64(zp + 0x2d0 + 8), 0x9fc00);
	assert_int_equal(rd32(zp + 0x2d0 + 20 + 16), 2);
	assert_int_equal(rd64(zp + 0x2d0 + 40), 0x100000);
	assert_int_equal(rd64(zp + 0x2d0 + 48), MEM - 0x100000);
	assert_int_equal(rd32(zp + 0x2d0 + 56), 1);
	/* Identity map: PML4 -> PDPT -> 2 MiB pages; the GDT has 0x10 and 0x18. */
	assert_int_equal(rd64(VP_BOOT_PML4), VP_BOOT_PDPT | 3);
	assert_int_equal(rd64(VP_BOOT_PDPT + 24), (VP_BOOT_PD + 0x3000) | 3);
	assert_int_equal(rd64(VP_BOOT_PD + 8 * 5), (5ULL << 21) | 0x83);
	assert_int_equal(rd64(VP_BOOT_PD + 8 * 2047), (2047ULL << 21) | 0x83);
	assert_int_equal(rd64(VP_BOOT_GDT + 0x10), 0x00af9b000000ffffULL);
	assert_int_equal(rd64(VP_BOOT_GDT + 0x18), 0x00cf93000000ffffULL);
	free((void *)img.kernel);
}

static void expect_refusal(struct vp_boot_image *img, uint64_t mem_size, const char *why)
{
	struct vp_boot_info bi;
	char err[128] = "";

	assert_int_equal(vp_boot_load(mem, mem_size, img, &bi, err, sizeof(err)), -1);
	if (!strstr(err, why))
		fail_msg("reason '%s' does not mention '%s'", err, why);
}

static void refuses_bad_input(void **state)
{
	static char longline[3000];
	static uint8_t big_initrd[1];
	struct vp_boot_image img = { 0 };
	uint8_t *k;

	(void)state;
	k = fake_kernel(&img.kernel_len);
	img.kernel = k;
	k[0x202] = 'X';
	expect_refusal(&img, MEM, "not a Linux bzImage");
	k[0x202] = 'H';
	k[0x206] = 0x0b;			/* 2.11: no 64-bit entry */
	expect_refusal(&img, MEM, "no 64-bit entry");
	k[0x206] = 0x0f;
	k[0x236] = 0;
	expect_refusal(&img, MEM, "no 64-bit entry");
	k[0x236] = 0x7f;
	img.kernel_len = 1024;
	expect_refusal(&img, MEM, "truncated");
	img.kernel_len = 5 * 512 + PM_LEN;
	expect_refusal(&img, 32ULL << 20, "memory too small: guest memory must be between");
	expect_refusal(&img, 4ULL << 30, "memory too large: guest memory must be between");
	k[0x263] = 0x04;			/* init_size 64 MiB: needs 80 */
	expect_refusal(&img, 72ULL << 20, "memory too small: this kernel needs 80 MiB");
	k[0x263] = 0x02;
	memset(longline, 'a', sizeof(longline) - 1);
	img.cmdline = longline;
	expect_refusal(&img, MEM, "command line");
	img.cmdline = NULL;
	/* An initrd that only fits where the kernel unpacks. */
	img.initrd = big_initrd;
	img.initrd_len = MEM - (16 << 20);
	expect_refusal(&img, MEM, "too small for kernel and initrd");
	img.initrd_len = MEM + 1;
	expect_refusal(&img, MEM, "initrd larger");
	free(k);
}

static void parses_sizes(void **state)
{
	(void)state;
	assert_int_equal(vp_parse_size("512M"), 512ULL << 20);
	assert_int_equal(vp_parse_size("1G"), 1ULL << 30);
	assert_int_equal(vp_parse_size("4096"), 4096);
	assert_int_equal(vp_parse_size("64k"), 65536);
	assert_int_equal(vp_parse_size("12X"), 0);
	assert_int_equal(vp_parse_size(""), 0);
	assert_int_equal(vp_parse_size("M"), 0);
	assert_int_equal(vp_parse_size("99999999999999999999G"), 0);
}

/* Debian's vmlinuz (6.1): the numbers vmx-facts 7.1 read from the file. */
static void loads_stock_kernel(void **state)
{
	const char *path = getenv("VP_STOCK_VMLINUZ");
	struct vp_boot_image img = { .cmdline = "console=ttyS0" };
	struct vp_boot_info bi;
	char err[128];
	uint8_t *k;
	FILE *f;
	long n;

	(void)state;
	if (!path)
		fail_msg("VP_STOCK_VMLINUZ is not set");
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	k = malloc(n);
	assert_int_equal(fread(k, 1, n, f), (size_t)n);
	fclose(f);
	img.kernel = k;
	img.kernel_len = n;
	if (vp_boot_load(mem, MEM, &img, &bi, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(bi.protocol, 0x020f);
	assert_int_equal(bi.entry, 0x100200);
	assert_true(bi.kernel_end > 0x1000000 + (32 << 20));
	assert_memory_equal(mem + 0x100000, k + (k[0x1f1] + 1) * 512, 4096);
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_kernel_initrd_cmdline),
		cmocka_unit_test(refuses_bad_input),
		cmocka_unit_test(parses_sizes),
		cmocka_unit_test(loads_stock_kernel),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
