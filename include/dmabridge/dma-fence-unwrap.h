/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking every fence inside arrays and chains, and merging several
 * fences into the smallest equivalent one.
 */
#ifndef DMABRIDGE_DMA_FENCE_UNWRAP_H
#define DMABRIDGE_DMA_FENCE_UNWRAP_H

#include <dmabridge/dma-fence.h>

/**
 * struct dma_fence_unwrap - cursor of dma_fence_unwrap_for_each()
 * @chain: the chain point being looked at
 * @array: the fence it contains
 * @index: the position in that array
 */
struct dma_fence_unwrap {
	struct dma_fence *chain;	/* the chain point being looked at */
	struct dma_fence *array;	/* the fence it contains */
	unsigned int index;		/* position in that array */
};

/**
 * dma_fence_unwrap_first() - the first fence inside @head
 * @head: a chain, an array or a plain fence
 * @cursor: the cursor
 *
 * Context: any context.
 * Return: the fence (borrowed), or NULL.
 */
struct dma_fence *dma_fence_unwrap_first(struct dma_fence *head,
					 struct dma_fence_unwrap *cursor);
/**
 * dma_fence_unwrap_next() - the next fence
 * @cursor: the cursor
 *
 * Context: any context.
 * Return: the fence (borrowed), or NULL at the end.
 */
struct dma_fence *dma_fence_unwrap_next(struct dma_fence_unwrap *cursor);

/**
 * dma_fence_unwrap_for_each - every fence inside @head
 * @fence: the current fence (borrowed)
 * @cursor: a struct dma_fence_unwrap
 * @head: the fence to unwrap
 *
 * Through chain points (which the walk garbage-collects when signaled) and
 * arrays.
 */
#define dma_fence_unwrap_for_each(fence, cursor, head)                     \
	for (fence = dma_fence_unwrap_first(head, cursor); fence;          \
	     fence = dma_fence_unwrap_next(cursor))

/**
 * __dma_fence_unwrap_merge() - the function behind dma_fence_unwrap_merge()
 * @num_fences: entries in @fences
 * @fences: the fences
 * @cursors: one cursor per fence
 *
 * Context: process context; allocates.
 * Return: as dma_fence_unwrap_merge().
 */
struct dma_fence *__dma_fence_unwrap_merge(unsigned int num_fences,
					   struct dma_fence **fences,
					   struct dma_fence_unwrap *cursors);
/**
 * dma_fence_dedup_array() - keep the newest fence of each context
 * @fences: the fences (references); the dropped ones are put
 * @num_fences: entries in @fences
 *
 * Sorts by context.
 *
 * Context: any context.
 * Return: the new count.
 */
int dma_fence_dedup_array(struct dma_fence **fences, int num_fences);

/**
 * dma_fence_unwrap_merge - one fence signaling when all of the given have
 * @...: the fences
 *
 * Flattened, signaled ones dropped, the newest per context kept. None left
 * gives a signaled stub, one left gives that fence.
 *
 * Context: process context; allocates.
 * Return: a new reference, or NULL when out of memory.
 */
#define dma_fence_unwrap_merge(...)                                        \
	({                                                                 \
		struct dma_fence *__f[] = { __VA_ARGS__ };                 \
		struct dma_fence_unwrap __c[ARRAY_SIZE(__f)];              \
		__dma_fence_unwrap_merge(ARRAY_SIZE(__f), __f, __c);       \
	})

#endif
