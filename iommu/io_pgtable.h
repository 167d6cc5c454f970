/* SPDX-License-Identifier: GPL-2.0 */
/* Private to iommu/: 4-level IO page tables (4 KiB granule, 48-bit IOVA). */
#ifndef DMABRIDGE_IOMMU_IO_PGTABLE_H
#define DMABRIDGE_IOMMU_IO_PGTABLE_H

#include <dmabridge/types.h>
#include <dmabridge/sanitizer.h>

#define IO_PGTABLE_LEVELS 4
#define IO_PGTABLE_IAS 48	/* input (IOVA) address bits */
#define IO_SZ_4K (1UL << 12)
#define IO_SZ_2M (1UL << 21)
#define IO_SZ_1G (1UL << 30)

struct io_pte;

struct io_pgtable {
	struct io_pte *top;
	atomic_long_t nr_tables;	/* table pages, for statistics */
};

struct io_pgtable_walk {
	phys_addr_t phys;	/* of the byte at the IOVA looked up */
	size_t size;		/* size of the IO page holding it */
	int prot;		/* IOMMU_READ / IOMMU_WRITE / IOMMU_MMIO */
	san_owner_t owner;
	size_t run;		/* io_pgtable_lookup_run() only */
};

int io_pgtable_init(struct io_pgtable *pgt);
void io_pgtable_free(struct io_pgtable *pgt);
/* Map one IO page of @size (4K, 2M or 1G). 0, -EEXIST or -ENOMEM. */
int io_pgtable_map_one(struct io_pgtable *pgt, u64 iova, phys_addr_t paddr,
		       size_t size, int prot, san_owner_t owner);
/*
 * Map up to @size bytes at @iova with IO pages of @pgsize expecting
 * @owner, as far as one table goes: bytes mapped, or -EEXIST / -ENOMEM.
 */
long io_pgtable_map_run(struct io_pgtable *pgt, u64 iova, phys_addr_t paddr,
			size_t size, size_t pgsize, int prot,
			san_owner_t owner);
/*
 * Unmap the IO pages from @iova on, at most @max bytes, as far as one
 * table goes. Returns bytes unmapped; 0 if nothing is mapped at @iova or
 * if that would unmap part of a large IO page (refused with a WARN, as
 * Linux's io-pgtable-arm does).
 */
size_t io_pgtable_unmap_run(struct io_pgtable *pgt, u64 iova, size_t max);
/* False if @iova is not mapped. */
bool io_pgtable_lookup(struct io_pgtable *pgt, u64 iova,
		       struct io_pgtable_walk *w);
/*
 * Like io_pgtable_lookup(), and w->run: how many bytes from @iova (at
 * most @max) stay physically contiguous under one owner with @need
 * permissions. False if @iova is not mapped with @need.
 */
bool io_pgtable_lookup_run(struct io_pgtable *pgt, u64 iova, int need,
			   size_t max, struct io_pgtable_walk *w);

#endif
