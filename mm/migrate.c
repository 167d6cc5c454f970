// SPDX-License-Identifier: GPL-2.0
/*
 * Page migration: the page is locked, every PTE mapping it is replaced by
 * a migration entry (faults on it wait for the page lock), the reference
 * count is checked so no one else (GUP, DMA pin) uses the page, the data
 * is copied to a new page, and the entries become PTEs of the new page.
 * The old page gets a fresh sanitizer owner (SAN_EV_MIGRATE) so a stale
 * user of its PFN is reported.
 *
 * What makes the copy complete: the page lock, held throughout, keeps
 * out new mappings (faults map a locked page) and write() (it copies
 * under the page lock, as Linux's write_begin/write_end); the migration
 * entries keep out CPU accesses through the page tables; the final
 * reference check, under the page cache lock that lookups take, refuses a
 * page that anyone else still holds. i_mmap_rwsem (shared) keeps every
 * VMA whose entry we recorded alive until the entries are replaced.
 * Nothing here allocates under i_mmap_rwsem: reclaim comes first in the
 * lock order (fs_reclaim -> i_mmap_rwsem, primed at boot).
 */
#include <string.h>
#include <dmabridge/fs.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "internal.h"

struct migration_entry {
	struct vm_area_struct *vma;
	struct pte_table *t;
	unsigned long addr;
};

struct migration {
	struct page *old;
	struct migration_entry *entries;
	int nr, cap;
	int err;
};

static void try_to_migrate_one(struct migration *m,
			       struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct mmu_notifier_range range;
	struct pte_table *t = pte_table_lookup(mm, addr);
	unsigned int i = pte_index(addr);
	pte_t pte;

	WARN_ON(!PageFlag(m->old, PG_locked));
	if (m->old->mapping)
		lockdep_assert_held(&m->old->mapping->i_mmap_rwsem);
	if (!t || m->err)
		return;
	if (m->nr == m->cap) {
		/* More mappings than when we locked the page: cannot be. */
		m->err = -EBUSY;
		return;
	}
	mmu_notifier_range_init(&range, MMU_NOTIFY_MIGRATE, 0, mm, addr,
				addr + PAGE_SIZE);
	mmu_notifier_invalidate_range_start(&range);
	spin_lock(&t->ptl);
	pte = t->pte[i];
	if (pte_present(pte) && !pte_special(pte) &&
	    pte_pfn(pte) == page_to_pfn(m->old)) {
		/* The entry keeps the PTE's reference and its bits. */
		set_pte(&t->pte[i], __pte((pte_val(pte) & ~_PAGE_PRESENT) |
					  _PAGE_MIGRATION));
		pte_set_owner(t, i, SAN_OWNER_NONE);
		atomic_dec(&m->old->_mapcount);
		if (PageFlag(m->old, PG_anon))
			atomic_long_dec(&mm->rss_anon);
		m->entries[m->nr++] = (struct migration_entry){ vma, t, addr };
	}
	spin_unlock(&t->ptl);
	mmu_notifier_invalidate_range_end(&range);
}

/* Turn every entry still there into a PTE of @page (old or new). */
static int remove_migration_ptes(struct migration *m, struct page *page)
{
	unsigned long pfn = page_to_pfn(m->old);
	int k, done = 0;

	WARN_ON(!PageFlag(m->old, PG_locked));
	if (m->old->mapping)
		lockdep_assert_held(&m->old->mapping->i_mmap_rwsem);

	for (k = 0; k < m->nr; k++) {
		struct migration_entry *e = &m->entries[k];
		unsigned int i = pte_index(e->addr);
		pte_t pte;
		pteval_t v;

		spin_lock(&e->t->ptl);
		pte = e->t->pte[i];
		if (pte_is_migration(pte) && pte_pfn(pte) == pfn) {
			v = pte_val(pte) & ~(PTE_PFN_MASK | _PAGE_MIGRATION);
			v |= _PAGE_PRESENT |
			     ((pteval_t)page_to_pfn(page) << PAGE_SHIFT);
			if (page != m->old)
				get_page(page);
			set_pte_page(e->vma, e->t, e->addr, page, __pte(v));
			done++;
		}
		spin_unlock(&e->t->ptl);
	}
	return done;
}

static void unmap_all(struct migration *m)
{
	struct page *page = m->old;

	if (PageFlag(page, PG_anon)) {
		struct mm_struct *mm = page->private;
		unsigned long addr = page->index << PAGE_SHIFT;
		struct vm_area_struct *vma = vma_lookup(mm, addr);

		if (vma)
			try_to_migrate_one(m, vma, addr);
		return;
	} else {
		struct address_space *mapping = page->mapping;
		struct interval_tree_node *node;
		pgoff_t idx = page->index;

		for (node = interval_tree_iter_first(&mapping->i_mmap, idx, idx);
		     node; node = interval_tree_iter_next(node, idx, idx)) {
			struct vm_area_struct *vma =
				container_of(node, struct vm_area_struct,
					     shared);

			try_to_migrate_one(m, vma, vma->vm_start +
					   ((idx - vma->vm_pgoff) << PAGE_SHIFT));
		}
	}
}

static gfp_t zone_gfp(enum zone_type zone)
{
	switch (zone) {
	case ZONE_MOVABLE:
		return GFP_KERNEL | __GFP_MOVABLE;
	case ZONE_CMA:
		return GFP_KERNEL | __GFP_CMA;
	default:
		return GFP_KERNEL;
	}
}

int migrate_page(struct page *page, enum zone_type zone,
		 struct page **newpage)
{
	struct platform *plat = page_platform(page);
	struct address_space *mapping = NULL;
	struct migration m = { .old = page };
	struct page *new;
	bool anon, shmem;
	int expected, err, k, converted;

	if (page_maybe_dma_pinned(page))
		return -EBUSY;
	lock_page(page);
	anon = PageFlag(page, PG_anon);
	shmem = page_is_shmem(page);
	if (!anon && !shmem) {
		unlock_page(page);
		return -EINVAL;		/* not migratable (driver page, freed) */
	}
	if (test_and_set_bit(PG_isolated, &page->flags)) {
		unlock_page(page);
		return -EBUSY;
	}
	new = platform_alloc_pages(plat, zone_gfp(zone), 0);
	if (!new) {
		err = -ENOMEM;
		goto out;
	}
	/*
	 * Faults map a page only under its lock, which we hold: the
	 * mappings counted now are all there can be. Allocate for them
	 * before i_mmap_rwsem.
	 */
	m.cap = max(page_mapcount(page), 1);
	m.entries = kcalloc(m.cap, sizeof(*m.entries), GFP_KERNEL);
	if (!m.entries) {
		put_page(new);
		err = -ENOMEM;
		goto out;
	}
	if (shmem) {
		mapping = page->mapping;
		down_read(&mapping->i_mmap_rwsem);
	}
	unmap_all(&m);
	/*
	 * GUP-fast takes its reference, then re-reads the PTE; we replaced
	 * the PTE, then read the count. The full barriers on both sides mean
	 * one of us sees the other: it backs off, or we refuse (-EBUSY).
	 */
	smp_mb();
	/* The caller's reference, the entries', the page cache's. */
	expected = 1 + m.nr + (shmem ? 1 : 0);
	err = m.err;
	if (!err && (page_ref_count(page) > expected ||
		     page_maybe_dma_pinned(page)))
		err = -EBUSY;
	if (!err) {
		memcpy(page_address(new), page_address(page), PAGE_SIZE);
		new->index = page->index;
		new->private = page->private;
		if (PageFlag(page, PG_dirty))
			set_bit(PG_dirty, &new->flags);
		if (anon) {
			set_bit(PG_anon, &new->flags);
		} else {
			set_bit(PG_swapbacked, &new->flags);
			new->mapping = mapping;
			err = shmem_migrate_replace(page, new, expected);
			if (err) {
				clear_bit(PG_swapbacked, &new->flags);
				new->mapping = NULL;
			}
		}
	}
	if (err) {
		remove_migration_ptes(&m, page);
		if (shmem)
			up_read(&mapping->i_mmap_rwsem);
		clear_bit(PG_anon, &new->flags);
		put_page(new);
		goto out;
	}
	converted = remove_migration_ptes(&m, new);
	if (shmem)
		up_read(&mapping->i_mmap_rwsem);
	/* Entries zapped meanwhile already dropped their references. */
	for (k = 0; k < converted; k++)
		put_page(page);
	if (shmem) {
		page->mapping = NULL;
		clear_bit(PG_swapbacked, &page->flags);
		put_page(page);		/* the page cache's old reference */
	}
	clear_bit(PG_anon, &page->flags);
	san_set_owner(plat, page_to_phys(page), PAGE_SIZE, SAN_OWNER_NONE,
		      SAN_EV_MIGRATE, "migrate_page");
	if (newpage)
		*newpage = new;
	put_page(new);			/* the allocation's reference */
out:
	clear_bit(PG_isolated, &page->flags);
	unlock_page(page);
	kfree(m.entries);
	return err;
}
