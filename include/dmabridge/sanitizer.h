/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA sanitizer (a dmabridge tool, not in Linux; see docs/sanitizer.md).
 *
 * Claims: every physical page (RAM and BAR) has a current claim, a 64-bit
 * id that is never reused. A claim is a placement, not a buffer: every
 * allocation, move-in, restore and re-use makes a new one, and free,
 * migration, move, revoke and memory-decode changes record an event with
 * the call chain that caused it. san_owner_t is the historical name of a
 * claim id.
 *
 * Learning: an address is checked against the claim it was learned under
 * (GUP/pin, follow_pfn, an exporter's physical ranges, a dma-buf fault, a
 * struct page being mapped), not the claim the page has when it is mapped. Each thread
 * keeps its recent learns; san_learned() gives the claim a mapping must
 * expect (the page's current claim for addresses the thread never learned).
 *
 * Mapping handles: each DMA API mapping (direct, P2P bus address, IOVA) is
 * a struct san_map, the dma-debug-like record of what it expects, who made
 * it and who unmapped it. The thread that maps learns the handle with the
 * DMA address, and a DMA engine job takes the handle its submitter learned
 * for its addresses: aliasing addresses cannot hide a stale mapping, and a
 * DMA through an address after its unmap is a "use after unmap" report even
 * once the address was handed out again.
 */
#ifndef DMABRIDGE_SANITIZER_H
#define DMABRIDGE_SANITIZER_H

#include <dmabridge/types.h>
#include <dmabridge/compiler.h>
#include <dmabridge/interval_tree.h>
#include <dmabridge/spinlock.h>

struct platform;

typedef u64 san_owner_t;
#define SAN_OWNER_NONE 0	/* expect nothing: the access is not checked */

enum san_event {
	SAN_EV_BOOT,		/* initial state */
	SAN_EV_ALLOC,		/* page allocator handed it out */
	SAN_EV_FREE,		/* page allocator took it back */
	SAN_EV_MIGRATE,		/* contents moved elsewhere */
	SAN_EV_MOVE,		/* a buffer moved away (exporter) */
	SAN_EV_REVOKE,		/* a buffer was revoked (exporter) */
	SAN_EV_BAR_DISABLE,	/* memory decode off / D3 / reset */
	SAN_EV_BAR_ENABLE,
	SAN_EV_DEVICE_REMOVED,
	SAN_EV_CLAIM,		/* an owner (buffer) claimed the range */
	SAN_EV_MOVE_COPY,	/* a move's copy is filling it (until fence) */
	SAN_EV_COPY_DONE,	/* the move's copy landed: the buffer's now */
	SAN_EV_RESTORE,		/* a revoked buffer got its memory back */
	SAN_EV_UNMAP,		/* a DMA mapping was unmapped (not a page event) */
	SAN_EV_NR,
};

int dma_sanitizer_init(struct platform *plat);
void dma_sanitizer_fini(struct platform *plat);

/* A new owner id for a range (e.g. a buffer); @desc must outlive it. */
san_owner_t san_new_owner(struct platform *plat, const char *desc);
/*
 * Give every page of [pa, pa + len) to @owner (SAN_OWNER_NONE: a fresh
 * id), recording @ev and @why (a string that outlives the platform, e.g.
 * a literal). Returns the owner given.
 */
san_owner_t san_set_owner(struct platform *plat, phys_addr_t pa, size_t len,
			  san_owner_t owner, enum san_event ev,
			  const char *why);
/* The current owner of the page containing @pa. */
san_owner_t san_owner(struct platform *plat, phys_addr_t pa);
/*
 * Check an access to [pa, pa + len) made through a mapping that expects
 * @expect. True if fine (or @expect is SAN_OWNER_NONE, or checking is
 * off). A page that is free, on a disabled BAR or on a removed device
 * fails whatever the expectation. Otherwise a REPORT_SANITIZER naming @accessor
 * (e.g. "dma:gpu0 write"), the address, @mapping (e.g. "iommu iova
 * 0x1000") and the event that changed the owner.
 */
bool san_check(struct platform *plat, phys_addr_t pa, size_t len,
	       san_owner_t expect, const char *accessor, const char *mapping);
/*
 * Silent variant: true if every page of [pa, pa + len) still has owner
 * @expect and is live (not free, not on a disabled BAR or removed device).
 */
bool san_expect_holds(struct platform *plat, phys_addr_t pa, size_t len,
		      san_owner_t expect);
/*
 * True if every page of [pa, pa + len) lies in one region and has the
 * same owner (stored in *@owner).
 */
bool san_range_uniform(struct platform *plat, phys_addr_t pa, size_t len,
		       san_owner_t *owner);
/* "page free", "revoke", ... */
const char *san_event_name(enum san_event ev);
bool san_enabled(struct platform *plat);
/*
 * A finding that is not an owner mismatch (e.g. a device using an address
 * nobody mapped for it): counted on @plat and reported as
 * REPORT_SANITIZER, unless checking is off.
 */
__printf(2, 3) void san_report(struct platform *plat, const char *fmt, ...);
/*
 * The latest report on @plat copied into @buf; returns the enum san_event
 * that invalidated the mapping it names (-1: none, e.g. an address nobody
 * mapped, or no report yet).
 */
int san_last_report(struct platform *plat, char *buf, size_t size);
/* Reports on this platform so far. */
long san_report_count(struct platform *plat);
/* Turn checking off and on (benchmarks compare both). */
void san_set_enabled(struct platform *plat, bool on);

/*
 * Call chains, captured cheaply as return addresses (only for DMA
 * mappings and invalidation events) and symbolized when a report prints.
 */
#define SAN_CHAIN_DEPTH 8
struct san_chain {
	void *ip[SAN_CHAIN_DEPTH];
	int n;
};
void san_chain_capture(struct san_chain *c);
/* "fn+0x12 < fn2+0x40 < ..." into @buf. */
void san_chain_format(const struct san_chain *c, char *buf, size_t size);

/*
 * The calling thread learned [pa, pa + len) under @claim (GUP, a PFN from
 * a page table, an exporter's physical range). Later mappings of those
 * addresses made by this thread expect @claim.
 */
void san_learn(struct platform *plat, phys_addr_t pa, size_t len,
	       san_owner_t claim);
/*
 * The caller holds the pages of [pa, pa + len) (a reference or a pin): it
 * learns each under the claim the page has now. Pages of one range may
 * carry different claims (an SGT entry coalesces pages allocated apart).
 */
void san_learn_current(struct platform *plat, phys_addr_t pa, size_t len);
/*
 * The claim a mapping of the page containing @pa must expect: the one the
 * calling thread most recently learned it under, else its current claim.
 */
san_owner_t san_learned(struct platform *plat, phys_addr_t pa);
/*
 * san_learned() of @pa, and in *@run how many bytes from @pa (at most
 * @len) expect that same claim: one call for a whole run of pages.
 */
san_owner_t san_learned_run(struct platform *plat, phys_addr_t pa,
			    size_t len, size_t *run);

/*
 * A DMA mapping handle: one per mapping, whatever its size. A dma_map_phys
 * or dma_map_page mapping, a scatterlist table mapped behind an IOMMU and a
 * dma_iova_state (all its links) each have one. The handle covers the
 * DMA address range of the whole mapping and keeps its physically
 * contiguous pieces as extents, each with the claim it expects.
 */
enum san_map_kind {
	SAN_MAP_DIRECT,		/* DMA address == physical address */
	SAN_MAP_P2P,		/* PCI bus address of a peer's BAR */
	SAN_MAP_IOVA,		/* translated by the device's IOMMU */
	SAN_MAP_SGT,		/* a scatterlist table's IOVA range */
	SAN_MAP_IOVA_STATE,	/* a dma_iova_state's links */
};

static inline bool san_map_kind_iova(enum san_map_kind kind)
{
	return kind >= SAN_MAP_IOVA;
}

/* [addr, addr + len) -> [phys, phys + len), expecting @claim. */
struct san_map_ext {
	dma_addr_t addr;
	phys_addr_t phys;
	size_t len;
	san_owner_t claim;
};

struct san_map {
	u64 id;				/* never reused */
	enum san_map_kind kind;
	char dev[32];
	dma_addr_t addr;		/* the DMA address range covered */
	size_t len;
	phys_addr_t phys;		/* of the first extent (reports) */
	san_owner_t claim;		/* of the first extent (reports) */
	/* Extents sorted by address, under lock; one inline. */
	spinlock_t lock;
	struct san_map_ext *ext, ext0;
	unsigned int nr_ext, max_ext;
	unsigned long gen;		/* atomic: bumped by every unlink */
	bool unmapped;			/* atomic: the whole mapping is gone */
	int refs;			/* atomic */
	struct san_chain mapped, unmapped_at;
	/* The DMA API's index of live mappings (dma/direct.c). */
	struct interval_tree_node node;
};

/*
 * A handle for @dev's new mapping of [phys, phys + len) at DMA address
 * @addr: it expects what the calling thread learned (san_learned()), one
 * extent per run of pages learned under one claim, and the thread learns
 * (@dev, @addr) -> handle. NULL on -ENOMEM.
 */
struct san_map *san_map_create(struct platform *plat, enum san_map_kind kind,
			       const void *dev, const char *dev_name,
			       dma_addr_t addr, phys_addr_t phys, size_t len);
/*
 * A handle for a mapping made of pieces (a scatterlist table, an IOVA
 * state): it covers DMA addresses [addr, addr + len) and has no extents
 * until san_map_add() gives it some. The thread learns (@dev, range).
 */
struct san_map *san_map_create_range(struct platform *plat,
				     enum san_map_kind kind, const void *dev,
				     const char *dev_name, dma_addr_t addr,
				     size_t len);
/*
 * @m now also maps [addr, addr + len) (inside its range, not mapped yet)
 * to [phys, phys + len), expecting what the calling thread learned. 0,
 * -EINVAL or -ENOMEM.
 */
int san_map_add(struct platform *plat, struct san_map *m, dma_addr_t addr,
		phys_addr_t phys, size_t len);
/* [addr, addr + len) of @m is unmapped (an unlink): the rest stays. */
void san_map_remove(struct san_map *m, dma_addr_t addr, size_t len);
/*
 * The extent of @m mapping @addr, cut to start at @addr, into @e. False if
 * @m maps nothing at @addr (never linked, unlinked, or unmapped).
 */
bool san_map_find(struct san_map *m, dma_addr_t addr, struct san_map_ext *e);
/* The whole mapping is gone (its handle lives on for reports). */
void san_map_unmap(struct san_map *m);
struct san_map *san_map_get(struct san_map *m);
void san_map_put(struct san_map *m);
/* "mapping #12 (iova 0x1000, gpu0, claim 7 (pexp buffer)) made at ..." */
void san_map_describe(struct platform *plat, const struct san_map *m,
		      char *buf, size_t size);
/*
 * The calling thread takes @m as the mapping it means at its addresses: it
 * read them from whoever holds @m (an importer's shared mapping) under the
 * lock that keeps @m alive. Threads learn addresses, not mappings, so a
 * DMA address handed from one thread to another is learned again where it
 * is read; see dma_mapping_learn().
 */
void san_learn_map(struct platform *plat, const void *dev,
		   const struct san_map *m);
/* The handle id the calling thread learned for (@dev, @addr), or 0. */
u64 san_learned_map(struct platform *plat, const void *dev, dma_addr_t addr);
/*
 * Check an access to the first @len bytes of extent @e of @m; on a
 * mismatch report both sides: @accessor (e.g. "dma:gpu0 write job
 * gpu0:q0#3"), @m and the event that invalidated it, with call chains.
 * True if it held.
 */
bool san_map_check(struct platform *plat, const struct san_map *m,
		   const struct san_map_ext *e, size_t len,
		   const char *accessor);
/*
 * Report a DMA through @m after its unmap: @accessor, @m with both call
 * chains, and @now (what the address reaches now, e.g. "the iova is not
 * mapped" or a description of the mapping it was handed out to).
 */
void san_report_unmapped_use(struct platform *plat, const struct san_map *m,
			     const char *accessor, const char *now);
/*
 * A move's copy fills [pa, pa + len): san_copy_begin() gives it to the
 * copy (SAN_EV_MOVE_COPY, a new claim, returned), so any other access is
 * reported; san_copy_hand_over() names the copy's fence and the buffer's
 * new claim: once the fence has signaled the memory is @landing's, even
 * before the fence's callbacks ran (SAN_EV_COPY_DONE). san_copy_abort()
 * forgets a copy that never started (the memory stays the copy's claim
 * until its owner gives it away).
 */
struct dma_fence;
san_owner_t san_copy_begin(struct platform *plat, phys_addr_t pa, size_t len,
			   const char *why);
void san_copy_hand_over(struct platform *plat, san_owner_t claim,
			struct dma_fence *fence, san_owner_t landing);
void san_copy_abort(struct platform *plat, san_owner_t claim);
/* True if any page of [pa, pa + len) is on a disabled BAR or a removed
 * device (a request there is an Unsupported Request). */
bool san_range_unbacked(struct platform *plat, phys_addr_t pa, size_t len);

#endif
