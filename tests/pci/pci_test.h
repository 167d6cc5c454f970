/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for tests of pci/ and platform files. */
#ifndef DMB_PCI_TEST_H
#define DMB_PCI_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/err.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/pci.h>
#include <dmabridge/pci-p2pdma.h>

/* platforms/ of the source tree (set by tests/pci/meson.build). */
static inline const char *platforms_dir(void)
{
	const char *d = getenv("DMB_PLATFORMS_DIR");

	return d ? d : "platforms";
}

static inline struct platform *pci_test_platform_file(const char *file)
{
	char path[512];
	struct platform *plat;

	snprintf(path, sizeof(path), "%s/%s", platforms_dir(), file);
	plat = platform_create(path);
	assert_false(IS_ERR_OR_NULL(plat));
	return plat;
}

static inline struct platform *pci_test_platform_str(const char *json)
{
	char err[256];
	struct platform *plat = platform_create_from_string(json, err,
							    sizeof(err));

	if (IS_ERR(plat))
		fprintf(stderr, "%s\n", err);
	assert_false(IS_ERR_OR_NULL(plat));
	return plat;
}

/* The device called @name; not referenced (the platform keeps it). */
static inline struct pci_dev *pdev_of(struct platform *plat, const char *name)
{
	struct pci_dev *pdev = pci_get_by_name(plat, name);

	assert_non_null(pdev);
	pci_dev_put(pdev);
	return pdev;
}

#endif
