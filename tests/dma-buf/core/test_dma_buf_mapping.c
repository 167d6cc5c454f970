// SPDX-License-Identifier: GPL-2.0
/* Mapping types on the default platform: P2P BAR ranges and RAM pages. */
#include <string.h>
#include "dmb_test.h"
#include "texp.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/page.h>
#include <dmabridge/sched.h>
#include "drivers/gpu/vram_exporter.h"

#define NR_PAGES 8

struct bar_exp {
	struct p2pdma_provider *provider;
	phys_addr_t base;
	struct page *pages[NR_PAGES];	/* RAM exporter: scattered pages */
	bool ram;
};

static struct dma_buf_phys_list *bar_map_phys(struct dma_buf_attachment *a)
{
	struct bar_exp *e = a->dmabuf->priv;
	struct dma_buf_phys_list *l;
	int i;

	l = dma_buf_phys_list_alloc(e->ram ? NR_PAGES : 2);
	if (!l)
		return ERR_PTR(-ENOMEM);
	if (e->ram) {
		for (i = 0; i < NR_PAGES; i++) {
			l->ranges[i].vec.paddr = page_to_phys(e->pages[i]);
			l->ranges[i].vec.len = PAGE_SIZE;
		}
		return l;
	}
	/* Two 64 KiB windows of the BAR, not adjacent. */
	for (i = 0; i < 2; i++) {
		l->ranges[i].vec.paddr = e->base + i * (1 << 20);
		l->ranges[i].vec.len = 1 << 16;
		l->ranges[i].provider = e->provider;
		l->ranges[i].attrs = DMA_BUF_MEM_WC;
	}
	return l;
}

static int bar_pin(struct dma_buf_attachment *a)
{
	return 0;
}

static void bar_unpin(struct dma_buf_attachment *a)
{
}

static void bar_release(struct dma_buf *db)
{
	struct bar_exp *e = db->priv;
	int i;

	for (i = 0; e->ram && i < NR_PAGES; i++)
		__free_page(e->pages[i]);
}

/*
 * A BAR exporter (as VFIO) offers P2P memory only: PAL, the DMA vector
 * and a DMA-only SGT, to importers that reach the BAR; a RAM one the same
 * without the provider.
 */
static int bar_match_mapping(struct dma_buf_match_args *args)
{
	struct bar_exp *e = args->dmabuf->priv;
	const struct dma_buf_mapping_match bar[] = {
		DMA_BUF_EMAPPING_PAL_P2P(e->provider),
		DMA_BUF_EMAPPING_DMA_VEC_P2P(e->provider),
		DMA_BUF_EMAPPING_SGT_P2P(e->provider),
	};
	const struct dma_buf_mapping_match ram[] = {
		DMA_BUF_EMAPPING_PAL, DMA_BUF_EMAPPING_DMA_VEC,
		DMA_BUF_EMAPPING_SGT,
	};

	if (e->ram)
		return dma_buf_match_mapping(args, ram, ARRAY_SIZE(ram));
	return dma_buf_match_mapping(args, bar, ARRAY_SIZE(bar));
}

static const struct dma_buf_ops bar_ops = {
	.match_mapping = bar_match_mapping,
	.map_phys = bar_map_phys,
	.pin = bar_pin,
	.unpin = bar_unpin,
	.release = bar_release,
};

static struct dma_buf *bar_export(struct bar_exp *e, size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct dma_buf *db;

	info.ops = &bar_ops;
	info.size = size;
	info.priv = e;
	db = dma_buf_export(&info);
	assert_false(IS_ERR(db));
	return db;
}

static struct platform *plat;
static struct task_struct *task;
static struct pci_dev *got[4];
static int nr_got;

static struct pci_dev *dev_named(const char *name)
{
	struct pci_dev *p = pci_get_by_name(plat, name);

	assert_non_null(p);
	got[nr_got++] = p;
	return p;
}

static void setup_platform(void)
{
	plat = platform_create(NULL);
	assert_false(IS_ERR(plat));
	task = task_create(plat, "test");
	assert_false(IS_ERR(task));
	set_current(task);
}

static void free_platform(void)
{
	while (nr_got)
		pci_dev_put(got[--nr_got]);
	set_current(NULL);
	task_exit(task);
	assert_int_equal(dma_buf_count(plat), 0);
	dma_buf_registry_fini(plat);
	platform_destroy(plat);
}

static const enum dma_buf_mapping_type want_vec[] = { DMA_BUF_MAPPING_DMA_VEC };
static const enum dma_buf_mapping_type want_sgt[] = { DMA_BUF_MAPPING_SGT };
static const enum dma_buf_mapping_type want_pal[] = { DMA_BUF_MAPPING_PAL };

static void test_p2p_bus_addr(void **state)
{
	struct pci_dev *gpu0, *gpu1;
	struct bar_exp e = { 0 };
	struct dma_buf_attachment *a;
	struct dma_buf_dma_vec *vec;
	struct dma_buf_phys_list *pal;
	struct sg_table *sgt;
	struct dma_buf *db;
	struct timp imp;

	setup_platform();
	gpu0 = dev_named("gpu0");
	gpu1 = dev_named("gpu1");
	assert_int_equal(pcim_p2pdma_init(gpu0), 0);
	e.provider = pcim_p2pdma_provider(gpu0, 2);
	assert_non_null(e.provider);
	e.base = pci_resource_start(gpu0, 2);
	db = bar_export(&e, 2 << 16);
	assert_int_equal(pci_p2pdma_map_type(e.provider, &gpu1->dev),
			 PCI_P2PDMA_MAP_BUS_ADDR);

	/* DMA vector: bus addresses, recorded for the sanitizer. */
	timp_init(&imp, "gpu1");
	a = dma_buf_mapping_attach(db, &gpu1->dev, want_vec, 1, &timp_ops_p2p,
				   &imp);
	assert_false(IS_ERR(a));
	vec = dma_buf_map_dma_vec_unlocked(a, DMA_TO_DEVICE);
	assert_false(IS_ERR(vec));
	assert_int_equal(vec->nr_ranges, 2);
	assert_int_equal(vec->ranges[0].addr,
			 pci_p2pdma_bus_addr_map(e.provider, e.base));
	assert_int_equal(vec->ranges[1].len, 1 << 16);
	assert_int_equal(dma_direct_count(&gpu1->dev), 2);
	dma_buf_unmap_dma_vec_unlocked(a, vec);
	assert_int_equal(dma_direct_count(&gpu1->dev), 0);
	dma_buf_detach(db, a);

	/* SGT built from the ranges: DMA addresses only, no pages. */
	a = dma_buf_mapping_attach(db, &gpu1->dev, want_sgt, 1, &timp_ops_p2p,
				   &imp);
	assert_false(IS_ERR(a));
	sgt = dma_buf_map_attachment_unlocked(a, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(sgt));
	assert_int_equal(sgt->orig_nents, 0);
	assert_int_equal(sgt->nents, 2);
	assert_null(sg_page(sgt->sgl));
	assert_true(sg_dma_is_bus_address(sgt->sgl));
	assert_int_equal(sg_dma_len(sgt->sgl), 1 << 16);
	dma_buf_unmap_attachment_unlocked(a, sgt, DMA_BIDIRECTIONAL);
	dma_buf_detach(db, a);

	/* The physical address list carries provider and attributes. */
	a = dma_buf_mapping_attach(db, &gpu1->dev, want_pal, 1, &timp_ops_p2p,
				   &imp);
	pal = dma_buf_map_phys_unlocked(a);
	assert_false(IS_ERR(pal));
	assert_ptr_equal(pal->ranges[0].provider, e.provider);
	assert_int_equal(pal->ranges[0].attrs, DMA_BUF_MEM_WC);
	dma_buf_unmap_phys_unlocked(a, pal);
	dma_buf_detach(db, a);

	/*
	 * No P2P for an importer that did not allow it: known at attach,
	 * where a BAR exporter has no other offer (no common type).
	 */
	a = dma_buf_mapping_attach(db, &gpu1->dev, want_vec, 1, &timp_ops,
				   &imp);
	assert_int_equal(PTR_ERR(a), -EINVAL);
	assert_int_equal(atomic_read(&db->nr_mapped), 0);
	dma_buf_put(db);
	free_platform();
}

/* Across root ports: through the host bridge (IOVA) or not at all. */
static void test_p2p_other_port(void **state)
{
	struct pci_dev *gpu0, *gpu2;
	struct bar_exp e = { 0 };
	struct dma_buf_attachment *a;
	struct dma_buf_dma_vec *vec;
	struct sg_table *sgt;
	struct dma_buf *db;
	struct phys_vec pv;
	struct timp imp;
	int type;

	setup_platform();
	gpu0 = dev_named("gpu0");
	gpu2 = dev_named("gpu2");
	assert_int_equal(pcim_p2pdma_init(gpu0), 0);
	e.provider = pcim_p2pdma_provider(gpu0, 2);
	e.base = pci_resource_start(gpu0, 2);
	db = bar_export(&e, 2 << 16);
	type = pci_p2pdma_map_type(e.provider, &gpu2->dev);
	timp_init(&imp, "gpu2");
	a = dma_buf_mapping_attach(db, &gpu2->dev, want_vec, 1, &timp_ops_p2p,
				   &imp);
	if (type == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE) {
		assert_false(IS_ERR(a));
		vec = dma_buf_map_dma_vec_unlocked(a, DMA_FROM_DEVICE);
		assert_false(IS_ERR(vec));
		/* One IOVA range: both windows linked back to back. */
		assert_int_equal(vec->nr_ranges, 1);
		assert_int_equal(vec->ranges[0].len, 2 << 16);
		dma_buf_unmap_dma_vec_unlocked(a, vec);
		dma_buf_detach(db, a);
	} else {
		/* Unreachable: refused at attach, not at map. */
		assert_int_equal(type, PCI_P2PDMA_MAP_NOT_SUPPORTED);
		assert_int_equal(PTR_ERR(a), -EINVAL);
	}
	/* A PAL importer checks reachability itself: it may attach. */
	a = dma_buf_mapping_attach(db, &gpu2->dev, want_pal, 1, &timp_ops_p2p,
				   &imp);
	assert_false(IS_ERR(a));
	/* Linux 6.19's helper, called by an exporter under the lock. */
	pv.paddr = e.base;
	pv.len = 1 << 16;
	dma_resv_lock(db->resv, NULL);
	sgt = dma_buf_phys_vec_to_sgt(a, e.provider, &pv, 1, 1 << 16,
				      DMA_TO_DEVICE);
	if (type == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE) {
		assert_false(IS_ERR(sgt));
		assert_int_equal(sgt->nents, 1);
		assert_false(sg_dma_is_bus_address(sgt->sgl));
		dma_buf_free_sgt(a, sgt, DMA_TO_DEVICE);
	} else {
		assert_int_equal(PTR_ERR(sgt), -EINVAL);
	}
	/* Sizes must add up. */
	assert_int_equal(PTR_ERR(dma_buf_phys_vec_to_sgt(a, e.provider, &pv,
				1, 4096, DMA_TO_DEVICE)), -EINVAL);
	dma_resv_unlock(db->resv);
	dma_buf_detach(db, a);
	dma_buf_put(db);
	free_platform();
}

/* Scattered RAM pages become one IOVA range for an IOMMU device. */
static void test_ram_dma_vec(void **state)
{
	struct bar_exp e = { .ram = true };
	struct dma_buf_attachment *a;
	struct dma_buf_dma_vec *vec;
	struct pci_dev *nic;
	struct dma_buf *db;
	struct timp imp;
	int i;

	setup_platform();
	nic = dev_named("nic0");
	for (i = 0; i < NR_PAGES; i++) {
		e.pages[i] = alloc_page(GFP_KERNEL);
		assert_non_null(e.pages[i]);
	}
	db = bar_export(&e, NR_PAGES * PAGE_SIZE);
	timp_init(&imp, "nic0");
	a = dma_buf_mapping_attach(db, &nic->dev, want_vec, 1, &timp_ops,
				   &imp);
	assert_false(IS_ERR(a));
	vec = dma_buf_map_dma_vec_unlocked(a, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(vec));
	assert_int_equal(vec->nr_ranges, 1);
	assert_int_equal(vec->size, NR_PAGES * PAGE_SIZE);
	dma_buf_unmap_dma_vec_unlocked(a, vec);
	dma_buf_detach(db, a);
	dma_buf_put(db);
	free_platform();
}

/*
 * An exporter that can move (the demo VRAM exporter, as amdgpu) serves an
 * importer that cannot take P2P memory from system RAM: the match picks
 * a RAM offer (peer2peer false) and the buffer migrates when the dynamic
 * importer maps. An importer that reaches the BAR gets VRAM, unmoved.
 */
static void test_vram_migrates_at_map_for_non_p2p(void **state)
{
	struct dma_buf_attachment *a;
	struct pci_dev *gpu0, *gpu1;
	struct dma_buf_dma_vec *vec;
	struct timp p2p, ram;
	struct vram_bo *bo;

	setup_platform();
	gpu0 = dev_named("gpu0");
	gpu1 = dev_named("gpu1");
	assert_int_equal(dma_set_mask_and_coherent(&gpu0->dev,
						   DMA_BIT_MASK(64)), 0);
	bo = vram_bo_create(gpu1, 2, 2 << 20, 1 << 16);
	assert_false(IS_ERR(bo));
	timp_init(&p2p, "gpu0-p2p");
	a = dma_buf_mapping_attach(bo->dmabuf, &gpu0->dev, want_vec, 1,
				   &timp_ops_p2p, &p2p);
	if (pci_p2pdma_map_type(bo->provider, &gpu0->dev) !=
	    PCI_P2PDMA_MAP_NOT_SUPPORTED) {
		assert_false(IS_ERR(a));
		assert_true(a->peer2peer);
		vec = dma_buf_map_dma_vec_unlocked(a, DMA_TO_DEVICE);
		assert_false(IS_ERR(vec));
		assert_int_equal(bo->placement, VRAM_BO_VRAM);
		dma_buf_unmap_dma_vec_unlocked(a, vec);
		dma_buf_detach(bo->dmabuf, a);
	}
	timp_init(&ram, "gpu0");
	a = dma_buf_mapping_attach(bo->dmabuf, &gpu0->dev, want_vec, 1,
				   &timp_ops, &ram);
	assert_false(IS_ERR(a));
	assert_false(a->peer2peer);
	assert_int_equal(bo->placement, VRAM_BO_VRAM);
	vec = dma_buf_map_dma_vec_unlocked(a, DMA_TO_DEVICE);
	assert_false(IS_ERR(vec));
	assert_int_equal(bo->placement, VRAM_BO_SYSTEM);
	assert_int_equal(bo->moves, 1);
	dma_buf_unmap_dma_vec_unlocked(a, vec);
	dma_buf_detach(bo->dmabuf, a);
	dma_buf_put(bo->dmabuf);
	free_platform();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_p2p_bus_addr),
		dmb_unit_test(test_p2p_other_port),
		dmb_unit_test(test_ram_dma_vec),
		dmb_unit_test(test_vram_migrates_at_map_for_non_p2p),
	};

	return dmb_run_tests(tests);
}
