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

/**
 * enum zone_type - the zones of RAM
 * @ZONE_NORMAL: unmovable allocations; long-term pinnable
 * @ZONE_MOVABLE: movable allocations only (migrated before a long-term pin)
 * @ZONE_CMA: Linux's MIGRATE_CMA pageblocks, a zone here (a modelling
 * 	choice)
 * @MAX_NR_ZONES: number of zones
 */
enum zone_type {
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_CMA,	/* Linux: MIGRATE_CMA pageblocks; a zone here */
	MAX_NR_ZONES,
};

#define MAX_PAGE_ORDER 10

/**
 * enum pageflags - bits of &page.flags
 * @PG_locked: lock_page() holds it
 * @PG_reserved: not for the allocator
 * @PG_buddy: free, in the allocator
 * @PG_dirty: written since it was last clean (mm/)
 * @PG_uptodate: its contents are valid (mm/)
 * @PG_anon: anonymous memory (mm/)
 * @PG_swapbacked: shmem or memfd memory (mm/)
 * @PG_isolated: being migrated (mm/)
 * @PG_head: first page of a higher-order allocation
 * @PG_mm_private: free for mm's own use
 * @PG_tail: a later page of a higher-order allocation
 * @__NR_PAGEFLAGS: number of flags
 */
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

/**
 * struct page - the state of one page of RAM
 * @flags: enum pageflags bits
 * @_refcount: references; 0 when free
 * @_pincount: FOLL_PIN pins (Linux keeps it in the folio)
 * @_mapcount: CPU PTEs mapping it (0 = none; Linux starts at -1)
 * @zone: enum zone_type
 * @order: order of the block this page heads
 * @section: its memory map section (page_to_pfn())
 * @lru: allocator free lists; mm/'s LRU-like lists
 * @mapping: who maps it (rmap, mm/)
 * @index: its offset in @mapping, in pages
 * @private: for the owner
 * @platform: the machine this RAM belongs to
 *
 * Only RAM has struct pages; device memory (BARs) has none.
 */
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

/**
 * alloc_pages() - allocate 2^@order contiguous pages of current's platform
 * @gfp: __GFP_MOVABLE or __GFP_CMA select the zone; __GFP_ZERO zeroes
 * @order: 0 .. MAX_PAGE_ORDER
 *
 * Context: process context with a current task; may sleep with GFP_KERNEL.
 * Return: the first page (reference count 1), or NULL.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
/**
 * platform_alloc_pages() - alloc_pages() on a given platform
 * @plat: the platform
 * @gfp: as alloc_pages()
 * @order: as alloc_pages()
 *
 * Context: any context; may sleep with GFP_KERNEL.
 * Return: the first page, or NULL.
 */
struct page *platform_alloc_pages(struct platform *plat, gfp_t gfp,
				  unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
/**
 * __free_pages() - drop a reference on an allocation; free it on the last
 * @page: the first page
 * @order: its order
 *
 * Context: any context.
 */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages(page, 0)

/**
 * get_page() - take a reference on a page
 * @page: the page (a later page of a higher-order allocation counts on
 * 	its head, like a folio)
 *
 * Context: any context.
 */
void get_page(struct page *page);
/**
 * put_page() - drop a reference; the last one frees the page
 * @page: the page (or a later page: acts on the head)
 *
 * Context: any context.
 */
void put_page(struct page *page);
/**
 * get_page_unless_zero() - take a reference unless the page is free
 * @page: the page
 *
 * Context: any context.
 * Return: true if taken.
 */
bool get_page_unless_zero(struct page *page);
/**
 * page_ref_count() - the reference count
 * @page: the page
 *
 * Context: any context.
 * Return: the count (of its head).
 */
int page_ref_count(const struct page *page);
/**
 * compound_head() - the first page of the allocation a page belongs to
 * @page: the page
 *
 * Context: any context.
 * Return: the head; @page itself for order 0.
 */
struct page *compound_head(struct page *page);
/**
 * compound_order() - the order of an allocation
 * @page: its head
 *
 * Context: any context.
 * Return: the order; 0 for a page that is not a head.
 */
static inline unsigned int compound_order(const struct page *page)
{
	return test_bit(PG_head, &page->flags) ? page->order : 0;
}

/**
 * page_maybe_dma_pinned() - is the page pinned (FOLL_PIN)?
 * @page: the page
 *
 * Pinned pages are never migrated or freed.
 *
 * Context: any context.
 * Return: true if its pin count is not zero.
 */
static inline bool page_maybe_dma_pinned(const struct page *page)
{
	return atomic_read(&page->_pincount) > 0;
}

/**
 * page_mapcount() - CPU PTEs mapping the page
 * @page: the page
 *
 * Context: any context.
 * Return: the count.
 */
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

/**
 * page_to_pfn() - a page's frame number
 * @page: the page
 *
 * Context: any context.
 * Return: the PFN.
 */
unsigned long page_to_pfn(const struct page *page);
/**
 * pfn_to_page() - the page of a frame number on current's platform
 * @pfn: a RAM PFN
 *
 * Context: any context with a current task.
 * Return: the page, or NULL if @pfn is not RAM.
 */
struct page *pfn_to_page(unsigned long pfn);
/**
 * platform_pfn_to_page() - pfn_to_page() on a given platform
 * @plat: the platform
 * @pfn: a PFN
 *
 * Context: any context.
 * Return: the page, or NULL if @pfn is not RAM.
 */
struct page *platform_pfn_to_page(struct platform *plat, unsigned long pfn);
/**
 * pfn_valid() - does a frame number have a struct page?
 * @pfn: the PFN (current's platform)
 *
 * Context: any context with a current task.
 * Return: true for RAM.
 */
bool pfn_valid(unsigned long pfn);
/**
 * page_to_phys() - a page's physical address
 * @page: the page
 *
 * Context: any context.
 * Return: the address.
 */
phys_addr_t page_to_phys(const struct page *page);
/**
 * phys_to_page() - the page of a physical address (current's platform)
 * @pa: the address
 *
 * Context: any context with a current task.
 * Return: the page, or NULL if @pa is not RAM.
 */
struct page *phys_to_page(phys_addr_t pa);
/**
 * page_address() - the kernel's direct-map address of a page
 * @page: the page
 *
 * The host memory behind it (the wire: see <dmabridge/hw.h>).
 *
 * Context: any context.
 * Return: the address.
 */
void *page_address(const struct page *page);
/**
 * page_platform() - the machine a page belongs to
 * @page: the page
 *
 * Context: any context.
 * Return: the platform.
 */
struct platform *page_platform(const struct page *page);

/**
 * page_zonenum() - a page's zone
 * @page: the page
 *
 * Context: any context.
 * Return: the zone.
 */
static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)page->zone;
}

/**
 * page_is_longterm_pinnable() - may the page be pinned long-term in place?
 * @page: the page
 *
 * Linux's folio_is_longterm_pinnable(): not movable, not CMA.
 *
 * Context: any context.
 * Return: true for ZONE_NORMAL pages.
 */
static inline bool page_is_longterm_pinnable(const struct page *page)
{
	return page->zone == ZONE_NORMAL;
}

/**
 * lock_page() - take a page's lock (PG_locked)
 * @page: the page
 *
 * Context: process context; may sleep.
 */
void lock_page(struct page *page);
/**
 * trylock_page() - lock_page() without waiting
 * @page: the page
 *
 * Context: any context.
 * Return: true if taken.
 */
bool trylock_page(struct page *page);
/**
 * unlock_page() - release a page's lock
 * @page: the page
 *
 * Context: the holder.
 */
void unlock_page(struct page *page);

/**
 * PageFlag() - test one flag of a page
 * @page: the page
 * @f: the flag
 *
 * dmabridge's one accessor for Linux's PageLocked(), PageDirty()...
 *
 * Context: any context.
 * Return: the flag.
 */
static inline bool PageFlag(const struct page *page, enum pageflags f)
{
	return test_bit(f, &page->flags);
}

/**
 * zone_free_pages() - free pages in a zone
 * @plat: the platform
 * @zone: the zone
 *
 * Context: any context.
 * Return: the count.
 */
unsigned long zone_free_pages(struct platform *plat, enum zone_type zone);
/**
 * zone_managed_pages() - pages a zone manages
 * @plat: the platform
 * @zone: the zone
 *
 * Context: any context.
 * Return: the count.
 */
unsigned long zone_managed_pages(struct platform *plat, enum zone_type zone);
/**
 * zone_name() - a zone's name
 * @zone: the zone
 *
 * Context: any context.
 * Return: "Normal", "Movable", "CMA", or "?" for an unknown zone.
 */
const char *zone_name(enum zone_type zone);

#endif
