// SPDX-License-Identifier: GPL-2.0
/*
 * `vpart run`: the worker process of one VM. It loads the kernel with the
 * 64-bit boot protocol (boot.c) and ACPI tables (acpi.c), creates the
 * partition with one thread per vCPU and serves the exits the kernel sends
 * up (platform.c). vCPU 0 starts at the kernel entry; the others wait in
 * the kernel for the guest's INIT/SIPI. A reset builds everything afresh.
 *
 * Threads: the main thread waits for the end (sigwait on SIGINT, SIGTERM
 * and SIGUSR2, which vm_stop() sends); vCPU threads are kicked out of RUN
 * with SIGUSR1 after immediate_exit is set; a reader thread feeds stdin to
 * the UART when the console is stdio.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cpuid.h>
#include "acpi.h"
#include "boot.h"
#include "control.h"
#include "ioapic.h"
#include "platform.h"
#include "rtc.h"
#include "uart.h"
#include "vm.h"
#include "vpart.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_BSP		(1u << 8)
#define APIC_BASE_EXTD		(1u << 10)
#define APIC_BASE_EN		(1u << 11)

struct vm_opts {
	const char *kernel, *initrd, *cmdline, *console, *name, *ics;
	uint64_t memory;
	unsigned int cpus;
	int no_reboot;
	const char *disks[VP_MAX_DISKS];	/* --disk specs */
	unsigned int ndisks;
	const char *nics[VP_MAX_NICS];	/* --nic specs */
	unsigned int nnics;
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

/*
 * The host's CPUID leaves (the kernel adds its policy: hypervisor and
 * x2APIC bits, Hyper-V leaves). Leaves with subleaves are copied subleaf
 * by subleaf; the topology leaf is made up for @ncpus single-thread cores.
 */
static int set_cpuid(int vcpu, unsigned int ncpus)
{
	static struct {
		struct vpart_cpuid c;
		struct vpart_cpuid_entry e[VPART_CPUID_MAX_ENTRIES];
	} t;
	static const unsigned int bases[] = { 0, 0x80000000u };
	unsigned int i, sub, base, leaf, max, a, b, c, d, shift = 0;

	t.c.nent = 0;
	while ((1u << shift) < ncpus)
		shift++;
	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		base = bases[i];
		__cpuid(base, max, b, c, d);
		for (leaf = base; leaf <= max && leaf < base + 0x20; leaf++) {
			unsigned int nsub = 1, indexed = 0;

			if (leaf == 4 || leaf == 7 || leaf == 0xb || leaf == 0xd) {
				indexed = VPART_CPUID_FLAG_INDEXED;
				nsub = leaf == 0xd ? 64 : leaf == 0xb ? 3 : 32;
			}
			if (leaf == 0x1f)
				continue;	/* v2 topology: 0xb says it all */
			for (sub = 0; sub < nsub && t.c.nent < VPART_CPUID_MAX_ENTRIES; sub++) {
				struct vpart_cpuid_entry *e = &t.e[t.c.nent];

				__cpuid_count(leaf, sub, a, b, c, d);
				if (leaf == 4 && sub && !(a & 0x1f))
					break;		/* no more cache levels */
				if (leaf == 7 && sub > (t.e[t.c.nent - sub].eax))
					break;
				if (leaf == 0xd && sub > 1 && !a)
					continue;
				if (leaf == 4)		/* cores per package - 1, one thread per cache */
					a = (a & 0x3fff) | ((ncpus - 1) << 26);
				if (leaf == 0xb) {	/* SMT: 1 thread; core: ncpus; then end */
					a = sub == 0 ? 0 : sub == 1 ? shift : 0;
					b = sub == 0 ? 1 : sub == 1 ? ncpus : 0;
					c = sub | (sub < 2 ? (sub + 1) << 8 : 0);
					d = 0;		/* the kernel fills in the x2APIC id */
				}
				*e = (struct vpart_cpuid_entry){ .function = leaf, .index = sub,
					.flags = indexed, .eax = a, .ebx = b, .ecx = c, .edx = d };
				/* No MONITOR, PCID or perfmon: not emulated. */
				if (leaf == 1) {
					e->ecx &= ~(1u << 3 | 1u << 17);
					/* Logical processor count for the package. */
					e->ebx = (e->ebx & 0xff00ffff) | (ncpus << 16);
					e->edx |= 1u << 28;	/* HTT: the count is valid */
				}
				if (leaf == 0xa)
					e->eax = e->ebx = e->ecx = e->edx = 0;
				t.c.nent++;
			}
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

void vm_stop(struct vm *vm, enum vm_end why)
{
	int running = VM_RUNNING;

	if (atomic_compare_exchange_strong(&vm->end, &running, why))
		pthread_kill(vm->main_thread, SIGUSR2);
}

static void report_regs(struct vm_vcpu *c, const char *what)
{
	struct vpart_regs r = { 0 };
	struct vpart_sregs sr = { 0 };

	ioctl(c->fd, VPART_GET_REGS, &r);
	ioctl(c->fd, VPART_GET_SREGS, &sr);
	fflush(c->vm->con);
	fprintf(stderr, "vpart: vCPU %u: %s at rip 0x%llx (cr0 0x%llx cr4 0x%llx efer 0x%llx)\n",
		c->id, what, (unsigned long long)r.rip, (unsigned long long)sr.cr0,
		(unsigned long long)sr.cr4, (unsigned long long)sr.efer);
}

/* One exit; returns VM_RUNNING to go on, else why the VM ends. */
static int vcpu_exit(struct vm_vcpu *c)
{
	struct vpart_run *run = c->run;
	struct vpart_mp_state wait = { .state = VPART_MP_STATE_WAIT_SIPI };

	c->exits[run->exit_reason & 7]++;
	switch (run->exit_reason) {
	case VPART_EXIT_IO:
		return vp_platform_io(c);
	case VPART_EXIT_MMIO:
		return vp_platform_mmio(c);
	case VPART_EXIT_SHUTDOWN:
		report_regs(c, "triple fault");
		return VM_RESET;
	case VPART_EXIT_HLT:
		/*
		 * HLT with interrupts off: an application processor parks
		 * (Linux's offline or stopped CPUs) until INIT/SIPI; the boot
		 * CPU doing it means the guest halted for good.
		 */
		if (c->id && !ioctl(c->fd, VPART_SET_MP_STATE, &wait))
			return VM_RUNNING;
		fflush(c->vm->con);
		fprintf(stderr, "vpart: the guest halted (HLT with interrupts off on vCPU %u)\n",
			c->id);
		return VM_ERROR;
	case VPART_EXIT_FAIL_ENTRY:
		fprintf(stderr, "vpart: vCPU %u: VM entry failed: reason 0x%llx, error %u\n",
			c->id, (unsigned long long)run->fail_entry.hardware_exit_reason,
			run->fail_entry.vm_instruction_error);
		return VM_ERROR;
	case VPART_EXIT_INTERNAL_ERROR:
		report_regs(c, "internal error");
		fprintf(stderr, "vpart: internal error %u (data 0x%llx 0x%llx)\n",
			run->internal.suberror, (unsigned long long)run->internal.data[0],
			(unsigned long long)run->internal.data[1]);
		return VM_ERROR;
	default:
		fprintf(stderr, "vpart: vCPU %u: unexpected exit %u\n", c->id, run->exit_reason);
		return VM_ERROR;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vm_vcpu *c = arg;
	struct vm *vm = c->vm;
	sigset_t kick;
	int why;

	sigemptyset(&kick);
	sigaddset(&kick, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);
	while (atomic_load(&vm->end) == VM_RUNNING) {
		if (ioctl(c->fd, VPART_RUN, 0)) {
			if (errno == EINTR)
				continue;	/* a kick: look at vm->end */
			fprintf(stderr, "vpart: vCPU %u: RUN: %s\n", c->id, strerror(errno));
			vm_stop(vm, VM_ERROR);
			break;
		}
		why = vcpu_exit(c);
		if (why != VM_RUNNING)
			vm_stop(vm, why);
	}
	return NULL;
}

/* stdin -> UART receive queue, for the life of the process. */
static void *input_thread(void *arg)
{
	struct vp_uart *uart = arg;
	uint8_t buf[256];
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			vp_uart_input(uart, buf, n);
	return NULL;
}

static void on_kick(int sig)
{
	(void)sig;
}

static int create_vcpus(struct vm *vm, int part, const struct vp_boot_info *bi)
{
	unsigned int i;

	for (i = 0; i < vm->ncpus; i++) {
		struct vm_vcpu *c = &vm->vcpus[i];
		struct vpart_mp_state wait = { .state = VPART_MP_STATE_WAIT_SIPI };
		struct {
			struct vpart_msrs h;
			struct vpart_msr_entry e[1];
		} apic = { { .nmsrs = 1 }, { { .index = MSR_APIC_BASE,
			.data = VP_LAPIC_BASE | APIC_BASE_EN | APIC_BASE_EXTD |
				(i ? 0 : APIC_BASE_BSP) } } };

		*c = (struct vm_vcpu){ .vm = vm, .id = i };
		c->fd = ioctl(part, VPART_CREATE_VCPU, i);
		c->run = c->fd < 0 ? MAP_FAILED :
			 mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
		/* Firmware's part: x2APIC on before the guest runs. */
		if (c->run == MAP_FAILED || set_cpuid(c->fd, vm->ncpus) ||
		    ioctl(c->fd, VPART_SET_MSRS, &apic) != 1 ||
		    (i ? ioctl(c->fd, VPART_SET_MP_STATE, &wait) : boot_regs(c->fd, bi))) {
			fprintf(stderr, "vpart: cannot set up vCPU %u: %s\n", i, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void destroy_vm(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->ncpus; i++) {
		if (vm->vcpus[i].run && vm->vcpus[i].run != MAP_FAILED)
			munmap(vm->vcpus[i].run, 4096);
		if (vm->vcpus[i].fd > 0)
			close(vm->vcpus[i].fd);
	}
	vp_ioapic_free(vm->ioapic);
	vm->ioapic = NULL;
	pthread_mutex_lock(&vm->ctl_lock);
	if (vm->part >= 0)
		close(vm->part);
	vm->part = -1;
	vm->disks_live = 0;
	for (i = 0; i < vm->ndisks; i++)
		vm->disks[i].id = 0;
	for (i = 0; i < vm->nnics; i++)
		vm->nics[i].id = 0;
	pthread_mutex_unlock(&vm->ctl_lock);
}

/*
 * The VMBus devices of --ic, offered to the guest once it connects. Without
 * vpart_vmbus the guest just finds no VMBus host; say so once.
 */
static int add_vmbus_devices(struct vm *vm)
{
	static int warned;
	char list[128], *cls, *save, err[256];
	unsigned int i;

	/* Disks first: a guest must not boot without the disks it was given. */
	pthread_mutex_lock(&vm->ctl_lock);
	for (i = 0; i < vm->ndisks; i++)
		if (vp_disk_attach(vm->part, &vm->disks[i], err, sizeof(err))) {
			pthread_mutex_unlock(&vm->ctl_lock);
			fprintf(stderr, "vpart: disk %s\n", err);
			return -1;
		}
	for (i = 0; i < vm->nnics; i++)
		if (vp_nic_attach(vm->part, &vm->nics[i], err, sizeof(err))) {
			pthread_mutex_unlock(&vm->ctl_lock);
			fprintf(stderr, "vpart: nic %s\n", err);
			return -1;
		}
	vm->disks_live = 1;
	pthread_mutex_unlock(&vm->ctl_lock);
	if (!strcmp(vm->ics, "none"))
		return 0;
	snprintf(list, sizeof(list), "%s", vm->ics);
	for (cls = strtok_r(list, ",", &save); cls; cls = strtok_r(NULL, ",", &save)) {
		struct vpart_vmbus_device d = { 0 };

		snprintf(d.class_name, sizeof(d.class_name), "%s", cls);
		if (!ioctl(vm->part, VPART_VMBUS_ADD_DEVICE, &d))
			continue;
		if (errno == ENODEV) {
			if (!warned++)
				fprintf(stderr,
					"vpart: the VMBus host is not loaded (modprobe vpart_vmbus): the guest gets no VMBus devices\n");
			return 0;
		}
		fprintf(stderr, "vpart: cannot add VMBus device %s: %s\n", cls,
			errno == ENOENT ? "no such device class" : strerror(errno));
		return -1;
	}
	return 0;
}

/* One boot of the guest, from fresh memory to the end. Returns enum vm_end or 128+signal. */
static int boot_once(struct vm *vm, int dev, uint8_t *mem, uint64_t size,
		     const struct vp_boot_info *bi)
{
	struct vpart_memory_region r = { .memory_size = size, .userspace_addr = (uintptr_t)mem };
	unsigned int i, started = 0;
	sigset_t wait;
	int sig = 0, ret;

	pthread_mutex_lock(&vm->ctl_lock);
	vm->part = ioctl(dev, VPART_CREATE_PARTITION, 0);
	pthread_mutex_unlock(&vm->ctl_lock);
	if (vm->part < 0) {
		fprintf(stderr, "vpart: cannot create a partition: %s\n",
			errno == ENODEV || errno == EPERM || errno == EOPNOTSUPP ?
			"this host has no usable VMX (see the kernel log)" :
			errno == EBUSY ? "VMX is in use by another hypervisor (is kvm_intel loaded?)" :
			strerror(errno));
		return VM_ERROR;
	}
	if (ioctl(vm->part, VPART_SET_MEMORY_REGION, &r)) {
		fprintf(stderr, "vpart: cannot register %llu MiB of guest memory: %s\n",
			(unsigned long long)(size >> 20), strerror(errno));
		destroy_vm(vm);
		return VM_ERROR;
	}
	vm->ioapic = vp_ioapic_new(vp_platform_deliver, vm);
	atomic_store(&vm->end, VM_RUNNING);
	if (!vm->ioapic || create_vcpus(vm, vm->part, bi) || add_vmbus_devices(vm)) {
		destroy_vm(vm);
		return VM_ERROR;
	}
	for (i = 0; i < vm->ncpus; i++, started++)
		if (pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread, &vm->vcpus[i])) {
			fprintf(stderr, "vpart: cannot start vCPU threads\n");
			vm_stop(vm, VM_ERROR);
			break;
		}
	sigemptyset(&wait);
	sigaddset(&wait, SIGINT);
	sigaddset(&wait, SIGTERM);
	sigaddset(&wait, SIGUSR2);
	while (atomic_load(&vm->end) == VM_RUNNING) {
		if (sigwait(&wait, &sig))
			continue;
		if (sig == SIGINT || sig == SIGTERM)
			vm_stop(vm, 128 + sig);
	}
	ret = atomic_load(&vm->end);
	/* Everybody out of RUN: immediate_exit covers a kick that comes early. */
	for (i = 0; i < started; i++) {
		vm->vcpus[i].run->immediate_exit = 1;
		pthread_kill(vm->vcpus[i].thread, SIGUSR1);
	}
	for (i = 0; i < started; i++)
		pthread_join(vm->vcpus[i].thread, NULL);
	fflush(vm->con);
	if (ret >= 128) {
		unsigned long io = 0, mmio = 0;

		for (i = 0; i < vm->ncpus; i++) {
			io += vm->vcpus[i].exits[VPART_EXIT_IO];
			mmio += vm->vcpus[i].exits[VPART_EXIT_MMIO];
		}
		fprintf(stderr, "vpart: stopped by signal %d after %lu I/O and %lu MMIO exits\n",
			ret - 128, io, mmio);
	}
	destroy_vm(vm);
	return ret;
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "vpart run: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

static int parse_opts(int argc, char **argv, struct vm_opts *o)
{
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "memory", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'n' },
		{ "console", required_argument, NULL, 'o' },
		{ "no-reboot", no_argument, NULL, 'R' },
		{ "name", required_argument, NULL, 'N' },
		{ "ic", required_argument, NULL, 'I' },
		{ "disk", required_argument, NULL, 'D' },
		{ "nic", required_argument, NULL, 'E' },
		{ 0 }
	};
	char *end;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			o->kernel = optarg;
			break;
		case 'i':
			o->initrd = optarg;
			break;
		case 'c':
			o->cmdline = optarg;
			break;
		case 'o':
			o->console = optarg;
			break;
		case 'R':
			o->no_reboot = 1;
			break;
		case 'N':
			if (!vp_name_ok(optarg))
				return usage_error("bad --name (up to 31 of A-Z a-z 0-9 - _ .)", optarg);
			o->name = optarg;
			break;
		case 'I':
			o->ics = optarg;
			break;
		case 'D':
			if (o->ndisks == VP_MAX_DISKS)
				return usage_error("too many --disk (16 at most)", optarg);
			o->disks[o->ndisks++] = optarg;
			break;
		case 'E':
			if (o->nnics == VP_MAX_NICS)
				return usage_error("too many --nic (8 at most)", optarg);
			o->nics[o->nnics++] = optarg;
			break;
		case 'm':
			o->memory = vp_parse_size(optarg);
			if (!o->memory)
				return usage_error("bad --memory size", optarg);
			break;
		case 'n':
			o->cpus = strtoul(optarg, &end, 10);
			if (*end || !o->cpus || o->cpus > VPART_MAX_VCPUS)
				return usage_error("bad --cpus count (1-64)", optarg);
			break;
		default:
			return usage_error("unknown or incomplete option", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!o->kernel)
		return usage_error("--kernel BZIMAGE is required", NULL);
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct vm_opts o = { .cmdline = "console=ttyS0", .memory = 512ULL << 20,
			     .cpus = 1, .console = "stdio",
			     .ics = "heartbeat,shutdown,timesync" };
	struct sigaction kick = { .sa_handler = on_kick };	/* no SA_RESTART */
	struct vp_boot_image img = { 0 };
	struct vp_boot_info bi;
	struct vm vm = { .part = -1, .ctl_fd = -1 };
	pthread_t input;
	sigset_t block;
	char err[320];
	uint8_t *mem;
	int dev, ret;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret;
	/* NICs are checked before anything opens: a bad spec is a usage error. */
	for (; vm.nnics < o.nnics; vm.nnics++) {
		unsigned int i;

		if (vp_nic_parse(o.nics[vm.nnics], &vm.nics[vm.nnics], err, sizeof(err))) {
			fprintf(stderr, "vpart: --nic: %s\n", err);
			return 2;
		}
		for (i = 0; i < vm.nnics; i++)
			if (!strcmp(vm.nics[i].name, vm.nics[vm.nnics].name)) {
				fprintf(stderr, "vpart: --nic: %s given twice\n", vm.nics[i].name);
				return 2;
			}
	}
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
	/* Check the image and memory size before the partition exists. */
	if (vp_acpi_build(mem, o.memory, o.cpus, &img.acpi_rsdp) ||
	    vp_boot_load(mem, o.memory, &img, &bi, err, sizeof(err))) {
		fprintf(stderr, "vpart: %s: %s\n", o.kernel,
			img.acpi_rsdp ? err : "memory too small for the ACPI tables");
		return 1;
	}
	vm.con = stdout;
	if (strcmp(o.console, "stdio")) {
		vm.con = fopen(o.console, "w");
		if (!vm.con) {
			fprintf(stderr, "vpart: cannot open console file %s: %s\n",
				o.console, strerror(errno));
			return 1;
		}
	}
	setvbuf(vm.con, NULL, _IONBF, 0);
	vm.ncpus = o.cpus;
	vm.vcpus = calloc(o.cpus, sizeof(*vm.vcpus));
	vm.uart = vp_uart_new(vm.con, vp_platform_uart_irq, &vm);
	vm.rtc = vp_rtc_new(NULL);
	if (!vm.vcpus || !vm.uart || !vm.rtc) {
		fprintf(stderr, "vpart: out of memory\n");
		return 1;
	}
	pthread_mutex_init(&vm.pci_lock, NULL);
	pthread_mutex_init(&vm.ctl_lock, NULL);
	vm.main_thread = pthread_self();
	vm.memory = o.memory;
	vm.ics = o.ics;
	/* Backings are opened now, with the caller's rights, before any boot. */
	for (; vm.ndisks < o.ndisks; vm.ndisks++) {
		struct vp_disk *d = &vm.disks[vm.ndisks];

		if (vp_disk_parse(o.disks[vm.ndisks], d, err, sizeof(err))) {
			fprintf(stderr, "vpart: --disk: %s\n", err);
			return 2;
		}
		if (vp_disk_open(d, err, sizeof(err))) {
			fprintf(stderr, "vpart: --disk %s\n", err);
			return 1;
		}
	}
	if (o.name)
		snprintf(vm.name, sizeof(vm.name), "%s", o.name);
	else
		snprintf(vm.name, sizeof(vm.name), "vm%d", (int)getpid());
	ret = vp_control_listen(vm.name);
	if (ret < 0 || vp_control_start(&vm, ret)) {
		vp_control_stop(vm.name, ret);
		return 1;
	}

	/* Stop signals are taken by sigwait in the main thread only. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	sigaction(SIGUSR1, &kick, NULL);
	/* Console input only where the output goes to the same terminal. */
	if (!strcmp(o.console, "stdio"))
		pthread_create(&input, NULL, input_thread, vm.uart);

	for (;;) {
		ret = boot_once(&vm, dev, mem, o.memory, &bi);
		if (ret != VM_RESET || o.no_reboot) {
			vp_control_stop(vm.name, vm.ctl_fd);
			return ret;
		}
		/* Reset: fresh memory and tables, a new partition. */
		memset(mem, 0, o.memory);
		vp_acpi_build(mem, o.memory, o.cpus, &img.acpi_rsdp);
		vp_boot_load(mem, o.memory, &img, &bi, err, sizeof(err));
	}
}
