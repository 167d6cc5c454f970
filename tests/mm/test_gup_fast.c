// SPDX-License-Identifier: GPL-2.0
/*
 * GUP-fast: the lockless walk of get_user_pages_fast/pin_user_pages_fast.
 * The race tests use gup_fast_set_race_hook() (a dmabridge test hook, not
 * Linux) to change the mapping exactly between the walk's PTE read and
 * its grab of the page, deterministically; the threaded test runs the
 * same races freely. The page under test is kept allocated by a reference
 * the test holds (as a DMA or a page cache would), so only the walk's
 * re-check of the PTE can tell that the page is no longer mapped there.
 */
#include "mm_test.h"

#ifndef ITERS	/* tests/explore sets its own */
#if DMB_TSAN
#define ITERS 150
#else
#define ITERS 1500
#endif
#endif
#define NPG 16

enum race_op { OP_MUNMAP, OP_DONTNEED, OP_MIGRATE, OP_TRYLOCK };

struct hook_ctx {
	enum race_op op;
	unsigned long a;
	struct page *old;
	struct page *migrated;
	int calls;
	bool unlocked;
};

/* One-shot: changes the mapping the first time the walk reads a PTE. */
static void race_hook(unsigned long addr, void *arg)
{
	struct hook_ctx *c = arg;

	if (c->calls++)
		return;
	switch (c->op) {
	case OP_MUNMAP:
		assert_int_equal(sys_munmap(c->a, PAGE_SIZE), 0);
		break;
	case OP_DONTNEED:
		assert_int_equal(sys_madvise(c->a, PAGE_SIZE, MADV_DONTNEED),
				 0);
		break;
	case OP_MIGRATE:
		assert_int_equal(migrate_page(c->old, ZONE_NORMAL,
					      &c->migrated), 0);
		break;
	case OP_TRYLOCK:
		/* Fails if the walk holds mmap_lock (even for read). */
		c->unlocked = down_write_trylock(&current->mm->mmap_lock);
		if (c->unlocked)
			mmap_write_unlock(current->mm);
		break;
	}
}

/* A faulted page at @a, with an extra reference returned in *old. */
static void fault_and_hold(unsigned long a, struct page **old)
{
	assert_int_equal(cpu_write(a, "old", 4), 0);
	assert_int_equal(get_user_pages_unlocked(a, 1, old, 0), 1);
}

/*
 * Faulted pages are taken without mmap_lock: the hook, inside the walk,
 * can take it for write. Guards: the fast path being lockless at all.
 */
static void test_gup_fast_walks_without_mmap_lock(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long a = map_anon(4 * PAGE_SIZE, PROT_RW);
	struct hook_ctx c = { .op = OP_TRYLOCK, .a = a };
	struct page *pages[4];
	int i;

	for (i = 0; i < 4; i++)
		assert_int_equal(cpu_write(a + i * PAGE_SIZE, "x", 1), 0);
	gup_fast_set_race_hook(race_hook, &c);
	assert_int_equal(pin_user_pages_fast(a, 4, FOLL_WRITE, pages), 4);
	gup_fast_set_race_hook(NULL, NULL);
	assert_true(c.unlocked);
	for (i = 0; i < 4; i++) {
		assert_int_equal(page_to_pfn(pages[i]),
				 pte_pfn(test_get_pte(a + i * PAGE_SIZE)));
		assert_true(page_maybe_dma_pinned(pages[i]));
	}
	unpin_user_pages(pages, 4);
	mm_test_platform_free(plat);
}

/*
 * munmap between the PTE read and the grab: the page is still allocated
 * (our reference), so the grab succeeds; the re-check sees the PTE gone
 * and the slow path reports -EFAULT. Guards: the PTE re-check.
 */
static void test_gup_fast_vs_munmap_rechecks_pte(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long a = map_anon(PAGE_SIZE, PROT_RW);
	struct hook_ctx c = { .op = OP_MUNMAP, .a = a };
	struct page *old, *page = NULL;

	fault_and_hold(a, &old);
	gup_fast_set_race_hook(race_hook, &c);
	assert_int_equal(get_user_pages_fast(a, 1, 0, &page), -EFAULT);
	gup_fast_set_race_hook(NULL, NULL);
	/* Only our reference is left: the walk gave its own back. */
	assert_int_equal(page_ref_count(old), 1);
	put_page(old);
	mm_test_platform_free(plat);
}

/*
 * MADV_DONTNEED between the PTE read and the grab: the pin must be of
 * the fresh page the slow path faults in, not of the zapped one.
 * Guards: the PTE re-check.
 */
static void test_gup_fast_vs_dontneed_rechecks_pte(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long a = map_anon(PAGE_SIZE, PROT_RW);
	struct hook_ctx c = { .op = OP_DONTNEED, .a = a };
	struct page *old, *page;

	fault_and_hold(a, &old);
	gup_fast_set_race_hook(race_hook, &c);
	assert_int_equal(pin_user_pages_fast(a, 1, FOLL_WRITE, &page), 1);
	gup_fast_set_race_hook(NULL, NULL);
	assert_ptr_not_equal(page, old);
	assert_int_equal(page_to_pfn(page), pte_pfn(test_get_pte(a)));
	assert_false(page_maybe_dma_pinned(old));
	assert_int_equal(page_ref_count(old), 1);
	unpin_user_page(page);
	put_page(old);
	mm_test_platform_free(plat);
}

/*
 * Migration between the PTE read and the grab: the old page lives on
 * (the migration caller's reference), the PTE now maps the copy; the
 * pin must be of the copy. Guards: the PTE re-check.
 */
static void test_gup_fast_vs_migration_rechecks_pte(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 8 * MiB);
	unsigned long a = map_anon(PAGE_SIZE, PROT_RW);
	struct hook_ctx c = { .op = OP_MIGRATE, .a = a };
	struct page *page;

	fault_and_hold(a, &c.old);
	assert_int_equal(page_zonenum(c.old), ZONE_MOVABLE);
	gup_fast_set_race_hook(race_hook, &c);
	assert_int_equal(pin_user_pages_fast(a, 1, FOLL_WRITE, &page), 1);
	gup_fast_set_race_hook(NULL, NULL);
	assert_non_null(c.migrated);
	assert_ptr_equal(page, c.migrated);
	assert_int_equal(page_to_pfn(page), pte_pfn(test_get_pte(a)));
	assert_string_equal((char *)page_address(page), "old");
	assert_false(page_maybe_dma_pinned(c.old));
	unpin_user_page(page);
	put_page(c.old);
	mm_test_platform_free(plat);
}

/*
 * munmap between the PTE read and the grab with no other reference: the
 * page is free by the time of the grab and must not be revived (no
 * "get_page on a free page" report, no leak). Guards: the grab taking a
 * reference only if the count is not zero.
 */
static void test_gup_fast_never_revives_freed_page(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long before = free_pages_all(plat);
	unsigned long a = map_anon(PAGE_SIZE, PROT_RW);
	struct hook_ctx c = { .op = OP_MUNMAP, .a = a };
	struct page *page = NULL;

	assert_int_equal(cpu_write(a, "x", 1), 0);
	gup_fast_set_race_hook(race_hook, &c);
	assert_int_equal(pin_user_pages_fast(a, 1, 0, &page), -EFAULT);
	gup_fast_set_race_hook(NULL, NULL);
	assert_int_equal(free_pages_all(plat), before);
	mm_test_platform_free(plat);
}

/*
 * Anything the walk cannot take ends it and the slow path continues:
 * a not-present page is faulted in, a write to a read-only PTE of a
 * private mapping goes through COW (FOLL_FORCE), a movable page for
 * FOLL_LONGTERM is migrated, a PROT_NONE PTE is refused by the VMA.
 * Guards: the walk's PTE and zone checks.
 */
static void test_gup_fast_falls_back(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 8 * MiB);
	unsigned long a = map_anon(4 * PAGE_SIZE, PROT_RW);
	unsigned long ro = map_anon(PAGE_SIZE, PROT_READ);
	struct page *pages[4], *page;
	int i;

	/* Pages 0 and 2 faulted; 1 and 3 not: all four come back. */
	assert_int_equal(cpu_write(a, "0", 1), 0);
	assert_int_equal(cpu_write(a + 2 * PAGE_SIZE, "2", 1), 0);
	assert_int_equal(pin_user_pages_fast(a, 4, FOLL_WRITE | FOLL_LONGTERM,
					     pages), 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(page_zonenum(pages[i]), ZONE_NORMAL);
		assert_int_equal(page_to_pfn(pages[i]),
				 pte_pfn(test_get_pte(a + i * PAGE_SIZE)));
	}
	assert_string_equal((char *)page_address(pages[2]), "2");
	unpin_user_pages(pages, 4);
	/* Read-faulted read-only page, written with FOLL_FORCE: a COW copy. */
	assert_int_equal(get_user_pages_fast(ro, 1, 0, &page), 1);
	put_page(page);
	assert_int_equal(pin_user_pages_fast(ro, 1, FOLL_WRITE, &page),
			 -EFAULT);
	assert_int_equal(pin_user_pages_fast(ro, 1, FOLL_WRITE | FOLL_FORCE,
					     &page), 1);
	unpin_user_page(page);
	/* A present PTE of PROT_NONE: not for the walk; the VMA refuses. */
	assert_int_equal(sys_mprotect(a, PAGE_SIZE, PROT_NONE), 0);
	assert_int_equal(get_user_pages_fast(a, 1, 0, &page), -EFAULT);
	/* Bad arguments. */
	assert_int_equal(pin_user_pages_fast(TASK_SIZE - PAGE_SIZE, 2, 0,
					     pages), -EFAULT);
	assert_int_equal(get_user_pages_fast(a, -1, 0, pages), 0);
	mm_test_platform_free(plat);
}

struct race {
	struct task_struct *leader;
	unsigned long a;
};

static void gup_fast_race_thread(int idx, void *arg)
{
	struct race *r = arg;
	struct task_struct *t = task_create_thread(r->leader, "gf");
	struct page *pages[NPG];
	char buf[PAGE_SIZE];
	int n, i, got;
	long ret;

	assert_false(IS_ERR(t));
	set_current(t);
	for (n = 0; n < ITERS; n++) {
		i = n % NPG;
		if (idx == 0) {
			/* Thread 1 may have a page unmapped just now. */
			ret = sys_madvise(r->a, NPG * PAGE_SIZE, MADV_DONTNEED);
			assert_true(ret == 0 || ret == -ENOMEM);
			memset(buf, i + 1, sizeof(buf));
			ret = cpu_write(r->a + i * PAGE_SIZE, buf, PAGE_SIZE);
			assert_true(ret == 0 || ret == -EFAULT);
		} else if (idx == 1) {
			assert_int_equal(sys_munmap(r->a + i * PAGE_SIZE,
						    PAGE_SIZE), 0);
			assert_int_equal(sys_mmap(r->a + i * PAGE_SIZE,
						  PAGE_SIZE, PROT_RW,
						  MAP_ANON_PRIV | MAP_FIXED,
						  -1, 0),
					 (long)(r->a + i * PAGE_SIZE));
		} else {
			got = pin_user_pages_fast(r->a, NPG, FOLL_WRITE, pages);
			/* A prefix (the walk may meet a hole), or -EFAULT. */
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
	set_current(NULL);
	task_exit(t);
}

/*
 * Free-running: pins race zaps and munmap/mmap of single pages. The
 * sanitizer reports any use of a page after it left the mapping; the
 * count of free pages proves no reference or pin leaked.
 */
static void test_gup_fast_vs_zap_and_munmap_threads(void **state)
{
	struct platform *plat = mm_test_platform(32 * MiB, 0);
	unsigned long before = free_pages_all(plat);
	struct race r = { .leader = current };

	r.a = map_anon(NPG * PAGE_SIZE, PROT_RW);
	dmb_run_threads(3, gup_fast_race_thread, &r);
	assert_int_equal(sys_munmap(r.a, NPG * PAGE_SIZE), 0);
	assert_int_equal(free_pages_all(plat), before);
	mm_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_gup_fast_walks_without_mmap_lock),
		dmb_unit_test(test_gup_fast_vs_munmap_rechecks_pte),
		dmb_unit_test(test_gup_fast_vs_dontneed_rechecks_pte),
		dmb_unit_test(test_gup_fast_vs_migration_rechecks_pte),
		dmb_unit_test(test_gup_fast_never_revives_freed_page),
		dmb_unit_test(test_gup_fast_falls_back),
		dmb_unit_test(test_gup_fast_vs_zap_and_munmap_threads),
	};

	return dmb_run_tests(tests);
}
