// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU groups on every shipped platform file: devices not isolated from
 * each other by an ACS port share a group, devices below an ACS port are
 * alone, devices without an IOMMU have none. Every file in platforms/
 * must have its expectation here, so a new file cannot go unchecked.
 */
#include <dirent.h>
#include "pci_test.h"
#include <dmabridge/iommu.h>

struct expect {
	const char *file;
	/* Groups as space-separated labels; "-" lists devices without one. */
	const char *groups[8];
	const char *none;
};

static const struct expect expects[] = {
	{ "default.json",
	  { "gpu0 gpu1 nic0", "gpu2", "nvme0", "capture0", "nic1" }, "" },
	{ "same_switch.json", { "gpu0 gpu1 nic0" }, "" },
	{ "acs_redirect.json", { "gpu0 nic0", "gpu1" }, "" },
	{ "two_host_bridges.json", { "gpu0", "gpu1", "nic1", "gpu2" },
	  "nvme2" },
};

static int add_label(struct device *dev, void *data)
{
	char *s = data;

	if (*s)
		strcat(s, " ");
	strcat(s, to_pci_dev(dev)->label);
	return 0;
}

static void check(const struct expect *x)
{
	struct platform *plat = pci_test_platform_file(x->file);
	int n = 0, i;

	while (x->groups[n])
		n++;
	assert_int_equal(iommu_groups_count(plat), n);
	for (i = 0; i < n; i++) {
		struct iommu_group *g = iommu_group_by_id(plat, i);
		char got[256] = "";

		assert_int_equal(iommu_group_id(g), i);
		iommu_group_for_each_dev(g, got, add_label);
		if (strcmp(got, x->groups[i]))
			fail_msg("%s: group %d is '%s', want '%s'", x->file, i,
				 got, x->groups[i]);
	}
	/* Each device with an IOMMU is in exactly its group; others none. */
	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(plat, i);
		struct iommu_group *g = iommu_group_get(&pdev->dev);

		if (pdev->dev.iommu)
			assert_non_null(g);
		else
			assert_null(g);
		if (!g && !pci_is_bridge(pdev))
			assert_non_null(strstr(x->none, pdev->label));
		iommu_group_put(g);
	}
	platform_destroy(plat);
}

/* The expected groups of every file in platforms/ (and no file missed). */
static void test_groups_of_every_platform_file(void **state)
{
	DIR *d = opendir(platforms_dir());
	struct dirent *de;
	int files = 0;
	size_t i;

	assert_non_null(d);
	while ((de = readdir(d))) {
		const char *dot = strrchr(de->d_name, '.');

		if (!dot || strcmp(dot, ".json"))
			continue;
		files++;
		for (i = 0; i < ARRAY_SIZE(expects); i++)
			if (!strcmp(expects[i].file, de->d_name))
				break;
		if (i == ARRAY_SIZE(expects))
			fail_msg("no expected IOMMU groups for %s", de->d_name);
		check(&expects[i]);
	}
	closedir(d);
	assert_int_equal(files, ARRAY_SIZE(expects));
}

/*
 * ACS on a root port isolates what is below it; a switch without ACS
 * joins everything below it; ACS on the switch's upstream port does not
 * matter (it is not where peers meet).
 */
static void test_acs_placement_decides_groups(void **state)
{
	static const char json[] =
		"{ \"ram\": { \"size\": \"64M\" },"
		"  \"host_bridges\": [ { \"name\": \"hb0\" } ],"
		"  \"root_ports\": [ { \"name\": \"rp0\", \"acs_redirect\": true },"
		"                    { \"name\": \"rp1\" } ],"
		"  \"switches\": [ { \"name\": \"sw0\", \"port\": \"rp1\","
		"      \"upstream_acs_redirect\": true,"
		"      \"downstream_ports\": [ { \"name\": \"p0\" },"
		"                              { \"name\": \"p1\" } ] } ],"
		"  \"endpoints\": ["
		"    { \"name\": \"a\", \"class\": \"nic\", \"port\": \"rp0\" },"
		"    { \"name\": \"b\", \"class\": \"nic\", \"port\": \"p0\" },"
		"    { \"name\": \"c\", \"class\": \"nic\", \"port\": \"p1\" } ] }";
	struct platform *plat = pci_test_platform_str(json);
	struct pci_dev *a = pdev_of(plat, "a"), *b = pdev_of(plat, "b");
	struct pci_dev *c = pdev_of(plat, "c");

	assert_int_equal(iommu_groups_count(plat), 2);
	assert_ptr_not_equal(a->dev.iommu_group, b->dev.iommu_group);
	assert_ptr_equal(b->dev.iommu_group, c->dev.iommu_group);
	assert_int_equal(iommu_group_nr_devices(a->dev.iommu_group), 1);
	platform_destroy(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_groups_of_every_platform_file),
		dmb_unit_test(test_acs_placement_decides_groups),
	};

	return dmb_run_tests(tests);
}
