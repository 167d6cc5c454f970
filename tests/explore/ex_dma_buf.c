// SPDX-License-Identifier: GPL-2.0
/* tests/dma-buf/core/test_dma_buf.c's waits under exploration. */
#include "explore_race.h"
#include "explore_more.h"
/*
 * Its other tests dereference what an assertion checked non-NULL; here
 * the assertion returns (explore_fail()), which GCC sees.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
#define main dma_buf_main
#include "../dma-buf/core/test_dma_buf.c"
#undef main

#define EX_TEST_BODY(fn)                                                   \
	static void fn##_body(void *arg)                                   \
	{                                                                  \
		fn(NULL);                                                  \
	}

EX_TEST_BODY(test_revoke_waits_async_unmap)
EX_TEST_BODY(test_revoke_waits_bookkeep_fences)
EX_TEST_BODY(test_sync_ioctl_waits)
EX_TEST_BODY(test_poll)
EX_TEST_BODY(test_revoke_warns_and_reports_stuck_importer)

const struct ex_body ex_dma_buf_bodies[] = {
	/* Revoke waits for an importer that unmaps from a worker. */
	{ "revoke_waits_async_unmap", test_revoke_waits_async_unmap_body, 1 },
	/* Revoke waits for the BOOKKEEP fences before the memory goes. */
	{ "revoke_waits_bookkeep", test_revoke_waits_bookkeep_fences_body, 1 },
	/* DMA_BUF_IOCTL_SYNC sleeps until the fence a thread signals. */
	{ "sync_ioctl_waits", test_sync_ioctl_waits_body, 1 },
	/* A blocked poll() is woken by the last fence's signal. */
	{ "dma_buf_poll", test_poll_body, 1 },
	/*
	 * A revoke WARNs once for a mapped importer that cannot be revoked
	 * and waits, in virtual seconds, until it unmaps: one WARN a run.
	 */
	{ "revoke_warns_and_reports_stuck_importer",
	  test_revoke_warns_and_reports_stuck_importer_body, 1, false, 1 },
	{ NULL }
};
