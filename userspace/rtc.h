/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MC146818 CMOS RTC model at VP_RTC_PORT (index) / VP_RTC_PORT + 1 (data):
 * host UTC time plus a guest-set offset, 128 bytes of CMOS, no interrupts.
 *
 * Guest writes to the time registers are accepted: they move the guest's
 * clock by an offset from the host clock, applied when status B's SET bit
 * is cleared (or at once when the guest writes without SET). The offset
 * lives as long as the vp_rtc. Locking: one mutex per RTC, no callbacks.
 */
#ifndef VPART_RTC_H
#define VPART_RTC_H

#include <stdint.h>
#include <time.h>

struct vp_rtc;

/* now == NULL -> time(NULL); tests pass a fixed clock. NULL if no memory. */
struct vp_rtc *vp_rtc_new(time_t (*now)(void));
void vp_rtc_free(struct vp_rtc *r);

/*
 * port 0x70: index (bit 7 = NMI disable, ignored); reading it returns the
 * byte last written. port 0x71: data. Other ports: ignored / read 0xff.
 */
void vp_rtc_write(struct vp_rtc *r, unsigned int port, uint8_t val);
uint8_t vp_rtc_read(struct vp_rtc *r, unsigned int port);

#endif
