/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The race bodies of test_explore_more_races: each ex_*.c includes one
 * race test's source (explore_race.h first) and lists its bodies.
 */
#ifndef DMB_EXPLORE_MORE_H
#define DMB_EXPLORE_MORE_H

/**
 * struct ex_body - one race test's body under exploration
 * @name: the race, for DMB_EXPLORE_ONLY and scripts/explore.sh
 * @body: runs the test's own function on a fresh platform
 * @div: CI schedules are EX_CI_SCHEDULES / @div (a slow body)
 * @random_only: the body polls a flag without yielding, which PCT's
 *	fixed priorities turn into a livelock; random walk only
 * @reports: bug reports (WARN, ...) each run makes, as its test
 *	announces them with dmb_expect_reports()
 */
struct ex_body {
	const char *name;
	void (*body)(void *arg);
	int div;
	bool random_only;
	long reports;
};

extern const struct ex_body ex_dma_buf_bodies[];
extern const struct ex_body ex_mmap_bodies[];
extern const struct ex_body ex_fence_bodies[];
extern const struct ex_body ex_sync_file_bodies[];
extern const struct ex_body ex_resv_bodies[];
extern const struct ex_body ex_quiesce_bodies[];
extern const struct ex_body ex_vram_bodies[];
extern const struct ex_body ex_ww_bodies[];
extern const struct ex_body ex_gup_fast_bodies[];
extern const struct ex_body ex_notifier_bodies[];
extern const struct ex_body ex_shmem_bodies[];
extern const struct ex_body ex_drm_exec_bodies[];
extern const struct ex_body ex_chain_bodies[];
extern const struct ex_body ex_driver_bodies[];
extern const struct ex_body ex_module_driver_bodies[];
extern const struct ex_body ex_eintr_bodies[];

#endif
