// SPDX-License-Identifier: GPL-2.0
/*
 * Writes well-formed inputs for nvsp_fuzz into the directory named by
 * argv[1], so that the fuzzer starts past the shape checks: NVSP messages
 * in-band and with ranges, each control message, data packets with PPIs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "nvsp_build.h"

static const char *dir;
static int nseed;

static void seed(u8 mode, const u8 *buf, u32 len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%03d", dir, nseed++);
	f = fopen(path, "wb");
	if (!f || fwrite(&mode, 1, 1, f) != 1 || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static const u32 nvsp_types[9] = { 1, 100, 101, 103, 104, 106, 107, 125, 133 };
	const u32 counts[] = { 100, 3000, 60 }, offsets[] = { 4000, 0, 8 };
	const u32 ppis[] = { 0, 2, 6, 8 };
	u32 i, len;

	if (argc != 2 || mkdir(argv[1], 0755)) {
		fprintf(stderr, "usage: %s DIR (a new directory)\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	for (i = 0; i < 9; i++)		/* the types above */
		seed(0, pkt, pkt_inband(nvsp_types[i]));
	for (i = 1; i <= 3; i++)
		seed(0, pkt, pkt_gpa(i, counts, offsets));
	seed(1, msg, rndis_oid(4, 0x01010101, 6));
	seed(1, msg, rndis_oid(4, 0xfc01020d, 156));
	seed(1, msg, rndis_oid(5, 0xfc01020c, 28));
	seed(1, msg, rndis_oid(5, 0x0001010e, 4));
	memset(msg, 0, 24);
	wire_put32(msg, 0, 2);
	wire_put32(msg, 4, 24);
	seed(1, msg, 24);
	seed(2, msg, rndis_packet(60, 0, NULL));
	seed(2, msg, rndis_packet(1514, 4, ppis));
	len = rndis_packet(100, 1, ppis);
	len += rndis_packet_at(len, 14, 2, ppis);
	seed(2, msg, len);
	return 0;
}
