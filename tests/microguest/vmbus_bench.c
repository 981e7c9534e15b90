// SPDX-License-Identifier: GPL-2.0
/*
 * VMBus host path benchmark: the vmbus64 micro-guest (guests.S) posts
 * INITIATE_CONTACT 5.3 and takes VERSION_RESPONSE from its SynIC message
 * slot, N times, then makes N fast HvSignalEvent calls to an unknown
 * connection. Ticks are the guest's RDTSC deltas; under Bochs (one tick
 * per emulated instruction) they are host instructions. Needs vpart_vmbus
 * loaded before the partition is made. A self-check runs first: 5.3 is
 * accepted, 6.0 refused. Prints one JSON object. usage: vpart-vmbus-bench [N]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "guests.h"
#include "vm.h"
#include "vpart/hv_tlfs.h"
#include "vpart/vmbus_proto.h"

/* Guest-physical pages of vmbus64 (guests.S). */
#define VB_INPUT	0x23000

/* Failure codes vmbus64 leaves in RBX. */
static const char *const guest_errors[] = {
	[1] = "HvPostMessage failed: status",
	[2] = "no message arrived in SIMP slot 2",
	[3] = "SIMP slot 2 holds no VMBus message: message_type",
	[4] = "not a VERSION_RESPONSE: msgtype",
	[5] = "unexpected version_supported",
	[6] = "HvSignalEvent to connection 0x1fff: status (want 18)",
};

struct result {
	uint64_t post_ticks, signal_ticks;
};

static int fail(const char *what, int err)
{
	fprintf(stderr, "vpart-vmbus-bench: %s%s%s\n", what, err ? ": " : "",
		err ? strerror(err) : "");
	return -1;
}

/*
 * One run of vmbus64: @posts rounds asking for @version, each answer must
 * carry version_supported == @want; then @signals rounds of SignalEvent.
 */
static int run_guest(struct vm *vm, uint32_t version, uint32_t want,
		     uint32_t posts, uint32_t signals, struct result *res)
{
	struct vp_hv_post_message_input *in = (void *)(vm->mem + VB_INPUT);
	struct vp_chmsg_initiate_contact *c = (void *)in->payload;
	struct vpart_regs r;

	memset(in, 0, sizeof(*in));
	in->connection_id = VP_VMBUS_CONN_MESSAGE_V5;
	in->message_type = VP_HV_MSG_TYPE_VMBUS;
	in->payload_size = sizeof(*c);
	c->hdr.msgtype = VP_CHMSG_INITIATE_CONTACT;
	c->version = version;
	c->target_vcpu = 0;
	c->msg_sint = VP_VMBUS_MESSAGE_SINT;
	vm_load(vm, g_vmbus64, GUEST_SIZE(vmbus64));
	if (vm_long_mode(vm, vm->vcpu, GUEST_LOAD) || ioctl(vm->vcpu, VPART_GET_REGS, &r))
		return fail("cannot set up the vCPU", errno);
	r.rsi = posts;
	r.rdi = signals;
	r.r13 = want;
	if (ioctl(vm->vcpu, VPART_SET_REGS, &r))
		return fail("cannot set up the vCPU", errno);
	if (ioctl(vm->vcpu, VPART_RUN, 0))
		return fail("RUN failed", errno);
	if (vm->run->exit_reason != VPART_EXIT_HLT) {
		fprintf(stderr, "vpart-vmbus-bench: guest stopped with exit %s\n",
			vm_exit_name(vm->run->exit_reason));
		return -1;
	}
	if (ioctl(vm->vcpu, VPART_GET_REGS, &r))
		return fail("cannot read the guest's registers", errno);
	if (r.rbx) {
		const char *why = r.rbx < ARRAY_SIZE(guest_errors) ? guest_errors[r.rbx] : NULL;
		int sig = r.rbx == 6;

		fprintf(stderr, "vpart-vmbus-bench: VMBus %u.%u, %s round %llu of %u: %s %llu\n",
			version >> 16, version & 0xffff, sig ? "signal" : "post",
			(unsigned long long)(sig ? signals - r.rdi : posts - r.rsi) + 1,
			sig ? signals : posts, why ? why : "unknown failure",
			(unsigned long long)r.rbp);
		return -1;
	}
	res->post_ticks = r.r14;
	res->signal_ticks = r.r15;
	return 0;
}

static int status(struct vm *vm, struct vpart_vmbus_status *st)
{
	if (!ioctl(vm->part, VPART_VMBUS_GET_STATUS, st))
		return 0;
	if (errno == ENODEV)
		return fail("no VMBus server in the partition (load vpart_vmbus.ko before creating partitions)", 0);
	return fail("VPART_VMBUS_GET_STATUS", errno);
}

static int expect_status(struct vm *vm, uint32_t version, uint64_t msgs)
{
	struct vpart_vmbus_status st;

	if (status(vm, &st))
		return -1;
	if (st.version != version || st.messages_in != msgs || st.messages_out != msgs) {
		fprintf(stderr, "vpart-vmbus-bench: server state: version 0x%x messages in %llu out %llu, want 0x%x and %llu\n",
			st.version, (unsigned long long)st.messages_in,
			(unsigned long long)st.messages_out, version,
			(unsigned long long)msgs);
		return -1;
	}
	return 0;
}

static int bench(struct vm *vm, uint32_t n)
{
	struct vpart_vmbus_status st;
	struct result res;
	double post, sig;

	if (status(vm, &st))
		return -1;
	/* Self-check: 5.3 on connection 4 is accepted, 6.0 refused (a reset). */
	if (run_guest(vm, VP_VMBUS_VERSION_WIN10_V5_3, 1, 1, 1, &res) ||
	    expect_status(vm, VP_VMBUS_VERSION_WIN10_V5_3, 1) ||
	    run_guest(vm, 0x00060000, 0, 1, 0, &res) ||
	    expect_status(vm, 0, 2))
		return fail("self-check failed", 0);
	/* Every repeated contact resets the server and answers again. */
	if (run_guest(vm, VP_VMBUS_VERSION_WIN10_V5_3, 1, n, n, &res) ||
	    expect_status(vm, VP_VMBUS_VERSION_WIN10_V5_3, 2 + (uint64_t)n))
		return -1;
	post = (double)res.post_ticks / n;
	sig = (double)res.signal_ticks / n;
	printf("{\"hypervisor\": \"vpart\", \"rounds\": %u, \"post_message_roundtrip_ticks\": %.0f, \"signal_event_ticks\": %.0f, \"messages_per_second_at_1ghz\": %.0f, \"tsc_hz_assumed\": 1000000000}\n",
	       n, post, sig, post > 0 ? 1e9 / post : 0);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 5000;
	struct vm vm;
	int ret;

	if (argc > 2 || n == 0 || n > 0xffffffffUL) {
		fprintf(stderr, "usage: vpart-vmbus-bench [ROUNDS]\n");
		return 1;
	}
	ret = vm_create(&vm, VM_MEM_SIZE);
	if (ret) {
		fprintf(stderr, "vpart-vmbus-bench: cannot create a partition: %s\n", strerror(-ret));
		vm_destroy(&vm);
		return 1;
	}
	ret = bench(&vm, n);
	vm_destroy(&vm);
	return ret ? 1 : 0;
}
