// SPDX-License-Identifier: GPL-2.0
/* tests/dma-buf/core/test_dma_buf_mmap.c's races under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#include "texp.h"
#undef TSTRESS
#define TSTRESS(n) EX_SCALE(n, 100)
#include <dmabridge/platform-file.h>
#define platform_create(path) platform_create(EX_PLATFORM)
#define main dma_buf_mmap_main
#include "../dma-buf/core/test_dma_buf_mmap.c"
#undef main
#undef platform_create

static void cpu_fault_vs_move_body(void *arg)
{
	test_cpu_fault_vs_move(NULL);
}

static void fault_waits_for_fences_body(void *arg)
{
	test_fault_waits_for_fences(NULL);
}

const struct ex_body ex_mmap_bodies[] = {
	/* CPU faults of a dma-buf mmap while the exporter moves it. */
	{ "cpu_fault_vs_move", cpu_fault_vs_move_body, 4 },
	/* A fault waits for the move's fence before it maps. */
	{ "fault_waits_for_fences", fault_waits_for_fences_body, 1 },
	{ NULL }
};
