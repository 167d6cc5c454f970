// SPDX-License-Identifier: GPL-2.0
/* tests/dma-buf/fence/test_dma_resv.c's races under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#include "../dma-buf/fence/fence_util.h"
#undef STRESS
#define STRESS(n) EX_SCALE(n, 1000)
#define main dma_resv_main
#include "../dma-buf/fence/test_dma_resv.c"
#undef main

static void unlocked_iteration_body(void *arg)
{
	test_race_unlocked_iteration(NULL);
}

static void wait_die_body(void *arg)
{
	test_wait_die(NULL);
}

const struct ex_body ex_resv_bodies[] = {
	{ "resv_unlocked_iteration", unlocked_iteration_body, 1, true },
	{ "resv_wait_die", wait_die_body, 1 },
	{ NULL }
};
