// SPDX-License-Identifier: GPL-2.0
/*
 * GUP and pinning, FOLL_LONGTERM migration, frame vectors, and PFN
 * following (follow_pfnmap and the legacy follow_pfn with the sanitizer).
 */
#include "mm_test.h"
#include <dmabridge/frame_vector.h>

static void test_gup_basic(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long a = map_anon(4 * PAGE_SIZE, PROT_RW);
	struct page *pages[4];
	long n;

	/* Faults pages in; pins count. */
	n = pin_user_pages_fast(a, 4, FOLL_WRITE, pages);
	assert_int_equal(n, 4);
	assert_true(page_maybe_dma_pinned(pages[0]));
	assert_int_equal(page_ref_count(pages[0]), 2);
	strcpy(page_address(pages[2]), "via pin");
	{
		char out[8];

		assert_int_equal(cpu_read(a + 2 * PAGE_SIZE, out, 8), 0);
		assert_string_equal(out, "via pin");
	}
	unpin_user_pages_dirty_lock(pages, 4, true);
	assert_false(page_maybe_dma_pinned(pages[0]));
	assert_true(PageFlag(pages[0], PG_dirty));

	/* get_user_pages: references, not pins; caller holds mmap_lock. */
	mmap_read_lock(current->mm);
	n = get_user_pages(a, 2, 0, pages);
	mmap_read_unlock(current->mm);
	assert_int_equal(n, 2);
	assert_false(page_maybe_dma_pinned(pages[0]));
	put_page(pages[0]);
	put_page(pages[1]);

	/* A range running past the VMA: the pages before it. */
	n = pin_user_pages_fast(a + 2 * PAGE_SIZE, 4, 0, pages);
	assert_int_equal(n, 2);
	unpin_user_pages(pages, n);
	/* Nothing mapped at the start: -EFAULT. */
	assert_int_equal(pin_user_pages_fast(a + 4 * PAGE_SIZE, 1, 0, pages),
			 -EFAULT);
	assert_int_equal(pin_user_pages_fast(a, 0, 0, pages), 0);
	mm_test_platform_free(plat);
}

static void test_gup_flags(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long ro = map_anon(PAGE_SIZE, PROT_READ);
	struct page *page;
	char out[4];
	int fd;
	long sh;

	/* Write to a read-only VMA: -EFAULT, unless FOLL_FORCE on COW. */
	assert_int_equal(pin_user_pages_fast(ro, 1, FOLL_WRITE, &page),
			 -EFAULT);
	assert_int_equal(pin_user_pages_fast(ro, 1, FOLL_WRITE | FOLL_FORCE,
					     &page), 1);
	strcpy(page_address(page), "ok");
	unpin_user_page(page);
	assert_int_equal(cpu_read(ro, out, 3), 0);
	assert_string_equal(out, "ok");
	/* A shared read-only mapping cannot be forced. */
	fd = sys_memfd_create("f", 0);
	assert_int_equal(sys_ftruncate(fd, PAGE_SIZE), 0);
	sh = sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	assert_int_equal(pin_user_pages_fast(sh, 1, FOLL_WRITE | FOLL_FORCE,
					     &page), -EFAULT);
	/* PROT_NONE: reads fail without FOLL_FORCE. */
	assert_int_equal(sys_mprotect(ro, PAGE_SIZE, PROT_NONE), 0);
	assert_int_equal(pin_user_pages_fast(ro, 1, 0, &page), -EFAULT);
	assert_int_equal(pin_user_pages_fast(ro, 1, FOLL_FORCE, &page), 1);
	unpin_user_page(page);
	/* Misuse: FOLL_LONGTERM without pinning, NULL pages, FOLL_PIN. */
	dmb_expect_reports(REPORT_WARN, 3);
	mmap_read_lock(current->mm);
	assert_int_equal(get_user_pages(sh, 1, FOLL_LONGTERM, &page), -EINVAL);
	assert_int_equal(pin_user_pages(sh, 1, 0, NULL), -EINVAL);
	mmap_read_unlock(current->mm);
	assert_int_equal(pin_user_pages_fast(sh, 1, FOLL_PIN, &page), -EINVAL);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

static int pfn_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct page *page = file->private_data;

	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(page),
			       PAGE_SIZE, vma->vm_page_prot);
}

static int pfn_release(struct inode *inode, struct file *file)
{
	return 0;
}

static const struct file_operations pfn_fops = {
	.name = "pfnmap",
	.mmap = pfn_mmap,
	.release = pfn_release,
};

static int pfn_file(struct page *page)
{
	struct file *f = anon_inode_getfile("pfnmap", &pfn_fops, page, O_RDWR);
	int fd = get_unused_fd_flags(0);

	assert_false(IS_ERR(f));
	fd_install(fd, f);
	return fd;
}

static void test_gup_refuses_pfnmap(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct page *drv = platform_alloc_pages(plat, GFP_KERNEL, 0), *page;
	struct frame_vector *vec = frame_vector_create(1);
	int fd = pfn_file(drv);
	long a = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);

	assert_true(a > 0);
	assert_int_equal(pin_user_pages_fast(a, 1, 0, &page), -EFAULT);
	assert_int_equal(get_user_pages_fast(a, 1, 0, &page), -EFAULT);
	/* frame_vector refuses it too (no PFN route any more). */
	assert_int_equal(get_vaddr_frames(a, 1, true, vec), -EFAULT);
	assert_int_equal(frame_vector_count(vec), 0);
	frame_vector_destroy(vec);
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	put_page(drv);
	mm_test_platform_free(plat);
}

static void test_longterm_migrates(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 8 * MiB);
	unsigned long a = map_anon(8 * PAGE_SIZE, PROT_RW);
	unsigned long old_pfn[8];
	struct page *pages[8];
	san_owner_t old_owner;
	char buf[16], out[16];
	int i;

	for (i = 0; i < 8; i++) {
		snprintf(buf, sizeof(buf), "page %d", i);
		assert_int_equal(cpu_write(a + i * PAGE_SIZE, buf, 16), 0);
		old_pfn[i] = pte_pfn(test_get_pte(a + i * PAGE_SIZE));
		assert_int_equal(page_zonenum(platform_pfn_to_page(plat,
								   old_pfn[i])),
				 ZONE_MOVABLE);
	}
	old_owner = san_owner(plat, PFN_PHYS(old_pfn[3]));
	assert_int_equal(pin_user_pages_fast(a, 8, FOLL_WRITE | FOLL_LONGTERM,
					     pages), 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(page_zonenum(pages[i]), ZONE_NORMAL);
		assert_true(page_to_pfn(pages[i]) != old_pfn[i]);
		/* The mapping follows the page; the data moved with it. */
		assert_int_equal(pte_pfn(test_get_pte(a + i * PAGE_SIZE)),
				 page_to_pfn(pages[i]));
		snprintf(buf, sizeof(buf), "page %d", i);
		assert_int_equal(cpu_read(a + i * PAGE_SIZE, out, 16), 0);
		assert_string_equal(out, buf);
		assert_string_equal((char *)page_address(pages[i]), buf);
	}
	/* The old page changed owner: a stale user would be reported. */
	assert_true(san_owner(plat, PFN_PHYS(old_pfn[3])) != old_owner);
	/* Pinned pages are never migrated. */
	assert_int_equal(migrate_page(pages[0], ZONE_MOVABLE, NULL), -EBUSY);
	unpin_user_pages(pages, 8);
	mm_test_platform_free(plat);
}

static void test_longterm_shmem_and_pinned(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 8 * MiB);
	struct page *pin, *lt;
	char out[8];
	int fd = sys_memfd_create("lt", 0);
	long a, b;
	unsigned long pfn;

	assert_int_equal(sys_ftruncate(fd, 2 * PAGE_SIZE), 0);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	b = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	assert_int_equal(cpu_write(a, "memfd", 6), 0);
	assert_int_equal(cpu_read(b, out, 6), 0);
	pfn = pte_pfn(test_get_pte(a));
	/* Migrating a shmem page updates both mappings and the cache. */
	assert_int_equal(pin_user_pages_fast(b, 1, FOLL_LONGTERM, &lt), 1);
	assert_int_equal(page_zonenum(lt), ZONE_NORMAL);
	assert_true(page_to_pfn(lt) != pfn);
	assert_int_equal(pte_pfn(test_get_pte(a)), page_to_pfn(lt));
	assert_int_equal(cpu_read(a, out, 6), 0);
	assert_string_equal(out, "memfd");
	unpin_user_page(lt);

	/* A short-term pin on a movable page makes FOLL_LONGTERM fail. */
	assert_int_equal(cpu_write(a + PAGE_SIZE, "x", 2), 0);
	assert_int_equal(pin_user_pages_fast(a + PAGE_SIZE, 1, 0, &pin), 1);
	assert_int_equal(page_zonenum(pin), ZONE_MOVABLE);
	assert_int_equal(pin_user_pages_fast(b + PAGE_SIZE, 1, FOLL_LONGTERM,
					     &lt), -ENOMEM);
	assert_int_equal(pte_pfn(test_get_pte(b + PAGE_SIZE)),
			 page_to_pfn(pin));
	unpin_user_page(pin);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

static void test_frame_vector(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 8 * MiB);
	unsigned long a = map_anon(4 * PAGE_SIZE, PROT_READ);
	struct frame_vector *vec = frame_vector_create(3);
	struct page **pages;
	unsigned long *pfns, p0;

	assert_non_null(vec);
	/* FOLL_FORCE lets a read-only private buffer be pinned for write. */
	assert_int_equal(get_vaddr_frames(a + 10, 3, false, vec), 3);
	assert_int_equal(frame_vector_count(vec), 3);
	pages = frame_vector_pages(vec);
	assert_false(IS_ERR(pages));
	assert_true(page_maybe_dma_pinned(pages[0]));
	assert_int_equal(page_zonenum(pages[1]), ZONE_NORMAL);
	p0 = page_to_pfn(pages[0]);
	pfns = frame_vector_pfns(vec);
	assert_int_equal(pfns[0], p0);
	assert_int_equal(frame_vector_to_pages(vec), 0);
	pages = frame_vector_pages(vec);
	assert_int_equal(page_to_pfn(pages[0]), p0);
	put_vaddr_frames(vec);
	assert_int_equal(frame_vector_count(vec), 0);
	assert_false(page_maybe_dma_pinned(pfn_to_page(p0)));
	/* Nothing mapped: -EFAULT */
	assert_int_equal(get_vaddr_frames(a + 8 * PAGE_SIZE, 1, true, vec),
			 -EFAULT);
	frame_vector_destroy(vec);
	mm_test_platform_free(plat);
}

static void test_follow_pfn_unsafe_switch(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct page *drv = platform_alloc_pages(plat, GFP_KERNEL, 0);
	int fd = pfn_file(drv);
	long a = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	long anon = map_anon(PAGE_SIZE, PROT_RW);
	struct follow_pfnmap_args args = { 0 };
	struct vm_area_struct *vma;
	unsigned long pfn = 0;

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	assert_int_equal(follow_pfn(vma, a, &pfn), -EINVAL);
	assert_int_equal(atomic_read(&plat->tainted), 0);
	platform_set_unsafe_follow_pfn(plat, true);
	assert_true(atomic_read(&plat->tainted));
	assert_int_equal(follow_pfn(vma, a, &pfn), 0);
	assert_int_equal(pfn, page_to_pfn(drv));
	/* Only PFN maps: an anonymous VMA is refused by both. */
	args.vma = vma_lookup(current->mm, anon);
	args.address = anon;
	assert_int_equal(follow_pfnmap_start(&args), -EINVAL);
	assert_int_equal(follow_pfn(args.vma, anon, &pfn), -EINVAL);
	platform_set_unsafe_follow_pfn(plat, false);
	assert_int_equal(follow_pfn(vma, a, &pfn), -EINVAL);
	mmap_read_unlock(current->mm);
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	put_page(drv);
	mm_test_platform_free(plat);
}

/*
 * The old bug: a PFN taken with follow_pfn outlives the memory. The
 * legacy user maps it for itself (a CPU mapping that records the owner at
 * map time); the driver frees the page, someone reuses it, and the
 * legacy user's next access is reported by the sanitizer.
 */
static struct page *stale_page;

static int stale_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start, (unsigned long)
			       file->private_data, PAGE_SIZE,
			       vma->vm_page_prot);
}

static const struct file_operations stale_fops = {
	.name = "legacy",
	.mmap = stale_mmap,
	.release = pfn_release,
};

static void test_follow_pfn_stale_reported(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct page *reuse;
	struct vm_area_struct *vma;
	struct file *f;
	unsigned long pfn;
	int fd, lfd;
	long a, legacy;
	char c = 1;

	stale_page = platform_alloc_pages(plat, GFP_KERNEL, 0);
	fd = pfn_file(stale_page);
	a = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	platform_set_unsafe_follow_pfn(plat, true);
	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	assert_int_equal(follow_pfn(vma, a, &pfn), 0);
	mmap_read_unlock(current->mm);
	/* The legacy user's own mapping of the PFN it got. */
	f = anon_inode_getfile("legacy", &stale_fops, (void *)pfn, O_RDWR);
	lfd = get_unused_fd_flags(0);
	fd_install(lfd, f);
	legacy = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, lfd, 0);
	assert_true(legacy > 0);
	assert_int_equal(cpu_write(legacy, &c, 1), 0);	/* fine so far */

	/* The driver tears its mapping down and frees the page... */
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	put_page(stale_page);
	/* ...someone else gets it... */
	reuse = platform_alloc_pages(plat, GFP_KERNEL, 0);
	assert_int_equal(page_to_pfn(reuse), pfn);
	/* ...and the stale PFN is written through: reported. */
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(cpu_write(legacy, &c, 1), 0);
	assert_int_equal(sys_munmap(legacy, PAGE_SIZE), 0);
	assert_int_equal(sys_close(lfd), 0);
	assert_int_equal(sys_close(fd), 0);
	put_page(reuse);
	mm_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_gup_basic),
		dmb_unit_test(test_gup_flags),
		dmb_unit_test(test_gup_refuses_pfnmap),
		dmb_unit_test(test_longterm_migrates),
		dmb_unit_test(test_longterm_shmem_and_pinned),
		dmb_unit_test(test_frame_vector),
		dmb_unit_test(test_follow_pfn_unsafe_switch),
		dmb_unit_test(test_follow_pfn_stale_reported),
	};

	return dmb_run_tests(tests);
}
