// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: platform files (JSON, docs/platform.md). Every input
 * is parsed; one that parses and describes a machine small enough to
 * build quickly (RAM and BARs within the limits below) is built into a
 * whole platform (RAM, sanitizer, PCIe topology, IOMMUs, DMA engines,
 * device nodes) and torn down. An invalid file must be refused with a
 * reason naming the field, never crash or leak, and no report may fire.
 * Part of this repository's fuzzing harness, not a Linux file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/report.h>
#include <dmabridge/dma-buf.h>

/* Bigger machines parse fine but cost seconds and gigabytes to build. */
#define FZ_MAX_RAM (256ull << 20)
#define FZ_MAX_BARS (1ull << 30)

static long base_bugs;

static void fz_fail(const char *what, const char *json)
{
	fprintf(stderr, "fuzz_platform_file: FAILED: %s\ninput: %s\n", what,
		json);
	abort();
}

static bool small_enough(const struct platform_desc *d)
{
	u64 bars = 0;
	int i, j;

	for (i = 0; i < d->nr_endpoints; i++)
		for (j = 0; j < d->endpoints[i].nr_bars; j++)
			bars += d->endpoints[i].bars[j].size;
	return d->mem.ram_size <= FZ_MAX_RAM && bars <= FZ_MAX_BARS;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	report_set_quiet(REPORT_IOMMU_FAULT, true);
	base_bugs = report_count_bugs();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct platform_desc *desc;
	struct platform *plat;
	char err[320] = "";
	bool build;
	char *json;

	json = malloc(size + 1);
	if (!json)
		return 0;
	memcpy(json, data, size);
	json[size] = 0;
	desc = platform_desc_parse(json, err, sizeof(err));
	if (!desc) {
		if (!err[0])
			fz_fail("refused without a reason", json);
		free(json);
		return 0;
	}
	build = small_enough(desc);
	platform_desc_free(desc);
	if (build) {
		err[0] = 0;
		plat = platform_create_from_string(json, err, sizeof(err));
		if (IS_ERR(plat)) {
			if (!err[0])
				fz_fail("a parsed file failed to build without a reason",
					json);
		} else {
			if (dma_buf_count(plat))
				fz_fail("a new platform has dma-bufs", json);
			platform_destroy(plat);
		}
	}
	if (report_count_bugs() != base_bugs)
		fz_fail("a report (WARN, lock checker or sanitizer) fired", json);
	free(json);
	return 0;
}
