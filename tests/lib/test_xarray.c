// SPDX-License-Identifier: GPL-2.0
/* xarray: a sparse array whose memory follows the entries, not the indexes. */
#include <errno.h>
#include <limits.h>
#include "dmb_test.h"
#include <dmabridge/xarray.h>
#include <dmabridge/slab.h>

static int vals[8];

/*
 * Stores at sparse indexes up to ULONG_MAX load back, iterate in index
 * order, and erase back to an empty array. Guards: the growth of the tree
 * on top (node_max) and the slot arithmetic at every level.
 */
static void test_xarray_sparse_store_load_iterate(void **state)
{
	const unsigned long idx[] = { 0, 63, 64, 4095, 1UL << 28,
				      (1UL << 40) - 1, ULONG_MAX - 1,
				      ULONG_MAX };
	DEFINE_XARRAY(xa);
	unsigned long index;
	void *entry;
	int i, n;

	for (i = 7; i >= 0; i--)
		assert_null(xa_store(&xa, idx[i], &vals[i], GFP_KERNEL));
	for (i = 0; i < 8; i++)
		assert_ptr_equal(xa_load(&xa, idx[i]), &vals[i]);
	assert_null(xa_load(&xa, 1));
	assert_null(xa_load(&xa, (1UL << 40) - 2));
	/* Replacing returns the old entry. */
	assert_ptr_equal(xa_store(&xa, 64, &vals[0], GFP_KERNEL), &vals[2]);
	assert_ptr_equal(xa_store(&xa, 64, &vals[2], GFP_KERNEL), &vals[0]);
	n = 0;
	xa_for_each(&xa, index, entry) {
		assert_int_equal(index, idx[n]);
		assert_ptr_equal(entry, &vals[n]);
		n++;
	}
	assert_int_equal(n, 8);
	/* A bounded search. */
	index = 65;
	assert_ptr_equal(xa_find(&xa, &index, 1UL << 30), &vals[3]);
	assert_int_equal(index, 4095);
	index = 4096;
	assert_ptr_equal(xa_find(&xa, &index, 1UL << 28), &vals[4]);
	index = 4096;
	assert_null(xa_find(&xa, &index, (1UL << 28) - 1));
	assert_int_equal(index, 4096);
	/* Erasing while iterating. */
	n = 0;
	xa_for_each_start(&xa, index, entry, 64) {
		assert_ptr_equal(xa_erase(&xa, index), entry);
		n++;
	}
	assert_int_equal(n, 6);
	assert_null(xa_erase(&xa, 64));
	assert_ptr_equal(xa_erase(&xa, 63), &vals[1]);
	assert_ptr_equal(xa_erase(&xa, 0), &vals[0]);
	assert_true(xa_empty(&xa));
	xa_destroy(&xa);
}

/*
 * One entry at 2^40 costs a few nodes; erasing it frees them all. Guards:
 * node freeing in xa_erase (delete_empty, shrink).
 */
static void test_xarray_memory_follows_entries(void **state)
{
	DEFINE_XARRAY(xa);
	size_t before = dmb_heap_in_use();

	assert_null(xa_store(&xa, 1UL << 40, &vals[0], GFP_KERNEL));
	assert_null(xa_store(&xa, (1UL << 40) + 100000, &vals[1], GFP_KERNEL));
	assert_true(dmb_heap_in_use() < before + 16 * 1024);
	assert_ptr_equal(xa_erase(&xa, 1UL << 40), &vals[0]);
	assert_ptr_equal(xa_erase(&xa, (1UL << 40) + 100000), &vals[1]);
	assert_true(xa_empty(&xa));
	assert_true(dmb_heap_in_use() <= before + 1024);
}

/*
 * A failed allocation leaves the array as it was (-ENOMEM in the entry);
 * a misaligned entry is -EINVAL.
 */
static void test_xarray_store_errors(void **state)
{
	DEFINE_XARRAY(xa);
	unsigned long i;
	void *ret;

	assert_null(xa_store(&xa, 5, &vals[0], GFP_KERNEL));
	for (i = 1; i <= 64; i++) {
		failslab_after(i);
		ret = xa_store(&xa, ULONG_MAX, &vals[1], GFP_KERNEL);
		failslab_off();
		if (!xa_is_err(ret))
			break;
		assert_int_equal(xa_err(ret), -ENOMEM);
		assert_null(xa_load(&xa, ULONG_MAX));
		assert_ptr_equal(xa_load(&xa, 5), &vals[0]);
	}
	assert_true(i > 1);
	assert_null(ret);
	assert_ptr_equal(xa_load(&xa, ULONG_MAX), &vals[1]);
	ret = xa_store(&xa, 7, (char *)&vals[0] + 1, GFP_KERNEL);
	assert_int_equal(xa_err(ret), -EINVAL);
	assert_int_equal(xa_err(&vals[0]), 0);
	xa_destroy(&xa);
	assert_true(xa_empty(&xa));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_xarray_sparse_store_load_iterate),
		dmb_unit_test(test_xarray_memory_follows_entries),
		dmb_unit_test(test_xarray_store_errors),
	};

	return dmb_run_tests(tests);
}
