// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_interval_notifier: per-mm interval tree of subscriptions and the
 * sequence number that lets readers detect a collision with an
 * invalidation. invalidate_seq is odd while invalidations are in flight;
 * each subscription's own invalidate_seq is set to the current odd value
 * by its callback, so a reader that started before sees a change.
 * The tree is not modified while invalidations run: inserts and removes
 * are deferred until the last one ends.
 *
 * __mmu_notifier_invalidate_range_start_map is a lock-checker pseudo-lock
 * held around the callbacks and taken before every wait for them (remove,
 * read_begin), as in Linux: a caller of those that holds a lock some
 * callback takes is reported, whether or not the wait happens.
 */
#include <dmabridge/slab.h>
#include <dmabridge/wait.h>
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>
#include "internal.h"

#if CONFIG_LOCKDEP
static struct lock_class_key mmu_notifier_invalidate_key;
struct lockdep_map __mmu_notifier_invalidate_range_start_map =
	STATIC_LOCKDEP_MAP_INIT("mmu_notifier_invalidate_range_start",
				&mmu_notifier_invalidate_key, LD_LOCK_MAP);
#else
struct lockdep_map __mmu_notifier_invalidate_range_start_map;
#endif

/* "Whatever we hold now may be waited on by an invalidation callback." */
static void mmu_notifier_might_wait_invalidate(void)
{
	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
}

struct mmu_notifier_subscriptions {
	spinlock_t lock;
	unsigned long invalidate_seq;	/* odd: invalidating */
	unsigned long active_invalidate_ranges;
	struct interval_tree_root itree;
	wait_queue_head_t wq;
	struct hlist_head deferred_list;
	unsigned long count;
};

int mmu_notifier_subscriptions_init(struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	spin_lock_init(&s->lock);
	s->invalidate_seq = 2;
	interval_tree_init(&s->itree);
	init_waitqueue_head(&s->wq);
	INIT_HLIST_HEAD(&s->deferred_list);
	mm->notifier_subscriptions = s;
	return 0;
}

void mmu_notifier_subscriptions_destroy(struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *s = mm->notifier_subscriptions;

	if (!s)
		return;
	WARN_ON(!interval_tree_empty(&s->itree));
	spin_lock_destroy(&s->lock);
	kfree(s);
	mm->notifier_subscriptions = NULL;
}

unsigned long mmu_interval_notifier_count(struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *s = mm->notifier_subscriptions;
	unsigned long n;

	spin_lock(&s->lock);
	n = s->count;
	spin_unlock(&s->lock);
	return n;
}

static bool itree_is_invalidating(struct mmu_notifier_subscriptions *s)
{
	return s->invalidate_seq & 1;
}

void mmu_notifier_range_init(struct mmu_notifier_range *range,
			     enum mmu_notifier_event event, unsigned int flags,
			     struct mm_struct *mm, unsigned long start,
			     unsigned long end)
{
	range->mm = mm;
	range->start = start;
	range->end = end;
	range->flags = flags | MMU_NOTIFIER_RANGE_BLOCKABLE;
	range->event = event;
	range->owner = NULL;
}

/* Begin an invalidation: returns the (odd) sequence it runs under. */
static unsigned long itree_inv_start(struct mmu_notifier_subscriptions *s)
{
	unsigned long seq;

	spin_lock(&s->lock);
	s->active_invalidate_ranges++;
	if (!itree_is_invalidating(s))
		WRITE_ONCE(s->invalidate_seq, s->invalidate_seq + 1);
	seq = s->invalidate_seq;
	spin_unlock(&s->lock);
	return seq;
}

void mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range)
{
	struct mmu_notifier_subscriptions *s = range->mm->notifier_subscriptions;
	struct interval_tree_node *node;
	unsigned long seq;

	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	if (!s || range->start >= range->end)
		goto out;
	seq = itree_inv_start(s);
	/* The tree is frozen while any invalidation is active. */
	for (node = interval_tree_iter_first(&s->itree, range->start,
					     range->end - 1);
	     node;
	     node = interval_tree_iter_next(node, range->start,
					    range->end - 1)) {
		struct mmu_interval_notifier *sub =
			container_of(node, struct mmu_interval_notifier,
				     interval_tree);
		bool ok = sub->ops->invalidate(sub, range, seq);

		/* Always blockable here: a callback may not refuse. */
		WARN_ON(!ok);
	}
out:
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
}

void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range)
{
	struct mmu_notifier_subscriptions *s = range->mm->notifier_subscriptions;
	struct mmu_interval_notifier *sub;
	struct hlist_node *next;

	if (!s || range->start >= range->end)
		return;
	spin_lock(&s->lock);
	if (--s->active_invalidate_ranges) {
		spin_unlock(&s->lock);
		return;
	}
	/* Last one out: apply deferred inserts and removes, seq even. */
	hlist_for_each_entry_safe(sub, next, &s->deferred_list, deferred_item) {
		if (sub->deferred_add) {
			interval_tree_insert(&sub->interval_tree, &s->itree);
			sub->inserted = true;
		} else {
			interval_tree_remove(&sub->interval_tree, &s->itree);
			sub->inserted = false;
		}
		sub->deferred_add = false;
		hlist_del_init(&sub->deferred_item);
	}
	WRITE_ONCE(s->invalidate_seq, s->invalidate_seq + 1);
	spin_unlock(&s->lock);
	wake_up_all(&s->wq);
}

static int __interval_insert(struct mmu_interval_notifier *sub,
			     struct mm_struct *mm, unsigned long start,
			     unsigned long length,
			     const struct mmu_interval_notifier_ops *ops)
{
	struct mmu_notifier_subscriptions *s;
	unsigned long last;

	if (!sub || !mm || !ops || !ops->invalidate)
		return -EINVAL;
	if (length == 0 || __builtin_add_overflow(start, length, &last))
		return -EOVERFLOW;
	s = mm->notifier_subscriptions;
	sub->interval_tree.start = start;
	sub->interval_tree.last = last - 1;
	sub->ops = ops;
	sub->mm = mm;
	sub->inserted = false;
	sub->deferred_add = false;
	INIT_HLIST_NODE(&sub->deferred_item);
	mmgrab(mm);

	spin_lock(&s->lock);
	if (s->active_invalidate_ranges) {
		/*
		 * An invalidation is running: join the tree when it ends,
		 * and make read_begin wait for that.
		 */
		sub->deferred_add = true;
		hlist_add_head(&sub->deferred_item, &s->deferred_list);
		WRITE_ONCE(sub->invalidate_seq, s->invalidate_seq);
	} else {
		WRITE_ONCE(sub->invalidate_seq, s->invalidate_seq - 1);
		interval_tree_insert(&sub->interval_tree, &s->itree);
		sub->inserted = true;
	}
	s->count++;
	spin_unlock(&s->lock);
	return 0;
}

int mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub,
				 struct mm_struct *mm, unsigned long start,
				 unsigned long length,
				 const struct mmu_interval_notifier_ops *ops)
{
	might_lock(&mm->mmap_lock);
	return __interval_insert(interval_sub, mm, start, length, ops);
}

int mmu_interval_notifier_insert_locked(
	struct mmu_interval_notifier *interval_sub, struct mm_struct *mm,
	unsigned long start, unsigned long length,
	const struct mmu_interval_notifier_ops *ops)
{
	mmap_assert_locked(mm);
	return __interval_insert(interval_sub, mm, start, length, ops);
}

void mmu_interval_notifier_remove(struct mmu_interval_notifier *interval_sub)
{
	struct mm_struct *mm = interval_sub->mm;
	struct mmu_notifier_subscriptions *s = mm->notifier_subscriptions;
	unsigned long seq = 0;

	spin_lock(&s->lock);
	if (s->active_invalidate_ranges) {
		if (interval_sub->deferred_add) {
			/* Never made it into the tree: cancel the insert. */
			hlist_del_init(&interval_sub->deferred_item);
			interval_sub->deferred_add = false;
		} else if (interval_sub->inserted) {
			hlist_add_head(&interval_sub->deferred_item,
				       &s->deferred_list);
		}
		seq = s->invalidate_seq;
	} else {
		WARN_ON(!interval_sub->inserted);
		interval_tree_remove(&interval_sub->interval_tree, &s->itree);
		interval_sub->inserted = false;
	}
	s->count--;
	spin_unlock(&s->lock);

	/*
	 * A callback may be running on it: wait for the invalidation. The
	 * caller may not hold a lock a callback takes, wait or not.
	 */
	mmu_notifier_might_wait_invalidate();
	if (seq)
		wait_event(s->wq, READ_ONCE(s->invalidate_seq) != seq);
	mmdrop(mm);
}

unsigned long
mmu_interval_read_begin(struct mmu_interval_notifier *interval_sub)
{
	struct mmu_notifier_subscriptions *s =
		interval_sub->mm->notifier_subscriptions;
	unsigned long seq;
	bool is_invalidating;

	/*
	 * If the subscription's seq equals the odd global seq, its callback
	 * already ran for the invalidation in flight (or it was inserted
	 * during it): the pages may change under us until it ends.
	 */
	spin_lock(&s->lock);
	seq = READ_ONCE(interval_sub->invalidate_seq);
	is_invalidating = seq == s->invalidate_seq;
	spin_unlock(&s->lock);

	mmu_notifier_might_wait_invalidate();
	if (is_invalidating)
		wait_event(s->wq, READ_ONCE(s->invalidate_seq) != seq);
	return seq;
}
