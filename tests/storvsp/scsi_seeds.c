// SPDX-License-Identifier: GPL-2.0
/*
 * Seed corpus for scsi_fuzz (format in scsi_fuzz.h): a well-formed CDB of
 * every opcode the SCSI target supports, as a Linux guest sends them, an
 * UNMAP with its parameter list, CDBs to an absent LUN, and storvsc packets
 * (in-band, and GPA direct with one range) carrying EXECUTE_SRBs, written
 * as files into the directory given.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "scsi_fuzz.h"
#include "vstor_build.h"

/* 2048 blocks of 512 bytes, discard, write cache, FUA; the VSP's limits. */
#define DISK	(FZ_DISCARD | FZ_ZEROES | FZ_WCE | FZ_FUA)

static const char *outdir;
static u8 in[FZ_CDB + PKT_BUF_SIZE];

static void save(const char *name, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%s", outdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(in, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void header(u8 disk, u8 size)
{
	memset(in, 0, sizeof(in));
	in[FZ_DISK] = disk;
	in[FZ_SIZE] = size;
}

/* CDB mode: @len CDB bytes, then @out_len bytes of data-out. */
static void cdb(const char *name, u8 disk, u8 size, const u8 *c, u8 len, u8 dir,
		u32 xfer, const u8 *out, u32 out_len)
{
	header(disk, size);
	in[FZ_CDB_LEN] = len;
	in[FZ_DIR] = dir;
	in[FZ_XFER] = (u8)xfer;
	in[FZ_XFER + 1] = (u8)(xfer >> 8);
	in[FZ_XFER + 2] = (u8)(xfer >> 16);
	in[FZ_XFER + 3] = (u8)(xfer >> 24);
	memcpy(in + FZ_CDB, c, len);
	if (out_len)
		memcpy(in + FZ_CDB + len, out, out_len);
	save(name, FZ_CDB + len + out_len);
}

/* A CDB for a disk of @disk flags and @size class, no data-out. */
#define CDB_ON(name, disk, size, dir, xfer, ...) do {				\
	static const u8 c_[] = { __VA_ARGS__ };					\
	cdb(name, disk, size, c_, sizeof(c_), dir, xfer, NULL, 0);		\
} while (0)
#define CDB(name, dir, xfer, ...) \
	CDB_ON(name, DISK, FZ_SIZE_SMALL, dir, xfer, __VA_ARGS__)

/* Packet mode: the first @len bytes of pkt after the header. */
static void packet(const char *name, u32 len)
{
	header(DISK | FZ_PACKET, FZ_SIZE_SMALL);
	memcpy(in + FZ_HDR, pkt, len);
	save(name, FZ_HDR + len);
}

static void packet_cdb(u32 off, const u8 *c, u8 len)
{
	memcpy(pkt + off + 28, c, len);
}

/* What Linux's sd sends to discard LBAs 100-127: one descriptor. */
static const u8 unmap_list[24] = {
	0, 22, 0, 16, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 28, 0, 0, 0, 0,
};

static void cdbs(void)
{
	static const u8 unmap[10] = { 0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0 };

	CDB("test-unit-ready", SRB_NO_DATA, 0, 0x00, 0, 0, 0, 0, 0);
	CDB("request-sense", SRB_READ, 252, 0x03, 0, 0, 0, 252, 0);
	CDB("read-6", SRB_READ, 4096, 0x08, 0, 1, 0, 8, 0);
	CDB("write-6", SRB_WRITE, 4096, 0x0a, 0, 1, 0, 8, 0);
	CDB("inquiry", SRB_READ, 255, 0x12, 0, 0, 0, 255, 0);
	CDB("inquiry-vpd-00", SRB_READ, 255, 0x12, 1, 0x00, 0, 255, 0);
	CDB("inquiry-vpd-80", SRB_READ, 255, 0x12, 1, 0x80, 0, 255, 0);
	CDB("inquiry-vpd-83", SRB_READ, 255, 0x12, 1, 0x83, 0, 255, 0);
	CDB("inquiry-vpd-b0", SRB_READ, 64, 0x12, 1, 0xb0, 0, 64, 0);
	CDB("inquiry-vpd-b1", SRB_READ, 64, 0x12, 1, 0xb1, 0, 64, 0);
	CDB("inquiry-vpd-b2", SRB_READ, 8, 0x12, 1, 0xb2, 0, 8, 0);
	CDB("mode-sense-6", SRB_READ, 255, 0x1a, 0x08, 0x3f, 0, 255, 0);
	CDB("mode-sense-6-caching", SRB_READ, 255, 0x1a, 0x08, 0x08, 0, 255, 0);
	CDB("start-stop-unit", SRB_NO_DATA, 0, 0x1b, 0, 0, 0, 1, 0);
	CDB("read-capacity-10", SRB_READ, 8, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	CDB("read-10", SRB_READ, 4096, 0x28, 0, 0, 0, 0, 100, 0, 0, 8, 0);
	CDB("write-10-fua", SRB_WRITE, 4096, 0x2a, 0x08, 0, 0, 7, 0xf8, 0, 0, 8, 0);
	CDB("sync-cache-10", SRB_NO_DATA, 0, 0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	CDB("mode-sense-10", SRB_READ, 512, 0x5a, 0, 0x3f, 0, 0, 0, 0, 2, 0, 0);
	CDB("read-16", SRB_READ, 512, 0x88, 0, 0, 0, 0, 0, 0, 0, 0x07, 0xff,
	    0, 0, 0, 1, 0, 0);
	CDB("write-16", SRB_WRITE, 1024, 0x8a, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 2, 0, 0);
	CDB("sync-cache-16", SRB_NO_DATA, 0, 0x91, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0);
	CDB("write-same-16-unmap", SRB_WRITE, 512, 0x93, 0x08, 0, 0, 0, 0, 0, 0, 4, 0,
	    0, 0, 4, 0, 0, 0);
	CDB("read-capacity-16", SRB_READ, 32, 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 32, 0, 0);
	CDB("report-luns", SRB_READ, 4096, 0xa0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0);
	CDB("read-12", SRB_READ, 512, 0xa8, 0, 0, 0, 0x07, 0xff, 0, 0, 0, 1, 0, 0);
	CDB("write-12", SRB_WRITE, 512, 0xaa, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0);

	/* UNMAP with its parameter list, as sd sends it. */
	cdb("unmap", DISK, FZ_SIZE_SMALL, unmap, sizeof(unmap), SRB_WRITE, 24,
	    unmap_list, sizeof(unmap_list));

	/* Boundaries: a 4K disk just past the READ CAPACITY(10) limit. */
	CDB_ON("read-capacity-10-big", DISK | FZ_4K, FZ_SIZE_RC10 | 17 << 3, SRB_READ, 8,
	       0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	/* A read of the last block of a disk as big as can be. */
	CDB_ON("read-16-huge", DISK, FZ_SIZE_MAX, SRB_READ, 512,
	       0x88, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd, 0, 0, 0, 1, 0, 0);

	/* An absent LUN: INQUIRY and REPORT LUNS answered, the rest refused. */
	CDB_ON("absent-inquiry", DISK | FZ_ABSENT, FZ_SIZE_SMALL, SRB_READ, 36,
	       0x12, 0, 0, 0, 36, 0);
	CDB_ON("absent-report-luns", DISK | FZ_ABSENT, FZ_SIZE_SMALL, SRB_READ, 16,
	       0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0);
	CDB_ON("absent-read-10", DISK | FZ_ABSENT, FZ_SIZE_SMALL, SRB_READ, 512,
	       0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
}

static void packets(void)
{
	static const u8 tur[6] = { 0x00 };
	static const u8 sync10[10] = { 0x35 };
	static const u8 inquiry[6] = { 0x12, 0, 0, 0, 255, 0 };
	static const u8 read10[10] = { 0x28, 0, 0, 0, 0, 100, 0, 0, 8, 0 };
	static const u8 write10[10] = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 8, 0 };
	static const u8 unmap[10] = { 0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0 };
	u32 len;

	len = pkt_inband();
	pkt_srb(16, SRB_NO_DATA, 0, sizeof(tur));
	packet_cdb(16, tur, sizeof(tur));
	packet("inband-test-unit-ready", len);
	pkt_srb(16, SRB_NO_DATA, 0, sizeof(sync10));
	packet_cdb(16, sync10, sizeof(sync10));
	packet("inband-sync-cache", len);
	/* Not an SRB: the init sequence's QUERY_PROTOCOL_VERSION (WIN10). */
	len = pkt_inband();
	put32(16, 9);
	put16(28, 0x0602);
	packet("inband-query-version", len);

	len = pkt_gpa(255, 0, 1);
	pkt_srb(40, SRB_READ, 255, sizeof(inquiry));
	packet_cdb(40, inquiry, sizeof(inquiry));
	packet("gpa-inquiry", len);

	len = pkt_gpa(4096, 0, 1);
	pkt_srb(40, SRB_READ, 4096, sizeof(read10));
	packet_cdb(40, read10, sizeof(read10));
	packet("gpa-read-10", len);

	len = pkt_gpa(4096, 512, 2);
	pkt_srb(48, SRB_WRITE, 4096, sizeof(write10));
	packet_cdb(48, write10, sizeof(write10));
	packet("gpa-write-10", len);

	/* UNMAP: the parameter list follows the vstor packet as its data-out. */
	len = pkt_gpa(24, 64, 1);
	pkt_srb(40, SRB_WRITE, 24, sizeof(unmap));
	packet_cdb(40, unmap, sizeof(unmap));
	memcpy(pkt + len, unmap_list, sizeof(unmap_list));
	packet("gpa-unmap", len + sizeof(unmap_list));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	outdir = argv[1];
	if (mkdir(outdir, 0755) && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	cdbs();
	packets();
	return 0;
}
