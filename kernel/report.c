// SPDX-License-Identifier: GPL-2.0
/* Counting and printing reports (WARN, lockdep, sanitizer, IOMMU faults). */
#include <stdarg.h>
#include <stdio.h>
#include <execinfo.h>
#include <dmabridge/report.h>
#include <dmabridge/atomic.h>
#include <dmabridge/sched.h>
#include <dmabridge/platform.h>

static atomic_long_t report_counts[REPORT_NR_KINDS];
static bool report_quiet[REPORT_NR_KINDS];
static pthread_mutex_t report_print_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const report_names[REPORT_NR_KINDS] = {
	[REPORT_WARN] = "WARN",
	[REPORT_LOCKDEP] = "LOCKDEP",
	[REPORT_SIGNALLING] = "SIGNALLING",
	[REPORT_SANITIZER] = "DMA-SANITIZER",
	[REPORT_IOMMU_FAULT] = "IOMMU-FAULT",
};

const char *report_kind_name(enum report_kind kind)
{
	return kind < REPORT_NR_KINDS ? report_names[kind] : "?";
}

void report_emit(enum report_kind kind, const char *fmt, ...)
{
	struct task_struct *t = current;
	va_list ap;

	if (kind >= REPORT_NR_KINDS)
		kind = REPORT_WARN;
	atomic_long_inc(&report_counts[kind]);
	if (__atomic_load_n(&report_quiet[kind], __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&report_print_lock);
	fprintf(stderr, "[%s]%s ", report_names[kind],
		t && t->platform && atomic_read(&t->platform->tainted) ?
			" (TAINTED: unsafe follow_pfn)" : "");
	if (t)
		fprintf(stderr, "(%s/%d) ", t->comm, t->pid);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&report_print_lock);
}

long report_count(enum report_kind kind)
{
	return kind < REPORT_NR_KINDS ? atomic_long_read(&report_counts[kind]) :
					0;
}

long report_count_bugs(void)
{
	long n = 0;
	int k;

	for (k = 0; k < REPORT_NR_KINDS; k++)
		if (k != REPORT_IOMMU_FAULT)
			n += atomic_long_read(&report_counts[k]);
	return n;
}

void report_reset_counts(void)
{
	int k;

	for (k = 0; k < REPORT_NR_KINDS; k++)
		atomic_long_set(&report_counts[k], 0);
}

bool report_set_quiet(enum report_kind kind, bool quiet)
{
	if (kind >= REPORT_NR_KINDS)
		return false;
	return __atomic_exchange_n(&report_quiet[kind], quiet,
				   __ATOMIC_RELAXED);
}

void dump_stack(void)
{
	void *frames[32];
	int n = backtrace(frames, ARRAY_SIZE(frames));

	backtrace_symbols_fd(frames, n, 2);
}
