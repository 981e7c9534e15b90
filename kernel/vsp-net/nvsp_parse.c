// SPDX-License-Identifier: GPL-2.0
/*
 * Shape checks of netvsc packets and the RNDIS messages in them (see
 * nvsp.h). Offsets and lengths are summed in 64 bits so that no guest
 * value can wrap them; RNDIS fields are read byte-wise, as a batch packs
 * messages at any offset.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(s)
#endif
#include "nvsp.h"

#define VP_GPA_PAGE	4096U

static u32 vp_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

int vp_nvsp_parse(const void *buf, u32 len, u32 max_pages, struct vp_nvsp_req *r)
{
	const struct vp_pktdesc *d = buf;
	const u8 *p = buf;
	u64 off, pos, npages = 0;
	u32 i;

	memset(r, 0, sizeof(*r));
	if (len < sizeof(*d))
		return -EINVAL;
	off = (u64)d->offset8 * 8;
	if (off < sizeof(*d) || off + VP_NVSP_MSG_SIZE > len)
		return -EINVAL;
	r->msg = (const struct vp_nvsp_msg *)(p + off);
	if (d->type == VP_PKT_DATA_INBAND)
		return 0;
	if (d->type != VP_PKT_DATA_USING_GPA_DIRECT)
		return -EINVAL;

	/* The range headers and their frame numbers sit before the message. */
	pos = sizeof(*d) + sizeof(struct vp_gpa_direct_hdr);
	if (pos > off)
		return -EINVAL;
	r->nranges = ((const struct vp_gpa_direct_hdr *)(p + sizeof(*d)))->range_count;
	if (!r->nranges || r->nranges > max_pages)
		return -EINVAL;
	r->ranges = p + pos;
	for (i = 0; i < r->nranges; i++) {
		const struct vp_gpa_range *rg = (const void *)(p + pos);
		u64 n;

		if (pos + sizeof(*rg) > off)
			return -EINVAL;
		if (rg->byte_offset >= VP_GPA_PAGE || !rg->byte_count)
			return -EINVAL;
		n = ((u64)rg->byte_offset + rg->byte_count + VP_GPA_PAGE - 1) / VP_GPA_PAGE;
		npages += n;
		pos += sizeof(*rg) + n * sizeof(u64);
		if (npages > max_pages || pos > off)
			return -EINVAL;
		r->total += rg->byte_count;
	}
	r->npages = (u32)npages;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_nvsp_parse);

void vp_nvsp_range(const struct vp_nvsp_req *r, u32 i, struct vp_nvsp_range *out)
{
	const u8 *p = r->ranges;

	/* vp_nvsp_parse() walked these already: no check is left to make. */
	for (;;) {
		const struct vp_gpa_range *rg = (const void *)p;

		out->byte_count = rg->byte_count;
		out->byte_offset = rg->byte_offset;
		out->npages = (u32)(((u64)rg->byte_offset + rg->byte_count + VP_GPA_PAGE - 1) /
				    VP_GPA_PAGE);
		out->pfns = (const u64 *)(rg + 1);
		if (!i--)
			return;
		p += sizeof(*rg) + (u64)out->npages * sizeof(u64);
	}
}
EXPORT_SYMBOL_IF_KUNIT(vp_nvsp_range);

/* The header size of each control message a guest may send. */
static u32 vp_rndis_ctl_size(u32 type)
{
	switch (type) {
	case VP_RNDIS_INIT:
		return sizeof(struct vp_rndis_init);
	case VP_RNDIS_QUERY:
	case VP_RNDIS_SET:
		return sizeof(struct vp_rndis_query);
	case VP_RNDIS_HALT:
	case VP_RNDIS_KEEPALIVE:
		return 12;
	case VP_RNDIS_RESET:
		return 12;		/* a reserved word */
	}
	return 0;
}

int vp_rndis_parse_ctl(const u8 *msg, u32 len, struct vp_rndis_ctl *c)
{
	u32 msg_len, need;

	memset(c, 0, sizeof(*c));
	if (len < sizeof(struct vp_rndis_hdr))
		return -EINVAL;
	c->type = vp_le32(msg);
	msg_len = vp_le32(msg + 4);
	need = vp_rndis_ctl_size(c->type);
	if (!need)
		return -EOPNOTSUPP;
	if (msg_len < need || msg_len > len)
		return -EINVAL;
	if (c->type != VP_RNDIS_RESET)
		c->req_id = vp_le32(msg + 8);
	if (c->type == VP_RNDIS_QUERY || c->type == VP_RNDIS_SET) {
		u64 start = 8 + (u64)vp_le32(msg + 20);

		c->oid = vp_le32(msg + 12);
		c->info_len = vp_le32(msg + 16);
		if (c->info_len) {
			/* After the header, inside the message. */
			if (start < need || start + c->info_len > msg_len)
				return -EINVAL;
			c->info = msg + start;
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_rndis_parse_ctl);

/* The PPIs in [@start, @end) of @msg: each must fit, with its u32 value. */
static int vp_rndis_ppis(const u8 *msg, u64 start, u64 end, struct vp_rndis_frame *f)
{
	while (start < end) {
		const u8 *e = msg + start;
		u32 size, type, vo;

		if (end - start < sizeof(struct vp_rndis_ppi))
			return -EINVAL;
		size = vp_le32(e);
		type = vp_le32(e + 4) & VP_PPI_TYPE_MASK;
		vo = vp_le32(e + 8);
		if (size < sizeof(struct vp_rndis_ppi) || size > end - start)
			return -EINVAL;
		if (vo < sizeof(struct vp_rndis_ppi) || (u64)vo + 4 > size)
			return -EINVAL;
		switch (type) {
		case VP_PPI_CHECKSUM:
			f->has_csum = true;
			f->csum = vp_le32(e + vo);
			break;
		case VP_PPI_LSO:
			f->has_lso = true;
			f->lso = vp_le32(e + vo);
			break;
		case VP_PPI_VLAN:
			f->has_vlan = true;
			f->vlan = vp_le32(e + vo);
			break;
		}
		start += size;
	}
	return 0;
}

int vp_rndis_parse_packet(const u8 *msg, u32 len, struct vp_rndis_frame *f)
{
	const u32 hdr = sizeof(struct vp_rndis_packet);
	u64 data, ppi;
	u32 ppi_len;

	memset(f, 0, sizeof(*f));
	if (len < hdr || vp_le32(msg) != VP_RNDIS_PACKET)
		return -EINVAL;
	f->msg_len = vp_le32(msg + 4);
	if (f->msg_len < hdr || f->msg_len > len)
		return -EINVAL;
	/* No out-of-band data: netvsc never sends any. */
	if (vp_le32(msg + 24))
		return -EINVAL;
	data = 8 + (u64)vp_le32(msg + 8);
	f->data_len = vp_le32(msg + 12);
	if (data < hdr || data + f->data_len > f->msg_len ||
	    f->data_len < VP_RNDIS_MIN_FRAME || f->data_len > VP_RNDIS_MAX_FRAME)
		return -EINVAL;
	f->data_off = (u32)data;
	ppi = 8 + (u64)vp_le32(msg + 28);
	ppi_len = vp_le32(msg + 32);
	if (!ppi_len)
		return 0;
	if (ppi < hdr || ppi + ppi_len > f->msg_len)
		return -EINVAL;
	return vp_rndis_ppis(msg, ppi, ppi + ppi_len, f);
}
EXPORT_SYMBOL_IF_KUNIT(vp_rndis_parse_packet);
