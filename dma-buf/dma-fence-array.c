// SPDX-License-Identifier: GPL-2.0
/* dma_fence_array: a fence signaled when all (or any) of its fences are. */
#include <dmabridge/dma-fence-array.h>
#include <dmabridge/slab.h>

/* base.error holds this until the first child error (or 0) is known. */
#define PENDING_ERROR 1

static const char *dma_fence_array_get_driver_name(struct dma_fence *fence)
{
	return "dma_fence_array";
}

static const char *dma_fence_array_get_timeline_name(struct dma_fence *fence)
{
	return "unbound";
}

static void dma_fence_array_set_pending_error(struct dma_fence_array *array,
					      int error)
{
	int expected = PENDING_ERROR;

	/* Only the first error propagates. */
	if (error)
		__atomic_compare_exchange_n(&array->base.error, &expected,
					    error, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST);
}

static void dma_fence_array_clear_pending_error(struct dma_fence_array *array)
{
	int expected = PENDING_ERROR;

	__atomic_compare_exchange_n(&array->base.error, &expected, 0, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Runs on the irq_work thread, outside every child's lock. */
static void irq_dma_fence_array_work(struct irq_work *wrk)
{
	struct dma_fence_array *array = container_of(wrk, typeof(*array),
						     work);

	dma_fence_array_clear_pending_error(array);
	dma_fence_signal(&array->base);
	dma_fence_put(&array->base);
}

static void dma_fence_array_cb_func(struct dma_fence *f,
				    struct dma_fence_cb *cb)
{
	struct dma_fence_array_cb *array_cb =
		container_of(cb, struct dma_fence_array_cb, cb);
	struct dma_fence_array *array = array_cb->array;

	dma_fence_array_set_pending_error(array, f->error);

	/*
	 * The child's lock is held here; signalling the array would run
	 * its callbacks (other fences' locks) under it, so defer.
	 */
	if (atomic_dec_and_test(&array->num_pending))
		irq_work_queue(&array->work);
	else
		dma_fence_put(&array->base);
}

static bool dma_fence_array_enable_signaling(struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	struct dma_fence_array_cb *cb = array->callbacks;
	unsigned int i;

	for (i = 0; i < array->num_fences; ++i) {
		cb[i].array = array;
		/* Each armed callback holds a reference to the array. */
		dma_fence_get(&array->base);
		if (dma_fence_add_callback(array->fences[i], &cb[i].cb,
					   dma_fence_array_cb_func)) {
			int error = array->fences[i]->error;

			dma_fence_array_set_pending_error(array, error);
			dma_fence_put(&array->base);
			if (atomic_dec_and_test(&array->num_pending)) {
				dma_fence_array_clear_pending_error(array);
				return false;
			}
		}
	}
	return true;
}

static bool dma_fence_array_signaled(struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	int num_pending;
	unsigned int i;

	num_pending = atomic_read_acquire(&array->num_pending);
	if (test_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT, &fence->flags)) {
		if (num_pending <= 0)
			goto signal;
		return false;
	}

	for (i = 0; i < array->num_fences; ++i) {
		if (dma_fence_is_signaled(array->fences[i]) && !--num_pending)
			goto signal;
	}
	return false;

signal:
	dma_fence_array_clear_pending_error(array);
	return true;
}

static void dma_fence_array_release(struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	unsigned int i;

	for (i = 0; i < array->num_fences; ++i)
		dma_fence_put(array->fences[i]);
	kfree(array->fences);
	dma_fence_free(fence);
}

static void dma_fence_array_set_deadline(struct dma_fence *fence,
					 ktime_t deadline)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	unsigned int i;

	for (i = 0; i < array->num_fences; ++i)
		dma_fence_set_deadline(array->fences[i], deadline);
}

const struct dma_fence_ops dma_fence_array_ops = {
	.get_driver_name = dma_fence_array_get_driver_name,
	.get_timeline_name = dma_fence_array_get_timeline_name,
	.enable_signaling = dma_fence_array_enable_signaling,
	.signaled = dma_fence_array_signaled,
	.release = dma_fence_array_release,
	.set_deadline = dma_fence_array_set_deadline,
};

struct dma_fence_array *dma_fence_array_alloc(int num_fences)
{
	if (num_fences <= 0)
		return NULL;
	return kzalloc(sizeof(struct dma_fence_array) +
		       num_fences * sizeof(struct dma_fence_array_cb),
		       GFP_KERNEL);
}

void __dma_fence_array_init(struct dma_fence_array *array, int num_fences,
			    struct dma_fence **fences, u64 context,
			    unsigned int seqno, bool signal_on_any)
{
	/* Its own class: the array's lock nests with its children's. */
	static struct lock_class_key dma_fence_array_lock_key;

	WARN_ON(!num_fences || !fences);

	array->num_fences = num_fences;
	dma_fence_init(&array->base, &dma_fence_array_ops, NULL, context,
		       seqno);
	lockdep_set_class(&array->base.inline_lock,
			  &dma_fence_array_lock_key);
	init_irq_work(&array->work, irq_dma_fence_array_work);
	atomic_set(&array->num_pending, signal_on_any ? 1 : num_fences);
	array->fences = fences;
	array->base.error = PENDING_ERROR;

	/*
	 * Containers inside an array would make every operation recurse;
	 * callers flatten them first (dma_fence_unwrap_merge does).
	 */
	while (num_fences--)
		WARN_ON(dma_fence_is_container(fences[num_fences]));
}

struct dma_fence_array *__dma_fence_array_create(int num_fences,
						 struct dma_fence **fences,
						 u64 context,
						 unsigned int seqno,
						 bool signal_on_any)
{
	struct dma_fence_array *array;

	array = dma_fence_array_alloc(num_fences);
	if (!array)
		return NULL;
	__dma_fence_array_init(array, num_fences, fences, context, seqno,
			       signal_on_any);
	return array;
}

bool dma_fence_match_context(struct dma_fence *fence, u64 context)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	unsigned int i;

	if (!array)
		return fence->context == context;
	for (i = 0; i < array->num_fences; i++)
		if (array->fences[i]->context != context)
			return false;
	return true;
}

struct dma_fence *dma_fence_array_first(struct dma_fence *head)
{
	struct dma_fence_array *array;

	if (!head)
		return NULL;
	array = to_dma_fence_array(head);
	if (!array)
		return head;
	if (!array->num_fences)
		return NULL;
	return array->fences[0];
}

struct dma_fence *dma_fence_array_next(struct dma_fence *head,
				       unsigned int index)
{
	struct dma_fence_array *array = to_dma_fence_array(head);

	if (!array || index >= array->num_fences)
		return NULL;
	return array->fences[index];
}
