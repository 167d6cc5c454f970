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
};

#define WORK_STRUCT_PENDING_BIT 0

#define INIT_WORK(_work, _func)                                            \
	do {                                                               \
		(_work)->state = 0;                                        \
		INIT_LIST_HEAD(&(_work)->entry);                           \
		(_work)->func = (_func);                                   \
		(_work)->wq = NULL;                                        \
	} while (0)

#define WQ_UNBOUND 0x2
#define WQ_HIGHPRI 0x10
#define WQ_MEM_RECLAIM 0x8

/* Work items run in queue order; max_active threads run them (0 means 1). */
struct workqueue_struct *alloc_workqueue(const char *name, unsigned int flags,
					 int max_active);
#define alloc_ordered_workqueue(name, flags) alloc_workqueue(name, flags, 1)
void destroy_workqueue(struct workqueue_struct *wq);
/* false if the work was already pending. */
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
/* Wait until the work is neither pending nor running; true if it waited. */
bool flush_work(struct work_struct *work);
/* Remove a pending work or wait for a running one; true if it was pending. */
bool cancel_work_sync(struct work_struct *work);
void flush_workqueue(struct workqueue_struct *wq);
bool work_pending(const struct work_struct *work);

#endif
