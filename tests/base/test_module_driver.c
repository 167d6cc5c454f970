// SPDX-License-Identifier: GPL-2.0
/*
 * Module drivers (drivers/base/module.c): a PCI driver registered once
 * for the process binds every platform, those created after it at boot
 * and those alive when it is registered; unregistering unbinds it
 * everywhere. Registration racing platform creation and destruction.
 */
#include "tdrv.h"

static atomic_t probes, removes;
static int probe_error;

static int mod_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	if (probe_error)
		return probe_error;
	atomic_inc(&probes);
	return 0;
}

static void mod_remove(struct pci_dev *pdev)
{
	atomic_inc(&removes);
}

static const struct pci_device_id gpu_ids[] = {
	{ PCI_DEVICE(0x10de, 0x2330) },
	{ 0 }
};

static struct pci_driver mod_driver = {
	.name = "mod-gpu",
	.id_table = gpu_ids,
	.probe = mod_probe,
	.remove = mod_remove,
};

static struct platform *make_platform(void)
{
	char err[256];
	struct platform *plat = platform_create_from_string(tdrv_platform_json,
							   err, sizeof(err));

	assert_false(IS_ERR_OR_NULL(plat));
	return plat;
}

static struct pci_driver *driver_of(struct platform *plat, const char *name)
{
	struct pci_dev *pdev = pci_get_by_name(plat, name);
	struct pci_driver *drv;

	assert_non_null(pdev);
	drv = pci_dev_driver(pdev);
	pci_dev_put(pdev);
	return drv;
}

static void reset_counts(void)
{
	atomic_set(&probes, 0);
	atomic_set(&removes, 0);
	probe_error = 0;
}

/*
 * Registered before platform_create(), the driver binds at boot (after
 * the built-ins: the stub's device stays the stub's); destroying the
 * platform unbinds it; a later platform binds it again. Guards the join
 * of driver_core_join_modules() and the leave of a destroyed platform
 * (without it the next registration walks a freed platform).
 */
static void test_registered_before_create_binds_at_boot(void **state)
{
	struct platform *plat;

	reset_counts();
	assert_int_equal(pci_register_module_driver(&mod_driver), 0);
	plat = make_platform();
	assert_int_equal(atomic_read(&probes), 2);
	assert_ptr_equal(driver_of(plat, "gpu0"), &mod_driver);
	assert_ptr_equal(driver_of(plat, "gpu1"), &mod_driver);
	assert_string_equal(driver_of(plat, "cap0")->name, "pci-stub");
	assert_null(driver_of(plat, "nic0"));
	platform_destroy(plat);
	assert_int_equal(atomic_read(&removes), 2);
	plat = make_platform();
	assert_int_equal(atomic_read(&probes), 4);
	platform_destroy(plat);
	pci_unregister_module_driver(&mod_driver);
	/* Registering again walks only live platforms: none. */
	assert_int_equal(pci_register_module_driver(&mod_driver), 0);
	pci_unregister_module_driver(&mod_driver);
	assert_int_equal(atomic_read(&probes), 4);
	assert_int_equal(atomic_read(&removes), 4);
}

/*
 * Registered after platform_create(), the driver binds every live
 * platform's devices at once, and unregistering unbinds them all while
 * the platforms live on. Guards the walk of live platforms.
 */
static void test_registered_after_create_binds_every_live_platform(void **state)
{
	struct platform *a = make_platform(), *b = make_platform();

	reset_counts();
	assert_int_equal(pci_register_module_driver(&mod_driver), 0);
	assert_int_equal(atomic_read(&probes), 4);
	assert_ptr_equal(driver_of(a, "gpu1"), &mod_driver);
	assert_ptr_equal(driver_find(b, "mod-gpu", &pci_bus_type),
			 &mod_driver.driver);
	pci_unregister_module_driver(&mod_driver);
	assert_int_equal(atomic_read(&removes), 4);
	assert_null(driver_of(a, "gpu0"));
	assert_null(driver_find(b, "mod-gpu", &pci_bus_type));
	platform_destroy(b);
	platform_destroy(a);
	assert_int_equal(atomic_read(&removes), 4);
}

/*
 * Bad registrations fail with Linux's errno and leave nothing behind: a
 * name taken by a built-in or another module driver is -EBUSY; a name a
 * live platform already has is -EBUSY and the driver is registered on no
 * platform. Guards the back-out of driver_register_module().
 */
static void test_refuses_bad_and_clashing_names(void **state)
{
	struct pci_driver noname = { 0 };
	struct pci_driver stub = { .name = "pci-stub" };
	struct pci_driver twin = { .name = "mod-gpu", .id_table = gpu_ids };
	struct pci_driver local = { .name = "mod-gpu", .id_table = gpu_ids };
	struct platform *a, *b;

	reset_counts();
	assert_int_equal(pci_register_module_driver(NULL), -EINVAL);
	assert_int_equal(pci_register_module_driver(&noname), -EINVAL);
	assert_int_equal(pci_register_module_driver(&stub), -EBUSY);
	assert_int_equal(pci_register_module_driver(&mod_driver), 0);
	assert_int_equal(pci_register_module_driver(&mod_driver), -EBUSY);
	assert_int_equal(pci_register_module_driver(&twin), -EBUSY);
	pci_unregister_module_driver(&mod_driver);

	/* b has its own driver of that name: a gets nothing either. */
	a = make_platform();
	b = make_platform();
	assert_int_equal(pci_platform_register_driver(b, &local), 0);
	assert_int_equal(pci_register_module_driver(&mod_driver), -EBUSY);
	assert_null(driver_find(a, "mod-gpu", &pci_bus_type));
	assert_int_equal(atomic_read(&probes), atomic_read(&removes));
	pci_platform_unregister_driver(b, &local);
	platform_destroy(b);
	platform_destroy(a);
}

/* A probe error leaves the device unbound; the platform still boots. */
static void test_probe_error_does_not_fail_boot(void **state)
{
	struct platform *plat;

	reset_counts();
	probe_error = -EIO;
	assert_int_equal(pci_register_module_driver(&mod_driver), 0);
	plat = make_platform();
	assert_null(driver_of(plat, "gpu0"));
	platform_destroy(plat);
	pci_unregister_module_driver(&mod_driver);
	assert_int_equal(atomic_read(&probes), 0);
}

static void race_worker(int idx, void *arg)
{
	int i;

	for (i = 0; i < 6; i++) {
		if (idx == 0) {
			struct platform *plat = make_platform();

			platform_destroy(plat);
		} else {
			assert_int_equal(pci_register_module_driver(&mod_driver),
					 0);
			pci_unregister_module_driver(&mod_driver);
		}
	}
}

/*
 * Registration racing platform creation and destruction: every
 * registration and every creation succeeds, and every probe is matched
 * by a remove. Guards module_lock around the join, the leave and the
 * walks (without it a platform gets the driver twice, -EBUSY, or is
 * walked after it was freed).
 */
static void test_register_races_platform_create(void **state)
{
	reset_counts();
	dmb_run_threads(2, race_worker, NULL);
	assert_int_equal(atomic_read(&probes), atomic_read(&removes));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_registered_before_create_binds_at_boot),
		dmb_unit_test(test_registered_after_create_binds_every_live_platform),
		dmb_unit_test(test_refuses_bad_and_clashing_names),
		dmb_unit_test(test_probe_error_does_not_fail_boot),
		dmb_unit_test(test_register_races_platform_create),
	};

	return dmb_run_tests(tests);
}
