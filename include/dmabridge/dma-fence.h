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
 * The fence lock protects @cb_list and the signalling transition. The
 * owner may pass one to dma_fence_init() (shared by every fence of a
 * timeline, say) or NULL for the fence's own @inline_lock (Linux 7.0).
 * Use dma_fence_spinlock() / dma_fence_lock_irqsave() rather than the
 * members. Fences are freed after an RCU grace period, so a reader inside
 * rcu_read_lock() may still try dma_fence_get_rcu() on a dying fence.
 *
 * @ops is RCU-protected and, for fences whose ops have neither ->release
 * nor ->wait, cleared once the fence signals (Linux 7.x): the fence then
 * no longer depends on whoever issued it. Read it with rcu_dereference()
 * under rcu_read_lock() and expect NULL.
 *
 * dmabridge keeps @lock, a pointer that is always valid (it points at
 * @inline_lock for a NULL-lock fence), for code written against older
 * kernels; mainline has only the extern_lock/inline_lock pair.
 */
struct dma_fence {
	union {
		spinlock_t *extern_lock;
		spinlock_t *lock;	/* dmabridge: always valid, see above */
	};
	spinlock_t inline_lock;		/* valid with INLINE_LOCK_BIT */
	const struct dma_fence_ops *ops;	/* __rcu; NULL once detached */
	struct list_head cb_list;	/* under the lock, until signaled */
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
	DMA_FENCE_FLAG_INLINE_LOCK_BIT,
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
	/*
	 * Optional custom wait, same contract as dma_fence_wait_timeout().
	 * Having it (or ->release) keeps @ops attached after signalling.
	 */
	signed long (*wait)(struct dma_fence *fence, bool intr,
			    signed long timeout);
	/*
	 * Optional; must free through RCU (dma_fence_free does). Having it
	 * keeps @ops attached after signalling.
	 */
	void (*release)(struct dma_fence *fence);
	/* Optional deadline hint; called without the fence lock. */
	void (*set_deadline)(struct dma_fence *fence, ktime_t deadline);
};

/**
 * dma_fence_init - initialise a fence
 * @fence: the fence
 * @ops: its operations; get_driver_name and get_timeline_name are required
 * @lock: the spinlock protecting it, or NULL for the fence's own inline lock
 * @context: timeline, from dma_fence_context_alloc()
 * @seqno: position on that timeline (32-bit wrapping comparisons)
 *
 * A non-NULL @lock must outlive every reference to the fence, not only
 * its signalling: the core locks signaled fences too.
 *
 * Context: Any context.
 * Return: nothing; the fence holds one reference.
 */
void dma_fence_init(struct dma_fence *fence, const struct dma_fence_ops *ops,
		    spinlock_t *lock, u64 context, u64 seqno);
/* As dma_fence_init, but seqnos compare as full 64-bit values. */
void dma_fence_init64(struct dma_fence *fence, const struct dma_fence_ops *ops,
		      spinlock_t *lock, u64 context, u64 seqno);

/**
 * dma_fence_spinlock - the lock protecting a fence
 * @fence: the fence
 *
 * Context: Any context.
 * Return: the inline lock for a fence initialised with a NULL lock, else
 * the lock given to dma_fence_init().
 */
static inline spinlock_t *dma_fence_spinlock(struct dma_fence *fence)
{
	return test_bit(DMA_FENCE_FLAG_INLINE_LOCK_BIT, &fence->flags) ?
		       &fence->inline_lock : fence->extern_lock;
}

/* Take and drop the fence lock (Linux 7.0 names; no interrupts here). */
#define dma_fence_lock_irqsave(fence, flags)                               \
	spin_lock_irqsave(dma_fence_spinlock(fence), flags)
#define dma_fence_unlock_irqrestore(fence, flags)                          \
	spin_unlock_irqrestore(dma_fence_spinlock(fence), flags)
#define dma_fence_assert_held(fence)                                       \
	lockdep_assert_held(dma_fence_spinlock(fence))

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

/*
 * Signalling (Linux 7.0: no return value). Signalling twice is harmless;
 * a caller that must know whether it was first uses
 * dma_fence_check_and_signal(). _locked variants need the fence lock.
 */
void dma_fence_signal(struct dma_fence *fence);
void dma_fence_signal_locked(struct dma_fence *fence);
void dma_fence_signal_timestamp(struct dma_fence *fence, ktime_t timestamp);
void dma_fence_signal_timestamp_locked(struct dma_fence *fence,
				       ktime_t timestamp);
/**
 * dma_fence_check_and_signal - signal a fence unless it already is
 * @fence: the fence
 *
 * Checking and signalling happen under the fence lock, so of several
 * racing callers exactly one sees false.
 *
 * Context: Process context; takes the fence lock.
 * Return: true if @fence was already signaled, false if this call did it.
 */
bool dma_fence_check_and_signal(struct dma_fence *fence);
/* As dma_fence_check_and_signal(), with the fence lock held. */
bool dma_fence_check_and_signal_locked(struct dma_fence *fence);
signed long dma_fence_default_wait(struct dma_fence *fence, bool intr,
				   signed long timeout);
int dma_fence_add_callback(struct dma_fence *fence, struct dma_fence_cb *cb,
			   dma_fence_func_t func);
bool dma_fence_remove_callback(struct dma_fence *fence,
			       struct dma_fence_cb *cb);
/**
 * dma_fence_enable_signaling - ask the fence's owner to signal it
 * @fence: the fence
 *
 * Calls ops->enable_signaling once, under the fence lock; a false return
 * signals the fence at once. The 2026 name of dma_fence_enable_sw_signaling().
 *
 * Context: Process context; takes the fence lock.
 * Return: nothing.
 */
void dma_fence_enable_signaling(struct dma_fence *fence);

/* The Linux 7.1 name, kept so code written for either builds. */
static inline void dma_fence_enable_sw_signaling(struct dma_fence *fence)
{
	dma_fence_enable_signaling(fence);
}

void dma_fence_set_deadline(struct dma_fence *fence, ktime_t deadline);

/*
 * Names for debugging and SYNC_IOC_FILE_INFO. Call under rcu_read_lock()
 * and use the string before rcu_read_unlock(): once @ops is detached the
 * owner may free what the name pointed at. A detached fence answers
 * "detached-driver" and "signaled-timeline".
 */
const char *dma_fence_driver_name(struct dma_fence *fence);
const char *dma_fence_timeline_name(struct dma_fence *fence);

static inline bool dma_fence_test_signaled_flag(struct dma_fence *fence)
{
	return test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags);
}

/* With the fence lock held. */
static inline bool dma_fence_is_signaled_locked(struct dma_fence *fence)
{
	const struct dma_fence_ops *ops;
	bool done;

	if (dma_fence_test_signaled_flag(fence))
		return true;
	/* NULL: signaled (and detached) since the test above. */
	rcu_read_lock();
	ops = rcu_dereference(fence->ops);
	done = !ops || (ops->signaled && ops->signaled(fence));
	rcu_read_unlock();
	if (done)
		dma_fence_signal_locked(fence);
	return done;
}

/* True once signaled; may signal it if ops->signaled says it is done. */
static inline bool dma_fence_is_signaled(struct dma_fence *fence)
{
	const struct dma_fence_ops *ops;
	bool done;

	if (dma_fence_test_signaled_flag(fence))
		return true;
	rcu_read_lock();
	ops = rcu_dereference(fence->ops);
	done = !ops || (ops->signaled && ops->signaled(fence));
	rcu_read_unlock();
	if (done)
		dma_fence_signal(fence);
	return done;
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

/* Containers have ->release, so their @ops is never detached. */
static inline bool dma_fence_is_array(struct dma_fence *fence)
{
	return rcu_access_pointer(fence->ops) == &dma_fence_array_ops;
}

static inline bool dma_fence_is_chain(struct dma_fence *fence)
{
	return rcu_access_pointer(fence->ops) == &dma_fence_chain_ops;
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
