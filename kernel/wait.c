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

/*
 * Non-exclusive entries sit before exclusive ones, so a wake-up of nr
 * exclusive waiters always reaches every non-exclusive one first.
 */
static void __add_wait_queue_entry(struct wait_queue_head *wq,
				   struct wait_queue_entry *e)
{
	if (e->flags & WQ_FLAG_EXCLUSIVE)
		list_add_tail(&e->entry, &wq->head);
	else
		list_add(&e->entry, &wq->head);
}

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	spin_lock(&wq->lock);
	e->flags &= ~WQ_FLAG_EXCLUSIVE;
	__add_wait_queue_entry(wq, e);
	spin_unlock(&wq->lock);
}

void add_wait_queue_exclusive(struct wait_queue_head *wq,
			      struct wait_queue_entry *e)
{
	spin_lock(&wq->lock);
	e->flags |= WQ_FLAG_EXCLUSIVE;
	__add_wait_queue_entry(wq, e);
	spin_unlock(&wq->lock);
}

void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	spin_lock(&wq->lock);
	list_del_init(&e->entry);
	spin_unlock(&wq->lock);
}

static void __prepare_to_wait(struct wait_queue_head *wq,
			      struct wait_queue_entry *e, int state,
			      bool exclusive)
{
	spin_lock(&wq->lock);
	/* Wakers read the flags under the lock, so set them under it. */
	if (exclusive)
		e->flags |= WQ_FLAG_EXCLUSIVE;
	if (list_empty(&e->entry))
		__add_wait_queue_entry(wq, e);
	/* Under the queue lock, so a waker either sees us or we see it. */
	set_current_state(state);
	spin_unlock(&wq->lock);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e,
		     int state)
{
	__prepare_to_wait(wq, e, state, false);
}

void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *e, int state)
{
	__prepare_to_wait(wq, e, state, true);
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

static void __wake_up_common(struct wait_queue_head *wq, unsigned int mode,
			     int nr, void *key)
{
	struct wait_queue_entry *curr, *next;

	list_for_each_entry_safe(curr, next, &wq->head, entry) {
		int ret = curr->func(curr, mode, 0, key);

		if (ret < 0)
			break;
		if (ret && (curr->flags & WQ_FLAG_EXCLUSIVE) && !--nr)
			break;
	}
}

void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr,
	       void *key)
{
	spin_lock(&wq->lock);
	__wake_up_common(wq, mode, nr, key);
	spin_unlock(&wq->lock);
}

void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode, int nr)
{
	lockdep_assert_held(&wq->lock);
	__wake_up_common(wq, mode, nr, NULL);
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

/*
 * done changes and waiters are woken under wait.lock, and a waiter decides
 * to give up (signal, timeout) under it too: a wake-up meant for a waiter
 * that leaves is never lost, because done stays and the next waiter sees it.
 */
void complete(struct completion *x)
{
	spin_lock(&x->wait.lock);
	if (x->done != COMPLETION_DONE_ALL)
		x->done++;
	__wake_up_locked(&x->wait, TASK_UNINTERRUPTIBLE, 1);
	spin_unlock(&x->wait.lock);
}

void complete_all(struct completion *x)
{
	spin_lock(&x->wait.lock);
	x->done = COMPLETION_DONE_ALL;
	__wake_up_locked(&x->wait, TASK_UNINTERRUPTIBLE, 0);
	spin_unlock(&x->wait.lock);
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
	struct wait_queue_entry we;

	init_wait_entry(&we, WQ_FLAG_EXCLUSIVE);
	spin_lock(&x->wait.lock);
	while (!x->done) {
		if (signal_pending_state(state, current)) {
			timeout = -ERESTARTSYS;
			break;
		}
		if (!timeout)
			break;
		if (list_empty(&we.entry))
			list_add_tail(&we.entry, &x->wait.head);
		set_current_state(state);
		spin_unlock(&x->wait.lock);
		timeout = schedule_timeout(timeout);
		spin_lock(&x->wait.lock);
	}
	if (!list_empty(&we.entry))
		list_del_init(&we.entry);
	if (x->done) {
		if (x->done != COMPLETION_DONE_ALL)
			x->done--;
		timeout = timeout > 0 ? timeout : 1;
	}
	spin_unlock(&x->wait.lock);
	__set_current_state(TASK_RUNNING);
	return timeout;
}

void wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_for_common(x, min_t(unsigned long, timeout,
					MAX_SCHEDULE_TIMEOUT),
			       TASK_UNINTERRUPTIBLE);
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
	return wait_for_common(x, min_t(unsigned long, timeout,
					MAX_SCHEDULE_TIMEOUT),
			       TASK_INTERRUPTIBLE);
}

int wait_for_completion_killable(struct completion *x)
{
	long ret = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE);

	return ret < 0 ? (int)ret : 0;
}

long wait_for_completion_killable_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_for_common(x, min_t(unsigned long, timeout,
					MAX_SCHEDULE_TIMEOUT),
			       TASK_KILLABLE);
}
