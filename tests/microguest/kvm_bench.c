// SPDX-License-Identifier: GPL-2.0
/*
 * The same exit-cost benchmark on /dev/kvm: the reference vpart is measured
 * against, driving the same guest code through a minimal KVM-API runner.
 * usage: kvm-bench [N]
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "guests.h"
#include "bench.h"

struct kvm_vm {
	int kvm, vm, vcpu;
	struct kvm_run *run;
	unsigned char *mem;
};

static int start(void *ctx, const unsigned char *code, size_t len, uint32_t n)
{
	struct kvm_vm *k = ctx;
	struct kvm_sregs s;
	struct kvm_regs r;

	memcpy(k->mem + GUEST_LOAD, code, len);
	if (ioctl(k->vcpu, KVM_GET_SREGS, &s))
		return -1;
	s.cs.selector = 0;
	s.cs.base = 0;
	if (ioctl(k->vcpu, KVM_SET_SREGS, &s))
		return -1;
	memset(&r, 0, sizeof(r));
	r.rip = GUEST_LOAD;
	r.rflags = 2;
	r.rsi = n;
	return ioctl(k->vcpu, KVM_SET_REGS, &r);
}

static int run_to_hlt(void *ctx)
{
	struct kvm_vm *k = ctx;

	for (;;) {
		if (ioctl(k->vcpu, KVM_RUN, 0))
			return -1;
		if (k->run->exit_reason == KVM_EXIT_HLT)
			return 0;
		if (k->run->exit_reason != KVM_EXIT_IO)
			return -1;
	}
}

int main(int argc, char **argv)
{
	static const struct bench_ops ops = { "kvm", start, run_to_hlt };
	uint32_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
	struct kvm_userspace_memory_region r = { 0 };
	struct kvm_vm k;
	int sz;

	k.kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (k.kvm < 0) {
		fprintf(stderr, "kvm-bench: /dev/kvm: %s\n", strerror(errno));
		return 1;
	}
	k.vm = ioctl(k.kvm, KVM_CREATE_VM, 0);
	k.mem = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r.memory_size = 1 << 20;
	r.userspace_addr = (unsigned long)k.mem;
	if (k.vm < 0 || k.mem == MAP_FAILED || ioctl(k.vm, KVM_SET_USER_MEMORY_REGION, &r))
		goto fail;
	k.vcpu = ioctl(k.vm, KVM_CREATE_VCPU, 0);
	sz = ioctl(k.kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (k.vcpu < 0 || sz <= 0)
		goto fail;
	k.run = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, k.vcpu, 0);
	if (k.run == MAP_FAILED)
		goto fail;
	return bench_report(&ops, &k, n) ? 1 : 0;
fail:
	fprintf(stderr, "kvm-bench: VM setup failed: %s\n", strerror(errno));
	return 1;
}
