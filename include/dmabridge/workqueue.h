/* SPDX-License-Identifier: GPL-2.0 */
/* Workqueues: deferred work run by a pool of kernel threads. */
#ifndef DMABRIDGE_WORKQUEUE_H
#define DMABRIDGE_WORKQUEUE_H

#include <dmabridge/list.h>
#include <dmabridge/atomic.h>

struct work_struct;
struct workqueue_struct;
typedef void (*work_func_t)(struct work_struct *work);

/**
 * struct work_struct - deferred work
 * @state: WORK_STRUCT_PENDING_BIT
 * @entry: on its queue while pending
 * @func: the work function
 * @wq: the last queue it was put on
 * @seq: the queue order of the pending instance
 */
struct work_struct {
	unsigned long state;		/* WORK_STRUCT_PENDING bit */
	struct list_head entry;
	work_func_t func;
	struct workqueue_struct *wq;	/* last queue it was put on */
	unsigned long seq;		/* queue order of the pending instance */
};

#define WORK_STRUCT_PENDING_BIT 0

#define INIT_WORK(_work, _func)                                            \
	do {                                                               \
		(_work)->state = 0;                                        \
		INIT_LIST_HEAD(&(_work)->entry);                           \
		(_work)->func = (_func);                                   \
		(_work)->wq = NULL;                                        \
		(_work)->seq = 0;                                          \
	} while (0)
#define INIT_WORK_ONSTACK(_work, _func) INIT_WORK(_work, _func)
#define __WORK_INITIALIZER(n, f)                                           \
	{ .entry = LIST_HEAD_INIT((n).entry), .func = (f) }
#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)

#define WQ_UNBOUND 0x2
#define WQ_HIGHPRI 0x10
#define WQ_MEM_RECLAIM 0x8

/**
 * alloc_workqueue() - create a workqueue
 * @name: its name
 * @flags: WQ_UNBOUND, WQ_HIGHPRI, WQ_MEM_RECLAIM (accepted, ignored)
 * @max_active: threads that run its work; 0 means 1
 *
 * Its threads run as kernel threads of current's platform. Work items
 * start in queue order on up to @max_active threads; one work
 * item never runs on two threads at once (as in Linux).
 *
 * Context: process context; may sleep (starts threads).
 * Return: the queue, or NULL when out of memory or threads.
 */
struct workqueue_struct *alloc_workqueue(const char *name, unsigned int flags,
					 int max_active);
#define alloc_ordered_workqueue(name, flags) alloc_workqueue(name, flags, 1)
/**
 * destroy_workqueue() - drain a workqueue and free it
 * @wq: the queue
 *
 * Runs what is pending, including work its own work items queue (chained
 * work); other queuers must have stopped.
 *
 * Context: process context; sleeps; not from its own work.
 */
void destroy_workqueue(struct workqueue_struct *wq);
/**
 * queue_work() - queue a work item
 * @wq: the queue
 * @work: the work
 *
 * During destroy_workqueue() only the queue's own work items may queue
 * more (chained work).
 *
 * Context: any context.
 * Return: true if queued, false if the work was already pending.
 */
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
/**
 * schedule_work() - queue_work() on the current platform's queue
 * @work: the work
 *
 * The system_wq analogue: the platform's "events" queue.
 *
 * Context: any context with a current task.
 * Return: as queue_work().
 */
bool schedule_work(struct work_struct *work);
/**
 * flush_work() - wait for the last queued instance of a work to finish
 * @work: the work
 *
 * Not for later requeues.
 *
 * Context: process context; sleeps; not from @work itself.
 * Return: true if it waited, false if the work was idle.
 */
bool flush_work(struct work_struct *work);
/**
 * cancel_work_sync() - remove a pending work and wait for a running one
 * @work: the work
 *
 * A work that requeues itself cannot while this runs. On return the work
 * is neither pending nor running.
 *
 * Context: process context; sleeps; not from @work itself.
 * Return: true if it was pending.
 */
bool cancel_work_sync(struct work_struct *work);
/**
 * cancel_work() - remove a pending work without waiting
 * @work: the work
 *
 * Context: any context.
 * Return: true if it was pending.
 */
bool cancel_work(struct work_struct *work);
/**
 * flush_workqueue() - wait for every work queued before the call
 * @wq: the queue
 *
 * Context: process context; sleeps; not from the queue's own work.
 */
void flush_workqueue(struct workqueue_struct *wq);
/**
 * work_pending() - is the work queued and not started?
 * @work: the work
 *
 * Context: any context.
 * Return: true if pending.
 */
bool work_pending(const struct work_struct *work);

#endif
