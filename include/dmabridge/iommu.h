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

/* iommu_map() protection bits (Linux values). */
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

/* How a device sits behind an IOMMU (from the platform file). */
enum iommu_mode {
	IOMMU_MODE_NONE,	/* no IOMMU: bus addresses are physical */
	IOMMU_MODE_PASSTHROUGH,	/* IOMMU in identity mode */
	IOMMU_MODE_TRANSLATE,	/* DMA goes through IO page tables */
};

typedef int (*iommu_fault_handler_t)(struct iommu_domain *domain,
				     struct device *dev, unsigned long iova,
				     int flags, void *token);

struct iommu_domain_geometry {
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;	/* inclusive */
	bool force_aperture;
};

/*
 * The IOVA quarantine of a DMA domain, after Linux's iommu-dma flush
 * queue: an unmapped IOVA waits here (oldest first out) before the
 * allocator may hand it out again, so a DMA through it faults and is
 * reported as a use after unmap instead of landing in a new mapping.
 * Flushed at once when the IOVA space runs out.
 */
#define IOMMU_DMA_FQ_SIZE 64
struct iommu_dma_fq {
	spinlock_t lock;
	unsigned int head, n;
	struct {
		unsigned long pfn, npages;
	} e[IOMMU_DMA_FQ_SIZE];
};

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

/* Per-device IOMMU state (dev->iommu). */
struct dev_iommu {
	enum iommu_mode mode;
	bool can_fault;			/* faults may be fixed and retried */
	struct mutex lock;		/* serializes attach / detach */
	struct iommu_domain *default_domain;
	struct iommu_domain *domain;	/* current; read under RCU */
	atomic_long_t nr_faults;
};

/*
 * Give @dev its IOMMU configuration. NONE leaves dev->iommu NULL;
 * PASSTHROUGH attaches an identity domain; TRANSLATE creates and attaches
 * a default DMA domain (with an IOVA space that avoids every BAR window).
 * 0, -EINVAL, -EEXIST (already probed) or -ENOMEM.
 */
int iommu_probe_device(struct device *dev, enum iommu_mode mode,
		       bool can_fault);
/* Undo iommu_probe_device() and release dev's DMA API state. */
void iommu_release_device(struct device *dev);

/* A new unmanaged paging domain for @dev's IOMMU (ERR_PTR on error). */
struct iommu_domain *iommu_paging_domain_alloc(struct device *dev);
/* The same for a platform's IOMMUs; NULL on error (the older API). */
struct iommu_domain *iommu_domain_alloc(struct platform *plat);
/* Frees @domain; WARNs and refuses while devices are attached. */
void iommu_domain_free(struct iommu_domain *domain);

/* -ENODEV (no IOMMU), -EBUSY (attached elsewhere), -EINVAL. */
int iommu_attach_device(struct iommu_domain *domain, struct device *dev);
void iommu_detach_device(struct iommu_domain *domain, struct device *dev);
struct iommu_domain *iommu_get_domain_for_dev(struct device *dev);
/* The default domain the DMA API maps into (NULL without an IOMMU). */
struct iommu_domain *iommu_get_dma_domain(struct device *dev);

/*
 * Map [iova, iova + size) to [paddr, ...). All three page aligned.
 * 0, -EINVAL (bad alignment or range, not a paging domain), -EEXIST
 * (something mapped there already; nothing is left mapped), -ENOMEM.
 */
int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot, gfp_t gfp);
/* Bytes unmapped, stopping at the first hole (0 if none mapped). */
size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size);
/* 0 if @iova is not mapped. Identity domains return @iova. */
phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova);

void iommu_set_fault_handler(struct iommu_domain *domain,
			     iommu_fault_handler_t handler, void *token);
/*
 * Deliver a fault: count it, emit REPORT_IOMMU_FAULT and call the
 * handler. Returns the handler's result, -ENOSYS if there is none.
 */
int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags);
long iommu_domain_fault_count(struct iommu_domain *domain);
long iommu_dev_fault_count(struct device *dev);

/*
 * Give every IOVA waiting in @domain's quarantine back to the allocator
 * (tests that count free IOVA space; the allocator does it when full).
 */
void iommu_dma_fq_flush(struct iommu_domain *domain);

/* True if DMA from @dev is translated now (a paging domain attached). */
bool device_iommu_translates(struct device *dev);

/*
 * What a DMA engine sees: translate one access at @iova through @dev's
 * current domain. On success fills the CPU physical address, how many
 * bytes stay contiguous from there (to the end of the IO page), and the
 * sanitizer owner recorded at map time. A miss or a permission failure is
 * a fault: delivered with report_iommu_fault(); if the IOMMU can take
 * faults and the handler returned 0, the walk is retried (the handler may
 * have mapped the page). Returns 0 or -EFAULT.
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

/*
 * IOMMU groups (iommu/iommu-groups.c): the devices that cannot be told
 * apart or isolated from each other by the IOMMU; the unit VFIO hands to
 * userspace. Formed once at platform creation (docs/device-model.md has
 * the rule) and fixed afterwards. Only devices behind an IOMMU belong to
 * one. iommu_group_get returns a referenced group (iommu_group_put it).
 */
struct iommu_group;
struct iommu_group *iommu_group_get(struct device *dev);
void iommu_group_put(struct iommu_group *group);
int iommu_group_id(struct iommu_group *group);
/* Call @fn on each member (in bus order) until it returns nonzero. */
int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data));
int iommu_group_nr_devices(struct iommu_group *group);
/* Groups of @plat by id (0 .. iommu_groups_count()-1), unreferenced. */
int iommu_groups_count(struct platform *plat);
struct iommu_group *iommu_group_by_id(struct platform *plat, int id);
/* platform_create()/platform_destroy(). */
int iommu_groups_create(struct platform *plat);
void iommu_groups_destroy(struct platform *plat);

#endif
