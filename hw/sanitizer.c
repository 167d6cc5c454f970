// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA sanitizer (a dmabridge tool, not in Linux): page claims, the
 * events that change them, what each thread learned, DMA mapping handles,
 * and access checks. See docs/sanitizer.md.
 */
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/report.h>
#include <dmabridge/printk.h>
#include <dmabridge/stacktrace.h>
#include <dmabridge/bug.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/list.h>
#include "arena.h"

/* Owner descriptions kept for reports: the most recent ones only. */
#define SAN_DESC_RING 1024

struct san_desc {
	san_owner_t id;
	const char *desc;
};

/* Invalidation events with their call chains: the most recent ones. */
#define SAN_EVLOG_RING 4096

struct san_evlog {
	u64 seq;
	struct san_chain chain;
};

/* A move's copy in flight: its memory is the copy's until the fence. */
struct san_copy {
	struct list_head node;		/* under copies_lock */
	struct platform *plat;
	san_owner_t claim, landing;
	phys_addr_t pa;
	size_t len;
	struct dma_fence *fence;	/* a reference */
	struct dma_fence_cb cb;
};

struct dma_sanitizer {
	atomic_long_t reports;
	spinlock_t copies_lock;
	struct list_head copies;
	bool enabled;
	u64 uid;		/* tells platforms apart in thread learns */
	spinlock_t desc_lock;
	unsigned int desc_next;
	struct san_desc descs[SAN_DESC_RING];
	char last_msg[2048];	/* under desc_lock */
	int last_event;		/* enum san_event of it, -1: none */
	spinlock_t evlog_lock;
	u64 evlog_seq;
	struct san_evlog evlog[SAN_EVLOG_RING];
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
	[SAN_EV_MOVE_COPY] = "a move's copy filling it",
	[SAN_EV_COPY_DONE] = "a move's copy landing",
	[SAN_EV_RESTORE] = "restore after revoke",
	[SAN_EV_UNMAP] = "DMA unmap",
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
	san->last_event = -1;
	san->uid = __atomic_fetch_add(&san_next_id, 1, __ATOMIC_RELAXED);
	spin_lock_init(&san->desc_lock);
	spin_lock_init(&san->evlog_lock);
	spin_lock_init(&san->copies_lock);
	INIT_LIST_HEAD(&san->copies);
	plat->san = san;
	return 0;
}

void dma_sanitizer_fini(struct platform *plat)
{
	if (!plat || !plat->san)
		return;
	spin_lock_destroy(&plat->san->desc_lock);
	spin_lock_destroy(&plat->san->evlog_lock);
	WARN(!list_empty(&plat->san->copies),
	     "sanitizer: a move's copy fence never signaled");
	spin_lock_destroy(&plat->san->copies_lock);
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
			   const char *why, u64 evseq)
{
	san_owner_t old = sh_owner(hr, sh);

	__atomic_store_n(&sh->prev, old, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->evseq, evseq, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->why, why, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->event, (u32)ev, __ATOMIC_RELAXED);
	__atomic_fetch_add(&sh->changes, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->owner, owner, __ATOMIC_RELEASE);
}

/*
 * Log an event with its call chain. Allocations are not invalidations and
 * are the page allocator's hot path: no chain for them.
 */
static u64 san_evlog_add(struct dma_sanitizer *san, enum san_event ev)
{
	struct san_chain c;
	u64 seq;

	if (!san || ev == SAN_EV_ALLOC ||
	    !__atomic_load_n(&san->enabled, __ATOMIC_RELAXED))
		return 0;
	san_chain_capture(&c);
	spin_lock(&san->evlog_lock);
	seq = ++san->evlog_seq;
	san->evlog[seq % SAN_EVLOG_RING] = (struct san_evlog){ seq, c };
	spin_unlock(&san->evlog_lock);
	return seq;
}

/* The chain of event @seq if still logged. */
static bool san_evlog_find(struct dma_sanitizer *san, u64 seq,
			   struct san_chain *c)
{
	bool found = false;

	if (!seq)
		return false;
	spin_lock(&san->evlog_lock);
	if (san->evlog[seq % SAN_EVLOG_RING].seq == seq) {
		*c = san->evlog[seq % SAN_EVLOG_RING].chain;
		found = true;
	}
	spin_unlock(&san->evlog_lock);
	return found;
}

san_owner_t san_set_owner(struct platform *plat, phys_addr_t pa, size_t len,
			  san_owner_t owner, enum san_event ev,
			  const char *why)
{
	phys_addr_t end = pa + len, p = pa & PAGE_MASK;
	u64 evseq;

	if (owner == SAN_OWNER_NONE)
		owner = san_alloc_id();
	evseq = san_evlog_add(plat ? plat->san : NULL, ev);
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
			san_shadow_set(hr, sh, owner, ev, why, evseq);
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

/*
 * A page filled by a move's copy whose fence has signaled belongs to the
 * buffer's new claim even before the fence callback updated the shadow
 * (waiters see the fence signaled before its callbacks run).
 */
static bool san_copy_landed(struct dma_sanitizer *san, san_owner_t claim,
			    san_owner_t expect)
{
	struct san_copy *c;
	bool ok = false;

	if (!san)
		return false;
	spin_lock(&san->copies_lock);
	list_for_each_entry(c, &san->copies, node) {
		if (c->claim == claim) {
			ok = c->fence && c->landing == expect &&
			     dma_fence_test_signaled_flag(c->fence);
			break;
		}
	}
	spin_unlock(&san->copies_lock);
	return ok;
}

static bool san_page_ok(const struct hw_region *hr, struct san_shadow *sh,
			san_owner_t expect)
{
	san_owner_t raw = __atomic_load_n(&sh->owner, __ATOMIC_ACQUIRE);
	u32 ev;

	if (likely((raw ? raw : hr->boot_owner) == expect))
		return !san_event_kills(sh_event(hr, sh, raw));
	/*
	 * The event is read after the claim and san_shadow_set() stores it
	 * first, so a copy's landing can show COPY_DONE beside the copy's
	 * claim: either copy event sends the claim to the copy list. A copy
	 * leaves that list only after its callback stored the landing claim,
	 * so if it is gone, reading the owner again sees the landing (or a
	 * later claim).
	 */
	ev = sh_event(hr, sh, raw);
	if (raw && (ev == SAN_EV_MOVE_COPY || ev == SAN_EV_COPY_DONE) &&
	    san_copy_landed(hr->plat ? hr->plat->san : NULL, raw, expect))
		return true;
	raw = __atomic_load_n(&sh->owner, __ATOMIC_ACQUIRE);
	return raw == expect && !san_event_kills(sh_event(hr, sh, raw));
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

/*
 * One finding, for printing: both sides of it. The access is the calling
 * thread (its stack is taken when the report prints); the other side is
 * the mapping used (with the stacks that mapped and unmapped it) and the
 * event that changed the page under it (with its stack).
 */
struct san_finding {
	int ev;				/* enum san_event, -1: none */
	const char *access;		/* "dma:gpu0 write job ... at ..." */
	const char *through;		/* the mapping, when there is no handle */
	const struct san_map *m;	/* the mapping handle, or NULL */
	const char *page;		/* the page's story, without stacks */
	const struct san_chain *event;	/* that event's stack, or NULL */
	const char *now;		/* use after unmap: what it reaches now */
};

static void san_print_chain(const struct san_chain *c)
{
	unsigned long ip[SAN_CHAIN_DEPTH];
	int i;

	for (i = 0; i < c->n && i < SAN_CHAIN_DEPTH; i++)
		ip[i] = (unsigned long)c->ip[i];
	stack_trace_print(ip, c->n, 1);
}

/* KASAN's bug types, for the title: what the access went to. */
static const char *san_bug_type(const struct san_finding *f)
{
	if (!f->page && !f->m && f->ev < 0)
		return "invalid-access";
	switch (f->ev) {
	case SAN_EV_UNMAP:
		return "use-after-unmap";
	case SAN_EV_FREE:
		return "use-after-free";
	case SAN_EV_MOVE:
		return "use-after-move";
	case SAN_EV_REVOKE:
		return "use-after-revoke";
	case SAN_EV_MIGRATE:
		return "use-after-migrate";
	case SAN_EV_BAR_DISABLE:
		return "access-to-disabled-bar";
	case SAN_EV_DEVICE_REMOVED:
		return "access-to-removed-device";
	case SAN_EV_MOVE_COPY:
		return "access-during-move-copy";
	case -1:
		return "wild-access";
	default:
		return "stale-mapping";
	}
}

static void san_map_print(struct dma_sanitizer *san, const struct san_map *m);

/* The multi-line report, KASAN's layout. Inside report_begin/end. */
static void san_print(struct dma_sanitizer *san, const struct san_finding *f,
		      const char *msg)
{
	const char *access = f->access ? f->access : msg;
	int who = (int)strcspn(access, " ");

	printk("=================================================="
	       "================\n");
	printk("BUG: dma-sanitizer: %s in %.*s\n", san_bug_type(f), who,
	       access);
	if (!f->access) {
		/* A finding without a structure: its message says it all. */
		printk("%s\n", msg);
	} else {
		printk("%s\n", f->access);
		if (f->through)
			printk("through %s\n", f->through);
	}
	printk("\n");
	report_print_task();
	report_print_stack(2);
	if (f->m)
		san_map_print(san, f->m);
	if (f->now)
		printk("\nThe address now reaches: %s\n", f->now);
	if (f->page) {
		printk("\nThe memory at %s.\n", f->page);
		printk("\nLast changed (%s) by:\n",
		       f->ev >= 0 ? san_event_name(f->ev) : "?");
		if (f->event)
			san_print_chain(f->event);
		else
			printk(" (not recorded: an old event, or a page "
			       "allocation, which keeps no stack)\n");
	}
	printk("=================================================="
	       "================\n");
}

/* Count, remember and print one finding. */
static void san_emit(struct dma_sanitizer *san, const struct san_finding *f,
		     const char *msg)
{
	atomic_long_inc(&san->reports);
	spin_lock(&san->desc_lock);
	snprintf(san->last_msg, sizeof(san->last_msg), "%s", msg);
	san->last_event = f->ev;
	spin_unlock(&san->desc_lock);
	if (!report_begin(REPORT_SANITIZER))
		return;
	san_print(san, f, msg);
	report_end();
}

/*
 * Describe why the page behind @sh fails @expect, with the event that
 * changed it, into @buf; that event's call chain into @evc (n = 0 when
 * it is no longer logged).
 */
static int san_describe_page(struct dma_sanitizer *san, phys_addr_t bad,
			     struct san_shadow *sh, struct hw_region *hr,
			     san_owner_t expect, char *buf, size_t size,
			     struct san_chain *evc)
{
	san_owner_t now, prev;
	const char *why;
	u64 evseq = 0;
	u32 ev;

	now = __atomic_load_n(&sh->owner, __ATOMIC_ACQUIRE);
	if (now) {
		prev = __atomic_load_n(&sh->prev, __ATOMIC_RELAXED);
		why = __atomic_load_n(&sh->why, __ATOMIC_RELAXED);
		ev = __atomic_load_n(&sh->event, __ATOMIC_RELAXED);
		evseq = __atomic_load_n(&sh->evseq, __ATOMIC_RELAXED);
	} else {
		now = hr->boot_owner;
		prev = SAN_OWNER_NONE;
		why = hr->boot_why;
		ev = hr->boot_event;
	}
	if (!san_evlog_find(san, evseq, evc))
		evc->n = 0;
	snprintf(buf, size,
		 "phys %#llx (%s +%#llx) expected claim %llu (%s) but is claim "
		 "%llu (%s) since %s (%s)%s",
		 (unsigned long long)bad, hr->r.name,
		 (unsigned long long)(bad - hr->r.base),
		 (unsigned long long)expect, san_owner_desc(san, expect),
		 (unsigned long long)now, san_owner_desc(san, now),
		 san_event_name(ev), why ? why : "-",
		 now == expect && san_event_kills(ev) ?
			", the memory is not there any more" :
		 now == expect ? ", the claim changed back during the access" :
		 prev == expect ? ", that event invalidated the mapping" :
		 ", the claim changed more than once since");
	return (int)ev;
}

/* The one-line form tests read: "<page>; event at: <chain>". */
static void san_page_line(char *buf, size_t size, const char *page,
			  const struct san_chain *evc)
{
	char chain[512];

	if (evc->n)
		san_chain_format(evc, chain, sizeof(chain));
	else
		snprintf(chain, sizeof(chain), "(not recorded)");
	snprintf(buf, size, "%s; event at: %s", page, chain);
}

static void san_report_owner(struct platform *plat, phys_addr_t bad,
			     struct san_shadow *sh, struct hw_region *hr,
			     san_owner_t expect, const char *accessor,
			     const char *mapping)
{
	struct dma_sanitizer *san = plat->san;
	char page[1024], line[1600], msg[4096], access[512];
	struct san_finding f = { .ev = -1, .through = mapping };
	struct san_chain evc;

	if (!sh) {
		snprintf(msg, sizeof(msg), "%s at phys %#llx through %s: no "
			 "memory at that address", accessor,
			 (unsigned long long)bad, mapping);
		snprintf(access, sizeof(access), "%s at phys %#llx: no memory "
			 "at that address", accessor, (unsigned long long)bad);
	} else {
		f.ev = san_describe_page(san, bad, sh, hr, expect, page,
					 sizeof(page), &evc);
		f.page = page;
		f.event = evc.n ? &evc : NULL;
		san_page_line(line, sizeof(line), page, &evc);
		snprintf(msg, sizeof(msg), "%s through %s: %s", accessor,
			 mapping, line);
		snprintf(access, sizeof(access), "%s", accessor);
	}
	f.access = access;
	san_emit(san, &f, msg);
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
	san_report_owner(plat, bad, sh, hr, expect,
			 accessor ? accessor : "access",
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
	san_emit(san, &(struct san_finding){ .ev = -1 }, msg);
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

int san_last_report(struct platform *plat, char *buf, size_t size)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	int ev;

	if (!san)
		return -1;
	spin_lock(&san->desc_lock);
	if (buf && size)
		snprintf(buf, size, "%s", san->last_msg);
	ev = san->last_event;
	spin_unlock(&san->desc_lock);
	return ev;
}

/* Call chains. */

/* This thread's stack, for walking frame pointers safely. */
static __thread uintptr_t san_stack_lo, san_stack_hi;

static bool san_stack_bounds(void)
{
	pthread_attr_t attr;
	void *addr;
	size_t size;

	if (san_stack_hi)
		return true;
	if (pthread_getattr_np(pthread_self(), &attr))
		return false;
	if (!pthread_attr_getstack(&attr, &addr, &size)) {
		san_stack_lo = (uintptr_t)addr;
		san_stack_hi = (uintptr_t)addr + size;
	}
	pthread_attr_destroy(&attr);
	return san_stack_hi;
}

/*
 * The tree is built with frame pointers: walk them (a few loads per
 * frame, where backtrace() would unwind through DWARF tables). Frames are
 * followed only upwards and inside this thread's stack, so a library
 * frame without a frame pointer ends the chain instead of faulting.
 */
__attribute__((noinline)) void san_chain_capture(struct san_chain *c)
{
	uintptr_t *fp = __builtin_frame_address(0), *next;
	int skip = 1;	/* the sanitizer function that called us */

	c->n = 0;
	if (!san_stack_bounds())
		return;
	while (c->n < SAN_CHAIN_DEPTH) {
		if ((uintptr_t)fp < san_stack_lo ||
		    (uintptr_t)(fp + 2) > san_stack_hi || !fp[1])
			break;
		if (skip)
			skip--;
		else
			c->ip[c->n++] = (void *)fp[1];
		next = (uintptr_t *)fp[0];
		if (next <= fp)
			break;
		fp = next;
	}
}

void san_chain_format(const struct san_chain *c, char *buf, size_t size)
{
	char **syms;
	size_t off = 0;
	int i;

	if (!size)
		return;
	buf[0] = 0;
	if (!c->n) {
		snprintf(buf, size, "(no chain)");
		return;
	}
	syms = backtrace_symbols(c->ip, c->n);
	for (i = 0; i < c->n && off < size; i++) {
		const char *sym = syms ? syms[i] : NULL;
		const char *open = sym ? strchr(sym, '(') : NULL;
		int w;

		const char *base = sym ? strrchr(sym, '/') : NULL;

		base = base && (!open || base < open) ? base + 1 : sym;
		/*
		 * "path(fn+0x12) [0x...]": keep "fn+0x12"; for a static
		 * function, "binary(+0x12)" (addr2line -e binary 0x12 names
		 * it).
		 */
		if (open && open[1] != ')' && open[1] != '+')
			w = snprintf(buf + off, size - off, "%s%.*s",
				     i ? " < " : "",
				     (int)strcspn(open + 1, ")"), open + 1);
		else if (open && open[1] == '+')
			w = snprintf(buf + off, size - off, "%s%.*s",
				     i ? " < " : "",
				     (int)(strcspn(open, ")") + 1 +
					   (open - base)), base);
		else
			w = snprintf(buf + off, size - off, "%s%p",
				     i ? " < " : "", c->ip[i]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	free(syms);
}

/*
 * What each thread learned: physical addresses with their claims, DMA
 * addresses with their mapping handles. Most recent first; old learns fall
 * out, and an address nobody learned expects its current claim.
 */
#define SAN_LEARN_RING 64

struct san_learn_ent {
	u64 uid;		/* platform (0: empty) */
	const void *dev;	/* DMA learns: the device */
	u64 start, end;		/* [start, end) */
	u64 val;		/* claim, or handle id */
};

struct san_learns {
	unsigned int next;
	struct san_learn_ent e[SAN_LEARN_RING];
};

static __thread struct san_learns san_tls_phys, san_tls_dma;

static void san_learns_add(struct san_learns *l, u64 uid, const void *dev,
			   u64 start, u64 end, u64 val)
{
	l->e[l->next++ % SAN_LEARN_RING] =
		(struct san_learn_ent){ uid, dev, start, end, val };
}

static bool san_learns_find(struct san_learns *l, u64 uid, const void *dev,
			    u64 addr, u64 *val)
{
	unsigned int i, n = min(l->next, (unsigned int)SAN_LEARN_RING);

	for (i = 1; i <= n; i++) {
		struct san_learn_ent *e = &l->e[(l->next - i) % SAN_LEARN_RING];

		if (e->uid == uid && e->dev == dev && addr >= e->start &&
		    addr < e->end) {
			*val = e->val;
			return true;
		}
	}
	return false;
}

void san_learn(struct platform *plat, phys_addr_t pa, size_t len,
	       san_owner_t claim)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;

	if (san && len && claim != SAN_OWNER_NONE)
		san_learns_add(&san_tls_phys, san->uid, NULL, pa & PAGE_MASK,
			       pa + len, claim);
}

void san_learn_current(struct platform *plat, phys_addr_t pa, size_t len)
{
	phys_addr_t end = pa + len, run = pa & PAGE_MASK, p;
	san_owner_t claim;

	if (!len)
		return;
	/* One learn per run of pages under one claim. */
	claim = san_owner(plat, run);
	for (p = run + PAGE_SIZE; p < end; p += PAGE_SIZE) {
		san_owner_t c = san_owner(plat, p);

		if (c == claim)
			continue;
		san_learn(plat, run, p - run, claim);
		run = p;
		claim = c;
	}
	san_learn(plat, run, end - run, claim);
}

san_owner_t san_learned(struct platform *plat, phys_addr_t pa)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	u64 claim;

	if (san && san_learns_find(&san_tls_phys, san->uid, NULL, pa, &claim))
		return claim;
	return san_owner(plat, pa);
}

void san_learn_map(struct platform *plat, const void *dev,
		   const struct san_map *m)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;

	if (san && dev && m)
		san_learns_add(&san_tls_dma, san->uid, dev, m->addr,
			       m->addr + m->len, m->id);
}

u64 san_learned_map(struct platform *plat, const void *dev, dma_addr_t addr)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	u64 id;

	if (san && dev && san_learns_find(&san_tls_dma, san->uid, dev, addr,
					  &id))
		return id;
	return 0;
}

/*
 * The union of what the thread learned on one platform, sorted: rebuilt
 * when the thread learns something new, so that mapping many pages costs
 * one binary search per page run instead of a scan of every learn.
 */
struct san_learn_summary {
	u64 uid;
	unsigned int next;	/* san_learns.next it was built at */
	bool valid;
	unsigned int n;
	struct {
		u64 start, end;
	} iv[SAN_LEARN_RING];
};

static __thread struct san_learn_summary san_tls_sum;

static void san_learn_summary_get(struct dma_sanitizer *san,
				  struct san_learns *l)
{
	struct san_learn_summary *sum = &san_tls_sum;
	unsigned int i, j, n = min(l->next, (unsigned int)SAN_LEARN_RING);

	if (sum->valid && sum->uid == san->uid && sum->next == l->next)
		return;
	sum->n = 0;
	for (i = 0; i < n; i++) {
		struct san_learn_ent *e = &l->e[i];
		u64 start = e->start & PAGE_MASK, end = PAGE_ALIGN(e->end);

		if (e->uid != san->uid || e->dev || start >= end)
			continue;
		/* Insertion sort by start: at most 64 entries. */
		for (j = sum->n; j && sum->iv[j - 1].start > start; j--)
			sum->iv[j] = sum->iv[j - 1];
		sum->iv[j].start = start;
		sum->iv[j].end = end;
		sum->n++;
	}
	/* Merge overlapping or touching intervals. */
	for (i = 0, j = 0; i < sum->n; i++) {
		if (j && sum->iv[i].start <= sum->iv[j - 1].end)
			sum->iv[j - 1].end = max(sum->iv[j - 1].end,
						 sum->iv[i].end);
		else
			sum->iv[j++] = sum->iv[i];
	}
	sum->n = j;
	sum->uid = san->uid;
	sum->next = l->next;
	sum->valid = true;
}

/*
 * True if the thread learned the page at @p; else *@stop is lowered to
 * where the next learned range starts.
 */
static bool san_learn_summary_covers(phys_addr_t p, phys_addr_t *stop)
{
	struct san_learn_summary *sum = &san_tls_sum;
	unsigned int lo = 0, hi = sum->n;

	p &= PAGE_MASK;
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (sum->iv[mid].end <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == sum->n)
		return false;
	if (sum->iv[lo].start <= p)
		return true;
	*stop = min(*stop, (phys_addr_t)sum->iv[lo].start);
	return false;
}

/*
 * The current claim at @pa and in *@run the bytes from @pa on (at most
 * @len) under the same one, when they are all in one region with a
 * shadow; else *@run is 0.
 */
static san_owner_t san_current_run(struct platform *plat, phys_addr_t pa,
				   size_t len, size_t *run)
{
	struct hw_region *hr;
	struct san_shadow *sh = hw_page_shadow(plat, pa, &hr);
	phys_addr_t pg = pa & PAGE_MASK;
	size_t k, npg = (PAGE_ALIGN(pa + len) - pg) >> PAGE_SHIFT;
	san_owner_t claim;

	*run = 0;
	if (!sh || pa + len > hr->r.base + hr->r.size)
		return SAN_OWNER_NONE;
	claim = sh_owner(hr, sh);
	{
		/* The hot loop: one load per page (as san_learned_run's). */
		san_owner_t boot = hr->boot_owner, raw;

		for (k = 1; k < npg; k++) {
			raw = __atomic_load_n(&sh[k].owner, __ATOMIC_ACQUIRE);
			if ((raw ? raw : boot) != claim)
				break;
		}
	}
	*run = min((size_t)(pg + k * PAGE_SIZE - pa), len);
	return claim;
}

/*
 * Runs of learned claims, for mappings of many pages: the claim the page
 * at @pa must expect (as san_learned()) and in *@run how many bytes from
 * @pa on (at most @len, whole pages) expect the same. One scan of the
 * thread's learns per stretch between learn boundaries instead of one per
 * page; between them the current claims are read from the shadow.
 */
san_owner_t san_learned_run(struct platform *plat, phys_addr_t pa,
			    size_t len, size_t *run)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	struct san_learns *l = &san_tls_phys;
	phys_addr_t end = pa + len, p = pa, stop;
	san_owner_t claim = SAN_OWNER_NONE, c;
	bool first = true;

	if (!len) {
		*run = 0;
		return san_learned(plat, pa);
	}
	if (san) {
		san_learn_summary_get(san, l);
		stop = end;
		if (!san_learn_summary_covers(pa, &stop) && stop >= end) {
			/* Nothing learned in the range: current claims only. */
			claim = san_current_run(plat, pa, len, run);
			if (*run)
				return claim;
		}
	}
	while (p < end) {
		struct san_learn_ent *win = NULL;
		unsigned int i, n = min(l->next, (unsigned int)SAN_LEARN_RING);

		/* Most addresses were never learned: no scan for them. */
		stop = end;
		if (!san || !san_learn_summary_covers(p, &stop))
			n = 0;
		/* The most recent learn covering @p wins until a boundary. */
		for (i = 1; i <= n; i++) {
			struct san_learn_ent *e =
				&l->e[(l->next - i) % SAN_LEARN_RING];

			if (!san || e->uid != san->uid || e->dev)
				continue;
			if (e->start > p && e->start < stop)
				stop = e->start;
			if (e->end > p && e->end < stop)
				stop = e->end;
			if (!win && p >= e->start && p < e->end)
				win = e;
		}
		stop = max(PAGE_ALIGN(stop), (p & PAGE_MASK) + PAGE_SIZE);
		if (win) {
			c = win->val;
			if (first)
				claim = c;
			else if (c != claim)
				break;
			p = stop;
		} else {
			/* Nothing learned here: the current claims. */
			while (p < stop) {
				struct hw_region *hr;
				struct san_shadow *sh =
					hw_page_shadow(plat, p, &hr);
				phys_addr_t rstop;

				if (!sh) {
					c = SAN_OWNER_NONE;
					if (!first && c != claim)
						goto out;
					claim = c;
					first = false;
					p = (p & PAGE_MASK) + PAGE_SIZE;
					continue;
				}
				rstop = min(stop, hr->r.base + hr->r.size);
				if (first) {
					claim = sh_owner(hr, sh);
					first = false;
				}
				/* The hot loop: one load per page. */
				{
					phys_addr_t pg = p & PAGE_MASK;
					size_t k, npg = (PAGE_ALIGN(rstop) -
							 pg) >> PAGE_SHIFT;
					san_owner_t boot = hr->boot_owner;

					for (k = 0; k < npg; k++) {
						san_owner_t raw =
							__atomic_load_n(
								&sh[k].owner,
								__ATOMIC_ACQUIRE);

						if ((raw ? raw : boot) != claim)
							break;
					}
					p = max(p, pg + k * PAGE_SIZE);
					if (k < npg)
						goto out;
				}
			}
		}
		first = false;
	}
out:
	*run = min((size_t)(p - pa), len);
	return claim;
}

/* Mapping handles. */

static const char *const san_map_kinds[] = {
	[SAN_MAP_DIRECT] = "direct address",
	[SAN_MAP_P2P] = "p2p bus address",
	[SAN_MAP_IOVA] = "iommu iova",
	[SAN_MAP_SGT] = "scatterlist iommu iova",
	[SAN_MAP_IOVA_STATE] = "iova state",
};

static struct san_map *san_map_alloc(struct platform *plat,
				     enum san_map_kind kind, const void *dev,
				     const char *dev_name, dma_addr_t addr,
				     size_t len)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	struct san_map *m;

	if (!len || addr + len - 1 < addr)
		return NULL;
	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return NULL;
	m->id = san_alloc_id();
	m->kind = kind;
	strncpy(m->dev, dev_name ? dev_name : "?", sizeof(m->dev) - 1);
	m->addr = addr;
	m->len = len;
	m->refs = 1;
	m->ext = &m->ext0;
	m->max_ext = 1;
	spin_lock_init(&m->lock);
	if (san && __atomic_load_n(&san->enabled, __ATOMIC_RELAXED))
		san_chain_capture(&m->mapped);
	if (san)
		san_learns_add(&san_tls_dma, san->uid, dev, addr, addr + len,
			       m->id);
	return m;
}

/* m->lock held: room for one more extent. */
static int san_map_grow(struct san_map *m)
{
	struct san_map_ext *e;
	unsigned int max = m->max_ext * 2;

	if (m->nr_ext < m->max_ext)
		return 0;
	if (m->ext == &m->ext0) {
		e = kmalloc_array(max, sizeof(*e), GFP_ATOMIC);
		if (e)
			e[0] = m->ext0;
	} else {
		e = krealloc(m->ext, max * sizeof(*e), GFP_ATOMIC);
	}
	if (!e)
		return -ENOMEM;
	m->ext = e;
	m->max_ext = max;
	return 0;
}

/* m->lock held: index of the first extent ending after @addr. */
static unsigned int san_map_first_after(const struct san_map *m,
					dma_addr_t addr)
{
	unsigned int lo = 0, hi = m->nr_ext;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		const struct san_map_ext *e = &m->ext[mid];

		if (e->addr + e->len <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* m->lock held: insert one extent, merging with its neighbours. */
static int san_map_insert(struct san_map *m, const struct san_map_ext *x)
{
	const struct san_map_ext *last = m->nr_ext ? &m->ext[m->nr_ext - 1] :
						      NULL;
	/* Links are normally appends: no search for them. */
	unsigned int i = !last || last->addr + last->len <= x->addr ?
				 m->nr_ext :
				 san_map_first_after(m, x->addr);
	struct san_map_ext *prev = i ? &m->ext[i - 1] : NULL;

	if (i < m->nr_ext && m->ext[i].addr < x->addr + x->len)
		return -EEXIST;
	if (prev && prev->addr + prev->len == x->addr &&
	    prev->phys + prev->len == x->phys && prev->claim == x->claim) {
		prev->len += x->len;
		return 0;
	}
	if (san_map_grow(m))
		return -ENOMEM;
	memmove(&m->ext[i + 1], &m->ext[i],
		(m->nr_ext - i) * sizeof(m->ext[0]));
	m->ext[i] = *x;
	if (!m->nr_ext++ && !m->phys && !m->claim) {
		m->phys = x->phys;
		m->claim = x->claim;
	}
	return 0;
}

/* m->lock held: the extents of [addr, addr + len) -> phys, as learned. */
static int san_map_add_locked(struct platform *plat, struct san_map *m,
			      dma_addr_t addr, phys_addr_t phys, size_t len)
{
	struct san_map_ext x;
	size_t done = 0, run;
	int ret;

	/* One extent per run of pages learned under one claim. */
	while (done < len) {
		x.claim = san_learned_run(plat, phys + done, len - done, &run);
		x.addr = addr + done;
		x.phys = phys + done;
		x.len = run ? run : len - done;
		ret = san_map_insert(m, &x);
		if (ret)
			return ret;
		done += x.len;
	}
	return 0;
}

struct san_map *san_map_create(struct platform *plat, enum san_map_kind kind,
			       const void *dev, const char *dev_name,
			       dma_addr_t addr, phys_addr_t phys, size_t len)
{
	struct san_map *m;

	if (!len || phys + len - 1 < phys)
		return NULL;
	m = san_map_alloc(plat, kind, dev, dev_name, addr, len);
	if (m && san_map_add_locked(plat, m, addr, phys, len)) {
		san_map_put(m);
		return NULL;
	}
	return m;
}

struct san_map *san_map_create_range(struct platform *plat,
				     enum san_map_kind kind, const void *dev,
				     const char *dev_name, dma_addr_t addr,
				     size_t len)
{
	return san_map_alloc(plat, kind, dev, dev_name, addr, len);
}

/* The checks san_map_add() makes of a new extent. */
static bool san_map_ext_fits(const struct san_map *m, dma_addr_t addr,
			     phys_addr_t phys, size_t len)
{
	return m && len && addr >= m->addr && addr - m->addr <= m->len &&
	       len <= m->len - (addr - m->addr) && phys + len - 1 >= phys;
}

int san_map_add(struct platform *plat, struct san_map *m, dma_addr_t addr,
		phys_addr_t phys, size_t len)
{
	int ret;

	if (!san_map_ext_fits(m, addr, phys, len))
		return -EINVAL;
	spin_lock(&m->lock);
	ret = san_map_add_locked(plat, m, addr, phys, len);
	spin_unlock(&m->lock);
	return ret;
}

int __san_map_add_claim(struct san_map *m, dma_addr_t addr, phys_addr_t phys,
			size_t len, san_owner_t claim)
{
	struct san_map_ext x = {
		.addr = addr, .phys = phys, .len = len, .claim = claim
	};

	if (!san_map_ext_fits(m, addr, phys, len))
		return -EINVAL;
	return san_map_insert(m, &x);
}

int san_map_add_claim(struct san_map *m, dma_addr_t addr, phys_addr_t phys,
		      size_t len, san_owner_t claim)
{
	int ret;

	if (!m)
		return -EINVAL;
	spin_lock(&m->lock);
	ret = __san_map_add_claim(m, addr, phys, len, claim);
	spin_unlock(&m->lock);
	return ret;
}

void san_map_remove(struct san_map *m, dma_addr_t addr, size_t len)
{
	dma_addr_t end = addr + len;
	struct san_chain c;
	unsigned int i, j;

	if (!m || !len)
		return;
	san_chain_capture(&c);
	spin_lock(&m->lock);
	i = san_map_first_after(m, addr);
	if (i < m->nr_ext && m->ext[i].addr < addr &&
	    m->ext[i].addr + m->ext[i].len > end) {
		/* A hole in the middle of one extent: split it in two. */
		struct san_map_ext *e = &m->ext[i], tail = *e;

		tail.phys += end - e->addr;
		tail.addr = end;
		tail.len -= end - e->addr;
		e->len = addr - e->addr;
		if (!san_map_grow(m)) {
			memmove(&m->ext[i + 2], &m->ext[i + 1],
				(m->nr_ext - i - 1) * sizeof(m->ext[0]));
			m->ext[i + 1] = tail;
			m->nr_ext++;
		}
		goto out;
	}
	if (i < m->nr_ext && m->ext[i].addr < addr) {
		m->ext[i].len = addr - m->ext[i].addr;
		i++;
	}
	/* Extents wholly inside go in one move. */
	for (j = i; j < m->nr_ext && m->ext[j].addr + m->ext[j].len <= end;
	     j++)
		;
	if (j < m->nr_ext && m->ext[j].addr < end) {
		struct san_map_ext *e = &m->ext[j];

		e->phys += end - e->addr;
		e->len -= end - e->addr;
		e->addr = end;
	}
	memmove(&m->ext[i], &m->ext[j], (m->nr_ext - j) * sizeof(m->ext[0]));
	m->nr_ext -= j - i;
out:
	m->unmapped_at = c;
	__atomic_add_fetch(&m->gen, 1, __ATOMIC_RELEASE);
	spin_unlock(&m->lock);
}

bool san_map_find(struct san_map *m, dma_addr_t addr, struct san_map_ext *e)
{
	unsigned int i;
	bool found = false;

	spin_lock(&m->lock);
	i = san_map_first_after(m, addr);
	if (i < m->nr_ext && m->ext[i].addr <= addr) {
		*e = m->ext[i];
		e->phys += addr - e->addr;
		e->len -= addr - e->addr;
		e->addr = addr;
		found = true;
	}
	spin_unlock(&m->lock);
	return found;
}

void san_map_unmap(struct san_map *m)
{
	struct san_chain c;

	if (!m)
		return;
	san_chain_capture(&c);
	spin_lock(&m->lock);
	m->unmapped_at = c;
	m->nr_ext = 0;
	__atomic_add_fetch(&m->gen, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&m->unmapped, true, __ATOMIC_RELEASE);
	spin_unlock(&m->lock);
}

struct san_map *san_map_get(struct san_map *m)
{
	if (m)
		__atomic_fetch_add(&m->refs, 1, __ATOMIC_RELAXED);
	return m;
}

void san_map_put(struct san_map *m)
{
	if (m && __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		if (m->ext != &m->ext0)
			kfree(m->ext);
		spin_lock_destroy(&m->lock);
		kfree(m);
	}
}

void san_map_describe(struct platform *plat, const struct san_map *m,
		      char *buf, size_t size)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	char mapped[512], unmapped[512] = "", pieces[48] = "";
	struct san_chain uc;
	phys_addr_t phys;
	san_owner_t claim;
	unsigned int n;
	int off;

	spin_lock((spinlock_t *)&m->lock);
	phys = m->phys;
	claim = m->claim;
	n = m->nr_ext;
	uc = m->unmapped_at;
	spin_unlock((spinlock_t *)&m->lock);
	san_chain_format(&m->mapped, mapped, sizeof(mapped));
	if (uc.n)
		san_chain_format(&uc, unmapped, sizeof(unmapped));
	if (san_map_kind_iova(m->kind) && m->kind != SAN_MAP_IOVA)
		snprintf(pieces, sizeof(pieces), ", %u extent%s mapped", n,
			 n == 1 ? "" : "s");
	off = snprintf(buf, size, "mapping #%llu (%s %#llx+%#zx -> phys %#llx "
		       "for %s, claim %llu (%s)%s) mapped at: %s",
		       (unsigned long long)m->id, san_map_kinds[m->kind],
		       (unsigned long long)m->addr, m->len,
		       (unsigned long long)phys, m->dev,
		       (unsigned long long)claim,
		       san ? san_owner_desc(san, claim) : "-", pieces, mapped);
	if (unmapped[0] && off >= 0 && (size_t)off < size)
		snprintf(buf + off, size - off, "; unmapped at: %s", unmapped);
}

/* The mapping side of a report: the handle, who mapped and unmapped it. */
static void san_map_print(struct dma_sanitizer *san, const struct san_map *m)
{
	printk("\nThe address belongs to mapping #%llu (%s %#llx+%#zx -> "
	       "phys %#llx for %s, claim %llu (%s))\n",
	       (unsigned long long)m->id, san_map_kinds[m->kind],
	       (unsigned long long)m->addr, m->len,
	       (unsigned long long)m->phys, m->dev,
	       (unsigned long long)m->claim,
	       san ? san_owner_desc(san, m->claim) : "-");
	printk("\nMapped by:\n");
	san_print_chain(&m->mapped);
	if (__atomic_load_n(&m->unmapped, __ATOMIC_ACQUIRE)) {
		printk("\nUnmapped by:\n");
		san_print_chain(&m->unmapped_at);
	}
}

bool san_map_check(struct platform *plat, const struct san_map *m,
		   const struct san_map_ext *e, size_t len,
		   const char *accessor)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	char map[1024], page[1024], line[1600], msg[4096];
	struct san_chain evc;
	struct san_shadow *sh;
	struct hw_region *hr;
	phys_addr_t bad;
	int ev = -1;

	if (!san || !__atomic_load_n(&san->enabled, __ATOMIC_RELAXED) || !len)
		return true;
	bad = san_find_bad(plat, e->phys, min(len, e->len), e->claim, &sh,
			   &hr);
	if (bad == ~(phys_addr_t)0)
		return true;
	san_map_describe(plat, m, map, sizeof(map));
	evc.n = 0;
	if (sh) {
		ev = san_describe_page(san, bad, sh, hr, e->claim, page,
				       sizeof(page), &evc);
		san_page_line(line, sizeof(line), page, &evc);
	} else {
		snprintf(page, sizeof(page), "no memory at phys %#llx",
			 (unsigned long long)bad);
		snprintf(line, sizeof(line), "%s", page);
	}
	snprintf(msg, sizeof(msg), "%s through %s: %s", accessor, map, line);
	san_emit(san, &(struct san_finding){ .ev = ev, .access = accessor,
					     .m = m, .page = sh ? page : NULL,
					     .now = sh ? NULL : page,
					     .event = evc.n ? &evc : NULL },
		 msg);
	return false;
}

bool san_range_unbacked(struct platform *plat, phys_addr_t pa, size_t len)
{
	phys_addr_t p = pa & PAGE_MASK, end = pa + len;

	while (p < end) {
		struct hw_region *hr;
		struct san_shadow *sh = hw_page_shadow(plat, p, &hr);
		phys_addr_t stop;

		if (!sh) {
			p += PAGE_SIZE;
			continue;
		}
		/* RAM is never unbacked: skip the rest of its region. */
		stop = min(end, hr->r.base + hr->r.size);
		if (hr->r.kind != PHYS_BAR) {
			p = stop;
			continue;
		}
		for (; p < stop; p += PAGE_SIZE, sh++) {
			san_owner_t raw = __atomic_load_n(&sh->owner,
							  __ATOMIC_ACQUIRE);
			u32 ev = sh_event(hr, sh, raw);

			if (ev == SAN_EV_BAR_DISABLE ||
			    ev == SAN_EV_DEVICE_REMOVED)
				return true;
		}
	}
	return false;
}

void san_report_unmapped_use(struct platform *plat, const struct san_map *m,
			     const char *accessor, const char *now)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	char map[1024], msg[2600];

	if (!san || !__atomic_load_n(&san->enabled, __ATOMIC_RELAXED))
		return;
	san_map_describe(plat, m, map, sizeof(map));
	snprintf(msg, sizeof(msg), "%s: use after unmap of %s; now %s",
		 accessor, map, now);
	san_emit(san, &(struct san_finding){ .ev = SAN_EV_UNMAP,
					     .access = accessor, .m = m,
					     .now = now },
		 msg);
}

static void san_copy_done(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct san_copy *c = container_of(cb, struct san_copy, cb);
	struct dma_sanitizer *san = c->plat->san;

	san_set_owner(c->plat, c->pa, c->len, c->landing, SAN_EV_COPY_DONE,
		      "a move's copy fence signaled");
	spin_lock(&san->copies_lock);
	list_del(&c->node);
	spin_unlock(&san->copies_lock);
	dma_fence_put(c->fence);
	kfree(c);
}

san_owner_t san_copy_begin(struct platform *plat, phys_addr_t pa, size_t len,
			   const char *why)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	san_owner_t claim = san_new_owner(plat, why);
	struct san_copy *c;

	san_set_owner(plat, pa, len, claim, SAN_EV_MOVE_COPY, why);
	c = san ? kzalloc(sizeof(*c), GFP_KERNEL) : NULL;
	if (!c)
		return claim;	/* untracked: it stays the copy's */
	c->plat = plat;
	c->claim = claim;
	c->pa = pa;
	c->len = len;
	spin_lock(&san->copies_lock);
	list_add(&c->node, &san->copies);
	spin_unlock(&san->copies_lock);
	return claim;
}

void san_copy_hand_over(struct platform *plat, san_owner_t claim,
			struct dma_fence *fence, san_owner_t landing)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	struct san_copy *c, *found = NULL;

	if (!san)
		return;
	spin_lock(&san->copies_lock);
	list_for_each_entry(c, &san->copies, node) {
		if (c->claim == claim && !c->fence) {
			found = c;
			c->landing = landing;
			c->fence = dma_fence_get(fence);
			break;
		}
	}
	spin_unlock(&san->copies_lock);
	if (found && dma_fence_add_callback(fence, &found->cb, san_copy_done))
		san_copy_done(fence, &found->cb);
}

void san_copy_abort(struct platform *plat, san_owner_t claim)
{
	struct dma_sanitizer *san = plat ? plat->san : NULL;
	struct san_copy *c, *found = NULL;

	if (!san)
		return;
	spin_lock(&san->copies_lock);
	list_for_each_entry(c, &san->copies, node) {
		if (c->claim == claim && !c->fence) {
			found = c;
			list_del(&c->node);
			break;
		}
	}
	spin_unlock(&san->copies_lock);
	kfree(found);
}
