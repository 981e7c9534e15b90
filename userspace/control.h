/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket of a running VM: `vpart run` listens on
 * RUNDIR/NAME.sock (RUNDIR: $VPART_RUN_DIR or /run/vpart); `vpart ps`,
 * `stop` and `device` talk to it, one line per request:
 *   status            -> key value lines (name, pid, cpus, memory_mib,
 *                        vmbus, heartbeat, heartbeat_seq, heartbeat_age_ms,
 *                        shutdown, devices)
 *   stop [reboot]     -> "ok" once the guest was asked, or "error: ..."
 *   add CLASS         -> "ok ID" or "error: ..."
 *   remove ID         -> "ok" or "error: ..."
 *   disk-add SPEC     -> "ok ID" or "error: ...": PATH[,ro][,serial=S], PATH absolute
 *   disk-remove ID|PATH -> "ok" or "error: ..."
 *   nic-add SPEC      -> "ok ID" or "error: ...": IFNAME[,mac=MAC][,mtu=N]
 *   nic-remove ID|IFNAME -> "ok" or "error: ..."
 */
#ifndef VPART_CONTROL_H
#define VPART_CONTROL_H

#include <stddef.h>

struct vm;

#define VP_NAME_MAX	32

/* The socket directory, created if missing. */
const char *vp_run_dir(void);
/* Is @name usable as a VM name (letters, digits, '-', '_', '.')? */
int vp_name_ok(const char *name);
/* Bind RUNDIR/NAME.sock; -1 after a message when taken or on error. */
int vp_control_listen(const char *name);
/* Serve requests for @vm on @fd from a thread of its own. */
int vp_control_start(struct vm *vm, int fd);
void vp_control_stop(const char *name, int fd);
/* Client: send @req to VM @name, read the whole answer into @buf. */
int vp_control_ask(const char *name, const char *req, char *buf, size_t len);
/* Client: @req to VM @name, any error on stderr, an id answered on stdout; exit status. */
int vp_control_run(const char *name, const char *req);

int cmd_ps(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_device(int argc, char **argv);

#endif
