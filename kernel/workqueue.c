// SPDX-License-Identifier: GPL-2.0
/*
 * Workqueues: a FIFO of work items and max_active kernel threads. A work
 * item's PENDING bit is cleared before it runs, so it may requeue itself;
 * a requeued item waits until its running instance is done, so one item
 * never runs twice at once. PENDING, the list and the running slots all
 * change under wq->lock.
 */
#include <stdio.h>
#include <string.h>
#include <dmabridge/workqueue.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include <dmabridge/explore.h>

struct workqueue_struct {
	char name[32];
	pthread_mutex_t lock;
	pthread_cond_t more;		/* work queued or draining */
	pthread_cond_t idle;		/* a work item finished or left */
	struct list_head pending;
	bool draining;			/* destroy_workqueue() started */
	unsigned long queue_seq;	/* last seq handed to a work */
	int nr_workers;
	struct task_struct **workers;
	struct work_struct **running;	/* per worker */
	unsigned long *running_seq;	/* per worker */
};

struct worker_arg {
	struct workqueue_struct *wq;
	int idx;
};

static int work_running_on(struct workqueue_struct *wq, struct work_struct *w)
{
	int i;

	for (i = 0; i < wq->nr_workers; i++)
		if (wq->running[i] == w)
			return i;
	return -1;
}

/* The oldest pending work that is not running on another worker. */
static struct work_struct *first_runnable(struct workqueue_struct *wq)
{
	struct work_struct *work;

	list_for_each_entry(work, &wq->pending, entry)
		if (work_running_on(wq, work) < 0)
			return work;
	return NULL;
}

static struct work_struct *next_work(struct workqueue_struct *wq, int idx)
{
	struct work_struct *work;

	/*
	 * A draining worker may leave while items blocked behind a running
	 * instance remain: the worker running that instance takes them.
	 */
	while (!(work = first_runnable(wq)) && !wq->draining)
		dmb_pcond_wait(&wq->more, &wq->lock);
	if (!work)
		return NULL;
	list_del_init(&work->entry);
	clear_bit(WORK_STRUCT_PENDING_BIT, &work->state);
	wq->running[idx] = work;
	wq->running_seq[idx] = work->seq;
	return work;
}

static int worker_fn(void *data)
{
	struct worker_arg *arg = data;
	struct workqueue_struct *wq = arg->wq;
	int idx = arg->idx;
	struct work_struct *work;

	kfree(arg);
	dmb_pmutex_lock(&wq->lock);
	while ((work = next_work(wq, idx))) {
		dmb_pmutex_unlock(&wq->lock);
		work->func(work);
		lockdep_assert_no_locks_held(wq->name);
		dmb_pmutex_lock(&wq->lock);
		wq->running[idx] = NULL;
		dmb_pcond_broadcast(&wq->idle);
	}
	dmb_pmutex_unlock(&wq->lock);
	return 0;
}

static int start_workers(struct workqueue_struct *wq)
{
	int i;

	for (i = 0; i < wq->nr_workers; i++) {
		struct worker_arg *arg = kmalloc(sizeof(*arg), GFP_KERNEL);
		struct task_struct *t;

		if (!arg)
			return -ENOMEM;
		arg->wq = wq;
		arg->idx = i;
		t = kthread_run(current_platform(), worker_fn, arg, wq->name);
		if (IS_ERR(t)) {
			kfree(arg);
			return PTR_ERR(t);
		}
		wq->workers[i] = t;
	}
	return 0;
}

struct workqueue_struct *alloc_workqueue(const char *name, unsigned int flags,
					 int max_active)
{
	struct workqueue_struct *wq = kzalloc(sizeof(*wq), GFP_KERNEL);

	if (!wq)
		return NULL;
	snprintf(wq->name, sizeof(wq->name), "%s", name ? name : "wq");
	pthread_mutex_init(&wq->lock, NULL);
	pthread_cond_init(&wq->more, NULL);
	pthread_cond_init(&wq->idle, NULL);
	INIT_LIST_HEAD(&wq->pending);
	wq->nr_workers = max_active > 0 ? max_active : 1;
	wq->workers = kcalloc(wq->nr_workers, sizeof(*wq->workers),
			      GFP_KERNEL);
	wq->running = kcalloc(wq->nr_workers, sizeof(*wq->running),
			      GFP_KERNEL);
	wq->running_seq = kcalloc(wq->nr_workers, sizeof(*wq->running_seq),
				  GFP_KERNEL);
	if (!wq->workers || !wq->running || !wq->running_seq ||
	    start_workers(wq)) {
		destroy_workqueue(wq);
		return NULL;
	}
	return wq;
}

static void stop_workers(struct workqueue_struct *wq)
{
	int i;

	dmb_pmutex_lock(&wq->lock);
	wq->draining = true;
	dmb_pcond_broadcast(&wq->more);
	dmb_pmutex_unlock(&wq->lock);
	for (i = 0; wq->workers && i < wq->nr_workers; i++)
		if (wq->workers[i])
			kthread_stop(wq->workers[i]);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	if (!wq)
		return;
	/* Workers drain the queue (and chained work) before they exit. */
	stop_workers(wq);
	WARN_ON(!list_empty(&wq->pending));
	pthread_cond_destroy(&wq->more);
	pthread_cond_destroy(&wq->idle);
	pthread_mutex_destroy(&wq->lock);
	kfree(wq->workers);
	kfree(wq->running);
	kfree(wq->running_seq);
	kfree(wq);
}

/* Is the caller one of @wq's workers (a work item queueing more)? */
static bool is_chained_work(struct workqueue_struct *wq)
{
	int i;

	for (i = 0; current && i < wq->nr_workers; i++)
		if (wq->workers[i] == current)
			return true;
	return false;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	if (WARN_ON(!wq || !work || !work->func))
		return false;
	/* Cheap early exit; the real test is under the lock. */
	if (test_bit(WORK_STRUCT_PENDING_BIT, &work->state))
		return false;
	dmb_pmutex_lock(&wq->lock);
	if (WARN_ON(wq->draining && !is_chained_work(wq)) ||
	    test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->state)) {
		dmb_pmutex_unlock(&wq->lock);
		return false;
	}
	WRITE_ONCE(work->wq, wq);
	work->seq = ++wq->queue_seq;
	list_add_tail(&work->entry, &wq->pending);
	dmb_pcond_signal(&wq->more);
	dmb_pmutex_unlock(&wq->lock);
	return true;
}

bool schedule_work(struct work_struct *work)
{
	struct platform *plat = current_platform();

	if (WARN_ON(!plat || !plat->wq))
		return false;
	return queue_work(plat->wq, work);
}

bool work_pending(const struct work_struct *work)
{
	return test_bit(WORK_STRUCT_PENDING_BIT, &work->state);
}

/* Is the instance numbered <= @target still queued or running? */
static bool work_busy_upto(struct workqueue_struct *wq,
			   struct work_struct *work, unsigned long target)
{
	int idx = work_running_on(wq, work);

	if (!list_empty(&work->entry) && work->seq <= target)
		return true;
	return idx >= 0 && wq->running_seq[idx] <= target;
}

bool flush_work(struct work_struct *work)
{
	struct workqueue_struct *wq;
	unsigned long target;
	bool waited = false;
	int idx;

	if (WARN_ON(!work))
		return false;
	wq = READ_ONCE(work->wq);
	if (!wq)
		return false;
	dmb_pmutex_lock(&wq->lock);
	idx = work_running_on(wq, work);
	if (!list_empty(&work->entry))
		target = work->seq;
	else if (idx >= 0)
		target = wq->running_seq[idx];
	else
		goto out;
	while (work_busy_upto(wq, work, target)) {
		waited = true;
		dmb_pcond_wait(&wq->idle, &wq->lock);
	}
out:
	dmb_pmutex_unlock(&wq->lock);
	return waited;
}

static bool __cancel_work(struct work_struct *work, bool wait)
{
	struct workqueue_struct *wq;
	bool was_pending, own;

	if (WARN_ON(!work))
		return false;
	wq = READ_ONCE(work->wq);
	if (!wq)
		return false;
	dmb_pmutex_lock(&wq->lock);
	/*
	 * Hold PENDING ourselves, so queue_work() fails until we are done. If
	 * it is set but the work is not queued, another cancel holds it.
	 */
	own = !test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->state);
	was_pending = !list_empty(&work->entry);
	if (was_pending) {
		list_del_init(&work->entry);
		own = true;
		dmb_pcond_broadcast(&wq->idle);
	}
	while (wait && work_running_on(wq, work) >= 0)
		dmb_pcond_wait(&wq->idle, &wq->lock);
	if (own)
		clear_bit(WORK_STRUCT_PENDING_BIT, &work->state);
	dmb_pmutex_unlock(&wq->lock);
	return was_pending;
}

bool cancel_work_sync(struct work_struct *work)
{
	return __cancel_work(work, true);
}

bool cancel_work(struct work_struct *work)
{
	return __cancel_work(work, false);
}

/* Anything queued with seq <= @target still pending or running? */
static bool wq_busy_upto(struct workqueue_struct *wq, unsigned long target)
{
	struct work_struct *work;
	int i;

	list_for_each_entry(work, &wq->pending, entry)
		if (work->seq <= target)
			return true;
	for (i = 0; i < wq->nr_workers; i++)
		if (wq->running[i] && wq->running_seq[i] <= target)
			return true;
	return false;
}

void flush_workqueue(struct workqueue_struct *wq)
{
	unsigned long target;

	if (WARN_ON(!wq))
		return;
	dmb_pmutex_lock(&wq->lock);
	target = wq->queue_seq;
	while (wq_busy_upto(wq, target))
		dmb_pcond_wait(&wq->idle, &wq->lock);
	dmb_pmutex_unlock(&wq->lock);
}
