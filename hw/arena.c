// SPDX-License-Identifier: GPL-2.0
/* The physical address space: RAM and BAR regions backed by host memory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <dmabridge/platform.h>
#include <dmabridge/bug.h>
#include "arena.h"

/* Largest RAM we model: struct pages for it are really allocated. */
#define HW_MAX_RAM (64ULL << 30)
#define ZONE_ALIGN (2ULL << 20)

/*
 * Reserve address space only: pages are committed when first touched, so
 * a large simulated RAM or BAR costs what the test really uses.
 */
static void *hw_map_lazy(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void hw_unmap_lazy(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

static void hw_region_free(struct hw_region *hr)
{
	if (!hr)
		return;
	hw_unmap_lazy(hr->r.host, hr->r.size);
	hw_unmap_lazy(hr->shadow, hr->shadow_bytes);
	kfree(hr);
}

static struct hw_region *hw_region_alloc(struct platform *plat,
					 phys_addr_t base, u64 size,
					 enum phys_region_kind kind,
					 const char *name)
{
	struct hw_region *hr = kzalloc(sizeof(*hr), GFP_KERNEL);

	if (!hr)
		return NULL;
	hr->r.base = base;
	hr->r.size = size;
	hr->r.kind = kind;
	hr->r.bar = -1;
	hr->plat = plat;
	hr->boot_owner = san_new_owner(plat, NULL);
	if (kind == PHYS_RAM) {
		/* Free memory at boot: any checked access to it is reported. */
		hr->boot_event = SAN_EV_FREE;
		hr->boot_why = "boot: free memory";
	} else {
		/* Device memory is decoded from the start, owned by nobody. */
		hr->boot_event = SAN_EV_BOOT;
		hr->boot_why = "BAR assigned";
	}
	snprintf(hr->r.name, sizeof(hr->r.name), "%s", name ? name : "?");
	hr->r.host = hw_map_lazy(size);
	hr->shadow_bytes = PAGE_ALIGN((size >> PAGE_SHIFT) *
				      sizeof(struct san_shadow));
	hr->shadow = hw_map_lazy(hr->shadow_bytes);
	if (!hr->r.host || !hr->shadow) {
		hw_region_free(hr);
		return NULL;
	}
	return hr;
}

static bool hw_overlaps(struct platform_mem *mem, phys_addr_t base, u64 size)
{
	int i;

	for (i = 0; i < mem->nr_regions; i++) {
		struct phys_region *r = &mem->regions[i]->r;

		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

/* Publish @hr; the caller holds regions_lock. */
static int hw_publish(struct platform_mem *mem, struct hw_region *hr)
{
	if (mem->nr_regions >= HW_MAX_REGIONS)
		return -ENOSPC;
	if (hw_overlaps(mem, hr->r.base, hr->r.size))
		return -EEXIST;
	mem->regions[mem->nr_regions] = hr;
	smp_store_release(&mem->nr_regions, mem->nr_regions + 1);
	return 0;
}

static int hw_check_config(const struct platform_mem_config *cfg)
{
	if (!cfg || !cfg->ram_size || !IS_ALIGNED(cfg->ram_size, ZONE_ALIGN) ||
	    cfg->ram_size > HW_MAX_RAM)
		return -EINVAL;
	if (!IS_ALIGNED(cfg->movable_size, ZONE_ALIGN) ||
	    !IS_ALIGNED(cfg->cma_size, ZONE_ALIGN))
		return -EINVAL;
	/* ZONE_NORMAL must keep some memory: kernel allocations live there. */
	if (cfg->movable_size >= cfg->ram_size ||
	    cfg->cma_size >= cfg->ram_size - cfg->movable_size)
		return -EINVAL;
	return 0;
}

int platform_mem_init(struct platform *plat,
		      const struct platform_mem_config *cfg)
{
	struct platform_mem *mem;
	int i, ret;

	if (!plat || plat->mem)
		return -EINVAL;
	ret = hw_check_config(cfg);
	if (ret)
		return ret;
	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	mem->plat = plat;
	spin_lock_init(&mem->regions_lock);
	for (i = 0; i < PAGE_WAIT_TABLE_SIZE; i++)
		init_waitqueue_head(&mem->page_wait[i]);
	mem->ram = hw_region_alloc(plat, 0, cfg->ram_size, PHYS_RAM,
				   "System RAM");
	if (!mem->ram) {
		ret = -ENOMEM;
		goto err_free;
	}
	hw_publish(mem, mem->ram);
	plat->mem = mem;
	ret = page_alloc_init(plat, cfg);
	if (ret)
		goto err_ram;
	return 0;

err_ram:
	plat->mem = NULL;
	hw_region_free(mem->ram);
err_free:
	spin_lock_destroy(&mem->regions_lock);
	kfree(mem);
	return ret;
}

void platform_mem_fini(struct platform *plat)
{
	struct platform_mem *mem = plat ? plat->mem : NULL;
	int i;

	if (!mem)
		return;
	page_alloc_fini(plat);
	for (i = 0; i < mem->nr_regions; i++)
		hw_region_free(mem->regions[i]);
	spin_lock_destroy(&mem->regions_lock);
	plat->mem = NULL;
	kfree(mem);
}

struct phys_region *hw_add_bar_region(struct platform *plat, phys_addr_t base,
				      u64 size, struct pci_dev *pdev, int bar,
				      const char *name)
{
	struct platform_mem *mem = plat ? plat->mem : NULL;
	struct hw_region *hr;
	int ret;

	if (!mem || !size || !IS_ALIGNED(base, PAGE_SIZE) ||
	    !IS_ALIGNED(size, PAGE_SIZE) || base + size < base)
		return NULL;
	hr = hw_region_alloc(plat, base, size, PHYS_BAR, name);
	if (!hr)
		return NULL;
	hr->r.pdev = pdev;
	hr->r.bar = bar;
	spin_lock(&mem->regions_lock);
	ret = hw_publish(mem, hr);
	spin_unlock(&mem->regions_lock);
	if (ret) {
		hw_region_free(hr);
		return NULL;
	}
	return &hr->r;
}

struct hw_region *hw_find_hw_region(struct platform *plat, phys_addr_t pa)
{
	struct platform_mem *mem = plat ? plat->mem : NULL;
	int i, n;

	if (!mem)
		return NULL;
	n = smp_load_acquire(&mem->nr_regions);
	for (i = 0; i < n; i++) {
		struct hw_region *hr = mem->regions[i];

		if (pa >= hr->r.base && pa - hr->r.base < hr->r.size)
			return hr;
	}
	return NULL;
}

struct phys_region *hw_find_region(struct platform *plat, phys_addr_t pa)
{
	struct hw_region *hr = hw_find_hw_region(plat, pa);

	return hr ? &hr->r : NULL;
}

void *hw_phys_to_host(struct platform *plat, phys_addr_t pa, size_t len)
{
	struct hw_region *hr = hw_find_hw_region(plat, pa);
	u64 off;

	if (!hr)
		return NULL;
	off = pa - hr->r.base;
	if (len > hr->r.size - off)
		return NULL;
	return (char *)hr->r.host + off;
}

struct san_shadow *hw_page_shadow(struct platform *plat, phys_addr_t pa,
				  struct hw_region **regionp)
{
	struct hw_region *hr = hw_find_hw_region(plat, pa);

	if (regionp)
		*regionp = hr;
	if (!hr)
		return NULL;
	return &hr->shadow[(pa - hr->r.base) >> PAGE_SHIFT];
}
