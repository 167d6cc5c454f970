/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reports: WARN splats, lock-checker findings and sanitizer findings.
 * Every report is counted by kind so tests can assert that exactly the
 * reports they expect happened (and none else).
 */
#ifndef DMABRIDGE_REPORT_H
#define DMABRIDGE_REPORT_H

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
 * report_emit() - emit and count a report
 * @kind: its kind
 * @fmt: printf format and arguments
 *
 * Printed on stderr unless @kind is quiet; always counted.
 *
 * Context: any context.
 */
__printf(2, 3) void report_emit(enum report_kind kind, const char *fmt, ...);
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
 * dump_stack() - print a short backtrace of the calling thread on stderr
 *
 * Context: any context.
 */
void dump_stack(void);

#endif
