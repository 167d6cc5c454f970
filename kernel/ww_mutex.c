// SPDX-License-Identifier: GPL-2.0
/*
 * Wound/wait mutexes (Wait-Die and Wound-Wait) with the API-abuse checks
 * of a debug kernel. The lock is one word holding the holder's context
 * (see struct ww_mutex): uncontended lock and unlock are a single
 * compare-and-swap each, as Linux's mutex fast path. Everything else goes
 * through base.m, the wait lock: sleepers queue a waiter, set the WAITERS
 * bit (which sends every later lock and unlock to the slow path) and park
 * on their thread's parker, so interruptible waits end on send_sig() and a
 * wounded context is woken wherever it sleeps.
 *
 * Because the word carries the context, a waiter always reads the true
 * holder's context from it: unlike Linux, there is no window where the
 * lock is owned but its context not yet published, so no fast-path
 * recheck of the waiters (Linux's ww_mutex_set_context_fastpath) is
 * needed.
 */
#include <dmabridge/ww_mutex.h>
#include <dmabridge/sched.h>
#include <dmabridge/wait.h>
#include <dmabridge/report.h>
#include <dmabridge/err.h>
#include <dmabridge/explore.h>

/* Global, like a kernel-wide counter: stamps compare across platforms. */
static unsigned long ww_stamp_counter;

struct ww_waiter {
	struct list_head entry;
	struct wait_queue_entry wqe;	/* ->private is the sleeper's parker */
};

static const char *ww_name(struct ww_mutex *lock)
{
	return lock->base.dep_map.name ? lock->base.dep_map.name : "ww_mutex";
}

/* The lock word for a holder with @ctx (NULL: a plain mutex holder). */
static inline unsigned long ww_word(struct ww_acquire_ctx *ctx)
{
	return ctx ? (unsigned long)ctx : WW_MUTEX_NOCTX;
}

static inline bool ww_word_held(unsigned long w)
{
	return w & ~WW_MUTEX_WAITERS;
}

static inline struct ww_acquire_ctx *ww_word_ctx(unsigned long w)
{
	return (struct ww_acquire_ctx *)(w & ~(WW_MUTEX_WAITERS |
					       WW_MUTEX_NOCTX));
}

void ww_mutex_init(struct ww_mutex *lock, struct ww_class *ww_class)
{
	lock->state = 0;
	pthread_mutex_init(&lock->base.m, NULL);
	lock->base.owner = NULL;
	lockdep_init_map(&lock->base.dep_map, ww_class->mutex_name,
			 &ww_class->mutex_key, LD_LOCK_WW_MUTEX);
	lock->ctx = NULL;
	lock->ww_class = ww_class;
	INIT_LIST_HEAD(&lock->waiters);
}

void ww_mutex_destroy(struct ww_mutex *lock)
{
	if (ww_mutex_is_locked(lock))
		report_emit(REPORT_LOCKDEP, "ww_mutex_destroy: %s is locked",
			    ww_name(lock));
	pthread_mutex_destroy(&lock->base.m);
}

bool ww_mutex_is_locked(struct ww_mutex *lock)
{
	return ww_word_held(__atomic_load_n(&lock->state, __ATOMIC_ACQUIRE));
}

void ww_acquire_init(struct ww_acquire_ctx *ctx, struct ww_class *ww_class)
{
	ctx->task = current;
	ctx->parker = current_parker();
	ctx->stamp = __atomic_add_fetch(&ww_stamp_counter, 1, __ATOMIC_RELAXED);
	ctx->acquired = 0;
	ctx->wounded = 0;
	ctx->is_wait_die = ww_class->is_wait_die;
	ctx->ww_class = ww_class;
	ctx->done_acquire = false;
	ctx->contending_lock = NULL;
	lockdep_init_map(&ctx->dep_map, ww_class->acquire_name,
			 &ww_class->acquire_key, LD_LOCK_MAP);
	lock_acquire(&ctx->dep_map, 0, 0, 0, NULL);
}

void ww_acquire_done(struct ww_acquire_ctx *ctx)
{
	if (ctx->done_acquire)
		report_emit(REPORT_LOCKDEP,
			    "ww_acquire_done called twice on a context");
	ctx->done_acquire = true;
}

void ww_acquire_fini(struct ww_acquire_ctx *ctx)
{
	if (ctx->acquired)
		report_emit(REPORT_LOCKDEP,
			    "ww_acquire_fini with %u ww_mutex(es) still held",
			    ctx->acquired);
	lock_release(&ctx->dep_map);
	ctx->contending_lock = NULL;
}

/* Checks a debug kernel makes before a context locks. */
static void ww_ctx_debug_check(struct ww_mutex *lock,
			       struct ww_acquire_ctx *ctx, bool slow)
{
	if (ctx->ww_class != lock->ww_class)
		report_emit(REPORT_LOCKDEP,
			    "ww_mutex %s (class %s) locked with a context of class %s",
			    ww_name(lock), lock->ww_class->mutex_name,
			    ctx->ww_class->acquire_name);
	if (ctx->done_acquire)
		report_emit(REPORT_LOCKDEP,
			    "ww_mutex %s locked after ww_acquire_done",
			    ww_name(lock));
	if (slow && !ctx->contending_lock)
		report_emit(REPORT_LOCKDEP,
			    "ww_mutex_lock_slow(%s) without a prior -EDEADLK",
			    ww_name(lock));
	if (ctx->contending_lock &&
	    (ctx->contending_lock != lock || ctx->acquired)) {
		report_emit(REPORT_LOCKDEP,
			    "ww_mutex %s locked after -EDEADLK on %s while holding %u lock(s): unlock all, then take the contended lock with ww_mutex_lock_slow",
			    ww_name(lock), ww_name(ctx->contending_lock),
			    ctx->acquired);
		ctx->contending_lock = NULL;
	}
}

/* The same checks, out of line only when one of them can fire. */
static inline void ww_ctx_check(struct ww_mutex *lock,
				struct ww_acquire_ctx *ctx, bool slow)
{
	if (unlikely(ctx->ww_class != lock->ww_class || ctx->done_acquire ||
		     slow || ctx->contending_lock))
		ww_ctx_debug_check(lock, ctx, slow);
}

static bool ww_wounded(struct ww_acquire_ctx *ctx)
{
	return __atomic_load_n(&ctx->wounded, __ATOMIC_ACQUIRE);
}

/*
 * Must @ctx back off instead of waiting for @lock, held by @hold?
 * Called under base.m with WAITERS set.
 */
static int ww_check_kill(struct ww_mutex *lock, struct ww_acquire_ctx *hold,
			 struct ww_acquire_ctx *ctx)
{
	if (!ctx->acquired)
		return 0;	/* holds nothing: waiting cannot close a cycle */
	if (ctx->is_wait_die) {
		if (!hold || hold->stamp > ctx->stamp)
			return 0;	/* the holder is younger: wait */
	} else if (!ww_wounded(ctx)) {
		return 0;
	}
	ctx->contending_lock = lock;
	return -EDEADLK;
}

/*
 * Wound-Wait: an older context that holds locks and must wait for a
 * younger holder wounds it and wakes its thread wherever it sleeps.
 * @hold stays valid while we hold base.m with WAITERS set: its unlock
 * must take base.m, and it cannot finish while it holds @lock.
 */
static void ww_wound_holder(struct ww_acquire_ctx *hold,
			    struct ww_acquire_ctx *ctx)
{
	struct wait_queue_entry wqe;

	if (ctx->is_wait_die || !hold || hold == ctx || !ctx->acquired ||
	    hold->stamp < ctx->stamp || ww_wounded(hold))
		return;
	__atomic_store_n(&hold->wounded, 1, __ATOMIC_RELEASE);
	wqe.private = hold->parker;
	default_wake_function(&wqe, TASK_UNINTERRUPTIBLE, 0, NULL);
}

static void ww_wake_waiters(struct ww_mutex *lock)
{
	struct ww_waiter *w;

	list_for_each_entry(w, &lock->waiters, entry)
		default_wake_function(&w->wqe, TASK_UNINTERRUPTIBLE, 0, NULL);
}

/* Bookkeeping once the word names us; only the holder writes these. */
static inline void ww_set_owner(struct ww_mutex *lock,
				struct ww_acquire_ctx *ctx)
{
	__atomic_store_n(&lock->ctx, ctx, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->base.owner, current ? current : (void *)1,
			 __ATOMIC_RELAXED);
	if (ctx) {
		ctx->acquired++;
		if (unlikely(ctx->contending_lock == lock))
			ctx->contending_lock = NULL;
	}
}

/* One compare-and-swap: succeeds only if the lock is free, no waiters. */
static inline bool ww_trylock_fast(struct ww_mutex *lock,
				   struct ww_acquire_ctx *ctx)
{
	unsigned long free = 0;

	/* Release too: a waiter that reads the word reads our context. */
	return __atomic_compare_exchange_n(&lock->state, &free, ww_word(ctx),
					   false, __ATOMIC_ACQ_REL,
					   __ATOMIC_RELAXED);
}

/*
 * Slow path, under base.m: queue, set WAITERS, and sleep until the lock
 * is free (then take it) or we must give up. With WAITERS set and base.m
 * held, nobody else can change the word: the fast paths fail on the bit
 * and every slow path takes base.m.
 */
static __attribute__((noinline)) int
ww_lock_slowpath(struct ww_mutex *lock, struct ww_acquire_ctx *ctx, int state)
{
	struct ww_waiter w;
	unsigned long word;
	int ret = 0;

	dmb_pmutex_lock(&lock->base.m);
	init_wait_entry(&w.wqe, 0);
	list_add_tail(&w.entry, &lock->waiters);
	__atomic_fetch_or(&lock->state, WW_MUTEX_WAITERS, __ATOMIC_ACQ_REL);
	for (;;) {
		/* State first: a wound arriving after this is not lost. */
		set_current_state(state);
		word = __atomic_load_n(&lock->state, __ATOMIC_ACQUIRE);
		if (!ww_word_held(word))
			break;
		/*
		 * Like Linux, a wounded context still takes free locks; it
		 * backs off when it would have to wait.
		 */
		if (ctx) {
			ret = ww_check_kill(lock, ww_word_ctx(word), ctx);
			if (ret)
				break;
		}
		if (state == TASK_INTERRUPTIBLE && signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (ctx)
			ww_wound_holder(ww_word_ctx(word), ctx);
		dmb_pmutex_unlock(&lock->base.m);
		schedule();
		dmb_pmutex_lock(&lock->base.m);
	}
	__set_current_state(TASK_RUNNING);
	list_del(&w.entry);
	if (!ret)
		__atomic_fetch_or(&lock->state, ww_word(ctx), __ATOMIC_ACQ_REL);
	/* Last sleeper gone: let the fast paths work again. */
	if (list_empty(&lock->waiters))
		__atomic_fetch_and(&lock->state, ~WW_MUTEX_WAITERS,
				   __ATOMIC_ACQ_REL);
	if (!ret)
		ww_set_owner(lock, ctx);
	dmb_pmutex_unlock(&lock->base.m);
	return ret;
}

/*
 * The checker's calls only when it is on: they are out of line, and with
 * checking off they would be most of the uncontended cost.
 */
static inline void ww_dep_acquire(struct ww_mutex *lock,
				  struct ww_acquire_ctx *ctx, int trylock)
{
	if (lockdep_enabled())
		lock_acquire(&lock->base.dep_map, 0, trylock, 0,
			     ctx ? &ctx->dep_map : NULL);
}

static inline void ww_dep_release(struct ww_mutex *lock)
{
	if (lockdep_enabled())
		lock_release(&lock->base.dep_map);
}

static __always_inline int __ww_mutex_lock(struct ww_mutex *lock,
					   struct ww_acquire_ctx *ctx,
					   int state, bool slow)
{
	int ret;

	might_sleep();
	if (ctx) {
		ww_ctx_check(lock, ctx, slow);
		if (ww_word_ctx(__atomic_load_n(&lock->state,
						__ATOMIC_RELAXED)) == ctx)
			return -EALREADY;
		if (!ctx->acquired && unlikely(ww_wounded(ctx)))
			__atomic_store_n(&ctx->wounded, 0, __ATOMIC_RELAXED);
	}
	/* Ordered before blocking, so an inversion is seen before it hangs. */
	ww_dep_acquire(lock, ctx, 0);
	explore_point("ww_mutex_lock", lock);
	if (likely(ww_trylock_fast(lock, ctx))) {
		ww_set_owner(lock, ctx);
		return 0;
	}
	ret = ww_lock_slowpath(lock, ctx, state);
	if (ret)
		ww_dep_release(lock);
	return ret;
}

int ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	return __ww_mutex_lock(lock, ctx, TASK_UNINTERRUPTIBLE, false);
}

int ww_mutex_lock_interruptible(struct ww_mutex *lock,
				struct ww_acquire_ctx *ctx)
{
	if (signal_pending(current))
		return -EINTR;
	return __ww_mutex_lock(lock, ctx, TASK_INTERRUPTIBLE, false);
}

void ww_mutex_lock_slow(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	int ret = __ww_mutex_lock(lock, ctx, TASK_UNINTERRUPTIBLE, !!ctx);

	if (ret)
		report_emit(REPORT_LOCKDEP,
			    "ww_mutex_lock_slow(%s) failed with %d: the context still held locks",
			    ww_name(lock), ret);
}

int ww_mutex_lock_slow_interruptible(struct ww_mutex *lock,
				     struct ww_acquire_ctx *ctx)
{
	if (signal_pending(current))
		return -EINTR;
	return __ww_mutex_lock(lock, ctx, TASK_INTERRUPTIBLE, !!ctx);
}

int ww_mutex_trylock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	unsigned long word;
	int ret = 0;

	if (ctx) {
		if (ctx->ww_class != lock->ww_class || ctx->done_acquire)
			ww_ctx_debug_check(lock, ctx, false);
		if (!ctx->acquired && unlikely(ww_wounded(ctx)))
			__atomic_store_n(&ctx->wounded, 0, __ATOMIC_RELAXED);
	}
	if (ww_trylock_fast(lock, ctx)) {
		ret = 1;
	} else if (__atomic_load_n(&lock->state, __ATOMIC_RELAXED) ==
		   WW_MUTEX_WAITERS) {
		/* Free, but sleepers queued: only base.m may take it. */
		dmb_pmutex_lock(&lock->base.m);
		word = __atomic_load_n(&lock->state, __ATOMIC_ACQUIRE);
		if (!ww_word_held(word) && (word & WW_MUTEX_WAITERS)) {
			__atomic_fetch_or(&lock->state, ww_word(ctx),
					  __ATOMIC_ACQ_REL);
			ret = 1;
		}
		dmb_pmutex_unlock(&lock->base.m);
		/* Raced with the last waiter leaving: plain retry. */
		if (!ret && !word)
			ret = ww_trylock_fast(lock, ctx);
	}
	if (!ret)
		return 0;
	ww_set_owner(lock, ctx);
	ww_dep_acquire(lock, ctx, 1);
	return 1;
}

static __attribute__((noinline)) void ww_unlock_slowpath(struct ww_mutex *lock)
{
	dmb_pmutex_lock(&lock->base.m);
	/* Keep WAITERS: the woken sleepers take the lock under base.m. */
	__atomic_fetch_and(&lock->state, WW_MUTEX_WAITERS, __ATOMIC_ACQ_REL);
	ww_wake_waiters(lock);
	dmb_pmutex_unlock(&lock->base.m);
}

void ww_mutex_unlock(struct ww_mutex *lock)
{
	unsigned long word = __atomic_load_n(&lock->state, __ATOMIC_RELAXED);
	struct ww_acquire_ctx *ctx = ww_word_ctx(word);

	if (unlikely(!ww_word_held(word))) {
		report_emit(REPORT_LOCKDEP, "ww_mutex_unlock: %s is not locked",
			    ww_name(lock));
		return;
	}
	if (ctx && ctx->acquired)
		ctx->acquired--;
	__atomic_store_n(&lock->ctx, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->base.owner, NULL, __ATOMIC_RELAXED);
	/*
	 * One compare-and-swap unless WAITERS is (or just got) set. Acquire
	 * too: a sleeper that read our context and then left, clearing the
	 * bit, must be done with it before we reuse it.
	 */
	word &= ~WW_MUTEX_WAITERS;
	if (!__atomic_compare_exchange_n(&lock->state, &word, 0, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		ww_unlock_slowpath(lock);
	ww_dep_release(lock);
	explore_point("ww_mutex_unlock", lock);
}
