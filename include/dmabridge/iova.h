/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOVA allocator: hands out ranges of I/O virtual page frames for the
 * DMA API. Free space is a balanced tree of free ranges, augmented with
 * the largest free range of each subtree, so allocation (top-down, under
 * a limit, size-aligned) and free (with merging) cost O(log n).
 */
#ifndef DMABRIDGE_IOVA_H
#define DMABRIDGE_IOVA_H

#include <dmabridge/types.h>
#include <dmabridge/spinlock.h>

struct iova_free_range;

struct iova_domain {
	spinlock_t lock;
	unsigned long granule;		/* bytes per IOVA frame */
	unsigned long start_pfn;	/* lowest frame ever handed out */
	struct iova_free_range *root;	/* free ranges, protected by lock */
	unsigned long nr_ranges;	/* free ranges in the tree */
	unsigned long free_pfns;	/* frames free */
};

static inline unsigned long iova_shift(const struct iova_domain *iovad)
{
	return __builtin_ctzl(iovad->granule);
}

static inline size_t iova_offset(const struct iova_domain *iovad,
				 dma_addr_t iova)
{
	return iova & (iovad->granule - 1);
}

static inline size_t iova_align(const struct iova_domain *iovad, size_t size)
{
	return (size + iovad->granule - 1) & ~(iovad->granule - 1);
}

/* @granule: a power of two >= 4096; frames below @start_pfn never used. */
int init_iova_domain(struct iova_domain *iovad, unsigned long granule,
		     unsigned long start_pfn);
void put_iova_domain(struct iova_domain *iovad);
/*
 * Allocate @size frames, aligned to roundup_pow_of_two(@size) (like
 * Linux's size-aligned IOVAs), all at or below frame @limit_pfn
 * (inclusive), as high as possible. Returns the first frame, 0 if none.
 */
unsigned long alloc_iova_fast(struct iova_domain *iovad, unsigned long size,
			      unsigned long limit_pfn, bool flush_rcache);
/* Give back frames [pfn, pfn + size); WARNs on a double free. */
void free_iova_fast(struct iova_domain *iovad, unsigned long pfn,
		    unsigned long size);
/* Take [pfn_lo, pfn_hi] out of the allocatable space (already-used parts
 * are skipped). 0 or -ENOMEM. */
int reserve_iova(struct iova_domain *iovad, unsigned long pfn_lo,
		 unsigned long pfn_hi);

#endif
