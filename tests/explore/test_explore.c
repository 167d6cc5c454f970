// SPDX-License-Identifier: GPL-2.0
/*
 * The schedule explorer itself (kernel/explore.c): it finds a lost update
 * that needs one preemption, replays a failing seed with the same
 * schedule, finds nothing when a mutex protects the update, reports a
 * deadlock, and runs kthreads and wait queues as threads of the run.
 */
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/explore.h>
#include <dmabridge/mutex.h>
#include <dmabridge/completion.h>
#include <dmabridge/sched.h>
#include <dmabridge/wait.h>
#include <dmabridge/err.h>

struct counter {
	struct mutex lock;
	bool locked;
	int value;
};

/* Read, a marked switch point, write: the window of a lost update. */
static void bump(int idx, void *arg)
{
	struct counter *c = arg;
	int v;

	if (c->locked)
		mutex_lock(&c->lock);
	v = __atomic_load_n(&c->value, __ATOMIC_RELAXED);
	explore_sync("counter read");
	__atomic_store_n(&c->value, v + 1, __ATOMIC_RELAXED);
	if (c->locked)
		mutex_unlock(&c->lock);
}

static bool counter_locked;

static void counter_body(void *arg)
{
	struct counter c = { .locked = counter_locked };

	mutex_init(&c.lock);
	dmb_run_threads(2, bump, &c);
	EXPLORE_CHECK(c.value == 2);
	mutex_destroy(&c.lock);
}

static int explore_counter(bool locked, enum explore_strategy s,
			   uint64_t seed, int schedules,
			   struct explore_result *res)
{
	struct explore_opts o;

	explore_opts_init(&o);
	o.strategy = s;
	o.depth = 2;
	o.seed = seed;
	o.schedules = schedules;
	o.quiet = true;
	counter_locked = locked;
	return explore_run(counter_body, NULL, &o, res);
}

/*
 * A lost update needs one preemption between read and write: both
 * strategies find it within a few schedules. Guards: nothing; proves the
 * explorer explores.
 */
static void test_explore_finds_lost_update(void **state)
{
	struct explore_result res;

	assert_int_equal(explore_counter(false, EXPLORE_RANDOM, 1, 200, &res),
			 -EFAULT);
	assert_true(res.failed);
	assert_true(res.runs <= 200);
	assert_int_equal(explore_counter(false, EXPLORE_PCT, 1, 200, &res),
			 -EFAULT);
	assert_true(res.failed);
}

/*
 * The failing seed, run again twice, fails again with the same recorded
 * schedule, choice for choice: replay is exact.
 */
static void test_failing_seed_replays_same_schedule(void **state)
{
	struct explore_result res, r1, r2;
	const uint8_t *ch;
	uint8_t *first;
	size_t n1, n2;

	assert_int_equal(explore_counter(false, EXPLORE_RANDOM, 7, 200, &res),
			 -EFAULT);
	assert_int_equal(explore_counter(false, EXPLORE_RANDOM, res.seed, 1,
					 &r1), -EFAULT);
	n1 = explore_last_schedule(&ch);
	assert_true(n1 > 0);
	first = malloc(n1);
	assert_non_null(first);
	memcpy(first, ch, n1);
	assert_int_equal(explore_counter(false, EXPLORE_RANDOM, res.seed, 1,
					 &r2), -EFAULT);
	n2 = explore_last_schedule(&ch);
	assert_int_equal(n1, n2);
	assert_memory_equal(first, ch, n1);
	assert_int_equal(r1.steps, r2.steps);
	free(first);
}

/* With the mutex, no schedule of either strategy loses the update. */
static void test_mutex_protected_update_survives_exploration(void **state)
{
	struct explore_result res;

	assert_int_equal(explore_counter(true, EXPLORE_RANDOM, 1, 200, &res),
			 0);
	assert_int_equal(res.runs, 200);
	assert_int_equal(explore_counter(true, EXPLORE_PCT, 1, 200, &res), 0);
}

/* DMB_EXPLORE's spec: seed, strategy, depth; garbage is -EINVAL. */
static void test_parse_spec(void **state)
{
	struct explore_opts o;

	explore_opts_init(&o);
	assert_int_equal(explore_parse_spec("42:pct:4", &o), 0);
	assert_int_equal(o.seed, 42);
	assert_int_equal(o.strategy, EXPLORE_PCT);
	assert_int_equal(o.depth, 4);
	assert_int_equal(o.schedules, 1);
	assert_int_equal(explore_parse_spec("9:random", &o), 0);
	assert_int_equal(o.strategy, EXPLORE_RANDOM);
	assert_int_equal(explore_parse_spec("x", &o), -EINVAL);
	assert_int_equal(explore_parse_spec("1:fifo", &o), -EINVAL);
	assert_int_equal(explore_parse_spec("1:pct:0", &o), -EINVAL);
	assert_int_equal(explore_run(NULL, NULL, &o, NULL), -EINVAL);
}

struct stuck {
	struct completion never;
};

static void *stuck_thread(void *arg)
{
	struct stuck *s = arg;

	wait_for_completion(&s->never);
	return NULL;
}

static struct stuck stuck;

/* No heap of its own: an abandoned run leaks only the explorer's state. */
static void stuck_body(void *arg)
{
	struct explore_thread *t;

	init_completion(&stuck.never);
	t = explore_thread_create(stuck_thread, &stuck);
	EXPLORE_CHECK(t);
	if (t)
		explore_thread_join(t);
}

/*
 * Nobody completes the completion: every thread of the run is blocked,
 * which the explorer reports as a deadlock (and abandons the run).
 */
static void test_all_blocked_is_reported_deadlock(void **state)
{
	struct explore_result res;
	struct explore_opts o;

	explore_opts_init(&o);
	o.schedules = 3;
	o.quiet = true;
	assert_int_equal(explore_run(stuck_body, NULL, &o, &res), -EDEADLK);
	assert_true(res.failed);
	assert_int_equal(res.runs, 1);
	assert_non_null(strstr(res.reason, "deadlock"));
}

struct kt {
	struct wait_queue_head wq;
	int stage;
	int seen;
};

static int kt_fn(void *data)
{
	struct kt *k = data;

	wait_event(k->wq, READ_ONCE(k->stage) > 0 || kthread_should_stop());
	k->seen = READ_ONCE(k->stage);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(10);
	return 7;
}

static void kt_body(void *arg)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *t;
	struct kt k = { 0 };

	init_waitqueue_head(&k.wq);
	t = kthread_run(plat, kt_fn, &k, "kt");
	EXPLORE_CHECK(!IS_ERR(t));
	WRITE_ONCE(k.stage, 1);
	wake_up(&k.wq);
	EXPLORE_CHECK(kthread_stop(t) == 7);
	EXPLORE_CHECK(k.seen == 1);
	dmb_kernel_platform_free(plat);
}

/*
 * A kthread, a wait queue and a timed sleep polled until kthread_stop():
 * every schedule completes (virtual time ends the timed sleeps), none
 * loses the wake-up.
 */
static void test_kthread_and_wait_queue_under_exploration(void **state)
{
	struct explore_result res;
	struct explore_opts o;

	explore_opts_init(&o);
	o.schedules = 100;
	assert_int_equal(explore_run(kt_body, NULL, &o, &res), 0);
	o.strategy = EXPLORE_PCT;
	assert_int_equal(explore_run(kt_body, NULL, &o, &res), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_explore_finds_lost_update),
		dmb_unit_test(test_failing_seed_replays_same_schedule),
		dmb_unit_test(test_mutex_protected_update_survives_exploration),
		dmb_unit_test(test_parse_spec),
		dmb_unit_test(test_all_blocked_is_reported_deadlock),
		dmb_unit_test(test_kthread_and_wait_queue_under_exploration),
	};

	return dmb_run_tests(tests);
}
