// SPDX-License-Identifier: GPL-2.0
/*
 * Config space: ids, class and the command register. Turning memory
 * decode off takes every BAR away from whoever used it (a new sanitizer
 * owner), so DMA or CPU accesses through older mappings are reported.
 */
#include <errno.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/io.h>
#include "pci-internal.h"

#define PCI_COMMAND_WRITABLE (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)

/* Record @ev on every BAR of @pdev. Called with cfg_lock held. */
static void bars_set_owner(struct pci_dev *pdev, enum san_event ev,
			   const char *why)
{
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_len(pdev, bar))
			san_set_owner(pdev->dev.platform,
				      pci_resource_start(pdev, bar),
				      pci_resource_len(pdev, bar),
				      SAN_OWNER_NONE, ev, why);
}

static void set_command(struct pci_dev *pdev, u16 val)
{
	u16 old = pdev->command;

	lockdep_assert_held(&pdev->cfg_lock);
	pdev->command = val & PCI_COMMAND_WRITABLE;
	if ((old ^ pdev->command) & PCI_COMMAND_MEMORY)
		bars_set_owner(pdev, (pdev->command & PCI_COMMAND_MEMORY) ?
			       SAN_EV_BAR_ENABLE : SAN_EV_BAR_DISABLE,
			       (pdev->command & PCI_COMMAND_MEMORY) ?
			       "memory decode on" : "memory decode off");
	pci_dev_command_changed(pdev);
}

int pci_read_config_dword(struct pci_dev *pdev, int where, u32 *val)
{
	int ret = 0;

	if (!pdev || !val || where < 0 || (where & 3))
		return -EINVAL;
	mutex_lock(&pdev->cfg_lock);
	if (pdev->removed) {
		*val = ~0u;	/* what a read from a gone device returns */
		ret = -ENODEV;
	} else if (where == PCI_VENDOR_ID) {
		*val = pdev->vendor | (u32)pdev->device << 16;
	} else if (where == PCI_COMMAND) {
		*val = pdev->command | (u32)pci_dev_cfg_status(pdev) << 16;
	} else if (where == PCI_CLASS_REVISION) {
		*val = pdev->class << 8;
	} else {
		*val = pci_dev_cfg_read(pdev, where);	/* capabilities */
	}
	mutex_unlock(&pdev->cfg_lock);
	return ret;
}

int pci_read_config_word(struct pci_dev *pdev, int where, u16 *val)
{
	u32 dw;
	int ret;

	if (!val || where < 0 || (where & 1))
		return -EINVAL;
	ret = pci_read_config_dword(pdev, where & ~3, &dw);
	*val = (u16)(dw >> ((where & 2) * 8));
	return ret;
}

int pci_write_config_word(struct pci_dev *pdev, int where, u16 val)
{
	int ret = 0;

	if (!pdev || where < 0 || (where & 1))
		return -EINVAL;
	mutex_lock(&pdev->cfg_lock);
	if (pdev->removed)
		ret = -ENODEV;
	else if (where == PCI_COMMAND)
		set_command(pdev, val);
	else if (pci_dev_cfg_write(pdev, where, val))
		set_command(pdev, 0);	/* FLR or D3hot->D0 reset it */
	/* Every other register here is read-only: writes are dropped. */
	mutex_unlock(&pdev->cfg_lock);
	return ret;
}

int pci_set_memory_decode(struct pci_dev *pdev, bool on)
{
	int ret = 0;

	if (!pdev)
		return -EINVAL;
	mutex_lock(&pdev->cfg_lock);
	if (pdev->removed)
		ret = -ENODEV;
	else if (on)
		set_command(pdev, pdev->command | PCI_COMMAND_MEMORY);
	else
		set_command(pdev, pdev->command & ~PCI_COMMAND_MEMORY);
	mutex_unlock(&pdev->cfg_lock);
	return ret;
}

bool pci_memory_decode_enabled(struct pci_dev *pdev)
{
	bool on;

	mutex_lock(&pdev->cfg_lock);
	on = !pdev->removed && (pdev->command & PCI_COMMAND_MEMORY);
	mutex_unlock(&pdev->cfg_lock);
	return on;
}
