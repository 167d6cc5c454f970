// SPDX-License-Identifier: GPL-2.0
/* tests/scenarios/test_vram_exporter.c's races under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#define MOVES 3
#include <dmabridge/platform-file.h>
#define platform_create(path) platform_create(EX_PLATFORM_TWO_GPUS)
#define main vram_exporter_main
#include "../scenarios/test_vram_exporter.c"
#undef main
#undef platform_create

static void cpu_and_dma_vs_moves_body(void *arg)
{
	test_race_cpu_and_dma_vs_moves(NULL);
}

static void migrate_waits_body(void *arg)
{
	test_migrate_waits_for_importer_dma(NULL);
}

/*
 * A second migration queued while the first one's copy is done but its
 * window not yet retired: the window claim stays with the buffer.
 */
static void back_to_back_body(void *arg)
{
	test_migrations_back_to_back_keep_window_claim(NULL);
}

const struct ex_body ex_vram_bodies[] = {
	{ "vram_cpu_and_dma_vs_moves", cpu_and_dma_vs_moves_body, 4, true },
	{ "vram_migrate_waits", migrate_waits_body, 2 },
	{ "vram_migrations_back_to_back", back_to_back_body, 2 },
	{ NULL }
};
