// SPDX-License-Identifier: GPL-2.0
/*
 * dma-buf benchmarks: mapping a system-heap buffer as SGT vs DMA address
 * vector vs physical address list (time and descriptor bytes), and
 * invalidate / revoke cost with 1..1000 dynamic attachments.
 * Usage: bench_dmabuf [buffer MiB, default 1024]
 */
#include <stdio.h>
#include <stdlib.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/sched.h>

static double now_us(void)
{
	return ktime_get() / 1000.0;
}

static void bench_map(struct dma_buf *db, struct device *dev,
		      enum dma_buf_mapping_type type)
{
	struct dma_buf_attachment *a;
	double t0, t1;
	size_t bytes = 0;

	a = dma_buf_mapping_attach(db, dev, &type, 1, NULL, NULL);
	if (IS_ERR(a)) {
		printf("map %-9s: attach failed %ld\n",
		       dma_buf_mapping_type_name(type), PTR_ERR(a));
		return;
	}
	t0 = now_us();
	if (type == DMA_BUF_MAPPING_SGT) {
		struct sg_table *s = dma_buf_map_attachment_unlocked(a,
							DMA_BIDIRECTIONAL);
		t1 = now_us();
		if (!IS_ERR(s)) {
			bytes = sg_table_bytes(s);
			dma_buf_unmap_attachment_unlocked(a, s,
							  DMA_BIDIRECTIONAL);
		}
	} else if (type == DMA_BUF_MAPPING_DMA_VEC) {
		struct dma_buf_dma_vec *v = dma_buf_map_dma_vec_unlocked(a,
							DMA_BIDIRECTIONAL);
		t1 = now_us();
		if (!IS_ERR(v)) {
			bytes = sizeof(*v) + v->nr_ranges * sizeof(v->ranges[0]);
			dma_buf_unmap_dma_vec_unlocked(a, v);
		}
	} else {
		struct dma_buf_phys_list *l = dma_buf_map_phys_unlocked(a);

		t1 = now_us();
		if (!IS_ERR(l)) {
			bytes = sizeof(*l) + l->nr_ranges * sizeof(l->ranges[0]);
			dma_buf_unmap_phys_unlocked(a, l);
		}
	}
	printf("map %-9s: %10.0f us, descriptor %zu bytes\n",
	       dma_buf_mapping_type_name(type), t1 - t0, bytes);
	dma_buf_detach(db, a);
}

static void invalidate_cb(struct dma_buf_attachment *a)
{
}

static const struct dma_buf_attach_ops dyn_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = invalidate_cb,
};

static void bench_invalidate(struct dma_buf *db, struct device *dev, int n)
{
	struct dma_buf_attachment **a = calloc(n, sizeof(*a));
	int i, reps = 200;
	double t0, t1, t2;

	for (i = 0; i < n; i++)
		a[i] = dma_buf_dynamic_attach(db, dev, &dyn_ops, NULL);
	t0 = now_us();
	for (i = 0; i < reps; i++) {
		dma_resv_lock(db->resv, NULL);
		dma_buf_invalidate_mappings(db);
		dma_resv_unlock(db->resv);
	}
	t1 = now_us();
	for (i = 0; i < reps; i++) {
		dma_resv_lock(db->resv, NULL);
		dma_buf_revoke_locked(db);
		dma_buf_restore_locked(db);
		dma_resv_unlock(db->resv);
		dma_buf_wait_unmapped(db);
	}
	t2 = now_us();
	printf("invalidate %4d attachments: %9.2f us; revoke+restore: %9.2f us\n",
	       n, (t1 - t0) / reps, (t2 - t1) / reps);
	for (i = 0; i < n; i++)
		dma_buf_detach(db, a[i]);
	free(a);
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
	struct platform *plat = platform_create(NULL);
	struct task_struct *t;
	struct pci_dev *nic;
	struct dma_buf *db;
	int n;

	if (IS_ERR(plat))
		return 1;
	t = task_create(plat, "bench");
	set_current(t);
	nic = pci_get_by_name(plat, "nic0");
	db = system_heap_allocate(mib << 20, O_RDWR, 0);
	if (IS_ERR(db) || !nic) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	printf("buffer %zu MiB of 4 KiB pages, importer nic0 (IOMMU)\n", mib);
	bench_map(db, &nic->dev, DMA_BUF_MAPPING_SGT);
	bench_map(db, &nic->dev, DMA_BUF_MAPPING_DMA_VEC);
	bench_map(db, &nic->dev, DMA_BUF_MAPPING_PAL);
	for (n = 1; n <= 1000; n *= 10)
		bench_invalidate(db, &nic->dev, n);
	dma_buf_put(db);
	pci_dev_put(nic);
	set_current(NULL);
	task_exit(t);
	dma_buf_registry_fini(plat);
	platform_destroy(plat);
	return 0;
}
