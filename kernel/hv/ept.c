// SPDX-License-Identifier: GPL-2.0
/*
 * EPT table builder (see ept.h). No VMX instruction here: invalidation
 * (INVEPT) after unmapping is the caller's, so this file is tested by KUnit
 * on any machine.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <kunit/visibility.h>
#include <asm/vmx.h>
#include "ept.h"

#define LEVELS		4
#define ENTRIES		512
#define PFN_MASK	GENMASK_ULL(51, 12)
/* Non-leaf entries allow everything; the leaf decides. */
#define TABLE_PERMS	VMX_EPT_RWX_MASK
#define LEAF_TYPE	(VMX_EPTP_MT_WB << VMX_EPT_MT_EPTE_SHIFT)

static unsigned int index_at(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * level)) & (ENTRIES - 1);
}

static u64 *table_of(u64 entry)
{
	return page_address(pfn_to_page((entry & PFN_MASK) >> PAGE_SHIFT));
}

/*
 * The leaf entry for @gpa, allocating the tables on the way when @alloc.
 * Return: the entry, NULL when a table is missing (!@alloc) or allocation
 * failed (*@err = -ENOMEM).
 */
static u64 *walk(struct vp_ept *ept, u64 gpa, bool alloc, int *err)
{
	u64 *table = page_address(ept->root), *e;
	struct page *pg;
	int level;

	for (level = LEVELS - 1; level > 0; level--) {
		e = &table[index_at(gpa, level)];
		if (!*e) {
			if (!alloc)
				return NULL;
			pg = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
			if (!pg) {
				*err = -ENOMEM;
				return NULL;
			}
			ept->tables++;
			*e = page_to_phys(pg) | TABLE_PERMS;
		}
		table = table_of(*e);
	}
	return &table[index_at(gpa, 0)];
}

/**
 * vp_ept_init() - an empty EPT (every access faults)
 * @ept: tables to set up
 *
 * Return: 0 or -ENOMEM.
 */
int vp_ept_init(struct vp_ept *ept)
{
	ept->root = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	ept->tables = ept->root ? 1 : 0;
	return ept->root ? 0 : -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(vp_ept_init);

static void free_level(struct vp_ept *ept, u64 *table, int level)
{
	int i;

	for (i = 0; i < ENTRIES; i++) {
		if (!table[i])
			continue;
		if (level > 1)
			free_level(ept, table_of(table[i]), level - 1);
		__free_page(virt_to_page(table_of(table[i])));
		ept->tables--;
	}
}

/**
 * vp_ept_destroy() - free every table; the guest pages themselves are not ours
 * @ept: tables set up by vp_ept_init()
 */
void vp_ept_destroy(struct vp_ept *ept)
{
	if (!ept->root)
		return;
	free_level(ept, page_address(ept->root), LEVELS - 1);
	__free_page(ept->root);
	ept->root = NULL;
	ept->tables = 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_ept_destroy);

static bool range_ok(u64 gpa, u64 size)
{
	return size && PAGE_ALIGNED(gpa) && PAGE_ALIGNED(size) &&
	       gpa < VP_EPT_GPA_LIMIT && size <= VP_EPT_GPA_LIMIT - gpa;
}

/**
 * vp_ept_unmap() - remove the 4 KiB mappings of a range; holes are fine
 * @ept: tables
 * @gpa: start, page-aligned
 * @size: bytes, page-aligned
 *
 * The caller flushes the TLBs (INVEPT) before reusing the host pages.
 */
void vp_ept_unmap(struct vp_ept *ept, u64 gpa, u64 size)
{
	u64 *e;
	int err;

	if (!range_ok(gpa, size))
		return;
	for (; size; gpa += PAGE_SIZE, size -= PAGE_SIZE) {
		e = walk(ept, gpa, false, &err);
		if (e)
			*e = 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vp_ept_unmap);

/**
 * vp_ept_map() - map a guest-physical range onto contiguous host memory
 * @ept: tables
 * @gpa: guest-physical start, page-aligned
 * @hpa: host-physical start, page-aligned
 * @size: bytes, page-aligned
 * @prot: VP_EPT_READ | VP_EPT_WRITE | VP_EPT_EXEC; write needs read
 *
 * All or nothing: on failure nothing of the range stays mapped.
 *
 * Return: 0, -EINVAL for a bad range or protection, -EEXIST when part of the
 * range is mapped already, -ENOMEM.
 */
int vp_ept_map(struct vp_ept *ept, u64 gpa, u64 hpa, u64 size, unsigned int prot)
{
	u64 done, *e;
	int err = 0;

	if (!range_ok(gpa, size) || !PAGE_ALIGNED(hpa) || (hpa & ~PFN_MASK) ||
	    !prot || (prot & ~VMX_EPT_RWX_MASK) ||
	    ((prot & VP_EPT_WRITE) && !(prot & VP_EPT_READ)))
		return -EINVAL;
	for (done = 0; done < size; done += PAGE_SIZE) {
		e = walk(ept, gpa + done, true, &err);
		if (!e)
			break;
		if (*e) {
			err = -EEXIST;
			break;
		}
		*e = ((hpa + done) & PFN_MASK) | LEAF_TYPE | prot;
	}
	if (err && done)
		vp_ept_unmap(ept, gpa, done);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(vp_ept_map);

/**
 * vp_ept_lookup() - translate one guest-physical address
 * @ept: tables
 * @gpa: address
 * @hpa: its host-physical address
 * @prot: the mapping's VP_EPT_* bits
 *
 * Return: 0, or -ENOENT when @gpa is not mapped.
 */
int vp_ept_lookup(struct vp_ept *ept, u64 gpa, u64 *hpa, unsigned int *prot)
{
	u64 *e;
	int err;

	if (gpa >= VP_EPT_GPA_LIMIT)
		return -ENOENT;
	e = walk(ept, gpa, false, &err);
	if (!e || !*e)
		return -ENOENT;
	*hpa = (*e & PFN_MASK) | (gpa & ~PAGE_MASK);
	*prot = *e & VMX_EPT_RWX_MASK;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vp_ept_lookup);

/**
 * vp_ept_pointer() - the EPTP to load into the VMCS
 * @ept: tables
 * @ad: enable accessed/dirty flags (only if the CPU has them)
 *
 * Return: root address | write-back | 4-level walk [| A/D].
 */
u64 vp_ept_pointer(const struct vp_ept *ept, bool ad)
{
	return page_to_phys(ept->root) | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4 |
	       (ad ? VMX_EPTP_AD_ENABLE_BIT : 0);
}
EXPORT_SYMBOL_IF_KUNIT(vp_ept_pointer);
