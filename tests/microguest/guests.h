/* SPDX-License-Identifier: GPL-2.0 */
/* The micro-guests of guests.S, shared by the vpart and KVM runners. */
#ifndef VPART_TESTS_GUESTS_H
#define VPART_TESTS_GUESTS_H

#include <stddef.h>

#define GUEST_LOAD	0x1000
#define PORT_BYTE	0xe9
#define PORT_U32	0xea

#define GUEST_DECL(n) extern const unsigned char g_##n[], g_##n##_end[]
GUEST_DECL(hello);
GUEST_DECL(pm32);
GUEST_DECL(lm64);
GUEST_DECL(cpuid);
GUEST_DECL(msr);
GUEST_DECL(hltirq);
GUEST_DECL(outside);
GUEST_DECL(triple);
GUEST_DECL(spin);
GUEST_DECL(peek);
GUEST_DECL(forever);
GUEST_DECL(bench_cpuid);
GUEST_DECL(bench_pio);
GUEST_DECL(bench_none);
GUEST_DECL(mmio64);
GUEST_DECL(ro64);
GUEST_DECL(apictimer);
GUEST_DECL(sipi);
GUEST_DECL(hyperv64);
GUEST_DECL(vmbus64);

#define GUEST_SIZE(n)	((size_t)(g_##n##_end - g_##n))

#endif
