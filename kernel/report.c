// SPDX-License-Identifier: GPL-2.0
/*
 * Counting and printing reports (WARN, lockdep, sanitizer, IOMMU faults),
 * and the printk they print with. A report is counted first, always; then,
 * unless its kind is quiet, it prints as a block of lines the way the
 * kernel prints it in dmesg (a WARN splat, a lockdep report, a KASAN-style
 * sanitizer report), each line through printk() with a timestamp and a
 * log level, filtered by the console log level.
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dmabridge/report.h>
#include <dmabridge/printk.h>
#include <dmabridge/stacktrace.h>
#include <dmabridge/atomic.h>
#include <dmabridge/jiffies.h>
#include <dmabridge/sched.h>
#include <dmabridge/platform.h>

static atomic_long_t report_counts[REPORT_NR_KINDS];
static bool report_quiet[REPORT_NR_KINDS];

static const char *const report_names[REPORT_NR_KINDS] = {
	[REPORT_WARN] = "WARN",
	[REPORT_LOCKDEP] = "LOCKDEP",
	[REPORT_SIGNALLING] = "SIGNALLING",
	[REPORT_SANITIZER] = "DMA-SANITIZER",
	[REPORT_IOMMU_FAULT] = "IOMMU-FAULT",
};

/* The level each kind prints at, as the kernel prints its counterpart. */
static const int report_levels[REPORT_NR_KINDS] = {
	[REPORT_WARN] = LOGLEVEL_WARNING,
	[REPORT_LOCKDEP] = LOGLEVEL_WARNING,
	[REPORT_SIGNALLING] = LOGLEVEL_WARNING,
	[REPORT_SANITIZER] = LOGLEVEL_ERR,
	[REPORT_IOMMU_FAULT] = LOGLEVEL_ERR,
};

/* printk */

static int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static FILE *console_out; /* NULL: stderr */
/* One report's lines stay together: the lock is held from begin to end. */
static pthread_mutex_t console_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
/* The level of the report this thread is printing (-1: none). */
static __thread int report_level = -1;
/* When the report this thread prints began: all its lines carry it. */
static __thread ktime_t report_time;
/* The level of this thread's last line, for KERN_CONT. */
static __thread int last_level = MESSAGE_LOGLEVEL_DEFAULT;

/* Each platform's printk clock starts at its creation. */
#define BOOT_CLOCKS 64
static struct {
	const struct platform *plat;
	ktime_t boot;
} boot_clocks[BOOT_CLOCKS];
static pthread_mutex_t boot_lock = PTHREAD_MUTEX_INITIALIZER;
static ktime_t lib_boot;

__attribute__((constructor)) static void printk_lib_boot(void)
{
	lib_boot = ktime_get();
}

void printk_platform_boot(struct platform *plat)
{
	int i, slot = -1;

	pthread_mutex_lock(&boot_lock);
	for (i = 0; i < BOOT_CLOCKS; i++) {
		if (boot_clocks[i].plat == plat || !boot_clocks[i].plat) {
			slot = i;
			break;
		}
	}
	/* More live platforms than slots: the newest takes slot 0. */
	if (slot < 0)
		slot = 0;
	boot_clocks[slot].plat = plat;
	boot_clocks[slot].boot = ktime_get();
	pthread_mutex_unlock(&boot_lock);
}

void printk_platform_gone(struct platform *plat)
{
	int i;

	pthread_mutex_lock(&boot_lock);
	for (i = 0; i < BOOT_CLOCKS; i++)
		if (boot_clocks[i].plat == plat)
			boot_clocks[i].plat = NULL;
	pthread_mutex_unlock(&boot_lock);
}

static ktime_t printk_boot_time(void)
{
	struct task_struct *t = current;
	ktime_t boot = lib_boot;
	int i;

	if (!t || !t->platform)
		return boot;
	pthread_mutex_lock(&boot_lock);
	for (i = 0; i < BOOT_CLOCKS; i++)
		if (boot_clocks[i].plat == t->platform)
			boot = boot_clocks[i].boot;
	pthread_mutex_unlock(&boot_lock);
	return boot;
}

int dmb_set_loglevel(int level)
{
	if (level < CONSOLE_LOGLEVEL_SILENT ||
	    level > CONSOLE_LOGLEVEL_MOTORMOUTH)
		return -EINVAL;
	return __atomic_exchange_n(&console_loglevel, level, __ATOMIC_RELAXED);
}

int dmb_get_loglevel(void)
{
	return __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED);
}

int dmb_parse_loglevel(const char *s)
{
	static const char *const names[] = {
		"emerg",   "alert",  "crit", "err",
		"warning", "notice", "info", "debug",
	};
	unsigned int i;
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	if (*s >= '0' && *s <= '9') {
		v = strtol(s, &end, 10);
		if (*end || v > CONSOLE_LOGLEVEL_MOTORMOUTH)
			return -EINVAL;
		return (int)v;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcasecmp(s, names[i]))
			return (int)i + 1;
	if (!strcasecmp(s, "warn"))
		return LOGLEVEL_WARNING + 1;
	if (!strcasecmp(s, "error"))
		return LOGLEVEL_ERR + 1;
	if (!strcasecmp(s, "quiet"))
		return CONSOLE_LOGLEVEL_QUIET;
	if (!strcasecmp(s, "default"))
		return CONSOLE_LOGLEVEL_DEFAULT;
	if (!strcasecmp(s, "silent"))
		return CONSOLE_LOGLEVEL_SILENT;
	return -EINVAL;
}

FILE *dmb_set_console(FILE *out)
{
	FILE *old;

	pthread_mutex_lock(&console_lock);
	old = console_out;
	console_out = out;
	pthread_mutex_unlock(&console_lock);
	return old;
}

/* The level of @fmt's KERN_ prefix, skipping it; -1 for KERN_CONT. */
static int printk_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] != KERN_SOH[0] || !f[1])
		return report_level >= 0 ? report_level :
					   MESSAGE_LOGLEVEL_DEFAULT;
	*fmt = f + 2;
	if (f[1] == 'c')
		return -1;
	if (f[1] >= '0' && f[1] <= '7')
		return f[1] - '0';
	return MESSAGE_LOGLEVEL_DEFAULT;
}

int vprintk(const char *fmt, va_list args)
{
	char text[1024];
	const char *line, *nl;
	FILE *out;
	ktime_t ts;
	int level = printk_level(&fmt);
	bool cont = level < 0;
	int n = 0;

	if (cont)
		level = last_level;
	last_level = level;
	if (level >= dmb_get_loglevel())
		return 0;
	vsnprintf(text, sizeof(text), fmt, args);
	ts = (report_level >= 0 ? report_time : ktime_get()) -
	     printk_boot_time();
	pthread_mutex_lock(&console_lock);
	out = console_out ? console_out : stderr;
	for (line = text; *line; line = nl) {
		nl = strchr(line, '\n');
		nl = nl ? nl + 1 : line + strlen(line);
		if (!cont)
			n += fprintf(out, "[%5lld.%06lld] ",
				     (long long)(ts / NSEC_PER_SEC),
				     (long long)(ts % NSEC_PER_SEC / 1000));
		n += fprintf(out, "%.*s", (int)(nl - line), line);
		cont = false;
	}
	fflush(out);
	pthread_mutex_unlock(&console_lock);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* Reports */

const char *report_kind_name(enum report_kind kind)
{
	return kind < REPORT_NR_KINDS ? report_names[kind] : "?";
}

bool report_begin(enum report_kind kind)
{
	if (kind >= REPORT_NR_KINDS)
		kind = REPORT_WARN;
	atomic_long_inc(&report_counts[kind]);
	if (__atomic_load_n(&report_quiet[kind], __ATOMIC_RELAXED))
		return false;
	pthread_mutex_lock(&console_lock);
	report_level = report_levels[kind];
	report_time = ktime_get();
	return true;
}

void report_end(void)
{
	report_level = -1;
	pthread_mutex_unlock(&console_lock);
}

void report_print_task(void)
{
	struct task_struct *t = current;
	bool tainted = t && t->platform && atomic_read(&t->platform->tainted);

	printk("CPU: %d PID: %d Comm: %s %s dmabridge %s\n", sched_getcpu(),
	       t ? t->pid : 0, t ? t->comm : "(no task)",
	       tainted ? "Tainted: (unsafe follow_pfn)" : "Not tainted",
	       t && t->platform ? t->platform->name : "-");
}

/* Linux's "Call Trace:" with the frames between <TASK> and </TASK>. */
static __attribute__((noinline)) void report_call_trace(unsigned int skip)
{
	unsigned long entries[32];
	unsigned int n =
		stack_trace_save(entries, ARRAY_SIZE(entries), skip + 1);

	printk("Call Trace:\n");
	printk(" <TASK>\n");
	stack_trace_print(entries, n, 1);
	printk(" </TASK>\n");
}

void report_print_stack(unsigned int skip)
{
	report_call_trace(skip + 1);
}

static __attribute__((noinline)) void report_vprint(enum report_kind kind,
						    const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	switch (kind) {
	case REPORT_IOMMU_FAULT:
		/* One line, like the IOMMU drivers' fault messages. */
		printk("%s\n", msg);
		return;
	case REPORT_SANITIZER:
		printk("=================================================="
		       "================\n");
		printk("BUG: dma-sanitizer: %s\n", msg);
		report_print_task();
		report_call_trace(2);
		printk("=================================================="
		       "================\n");
		return;
	case REPORT_LOCKDEP:
	case REPORT_SIGNALLING:
		printk("=============================\n");
		printk("WARNING: %s%s\n",
		       kind == REPORT_SIGNALLING ? "fence signalling: " : "",
		       msg);
		printk("-----------------------------\n");
		lockdep_print_held_locks();
		printk("\nstack backtrace:\n");
		report_print_task();
		report_call_trace(2);
		return;
	default:
		printk("------------[ cut here ]------------\n");
		printk("WARNING: CPU: %d PID: %d: %s\n", sched_getcpu(),
		       current ? current->pid : 0, msg);
		report_print_task();
		report_call_trace(2);
		printk("---[ end trace 0000000000000000 ]---\n");
	}
}

void report_emit(enum report_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (kind >= REPORT_NR_KINDS)
		kind = REPORT_WARN;
	if (!report_begin(kind))
		return;
	va_start(ap, fmt);
	report_vprint(kind, fmt, ap);
	va_end(ap);
	report_end();
}

void __warn_printk(const char *file, int line, const char *func, bool bug,
		   const char *fmt, ...)
{
	va_list ap;

	if (!report_begin(REPORT_WARN))
		return;
	if (bug)
		report_level = LOGLEVEL_CRIT;
	printk("------------[ cut here ]------------\n");
	if (fmt) {
		char msg[1024];

		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		printk("%s\n", msg);
	}
	file = file ? file : "?";
	while (!strncmp(file, "../", 3))
		file += 3;
	if (bug)
		printk("kernel BUG at %s:%d!\n", file, line);
	else
		printk("WARNING: CPU: %d PID: %d at %s:%d %s\n", sched_getcpu(),
		       current ? current->pid : 0, file, line, func);
	report_print_task();
	report_call_trace(1);
	printk("---[ end trace 0000000000000000 ]---\n");
	report_end();
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
	int old = report_level;

	pthread_mutex_lock(&console_lock);
	report_level = MESSAGE_LOGLEVEL_DEFAULT;
	report_time = ktime_get();
	report_print_task();
	report_call_trace(1);
	report_level = old;
	pthread_mutex_unlock(&console_lock);
}
