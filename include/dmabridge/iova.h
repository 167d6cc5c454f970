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

/**
 * struct iova_domain - an IOVA space
 * @lock: protects the tree and counts
 * @granule: bytes per IOVA frame
 * @start_pfn: the lowest frame ever handed out
 * @root: the free ranges, a tree augmented with each subtree's largest
 * 	free range
 * @nr_ranges: free ranges in the tree
 * @free_pfns: frames free
 *
 * Allocation (top-down, under a limit, size-aligned) and free (with
 * merging) cost O(log n).
 */
struct iova_domain {
	spinlock_t lock;
	unsigned long granule;		/* bytes per IOVA frame */
	unsigned long start_pfn;	/* lowest frame ever handed out */
	struct iova_free_range *root;	/* free ranges, protected by lock */
	unsigned long nr_ranges;	/* free ranges in the tree */
	unsigned long free_pfns;	/* frames free */
};

/**
 * iova_shift() - log2 of the granule
 * @iovad: the space
 *
 * Context: any context.
 * Return: the shift.
 */
static inline unsigned long iova_shift(const struct iova_domain *iovad)
{
	return __builtin_ctzl(iovad->granule);
}

/**
 * iova_offset() - offset of an address within its frame
 * @iovad: the space
 * @iova: the address
 *
 * Context: any context.
 * Return: the offset.
 */
static inline size_t iova_offset(const struct iova_domain *iovad,
				 dma_addr_t iova)
{
	return iova & (iovad->granule - 1);
}

/**
 * iova_align() - round a size up to whole frames
 * @iovad: the space
 * @size: bytes
 *
 * Context: any context.
 * Return: the rounded size.
 */
static inline size_t iova_align(const struct iova_domain *iovad, size_t size)
{
	return (size + iovad->granule - 1) & ~(iovad->granule - 1);
}

/**
 * init_iova_domain() - initialise an IOVA space
 * @iovad: the space
 * @granule: a power of two >= 4096
 * @start_pfn: frames below it are never used
 *
 * Context: any context.
 * Return: 0, -EINVAL for a bad granule, -ENOMEM.
 */
int init_iova_domain(struct iova_domain *iovad, unsigned long granule,
		     unsigned long start_pfn);
/**
 * put_iova_domain() - free an IOVA space
 * @iovad: the space
 *
 * Context: nobody may use it any more.
 */
void put_iova_domain(struct iova_domain *iovad);
/**
 * alloc_iova_fast() - allocate frames
 * @iovad: the space
 * @size: frames
 * @limit_pfn: the highest frame usable (inclusive)
 * @flush_rcache: accepted for Linux's signature (there is no cache here)
 *
 * Aligned to roundup_pow_of_two(@size) (like Linux's size-aligned IOVAs),
 * as high as possible.
 *
 * Context: any context; takes @iovad->lock.
 * Return: the first frame, or 0 if there is no room.
 */
unsigned long alloc_iova_fast(struct iova_domain *iovad, unsigned long size,
			      unsigned long limit_pfn, bool flush_rcache);
/**
 * free_iova_fast() - give frames back
 * @iovad: the space
 * @pfn: first frame
 * @size: frames
 *
 * WARNs on a double free.
 *
 * Context: any context; takes @iovad->lock.
 */
void free_iova_fast(struct iova_domain *iovad, unsigned long pfn,
		    unsigned long size);
/**
 * reserve_iova() - take a range out of the allocatable space
 * @iovad: the space
 * @pfn_lo: first frame
 * @pfn_hi: last frame (inclusive)
 *
 * Parts already in use are skipped.
 *
 * Context: any context; takes @iovad->lock.
 * Return: 0, or -ENOMEM.
 */
int reserve_iova(struct iova_domain *iovad, unsigned long pfn_lo,
		 unsigned long pfn_hi);

#endif
