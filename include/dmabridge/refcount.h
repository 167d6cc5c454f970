/* SPDX-License-Identifier: GPL-2.0 */
/*
 * refcount_t: a reference count that saturates instead of wrapping and
 * warns on increment-from-zero, and kref on top of it.
 */
#ifndef DMABRIDGE_REFCOUNT_H
#define DMABRIDGE_REFCOUNT_H

#include <limits.h>
#include <dmabridge/atomic.h>
#include <dmabridge/bug.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/mutex.h>

/**
 * DOC: refcount_t
 *
 * A reference count (one atomic_t, .refs) that saturates at
 * REFCOUNT_SATURATED instead of wrapping, and WARNs on increment-from-zero,
 * underflow and overflow, as Linux's does; a saturated count never frees.
 * Every function here is usable in any context.
 */
typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }
#define REFCOUNT_SATURATED (INT_MIN / 2)

/**
 * refcount_set() - set a count
 * @r: the count
 * @n: the value
 */
static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

/**
 * refcount_read() - read a count
 * @r: the count
 *
 * Return: the value.
 */
static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

/**
 * __refcount_wrap_add() - @old + @i without C's signed-overflow UB
 * @old: a value
 * @i: what to add
 *
 * The kernel builds with -fwrapv.
 *
 * Return: the wrapped sum.
 */
static inline int __refcount_wrap_add(int old, int i)
{
	return (int)((unsigned int)old + (unsigned int)i);
}

/**
 * __refcount_saturate() - saturate a count and WARN
 * @r: the count
 * @what: what went wrong
 */
static inline void __refcount_saturate(refcount_t *r, const char *what)
{
	atomic_set(&r->refs, REFCOUNT_SATURATED);
	WARN(1, "refcount_t: %s", what);
}

/**
 * refcount_add_not_zero() - add unless the count is 0
 * @i: what to add
 * @r: the count
 *
 * Return: false if the count was 0 (the object is being freed).
 */
static inline bool refcount_add_not_zero(int i, refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (!old)
			return false;
	} while (!atomic_try_cmpxchg(&r->refs, &old,
				     __refcount_wrap_add(old, i)));
	if (unlikely(old < 0 || __refcount_wrap_add(old, i) < 0))
		__refcount_saturate(r, "saturated; leaking memory");
	return true;
}

/**
 * refcount_inc_not_zero() - take a reference unless the count is 0
 * @r: the count
 *
 * Return: false if it was 0.
 */
static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return refcount_add_not_zero(1, r);
}

/**
 * refcount_add() - add to a count (WARNs if it was 0)
 * @i: what to add
 * @r: the count
 */
static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	if (unlikely(!old))
		__refcount_saturate(r, "addition on 0; use-after-free");
	else if (unlikely(old < 0 || __refcount_wrap_add(old, i) < 0))
		__refcount_saturate(r, "saturated; leaking memory");
}

/**
 * refcount_inc() - take a reference (WARNs if the count was 0)
 * @r: the count
 */
static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

/**
 * refcount_sub_and_test() - subtract and test for zero
 * @i: what to subtract
 * @r: the count
 *
 * Return: true if the count reached 0: the caller frees the object.
 */
static inline __must_check bool refcount_sub_and_test(int i, refcount_t *r)
{
	int old = atomic_fetch_add(-i, &r->refs);

	if (old == i)
		return true;
	if (unlikely(old < 0 || __refcount_wrap_add(old, -i) < 0))
		__refcount_saturate(r, "underflow; use-after-free");
	return false;
}

/**
 * refcount_dec_and_test() - drop a reference and test for zero
 * @r: the count
 *
 * Return: true if it was the last.
 */
static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

/**
 * refcount_dec() - drop a reference that must not be the last
 * @r: the count
 *
 * WARNs (and saturates) if it was.
 */
static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(atomic_fetch_add(-1, &r->refs) <= 1))
		__refcount_saturate(r, "decrement hit 0; leaking memory");
}

/**
 * refcount_dec_not_one() - decrement unless the count is 1
 * @r: the count
 *
 * Return: true if decremented (or saturated), false if it was 1.
 */
static inline __must_check bool refcount_dec_not_one(refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (unlikely(old == REFCOUNT_SATURATED))
			return true;
		if (old == 1)
			return false;
		if (unlikely(old <= 0)) {
			__refcount_saturate(r, "underflow; use-after-free");
			return true;
		}
	} while (!atomic_try_cmpxchg(&r->refs, &old, old - 1));
	return true;
}

/**
 * refcount_dec_if_one() - 1 -> 0 only
 * @r: the count
 *
 * Return: true if this was the last reference and it is gone.
 */
static inline __must_check bool refcount_dec_if_one(refcount_t *r)
{
	int one = 1;

	return atomic_try_cmpxchg(&r->refs, &one, 0);
}

/**
 * refcount_dec_and_mutex_lock() - drop a reference, locking if the last
 * @r: the count
 * @lock: the mutex that protects the object's lookup
 *
 * Context: process context; may sleep (takes @lock).
 * Return: true if it was the last, with @lock held (the caller releases
 * the object, then the lock).
 */
static inline __must_check bool refcount_dec_and_mutex_lock(refcount_t *r,
							    struct mutex *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	mutex_lock(lock);
	if (!refcount_dec_and_test(r)) {
		mutex_unlock(lock);
		return false;
	}
	return true;
}

/**
 * refcount_dec_and_lock() - refcount_dec_and_mutex_lock() with a spinlock
 * @r: the count
 * @lock: the spinlock
 *
 * Return: true if it was the last, with @lock held.
 */
static inline __must_check bool refcount_dec_and_lock(refcount_t *r,
						      spinlock_t *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	spin_lock(lock);
	if (!refcount_dec_and_test(r)) {
		spin_unlock(lock);
		return false;
	}
	return true;
}

/**
 * struct kref - a reference count for objects with a release function
 * @refcount: the count
 */
struct kref {
	refcount_t refcount;
};

#define KREF_INIT(n) { .refcount = REFCOUNT_INIT(n) }

/**
 * kref_init() - set the count to 1
 * @kref: the kref
 */
static inline void kref_init(struct kref *kref)
{
	refcount_set(&kref->refcount, 1);
}

/**
 * kref_read() - read the count
 * @kref: the kref
 *
 * Return: the count.
 */
static inline unsigned int kref_read(const struct kref *kref)
{
	return refcount_read(&kref->refcount);
}

/**
 * kref_get() - take a reference
 * @kref: the kref
 */
static inline void kref_get(struct kref *kref)
{
	refcount_inc(&kref->refcount);
}

/**
 * kref_put() - drop a reference; call @release on the last
 * @kref: the kref
 * @release: frees the object
 *
 * Return: 1 if the object was released, else 0.
 */
static inline int kref_put(struct kref *kref,
			   void (*release)(struct kref *kref))
{
	if (refcount_dec_and_test(&kref->refcount)) {
		release(kref);
		return 1;
	}
	return 0;
}

/**
 * kref_put_mutex() - kref_put() with @release run under a mutex
 * @kref: the kref
 * @release: frees the object; called with @lock held and must drop it
 * @lock: the mutex
 *
 * Context: process context; may sleep.
 * Return: 1 if released, else 0.
 */
static inline int kref_put_mutex(struct kref *kref,
				 void (*release)(struct kref *kref),
				 struct mutex *lock)
{
	if (refcount_dec_and_mutex_lock(&kref->refcount, lock)) {
		release(kref);
		return 1;
	}
	return 0;
}

/**
 * kref_put_lock() - kref_put() with @release run under a spinlock
 * @kref: the kref
 * @release: frees the object; called with @lock held and must drop it
 * @lock: the spinlock
 *
 * Return: 1 if released, else 0.
 */
static inline int kref_put_lock(struct kref *kref,
				void (*release)(struct kref *kref),
				spinlock_t *lock)
{
	if (refcount_dec_and_lock(&kref->refcount, lock)) {
		release(kref);
		return 1;
	}
	return 0;
}

/**
 * kref_get_unless_zero() - take a reference unless the count is 0
 * @kref: the kref
 *
 * Return: nonzero if taken.
 */
static inline int __must_check kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}

#endif
