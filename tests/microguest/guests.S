/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Micro-guests: tiny programs the runners (microguest.c on /dev/vpart,
 * kvm_bench.c on /dev/kvm) copy to guest-physical LOAD and start at
 * 0000:LOAD in real mode, or in long mode where the runner sets it up.
 * Ports: 0xe9 one byte, 0xea one 32-bit value; the end is a HLT with
 * interrupts off. A(x) is x's guest-physical address.
 */
#define LOAD	0x1000
#define A(x)	((x) - .Lbase + LOAD)

#define GUEST(name)		\
	.globl g_##name;	\
	.globl g_##name##_end;	\
g_##name:			\
.Lbase = g_##name

#define END(name)		\
g_##name##_end:

	.section .rodata.guests, "a"

/* Real mode: print a string through port I/O. */
	.code16
GUEST(hello)
	mov	$A(1f), %si
2:	lodsb
	test	%al, %al
	jz	3f
	out	%al, $0xe9
	jmp	2b
3:	cli
	hlt
1:	.asciz	"hello\n"
END(hello)

/* Real mode -> 32-bit protected mode through our own GDT. */
	.code16
GUEST(pm32)
	cli
	lgdtl	A(1f)
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	$0x08, $A(2f)
	.code32
2:	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %ss
	mov	$0x8000, %esp
	mov	$0x32, %al
	out	%al, $0xe9
	mov	%cr0, %eax
	out	%eax, $0xea
	push	$0x5a5a1234
	pop	%ebx
	mov	%ebx, %eax
	out	%eax, $0xea
	hlt
	.p2align 3
3:	.quad	0
	.quad	0x00cf9b000000ffff
	.quad	0x00cf93000000ffff
1:	.word	23
	.long	A(3b)
END(pm32)

/* Real mode -> long mode: page tables, PAE, EFER.LME, CR0.PG, far jump. */
	.code16
GUEST(lm64)
	cli
	mov	$0x1000, %ax
	mov	%ax, %es
	xor	%di, %di
	xor	%eax, %eax
	mov	$0xc00, %cx
	cld
	rep stosl
	movl	$0x11003, %es:0x0000
	movl	$0x12003, %es:0x1000
	movl	$0x00083, %es:0x2000
	mov	%cr4, %eax
	or	$0x20, %eax
	mov	%eax, %cr4
	mov	$0x10000, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x100, %eax
	wrmsr
	lgdtl	A(1f)
	mov	%cr0, %eax
	or	$0x80000001, %eax
	mov	%eax, %cr0
	ljmpl	$0x08, $A(2f)
	.code64
2:	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %ss
	mov	$0x8000, %esp
	mov	$0x64, %al
	out	%al, $0xe9
	mov	$0xc0000080, %ecx
	rdmsr
	out	%eax, $0xea
	movabs	$0x123456789abcdef0, %rax
	push	%rax
	pop	%rbx
	shr	$32, %rbx
	mov	%ebx, %eax
	out	%eax, $0xea
	hlt
	.p2align 3
3:	.quad	0
	.quad	0x00af9b000000ffff
	.quad	0x00cf93000000ffff
1:	.word	23
	.long	A(3b)
END(lm64)

/* CPUID: hypervisor leaf, leaf 1 ECX, leaf 0 EBX. */
	.code16
GUEST(cpuid)
	mov	$0x40000000, %eax
	cpuid
	mov	%ebx, %eax
	out	%eax, $0xea
	mov	%ecx, %eax
	out	%eax, $0xea
	mov	%edx, %eax
	out	%eax, $0xea
	mov	$1, %eax
	cpuid
	mov	%ecx, %eax
	out	%eax, $0xea
	xor	%eax, %eax
	cpuid
	mov	%ebx, %eax
	out	%eax, $0xea
	mov	$0x80000001, %eax
	cpuid
	mov	%edx, %eax
	out	%eax, $0xea
	mov	$7, %eax
	xor	%ecx, %ecx
	cpuid
	mov	%ecx, %eax
	out	%eax, $0xea
	cli
	hlt
END(cpuid)

/* WRMSR/RDMSR of PAT, then an unknown MSR: #GP through the IVT. */
	.code16
GUEST(msr)
	movw	$A(1f), 0x34
	movw	$0, 0x36
	mov	$0x277, %ecx
	mov	$0x00070106, %eax
	mov	$0x00070406, %edx
	wrmsr
	xor	%eax, %eax
	xor	%edx, %edx
	rdmsr
	out	%eax, $0xea
	mov	%edx, %eax
	out	%eax, $0xea
	mov	$0x12345, %ecx
	rdmsr
	mov	$0xbad, %eax
	out	%eax, $0xea
	cli
	hlt
1:	mov	$0x0d, %al
	out	%al, $0xe9
	cli
	hlt
END(msr)

/* HLT with interrupts on: the vCPU sleeps in the kernel until INTERRUPT. */
	.code16
GUEST(hltirq)
	cli
	movw	$A(1f), 0x80
	movw	$0, 0x82
	mov	$0x8000, %sp
	sti
	hlt
	mov	$'W', %al
	out	%al, $0xe9
	cli
	hlt
1:	mov	$'I', %al
	out	%al, $0xe9
	iret
END(hltirq)

/* Outside guest RAM: read and write at 1 MiB, then execute there. */
	.code16
GUEST(outside)
	mov	$0xffff, %ax
	mov	%ax, %ds
	mov	0x10, %al
	out	%al, $0xe9
	movb	$0x99, 0x20
	ljmp	$0xffff, $0x0010
END(outside)

/* Triple fault: an empty IVT makes INT 3 fault until shutdown. */
	.code16
GUEST(triple)
	lidt	A(1f)
	int	$3
	hlt
1:	.word	0
	.long	0
END(triple)

/* Spin through CPUID exits, then report the APIC ID CPUID gives. */
	.code16
GUEST(spin)
	mov	$300, %si
1:	xor	%eax, %eax
	cpuid
	dec	%si
	jnz	1b
	mov	$1, %eax
	cpuid
	shr	$24, %ebx
	mov	%bl, %al
	out	%al, $0xe9
	cli
	hlt
END(spin)

/* Report the dword at 0x2000, then store one at 0x3000. */
	.code16
GUEST(peek)
	mov	0x2000, %eax
	out	%eax, $0xea
	movl	$0x11111111, 0x3000
	cli
	hlt
END(peek)

/* Loop forever (signals, kill). */
	.code16
GUEST(forever)
1:	jmp	1b
END(forever)

/* Benchmarks: ESI iterations of one exit each (the runner sets ESI). */
	.code16
GUEST(bench_cpuid)
1:	xor	%eax, %eax
	cpuid
	dec	%esi
	jnz	1b
	cli
	hlt
END(bench_cpuid)

	.code16
GUEST(bench_pio)
1:	out	%al, $0xe9
	dec	%esi
	jnz	1b
	cli
	hlt
END(bench_pio)

	.code16
GUEST(bench_none)
1:	dec	%esi
	jnz	1b
	cli
	hlt
END(bench_none)

/*
 * Long mode (set up by the runner, identity-mapped 4 GiB): the MMIO forms
 * drivers use, against RBX = 0xd0000000 outside RAM.
 */
	.code64
GUEST(mmio64)
	mov	$0xd0000000, %ebx
	movl	$0x12345678, (%rbx)
	movabs	$0x1122334455667788, %rax
	mov	%rax, 8(%rbx)
	mov	%ah, 16(%rbx)
	movw	$0xbeef, 18(%rbx)
	mov	$-1, %rcx
	mov	0x20(%rbx), %ecx
	movzbl	0x28(%rbx), %edx
	movsbq	0x30(%rbx), %rsi
	mov	0x38(%rbx), %r9
	lea	0x40(%rbx), %rdi
	mov	$0xab, %al
	stosb
	mov	%ecx, %eax
	out	%eax, $0xea
	shr	$32, %rcx
	mov	%ecx, %eax
	out	%eax, $0xea
	mov	%edx, %eax
	out	%eax, $0xea
	mov	%esi, %eax
	out	%eax, $0xea
	shr	$32, %rsi
	mov	%esi, %eax
	out	%eax, $0xea
	mov	%r9d, %eax
	out	%eax, $0xea
	shr	$32, %r9
	mov	%r9d, %eax
	out	%eax, $0xea
	sub	%rbx, %rdi
	mov	%edi, %eax
	out	%eax, $0xea
	hlt
END(mmio64)

/* Long mode: read a read-only slot at 2 MiB, write it, read it again. */
	.code64
GUEST(ro64)
	mov	$0x200000, %ebx
	mov	(%rbx), %eax
	out	%eax, $0xea
	movl	$0x11223344, (%rbx)
	mov	(%rbx), %eax
	out	%eax, $0xea
	hlt
END(ro64)

/*
 * x2APIC timer (MSR interface) in real mode: three periodic interrupts on
 * vector 0x40, then one TSC-deadline interrupt on 0x41; each handler
 * prints a letter and writes EOI. Reports TMCCT while periodic runs and
 * the PPR seen inside a handler. The runner turns x2APIC on first.
 */
	.code16
GUEST(apictimer)
	cli
	movw	$A(1f), 0x100		/* IVT[0x40] */
	movw	$0, 0x102
	movw	$A(2f), 0x104		/* IVT[0x41] */
	movw	$0, 0x106
	mov	$0x8000, %sp
	xor	%edx, %edx
	mov	$0x80f, %ecx		/* SVR: software enable */
	mov	$0x1ff, %eax
	wrmsr
	mov	$0x83e, %ecx		/* TDCR: divide by 1 */
	mov	$0xb, %eax
	wrmsr
	mov	$0x832, %ecx		/* LVT timer: periodic, vector 0x40 */
	mov	$0x20040, %eax
	wrmsr
	mov	$0x838, %ecx		/* TMICT: 2 ms at 1 GHz */
	mov	$2000000, %eax
	wrmsr
	mov	$0x839, %ecx		/* TMCCT: counting down */
	rdmsr
	out	%eax, $0xea
	xor	%bx, %bx
3:	sti
	hlt
	cli
	cmp	$3, %bx
	jb	3b
	mov	$0x838, %ecx		/* stop */
	xor	%eax, %eax
	wrmsr
	mov	$0x832, %ecx		/* LVT timer: TSC deadline, vector 0x41 */
	mov	$0x40041, %eax
	wrmsr
	rdtsc
	add	$1000000, %eax
	adc	$0, %edx
	mov	$0x6e0, %ecx
	wrmsr
	sti
	hlt
	cli
	mov	$0x6e0, %ecx		/* fired: the deadline reads 0 again */
	rdmsr
	out	%eax, $0xea
	mov	$0xffffffff, %eax	/* a deadline that never comes */
	mov	%eax, %edx
	wrmsr
	rdmsr
	out	%eax, $0xea
	xor	%eax, %eax		/* disarm */
	xor	%edx, %edx
	wrmsr
	mov	%bx, %ax
	out	%eax, $0xea
	hlt
1:	inc	%bx
	mov	$'T', %al
	out	%al, $0xe9
	mov	$0x80a, %ecx		/* PPR: the in-service vector's class */
	rdmsr
	out	%eax, $0xea
	mov	$0x80b, %ecx		/* EOI */
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	iret
2:	mov	$'D', %al
	out	%al, $0xe9
	mov	$0x80b, %ecx
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	iret
END(apictimer)

/*
 * Two vCPUs, one program. vCPU 0 starts vCPU 1 with INIT + SIPI (vector
 * 1: CS 0x100, so it enters this same code at 0x1000), waits for its flag,
 * sends it fixed IPI 0x50 and waits for the handler's mark. Each reports
 * its x2APIC id; the AP ends in HLT with interrupts off.
 */
	.code16
GUEST(sipi)
	cli
	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %ss
	mov	$0x802, %ecx		/* x2APIC id */
	rdmsr
	out	%eax, $0xea
	test	%eax, %eax
	jnz	5f
	/* vCPU 0 */
	mov	$0x8000, %sp
	movw	$A(4f), 0x140		/* IVT[0x50] */
	movw	$0, 0x142
	movl	$0, 0x2000
	mov	$0x830, %ecx
	mov	$1, %edx		/* destination: x2APIC id 1 */
	mov	$0x4500, %eax		/* INIT, assert */
	wrmsr
	mov	$0x4601, %eax		/* SIPI, vector 1 */
	wrmsr
1:	pause
	cmpl	$0x55, 0x2000
	jne	1b
	mov	$0x0050, %eax		/* fixed IPI, vector 0x50 */
	wrmsr
2:	pause
	cmpl	$0x66, 0x2000
	jne	2b
	mov	$'B', %al
	out	%al, $0xe9
	hlt
	/* vCPU 1: announce, take one IPI, halt for good */
5:	mov	$0x7000, %sp
	movl	$0x55, 0x2000
	sti
	hlt
	cli
	hlt
4:	mov	$'P', %al
	out	%al, $0xe9
	movl	$0x66, 0x2000
	mov	$0x80b, %ecx
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	iret
END(sipi)

/*
 * Hyper-V MSRs and a hypercall, long mode at CPL 0: guest OS id, then the
 * hypercall page at 0x3000 and a call through it (status comes back in
 * RAX), VP index, two reads of the reference counter, the TSC page at 0x4000.
 */
	.code64
GUEST(hyperv64)
	mov	$0x8000, %esp
	mov	$0x40000000, %ecx	/* GUEST_OS_ID */
	mov	$0x00000001, %eax
	mov	$0x81000006, %edx
	wrmsr
	mov	$0x40000001, %ecx	/* HYPERCALL: page 0x3000, enable */
	mov	$0x3001, %eax
	xor	%edx, %edx
	wrmsr
	rdmsr
	out	%eax, $0xea
	mov	$0x3000, %eax
	mov	(%rax), %eax		/* the stub the host wrote */
	out	%eax, $0xea
	mov	$0x1234, %ecx		/* an unknown call code */
	xor	%edx, %edx
	xor	%r8d, %r8d
	mov	$0x3000, %eax
	call	*%rax
	out	%eax, $0xea
	mov	$0x40000002, %ecx	/* VP_INDEX */
	rdmsr
	out	%eax, $0xea
	mov	$0x40000020, %ecx	/* TIME_REF_COUNT, twice */
	rdmsr
	mov	%eax, %ebx
	mov	$100000, %esi
1:	dec	%esi
	jnz	1b
	rdmsr
	sub	%ebx, %eax
	out	%eax, $0xea
	mov	$0x40000021, %ecx	/* REFERENCE_TSC: page 0x4000, enable */
	mov	$0x4001, %eax
	xor	%edx, %edx
	wrmsr
	mov	$0x4000, %eax
	mov	(%rax), %eax		/* sequence */
	out	%eax, $0xea
	mov	$0x40000023, %ecx	/* APIC_FREQUENCY */
	rdmsr
	out	%eax, $0xea
	hlt
END(hyperv64)

/*
 * VMBus host path (vmbus_bench.c; long mode set up by the runner, IF=0).
 * Hyper-V setup as Linux does it: guest OS id, hypercall page at 0x20000,
 * SIMP 0x21000, SIEFP 0x22000, SINT2 = vector 0xf3 unmasked, SCONTROL.
 * Then ESI rounds of HvPostMessage with the runner's input at 0x23000
 * (INITIATE_CONTACT), polling SIMP slot 2 for VERSION_RESPONSE with
 * version_supported = R13, freeing the slot (EOM if msg_pending); then
 * EDI rounds of fast HvSignalEvent to connection 0x1fff (status 18).
 * At HLT: RBX 0 or the failed check (RBP what was seen), R14/R15 the
 * ticks of all post/signal rounds, RSI/RDI the rounds left.
 */
#define VB_HCALL	0x20000
#define VB_SIMP		0x21000
#define VB_SIEFP	0x22000
#define VB_INPUT	0x23000
#define VB_SLOT		(VB_SIMP + 2 * 256)

	.code64
GUEST(vmbus64)
	mov	$0x40000000, %ecx	/* GUEST_OS_ID */
	mov	$0x00000001, %eax
	mov	$0x81000006, %edx
	wrmsr
	xor	%edx, %edx
	mov	$0x40000001, %ecx	/* HYPERCALL */
	mov	$VB_HCALL + 1, %eax
	wrmsr
	mov	$0x40000083, %ecx	/* SIMP */
	mov	$VB_SIMP + 1, %eax
	wrmsr
	mov	$0x40000082, %ecx	/* SIEFP */
	mov	$VB_SIEFP + 1, %eax
	wrmsr
	mov	$0x40000092, %ecx	/* SINT2 */
	mov	$0xf3, %eax
	wrmsr
	mov	$0x40000080, %ecx	/* SCONTROL */
	mov	$1, %eax
	wrmsr
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	xor	%ebp, %ebp
	test	%esi, %esi
	jz	5f
1:	rdtsc
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, %r12
	mov	$0x5c, %ecx		/* HvPostMessage, slow */
	mov	$VB_INPUT, %edx
	xor	%r8d, %r8d
	mov	$VB_HCALL, %eax
	call	*%rax
	movzwl	%ax, %ebp
	mov	$1, %ebx		/* 1: post status */
	test	%ebp, %ebp
	jnz	9f
	mov	$1 << 26, %ecx
2:	mov	VB_SLOT, %eax		/* message_type */
	test	%eax, %eax
	jnz	3f
	dec	%ecx
	jnz	2b
	mov	$2, %ebx		/* 2: no message */
	jmp	9f
3:	mov	%eax, %ebp
	mov	$3, %ebx		/* 3: not a VMBus message */
	cmp	$1, %eax
	jne	9f
	mov	VB_SLOT + 16, %ebp	/* msgtype */
	mov	$4, %ebx		/* 4: not VERSION_RESPONSE */
	cmp	$15, %ebp
	jne	9f
	movzbl	VB_SLOT + 24, %ebp	/* version_supported */
	mov	$5, %ebx		/* 5: unexpected answer */
	cmp	%r13d, %ebp
	jne	9f
	movl	$0, VB_SLOT		/* free the slot */
	mfence
	testb	$1, VB_SLOT + 5		/* msg_pending: EOM */
	jz	4f
	mov	$0x40000084, %ecx
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
4:	rdtsc
	shl	$32, %rdx
	or	%rdx, %rax
	sub	%r12, %rax
	add	%rax, %r14
	dec	%esi
	jnz	1b
5:	test	%edi, %edi
	jz	8f
6:	rdtsc
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, %r12
	mov	$0x1005d, %ecx		/* HvSignalEvent, fast */
	mov	$0x1fff, %edx		/* no such connection */
	xor	%r8d, %r8d
	mov	$VB_HCALL, %eax
	call	*%rax
	movzwl	%ax, %ebp
	rdtsc
	shl	$32, %rdx
	or	%rdx, %rax
	sub	%r12, %rax
	add	%rax, %r15
	mov	$6, %ebx		/* 6: signal status */
	cmp	$18, %ebp
	jne	9f
	dec	%edi
	jnz	6b
8:	xor	%ebx, %ebx
9:	hlt
END(vmbus64)

	.section .note.GNU-stack, "", @progbits
