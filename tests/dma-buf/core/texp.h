/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test exporters and importers for tests/dmabuf: a host-memory exporter
 * that can be dynamic (pin/unpin), move, revoke, refuse importers, and
 * offer P2P ranges; plus a plain fence and an importer that records
 * invalidations.
 */
#ifndef TEXP_H
#define TEXP_H

#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/device.h>
#include <dmabridge/slab.h>

/* Iterations for stress loops: smaller under ThreadSanitizer. */
#define TSTRESS(n) (DMB_TSAN ? (n) / 10 : (n))

struct texp_fence {
	struct dma_fence base;	/* first: dma_fence_free frees from here */
	spinlock_t lock;
	atomic_t waiters;	/* texp_fence_waited(): waits begun on it */
};

struct dma_fence *texp_fence(void);
/*
 * A fence that records each waiter (its enable_signaling op counts), so a
 * test can tell "somebody blocked on it" without timing.
 */
struct dma_fence *texp_fence_waited(void);
int texp_fence_waiters(struct dma_fence *f);

/*
 * A fence that records each waiter that blocks on it (its ops->wait,
 * called by dma_fence_wait*()) in *@waiters and then signals itself, so
 * a test proves a wait happened without racing a timer or a thread.
 */
struct dma_fence *texp_waited_fence(atomic_t *waiters);

enum texp_flags {
	TEXP_DYNAMIC = 1 << 0,		/* pin/unpin: may move */
	TEXP_REVOCABLE_ONLY = 1 << 1,	/* attach refuses !revocable */
	TEXP_P2P = 1 << 2,		/* ranges carry a provider */
	TEXP_NO_SGT = 1 << 3,		/* no map_dma_buf */
	TEXP_REFUSE_ATTACH = 1 << 4,	/* attach returns -EPERM */
	TEXP_VMAP = 1 << 5,		/* vmap/vunmap */
	TEXP_WC = 1 << 6,		/* CPU mappings write-combined */
	TEXP_SGT_ONLY = 1 << 7,		/* offers SGT only */
};

struct texp {
	struct dma_buf *dmabuf;
	size_t size;
	unsigned int flags;
	u8 *backing;			/* under resv: swapped by moves */
	phys_addr_t pa;			/* a made-up physical base (no hw) */
	atomic_t pins, unpins, maps, unmaps, attaches, detaches;
	atomic_t begin_cpu, end_cpu, vmaps, vunmaps;
	atomic_t *released;		/* counter that outlives the buffer */
};

/* A new exporter and buffer of @size, or NULL. */
struct texp *texp_create(size_t size, unsigned int flags, atomic_t *released);
/* Export an existing texp again is not supported: one buffer each. */

/* Move to fresh backing: lock, dma_buf_move_locked, copy, swap, unlock. */
int texp_move(struct texp *t);
/* Revoke: the full sequence, including waiting for unmaps. */
void texp_revoke(struct texp *t);
void texp_restore(struct texp *t);

/* An importer that counts invalidations and unmaps what it has mapped. */
struct timp {
	struct dma_buf_attachment *attach;
	struct device dev;
	struct sg_table *sgt;		/* under resv */
	struct dma_buf_phys_list *pal;	/* under resv */
	atomic_t invalidated;
	bool unmap_on_invalidate;
	unsigned long magic;		/* cleared on detach */
};

#define TIMP_MAGIC 0x1e7e57ul

extern const struct dma_buf_attach_ops timp_ops;	/* revocable */
extern const struct dma_buf_attach_ops timp_ops_p2p;	/* + peer2peer */
extern const struct dma_buf_attach_ops timp_ops_norevoke; /* no callback */

void timp_init(struct timp *imp, const char *name);

/*
 * A page-backed exporter for tests with real DMA and CPU mappings: two
 * sets of RAM pages; the buffer lives in one, claimed for the sanitizer
 * under dmabuf->san_owner. Every placement is a new claim: a move claims
 * the other set for its copy (SAN_EV_MOVE_COPY) and, when the copy's
 * fence signals, for the buffer under a new dmabuf->san_owner
 * (SAN_EV_COPY_DONE); the old set gets a new owner (SAN_EV_MOVE), so
 * moving twice goes back and forth without ever reusing a claim. A revoke
 * gives the pages a new owner (SAN_EV_REVOKE); they stay allocated, so
 * tests can check nobody writes them ("the new owner's memory"); restore
 * makes a new claim again. Dynamic (pin/unpin), offers PAL (and so DMA_VEC and
 * SGT built by the core), mmap through dma_buf_vm_fault.
 */
enum pexp_flags {
	PEXP_REVOCABLE_ONLY = 1 << 0,	/* attach refuses !revocable */
	PEXP_WC = 1 << 1,		/* CPU mappings write-combined */
	/* Bugs, for tests that prove the sanitizer or a protection: */
	PEXP_STALE_FAULT = 1 << 2,	/* fault_pfn uses a PFN from creation */
};

struct pexp {
	struct dma_buf *dmabuf;
	struct platform *plat;
	size_t size;
	unsigned long nr;
	unsigned int flags;
	struct page **set[2];
	int cur;			/* under resv: set[cur] backs it */
	san_owner_t gone_owner;		/* last owner given to old pages */
	atomic_t faults, moves, pins;
};

/* Pages of the current set are filled with @fill. NULL on failure. */
struct pexp *pexp_create(size_t size, unsigned int flags, u8 fill);
/*
 * Move to the other set. With @pending, the copy's fence is left
 * unsignaled and returned (the caller signals and puts it); the data is
 * already copied. 0 or -EBUSY (pinned), -ENOMEM.
 */
int pexp_move(struct pexp *p, struct dma_fence **pending);
/* The same with the caller's copy fence, left for the caller to signal. */
int pexp_move_fence(struct pexp *p, struct dma_fence *fence);
void pexp_revoke(struct pexp *p);
void pexp_restore(struct pexp *p);
/* Host pointer to page @i of the current (or @set) page set. */
u8 *pexp_page(struct pexp *p, int set, unsigned long i);
/* Physical address of page @i of page set @set. */
phys_addr_t pexp_phys(struct pexp *p, int set, unsigned long i);

#endif
