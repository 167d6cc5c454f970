// SPDX-License-Identifier: GPL-2.0
/* Wait queues and completions: timeouts, ordering, no lost wake-ups. */
#include <sched.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/wait.h>
#include <dmabridge/completion.h>
#include <dmabridge/sched.h>
#include <dmabridge/platform.h>

static int never(void)
{
	return 0;
}

static void test_wait_event_timeout(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	DECLARE_WAIT_QUEUE_HEAD(wq);
	int cond = 0;
	long ret;

	assert_int_equal(wait_event_timeout(wq, never(), 0), 0);
	assert_int_equal(wait_event_timeout(wq, never(), 5), 0);
	assert_int_equal(wait_event_timeout(wq, 1, 0), 1);
	assert_int_equal(wait_event_timeout(wq, 1, 77), 77);
	assert_int_equal(wait_event_interruptible_timeout(wq, never(), 2), 0);
	ret = wait_event_interruptible_timeout(wq, cond == 0, 50);
	assert_int_equal(ret, 50);
	assert_false(wq_has_sleeper(&wq));
	assert_false(waitqueue_active(&wq));
	dmb_kernel_platform_free(plat);
}

struct waker_arg {
	struct wait_queue_head wq;
	atomic_t cond;
	atomic_t sleeping;
};

static int waker_fn(void *data)
{
	struct waker_arg *arg = data;

	/* Wake only once the waiter is on the queue. */
	while (!wq_has_sleeper(&arg->wq))
		sched_yield();
	atomic_set(&arg->cond, 1);
	wake_up(&arg->wq);
	return 0;
}

static void test_wait_event_woken(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct waker_arg arg = { 0 };
	struct task_struct *t;
	long ret;

	init_waitqueue_head(&arg.wq);
	t = kthread_run(plat, waker_fn, &arg, "waker");
	ret = wait_event_timeout(arg.wq, atomic_read(&arg.cond), 1000000);
	assert_true(ret >= 1 && ret <= 1000000);
	kthread_stop(t);

	atomic_set(&arg.cond, 0);
	t = kthread_run(plat, waker_fn, &arg, "waker");
	wait_event(arg.wq, atomic_read(&arg.cond));
	kthread_stop(t);

	atomic_set(&arg.cond, 0);
	t = kthread_run(plat, waker_fn, &arg, "waker");
	assert_int_equal(wait_event_interruptible(arg.wq,
						  atomic_read(&arg.cond)), 0);
	kthread_stop(t);

	atomic_set(&arg.cond, 0);
	t = kthread_run(plat, waker_fn, &arg, "waker");
	assert_int_equal(wait_event_killable(arg.wq, atomic_read(&arg.cond)),
			 0);
	kthread_stop(t);
	dmb_kernel_platform_free(plat);
}

/* Custom entries: non-exclusive ones are all woken before exclusive ones. */
static int calls[4];

static int count_wake(struct wait_queue_entry *e, unsigned int mode,
		      int flags, void *key)
{
	calls[(uintptr_t)e->private]++;
	return 1;
}

static void test_exclusive_wakeup_order(void **state)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	struct wait_queue_entry e[4];
	int i;

	memset(calls, 0, sizeof(calls));
	for (i = 0; i < 4; i++) {
		INIT_LIST_HEAD(&e[i].entry);
		e[i].func = count_wake;
		e[i].private = (void *)(uintptr_t)i;
		e[i].flags = 0;
	}
	add_wait_queue_exclusive(&wq, &e[0]);
	add_wait_queue_exclusive(&wq, &e[1]);
	add_wait_queue(&wq, &e[2]);	/* added last, woken first */
	add_wait_queue(&wq, &e[3]);
	assert_true(wq_has_sleeper(&wq));
	wake_up(&wq);
	assert_int_equal(calls[0], 1);
	assert_int_equal(calls[1], 0);
	assert_int_equal(calls[2], 1);
	assert_int_equal(calls[3], 1);
	wake_up_all(&wq);
	assert_int_equal(calls[1], 1);
	spin_lock(&wq.lock);
	wake_up_locked(&wq);
	spin_unlock(&wq.lock);
	assert_int_equal(calls[0], 3);
	assert_int_equal(calls[1], 1);
	for (i = 0; i < 4; i++)
		remove_wait_queue(&wq, &e[i]);
	assert_false(wq_has_sleeper(&wq));
	wake_up_poll(&wq, 1);
	assert_int_equal(calls[0], 3);
}

/* Token ring: each thread waits for its turn; a lost wake-up hangs. */
#define RING 4
#define RING_ROUNDS 3000

struct ring {
	struct wait_queue_head wq;
	int turn;
	int passes;
	struct task_struct *tasks[RING];
	bool exclusive;
};

static void ring_thread(int idx, void *p)
{
	struct ring *r = p;
	int i;

	set_current(r->tasks[idx]);
	for (i = 0; i < RING_ROUNDS; i++) {
		if (r->exclusive) {
			DEFINE_WAIT(w);

			for (;;) {
				prepare_to_wait_exclusive(&r->wq, &w,
							  TASK_UNINTERRUPTIBLE);
				if (smp_load_acquire(&r->turn) == idx)
					break;
				schedule();
			}
			finish_wait(&r->wq, &w);
		} else {
			wait_event(r->wq, smp_load_acquire(&r->turn) == idx);
		}
		r->passes++;	/* only the turn holder writes */
		smp_store_release(&r->turn, (idx + 1) % RING);
		wake_up_all(&r->wq);
	}
	set_current(NULL);
}

static void run_ring(bool exclusive)
{
	struct platform *plat = dmb_kernel_platform();
	struct ring *r = calloc(1, sizeof(*r));
	int i;

	init_waitqueue_head(&r->wq);
	r->exclusive = exclusive;
	for (i = 0; i < RING; i++)
		r->tasks[i] = task_create(plat, "ring");
	dmb_run_threads(RING, ring_thread, r);
	assert_int_equal(r->passes, RING * RING_ROUNDS);
	for (i = 0; i < RING; i++)
		task_exit(r->tasks[i]);
	free(r);
	dmb_kernel_platform_free(plat);
}

static void test_no_lost_wakeups_ring(void **state)
{
	run_ring(false);
	run_ring(true);
}

/* Producers hand items to exclusive consumers one wake-up per item. */
#define PC_THREADS 4
#define PC_ITEMS 4000

struct pc {
	struct wait_queue_head wq;
	spinlock_t lock;
	int items, consumed, produced;
	struct task_struct *tasks[PC_THREADS];
};

static bool take_item(struct pc *pc)
{
	bool ok = false;

	spin_lock(&pc->lock);
	if (pc->items > 0) {
		pc->items--;
		pc->consumed++;
		ok = true;
	}
	spin_unlock(&pc->lock);
	return ok;
}

static void pc_thread(int idx, void *p)
{
	struct pc *pc = p;
	int i;

	set_current(pc->tasks[idx]);
	if (idx < PC_THREADS / 2) {
		for (i = 0; i < PC_ITEMS / (PC_THREADS / 2); i++) {
			spin_lock(&pc->lock);
			pc->items++;
			pc->produced++;
			spin_unlock(&pc->lock);
			wake_up(&pc->wq);	/* one exclusive waiter */
		}
	} else {
		for (i = 0; i < PC_ITEMS / (PC_THREADS / 2); i++) {
			DEFINE_WAIT(w);

			for (;;) {
				prepare_to_wait_exclusive(&pc->wq, &w,
							  TASK_UNINTERRUPTIBLE);
				if (take_item(pc))
					break;
				schedule();
			}
			finish_wait(&pc->wq, &w);
			/*
			 * We may have eaten a wake-up meant for the other
			 * consumer: pass it on if items remain.
			 */
			wake_up(&pc->wq);
		}
	}
	set_current(NULL);
}

static void test_no_lost_wakeups_exclusive(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct pc *pc = calloc(1, sizeof(*pc));
	int i;

	init_waitqueue_head(&pc->wq);
	spin_lock_init(&pc->lock);
	for (i = 0; i < PC_THREADS; i++)
		pc->tasks[i] = task_create(plat, "pc");
	dmb_run_threads(PC_THREADS, pc_thread, pc);
	assert_int_equal(pc->consumed, PC_ITEMS);
	assert_int_equal(pc->items, 0);
	for (i = 0; i < PC_THREADS; i++)
		task_exit(pc->tasks[i]);
	free(pc);
	dmb_kernel_platform_free(plat);
}

static void test_completion_basics(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	DECLARE_COMPLETION(c);
	struct completion d;

	assert_false(completion_done(&c));
	assert_false(try_wait_for_completion(&c));
	complete(&c);
	complete(&c);
	assert_true(completion_done(&c));
	assert_true(try_wait_for_completion(&c));
	assert_int_equal(wait_for_completion_timeout(&c, 10), 10);
	assert_false(try_wait_for_completion(&c));
	assert_int_equal(wait_for_completion_timeout(&c, 0), 0);
	assert_int_equal(wait_for_completion_timeout(&c, 3), 0);
	assert_int_equal(wait_for_completion_interruptible_timeout(&c, 2), 0);
	complete(&c);
	assert_int_equal(wait_for_completion_timeout(&c, 0), 1);
	complete_all(&c);
	assert_true(try_wait_for_completion(&c));
	assert_true(try_wait_for_completion(&c));
	wait_for_completion(&c);
	assert_int_equal(wait_for_completion_interruptible(&c), 0);
	complete(&c);	/* no effect after complete_all */
	assert_true(completion_done(&c));
	reinit_completion(&c);
	assert_false(completion_done(&c));
	init_completion(&d);
	assert_false(completion_done(&d));
	dmb_kernel_platform_free(plat);
}

#define CW 4

struct cw {
	struct completion c;
	struct completion *go;
	atomic_t finished;
	bool all;
	struct task_struct *tasks[CW];
};

static void completion_waiter(int idx, void *p)
{
	struct cw *cw = p;

	set_current(cw->tasks[idx]);
	wait_for_completion(&cw->c);
	atomic_inc(&cw->finished);
	set_current(NULL);
}

static int completer(void *p)
{
	struct cw *cw = p;
	int i;

	if (cw->all) {
		complete_all(&cw->c);
	} else {
		for (i = 0; i < CW; i++)
			complete(&cw->c);
	}
	return 0;
}

static void test_complete_vs_complete_all(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct cw cw = { 0 };
	struct task_struct *t;
	int i, mode;

	for (i = 0; i < CW; i++)
		cw.tasks[i] = task_create(plat, "cw");
	for (mode = 0; mode < 2; mode++) {
		init_completion(&cw.c);
		atomic_set(&cw.finished, 0);
		cw.all = mode;
		t = kthread_run(plat, completer, &cw, "completer");
		dmb_run_threads(CW, completion_waiter, &cw);
		kthread_stop(t);
		assert_int_equal(atomic_read(&cw.finished), CW);
		/* complete() x N: all consumed; complete_all(): stays done. */
		assert_int_equal(try_wait_for_completion(&cw.c), mode == 1);
	}
	for (i = 0; i < CW; i++)
		task_exit(cw.tasks[i]);
	dmb_kernel_platform_free(plat);
}

/*
 * Interruptible waiters that get signals while complete() runs: every
 * completion is consumed exactly once, none is lost to a waiter leaving.
 */
#define SW 3
#define SW_TOTAL 3000

struct sigwait {
	struct completion c;
	struct wait_queue_head progress;
	atomic_t consumed;
	atomic_t stop;
	atomic_t interrupted;
	struct task_struct *tasks[SW + 1];
};

static void sigwait_thread(int idx, void *p)
{
	struct sigwait *sw = p;
	int i;

	set_current(sw->tasks[idx]);
	if (idx == SW) {
		for (i = 0; i < SW_TOTAL; i++) {
			complete(&sw->c);
			if (i % 7 == 0)
				send_sig(SIGUSR1, sw->tasks[i % SW]);
		}
		wait_event(sw->progress,
			   atomic_read(&sw->consumed) == SW_TOTAL);
		atomic_set(&sw->stop, 1);
		complete_all(&sw->c);
		set_current(NULL);
		return;
	}
	while (!atomic_read(&sw->stop)) {
		if (wait_for_completion_interruptible(&sw->c)) {
			atomic_inc(&sw->interrupted);
			flush_signals(current);
			continue;
		}
		if (atomic_read(&sw->stop))
			break;
		atomic_inc(&sw->consumed);
		wake_up(&sw->progress);
	}
	set_current(NULL);
}

static void test_completion_signal_stress(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct sigwait *sw = calloc(1, sizeof(*sw));
	int i;

	init_completion(&sw->c);
	init_waitqueue_head(&sw->progress);
	for (i = 0; i <= SW; i++)
		sw->tasks[i] = task_create(plat, "sigwait");
	dmb_run_threads(SW + 1, sigwait_thread, sw);
	assert_int_equal(atomic_read(&sw->consumed), SW_TOTAL);
	for (i = 0; i <= SW; i++)
		task_exit(sw->tasks[i]);
	free(sw);
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_wait_event_timeout),
		dmb_unit_test(test_wait_event_woken),
		dmb_unit_test(test_exclusive_wakeup_order),
		dmb_unit_test(test_no_lost_wakeups_ring),
		dmb_unit_test(test_no_lost_wakeups_exclusive),
		dmb_unit_test(test_completion_basics),
		dmb_unit_test(test_complete_vs_complete_all),
		dmb_unit_test(test_completion_signal_stress),
	};

	return dmb_run_tests(tests);
}
