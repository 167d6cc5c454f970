/* SPDX-License-Identifier: GPL-2.0 */
/* struct mutex: a sleeping lock with an owner and lock checking. */
#ifndef DMABRIDGE_MUTEX_H
#define DMABRIDGE_MUTEX_H

#include <pthread.h>
#include <dmabridge/lockdep.h>

struct task_struct;

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

void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key);
#define mutex_init(lock)                                                   \
	do {                                                               \
		static struct lock_class_key __key;                        \
		__mutex_init((lock), #lock, &__key);                       \
	} while (0)
void mutex_destroy(struct mutex *lock);

void mutex_lock(struct mutex *lock);
void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
/* -EINTR if a signal (fatal signal) reaches current while it waits. */
int __must_check mutex_lock_interruptible(struct mutex *lock);
int __must_check mutex_lock_killable(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);

#endif
