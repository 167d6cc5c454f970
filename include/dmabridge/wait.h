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

struct wait_queue_entry {
	unsigned int flags;
	void *private;		/* the sleeper's parker */
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

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

/* The calling thread's parker, as a wait entry's private pointer. */
struct parker *current_parker(void);

int default_wake_function(struct wait_queue_entry *wq_entry,
			  unsigned int mode, int flags, void *key);
int autoremove_wake_function(struct wait_queue_entry *wq_entry,
			     unsigned int mode, int flags, void *key);
void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);
#define init_wait(wait) init_wait_entry(wait, 0)
#define DEFINE_WAIT(name)                                                  \
	struct wait_queue_entry name = {                                   \
		.private = current_parker(),                               \
		.func = autoremove_wake_function,                          \
		.entry = LIST_HEAD_INIT((name).entry),                     \
	}

/* Non-exclusive entries go first, exclusive ones last (as in Linux). */
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
void add_wait_queue_exclusive(struct wait_queue_head *wq,
			      struct wait_queue_entry *e);
void remove_wait_queue(struct wait_queue_head *wq,
		       struct wait_queue_entry *e);
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e,
		     int state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *e, int state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
bool wq_has_sleeper(struct wait_queue_head *wq);
/* Unlocked peek; pair with a barrier or a lock as Linux's callers do. */
static inline bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr,
	       void *key);
/* Same with wq->lock already held by the caller. */
void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode, int nr);
#define wake_up_locked(wq) __wake_up_locked(wq, TASK_INTERRUPTIBLE, 1)
#define wake_up_all_locked(wq) __wake_up_locked(wq, TASK_INTERRUPTIBLE, 0)
#define wake_up(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_all(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_interruptible(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(wq) __wake_up(wq, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_poll(wq, m) \
	__wake_up(wq, TASK_INTERRUPTIBLE, 0, (void *)(uintptr_t)(m))

/*
 * wait_event family. _timeout returns 0 if the condition stayed false for
 * @timeout jiffies, else the jiffies left (at least 1). _interruptible
 * returns -ERESTARTSYS when a signal is pending.
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
