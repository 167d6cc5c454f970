/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma_fence_array: one fence standing for several, signaled when all of
 * them are (or, with signal_on_any, when the first one is).
 */
#ifndef DMABRIDGE_DMA_FENCE_ARRAY_H
#define DMABRIDGE_DMA_FENCE_ARRAY_H

#include <dmabridge/dma-fence.h>

struct dma_fence_array;

struct dma_fence_array_cb {
	struct dma_fence_cb cb;
	struct dma_fence_array *array;
};

struct dma_fence_array {
	struct dma_fence base;
	spinlock_t lock;
	unsigned int num_fences;
	atomic_t num_pending;
	struct dma_fence **fences;
	struct irq_work work;
	struct dma_fence_array_cb callbacks[];
};

static inline struct dma_fence_array *to_dma_fence_array(struct dma_fence *f)
{
	if (!f || !dma_fence_is_array(f))
		return NULL;
	return container_of(f, struct dma_fence_array, base);
}

/* Element 0 of an array, @head itself if it is not one, NULL if empty. */
struct dma_fence *dma_fence_array_first(struct dma_fence *head);
struct dma_fence *dma_fence_array_next(struct dma_fence *head,
				       unsigned int index);

#define dma_fence_array_for_each(fence, index, head)                       \
	for (index = 0, fence = dma_fence_array_first(head); fence;        \
	     ++(index), fence = dma_fence_array_next(head, index))

struct dma_fence_array *dma_fence_array_alloc(int num_fences);
/*
 * Takes ownership of @fences (kmalloc'ed, freed with the array) and of
 * one reference to each fence in it.
 */
void dma_fence_array_init(struct dma_fence_array *array, int num_fences,
			  struct dma_fence **fences, u64 context,
			  unsigned int seqno, bool signal_on_any);
/* alloc + init; NULL on allocation failure (then @fences stays yours). */
struct dma_fence_array *dma_fence_array_create(int num_fences,
					       struct dma_fence **fences,
					       u64 context, unsigned int seqno,
					       bool signal_on_any);
/* True if every fence of @fence (an array or not) is in @context. */
bool dma_fence_match_context(struct dma_fence *fence, u64 context);

#endif
