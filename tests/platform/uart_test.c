// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the 16550A model (userspace/uart.c): Linux 6.1's probe
 * sequences, the interrupt rules, host input buffering and a two-thread
 * input/read run for the sanitizers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "uart.h"

enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define THR	RBR
#define FCR	IIR
#define DLL	RBR
#define DLM	IER

struct fx {
	struct vp_uart *u;
	FILE *out;
	char *buf;
	size_t len;
	int level, calls;
};

/* The model must report changes only, never the same level twice. */
static void record_irq(void *ctx, int level)
{
	struct fx *f = ctx;

	assert_int_not_equal(level, f->level);
	f->level = level;
	f->calls++;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->out = open_memstream(&f->buf, &f->len);
	assert_non_null(f->out);
	f->u = vp_uart_new(f->out, record_irq, f);
	assert_non_null(f->u);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	vp_uart_free(f->u);
	fclose(f->out);
	free(f->buf);
	free(f);
	return 0;
}

static uint8_t rd(struct fx *f, unsigned int reg)
{
	return vp_uart_read(f->u, reg);
}

static void wr(struct fx *f, unsigned int reg, uint8_t val)
{
	vp_uart_write(f->u, reg, val);
}

/* drivers/tty/serial/8250/8250_port.c: autoconfig(), then startup(). */
static void test_autoconfig(void **state)
{
	struct fx *f = *state;
	uint8_t ier, mcr, lcr, s1, s2;

	ier = rd(f, IER);
	wr(f, IER, 0);
	assert_int_equal(rd(f, IER) & 0x0f, 0);
	wr(f, IER, 0x0f);
	assert_int_equal(rd(f, IER) & 0x0f, 0x0f);
	wr(f, IER, ier);

	mcr = rd(f, MCR);
	lcr = rd(f, LCR);
	wr(f, MCR, 0x10 | 0x0a);		/* loopback, OUT2, RTS */
	assert_int_equal(rd(f, MSR) & 0xf0, 0x90);
	wr(f, MCR, mcr);

	wr(f, LCR, 0xbf);
	wr(f, FCR, 0);				/* "EFR" */
	wr(f, LCR, 0);
	wr(f, FCR, 0x01);
	assert_int_equal(rd(f, IIR) >> 6, 3);	/* 16550A */

	/* 16550A variant probes must all fail. */
	wr(f, LCR, 0xbf);
	assert_int_not_equal(rd(f, IIR), 0);	/* no EFR */
	wr(f, LCR, 0);
	s1 = rd(f, MCR);
	wr(f, LCR, 0xe0);
	s2 = rd(f, IIR);			/* NatSemi EXCR1 */
	assert_int_equal((s1 ^ s2) & 0x10, 0);
	wr(f, LCR, 0);
	wr(f, MCR, s1 ^ 0x10);
	wr(f, LCR, 0xe0);
	s2 = rd(f, IIR);
	wr(f, LCR, 0);
	wr(f, MCR, s1);
	assert_int_equal((s1 ^ s2) & 0x10, 0);
	wr(f, FCR, 0x21);			/* TI16750 64-byte mode */
	assert_int_equal(rd(f, IIR) >> 5, 6);
	wr(f, IER, 0x40);			/* XScale UUE */
	assert_int_equal(rd(f, IER) & 0x40, 0);
	wr(f, IER, 0);
	wr(f, LCR, lcr);

	/* startup(): clear FIFOs, LSR sanity, then the THRE re-assert test. */
	wr(f, FCR, 0x01);
	wr(f, FCR, 0x07);
	wr(f, FCR, 0);
	rd(f, LSR);
	rd(f, RBR);
	rd(f, IIR);
	rd(f, MSR);
	assert_int_not_equal(rd(f, LSR), 0xff);
	wr(f, IER, 0x02);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x02);
	wr(f, IER, 0);
	wr(f, IER, 0x02);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x02);
	wr(f, IER, 0);
	assert_int_equal(f->calls, 0);		/* OUT2 was never set */
}

static void test_dlab(void **state)
{
	struct fx *f = *state;

	wr(f, IER, 0x05);
	wr(f, LCR, 0x83);
	wr(f, DLL, 0x0c);
	wr(f, DLM, 0x12);
	assert_int_equal(rd(f, DLL), 0x0c);
	assert_int_equal(rd(f, DLM), 0x12);
	assert_int_equal(rd(f, LCR), 0x83);
	wr(f, LCR, 0x03);
	assert_int_equal(rd(f, IER), 0x05);	/* untouched by DLM */
	wr(f, LCR, 0x83);
	assert_int_equal(rd(f, DLL), 0x0c);
	assert_int_equal(rd(f, DLM), 0x12);
	fflush(f->out);
	assert_int_equal(f->len, 0);		/* DLL writes sent nothing */
}

static void test_registers(void **state)
{
	struct fx *f = *state;

	assert_int_equal(rd(f, IIR), 0x01);
	assert_int_equal(rd(f, LSR), 0x60);
	assert_int_equal(rd(f, MSR), 0xb0);	/* CTS, DSR, DCD */
	wr(f, SCR, 0x5a);
	assert_int_equal(rd(f, SCR), 0x5a);
	wr(f, MCR, 0xff);
	assert_int_equal(rd(f, MCR), 0x1f);
	wr(f, MCR, 0);
	wr(f, LCR, 0x1b);
	assert_int_equal(rd(f, LCR), 0x1b);
	wr(f, IER, 0xff);
	assert_int_equal(rd(f, IER), 0x0f);
	wr(f, IER, 0);
	assert_int_equal(rd(f, 8), 0xff);	/* out of range */
}

static void test_output(void **state)
{
	struct fx *f = *state;
	const char *s = "Linux version 6.1\n";

	for (; *s; s++) {
		wr(f, THR, *s);
		assert_int_equal(rd(f, LSR) & 0x60, 0x60);
	}
	/* A partial line waits in the FILE until '\n' (or fflush). */
	wr(f, THR, '$');
	assert_int_equal(f->len, strlen("Linux version 6.1\n"));
	assert_memory_equal(f->buf, "Linux version 6.1\n", f->len);
	fflush(f->out);
	assert_string_equal(f->buf, "Linux version 6.1\n$");
}

static void test_thre_irq(void **state)
{
	struct fx *f = *state;

	wr(f, MCR, 0x0b);			/* DTR, RTS, OUT2 */
	assert_int_equal(f->level, 0);
	wr(f, IER, 0x02);			/* THR empty already */
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, IIR), 0x02);
	assert_int_equal(f->level, 0);
	assert_int_equal(rd(f, IIR), 0x01);
	wr(f, THR, 'x');			/* empty again at once */
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, LSR) & 0x60, 0x60);
	assert_int_equal(f->level, 1);		/* LSR does not ack THRE */
	wr(f, THR, 'y');
	assert_int_equal(f->level, 1);
	wr(f, IER, 0);				/* the driver's stop_tx */
	assert_int_equal(f->level, 0);
	assert_int_equal(f->calls, 4);
	wr(f, IER, 0x02);
	assert_int_equal(f->level, 1);
	wr(f, FCR, 0x01);
	assert_int_equal(rd(f, IIR), 0xc2);
	assert_int_equal(f->level, 0);
}

static void test_rx_irq(void **state)
{
	struct fx *f = *state;

	wr(f, MCR, 0x08);
	wr(f, IER, 0x01);
	assert_int_equal(rd(f, LSR) & 0x01, 0);
	vp_uart_input(f->u, (const uint8_t *)"abc", 3);
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, IIR), 0x04);
	assert_int_equal(rd(f, LSR), 0x61);
	assert_int_equal(rd(f, RBR), 'a');
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, RBR), 'b');
	assert_int_equal(rd(f, LSR) & 0x01, 1);
	assert_int_equal(rd(f, RBR), 'c');
	assert_int_equal(f->level, 0);
	assert_int_equal(rd(f, LSR), 0x60);
	assert_int_equal(rd(f, IIR), 0x01);
	assert_int_equal(f->calls, 2);
}

static void test_out2_gate(void **state)
{
	struct fx *f = *state;

	wr(f, IER, 0x01);
	vp_uart_input(f->u, (const uint8_t *)"x", 1);
	assert_int_equal(rd(f, IIR), 0x04);	/* pending inside the chip */
	assert_int_equal(f->level, 0);
	wr(f, MCR, 0x08);
	assert_int_equal(f->level, 1);
	wr(f, MCR, 0x03);
	assert_int_equal(f->level, 0);
	wr(f, MCR, 0x0b);
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, RBR), 'x');
	assert_int_equal(f->level, 0);
	assert_int_equal(f->calls, 4);
}

static void test_fcr_clear_keeps_queue(void **state)
{
	struct fx *f = *state;
	uint8_t in[40];
	int i;

	for (i = 0; i < 40; i++)
		in[i] = i;
	wr(f, FCR, 0x01);
	vp_uart_input(f->u, in, sizeof(in));
	wr(f, FCR, 0x03);			/* drops the 16 in the FIFO */
	for (i = 16; i < 40; i++) {
		assert_int_equal(rd(f, LSR) & 0x01, 1);
		assert_int_equal(rd(f, RBR), i);
	}
	assert_int_equal(rd(f, LSR) & 0x01, 0);
	assert_int_equal(rd(f, LSR) & 0x02, 0);	/* nothing overran */
}

static void test_input_overflow(void **state)
{
	struct fx *f = *state;
	size_t n = 10000, got = 0;
	uint8_t *in = malloc(n);

	assert_non_null(in);
	for (size_t i = 0; i < n; i++)
		in[i] = i % 251;
	wr(f, FCR, 0x01);
	vp_uart_input(f->u, in, n / 2);
	vp_uart_input(f->u, in + n / 2, n - n / 2);
	assert_int_equal(rd(f, LSR), 0x63);	/* DR, OE */
	assert_int_equal(rd(f, LSR), 0x61);	/* OE cleared by the read */
	while (rd(f, LSR) & 0x01) {
		assert_int_equal(rd(f, RBR), in[got]);
		got++;
	}
	assert_int_equal(got, 16 + VP_UART_QUEUE);
	free(in);
}

static void test_loopback(void **state)
{
	struct fx *f = *state;

	wr(f, MCR, 0x10);
	assert_int_equal(rd(f, MSR), 0x0b);	/* all inputs fell: deltas */
	assert_int_equal(rd(f, MSR), 0x00);
	vp_uart_input(f->u, (const uint8_t *)"host", 4);
	assert_int_equal(rd(f, LSR) & 0x01, 0);	/* host not connected */
	wr(f, THR, 'z');
	assert_int_equal(rd(f, LSR) & 0x01, 1);
	assert_int_equal(rd(f, RBR), 'z');
	assert_int_equal(rd(f, LSR) & 0x01, 0);
	wr(f, MCR, 0x15);			/* DTR, OUT1 -> DSR, RI */
	assert_int_equal(rd(f, MSR), 0x62);
	wr(f, MCR, 0x11);			/* RI falls: TERI */
	assert_int_equal(rd(f, MSR), 0x24);
	wr(f, MCR, 0);
	assert_int_equal(rd(f, MSR) & 0xf0, 0xb0);
	assert_int_equal(rd(f, RBR), 'h');	/* queued input survives */
	fflush(f->out);
	assert_int_equal(f->len, 0);		/* 'z' never left the chip */
}

static void test_priority(void **state)
{
	struct fx *f = *state;
	int i;

	wr(f, FCR, 0x01);
	wr(f, MCR, 0x18);			/* loopback, OUT2 -> DCD only */
	wr(f, IER, 0x0f);
	for (i = 0; i < 17; i++)		/* one more than the FIFO */
		wr(f, THR, 'a' + i);
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, IIR), 0xc6);	/* line status: overrun */
	assert_int_equal(rd(f, LSR), 0x63);
	assert_int_equal(rd(f, IIR), 0xc4);	/* data */
	for (i = 0; i < 16; i++)
		assert_int_equal(rd(f, RBR), 'a' + i);
	assert_int_equal(rd(f, IIR), 0xc2);	/* THR empty, acked here */
	assert_int_equal(rd(f, IIR), 0xc0);	/* modem status */
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(f, MSR), 0x83);	/* DCD; DCTS, DDSR */
	assert_int_equal(rd(f, IIR), 0xc1);
	assert_int_equal(f->level, 0);
	assert_int_equal(f->calls, 2);
}

/* Two threads, one writing host input and one draining RBR. */
#define STREAM	3000		/* below the buffering: nothing dropped */

static atomic_int thread_level;

static void thread_irq(void *ctx, int level)
{
	(void)ctx;
	thread_level = level;
}

static void *producer(void *arg)
{
	struct vp_uart *u = arg;
	uint8_t chunk[7];
	size_t sent = 0, i, n;

	while (sent < STREAM) {
		n = STREAM - sent < sizeof(chunk) ? STREAM - sent : sizeof(chunk);
		for (i = 0; i < n; i++)
			chunk[i] = (sent + i) % 251;
		vp_uart_input(u, chunk, n);
		sent += n;
		sched_yield();
	}
	return NULL;
}

static void test_threaded_input(void **state)
{
	struct vp_uart *u = vp_uart_new(NULL, thread_irq, NULL);
	size_t got = 0, errors = 0;
	pthread_t t;

	(void)state;
	assert_non_null(u);
	vp_uart_write(u, MCR, 0x08);
	vp_uart_write(u, IER, 0x01);
	vp_uart_write(u, FCR, 0x01);
	assert_int_equal(pthread_create(&t, NULL, producer, u), 0);
	while (got < STREAM) {
		if (!(vp_uart_read(u, LSR) & 0x01)) {
			sched_yield();
			continue;
		}
		if (vp_uart_read(u, RBR) != got % 251)
			errors++;
		got++;
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(errors, 0);
	assert_int_equal(vp_uart_read(u, LSR), 0x60);
	assert_int_equal(thread_level, 0);
	vp_uart_free(u);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_autoconfig),
		T(test_dlab),
		T(test_registers),
		T(test_output),
		T(test_thre_irq),
		T(test_rx_irq),
		T(test_out2_gate),
		T(test_fcr_clear_keeps_queue),
		T(test_input_overflow),
		T(test_loopback),
		T(test_priority),
		cmocka_unit_test(test_threaded_input),
	};

	return cmocka_run_group_tests_name("uart", tests, NULL, NULL);
}
