// SPDX-License-Identifier: GPL-2.0
/*
 * Backings of a controller's disk. A block device gets bios built straight
 * on the guest's pages; a regular file gets kiocbs on the same pages
 * through its own read_iter/write_iter, with IOCB_DIRECT when it was opened
 * O_DIRECT (the launcher tries that first) so nothing is cached twice.
 * Flush and discard are synchronous calls and run on a workqueue, as does
 * file I/O (buffered I/O may sleep; direct I/O completes asynchronously).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/falloc.h>
#include <linux/file.h>
#include <linux/log2.h>
#include <linux/uio.h>
#include "storvsp.h"

static struct workqueue_struct *vp_stor_wq;
static struct kmem_cache *vp_stor_req_cache;

/* Largest UNMAP / WRITE SAME range: 1 GiB of 512-byte blocks. */
#define VP_STOR_MAX_UNMAP	(1U << 21)

/* Takes over the caller's reference to @f, also on failure. */
int vp_stor_backing_open(struct vp_stor *s, struct file *f, bool ro)
{
	struct vp_scsi_disk *d = &s->disk;
	struct inode *inode = file_inode(f);
	u64 bytes;

	/*
	 * The guest reads through the file's own methods, past the VFS checks:
	 * the caller must have been allowed to read it. An append-only file
	 * cannot be a disk (the guest writes anywhere).
	 */
	if (!(f->f_mode & FMODE_READ) || (f->f_flags & O_APPEND))
		goto bad;

	if (S_ISBLK(inode->i_mode)) {
		struct block_device *bdev = I_BDEV(f->f_mapping->host);
		unsigned int lbs = bdev_logical_block_size(bdev);

		if (lbs != 512 && lbs != 4096)
			goto bad;
		s->b.bdev = bdev;
		d->block_shift = ilog2(lbs);
		bytes = bdev_nr_bytes(bdev);
		d->discard = bdev_max_discard_sectors(bdev) > 0;
		d->discard_zeroes = false;
	} else if (S_ISREG(inode->i_mode)) {
		d->block_shift = 9;
		bytes = i_size_read(inode);
		s->b.direct = f->f_flags & O_DIRECT;
		/* Holes read back as zeros: punching one is a discard. */
		d->discard = f->f_op->fallocate;
		d->discard_zeroes = d->discard;
	} else {
		goto bad;
	}
	d->nblocks = bytes >> d->block_shift;
	if (!d->nblocks)
		goto bad;
	/* The file's own rights decide: a read-only open is a read-only disk. */
	d->ro = ro || !(f->f_mode & FMODE_WRITE);
	if (d->ro)
		d->discard = false;
	/*
	 * Write-through (no volatile cache, every write FUA): a write the
	 * guest saw complete is on the backing when the disk is removed or
	 * the VM killed, whether the guest flushed or not.
	 */
	d->wce = false;
	d->fua = true;
	d->max_xfer_blocks = VP_STOR_MAX_XFER >> d->block_shift;
	d->max_unmap_blocks = VP_STOR_MAX_UNMAP >> (d->block_shift - 9);
	s->b.file = f;
	return 0;
bad:
	fput(f);
	return -EINVAL;
}

void vp_stor_backing_close(struct vp_stor *s)
{
	if (s->b.file)
		fput(s->b.file);
	s->b.file = NULL;
	s->b.bdev = NULL;
}

static void vp_stor_bio_end(struct bio *bio)
{
	struct vp_stor_req *req = bio->bi_private;
	int err = blk_status_to_errno(bio->bi_status);

	bio_put(bio);
	vp_stor_complete(req, err);
}

static void vp_stor_bio(struct vp_stor_req *req)
{
	struct block_device *bdev = req->s->b.bdev;
	blk_opf_t opf = REQ_SYNC;
	struct bio *bio;
	unsigned int i;

	/* The block layer needs sector-aligned pieces; storvsc sends them. */
	if ((req->pos | req->len | req->bvec[0].bv_offset) & (bdev_logical_block_size(bdev) - 1)) {
		vp_stor_complete(req, -EINVAL);
		return;
	}
	if (req->action == VP_SCSI_READ)
		opf |= REQ_OP_READ;
	else
		opf |= REQ_OP_WRITE | (req->fua ? REQ_FUA : 0);
	bio = bio_alloc(bdev, req->npages, opf, GFP_NOIO);
	bio->bi_iter.bi_sector = req->pos >> SECTOR_SHIFT;
	bio->bi_private = req;
	bio->bi_end_io = vp_stor_bio_end;
	for (i = 0; i < req->npages; i++) {
		struct bio_vec *bv = &req->bvec[i];

		if (bio_add_page(bio, bv->bv_page, bv->bv_len, bv->bv_offset) != bv->bv_len) {
			bio_put(bio);
			vp_stor_complete(req, -EIO);
			return;
		}
	}
	submit_bio(bio);
}

static void vp_stor_file_done(struct kiocb *iocb, long ret)
{
	struct vp_stor_req *req = container_of(iocb, struct vp_stor_req, iocb);

	vp_stor_complete(req, ret == req->len ? 0 : ret < 0 ? (int)ret : -EIO);
}

static ssize_t vp_stor_file_rw(struct vp_stor_req *req, bool direct)
{
	struct file *f = req->s->b.file;
	bool write = req->action == VP_SCSI_WRITE;
	struct iov_iter it;

	iov_iter_bvec(&it, write ? ITER_SOURCE : ITER_DEST, req->bvec, req->npages, req->len);
	/* The file's own flags (O_DSYNC...), as a read()/write() would get. */
	init_sync_kiocb(&req->iocb, f);
	req->iocb.ki_flags &= ~IOCB_DIRECT;
	req->iocb.ki_pos = req->pos;
	if (direct) {
		req->iocb.ki_flags |= IOCB_DIRECT;
		req->iocb.ki_complete = vp_stor_file_done;
	}
	if (write && req->fua)
		req->iocb.ki_flags |= IOCB_DSYNC;
	return write ? call_write_iter(f, &req->iocb, &it) : call_read_iter(f, &req->iocb, &it);
}

static void vp_stor_work(struct work_struct *work)
{
	struct vp_stor_req *req = container_of(work, struct vp_stor_req, work);
	struct vp_stor *s = req->s;
	struct block_device *bdev = s->b.bdev;
	struct file *f = s->b.file;
	unsigned int shift = s->disk.block_shift;
	int err = 0;
	ssize_t ret;
	u32 i;

	switch (req->action) {
	case VP_SCSI_READ:
	case VP_SCSI_WRITE:
		ret = vp_stor_file_rw(req, s->b.direct);
		if (ret == -EIOCBQUEUED)
			return;
		/* Direct I/O refuses misaligned pieces: do those buffered. */
		if (ret == -EINVAL && s->b.direct)
			ret = vp_stor_file_rw(req, false);
		vp_stor_complete(req, ret == req->len ? 0 : ret < 0 ? (int)ret : -EIO);
		return;
	case VP_SCSI_FLUSH:
		err = bdev ? blkdev_issue_flush(bdev) : vfs_fsync(f, 0);
		break;
	case VP_SCSI_DISCARD:
	case VP_SCSI_UNMAP:
		for (i = 0; i < req->nr_ext && !err; i++) {
			u64 lba = req->ext[i].lba, n = req->ext[i].nblocks;

			if (bdev)
				err = blkdev_issue_discard(bdev, lba << (shift - 9),
							   n << (shift - 9), GFP_KERNEL);
			else
				err = vfs_fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
						    lba << shift, n << shift);
		}
		/*
		 * Discard is a hint a block device may drop; a file promised
		 * zeros (LBPRZ), so there it is an error.
		 */
		if (err == -EOPNOTSUPP && bdev)
			err = 0;
		break;
	default:
		err = -EINVAL;
	}
	vp_stor_complete(req, err);
}

/* Start a request's I/O; it completes through vp_stor_complete(). */
void vp_stor_submit(struct vp_stor_req *req)
{
	if (req->s->b.bdev && (req->action == VP_SCSI_READ || req->action == VP_SCSI_WRITE)) {
		vp_stor_bio(req);
		return;
	}
	INIT_WORK(&req->work, vp_stor_work);
	queue_work(vp_stor_wq, &req->work);
}

/* Requests: ~4 KiB each, one per guest command; a cache of their own. */
struct vp_stor_req *vp_stor_req_alloc(void)
{
	struct vp_stor_req *req = kmem_cache_alloc(vp_stor_req_cache, GFP_KERNEL);

	/* The page and extent arrays are filled as far as they are used. */
	if (req)
		memset(req, 0, offsetof(struct vp_stor_req, ext));
	return req;
}

void vp_stor_req_free(struct vp_stor_req *req)
{
	kmem_cache_free(vp_stor_req_cache, req);
}

int vp_stor_backend_init(void)
{
	/* Named after the module: the test and bench modules have one too. */
	vp_stor_req_cache = kmem_cache_create(KBUILD_MODNAME "_req", sizeof(struct vp_stor_req),
					      __alignof__(struct vp_stor_req), 0, NULL);
	if (!vp_stor_req_cache)
		return -ENOMEM;
	vp_stor_wq = alloc_workqueue("vpart_storvsp", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!vp_stor_wq) {
		kmem_cache_destroy(vp_stor_req_cache);
		return -ENOMEM;
	}
	return 0;
}

void vp_stor_backend_exit(void)
{
	destroy_workqueue(vp_stor_wq);
	kmem_cache_destroy(vp_stor_req_cache);
}
