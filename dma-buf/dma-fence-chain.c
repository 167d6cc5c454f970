// SPDX-License-Identifier: GPL-2.0
/* dma_fence_chain: timeline points, walking, seqno lookup, GC. */
#include <dmabridge/dma-fence-chain.h>

static bool dma_fence_chain_enable_signaling(struct dma_fence *fence);

static struct dma_fence *
dma_fence_chain_get_prev(struct dma_fence_chain *chain)
{
	struct dma_fence *prev;

	rcu_read_lock();
	prev = dma_fence_get_rcu_safe(&chain->prev);
	rcu_read_unlock();
	return prev;
}

struct dma_fence *dma_fence_chain_walk(struct dma_fence *fence)
{
	struct dma_fence_chain *chain, *prev_chain;
	struct dma_fence *prev, *replacement, *tmp;

	chain = to_dma_fence_chain(fence);
	if (!chain) {
		dma_fence_put(fence);
		return NULL;
	}

	while ((prev = dma_fence_chain_get_prev(chain))) {
		prev_chain = to_dma_fence_chain(prev);
		if (prev_chain) {
			if (!dma_fence_is_signaled(prev_chain->fence))
				break;
			replacement = dma_fence_chain_get_prev(prev_chain);
		} else {
			if (!dma_fence_is_signaled(prev))
				break;
			replacement = NULL;
		}

		/* Skip the signaled point; a racing walker may beat us. */
		tmp = prev;
		if (__atomic_compare_exchange_n(&chain->prev, &tmp,
						replacement, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			dma_fence_put(prev);
		else
			dma_fence_put(replacement);
		dma_fence_put(prev);
	}

	dma_fence_put(fence);
	return prev;
}

int dma_fence_chain_find_seqno(struct dma_fence **pfence, u64 seqno)
{
	struct dma_fence_chain *chain;

	if (!seqno)
		return 0;

	chain = to_dma_fence_chain(*pfence);
	if (!chain || chain->base.seqno < seqno)
		return -EINVAL;

	dma_fence_chain_for_each(*pfence, &chain->base) {
		if ((*pfence)->context != chain->base.context ||
		    to_dma_fence_chain(*pfence)->prev_seqno < seqno)
			break;
	}
	dma_fence_put(&chain->base);
	return 0;
}

static const char *dma_fence_chain_get_driver_name(struct dma_fence *fence)
{
	return "dma_fence_chain";
}

static const char *dma_fence_chain_get_timeline_name(struct dma_fence *fence)
{
	return "unbound";
}

/* Runs on the irq_work thread: re-arm on the next point or signal. */
static void dma_fence_chain_irq_work(struct irq_work *work)
{
	struct dma_fence_chain *chain;

	chain = container_of(work, struct dma_fence_chain, work);

	if (!dma_fence_chain_enable_signaling(&chain->base))
		dma_fence_signal(&chain->base);
	dma_fence_put(&chain->base);
}

static void dma_fence_chain_cb(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct dma_fence_chain *chain;

	chain = container_of(cb, struct dma_fence_chain, cb);
	init_irq_work(&chain->work, dma_fence_chain_irq_work);
	irq_work_queue(&chain->work);
	dma_fence_put(f);
}

/*
 * Arm one callback on the newest unsignaled contained fence; when it
 * fires, the work looks again. The armed callback holds a reference to
 * the chain and to the fence it sits on.
 */
static bool dma_fence_chain_enable_signaling(struct dma_fence *fence)
{
	struct dma_fence_chain *head = to_dma_fence_chain(fence);

	dma_fence_get(&head->base);
	dma_fence_chain_for_each(fence, &head->base) {
		struct dma_fence *f = dma_fence_chain_contained(fence);

		dma_fence_get(f);
		if (!dma_fence_add_callback(f, &head->cb, dma_fence_chain_cb)) {
			dma_fence_put(fence);
			return true;
		}
		dma_fence_put(f);
	}
	dma_fence_put(&head->base);
	return false;
}

static bool dma_fence_chain_signaled(struct dma_fence *fence)
{
	dma_fence_chain_for_each(fence, fence) {
		struct dma_fence *f = dma_fence_chain_contained(fence);

		if (!dma_fence_is_signaled(f)) {
			dma_fence_put(fence);
			return false;
		}
	}
	return true;
}

static void dma_fence_chain_release(struct dma_fence *fence)
{
	struct dma_fence_chain *chain = to_dma_fence_chain(fence);
	struct dma_fence *prev;

	/*
	 * Unlink the points only we still reference one by one, so a long
	 * chain does not free itself recursively.
	 */
	while ((prev = rcu_dereference_protected(chain->prev, true))) {
		struct dma_fence_chain *prev_chain;

		if (kref_read(&prev->refcount) > 1)
			break;
		prev_chain = to_dma_fence_chain(prev);
		if (!prev_chain)
			break;
		/* We hold the last reference: no atomics needed. */
		chain->prev = prev_chain->prev;
		RCU_INIT_POINTER(prev_chain->prev, NULL);
		dma_fence_put(prev);
	}
	dma_fence_put(prev);

	dma_fence_put(chain->fence);
	dma_fence_free(fence);
}

static void dma_fence_chain_set_deadline(struct dma_fence *fence,
					 ktime_t deadline)
{
	dma_fence_chain_for_each(fence, fence) {
		struct dma_fence *f = dma_fence_chain_contained(fence);

		dma_fence_set_deadline(f, deadline);
	}
}

const struct dma_fence_ops dma_fence_chain_ops = {
	.get_driver_name = dma_fence_chain_get_driver_name,
	.get_timeline_name = dma_fence_chain_get_timeline_name,
	.enable_signaling = dma_fence_chain_enable_signaling,
	.signaled = dma_fence_chain_signaled,
	.release = dma_fence_chain_release,
	.set_deadline = dma_fence_chain_set_deadline,
};

void dma_fence_chain_init(struct dma_fence_chain *chain,
			  struct dma_fence *prev, struct dma_fence *fence,
			  u64 seqno)
{
	static struct lock_class_key dma_fence_chain_lock_key;
	struct dma_fence_chain *prev_chain = to_dma_fence_chain(prev);
	u64 context;

	rcu_assign_pointer(chain->prev, prev);
	chain->fence = fence;
	chain->prev_seqno = 0;
	INIT_LIST_HEAD(&chain->cb.node);

	/* A point later than prev continues its timeline; else a new one. */
	if (prev_chain && __dma_fence_is_later(prev, seqno, prev->seqno)) {
		context = prev->context;
		chain->prev_seqno = prev->seqno;
	} else {
		context = dma_fence_context_alloc(1);
		if (prev_chain)
			seqno = max(prev->seqno, seqno);
	}

	dma_fence_init64(&chain->base, &dma_fence_chain_ops, NULL, context,
			 seqno);
	/* Its own class: a chain's lock nests with its fences'. */
	lockdep_set_class(&chain->base.inline_lock, &dma_fence_chain_lock_key);
}
