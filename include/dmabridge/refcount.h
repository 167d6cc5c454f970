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

typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }
#define REFCOUNT_SATURATED (INT_MIN / 2)

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

/* old + i without C's signed-overflow UB: the kernel builds with -fwrapv. */
static inline int __refcount_wrap_add(int old, int i)
{
	return (int)((unsigned int)old + (unsigned int)i);
}

static inline void __refcount_saturate(refcount_t *r, const char *what)
{
	atomic_set(&r->refs, REFCOUNT_SATURATED);
	WARN(1, "refcount_t: %s", what);
}

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

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return refcount_add_not_zero(1, r);
}

static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	if (unlikely(!old))
		__refcount_saturate(r, "addition on 0; use-after-free");
	else if (unlikely(old < 0 || __refcount_wrap_add(old, i) < 0))
		__refcount_saturate(r, "saturated; leaking memory");
}

static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

static inline __must_check bool refcount_sub_and_test(int i, refcount_t *r)
{
	int old = atomic_fetch_add(-i, &r->refs);

	if (old == i)
		return true;
	if (unlikely(old < 0 || __refcount_wrap_add(old, -i) < 0))
		__refcount_saturate(r, "underflow; use-after-free");
	return false;
}

static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

/* A plain decrement must never drop the last reference. */
static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(atomic_fetch_add(-1, &r->refs) <= 1))
		__refcount_saturate(r, "decrement hit 0; leaking memory");
}

/* Decrement unless the count is 1 (or saturated); true if decremented. */
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

/* 1 -> 0 only: true if this was the last reference and it is gone. */
static inline __must_check bool refcount_dec_if_one(refcount_t *r)
{
	int one = 1;

	return atomic_try_cmpxchg(&r->refs, &one, 0);
}

/*
 * Drop a reference; if it was the last, return true with @lock held (the
 * caller releases the object, then the lock).
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

struct kref {
	refcount_t refcount;
};

#define KREF_INIT(n) { .refcount = REFCOUNT_INIT(n) }

static inline void kref_init(struct kref *kref)
{
	refcount_set(&kref->refcount, 1);
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return refcount_read(&kref->refcount);
}

static inline void kref_get(struct kref *kref)
{
	refcount_inc(&kref->refcount);
}

static inline int kref_put(struct kref *kref,
			   void (*release)(struct kref *kref))
{
	if (refcount_dec_and_test(&kref->refcount)) {
		release(kref);
		return 1;
	}
	return 0;
}

/* Like kref_put(), but @release runs with @lock held (and drops it). */
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

static inline int __must_check kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}

#endif
