/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux x86 64-bit boot protocol: place a bzImage, its initrd and command
 * line in guest memory with a zero page, e820 map, identity page tables and
 * a boot GDT, and say where the vCPU must start. Pure function of its
 * inputs, so it is unit-tested natively (tests/launcher).
 */
#ifndef VPART_BOOT_H
#define VPART_BOOT_H

#include <stddef.h>
#include <stdint.h>

/* Guest-physical layout of the boot structures (all below 1 MiB). */
#define VP_BOOT_GDT		0x500
#define VP_BOOT_ZERO_PAGE	0x7000
#define VP_BOOT_STACK		0x8ff0
#define VP_BOOT_PML4		0x9000
#define VP_BOOT_PDPT		0xa000
#define VP_BOOT_PD		0xb000	/* four pages: 4 GiB in 2 MiB pages */
#define VP_BOOT_CMDLINE		0x20000
#define VP_BOOT_EBDA		0x9fc00
#define VP_BOOT_KERNEL		0x100000
#define VP_BOOT_MIN_MEMORY	(64ULL << 20)
#define VP_BOOT_MAX_MEMORY	(3ULL << 30)	/* below the 32-bit MMIO hole */

#define VP_BOOT_CS		0x10	/* __BOOT_CS */
#define VP_BOOT_DS		0x18	/* __BOOT_DS */

struct vp_boot_image {
	const uint8_t *kernel;
	size_t kernel_len;
	const uint8_t *initrd;		/* may be NULL */
	size_t initrd_len;
	const char *cmdline;
	uint64_t acpi_rsdp;		/* GPA of the ACPI RSDP, 0 for none */
};

struct vp_boot_info {
	uint64_t entry;			/* RIP, 64-bit mode */
	uint64_t zero_page;		/* RSI */
	uint64_t stack;			/* RSP */
	uint64_t cr3;
	uint64_t initrd_addr;		/* 0 without an initrd */
	uint64_t kernel_end;		/* highest byte the decompressor may use */
	uint16_t protocol;		/* boot protocol version, e.g. 0x020f */
};

/*
 * Returns 0, or -1 with a one-line reason in @err: not a bzImage, too old
 * for the 64-bit entry, command line too long, memory too small or too
 * large, initrd does not fit.
 */
int vp_boot_load(uint8_t *mem, uint64_t mem_size, const struct vp_boot_image *img,
		 struct vp_boot_info *out, char *err, size_t errlen);

/* "512M", "1G", "1048576": bytes, or 0 when malformed. */
uint64_t vp_parse_size(const char *s);

#endif
