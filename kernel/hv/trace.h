/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the run loop: events/vpart/vpart_entry and vpart_exit
 * (tracefs), for following a guest exit by exit without a debugger.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vpart

#if !defined(_VPART_HV_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VPART_HV_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(vpart_entry,
	TP_PROTO(u32 vcpu, u64 rip, u32 intr_info),
	TP_ARGS(vcpu, rip, intr_info),
	TP_STRUCT__entry(
		__field(u32, vcpu)
		__field(u64, rip)
		__field(u32, intr_info)
	),
	TP_fast_assign(
		__entry->vcpu = vcpu;
		__entry->rip = rip;
		__entry->intr_info = intr_info;
	),
	TP_printk("vcpu %u rip 0x%llx inject 0x%x",
		  __entry->vcpu, __entry->rip, __entry->intr_info)
);

TRACE_EVENT(vpart_exit,
	TP_PROTO(u32 vcpu, u32 reason, u64 rip, u64 qual),
	TP_ARGS(vcpu, reason, rip, qual),
	TP_STRUCT__entry(
		__field(u32, vcpu)
		__field(u32, reason)
		__field(u64, rip)
		__field(u64, qual)
	),
	TP_fast_assign(
		__entry->vcpu = vcpu;
		__entry->reason = reason;
		__entry->rip = rip;
		__entry->qual = qual;
	),
	TP_printk("vcpu %u reason %u rip 0x%llx qual 0x%llx",
		  __entry->vcpu, __entry->reason, __entry->rip, __entry->qual)
);

#endif /* _VPART_HV_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
