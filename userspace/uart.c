// SPDX-License-Identifier: GPL-2.0
/*
 * An 8250/16550A UART as Linux 6.1's 8250 driver sees it on a PC board.
 *
 * Transmission is instantaneous: a byte written to THR goes straight to the
 * output FILE, so LSR always reports THRE and TEMT and the "THR empty"
 * interrupt is re-armed by every THR write. Received bytes come from the
 * host (vp_uart_input) through a large queue into a 16-byte RX FIFO (one
 * byte deep with FIFOs off), so a FIFO reset by the driver drops at most
 * what a real chip would hold and early console input survives the open.
 * No baud rate, parity or timing is modelled; the divisor is storage.
 *
 * The IRQ pin is the 16550's interrupt output gated by MCR.OUT2, the way PC
 * boards wire COM ports; irq() is told only about changes of that pin.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "uart.h"

/* Register bits, named as in Linux's include/uapi/linux/serial_reg.h. */
#define IER_RDI		0x01	/* received data available */
#define IER_THRI	0x02	/* THR empty */
#define IER_RLSI	0x04	/* receiver line status */
#define IER_MSI		0x08	/* modem status */
#define IIR_NO_INT	0x01
#define IIR_MSI		0x00
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_RLSI	0x06
#define IIR_FIFO_ON	0xc0	/* both bits set: a 16550A with FIFOs on */
#define FCR_ENABLE	0x01
#define FCR_CLEAR_RX	0x02
#define FCR_KEEP	0xc9	/* enable, DMA mode, RX trigger level */
#define LCR_DLAB	0x80
#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define MCR_MASK	0x1f
#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_ERRORS	0x1e	/* OE, PE, FE, BI: cleared by reading LSR */
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_DCTS	0x01
#define MSR_DDSR	0x02
#define MSR_TERI	0x04
#define MSR_DDCD	0x08
#define MSR_DELTAS	0x0f
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80

#define FIFO_SIZE	16

struct vp_uart {
	pthread_mutex_t lock;
	FILE *out;
	void (*irq)(void *ctx, int level);
	void *ctx;
	int irq_level;
	bool thre;			/* "THR empty" interrupt condition */
	uint8_t ier, fcr, lcr, mcr, msr, scr, dll, dlm;
	uint8_t lsr_errors;		/* OE etc., until LSR is read */
	uint8_t fifo[FIFO_SIZE];
	unsigned int fifo_head, fifo_len;
	uint8_t queue[VP_UART_QUEUE];	/* host input not yet in the FIFO */
	size_t queue_head, queue_len;
};

/*
 * Modem inputs. Outside loopback a virtual cable with the other end always
 * ready: CTS, DSR and DCD asserted, so flow control and CLOCAL-less opens
 * never wait. In loopback the outputs feed the inputs, which is what the
 * driver's probe (MCR = LOOP | OUT2 | RTS -> MSR 0x90) checks.
 */
static uint8_t modem_inputs(uint8_t mcr)
{
	uint8_t m = 0;

	if (!(mcr & MCR_LOOP))
		return MSR_CTS | MSR_DSR | MSR_DCD;
	if (mcr & MCR_DTR)
		m |= MSR_DSR;
	if (mcr & MCR_RTS)
		m |= MSR_CTS;
	if (mcr & MCR_OUT1)
		m |= MSR_RI;
	if (mcr & MCR_OUT2)
		m |= MSR_DCD;
	return m;
}

static void set_modem_inputs(struct vp_uart *u, uint8_t now)
{
	uint8_t old = u->msr & 0xf0, changed = old ^ now;
	uint8_t delta = u->msr & MSR_DELTAS;

	if (changed & MSR_CTS)
		delta |= MSR_DCTS;
	if (changed & MSR_DSR)
		delta |= MSR_DDSR;
	if ((old & MSR_RI) && !(now & MSR_RI))
		delta |= MSR_TERI;	/* trailing edge only */
	if (changed & MSR_DCD)
		delta |= MSR_DDCD;
	u->msr = now | delta;
}

static unsigned int fifo_capacity(const struct vp_uart *u)
{
	return (u->fcr & FCR_ENABLE) ? FIFO_SIZE : 1;
}

/* A byte reaches the receiver; a full FIFO loses it (overrun). */
static void fifo_push(struct vp_uart *u, uint8_t b)
{
	if (u->fifo_len >= fifo_capacity(u)) {
		u->lsr_errors |= LSR_OE;
		return;
	}
	u->fifo[(u->fifo_head + u->fifo_len++) % FIFO_SIZE] = b;
}

/* Move host input into the FIFO; the host is disconnected in loopback. */
static void refill(struct vp_uart *u)
{
	if (u->mcr & MCR_LOOP)
		return;
	while (u->queue_len && u->fifo_len < fifo_capacity(u)) {
		fifo_push(u, u->queue[u->queue_head]);
		u->queue_head = (u->queue_head + 1) % VP_UART_QUEUE;
		u->queue_len--;
	}
}

/* The highest-priority enabled pending source, 16550 order. */
static uint8_t interrupt_id(const struct vp_uart *u)
{
	if ((u->ier & IER_RLSI) && u->lsr_errors)
		return IIR_RLSI;
	if ((u->ier & IER_RDI) && u->fifo_len)
		return IIR_RDI;
	if ((u->ier & IER_THRI) && u->thre)
		return IIR_THRI;
	if ((u->ier & IER_MSI) && (u->msr & MSR_DELTAS))
		return IIR_MSI;
	return IIR_NO_INT;
}

static void update_irq(struct vp_uart *u)
{
	int level = interrupt_id(u) != IIR_NO_INT && (u->mcr & MCR_OUT2);

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	if (u->irq)
		u->irq(u->ctx, level);
}

struct vp_uart *vp_uart_new(FILE *out, void (*irq)(void *ctx, int level),
			    void *ctx)
{
	struct vp_uart *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	if (pthread_mutex_init(&u->lock, NULL)) {
		free(u);
		return NULL;
	}
	u->out = out;
	u->irq = irq;
	u->ctx = ctx;
	u->dll = 1;			/* 115200 baud, as firmware leaves it */
	u->msr = modem_inputs(0);
	return u;
}

void vp_uart_free(struct vp_uart *u)
{
	if (!u)
		return;
	pthread_mutex_destroy(&u->lock);
	free(u);
}

static void transmit(struct vp_uart *u, uint8_t val)
{
	if (u->mcr & MCR_LOOP) {
		fifo_push(u, val);
	} else if (u->out) {
		fputc(val, u->out);
		if (val == '\n')
			fflush(u->out);
	}
	u->thre = true;			/* the byte left at once */
}

void vp_uart_write(struct vp_uart *u, unsigned int reg, uint8_t val)
{
	pthread_mutex_lock(&u->lock);
	switch (reg) {
	case 0:
		if (u->lcr & LCR_DLAB)
			u->dll = val;
		else
			transmit(u, val);
		break;
	case 1:
		if (u->lcr & LCR_DLAB) {
			u->dlm = val;
			break;
		}
		/* Enabling ETBEI with THR empty raises THRE (Linux tests it). */
		if (!(u->ier & IER_THRI) && (val & IER_THRI))
			u->thre = true;
		u->ier = val & 0x0f;
		break;
	case 2:
		u->fcr = val & FCR_KEEP;
		/* Clearing TX changes nothing: THR is always empty. */
		if (val & FCR_CLEAR_RX)
			u->fifo_len = 0;	/* the host queue stays */
		refill(u);
		break;
	case 3:
		u->lcr = val;
		break;
	case 4:
		u->mcr = val & MCR_MASK;
		set_modem_inputs(u, modem_inputs(u->mcr));
		refill(u);
		break;
	case 7:
		u->scr = val;
		break;
	default:			/* LSR, MSR: factory test only */
		break;
	}
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

static uint8_t receive(struct vp_uart *u)
{
	uint8_t b;

	if (!u->fifo_len)
		return 0;
	b = u->fifo[u->fifo_head];
	u->fifo_head = (u->fifo_head + 1) % FIFO_SIZE;
	u->fifo_len--;
	refill(u);
	return b;
}

uint8_t vp_uart_read(struct vp_uart *u, unsigned int reg)
{
	uint8_t v = 0xff;

	pthread_mutex_lock(&u->lock);
	switch (reg) {
	case 0:
		v = (u->lcr & LCR_DLAB) ? u->dll : receive(u);
		break;
	case 1:
		v = (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
		break;
	case 2:
		v = interrupt_id(u);
		if (v == IIR_THRI)	/* reading IIR acknowledges THRE */
			u->thre = false;
		if (u->fcr & FCR_ENABLE)
			v |= IIR_FIFO_ON;
		break;
	case 3:
		v = u->lcr;
		break;
	case 4:
		v = u->mcr;
		break;
	case 5:
		v = LSR_THRE | LSR_TEMT | u->lsr_errors;
		if (u->fifo_len)
			v |= LSR_DR;
		u->lsr_errors = 0;
		break;
	case 6:
		v = u->msr;
		u->msr &= ~MSR_DELTAS;
		break;
	case 7:
		v = u->scr;
		break;
	}
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return v;
}

void vp_uart_input(struct vp_uart *u, const uint8_t *buf, size_t len)
{
	size_t i;

	pthread_mutex_lock(&u->lock);
	for (i = 0; i < len; i++) {
		if (u->queue_len == VP_UART_QUEUE)
			refill(u);		/* make room if the FIFO has it */
		if (u->queue_len == VP_UART_QUEUE) {
			u->lsr_errors |= LSR_OE;	/* the rest is lost */
			break;
		}
		u->queue[(u->queue_head + u->queue_len++) % VP_UART_QUEUE] =
			buf[i];
	}
	refill(u);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}
