/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT page tables of one partition: 4-level, 4 KiB leaves, write-back.
 * Only ranges a memory slot registered are ever mapped, so a guest can
 * reach nothing else; everything unmapped exits as an EPT violation.
 * Callers serialise map/unmap/destroy (the partition's slot lock).
 */
#ifndef _VPART_HV_EPT_H
#define _VPART_HV_EPT_H

#include <linux/types.h>

struct page;

/* Guest-physical addresses a 4-level table covers. */
#define VP_EPT_GPA_LIMIT	(1ULL << 48)

#define VP_EPT_READ	0x1
#define VP_EPT_WRITE	0x2
#define VP_EPT_EXEC	0x4

struct vp_ept {
	struct page *root;
	unsigned long tables;	/* table pages allocated, root included */
};

int vp_ept_init(struct vp_ept *ept);
void vp_ept_destroy(struct vp_ept *ept);
int vp_ept_map(struct vp_ept *ept, u64 gpa, u64 hpa, u64 size, unsigned int prot);
void vp_ept_unmap(struct vp_ept *ept, u64 gpa, u64 size);
int vp_ept_lookup(struct vp_ept *ept, u64 gpa, u64 *hpa, unsigned int *prot);
u64 vp_ept_pointer(const struct vp_ept *ept, bool ad);

#endif /* _VPART_HV_EPT_H */
