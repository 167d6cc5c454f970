// SPDX-License-Identifier: GPL-2.0
/* kmalloc family and failslab injection. */
#include <string.h>
#include <stdint.h>
#include "dmb_test.h"
#include <dmabridge/slab.h>

static void test_alloc_family(void **state)
{
	unsigned char *p;
	char *s;
	int i;

	p = kzalloc(100, GFP_KERNEL);
	assert_non_null(p);
	for (i = 0; i < 100; i++)
		assert_int_equal(p[i], 0);
	p = krealloc(p, 200, GFP_KERNEL);
	assert_non_null(p);
	kfree(p);
	p = kcalloc(10, 10, GFP_KERNEL);
	for (i = 0; i < 100; i++)
		assert_int_equal(p[i], 0);
	kvfree(p);
	assert_null(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	assert_null(kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	assert_null(kvmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	assert_null(kvcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	p = kmalloc(0, GFP_KERNEL);	/* a unique, freeable pointer */
	assert_non_null(p);
	kfree(p);
	p = kvmalloc(10, GFP_KERNEL);
	kvfree(p);
	p = kvzalloc(10, GFP_KERNEL);
	assert_int_equal(p[9], 0);
	kvfree(p);
	s = kstrdup("hello", GFP_KERNEL);
	assert_string_equal(s, "hello");
	kfree(s);
	assert_null(kstrdup(NULL, GFP_KERNEL));
	s = kstrndup("hello", 3, GFP_KERNEL);
	assert_string_equal(s, "hel");
	kfree(s);
	assert_null(kstrndup(NULL, 3, GFP_KERNEL));
	s = kmemdup("abc", 4, GFP_KERNEL);
	assert_string_equal(s, "abc");
	kfree(s);
	s = kasprintf(GFP_KERNEL, "%s-%d", "x", 42);
	assert_string_equal(s, "x-42");
	kfree(s);
	kfree(NULL);
	kvfree(NULL);
}

static void test_failslab(void **state)
{
	void *p, *q;

	failslab_after(3);
	p = kmalloc(8, GFP_KERNEL);
	q = kzalloc(8, GFP_KERNEL);
	assert_non_null(p);
	assert_non_null(q);
	assert_null(kmalloc(8, GFP_KERNEL));	/* the third fails */
	kfree(q);
	q = kmalloc(8, GFP_KERNEL);		/* then it is over */
	assert_non_null(q);
	failslab_after(1);
	assert_null(krealloc(p, 64, GFP_KERNEL));	/* p is untouched */
	failslab_after(1);
	assert_null(kstrdup("x", GFP_KERNEL));
	failslab_after(1);
	assert_null(kasprintf(GFP_KERNEL, "%d", 1));
	failslab_after(1);
	assert_null(kmemdup("x", 1, GFP_KERNEL));
	failslab_after(1);
	assert_null(kvzalloc(1, GFP_KERNEL));
	failslab_after(2);
	assert_true(should_failslab() == false);
	assert_true(should_failslab() == true);
	assert_false(should_failslab());
	failslab_after(1);
	failslab_off();
	kfree(p);
	p = kmalloc(1, GFP_KERNEL);
	assert_non_null(p);
	kfree(p);
	kfree(q);
}

static void other_thread(int idx, void *arg)
{
	void *p = kmalloc(8, GFP_KERNEL);

	*(bool *)arg = p != NULL;
	kfree(p);
}

static void test_failslab_is_per_thread(void **state)
{
	bool ok = false;

	failslab_after(1);
	dmb_run_threads(1, other_thread, &ok);
	assert_true(ok);
	assert_null(kmalloc(8, GFP_KERNEL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_alloc_family),
		dmb_unit_test(test_failslab),
		dmb_unit_test(test_failslab_is_per_thread),
	};

	return dmb_run_tests(tests);
}
