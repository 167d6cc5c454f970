/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma_fence_chain: a timeline of points, each wrapping one fence and
 * linking to the previous point. A point is signaled only when its own
 * fence and every earlier point's are; signaled points are unlinked
 * (garbage-collected) as the chain is walked.
 */
#ifndef DMABRIDGE_DMA_FENCE_CHAIN_H
#define DMABRIDGE_DMA_FENCE_CHAIN_H

#include <dmabridge/dma-fence.h>
#include <dmabridge/slab.h>

/**
 * struct dma_fence_chain - one point of a fence timeline
 * @base: the point's own fence; uses its inline lock (Linux 7.0)
 * @prev: the previous point; RCU, swapped with cmpxchg when unlinked
 * @prev_seqno: the seqno of @prev
 * @fence: the fence this point wraps
 * @cb: the callback on @fence (or on a previous point)
 * @work: signals @base outside a fence callback
 */
struct dma_fence_chain {
	struct dma_fence base;
	struct dma_fence *prev;		/* RCU, swapped with cmpxchg */
	u64 prev_seqno;
	struct dma_fence *fence;
	struct dma_fence_cb cb;
	struct irq_work work;
	/* base uses its inline lock (Linux 7.0). */
};

/**
 * to_dma_fence_chain() - the chain point a fence is
 * @f: the fence, or NULL
 *
 * Context: any context.
 * Return: the point, or NULL if @f is not one.
 */
static inline struct dma_fence_chain *to_dma_fence_chain(struct dma_fence *f)
{
	if (!f || !dma_fence_is_chain(f))
		return NULL;
	return container_of(f, struct dma_fence_chain, base);
}

/**
 * dma_fence_chain_contained() - the fence a chain point wraps
 * @f: the fence
 *
 * Context: any context.
 * Return: the wrapped fence, or @f itself if it is no chain point.
 */
static inline struct dma_fence *dma_fence_chain_contained(struct dma_fence *f)
{
	struct dma_fence_chain *chain = to_dma_fence_chain(f);

	return chain ? chain->fence : f;
}

/**
 * dma_fence_chain_alloc() - allocate a chain point
 *
 * Context: process context; allocates.
 * Return: the point, or NULL on allocation failure.
 */
static inline struct dma_fence_chain *dma_fence_chain_alloc(void)
{
	return kmalloc(sizeof(struct dma_fence_chain), GFP_KERNEL);
}

/**
 * dma_fence_chain_free() - free a chain point that was never initialised
 * @chain: the point
 *
 * Context: any context.
 */
static inline void dma_fence_chain_free(struct dma_fence_chain *chain)
{
	kfree(chain);
}

/**
 * dma_fence_chain_walk() - step back along a chain
 * @fence: the current point; its reference is dropped
 *
 * Unlinks signaled points on the way (garbage collection).
 *
 * Context: any context.
 * Return: a reference to the next unsignaled point before @fence, or NULL.
 */
struct dma_fence *dma_fence_chain_walk(struct dma_fence *fence);

/**
 * dma_fence_chain_for_each - from @head back through every unsignaled point
 * @iter: the current point (a reference, dropped by the next step)
 * @head: the chain's head
 */
#define dma_fence_chain_for_each(iter, head)                               \
	for (iter = dma_fence_get(head); iter;                             \
	     iter = dma_fence_chain_walk(iter))

/**
 * dma_fence_chain_find_seqno() - the point that signals a seqno
 * @pfence: a chain point; replaced (reference consumed) by the point that
 * 	signals @seqno (reference returned; NULL when already signaled)
 * @seqno: the seqno wanted
 *
 * Context: any context.
 * Return: 0 (also for @seqno 0: nothing is done), -EINVAL if *@pfence is
 * no chain point or @seqno is in its future.
 */
int dma_fence_chain_find_seqno(struct dma_fence **pfence, u64 seqno);
/**
 * dma_fence_chain_init() - initialise a chain point
 * @chain: the point, from dma_fence_chain_alloc()
 * @prev: the previous point (or any fence); reference consumed
 * @fence: the fence this point wraps; reference consumed
 * @seqno: the point's seqno (must be after @prev's)
 *
 * Context: any context.
 */
void dma_fence_chain_init(struct dma_fence_chain *chain,
			  struct dma_fence *prev, struct dma_fence *fence,
			  u64 seqno);

#endif
