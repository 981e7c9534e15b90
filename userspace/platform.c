// SPDX-License-Identifier: GPL-2.0
/*
 * The exits `vpart run` serves for the guest: port I/O and MMIO routed to
 * the device models of platform.h. Everything that is not there reads as
 * all ones and ignores writes, like an empty ISA bus.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "ioapic.h"
#include "platform.h"
#include "rtc.h"
#include "uart.h"
#include "vm.h"

static uint32_t io_get(const uint8_t *data, unsigned int size)
{
	uint32_t v = 0;

	memcpy(&v, data, size);
	return v;
}

/* PCI configuration mechanism 1 with an empty bus: Linux finds conf1 and no device. */
static void pci_io(struct vm *vm, struct vpart_run *run, uint8_t *data)
{
	unsigned int port = run->io.port, size = run->io.size;
	int out = run->io.direction == VPART_EXIT_IO_OUT;

	pthread_mutex_lock(&vm->pci_lock);
	if (port == VP_PCI_ADDR_PORT && size == 4) {
		if (out)
			vm->pci_addr = io_get(data, 4) & 0x80fffffc;
		else
			memcpy(data, &vm->pci_addr, 4);
	} else if (!out) {
		memset(data, 0xff, size);
	}
	pthread_mutex_unlock(&vm->pci_lock);
}

int vp_platform_io(struct vm_vcpu *c)
{
	struct vpart_run *run = c->run;
	struct vm *vm = c->vm;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	unsigned int port = run->io.port, size = run->io.size, i;
	int out = run->io.direction == VPART_EXIT_IO_OUT;
	uint8_t val = data[0];

	/* REP-less port I/O: count is 1; string I/O never reaches here. */
	if (port >= VP_UART_PORT && port < VP_UART_PORT + 8) {
		for (i = 0; i < size; i++) {
			if (out)
				vp_uart_write(vm->uart, port - VP_UART_PORT + i, data[i]);
			else
				data[i] = vp_uart_read(vm->uart, port - VP_UART_PORT + i);
		}
		return VM_RUNNING;
	}
	if (port == VP_RTC_PORT || port == VP_RTC_PORT + 1) {
		if (out)
			vp_rtc_write(vm->rtc, port, val);
		else
			data[0] = vp_rtc_read(vm->rtc, port);
		return VM_RUNNING;
	}
	/* 0xcf9 sits between the PCI ports: the reset register wins. */
	if (port >= VP_PCI_ADDR_PORT && port < VP_PCI_DATA_PORT + 4 &&
	    port != VP_ACPI_RESET_PORT) {
		pci_io(vm, run, data);
		return VM_RUNNING;
	}
	if (out) {
		/* ACPI S5 through the FADT's sleep control register. */
		if (port == VP_ACPI_SLEEP_CTL_PORT && (val & VP_ACPI_SLP_EN) &&
		    ((val >> VP_ACPI_SLP_TYP_SHIFT) & 7) == VP_ACPI_S5_TYP)
			return VM_POWEROFF;
		if ((port == VP_ACPI_RESET_PORT && val == VP_ACPI_RESET_VALUE) ||
		    (port == 0x64 && val == 0xfe) || (port == 0x92 && (val & 1)))
			return VM_RESET;
		return VM_RUNNING;
	}
	/* The ACPI sleep registers read as idle, the rest as an empty bus. */
	if (port == VP_ACPI_SLEEP_CTL_PORT || port == VP_ACPI_SLEEP_STS_PORT)
		memset(data, 0, size);
	else
		memset(data, 0xff, size);
	return VM_RUNNING;
}

int vp_platform_mmio(struct vm_vcpu *c)
{
	struct vpart_run *run = c->run;
	uint64_t gpa = run->mmio.gpa;

	if (gpa >= VP_IOAPIC_BASE && gpa < VP_IOAPIC_BASE + VP_IOAPIC_SIZE) {
		vp_ioapic_mmio(c->vm->ioapic, gpa - VP_IOAPIC_BASE, run->mmio.is_write,
			       run->mmio.data, run->mmio.len);
		return VM_RUNNING;
	}
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
	return VM_RUNNING;
}

int vp_platform_deliver(void *opaque, uint32_t dest, int logical, uint8_t vector)
{
	struct vm *vm = opaque;
	struct vpart_interrupt irq = { .vector = vector };
	unsigned int i;

	for (i = 0; i < vm->ncpus; i++) {
		/* x2APIC ids are vCPU numbers; logical: the first CPU in the mask. */
		if (logical ? !(dest & (1u << (i & 31))) : dest != i)
			continue;
		return ioctl(vm->vcpus[i].fd, VPART_INTERRUPT, &irq) ? -1 : 0;
	}
	return -1;
}

void vp_platform_uart_irq(void *opaque, int level)
{
	struct vm *vm = opaque;

	if (vm->ioapic)
		vp_ioapic_set_irq(vm->ioapic, VP_UART_IRQ, level);
}
