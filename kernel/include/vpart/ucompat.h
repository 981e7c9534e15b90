/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the few kernel facilities that code shared between
 * the kernel and native builds (the ring engine, the MMIO decoder) uses, so
 * that the same source is fuzzed and benchmarked as an ordinary program.
 */
#ifndef _VPART_UCOMPAT_H
#define _VPART_UCOMPAT_H

#ifdef __KERNEL__
#error "ucompat.h is for native (userspace) builds only"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

/* The kernel's gather element; same layout as struct iovec. */
#define kvec iovec

#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
/* The guest<->host barriers: fences as strong as the kernel's on x86. */
#define virt_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
/* Loads after it are not satisfied before loads before it. */
#define virt_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
/* Stores before it are visible before stores after it. */
#define virt_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

#define ALIGN(x, a)	(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define likely(x)	__builtin_expect(!!(x), 1)
#define static_assert(e, ...) _Static_assert(e, #e)
/* Spelled through a macro: the kernel's own __packed is what the headers use. */
#define VP_ATTR_PACKED	__packed__
#define __packed	__attribute__((VP_ATTR_PACKED))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define min(a, b)	({ __typeof__(a) __vp_a = (a); __typeof__(b) __vp_b = (b); \
			   __vp_a < __vp_b ? __vp_a : __vp_b; })
#define min_t(t, a, b)	min((t)(a), (t)(b))

/* Big-endian fields at any alignment, as in CDBs and SCSI answers. */
static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)get_unaligned_be16(b) << 16 | get_unaligned_be16(b + 2);
}

static inline u64 get_unaligned_be64(const void *p)
{
	const u8 *b = p;

	return (u64)get_unaligned_be32(b) << 32 | get_unaligned_be32(b + 4);
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = (u8)v;
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	put_unaligned_be16(v >> 16, b);
	put_unaligned_be16((u16)v, b + 2);
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	u8 *b = p;

	put_unaligned_be32(v >> 32, b);
	put_unaligned_be32((u32)v, b + 4);
}

#define EXPORT_SYMBOL_NS_GPL(sym, ns)
/* A source may stub it itself before including this header. */
#ifndef EXPORT_SYMBOL_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#endif

#endif /* _VPART_UCOMPAT_H */
