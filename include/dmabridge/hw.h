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

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) ALIGN(x, PAGE_SIZE)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)

enum phys_region_kind {
	PHYS_RAM,
	PHYS_BAR,
};

struct phys_region {
	phys_addr_t base;
	u64 size;
	enum phys_region_kind kind;
	void *host;		/* host memory backing [base, base + size) */
	struct pci_dev *pdev;	/* PHYS_BAR: the device and BAR */
	int bar;
	char name[64];
};

/* RAM layout: [0, normal) normal, then movable, then CMA. */
struct platform_mem_config {
	u64 ram_size;		/* total, multiple of 2 MiB */
	u64 movable_size;	/* part of ram_size in ZONE_MOVABLE */
	u64 cma_size;		/* part of ram_size reserved for CMA */
};

/* hw/: set up RAM, its struct pages and zones, and the sanitizer. */
int platform_mem_init(struct platform *plat,
		      const struct platform_mem_config *cfg);
void platform_mem_fini(struct platform *plat);

/* A BAR's memory as a region (called by pci/ when it assigns BARs). */
struct phys_region *hw_add_bar_region(struct platform *plat, phys_addr_t base,
				      u64 size, struct pci_dev *pdev, int bar,
				      const char *name);
/* The region containing @pa, or NULL. */
struct phys_region *hw_find_region(struct platform *plat, phys_addr_t pa);
/*
 * Host pointer for [pa, pa + len), which must lie in one region; NULL
 * otherwise. This is the "wire": only DMA engines, CPU accesses through
 * page tables and kernel mappings (page_address) use it.
 */
void *hw_phys_to_host(struct platform *plat, phys_addr_t pa, size_t len);

/*
 * The wire: every load or store of simulated memory bytes (a DMA engine's
 * copy, a simulated CPU's access through its page tables, a kernel
 * mapping, a test looking at memory) goes through these. Two devices, or a
 * device and a CPU, touching one page at once is legal hardware behaviour
 * whose outcome the DMA sanitizer judges, so ThreadSanitizer is told to
 * ignore these bytes and reports only races in the kernel model itself.
 * hw_wire_copy() has memmove() semantics.
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

static inline void hw_wire_copy(void *dst, const void *src, size_t len)
{
	hw_wire_begin();
	memmove(dst, src, len);
	hw_wire_end();
}

static inline void hw_wire_set(void *dst, int c, size_t len)
{
	hw_wire_begin();
	memset(dst, c, len);
	hw_wire_end();
}

/* One byte of simulated memory, e.g. for a test's look at a page. */
static inline u8 hw_wire_peek(const void *src)
{
	u8 v;

	hw_wire_copy(&v, src, 1);
	return v;
}

#endif
