// SPDX-License-Identifier: GPL-2.0
/*
 * Races: CPU faults against zaps, collision-retry readers against
 * invalidations (checked by the sanitizer: a mirror never uses a stale
 * PFN), GUP against munmap, long-term pins (migrations) against CPU reads.
 */
#include <dmabridge/mutex.h>
#include <dmabridge/device.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/iommu.h>
#include <dmabridge/explore.h>
#include "mm_test.h"

#define NPG 16
#ifndef ITERS	/* tests/explore sets its own */
#if DMB_TSAN
#define ITERS 150
#else
#define ITERS 1500
#endif
#endif

struct race {
	struct platform *plat;
	struct task_struct *leader;
	unsigned long a;
	struct file *file;
	bool stop;
	long checks;
};

static struct task_struct *enter(struct race *r, const char *name)
{
	struct task_struct *t = task_create_thread(r->leader, name);

	assert_false(IS_ERR(t));
	set_current(t);
	return t;
}

static void leave(struct task_struct *t)
{
	set_current(NULL);
	task_exit(t);
}

static bool stopped(struct race *r)
{
	/* A polling loop: under exploration, let the others run first. */
	explore_yield("race stop flag");
	return __atomic_load_n(&r->stop, __ATOMIC_ACQUIRE);
}

static void stop(struct race *r)
{
	__atomic_store_n(&r->stop, true, __ATOMIC_RELEASE);
}

/* Page i of the test buffers holds byte (i + 1) everywhere. */
static void fill(unsigned long a)
{
	char buf[PAGE_SIZE];
	int i;

	for (i = 0; i < NPG; i++) {
		memset(buf, i + 1, sizeof(buf));
		assert_int_equal(cpu_write(a + i * PAGE_SIZE, buf, PAGE_SIZE),
				 0);
	}
}

static void check_page(unsigned long a, int i)
{
	char buf[64];
	int k;

	assert_int_equal(cpu_read(a + i * PAGE_SIZE + 64 * (i % 8), buf,
				  sizeof(buf)), 0);
	for (k = 0; k < (int)sizeof(buf); k++)
		assert_int_equal(buf[k], i + 1);
}

/* 1. CPU accesses fault while another thread zaps the same range. */
static void fault_vs_zap_thread(int idx, void *arg)
{
	struct race *r = arg;
	struct task_struct *t = enter(r, "fz");
	int n;

	for (n = 0; n < ITERS; n++) {
		if (idx == 0)
			unmap_mapping_range(r->file->f_mapping, 0, 0, 1);
		else if (idx == 1)
			assert_int_equal(sys_madvise(r->a, NPG * PAGE_SIZE,
						     MADV_DONTNEED), 0);
		else
			check_page(r->a, (n + idx) % NPG);
	}
	leave(t);
}

static void test_cpu_fault_vs_zap(void **state)
{
	struct race r = { .plat = mm_test_platform(32 * MiB, 8 * MiB) };
	int fd = sys_memfd_create("race", 0);

	r.leader = current;
	assert_int_equal(sys_ftruncate(fd, NPG * PAGE_SIZE), 0);
	r.a = sys_mmap(0, NPG * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	r.file = fget(fd);
	fill(r.a);
	dmb_run_threads(4, fault_vs_zap_thread, &r);
	fput(r.file);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(r.plat);
}

/*
 * 2. A device mirror filled with the collision-retry pattern while pages
 * are zapped, freed, refaulted and migrated. The "device" accesses each
 * mirrored PFN through the sanitizer with the owner seen at lookup: any
 * stale PFN would be reported and fail the test.
 */
struct mirror_dev {
	struct mmu_interval_notifier sub;
	struct mutex lock;
	unsigned long pfn[NPG];
	san_owner_t owner[NPG];
	bool valid[NPG];
	struct race *r;
};

static bool mdev_invalidate(struct mmu_interval_notifier *sub,
			    const struct mmu_notifier_range *range,
			    unsigned long cur_seq)
{
	struct mirror_dev *d = container_of(sub, struct mirror_dev, sub);
	unsigned long a;

	mutex_lock(&d->lock);
	mmu_interval_set_seq(sub, cur_seq);
	for (a = max(range->start, d->r->a);
	     a < min(range->end, d->r->a + NPG * PAGE_SIZE); a += PAGE_SIZE)
		d->valid[(a - d->r->a) >> PAGE_SHIFT] = false;
	mutex_unlock(&d->lock);
	return true;
}

static const struct mmu_interval_notifier_ops mdev_ops = {
	.invalidate = mdev_invalidate,
};

static void mdev_fill(struct mirror_dev *d, int i)
{
	unsigned long a = d->r->a + i * PAGE_SIZE, seq, pfn;
	struct mm_struct *mm = current->mm;
	struct page *page;
	san_owner_t owner;

again:
	seq = mmu_interval_read_begin(&d->sub);
	mmap_read_lock(mm);
	assert_int_equal(get_user_pages(a, 1, 0, &page), 1);
	mmap_read_unlock(mm);
	pfn = page_to_pfn(page);
	owner = san_owner(d->r->plat, PFN_PHYS(pfn));
	put_page(page);		/* no reference kept: the notifier guards it */
	mutex_lock(&d->lock);
	if (mmu_interval_read_retry(&d->sub, seq)) {
		mutex_unlock(&d->lock);
		goto again;
	}
	d->pfn[i] = pfn;
	d->owner[i] = owner;
	d->valid[i] = true;
	mutex_unlock(&d->lock);
}

/* Accesses through a valid mirror entry, over every run of the body. */
static long mirror_checks_total;

/* The device reads through its mirror, as DMA would. */
static void mdev_access(struct mirror_dev *d, int i)
{
	phys_addr_t pa;

	mutex_lock(&d->lock);
	if (d->valid[i]) {
		pa = PFN_PHYS(d->pfn[i]);
		assert_true(san_check(d->r->plat, pa, PAGE_SIZE, d->owner[i],
				      "dev:mirror read", "mirror pte"));
		/*
		 * The content races with CPU writes like a real DMA read
		 * would, so only its address is checked here.
		 */
		assert_non_null(hw_phys_to_host(d->r->plat, pa, PAGE_SIZE));
		__atomic_add_fetch(&d->r->checks, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&mirror_checks_total, 1, __ATOMIC_RELAXED);
	}
	mutex_unlock(&d->lock);
}

static void mirror_thread(int idx, void *arg)
{
	struct mirror_dev *d = arg;
	struct race *r = d->r;
	struct task_struct *t = enter(r, "mir");
	struct page *page;
	char buf[PAGE_SIZE];
	int n, i;

	for (n = 0; n < ITERS; n++) {
		i = n % NPG;
		switch (idx) {
		case 0:		/* the driver: fault in, then access */
			mdev_fill(d, i);
			mdev_access(d, i);
			break;
		case 1:		/* drop pages and write them again */
			assert_int_equal(sys_madvise(r->a + i * PAGE_SIZE,
						     PAGE_SIZE, MADV_DONTNEED),
					 0);
			memset(buf, i + 1, sizeof(buf));
			assert_int_equal(cpu_write(r->a + i * PAGE_SIZE, buf,
						   PAGE_SIZE), 0);
			break;
		case 2:		/* migrate pages out of the movable zone */
			if (pin_user_pages_fast(r->a + i * PAGE_SIZE, 1,
						FOLL_LONGTERM, &page) == 1)
				unpin_user_page(page);
			break;
		}
	}
	leave(t);
}

static void test_notifier_readers_vs_invalidations(void **state)
{
	struct race r = { .plat = mm_test_platform(32 * MiB, 16 * MiB) };
	struct mirror_dev d = { .r = &r };

	r.leader = current;
	r.a = map_anon(NPG * PAGE_SIZE, PROT_RW);
	fill(r.a);
	mutex_init(&d.lock);
	assert_int_equal(mmu_interval_notifier_insert(&d.sub, current->mm, r.a,
						      NPG * PAGE_SIZE,
						      &mdev_ops), 0);
	dmb_run_threads(3, mirror_thread, &d);
#ifndef DMB_EXPLORE_RACE_H
	/*
	 * Some access found its entry valid, so the check ran. One explored
	 * schedule (a few iterations) may invalidate before every access:
	 * the exploration test asserts this over all its schedules instead.
	 */
	assert_true(r.checks > 0);
#endif
	mmu_interval_notifier_remove(&d.sub);
	mutex_destroy(&d.lock);
	mm_test_platform_free(r.plat);
}

/* 3. GUP against munmap (and mmap again) of the same range. */
static void gup_vs_munmap_thread(int idx, void *arg)
{
	struct race *r = arg;
	struct task_struct *t = enter(r, "gm");
	struct page *pages[NPG];
	char buf[PAGE_SIZE];
	int n, i, got;

	for (n = 0; n < ITERS; n++) {
		if (idx == 0) {
			assert_int_equal(sys_munmap(r->a, NPG * PAGE_SIZE), 0);
			assert_int_equal(sys_mmap(r->a, NPG * PAGE_SIZE,
						  PROT_RW, MAP_ANON_PRIV |
						  MAP_FIXED, -1, 0), r->a);
			i = n % NPG;
			memset(buf, i + 1, sizeof(buf));
			assert_int_equal(cpu_write(r->a + i * PAGE_SIZE, buf,
						   PAGE_SIZE), 0);
		} else {
			got = pin_user_pages_fast(r->a, NPG, FOLL_WRITE, pages);
			/*
			 * All of it, none of it, or a prefix: the lockless
			 * walk may take pages before munmap and the slow path
			 * then find no VMA (as Linux's gup_fast_fallback).
			 */
			assert_true(got == -EFAULT || (got > 0 && got <= NPG));
			for (i = 0; i < got; i++) {
				char v = hw_wire_peek(page_address(pages[i]));

				/* Our pin keeps the page: 0 or its value. */
				assert_true(v == 0 || v == i + 1);
			}
			if (got > 0)
				unpin_user_pages(pages, got);
		}
	}
	leave(t);
}

static void test_gup_vs_munmap(void **state)
{
	struct race r = { .plat = mm_test_platform(32 * MiB, 8 * MiB) };
	unsigned long before = free_pages_all(r.plat);

	r.leader = current;
	r.a = map_anon(NPG * PAGE_SIZE, PROT_RW);
	dmb_run_threads(3, gup_vs_munmap_thread, &r);
	assert_int_equal(sys_munmap(r.a, NPG * PAGE_SIZE), 0);
	/* Every page came back: no pin or reference leaked. */
	assert_int_equal(free_pages_all(r.plat), before);
	mm_test_platform_free(r.plat);
}

/* 4. Long-term pins (migrating pages) while CPUs read the same pages. */
static void longterm_vs_cpu_thread(int idx, void *arg)
{
	struct race *r = arg;
	struct task_struct *t = enter(r, "lt");
	struct page *pages[NPG];
	int n, i;

	if (idx == 0) {
		for (n = 0; n < ITERS / 10; n++) {
			assert_int_equal(pin_user_pages_fast(r->a, NPG,
							     FOLL_LONGTERM,
							     pages), NPG);
			for (i = 0; i < NPG; i++)
				assert_int_equal(page_zonenum(pages[i]),
						 ZONE_NORMAL);
			unpin_user_pages(pages, NPG);
			/* Send them back to the movable zone for the next round. */
			mmap_read_lock(current->mm);
			assert_int_equal(get_user_pages(r->a, NPG, 0, pages),
					 NPG);
			for (i = 0; i < NPG; i++) {
				int ret;

				while ((ret = migrate_page(pages[i],
							   ZONE_MOVABLE,
							   NULL)) == -EBUSY)
					cond_resched();
				assert_int_equal(ret, 0);
				put_page(pages[i]);
			}
			mmap_read_unlock(current->mm);
		}
		stop(r);
	} else {
		for (n = 0; !stopped(r); n++)
			check_page(r->a, (n * 3 + idx) % NPG);
	}
	leave(t);
}

static void test_longterm_vs_cpu(void **state)
{
	struct race r = { .plat = mm_test_platform(32 * MiB, 8 * MiB) };
	int fd = sys_memfd_create("lt", 0);
	long b;

	r.leader = current;
	r.a = map_anon(NPG * PAGE_SIZE, PROT_RW);
	fill(r.a);
	dmb_run_threads(3, longterm_vs_cpu_thread, &r);
	/* The same on shared memory. */
	r.stop = false;
	assert_int_equal(sys_ftruncate(fd, NPG * PAGE_SIZE), 0);
	b = sys_mmap(0, NPG * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	r.a = b;
	fill(r.a);
	dmb_run_threads(3, longterm_vs_cpu_thread, &r);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(r.plat);
}

/*
 * A driver holding a plain GUP reference (FOLL_GET, not a pin) does DMA to
 * the page: migration must see the extra reference and refuse (-EBUSY),
 * so the device's write lands in the process's page, with no report.
 * Guards the reference-count check in migrate_page() (deleted: the page
 * migrates, the process reads the copy without the device's bytes, and
 * the DMA through the old mapping is reported).
 */
static void test_migrate_refuses_page_under_gup_reference(void **state)
{
	struct platform *plat = mm_test_platform(32 * MiB, 8 * MiB);
	struct dma_fence *f;
	struct device dev;
	struct page *page;
	unsigned long a;
	dma_addr_t dma;
	char v = 0;

	memset(&dev, 0, sizeof(dev));
	snprintf(dev.name, sizeof(dev.name), "legacy");
	dev.platform = plat;
	dev.dma_mask = &dev.dma_mask_store;
	dev.dma_mask_store = ~0ULL;
	dev.coherent_dma_mask = ~0ULL;
	INIT_LIST_HEAD(&dev.node);
	assert_int_equal(iommu_probe_device(&dev, IOMMU_MODE_NONE, false), 0);
	assert_int_equal(dma_engine_create(&dev, 1), 0);
	a = map_anon(PAGE_SIZE, PROT_RW);
	assert_int_equal(cpu_write(a, "p", 1), 0);
	assert_int_equal(get_user_pages_unlocked(a, 1, &page, FOLL_WRITE), 1);
	dma = dma_map_page(&dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	assert_int_not_equal(dma, DMA_MAPPING_ERROR);
	/* The migration's caller holds its own reference, as in Linux. */
	get_page(page);
	assert_int_equal(migrate_page(page, ZONE_MOVABLE, NULL), -EBUSY);
	put_page(page);
	f = dma_engine_fill(&dev, 0, dma, 0x5a, PAGE_SIZE);
	assert_false(IS_ERR(f));
	assert_int_equal(dma_fence_wait(f, false), 0);
	assert_int_equal(dma_fence_get_status(f), 1);
	dma_fence_put(f);
	assert_int_equal(cpu_read(a, &v, 1), 0);
	assert_int_equal(v, 0x5a);
	dma_unmap_page(&dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	put_page(page);
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	dma_engine_destroy(&dev);
	iommu_release_device(&dev);
	mm_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_cpu_fault_vs_zap),
		dmb_unit_test(test_notifier_readers_vs_invalidations),
		dmb_unit_test(test_gup_vs_munmap),
		dmb_unit_test(test_longterm_vs_cpu),
		dmb_unit_test(test_migrate_refuses_page_under_gup_reference),
	};

	return dmb_run_tests(tests);
}
