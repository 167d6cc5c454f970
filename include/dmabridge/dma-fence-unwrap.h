/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking every fence inside arrays and chains, and merging several
 * fences into the smallest equivalent one.
 */
#ifndef DMABRIDGE_DMA_FENCE_UNWRAP_H
#define DMABRIDGE_DMA_FENCE_UNWRAP_H

#include <dmabridge/dma-fence.h>

struct dma_fence_unwrap {
	struct dma_fence *chain;	/* the chain point being looked at */
	struct dma_fence *array;	/* the fence it contains */
	unsigned int index;		/* position in that array */
};

struct dma_fence *dma_fence_unwrap_first(struct dma_fence *head,
					 struct dma_fence_unwrap *cursor);
struct dma_fence *dma_fence_unwrap_next(struct dma_fence_unwrap *cursor);

/*
 * Every fence inside @head (through chain points, which the walk
 * garbage-collects when signaled, and arrays). @fence is borrowed.
 */
#define dma_fence_unwrap_for_each(fence, cursor, head)                     \
	for (fence = dma_fence_unwrap_first(head, cursor); fence;          \
	     fence = dma_fence_unwrap_next(cursor))

struct dma_fence *__dma_fence_unwrap_merge(unsigned int num_fences,
					   struct dma_fence **fences,
					   struct dma_fence_unwrap *cursors);
/* Sort by context, keep the newest of each; returns the new count. */
int dma_fence_dedup_array(struct dma_fence **fences, int num_fences);

/*
 * A new reference to one fence signaling when all of the given fences
 * have: flattened, signaled ones dropped, newest per context kept. None
 * left gives a signaled stub, one left gives that fence. NULL on -ENOMEM.
 */
#define dma_fence_unwrap_merge(...)                                        \
	({                                                                 \
		struct dma_fence *__f[] = { __VA_ARGS__ };                 \
		struct dma_fence_unwrap __c[ARRAY_SIZE(__f)];              \
		__dma_fence_unwrap_merge(ARRAY_SIZE(__f), __f, __c);       \
	})

#endif
