// SPDX-License-Identifier: GPL-2.0
/*
 * The dma-buf race tests (tests/dma-buf/core/test_dma_buf_dma.c) under
 * schedule exploration: a default platform per schedule, its DMA engine
 * queue threads and workqueue workers among the explored threads.
 */
#include "explore_race.h"

/* A small platform: one is built per schedule. */
#include <dmabridge/platform-file.h>
#define platform_create(path) platform_create(EX_PLATFORM)
#define main dma_buf_dma_main
#include "../dma-buf/core/test_dma_buf_dma.c"
#undef main
#undef platform_create

/*
 * Map vs move: an importer maps (under the resv lock) and starts DMA
 * while the exporter moves the buffer. Guards the resv lock around map
 * and move and the importer's invalidate (a job through a stale address
 * is a sanitizer report).
 */
static void map_vs_move_body(void *arg)
{
	dma_vs_move(2, 2, 2);
}

static void test_explore_map_vs_move(void **state)
{
	explore_race("map_vs_move", map_vs_move_body, EX_CI_SCHEDULES);
}

/*
 * Revoke vs DMA in flight: jobs run on the engine's queue threads while
 * the exporter revokes; the importer waits for its fences, then unmaps.
 * Guards that wait and revoke's own wait for the importers (a job after
 * the unmap faults or is a use-after-unmap report).
 */
static void revoke_vs_dma_body(void *arg)
{
	struct dma_fence *f[2];
	size_t size = 4 * PAGE_SIZE;
	dma_addr_t addr;
	struct dimp d;
	struct env e;
	int k;

	env_init(&e, size >> PAGE_SHIFT, PEXP_REVOCABLE_ONLY);
	dimp_attach(&e, &d, e.p->dmabuf);
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	addr = dimp_addr(&d, 0);
	for (k = 0; k < 2; k++) {
		f[k] = dma_engine_fill(&e.gpu0->dev, k, addr, (u8)k, size);
		assert_false(IS_ERR(f[k]));
		add_fence(e.p->dmabuf, f[k], DMA_RESV_USAGE_BOOKKEEP);
	}
	dma_resv_unlock(e.p->dmabuf->resv);
	pexp_revoke(e.p);
	assert_null(d.vec);
	for (k = 0; k < 2; k++)
		assert_int_equal(wait_put(f[k]), 1);
	assert_int_equal(iommu_dev_fault_count(&e.gpu0->dev), 0);
	pexp_restore(e.p);
	dimp_detach(&d);
	env_fini(&e);
}

static void test_explore_revoke_vs_dma_in_flight(void **state)
{
	explore_race("revoke_vs_dma", revoke_vs_dma_body, EX_CI_SCHEDULES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_explore_map_vs_move),
		dmb_unit_test(test_explore_revoke_vs_dma_in_flight),
	};

	return dmb_run_tests(tests);
}
