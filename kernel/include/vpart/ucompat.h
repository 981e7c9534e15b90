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

#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#define EXPORT_SYMBOL_IF_KUNIT(sym)

#endif /* _VPART_UCOMPAT_H */
