// SPDX-License-Identifier: GPL-2.0
/*
 * IO page tables: 4 levels of 512 entries; 4 KiB leaves at the last
 * level, 2 MiB blocks one above, 1 GiB blocks above that. Entries are updated with atomics so
 * walks (DMA engines) run concurrently with map and unmap; tables are
 * only freed with the whole page table.
 */
#include <errno.h>
#include <dmabridge/atomic.h>
#include <dmabridge/iommu.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "io_pgtable.h"

#define PTES_PER_TABLE 512
#define PTE_VALID BIT(0)
#define PTE_TABLE BIT(1)
#define PTE_PROT_SHIFT 2	/* IOMMU_* prot bits live at bits 2..7 */
#define PTE_PROT_MASK (0x3fUL << PTE_PROT_SHIFT)
#define PTE_ADDR_MASK (~0xfffUL)

/* One entry: the hardware word and the owner the mapping expects. */
struct io_pte {
	u64 val;
	san_owner_t owner;
};

static inline unsigned int level_shift(int level)
{
	return 12 + 9 * (IO_PGTABLE_LEVELS - 1 - level);
}

static inline unsigned int pte_index(u64 iova, int level)
{
	return (iova >> level_shift(level)) & (PTES_PER_TABLE - 1);
}

static inline u64 pte_load(struct io_pte *pte)
{
	return __atomic_load_n(&pte->val, __ATOMIC_ACQUIRE);
}

static inline struct io_pte *pte_table(u64 val)
{
	return (struct io_pte *)(uintptr_t)(val & ~(PTE_VALID | PTE_TABLE));
}

static inline bool pte_is_table(u64 val)
{
	return (val & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

static struct io_pte *alloc_table(struct io_pgtable *pgt)
{
	struct io_pte *t = kzalloc(PTES_PER_TABLE * sizeof(*t), GFP_ATOMIC);

	BUILD_BUG_ON(__alignof__(struct io_pte) < 4);
	if (t)
		atomic_long_inc(&pgt->nr_tables);
	return t;
}

int io_pgtable_init(struct io_pgtable *pgt)
{
	atomic_long_set(&pgt->nr_tables, 0);
	pgt->top = alloc_table(pgt);
	return pgt->top ? 0 : -ENOMEM;
}

static void free_table(struct io_pte *t, int level)
{
	int i;

	if (level < IO_PGTABLE_LEVELS - 1) {
		for (i = 0; i < PTES_PER_TABLE; i++) {
			u64 v = t[i].val;

			if (pte_is_table(v))
				free_table(pte_table(v), level + 1);
		}
	}
	kfree(t);
}

void io_pgtable_free(struct io_pgtable *pgt)
{
	if (pgt->top)
		free_table(pgt->top, 0);
	pgt->top = NULL;
}

/* The next-level table under @pte, installing an empty one if needed. */
static struct io_pte *get_or_install(struct io_pgtable *pgt,
				     struct io_pte *pte, int *err)
{
	u64 v = pte_load(pte), want;
	struct io_pte *t;

	if (pte_is_table(v))
		return pte_table(v);
	if (v) {
		*err = -EEXIST;	/* a block mapping covers it */
		return NULL;
	}
	t = alloc_table(pgt);
	if (!t) {
		*err = -ENOMEM;
		return NULL;
	}
	want = (u64)(uintptr_t)t | PTE_VALID | PTE_TABLE;
	if (__atomic_compare_exchange_n(&pte->val, &v, want, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return t;
	/* Somebody else installed something first. */
	kfree(t);
	atomic_long_dec(&pgt->nr_tables);
	if (pte_is_table(v))
		return pte_table(v);
	*err = -EEXIST;
	return NULL;
}

static int size_to_level(size_t size)
{
	if (size == IO_SZ_4K)
		return 3;
	if (size == IO_SZ_2M)
		return 2;
	if (size == IO_SZ_1G)
		return 1;
	return -1;
}

/*
 * Map [iova, iova + size) to paddr with IO pages of @pgsize, all expecting
 * @owner: one walk down to the table, then consecutive entries of that
 * table. Returns the bytes mapped (a multiple of @pgsize, at least one
 * page), or -EEXIST (something is mapped there already) or -ENOMEM.
 */
long io_pgtable_map_run(struct io_pgtable *pgt, u64 iova, phys_addr_t paddr,
			size_t size, size_t pgsize, int prot,
			san_owner_t owner)
{
	int target = size_to_level(pgsize), level, err = 0;
	struct io_pte *t = pgt->top;
	unsigned int i;
	size_t done = 0;
	u64 val;

	if (target < 0 || size < pgsize)
		return -EINVAL;
	for (level = 0; level < target; level++) {
		t = get_or_install(pgt, &t[pte_index(iova, level)], &err);
		if (!t)
			return err;
	}
	val = (paddr & PTE_ADDR_MASK) | PTE_VALID |
	      ((u64)(prot & 0x3f) << PTE_PROT_SHIFT);
	for (i = pte_index(iova, target);
	     i < PTES_PER_TABLE && done + pgsize <= size;
	     i++, done += pgsize, val += pgsize) {
		struct io_pte *pte = &t[i];
		u64 expect = 0;

		if (pte_load(pte))
			break;
		/* Owner first: a walker that sees the entry sees its owner. */
		__atomic_store_n(&pte->owner, owner, __ATOMIC_RELAXED);
		if (!__atomic_compare_exchange_n(&pte->val, &expect, val, false,
						 __ATOMIC_RELEASE,
						 __ATOMIC_RELAXED))
			break;
	}
	return done ? (long)done : -EEXIST;
}

int io_pgtable_map_one(struct io_pgtable *pgt, u64 iova, phys_addr_t paddr,
		       size_t size, int prot, san_owner_t owner)
{
	long n = io_pgtable_map_run(pgt, iova, paddr, size, size, prot, owner);

	return n < 0 ? (int)n : 0;
}

size_t io_pgtable_unmap_run(struct io_pgtable *pgt, u64 iova, size_t max)
{
	struct io_pte *t = pgt->top, *pte;
	size_t done = 0, sz = 0;
	unsigned int i;
	int level;
	u64 v;

	for (level = 0; level < IO_PGTABLE_LEVELS; level++) {
		sz = 1UL << level_shift(level);
		pte = &t[pte_index(iova, level)];
		v = pte_load(pte);
		if (!v)
			return 0;
		if (!pte_is_table(v))
			break;
		t = pte_table(v);
	}
	if (level == IO_PGTABLE_LEVELS)
		return 0;
	/*
	 * Like Linux's io-pgtable-arm since 6.13: unmapping part of a large
	 * IO page is refused, not split (the rest would stay mapped with
	 * nobody owning it).
	 */
	if (WARN(!IS_ALIGNED(iova, sz) || max < sz,
		 "iommu: unmap of a partial large IO page (%#llx+%#zx inside "
		 "a %#zx page) is not allowed", (unsigned long long)iova, max,
		 sz))
		return 0;
	for (i = pte_index(iova, level); i < PTES_PER_TABLE && done + sz <= max;
	     i++, done += sz) {
		pte = &t[i];
		v = pte_load(pte);
		if (!v || pte_is_table(v))
			break;
		__atomic_store_n(&pte->val, 0, __ATOMIC_RELEASE);
	}
	return done;
}

bool io_pgtable_lookup(struct io_pgtable *pgt, u64 iova,
		       struct io_pgtable_walk *w)
{
	struct io_pte *t = pgt->top, *pte;
	int level;
	u64 v;

	for (level = 0; level < IO_PGTABLE_LEVELS; level++) {
		size_t sz = 1UL << level_shift(level);

		pte = &t[pte_index(iova, level)];
		v = pte_load(pte);
		if (!v)
			return false;
		if (pte_is_table(v)) {
			t = pte_table(v);
			continue;
		}
		w->size = sz;
		w->phys = (v & PTE_ADDR_MASK & ~(u64)(sz - 1)) +
			  (iova & (sz - 1));
		w->prot = (v & PTE_PROT_MASK) >> PTE_PROT_SHIFT;
		w->owner = __atomic_load_n(&pte->owner, __ATOMIC_RELAXED);
		return true;
	}
	return false;
}

bool io_pgtable_lookup_run(struct io_pgtable *pgt, u64 iova, int need,
			   size_t max, struct io_pgtable_walk *w)
{
	struct io_pgtable_walk n;
	size_t run;

	if (!io_pgtable_lookup(pgt, iova, w) || (w->prot & need) != need)
		return false;
	run = w->size - (iova & (w->size - 1));
	/* Walk on while the next IO page continues this one. */
	while (run < max) {
		struct io_pte *t = pgt->top, *pte = NULL;
		u64 next = iova + run, v = 0;
		unsigned int i;
		int level;
		size_t sz = 0;

		for (level = 0; level < IO_PGTABLE_LEVELS; level++) {
			sz = 1UL << level_shift(level);
			pte = &t[pte_index(next, level)];
			v = pte_load(pte);
			if (!v || !pte_is_table(v))
				break;
			t = pte_table(v);
		}
		if (!v || level == IO_PGTABLE_LEVELS)
			break;
		/* Entries of one table without walking down again. */
		for (i = pte_index(next, level); i < PTES_PER_TABLE && run < max;
		     i++) {
			pte = &t[i];
			v = pte_load(pte);
			if (!v || pte_is_table(v))
				goto out;
			n.phys = v & PTE_ADDR_MASK & ~(u64)(sz - 1);
			n.prot = (v & PTE_PROT_MASK) >> PTE_PROT_SHIFT;
			n.owner = __atomic_load_n(&pte->owner,
						  __ATOMIC_RELAXED);
			if (n.phys != w->phys + run || n.owner != w->owner ||
			    (n.prot & need) != need)
				goto out;
			run += sz;
		}
	}
out:
	w->run = min(run, max);
	return true;
}
