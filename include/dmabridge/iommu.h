/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOMMUs: domains with 4-level IO page tables, per-device attachment,
 * identity (passthrough) domains, and faults delivered to the domain's
 * fault handler. Each IO PTE also keeps the DMA sanitizer claim the mapper
 * learned the memory under (see sanitizer.h), so device accesses through
 * a stale IOMMU mapping are caught, whatever the order of events.
 */
#ifndef DMABRIDGE_IOMMU_H
#define DMABRIDGE_IOMMU_H

#include <dmabridge/types.h>
#include <dmabridge/atomic.h>
#include <dmabridge/mutex.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/sanitizer.h>

struct device;
struct platform;
struct iommu_domain;
struct iova_domain;
struct io_pgtable;

/**
 * DOC: protection and domain types
 *
 * iommu_map() protection bits are Linux's: IOMMU_READ, IOMMU_WRITE,
 * IOMMU_CACHE, IOMMU_NOEXEC, IOMMU_MMIO (device memory, no struct page),
 * IOMMU_PRIV. Fault handler flags: IOMMU_FAULT_READ, IOMMU_FAULT_WRITE.
 * Domain types: IOMMU_DOMAIN_BLOCKED, IOMMU_DOMAIN_IDENTITY,
 * IOMMU_DOMAIN_UNMANAGED (a driver's own paging domain) and
 * IOMMU_DOMAIN_DMA (the DMA API's default domain).
 */
#define IOMMU_READ (1 << 0)
#define IOMMU_WRITE (1 << 1)
#define IOMMU_CACHE (1 << 2)
#define IOMMU_NOEXEC (1 << 3)
#define IOMMU_MMIO (1 << 4)	/* device memory: no struct page */
#define IOMMU_PRIV (1 << 5)

/* Fault handler flags. */
#define IOMMU_FAULT_READ 0x0
#define IOMMU_FAULT_WRITE 0x1

#define __IOMMU_DOMAIN_PAGING (1U << 0)
#define __IOMMU_DOMAIN_DMA_API (1U << 1)
#define __IOMMU_DOMAIN_PT (1U << 2)
#define IOMMU_DOMAIN_BLOCKED (0U)
#define IOMMU_DOMAIN_IDENTITY (__IOMMU_DOMAIN_PT)
#define IOMMU_DOMAIN_UNMANAGED (__IOMMU_DOMAIN_PAGING)
#define IOMMU_DOMAIN_DMA (__IOMMU_DOMAIN_PAGING | __IOMMU_DOMAIN_DMA_API)

/**
 * enum iommu_mode - how a device sits behind an IOMMU (the platform file)
 * @IOMMU_MODE_NONE: no IOMMU: bus addresses are physical
 * @IOMMU_MODE_PASSTHROUGH: the IOMMU is in identity mode
 * @IOMMU_MODE_TRANSLATE: DMA goes through IO page tables
 */
enum iommu_mode {
	IOMMU_MODE_NONE,	/* no IOMMU: bus addresses are physical */
	IOMMU_MODE_PASSTHROUGH,	/* IOMMU in identity mode */
	IOMMU_MODE_TRANSLATE,	/* DMA goes through IO page tables */
};

typedef int (*iommu_fault_handler_t)(struct iommu_domain *domain,
				     struct device *dev, unsigned long iova,
				     int flags, void *token);

/**
 * struct iommu_domain_geometry - the IOVA range a domain can map
 * @aperture_start: first address
 * @aperture_end: last address (inclusive)
 * @force_aperture: DMA outside the aperture is refused
 */
struct iommu_domain_geometry {
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;	/* inclusive */
	bool force_aperture;
};

/**
 * DOC: IOVA quarantine
 *
 * The IOVA quarantine of a DMA domain, after Linux's iommu-dma flush
 * queue: an unmapped IOVA waits here (oldest first out) before the
 * allocator may hand it out again, so a DMA through it faults and is
 * reported as a use after unmap instead of landing in a new mapping.
 * Flushed at once when the IOVA space runs out.
 */
#define IOMMU_DMA_FQ_SIZE 64
/**
 * struct iommu_dma_fq - the IOVA quarantine of a DMA domain
 * @lock: protects the ring
 * @head: oldest entry
 * @n: entries used
 * @e: the ring of IOVA ranges (first pfn, pages)
 */
struct iommu_dma_fq {
	spinlock_t lock;
	unsigned int head, n;
	struct {
		unsigned long pfn, npages;
	} e[IOMMU_DMA_FQ_SIZE];
};

/**
 * struct iommu_domain - an IO address space
 * @type: IOMMU_DOMAIN_*
 * @platform: the machine
 * @pgsize_bitmap: page sizes: 4 KiB | 2 MiB | 1 GiB
 * @geometry: the aperture
 * @handler: the fault handler, or NULL
 * @handler_token: its argument
 * @nr_faults: faults delivered
 * @nr_attached: devices attached
 * @iovad: IOMMU_DOMAIN_DMA: the IOVA space
 * @fq: IOMMU_DOMAIN_DMA: the quarantine
 * @pgtbl: paging domains: the 4-level IO page table
 * @unmap_gen: bumped (atomically) by each unmap: an IOTLB invalidation
 *	count, so a DMA engine notices an unmap between two pieces of a job
 */
struct iommu_domain {
	unsigned int type;
	struct platform *platform;
	unsigned long pgsize_bitmap;	/* 4 KiB | 2 MiB | 1 GiB */
	struct iommu_domain_geometry geometry;
	iommu_fault_handler_t handler;
	void *handler_token;
	atomic_long_t nr_faults;
	atomic_t nr_attached;
	struct iova_domain *iovad;	/* IOMMU_DOMAIN_DMA: IOVA space */
	struct iommu_dma_fq *fq;	/* IOMMU_DOMAIN_DMA: quarantine */
	struct io_pgtable *pgtbl;	/* paging domains */
	unsigned long unmap_gen;	/* atomic: bumped by each unmap */
};

/**
 * struct dev_iommu - per-device IOMMU state (dev->iommu)
 * @mode: how the device sits behind its IOMMU
 * @can_fault: faults may be fixed by the handler and retried
 * @lock: serializes attach and detach
 * @default_domain: the DMA API's domain
 * @domain: the current domain; read under RCU
 * @nr_faults: faults of this device
 */
struct dev_iommu {
	enum iommu_mode mode;
	bool can_fault;			/* faults may be fixed and retried */
	struct mutex lock;		/* serializes attach / detach */
	struct iommu_domain *default_domain;
	struct iommu_domain *domain;	/* current; read under RCU */
	atomic_long_t nr_faults;
};

/**
 * iommu_probe_device() - give a device its IOMMU configuration
 * @dev: the device
 * @mode: NONE leaves dev->iommu NULL; PASSTHROUGH attaches an identity
 * 	domain; TRANSLATE creates and attaches a default DMA domain (with an
 * 	IOVA space that avoids every BAR window)
 * @can_fault: its IOMMU can take recoverable faults
 *
 * Context: process context (platform creation).
 * Return: 0, -EINVAL, -EEXIST (already probed), -ENOMEM.
 */
int iommu_probe_device(struct device *dev, enum iommu_mode mode,
		       bool can_fault);
/**
 * iommu_release_device() - undo iommu_probe_device()
 * @dev: the device
 *
 * Also releases its DMA API state.
 *
 * Context: process context; the device does no more DMA.
 */
void iommu_release_device(struct device *dev);

/**
 * iommu_paging_domain_alloc() - a new unmanaged paging domain
 * @dev: a device behind the IOMMU it is for
 *
 * Context: process context; allocates.
 * Return: the domain, or ERR_PTR(-ENODEV) (no IOMMU) or ERR_PTR(-ENOMEM).
 */
struct iommu_domain *iommu_paging_domain_alloc(struct device *dev);
/**
 * iommu_domain_alloc() - the older API: a paging domain for a platform
 * @plat: the platform
 *
 * Context: process context; allocates.
 * Return: the domain, or NULL on error.
 */
struct iommu_domain *iommu_domain_alloc(struct platform *plat);
/**
 * iommu_domain_free() - free a domain
 * @domain: the domain
 *
 * WARNs and refuses while devices are attached.
 *
 * Context: process context.
 */
void iommu_domain_free(struct iommu_domain *domain);

/**
 * iommu_attach_device() - make a domain a device's current one
 * @domain: the domain
 * @dev: the device
 *
 * Context: process context; takes the device's IOMMU lock.
 * Return: 0, -ENODEV (no IOMMU), -EBUSY (attached elsewhere), -EINVAL.
 */
int iommu_attach_device(struct iommu_domain *domain, struct device *dev);
/**
 * iommu_detach_device() - back to the device's default domain
 * @domain: the domain attached
 * @dev: the device
 *
 * Context: process context; takes the device's IOMMU lock.
 */
void iommu_detach_device(struct iommu_domain *domain, struct device *dev);
/**
 * iommu_get_domain_for_dev() - a device's current domain
 * @dev: the device
 *
 * Context: any context.
 * Return: the domain, or NULL without an IOMMU.
 */
struct iommu_domain *iommu_get_domain_for_dev(struct device *dev);
/**
 * iommu_get_dma_domain() - the default domain the DMA API maps into
 * @dev: the device
 *
 * Context: any context.
 * Return: the domain, or NULL without an IOMMU.
 */
struct iommu_domain *iommu_get_dma_domain(struct device *dev);

/**
 * iommu_map() - map an IOVA range
 * @domain: a paging domain
 * @iova: start (page aligned)
 * @paddr: physical start (page aligned)
 * @size: bytes (page aligned)
 * @prot: IOMMU_READ, IOMMU_WRITE, ...
 * @gfp: for the page table pages
 *
 * Each IO PTE also records the sanitizer claim the caller learned the
 * memory under.
 *
 * Context: any context; may allocate.
 * Return: 0, -EINVAL (bad alignment or range, not a paging domain),
 * -EEXIST (something is mapped there already; nothing is left mapped),
 * -ENOMEM.
 */
int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot, gfp_t gfp);
/**
 * iommu_map_claimed() - iommu_map() with the sanitizer claim given
 * @domain: a paging domain
 * @iova: start (page aligned)
 * @paddr: physical start (page aligned)
 * @size: bytes (page aligned)
 * @prot: IOMMU_READ, IOMMU_WRITE, ...
 * @owner: the claim every page of the range expects, which the caller
 *	looked up once (san_learned_run()) for its own mapping handle too
 *
 * dmabridge's own (the DMA API's half of iommu_map()): the IO PTEs are
 * written in runs, the largest IO pages that fit.
 *
 * Context: any context; may allocate (GFP_ATOMIC).
 * Return: as iommu_map().
 */
int iommu_map_claimed(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t size, int prot,
		      san_owner_t owner);
/**
 * iommu_unmap() - unmap an IOVA range
 * @domain: the domain
 * @iova: start
 * @size: bytes
 *
 * Context: any context.
 * Return: the bytes unmapped, stopping at the first hole (0 if none was
 * mapped).
 */
size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size);
/**
 * iommu_iova_to_phys() - look an IOVA up
 * @domain: the domain
 * @iova: the address
 *
 * Context: any context.
 * Return: the physical address; 0 if @iova is not mapped; @iova itself in
 * an identity domain.
 */
phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova);

/**
 * iommu_set_fault_handler() - set a domain's fault handler
 * @domain: the domain
 * @handler: called by report_iommu_fault()
 * @token: its last argument
 *
 * Context: process context.
 */
void iommu_set_fault_handler(struct iommu_domain *domain,
			     iommu_fault_handler_t handler, void *token);
/**
 * report_iommu_fault() - deliver a fault
 * @domain: the domain
 * @dev: the faulting device
 * @iova: the address
 * @flags: IOMMU_FAULT_READ or IOMMU_FAULT_WRITE
 *
 * Counts it, emits REPORT_IOMMU_FAULT and calls the handler.
 *
 * Context: any context (a DMA engine's thread).
 * Return: the handler's result, or -ENOSYS if there is none.
 */
int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags);
/**
 * iommu_domain_fault_count() - faults delivered on a domain
 * @domain: the domain
 *
 * Context: any context.
 * Return: the count.
 */
long iommu_domain_fault_count(struct iommu_domain *domain);
/**
 * iommu_dev_fault_count() - faults of a device
 * @dev: the device
 *
 * Context: any context.
 * Return: the count.
 */
long iommu_dev_fault_count(struct device *dev);

/**
 * iommu_dma_fq_flush() - empty a domain's IOVA quarantine
 * @domain: the domain
 *
 * For tests that count free IOVA space; the allocator does it when full.
 *
 * Context: any context.
 */
void iommu_dma_fq_flush(struct iommu_domain *domain);

/**
 * device_iommu_translates() - is DMA from a device translated now?
 * @dev: the device
 *
 * Context: any context.
 * Return: true if a paging domain is attached.
 */
bool device_iommu_translates(struct device *dev);

/**
 * struct iommu_xlate - what iommu_translate() found
 * @phys: the CPU physical address
 * @len: bytes contiguous from there (to the end of the IO page)
 * @prot: the PTE's protection
 * @owner: the sanitizer claim recorded at map time
 * @translated: false for identity or no IOMMU (@phys == the IOVA)
 * @domain: the domain translated through
 * @gen: its @unmap_gen at that time
 */
struct iommu_xlate {
	phys_addr_t phys;
	size_t len;
	int prot;
	san_owner_t owner;
	bool translated;	/* false: identity / no IOMMU, phys == iova */
	struct iommu_domain *domain;	/* translated through, and its */
	unsigned long gen;		/* unmap generation at that time */
};
/**
 * iommu_translate() - what a DMA engine sees for one access
 * @dev: the device
 * @iova: the address
 * @write: a write access
 * @out: receives the translation
 *
 * A miss or a permission failure is a fault, delivered with
 * report_iommu_fault(); if the IOMMU can take faults and the handler
 * returned 0, the walk is retried (the handler may have mapped the page).
 *
 * Context: any context (a DMA engine's thread).
 * Return: 0, or -EFAULT.
 */
int iommu_translate(struct device *dev, dma_addr_t iova, bool write,
		    struct iommu_xlate *out);
/*
 * Like iommu_translate(), but out->len covers the whole run of IO pages
 * from @iova (at most @max bytes) that stays physically contiguous under
 * one sanitizer owner and permits the access: an engine translates once
 * per contiguous extent (*(model)* an IOTLB entry for the run).
 */
int iommu_translate_range(struct device *dev, dma_addr_t iova, bool write,
			  size_t max, struct iommu_xlate *out);
/*
 * True while a translation @x is still what @dev's IOMMU would give: same
 * domain, and no unmap (IOTLB invalidation) in it since.
 */
bool iommu_xlate_valid(struct device *dev, const struct iommu_xlate *x);

/**
 * DOC: IOMMU groups
 *
 * The devices that cannot be told apart or isolated from each other by the
 * IOMMU; the unit VFIO hands to userspace. Formed once at platform
 * creation (docs/device-model.md has the rule) and fixed afterwards. Only
 * devices behind an IOMMU belong to one.
 */
struct iommu_group;
/**
 * iommu_group_get() - a device's IOMMU group
 * @dev: the device
 *
 * Context: any context.
 * Return: the group with a reference (iommu_group_put() it), or NULL for a
 * device behind no IOMMU.
 */
struct iommu_group *iommu_group_get(struct device *dev);
/**
 * iommu_group_put() - drop a group reference
 * @group: the group, or NULL
 *
 * Context: any context.
 */
void iommu_group_put(struct iommu_group *group);
/**
 * iommu_group_id() - a group's number
 * @group: the group
 *
 * Context: any context.
 * Return: its id (0 .. iommu_groups_count() - 1).
 */
int iommu_group_id(struct iommu_group *group);
/**
 * iommu_group_for_each_dev() - call a function on each member
 * @group: the group
 * @data: for @fn
 * @fn: called in bus order until it returns nonzero
 *
 * Context: process context.
 * Return: 0, or the first nonzero value of @fn.
 */
int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data));
/**
 * iommu_group_nr_devices() - members of a group
 * @group: the group
 *
 * Context: any context.
 * Return: the count.
 */
int iommu_group_nr_devices(struct iommu_group *group);
/**
 * iommu_groups_count() - groups of a platform
 * @plat: the platform
 *
 * Context: any context.
 * Return: the count.
 */
int iommu_groups_count(struct platform *plat);
/**
 * iommu_group_by_id() - a group by its id
 * @plat: the platform
 * @id: 0 .. iommu_groups_count() - 1
 *
 * Context: any context.
 * Return: the group (unreferenced), or NULL for an id out of range.
 */
struct iommu_group *iommu_group_by_id(struct platform *plat, int id);
/**
 * iommu_groups_create() - form a platform's groups
 * @plat: the platform
 *
 * platform_create() calls it once the topology exists.
 *
 * Context: process context.
 * Return: 0, or -ENOMEM.
 */
int iommu_groups_create(struct platform *plat);
/**
 * iommu_groups_destroy() - free a platform's groups
 * @plat: the platform
 *
 * Context: process context (platform_destroy()).
 */
void iommu_groups_destroy(struct platform *plat);

#endif
