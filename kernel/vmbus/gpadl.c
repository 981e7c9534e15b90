// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs: guest buffers described page by page in a GPADL_HEADER and as
 * many GPADL_BODY messages as it takes (vmbus-host-facts 3.5). Once all
 * PFNs are in, every page is looked up in the partition's RAM and held by
 * a reference until teardown, so a ring or buffer never points at a page
 * the guest no longer owns. Sizes and counts are capped per partition; a
 * GPADL's pages count against the cap from its header on, so GPADLs left
 * half-described cannot eat host memory either.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <vpart/compat.h>
#include "vmbus_internal.h"

/* A GPADL a class mapped (vp_vmbus_buf_map()), on its channel's list. */
struct vp_chan_buf {
	struct list_head node;
	struct vp_gpadl *g;
	void *va;
};

struct vp_gpadl *vp_gpadl_find(struct vp_vmbus_server *srv, u32 handle)
{
	struct vp_gpadl *g;

	list_for_each_entry(g, &srv->gpadls, node)
		if (g->handle == handle)
			return g;
	return NULL;
}

static void vp_gpadl_free(struct vp_vmbus_server *srv, struct vp_gpadl *g)
{
	unsigned int i;

	if (g->complete)
		for (i = 0; i < g->npages; i++)
			put_page(g->pages[i]);
	srv->pinned -= g->npages;
	list_del(&g->node);
	srv->ngpadls--;
	kvfree(g->pages);
	kvfree(g->gfns);
	kfree(g);
}

static void vp_gpadl_created(struct vp_vmbus_server *srv, u32 relid, u32 handle, u32 status)
{
	struct vp_chmsg_gpadl_created r = {
		.hdr.msgtype = VP_CHMSG_GPADL_CREATED,
		.child_relid = relid,
		.gpadl = handle,
		.status = status,
	};

	vp_vmbus_queue(srv, &r, sizeof(r));
}

static void vp_gpadl_torndown(struct vp_vmbus_server *srv, u32 handle)
{
	struct vp_chmsg_gpadl_torndown r = {
		.hdr.msgtype = VP_CHMSG_GPADL_TORNDOWN,
		.gpadl = handle,
	};

	vp_vmbus_queue(srv, &r, sizeof(r));
}

/* All PFNs are in: take the pages, or fail the GPADL. */
static void vp_gpadl_complete(struct vp_vmbus_server *srv, struct vp_gpadl *g)
{
	u32 relid = g->relid, handle = g->handle;

	if (srv->port->get_pages(srv->hv, g->gfns, g->npages, g->pages)) {
		pr_warn_ratelimited("GPADL %#x: %u pages not usable guest RAM\n",
				    handle, g->npages);
		vp_gpadl_free(srv, g);
		vp_gpadl_created(srv, relid, handle, VP_VMBUS_STATUS_FAIL);
		return;
	}
	g->complete = true;
	kvfree(g->gfns);
	g->gfns = NULL;
	vp_gpadl_created(srv, relid, handle, 0);
}

void vp_gpadl_header(struct vp_vmbus_server *srv, const void *msg,
		     const struct vp_chmsg_info *in)
{
	const struct vp_chmsg_gpadl_header *h = msg;
	struct vp_gpadl *g;

	if (!h->child_relid || h->child_relid > VP_VMBUS_MAX_CHANNELS ||
	    !srv->chans[h->child_relid] || vp_gpadl_find(srv, h->gpadl) ||
	    in->total_pfns > VP_VMBUS_MAX_GPADL_PAGES ||
	    srv->pinned + in->total_pfns > VP_VMBUS_MAX_PINNED_PAGES ||
	    srv->ngpadls >= VP_VMBUS_MAX_GPADLS)
		goto fail;
	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		goto fail;
	g->gfns = kvmalloc_array(in->total_pfns, sizeof(u64), GFP_KERNEL_ACCOUNT);
	g->pages = kvmalloc_array(in->total_pfns, sizeof(struct page *),
				  GFP_KERNEL_ACCOUNT);
	if (!g->gfns || !g->pages) {
		kvfree(g->gfns);
		kvfree(g->pages);
		kfree(g);
		goto fail;
	}
	g->handle = h->gpadl;
	g->relid = h->child_relid;
	g->npages = in->total_pfns;
	g->byte_count = h->byte_count;
	g->byte_offset = h->byte_offset;
	/* PFNs are not 8-byte aligned inside the message. */
	memcpy(g->gfns, h->pfn, in->pfns * sizeof(u64));
	g->have = in->pfns;
	list_add_tail(&g->node, &srv->gpadls);
	srv->ngpadls++;
	srv->pinned += g->npages;
	if (g->have == g->npages)
		vp_gpadl_complete(srv, g);
	return;
fail:
	/* A handle in use already is not ours to fail: it stays as it is. */
	if (!vp_gpadl_find(srv, h->gpadl))
		vp_gpadl_created(srv, h->child_relid, h->gpadl, VP_VMBUS_STATUS_FAIL);
	else
		pr_warn_ratelimited("GPADL %#x: handle reused\n", h->gpadl);
}

void vp_gpadl_body(struct vp_vmbus_server *srv, const void *msg,
		   const struct vp_chmsg_info *in)
{
	const struct vp_chmsg_gpadl_body *b = msg;
	struct vp_gpadl *g = vp_gpadl_find(srv, b->gpadl);

	if (!g || g->complete) {
		pr_warn_ratelimited("GPADL body for %#x: no GPADL in assembly\n", b->gpadl);
		return;
	}
	if (in->pfns > g->npages - g->have) {
		u32 relid = g->relid;

		pr_warn_ratelimited("GPADL %#x: more PFNs than announced\n", b->gpadl);
		vp_gpadl_free(srv, g);
		vp_gpadl_created(srv, relid, b->gpadl, VP_VMBUS_STATUS_FAIL);
		return;
	}
	memcpy(g->gfns + g->have, b->pfn, in->pfns * sizeof(u64));
	g->have += in->pfns;
	if (g->have == g->npages)
		vp_gpadl_complete(srv, g);
}

void vp_gpadl_teardown(struct vp_vmbus_server *srv, const void *msg)
{
	const struct vp_chmsg_gpadl_teardown *t = msg;
	struct vp_gpadl *g = vp_gpadl_find(srv, t->gpadl);

	if (g && g->users) {
		/* Still under an open ring: answered when that closes. */
		g->torn = true;
		return;
	}
	if (g)
		vp_gpadl_free(srv, g);
	/* The guest waits for this without a time-out: always answer. */
	vp_gpadl_torndown(srv, t->gpadl);
}

/* An open ring lets go of its GPADL. */
void vp_gpadl_put(struct vp_vmbus_server *srv, struct vp_gpadl *g)
{
	if (WARN_ON_ONCE(!g->users) || --g->users || !g->torn)
		return;
	vp_gpadl_torndown(srv, g->handle);
	vp_gpadl_free(srv, g);
}

void vp_gpadl_free_all(struct vp_vmbus_server *srv)
{
	struct vp_gpadl *g, *tmp;

	list_for_each_entry_safe(g, tmp, &srv->gpadls, node) {
		WARN_ON_ONCE(g->users);
		vp_gpadl_free(srv, g);
	}
}

/*
 * The server's lock from @packets. Closing a channel holds it while it
 * waits for the reader to finish: a reader of a closing channel gives up
 * instead of waiting for it (close unmaps what the class mapped).
 */
static bool vp_chan_lock_srv(struct vp_vmbus_chan *ch)
{
	while (!mutex_trylock(&ch->srv->lock)) {
		if (READ_ONCE(ch->closing))
			return false;
		usleep_range(50, 200);
	}
	return true;
}

/**
 * vp_vmbus_buf_map() - map a guest buffer of the channel's device
 * @ch: an open channel, from its @packets
 * @gpadl: the handle the guest gave it
 * @len: receives its size in bytes
 *
 * Return: the mapping, or NULL.
 */
void *vp_vmbus_buf_map(struct vp_vmbus_chan *ch, u32 gpadl, u32 *len)
{
	struct vp_vmbus_server *srv = ch->srv;
	struct vp_chan_buf *b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	struct vp_gpadl *g;

	if (!b)
		return NULL;
	if (!vp_chan_lock_srv(ch)) {
		kfree(b);
		return NULL;
	}
	g = vp_gpadl_find(srv, gpadl);
	/* Whole pages from the start, as netvsc describes its buffers. */
	if (g && g->complete && !g->torn && g->relid == ch->dev->chan.relid && ch->open &&
	    !g->byte_offset && g->byte_count &&
	    g->byte_count <= (u64)g->npages * PAGE_SIZE)
		b->va = vmap(g->pages, g->npages, VM_MAP, PAGE_KERNEL);
	if (b->va) {
		b->g = g;
		g->users++;
		list_add(&b->node, &ch->bufs);
		*len = g->byte_count;
	}
	mutex_unlock(&srv->lock);
	if (!b->va) {
		kfree(b);
		return NULL;
	}
	return b->va;
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_buf_map, VP_NS_VMBUS);

static void vp_chan_buf_drop(struct vp_vmbus_chan *ch, struct vp_chan_buf *b)
{
	list_del(&b->node);
	vunmap(b->va);
	vp_gpadl_put(ch->srv, b->g);
	kfree(b);
}

void vp_vmbus_buf_unmap(struct vp_vmbus_chan *ch, void *va)
{
	struct vp_chan_buf *b;

	if (!vp_chan_lock_srv(ch))
		return;
	list_for_each_entry(b, &ch->bufs, node) {
		if (b->va == va) {
			vp_chan_buf_drop(ch, b);
			break;
		}
	}
	mutex_unlock(&ch->srv->lock);
}
EXPORT_SYMBOL_NS_GPL(vp_vmbus_buf_unmap, VP_NS_VMBUS);

/* The channel closed: its class is done with every buffer it mapped. */
void vp_chan_unmap_bufs(struct vp_vmbus_chan *ch)
{
	struct vp_chan_buf *b, *tmp;

	lockdep_assert_held(&ch->srv->lock);
	list_for_each_entry_safe(b, tmp, &ch->bufs, node)
		vp_chan_buf_drop(ch, b);
}
