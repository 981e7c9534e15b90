// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_vmbus_ring: the ring engine against a model of the
 * guest's side written here independently (guest_put/guest_get), including
 * every way a hostile guest can corrupt indices and descriptors.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include "vpart/vmbus_ring.h"

#define SZ	256		/* small data area: wrap-around is frequent */

struct fix {
	struct vp_ring_ctrl *ctrl;
	u8 *data;
	struct vp_ring r;
};

static struct fix *fix_new(struct kunit *test, u32 size, u32 max_pkt)
{
	struct fix *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->ctrl = kunit_kzalloc(test, sizeof(*f->ctrl), GFP_KERNEL);
	f->data = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->ctrl);
	KUNIT_ASSERT_NOT_NULL(test, f->data);
	KUNIT_ASSERT_EQ(test, vp_ring_init(&f->r, f->ctrl, f->data, size, max_pkt), 0);
	return f;
}

/* Place both indices at @off, as if the guest had exchanged that much. */
static void set_pos(struct kunit *test, struct fix *f, u32 off)
{
	f->ctrl->read_index = off;
	f->ctrl->write_index = off;
	KUNIT_ASSERT_EQ(test, vp_ring_init(&f->r, f->ctrl, f->data, f->r.size,
					   f->r.max_pkt), 0);
}

static void put_bytes(struct fix *f, u32 *off, const void *src, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++, *off = (*off + 1) % f->r.size)
		f->data[*off] = ((const u8 *)src)[i];
}

/* The guest writing an in-band packet: descriptor, payload, padding, trailer. */
static void guest_put(struct fix *f, u16 type, u64 tid, const void *p, u32 len)
{
	struct vp_pktdesc d = { .type = type, .offset8 = 2,
				.len8 = (16 + len + 7) / 8, .trans_id = tid };
	u32 off = f->ctrl->write_index, start = off;
	u64 trailer = (u64)start << 32, zero = 0;

	put_bytes(f, &off, &d, 16);
	put_bytes(f, &off, p, len);
	put_bytes(f, &off, &zero, d.len8 * 8 - 16 - len);
	put_bytes(f, &off, &trailer, 8);
	f->ctrl->write_index = off;
}

/* The guest reading one packet the host wrote; returns its len8 * 8. */
static u32 guest_get(struct fix *f, void *buf)
{
	u32 off = f->ctrl->read_index, i, len;
	struct vp_pktdesc d;

	for (i = 0; i < 16; i++)
		((u8 *)&d)[i] = f->data[(off + i) % f->r.size];
	len = d.len8 * 8;
	for (i = 0; i < len; i++)
		((u8 *)buf)[i] = f->data[(off + i) % f->r.size];
	f->ctrl->read_index = (off + len + 8) % f->r.size;
	return len;
}

static void fill(u8 *p, u32 len, u8 seed)
{
	while (len--)
		*p++ = seed++;
}

static void init_rejects_bad_geometry(struct kunit *test)
{
	struct vp_ring_ctrl *ctrl = kunit_kzalloc(test, sizeof(*ctrl), GFP_KERNEL);
	u8 *data = kunit_kzalloc(test, 4096, GFP_KERNEL);
	struct vp_ring r;

	KUNIT_EXPECT_EQ(test, vp_ring_init(&r, ctrl, data, 0, 64), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_init(&r, ctrl, data, 32, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_init(&r, ctrl, data, 1020, 64), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_init(&r, ctrl, data, 4096, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_init(&r, NULL, data, 4096, 64), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_init(&r, ctrl, data, 4096, 64), 0);
}

static void init_rejects_bad_indices(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);

	f->ctrl->read_index = 12;
	KUNIT_EXPECT_EQ(test, vp_ring_init(&f->r, f->ctrl, f->data, SZ, 128), -EPROTO);
	KUNIT_EXPECT_TRUE(test, vp_ring_broken(&f->r));
	f->ctrl->read_index = 0;
	f->ctrl->write_index = SZ;
	KUNIT_EXPECT_EQ(test, vp_ring_init(&f->r, f->ctrl, f->data, SZ, 128), -EPROTO);
}

static void init_clamps_max_pkt(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 1 << 20);

	/* An empty ring holds size - 16: the trailer plus the slot kept free. */
	KUNIT_EXPECT_EQ(test, f->r.max_pkt, SZ - 16);
	f = fix_new(test, 1 << 20, 1 << 20);
	KUNIT_EXPECT_EQ(test, f->r.max_pkt, VP_RING_MAX_PKT);
	/* A limit of 101 bytes admits the 104-byte padded packet. */
	f = fix_new(test, SZ, 101);
	KUNIT_EXPECT_EQ(test, f->r.max_pkt, 104);
}

static void empty_ring_is_eagain(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 buf[128];

	KUNIT_EXPECT_EQ(test, vp_ring_peek(&f->r, NULL), -EAGAIN);
	KUNIT_EXPECT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), -EAGAIN);
	KUNIT_EXPECT_FALSE(test, vp_ring_broken(&f->r));
}

static void read_guest_packet(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[21], buf[128];
	struct vp_pktdesc d;

	fill(p, sizeof(p), 7);
	guest_put(f, VP_PKT_DATA_INBAND, 0x1122334455667788ULL, p, sizeof(p));
	KUNIT_ASSERT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), &d), 40);
	KUNIT_EXPECT_EQ(test, d.type, VP_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, d.offset8, 2);
	KUNIT_EXPECT_EQ(test, d.len8, 5);
	KUNIT_EXPECT_EQ(test, d.trans_id, 0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 16, p, sizeof(p)), 0);
	KUNIT_EXPECT_EQ(test, vp_ring_peek(&f->r, NULL), -EAGAIN);
}

static void read_index_published_at_commit(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[8] = {}, buf[128];

	guest_put(f, VP_PKT_DATA_INBAND, 1, p, 8);
	guest_put(f, VP_PKT_DATA_INBAND, 2, p, 8);
	KUNIT_ASSERT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), 24);
	KUNIT_ASSERT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), 24);
	KUNIT_EXPECT_EQ(test, f->ctrl->read_index, 0U);
	vp_ring_commit_read(&f->r);
	KUNIT_EXPECT_EQ(test, f->ctrl->read_index, 64U);
	/* The guest scribbling over read_index does not move the host. */
	f->ctrl->read_index = 8;
	guest_put(f, VP_PKT_DATA_INBAND, 3, p, 8);
	KUNIT_ASSERT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), 24);
	KUNIT_EXPECT_EQ(test, ((struct vp_pktdesc *)buf)->trans_id, 3ULL);
}

static int count_pkt(void *ctx, const struct vp_pktdesc *d, const void *pkt)
{
	u64 *seen = ctx;

	*seen = *seen * 10 + d->trans_id;
	return 0;
}

static void batch_read_with_budget(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[8] = {}, buf[128];
	u64 seen = 0;
	bool sig;
	int i;

	for (i = 1; i <= 5; i++)
		guest_put(f, VP_PKT_DATA_INBAND, i, p, 8);
	KUNIT_EXPECT_EQ(test, vp_ring_read_batch(&f->r, buf, sizeof(buf), 3,
						 count_pkt, &seen, &sig), 3);
	KUNIT_EXPECT_EQ(test, seen, 123ULL);
	KUNIT_EXPECT_EQ(test, f->ctrl->read_index, 3U * 32);
	KUNIT_EXPECT_EQ(test, vp_ring_read_batch(&f->r, buf, sizeof(buf), 10,
						 count_pkt, &seen, &sig), 2);
	KUNIT_EXPECT_EQ(test, seen, 12345ULL);
	KUNIT_EXPECT_EQ(test, f->ctrl->read_index, f->ctrl->write_index);
}

static void write_layout_is_exact(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[5] = { 1, 2, 3, 4, 5 };
	struct vp_pktdesc *d = (void *)f->data;
	bool sig;

	set_pos(test, f, 0);
	memset(f->data, 0xee, SZ);
	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, VP_PKT_COMP, 0, 77, p, 5, &sig), 0);
	KUNIT_EXPECT_EQ(test, d->type, VP_PKT_COMP);
	KUNIT_EXPECT_EQ(test, d->offset8, 2);
	KUNIT_EXPECT_EQ(test, d->len8, 3);
	KUNIT_EXPECT_EQ(test, d->flags, 0);
	KUNIT_EXPECT_EQ(test, d->trans_id, 77ULL);
	KUNIT_EXPECT_EQ(test, memcmp(f->data + 16, p, 5), 0);
	KUNIT_EXPECT_EQ(test, f->data[21] | f->data[22] | f->data[23], 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)(f->data + 24), 0ULL);	/* trailer: 0 << 32 */
	KUNIT_EXPECT_EQ(test, f->data[32], 0xee);
	KUNIT_EXPECT_EQ(test, f->ctrl->write_index, 32U);
	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, VP_PKT_COMP, 0, 78, p, 5, &sig), 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)(f->data + 56), 32ULL << 32);
}

static void write_gather_pads(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	struct vp_pktdesc d = { .type = VP_PKT_DATA_INBAND, .offset8 = 3,
				.len8 = 5, .trans_id = 9 };
	u8 a[9], b[3], c[11], buf[64];
	struct kvec iov[] = { { &d, 16 }, { a, 9 }, { b, 3 }, { c, 11 } };
	bool sig;

	fill(a, 9, 1);
	fill(b, 3, 50);
	fill(c, 11, 100);
	KUNIT_ASSERT_EQ(test, vp_ring_write(&f->r, iov, 4, &sig), 0);
	KUNIT_ASSERT_EQ(test, guest_get(f, buf), 40U);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 16, a, 9), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 25, b, 3), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 28, c, 11), 0);
	KUNIT_EXPECT_EQ(test, buf[39], 0);
	KUNIT_EXPECT_EQ(test, f->ctrl->write_index, 48U);
}

static void write_full_is_eagain(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[40] = {}, buf[128];
	u32 before;
	bool sig;
	int i, ret = 0;

	/* 64 bytes a packet: three fit in 256, the fourth would fill it up. */
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, i, p, 40, &sig), 0);
	before = f->ctrl->write_index;
	ret = vp_ring_send(&f->r, 6, 0, 3, p, 40, &sig);
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_EQ(test, f->ctrl->write_index, before);
	KUNIT_EXPECT_EQ(test, f->ctrl->pending_send_sz, 64U);
	KUNIT_EXPECT_FALSE(test, vp_ring_broken(&f->r));
	/* The guest frees one packet: the write goes through, the request is withdrawn. */
	guest_get(f, buf);
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 3, p, 32, &sig), 0);
	KUNIT_EXPECT_EQ(test, f->ctrl->pending_send_sz, 0U);
}

static void write_exact_fit_boundary(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 256);
	u8 p[256] = {}, buf[256];
	bool sig;

	/* Empty, 256 free: 240 + 8 leaves 8 free; 248 + 8 would leave none. */
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, 224, &sig), 0);
	guest_get(f, buf);
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, 232, &sig), -EMSGSIZE);
	/* 208 used, 48 free: a 48-byte need is refused, a 40-byte one fits. */
	set_pos(test, f, 0);
	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, 184, &sig), 0);
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 2, p, 24, &sig), -EAGAIN);
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 2, p, 16, &sig), 0);
	KUNIT_EXPECT_EQ(test, f->ctrl->write_index, 248U);
}

static void write_rejects_bad_requests(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	struct vp_pktdesc d = { .type = 6, .offset8 = 2, .len8 = 3 };
	u8 p[200] = {};
	struct kvec iov[] = { { &d, 16 }, { p, 8 } };
	bool sig;

	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, 113, &sig), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, vp_ring_write(&f->r, iov, 0, &sig), -EINVAL);
	d.len8 = 4;		/* does not match the 24 bytes given */
	KUNIT_EXPECT_EQ(test, vp_ring_write(&f->r, iov, 2, &sig), -EINVAL);
	d.len8 = 3;
	d.offset8 = 4;		/* payload offset past the packet */
	KUNIT_EXPECT_EQ(test, vp_ring_write(&f->r, iov, 2, &sig), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->ctrl->write_index, 0U);
	KUNIT_EXPECT_FALSE(test, vp_ring_broken(&f->r));
}

static void wrap_at_every_alignment(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[61], buf[128];
	u32 off;
	bool sig;

	for (off = 0; off < SZ; off += 8) {
		fill(p, sizeof(p), off);
		set_pos(test, f, off);
		guest_put(f, 6, off, p, sizeof(p));
		KUNIT_ASSERT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), 80);
		KUNIT_EXPECT_EQ(test, memcmp(buf + 16, p, sizeof(p)), 0);
		KUNIT_EXPECT_EQ(test, ((struct vp_pktdesc *)buf)->trans_id, (u64)off);
		vp_ring_commit_read(&f->r);
		KUNIT_EXPECT_EQ(test, f->ctrl->read_index, (off + 88) % SZ);

		set_pos(test, f, off);
		KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, off, p, sizeof(p), &sig), 0);
		KUNIT_ASSERT_EQ(test, guest_get(f, buf), 80U);
		KUNIT_EXPECT_EQ(test, memcmp(buf + 16, p, sizeof(p)), 0);
		KUNIT_EXPECT_EQ(test, *(u64 *)&f->data[(off + 80) % SZ], (u64)off << 32);
	}
}

static void max_size_packet(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, SZ);
	u8 p[SZ], buf[SZ];
	bool sig;

	fill(p, sizeof(p), 3);
	set_pos(test, f, 200);
	guest_put(f, 6, 1, p, SZ - 32);
	KUNIT_ASSERT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), SZ - 16);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 16, p, SZ - 32), 0);
	set_pos(test, f, 104);
	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, SZ - 32, &sig), 0);
	KUNIT_ASSERT_EQ(test, guest_get(f, buf), SZ - 16);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 16, p, SZ - 32), 0);
}

static void writer_signals_on_empty_to_nonempty(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[8] = {}, buf[64];
	bool sig;

	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, 8, &sig), 0);
	KUNIT_EXPECT_TRUE(test, sig);
	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, 2, p, 8, &sig), 0);
	KUNIT_EXPECT_FALSE(test, sig);
	guest_get(f, buf);
	guest_get(f, buf);
	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, 3, p, 8, &sig), 0);
	KUNIT_EXPECT_TRUE(test, sig);
	guest_get(f, buf);
	f->ctrl->interrupt_mask = 1;
	KUNIT_ASSERT_EQ(test, vp_ring_send(&f->r, 6, 0, 4, p, 8, &sig), 0);
	KUNIT_EXPECT_FALSE(test, sig);
}

static void reader_honours_pending_send_sz(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[40] = {}, buf[128];

	/* Three 64-byte packets: 192 used, 64 free; the guest wants 100. */
	guest_put(f, 6, 1, p, 40);
	guest_put(f, 6, 2, p, 40);
	guest_put(f, 6, 3, p, 40);
	f->ctrl->pending_send_sz = 100;
	vp_ring_read(&f->r, buf, sizeof(buf), NULL);
	KUNIT_EXPECT_TRUE(test, vp_ring_commit_read(&f->r));	/* 64 -> 128 */
	vp_ring_read(&f->r, buf, sizeof(buf), NULL);
	KUNIT_EXPECT_FALSE(test, vp_ring_commit_read(&f->r));	/* was enough already */
	f->ctrl->pending_send_sz = 250;
	vp_ring_read(&f->r, buf, sizeof(buf), NULL);
	KUNIT_EXPECT_TRUE(test, vp_ring_commit_read(&f->r));	/* 192 -> 256 */
	guest_put(f, 6, 4, p, 40);
	f->ctrl->pending_send_sz = 0;
	vp_ring_read(&f->r, buf, sizeof(buf), NULL);
	KUNIT_EXPECT_FALSE(test, vp_ring_commit_read(&f->r));	/* nobody asked */
	KUNIT_EXPECT_FALSE(test, vp_ring_commit_read(&f->r));	/* nothing new */
}

static void unmask_rechecks_for_data(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[8] = {};

	vp_ring_mask(&f->r);
	KUNIT_EXPECT_EQ(test, f->ctrl->interrupt_mask, 1U);
	KUNIT_EXPECT_FALSE(test, vp_ring_unmask(&f->r));
	KUNIT_EXPECT_EQ(test, f->ctrl->interrupt_mask, 0U);
	vp_ring_mask(&f->r);
	guest_put(f, 6, 1, p, 8);	/* arrives while masked: no signal came */
	KUNIT_EXPECT_TRUE(test, vp_ring_unmask(&f->r));
}

/* Corruption cases: the guest writes a bad packet, the ring must break. */
static void expect_broken(struct kunit *test, struct fix *f)
{
	u8 buf[SZ];
	bool sig;

	KUNIT_EXPECT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), -EPROTO);
	KUNIT_EXPECT_TRUE(test, vp_ring_broken(&f->r));
	KUNIT_EXPECT_NOT_NULL(test, f->r.why);
	/* Sticky: every later operation fails without touching the ring. */
	KUNIT_EXPECT_EQ(test, vp_ring_peek(&f->r, NULL), -EPROTO);
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, buf, 8, &sig), -EPROTO);
	KUNIT_EXPECT_FALSE(test, vp_ring_commit_read(&f->r));
}

static void corrupt_write_index(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);

	f->ctrl->write_index = SZ;
	expect_broken(test, f);
	f = fix_new(test, SZ, 128);
	f->ctrl->write_index = 0xfffffff8;
	expect_broken(test, f);
	f = fix_new(test, SZ, 128);
	f->ctrl->write_index = 36;	/* misaligned */
	expect_broken(test, f);
}

static void corrupt_short_fragment(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);

	f->ctrl->write_index = 16;	/* less than descriptor + trailer */
	expect_broken(test, f);
}

static void put_desc(struct fix *f, u16 off8, u16 len8, u32 windex)
{
	struct vp_pktdesc d = { .type = 6, .offset8 = off8, .len8 = len8 };

	memcpy(f->data, &d, sizeof(d));
	f->ctrl->write_index = windex;
}

static void corrupt_descriptors(struct kunit *test)
{
	static const struct { u16 off8, len8; u32 windex; } bad[] = {
		{ 2, 6, 48 },		/* len8 beyond the data written (needs 56) */
		{ 7, 6, 56 },		/* offset8 beyond len8 */
		{ 1, 1, 24 },		/* len8 shorter than the descriptor */
		{ 0, 0, 24 },		/* empty packet: would never advance */
		{ 1, 4, 40 },		/* offset8 inside the descriptor */
		{ 2, 17, 144 },		/* larger than the channel's 128 */
	};
	struct fix *f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		f = fix_new(test, SZ, 128);
		put_desc(f, bad[i].off8, bad[i].len8, bad[i].windex);
		expect_broken(test, f);
	}
	/* The boundary cases just inside the rules are accepted. */
	f = fix_new(test, SZ, 128);
	put_desc(f, 6, 6, 56);
	KUNIT_EXPECT_EQ(test, vp_ring_peek(&f->r, NULL), 0);
	f = fix_new(test, SZ, 128);
	put_desc(f, 2, 16, 136);
	KUNIT_EXPECT_EQ(test, vp_ring_peek(&f->r, NULL), 0);
}

static void corrupt_read_index_seen_by_writer(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[8] = {};
	bool sig;

	f->ctrl->read_index = 300;
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, 8, &sig), -EPROTO);
	KUNIT_EXPECT_EQ(test, f->ctrl->write_index, 0U);
	f = fix_new(test, SZ, 128);
	f->ctrl->read_index = 4;
	KUNIT_EXPECT_EQ(test, vp_ring_send(&f->r, 6, 0, 1, p, 8, &sig), -EPROTO);
	KUNIT_EXPECT_FALSE(test, sig);
}

static void broken_stays_broken(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[8] = {}, buf[64];

	f->ctrl->write_index = 4;
	expect_broken(test, f);
	/* The guest "repairing" its index changes nothing. */
	f->ctrl->write_index = 0;
	guest_put(f, 6, 1, p, 8);
	KUNIT_EXPECT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), NULL), -EPROTO);
	KUNIT_EXPECT_FALSE(test, vp_ring_unmask(&f->r));
}

static void descriptor_changed_after_peek(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[8] = {}, buf[128];
	struct vp_pktdesc d;

	guest_put(f, 6, 1, p, 8);
	guest_put(f, 6, 2, p, 8);
	KUNIT_ASSERT_EQ(test, vp_ring_peek(&f->r, &d), 0);
	/* The guest now claims a huge packet: the validated copy rules. */
	((struct vp_pktdesc *)f->data)->len8 = 0xffff;
	((struct vp_pktdesc *)f->data)->offset8 = 0xffff;
	KUNIT_EXPECT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), &d), 24);
	KUNIT_EXPECT_EQ(test, ((struct vp_pktdesc *)buf)->len8, 3);
	KUNIT_EXPECT_EQ(test, ((struct vp_pktdesc *)buf)->offset8, 2);
	KUNIT_ASSERT_EQ(test, vp_ring_read(&f->r, buf, sizeof(buf), &d), 24);
	KUNIT_EXPECT_EQ(test, d.trans_id, 2ULL);
}

static void copy_out_stays_in_packet(struct kunit *test)
{
	struct fix *f = fix_new(test, SZ, 128);
	u8 p[16], buf[64];

	fill(p, sizeof(p), 1);
	KUNIT_EXPECT_EQ(test, vp_ring_copy_out(&f->r, 0, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_consume(&f->r), -EINVAL);
	guest_put(f, 6, 1, p, 16);
	KUNIT_ASSERT_EQ(test, vp_ring_peek(&f->r, NULL), 0);
	KUNIT_EXPECT_EQ(test, vp_ring_copy_out(&f->r, 16, buf, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf, p, 16), 0);
	KUNIT_EXPECT_EQ(test, vp_ring_copy_out(&f->r, 16, buf, 17), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_copy_out(&f->r, 33, buf, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_copy_out(&f->r, 0xfffffff0, buf, 32), -EINVAL);
	KUNIT_EXPECT_EQ(test, vp_ring_read(&f->r, buf, 31, NULL), -EMSGSIZE);
	KUNIT_EXPECT_FALSE(test, vp_ring_broken(&f->r));
	KUNIT_EXPECT_EQ(test, vp_ring_read(&f->r, buf, 32, NULL), 32);
}

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(init_rejects_bad_geometry),
	KUNIT_CASE(init_rejects_bad_indices),
	KUNIT_CASE(init_clamps_max_pkt),
	KUNIT_CASE(empty_ring_is_eagain),
	KUNIT_CASE(read_guest_packet),
	KUNIT_CASE(read_index_published_at_commit),
	KUNIT_CASE(batch_read_with_budget),
	KUNIT_CASE(write_layout_is_exact),
	KUNIT_CASE(write_gather_pads),
	KUNIT_CASE(write_full_is_eagain),
	KUNIT_CASE(write_exact_fit_boundary),
	KUNIT_CASE(write_rejects_bad_requests),
	KUNIT_CASE(wrap_at_every_alignment),
	KUNIT_CASE(max_size_packet),
	KUNIT_CASE(writer_signals_on_empty_to_nonempty),
	KUNIT_CASE(reader_honours_pending_send_sz),
	KUNIT_CASE(unmask_rechecks_for_data),
	KUNIT_CASE(corrupt_write_index),
	KUNIT_CASE(corrupt_short_fragment),
	KUNIT_CASE(corrupt_descriptors),
	KUNIT_CASE(corrupt_read_index_seen_by_writer),
	KUNIT_CASE(broken_stays_broken),
	KUNIT_CASE(descriptor_changed_after_peek),
	KUNIT_CASE(copy_out_stays_in_packet),
	{}
};

static struct kunit_suite ring_suite = {
	.name = "vpart_vmbus_ring",
	.test_cases = ring_cases,
};

kunit_test_suite(ring_suite);
