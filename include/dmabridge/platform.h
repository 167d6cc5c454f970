/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct platform: one simulated machine and its kernel. Nothing with
 * state is global: every object reaches its platform through its owner,
 * and code with no owner at hand uses current->platform.
 *
 * Each subsystem keeps its state behind its own pointer here, so the
 * subsystems stay independent of each other's internals.
 */
#ifndef DMABRIDGE_PLATFORM_H
#define DMABRIDGE_PLATFORM_H

#include <dmabridge/types.h>
#include <dmabridge/atomic.h>
#include <dmabridge/list.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/mutex.h>

struct platform_mem;		/* hw/ + mm/page_alloc.c: RAM, zones, arenas */
struct pci_topology;		/* pci/: host bridges, switches, devices */
struct dma_sanitizer;		/* hw/sanitizer.c */
struct dmabuf_registry;		/* dma-buf/: every buffer, for bufinfo */
struct workqueue_struct;
struct driver_core;		/* drivers/base/: buses, drivers, bindings */
struct iommu_groups;		/* iommu/iommu-groups.c */

struct platform {
	char name[64];
	char source[256];		/* "default" or the file it came from */

	struct platform_mem *mem;
	struct pci_topology *pci;
	struct dma_sanitizer *san;
	struct dmabuf_registry *dmabuf;
	struct driver_core *drivers;
	struct iommu_groups *iommu_groups;

	/* Processes and kernel threads running on this machine. */
	spinlock_t tasks_lock;
	atomic_t next_pid;
	int nr_tasks;			/* protected by tasks_lock */

	/* Device nodes a process can sys_open() ("/dev/dma_heap/system"). */
	spinlock_t devnodes_lock;
	struct list_head devnodes;

	/* Deferred work of this machine's kernel (the system_wq analogue). */
	struct workqueue_struct *wq;

	/*
	 * follow_pfn() exists only to reproduce the old bug. Turning the
	 * switch on taints the platform, and every report says so.
	 */
	bool unsafe_follow_pfn;
	atomic_t tainted;
};

/* The platform of the calling thread's task (NULL if none). */
struct platform *current_platform(void);

/*
 * The kernel-side state every platform has (task list, pids, workqueue).
 * platform_create() calls init first and fini last; tests of the lowest
 * layers may use them on a zeroed struct platform of their own.
 */
int platform_kernel_init(struct platform *plat, const char *name);
void platform_kernel_fini(struct platform *plat);
/* Mark the platform tainted (printed in every report from then on). */
void platform_taint(struct platform *plat, const char *why);

#endif
