// SPDX-License-Identifier: GPL-2.0
/* drm_exec: lock many reservation objects with back-off and retry. */
#include <dmabridge/drm_exec.h>
#include <dmabridge/slab.h>

/* Before the first drm_exec_cleanup(): the ticket is not initialised. */
#define DRM_EXEC_DUMMY ((struct dma_resv *)~0UL)
/* Grow the object array by this many entries (a page of pointers). */
#define DRM_EXEC_GROW (4096 / sizeof(void *))

void drm_exec_init(struct drm_exec *exec, u32 flags, unsigned int nr)
{
	if (!nr)
		nr = DRM_EXEC_GROW;

	exec->flags = flags;
	exec->objects = kvmalloc(nr * sizeof(void *), GFP_KERNEL);
	/* A failed allocation shows up as -ENOMEM at the first lock. */
	exec->max_objects = exec->objects ? nr : 0;
	exec->num_objects = 0;
	exec->contended = DRM_EXEC_DUMMY;
	exec->prelocked = NULL;
}

void drm_exec_unlock_all(struct drm_exec *exec)
{
	struct dma_resv *obj;
	unsigned long index;

	drm_exec_for_each_locked_object_reverse(exec, index, obj)
		dma_resv_unlock(obj);
	exec->num_objects = 0;
	exec->prelocked = NULL;
}

void drm_exec_fini(struct drm_exec *exec)
{
	drm_exec_unlock_all(exec);
	kvfree(exec->objects);
	if (exec->contended != DRM_EXEC_DUMMY)
		ww_acquire_fini(&exec->ticket);
}

/*
 * The loop condition: true to (re)run the block. The first call starts
 * the ticket; after contention, drop everything and go again; once the
 * block ran through, no more locking with this ticket.
 */
bool drm_exec_cleanup(struct drm_exec *exec)
{
	if (likely(!exec->contended)) {
		ww_acquire_done(&exec->ticket);
		return false;
	}

	if (likely(exec->contended == DRM_EXEC_DUMMY)) {
		exec->contended = NULL;
		ww_acquire_init(&exec->ticket, &reservation_ww_class);
		return true;
	}

	drm_exec_unlock_all(exec);
	return true;
}

static int drm_exec_obj_locked(struct drm_exec *exec, struct dma_resv *obj)
{
	if (unlikely(exec->num_objects == exec->max_objects)) {
		size_t size = exec->max_objects * sizeof(void *);
		void *tmp;

		tmp = krealloc(exec->objects,
			       size + DRM_EXEC_GROW * sizeof(void *),
			       GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		exec->objects = tmp;
		exec->max_objects += DRM_EXEC_GROW;
	}
	exec->objects[exec->num_objects++] = obj;
	return 0;
}

/* Take the lock we lost on last round, sleeping for it. */
static int drm_exec_lock_contended(struct drm_exec *exec)
{
	struct dma_resv *obj = exec->contended;
	int ret;

	if (likely(!obj))
		return 0;

	/* Clear it even on failure, so error handling can run. */
	exec->contended = NULL;
	if (exec->flags & DRM_EXEC_INTERRUPTIBLE_WAIT) {
		ret = dma_resv_lock_slow_interruptible(obj, &exec->ticket);
		if (unlikely(ret))
			return ret;
	} else {
		dma_resv_lock_slow(obj, &exec->ticket);
	}

	ret = drm_exec_obj_locked(exec, obj);
	if (unlikely(ret)) {
		dma_resv_unlock(obj);
		return ret;
	}
	exec->prelocked = obj;
	return 0;
}

int drm_exec_lock_obj(struct drm_exec *exec, struct dma_resv *obj)
{
	int ret;

	ret = drm_exec_lock_contended(exec);
	if (unlikely(ret))
		return ret;

	if (exec->prelocked == obj) {
		exec->prelocked = NULL;
		return 0;
	}

	if (exec->flags & DRM_EXEC_INTERRUPTIBLE_WAIT)
		ret = dma_resv_lock_interruptible(obj, &exec->ticket);
	else
		ret = dma_resv_lock(obj, &exec->ticket);

	if (unlikely(ret == -EDEADLK)) {
		exec->contended = obj;
		return -EDEADLK;
	}
	if (unlikely(ret == -EALREADY) &&
	    (exec->flags & DRM_EXEC_IGNORE_DUPLICATES))
		return 0;
	if (unlikely(ret))
		return ret;

	ret = drm_exec_obj_locked(exec, obj);
	if (ret) {
		dma_resv_unlock(obj);
		return ret;
	}
	return 0;
}

void drm_exec_unlock_obj(struct drm_exec *exec, struct dma_resv *obj)
{
	unsigned int i;

	for (i = exec->num_objects; i--;) {
		if (exec->objects[i] == obj) {
			dma_resv_unlock(obj);
			for (++i; i < exec->num_objects; ++i)
				exec->objects[i - 1] = exec->objects[i];
			--exec->num_objects;
			return;
		}
	}
}

int drm_exec_prepare_obj(struct drm_exec *exec, struct dma_resv *obj,
			 unsigned int num_fences)
{
	int ret;

	ret = drm_exec_lock_obj(exec, obj);
	if (ret)
		return ret;

	ret = dma_resv_reserve_fences(obj, num_fences);
	if (ret) {
		drm_exec_unlock_obj(exec, obj);
		return ret;
	}
	return 0;
}

int drm_exec_prepare_array(struct drm_exec *exec, struct dma_resv **objects,
			   unsigned int num_objects, unsigned int num_fences)
{
	unsigned int i;
	int ret;

	for (i = 0; i < num_objects; ++i) {
		ret = drm_exec_prepare_obj(exec, objects[i], num_fences);
		if (unlikely(ret))
			return ret;
	}
	return 0;
}
