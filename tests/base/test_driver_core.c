// SPDX-License-Identifier: GPL-2.0
/*
 * The driver core: matching by id table, class and driver_override,
 * binding at platform creation, bind/unbind/drivers_probe with Linux's
 * errno, probe errors, and binding racing with unbinding and driver
 * unregistration.
 */
#include "tdrv.h"

static struct platform *setup(void)
{
	struct platform *plat = tdrv_platform();

	atomic_set(&tdrv_probes, 0);
	atomic_set(&tdrv_removes, 0);
	tdrv_skip_quiesce = tdrv_export = tdrv_revoke = false;
	tdrv_probe_error = 0;
	return plat;
}

static const char *drv_of(struct platform *plat, const char *name)
{
	struct pci_driver *drv = pci_dev_driver(tdrv_pdev(plat, name));

	return drv ? drv->name : "";
}

/* Registering binds every unbound device its id table matches: GPUs by
 * vendor/device, NICs by class; not bridges, not the stub's device. */
static void test_register_binds_by_id_and_class(void **state)
{
	struct platform *plat = setup();

	assert_string_equal(drv_of(plat, "cap0"), "pci-stub");
	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	assert_string_equal(drv_of(plat, "gpu0"), "tdrv");
	assert_string_equal(drv_of(plat, "gpu1"), "tdrv");
	assert_string_equal(drv_of(plat, "nic0"), "tdrv");
	assert_string_equal(drv_of(plat, "nic1"), "tdrv");
	assert_string_equal(drv_of(plat, "cap0"), "pci-stub");
	assert_string_equal(drv_of(plat, "sw0"), "");
	assert_int_equal(atomic_read(&tdrv_probes), 4);
	/* A second driver of the same name on this platform: -EBUSY. */
	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver),
			 -EBUSY);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	assert_int_equal(atomic_read(&tdrv_removes), 4);
	assert_string_equal(drv_of(plat, "gpu0"), "");
	tdrv_platform_destroy(plat);
}

/* driver_override: only the named driver binds, ids or not. */
static void test_driver_override_binds_only_that_driver(void **state)
{
	struct platform *plat = setup();
	struct pci_dev *gpu0 = tdrv_pdev(plat, "gpu0");
	struct device *dev = &gpu0->dev;

	assert_int_equal(driver_set_override(dev, &dev->driver_override,
					     "tdrv-plain\n", 11), 0);
	assert_string_equal(dev->driver_override, "tdrv-plain");
	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	assert_string_equal(drv_of(plat, "gpu0"), "");
	assert_string_equal(drv_of(plat, "gpu1"), "tdrv");
	assert_int_equal(pci_platform_register_driver(plat,
						      &tdrv_plain_driver), 0);
	assert_string_equal(drv_of(plat, "gpu0"), "tdrv-plain");
	/* "\n" clears it; a value of PAGE_SIZE - 1 bytes is too long. */
	assert_int_equal(driver_set_override(dev, &dev->driver_override, "\n",
					     1), 0);
	assert_null(dev->driver_override);
	{
		char big[PAGE_SIZE];

		memset(big, 'a', sizeof(big));
		big[PAGE_SIZE - 1] = 0;
		assert_int_equal(driver_set_override(dev,
						     &dev->driver_override,
						     big, PAGE_SIZE - 1),
				 -EINVAL);
	}
	tdrv_platform_destroy(plat);
}

/*
 * bind/unbind/drivers_probe return Linux's values: count on success,
 * -ENODEV for no such device or no match, -EBUSY if bound, the probe's
 * error; drivers_probe: -ENODEV for no device, count otherwise.
 */
static void test_bind_unbind_stores_return_linux_errno(void **state)
{
	struct platform *plat = setup();
	struct device_driver *drv = &tdrv_driver.driver;
	struct pci_dev *gpu0;

	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	assert_int_equal(driver_bind_store(plat, drv, "0000:99:00.0", 12),
			 -ENODEV);
	/* Bound already (to us). */
	assert_int_equal(driver_bind_store(plat, drv, "0000:03:00.0\n", 13),
			 -EBUSY);
	/* The stub's device does not match our ids (its override). */
	assert_int_equal(driver_bind_store(plat, drv, pci_name(tdrv_pdev(plat,
				"cap0")), 12), -ENODEV);
	/* Unbind: a device bound to another driver is -ENODEV. */
	assert_int_equal(driver_unbind_store(plat, drv,
			 pci_name(tdrv_pdev(plat, "cap0")), 12), -ENODEV);
	assert_int_equal(driver_unbind_store(plat, drv, "0000:03:00.0\n", 13),
			 13);
	assert_string_equal(drv_of(plat, "gpu0"), "");
	assert_int_equal(driver_unbind_store(plat, drv, "0000:03:00.0", 12),
			 -ENODEV);
	/* Rebind. */
	assert_int_equal(driver_bind_store(plat, drv, "0000:03:00.0", 12), 12);
	assert_string_equal(drv_of(plat, "gpu0"), "tdrv");
	/* A failing probe is returned to the writer and leaves it unbound. */
	assert_int_equal(driver_unbind_store(plat, drv, "0000:03:00.0", 12),
			 12);
	tdrv_probe_error = -ENOMEM;
	assert_int_equal(driver_bind_store(plat, drv, "0000:03:00.0", 12),
			 -ENOMEM);
	tdrv_probe_error = -EPROBE_DEFER;
	assert_int_equal(driver_bind_store(plat, drv, "0000:03:00.0", 12),
			 -EAGAIN);
	assert_string_equal(drv_of(plat, "gpu0"), "");
	tdrv_probe_error = 0;
	/* drivers_probe binds whatever matches; unknown device: -ENODEV. */
	assert_int_equal(bus_drivers_probe_store(plat, &pci_bus_type,
						 "0000:03:00.0\n", 13), 13);
	assert_string_equal(drv_of(plat, "gpu0"), "tdrv");
	assert_int_equal(bus_drivers_probe_store(plat, &pci_bus_type,
						 "nope", 4), -ENODEV);
	/*
	 * Hot removal unbinds the driver first, as pci_stop_bus_device():
	 * its remove runs while the device can still be quiesced. A removed
	 * device can then be neither bound nor probed.
	 */
	gpu0 = tdrv_pdev(plat, "gpu0");
	pci_remove_device(gpu0);
	assert_null(pci_dev_driver(gpu0));
	assert_int_equal(driver_bind_store(plat, drv, "0000:03:00.0", 12),
			 -ENODEV);
	assert_int_equal(bus_drivers_probe_store(plat, &pci_bus_type,
						 "0000:03:00.0", 12), -EINVAL);
	/*
	 * A bind that looked the driver up just before it was unregistered
	 * must not bind it: the registration is checked again under
	 * device_lock (unregister unbinds under the same lock).
	 */
	pci_platform_unregister_driver(plat, &tdrv_driver);
	assert_int_equal(driver_bind_store(plat, drv, "0000:04:00.0", 12),
			 -ENODEV);
	assert_string_equal(drv_of(plat, "gpu1"), "");
	tdrv_platform_destroy(plat);
}

/* The platform file's "driver" binds that driver at creation. */
static void test_platform_file_driver_binds_at_creation(void **state)
{
	struct platform *plat = setup();

	assert_string_equal(drv_of(plat, "cap0"), "pci-stub");
	assert_string_equal(tdrv_pdev(plat, "cap0")->dev.driver_override,
			    "pci-stub");
	assert_string_equal(drv_of(plat, "gpu0"), "");
	tdrv_platform_destroy(plat);
}

/* The platform file's "driver" and "capture" fields: errors name them. */
static void test_platform_file_devmodel_errors(void **state)
{
	static const struct { const char *ep, *err; } cases[] = {
		{ "\"class\": \"camera\"",
		  "platform: endpoints[0].class: 'camera' is not one of gpu, "
		  "nic, nvme, generic, capture or a registered device model" },
		{ "\"class\": \"nic\", \"driver\": \"\"",
		  "platform: endpoints[0].driver: must be 1 to 31 characters" },
		{ "\"class\": \"nic\", \"driver\": \"a b\"",
		  "platform: endpoints[0].driver: may only contain letters, "
		  "digits, '_', '.' and '-'" },
		{ "\"class\": \"nic\", \"driver\": 3",
		  "platform: endpoints[0].driver: must be a string" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char json[512], err[256] = "";
		struct platform *plat;

		snprintf(json, sizeof(json),
			 "{ \"ram\": { \"size\": \"64M\" },"
			 "  \"host_bridges\": [ { \"name\": \"hb0\" } ],"
			 "  \"root_ports\": [ { \"name\": \"rp0\" } ],"
			 "  \"endpoints\": [ { \"name\": \"e\", \"port\": "
			 "\"rp0\", %s } ] }", cases[i].ep);
		plat = platform_create_from_string(json, err, sizeof(err));
		assert_ptr_equal(plat, ERR_PTR(-EINVAL));
		assert_string_equal(err, cases[i].err);
	}
}

/* Destroying the platform unbinds every driver (each remove runs). */
static void test_platform_destroy_unbinds(void **state)
{
	struct platform *plat = setup();

	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	tdrv_platform_destroy(plat);
	assert_int_equal(atomic_read(&tdrv_removes), 4);
}

struct race {
	struct platform *plat;
	atomic_t stop;
};

#ifndef RACE_ROUNDS	/* tests/explore sets its own */
#define RACE_ROUNDS 200
#endif

static void race_thread(int idx, void *arg)
{
	struct race *r = arg;
	struct device_driver *drv = &tdrv_driver.driver;
	struct pci_dev *gpu1 = tdrv_pdev(r->plat, "gpu1");
	struct task_struct *t = tdrv_enter(r->plat, "race");
	int i;

	for (i = 0; i < RACE_ROUNDS; i++) {
		switch (idx) {
		case 0:
			driver_bind_store(r->plat, drv, "0000:03:00.0", 12);
			break;
		case 1:
			driver_unbind_store(r->plat, drv, "0000:03:00.0", 12);
			break;
		case 2:
			driver_set_override(&gpu1->dev,
					    &gpu1->dev.driver_override,
					    (i & 1) ? "tdrv" : "\n", 4);
			bus_drivers_probe_store(r->plat, &pci_bus_type,
						"0000:04:00.0", 12);
			break;
		case 3:
			if (i % 20 == 0) {
				pci_platform_unregister_driver(r->plat,
							       &tdrv_driver);
				pci_platform_register_driver(r->plat,
							     &tdrv_driver);
			}
			break;
		}
	}
	tdrv_leave(t);
}

/*
 * Bind, unbind, driver_override and drivers_probe race with the driver
 * being unregistered and registered again: every probe is matched by one
 * remove, and no device ends up bound to an unregistered driver. Guards
 * the registration recheck under device_lock in __driver_probe_device.
 */
static void test_bind_unbind_unregister_race(void **state)
{
	struct platform *plat = setup();
	struct race r = { .plat = plat };

	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	dmb_run_threads(4, race_thread, &r);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	assert_string_equal(drv_of(plat, "gpu0"), "");
	assert_string_equal(drv_of(plat, "gpu1"), "");
	assert_int_equal(atomic_read(&tdrv_probes),
			 atomic_read(&tdrv_removes));
	tdrv_platform_destroy(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_register_binds_by_id_and_class),
		dmb_unit_test(test_driver_override_binds_only_that_driver),
		dmb_unit_test(test_bind_unbind_stores_return_linux_errno),
		dmb_unit_test(test_platform_file_driver_binds_at_creation),
		dmb_unit_test(test_platform_file_devmodel_errors),
		dmb_unit_test(test_platform_destroy_unbinds),
		dmb_unit_test(test_bind_unbind_unregister_race),
	};

	return dmb_run_tests(tests);
}
