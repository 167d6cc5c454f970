/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct dma_resv: a buffer's reservation object. A Wait-Die ww_mutex
 * serialises writers; the fences live in an RCU-published list so readers
 * can look without the lock. Each fence carries a usage, and a query at
 * usage U returns every fence whose usage is <= U.
 */
#ifndef DMABRIDGE_DMA_RESV_H
#define DMABRIDGE_DMA_RESV_H

#include <stdio.h>
#include <dmabridge/ww_mutex.h>
#include <dmabridge/dma-fence.h>

extern struct ww_class reservation_ww_class;

struct dma_resv_list;

enum dma_resv_usage {
	DMA_RESV_USAGE_KERNEL,	/* memory management: moves, clears */
	DMA_RESV_USAGE_WRITE,	/* implicit-sync writers */
	DMA_RESV_USAGE_READ,	/* implicit-sync readers */
	DMA_RESV_USAGE_BOOKKEEP, /* explicitly synced work, bookkeeping */
};

/* Implicit sync: a writer waits for readers, a reader for writers. */
static inline enum dma_resv_usage dma_resv_usage_rw(bool write)
{
	return write ? DMA_RESV_USAGE_READ : DMA_RESV_USAGE_WRITE;
}

struct dma_resv {
	struct ww_mutex lock;
	struct dma_resv_list *fences;	/* RCU */
};

/* Iterator over the fences of a dma_resv, locked or not. */
struct dma_resv_iter {
	struct dma_resv *obj;
	enum dma_resv_usage usage;
	struct dma_fence *fence;
	enum dma_resv_usage fence_usage;
	unsigned int index;
	struct dma_resv_list *fences;
	unsigned int num_fences;
	bool is_restarted;
};

struct dma_fence *dma_resv_iter_first_unlocked(struct dma_resv_iter *cursor);
struct dma_fence *dma_resv_iter_next_unlocked(struct dma_resv_iter *cursor);
struct dma_fence *dma_resv_iter_first(struct dma_resv_iter *cursor);
struct dma_fence *dma_resv_iter_next(struct dma_resv_iter *cursor);

static inline void dma_resv_iter_begin(struct dma_resv_iter *cursor,
				       struct dma_resv *obj,
				       enum dma_resv_usage usage)
{
	cursor->obj = obj;
	cursor->usage = usage;
	cursor->fence = NULL;
}

static inline void dma_resv_iter_end(struct dma_resv_iter *cursor)
{
	dma_fence_put(cursor->fence);
}

static inline enum dma_resv_usage
dma_resv_iter_usage(struct dma_resv_iter *cursor)
{
	return cursor->fence_usage;
}

/*
 * True when the unlocked iteration started over because the list changed
 * under it: whatever the caller gathered so far must be thrown away.
 */
static inline bool dma_resv_iter_is_restarted(struct dma_resv_iter *cursor)
{
	return cursor->is_restarted;
}

/*
 * Unlocked: each fence is held (a reference) until the next step, and
 * signaled fences are skipped. Check dma_resv_iter_is_restarted().
 */
#define dma_resv_for_each_fence_unlocked(cursor, fence)                    \
	for (fence = dma_resv_iter_first_unlocked(cursor); fence;          \
	     fence = dma_resv_iter_next_unlocked(cursor))

/* Locked: every fence of usage <= @usage, signaled or not, borrowed. */
#define dma_resv_for_each_fence(cursor, obj, usage, fence)                 \
	for (dma_resv_iter_begin(cursor, obj, usage),                      \
	     fence = dma_resv_iter_first(cursor); fence;                   \
	     fence = dma_resv_iter_next(cursor))

#define dma_resv_held(obj) lock_is_held(&(obj)->lock.base.dep_map)
#define dma_resv_assert_held(obj) lockdep_assert_held(&(obj)->lock.base)

void dma_resv_init(struct dma_resv *obj);
void dma_resv_fini(struct dma_resv *obj);

static inline int dma_resv_lock(struct dma_resv *obj,
				struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock(&obj->lock, ctx);
}

static inline int dma_resv_lock_interruptible(struct dma_resv *obj,
					      struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock_interruptible(&obj->lock, ctx);
}

static inline void dma_resv_lock_slow(struct dma_resv *obj,
				      struct ww_acquire_ctx *ctx)
{
	ww_mutex_lock_slow(&obj->lock, ctx);
}

static inline int dma_resv_lock_slow_interruptible(struct dma_resv *obj,
						   struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock_slow_interruptible(&obj->lock, ctx);
}

/* true if taken. */
static inline bool __must_check dma_resv_trylock(struct dma_resv *obj)
{
	return ww_mutex_trylock(&obj->lock, NULL);
}

static inline bool dma_resv_is_locked(struct dma_resv *obj)
{
	return ww_mutex_is_locked(&obj->lock);
}

/* The acquire context of the holder (only meaningful to the holder). */
static inline struct ww_acquire_ctx *dma_resv_locking_ctx(struct dma_resv *obj)
{
	return READ_ONCE(obj->lock.ctx);
}

void dma_resv_unlock(struct dma_resv *obj);

int dma_resv_reserve_fences(struct dma_resv *obj, unsigned int num_fences);
void dma_resv_add_fence(struct dma_resv *obj, struct dma_fence *fence,
			enum dma_resv_usage usage);
void dma_resv_replace_fences(struct dma_resv *obj, u64 context,
			     struct dma_fence *fence,
			     enum dma_resv_usage usage);
int dma_resv_get_fences(struct dma_resv *obj, enum dma_resv_usage usage,
			unsigned int *num_fences, struct dma_fence ***fences);
int dma_resv_get_singleton(struct dma_resv *obj, enum dma_resv_usage usage,
			   struct dma_fence **fence);
int dma_resv_copy_fences(struct dma_resv *dst, struct dma_resv *src);
long dma_resv_wait_timeout(struct dma_resv *obj, enum dma_resv_usage usage,
			   bool intr, unsigned long timeout);
void dma_resv_set_deadline(struct dma_resv *obj, enum dma_resv_usage usage,
			   ktime_t deadline);
bool dma_resv_test_signaled(struct dma_resv *obj, enum dma_resv_usage usage);
/* With the lock held: one line per fence, like debugfs bufinfo. */
void dma_resv_describe(struct dma_resv *obj, FILE *seq);

/*
 * Teach the lock checker the order: resv lock, then waiting for fences
 * (fence signalling code must never take a resv lock). Runs once at the
 * first dma_resv_init; call again after lockdep_reset().
 */
void dma_resv_lockdep(void);

#endif
