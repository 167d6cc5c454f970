// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU groups, formed from the PCIe topology when the platform is
 * created (Linux: pci_device_group() in drivers/iommu/iommu.c).
 *
 * The rule: a request from a device can reach a peer without passing the
 * IOMMU unless a port with ACS (request/completion redirect, the
 * platform file's acs_redirect) sends it upstream. So, walking up from a
 * device: a downstream or root port with ACS directly above isolates
 * what is below it; one without ACS does not, and the walk goes on
 * through the switch's upstream port (where sibling downstream ports
 * meet) to the port above that. The walk stops at a root port. Devices
 * whose walks end at the same bridge share a group; a device isolated
 * at its first port is alone.
 *
 * Departure from Linux: Linux also requires ACS on every bridge from
 * there up to the root (pci_acs_path_enabled), so a device below an ACS
 * downstream port but under a root port without ACS would share the
 * root port's group. Here root ports are taken as isolating one another
 * and the bridges above an isolating port do not matter; the default
 * platform's groups are the ones the issue names. Multifunction devices
 * and DMA aliases are not modelled (every device is function 0).
 */
#include <errno.h>
#include <dmabridge/bug.h>
#include <dmabridge/slab.h>
#include <dmabridge/kref.h>
#include <dmabridge/pci.h>
#include <dmabridge/iommu.h>
#include <dmabridge/platform.h>

struct iommu_group {
	int id;
	struct kref kref;
	struct pci_dev *anchor;		/* where the members' walks end */
	int nr_devices;
	struct device **devices;	/* bus order */
};

struct iommu_groups {
	int nr;
	struct iommu_group **groups;
};

/* Where @pdev's walk toward the root ends (see the rule above). */
static struct pci_dev *group_anchor(struct pci_dev *pdev)
{
	struct pci_dev *cur = pdev;

	for (;;) {
		struct pci_dev *up = pci_upstream_bridge(cur);

		if (!up)
			return cur;	/* cur is a root port */
		if (up->pcie_type == PCI_EXP_TYPE_UPSTREAM) {
			/* Transparent: go on to the port it is plugged into. */
			cur = up;
			continue;
		}
		if (up->acs_redir)
			return cur;	/* isolated below this port */
		cur = up;
		if (up->pcie_type == PCI_EXP_TYPE_ROOT_PORT)
			return cur;
	}
}

static void group_release(struct kref *kref)
{
	struct iommu_group *g = container_of(kref, struct iommu_group, kref);

	kfree(g->devices);
	kfree(g);
}

int iommu_groups_create(struct platform *plat)
{
	int n = pci_num_devices(plat), i, j;
	struct iommu_groups *gs;

	gs = kzalloc(sizeof(*gs), GFP_KERNEL);
	if (!gs)
		return -ENOMEM;
	gs->groups = kcalloc(n + 1, sizeof(*gs->groups), GFP_KERNEL);
	if (!gs->groups) {
		kfree(gs);
		return -ENOMEM;
	}
	plat->iommu_groups = gs;
	for (i = 0; i < n; i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);
		struct pci_dev *anchor;
		struct iommu_group *g = NULL;

		/* Only what sits behind an IOMMU has a group. */
		if (!pdev->dev.iommu)
			continue;
		anchor = group_anchor(pdev);
		for (j = 0; j < gs->nr && !g; j++)
			if (gs->groups[j]->anchor == anchor)
				g = gs->groups[j];
		if (!g) {
			g = kzalloc(sizeof(*g), GFP_KERNEL);
			if (g)
				g->devices = kcalloc(n, sizeof(*g->devices),
						     GFP_KERNEL);
			if (!g || !g->devices) {
				kfree(g);
				iommu_groups_destroy(plat);
				return -ENOMEM;
			}
			kref_init(&g->kref);
			g->anchor = anchor;
			g->id = gs->nr;
			gs->groups[gs->nr++] = g;
		}
		g->devices[g->nr_devices++] = &pdev->dev;
		pdev->dev.iommu_group = g;
	}
	return 0;
}

void iommu_groups_destroy(struct platform *plat)
{
	struct iommu_groups *gs = plat->iommu_groups;
	int i, j;

	if (!gs)
		return;
	for (i = 0; i < gs->nr; i++) {
		struct iommu_group *g = gs->groups[i];

		for (j = 0; j < g->nr_devices; j++)
			g->devices[j]->iommu_group = NULL;
		WARN(kref_read(&g->kref) != 1,
		     "iommu group %d: %u reference(s) left at platform destroy",
		     g->id, kref_read(&g->kref) - 1);
		kref_put(&g->kref, group_release);
	}
	kfree(gs->groups);
	kfree(gs);
	plat->iommu_groups = NULL;
}

struct iommu_group *iommu_group_get(struct device *dev)
{
	struct iommu_group *g = dev ? dev->iommu_group : NULL;

	if (g)
		kref_get(&g->kref);
	return g;
}

void iommu_group_put(struct iommu_group *group)
{
	if (group)
		kref_put(&group->kref, group_release);
}

int iommu_group_id(struct iommu_group *group)
{
	return group->id;
}

int iommu_group_nr_devices(struct iommu_group *group)
{
	return group->nr_devices;
}

int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data))
{
	int i, ret = 0;

	for (i = 0; i < group->nr_devices && !ret; i++)
		ret = fn(group->devices[i], data);
	return ret;
}

int iommu_groups_count(struct platform *plat)
{
	return plat && plat->iommu_groups ? plat->iommu_groups->nr : 0;
}

struct iommu_group *iommu_group_by_id(struct platform *plat, int id)
{
	if (id < 0 || id >= iommu_groups_count(plat))
		return NULL;
	return plat->iommu_groups->groups[id];
}
