// SPDX-License-Identifier: GPL-2.0
/* dma_fence_unwrap iteration and dma_fence_unwrap_merge. */
#include <stdlib.h>
#include <dmabridge/dma-fence-unwrap.h>
#include <dmabridge/dma-fence-array.h>
#include <dmabridge/dma-fence-chain.h>
#include <dmabridge/slab.h>

static struct dma_fence *
__dma_fence_unwrap_array(struct dma_fence_unwrap *cursor)
{
	cursor->array = dma_fence_chain_contained(cursor->chain);
	cursor->index = 0;
	return dma_fence_array_first(cursor->array);
}

struct dma_fence *dma_fence_unwrap_first(struct dma_fence *head,
					 struct dma_fence_unwrap *cursor)
{
	cursor->chain = dma_fence_get(head);
	return __dma_fence_unwrap_array(cursor);
}

struct dma_fence *dma_fence_unwrap_next(struct dma_fence_unwrap *cursor)
{
	struct dma_fence *tmp;

	++cursor->index;
	tmp = dma_fence_array_next(cursor->array, cursor->index);
	if (tmp)
		return tmp;

	cursor->chain = dma_fence_chain_walk(cursor->chain);
	return __dma_fence_unwrap_array(cursor);
}

/* Context ascending, then the later fence first. */
static int fence_cmp(const void *_a, const void *_b)
{
	struct dma_fence *a = *(struct dma_fence **)_a;
	struct dma_fence *b = *(struct dma_fence **)_b;

	if (a->context < b->context)
		return -1;
	if (a->context > b->context)
		return 1;
	if (dma_fence_is_later(b, a))
		return 1;
	if (dma_fence_is_later(a, b))
		return -1;
	return 0;
}

int dma_fence_dedup_array(struct dma_fence **fences, int num_fences)
{
	int i, j;

	if (num_fences <= 1)
		return num_fences;
	qsort(fences, num_fences, sizeof(*fences), fence_cmp);

	/* The first of each context is its newest; drop the rest. */
	j = 0;
	for (i = 1; i < num_fences; i++) {
		if (fences[i]->context == fences[j]->context)
			dma_fence_put(fences[i]);
		else
			fences[++j] = fences[i];
	}
	return ++j;
}

static void merge_note_timestamp(struct dma_fence *f, ktime_t *timestamp)
{
	ktime_t t = dma_fence_timestamp(f);

	if (t > *timestamp)
		*timestamp = t;
}

struct dma_fence *__dma_fence_unwrap_merge(unsigned int num_fences,
					   struct dma_fence **fences,
					   struct dma_fence_unwrap *iter)
{
	struct dma_fence **array, *tmp, *result;
	struct dma_fence_array *res;
	ktime_t timestamp = 0;
	int count = 0, cap;
	unsigned int i;

	/* Count what is still pending; signaled ones only give a time. */
	for (i = 0; i < num_fences; ++i) {
		dma_fence_unwrap_for_each(tmp, &iter[i], fences[i]) {
			if (!dma_fence_is_signaled(tmp))
				++count;
			else
				merge_note_timestamp(tmp, &timestamp);
		}
	}

	if (count == 0)
		return dma_fence_allocate_private_stub(timestamp);

	cap = count;
	array = kmalloc_array(cap, sizeof(*array), GFP_KERNEL);
	if (!array)
		return NULL;

	/* Fences only ever become signaled, so this finds at most cap. */
	count = 0;
	for (i = 0; i < num_fences; ++i) {
		dma_fence_unwrap_for_each(tmp, &iter[i], fences[i]) {
			if (!dma_fence_is_signaled(tmp) && count < cap)
				array[count++] = dma_fence_get(tmp);
			else if (dma_fence_is_signaled(tmp))
				merge_note_timestamp(tmp, &timestamp);
		}
	}

	count = dma_fence_dedup_array(array, count);
	if (count == 0) {
		result = dma_fence_allocate_private_stub(timestamp);
	} else if (count == 1) {
		result = array[0];
	} else {
		res = dma_fence_array_create(count, array,
					     dma_fence_context_alloc(1), 1,
					     false);
		if (res)
			return &res->base;	/* it owns @array now */
		for (i = 0; i < (unsigned int)count; i++)
			dma_fence_put(array[i]);
		result = NULL;
	}
	kfree(array);
	return result;
}
