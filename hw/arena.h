/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to hw/ and mm/page_alloc.c: the per-platform memory state
 * (regions, RAM's struct pages, zones) and the sanitizer's page shadow.
 */
#ifndef DMABRIDGE_HW_ARENA_H
#define DMABRIDGE_HW_ARENA_H

#include <dmabridge/hw.h>
#include <dmabridge/page.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/wait.h>

/*
 * Sanitizer state of one page (RAM or BAR); every field is atomic. A page
 * never given an owner reads as zero and stands for its region's boot
 * state, so a large region costs no shadow memory until used.
 */
struct san_shadow {
	san_owner_t owner;	/* current owner */
	san_owner_t prev;	/* owner before the last event */
	const char *why;	/* who caused the last event */
	u32 event;		/* enum san_event of the last change */
	u32 changes;		/* owner changes so far (wraps) */
	u64 evseq;		/* the event in the sanitizer's log, 0: none */
};

struct hw_region {
	struct phys_region r;
	struct platform *plat;
	struct san_shadow *shadow;	/* one per page of the region */
	size_t shadow_bytes;
	san_owner_t boot_owner;		/* owner of pages never set */
	enum san_event boot_event;
	const char *boot_why;
};

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;
};

struct zone {
	spinlock_t lock;
	enum zone_type type;
	unsigned long start_pfn, end_pfn;	/* [start, end) */
	/*
	 * [start_pfn, online_end_pfn) is in the buddy allocator; the rest is
	 * given to it a section at a time, lowest first, when the free lists
	 * cannot serve an allocation (zone->lock).
	 */
	unsigned long online_end_pfn;
	struct free_area free_area[MAX_PAGE_ORDER + 1];
	atomic_long_t free_pages;
	unsigned long managed_pages;
};

/* One section of RAM's memory map (Linux: struct mem_section). */
struct mem_section {
	struct page *section_mem_map;	/* NULL until first used */
};

#define HW_MAX_REGIONS 256
#define PAGE_WAIT_TABLE_SIZE 256

struct platform_mem {
	struct platform *plat;
	/* Append-only; readers load nr_regions with acquire. */
	struct hw_region *regions[HW_MAX_REGIONS];
	int nr_regions;
	spinlock_t regions_lock;	/* serializes adders */

	struct hw_region *ram;
	/*
	 * SPARSEMEM: RAM's struct pages, one array per section, allocated on
	 * first use and published once (release; readers acquire).
	 */
	struct mem_section *sections;
	unsigned long nr_sections;
	atomic_long_t nr_sections_present;
	unsigned long nr_pages;
	struct zone zones[MAX_NR_ZONES];

	/* lock_page sleepers, hashed by page. */
	struct wait_queue_head page_wait[PAGE_WAIT_TABLE_SIZE];
};

/* hw/arena.c */
struct hw_region *hw_find_hw_region(struct platform *plat, phys_addr_t pa);
/* Shadow of the page containing @pa, or NULL. */
struct san_shadow *hw_page_shadow(struct platform *plat, phys_addr_t pa,
				  struct hw_region **regionp);

/* mm/page_alloc.c: set up and tear down struct pages and zones. */
int page_alloc_init(struct platform *plat, const struct platform_mem_config *cfg);
void page_alloc_fini(struct platform *plat);

#endif
