// SPDX-License-Identifier: GPL-2.0
/* Reader/writer semaphores; waiting writers hold off new readers. */
#include <dmabridge/rwsem.h>
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

void down_read(struct rw_semaphore *sem)
{
	lock_acquire(&sem->dep_map, 0, 0, 1, NULL);
	pthread_mutex_lock(&sem->m);
	while (!read_may_enter(sem))
		pthread_cond_wait(&sem->cond, &sem->m);
	sem->readers++;
	pthread_mutex_unlock(&sem->m);
}

int down_read_killable(struct rw_semaphore *sem)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	down_read(sem);
	return 0;
}

int down_read_trylock(struct rw_semaphore *sem)
{
	int ok;

	pthread_mutex_lock(&sem->m);
	ok = read_may_enter(sem);
	if (ok)
		sem->readers++;
	pthread_mutex_unlock(&sem->m);
	if (ok)
		lock_acquire(&sem->dep_map, 0, 1, 1, NULL);
	return ok;
}

void up_read(struct rw_semaphore *sem)
{
	lock_release(&sem->dep_map);
	pthread_mutex_lock(&sem->m);
	WARN_ON(sem->readers <= 0);
	if (--sem->readers == 0)
		pthread_cond_broadcast(&sem->cond);
	pthread_mutex_unlock(&sem->m);
}

void down_write(struct rw_semaphore *sem)
{
	lock_acquire(&sem->dep_map, 0, 0, 0, NULL);
	pthread_mutex_lock(&sem->m);
	sem->writers_waiting++;
	while (sem->writer || sem->readers)
		pthread_cond_wait(&sem->cond, &sem->m);
	sem->writers_waiting--;
	sem->writer = true;
	pthread_mutex_unlock(&sem->m);
}

int down_write_killable(struct rw_semaphore *sem)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	down_write(sem);
	return 0;
}

int down_write_trylock(struct rw_semaphore *sem)
{
	int ok;

	pthread_mutex_lock(&sem->m);
	ok = !sem->writer && !sem->readers;
	if (ok)
		sem->writer = true;
	pthread_mutex_unlock(&sem->m);
	if (ok)
		lock_acquire(&sem->dep_map, 0, 1, 0, NULL);
	return ok;
}

void up_write(struct rw_semaphore *sem)
{
	lock_release(&sem->dep_map);
	pthread_mutex_lock(&sem->m);
	WARN_ON(!sem->writer);
	sem->writer = false;
	pthread_cond_broadcast(&sem->cond);
	pthread_mutex_unlock(&sem->m);
}

void downgrade_write(struct rw_semaphore *sem)
{
	lock_release(&sem->dep_map);
	lock_acquire(&sem->dep_map, 0, 1, 1, NULL);
	pthread_mutex_lock(&sem->m);
	WARN_ON(!sem->writer);
	sem->writer = false;
	sem->readers++;
	pthread_cond_broadcast(&sem->cond);
	pthread_mutex_unlock(&sem->m);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	bool ret;

	pthread_mutex_lock(&sem->m);
	ret = sem->writer || sem->readers;
	pthread_mutex_unlock(&sem->m);
	return ret;
}
