// SPDX-License-Identifier: GPL-2.0
/* P2PDMA: providers, the map type of every pair, its cache, distances. */
#include "pci_test.h"
#include "pci/pci-internal.h"

#define B PCI_P2PDMA_MAP_BUS_ADDR
#define H PCI_P2PDMA_MAP_THRU_HOST_BRIDGE
#define N PCI_P2PDMA_MAP_NOT_SUPPORTED

struct topo_case {
	const char *file;	/* in platforms/, or NULL: @json */
	const char *json;
	int n;
	const char *dev[8];
	int want[8][8];		/* [provider][client], symmetric */
};

/* acs_redirect.json with P2P through the host bridge forbidden. */
static const char acs_no_hb[] =
	"{\"ram\": {\"size\": \"64M\"},"
	" \"host_bridges\": [{\"name\": \"hb0\", \"p2p\": false}],"
	" \"root_ports\": [{\"name\": \"rp0\"}, {\"name\": \"rp1\"}],"
	" \"switches\": [{\"name\": \"sw0\", \"port\": \"rp0\","
	"   \"downstream_ports\": [{\"name\": \"p0\"},"
	"     {\"name\": \"p1\", \"acs_redirect\": true}, {\"name\": \"p2\"}]}],"
	" \"endpoints\": ["
	"  {\"name\": \"a\", \"class\": \"gpu\", \"port\": \"p0\","
	"   \"bars\": [{\"index\": 0, \"size\": \"1M\", \"p2p\": true}]},"
	"  {\"name\": \"b\", \"class\": \"gpu\", \"port\": \"p1\","
	"   \"bars\": [{\"index\": 0, \"size\": \"1M\", \"p2p\": true}]},"
	"  {\"name\": \"c\", \"class\": \"gpu\", \"port\": \"p2\","
	"   \"bars\": [{\"index\": 0, \"size\": \"1M\", \"p2p\": true}]},"
	"  {\"name\": \"d\", \"class\": \"gpu\", \"port\": \"rp1\","
	"   \"bars\": [{\"index\": 0, \"size\": \"1M\", \"p2p\": true}]}]}";

/* ACS redirect on a switch's upstream port: nothing below stays local. */
static const char acs_upstream[] =
	"{\"ram\": {\"size\": \"64M\"},"
	" \"host_bridges\": [{\"name\": \"hb0\", \"p2p\": true}],"
	" \"root_ports\": [{\"name\": \"rp0\", \"acs_redirect\": true}],"
	" \"switches\": [{\"name\": \"sw0\", \"port\": \"rp0\","
	"   \"upstream_acs_redirect\": true,"
	"   \"downstream_ports\": [{\"name\": \"p0\"}, {\"name\": \"p1\"}]}],"
	" \"endpoints\": ["
	"  {\"name\": \"a\", \"class\": \"gpu\", \"port\": \"p0\","
	"   \"bars\": [{\"index\": 0, \"size\": \"1M\", \"p2p\": true}]},"
	"  {\"name\": \"b\", \"class\": \"gpu\", \"port\": \"p1\","
	"   \"bars\": [{\"index\": 0, \"size\": \"1M\", \"p2p\": true}]}]}";

static const struct topo_case cases[] = {
	{ "default.json", NULL, 6,
	  { "gpu0", "gpu1", "nic0", "gpu2", "nvme0", "nic1" },
	  { { B, B, B, H, H, N },
	    { B, B, B, H, H, N },
	    { B, B, B, H, H, N },
	    { H, H, H, B, H, N },
	    { H, H, H, H, B, N },
	    { N, N, N, N, N, B } } },
	{ "same_switch.json", NULL, 3, { "gpu0", "gpu1", "nic0" },
	  { { B, B, B }, { B, B, B }, { B, B, B } } },
	{ "acs_redirect.json", NULL, 3, { "gpu0", "gpu1", "nic0" },
	  { { B, H, B }, { H, B, H }, { B, H, B } } },
	{ "two_host_bridges.json", NULL, 5,
	  { "gpu0", "gpu1", "nic1", "gpu2", "nvme2" },
	  { { B, H, H, N, N },
	    { H, B, H, N, N },
	    { H, H, B, N, N },
	    { N, N, N, B, N },
	    { N, N, N, N, B } } },
	{ NULL, acs_no_hb, 4, { "a", "b", "c", "d" },
	  { { B, N, B, N }, { N, B, N, N }, { B, N, B, N },
	    { N, N, N, B } } },
	{ NULL, acs_upstream, 2, { "a", "b" }, { { B, H }, { H, B } } },
};

static struct platform *case_platform(const struct topo_case *c)
{
	return c->file ? pci_test_platform_file(c->file) :
			 pci_test_platform_str(c->json);
}

/* The first P2P BAR of @pdev, or -1. */
static int p2p_bar(struct pci_dev *pdev)
{
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pdev->bar_p2p[bar])
			return bar;
	return -1;
}

/* Every pair, through the provider API where the row has P2P memory. */
static void test_map_type_matrix(void **state)
{
	size_t k;
	int i, j;

	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		const struct topo_case *c = &cases[k];
		struct platform *plat = case_platform(c);

		for (i = 0; i < c->n; i++) {
			struct pci_dev *p = pdev_of(plat, c->dev[i]);
			struct p2pdma_provider *prov = NULL;
			int bar = p2p_bar(p);

			if (bar >= 0) {
				assert_int_equal(pcim_p2pdma_init(p), 0);
				prov = pcim_p2pdma_provider(p, bar);
				assert_non_null(prov);
			}
			for (j = 0; j < c->n; j++) {
				struct pci_dev *cl = pdev_of(plat, c->dev[j]);
				int want = c->want[i][j], dist;
				int got = pci_p2p_calc_map_type(p, cl, &dist,
								false);

				if (got != want)
					fail_msg("%s: %s -> %s: %s, want %s",
						 plat->name, c->dev[i],
						 c->dev[j],
						 pci_p2pdma_map_type_name(got),
						 pci_p2pdma_map_type_name(want));
				if (prov)
					assert_int_equal(pci_p2pdma_map_type(
						prov, &cl->dev), want);
				assert_int_equal(pci_p2pdma_distance(p, &cl->dev,
								     false) < 0,
						 want == N);
			}
		}
		platform_destroy(plat);
	}
}

static void test_distances(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct device *clients[3];

	/* Same device: 0. Siblings below one switch: up 2, down 2. */
	assert_int_equal(pci_p2pdma_distance(gpu0, &gpu0->dev, false), 0);
	assert_int_equal(pci_p2pdma_distance(gpu0,
					     &pdev_of(plat, "gpu1")->dev,
					     false), 4);
	/* Through the root complex: both full paths (4 + 4). */
	assert_int_equal(pci_p2pdma_distance(gpu0,
					     &pdev_of(plat, "gpu2")->dev,
					     false), 8);
	clients[0] = &pdev_of(plat, "gpu1")->dev;
	clients[1] = &pdev_of(plat, "nic0")->dev;
	clients[2] = &pdev_of(plat, "gpu2")->dev;
	assert_int_equal(pci_p2pdma_distance_many(gpu0, clients, 3, false),
			 4 + 4 + 8);
	clients[2] = &pdev_of(plat, "nic1")->dev;
	assert_int_equal(pci_p2pdma_distance_many(gpu0, clients, 3, false),
			 -1);
	assert_int_equal(pci_p2pdma_distance_many(gpu0, clients, 0, false),
			 -1);
	assert_int_equal(pci_p2pdma_distance_many(NULL, clients, 1, false),
			 -1);
	platform_destroy(plat);
}

/* A child device of a PCI device counts as that device; others fail. */
static void test_non_pci_clients(void **state)
{
	struct platform *plat = pci_test_platform_file("same_switch.json");
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct pci_dev *gpu1 = pdev_of(plat, "gpu1");
	struct device child = { .name = "gpu1-child", .parent = &gpu1->dev };
	struct device lone = { .name = "lone" };
	struct p2pdma_provider *prov;

	assert_false(dev_is_pci(&child));
	assert_true(dev_is_pci(&gpu1->dev));
	assert_int_equal(pci_p2pdma_distance(gpu0, &child, false), 4);
	assert_int_equal(pci_p2pdma_distance(gpu0, &lone, false), -1);
	assert_int_equal(pcim_p2pdma_init(gpu0), 0);
	prov = pcim_p2pdma_provider(gpu0, 2);
	/* Linux: the client of a map type must itself be a PCI device. */
	assert_int_equal(pci_p2pdma_map_type(prov, &child), N);
	assert_int_equal(pci_p2pdma_map_type(prov, &lone), N);
	assert_int_equal(pci_p2pdma_map_type(NULL, &gpu1->dev), N);
	platform_destroy(plat);
}

/* A device of another machine is never reachable. */
static void test_other_platform(void **state)
{
	struct platform *a = pci_test_platform_file("same_switch.json");
	struct platform *b = pci_test_platform_file("same_switch.json");
	struct pci_dev *ga = pdev_of(a, "gpu0");
	struct p2pdma_provider *prov;

	assert_int_equal(pcim_p2pdma_init(ga), 0);
	prov = pcim_p2pdma_provider(ga, 2);
	assert_int_equal(pci_p2pdma_map_type(prov, &pdev_of(b, "gpu1")->dev),
			 N);
	assert_int_equal(pci_p2pdma_distance(ga, &pdev_of(b, "gpu1")->dev,
					     false), -1);
	platform_destroy(a);
	platform_destroy(b);
}

static void test_providers(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct pci_dev *nic0 = pdev_of(plat, "nic0");
	struct p2pdma_provider *prov;

	/* Forgetting pcim_p2pdma_init() is a driver bug: WARN, NULL. */
	dmb_expect_reports(REPORT_WARN, 1);
	assert_null(pcim_p2pdma_provider(gpu0, 2));
	assert_int_equal(dmb_reports(REPORT_WARN), 1);
	/* No memory BAR there: NULL without a warning, as in Linux. */
	assert_null(pcim_p2pdma_provider(gpu0, 1));
	assert_null(pcim_p2pdma_provider(gpu0, -1));
	assert_null(pcim_p2pdma_provider(gpu0, PCI_STD_NUM_BARS));

	assert_int_equal(pcim_p2pdma_init(gpu0), 0);
	assert_int_equal(pcim_p2pdma_init(gpu0), 0);	/* idempotent */
	prov = pcim_p2pdma_provider(gpu0, 2);
	assert_non_null(prov);
	assert_ptr_equal(prov->owner, &gpu0->dev);
	assert_ptr_equal(pcim_p2pdma_provider(gpu0, 2), prov);
	/* The register BAR is memory but not P2P memory. */
	assert_null(pcim_p2pdma_provider(gpu0, 0));
	/* Bus address = CPU address + hb0's offset. */
	assert_int_equal(prov->bus_offset, 0x10000000000ULL);
	assert_int_equal(pci_p2pdma_bus_addr_map(prov,
						 pci_resource_start(gpu0, 2) +
						 0x1000),
			 pci_bus_address(gpu0, 2) + 0x1000);
	assert_int_equal(pcim_p2pdma_init(nic0), 0);
	assert_null(pcim_p2pdma_provider(nic0, 0));
	/* hb1 has no offset. */
	assert_int_equal(pci_bus_address(pdev_of(plat, "nic1"), 0),
			 pci_resource_start(pdev_of(plat, "nic1"), 0));
	platform_destroy(plat);
}

/* The answer is computed once per client and then read from the cache. */
static void test_cache(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct pci_dev *gpu0 = pdev_of(plat, "gpu0");
	struct pci_dev *gpu1 = pdev_of(plat, "gpu1");
	struct pci_dev *nic1 = pdev_of(plat, "nic1");
	struct p2pdma_provider *prov;

	assert_int_equal(pcim_p2pdma_init(gpu0), 0);
	prov = pcim_p2pdma_provider(gpu0, 2);
	assert_int_equal(gpu0->p2pdma->map_types[gpu1->index],
			 PCI_P2PDMA_MAP_UNKNOWN);
	assert_int_equal(pci_p2pdma_map_type(prov, &gpu1->dev), B);
	assert_int_equal(gpu0->p2pdma->map_types[gpu1->index], B);
	assert_int_equal(gpu0->p2pdma->map_types[nic1->index],
			 PCI_P2PDMA_MAP_UNKNOWN);
	assert_int_equal(pci_p2pdma_map_type(prov, &nic1->dev), N);
	assert_int_equal(gpu0->p2pdma->map_types[nic1->index], N);
	/* Prove the second call reads the cache: plant another answer. */
	gpu0->p2pdma->map_types[gpu1->index] = H;
	assert_int_equal(pci_p2pdma_map_type(prov, &gpu1->dev), H);
	/* distance recomputes and refreshes the cache. */
	assert_int_equal(pci_p2pdma_distance(gpu0, &gpu1->dev, false), 4);
	assert_int_equal(pci_p2pdma_map_type(prov, &gpu1->dev), B);
	platform_destroy(plat);
}

struct race {
	struct platform *plat;
	int n;
	struct pci_dev *dev[8];
	int want[8][8];
	atomic_t bad;
};

static void race_fn(int idx, void *arg)
{
	struct race *r = arg;
	int round, i, j;

	for (round = 0; round < 50; round++) {
		for (i = 0; i < r->n; i++) {
			struct p2pdma_provider *prov;
			int bar = p2p_bar(r->dev[i]);

			if (bar < 0)
				continue;
			/* Racing inits: exactly one state survives. */
			if (pcim_p2pdma_init(r->dev[i]))
				atomic_inc(&r->bad);
			prov = pcim_p2pdma_provider(r->dev[i], bar);
			for (j = 0; j < r->n; j++) {
				int k = (j + idx) % r->n;

				if (pci_p2pdma_map_type(prov, &r->dev[k]->dev) !=
				    r->want[i][k])
					atomic_inc(&r->bad);
			}
		}
	}
}

static void test_cache_threads(void **state)
{
	const struct topo_case *c = &cases[0];
	struct race r = { .n = c->n };
	struct pci_dev *p = NULL;
	int i;

	r.plat = case_platform(c);
	for (i = 0; i < c->n; i++)
		r.dev[i] = pdev_of(r.plat, c->dev[i]);
	memcpy(r.want, c->want, sizeof(r.want));
	dmb_run_threads(4, race_fn, &r);
	assert_int_equal(atomic_read(&r.bad), 0);
	/* Every provider has a full cache row now. */
	while ((p = pci_get_kind(r.plat, PCI_KIND_GPU, p)))
		for (i = 0; i < c->n; i++)
			assert_int_not_equal(p->p2pdma->map_types[r.dev[i]->index],
					     PCI_P2PDMA_MAP_UNKNOWN);
	platform_destroy(r.plat);
}

static void test_type_names(void **state)
{
	assert_string_equal(pci_p2pdma_map_type_name(B), "BUS_ADDR");
	assert_string_equal(pci_p2pdma_map_type_name(H), "THRU_HOST_BRIDGE");
	assert_string_equal(pci_p2pdma_map_type_name(N), "NOT_SUPPORTED");
	assert_int_equal(PCI_P2PDMA_MAP_UNKNOWN, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_map_type_matrix),
		dmb_unit_test(test_distances),
		dmb_unit_test(test_non_pci_clients),
		dmb_unit_test(test_other_platform),
		dmb_unit_test(test_providers),
		dmb_unit_test(test_cache),
		dmb_unit_test(test_cache_threads),
		dmb_unit_test(test_type_names),
	};

	return dmb_run_tests(tests);
}
