// SPDX-License-Identifier: GPL-2.0
/*
 * mm benchmarks: vma_lookup against a binary search over a sorted array
 * of the same ranges (both return the VMA pointer); pin_user_pages of already-faulted pages with and
 * without FOLL_LONGTERM and with migration out of ZONE_MOVABLE; fault-in
 * throughput of anonymous and memfd memory; invalidation cost with 1, 100
 * and 10,000 mmu interval notifiers; MADV_DONTNEED of a populated range
 * and mmap/munmap cycles. Pins, faults, zaps and mmap cycles print the
 * host kernel's figure for the same operation beside dmabridge's, from the
 * same run (bench_host.h), and faults also the floor: zero a page, store
 * one PTE.
 * Usage: bench_mm [pin_mib] [max_vmas]   (default 1024 1000000)
 */
#include "bench_cli.h"
#include "bench_host.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/sched.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/mm.h>
#include <dmabridge/mman.h>
#include <dmabridge/gup.h>
#include <dmabridge/mmu_notifier.h>
#include <dmabridge/slab.h>
#include <dmabridge/lockdep.h>

#define MiB (1ULL << 20)
#define VMA_BASE 0x100000000UL

/* Thread CPU time, as the anchors: other processes' time is not ours. */
static double now_ns(void)
{
	return host_cpu_ns();
}

static void die(const char *what)
{
	fprintf(stderr, "bench_mm: %s failed\n", what);
	exit(1);
}

/* ---- find_vma vs binary search ---- */

/*
 * The references: the same VMAs as a sorted array, two layouts, each
 * returning the VMA pointer for an address (NULL in a gap), as
 * vma_lookup() does. "split": the searched ends alone (8 per cache
 * line), then the hit's start and VMA pointer from a parallel array;
 * "records": one array of {end, start, vma}, the hit's start and pointer
 * on the line of its end. The faster of the two is the reference.
 */
struct bench_vma_rec {
	unsigned long end, start;
	struct vm_area_struct *vma;
};

struct bench_vma_ref {
	unsigned long start;
	struct vm_area_struct *vma;
};

static unsigned long *ends;
static struct bench_vma_ref *refs;
static struct bench_vma_rec *recs;

static struct vm_area_struct *bsearch_split(unsigned long n,
					    unsigned long addr)
{
	unsigned long lo = 0, hi = n;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (ends[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && refs[lo].start <= addr ? refs[lo].vma : NULL;
}

static struct vm_area_struct *bsearch_recs(unsigned long n,
					   unsigned long addr)
{
	unsigned long lo = 0, hi = n;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (recs[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && recs[lo].start <= addr ? recs[lo].vma : NULL;
}

/*
 * Both sides do the same with each result: count the non-NULL ones. The
 * tree side is vma_lookup() (find_vma() plus "is @addr inside?", which
 * the index answers from its own pivots), under mmap_lock held once
 * around the loop; the array sides take no lock.
 */
static void bench_find_vma(struct mm_struct *mm, unsigned long max_vmas)
{
	static const unsigned long sizes[] = { 10, 1000, 100000, 1000000 };
	const unsigned long lookups = 2000000;
	unsigned long *addrs = malloc(lookups * sizeof(*addrs));
	unsigned long have = 0, i, s, hits, hits_split, hits_recs;
	volatile unsigned long sink = 0;
	double t0, t_tree, t_split, t_recs, t_arr;

	ends = malloc(max_vmas * sizeof(*ends));
	refs = malloc(max_vmas * sizeof(*refs));
	recs = malloc(max_vmas * sizeof(*recs));
	if (!addrs || !ends || !refs || !recs)
		die("malloc");
	mm_set_max_map_count(mm, max_vmas + 16);
	srand(1);
	for (s = 0; s < ARRAY_SIZE(sizes) && sizes[s] <= max_vmas; s++) {
		unsigned long n = sizes[s];

		/* One page each, a one-page gap between: nothing merges. */
		for (; have < n; have++) {
			unsigned long a = VMA_BASE + have * 2 * PAGE_SIZE;

			if (do_mmap(mm, NULL, a, PAGE_SIZE, PROT_READ,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				    0) != (long)a)
				die("mmap");
			mmap_read_lock(mm);
			refs[have].vma = vma_lookup(mm, a);
			mmap_read_unlock(mm);
			refs[have].start = a;
			ends[have] = a + PAGE_SIZE;
			recs[have].end = a + PAGE_SIZE;
			recs[have].start = a;
			recs[have].vma = refs[have].vma;
		}
		for (i = 0; i < lookups; i++)
			addrs[i] = VMA_BASE + ((unsigned long)rand() * 7919 %
					       (2 * n)) * PAGE_SIZE + 17;
		mmap_read_lock(mm);
		hits = 0;
		t0 = now_ns();
		for (i = 0; i < lookups; i++)
			if (vma_lookup(mm, addrs[i]))
				hits++;
		t_tree = (now_ns() - t0) / lookups;
		mmap_read_unlock(mm);
		hits_split = 0;
		t0 = now_ns();
		for (i = 0; i < lookups; i++)
			if (bsearch_split(n, addrs[i]))
				hits_split++;
		t_split = (now_ns() - t0) / lookups;
		hits_recs = 0;
		t0 = now_ns();
		for (i = 0; i < lookups; i++)
			if (bsearch_recs(n, addrs[i]))
				hits_recs++;
		t_recs = (now_ns() - t0) / lookups;
		if (hits != hits_split || hits != hits_recs)
			die("find_vma disagrees with binary search");
		sink += hits;
		t_arr = t_split < t_recs ? t_split : t_recs;
		printf("find_vma %8lu VMAs: vma_lookup %6.1f ns/lookup  sorted-array "
		       "bsearch: %6.1f ns/lookup (split %.1f, records %.1f)  ratio %.2f\n",
		       n, t_tree, t_arr, t_split, t_recs, t_tree / t_arr);
	}
	(void)sink;
	if (do_munmap(mm, VMA_BASE, have * 2 * PAGE_SIZE))
		die("munmap");
	free(addrs);
	free(ends);
	free(refs);
	free(recs);
}

/* Interleaved rounds of dmabridge and host; figures are their medians. */
#define ROUNDS 5

/* ---- pinning ---- */

static double pin_all(unsigned long a, unsigned long nr, unsigned int flags,
		      struct page **pages, double *unpin)
{
	const unsigned long batch = 512;
	unsigned long done;
	double t0 = host_cpu_ns(), t;

	for (done = 0; done < nr; done += batch)
		if (pin_user_pages_fast(a + done * PAGE_SIZE, batch, flags,
					pages + done) != (int)batch)
			die("pin_user_pages_fast");
	t = host_cpu_ns();
	unpin_user_pages(pages, nr);
	if (unpin)
		*unpin = (host_cpu_ns() - t) / nr;
	return (t - t0) / nr;
}

static void bench_pin(struct platform *plat, unsigned long mib)
{
	int rounds = bench_rounds(ROUNDS);
	unsigned long nr = mib * MiB / PAGE_SIZE, len = nr * PAGE_SIZE;
	struct page **pages = malloc(nr * sizeof(*pages));
	double lt[ROUNDS], lt_un[ROUNDS], host[ROUNDS], host_un[ROUNDS];
	double plain, migrate, d, h;
	long a;
	int r;

	if (!pages)
		die("malloc");
	a = sys_mmap(0, len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (a < 0)
		die("mmap");
	plain = pin_all(a, nr, FOLL_WRITE, pages, NULL);	/* movable */
	migrate = pin_all(a, nr, FOLL_WRITE | FOLL_LONGTERM, pages, NULL);
	for (r = 0; r < rounds; r++) {
		lt[r] = pin_all(a, nr, FOLL_WRITE | FOLL_LONGTERM, pages,
				&lt_un[r]);
		host[r] = host_pin_longterm(nr, &host_un[r]);
		if (host[r] < 0)
			break;
	}
	printf("pin_user_pages %lu MiB of 4 KiB pages: %.1f ns/page; "
	       "FOLL_LONGTERM migrating out of ZONE_MOVABLE: %.1f ns/page\n",
	       mib, plain, migrate);
	if (r < rounds) {
		printf("pin FOLL_LONGTERM %lu MiB, faulted 4 KiB pages: dmabridge %.1f ns/page; host long-term pin unavailable: io_uring_setup/register failed (%s)\n",
		       mib, lt[0], strerror((int)-host[r]));
	} else {
		d = host_median(lt, rounds);
		h = host_median(host, rounds);
		printf("pin FOLL_LONGTERM %lu MiB, faulted 4 KiB pages: dmabridge %.1f ns/page, host io_uring buffer registration %.1f ns/page, ratio %.2f\n",
		       mib, d, h, d / h);
		d = host_median(lt_un, rounds);
		h = host_median(host_un, rounds);
		printf("unpin the same: dmabridge unpin_user_pages %.1f ns/page, host io_uring unregistration %.1f ns/page, ratio %.2f\n",
		       d, h, d / h);
	}
	if (zone_free_pages(plat, ZONE_NORMAL) == 0)
		die("zones");
	sys_munmap(a, len);
	free(pages);
}

/* ---- fault-in ---- */

/* ns per page of one CPU write to each page. */
static double touch_all(unsigned long a, unsigned long nr)
{
	double t0 = host_cpu_ns();
	unsigned long i;
	char c = 1;

	for (i = 0; i < nr; i++)
		if (cpu_write(a + i * PAGE_SIZE, &c, 1))
			die("cpu_write");
	return (host_cpu_ns() - t0) / nr;
}

static void bench_faults(unsigned long mib)
{
	int rounds = bench_rounds(ROUNDS);
	unsigned long nr = mib * MiB / PAGE_SIZE, len = nr * PAGE_SIZE;
	double anon[ROUNDS], shm[ROUNDS], hit[ROUNDS], anon_nolock[ROUNDS];
	double h_anon[ROUNDS], h_shm[ROUNDS], floor[ROUNDS];
	double d, h, f;
	long a;
	int fd, r;

	for (r = 0; r < rounds; r++) {
		a = sys_mmap(0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a < 0)
			die("mmap");
		anon[r] = touch_all(a, nr);
		hit[r] = touch_all(a, nr);
		sys_munmap(a, len);
		/* How much of it is the lock checker's bookkeeping. */
		a = sys_mmap(0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a < 0)
			die("mmap");
		lockdep_set_enabled(false);
		anon_nolock[r] = touch_all(a, nr);
		lockdep_set_enabled(true);
		sys_munmap(a, len);
		h_anon[r] = host_fault_anon(nr);
		fd = sys_memfd_create("bench", 0);
		if (fd < 0 || sys_ftruncate(fd, len))
			die("memfd");
		a = sys_mmap(0, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			     0);
		if (a < 0)
			die("mmap memfd");
		shm[r] = touch_all(a, nr);
		sys_munmap(a, len);
		sys_close(fd);
		h_shm[r] = host_fault_memfd(nr);
		floor[r] = host_fault_floor(nr);
	}
	f = host_median(floor, rounds);
	d = host_median(anon, rounds);
	h = host_median(h_anon, rounds);
	printf("fault-in %lu MiB by CPU writes, anonymous: dmabridge %.0f ns/fault, host kernel %.0f ns/fault, ratio %.2f; floor (zero 4 KiB + one PTE store) %.0f ns, dmabridge %.2fx the floor\n",
	       mib, d, h, d / h, f, d / f);
	d = host_median(anon_nolock, rounds);
	printf("fault-in %lu MiB by CPU writes, anonymous, lock checking off: dmabridge %.0f ns/fault, %.2fx the floor\n",
	       mib, d, d / f);
	d = host_median(shm, rounds);
	h = host_median(h_shm, rounds);
	printf("fault-in %lu MiB by CPU writes, memfd (MAP_SHARED): dmabridge %.0f ns/fault, host kernel %.0f ns/fault, ratio %.2f; dmabridge %.2fx the floor\n",
	       mib, d, h, d / h, d / f);
	printf("CPU write to an already-mapped page (dmabridge, simulated MMU): %.1f ns\n",
	       host_median(hit, rounds));
}

/* ---- MADV_DONTNEED of a populated range ---- */

static void bench_zap(unsigned long mib)
{
	int rounds = bench_rounds(ROUNDS);
	unsigned long nr = mib * MiB / PAGE_SIZE, len = nr * PAGE_SIZE;
	double dmb[ROUNDS], host[ROUNDS], nolock[ROUNDS], t0, d, h;
	long a;
	int r;

	for (r = 0; r < rounds; r++) {
		a = sys_mmap(0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
			     0);
		if (a < 0)
			die("mmap");
		t0 = host_cpu_ns();
		if (sys_madvise(a, len, MADV_DONTNEED))
			die("madvise");
		dmb[r] = (host_cpu_ns() - t0) / nr;
		sys_munmap(a, len);
		host[r] = host_zap(nr);
		a = sys_mmap(0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
			     0);
		if (a < 0)
			die("mmap");
		lockdep_set_enabled(false);
		t0 = host_cpu_ns();
		if (sys_madvise(a, len, MADV_DONTNEED))
			die("madvise");
		nolock[r] = (host_cpu_ns() - t0) / nr;
		lockdep_set_enabled(true);
		sys_munmap(a, len);
	}
	d = host_median(dmb, rounds);
	h = host_median(host, rounds);
	printf("MADV_DONTNEED of a populated %lu MiB range: dmabridge %.1f ns/page, host kernel %.1f ns/page, ratio %.2f; lock checking off: dmabridge %.1f ns/page\n",
	       mib, d, h, d / h, host_median(nolock, rounds));
}

/* ---- mmap/munmap cycles ---- */

static double dmb_mmap_cycle(size_t len, int reps)
{
	double t0 = host_cpu_ns();
	int i;

	for (i = 0; i < reps; i++) {
		long a = sys_mmap(0, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (a < 0 || sys_munmap(a, len))
			die("mmap cycle");
	}
	return (host_cpu_ns() - t0) / reps;
}

static void bench_mmap_cycle(int reps)
{
	int rounds = bench_rounds(ROUNDS);
	static const size_t sizes[] = { 4096, 2 * MiB };
	double dmb[ROUNDS], host[ROUNDS], d, h;
	unsigned int k;
	int r;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		for (r = 0; r < rounds; r++) {
			dmb[r] = dmb_mmap_cycle(sizes[k], reps);
			host[r] = host_mmap_cycle(sizes[k], reps);
		}
		d = host_median(dmb, rounds);
		h = host_median(host, rounds);
		printf("mmap+munmap of %zu KiB anonymous, untouched: dmabridge %.0f ns/cycle, host kernel %.0f ns/cycle, ratio %.2f\n",
		       sizes[k] >> 10, d, h, d / h);
	}
}

/* ---- invalidation ---- */

static bool nop_invalidate(struct mmu_interval_notifier *sub,
			   const struct mmu_notifier_range *range,
			   unsigned long cur_seq)
{
	mmu_interval_set_seq(sub, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops nop_ops = {
	.invalidate = nop_invalidate,
};

static void bench_invalidate(struct mm_struct *mm)
{
	static const unsigned long counts[] = { 1, 100, 10000 };
	unsigned long k, i, reps;
	double t0, one, all;

	for (k = 0; k < ARRAY_SIZE(counts); k++) {
		unsigned long n = counts[k], len = n * PAGE_SIZE;
		struct mmu_interval_notifier *subs = calloc(n, sizeof(*subs));
		long a = sys_mmap(0, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (!subs || a < 0)
			die("notifier setup");
		for (i = 0; i < n; i++)
			if (mmu_interval_notifier_insert(&subs[i], mm,
							 a + i * PAGE_SIZE,
							 PAGE_SIZE, &nop_ops))
				die("notifier insert");
		reps = 20000;
		t0 = now_ns();
		for (i = 0; i < reps; i++)
			sys_madvise(a + (i % n) * PAGE_SIZE, PAGE_SIZE,
				    MADV_DONTNEED);
		one = (now_ns() - t0) / reps;
		reps = n >= 10000 ? 50 : 2000;
		t0 = now_ns();
		for (i = 0; i < reps; i++)
			sys_madvise(a, len, MADV_DONTNEED);
		all = (now_ns() - t0) / reps;
		printf("invalidate with %5lu notifiers: 1-page range %.0f ns; "
		       "whole range (%lu callbacks) %.0f ns = %.1f ns/callback\n",
		       n, one, n, all, all / n);
		for (i = 0; i < n; i++)
			mmu_interval_notifier_remove(&subs[i]);
		sys_munmap(a, len);
		free(subs);
	}
}

static int bench_main(int argc, char **argv)
{
	unsigned long pin_mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
	unsigned long max_vmas = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000000;
	struct platform_mem_config cfg;
	struct platform *plat = calloc(1, sizeof(*plat));
	struct task_struct *t;

	if (!pin_mib)
		pin_mib = 1;
	/* Room for the pinned range twice (movable, then normal) and more. */
	cfg.ram_size = ALIGN((2 * pin_mib + 512) * MiB, 2 * MiB);
	cfg.movable_size = ALIGN((pin_mib + 128) * MiB, 2 * MiB);
	cfg.cma_size = 0;
	if (!plat || platform_kernel_init(plat, "bench_mm") ||
	    platform_mem_init(plat, &cfg) || dma_sanitizer_init(plat))
		die("platform");
	t = process_create(plat, "bench");
	if (IS_ERR(t))
		die("process_create");
	set_current(t);

	bench_find_vma(t->mm, max_vmas);
	bench_pin(plat, pin_mib);
	bench_faults(pin_mib < 256 ? pin_mib : 256);
	bench_zap(pin_mib < 256 ? pin_mib : 256);
	bench_mmap_cycle(pin_mib < 256 ? 2000 : 20000);
	bench_invalidate(t->mm);

	set_current(NULL);
	task_exit(t);
	dma_sanitizer_fini(plat);
	platform_mem_fini(plat);
	platform_kernel_fini(plat);
	free(plat);
	return 0;
}

int main(int argc, char **argv)
{
	bench_cli(&argc, argv, "[pin MiB] [max VMAs]",
		  "find_vma, pin_user_pages (FOLL_LONGTERM, migration), fault-in and\n"
		  "mmu notifier invalidation. Defaults: 1024 MiB, 1000000 VMAs.",
		  2);
	return bench_main(argc, argv);
}
