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

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

/*
 * Tests only (a dmabridge hook, not Linux): @hook runs in the lockless
 * walk of the _fast variants after a PTE was read and before the page is
 * grabbed, so a test can change the mapping exactly there. NULL removes it.
 */
void gup_fast_set_race_hook(void (*hook)(unsigned long addr, void *arg),
			    void *arg);

void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
				 bool make_dirty);
void set_page_dirty_lock(struct page *page);

#endif
