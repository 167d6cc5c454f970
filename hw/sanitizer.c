// SPDX-License-Identifier: GPL-2.0
/* The DMA sanitizer: page owners, their changes, and access checks. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/report.h>
#include <dmabridge/bug.h>
#include "arena.h"

/* Owner descriptions kept for reports: the most recent ones only. */
#define SAN_DESC_RING 1024

struct san_desc {
	san_owner_t id;
	const char *desc;
};

struct dma_sanitizer {
	atomic_long_t reports;
	bool enabled;
	spinlock_t desc_lock;
	unsigned int desc_next;
	struct san_desc descs[SAN_DESC_RING];
};

/* Process-wide and never reused, so an id names one owner forever. */
static u64 san_next_id = 1;

static const char *const san_event_names[] = {
	[SAN_EV_BOOT] = "boot",
	[SAN_EV_ALLOC] = "page allocation",
	[SAN_EV_FREE] = "page free",
	[SAN_EV_MIGRATE] = "migration",
	[SAN_EV_MOVE] = "buffer move",
	[SAN_EV_REVOKE] = "revoke",
	[SAN_EV_BAR_DISABLE] = "BAR memory decode disabled",
	[SAN_EV_BAR_ENABLE] = "BAR memory decode enabled",
	[SAN_EV_DEVICE_REMOVED] = "device removal",
	[SAN_EV_CLAIM] = "claim by a new owner",
};

const char *san_event_name(enum san_event ev)
{
	return ev < ARRAY_SIZE(san_event_names) ? san_event_names[ev] : "?";
}

int dma_sanitizer_init(struct platform *plat)
{
	struct dma_sanitizer *san;

	if (!plat || plat->san)
		return -EINVAL;
	san = kzalloc(sizeof(*san), GFP_KERNEL);
	if (!san)
		return -ENOMEM;
	san->enabled = true;
	spin_lock_init(&san->desc_lock);
	plat->san = san;
	return 0;
}

void dma_sanitizer_fini(struct platform *plat)
{
	if (!plat || !plat->san)
		return;
	spin_lock_destroy(&plat->san->desc_lock);
	kfree(plat->san);
	plat->san = NULL;
}

static san_owner_t san_alloc_id(void)
{
	return __atomic_fetch_add(&san_next_id, 1, __ATOMIC_RELAXED);
}

san_owner_t san_new_owner(struct platform *plat, const char *desc)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	san_owner_t id = san_alloc_id();

	if (san && desc) {
		spin_lock(&san->desc_lock);
		san->descs[san->desc_next % SAN_DESC_RING] =
			(struct san_desc){ id, desc };
		san->desc_next++;
		spin_unlock(&san->desc_lock);
	}
	return id;
}

static const char *san_owner_desc(struct dma_sanitizer *san, san_owner_t id)
{
	const char *desc = NULL;
	int i;

	spin_lock(&san->desc_lock);
	for (i = 0; i < SAN_DESC_RING && !desc; i++)
		if (san->descs[i].id == id)
			desc = san->descs[i].desc;
	spin_unlock(&san->desc_lock);
	return desc ? desc : "-";
}

/* A zero shadow entry stands for the region's boot state. */
static inline san_owner_t sh_owner(const struct hw_region *hr,
				   struct san_shadow *sh)
{
	san_owner_t o = __atomic_load_n(&sh->owner, __ATOMIC_ACQUIRE);

	return o ? o : hr->boot_owner;
}

static inline u32 sh_event(const struct hw_region *hr, struct san_shadow *sh,
			   san_owner_t raw)
{
	return raw ? __atomic_load_n(&sh->event, __ATOMIC_RELAXED) :
		     (u32)hr->boot_event;
}

static void san_shadow_set(struct hw_region *hr, struct san_shadow *sh,
			   san_owner_t owner, enum san_event ev,
			   const char *why)
{
	san_owner_t old = sh_owner(hr, sh);

	__atomic_store_n(&sh->prev, old, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->why, why, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->event, (u32)ev, __ATOMIC_RELAXED);
	__atomic_fetch_add(&sh->changes, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->owner, owner, __ATOMIC_RELEASE);
}

san_owner_t san_set_owner(struct platform *plat, phys_addr_t pa, size_t len,
			  san_owner_t owner, enum san_event ev,
			  const char *why)
{
	phys_addr_t end = pa + len, p = pa & PAGE_MASK;

	if (owner == SAN_OWNER_NONE)
		owner = san_alloc_id();
	while (p < end) {
		struct hw_region *hr;
		struct san_shadow *sh = hw_page_shadow(plat, p, &hr);
		phys_addr_t stop;

		if (!sh) {
			p += PAGE_SIZE;
			continue;
		}
		/* Walk the rest of this region without looking it up again. */
		stop = min(end, hr->r.base + hr->r.size);
		for (; p < stop; p += PAGE_SIZE, sh++)
			san_shadow_set(hr, sh, owner, ev, why);
	}
	return owner;
}

san_owner_t san_owner(struct platform *plat, phys_addr_t pa)
{
	struct hw_region *hr;
	struct san_shadow *sh = hw_page_shadow(plat, pa, &hr);

	return sh ? sh_owner(hr, sh) : SAN_OWNER_NONE;
}

/* Memory in these states is reached by no mapping, stale or not. */
static bool san_event_kills(u32 ev)
{
	return ev == SAN_EV_FREE || ev == SAN_EV_BAR_DISABLE ||
	       ev == SAN_EV_DEVICE_REMOVED;
}

static bool san_page_ok(const struct hw_region *hr, struct san_shadow *sh,
			san_owner_t expect)
{
	san_owner_t raw = __atomic_load_n(&sh->owner, __ATOMIC_ACQUIRE);

	return (raw ? raw : hr->boot_owner) == expect &&
	       !san_event_kills(sh_event(hr, sh, raw));
}

/*
 * Walk [pa, pa + len); return the first page address that fails, with its
 * shadow (NULL: no memory there), or ~0 if every page is fine.
 */
static phys_addr_t san_find_bad(struct platform *plat, phys_addr_t pa,
				size_t len, san_owner_t expect,
				struct san_shadow **shp, struct hw_region **hrp)
{
	phys_addr_t end = pa + len, p = pa & PAGE_MASK;

	while (p < end) {
		struct hw_region *hr;
		struct san_shadow *sh = hw_page_shadow(plat, p, &hr);
		phys_addr_t stop;

		*shp = sh;
		*hrp = hr;
		if (!sh)
			return max(p, pa);
		stop = min(end, hr->r.base + hr->r.size);
		for (; p < stop; p += PAGE_SIZE, sh++) {
			if (!san_page_ok(hr, sh, expect)) {
				*shp = sh;
				return max(p, pa);
			}
		}
	}
	return ~(phys_addr_t)0;
}

bool san_expect_holds(struct platform *plat, phys_addr_t pa, size_t len,
		      san_owner_t expect)
{
	struct san_shadow *sh;
	struct hw_region *hr;

	if (expect == SAN_OWNER_NONE)
		return true;
	return san_find_bad(plat, pa, len, expect, &sh, &hr) ==
	       ~(phys_addr_t)0;
}

bool san_range_uniform(struct platform *plat, phys_addr_t pa, size_t len,
		       san_owner_t *owner)
{
	struct hw_region *hr;
	struct san_shadow *sh = hw_page_shadow(plat, pa, &hr);
	size_t i, n;
	san_owner_t o;

	if (!sh || !len || len - 1 > hr->r.base + hr->r.size - 1 - pa)
		return false;
	n = ((pa + len - 1) >> PAGE_SHIFT) - (pa >> PAGE_SHIFT) + 1;
	o = sh_owner(hr, sh);
	for (i = 1; i < n; i++)
		if (sh_owner(hr, &sh[i]) != o)
			return false;
	*owner = o;
	return true;
}

static void san_report_owner(struct platform *plat, phys_addr_t bad,
		       struct san_shadow *sh, struct hw_region *hr,
		       san_owner_t expect, const char *accessor,
		       const char *mapping)
{
	struct dma_sanitizer *san = plat->san;
	san_owner_t now, prev;
	const char *why;
	u32 ev;

	atomic_long_inc(&san->reports);
	if (!sh) {
		report_emit(REPORT_SANITIZER,
			    "%s at phys %#llx through %s: no memory at that "
			    "address", accessor, (unsigned long long)bad,
			    mapping);
		return;
	}
	now = __atomic_load_n(&sh->owner, __ATOMIC_ACQUIRE);
	if (now) {
		prev = __atomic_load_n(&sh->prev, __ATOMIC_RELAXED);
		why = __atomic_load_n(&sh->why, __ATOMIC_RELAXED);
		ev = __atomic_load_n(&sh->event, __ATOMIC_RELAXED);
	} else {
		now = hr->boot_owner;
		prev = SAN_OWNER_NONE;
		why = hr->boot_why;
		ev = hr->boot_event;
	}
	report_emit(REPORT_SANITIZER,
		    "%s at phys %#llx (%s +%#llx) through %s: the mapping "
		    "expects owner %llu (%s) but the page is owner %llu (%s) "
		    "since %s (%s)%s", accessor, (unsigned long long)bad,
		    hr->r.name, (unsigned long long)(bad - hr->r.base),
		    mapping, (unsigned long long)expect,
		    san_owner_desc(san, expect), (unsigned long long)now,
		    san_owner_desc(san, now), san_event_name(ev),
		    why ? why : "-",
		    now == expect ? "; the memory is not there any more" :
		    prev == expect ? "; that event invalidated the mapping" :
		    "; the owner changed more than once since it was mapped");
}

bool san_check(struct platform *plat, phys_addr_t pa, size_t len,
	       san_owner_t expect, const char *accessor, const char *mapping)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	struct san_shadow *sh;
	struct hw_region *hr;
	phys_addr_t bad;

	if (!san || !__atomic_load_n(&san->enabled, __ATOMIC_RELAXED) ||
	    expect == SAN_OWNER_NONE || !len)
		return true;
	bad = san_find_bad(plat, pa, len, expect, &sh, &hr);
	if (likely(bad == ~(phys_addr_t)0))
		return true;
	san_report_owner(plat, bad, sh, hr, expect, accessor ? accessor : "access",
		   mapping ? mapping : "a mapping");
	return false;
}

void san_report(struct platform *plat, const char *fmt, ...)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	char msg[512];
	va_list ap;

	if (!san || !__atomic_load_n(&san->enabled, __ATOMIC_RELAXED))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	atomic_long_inc(&san->reports);
	report_emit(REPORT_SANITIZER, "%s", msg);
}

long san_report_count(struct platform *plat)
{
	return plat && plat->san ? atomic_long_read(&plat->san->reports) : 0;
}

void san_set_enabled(struct platform *plat, bool on)
{
	if (plat && plat->san)
		__atomic_store_n(&plat->san->enabled, on, __ATOMIC_RELAXED);
}

bool san_enabled(struct platform *plat)
{
	return plat && plat->san &&
	       __atomic_load_n(&plat->san->enabled, __ATOMIC_RELAXED);
}
