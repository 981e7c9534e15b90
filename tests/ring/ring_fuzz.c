// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the guest controls the whole ring (control page and
 * data area) and keeps moving its indices while the host reads and writes.
 * ASan catches any access outside the ring (it is allocated to the exact
 * size); the invariants below catch index drift.
 */
#include <stdlib.h>
#include "vpart/vmbus_ring.h"

struct input {
	const u8 *p;
	size_t n;
};

static u32 take(struct input *in, u32 bytes)
{
	u32 v = 0;

	for (u32 i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (u32)*in->p << (8 * i);
	return v;
}

static void check(const struct vp_ring *r)
{
	if (r->priv_read >= r->size || r->priv_read % 8 ||
	    r->priv_write >= r->size || r->priv_write % 8 ||
	    r->published_read >= r->size)
		abort();
}

static int sink(void *ctx, const struct vp_pktdesc *d, const void *pkt)
{
	(void)pkt;
	*(u64 *)ctx += d->len8;
	return d->type == 0xdead ? -ECANCELED : 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct input in = { data, size };
	u32 ring_size = 64 + (take(&in, 2) % 512) * 8;
	u32 max_pkt = take(&in, 2) * 8;
	struct vp_ring_ctrl *ctrl = calloc(1, sizeof(*ctrl));
	u8 *area = malloc(ring_size), buf[4160], payload[4160] = { 0 };
	struct vp_ring rd, wr;
	bool sig;
	u64 seen = 0;

	if (!ctrl || !area)
		abort();
	ctrl->write_index = take(&in, 4);
	ctrl->read_index = take(&in, 4);
	ctrl->pending_send_sz = take(&in, 4);
	for (u32 i = 0; i < ring_size; i++)
		area[i] = (u8)take(&in, 1);
	if (vp_ring_init(&rd, ctrl, area, ring_size, max_pkt) ||
	    vp_ring_init(&wr, ctrl, area, ring_size, max_pkt))
		goto out;

	/* Bounded: each step consumes input or stops. */
	for (int step = 0; step < 256 && in.n; step++) {
		switch (take(&in, 1) % 6) {
		case 0:
			vp_ring_read(&rd, buf, take(&in, 2) % sizeof(buf), NULL);
			break;
		case 1:
			vp_ring_read_batch(&rd, buf, sizeof(buf), 8, sink, &seen, &sig);
			break;
		case 2:
			if (!vp_ring_peek(&rd, NULL))
				vp_ring_copy_out(&rd, take(&in, 2), buf, take(&in, 2) % sizeof(buf));
			vp_ring_consume(&rd);
			vp_ring_commit_read(&rd);
			break;
		case 3:
			vp_ring_send(&wr, (u16)take(&in, 2), 0, step, payload,
				     take(&in, 2) % sizeof(payload), &sig);
			break;
		case 4:	/* the guest moves an index behind the host's back */
			ctrl->write_index = take(&in, 4);
			ctrl->read_index = take(&in, 4);
			break;
		case 5:
			ctrl->interrupt_mask = take(&in, 1);
			vp_ring_unmask(&rd);
			break;
		}
		check(&rd);
		check(&wr);
	}
out:
	free(ctrl);
	free(area);
	return 0;
}
