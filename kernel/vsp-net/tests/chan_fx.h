/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the vpart_netvsp_chan suite: a NIC (struct vp_net) with a
 * real host netdev ("vptest0") on a fake VMBus channel and device, with
 * four guest pages, a receive and a send buffer. The test queues guest
 * packets built at their wire offsets (netvsc's layout, not our structs)
 * and runs the channel's reader; the fake logs what the VSP sends, and a
 * packet tap what the host stack receives. chan_fx.c holds the fakes, the
 * helpers and the copies of chan.c and netdev.c under test.
 */
#ifndef _VPART_NETVSP_CHAN_FX_H
#define _VPART_NETVSP_CHAN_FX_H

#include <kunit/test.h>
#include "netvsp.h"

#define NT_GFN0		0x50000ULL	/* frame number of the first guest page */
#define NT_NPAGES	4
#define NT_RECV_GPADL	0x101
#define NT_SEND_GPADL	0x102
#define NT_SLOTS	20
#define NT_RECV_LEN	(NT_SLOTS * VP_NET_SLOT_SIZE + 100)
#define NT_SECTIONS	4
#define NT_SEND_LEN	(NT_SECTIONS * VP_NET_SECTION_SIZE)
#define NT_MAX_LOG	64
#define NT_TIMEOUT	(5 * HZ)

/* The guest's MAC. */
extern const u8 nt_mac[6];

/* One packet the VSP sent. */
struct nt_sent {
	u16 type;
	u64 tid;
	u32 len;
	u32 range_count, range_len, range_off;
	u8 msg[VP_NVSP_MSG_SIZE];
};

struct vp_vmbus_dev {
	void *priv;
};

struct vp_vmbus_chan {
	struct vp_vmbus_dev *dev;
	void *priv;
	struct list_head in;		/* guest packets not read yet */
	spinlock_t lock;		/* the log: xmit sends from softirq */
	bool full;
	unsigned int nsent;
	struct nt_sent log[NT_MAX_LOG];
	u8 *recv, *send;		/* the guest's buffers */
	bool recv_mapped, send_mapped;
};

struct nt_fx {
	struct vp_vmbus_dev dev;
	struct vp_vmbus_chan ch;
	struct vp_net *n;
	struct page *pages[NT_NPAGES];
	struct packet_type tap;
	wait_queue_head_t wait;
	unsigned int nframes;		/* frames the host stack received */
	u8 frame[256];			/* its first bytes */
	u32 frame_len;
	u16 vlan;
	u8 ip_summed;
	u32 csum_start, csum_offset;	/* from the MAC header */
	u16 gso_size;
	unsigned int gso_type;
};

/* The netdev's ndo_start_xmit, static in netdev.c. */
netdev_tx_t nt_xmit(struct sk_buff *skb, struct net_device *ndev);
/* Guest packets, queued on the fake channel; nt_run() reads them. */
void nt_queue(struct kunit *test, struct nt_fx *fx, const u8 *b, u32 len);
void nt_desc(u8 *b, u16 type, u32 off, u32 len, u16 flags, u64 tid);
void nt_nvsp(struct kunit *test, struct nt_fx *fx, u64 tid, u32 type, u32 a, u32 b, u32 c);
/* SEND_RNDIS_PKT in a GPA-direct packet: @len bytes at @off of guest page @page on. */
void nt_rndis_gpa(struct kunit *test, struct nt_fx *fx, u64 tid, u32 chan, u32 len, u32 off,
		  unsigned int page);
u8 *nt_guest(struct nt_fx *fx, unsigned int page, u32 off);
void nt_guest_write(struct nt_fx *fx, unsigned int page, u32 off, const u8 *b, u32 len);
/* An RNDIS PACKET with a @len-byte frame (bytes from @seed), a VLAN PPI if asked. */
u32 nt_frame_msg(u8 *m, u32 len, u8 seed, bool vlan);
/* An IPv4 TCP frame as netvsc sends an LSO one: lengths and sums left zero. */
u32 nt_lso_msg(u8 *m, u32 len, u32 mss, u32 thoff);
void nt_run(struct nt_fx *fx);
/* What the VSP sent, and what the guest answers. */
unsigned int nt_nsent(struct nt_fx *fx);
struct nt_sent *nt_last(struct kunit *test, struct nt_fx *fx, unsigned int from, u16 type);
void nt_expect_rndis_done(struct kunit *test, struct nt_sent *s, u64 tid, u32 status);
const u8 *nt_slot(struct kunit *test, struct nt_fx *fx, struct nt_sent *s, u32 chan);
void nt_complete(struct kunit *test, struct nt_fx *fx, u64 tid);
/* An RNDIS control message from guest page 0; the answer's bytes (slot freed). */
const u8 *nt_control(struct kunit *test, struct nt_fx *fx, u64 tid, const u8 *msg, u32 len,
		     u32 *answer_len);
/* Until the host stack received @n frames in all. */
void nt_wait_frames(struct kunit *test, struct nt_fx *fx, unsigned int n);
/* netvsc's probe up to its packet filter: the NIC is ready for frames. */
void nt_probe(struct kunit *test, struct nt_fx *fx);
int nt_init(struct kunit *test);
void nt_exit(struct kunit *test);

#endif /* _VPART_NETVSP_CHAN_FX_H */
