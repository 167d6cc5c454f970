// SPDX-License-Identifier: GPL-2.0
/* The kernel-side state of a platform: task accounting, workqueue, taint. */
#include <stdio.h>
#include <string.h>
#include <dmabridge/platform.h>
#include <dmabridge/workqueue.h>
#include <dmabridge/sched.h>
#include <dmabridge/report.h>
#include <dmabridge/printk.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>

int platform_kernel_init(struct platform *plat, const char *name)
{
	struct task_struct *old;

	snprintf(plat->name, sizeof(plat->name), "%s", name ? name : "platform");
	spin_lock_init(&plat->tasks_lock);
	plat->nr_tasks = 0;
	atomic_set(&plat->next_pid, 0);
	atomic_set(&plat->tainted, 0);
	printk_platform_boot(plat);	/* report timestamps count from here */
	spin_lock_init(&plat->devnodes_lock);
	INIT_LIST_HEAD(&plat->devnodes);
	/* Workers are kernel threads of this platform. */
	old = current;
	if (!old || old->platform != plat) {
		static __thread struct task_struct boot;

		memset(&boot, 0, sizeof(boot));
		boot.platform = plat;
		snprintf(boot.comm, sizeof(boot.comm), "swapper");
		set_current(&boot);
		plat->wq = alloc_workqueue("events", 0, 2);
		set_current(old);
	} else {
		plat->wq = alloc_workqueue("events", 0, 2);
	}
	return plat->wq ? 0 : -ENOMEM;
}

void platform_kernel_fini(struct platform *plat)
{
	int left;

	destroy_workqueue(plat->wq);
	plat->wq = NULL;
	spin_lock(&plat->tasks_lock);
	left = plat->nr_tasks;
	spin_unlock(&plat->tasks_lock);
	WARN(left, "platform %s destroyed with %d task(s) alive", plat->name,
	     left);
	WARN(!list_empty(&plat->devnodes),
	     "platform %s destroyed with device nodes registered", plat->name);
	printk_platform_gone(plat);
}

void platform_taint(struct platform *plat, const char *why)
{
	if (!atomic_xchg(&plat->tainted, 1))
		pr_warn("platform %s tainted: %s\n", plat->name, why);
}
