// SPDX-License-Identifier: GPL-2.0
/*
 * Building the PCIe topology from a parsed platform file: host bridges,
 * bus numbers (depth first, like enumeration), one pci_dev per port and
 * endpoint, and BAR placement in each host bridge's window.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/err.h>
#include <dmabridge/hw.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/pci-device-model.h>
#include "pci-internal.h"

#define MMIO_ALIGN (1ULL << 30)		/* BAR space starts above RAM */
#define MMIO_LIMIT (1ULL << 48)

struct builder {
	struct pci_topology *topo;
	const struct platform_desc *desc;
	char *err;
	size_t errlen;
	int next_bus;		/* next free bus in the current host bridge */
	int bus_limit;		/* last bus number it may use */
};

static __printf(3, 4) int build_err(struct builder *b, const char *path,
				    const char *fmt, ...)
{
	char reason[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (b->err && b->errlen)
		snprintf(b->err, b->errlen, "platform: %s: %s", path, reason);
	return -EINVAL;
}

static struct pci_dev *new_dev(struct builder *b, struct pci_host_bridge *hb,
			       struct pci_dev *upstream, int busnr,
			       unsigned int devfn, const char *label)
{
	struct pci_topology *topo = b->topo;
	struct pci_dev *pdev = kzalloc(sizeof(*pdev), GFP_KERNEL);

	if (!pdev)
		return NULL;
	snprintf(pdev->dev.name, sizeof(pdev->dev.name), "%04x:%02x:%02x.%u",
		 hb->domain, busnr, PCI_SLOT(devfn), PCI_FUNC(devfn));
	pdev->dev.platform = topo->plat;
	pdev->dev.parent = upstream ? &upstream->dev : NULL;
	pdev->dev.dma_mask_store = ~0ULL;
	pdev->dev.dma_mask = &pdev->dev.dma_mask_store;
	pdev->dev.coherent_dma_mask = ~0ULL;
	INIT_LIST_HEAD(&pdev->dev.node);
	kref_init(&pdev->dev.kref);
	pdev->dev.release = pci_release_dev;
	pdev->host_bridge = hb;
	pdev->upstream = upstream;
	pdev->topo = topo;
	pdev->busnr = busnr;
	pdev->devfn = devfn;
	snprintf(pdev->label, sizeof(pdev->label), "%s", label);
	mutex_init(&pdev->cfg_lock);
	/* Firmware left memory decode and bus mastering on. */
	pdev->command = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	pdev->index = topo->nr_devs;
	topo->devs[topo->nr_devs++] = pdev;
	return pdev;
}

static int take_bus(struct builder *b, const char *path)
{
	if (b->next_bus > b->bus_limit)
		return build_err(b, path, "no bus number left (bus range of "
				 "its host bridge ends at %02x)", b->bus_limit);
	return b->next_bus++;
}

static struct pci_dev *new_bridge(struct builder *b,
				  struct pci_host_bridge *hb,
				  struct pci_dev *up, int busnr,
				  unsigned int devfn, const char *label,
				  int type, unsigned short vendor,
				  unsigned short device, bool acs)
{
	struct pci_dev *pdev = new_dev(b, hb, up, busnr, devfn, label);

	if (!pdev)
		return NULL;
	pdev->kind = PCI_KIND_BRIDGE;
	pdev->pcie_type = type;
	pdev->class = PCI_CLASS_BRIDGE_PCI << 8;
	pdev->vendor = vendor;
	pdev->device = device;
	pdev->acs_redir = acs;
	return pdev;
}

static int build_port(struct builder *b, struct pci_host_bridge *hb,
		      struct pci_dev *port, int port_idx);

static int build_endpoint(struct builder *b, struct pci_host_bridge *hb,
			  struct pci_dev *port, int ep_idx)
{
	const struct platform_desc_endpoint *ep = &b->desc->endpoints[ep_idx];
	static const unsigned int class_of[] = {
		[PCI_KIND_GPU] = PCI_CLASS_DISPLAY_3D << 8,
		[PCI_KIND_NIC] = PCI_CLASS_NETWORK_ETHERNET << 8,
		[PCI_KIND_NVME] = PCI_CLASS_STORAGE_EXPRESS,
		[PCI_KIND_GENERIC] = PCI_CLASS_OTHERS << 16,
		[PCI_KIND_CAPTURE] = PCI_CLASS_MULTIMEDIA_VIDEO << 8,
	};
	struct pci_dev *pdev;
	int i;

	pdev = new_dev(b, hb, port, port->secondary, PCI_DEVFN(0, 0),
		       ep->name);
	if (!pdev)
		return -ENOMEM;
	pdev->kind = ep->kind;
	pdev->pcie_type = PCI_EXP_TYPE_ENDPOINT;
	pdev->class = class_of[ep->kind];
	if (ep->model) {	/* a registered device model */
		pdev->model = ep->model;
		pdev->class = ep->model->class;
	}
	pdev->vendor = ep->vendor;
	pdev->device = ep->device;
	pdev->iommu_cfg = ep->iommu;
	pdev->iommu_can_fault = ep->can_fault;
	for (i = 0; i < ep->nr_bars; i++) {
		const struct platform_desc_bar *bar = &ep->bars[i];
		struct resource *res = &pdev->resource[bar->index];

		/* Sized now, placed once every BAR is known. */
		res->start = 0;
		res->end = bar->size - 1;
		res->flags = IORESOURCE_MEM | IORESOURCE_MEM_64 |
			     (bar->prefetchable ? IORESOURCE_PREFETCH : 0);
		res->name = pdev->label;
		pdev->bar_p2p[bar->index] = bar->p2p;
	}
	return 0;
}

static int build_switch(struct builder *b, struct pci_host_bridge *hb,
			struct pci_dev *port, int sw_idx)
{
	const struct platform_desc_switch *sw = &b->desc->switches[sw_idx];
	struct pci_dev *usp;
	char path[64];
	int i, ret, bus;

	usp = new_bridge(b, hb, port, port->secondary, PCI_DEVFN(0, 0),
			 sw->name, PCI_EXP_TYPE_UPSTREAM, sw->vendor,
			 sw->device, sw->upstream_acs_redirect);
	if (!usp)
		return -ENOMEM;
	snprintf(path, sizeof(path), "switches[%d]", sw_idx);
	bus = take_bus(b, path);
	if (bus < 0)
		return bus;
	usp->secondary = bus;
	for (i = 0; i < sw->nr_ports; i++) {
		int pi = sw->first_port + i;
		const struct platform_desc_port *dp = &b->desc->ports[pi];
		struct pci_dev *dsp;

		dsp = new_bridge(b, hb, usp, usp->secondary, PCI_DEVFN(i, 0),
				 dp->name, PCI_EXP_TYPE_DOWNSTREAM,
				 dp->vendor, dp->device, dp->acs_redirect);
		if (!dsp)
			return -ENOMEM;
		ret = build_port(b, hb, dsp, pi);
		if (ret)
			return ret;
	}
	usp->subordinate = b->next_bus - 1;
	return 0;
}

/* Give @port its secondary bus and build what is plugged into it. */
static int build_port(struct builder *b, struct pci_host_bridge *hb,
		      struct pci_dev *port, int port_idx)
{
	const struct platform_desc_port *dp = &b->desc->ports[port_idx];
	char path[64];
	int ret = 0, bus;

	if (dp->sw < 0)
		snprintf(path, sizeof(path), "root_ports[%d]", port_idx);
	else
		snprintf(path, sizeof(path), "switches[%d].downstream_ports[%d]",
			 dp->sw, port_idx - b->desc->switches[dp->sw].first_port);
	bus = take_bus(b, path);
	if (bus < 0)
		return bus;
	port->secondary = bus;
	if (dp->child_switch >= 0)
		ret = build_switch(b, hb, port, dp->child_switch);
	else if (dp->child_endpoint >= 0)
		ret = build_endpoint(b, hb, port, dp->child_endpoint);
	port->subordinate = b->next_bus - 1;
	return ret;
}

/* Root bus numbers of other host bridges in the same domain bound ours. */
static int bus_limit(const struct platform_desc *d, int hbi)
{
	const struct platform_desc_host_bridge *hb = &d->host_bridges[hbi];
	int i, limit = 255;

	for (i = 0; i < d->nr_host_bridges; i++) {
		const struct platform_desc_host_bridge *o = &d->host_bridges[i];

		if (o->domain == hb->domain && o->bus > hb->bus &&
		    o->bus - 1 < limit)
			limit = o->bus - 1;
	}
	return limit;
}

static int build_host_bridge(struct builder *b, int hbi)
{
	const struct platform_desc *d = b->desc;
	struct pci_host_bridge *hb = &b->topo->host_bridges[hbi];
	int i, slot = 0, ret;
	char path[64];

	b->next_bus = d->host_bridges[hbi].bus + 1;
	b->bus_limit = bus_limit(d, hbi);
	for (i = 0; i < d->nr_ports; i++) {
		const struct platform_desc_port *dp = &d->ports[i];
		struct pci_dev *rp;

		if (dp->host_bridge != hbi)
			continue;
		/* Slot 0 is the host bridge itself, as on real chipsets. */
		if (++slot > 31) {
			snprintf(path, sizeof(path), "root_ports[%d]", i);
			return build_err(b, path, "more than 31 root ports on "
					 "host bridge '%s'", hb->name);
		}
		rp = new_bridge(b, hb, NULL, hb->busnr, PCI_DEVFN(slot, 0),
				dp->name, PCI_EXP_TYPE_ROOT_PORT, dp->vendor,
				dp->device, dp->acs_redirect);
		if (!rp)
			return -ENOMEM;
		ret = build_port(b, hb, rp, i);
		if (ret)
			return ret;
	}
	return 0;
}

struct bar_ref {
	struct pci_dev *pdev;
	int bar;
};

static int cmp_bar(const void *pa, const void *pb)
{
	const struct bar_ref *a = pa, *b = pb;
	u64 sa = pci_resource_len(a->pdev, a->bar);
	u64 sb = pci_resource_len(b->pdev, b->bar);

	if (sa != sb)
		return sa > sb ? -1 : 1;
	if (a->pdev->index != b->pdev->index)
		return a->pdev->index - b->pdev->index;
	return a->bar - b->bar;
}

/*
 * Each host bridge gets one window; its BARs go in largest first, so
 * every BAR is naturally aligned without holes between equal sizes.
 */
static int place_bars(struct builder *b, phys_addr_t *cursor, int hbi)
{
	struct pci_topology *topo = b->topo;
	struct pci_host_bridge *hb = &topo->host_bridges[hbi];
	struct bar_ref *refs;
	int i, bar, n = 0;

	refs = kcalloc(topo->nr_devs * PCI_STD_NUM_BARS + 1, sizeof(*refs),
		       GFP_KERNEL);
	if (!refs)
		return -ENOMEM;
	for (i = 0; i < topo->nr_devs; i++)
		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
			if (topo->devs[i]->host_bridge == hb &&
			    pci_resource_len(topo->devs[i], bar))
				refs[n++] = (struct bar_ref){ topo->devs[i], bar };
	qsort(refs, n, sizeof(*refs), cmp_bar);
	/* Each host bridge's window starts on its own GiB, as firmware does. */
	*cursor = ALIGN(*cursor, MMIO_ALIGN);
	hb->win_start = hb->win_end = *cursor;
	for (i = 0; i < n; i++) {
		struct resource *res = &refs[i].pdev->resource[refs[i].bar];
		u64 size = resource_size(res);
		phys_addr_t start = ALIGN(*cursor, size);

		if (start + size > MMIO_LIMIT || start < *cursor) {
			kfree(refs);
			return build_err(b, "endpoints", "BARs do not fit below "
					 "256 TiB of physical address space");
		}
		if (i == 0)
			hb->win_start = start;
		res->start = start;
		res->end = start + size - 1;
		*cursor = start + size;
	}
	hb->win_end = *cursor;
	kfree(refs);
	return 0;
}

static bool overlaps(u64 s1, u64 e1, u64 s2, u64 e2)
{
	return s1 < e2 && s2 < e1;
}

/*
 * An upstream request is decoded by bus address (switches, own host
 * bridge) and by CPU address (the root complex): no address may mean
 * two different things, so bus windows must not overlap RAM or any
 * other window.
 */
static int check_bus_windows(struct builder *b)
{
	struct pci_topology *topo = b->topo;
	char path[64];
	int i, j;

	for (i = 0; i < topo->nr_host_bridges; i++) {
		struct pci_host_bridge *h = &topo->host_bridges[i];
		u64 bs = h->win_start + h->bus_offset;
		u64 be = h->win_end + h->bus_offset;

		if (!h->bus_offset || h->win_start == h->win_end)
			continue;
		snprintf(path, sizeof(path), "host_bridges[%d].bus_offset", i);
		if (be < bs || be > MMIO_LIMIT * 2)
			return build_err(b, path, "bus window wraps or is too "
					 "high");
		if (overlaps(bs, be, 0, topo->ram_end))
			return build_err(b, path, "bus window [%#llx-%#llx) "
					 "overlaps RAM",
					 (unsigned long long)bs,
					 (unsigned long long)be);
		for (j = 0; j < topo->nr_host_bridges; j++) {
			struct pci_host_bridge *o = &topo->host_bridges[j];

			if (o->win_start == o->win_end)
				continue;
			if (overlaps(bs, be, o->win_start, o->win_end) ||
			    (j != i && o->bus_offset &&
			     overlaps(bs, be, o->win_start + o->bus_offset,
				      o->win_end + o->bus_offset)))
				return build_err(b, path, "bus window "
						 "[%#llx-%#llx) overlaps the "
						 "window of host bridge '%s'",
						 (unsigned long long)bs,
						 (unsigned long long)be,
						 o->name);
		}
	}
	return 0;
}

static int add_bar_regions(struct builder *b)
{
	struct pci_topology *topo = b->topo;
	int i, bar;

	for (i = 0; i < topo->nr_devs; i++) {
		struct pci_dev *pdev = topo->devs[i];

		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			char name[64];

			if (!pci_resource_len(pdev, bar))
				continue;
			snprintf(name, sizeof(name), "%s BAR%d", pdev->label,
				 bar);
			pdev->bar_region[bar] =
				hw_add_bar_region(topo->plat,
						  pci_resource_start(pdev, bar),
						  pci_resource_len(pdev, bar),
						  pdev, bar, name);
			if (!pdev->bar_region[bar])
				return -ENOMEM;
		}
	}
	return 0;
}

static int build(struct builder *b)
{
	const struct platform_desc *d = b->desc;
	struct pci_topology *topo = b->topo;
	phys_addr_t cursor;
	int i, ret;

	for (i = 0; i < d->nr_host_bridges; i++) {
		struct pci_host_bridge *hb = &topo->host_bridges[i];

		snprintf(hb->name, sizeof(hb->name), "%s",
			 d->host_bridges[i].name);
		hb->index = i;
		hb->domain = d->host_bridges[i].domain;
		hb->busnr = d->host_bridges[i].bus;
		hb->bus_offset = d->host_bridges[i].bus_offset;
		hb->p2p = d->host_bridges[i].p2p;
		hb->p2p_cross = d->host_bridges[i].p2p_cross;
	}
	for (i = 0; i < d->nr_host_bridges; i++) {
		ret = build_host_bridge(b, i);
		if (ret)
			return ret;
	}
	cursor = ALIGN(topo->ram_end, MMIO_ALIGN);
	for (i = 0; i < d->nr_host_bridges; i++) {
		ret = place_bars(b, &cursor, i);
		if (ret)
			return ret;
	}
	ret = check_bus_windows(b);
	if (ret)
		return ret;
	return add_bar_regions(b);
}

int pci_topology_create(struct platform *plat,
			const struct platform_desc *desc, char *err,
			size_t errlen)
{
	struct builder b = { .desc = desc, .err = err, .errlen = errlen };
	struct pci_topology *topo;
	int max_devs, ret;

	if (!plat || !desc || plat->pci)
		return -EINVAL;
	topo = kzalloc(sizeof(*topo), GFP_KERNEL);
	if (!topo)
		return -ENOMEM;
	topo->plat = plat;
	topo->ram_end = desc->mem.ram_size;
	topo->mem_cfg = desc->mem;
	/* Every port is a bridge; every switch adds its upstream port. */
	max_devs = desc->nr_ports + desc->nr_switches + desc->nr_endpoints;
	topo->devs = kcalloc(max_devs + 1, sizeof(*topo->devs), GFP_KERNEL);
	topo->host_bridges = kcalloc(desc->nr_host_bridges + 1,
				     sizeof(*topo->host_bridges), GFP_KERNEL);
	plat->pci = topo;
	b.topo = topo;
	if (!topo->devs || !topo->host_bridges) {
		ret = -ENOMEM;
		goto fail;
	}
	topo->nr_host_bridges = desc->nr_host_bridges;
	ret = build(&b);
	if (ret)
		goto fail;
	return 0;
fail:
	if (ret == -ENOMEM && err && errlen)
		snprintf(err, errlen, "platform: out of memory");
	pci_topology_destroy(plat);
	return ret;
}

void pci_topology_destroy(struct platform *plat)
{
	struct pci_topology *topo = plat ? plat->pci : NULL;
	int i;

	if (!topo)
		return;
	/* Children first: each holds a pointer to its upstream bridge. */
	for (i = topo->nr_devs - 1; i >= 0; i--) {
		struct pci_dev *pdev = topo->devs[i];

		WARN(kref_read(&pdev->dev.kref) != 1,
		     "pci %s: %u reference(s) left at platform destroy",
		     pci_name(pdev), kref_read(&pdev->dev.kref) - 1);
		pci_dev_put(pdev);
	}
	kfree(topo->devs);
	kfree(topo->host_bridges);
	kfree(topo);
	plat->pci = NULL;
}
