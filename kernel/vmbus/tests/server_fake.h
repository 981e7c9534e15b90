/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake partition of the vpart_vmbus_server_* suites. The fake port
 * records every host->guest message, counts signals per relid and lends
 * pages of its own as guest RAM. The helpers play the guest (hv_vmbus and
 * hv_utils of Linux 6.1) byte for byte: channel messages, GPADLs, both
 * rings of a channel and the integration services' packets, as
 * vmbus-host-facts 3-4 and integration-services-facts 4-7 describe.
 */
#ifndef _VPART_VMBUS_SERVER_FAKE_H
#define _VPART_VMBUS_SERVER_FAKE_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include "vpart/compat.h"
#include "vmbus_internal.h"

#define RAM_PAGES	64		/* fake guest RAM: gfn n is page n % RAM_PAGES */
#define MSG_VP		3		/* where the guest wants its messages */
#define HANDLE		0xe1e10		/* Linux's first GPADL handle */
#define RING_PAGES	8		/* hv_utils: 4 pages per direction */
#define RING_DOWN	4
#define RING_DATA	((RING_DOWN - 1) * PAGE_SIZE)
#define HDR_PFNS	VP_GPADL_HEADER_PFNS
#define BODY_PFNS	VP_GPADL_BODY_PFNS
/* The most pages a header can describe: range_buflen is a u16. */
#define MAX_WIRE_PAGES	((0xfff8 - 8) / 8)
#define CONN(relid)	(VP_VMBUS_CONN_BASE + (relid))
#define FAIL		VP_VMBUS_STATUS_FAIL

/* The integration services a test adds, as a set: offered from relid 1 in this order. */
#define IC_HB		BIT(0)		/* heartbeat */
#define IC_SD		BIT(1)		/* shutdown */
#define IC_TS		BIT(2)		/* timesync */

/* One host->guest message as the SynIC slot would have carried it. */
struct rec {
	struct list_head node;
	u32 vp, sint, type, len;
	u8 data[VP_CHMSG_MAX];
};

struct fake {
	struct kunit *test;
	struct vp_vmbus_server *srv;
	struct vp_vsp_class *cls;	/* registered by the test; goes after @srv */
	struct page *ram[RAM_PAGES];
	u64 nr_gfns;		/* gfns below this are RAM */
	u32 vp, sint;		/* where messages must arrive */
	spinlock_t lock;	/* the lists and the slot model below */
	struct list_head msgs;	/* delivered, not yet looked at */
	struct list_head seen;	/* looked at; freed at exit */
	int room;		/* messages the slot takes before it is full; < 0: any */
	int full_err;		/* what a full slot answers */
	atomic_t signals[VP_VMBUS_MAX_CHANNELS + 1];
	atomic_t bad_signals;
	atomic_t signal_vp;
	atomic64_t time;
};

/* One ring of a channel as the guest maps it: a control page, then the data. */
struct gring {
	struct fake *f;
	u32 gfn;
};

struct gchan {
	u32 relid;
	struct gring in, out;		/* guest->host, host->guest */
	u8 *buf;			/* one packet: the IC request last taken */
	u32 plen;			/* its padded payload size */
	u64 trans_id;			/* and transaction, for the answer */
};

/* The suites' init and exit: a server on fresh fake RAM, then every page back. */
int fake_init(struct kunit *test);
void fake_exit(struct kunit *test);

/* Suite vpart_vmbus_server_<area> of the cases in <area>_cases[], each on a fresh fake. */
#define SERVER_SUITE(area)						\
	static struct kunit_suite area##_suite = {			\
		.name = "vpart_vmbus_server_" #area,			\
		.init = fake_init,					\
		.exit = fake_exit,					\
		.test_cases = area##_cases,				\
	};								\
	kunit_test_suite(area##_suite)

/* Channel messages, devices and offers (server_fake.c). */
u16 post(struct fake *f, u32 conn, const void *msg, u32 len);
u16 post_hdr(struct fake *f, u32 type);
u16 post_relid(struct fake *f, u32 type, u32 relid);
const void *expect_msg(struct fake *f, u32 type);
void expect_quiet(struct fake *f);
void expect_rescind(struct fake *f, u32 relid);
u16 contact(struct fake *f, u32 version, u32 conn, u32 vp, u8 sint);
u32 conn_for(u32 version);
void expect_version(struct fake *f, bool supported);
void connect(struct fake *f, u32 version);
u32 add_dev(struct fake *f, const char *cls, const u8 *inst);
u32 add_ic(struct fake *f, u32 ic);
const u8 *ic_inst(u32 ic);
void expect_offer(struct fake *f, u32 relid, u32 ic);
void request_offers(struct fake *f, u32 ics);
void setup(struct fake *f, u32 version, u32 ics);
struct vpart_vmbus_status *ic_status(struct fake *f);

/* GPADLs (server_fake.c). */
u16 post_header(struct fake *f, u32 relid, u32 handle, u32 total, const u64 *gfns,
		u32 n, u32 byte_offset);
u16 post_body(struct fake *f, u32 handle, const u64 *gfns, u32 n);
void fill_gfns(u64 *gfns, u64 first, u32 n);
void send_header(struct fake *f, u32 relid, u32 handle, u64 first, u32 total);
void send_body(struct fake *f, u32 handle, u64 first, u32 n);
void gpadl_send(struct fake *f, u32 relid, u32 handle, u64 first, u32 total);
void expect_created(struct fake *f, u32 relid, u32 handle, u32 status);
void gpadl_create(struct fake *f, u32 relid, u32 handle, u64 first, u32 total);
u16 teardown(struct fake *f, u32 relid, u32 handle);
void expect_torndown(struct fake *f, u32 handle);
void gpadl_teardown(struct fake *f, u32 relid, u32 handle);
unsigned int held(struct fake *f);
struct vp_gpadl *find_gpadl(struct fake *f, u32 handle);

/* Callbacks for test classes that only need a channel to exist (server_fake.c). */
int fake_class_open(struct vp_vmbus_chan *ch);
void fake_class_close(struct vp_vmbus_chan *ch);
bool fake_class_drain(struct vp_vmbus_chan *ch);	/* reads and drops */

/* Rings and channels, the guest's side (server_guest.c). */
struct vp_ring_ctrl *gctrl(const struct gring *r);
u32 gput(const struct gring *r, u32 off, const void *buf, u32 len);
void guest_send(struct gring *r, u64 trans_id, const void *payload, u32 len);
/* One host packet, descriptor included; 0 when the ring is empty. */
u32 guest_recv(struct gring *r, void *buf, u32 buflen);
bool guest_wait(struct gring *r, unsigned int ms);
void chan_init(struct fake *f, struct gchan *ch, u32 relid, u32 gfn, u32 down);
u16 post_open(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp);
void open_ok(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp);
void open_fails(struct fake *f, u32 relid, u32 handle, u32 down, u32 vp);
void chan_open(struct fake *f, struct gchan *ch, u32 relid, u32 handle, u32 gfn, u32 vp);
void setup_open(struct fake *f, struct gchan *ch, u32 version, u32 ics);
void close_chan(struct fake *f, u32 relid, u32 handle);
void guest_kick(struct fake *f, struct gchan *ch);
void guest_signal(struct fake *f, struct gchan *ch);

/* Integration services, the guest's side (server_guest.c). */

/* What a NEGOTIATE came to: the host's service versions, and Linux's pick. */
struct ic_nego {
	struct vp_ic_version offered[VP_IC_MAX_VERSIONS];
	struct vp_ic_version picked;
};

void *ic_request(struct fake *f, struct gchan *ch, u16 msgtype);
void ic_answer(struct fake *f, struct gchan *ch);
unsigned int guest_negotiate(struct fake *f, struct gchan *ch, u32 ic, bool agree,
			     struct ic_nego *ng);

#endif /* _VPART_VMBUS_SERVER_FAKE_H */
