// SPDX-License-Identifier: GPL-2.0
/* tests/dma-buf/fence/test_drm_exec.c's contention under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#include "../dma-buf/fence/fence_util.h"
#undef STRESS
#define STRESS(n) EX_SCALE(n, 1000)
/* Its back-off count, once per schedule: not printed. */
#define print_message(...) ((void)0)
#define main drm_exec_main
#include "../dma-buf/fence/test_drm_exec.c"
#undef main

/*
 * Four threads lock overlapping sets of reservation objects with
 * drm_exec (two sets each): mutual exclusion, no deadlock. Guards the
 * ww_mutex wound/wait back-off drm_exec retries on.
 */
static void contention_body(void *arg)
{
	test_contention(NULL);
}

const struct ex_body ex_drm_exec_bodies[] = {
	{ "drm_exec_contention", contention_body, 2 },
	{ NULL }
};
