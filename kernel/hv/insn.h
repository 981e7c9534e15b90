/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoder for the instructions that touch MMIO: the MOV, MOVZX, MOVSX and
 * STOS forms drivers use, with legacy, operand-size and REX prefixes. Pure
 * function of the instruction bytes and the CPU mode, so it is tested with a
 * table of encodings and fuzzed natively (tests/insn). Anything else is
 * refused: never a guess.
 */
#ifndef _VPART_HV_INSN_H
#define _VPART_HV_INSN_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "vpart/ucompat.h"
#endif

enum vp_mmio_op {
	VP_MMIO_STORE,		/* MOV r/m, reg */
	VP_MMIO_STORE_IMM,	/* MOV r/m, imm */
	VP_MMIO_LOAD,		/* MOV reg, r/m */
	VP_MMIO_LOAD_ZX,	/* MOVZX reg, r/m */
	VP_MMIO_LOAD_SX,	/* MOVSX reg, r/m */
	VP_MMIO_STOS,		/* STOS: store rAX at ES:rDI, then step rDI */
};

/**
 * struct vp_mmio_insn - a decoded MMIO instruction
 * @op: what it does
 * @len: instruction length in bytes (RIP advances by this much)
 * @size: bytes accessed in memory: 1, 2, 4 or 8
 * @reg: general register read (stores) or written (loads), 0-15 (RAX..R15)
 * @high8: the byte register is AH, CH, DH or BH (bits 15:8 of @reg)
 * @dst_size: register bytes written by a load (a 4-byte write zero-extends
 *	to 64 bits in long mode, as the CPU does)
 * @imm: the immediate of VP_MMIO_STORE_IMM, sign-extended to @size
 * @addr_size: address size in bytes (how much of rDI a STOS steps)
 */
struct vp_mmio_insn {
	enum vp_mmio_op op;
	u8 len;
	u8 size;
	u8 reg;
	bool high8;
	u8 dst_size;
	u64 imm;
	u8 addr_size;
};

/* CPU modes the decoder understands: default operand/address size. */
enum vp_cpu_mode {
	VP_MODE_REAL16,		/* real mode or 16-bit protected mode */
	VP_MODE_PROT32,
	VP_MODE_LONG64,
};

int vp_insn_decode_mmio(const u8 *code, unsigned int avail,
			enum vp_cpu_mode mode, struct vp_mmio_insn *out);

#endif /* _VPART_HV_INSN_H */
