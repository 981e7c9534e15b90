// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux 64-bit boot protocol (see boot.h). Offsets are the setup
 * header's, as Documentation/x86/boot.rst and zero-page.rst give them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot.h"

/* Setup header fields: offsets in the bzImage and in the zero page alike. */
#define HDR_SETUP_SECTS		0x1f1
#define HDR_BOOT_FLAG		0x1fe
#define HDR_JUMP		0x200
#define HDR_MAGIC		0x202
#define HDR_VERSION		0x206
#define HDR_TYPE_OF_LOADER	0x210
#define HDR_LOADFLAGS		0x211
#define HDR_RAMDISK_IMAGE	0x218
#define HDR_RAMDISK_SIZE	0x21c
#define HDR_HEAP_END_PTR	0x224
#define HDR_CMD_LINE_PTR	0x228
#define HDR_INITRD_ADDR_MAX	0x22c
#define HDR_XLOADFLAGS		0x236
#define HDR_CMDLINE_SIZE	0x238
#define HDR_INIT_SIZE		0x260
#define ZP_ACPI_RSDP_ADDR	0x070
#define ZP_EXT_RAMDISK_IMAGE	0x0c0
#define ZP_EXT_RAMDISK_SIZE	0x0c4
#define ZP_EXT_CMD_LINE_PTR	0x0c8
#define ZP_E820_ENTRIES		0x1e8
#define ZP_VID_MODE		0x1fa
#define ZP_E820_TABLE		0x2d0

#define LOADED_HIGH		0x01
#define CAN_USE_HEAP		0x80
#define XLF_KERNEL_64		0x01
#define E820_RAM		1
#define E820_RESERVED		2
/* The decompressor runs at LOAD_PHYSICAL_ADDR (16 MiB) for init_size bytes. */
#define LOAD_PHYSICAL_ADDR	0x1000000ULL

static uint32_t rd(const uint8_t *p, unsigned int off, unsigned int n)
{
	uint32_t v = 0;

	memcpy(&v, p + off, n);
	return v;
}

static void wr(uint8_t *p, unsigned int off, uint64_t v, unsigned int n)
{
	memcpy(p + off, &v, n);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void e820_add(uint8_t *zp, uint64_t addr, uint64_t size, uint32_t type)
{
	unsigned int n = zp[ZP_E820_ENTRIES];
	uint8_t *e = zp + ZP_E820_TABLE + 20 * n;

	wr(e, 0, addr, 8);
	wr(e, 8, size, 8);
	wr(e, 16, type, 4);
	zp[ZP_E820_ENTRIES] = n + 1;
}

/* Identity map of 4 GiB with 2 MiB pages, and the boot GDT. */
static void build_tables(uint8_t *mem)
{
	static const uint64_t gdt[4] = {
		0,
		0,
		0x00af9b000000ffffULL,	/* 0x10: 64-bit code */
		0x00cf93000000ffffULL,	/* 0x18: flat data */
	};
	uint64_t e;
	unsigned int i;

	memset(mem + VP_BOOT_PML4, 0, 0x6000);
	wr(mem, VP_BOOT_PML4, VP_BOOT_PDPT | 3, 8);
	for (i = 0; i < 4; i++)
		wr(mem, VP_BOOT_PDPT + 8 * i, (VP_BOOT_PD + 0x1000ULL * i) | 3, 8);
	for (i = 0; i < 4 * 512; i++) {
		e = ((uint64_t)i << 21) | 0x83;		/* present, writable, 2 MiB */
		wr(mem, VP_BOOT_PD + 8 * i, e, 8);
	}
	memcpy(mem + VP_BOOT_GDT, gdt, sizeof(gdt));
}

int vp_boot_load(uint8_t *mem, uint64_t mem_size, const struct vp_boot_image *img,
		 struct vp_boot_info *out, char *err, size_t errlen)
{
	const uint8_t *k = img->kernel;
	uint8_t *zp = mem + VP_BOOT_ZERO_PAGE;
	uint64_t setup_len, pm_len, init_size, kernel_end, initrd_max, initrd_addr = 0;
	unsigned int setup_sects, hdr_end;
	size_t cmdlen = img->cmdline ? strlen(img->cmdline) : 0;
	uint16_t version;

	if (img->kernel_len < 0x300 || rd(k, HDR_BOOT_FLAG, 2) != 0xaa55 ||
	    memcmp(k + HDR_MAGIC, "HdrS", 4))
		return fail(err, errlen, "not a Linux bzImage (no boot signature or HdrS header)");
	version = rd(k, HDR_VERSION, 2);
	if (version < 0x020c || !(rd(k, HDR_XLOADFLAGS, 2) & XLF_KERNEL_64))
		return fail(err, errlen, "kernel has no 64-bit entry point (boot protocol %x.%02x)",
			    version >> 8, version & 0xff);
	setup_sects = k[HDR_SETUP_SECTS] ? k[HDR_SETUP_SECTS] : 4;
	setup_len = (setup_sects + 1ULL) * 512;
	if (setup_len >= img->kernel_len)
		return fail(err, errlen, "bzImage truncated (setup code larger than the file)");
	pm_len = img->kernel_len - setup_len;
	init_size = rd(k, HDR_INIT_SIZE, 4);
	if (mem_size < VP_BOOT_MIN_MEMORY || mem_size > VP_BOOT_MAX_MEMORY)
		return fail(err, errlen, "memory too %s: guest memory must be between %llu MiB and %llu MiB",
			    mem_size < VP_BOOT_MIN_MEMORY ? "small" : "large",
			    VP_BOOT_MIN_MEMORY >> 20, VP_BOOT_MAX_MEMORY >> 20);
	kernel_end = LOAD_PHYSICAL_ADDR + init_size;
	if (VP_BOOT_KERNEL + pm_len > kernel_end)
		kernel_end = VP_BOOT_KERNEL + pm_len;
	if (kernel_end > mem_size)
		return fail(err, errlen, "memory too small: this kernel needs %llu MiB to unpack",
			    (unsigned long long)((kernel_end + (1 << 20) - 1) >> 20));
	if (cmdlen >= rd(k, HDR_CMDLINE_SIZE, 4) || cmdlen >= 0x1000)
		return fail(err, errlen, "command line longer than the kernel accepts (%u bytes)",
			    rd(k, HDR_CMDLINE_SIZE, 4));
	if (img->initrd && img->initrd_len) {
		initrd_max = rd(k, HDR_INITRD_ADDR_MAX, 4);
		if (initrd_max >= mem_size)
			initrd_max = mem_size - 1;
		if (img->initrd_len > initrd_max + 1)
			return fail(err, errlen, "initrd larger than guest memory");
		initrd_addr = (initrd_max + 1 - img->initrd_len) & ~0xfffULL;
		if (initrd_addr < kernel_end)
			return fail(err, errlen, "memory too small for kernel and initrd");
		memcpy(mem + initrd_addr, img->initrd, img->initrd_len);
	}

	memcpy(mem + VP_BOOT_KERNEL, k + setup_len, pm_len);
	memset(zp, 0, 4096);
	/* The setup header goes to the zero page at the same offsets. */
	hdr_end = HDR_JUMP + 2 + k[HDR_JUMP + 1];
	memcpy(zp + HDR_SETUP_SECTS, k + HDR_SETUP_SECTS, hdr_end - HDR_SETUP_SECTS);
	zp[HDR_TYPE_OF_LOADER] = 0xff;
	zp[HDR_LOADFLAGS] |= LOADED_HIGH | CAN_USE_HEAP;
	wr(zp, HDR_HEAP_END_PTR, 0xfe00, 2);
	wr(zp, ZP_VID_MODE, 0xffff, 2);
	wr(zp, ZP_ACPI_RSDP_ADDR, img->acpi_rsdp, 8);
	memset(mem + VP_BOOT_CMDLINE, 0, cmdlen + 1);
	memcpy(mem + VP_BOOT_CMDLINE, img->cmdline ? img->cmdline : "", cmdlen);
	wr(zp, HDR_CMD_LINE_PTR, VP_BOOT_CMDLINE, 4);
	wr(zp, ZP_EXT_CMD_LINE_PTR, 0, 4);
	wr(zp, HDR_RAMDISK_IMAGE, initrd_addr, 4);
	wr(zp, HDR_RAMDISK_SIZE, initrd_addr ? img->initrd_len : 0, 4);
	wr(zp, ZP_EXT_RAMDISK_IMAGE, 0, 4);
	wr(zp, ZP_EXT_RAMDISK_SIZE, 0, 4);
	e820_add(zp, 0, VP_BOOT_EBDA, E820_RAM);
	e820_add(zp, VP_BOOT_EBDA, VP_BOOT_KERNEL - VP_BOOT_EBDA, E820_RESERVED);
	e820_add(zp, VP_BOOT_KERNEL, mem_size - VP_BOOT_KERNEL, E820_RAM);
	build_tables(mem);

	out->entry = VP_BOOT_KERNEL + 0x200;
	out->zero_page = VP_BOOT_ZERO_PAGE;
	out->stack = VP_BOOT_STACK;
	out->cr3 = VP_BOOT_PML4;
	out->initrd_addr = initrd_addr;
	out->kernel_end = kernel_end;
	out->protocol = version;
	return 0;
}

uint64_t vp_parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned int shift = 0;

	if (end == s)
		return 0;
	switch (*end | 0x20) {		/* lower case */
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	}
	if (shift)
		end++;
	if (*end || v > (~0ULL >> shift))
		return 0;
	return (uint64_t)v << shift;
}
