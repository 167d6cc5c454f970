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

/**
 * struct dma_fence - a one-shot completion event on a timeline
 * @extern_lock: the lock given to dma_fence_init(), if any
 * @lock: dmabridge: always valid (see below)
 * @inline_lock: the fence's own lock, valid with INLINE_LOCK_BIT
 * @ops: __rcu; NULL once detached
 * @cb_list: callbacks, under the lock, until signaled
 * @timestamp: valid once TIMESTAMP_BIT is set
 * @rcu: frees the fence after a grace period
 * @context: its timeline
 * @seqno: its position on the timeline
 * @flags: enum dma_fence_flag_bits
 * @refcount: references
 * @error: 0, or the error it signaled with
 *
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

/**
 * enum dma_fence_flag_bits - bits of &dma_fence.flags
 * @DMA_FENCE_FLAG_INITIALIZED_BIT: dma_fence_init() ran
 * @DMA_FENCE_FLAG_INLINE_LOCK_BIT: the fence uses its own inline lock
 * @DMA_FENCE_FLAG_SEQNO64_BIT: seqnos compare as 64-bit values
 * @DMA_FENCE_FLAG_SIGNALED_BIT: signaled
 * @DMA_FENCE_FLAG_TIMESTAMP_BIT: the timestamp is set
 * @DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT: enable_signaling was called
 * @DMA_FENCE_FLAG_USER_BITS: first bit free for the fence's owner
 */
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

/**
 * struct dma_fence_cb - a callback on a fence
 * @node: on the fence's cb_list
 * @func: called once, with the fence's lock held, on whichever thread
 * 	signals the fence; it must not take that lock or wait on fences
 */
struct dma_fence_cb {
	struct list_head node;
	dma_fence_func_t func;
};

/**
 * struct dma_fence_ops - what a fence's owner does for the core
 */
struct dma_fence_ops {
	/**
	 * @get_driver_name: required: the driver's name, for debugging and
	 * SYNC_IOC_FILE_INFO.
	 */
	const char *(*get_driver_name)(struct dma_fence *fence);
	/**
	 * @get_timeline_name: required: the timeline's name.
	 */
	const char *(*get_timeline_name)(struct dma_fence *fence);
	/**
	 * @enable_signaling: optional: called once with the fence lock held
	 * when someone first needs to know about completion; false means
	 * "already done" and the core signals the fence.
	 */
	bool (*enable_signaling)(struct dma_fence *fence);
	/**
	 * @signaled: optional peek at the hardware; true makes the core
	 * signal the fence.
	 */
	bool (*signaled)(struct dma_fence *fence);
	/**
	 * @wait: optional custom wait, same contract as
	 * dma_fence_wait_timeout(). Having it (or @release) keeps the ops
	 * attached after signalling.
	 */
	signed long (*wait)(struct dma_fence *fence, bool intr,
			    signed long timeout);
	/**
	 * @release: optional; must free through RCU (dma_fence_free()
	 * does). Having it keeps the ops attached after signalling.
	 */
	void (*release)(struct dma_fence *fence);
	/**
	 * @set_deadline: optional deadline hint; called without the fence
	 * lock.
	 */
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
/**
 * dma_fence_init64() - dma_fence_init() with 64-bit seqno comparisons
 * @fence: the fence
 * @ops: its operations
 * @lock: the spinlock protecting it, or NULL for the inline lock
 * @context: timeline
 * @seqno: position on it
 *
 * Context: any context.
 */
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

/**
 * dma_fence_lock_irqsave - take the fence lock
 * @fence: the fence
 * @flags: unused saved state (no interrupts are modelled)
 *
 * Linux 7.0's name.
 */
#define dma_fence_lock_irqsave(fence, flags)                               \
	spin_lock_irqsave(dma_fence_spinlock(fence), flags)
/**
 * dma_fence_unlock_irqrestore - drop the fence lock
 * @fence: the fence
 * @flags: from dma_fence_lock_irqsave()
 */
#define dma_fence_unlock_irqrestore(fence, flags)                          \
	spin_unlock_irqrestore(dma_fence_spinlock(fence), flags)
/**
 * dma_fence_assert_held - lockdep: the fence lock must be held
 * @fence: the fence
 */
#define dma_fence_assert_held(fence)                                       \
	lockdep_assert_held(dma_fence_spinlock(fence))

/**
 * dma_fence_release() - the kref release of a fence
 * @kref: &fence->refcount
 *
 * Calls ops->release, or dma_fence_free().
 *
 * Context: any context.
 */
void dma_fence_release(struct kref *kref);
/**
 * dma_fence_free() - free a fence after an RCU grace period
 * @fence: the fence
 *
 * Context: any context.
 */
void dma_fence_free(struct dma_fence *fence);
/**
 * dma_fence_describe() - one line about a fence, as debugfs prints it
 * @fence: the fence
 * @seq: where to print
 *
 * Context: any context.
 */
void dma_fence_describe(struct dma_fence *fence, FILE *seq);

/**
 * dma_fence_put() - drop a reference
 * @fence: the fence, or NULL
 *
 * Context: any context.
 */
static inline void dma_fence_put(struct dma_fence *fence)
{
	if (fence)
		kref_put(&fence->refcount, dma_fence_release);
}

/**
 * dma_fence_get() - take a reference
 * @fence: the fence, or NULL
 *
 * Context: any context.
 * Return: @fence.
 */
static inline struct dma_fence *dma_fence_get(struct dma_fence *fence)
{
	if (fence)
		kref_get(&fence->refcount);
	return fence;
}

/**
 * dma_fence_get_rcu() - a reference on a fence that may be dying
 * @fence: the fence, found under rcu_read_lock()
 *
 * Context: under rcu_read_lock().
 * Return: @fence with a reference, or NULL if its last one is gone.
 */
static inline struct dma_fence *dma_fence_get_rcu(struct dma_fence *fence)
{
	if (kref_get_unless_zero(&fence->refcount))
		return fence;
	return NULL;
}

/**
 * dma_fence_get_rcu_safe() - a stable reference to what a pointer points at
 * @fencep: an RCU-published fence pointer
 *
 * Retries until the fence it got is still the one *@fencep points at.
 *
 * Context: under rcu_read_lock().
 * Return: the fence with a reference, or NULL.
 */
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

/**
 * dma_fence_signal() - signal a fence
 * @fence: the fence
 *
 * Sets the timestamp, runs the callbacks, wakes waiters. Signalling twice
 * is harmless (Linux 7.0: no return value; a caller that must know uses
 * dma_fence_check_and_signal()).
 *
 * Context: any context; takes the fence lock.
 */
void dma_fence_signal(struct dma_fence *fence);
/**
 * dma_fence_signal_locked() - dma_fence_signal() with the lock held
 * @fence: the fence
 *
 * Context: fence lock held.
 */
void dma_fence_signal_locked(struct dma_fence *fence);
/**
 * dma_fence_signal_timestamp() - signal with a given timestamp
 * @fence: the fence
 * @timestamp: when it completed
 *
 * Context: any context; takes the fence lock.
 */
void dma_fence_signal_timestamp(struct dma_fence *fence, ktime_t timestamp);
/**
 * dma_fence_signal_timestamp_locked() - the same with the lock held
 * @fence: the fence
 * @timestamp: when it completed
 *
 * Context: fence lock held.
 */
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
/**
 * dma_fence_check_and_signal_locked() - dma_fence_check_and_signal(), locked
 * @fence: the fence
 *
 * Context: fence lock held.
 * Return: true if @fence was already signaled, false if this call did it.
 */
bool dma_fence_check_and_signal_locked(struct dma_fence *fence);
/**
 * dma_fence_default_wait() - the core's wait, for ops without ->wait
 * @fence: the fence
 * @intr: a signal ends the wait
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * Context: process context; may sleep; takes the fence lock.
 * Return: as dma_fence_wait_timeout().
 */
signed long dma_fence_default_wait(struct dma_fence *fence, bool intr,
				   signed long timeout);
/**
 * dma_fence_add_callback() - call a function when the fence signals
 * @fence: the fence
 * @cb: the callback's storage (must stay valid until it runs or is
 * 	removed)
 * @func: the function
 *
 * Enables signaling.
 *
 * Context: any context; takes the fence lock.
 * Return: 0, -ENOENT if the fence has already signaled (@func will not
 * be called), -EINVAL (WARN) for a NULL fence or function.
 */
int dma_fence_add_callback(struct dma_fence *fence, struct dma_fence_cb *cb,
			   dma_fence_func_t func);
/**
 * dma_fence_remove_callback() - remove a callback that has not run
 * @fence: the fence
 * @cb: the callback
 *
 * Context: any context; takes the fence lock.
 * Return: true if removed, false if it already ran (or is running).
 */
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

/**
 * dma_fence_enable_sw_signaling() - the Linux 7.1 name
 * @fence: the fence
 *
 * Kept so code written for either name builds.
 *
 * Context: process context; takes the fence lock.
 */
static inline void dma_fence_enable_sw_signaling(struct dma_fence *fence)
{
	dma_fence_enable_signaling(fence);
}

/**
 * dma_fence_set_deadline() - hint when the fence should signal
 * @fence: the fence
 * @deadline: the time
 *
 * Calls ops->set_deadline if the fence has not signaled.
 *
 * Context: any context; not under the fence lock.
 */
void dma_fence_set_deadline(struct dma_fence *fence, ktime_t deadline);

/**
 * dma_fence_driver_name() - the driver's name of a fence
 * @fence: the fence
 *
 * For debugging and SYNC_IOC_FILE_INFO. Use the string before
 * rcu_read_unlock(): once the ops are detached the owner may free what
 * it pointed at.
 *
 * Context: under rcu_read_lock().
 * Return: the name; "detached-driver" for a detached fence.
 */
const char *dma_fence_driver_name(struct dma_fence *fence);
/**
 * dma_fence_timeline_name() - the timeline's name of a fence
 * @fence: the fence
 *
 * Context: under rcu_read_lock().
 * Return: the name; "signaled-timeline" for a detached fence.
 */
const char *dma_fence_timeline_name(struct dma_fence *fence);

/**
 * dma_fence_test_signaled_flag() - is the signaled bit set?
 * @fence: the fence
 *
 * Does not ask ops->signaled.
 *
 * Context: any context.
 * Return: true if signaled.
 */
static inline bool dma_fence_test_signaled_flag(struct dma_fence *fence)
{
	return test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags);
}

/**
 * dma_fence_is_signaled_locked() - dma_fence_is_signaled(), lock held
 * @fence: the fence
 *
 * Context: fence lock held.
 * Return: true if signaled (it may signal it now).
 */
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

/**
 * dma_fence_is_signaled() - has the fence signaled?
 * @fence: the fence
 *
 * Signals it if ops->signaled says it is done.
 *
 * Context: any context; may take the fence lock.
 * Return: true once signaled.
 */
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

/**
 * __dma_fence_is_later() - seqno order within one context
 * @fence: a fence of the context (for its SEQNO64 bit)
 * @f1: a seqno
 * @f2: another
 *
 * 32-bit wrapping comparison unless SEQNO64.
 *
 * Context: any context.
 * Return: true if @f1 is after @f2.
 */
static inline bool __dma_fence_is_later(struct dma_fence *fence, u64 f1,
					u64 f2)
{
	if (test_bit(DMA_FENCE_FLAG_SEQNO64_BIT, &fence->flags))
		return f1 > f2;
	return (int)(lower_32_bits(f1) - lower_32_bits(f2)) > 0;
}

/**
 * dma_fence_is_later() - is one fence later than another?
 * @f1: a fence
 * @f2: another of the same context
 *
 * Context: any context.
 * Return: true if @f1 is later; false (WARN) for different contexts.
 */
static inline bool dma_fence_is_later(struct dma_fence *f1,
				      struct dma_fence *f2)
{
	if (WARN_ON(f1->context != f2->context))
		return false;
	return __dma_fence_is_later(f1, f1->seqno, f2->seqno);
}

/**
 * dma_fence_is_later_or_same() - dma_fence_is_later() or the same fence
 * @f1: a fence
 * @f2: another of the same context
 *
 * Context: any context.
 * Return: true if @f1 is @f2 or later.
 */
static inline bool dma_fence_is_later_or_same(struct dma_fence *f1,
					      struct dma_fence *f2)
{
	return f1 == f2 || dma_fence_is_later(f1, f2);
}

/**
 * dma_fence_later() - the later of two fences of one context
 * @f1: a fence
 * @f2: another of the same context
 *
 * Context: any context.
 * Return: the later one, or NULL if it has signaled (or, with a WARN, the
 * contexts differ).
 */
static inline struct dma_fence *dma_fence_later(struct dma_fence *f1,
						struct dma_fence *f2)
{
	if (WARN_ON(f1->context != f2->context))
		return NULL;
	if (dma_fence_is_later(f1, f2))
		return dma_fence_is_signaled(f1) ? NULL : f1;
	return dma_fence_is_signaled(f2) ? NULL : f2;
}

/**
 * dma_fence_get_status_locked() - dma_fence_get_status(), lock held
 * @fence: the fence
 *
 * Context: fence lock held.
 * Return: 0 pending, 1 signaled, the negative error it signaled with.
 */
static inline int dma_fence_get_status_locked(struct dma_fence *fence)
{
	if (dma_fence_is_signaled_locked(fence))
		return fence->error ? fence->error : 1;
	return 0;
}

/**
 * dma_fence_get_status() - the state of a fence
 * @fence: the fence
 *
 * Context: any context; takes the fence lock.
 * Return: 0 pending, 1 signaled, the negative error it signaled with.
 */
int dma_fence_get_status(struct dma_fence *fence);

/**
 * dma_fence_set_error() - record an error before signalling
 * @fence: the fence
 * @error: a negative errno
 *
 * WARNs after signalling or for a value that is not an errno.
 *
 * Context: any context.
 */
static inline void dma_fence_set_error(struct dma_fence *fence, int error)
{
	WARN_ON(test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags));
	WARN_ON(error >= 0 || error < -MAX_ERRNO);
	fence->error = error;
}

/**
 * dma_fence_timestamp() - when the fence signaled
 * @fence: a signaled fence
 *
 * Context: any context.
 * Return: the signal time; WARNs and returns the current time if the
 * fence has not signaled.
 */
ktime_t dma_fence_timestamp(struct dma_fence *fence);

/**
 * dma_fence_wait_timeout() - wait for a fence to signal
 * @fence: the fence
 * @intr: a signal ends the wait
 * @timeout: jiffies, MAX_SCHEDULE_TIMEOUT, or 0 to only test
 *
 * Context: process context; may sleep; not in a fence signalling section
 * (lockdep checks).
 * Return: the jiffies left (1 for a zero @timeout with the fence
 * signaled), 0 on timeout, -ERESTARTSYS if a signal cut the wait,
 * -EINVAL (WARN) for a negative @timeout.
 */
signed long dma_fence_wait_timeout(struct dma_fence *fence, bool intr,
				   signed long timeout);
/**
 * dma_fence_wait_any_timeout() - wait for any of several fences
 * @fences: the fences
 * @count: entries in @fences
 * @intr: a signal ends the wait
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 * @idx: receives the index of the first signaled fence (may be NULL)
 *
 * Context: process context; may sleep.
 * Return: as dma_fence_wait_timeout(); -ENOMEM; -EINVAL (WARN) for no
 * fences or a negative @timeout.
 */
signed long dma_fence_wait_any_timeout(struct dma_fence **fences,
				       u32 count, bool intr,
				       signed long timeout, u32 *idx);

/**
 * dma_fence_wait() - wait without a timeout
 * @fence: the fence
 * @intr: a signal ends the wait
 *
 * Context: process context; may sleep.
 * Return: 0 when signaled, -ERESTARTSYS if interrupted.
 */
static inline signed long dma_fence_wait(struct dma_fence *fence, bool intr)
{
	signed long ret = dma_fence_wait_timeout(fence, intr,
						 MAX_SCHEDULE_TIMEOUT);

	return ret < 0 ? ret : 0;
}

/**
 * dma_fence_get_stub() - a process-wide, always signaled fence
 *
 * Context: any context.
 * Return: a reference on it.
 */
struct dma_fence *dma_fence_get_stub(void);
/**
 * dma_fence_allocate_private_stub() - a new signaled fence
 * @timestamp: its signal time
 *
 * Context: may sleep (allocates).
 * Return: the fence, or NULL on allocation failure.
 */
struct dma_fence *dma_fence_allocate_private_stub(ktime_t timestamp);
/**
 * dma_fence_context_alloc() - allocate fence contexts
 * @num: how many
 *
 * From a process-wide counter.
 *
 * Context: any context.
 * Return: the first of @num new contexts.
 */
u64 dma_fence_context_alloc(unsigned int num);

extern const struct dma_fence_ops dma_fence_array_ops;
extern const struct dma_fence_ops dma_fence_chain_ops;

/**
 * dma_fence_is_array() - is a fence a dma_fence_array?
 * @fence: the fence
 *
 * Containers have ->release, so their ops are never detached.
 *
 * Context: any context.
 * Return: true if it is.
 */
static inline bool dma_fence_is_array(struct dma_fence *fence)
{
	return rcu_access_pointer(fence->ops) == &dma_fence_array_ops;
}

/**
 * dma_fence_is_chain() - is a fence a dma_fence_chain?
 * @fence: the fence
 *
 * Context: any context.
 * Return: true if it is.
 */
static inline bool dma_fence_is_chain(struct dma_fence *fence)
{
	return rcu_access_pointer(fence->ops) == &dma_fence_chain_ops;
}

/**
 * dma_fence_is_container() - an array or a chain?
 * @fence: the fence
 *
 * Context: any context.
 * Return: true if it is either.
 */
static inline bool dma_fence_is_container(struct dma_fence *fence)
{
	return dma_fence_is_array(fence) || dma_fence_is_chain(fence);
}

/**
 * struct irq_work - work that must not run in a signalling callback
 * @node: on the pending list
 * @func: the work
 * @flags: IRQ_WORK_PENDING, IRQ_WORK_BUSY
 *
 * The irq_work analogue (<linux/irq_work.h> in Linux): work that would take
 * other fence locks under the signaller's lock runs on a process-wide
 * thread instead.
 */
struct irq_work {
	struct list_head node;
	void (*func)(struct irq_work *work);
	unsigned long flags;		/* IRQ_WORK_PENDING, IRQ_WORK_BUSY */
};

/**
 * init_irq_work() - initialise an irq_work
 * @work: the work
 * @func: its function
 *
 * Context: any context.
 */
void init_irq_work(struct irq_work *work, void (*func)(struct irq_work *));
/**
 * irq_work_queue() - queue an irq_work
 * @work: the work
 *
 * Context: any context (a fence callback included).
 * Return: true if queued, false if it was already pending.
 */
bool irq_work_queue(struct irq_work *work);
/**
 * irq_work_sync() - wait until the work is neither pending nor running
 * @work: the work
 *
 * Context: process context; may sleep; not from the work itself.
 */
void irq_work_sync(struct irq_work *work);
/**
 * irq_work_flush_all() - wait until every work queued so far has run
 *
 * Context: process context; may sleep.
 */
void irq_work_flush_all(void);

#endif
