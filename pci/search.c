// SPDX-License-Identifier: GPL-2.0
/* Finding PCI devices: pci_get_device() and friends. */
#include <string.h>
#include <dmabridge/platform.h>
#include "pci-internal.h"

static struct pci_topology *topo_of(struct platform *plat)
{
	return plat ? plat->pci : NULL;
}

/*
 * The next live device after @from matching @match, referenced; drops
 * the reference on @from. The device array never changes after
 * creation, so indices stay valid without a lock.
 */
static struct pci_dev *get_next(struct platform *plat, struct pci_dev *from,
				bool (*match)(struct pci_dev *, const void *),
				const void *arg)
{
	struct pci_topology *topo;
	struct pci_dev *found = NULL;
	int i;

	if (from)
		plat = from->dev.platform;
	topo = topo_of(plat);
	if (topo) {
		for (i = from ? from->index + 1 : 0; i < topo->nr_devs; i++) {
			struct pci_dev *pdev = topo->devs[i];

			if (READ_ONCE(pdev->dev.dead) || !match(pdev, arg))
				continue;
			found = pci_dev_get(pdev);
			break;
		}
	}
	pci_dev_put(from);
	return found;
}

struct id_match {
	unsigned int vendor, device;
};

static bool match_id(struct pci_dev *pdev, const void *arg)
{
	const struct id_match *id = arg;

	return (id->vendor == PCI_ANY_ID || id->vendor == pdev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == pdev->device);
}

struct pci_dev *pci_platform_get_device(struct platform *plat,
					unsigned int vendor,
					unsigned int device,
					struct pci_dev *from)
{
	struct id_match id = { vendor, device };

	return get_next(plat, from, match_id, &id);
}

struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from)
{
	return pci_platform_get_device(current_platform(), vendor, device,
				       from);
}

static bool match_class(struct pci_dev *pdev, const void *arg)
{
	return pdev->class == *(const unsigned int *)arg;
}

struct pci_dev *pci_get_class(unsigned int class, struct pci_dev *from)
{
	return get_next(current_platform(), from, match_class, &class);
}

static bool match_kind(struct pci_dev *pdev, const void *arg)
{
	return pdev->kind == *(const enum pci_dev_kind *)arg;
}

struct pci_dev *pci_get_kind(struct platform *plat, enum pci_dev_kind kind,
			     struct pci_dev *from)
{
	return get_next(plat, from, match_kind, &kind);
}

static bool match_name(struct pci_dev *pdev, const void *arg)
{
	return !strcmp(pci_name(pdev), arg) || !strcmp(pdev->label, arg);
}

struct pci_dev *pci_get_by_name(struct platform *plat, const char *name)
{
	if (!name)
		return NULL;
	return get_next(plat, NULL, match_name, name);
}

int pci_num_devices(struct platform *plat)
{
	struct pci_topology *topo = topo_of(plat);

	return topo ? topo->nr_devs : 0;
}

struct pci_dev *pci_dev_by_index(struct platform *plat, int index)
{
	struct pci_topology *topo = topo_of(plat);

	if (!topo || index < 0 || index >= topo->nr_devs)
		return NULL;
	return topo->devs[index];
}

int pci_num_host_bridges(struct platform *plat)
{
	struct pci_topology *topo = topo_of(plat);

	return topo ? topo->nr_host_bridges : 0;
}

struct pci_host_bridge *pci_host_bridge_by_index(struct platform *plat,
						 int index)
{
	struct pci_topology *topo = topo_of(plat);

	if (!topo || index < 0 || index >= topo->nr_host_bridges)
		return NULL;
	return &topo->host_bridges[index];
}
