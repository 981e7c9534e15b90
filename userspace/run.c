// SPDX-License-Identifier: GPL-2.0
/*
 * `vpart run`: the worker process of one VM. It loads the kernel with the
 * 64-bit boot protocol (boot.c), creates the partition and its vCPU and
 * serves the exits the kernel sends up: the 8250 UART at 0x3f8 (output;
 * interrupts, timers and the rest of the platform come with issue 4's
 * LAPIC work), reset through i8042/port 0x92, triple fault.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cpuid.h>
#include "uapi/vpart/vpart.h"
#include "boot.h"
#include "vpart.h"

#define EXIT_REBOOT	3	/* the guest asked for a reset (--no-reboot) */

static atomic_int stop_signal;	/* lock-free: safe in a handler */

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* Exits served, by kind: printed when the VM is stopped from outside. */
static unsigned long exit_counts[8];

struct vm_opts {
	const char *kernel, *initrd, *cmdline, *console;
	uint64_t memory;
	unsigned int cpus;
	int no_reboot;
};

static void *read_file(const char *path, size_t *len, const char *what)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "vpart: cannot read %s %s: %s\n", what, path,
			fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		fprintf(stderr, "vpart: cannot read %s %s\n", what, path);
		free(buf);
		close(fd);
		return NULL;
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

/* The host's CPUID leaves; the kernel adds its policy on top. */
static int set_cpuid(int vcpu)
{
	static struct {
		struct vpart_cpuid c;
		struct vpart_cpuid_entry e[VPART_CPUID_MAX_ENTRIES];
	} t;
	static const unsigned int bases[] = { 0, 0x80000000u };
	unsigned int i, base, leaf, max, a, b, c, d;

	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		base = bases[i];
		__cpuid(base, max, b, c, d);
		for (leaf = base; leaf <= max && leaf < base + 0x20 &&
		     t.c.nent < VPART_CPUID_MAX_ENTRIES; leaf++) {
			struct vpart_cpuid_entry *e = &t.e[t.c.nent++];

			__cpuid_count(leaf, 0, a, b, c, d);
			*e = (struct vpart_cpuid_entry){ .function = leaf, .eax = a,
				.ebx = b, .ecx = c, .edx = d };
			/* No x2APIC, TSC deadline, MONITOR, PCID or perfmon yet. */
			if (leaf == 1)
				e->ecx &= ~(1u << 21 | 1u << 24 | 1u << 3 | 1u << 17);
			if (leaf == 0xa)
				e->eax = e->ebx = e->ecx = e->edx = 0;
		}
	}
	return ioctl(vcpu, VPART_SET_CPUID, &t);
}

static int boot_regs(int vcpu, const struct vp_boot_info *bi)
{
	struct vpart_segment code = { .limit = 0xffffffff, .selector = VP_BOOT_CS,
		.type = 11, .present = 1, .s = 1, .l = 1, .g = 1 };
	struct vpart_segment data = { .limit = 0xffffffff, .selector = VP_BOOT_DS,
		.type = 3, .present = 1, .s = 1, .db = 1, .g = 1 };
	struct vpart_sregs s;
	struct vpart_regs r = { .rip = bi->entry, .rsp = bi->stack, .rbp = bi->stack,
				.rsi = bi->zero_page, .rflags = 2 };

	if (ioctl(vcpu, VPART_GET_SREGS, &s))
		return -1;
	s.cs = code;
	s.ds = s.es = s.fs = s.gs = s.ss = data;
	s.tr = (struct vpart_segment){ .limit = 0xffff, .type = 11, .present = 1 };
	s.ldt = (struct vpart_segment){ .unusable = 1 };
	s.gdt.base = VP_BOOT_GDT;
	s.gdt.limit = 0x1f;
	s.idt.base = 0;
	s.idt.limit = 0;
	s.cr0 = 0x80000011;		/* PG, ET, PE */
	s.cr3 = bi->cr3;
	s.cr4 = 0x20;			/* PAE */
	s.efer = 0x500;			/* LME, LMA */
	return ioctl(vcpu, VPART_SET_SREGS, &s) || ioctl(vcpu, VPART_SET_REGS, &r) ? -1 : 0;
}

/* 8250 at 0x3f8: enough for output. LSR says "transmitter empty" always. */
static void uart_io(struct vpart_run *run, FILE *out)
{
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	unsigned int reg = run->io.port - 0x3f8;
	static uint8_t lcr, scratch;

	if (run->io.direction == VPART_EXIT_IO_OUT) {
		if (reg == 0 && !(lcr & 0x80)) {
			fputc(data[0], out);
			if (data[0] == '\n')
				fflush(out);
		} else if (reg == 3) {
			lcr = data[0];
		} else if (reg == 7) {
			scratch = data[0];
		}
		return;
	}
	switch (reg) {
	case 3:
		data[0] = lcr;
		break;
	case 5:
		data[0] = 0x60;		/* THR empty, transmitter idle */
		break;
	case 7:
		data[0] = scratch;
		break;
	default:
		data[0] = 0;
	}
}

static int serve(int vcpu, struct vpart_run *run, FILE *con)
{
	for (;;) {
		uint8_t *data;

		if (ioctl(vcpu, VPART_RUN, 0)) {
			if (errno == EINTR && stop_signal) {
				struct vpart_regs r = { 0 };

				fflush(con);
				ioctl(vcpu, VPART_GET_REGS, &r);
				fprintf(stderr, "vpart: stopped by signal %d at rip 0x%llx after %lu I/O and %lu MMIO exits\n",
					(int)stop_signal, (unsigned long long)r.rip,
					exit_counts[VPART_EXIT_IO], exit_counts[VPART_EXIT_MMIO]);
				return 128 + stop_signal;
			}
			if (errno == EINTR)
				continue;
			fprintf(stderr, "vpart: RUN: %s\n", strerror(errno));
			return 1;
		}
		data = (uint8_t *)run + run->io.data_offset;
		exit_counts[run->exit_reason & 7]++;
		switch (run->exit_reason) {
		case VPART_EXIT_IO:
			if (run->io.port >= 0x3f8 && run->io.port <= 0x3ff) {
				uart_io(run, con);
			} else if ((run->io.port == 0x64 && run->io.direction == VPART_EXIT_IO_OUT &&
				    data[0] == 0xfe) ||
				   (run->io.port == 0x92 && run->io.direction == VPART_EXIT_IO_OUT &&
				    (data[0] & 1))) {
				fflush(con);
				return EXIT_REBOOT;
			} else if (run->io.direction == VPART_EXIT_IO_IN) {
				memset(data, 0xff, run->io.size);	/* nothing there */
			}
			break;
		case VPART_EXIT_MMIO:
			if (!run->mmio.is_write)
				memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
			break;
		case VPART_EXIT_SHUTDOWN: {
			struct vpart_regs r = { 0 };
			struct vpart_sregs sr = { 0 };

			fflush(con);
			ioctl(vcpu, VPART_GET_REGS, &r);
			ioctl(vcpu, VPART_GET_SREGS, &sr);
			fprintf(stderr, "vpart: guest triple fault at rip 0x%llx (cr0 0x%llx cr4 0x%llx efer 0x%llx cs.l %u)\n",
				(unsigned long long)r.rip, (unsigned long long)sr.cr0,
				(unsigned long long)sr.cr4, (unsigned long long)sr.efer, sr.cs.l);
			return EXIT_REBOOT;
		}
		case VPART_EXIT_HLT:
			fflush(con);
			fprintf(stderr, "vpart: the guest halted with interrupts off\n");
			return 1;
		case VPART_EXIT_FAIL_ENTRY:
			fprintf(stderr, "vpart: VM entry failed: reason 0x%llx, error %u\n",
				(unsigned long long)run->fail_entry.hardware_exit_reason,
				run->fail_entry.vm_instruction_error);
			return 1;
		case VPART_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "vpart: internal error %u (data 0x%llx 0x%llx)\n",
				run->internal.suberror,
				(unsigned long long)run->internal.data[0],
				(unsigned long long)run->internal.data[1]);
			return 1;
		default:
			fprintf(stderr, "vpart: unexpected exit %u\n", run->exit_reason);
			return 1;
		}
	}
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "vpart run: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "memory", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'n' },
		{ "console", required_argument, NULL, 'o' },
		{ "no-reboot", no_argument, NULL, 'R' },
		{ 0 }
	};
	struct vm_opts o = { .cmdline = "console=ttyS0", .memory = 512ULL << 20,
			     .cpus = 1, .console = "stdio" };
	struct sigaction stop_action = { .sa_handler = on_stop };	/* no SA_RESTART */
	struct vpart_memory_region r = { 0 };
	struct vp_boot_image img = { 0 };
	struct vp_boot_info bi;
	struct vpart_run *run;
	char err[160], *end;
	FILE *con = stdout;
	uint8_t *mem;
	int opt, dev, part, vcpu;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			o.kernel = optarg;
			break;
		case 'i':
			o.initrd = optarg;
			break;
		case 'c':
			o.cmdline = optarg;
			break;
		case 'o':
			o.console = optarg;
			break;
		case 'R':
			o.no_reboot = 1;
			break;
		case 'm':
			o.memory = vp_parse_size(optarg);
			if (!o.memory)
				return usage_error("bad --memory size", optarg);
			break;
		case 'n':
			o.cpus = strtoul(optarg, &end, 10);
			if (*end || !o.cpus || o.cpus > VPART_MAX_VCPUS)
				return usage_error("bad --cpus count", optarg);
			break;
		default:
			return usage_error("unknown or incomplete option", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!o.kernel)
		return usage_error("--kernel BZIMAGE is required", NULL);
	if (o.cpus != 1)
		return usage_error("only --cpus 1 for now (SMP needs the virtual LAPIC)", NULL);
	dev = vp_open_dev();
	if (dev < 0)
		return 1;
	img.kernel = read_file(o.kernel, &img.kernel_len, "kernel");
	if (!img.kernel)
		return 1;
	if (o.initrd) {
		img.initrd = read_file(o.initrd, &img.initrd_len, "initrd");
		if (!img.initrd)
			return 1;
	}
	img.cmdline = o.cmdline;
	mem = mmap(NULL, o.memory, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "vpart: cannot allocate %llu MiB of guest memory\n",
			(unsigned long long)(o.memory >> 20));
		return 1;
	}
	if (vp_boot_load(mem, o.memory, &img, &bi, err, sizeof(err))) {
		fprintf(stderr, "vpart: %s: %s\n", o.kernel, err);
		return 1;
	}
	if (strcmp(o.console, "stdio")) {
		con = fopen(o.console, "w");
		if (!con) {
			fprintf(stderr, "vpart: cannot open console file %s: %s\n",
				o.console, strerror(errno));
			return 1;
		}
	}
	part = ioctl(dev, VPART_CREATE_PARTITION, 0);
	if (part < 0) {
		fprintf(stderr, "vpart: cannot create a partition: %s\n",
			errno == ENODEV || errno == EPERM || errno == EOPNOTSUPP ?
			"this host has no usable VMX (see the kernel log)" :
			errno == EBUSY ? "VMX is in use by another hypervisor (is kvm_intel loaded?)" :
			strerror(errno));
		return 1;
	}
	r.memory_size = o.memory;
	r.userspace_addr = (uintptr_t)mem;
	if (ioctl(part, VPART_SET_MEMORY_REGION, &r)) {
		fprintf(stderr, "vpart: cannot register guest memory: %s\n", strerror(errno));
		return 1;
	}
	vcpu = ioctl(part, VPART_CREATE_VCPU, 0);
	run = vcpu < 0 ? MAP_FAILED :
	      mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED || set_cpuid(vcpu)) {
		fprintf(stderr, "vpart: cannot set up the vCPU: %s\n", strerror(errno));
		return 1;
	}
	/* Console output as it comes; a stop signal ends RUN (EINTR). */
	setvbuf(con, NULL, _IONBF, 0);
	sigaction(SIGINT, &stop_action, NULL);
	sigaction(SIGTERM, &stop_action, NULL);
	for (;;) {
		int ret;

		if (boot_regs(vcpu, &bi)) {
			fprintf(stderr, "vpart: cannot set up the vCPU: %s\n", strerror(errno));
			return 1;
		}
		ret = serve(vcpu, run, con);
		if (ret != EXIT_REBOOT || o.no_reboot)
			return ret;
		/* Reset: a fresh copy of everything the guest may have changed. */
		memset(mem, 0, o.memory);
		vp_boot_load(mem, o.memory, &img, &bi, err, sizeof(err));
	}
}
