// SPDX-License-Identifier: GPL-2.0
/* The page allocator: struct pages for RAM, zones and a buddy allocator. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/page.h>
#include <dmabridge/mm.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>
#include "hw/arena.h"

static const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_NORMAL] = "Normal",
	[ZONE_MOVABLE] = "Movable",
	[ZONE_CMA] = "CMA",
};

/* Pages below 4 GiB, for __GFP_DMA32. */
#define DMA32_LIMIT_PFN (1UL << (32 - PAGE_SHIFT))

static inline struct platform_mem *page_mem(const struct page *page)
{
	return page->platform->mem;
}

static struct platform_mem *current_mem(void)
{
	struct platform *plat = current_platform();

	if (WARN(!plat || !plat->mem, "no current platform with memory"))
		return NULL;
	return plat->mem;
}

/*
 * The memory map (SPARSEMEM). A section's struct pages are allocated the
 * first time the section is used: when the allocator hands its memory to
 * the buddy lists, or when pfn_to_page() is asked for one of its pfns
 * first. Host memory, not simulated memory: calloc, no failure injection
 * and no reclaim annotation, since Linux allocates its memory map at boot
 * or hotplug and pfn_to_page() never fails for a valid pfn. Racing first
 * users each build an array, one publishes it with a release cmpxchg and
 * the others free theirs; readers load it with acquire.
 */
static enum zone_type pfn_zone(struct platform_mem *mem, unsigned long pfn)
{
	if (pfn < mem->zones[ZONE_NORMAL].end_pfn)
		return ZONE_NORMAL;
	if (pfn < mem->zones[ZONE_MOVABLE].end_pfn)
		return ZONE_MOVABLE;
	return ZONE_CMA;
}

static struct page *section_populate(struct platform_mem *mem,
				     unsigned long nr)
{
	struct mem_section *ms = &mem->sections[nr];
	unsigned long start = section_nr_to_pfn(nr), i, n;
	struct page *map, *old = NULL;

	n = min(PAGES_PER_SECTION, mem->nr_pages - start);
	map = calloc(n, sizeof(*map));
	if (WARN(!map, "no host memory for memory map section %lu", nr))
		return NULL;
	for (i = 0; i < n; i++) {
		INIT_LIST_HEAD(&map[i].lru);
		map[i].platform = mem->plat;
		map[i].zone = pfn_zone(mem, start + i);
		map[i].section = nr;
	}
	if (!__atomic_compare_exchange_n(&ms->section_mem_map, &old, map,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		free(map);	/* another first user published first */
		return old;
	}
	atomic_long_inc(&mem->nr_sections_present);
	return map;
}

/* The section's struct pages, allocating them on first use. */
static struct page *section_mem_map(struct platform_mem *mem,
				    unsigned long nr)
{
	struct page *map = smp_load_acquire(&mem->sections[nr].section_mem_map);

	return map ? map : section_populate(mem, nr);
}

unsigned long memmap_sections_present(struct platform *plat,
				      unsigned long *total)
{
	struct platform_mem *mem = plat ? plat->mem : NULL;

	if (total)
		*total = mem ? mem->nr_sections : 0;
	return mem ? atomic_long_read(&mem->nr_sections_present) : 0;
}

unsigned long page_to_pfn(const struct page *page)
{
	struct mem_section *ms = &page_mem(page)->sections[page->section];

	/* The page exists, so its section was published before. */
	return section_nr_to_pfn(page->section) +
	       (page - READ_ONCE(ms->section_mem_map));
}

phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

void *page_address(const struct page *page)
{
	return (char *)page_mem(page)->ram->r.host +
	       (page_to_pfn(page) << PAGE_SHIFT);
}

struct platform *page_platform(const struct page *page)
{
	return page->platform;
}

struct page *platform_pfn_to_page(struct platform *plat, unsigned long pfn)
{
	struct platform_mem *mem = plat ? plat->mem : NULL;
	struct page *map;

	if (!mem || pfn >= mem->nr_pages)
		return NULL;
	map = section_mem_map(mem, pfn_to_section_nr(pfn));
	return map ? map + (pfn & (PAGES_PER_SECTION - 1)) : NULL;
}

struct page *pfn_to_page(unsigned long pfn)
{
	struct platform_mem *mem = current_mem();

	return mem ? platform_pfn_to_page(mem->plat, pfn) : NULL;
}

bool pfn_valid(unsigned long pfn)
{
	struct platform_mem *mem = current_mem();

	return mem && pfn < mem->nr_pages;
}

struct page *phys_to_page(phys_addr_t pa)
{
	return pfn_to_page(PHYS_PFN(pa));
}

struct page *compound_head(struct page *page)
{
	unsigned long pfn, head;
	unsigned int k;

	if (!test_bit(PG_tail, &page->flags))
		return page;
	/*
	 * The head is aligned to its order: probe each alignment upward. A
	 * block never crosses a section, so the head is in @page's array.
	 */
	pfn = page_to_pfn(page);
	for (k = 1; k <= MAX_PAGE_ORDER; k++) {
		struct page *h;

		head = pfn & ~((1UL << k) - 1);
		h = page - (pfn - head);
		if (head != pfn && test_bit(PG_head, &h->flags) &&
		    pfn < head + (1UL << READ_ONCE(h->order)))
			return h;
	}
	WARN(1, "tail page pfn %#lx without a head", pfn);
	return page;
}

/* Buddy core; the caller holds zone->lock. */
static void add_free_block(struct zone *zone, struct page *page,
			   unsigned int order)
{
	WRITE_ONCE(page->order, order);
	set_bit(PG_buddy, &page->flags);
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
}

static void del_free_block(struct zone *zone, struct page *page,
			   unsigned int order)
{
	list_del(&page->lru);
	clear_bit(PG_buddy, &page->flags);
	zone->free_area[order].nr_free--;
}

/*
 * A buddy of order < MAX_PAGE_ORDER lies in the same MAX_PAGE_ORDER block,
 * hence in the same section as @page: plain pointer arithmetic finds it.
 * Only the online part of the zone holds free blocks.
 */
static void buddy_free(struct zone *zone, struct page *page,
		       unsigned long pfn, unsigned int order)
{
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy = pfn ^ (1UL << order);
		struct page *bp;

		if (buddy < zone->start_pfn ||
		    buddy + (1UL << order) > zone->online_end_pfn)
			break;
		bp = page + ((long)buddy - (long)pfn);
		if (!test_bit(PG_buddy, &bp->flags) ||
		    READ_ONCE(bp->order) != order)
			break;
		del_free_block(zone, bp, order);
		if (buddy < pfn) {
			page = bp;
			pfn = buddy;
		}
		order++;
	}
	add_free_block(zone, page, order);
}

static bool block_fits(struct page *page, unsigned int order,
		       unsigned long limit_pfn)
{
	return page_to_pfn(page) + (1UL << order) <= limit_pfn;
}

/*
 * Give the buddy allocator @zone's part of the section starting at @pfn,
 * whose memory map is @map, carved into the largest aligned blocks.
 * Called with zone->lock held, only if @pfn is still the zone's online end.
 */
static void zone_online_section(struct zone *zone, struct page *map,
				unsigned long pfn)
{
	unsigned long base = ALIGN_DOWN(pfn, PAGES_PER_SECTION);
	unsigned long end = min(zone->end_pfn, base + PAGES_PER_SECTION);
	int o;

	for (; pfn < end; pfn += 1UL << o) {
		for (o = MAX_PAGE_ORDER; o > 0; o--)
			if (IS_ALIGNED(pfn, 1UL << o) && pfn + (1UL << o) <= end)
				break;
		add_free_block(zone, map + (pfn - base), o);
	}
	zone->online_end_pfn = end;
}

/* Take a block of @order from @zone, splitting a larger one if needed. */
static struct page *buddy_alloc(struct zone *zone, unsigned int order,
				unsigned long limit_pfn)
{
	struct page *page = NULL, *p;
	unsigned int o;

	for (o = order; o <= MAX_PAGE_ORDER && !page; o++) {
		list_for_each_entry(p, &zone->free_area[o].free_list, lru) {
			if (block_fits(p, order, limit_pfn)) {
				page = p;
				break;
			}
		}
	}
	if (!page)
		return NULL;
	o--;
	del_free_block(zone, page, o);
	while (o > order) {
		o--;
		add_free_block(zone, page + (1UL << o), o);
	}
	return page;
}

/*
 * Zone fallback. Non-movable memory only comes from ZONE_NORMAL.
 * __GFP_CMA asks for CMA memory only (a cma_alloc analogue). Movable
 * memory prefers ZONE_MOVABLE, then CMA (which exists to lend its memory
 * to movable allocations), then ZONE_NORMAL.
 */
static int gfp_zonelist(gfp_t gfp, enum zone_type *list)
{
	if (gfp & __GFP_CMA) {
		list[0] = ZONE_CMA;
		return 1;
	}
	if (gfp & __GFP_MOVABLE) {
		list[0] = ZONE_MOVABLE;
		list[1] = ZONE_CMA;
		list[2] = ZONE_NORMAL;
		return 3;
	}
	list[0] = ZONE_NORMAL;
	return 1;
}

static void prep_new_page(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		/* Buddy merging peeks at neighbours' flags: store atomically. */
		WRITE_ONCE(p->flags, i ? BIT(PG_tail) : 0);
		WRITE_ONCE(p->order, 0);
		atomic_set(&p->_refcount, 0);
		atomic_set(&p->_pincount, 0);
		atomic_set(&p->_mapcount, 0);
		p->mapping = NULL;
		p->index = 0;
		p->private = NULL;
	}
	if (order) {
		WRITE_ONCE(page->order, order);
		set_bit(PG_head, &page->flags);
	}
	atomic_set_release(&page->_refcount, 1);
}

/*
 * fs_reclaim (Linux's __fs_reclaim_map): no reclaim is simulated, but an
 * allocation that may reclaim takes this pseudo-lock, so the checker sees
 * "locks held -> reclaim" and, with the primed order, reports allocating
 * under i_mmap_rwsem, in an mmu notifier callback or in a fence
 * signalling section.
 */
#if CONFIG_LOCKDEP
static struct lock_class_key fs_reclaim_key;
static struct lockdep_map __fs_reclaim_map =
	STATIC_LOCKDEP_MAP_INIT("fs_reclaim", &fs_reclaim_key, LD_LOCK_MAP);
#endif

/* GFP_KERNEL-class allocations may sleep in reclaim; NOWAIT/ATOMIC not. */
static bool gfp_may_reclaim(gfp_t gfp)
{
	return gfp & GFP_KERNEL;
}

void fs_reclaim_acquire(gfp_t gfp)
{
#if CONFIG_LOCKDEP
	if (gfp_may_reclaim(gfp))
		lock_map_acquire(&__fs_reclaim_map);
#endif
}

void fs_reclaim_release(gfp_t gfp)
{
#if CONFIG_LOCKDEP
	if (gfp_may_reclaim(gfp))
		lock_map_release(&__fs_reclaim_map);
#endif
}

/*
 * Allocate from the online part of @zone; when its free lists cannot serve
 * the request, bring the zone's next section online (lowest first, so a
 * small workload touches few sections) and try again.
 */
static struct page *zone_alloc(struct platform_mem *mem, struct zone *zone,
			       unsigned int order, unsigned long limit)
{
	struct page *page, *map;
	unsigned long next;

	spin_lock(&zone->lock);
	while (!(page = buddy_alloc(zone, order, limit))) {
		next = zone->online_end_pfn;
		if (next >= zone->end_pfn || next >= limit)
			break;
		/* The memory map is host memory: allocate it unlocked. */
		spin_unlock(&zone->lock);
		map = section_mem_map(mem, pfn_to_section_nr(next));
		spin_lock(&zone->lock);
		if (!map)
			break;
		/* Another allocator may have brought it online meanwhile. */
		if (zone->online_end_pfn == next)
			zone_online_section(zone, map, next);
	}
	spin_unlock(&zone->lock);
	return page;
}

struct page *platform_alloc_pages(struct platform *plat, gfp_t gfp,
				  unsigned int order)
{
	struct platform_mem *mem = plat ? plat->mem : NULL;
	unsigned long limit = ~0UL;
	enum zone_type zl[MAX_NR_ZONES];
	struct page *page = NULL;
	int i, n;

	if (WARN_ON(!mem))
		return NULL;
	might_alloc(gfp);
	if (order > MAX_PAGE_ORDER) {
		WARN_ON_ONCE(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	if (gfp & __GFP_DMA32)
		limit = DMA32_LIMIT_PFN;
	n = gfp_zonelist(gfp, zl);
	for (i = 0; i < n && !page; i++) {
		struct zone *zone = &mem->zones[zl[i]];

		if (!zone->managed_pages)
			continue;
		page = zone_alloc(mem, zone, order, limit);
		if (page)
			atomic_long_sub(1L << order, &zone->free_pages);
	}
	if (!page)
		return NULL;
	prep_new_page(page, order);
	san_set_owner(plat, page_to_phys(page), PAGE_SIZE << order,
		      SAN_OWNER_NONE, SAN_EV_ALLOC, "alloc_pages");
	if (gfp & __GFP_ZERO)
		hw_wire_set(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct platform *plat = current_platform();

	if (WARN(!plat, "alloc_pages without a current platform"))
		return NULL;
	return platform_alloc_pages(plat, gfp, order);
}

/* A page in a state where it must not go back to the allocator. */
static bool free_page_is_bad(struct page *page)
{
	if (WARN(page_maybe_dma_pinned(page),
		 "freeing pinned page pfn %#lx (pincount %d): refused",
		 page_to_pfn(page), atomic_read(&page->_pincount)))
		return true;
	if (WARN(atomic_read(&page->_mapcount),
		 "freeing mapped page pfn %#lx (mapcount %d): refused",
		 page_to_pfn(page), atomic_read(&page->_mapcount)))
		return true;
	if (WARN(test_bit(PG_locked, &page->flags),
		 "freeing locked page pfn %#lx: refused", page_to_pfn(page)))
		return true;
	return false;
}

static void free_pages_ok(struct page *page)
{
	struct platform_mem *mem = page_mem(page);
	unsigned int order = compound_order(page);
	unsigned long pfn = page_to_pfn(page), i;
	struct zone *zone = &mem->zones[page->zone];

	for (i = 0; i < (1UL << order); i++)
		if (free_page_is_bad(page + i))
			return;
	for (i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		WRITE_ONCE(p->flags, 0);
		p->mapping = NULL;
		p->index = 0;
		p->private = NULL;
	}
	/* Every mapping still pointing here is stale from now on. */
	san_set_owner(mem->plat, PFN_PHYS(pfn), PAGE_SIZE << order,
		      SAN_OWNER_NONE, SAN_EV_FREE, "free_pages");
	spin_lock(&zone->lock);
	buddy_free(zone, page, pfn, order);
	spin_unlock(&zone->lock);
	atomic_long_add(1L << order, &zone->free_pages);
}

void get_page(struct page *page)
{
	page = compound_head(page);
	WARN(atomic_fetch_add(1, &page->_refcount) <= 0,
	     "get_page on a free page pfn %#lx", page_to_pfn(page));
}

bool get_page_unless_zero(struct page *page)
{
	int old;

	page = compound_head(page);
	old = atomic_read(&page->_refcount);
	do {
		if (old <= 0)
			return false;
	} while (!atomic_try_cmpxchg(&page->_refcount, &old, old + 1));
	return true;
}

int page_ref_count(const struct page *page)
{
	return atomic_read(&compound_head((struct page *)page)->_refcount);
}

void put_page(struct page *page)
{
	int ref;

	page = compound_head(page);
	if (WARN(test_bit(PG_buddy, &page->flags),
		 "put_page on a free page pfn %#lx", page_to_pfn(page)))
		return;
	ref = atomic_dec_return(&page->_refcount);
	if (ref == 0)
		free_pages_ok(page);
	else
		WARN(ref < 0, "page refcount underflow pfn %#lx",
		     page_to_pfn(page));
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	if (WARN(test_bit(PG_tail, &page->flags) ||
		 compound_order(page) != order,
		 "__free_pages(pfn %#lx, order %u): not a block of that order",
		 page_to_pfn(page), order))
		return;
	put_page(page);
}

/* Page lock: a bit, and sleepers on a hashed wait queue. */
static struct wait_queue_head *page_waitqueue(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	return &page_mem(page)->page_wait[(pfn * 0x9e3779b97f4a7c15ULL) %
					  PAGE_WAIT_TABLE_SIZE];
}

bool trylock_page(struct page *page)
{
	return !test_and_set_bit(PG_locked, &page->flags);
}

void lock_page(struct page *page)
{
	struct wait_queue_head *wq;

	if (trylock_page(page))
		return;
	wq = page_waitqueue(page);
	wait_event(*wq, trylock_page(page));
}

void unlock_page(struct page *page)
{
	WARN(!test_and_clear_bit(PG_locked, &page->flags),
	     "unlock_page of an unlocked page pfn %#lx", page_to_pfn(page));
	/* Hashed queue: wake all, each sleeper re-checks its own page. */
	wake_up_all(page_waitqueue(page));
}

unsigned long zone_free_pages(struct platform *plat, enum zone_type zone)
{
	if (!plat || !plat->mem || zone >= MAX_NR_ZONES)
		return 0;
	return atomic_long_read(&plat->mem->zones[zone].free_pages);
}

unsigned long zone_managed_pages(struct platform *plat, enum zone_type zone)
{
	if (!plat || !plat->mem || zone >= MAX_NR_ZONES)
		return 0;
	return plat->mem->zones[zone].managed_pages;
}

const char *zone_name(enum zone_type zone)
{
	return zone < MAX_NR_ZONES ? zone_names[zone] : "?";
}

/* The zone's memory joins the buddy lists a section at a time: zone_alloc. */
static void zone_init(struct platform_mem *mem, enum zone_type type,
		      unsigned long start, unsigned long end)
{
	struct zone *zone = &mem->zones[type];
	int o;

	spin_lock_init(&zone->lock);
	zone->type = type;
	zone->start_pfn = start;
	zone->end_pfn = end;
	zone->online_end_pfn = start;
	zone->managed_pages = end - start;
	for (o = 0; o <= MAX_PAGE_ORDER; o++)
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
	atomic_long_set(&zone->free_pages, end - start);
}

int page_alloc_init(struct platform *plat,
		    const struct platform_mem_config *cfg)
{
	struct platform_mem *mem = plat->mem;
	unsigned long normal, movable;

	mem->nr_pages = cfg->ram_size >> PAGE_SHIFT;
	mem->nr_sections = DIV_ROUND_UP(mem->nr_pages, PAGES_PER_SECTION);
	BUILD_BUG_ON((64ULL << 30) >> SECTION_SIZE_BITS > 65536);
	mem->sections = kcalloc(mem->nr_sections, sizeof(*mem->sections),
				GFP_KERNEL);
	if (!mem->sections)
		return -ENOMEM;
	atomic_long_set(&mem->nr_sections_present, 0);
	normal = (cfg->ram_size - cfg->movable_size - cfg->cma_size) >>
		 PAGE_SHIFT;
	movable = cfg->movable_size >> PAGE_SHIFT;
	zone_init(mem, ZONE_NORMAL, 0, normal);
	zone_init(mem, ZONE_MOVABLE, normal, normal + movable);
	zone_init(mem, ZONE_CMA, normal + movable, mem->nr_pages);
	return 0;
}

void page_alloc_fini(struct platform *plat)
{
	struct platform_mem *mem = plat->mem;
	unsigned long nr;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		spin_lock_destroy(&mem->zones[z].lock);
	for (nr = 0; nr < mem->nr_sections; nr++)
		free(mem->sections[nr].section_mem_map);
	kfree(mem->sections);
	mem->sections = NULL;
}
