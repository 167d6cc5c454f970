/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reports: WARN splats, lock-checker findings and sanitizer findings.
 * Every report is counted by kind so tests can assert that exactly the
 * reports they expect happened (and none else), and printed, unless its
 * kind is quiet, as a multi-line block in the kernel's format through
 * printk() (see printk.h for log levels and timestamps).
 */
#ifndef DMABRIDGE_REPORT_H
#define DMABRIDGE_REPORT_H

#include <stdbool.h>
#include <dmabridge/compiler.h>

enum report_kind {
	REPORT_WARN,		/* WARN_ON and friends */
	REPORT_LOCKDEP,		/* lock order, held-lock and API-abuse checks */
	REPORT_SIGNALLING,	/* fence signalling section violations */
	REPORT_SANITIZER,	/* DMA sanitizer: access through a stale mapping */
	REPORT_IOMMU_FAULT,	/* a device access the IOMMU refused */
	REPORT_NR_KINDS,
};

/**
 * report_emit() - count and print a report of @kind
 * @kind: what found it
 * @fmt: printf format of the finding (one line)
 *
 * Prints the kind's block: a WARN splat, a lock-checker WARNING with the
 * held locks, a sanitizer BUG banner, each with the task and its
 * symbolized call trace; an IOMMU fault is one line.
 *
 * Context: any thread.
 */
__printf(2, 3) void report_emit(enum report_kind kind, const char *fmt, ...);
/**
 * report_begin() - count a report of @kind and start printing it
 * @kind: what found it
 *
 * For a report with a layout of its own (lockdep's cycle, the sanitizer):
 * print its lines with printk() without a level (they get the kind's
 * level: KERN_ERR for the sanitizer and IOMMU faults, KERN_WARNING for
 * the others) and finish with report_end().
 *
 * Context: any thread. Holds the console lock until report_end().
 * Return: false when the kind is quiet: counted only, print nothing and
 * do not call report_end().
 */
bool report_begin(enum report_kind kind);
/**
 * report_end() - the end of a report started by report_begin()
 *
 * Context: the thread that called report_begin().
 */
void report_end(void);
/**
 * report_print_task() - the "CPU: N PID: N Comm: name" line of a report
 *
 * Context: inside report_begin()/report_end().
 */
void report_print_task(void);
/**
 * report_print_stack() - "Call Trace:" and the caller's symbolized stack
 * @skip: frames of the caller's own to leave out
 *
 * Context: inside report_begin()/report_end().
 */
void report_print_stack(unsigned int skip);
/**
 * lockdep_print_held_locks() - the calling thread's held locks, as lockdep
 * prints them ("N locks held by comm/pid:"); nothing without the checker
 *
 * Context: inside report_begin()/report_end().
 */
void lockdep_print_held_locks(void);
/*
 * The WARN/BUG splat of bug.h's macros: @fmt (may be NULL) is the
 * message; @bug prints "kernel BUG at" instead of "WARNING: ... at".
 */
__printf(5, 6) void __warn_printk(const char *file, int line,
				  const char *func, bool bug,
				  const char *fmt, ...);
long report_count(enum report_kind kind);
/* Sum over kinds that mean a bug (everything but IOMMU faults). */
long report_count_bugs(void);
void report_reset_counts(void);
/* Quiet reports of @kind on stderr (still counted); returns old setting. */
bool report_set_quiet(enum report_kind kind, bool quiet);
const char *report_kind_name(enum report_kind kind);

/* Print the calling task and its symbolized stack (printk). */
void dump_stack(void);

#endif
