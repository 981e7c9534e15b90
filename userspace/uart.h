/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 16550A UART model (the console at VP_UART_PORT). Output is immediate, so
 * THR is always empty; host input waits in a queue behind a 16-byte RX FIFO.
 *
 * Locking: every entry point takes the UART's own mutex. irq() is called
 * with that mutex held, from whichever thread touched the UART (a vCPU
 * thread or the stdin reader), so it must not call back into the UART; it
 * may call vp_ioapic_set_irq() (lock order: UART, then IOAPIC).
 */
#ifndef VPART_UART_H
#define VPART_UART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct vp_uart;

/*
 * irq(ctx, level): called whenever the interrupt output changes (level 0/1),
 * with the UART's lock held. out: where transmitted bytes go (flushed at
 * '\n'); NULL discards them. irq may be NULL. Returns NULL if out of memory.
 */
struct vp_uart *vp_uart_new(FILE *out, void (*irq)(void *ctx, int level),
			    void *ctx);
void vp_uart_free(struct vp_uart *u);

/* A guest access to register reg (0..7, port - base), one byte. */
void vp_uart_write(struct vp_uart *u, unsigned int reg, uint8_t val);
uint8_t vp_uart_read(struct vp_uart *u, unsigned int reg);

/*
 * Host input (e.g. from stdin): queued (VP_UART_QUEUE bytes; beyond that
 * bytes are dropped and LSR.OE is reported), RX interrupt raised as the
 * guest allows. Thread-safe.
 */
#define VP_UART_QUEUE	4096
void vp_uart_input(struct vp_uart *u, const uint8_t *buf, size_t len);

#endif
