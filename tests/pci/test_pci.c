// SPDX-License-Identifier: GPL-2.0
/* pci_dev: naming, lookup, lifetime, config space, decode, removal, routing. */
#include <errno.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/sched.h>
#include "pci_test.h"

static void test_names_and_buses(void **state)
{
	static const struct { const char *label, *bdf; } want[] = {
		{ "rp0", "0000:00:01.0" }, { "sw0", "0000:01:00.0" },
		{ "sw0.0", "0000:02:00.0" }, { "gpu0", "0000:03:00.0" },
		{ "sw0.1", "0000:02:01.0" }, { "gpu1", "0000:04:00.0" },
		{ "sw0.2", "0000:02:02.0" }, { "nic0", "0000:05:00.0" },
		{ "rp1", "0000:00:02.0" }, { "sw1", "0000:06:00.0" },
		{ "sw1.0", "0000:07:00.0" }, { "gpu2", "0000:08:00.0" },
		{ "sw1.1", "0000:07:01.0" }, { "nvme0", "0000:09:00.0" },
		{ "rp3", "0000:00:03.0" }, { "capture0", "0000:0a:00.0" },
		{ "rp2", "0000:80:01.0" }, { "nic1", "0000:81:00.0" },
	};
	struct platform *plat = platform_create(NULL);
	size_t i;

	assert_int_equal(pci_num_devices(plat), ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);

		assert_string_equal(pdev->label, want[i].label);
		assert_string_equal(pci_name(pdev), want[i].bdf);
		assert_ptr_equal(pci_get_by_name(plat, want[i].bdf), pdev);
		pci_dev_put(pdev);
	}
	assert_int_equal(pdev_of(plat, "rp0")->secondary, 1);
	assert_int_equal(pdev_of(plat, "rp0")->subordinate, 5);
	assert_int_equal(pdev_of(plat, "sw1")->secondary, 7);
	assert_int_equal(pci_pcie_type(pdev_of(plat, "sw1.1")),
			 PCI_EXP_TYPE_DOWNSTREAM);
	assert_int_equal(pci_domain_nr(pdev_of(plat, "nic1")), 0);
	assert_int_equal(pdev_of(plat, "nic1")->host_bridge->busnr, 0x80);
	assert_null(pci_dev_by_index(plat, ARRAY_SIZE(want)));
	assert_null(pci_get_by_name(plat, "nothing"));
	assert_null(pci_get_by_name(plat, NULL));
	platform_destroy(plat);
}

static void test_upstream_chain(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu2 = pdev_of(plat, "gpu2");
	struct pci_dev *up;

	up = pci_upstream_bridge(gpu2);
	assert_ptr_equal(up, pdev_of(plat, "sw1.0"));
	assert_true(up->acs_redir);
	up = pci_upstream_bridge(up);
	assert_ptr_equal(up, pdev_of(plat, "sw1"));
	up = pci_upstream_bridge(up);
	assert_ptr_equal(up, pdev_of(plat, "rp1"));
	assert_null(pci_upstream_bridge(up));
	assert_ptr_equal(gpu2->dev.parent, &pdev_of(plat, "sw1.0")->dev);
	assert_ptr_equal(gpu2->dev.platform, plat);
	platform_destroy(plat);
}

static void test_lookup(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct task_struct *t = task_create(plat, "lookup");
	struct pci_dev *pdev = NULL;
	int n = 0;

	/* Variants without a platform use current's. */
	set_current(t);
	while ((pdev = pci_get_device(0x10de, PCI_ANY_ID, pdev))) {
		assert_int_equal(pdev->kind, PCI_KIND_GPU);
		/* Iteration holds exactly one reference. */
		assert_int_equal(kref_read(&pdev->dev.kref), 2);
		n++;
	}
	assert_int_equal(n, 3);
	n = 0;
	while ((pdev = pci_get_class(PCI_CLASS_NETWORK_ETHERNET << 8, pdev)))
		n++;
	assert_int_equal(n, 2);
	pdev = pci_get_class(PCI_CLASS_STORAGE_EXPRESS, NULL);
	assert_non_null(pdev);
	assert_string_equal(pdev->label, "nvme0");
	pci_dev_put(pdev);
	assert_null(pci_get_device(0x1234, 0x5678, NULL));
	pdev = NULL;
	n = 0;
	while ((pdev = pci_get_kind(plat, PCI_KIND_BRIDGE, pdev)))
		n++;
	assert_int_equal(n, 11);
	set_current(NULL);
	task_exit(t);
	/* Without a current platform there is nothing to find. */
	assert_null(pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL));
	platform_destroy(plat);
}

static int released;

static void count_release(struct device *dev)
{
	released++;
}

static void test_device_refs(void **state)
{
	struct platform *plat = pci_test_platform_file("same_switch.json");
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct device d = { .name = "plain", .release = count_release };

	assert_int_equal(kref_read(&gpu0->dev.kref), 1);
	assert_ptr_equal(get_device(&gpu0->dev), &gpu0->dev);
	assert_ptr_equal(pci_dev_get(gpu0), gpu0);
	assert_int_equal(kref_read(&gpu0->dev.kref), 3);
	pci_dev_put(gpu0);
	put_device(&gpu0->dev);
	assert_int_equal(kref_read(&gpu0->dev.kref), 1);
	assert_null(get_device(NULL));
	put_device(NULL);

	kref_init(&d.kref);
	get_device(&d);
	put_device(&d);
	assert_int_equal(released, 0);
	put_device(&d);
	assert_int_equal(released, 1);

	/* A reference left at destroy is a bug the platform reports. */
	pci_dev_get(gpu0);
	dmb_expect_reports(REPORT_WARN, 1);
	platform_destroy(plat);
	/* The struct outlives the platform until that last put. */
	assert_int_equal(kref_read(&gpu0->dev.kref), 1);
	pci_dev_put(gpu0);
}

static void test_config_space(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	u16 w;
	u32 dw;

	assert_int_equal(pci_read_config_word(gpu0, PCI_VENDOR_ID, &w), 0);
	assert_int_equal(w, 0x10de);
	assert_int_equal(pci_read_config_word(gpu0, PCI_DEVICE_ID, &w), 0);
	assert_int_equal(w, 0x2330);
	assert_int_equal(pci_read_config_dword(gpu0, PCI_VENDOR_ID, &dw), 0);
	assert_int_equal(dw, 0x233010de);
	assert_int_equal(pci_read_config_dword(gpu0, PCI_CLASS_REVISION, &dw),
			 0);
	assert_int_equal(dw >> 8, PCI_CLASS_DISPLAY_3D << 8);
	assert_int_equal(pci_read_config_word(gpu0, PCI_COMMAND, &w), 0);
	assert_int_equal(w, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	/* Bad offsets and arguments. */
	assert_int_equal(pci_read_config_word(gpu0, 1, &w), -EINVAL);
	assert_int_equal(pci_read_config_dword(gpu0, 2, &dw), -EINVAL);
	assert_int_equal(pci_read_config_word(gpu0, -2, &w), -EINVAL);
	assert_int_equal(pci_read_config_word(gpu0, 0, NULL), -EINVAL);
	assert_int_equal(pci_read_config_word(NULL, 0, &w), -EINVAL);
	assert_int_equal(pci_write_config_word(gpu0, 3, 0), -EINVAL);
	assert_int_equal(pci_set_memory_decode(NULL, true), -EINVAL);
	/* Read-only registers ignore writes. */
	assert_int_equal(pci_write_config_word(gpu0, PCI_VENDOR_ID, 0x1234),
			 0);
	assert_int_equal(pci_read_config_word(gpu0, PCI_VENDOR_ID, &w), 0);
	assert_int_equal(w, 0x10de);
	platform_destroy(plat);
}

/* Decode off gives every BAR a new owner; old mappings are caught. */
static void test_memory_decode(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu1 = pdev_of(plat, "gpu1");
	phys_addr_t vram = pci_resource_start(gpu1, 2);
	phys_addr_t regs = pci_resource_start(gpu1, 0);
	phys_addr_t other = pci_resource_start(pdev_of(plat, "gpu0"), 2);
	san_owner_t o_vram = san_owner(plat, vram);
	san_owner_t o_regs = san_owner(plat, regs);
	san_owner_t o_other = san_owner(plat, other);
	san_owner_t off_vram;
	u16 cmd;

	assert_true(pci_memory_decode_enabled(gpu1));
	/* A consumer claims the VRAM and checks it the way a DMA would. */
	o_vram = san_set_owner(plat, vram, 1 << 20, SAN_OWNER_NONE,
			       SAN_EV_CLAIM, "test buffer");
	assert_true(san_check(plat, vram, 4096, o_vram, "test", "test map"));

	assert_int_equal(pci_set_memory_decode(gpu1, false), 0);
	assert_false(pci_memory_decode_enabled(gpu1));
	off_vram = san_owner(plat, vram);
	assert_int_not_equal(off_vram, o_vram);
	assert_int_not_equal(san_owner(plat, regs), o_regs);
	/* The last page of the BAR too, and no other device's BAR. */
	assert_int_equal(san_owner(plat, pci_resource_end(gpu1, 2)), off_vram);
	assert_int_equal(san_owner(plat, other), o_other);
	/* An access through the old mapping is a report now. */
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_false(san_check(plat, vram, 4096, o_vram, "test", "test map"));
	assert_int_equal(dmb_reports(REPORT_SANITIZER), 1);

	/* Turning it off twice records nothing new. */
	assert_int_equal(pci_set_memory_decode(gpu1, false), 0);
	assert_int_equal(san_owner(plat, vram), off_vram);

	/* Back on through the command register, as vfio would write it. */
	assert_int_equal(pci_read_config_word(gpu1, PCI_COMMAND, &cmd), 0);
	assert_int_equal(cmd & PCI_COMMAND_MEMORY, 0);
	assert_int_equal(pci_write_config_word(gpu1, PCI_COMMAND,
					       cmd | PCI_COMMAND_MEMORY), 0);
	assert_true(pci_memory_decode_enabled(gpu1));
	assert_int_not_equal(san_owner(plat, vram), off_vram);
	assert_int_not_equal(san_owner(plat, vram), o_vram);
	/* Off through the register, too. */
	assert_int_equal(pci_write_config_word(gpu1, PCI_COMMAND,
					       PCI_COMMAND_MASTER), 0);
	assert_false(pci_memory_decode_enabled(gpu1));
	platform_destroy(plat);
}

static void test_remove(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *sw1 = pdev_of(plat, "sw1");
	struct pci_dev *gpu2 = pdev_of(plat, "gpu2");
	struct pci_dev *nvme0 = pdev_of(plat, "nvme0");
	phys_addr_t cmb = pci_resource_start(nvme0, 2);
	san_owner_t before = san_owner(plat, cmb);
	struct pci_dev *pdev = NULL;
	u16 w;
	int n = 0;

	pci_remove_device(sw1);
	/* Everything below the switch went with it. */
	assert_true(sw1->dev.dead);
	assert_true(gpu2->dev.dead);
	assert_true(nvme0->dev.dead);
	assert_string_equal(pci_dev_by_index(plat, 10)->label, "sw1.0");
	assert_true(pci_dev_by_index(plat, 10)->dev.dead);
	assert_null(pci_get_by_name(plat, "sw1.0"));
	assert_false(pdev_of(plat, "gpu0")->dev.dead);
	assert_false(pdev_of(plat, "rp1")->dev.dead);
	assert_int_not_equal(san_owner(plat, cmb), before);
	/* Config space of a gone device reads as all ones. */
	assert_int_equal(pci_read_config_word(nvme0, PCI_VENDOR_ID, &w),
			 -ENODEV);
	assert_int_equal(w, 0xffff);
	assert_int_equal(pci_set_memory_decode(nvme0, true), -ENODEV);
	assert_int_equal(pci_write_config_word(nvme0, PCI_COMMAND, 2),
			 -ENODEV);
	assert_false(pci_memory_decode_enabled(nvme0));
	assert_int_equal(pcim_p2pdma_init(gpu2), -ENODEV);
	/* Lookups skip removed devices. */
	while ((pdev = pci_get_kind(plat, PCI_KIND_GPU, pdev)))
		n++;
	assert_int_equal(n, 2);
	/* Removing again is harmless. */
	before = san_owner(plat, cmb);
	pci_remove_device(nvme0);
	pci_remove_device(NULL);
	assert_int_equal(san_owner(plat, cmb), before);
	platform_destroy(plat);
}

static void test_switch_route(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct pci_dev *gpu1 = pdev_of(plat, "gpu1");
	struct pci_dev *gpu2 = pdev_of(plat, "gpu2");
	struct pci_dev *nvme0 = pdev_of(plat, "nvme0");
	dma_addr_t bus1 = pci_bus_address(gpu1, 2);
	struct device lone = { .name = "lone" };
	phys_addr_t pa = 0;

	/* Peers below sw0: the switch routes the bus address. */
	assert_true(pci_p2p_switch_route(&gpu0->dev, bus1 + 0x2000, 0x1000,
					 &pa));
	assert_int_equal(pa, pci_resource_start(gpu1, 2) + 0x2000);
	assert_true(pci_p2p_switch_route(&pdev_of(plat, "nic0")->dev, bus1,
					 256 << 20, &pa));
	/* Its own BAR. */
	assert_true(pci_p2p_switch_route(&gpu0->dev, pci_bus_address(gpu0, 0),
					 8, &pa));
	assert_int_equal(pa, pci_resource_start(gpu0, 0));
	/* The CPU address is not a bus address here (hb0 has an offset). */
	assert_false(pci_p2p_switch_route(&gpu0->dev,
					  pci_resource_start(gpu1, 2), 8, &pa));
	/* Past the end of the BAR, empty, wrapping. */
	assert_false(pci_p2p_switch_route(&gpu0->dev, bus1 + (256 << 20) - 4,
					  8, &pa));
	assert_false(pci_p2p_switch_route(&gpu0->dev, bus1, 0, &pa));
	assert_false(pci_p2p_switch_route(&gpu0->dev, ~0ULL - 2, 8, &pa));
	/* Different root ports: up to the root complex, not a switch. */
	assert_false(pci_p2p_switch_route(&gpu0->dev, pci_bus_address(gpu2, 2),
					  8, &pa));
	/* Below sw1 but both ports redirect with ACS. */
	assert_false(pci_p2p_switch_route(&nvme0->dev,
					  pci_bus_address(gpu2, 2), 8, &pa));
	/* RAM and non-PCI initiators never go through a switch. */
	assert_false(pci_p2p_switch_route(&gpu0->dev, 0x1000, 8, &pa));
	assert_false(pci_p2p_switch_route(&lone, bus1, 8, &pa));
	assert_false(pci_p2p_switch_route(&gpu0->dev, bus1, 8, NULL));
	platform_destroy(plat);
}

static void test_bus_to_phys(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct pci_dev *gpu2 = pdev_of(plat, "gpu2");
	struct pci_dev *nic1 = pdev_of(plat, "nic1");
	struct device lone = { .name = "lone", .platform = plat };
	phys_addr_t pa = 0;

	/* RAM is identity-mapped for everyone. */
	assert_true(pci_bus_to_phys(&gpu0->dev, 0x12345000, 4096, &pa));
	assert_int_equal(pa, 0x12345000);
	assert_true(pci_bus_to_phys(&lone, 0, 4096, &pa));
	assert_true(pci_bus_to_phys(&gpu0->dev, (4ULL << 30) - 8, 8, &pa));
	/* Straddling the end of RAM: nothing there. */
	assert_false(pci_bus_to_phys(&gpu0->dev, (4ULL << 30) - 8, 16, &pa));
	/* hb0 forwards P2P below it: by bus address and by CPU address. */
	assert_true(pci_bus_to_phys(&gpu0->dev, pci_bus_address(gpu2, 2) + 64,
				    64, &pa));
	assert_int_equal(pa, pci_resource_start(gpu2, 2) + 64);
	assert_true(pci_bus_to_phys(&gpu0->dev,
				    pci_resource_start(gpu2, 2) + 64, 64,
				    &pa));
	assert_int_equal(pa, pci_resource_start(gpu2, 2) + 64);
	/* hb1 forbids P2P, and hb0 does not forward across bridges. */
	assert_false(pci_bus_to_phys(&nic1->dev, pci_bus_address(gpu0, 2), 8,
				     &pa));
	assert_false(pci_bus_to_phys(&gpu0->dev, pci_bus_address(nic1, 0), 8,
				     &pa));
	/* A hole between windows, and a non-PCI initiator on a BAR. */
	assert_false(pci_bus_to_phys(&gpu0->dev, 4ULL << 40, 8, &pa));
	assert_false(pci_bus_to_phys(&lone, pci_resource_start(gpu2, 2), 8,
				     &pa));
	assert_false(pci_bus_to_phys(&gpu0->dev, 0, 0, &pa));
	platform_destroy(plat);
}

/* Across host bridges that both allow it, and with a bus offset. */
static void test_bus_to_phys_cross(void **state)
{
	struct platform *plat = pci_test_platform_file("two_host_bridges.json");
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct pci_dev *gpu1 = pdev_of(plat, "gpu1");
	struct pci_dev *gpu2 = pdev_of(plat, "gpu2");
	struct pci_dev *nvme2 = pdev_of(plat, "nvme2");
	phys_addr_t pa = 0;

	assert_int_not_equal(pci_bus_address(gpu1, 2),
			     pci_resource_start(gpu1, 2));
	assert_true(pci_bus_to_phys(&gpu0->dev, pci_bus_address(gpu1, 2), 8,
				    &pa));
	assert_int_equal(pa, pci_resource_start(gpu1, 2));
	assert_true(pci_bus_to_phys(&gpu1->dev, pci_bus_address(gpu0, 2), 8,
				    &pa));
	assert_int_equal(pa, pci_resource_start(gpu0, 2));
	assert_false(pci_bus_to_phys(&gpu0->dev, pci_bus_address(gpu2, 2), 8,
				     &pa));
	/* Same host bridge, but hb2 forbids P2P. */
	assert_false(pci_bus_to_phys(&nvme2->dev, pci_bus_address(gpu2, 2), 8,
				     &pa));
	/* Root ports are not switches: no route without the root complex. */
	assert_false(pci_p2p_switch_route(&gpu0->dev, pci_bus_address(gpu1, 2),
					  8, &pa));
	platform_destroy(plat);
}

struct decode_race {
	struct platform *plat;
	struct pci_dev *pdev;
	atomic_t bad;
};

static void decode_fn(int idx, void *arg)
{
	struct decode_race *r = arg;
	struct pci_dev *p = NULL;
	phys_addr_t pa;
	u16 w;
	int i;

	for (i = 0; i < 200; i++) {
		if (idx < 2) {
			if (pci_set_memory_decode(r->pdev, (i + idx) & 1))
				atomic_inc(&r->bad);
		} else {
			if (pci_read_config_word(r->pdev, PCI_VENDOR_ID, &w) ||
			    w != r->pdev->vendor)
				atomic_inc(&r->bad);
			p = pci_get_kind(r->plat, PCI_KIND_GPU, p);
			if (!pci_bus_to_phys(&r->pdev->dev, 0x1000, 8, &pa))
				atomic_inc(&r->bad);
		}
	}
	pci_dev_put(p);
}

static void test_decode_threads(void **state)
{
	struct decode_race r;

	r.plat = platform_create(NULL);
	r.pdev = pdev_of(r.plat, "gpu0");
	atomic_set(&r.bad, 0);
	dmb_run_threads(4, decode_fn, &r);
	assert_int_equal(atomic_read(&r.bad), 0);
	assert_int_equal(kref_read(&r.pdev->dev.kref), 1);
	platform_destroy(r.plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_names_and_buses),
		dmb_unit_test(test_upstream_chain),
		dmb_unit_test(test_lookup),
		dmb_unit_test(test_device_refs),
		dmb_unit_test(test_config_space),
		dmb_unit_test(test_memory_decode),
		dmb_unit_test(test_remove),
		dmb_unit_test(test_switch_route),
		dmb_unit_test(test_bus_to_phys),
		dmb_unit_test(test_bus_to_phys_cross),
		dmb_unit_test(test_decode_threads),
	};

	return dmb_run_tests(tests);
}
