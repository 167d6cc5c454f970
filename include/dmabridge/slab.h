/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmalloc and friends on the C heap, with failure injection so tests can
 * drive every error path: failslab_after(n) makes the n-th next
 * allocation of the calling thread fail.
 */
#ifndef DMABRIDGE_SLAB_H
#define DMABRIDGE_SLAB_H

#include <dmabridge/types.h>
#include <dmabridge/compiler.h>

/**
 * DOC: gfp flags
 *
 * GFP_KERNEL may sleep and so may enter reclaim: might_alloc() tells
 * lockdep (an allocation under a lock that reclaim needs is reported).
 * GFP_NOWAIT and GFP_ATOMIC do not. __GFP_ZERO zeroes; the zone modifiers
 * (__GFP_MOVABLE, __GFP_CMA, __GFP_DMA32) matter to the page allocator
 * only.
 */
#define GFP_KERNEL 0x0001u
#define GFP_NOWAIT 0x0002u
#define GFP_ATOMIC 0x0004u
#define __GFP_ZERO 0x0100u
#define __GFP_NOWARN 0x0200u
#define __GFP_MOVABLE 0x0400u
#define __GFP_CMA 0x0800u
#define __GFP_DMA32 0x1000u
#define GFP_USER GFP_KERNEL
#define GFP_HIGHUSER_MOVABLE (GFP_KERNEL | __GFP_MOVABLE)

/**
 * kmalloc() - allocate memory
 * @size: bytes (0 gives a valid, unusable pointer)
 * @flags: GFP_*
 *
 * On the C heap, with failure injection (failslab_after()).
 *
 * Context: any context; may sleep with GFP_KERNEL.
 * Return: the memory, or NULL.
 */
void *kmalloc(size_t size, gfp_t flags);
/**
 * kzalloc() - kmalloc() zeroed
 * @size: bytes
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL.
 */
void *kzalloc(size_t size, gfp_t flags);
/**
 * kcalloc() - a zeroed array
 * @n: elements
 * @size: bytes each
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL (also when @n * @size overflows).
 */
void *kcalloc(size_t n, size_t size, gfp_t flags);
/**
 * kmalloc_array() - an array
 * @n: elements
 * @size: bytes each
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL (also when @n * @size overflows).
 */
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
/**
 * krealloc() - resize an allocation
 * @p: the memory, or NULL
 * @size: new size
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory (maybe moved), or NULL (@p is left as it was).
 */
void *krealloc(void *p, size_t size, gfp_t flags);
/**
 * kvmalloc() - kmalloc() for large sizes (the same here)
 * @size: bytes
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL.
 */
void *kvmalloc(size_t size, gfp_t flags);
/**
 * kvzalloc() - kzalloc() for large sizes
 * @size: bytes
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL.
 */
void *kvzalloc(size_t size, gfp_t flags);
/**
 * kvcalloc() - kcalloc() for large sizes
 * @n: elements
 * @size: bytes each
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL.
 */
void *kvcalloc(size_t n, size_t size, gfp_t flags);
/**
 * kstrdup() - copy a string
 * @s: the string, or NULL
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the copy, or NULL (also for a NULL @s).
 */
char *kstrdup(const char *s, gfp_t flags);
/**
 * kstrndup() - copy at most @max bytes of a string
 * @s: the string, or NULL
 * @max: the most bytes to copy
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the NUL-terminated copy, or NULL.
 */
char *kstrndup(const char *s, size_t max, gfp_t flags);
/**
 * kmemdup() - copy memory
 * @src: the source
 * @len: bytes
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the copy, or NULL.
 */
void *kmemdup(const void *src, size_t len, gfp_t flags);
/**
 * kvmalloc_array() - kmalloc_array() for large sizes
 * @n: elements
 * @size: bytes each
 * @flags: GFP_*
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL.
 */
void *kvmalloc_array(size_t n, size_t size, gfp_t flags);
/**
 * kasprintf() - a formatted string
 * @flags: GFP_*
 * @fmt: printf format and arguments
 *
 * Context: as kmalloc().
 * Return: the string, or NULL.
 */
char *kasprintf(gfp_t flags, const char *fmt, ...) __printf(2, 3);
/**
 * kfree() - free memory from the k*alloc() family
 * @p: the memory, or NULL
 *
 * Context: any context.
 */
void kfree(const void *p);
/**
 * kvfree() - free memory from the kv*alloc() family
 * @p: the memory, or NULL
 *
 * Context: any context.
 */
void kvfree(const void *p);

/**
 * failslab_after() - make an allocation of the calling thread fail
 * @n: which one: 1 = the next one
 *
 * dmabridge's failure injection (Linux has fault-injection's failslab),
 * so tests can drive every error path.
 *
 * Context: any context.
 */
void failslab_after(unsigned long n);
/**
 * failslab_off() - cancel failslab_after() on the calling thread
 *
 * Context: any context.
 */
void failslab_off(void);
/**
 * should_failslab() - is the injected failure due now?
 *
 * Allocators call it; true once, for the allocation failslab_after() named.
 *
 * Context: any context.
 * Return: true if this allocation must fail.
 */
bool should_failslab(void);

#endif
