// SPDX-License-Identifier: GPL-2.0
/*
 * RCU: read-side sections and grace periods from liburcu-bp; call_rcu
 * callbacks are batched on one thread that waits a grace period per batch.
 * A batch collects callbacks for up to RCU_CB_BATCH_NS before its grace
 * period, as Linux's grace periods (milliseconds long) collect every
 * callback queued meanwhile: liburcu-bp's grace period IPIs every CPU the
 * process runs on (membarrier), and one per freed fence stalled the DMA
 * engines' copies (docs/BENCHMARKS.md).
 *
 * Under schedule exploration (kernel/explore.c), callbacks queued by a
 * thread of the run go to the run's own "rcu" service thread instead, so
 * their grace periods and invocations are steps of the schedule.
 *
 * ThreadSanitizer cannot see the ordering a grace period provides, so in
 * TSan builds every read-side unlock releases, and every grace period
 * acquires, one sync variable: "readers before the grace period happen
 * before the reclaim".
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <dmabridge/rcupdate.h>
#include <dmabridge/bug.h>
#include <dmabridge/explore.h>

/*
 * liburcu-bp's exported entry points. Its headers would rename our own
 * rcu_* and call_rcu through macros, so we declare just these.
 */
void urcu_bp_read_lock(void);
void urcu_bp_read_unlock(void);
int urcu_bp_read_ongoing(void);
void urcu_bp_synchronize_rcu(void);

#if DMB_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
static char rcu_tsan_sync;
#define rcu_tsan_release() __tsan_release(&rcu_tsan_sync)
#define rcu_tsan_acquire() __tsan_acquire(&rcu_tsan_sync)
#else
#define rcu_tsan_release() do { } while (0)
#define rcu_tsan_acquire() do { } while (0)
#endif

void rcu_read_lock(void)
{
	if (explore_active()) {
		__explore_point("rcu_read_lock", NULL);
		explore_rcu_read_lock();
	}
	urcu_bp_read_lock();
}

void rcu_read_unlock(void)
{
	rcu_tsan_release();
	urcu_bp_read_unlock();
	if (explore_active()) {
		explore_rcu_read_unlock();
		__explore_point("rcu_read_unlock", NULL);
	}
}

bool rcu_read_lock_held(void)
{
	return urcu_bp_read_ongoing();
}

void synchronize_rcu(void)
{
	/* Exploring: the run's readers are parked; let them leave first. */
	if (explore_active())
		explore_synchronize_rcu();
	urcu_bp_synchronize_rcu();
	rcu_tsan_acquire();
}

/* The callback thread: one per process, like the kernel's rcu kthreads. */
static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t cb_done_cond = PTHREAD_COND_INITIALIZER;
static struct rcu_head *cb_head, **cb_tail = &cb_head;
static unsigned long cb_queued, cb_done;
static bool cb_thread_started;
/* rcu_barrier() callers waiting: their batch does not wait to fill. */
static int cb_hurry;

/* How long a batch collects callbacks, and how many make it start anyway. */
#define RCU_CB_BATCH_NS 1000000L
#define RCU_CB_QHIMARK 10000UL

/* Under cb_lock: let more callbacks join the batch about to start. */
static void rcu_cb_collect(void)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += RCU_CB_BATCH_NS;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (!cb_hurry && cb_queued - cb_done < RCU_CB_QHIMARK &&
	       pthread_cond_clockwait(&cb_cond, &cb_lock, CLOCK_MONOTONIC,
					      &until) == 0)
		;
}

static void rcu_invoke(struct rcu_head *head)
{
	uintptr_t off = (uintptr_t)head->func;

	if (off < 4096)
		free((char *)head - off);	/* kfree_rcu */
	else
		head->func(head);
}

static void *rcu_cb_thread(void *arg)
{
	struct rcu_head *list, *next;
	unsigned long n;

	pthread_detach(pthread_self());
	for (;;) {
		pthread_mutex_lock(&cb_lock);
		while (!cb_head)
			pthread_cond_wait(&cb_cond, &cb_lock);
		rcu_cb_collect();
		list = cb_head;
		cb_head = NULL;
		cb_tail = &cb_head;
		pthread_mutex_unlock(&cb_lock);

		synchronize_rcu();
		for (n = 0; list; list = next, n++) {
			next = list->next;
			rcu_invoke(list);
		}
		pthread_mutex_lock(&cb_lock);
		cb_done += n;
		pthread_cond_broadcast(&cb_done_cond);
		pthread_mutex_unlock(&cb_lock);
	}
	return NULL;
}

/*
 * The run's queue (exploration): under cb_lock, which nobody holds across
 * a switch point; filled and drained by threads of the run only.
 */
static struct rcu_head *ex_cb_head, **ex_cb_tail = &ex_cb_head;
static unsigned long ex_cb_queued, ex_cb_done, ex_cb_run;
static bool ex_cb_alive;	/* the run's rcu thread has not ended */

static bool ex_cb_ready(void *arg)
{
	return READ_ONCE(ex_cb_head) != NULL;
}

static void *rcu_ex_thread(void *arg)
{
	struct rcu_head *list, *next;
	unsigned long n;

	for (;;) {
		bool end;

		pthread_mutex_lock(&cb_lock);
		list = ex_cb_head;
		ex_cb_head = NULL;
		ex_cb_tail = &ex_cb_head;
		/* Ending: a later call_rcu() of the run starts another. */
		end = !list && explore_stopping();
		if (end)
			ex_cb_alive = false;
		pthread_mutex_unlock(&cb_lock);
		if (end)
			return NULL;
		if (!list) {
			explore_service_idle(&ex_cb_head, ex_cb_ready, NULL);
			continue;
		}
		synchronize_rcu();
		for (n = 0; list; list = next, n++) {
			next = list->next;
			rcu_invoke(list);
			explore_point("rcu callback", NULL);
		}
		pthread_mutex_lock(&cb_lock);
		ex_cb_done += n;
		pthread_mutex_unlock(&cb_lock);
		explore_wake(&ex_cb_done);
	}
}

/* A thread of the run queues a callback: to the run's rcu thread. */
static void call_rcu_explored(struct rcu_head *head)
{
	bool start = false;

	pthread_mutex_lock(&cb_lock);
	if (ex_cb_run != explore_run_id()) {
		/* Left by an abandoned run: leaked with its state. */
		ex_cb_run = explore_run_id();
		ex_cb_head = NULL;
		ex_cb_tail = &ex_cb_head;
		ex_cb_queued = ex_cb_done = 0;
		ex_cb_alive = false;
	}
	if (!ex_cb_alive) {
		ex_cb_alive = true;
		start = true;
	}
	*ex_cb_tail = head;
	ex_cb_tail = &head->next;
	ex_cb_queued++;
	pthread_mutex_unlock(&cb_lock);
	if (start)
		BUG_ON(!explore_service_create("rcu", rcu_ex_thread, NULL));
	explore_wake(&ex_cb_head);
}

struct ex_cb_target {
	unsigned long target;
};

static bool ex_cb_reached(void *arg)
{
	struct ex_cb_target *t = arg;

	return READ_ONCE(ex_cb_done) >= t->target;
}

/* rcu_barrier() in a thread of the run: the run's callbacks first. */
static void rcu_barrier_explored(void)
{
	struct ex_cb_target t;

	pthread_mutex_lock(&cb_lock);
	if (ex_cb_run != explore_run_id()) {
		pthread_mutex_unlock(&cb_lock);
		return;
	}
	t.target = ex_cb_queued;
	pthread_mutex_unlock(&cb_lock);
	while (!ex_cb_reached(&t))
		__explore_block(&ex_cb_done, false, ex_cb_reached, &t);
}

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	pthread_t t;

	head->func = func;
	head->next = NULL;
	if (explore_active() && explore_current()) {
		call_rcu_explored(head);
		return;
	}
	pthread_mutex_lock(&cb_lock);
	if (!cb_thread_started) {
		BUG_ON(pthread_create(&t, NULL, rcu_cb_thread, NULL));
		cb_thread_started = true;
	}
	*cb_tail = head;
	cb_tail = &head->next;
	cb_queued++;
	/* The thread is idle, or its batch is full enough to start now. */
	if (cb_head == head || cb_queued - cb_done == RCU_CB_QHIMARK)
		pthread_cond_signal(&cb_cond);
	pthread_mutex_unlock(&cb_lock);
}

void rcu_barrier(void)
{
	unsigned long target;

	if (explore_active() && explore_current())
		rcu_barrier_explored();
	pthread_mutex_lock(&cb_lock);
	target = cb_queued;
	cb_hurry++;
	pthread_cond_signal(&cb_cond);
	while (cb_done < target)
		pthread_cond_wait(&cb_done_cond, &cb_lock);
	cb_hurry--;
	pthread_mutex_unlock(&cb_lock);
}
