// SPDX-License-Identifier: GPL-2.0
/*
 * More race tests under schedule exploration: the dma-buf waits and
 * mmap races, the fence, sync_file and dma_resv races, driver-remove and
 * FLR quiescing, and the VRAM exporter's races, each the test's own
 * function (ex_*.c include the tests' sources), a fresh platform per
 * schedule. Each proves that no interleaving the explorer tries breaks
 * the protection its test guards (named in the test's comment).
 */
#include "explore_race.h"
#include "explore_more.h"
#include <dmabridge/bug.h>

static const struct ex_body *const ex_groups[] = {
	ex_dma_buf_bodies, ex_mmap_bodies, ex_fence_bodies,
	ex_sync_file_bodies, ex_resv_bodies, ex_quiesce_bodies,
	ex_vram_bodies, ex_ww_bodies, ex_gup_fast_bodies, ex_notifier_bodies,
	ex_shmem_bodies, ex_drm_exec_bodies, ex_chain_bodies, ex_driver_bodies,
	ex_module_driver_bodies, ex_eintr_bodies,
};

static void run_body(void **state)
{
	const struct ex_body *b = *state;
	int n = EX_CI_SCHEDULES_MORE / b->div;

	explore_race_reports(b->name, b->body, n > 0 ? n : 1, b->random_only,
			     b->reports);
}

int main(void)
{
	struct CMUnitTest tests[64];
	size_t g, n = 0;

	for (g = 0; g < ARRAY_SIZE(ex_groups); g++) {
		const struct ex_body *b;

		for (b = ex_groups[g]; b->name; b++) {
			BUG_ON(n == ARRAY_SIZE(tests));
			tests[n++] = (struct CMUnitTest){
				.name = b->name,
				.test_func = run_body,
				.setup_func = dmb_test_setup,
				.teardown_func = dmb_test_teardown,
				.initial_state = (void *)b,
			};
		}
	}
	return _cmocka_run_group_tests("tests", tests, n, NULL, NULL);
}
