// SPDX-License-Identifier: GPL-2.0
/*
 * vpart_storvsp_bench.ko: requests per second through the storage VSP
 * against the same block device driven directly, in one run.
 *
 * A test VSC stands in for the guest: a fake channel whose ring always
 * holds the next READ(10) or WRITE(10) of 4 KiB (GPA-direct, one guest
 * page) that storvsc would send, and which counts the completions. The VSP
 * (vstor.c and backend.c, compiled in here so their vp_vmbus_*() calls land
 * on the fake) maps each onto a bio of the backing, as for a guest. The
 * direct side submits the same bios from here. Both keep @depth requests
 * in flight. Made for null_blk (/dev/nullb0), where the device costs next
 * to nothing and the difference is the VSP's path.
 *
 * Loading runs the benchmark and prints one line "VPART-BENCH {json}"; the
 * module then stays loaded doing nothing until removed.
 */
#include "../vstor.c"
#include "../backend.c"

#include <linux/blkdev.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <asm/unaligned.h>

static char *path = "/dev/nullb0";
module_param(path, charp, 0444);
MODULE_PARM_DESC(path, "block device to read and write (null_blk)");
static unsigned int nreq = 20000;
module_param(nreq, uint, 0444);
MODULE_PARM_DESC(nreq, "requests per measurement");
static unsigned int depth = 32;
module_param(depth, uint, 0444);
MODULE_PARM_DESC(depth, "requests in flight");

#define VB_GFN		0x1000ULL	/* the guest page every request uses */
#define VB_BLOCKS	8		/* 4 KiB in 512-byte blocks */
#define VB_PKT_LEN	(32 + 8 + 64)	/* descriptor and range, one PFN, vstor packet */

/* ---- the test VSC: a fake channel ---- */

struct vp_vmbus_dev {
	void *priv;
	struct page *page;
};

struct vp_vmbus_chan {
	struct vp_vmbus_dev *dev;
	void *priv;
	u8 pkt[VB_PKT_LEN] __aligned(8);	/* the next request */
	u64 lba, nblocks;			/* where it goes, and wraps */
	spinlock_t lock;			/* the fields below */
	unsigned int ring;			/* requests in the ring, unread */
	u8 last[64];				/* the last completion */
	atomic_t done, bad;
	wait_queue_head_t wait;
};

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
	return 1;
}

u16 vp_vmbus_chan_index(struct vp_vmbus_chan *ch)
{
	return 0;
}

void *vp_vmbus_chan_priv(struct vp_vmbus_chan *ch)
{
	return ch->priv;
}

void vp_vmbus_chan_set_priv(struct vp_vmbus_chan *ch, void *priv)
{
	ch->priv = priv;
}

int vp_vmbus_dev_request_subchannels(struct vp_vmbus_chan *primary, unsigned int n)
{
	return -EINVAL;
}

/* Reading from a ring is one copy of the packet: so is this. */
int vp_vmbus_recv(struct vp_vmbus_chan *ch, void *buf, u32 buflen, struct vp_pktdesc *desc)
{
	unsigned long flags;
	u64 lba;

	spin_lock_irqsave(&ch->lock, flags);
	if (!ch->ring) {
		spin_unlock_irqrestore(&ch->lock, flags);
		return -EAGAIN;
	}
	ch->ring--;
	lba = ch->lba;
	ch->lba = (ch->lba + VB_BLOCKS) % ch->nblocks;
	spin_unlock_irqrestore(&ch->lock, flags);
	put_unaligned_be32(lba, ch->pkt + 32 + 8 + 28 + 2);
	memcpy(buf, ch->pkt, VB_PKT_LEN);
	if (desc)
		memcpy(desc, buf, sizeof(*desc));
	return VB_PKT_LEN;
}

/* The bench never detaches its disk, so nothing but completions is sent. */
int vp_vmbus_send(struct vp_vmbus_chan *ch, u16 type, u16 flags, u64 trans_id,
		  const void *payload, u32 len)
{
	return -EPIPE;
}

/* Writing to a ring is one copy of the answer. */
int vp_vmbus_send_completion(struct vp_vmbus_chan *ch, u64 trans_id, const void *payload,
			     u32 len)
{
	const struct vp_vstor_packet *p = payload;
	unsigned long flags;

	spin_lock_irqsave(&ch->lock, flags);
	memcpy(ch->last, payload, min_t(u32, len, sizeof(ch->last)));
	spin_unlock_irqrestore(&ch->lock, flags);
	if (len != sizeof(*p) || p->srb.srb_status != VP_SRB_SUCCESS)
		atomic_inc(&ch->bad);
	atomic_inc(&ch->done);
	wake_up(&ch->wait);
	return 0;
}

void vp_vmbus_chan_poll(struct vp_vmbus_chan *ch)
{
	wake_up(&ch->wait);
}

int vp_vmbus_pin(struct vp_vmbus_dev *dev, const u64 *gfns, unsigned int n,
		 struct page **pages)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (gfns[i] != VB_GFN)
			return -EFAULT;
	for (i = 0; i < n; i++) {
		pages[i] = dev->page;
		get_page(pages[i]);
	}
	return 0;
}

void vp_vmbus_unpin(struct page **pages, unsigned int n)
{
	while (n--)
		put_page(pages[n]);
}

/* storvsc's EXECUTE_SRB of @op (0x28 READ(10), 0x2a WRITE(10)), 4 KiB. */
static void vb_build(struct vp_vmbus_chan *ch, u8 op)
{
	u8 *b = ch->pkt, *p = b + 40;

	memset(b, 0, sizeof(ch->pkt));
	put_unaligned_le16(VP_PKT_DATA_USING_GPA_DIRECT, b);
	put_unaligned_le16(40 / 8, b + 2);
	put_unaligned_le16(VB_PKT_LEN / 8, b + 4);
	put_unaligned_le16(VP_PKT_FLAG_COMPLETION_REQUESTED, b + 6);
	put_unaligned_le32(1, b + 20);			/* one range */
	put_unaligned_le32(VB_BLOCKS * 512, b + 24);	/* byte count, offset 0 */
	put_unaligned_le64(VB_GFN, b + 32);
	put_unaligned_le32(VP_VSTOR_EXECUTE_SRB, p);
	put_unaligned_le32(VP_VSTOR_FLAG_REQUEST_COMPLETION, p + 4);
	put_unaligned_le16(52, p + 12);
	p[20] = 10;					/* CDB length */
	p[21] = 20;					/* sense room */
	p[22] = op == 0x28 ? VP_SRB_READ : VP_SRB_WRITE;
	put_unaligned_le32(VB_BLOCKS * 512, p + 24);
	p[28] = op;
	put_unaligned_be16(VB_BLOCKS, p + 28 + 7);
	put_unaligned_le32(op == 0x28 ? VP_SRB_FLAGS_DATA_IN : VP_SRB_FLAGS_DATA_OUT, p + 52);
}

/* @nreq requests of @op through the VSP; nanoseconds, or < 0. */
static s64 vb_vsp(struct vp_vmbus_chan *ch, u8 op)
{
	unsigned int issued = 0;
	ktime_t t0;

	vb_build(ch, op);
	atomic_set(&ch->done, 0);
	t0 = ktime_get();
	while (atomic_read(&ch->done) < nreq) {
		unsigned int more = min(depth - (issued - atomic_read(&ch->done)), nreq - issued);

		spin_lock_irq(&ch->lock);
		ch->ring += more;
		spin_unlock_irq(&ch->lock);
		issued += more;
		/* The guest's signal: the channel's reader runs. */
		vp_stor_packets(ch);
		if (!wait_event_timeout(ch->wait, issued - atomic_read(&ch->done) < depth ||
					atomic_read(&ch->done) == nreq, 10 * HZ))
			return -ETIMEDOUT;
	}
	return ktime_to_ns(ktime_sub(ktime_get(), t0));
}

/* ---- the same bios, straight to the device ---- */

struct vb_direct {
	atomic_t done, bad;
	wait_queue_head_t wait;
};

static void vb_end_io(struct bio *bio)
{
	struct vb_direct *d = bio->bi_private;

	if (bio->bi_status)
		atomic_inc(&d->bad);
	bio_put(bio);
	atomic_inc(&d->done);
	wake_up(&d->wait);
}

static s64 vb_direct(struct block_device *bdev, struct page *page, u8 op, u64 nblocks,
		     unsigned int *bad)
{
	struct vb_direct d = { .done = ATOMIC_INIT(0), .bad = ATOMIC_INIT(0) };
	blk_opf_t opf = REQ_SYNC | (op == 0x28 ? REQ_OP_READ : REQ_OP_WRITE);
	unsigned int issued;
	u64 lba = 0;
	ktime_t t0;

	init_waitqueue_head(&d.wait);
	t0 = ktime_get();
	for (issued = 0; issued < nreq; issued++) {
		struct bio *bio;

		if (!wait_event_timeout(d.wait, issued - atomic_read(&d.done) < depth, 10 * HZ))
			return -ETIMEDOUT;
		bio = bio_alloc(bdev, 1, opf, GFP_NOIO);
		bio->bi_iter.bi_sector = lba;
		bio->bi_private = &d;
		bio->bi_end_io = vb_end_io;
		__bio_add_page(bio, page, VB_BLOCKS * 512, 0);
		submit_bio(bio);
		lba = (lba + VB_BLOCKS) % nblocks;
	}
	if (!wait_event_timeout(d.wait, atomic_read(&d.done) == nreq, 10 * HZ))
		return -ETIMEDOUT;
	*bad = atomic_read(&d.bad);
	return ktime_to_ns(ktime_sub(ktime_get(), t0));
}

static u64 vb_rate(s64 ns)
{
	return ns > 0 ? div64_u64((u64)nreq * NSEC_PER_SEC, ns) : 0;
}

static int vb_run(struct vp_stor *s, struct vp_vmbus_chan *ch, struct vp_vmbus_dev *dev)
{
	s64 vr, vw, dr, dw;
	unsigned int dbad = 0, dbad2 = 0;

	ch->nblocks = round_down(s->disk.nblocks, VB_BLOCKS);
	if (ch->nblocks < VB_BLOCKS || !s->b.bdev)
		return -EINVAL;
	vr = vb_vsp(ch, 0x28);
	vw = vb_vsp(ch, 0x2a);
	dr = vb_direct(s->b.bdev, dev->page, 0x28, ch->nblocks, &dbad);
	dw = vb_direct(s->b.bdev, dev->page, 0x2a, ch->nblocks, &dbad2);
	if (vr < 0 || vw < 0 || dr < 0 || dw < 0 || atomic_read(&ch->bad) || dbad || dbad2) {
		pr_err("benchmark failed: %lld %lld %lld %lld ns, %d+%u+%u errors\n",
		       vr, vw, dr, dw, atomic_read(&ch->bad), dbad, dbad2);
		return -EIO;
	}
	pr_info("VPART-BENCH {\"device\": \"%s\", \"requests\": %u, \"depth\": %u, \"bytes\": 4096, \"vsp_read_rps\": %llu, \"vsp_write_rps\": %llu, \"direct_read_rps\": %llu, \"direct_write_rps\": %llu}\n",
		path, nreq, depth, vb_rate(vr), vb_rate(vw), vb_rate(dr), vb_rate(dw));
	return 0;
}

static int __init vb_init(void)
{
	struct vp_vmbus_dev dev = { };
	struct vp_vmbus_chan ch = { .dev = &dev };
	struct vp_stor *s;
	struct file *f;
	int ret;

	if (!nreq || !depth || depth > VP_STOR_MAX_INFLIGHT)
		return -EINVAL;
	spin_lock_init(&ch.lock);
	init_waitqueue_head(&ch.wait);
	dev.page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	ret = -ENOMEM;
	if (!dev.page || !s)
		goto out;
	ret = vp_stor_backend_init();
	if (ret)
		goto out;
	f = filp_open(path, O_RDWR | O_LARGEFILE, 0);
	if (IS_ERR(f)) {
		ret = PTR_ERR(f);
		pr_err("%s: %d\n", path, ret);
		goto out_wq;
	}
	vp_stor_init(s, &dev);
	dev.priv = s;
	ret = vp_stor_backing_open(s, f, false);
	if (ret)
		goto out_wq;
	vp_stor_attach(s);
	ret = vp_stor_open(&ch);
	if (!ret) {
		/* As after storvsc's init sequence. */
		s->proto = VP_VSTOR_PROTO_WIN10;
		s->ready = true;
		ret = vb_run(s, &ch, &dev);
		vp_stor_close(&ch);
	}
	vp_stor_backing_close(s);
out_wq:
	vp_stor_backend_exit();
out:
	kfree(s);
	if (dev.page)
		__free_page(dev.page);
	return ret;
}

static void __exit vb_exit(void)
{
}

module_init(vb_init);
module_exit(vb_exit);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("vpart: storage VSP requests per second against the block device directly");
MODULE_LICENSE("GPL");
