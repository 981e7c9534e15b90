// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO instruction decoder (see insn.h). The bytes come from guest memory
 * and are hostile: every read is bounds-checked against @avail, the length
 * is capped at the architectural 15 bytes, and unknown forms are refused.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#endif
#include "insn.h"

#define MAX_INSN_LEN	15

struct cursor {
	const u8 *code;
	unsigned int avail;
	unsigned int pos;
};

static int next(struct cursor *c, u8 *b)
{
	if (c->pos >= c->avail || c->pos >= MAX_INSN_LEN)
		return -EINVAL;
	*b = c->code[c->pos++];
	return 0;
}

static int skip(struct cursor *c, unsigned int n)
{
	if (c->pos + n > c->avail || c->pos + n > MAX_INSN_LEN)
		return -EINVAL;
	c->pos += n;
	return 0;
}

/* Little-endian immediate of @n bytes, sign-extended to 64 bits. */
static int imm(struct cursor *c, unsigned int n, u64 *v)
{
	unsigned int i;
	u8 b;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (next(c, &b))
			return -EINVAL;
		*v |= (u64)b << (8 * i);
	}
	if (n < 8 && (*v & (1ULL << (8 * n - 1))))
		*v |= ~0ULL << (8 * n);
	return 0;
}

/*
 * Step over ModRM, SIB and displacement; return the reg field. A register
 * operand (mod 3) cannot have caused an MMIO exit.
 */
static int modrm(struct cursor *c, bool addr16, u8 *reg)
{
	u8 m, mod, rm, sib;

	if (next(c, &m))
		return -EINVAL;
	mod = m >> 6;
	rm = m & 7;
	*reg = (m >> 3) & 7;
	if (mod == 3)
		return -EINVAL;
	if (addr16) {
		if (mod == 1)
			return skip(c, 1);
		if (mod == 2 || (mod == 0 && rm == 6))
			return skip(c, 2);
		return 0;
	}
	if (rm == 4) {
		if (next(c, &sib))
			return -EINVAL;
		/* No base register: a 32-bit displacement follows. */
		if (mod == 0 && (sib & 7) == 5)
			return skip(c, 4);
	}
	if (mod == 1)
		return skip(c, 1);
	if (mod == 2 || (mod == 0 && rm == 5))
		return skip(c, 4);
	return 0;
}

/**
 * vp_insn_decode_mmio() - decode one instruction that accessed MMIO
 * @code: instruction bytes fetched from the guest
 * @avail: how many of them are valid
 * @mode: the guest's CPU mode at the time
 * @out: the decoded instruction
 *
 * Return: 0, -EINVAL for truncated or malformed bytes (or a register
 * operand), -EOPNOTSUPP for a valid instruction this decoder does not
 * emulate (the caller ends the run with an internal error).
 */
int vp_insn_decode_mmio(const u8 *code, unsigned int avail,
			enum vp_cpu_mode mode, struct vp_mmio_insn *out)
{
	struct cursor c = { .code = code, .avail = avail };
	bool opsize = false, addrsize = false, rep = false;
	u8 b, rex = 0, reg, opbytes;
	bool addr16;
	int ret;

	memset(out, 0, sizeof(*out));
	for (;;) {
		if (next(&c, &b))
			return -EINVAL;
		if (mode == VP_MODE_LONG64 && (b & 0xf0) == 0x40) {
			rex = b;	/* 0x40-0x4f: non-zero means present */
			continue;
		}
		/* A REX prefix counts only right before the opcode. */
		switch (b) {
		case 0x66:
			opsize = true;
			break;
		case 0x67:
			addrsize = true;
			break;
		case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
			break;
		case 0xf2: case 0xf3:
			rep = true;
			break;
		case 0xf0:
			return -EINVAL;		/* LOCK MOV is #UD */
		default:
			goto opcode;
		}
		rex = 0;
	}
opcode:
	/* Default operand size, then 0x66 and REX.W; REX.W wins. */
	if (mode == VP_MODE_REAL16)
		opbytes = opsize ? 4 : 2;
	else
		opbytes = opsize ? 2 : 4;
	if (rex & 0x8)
		opbytes = 8;
	if (mode == VP_MODE_LONG64) {
		addr16 = false;
		out->addr_size = addrsize ? 4 : 8;
	} else {
		addr16 = (mode == VP_MODE_REAL16) != addrsize;
		out->addr_size = addr16 ? 2 : 4;
	}

	switch (b) {
	case 0x88: case 0x89: case 0x8a: case 0x8b:
		out->op = b & 2 ? VP_MMIO_LOAD : VP_MMIO_STORE;
		out->size = b & 1 ? opbytes : 1;
		ret = modrm(&c, addr16, &reg);
		break;
	case 0xa0: case 0xa1: case 0xa2: case 0xa3:
		/* MOV between rAX and an absolute offset (moffs) */
		out->op = b & 2 ? VP_MMIO_STORE : VP_MMIO_LOAD;
		out->size = b & 1 ? opbytes : 1;
		reg = 0;
		ret = skip(&c, out->addr_size);
		break;
	case 0xc6: case 0xc7:
		out->op = VP_MMIO_STORE_IMM;
		out->size = b & 1 ? opbytes : 1;
		ret = modrm(&c, addr16, &reg);
		if (!ret && reg != 0)
			return -EOPNOTSUPP;	/* only /0 is MOV */
		reg = 0;
		/* imm32 sign-extended for 64-bit stores */
		if (!ret)
			ret = imm(&c, out->size == 8 ? 4 : out->size, &out->imm);
		if (out->size < 8)
			out->imm &= (1ULL << (8 * out->size)) - 1;
		break;
	case 0xaa: case 0xab:
		if (rep)
			return -EOPNOTSUPP;	/* one access per exit only */
		out->op = VP_MMIO_STOS;
		out->size = b & 1 ? opbytes : 1;
		reg = 0;
		ret = 0;
		break;
	case 0x0f:
		if (next(&c, &b))
			return -EINVAL;
		if (b != 0xb6 && b != 0xb7 && b != 0xbe && b != 0xbf)
			return -EOPNOTSUPP;
		out->op = b & 8 ? VP_MMIO_LOAD_SX : VP_MMIO_LOAD_ZX;
		out->size = b & 1 ? 2 : 1;
		ret = modrm(&c, addr16, &reg);
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (ret)
		return ret;
	if (rep && out->op != VP_MMIO_STOS)
		return -EOPNOTSUPP;

	out->reg = reg | (rex & 0x4 ? 8 : 0);
	/* Byte registers 4-7 are AH..BH unless any REX prefix is present. */
	if (out->size == 1 && !rex && reg >= 4 &&
	    (out->op == VP_MMIO_STORE || out->op == VP_MMIO_LOAD)) {
		out->high8 = true;
		out->reg = reg - 4;
	}
	switch (out->op) {
	case VP_MMIO_LOAD:
		out->dst_size = out->size;
		break;
	case VP_MMIO_LOAD_ZX:
	case VP_MMIO_LOAD_SX:
		out->dst_size = opbytes;
		break;
	default:
		break;
	}
	out->len = c.pos;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_insn_decode_mmio);
