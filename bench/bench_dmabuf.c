// SPDX-License-Identifier: GPL-2.0
/*
 * dma-buf benchmarks: mapping a system-heap buffer as SGT vs DMA address
 * vector vs physical address list (time and descriptor bytes), with
 * physically contiguous pages and with fragmented 4 KiB pages;
 * invalidate / revoke cost with 1..1000 dynamic attachments; and
 * dma_buf_get_from_vma lookup cost among many VMAs vs find_vma alone.
 * Usage: bench_dmabuf [buffer MiB, default 1024] [VMAs, default 100000]
 */
#include "bench_cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <dmabridge/mm.h>
#include <dmabridge/mman.h>
#include <dmabridge/syscalls.h>
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

/* Physically contiguous runs of the buffer's pages (1 = contiguous). */
static unsigned int nr_runs(struct dma_buf *db, struct device *dev)
{
	enum dma_buf_mapping_type pal = DMA_BUF_MAPPING_PAL;
	struct dma_buf_attachment *a;
	struct dma_buf_phys_list *l;
	unsigned int n = 0;

	a = dma_buf_mapping_attach(db, dev, &pal, 1, NULL, NULL);
	if (IS_ERR(a))
		return 0;
	l = dma_buf_map_phys_unlocked(a);
	if (!IS_ERR(l)) {
		n = l->nr_ranges;
		dma_buf_unmap_phys_unlocked(a, l);
	}
	dma_buf_detach(db, a);
	return n;
}

static void bench_maps(struct dma_buf *db, struct device *dev,
		       const char *what)
{
	printf("buffer %zu MiB of 4 KiB pages, %s (%u physical runs), "
	       "importer nic0 (IOMMU)\n", db->size >> 20, what,
	       nr_runs(db, dev));
	bench_map(db, dev, DMA_BUF_MAPPING_SGT);
	bench_map(db, dev, DMA_BUF_MAPPING_DMA_VEC);
	bench_map(db, dev, DMA_BUF_MAPPING_PAL);
}

/*
 * Fragment the free lists first: take twice the buffer in single pages
 * and give back every other one, so the heap gets pages none of which
 * are physically adjacent.
 */
static struct dma_buf *alloc_fragmented(size_t len)
{
	unsigned long i, n = 2 * (len >> PAGE_SHIFT);
	struct page **hold = calloc(n, sizeof(*hold));
	struct dma_buf *db;

	if (!hold)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < n; i++)
		hold[i] = alloc_page(GFP_KERNEL);
	for (i = 0; i < n; i += 2)
		if (hold[i])
			__free_page(hold[i]);
	db = system_heap_allocate(len, O_RDWR, 0);
	for (i = 1; i < n; i += 2)
		if (hold[i])
			__free_page(hold[i]);
	free(hold);
	return db;
}

/* dma_buf_get_from_vma among @nr VMAs of a dma-buf, vs find_vma alone. */
static void bench_get_from_vma(struct platform *plat, unsigned long nr)
{
	struct task_struct *t = process_create(plat, "bench-vma");
	struct task_struct *prev = current;
	unsigned long *addr, i, n = 0, lookups = 1000000;
	struct dma_buf *db, *got;
	struct vm_area_struct *vma;
	double t0, t1, t2;
	pgoff_t pgoff;
	long a;
	int fd;

	addr = calloc(nr, sizeof(*addr));
	if (!t || !addr)
		goto out;
	set_current(t);
	mm_set_max_map_count(t->mm, nr + 16);
	db = system_heap_allocate(2 * PAGE_SIZE, O_RDWR, 0);
	fd = IS_ERR(db) ? -1 : dma_buf_fd(db, O_CLOEXEC);
	if (fd < 0)
		goto out_task;
	/* Alternate page offsets so neighbours can never merge. */
	for (n = 0; n < nr; n++) {
		a = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			     fd, (n & 1) * PAGE_SIZE);
		if (a < 0)
			break;
		addr[n] = a;
	}
	sys_close(fd);
	if (!n)
		goto out_task;
	mmap_read_lock(t->mm);
	t0 = now_us();
	for (i = 0; i < lookups; i++) {
		vma = find_vma(t->mm, addr[(i * 7919) % n]);
		if (!vma)
			break;
	}
	t1 = now_us();
	for (i = 0; i < lookups; i++) {
		vma = find_vma(t->mm, addr[(i * 7919) % n]);
		got = dma_buf_get_from_vma(vma, &pgoff);
		if (!got)
			break;
		dma_buf_put(got);
	}
	t2 = now_us();
	mmap_read_unlock(t->mm);
	printf("lookup among %lu dma-buf VMAs: find_vma %7.1f ns, "
	       "find_vma + dma_buf_get_from_vma + put %7.1f ns\n", n,
	       (t1 - t0) * 1000.0 / lookups, (t2 - t1) * 1000.0 / lookups);
out_task:
	set_current(prev);
	task_exit(t);	/* tears the VMAs down, dropping the buffer */
out:
	free(addr);
}

static int bench_main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
	unsigned long nr_vmas = argc > 2 ? strtoul(argv[2], NULL, 0) : 100000;
	struct platform *plat = platform_create(NULL);
	struct task_struct *t;
	struct pci_dev *nic;
	struct dma_buf *db;
	int n, status = 0;

	if (IS_ERR(plat)) {
		fprintf(stderr, "bench_dmabuf: platform_create: %ld\n",
			PTR_ERR(plat));
		return 1;
	}
	t = task_create(plat, "bench");
	set_current(t);
	nic = pci_get_by_name(plat, "nic0");
	db = system_heap_allocate(mib << 20, O_RDWR, 0);
	if (IS_ERR(db) || !nic) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	bench_maps(db, &nic->dev, "contiguous");
	for (n = 1; n <= 1000; n *= 10)
		bench_invalidate(db, &nic->dev, n);
	dma_buf_put(db);
	db = alloc_fragmented(mib << 20);
	if (IS_ERR(db)) {
		fprintf(stderr, "fragmented allocation failed\n");
		status = 1;
	} else {
		bench_maps(db, &nic->dev, "fragmented");
		dma_buf_put(db);
	}
	bench_get_from_vma(plat, nr_vmas);
	pci_dev_put(nic);
	set_current(NULL);
	task_exit(t);
	dma_buf_registry_fini(plat);
	platform_destroy(plat);
	return status;
}

int main(int argc, char **argv)
{
	bench_cli(&argc, argv, "[buffer MiB] [VMAs]",
		  "dma-buf mapping types (SGT, DMA vector, PAL), invalidate/revoke fan-out\n"
		  "and dma_buf_get_from_vma lookup. Defaults: 1024 MiB, 100000 VMAs.",
		  2);
	return bench_main(argc, argv);
}
