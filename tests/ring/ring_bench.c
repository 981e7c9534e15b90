// SPDX-License-Identifier: GPL-2.0
/*
 * `make bench`: ring engine throughput, natively. A writer thread and a
 * reader thread on separate cores move packets of 64 B, 1500 B and 64 KiB
 * through one 1 MiB ring; plain memcpy bandwidth on the same machine in the
 * same run is the reference, over the ring's working set and over a DRAM-sized
 * one. Each ring byte is copied twice (in, then out). Prints one JSON object.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "vpart/vmbus_ring.h"

#define RING_SIZE	(256u * 4096)

struct job {
	struct vp_ring_ctrl *ctrl;
	u8 *data;
	u32 payload;
	u64 count;
	int cpu;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % sysconf(_SC_NPROCESSORS_ONLN), &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *writer(void *arg)
{
	struct job *j = arg;
	u8 *p = calloc(1, j->payload);
	struct vp_ring r;
	bool sig;

	pin(j->cpu);
	if (!p || vp_ring_init(&r, j->ctrl, j->data, RING_SIZE, j->payload + 16))
		abort();
	for (u64 i = 0; i < j->count; i++)
		while (vp_ring_send(&r, VP_PKT_DATA_INBAND, 0, i, p, j->payload, &sig))
			;
	free(p);
	return NULL;
}

static int touch(void *ctx, const struct vp_pktdesc *d, const void *pkt)
{
	(void)pkt;
	*(u64 *)ctx += d->trans_id;
	return 0;
}

static void *reader(void *arg)
{
	struct job *j = arg;
	struct vp_ring r;
	u64 got = 0, sum = 0;
	bool sig;
	u8 *buf;
	int n;

	pin(j->cpu + 1);
	if (vp_ring_init(&r, j->ctrl, j->data, RING_SIZE, j->payload + 16))
		abort();
	buf = malloc(r.max_pkt);
	if (!buf)
		abort();
	while (got < j->count) {
		n = vp_ring_read_batch(&r, buf, r.max_pkt, 64, touch, &sum, &sig);
		if (n < 0)
			abort();
		got += n;
	}
	if (sum != j->count * (j->count - 1) / 2)
		abort();
	free(buf);
	return NULL;
}

static void ring_run(u32 payload, u64 count, const char *sep)
{
	struct job j = { .payload = payload, .count = count, .cpu = 0 };
	pthread_t w, r;
	double t0, t;

	j.ctrl = calloc(1, sizeof(*j.ctrl));
	j.data = calloc(1, RING_SIZE);
	if (!j.ctrl || !j.data)
		abort();
	t0 = now();
	pthread_create(&r, NULL, reader, &j);
	pthread_create(&w, NULL, writer, &j);
	pthread_join(w, NULL);
	pthread_join(r, NULL);
	t = now() - t0;
	printf("    {\"payload_bytes\": %u, \"packets\": %llu, \"seconds\": %.4f, ",
	       payload, (unsigned long long)count, t);
	printf("\"packets_per_s\": %.0f, \"gb_per_s\": %.3f}%s\n",
	       count / t, count * (double)payload / t / 1e9, sep);
	free(j.ctrl);
	free(j.data);
}

/* memcpy in 64 KiB chunks over a @len working set, about 512 MiB in all. */
static double memcpy_gbps(size_t len)
{
	const size_t chunk = 64u << 10, total = 512u << 20;
	u8 *src = malloc(len), *dst = malloc(len);
	double t0, t;
	size_t done;

	if (!src || !dst)
		abort();
	memset(src, 1, len);
	memset(dst, 2, len);
	t0 = now();
	for (done = 0; done < total; done += len)
		for (size_t off = 0; off < len; off += chunk)
			memcpy(dst + off, src + off, chunk);
	t = now() - t0;
	if (dst[len - 1] != 1)
		abort();
	free(src);
	free(dst);
	return done / t / 1e9;
}

int main(void)
{
	printf("{\n  \"benchmark\": \"vpart_ring\",\n  \"ring_bytes\": %u,\n", RING_SIZE);
	printf("  \"cpus\": %ld,\n", sysconf(_SC_NPROCESSORS_ONLN));
	/* The ring's own size (cache-resident, as the ring is) and a DRAM-sized one. */
	printf("  \"memcpy_gb_per_s\": {\"working_set_1MiB\": %.3f, ", memcpy_gbps(RING_SIZE));
	printf("\"working_set_64MiB\": %.3f},\n  \"ring\": [\n", memcpy_gbps(64u << 20));
	ring_run(64, 4000000, ",");
	ring_run(1500, 1000000, ",");
	ring_run(64 * 1024, 40000, "");
	printf("  ]\n}\n");
	return 0;
}
