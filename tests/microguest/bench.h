/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit-cost benchmark shared by the vpart and KVM runners: the same guest
 * loops (guests.S) timed with RDTSC in the host, which under Bochs counts
 * emulated instructions (one tick each), so the figure is a path length.
 */
#ifndef VPART_TESTS_BENCH_H
#define VPART_TESTS_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <x86intrin.h>

struct bench_ops {
	const char *name;
	/* Load the guest at GUEST_LOAD, reset to real mode, ESI = n. */
	int (*start)(void *ctx, const unsigned char *code, size_t len, uint32_t n);
	/* Run until HLT, answering port I/O exits; -1 on anything else. */
	int (*run_to_hlt)(void *ctx);
};

static inline int bench_one(const struct bench_ops *o, void *ctx,
			    const unsigned char *code, size_t len, uint32_t n,
			    double *ticks)
{
	uint64_t t0, t1;

	if (o->start(ctx, code, len, n))
		return -1;
	t0 = __rdtsc();
	if (o->run_to_hlt(ctx))
		return -1;
	t1 = __rdtsc();
	*ticks = (double)(t1 - t0) / n;
	return 0;
}

/* Prints one JSON object; 0 on success. */
static inline int bench_report(const struct bench_ops *o, void *ctx, uint32_t n)
{
	double none, cpuid, pio;

	if (bench_one(o, ctx, g_bench_none, GUEST_SIZE(bench_none), n, &none) ||
	    bench_one(o, ctx, g_bench_cpuid, GUEST_SIZE(bench_cpuid), n, &cpuid) ||
	    bench_one(o, ctx, g_bench_pio, GUEST_SIZE(bench_pio), n, &pio)) {
		fprintf(stderr, "%s: benchmark guest failed\n", o->name);
		return -1;
	}
	printf("{\"hypervisor\": \"%s\", \"exits\": %u, \"cpuid_exit_ticks\": %.0f, \"pio_roundtrip_ticks\": %.0f, \"loop_ticks\": %.1f}\n",
	       o->name, n, cpuid - none, pio - none, none);
	return 0;
}

#endif
