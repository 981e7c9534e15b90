// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's side of a channel for the vpart_vmbus_server_* suites
 * (server_fake.h): both rings as hv_vmbus reads and writes them, opening
 * and closing, and hv_utils' answers to the integration services.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/workqueue.h>
#include "server_fake.h"

/* ---- rings ---- */

struct vp_ring_ctrl *gctrl(const struct gring *r)
{
	return page_address(r->f->ram[r->gfn % RAM_PAGES]);
}

static u8 *gdata(const struct gring *r, u32 off, u32 *n)
{
	u32 po = off % PAGE_SIZE;

	*n = min_t(u32, *n, PAGE_SIZE - po);
	return (u8 *)page_address(r->f->ram[(r->gfn + 1 + off / PAGE_SIZE) % RAM_PAGES]) + po;
}

/* Copy into the data area at @off, wrapping; returns the offset after. */
u32 gput(const struct gring *r, u32 off, const void *buf, u32 len)
{
	const u8 *b = buf;

	while (len) {
		u32 n = len;
		u8 *p = gdata(r, off, &n);	/* clips @n to the page */

		memcpy(p, b, n);
		b += n;
		len -= n;
		off = (off + n) % RING_DATA;
	}
	return off;
}

static u32 gget(const struct gring *r, u32 off, void *buf, u32 len)
{
	u8 *b = buf;

	while (len) {
		u32 n = len;
		u8 *p = gdata(r, off, &n);

		memcpy(b, p, n);
		b += n;
		len -= n;
		off = (off + n) % RING_DATA;
	}
	return off;
}

/* hv_ringbuffer_write(): descriptor, payload, padding, trailer, then the index. */
void guest_send(struct gring *r, u64 trans_id, const void *payload, u32 len)
{
	struct vp_ring_ctrl *c = gctrl(r);
	struct vp_pktdesc d = {
		.type = VP_PKT_DATA_INBAND,
		.offset8 = sizeof(d) / 8,
		.len8 = (sizeof(d) + len + 7) / 8,
		.trans_id = trans_id,
	};
	u32 start = READ_ONCE(c->write_index), off;
	u32 used = (start + RING_DATA - READ_ONCE(c->read_index)) % RING_DATA;
	u64 zero = 0, trailer = (u64)start << 32;

	KUNIT_ASSERT_GT(r->f->test, RING_DATA - used, d.len8 * 8 + 8);
	off = gput(r, start, &d, sizeof(d));
	off = gput(r, off, payload, len);
	off = gput(r, off, &zero, d.len8 * 8 - sizeof(d) - len);
	off = gput(r, off, &trailer, sizeof(trailer));
	/* The packet is in memory before the index that publishes it. */
	virt_wmb();
	WRITE_ONCE(c->write_index, off);
}

/* hv_pkt_iter: one packet, descriptor included; 0 when the ring is empty. */
u32 guest_recv(struct gring *r, void *buf, u32 buflen)
{
	struct kunit *test = r->f->test;
	struct vp_ring_ctrl *c = gctrl(r);
	u32 start = READ_ONCE(c->read_index), off, len;
	struct vp_pktdesc d;
	u64 trailer;

	if (READ_ONCE(c->write_index) == start)
		return 0;
	/* Read the packet only after the index that covers it. */
	virt_rmb();
	gget(r, start, &d, sizeof(d));
	len = d.len8 * 8;
	KUNIT_ASSERT_LE(test, len, buflen);
	off = gget(r, start, buf, len);
	off = gget(r, off, &trailer, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, trailer, (u64)start << 32);
	/* Done with the bytes before giving the space back. */
	virt_mb();
	WRITE_ONCE(c->read_index, off);
	return len;
}

/* Wait for the host to write (from its own work items). */
bool guest_wait(struct gring *r, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	struct vp_ring_ctrl *c = gctrl(r);

	while (READ_ONCE(c->write_index) == READ_ONCE(c->read_index)) {
		if (time_after(jiffies, end))
			return false;
		msleep(20);
	}
	return true;
}

/* The control page as Linux leaves it before OPENCHANNEL. */
static void ring_init(struct gring *r)
{
	memset(gctrl(r), 0, PAGE_SIZE);
	gctrl(r)->feature_bits = VP_RING_FEAT_PENDING_SEND_SZ;
}

/* ---- opening and closing ---- */

/* Rings of @relid from gfn @gfn, the host->guest one @down pages in, both ready. */
void chan_init(struct fake *f, struct gchan *ch, u32 relid, u32 gfn, u32 down)
{
	ch->relid = relid;
	ch->in = (struct gring){ f, gfn };
	ch->out = (struct gring){ f, gfn + down };
	ch->buf = kunit_kzalloc(f->test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(f->test, ch->buf);
	ring_init(&ch->in);
	ring_init(&ch->out);
}

u16 post_open(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp)
{
	struct vp_chmsg_open m = {
		.hdr.msgtype = VP_CHMSG_OPENCHANNEL,
		.child_relid = relid,
		.openid = relid | 0x5a00,	/* Linux uses the relid; any value is echoed */
		.ringbuffer_gpadl = handle,
		.target_vp = vp,
		.downstream_page_offset = down,
	};

	return post(f, VP_VMBUS_CONN_MESSAGE, &m, sizeof(m));
}

static void expect_open_result(struct fake *f, u32 relid, u32 status)
{
	const struct vp_chmsg_open_result *r = expect_msg(f, VP_CHMSG_OPENCHANNEL_RESULT);

	KUNIT_EXPECT_EQ(f->test, r->child_relid, relid);
	KUNIT_EXPECT_EQ(f->test, r->openid, relid | 0x5a00);
	if (status)
		KUNIT_EXPECT_NE(f->test, r->status, 0);
	else
		KUNIT_EXPECT_EQ(f->test, r->status, 0);
}

void open_ok(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp)
{
	KUNIT_ASSERT_EQ(f->test, post_open(f, relid, handle, down, vp), 0);
	expect_open_result(f, relid, 0);
}

void open_fails(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp)
{
	KUNIT_ASSERT_EQ(f->test, post_open(f, relid, handle, down, vp), 0);
	expect_open_result(f, relid, FAIL);
}

/* hv_utils' vmbus_open(): an 8-page ring GPADL at @gfn, then OPENCHANNEL to @vp. */
void chan_open(struct fake *f, struct gchan *ch, u32 relid, u32 handle, u32 gfn, u32 vp)
{
	chan_init(f, ch, relid, gfn, RING_DOWN);
	gpadl_create(f, relid, handle, gfn, RING_PAGES);
	open_ok(f, relid, handle, RING_DOWN, vp);
	KUNIT_ASSERT_TRUE(f->test, f->srv->chans[relid]->open);
}

/* setup(), then relid 1 open on GPADL HANDLE at gfn 0, to VP 0. */
void setup_open(struct fake *f, struct gchan *ch, u32 version, u32 ics)
{
	setup(f, version, ics);
	chan_open(f, ch, 1, HANDLE, 0, 0);
}

/* vmbus_close(): CLOSECHANNEL, then the ring GPADL goes. */
void close_chan(struct fake *f, u32 relid, u32 handle)
{
	KUNIT_ASSERT_EQ(f->test, post_relid(f, VP_CHMSG_CLOSECHANNEL, relid), 0);
	gpadl_teardown(f, relid, handle);
}

/* HvSignalEvent on the channel, then let the host's reader finish. */
void guest_kick(struct fake *f, struct gchan *ch)
{
	KUNIT_ASSERT_EQ(f->test, vp_vmbus_signal(f->srv, CONN(ch->relid), 0), 0);
	flush_work(&f->srv->chans[ch->relid]->work);
}

void guest_signal(struct fake *f, struct gchan *ch)
{
	guest_kick(f, ch);
	/* The host took everything and said so. */
	KUNIT_EXPECT_EQ(f->test, READ_ONCE(gctrl(&ch->in)->read_index),
			READ_ONCE(gctrl(&ch->in)->write_index));
}

/* ---- integration services, the guest's side (hv_utils) ---- */

/* The host's next IC request from the host->guest ring, kept in @ch->buf. */
void *ic_request(struct fake *f, struct gchan *ch, u16 msgtype)
{
	struct kunit *test = f->test;
	struct vp_pktdesc *d = (void *)ch->buf;
	struct vp_ic_hdr *h = (void *)(ch->buf + sizeof(*d));
	u32 len = guest_recv(&ch->out, ch->buf, PAGE_SIZE);

	KUNIT_ASSERT_GE_MSG(test, len, (u32)(sizeof(*d) + sizeof(*h)), "no IC request");
	KUNIT_EXPECT_EQ(test, d->type, VP_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, d->offset8, 2);
	KUNIT_EXPECT_EQ(test, d->flags, 0);
	KUNIT_EXPECT_EQ(test, h->pipe_flags, VP_IC_PIPE_DATA);
	KUNIT_EXPECT_EQ(test, h->pipe_msgsize + 8, h->msgsize + sizeof(*h));
	KUNIT_EXPECT_LE(test, h->msgsize + sizeof(*h), len - sizeof(*d));
	KUNIT_EXPECT_EQ(test, h->flags, VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_REQUEST);
	KUNIT_ASSERT_EQ(test, h->msgtype, msgtype);
	ch->plen = len - sizeof(*d);
	ch->trans_id = d->trans_id;
	return h;
}

/* The guest answers in place, same length and transaction id (IC facts 4). */
void ic_answer(struct fake *f, struct gchan *ch)
{
	struct vp_ic_hdr *h = (void *)(ch->buf + sizeof(struct vp_pktdesc));

	h->flags = VP_IC_FLAG_TRANSACTION | VP_IC_FLAG_RESPONSE;
	guest_send(&ch->in, ch->trans_id, h, ch->plen);
	guest_signal(f, ch);
}

/* What Linux 6.1 accepts, by preference: the framework, then each service by IC bit. */
static const struct vp_ic_version linux_frame[] = { { 3, 0 }, { 1, 0 } };
static const struct vp_ic_version linux_hb[] = { { 3, 0 }, { 1, 0 } };
static const struct vp_ic_version linux_sd[] = { { 3, 2 }, { 3, 1 }, { 3, 0 }, { 1, 0 } };
static const struct vp_ic_version linux_ts[] = { { 4, 0 }, { 3, 0 }, { 1, 0 } };
static const struct {
	const struct vp_ic_version *v;
	unsigned int n;
} linux_svc[] = {
	{ linux_hb, ARRAY_SIZE(linux_hb) },
	{ linux_sd, ARRAY_SIZE(linux_sd) },
	{ linux_ts, ARRAY_SIZE(linux_ts) },
};

/* Linux's first preference that the host listed. */
static bool ic_pick(const struct vp_ic_version *mine, unsigned int n,
		    const struct vp_ic_version *offered, unsigned int count,
		    struct vp_ic_version *got)
{
	unsigned int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < count; j++)
			if (offered[j].major == mine[i].major &&
			    offered[j].minor == mine[i].minor) {
				*got = mine[i];
				return true;
			}
	return false;
}

/*
 * vmbus_prep_negotiate_resp(): answer the host's NEGOTIATE with Linux's
 * versions of the service @ic (IC_HB, IC_SD or IC_TS), or with "no match"
 * (counts 0) when @agree is false. Returns how many service versions the
 * host offered; they are in @ng (up to 8), with the one Linux picked.
 */
unsigned int guest_negotiate(struct fake *f, struct gchan *ch, u32 ic, bool agree,
			     struct ic_nego *ng)
{
	struct kunit *test = f->test;
	struct vp_ic_version fw = {}, sv = {};
	struct vp_ic_negotiate *n;
	unsigned int fc, mc, svc = __ffs(ic);

	n = ic_request(f, ch, VP_IC_MSG_NEGOTIATE);
	fc = n->frame_count;
	mc = n->msg_count;
	KUNIT_ASSERT_LE(test, fc + mc, (unsigned int)VP_IC_MAX_VERSIONS);
	KUNIT_ASSERT_LE(test, sizeof(n->hdr) + 8 + sizeof(n->v[0]) * (fc + mc), (size_t)ch->plen);
	memcpy(ng->offered, n->v + fc, mc * sizeof(*ng->offered));
	KUNIT_EXPECT_TRUE(test, ic_pick(linux_frame, ARRAY_SIZE(linux_frame), n->v, fc, &fw));
	KUNIT_EXPECT_TRUE(test, ic_pick(linux_svc[svc].v, linux_svc[svc].n, n->v + fc, mc, &sv));
	n->hdr.msgsize = 16;
	n->frame_count = agree;
	n->msg_count = agree;
	n->v[0] = fw;
	n->v[1] = sv;
	ng->picked = sv;
	ic_answer(f, ch);
	return mc;
}
