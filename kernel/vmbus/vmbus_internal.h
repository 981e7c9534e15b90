/* SPDX-License-Identifier: GPL-2.0 */
/* Private to vpart_vmbus.ko: what its files share with each other. */
#ifndef _VPART_VMBUS_INTERNAL_H
#define _VPART_VMBUS_INTERNAL_H

void vp_vsp_registry_check_empty(void);

#endif /* _VPART_VMBUS_INTERNAL_H */
