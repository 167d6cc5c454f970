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

typedef struct seqcount {
	unsigned int sequence;
	struct lockdep_map dep_map;
} seqcount_t;

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

static inline unsigned int raw_read_seqcount(const seqcount_t *s)
{
	return __atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE);
}

static inline unsigned int read_seqcount_begin(const seqcount_t *s)
{
	unsigned int seq;

	while ((seq = raw_read_seqcount(s)) & 1)
		sched_yield();
	return seq;
}

static inline int read_seqcount_retry(const seqcount_t *s, unsigned int start)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->sequence, __ATOMIC_RELAXED) != start;
}

static inline void write_seqcount_begin(seqcount_t *s)
{
	lock_acquire(&s->dep_map, 0, 0, 0, NULL);
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void write_seqcount_end(seqcount_t *s)
{
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELEASE);
	lock_release(&s->dep_map);
}

/* Make every reader in flight retry (the data changed identity). */
static inline void write_seqcount_invalidate(seqcount_t *s)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&s->sequence, s->sequence + 2, __ATOMIC_RELAXED);
}

/* seqlock_t: a seqcount with its own writer spinlock. */
typedef struct {
	seqcount_t seqcount;
	spinlock_t lock;
} seqlock_t;

#define seqlock_init(sl)                                                   \
	do {                                                               \
		seqcount_init(&(sl)->seqcount);                            \
		spin_lock_init(&(sl)->lock);                               \
	} while (0)

static inline unsigned int read_seqbegin(const seqlock_t *sl)
{
	return read_seqcount_begin(&sl->seqcount);
}

static inline int read_seqretry(const seqlock_t *sl, unsigned int start)
{
	return read_seqcount_retry(&sl->seqcount, start);
}

static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock(seqlock_t *sl)
{
	write_seqcount_end(&sl->seqcount);
	spin_unlock(&sl->lock);
}

#endif
