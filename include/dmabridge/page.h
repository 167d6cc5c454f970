/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct page and the page allocator. Only RAM has struct pages; device
 * memory (BARs) has none. Functions without a platform argument act on
 * current->platform, as the kernel's act on the one machine there is.
 */
#ifndef DMABRIDGE_PAGE_H
#define DMABRIDGE_PAGE_H

#include <dmabridge/types.h>
#include <dmabridge/atomic.h>
#include <dmabridge/list.h>
#include <dmabridge/hw.h>
#include <dmabridge/slab.h>

struct platform;
struct address_space;

enum zone_type {
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_CMA,	/* Linux: MIGRATE_CMA pageblocks; a zone here */
	MAX_NR_ZONES,
};

#define MAX_PAGE_ORDER 10

/* page->flags bits */
enum pageflags {
	PG_locked,
	PG_reserved,
	PG_buddy,	/* free, in the allocator */
	PG_dirty,
	PG_uptodate,
	PG_anon,	/* mm/: anonymous memory */
	PG_swapbacked,	/* mm/: shmem / memfd */
	PG_isolated,	/* mm/: being migrated */
	PG_head,	/* first page of a higher-order allocation */
	PG_mm_private,	/* mm/: free for mm's own use */
	PG_tail,	/* a later page of a higher-order allocation */
	__NR_PAGEFLAGS,
};

struct page {
	unsigned long flags;
	atomic_t _refcount;	/* 0 when free */
	atomic_t _pincount;	/* FOLL_PIN pins (Linux: folio pincount) */
	atomic_t _mapcount;	/* number of CPU PTEs mapping it (0 = none) */
	u8 zone;		/* enum zone_type */
	u8 order;		/* order of the block this page heads */
	u16 section;		/* memory map section (page_to_pfn) */
	struct list_head lru;	/* allocator free lists; mm/ LRU-ish lists */
	/* mm/: who maps it (rmap) */
	struct address_space *mapping;
	pgoff_t index;
	void *private;
	struct platform *platform;	/* the machine this RAM belongs to */
};

/* Allocation: gfp selects the zone (__GFP_MOVABLE, __GFP_CMA), __GFP_ZERO. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *platform_alloc_pages(struct platform *plat, gfp_t gfp,
				  unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages(page, 0)

/*
 * References: put_page frees the page when the count drops to zero. A
 * higher-order allocation counts on its head page only (like a folio):
 * get_page/put_page on a later page act on the head.
 */
void get_page(struct page *page);
void put_page(struct page *page);
bool get_page_unless_zero(struct page *page);
int page_ref_count(const struct page *page);
/* The first page of the allocation @page belongs to (itself if order 0). */
struct page *compound_head(struct page *page);
static inline unsigned int compound_order(const struct page *page)
{
	return test_bit(PG_head, &page->flags) ? page->order : 0;
}

/* Pin counts (FOLL_PIN); pinned pages are never migrated or freed. */
static inline bool page_maybe_dma_pinned(const struct page *page)
{
	return atomic_read(&page->_pincount) > 0;
}

static inline int page_mapcount(const struct page *page)
{
	return atomic_read(&page->_mapcount);
}

/*
 * SPARSEMEM, as Linux's on x86-64: RAM's memory map is in sections of
 * 128 MiB, each section's struct pages allocated when the section is
 * first used (the allocator needs it, or pfn_to_page() of one of its
 * pfns), so a platform costs the memory map of what it touches.
 */
#define SECTION_SIZE_BITS 27
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
#define pfn_to_section_nr(pfn) ((pfn) >> PFN_SECTION_SHIFT)
#define section_nr_to_pfn(nr) ((unsigned long)(nr) << PFN_SECTION_SHIFT)

/**
 * memmap_sections_present() - how many sections of @plat's memory map exist
 * @plat: the machine
 * @total: if not NULL, set to the number of sections RAM spans
 *
 * Context: any; a snapshot.
 * Return: the sections whose struct pages have been allocated.
 */
unsigned long memmap_sections_present(struct platform *plat,
				      unsigned long *total);

/* PFNs and addresses */
unsigned long page_to_pfn(const struct page *page);
struct page *pfn_to_page(unsigned long pfn);
struct page *platform_pfn_to_page(struct platform *plat, unsigned long pfn);
bool pfn_valid(unsigned long pfn);
phys_addr_t page_to_phys(const struct page *page);
struct page *phys_to_page(phys_addr_t pa);
/* The kernel's direct-map address: host memory of the page. */
void *page_address(const struct page *page);
struct platform *page_platform(const struct page *page);

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)page->zone;
}

/* Linux: folio_is_longterm_pinnable (not movable, not CMA). */
static inline bool page_is_longterm_pinnable(const struct page *page)
{
	return page->zone == ZONE_NORMAL;
}

/* Page lock (PG_locked), sleeping. */
void lock_page(struct page *page);
bool trylock_page(struct page *page);
void unlock_page(struct page *page);

static inline bool PageFlag(const struct page *page, enum pageflags f)
{
	return test_bit(f, &page->flags);
}

/* Zone statistics. */
unsigned long zone_free_pages(struct platform *plat, enum zone_type zone);
unsigned long zone_managed_pages(struct platform *plat, enum zone_type zone);
const char *zone_name(enum zone_type zone);

#endif
