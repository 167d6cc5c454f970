/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for tests of mm/: a memory platform and a current process. */
#ifndef DMB_MM_TEST_H
#define DMB_MM_TEST_H

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/hw.h>
#include <dmabridge/page.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/platform.h>
#include <dmabridge/sched.h>
#include <dmabridge/fs.h>
#include <dmabridge/mm.h>
#include <dmabridge/mman.h>
#include <dmabridge/gup.h>
#include <dmabridge/mmu_notifier.h>
#include <dmabridge/shmem.h>
#include <dmabridge/syscalls.h>

#define MiB (1ULL << 20)
#define PROT_RW (PROT_READ | PROT_WRITE)
#define MAP_ANON_PRIV (MAP_ANONYMOUS | MAP_PRIVATE)

/*
 * A platform with @ram bytes of RAM (@movable of them in ZONE_MOVABLE),
 * the sanitizer, and a current process with an empty mm.
 */
static inline struct platform *mm_test_platform(u64 ram, u64 movable)
{
	struct platform_mem_config cfg = {
		.ram_size = ram, .movable_size = movable,
	};
	struct platform *plat = dmb_kernel_platform();

	assert_int_equal(platform_mem_init(plat, &cfg), 0);
	assert_int_equal(dma_sanitizer_init(plat), 0);
	current->mm = mm_alloc(plat);
	assert_non_null(current->mm);
	/* The boot-time lock order, as platform_create() records it. */
	mm_resv_lockdep_prime(plat);
	return plat;
}

static inline void mm_test_platform_free(struct platform *plat)
{
	struct task_struct *t = current;

	if (t && t->platform == plat) {
		set_current(NULL);
		task_exit(t);
	}
	dma_sanitizer_fini(plat);
	platform_mem_fini(plat);
	dmb_kernel_platform_free(plat);
}

static inline unsigned long free_pages_all(struct platform *plat)
{
	return zone_free_pages(plat, ZONE_NORMAL) +
	       zone_free_pages(plat, ZONE_MOVABLE);
}

static inline unsigned long map_anon(unsigned long len, unsigned long prot)
{
	long addr = sys_mmap(0, len, prot, MAP_ANON_PRIV, -1, 0);

	assert_true(addr > 0);
	return addr;
}

/* The PTE at @addr of current's mm (0 if none). */
static inline pte_t test_get_pte(unsigned long addr)
{
	struct pte_table *t = pte_table_lookup(current->mm, addr);
	pte_t pte = __pte(0);

	if (t) {
		spin_lock(&t->ptl);
		pte = t->pte[pte_index(addr)];
		spin_unlock(&t->ptl);
	}
	return pte;
}

#endif
