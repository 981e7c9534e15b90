/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables for the guest: RSDP, XSDT/RSDT, a hardware-reduced FADT, a
 * MADT with x2APIC entries and a DSDT holding the VMBus device (hv_vmbus is
 * discovered through ACPI only). A pure function of its inputs, so it is
 * unit-tested natively (tests/launcher).
 */
#ifndef VPART_ACPI_H
#define VPART_ACPI_H

#include <stdint.h>

#define VP_ACPI_MAX_CPUS	64

/*
 * Build RSDP (at VP_ACPI_BASE) + XSDT, FADT, MADT, DSDT inside
 * [VP_ACPI_BASE, VP_ACPI_END) of guest memory @mem (guest-physical address
 * 0; @mem_size bytes). @ncpus 1..64: x2APIC ids 0..ncpus-1, ACPI UIDs
 * 0..ncpus-1. Returns 0 and sets *@rsdp_gpa (for boot_params.acpi_rsdp_addr),
 * or -1 when it does not fit / bad arguments.
 */
int vp_acpi_build(uint8_t *mem, uint64_t mem_size, unsigned int ncpus, uint64_t *rsdp_gpa);

#endif
