// SPDX-License-Identifier: GPL-2.0
/* dma-buf core races: map vs invalidate/move/revoke, detach, fd close. */
#include <string.h>
#include "dmb_test.h"
#include "texp.h"
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>

#define SZ (4 * 4096)

static atomic_t released;

struct race {
	struct platform *plat;
	struct task_struct *task[2];
	struct texp *t;
	struct timp imp;
	int iters;
	int fd;
	atomic_t mapped_ok, enodev, moves, ebadf;
};

static void race_setup(struct race *r, unsigned int flags, int iters)
{
	int i;

	memset(r, 0, sizeof(*r));
	atomic_set(&released, 0);
	r->plat = dmb_kernel_platform();
	for (i = 0; i < 2; i++) {
		r->task[i] = task_create_thread(current, "racer");
		assert_false(IS_ERR(r->task[i]));
	}
	r->iters = iters;
	if (flags != ~0u) {
		r->t = texp_create(SZ, flags, &released);
		assert_non_null(r->t);
	}
}

static void race_free(struct race *r)
{
	task_exit(r->task[0]);
	task_exit(r->task[1]);
	assert_int_equal(dma_buf_count(r->plat), 0);
	dma_buf_registry_fini(r->plat);
	dmb_kernel_platform_free(r->plat);
}

static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };

/* The importer's mapping, when it has one, always shows the backing now. */
static void mapper_thread(int idx, void *arg)
{
	struct race *r = arg;
	struct dma_buf *db = r->t->dmabuf;
	struct dma_buf_phys_list *l;
	int i;

	set_current(r->task[idx]);
	for (i = 0; i < r->iters; i++) {
		dma_resv_lock(db->resv, NULL);
		if (r->imp.pal) {
			assert_int_equal(r->imp.pal->ranges[0].vec.paddr,
					 r->t->pa);
			if (i % 3 == 0) {
				dma_buf_unmap_phys(r->imp.attach, r->imp.pal);
				r->imp.pal = NULL;
			}
		} else {
			l = dma_buf_map_phys(r->imp.attach);
			if (IS_ERR(l)) {
				assert_int_equal(PTR_ERR(l), -ENODEV);
				assert_true(db->revoked);
				atomic_inc(&r->enodev);
			} else {
				assert_false(db->revoked);
				r->imp.pal = l;
				atomic_inc(&r->mapped_ok);
			}
		}
		dma_resv_unlock(db->resv);
	}
	set_current(NULL);
}

static void mover_thread(int idx, void *arg)
{
	struct race *r = arg;
	int i;

	set_current(r->task[idx]);
	for (i = 0; i < r->iters / 4; i++) {
		if (i % 2) {
			assert_int_equal(texp_move(r->t), 0);
			atomic_inc(&r->moves);
		} else {
			dma_resv_lock(r->t->dmabuf->resv, NULL);
			dma_buf_invalidate_mappings(r->t->dmabuf);
			dma_resv_unlock(r->t->dmabuf->resv);
		}
	}
	set_current(NULL);
}

static void map_vs_invalidate(int idx, void *arg)
{
	if (idx == 0)
		mapper_thread(idx, arg);
	else
		mover_thread(idx, arg);
}

static void test_map_vs_invalidate_and_move(void **state)
{
	struct race r;
	struct dma_buf *db;

	race_setup(&r, TEXP_DYNAMIC | TEXP_NO_SGT, TSTRESS(4000));
	db = r.t->dmabuf;
	timp_init(&r.imp, "imp");
	r.imp.attach = dma_buf_mapping_attach(db, &r.imp.dev, pal, 1,
					      &timp_ops, &r.imp);
	assert_false(IS_ERR(r.imp.attach));
	dmb_run_threads(2, map_vs_invalidate, &r);
	assert_true(atomic_read(&r.mapped_ok) > 0);
	assert_int_equal(atomic_read(&r.imp.invalidated), r.iters / 4);
	assert_int_equal(atomic64_read(&db->generation),
			 atomic_read(&r.moves));
	dma_resv_lock(db->resv, NULL);
	if (r.imp.pal)
		dma_buf_unmap_phys(r.imp.attach, r.imp.pal);
	dma_resv_unlock(db->resv);
	assert_int_equal(atomic_read(&db->nr_mapped), 0);
	dma_buf_detach(db, r.imp.attach);
	dma_buf_put(db);
	assert_int_equal(atomic_read(&released), 1);
	race_free(&r);
}

static void revoker_thread(int idx, void *arg)
{
	struct race *r = arg;
	int i;

	set_current(r->task[idx]);
	for (i = 0; i < r->iters / 8; i++) {
		texp_revoke(r->t);
		/* Every importer has unmapped by now. */
		assert_int_equal(atomic_read(&r->t->dmabuf->nr_mapped), 0);
		texp_restore(r->t);
	}
	set_current(NULL);
}

static void map_vs_revoke(int idx, void *arg)
{
	if (idx == 0)
		mapper_thread(idx, arg);
	else
		revoker_thread(idx, arg);
}

static void test_map_vs_revoke(void **state)
{
	struct race r;
	struct dma_buf *db;

	race_setup(&r, TEXP_DYNAMIC | TEXP_NO_SGT | TEXP_REVOCABLE_ONLY,
		   TSTRESS(4000));
	db = r.t->dmabuf;
	timp_init(&r.imp, "imp");
	r.imp.attach = dma_buf_mapping_attach(db, &r.imp.dev, pal, 1,
					      &timp_ops, &r.imp);
	assert_false(IS_ERR(r.imp.attach));
	dmb_run_threads(2, map_vs_revoke, &r);
	/* Revoke and restore each invalidate (restore as VFIO's does). */
	assert_int_equal(atomic_read(&r.imp.invalidated), 2 * (r.iters / 8));
	dma_resv_lock(db->resv, NULL);
	if (r.imp.pal)
		dma_buf_unmap_phys(r.imp.attach, r.imp.pal);
	dma_resv_unlock(db->resv);
	dma_buf_detach(db, r.imp.attach);
	dma_buf_put(db);
	race_free(&r);
}

/* invalidate_mappings never reaches an importer that has detached. */
static void detach_vs_invalidate(int idx, void *arg)
{
	struct race *r = arg;
	struct dma_buf *db = r->t->dmabuf;
	struct timp imp;
	int i;

	set_current(r->task[idx]);
	for (i = 0; i < r->iters; i++) {
		if (idx == 0) {
			timp_init(&imp, "flaky");
			imp.attach = dma_buf_dynamic_attach(db, &imp.dev,
							    &timp_ops, &imp);
			assert_false(IS_ERR(imp.attach));
			dma_buf_detach(db, imp.attach);
			imp.magic = 0;	/* BUG_ON in timp_invalidate */
		} else {
			dma_resv_lock(db->resv, NULL);
			dma_buf_invalidate_mappings(db);
			dma_resv_unlock(db->resv);
		}
	}
	set_current(NULL);
}

static void test_detach_vs_invalidate(void **state)
{
	struct race r;

	race_setup(&r, TEXP_DYNAMIC, TSTRESS(3000));
	dmb_run_threads(2, detach_vs_invalidate, &r);
	assert_true(list_empty(&r.t->dmabuf->attachments));
	assert_int_equal(atomic_read(&r.t->attaches), r.iters);
	assert_int_equal(atomic_read(&r.t->detaches), r.iters);
	dma_buf_put(r.t->dmabuf);
	race_free(&r);
}

/* One thread imports by fd while another closes the fd. */
static void close_vs_attach(int idx, void *arg)
{
	struct race *r = arg;
	struct dma_buf *db;
	struct timp imp;

	set_current(r->task[idx]);
	if (idx == 1) {
		assert_int_equal(sys_close(r->fd), 0);
		goto out;
	}
	db = dma_buf_get(r->fd);
	if (IS_ERR(db)) {
		assert_int_equal(PTR_ERR(db), -EBADF);
		atomic_inc(&r->ebadf);
		goto out;
	}
	timp_init(&imp, "importer");
	imp.attach = dma_buf_dynamic_attach(db, &imp.dev, &timp_ops, &imp);
	assert_false(IS_ERR(imp.attach));
	imp.sgt = dma_buf_map_attachment_unlocked(imp.attach, DMA_TO_DEVICE);
	assert_false(IS_ERR(imp.sgt));
	dma_buf_unmap_attachment_unlocked(imp.attach, imp.sgt, DMA_TO_DEVICE);
	dma_buf_detach(db, imp.attach);
	dma_buf_put(db);
	atomic_inc(&r->mapped_ok);
out:
	set_current(NULL);
}

static void test_close_vs_attach(void **state)
{
	struct race r;
	struct texp *t;
	int i, n = TSTRESS(300);

	race_setup(&r, ~0u, 0);
	for (i = 0; i < n; i++) {
		t = texp_create(SZ, TEXP_DYNAMIC, &released);
		assert_non_null(t);
		r.fd = dma_buf_fd(t->dmabuf, 0);
		assert_true(r.fd >= 0);
		dmb_run_threads(2, close_vs_attach, &r);
		/* Released exactly once, after both are done. */
		assert_int_equal(atomic_read(&released), i + 1);
	}
	/* Each round ends exactly one way: mapped, or the fd was gone. */
	assert_int_equal(atomic_read(&r.mapped_ok) + atomic_read(&r.ebadf), n);
	race_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_map_vs_invalidate_and_move),
		dmb_unit_test(test_map_vs_revoke),
		dmb_unit_test(test_detach_vs_invalidate),
		dmb_unit_test(test_close_vs_attach),
	};

	return dmb_run_tests(tests);
}
