// SPDX-License-Identifier: GPL-2.0
/*
 * Wound/wait mutexes (Wait-Die and Wound-Wait) with the API-abuse checks
 * of a debug kernel. A lock is a flag guarded by base.m; sleepers queue a
 * waiter and park on their thread's parker, so interruptible waits end on
 * send_sig() and a wounded context is woken wherever it sleeps.
 */
#include <dmabridge/ww_mutex.h>
#include <dmabridge/sched.h>
#include <dmabridge/wait.h>
#include <dmabridge/report.h>
#include <dmabridge/err.h>

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

void ww_mutex_init(struct ww_mutex *lock, struct ww_class *ww_class)
{
	pthread_mutex_init(&lock->base.m, NULL);
	lock->base.owner = NULL;
	lockdep_init_map(&lock->base.dep_map, ww_class->mutex_name,
			 &ww_class->mutex_key, LD_LOCK_WW_MUTEX);
	lock->ctx = NULL;
	lock->ww_class = ww_class;
	lock->locked = false;
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
	return __atomic_load_n(&lock->locked, __ATOMIC_ACQUIRE);
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

static bool ww_wounded(struct ww_acquire_ctx *ctx)
{
	return __atomic_load_n(&ctx->wounded, __ATOMIC_ACQUIRE);
}

/* Must @ctx back off instead of waiting for @lock? Called under base.m. */
static int ww_check_kill(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	struct ww_acquire_ctx *hold = lock->ctx;

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
 * The holder's context stays valid while we hold base.m: it cannot
 * unlock @lock (nor finish) without taking base.m.
 */
static void ww_wound_holder(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	struct ww_acquire_ctx *hold = lock->ctx;
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

static void ww_take(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	__atomic_store_n(&lock->locked, true, __ATOMIC_RELEASE);
	__atomic_store_n(&lock->ctx, ctx, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->base.owner, current ? current : (void *)1,
			 __ATOMIC_RELAXED);
	if (ctx) {
		ctx->acquired++;
		if (ctx->contending_lock == lock)
			ctx->contending_lock = NULL;
	}
}

/* Sleep until @lock is free (then take it) or we must give up. */
static int ww_wait(struct ww_mutex *lock, struct ww_acquire_ctx *ctx,
		   int state)
{
	struct ww_waiter w;
	int ret = 0;

	init_wait_entry(&w.wqe, 0);
	list_add_tail(&w.entry, &lock->waiters);
	for (;;) {
		/* State first: a wound arriving after this is not lost. */
		set_current_state(state);
		if (!lock->locked)
			break;
		if (ctx) {
			ret = ww_check_kill(lock, ctx);
			if (ret)
				break;
		}
		if (state == TASK_INTERRUPTIBLE && signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (ctx)
			ww_wound_holder(lock, ctx);
		pthread_mutex_unlock(&lock->base.m);
		schedule();
		pthread_mutex_lock(&lock->base.m);
	}
	__set_current_state(TASK_RUNNING);
	list_del(&w.entry);
	return ret;
}

static int __ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx,
			   int state, bool slow)
{
	int ret = 0;

	if (ctx) {
		ww_ctx_debug_check(lock, ctx, slow);
		if (__atomic_load_n(&lock->ctx, __ATOMIC_RELAXED) == ctx)
			return -EALREADY;
		if (!ctx->acquired)
			__atomic_store_n(&ctx->wounded, 0, __ATOMIC_RELAXED);
	}
	/* Ordered before blocking, so an inversion is seen before it hangs. */
	lock_acquire(&lock->base.dep_map, 0, 0, 0,
		     ctx ? &ctx->dep_map : NULL);
	pthread_mutex_lock(&lock->base.m);
	/*
	 * Like Linux, a wounded context still takes free locks; it backs off
	 * when it would have to wait (ww_check_kill in ww_wait).
	 */
	if (lock->locked)
		ret = ww_wait(lock, ctx, state);
	if (!ret)
		ww_take(lock, ctx);
	pthread_mutex_unlock(&lock->base.m);
	if (ret)
		lock_release(&lock->base.dep_map);
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
	int ret = 0;

	if (ctx) {
		if (ctx->ww_class != lock->ww_class || ctx->done_acquire)
			ww_ctx_debug_check(lock, ctx, false);
		if (!ctx->acquired)
			__atomic_store_n(&ctx->wounded, 0, __ATOMIC_RELAXED);
	}
	pthread_mutex_lock(&lock->base.m);
	if (!lock->locked) {
		ww_take(lock, ctx);
		ret = 1;
	}
	pthread_mutex_unlock(&lock->base.m);
	if (ret)
		lock_acquire(&lock->base.dep_map, 0, 1, 0,
			     ctx ? &ctx->dep_map : NULL);
	return ret;
}

void ww_mutex_unlock(struct ww_mutex *lock)
{
	struct ww_acquire_ctx *ctx;

	pthread_mutex_lock(&lock->base.m);
	if (!lock->locked) {
		pthread_mutex_unlock(&lock->base.m);
		report_emit(REPORT_LOCKDEP, "ww_mutex_unlock: %s is not locked",
			    ww_name(lock));
		return;
	}
	ctx = lock->ctx;
	if (ctx && ctx->acquired)
		ctx->acquired--;
	__atomic_store_n(&lock->ctx, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->base.owner, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->locked, false, __ATOMIC_RELEASE);
	ww_wake_waiters(lock);
	pthread_mutex_unlock(&lock->base.m);
	lock_release(&lock->base.dep_map);
}
