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

/**
 * enum mmu_notifier_event - why the CPU page tables change
 * @MMU_NOTIFY_UNMAP: munmap, process exit
 * @MMU_NOTIFY_CLEAR: zap, MADV_DONTNEED, truncate
 * @MMU_NOTIFY_PROTECTION_VMA: mprotect
 * @MMU_NOTIFY_PROTECTION_PAGE: protection of single pages
 * @MMU_NOTIFY_SOFT_DIRTY: soft-dirty tracking
 * @MMU_NOTIFY_RELEASE: the mm goes away
 * @MMU_NOTIFY_MIGRATE: page migration
 * @MMU_NOTIFY_EXCLUSIVE: exclusive device access
 */
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

/**
 * struct mmu_notifier_range - an invalidation
 * @mm: the address space
 * @start: first address
 * @end: end address (exclusive)
 * @flags: MMU_NOTIFIER_RANGE_BLOCKABLE
 * @event: why
 * @owner: who caused it (for a driver to skip its own)
 */
struct mmu_notifier_range {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;		/* exclusive */
	unsigned int flags;
	enum mmu_notifier_event event;
	void *owner;
};

static inline bool
/**
 * mmu_notifier_range_blockable() - may the callback sleep?
 * @range: the invalidation
 *
 * Context: any context.
 * Return: true if the callback may block.
 */
mmu_notifier_range_blockable(const struct mmu_notifier_range *range)
{
	return range->flags & MMU_NOTIFIER_RANGE_BLOCKABLE;
}

/**
 * struct mmu_interval_notifier_ops - a mirror's callbacks
 */
struct mmu_interval_notifier_ops {
	/**
	 * @invalidate: the range's page tables are about to change: take
	 * the driver's user_lock, call mmu_interval_set_seq(), tear down
	 * device mappings. Returns false only if !blockable and it could
	 * not take its lock. May run with mmap_lock held for write: never
	 * take mmap_lock in it.
	 */
	bool (*invalidate)(struct mmu_interval_notifier *interval_sub,
			   const struct mmu_notifier_range *range,
			   unsigned long cur_seq);
};

/**
 * struct mmu_interval_notifier - one watched range of an mm
 * @interval_tree: its range, in the mm's tree
 * @ops: its callbacks
 * @mm: the address space (a reference on the mm_struct)
 * @deferred_item: on the deferred list while an invalidation runs
 * @invalidate_seq: the collision-retry sequence
 * @inserted: in the tree (under the subscriptions lock)
 * @deferred_add: an insert waits for the running invalidation
 */
struct mmu_interval_notifier {
	struct interval_tree_node interval_tree;
	const struct mmu_interval_notifier_ops *ops;
	struct mm_struct *mm;
	struct hlist_node deferred_item;
	unsigned long invalidate_seq;
	bool inserted;			/* in the tree (under subscriptions lock) */
	bool deferred_add;		/* pending insert while invalidating */
};

/**
 * mmu_interval_notifier_insert() - watch a range of an mm
 * @interval_sub: the notifier
 * @mm: the address space; a reference on the mm_struct is taken
 * @start: first address
 * @length: bytes
 * @ops: its callbacks
 *
 * Context: process context; mmap_lock not held.
 * Return: 0, -EINVAL (no notifier, mm or ->invalidate), -EOVERFLOW (a
 * zero or wrapping length).
 */
int mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub,
				 struct mm_struct *mm, unsigned long start,
				 unsigned long length,
				 const struct mmu_interval_notifier_ops *ops);
/**
 * mmu_interval_notifier_insert_locked() - the same with mmap_lock held
 * @interval_sub: the notifier
 * @mm: the address space
 * @start: first address
 * @length: bytes
 * @ops: its callbacks
 *
 * Context: @mm's mmap_lock held.
 * Return: as mmu_interval_notifier_insert().
 */
int mmu_interval_notifier_insert_locked(
	struct mmu_interval_notifier *interval_sub, struct mm_struct *mm,
	unsigned long start, unsigned long length,
	const struct mmu_interval_notifier_ops *ops);
/**
 * mmu_interval_notifier_remove() - stop watching
 * @interval_sub: the notifier
 *
 * Waits for an invalidation in flight, so once it returns the callback
 * never runs again.
 *
 * Context: process context; sleeps; not from inside the callback.
 */
void mmu_interval_notifier_remove(struct mmu_interval_notifier *interval_sub);

/**
 * mmu_interval_read_begin() - start a collision-retry read
 * @interval_sub: the notifier
 *
 * Sleeps out an invalidation in progress.
 *
 * Context: process context; may sleep; not under the driver's user_lock.
 * Return: the sequence to pass to mmu_interval_read_retry().
 */
unsigned long
mmu_interval_read_begin(struct mmu_interval_notifier *interval_sub);

/**
 * mmu_interval_set_seq() - record an invalidation
 * @interval_sub: the notifier
 * @cur_seq: the invalidate callback's argument
 *
 * Context: in the invalidate callback, under the driver's user_lock.
 */
static inline void
mmu_interval_set_seq(struct mmu_interval_notifier *interval_sub,
		     unsigned long cur_seq)
{
	__atomic_store_n(&interval_sub->invalidate_seq, cur_seq,
			 __ATOMIC_RELEASE);
}

/**
 * mmu_interval_read_retry() - did an invalidation begin since @seq?
 * @interval_sub: the notifier
 * @seq: from mmu_interval_read_begin()
 *
 * Context: under the driver's user_lock.
 * Return: true if the read must be retried.
 */
static inline bool
mmu_interval_read_retry(struct mmu_interval_notifier *interval_sub,
			unsigned long seq)
{
	return __atomic_load_n(&interval_sub->invalidate_seq,
			       __ATOMIC_ACQUIRE) != seq;
}

/**
 * mmu_interval_check_retry() - lockless hint that read_retry will say retry
 * @interval_sub: the notifier
 * @seq: from mmu_interval_read_begin()
 *
 * Context: any context.
 * Return: true if an invalidation began.
 */
static inline bool
mmu_interval_check_retry(struct mmu_interval_notifier *interval_sub,
			 unsigned long seq)
{
	return __atomic_load_n(&interval_sub->invalidate_seq,
			       __ATOMIC_RELAXED) != seq;
}

/**
 * mmu_notifier_range_init() - describe an invalidation (for mm/)
 * @range: the range to fill
 * @event: why
 * @flags: MMU_NOTIFIER_RANGE_BLOCKABLE
 * @mm: the address space
 * @start: first address
 * @end: end address (exclusive)
 *
 * Context: any context.
 */
void mmu_notifier_range_init(struct mmu_notifier_range *range,
			     enum mmu_notifier_event event, unsigned int flags,
			     struct mm_struct *mm, unsigned long start,
			     unsigned long end);
/**
 * mmu_notifier_invalidate_range_start() - call the overlapping callbacks
 * @range: the invalidation
 *
 * Before the CPU page tables change.
 *
 * Context: process context; may sleep if blockable.
 */
void mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range);
/**
 * mmu_notifier_invalidate_range_end() - the page tables have changed
 * @range: the invalidation
 *
 * Ends the invalidation: readers waiting in mmu_interval_read_begin() go
 * on, deferred inserts join the tree.
 *
 * Context: process context.
 */
void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range);
/**
 * mmu_notifier_subscriptions_init() - an mm's notifier state
 * @mm: the address space
 *
 * Context: process context (mm creation).
 * Return: 0, or -ENOMEM.
 */
int mmu_notifier_subscriptions_init(struct mm_struct *mm);
/**
 * mmu_notifier_subscriptions_destroy() - free an mm's notifier state
 * @mm: the address space
 *
 * Context: process context (mm teardown).
 */
void mmu_notifier_subscriptions_destroy(struct mm_struct *mm);
/**
 * mmu_interval_notifier_count() - notifiers registered on an mm
 * @mm: the address space
 *
 * Context: any context.
 * Return: the count.
 */
unsigned long mmu_interval_notifier_count(struct mm_struct *mm);

#endif
