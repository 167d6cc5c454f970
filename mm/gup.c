// SPDX-License-Identifier: GPL-2.0
/*
 * get_user_pages / pin_user_pages: walk the page tables under mmap_lock,
 * faulting pages in as needed, and take a reference (FOLL_GET) or a pin
 * (FOLL_PIN) under the page-table lock so the page cannot be zapped or
 * migrated in between. FOLL_LONGTERM pins first move pages out of
 * ZONE_MOVABLE and CMA (check_and_migrate), then pin again.
 *
 * get_user_pages_fast / pin_user_pages_fast first walk the page tables
 * without mmap_lock or the page-table lock (gup_fast), as Linux does:
 * read each PTE once, take the reference speculatively (only if the page
 * is not free), re-read the PTE and keep the page only if the PTE did not
 * change. Page tables are freed only at mm teardown and the caller's mm
 * is live, so a table found stays readable (Linux: IRQs off against the
 * TLB-flush IPI, or RCU-freed tables); struct pages are never freed. Any
 * PTE it cannot handle ends the fast walk and the slow path does the rest.
 */
#include <dmabridge/gup.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include <dmabridge/sanitizer.h>
#include "internal.h"

#define GUP_CALLER_FLAGS (FOLL_WRITE | FOLL_DUMP | FOLL_FORCE | FOLL_NOWAIT | \
			  FOLL_NOFAULT | FOLL_HWPOISON | FOLL_ANON | \
			  FOLL_LONGTERM | FOLL_SPLIT_PMD | FOLL_PCI_P2PDMA | \
			  FOLL_INTERRUPTIBLE)
#define LONGTERM_MIGRATE_RETRIES 5

static bool is_valid_gup_args(struct page **pages, unsigned int *gup_flags,
			      unsigned int to_set)
{
	unsigned int flags = *gup_flags;

	if (WARN_ON_ONCE(flags & ~GUP_CALLER_FLAGS))
		return false;
	flags |= to_set;
	if (WARN_ON_ONCE(!(flags & FOLL_PIN) && (flags & FOLL_LONGTERM)))
		return false;
	if (WARN_ON_ONCE((flags & (FOLL_GET | FOLL_PIN)) && !pages))
		return false;
	*gup_flags = flags;
	return true;
}

static int check_vma_flags(struct vm_area_struct *vma, unsigned int gup_flags)
{
	vm_flags_t vm_flags = vma->vm_flags;

	if (vm_flags & (VM_IO | VM_PFNMAP))
		return -EFAULT;
	if (gup_flags & FOLL_WRITE) {
		if (!(vm_flags & VM_WRITE)) {
			if (!(gup_flags & FOLL_FORCE))
				return -EFAULT;
			if (!is_cow_mapping(vm_flags))
				return -EFAULT;
		}
	} else if (!(vm_flags & VM_READ)) {
		if (!(gup_flags & FOLL_FORCE))
			return -EFAULT;
		if (!(vm_flags & VM_MAYREAD))
			return -EFAULT;
	}
	return 0;
}

static void grab_page(struct page *page, unsigned int gup_flags)
{
	get_page(page);
	if (gup_flags & FOLL_PIN)
		atomic_inc(&page->_pincount);
}

/*
 * Look the page up through the PTE and take a reference or a pin under
 * the page-table lock. NULL if it must be faulted in; ERR_PTR for a
 * special (PFN) PTE.
 */
static struct page *follow_page_pte(struct vm_area_struct *vma,
				    unsigned long addr, unsigned int gup_flags)
{
	struct pte_table *t = pte_table_lookup(vma->vm_mm, addr);
	struct page *page = NULL;
	pte_t pte;

	if (!t)
		return NULL;
	spin_lock(&t->ptl);
	pte = t->pte[pte_index(addr)];
	if (!pte_present(pte))
		goto out;
	if (pte_special(pte)) {
		page = ERR_PTR(-EFAULT);
		goto out;
	}
	page = vm_normal_page(vma, addr, pte);
	if (!page) {
		page = ERR_PTR(-EFAULT);
		goto out;
	}
	/* A write needs a writable PTE, or FOLL_FORCE on an exclusive COW copy. */
	if ((gup_flags & FOLL_WRITE) && !pte_write(pte) &&
	    !((gup_flags & FOLL_FORCE) && PageFlag(page, PG_anon) &&
	      is_cow_mapping(vma->vm_flags))) {
		page = NULL;
		goto out;
	}
	grab_page(page, gup_flags);
	/* Learned under the claim its PTE was made for. */
	san_learn(vma->vm_mm->platform, page_to_phys(page), PAGE_SIZE,
		  t->owner[pte_index(addr)] ?: san_owner(vma->vm_mm->platform,
							page_to_phys(page)));
out:
	spin_unlock(&t->ptl);
	return page;
}

static long __get_user_pages(struct mm_struct *mm, unsigned long start,
			     unsigned long nr_pages, unsigned int gup_flags,
			     struct page **pages)
{
	struct vm_area_struct *vma = NULL;
	unsigned long i;
	long err = 0;

	start &= PAGE_MASK;
	for (i = 0; i < nr_pages; i++) {
		unsigned long addr = start + i * PAGE_SIZE;
		struct page *page;
		vm_fault_t ret;

		if (!vma || addr >= vma->vm_end) {
			vma = vma_lookup(mm, addr);
			if (!vma) {
				err = -EFAULT;
				break;
			}
			err = check_vma_flags(vma, gup_flags);
			if (err)
				break;
		}
		for (;;) {
			if (fatal_signal_pending(current)) {
				err = -EINTR;
				break;
			}
			page = follow_page_pte(vma, addr, gup_flags);
			if (IS_ERR(page)) {
				err = PTR_ERR(page);
				break;
			}
			if (page)
				break;
			if (gup_flags & FOLL_NOFAULT) {
				err = -EFAULT;
				break;
			}
			ret = handle_mm_fault(vma, addr, FAULT_FLAG_REMOTE |
					      ((gup_flags & FOLL_WRITE) ?
					       FAULT_FLAG_WRITE : 0), NULL);
			if (ret & VM_FAULT_ERROR) {
				err = (ret & VM_FAULT_OOM) ? -ENOMEM : -EFAULT;
				break;
			}
		}
		if (err)
			break;
		if (pages)
			pages[i] = page;
		else
			put_page(page);	/* only faulting in */
	}
	return i ? (long)i : err;
}

static void release_pages_gup(struct page **pages, long nr,
			      unsigned int gup_flags)
{
	long i;

	for (i = 0; i < nr; i++) {
		if (gup_flags & FOLL_PIN)
			unpin_user_page(pages[i]);
		else
			put_page(pages[i]);
	}
}

/*
 * FOLL_LONGTERM: if any page is movable or CMA, drop every pin, migrate
 * those pages to ZONE_NORMAL and return -EAGAIN so the caller pins again.
 */
static long check_and_migrate_movable_pages(struct page **pages, long nr,
					    unsigned int gup_flags)
{
	struct page **move;
	long i, n = 0, err = 0;

	for (i = 0; i < nr; i++)
		if (!page_is_longterm_pinnable(pages[i]))
			n++;
	if (!n)
		return 0;
	move = kmalloc_array(n, sizeof(*move), GFP_KERNEL);
	if (!move) {
		release_pages_gup(pages, nr, gup_flags);
		return -ENOMEM;
	}
	n = 0;
	for (i = 0; i < nr; i++) {
		if (!page_is_longterm_pinnable(pages[i])) {
			get_page(pages[i]);
			move[n++] = pages[i];
		}
	}
	release_pages_gup(pages, nr, gup_flags);
	for (i = 0; i < n; i++) {
		int ret = 0, tries;

		/* -EBUSY may be a passing reference (a racing GUP): retry. */
		for (tries = 0; !err && tries < 10; tries++) {
			ret = migrate_page(move[i], ZONE_NORMAL, NULL);
			if (ret != -EBUSY)
				break;
			cond_resched();
		}

		/* Linux reports a failed long-term migration as -ENOMEM. */
		if (ret && ret != -EINVAL)
			err = -ENOMEM;
		put_page(move[i]);
	}
	kfree(move);
	return err ? err : -EAGAIN;
}

static long __gup_longterm_locked(struct mm_struct *mm, unsigned long start,
				  unsigned long nr_pages, struct page **pages,
				  unsigned int gup_flags)
{
	long rc, ret;
	int tries = 0;

	if (!nr_pages)
		return 0;
	if (!(gup_flags & FOLL_LONGTERM))
		return __get_user_pages(mm, start, nr_pages, gup_flags, pages);
	for (;;) {
		rc = __get_user_pages(mm, start, nr_pages, gup_flags, pages);
		if (rc <= 0)
			return rc;
		ret = check_and_migrate_movable_pages(pages, rc, gup_flags);
		if (!ret)
			return rc;
		if (ret != -EAGAIN)
			return ret;
		if (++tries > LONGTERM_MIGRATE_RETRIES)
			return -ENOMEM;
	}
}

static long gup_checked(struct mm_struct *mm, unsigned long start,
			unsigned long nr_pages, unsigned int gup_flags,
			struct page **pages, bool lock)
{
	unsigned long end;
	long ret;

	if (!mm)
		return -EFAULT;
	if (__builtin_mul_overflow(nr_pages, PAGE_SIZE, &end) ||
	    __builtin_add_overflow(start & PAGE_MASK, end, &end))
		return -EOVERFLOW;
	if (end > TASK_SIZE)
		return -EFAULT;
	if (lock) {
		if (mmap_read_lock_killable(mm))
			return -EINTR;
	} else {
		mmap_assert_locked(mm);
	}
	ret = __gup_longterm_locked(mm, start, nr_pages, pages, gup_flags);
	if (lock)
		mmap_read_unlock(mm);
	return ret;
}

static struct mm_struct *current_mm(void)
{
	return current ? current->mm : NULL;
}

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_GET))
		return -EINVAL;
	return gup_checked(current_mm(), start, nr_pages, gup_flags, pages,
			   false);
}

long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_GET))
		return -EINVAL;
	return gup_checked(mm, start, nr_pages, gup_flags, pages,
			   locked && !*locked);
}

long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_GET))
		return -EINVAL;
	return gup_checked(current_mm(), start, nr_pages, gup_flags, pages,
			   true);
}

/* Tests only (dmabridge, not Linux): runs between the PTE read and the grab. */
static void (*gup_fast_hook)(unsigned long addr, void *arg);
static void *gup_fast_hook_arg;

void gup_fast_set_race_hook(void (*hook)(unsigned long addr, void *arg),
			    void *arg)
{
	gup_fast_hook_arg = arg;
	__atomic_store_n(&gup_fast_hook, hook, __ATOMIC_RELEASE);
}

static void gup_fast_undo(struct page *page, unsigned int gup_flags)
{
	if (gup_flags & FOLL_PIN)
		atomic_dec(&page->_pincount);
	put_page(page);
}

/*
 * One PTE table, [addr, end): grab every page first, then one barrier,
 * then re-check every PTE (the batch of a table shares the barrier).
 * Returns how many of pages[] were grabbed and are still mapped; the
 * first PTE that fails a check ends the batch.
 */
static unsigned long gup_fast_pte_range(struct mm_struct *mm,
					struct pte_table *t,
					unsigned long addr, unsigned long end,
					unsigned int gup_flags,
					struct page **pages)
{
	void (*hook)(unsigned long, void *);
	unsigned long start = addr, n = 0, i, good;
	pte_t seen[PTRS_PER_PTE];

	for (; addr < end; addr += PAGE_SIZE, n++) {
		pte_t pte = ptep_get_lockless(&t->pte[pte_index(addr)]);
		struct page *page;

		/* Not present, PFN map, PROT_NONE, migration: slow path. */
		if (!pte_present(pte) || pte_special(pte) || !pte_user(pte))
			break;
		/* Slow path: a write fault, or FOLL_FORCE on a COW copy. */
		if ((gup_flags & FOLL_WRITE) && !pte_write(pte))
			break;
		page = platform_pfn_to_page(mm->platform, pte_pfn(pte));
		if (!page)
			break;
		hook = __atomic_load_n(&gup_fast_hook, __ATOMIC_ACQUIRE);
		if (unlikely(hook))
			hook(addr, gup_fast_hook_arg);
		/* A free page (count 0) may be reallocated: never revive it. */
		if (!get_page_unless_zero(page))
			break;
		/* Checked with the reference held: the zone is stable now. */
		if ((gup_flags & FOLL_LONGTERM) &&
		    !page_is_longterm_pinnable(page)) {
			put_page(page);
			break;
		}
		if (gup_flags & FOLL_PIN)
			atomic_inc(&page->_pincount);
		seen[n] = pte;
		pages[n] = page;
	}
	/*
	 * Pairs with migrate_page()'s barrier between replacing the PTE and
	 * reading the count; a zap's PTE clear is ordered before its
	 * put_page, which our grab saw or preceded.
	 */
	smp_mb();
	for (good = 0; good < n; good++) {
		unsigned int k = pte_index(start + good * PAGE_SIZE);

		if (pte_val(ptep_get_lockless(&t->pte[k])) !=
		    pte_val(seen[good]))
			break;
	}
	for (i = good; i < n; i++)
		gup_fast_undo(pages[i], gup_flags);
	for (i = 0; i < good; i++) {
		unsigned int k = pte_index(start + i * PAGE_SIZE);

		/* Learned under the claim its PTE was made for. */
		san_learn(mm->platform, page_to_phys(pages[i]), PAGE_SIZE,
			  pte_owner_lockless(t, k) ?:
			  san_owner(mm->platform, page_to_phys(pages[i])));
	}
	return good;
}

/* The lockless walk: how many pages from @start it grabbed. */
static unsigned long gup_fast(struct mm_struct *mm, unsigned long start,
			      unsigned long end, unsigned int gup_flags,
			      struct page **pages)
{
	unsigned long addr = start, nr = 0;

	while (addr < end) {
		unsigned long tend = min((addr & PMD_MASK) + PMD_SIZE, end);
		struct pte_table *t = pte_table_lookup(mm, addr);
		unsigned long got;

		if (!t)
			break;
		got = gup_fast_pte_range(mm, t, addr, tend, gup_flags,
					 pages + nr);
		nr += got;
		if (addr + got * PAGE_SIZE != tend)
			break;
		addr = tend;
	}
	return nr;
}

/* Linux: gup_fast_fallback. */
static int gup_fast_fallback(unsigned long start, unsigned long nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	struct mm_struct *mm = current_mm();
	unsigned long len, end, nr;
	long ret;

	if (!mm)
		return -EFAULT;
	start &= PAGE_MASK;
	if (__builtin_mul_overflow(nr_pages, PAGE_SIZE, &len) ||
	    __builtin_add_overflow(start, len, &end))
		return -EOVERFLOW;
	if (end > TASK_SIZE)
		return -EFAULT;
	nr = gup_fast(mm, start, end, gup_flags, pages);
	if (nr == nr_pages)
		return nr;
	ret = gup_checked(mm, start + nr * PAGE_SIZE, nr_pages - nr, gup_flags,
			  pages + nr, true);
	if (ret < 0)
		return nr ? (int)nr : (int)ret;
	return (int)(ret + nr);
}

int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_GET))
		return -EINVAL;
	if (nr_pages <= 0)
		return 0;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_PIN))
		return -EINVAL;
	return gup_checked(current_mm(), start, nr_pages, gup_flags, pages,
			   false);
}

long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_PIN))
		return -EINVAL;
	return gup_checked(mm, start, nr_pages, gup_flags, pages,
			   locked && !*locked);
}

long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_PIN))
		return -EINVAL;
	return gup_checked(current_mm(), start, nr_pages, gup_flags, pages,
			   true);
}

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_PIN))
		return -EINVAL;
	if (nr_pages <= 0)
		return 0;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}

void unpin_user_page(struct page *page)
{
	if (WARN_ON_ONCE(atomic_read(&page->_pincount) <= 0))
		return;
	atomic_dec(&page->_pincount);
	put_page(page);
}

void unpin_user_pages(struct page **pages, unsigned long npages)
{
	unsigned long i;

	if (!pages)
		return;
	for (i = 0; i < npages; i++)
		unpin_user_page(pages[i]);
}

void set_page_dirty_lock(struct page *page)
{
	lock_page(page);
	set_bit(PG_dirty, &page->flags);
	unlock_page(page);
}

void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
				 bool make_dirty)
{
	unsigned long i;

	if (!pages)
		return;
	for (i = 0; i < npages; i++) {
		if (make_dirty && !PageFlag(pages[i], PG_dirty))
			set_page_dirty_lock(pages[i]);
		unpin_user_page(pages[i]);
	}
}
