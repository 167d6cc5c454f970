/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA sanitizer. Every physical page (RAM and BAR) has a current
 * owner: a 64-bit id that is never reused. Allocation, free, migration,
 * revoke and memory-decode changes give the page a new owner and record
 * the event. Every mapping (IOMMU PTE, direct DMA mapping, CPU PTE)
 * remembers the owner it expects; an access whose page has another owner
 * now is reported with the accessor, address, mapping and event.
 */
#ifndef DMABRIDGE_SANITIZER_H
#define DMABRIDGE_SANITIZER_H

#include <dmabridge/types.h>
#include <dmabridge/compiler.h>

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
/* Reports on this platform so far. */
long san_report_count(struct platform *plat);
/* Turn checking off and on (benchmarks compare both). */
void san_set_enabled(struct platform *plat, bool on);

#endif
