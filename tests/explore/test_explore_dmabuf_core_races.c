// SPDX-License-Identifier: GPL-2.0
/*
 * The dma-buf core race tests (tests/dma-buf/core/test_dma_buf_races.c)
 * under schedule exploration: the same test functions with a few
 * iterations each (TSTRESS), a fresh kernel platform per schedule.
 */
#include "explore_race.h"
#include "texp.h"

static int ex_iters;
#undef TSTRESS
#define TSTRESS(n) ex_iters
#define main dma_buf_races_main
#include "../dma-buf/core/test_dma_buf_races.c"
#undef main

/*
 * Map vs invalidate and move: an importer maps and unmaps under the resv
 * lock while the exporter moves. Guards the resv lock around map and
 * move (a mapping showing the old backing fails the body's check).
 */
static void map_vs_move_pal_body(void *arg)
{
	ex_iters = 8;
	test_map_vs_invalidate_and_move(NULL);
}

static void test_explore_map_vs_invalidate_and_move(void **state)
{
	explore_race("map_vs_invalidate_and_move", map_vs_move_pal_body,
		     EX_CI_SCHEDULES);
}

/*
 * Map vs revoke: the importer maps while the exporter revokes and
 * restores. Guards the revoked flag checked under the resv lock and the
 * revoke's wait for the unmap (checked: nothing mapped after it).
 */
static void map_vs_revoke_body(void *arg)
{
	ex_iters = 8;
	test_map_vs_revoke(NULL);
}

static void test_explore_map_vs_revoke(void **state)
{
	explore_race("map_vs_revoke", map_vs_revoke_body, EX_CI_SCHEDULES);
}

/*
 * Detach vs invalidate: an importer attaches and detaches while the
 * exporter invalidates. Guards the attachment list under the resv lock
 * (an invalidate reaching a detached importer is a BUG_ON).
 */
static void detach_vs_invalidate_body(void *arg)
{
	ex_iters = 3;
	test_detach_vs_invalidate(NULL);
}

static void test_explore_detach_vs_invalidate(void **state)
{
	explore_race("detach_vs_invalidate", detach_vs_invalidate_body,
		     EX_CI_SCHEDULES);
}

/*
 * Close vs attach: dma_buf_get() on an fd another thread closes. Guards
 * the file reference dma_buf_get() takes under the fd table's lock (the
 * buffer released once, after both).
 */
static void close_vs_attach_body(void *arg)
{
	ex_iters = 2;
	test_close_vs_attach(NULL);
}

static void test_explore_close_vs_attach(void **state)
{
	explore_race("close_vs_attach", close_vs_attach_body, EX_CI_SCHEDULES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_explore_map_vs_invalidate_and_move),
		dmb_unit_test(test_explore_map_vs_revoke),
		dmb_unit_test(test_explore_detach_vs_invalidate),
		dmb_unit_test(test_explore_close_vs_attach),
	};

	return dmb_run_tests(tests);
}
