/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for tests of hw/, iommu/ and dma/: a memory-only platform. */
#ifndef DMB_HW_TEST_H
#define DMB_HW_TEST_H

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/hw.h>
#include <dmabridge/page.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/platform.h>
#include <dmabridge/sched.h>

#include <dmabridge/device.h>
#include <dmabridge/iommu.h>

#define MiB (1ULL << 20)

/* A platform with kernel state, @ram bytes of RAM and the sanitizer. */
static inline struct platform *hw_test_platform(u64 ram, u64 movable, u64 cma)
{
	struct platform_mem_config cfg = {
		.ram_size = ram, .movable_size = movable, .cma_size = cma,
	};
	struct platform *plat = dmb_kernel_platform();

	assert_int_equal(platform_mem_init(plat, &cfg), 0);
	assert_int_equal(dma_sanitizer_init(plat), 0);
	return plat;
}

static inline void hw_test_platform_free(struct platform *plat)
{
	dma_sanitizer_fini(plat);
	platform_mem_fini(plat);
	dmb_kernel_platform_free(plat);
}

/* A hand-made device (not PCI) with a 64-bit mask and an IOMMU mode. */
static inline void hw_test_dev_init(struct device *dev, struct platform *plat,
				    const char *name, enum iommu_mode mode,
				    bool can_fault)
{
	memset(dev, 0, sizeof(*dev));
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	dev->platform = plat;
	dev->dma_mask = &dev->dma_mask_store;
	dev->dma_mask_store = ~0ULL;
	dev->coherent_dma_mask = ~0ULL;
	INIT_LIST_HEAD(&dev->node);
	assert_int_equal(iommu_probe_device(dev, mode, can_fault), 0);
}

static inline void hw_test_dev_fini(struct device *dev)
{
	iommu_release_device(dev);
	assert_null(dev->iommu);
	assert_null(dev->dma);
}

#endif
