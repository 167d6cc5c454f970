/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmu_interval_notifier: a driver mirroring part of an address space is
 * told, before the CPU page tables change, which range is invalidated
 * and why; readers use the collision-retry scheme:
 *
 *	again:
 *	seq = mmu_interval_read_begin(sub);   (sleeps out an invalidation)
 *	look up PFNs / pages (mmap_lock read, then drop it)
 *	mutex_lock(&driver->user_lock);
 *	if (mmu_interval_read_retry(sub, seq)) {
 *		mutex_unlock(&driver->user_lock);
 *		goto again;
 *	}
 *	program the device; mutex_unlock(&driver->user_lock);
 *
 * and the invalidate callback takes user_lock, calls
 * mmu_interval_set_seq(sub, cur_seq) and tears down device mappings. The
 * callback may run with mmap_lock held for write: never take mmap_lock
 * in it.
 */
#ifndef DMABRIDGE_MMU_NOTIFIER_H
#define DMABRIDGE_MMU_NOTIFIER_H

#include <dmabridge/types.h>
#include <dmabridge/list.h>
#include <dmabridge/interval_tree.h>

struct mm_struct;
struct mmu_interval_notifier;

enum mmu_notifier_event {
	MMU_NOTIFY_UNMAP = 0,		/* munmap, process exit */
	MMU_NOTIFY_CLEAR,		/* zap, MADV_DONTNEED, truncate */
	MMU_NOTIFY_PROTECTION_VMA,	/* mprotect */
	MMU_NOTIFY_PROTECTION_PAGE,
	MMU_NOTIFY_SOFT_DIRTY,
	MMU_NOTIFY_RELEASE,
	MMU_NOTIFY_MIGRATE,		/* page migration */
	MMU_NOTIFY_EXCLUSIVE,
};

#define MMU_NOTIFIER_RANGE_BLOCKABLE (1 << 0)

struct mmu_notifier_range {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;		/* exclusive */
	unsigned int flags;
	enum mmu_notifier_event event;
	void *owner;
};

static inline bool
mmu_notifier_range_blockable(const struct mmu_notifier_range *range)
{
	return range->flags & MMU_NOTIFIER_RANGE_BLOCKABLE;
}

struct mmu_interval_notifier_ops {
	/* false only if !blockable and it could not take its lock */
	bool (*invalidate)(struct mmu_interval_notifier *interval_sub,
			   const struct mmu_notifier_range *range,
			   unsigned long cur_seq);
};

struct mmu_interval_notifier {
	struct interval_tree_node interval_tree;
	const struct mmu_interval_notifier_ops *ops;
	struct mm_struct *mm;
	struct hlist_node deferred_item;
	unsigned long invalidate_seq;
	bool inserted;			/* in the tree (under subscriptions lock) */
	bool deferred_add;		/* pending insert while invalidating */
};

/* Watch [start, start + length) of @mm; takes a reference on the mm_struct. */
int mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub,
				 struct mm_struct *mm, unsigned long start,
				 unsigned long length,
				 const struct mmu_interval_notifier_ops *ops);
int mmu_interval_notifier_insert_locked(
	struct mmu_interval_notifier *interval_sub, struct mm_struct *mm,
	unsigned long start, unsigned long length,
	const struct mmu_interval_notifier_ops *ops);
/*
 * Stop watching; waits for an invalidation in flight, so once it returns
 * the callback never runs again. Not from inside the callback.
 */
void mmu_interval_notifier_remove(struct mmu_interval_notifier *interval_sub);

unsigned long
mmu_interval_read_begin(struct mmu_interval_notifier *interval_sub);

/* In the invalidate callback, under the driver's user_lock. */
static inline void
mmu_interval_set_seq(struct mmu_interval_notifier *interval_sub,
		     unsigned long cur_seq)
{
	__atomic_store_n(&interval_sub->invalidate_seq, cur_seq,
			 __ATOMIC_RELEASE);
}

/* Under the driver's user_lock: did an invalidation begin since @seq? */
static inline bool
mmu_interval_read_retry(struct mmu_interval_notifier *interval_sub,
			unsigned long seq)
{
	return __atomic_load_n(&interval_sub->invalidate_seq,
			       __ATOMIC_ACQUIRE) != seq;
}

/* Lockless hint that read_retry will say retry. */
static inline bool
mmu_interval_check_retry(struct mmu_interval_notifier *interval_sub,
			 unsigned long seq)
{
	return __atomic_load_n(&interval_sub->invalidate_seq,
			       __ATOMIC_RELAXED) != seq;
}

/* For mm/: announce an invalidation of the CPU page tables. */
void mmu_notifier_range_init(struct mmu_notifier_range *range,
			     enum mmu_notifier_event event, unsigned int flags,
			     struct mm_struct *mm, unsigned long start,
			     unsigned long end);
void mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range);
void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range);
int mmu_notifier_subscriptions_init(struct mm_struct *mm);
void mmu_notifier_subscriptions_destroy(struct mm_struct *mm);
/* Number of interval notifiers registered on @mm. */
unsigned long mmu_interval_notifier_count(struct mm_struct *mm);

#endif
