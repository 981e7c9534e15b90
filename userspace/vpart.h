/* SPDX-License-Identifier: GPL-2.0 */
/* The launcher's subcommands and shared helpers. */
#ifndef VPART_LAUNCHER_H
#define VPART_LAUNCHER_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* /dev/vpart with the API checked, or -1 after one line on stderr. */
int vp_open_dev(void);
int cmd_run(int argc, char **argv);

#endif
