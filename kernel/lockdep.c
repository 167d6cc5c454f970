// SPDX-License-Identifier: GPL-2.0
/*
 * Lock checker: each thread's held locks. (The class order graph and
 * signalling-section checks build on this list.)
 */
#include <stdlib.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/report.h>
#include <dmabridge/bug.h>

#if CONFIG_LOCKDEP

struct held_lock {
	struct lockdep_map *map;
	unsigned int subclass;
	int read;
	int trylock;
};

static __thread struct held_lock *held;
static __thread int held_depth, held_cap;
static bool lockdep_on = true;

void lockdep_set_enabled(bool on)
{
	__atomic_store_n(&lockdep_on, on, __ATOMIC_RELAXED);
}

bool lockdep_enabled(void)
{
	return __atomic_load_n(&lockdep_on, __ATOMIC_RELAXED);
}

void lockdep_reset(void)
{
}

void lockdep_init_map(struct lockdep_map *map, const char *name,
		      struct lock_class_key *key, enum lockdep_lock_type type)
{
	map->name = name;
	map->key = key;
	map->class_cache = NULL;
	map->type = type;
}

static bool held_push(struct held_lock hl)
{
	if (held_depth == held_cap) {
		int cap = held_cap ? held_cap * 2 : 16;
		struct held_lock *n = realloc(held, cap * sizeof(*n));

		if (!n)
			return false;
		held = n;
		held_cap = cap;
	}
	held[held_depth++] = hl;
	return true;
}

void lock_acquire(struct lockdep_map *map, unsigned int subclass, int trylock,
		  int read, struct lockdep_map *nest_lock)
{
	struct held_lock hl = { map, subclass, read, trylock };

	if (!lockdep_enabled())
		return;
	held_push(hl);
}

void lock_release(struct lockdep_map *map)
{
	int i;

	if (!lockdep_enabled())
		return;
	for (i = held_depth - 1; i >= 0; i--) {
		if (held[i].map == map) {
			held_depth--;
			for (; i < held_depth; i++)
				held[i] = held[i + 1];
			return;
		}
	}
	report_emit(REPORT_LOCKDEP, "releasing lock %s that is not held",
		    map->name ? map->name : "?");
}

bool lock_is_held(const struct lockdep_map *map)
{
	int i;

	for (i = held_depth - 1; i >= 0; i--)
		if (held[i].map == map)
			return true;
	return false;
}

int lockdep_depth(void)
{
	return held_depth;
}

void lockdep_assert_no_locks_held(const char *where)
{
	if (lockdep_enabled() && held_depth)
		report_emit(REPORT_LOCKDEP, "%s: %d lock(s) held, first %s",
			    where, held_depth, held[0].map->name);
}

#endif
