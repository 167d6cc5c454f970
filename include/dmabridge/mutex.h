/* SPDX-License-Identifier: GPL-2.0 */
/* struct mutex: a sleeping lock with an owner and lock checking. */
#ifndef DMABRIDGE_MUTEX_H
#define DMABRIDGE_MUTEX_H

#include <pthread.h>
#include <dmabridge/lockdep.h>

struct task_struct;

/**
 * struct mutex - a sleeping lock with an owner and lock checking
 * @owner: the holder, a debug aid; read with READ_ONCE()
 * @dep_map: lockdep class and state
 * @m: the lock itself
 *
 * owner and dep_map come first: a ww_mutex's fast path touches them.
 */
struct mutex {
	/* owner and dep_map first: a ww_mutex's fast path touches them. */
	struct task_struct *owner;	/* debug aid; read with READ_ONCE */
	struct lockdep_map dep_map;
	pthread_mutex_t m;
};

#define __MUTEX_INITIALIZER(lockname)                                      \
	{ .m = PTHREAD_MUTEX_INITIALIZER,                                  \
	  .dep_map = { .name = #lockname, .type = LD_LOCK_MUTEX } }
#define DEFINE_MUTEX(x) struct mutex x = __MUTEX_INITIALIZER(x)

/**
 * __mutex_init() - the function behind mutex_init()
 * @lock: the mutex
 * @name: lockdep name
 * @key: lockdep class (one per init site)
 *
 * Context: any context.
 */
void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key);
#define mutex_init(lock)                                                   \
	do {                                                               \
		static struct lock_class_key __key;                        \
		__mutex_init((lock), #lock, &__key);                       \
	} while (0)
/**
 * mutex_destroy() - destroy an unlocked mutex
 * @lock: the mutex
 *
 * Context: nobody may hold or wait for @lock.
 */
void mutex_destroy(struct mutex *lock);

/**
 * mutex_lock() - take a mutex
 * @lock: the mutex
 *
 * Context: process context; may sleep; not under a spinlock.
 */
void mutex_lock(struct mutex *lock);
/**
 * mutex_lock_nested() - mutex_lock() of a second lock of the same class
 * @lock: the mutex
 * @subclass: lockdep subclass telling the nesting level
 *
 * Context: process context; may sleep.
 */
void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
/**
 * mutex_lock_interruptible() - take a mutex unless a signal arrives
 * @lock: the mutex
 *
 * Context: process context; may sleep.
 * Return: 0 when locked, -EINTR if a signal reaches current while it
 * waits.
 */
int __must_check mutex_lock_interruptible(struct mutex *lock);
/**
 * mutex_lock_killable() - take a mutex unless a fatal signal arrives
 * @lock: the mutex
 *
 * Context: process context; may sleep.
 * Return: 0 when locked, -EINTR on SIGKILL.
 */
int __must_check mutex_lock_killable(struct mutex *lock);
/**
 * mutex_trylock() - take a mutex without waiting
 * @lock: the mutex
 *
 * Context: any context.
 * Return: 1 if taken, 0 if somebody holds it.
 */
int mutex_trylock(struct mutex *lock);
/**
 * mutex_unlock() - release a mutex
 * @lock: the mutex
 *
 * Context: the holder.
 */
void mutex_unlock(struct mutex *lock);
/**
 * mutex_is_locked() - does somebody hold the mutex?
 * @lock: the mutex
 *
 * Context: any context.
 * Return: true if held.
 */
bool mutex_is_locked(struct mutex *lock);

#endif
