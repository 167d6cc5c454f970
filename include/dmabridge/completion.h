/* SPDX-License-Identifier: GPL-2.0 */
/* Completions: one-shot or counted "it is done" events. */
#ifndef DMABRIDGE_COMPLETION_H
#define DMABRIDGE_COMPLETION_H

#include <limits.h>
#include <dmabridge/wait.h>

/**
 * struct completion - a one-shot or counted "it is done" event
 * @done: completions not yet consumed (COMPLETION_DONE_ALL after
 * 	complete_all()); protected by @wait.lock
 * @wait: the waiters
 */
struct completion {
	unsigned int done;	/* protected by wait.lock */
	struct wait_queue_head wait;
};

#define COMPLETION_DONE_ALL UINT_MAX

#define COMPLETION_INITIALIZER(work) \
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)

/**
 * init_completion() - initialise a completion (not done)
 * @x: the completion
 *
 * Context: any context, before anybody uses @x.
 */
void init_completion(struct completion *x);
/**
 * reinit_completion() - make a completion not done again
 * @x: the completion
 *
 * Context: any context; nobody may be waiting.
 */
void reinit_completion(struct completion *x);
/**
 * complete() - one event: wake one waiter
 * @x: the completion
 *
 * Context: any context; takes @x->wait.lock.
 */
void complete(struct completion *x);
/**
 * complete_all() - done for good: wake every waiter, now and later
 * @x: the completion
 *
 * Context: any context; takes @x->wait.lock.
 */
void complete_all(struct completion *x);
/**
 * wait_for_completion() - wait for an event, ignoring signals
 * @x: the completion
 *
 * Consumes one complete() (none after complete_all()).
 *
 * Context: process context; may sleep.
 */
void wait_for_completion(struct completion *x);
/**
 * wait_for_completion_timeout() - wait with a timeout
 * @x: the completion
 * @timeout: jiffies
 *
 * Context: process context; may sleep.
 * Return: 0 on timeout, else the jiffies left (at least 1).
 */
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout);
/**
 * wait_for_completion_interruptible() - wait unless a signal arrives
 * @x: the completion
 *
 * Context: process context; may sleep.
 * Return: 0 when completed, -ERESTARTSYS if a signal cut the wait.
 */
int wait_for_completion_interruptible(struct completion *x);
/**
 * wait_for_completion_interruptible_timeout() - the same with a timeout
 * @x: the completion
 * @timeout: jiffies
 *
 * Context: process context; may sleep.
 * Return: -ERESTARTSYS if interrupted, 0 on timeout, else the jiffies left
 * (at least 1).
 */
long wait_for_completion_interruptible_timeout(struct completion *x,
					       unsigned long timeout);
/**
 * wait_for_completion_killable() - wait unless a fatal signal arrives
 * @x: the completion
 *
 * Context: process context; may sleep.
 * Return: 0 when completed, -ERESTARTSYS on SIGKILL.
 */
int wait_for_completion_killable(struct completion *x);
/**
 * wait_for_completion_killable_timeout() - the same with a timeout
 * @x: the completion
 * @timeout: jiffies
 *
 * Context: process context; may sleep.
 * Return: -ERESTARTSYS on SIGKILL, 0 on timeout, else the jiffies left.
 */
long wait_for_completion_killable_timeout(struct completion *x,
					  unsigned long timeout);
/**
 * try_wait_for_completion() - consume an event without waiting
 * @x: the completion
 *
 * Context: any context.
 * Return: true if one was consumed (or complete_all() was called), false
 * if it would have to wait.
 */
bool try_wait_for_completion(struct completion *x);
/**
 * completion_done() - are there events not yet consumed?
 * @x: the completion
 *
 * Context: any context.
 * Return: true if a wait would not sleep now.
 */
bool completion_done(struct completion *x);

#endif
