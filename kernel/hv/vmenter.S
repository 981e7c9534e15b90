/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM entry and exit. __vp_vmenter loads the guest's general registers and
 * enters; the exit lands at __vp_vmexit (HOST_RIP) on the stack
 * __vp_vmenter left in HOST_RSP, saves the guest registers, clears them
 * from the CPU and returns to the caller as if the call had just finished.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <asm/segment.h>
/* asm/vmx.h is C only; vcpu.c checks this matches its HOST_RSP. */
#define VP_HOST_RSP 0x6c14

#define G(n)	(n * 8)

	.text

/* int __vp_vmenter(u64 *gpr, bool launched): 0 exit, 1 VMfail, 2 fault */
SYM_FUNC_START(__vp_vmenter)
	push %rbp
	mov  %rsp, %rbp
	push %r15
	push %r14
	push %r13
	push %r12
	push %rbx
	push %rdi			/* @gpr, found again at the exit */

	mov  $VP_HOST_RSP, %eax
	vmwrite %rsp, %rax
	jna  .Lfail_early

	mov  %rdi, %rax
	test %sil, %sil			/* ZF survives the MOVs below */
	mov  G(1)(%rax), %rcx
	mov  G(2)(%rax), %rdx
	mov  G(3)(%rax), %rbx
	mov  G(5)(%rax), %rbp
	mov  G(6)(%rax), %rsi
	mov  G(7)(%rax), %rdi
	mov  G(8)(%rax), %r8
	mov  G(9)(%rax), %r9
	mov  G(10)(%rax), %r10
	mov  G(11)(%rax), %r11
	mov  G(12)(%rax), %r12
	mov  G(13)(%rax), %r13
	mov  G(14)(%rax), %r14
	mov  G(15)(%rax), %r15
	mov  G(0)(%rax), %rax
	jnz  .Lresume
1:	vmlaunch
	jmp  .Lfail
.Lresume:
2:	vmresume
	/* Falling through: VMfailValid/VMfailInvalid, the guest never ran. */
.Lfail:
	mov  $1, %eax
	jmp  .Lout
.Lfault:
	mov  $2, %eax
	jmp  .Lout
.Lfail_early:
	mov  $1, %eax
	jmp  .Lout

	_ASM_EXTABLE(1b, .Lfault)
	_ASM_EXTABLE(2b, .Lfault)

SYM_INNER_LABEL(__vp_vmexit, SYM_L_GLOBAL)
	push %rax			/* guest RAX */
	mov  8(%rsp), %rax		/* @gpr */
	pop  G(0)(%rax)
	mov  %rcx, G(1)(%rax)
	mov  %rdx, G(2)(%rax)
	mov  %rbx, G(3)(%rax)
	mov  %rbp, G(5)(%rax)
	mov  %rsi, G(6)(%rax)
	mov  %rdi, G(7)(%rax)
	mov  %r8, G(8)(%rax)
	mov  %r9, G(9)(%rax)
	mov  %r10, G(10)(%rax)
	mov  %r11, G(11)(%rax)
	mov  %r12, G(12)(%rax)
	mov  %r13, G(13)(%rax)
	mov  %r14, G(14)(%rax)
	mov  %r15, G(15)(%rax)
	/* Leave no guest value in a register the host might speculate on. */
	xor  %ecx, %ecx
	xor  %edx, %edx
	xor  %esi, %esi
	xor  %edi, %edi
	xor  %r8d, %r8d
	xor  %r9d, %r9d
	xor  %r10d, %r10d
	xor  %r11d, %r11d
	xor  %r12d, %r12d
	xor  %r13d, %r13d
	xor  %r14d, %r14d
	xor  %r15d, %r15d
	/* The guest may have trained the return stack buffer. */
	FILL_RETURN_BUFFER %rbx, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT, X86_FEATURE_RSB_VMEXIT_LITE
	xor  %eax, %eax
.Lout:
	pop  %rdi
	pop  %rbx
	pop  %r12
	pop  %r13
	pop  %r14
	pop  %r15
	pop  %rbp
	RET
SYM_FUNC_END(__vp_vmenter)

/*
 * Call the host's NMI handler for an NMI that caused a VM exit, through an
 * interrupt frame so its IRET comes back here (interrupts stay disabled).
 */
SYM_FUNC_START(vp_do_nmi_irqoff)
	push %rbp
	mov  %rsp, %rbp
	and  $-16, %rsp
	push $__KERNEL_DS
	push %rbp
	pushf
	push $__KERNEL_CS
	call asm_exc_nmi_noist
	leave
	RET
SYM_FUNC_END(vp_do_nmi_irqoff)
