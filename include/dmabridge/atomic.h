/* SPDX-License-Identifier: GPL-2.0 */
/* atomic_t / atomic64_t / atomic_long_t on compiler builtins. */
#ifndef DMABRIDGE_ATOMIC_H
#define DMABRIDGE_ATOMIC_H

#include <dmabridge/compiler.h>

/**
 * DOC: atomic_t, atomic64_t, atomic_long_t
 *
 * Linux's atomic counters on the compiler's __atomic builtins: for each
 * type (prefix atomic_, atomic64_, atomic_long_) _read/_set are relaxed,
 * _read_acquire/_set_release ordered, and every read-modify-write
 * (_add, _sub, _inc, _dec, _add_return, _fetch_add, _fetch_or,
 * _fetch_andnot, _dec_and_test, _xchg, _cmpxchg, _try_cmpxchg) is fully
 * ordered (sequentially consistent), which is at least what Linux
 * promises for the value-returning ones. Usable in any context.
 */
typedef struct {
	int counter;
} atomic_t;
typedef struct {
	long long counter;
} atomic64_t;
typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(i) { (i) }

#define __DMB_ATOMIC_OPS(pfx, type, vtype)                                  \
	static inline vtype pfx##_read(const type *v)                       \
	{                                                                   \
		return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);      \
	}                                                                   \
	static inline void pfx##_set(type *v, vtype i)                      \
	{                                                                   \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);         \
	}                                                                   \
	static inline vtype pfx##_read_acquire(const type *v)               \
	{                                                                   \
		return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);      \
	}                                                                   \
	static inline void pfx##_set_release(type *v, vtype i)              \
	{                                                                   \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);         \
	}                                                                   \
	static inline vtype pfx##_add_return(vtype i, type *v)              \
	{                                                                   \
		return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline vtype pfx##_sub_return(vtype i, type *v)              \
	{                                                                   \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline vtype pfx##_fetch_add(vtype i, type *v)               \
	{                                                                   \
		return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline vtype pfx##_fetch_or(vtype i, type *v)                \
	{                                                                   \
		return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline vtype pfx##_fetch_andnot(vtype i, type *v)            \
	{                                                                   \
		return __atomic_fetch_and(&v->counter, ~i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline void pfx##_add(vtype i, type *v)                      \
	{                                                                   \
		__atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);       \
	}                                                                   \
	static inline void pfx##_sub(vtype i, type *v)                      \
	{                                                                   \
		__atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);       \
	}                                                                   \
	static inline void pfx##_inc(type *v)                               \
	{                                                                   \
		pfx##_add(1, v);                                            \
	}                                                                   \
	static inline void pfx##_dec(type *v)                               \
	{                                                                   \
		pfx##_sub(1, v);                                            \
	}                                                                   \
	static inline vtype pfx##_inc_return(type *v)                       \
	{                                                                   \
		return pfx##_add_return(1, v);                              \
	}                                                                   \
	static inline vtype pfx##_dec_return(type *v)                       \
	{                                                                   \
		return pfx##_sub_return(1, v);                              \
	}                                                                   \
	static inline bool pfx##_dec_and_test(type *v)                      \
	{                                                                   \
		return pfx##_sub_return(1, v) == 0;                         \
	}                                                                   \
	static inline vtype pfx##_xchg(type *v, vtype n)                    \
	{                                                                   \
		return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline vtype pfx##_cmpxchg(type *v, vtype old, vtype n)      \
	{                                                                   \
		__atomic_compare_exchange_n(&v->counter, &old, n, false,    \
					    __ATOMIC_SEQ_CST,               \
					    __ATOMIC_SEQ_CST);              \
		return old;                                                 \
	}                                                                   \
	static inline bool pfx##_try_cmpxchg(type *v, vtype *old, vtype n)  \
	{                                                                   \
		return __atomic_compare_exchange_n(&v->counter, old, n,     \
						   false, __ATOMIC_SEQ_CST, \
						   __ATOMIC_SEQ_CST);       \
	}

__DMB_ATOMIC_OPS(atomic, atomic_t, int)
__DMB_ATOMIC_OPS(atomic64, atomic64_t, long long)
__DMB_ATOMIC_OPS(atomic_long, atomic_long_t, long)

/**
 * test_bit() - read one bit of a bitmap
 * @nr: the bit number
 * @addr: the bitmap (an array of unsigned long)
 *
 * Bit operations on unsigned long words are atomic, like the kernel's.
 *
 * Context: any context.
 * Return: the bit (an acquire load).
 */
static inline bool test_bit(long nr, const unsigned long *addr)
{
	return (__atomic_load_n(addr + nr / 64, __ATOMIC_ACQUIRE) >>
		(nr % 64)) & 1;
}

/**
 * set_bit() - set one bit of a bitmap, atomically
 * @nr: the bit number
 * @addr: the bitmap
 *
 * Context: any context.
 */
static inline void set_bit(long nr, unsigned long *addr)
{
	__atomic_fetch_or(addr + nr / 64, 1UL << (nr % 64), __ATOMIC_SEQ_CST);
}

/**
 * clear_bit() - clear one bit of a bitmap, atomically
 * @nr: the bit number
 * @addr: the bitmap
 *
 * Context: any context.
 */
static inline void clear_bit(long nr, unsigned long *addr)
{
	__atomic_fetch_and(addr + nr / 64, ~(1UL << (nr % 64)),
			   __ATOMIC_SEQ_CST);
}

/**
 * test_and_set_bit() - set a bit and tell what it was, atomically
 * @nr: the bit number
 * @addr: the bitmap
 *
 * Context: any context.
 * Return: the bit's old value.
 */
static inline bool test_and_set_bit(long nr, unsigned long *addr)
{
	unsigned long m = 1UL << (nr % 64);

	return __atomic_fetch_or(addr + nr / 64, m, __ATOMIC_SEQ_CST) & m;
}

/**
 * test_and_clear_bit() - clear a bit and tell what it was, atomically
 * @nr: the bit number
 * @addr: the bitmap
 *
 * Context: any context.
 * Return: the bit's old value.
 */
static inline bool test_and_clear_bit(long nr, unsigned long *addr)
{
	unsigned long m = 1UL << (nr % 64);

	return __atomic_fetch_and(addr + nr / 64, ~m, __ATOMIC_SEQ_CST) & m;
}

#endif
