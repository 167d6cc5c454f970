/* SPDX-License-Identifier: GPL-2.0 */
/* WARN_ON and friends: report, count, and carry on like the kernel. */
#ifndef DMABRIDGE_BUG_H
#define DMABRIDGE_BUG_H

#include <stdlib.h>
#include <dmabridge/report.h>

/**
 * DOC: WARN_ON and friends
 *
 * WARN_ON(), WARN(), WARN_ON_ONCE() and WARN_ONCE() report (REPORT_WARN,
 * counted so a test fails on one it did not expect), then carry on like
 * the kernel; each evaluates to the condition, so `if (WARN_ON(x))` works.
 * BUG_ON() and BUG() report and abort(): a broken invariant that would
 * corrupt state if execution went on. Usable in any context.
 */
#define __WARN_REPORT(cond_str)                                            \
	__warn_printk(__FILE__, __LINE__, __func__, false, "WARN_ON(%s)",   \
		      cond_str)

#define WARN_ON(condition)                                                 \
	({                                                                 \
		bool __ret_warn_on = !!(condition);                        \
		if (unlikely(__ret_warn_on))                               \
			__WARN_REPORT(#condition);                         \
		unlikely(__ret_warn_on);                                   \
	})

#define WARN(condition, fmt, ...)                                          \
	({                                                                 \
		bool __ret_warn_on = !!(condition);                        \
		if (unlikely(__ret_warn_on))                               \
			__warn_printk(__FILE__, __LINE__, __func__, false,  \
				      fmt, ##__VA_ARGS__);                 \
		unlikely(__ret_warn_on);                                   \
	})

#define WARN_ON_ONCE(condition)                                            \
	({                                                                 \
		static bool __warned;                                      \
		bool __ret_warn_once = !!(condition);                      \
		if (unlikely(__ret_warn_once) &&                           \
		    !__atomic_exchange_n(&__warned, true, __ATOMIC_RELAXED)) \
			__WARN_REPORT(#condition);                         \
		unlikely(__ret_warn_once);                                 \
	})

#define WARN_ONCE(condition, fmt, ...)                                     \
	({                                                                 \
		static bool __warned;                                      \
		bool __ret_warn_once = !!(condition);                      \
		if (unlikely(__ret_warn_once) &&                           \
		    !__atomic_exchange_n(&__warned, true, __ATOMIC_RELAXED)) \
			__warn_printk(__FILE__, __LINE__, __func__, false,  \
				      fmt, ##__VA_ARGS__);                 \
		unlikely(__ret_warn_once);                                 \
	})

/* A broken invariant that would corrupt state if we went on. */
#define BUG_ON(condition)                                                  \
	do {                                                               \
		if (unlikely(condition)) {                                 \
			__warn_printk(__FILE__, __LINE__, __func__, true,   \
				      "BUG_ON(%s)", #condition);           \
			abort();                                           \
		}                                                          \
	} while (0)
#define BUG() BUG_ON(1)

#endif
