/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOAPIC model: VP_IOAPIC_PINS pins at VP_IOAPIC_BASE, version 0x11 (no
 * EOI register). Edge-triggered pins are the supported case; level pins
 * deliver while asserted but remote IRR and EOI are not modelled.
 *
 * Locking: every entry point takes the IOAPIC's own mutex; deliver() is
 * called with it held (and, when the input came from a device's irq
 * callback, with that device's lock too), so deliver() must not call back
 * into the IOAPIC or any device and should not block for long.
 */
#ifndef VPART_IOAPIC_H
#define VPART_IOAPIC_H

#include <stdint.h>

struct vp_ioapic;

/*
 * deliver(ctx, dest, logical, vector): send a fixed interrupt to LAPIC id
 * dest (physical) or logical destination dest (bits 63:56 of the entry).
 * Returns 0 or -1; the IOAPIC logs failures. Returns NULL if out of memory.
 */
struct vp_ioapic *vp_ioapic_new(int (*deliver)(void *ctx, uint32_t dest,
					       int logical, uint8_t vector),
				void *ctx);
void vp_ioapic_free(struct vp_ioapic *io);

/*
 * MMIO at VP_IOAPIC_BASE + offset, len 1/2/4/8 bytes; reads fill data.
 * IOREGSEL (+0x00) takes 1, 2 or 4 bytes, IOWIN (+0x10) exactly 4. Bad
 * offsets/lengths: reads give ~0, writes are ignored.
 */
void vp_ioapic_mmio(struct vp_ioapic *io, uint64_t offset, int is_write,
		    uint8_t *data, unsigned int len);

/*
 * Input pin level change (level 0/1, before the entry's polarity applies).
 * Edge-triggered pins deliver on an inactive->active edge when unmasked.
 * Level-triggered pins deliver on every call that finds the pin active and
 * unmasked, and when unmasked while active; with no remote IRR and no EOI
 * they are not re-delivered after the guest's EOI (no device uses level).
 */
void vp_ioapic_set_irq(struct vp_ioapic *io, unsigned int pin, int level);

#endif
