// SPDX-License-Identifier: GPL-2.0
/* dma_resv: the reservation object's lock and its RCU fence list. */
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-fence-array.h>
#include <dmabridge/slab.h>
#include <dmabridge/fence-signalling.h>

DEFINE_WD_CLASS(reservation_ww_class);

/*
 * The fence list. Each slot holds a fence pointer with its usage in the
 * two low bits. Readers see slots replaced in place and the count grow;
 * a new list replaces the old one under RCU when it has to grow.
 */
struct dma_resv_list {
	struct rcu_head rcu;
	u32 num_fences, max_fences;
	struct dma_fence *table[];
};

#define DMA_RESV_LIST_MASK 0x3UL

static void dma_resv_list_entry(struct dma_resv_list *list, unsigned int index,
				struct dma_fence **fence,
				enum dma_resv_usage *usage)
{
	unsigned long tmp;

	tmp = (unsigned long)__atomic_load_n(&list->table[index],
					     __ATOMIC_ACQUIRE);
	*fence = (struct dma_fence *)(tmp & ~DMA_RESV_LIST_MASK);
	if (usage)
		*usage = tmp & DMA_RESV_LIST_MASK;
}

static void dma_resv_list_set(struct dma_resv_list *list, unsigned int index,
			      struct dma_fence *fence,
			      enum dma_resv_usage usage)
{
	unsigned long tmp = (unsigned long)fence | usage;

	BUILD_BUG_ON(DMA_RESV_USAGE_BOOKKEEP > DMA_RESV_LIST_MASK);
	__atomic_store_n(&list->table[index], (struct dma_fence *)tmp,
			 __ATOMIC_RELEASE);
}

static struct dma_resv_list *dma_resv_list_alloc(unsigned int max_fences)
{
	struct dma_resv_list *list;

	list = kmalloc(sizeof(*list) + max_fences * sizeof(list->table[0]),
		       GFP_KERNEL);
	if (!list)
		return NULL;
	list->max_fences = max_fences;
	list->num_fences = 0;
	return list;
}

/* Drop every fence and free the list after a grace period. */
static void dma_resv_list_free(struct dma_resv_list *list)
{
	struct dma_fence *fence;
	unsigned int i;

	if (!list)
		return;
	for (i = 0; i < list->num_fences; ++i) {
		dma_resv_list_entry(list, i, &fence, NULL);
		dma_fence_put(fence);
	}
	kfree_rcu(list, rcu);
}

static struct dma_resv_list *dma_resv_fences_list(struct dma_resv *obj)
{
	return rcu_dereference(obj->fences);
}

void dma_resv_init(struct dma_resv *obj)
{
	ww_mutex_init(&obj->lock, &reservation_ww_class);
	RCU_INIT_POINTER(obj->fences, NULL);
}

void dma_resv_fini(struct dma_resv *obj)
{
	/* Nobody else can look at it any more: no need for the lock. */
	dma_resv_list_free(rcu_dereference_protected(obj->fences, true));
	ww_mutex_destroy(&obj->lock);
}

void dma_resv_unlock(struct dma_resv *obj)
{
#if CONFIG_LOCKDEP
	struct dma_resv_list *fences = dma_resv_fences_list(obj);

	/*
	 * Forget the slots reserved in this locked section, so an
	 * add_fence without its own reserve_fences is caught next time.
	 */
	dma_resv_assert_held(obj);
	if (fences)
		fences->max_fences = fences->num_fences;
#endif
	ww_mutex_unlock(&obj->lock);
}

static unsigned int roundup_pow_of_two_u(unsigned int n)
{
	unsigned int r = 1;

	while (r < n)
		r <<= 1;
	return r;
}

int dma_resv_reserve_fences(struct dma_resv *obj, unsigned int num_fences)
{
	struct dma_resv_list *old, *new;
	unsigned int i, j, k, max;

	dma_resv_assert_held(obj);

	/* Reserving nothing is a caller bug that would hide a later one. */
	if (WARN_ON(!num_fences))
		return -EINVAL;

	old = dma_resv_fences_list(obj);
	if (old && old->max_fences) {
		if (old->num_fences + num_fences <= old->max_fences)
			return 0;
		max = max(old->num_fences + num_fences, old->max_fences * 2);
	} else {
		max = max(4u, roundup_pow_of_two_u(num_fences));
	}

	new = dma_resv_list_alloc(max);
	if (!new)
		return -ENOMEM;

	/*
	 * Copy the unsignaled fences to the front; park the signaled ones
	 * at the back to drop once the new list is published.
	 */
	for (i = 0, j = 0, k = max; i < (old ? old->num_fences : 0); ++i) {
		enum dma_resv_usage usage;
		struct dma_fence *fence;

		dma_resv_list_entry(old, i, &fence, &usage);
		if (dma_fence_is_signaled(fence))
			new->table[--k] = fence;
		else
			dma_resv_list_set(new, j++, fence, usage);
	}
	new->num_fences = j;

	/*
	 * Same set of unsignaled fences, so readers of either list are
	 * right; the old list and its fences stay valid for them via RCU.
	 */
	rcu_assign_pointer(obj->fences, new);

	if (!old)
		return 0;

	for (i = k; i < max; ++i)
		dma_fence_put(new->table[i]);
	kfree_rcu(old, rcu);
	return 0;
}

void dma_resv_add_fence(struct dma_resv *obj, struct dma_fence *fence,
			enum dma_resv_usage usage)
{
	struct dma_resv_list *fobj;
	struct dma_fence *old;
	unsigned int i, count;

	dma_resv_assert_held(obj);

	/* Containers go in as their parts, never whole. */
	if (WARN_ON(dma_fence_is_container(fence)))
		return;

	dma_fence_get(fence);
	fobj = dma_resv_fences_list(obj);
	count = fobj ? fobj->num_fences : 0;

	for (i = 0; i < count; ++i) {
		enum dma_resv_usage old_usage;

		dma_resv_list_entry(fobj, i, &old, &old_usage);
		if ((old->context == fence->context && old_usage >= usage &&
		     dma_fence_is_later_or_same(fence, old)) ||
		    dma_fence_is_signaled(old)) {
			dma_resv_list_set(fobj, i, fence, usage);
			dma_fence_put(old);
			return;
		}
	}

	/* Linux BUGs here; we warn, then try to make room ourselves. */
	if (WARN(!fobj || fobj->num_fences >= fobj->max_fences,
		 "dma_resv_add_fence without dma_resv_reserve_fences")) {
		if (dma_resv_reserve_fences(obj, 1)) {
			dma_fence_put(fence);
			return;
		}
		fobj = dma_resv_fences_list(obj);
		count = fobj->num_fences;
	}

	dma_resv_list_set(fobj, count, fence, usage);
	/* The slot must be visible before the count that covers it. */
	__atomic_store_n(&fobj->num_fences, count + 1, __ATOMIC_SEQ_CST);
}

void dma_resv_replace_fences(struct dma_resv *obj, u64 context,
			     struct dma_fence *replacement,
			     enum dma_resv_usage usage)
{
	struct dma_resv_list *list;
	unsigned int i;

	dma_resv_assert_held(obj);

	list = dma_resv_fences_list(obj);
	for (i = 0; list && i < list->num_fences; ++i) {
		struct dma_fence *old;

		dma_resv_list_entry(list, i, &old, NULL);
		if (old->context != context)
			continue;
		dma_resv_list_set(list, i, dma_fence_get(replacement), usage);
		dma_fence_put(old);
	}
}

/* Unlocked iteration: called under rcu_read_lock(). */
static void dma_resv_iter_restart_unlocked(struct dma_resv_iter *cursor)
{
	cursor->index = 0;
	cursor->num_fences = 0;
	cursor->fences = dma_resv_fences_list(cursor->obj);
	if (cursor->fences)
		cursor->num_fences = __atomic_load_n(
			&cursor->fences->num_fences, __ATOMIC_ACQUIRE);
	cursor->is_restarted = true;
}

static void dma_resv_iter_walk_unlocked(struct dma_resv_iter *cursor)
{
	for (;;) {
		dma_fence_put(cursor->fence);

		if (cursor->index >= cursor->num_fences) {
			cursor->fence = NULL;
			break;
		}

		dma_resv_list_entry(cursor->fences, cursor->index++,
				    &cursor->fence, &cursor->fence_usage);
		cursor->fence = dma_fence_get_rcu(cursor->fence);
		if (!cursor->fence) {
			/* Freed under us: the slot changed, start over. */
			dma_resv_iter_restart_unlocked(cursor);
			continue;
		}

		if (!dma_fence_is_signaled(cursor->fence) &&
		    cursor->usage >= cursor->fence_usage)
			break;
	}
}

struct dma_fence *dma_resv_iter_first_unlocked(struct dma_resv_iter *cursor)
{
	rcu_read_lock();
	do {
		dma_resv_iter_restart_unlocked(cursor);
		dma_resv_iter_walk_unlocked(cursor);
	} while (dma_resv_fences_list(cursor->obj) != cursor->fences);
	rcu_read_unlock();
	return cursor->fence;
}

struct dma_fence *dma_resv_iter_next_unlocked(struct dma_resv_iter *cursor)
{
	bool restart;

	rcu_read_lock();
	cursor->is_restarted = false;
	restart = dma_resv_fences_list(cursor->obj) != cursor->fences;
	do {
		if (restart)
			dma_resv_iter_restart_unlocked(cursor);
		dma_resv_iter_walk_unlocked(cursor);
		restart = true;
	} while (dma_resv_fences_list(cursor->obj) != cursor->fences);
	rcu_read_unlock();
	return cursor->fence;
}

struct dma_fence *dma_resv_iter_first(struct dma_resv_iter *cursor)
{
	struct dma_fence *fence;

	dma_resv_assert_held(cursor->obj);

	cursor->index = 0;
	cursor->fences = dma_resv_fences_list(cursor->obj);

	fence = dma_resv_iter_next(cursor);
	cursor->is_restarted = true;
	return fence;
}

struct dma_fence *dma_resv_iter_next(struct dma_resv_iter *cursor)
{
	struct dma_fence *fence;

	dma_resv_assert_held(cursor->obj);

	cursor->is_restarted = false;
	do {
		if (!cursor->fences ||
		    cursor->index >= cursor->fences->num_fences)
			return NULL;
		dma_resv_list_entry(cursor->fences, cursor->index++, &fence,
				    &cursor->fence_usage);
	} while (cursor->fence_usage > cursor->usage);
	return fence;
}

int dma_resv_copy_fences(struct dma_resv *dst, struct dma_resv *src)
{
	struct dma_resv_iter cursor;
	struct dma_resv_list *list = NULL;
	struct dma_fence *f;

	dma_resv_assert_held(dst);

	dma_resv_iter_begin(&cursor, src, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_for_each_fence_unlocked(&cursor, f) {
		if (dma_resv_iter_is_restarted(&cursor)) {
			dma_resv_list_free(list);
			list = dma_resv_list_alloc(cursor.num_fences);
			if (!list) {
				dma_resv_iter_end(&cursor);
				return -ENOMEM;
			}
		}
		dma_fence_get(f);
		dma_resv_list_set(list, list->num_fences++, f,
				  dma_resv_iter_usage(&cursor));
	}
	dma_resv_iter_end(&cursor);

	list = rcu_replace_pointer(dst->fences, list, dma_resv_held(dst));
	dma_resv_list_free(list);
	return 0;
}

int dma_resv_get_fences(struct dma_resv *obj, enum dma_resv_usage usage,
			unsigned int *num_fences, struct dma_fence ***fences)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	*num_fences = 0;
	*fences = NULL;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, fence) {
		if (dma_resv_iter_is_restarted(&cursor)) {
			struct dma_fence **new_fences;
			unsigned int count;

			while (*num_fences)
				dma_fence_put((*fences)[--(*num_fences)]);

			count = cursor.num_fences + 1;
			new_fences = krealloc(*fences,
					      count * sizeof(**fences),
					      GFP_KERNEL);
			if (!new_fences) {
				kfree(*fences);
				*fences = NULL;
				*num_fences = 0;
				dma_resv_iter_end(&cursor);
				return -ENOMEM;
			}
			*fences = new_fences;
		}
		(*fences)[(*num_fences)++] = dma_fence_get(fence);
	}
	dma_resv_iter_end(&cursor);
	return 0;
}

int dma_resv_get_singleton(struct dma_resv *obj, enum dma_resv_usage usage,
			   struct dma_fence **fence)
{
	struct dma_fence_array *array;
	struct dma_fence **fences;
	unsigned int count;
	int r;

	r = dma_resv_get_fences(obj, usage, &count, &fences);
	if (r)
		return r;

	if (count == 0) {
		*fence = NULL;
		kfree(fences);
		return 0;
	}
	if (count == 1) {
		*fence = fences[0];
		kfree(fences);
		return 0;
	}

	array = dma_fence_array_create(count, fences,
				       dma_fence_context_alloc(1), 1, false);
	if (!array) {
		while (count--)
			dma_fence_put(fences[count]);
		kfree(fences);
		return -ENOMEM;
	}
	*fence = &array->base;
	return 0;
}

long dma_resv_wait_timeout(struct dma_resv *obj, enum dma_resv_usage usage,
			   bool intr, unsigned long timeout)
{
	long ret = timeout ? (long)timeout : 1;
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, fence) {
		ret = dma_fence_wait_timeout(fence, intr, timeout);
		if (ret <= 0)
			break;
		/* A zero timeout still answers 1 for "all signaled". */
		if (timeout)
			timeout = ret;
	}
	dma_resv_iter_end(&cursor);
	return ret;
}

void dma_resv_set_deadline(struct dma_resv *obj, enum dma_resv_usage usage,
			   ktime_t deadline)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, fence)
		dma_fence_set_deadline(fence, deadline);
	dma_resv_iter_end(&cursor);
}

bool dma_resv_test_signaled(struct dma_resv *obj, enum dma_resv_usage usage)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, fence) {
		dma_resv_iter_end(&cursor);
		return false;
	}
	dma_resv_iter_end(&cursor);
	return true;
}

void dma_resv_describe(struct dma_resv *obj, FILE *seq)
{
	static const char * const usage[] = {
		"kernel", "write", "read", "bookkeep"
	};
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_for_each_fence(&cursor, obj, DMA_RESV_USAGE_BOOKKEEP,
				fence) {
		fprintf(seq, "\t%s fence:", usage[dma_resv_iter_usage(&cursor)]);
		dma_fence_describe(fence, seq);
	}
}

void dma_resv_lockdep(void)
{
	struct ww_acquire_ctx ctx;
	struct dma_resv obj;
	int ret;

	dma_resv_init(&obj);
	ww_acquire_init(&ctx, &reservation_ww_class);
	ret = dma_resv_lock(&obj, &ctx);
	if (ret == -EDEADLK)
		dma_resv_lock_slow(&obj, &ctx);
	/* Record: resv lock held -> may wait for a fence. */
	__dma_fence_might_wait();
	dma_resv_unlock(&obj);
	ww_acquire_fini(&ctx);
	dma_resv_fini(&obj);
}
