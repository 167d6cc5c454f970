// SPDX-License-Identifier: GPL-2.0
/*
 * Four-level software page tables. Upper levels are filled lock-free
 * (compare-and-swap of a new table); PTEs are read and written under the
 * page-table lock of their last-level table. Tables are freed only when
 * the mm is torn down, so a walker never sees a table disappear.
 */
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "internal.h"

#define PT_INDEX(addr, shift) (((addr) >> (shift)) & (PTRS_PER_PTE - 1))

int pgd_alloc(struct mm_struct *mm)
{
	mm->pgd = kzalloc(sizeof(*mm->pgd), GFP_KERNEL);
	return mm->pgd ? 0 : -ENOMEM;
}

static void *alloc_level(struct mm_struct *mm, bool last)
{
	struct pte_table *t;

	if (!last)
		return kzalloc(sizeof(struct pt_dir), GFP_KERNEL);
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (t) {
		spin_lock_init(&t->ptl);
		__atomic_add_fetch(&mm->nr_ptes, 1, __ATOMIC_RELAXED);
	}
	return t;
}

static void free_level(struct mm_struct *mm, void *p, bool last)
{
	if (last) {
		spin_lock_destroy(&((struct pte_table *)p)->ptl);
		__atomic_sub_fetch(&mm->nr_ptes, 1, __ATOMIC_RELAXED);
	}
	kfree(p);
}

/* The entry at @slot, or a new table installed there. */
static void *get_or_alloc(struct mm_struct *mm, void **slot, bool last)
{
	void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	void *expected = NULL;

	if (p)
		return p;
	p = alloc_level(mm, last);
	if (!p)
		return NULL;
	if (__atomic_compare_exchange_n(slot, &expected, p, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return p;
	free_level(mm, p, last);	/* someone else won */
	return expected;
}

struct pte_table *pte_table_alloc(struct mm_struct *mm, unsigned long addr)
{
	struct pt_dir *pud, *pmd;

	pud = get_or_alloc(mm, &mm->pgd->entry[PT_INDEX(addr, PGDIR_SHIFT)],
			   false);
	if (!pud)
		return NULL;
	pmd = get_or_alloc(mm, &pud->entry[PT_INDEX(addr, PUD_SHIFT)], false);
	if (!pmd)
		return NULL;
	return get_or_alloc(mm, &pmd->entry[PT_INDEX(addr, PMD_SHIFT)], true);
}

static inline void *load_entry(void **slot)
{
	return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

struct pte_table *pte_table_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct pt_dir *pud, *pmd;

	pud = load_entry(&mm->pgd->entry[PT_INDEX(addr, PGDIR_SHIFT)]);
	if (!pud)
		return NULL;
	pmd = load_entry(&pud->entry[PT_INDEX(addr, PUD_SHIFT)]);
	if (!pmd)
		return NULL;
	return load_entry(&pmd->entry[PT_INDEX(addr, PMD_SHIFT)]);
}

static unsigned long next_boundary(unsigned long addr, unsigned long size,
				   unsigned long end)
{
	unsigned long next = (addr + size) & ~(size - 1);

	return (next <= addr || next > end) ? end : next;
}

unsigned long pgtable_next_table(struct mm_struct *mm, unsigned long addr,
				 unsigned long end)
{
	struct pt_dir *pud, *pmd;

	while (addr < end) {
		pud = load_entry(&mm->pgd->entry[PT_INDEX(addr, PGDIR_SHIFT)]);
		if (!pud) {
			addr = next_boundary(addr, PGDIR_SIZE, end);
			continue;
		}
		pmd = load_entry(&pud->entry[PT_INDEX(addr, PUD_SHIFT)]);
		if (!pmd) {
			addr = next_boundary(addr, PUD_SIZE, end);
			continue;
		}
		if (!load_entry(&pmd->entry[PT_INDEX(addr, PMD_SHIFT)])) {
			addr = next_boundary(addr, PMD_SIZE, end);
			continue;
		}
		return addr;
	}
	return end;
}

static void free_dir(struct mm_struct *mm, struct pt_dir *dir, int level)
{
	int i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		if (!dir->entry[i])
			continue;
		if (level == 2)
			free_level(mm, dir->entry[i], true);
		else
			free_dir(mm, dir->entry[i], level + 1);
	}
	kfree(dir);
}

void free_pgtables(struct mm_struct *mm)
{
	if (mm->pgd)
		free_dir(mm, mm->pgd, 0);
	mm->pgd = NULL;
}

unsigned long mm_pgtables_count(struct mm_struct *mm)
{
	return __atomic_load_n(&mm->nr_ptes, __ATOMIC_RELAXED);
}
