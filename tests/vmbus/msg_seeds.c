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
#include "msg_build.h"

static const char *dir;

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

/* The guest's reply: IC packets have transaction id 1 here. */
static void ic(u16 msgtype, u16 msgsize)
{
	ic_frame(msgtype, msgsize, 1, VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE);
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

	msg_start(VP_CHMSG_INITIATE_CONTACT);
	put32(8, VP_VMBUS_VERSION_WIN10_V5_3);
	buf[16] = VP_VMBUS_MESSAGE_SINT;
	put64(24, 0x7000000);
	put64(32, 0x7001000);
	save("initiate-contact", 40);
	put32(8, VP_VMBUS_VERSION_WIN8);
	put64(16, 0x6fff000);
	save("initiate-contact-win8", 40);

	msg_start(VP_CHMSG_REQUESTOFFERS);
	save("request-offers", 8);
	msg_start(VP_CHMSG_UNLOAD);
	save("unload", 8);

	msg_start(VP_CHMSG_OPENCHANNEL);
	put32(8, 1);
	put32(12, 1);
	put32(16, 0xe1e10);
	put32(24, 16);
	save("open-channel", 148);

	msg_start(VP_CHMSG_CLOSECHANNEL);
	put32(8, 1);
	save("close-channel", 12);
	msg_start(VP_CHMSG_RELID_RELEASED);
	put32(8, 1);
	save("relid-released", 12);
	msg_start(VP_CHMSG_GPADL_TEARDOWN);
	put32(8, 1);
	put32(12, 0xe1e10);
	save("gpadl-teardown", 16);
	msg_start(VP_CHMSG_MODIFYCHANNEL);
	put32(8, 1);
	put32(12, 1);
	save("modify-channel", 16);

	save("gpadl-header-1", gpadl_pages(1, 1));
	save("gpadl-header-16", gpadl_pages(16, 16));
	save("gpadl-header-full", gpadl_pages(26, 26));
	save("gpadl-header-more", gpadl_pages(64, 26));
	save("gpadl-body-1", gpadl_body(1));
	save("gpadl-body-full", gpadl_body(28));
	save("gpadl-body-10", gpadl_body(10));

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
