// SPDX-License-Identifier: GPL-2.0
/* struct mutex on a pthread mutex, reporting to the lock checker. */
#include <time.h>
#include <dmabridge/mutex.h>
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include <dmabridge/explore.h>

void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key)
{
	pthread_mutex_init(&lock->m, NULL);
	lock->owner = NULL;
	lockdep_init_map(&lock->dep_map, name, key, LD_LOCK_MUTEX);
}

void mutex_destroy(struct mutex *lock)
{
	WARN_ON(mutex_is_locked(lock));
	pthread_mutex_destroy(&lock->m);
}

static void mutex_set_owner(struct mutex *lock)
{
	__atomic_store_n(&lock->owner, current ? current : (void *)1,
			 __ATOMIC_RELAXED);
}

void mutex_lock_nested(struct mutex *lock, unsigned int subclass)
{
	might_sleep();
	/* Checked before blocking, so an inversion is seen before it hangs. */
	lock_acquire(&lock->dep_map, subclass, 0, 0, NULL);
	dmb_pmutex_lock(&lock->m);
	mutex_set_owner(lock);
}

void mutex_lock(struct mutex *lock)
{
	mutex_lock_nested(lock, 0);
}

/*
 * A pthread mutex cannot be woken by send_sig(), so a sleep that signals
 * may cut short waits in short slices and re-checks between them.
 */
#define MUTEX_SIGNAL_POLL_NS (2 * 1000 * 1000)

static int mutex_lock_common(struct mutex *lock, int state)
{
	struct timespec ts;

	might_sleep();
	lock_acquire(&lock->dep_map, 0, 0, 0, NULL);
	/* Exploring: no signal comes from outside the schedule. */
	if (explore_active() && explore_current()) {
		dmb_pmutex_lock(&lock->m);
		mutex_set_owner(lock);
		return 0;
	}
	for (;;) {
		if (signal_pending_state(state, current)) {
			lock_release(&lock->dep_map);
			return -EINTR;
		}
		/* Realtime: sanitizers intercept timedlock, not clocklock. */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += MUTEX_SIGNAL_POLL_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (!pthread_mutex_timedlock(&lock->m, &ts))
			break;
	}
	mutex_set_owner(lock);
	return 0;
}

int mutex_lock_interruptible(struct mutex *lock)
{
	return mutex_lock_common(lock, TASK_INTERRUPTIBLE);
}

int mutex_lock_killable(struct mutex *lock)
{
	return mutex_lock_common(lock, TASK_KILLABLE);
}

int mutex_trylock(struct mutex *lock)
{
	explore_point("mutex_trylock", lock);
	if (pthread_mutex_trylock(&lock->m))
		return 0;
	lock_acquire(&lock->dep_map, 0, 1, 0, NULL);
	mutex_set_owner(lock);
	return 1;
}

void mutex_unlock(struct mutex *lock)
{
	struct task_struct *owner = __atomic_load_n(&lock->owner,
						    __ATOMIC_RELAXED);

	/* Unlocking an unlocked pthread mutex is undefined: refuse. */
	if (WARN(!owner, "mutex_unlock of unlocked mutex %s",
		 lock->dep_map.name))
		return;
	WARN(current && owner != current,
	     "mutex %s unlocked by a task that does not own it",
	     lock->dep_map.name);
	__atomic_store_n(&lock->owner, NULL, __ATOMIC_RELAXED);
	lock_release(&lock->dep_map);
	dmb_pmutex_unlock(&lock->m);
}

bool mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) != NULL;
}
