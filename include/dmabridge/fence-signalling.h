/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fence signalling annotations. Code that must complete for a fence to
 * signal (a "signalling section") may not wait for a fence, nor take a
 * lock that somebody else holds while waiting for a fence: either can
 * deadlock. A pseudo-lock (dma_fence_lockdep_map) makes the lock checker
 * see both: begin_signalling holds it as a recursive reader, and every
 * fence wait takes and drops it exclusively.
 *
 * Reports: a fence wait inside a signalling section is REPORT_SIGNALLING
 * at once; a lock taken in a signalling section that is elsewhere held
 * while waiting for a fence is a lock-order cycle through the pseudo-lock,
 * also reported as REPORT_SIGNALLING (cycles without it are REPORT_LOCKDEP).
 *
 * Like lockdep.h, the same whether the checker is built or not: without
 * it the functions do nothing (compiled out inside the library).
 */
#ifndef DMABRIDGE_FENCE_SIGNALLING_H
#define DMABRIDGE_FENCE_SIGNALLING_H

#include <dmabridge/compiler.h>
#include <dmabridge/lockdep.h>

#if !__LOCKDEP_COMPILED_OUT
/**
 * dma_fence_begin_signalling() - start a fence signalling section
 *
 * Code between this and dma_fence_end_signalling() is on the path that
 * signals a fence: waiting for a fence there, or taking a lock somebody
 * holds while waiting for one, is reported. Sections nest.
 *
 * Context: any.
 * Return: the cookie for dma_fence_end_signalling() (true when already in
 * a section, or when the checker is off).
 */
bool dma_fence_begin_signalling(void);
/**
 * dma_fence_end_signalling() - end a fence signalling section
 * @cookie: what the matching dma_fence_begin_signalling() returned
 *
 * Context: the thread that began the section.
 */
void dma_fence_end_signalling(bool cookie);
/**
 * __dma_fence_might_wait() - annotate a fence wait
 *
 * Every fence wait calls it before blocking, so a wait inside a signalling
 * section is reported even when the fence is already signalled.
 *
 * Context: process context, may sleep.
 */
void __dma_fence_might_wait(void);
#else
static inline bool dma_fence_begin_signalling(void)
{
	return true;
}
static inline void dma_fence_end_signalling(bool cookie)
{
}
static inline void __dma_fence_might_wait(void)
{
}
#endif

#endif
