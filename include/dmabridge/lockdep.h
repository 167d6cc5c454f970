/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lock checking. Every lock embeds a lockdep_map naming its class (the
 * address of a static lock_class_key at the init site, like Linux). The
 * checker keeps each thread's held locks, records the order in which
 * classes are taken, and reports an inversion the first time both orders
 * have been seen.
 *
 * This header is the same whether the checker is built (meson
 * -Dlockdep=true, the default) or not, and so is every struct: code
 * outside the library always calls the functions below, which a library
 * built without the checker provides as no-ops (lockdep_built_in() says
 * which). The library's own code is compiled with CONFIG_LOCKDEP set to 0
 * or 1 by meson; with 0 the calls are compiled out, so the checker costs
 * nothing when it is not built.
 */
#ifndef DMABRIDGE_LOCKDEP_H
#define DMABRIDGE_LOCKDEP_H

#include <dmabridge/compiler.h>

/**
 * struct lock_class_key - a lock class: only its address matters
 * @__one_byte: makes the struct addressable
 */
struct lock_class_key {
	char __one_byte; /* only the address matters */
};

/**
 * enum lockdep_lock_type - the kind of lock a lockdep_map belongs to
 * @LD_LOCK_MUTEX: struct mutex
 * @LD_LOCK_RWSEM: struct rw_semaphore
 * @LD_LOCK_SPIN: spinlock_t
 * @LD_LOCK_WW_MUTEX: struct ww_mutex
 * @LD_LOCK_SEQCOUNT: seqcount_t
 * @LD_LOCK_MAP: a pseudo-lock (acquire contexts, waits)
 * @LD_LOCK_FENCE_SIGNALLING: the fence signalling pseudo-lock: cycles
 * 	through it are reported as REPORT_SIGNALLING instead of
 * 	REPORT_LOCKDEP
 */
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

/**
 * struct lockdep_map - what every lock embeds for the checker (as dep_map)
 * @name: printed in reports
 * @key: the class
 * @class_cache: the checker's class, looked up once
 * @type: the kind of lock
 */
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
/*
 * Inside the library built without the checker (CONFIG_LOCKDEP defined to
 * 0 by meson, for its own code only) the calls compile to nothing;
 * kernel/lockdep.c defines __LOCKDEP_DEFINE_NOOPS to provide the out-of-line
 * no-ops that everybody else links against.
 */
#if defined(CONFIG_LOCKDEP) && !CONFIG_LOCKDEP && \
	!defined(__LOCKDEP_DEFINE_NOOPS)
#define __LOCKDEP_COMPILED_OUT 1
#else
#define __LOCKDEP_COMPILED_OUT 0
#endif

#if !__LOCKDEP_COMPILED_OUT
/**
 * lockdep_init_map() - name a lock and give it a class
 * @map: the lock's lockdep_map (embedded in the lock as dep_map)
 * @name: printed in reports
 * @key: the class: the address of a static lock_class_key, one per init site
 * @type: what kind of lock @map belongs to
 *
 * Context: any; @map is not in use.
 */
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      struct lock_class_key *key, enum lockdep_lock_type type);
/**
 * lock_acquire() - tell the checker the calling thread takes a lock
 * @map: the lock
 * @subclass: nesting level, for two locks of one class taken in a fixed order
 * @trylock: 1 for a trylock (cannot deadlock, so records no order)
 * @read: 0 exclusive, 1 shared, 2 shared recursive
 * @nest_lock: a held lock under which several locks of @map's class may be
 *	held (e.g. a ww acquire context), or NULL
 *
 * Records the order "every lock held now -> @map" and reports a cycle, a
 * recursion or a depth overflow.
 *
 * Context: any thread; call it after taking the lock.
 */
void lock_acquire(struct lockdep_map *map, unsigned int subclass, int trylock,
		  int read, struct lockdep_map *nest_lock);
/**
 * lock_release() - tell the checker the calling thread dropped a lock
 * @map: the lock
 *
 * Context: the thread that acquired @map. Releasing a lock that is not
 * held is reported.
 */
void lock_release(struct lockdep_map *map);
/**
 * lock_is_held() - does the calling thread hold a lock
 * @map: the lock
 *
 * Context: any.
 * Return: true if held (always true when the checker is not built or is
 * disabled, so asserts built on it never fire).
 */
bool lock_is_held(const struct lockdep_map *map);
/**
 * lockdep_depth() - number of locks the calling thread holds
 *
 * Context: any.
 * Return: the depth, 0 when the checker is not built.
 */
int lockdep_depth(void);
/**
 * lockdep_set_enabled() - turn the checker on or off at run time
 * @on: new state
 *
 * The benchmarks compare both; turning it back on forgets nothing.
 *
 * Context: no locks held by any thread.
 */
void lockdep_set_enabled(bool on);
/**
 * lockdep_enabled() - is the checker on
 *
 * Context: any.
 * Return: false when the checker is not built or was turned off.
 */
bool lockdep_enabled(void);
/**
 * __might_sleep() - the check behind might_sleep()
 * @file: the annotation's file
 * @line: and line
 *
 * Linux's CONFIG_DEBUG_ATOMIC_SLEEP, built on the lock checker (a
 * modelling choice: there is no preempt count, so a spinlock held is what
 * makes the context atomic): a REPORT_LOCKDEP "sleeping function called
 * from invalid context" when the calling thread holds a spinlock.
 *
 * Context: any; reports in atomic context.
 */
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)                                               \
	do {                                                               \
		if (cond)                                                  \
			might_sleep();                                     \
	} while (0)
/**
 * lockdep_built_in() - was the library built with the lock checker
 *
 * For programs outside the library, which cannot see the build option.
 *
 * Context: any.
 * Return: true if built with meson -Dlockdep=true.
 */
bool lockdep_built_in(void);
/**
 * lockdep_reset() - forget every class and order seen so far
 *
 * For tests that want a clean slate.
 *
 * Context: no locks held by any thread.
 */
void lockdep_reset(void);
/**
 * lockdep_assert_no_locks_held() - report if the caller holds any lock
 * @where: named in the report (e.g. the syscall returning to "user")
 *
 * Context: any.
 */
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
static inline bool lockdep_built_in(void)
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

#if !__LOCKDEP_COMPILED_OUT
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
