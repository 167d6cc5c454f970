// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated hardware: the BAR0 register block of every endpoint, its
 * interrupts, and the config space capabilities (PM, PCIe with FLR).
 * Not Linux: this is the device side that Linux drivers program. The
 * register map is in include/dmabridge/dev_regs.h and
 * docs/device-model.md.
 *
 * A doorbell starts one job per queue on the device's DMA engine through
 * its public API (dma_engine_copy/fill/write); the job's fence callback
 * is the completion: status, interrupt status, then the MSI handler.
 * PCI_COMMAND_MEMORY off (or D3hot) makes register reads all-ones and
 * drops writes (an Unsupported Request); PCI_COMMAND_MASTER off refuses
 * doorbells (the device cannot issue DMA, nor an MSI, which is a write).
 *
 * Locks: regs->lock (spinlock) guards the registers; it is taken inside
 * the engine's fence lock (completion) and inside the PTE lock (a CPU
 * MMIO access), and nothing is taken under it but wait-queue locks.
 * irq_lock is held while the handler runs, so free_irq() waits for it.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include <dmabridge/slab.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/wait.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/explore.h>
#include <dmabridge/hw.h>
#include <dmabridge/pci.h>
#include <dmabridge/io.h>
#include "hw_platform.h"
#include <dmabridge/dev_regs.h>
#include <dmabridge/platform.h>

#define DMB_IRQ_BASE 32		/* irq of device index i: DMB_IRQ_BASE + i */

struct regs_queue {
	u64 src, dst;
	u32 len, op, status, error, completed;
	bool busy;
	struct dma_fence_cb cb;
	struct pci_dev_regs *regs;
	unsigned int index;
};

struct pci_dev_regs {
	struct pci_dev *pdev;
	void *host;			/* the register page's memory */
	spinlock_t lock;		/* registers below */
	u32 ctrl, intr_status, intr_mask, frame_seq;
	u16 command;			/* PCI_COMMAND as the device sees it */
	bool d3hot;			/* config side (cfg_lock) writes it */
	bool resetting;			/* FLR/D3->D0 in progress */
	bool msi_enabled;
	int inflight;			/* jobs started, not completed */
	struct wait_queue_head idle_wq;	/* inflight reaching 0 */
	spinlock_t irq_lock;		/* handler below; held while it runs */
	irq_handler_t handler;
	void *dev_id;
	unsigned int nr_queues;
	struct regs_queue q[];
};

/* Config space state (cfg_lock): PMCSR and DEVCTL. */
struct cfg_caps {
	u16 pmcsr, devctl;
};

static bool dev_has_caps(struct pci_dev *pdev)
{
	return !pci_is_bridge(pdev);
}

static void regs_reset_locked(struct pci_dev_regs *r)
{
	unsigned int i;

	r->ctrl = 0;
	r->intr_status = 0;
	r->intr_mask = 0;
	r->frame_seq = 0;
	r->msi_enabled = false;
	for (i = 0; i < r->nr_queues; i++) {
		struct regs_queue *q = &r->q[i];

		q->src = q->dst = 0;
		q->len = q->op = q->error = q->completed = 0;
		q->status = DMB_STATUS_IDLE;
	}
}

static bool decodes(struct pci_dev_regs *r)
{
	return (READ_ONCE(r->command) & PCI_COMMAND_MEMORY) &&
	       !READ_ONCE(r->d3hot) && !READ_ONCE(r->pdev->dev.dead);
}

static void deliver_irq(struct pci_dev_regs *r)
{
	spin_lock(&r->irq_lock);
	if (r->handler)
		r->handler(DMB_IRQ_BASE + r->pdev->index, r->dev_id);
	spin_unlock(&r->irq_lock);
}

/* The job's fence signalled: the queue's completion. */
static void queue_complete(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct regs_queue *q = container_of(cb, struct regs_queue, cb);
	struct pci_dev_regs *r = q->regs;
	bool fire;

	spin_lock(&r->lock);
	q->status = f->error ? DMB_STATUS_ERROR : DMB_STATUS_DONE;
	q->error = f->error ? -f->error : 0;
	q->completed++;
	q->busy = false;
	r->intr_status |= 1u << q->index;
	/* An MSI is a memory write: it needs bus mastering. */
	fire = r->msi_enabled && !(r->intr_mask & (1u << q->index)) &&
	       (READ_ONCE(r->command) & PCI_COMMAND_MASTER);
	r->inflight--;
	spin_unlock(&r->lock);
	if (fire)
		deliver_irq(r);
	wake_up_all(&r->idle_wq);
}

/* One captured frame: a header, then byte i = (seq + i) & 0xff. */
static void *make_frame(u32 seq, size_t len)
{
	/* The doorbell's writer may hold spinlocks: see job_alloc(). */
	u8 *buf = kmalloc(len, GFP_NOWAIT);
	u32 hdr[4] = { DMB_FRAME_MAGIC, seq, (u32)len, 0 };
	size_t i;

	if (!buf)
		return NULL;
	for (i = 0; i < len; i++)
		buf[i] = (u8)(seq + i);
	memcpy(buf, hdr, min(len, sizeof(hdr)));
	return buf;
}

/*
 * A doorbell: check the queue can start, then start the job outside the
 * lock (the engine's fence lock nests outside regs->lock).
 */
static void queue_doorbell(struct pci_dev_regs *r, unsigned int qi,
			   unsigned long *flags)
{
	struct regs_queue *q = &r->q[qi];
	struct device *dev = &r->pdev->dev;
	struct dma_fence *f;
	u64 src = q->src, dst = q->dst;
	u32 len = q->len, op = q->op & 0xff, fill = (q->op >> 8) & 0xff;
	u32 seq = 0;
	int err = 0;
	void *frame = NULL;

	if (q->busy)
		return;		/* a doorbell while busy is ignored */
	if (!(r->ctrl & DMB_CTRL_ENABLE) || r->resetting)
		err = EAGAIN;
	else if (!(READ_ONCE(r->command) & PCI_COMMAND_MASTER))
		err = EIO;	/* bus mastering off: no DMA can start */
	else if (!len || op > DMB_OP_CAPTURE ||
		 (op == DMB_OP_CAPTURE && (r->pdev->kind != PCI_KIND_CAPTURE ||
					   len > DMB_CAPTURE_MAX)))
		err = EINVAL;
	if (err) {
		q->status = DMB_STATUS_ERROR;
		q->error = err;
		return;
	}
	if (op == DMB_OP_CAPTURE)
		seq = r->frame_seq++;
	q->busy = true;
	q->status = DMB_STATUS_BUSY;
	q->error = 0;
	r->inflight++;
	spin_unlock_irqrestore(&r->lock, *flags);

	if (op == DMB_OP_COPY) {
		f = dma_engine_copy(dev, qi, dst, src, len);
	} else if (op == DMB_OP_FILL) {
		f = dma_engine_fill(dev, qi, dst, fill, len);
	} else {
		frame = make_frame(seq, len);
		f = frame ? dma_engine_write(dev, qi, dst, frame, len) :
			    ERR_PTR(-ENOMEM);
		kfree(frame);	/* the engine copied it */
	}
	if (IS_ERR(f)) {
		spin_lock_irqsave(&r->lock, *flags);
		q->busy = false;
		q->status = DMB_STATUS_ERROR;
		q->error = -PTR_ERR(f);
		r->inflight--;
		spin_unlock_irqrestore(&r->lock, *flags);
		wake_up_all(&r->idle_wq);
	} else if (dma_fence_add_callback(f, &q->cb, queue_complete)) {
		/* Already signalled: complete here. */
		queue_complete(f, &q->cb);
	}
	if (!IS_ERR(f))
		dma_fence_put(f);
	spin_lock_irqsave(&r->lock, *flags);
}

static u32 reg_read(struct pci_dev_regs *r, u32 off)
{
	struct pci_dev *pdev = r->pdev;
	struct regs_queue *q;
	unsigned int qi;

	if (off >= DMB_MODEL_REG_BASE)	/* a registered model's registers */
		return pdev->model && pdev->model->reg_read ?
		       pdev->model->reg_read(pdev, off) : 0;
	switch (off) {
	case DMB_REG_ID: return pdev->vendor | (u32)pdev->device << 16;
	case DMB_REG_VERSION: return DMB_REGS_VERSION;
	case DMB_REG_CAPS:
		return r->nr_queues | (pdev->kind == PCI_KIND_CAPTURE ?
				       DMB_CAPS_CAPTURE : 0);
	case DMB_REG_CTRL: return r->ctrl;
	case DMB_REG_INTR_STATUS: return r->intr_status;
	case DMB_REG_INTR_MASK: return r->intr_mask;
	case DMB_REG_FRAME_SEQ: return r->frame_seq;
	}
	if (off < DMB_QUEUE_BASE)
		return 0;
	qi = (off - DMB_QUEUE_BASE) / DMB_QUEUE_STRIDE;
	if (qi >= r->nr_queues)
		return 0;
	q = &r->q[qi];
	switch ((off - DMB_QUEUE_BASE) % DMB_QUEUE_STRIDE) {
	case DMB_Q_SRC_LO: return (u32)q->src;
	case DMB_Q_SRC_HI: return q->src >> 32;
	case DMB_Q_DST_LO: return (u32)q->dst;
	case DMB_Q_DST_HI: return q->dst >> 32;
	case DMB_Q_LEN: return q->len;
	case DMB_Q_OP: return q->op;
	case DMB_Q_STATUS: return q->status;
	case DMB_Q_ERROR: return q->error;
	case DMB_Q_COMPLETED: return q->completed;
	}
	return 0;
}

static void reg_write(struct pci_dev_regs *r, u32 off, u32 val,
		      unsigned long *flags)
{
	struct regs_queue *q;
	unsigned int qi;

	if (off >= DMB_MODEL_REG_BASE) {	/* a registered model's */
		if (r->pdev->model && r->pdev->model->reg_write)
			r->pdev->model->reg_write(r->pdev, off, val);
		return;
	}
	switch (off) {
	case DMB_REG_CTRL:
		r->ctrl = val & DMB_CTRL_ENABLE;
		return;
	case DMB_REG_INTR_STATUS:
		r->intr_status &= ~val;
		return;
	case DMB_REG_INTR_MASK:
		r->intr_mask = val;
		return;
	}
	if (off < DMB_QUEUE_BASE)
		return;		/* read-only or nothing there */
	qi = (off - DMB_QUEUE_BASE) / DMB_QUEUE_STRIDE;
	if (qi >= r->nr_queues)
		return;
	q = &r->q[qi];
	/* A busy queue's parameters are latched: writes are dropped. */
	switch ((off - DMB_QUEUE_BASE) % DMB_QUEUE_STRIDE) {
	case DMB_Q_SRC_LO:
		if (!q->busy)
			q->src = (q->src & ~0xffffffffULL) | val;
		return;
	case DMB_Q_SRC_HI:
		if (!q->busy)
			q->src = (q->src & 0xffffffffULL) | (u64)val << 32;
		return;
	case DMB_Q_DST_LO:
		if (!q->busy)
			q->dst = (q->dst & ~0xffffffffULL) | val;
		return;
	case DMB_Q_DST_HI:
		if (!q->busy)
			q->dst = (q->dst & 0xffffffffULL) | (u64)val << 32;
		return;
	case DMB_Q_LEN:
		if (!q->busy)
			q->len = val;
		return;
	case DMB_Q_OP:
		if (!q->busy)
			q->op = val & 0xffff;
		return;
	case DMB_Q_DOORBELL:
		queue_doorbell(r, qi, flags);
		return;
	}
}

/* One aligned 32-bit access to register @off. */
static void regs_access(struct pci_dev_regs *r, u32 off, u32 *val,
			bool write)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	if (!decodes(r)) {
		/* Unsupported Request: reads all-ones, writes dropped. */
		if (!write)
			*val = ~0u;
	} else if (write) {
		reg_write(r, off, *val, &flags);
	} else {
		*val = reg_read(r, off);
	}
	spin_unlock_irqrestore(&r->lock, flags);
}

/*
 * Bytes [off, off + len) of the register page. Whole aligned dwords are
 * register accesses; partial dwords read their bytes out of a register
 * read, and partial writes are dropped (registers take 32-bit writes).
 */
static void regs_access_bytes(struct pci_dev_regs *r, u32 off, u8 *buf,
			      size_t len, bool write)
{
	while (len) {
		u32 base = off & ~3u, skip = off - base;
		size_t n = min_t(size_t, 4 - skip, len);
		u32 v = 0;

		if (write && n == 4) {
			memcpy(&v, buf, 4);
			regs_access(r, base, &v, true);
		} else if (!write) {
			regs_access(r, base, &v, false);
			memcpy(buf, (u8 *)&v + skip, n);
		}
		off += n;
		buf += n;
		len -= n;
	}
}

static struct pci_dev_regs *regs_of_region(struct phys_region *reg)
{
	if (!reg || reg->kind != PHYS_BAR || reg->bar != 0 || !reg->pdev)
		return NULL;
	return reg->pdev->regs;
}

bool hw_mmio_access(struct platform *plat, phys_addr_t pa, void *buf,
		    size_t len, bool write)
{
	struct phys_region *reg = hw_find_region(plat, pa);
	struct pci_dev_regs *r = regs_of_region(reg);

	if (!r || pa - reg->base >= DMB_REGS_SIZE)
		return false;
	len = min_t(size_t, len, DMB_REGS_SIZE - (pa - reg->base));
	regs_access_bytes(r, pa - reg->base, buf, len, write);
	return true;
}

/* ---- kernel MMIO accessors ---- */

/* The register block whose page holds host address @p (current's machine). */
static struct pci_dev_regs *regs_of_host(const volatile void *p, u32 *off)
{
	struct platform *plat = current_platform();
	int i;

	/* A CPU has an address space: MMIO needs to know whose. */
	if (WARN_ONCE(!plat, "readl/writel without a current task"))
		return NULL;
	if (!plat->pci)
		return NULL;
	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev_regs *r = pci_dev_by_index(plat, i)->regs;

		if (r && (const char *)p >= (char *)r->host &&
		    (const char *)p < (char *)r->host + DMB_REGS_SIZE) {
			*off = (const char *)p - (char *)r->host;
			return r;
		}
	}
	return NULL;
}

u32 readl(const volatile void __iomem *addr)
{
	struct pci_dev_regs *r;
	u32 off, v;

	r = regs_of_host(addr, &off);
	if (!r)
		return __atomic_load_n((const volatile u32 *)addr,
				       __ATOMIC_RELAXED);
	if (WARN_ONCE(off & 3, "readl: misaligned register 0x%x", off))
		return ~0u;
	regs_access(r, off, &v, false);
	return v;
}

void writel(u32 val, volatile void __iomem *addr)
{
	struct pci_dev_regs *r;
	u32 off;

	r = regs_of_host(addr, &off);
	if (!r) {
		__atomic_store_n((volatile u32 *)addr, val, __ATOMIC_RELAXED);
		return;
	}
	if (WARN_ONCE(off & 3, "writel: misaligned register 0x%x", off))
		return;
	regs_access(r, off, &val, true);
}

int __readl_poll(const volatile void __iomem *addr, u32 *val,
		 bool (*cond)(u32 val, void *arg), void *arg,
		 unsigned long sleep_us, u64 timeout_us)
{
	u64 waited = 0;

	for (;;) {
		*val = readl(addr);
		if (cond(*val, arg))
			return 0;
		if (timeout_us && waited >= timeout_us)
			return -ETIMEDOUT;
		/*
		 * In an explored run a host sleep would hold the token and
		 * stop the engine that clears the register: let the run's
		 * other threads go first instead.
		 */
		if (explore_active() && explore_current())
			explore_yield("readl_poll");
		else
			usleep(sleep_us ? sleep_us : 1);
		waited += sleep_us ? sleep_us : 1;
	}
}

void __iomem *ioremap(phys_addr_t phys, size_t size)
{
	struct platform *plat = current_platform();
	struct phys_region *reg;

	if (!plat || !size)
		return NULL;
	reg = hw_find_region(plat, phys);
	if (!reg || reg->kind != PHYS_BAR)
		return NULL;	/* RAM is not ioremapped */
	return hw_phys_to_host(plat, phys, size);
}

void iounmap(volatile void __iomem *addr)
{
	/* The BAR's memory lives as long as the platform. */
}

void __iomem *pci_iomap(struct pci_dev *pdev, int bar, unsigned long maxlen)
{
	resource_size_t len;

	if (!pdev || bar < 0 || bar >= PCI_STD_NUM_BARS)
		return NULL;
	len = pci_resource_len(pdev, bar);
	if (!len)
		return NULL;
	if (maxlen && maxlen < len)
		len = maxlen;
	return ioremap(pci_resource_start(pdev, bar), len);
}

void pci_iounmap(struct pci_dev *pdev, void __iomem *addr)
{
	iounmap(addr);
}

/* ---- interrupts ---- */

int pci_alloc_irq_vectors(struct pci_dev *pdev, unsigned int min_vecs,
			  unsigned int max_vecs, unsigned int flags)
{
	struct pci_dev_regs *r = pdev ? pdev->regs : NULL;

	if (!r || !min_vecs || min_vecs > max_vecs ||
	    !(flags & (PCI_IRQ_MSI | PCI_IRQ_MSIX)))
		return -EINVAL;
	if (min_vecs > 1)
		return -ENOSPC;
	spin_lock(&r->lock);
	r->msi_enabled = true;
	spin_unlock(&r->lock);
	return 1;
}

void pci_free_irq_vectors(struct pci_dev *pdev)
{
	struct pci_dev_regs *r = pdev ? pdev->regs : NULL;

	if (!r)
		return;
	spin_lock(&r->lock);
	r->msi_enabled = false;
	spin_unlock(&r->lock);
}

int pci_irq_vector(struct pci_dev *pdev, unsigned int nr)
{
	if (!pdev || !pdev->regs || nr)
		return -EINVAL;
	return DMB_IRQ_BASE + pdev->index;
}

static struct pci_dev_regs *regs_of_irq(unsigned int irq)
{
	struct platform *plat = current_platform();
	struct pci_dev *pdev;

	if (!plat || !plat->pci || irq < DMB_IRQ_BASE)
		return NULL;
	pdev = pci_dev_by_index(plat, irq - DMB_IRQ_BASE);
	return pdev ? pdev->regs : NULL;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	struct pci_dev_regs *r = regs_of_irq(irq);
	bool enabled;
	int ret = 0;

	if (!r || !handler)
		return -EINVAL;
	spin_lock(&r->lock);
	enabled = r->msi_enabled;
	spin_unlock(&r->lock);
	if (!enabled)
		return -EINVAL;
	spin_lock(&r->irq_lock);
	if (r->handler) {
		ret = -EBUSY;
	} else {
		r->handler = handler;
		r->dev_id = dev_id;
	}
	spin_unlock(&r->irq_lock);
	return ret;
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct pci_dev_regs *r = regs_of_irq(irq);

	if (!r)
		return;
	/* irq_lock is held while a handler runs: this waits for it. */
	spin_lock(&r->irq_lock);
	if (WARN(r->dev_id != dev_id || !r->handler,
		 "free_irq(%u): not requested with this dev_id", irq)) {
		spin_unlock(&r->irq_lock);
		return;
	}
	r->handler = NULL;
	r->dev_id = NULL;
	spin_unlock(&r->irq_lock);
}

/* ---- reset, power, config space ---- */

static void regs_wait_idle(struct pci_dev_regs *r)
{
	wait_event(r->idle_wq, ({
		bool idle;

		spin_lock(&r->lock);
		idle = !r->inflight;
		spin_unlock(&r->lock);
		idle;
	}));
}

/*
 * Function reset: refuse new doorbells, let the DMA in flight finish
 * (a modelling choice: the engine cannot abort a job), then put every
 * register back to its reset value. Called with cfg_lock held.
 */
static void function_reset(struct pci_dev *pdev)
{
	struct pci_dev_regs *r = pdev->regs;

	if (!r)
		return;
	spin_lock(&r->lock);
	r->resetting = true;
	spin_unlock(&r->lock);
	regs_wait_idle(r);
	spin_lock(&r->lock);
	regs_reset_locked(r);
	r->resetting = false;
	spin_unlock(&r->lock);
}

static struct cfg_caps *caps_of(struct pci_dev *pdev)
{
	/* Kept after the queues, allocated with the register block. */
	return pdev->regs ? (struct cfg_caps *)&pdev->regs->q[pdev->regs->nr_queues] :
			    NULL;
}

u16 pci_dev_cfg_status(struct pci_dev *pdev)
{
	return dev_has_caps(pdev) && pdev->regs ? PCI_STATUS_CAP_LIST : 0;
}

u32 pci_dev_cfg_read(struct pci_dev *pdev, int where)
{
	struct cfg_caps *c = caps_of(pdev);
	struct pci_dev_regs *r = pdev->regs;
	u16 sta = 0;

	if (!c || !dev_has_caps(pdev))
		return 0;
	lockdep_assert_held(&pdev->cfg_lock);
	switch (where) {
	case PCI_CAPABILITY_LIST:
		return DMB_CFG_PM_CAP;
	case DMB_CFG_PM_CAP:		/* id, next, PMC (version 3) */
		return PCI_CAP_ID_PM | DMB_CFG_EXP_CAP << 8 | 3u << 16;
	case DMB_CFG_PM_CAP + PCI_PM_CTRL:
		return c->pmcsr;
	case DMB_CFG_EXP_CAP:		/* id, next 0, version 2, type */
		return PCI_CAP_ID_EXP | (2u | pdev->pcie_type << 4) << 16;
	case DMB_CFG_EXP_CAP + PCI_EXP_DEVCAP:
		return PCI_EXP_DEVCAP_FLR;
	case DMB_CFG_EXP_CAP + PCI_EXP_DEVCTL:
		spin_lock(&r->lock);
		if (r->inflight)
			sta |= PCI_EXP_DEVSTA_TRPND;
		spin_unlock(&r->lock);
		return c->devctl | (u32)sta << 16;
	}
	return 0;
}

bool pci_dev_cfg_write(struct pci_dev *pdev, int where, u16 val)
{
	struct cfg_caps *c = caps_of(pdev);
	struct pci_dev_regs *r = pdev->regs;
	bool was_d3;

	if (!c || !dev_has_caps(pdev))
		return false;
	lockdep_assert_held(&pdev->cfg_lock);
	if (where == DMB_CFG_EXP_CAP + PCI_EXP_DEVCTL) {
		/* BCR_FLR reads back as 0: it is an action, not a state. */
		c->devctl = val & ~PCI_EXP_DEVCTL_BCR_FLR;
		if (!(val & PCI_EXP_DEVCTL_BCR_FLR))
			return false;
		function_reset(pdev);
		c->devctl = 0;
		c->pmcsr = 0;
		WRITE_ONCE(r->d3hot, false);
		return true;
	}
	if (where != DMB_CFG_PM_CAP + PCI_PM_CTRL)
		return false;
	val &= PCI_PM_CTRL_STATE_MASK;
	if (val != PCI_D0 && val != PCI_D3hot)
		return false;	/* D1/D2 not supported: ignored */
	was_d3 = READ_ONCE(r->d3hot);
	c->pmcsr = val;
	if (val == PCI_D3hot) {
		WRITE_ONCE(r->d3hot, true);
		return false;
	}
	if (!was_d3)
		return false;
	/* D3hot -> D0 without No_Soft_Reset: the function is reset. */
	function_reset(pdev);
	WRITE_ONCE(r->d3hot, false);
	return true;
}

void pci_dev_command_changed(struct pci_dev *pdev)
{
	if (pdev->regs)
		WRITE_ONCE(pdev->regs->command, pdev->command);
}

int pcie_flr(struct pci_dev *pdev)
{
	u32 cap;
	int ret;

	if (!pdev)
		return -EINVAL;
	ret = pci_read_config_dword(pdev, DMB_CFG_EXP_CAP + PCI_EXP_DEVCAP,
				    &cap);
	if (ret)
		return ret;
	if (!pdev->regs || !(cap & PCI_EXP_DEVCAP_FLR))
		return -ENOTTY;
	return pci_write_config_word(pdev, DMB_CFG_EXP_CAP + PCI_EXP_DEVCTL,
				     PCI_EXP_DEVCTL_BCR_FLR);
}

int pci_reset_function(struct pci_dev *pdev)
{
	u16 cmd;
	int ret;

	ret = pdev ? pci_read_config_word(pdev, PCI_COMMAND, &cmd) : -EINVAL;
	if (ret)
		return ret;
	ret = pcie_flr(pdev);
	if (ret)
		return ret;
	return pci_write_config_word(pdev, PCI_COMMAND, cmd);
}

int pci_set_power_state(struct pci_dev *pdev, int state)
{
	if (!pdev || (state != PCI_D0 && state != PCI_D3hot))
		return -EINVAL;
	if (!pdev->regs)
		return -EIO;
	return pci_write_config_word(pdev, DMB_CFG_PM_CAP + PCI_PM_CTRL,
				     state);
}

/* ---- lifetime ---- */

int pci_dev_regs_inflight(struct pci_dev *pdev)
{
	struct pci_dev_regs *r = pdev->regs;
	int n;

	if (!r)
		return 0;
	spin_lock(&r->lock);
	n = r->inflight;
	spin_unlock(&r->lock);
	return n;
}

void pci_dev_regs_check_quiet(struct pci_dev *pdev, const char *drv)
{
	struct pci_dev_regs *r = pdev->regs;

	if (!r)
		return;
	/* First the handler: from here on no completion calls the driver. */
	spin_lock(&r->irq_lock);
	WARN(r->handler, "%s: driver %s left its interrupt handler installed",
	     pci_name(pdev), drv);
	r->handler = NULL;
	r->dev_id = NULL;
	spin_unlock(&r->irq_lock);
	spin_lock(&r->lock);
	r->msi_enabled = false;
	spin_unlock(&r->lock);
	if (WARN(pci_dev_regs_inflight(pdev),
		 "%s: driver %s returned from remove with DMA in flight",
		 pci_name(pdev), drv))
		regs_wait_idle(r);
}

static int regs_create(struct pci_dev *pdev)
{
	struct platform *plat = pdev->dev.platform;
	unsigned int nq = pci_dev_nr_queues(pdev);
	struct pci_dev_regs *r;
	unsigned int i;

	if (pci_resource_len(pdev, 0) < DMB_REGS_SIZE || !pdev->dev.engine)
		return 0;	/* no register block: no BAR0 or no engine */
	r = kzalloc(sizeof(*r) + nq * sizeof(r->q[0]) +
		    sizeof(struct cfg_caps), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->host = hw_phys_to_host(plat, pci_resource_start(pdev, 0),
				  DMB_REGS_SIZE);
	spin_lock_init(&r->lock);
	spin_lock_init(&r->irq_lock);
	init_waitqueue_head(&r->idle_wq);
	r->pdev = pdev;
	r->nr_queues = nq;
	r->command = pdev->command;
	for (i = 0; i < nq; i++) {
		r->q[i].regs = r;
		r->q[i].index = i;
	}
	regs_reset_locked(r);
	pdev->regs = r;
	return 0;
}

int pci_dev_regs_create_all(struct platform *plat)
{
	int i, ret;

	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);

		if (pci_is_bridge(pdev))
			continue;
		ret = regs_create(pdev);
		if (ret)
			return ret;
	}
	return 0;
}

/* After the engines are gone: no completion can run any more. */
void pci_dev_regs_destroy_all(struct platform *plat)
{
	int i;

	if (!plat->pci)
		return;
	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);
		struct pci_dev_regs *r = pdev->regs;

		if (!r)
			continue;
		pdev->regs = NULL;
		spin_lock_destroy(&r->lock);
		spin_lock_destroy(&r->irq_lock);
		kfree(r);
	}
}
