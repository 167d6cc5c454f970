/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seqcount_t: readers retry if a writer ran meanwhile. Writers must be
 * serialised by a lock of their own, as in Linux.
 */
#ifndef DMABRIDGE_SEQLOCK_H
#define DMABRIDGE_SEQLOCK_H

#include <sched.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/spinlock.h>

/**
 * struct seqcount - seqcount_t: readers retry if a writer ran meanwhile
 * @sequence: odd while a writer is inside
 * @dep_map: lockdep class (the write side is checked)
 *
 * Writers must be serialised by a lock of their own, as in Linux.
 */
typedef struct seqcount {
	unsigned int sequence;
	struct lockdep_map dep_map;
} seqcount_t;

/**
 * __seqcount_init() - the function behind seqcount_init()
 * @s: the seqcount
 * @name: lockdep name
 * @key: lockdep class (one per init site)
 *
 * Context: any context.
 */
static inline void __seqcount_init(seqcount_t *s, const char *name,
				   struct lock_class_key *key)
{
	s->sequence = 0;
	lockdep_init_map(&s->dep_map, name, key, LD_LOCK_SEQCOUNT);
}

#define seqcount_init(s)                                                   \
	do {                                                               \
		static struct lock_class_key __key;                        \
		__seqcount_init((s), #s, &__key);                          \
	} while (0)

/**
 * raw_read_seqcount() - the sequence, without waiting for a writer
 * @s: the seqcount
 *
 * Context: any context.
 * Return: the sequence (odd while a writer is inside).
 */
static inline unsigned int raw_read_seqcount(const seqcount_t *s)
{
	return __atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE);
}

/**
 * read_seqcount_begin() - start a read section
 * @s: the seqcount
 *
 * Waits (yielding) while a writer is inside.
 *
 * Context: any context; not inside the write section of @s.
 * Return: the even sequence to pass to read_seqcount_retry().
 */
static inline unsigned int read_seqcount_begin(const seqcount_t *s)
{
	unsigned int seq;

	while ((seq = raw_read_seqcount(s)) & 1)
		sched_yield();
	return seq;
}

/**
 * read_seqcount_retry() - did a writer run since the section began?
 * @s: the seqcount
 * @start: from read_seqcount_begin()
 *
 * Context: any context.
 * Return: nonzero if the reader must retry.
 */
static inline int read_seqcount_retry(const seqcount_t *s, unsigned int start)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->sequence, __ATOMIC_RELAXED) != start;
}

/**
 * write_seqcount_begin() - start a write section
 * @s: the seqcount
 *
 * Context: the writers' own lock held.
 */
static inline void write_seqcount_begin(seqcount_t *s)
{
	lock_acquire(&s->dep_map, 0, 0, 0, NULL);
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

/**
 * write_seqcount_end() - end a write section
 * @s: the seqcount
 *
 * Context: the writers' own lock held.
 */
static inline void write_seqcount_end(seqcount_t *s)
{
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELEASE);
	lock_release(&s->dep_map);
}

/**
 * write_seqcount_invalidate() - make every reader in flight retry
 * @s: the seqcount
 *
 * For when the data changed identity.
 *
 * Context: the writers' own lock held.
 */
static inline void write_seqcount_invalidate(seqcount_t *s)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&s->sequence, s->sequence + 2, __ATOMIC_RELAXED);
}

/**
 * DOC: seqlock_t
 *
 * A seqcount (.seqcount) with its own writer spinlock (.lock).
 */
typedef struct {
	seqcount_t seqcount;
	spinlock_t lock;
} seqlock_t;

#define seqlock_init(sl)                                                   \
	do {                                                               \
		seqcount_init(&(sl)->seqcount);                            \
		spin_lock_init(&(sl)->lock);                               \
	} while (0)

/**
 * read_seqbegin() - start a read section of a seqlock
 * @sl: the seqlock
 *
 * Context: any context.
 * Return: the sequence to pass to read_seqretry().
 */
static inline unsigned int read_seqbegin(const seqlock_t *sl)
{
	return read_seqcount_begin(&sl->seqcount);
}

/**
 * read_seqretry() - must the read section be retried?
 * @sl: the seqlock
 * @start: from read_seqbegin()
 *
 * Context: any context.
 * Return: nonzero if a writer ran.
 */
static inline int read_seqretry(const seqlock_t *sl, unsigned int start)
{
	return read_seqcount_retry(&sl->seqcount, start);
}

/**
 * write_seqlock() - take the writer lock and start a write section
 * @sl: the seqlock
 *
 * Context: any context; takes @sl->lock.
 */
static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	write_seqcount_begin(&sl->seqcount);
}

/**
 * write_sequnlock() - end the write section and release the lock
 * @sl: the seqlock
 *
 * Context: the writer.
 */
static inline void write_sequnlock(seqlock_t *sl)
{
	write_seqcount_end(&sl->seqcount);
	spin_unlock(&sl->lock);
}

#endif
