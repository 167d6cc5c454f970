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

/**
 * DOC: flags
 *
 * DRM_EXEC_INTERRUPTIBLE_WAIT: lock interruptibly (a signal gives -EINTR).
 * DRM_EXEC_IGNORE_DUPLICATES: locking an object twice is not an error.
 */
#define DRM_EXEC_INTERRUPTIBLE_WAIT BIT(0)
#define DRM_EXEC_IGNORE_DUPLICATES BIT(1)

/**
 * struct drm_exec - the state of locking a set of reservation objects
 * @flags: DRM_EXEC_*
 * @ticket: the Wait-Die acquire context
 * @num_objects: objects locked
 * @max_objects: room in @objects
 * @objects: the locked objects, in locking order
 * @contended: the object we lost on, to take with the slow path next round
 * @prelocked: taken by the slow path, before the loop asks for it again
 */
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

/**
 * drm_exec_obj() - a locked object by index
 * @exec: the state
 * @index: 0 .. num_objects - 1
 *
 * Context: the locking thread.
 * Return: the object, or NULL past the end.
 */
static inline struct dma_resv *drm_exec_obj(struct drm_exec *exec,
					    unsigned long index)
{
	return index < exec->num_objects ? exec->objects[index] : NULL;
}

/**
 * drm_exec_for_each_locked_object - every locked object, in locking order
 * @exec: the state
 * @index: unsigned long index
 * @obj: the current object
 */
#define drm_exec_for_each_locked_object(exec, index, obj)                  \
	for ((index) = 0; ((obj) = drm_exec_obj(exec, index)); ++(index))

/**
 * drm_exec_for_each_locked_object_reverse - the same, last locked first
 * @exec: the state
 * @index: unsigned long index
 * @obj: the current object
 */
#define drm_exec_for_each_locked_object_reverse(exec, index, obj)          \
	for ((index) = (exec)->num_objects - 1;                            \
	     ((obj) = drm_exec_obj(exec, index)); --(index))

/**
 * drm_exec_until_all_locked - run a block until every lock in it is held
 * @exec: the state
 *
 * A contended lock jumps back to the top (drm_exec_retry_on_contention())
 * after dropping them all.
 */
#define drm_exec_until_all_locked(exec)                                    \
__PASTE(__drm_exec_, __LINE__):                                            \
	for (void *__drm_exec_retry_ptr; ({                                \
		__drm_exec_retry_ptr = &&__PASTE(__drm_exec_, __LINE__);   \
		(void)__drm_exec_retry_ptr;                                \
		drm_exec_cleanup(exec);                                    \
	});)

/**
 * drm_exec_retry_on_contention - start the block over after contention
 * @exec: the state
 *
 * Use right after each lock or prepare call inside
 * drm_exec_until_all_locked().
 */
#define drm_exec_retry_on_contention(exec)                                 \
	do {                                                               \
		if (unlikely(drm_exec_is_contended(exec)))                 \
			goto *__drm_exec_retry_ptr;                        \
	} while (0)

/**
 * __PASTE_ - token pasting
 * @a: first token
 * @b: second token
 */
#define __PASTE_(a, b) a##b
#define __PASTE(a, b) __PASTE_(a, b)

/**
 * drm_exec_is_contended() - did the last lock lose to another context?
 * @exec: the state
 *
 * Context: the locking thread.
 * Return: true if the block must start over.
 */
static inline bool drm_exec_is_contended(struct drm_exec *exec)
{
	return !!exec->contended;
}

/**
 * drm_exec_init() - start locking a set of objects
 * @exec: the state
 * @flags: DRM_EXEC_*
 * @nr: expected number of objects; 0 for a default
 *
 * A failed allocation shows up as -ENOMEM at the first lock.
 *
 * Context: process context; allocates.
 */
void drm_exec_init(struct drm_exec *exec, u32 flags, unsigned int nr);
/**
 * drm_exec_fini() - unlock everything and free the state
 * @exec: the state
 *
 * Context: the locking thread.
 */
void drm_exec_fini(struct drm_exec *exec);
/**
 * drm_exec_cleanup() - the loop condition of drm_exec_until_all_locked()
 * @exec: the state
 *
 * The first call starts the ticket; after contention it drops every lock
 * (the next lock call takes the contended one with the slow path first);
 * once the block ran through, the ticket is done.
 *
 * Context: the locking thread.
 * Return: true to run the block (again), false once it completed.
 */
bool drm_exec_cleanup(struct drm_exec *exec);
/**
 * drm_exec_lock_obj() - lock one object
 * @exec: the state
 * @obj: the object
 *
 * Context: process context; may sleep.
 * Return: 0; -EDEADLK on contention (then drm_exec_retry_on_contention()
 * starts over); -EALREADY if already locked (0 with
 * DRM_EXEC_IGNORE_DUPLICATES); -EINTR (interruptible); -ENOMEM.
 */
int drm_exec_lock_obj(struct drm_exec *exec, struct dma_resv *obj);
/**
 * drm_exec_unlock_obj() - unlock one object and forget it
 * @exec: the state
 * @obj: the object
 *
 * Context: the locking thread.
 */
void drm_exec_unlock_obj(struct drm_exec *exec, struct dma_resv *obj);
/**
 * drm_exec_prepare_obj() - lock an object and reserve fence slots
 * @exec: the state
 * @obj: the object
 * @num_fences: slots to reserve
 *
 * Context: process context; may sleep.
 * Return: as drm_exec_lock_obj(), or dma_resv_reserve_fences()'s errno
 * (the object is unlocked again then).
 */
int drm_exec_prepare_obj(struct drm_exec *exec, struct dma_resv *obj,
			 unsigned int num_fences);
/**
 * drm_exec_prepare_array() - drm_exec_prepare_obj() on each of an array
 * @exec: the state
 * @objects: the objects
 * @num_objects: entries in @objects
 * @num_fences: slots to reserve on each
 *
 * Context: process context; may sleep.
 * Return: 0, or the first error.
 */
int drm_exec_prepare_array(struct drm_exec *exec, struct dma_resv **objects,
			   unsigned int num_objects, unsigned int num_fences);
/**
 * drm_exec_unlock_all() - unlock every object
 * @exec: the state
 *
 * Context: the locking thread.
 */
void drm_exec_unlock_all(struct drm_exec *exec);

#endif
