// SPDX-License-Identifier: GPL-2.0
/*
 * dma_fence core: init, signalling, callbacks, waits, stubs, irq_work.
 * Follows Linux 7.x: void signalling plus dma_fence_check_and_signal(),
 * optional inline lock, @ops detached (RCU) once signaled.
 */
#include <pthread.h>
#include <dmabridge/explore.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/fence-signalling.h>
#include <dmabridge/wait.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>

/* Context 0 belongs to the stub fence, as in Linux. */
static atomic64_t dma_fence_context_counter = ATOMIC_INIT(1);

u64 dma_fence_context_alloc(unsigned int num)
{
	WARN_ON(!num);
	return atomic64_fetch_add(num, &dma_fence_context_counter);
}

static void __dma_fence_init(struct dma_fence *fence,
			     const struct dma_fence_ops *ops,
			     spinlock_t *lock, u64 context, u64 seqno,
			     unsigned long flags)
{
	BUG_ON(!ops || !ops->get_driver_name || !ops->get_timeline_name);

	kref_init(&fence->refcount);
	RCU_INIT_POINTER(fence->ops, ops);
	INIT_LIST_HEAD(&fence->cb_list);
	fence->context = context;
	fence->seqno = seqno;
	fence->timestamp = 0;
	fence->error = 0;
	fence->flags = flags | BIT(DMA_FENCE_FLAG_INITIALIZED_BIT);
	if (lock) {
		fence->extern_lock = lock;
	} else {
		/* One lock class for every inline lock, as in Linux. */
		spin_lock_init(&fence->inline_lock);
		fence->extern_lock = &fence->inline_lock;
		fence->flags |= BIT(DMA_FENCE_FLAG_INLINE_LOCK_BIT);
	}
}

void dma_fence_init(struct dma_fence *fence, const struct dma_fence_ops *ops,
		    spinlock_t *lock, u64 context, u64 seqno)
{
	__dma_fence_init(fence, ops, lock, context, seqno, 0);
}

void dma_fence_init64(struct dma_fence *fence, const struct dma_fence_ops *ops,
		      spinlock_t *lock, u64 context, u64 seqno)
{
	__dma_fence_init(fence, ops, lock, context, seqno,
			 BIT(DMA_FENCE_FLAG_SEQNO64_BIT));
}

/*
 * The signaled bit is set before @ops is cleared, so a non-NULL @ops read
 * here was valid at some point inside our RCU section, and the owner
 * waits a grace period before freeing what the callback uses.
 */
const char *dma_fence_driver_name(struct dma_fence *fence)
{
	const struct dma_fence_ops *ops = rcu_dereference(fence->ops);

	return ops ? ops->get_driver_name(fence) : "detached-driver";
}

const char *dma_fence_timeline_name(struct dma_fence *fence)
{
	const struct dma_fence_ops *ops = rcu_dereference(fence->ops);

	return ops ? ops->get_timeline_name(fence) : "signaled-timeline";
}

void dma_fence_signal_timestamp_locked(struct dma_fence *fence,
				       ktime_t timestamp)
{
	const struct dma_fence_ops *ops;
	struct dma_fence_cb *cur, *tmp;
	struct list_head cb_list;

	dma_fence_assert_held(fence);

	if (unlikely(test_and_set_bit(DMA_FENCE_FLAG_SIGNALED_BIT,
				      &fence->flags)))
		return;

	/*
	 * Nothing of the issuer is needed after this point unless it frees
	 * the fence itself or waits its own way: detach it, so the fence
	 * can outlive the issuer (Linux 7.x).
	 */
	ops = rcu_dereference_protected(fence->ops, true);
	if (!ops->release && !ops->wait)
		RCU_INIT_POINTER(fence->ops, NULL);

	/* Detach the callbacks first: each may free its own cb. */
	INIT_LIST_HEAD(&cb_list);
	list_splice_init(&fence->cb_list, &cb_list);

	fence->timestamp = timestamp;
	set_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &fence->flags);

	list_for_each_entry_safe(cur, tmp, &cb_list, node) {
		INIT_LIST_HEAD(&cur->node);
		cur->func(fence, cur);
	}
}

void dma_fence_signal_timestamp(struct dma_fence *fence, ktime_t timestamp)
{
	unsigned long flags;
	bool cookie;

	if (WARN_ON(!fence))
		return;

	cookie = dma_fence_begin_signalling();
	dma_fence_lock_irqsave(fence, flags);
	dma_fence_signal_timestamp_locked(fence, timestamp);
	dma_fence_unlock_irqrestore(fence, flags);
	dma_fence_end_signalling(cookie);
}

void dma_fence_signal_locked(struct dma_fence *fence)
{
	dma_fence_signal_timestamp_locked(fence, ktime_get());
}

void dma_fence_signal(struct dma_fence *fence)
{
	unsigned long flags;
	bool cookie;

	if (!fence)
		return;

	cookie = dma_fence_begin_signalling();
	dma_fence_lock_irqsave(fence, flags);
	dma_fence_signal_timestamp_locked(fence, ktime_get());
	dma_fence_unlock_irqrestore(fence, flags);
	dma_fence_end_signalling(cookie);
}

bool dma_fence_check_and_signal_locked(struct dma_fence *fence)
{
	bool was_signaled = dma_fence_test_signaled_flag(fence);

	dma_fence_signal_locked(fence);
	return was_signaled;
}

bool dma_fence_check_and_signal(struct dma_fence *fence)
{
	unsigned long flags;
	bool was_signaled;
	bool cookie;

	cookie = dma_fence_begin_signalling();
	dma_fence_lock_irqsave(fence, flags);
	was_signaled = dma_fence_check_and_signal_locked(fence);
	dma_fence_unlock_irqrestore(fence, flags);
	dma_fence_end_signalling(cookie);
	return was_signaled;
}

ktime_t dma_fence_timestamp(struct dma_fence *fence)
{
	if (WARN_ON(!test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags)))
		return ktime_get();
	/* The bit follows the signaled bit by a few instructions. */
	while (!test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &fence->flags))
		cond_resched();
	return fence->timestamp;
}

void dma_fence_free(struct dma_fence *fence)
{
	kfree_rcu(fence, rcu);
}

void dma_fence_release(struct kref *kref)
{
	struct dma_fence *fence = container_of(kref, struct dma_fence,
					       refcount);
	const struct dma_fence_ops *ops;

	rcu_read_lock();

	/*
	 * The last reference is gone but callbacks still wait: nobody can
	 * signal it any more, so do it now with an error rather than leave
	 * the waiters hanging.
	 */
	if (WARN(!list_empty(&fence->cb_list) &&
		 !test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags),
		 "Fence %s:%s:%llx:%llx released with pending signals!",
		 dma_fence_driver_name(fence), dma_fence_timeline_name(fence),
		 (unsigned long long)fence->context,
		 (unsigned long long)fence->seqno)) {
		unsigned long flags;

		dma_fence_lock_irqsave(fence, flags);
		fence->error = -EDEADLK;
		dma_fence_signal_locked(fence);
		dma_fence_unlock_irqrestore(fence, flags);
	}

	/*
	 * A detached fence is plain memory: free it ourselves. An ops with
	 * ->release is never detached, and here (no modules to unload) it
	 * stays valid, so the callback runs outside the RCU section and may
	 * wait for a grace period.
	 */
	ops = rcu_dereference(fence->ops);
	rcu_read_unlock();
	if (ops && ops->release)
		ops->release(fence);
	else
		dma_fence_free(fence);
}

/* With the lock held: false if the fence is (now) signaled. */
static bool __dma_fence_enable_signaling(struct dma_fence *fence)
{
	const struct dma_fence_ops *ops;
	bool was_set;

	dma_fence_assert_held(fence);

	was_set = test_and_set_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT,
				   &fence->flags);
	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		return false;
	/* Not signaled and we hold the lock: @ops is still attached. */
	ops = rcu_dereference_protected(fence->ops, true);
	if (!was_set && ops->enable_signaling) {
		if (!ops->enable_signaling(fence)) {
			dma_fence_signal_locked(fence);
			return false;
		}
	}
	return true;
}

void dma_fence_enable_signaling(struct dma_fence *fence)
{
	unsigned long flags;

	dma_fence_lock_irqsave(fence, flags);
	__dma_fence_enable_signaling(fence);
	dma_fence_unlock_irqrestore(fence, flags);
}

int dma_fence_add_callback(struct dma_fence *fence, struct dma_fence_cb *cb,
			   dma_fence_func_t func)
{
	int ret = 0;

	if (WARN_ON(!fence || !func))
		return -EINVAL;

	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags)) {
		INIT_LIST_HEAD(&cb->node);
		return -ENOENT;
	}

	spin_lock(dma_fence_spinlock(fence));
	if (__dma_fence_enable_signaling(fence)) {
		cb->func = func;
		list_add_tail(&cb->node, &fence->cb_list);
	} else {
		INIT_LIST_HEAD(&cb->node);
		ret = -ENOENT;
	}
	spin_unlock(dma_fence_spinlock(fence));
	return ret;
}

bool dma_fence_remove_callback(struct dma_fence *fence,
			       struct dma_fence_cb *cb)
{
	bool ret;

	spin_lock(dma_fence_spinlock(fence));
	ret = !list_empty(&cb->node);
	if (ret)
		list_del_init(&cb->node);
	spin_unlock(dma_fence_spinlock(fence));
	return ret;
}

int dma_fence_get_status(struct dma_fence *fence)
{
	int status;

	spin_lock(dma_fence_spinlock(fence));
	status = dma_fence_get_status_locked(fence);
	spin_unlock(dma_fence_spinlock(fence));
	return status;
}

/* A waiter's callback: wakes the sleeping thread through its parker. */
struct default_wait_cb {
	struct dma_fence_cb base;
	struct wait_queue_entry we;
};

static void dma_fence_default_wait_cb(struct dma_fence *fence,
				      struct dma_fence_cb *cb)
{
	struct default_wait_cb *wait = container_of(cb, struct default_wait_cb,
						    base);

	wait->we.func(&wait->we, TASK_UNINTERRUPTIBLE, 0, NULL);
}

static void default_wait_cb_init(struct default_wait_cb *cb)
{
	init_wait_entry(&cb->we, 0);
	cb->we.func = default_wake_function;
	cb->base.func = dma_fence_default_wait_cb;
}

signed long dma_fence_default_wait(struct dma_fence *fence, bool intr,
				   signed long timeout)
{
	struct default_wait_cb cb;
	signed long ret = timeout ? timeout : 1;

	spin_lock(dma_fence_spinlock(fence));
	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		goto out;
	if (intr && signal_pending(current)) {
		ret = -ERESTARTSYS;
		goto out;
	}
	if (!timeout) {
		ret = 0;
		goto out;
	}

	default_wait_cb_init(&cb);
	list_add(&cb.base.node, &fence->cb_list);

	while (!test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags) &&
	       ret > 0) {
		/* Set under the lock, so a signal after this wakes us. */
		set_current_state(intr ? TASK_INTERRUPTIBLE :
					 TASK_UNINTERRUPTIBLE);
		spin_unlock(dma_fence_spinlock(fence));
		ret = schedule_timeout(ret);
		spin_lock(dma_fence_spinlock(fence));
		if (ret > 0 && intr && signal_pending(current) &&
		    !test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
			ret = -ERESTARTSYS;
	}
	if (!list_empty(&cb.base.node))
		list_del(&cb.base.node);
	__set_current_state(TASK_RUNNING);
	/* Signaled right as the time ran out still counts as signaled. */
	if (!ret && test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		ret = 1;
out:
	spin_unlock(dma_fence_spinlock(fence));
	return ret;
}

signed long dma_fence_wait_timeout(struct dma_fence *fence, bool intr,
				   signed long timeout)
{
	const struct dma_fence_ops *ops;
	signed long ret;

	if (WARN_ON(timeout < 0))
		return -EINVAL;

	__dma_fence_might_wait();
	dma_fence_enable_signaling(fence);

	/* An ops with ->wait is never detached, so it outlives the RCU read. */
	rcu_read_lock();
	ops = rcu_dereference(fence->ops);
	rcu_read_unlock();
	if (ops && ops->wait)
		ret = ops->wait(fence, intr, timeout);
	else
		ret = dma_fence_default_wait(fence, intr, timeout);
	return ret;
}

static bool dma_fence_test_signaled_any(struct dma_fence **fences, u32 count,
					u32 *idx)
{
	u32 i;

	for (i = 0; i < count; ++i) {
		if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fences[i]->flags)) {
			if (idx)
				*idx = i;
			return true;
		}
	}
	return false;
}

signed long dma_fence_wait_any_timeout(struct dma_fence **fences, u32 count,
				       bool intr, signed long timeout,
				       u32 *idx)
{
	struct default_wait_cb *cb;
	signed long ret = timeout;
	u32 i;

	if (WARN_ON(!fences || !count || timeout < 0))
		return -EINVAL;

	if (timeout == 0) {
		for (i = 0; i < count; ++i) {
			if (dma_fence_is_signaled(fences[i])) {
				if (idx)
					*idx = i;
				return 1;
			}
		}
		return 0;
	}

	__dma_fence_might_wait();
	cb = kcalloc(count, sizeof(*cb), GFP_KERNEL);
	if (!cb)
		return -ENOMEM;

	for (i = 0; i < count; ++i) {
		default_wait_cb_init(&cb[i]);
		if (dma_fence_add_callback(fences[i], &cb[i].base,
					   dma_fence_default_wait_cb)) {
			/* Already signaled. */
			if (idx)
				*idx = i;
			goto fence_rm_cb;
		}
	}

	while (ret > 0) {
		set_current_state(intr ? TASK_INTERRUPTIBLE :
					 TASK_UNINTERRUPTIBLE);
		if (dma_fence_test_signaled_any(fences, count, idx))
			break;
		ret = schedule_timeout(ret);
		if (ret > 0 && intr && signal_pending(current))
			ret = -ERESTARTSYS;
	}
	__set_current_state(TASK_RUNNING);
	if (!ret && dma_fence_test_signaled_any(fences, count, idx))
		ret = 1;

fence_rm_cb:
	while (i-- > 0)
		dma_fence_remove_callback(fences[i], &cb[i].base);
	kfree(cb);
	return ret;
}

void dma_fence_set_deadline(struct dma_fence *fence, ktime_t deadline)
{
	const struct dma_fence_ops *ops;

	/* Called without the fence lock: sw_sync's hook takes it. */
	rcu_read_lock();
	ops = rcu_dereference(fence->ops);
	if (ops && ops->set_deadline && !dma_fence_is_signaled(fence))
		ops->set_deadline(fence, deadline);
	rcu_read_unlock();
}

void dma_fence_describe(struct dma_fence *fence, FILE *seq)
{
	rcu_read_lock();
	fprintf(seq, "%s %s seq %llu %ssignalled\n",
		dma_fence_driver_name(fence), dma_fence_timeline_name(fence),
		(unsigned long long)fence->seqno,
		dma_fence_is_signaled(fence) ? "" : "un");
	rcu_read_unlock();
}

/* Stub fences. */
static const char *dma_fence_stub_get_name(struct dma_fence *fence)
{
	return "stub";
}

static const struct dma_fence_ops dma_fence_stub_ops = {
	.get_driver_name = dma_fence_stub_get_name,
	.get_timeline_name = dma_fence_stub_get_name,
};

static DEFINE_SPINLOCK(dma_fence_stub_lock);
static struct dma_fence dma_fence_stub;
static pthread_once_t dma_fence_stub_once = PTHREAD_ONCE_INIT;

static void dma_fence_stub_init(void)
{
	dma_fence_init(&dma_fence_stub, &dma_fence_stub_ops,
		       &dma_fence_stub_lock, 0, 0);
	set_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT, &dma_fence_stub.flags);
	dma_fence_signal(&dma_fence_stub);
}

struct dma_fence *dma_fence_get_stub(void)
{
	pthread_once(&dma_fence_stub_once, dma_fence_stub_init);
	return dma_fence_get(&dma_fence_stub);
}

/* A private stub uses its inline lock, so it is one allocation. */
struct dma_fence *dma_fence_allocate_private_stub(ktime_t timestamp)
{
	struct dma_fence *fence;

	fence = kzalloc(sizeof(*fence), GFP_KERNEL);
	if (!fence)
		return NULL;
	dma_fence_init(fence, &dma_fence_stub_ops, NULL,
		       dma_fence_context_alloc(1), 0);
	set_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT, &fence->flags);
	dma_fence_signal_timestamp(fence, timestamp);
	return fence;
}

/*
 * irq_work: one process-wide thread runs queued work in order, like the
 * RCU callback thread. Process-wide is fine: it carries no platform state.
 * Under schedule exploration, work queued by a thread of the run goes to
 * the run's own "irq_work" service thread (IRQ_WORK_EXPLORED), so it runs
 * as steps of the schedule.
 */
#define IRQ_WORK_PENDING 0
#define IRQ_WORK_BUSY 1
#define IRQ_WORK_EXPLORED 2

static pthread_mutex_t irq_work_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t irq_work_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t irq_work_done_cond = PTHREAD_COND_INITIALIZER;
static LIST_HEAD(irq_work_list);
static struct irq_work *irq_work_running;	/* compared, never followed */
static unsigned long irq_work_queued, irq_work_done;
static bool irq_work_thread_started;

void init_irq_work(struct irq_work *work, void (*func)(struct irq_work *))
{
	INIT_LIST_HEAD(&work->node);
	work->func = func;
	work->flags = 0;
}

static void *irq_work_thread(void *arg)
{
	struct irq_work *work;

	pthread_detach(pthread_self());
	pthread_mutex_lock(&irq_work_lock);
	for (;;) {
		while (list_empty(&irq_work_list))
			pthread_cond_wait(&irq_work_cond, &irq_work_lock);
		work = list_first_entry(&irq_work_list, struct irq_work, node);
		list_del_init(&work->node);
		/* Not pending any more: it may queue itself again. */
		work->flags = BIT(IRQ_WORK_BUSY);
		irq_work_running = work;
		pthread_mutex_unlock(&irq_work_lock);

		work->func(work);

		pthread_mutex_lock(&irq_work_lock);
		/* The work may be freed by now: do not touch it. */
		irq_work_running = NULL;
		irq_work_done++;
		pthread_cond_broadcast(&irq_work_done_cond);
	}
	return NULL;
}

/*
 * The run's queue: under irq_work_lock (never held across a switch point),
 * filled and drained by threads of the run only.
 */
static LIST_HEAD(ex_iw_list);
static struct irq_work *ex_iw_running;	/* compared, never followed */
static unsigned long ex_iw_queued, ex_iw_done, ex_iw_run;
static bool ex_iw_alive;	/* the run's irq_work thread has not ended */

static bool ex_iw_ready(void *arg)
{
	return !list_empty(&ex_iw_list);
}

static void *irq_work_ex_thread(void *arg)
{
	struct irq_work *work;

	for (;;) {
		pthread_mutex_lock(&irq_work_lock);
		if (list_empty(&ex_iw_list)) {
			bool end = explore_stopping();

			/* Ending: a later irq_work_queue() starts another. */
			if (end)
				ex_iw_alive = false;
			pthread_mutex_unlock(&irq_work_lock);
			if (end)
				return NULL;
			explore_service_idle(&ex_iw_list, ex_iw_ready, NULL);
			continue;
		}
		work = list_first_entry(&ex_iw_list, struct irq_work, node);
		list_del_init(&work->node);
		work->flags = BIT(IRQ_WORK_BUSY) | BIT(IRQ_WORK_EXPLORED);
		ex_iw_running = work;
		pthread_mutex_unlock(&irq_work_lock);

		work->func(work);

		pthread_mutex_lock(&irq_work_lock);
		ex_iw_running = NULL;
		ex_iw_done++;
		pthread_mutex_unlock(&irq_work_lock);
		explore_wake(&ex_iw_done);
	}
}

/* A thread of the run queues @work: to the run's irq_work thread. */
static bool irq_work_queue_explored(struct irq_work *work)
{
	bool start = false;

	pthread_mutex_lock(&irq_work_lock);
	if (work->flags & BIT(IRQ_WORK_PENDING)) {
		pthread_mutex_unlock(&irq_work_lock);
		return false;
	}
	if (ex_iw_run != explore_run_id()) {
		/* Left by an abandoned run: leaked with its state. */
		ex_iw_run = explore_run_id();
		INIT_LIST_HEAD(&ex_iw_list);
		ex_iw_running = NULL;
		ex_iw_queued = ex_iw_done = 0;
		ex_iw_alive = false;
	}
	if (!ex_iw_alive) {
		ex_iw_alive = true;
		start = true;
	}
	work->flags = BIT(IRQ_WORK_PENDING) | BIT(IRQ_WORK_EXPLORED);
	list_add_tail(&work->node, &ex_iw_list);
	ex_iw_queued++;
	pthread_mutex_unlock(&irq_work_lock);
	if (start)
		BUG_ON(!explore_service_create("irq_work", irq_work_ex_thread,
					       NULL));
	explore_wake(&ex_iw_list);
	return true;
}

/* Under irq_work_lock: is @work queued to, or running on, the run's thread? */
static bool irq_work_in_run(struct irq_work *work)
{
	return ex_iw_run == explore_run_id() &&
	       (((work->flags & BIT(IRQ_WORK_PENDING)) &&
		 (work->flags & BIT(IRQ_WORK_EXPLORED))) ||
		ex_iw_running == work);
}

static bool ex_iw_idle_of(void *arg)
{
	return !irq_work_in_run(arg);
}

struct ex_iw_target {
	unsigned long target;
};

static bool ex_iw_reached(void *arg)
{
	struct ex_iw_target *t = arg;

	return ex_iw_done >= t->target;
}

bool irq_work_queue(struct irq_work *work)
{
	pthread_t t;

	if (explore_active() && explore_current())
		return irq_work_queue_explored(work);
	pthread_mutex_lock(&irq_work_lock);
	if (work->flags & BIT(IRQ_WORK_PENDING)) {
		pthread_mutex_unlock(&irq_work_lock);
		return false;
	}
	if (!irq_work_thread_started) {
		BUG_ON(pthread_create(&t, NULL, irq_work_thread, NULL));
		irq_work_thread_started = true;
	}
	work->flags = BIT(IRQ_WORK_PENDING);
	list_add_tail(&work->node, &irq_work_list);
	irq_work_queued++;
	pthread_cond_signal(&irq_work_cond);
	pthread_mutex_unlock(&irq_work_lock);
	return true;
}

void irq_work_sync(struct irq_work *work)
{
	if (explore_active() && explore_current()) {
		/* The run's thread: wait as a step of the schedule. */
		for (;;) {
			bool in_run;

			pthread_mutex_lock(&irq_work_lock);
			in_run = irq_work_in_run(work);
			pthread_mutex_unlock(&irq_work_lock);
			if (!in_run)
				break;
			__explore_block(&ex_iw_done, false, ex_iw_idle_of, work);
		}
	}
	pthread_mutex_lock(&irq_work_lock);
	while ((work->flags & BIT(IRQ_WORK_PENDING)) ||
	       irq_work_running == work)
		pthread_cond_wait(&irq_work_done_cond, &irq_work_lock);
	pthread_mutex_unlock(&irq_work_lock);
}

void irq_work_flush_all(void)
{
	unsigned long target;

	if (explore_active() && explore_current()) {
		struct ex_iw_target t = { 0 };

		pthread_mutex_lock(&irq_work_lock);
		if (ex_iw_run == explore_run_id())
			t.target = ex_iw_queued;
		pthread_mutex_unlock(&irq_work_lock);
		while (!ex_iw_reached(&t))
			__explore_block(&ex_iw_done, false, ex_iw_reached, &t);
	}
	pthread_mutex_lock(&irq_work_lock);
	target = irq_work_queued;
	while (irq_work_done < target)
		pthread_cond_wait(&irq_work_done_cond, &irq_work_lock);
	pthread_mutex_unlock(&irq_work_lock);
}
