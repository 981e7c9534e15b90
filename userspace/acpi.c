// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI tables for the guest (see acpi.h). Layouts and values follow the
 * ACPI 6.5 specification as Linux 6.1 reads it (include/acpi/actbl*.h,
 * drivers/acpi/acpica/tbfadt.c, arch/x86/kernel/acpi/boot.c).
 *
 * Hardware-reduced ACPI means no SCI, PM1 blocks, PM timer, GPEs or FACS:
 * only the sleep control/status registers (S5 = power off) and the reset
 * register need emulating, and Linux then drops the 8259 and the PIT/HPET
 * timer setup too.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "acpi.h"
#include "platform.h"

#define OEM_ID			"VPART "	/* 6 bytes */
#define OEM_TABLE_ID		"VPARTVM "	/* 8 bytes */
#define OEM_REVISION		1
#define CREATOR_ID		"VPRT"
#define CREATOR_REVISION	1

#define RSDP_LEN		36
#define RSDP_V1_LEN		20	/* what the first checksum covers */
#define SDT_HDR_LEN		36
#define SDT_CHECKSUM		9

/* FADT revision 6.5: field offsets from struct acpi_table_fadt. */
#define FADT_LEN		276
#define FADT_REVISION		6
#define FADT_MINOR_REVISION	5
#define FADT_DSDT		40
#define FADT_CENTURY		108
#define FADT_BOOT_ARCH		109
#define FADT_FLAGS		112
#define FADT_RESET_REG		116
#define FADT_RESET_VALUE	128
#define FADT_MINOR		131
#define FADT_X_DSDT		140
#define FADT_SLEEP_CONTROL	244
#define FADT_SLEEP_STATUS	256
#define FADT_HYPERVISOR_ID	268

#define BOOT_ARCH_NO_VGA	(1u << 2)
#define BOOT_ARCH_NO_MSI	(1u << 3)
#define FADT_PWR_BUTTON		(1u << 4)	/* no fixed power button */
#define FADT_SLP_BUTTON		(1u << 5)	/* no fixed sleep button */
#define FADT_RESET_REG_SUP	(1u << 10)
#define FADT_HW_REDUCED		(1u << 20)

#define GAS_SYSTEM_IO		1
#define GAS_ACCESS_BYTE		1

/* MADT revision 5 (ACPI 6.3+) and its entry types. */
#define MADT_REVISION		5
#define MADT_HDR_LEN		44
#define MADT_IOAPIC		1
#define MADT_INT_OVERRIDE	2
#define MADT_X2APIC		9
#define MADT_X2APIC_NMI		10
#define MADT_ENABLED		1
#define MADT_ALL_CPUS		0xffffffffu
#define MPS_POLARITY_HIGH	0x1
#define MPS_TRIGGER_EDGE	0x4
#define MADT_LEN(n)		(MADT_HDR_LEN + 16 * (n) + 12 + 10 + 12)

/* DSDT revision 2: AML integers are 64 bits wide. */
#define DSDT_REVISION		2

/* AML opcodes (ACPI 6.5, section 20). */
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_STRING_PREFIX	0x0d
#define AML_QWORD_PREFIX	0x0e
#define AML_SCOPE_OP		0x10
#define AML_BUFFER_OP		0x11
#define AML_PACKAGE_OP		0x12
#define AML_EXT_OP_PREFIX	0x5b
#define AML_DEVICE_OP		0x82	/* after AML_EXT_OP_PREFIX */
#define AML_ROOT_CHAR		'\\'
#define AML_PKGLEN_MAX		4	/* bytes of an encoded PkgLength */
#define RES_END_TAG		0x79	/* small resource, type 0xf, length 1 */
#define RES_IO			0x47	/* small resource, type 0x8, length 7 */
#define RES_IRQ_NOFLAGS		0x22	/* small resource, type 0x4, length 2 */
/* EisaId ("PNPxxxx"): "PNP" compressed to 0xd041, then the id, big endian. */
#define EISA_PNP(id)		(0xd041u | ((id) >> 8 & 0xff) << 16 | ((id) & 0xff) << 24)

static void put(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

/* The byte that makes @n bytes at @p sum to zero (mod 256). */
static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum += *p++;
	return (uint8_t)-sum;
}

static void sdt_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put(t + 4, len, 4);
	t[8] = rev;
	memcpy(t + 10, OEM_ID, 6);
	memcpy(t + 16, OEM_TABLE_ID, 8);
	put(t + 24, OEM_REVISION, 4);
	memcpy(t + 28, CREATOR_ID, 4);
	put(t + 32, CREATOR_REVISION, 4);
	t[SDT_CHECKSUM] = 0;
	t[SDT_CHECKSUM] = checksum(t, len);
}

/* An 8-bit register in system I/O space: Linux accesses it with inb/outb. */
static void gas_io8(uint8_t *g, uint16_t port)
{
	g[0] = GAS_SYSTEM_IO;
	g[1] = 8;			/* bit width */
	g[2] = 0;			/* bit offset */
	g[3] = GAS_ACCESS_BYTE;
	put(g + 4, port, 8);
}

static void build_fadt(uint8_t *t, uint64_t dsdt)
{
	put(t + FADT_DSDT, dsdt, 4);
	put(t + FADT_X_DSDT, dsdt, 8);	/* both set and equal: no mismatch warning */
	t[FADT_CENTURY] = VP_RTC_CENTURY;
	put(t + FADT_BOOT_ARCH, BOOT_ARCH_NO_VGA | BOOT_ARCH_NO_MSI, 2);
	put(t + FADT_FLAGS, FADT_HW_REDUCED | FADT_RESET_REG_SUP | FADT_PWR_BUTTON |
	    FADT_SLP_BUTTON, 4);
	gas_io8(t + FADT_RESET_REG, VP_ACPI_RESET_PORT);
	t[FADT_RESET_VALUE] = VP_ACPI_RESET_VALUE;
	t[FADT_MINOR] = FADT_MINOR_REVISION;
	gas_io8(t + FADT_SLEEP_CONTROL, VP_ACPI_SLEEP_CTL_PORT);
	gas_io8(t + FADT_SLEEP_STATUS, VP_ACPI_SLEEP_STS_PORT);
	memcpy(t + FADT_HYPERVISOR_ID, "vpart\0\0", 8);
	sdt_header(t, "FACP", FADT_LEN, FADT_REVISION);
}

/*
 * x2APIC entries even for ids below 255: the LAPIC is x2APIC-only, and
 * Linux 6.1 registers type 9 entries whatever the id (acpi_parse_x2apic).
 */
static void build_madt(uint8_t *t, unsigned int ncpus)
{
	uint8_t *e = t + MADT_HDR_LEN;
	unsigned int i;

	put(t + 36, VP_LAPIC_BASE, 4);
	put(t + 40, 0, 4);		/* flags: no PCAT_COMPAT, there is no 8259 */
	for (i = 0; i < ncpus; i++, e += 16) {
		e[0] = MADT_X2APIC;
		e[1] = 16;
		put(e + 4, i, 4);	/* x2APIC id */
		put(e + 8, MADT_ENABLED, 4);
		put(e + 12, i, 4);	/* ACPI processor UID */
	}
	e[0] = MADT_IOAPIC;
	e[1] = 12;
	e[2] = VP_IOAPIC_ID;
	put(e + 4, VP_IOAPIC_BASE, 4);
	put(e + 8, 0, 4);		/* GSI base */
	e += 12;
	/* The PC convention, ISA IRQ 0 on pin 2 (nothing drives it: no PIT). */
	e[0] = MADT_INT_OVERRIDE;
	e[1] = 10;
	e[2] = 0;			/* bus: ISA */
	e[3] = 0;			/* source IRQ */
	put(e + 4, 2, 4);		/* GSI */
	put(e + 8, MPS_POLARITY_HIGH | MPS_TRIGGER_EDGE, 2);
	e += 10;
	/* Linux warns unless NMI is wired to LINT1 (acpi_parse_x2apic_nmi). */
	e[0] = MADT_X2APIC_NMI;
	e[1] = 12;
	put(e + 2, 0, 2);		/* flags: conforming */
	put(e + 4, MADT_ALL_CPUS, 4);
	e[8] = 1;			/* LINT1 */
	sdt_header(t, "APIC", MADT_LEN(ncpus), MADT_REVISION);
}

/* A root table (RSDT or XSDT) listing FADT and MADT, with @w-byte pointers. */
static void build_root(uint8_t *t, const char *sig, unsigned int w, uint64_t fadt,
		       uint64_t madt)
{
	put(t + SDT_HDR_LEN, fadt, w);
	put(t + SDT_HDR_LEN + w, madt, w);
	sdt_header(t, sig, SDT_HDR_LEN + 2 * w, 1);
}

static void build_rsdp(uint8_t *p, uint64_t rsdt, uint64_t xsdt)
{
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, OEM_ID, 6);
	p[15] = 2;			/* ACPI 2.0+: the XSDT fields are valid */
	put(p + 16, rsdt, 4);
	put(p + 20, RSDP_LEN, 4);
	put(p + 24, xsdt, 8);
	p[8] = checksum(p, RSDP_V1_LEN);
	p[32] = checksum(p, RSDP_LEN);
}

/*
 * AML is emitted into a bounded buffer; a full buffer sets @full and drops
 * further bytes, so the callers check once at the end.
 */
struct aml {
	uint8_t *p;
	size_t len;
	size_t cap;
	bool full;
};

static void aml_put(struct aml *a, const void *src, size_t n)
{
	if (a->full || n > a->cap - a->len) {
		a->full = true;
		return;
	}
	memcpy(a->p + a->len, src, n);
	a->len += n;
}

static void aml_byte(struct aml *a, uint8_t b)
{
	aml_put(a, &b, 1);
}

/* NameString: an optional root prefix, then one NameSeg padded with '_'. */
static void aml_namestring(struct aml *a, const char *name)
{
	char seg[4] = { '_', '_', '_', '_' };
	unsigned int i;

	if (*name == AML_ROOT_CHAR) {
		aml_byte(a, AML_ROOT_CHAR);
		name++;
	}
	for (i = 0; i < 4 && name[i]; i++)
		seg[i] = name[i];
	aml_put(a, seg, 4);
}

/* The shortest encoding: ZeroOp, OneOp or the smallest prefixed constant. */
static void aml_int(struct aml *a, uint64_t v)
{
	static const uint8_t prefix[] = {
		[1] = AML_BYTE_PREFIX, [2] = AML_WORD_PREFIX,
		[4] = AML_DWORD_PREFIX, [8] = AML_QWORD_PREFIX,
	};
	unsigned int n = 1;
	uint8_t buf[8];

	if (v <= 1) {
		aml_byte(a, v ? AML_ONE_OP : AML_ZERO_OP);
		return;
	}
	while (n < 8 && v >> (8 * n))
		n *= 2;
	aml_byte(a, prefix[n]);
	put(buf, v, n);
	aml_put(a, buf, n);
}

static void aml_string(struct aml *a, const char *s)
{
	aml_byte(a, AML_STRING_PREFIX);
	aml_put(a, s, strlen(s) + 1);
}

/* Name (@name, ...): the caller emits the value next. */
static void aml_name(struct aml *a, const char *name)
{
	aml_byte(a, AML_NAME_OP);
	aml_namestring(a, name);
}

/*
 * A PkgLength counts its own bytes, so its size is known only once the
 * body is: reserve the longest encoding, and aml_close() packs it.
 */
static size_t aml_open(struct aml *a)
{
	static const uint8_t room[AML_PKGLEN_MAX];
	size_t at = a->len;

	aml_put(a, room, sizeof(room));
	return at;
}

static void aml_close(struct aml *a, size_t at)
{
	size_t body, len;
	unsigned int n, i;

	if (a->full)
		return;
	body = a->len - at - AML_PKGLEN_MAX;
	/* 1 byte holds 6 bits; n > 1 bytes hold 4 + 8 * (n - 1) bits. */
	for (n = 1; n < AML_PKGLEN_MAX; n++)
		if (body + n < (n == 1 ? 0x40u : 1u << (4 + 8 * (n - 1))))
			break;
	len = body + n;
	memmove(a->p + at + n, a->p + at + AML_PKGLEN_MAX, body);
	a->len -= AML_PKGLEN_MAX - n;
	if (n == 1) {
		a->p[at] = (uint8_t)len;
		return;
	}
	a->p[at] = (uint8_t)((n - 1) << 6 | (len & 0xf));
	for (i = 1; i < n; i++)
		a->p[at + i] = (uint8_t)(len >> (4 + 8 * (i - 1)));
}

/* Buffer () { @data }, e.g. a ResourceTemplate. */
static void aml_buffer(struct aml *a, const uint8_t *data, size_t n)
{
	size_t pkg;

	aml_byte(a, AML_BUFFER_OP);
	pkg = aml_open(a);
	aml_int(a, n);
	aml_put(a, data, n);
	aml_close(a, pkg);
}

/*
 * Scope (\_SB) {
 *	Device (VMBS) {
 *		Name (_HID, "VMBus")	// what hv_vmbus's ACPI driver matches
 *		Name (_UID, 0)
 *		Name (_STA, 0x0F)	// present, enabled, shown, functional
 *		Name (_CRS, ResourceTemplate () {})	// vmbus_acpi_add() walks it
 *	}
 *	Device (COM1) { _HID PNP0501, _CRS { IO 0x3f8/8, IRQ 4 } }
 *	Device (RTC_) { _HID PNP0B00, _CRS { IO 0x70/2, IRQ 8 } }
 * }
 * Name (\_S5, Package () { 5, 5, 0, 0 })	// SLP_TYP for S5: ACPI power-off
 */
/*
 * A legacy device with a PNP id and fixed resources. Hardware-reduced ACPI
 * makes Linux use no legacy PIC, so ISA IRQs exist only as GSIs that ACPI
 * hands out: the UART and the RTC get theirs from these _CRS entries.
 */
static void aml_isa_device(struct aml *a, const char *seg, uint32_t eisa_id,
			   const uint8_t *res, size_t n)
{
	size_t dev;

	aml_byte(a, AML_EXT_OP_PREFIX);
	aml_byte(a, AML_DEVICE_OP);
	dev = aml_open(a);
	aml_namestring(a, seg);
	aml_name(a, "_HID");
	aml_int(a, eisa_id);
	aml_name(a, "_CRS");
	aml_buffer(a, res, n);
	aml_close(a, dev);
}

static size_t build_dsdt_aml(uint8_t *p, size_t cap)
{
	static const uint8_t empty_res[] = { RES_END_TAG, 0 };	/* 0: no checksum */
	/* IO(Decode16, base, base, 1, len), IRQNoFlags() {irq}, EndTag */
	static const uint8_t com1_res[] = {
		RES_IO, 0x01, VP_UART_PORT & 0xff, VP_UART_PORT >> 8,
		VP_UART_PORT & 0xff, VP_UART_PORT >> 8, 0x01, 0x08,
		RES_IRQ_NOFLAGS, 1 << VP_UART_IRQ, 0x00, RES_END_TAG, 0 };
	static const uint8_t rtc_res[] = {
		RES_IO, 0x01, VP_RTC_PORT, 0x00, VP_RTC_PORT, 0x00, 0x01, 0x02,
		RES_IRQ_NOFLAGS, 0x00, 1 << (VP_RTC_IRQ - 8), RES_END_TAG, 0 };
	struct aml a = { .p = p, .cap = cap };
	size_t scope, dev, pkg;

	aml_byte(&a, AML_SCOPE_OP);
	scope = aml_open(&a);
	aml_namestring(&a, "\\_SB");
	aml_byte(&a, AML_EXT_OP_PREFIX);
	aml_byte(&a, AML_DEVICE_OP);
	dev = aml_open(&a);
	aml_namestring(&a, "VMBS");
	aml_name(&a, "_HID");
	aml_string(&a, "VMBus");
	aml_name(&a, "_UID");
	aml_int(&a, 0);
	aml_name(&a, "_STA");
	aml_int(&a, 0x0f);
	aml_name(&a, "_CRS");
	aml_buffer(&a, empty_res, sizeof(empty_res));
	aml_close(&a, dev);
	aml_isa_device(&a, "COM1", EISA_PNP(0x0501), com1_res, sizeof(com1_res));
	aml_isa_device(&a, "RTC_", EISA_PNP(0x0b00), rtc_res, sizeof(rtc_res));
	aml_close(&a, scope);

	aml_name(&a, "\\_S5");
	aml_byte(&a, AML_PACKAGE_OP);
	pkg = aml_open(&a);
	aml_byte(&a, 4);		/* NumElements */
	aml_int(&a, VP_ACPI_S5_TYP);	/* SLP_TYPa: written to SLEEP_CONTROL_REG */
	aml_int(&a, VP_ACPI_S5_TYP);	/* SLP_TYPb: unused when hardware-reduced */
	aml_int(&a, 0);
	aml_int(&a, 0);
	aml_close(&a, pkg);
	return a.full ? 0 : a.len;
}

/* Next 16-byte aligned slot of @len bytes below VP_ACPI_END, or 0. */
static uint64_t place(uint64_t *next, uint64_t len)
{
	uint64_t at = (*next + 15) & ~15ull;

	if (at + len > VP_ACPI_END)
		return 0;
	*next = at + len;
	return at;
}

int vp_acpi_build(uint8_t *mem, uint64_t mem_size, unsigned int ncpus, uint64_t *rsdp_gpa)
{
	uint64_t next = VP_ACPI_BASE, rsdp, xsdt, rsdt, fadt, madt, dsdt;
	size_t aml_len;

	if (!mem || !rsdp_gpa || ncpus < 1 || ncpus > VP_ACPI_MAX_CPUS ||
	    mem_size < VP_ACPI_END)
		return -1;
	memset(mem + VP_ACPI_BASE, 0, VP_ACPI_END - VP_ACPI_BASE);

	rsdp = place(&next, RSDP_LEN);
	xsdt = place(&next, SDT_HDR_LEN + 2 * 8);
	rsdt = place(&next, SDT_HDR_LEN + 2 * 4);
	fadt = place(&next, FADT_LEN);
	madt = place(&next, MADT_LEN(ncpus));
	dsdt = place(&next, SDT_HDR_LEN);
	if (!rsdp || !xsdt || !rsdt || !fadt || !madt || !dsdt)
		return -1;
	aml_len = build_dsdt_aml(mem + dsdt + SDT_HDR_LEN, VP_ACPI_END - next);
	if (!aml_len)
		return -1;
	sdt_header(mem + dsdt, "DSDT", (uint32_t)(SDT_HDR_LEN + aml_len), DSDT_REVISION);

	build_fadt(mem + fadt, dsdt);
	build_madt(mem + madt, ncpus);
	build_root(mem + xsdt, "XSDT", 8, fadt, madt);
	build_root(mem + rsdt, "RSDT", 4, fadt, madt);
	build_rsdp(mem + rsdp, rsdt, xsdt);
	*rsdp_gpa = rsdp;
	return 0;
}
