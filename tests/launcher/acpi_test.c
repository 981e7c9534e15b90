// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the launcher's ACPI tables (userspace/acpi.c): the
 * RSDP -> XSDT/RSDT -> FADT/MADT -> DSDT chain, checksums, the FADT and
 * MADT fields Linux 6.1 reads, the DSDT's AML byte for byte, and
 * ACPICA's own disassembly of every table (iasl must be installed).
 *
 * acpi.c is included rather than linked so that the static AML helpers
 * (PkgLength and integer encodings) can be tested directly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../userspace/acpi.c"

#define MEM	(2ULL << 20)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static uint8_t *mem;

struct tables {
	uint64_t rsdp, xsdt, rsdt, fadt, madt, dsdt;
};

static uint64_t rd(uint64_t gpa, unsigned int n)
{
	uint64_t v = 0;

	memcpy(&v, mem + gpa, n);
	return v;
}

static uint8_t sum(uint64_t gpa, uint64_t n)
{
	uint8_t s = 0;

	while (n--)
		s += mem[gpa++];
	return s;
}

/* A well-formed SDT inside the ACPI region: signature, bounds, checksum. */
static void check_sdt(uint64_t gpa, const char *sig, uint8_t rev)
{
	uint32_t len;

	assert_true(gpa >= VP_ACPI_BASE && gpa < VP_ACPI_END);
	assert_int_equal(gpa % 8, 0);
	assert_memory_equal(mem + gpa, sig, 4);
	len = (uint32_t)rd(gpa + 4, 4);
	assert_true(len >= SDT_HDR_LEN);
	assert_true(gpa + len <= VP_ACPI_END);
	assert_int_equal(mem[gpa + 8], rev);
	assert_int_equal(sum(gpa, len), 0);
	assert_memory_equal(mem + gpa + 10, "VPART ", 6);
}

/* Build for @ncpus and follow every pointer, checking each table on the way. */
static void build(unsigned int ncpus, struct tables *t)
{
	memset(mem, 0xa5, MEM);			/* nothing may rely on zeroed memory */
	assert_int_equal(vp_acpi_build(mem, MEM, ncpus, &t->rsdp), 0);
	assert_int_equal(t->rsdp, VP_ACPI_BASE);
	assert_memory_equal(mem + t->rsdp, "RSD PTR ", 8);
	assert_int_equal(sum(t->rsdp, 20), 0);
	assert_int_equal(sum(t->rsdp, 36), 0);
	assert_int_equal(mem[t->rsdp + 15], 2);
	assert_int_equal(rd(t->rsdp + 20, 4), 36);

	t->xsdt = rd(t->rsdp + 24, 8);
	t->rsdt = rd(t->rsdp + 16, 4);
	check_sdt(t->xsdt, "XSDT", 1);
	check_sdt(t->rsdt, "RSDT", 1);
	assert_int_equal(rd(t->xsdt + 4, 4), 36 + 2 * 8);
	assert_int_equal(rd(t->rsdt + 4, 4), 36 + 2 * 4);
	t->fadt = rd(t->xsdt + 36, 8);
	t->madt = rd(t->xsdt + 44, 8);
	assert_int_equal(rd(t->rsdt + 36, 4), t->fadt);
	assert_int_equal(rd(t->rsdt + 40, 4), t->madt);
	check_sdt(t->fadt, "FACP", 6);
	check_sdt(t->madt, "APIC", 5);
	t->dsdt = rd(t->fadt + 140, 8);
	assert_int_equal(rd(t->fadt + 40, 4), t->dsdt);
	check_sdt(t->dsdt, "DSDT", 2);
}

static void test_chain(void **state)
{
	unsigned int n[] = { 1, 2, 4, 63, 64 };
	struct tables t;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(n); i++)
		build(n[i], &t);
	/* The RSDP is where Linux's legacy scan finds it too: 0xe0000-0xfffff, 16-aligned. */
	assert_true(t.rsdp >= 0xe0000 && t.rsdp % 16 == 0);
}

static void check_gas_io8(uint64_t g, uint64_t port)
{
	assert_int_equal(mem[g], 1);		/* system I/O */
	assert_int_equal(mem[g + 1], 8);	/* bit width */
	assert_int_equal(mem[g + 2], 0);	/* bit offset */
	assert_int_equal(mem[g + 3], 1);	/* byte access */
	assert_int_equal(rd(g + 4, 8), port);
}

static void test_fadt(void **state)
{
	struct tables t;
	uint64_t f;
	uint32_t flags;

	(void)state;
	build(1, &t);
	f = t.fadt;
	assert_int_equal(rd(f + 4, 4), 276);
	assert_int_equal(mem[f + 131], 5);		/* minor revision: 6.5 */
	flags = (uint32_t)rd(f + 112, 4);
	assert_true(flags & (1u << 20));		/* HW_REDUCED_ACPI */
	assert_true(flags & (1u << 10));		/* RESET_REG_SUP */
	assert_int_equal(rd(f + 109, 2), 0x000c);	/* no VGA, no MSI */
	assert_int_equal(mem[f + 108], VP_RTC_CENTURY);
	check_gas_io8(f + 116, VP_ACPI_RESET_PORT);
	assert_int_equal(mem[f + 128], VP_ACPI_RESET_VALUE);
	check_gas_io8(f + 244, VP_ACPI_SLEEP_CTL_PORT);
	check_gas_io8(f + 256, VP_ACPI_SLEEP_STS_PORT);
	assert_memory_equal(mem + f + 268, "vpart\0\0\0", 8);
	/* Hardware-reduced: no FACS, SCI, SMI_CMD, PM1, PM timer or GPE block. */
	assert_int_equal(rd(f + 36, 4), 0);
	assert_int_equal(rd(f + 132, 8), 0);
	assert_int_equal(rd(f + 46, 2), 0);
	assert_int_equal(rd(f + 48, 4), 0);
	for (uint64_t o = 56; o < 88; o++)
		assert_int_equal(mem[f + o], 0);
	for (uint64_t o = 148; o < 244; o++)
		assert_int_equal(mem[f + o], 0);
}

static void check_madt(unsigned int ncpus)
{
	unsigned int x2apic = 0, ioapic = 0, iso = 0, nmi = 0, other = 0;
	struct tables t;
	uint64_t e, end;

	build(ncpus, &t);
	assert_int_equal(rd(t.madt + 36, 4), VP_LAPIC_BASE);
	assert_int_equal(rd(t.madt + 40, 4), 0);	/* no PCAT_COMPAT */
	end = t.madt + rd(t.madt + 4, 4);
	for (e = t.madt + 44; e < end; e += mem[e + 1]) {
		assert_true(mem[e + 1] >= 2 && e + mem[e + 1] <= end);
		switch (mem[e]) {
		case 9:
			assert_int_equal(mem[e + 1], 16);
			assert_int_equal(rd(e + 4, 4), x2apic);		/* x2APIC id */
			assert_int_equal(rd(e + 8, 4), 1);		/* enabled */
			assert_int_equal(rd(e + 12, 4), x2apic);	/* UID */
			x2apic++;
			break;
		case 1:
			assert_int_equal(mem[e + 1], 12);
			assert_int_equal(mem[e + 2], VP_IOAPIC_ID);
			assert_int_equal(rd(e + 4, 4), VP_IOAPIC_BASE);
			assert_int_equal(rd(e + 8, 4), 0);
			ioapic++;
			break;
		case 2:
			assert_int_equal(mem[e + 1], 10);
			assert_int_equal(mem[e + 2], 0);		/* ISA */
			assert_int_equal(mem[e + 3], 0);		/* IRQ 0 */
			assert_int_equal(rd(e + 4, 4), 2);		/* GSI 2 */
			assert_int_equal(rd(e + 8, 2), 0x5);		/* edge, high */
			iso++;
			break;
		case 10:
			assert_int_equal(mem[e + 1], 12);
			assert_int_equal(rd(e + 4, 4), 0xffffffff);	/* all CPUs */
			assert_int_equal(mem[e + 8], 1);		/* LINT1 */
			nmi++;
			break;
		default:
			other++;
		}
	}
	assert_int_equal(e, end);
	assert_int_equal(x2apic, ncpus);
	assert_int_equal(ioapic, 1);
	assert_int_equal(iso, 1);
	assert_int_equal(nmi, 1);
	assert_int_equal(other, 0);
}

static void test_madt_1(void **state)
{
	(void)state;
	check_madt(1);
}

static void test_madt_4(void **state)
{
	(void)state;
	check_madt(4);
}

static void test_madt_64(void **state)
{
	(void)state;
	check_madt(64);
}

/* Rejections leave guest memory alone. */
static void test_rejects(void **state)
{
	uint64_t r = 0x1234;

	(void)state;
	memset(mem, 0x5a, MEM);
	assert_int_equal(vp_acpi_build(mem, MEM, 0, &r), -1);
	assert_int_equal(vp_acpi_build(mem, MEM, 65, &r), -1);
	assert_int_equal(vp_acpi_build(mem, VP_ACPI_END - 1, 1, &r), -1);
	assert_int_equal(vp_acpi_build(mem, 0x9fc00, 1, &r), -1);
	assert_int_equal(vp_acpi_build(NULL, MEM, 1, &r), -1);
	assert_int_equal(vp_acpi_build(mem, MEM, 1, NULL), -1);
	assert_int_equal(r, 0x1234);
	assert_int_equal(mem[VP_ACPI_BASE], 0x5a);
	assert_int_equal(mem[VP_ACPI_END - 1], 0x5a);
	/* Exactly enough memory is fine. */
	assert_int_equal(vp_acpi_build(mem, VP_ACPI_END, 1, &r), 0);
}

/* The DSDT body, assembled by hand from the ACPI 6.5 AML grammar. */
static const uint8_t dsdt_aml[] = {
	0x10, 0x40, 0x08, '\\', '_', 'S', 'B', '_',	/* Scope (\_SB), PkgLength 128 */
	0x5b, 0x82, 0x29, 'V', 'M', 'B', 'S',		/*   Device (VMBS), PkgLength 41 */
	0x08, '_', 'H', 'I', 'D',			/*     Name (_HID, */
	0x0d, 'V', 'M', 'B', 'u', 's', 0x00,		/*       "VMBus") */
	0x08, '_', 'U', 'I', 'D', 0x00,			/*     Name (_UID, Zero) */
	0x08, '_', 'S', 'T', 'A', 0x0a, 0x0f,		/*     Name (_STA, 0x0F) */
	0x08, '_', 'C', 'R', 'S',			/*     Name (_CRS, */
	0x11, 0x05, 0x0a, 0x02, 0x79, 0x00,		/*       Buffer (2) { EndTag }) */
	0x5b, 0x82, 0x25, 'C', 'O', 'M', '1',		/*   Device (COM1), PkgLength 37 */
	0x08, '_', 'H', 'I', 'D',			/*     Name (_HID, */
	0x0c, 0x41, 0xd0, 0x05, 0x01,			/*       EisaId ("PNP0501")) */
	0x08, '_', 'C', 'R', 'S',			/*     Name (_CRS, Buffer (13) { */
	0x11, 0x10, 0x0a, 0x0d,
	0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,	/*       IO (Decode16, 0x3F8, 0x3F8, 1, 8) */
	0x22, 0x10, 0x00,				/*       IRQNoFlags () {4} */
	0x79, 0x00,					/*       EndTag }) */
	0x5b, 0x82, 0x25, 'R', 'T', 'C', '_',		/*   Device (RTC_), PkgLength 37 */
	0x08, '_', 'H', 'I', 'D',			/*     Name (_HID, */
	0x0c, 0x41, 0xd0, 0x0b, 0x00,			/*       EisaId ("PNP0B00")) */
	0x08, '_', 'C', 'R', 'S',			/*     Name (_CRS, Buffer (13) { */
	0x11, 0x10, 0x0a, 0x0d,
	0x47, 0x01, 0x70, 0x00, 0x70, 0x00, 0x01, 0x02,	/*       IO (Decode16, 0x70, 0x70, 1, 2) */
	0x22, 0x00, 0x01,				/*       IRQNoFlags () {8} */
	0x79, 0x00,					/*       EndTag }) */
	0x08, '\\', '_', 'S', '5', '_',			/* Name (\_S5, */
	0x12, 0x08, 0x04,				/*   Package (4), PkgLength 8 */
	0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,		/*   { 5, 5, 0, 0 }) */
};

static void test_dsdt_vmbus(void **state)
{
	struct tables t;

	(void)state;
	build(2, &t);
	assert_int_equal(rd(t.dsdt + 4, 4), 36 + sizeof(dsdt_aml));
	assert_memory_equal(mem + t.dsdt + 36, dsdt_aml, sizeof(dsdt_aml));
}

/* Encode a PkgLength around a @body-byte body; return its encoded bytes. */
static size_t pkglen(size_t body, uint8_t *out)
{
	static uint8_t buf[8192];
	struct aml a = { .p = buf, .cap = sizeof(buf) };
	size_t at = aml_open(&a);

	memset(buf + a.len, 0xcc, body);
	a.len += body;
	aml_close(&a, at);
	assert_false(a.full);
	memcpy(out, buf, a.len - body);
	return a.len - body;
}

static void test_aml_encodings(void **state)
{
	struct aml a = { 0 };
	uint8_t b[16];

	(void)state;
	assert_int_equal(pkglen(0, b), 1);
	assert_int_equal(b[0], 0x01);
	assert_int_equal(pkglen(62, b), 1);		/* 63: the largest 1-byte value */
	assert_int_equal(b[0], 0x3f);
	assert_int_equal(pkglen(63, b), 2);		/* 65 = 0x041 */
	assert_int_equal(b[0], 0x41);
	assert_int_equal(b[1], 0x04);
	assert_int_equal(pkglen(100, b), 2);		/* 102 = 0x066 */
	assert_int_equal(b[0], 0x46);
	assert_int_equal(b[1], 0x06);
	assert_int_equal(pkglen(4093, b), 2);		/* 4095: the largest 2-byte value */
	assert_int_equal(b[0], 0x4f);
	assert_int_equal(b[1], 0xff);
	assert_int_equal(pkglen(5000, b), 3);		/* 5003 = 0x0138b */
	assert_int_equal(b[0], 0x8b);
	assert_int_equal(b[1], 0x38);
	assert_int_equal(b[2], 0x01);

	a.p = b;
	a.cap = sizeof(b);
	aml_int(&a, 0);
	aml_int(&a, 1);
	aml_int(&a, 0xff);
	aml_int(&a, 0x1234);
	aml_int(&a, 0x12345678);
	assert_int_equal(a.len, 1 + 1 + 2 + 3 + 5);
	assert_memory_equal(b, "\x00\x01\x0a\xff\x0b\x34\x12\x0c\x78\x56\x34\x12", 12);
	a.len = 0;
	aml_int(&a, 0x100000000ull);
	assert_memory_equal(b, "\x0e\x00\x00\x00\x00\x01\x00\x00\x00", 9);
	a.len = 0;
	aml_namestring(&a, "\\_SB");
	aml_namestring(&a, "AB");
	assert_memory_equal(b, "\\_SB_AB__", 9);
	/* Overflow is sticky: nothing more is written, even what would fit. */
	a.len = 0;
	a.cap = 3;
	aml_string(&a, "VMBus");
	assert_true(a.full);
	assert_int_equal(a.len, 1);			/* the StringPrefix fitted */
	aml_byte(&a, 0);
	assert_int_equal(a.len, 1);
}

/* Write the table at @gpa to @dir/@name, run `iasl -d` on it, return the .dsl text. */
static char *iasl_disassemble(const char *dir, const char *name, uint64_t gpa)
{
	char path[256], cmd[512];
	FILE *f;
	char *text;
	long n;

	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(mem + gpa, 1, rd(gpa + 4, 4), f), rd(gpa + 4, 4));
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cd %s && iasl -d %s.dat >%s.log 2>&1", dir, name, name);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/%s.dsl", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, n, f), n);
	fclose(f);
	/* What iasl writes into the .dsl about malformed tables. */
	assert_null(strstr(text, "Incorrect checksum"));
	assert_null(strstr(text, "Invalid"));
	assert_null(strstr(text, "****"));
	return text;
}

static void test_iasl(void **state)
{
	static const char * const dsdt_want[] = {
		"Scope (\\_SB)", "Device (VMBS)", "_HID", "\"VMBus\"", "_UID", "_STA",
		"_CRS", "0x79, 0x00", "Name (\\_S5, Package (0x04)",
	};
	char dir[] = "/tmp/acpi_test.XXXXXX", cmd[64];
	struct tables t;
	char *dsl;
	size_t i;

	(void)state;
	if (system("command -v iasl >/dev/null 2>&1") != 0) {
		/* A missing tool fails the test: scripts/setup installs it. */
		fail_msg("iasl not installed (apt-get install acpica-tools)");
	}
	build(4, &t);
	assert_non_null(mkdtemp(dir));
	dsl = iasl_disassemble(dir, "dsdt", t.dsdt);
	for (i = 0; i < ARRAY_SIZE(dsdt_want); i++)
		assert_non_null(strstr(dsl, dsdt_want[i]));
	free(dsl);
	dsl = iasl_disassemble(dir, "facp", t.fadt);
	assert_non_null(strstr(dsl, "Hardware Reduced (V5) : 1"));
	assert_non_null(strstr(dsl, "Address : 0000000000000600"));
	free(dsl);
	dsl = iasl_disassemble(dir, "apic", t.madt);
	assert_non_null(strstr(dsl, "Local x2APIC NMI"));
	assert_non_null(strstr(dsl, "Processor x2Apic ID : 00000003"));
	free(dsl);
	free(iasl_disassemble(dir, "xsdt", t.xsdt));
	free(iasl_disassemble(dir, "rsdt", t.rsdt));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	mem = malloc(MEM);
	return mem ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_fadt),
		cmocka_unit_test(test_madt_1),
		cmocka_unit_test(test_madt_4),
		cmocka_unit_test(test_madt_64),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_dsdt_vmbus),
		cmocka_unit_test(test_aml_encodings),
		cmocka_unit_test(test_iasl),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
