/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lock checking. Every lock embeds a lockdep_map naming its class (the
 * address of a static lock_class_key at the init site, like Linux). The
 * checker keeps each thread's held locks, records the order in which
 * classes are taken, and reports an inversion the first time both orders
 * have been seen. Compiled out when CONFIG_LOCKDEP is 0.
 */
#ifndef DMABRIDGE_LOCKDEP_H
#define DMABRIDGE_LOCKDEP_H

#include <dmb_config.h>
#include <dmabridge/compiler.h>

struct lock_class_key {
	char __one_byte; /* only the address matters */
};

enum lockdep_lock_type {
	LD_LOCK_MUTEX,
	LD_LOCK_RWSEM,
	LD_LOCK_SPIN,
	LD_LOCK_WW_MUTEX,
	LD_LOCK_SEQCOUNT,
	LD_LOCK_MAP,		/* a pseudo-lock (acquire contexts, waits) */
	/* The fence signalling pseudo-lock: cycles through it are
	 * reported as REPORT_SIGNALLING instead of REPORT_LOCKDEP. */
	LD_LOCK_FENCE_SIGNALLING,
};

struct lock_class;

struct lockdep_map {
	const char *name;
	struct lock_class_key *key;
	struct lock_class *class_cache;
	enum lockdep_lock_type type;
};

#define STATIC_LOCKDEP_MAP_INIT(_name, _key, _type) \
	{ .name = (_name), .key = (_key), .type = (_type) }

/*
 * read: 0 = exclusive, 1 = shared (an rwsem reader: a waiting writer
 * blocks it, so it may not recurse), 2 = shared recursive (readers never
 * block each other). As in Linux. nest_lock: a held lock (e.g. a ww
 * acquire context) under which several locks of one class may be held.
 */
#if CONFIG_LOCKDEP
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      struct lock_class_key *key, enum lockdep_lock_type type);
void lock_acquire(struct lockdep_map *map, unsigned int subclass, int trylock,
		  int read, struct lockdep_map *nest_lock);
void lock_release(struct lockdep_map *map);
bool lock_is_held(const struct lockdep_map *map);
/* Number of locks the calling thread holds. */
int lockdep_depth(void);
/* Runtime switch (the benchmark compares on and off). */
void lockdep_set_enabled(bool on);
bool lockdep_enabled(void);
/* Forget every class and order seen so far (tests that want a clean slate). */
void lockdep_reset(void);
/* Report if the caller holds any lock (e.g. before returning to "user"). */
void lockdep_assert_no_locks_held(const char *where);
#else
static inline void lockdep_init_map(struct lockdep_map *map, const char *name,
				    struct lock_class_key *key,
				    enum lockdep_lock_type type)
{
	map->name = name;
	map->key = key;
	map->type = type;
}
static inline void lock_acquire(struct lockdep_map *map, unsigned int subclass,
				int trylock, int read,
				struct lockdep_map *nest_lock)
{
}
static inline void lock_release(struct lockdep_map *map)
{
}
static inline bool lock_is_held(const struct lockdep_map *map)
{
	return true;
}
static inline int lockdep_depth(void)
{
	return 0;
}
static inline void lockdep_set_enabled(bool on)
{
}
static inline bool lockdep_enabled(void)
{
	return false;
}
static inline void lockdep_reset(void)
{
}
static inline void lockdep_assert_no_locks_held(const char *where)
{
}
#endif

#define lock_map_acquire(m) lock_acquire(m, 0, 0, 0, NULL)
#define lock_map_acquire_read(m) lock_acquire(m, 0, 0, 2, NULL)
#define lock_map_acquire_try(m) lock_acquire(m, 0, 1, 0, NULL)
#define lock_map_release(m) lock_release(m)

#define lockdep_set_class(lock, key)                                       \
	lockdep_init_map(&(lock)->dep_map, #key, key, (lock)->dep_map.type)
#define lockdep_set_class_and_name(lock, key, name)                        \
	lockdep_init_map(&(lock)->dep_map, name, key, (lock)->dep_map.type)

#if CONFIG_LOCKDEP
#define lockdep_assert_held(l)                                             \
	do {                                                               \
		if (lockdep_enabled() && !lock_is_held(&(l)->dep_map))     \
			report_emit(REPORT_LOCKDEP,                        \
				    "%s:%d %s(): lock %s is not held",     \
				    __FILE__, __LINE__, __func__,          \
				    (l)->dep_map.name);                    \
	} while (0)
#define lockdep_assert_not_held(l)                                         \
	do {                                                               \
		if (lockdep_enabled() && lock_is_held(&(l)->dep_map))      \
			report_emit(REPORT_LOCKDEP,                        \
				    "%s:%d %s(): lock %s must not be held", \
				    __FILE__, __LINE__, __func__,          \
				    (l)->dep_map.name);                    \
	} while (0)
/* Record the order "everything held now" -> l without taking l. */
#define might_lock(l)                                                      \
	do {                                                               \
		lock_acquire(&(l)->dep_map, 0, 0, 0, NULL);                \
		lock_release(&(l)->dep_map);                               \
	} while (0)
#define might_lock_read(l)                                                 \
	do {                                                               \
		lock_acquire(&(l)->dep_map, 0, 0, 1, NULL);                \
		lock_release(&(l)->dep_map);                               \
	} while (0)
#else
#define lockdep_assert_held(l) do { (void)(l); } while (0)
#define lockdep_assert_not_held(l) do { (void)(l); } while (0)
#define might_lock(l) do { (void)(l); } while (0)
#define might_lock_read(l) do { (void)(l); } while (0)
#endif

#include <dmabridge/report.h>

#endif
