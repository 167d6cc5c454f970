/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct rw_semaphore: many readers or one writer. Writers waiting block
 * new readers, as in Linux, so a stream of readers cannot starve a writer.
 */
#ifndef DMABRIDGE_RWSEM_H
#define DMABRIDGE_RWSEM_H

#include <pthread.h>
#include <dmabridge/atomic.h>
#include <dmabridge/lockdep.h>

/**
 * struct rw_semaphore - many readers or one writer
 * @count: RWSEM_WRITER_LOCKED, RWSEM_FLAG_WAITERS and the readers in units
 *	of RWSEM_READER_BIAS, as Linux's count: an uncontended reader enters
 *	and leaves with one atomic operation on it
 * @m: serializes the slow paths (writers, and readers that must wait)
 * @cond: waiters sleep on it
 * @writers_waiting: writers waiting (under @m); they block new readers
 * @dep_map: lockdep class and state
 *
 * Writers waiting block new readers, as in Linux, so a stream of readers
 * cannot starve a writer.
 */
struct rw_semaphore {
	atomic_long_t count;
	pthread_mutex_t m;
	pthread_cond_t cond;
	int writers_waiting;
	struct lockdep_map dep_map;
};

/**
 * __init_rwsem() - the function behind init_rwsem()
 * @sem: the semaphore
 * @name: lockdep name
 * @key: lockdep class (one per init site)
 *
 * Context: any context.
 */
void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key);
#define init_rwsem(sem)                                                    \
	do {                                                               \
		static struct lock_class_key __key;                        \
		__init_rwsem((sem), #sem, &__key);                         \
	} while (0)
/**
 * rwsem_destroy() - destroy an unheld semaphore
 * @sem: the semaphore
 *
 * dmabridge's own; Linux has no counterpart.
 *
 * Context: nobody may hold or wait for @sem.
 */
void rwsem_destroy(struct rw_semaphore *sem);

/**
 * down_read() - take the semaphore for reading
 * @sem: the semaphore
 *
 * Context: process context; may sleep.
 */
void down_read(struct rw_semaphore *sem);
/**
 * down_read_nested() - down_read() of a second lock of the same class
 * @sem: the semaphore
 * @subclass: lockdep subclass
 *
 * Context: process context; may sleep.
 */
void down_read_nested(struct rw_semaphore *sem, unsigned int subclass);
/**
 * down_read_interruptible() - down_read() unless a signal arrives
 * @sem: the semaphore
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINTR.
 */
int __must_check down_read_interruptible(struct rw_semaphore *sem);
/**
 * down_read_trylock() - take it for reading without waiting
 * @sem: the semaphore
 *
 * Context: any context.
 * Return: 1 if taken, 0 otherwise.
 */
int down_read_trylock(struct rw_semaphore *sem);
/**
 * down_read_killable() - down_read() unless a fatal signal arrives
 * @sem: the semaphore
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINTR.
 */
int __must_check down_read_killable(struct rw_semaphore *sem);
/**
 * up_read() - release a read hold
 * @sem: the semaphore
 *
 * Context: a reader.
 */
void up_read(struct rw_semaphore *sem);
/**
 * down_write() - take the semaphore for writing
 * @sem: the semaphore
 *
 * Context: process context; may sleep.
 */
void down_write(struct rw_semaphore *sem);
/**
 * down_write_nested() - down_write() of a second lock of the same class
 * @sem: the semaphore
 * @subclass: lockdep subclass
 *
 * Context: process context; may sleep.
 */
void down_write_nested(struct rw_semaphore *sem, unsigned int subclass);
/**
 * down_write_trylock() - take it for writing without waiting
 * @sem: the semaphore
 *
 * Context: any context.
 * Return: 1 if taken, 0 otherwise.
 */
int down_write_trylock(struct rw_semaphore *sem);
/**
 * down_write_killable() - down_write() unless a fatal signal arrives
 * @sem: the semaphore
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINTR.
 */
int __must_check down_write_killable(struct rw_semaphore *sem);
/**
 * up_write() - release the write hold
 * @sem: the semaphore
 *
 * Context: the writer.
 */
void up_write(struct rw_semaphore *sem);
/**
 * downgrade_write() - turn the write hold into a read hold
 * @sem: the semaphore
 *
 * Context: the writer.
 */
void downgrade_write(struct rw_semaphore *sem);
/**
 * rwsem_is_locked() - does anybody hold the semaphore?
 * @sem: the semaphore
 *
 * Context: any context.
 * Return: true if held for reading or writing.
 */
bool rwsem_is_locked(struct rw_semaphore *sem);

#define lockdep_assert_held_read(s) lockdep_assert_held(s)
#define lockdep_assert_held_write(s) lockdep_assert_held(s)

#endif
