// SPDX-License-Identifier: GPL-2.0
/*
 * An 82093AA-style IOAPIC (version 0x11: no EOI register, no register 3),
 * which is what Linux 6.1's io_apic.c drives through IOREGSEL/IOWIN.
 *
 * Delivery is synchronous: the interrupt is handed to deliver() while the
 * input changes, so the delivery-status bit never reads 1. Remote IRR and
 * the EOI handshake of level-triggered pins are not modelled (see
 * ioapic.h); the only device with an interrupt, the UART, is edge wired.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "ioapic.h"
#include "platform.h"

#define IOREGSEL	0x00
#define IOWIN		0x10

#define REG_ID		0x00
#define REG_VERSION	0x01
#define REG_ARB		0x02
#define REG_REDIR	0x10	/* entry n: low 0x10 + 2n, high 0x11 + 2n */

#define VERSION		(0x11 | (VP_IOAPIC_PINS - 1) << 16)
#define ID_MASK		0x0f000000u	/* bits 27:24 */

/* Redirection-entry bits (low word unless noted). */
#define RTE_VECTOR	0xffu
#define RTE_MODE_SHIFT	8
#define RTE_LOGICAL	(1u << 11)
#define RTE_DELIVS	(1u << 12)	/* read-only */
#define RTE_ACTIVE_LOW	(1u << 13)
#define RTE_REMOTE_IRR	(1u << 14)	/* read-only */
#define RTE_LEVEL	(1u << 15)
#define RTE_MASKED	(1u << 16)
#define RTE_LOW_RW	0x1afffu	/* vector..dest mode, polarity, trigger, mask */
#define RTE_HIGH_RW	0xff000000u	/* destination, bits 63:56 */

#define MODE_FIXED	0
#define MODE_LOWEST	1

#define MAX_FAILURE_LOGS	10

struct vp_ioapic {
	pthread_mutex_t lock;
	int (*deliver)(void *ctx, uint32_t dest, int logical, uint8_t vector);
	void *ctx;
	uint8_t regsel;
	uint32_t id;
	uint64_t redir[VP_IOAPIC_PINS];
	uint32_t input;			/* raw pin levels, one bit per pin */
	unsigned int warned_modes;	/* delivery modes already logged */
	unsigned long failures;
};

struct vp_ioapic *vp_ioapic_new(int (*deliver)(void *ctx, uint32_t dest,
					       int logical, uint8_t vector),
				void *ctx)
{
	struct vp_ioapic *io = calloc(1, sizeof(*io));
	unsigned int pin;

	if (!io)
		return NULL;
	if (pthread_mutex_init(&io->lock, NULL)) {
		free(io);
		return NULL;
	}
	io->deliver = deliver;
	io->ctx = ctx;
	io->id = (uint32_t)VP_IOAPIC_ID << 24 & ID_MASK;
	for (pin = 0; pin < VP_IOAPIC_PINS; pin++)
		io->redir[pin] = RTE_MASKED;
	return io;
}

void vp_ioapic_free(struct vp_ioapic *io)
{
	if (!io)
		return;
	pthread_mutex_destroy(&io->lock);
	free(io);
}

/* The pin as the entry sees it: its input after the polarity setting. */
static bool pin_active(const struct vp_ioapic *io, unsigned int pin)
{
	bool high = io->input >> pin & 1;

	return high != !!(io->redir[pin] & RTE_ACTIVE_LOW);
}

/* A level pin that is active and unmasked keeps asking for delivery. */
static bool level_pending(const struct vp_ioapic *io, unsigned int pin)
{
	uint64_t e = io->redir[pin];

	return (e & RTE_LEVEL) && !(e & RTE_MASKED) && pin_active(io, pin);
}

static void deliver_pin(struct vp_ioapic *io, unsigned int pin)
{
	static const char *const modes[8] = {
		"fixed", "lowest priority", "SMI", "reserved",
		"NMI", "INIT", "reserved", "ExtINT",
	};
	uint64_t e = io->redir[pin];
	unsigned int mode = e >> RTE_MODE_SHIFT & 7;
	uint32_t dest = e >> 56;
	int logical = !!(e & RTE_LOGICAL);

	if (mode != MODE_FIXED && mode != MODE_LOWEST) {
		if (!(io->warned_modes & 1u << mode))
			fprintf(stderr, "vpart: ioapic: pin %u uses delivery mode %s, not supported: ignored\n",
				pin, modes[mode]);
		io->warned_modes |= 1u << mode;
		return;
	}
	/* Lowest priority goes to the destination as fixed: one vCPU does. */
	if (!io->deliver || !io->deliver(io->ctx, dest, logical, e & RTE_VECTOR))
		return;
	if (io->failures++ < MAX_FAILURE_LOGS)
		fprintf(stderr, "vpart: ioapic: pin %u vector 0x%02x to %s destination 0x%x not delivered\n",
			pin, (unsigned int)(e & RTE_VECTOR),
			logical ? "logical" : "physical", dest);
}

void vp_ioapic_set_irq(struct vp_ioapic *io, unsigned int pin, int level)
{
	bool was;

	if (pin >= VP_IOAPIC_PINS)
		return;
	pthread_mutex_lock(&io->lock);
	was = pin_active(io, pin);
	if (level)
		io->input |= 1u << pin;
	else
		io->input &= ~(1u << pin);
	if (pin_active(io, pin) && !(io->redir[pin] & RTE_MASKED) &&
	    ((io->redir[pin] & RTE_LEVEL) || !was))
		deliver_pin(io, pin);
	pthread_mutex_unlock(&io->lock);
}

static uint32_t reg_read(const struct vp_ioapic *io, unsigned int reg)
{
	unsigned int pin = (reg - REG_REDIR) / 2;

	switch (reg) {
	case REG_ID:
	case REG_ARB:		/* the arbitration id follows the APIC id */
		return io->id;
	case REG_VERSION:
		return VERSION;
	}
	if (reg < REG_REDIR || pin >= VP_IOAPIC_PINS)
		return 0;
	return reg & 1 ? io->redir[pin] >> 32 : (uint32_t)io->redir[pin];
}

static void reg_write(struct vp_ioapic *io, unsigned int reg, uint32_t val)
{
	unsigned int pin = (reg - REG_REDIR) / 2;
	uint64_t *e;
	bool was;

	if (reg == REG_ID)
		io->id = val & ID_MASK;
	if (reg < REG_REDIR || pin >= VP_IOAPIC_PINS)
		return;		/* version, arbitration: read-only */
	e = &io->redir[pin];
	if (reg & 1) {
		*e = (*e & 0xffffffffu) | (uint64_t)(val & RTE_HIGH_RW) << 32;
		return;
	}
	/*
	 * An edge pin unmasked while its input is high has seen no new edge
	 * and stays quiet; a level pin that becomes pending delivers.
	 */
	was = level_pending(io, pin);
	*e = (*e & (0xffffffff00000000ull | RTE_DELIVS | RTE_REMOTE_IRR)) |
	     (val & RTE_LOW_RW);
	if (!was && level_pending(io, pin))
		deliver_pin(io, pin);
}

void vp_ioapic_mmio(struct vp_ioapic *io, uint64_t offset, int is_write,
		    uint8_t *data, unsigned int len)
{
	uint32_t val = 0;
	unsigned int i;
	bool ok;

	ok = (offset == IOREGSEL && (len == 1 || len == 2 || len == 4)) ||
	     (offset == IOWIN && len == 4);
	if (!ok) {
		if (!is_write)
			for (i = 0; i < len && i < 8; i++)
				data[i] = 0xff;
		return;
	}
	for (i = 0; is_write && i < len; i++)
		val |= (uint32_t)data[i] << 8 * i;

	pthread_mutex_lock(&io->lock);
	if (offset == IOREGSEL) {
		if (is_write)
			io->regsel = val;	/* bits 7:0 */
		val = io->regsel;
	} else if (is_write) {
		reg_write(io, io->regsel, val);
	} else {
		val = reg_read(io, io->regsel);
	}
	pthread_mutex_unlock(&io->lock);

	for (i = 0; !is_write && i < len; i++)
		data[i] = val >> 8 * i;
}
