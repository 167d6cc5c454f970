/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues. A sleeper adds an entry, sets its state, re-checks its
 * condition and sleeps; a waker calls each entry's function. Every thread
 * has a parker, so a wake-up between the check and the sleep is not lost.
 */
#ifndef DMABRIDGE_WAIT_H
#define DMABRIDGE_WAIT_H

#include <dmabridge/list.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/sched.h>
#include <dmabridge/jiffies.h>
#include <dmabridge/err.h>

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry,
				 unsigned int mode, int flags, void *key);

#define WQ_FLAG_EXCLUSIVE 0x01
#define WQ_FLAG_WOKEN 0x02

/**
 * struct wait_queue_entry - one sleeper on a wait queue
 * @flags: WQ_FLAG_EXCLUSIVE, WQ_FLAG_WOKEN
 * @private: the sleeper's parker
 * @func: called by the waker
 * @entry: on the queue's list
 */
struct wait_queue_entry {
	unsigned int flags;
	void *private;		/* the sleeper's parker */
	wait_queue_func_t func;
	struct list_head entry;
};

/**
 * struct wait_queue_head - a wait queue
 * @lock: protects @head
 * @head: the entries
 */
struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

/**
 * __init_waitqueue_head() - the function behind init_waitqueue_head()
 * @wq: the queue
 * @name: lockdep name of its lock
 * @key: lockdep class (one per init site)
 *
 * Context: any context.
 */
void __init_waitqueue_head(struct wait_queue_head *wq, const char *name,
			   struct lock_class_key *key);
#define __WAIT_QUEUE_HEAD_INITIALIZER(name)                                \
	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock),                         \
	  .head = LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name)                                      \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
#define init_waitqueue_head(wq)                                            \
	do {                                                               \
		static struct lock_class_key __key;                        \
		__init_waitqueue_head((wq), #wq, &__key);                  \
	} while (0)

/**
 * current_parker() - the calling thread's parker
 *
 * What a wait entry's private pointer holds: every thread has one, so a
 * wake-up between the check and the sleep is not lost. dmabridge's own.
 *
 * Context: any context.
 * Return: the parker (created on first use).
 */
struct parker *current_parker(void);

/**
 * default_wake_function() - wake the entry's sleeper
 * @wq_entry: the entry
 * @mode: the states to wake (unused)
 * @flags: wake flags (unused)
 * @key: the waker's key (unused)
 *
 * Context: called under the queue's lock.
 * Return: 1.
 */
int default_wake_function(struct wait_queue_entry *wq_entry,
			  unsigned int mode, int flags, void *key);
/**
 * autoremove_wake_function() - wake the sleeper and take its entry off
 * @wq_entry: the entry
 * @mode: the states to wake
 * @flags: wake flags
 * @key: the waker's key
 *
 * Context: called under the queue's lock.
 * Return: 1.
 */
int autoremove_wake_function(struct wait_queue_entry *wq_entry,
			     unsigned int mode, int flags, void *key);
/**
 * init_wait_entry() - initialise an entry for the calling thread
 * @wq_entry: the entry
 * @flags: WQ_FLAG_EXCLUSIVE or 0
 *
 * Context: process context.
 */
void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);
#define init_wait(wait) init_wait_entry(wait, 0)
#define DEFINE_WAIT(name)                                                  \
	struct wait_queue_entry name = {                                   \
		.private = current_parker(),                               \
		.func = autoremove_wake_function,                          \
		.entry = LIST_HEAD_INIT((name).entry),                     \
	}

/**
 * add_wait_queue() - add a non-exclusive entry
 * @wq: the queue
 * @e: the entry
 *
 * Non-exclusive entries go first, exclusive ones last (as in Linux).
 *
 * Context: any context; takes @wq->lock.
 */
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
/**
 * add_wait_queue_exclusive() - add an exclusive entry at the end
 * @wq: the queue
 * @e: the entry
 *
 * Context: any context; takes @wq->lock.
 */
void add_wait_queue_exclusive(struct wait_queue_head *wq,
			      struct wait_queue_entry *e);
/**
 * remove_wait_queue() - take an entry off
 * @wq: the queue
 * @e: the entry
 *
 * Context: any context; takes @wq->lock.
 */
void remove_wait_queue(struct wait_queue_head *wq,
		       struct wait_queue_entry *e);
/**
 * prepare_to_wait() - queue the entry (if not queued) and set the state
 * @wq: the queue
 * @e: the entry
 * @state: TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE or TASK_KILLABLE
 *
 * Then check the condition, and schedule() if it is false.
 *
 * Context: process context; takes @wq->lock.
 */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e,
		     int state);
/**
 * prepare_to_wait_exclusive() - prepare_to_wait() with an exclusive entry
 * @wq: the queue
 * @e: the entry
 * @state: the sleep state
 *
 * Context: process context; takes @wq->lock.
 */
void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *e, int state);
/**
 * finish_wait() - back to TASK_RUNNING and off the queue
 * @wq: the queue
 * @e: the entry
 *
 * Context: process context; takes @wq->lock if the entry is queued.
 */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
/**
 * wq_has_sleeper() - is anybody on the queue?
 * @wq: the queue
 *
 * Looks under @wq->lock, so unlike waitqueue_active() it needs no barrier.
 *
 * Context: any context; takes @wq->lock.
 * Return: true if somebody waits.
 */
bool wq_has_sleeper(struct wait_queue_head *wq);
/**
 * waitqueue_active() - is anybody on the queue?
 * @wq: the queue
 *
 * An unlocked peek; pair it with a barrier or a lock as Linux's callers
 * do.
 *
 * Context: any context.
 * Return: true if the list is not empty.
 */
static inline bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

/**
 * __wake_up() - wake sleepers
 * @wq: the queue
 * @mode: the states to wake
 * @nr: exclusive sleepers to wake; 0 for all
 * @key: passed to each entry's function (poll events)
 *
 * Context: any context; takes @wq->lock.
 */
void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr,
	       void *key);
/**
 * __wake_up_locked() - __wake_up() with @wq->lock held by the caller
 * @wq: the queue
 * @mode: the states to wake
 * @nr: exclusive sleepers to wake; 0 for all
 *
 * Context: @wq->lock held.
 */
void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode, int nr);
#define wake_up_locked(wq) __wake_up_locked(wq, TASK_INTERRUPTIBLE, 1)
#define wake_up_all_locked(wq) __wake_up_locked(wq, TASK_INTERRUPTIBLE, 0)
#define wake_up(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_all(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_interruptible(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_poll(wq, m) \
	__wake_up(wq, TASK_INTERRUPTIBLE, 0, (void *)(uintptr_t)(m))

/**
 * DOC: the wait_event family
 *
 * wait_event(wq, condition) sleeps until @condition is true;
 * _timeout returns 0 if the condition stayed false for @timeout jiffies,
 * else the jiffies left (at least 1); _interruptible returns -ERESTARTSYS
 * when a signal is pending, _killable when SIGKILL is; all re-check the
 * condition after every wake-up. Context: process context; they sleep.
 */
#define ___wait_event(wq, condition, state, timeout)                       \
	({                                                                 \
		long __ret = (timeout);                                    \
		struct wait_queue_entry __we;                              \
		init_wait_entry(&__we, 0);                                 \
		for (;;) {                                                 \
			prepare_to_wait(&(wq), &__we, state);              \
			if (condition) {                                   \
				if (!__ret)                                \
					__ret = 1;                         \
				break;                                     \
			}                                                  \
			if (signal_pending_state(state, current)) {        \
				__ret = -ERESTARTSYS;                      \
				break;                                     \
			}                                                  \
			if (!__ret)                                        \
				break;                                     \
			__ret = schedule_timeout(__ret);                   \
			if (!__ret && (condition)) {                       \
				__ret = 1;                                 \
				break;                                     \
			}                                                  \
		}                                                          \
		finish_wait(&(wq), &__we);                                 \
		__ret;                                                     \
	})

#define wait_event(wq, condition)                                          \
	do {                                                               \
		if (!(condition))                                          \
			___wait_event(wq, condition, TASK_UNINTERRUPTIBLE, \
				      MAX_SCHEDULE_TIMEOUT);               \
	} while (0)
#define wait_event_timeout(wq, condition, timeout)                         \
	({                                                                 \
		long __t = (timeout);                                      \
		(condition) ? (__t ? __t : 1)                              \
			    : ___wait_event(wq, condition,                 \
					    TASK_UNINTERRUPTIBLE, __t);    \
	})
#define wait_event_interruptible(wq, condition)                            \
	({                                                                 \
		long __r = 0;                                              \
		if (!(condition))                                          \
			__r = ___wait_event(wq, condition,                 \
					    TASK_INTERRUPTIBLE,            \
					    MAX_SCHEDULE_TIMEOUT);         \
		(int)(__r < 0 ? __r : 0);                                  \
	})
#define wait_event_interruptible_timeout(wq, condition, timeout)           \
	({                                                                 \
		long __t = (timeout);                                      \
		(condition) ? (__t ? __t : 1)                              \
			    : ___wait_event(wq, condition,                 \
					    TASK_INTERRUPTIBLE, __t);      \
	})
#define wait_event_killable(wq, condition)                                 \
	({                                                                 \
		long __r = 0;                                              \
		if (!(condition))                                          \
			__r = ___wait_event(wq, condition, TASK_KILLABLE,  \
					    MAX_SCHEDULE_TIMEOUT);         \
		(int)(__r < 0 ? __r : 0);                                  \
	})
#define wait_event_killable_timeout(wq, condition, timeout)                \
	({                                                                 \
		long __t = (timeout);                                      \
		(condition) ? (__t ? __t : 1)                              \
			    : ___wait_event(wq, condition, TASK_KILLABLE,  \
					    __t);                          \
	})

#endif
