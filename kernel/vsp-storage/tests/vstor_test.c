// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite vpart_storvsp_vstor: the storvsc protocol of vstor.c and its
 * mapping of requests onto the file backing of backend.c, driven through a
 * fake channel (fixture in vstor_fx.h): the init sequence, SCSI commands
 * whose data lands in guest pages or in the file byte for byte, sense data,
 * the packets and frames a hostile guest can send, a full ring, the
 * in-flight limit and @close with I/O in flight.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <asm/unaligned.h>
#include "vstor_fx.h"

static void init_sequence(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	const u8 *props;

	vt_ready(test, fx);
	/* Clearing the log kept its entries: the third is QUERY_PROPERTIES'. */
	props = fx->ch.log[2].pkt;
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(props + VT_MAX_XFER), 512U * 1024);
	/* Multi-channel, a sub-channel per guest VP besides the first. */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(props + VT_PROP_FLAGS), 1U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(props + VT_MAX_CHANNELS), VPART_MAX_VCPUS - 1);
	KUNIT_EXPECT_TRUE(test, fx->s->ready);
	KUNIT_EXPECT_EQ(test, fx->s->proto, 0x0602);
}

static void init_refusals(struct kunit *test)
{
	struct vt_fx *fx = test->priv;

	vt_ctl(test, fx, 1, VP_VSTOR_BEGIN_INIT, 0);
	vt_ctl(test, fx, 2, VP_VSTOR_QUERY_PROTOCOL_VERSION, 0x0402);	/* win7 */
	vt_ctl(test, fx, 3, VP_VSTOR_QUERY_PROTOCOL_VERSION, 0x0603);
	vt_ctl(test, fx, 4, VP_VSTOR_END_INIT, 0);			/* no version yet */
	vt_tur(test, fx, 5);						/* before END */
	vt_ctl(test, fx, 6, VP_VSTOR_CREATE_SUB_CHANNELS, 0);
	vt_ctl(test, fx, 7, VP_VSTOR_QUERY_PROTOCOL_VERSION, 0x0501);	/* win8 */
	vt_ctl(test, fx, 8, VP_VSTOR_END_INIT, 0);
	vt_tur(test, fx, 9);
	vt_ctl(test, fx, 10, VP_VSTOR_BEGIN_INIT, 0);			/* starts over */
	vt_tur(test, fx, 11);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	KUNIT_ASSERT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 11U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 1) + VT_STATUS), 0U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 2) + VT_STATUS),
			VP_NT_REVISION_MISMATCH);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 3) + VT_STATUS),
			VP_NT_REVISION_MISMATCH);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 4) + VT_STATUS),
			VP_NT_INVALID_DEVICE_STATE);
	vt_invalid(test, fx, 5);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 6) + VT_STATUS),
			VP_NT_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 7) + VT_STATUS), 0U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 8) + VT_STATUS), 0U);
	vt_good(test, fx, 9, 0);
	vt_invalid(test, fx, 11);
}

static void inquiry_data(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], cdb[6] = { 0x12, 0, 0, 0, 36, 0 };	/* INQUIRY, 36 bytes */
	u8 *g;

	vt_ready(test, fx);
	vt_srb(p, VP_SRB_READ, 36, cdb, sizeof(cdb));
	vt_gpa_pages(test, fx, 0x100, p, 36, 0x234, 0);
	vt_gpa_pages(test, fx, 0x101, p, 36, 4080, 2);		/* across pages 2 and 3 */
	p[VT_LUN] = 1;
	vt_gpa_pages(test, fx, 0x102, p, 36, 0, 5);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 3);
	vt_good(test, fx, 0x100, 36);
	vt_good(test, fx, 0x101, 36);
	vt_good(test, fx, 0x102, 36);

	g = fx->ram + 0x234;
	KUNIT_EXPECT_EQ(test, g[-1], VT_POISON);
	KUNIT_EXPECT_EQ(test, g[0], 0x00);			/* a disk, connected */
	KUNIT_EXPECT_EQ(test, memcmp(g + 8, "vpart   ", 8), 0);
	KUNIT_EXPECT_EQ(test, g[36], VT_POISON);
	g = fx->ram + 2 * PAGE_SIZE + 4080;
	KUNIT_EXPECT_EQ(test, memcmp(g, fx->ram + 0x234, 36), 0);
	KUNIT_EXPECT_EQ(test, g[36], VT_POISON);
	/* No LUN 1: peripheral qualifier 3. */
	KUNIT_EXPECT_EQ(test, fx->ram[5 * PAGE_SIZE], 0x7f);
	vt_expect_unpinned(test, fx);
}

static void write10_across_pages(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 *buf = kunit_kzalloc(test, 8192 + 1024, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vt_ready(test, fx);
	/* 8 KiB from 0xa00 into guest page 0: pages 0, 1 and 2. */
	vt_fill(fx->ram + 0xa00, 8192, 3);
	vt_rw(test, fx, 0x200, 0x2a, 24, 16, 0xa00, 0);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 1);
	vt_good(test, fx, 0x200, 8192);
	vt_expect_unpinned(test, fx);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->s->writes), 1);

	vt_file_rw(test, fx, false, 23 * 512, buf, 8192 + 1024);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0, 512));
	KUNIT_EXPECT_EQ(test, memcmp(buf + 512, fx->ram + 0xa00, 8192), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + 512 + 8192, 0, 512));
}

static void read16_into_pages(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 *buf = kunit_kmalloc(test, 8192, GFP_KERNEL);
	u8 p[VT_PKT], cdb[16];
	u8 *g = fx->ram + 4 * PAGE_SIZE;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vt_ready(test, fx);
	vt_fill(buf, 8192, 7);
	vt_file_rw(test, fx, true, 1000 * 512, buf, 8192);
	/* 8 KiB to 0x10 into guest page 4: pages 4, 5 and 6. */
	vt_srb(p, VP_SRB_READ, 8192, vt_cdb16(cdb, 0x88, 1000, 16), 16);
	vt_gpa_pages(test, fx, 0x300, p, 8192, 0x10, 4);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 1);
	vt_good(test, fx, 0x300, 8192);
	vt_expect_unpinned(test, fx);
	KUNIT_EXPECT_NULL(test, memchr_inv(g, VT_POISON, 0x10));
	KUNIT_EXPECT_EQ(test, memcmp(g + 0x10, buf, 8192), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(g + 0x10 + 8192, VT_POISON, PAGE_SIZE - 0x10));

	/* What a WRITE put there comes back through READ(16). */
	vt_fill(fx->ram + 0x300, 4096, 11);
	vt_rw(test, fx, 0x301, 0x2a, 4000, 8, 0x300, 0);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 2);
	vt_good(test, fx, 0x301, 4096);
	/* Only now: requests run in parallel on the backing. */
	vt_srb(p, VP_SRB_READ, 4096, vt_cdb16(cdb, 0x88, 4000, 8), 16);
	vt_gpa_pages(test, fx, 0x302, p, 4096, 0x800, 6);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 3);
	vt_good(test, fx, 0x302, 4096);
	KUNIT_EXPECT_EQ(test, memcmp(fx->ram + 6 * PAGE_SIZE + 0x800, fx->ram + 0x300, 4096), 0);
}

/* 512 KiB, QUERY_PROPERTIES' limit, takes 129 frames from a non-zero offset. */
static void largest_transfer(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 *buf = kunit_kmalloc(test, VT_RAM, GFP_KERNEL);
	u8 p[VT_PKT], cdb[16];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vt_ready(test, fx);
	vt_fill(fx->ram, VT_RAM, 5);
	vt_srb(p, VP_SRB_WRITE, VP_STOR_MAX_XFER, vt_cdb10(cdb, 0x2a, 2048, 1024), 10);
	vt_gpa_pages(test, fx, 0x400, p, VP_STOR_MAX_XFER, 0x200, 0);
	/* One block more than the limit, in a buffer of as many frames. */
	vt_srb(p, VP_SRB_READ, VP_STOR_MAX_XFER + 512, vt_cdb10(cdb, 0x28, 0, 1025), 10);
	vt_gpa_pages(test, fx, 0x401, p, VP_STOR_MAX_XFER + 512, 0, 0);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 2);
	vt_good(test, fx, 0x400, VP_STOR_MAX_XFER);
	vt_sense(test, fx, 0x401, VP_SENSE_ILLEGAL_REQUEST, 0x24, 20);
	vt_expect_unpinned(test, fx);

	/* Frame k of the buffer is guest page k % 8: each 32 KiB repeats the RAM. */
	for (i = 0; i < VP_STOR_MAX_XFER / VT_RAM; i++) {
		vt_file_rw(test, fx, false, 2048 * 512 + i * VT_RAM, buf, VT_RAM);
		KUNIT_EXPECT_EQ(test, memcmp(buf, fx->ram + 0x200, VT_RAM - 0x200), 0);
		KUNIT_EXPECT_EQ(test, memcmp(buf + VT_RAM - 0x200, fx->ram, 0x200), 0);
	}
}

static void read_beyond_capacity(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], cdb[16];

	vt_ready(test, fx);
	vt_rw(test, fx, 0x500, 0x28, VT_BLOCKS - 1, 2, 0, 0);
	/* A guest with an 8-byte sense buffer gets 8 bytes. */
	vt_srb(p, VP_SRB_READ, 512, vt_cdb16(cdb, 0x88, 1ULL << 63, 1), 16);
	p[VT_SENSE_LEN] = 8;
	vt_gpa_pages(test, fx, 0x501, p, 512, 0, 1);
	vt_srb(p, VP_SRB_READ, 512, vt_cdb16(cdb, 0x88, VT_BLOCKS, 1), 16);
	vt_gpa_pages(test, fx, 0x502, p, 512, 0, 2);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 3);
	vt_sense(test, fx, 0x500, VP_SENSE_ILLEGAL_REQUEST, 0x21, 20);
	vt_sense(test, fx, 0x501, VP_SENSE_ILLEGAL_REQUEST, 0x21, 8);
	vt_sense(test, fx, 0x502, VP_SENSE_ILLEGAL_REQUEST, 0x21, 20);
	KUNIT_EXPECT_NULL(test, memchr_inv(fx->ram, VT_POISON, VT_RAM));
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->s->reads), 0);
	vt_expect_unpinned(test, fx);
}

static void read_only_backing(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 *buf = kunit_kmalloc(test, 4096, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vp_stor_backing_close(fx->s);
	KUNIT_ASSERT_EQ(test, vp_stor_backing_open(fx->s, get_file(fx->file), true), 0);
	vt_ready(test, fx);
	vt_fill(fx->ram, 4096, 1);
	vt_rw(test, fx, 0x600, 0x2a, 8, 8, 0, 0);
	vt_rw(test, fx, 0x601, 0x28, 8, 8, 0, 1);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 2);
	vt_sense(test, fx, 0x600, VP_SENSE_DATA_PROTECT, 0x27, 20);
	vt_good(test, fx, 0x601, 4096);
	KUNIT_EXPECT_NULL(test, memchr_inv(fx->ram + PAGE_SIZE, 0, 4096));
	vt_file_rw(test, fx, false, 8 * 512, buf, 4096);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0, 4096));
	vt_expect_unpinned(test, fx);
}

static void sync_cache(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], cdb[16];

	vt_ready(test, fx);
	vt_inband(test, fx, 0x680, vt_srb(p, VP_SRB_NO_DATA, 0, vt_cdb10(cdb, 0x35, 0, 0), 10));
	vt_inband(test, fx, 0x681, vt_srb(p, VP_SRB_NO_DATA, 0, vt_cdb16(cdb, 0x91, 8, 64), 16));
	vt_inband(test, fx, 0x682, vt_srb(p, VP_SRB_NO_DATA, 0,
					  vt_cdb10(cdb, 0x35, VT_BLOCKS, 1), 10));
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 3);
	vt_good(test, fx, 0x680, 0);
	vt_good(test, fx, 0x681, 0);
	vt_sense(test, fx, 0x682, VP_SENSE_ILLEGAL_REQUEST, 0x21, 20);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->s->flushes), 2);
}

static void unmap_punches_hole(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 *buf = kunit_kmalloc(test, 128 * 512, GFP_KERNEL);
	u8 p[VT_PKT], cdb[16] = { 0x42 }, *list = fx->ram + 0x100;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vt_ready(test, fx);
	memset(buf, 0x77, 128 * 512);
	vt_file_rw(test, fx, true, 64 * 512, buf, 128 * 512);
	/* UNMAP of blocks 80..143: header and one descriptor, 24 bytes. */
	memset(list, 0, 24);
	put_unaligned_be16(22, list);
	put_unaligned_be16(16, list + 2);
	put_unaligned_be64(80, list + 8);
	put_unaligned_be32(64, list + 16);
	put_unaligned_be16(24, cdb + 7);
	vt_srb(p, VP_SRB_WRITE, 24, cdb, 10);
	vt_gpa_pages(test, fx, 0x700, p, 24, 0x100, 0);
	/* WRITE SAME(16) with UNMAP of 160..175, one block of data-out. */
	vt_cdb16(cdb, 0x93, 160, 16);
	cdb[1] = 0x08;
	vt_srb(p, VP_SRB_WRITE, 512, cdb, 16);
	vt_gpa_pages(test, fx, 0x701, p, 512, 0, 1);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 2);
	vt_done(test, fx, 0x700, VP_SRB_SUCCESS, VP_SAM_GOOD, VT_ANY);
	vt_done(test, fx, 0x701, VP_SRB_SUCCESS, VP_SAM_GOOD, VT_ANY);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->s->discards), 2);
	vt_expect_unpinned(test, fx);

	vt_file_rw(test, fx, false, 64 * 512, buf, 128 * 512);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0x77, 16 * 512));
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + 16 * 512, 0, 64 * 512));
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + 80 * 512, 0x77, 16 * 512));
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + 96 * 512, 0, 16 * 512));
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + 112 * 512, 0x77, 16 * 512));
}

/* Frames that are not guest RAM: refused, and nothing stays pinned. */
static void unknown_frames(struct kunit *test)
{
	static const u64 middle[] = { VT_GFN0, VT_BAD_GFN, VT_GFN0 + 2 };
	static const u64 past[] = { VT_GFN0 + VT_NPAGES };
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], cdb[16] = { 0x12, 0, 0, 0, 36 };

	vt_ready(test, fx);
	vt_gpa(test, fx, 0x800, vt_srb(p, VP_SRB_READ, 36, cdb, 6), 36, 0, past, 1);
	vt_srb(p, VP_SRB_READ, 8192, vt_cdb10(cdb, 0x28, 0, 16), 10);
	vt_gpa(test, fx, 0x801, p, 8192, 0xa00, middle, 3);
	vt_srb(p, VP_SRB_WRITE, 8192, vt_cdb10(cdb, 0x2a, 0, 16), 10);
	vt_gpa(test, fx, 0x802, p, 8192, 0xa00, middle, 3);
	memset(cdb, 0, sizeof(cdb));
	cdb[0] = 0x42;
	cdb[8] = 24;
	vt_gpa(test, fx, 0x803, vt_srb(p, VP_SRB_WRITE, 24, cdb, 10), 24, 0, middle + 1, 1);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 4);
	vt_invalid(test, fx, 0x800);
	vt_invalid(test, fx, 0x801);
	vt_invalid(test, fx, 0x802);
	vt_invalid(test, fx, 0x803);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->s->reads) + atomic64_read(&fx->s->writes) +
			atomic64_read(&fx->s->discards), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(fx->ram, VT_POISON, VT_RAM));
	vt_expect_unpinned(test, fx);
}

/* Packets the parser refuses are dropped: no completion, the reader goes on. */
static void malformed_dropped(struct kunit *test)
{
	static const u64 one[] = { VT_GFN0 };
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], cdb[16], b[96] = { };
	u32 len, i;
	u8 *g;

	vt_ready(test, fx);
	vt_srb(p, VP_SRB_READ, 512, vt_cdb10(cdb, 0x28, 0, 1), 10);
	/* In-band, the vstor packet running 8 bytes past the end. */
	vt_desc(b, VP_PKT_DATA_INBAND, 24, 80, 0x900);
	memcpy(b + 24, p, 56);
	vt_queue(test, fx, b, 80);
	for (i = 1; i <= 6; i++) {
		g = vt_build_gpa(test, 0x900 + i, p, 512, 0, one, 1, &len);
		switch (i) {
		case 1:
			put_unaligned_le32(2, g + 20);		/* two ranges */
			break;
		case 2:
			put_unaligned_le32(4096, g + 28);	/* offset past the page */
			break;
		case 3:
			put_unaligned_le32(8192, g + 24);	/* two frames, one given */
			break;
		case 4:
			put_unaligned_le32(0, g + 24);		/* empty range */
			break;
		case 5:
			put_unaligned_le32(1U << 20, g + 24);	/* 256 frames */
			break;
		case 6:
			put_unaligned_le16(3, g + 2);		/* payload in the range */
			break;
		}
		vt_queue(test, fx, g, len);
	}
	/* A transfer-page packet, which storvsc never sends. */
	g = vt_build_gpa(test, 0x907, p, 512, 0, one, 1, &len);
	put_unaligned_le16(VP_PKT_DATA_USING_XFER_PAGES, g);
	vt_queue(test, fx, g, len);
	vt_tur(test, fx, 0x9ff);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 1);
	vp_stor_drain(fx->q);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 1U);
	vt_good(test, fx, 0x9ff, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->s->errors), 8);
	KUNIT_EXPECT_NULL(test, memchr_inv(fx->ram, VT_POISON, VT_RAM));
	vt_expect_unpinned(test, fx);
}

static void transfer_beyond_buffer(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], cdb[16];

	vt_ready(test, fx);
	/* data_transfer_length larger than the range: 8 KiB in one page. */
	vt_srb(p, VP_SRB_READ, 8192, vt_cdb10(cdb, 0x28, 0, 16), 10);
	vt_gpa_pages(test, fx, 0xa00, p, 4096, 0, 0);
	/* The CDB asks for more than data_transfer_length. */
	vt_srb(p, VP_SRB_READ, 4096, vt_cdb10(cdb, 0x28, 0, 16), 10);
	vt_gpa_pages(test, fx, 0xa01, p, 4096, 0, 1);
	/* Data without pages, pages without data, an unknown direction. */
	vt_inband(test, fx, 0xa02, vt_srb(p, VP_SRB_READ, 512, vt_cdb10(cdb, 0x28, 0, 1), 10));
	vt_srb(p, VP_SRB_NO_DATA, 0, vt_cdb10(cdb, 0x35, 0, 0), 10);
	vt_gpa_pages(test, fx, 0xa03, p, 512, 0, 2);
	vt_srb(p, 3, 512, vt_cdb10(cdb, 0x2a, 0, 1), 10);
	vt_gpa_pages(test, fx, 0xa04, p, 512, 0, 3);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 5);
	vt_invalid(test, fx, 0xa00);
	vt_sense(test, fx, 0xa01, VP_SENSE_ILLEGAL_REQUEST, 0x24, 20);
	vt_invalid(test, fx, 0xa02);
	vt_invalid(test, fx, 0xa03);
	vt_invalid(test, fx, 0xa04);
	KUNIT_EXPECT_NULL(test, memchr_inv(fx->ram, VT_POISON, VT_RAM));
	vt_expect_unpinned(test, fx);
}

/* Replies in any order, each carrying its request's transaction id. */
static void trans_ids(struct kunit *test)
{
	static const u64 ids[] = { 0, 1, 0xfedcba9876543210ULL, U64_MAX, 1ULL << 63 };
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], cdb[16];

	vt_ready(test, fx);
	vt_rw(test, fx, ids[0], 0x2a, 100, 8, 0, 0);
	vt_tur(test, fx, ids[1]);
	vt_rw(test, fx, ids[2], 0x28, 200, 8, 0x40, 1);
	vt_inband(test, fx, ids[3], vt_srb(p, VP_SRB_NO_DATA, 0, vt_cdb10(cdb, 0x35, 0, 0), 10));
	vt_rw(test, fx, ids[4], 0x28, VT_BLOCKS, 1, 0, 3);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, ARRAY_SIZE(ids));
	vp_stor_drain(fx->q);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), (unsigned int)ARRAY_SIZE(ids));
	vt_good(test, fx, ids[0], 4096);
	vt_good(test, fx, ids[1], 0);
	vt_good(test, fx, ids[2], 4096);
	vt_good(test, fx, ids[3], 0);
	vt_sense(test, fx, ids[4], VP_SENSE_ILLEGAL_REQUEST, 0x21, 20);
}

/* A full ring parks completions; none is lost once the guest makes room. */
static void ring_full(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 *buf = kunit_kmalloc(test, 4096, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vt_ready(test, fx);
	vt_set_full(fx, true);
	vt_tur(test, fx, 0xb0);
	vt_tur(test, fx, 0xb1);
	/* The reader parks 0xb0's answer and leaves 0xb1 in the ring. */
	KUNIT_EXPECT_TRUE(test, vp_stor_packets(&fx->ch));
	KUNIT_EXPECT_TRUE(test, list_is_singular(&fx->ch.in));
	vt_wait_parked(test, fx->q, 1);
	/* A signal while still full: the answer stays parked. */
	KUNIT_EXPECT_TRUE(test, vp_stor_packets(&fx->ch));
	KUNIT_EXPECT_TRUE(test, list_is_singular(&fx->ch.in));
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 0U);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.refused), 2U);
	/* The guest made room and signalled. */
	vt_set_full(fx, false);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	KUNIT_ASSERT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 2U);
	KUNIT_EXPECT_EQ(test, fx->ch.log[0].trans_id, 0xb0ULL);
	vt_good(test, fx, 0xb0, 0);
	vt_good(test, fx, 0xb1, 0);

	/* A completion from the backing's worker is parked the same way. */
	vt_set_full(fx, true);
	vt_fill(fx->ram, 4096, 9);
	vt_rw(test, fx, 0xb2, 0x2a, 300, 8, 0, 0);
	vp_stor_packets(&fx->ch);
	vt_wait_parked(test, fx->q, 1);
	vt_expect_unpinned(test, fx);
	vt_set_full(fx, false);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	KUNIT_ASSERT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 3U);
	vt_good(test, fx, 0xb2, 4096);
	KUNIT_EXPECT_TRUE(test, vt_unsent_is(fx->q, 0));
	vt_file_rw(test, fx, false, 300 * 512, buf, 4096);
	KUNIT_EXPECT_EQ(test, memcmp(buf, fx->ram, 4096), 0);
}

/* At the in-flight limit the reader stops; a completion polls it again. */
static void inflight_limit(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	struct vp_stor_q *q = fx->q;
	struct vp_stor_req *req;

	vt_ready(test, fx);
	vt_tur(test, fx, 0xc0);
	/* Freed by vp_stor_complete(). */
	req = vp_stor_req_alloc();
	KUNIT_ASSERT_NOT_NULL(test, req);
	/*
	 * Stand-ins for requests on the backing. No assertion may end the
	 * case until they are gone: vp_stor_drain() would wait for them.
	 */
	spin_lock_irq(&q->lock);
	q->inflight += VP_STOR_MAX_INFLIGHT;
	spin_unlock_irq(&q->lock);
	KUNIT_EXPECT_TRUE(test, vp_stor_packets(&fx->ch));
	KUNIT_EXPECT_TRUE(test, list_is_singular(&fx->ch.in));
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.polls), 0U);
	/* One of them finishes: its answer goes out and the reader is polled. */
	req->s = fx->s;
	req->q = q;
	req->trans_id = 0xc1;
	req->action = VP_SCSI_FLUSH;
	vp_stor_complete(req, 0);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.polls), 1U);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 1U);
	spin_lock_irq(&q->lock);
	q->inflight -= VP_STOR_MAX_INFLIGHT - 1;
	spin_unlock_irq(&q->lock);

	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	KUNIT_EXPECT_TRUE(test, list_empty(&fx->ch.in));
	vt_good(test, fx, 0xc0, 0);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 2U);
}

/* A failing backing: a READ past the end of a file that shrank. */
static void backing_error(struct kunit *test)
{
	struct vt_fx *fx = test->priv;

	vt_ready(test, fx);
	KUNIT_ASSERT_EQ(test, vfs_truncate(&fx->file->f_path, VT_DISK / 2), 0L);
	vt_rw(test, fx, 0xd0, 0x28, VT_BLOCKS - 8, 8, 0x100, 0);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 1);
	vt_sense(test, fx, 0xd0, VP_SENSE_MEDIUM_ERROR, 0x11, 20);
	KUNIT_EXPECT_EQ(test, atomic64_read(&fx->s->errors), 1);
	vt_expect_unpinned(test, fx);
}

/* @close with requests in flight: it waits for them, then drops what is parked. */
static void drain_in_flight(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	unsigned int i, left;

	vt_ready(test, fx);
	vt_fill(fx->ram, VT_RAM, 2);
	for (i = 0; i < 4; i++)
		vt_rw(test, fx, 0xe0 + i, 0x2a, 8 * i, 8, 0x200, i);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vp_stor_drain(fx->q);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 4U);
	KUNIT_EXPECT_TRUE(test, vt_unsent_is(fx->q, 0));
	vt_expect_unpinned(test, fx);

	/* Ring full: the reader may stop once a worker parked an answer. */
	vt_set_full(fx, true);
	for (i = 0; i < 3; i++)
		vt_rw(test, fx, 0xe8 + i, 0x2a, 64 + 8 * i, 8, 0, i);
	vp_stor_packets(&fx->ch);
	left = list_count_nodes(&fx->ch.in);
	vp_stor_drain(fx->q);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.refused), 3 - left);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 4U);
	KUNIT_EXPECT_TRUE(test, vt_unsent_is(fx->q, 0));
	KUNIT_EXPECT_TRUE(test, list_empty(&fx->q->unsent));
	vt_expect_unpinned(test, fx);
}

/* Sub-channels: asked for on the primary, I/O answered where it came in. */
static void subchannels(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	struct vp_vmbus_chan *sub = &fx->sub;
	u8 *buf = kunit_kzalloc(test, 4096, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vt_ready(test, fx);
	vt_ctl(test, fx, 1, VP_VSTOR_CREATE_SUB_CHANNELS, 0);
	vt_ctl(test, fx, 2, VP_VSTOR_CREATE_SUB_CHANNELS, VPART_MAX_VCPUS);
	vt_ctl(test, fx, 3, VP_VSTOR_CREATE_SUB_CHANNELS, 1);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 1) + VT_STATUS),
			VP_NT_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 2) + VT_STATUS),
			VP_NT_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 3) + VT_STATUS), 0U);
	KUNIT_EXPECT_EQ(test, fx->ch.sub_wanted, 1U);

	/* The guest opened sub-channel 1 and writes 8 blocks through it. */
	KUNIT_ASSERT_EQ(test, vp_stor_open(sub), 0);
	fx->cur = sub;
	vt_ctl(test, fx, 4, VP_VSTOR_BEGIN_INIT, 0);	/* the primary's business */
	vt_fill(fx->ram, 4096, 0x31);
	vt_rw(test, fx, 5, 0x2a, 100, 8, 0, 0);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(sub));
	vt_wait(test, fx, 2);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(vt_reply(test, fx, 4) + VT_STATUS),
			VP_NT_INVALID_DEVICE_STATE);
	vt_good(test, fx, 5, 4096);
	/* Nothing of it came back on the primary, which stays set up. */
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 3U);
	KUNIT_EXPECT_TRUE(test, fx->s->ready);
	vt_file_rw(test, fx, false, 100 * 512, buf, 4096);
	KUNIT_EXPECT_EQ(test, memcmp(buf, fx->ram, 4096), 0);
	/* Closing the sub-channel leaves the controller ready. */
	vp_stor_close(sub);
	KUNIT_EXPECT_NULL(test, sub->priv);
	KUNIT_EXPECT_TRUE(test, fx->s->ready);
	fx->cur = &fx->ch;
}

/*
 * A disk removed under a running guest: writes in flight finish on the old
 * backing, which is then let go; LUN 0 answers INVALID_LUN (INQUIRY: no
 * LUN) and the guest is told to rescan; a new disk takes its place.
 */
static void detach_and_attach(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	u8 p[VT_PKT], inq[6] = { 0x12, 0, 0, 0, 36, 0 }, cap[10] = { 0x25 };
	u8 *buf = kunit_kzalloc(test, 4 * 4096, GFP_KERNEL);
	struct file *f;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vt_ready(test, fx);
	vt_fill(fx->ram, VT_RAM, 5);
	for (i = 0; i < 4; i++)
		vt_rw(test, fx, 0x10 + i, 0x2a, 8 * i, 8, 0, i);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	KUNIT_ASSERT_EQ(test, vp_stor_detach(fx->s), 0);
	vt_wait(test, fx, 5);
	for (i = 0; i < 4; i++)
		vt_good(test, fx, 0x10 + i, 4096);
	KUNIT_EXPECT_EQ(test, vt_rescans(test, fx), 1U);
	vt_file_rw(test, fx, false, 0, buf, 4 * 4096);
	KUNIT_EXPECT_EQ(test, memcmp(buf, fx->ram, 4 * 4096), 0);
	KUNIT_EXPECT_NULL(test, fx->s->b.file);
	KUNIT_EXPECT_EQ(test, file_count(fx->file), 1L);
	KUNIT_EXPECT_EQ(test, vp_stor_detach(fx->s), -ENOENT);

	vt_clear_log(fx);
	vt_tur(test, fx, 0x20);
	vt_rw(test, fx, 0x21, 0x28, 0, 8, 0, 0);
	vt_gpa_pages(test, fx, 0x22, vt_srb(p, VP_SRB_READ, 36, inq, sizeof(inq)), 36, 0, 5);
	KUNIT_EXPECT_FALSE(test, fx->s->gone_told);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 3);
	vt_done(test, fx, 0x20, VP_SRB_INVALID_LUN, VP_SAM_GOOD, 0);
	vt_done(test, fx, 0x21, VP_SRB_INVALID_LUN, VP_SAM_GOOD, 0);
	vt_good(test, fx, 0x22, 36);
	KUNIT_EXPECT_EQ(test, fx->ram[5 * PAGE_SIZE], 0x7f);
	KUNIT_EXPECT_TRUE(test, fx->s->gone_told);
	vt_expect_unpinned(test, fx);

	/* A 1 MiB disk; the ring is full, so the rescan waits for the reader. */
	f = shmem_file_setup("vpart-vstor-test2", 1 << 20, VM_NORESERVE);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_EQ(test, vp_stor_backing_open(fx->s, f, false), 0);
	vt_clear_log(fx);
	vt_set_full(fx, true);
	vp_stor_attach(fx->s);
	KUNIT_EXPECT_EQ(test, vt_get(&fx->ch, &fx->ch.refused), 1U);
	vt_set_full(fx, false);
	vt_gpa_pages(test, fx, 0x30, vt_srb(p, VP_SRB_READ, 8, cap, sizeof(cap)), 8, 0, 6);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	vt_wait(test, fx, 2);
	KUNIT_EXPECT_EQ(test, vt_rescans(test, fx), 1U);
	vt_good(test, fx, 0x30, 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(fx->ram + 6 * PAGE_SIZE), 2047U);
}

static struct kunit_case vstor_cases[] = {
	KUNIT_CASE(init_sequence),
	KUNIT_CASE(init_refusals),
	KUNIT_CASE(subchannels),
	KUNIT_CASE(detach_and_attach),
	KUNIT_CASE(inquiry_data),
	KUNIT_CASE(write10_across_pages),
	KUNIT_CASE(read16_into_pages),
	KUNIT_CASE(largest_transfer),
	KUNIT_CASE(read_beyond_capacity),
	KUNIT_CASE(read_only_backing),
	KUNIT_CASE(sync_cache),
	KUNIT_CASE(unmap_punches_hole),
	KUNIT_CASE(unknown_frames),
	KUNIT_CASE(malformed_dropped),
	KUNIT_CASE(transfer_beyond_buffer),
	KUNIT_CASE(trans_ids),
	KUNIT_CASE(ring_full),
	KUNIT_CASE(inflight_limit),
	KUNIT_CASE(backing_error),
	KUNIT_CASE(drain_in_flight),
	{}
};

static struct kunit_suite vstor_suite = {
	.name = "vpart_storvsp_vstor",
	.init = vt_init,
	.exit = vt_exit,
	.test_cases = vstor_cases,
};

kunit_test_suite(vstor_suite);
