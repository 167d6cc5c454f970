// SPDX-License-Identifier: GPL-2.0
/* tests/mm/test_notifier.c's waits under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#define main notifier_main
#include "../mm/test_notifier.c"
#undef main

/*
 * An invalidation blocked in its callback: mmu_interval_read_begin()
 * and a notifier inserted meanwhile wait for its end. Guards the
 * notifier's invalidate_seq wait (read_begin would return a sequence
 * the running invalidation does not retry).
 */
static void read_begin_waits_body(void *arg)
{
	test_read_begin_waits(NULL);
}

/*
 * mmu_interval_notifier_remove() during the callback returns only once
 * it is over. Guards remove's wait for the running invalidation.
 */
static void remove_waits_body(void *arg)
{
	test_remove_waits(NULL);
}

const struct ex_body ex_notifier_bodies[] = {
	{ "notifier_read_begin_waits", read_begin_waits_body, 1 },
	{ "notifier_remove_waits", remove_waits_body, 1 },
	{ NULL }
};
