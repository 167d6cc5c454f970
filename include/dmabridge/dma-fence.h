/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct dma_fence: a one-shot completion event of a context (timeline),
 * ordered by seqno within that context, with callbacks, waits, an error
 * and a timestamp. Semantics follow Linux's include/linux/dma-fence.h.
 */
#ifndef DMABRIDGE_DMA_FENCE_H
#define DMABRIDGE_DMA_FENCE_H

#include <stdio.h>
#include <dmabridge/types.h>
#include <dmabridge/atomic.h>
#include <dmabridge/list.h>
#include <dmabridge/refcount.h>
#include <dmabridge/rcupdate.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/jiffies.h>
#include <dmabridge/err.h>
#include <dmabridge/bug.h>

#ifndef lower_32_bits
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#endif

struct dma_fence;
struct dma_fence_ops;
struct dma_fence_cb;

/*
 * @lock protects @cb_list and the signalling transition; it is provided by
 * the fence's owner and may be shared by every fence of a timeline.
 * Fences are freed after an RCU grace period, so a reader inside
 * rcu_read_lock() may still try dma_fence_get_rcu() on a dying fence.
 */
struct dma_fence {
	spinlock_t *lock;
	const struct dma_fence_ops *ops;
	struct list_head cb_list;	/* under @lock, until signaled */
	ktime_t timestamp;		/* valid once TIMESTAMP_BIT is set */
	struct rcu_head rcu;
	u64 context;
	u64 seqno;
	unsigned long flags;
	struct kref refcount;
	int error;
};

enum dma_fence_flag_bits {
	DMA_FENCE_FLAG_INITIALIZED_BIT,
	DMA_FENCE_FLAG_SEQNO64_BIT,
	DMA_FENCE_FLAG_SIGNALED_BIT,
	DMA_FENCE_FLAG_TIMESTAMP_BIT,
	DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT,
	DMA_FENCE_FLAG_USER_BITS, /* must always be last member */
};

typedef void (*dma_fence_func_t)(struct dma_fence *fence,
				 struct dma_fence_cb *cb);

/*
 * A callback. It runs once, with the fence's lock held, on whichever
 * thread signals the fence; it must not take that lock or wait on fences.
 */
struct dma_fence_cb {
	struct list_head node;
	dma_fence_func_t func;
};

struct dma_fence_ops {
	const char *(*get_driver_name)(struct dma_fence *fence);
	const char *(*get_timeline_name)(struct dma_fence *fence);
	/*
	 * Called once with the fence lock held when someone first needs to
	 * know about completion; false means "already done" and the core
	 * signals the fence.
	 */
	bool (*enable_signaling)(struct dma_fence *fence);
	/* Optional peek at the hardware; true makes the core signal. */
	bool (*signaled)(struct dma_fence *fence);
	/* Optional custom wait, same contract as dma_fence_wait_timeout(). */
	signed long (*wait)(struct dma_fence *fence, bool intr,
			    signed long timeout);
	/* Optional; must free through RCU (dma_fence_free does). */
	void (*release)(struct dma_fence *fence);
	/* Optional deadline hint; called without the fence lock. */
	void (*set_deadline)(struct dma_fence *fence, ktime_t deadline);
};

void dma_fence_init(struct dma_fence *fence, const struct dma_fence_ops *ops,
		    spinlock_t *lock, u64 context, u64 seqno);
/* As dma_fence_init, but seqnos compare as full 64-bit values. */
void dma_fence_init64(struct dma_fence *fence, const struct dma_fence_ops *ops,
		      spinlock_t *lock, u64 context, u64 seqno);

void dma_fence_release(struct kref *kref);
void dma_fence_free(struct dma_fence *fence);
void dma_fence_describe(struct dma_fence *fence, FILE *seq);

static inline void dma_fence_put(struct dma_fence *fence)
{
	if (fence)
		kref_put(&fence->refcount, dma_fence_release);
}

static inline struct dma_fence *dma_fence_get(struct dma_fence *fence)
{
	if (fence)
		kref_get(&fence->refcount);
	return fence;
}

/* Under rcu_read_lock(): a reference, or NULL if the fence is dying. */
static inline struct dma_fence *dma_fence_get_rcu(struct dma_fence *fence)
{
	if (kref_get_unless_zero(&fence->refcount))
		return fence;
	return NULL;
}

/* Under rcu_read_lock(): a stable reference to what *fencep points at. */
static inline struct dma_fence *
dma_fence_get_rcu_safe(struct dma_fence **fencep)
{
	for (;;) {
		struct dma_fence *fence = rcu_dereference(*fencep);

		if (!fence)
			return NULL;
		if (!dma_fence_get_rcu(fence))
			continue;
		if (fence == rcu_access_pointer(*fencep))
			return fence;
		dma_fence_put(fence);
	}
}

int dma_fence_signal(struct dma_fence *fence);
int dma_fence_signal_locked(struct dma_fence *fence);
int dma_fence_signal_timestamp(struct dma_fence *fence, ktime_t timestamp);
int dma_fence_signal_timestamp_locked(struct dma_fence *fence,
				      ktime_t timestamp);
signed long dma_fence_default_wait(struct dma_fence *fence, bool intr,
				   signed long timeout);
int dma_fence_add_callback(struct dma_fence *fence, struct dma_fence_cb *cb,
			   dma_fence_func_t func);
bool dma_fence_remove_callback(struct dma_fence *fence,
			       struct dma_fence_cb *cb);
void dma_fence_enable_sw_signaling(struct dma_fence *fence);
void dma_fence_set_deadline(struct dma_fence *fence, ktime_t deadline);

const char *dma_fence_driver_name(struct dma_fence *fence);
const char *dma_fence_timeline_name(struct dma_fence *fence);

static inline bool dma_fence_test_signaled_flag(struct dma_fence *fence)
{
	return test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags);
}

/* With the fence lock held. */
static inline bool dma_fence_is_signaled_locked(struct dma_fence *fence)
{
	if (dma_fence_test_signaled_flag(fence))
		return true;
	if (fence->ops->signaled && fence->ops->signaled(fence)) {
		dma_fence_signal_locked(fence);
		return true;
	}
	return false;
}

/* True once signaled; may signal it if ops->signaled says it is done. */
static inline bool dma_fence_is_signaled(struct dma_fence *fence)
{
	if (dma_fence_test_signaled_flag(fence))
		return true;
	if (fence->ops->signaled && fence->ops->signaled(fence)) {
		dma_fence_signal(fence);
		return true;
	}
	return false;
}

/* Seqno order within one context (32-bit wrap unless SEQNO64). */
static inline bool __dma_fence_is_later(struct dma_fence *fence, u64 f1,
					u64 f2)
{
	if (test_bit(DMA_FENCE_FLAG_SEQNO64_BIT, &fence->flags))
		return f1 > f2;
	return (int)(lower_32_bits(f1) - lower_32_bits(f2)) > 0;
}

static inline bool dma_fence_is_later(struct dma_fence *f1,
				      struct dma_fence *f2)
{
	if (WARN_ON(f1->context != f2->context))
		return false;
	return __dma_fence_is_later(f1, f1->seqno, f2->seqno);
}

static inline bool dma_fence_is_later_or_same(struct dma_fence *f1,
					      struct dma_fence *f2)
{
	return f1 == f2 || dma_fence_is_later(f1, f2);
}

/* The later of two fences of one context, or NULL if both signaled. */
static inline struct dma_fence *dma_fence_later(struct dma_fence *f1,
						struct dma_fence *f2)
{
	if (WARN_ON(f1->context != f2->context))
		return NULL;
	if (dma_fence_is_later(f1, f2))
		return dma_fence_is_signaled(f1) ? NULL : f1;
	return dma_fence_is_signaled(f2) ? NULL : f2;
}

/* With the fence lock held: 0 pending, 1 signaled, <0 signaled in error. */
static inline int dma_fence_get_status_locked(struct dma_fence *fence)
{
	if (dma_fence_is_signaled_locked(fence))
		return fence->error ? fence->error : 1;
	return 0;
}

int dma_fence_get_status(struct dma_fence *fence);

/* Record an error; only before the fence is signaled. */
static inline void dma_fence_set_error(struct dma_fence *fence, int error)
{
	WARN_ON(test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags));
	WARN_ON(error >= 0 || error < -MAX_ERRNO);
	fence->error = error;
}

/* The signal time; only valid (and WARNs otherwise) once signaled. */
ktime_t dma_fence_timestamp(struct dma_fence *fence);

signed long dma_fence_wait_timeout(struct dma_fence *fence, bool intr,
				   signed long timeout);
signed long dma_fence_wait_any_timeout(struct dma_fence **fences,
				       u32 count, bool intr,
				       signed long timeout, u32 *idx);

/* 0 when signaled, -ERESTARTSYS if interrupted. */
static inline signed long dma_fence_wait(struct dma_fence *fence, bool intr)
{
	signed long ret = dma_fence_wait_timeout(fence, intr,
						 MAX_SCHEDULE_TIMEOUT);

	return ret < 0 ? ret : 0;
}

/* A process-wide, always signaled fence. */
struct dma_fence *dma_fence_get_stub(void);
/* A new signaled fence with @timestamp (NULL on allocation failure). */
struct dma_fence *dma_fence_allocate_private_stub(ktime_t timestamp);
/* @num new contexts from a process-wide counter. */
u64 dma_fence_context_alloc(unsigned int num);

extern const struct dma_fence_ops dma_fence_array_ops;
extern const struct dma_fence_ops dma_fence_chain_ops;

static inline bool dma_fence_is_array(struct dma_fence *fence)
{
	return fence->ops == &dma_fence_array_ops;
}

static inline bool dma_fence_is_chain(struct dma_fence *fence)
{
	return fence->ops == &dma_fence_chain_ops;
}

static inline bool dma_fence_is_container(struct dma_fence *fence)
{
	return dma_fence_is_array(fence) || dma_fence_is_chain(fence);
}

/*
 * irq_work analogue: work that must not run in the signalling callback
 * (it would take other fence locks under the signaller's lock) runs on a
 * process-wide thread instead. Linux has this in <linux/irq_work.h>.
 */
struct irq_work {
	struct list_head node;
	void (*func)(struct irq_work *work);
	unsigned long flags;		/* IRQ_WORK_PENDING, IRQ_WORK_BUSY */
};

void init_irq_work(struct irq_work *work, void (*func)(struct irq_work *));
/* false if the work was already pending. */
bool irq_work_queue(struct irq_work *work);
/* Wait until @work is neither pending nor running. */
void irq_work_sync(struct irq_work *work);
/* Wait until every work queued so far has run. */
void irq_work_flush_all(void);

#endif
