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

/**
 * enum report_kind - what a report is about
 * @REPORT_WARN: WARN_ON() and friends
 * @REPORT_LOCKDEP: lock order, held-lock and API-abuse checks
 * @REPORT_SIGNALLING: fence signalling section violations
 * @REPORT_SANITIZER: DMA sanitizer: an access through a stale mapping
 * @REPORT_IOMMU_FAULT: a device access the IOMMU refused
 * @REPORT_NR_KINDS: number of kinds
 */
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
/**
 * report_count() - reports of a kind so far
 * @kind: the kind
 *
 * Context: any context.
 * Return: the count (process-wide).
 */
long report_count(enum report_kind kind);
/**
 * report_count_bugs() - reports that mean a bug
 * Context: any context.
 * Return: the sum over every kind but REPORT_IOMMU_FAULT.
 */
long report_count_bugs(void);
/**
 * report_reset_counts() - set every count back to 0
 *
 * Context: any context; tests call it between cases.
 */
void report_reset_counts(void);
/**
 * report_set_quiet() - stop or resume printing reports of a kind
 * @kind: the kind
 * @quiet: true to stop printing (reports are still counted)
 *
 * Context: any context.
 * Return: the old setting.
 */
bool report_set_quiet(enum report_kind kind, bool quiet);
/**
 * report_kind_name() - a kind's name, as reports print it
 * @kind: the kind
 *
 * Context: any context.
 * Return: "WARN", "LOCKDEP", "SIGNALLING", "SANITIZER", "IOMMU-FAULT", or
 * "?" for an unknown kind.
 */
const char *report_kind_name(enum report_kind kind);

/**
 * dump_stack() - print the calling task and its symbolized stack (printk)
 *
 * Context: any context.
 */
void dump_stack(void);

#endif
