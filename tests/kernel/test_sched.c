// SPDX-License-Identifier: GPL-2.0
/* Tasks, current, kernel threads, signals and schedule_timeout(). */
#include <sched.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/sched.h>
#include <dmabridge/wait.h>
#include <dmabridge/completion.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform.h>

static void wait_flag(atomic_t *flag)
{
	while (!atomic_read_acquire(flag))
		sched_yield();
}

static void test_tasks_and_current(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *t = current, *u, *old;
	int nr;

	assert_ptr_equal(current_platform(), plat);
	assert_ptr_equal(t->platform, plat);
	assert_string_equal(t->comm, "test");
	assert_int_equal(t->tgid, t->pid);
	assert_int_equal(task_pid_nr(t), t->pid);
	assert_false(t->kthread);
	assert_null(t->mm);
	u = task_create(plat, "a-rather-long-command-name");
	assert_false(IS_ERR(u));
	assert_int_equal(strlen(u->comm), TASK_COMM_LEN - 1);
	assert_int_not_equal(u->pid, t->pid);
	assert_int_equal(task_tgid_nr(u), u->pid);
	spin_lock(&plat->tasks_lock);
	nr = plat->nr_tasks;
	spin_unlock(&plat->tasks_lock);
	assert_true(nr >= 2);
	old = set_current(u);
	assert_ptr_equal(old, t);
	assert_ptr_equal(current, u);
	assert_ptr_equal(set_current(t), u);
	get_task_struct(u);
	assert_int_equal(refcount_read(&u->usage), 2);
	task_exit(u);
	assert_null(u->files);
	spin_lock(&plat->tasks_lock);
	assert_int_equal(plat->nr_tasks, nr);
	spin_unlock(&plat->tasks_lock);
	put_task_struct(u);
	spin_lock(&plat->tasks_lock);
	assert_int_equal(plat->nr_tasks, nr - 1);
	spin_unlock(&plat->tasks_lock);
	put_task_struct(NULL);
	task_exit(NULL);
	dmb_kernel_platform_free(plat);
}

static void test_platform_kernel(void **state)
{
	struct platform *plat = calloc(1, sizeof(*plat));
	struct task_struct *t;

	assert_non_null(plat);
	assert_null(current);
	assert_int_equal(platform_kernel_init(plat, NULL), 0);
	assert_string_equal(plat->name, "platform");
	assert_non_null(plat->wq);
	assert_null(current);
	assert_null(current_platform());
	t = task_create(plat, "leaker");
	/* Destroying a platform with a live task warns. */
	dmb_expect_reports(REPORT_WARN, 1);
	platform_kernel_fini(plat);
	task_exit(t);
	assert_int_equal(platform_kernel_init(plat, "again"), 0);
	platform_taint(plat, "test");
	platform_taint(plat, "test twice");
	assert_int_equal(atomic_read(&plat->tainted), 1);
	platform_kernel_fini(plat);
	free(plat);
}

struct kt_arg {
	atomic_t started;
	atomic_t loops;
	struct platform *plat;
	struct task_struct *self;
};

static int stoppable_fn(void *data)
{
	struct kt_arg *arg = data;

	arg->self = current;
	if (!current || !current->kthread || current->platform != arg->plat)
		return -1;
	atomic_set_release(&arg->started, 1);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
		atomic_inc(&arg->loops);
	}
	return 42;
}

static int early_exit_fn(void *data)
{
	return 7;
}

static void test_kthread(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct kt_arg arg = { .plat = plat };
	struct task_struct *t;

	assert_false(kthread_should_stop());
	t = kthread_run(plat, stoppable_fn, &arg, "kt");
	assert_false(IS_ERR(t));
	wait_flag(&arg.started);
	assert_true(t->kthread);
	assert_int_equal(kthread_stop(t), 42);
	assert_ptr_equal(arg.self, t);
	t = kthread_run(plat, early_exit_fn, NULL, "early");
	assert_false(IS_ERR(t));
	assert_int_equal(kthread_stop(t), 7);
	assert_ptr_equal(kthread_run(plat, NULL, NULL, "x"), ERR_PTR(-EINVAL));
	failslab_after(1);
	assert_ptr_equal(kthread_run(plat, early_exit_fn, NULL, "x"),
			 ERR_PTR(-ENOMEM));
	dmb_expect_reports(REPORT_WARN, 2);
	assert_int_equal(kthread_stop(NULL), -EINVAL);
	assert_int_equal(kthread_stop(current), -EINVAL);
	dmb_kernel_platform_free(plat);
}

static void test_signals(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *t = current;

	assert_false(signal_pending(t));
	assert_false(signal_pending(NULL));
	send_sig(0, t);
	send_sig(64, t);
	send_sig(SIGUSR1, NULL);
	assert_false(signal_pending(t));
	send_sig(SIGUSR1, t);
	assert_true(signal_pending(t));
	assert_false(fatal_signal_pending(t));
	assert_true(signal_pending_state(TASK_INTERRUPTIBLE, t));
	assert_false(signal_pending_state(TASK_KILLABLE, t));
	assert_false(signal_pending_state(TASK_UNINTERRUPTIBLE, t));
	send_sig(SIGKILL, t);
	assert_true(fatal_signal_pending(t));
	assert_true(signal_pending_state(TASK_KILLABLE, t));
	flush_signals(t);
	assert_false(signal_pending(t));
	flush_signals(NULL);
	dmb_kernel_platform_free(plat);
}

struct sig_arg {
	struct platform *plat;
	struct wait_queue_head wq;
	struct completion done;
	atomic_t ready;
	long ret;
	int sig;
	int mode;
};

static int never(void)
{
	return 0;
}

static int signalled_sleeper(void *data)
{
	struct sig_arg *arg = data;

	atomic_set_release(&arg->ready, 1);
	switch (arg->mode) {
	case 0:
		arg->ret = wait_event_interruptible(arg->wq, never());
		break;
	case 1:
		arg->ret = wait_for_completion_interruptible(&arg->done);
		break;
	case 2:
		arg->ret = wait_event_killable(arg->wq, never());
		break;
	case 3:
		arg->ret = wait_for_completion_killable(&arg->done);
		break;
	case 4:
		arg->ret = schedule_timeout_interruptible(MAX_SCHEDULE_TIMEOUT);
		break;
	case 5:
		arg->ret = wait_for_completion_interruptible_timeout(
			&arg->done, 1000000);
		break;
	}
	return 0;
}

/* A signal ends each interruptible or killable sleep, sent at any time. */
static void test_signal_interrupts_sleep(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	static const long want[] = { -ERESTARTSYS, -ERESTARTSYS,
				     -ERESTARTSYS, -ERESTARTSYS, 0,
				     -ERESTARTSYS };
	struct sig_arg arg;
	struct task_struct *t;
	int mode, round;

	for (mode = 0; mode < 6; mode++) {
		for (round = 0; round < 20; round++) {
			memset(&arg, 0, sizeof(arg));
			init_waitqueue_head(&arg.wq);
			init_completion(&arg.done);
			arg.mode = mode;
			t = kthread_run(plat, signalled_sleeper, &arg, "sleeper");
			assert_false(IS_ERR(t));
			if (round & 1)
				wait_flag(&arg.ready);
			send_sig(mode == 2 || mode == 3 ? SIGKILL : SIGUSR1, t);
			kthread_stop(t);
			if (mode == 4) {
				/* schedule_timeout returns what is left. */
				assert_int_equal(arg.ret, MAX_SCHEDULE_TIMEOUT);
			} else {
				assert_int_equal(arg.ret, want[mode]);
			}
		}
	}
	dmb_kernel_platform_free(plat);
}

/* Non-fatal signals do not end killable or uninterruptible sleeps. */
static void test_killable_ignores_other_signals(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	DECLARE_WAIT_QUEUE_HEAD(wq);
	struct completion c;

	init_completion(&c);
	send_sig(SIGUSR1, current);
	assert_int_equal(wait_event_killable_timeout(wq, never(), 3), 0);
	assert_int_equal(wait_event_timeout(wq, never(), 3), 0);
	assert_int_equal(wait_for_completion_killable_timeout(&c, 3), 0);
	assert_int_equal(wait_for_completion_timeout(&c, 3), 0);
	assert_int_equal(wait_event_interruptible_timeout(wq, never(), 3),
			 -ERESTARTSYS);
	assert_int_equal(wait_event_interruptible(wq, never()), -ERESTARTSYS);
	assert_int_equal(wait_for_completion_interruptible(&c), -ERESTARTSYS);
	/* A true condition wins over a pending signal. */
	assert_int_equal(wait_event_interruptible(wq, 1), 0);
	complete(&c);
	assert_int_equal(wait_for_completion_interruptible(&c), 0);
	send_sig(SIGKILL, current);
	assert_int_equal(wait_event_killable(wq, never()), -ERESTARTSYS);
	assert_int_equal(wait_for_completion_killable(&c), -ERESTARTSYS);
	flush_signals(current);
	dmb_kernel_platform_free(plat);
}

struct sleeper_arg {
	atomic_t ready;
	long ret;
};

static int timed_sleeper(void *data)
{
	struct sleeper_arg *arg = data;

	set_current_state(TASK_UNINTERRUPTIBLE);
	atomic_set_release(&arg->ready, 1);
	arg->ret = schedule_timeout(100000);
	return 0;
}

static void test_schedule_timeout(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct sleeper_arg arg = { 0 };
	struct task_struct *t;
	ktime_t start;
	long left;

	/* Timed out: 0, after at least the timeout. */
	start = ktime_get();
	set_current_state(TASK_UNINTERRUPTIBLE);
	assert_int_equal(schedule_timeout(5), 0);
	assert_true(ktime_get() - start >= 5 * NSEC_PER_MSEC);
	assert_int_equal(schedule_timeout_uninterruptible(1), 0);
	assert_int_equal(schedule_timeout_interruptible(0), 0);
	/* TASK_RUNNING does not sleep. */
	left = schedule_timeout(100000);
	assert_true(left > 0 && left <= 100000);
	/* Woken early: what is left. */
	t = kthread_run(plat, timed_sleeper, &arg, "timed");
	wait_flag(&arg.ready);
	assert_int_equal(wake_up_process(t), 1);
	kthread_stop(t);
	assert_true(arg.ret > 0 && arg.ret <= 100000);
	/* A pending signal ends an interruptible sleep at once. */
	send_sig(SIGUSR1, current);
	left = schedule_timeout_interruptible(100000);
	assert_true(left > 0);
	flush_signals(current);
	dmb_expect_reports(REPORT_WARN, 1);
	set_current_state(TASK_INTERRUPTIBLE);
	assert_int_equal(schedule_timeout(-1), 0);
	assert_int_equal(wake_up_process(NULL), 0);
	msleep(1);
	cond_resched();
	dmb_kernel_platform_free(plat);
}

/* A wake-up between set_current_state() and schedule() is not lost. */
struct wake_race {
	struct task_struct *sleeper, *waker;
	atomic_t rounds;
	atomic_t done;
};

static void wake_race_thread(int idx, void *p)
{
	struct wake_race *wr = p;
	int i, seen = 0;

	if (idx == 0) {
		set_current(wr->sleeper);
		for (i = 0; i < 2000; i++) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			atomic_inc(&wr->rounds);
			schedule();
		}
		set_current(NULL);
		atomic_set(&wr->done, 1);
		return;
	}
	set_current(wr->waker);
	while (!atomic_read(&wr->done)) {
		int now = atomic_read(&wr->rounds);

		if (now != seen) {
			seen = now;
			wake_up_process(wr->sleeper);
		} else {
			sched_yield();
		}
	}
	set_current(NULL);
}

static void test_no_lost_process_wakeup(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct wake_race wr = { 0 };

	wr.sleeper = task_create(plat, "sleeper");
	wr.waker = task_create(plat, "waker");
	dmb_run_threads(2, wake_race_thread, &wr);
	assert_int_equal(atomic_read(&wr.rounds), 2000);
	task_exit(wr.sleeper);
	task_exit(wr.waker);
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_tasks_and_current),
		dmb_unit_test(test_platform_kernel),
		dmb_unit_test(test_kthread),
		dmb_unit_test(test_signals),
		dmb_unit_test(test_signal_interrupts_sleep),
		dmb_unit_test(test_killable_ignores_other_signals),
		dmb_unit_test(test_schedule_timeout),
		dmb_unit_test(test_no_lost_process_wakeup),
	};

	return dmb_run_tests(tests);
}
