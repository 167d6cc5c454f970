/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Same-run anchors: the host's own Linux kernel doing the operation a
 * benchmark measures in dmabridge, in the same process, on the same cores,
 * plus the physical floor of a fault (zero a page, store one PTE). Host
 * ranges are 4 KiB pages (MADV_NOHUGEPAGE), like dmabridge's.
 *
 * Times are the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which
 * includes the system time of its syscalls and faults but not the time
 * other processes on the shared cores run instead of it. Every operation
 * measured this way runs entirely on the calling thread, in dmabridge too.
 */
#ifndef DMABRIDGE_BENCH_HOST_H
#define DMABRIDGE_BENCH_HOST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/io_uring.h>

#define HOST_PAGE 4096UL

/*
 * Rounds to take of a measurement: @full normally, 1 in the brief runs of
 * the `bench` meson suite (DMB_BENCH_QUICK set), which only check that
 * every benchmark still runs.
 */
static inline int bench_rounds(int full)
{
	return getenv("DMB_BENCH_QUICK") ? 1 : full;
}

static inline double host_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline int host_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of @n values (sorts @v). */
static inline double host_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), host_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static inline void host_die(const char *what)
{
	fprintf(stderr, "host anchor: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A fresh 4 KiB-page anonymous range, not yet faulted in. */
static inline char *host_map_anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		host_die("mmap");
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

/* Write one byte per page: one minor fault each on a fresh range. */
static inline double host_touch(char *p, unsigned long nr)
{
	double t0 = host_cpu_ns();
	unsigned long i;

	for (i = 0; i < nr; i++)
		((volatile char *)p)[i * HOST_PAGE] = 1;
	return (host_cpu_ns() - t0) / nr;
}

/* ns per CPU write fault on fresh anonymous memory. */
static inline double host_fault_anon(unsigned long nr)
{
	char *p = host_map_anon(nr * HOST_PAGE);
	double t = host_touch(p, nr);

	munmap(p, nr * HOST_PAGE);
	return t;
}

/* ns per CPU write fault on a fresh shared mapping of a memfd. */
static inline double host_fault_memfd(unsigned long nr)
{
	size_t len = nr * HOST_PAGE;
	int fd = memfd_create("bench-anchor", 0);
	char *p;
	double t;

	if (fd < 0 || ftruncate(fd, len))
		host_die("memfd");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		host_die("mmap memfd");
	madvise(p, len, MADV_NOHUGEPAGE);
	t = host_touch(p, nr);
	munmap(p, len);
	close(fd);
	return t;
}

/* ns per page of one madvise(MADV_DONTNEED) over a populated range. */
static inline double host_zap(unsigned long nr)
{
	size_t len = nr * HOST_PAGE;
	char *p = host_map_anon(len);
	double t0;

	host_touch(p, nr);
	t0 = host_cpu_ns();
	if (madvise(p, len, MADV_DONTNEED))
		host_die("madvise");
	t0 = host_cpu_ns() - t0;
	munmap(p, len);
	return t0 / nr;
}

/* ns per mmap+munmap of an anonymous @len range, never touched. */
static inline double host_mmap_cycle(size_t len, int reps)
{
	double t0 = host_cpu_ns();
	int i;

	for (i = 0; i < reps; i++) {
		void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || munmap(p, len))
			host_die("mmap cycle");
	}
	return (host_cpu_ns() - t0) / reps;
}

/*
 * The host kernel's long-term pin: io_uring fixed-buffer registration
 * pins every page with FOLL_LONGTERM (and builds its bio_vec table).
 * Raw syscalls, no liburing. Returns ns/page to register, *unpin ns/page
 * to unregister, or a negative errno when io_uring is not allowed here.
 */
static inline double host_pin_longterm(unsigned long nr, double *unpin)
{
	struct io_uring_params params;
	size_t len = nr * HOST_PAGE, done;
	/* One iovec may not exceed 1 GiB. */
	const size_t chunk = 1UL << 30;
	struct iovec iov[64];
	unsigned int n = 0;
	double t0, t;
	char *p;
	int fd;

	memset(&params, 0, sizeof(params));
	fd = syscall(__NR_io_uring_setup, 4, &params);
	if (fd < 0)
		return -errno;
	p = host_map_anon(len);
	host_touch(p, nr);
	for (done = 0; done < len && n < 64; done += chunk, n++) {
		iov[n].iov_base = p + done;
		iov[n].iov_len = len - done < chunk ? len - done : chunk;
	}
	t0 = host_cpu_ns();
	if (syscall(__NR_io_uring_register, fd, IORING_REGISTER_BUFFERS, iov,
		    n) < 0) {
		t = -errno;
		goto out;
	}
	t = host_cpu_ns();
	if (syscall(__NR_io_uring_register, fd, IORING_UNREGISTER_BUFFERS,
		    NULL, 0) < 0)
		host_die("io_uring unregister");
	*unpin = (host_cpu_ns() - t) / nr;
	t = (t - t0) / nr;
out:
	munmap(p, len);
	close(fd);
	return t;
}

/*
 * The physical floor of a write fault: zero one 4 KiB page and store one
 * page-table entry, over a range as large as the faulted one (so it misses
 * the caches as the fault does). ns per page.
 */
static inline double host_fault_floor(unsigned long nr)
{
	char *p = host_map_anon(nr * HOST_PAGE);
	unsigned long *ptes = calloc(nr, sizeof(*ptes));
	double t0;
	unsigned long i;

	if (!ptes)
		host_die("calloc");
	host_touch(p, nr);
	t0 = host_cpu_ns();
	for (i = 0; i < nr; i++) {
		memset(p + i * HOST_PAGE, 0, HOST_PAGE);
		__atomic_store_n(&ptes[i], (unsigned long)(p + i * HOST_PAGE) |
					   0x67, __ATOMIC_RELEASE);
	}
	t0 = (host_cpu_ns() - t0) / nr;
	munmap(p, nr * HOST_PAGE);
	free(ptes);
	return t0;
}

#endif
