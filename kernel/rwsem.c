// SPDX-License-Identifier: GPL-2.0
/*
 * Reader/writer semaphores; waiting writers hold off new readers.
 *
 * One atomic count, as Linux's: the writer bit, a "writers wait" flag and
 * the readers. A reader enters and leaves with one compare-and-swap or
 * subtraction when no writer holds or waits (Linux's rwsem_read_trylock);
 * writers, and readers that must wait, go through the mutex and sleep on
 * the condition variable. The count changes under the mutex except for
 * those reader fast paths, so a slow path that checked it under the
 * mutex sees only readers come and go. While a schedule is explored every
 * operation takes the mutex, so each is a switch point.
 */
#include <time.h>
#include <dmabridge/rwsem.h>
#include <dmabridge/explore.h>
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key)
{
	atomic_long_set(&sem->count, 0);
	pthread_mutex_init(&sem->m, NULL);
	pthread_cond_init(&sem->cond, NULL);
	sem->writers_waiting = 0;
	lockdep_init_map(&sem->dep_map, name, key, LD_LOCK_RWSEM);
}

void rwsem_destroy(struct rw_semaphore *sem)
{
	WARN_ON(rwsem_is_locked(sem));
	pthread_cond_destroy(&sem->cond);
	pthread_mutex_destroy(&sem->m);
}

#define RWSEM_WRITER_LOCKED	(1L << 0)
#define RWSEM_FLAG_WAITERS	(1L << 1)	/* a writer waits */
#define RWSEM_READER_SHIFT	8
#define RWSEM_READER_BIAS	(1L << RWSEM_READER_SHIFT)

static long rwsem_readers(long c)
{
	return c >> RWSEM_READER_SHIFT;
}

static bool read_may_enter(long c)
{
	return !(c & (RWSEM_WRITER_LOCKED | RWSEM_FLAG_WAITERS));
}

static bool write_may_enter(long c)
{
	return !(c & RWSEM_WRITER_LOCKED) && !rwsem_readers(c);
}

/* One more reader if none writes or waits to: true if it entered. */
static bool rwsem_read_trylock(struct rw_semaphore *sem)
{
	long c = atomic_long_read(&sem->count);

	while (read_may_enter(c))
		if (atomic_long_try_cmpxchg(&sem->count, &c,
					    c + RWSEM_READER_BIAS))
			return true;
	return false;
}

static bool rwsem_write_trylock(struct rw_semaphore *sem)
{
	long c = atomic_long_read(&sem->count);

	while (write_may_enter(c))
		if (atomic_long_try_cmpxchg(&sem->count, &c,
					    c | RWSEM_WRITER_LOCKED))
			return true;
	return false;
}

/*
 * send_sig() cannot wake our condition variable, so sleeps a signal may
 * end wait in short slices and re-check between them.
 */
#define RWSEM_SIGNAL_POLL_NS (2 * 1000 * 1000)

static int rwsem_wait(struct rw_semaphore *sem, int state)
{
	struct timespec ts;

	if (state == TASK_UNINTERRUPTIBLE) {
		dmb_pcond_wait(&sem->cond, &sem->m);
		return 0;
	}
	if (signal_pending_state(state, current))
		return -EINTR;
	/* Exploring: the slice ends when nothing else can run. */
	if (explore_active() && explore_current()) {
		__explore_cond_timedwait(&sem->cond, &sem->m);
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &ts);	/* sem->cond's clock */
	ts.tv_nsec += RWSEM_SIGNAL_POLL_NS;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&sem->cond, &sem->m, &ts);
	return 0;
}

static int down_read_common(struct rw_semaphore *sem, unsigned int subclass,
			    int state)
{
	int ret = 0;

	might_sleep();
	lock_acquire(&sem->dep_map, subclass, 0, 1, NULL);
	if (!explore_active() && rwsem_read_trylock(sem))
		return 0;
	dmb_pmutex_lock(&sem->m);
	while (!rwsem_read_trylock(sem) && !(ret = rwsem_wait(sem, state)))
		;
	dmb_pmutex_unlock(&sem->m);
	if (ret)
		lock_release(&sem->dep_map);
	return ret;
}

void down_read(struct rw_semaphore *sem)
{
	down_read_common(sem, 0, TASK_UNINTERRUPTIBLE);
}

void down_read_nested(struct rw_semaphore *sem, unsigned int subclass)
{
	down_read_common(sem, subclass, TASK_UNINTERRUPTIBLE);
}

int down_read_killable(struct rw_semaphore *sem)
{
	return down_read_common(sem, 0, TASK_KILLABLE);
}

int down_read_interruptible(struct rw_semaphore *sem)
{
	return down_read_common(sem, 0, TASK_INTERRUPTIBLE);
}

int down_read_trylock(struct rw_semaphore *sem)
{
	int ok;

	if (explore_active()) {
		dmb_pmutex_lock(&sem->m);
		ok = rwsem_read_trylock(sem);
		dmb_pmutex_unlock(&sem->m);
	} else {
		ok = rwsem_read_trylock(sem);
	}
	if (ok)
		lock_acquire(&sem->dep_map, 0, 1, 1, NULL);
	return ok;
}

void up_read(struct rw_semaphore *sem)
{
	bool exploring = explore_active();
	long c;

	if (exploring)
		dmb_pmutex_lock(&sem->m);
	c = atomic_long_read(&sem->count);
	do {
		if (WARN_ON(rwsem_readers(c) <= 0)) {
			if (exploring)
				dmb_pmutex_unlock(&sem->m);
			return;
		}
	} while (!atomic_long_try_cmpxchg(&sem->count, &c,
					  c - RWSEM_READER_BIAS));
	lock_release(&sem->dep_map);
	c -= RWSEM_READER_BIAS;
	/*
	 * The last reader wakes a waiting writer. The writer set the flag
	 * before it looked at the readers (both sequentially consistent),
	 * so either it saw none left, or the flag is seen here; it checks
	 * and sleeps under the mutex, which the broadcast takes.
	 */
	if (!rwsem_readers(c) && (c & RWSEM_FLAG_WAITERS)) {
		if (!exploring)
			dmb_pmutex_lock(&sem->m);
		dmb_pcond_broadcast(&sem->cond);
		if (!exploring)
			dmb_pmutex_unlock(&sem->m);
	}
	if (exploring)
		dmb_pmutex_unlock(&sem->m);
}

static int down_write_common(struct rw_semaphore *sem, unsigned int subclass,
			     int state)
{
	int ret = 0;

	might_sleep();
	lock_acquire(&sem->dep_map, subclass, 0, 0, NULL);
	dmb_pmutex_lock(&sem->m);
	if (!sem->writers_waiting++)
		atomic_long_fetch_or(RWSEM_FLAG_WAITERS, &sem->count);
	while (!rwsem_write_trylock(sem) && !(ret = rwsem_wait(sem, state)))
		;
	if (!--sem->writers_waiting)
		atomic_long_fetch_andnot(RWSEM_FLAG_WAITERS, &sem->count);
	if (ret)	/* readers we held off may go now */
		dmb_pcond_broadcast(&sem->cond);
	dmb_pmutex_unlock(&sem->m);
	if (ret)
		lock_release(&sem->dep_map);
	return ret;
}

void down_write(struct rw_semaphore *sem)
{
	down_write_common(sem, 0, TASK_UNINTERRUPTIBLE);
}

void down_write_nested(struct rw_semaphore *sem, unsigned int subclass)
{
	down_write_common(sem, subclass, TASK_UNINTERRUPTIBLE);
}

int down_write_killable(struct rw_semaphore *sem)
{
	return down_write_common(sem, 0, TASK_KILLABLE);
}

int down_write_trylock(struct rw_semaphore *sem)
{
	int ok;

	dmb_pmutex_lock(&sem->m);
	ok = rwsem_write_trylock(sem);
	dmb_pmutex_unlock(&sem->m);
	if (ok)
		lock_acquire(&sem->dep_map, 0, 1, 0, NULL);
	return ok;
}

void up_write(struct rw_semaphore *sem)
{
	dmb_pmutex_lock(&sem->m);
	if (WARN_ON(!(atomic_long_read(&sem->count) & RWSEM_WRITER_LOCKED))) {
		dmb_pmutex_unlock(&sem->m);
		return;
	}
	lock_release(&sem->dep_map);
	atomic_long_fetch_andnot(RWSEM_WRITER_LOCKED, &sem->count);
	dmb_pcond_broadcast(&sem->cond);
	dmb_pmutex_unlock(&sem->m);
}

void downgrade_write(struct rw_semaphore *sem)
{
	dmb_pmutex_lock(&sem->m);
	if (WARN_ON(!(atomic_long_read(&sem->count) & RWSEM_WRITER_LOCKED))) {
		dmb_pmutex_unlock(&sem->m);
		return;
	}
	lock_release(&sem->dep_map);
	lock_acquire(&sem->dep_map, 0, 1, 1, NULL);
	/* Writer to reader in one step: no writer gets in between. */
	atomic_long_add(RWSEM_READER_BIAS - RWSEM_WRITER_LOCKED, &sem->count);
	dmb_pcond_broadcast(&sem->cond);
	dmb_pmutex_unlock(&sem->m);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	long c = atomic_long_read(&sem->count);

	return (c & RWSEM_WRITER_LOCKED) || rwsem_readers(c);
}
