// SPDX-License-Identifier: GPL-2.0
/*
 * The fixture of the vpart_storvsp_vstor suite (vstor_fx.h): fakes of the
 * VMBus calls the storage VSP makes, packet builders and checks.
 *
 * vstor.c and backend.c are compiled into this file so that their calls to
 * vp_vmbus_*() land on the fakes below. The SCSI target and the packet
 * checks come from vpart_storvsp.ko (exported for KUnit): a second copy of
 * those would export their symbols twice.
 */
#include "../vstor.c"
#include "../backend.c"

#include <linux/delay.h>
#include <linux/shmem_fs.h>
#include <linux/vmalloc.h>
#include <asm/unaligned.h>
#include "vstor_fx.h"

#define VT_TIMEOUT	(10 * HZ)

/* ---- The fake channel ---- */

struct vt_pkt {
	struct list_head node;
	u32 len;
	u8 bytes[] __aligned(8);
};

/* Guest pages pinned and not unpinned yet. */
static atomic_t vt_pinned = ATOMIC_INIT(0);

void *vp_vmbus_dev_priv(struct vp_vmbus_dev *dev)
{
	return dev->priv;
}

struct vp_vmbus_dev *vp_vmbus_chan_dev(struct vp_vmbus_chan *ch)
{
	return ch->dev;
}

u32 vp_vmbus_chan_relid(struct vp_vmbus_chan *ch)
{
	return 15;
}

u16 vp_vmbus_chan_index(struct vp_vmbus_chan *ch)
{
	return ch->index;
}

void *vp_vmbus_chan_priv(struct vp_vmbus_chan *ch)
{
	return ch->priv;
}

void vp_vmbus_chan_set_priv(struct vp_vmbus_chan *ch, void *priv)
{
	ch->priv = priv;
}

/* As the real one's checks; the offers themselves are vpart_vmbus's. */
int vp_vmbus_dev_request_subchannels(struct vp_vmbus_chan *primary, unsigned int n)
{
	if (primary->index || !n || n > VP_VMBUS_MAX_SUBCHANNELS)
		return -EINVAL;
	primary->sub_wanted = n;
	return 0;
}

/* The ring already checked len8 and offset8 against each other (ring.c). */
int vp_vmbus_recv(struct vp_vmbus_chan *ch, void *buf, u32 buflen, struct vp_pktdesc *desc)
{
	struct vt_pkt *p = list_first_entry_or_null(&ch->in, struct vt_pkt, node);
	int len;

	if (!p)
		return -EAGAIN;
	if (p->len > buflen)
		return -EMSGSIZE;
	list_del(&p->node);
	memcpy(buf, p->bytes, p->len);
	if (desc)
		memcpy(desc, p->bytes, sizeof(*desc));
	len = p->len;
	kfree(p);
	return len;
}

int vp_vmbus_send(struct vp_vmbus_chan *ch, u16 type, u16 pkt_flags, u64 trans_id,
		  const void *payload, u32 len)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&ch->lock, flags);
	if (ch->full) {
		ch->refused++;
		ret = -EAGAIN;
	} else {
		if (ch->ncomp < VT_MAX_LOG) {
			struct vt_comp *c = &ch->log[ch->ncomp];

			c->type = type;
			c->trans_id = trans_id;
			c->len = len;
			memcpy(c->pkt, payload, min_t(u32, len, VT_PKT));
		}
		ch->ncomp++;
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	wake_up(&ch->wait);
	return ret;
}

int vp_vmbus_send_completion(struct vp_vmbus_chan *ch, u64 trans_id, const void *payload,
			     u32 len)
{
	return vp_vmbus_send(ch, VP_PKT_COMP, 0, trans_id, payload, len);
}

void vp_vmbus_chan_poll(struct vp_vmbus_chan *ch)
{
	unsigned long flags;

	spin_lock_irqsave(&ch->lock, flags);
	ch->polls++;
	spin_unlock_irqrestore(&ch->lock, flags);
	wake_up(&ch->wait);
}

/* As the real one: every frame must be guest RAM, else nothing is held. */
int vp_vmbus_pin(struct vp_vmbus_dev *dev, const u64 *gfns, unsigned int n,
		 struct page **pages)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (gfns[i] < VT_GFN0 || gfns[i] >= VT_GFN0 + VT_NPAGES)
			return -EFAULT;
	for (i = 0; i < n; i++) {
		pages[i] = dev->pages[gfns[i] - VT_GFN0];
		get_page(pages[i]);
	}
	atomic_add(n, &vt_pinned);
	return 0;
}

void vp_vmbus_unpin(struct page **pages, unsigned int n)
{
	atomic_sub(n, &vt_pinned);
	while (n--)
		put_page(pages[n]);
}

/* ---- Building guest packets ---- */

void vt_queue(struct kunit *test, struct vt_fx *fx, const void *bytes, u32 len)
{
	struct vt_pkt *p = kzalloc(struct_size(p, bytes, len), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->len = len;
	memcpy(p->bytes, bytes, len);
	list_add_tail(&p->node, &fx->cur->in);
}

/* The 16-byte descriptor; storvsc always asks for a completion. */
void vt_desc(u8 *b, u16 type, u32 off, u32 len, u64 tid)
{
	put_unaligned_le16(type, b);
	put_unaligned_le16(off / 8, b + 2);
	put_unaligned_le16(len / 8, b + 4);
	put_unaligned_le16(VP_PKT_FLAG_COMPLETION_REQUESTED, b + 6);
	put_unaligned_le64(tid, b + 8);
}

void vt_inband(struct kunit *test, struct vt_fx *fx, u64 tid, const u8 *pkt)
{
	u8 b[16 + VT_PKT];

	vt_desc(b, VP_PKT_DATA_INBAND, 16, sizeof(b), tid);
	memcpy(b + 16, pkt, VT_PKT);
	vt_queue(test, fx, b, sizeof(b));
}

/* A GPA-direct packet: one range of @count bytes from @off into @n frames. */
u8 *vt_build_gpa(struct kunit *test, u64 tid, const u8 *pkt, u32 count, u32 off,
		 const u64 *gfns, unsigned int n, u32 *len)
{
	u32 hdr = 32 + 8 * n;
	u8 *b = kunit_kzalloc(test, hdr + VT_PKT, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, b);
	vt_desc(b, VP_PKT_DATA_USING_GPA_DIRECT, hdr, hdr + VT_PKT, tid);
	put_unaligned_le32(1, b + 20);		/* range count */
	put_unaligned_le32(count, b + 24);
	put_unaligned_le32(off, b + 28);
	for (i = 0; i < n; i++)
		put_unaligned_le64(gfns[i], b + 32 + 8 * i);
	memcpy(b + hdr, pkt, VT_PKT);
	*len = hdr + VT_PKT;
	return b;
}

void vt_gpa(struct kunit *test, struct vt_fx *fx, u64 tid, const u8 *pkt, u32 count,
	    u32 off, const u64 *gfns, unsigned int n)
{
	u32 len;
	u8 *b = vt_build_gpa(test, tid, pkt, count, off, gfns, n, &len);

	vt_queue(test, fx, b, len);
}

/* The buffer in guest pages @first, @first + 1, ... (wrapping round). */
void vt_gpa_pages(struct kunit *test, struct vt_fx *fx, u64 tid, const u8 *pkt,
		  u32 count, u32 off, unsigned int first)
{
	unsigned int i, n = DIV_ROUND_UP(off + count, PAGE_SIZE);
	u64 *gfns = kunit_kcalloc(test, n, sizeof(*gfns), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, gfns);
	for (i = 0; i < n; i++)
		gfns[i] = VT_GFN0 + (first + i) % VT_NPAGES;
	vt_gpa(test, fx, tid, pkt, count, off, gfns, n);
}

void vt_ctl(struct kunit *test, struct vt_fx *fx, u64 tid, u32 op, u16 version)
{
	u8 p[VT_PKT] = { };

	put_unaligned_le32(op, p + VT_OP);
	put_unaligned_le32(VP_VSTOR_FLAG_REQUEST_COMPLETION, p + VT_FLAGS);
	put_unaligned_le16(version, p + VT_VERSION);
	vt_inband(test, fx, tid, p);
}

/* An EXECUTE_SRB as storvsc fills it in, for LUN 0 (path 0, target 0). */
u8 *vt_srb(u8 *p, u8 data_in, u32 xfer, const u8 *cdb, u8 cdb_len)
{
	u32 flags = 0x08;	/* SRB_FLAGS_DISABLE_SYNCH_TRANSFER */

	if (data_in == VP_SRB_READ)
		flags |= VP_SRB_FLAGS_DATA_IN;
	else if (data_in == VP_SRB_WRITE)
		flags |= VP_SRB_FLAGS_DATA_OUT;
	memset(p, 0, VT_PKT);
	put_unaligned_le32(VP_VSTOR_EXECUTE_SRB, p + VT_OP);
	put_unaligned_le32(VP_VSTOR_FLAG_REQUEST_COMPLETION, p + VT_FLAGS);
	put_unaligned_le16(52, p + VT_SRB_LEN);
	p[VT_CDB_LEN] = cdb_len;
	p[VT_SENSE_LEN] = 20;
	p[VT_DATA_IN] = data_in;
	put_unaligned_le32(xfer, p + VT_XFER);
	memcpy(p + VT_CDB, cdb, cdb_len);
	put_unaligned_le32(flags, p + VT_SRB_FLAGS);
	put_unaligned_le32(60, p + VT_TIME_OUT);
	return p;
}

/* READ/WRITE(10) (@op 0x28/0x2a), SYNCHRONIZE CACHE(10) (0x35). */
u8 *vt_cdb10(u8 *cdb, u8 op, u32 lba, u16 n)
{
	memset(cdb, 0, 16);
	cdb[0] = op;
	put_unaligned_be32(lba, cdb + 2);
	put_unaligned_be16(n, cdb + 7);
	return cdb;
}

/* READ/WRITE(16) (0x88/0x8a), SYNCHRONIZE CACHE(16) (0x91), WRITE SAME(16). */
u8 *vt_cdb16(u8 *cdb, u8 op, u64 lba, u32 n)
{
	memset(cdb, 0, 16);
	cdb[0] = op;
	put_unaligned_be64(lba, cdb + 2);
	put_unaligned_be32(n, cdb + 10);
	return cdb;
}

/* An SRB on @n blocks at @lba with its buffer in consecutive guest pages. */
void vt_rw(struct kunit *test, struct vt_fx *fx, u64 tid, u8 op, u32 lba, u16 n,
	   u32 off, unsigned int page)
{
	u8 p[VT_PKT], cdb[16];

	vt_srb(p, op == 0x28 ? VP_SRB_READ : VP_SRB_WRITE, n * 512, vt_cdb10(cdb, op, lba, n), 10);
	vt_gpa_pages(test, fx, tid, p, n * 512, off, page);
}

void vt_tur(struct kunit *test, struct vt_fx *fx, u64 tid)
{
	u8 p[VT_PKT], cdb[6] = { };

	vt_inband(test, fx, tid, vt_srb(p, VP_SRB_NO_DATA, 0, cdb, sizeof(cdb)));
}

/* ---- Checking what the guest got ---- */

unsigned int vt_get(struct vp_vmbus_chan *ch, const unsigned int *field)
{
	unsigned long flags;
	unsigned int v;

	spin_lock_irqsave(&ch->lock, flags);
	v = *field;
	spin_unlock_irqrestore(&ch->lock, flags);
	return v;
}

void vt_wait(struct kunit *test, struct vt_fx *fx, unsigned int n)
{
	struct vp_vmbus_chan *ch = fx->cur;
	long left = wait_event_timeout(ch->wait, vt_get(ch, &ch->ncomp) >= n, VT_TIMEOUT);

	KUNIT_ASSERT_GT_MSG(test, left, 0L, "%u completions awaited", n);
}

/* How many ENUMERATE_BUS packets the guest got (in-band, no answer wanted). */
unsigned int vt_rescans(struct kunit *test, struct vt_fx *fx)
{
	struct vp_vmbus_chan *ch = fx->cur;
	unsigned int i, hits = 0, n = min_t(unsigned int, vt_get(ch, &ch->ncomp), VT_MAX_LOG);

	for (i = 0; i < n; i++) {
		const struct vt_comp *c = &ch->log[i];

		if (c->type != VP_PKT_DATA_INBAND)
			continue;
		KUNIT_EXPECT_EQ(test, c->trans_id, 0ULL);
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(c->pkt + VT_OP), VP_VSTOR_ENUMERATE_BUS);
		hits++;
	}
	return hits;
}

void vt_clear_log(struct vt_fx *fx)
{
	spin_lock_irq(&fx->cur->lock);
	fx->cur->ncomp = 0;
	fx->cur->refused = 0;
	fx->cur->polls = 0;
	spin_unlock_irq(&fx->cur->lock);
}

void vt_set_full(struct vt_fx *fx, bool full)
{
	spin_lock_irq(&fx->cur->lock);
	fx->cur->full = full;
	spin_unlock_irq(&fx->cur->lock);
}

/* The one completion of @tid: a 64-byte COMPLETE_IO. */
const u8 *vt_reply(struct kunit *test, struct vt_fx *fx, u64 tid)
{
	struct vp_vmbus_chan *ch = fx->cur;
	unsigned int i, n = min_t(unsigned int, vt_get(ch, &ch->ncomp), VT_MAX_LOG);
	const struct vt_comp *hit = NULL;
	unsigned int hits = 0;

	for (i = 0; i < n; i++) {
		if (ch->log[i].type == VP_PKT_COMP && ch->log[i].trans_id == tid) {
			hit = &ch->log[i];
			hits++;
		}
	}
	KUNIT_ASSERT_EQ_MSG(test, hits, 1U, "completions of trans_id %#llx", tid);
	KUNIT_EXPECT_EQ(test, hit->len, VT_PKT);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(hit->pkt + VT_OP), VP_VSTOR_COMPLETE_IO);
	return hit->pkt;
}

const u8 *vt_done(struct kunit *test, struct vt_fx *fx, u64 tid, u8 srb_status,
		  u8 scsi_status, u32 xfer)
{
	const u8 *r = vt_reply(test, fx, tid);

	KUNIT_EXPECT_EQ_MSG(test, get_unaligned_le32(r + VT_STATUS), 0U, "tid %#llx", tid);
	KUNIT_EXPECT_EQ_MSG(test, r[VT_SRB_STATUS], srb_status, "tid %#llx", tid);
	KUNIT_EXPECT_EQ_MSG(test, r[VT_SCSI_STATUS], scsi_status, "tid %#llx", tid);
	if (xfer != VT_ANY)
		KUNIT_EXPECT_EQ_MSG(test, get_unaligned_le32(r + VT_XFER), xfer, "tid %#llx", tid);
	return r;
}

/* GOOD and the whole buffer moved. */
void vt_good(struct kunit *test, struct vt_fx *fx, u64 tid, u32 xfer)
{
	const u8 *r = vt_done(test, fx, tid, VP_SRB_SUCCESS, VP_SAM_GOOD, xfer);

	KUNIT_EXPECT_EQ(test, r[VT_SENSE_LEN], 0);
}

/* Refused as a malformed request: no SCSI status, no sense, no data. */
void vt_invalid(struct kunit *test, struct vt_fx *fx, u64 tid)
{
	const u8 *r = vt_done(test, fx, tid, VP_SRB_INVALID_REQUEST, VP_SAM_GOOD, 0);

	KUNIT_EXPECT_EQ(test, r[VT_SENSE_LEN], 0);
}

/* CHECK CONDITION with fixed-format sense @key / @asc (ASCQ 0), autosense. */
void vt_sense(struct kunit *test, struct vt_fx *fx, u64 tid, u8 key, u8 asc, u8 room)
{
	const u8 *r = vt_done(test, fx, tid, VP_SRB_ERROR | VP_SRB_AUTOSENSE_VALID,
			      VP_SAM_CHECK_CONDITION, 0);
	const u8 *sense = r + VT_CDB;
	u8 n = min_t(u8, room, 18);

	KUNIT_EXPECT_EQ(test, r[VT_SENSE_LEN], n);
	KUNIT_EXPECT_EQ(test, sense[0], 0x70);
	if (n > 13) {
		KUNIT_EXPECT_EQ(test, sense[2], key);
		KUNIT_EXPECT_EQ(test, sense[7], 10);
		KUNIT_EXPECT_EQ(test, sense[12], asc);
		KUNIT_EXPECT_EQ(test, sense[13], 0);
	}
	/* Nothing past what the guest has room for, nor of the request's CDB. */
	KUNIT_EXPECT_NULL(test, memchr_inv(sense + n, 0, 20 - n));
}

void vt_expect_unpinned(struct kunit *test, struct vt_fx *fx)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, atomic_read(&vt_pinned), 0);
	for (i = 0; i < VT_NPAGES; i++)
		KUNIT_EXPECT_EQ_MSG(test, page_ref_count(fx->dev.pages[i]), 1, "guest page %u", i);
}

bool vt_unsent_is(struct vp_stor_q *q, unsigned int n)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&q->lock, flags);
	ret = q->nunsent == n && q->inflight == n;
	spin_unlock_irqrestore(&q->lock, flags);
	return ret;
}

/* Until every request in flight is a completion parked on @q->unsent. */
void vt_wait_parked(struct kunit *test, struct vp_stor_q *q, unsigned int n)
{
	unsigned long end = jiffies + VT_TIMEOUT;

	while (!vt_unsent_is(q, n) && time_before(jiffies, end))
		msleep(20);
	KUNIT_ASSERT_TRUE(test, vt_unsent_is(q, n));
}

void vt_file_rw(struct kunit *test, struct vt_fx *fx, bool write, loff_t pos,
		void *buf, size_t len)
{
	ssize_t ret = write ? kernel_write(fx->file, buf, len, &pos) :
		      kernel_read(fx->file, buf, len, &pos);

	KUNIT_ASSERT_EQ(test, ret, (ssize_t)len);
}

void vt_fill(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (i * 13 + seed) ^ (i >> 9);
}

/* storvsc's init sequence, answered with success; the log is cleared after. */
void vt_ready(struct kunit *test, struct vt_fx *fx)
{
	unsigned int i;

	vt_ctl(test, fx, VP_VSTOR_TRANS_INIT, VP_VSTOR_BEGIN_INIT, 0);
	vt_ctl(test, fx, VP_VSTOR_TRANS_INIT, VP_VSTOR_QUERY_PROTOCOL_VERSION, 0x0602);
	vt_ctl(test, fx, VP_VSTOR_TRANS_INIT, VP_VSTOR_QUERY_PROPERTIES, 0);
	vt_ctl(test, fx, VP_VSTOR_TRANS_INIT, VP_VSTOR_END_INIT, 0);
	KUNIT_EXPECT_FALSE(test, vp_stor_packets(&fx->ch));
	/* Control packets are answered before the reader goes on. */
	KUNIT_ASSERT_EQ(test, vt_get(&fx->ch, &fx->ch.ncomp), 4U);
	for (i = 0; i < 4; i++) {
		const struct vt_comp *c = &fx->ch.log[i];

		KUNIT_EXPECT_EQ(test, c->trans_id, VP_VSTOR_TRANS_INIT);
		KUNIT_EXPECT_EQ(test, c->len, VT_PKT);
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(c->pkt + VT_OP), VP_VSTOR_COMPLETE_IO);
		KUNIT_EXPECT_EQ_MSG(test, get_unaligned_le32(c->pkt + VT_STATUS), 0U, "step %u", i);
	}
	vt_clear_log(fx);
}

/* ---- Fixture ---- */

/* A controller as vp_stor_add() and vp_stor_open() leave it, on a 4 MiB file. */
int vt_init(struct kunit *test)
{
	struct vt_fx *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	struct vp_stor *s;
	unsigned int i;
	int ret;

	if (!fx)
		return -ENOMEM;
	test->priv = fx;
	fx->ch.dev = &fx->dev;
	INIT_LIST_HEAD(&fx->ch.in);
	spin_lock_init(&fx->ch.lock);
	init_waitqueue_head(&fx->ch.wait);
	fx->sub.dev = &fx->dev;
	fx->sub.index = 1;
	INIT_LIST_HEAD(&fx->sub.in);
	spin_lock_init(&fx->sub.lock);
	init_waitqueue_head(&fx->sub.wait);
	fx->cur = &fx->ch;
	atomic_set(&vt_pinned, 0);
	for (i = 0; i < VT_NPAGES; i++) {
		fx->dev.pages[i] = alloc_page(GFP_KERNEL);
		if (!fx->dev.pages[i])
			return -ENOMEM;
	}
	fx->ram = vmap(fx->dev.pages, VT_NPAGES, VM_MAP, PAGE_KERNEL);
	if (!fx->ram)
		return -ENOMEM;
	memset(fx->ram, VT_POISON, VT_RAM);
	fx->file = shmem_file_setup("vpart-vstor-test", VT_DISK, VM_NORESERVE);
	if (IS_ERR(fx->file)) {
		ret = PTR_ERR(fx->file);
		fx->file = NULL;
		return ret;
	}
	ret = vp_stor_backend_init();
	if (ret)
		return ret;
	fx->wq = true;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	fx->s = s;
	vp_stor_init(s, &fx->dev);
	strscpy(s->disk.serial, "VSTOR0001", sizeof(s->disk.serial));
	ret = vp_stor_backing_open(s, get_file(fx->file), false);
	if (ret)
		return ret;
	vp_stor_attach(s);
	fx->dev.priv = s;
	ret = vp_stor_open(&fx->ch);
	if (ret)
		return ret;
	fx->q = fx->ch.priv;
	return 0;
}

void vt_exit(struct kunit *test)
{
	struct vt_fx *fx = test->priv;
	struct vt_pkt *p, *tmp;
	unsigned int i;

	if (!fx)
		return;
	/* @close; then no worker is left that could still touch @s. */
	if (fx->sub.priv)
		vp_stor_close(&fx->sub);
	if (fx->q)
		vp_stor_close(&fx->ch);
	if (fx->wq)
		vp_stor_backend_exit();
	if (fx->s) {
		vt_expect_unpinned(test, fx);
		vp_stor_backing_close(fx->s);
		kfree(fx->s);
	}
	if (fx->file)
		fput(fx->file);
	if (fx->ram)
		vunmap(fx->ram);
	for (i = 0; i < VT_NPAGES; i++)
		if (fx->dev.pages[i])
			__free_page(fx->dev.pages[i]);
	list_for_each_entry_safe(p, tmp, &fx->ch.in, node)
		kfree(p);
	list_for_each_entry_safe(p, tmp, &fx->sub.in, node)
		kfree(p);
}
