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

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void *krealloc(void *p, size_t size, gfp_t flags);
void *kvmalloc(size_t size, gfp_t flags);
void *kvzalloc(size_t size, gfp_t flags);
void *kvcalloc(size_t n, size_t size, gfp_t flags);
char *kstrdup(const char *s, gfp_t flags);
char *kstrndup(const char *s, size_t max, gfp_t flags);
void *kmemdup(const void *src, size_t len, gfp_t flags);
void *kvmalloc_array(size_t n, size_t size, gfp_t flags);
char *kasprintf(gfp_t flags, const char *fmt, ...) __printf(2, 3);
void kfree(const void *p);
void kvfree(const void *p);

/* The n-th next allocation (1 = the next one) on this thread fails. */
void failslab_after(unsigned long n);
void failslab_off(void);
/* True once if the injected failure is due now (used by allocators). */
bool should_failslab(void);

#endif
