// SPDX-License-Identifier: GPL-2.0
/*
 * SynIC: the message and event-flag pages a Hyper-V guest hands each of its
 * VPs, and the two hypercalls it talks to the host with. Messages and
 * events come from the VMBus host (any context); PostMessage and
 * SignalEvent go to it from the vCPU thread.
 *
 * The pages are guest RAM. While enabled each one is held by a page
 * reference, so the host writes it through the direct map without taking
 * the slots lock, from interrupt context too.
 *
 * Message slot protocol (vmbus-host-facts 1.6): the host fills a free slot
 * (type 0) and writes the type last; to a busy slot it sets msg_pending and
 * then looks again, because the guest may have freed the slot in between
 * without seeing the flag, and would then never write EOM.
 */
#include <linux/math64.h>
#include <linux/mm.h>
#include <asm/tsc.h>
#include <asm/trapnr.h>
#include <asm/vmx.h>
#include <vpart/compat.h>
#include <vpart/hv.h>
#include <vpart/hv_tlfs.h>
#include "vmx_ops.h"
#include "vp.h"

void vp_synic_init(struct vp_vcpu *v)
{
	spin_lock_init(&v->synic.lock);
}

static void vp_synic_swap(struct vp_vcpu *v, struct page **slot, struct page *pg)
{
	unsigned long flags;
	struct page *old;

	spin_lock_irqsave(&v->synic.lock, flags);
	old = *slot;
	*slot = pg;
	spin_unlock_irqrestore(&v->synic.lock, flags);
	if (old)
		put_page(old);
}

/* Drops the page references (vCPU reset and free). */
void vp_synic_reset(struct vp_vcpu *v)
{
	vp_synic_swap(v, &v->synic.simp, NULL);
	vp_synic_swap(v, &v->synic.siefp, NULL);
}

/*
 * SIMP or SIEFP write. A page that is not writable RAM keeps the MSR value
 * but gets nothing delivered (Hyper-V would overlay a page there).
 */
void vp_synic_set_page(struct vp_vcpu *v, bool simp, u64 val)
{
	struct page *pg = NULL;
	u64 gfn = val >> PAGE_SHIFT;

	if ((val & VP_HV_MSR_ENABLE) && vp_hv_get_guest_pages(v->p, &gfn, 1, &pg))
		pg = NULL;
	vp_synic_swap(v, simp ? &v->synic.simp : &v->synic.siefp, pg);
}

/* Raise SINT @sint: its vector as a fixed interrupt, if the guest allows. */
static void vp_synic_assert(struct vp_vcpu *v, u32 sint)
{
	u64 cfg = READ_ONCE(v->hv.sint[sint]);

	if (!(READ_ONCE(v->hv.scontrol) & VP_HV_MSR_ENABLE) || (cfg & VP_HV_SINT_MASKED))
		return;
	vp_lapic_deliver(v, cfg & 0xff);
}

/* Under rcu_read_lock(): VP @vp if its SynIC takes SINT @sint now. */
static struct vp_vcpu *vp_synic_target(struct vp_partition *p, u32 vp, u32 sint)
{
	struct vp_vcpu *v = rcu_dereference(p->vcpus[vp]);

	if (!v || !(READ_ONCE(v->hv.scontrol) & VP_HV_MSR_ENABLE) ||
	    (READ_ONCE(v->hv.sint[sint]) & VP_HV_SINT_MASKED))
		return NULL;
	return v;
}

/**
 * vp_hv_synic_post() - put a message into a VP's message slot for @sint
 * @p: partition
 * @vp: VP index
 * @sint: 0-15
 * @type: message type, not 0
 * @payload: message body
 * @len: its size, at most 240
 *
 * Return: 0 when delivered (and the SINT raised); -EAGAIN when the slot is
 * busy: msg_pending is set and the guest's EOM will be reported through
 * synic_changed; -ENXIO when the VP, its SynIC, message page or SINT is not
 * ready (reported through synic_changed when the guest changes that);
 * -EINVAL for bad arguments.
 */
int vp_hv_synic_post(struct vp_partition *p, u32 vp, u32 sint, u32 type,
		     const void *payload, u32 len)
{
	struct vp_hv_message *m;
	unsigned long flags;
	struct vp_vcpu *v;
	int ret = -ENXIO;

	if (vp >= VPART_MAX_VCPUS || sint >= VP_HV_SINT_COUNT || !type ||
	    len > VP_HV_MSG_PAYLOAD)
		return -EINVAL;
	rcu_read_lock();
	v = vp_synic_target(p, vp, sint);
	if (!v)
		goto out;
	spin_lock_irqsave(&v->synic.lock, flags);
	if (!v->synic.simp)
		goto out_unlock;
	m = (struct vp_hv_message *)page_address(v->synic.simp) + sint;
	if (READ_ONCE(m->type) != VP_HV_MSG_TYPE_NONE) {
		/* flags is byte 5 of the first quadword: bit 40. */
		set_bit(40, (unsigned long *)m);
		/* Flag before the second look; pairs with the guest's clear-then-check. */
		smp_mb__after_atomic();
		if (READ_ONCE(m->type) != VP_HV_MSG_TYPE_NONE) {
			ret = -EAGAIN;
			goto out_unlock;
		}
	}
	m->size = len;
	m->flags = 0;
	m->reserved = 0;
	m->sender = 0;
	memcpy(m->payload, payload, len);
	/* The guest reads the body once it sees the type. */
	smp_wmb();
	WRITE_ONCE(m->type, type);
	ret = 0;
out_unlock:
	spin_unlock_irqrestore(&v->synic.lock, flags);
	if (!ret)
		vp_synic_assert(v, sint);
out:
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vp_hv_synic_post, VP_NS_HV);

/**
 * vp_hv_synic_signal() - set event flag @flag of @sint on a VP, raise the SINT
 * @p: partition
 * @vp: VP index
 * @sint: 0-15
 * @flag: 0-2047 (VMBus: the channel's relid)
 *
 * A flag that was set already is not raised again: the guest has yet to
 * scan it.
 *
 * Return: 0, -ENXIO when the VP, SynIC, event page or SINT is not ready,
 * -EINVAL for bad arguments.
 */
int vp_hv_synic_signal(struct vp_partition *p, u32 vp, u32 sint, u32 flag)
{
	unsigned long flags;
	struct vp_vcpu *v;
	bool raise = false;
	int ret = -ENXIO;

	if (vp >= VPART_MAX_VCPUS || sint >= VP_HV_SINT_COUNT || flag >= VP_HV_EVENT_FLAGS)
		return -EINVAL;
	rcu_read_lock();
	v = vp_synic_target(p, vp, sint);
	if (!v)
		goto out;
	spin_lock_irqsave(&v->synic.lock, flags);
	if (v->synic.siefp) {
		u8 *slot = (u8 *)page_address(v->synic.siefp) + sint * (VP_HV_EVENT_FLAGS / 8);

		/* Little-endian bit numbering: bit n is byte n / 8, bit n % 8. */
		raise = !test_and_set_bit(flag, (unsigned long *)slot);
		ret = 0;
	}
	spin_unlock_irqrestore(&v->synic.lock, flags);
	if (raise)
		vp_synic_assert(v, sint);
out:
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vp_hv_synic_signal, VP_NS_HV);

/**
 * vp_hv_get_guest_pages() - take references on guest RAM pages
 * @p: partition
 * @gfns: guest page frame numbers
 * @n: how many
 * @pages: receives the pages; release each with put_page()
 *
 * Only writable RAM qualifies: VMBus buffers are written by the host.
 *
 * Return: 0, or -EFAULT (and no references) when a frame is not.
 */
int vp_hv_get_guest_pages(struct vp_partition *p, const u64 *gfns,
			  unsigned int n, struct page **pages)
{
	unsigned int i;

	down_read(&p->slots_sem);
	for (i = 0; i < n; i++) {
		const struct vp_slot *s = NULL;
		u64 gpa = gfns[i] << PAGE_SHIFT;

		if (gfns[i] < (1ULL << (64 - PAGE_SHIFT)))
			s = vp_slot_find(p, gpa);
		if (!s || (s->flags & VPART_MEM_READONLY))
			break;
		pages[i] = s->pages[(gpa - s->gpa) >> PAGE_SHIFT];
		get_page(pages[i]);
	}
	up_read(&p->slots_sem);
	if (i == n)
		return 0;
	while (i--)
		put_page(pages[i]);
	return -EFAULT;
}
EXPORT_SYMBOL_NS_GPL(vp_hv_get_guest_pages, VP_NS_HV);

/* 0x5C HvPostMessage (slow call): the input page names the connection. */
u16 vp_hv_post_message(struct vp_vcpu *v, u64 control, u64 gpa)
{
	const struct vp_hv_vmbus_ops *ops = v->p->vmbus_ops;
	struct vp_hv_post_message_input in;	/* 256 bytes: no allocation per post */

	if (control & VP_HV_HCALL_FAST)
		return VP_HV_STATUS_INVALID_HYPERCALL_INPUT;
	if (!IS_ALIGNED(gpa, 8))
		return VP_HV_STATUS_INVALID_ALIGNMENT;
	if (vp_gpa_read(v->p, gpa, &in, sizeof(in)) || !in.message_type ||
	    in.payload_size > VP_HV_MSG_PAYLOAD || (in.message_type & BIT(31)))
		return VP_HV_STATUS_INVALID_PARAMETER;
	if (!ops)
		return VP_HV_STATUS_INVALID_CONNECTION_ID;
	return ops->post_message(v->p->vmbus, v->id, in.connection_id & VP_HV_CONN_ID_MASK,
				 in.message_type, in.payload, in.payload_size);
}

/* 0x5D HvSignalEvent: connection id in bits 23:0, flag number in 47:32. */
u16 vp_hv_signal_event(struct vp_vcpu *v, u64 control, u64 input)
{
	const struct vp_hv_vmbus_ops *ops = v->p->vmbus_ops;

	if (!(control & VP_HV_HCALL_FAST)) {
		if (!IS_ALIGNED(input, 8))
			return VP_HV_STATUS_INVALID_ALIGNMENT;
		if (vp_gpa_read(v->p, input, &input, sizeof(input)))
			return VP_HV_STATUS_INVALID_PARAMETER;
	}
	if (input & ~(VP_HV_CONN_ID_MASK | GENMASK_ULL(47, 32)))
		return VP_HV_STATUS_INVALID_HYPERCALL_INPUT;
	if (!ops)
		return VP_HV_STATUS_INVALID_CONNECTION_ID;
	return ops->signal_event(v->p->vmbus, v->id, input & VP_HV_CONN_ID_MASK,
				 (input >> 32) & 0xffff);
}

/**
 * vp_hv_ref_time() - partition reference time
 * @p: partition
 *
 * Return: 100 ns units since the partition was created, as the guest's
 * TIME_REF_COUNT and TSC page tell it.
 */
u64 vp_hv_ref_time(struct vp_partition *p)
{
	return mul_u64_u64_shr(rdtsc() + p->tsc_offset, p->hv.tsc_scale, 64);
}
EXPORT_SYMBOL_NS_GPL(vp_hv_ref_time, VP_NS_HV);

/* EOM or a new SynIC setup: held-back messages may go now. */
void vp_synic_changed(struct vp_vcpu *v)
{
	const struct vp_hv_vmbus_ops *ops = v->p->vmbus_ops;

	if (ops)
		ops->synic_changed(v->p->vmbus, v->id);
}
