// SPDX-License-Identifier: GPL-2.0
/*
 * The micro-guest suite: tiny guests (guests.S) driven through /dev/vpart,
 * in the spirit of KVM's selftests, on the kernel's kselftest harness
 * (each test runs in its own child process).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kselftest_harness.h"
#include "guests.h"
#include "vm.h"

FIXTURE(vm) {
	struct vm vm;
	struct trace t;
};

FIXTURE_SETUP(vm)
{
	memset(&self->t, 0, sizeof(self->t));
	ASSERT_EQ(0, vm_create(&self->vm, VM_MEM_SIZE));
}

FIXTURE_TEARDOWN(vm)
{
	vm_destroy(&self->vm);
}

#define LOAD_REAL(g) do { \
	vm_load(&self->vm, g_##g, GUEST_SIZE(g)); \
	ASSERT_EQ(0, vm_real_mode(self->vm.vcpu, GUEST_LOAD)); \
} while (0)

#define RUN() ASSERT_EQ(0, vm_run_traced(self->vm.vcpu, self->vm.run, &self->t))
#define EXIT_IS(r) ASSERT_STREQ(vm_exit_name(r), vm_exit_name(self->vm.run->exit_reason))

TEST_F(vm, hello_real_mode_port_io)
{
	LOAD_REAL(hello);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_STREQ("hello\n", self->t.bytes);
}

TEST_F(vm, protected_mode_entry)
{
	LOAD_REAL(pm32);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(1, self->t.nbytes);
	EXPECT_EQ(0x32, self->t.bytes[0]);
	ASSERT_EQ(2, self->t.nwords);
	/* The guest sees its own CR0 (ET, PE), not the NE that VMX forces. */
	EXPECT_EQ(0x11, self->t.words[0]);
	EXPECT_EQ(0x5a5a1234, self->t.words[1]);
}

TEST_F(vm, long_mode_entry_from_real_mode)
{
	struct vpart_sregs s;

	LOAD_REAL(lm64);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(1, self->t.nbytes);
	EXPECT_EQ(0x64, self->t.bytes[0]);
	ASSERT_EQ(2, self->t.nwords);
	EXPECT_EQ(0x500, self->t.words[0]);	/* EFER: LME, LMA */
	EXPECT_EQ(0x12345678, self->t.words[1]);
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_GET_SREGS, &s));
	EXPECT_EQ(0x500, s.efer);
	EXPECT_EQ(1, s.cs.l);
	EXPECT_EQ(0x10000, s.cr3);
	EXPECT_EQ(0x80000011, s.cr0);
}

TEST_F(vm, cpuid_values)
{
	struct {
		struct vpart_cpuid c;
		struct vpart_cpuid_entry e[5];
	} tab = { .c.nent = 5 };

	tab.e[0] = (struct vpart_cpuid_entry){ .function = 0, .eax = 7,
		.ebx = 0x756e6547, .ecx = 0x6c65746e, .edx = 0x49656e69 };
	tab.e[1] = (struct vpart_cpuid_entry){ .function = 1,
		.ecx = 1u << 5 | 1u << 0 };	/* VMX asked for: must be hidden */
	/* RDTSCP and RDPID would #UD (TSC_AUX is not virtualized): hidden. */
	tab.e[2] = (struct vpart_cpuid_entry){ .function = 0x80000000, .eax = 0x80000001 };
	tab.e[3] = (struct vpart_cpuid_entry){ .function = 0x80000001,
		.edx = 1u << 27 | 1u << 20 };
	tab.e[4] = (struct vpart_cpuid_entry){ .function = 7,
		.flags = VPART_CPUID_FLAG_INDEXED, .ecx = 1u << 22 | 1u << 2 };
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_SET_CPUID, &tab));
	LOAD_REAL(cpuid);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(7, self->t.nwords);
	/* Hyper-V's signature, so Linux guests take the Hyper-V paths. */
	EXPECT_EQ(0, memcmp(self->t.words, "Microsoft Hv", 12));
	/* Hypervisor, x2APIC (the only APIC mode), no VMX. */
	EXPECT_EQ(1u << 31 | 1u << 21 | 1u << 0, self->t.words[3]);
	EXPECT_EQ(0x756e6547, self->t.words[4]);
	EXPECT_EQ(1u << 20, self->t.words[5]);		/* NX kept, RDTSCP gone */
	EXPECT_EQ(1u << 2, self->t.words[6]);		/* UMIP kept, RDPID gone */
	/* The kernel owns the hypervisor range. */
	tab.c.nent = 1;
	tab.e[0].function = 0x40000000;
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_SET_CPUID, &tab));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(vm, rdmsr_wrmsr_and_gp)
{
	struct {
		struct vpart_msrs m;
		struct vpart_msr_entry e[2];
	} msrs = { .m.nmsrs = 2 };

	LOAD_REAL(msr);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(2, self->t.nwords);
	EXPECT_EQ(0x00070106, self->t.words[0]);
	EXPECT_EQ(0x00070406, self->t.words[1]);
	/* The unknown MSR raised #GP: the handler printed 0x0d, not 0xbad. */
	ASSERT_EQ(1, self->t.nbytes);
	EXPECT_EQ(0x0d, self->t.bytes[0]);
	msrs.e[0].index = 0x277;
	msrs.e[1].index = 0x12345;
	EXPECT_EQ(1, ioctl(self->vm.vcpu, VPART_GET_MSRS, &msrs));
	EXPECT_EQ(0x0007040600070106ULL, msrs.e[0].data);
	msrs.e[0].index = 0x277;
	msrs.e[0].data = 0x0202020202020202ULL;	/* type 2 is reserved */
	EXPECT_EQ(0, ioctl(self->vm.vcpu, VPART_SET_MSRS, &msrs));
}

static void mmio_reply(struct vpart_run *run, uint64_t base)
{
	uint64_t v = 0;

	switch (run->mmio.gpa - base) {
	case 0x20:
		v = 0xcafebabe;
		break;
	case 0x28:
	case 0x30:
		v = 0x80;
		break;
	case 0x38:
		v = 0x0102030405060708ULL;
		break;
	}
	memcpy(run->mmio.data, &v, 8);
}

TEST_F(vm, mmio_round_trip_long_mode)
{
	static const struct { uint64_t off; uint32_t len; uint64_t data; int write; } want[] = {
		{ 0x00, 4, 0x12345678, 1 },
		{ 0x08, 8, 0x1122334455667788ULL, 1 },
		{ 0x10, 1, 0x77, 1 },		/* AH */
		{ 0x12, 2, 0xbeef, 1 },
		{ 0x20, 4, 0, 0 },
		{ 0x28, 1, 0, 0 },
		{ 0x30, 1, 0, 0 },
		{ 0x38, 8, 0, 0 },
		{ 0x40, 1, 0xab, 1 },		/* STOSB */
	};
	struct vpart_run *run = self->vm.run;
	unsigned int i;

	vm_load(&self->vm, g_mmio64, GUEST_SIZE(mmio64));
	ASSERT_EQ(0, vm_long_mode(&self->vm, self->vm.vcpu, GUEST_LOAD));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		uint64_t data = 0;

		RUN();
		EXIT_IS(VPART_EXIT_MMIO);
		EXPECT_EQ(0xd0000000 + want[i].off, run->mmio.gpa);
		EXPECT_EQ(want[i].len, run->mmio.len);
		EXPECT_EQ(want[i].write, run->mmio.is_write);
		if (want[i].write) {
			memcpy(&data, run->mmio.data, 8);
			EXPECT_EQ(want[i].data, data);
		} else {
			mmio_reply(run, 0xd0000000);
		}
	}
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(8, self->t.nwords);
	EXPECT_EQ(0xcafebabe, self->t.words[0]);
	EXPECT_EQ(0, self->t.words[1]);		/* 32-bit load zero-extends */
	EXPECT_EQ(0x80, self->t.words[2]);		/* MOVZX */
	EXPECT_EQ(0xffffff80, self->t.words[3]);	/* MOVSX to 64 bits */
	EXPECT_EQ(0xffffffff, self->t.words[4]);
	EXPECT_EQ(0x05060708, self->t.words[5]);
	EXPECT_EQ(0x01020304, self->t.words[6]);
	EXPECT_EQ(0x41, self->t.words[7]);		/* STOSB stepped RDI */
}

static void *inject_later(void *arg)
{
	struct vpart_interrupt irq = { .vector = 0x20 };
	int fd = *(int *)arg;

	usleep(200 * 1000);
	if (ioctl(fd, VPART_INTERRUPT, &irq))
		return (void *)1L;
	return NULL;
}

TEST_F(vm, hlt_woken_by_injected_interrupt)
{
	struct vpart_interrupt bad = { .vector = 3 };
	pthread_t th;
	void *res;

	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_INTERRUPT, &bad));
	EXPECT_EQ(EINVAL, errno);
	LOAD_REAL(hltirq);
	ASSERT_EQ(0, pthread_create(&th, NULL, inject_later, &self->vm.vcpu));
	/* RUN sleeps in the kernel on the HLT until the interrupt comes. */
	RUN();
	ASSERT_EQ(0, pthread_join(th, &res));
	ASSERT_EQ(NULL, res);
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_STREQ("IW", self->t.bytes);
}

TEST_F(vm, access_outside_guest_memory)
{
	struct vpart_run *run = self->vm.run;

	LOAD_REAL(outside);
	RUN();
	EXIT_IS(VPART_EXIT_MMIO);
	EXPECT_EQ(0x100000, run->mmio.gpa);
	EXPECT_EQ(1, run->mmio.len);
	EXPECT_EQ(0, run->mmio.is_write);
	run->mmio.data[0] = 0x42;
	RUN();
	EXIT_IS(VPART_EXIT_MMIO);
	EXPECT_EQ(0x100010, run->mmio.gpa);
	EXPECT_EQ(1, run->mmio.is_write);
	EXPECT_EQ(0x99, run->mmio.data[0]);
	ASSERT_EQ(1, self->t.nbytes);
	EXPECT_EQ(0x42, self->t.bytes[0]);
	/* Executing outside RAM cannot be emulated: an error, not a guess. */
	RUN();
	TH_LOG("exit %s gpa 0x%llx write %u", vm_exit_name(run->exit_reason),
	       (unsigned long long)run->mmio.gpa, run->mmio.is_write);
	EXIT_IS(VPART_EXIT_INTERNAL_ERROR);
	EXPECT_EQ(VPART_INTERNAL_EXEC_MMIO, run->internal.suberror);
	EXPECT_EQ(0x100000, run->internal.data[0]);
}

TEST_F(vm, write_to_read_only_slot)
{
	struct vpart_memory_region r = {
		.slot = 1, .flags = VPART_MEM_READONLY,
		.guest_phys_addr = 0x200000, .memory_size = 4096,
	};
	struct vpart_run *run = self->vm.run;
	unsigned char *ro;
	uint32_t v;

	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	memset(ro, 0x5a, 4096);
	r.userspace_addr = (uintptr_t)ro;
	ASSERT_EQ(0, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, &r));
	vm_load(&self->vm, g_ro64, GUEST_SIZE(ro64));
	ASSERT_EQ(0, vm_long_mode(&self->vm, self->vm.vcpu, GUEST_LOAD));
	RUN();
	EXIT_IS(VPART_EXIT_MMIO);
	EXPECT_EQ(0x200000, run->mmio.gpa);
	EXPECT_EQ(1, run->mmio.is_write);
	memcpy(&v, run->mmio.data, 4);
	EXPECT_EQ(0x11223344, v);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(2, self->t.nwords);
	EXPECT_EQ(0x5a5a5a5a, self->t.words[0]);
	EXPECT_EQ(0x5a5a5a5a, self->t.words[1]);
	EXPECT_EQ(0x5a, ro[0]);
	/* Delete the slot: the range is outside RAM again. */
	r.memory_size = 0;
	EXPECT_EQ(0, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, &r));
	munmap(ro, 4096);
}

TEST_F(vm, triple_fault_is_shutdown)
{
	LOAD_REAL(triple);
	RUN();
	EXIT_IS(VPART_EXIT_SHUTDOWN);
	/* It stays down until userspace gives it new state. */
	RUN();
	EXIT_IS(VPART_EXIT_SHUTDOWN);
	LOAD_REAL(hello);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_STREQ("hello\n", self->t.bytes);
}

struct spin_arg {
	struct vcpu v;
	struct trace t;
	int ret;
};

static void *spin_thread(void *p)
{
	struct spin_arg *a = p;

	a->ret = vm_real_mode(a->v.fd, GUEST_LOAD);
	if (!a->ret)
		a->ret = vm_run_traced(a->v.fd, a->v.run, &a->t);
	return NULL;
}

TEST_F(vm, two_vcpus_at_once)
{
	struct spin_arg a[2];
	pthread_t th[2];
	int i;

	memset(a, 0, sizeof(a));
	vm_load(&self->vm, g_spin, GUEST_SIZE(spin));
	a[0].v.fd = self->vm.vcpu;
	a[0].v.run = self->vm.run;
	ASSERT_EQ(0, vm_add_vcpu(&self->vm, 1, &a[1].v));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, spin_thread, &a[i]));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, pthread_join(th[i], NULL));
		ASSERT_EQ(0, a[i].ret);
		EXPECT_STREQ("HLT", vm_exit_name(a[i].v.run->exit_reason));
		ASSERT_EQ(1, a[i].t.nbytes);
		EXPECT_EQ(i, a[i].t.bytes[0]);	/* its own APIC ID */
	}
	close(a[1].v.fd);
}

/* Firmware's step for the x2APIC tests: APIC base with EN and EXTD. */
static int x2apic_on(int vcpu, int bsp)
{
	struct {
		struct vpart_msrs h;
		struct vpart_msr_entry e[1];
	} m = { { .nmsrs = 1 }, { { .index = 0x1b,
		.data = 0xfee00000 | 1 << 11 | 1 << 10 | (bsp ? 1 << 8 : 0) } } };

	return ioctl(vcpu, VPART_SET_MSRS, &m) == 1 ? 0 : -1;
}

TEST_F(vm, x2apic_timer_periodic_and_deadline)
{
	ASSERT_EQ(0, x2apic_on(self->vm.vcpu, 1));
	LOAD_REAL(apictimer);
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	EXPECT_STREQ("TTTD", self->t.bytes);
	ASSERT_EQ(7, self->t.nwords);
	/* TMCCT right after arming: counting down from 2,000,000. */
	EXPECT_GT(self->t.words[0], 0);
	EXPECT_LE(self->t.words[0], 2000000);
	/* In the handler the vector's class is in service. */
	EXPECT_EQ(0x40, self->t.words[1]);
	EXPECT_EQ(0x40, self->t.words[3]);
	EXPECT_EQ(0, self->t.words[4]);		/* deadline consumed */
	EXPECT_EQ(0xffffffff, self->t.words[5]);	/* far deadline kept, host fine */
	EXPECT_EQ(3, self->t.words[6]);
}

static void *ap_thread(void *p)
{
	struct spin_arg *a = p;

	a->ret = vm_run_traced(a->v.fd, a->v.run, &a->t);
	return NULL;
}

TEST_F(vm, init_sipi_starts_ap_and_fixed_ipi)
{
	struct vpart_mp_state st = { .state = VPART_MP_STATE_WAIT_SIPI }, bad = { .state = 7 };
	struct spin_arg ap;
	pthread_t th;

	memset(&ap, 0, sizeof(ap));
	vm_load(&self->vm, g_sipi, GUEST_SIZE(sipi));
	ASSERT_EQ(0, vm_add_vcpu(&self->vm, 1, &ap.v));
	ASSERT_EQ(0, x2apic_on(self->vm.vcpu, 1));
	ASSERT_EQ(0, x2apic_on(ap.v.fd, 0));
	EXPECT_EQ(-1, ioctl(ap.v.fd, VPART_SET_MP_STATE, &bad));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, ioctl(ap.v.fd, VPART_SET_MP_STATE, &st));
	/* The AP sits in RUN until the BSP's INIT + SIPI. */
	ASSERT_EQ(0, pthread_create(&th, NULL, ap_thread, &ap));
	ASSERT_EQ(0, vm_real_mode(self->vm.vcpu, GUEST_LOAD));
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_EQ(0, ap.ret);
	EXPECT_STREQ("HLT", vm_exit_name(ap.v.run->exit_reason));
	EXPECT_STREQ("B", self->t.bytes);
	EXPECT_STREQ("P", ap.t.bytes);
	ASSERT_EQ(1, self->t.nwords);
	EXPECT_EQ(0, self->t.words[0]);
	ASSERT_EQ(1, ap.t.nwords);
	EXPECT_EQ(1, ap.t.words[0]);
	ASSERT_EQ(0, ioctl(ap.v.fd, VPART_GET_MP_STATE, &st));
	EXPECT_EQ(VPART_MP_STATE_RUNNABLE, st.state);
	close(ap.v.fd);
}

TEST_F(vm, hyperv_msrs_and_hypercall)
{
	struct {
		uint32_t sequence, reserved;
		uint64_t scale;
		int64_t offset;
	} tsc;

	ASSERT_EQ(0, vm_long_mode(&self->vm, self->vm.vcpu, GUEST_LOAD + 0));
	vm_load(&self->vm, g_hyperv64, GUEST_SIZE(hyperv64));
	RUN();
	EXIT_IS(VPART_EXIT_HLT);
	ASSERT_EQ(7, self->t.nwords);
	EXPECT_EQ(0x3001, self->t.words[0]);		/* enabled, read back */
	EXPECT_EQ(0xc3c1010f, self->t.words[1]);	/* VMCALL; RET */
	EXPECT_EQ(2, self->t.words[2]);		/* HV_STATUS_INVALID_HYPERCALL_CODE */
	EXPECT_EQ(0, self->t.words[3]);		/* VP index of vCPU 0 */
	EXPECT_GT(self->t.words[4], 0);		/* reference time moved */
	EXPECT_EQ(1, self->t.words[5]);		/* TSC page valid */
	EXPECT_EQ(1000000000, self->t.words[6]);	/* APIC timer Hz */
	memcpy(&tsc, self->vm.mem + 0x4000, sizeof(tsc));
	EXPECT_NE(0, tsc.scale);
	EXPECT_EQ(0, tsc.offset);
}

TEST(two_partitions_same_gpa_different_data)
{
	struct vm vm[2];
	struct trace t[2];
	int i;

	memset(t, 0, sizeof(t));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, vm_create(&vm[i], VM_MEM_SIZE));
		vm_load(&vm[i], g_peek, GUEST_SIZE(peek));
		*(uint32_t *)(vm[i].mem + 0x2000) = 0xaaaa0000 + i;
		ASSERT_EQ(0, vm_real_mode(vm[i].vcpu, GUEST_LOAD));
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, vm_run_traced(vm[i].vcpu, vm[i].run, &t[i]));
		ASSERT_EQ(1, t[i].nwords);
		EXPECT_EQ(0xaaaa0000 + i, t[i].words[0]);
		EXPECT_EQ(0x11111111, *(uint32_t *)(vm[i].mem + 0x3000));
	}
	for (i = 0; i < 2; i++)
		vm_destroy(&vm[i]);
}

static void on_alarm(int sig)
{
	(void)sig;
}

TEST_F(vm, signal_ends_run_with_intr)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value.tv_usec = 100 * 1000 };

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	LOAD_REAL(forever);
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	EXIT_IS(VPART_EXIT_INTR);
	self->vm.run->immediate_exit = 1;
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_RUN, 0));
	EXPECT_EQ(EINTR, errno);
}

static long mem_available_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

TEST(launcher_killed_mid_run)
{
	long before = mem_available_kb(), after;
	int pfd[2], status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct vm vm;

		if (vm_create(&vm, 64UL << 20))
			_exit(2);
		vm_load(&vm, g_forever, GUEST_SIZE(forever));
		if (vm_real_mode(vm.vcpu, GUEST_LOAD))
			_exit(3);
		if (write(pfd[1], "r", 1) != 1)
			_exit(4);
		ioctl(vm.vcpu, VPART_RUN, 0);
		_exit(5);
	}
	close(pfd[1]);
	ASSERT_EQ(1, read(pfd[0], &c, 1));
	usleep(300 * 1000);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	/* The 64 MiB it pinned are back. */
	after = mem_available_kb();
	EXPECT_GT(after, before - 16 * 1024);
	{
		struct vm vm;

		ASSERT_EQ(0, vm_create(&vm, VM_MEM_SIZE));
		vm_destroy(&vm);
	}
}

TEST_F(vm, fail_entry_reports_hardware_reason)
{
	struct vpart_sregs s;

	LOAD_REAL(hello);
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_GET_SREGS, &s));
	/* TR must be a present TSS: the CPU refuses anything else. */
	s.tr.type = 0;
	s.tr.present = 0;
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_SET_SREGS, &s));
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_RUN, 0));
	EXIT_IS(VPART_EXIT_FAIL_ENTRY);
	EXPECT_EQ(0x80000021, self->vm.run->fail_entry.hardware_exit_reason);
}

TEST_F(vm, regs_round_trip)
{
	struct vpart_regs r, back;

	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_GET_REGS, &r));
	EXPECT_EQ(0xfff0, r.rip);	/* reset state */
	EXPECT_EQ(2, r.rflags);
	for (int i = 0; i < 16; i++)
		(&r.rax)[i] = 0x1000 + i;
	r.rip = 0x1234;
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_SET_REGS, &r));
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_GET_REGS, &back));
	EXPECT_EQ(0, memcmp(&r, &back, sizeof(r)));
	r.rflags = 1ULL << 40;	/* reserved */
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_SET_REGS, &r));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(vm, bad_arguments)
{
	struct vpart_memory_region r = { .slot = 1, .guest_phys_addr = 0x100000,
					 .memory_size = 4096 };
	struct vpart_sregs s;
	struct {
		struct vpart_cpuid c;
		struct vpart_cpuid_entry e[1];
	} tab = { .c.nent = 1000 };
	void *p;

	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_CREATE_VCPU, VPART_MAX_VCPUS));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_CREATE_VCPU, 0));
	EXPECT_EQ(EEXIST, errno);
	r.userspace_addr = (uintptr_t)self->vm.mem + 1;
	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, &r));
	EXPECT_EQ(EINVAL, errno);
	r.userspace_addr = (uintptr_t)self->vm.mem;
	r.guest_phys_addr = 0x80000;	/* overlaps slot 0 */
	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, &r));
	EXPECT_EQ(EEXIST, errno);
	r.guest_phys_addr = 0x100000;
	r.userspace_addr = 0x1000;	/* nothing mapped there */
	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, &r));
	EXPECT_EQ(EFAULT, errno);
	r.userspace_addr = 0x10000;
	r.memory_size = 1ULL << 46;	/* more than any host has */
	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, &r));
	EXPECT_EQ(ENOMEM, errno);
	r.memory_size = 4096;
	r.slot = VPART_MAX_MEM_SLOTS;
	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, &r));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->vm.part, VPART_SET_MEMORY_REGION, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_SET_CPUID, &tab));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_GET_SREGS, &s));
	s.efer = 1ULL << 20;
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_SET_SREGS, &s));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, VPART_RUN, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->vm.vcpu, _IO(VPARTIO, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->vm.dev, VPART_CREATE_PARTITION, 1));
	EXPECT_EQ(EINVAL, errno);
	p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, self->vm.vcpu, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(4096, ioctl(self->vm.dev, VPART_GET_VCPU_MMAP_SIZE, 0));
}

static long module_refcnt(void)
{
	long n = -1;
	FILE *f = fopen("/sys/module/vpart/refcnt", "r");

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

TEST(partition_pins_the_module)
{
	long base = module_refcnt();
	struct vm vm;

	ASSERT_LE(0, base);
	ASSERT_EQ(0, vm_create(&vm, VM_MEM_SIZE));
	EXPECT_GT(module_refcnt(), base);
	vm_destroy(&vm);
	EXPECT_EQ(base, module_refcnt());
}

/* Random ioctls on every fd kind; the kernel must survive and stay sane. */
TEST_F_TIMEOUT(vm, random_ioctl_loop, 120)
{
	static const unsigned long cmds[] = {
		VPART_GET_API_VERSION, VPART_GET_CAPS, VPART_CREATE_PARTITION,
		VPART_GET_VCPU_MMAP_SIZE, VPART_SET_MEMORY_REGION, VPART_CREATE_VCPU,
		VPART_RUN, VPART_GET_REGS, VPART_SET_REGS, VPART_GET_SREGS,
		VPART_SET_SREGS, VPART_SET_CPUID, VPART_GET_MSRS, VPART_SET_MSRS,
		VPART_INTERRUPT, _IO(VPARTIO, 0x55), 0x12345678,
	};
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_interval.tv_usec = 20000, .it_value.tv_usec = 20000 };
	struct vpart_regs r;
	unsigned char *buf;
	unsigned int i, j;
	int fds[3], ret;

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	buf = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	fds[0] = self->vm.dev;
	fds[1] = self->vm.part;
	fds[2] = self->vm.vcpu;
	srand(20261125);
	for (i = 0; i < 3000; i++) {
		unsigned long cmd = cmds[rand() % ARRAY_SIZE(cmds)];
		unsigned long arg;

		for (j = 0; j < 64; j++)
			buf[rand() % 65536] = rand();
		/* Keep slot requests small: no point pinning all of memory. */
		((struct vpart_memory_region *)buf)->memory_size &= 0xffff000;
		switch (rand() % 4) {
		case 0:
			arg = 0;
			break;
		case 1:
			arg = rand() % 80;
			break;
		case 2:
			arg = (unsigned long)buf + (rand() % 64) * 8;
			break;
		default:
			arg = (unsigned long)rand() << 12;
			break;
		}
		ret = ioctl(fds[rand() % 3], cmd, arg);
		/* New partitions and vCPUs: close them again. */
		if (ret > 2 && ret != fds[0] && ret != fds[1] && ret != fds[2] &&
		    (cmd == VPART_CREATE_PARTITION || cmd == VPART_CREATE_VCPU))
			close(ret);
	}
	it.it_interval.tv_usec = it.it_value.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	ASSERT_EQ(0, ioctl(self->vm.vcpu, VPART_GET_REGS, &r));
	munmap(buf, 65536);
}

TEST_HARNESS_MAIN
