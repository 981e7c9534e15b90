// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the MMIO decoder on arbitrary guest bytes in every CPU
 * mode. It must never read past @avail (ASan: the input is copied to an
 * exact-size buffer), and whatever it accepts must be self-consistent.
 */
#include <stdlib.h>
#include <string.h>
#include "insn.h"

static bool pow2_size(unsigned int s, unsigned int max)
{
	return s == 1 || s == 2 || s == 4 || (s == 8 && max == 8);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const enum vp_cpu_mode modes[] = {
		VP_MODE_REAL16, VP_MODE_PROT32, VP_MODE_LONG64,
	};
	struct vp_mmio_insn in;
	u8 *code;
	size_t i;

	if (size > 64)
		return 0;
	code = malloc(size ? size : 1);
	if (!code)
		abort();
	memcpy(code, data, size);
	for (i = 0; i < 3; i++) {
		if (vp_insn_decode_mmio(code, size, modes[i], &in))
			continue;
		if (!in.len || in.len > 15 || in.len > size || in.reg > 15 ||
		    !pow2_size(in.size, modes[i] == VP_MODE_LONG64 ? 8 : 4) ||
		    (in.high8 && (in.size != 1 || in.reg > 3)) ||
		    (in.op != VP_MMIO_STORE_IMM && in.imm) ||
		    (in.addr_size != 2 && in.addr_size != 4 && in.addr_size != 8))
			abort();
		/* The same bytes with fewer available must fail, not read on. */
		if (vp_insn_decode_mmio(code, in.len - 1, modes[i], &in) == 0)
			abort();
	}
	free(code);
	return 0;
}
