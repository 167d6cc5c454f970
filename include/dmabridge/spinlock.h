/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spinlock_t. Userspace has no interrupts to disable and only two cores,
 * so a spinlock is a short-hold pthread mutex; the _irqsave variants keep
 * the kernel's calling convention.
 */
#ifndef DMABRIDGE_SPINLOCK_H
#define DMABRIDGE_SPINLOCK_H

#include <pthread.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/explore.h>

/**
 * struct spinlock - spinlock_t
 * @m: the lock: a short-hold pthread mutex
 * @dep_map: lockdep class and state
 *
 * Userspace has no interrupts to disable and only two cores, so a
 * spinlock is a short-hold pthread mutex (a modelling choice): a waiter
 * sleeps instead of spinning. Holding one while sleeping is still a bug,
 * and lockdep reports it.
 */
typedef struct spinlock {
	pthread_mutex_t m;
	struct lockdep_map dep_map;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)                                     \
	{ .m = PTHREAD_MUTEX_INITIALIZER,                                  \
	  .dep_map = { .name = #lockname, .type = LD_LOCK_SPIN } }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

/**
 * __spin_lock_init() - the function behind spin_lock_init()
 * @lock: the lock
 * @name: lockdep name
 * @key: lockdep class (one per init site)
 *
 * Context: any context.
 */
static inline void __spin_lock_init(spinlock_t *lock, const char *name,
				    struct lock_class_key *key)
{
	pthread_mutex_init(&lock->m, NULL);
	lockdep_init_map(&lock->dep_map, name, key, LD_LOCK_SPIN);
}

#define spin_lock_init(lock)                                               \
	do {                                                               \
		static struct lock_class_key __key;                        \
		__spin_lock_init((lock), #lock, &__key);                   \
	} while (0)

/**
 * spin_lock_destroy() - release an unlocked spinlock's resources
 * @lock: the lock
 *
 * dmabridge's own (a pthread mutex needs it); Linux has no counterpart.
 *
 * Context: any context; nobody may hold or wait for @lock.
 */
static inline void spin_lock_destroy(spinlock_t *lock)
{
	pthread_mutex_destroy(&lock->m);
}

/**
 * spin_lock() - take a spinlock
 * @lock: the lock
 *
 * Context: any context; must not sleep until spin_unlock().
 */
static inline void spin_lock(spinlock_t *lock)
{
	lock_acquire(&lock->dep_map, 0, 0, 0, NULL);
	dmb_pmutex_lock(&lock->m);
}

/**
 * spin_lock_nested() - spin_lock() of a second lock of the same class
 * @lock: the lock
 * @subclass: lockdep subclass telling the nesting level
 *
 * Context: any context.
 */
static inline void spin_lock_nested(spinlock_t *lock, unsigned int subclass)
{
	lock_acquire(&lock->dep_map, subclass, 0, 0, NULL);
	dmb_pmutex_lock(&lock->m);
}

/**
 * spin_trylock() - take a spinlock without waiting
 * @lock: the lock
 *
 * Context: any context.
 * Return: 1 if taken, 0 if somebody holds it.
 */
static inline int spin_trylock(spinlock_t *lock)
{
	explore_point("spin_trylock", lock);
	if (pthread_mutex_trylock(&lock->m))
		return 0;
	lock_acquire(&lock->dep_map, 0, 1, 0, NULL);
	return 1;
}

/**
 * spin_unlock() - release a spinlock
 * @lock: the lock
 *
 * Context: the holder.
 */
static inline void spin_unlock(spinlock_t *lock)
{
	lock_release(&lock->dep_map);
	dmb_pmutex_unlock(&lock->m);
}

/**
 * spin_is_locked() - does somebody hold the lock?
 * @lock: the lock
 *
 * A racy peek, for assertions.
 *
 * Context: any context.
 * Return: true if held.
 */
static inline bool spin_is_locked(spinlock_t *lock)
{
	if (pthread_mutex_trylock(&lock->m))
		return true;
	pthread_mutex_unlock(&lock->m);
	return false;
}

/**
 * DOC: the _bh, _irq and _irqsave variants
 *
 * There are no interrupts or softirqs: spin_lock_bh(), spin_lock_irq(),
 * spin_lock_irqsave() and their unlocks are spin_lock() and spin_unlock(),
 * kept so code has the kernel's calling convention (flags are set to 0).
 */
#define spin_lock_bh(l) spin_lock(l)
#define spin_unlock_bh(l) spin_unlock(l)
#define spin_lock_irq(l) spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define spin_lock_irqsave(l, flags)                                        \
	do {                                                               \
		(flags) = 0;                                               \
		spin_lock(l);                                              \
	} while (0)
#define spin_trylock_irqsave(l, flags) ({ (flags) = 0; spin_trylock(l); })
#define spin_unlock_irqrestore(l, flags)                                   \
	do {                                                               \
		(void)(flags);                                             \
		spin_unlock(l);                                            \
	} while (0)

#define assert_spin_locked(l) lockdep_assert_held(l)

#endif
