// SPDX-License-Identifier: GPL-2.0
/* /dev/vpart helpers for the micro-guest runner (see vm.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vm.h"

int vm_open_dev(void)
{
	return open("/dev/vpart", O_RDWR | O_CLOEXEC);
}

int vm_add_vcpu(struct vm *vm, unsigned int id, struct vcpu *out)
{
	out->fd = ioctl(vm->part, VPART_CREATE_VCPU, id);
	if (out->fd < 0)
		return -errno;
	out->run = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, out->fd, 0);
	if (out->run == MAP_FAILED) {
		close(out->fd);
		return -errno;
	}
	return 0;
}

int vm_create(struct vm *vm, size_t mem_size)
{
	struct vpart_memory_region r = { 0 };
	struct vcpu v;
	int ret;

	memset(vm, 0, sizeof(*vm));
	vm->part = vm->vcpu = -1;
	vm->dev = vm_open_dev();
	if (vm->dev < 0)
		return -errno;
	vm->part = ioctl(vm->dev, VPART_CREATE_PARTITION, 0);
	if (vm->part < 0)
		return -errno;
	vm->mem_size = mem_size;
	vm->mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->mem == MAP_FAILED)
		return -errno;
	r.slot = 0;
	r.guest_phys_addr = 0;
	r.memory_size = mem_size;
	r.userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->part, VPART_SET_MEMORY_REGION, &r))
		return -errno;
	ret = vm_add_vcpu(vm, 0, &v);
	if (ret)
		return ret;
	vm->vcpu = v.fd;
	vm->run = v.run;
	return 0;
}

void vm_destroy(struct vm *vm)
{
	if (vm->run && vm->run != MAP_FAILED)
		munmap(vm->run, 4096);
	if (vm->vcpu >= 0)
		close(vm->vcpu);
	if (vm->part >= 0)
		close(vm->part);
	if (vm->mem && vm->mem != MAP_FAILED)
		munmap(vm->mem, vm->mem_size);
	if (vm->dev >= 0)
		close(vm->dev);
}

void vm_load(struct vm *vm, const void *code, size_t len)
{
	memcpy(vm->mem + 0x1000, code, len);
}

/* Reset state with CS:IP = 0000:rip. */
int vm_real_mode(int fd, uint64_t rip)
{
	struct vpart_sregs s;
	struct vpart_regs r;

	if (ioctl(fd, VPART_GET_SREGS, &s) || ioctl(fd, VPART_GET_REGS, &r))
		return -errno;
	s.cs.selector = 0;
	s.cs.base = 0;
	memset(&r, 0, sizeof(r));
	r.rip = rip;
	r.rflags = 2;
	if (ioctl(fd, VPART_SET_SREGS, &s) || ioctl(fd, VPART_SET_REGS, &r))
		return -errno;
	return 0;
}

/* Flat 64-bit mode: 4 GiB identity-mapped with 1 GiB pages at 0x10000. */
int vm_long_mode(struct vm *vm, int fd, uint64_t rip)
{
	uint64_t *pml4 = (uint64_t *)(vm->mem + 0x10000);
	uint64_t *pdpt = (uint64_t *)(vm->mem + 0x11000);
	struct vpart_segment code = {
		.base = 0, .limit = 0xffffffff, .selector = 8, .type = 11,
		.present = 1, .s = 1, .l = 1, .g = 1,
	};
	struct vpart_segment data = {
		.base = 0, .limit = 0xffffffff, .selector = 16, .type = 3,
		.present = 1, .s = 1, .db = 1, .g = 1,
	};
	struct vpart_sregs s;
	struct vpart_regs r;
	int i;

	memset(pml4, 0, 0x2000);
	pml4[0] = 0x11000 | 3;
	for (i = 0; i < 4; i++)
		pdpt[i] = ((uint64_t)i << 30) | 0x83;
	if (ioctl(fd, VPART_GET_SREGS, &s))
		return -errno;
	s.cs = code;
	s.ds = s.es = s.fs = s.gs = s.ss = data;
	s.tr.type = 11;
	s.tr.present = 1;
	s.tr.limit = 0x67;
	s.tr.selector = 0x18;
	s.ldt.unusable = 1;
	s.cr0 = 0x80000011;	/* PG, ET, PE */
	s.cr3 = 0x10000;
	s.cr4 = 0x20;		/* PAE */
	s.efer = 0x500;		/* LME, LMA */
	memset(&r, 0, sizeof(r));
	r.rip = rip;
	r.rsp = 0x8000;
	r.rflags = 2;
	if (ioctl(fd, VPART_SET_SREGS, &s) || ioctl(fd, VPART_SET_REGS, &r))
		return -errno;
	return 0;
}

int vm_run_traced(int fd, struct vpart_run *run, struct trace *t)
{
	for (;;) {
		unsigned char *data;
		int ret = ioctl(fd, VPART_RUN, 0);

		if (ret)
			return -errno;
		if (run->exit_reason != VPART_EXIT_IO ||
		    run->io.direction != VPART_EXIT_IO_OUT)
			return 0;
		data = (unsigned char *)run + run->io.data_offset;
		if (run->io.port == 0xe9 && run->io.size == 1 &&
		    t->nbytes < sizeof(t->bytes) - 1)
			t->bytes[t->nbytes++] = data[0];
		else if (run->io.port == 0xea && run->io.size == 4 &&
			 t->nwords < 64)
			memcpy(&t->words[t->nwords++], data, 4);
		else
			return 0;
	}
}

const char *vm_exit_name(uint32_t reason)
{
	static const char *const names[] = {
		"NONE", "IO", "MMIO", "HLT", "SHUTDOWN", "FAIL_ENTRY",
		"INTERNAL_ERROR", "INTR",
	};

	return reason < ARRAY_SIZE(names) ? names[reason] : "?";
}
