// SPDX-License-Identifier: GPL-2.0
/*
 * demo: a program that links libdmabridge, adds the scenario "demo"
 * (demo_exporter's buffer written by a GPU through demo_importer) and
 * hands over to dmabridge's command line:
 *
 *	./demo run demo          run it
 *	./demo run --list        the built-in scenarios and this one
 *	./demo bufinfo demo      the buffer as debugfs would show it
 */
#include <string.h>
#include <dmabridge/dmabridge.h>
#include <dmabridge/scenario.h>
#include <dmabridge/pci.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>
#include "demo_exporter.h"
#include "demo_importer.h"

#define DEMO_SIZE (16 * 1024)

static void fill(unsigned char *p, size_t len, unsigned char seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed + i * 13);
}

/* The GPU writes the buffer; the exporter reads back what it wrote. */
static void demo_write_and_check(struct scenario_ctx *ctx,
				 struct demo_buffer *buf,
				 struct demo_import *imp, unsigned char seed)
{
	static unsigned char src[DEMO_SIZE], got[DEMO_SIZE];
	int ret;

	fill(src, sizeof(src), seed);
	ret = demo_import_write(imp, src, sizeof(src));
	scenario_check(ctx, ret == 0, "the GPU maps and writes (%d)", ret);
	ret = demo_buffer_read(buf, 0, got, sizeof(got));
	scenario_check(ctx, ret == 0 && !memcmp(src, got, sizeof(src)),
		       "the exporter reads the GPU's bytes after its fence");
}

static int demo_run(struct platform *plat, struct scenario_ctx *ctx)
{
	struct demo_import imp = { 0 };
	struct demo_buffer *buf;
	struct task_struct *task;
	struct pci_dev *gpu;
	int ret;

	/* Kernel code runs on behalf of a task: make one our `current`. */
	task = task_create(plat, "demo");
	if (IS_ERR(task))
		return PTR_ERR(task);
	set_current(task);

	gpu = pci_get_kind(plat, PCI_KIND_GPU, NULL);
	if (!scenario_check(ctx, gpu, "the platform has a GPU")) {
		ret = -ENODEV;
		goto out_task;
	}
	buf = demo_buffer_create(DEMO_SIZE);
	if (!scenario_check(ctx, !IS_ERR(buf), "demo_exporter exports")) {
		ret = PTR_ERR(buf);
		goto out_gpu;
	}
	ret = demo_import_attach(&imp, buf->dmabuf, &gpu->dev);
	if (!scenario_check(ctx, ret == 0, "%s attaches (%d)", pci_name(gpu),
			    ret))
		goto out_buf;
	scenario_say(ctx, "demo_exporter exported 16 KiB; %s (%s) attached "
		     "dynamically", gpu->label, pci_name(gpu));

	demo_write_and_check(ctx, buf, &imp, 0x11);
	scenario_bufinfo(ctx, "the demo buffer mapped by the GPU");

	/* Revoke: the importer is told, unmaps, and cannot map again. */
	demo_buffer_revoke(buf);
	scenario_check(ctx, imp.invalidations == 1 && !imp.sgt,
		       "revoke invalidated the importer, which unmapped");
	ret = demo_import_write(&imp, "x", 1);
	scenario_check(ctx, ret == -ENODEV, "no mapping while revoked (%d)",
		       ret);
	demo_buffer_restore(buf);
	demo_write_and_check(ctx, buf, &imp, 0x22);
	scenario_say(ctx, "revoked (the GPU unmapped, mapping refused with "
		     "-ENODEV), restored, written again");

	/*
	 * The bug the sanitizer is for: the exporter reuses the memory
	 * without revoking, the GPU writes through its old mapping.
	 */
	scenario_expect_reports(ctx, REPORT_SANITIZER, 1);
	demo_buffer_reuse_without_revoke(buf);
	ret = demo_import_write(&imp, "late", 4);
	scenario_check(ctx, ret == 0, "the stale write is queued (%d)", ret);
	demo_import_detach(&imp);	/* waits for the job */
	scenario_say(ctx, "memory reused without a revoke: the GPU's next "
		     "write is reported by the DMA sanitizer");
	ret = 0;
out_buf:
	demo_buffer_put(buf);
out_gpu:
	pci_dev_put(gpu);
out_task:
	set_current(NULL);
	task_exit(task);
	return ret;
}

static const struct scenario demo_scenario = {
	.name = "demo",
	.summary = "an out-of-tree exporter and importer: DMA, revoke, and a "
		   "missing revoke the sanitizer catches",
	.run = demo_run,
};

int main(int argc, char **argv)
{
	int ret = scenario_register(&demo_scenario);

	if (ret)
		return 1;
	return dmabridge_main(argc, argv);
}
