// SPDX-License-Identifier: GPL-2.0
/*
 * tests/locking/test_ww_mutex.c under exploration: its own run_stress()
 * with 3 threads taking shuffled sets of 4 locks, 3 sets each, in both
 * classes; its rings, ABBA and the tests whose threads meet at a
 * pthread_barrier (explore_race.h's barrier shim), and the two that read
 * the lock's waiter list under its host mutex. Not here:
 * test_null_ctx_threads (8000 locks a schedule).
 */
#include "explore_race.h"
#include "explore_more.h"
/*
 * Its has_waiter()/nr_waiters() read the lock's waiter list under the
 * lock's host mutex: in a run through the scheduler, as the primitives do.
 */
#define pthread_mutex_lock(m) dmb_pmutex_lock(m)
#define pthread_mutex_unlock(m) dmb_pmutex_unlock(m)
#define main ww_mutex_main
#include "../locking/test_ww_mutex.c"
#undef main
#undef pthread_mutex_lock
#undef pthread_mutex_unlock

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

/*
 * Two sleepers on a held ww_mutex: the unlock wakes both (the WAITERS
 * bit stays until the last sleeper leaves). Guards the WAITERS protocol.
 */
static void ww_unlock_wakes_every_sleeper_body(void *arg)
{
	test_unlock_wakes_every_queued_sleeper(NULL);
}

/* A signal ends an interruptible ww_mutex wait with -EINTR. */
static void ww_interruptible_body(void *arg)
{
	test_interruptible(NULL);
}

const struct ex_body ex_ww_bodies[] = {
	{ "ww_mutex_stress", ww_stress_body, 2 },
	{ "ww_mutex_rings", ww_rings_body, 2 },
	{ "ww_mutex_abba", ww_abba_body, 1 },
	{ "ww_mutex_edeadlk_only_when_holding",
	  ww_edeadlk_only_when_holding_body, 1 },
	{ "ww_mutex_abuse_other_lock_after_edeadlk", ww_abuse_other_lock_body,
	  1, false, 1 },
	{ "ww_mutex_unlock_wakes_every_queued_sleeper",
	  ww_unlock_wakes_every_sleeper_body, 1 },
	{ "ww_mutex_interruptible", ww_interruptible_body, 1 },
	{ NULL }
};
