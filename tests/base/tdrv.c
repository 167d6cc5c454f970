// SPDX-License-Identifier: GPL-2.0
/* The test PCI driver of tdrv.h (not part of the library). */
#include <stdio.h>
#include "tdrv.h"
#include "../dma-buf/core/texp.h"

bool tdrv_skip_quiesce;
bool tdrv_export;
bool tdrv_revoke;
int tdrv_probe_error;
atomic_t tdrv_probes, tdrv_removes;
atomic_t tdrv_in_remove;
atomic_t tdrv_released;
struct tdrv_dev *tdrv_left_behind;

const char tdrv_platform_json[] =
	"{ \"name\": \"devmodel\", \"ram\": { \"size\": \"64M\" },"
	"  \"host_bridges\": [ { \"name\": \"hb0\", \"p2p\": true } ],"
	"  \"root_ports\": [ { \"name\": \"rp0\" },"
	"                    { \"name\": \"rp1\", \"acs_redirect\": true },"
	"                    { \"name\": \"rp2\" } ],"
	"  \"switches\": [ { \"name\": \"sw0\", \"port\": \"rp0\","
	"    \"downstream_ports\": [ { \"name\": \"p0\" }, { \"name\": \"p1\" },"
	"                            { \"name\": \"p2\", \"acs_redirect\": true } ] } ],"
	"  \"endpoints\": ["
	"    { \"name\": \"gpu0\", \"class\": \"gpu\", \"port\": \"p0\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"64K\" } ],"
	"      \"iommu\": { \"mode\": \"translate\", \"can_fault\": true } },"
	"    { \"name\": \"gpu1\", \"class\": \"gpu\", \"port\": \"p1\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"64K\" } ] },"
	"    { \"name\": \"nic0\", \"class\": \"nic\", \"port\": \"p2\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"64K\" } ] },"
	"    { \"name\": \"cap0\", \"class\": \"capture\", \"port\": \"rp1\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"16K\" } ],"
	"      \"driver\": \"pci-stub\" },"
	"    { \"name\": \"nic1\", \"class\": \"nic\", \"port\": \"rp2\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"64K\" } ],"
	"      \"iommu\": { \"mode\": \"none\" } } ] }";

struct platform *tdrv_platform(void)
{
	char err[256];
	struct platform *plat;

	plat = platform_create_from_string(tdrv_platform_json, err,
					   sizeof(err));
	if (IS_ERR(plat))
		fprintf(stderr, "%s\n", err);
	assert_false(IS_ERR_OR_NULL(plat));
	tdrv_enter(plat, "test");
	return plat;
}

struct task_struct *tdrv_enter(struct platform *plat, const char *comm)
{
	struct task_struct *t = task_create(plat, comm);

	assert_false(IS_ERR_OR_NULL(t));
	set_current(t);
	return t;
}

void tdrv_leave(struct task_struct *t)
{
	set_current(NULL);
	task_exit(t);
}

void tdrv_platform_destroy(struct platform *plat)
{
	tdrv_leave(current);
	platform_destroy(plat);
}

struct pci_dev *tdrv_pdev(struct platform *plat, const char *name)
{
	struct pci_dev *pdev = pci_get_by_name(plat, name);

	assert_non_null(pdev);
	pci_dev_put(pdev);
	return pdev;
}

static irqreturn_t tdrv_irq(int irq, void *dev_id)
{
	struct tdrv_dev *td = dev_id;
	u32 status = readl(td->regs + DMB_REG_INTR_STATUS);

	if (!status)
		return IRQ_NONE;
	writel(status, td->regs + DMB_REG_INTR_STATUS);	/* RW1C ack */
	__atomic_fetch_or(&td->intr_seen, status, __ATOMIC_RELAXED);
	atomic_inc(&td->irqs);
	wake_up_all(&td->wq);
	return IRQ_HANDLED;
}

void tdrv_start(struct tdrv_dev *td, unsigned int q, u32 op, dma_addr_t dst,
		dma_addr_t src, u32 len)
{
	void __iomem *qr = td->regs + DMB_QUEUE(q);

	writel((u32)src, qr + DMB_Q_SRC_LO);
	writel(src >> 32, qr + DMB_Q_SRC_HI);
	writel((u32)dst, qr + DMB_Q_DST_LO);
	writel(dst >> 32, qr + DMB_Q_DST_HI);
	writel(len, qr + DMB_Q_LEN);
	writel(op, qr + DMB_Q_OP);
	writel(1, qr + DMB_Q_DOORBELL);
}

static bool not_busy(u32 val, void *arg)
{
	return val != DMB_STATUS_BUSY;
}

u32 tdrv_wait(struct tdrv_dev *td, unsigned int q)
{
	u32 val;

	/* No timeout: a test never depends on timing. */
	assert_int_equal(__readl_poll(td->regs + DMB_QUEUE(q) + DMB_Q_STATUS,
				      &val, not_busy, NULL, 10, 0), 0);
	return val;
}

static int tdrv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct tdrv_dev *td;
	int ret;

	atomic_inc(&tdrv_probes);
	if (tdrv_probe_error)
		return tdrv_probe_error;
	td = kzalloc(sizeof(*td), GFP_KERNEL);
	if (!td)
		return -ENOMEM;
	td->pdev = pdev;
	init_waitqueue_head(&td->wq);
	ret = pci_enable_device(pdev);
	if (ret)
		goto err;
	pci_set_master(pdev);
	td->regs = pci_iomap(pdev, 0, 0);
	ret = -ENOMEM;
	if (!td->regs)
		goto err;
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
	if (ret < 0)
		goto err;
	td->irq = pci_irq_vector(pdev, 0);
	ret = request_irq(td->irq, tdrv_irq, 0, "tdrv", td);
	if (ret)
		goto err_vec;
	if (tdrv_export) {
		td->exp = texp_create(PAGE_SIZE, 0, &tdrv_released);
		td->revoke_on_remove = tdrv_revoke;
	}
	writel(DMB_CTRL_ENABLE, td->regs + DMB_REG_CTRL);
	pci_set_drvdata(pdev, td);
	return 0;
err_vec:
	pci_free_irq_vectors(pdev);
err:
	kfree(td);
	return ret;
}

static void tdrv_remove(struct pci_dev *pdev)
{
	struct tdrv_dev *td = pci_get_drvdata(pdev);
	unsigned int q, nq;

	atomic_inc(&tdrv_removes);
	atomic_set(&td->in_remove, 1);
	atomic_set(&tdrv_in_remove, 1);
	if (tdrv_skip_quiesce) {
		/* The bug: DMA and the handler outlive remove. The test frees
		 * @td afterwards, so the handler never runs on freed memory. */
		tdrv_left_behind = td;
		return;
	}
	/* Quiesce: no new jobs, wait for the ones in flight, no irqs. */
	writel(0, td->regs + DMB_REG_CTRL);
	nq = readl(td->regs + DMB_REG_CAPS) & DMB_CAPS_QUEUES_MASK;
	for (q = 0; q < nq; q++)
		tdrv_wait(td, q);
	free_irq(td->irq, td);
	pci_free_irq_vectors(pdev);
	pci_clear_master(pdev);
	if (td->exp) {
		struct dma_buf *buf = td->exp->dmabuf;

		/* Our lifetime rule: revoke, or leave it to its importers. */
		if (td->revoke_on_remove)
			texp_revoke(td->exp);
		dma_buf_put(buf);
	}
	pci_iounmap(pdev, td->regs);
	kfree(td);
}

static const struct pci_device_id tdrv_ids[] = {
	{ PCI_DEVICE(0x10de, 0x2330) },
	{ PCI_DEVICE_CLASS(PCI_CLASS_NETWORK_ETHERNET << 8, 0xffff00) },
	{ 0 }
};

struct pci_driver tdrv_driver = {
	.name = "tdrv",
	.id_table = tdrv_ids,
	.probe = tdrv_probe,
	.remove = tdrv_remove,
};

struct pci_driver tdrv_plain_driver = {
	.name = "tdrv-plain",
	.probe = tdrv_probe,
	.remove = tdrv_remove,
};
