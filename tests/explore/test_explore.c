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
#include <dmabridge/rcupdate.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/bug.h>

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


/*
 * Work handed to process-wide threads. An updater publishes a new object
 * and frees the old one with call_rcu(); the callback queues an irq_work,
 * which completes a completion the body waits for. A reader (another
 * thread of the run) checks, as a deliberate bug, that the callback has
 * not run yet: it fails only in schedules where the run's "rcu" service
 * thread got the token before the reader looked.
 */
struct svc_obj {
	struct rcu_head rcu;
	int val;
};

struct svc {
	struct svc_obj *cur;
	struct irq_work iw;
	struct completion done;
	int freed;		/* set by the rcu callback */
	bool buggy;
};

static struct svc svc;

static void svc_irq_work(struct irq_work *w)
{
	struct svc *s = container_of(w, struct svc, iw);

	complete(&s->done);
}

static void svc_free_cb(struct rcu_head *head)
{
	struct svc_obj *o = container_of(head, struct svc_obj, rcu);

	__atomic_store_n(&svc.freed, 1, __ATOMIC_RELAXED);
	explore_sync("freed");
	free(o);
	irq_work_queue(&svc.iw);
}

static void svc_thread(int idx, void *arg)
{
	struct svc *s = arg;
	struct svc_obj *o, *n;

	if (idx == 0) {
		n = malloc(sizeof(*n));
		EXPLORE_CHECK(n);
		n->val = 2;
		o = s->cur;
		rcu_assign_pointer(s->cur, n);
		call_rcu(&o->rcu, svc_free_cb);
		return;
	}
	rcu_read_lock();
	o = rcu_dereference(s->cur);
	EXPLORE_CHECK(o->val == 1 || o->val == 2);
	rcu_read_unlock();
	if (s->buggy)
		EXPLORE_CHECK(!__atomic_load_n(&s->freed, __ATOMIC_RELAXED));
}

static void svc_body(void *arg)
{
	struct svc_obj *o = malloc(sizeof(*o));

	EXPLORE_CHECK(o);
	o->val = 1;
	svc.cur = o;
	svc.freed = 0;
	init_irq_work(&svc.iw, svc_irq_work);
	init_completion(&svc.done);
	dmb_run_threads(2, svc_thread, &svc);
	wait_for_completion(&svc.done);
	EXPLORE_CHECK(svc.freed);
	irq_work_sync(&svc.iw);
	free(svc.cur);
}

static int explore_svc(bool buggy, uint64_t seed, int schedules,
		       struct explore_result *res)
{
	struct explore_opts o;

	explore_opts_init(&o);
	o.seed = seed;
	o.schedules = schedules;
	o.quiet = true;
	svc.buggy = buggy;
	return explore_run(svc_body, NULL, &o, res);
}

/* The choices of the last run made by the service thread @name. */
static size_t svc_steps(const char *name)
{
	const uint8_t *ch;
	size_t i, n = explore_last_schedule(&ch), k = 0;

	for (i = 0; i < n; i++) {
		const char *t = explore_thread_name(ch[i]);

		if (t && !strcmp(t, name))
			k++;
	}
	return k;
}

/*
 * call_rcu() callbacks and irq_work queued by threads of the run run on
 * the run's "rcu" and "irq_work" service threads, scheduled like the
 * others: a failing seed whose schedule has steps of both is replayed
 * twice with the same schedule, choice for choice. Guards the services
 * (with the process-wide threads the body's wait for the callback is
 * woken from outside the run, and the replay differs).
 */
static void test_service_threads_replay_step_for_step(void **state)
{
	struct explore_result res, r1, r2;
	const uint8_t *ch;
	uint8_t *first;
	size_t n1, n2, rcu1, iw1;

	/* Correct body: every schedule passes, the services end with it. */
	assert_int_equal(explore_svc(false, 1, 100, &res), 0);
	assert_true(svc_steps("rcu") > 0);
	assert_true(svc_steps("irq_work") > 0);
	/* The deliberate bug needs the rcu thread to run early. */
	assert_int_equal(explore_svc(true, 1, 300, &res), -EFAULT);
	assert_int_equal(explore_svc(true, res.seed, 1, &r1), -EFAULT);
	n1 = explore_last_schedule(&ch);
	rcu1 = svc_steps("rcu");
	iw1 = svc_steps("irq_work");
	assert_true(rcu1 > 0);
	first = malloc(n1);
	assert_non_null(first);
	memcpy(first, ch, n1);
	assert_int_equal(explore_svc(true, res.seed, 1, &r2), -EFAULT);
	n2 = explore_last_schedule(&ch);
	assert_int_equal(n1, n2);
	assert_memory_equal(first, ch, n1);
	assert_int_equal(svc_steps("rcu"), rcu1);
	assert_int_equal(svc_steps("irq_work"), iw1);
	assert_string_equal(r1.reason, r2.reason);
	free(first);
}

/*
 * Work queued while the run ends: the body queues an irq_work and a
 * call_rcu() whose callback queues a second irq_work, and returns at
 * once. When the irq_work thread has drained the first and ended before
 * the callback runs, the second starts a new one. Guards the services'
 * "alive" flags (without them the second irq_work never runs: a schedule
 * ends with it pending).
 */
static struct {
	struct rcu_head rcu;
	struct irq_work w1, w2;
	int ran1, ran2;
} late;

static void late_w1(struct irq_work *w)
{
	late.ran1++;
}

static void late_w2(struct irq_work *w)
{
	late.ran2++;
}

static void late_cb(struct rcu_head *head)
{
	irq_work_queue(&late.w2);
}

static void late_body(void *arg)
{
	init_irq_work(&late.w1, late_w1);
	init_irq_work(&late.w2, late_w2);
	irq_work_queue(&late.w1);
	call_rcu(&late.rcu, late_cb);
}

static void test_services_run_work_queued_while_ending(void **state)
{
	struct explore_opts o;
	int i, strategy;

	explore_opts_init(&o);
	o.schedules = 1;
	o.quiet = true;
	for (strategy = 0; strategy < 2; strategy++) {
		o.strategy = strategy ? EXPLORE_PCT : EXPLORE_RANDOM;
		for (i = 0; i < 100; i++) {
			late.ran1 = late.ran2 = 0;
			o.seed = 1 + i;
			assert_int_equal(explore_run(late_body, NULL, &o, NULL),
					 0);
			assert_int_equal(late.ran1, 1);
			assert_int_equal(late.ran2, 1);
		}
	}
}

static int warn_x;

static void *warn_inc(void *arg)
{
	int v = READ_ONCE(warn_x);

	explore_sync("warn_x");
	WRITE_ONCE(warn_x, v + 1);
	return NULL;
}

/* WARNs once if the two increments lost one (some schedules), else none. */
static void warn_on_lost_update_body(void *arg)
{
	struct explore_thread *t[2];
	int i;

	warn_x = 0;
	for (i = 0; i < 2; i++)
		t[i] = explore_thread_create(warn_inc, NULL);
	for (i = 0; i < 2; i++)
		if (t[i])
			explore_thread_join(t[i]);
	if (*(bool *)arg)
		WARN_ON(1);	/* the body's one announced report */
	else
		WARN_ON(READ_ONCE(warn_x) != 2);
}

/*
 * expect_reports: a body that makes its one announced WARN every run
 * passes every schedule; one whose WARN depends on the schedule fails at
 * the first run that makes none (the count is checked per run, not
 * summed over the exploration).
 */
static void test_expected_reports_are_counted_per_run(void **state)
{
	struct explore_result res;
	struct explore_opts o;
	bool always = true;
	long before = report_count_bugs();

	explore_opts_init(&o);
	o.schedules = 20;
	o.quiet = true;
	o.expect_reports = 1;
	dmb_expect_reports(REPORT_WARN, 20);
	assert_int_equal(explore_run(warn_on_lost_update_body, &always, &o,
				     &res), 0);
	assert_int_equal(res.runs, 20);
	assert_int_equal(report_count_bugs() - before, 20);

	always = false;
	dmb_expect_reports(REPORT_WARN, 0);	/* quiet; counted below */
	before = report_count_bugs();
	o.schedules = 200;
	assert_int_equal(explore_run(warn_on_lost_update_body, &always, &o,
				     &res), -EFAULT);
	assert_non_null(strstr(res.reason, "0 reports"));
	assert_non_null(strstr(res.reason, "expected 1"));
	/* The runs before the failing one each lost the update: one WARN. */
	dmb_expect_reports(REPORT_WARN, report_count_bugs() - before);
	assert_int_equal(report_count_bugs() - before, res.runs - 1);
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
		dmb_unit_test(test_service_threads_replay_step_for_step),
		dmb_unit_test(test_services_run_work_queued_while_ending),
		dmb_unit_test(test_expected_reports_are_counted_per_run),
	};

	return dmb_run_tests(tests);
}
