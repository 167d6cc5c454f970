// SPDX-License-Identifier: GPL-2.0
/* drm_exec: multi-object locking with back-off, duplicates, reservations. */
#include <stdlib.h>
#include "dmb_test.h"
#include "fence_util.h"
#include <dmabridge/drm_exec.h>

static void test_lock_all(void **state)
{
	struct dma_resv objs[4];
	struct dma_resv *obj;
	struct drm_exec exec;
	unsigned long index;
	int i, ret = 0, rounds = 0;

	for (i = 0; i < 4; i++)
		dma_resv_init(&objs[i]);

	drm_exec_init(&exec, DRM_EXEC_INTERRUPTIBLE_WAIT, 0);
	drm_exec_until_all_locked(&exec) {
		rounds++;
		for (i = 0; i < 4; i++) {
			ret = drm_exec_prepare_obj(&exec, &objs[i], 2);
			drm_exec_retry_on_contention(&exec);
			if (ret)
				break;
		}
	}
	assert_int_equal(ret, 0);
	assert_int_equal(rounds, 1);
	assert_int_equal(exec.num_objects, 4);
	i = 0;
	drm_exec_for_each_locked_object(&exec, index, obj) {
		assert_ptr_equal(obj, &objs[i++]);
		assert_true(dma_resv_is_locked(obj));
		dma_resv_assert_held(obj);
	}

	/* Two slots were reserved on each: two adds need no reserve. */
	for (i = 0; i < 4; i++) {
		struct dma_fence *f = mock_fence(), *g = mock_fence();

		dma_resv_add_fence(&objs[i], f, DMA_RESV_USAGE_WRITE);
		dma_resv_add_fence(&objs[i], g, DMA_RESV_USAGE_READ);
		dma_fence_signal(f);
		dma_fence_signal(g);
		dma_fence_put(f);
		dma_fence_put(g);
	}

	drm_exec_unlock_obj(&exec, &objs[1]);
	assert_false(dma_resv_is_locked(&objs[1]));
	assert_int_equal(exec.num_objects, 3);
	drm_exec_fini(&exec);
	for (i = 0; i < 4; i++) {
		assert_false(dma_resv_is_locked(&objs[i]));
		dma_resv_fini(&objs[i]);
	}
}

static void test_duplicates(void **state)
{
	struct dma_resv a;
	struct drm_exec exec;
	int ret = 0;

	dma_resv_init(&a);
	drm_exec_init(&exec, 0, 1);
	drm_exec_until_all_locked(&exec) {
		ret = drm_exec_lock_obj(&exec, &a);
		drm_exec_retry_on_contention(&exec);
		assert_int_equal(ret, 0);
		ret = drm_exec_lock_obj(&exec, &a);
		drm_exec_retry_on_contention(&exec);
	}
	assert_int_equal(ret, -EALREADY);
	drm_exec_fini(&exec);

	drm_exec_init(&exec, DRM_EXEC_IGNORE_DUPLICATES, 1);
	drm_exec_until_all_locked(&exec) {
		ret = drm_exec_lock_obj(&exec, &a);
		drm_exec_retry_on_contention(&exec);
		ret = drm_exec_lock_obj(&exec, &a);
		drm_exec_retry_on_contention(&exec);
	}
	assert_int_equal(ret, 0);
	assert_int_equal(exec.num_objects, 1);
	drm_exec_fini(&exec);
	assert_false(dma_resv_is_locked(&a));

	/* The object array grows past its initial size. */
	{
		struct dma_resv many[600];
		int i;

		for (i = 0; i < 600; i++)
			dma_resv_init(&many[i]);
		drm_exec_init(&exec, 0, 2);
		drm_exec_until_all_locked(&exec) {
			for (i = 0; i < 600; i++) {
				ret = drm_exec_lock_obj(&exec, &many[i]);
				drm_exec_retry_on_contention(&exec);
				assert_int_equal(ret, 0);
			}
		}
		assert_int_equal(exec.num_objects, 600);
		drm_exec_fini(&exec);
		for (i = 0; i < 600; i++)
			dma_resv_fini(&many[i]);
	}
	dma_resv_fini(&a);
}

static void test_prepare_failure(void **state)
{
	struct dma_resv objs[2];
	struct drm_exec exec;
	int ret = 0;

	dma_resv_init(&objs[0]);
	dma_resv_init(&objs[1]);
	drm_exec_init(&exec, 0, 0);
	drm_exec_until_all_locked(&exec) {
		ret = drm_exec_prepare_obj(&exec, &objs[0], 1);
		drm_exec_retry_on_contention(&exec);
		failslab_after(1);
		ret = drm_exec_prepare_obj(&exec, &objs[1], 1);
		drm_exec_retry_on_contention(&exec);
	}
	/* The failed object is unlocked again, the other stays locked. */
	assert_int_equal(ret, -ENOMEM);
	assert_int_equal(exec.num_objects, 1);
	assert_false(dma_resv_is_locked(&objs[1]));
	assert_true(dma_resv_is_locked(&objs[0]));
	drm_exec_fini(&exec);
	assert_int_equal(drm_exec_prepare_array(&exec, NULL, 0, 1), 0);
	dma_resv_fini(&objs[0]);
	dma_resv_fini(&objs[1]);
}

/* Many threads lock overlapping random sets: contention, no deadlock. */
#define NOBJ 16

struct contend_ctx {
	struct dma_resv objs[NOBJ];
	int owner[NOBJ];
	long backoffs;
	long done;
};

static void contend_thread(int idx, void *p)
{
	struct contend_ctx *c = p;
	unsigned int seed = idx * 7919 + 1;
	int iter;

	for (iter = 0; iter < STRESS(2000); iter++) {
		struct dma_resv *set[6];
		struct drm_exec exec;
		int n = 2 + rand_r(&seed) % 5, i, ret = 0, rounds = 0;

		for (i = 0; i < n; i++)
			set[i] = &c->objs[rand_r(&seed) % NOBJ];
		drm_exec_init(&exec, DRM_EXEC_IGNORE_DUPLICATES, 0);
		drm_exec_until_all_locked(&exec) {
			rounds++;
			ret = drm_exec_prepare_array(&exec, set, n, 1);
			drm_exec_retry_on_contention(&exec);
		}
		assert_int_equal(ret, 0);
		if (rounds > 1)
			__atomic_add_fetch(&c->backoffs, rounds - 1,
					   __ATOMIC_RELAXED);
		/* Mutual exclusion: nobody else marks our objects now. */
		for (i = 0; i < n; i++) {
			int k = set[i] - c->objs;

			assert_true(c->owner[k] == 0 || c->owner[k] == idx + 1);
			c->owner[k] = idx + 1;
		}
		for (i = 0; i < n; i++)
			c->owner[set[i] - c->objs] = 0;
		drm_exec_fini(&exec);
	}
	__atomic_add_fetch(&c->done, 1, __ATOMIC_RELAXED);
}

static void test_contention(void **state)
{
	struct contend_ctx *c = calloc(1, sizeof(*c));
	int i;

	for (i = 0; i < NOBJ; i++)
		dma_resv_init(&c->objs[i]);
	dmb_run_threads(4, contend_thread, c);
	assert_int_equal(c->done, 4);
	print_message("# drm_exec contention: %ld back-offs\n", c->backoffs);
	for (i = 0; i < NOBJ; i++)
		dma_resv_fini(&c->objs[i]);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_lock_all),
		dmb_unit_test(test_duplicates),
		dmb_unit_test(test_prepare_failure),
		dmb_unit_test(test_contention),
	};
	int ret = dmb_run_tests(tests);

	rcu_barrier();
	return ret;
}
