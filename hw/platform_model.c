// SPDX-License-Identifier: GPL-2.0
/*
 * Device models registered by programs that link dmabridge (not Linux:
 * simulated hardware, docs/guide.md "A device model"). A process-wide
 * registry, like the scenarios': platform files name a model as an
 * endpoint's "class". Each parsed file and each platform built from it
 * holds a use of the model, so it cannot be unregistered under them.
 */
#include <errno.h>
#include <string.h>
#include <dmabridge/bug.h>
#include <dmabridge/mutex.h>
#include <dmabridge/pci.h>
#include <dmabridge/pci-device-model.h>
#include <dmabridge/platform-file.h>
#include "hw_platform.h"

#define MODEL_MAX 32
#define MODEL_MAX_QUEUES 16

static const char *const builtin_classes[] = {
	"gpu", "nic", "nvme", "generic", "capture",
};

static struct model_entry {
	const struct pci_device_model *model;
	long users;		/* parsed files and platform devices */
} models[MODEL_MAX];
static DEFINE_MUTEX(models_lock);

static bool model_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n >= PLATFORM_NAME_LEN)
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789_.-") == n;
}

/* The same rules as a platform file's "bars". */
static bool model_bars_ok(const struct pci_device_model *m)
{
	bool used[PCI_STD_NUM_BARS] = { false };
	int i;

	if (m->nr_bars < 0 || m->nr_bars > PCI_STD_NUM_BARS ||
	    (m->nr_bars && !m->bars))
		return false;
	for (i = 0; i < m->nr_bars; i++) {
		const struct pci_device_model_bar *b = &m->bars[i];

		if (b->index < 0 || b->index >= PCI_STD_NUM_BARS ||
		    used[b->index] || b->size < PAGE_SIZE ||
		    (b->size & (b->size - 1)) || b->size > (1ULL << 40))
			return false;
		used[b->index] = true;
	}
	return true;
}

static struct model_entry *model_lookup(const char *name)
{
	int i;

	lockdep_assert_held(&models_lock);
	for (i = 0; i < MODEL_MAX; i++)
		if (models[i].model && !strcmp(models[i].model->name, name))
			return &models[i];
	return NULL;
}

int pci_device_model_register(const struct pci_device_model *model)
{
	struct model_entry *free_slot = NULL;
	size_t i;
	int ret = 0;

	if (!model || !model_name_ok(model->name) || model->class > 0xffffff ||
	    model->nr_queues > MODEL_MAX_QUEUES || !model_bars_ok(model))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(builtin_classes); i++)
		if (!strcmp(model->name, builtin_classes[i]))
			return -EEXIST;
	mutex_lock(&models_lock);
	if (model_lookup(model->name)) {
		ret = -EEXIST;
		goto out;
	}
	for (i = 0; i < MODEL_MAX && !free_slot; i++)
		if (!models[i].model)
			free_slot = &models[i];
	if (!free_slot) {
		ret = -ENOSPC;
		goto out;
	}
	free_slot->model = model;
	free_slot->users = 0;
out:
	mutex_unlock(&models_lock);
	return ret;
}

int pci_device_model_unregister(const struct pci_device_model *model)
{
	int i, ret = -ENOENT;

	mutex_lock(&models_lock);
	for (i = 0; i < MODEL_MAX; i++) {
		if (models[i].model != model || !model)
			continue;
		/* A parsed file or a live platform still uses it. */
		if (models[i].users) {
			ret = -EBUSY;
		} else {
			models[i].model = NULL;
			ret = 0;
		}
		break;
	}
	mutex_unlock(&models_lock);
	return ret;
}

const struct pci_device_model *pci_device_model_find(const char *name)
{
	struct model_entry *e;

	if (!name)
		return NULL;
	mutex_lock(&models_lock);
	e = model_lookup(name);
	mutex_unlock(&models_lock);
	return e ? e->model : NULL;
}

const struct pci_device_model *pci_device_model_get(const char *name)
{
	struct model_entry *e;

	mutex_lock(&models_lock);
	e = model_lookup(name);
	if (e)
		e->users++;
	mutex_unlock(&models_lock);
	return e ? e->model : NULL;
}

/* Another use of a model the caller already holds a use of. */
static void model_get_again(const struct pci_device_model *model)
{
	mutex_lock(&models_lock);
	WARN_ON(!model_lookup(model->name));
	model_lookup(model->name)->users++;
	mutex_unlock(&models_lock);
}

void pci_device_model_put(const struct pci_device_model *model)
{
	struct model_entry *e;

	if (!model)
		return;
	mutex_lock(&models_lock);
	e = model_lookup(model->name);
	if (!WARN_ON(!e || e->users <= 0))
		e->users--;
	mutex_unlock(&models_lock);
}

unsigned int pci_dev_nr_queues(const struct pci_dev *pdev)
{
	if (pdev->model)
		return pdev->model->nr_queues ? pdev->model->nr_queues : 1;
	/* GPUs have a few copy engines; other devices one queue. */
	return pdev->kind == PCI_KIND_GPU ? 2 : 1;
}

int platform_models_setup(struct platform *plat)
{
	int i, ret;

	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);

		if (!pdev->model || pdev->model_ready)
			continue;
		model_get_again(pdev->model);
		ret = pdev->model->setup ? pdev->model->setup(pdev) : 0;
		if (ret) {
			pci_device_model_put(pdev->model);
			return ret;
		}
		pdev->model_ready = true;
	}
	return 0;
}

void platform_models_teardown(struct platform *plat)
{
	int i;

	if (!plat->pci)
		return;
	for (i = pci_num_devices(plat) - 1; i >= 0; i--) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);

		if (!pdev->model_ready)
			continue;
		if (pdev->model->teardown)
			pdev->model->teardown(pdev);
		pdev->model_ready = false;
		pci_device_model_put(pdev->model);
	}
}
