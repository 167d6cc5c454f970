// SPDX-License-Identifier: GPL-2.0
/*
 * The mm race tests (tests/mm/test_mm_races.c) under schedule
 * exploration: the same thread bodies, a few iterations each, every
 * schedule a fresh platform. Each proves that no interleaving the
 * explorer tries breaks the protection named below.
 */
#include "explore_race.h"

static int ex_iters;
#define ITERS ex_iters
#define main mm_races_main
#include "../mm/test_mm_races.c"
#undef main

/*
 * Fault vs zap: CPU reads fault pages in while unmap_mapping_range() and
 * MADV_DONTNEED zap them. Guards the page-table lock and the fault's
 * recheck of the PTE (a read would see a freed page's bytes).
 */
static void fault_vs_zap_body(void *arg)
{
	ex_iters = 2;
	test_cpu_fault_vs_zap(NULL);
}

static void test_explore_fault_vs_zap(void **state)
{
	explore_race("fault_vs_zap", fault_vs_zap_body, EX_CI_SCHEDULES);
}

/*
 * Fault vs invalidate: a device mirror filled with the collision-retry
 * pattern (mmu_interval_read_begin / read_retry) while pages are zapped,
 * refaulted and migrated. Guards the notifier around every zap and the
 * retry under the driver lock (a stale PFN is a sanitizer report).
 */
static void mirror_body(void *arg)
{
	ex_iters = 3;
	test_notifier_readers_vs_invalidations(NULL);
}

static void test_explore_mirror_vs_invalidate(void **state)
{
	explore_race("mirror_vs_invalidate", mirror_body, EX_CI_SCHEDULES);
	/*
	 * The device's check ran in some schedule (not vacuous); cmocka's
	 * own assertion, as assert_true() is explore_fail() in this file.
	 */
	_assert_true(mirror_checks_total > 0, "mirror_checks_total > 0",
		     __FILE__, __LINE__);
}

/*
 * GUP vs munmap: pin_user_pages_fast() against munmap + mmap of the same
 * range. Guards the page references GUP takes under the page-table lock.
 */
static void gup_vs_munmap_body(void *arg)
{
	ex_iters = 2;
	test_gup_vs_munmap(NULL);
}

static void test_explore_gup_vs_munmap(void **state)
{
	explore_race("gup_vs_munmap", gup_vs_munmap_body, EX_CI_SCHEDULES);
}

/*
 * Pin vs migrate: FOLL_LONGTERM pins migrate pages out of ZONE_MOVABLE
 * (and back) while other threads read them. Guards the migration's
 * unmap-copy-remap under the page lock (a reader would see a copy in
 * progress or a freed page).
 */
static void pin_vs_migrate_body(void *arg)
{
	ex_iters = 10;	/* one pin-and-migrate round per buffer */
	test_longterm_vs_cpu(NULL);
}

static void test_explore_pin_vs_migrate(void **state)
{
	explore_race("pin_vs_migrate", pin_vs_migrate_body,
		     EX_CI_SCHEDULES / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_explore_fault_vs_zap),
		dmb_unit_test(test_explore_mirror_vs_invalidate),
		dmb_unit_test(test_explore_gup_vs_munmap),
		dmb_unit_test(test_explore_pin_vs_migrate),
	};

	return dmb_run_tests(tests);
}
