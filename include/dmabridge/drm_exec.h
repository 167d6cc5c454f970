/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drm_exec: lock a set of reservation objects with one Wait-Die acquire
 * context, backing off and retrying on contention, reserving fence slots
 * on the way. Like Linux's drm_exec, but on struct dma_resv directly
 * (Linux locks drm_gem_objects and reaches their resv).
 *
 *	drm_exec_init(&exec, DRM_EXEC_INTERRUPTIBLE_WAIT, 0);
 *	drm_exec_until_all_locked(&exec) {
 *		ret = drm_exec_prepare_obj(&exec, a, 1);
 *		drm_exec_retry_on_contention(&exec);
 *		if (ret)
 *			goto error;
 *		...
 *	}
 *	... add fences ...
 *	drm_exec_fini(&exec);
 *
 * The caller keeps every object alive until drm_exec_fini().
 */
#ifndef DMABRIDGE_DRM_EXEC_H
#define DMABRIDGE_DRM_EXEC_H

#include <dmabridge/dma-resv.h>

#define DRM_EXEC_INTERRUPTIBLE_WAIT BIT(0)
#define DRM_EXEC_IGNORE_DUPLICATES BIT(1)

struct drm_exec {
	u32 flags;
	struct ww_acquire_ctx ticket;
	unsigned int num_objects;
	unsigned int max_objects;
	struct dma_resv **objects;
	/* The object we lost on, to take with the slow path next round. */
	struct dma_resv *contended;
	/* Taken by the slow path, before the loop asks for it again. */
	struct dma_resv *prelocked;
};

static inline struct dma_resv *drm_exec_obj(struct drm_exec *exec,
					    unsigned long index)
{
	return index < exec->num_objects ? exec->objects[index] : NULL;
}

#define drm_exec_for_each_locked_object(exec, index, obj)                  \
	for ((index) = 0; ((obj) = drm_exec_obj(exec, index)); ++(index))

#define drm_exec_for_each_locked_object_reverse(exec, index, obj)          \
	for ((index) = (exec)->num_objects - 1;                            \
	     ((obj) = drm_exec_obj(exec, index)); --(index))

/*
 * Run the block until every lock in it is held; a contended lock jumps
 * back to the top (drm_exec_retry_on_contention) after dropping them all.
 */
#define drm_exec_until_all_locked(exec)                                    \
__PASTE(__drm_exec_, __LINE__):                                            \
	for (void *__drm_exec_retry_ptr; ({                                \
		__drm_exec_retry_ptr = &&__PASTE(__drm_exec_, __LINE__);   \
		(void)__drm_exec_retry_ptr;                                \
		drm_exec_cleanup(exec);                                    \
	});)

#define drm_exec_retry_on_contention(exec)                                 \
	do {                                                               \
		if (unlikely(drm_exec_is_contended(exec)))                 \
			goto *__drm_exec_retry_ptr;                        \
	} while (0)

#define __PASTE_(a, b) a##b
#define __PASTE(a, b) __PASTE_(a, b)

static inline bool drm_exec_is_contended(struct drm_exec *exec)
{
	return !!exec->contended;
}

void drm_exec_init(struct drm_exec *exec, u32 flags, unsigned int nr);
void drm_exec_fini(struct drm_exec *exec);
bool drm_exec_cleanup(struct drm_exec *exec);
int drm_exec_lock_obj(struct drm_exec *exec, struct dma_resv *obj);
void drm_exec_unlock_obj(struct drm_exec *exec, struct dma_resv *obj);
int drm_exec_prepare_obj(struct drm_exec *exec, struct dma_resv *obj,
			 unsigned int num_fences);
int drm_exec_prepare_array(struct drm_exec *exec, struct dma_resv **objects,
			   unsigned int num_objects, unsigned int num_fences);
void drm_exec_unlock_all(struct drm_exec *exec);

#endif
