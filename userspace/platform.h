/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual machine `vpart run` builds, in one place: addresses, ports
 * and interrupt lines shared by the ACPI tables (acpi.c), the device
 * models (uart.c, ioapic.c, rtc.c) and the exit dispatcher (run.c).
 *
 *   LAPIC       x2APIC only, emulated in vpart.ko (MSR 0x800+); the MMIO
 *               page at 0xfee00000 is not served.
 *   IOAPIC      24 pins at 0xfec00000, in the launcher (edge-triggered
 *               pins only: the UART is the one device with an IRQ).
 *   8250 UART   0x3f8, ISA IRQ 4 -> IOAPIC pin 4.
 *   CMOS RTC    0x70/0x71, host UTC time, no alarm or periodic IRQ.
 *               Both are ACPI devices (PNP0501, PNP0B00) in the DSDT: with
 *               hardware-reduced ACPI Linux has no legacy PIC, so ISA IRQs
 *               reach drivers only as GSIs from ACPI resources.
 *   PCI conf1   0xcf8/0xcfc: an address latch and no devices (~0 reads).
 *   ACPI        hardware-reduced FADT: sleep control/status registers at
 *               0x600/0x601 (S5 = power off), reset register 0xcf9 <- 6.
 *   Legacy PIC  absent (port 0x21 reads 0xff: Linux picks the NULL PIC).
 *   PIT         absent; TSC and LAPIC frequencies come from Hyper-V MSRs.
 */
#ifndef VPART_PLATFORM_H
#define VPART_PLATFORM_H

#define VP_LAPIC_BASE		0xfee00000u
#define VP_IOAPIC_BASE		0xfec00000u
#define VP_IOAPIC_SIZE		0x1000u
#define VP_IOAPIC_ID		0
#define VP_IOAPIC_PINS		24

#define VP_UART_PORT		0x3f8
#define VP_UART_IRQ		4

#define VP_RTC_PORT		0x70		/* index; data at 0x71 */
#define VP_RTC_CENTURY		0x32		/* CMOS register, named in the FADT */
#define VP_RTC_IRQ		8		/* in the DSDT; never raised */

#define VP_PCI_ADDR_PORT	0xcf8
#define VP_PCI_DATA_PORT	0xcfc

#define VP_ACPI_SLEEP_CTL_PORT	0x600		/* FADT SLEEP_CONTROL_REG, 8 bit */
#define VP_ACPI_SLEEP_STS_PORT	0x601		/* FADT SLEEP_STATUS_REG, 8 bit */
#define VP_ACPI_SLP_EN		0x20		/* SLP_EN in the control register */
#define VP_ACPI_SLP_TYP_SHIFT	2		/* SLP_TYP, bits 4:2 */
#define VP_ACPI_S5_TYP		5		/* \_S5 package value */
#define VP_ACPI_RESET_PORT	0xcf9		/* FADT RESET_REG, 8 bit */
#define VP_ACPI_RESET_VALUE	0x06

/* ACPI tables live in the reserved range below 1 MiB (see boot.c's e820). */
#define VP_ACPI_BASE		0xe0000u	/* RSDP first, then the tables */
#define VP_ACPI_END		0x100000u

#endif
