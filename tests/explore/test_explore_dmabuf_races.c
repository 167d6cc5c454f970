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


/*
 * A revocable importer that does not wait itself, as a real one: its
 * invalidate only marks the mapping stale (it may not sleep on its jobs
 * there), and its own thread unmaps later. It relies on the revoke
 * waiting for the fences in the resv before the memory changes hands,
 * and on the revoke waiting for its unmap before it returns.
 */
struct limp {
	struct dma_buf_attachment *attach;
	struct dma_buf_dma_vec *vec;	/* under resv */
	bool stale;			/* under resv; read by the unmapper */
	bool done;
	struct wait_queue_head wq;
	struct env e;
};

static void limp_invalidate(struct dma_buf_attachment *a)
{
	struct limp *l = a->importer_priv;

	dma_resv_assert_held(a->dmabuf->resv);
	if (l->vec) {
		WRITE_ONCE(l->stale, true);
		wake_up(&l->wq);
	}
}

static const struct dma_buf_attach_ops limp_ops = {
	.invalidate_mappings = limp_invalidate,
};

#define LIMP_PAGES 2

static void limp_thread(int idx, void *arg)
{
	struct limp *l = arg;
	struct dma_buf *db = l->e.p->dmabuf;
	struct dma_fence *f;
	unsigned long i;
	int k;

	switch (idx) {
	case 0:		/* the importer submits without waiting */
		for (k = 0; k < 2; k++) {
			dma_resv_lock(db->resv, NULL);
			if (!dma_buf_is_revoked(db) && !l->stale) {
				if (!l->vec) {
					l->vec = dma_buf_map_dma_vec(l->attach,
							DMA_BIDIRECTIONAL);
					assert_false(IS_ERR(l->vec));
				}
				f = dma_engine_fill(&l->e.gpu0->dev, k,
						    l->vec->ranges[0].addr,
						    (u8)(k + 1),
						    LIMP_PAGES * PAGE_SIZE);
				assert_false(IS_ERR(f));
				add_fence(db, f, DMA_RESV_USAGE_BOOKKEEP);
				dma_fence_put(f);
			}
			dma_resv_unlock(db->resv);
		}
		break;
	case 1:		/* the importer's unmapper */
		for (;;) {
			wait_event(l->wq, READ_ONCE(l->stale) ||
					  READ_ONCE(l->done));
			if (READ_ONCE(l->stale)) {
				dma_resv_lock(db->resv, NULL);
				dma_buf_unmap_dma_vec(l->attach, l->vec);
				l->vec = NULL;
				WRITE_ONCE(l->stale, false);
				dma_resv_unlock(db->resv);
			}
			if (READ_ONCE(l->done))
				break;
		}
		break;
	case 2:		/* the exporter revokes, the memory's next user writes */
		pexp_revoke(l->e.p);
		/* Revoke returned: no importer maps the memory any more. */
		assert_int_equal(atomic_read(&db->nr_mapped), 0);
		for (i = 0; i < LIMP_PAGES; i++)
			hw_wire_set(pexp_page(l->e.p, -1, i), 0xee, PAGE_SIZE);
		WRITE_ONCE(l->done, true);
		wake_up(&l->wq);
		break;
	}
}

/*
 * Revoke vs a non-waiting importer: jobs go to the engine while the
 * exporter revokes; the importer's invalidate does not wait, its
 * unmapper unmaps once told. Guards dma_buf_revoke_locked()'s wait for
 * the resv's fences (without it the unmapper unmaps under DMA in flight:
 * an IOMMU fault and a use-after-unmap report, or a job writes the next
 * user's bytes) and dma_buf_revoke()'s wait for the unmap (without it
 * the revoke returns with the importer still mapped).
 */
static void revoke_nowait_body(void *arg)
{
	static struct limp l;
	unsigned long i, k;

	memset(&l, 0, sizeof(l));
	init_waitqueue_head(&l.wq);
	env_init(&l.e, LIMP_PAGES, PEXP_REVOCABLE_ONLY);
	l.attach = dma_buf_mapping_attach(l.e.p->dmabuf, &l.e.gpu0->dev,
					  want_vec, 1, &limp_ops, &l);
	assert_false(IS_ERR(l.attach));
	dmb_run_threads(3, limp_thread, &l);
	assert_int_equal(dma_resv_wait_timeout(l.e.p->dmabuf->resv,
					       DMA_RESV_USAGE_BOOKKEEP, false,
					       MAX_SCHEDULE_TIMEOUT) > 0, 1);
	for (i = 0; i < LIMP_PAGES; i++)
		for (k = 0; k < PAGE_SIZE; k += 256)
			assert_int_equal(hw_wire_peek(pexp_page(l.e.p, -1, i) +
						      k), 0xee);
	assert_int_equal(iommu_dev_fault_count(&l.e.gpu0->dev), 0);
	pexp_restore(l.e.p);
	dma_resv_lock(l.e.p->dmabuf->resv, NULL);
	if (l.vec)
		dma_buf_unmap_dma_vec(l.attach, l.vec);
	dma_resv_unlock(l.e.p->dmabuf->resv);
	dma_buf_detach(l.e.p->dmabuf, l.attach);
	env_fini(&l.e);
}

static void test_explore_revoke_vs_nowait_importer(void **state)
{
	explore_race("revoke_nowait", revoke_nowait_body,
		     EX_CI_SCHEDULES_MORE);
}

/*
 * Move vs importer DMA: the move waits for the importer's BOOKKEEP fence
 * before its copy (test_move_waits_for_importer_dma's own body). Guards
 * the BOOKKEEP wait in pexp_move.
 */
static void move_waits_body(void *arg)
{
	test_move_waits_for_importer_dma(NULL);
}

static void test_explore_move_waits_for_importer_dma(void **state)
{
	explore_race("move_waits_for_importer_dma", move_waits_body,
		     EX_CI_SCHEDULES_MORE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_explore_map_vs_move),
		dmb_unit_test(test_explore_revoke_vs_dma_in_flight),
		dmb_unit_test(test_explore_revoke_vs_nowait_importer),
		dmb_unit_test(test_explore_move_waits_for_importer_dma),
	};

	return dmb_run_tests(tests);
}
