// SPDX-License-Identifier: GPL-2.0
/* IOMMU core: domains, attach/detach, map/unmap, faults, translation. */
#include <errno.h>
#include <dmabridge/iommu.h>
#include <dmabridge/iova.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/device.h>
#include <dmabridge/platform.h>
#include <dmabridge/hw.h>
#include <dmabridge/pci.h>
#include <dmabridge/rcupdate.h>
#include <dmabridge/report.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include <dmabridge/slab.h>
#include "io_pgtable.h"
#include "hw/arena.h"

/* Translating faults are retried this often when the handler fixed them. */
#define IOMMU_FAULT_RETRIES 3

static struct iommu_domain *domain_alloc(struct platform *plat,
					 unsigned int type)
{
	struct iommu_domain *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	d->type = type;
	d->platform = plat;
	atomic_long_set(&d->nr_faults, 0);
	atomic_set(&d->nr_attached, 0);
	if (!(type & __IOMMU_DOMAIN_PAGING))
		return d;
	d->pgsize_bitmap = IO_SZ_4K | IO_SZ_2M | IO_SZ_1G;
	d->geometry.aperture_start = 0;
	d->geometry.aperture_end = (1ULL << IO_PGTABLE_IAS) - 1;
	d->geometry.force_aperture = true;
	d->pgtbl = kzalloc(sizeof(*d->pgtbl), GFP_KERNEL);
	if (!d->pgtbl || io_pgtable_init(d->pgtbl)) {
		kfree(d->pgtbl);
		kfree(d);
		return NULL;
	}
	return d;
}

/*
 * A device's request whose address falls in a BAR window may be claimed by
 * a switch before it reaches the IOMMU, so DMA domains never hand out
 * IOVAs there: both the CPU and the bus addresses of every BAR.
 */
static int iova_reserve_bar_windows(struct iommu_domain *d)
{
	struct platform_mem *mem = d->platform->mem;
	unsigned long shift = iova_shift(d->iovad);
	int i, n, ret = 0;

	if (!mem)
		return 0;
	n = smp_load_acquire(&mem->nr_regions);
	for (i = 0; i < n && !ret; i++) {
		struct phys_region *r = &mem->regions[i]->r;
		struct pci_dev *pdev = r->pdev;
		u64 off;

		if (r->kind != PHYS_BAR)
			continue;
		ret = reserve_iova(d->iovad, r->base >> shift,
				   (r->base + r->size - 1) >> shift);
		off = pdev && pdev->host_bridge ? pdev->host_bridge->bus_offset :
						  0;
		if (!ret && off)
			ret = reserve_iova(d->iovad, (r->base + off) >> shift,
					   (r->base + off + r->size - 1) >>
						   shift);
	}
	return ret;
}

static struct iommu_domain *dma_domain_alloc(struct platform *plat)
{
	struct iommu_domain *d = domain_alloc(plat, IOMMU_DOMAIN_DMA);

	if (!d)
		return NULL;
	d->iovad = kzalloc(sizeof(*d->iovad), GFP_KERNEL);
	d->fq = kzalloc(sizeof(*d->fq), GFP_KERNEL);
	/* IOVA 0 is never handed out: it looks like a NULL address. */
	if (!d->iovad || !d->fq || init_iova_domain(d->iovad, IO_SZ_4K, 1))
		goto err;
	spin_lock_init(&d->fq->lock);
	if (iova_reserve_bar_windows(d)) {
		put_iova_domain(d->iovad);
		goto err;
	}
	return d;
err:
	kfree(d->iovad);
	d->iovad = NULL;
	kfree(d->fq);
	d->fq = NULL;
	iommu_domain_free(d);
	return NULL;
}

struct iommu_domain *iommu_domain_alloc(struct platform *plat)
{
	return plat ? domain_alloc(plat, IOMMU_DOMAIN_UNMANAGED) : NULL;
}

struct iommu_domain *iommu_paging_domain_alloc(struct device *dev)
{
	struct iommu_domain *d;

	if (!dev || !dev->iommu)
		return ERR_PTR(-ENODEV);
	d = domain_alloc(dev->platform, IOMMU_DOMAIN_UNMANAGED);
	return d ? d : ERR_PTR(-ENOMEM);
}

void iommu_domain_free(struct iommu_domain *domain)
{
	if (!domain)
		return;
	if (WARN(atomic_read(&domain->nr_attached),
		 "iommu_domain_free: %d device(s) still attached: refused",
		 atomic_read(&domain->nr_attached)))
		return;
	/* Engines walk the tables under RCU: let them finish. */
	synchronize_rcu();
	if (domain->pgtbl) {
		io_pgtable_free(domain->pgtbl);
		kfree(domain->pgtbl);
	}
	if (domain->iovad) {
		put_iova_domain(domain->iovad);
		kfree(domain->iovad);
	}
	if (domain->fq) {
		spin_lock_destroy(&domain->fq->lock);
		kfree(domain->fq);
	}
	kfree(domain);
}

int iommu_probe_device(struct device *dev, enum iommu_mode mode,
		       bool can_fault)
{
	struct dev_iommu *di;
	struct iommu_domain *d;

	if (!dev || !dev->platform || mode > IOMMU_MODE_TRANSLATE)
		return -EINVAL;
	if (dev->iommu)
		return -EEXIST;
	if (mode == IOMMU_MODE_NONE)
		return 0;
	di = kzalloc(sizeof(*di), GFP_KERNEL);
	if (!di)
		return -ENOMEM;
	d = mode == IOMMU_MODE_TRANSLATE ?
		    dma_domain_alloc(dev->platform) :
		    domain_alloc(dev->platform, IOMMU_DOMAIN_IDENTITY);
	if (!d) {
		kfree(di);
		return -ENOMEM;
	}
	di->mode = mode;
	di->can_fault = can_fault && mode == IOMMU_MODE_TRANSLATE;
	mutex_init(&di->lock);
	di->default_domain = d;
	di->domain = d;
	atomic_set(&d->nr_attached, 1);
	atomic_long_set(&di->nr_faults, 0);
	rcu_assign_pointer(dev->iommu, di);
	return 0;
}

void iommu_release_device(struct device *dev)
{
	struct dev_iommu *di;

	if (!dev)
		return;
	dma_release_device(dev);
	di = dev->iommu;
	if (!di)
		return;
	WARN(di->domain != di->default_domain,
	     "%s released while attached to a non-default domain",
	     dev_name(dev));
	/* Only the current domain counts this device as attached. */
	atomic_dec(&di->domain->nr_attached);
	rcu_assign_pointer(dev->iommu, NULL);
	synchronize_rcu();
	iommu_domain_free(di->default_domain);
	mutex_destroy(&di->lock);
	kfree(di);
}

int iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct dev_iommu *di;
	int ret = 0;

	if (!domain || !dev)
		return -EINVAL;
	di = dev->iommu;
	if (!di)
		return -ENODEV;
	if (domain->platform != dev->platform)
		return -EINVAL;
	mutex_lock(&di->lock);
	if (di->domain == domain) {
		ret = 0;
	} else if (di->domain != di->default_domain) {
		ret = -EBUSY;
	} else {
		atomic_inc(&domain->nr_attached);
		atomic_dec(&di->domain->nr_attached);
		rcu_assign_pointer(di->domain, domain);
	}
	mutex_unlock(&di->lock);
	return ret;
}

void iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	struct dev_iommu *di = dev ? dev->iommu : NULL;

	if (!di || !domain)
		return;
	mutex_lock(&di->lock);
	if (!WARN(di->domain != domain || domain == di->default_domain,
		  "%s: detach from a domain it is not attached to",
		  dev_name(dev))) {
		atomic_inc(&di->default_domain->nr_attached);
		rcu_assign_pointer(di->domain, di->default_domain);
		/* In-flight walks of @domain end before it can be freed. */
		atomic_dec(&domain->nr_attached);
	}
	mutex_unlock(&di->lock);
}

struct iommu_domain *iommu_get_domain_for_dev(struct device *dev)
{
	struct dev_iommu *di = dev ? dev->iommu : NULL;

	return di ? READ_ONCE(di->domain) : NULL;
}

struct iommu_domain *iommu_get_dma_domain(struct device *dev)
{
	struct dev_iommu *di = dev ? dev->iommu : NULL;

	return di ? di->default_domain : NULL;
}

bool device_iommu_translates(struct device *dev)
{
	struct iommu_domain *d = iommu_get_domain_for_dev(dev);

	return d && (d->type & __IOMMU_DOMAIN_PAGING);
}

/*
 * How many bytes from @paddr (at most @left) the caller learned under one
 * claim, in *@owner: an IO page carries one claim, so a large one is used
 * only where every 4 KiB page under it expects the same (exact checks).
 */
static size_t claim_run(struct iommu_domain *d, phys_addr_t paddr,
			size_t left, san_owner_t *owner)
{
	size_t run;

	*owner = san_learned_run(d->platform, paddr, left, &run);
	return max(run, IO_SZ_4K);
}

/* The largest IO page the domain has that fits @iova, @paddr and @len. */
static size_t pick_pgsize(struct iommu_domain *d, u64 iova, phys_addr_t paddr,
			  size_t len)
{
	if ((d->pgsize_bitmap & IO_SZ_1G) && IS_ALIGNED(iova | paddr, IO_SZ_1G) &&
	    len >= IO_SZ_1G)
		return IO_SZ_1G;
	if ((d->pgsize_bitmap & IO_SZ_2M) && IS_ALIGNED(iova | paddr, IO_SZ_2M) &&
	    len >= IO_SZ_2M)
		return IO_SZ_2M;
	return IO_SZ_4K;
}

static int map_check(struct iommu_domain *domain, unsigned long iova,
		     phys_addr_t paddr, size_t size)
{
	if (!domain || !(domain->type & __IOMMU_DOMAIN_PAGING))
		return -EINVAL;
	if (!size || !IS_ALIGNED(iova | paddr | size, IO_SZ_4K))
		return -EINVAL;
	if (iova + size - 1 < iova ||
	    iova < domain->geometry.aperture_start ||
	    iova + size - 1 > domain->geometry.aperture_end)
		return -EINVAL;
	return 0;
}

/*
 * [iova, iova + size), all expecting @owner, in runs: the largest IO page
 * that fits, then as many entries of one table as the run allows. Bytes
 * mapped, or an errno with nothing of this call left mapped.
 */
static long map_owned(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t size, int prot,
		      san_owner_t owner)
{
	size_t done = 0;
	long ret;

	while (done < size) {
		size_t pgsize = pick_pgsize(domain, iova + done, paddr + done,
					    size - done);

		/* A table of smaller pages ends where a larger page may start. */
		ret = io_pgtable_map_run(domain->pgtbl, iova + done,
					 paddr + done,
					 ALIGN_DOWN(size - done, pgsize),
					 pgsize, prot, owner);
		if (ret < 0) {
			if (done)
				iommu_unmap(domain, iova, done);
			return ret;
		}
		done += ret;
	}
	return 0;
}

int iommu_map_claimed(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t size, int prot,
		      san_owner_t owner)
{
	int ret = map_check(domain, iova, paddr, size);

	return ret ? ret : (int)map_owned(domain, iova, paddr, size, prot,
					  owner);
}

int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	size_t done = 0, run;
	san_owner_t owner;
	int ret = map_check(domain, iova, paddr, size);

	/* One run of one learned claim at a time. */
	while (!ret && done < size) {
		run = claim_run(domain, paddr + done, size - done, &owner);
		ret = (int)map_owned(domain, iova + done, paddr + done, run,
				     prot, owner);
		if (!ret)
			done += run;
	}
	if (ret && done)
		iommu_unmap(domain, iova, done);
	return ret;
}

size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size)
{
	size_t done = 0, n;

	if (!domain || !(domain->type & __IOMMU_DOMAIN_PAGING) ||
	    !IS_ALIGNED(iova | size, IO_SZ_4K))
		return 0;
	while (done < size) {
		n = io_pgtable_unmap_run(domain->pgtbl, iova + done,
					 size - done);
		if (!n)
			break;
		done += n;
	}
	/* The IOTLB invalidation: translations cached by engines go. */
	if (done)
		__atomic_add_fetch(&domain->unmap_gen, 1, __ATOMIC_RELEASE);
	return done;
}

phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	struct io_pgtable_walk w;

	if (!domain)
		return 0;
	if (domain->type == IOMMU_DOMAIN_IDENTITY)
		return iova;
	if (!domain->pgtbl || iova >> IO_PGTABLE_IAS)
		return 0;
	return io_pgtable_lookup(domain->pgtbl, iova, &w) ? w.phys : 0;
}

void iommu_set_fault_handler(struct iommu_domain *domain,
			     iommu_fault_handler_t handler, void *token)
{
	if (!domain)
		return;
	domain->handler_token = token;
	WRITE_ONCE(domain->handler, handler);
}

int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags)
{
	iommu_fault_handler_t handler;
	int ret = -ENOSYS;

	atomic_long_inc(&domain->nr_faults);
	if (dev && dev->iommu)
		atomic_long_inc(&dev->iommu->nr_faults);
	report_emit(REPORT_IOMMU_FAULT, "%s: IOMMU fault on %s at iova %#lx",
		    dev ? dev_name(dev) : "?",
		    flags & IOMMU_FAULT_WRITE ? "write" : "read", iova);
	handler = READ_ONCE(domain->handler);
	if (handler)
		ret = handler(domain, dev, iova, flags, domain->handler_token);
	return ret;
}

long iommu_domain_fault_count(struct iommu_domain *domain)
{
	return domain ? atomic_long_read(&domain->nr_faults) : 0;
}

long iommu_dev_fault_count(struct device *dev)
{
	return dev && dev->iommu ? atomic_long_read(&dev->iommu->nr_faults) :
				   0;
}

/* Bytes left until the next boundary of @size after @iova. */
static size_t to_boundary(u64 iova, size_t size)
{
	return size - (iova & (size - 1));
}

static bool xlate_once(struct iommu_domain *d, dma_addr_t iova, bool write,
		       size_t max, struct iommu_xlate *out)
{
	struct io_pgtable_walk w;
	int need = write ? IOMMU_WRITE : IOMMU_READ;

	out->domain = d;
	/* Before the walk: an unmap after it changes the generation. */
	out->gen = __atomic_load_n(&d->unmap_gen, __ATOMIC_ACQUIRE);
	if (d->type == IOMMU_DOMAIN_IDENTITY) {
		out->phys = iova;
		out->len = max > 1 ? max : to_boundary(iova, IO_SZ_4K);
		out->prot = IOMMU_READ | IOMMU_WRITE;
		out->owner = SAN_OWNER_NONE;
		out->translated = false;
		return true;
	}
	if (!d->pgtbl || iova >> IO_PGTABLE_IAS)
		return false;
	if (max > 1) {
		if (!io_pgtable_lookup_run(d->pgtbl, iova, need, max, &w))
			return false;
		out->len = w.run;
	} else {
		if (!io_pgtable_lookup(d->pgtbl, iova, &w) || !(w.prot & need))
			return false;
		out->len = w.size - (iova & (w.size - 1));
	}
	out->phys = w.phys;
	out->prot = w.prot;
	out->owner = w.owner;
	out->translated = true;
	return true;
}

static int translate(struct device *dev, dma_addr_t iova, bool write,
		     size_t max, struct iommu_xlate *out)
{
	struct dev_iommu *di;
	struct iommu_domain *d;
	int tries = 0, ret = -EFAULT;

	rcu_read_lock();
	di = rcu_dereference(dev->iommu);
	if (!di) {
		/* No IOMMU: the address is physical. */
		out->phys = iova;
		out->len = max > 1 ? max : to_boundary(iova, IO_SZ_4K);
		out->prot = IOMMU_READ | IOMMU_WRITE;
		out->owner = SAN_OWNER_NONE;
		out->translated = false;
		out->domain = NULL;
		out->gen = 0;
		rcu_read_unlock();
		return 0;
	}
	d = rcu_dereference(di->domain);
	for (;;) {
		if (xlate_once(d, iova, write, max, out)) {
			ret = 0;
			break;
		}
		/* Handlers run under RCU, like Linux's in IRQ context. */
		if (report_iommu_fault(d, dev, iova,
				       write ? IOMMU_FAULT_WRITE :
					       IOMMU_FAULT_READ) ||
		    !di->can_fault || ++tries > IOMMU_FAULT_RETRIES)
			break;
	}
	rcu_read_unlock();
	return ret;
}

int iommu_translate(struct device *dev, dma_addr_t iova, bool write,
		    struct iommu_xlate *out)
{
	return translate(dev, iova, write, 1, out);
}

int iommu_translate_range(struct device *dev, dma_addr_t iova, bool write,
			  size_t max, struct iommu_xlate *out)
{
	return translate(dev, iova, write, max ? max : 1, out);
}

bool iommu_xlate_valid(struct device *dev, const struct iommu_xlate *x)
{
	struct dev_iommu *di;
	bool ok;

	rcu_read_lock();
	di = rcu_dereference(dev->iommu);
	ok = di ? rcu_dereference(di->domain) == x->domain &&
			  __atomic_load_n(&x->domain->unmap_gen,
					  __ATOMIC_ACQUIRE) == x->gen :
		  !x->domain;
	rcu_read_unlock();
	return ok;
}
