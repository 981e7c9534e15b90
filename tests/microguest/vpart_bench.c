// SPDX-License-Identifier: GPL-2.0
/* Exit-cost benchmark on /dev/vpart (see bench.h). usage: vpart-bench [N] */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "guests.h"
#include "bench.h"
#include "vm.h"

static int start(void *ctx, const unsigned char *code, size_t len, uint32_t n)
{
	struct vm *vm = ctx;
	struct vpart_regs r;

	vm_load(vm, code, len);
	if (vm_real_mode(vm->vcpu, GUEST_LOAD) || ioctl(vm->vcpu, VPART_GET_REGS, &r))
		return -1;
	r.rsi = n;
	return ioctl(vm->vcpu, VPART_SET_REGS, &r);
}

static int run_to_hlt(void *ctx)
{
	struct vm *vm = ctx;

	for (;;) {
		if (ioctl(vm->vcpu, VPART_RUN, 0))
			return -1;
		if (vm->run->exit_reason == VPART_EXIT_HLT)
			return 0;
		if (vm->run->exit_reason != VPART_EXIT_IO)
			return -1;
	}
}

int main(int argc, char **argv)
{
	static const struct bench_ops ops = { "vpart", start, run_to_hlt };
	uint32_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
	struct vm vm;
	int ret = vm_create(&vm, VM_MEM_SIZE);

	if (ret) {
		fprintf(stderr, "vpart-bench: cannot create a partition: %s\n", strerror(-ret));
		return 1;
	}
	ret = bench_report(&ops, &vm, n);
	vm_destroy(&vm);
	return ret ? 1 : 0;
}
