// SPDX-License-Identifier: GPL-2.0
/* tests/dma-buf/fence/test_sync_file.c's races under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#include "../dma-buf/fence/fence_util.h"
#undef STRESS
#define STRESS(n) EX_SCALE(n, 1000)
#define main sync_file_main
#include "../dma-buf/fence/test_sync_file.c"
#undef main

/* The test's setup and teardown around it: a platform per schedule. */
static void with_sw_sync(void (*fn)(void **state))
{
	plat = dmb_kernel_platform();
	assert_int_equal(sw_sync_devnode_register(plat), 0);
	fn(NULL);
	devnode_unregister(plat, SW_SYNC_DEVNODE);
	dmb_kernel_platform_free(plat);
	irq_work_flush_all();
}

static void producer_consumers_body(void *arg)
{
	with_sw_sync(test_producer_consumers);
}

static void sync_file_poll_body(void *arg)
{
	with_sw_sync(test_poll);
}

const struct ex_body ex_sync_file_bodies[] = {
	{ "sync_file_producer_consumers", producer_consumers_body, 1 },
	{ "sync_file_poll", sync_file_poll_body, 1 },
	{ NULL }
};
