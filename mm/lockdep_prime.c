// SPDX-License-Identifier: GPL-2.0
/*
 * The boot-time lock order of memory management and buffer sharing, as
 * Linux's dma_resv_lockdep() records it (a subsys_initcall there; here
 * platform_create() calls mm_resv_lockdep_prime()):
 *
 *   mmap_lock -> dma_resv -> fs_reclaim -> i_mmap_rwsem
 *                               fs_reclaim -> mmu notifier -> fence wait
 *
 * Faults and GUP take mmap_lock before a driver's resv lock; a resv holder
 * may allocate (and so reclaim); reclaim zaps mappings (i_mmap_rwsem) and
 * invalidates mmu notifiers, whose callbacks wait for fences. Once this is
 * recorded, a driver that faults or pins under a resv lock, allocates in a
 * notifier callback or in a fence signalling section, or waits for a fence
 * under i_mmap_rwsem, is reported the first time, even if the opposite
 * order never runs. Lock classes come from their init sites, so scratch
 * objects stand for every object of their kind.
 */
#include <dmabridge/mm.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/fence-signalling.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/bug.h>

void mm_resv_lockdep_prime(struct platform *plat)
{
	struct address_space mapping;
	struct ww_acquire_ctx ctx;
	struct mm_struct *mm;
	struct dma_resv obj;
	int ret;

	/* Priming under a lock would record that lock before all of these. */
	if (!lockdep_enabled() || WARN_ON(lockdep_depth()))
		return;
	mm = mm_alloc(plat);
	if (!mm)
		return;
	address_space_init(&mapping, NULL);
	dma_resv_init(&obj);

	mmap_read_lock(mm);
	ww_acquire_init(&ctx, &reservation_ww_class);
	ret = dma_resv_lock(&obj, &ctx);
	if (ret == -EDEADLK)
		dma_resv_lock_slow(&obj, &ctx);
	fs_reclaim_acquire(GFP_KERNEL);
	/* Shrinkers zap mappings of trylocked buffers. */
	down_write(&mapping.i_mmap_rwsem);
	up_write(&mapping.i_mmap_rwsem);
	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	__dma_fence_might_wait();
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
	fs_reclaim_release(GFP_KERNEL);
	dma_resv_unlock(&obj);
	ww_acquire_fini(&ctx);
	mmap_read_unlock(mm);

	dma_resv_fini(&obj);
	address_space_destroy(&mapping);
	mmput(mm);
}
