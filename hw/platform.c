// SPDX-License-Identifier: GPL-2.0
/*
 * platform_create()/platform_destroy(): one simulated machine from a
 * platform file. Built bottom-up (kernel, RAM, sanitizer, PCIe
 * topology, IOMMUs and DMA engines) and torn down in reverse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/err.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/iommu.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/sw_sync.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/udmabuf.h>
#include <dmabridge/mm.h>
#include <dmabridge/driver-core.h>
#include <dmabridge/io.h>
#include "hw_platform.h"

#define MAX_FILE_SIZE (1 << 20)

static enum iommu_mode iommu_mode_of(enum pci_iommu_cfg cfg)
{
	switch (cfg) {
	case PCI_IOMMU_CFG_PASSTHROUGH: return IOMMU_MODE_PASSTHROUGH;
	case PCI_IOMMU_CFG_TRANSLATE: return IOMMU_MODE_TRANSLATE;
	default: return IOMMU_MODE_NONE;
	}
}

/* Undo platform_probe_devices() for devices [0, @n). */
static void platform_release_devices(struct platform *plat, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);

		if (pci_is_bridge(pdev))
			continue;
		dma_engine_destroy(&pdev->dev);
		iommu_release_device(&pdev->dev);
	}
}

/*
 * Each endpoint gets the IOMMU the file asked for and a DMA engine.
 * After BAR placement: a translating domain keeps its IOVAs clear of
 * every BAR window.
 */
static int platform_probe_devices(struct platform *plat)
{
	int i, ret;

	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);

		if (pci_is_bridge(pdev))
			continue;
		ret = iommu_probe_device(&pdev->dev,
					 iommu_mode_of(pdev->iommu_cfg),
					 pdev->iommu_can_fault);
		if (ret)
			goto err;
		ret = dma_engine_create(&pdev->dev, pci_dev_nr_queues(pdev));
		if (ret) {
			iommu_release_device(&pdev->dev);
			goto err;
		}
	}
	return 0;
err:
	platform_release_devices(plat, i);
	return ret;
}

/*
 * The device model (docs/device-model.md): register blocks, IOMMU
 * groups, then the driver core, which binds the built-in drivers.
 */
static int platform_add_device_model(struct platform *plat,
				     const struct platform_desc *desc)
{
	int ret = pci_dev_regs_create_all(plat);

	/* Registered device models set up before any driver binds. */
	if (!ret)
		ret = platform_models_setup(plat);
	if (!ret)
		ret = iommu_groups_create(plat);
	if (!ret)
		ret = driver_core_init(plat, pci_num_devices(plat));
	if (!ret)
		ret = pci_bus_add_devices(plat, desc);
	return ret;
}

/* The device nodes every platform has, like a booted system's /dev. */
static int platform_register_devnodes(struct platform *plat)
{
	int ret = sw_sync_devnode_register(plat);

	if (!ret)
		ret = system_heap_create(plat);
	if (!ret)
		ret = udmabuf_create_devnode(plat);
	return ret;
}

static struct platform *create(const char *json, const char *source,
			       char *err, size_t errlen)
{
	struct platform_desc *desc;
	struct platform *plat;
	int ret;

	desc = platform_desc_parse(json, err, errlen);
	if (!desc)
		return ERR_PTR(-EINVAL);
	plat = calloc(1, sizeof(*plat));
	if (!plat) {
		ret = -ENOMEM;
		goto err_desc;
	}
	ret = platform_kernel_init(plat, desc->name);
	if (ret)
		goto err_free;
	snprintf(plat->source, sizeof(plat->source), "%s", source);
	ret = platform_mem_init(plat, &desc->mem);
	if (ret)
		goto err_kernel;
	ret = dma_sanitizer_init(plat);
	if (ret)
		goto err_mem;
	ret = pci_topology_create(plat, desc, err, errlen);
	if (ret)
		goto err_san;
	ret = platform_probe_devices(plat);
	if (ret)
		goto err_pci;
	ret = platform_add_device_model(plat, desc);
	if (ret)
		goto err_model;
	ret = platform_register_devnodes(plat);
	if (ret)
		goto err_devices;
	mm_resv_lockdep_prime(plat);
	platform_desc_free(desc);
	return plat;

err_devices:
	system_heap_destroy(plat);
	devnodes_unregister_all(plat);
err_model:
	driver_core_fini(plat);
	platform_models_teardown(plat);
	platform_release_devices(plat, pci_num_devices(plat));
	pci_dev_regs_destroy_all(plat);
	iommu_groups_destroy(plat);
err_pci:
	pci_topology_destroy(plat);
err_san:
	dma_sanitizer_fini(plat);
err_mem:
	platform_mem_fini(plat);
err_kernel:
	platform_kernel_fini(plat);
err_free:
	free(plat);
err_desc:
	if (err && errlen && !err[0])
		snprintf(err, errlen, "platform: %s", strerror(-ret));
	platform_desc_free(desc);
	return ERR_PTR(ret);
}

struct platform *platform_create_from_string(const char *json, char *err,
					     size_t errlen)
{
	return create(json, "string", err, errlen);
}

/* The whole file as a string (malloc'ed), or NULL with errno set. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(MAX_FILE_SIZE + 1);
	if (!buf) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	n = fread(buf, 1, MAX_FILE_SIZE + 1, f);
	if (ferror(f) || n > MAX_FILE_SIZE) {
		int e = ferror(f) ? EIO : EFBIG;

		free(buf);
		fclose(f);
		errno = e;
		return NULL;
	}
	fclose(f);
	buf[n] = 0;
	return buf;
}

struct platform *platform_create(const char *path)
{
	struct platform *plat;
	char err[320];
	char *json;

	err[0] = 0;
	if (!path) {
		plat = create(default_platform_json, "default", err,
			      sizeof(err));
		if (IS_ERR(plat))
			fprintf(stderr, "default platform: %s\n", err);
		return plat;
	}
	errno = 0;
	json = read_file(path);
	if (!json) {
		int e = errno ? errno : EIO;

		fprintf(stderr, "platform: %s: %s\n", path, strerror(e));
		return ERR_PTR(-e);
	}
	plat = create(json, path, err, sizeof(err));
	free(json);
	if (IS_ERR(plat))
		fprintf(stderr, "%s: %s\n", path, err);
	return plat;
}

void platform_destroy(struct platform *plat)
{
	if (!plat)
		return;
	/* Drivers first: each quiesces its device in remove. */
	driver_core_fini(plat);
	platform_models_teardown(plat);
	udmabuf_destroy_devnode(plat);
	system_heap_destroy(plat);
	devnodes_unregister_all(plat);
	dma_buf_registry_fini(plat);
	platform_release_devices(plat, pci_num_devices(plat));
	/* After the engines: no completion can reach a register block. */
	pci_dev_regs_destroy_all(plat);
	iommu_groups_destroy(plat);
	pci_topology_destroy(plat);
	dma_sanitizer_fini(plat);
	platform_mem_fini(plat);
	platform_kernel_fini(plat);
	free(plat);
}
