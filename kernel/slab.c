// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc family on the C heap, with per-thread failure injection. An
 * allocation that may reclaim (GFP_KERNEL) tells the lock checker so
 * (might_alloc(): the fs_reclaim pseudo-lock), as Linux's slab does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/slab.h>
#include <dmabridge/mm.h>

static __thread unsigned long failslab_countdown;

void failslab_after(unsigned long n)
{
	failslab_countdown = n;
}

void failslab_off(void)
{
	failslab_countdown = 0;
}

bool should_failslab(void)
{
	if (!failslab_countdown)
		return false;
	return --failslab_countdown == 0;
}

void *kmalloc(size_t size, gfp_t flags)
{
	void *p;

	might_alloc(flags);
	if (should_failslab())
		return NULL;
	p = malloc(size ? size : 1);
	if (p && (flags & __GFP_ZERO))
		memset(p, 0, size);
	return p;
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

void *krealloc(void *p, size_t size, gfp_t flags)
{
	might_alloc(flags);
	if (should_failslab())
		return NULL;
	return realloc(p, size ? size : 1);
}

void *kvmalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags);
}

void *kvzalloc(size_t size, gfp_t flags)
{
	return kzalloc(size, flags);
}

void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kcalloc(n, size, flags);
}

char *kstrdup(const char *s, gfp_t flags)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = kmalloc(len, flags);
	if (p)
		memcpy(p, s, len);
	return p;
}

char *kstrndup(const char *s, size_t max, gfp_t flags)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	p = kmalloc(len + 1, flags);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = kmalloc(len, flags);

	if (p)
		memcpy(p, src, len);
	return p;
}

void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags);
}

char *kasprintf(gfp_t flags, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	might_alloc(flags);
	if (should_failslab())
		return NULL;
	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : p;
}

void kfree(const void *p)
{
	free((void *)p);
}

void kvfree(const void *p)
{
	free((void *)p);
}
