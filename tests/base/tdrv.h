/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test PCI driver that programs the BAR0 register block the way a real
 * driver does (readl/writel, MSI, polling), and a small platform for the
 * device-model tests. Not part of the library.
 */
#ifndef TDRV_H
#define TDRV_H

#include <string.h>
#include "dmb_test.h"
#include <dmabridge/err.h>
#include <dmabridge/pci.h>
#include <dmabridge/io.h>
#include <dmabridge/dev_regs.h>
#include <dmabridge/driver-core.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/iommu.h>
#include <dmabridge/sched.h>
#include <dmabridge/wait.h>
#include <dmabridge/atomic.h>

struct texp;

/*
 * gpu0, gpu1 under sw0 (no ACS), nic0 under an ACS port of sw0, cap0 (a
 * capture device) under an ACS root port and claimed by pci-stub, nic1
 * with no IOMMU.
 */
extern const char tdrv_platform_json[];

struct tdrv_dev {
	struct pci_dev *pdev;
	void __iomem *regs;
	int irq;
	atomic_t irqs;			/* handler calls */
	u32 intr_seen;			/* INTR_STATUS bits the handler acked */
	struct wait_queue_head wq;	/* woken by the handler */
	struct texp *exp;		/* an exported buffer, or NULL */
	bool revoke_on_remove;		/* lifetime rule for @exp */
	atomic_t in_remove;		/* remove started */
};

/* Behaviour switches of the test driver (set before binding). */
extern bool tdrv_skip_quiesce;		/* buggy remove: no wait, no free_irq */
extern bool tdrv_export;		/* probe exports a dma-buf */
extern bool tdrv_revoke;		/* and remove revokes it */
extern int tdrv_probe_error;		/* probe fails with this */
extern atomic_t tdrv_probes, tdrv_removes;

/* Matches the platform's GPUs by id and NICs by class. */
extern struct pci_driver tdrv_driver;
/* Matches nothing by id: bound only through driver_override. */
extern struct pci_driver tdrv_plain_driver;

/* The platform, with a task of it current on the calling thread. */
struct platform *tdrv_platform(void);
void tdrv_platform_destroy(struct platform *plat);
/* Make a new task of @plat current on this thread (threads of races). */
struct task_struct *tdrv_enter(struct platform *plat, const char *comm);
void tdrv_leave(struct task_struct *t);
extern atomic_t tdrv_in_remove;
extern struct tdrv_dev *tdrv_left_behind;	/* by a buggy remove */
extern atomic_t tdrv_released;	/* exported buffers released */
struct pci_dev *tdrv_pdev(struct platform *plat, const char *name);

/* Program queue @q: copy/fill/capture; returns once the doorbell rang. */
void tdrv_start(struct tdrv_dev *td, unsigned int q, u32 op, dma_addr_t dst,
		dma_addr_t src, u32 len);
/* Poll the queue's STATUS until it is not busy; returns it. */
u32 tdrv_wait(struct tdrv_dev *td, unsigned int q);

#endif
