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

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (!old)
			return false;
	} while (!atomic_try_cmpxchg(&r->refs, &old, old + 1));
	if (unlikely(old < 0 || old + 1 < 0)) {
		atomic_set(&r->refs, REFCOUNT_SATURATED);
		WARN(1, "refcount_t: saturated; leaking memory");
	}
	return true;
}

static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	if (unlikely(!old))
		WARN(1, "refcount_t: addition on 0; use-after-free");
	else if (unlikely(old < 0 || old + i < 0)) {
		atomic_set(&r->refs, REFCOUNT_SATURATED);
		WARN(1, "refcount_t: saturated; leaking memory");
	}
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
	if (unlikely(old < 0 || old - i < 0)) {
		atomic_set(&r->refs, REFCOUNT_SATURATED);
		WARN(1, "refcount_t: underflow; use-after-free");
	}
	return false;
}

static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

static inline void refcount_dec(refcount_t *r)
{
	if (WARN(refcount_dec_and_test(r), "refcount_t: decrement hit 0"))
		return;
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

static inline int __must_check kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}

#endif
