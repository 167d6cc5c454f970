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

/**
 * enum san_event - what changed a page's claim (recorded with the call chain)
 * @SAN_EV_BOOT: initial state
 * @SAN_EV_ALLOC: the page allocator handed it out
 * @SAN_EV_FREE: the page allocator took it back
 * @SAN_EV_MIGRATE: its contents moved elsewhere
 * @SAN_EV_MOVE: a buffer moved away (exporter)
 * @SAN_EV_REVOKE: a buffer was revoked (exporter)
 * @SAN_EV_BAR_DISABLE: memory decode off, D3 or reset
 * @SAN_EV_BAR_ENABLE: memory decode back on
 * @SAN_EV_DEVICE_REMOVED: its device was removed
 * @SAN_EV_CLAIM: an owner (a buffer) claimed the range
 * @SAN_EV_MOVE_COPY: a move's copy is filling it (until its fence)
 * @SAN_EV_COPY_DONE: the move's copy landed: the buffer's now
 * @SAN_EV_RESTORE: a revoked buffer got its memory back
 * @SAN_EV_UNMAP: a DMA mapping was unmapped (not a page event)
 * @SAN_EV_NR: number of events
 */
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

/**
 * dma_sanitizer_init() - create a platform's sanitizer
 * @plat: the platform (its memory regions must exist)
 *
 * Every page starts with a claim of its own (SAN_EV_BOOT).
 *
 * Context: process context; called by platform_create().
 * Return: 0, -EINVAL if @plat is NULL or already has one, -ENOMEM.
 */
int dma_sanitizer_init(struct platform *plat);
/**
 * dma_sanitizer_fini() - free a platform's sanitizer
 * @plat: the platform
 *
 * Context: process context; nothing may use the platform any more.
 */
void dma_sanitizer_fini(struct platform *plat);

/**
 * san_new_owner() - a new claim id, e.g. for a buffer
 * @plat: the platform
 * @desc: what owns it, for reports; must outlive the platform
 *
 * Context: any context.
 * Return: the id (never reused).
 */
san_owner_t san_new_owner(struct platform *plat, const char *desc);
/**
 * san_set_owner() - give a physical range to a claim
 * @plat: the platform
 * @pa: start (any alignment: whole pages are affected)
 * @len: bytes
 * @owner: the claim; SAN_OWNER_NONE for a fresh id
 * @ev: the event, recorded with the caller's call chain
 * @why: why, for reports; a string that outlives the platform (a literal)
 *
 * An exporter calls it when it places a buffer (SAN_EV_CLAIM) and when it
 * moves or revokes it, so that mappings made before see a mismatch.
 *
 * Context: any context (takes the sanitizer's spinlocks).
 * Return: the claim given.
 */
san_owner_t san_set_owner(struct platform *plat, phys_addr_t pa, size_t len,
			  san_owner_t owner, enum san_event ev,
			  const char *why);
/**
 * san_owner() - the current claim of a page
 * @plat: the platform
 * @pa: an address in the page
 *
 * Context: any context.
 * Return: the claim, or SAN_OWNER_NONE outside any memory region.
 */
san_owner_t san_owner(struct platform *plat, phys_addr_t pa);
/**
 * san_check() - check an access against the claim its mapping expects
 * @plat: the platform
 * @pa: start of the access
 * @len: bytes
 * @expect: the claim the mapping expects
 * @accessor: who accesses, e.g. "dma:gpu0 write"
 * @mapping: through what, e.g. "iommu iova 0x1000"
 *
 * A page that is free, on a disabled BAR or on a removed device fails
 * whatever the expectation. Otherwise a mismatch emits a REPORT_SANITIZER
 * naming @accessor, the address, @mapping and the event that changed the
 * claim.
 *
 * Context: any context.
 * Return: true if the access is fine, @expect is SAN_OWNER_NONE, or
 * checking is off; false after a report.
 */
bool san_check(struct platform *plat, phys_addr_t pa, size_t len,
	       san_owner_t expect, const char *accessor, const char *mapping);
/**
 * san_expect_holds() - san_check() without a report
 * @plat: the platform
 * @pa: start
 * @len: bytes
 * @expect: the claim expected
 *
 * Context: any context.
 * Return: true if every page still has claim @expect and is live (not
 * free, not on a disabled BAR or a removed device).
 */
bool san_expect_holds(struct platform *plat, phys_addr_t pa, size_t len,
		      san_owner_t expect);
/**
 * san_range_uniform() - does a range have one claim?
 * @plat: the platform
 * @pa: start
 * @len: bytes
 * @owner: receives the claim when it does
 *
 * Context: any context.
 * Return: true if every page lies in one region and has the same claim.
 */
bool san_range_uniform(struct platform *plat, phys_addr_t pa, size_t len,
		       san_owner_t *owner);
/**
 * san_event_name() - the name of an event in reports
 * @ev: the event
 *
 * Context: any context.
 * Return: "page free", "revoke", ...
 */
const char *san_event_name(enum san_event ev);
/**
 * san_enabled() - is checking on?
 * @plat: the platform
 *
 * Context: any context.
 * Return: true if san_check() and friends check.
 */
bool san_enabled(struct platform *plat);
/**
 * san_report() - report a finding that is not a claim mismatch
 * @plat: the platform
 * @fmt: printf format and arguments
 *
 * E.g. a device using an address nobody mapped for it. Counted on @plat and
 * emitted as REPORT_SANITIZER, unless checking is off.
 *
 * Context: any context.
 */
__printf(2, 3) void san_report(struct platform *plat, const char *fmt, ...);
/**
 * san_last_report() - the latest report on a platform
 * @plat: the platform
 * @buf: receives its text
 * @size: size of @buf
 *
 * Context: any context.
 * Return: the enum san_event that invalidated the mapping it names, or -1
 * (no report yet, or one that names no event, e.g. an address nobody
 * mapped).
 */
int san_last_report(struct platform *plat, char *buf, size_t size);
/**
 * san_report_count() - reports on a platform so far
 * @plat: the platform
 *
 * Context: any context.
 * Return: the count.
 */
long san_report_count(struct platform *plat);
/**
 * san_set_enabled() - turn checking off and on
 * @plat: the platform
 * @on: check or not (benchmarks compare both)
 *
 * Context: any context.
 */
void san_set_enabled(struct platform *plat, bool on);

/**
 * DOC: call chains
 *
 * Captured cheaply as return addresses (only for DMA mappings and
 * invalidation events) and symbolized when a report prints.
 */
#define SAN_CHAIN_DEPTH 8
/**
 * struct san_chain - a captured call chain
 * @ip: return addresses, innermost first
 * @n: entries used in @ip
 */
struct san_chain {
	void *ip[SAN_CHAIN_DEPTH];
	int n;
};
/**
 * san_chain_capture() - capture the caller's call chain
 * @c: receives it
 *
 * Context: any context.
 */
void san_chain_capture(struct san_chain *c);
/**
 * san_chain_format() - symbolize a call chain
 * @c: the chain
 * @buf: receives "fn+0x12 < fn2+0x40 < ..."
 * @size: size of @buf
 *
 * Context: any context.
 */
void san_chain_format(const struct san_chain *c, char *buf, size_t size);

/**
 * san_learn() - the calling thread learned a range under a claim
 * @plat: the platform
 * @pa: start
 * @len: bytes
 * @claim: the claim it was learned under
 *
 * GUP, a PFN from a page table, an exporter's physical ranges: later
 * mappings of those addresses made by this thread expect @claim.
 *
 * Context: any context.
 */
void san_learn(struct platform *plat, phys_addr_t pa, size_t len,
	       san_owner_t claim);
/**
 * san_learn_current() - learn held pages under the claims they have now
 * @plat: the platform
 * @pa: start
 * @len: bytes
 *
 * The caller holds the pages (a reference or a pin). Pages of one range may
 * carry different claims (an SGT entry coalesces pages allocated apart).
 *
 * Context: any context.
 */
void san_learn_current(struct platform *plat, phys_addr_t pa, size_t len);
/**
 * san_learned() - the claim a mapping of a page must expect
 * @plat: the platform
 * @pa: an address in the page
 *
 * Context: any context.
 * Return: the claim the calling thread most recently learned the page
 * under, else its current claim.
 */
san_owner_t san_learned(struct platform *plat, phys_addr_t pa);
/**
 * san_learned_run() - san_learned() for a run of pages at once
 * @plat: the platform
 * @pa: start
 * @len: bytes at most
 * @run: receives how many bytes from @pa expect the returned claim
 *
 * Context: any context.
 * Return: the claim of the page containing @pa, as san_learned().
 */
san_owner_t san_learned_run(struct platform *plat, phys_addr_t pa,
			    size_t len, size_t *run);

/**
 * enum san_map_kind - what a DMA mapping handle maps
 * @SAN_MAP_DIRECT: DMA address == physical address
 * @SAN_MAP_P2P: the PCI bus address of a peer's BAR
 * @SAN_MAP_IOVA: translated by the device's IOMMU (dma_map_phys)
 * @SAN_MAP_SGT: a scatterlist table's IOVA range, an extent per entry
 * @SAN_MAP_IOVA_STATE: a dma_iova_state's links, an extent per link
 *
 * One handle per mapping, whatever its size: a dma_map_phys or
 * dma_map_page mapping, a scatterlist table mapped behind an IOMMU and a
 * dma_iova_state (all its links) each have one. The handle covers the DMA
 * address range of the whole mapping and keeps its physically contiguous
 * pieces as extents, each with the claim it expects.
 */
enum san_map_kind {
	SAN_MAP_DIRECT,		/* DMA address == physical address */
	SAN_MAP_P2P,		/* PCI bus address of a peer's BAR */
	SAN_MAP_IOVA,		/* translated by the device's IOMMU */
	SAN_MAP_SGT,		/* a scatterlist table's IOVA range */
	SAN_MAP_IOVA_STATE,	/* a dma_iova_state's links */
};

/**
 * san_map_kind_iova() - does a handle of this kind map IOVAs
 * @kind: the kind
 *
 * Return: true for the kinds translated by an IOMMU.
 */
static inline bool san_map_kind_iova(enum san_map_kind kind)
{
	return kind >= SAN_MAP_IOVA;
}

/**
 * struct san_map_ext - one physically contiguous piece of a mapping
 * @addr: DMA address
 * @phys: physical address
 * @len: bytes
 * @claim: the claim every page of it expects
 */
struct san_map_ext {
	dma_addr_t addr;
	phys_addr_t phys;
	size_t len;
	san_owner_t claim;
};

/**
 * struct san_map - a DMA mapping handle (the dma-debug-like record)
 * @id: never reused
 * @kind: what it maps
 * @dev: the mapping device's name
 * @addr: start of the DMA address range the mapping covers
 * @len: bytes of that range
 * @phys: the first extent's physical start (for reports)
 * @claim: the first extent's claim (for reports)
 * @lock: protects the extents
 * @ext: the extents, sorted by DMA address (@ext0 while there is one)
 * @ext0: the inline first extent
 * @nr_ext: extents in use
 * @max_ext: extents allocated
 * @gen: bumped (atomically) by every san_map_remove()
 * @unmapped: set (atomically) by san_map_unmap(): the whole mapping is gone
 * @refs: references (atomic)
 * @mapped: who mapped it
 * @unmapped_at: who unmapped it
 * @node: the DMA API's index of live mappings (dma/direct.c)
 */
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

/**
 * san_map_create() - a handle for a new DMA mapping of one physical range
 * @plat: the platform
 * @kind: what it maps
 * @dev: the device (a key for what the thread learns)
 * @dev_name: its name, for reports
 * @addr: the DMA address
 * @phys: the physical start
 * @len: bytes
 *
 * It expects what the calling thread learned (san_learned()), one extent
 * per run of pages learned under one claim, and the thread learns
 * (@dev, @addr) -> the handle.
 *
 * Context: any context.
 * Return: the handle (one reference), or NULL when out of memory.
 */
struct san_map *san_map_create(struct platform *plat, enum san_map_kind kind,
			       const void *dev, const char *dev_name,
			       dma_addr_t addr, phys_addr_t phys, size_t len);
/**
 * san_map_create_range() - a handle for a mapping made of pieces
 * @plat: the platform
 * @kind: %SAN_MAP_SGT or %SAN_MAP_IOVA_STATE
 * @dev: the device (a key for what the thread learns)
 * @dev_name: its name, for reports
 * @addr: start of the DMA address range it covers
 * @len: bytes of that range
 *
 * The handle has no extents until san_map_add() gives it some. The
 * calling thread learns (@dev, range) -> the handle.
 *
 * Context: any context.
 * Return: the handle (one reference), or NULL when out of memory.
 */
struct san_map *san_map_create_range(struct platform *plat,
				     enum san_map_kind kind, const void *dev,
				     const char *dev_name, dma_addr_t addr,
				     size_t len);
/**
 * san_map_add() - add an extent to a handle
 * @plat: the platform
 * @m: the handle
 * @addr: DMA address, inside @m's range and not mapped yet
 * @phys: physical start
 * @len: bytes
 *
 * The extent expects what the calling thread learned for the pages.
 *
 * Context: any context.
 * Return: 0, -EINVAL (outside the range or overlapping an extent) or
 * -ENOMEM.
 */
int san_map_add(struct platform *plat, struct san_map *m, dma_addr_t addr,
		phys_addr_t phys, size_t len);
/**
 * san_map_add_claim() - add an extent whose claim the caller looked up
 * @m: the handle
 * @addr: DMA address, inside @m's range and not mapped yet
 * @phys: physical start
 * @len: bytes
 * @claim: what every page of the extent expects: the caller computed it
 *	with san_learned_run() once for the handle and the IO page table
 *
 * An extent that continues the one before it (DMA and physical address,
 * claim) extends it instead of adding one.
 *
 * Context: any context.
 * Return: 0, -EINVAL (outside the range or overlapping an extent) or
 * -ENOMEM.
 */
int san_map_add_claim(struct san_map *m, dma_addr_t addr, phys_addr_t phys,
		      size_t len, san_owner_t claim);
/**
 * __san_map_add_claim() - san_map_add_claim() for a handle nobody else sees
 * @m: the handle, not yet published (a scatterlist table's, before
 *	dma_record_insert())
 * @addr: DMA address
 * @phys: physical start
 * @len: bytes
 * @claim: what every page of the extent expects
 *
 * Context: any context; only the creator of @m may hold it.
 * Return: as san_map_add_claim().
 */
int __san_map_add_claim(struct san_map *m, dma_addr_t addr, phys_addr_t phys,
			size_t len, san_owner_t claim);
/**
 * san_map_remove() - part of a handle is unmapped (an unlink)
 * @m: the handle
 * @addr: DMA address
 * @len: bytes; the rest of the mapping stays
 *
 * Context: any context.
 */
void san_map_remove(struct san_map *m, dma_addr_t addr, size_t len);
/**
 * san_map_find() - the extent of a handle that maps an address
 * @m: the handle
 * @addr: the DMA address
 * @e: receives the extent, cut to start at @addr
 *
 * Context: any context.
 * Return: false if @m maps nothing at @addr (never linked, unlinked, or
 * unmapped).
 */
bool san_map_find(struct san_map *m, dma_addr_t addr, struct san_map_ext *e);
/**
 * san_map_unmap() - the whole mapping is gone
 * @m: the handle (it lives on for reports)
 *
 * Context: any context.
 */
void san_map_unmap(struct san_map *m);
/**
 * san_map_get() - take a reference on a handle
 * @m: the handle, or NULL
 *
 * Context: any context.
 * Return: @m.
 */
struct san_map *san_map_get(struct san_map *m);
/**
 * san_map_put() - drop a reference on a handle
 * @m: the handle, or NULL
 *
 * Context: any context.
 */
void san_map_put(struct san_map *m);
/**
 * san_map_describe() - a handle, as reports print it
 * @plat: the platform
 * @m: the handle
 * @buf: receives "mapping #12 (iova 0x1000, gpu0, claim 7 (pexp buffer))
 *	made at ..."
 * @size: size of @buf
 *
 * Context: any context.
 */
void san_map_describe(struct platform *plat, const struct san_map *m,
		      char *buf, size_t size);
/**
 * san_learn_map() - the calling thread takes a handle for its addresses
 * @plat: the platform
 * @dev: the device
 * @m: the handle
 *
 * It read the addresses from whoever holds @m (an importer's shared
 * mapping) under the lock that keeps @m alive. Threads learn addresses,
 * not mappings, so a DMA address handed from one thread to another is
 * learned again where it is read; see dma_mapping_learn().
 *
 * Context: any context; the caller keeps @m alive.
 */
void san_learn_map(struct platform *plat, const void *dev,
		   const struct san_map *m);
/**
 * san_learned_map() - the handle the calling thread learned for an address
 * @plat: the platform
 * @dev: the device
 * @addr: the DMA address
 *
 * Context: any context.
 * Return: the handle's id, or 0.
 */
u64 san_learned_map(struct platform *plat, const void *dev, dma_addr_t addr);
/**
 * san_map_check() - check an access through one extent of a handle
 * @plat: the platform
 * @m: the handle
 * @e: the extent the access goes through
 * @len: bytes from the start of @e
 * @accessor: who accesses, e.g. "dma:gpu0 write job gpu0:q0#3"
 *
 * On a mismatch reports both sides: @accessor, @m and the event that
 * invalidated it, with call chains.
 *
 * Context: any context.
 * Return: true if it held (or checking is off).
 */
bool san_map_check(struct platform *plat, const struct san_map *m,
		   const struct san_map_ext *e, size_t len,
		   const char *accessor);
/**
 * san_report_unmapped_use() - report a DMA through a mapping after its unmap
 * @plat: the platform
 * @m: the handle
 * @accessor: who accessed
 * @now: what the address reaches now, e.g. "the iova is not mapped" or the
 *	mapping it was handed out to
 *
 * Prints @m with both call chains.
 *
 * Context: any context.
 */
void san_report_unmapped_use(struct platform *plat, const struct san_map *m,
			     const char *accessor, const char *now);
/**
 * DOC: a move's copy
 *
 * A move's copy fills [pa, pa + len): san_copy_begin() gives it to the copy
 * (SAN_EV_MOVE_COPY, a new claim), so any other access is reported;
 * san_copy_hand_over() names the copy's fence and the buffer's new claim:
 * once the fence has signaled the memory is the new claim's, even before
 * the fence's callbacks ran (SAN_EV_COPY_DONE). san_copy_abort() forgets a
 * copy that never started (the memory stays the copy's claim until its
 * owner gives it away).
 */
struct dma_fence;
/**
 * san_copy_begin() - give a range to a move's copy
 * @plat: the platform
 * @pa: start
 * @len: bytes
 * @why: for reports (a literal)
 *
 * Context: any context.
 * Return: the copy's new claim (SAN_EV_MOVE_COPY).
 */
san_owner_t san_copy_begin(struct platform *plat, phys_addr_t pa, size_t len,
			   const char *why);
/**
 * san_copy_hand_over() - the copy lands when its fence signals
 * @plat: the platform
 * @claim: the copy's claim (from san_copy_begin())
 * @fence: the copy's fence
 * @landing: the buffer's claim once @fence has signaled
 *
 * Context: any context.
 */
void san_copy_hand_over(struct platform *plat, san_owner_t claim,
			struct dma_fence *fence, san_owner_t landing);
/**
 * san_copy_abort() - forget a copy that never started
 * @plat: the platform
 * @claim: the copy's claim
 *
 * Context: any context.
 */
void san_copy_abort(struct platform *plat, san_owner_t claim);
/**
 * san_range_unbacked() - does a range touch a disabled BAR or removed device?
 * @plat: the platform
 * @pa: start
 * @len: bytes
 *
 * Context: any context.
 * Return: true if any page is on a disabled BAR or a removed device (a
 * request there is an Unsupported Request).
 */
bool san_range_unbacked(struct platform *plat, phys_addr_t pa, size_t len);

#endif
