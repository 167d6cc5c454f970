/* SPDX-License-Identifier: GPL-2.0 */
/* Compiler helpers with the kernel's names. */
#ifndef DMABRIDGE_COMPILER_H
#define DMABRIDGE_COMPILER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/**
 * DOC: compiler helpers
 *
 * likely(), unlikely(), __must_check, __always_inline, __maybe_unused,
 * __printf(), __packed, fallthrough, container_of(), ARRAY_SIZE(),
 * BUILD_BUG_ON(), the min/max/clamp and ALIGN/BIT/GENMASK_ULL helpers:
 * Linux's names and meanings on GCC and Clang builtins.
 *
 * READ_ONCE()/WRITE_ONCE() are relaxed atomic accesses, and the smp_*
 * barriers are C11 fences (smp_rmb() an acquire fence, smp_wmb() a
 * release fence), so ThreadSanitizer understands them: a modelling
 * choice, stronger than what Linux promises on some architectures.
 * DMB_TSAN is 1 when the build runs under ThreadSanitizer.
 */
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __must_check __attribute__((warn_unused_result))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __maybe_unused __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __packed __attribute__((packed))
#define fallthrough __attribute__((fallthrough))

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define barrier() __asm__ __volatile__("" ::: "memory")

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)

#define ALIGN(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define BIT(n) (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
#define GENMASK_ULL(h, l) (((~0ULL) >> (63 - (h))) & ~((1ULL << (l)) - 1))

/* True when the build runs under ThreadSanitizer. */
#if defined(__SANITIZE_THREAD__)
#define DMB_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DMB_TSAN 1
#endif
#endif
#ifndef DMB_TSAN
#define DMB_TSAN 0
#endif

#endif
