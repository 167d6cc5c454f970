// SPDX-License-Identifier: GPL-2.0
/* The two-step DMA API: one IOVA allocation, ranges linked into it. */
#include <errno.h>
#include <string.h>
#include <dmabridge/platform.h>
#include <dmabridge/iommu.h>
#include <dmabridge/iova.h>
#include <dmabridge/bug.h>
#include "dma-internal.h"

static size_t state_len(struct iova_domain *iovad,
			const struct dma_iova_state *state)
{
	return iova_align(iovad, iova_offset(iovad, state->addr) +
					 state->__size);
}

bool dma_iova_try_alloc(struct device *dev, struct dma_iova_state *state,
			phys_addr_t phys, size_t size)
{
	struct iommu_domain *d;
	struct iova_domain *iovad;
	unsigned long shift, pfn;
	size_t off;
	u64 limit;

	if (!state)
		return false;
	memset(state, 0, sizeof(*state));
	d = dev ? dma_iommu_domain(dev) : NULL;
	if (!d || !size || dev->dead)
		return false;
	iovad = d->iovad;
	shift = iova_shift(iovad);
	off = iova_offset(iovad, phys);
	limit = min(dma_get_mask(dev), (u64)d->geometry.aperture_end);
	pfn = iommu_dma_alloc_iova(d, iova_align(iovad, size + off) >> shift,
				   limit);
	if (!pfn)
		return false;
	state->addr = (pfn << shift) + off;
	state->__size = size;
	return true;
}

void dma_iova_free(struct device *dev, struct dma_iova_state *state)
{
	struct iommu_domain *d = dev ? dma_iommu_domain(dev) : NULL;
	struct iova_domain *iovad;

	if (!d || !state || !dma_use_iova(state))
		return;
	iovad = d->iovad;
	/* The state's handle goes to the graveyard, its IOVA to quarantine. */
	dma_forget_mapping(dev, true, state->addr, state->__size);
	iommu_dma_free_iova(d, state->addr >> iova_shift(iovad),
			    state_len(iovad, state) >> iova_shift(iovad));
	memset(state, 0, sizeof(*state));
}

/* -EREMOTEIO for a BAR @dev cannot reach; -EINVAL for a non-region. */
static int link_check_memory(struct device *dev, phys_addr_t phys,
			     size_t size, unsigned long attrs)
{
	struct phys_region *r = hw_find_region(dev->platform, phys);

	if (!r || size > r->base + r->size - phys)
		return -EINVAL;
	if (r->kind != PHYS_BAR)
		return 0;
	if (WARN(!(attrs & DMA_ATTR_MMIO),
		 "%s: linking %#llx (no struct page) without DMA_ATTR_MMIO",
		 dev_name(dev), (unsigned long long)phys))
		return -EINVAL;
	/*
	 * BUS_ADDR peers are reachable too: the IOVA is not in any BAR
	 * window, so the request goes up to the IOMMU and the root complex.
	 */
	if (dma_p2p_map_type(dev, r) == PCI_P2PDMA_MAP_NOT_SUPPORTED)
		return -EREMOTEIO;
	return 0;
}

int dma_iova_link(struct device *dev, struct dma_iova_state *state,
		  phys_addr_t phys, size_t offset, size_t size,
		  enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *d = dev ? dma_iommu_domain(dev) : NULL;
	struct iova_domain *iovad;
	dma_addr_t iova, addr;
	size_t pad, len, done, run;
	san_owner_t claim;
	struct san_map *m;
	int prot, ret;

	if (!d || !state || !dma_use_iova(state) || !size ||
	    !valid_dma_direction(dir) || phys + size - 1 < phys)
		return -EINVAL;
	if (offset > state->__size || size > state->__size - offset)
		return -EINVAL;
	iovad = d->iovad;
	pad = iova_offset(iovad, phys);
	/* Only the first range may start inside an IO page. */
	if (pad && offset)
		return -EIO;
	ret = link_check_memory(dev, phys, size, attrs);
	if (ret)
		return ret;
	m = dma_state_handle(dev, state->addr, state->__size);
	if (!m)
		return -ENOMEM;
	prot = dma_dir_to_prot(dir, attrs);
	addr = state->addr + offset;
	iova = addr - pad;
	len = iova_align(iovad, size + pad);
	/*
	 * Per run of pages under one learned claim: the claim is looked up
	 * once for both the IO PTEs (written in runs) and the state's handle
	 * (an append extends its last extent).
	 */
	for (done = 0; done < len; done += run) {
		size_t lo, hi;

		claim = san_learned_run(dev->platform, phys - pad + done,
					len - done, &run);
		run = max(run, (size_t)PAGE_SIZE);
		ret = iommu_map_claimed(d, iova + done, phys - pad + done, run,
					prot, claim);
		if (ret)
			break;
		/* The handle's extents are the bytes linked, not the pad. */
		lo = max(done, pad);
		hi = min(done + run, pad + size);
		ret = san_map_add_claim(m, iova + lo, phys - pad + lo, hi - lo,
					claim);
		if (ret) {
			iommu_unmap(d, iova + done, run);
			break;
		}
	}
	if (ret && done) {
		iommu_unmap(d, iova, done);
		san_map_remove(m, addr, min(done - pad, size));
	}
	return ret;
}

int dma_iova_sync(struct device *dev, struct dma_iova_state *state,
		  size_t offset, size_t size)
{
	/* IO page table updates are visible at once: nothing to flush. */
	if (!dev || !state || !dma_use_iova(state) ||
	    offset > state->__size || size > state->__size - offset)
		return -EINVAL;
	return 0;
}

void dma_iova_unlink(struct device *dev, struct dma_iova_state *state,
		     size_t offset, size_t size, enum dma_data_direction dir,
		     unsigned long attrs)
{
	struct iommu_domain *d = dev ? dma_iommu_domain(dev) : NULL;
	struct iova_domain *iovad;
	dma_addr_t addr;
	size_t pad, len;

	if (!d || !state || !dma_use_iova(state) || !size)
		return;
	iovad = d->iovad;
	addr = state->addr + offset;
	pad = iova_offset(iovad, addr);
	len = iova_align(iovad, size + pad);
	WARN(iommu_unmap(d, addr - pad, len) != len,
	     "%s: dma_iova_unlink of a range not linked", dev_name(dev));
	dma_mapping_unlink(dev, state->addr, addr, size);
}

void dma_iova_destroy(struct device *dev, struct dma_iova_state *state,
		      size_t mapped_len, enum dma_data_direction dir,
		      unsigned long attrs)
{
	if (!state || !dma_use_iova(state))
		return;
	if (mapped_len)
		dma_iova_unlink(dev, state, 0, mapped_len, dir, attrs);
	dma_iova_free(dev, state);
}
