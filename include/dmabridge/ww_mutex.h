/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wound/wait mutexes: locks that one acquire context takes in any order,
 * with deadlocks resolved by stamps (older = smaller stamp wins).
 *
 * Wait-Die (DEFINE_WD_CLASS): a younger context that meets a lock held by
 * an older one dies (-EDEADLK); an older one waits.
 * Wound-Wait (DEFINE_WW_CLASS): an older context that meets a lock held by
 * a younger one wounds it (the younger gets -EDEADLK at its next lock
 * attempt, or at once if it is sleeping for a lock); a younger one waits.
 *
 * -EDEADLK is only ever returned to a context that already holds a lock;
 * it must then unlock everything and take the contended lock with
 * ww_mutex_lock_slow() before anything else. A NULL context makes the lock
 * a plain mutex.
 *
 * Modelling choice (not Linux): the lock word holds the holder's acquire
 * context rather than its task, so a fast-path acquire publishes owner and
 * context in one compare-and-swap (docs/locking.md).
 */
#ifndef DMABRIDGE_WW_MUTEX_H
#define DMABRIDGE_WW_MUTEX_H

#include <dmabridge/mutex.h>
#include <dmabridge/list.h>
#include <dmabridge/lockdep.h>

struct task_struct;
struct parker;

/**
 * struct ww_class - a class of wound/wait mutexes
 * @acquire_key: lockdep class of the acquire contexts
 * @mutex_key: lockdep class of the mutexes
 * @acquire_name: lockdep name of the acquire contexts
 * @mutex_name: lockdep name of the mutexes
 * @is_wait_die: Wait-Die (DEFINE_WD_CLASS) rather than Wound-Wait
 */
struct ww_class {
	struct lock_class_key acquire_key;
	struct lock_class_key mutex_key;
	const char *acquire_name;
	const char *mutex_name;
	unsigned int is_wait_die;
};

/**
 * struct ww_acquire_ctx - one thread's attempt to take a set of ww_mutexes
 * @task: current at ww_acquire_init()
 * @parker: its thread, woken when wounded
 * @stamp: smaller = older = wins
 * @is_wait_die: the class is Wait-Die
 * @wounded: Wound-Wait: must back off
 * @__pad: keeps the owner-only fields below a cache line away
 * @acquired: ww_mutexes held
 * @done_acquire: ww_acquire_done() was called
 * @ww_class: the class
 * @contending_lock: must be taken with ww_mutex_lock_slow() next
 * @dep_map: lockdep: held from init to fini
 */
struct ww_acquire_ctx {
	/*
	 * Read by other contexts' threads, under a lock's wait lock, while
	 * this context holds that lock (it cannot unlock meanwhile).
	 */
	struct task_struct *task;	/* current at ww_acquire_init */
	struct parker *parker;		/* its thread, woken when wounded */
	unsigned long stamp;		/* smaller = older = wins */
	unsigned short is_wait_die;
	unsigned short wounded;		/* Wound-Wait: must back off */
	/*
	 * Only the owning thread touches what follows, on every lock and
	 * unlock: kept a cache line away from the fields above, so taking
	 * locks does not keep stealing the line other threads read (and
	 * wounders write).
	 */
	char __pad[64];
	unsigned int acquired;		/* ww_mutexes held */
	/* API checks */
	bool done_acquire;		/* ww_acquire_done() was called */
	struct ww_class *ww_class;
	struct ww_mutex *contending_lock; /* must be taken via _slow next */
	struct lockdep_map dep_map;	/* held from init to fini */
};

/**
 * struct ww_mutex - a wound/wait mutex
 * @state: the lock word: 0 free, else the holder's context (or
 * 	WW_MUTEX_NOCTX), plus WW_MUTEX_WAITERS while sleepers are queued
 * @ctx: the holder's context, NULL if none
 * @ww_class: its class
 * @waiters: struct ww_waiter, sleeping
 * @base: base.m is the wait lock, base.owner the holder task and
 * 	base.dep_map the lock class, so mutex_is_locked(&l->base) and
 * 	lockdep_assert_held(&l->base) work as in Linux
 *
 * Modelling choice (not Linux): the lock word holds the holder's acquire
 * context rather than its task (docs/locking.md).
 */
struct ww_mutex {
	/*
	 * The lock word: 0 when free, else the holder's context (or
	 * WW_MUTEX_NOCTX for a holder without one), plus WW_MUTEX_WAITERS
	 * while sleepers are queued. Uncontended lock and unlock are one
	 * compare-and-swap each on this word; with WAITERS set both go
	 * through base.m, so a waiter holding base.m sees a holder that
	 * cannot unlock (nor free its context) under it.
	 */
	unsigned long state;
	/*
	 * base.m is the wait lock (it guards @waiters and the WAITERS bit;
	 * it is not the lock itself); base.owner is the holder task and
	 * base.dep_map the lock's class, so mutex_is_locked(&l->base) and
	 * lockdep_assert_held(&l->base) work as in Linux. @ctx mirrors the
	 * holder's context for readers such as dma_resv_locking_ctx().
	 */
	struct ww_acquire_ctx *ctx;	/* holder's context, NULL if none */
	struct ww_class *ww_class;
	struct list_head waiters;	/* struct ww_waiter, sleeping */
	struct mutex base;
};

#define WW_MUTEX_WAITERS 1UL
#define WW_MUTEX_NOCTX 2UL

#define __WW_CLASS_INITIALIZER(ww_class, _is_wait_die)                    \
	{ .acquire_name = #ww_class "_acquire",                            \
	  .mutex_name = #ww_class "_mutex",                                \
	  .is_wait_die = (_is_wait_die) }

#define DEFINE_WW_CLASS(classname)                                         \
	struct ww_class classname = __WW_CLASS_INITIALIZER(classname, 0)
#define DEFINE_WD_CLASS(classname)                                         \
	struct ww_class classname = __WW_CLASS_INITIALIZER(classname, 1)

#define __WW_MUTEX_INITIALIZER(lockname, class)                            \
	{ .base = { .m = PTHREAD_MUTEX_INITIALIZER,                        \
		    .dep_map = { .name = #class "_mutex",                  \
				 .key = &(class).mutex_key,                \
				 .type = LD_LOCK_WW_MUTEX } },             \
	  .ww_class = &(class),                                            \
	  .waiters = LIST_HEAD_INIT((lockname).waiters) }
#define DEFINE_WW_MUTEX(mutexname, ww_class)                               \
	struct ww_mutex mutexname = __WW_MUTEX_INITIALIZER(mutexname, ww_class)

/**
 * ww_mutex_init() - initialise a ww_mutex
 * @lock: the mutex
 * @ww_class: its class
 *
 * Context: any context.
 */
void ww_mutex_init(struct ww_mutex *lock, struct ww_class *ww_class);
/**
 * ww_mutex_destroy() - destroy a ww_mutex
 * @lock: the mutex
 *
 * Reports (REPORT_LOCKDEP) when it is still held.
 *
 * Context: any context.
 */
void ww_mutex_destroy(struct ww_mutex *lock);

/**
 * ww_acquire_init() - start an acquire context
 * @ctx: the context
 * @ww_class: the class of the mutexes it will take
 *
 * Takes a fresh stamp from a global counter.
 *
 * Context: process context.
 */
void ww_acquire_init(struct ww_acquire_ctx *ctx, struct ww_class *ww_class);
/**
 * ww_acquire_done() - no more ww_mutex_lock() calls with this context
 * @ctx: the context
 *
 * Checked: a later lock is reported.
 *
 * Context: the context's thread.
 */
void ww_acquire_done(struct ww_acquire_ctx *ctx);
/**
 * ww_acquire_fini() - end an acquire context
 * @ctx: the context; every lock must be unlocked first (checked)
 *
 * Context: the context's thread.
 */
void ww_acquire_fini(struct ww_acquire_ctx *ctx);

/**
 * ww_mutex_lock() - take a ww_mutex
 * @lock: the mutex
 * @ctx: the acquire context, or NULL to use it as a plain mutex
 *
 * Context: process context; may sleep.
 * Return: 0 when locked; -EALREADY when @ctx already holds @lock;
 * -EDEADLK when @ctx must back off (only if it holds other locks): unlock
 * everything, then ww_mutex_lock_slow().
 */
int __must_check ww_mutex_lock(struct ww_mutex *lock,
			       struct ww_acquire_ctx *ctx);
/**
 * ww_mutex_lock_interruptible() - ww_mutex_lock(), interruptible
 * @lock: the mutex
 * @ctx: the acquire context, or NULL
 *
 * Context: process context; may sleep.
 * Return: as ww_mutex_lock(), or -EINTR when a signal is pending for
 * current.
 */
int __must_check ww_mutex_lock_interruptible(struct ww_mutex *lock,
					     struct ww_acquire_ctx *ctx);
/**
 * ww_mutex_lock_slow() - take the contended lock after -EDEADLK
 * @lock: the contended mutex
 * @ctx: the context, which holds nothing now
 *
 * Cannot fail: the context holds nothing, so it never has to back off.
 *
 * Context: process context; may sleep.
 */
void ww_mutex_lock_slow(struct ww_mutex *lock, struct ww_acquire_ctx *ctx);
/**
 * ww_mutex_lock_slow_interruptible() - ww_mutex_lock_slow(), interruptible
 * @lock: the contended mutex
 * @ctx: the context
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINTR when a signal is pending.
 */
int __must_check ww_mutex_lock_slow_interruptible(struct ww_mutex *lock,
						  struct ww_acquire_ctx *ctx);
/**
 * ww_mutex_trylock() - take a ww_mutex without sleeping
 * @lock: the mutex
 * @ctx: the acquire context, or NULL
 *
 * Context: any context.
 * Return: 1 if taken, 0 otherwise (never -EDEADLK).
 */
int __must_check ww_mutex_trylock(struct ww_mutex *lock,
				  struct ww_acquire_ctx *ctx);
/**
 * ww_mutex_unlock() - release a ww_mutex
 * @lock: the mutex
 *
 * Context: the holder.
 */
void ww_mutex_unlock(struct ww_mutex *lock);
/**
 * ww_mutex_is_locked() - is the mutex held by anybody?
 * @lock: the mutex
 *
 * Context: any context.
 * Return: true if held.
 */
bool ww_mutex_is_locked(struct ww_mutex *lock);

#endif
