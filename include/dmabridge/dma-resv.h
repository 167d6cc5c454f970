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

/**
 * enum dma_resv_usage - what a fence in a reservation object is for
 * @DMA_RESV_USAGE_KERNEL: memory management: moves, clears
 * @DMA_RESV_USAGE_WRITE: implicit-sync writers
 * @DMA_RESV_USAGE_READ: implicit-sync readers
 * @DMA_RESV_USAGE_BOOKKEEP: explicitly synced work, bookkeeping
 *
 * A query at usage U returns every fence whose usage is <= U.
 */
enum dma_resv_usage {
	DMA_RESV_USAGE_KERNEL,	/* memory management: moves, clears */
	DMA_RESV_USAGE_WRITE,	/* implicit-sync writers */
	DMA_RESV_USAGE_READ,	/* implicit-sync readers */
	DMA_RESV_USAGE_BOOKKEEP, /* explicitly synced work, bookkeeping */
};

/**
 * dma_resv_usage_rw() - the usage implicit sync waits for
 * @write: the caller is about to write
 *
 * A writer waits for readers (and so writers), a reader for writers.
 *
 * Context: any context.
 * Return: DMA_RESV_USAGE_READ for a writer, DMA_RESV_USAGE_WRITE for a
 * reader.
 */
static inline enum dma_resv_usage dma_resv_usage_rw(bool write)
{
	return write ? DMA_RESV_USAGE_READ : DMA_RESV_USAGE_WRITE;
}

/**
 * struct dma_resv - a buffer's reservation object
 * @lock: a Wait-Die ww_mutex of reservation_ww_class; serialises writers
 * @fences: the fences, an RCU-published list readers look at unlocked
 */
struct dma_resv {
	struct ww_mutex lock;
	struct dma_resv_list *fences;	/* RCU */
};

/**
 * struct dma_resv_iter - iterator over the fences of a dma_resv
 * @obj: the object
 * @usage: fences of usage <= this are returned
 * @fence: the current fence (a reference when unlocked)
 * @fence_usage: its usage
 * @index: position in @fences
 * @fences: the list being walked
 * @num_fences: entries in @fences when the walk started
 * @is_restarted: the unlocked walk started over
 */
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

/**
 * dma_resv_iter_first_unlocked() - first unsignaled fence, without the lock
 * @cursor: from dma_resv_iter_begin()
 *
 * Context: any context; takes the RCU read lock internally.
 * Return: the fence (held until the next step), or NULL.
 */
struct dma_fence *dma_resv_iter_first_unlocked(struct dma_resv_iter *cursor);
/**
 * dma_resv_iter_next_unlocked() - next unsignaled fence, without the lock
 * @cursor: the iterator
 *
 * Starts over (dma_resv_iter_is_restarted()) if the list changed.
 *
 * Context: any context.
 * Return: the fence, or NULL at the end.
 */
struct dma_fence *dma_resv_iter_next_unlocked(struct dma_resv_iter *cursor);
/**
 * dma_resv_iter_first() - first fence, with the lock held
 * @cursor: from dma_resv_iter_begin()
 *
 * Context: resv held.
 * Return: the fence (borrowed: no reference), or NULL.
 */
struct dma_fence *dma_resv_iter_first(struct dma_resv_iter *cursor);
/**
 * dma_resv_iter_next() - next fence, with the lock held
 * @cursor: the iterator
 *
 * Context: resv held.
 * Return: the fence (borrowed), or NULL at the end.
 */
struct dma_fence *dma_resv_iter_next(struct dma_resv_iter *cursor);

/**
 * dma_resv_iter_begin() - start an iteration
 * @cursor: the iterator
 * @obj: the object
 * @usage: fences of usage <= @usage are returned
 *
 * Context: any context.
 */
static inline void dma_resv_iter_begin(struct dma_resv_iter *cursor,
				       struct dma_resv *obj,
				       enum dma_resv_usage usage)
{
	cursor->obj = obj;
	cursor->usage = usage;
	cursor->fence = NULL;
}

/**
 * dma_resv_iter_end() - end an iteration (drops the fence it holds)
 * @cursor: the iterator
 *
 * Context: any context.
 */
static inline void dma_resv_iter_end(struct dma_resv_iter *cursor)
{
	dma_fence_put(cursor->fence);
}

/**
 * dma_resv_iter_usage() - the usage of the current fence
 * @cursor: the iterator
 *
 * Context: any context.
 * Return: its usage.
 */
static inline enum dma_resv_usage
dma_resv_iter_usage(struct dma_resv_iter *cursor)
{
	return cursor->fence_usage;
}

/**
 * dma_resv_iter_is_restarted() - did the unlocked walk start over?
 * @cursor: the iterator
 *
 * When the list changed under it, whatever the caller gathered so far
 * must be thrown away.
 *
 * Context: any context.
 * Return: true if it restarted at this step.
 */
static inline bool dma_resv_iter_is_restarted(struct dma_resv_iter *cursor)
{
	return cursor->is_restarted;
}

/**
 * dma_resv_for_each_fence_unlocked - walk the unsignaled fences, unlocked
 * @cursor: the iterator, from dma_resv_iter_begin()
 * @fence: the current fence
 *
 * Each fence is held (a reference) until the next step; signaled ones are
 * skipped. Check dma_resv_iter_is_restarted().
 */
#define dma_resv_for_each_fence_unlocked(cursor, fence)                    \
	for (fence = dma_resv_iter_first_unlocked(cursor); fence;          \
	     fence = dma_resv_iter_next_unlocked(cursor))

/**
 * dma_resv_for_each_fence - walk every fence with the lock held
 * @cursor: the iterator
 * @obj: the object
 * @usage: fences of usage <= @usage
 * @fence: the current fence (borrowed)
 *
 * Signaled or not.
 */
#define dma_resv_for_each_fence(cursor, obj, usage, fence)                 \
	for (dma_resv_iter_begin(cursor, obj, usage),                      \
	     fence = dma_resv_iter_first(cursor); fence;                   \
	     fence = dma_resv_iter_next(cursor))

#define dma_resv_held(obj) lock_is_held(&(obj)->lock.base.dep_map)
#define dma_resv_assert_held(obj) lockdep_assert_held(&(obj)->lock.base)

/**
 * dma_resv_init() - initialise a reservation object
 * @obj: the object
 *
 * Context: any context.
 */
void dma_resv_init(struct dma_resv *obj);
/**
 * dma_resv_fini() - drop every fence and destroy the lock
 * @obj: the object
 *
 * Context: nobody may use @obj any more.
 */
void dma_resv_fini(struct dma_resv *obj);

/**
 * dma_resv_lock() - lock a reservation object
 * @obj: the object
 * @ctx: the acquire context, or NULL for a single lock
 *
 * Context: process context; may sleep.
 * Return: 0; with @ctx, -EDEADLK (back off: unlock all, then
 * dma_resv_lock_slow()) or -EALREADY (this context holds it already).
 */
static inline int dma_resv_lock(struct dma_resv *obj,
				struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock(&obj->lock, ctx);
}

/**
 * dma_resv_lock_interruptible() - dma_resv_lock(), interruptible
 * @obj: the object
 * @ctx: the acquire context, or NULL
 *
 * Context: process context; may sleep.
 * Return: as dma_resv_lock(), or -EINTR if a signal cut the wait.
 */
static inline int dma_resv_lock_interruptible(struct dma_resv *obj,
					      struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock_interruptible(&obj->lock, ctx);
}

/**
 * dma_resv_lock_slow() - take the contended lock after -EDEADLK
 * @obj: the object
 * @ctx: the acquire context that backed off (holding no lock)
 *
 * Context: process context; may sleep.
 */
static inline void dma_resv_lock_slow(struct dma_resv *obj,
				      struct ww_acquire_ctx *ctx)
{
	ww_mutex_lock_slow(&obj->lock, ctx);
}

/**
 * dma_resv_lock_slow_interruptible() - dma_resv_lock_slow(), interruptible
 * @obj: the object
 * @ctx: the acquire context
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINTR if a signal cut the wait.
 */
static inline int dma_resv_lock_slow_interruptible(struct dma_resv *obj,
						   struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock_slow_interruptible(&obj->lock, ctx);
}

/**
 * dma_resv_trylock() - lock without waiting
 * @obj: the object
 *
 * Context: any context.
 * Return: true if taken.
 */
static inline bool __must_check dma_resv_trylock(struct dma_resv *obj)
{
	return ww_mutex_trylock(&obj->lock, NULL);
}

/**
 * dma_resv_is_locked() - is the object locked by anybody?
 * @obj: the object
 *
 * Context: any context.
 * Return: true if locked.
 */
static inline bool dma_resv_is_locked(struct dma_resv *obj)
{
	return ww_mutex_is_locked(&obj->lock);
}

/**
 * dma_resv_locking_ctx() - the acquire context of the holder
 * @obj: the object
 *
 * Only meaningful to the holder.
 *
 * Context: resv held.
 * Return: the context, or NULL if locked without one.
 */
static inline struct ww_acquire_ctx *dma_resv_locking_ctx(struct dma_resv *obj)
{
	return READ_ONCE(obj->lock.ctx);
}

/**
 * dma_resv_unlock() - unlock
 * @obj: the object
 *
 * Context: resv held.
 */
void dma_resv_unlock(struct dma_resv *obj);

/**
 * dma_resv_reserve_fences() - make room for fences
 * @obj: the object
 * @num_fences: how many dma_resv_add_fence() calls will follow
 *
 * Context: resv held; may sleep (allocates).
 * Return: 0, -EINVAL (WARN) for zero, -ENOMEM.
 */
int dma_resv_reserve_fences(struct dma_resv *obj, unsigned int num_fences);
/**
 * dma_resv_add_fence() - add a fence, replacing one of the same context
 * @obj: the object
 * @fence: the fence (a reference is taken)
 * @usage: its usage
 *
 * A slot must have been reserved with dma_resv_reserve_fences().
 *
 * Context: resv held.
 */
void dma_resv_add_fence(struct dma_resv *obj, struct dma_fence *fence,
			enum dma_resv_usage usage);
/**
 * dma_resv_replace_fences() - replace the fences of one context
 * @obj: the object
 * @context: the fence context to replace
 * @fence: the new fence
 * @usage: its usage
 *
 * Context: resv held.
 */
void dma_resv_replace_fences(struct dma_resv *obj, u64 context,
			     struct dma_fence *fence,
			     enum dma_resv_usage usage);
/**
 * dma_resv_get_fences() - a snapshot of the unsignaled fences
 * @obj: the object
 * @usage: fences of usage <= @usage
 * @num_fences: receives the count
 * @fences: receives a kmalloc'ed array of references (kfree it)
 *
 * Context: any context (unlocked walk); may sleep (allocates).
 * Return: 0, or -ENOMEM.
 */
int dma_resv_get_fences(struct dma_resv *obj, enum dma_resv_usage usage,
			unsigned int *num_fences, struct dma_fence ***fences);
/**
 * dma_resv_get_singleton() - one fence standing for all of them
 * @obj: the object
 * @usage: fences of usage <= @usage
 * @fence: receives NULL (none), the only fence, or a dma_fence_array
 *
 * Context: any context; may sleep (allocates).
 * Return: 0, or -ENOMEM.
 */
int dma_resv_get_singleton(struct dma_resv *obj, enum dma_resv_usage usage,
			   struct dma_fence **fence);
/**
 * dma_resv_copy_fences() - make @dst's fences a copy of @src's
 * @dst: the destination (locked)
 * @src: the source (read unlocked)
 *
 * Context: resv of @dst held; may sleep.
 * Return: 0, or -ENOMEM.
 */
int dma_resv_copy_fences(struct dma_resv *dst, struct dma_resv *src);
/**
 * dma_resv_wait_timeout() - wait for the fences
 * @obj: the object
 * @usage: fences of usage <= @usage
 * @intr: interruptible
 * @timeout: jiffies, MAX_SCHEDULE_TIMEOUT, or 0 to only test
 *
 * Context: process context, resv not needed; may sleep.
 * Return: the jiffies left (at least 1; 1 for a zero @timeout with all
 * signaled), 0 on timeout, -ERESTARTSYS if a signal cut the wait.
 */
long dma_resv_wait_timeout(struct dma_resv *obj, enum dma_resv_usage usage,
			   bool intr, unsigned long timeout);
/**
 * dma_resv_set_deadline() - pass a deadline to the fences
 * @obj: the object
 * @usage: fences of usage <= @usage
 * @deadline: when they should signal
 *
 * Context: any context.
 */
void dma_resv_set_deadline(struct dma_resv *obj, enum dma_resv_usage usage,
			   ktime_t deadline);
/**
 * dma_resv_test_signaled() - have all the fences signaled?
 * @obj: the object
 * @usage: fences of usage <= @usage
 *
 * Context: any context.
 * Return: true if all have.
 */
bool dma_resv_test_signaled(struct dma_resv *obj, enum dma_resv_usage usage);
/**
 * dma_resv_describe() - one line per fence, like debugfs bufinfo
 * @obj: the object
 * @seq: where to print
 *
 * Context: resv held.
 */
void dma_resv_describe(struct dma_resv *obj, FILE *seq);

/**
 * dma_resv_lockdep() - teach the lock checker the resv order
 *
 * The resv lock comes before waiting for fences (fence signalling code
 * must never take a resv lock). Linux runs it as a subsys_initcall;
 * dmabridge's platform_create() records this and more through
 * mm_resv_lockdep_prime(). Call it again after lockdep_reset().
 *
 * Context: process context.
 */
void dma_resv_lockdep(void);

#endif
