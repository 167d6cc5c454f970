// SPDX-License-Identifier: GPL-2.0
/*
 * demo_accel: a new kind of simulated hardware, registered from outside
 * dmabridge, and its driver. The device model "demo-accel" (a processing
 * accelerator, class 0x120000) has BAR0 with the standard register block
 * plus three registers of its own, and a P2P BAR2; platform files name it
 * as an endpoint's "class". The driver binds it by its ids.
 *
 *	./demo_accel [PLATFORM.json]   (default: the platform below)
 */
#include <errno.h>
#include <stdio.h>
#include <dmabridge/dev_regs.h>
#include <dmabridge/err.h>
#include <dmabridge/io.h>
#include <dmabridge/pci.h>
#include <dmabridge/pci-device-model.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/slab.h>

/* The model's registers (in its part of the register page). */
#define ACCEL_MAGIC	(DMB_MODEL_REG_BASE + 0x0)	/* RO: 0xacce1000 */
#define ACCEL_SCRATCH	(DMB_MODEL_REG_BASE + 0x4)	/* RW */
#define ACCEL_WRITES	(DMB_MODEL_REG_BASE + 0x8)	/* RO: writes seen */
#define ACCEL_MAGIC_VALUE 0xacce1000u

/* ---- the hardware ---- */

struct accel_state {
	u32 scratch, writes;
};

static int accel_setup(struct pci_dev *pdev)
{
	pdev->model_data = kzalloc(sizeof(struct accel_state), GFP_KERNEL);
	return pdev->model_data ? 0 : -ENOMEM;
}

static void accel_teardown(struct pci_dev *pdev)
{
	kfree(pdev->model_data);
	pdev->model_data = NULL;
}

/* Under the register block's spinlock: no sleeping here. */
static u32 accel_reg_read(struct pci_dev *pdev, u32 off)
{
	struct accel_state *s = pdev->model_data;

	switch (off) {
	case ACCEL_MAGIC: return ACCEL_MAGIC_VALUE;
	case ACCEL_SCRATCH: return s->scratch;
	case ACCEL_WRITES: return s->writes;
	}
	return 0;
}

static void accel_reg_write(struct pci_dev *pdev, u32 off, u32 val)
{
	struct accel_state *s = pdev->model_data;

	s->writes++;
	if (off == ACCEL_SCRATCH)
		s->scratch = val;
}

static const struct pci_device_model_bar accel_bars[] = {
	{ .index = 0, .size = 16 * 1024 },
	{ .index = 2, .size = 1 << 20, .prefetchable = true, .p2p = true },
};

static const struct pci_device_model accel_model = {
	.name = "demo-accel",
	.class = 0x120000,		/* processing accelerator */
	.vendor = 0x1b36,
	.device = 0x00a1,
	.nr_queues = 4,
	.nr_bars = 2,
	.bars = accel_bars,
	.setup = accel_setup,
	.teardown = accel_teardown,
	.reg_read = accel_reg_read,
	.reg_write = accel_reg_write,
};

/* ---- its driver ---- */

static int accel_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	void __iomem *regs;
	int ret = pci_enable_device(pdev);

	if (ret)
		return ret;
	regs = pci_iomap(pdev, 0, DMB_REGS_SIZE);
	if (!regs || readl(regs + ACCEL_MAGIC) != ACCEL_MAGIC_VALUE) {
		pci_disable_device(pdev);
		return -ENODEV;
	}
	writel(0x5a5a, regs + ACCEL_SCRATCH);
	printf("demo-accel: %s (%s) class %06x, %u queues, scratch %#x, "
	       "BAR2 %llu KiB\n", pci_name(pdev), pdev->label, pdev->class,
	       readl(regs + DMB_REG_CAPS) & DMB_CAPS_QUEUES_MASK,
	       readl(regs + ACCEL_SCRATCH),
	       (unsigned long long)pci_resource_len(pdev, 2) >> 10);
	pci_set_drvdata(pdev, (void *)regs);
	return 0;
}

static void accel_remove(struct pci_dev *pdev)
{
	pci_iounmap(pdev, (void __iomem *)pci_get_drvdata(pdev));
	pci_disable_device(pdev);
}

static const struct pci_device_id accel_ids[] = {
	{ PCI_DEVICE(0x1b36, 0x00a1) },
	{ 0 }
};

static struct pci_driver accel_driver = {
	.name = "demo-accel",
	.id_table = accel_ids,
	.probe = accel_probe,
	.remove = accel_remove,
};

static const char accel_platform[] =
	"{ \"name\": \"accel-box\", \"ram\": { \"size\": \"256M\" },"
	"  \"host_bridges\": [ { \"name\": \"hb0\", \"p2p\": true } ],"
	"  \"root_ports\": [ { \"name\": \"rp0\" }, { \"name\": \"rp1\" } ],"
	"  \"endpoints\": ["
	"    { \"name\": \"accel0\", \"class\": \"demo-accel\", \"port\": \"rp0\" },"
	"    { \"name\": \"gpu0\", \"class\": \"gpu\", \"port\": \"rp1\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"16M\" } ] } ] }";

int main(int argc, char **argv)
{
	struct platform *plat;
	struct pci_dev *accel;
	char err[256] = "";
	int ret, ok;

	/* The hardware first: platform files may use it from now on. */
	ret = pci_device_model_register(&accel_model);
	if (ret)
		return 1;
	/* The driver before boot: it binds when the platform is created. */
	ret = pci_register_module_driver(&accel_driver);
	if (ret)
		return 1;
	plat = argc > 1 ? platform_create(argv[1]) :
	       platform_create_from_string(accel_platform, err, sizeof(err));
	if (IS_ERR(plat)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	accel = pci_platform_get_device(plat, 0x1b36, 0x00a1, NULL);
	ok = accel && pci_dev_driver(accel) == &accel_driver;
	pci_dev_put(accel);
	platform_destroy(plat);
	pci_unregister_module_driver(&accel_driver);
	ok = ok && !pci_device_model_unregister(&accel_model);
	printf("demo_accel: %s\n", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
