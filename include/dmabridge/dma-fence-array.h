/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma_fence_array: one fence standing for several, signaled when all of
 * them are (or, with the 7.1 signal_on_any, when the first one is).
 * dma_fence_array_create()/_init() take the 2026 argument list (no
 * signal_on_any, posted March 2026; merge into mainline not confirmed)
 * or the 7.1 one: see docs/fences.md.
 */
#ifndef DMABRIDGE_DMA_FENCE_ARRAY_H
#define DMABRIDGE_DMA_FENCE_ARRAY_H

#include <dmabridge/dma-fence.h>

struct dma_fence_array;

/**
 * struct dma_fence_array_cb - the callback on one fence of an array
 * @cb: the callback
 * @array: the array it counts down
 */
struct dma_fence_array_cb {
	struct dma_fence_cb cb;
	struct dma_fence_array *array;
};

/**
 * struct dma_fence_array - one fence standing for several
 * @base: the array's own fence; uses its inline lock (Linux 7.0)
 * @num_fences: entries in @fences
 * @num_pending: fences still to signal (1 with signal_on_any)
 * @fences: the fences (owned)
 * @work: signals @base outside the last child's callback
 * @callbacks: one per fence
 */
struct dma_fence_array {
	struct dma_fence base;
	unsigned int num_fences;
	atomic_t num_pending;
	struct dma_fence **fences;
	struct irq_work work;
	struct dma_fence_array_cb callbacks[];
};

/**
 * to_dma_fence_array() - the array a fence is
 * @f: the fence, or NULL
 *
 * Context: any context.
 * Return: the array, or NULL if @f is not one.
 */
static inline struct dma_fence_array *to_dma_fence_array(struct dma_fence *f)
{
	if (!f || !dma_fence_is_array(f))
		return NULL;
	return container_of(f, struct dma_fence_array, base);
}

/**
 * dma_fence_array_first() - the first element of an array
 * @head: the fence
 *
 * Context: any context.
 * Return: element 0 of an array, @head itself if it is not one, NULL if
 * @head is NULL.
 */
struct dma_fence *dma_fence_array_first(struct dma_fence *head);
/**
 * dma_fence_array_next() - the next element of an array
 * @head: the fence
 * @index: the index wanted
 *
 * Context: any context.
 * Return: element @index, or NULL past the end (or if @head is not an
 * array).
 */
struct dma_fence *dma_fence_array_next(struct dma_fence *head,
				       unsigned int index);

/**
 * dma_fence_array_for_each - every element of an array (or @head itself)
 * @fence: the current fence (borrowed)
 * @index: the current index
 * @head: the array, or any fence
 */
#define dma_fence_array_for_each(fence, index, head)                       \
	for (index = 0, fence = dma_fence_array_first(head); fence;        \
	     ++(index), fence = dma_fence_array_next(head, index))

/**
 * dma_fence_array_alloc() - allocate an array for __dma_fence_array_init()
 * @num_fences: its number of fences
 *
 * Context: process context; allocates.
 * Return: the array, or NULL on allocation failure.
 */
struct dma_fence_array *dma_fence_array_alloc(int num_fences);
/**
 * __dma_fence_array_init - initialise an array from dma_fence_array_alloc()
 * @array: the array
 * @num_fences: number of fences in @fences (> 0)
 * @fences: kmalloc'ed array of fences, not containers
 * @context: the array's own fence context
 * @seqno: the array's seqno
 * @signal_on_any: signal on the first child instead of the last (7.1 only)
 *
 * Takes ownership of @fences (freed with the array) and of one reference
 * to each fence in it. Call it as dma_fence_array_init() with five
 * arguments (the 2026 form, always all) or six (the 7.1 form).
 *
 * Context: Any context; does not allocate.
 * Return: nothing.
 */
void __dma_fence_array_init(struct dma_fence_array *array, int num_fences,
			    struct dma_fence **fences, u64 context,
			    unsigned int seqno, bool signal_on_any);
/**
 * __dma_fence_array_create - allocate and initialise an array
 * @num_fences: as __dma_fence_array_init()
 * @fences: as __dma_fence_array_init()
 * @context: as __dma_fence_array_init()
 * @seqno: as __dma_fence_array_init()
 * @signal_on_any: as __dma_fence_array_init()
 *
 * Call it as dma_fence_array_create() with four arguments (the 2026 form,
 * which dropped @signal_on_any) or five (the 7.1 form).
 *
 * Context: Process context; allocates.
 * Return: the array, or NULL on allocation failure (then @fences and its
 * references stay the caller's).
 */
struct dma_fence_array *__dma_fence_array_create(int num_fences,
						 struct dma_fence **fences,
						 u64 context,
						 unsigned int seqno,
						 bool signal_on_any);

/**
 * DOC: both argument lists
 *
 * dma_fence_array_create() and dma_fence_array_init() are macros that pick
 * the function by their number of arguments, so code written for 7.1 and
 * for the 2026 form compiles unchanged. The price: their address cannot be
 * taken.
 */
#define __dma_fence_array_create4(n, f, c, s)                              \
	__dma_fence_array_create(n, f, c, s, false)
#define __dma_fence_array_init5(a, n, f, c, s)                             \
	__dma_fence_array_init(a, n, f, c, s, false)
#define __DMA_FENCE_ARRAY_PICK5(_1, _2, _3, _4, _5, name, ...) name
#define __DMA_FENCE_ARRAY_PICK6(_1, _2, _3, _4, _5, _6, name, ...) name
#define dma_fence_array_create(...)                                        \
	__DMA_FENCE_ARRAY_PICK5(__VA_ARGS__, __dma_fence_array_create,     \
				__dma_fence_array_create4, )(__VA_ARGS__)
#define dma_fence_array_init(...)                                          \
	__DMA_FENCE_ARRAY_PICK6(__VA_ARGS__, __dma_fence_array_init,       \
				__dma_fence_array_init5, )(__VA_ARGS__)
/**
 * dma_fence_match_context() - is every fence of @fence in a context?
 * @fence: an array or a plain fence
 * @context: the context
 *
 * Context: any context.
 * Return: true if every fence (of the array, or @fence itself) is in
 * @context.
 */
bool dma_fence_match_context(struct dma_fence *fence, u64 context);

#endif
