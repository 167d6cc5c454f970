// SPDX-License-Identifier: GPL-2.0
/*
 * tests/mm/test_gup_fast.c's threaded race under exploration, and two
 * threads faulting the same empty anonymous PTE at once.
 */
#include "explore_race.h"
#include "explore_more.h"
#define ITERS 4
#define main gup_fast_main
#include "../mm/test_gup_fast.c"
#undef main

/*
 * pin_user_pages_fast() against MADV_DONTNEED + refault and munmap +
 * mmap of single pages. Guards the lockless walk's recheck of the PTE
 * after it grabs the page, and the fault path's lockless read of a
 * missing PTE (rechecked under the page-table lock).
 */
static void gup_fast_vs_zap_body(void *arg)
{
	test_gup_fast_vs_zap_and_munmap_threads(NULL);
}

struct same_pte {
	struct task_struct *leader;
	unsigned long a;
	struct page *page[2];
};

static void same_pte_thread(int idx, void *arg)
{
	struct same_pte *s = arg;
	struct task_struct *t = task_create_thread(s->leader, "fault");
	char v = idx + 1;

	assert_false(IS_ERR(t));
	set_current(t);
	/* Each writes its own byte: a fault installs the page. */
	assert_int_equal(cpu_write(s->a + idx, &v, 1), 0);
	assert_int_equal(get_user_pages_fast(s->a, 1, 0, &s->page[idx]), 1);
	set_current(NULL);
	task_exit(t);
}

/*
 * Two threads fault the same empty anonymous PTE at once: one page is
 * installed and both see it (both bytes are there, no page leaks).
 * Guards handle_mm_fault()'s recheck, under the page-table lock, of the
 * missing PTE it read without the lock (without it, the second fault
 * installs a second page over the first and a write is lost).
 */
static void same_pte_fault_body(void *arg)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long before = free_pages_all(plat);
	struct same_pte s = { .leader = current };
	char b[2];

	s.a = map_anon(PAGE_SIZE, PROT_RW);
	dmb_run_threads(2, same_pte_thread, &s);
	assert_ptr_equal(s.page[0], s.page[1]);
	assert_int_equal(cpu_read(s.a, b, 2), 0);
	assert_int_equal(b[0], 1);
	assert_int_equal(b[1], 2);
	put_page(s.page[0]);
	put_page(s.page[1]);
	assert_int_equal(sys_munmap(s.a, PAGE_SIZE), 0);
	assert_int_equal(free_pages_all(plat), before);
	mm_test_platform_free(plat);
}

const struct ex_body ex_gup_fast_bodies[] = {
	{ "gup_fast_vs_zap_and_munmap", gup_fast_vs_zap_body, 2 },
	{ "fault_same_empty_pte", same_pte_fault_body, 1 },
	{ NULL }
};
