// SPDX-License-Identifier: GPL-2.0
/*
 * PCI peer-to-peer DMA: providers per P2P BAR, the path rule that says
 * how a client reaches a provider, and the per-client cache of it.
 */
#include <errno.h>
#include <dmabridge/bug.h>
#include <dmabridge/slab.h>
#include "pci-internal.h"

static bool pci_bridge_has_acs_redir(struct pci_dev *pdev)
{
	return pci_is_bridge(pdev) && pdev->acs_redir;
}

bool pci_host_bridges_allow_p2p(const struct pci_host_bridge *a,
				const struct pci_host_bridge *b)
{
	if (a == b)
		return a->p2p;
	/* Like whitelist entries without REQ_SAME_HOST_BRIDGE, on both. */
	return a->p2p && a->p2p_cross && b->p2p && b->p2p_cross;
}

/*
 * Walk up from the provider; for each bridge on the way, look for it
 * above the client. The first one found is the common upstream bridge.
 * Every ACS-redirecting bridge passed on either side (the common one
 * included, as seen from the provider's side) sends the TLPs to the
 * root complex instead.
 */
enum pci_p2pdma_map_type pci_p2p_calc_map_type(struct pci_dev *provider,
					       struct pci_dev *client,
					       int *dist, bool verbose)
{
	struct pci_dev *a = provider, *bb;
	int dist_a = 0, dist_b = 0, acs_cnt = 0;
	struct pci_dev *acs_first = NULL;

	while (a) {
		dist_b = 0;
		if (pci_bridge_has_acs_redir(a)) {
			acs_first = acs_first ? acs_first : a;
			acs_cnt++;
		}
		for (bb = client; bb; bb = pci_upstream_bridge(bb), dist_b++)
			if (bb == a)
				goto common;
		a = pci_upstream_bridge(a);
		dist_a++;
	}
	*dist = dist_a + dist_b;
	goto thru_host_bridge;

common:
	for (bb = client; bb && bb != a; bb = pci_upstream_bridge(bb))
		if (pci_bridge_has_acs_redir(bb)) {
			acs_first = acs_first ? acs_first : bb;
			acs_cnt++;
		}
	*dist = dist_a + dist_b;
	if (!acs_cnt)
		return PCI_P2PDMA_MAP_BUS_ADDR;
	if (verbose)
		pci_warn(client, "ACS redirect is set between the client and "
			 "provider (%s), first at %s\n", pci_name(provider),
			 pci_name(acs_first));

thru_host_bridge:
	if (!pci_host_bridges_allow_p2p(provider->host_bridge,
					client->host_bridge)) {
		if (verbose)
			pci_warn(client, "cannot be used for peer-to-peer DMA "
				 "as the client and provider (%s) do not share "
				 "an upstream bridge or whitelisted host "
				 "bridge\n", pci_name(provider));
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	}
	return PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
}

static struct pci_p2pdma *p2pdma_of(struct pci_dev *pdev)
{
	return __atomic_load_n(&pdev->p2pdma, __ATOMIC_ACQUIRE);
}

/* Compute, and remember if the provider has P2P state. */
static enum pci_p2pdma_map_type calc_and_cache(struct pci_dev *provider,
					       struct pci_dev *client,
					       int *dist, bool verbose)
{
	enum pci_p2pdma_map_type type;
	struct pci_p2pdma *p2p;

	type = pci_p2p_calc_map_type(provider, client, dist, verbose);
	p2p = p2pdma_of(provider);
	if (p2p && client->topo == provider->topo &&
	    client->index < p2p->nr_clients)
		__atomic_store_n(&p2p->map_types[client->index], (int)type,
				 __ATOMIC_RELAXED);
	return type;
}

int pcim_p2pdma_init(struct pci_dev *pdev)
{
	struct pci_p2pdma *p2p, *old = NULL;
	int bar;

	if (!pdev)
		return -EINVAL;
	if (p2pdma_of(pdev))
		return 0;
	if (READ_ONCE(pdev->dev.dead))
		return -ENODEV;
	p2p = kzalloc(sizeof(*p2p), GFP_KERNEL);
	if (!p2p)
		return -ENOMEM;
	p2p->nr_clients = pdev->topo->nr_devs;
	p2p->map_types = kcalloc(p2p->nr_clients, sizeof(int), GFP_KERNEL);
	if (!p2p->map_types) {
		kfree(p2p);
		return -ENOMEM;
	}
	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		if (!(pci_resource_flags(pdev, bar) & IORESOURCE_MEM) ||
		    !pdev->bar_p2p[bar])
			continue;
		p2p->mem[bar].owner = &pdev->dev;
		p2p->mem[bar].bus_offset = pci_bus_address(pdev, bar) -
					   pci_resource_start(pdev, bar);
		p2p->has_provider[bar] = true;
	}
	/* Two racing inits: the first to publish wins. */
	if (!__atomic_compare_exchange_n(&pdev->p2pdma, &old, p2p, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfree(p2p->map_types);
		kfree(p2p);
	}
	return 0;
}

struct p2pdma_provider *pcim_p2pdma_provider(struct pci_dev *pdev, int bar)
{
	struct pci_p2pdma *p2p;

	if (!pdev || bar < 0 || bar >= PCI_STD_NUM_BARS)
		return NULL;
	if (!(pci_resource_flags(pdev, bar) & IORESOURCE_MEM))
		return NULL;
	p2p = p2pdma_of(pdev);
	/* The driver forgot pcim_p2pdma_init(). */
	if (WARN_ON(!p2p))
		return NULL;
	return p2p->has_provider[bar] ? &p2p->mem[bar] : NULL;
}

void pci_p2pdma_release(struct pci_dev *pdev)
{
	struct pci_p2pdma *p2p = p2pdma_of(pdev);

	if (!p2p)
		return;
	pdev->p2pdma = NULL;
	kfree(p2p->map_types);
	kfree(p2p);
}

enum pci_p2pdma_map_type pci_p2pdma_map_type(struct p2pdma_provider *provider,
					     struct device *dev)
{
	struct pci_dev *pdev, *client;
	struct pci_p2pdma *p2p;
	int type, dist;

	if (!provider || !dev_is_pci(provider->owner))
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	pdev = to_pci_dev(provider->owner);
	p2p = p2pdma_of(pdev);
	if (!p2p || !dev_is_pci(dev))
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	client = to_pci_dev(dev);
	/* Devices of another machine are never reachable. */
	if (client->topo != pdev->topo || client->index >= p2p->nr_clients)
		return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	type = __atomic_load_n(&p2p->map_types[client->index],
			       __ATOMIC_RELAXED);
	if (type == PCI_P2PDMA_MAP_UNKNOWN)
		return calc_and_cache(pdev, client, &dist, false);
	return type;
}

/* The nearest PCI device at or above @dev, referenced. */
static struct pci_dev *find_parent_pci_dev(struct device *dev)
{
	for (; dev; dev = dev->parent)
		if (dev_is_pci(dev))
			return pci_dev_get(to_pci_dev(dev));
	return NULL;
}

int pci_p2pdma_distance_many(struct pci_dev *provider, struct device **clients,
			     int num_clients, bool verbose)
{
	bool not_supported = false;
	int i, dist, total = 0;

	if (!provider || !clients || num_clients <= 0)
		return -1;
	for (i = 0; i < num_clients; i++) {
		struct pci_dev *client = find_parent_pci_dev(clients[i]);
		enum pci_p2pdma_map_type type;

		if (!client || client->topo != provider->topo) {
			if (verbose && clients[i])
				fprintf(stderr, "%s: cannot be used for "
					"peer-to-peer DMA as it is not a PCI "
					"device of this platform\n",
					dev_name(clients[i]));
			pci_dev_put(client);
			return -1;
		}
		type = calc_and_cache(provider, client, &dist, verbose);
		pci_dev_put(client);
		if (type == PCI_P2PDMA_MAP_NOT_SUPPORTED)
			not_supported = true;
		if (not_supported && !verbose)
			break;
		total += dist;
	}
	return not_supported ? -1 : total;
}

const char *pci_p2pdma_map_type_name(enum pci_p2pdma_map_type type)
{
	switch (type) {
	case PCI_P2PDMA_MAP_UNKNOWN: return "UNKNOWN";
	case PCI_P2PDMA_MAP_NONE: return "NONE";
	case PCI_P2PDMA_MAP_NOT_SUPPORTED: return "NOT_SUPPORTED";
	case PCI_P2PDMA_MAP_BUS_ADDR: return "BUS_ADDR";
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE: return "THRU_HOST_BRIDGE";
	}
	return "?";
}
