// SPDX-License-Identifier: GPL-2.0
/*
 * Where a device's upstream memory request goes: claimed by a switch for
 * a peer below it, or up to the root complex (RAM, or a BAR if the host
 * bridges forward P2P). DMA engines call these for untranslated
 * addresses.
 */
#include <dmabridge/platform.h>
#include "pci/pci-internal.h"
#include "dma/dma-internal.h"

static bool range_ok(dma_addr_t addr, size_t len)
{
	return len && addr + len - 1 >= addr;
}

static bool inside(u64 addr, size_t len, u64 start, u64 end)
{
	return addr >= start && addr + len - 1 <= end;
}

/*
 * The BAR whose window holds [addr, addr + len): by bus address if
 * @by_bus, else by CPU address. Windows never overlap (checked when the
 * topology was built), so there is at most one.
 */
static struct pci_dev *find_bar(struct pci_topology *topo, u64 addr,
				size_t len, bool by_bus, int *bar_out)
{
	int i, bar;

	for (i = 0; i < topo->nr_devs; i++) {
		struct pci_dev *pdev = topo->devs[i];
		u64 off = by_bus ? pdev->host_bridge->bus_offset : 0;

		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			if (!pci_resource_len(pdev, bar))
				continue;
			if (inside(addr, len, pci_resource_start(pdev, bar) + off,
				   pci_resource_end(pdev, bar) + off)) {
				*bar_out = bar;
				return pdev;
			}
		}
	}
	return NULL;
}

bool pci_p2p_switch_route(struct device *initiator, dma_addr_t bus_addr,
			  size_t len, phys_addr_t *phys)
{
	struct pci_dev *init, *target;
	int bar, dist;

	if (!dev_is_pci(initiator) || !phys || !range_ok(bus_addr, len))
		return false;
	init = to_pci_dev(initiator);
	target = find_bar(init->topo, bus_addr, len, true, &bar);
	if (!target || target->host_bridge != init->host_bridge)
		return false;
	if (pci_p2p_calc_map_type(target, init, &dist, false) !=
	    PCI_P2PDMA_MAP_BUS_ADDR)
		return false;
	*phys = bus_addr - target->host_bridge->bus_offset;
	return true;
}

bool pci_bus_to_phys(struct device *initiator, dma_addr_t bus_addr,
		     size_t len, phys_addr_t *phys)
{
	struct pci_dev *init, *target;
	struct pci_topology *topo;
	u64 off = 0;
	int bar;

	if (!initiator || !phys || !range_ok(bus_addr, len))
		return false;
	topo = initiator->platform ? initiator->platform->pci : NULL;
	if (!topo)
		return false;
	if (bus_addr + len <= topo->ram_end) {
		*phys = bus_addr;
		return true;
	}
	target = find_bar(topo, bus_addr, len, true, &bar);
	if (target) {
		off = target->host_bridge->bus_offset;
	} else {
		target = find_bar(topo, bus_addr, len, false, &bar);
		if (!target)
			return false;
	}
	/* Only PCI initiators sit below a host bridge that could forward. */
	if (!dev_is_pci(initiator))
		return false;
	init = to_pci_dev(initiator);
	if (!pci_host_bridges_allow_p2p(init->host_bridge, target->host_bridge))
		return false;
	*phys = bus_addr - off;
	return true;
}

static bool initiator_is_pci(struct device *dev)
{
	return dev_is_pci(dev);
}

bool dma_route_switch(struct device *initiator, dma_addr_t addr, size_t len,
		      phys_addr_t *phys)
{
	if (!initiator_is_pci(initiator))
		return false;
	return pci_p2p_switch_route(initiator, addr, len, phys);
}

bool dma_route_host(struct device *initiator, dma_addr_t addr, size_t len,
		    phys_addr_t *phys)
{
	if (!initiator_is_pci(initiator)) {
		/* Not on PCIe: nothing between it and memory. */
		*phys = addr;
		return true;
	}
	return pci_bus_to_phys(initiator, addr, len, phys);
}
