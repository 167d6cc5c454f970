/* SPDX-License-Identifier: GPL-2.0 */
/* Workqueues: deferred work run by a pool of kernel threads. */
#ifndef DMABRIDGE_WORKQUEUE_H
#define DMABRIDGE_WORKQUEUE_H

#include <dmabridge/list.h>
#include <dmabridge/atomic.h>

struct work_struct;
struct workqueue_struct;
typedef void (*work_func_t)(struct work_struct *work);

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

/*
 * Work items start in queue order on up to max_active threads (0 means 1);
 * one work item never runs on two threads at once (as in Linux).
 */
struct workqueue_struct *alloc_workqueue(const char *name, unsigned int flags,
					 int max_active);
#define alloc_ordered_workqueue(name, flags) alloc_workqueue(name, flags, 1)
void destroy_workqueue(struct workqueue_struct *wq);
/*
 * false if the work was already pending. During destroy_workqueue() only
 * the queue's own work items may queue more (chained work).
 */
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
/* queue_work() on the current platform's queue (the system_wq analogue). */
bool schedule_work(struct work_struct *work);
/*
 * Wait for the last queued instance of the work to finish (not for later
 * requeues); true if it waited, false if the work was idle.
 */
bool flush_work(struct work_struct *work);
/*
 * Remove a pending work and wait for a running one; a work that requeues
 * itself cannot while this runs. On return the work is neither pending nor
 * running. True if it was pending.
 */
bool cancel_work_sync(struct work_struct *work);
/* Remove a pending work without waiting; true if it was pending. */
bool cancel_work(struct work_struct *work);
/* Wait for every work queued before the call to finish. */
void flush_workqueue(struct workqueue_struct *wq);
bool work_pending(const struct work_struct *work);

#endif
