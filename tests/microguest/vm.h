/* SPDX-License-Identifier: GPL-2.0 */
/* A small library over /dev/vpart for the micro-guest runner. */
#ifndef VPART_TESTS_VM_H
#define VPART_TESTS_VM_H

#include <stddef.h>
#include <stdint.h>
#include <vpart/vpart.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define VM_MEM_SIZE	(1UL << 20)	/* slot 0: guest-physical 0 - 1 MiB */

struct vm {
	int dev, part, vcpu;
	struct vpart_run *run;
	unsigned char *mem;
	size_t mem_size;
};

struct vcpu {
	int fd;
	struct vpart_run *run;
};

/* What a guest printed through its ports until it stopped for userspace. */
struct trace {
	char bytes[256];
	unsigned int nbytes;
	uint32_t words[64];
	unsigned int nwords;
};

int vm_open_dev(void);
int vm_create(struct vm *vm, size_t mem_size);
void vm_destroy(struct vm *vm);
int vm_add_vcpu(struct vm *vm, unsigned int id, struct vcpu *out);
void vm_load(struct vm *vm, const void *code, size_t len);
int vm_real_mode(int vcpu_fd, uint64_t rip);
int vm_long_mode(struct vm *vm, int vcpu_fd, uint64_t rip);
/* RUN until an exit other than byte/word port output; returns RUN's result. */
int vm_run_traced(int vcpu_fd, struct vpart_run *run, struct trace *t);
const char *vm_exit_name(uint32_t reason);

#endif
