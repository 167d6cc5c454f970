/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated machine's physical address space. RAM and every BAR are
 * regions backed by real (lazily committed) host memory, at distinct CPU
 * physical addresses. RAM starts at physical address 0.
 */
#ifndef DMABRIDGE_HW_H
#define DMABRIDGE_HW_H

#include <string.h>
#include <dmabridge/types.h>
#include <dmabridge/compiler.h>

struct platform;
struct pci_dev;

/**
 * DOC: pages
 *
 * PAGE_SIZE is 4 KiB; PAGE_ALIGN(), PHYS_PFN() and PFN_PHYS() as in Linux.
 */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) ALIGN(x, PAGE_SIZE)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)

/**
 * enum phys_region_kind - what a physical region is
 * @PHYS_RAM: system RAM
 * @PHYS_BAR: a device's BAR
 */
enum phys_region_kind {
	PHYS_RAM,
	PHYS_BAR,
};

/**
 * struct phys_region - a range of the simulated physical address space
 * @base: CPU physical start
 * @size: bytes
 * @kind: RAM or BAR
 * @host: host memory backing [base, base + size) (lazily committed)
 * @pdev: PHYS_BAR: the device
 * @bar: PHYS_BAR: the BAR number
 * @name: for messages
 *
 * RAM starts at physical address 0; every BAR is a region at its own CPU
 * physical address.
 */
struct phys_region {
	phys_addr_t base;
	u64 size;
	enum phys_region_kind kind;
	void *host;		/* host memory backing [base, base + size) */
	struct pci_dev *pdev;	/* PHYS_BAR: the device and BAR */
	int bar;
	char name[64];
};

/**
 * struct platform_mem_config - RAM layout
 * @ram_size: total, a multiple of 2 MiB
 * @movable_size: the part of @ram_size in ZONE_MOVABLE
 * @cma_size: the part of @ram_size reserved for CMA
 *
 * [0, normal) is ZONE_NORMAL, then ZONE_MOVABLE, then CMA.
 */
struct platform_mem_config {
	u64 ram_size;		/* total, multiple of 2 MiB */
	u64 movable_size;	/* part of ram_size in ZONE_MOVABLE */
	u64 cma_size;		/* part of ram_size reserved for CMA */
};

/**
 * platform_mem_init() - set up RAM, its struct pages and zones
 * @plat: the platform
 * @cfg: the layout
 *
 * Context: process context (platform_create()).
 * Return: 0, -EINVAL for a bad layout, -ENOMEM.
 */
int platform_mem_init(struct platform *plat,
		      const struct platform_mem_config *cfg);
/**
 * platform_mem_fini() - free RAM and its struct pages
 * @plat: the platform
 *
 * Context: process context (platform_destroy()).
 */
void platform_mem_fini(struct platform *plat);

/**
 * hw_add_bar_region() - a BAR's memory as a region
 * @plat: the platform
 * @base: CPU physical address of the BAR
 * @size: bytes
 * @pdev: the device
 * @bar: the BAR number
 * @name: for messages
 *
 * Called by pci/ when it assigns BARs.
 *
 * Context: process context (platform creation).
 * Return: the region, or NULL (overlap, or out of memory).
 */
struct phys_region *hw_add_bar_region(struct platform *plat, phys_addr_t base,
				      u64 size, struct pci_dev *pdev, int bar,
				      const char *name);
/**
 * hw_find_region() - the region containing an address
 * @plat: the platform
 * @pa: the physical address
 *
 * Context: any context.
 * Return: the region, or NULL.
 */
struct phys_region *hw_find_region(struct platform *plat, phys_addr_t pa);
/**
 * hw_phys_to_host() - host pointer for a physical range
 * @plat: the platform
 * @pa: start
 * @len: bytes; the range must lie in one region
 *
 * This is the "wire": only DMA engines, CPU accesses through page tables
 * and kernel mappings (page_address()) use it.
 *
 * Context: any context.
 * Return: the host pointer, or NULL if the range is not inside one region.
 */
void *hw_phys_to_host(struct platform *plat, phys_addr_t pa, size_t len);

/**
 * DOC: the wire
 *
 * Every load or store of simulated memory bytes (a DMA engine's copy, a
 * simulated CPU's access through its page tables, a kernel mapping, a test
 * looking at memory) goes through hw_wire_copy(), hw_wire_set() or
 * hw_wire_peek(). Two devices, or a device and a CPU, touching one page at
 * once is legal hardware behaviour whose outcome the DMA sanitizer judges,
 * so ThreadSanitizer is told to ignore these bytes and reports only races
 * in the kernel model itself. dmabridge's own; no Linux counterpart.
 */
#if DMB_TSAN
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);
#define hw_wire_begin() __tsan_ignore_thread_begin()
#define hw_wire_end() __tsan_ignore_thread_end()
#else
#define hw_wire_begin() do { } while (0)
#define hw_wire_end() do { } while (0)
#endif

/**
 * hw_wire_copy() - copy simulated memory bytes (memmove() semantics)
 * @dst: destination host pointer
 * @src: source host pointer
 * @len: bytes
 *
 * Context: any context.
 */
static inline void hw_wire_copy(void *dst, const void *src, size_t len)
{
	hw_wire_begin();
	memmove(dst, src, len);
	hw_wire_end();
}

/**
 * hw_wire_set() - fill simulated memory bytes
 * @dst: destination host pointer
 * @c: the byte
 * @len: bytes
 *
 * Context: any context.
 */
static inline void hw_wire_set(void *dst, int c, size_t len)
{
	hw_wire_begin();
	memset(dst, c, len);
	hw_wire_end();
}

/**
 * hw_wire_peek() - one byte of simulated memory
 * @src: host pointer
 *
 * E.g. for a test's look at a page.
 *
 * Context: any context.
 * Return: the byte.
 */
static inline u8 hw_wire_peek(const void *src)
{
	u8 v;

	hw_wire_copy(&v, src, 1);
	return v;
}

#endif
