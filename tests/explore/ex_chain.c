// SPDX-License-Identifier: GPL-2.0
/* tests/dma-buf/fence/test_fence_containers.c's chain waits explored. */
#include "explore_race.h"
#include "explore_more.h"
#include "../dma-buf/fence/fence_util.h"
#define CHAIN_N 8
#define main fence_containers_main
#include "../dma-buf/fence/test_fence_containers.c"
#undef main

/*
 * Three threads wait on the points of an 8-point dma_fence_chain while a
 * fourth signals its fences forward, backward, in a shuffled order: a
 * point is signaled only once every earlier fence is, and every wait
 * ends. Guards the chain's callback re-arm on the next unsignaled link.
 */
static void chain_forward_body(void *arg)
{
	run_chain_waits(0);
}

static void chain_backward_body(void *arg)
{
	run_chain_waits(1);
}

static void chain_random_body(void *arg)
{
	run_chain_waits(2);
}

const struct ex_body ex_chain_bodies[] = {
	{ "chain_waits_forward", chain_forward_body, 2 },
	{ "chain_waits_backward", chain_backward_body, 2 },
	{ "chain_waits_random", chain_random_body, 2 },
	{ NULL }
};
