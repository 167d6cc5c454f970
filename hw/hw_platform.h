/* SPDX-License-Identifier: GPL-2.0 */
/* Private to hw/: registered device models (hw/platform_model.c). */
#ifndef DMABRIDGE_HW_PLATFORM_H
#define DMABRIDGE_HW_PLATFORM_H

#include <dmabridge/pci-device-model.h>

struct pci_dev;
struct platform;

/* The model called @name with one more use, or NULL. */
const struct pci_device_model *pci_device_model_get(const char *name);
void pci_device_model_put(const struct pci_device_model *model);
/* DMA engine and register-block queues of @pdev. */
unsigned int pci_dev_nr_queues(const struct pci_dev *pdev);
/* The models' setup before drivers bind, teardown after they unbind. */
int platform_models_setup(struct platform *plat);
void platform_models_teardown(struct platform *plat);

#endif
