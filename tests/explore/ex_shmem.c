// SPDX-License-Identifier: GPL-2.0
/* tests/mm/test_shmem.c's write vs migrate race under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#define RACE_WRITES 32	/* two rounds of 16 writes */
#define main shmem_main
#include "../mm/test_shmem.c"
#undef main

/*
 * write() racing with migration of the page it writes: every write is
 * seen by the read after it. Guards shmem's write holding the page lock
 * while it copies.
 */
static void write_vs_migrate_body(void *arg)
{
	test_shmem_write_vs_migrate_loses_nothing(NULL);
}

const struct ex_body ex_shmem_bodies[] = {
	/* The migrator polls a stop flag: random walk only. */
	{ "shmem_write_vs_migrate", write_vs_migrate_body, 2, true },
	{ NULL }
};
