// SPDX-License-Identifier: GPL-2.0
/*
 * demo_driver: a PCI driver written outside dmabridge, as a kernel module
 * would be. module_pci_driver() registers "demo-gpu" before main(), so
 * every platform binds it at boot; "demo-nic" is registered after the
 * platforms exist (a module loaded later) and binds their NICs at once.
 *
 *	./demo_driver            prints what bound, exits 0 if all did
 */
#include <errno.h>
#include <stdio.h>
#include <dmabridge/dev_regs.h>
#include <dmabridge/err.h>
#include <dmabridge/io.h>
#include <dmabridge/pci.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/slab.h>

struct demo_dev {
	struct pci_dev *pdev;
	void __iomem *regs;	/* BAR0's register block */
};

static int bound;

/* Probe: enable the device, map its registers, check it is what we drive. */
static int demo_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct demo_dev *d;
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		ret = -ENOMEM;
		goto err_disable;
	}
	d->pdev = pdev;
	d->regs = pci_iomap(pdev, 0, DMB_REGS_SIZE);
	if (!d->regs) {
		ret = -ENODEV;
		goto err_free;
	}
	if (readl(d->regs + DMB_REG_ID) !=
	    (pdev->vendor | (u32)pdev->device << 16)) {
		ret = -ENODEV;	/* not our hardware */
		goto err_unmap;
	}
	pci_set_drvdata(pdev, d);
	printf("%s: bound %s (%s), %u DMA queue(s)\n", id->driver_data ?
	       "demo-nic" : "demo-gpu", pci_name(pdev), pdev->label,
	       readl(d->regs + DMB_REG_CAPS) & DMB_CAPS_QUEUES_MASK);
	bound++;	/* probe and remove run in the registering thread */
	return 0;

err_unmap:
	pci_iounmap(pdev, d->regs);
err_free:
	kfree(d);
err_disable:
	pci_disable_device(pdev);
	return ret;
}

/* Remove: nothing is running (no queue was started); undo probe. */
static void demo_remove(struct pci_dev *pdev)
{
	struct demo_dev *d = pci_get_drvdata(pdev);

	pci_iounmap(pdev, d->regs);
	pci_disable_device(pdev);
	kfree(d);
	bound--;
}

static const struct pci_device_id demo_gpu_ids[] = {
	{ PCI_DEVICE_CLASS(PCI_CLASS_DISPLAY_3D << 8, 0xffff00) },
	{ 0 }
};

static struct pci_driver demo_gpu_driver = {
	.name = "demo-gpu",
	.id_table = demo_gpu_ids,
	.probe = demo_probe,
	.remove = demo_remove,
};
module_pci_driver(demo_gpu_driver);

static const struct pci_device_id demo_nic_ids[] = {
	{ PCI_DEVICE(0x15b3, 0x101d), .driver_data = 1 },
	{ 0 }
};

static struct pci_driver demo_nic_driver = {
	.name = "demo-nic",
	.id_table = demo_nic_ids,
	.probe = demo_probe,
	.remove = demo_remove,
};

int main(void)
{
	struct platform *a, *b;
	int ret, ok;

	/* demo-gpu is registered already: both machines bind it at boot. */
	a = platform_create(NULL);
	if (IS_ERR(a))
		return 1;
	b = platform_create(NULL);
	if (IS_ERR(b)) {
		platform_destroy(a);
		return 1;
	}
	ok = bound == 2 * 3;		/* 3 GPUs per default platform */
	/* A module loaded after boot binds every machine's NICs now. */
	ret = pci_register_module_driver(&demo_nic_driver);
	ok = ok && !ret && bound == 2 * (3 + 2);
	pci_unregister_module_driver(&demo_nic_driver);
	ok = ok && bound == 2 * 3;
	platform_destroy(b);
	platform_destroy(a);
	ok = ok && bound == 0;
	printf("demo_driver: %s\n", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
