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

struct dma_fence_chain {
	struct dma_fence base;
	struct dma_fence *prev;		/* RCU, swapped with cmpxchg */
	u64 prev_seqno;
	struct dma_fence *fence;
	struct dma_fence_cb cb;
	struct irq_work work;
	/* base uses its inline lock (Linux 7.0). */
};

static inline struct dma_fence_chain *to_dma_fence_chain(struct dma_fence *f)
{
	if (!f || !dma_fence_is_chain(f))
		return NULL;
	return container_of(f, struct dma_fence_chain, base);
}

/* The fence a chain point wraps, or @fence itself if it is no chain. */
static inline struct dma_fence *dma_fence_chain_contained(struct dma_fence *f)
{
	struct dma_fence_chain *chain = to_dma_fence_chain(f);

	return chain ? chain->fence : f;
}

static inline struct dma_fence_chain *dma_fence_chain_alloc(void)
{
	return kmalloc(sizeof(struct dma_fence_chain), GFP_KERNEL);
}

/* Only for a chain that was never initialised. */
static inline void dma_fence_chain_free(struct dma_fence_chain *chain)
{
	kfree(chain);
}

/*
 * Drop the reference to @fence and return a reference to the next
 * unsignaled point before it (unlinking signaled ones), or NULL.
 */
struct dma_fence *dma_fence_chain_walk(struct dma_fence *fence);

/* Iterate from @head back through every unsignaled point. */
#define dma_fence_chain_for_each(iter, head)                               \
	for (iter = dma_fence_get(head); iter;                             \
	     iter = dma_fence_chain_walk(iter))

/*
 * Replace *pfence (a chain, reference consumed) by the point that
 * signals @seqno (reference returned; NULL when already signaled).
 * 0 for @seqno 0 (no-op), -EINVAL if *pfence is no chain or @seqno is
 * in its future.
 */
int dma_fence_chain_find_seqno(struct dma_fence **pfence, u64 seqno);
/* Takes ownership of the references to @prev and @fence. */
void dma_fence_chain_init(struct dma_fence_chain *chain,
			  struct dma_fence *prev, struct dma_fence *fence,
			  u64 seqno);

#endif
