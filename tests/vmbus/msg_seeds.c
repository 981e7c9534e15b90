// SPDX-License-Identifier: GPL-2.0
/*
 * Seed corpus for msg_fuzz: one well-formed message of each kind a Linux
 * guest sends (channel messages at their usual sizes, GPADLs full and not,
 * IC replies), written as files into the directory given.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "vpart/vmbus_proto.h"

static u8 buf[256];
static const char *dir;

static void put16(u32 off, u16 v)
{
	buf[off] = (u8)v;
	buf[off + 1] = (u8)(v >> 8);
}

static void put32(u32 off, u32 v)
{
	put16(off, (u16)v);
	put16(off + 2, (u16)(v >> 16));
}

static void put64(u32 off, u64 v)
{
	put32(off, (u32)v);
	put32(off + 4, (u32)(v >> 32));
}

static void start(u32 type)
{
	memset(buf, 0, sizeof(buf));
	put32(0, type);
}

static void save(const char *name, u32 len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void gpadl_header(const char *name, u32 pages, u32 in_msg)
{
	start(VP_CHMSG_GPADL_HEADER);
	put32(8, 1);
	put32(12, 0xe1e10);
	put16(16, (u16)(8 + 8 * pages));
	put16(18, 1);
	put32(20, pages * 4096);
	put32(24, 0);
	for (u32 i = 0; i < in_msg; i++)
		put64(28 + 8 * i, 0x10000 + i);
	save(name, 28 + 8 * in_msg);
}

static void gpadl_body(const char *name, u32 pfns)
{
	start(VP_CHMSG_GPADL_BODY);
	put32(8, 1);
	put32(12, 0xe1e10);
	for (u32 i = 0; i < pfns; i++)
		put64(16 + 8 * i, 0x20000 + i);
	save(name, 16 + 8 * pfns);
}

static void ic(u16 msgtype, u16 msgsize)
{
	memset(buf, 0, sizeof(buf));
	put32(0, 1);
	put32(4, 20 + msgsize);
	put16(8, 3);
	put16(12, msgtype);
	put16(14, 3);
	put16(18, msgsize);
	buf[24] = 1;
	buf[25] = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	if (mkdir(dir, 0755) && errno != EEXIST) {
		perror(dir);
		return 1;
	}

	start(VP_CHMSG_INITIATE_CONTACT);
	put32(8, VP_VMBUS_VERSION_WIN10_V5_3);
	buf[16] = VP_VMBUS_MESSAGE_SINT;
	put64(24, 0x7000000);
	put64(32, 0x7001000);
	save("initiate-contact", 40);
	put32(8, VP_VMBUS_VERSION_WIN8);
	put64(16, 0x6fff000);
	save("initiate-contact-win8", 40);

	start(VP_CHMSG_REQUESTOFFERS);
	save("request-offers", 8);
	start(VP_CHMSG_UNLOAD);
	save("unload", 8);

	start(VP_CHMSG_OPENCHANNEL);
	put32(8, 1);
	put32(12, 1);
	put32(16, 0xe1e10);
	put32(24, 16);
	save("open-channel", 148);

	start(VP_CHMSG_CLOSECHANNEL);
	put32(8, 1);
	save("close-channel", 12);
	start(VP_CHMSG_RELID_RELEASED);
	put32(8, 1);
	save("relid-released", 12);
	start(VP_CHMSG_GPADL_TEARDOWN);
	put32(8, 1);
	put32(12, 0xe1e10);
	save("gpadl-teardown", 16);
	start(VP_CHMSG_MODIFYCHANNEL);
	put32(8, 1);
	put32(12, 1);
	save("modify-channel", 16);

	gpadl_header("gpadl-header-1", 1, 1);
	gpadl_header("gpadl-header-16", 16, 16);
	gpadl_header("gpadl-header-full", 26, 26);
	gpadl_header("gpadl-header-more", 64, 26);
	gpadl_body("gpadl-body-1", 1);
	gpadl_body("gpadl-body-full", 28);
	gpadl_body("gpadl-body-10", 10);

	/* Negotiate reply: framework 3.0, service 4.0 at offsets 36 and 40. */
	ic(VP_IC_MSG_NEGOTIATE, 16);
	put16(28, 1);
	put16(30, 1);
	put16(36, 3);
	put16(40, 4);
	save("ic-negotiate", 44);
	put16(28, 0);
	put16(30, 0);
	save("ic-negotiate-none", 44);
	ic(VP_IC_MSG_HEARTBEAT, 40);
	put64(28, 2);
	save("ic-heartbeat", 68);
	ic(VP_IC_MSG_SHUTDOWN, 12);
	save("ic-shutdown", 40);
	ic(VP_IC_MSG_TIMESYNC, 24);
	save("ic-timesync", 52);
	return 0;
}
