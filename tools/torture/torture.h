/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmabridge torture: random concurrent buffer-sharing workloads on the
 * default platform, checking every byte end to end. In the spirit of
 * Linux's locktorture/rcutorture, not a Linux interface (docs/RELIABILITY.md).
 */
#ifndef DMB_TOOLS_TORTURE_H
#define DMB_TOOLS_TORTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

struct torture_opts {
	double seconds;		/* how long to run */
	uint64_t seed;		/* per-thread random streams derive from it */
	int threads;		/* worker threads, each a simulated process */
	FILE *out;		/* the caller's output; failures go to stderr */
};

struct torture_stats {
	unsigned long ops;		/* operations completed */
	unsigned long checked_bytes;	/* bytes read back and compared */
	unsigned long moves, revokes, dma_jobs, cpu_accesses, pins, exits;
	unsigned long failures;		/* data mismatches, bad errno, reports */
	double seconds;			/* wall time of the run */
};

/*
 * Run the workload. 0 when clean; 1 on any failure (a data mismatch, an
 * unexpected errno, a WARN, lock-checker or sanitizer report), after
 * printing the seed and each thread's last operations to stderr;
 * -errno if the platform could not be set up.
 */
int torture_run(const struct torture_opts *opts, struct torture_stats *stats);

#endif
