// SPDX-License-Identifier: GPL-2.0
/*
 * tests/locking/test_ww_mutex.c's stress under exploration: its own
 * run_stress() with 3 threads taking shuffled sets of 4 locks, 3 sets
 * each, in both classes. Not here: the tests whose threads meet at a
 * pthread_barrier or read the lock's host mutex directly (a host block
 * holding the token), and test_null_ctx_threads (8000 locks a schedule).
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

const struct ex_body ex_ww_bodies[] = {
	{ "ww_mutex_stress", ww_stress_body, 2 },
	{ NULL }
};
