/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMX instructions as C helpers. Every one carries an exception-table
 * entry: after an emergency VMXOFF (reboot, crash) they fault with #UD, and
 * that must end in an error return, not an oops.
 */
#ifndef _VPART_HV_VMX_OPS_H
#define _VPART_HV_VMX_OPS_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/io.h>
#include <asm/asm.h>
#include <asm/vmx.h>

#ifndef CONFIG_CC_HAS_ASM_GOTO_OUTPUT
#error "vpart needs a compiler with asm goto outputs (gcc >= 11, clang >= 11)"
#endif

void vp_vmx_insn_failed(const char *insn, u64 arg);

static __always_inline int vp_vmxon(u64 pa)
{
	asm goto("1: vmxon %0\n\t"
			  _ASM_EXTABLE(1b, %l[fault])
			  : : "m"(pa) : "cc", "memory" : fault);
	return 0;
fault:
	return -EFAULT;
}

static __always_inline int vp_vmxoff(void)
{
	asm goto("1: vmxoff\n\t"
			  _ASM_EXTABLE(1b, %l[fault])
			  : : : "cc", "memory" : fault);
	return 0;
fault:
	return -EFAULT;
}

/* VMCLEAR and VMPTRLD: a VMCS pointer operand, VMfail or a fault is -EIO. */
#define VP_VMCS_PTR_INSN(name, insn)					\
static __always_inline int name(u64 pa)					\
{									\
	asm goto("1: " insn " %0\n\t"					\
		 "jna %l[fail]\n\t"					\
		 _ASM_EXTABLE(1b, %l[fail])				\
		 : : "m"(pa) : "cc", "memory" : fail);			\
	return 0;							\
fail:									\
	return -EIO;							\
}

VP_VMCS_PTR_INSN(vp_vmclear, "vmclear")
VP_VMCS_PTR_INSN(vp_vmptrld, "vmptrld")

static __always_inline u64 vp_vmread(unsigned long field)
{
	unsigned long value;

	asm_goto_output("1: vmread %[field], %[out]\n\t"
			  "jna %l[fail]\n\t"
			  _ASM_EXTABLE(1b, %l[fail])
			  : [out] "=r"(value) : [field] "r"(field)
			  : "cc" : fail);
	return value;
fail:
	vp_vmx_insn_failed("vmread", field);
	return 0;
}

static __always_inline void vp_vmwrite(unsigned long field, u64 value)
{
	asm goto("1: vmwrite %[val], %[field]\n\t"
			  "jna %l[fail]\n\t"
			  _ASM_EXTABLE(1b, %l[fail])
			  : : [field] "r"(field), [val] "rm"(value)
			  : "cc" : fail);
	return;
fail:
	vp_vmx_insn_failed("vmwrite", field);
}

static __always_inline void vp_invept(unsigned long type, u64 eptp)
{
	struct { u64 eptp, gpa; } desc = { eptp, 0 };

	asm goto("1: invept %0, %1\n\t"
			  "jna %l[fail]\n\t"
			  _ASM_EXTABLE(1b, %l[fail])
			  : : "m"(desc), "r"(type) : "cc", "memory" : fail);
	return;
fail:
	vp_vmx_insn_failed("invept", eptp);
}

static __always_inline void vp_invvpid(unsigned long type, u16 vpid)
{
	struct { u64 vpid : 16; u64 rsvd : 48; u64 gva; } desc = { vpid, 0, 0 };

	asm goto("1: invvpid %0, %1\n\t"
			  "jna %l[fail]\n\t"
			  _ASM_EXTABLE(1b, %l[fail])
			  : : "m"(desc), "r"(type) : "cc", "memory" : fail);
	return;
fail:
	vp_vmx_insn_failed("invvpid", vpid);
}

#endif /* _VPART_HV_VMX_OPS_H */
