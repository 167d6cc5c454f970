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
 */
#ifndef DMABRIDGE_FENCE_SIGNALLING_H
#define DMABRIDGE_FENCE_SIGNALLING_H

#include <dmb_config.h>
#include <dmabridge/compiler.h>

#if CONFIG_LOCKDEP
/*
 * Start a signalling section; returns a cookie for the matching end (true
 * when already inside one: sections nest).
 */
bool dma_fence_begin_signalling(void);
void dma_fence_end_signalling(bool cookie);
/* Called by every fence wait before it blocks. */
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
