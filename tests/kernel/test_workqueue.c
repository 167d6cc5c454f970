// SPDX-License-Identifier: GPL-2.0
/* Workqueues: order, pending, requeue, flush, cancel, drain, races. */
#include <sched.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/workqueue.h>
#include <dmabridge/completion.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform.h>

struct item {
	struct work_struct work;
	int idx;
	int *log;
	atomic_t *pos;
};

static void log_fn(struct work_struct *work)
{
	struct item *it = container_of(work, struct item, work);

	it->log[atomic_fetch_add(1, it->pos)] = it->idx;
}

static void test_ordered(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct workqueue_struct *wq = alloc_ordered_workqueue("ordered", 0);
	struct item items[100];
	int log[100];
	atomic_t pos = ATOMIC_INIT(0);
	int i;

	assert_non_null(wq);
	for (i = 0; i < 100; i++) {
		INIT_WORK(&items[i].work, log_fn);
		items[i].idx = i;
		items[i].log = log;
		items[i].pos = &pos;
		assert_true(queue_work(wq, &items[i].work));
	}
	flush_workqueue(wq);
	assert_int_equal(atomic_read(&pos), 100);
	for (i = 0; i < 100; i++)
		assert_int_equal(log[i], i);
	destroy_workqueue(wq);
	dmb_kernel_platform_free(plat);
}

struct blocker {
	struct work_struct work;
	struct completion started, proceed;
	atomic_t finished;
};

static void block_fn(struct work_struct *work)
{
	struct blocker *b = container_of(work, struct blocker, work);

	complete(&b->started);
	wait_for_completion(&b->proceed);
	atomic_inc(&b->finished);
}

static void blocker_init(struct blocker *b)
{
	INIT_WORK(&b->work, block_fn);
	init_completion(&b->started);
	init_completion(&b->proceed);
	atomic_set(&b->finished, 0);
}

static atomic_t simple_runs;

static void simple_fn(struct work_struct *work)
{
	atomic_inc(&simple_runs);
}

static void test_pending_and_cancel(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct workqueue_struct *wq = alloc_ordered_workqueue("pend", 0);
	struct work_struct w, idle;
	struct blocker b;

	atomic_set(&simple_runs, 0);
	blocker_init(&b);
	INIT_WORK(&w, simple_fn);
	INIT_WORK(&idle, simple_fn);
	assert_false(flush_work(&idle));	/* never queued */
	assert_false(cancel_work_sync(&idle));
	assert_true(queue_work(wq, &b.work));
	wait_for_completion(&b.started);
	assert_false(work_pending(&b.work));	/* running, not pending */
	assert_true(queue_work(wq, &w));
	assert_true(work_pending(&w));
	assert_false(queue_work(wq, &w));
	/* Cancel the pending one: it never runs. */
	assert_true(cancel_work_sync(&w));
	assert_false(work_pending(&w));
	assert_false(cancel_work_sync(&w));
	assert_true(queue_work(wq, &w));
	assert_true(cancel_work(&w));
	assert_false(cancel_work(&w));
	complete(&b.proceed);
	flush_workqueue(wq);
	assert_int_equal(atomic_read(&simple_runs), 0);
	assert_int_equal(atomic_read(&b.finished), 1);
	assert_false(flush_work(&b.work));	/* idle now */
	assert_true(queue_work(wq, &w));
	assert_true(flush_work(&w) || atomic_read(&simple_runs) == 1);
	assert_int_equal(atomic_read(&simple_runs), 1);
	destroy_workqueue(wq);
	dmb_kernel_platform_free(plat);
}

static int release_blocker(void *data)
{
	struct blocker *b = data;

	complete(&b->proceed);
	return 0;
}

static void test_cancel_running(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct workqueue_struct *wq = alloc_workqueue("run", 0, 2);
	struct task_struct *t;
	struct blocker b;
	int round;

	for (round = 0; round < 20; round++) {
		blocker_init(&b);
		assert_true(queue_work(wq, &b.work));
		wait_for_completion(&b.started);
		t = kthread_run(plat, release_blocker, &b, "release");
		/* Waits for the running instance, whenever it finishes. */
		assert_false(cancel_work_sync(&b.work));
		assert_int_equal(atomic_read(&b.finished), 1);
		kthread_stop(t);
	}
	/* flush_work() waits for the running instance too. */
	blocker_init(&b);
	assert_true(queue_work(wq, &b.work));
	wait_for_completion(&b.started);
	t = kthread_run(plat, release_blocker, &b, "release");
	flush_work(&b.work);	/* true unless it finished first */
	assert_int_equal(atomic_read(&b.finished), 1);
	kthread_stop(t);
	destroy_workqueue(wq);
	dmb_kernel_platform_free(plat);
}

struct requeue {
	struct work_struct work;
	struct workqueue_struct *wq;
	atomic_t runs;
	atomic_t inside;
	atomic_t overlap;
	int limit;		/* < 0: forever */
	struct completion done;
};

static void requeue_fn(struct work_struct *work)
{
	struct requeue *r = container_of(work, struct requeue, work);
	int n;

	if (atomic_inc_return(&r->inside) != 1)
		atomic_inc(&r->overlap);
	n = atomic_inc_return(&r->runs);
	if (r->limit < 0 || n < r->limit) {
		if (!queue_work(r->wq, work) && r->limit >= 0)
			atomic_inc(&r->overlap);
	} else if (n == r->limit) {
		complete(&r->done);
	}
	atomic_dec(&r->inside);
}

static void requeue_init(struct requeue *r, struct workqueue_struct *wq,
			 int limit)
{
	memset(r, 0, sizeof(*r));
	INIT_WORK(&r->work, requeue_fn);
	r->wq = wq;
	r->limit = limit;
	init_completion(&r->done);
}

static void test_requeue_self(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct workqueue_struct *wq = alloc_workqueue("self", 0, 3);
	struct requeue r;
	int runs;

	requeue_init(&r, wq, 10);
	assert_true(queue_work(wq, &r.work));
	wait_for_completion(&r.done);
	flush_workqueue(wq);
	assert_int_equal(atomic_read(&r.runs), 10);
	assert_int_equal(atomic_read(&r.overlap), 0);

	/* Endless requeue: flushes return, cancel stops it for good. */
	requeue_init(&r, wq, -1);
	assert_true(queue_work(wq, &r.work));
	flush_workqueue(wq);
	flush_work(&r.work);
	assert_true(atomic_read(&r.runs) >= 1);
	cancel_work_sync(&r.work);
	assert_false(work_pending(&r.work));
	runs = atomic_read(&r.runs);
	msleep(5);
	assert_int_equal(atomic_read(&r.runs), runs);
	assert_int_equal(atomic_read(&r.overlap), 0);
	destroy_workqueue(wq);
	dmb_kernel_platform_free(plat);
}

static void test_destroy_drains(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct workqueue_struct *wq = alloc_workqueue("drain", 0, 2);
	struct work_struct w[50];
	struct requeue r;
	int i;

	atomic_set(&simple_runs, 0);
	for (i = 0; i < 50; i++) {
		INIT_WORK(&w[i], simple_fn);
		assert_true(queue_work(wq, &w[i]));
	}
	/* Chained work may queue itself while the queue drains. */
	requeue_init(&r, wq, 20);
	assert_true(queue_work(wq, &r.work));
	destroy_workqueue(wq);
	assert_int_equal(atomic_read(&simple_runs), 50);
	assert_int_equal(atomic_read(&r.runs), 20);
	destroy_workqueue(NULL);
	dmb_kernel_platform_free(plat);
}

static void test_schedule_work_and_errors(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *old;
	struct work_struct w;
	DECLARE_WORK(dw, simple_fn);
	int n;

	atomic_set(&simple_runs, 0);
	INIT_WORK(&w, simple_fn);
	assert_true(schedule_work(&w));
	assert_true(schedule_work(&dw));
	flush_workqueue(plat->wq);
	assert_int_equal(atomic_read(&simple_runs), 2);
	dmb_expect_reports(REPORT_WARN, 3);
	assert_false(queue_work(NULL, &w));
	assert_false(queue_work(plat->wq, NULL));
	old = set_current(NULL);
	assert_false(schedule_work(&w));
	set_current(old);
	/* Every allocation failure inside alloc_workqueue unwinds. */
	for (n = 1; n <= 8; n++) {
		struct workqueue_struct *wq;

		failslab_after(n);
		wq = alloc_workqueue("fail", 0, 3);
		failslab_off();
		destroy_workqueue(wq);
	}
	dmb_kernel_platform_free(plat);
}

/* Many threads queue one work: every successful queue_work runs once. */
#define QT 4
#define QT_ROUNDS 3000

struct qrace {
	struct workqueue_struct *wq;
	struct work_struct work;
	atomic_t queued, ran, inside, overlap;
};

static struct qrace *qr;

static void qrace_fn(struct work_struct *work)
{
	if (atomic_inc_return(&qr->inside) != 1)
		atomic_inc(&qr->overlap);
	atomic_inc(&qr->ran);
	atomic_dec(&qr->inside);
}

static void qrace_thread(int idx, void *p)
{
	int i;

	for (i = 0; i < QT_ROUNDS; i++) {
		if (queue_work(qr->wq, &qr->work))
			atomic_inc(&qr->queued);
		if (i % 100 == 0)
			flush_work(&qr->work);
		if (i % 333 == 0 && cancel_work_sync(&qr->work))
			atomic_dec(&qr->queued);
	}
}

static void test_queue_race(void **state)
{
	struct platform *plat = dmb_kernel_platform();

	qr = calloc(1, sizeof(*qr));
	qr->wq = alloc_workqueue("race", 0, 4);
	INIT_WORK(&qr->work, qrace_fn);
	dmb_run_threads(QT, qrace_thread, NULL);
	flush_workqueue(qr->wq);
	assert_int_equal(atomic_read(&qr->ran), atomic_read(&qr->queued));
	assert_int_equal(atomic_read(&qr->overlap), 0);
	destroy_workqueue(qr->wq);
	free(qr);
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_ordered),
		dmb_unit_test(test_pending_and_cancel),
		dmb_unit_test(test_cancel_running),
		dmb_unit_test(test_requeue_self),
		dmb_unit_test(test_destroy_drains),
		dmb_unit_test(test_schedule_work_and_errors),
		dmb_unit_test(test_queue_race),
	};

	return dmb_run_tests(tests);
}
