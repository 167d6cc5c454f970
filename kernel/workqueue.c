// SPDX-License-Identifier: GPL-2.0
/*
 * Workqueues: a FIFO of work items and max_active kernel threads. A work
 * item's PENDING bit is cleared before it runs, so it may requeue itself.
 */
#include <stdio.h>
#include <string.h>
#include <dmabridge/workqueue.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>

struct workqueue_struct {
	char name[32];
	pthread_mutex_t lock;
	pthread_cond_t more;		/* work queued or stopping */
	pthread_cond_t idle;		/* a work item finished */
	struct list_head pending;
	bool stopping;
	int nr_workers;
	struct task_struct **workers;
	struct work_struct **running;	/* per worker */
};

struct worker_arg {
	struct workqueue_struct *wq;
	int idx;
};

static struct work_struct *next_work(struct workqueue_struct *wq, int idx)
{
	struct work_struct *work;

	while (list_empty(&wq->pending) && !wq->stopping)
		pthread_cond_wait(&wq->more, &wq->lock);
	if (list_empty(&wq->pending))
		return NULL;
	work = list_first_entry(&wq->pending, struct work_struct, entry);
	list_del_init(&work->entry);
	clear_bit(WORK_STRUCT_PENDING_BIT, &work->state);
	wq->running[idx] = work;
	return work;
}

static int worker_fn(void *data)
{
	struct worker_arg *arg = data;
	struct workqueue_struct *wq = arg->wq;
	int idx = arg->idx;
	struct work_struct *work;

	kfree(arg);
	pthread_mutex_lock(&wq->lock);
	while ((work = next_work(wq, idx))) {
		pthread_mutex_unlock(&wq->lock);
		work->func(work);
		lockdep_assert_no_locks_held(wq->name);
		pthread_mutex_lock(&wq->lock);
		wq->running[idx] = NULL;
		pthread_cond_broadcast(&wq->idle);
	}
	pthread_mutex_unlock(&wq->lock);
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
	snprintf(wq->name, sizeof(wq->name), "%s", name);
	pthread_mutex_init(&wq->lock, NULL);
	pthread_cond_init(&wq->more, NULL);
	pthread_cond_init(&wq->idle, NULL);
	INIT_LIST_HEAD(&wq->pending);
	wq->nr_workers = max_active > 0 ? max_active : 1;
	wq->workers = kcalloc(wq->nr_workers, sizeof(*wq->workers),
			      GFP_KERNEL);
	wq->running = kcalloc(wq->nr_workers, sizeof(*wq->running),
			      GFP_KERNEL);
	if (!wq->workers || !wq->running || start_workers(wq)) {
		destroy_workqueue(wq);
		return NULL;
	}
	return wq;
}

static void stop_workers(struct workqueue_struct *wq)
{
	int i;

	pthread_mutex_lock(&wq->lock);
	wq->stopping = true;
	pthread_cond_broadcast(&wq->more);
	pthread_mutex_unlock(&wq->lock);
	for (i = 0; wq->workers && i < wq->nr_workers; i++)
		if (wq->workers[i])
			kthread_stop(wq->workers[i]);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	if (!wq)
		return;
	/* Workers drain the queue before they see `stopping` and exit. */
	stop_workers(wq);
	WARN_ON(!list_empty(&wq->pending));
	pthread_cond_destroy(&wq->more);
	pthread_cond_destroy(&wq->idle);
	pthread_mutex_destroy(&wq->lock);
	kfree(wq->workers);
	kfree(wq->running);
	kfree(wq);
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->state))
		return false;
	pthread_mutex_lock(&wq->lock);
	if (WARN_ON(wq->stopping)) {
		clear_bit(WORK_STRUCT_PENDING_BIT, &work->state);
		pthread_mutex_unlock(&wq->lock);
		return false;
	}
	work->wq = wq;
	list_add_tail(&work->entry, &wq->pending);
	pthread_cond_signal(&wq->more);
	pthread_mutex_unlock(&wq->lock);
	return true;
}

bool work_pending(const struct work_struct *work)
{
	return test_bit(WORK_STRUCT_PENDING_BIT, &work->state);
}

static bool work_running(struct workqueue_struct *wq, struct work_struct *w)
{
	int i;

	for (i = 0; i < wq->nr_workers; i++)
		if (wq->running[i] == w)
			return true;
	return false;
}

bool flush_work(struct work_struct *work)
{
	struct workqueue_struct *wq = READ_ONCE(work->wq);
	bool waited = false;

	if (!wq)
		return false;
	pthread_mutex_lock(&wq->lock);
	while (!list_empty(&work->entry) || work_running(wq, work)) {
		waited = true;
		pthread_cond_wait(&wq->idle, &wq->lock);
	}
	pthread_mutex_unlock(&wq->lock);
	return waited;
}

bool cancel_work_sync(struct work_struct *work)
{
	struct workqueue_struct *wq = READ_ONCE(work->wq);
	bool was_pending = false;

	if (!wq)
		return false;
	pthread_mutex_lock(&wq->lock);
	if (!list_empty(&work->entry)) {
		list_del_init(&work->entry);
		clear_bit(WORK_STRUCT_PENDING_BIT, &work->state);
		was_pending = true;
	}
	while (work_running(wq, work))
		pthread_cond_wait(&wq->idle, &wq->lock);
	pthread_mutex_unlock(&wq->lock);
	return was_pending;
}

static bool wq_busy(struct workqueue_struct *wq)
{
	int i;

	if (!list_empty(&wq->pending))
		return true;
	for (i = 0; i < wq->nr_workers; i++)
		if (wq->running[i])
			return true;
	return false;
}

void flush_workqueue(struct workqueue_struct *wq)
{
	pthread_mutex_lock(&wq->lock);
	while (wq_busy(wq))
		pthread_cond_wait(&wq->idle, &wq->lock);
	pthread_mutex_unlock(&wq->lock);
}
