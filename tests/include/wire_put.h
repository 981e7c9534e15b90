/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Little-endian stores at byte offsets, for tests that build guest
 * messages byte by byte at their wire offsets (independent of the C
 * structs under test).
 */
#ifndef _VPART_TESTS_WIRE_PUT_H
#define _VPART_TESTS_WIRE_PUT_H

#include <stdint.h>

static inline void wire_put16(uint8_t *b, uint32_t off, uint16_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
}

static inline void wire_put32(uint8_t *b, uint32_t off, uint32_t v)
{
	wire_put16(b, off, (uint16_t)v);
	wire_put16(b, off + 2, (uint16_t)(v >> 16));
}

static inline void wire_put64(uint8_t *b, uint32_t off, uint64_t v)
{
	wire_put32(b, off, (uint32_t)v);
	wire_put32(b, off + 4, (uint32_t)(v >> 32));
}

#endif /* _VPART_TESTS_WIRE_PUT_H */
