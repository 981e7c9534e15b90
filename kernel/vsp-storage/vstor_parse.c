// SPDX-License-Identifier: GPL-2.0
/*
 * Shape checks of storvsc request packets (see vstor.h). Lengths are
 * computed in 64 bits so that no guest value can wrap them.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(s)
#endif
#include "vstor.h"

#define VP_GPA_PAGE	4096U

int vp_vstor_parse(const void *buf, u32 len, u32 max_pages, struct vp_vstor_req *r)
{
	const struct vp_pktdesc *d = buf;
	const u8 *p = buf;
	u64 off, need;

	memset(r, 0, sizeof(*r));
	if (len < sizeof(*d))
		return -EINVAL;
	off = (u64)d->offset8 * 8;
	if (off < sizeof(*d) || off + sizeof(struct vp_vstor_packet) > len)
		return -EINVAL;
	if (d->type == VP_PKT_DATA_USING_GPA_DIRECT) {
		const struct vp_gpa_direct_hdr *h = (const void *)(p + sizeof(*d));
		const struct vp_gpa_range *rg = (const void *)(h + 1);
		u64 npages;

		need = sizeof(*d) + sizeof(*h) + sizeof(*rg);
		if (off < need || h->range_count != 1)
			return -EINVAL;
		if (rg->byte_offset >= VP_GPA_PAGE || !rg->byte_count)
			return -EINVAL;
		npages = ((u64)rg->byte_offset + rg->byte_count + VP_GPA_PAGE - 1) / VP_GPA_PAGE;
		if (npages > max_pages || need + npages * sizeof(u64) > off)
			return -EINVAL;
		r->byte_count = rg->byte_count;
		r->byte_offset = rg->byte_offset;
		r->npages = (u32)npages;
		r->pfns = (const u64 *)(rg + 1);
	} else if (d->type != VP_PKT_DATA_INBAND) {
		return -EINVAL;
	}
	r->pkt = (const struct vp_vstor_packet *)(p + off);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_vstor_parse);

int vp_vstor_check_srb(const struct vp_vstor_req *r)
{
	const struct vp_vstor_srb *srb = &r->pkt->srb;

	if (srb->cdb_length > VP_VSTOR_CDB_SIZE)
		return -EINVAL;
	switch (srb->data_in) {
	case VP_SRB_NO_DATA:
		return srb->data_transfer_length || r->npages ? -EINVAL : 0;
	case VP_SRB_READ:
	case VP_SRB_WRITE:
		if (!srb->data_transfer_length)
			return r->npages ? -EINVAL : 0;
		if (!r->npages || srb->data_transfer_length > r->byte_count)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vp_vstor_check_srb);
