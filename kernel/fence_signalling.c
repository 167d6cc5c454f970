// SPDX-License-Identifier: GPL-2.0
/* Fence signalling sections, checked through a lock-checker pseudo-lock. */
/* Without the checker, this file provides the no-ops outside code links to. */
#define __LOCKDEP_DEFINE_NOOPS
#include <dmabridge/fence-signalling.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/report.h>

#if CONFIG_LOCKDEP

static struct lock_class_key dma_fence_lockdep_key;
static struct lockdep_map dma_fence_lockdep_map =
	STATIC_LOCKDEP_MAP_INIT("dma_fence_map", &dma_fence_lockdep_key,
				LD_LOCK_FENCE_SIGNALLING);

bool dma_fence_begin_signalling(void)
{
	if (!lockdep_enabled() || lock_is_held(&dma_fence_lockdep_map))
		return true;
	/* Recursive read: signalling sections never block each other. */
	lock_acquire(&dma_fence_lockdep_map, 0, 0, 2, NULL);
	return false;
}

void dma_fence_end_signalling(bool cookie)
{
	if (cookie)
		return;
	lock_release(&dma_fence_lockdep_map);
}

void __dma_fence_might_wait(void)
{
	if (!lockdep_enabled())
		return;
	if (lock_is_held(&dma_fence_lockdep_map)) {
		report_emit(REPORT_SIGNALLING,
			    "waiting for a fence inside a fence signalling section (dma_fence_begin_signalling): the fence may never signal");
		return;
	}
	/* Records "every lock held now" -> fence wait. */
	lock_acquire(&dma_fence_lockdep_map, 0, 0, 0, NULL);
	lock_release(&dma_fence_lockdep_map);
}

#else /* !CONFIG_LOCKDEP */

/* The out-of-line no-ops for code outside the library (fence-signalling.h). */
bool dma_fence_begin_signalling(void)
{
	return true;
}

void dma_fence_end_signalling(bool cookie)
{
}

void __dma_fence_might_wait(void)
{
}

#endif /* CONFIG_LOCKDEP */
