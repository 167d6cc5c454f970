// SPDX-License-Identifier: GPL-2.0
/* Reader/writer semaphores; waiting writers hold off new readers. */
#include <time.h>
#include <dmabridge/rwsem.h>
#include <dmabridge/explore.h>
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key)
{
	pthread_mutex_init(&sem->m, NULL);
	pthread_cond_init(&sem->cond, NULL);
	sem->readers = 0;
	sem->writer = false;
	sem->writers_waiting = 0;
	lockdep_init_map(&sem->dep_map, name, key, LD_LOCK_RWSEM);
}

void rwsem_destroy(struct rw_semaphore *sem)
{
	WARN_ON(rwsem_is_locked(sem));
	pthread_cond_destroy(&sem->cond);
	pthread_mutex_destroy(&sem->m);
}

static bool read_may_enter(struct rw_semaphore *sem)
{
	return !sem->writer && !sem->writers_waiting;
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

	lock_acquire(&sem->dep_map, subclass, 0, 1, NULL);
	dmb_pmutex_lock(&sem->m);
	while (!read_may_enter(sem) && !(ret = rwsem_wait(sem, state)))
		;
	if (!ret)
		sem->readers++;
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

	dmb_pmutex_lock(&sem->m);
	ok = read_may_enter(sem);
	if (ok)
		sem->readers++;
	dmb_pmutex_unlock(&sem->m);
	if (ok)
		lock_acquire(&sem->dep_map, 0, 1, 1, NULL);
	return ok;
}

void up_read(struct rw_semaphore *sem)
{
	dmb_pmutex_lock(&sem->m);
	if (WARN_ON(sem->readers <= 0)) {
		dmb_pmutex_unlock(&sem->m);
		return;
	}
	lock_release(&sem->dep_map);
	if (--sem->readers == 0)
		dmb_pcond_broadcast(&sem->cond);
	dmb_pmutex_unlock(&sem->m);
}

static int down_write_common(struct rw_semaphore *sem, unsigned int subclass,
			     int state)
{
	int ret = 0;

	lock_acquire(&sem->dep_map, subclass, 0, 0, NULL);
	dmb_pmutex_lock(&sem->m);
	sem->writers_waiting++;
	while ((sem->writer || sem->readers) &&
	       !(ret = rwsem_wait(sem, state)))
		;
	sem->writers_waiting--;
	if (!ret)
		sem->writer = true;
	else	/* readers we held off may go now */
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
	ok = !sem->writer && !sem->readers;
	if (ok)
		sem->writer = true;
	dmb_pmutex_unlock(&sem->m);
	if (ok)
		lock_acquire(&sem->dep_map, 0, 1, 0, NULL);
	return ok;
}

void up_write(struct rw_semaphore *sem)
{
	dmb_pmutex_lock(&sem->m);
	if (WARN_ON(!sem->writer)) {
		dmb_pmutex_unlock(&sem->m);
		return;
	}
	lock_release(&sem->dep_map);
	sem->writer = false;
	dmb_pcond_broadcast(&sem->cond);
	dmb_pmutex_unlock(&sem->m);
}

void downgrade_write(struct rw_semaphore *sem)
{
	dmb_pmutex_lock(&sem->m);
	if (WARN_ON(!sem->writer)) {
		dmb_pmutex_unlock(&sem->m);
		return;
	}
	lock_release(&sem->dep_map);
	lock_acquire(&sem->dep_map, 0, 1, 1, NULL);
	sem->writer = false;
	sem->readers++;
	dmb_pcond_broadcast(&sem->cond);
	dmb_pmutex_unlock(&sem->m);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	bool ret;

	dmb_pmutex_lock(&sem->m);
	ret = sem->writer || sem->readers;
	dmb_pmutex_unlock(&sem->m);
	return ret;
}
