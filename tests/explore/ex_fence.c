// SPDX-License-Identifier: GPL-2.0
/* tests/dma-buf/fence/test_dma_fence.c's races under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#include "../dma-buf/fence/fence_util.h"
#undef STRESS
#define STRESS(n) EX_SCALE(n, 1000)
#define main dma_fence_main
#include "../dma-buf/fence/test_dma_fence.c"
#undef main

#define EX_TEST_BODY(fn)                                                   \
	static void fn##_body(void *arg)                                   \
	{                                                                  \
		fn(NULL);                                                  \
	}

EX_TEST_BODY(test_race_signal_vs_add_callback)
EX_TEST_BODY(test_race_many_waiters)
EX_TEST_BODY(test_race_check_and_signal)
EX_TEST_BODY(test_wait_wakes)
EX_TEST_BODY(test_wait_interruptible)
EX_TEST_BODY(test_wait_any)

const struct ex_body ex_fence_bodies[] = {
	{ "signal_vs_add_callback", test_race_signal_vs_add_callback_body, 1 },
	{ "fence_many_waiters", test_race_many_waiters_body, 1 },
	{ "check_and_signal", test_race_check_and_signal_body, 1 },
	{ "fence_wait_wakes", test_wait_wakes_body, 1 },
	/* A signal ends an interruptible wait with -ERESTARTSYS. */
	{ "fence_wait_interruptible", test_wait_interruptible_body, 1 },
	/* wait_any wakes on the fence a thread signals; two bad-argument WARNs. */
	{ "fence_wait_any", test_wait_any_body, 1, false, 2 },
	{ NULL }
};
