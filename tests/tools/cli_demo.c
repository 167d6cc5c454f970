// SPDX-License-Identifier: GPL-2.0
/*
 * A user program as the guide describes it: it links the library,
 * registers a scenario of its own and hands over to dmabridge_main().
 * test_cli runs it to check registration and the bufinfo format.
 */
#include <stdio.h>
#include <dmabridge/dmabridge.h>
#include <dmabridge/scenario.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/pci.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

/* One heap buffer, attached by gpu0, shown at a checkpoint. */
static int tiny_run(struct platform *plat, struct scenario_ctx *ctx)
{
	struct dma_buf_attachment *attach;
	struct task_struct *task;
	struct dma_buf *dmabuf;
	struct pci_dev *gpu;

	task = task_create(plat, "tiny");
	if (IS_ERR(task))
		return PTR_ERR(task);
	set_current(task);
	gpu = pci_get_by_name(plat, "gpu0");
	dmabuf = system_heap_allocate(8192, O_RDWR, 0);
	if (scenario_check(ctx, gpu && !IS_ERR(dmabuf),
			   "a heap buffer and gpu0")) {
		attach = dma_buf_attach(dmabuf, &gpu->dev);
		if (scenario_check(ctx, !IS_ERR(attach), "gpu0 attaches")) {
			scenario_bufinfo(ctx, "one buffer, one device");
			dma_buf_detach(dmabuf, attach);
		}
	}
	if (!IS_ERR(dmabuf))
		dma_buf_put(dmabuf);
	pci_dev_put(gpu);
	set_current(NULL);
	task_exit(task);
	return 0;
}

static const struct scenario tiny = {
	.name = "tiny",
	.summary = "a heap buffer attached by gpu0 (registered by cli_demo)",
	.run = tiny_run,
};

int main(int argc, char **argv)
{
	int ret = scenario_register(&tiny);

	if (ret) {
		fprintf(stderr, "cli_demo: scenario_register: %d\n", ret);
		return 1;
	}
	return dmabridge_main(argc, argv);
}
