// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is what a guest posts, a channel message or
 * an integration-service reply, of any size (libFuzzer hands it over in a
 * block of exactly that size, so ASan sees any over-read). Whatever the
 * checks accept must also satisfy what the server then relies on when it
 * copies PFNs and indexes its arrays; a violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include "vpart/vmbus_msg.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define need(cond)	do { if (!(cond)) abort(); } while (0)

static u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get32(const u8 *p)
{
	return get16(p) | (u32)get16(p + 2) << 16;
}

/* An accepted GPADL header: the pages the server allocates and fills. */
static void gpadl_header(const u8 *data, u32 len, const struct vp_chmsg_info *info)
{
	const u32 hdr = sizeof(struct vp_chmsg_gpadl_header);
	u16 range_buflen = get16(data + 16);

	need(hdr == 28);
	need((u64)info->pfns * 8 + hdr <= len);
	need(info->pfns >= 1 && info->pfns <= VP_GPADL_HEADER_PFNS);
	need(info->total_pfns >= 1 && info->pfns <= info->total_pfns);
	/* The rest in bodies only when the header is full. */
	need(info->pfns == info->total_pfns || info->pfns == VP_GPADL_HEADER_PFNS);
	need(get16(data + 18) == 1);
	need(range_buflen >= 16 && range_buflen % 8 == 0);
	need(info->total_pfns == (u32)(range_buflen - 8) / 8);
	need(get32(data + 20) && get32(data + 24) < 4096);
	need((u64)get32(data + 20) + get32(data + 24) <= (u64)info->total_pfns * 4096);
}

/* An accepted GPADL body: PFNs appended to a pending GPADL. */
static void gpadl_body(u32 len, const struct vp_chmsg_info *info)
{
	const u32 hdr = sizeof(struct vp_chmsg_gpadl_body);

	need(hdr == 16);
	need((u64)info->pfns * 8 + hdr <= len);
	need(info->pfns >= 1 && info->pfns <= VP_GPADL_BODY_PFNS);
	need(info->total_pfns == 0);
}

static void chmsg(const u8 *data, u32 len)
{
	struct vp_chmsg_info info;

	if (vp_chmsg_check(data, len, &info))
		return;
	need(len >= sizeof(struct vp_chmsg_hdr) && len <= VP_CHMSG_MAX);
	need(info.type == get32(data));
	switch (info.type) {
	case VP_CHMSG_GPADL_HEADER:
		gpadl_header(data, len, &info);
		break;
	case VP_CHMSG_GPADL_BODY:
		gpadl_body(len, &info);
		break;
	case VP_CHMSG_REQUESTOFFERS:
	case VP_CHMSG_UNLOAD:
		need(info.pfns == 0 && info.total_pfns == 0);
		break;
	case VP_CHMSG_CLOSECHANNEL:
	case VP_CHMSG_RELID_RELEASED:
		need(len >= 12 && info.pfns == 0 && info.total_pfns == 0);
		break;
	case VP_CHMSG_GPADL_TEARDOWN:
	case VP_CHMSG_MODIFYCHANNEL:
		need(len >= 16 && info.pfns == 0 && info.total_pfns == 0);
		break;
	case VP_CHMSG_INITIATE_CONTACT:
		need(len >= 40 && info.pfns == 0 && info.total_pfns == 0);
		break;
	case VP_CHMSG_OPENCHANNEL:
		need(len >= 148 && info.pfns == 0 && info.total_pfns == 0);
		break;
	default:	/* host->guest only, or unknown */
		abort();
	}
}

static void ic(const u8 *data, u32 len)
{
	static const u16 types[] = {
		VP_IC_MSG_NEGOTIATE, VP_IC_MSG_HEARTBEAT,
		VP_IC_MSG_SHUTDOWN, VP_IC_MSG_TIMESYNC,
	};
	struct vp_ic_version frame = { 0xeeee, 0xeeee }, msg = frame;
	int ret;

	/* As the server asks: the header at least, of the pending type. */
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		if (vp_ic_check_reply(data, len, types[i], sizeof(struct vp_ic_hdr)))
			continue;
		need(len >= 28 && get16(data + 12) == types[i]);
		need((data[25] & 0x5) == 0x5);
	}
	/* A bigger minimum is honoured too. */
	if (!vp_ic_check_reply(data, len, VP_IC_MSG_HEARTBEAT, 68))
		need(len >= 68);

	ret = vp_ic_negotiated(data, len, &frame, &msg);
	switch (ret) {
	case 0:
		need(len >= 44 && get16(data + 12) == VP_IC_MSG_NEGOTIATE);
		need((data[25] & 0x5) == 0x5);
		need(get16(data + 28) == 1 && get16(data + 30) == 1);
		need(frame.major == get16(data + 36) && frame.minor == get16(data + 38));
		need(msg.major == get16(data + 40) && msg.minor == get16(data + 42));
		break;
	case -ENOENT:
		need(len >= 44 && get16(data + 12) == VP_IC_MSG_NEGOTIATE);
		need((data[25] & 0x5) == 0x5);
		need(get16(data + 28) != 1 || get16(data + 30) != 1);
		need(frame.major == 0xeeee && msg.major == 0xeeee);
		break;
	case -EINVAL:
		need(frame.major == 0xeeee && msg.major == 0xeeee);
		break;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u32 len = size > UINT32_MAX ? UINT32_MAX : (u32)size;

	chmsg(data, len);
	ic(data, len);
	if (len >= 4 && vp_vmbus_version_ok(get32(data)))
		need(get32(data) >> 16 >= 2 && get32(data) >> 16 <= 5);
	return 0;
}
