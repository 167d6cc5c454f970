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

/**
 * struct platform - one simulated machine and its kernel
 * @name: the platform's name (from its file, or "platform")
 * @source: "default", "string", or the path of the file it was made from
 * @mem: RAM, zones and the page allocator (hw/, mm/page_alloc.c)
 * @pci: the PCIe topology: host bridges, switches, devices (pci/)
 * @san: the DMA sanitizer's owner map (hw/sanitizer.c)
 * @dmabuf: the registry of every dma-buf, for bufinfo (dma-buf/)
 * @drivers: buses, drivers and bindings (drivers/base/)
 * @iommu_groups: the IOMMU groups (iommu/iommu-groups.c)
 * @tasks_lock: protects @nr_tasks
 * @next_pid: the pid the next task gets
 * @nr_tasks: tasks alive on this machine
 * @devnodes_lock: protects @devnodes
 * @devnodes: device nodes a process can sys_open() ("/dev/dma_heap/system")
 * @wq: the machine's deferred work (the system_wq analogue)
 * @unsafe_follow_pfn: follow_pfn() is allowed, to reproduce the old bug;
 * 	setting it taints the platform
 * @tainted: set once by platform_taint(); every report says so
 *
 * A dmabridge modelling choice, not a Linux structure: nothing with state is
 * global, so each object reaches its platform through its owner, and code
 * with no owner at hand uses current->platform. Each subsystem keeps its
 * state behind its own pointer, so subsystems stay independent of each
 * other's internals.
 */
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

/**
 * current_platform() - the platform of the calling thread's task
 *
 * Context: any context.
 * Return: current's platform, or NULL when the calling thread has no task
 * (see task_create()).
 */
struct platform *current_platform(void);

/**
 * platform_kernel_init() - set up the kernel-side state of a platform
 * @plat: the platform (its other fields may be zero)
 * @name: its name; NULL for "platform"
 *
 * The task list, pids, device nodes and the "events" workqueue. Called
 * first by platform_create(); tests of the lowest layers may call it on a
 * zeroed struct platform of their own.
 *
 * Context: process context; may sleep (starts the workqueue's workers).
 * Return: 0, or -ENOMEM if the workqueue cannot be created.
 */
int platform_kernel_init(struct platform *plat, const char *name);
/**
 * platform_kernel_fini() - tear down what platform_kernel_init() set up
 * @plat: the platform
 *
 * Stops the workqueue after running its pending work. WARNs if tasks or
 * device nodes are still registered.
 *
 * Context: process context; may sleep; not from a work item of @plat.
 */
void platform_kernel_fini(struct platform *plat);
/**
 * platform_taint() - mark a platform tainted
 * @plat: the platform
 * @why: printed on stderr the first time
 *
 * From then on every report names the platform as tainted, as Linux's
 * taint flags mark reports after an unsafe operation.
 *
 * Context: any context.
 */
void platform_taint(struct platform *plat, const char *why);

#endif
