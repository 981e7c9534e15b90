// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_hv_insn: the MMIO decoder against a table of encodings
 * (as assembled by GNU as), and against the malformed and unsupported forms
 * it must refuse.
 */
#include <kunit/test.h>
#include "vpart/compat.h"
#include "insn.h"

struct bytes {
	u8 b[16];
	unsigned int n;
};

#define B(...)	{ .b = { __VA_ARGS__ }, .n = sizeof((u8[]){ __VA_ARGS__ }) }

struct good {
	const char *asm_text;
	struct bytes code;
	enum vp_cpu_mode mode;
	enum vp_mmio_op op;
	u8 size, reg, dst_size, addr_size;
	bool high8;
	u64 imm;
};

#define L64 VP_MODE_LONG64
#define P32 VP_MODE_PROT32
#define R16 VP_MODE_REAL16

static const struct good goods[] = {
	{ "mov (%rdi),%eax", B(0x8b, 0x07), L64, VP_MMIO_LOAD, 4, 0, 4, 8 },
	{ "mov 0x8(%rdi),%rax", B(0x48, 0x8b, 0x47, 0x08), L64, VP_MMIO_LOAD, 8, 0, 8, 8 },
	{ "mov %edx,(%rax)", B(0x89, 0x10), L64, VP_MMIO_STORE, 4, 2, 0, 8 },
	{ "mov %dx,(%rax)", B(0x66, 0x89, 0x10), L64, VP_MMIO_STORE, 2, 2, 0, 8 },
	{ "mov %bl,(%rax)", B(0x88, 0x18), L64, VP_MMIO_STORE, 1, 3, 0, 8 },
	{ "mov %ah,(%rax)", B(0x88, 0x20), L64, VP_MMIO_STORE, 1, 0, 0, 8, true },
	{ "mov %spl,(%rax)", B(0x40, 0x88, 0x20), L64, VP_MMIO_STORE, 1, 4, 0, 8 },
	{ "mov (%rax),%r8d", B(0x44, 0x8b, 0x00), L64, VP_MMIO_LOAD, 4, 8, 4, 8 },
	{ "mov (%r8),%eax", B(0x41, 0x8b, 0x00), L64, VP_MMIO_LOAD, 4, 0, 4, 8 },
	{ "mov (%rax),%r15", B(0x4c, 0x8b, 0x38), L64, VP_MMIO_LOAD, 8, 15, 8, 8 },
	{ "mov (%rax),%dh", B(0x8a, 0x30), L64, VP_MMIO_LOAD, 1, 2, 1, 8, true },
	{ "movl $0x12345678,(%rax)", B(0xc7, 0x00, 0x78, 0x56, 0x34, 0x12), L64,
	  VP_MMIO_STORE_IMM, 4, 0, 0, 8, false, 0x12345678 },
	{ "movq $-1,(%rax)", B(0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff), L64,
	  VP_MMIO_STORE_IMM, 8, 0, 0, 8, false, ~0ULL },
	{ "movw $0x1234,(%rax)", B(0x66, 0xc7, 0x00, 0x34, 0x12), L64,
	  VP_MMIO_STORE_IMM, 2, 0, 0, 8, false, 0x1234 },
	{ "movb $0xab,(%rax)", B(0xc6, 0x00, 0xab), L64,
	  VP_MMIO_STORE_IMM, 1, 0, 0, 8, false, 0xab },
	{ "movzbl (%rdi),%eax", B(0x0f, 0xb6, 0x07), L64, VP_MMIO_LOAD_ZX, 1, 0, 4, 8 },
	{ "movzwl 0x10(%rsi),%ecx", B(0x0f, 0xb7, 0x4e, 0x10), L64, VP_MMIO_LOAD_ZX, 2, 1, 4, 8 },
	{ "movswq (%rdi),%rax", B(0x48, 0x0f, 0xbf, 0x07), L64, VP_MMIO_LOAD_SX, 2, 0, 8, 8 },
	{ "movsbw (%rdi),%ax", B(0x66, 0x0f, 0xbe, 0x07), L64, VP_MMIO_LOAD_SX, 1, 0, 2, 8 },
	{ "stos %al,%es:(%rdi)", B(0xaa), L64, VP_MMIO_STOS, 1, 0, 0, 8 },
	{ "stos %rax,%es:(%rdi)", B(0x48, 0xab), L64, VP_MMIO_STOS, 8, 0, 0, 8 },
	{ "stos %eax,%es:(%edi)", B(0x67, 0xab), L64, VP_MMIO_STOS, 4, 0, 0, 4 },
	{ "mov 0xfee00000,%eax", B(0x8b, 0x04, 0x25, 0x00, 0x00, 0xe0, 0xfe), L64,
	  VP_MMIO_LOAD, 4, 0, 4, 8 },
	{ "mov 0x10(%rip),%eax", B(0x8b, 0x05, 0x10, 0x00, 0x00, 0x00), L64,
	  VP_MMIO_LOAD, 4, 0, 4, 8 },
	{ "mov 0x100(%rsp),%eax", B(0x8b, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00), L64,
	  VP_MMIO_LOAD, 4, 0, 4, 8 },
	{ "mov 0x8(%rsp),%eax", B(0x8b, 0x44, 0x24, 0x08), L64, VP_MMIO_LOAD, 4, 0, 4, 8 },
	{ "mov 0x100(%rax),%eax", B(0x8b, 0x80, 0x00, 0x01, 0x00, 0x00), L64,
	  VP_MMIO_LOAD, 4, 0, 4, 8 },
	{ "mov %eax,%fs:(%rax)", B(0x64, 0x89, 0x00), L64, VP_MMIO_STORE, 4, 0, 0, 8 },
	{ "mov (%edi),%eax", B(0x67, 0x8b, 0x07), L64, VP_MMIO_LOAD, 4, 0, 4, 4 },
	/* REX before a legacy prefix is void: 16-bit, and %ah not %spl. */
	{ "rex.w; mov %dx,(%rax)", B(0x48, 0x66, 0x89, 0x10), L64, VP_MMIO_STORE, 2, 2, 0, 8 },
	{ "rex; mov %ah,(%rax)", B(0x40, 0x2e, 0x88, 0x20), L64, VP_MMIO_STORE, 1, 0, 0, 8, true },
	{ "mov eax,[0xfee00300]", B(0x8b, 0x05, 0x00, 0x03, 0xe0, 0xfe), P32,
	  VP_MMIO_LOAD, 4, 0, 4, 4 },
	{ "mov [bx],ax (16)", B(0x89, 0x07), R16, VP_MMIO_STORE, 2, 0, 0, 2 },
	{ "mov al,[0x10] (moffs16)", B(0xa0, 0x10, 0x00), R16, VP_MMIO_LOAD, 1, 0, 1, 2 },
	{ "mov [0xfee000b0],eax (moffs32)", B(0xa3, 0xb0, 0x00, 0xe0, 0xfe), P32,
	  VP_MMIO_STORE, 4, 0, 0, 4 },
	{ "movabs 0xfee00020,%rax", B(0x48, 0xa1, 0x20, 0x00, 0xe0, 0xfe, 0, 0, 0, 0),
	  L64, VP_MMIO_LOAD, 8, 0, 8, 8 },
	{ "mov ax,[0x1234] (16)", B(0x8b, 0x06, 0x34, 0x12), R16, VP_MMIO_LOAD, 2, 0, 2, 2 },
	{ "mov eax,[bx+si+0x10] (16)", B(0x66, 0x8b, 0x40, 0x10), R16, VP_MMIO_LOAD, 4, 0, 4, 2 },
	{ "mov eax,[ebx] (16, a32)", B(0x66, 0x67, 0x8b, 0x03), R16, VP_MMIO_LOAD, 4, 0, 4, 4 },
	{ "mov ax,[bx] (32, a16)", B(0x66, 0x67, 0x8b, 0x07), P32, VP_MMIO_LOAD, 2, 0, 2, 2 },
};

static void decodes_table(struct kunit *test)
{
	const struct good *g;
	struct vp_mmio_insn in;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(goods); i++) {
		g = &goods[i];
		KUNIT_ASSERT_EQ_MSG(test, vp_insn_decode_mmio(g->code.b, g->code.n, g->mode, &in),
				    0, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.len, g->code.n, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.op, g->op, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.size, g->size, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.reg, g->reg, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.high8, g->high8, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.dst_size, g->dst_size, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.addr_size, g->addr_size, "%s", g->asm_text);
		KUNIT_EXPECT_EQ_MSG(test, in.imm, g->imm, "%s", g->asm_text);
	}
}

/* Extra bytes after the instruction are not part of it. */
static void length_ignores_trailing_bytes(struct kunit *test)
{
	static const u8 code[] = { 0x8b, 0x07, 0x90, 0x90, 0x90 };
	struct vp_mmio_insn in;

	KUNIT_ASSERT_EQ(test, vp_insn_decode_mmio(code, sizeof(code), L64, &in), 0);
	KUNIT_EXPECT_EQ(test, in.len, 2);
}

struct bad {
	const char *what;
	struct bytes code;
	enum vp_cpu_mode mode;
	int err;
};

static const struct bad bads[] = {
	{ "register operand", B(0x8b, 0xc0), L64, -EINVAL },
	{ "LOCK MOV", B(0xf0, 0x89, 0x10), L64, -EINVAL },
	{ "truncated ModRM", B(0x8b), L64, -EINVAL },
	{ "truncated displacement", B(0x8b, 0x80, 0x00, 0x01), L64, -EINVAL },
	{ "truncated SIB", B(0x8b, 0x04), L64, -EINVAL },
	{ "truncated immediate", B(0xc7, 0x00, 0x78, 0x56), L64, -EINVAL },
	{ "no bytes", { .n = 0 }, L64, -EINVAL },
	{ "nop", B(0x90), L64, -EOPNOTSUPP },
	{ "ud2", B(0x0f, 0x0b), L64, -EOPNOTSUPP },
	{ "C7 /1 is not MOV", B(0xc7, 0x08, 0, 0, 0, 0), L64, -EOPNOTSUPP },
	{ "rep stosb", B(0xf3, 0xaa), L64, -EOPNOTSUPP },
	{ "rep mov", B(0xf3, 0x89, 0x10), L64, -EOPNOTSUPP },
	{ "movs", B(0xa5), L64, -EOPNOTSUPP },
	{ "add to memory", B(0x01, 0x10), L64, -EOPNOTSUPP },
	{ "16 bytes of prefixes", B(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x8b, 0x07),
	  L64, -EINVAL },
};

static void refuses_bad_forms(struct kunit *test)
{
	struct vp_mmio_insn in;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bads); i++)
		KUNIT_EXPECT_EQ_MSG(test, vp_insn_decode_mmio(bads[i].code.b, bads[i].code.n,
							      bads[i].mode, &in),
				    bads[i].err, "%s", bads[i].what);
}

static struct kunit_case insn_cases[] = {
	KUNIT_CASE(decodes_table),
	KUNIT_CASE(length_ignores_trailing_bytes),
	KUNIT_CASE(refuses_bad_forms),
	{}
};

static struct kunit_suite insn_suite = {
	.name = "vpart_hv_insn",
	.test_cases = insn_cases,
};

kunit_test_suite(insn_suite);
