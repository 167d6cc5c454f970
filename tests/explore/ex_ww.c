// SPDX-License-Identifier: GPL-2.0
/*
 * tests/locking/test_ww_mutex.c under exploration: its own run_stress()
 * with 3 threads taking shuffled sets of 4 locks, 3 sets each, in both
 * classes; its rings, ABBA and the tests whose threads meet at a
 * pthread_barrier (explore_race.h's barrier shim). Not here: the tests
 * that read the lock's host mutex directly (a host block holding the
 * token) and test_null_ctx_threads (8000 locks a schedule).
 */
#include "explore_race.h"
#include "explore_more.h"
#define main ww_mutex_main
#include "../locking/test_ww_mutex.c"
#undef main

/*
 * Wound-Wait and Wait-Die back-off: no lock is held twice (the
 * stress's own check) and every acquire ends. Guards the back-off on
 * -EDEADLK and the wound of a younger holder.
 */
static void ww_stress_body(void *arg)
{
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(classes); c++)
		run_stress(classes[c], 3, 4, 3, 3, false);
}

/*
 * Rings of 3 and 5 threads, each holding its lock and then (after the
 * barrier) taking the next one's, in both classes; and ABBA, where only
 * the younger context backs off. Guards the -EDEADLK back-off (Wait-Die)
 * and the wound of the younger holder (Wound-Wait): without them a ring
 * deadlocks.
 */
static void ww_rings_body(void *arg)
{
	static const int sizes[] = { 3, 5 };
	struct ring r;
	unsigned int c, s;

	for (c = 0; c < ARRAY_SIZE(classes); c++)
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			assert_true(run_ring(classes[c], sizes[s], &r) >= 1);
			free_ring(&r);
		}
}

static void ww_abba_body(void *arg)
{
	test_abba(NULL);
}

/* -EDEADLK only while holding a lock; the slow path sleeps instead. */
static void ww_edeadlk_only_when_holding_body(void *arg)
{
	test_edeadlk_only_when_holding(NULL);
}

/* Another lock after -EDEADLK without backing off: one lockdep report. */
static void ww_abuse_other_lock_body(void *arg)
{
	test_abuse_other_lock_after_edeadlk(NULL);
}

const struct ex_body ex_ww_bodies[] = {
	{ "ww_mutex_stress", ww_stress_body, 2 },
	{ "ww_mutex_rings", ww_rings_body, 2 },
	{ "ww_mutex_abba", ww_abba_body, 1 },
	{ "ww_mutex_edeadlk_only_when_holding",
	  ww_edeadlk_only_when_holding_body, 1 },
	{ "ww_mutex_abuse_other_lock_after_edeadlk", ww_abuse_other_lock_body,
	  1, false, 1 },
	{ NULL }
};
