// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what a guest's netvsc sends the network VSP: the
 * packet shape checks, the RNDIS control and data parsers
 * (kernel/vsp-net/nvsp_parse.c) and the control answers (rndis.c). Input: byte 0 picks the parser (mod 3:
 * packet, control message, batch of data packets), the rest is its input,
 * copied into a heap block of exactly its length so that ASan sees any
 * access past it. What is accepted must keep the contracts of nvsp.h the
 * VSP relies on when it maps ranges and copies frames; a violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include "rndis.h"

#define need(cond)	do { if (!(cond)) abort(); } while (0)

#define MAX_PAGES	64

static u32 le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void packet(const u8 *b, u32 len)
{
	struct vp_nvsp_req r;
	struct vp_nvsp_range rg;
	u64 total = 0, pages = 0;
	u32 i;

	if (vp_nvsp_parse(b, len, MAX_PAGES, &r))
		return;
	need((const u8 *)r.msg >= b + 16);
	need((const u8 *)r.msg + VP_NVSP_MSG_SIZE <= b + len);
	for (i = 0; i < r.nranges; i++) {
		vp_nvsp_range(&r, i, &rg);
		need(rg.byte_count && rg.byte_offset < 4096);
		need(rg.npages == ((u64)rg.byte_offset + rg.byte_count + 4095) / 4096);
		need((const u8 *)rg.pfns >= b + 24);
		need((const u8 *)(rg.pfns + rg.npages) <= (const u8 *)r.msg);
		total += rg.byte_count;
		pages += rg.npages;
	}
	need(total == r.total && pages == r.npages && pages <= MAX_PAGES);
}

/* The answer of an accepted message: inside the room, its length in its header. */
static void answer(const struct vp_rndis_ctl *c, u32 room)
{
	struct vp_rndis_nic nic = { .mac = { 0, 0x15, 0x5d }, .mtu = 1500, .link_up = true };
	u8 *out = malloc(room);
	u32 n;

	if (!out)
		return;
	n = vp_rndis_respond(&nic, c, out, room);
	need(n <= room);
	if (n) {
		need(n >= 16 && le32(out + 4) == n);
		need(le32(out) == (c->type | 0x80000000U));
	}
	free(out);
}

static void control(const u8 *b, u32 len)
{
	struct vp_rndis_ctl c;

	if (vp_rndis_parse_ctl(b, len, &c))
		return;
	need(c.type >= 2 && c.type <= 8 && c.type != 7);
	if (c.info) {
		need(c.info >= b + 28 && c.info_len);
		need(c.info + c.info_len <= b + len);
	} else {
		need(!c.info_len);
	}
	answer(&c, 2048);
	answer(&c, 1 + len % 64);
}

static void batch(const u8 *b, u32 len)
{
	struct vp_rndis_frame f;
	u32 pos = 0;

	while (pos < len && !vp_rndis_parse_packet(b + pos, len - pos, &f)) {
		need(f.msg_len >= 44 && f.msg_len <= len - pos);
		need(f.data_off >= 44 && f.data_len >= VP_RNDIS_MIN_FRAME);
		need((u64)f.data_off + f.data_len <= f.msg_len);
		pos += f.msg_len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *b;
	u32 len;

	if (!size || size > 1 << 20)
		return 0;
	len = (u32)size - 1;
	b = malloc(len ? len : 1);
	if (!b)
		return 0;
	memcpy(b, data + 1, len);
	switch (data[0] % 3) {
	case 0:
		packet(b, len);
		break;
	case 1:
		control(b, len);
		break;
	default:
		batch(b, len);
	}
	free(b);
	return 0;
}
