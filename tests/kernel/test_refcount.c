// SPDX-License-Identifier: GPL-2.0
/* refcount_t saturation and underflow, kref release and races. */
#include "dmb_test.h"
#include <dmabridge/refcount.h>
#include <dmabridge/kref.h>
#include <dmabridge/mutex.h>
#include <dmabridge/spinlock.h>

static void test_refcount_basics(void **state)
{
	refcount_t r = REFCOUNT_INIT(1);

	assert_int_equal(refcount_read(&r), 1);
	refcount_inc(&r);
	refcount_add(3, &r);
	assert_int_equal(refcount_read(&r), 5);
	assert_true(refcount_inc_not_zero(&r));
	assert_false(refcount_sub_and_test(2, &r));
	refcount_dec(&r);
	assert_int_equal(refcount_read(&r), 3);
	assert_true(refcount_dec_not_one(&r));
	assert_true(refcount_dec_not_one(&r));
	assert_false(refcount_dec_not_one(&r));
	assert_int_equal(refcount_read(&r), 1);
	assert_true(refcount_dec_and_test(&r));
	assert_false(refcount_inc_not_zero(&r));
	assert_false(refcount_add_not_zero(2, &r));
	assert_int_equal(refcount_read(&r), 0);
	refcount_set(&r, 2);
	assert_false(refcount_dec_if_one(&r));
	assert_int_equal(refcount_read(&r), 2);
	refcount_set(&r, 1);
	assert_true(refcount_dec_if_one(&r));
	assert_int_equal(refcount_read(&r), 0);
}

static void test_refcount_saturation(void **state)
{
	refcount_t r;

	dmb_expect_reports(REPORT_WARN, 6);
	refcount_set(&r, INT_MAX);
	refcount_inc(&r);			/* 1: overflow */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	refcount_inc(&r);			/* 2: stays saturated */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	assert_false(refcount_dec_and_test(&r));	/* 3 */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	refcount_set(&r, INT_MAX);
	assert_true(refcount_inc_not_zero(&r));	/* 4 */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	assert_true(refcount_dec_not_one(&r));	/* saturated: no change */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	refcount_set(&r, INT_MAX - 1);
	refcount_add(5, &r);			/* 5 */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	refcount_set(&r, INT_MAX);
	assert_true(refcount_add_not_zero(1, &r));	/* 6 */
	assert_int_equal(dmb_reports(REPORT_WARN), 6);
}

static void test_refcount_underflow(void **state)
{
	refcount_t r = REFCOUNT_INIT(0);

	dmb_expect_reports(REPORT_WARN, 5);
	assert_false(refcount_dec_and_test(&r));	/* 1: underflow */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	refcount_set(&r, 0);
	refcount_inc(&r);				/* 2: inc from 0 */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	refcount_set(&r, 1);
	refcount_dec(&r);				/* 3: hit 0 */
	assert_int_equal((int)refcount_read(&r), REFCOUNT_SATURATED);
	refcount_set(&r, 1);
	assert_false(refcount_sub_and_test(3, &r));	/* 4 */
	refcount_set(&r, 0);
	assert_true(refcount_dec_not_one(&r));		/* 5 */
	assert_int_equal(dmb_reports(REPORT_WARN), 5);
}

struct thing {
	struct kref ref;
	int released;
	struct mutex *lock;
	spinlock_t *spin;
	bool lock_held_in_release;
};

static void release_thing(struct kref *kref)
{
	struct thing *t = container_of(kref, struct thing, ref);

	t->released++;
}

static void release_locked_mutex(struct kref *kref)
{
	struct thing *t = container_of(kref, struct thing, ref);

	t->released++;
	t->lock_held_in_release = mutex_is_locked(t->lock);
	mutex_unlock(t->lock);
}

static void release_locked_spin(struct kref *kref)
{
	struct thing *t = container_of(kref, struct thing, ref);

	t->released++;
	t->lock_held_in_release = spin_is_locked(t->spin);
	spin_unlock(t->spin);
}

static void test_kref(void **state)
{
	struct thing t = { .ref = KREF_INIT(1) };
	DEFINE_MUTEX(m);
	DEFINE_SPINLOCK(s);

	assert_int_equal(kref_read(&t.ref), 1);
	kref_get(&t.ref);
	assert_int_equal(kref_put(&t.ref, release_thing), 0);
	assert_int_equal(t.released, 0);
	assert_true(kref_get_unless_zero(&t.ref));
	assert_int_equal(kref_put(&t.ref, release_thing), 0);
	assert_int_equal(kref_put(&t.ref, release_thing), 1);
	assert_int_equal(t.released, 1);
	assert_false(kref_get_unless_zero(&t.ref));
	assert_int_equal(kref_read(&t.ref), 0);

	kref_init(&t.ref);
	t.released = 0;
	t.lock = &m;
	kref_get(&t.ref);
	assert_int_equal(kref_put_mutex(&t.ref, release_locked_mutex, &m), 0);
	assert_false(mutex_is_locked(&m));
	assert_int_equal(kref_put_mutex(&t.ref, release_locked_mutex, &m), 1);
	assert_true(t.lock_held_in_release);
	assert_false(mutex_is_locked(&m));

	kref_init(&t.ref);
	t.released = 0;
	t.spin = &s;
	t.lock_held_in_release = false;
	kref_get(&t.ref);
	assert_int_equal(kref_put_lock(&t.ref, release_locked_spin, &s), 0);
	assert_int_equal(kref_put_lock(&t.ref, release_locked_spin, &s), 1);
	assert_true(t.lock_held_in_release);
	assert_int_equal(t.released, 1);
	assert_false(spin_is_locked(&s));
}

/* get/put and get_unless_zero races: exactly one release, after all gets. */
static struct thing shared;
static atomic_t released_once;

static void release_shared(struct kref *kref)
{
	atomic_inc(&released_once);
}

static void kref_thread(int idx, void *arg)
{
	int i;

	for (i = 0; i < 20000; i++) {
		if (kref_get_unless_zero(&shared.ref))
			kref_put(&shared.ref, release_shared);
		kref_get(&shared.ref);
		kref_put(&shared.ref, release_shared);
	}
	kref_put(&shared.ref, release_shared);	/* each thread's own ref */
}

static void test_kref_race(void **state)
{
	atomic_set(&released_once, 0);
	refcount_set(&shared.ref.refcount, 4);
	dmb_run_threads(4, kref_thread, NULL);
	assert_int_equal(atomic_read(&released_once), 1);
	assert_int_equal(kref_read(&shared.ref), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_refcount_basics),
		dmb_unit_test(test_refcount_saturation),
		dmb_unit_test(test_refcount_underflow),
		dmb_unit_test(test_kref),
		dmb_unit_test(test_kref_race),
	};

	return dmb_run_tests(tests);
}
