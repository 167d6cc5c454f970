// SPDX-License-Identifier: GPL-2.0
/* RCU: readers never see freed memory; grace periods and rcu_barrier. */
#include <sched.h>
#include "dmb_test.h"
#include <dmabridge/rcupdate.h>
#include <dmabridge/slab.h>
#include <dmabridge/atomic.h>
#include <dmabridge/sched.h>

struct obj {
	long a, b;		/* b == 2 * a while the object is live */
	struct rcu_head rcu;
};

static struct obj *gp;
static atomic_t stop, bad, reads;

static void free_obj_cb(struct rcu_head *head)
{
	struct obj *o = container_of(head, struct obj, rcu);

	WRITE_ONCE(o->a, -1);	/* a reader seeing this read freed memory */
	kfree(o);
}

static void reader(int idx, void *arg)
{
	while (!atomic_read(&stop)) {
		struct obj *o;

		rcu_read_lock();
		assert_true(rcu_read_lock_held());
		o = rcu_dereference(gp);
		if (o) {
			long a = READ_ONCE(o->a), b = READ_ONCE(o->b);

			if (a < 0 || b != 2 * a)
				atomic_inc(&bad);
			atomic_inc(&reads);
		}
		rcu_read_unlock();
	}
}

static void writer(int idx, void *arg)
{
	int i;

	if (idx != 0) {
		reader(idx, arg);
		return;
	}
	/* Let the readers in before the first replacement. */
	while (atomic_read(&reads) < 10)
		sched_yield();
	for (i = 1; i <= 1500; i++) {
		struct obj *n = kmalloc(sizeof(*n), GFP_KERNEL);
		struct obj *old;

		n->a = i;
		n->b = 2 * i;
		old = rcu_replace_pointer(gp, n, true);
		switch (i % 3) {
		case 0:
			call_rcu(&old->rcu, free_obj_cb);
			break;
		case 1:
			kfree_rcu(old, rcu);
			break;
		case 2:
			synchronize_rcu();
			WRITE_ONCE(old->a, -1);
			kfree(old);
			break;
		}
	}
	atomic_set(&stop, 1);
}

static void test_readers_never_see_freed(void **state)
{
	struct obj *first = kzalloc(sizeof(*first), GFP_KERNEL);

	atomic_set(&stop, 0);
	atomic_set(&bad, 0);
	atomic_set(&reads, 0);
	rcu_assign_pointer(gp, first);
	dmb_run_threads(4, writer, NULL);
	assert_int_equal(atomic_read(&bad), 0);
	assert_true(atomic_read(&reads) > 0);
	kfree_rcu(rcu_dereference_protected(gp, true), rcu);
	RCU_INIT_POINTER(gp, NULL);
	rcu_barrier();
	assert_null(rcu_access_pointer(gp));
}

static atomic_t cb_count;

static void count_cb(struct rcu_head *head)
{
	atomic_inc(&cb_count);
	kfree(container_of(head, struct obj, rcu));
}

static void nested_cb(struct rcu_head *head)
{
	/* A callback queueing another: rcu_barrier() waits for it too
	 * only if queued before the barrier; count it separately. */
	call_rcu(head, count_cb);
}

static void test_rcu_barrier(void **state)
{
	int i;

	atomic_set(&cb_count, 0);
	for (i = 0; i < 500; i++) {
		struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

		call_rcu(&o->rcu, count_cb);
	}
	rcu_barrier();
	assert_int_equal(atomic_read(&cb_count), 500);
	for (i = 0; i < 10; i++) {
		struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

		call_rcu(&o->rcu, nested_cb);
	}
	rcu_barrier();	/* the first-level callbacks ran ... */
	rcu_barrier();	/* ... and the ones they queued */
	assert_int_equal(atomic_read(&cb_count), 510);
	rcu_barrier();	/* nothing queued: returns at once */
	assert_false(rcu_read_lock_held());
}

static atomic_t in_reader, reader_done;

static int long_reader(void *data)
{
	rcu_read_lock();
	atomic_set(&in_reader, 1);
	msleep(20);
	atomic_set(&reader_done, 1);
	rcu_read_unlock();
	return 0;
}

static void test_synchronize_waits_for_reader(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *t;

	atomic_set(&in_reader, 0);
	atomic_set(&reader_done, 0);
	t = kthread_run(plat, long_reader, NULL, "reader");
	while (!atomic_read(&in_reader))
		sched_yield();
	synchronize_rcu();
	assert_int_equal(atomic_read(&reader_done), 1);
	kthread_stop(t);
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_readers_never_see_freed),
		dmb_unit_test(test_rcu_barrier),
		dmb_unit_test(test_synchronize_waits_for_reader),
	};

	return dmb_run_tests(tests);
}
