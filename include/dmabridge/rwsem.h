/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct rw_semaphore: many readers or one writer. Writers waiting block
 * new readers, as in Linux, so a stream of readers cannot starve a writer.
 */
#ifndef DMABRIDGE_RWSEM_H
#define DMABRIDGE_RWSEM_H

#include <pthread.h>
#include <dmabridge/lockdep.h>

struct rw_semaphore {
	pthread_mutex_t m;
	pthread_cond_t cond;
	int readers;		/* active readers */
	bool writer;		/* a writer holds it */
	int writers_waiting;
	struct lockdep_map dep_map;
};

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key);
#define init_rwsem(sem)                                                    \
	do {                                                               \
		static struct lock_class_key __key;                        \
		__init_rwsem((sem), #sem, &__key);                         \
	} while (0)
void rwsem_destroy(struct rw_semaphore *sem);

void down_read(struct rw_semaphore *sem);
void down_read_nested(struct rw_semaphore *sem, unsigned int subclass);
int __must_check down_read_interruptible(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
int __must_check down_read_killable(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void down_write_nested(struct rw_semaphore *sem, unsigned int subclass);
int down_write_trylock(struct rw_semaphore *sem);
int __must_check down_write_killable(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
bool rwsem_is_locked(struct rw_semaphore *sem);

#define lockdep_assert_held_read(s) lockdep_assert_held(s)
#define lockdep_assert_held_write(s) lockdep_assert_held(s)

#endif
