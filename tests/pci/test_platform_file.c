// SPDX-License-Identifier: GPL-2.0
/* Platform files: good ones build the machine, bad ones name the field. */
#include <errno.h>
#include <dmabridge/hw.h>
#include <dmabridge/slab.h>
#include "pci_test.h"

/* A small valid file; bad cases replace one piece of it. */
static const char base[] =
	"{\"name\": \"t\", \"ram\": {\"size\": \"64M\", \"movable\": \"8M\"},"
	" \"host_bridges\": [{\"name\": \"hb0\", \"p2p\": true}],"
	" \"root_ports\": [{\"name\": \"rp0\"}, {\"name\": \"rp1\"}],"
	" \"switches\": [{\"name\": \"sw0\", \"port\": \"rp1\","
	"   \"downstream_ports\": [{\"name\": \"d0\"}, {\"name\": \"d1\"}]}],"
	" \"endpoints\": ["
	"  {\"name\": \"e0\", \"class\": \"gpu\", \"port\": \"rp0\","
	"   \"bars\": [{\"index\": 0, \"size\": 4096},"
	"             {\"index\": 2, \"size\": \"1M\", \"p2p\": true}],"
	"   \"iommu\": {\"mode\": \"translate\"}},"
	"  {\"name\": \"e1\", \"class\": \"nic\", \"port\": \"d0\"}]}";

/* @base with the first @from replaced by @to (malloc'ed). */
static char *subst(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t n = strlen(base) + strlen(to) + 1;
	char *s = malloc(n);

	assert_non_null(at);
	assert_non_null(s);
	snprintf(s, n, "%.*s%s%s", (int)(at - base), base, to,
		 at + strlen(from));
	return s;
}

static void test_base_is_valid(void **state)
{
	struct platform *plat = pci_test_platform_str(base);
	struct pci_dev *e0 = pdev_of(plat, "e0");

	assert_string_equal(plat->name, "t");
	assert_string_equal(plat->source, "string");
	/* hb0: rp0, rp1, sw0 upstream, d0, d1, e0, e1 */
	assert_int_equal(pci_num_devices(plat), 7);
	assert_int_equal(pci_resource_len(e0, 0), 4096);
	assert_int_equal(pci_resource_len(e0, 2), 1 << 20);
	assert_int_equal(pci_resource_len(e0, 1), 0);
	assert_true(e0->bar_p2p[2]);
	assert_false(e0->bar_p2p[0]);
	assert_int_equal(e0->iommu_cfg, PCI_IOMMU_CFG_TRANSLATE);
	/* Default ids of the class. */
	assert_int_equal(e0->vendor, 0x10de);
	assert_int_equal(pdev_of(plat, "e1")->vendor, 0x15b3);
	assert_int_equal(pdev_of(plat, "e1")->iommu_cfg,
			 PCI_IOMMU_CFG_TRANSLATE);
	platform_destroy(plat);
}

struct bad_case {
	const char *from, *to, *want;
};

static const struct bad_case bad[] = {
	{ "\"size\": 4096", "\"size\": 3000",
	  "platform: endpoints[0].bars[0].size: must be a power of two >= 4096" },
	{ "\"size\": 4096", "\"size\": \"1K\"",
	  "endpoints[0].bars[0].size: must be a power of two >= 4096" },
	{ "\"size\": 4096", "\"size\": \"2T\"",
	  "endpoints[0].bars[0].size: must be at most 1 TiB" },
	{ "\"size\": 4096", "\"size\": -4096",
	  "endpoints[0].bars[0].size: must not be negative" },
	{ "\"size\": 4096", "\"size\": \"lots\"",
	  "endpoints[0].bars[0].size: must be a number" },
	{ "\"size\": 4096", "\"size\": \"4Q\"",
	  "endpoints[0].bars[0].size: must be a number" },
	{ "{\"index\": 0, \"size\": 4096}", "{\"size\": 4096}",
	  "endpoints[0].bars[0].index: missing" },
	{ "\"index\": 0", "\"index\": 6",
	  "endpoints[0].bars[0].index: must be between 0 and 5" },
	{ "\"index\": 2", "\"index\": 0",
	  "endpoints[0].bars[1].index: BAR 0 is listed twice" },
	{ "\"1M\", \"p2p\": true", "\"1M\", \"p2p\": \"yes\"",
	  "endpoints[0].bars[1].p2p: must be true or false" },
	{ "\"1M\", \"p2p\": true", "\"1M\", \"p2p\": true, \"colour\": 1",
	  "endpoints[0].bars[1].colour: unknown field" },
	{ "\"port\": \"d0\"", "\"port\": \"d0\", \"bars\": 3",
	  "endpoints[1].bars: must be an array" },
	{ "\"class\": \"gpu\"", "\"class\": \"tpu\"",
	  "endpoints[0].class: 'tpu' is not one of gpu, nic, nvme, generic" },
	{ "\"class\": \"gpu\", ", "",
	  "endpoints[0].class: missing" },
	{ "\"port\": \"rp0\"", "\"port\": \"nope\"",
	  "endpoints[0].port: no port named 'nope'" },
	{ "\"port\": \"d0\"", "\"port\": \"rp0\"",
	  "endpoints[1].port: port 'rp0' already has endpoints[0] plugged in" },
	{ "\"port\": \"d0\"", "\"port\": \"rp1\"",
	  "endpoints[1].port: port 'rp1' already has switches[0] plugged in" },
	{ "\"port\": \"d0\"", "\"port\": 7",
	  "endpoints[1].port: must be a string" },
	{ "{\"name\": \"e1\"", "{\"name\": \"e0\"",
	  "endpoints[1].name: 'e0' is already the name of endpoints[0]" },
	{ "{\"name\": \"e1\"", "{\"name\": \"rp0\"",
	  "endpoints[1].name: 'rp0' is already the name of root_ports[0]" },
	{ "{\"name\": \"e1\"", "{\"name\": \"e 1\"",
	  "endpoints[1].name: may only contain" },
	{ "{\"name\": \"e1\"", "{\"name\": \"\"",
	  "endpoints[1].name: must be 1 to 31 characters" },
	{ "{\"name\": \"e1\",", "{",
	  "endpoints[1].name: missing" },
	{ "\"mode\": \"translate\"", "\"mode\": \"weird\"",
	  "endpoints[0].iommu.mode: 'weird' is not one of translate" },
	{ "\"mode\": \"translate\"",
	  "\"mode\": \"passthrough\", \"can_fault\": true",
	  "endpoints[0].iommu.can_fault: only a translating IOMMU" },
	{ "\"mode\": \"translate\"", "\"mode\": \"translate\", \"pasid\": 1",
	  "endpoints[0].iommu.pasid: unknown field" },
	{ "\"port\": \"d0\"", "\"port\": \"d0\", \"iommu\": 1",
	  "endpoints[1].iommu: must be an object" },
	{ "\"name\": \"e0\", \"class\": \"gpu\"",
	  "\"name\": \"e0\", \"class\": \"gpu\", \"vendor\": \"0xfffff\"",
	  "endpoints[0].vendor: must be a 16-bit id below 0xffff" },
	{ "{\"name\": \"e0\"", "7, {\"name\": \"x0\"",
	  "endpoints[0]: must be an object" },
	{ "\"size\": \"64M\"", "\"size\": \"3M\"",
	  "ram.size: must be a multiple of 2 MiB" },
	{ "\"size\": \"64M\"", "\"size\": \"128G\"",
	  "ram.size: must be a multiple of 2 MiB between 2 MiB and 64 GiB" },
	{ "\"movable\": \"8M\"", "\"movable\": \"64M\"",
	  "ram.movable: movable + cma must leave some normal memory" },
	{ "\"movable\": \"8M\"", "\"movable\": \"8M\", \"cma\": \"56M\"",
	  "ram.cma: movable + cma must leave some normal memory" },
	{ "\"movable\": \"8M\"", "\"movable\": \"1M\"",
	  "ram.movable: must be a multiple of 2 MiB" },
	{ "\"ram\": {\"size\": \"64M\", \"movable\": \"8M\"},", "",
	  "platform: ram: missing" },
	{ "\"ram\": {", "\"ram\": {\"swap\": 1, ",
	  "ram.swap: unknown field" },
	{ "\"ram\": {\"size\": \"64M\", \"movable\": \"8M\"}", "\"ram\": 64",
	  "ram: must be an object" },
	{ "[{\"name\": \"hb0\", \"p2p\": true}]", "[]",
	  "host_bridges: must not be empty" },
	{ "[{\"name\": \"hb0\", \"p2p\": true}]", "{}",
	  "host_bridges: must be an array" },
	{ "\"name\": \"hb0\", \"p2p\": true", "\"name\": \"hb0\", \"p2p\": 1",
	  "host_bridges[0].p2p: must be true or false" },
	{ "\"name\": \"hb0\", \"p2p\": true",
	  "\"name\": \"hb0\", \"p2p_cross\": true",
	  "host_bridges[0].p2p_cross: needs \"p2p\": true" },
	{ "\"name\": \"hb0\", \"p2p\": true",
	  "\"name\": \"hb0\", \"bus_offset\": 100",
	  "host_bridges[0].bus_offset: must be a multiple of 4096" },
	/* Bus window [-1G + 1G) = [0, ...) would shadow RAM. */
	{ "\"name\": \"hb0\", \"p2p\": true",
	  "\"name\": \"hb0\", \"bus_offset\": \"0xffffffffc0000000\"",
	  "host_bridges[0].bus_offset: bus window [0-" },
	{ "\"name\": \"hb0\", \"p2p\": true",
	  "\"name\": \"hb0\", \"bus\": 256",
	  "host_bridges[0].bus: must be between 0 and 255" },
	{ "[{\"name\": \"hb0\", \"p2p\": true}]",
	  "[{\"name\": \"hb0\"}, {\"name\": \"hb1\", \"domain\": 0}]",
	  "host_bridges[1].bus: domain 0 bus 0 is already host_bridges[0]'s" },
	/* Root bus 255 leaves no bus for the first root port. */
	{ "\"name\": \"hb0\", \"p2p\": true",
	  "\"name\": \"hb0\", \"bus\": 255",
	  "root_ports[0]: no bus number left" },
	{ "[{\"name\": \"hb0\", \"p2p\": true}]",
	  "[{\"name\": \"hb0\"}, {\"name\": \"hb1\"}]",
	  "root_ports[0].host_bridge: missing" },
	{ "{\"name\": \"rp0\"}", "{\"name\": \"rp0\", \"host_bridge\": \"x\"}",
	  "root_ports[0].host_bridge: no host bridge named 'x'" },
	{ "{\"name\": \"rp0\"}", "{\"name\": \"rp0\", \"acs_redirect\": 0}",
	  "root_ports[0].acs_redirect: must be true or false" },
	{ "\"port\": \"rp1\"", "\"port\": \"d1\"",
	  "switches[0].port: switch 'sw0' would be plugged in below itself" },
	{ "\"port\": \"rp1\"", "\"port\": \"rp0\"",
	  "endpoints[0].port: port 'rp0' already has switches[0] plugged in" },
	{ "\"port\": \"rp1\",", "",
	  "switches[0].port: missing" },
	{ "\"downstream_ports\": [{\"name\": \"d0\"}, {\"name\": \"d1\"}]",
	  "\"downstream_ports\": []",
	  "switches[0].downstream_ports: must be a non-empty array" },
	{ "{\"name\": \"d1\"}", "{\"name\": \"d1\", \"acs\": true}",
	  "switches[0].downstream_ports[1].acs: unknown field" },
	{ "{\"name\": \"t\",", "{\"name\": \"t\", \"cpus\": 4,",
	  "platform: cpus: unknown field" },
	{ "{\"name\": \"t\",", "{\"name\": 5,",
	  "platform: name: must be a string" },
	{ "{\"name\": \"t\",", "{\"name\": \"t\", \"name\": \"u\",",
	  "duplicate object key" },
	{ "\"e1\", \"class\": \"nic\", \"port\": \"d0\"}]}", "\"e1\"",
	  "platform: line 1, column" },
};

static void test_bad_files(void **state)
{
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *json = subst(bad[i].from, bad[i].to);
		struct platform *plat;

		memset(err, 'x', sizeof(err));
		plat = platform_create_from_string(json, err, sizeof(err));
		if (!IS_ERR(plat) || !strstr(err, bad[i].want) ||
		    strncmp(err, "platform: ", 10))
			fail_msg("case %zu: got '%s' (%s), want '%s'", i,
				 IS_ERR(plat) ? err : "a platform", json,
				 bad[i].want);
		assert_int_equal(PTR_ERR(plat), -EINVAL);
		free(json);
	}
}

static void test_not_json(void **state)
{
	static const char *const texts[] = { "", "[]", "null", "42",
		"{\"ram\":", "\xff\xfe", "{}" };
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct platform *plat =
			platform_create_from_string(texts[i], err, sizeof(err));

		assert_true(IS_ERR(plat));
		assert_int_equal(strncmp(err, "platform: ", 10), 0);
	}
	assert_true(IS_ERR(platform_create_from_string(NULL, err,
							sizeof(err))));
	/* A tiny error buffer is cut short, never overrun. */
	err[4] = 'Z';
	assert_true(IS_ERR(platform_create_from_string("[]", err, 4)));
	assert_int_equal(strlen(err), 3);
	assert_int_equal(err[4], 'Z');
	assert_true(IS_ERR(platform_create_from_string("[]", NULL, 0)));
}

/* Every prefix of a valid file is invalid and must not crash or leak. */
static void test_truncated(void **state)
{
	size_t len = strlen(base), n;
	char err[256];
	char *s = malloc(len + 1);

	assert_non_null(s);
	for (n = 0; n < len; n++) {
		memcpy(s, base, n);
		s[n] = 0;
		assert_true(IS_ERR(platform_create_from_string(s, err,
							       sizeof(err))));
	}
	free(s);
}

/* Random byte flips: each either builds (then is destroyed) or errors. */
static void test_mutations(void **state)
{
	static const char junk[] = "{}[]\",:0123456789-xMG \\";
	size_t len = strlen(base);
	char err[256];
	char *s = malloc(len + 1);
	int i, ok = 0;

	assert_non_null(s);
	srand(7);
	for (i = 0; i < 1500; i++) {
		struct platform *plat;
		int k;

		memcpy(s, base, len + 1);
		for (k = 0; k < 1 + i % 3; k++)
			s[rand() % len] = junk[rand() % (sizeof(junk) - 1)];
		plat = platform_create_from_string(s, err, sizeof(err));
		if (IS_ERR(plat)) {
			assert_int_equal(strncmp(err, "platform: ", 10), 0);
			continue;
		}
		ok++;
		platform_destroy(plat);
	}
	free(s);
	/* Some flips land in harmless places (e.g. inside a name). */
	assert_true(ok > 0);
}

static void test_missing_file(void **state)
{
	struct platform *plat = platform_create("/nonexistent/platform.json");

	assert_true(IS_ERR(plat));
	assert_int_equal(PTR_ERR(plat), -ENOENT);
}

/* Print a platform's topology into a malloc'ed string. */
static char *topo_text(struct platform *plat)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(pci_topo_print(plat, f), 0);
	fclose(f);
	return buf;
}

static void test_default_matches_file(void **state)
{
	struct platform *a = platform_create(NULL);
	struct platform *b = pci_test_platform_file("default.json");
	char *ta, *tb;

	assert_false(IS_ERR_OR_NULL(a));
	assert_string_equal(a->source, "default");
	assert_non_null(strstr(b->source, "default.json"));
	ta = topo_text(a);
	tb = topo_text(b);
	/* Identical but for the first line, which names the source. */
	assert_string_equal(strchr(ta, '\n'), strchr(tb, '\n'));
	free(ta);
	free(tb);
	platform_destroy(a);
	platform_destroy(b);
}

static void test_default_platform(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *pdev = NULL;
	int gpus = 0, nics = 0, nvme = 0, n = 0;

	assert_false(IS_ERR_OR_NULL(plat));
	while ((pdev = pci_get_kind(plat, PCI_KIND_GPU, pdev)))
		gpus++;
	while ((pdev = pci_get_kind(plat, PCI_KIND_NIC, pdev)))
		nics++;
	while ((pdev = pci_get_kind(plat, PCI_KIND_NVME, pdev)))
		nvme++;
	while ((pdev = pci_platform_get_device(plat, PCI_ANY_ID, PCI_ANY_ID,
					       pdev)))
		n++;
	assert_int_equal(gpus, 3);
	assert_int_equal(nics, 2);
	assert_int_equal(nvme, 1);
	/* 4 root ports, 2 switches (1 + 3 and 1 + 2 ports), 7 endpoints */
	assert_int_equal(n, 4 + 4 + 3 + 7);
	/* gpu0 and gpu1 share sw0, gpu2 is under the other root port. */
	assert_ptr_equal(pdev_of(plat, "gpu0")->upstream->upstream,
			 pdev_of(plat, "gpu1")->upstream->upstream);
	assert_ptr_not_equal(pdev_of(plat, "gpu2")->upstream->upstream,
			     pdev_of(plat, "gpu1")->upstream->upstream);
	assert_int_equal(pci_resource_len(pdev_of(plat, "gpu0"), 2),
			 256 << 20);
	assert_int_equal(pdev_of(plat, "nvme0")->iommu_cfg,
			 PCI_IOMMU_CFG_PASSTHROUGH);
	platform_destroy(plat);
}

/* BARs: above RAM, naturally aligned, disjoint, registered as regions. */
static void check_bars(struct platform *plat, u64 ram)
{
	int i, j, bi, bj, nbars = 0;

	for (i = 0; i < pci_num_devices(plat); i++) {
		struct pci_dev *a = pci_dev_by_index(plat, i);

		for (bi = 0; bi < PCI_STD_NUM_BARS; bi++) {
			u64 s = pci_resource_start(a, bi);
			u64 len = pci_resource_len(a, bi);
			struct phys_region *r;

			if (!len)
				continue;
			nbars++;
			assert_true(s >= ram);
			assert_true(IS_ALIGNED(s, len));
			assert_true(pci_resource_flags(a, bi) & IORESOURCE_MEM);
			r = hw_find_region(plat, s + len - 1);
			assert_non_null(r);
			assert_int_equal(r->kind, PHYS_BAR);
			assert_ptr_equal(r->pdev, a);
			assert_int_equal(r->bar, bi);
			assert_int_equal(r->base, s);
			assert_int_equal(r->size, len);
			assert_ptr_equal(a->bar_region[bi], r);
			for (j = 0; j < pci_num_devices(plat); j++) {
				struct pci_dev *b = pci_dev_by_index(plat, j);

				for (bj = 0; bj < PCI_STD_NUM_BARS; bj++) {
					if ((a == b && bi == bj) ||
					    !pci_resource_len(b, bj))
						continue;
					assert_true(pci_resource_end(a, bi) <
						    pci_resource_start(b, bj) ||
						    pci_resource_end(b, bj) <
						    pci_resource_start(a, bi));
				}
			}
		}
	}
	assert_true(nbars > 0);
}

static void test_bar_placement(void **state)
{
	static const char *const files[] = { "same_switch.json",
		"acs_redirect.json", "two_host_bridges.json" };
	static const u64 ram[] = { 1ULL << 30, 1ULL << 30, 2ULL << 30 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		struct platform *plat = pci_test_platform_file(files[i]);

		check_bars(plat, ram[i]);
		platform_destroy(plat);
	}
}

/* Two platforms at once are independent machines. */
static void test_two_platforms(void **state)
{
	struct platform *a = pci_test_platform_str(base);
	struct platform *b = pci_test_platform_file("same_switch.json");

	assert_ptr_not_equal(pdev_of(a, "e0")->dev.platform,
			     pdev_of(b, "gpu0")->dev.platform);
	assert_null(pci_get_by_name(a, "gpu0"));
	assert_null(pci_get_by_name(b, "e0"));
	platform_destroy(a);
	platform_destroy(b);
}

/* Allocation failures anywhere in creation unwind without leaks. */
static void test_alloc_failures(void **state)
{
	char err[256];
	int n, failed = 0;

	for (n = 1; n < 400; n++) {
		struct platform *plat;

		failslab_after(n);
		plat = platform_create_from_string(base, err, sizeof(err));
		failslab_off();
		if (IS_ERR(plat)) {
			failed++;
			continue;
		}
		platform_destroy(plat);
		break;
	}
	assert_true(failed > 0);
	assert_true(n < 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_base_is_valid),
		dmb_unit_test(test_bad_files),
		dmb_unit_test(test_not_json),
		dmb_unit_test(test_truncated),
		dmb_unit_test(test_mutations),
		dmb_unit_test(test_missing_file),
		dmb_unit_test(test_default_matches_file),
		dmb_unit_test(test_default_platform),
		dmb_unit_test(test_bar_placement),
		dmb_unit_test(test_two_platforms),
		dmb_unit_test(test_alloc_failures),
	};

	return dmb_run_tests(tests);
}
