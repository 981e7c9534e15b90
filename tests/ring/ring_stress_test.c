// SPDX-License-Identifier: GPL-2.0
/*
 * Threaded tests of the ring engine, natively: a writer and a reader on two
 * threads, sharing one ring as host and guest would, with ASan and UBSan.
 * They check what KUnit cannot: the barriers and index handoff under real
 * concurrency, over many wrap-arounds.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <cmocka.h>
#include "vpart/vmbus_ring.h"

struct shared {
	struct vp_ring_ctrl *ctrl;
	u8 *data;
	u32 size;
	u32 max_payload;
	u32 count;
	bool batch;
	u64 checked;		/* reader: bytes verified */
	int error;		/* first failure, 0 if none */
};

/* Payload i: length and contents derive from i, so the reader can check. */
static u32 payload_len(const struct shared *s, u32 i)
{
	return (i * 2654435761u) % (s->max_payload + 1);
}

static void payload_fill(u8 *p, u32 len, u32 i)
{
	for (u32 k = 0; k < len; k++)
		p[k] = (u8)(i * 31 + k);
}

static void *writer(void *arg)
{
	struct shared *s = arg;
	struct vp_ring r;
	u8 *p = malloc(s->max_payload);
	bool sig;

	if (!p || vp_ring_init(&r, s->ctrl, s->data, s->size, s->max_payload + 16)) {
		s->error = -1;
		free(p);
		return NULL;
	}
	for (u32 i = 0; i < s->count && !s->error; i++) {
		u32 len = payload_len(s, i);
		int ret;

		payload_fill(p, len, i);
		while ((ret = vp_ring_send(&r, VP_PKT_DATA_INBAND, 0, i, p, len, &sig)) == -EAGAIN &&
		       !__atomic_load_n(&s->error, __ATOMIC_RELAXED))
			sched_yield();
		if (ret == -EAGAIN)
			break;
		if (ret) {
			__atomic_store_n(&s->error, ret, __ATOMIC_RELAXED);
			break;
		}
	}
	free(p);
	return NULL;
}

struct rd {
	struct shared *s;
	u32 next;
	u8 *expect;
};

static int check_pkt(void *ctx, const struct vp_pktdesc *d, const void *pkt)
{
	struct rd *rd = ctx;
	u32 len = payload_len(rd->s, rd->next);

	if (d->trans_id != rd->next || d->len8 * 8u != ((16 + len + 7) & ~7u))
		return -EBADMSG;
	payload_fill(rd->expect, len, rd->next);
	if (memcmp((const u8 *)pkt + 16, rd->expect, len))
		return -EBADMSG;
	rd->s->checked += len;
	rd->next++;
	return 0;
}

static void *reader(void *arg)
{
	struct shared *s = arg;
	struct rd rd = { .s = s };
	u32 buflen = (s->max_payload + 16 + 7) & ~7u;	/* packets are padded */
	struct vp_ring r;
	u8 *buf = malloc(buflen);
	struct vp_pktdesc d;
	bool sig;
	int ret;

	rd.expect = malloc(s->max_payload);
	if (!buf || !rd.expect ||
	    vp_ring_init(&r, s->ctrl, s->data, s->size, s->max_payload + 16)) {
		s->error = -1;
		goto out;
	}
	while (rd.next < s->count && !s->error) {
		if (s->batch) {
			ret = vp_ring_read_batch(&r, buf, buflen, 16,
						 check_pkt, &rd, &sig);
		} else {
			ret = vp_ring_read(&r, buf, buflen, &d);
			if (ret >= 0)
				ret = check_pkt(&rd, &d, buf);
			vp_ring_commit_read(&r);
		}
		if (ret == -EAGAIN || ret == 0)
			sched_yield();
		else if (ret < 0)
			__atomic_store_n(&s->error, ret, __ATOMIC_RELAXED);
	}
out:
	free(buf);
	free(rd.expect);
	return NULL;
}

static void run(u32 size, u32 max_payload, u32 count, bool batch)
{
	struct shared s = { .size = size, .max_payload = max_payload,
			    .count = count, .batch = batch };
	pthread_t w, r;

	s.ctrl = calloc(1, sizeof(*s.ctrl));
	s.data = calloc(1, size);
	assert_non_null(s.ctrl);
	assert_non_null(s.data);
	assert_int_equal(pthread_create(&r, NULL, reader, &s), 0);
	assert_int_equal(pthread_create(&w, NULL, writer, &s), 0);
	pthread_join(w, NULL);
	pthread_join(r, NULL);
	assert_int_equal(s.error, 0);
	assert_int_equal(s.ctrl->read_index, s.ctrl->write_index);
	assert_true(s.checked > (u64)count * max_payload / 4);
	free(s.ctrl);
	free(s.data);
}

static void small_ring_many_wraps(void **state)
{
	(void)state;
	run(1024, 300, 200000, false);
}

static void batched_reader(void **state)
{
	(void)state;
	run(4096, 1000, 100000, true);
}

static void large_packets(void **state)
{
	(void)state;
	run(128 * 4096, 64 * 1024, 5000, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_ring_many_wraps),
		cmocka_unit_test(batched_reader),
		cmocka_unit_test(large_packets),
	};

	return cmocka_run_group_tests_name("vpart_ring_native", tests, NULL, NULL);
}
