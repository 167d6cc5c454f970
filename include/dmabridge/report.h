/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reports: WARN splats, lock-checker findings and sanitizer findings.
 * Every report is counted by kind so tests can assert that exactly the
 * reports they expect happened (and none else).
 */
#ifndef DMABRIDGE_REPORT_H
#define DMABRIDGE_REPORT_H

#include <dmabridge/compiler.h>

enum report_kind {
	REPORT_WARN,		/* WARN_ON and friends */
	REPORT_LOCKDEP,		/* lock order, held-lock and API-abuse checks */
	REPORT_SIGNALLING,	/* fence signalling section violations */
	REPORT_SANITIZER,	/* DMA sanitizer: access through a stale mapping */
	REPORT_IOMMU_FAULT,	/* a device access the IOMMU refused */
	REPORT_NR_KINDS,
};

__printf(2, 3) void report_emit(enum report_kind kind, const char *fmt, ...);
long report_count(enum report_kind kind);
/* Sum over kinds that mean a bug (everything but IOMMU faults). */
long report_count_bugs(void);
void report_reset_counts(void);
/* Quiet reports of @kind on stderr (still counted); returns old setting. */
bool report_set_quiet(enum report_kind kind, bool quiet);
const char *report_kind_name(enum report_kind kind);

/* Print a short backtrace of the calling thread to stderr. */
void dump_stack(void);

#endif
