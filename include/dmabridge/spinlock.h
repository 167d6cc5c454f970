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

typedef struct spinlock {
	pthread_mutex_t m;
	struct lockdep_map dep_map;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)                                     \
	{ .m = PTHREAD_MUTEX_INITIALIZER,                                  \
	  .dep_map = { .name = #lockname, .type = LD_LOCK_SPIN } }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

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

static inline void spin_lock_destroy(spinlock_t *lock)
{
	pthread_mutex_destroy(&lock->m);
}

static inline void spin_lock(spinlock_t *lock)
{
	lock_acquire(&lock->dep_map, 0, 0, 0, NULL);
	dmb_pmutex_lock(&lock->m);
}

static inline void spin_lock_nested(spinlock_t *lock, unsigned int subclass)
{
	lock_acquire(&lock->dep_map, subclass, 0, 0, NULL);
	dmb_pmutex_lock(&lock->m);
}

static inline int spin_trylock(spinlock_t *lock)
{
	explore_point("spin_trylock", lock);
	if (pthread_mutex_trylock(&lock->m))
		return 0;
	lock_acquire(&lock->dep_map, 0, 1, 0, NULL);
	return 1;
}

static inline void spin_unlock(spinlock_t *lock)
{
	lock_release(&lock->dep_map);
	dmb_pmutex_unlock(&lock->m);
}

/* True if somebody holds the lock (a racy peek, for assertions). */
static inline bool spin_is_locked(spinlock_t *lock)
{
	if (pthread_mutex_trylock(&lock->m))
		return true;
	pthread_mutex_unlock(&lock->m);
	return false;
}

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
