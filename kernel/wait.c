// SPDX-License-Identifier: GPL-2.0
/* Wait queues and completions. */
#include <dmabridge/wait.h>
#include <dmabridge/completion.h>

void __init_waitqueue_head(struct wait_queue_head *wq, const char *name,
			   struct lock_class_key *key)
{
	__spin_lock_init(&wq->lock, name, key);
	INIT_LIST_HEAD(&wq->head);
}

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current_parker();
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry,
			     unsigned int mode, int flags, void *key)
{
	int ret = default_wake_function(wq_entry, mode, flags, key);

	if (ret)
		list_del_init(&wq_entry->entry);
	return ret;
}

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	spin_lock(&wq->lock);
	list_add_tail(&e->entry, &wq->head);
	spin_unlock(&wq->lock);
}

void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	spin_lock(&wq->lock);
	list_del_init(&e->entry);
	spin_unlock(&wq->lock);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e,
		     int state)
{
	spin_lock(&wq->lock);
	if (list_empty(&e->entry))
		list_add_tail(&e->entry, &wq->head);
	/* Under the queue lock, so a waker either sees us or we see it. */
	set_current_state(state);
	spin_unlock(&wq->lock);
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	__set_current_state(TASK_RUNNING);
	spin_lock(&wq->lock);
	if (!list_empty(&e->entry))
		list_del_init(&e->entry);
	spin_unlock(&wq->lock);
}

bool wq_has_sleeper(struct wait_queue_head *wq)
{
	bool ret;

	spin_lock(&wq->lock);
	ret = !list_empty(&wq->head);
	spin_unlock(&wq->lock);
	return ret;
}

void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr,
	       void *key)
{
	struct wait_queue_entry *curr, *next;

	spin_lock(&wq->lock);
	list_for_each_entry_safe(curr, next, &wq->head, entry) {
		int ret = curr->func(curr, mode, 0, key);

		if (ret < 0)
			break;
		if (ret && (curr->flags & WQ_FLAG_EXCLUSIVE) && !--nr)
			break;
	}
	spin_unlock(&wq->lock);
}

/* Completions. */
void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void reinit_completion(struct completion *x)
{
	spin_lock(&x->wait.lock);
	x->done = 0;
	spin_unlock(&x->wait.lock);
}

void complete(struct completion *x)
{
	spin_lock(&x->wait.lock);
	if (x->done != COMPLETION_DONE_ALL)
		x->done++;
	spin_unlock(&x->wait.lock);
	__wake_up(&x->wait, TASK_UNINTERRUPTIBLE, 1, NULL);
}

void complete_all(struct completion *x)
{
	spin_lock(&x->wait.lock);
	x->done = COMPLETION_DONE_ALL;
	spin_unlock(&x->wait.lock);
	__wake_up(&x->wait, TASK_UNINTERRUPTIBLE, 0, NULL);
}

bool try_wait_for_completion(struct completion *x)
{
	bool ret = false;

	spin_lock(&x->wait.lock);
	if (x->done) {
		if (x->done != COMPLETION_DONE_ALL)
			x->done--;
		ret = true;
	}
	spin_unlock(&x->wait.lock);
	return ret;
}

bool completion_done(struct completion *x)
{
	bool ret;

	spin_lock(&x->wait.lock);
	ret = x->done != 0;
	spin_unlock(&x->wait.lock);
	return ret;
}

static long wait_for_common(struct completion *x, long timeout, int state)
{
	long ret = timeout;
	struct wait_queue_entry we;

	if (try_wait_for_completion(x))
		return timeout ? timeout : 1;
	init_wait_entry(&we, WQ_FLAG_EXCLUSIVE);
	for (;;) {
		prepare_to_wait(&x->wait, &we, state);
		if (try_wait_for_completion(x)) {
			ret = ret ? ret : 1;
			break;
		}
		if (state != TASK_UNINTERRUPTIBLE && signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (!ret)
			break;
		ret = schedule_timeout(ret);
	}
	finish_wait(&x->wait, &we);
	return ret;
}

void wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_for_common(x, timeout, TASK_UNINTERRUPTIBLE);
}

int wait_for_completion_interruptible(struct completion *x)
{
	long ret = wait_for_common(x, MAX_SCHEDULE_TIMEOUT,
				   TASK_INTERRUPTIBLE);

	return ret < 0 ? (int)ret : 0;
}

long wait_for_completion_interruptible_timeout(struct completion *x,
					       unsigned long timeout)
{
	return wait_for_common(x, timeout, TASK_INTERRUPTIBLE);
}
