/* SPDX-License-Identifier: GPL-2.0 */
/*
 * get_user_pages and pin_user_pages. FOLL_GET references keep a page
 * from being freed; FOLL_PIN pins (pin_user_pages*) also mark it as used
 * by DMA (page_maybe_dma_pinned) so it is never migrated. FOLL_LONGTERM
 * pins first migrate pages out of ZONE_MOVABLE and CMA. VM_IO and
 * VM_PFNMAP ranges are refused with -EFAULT.
 *
 * The *_fast and *_unlocked variants take mmap_lock themselves; the
 * others expect the caller to hold it for read.
 */
#ifndef DMABRIDGE_GUP_H
#define DMABRIDGE_GUP_H

#include <dmabridge/mm.h>

/**
 * DOC: FOLL flags
 *
 * Linux's values. FOLL_WRITE: the pages will be written. FOLL_FORCE:
 * ignore the VMA's lack of VM_WRITE/VM_READ. FOLL_NOFAULT: do not fault
 * pages in. FOLL_LONGTERM: pin for an unbounded time (pages are first
 * migrated out of ZONE_MOVABLE and CMA). FOLL_GET and FOLL_PIN are
 * internal: callers choose get_user_pages*() or pin_user_pages*().
 */
#define FOLL_WRITE	(1U << 0)	/* the pages will be written */
#define FOLL_GET	(1U << 1)	/* internal: take a reference */
#define FOLL_DUMP	(1U << 2)
#define FOLL_FORCE	(1U << 3)	/* ignore the VMA's lack of VM_WRITE/READ */
#define FOLL_NOWAIT	(1U << 4)
#define FOLL_NOFAULT	(1U << 5)	/* do not fault pages in */
#define FOLL_HWPOISON	(1U << 6)
#define FOLL_ANON	(1U << 7)
#define FOLL_LONGTERM	(1U << 8)	/* pin for an unbounded time */
#define FOLL_SPLIT_PMD	(1U << 9)
#define FOLL_PCI_P2PDMA	(1U << 10)
#define FOLL_INTERRUPTIBLE (1U << 11)
#define FOLL_PIN	(1U << 16)	/* internal: pin_user_pages* */

/**
 * get_user_pages() - take references on the pages of current's range
 * @start: user address
 * @nr_pages: pages wanted
 * @gup_flags: FOLL_*
 * @pages: receives the pages (each with a reference: put_page() them)
 *
 * Faults pages in as needed. VM_IO and VM_PFNMAP ranges are refused.
 *
 * Context: process context; current's mmap_lock held for read; may sleep.
 * Return: the number of pages taken (may be fewer than asked), or -EFAULT
 * (no VMA, a PFN-mapped or inaccessible range, no mm), -EINVAL (bad
 * flags), -EOVERFLOW, -ENOMEM, -EINTR (a fatal signal).
 */
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
/**
 * get_user_pages_remote() - get_user_pages() on another mm
 * @mm: the address space
 * @start: user address
 * @nr_pages: pages wanted
 * @gup_flags: FOLL_*
 * @pages: receives the pages
 * @locked: unused (the lock is never dropped); may be NULL
 *
 * Context: @mm's mmap_lock held for read; may sleep.
 * Return: as get_user_pages().
 */
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
/**
 * get_user_pages_unlocked() - get_user_pages(), taking mmap_lock
 * @start: user address
 * @nr_pages: pages wanted
 * @pages: receives the pages
 * @gup_flags: FOLL_*
 *
 * Context: process context; takes mmap_lock (killable); may sleep.
 * Return: as get_user_pages().
 */
long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
/**
 * get_user_pages_fast() - get_user_pages(), taking mmap_lock
 * @start: user address
 * @nr_pages: pages wanted
 * @gup_flags: FOLL_*
 * @pages: receives the pages
 *
 * Context: process context; takes mmap_lock (killable); may sleep.
 * Return: as get_user_pages().
 */
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

/**
 * pin_user_pages() - pin the pages of current's range (FOLL_PIN)
 * @start: user address
 * @nr_pages: pages wanted
 * @gup_flags: FOLL_*; FOLL_LONGTERM migrates movable and CMA pages first
 * @pages: receives the pages (unpin_user_pages() them)
 *
 * Pinned pages are marked as used by DMA (page_maybe_dma_pinned()) and
 * never migrated or freed.
 *
 * Context: process context; current's mmap_lock held for read; may sleep.
 * Return: as get_user_pages().
 */
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
/**
 * pin_user_pages_remote() - pin_user_pages() on another mm
 * @mm: the address space
 * @start: user address
 * @nr_pages: pages wanted
 * @gup_flags: FOLL_*
 * @pages: receives the pages
 * @locked: unused; may be NULL
 *
 * Context: @mm's mmap_lock held for read; may sleep.
 * Return: as get_user_pages().
 */
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
/**
 * pin_user_pages_unlocked() - pin_user_pages(), taking mmap_lock
 * @start: user address
 * @nr_pages: pages wanted
 * @pages: receives the pages
 * @gup_flags: FOLL_*
 *
 * Context: process context; takes mmap_lock; may sleep.
 * Return: as get_user_pages().
 */
long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
/**
 * pin_user_pages_fast() - pin_user_pages(), taking mmap_lock
 * @start: user address
 * @nr_pages: pages wanted
 * @gup_flags: FOLL_*
 * @pages: receives the pages
 *
 * Context: process context; takes mmap_lock; may sleep.
 * Return: as get_user_pages().
 */
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

/**
 * gup_fast_set_race_hook() - tests only: run a hook inside the lockless walk
 * @hook: called after a PTE was read and before its page is grabbed, so a
 *	test can change the mapping exactly there; NULL removes it
 * @arg: passed to @hook
 *
 * A dmabridge test hook, not Linux.
 *
 * Context: any context; not while another thread runs a _fast walk.
 */
void gup_fast_set_race_hook(void (*hook)(unsigned long addr, void *arg),
			    void *arg);

/**
 * unpin_user_page() - drop one pin
 * @page: the page
 *
 * Context: any context.
 */
void unpin_user_page(struct page *page);
/**
 * unpin_user_pages() - drop the pins of an array of pages
 * @pages: the pages
 * @npages: entries in @pages
 *
 * Context: any context.
 */
void unpin_user_pages(struct page **pages, unsigned long npages);
/**
 * unpin_user_pages_dirty_lock() - mark pages dirty (if asked), then unpin
 * @pages: the pages
 * @npages: entries in @pages
 * @make_dirty: the device wrote them
 *
 * Context: process context; may sleep (takes each page's lock).
 */
void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
				 bool make_dirty);
/**
 * set_page_dirty_lock() - mark a page dirty under its lock
 * @page: the page
 *
 * Context: process context; may sleep.
 */
void set_page_dirty_lock(struct page *page);

#endif
