// SPDX-License-Identifier: GPL-2.0
/* Lock checker: order inversions, recursion, read locks, lock types. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/mutex.h>
#include <dmabridge/rwsem.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/seqlock.h>
#include <dmabridge/ww_mutex.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/printk.h>
#include <dmabridge/report.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/fence-signalling.h>
#include <dmabridge/platform.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/mman.h>
#include <dmabridge/mm.h>
#include <dmabridge/mmu_notifier.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>

static DEFINE_WD_CLASS(ld_wd_class);

static int setup(void **state)
{
	lockdep_reset();
	return dmb_test_setup(state);
}

static DEFINE_WW_CLASS(test_ww_class);

#define ld_test(f) cmocka_unit_test_setup_teardown(f, setup, dmb_test_teardown)

/* Mutexes initialised at one site share a class. */
static void same_class_init(struct mutex *m)
{
	mutex_init(m);
}

static void lock2(struct mutex *x, struct mutex *y)
{
	mutex_lock(x);
	mutex_lock(y);
	mutex_unlock(y);
	mutex_unlock(x);
}

static void test_abba_reported_once(void **state)
{
	struct mutex a, b;
	int i;

	mutex_init(&a);
	mutex_init(&b);
	lock2(&a, &b);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	/* Sequential, one thread: no deadlock happens, still reported. */
	for (i = 0; i < 3; i++)
		lock2(&b, &a);
	lock2(&a, &b);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 1);
	mutex_destroy(&a);
	mutex_destroy(&b);
}

static void test_three_cycle(void **state)
{
	struct mutex a, b, c;

	mutex_init(&a);
	mutex_init(&b);
	mutex_init(&c);
	lock2(&a, &b);
	lock2(&b, &c);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	lock2(&c, &a);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 1);
	lock2(&c, &a);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 1);
}

static void test_reset_forgets(void **state)
{
	struct mutex a, b;

	mutex_init(&a);
	mutex_init(&b);
	lock2(&a, &b);
	lockdep_reset();
	lock2(&b, &a);	/* fresh graph: only this order is known */
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
}

/* Consistent order on many threads: no report. */
struct order_arg {
	struct mutex m[4];
	long counter;
};

static void order_thread(int idx, void *p)
{
	struct order_arg *a = p;
	int i, j;

	for (i = 0; i < 500; i++) {
		int first = (i + idx) % 3;

		/* Always ascending, random starting point. */
		for (j = first; j < 4; j++)
			mutex_lock(&a->m[j]);
		a->counter++;
		for (j = 3; j >= first; j--)
			mutex_unlock(&a->m[j]);
	}
}

static void test_consistent_order_threads(void **state)
{
	struct order_arg a = { .counter = 0 };

	mutex_init(&a.m[0]);
	mutex_init(&a.m[1]);
	mutex_init(&a.m[2]);
	mutex_init(&a.m[3]);
	dmb_run_threads(4, order_thread, &a);
	assert_int_equal(a.counter, 2000);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
}

/* The two orders seen on two different threads: the graph is shared. */
static struct mutex xa, xb;

static void cross_thread(int idx, void *p)
{
	if (idx == 0)
		lock2(&xa, &xb);
}

static void test_cross_thread_inversion(void **state)
{
	mutex_init(&xa);
	mutex_init(&xb);
	dmb_run_threads(1, cross_thread, NULL);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	lock2(&xb, &xa);
}

static void test_recursion_reported(void **state)
{
	struct mutex a, b;

	same_class_init(&a);
	same_class_init(&b);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	lock2(&a, &b);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 1);
}

/*
 * Taking a second lock of a held class is reported as recursion (not as a
 * cycle of the class with itself). Guards the checker's inline common
 * case: it hands any class already held to the slow path, which alone
 * tells recursion from a nest lock or a recursive read.
 */
static void test_recursion_reported_as_recursion(void **state)
{
	FILE *console = tmpfile();
	bool was_quiet;
	struct mutex a, b;
	char *text;

	assert_non_null(console);
	same_class_init(&a);
	same_class_init(&b);
	/* Each map learns its class on first use: then the common case. */
	mutex_lock(&b);
	mutex_unlock(&b);
	dmb_set_console(console);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	was_quiet = report_set_quiet(REPORT_LOCKDEP, false);
	lock2(&a, &b);
	report_set_quiet(REPORT_LOCKDEP, was_quiet);
	dmb_set_console(NULL);
	fflush(console);
	text = dmb_slurp(console);
	fclose(console);
	assert_non_null(strstr(text, "possible recursive locking detected"));
	assert_null(strstr(text, "circular"));
	free(text);
}

/*
 * A lock taken above a trylock depends on every lock under the trylock
 * too: a held, b trylocked, then c records a -> c, and c then a is an
 * inversion. Guards the inline common case's "no trylock on top" test
 * (it checks only the edge from the top lock).
 */
static void test_edge_below_trylock_recorded(void **state)
{
	struct mutex a, b, c;

	mutex_init(&a);
	mutex_init(&b);
	mutex_init(&c);
	mutex_lock(&c);		/* c learns its class: then the common case */
	mutex_unlock(&c);
	mutex_lock(&a);
	assert_true(mutex_trylock(&b));
	mutex_lock(&c);
	mutex_unlock(&c);
	mutex_unlock(&b);
	mutex_unlock(&a);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	lock2(&c, &a);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 1);
}

static void test_nested_subclass_ok(void **state)
{
	struct mutex a, b;

	same_class_init(&a);
	same_class_init(&b);
	mutex_lock(&a);
	mutex_lock_nested(&b, 1);
	assert_int_equal(lockdep_depth(), 2);
	mutex_unlock(&b);
	mutex_unlock(&a);
}

static void test_trylock_no_edge(void **state)
{
	struct mutex a, b;

	mutex_init(&a);
	mutex_init(&b);
	mutex_lock(&a);
	assert_true(mutex_trylock(&b));	/* a trylock cannot deadlock */
	mutex_unlock(&b);
	mutex_unlock(&a);
	lock2(&b, &a);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
}

static void test_held_and_asserts(void **state)
{
	struct mutex a, b;

	mutex_init(&a);
	mutex_init(&b);
	assert_false(lock_is_held(&a.dep_map));
	mutex_lock(&a);
	assert_true(lock_is_held(&a.dep_map));
	lockdep_assert_held(&a);
	lockdep_assert_not_held(&b);
	/* might_lock records a -> b without taking b. */
	might_lock(&b);
	assert_false(lock_is_held(&b.dep_map));
	dmb_expect_reports(REPORT_LOCKDEP, 2);
	lockdep_assert_held(&b);
	lockdep_assert_no_locks_held("test");
	mutex_unlock(&a);
	lockdep_assert_no_locks_held("test");
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	lock2(&b, &a);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 3);
}

static void test_disabled_is_silent(void **state)
{
	struct mutex a, b;

	mutex_init(&a);
	mutex_init(&b);
	lockdep_set_enabled(false);
	assert_false(lockdep_enabled());
	lock2(&a, &b);
	lock2(&b, &a);
	lockdep_set_enabled(true);
	assert_true(lockdep_enabled());
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	assert_int_equal(lockdep_depth(), 0);
}

static void test_rwsem_orders(void **state)
{
	struct rw_semaphore s;
	struct mutex m;

	init_rwsem(&s);
	mutex_init(&m);
	/* Readers still block a writer: read -> m, m -> write is a cycle. */
	down_read(&s);
	mutex_lock(&m);
	mutex_unlock(&m);
	up_read(&s);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	mutex_lock(&m);
	down_write(&s);
	up_write(&s);
	mutex_unlock(&m);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 1);
}

static void test_rwsem_read_recursion(void **state)
{
	struct rw_semaphore s;

	init_rwsem(&s);
	/* A writer queued between the two would deadlock us. */
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	down_read(&s);
	down_read(&s);
	up_read(&s);
	up_read(&s);
}

static void test_recursive_read_rules(void **state)
{
	static struct lock_class_key kx;
	struct lockdep_map x = STATIC_LOCKDEP_MAP_INIT("x", &kx, LD_LOCK_MAP);
	struct mutex a;

	mutex_init(&a);
	/* x (recursive read) -> a */
	lock_map_acquire_read(&x);
	mutex_lock(&a);
	mutex_unlock(&a);
	/* Recursive read of a class held as recursive read is fine. */
	lock_map_acquire_read(&x);
	lock_map_release(&x);
	lock_map_release(&x);
	/* a -> x as recursive reader: readers never block readers. */
	mutex_lock(&a);
	lock_map_acquire_read(&x);
	lock_map_release(&x);
	mutex_unlock(&a);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	/* a -> x exclusive closes a real cycle. */
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	mutex_lock(&a);
	lock_map_acquire(&x);
	lock_map_release(&x);
	mutex_unlock(&a);
}

static void test_spin_seqcount_classes(void **state)
{
	spinlock_t l;
	seqcount_t sq;

	spin_lock_init(&l);
	seqcount_init(&sq);
	spin_lock(&l);
	write_seqcount_begin(&sq);
	write_seqcount_end(&sq);
	spin_unlock(&l);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	write_seqcount_begin(&sq);
	spin_lock(&l);
	spin_unlock(&l);
	write_seqcount_end(&sq);
}

static void test_ww_same_class_in_ctx(void **state)
{
	struct ww_mutex *locks = calloc(300, sizeof(*locks));
	struct ww_acquire_ctx ctx;
	struct mutex m;
	int i;

	assert_non_null(locks);
	mutex_init(&m);
	for (i = 0; i < 300; i++)
		ww_mutex_init(&locks[i], &ld_wd_class);
	ww_acquire_init(&ctx, &ld_wd_class);
	for (i = 0; i < 300; i++)
		assert_int_equal(ww_mutex_lock(&locks[(i * 7) % 300], &ctx),
				 0);
	assert_int_equal(lockdep_depth(), 301);
	assert_true(lock_is_held(&locks[5].base.dep_map));
	lockdep_assert_held(&locks[5].base);
	mutex_lock(&m);		/* ww -> m */
	mutex_unlock(&m);
	for (i = 0; i < 300; i++)
		ww_mutex_unlock(&locks[i]);
	ww_acquire_fini(&ctx);
	assert_int_equal(lockdep_depth(), 0);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	/* m -> ww closes a cycle with the order above. */
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	mutex_lock(&m);
	assert_int_equal(ww_mutex_lock(&locks[0], NULL), 0);
	ww_mutex_unlock(&locks[0]);
	mutex_unlock(&m);
	for (i = 0; i < 300; i++)
		ww_mutex_destroy(&locks[i]);
	free(locks);
}

static void test_ww_without_ctx_recursion(void **state)
{
	struct ww_mutex a, b;

	ww_mutex_init(&a, &ld_wd_class);
	ww_mutex_init(&b, &ld_wd_class);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	assert_int_equal(ww_mutex_lock(&a, NULL), 0);
	assert_int_equal(ww_mutex_lock(&b, NULL), 0);
	ww_mutex_unlock(&b);
	ww_mutex_unlock(&a);
}

/* Many threads creating classes and edges at once (TSan food). */
static struct mutex race_m[8];

static void race_thread(int idx, void *p)
{
	int i, j;

	for (i = 0; i < 300; i++) {
		int x = (idx + i) % 8, y = (idx * 3 + i + 1) % 8;

		if (x == y)
			continue;
		if (x > y) {
			j = x;
			x = y;
			y = j;
		}
		lock2(&race_m[x], &race_m[y]);
	}
}

static void test_graph_threads(void **state)
{
	int i;

	mutex_init(&race_m[0]);
	mutex_init(&race_m[1]);
	mutex_init(&race_m[2]);
	mutex_init(&race_m[3]);
	mutex_init(&race_m[4]);
	mutex_init(&race_m[5]);
	mutex_init(&race_m[6]);
	mutex_init(&race_m[7]);
	dmb_run_threads(6, race_thread, NULL);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	lock2(&race_m[7], &race_m[0]);
	for (i = 0; i < 8; i++)
		mutex_destroy(&race_m[i]);
}

static void test_release_not_held(void **state)
{
	static struct lock_class_key k;
	struct lockdep_map x = STATIC_LOCKDEP_MAP_INIT("x", &k, LD_LOCK_MAP);

	dmb_expect_reports(REPORT_LOCKDEP, 1);
	lock_map_release(&x);
}

/* A platform from the default file (which primes the order) and a process. */
static struct platform *primed_platform(void)
{
	struct platform *plat = platform_create(NULL);
	struct task_struct *p;

	assert_false(IS_ERR_OR_NULL(plat));
	p = process_create(plat, "prime");
	assert_false(IS_ERR(p));
	set_current(p);
	return plat;
}

static void primed_platform_destroy(struct platform *plat)
{
	struct task_struct *p = current;

	set_current(NULL);
	task_exit(p);
	platform_destroy(plat);
}

/*
 * A driver that faults user memory while holding a resv lock is reported
 * on its first run, though nothing in this run takes mmap_lock then a
 * resv lock. Guards: mm_resv_lockdep_prime() in platform_create().
 */
static void test_primed_fault_under_resv_reported(void **state)
{
	struct platform *plat = primed_platform();
	struct dma_resv obj;
	long a;

	a = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	assert_true(a > 0);
	dma_resv_init(&obj);
	assert_int_equal(dma_resv_lock(&obj, NULL), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	assert_int_equal(cpu_write(a, "x", 1), 0);
	dma_resv_unlock(&obj);
	dma_resv_fini(&obj);
	primed_platform_destroy(plat);
}

/* The same fault under a resv lock, on an unprimed checker: silent. */
static void test_unprimed_fault_under_resv_silent(void **state)
{
	struct platform *plat = primed_platform();
	struct dma_resv obj;
	long a;

	lockdep_reset();
	a = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	dma_resv_init(&obj);
	assert_int_equal(dma_resv_lock(&obj, NULL), 0);
	assert_int_equal(cpu_write(a, "x", 1), 0);
	dma_resv_unlock(&obj);
	dma_resv_fini(&obj);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	primed_platform_destroy(plat);
}

/*
 * A GFP_KERNEL allocation inside a fence signalling section may wait for
 * reclaim, which waits for fences: reported through the signalling map.
 * GFP_NOWAIT is fine. Guards: might_alloc() in kmalloc (fs_reclaim) and
 * the primed fs_reclaim -> fence wait order.
 */
static void test_primed_alloc_in_signalling_reported(void **state)
{
	struct platform *plat = primed_platform();
	bool cookie;
	void *p;

	cookie = dma_fence_begin_signalling();
	p = kmalloc(64, GFP_NOWAIT);
	kfree(p);
	assert_int_equal(dmb_reports(REPORT_SIGNALLING), 0);
	dmb_expect_reports(REPORT_SIGNALLING, 1);
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	dma_fence_end_signalling(cookie);
	primed_platform_destroy(plat);
}

/* Page allocations take fs_reclaim too. Guards: might_alloc() in page_alloc. */
static void test_primed_page_alloc_in_signalling_reported(void **state)
{
	struct platform *plat = primed_platform();
	struct page *page;
	bool cookie;

	cookie = dma_fence_begin_signalling();
	dmb_expect_reports(REPORT_SIGNALLING, 1);
	page = alloc_page(GFP_KERNEL);
	assert_non_null(page);
	dma_fence_end_signalling(cookie);
	__free_page(page);
	primed_platform_destroy(plat);
}

static bool alloc_invalidate(struct mmu_interval_notifier *sub,
			     const struct mmu_notifier_range *range,
			     unsigned long cur_seq)
{
	kfree(kmalloc(32, GFP_KERNEL));
	mmu_interval_set_seq(sub, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops alloc_ops = {
	.invalidate = alloc_invalidate,
};

/*
 * An mmu notifier callback that allocates (reclaim invalidates notifiers)
 * is reported. Guards: the notifier pseudo-lock held around callbacks.
 */
static void test_primed_alloc_in_notifier_reported(void **state)
{
	struct platform *plat = primed_platform();
	struct mmu_interval_notifier sub;
	long a;

	a = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	assert_int_equal(mmu_interval_notifier_insert(&sub, current->mm, a,
						      PAGE_SIZE, &alloc_ops), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	mmu_interval_notifier_remove(&sub);
	primed_platform_destroy(plat);
}

/*
 * Removing an interval notifier waits for running callbacks, so it may
 * not be called under a lock a callback takes: reported even when no
 * invalidation runs. Guards: the lock map in mmu_interval_notifier_remove.
 */
static struct mutex notifier_user_lock;

static bool locking_invalidate(struct mmu_interval_notifier *sub,
			       const struct mmu_notifier_range *range,
			       unsigned long cur_seq)
{
	mutex_lock(&notifier_user_lock);
	mmu_interval_set_seq(sub, cur_seq);
	mutex_unlock(&notifier_user_lock);
	return true;
}

static const struct mmu_interval_notifier_ops locking_ops = {
	.invalidate = locking_invalidate,
};

static void test_notifier_remove_under_callback_lock_reported(void **state)
{
	struct platform *plat = primed_platform();
	struct mmu_interval_notifier sub;
	long a;

	mutex_init(&notifier_user_lock);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	assert_int_equal(mmu_interval_notifier_insert(&sub, current->mm, a,
						      2 * PAGE_SIZE,
						      &locking_ops), 0);
	/* One invalidation: callback takes user_lock under the map. */
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	mutex_lock(&notifier_user_lock);
	mmu_interval_notifier_remove(&sub);
	mutex_unlock(&notifier_user_lock);
	mutex_destroy(&notifier_user_lock);
	primed_platform_destroy(plat);
}

/*
 * An allocation that may sleep, under a spinlock, is reported at once
 * (CONFIG_DEBUG_ATOMIC_SLEEP's "sleeping function called from invalid
 * context"), with no lock order needed to close a cycle, as finding F8
 * did; GFP_NOWAIT is fine there, and GFP_KERNEL once it is dropped.
 * Guards might_sleep_if() in might_alloc().
 */
static void test_sleeping_alloc_under_spinlock_reported(void **state)
{
	spinlock_t lock;
	void *p;

	spin_lock_init(&lock);
	spin_lock(&lock);
	p = kmalloc(64, GFP_NOWAIT);
	kfree(p);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	spin_unlock(&lock);
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	spin_lock_destroy(&lock);
}

/*
 * Sleeping locks and sleeps under a spinlock: reported the same way; a
 * trylock does not sleep. Guards might_sleep() in mutex_lock_nested(),
 * down_read_common()/down_write_common(), __ww_mutex_lock() and
 * schedule_timeout().
 */
static void test_sleeping_lock_under_spinlock_reported(void **state)
{
	struct ww_acquire_ctx ctx;
	struct rw_semaphore sem;
	struct ww_mutex ww;
	spinlock_t lock;
	struct mutex m;

	spin_lock_init(&lock);
	mutex_init(&m);
	init_rwsem(&sem);
	ww_mutex_init(&ww, &test_ww_class);
	spin_lock(&lock);
	assert_true(mutex_trylock(&m));
	mutex_unlock(&m);
	assert_int_equal(dmb_reports(REPORT_LOCKDEP), 0);
	dmb_expect_reports(REPORT_LOCKDEP, 5);
	mutex_lock(&m);
	mutex_unlock(&m);
	down_read(&sem);
	up_read(&sem);
	down_write(&sem);
	up_write(&sem);
	ww_acquire_init(&ctx, &test_ww_class);
	assert_int_equal(ww_mutex_lock(&ww, &ctx), 0);
	ww_mutex_unlock(&ww);
	ww_acquire_fini(&ctx);
	schedule_timeout_uninterruptible(0);
	spin_unlock(&lock);
	ww_mutex_destroy(&ww);
	rwsem_destroy(&sem);
	mutex_destroy(&m);
	spin_lock_destroy(&lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ld_test(test_release_not_held),
		ld_test(test_abba_reported_once),
		ld_test(test_three_cycle),
		ld_test(test_reset_forgets),
		ld_test(test_consistent_order_threads),
		ld_test(test_cross_thread_inversion),
		ld_test(test_recursion_reported),
		ld_test(test_recursion_reported_as_recursion),
		ld_test(test_edge_below_trylock_recorded),
		ld_test(test_nested_subclass_ok),
		ld_test(test_trylock_no_edge),
		ld_test(test_held_and_asserts),
		ld_test(test_rwsem_orders),
		ld_test(test_rwsem_read_recursion),
		ld_test(test_recursive_read_rules),
		ld_test(test_spin_seqcount_classes),
		ld_test(test_ww_same_class_in_ctx),
		ld_test(test_ww_without_ctx_recursion),
		ld_test(test_graph_threads),
		ld_test(test_disabled_is_silent),
		ld_test(test_primed_fault_under_resv_reported),
		ld_test(test_unprimed_fault_under_resv_silent),
		ld_test(test_primed_alloc_in_signalling_reported),
		ld_test(test_primed_page_alloc_in_signalling_reported),
		ld_test(test_primed_alloc_in_notifier_reported),
		ld_test(test_notifier_remove_under_callback_lock_reported),
		ld_test(test_sleeping_alloc_under_spinlock_reported),
		ld_test(test_sleeping_lock_under_spinlock_reported),
	};

	if (!CONFIG_LOCKDEP) {
		printf("1..0 # SKIP lock checker not built (-Dlockdep=false)\n");
		return 0;
	}

	return dmb_run_tests(tests);
}
