/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk with Linux's log levels, for reports. Each line goes to the
 * console (stderr unless dmb_set_console() says otherwise) with a
 * timestamp, "[    1.234567] ", the seconds since the calling task's
 * platform was created (since the library was loaded when the thread has
 * no platform), when its level is below the console log level, as with
 * Linux's console_loglevel. Reports are counted whatever is printed.
 */
#ifndef DMABRIDGE_PRINTK_H
#define DMABRIDGE_PRINTK_H

#include <stdarg.h>
#include <stdio.h>
#include <dmabridge/compiler.h>

struct platform;

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0" /* system is unusable */
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3" /* sanitizer reports, BUG */
#define KERN_WARNING KERN_SOH "4" /* WARN, lock checker */
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
/* Continue the previous line: no timestamp, same level. */
#define KERN_CONT KERN_SOH "c"

#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ALERT 1
#define LOGLEVEL_CRIT 2
#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7

/* Console log levels, as Linux's: a message prints if its level is below. */
#define CONSOLE_LOGLEVEL_SILENT 0 /* nothing */
#define CONSOLE_LOGLEVEL_QUIET 4 /* "quiet": errors and worse */
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* all but debug */
#define CONSOLE_LOGLEVEL_DEBUG 10 /* everything */
#define CONSOLE_LOGLEVEL_MOTORMOUTH 15

/* A message without a level prints at this one (Linux's default). */
#define MESSAGE_LOGLEVEL_DEFAULT LOGLEVEL_WARNING

/**
 * printk() - print a kernel message on the console
 * @fmt: printf format, optionally starting with a KERN_<LEVEL> prefix
 *
 * Every line of the message gets a timestamp. Printed only if the level
 * is below the console log level (dmb_set_loglevel()).
 *
 * Context: any thread; may block on the console lock.
 * Return: the number of characters printed, 0 when filtered out.
 */
__printf(1, 2) int printk(const char *fmt, ...);
/**
 * vprintk() - printk() with a va_list
 * @fmt: as printk()
 * @args: the arguments
 *
 * Context: any thread.
 * Return: as printk().
 */
int vprintk(const char *fmt, va_list args);

#define pr_emerg(fmt, ...) printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)

/**
 * dmb_set_loglevel() - set the console log level (console_loglevel)
 * @level: messages with a level below it print; 0 (silent) to 15
 *
 * The command line's -q sets CONSOLE_LOGLEVEL_QUIET, each -v adds one to
 * CONSOLE_LOGLEVEL_DEFAULT, --log-level=N sets N.
 *
 * Context: any thread.
 * Return: the previous level, or -EINVAL for a level out of range.
 */
int dmb_set_loglevel(int level);
/**
 * dmb_get_loglevel() - the console log level
 *
 * Context: any thread.
 * Return: the level set last (CONSOLE_LOGLEVEL_DEFAULT at start).
 */
int dmb_get_loglevel(void);
/**
 * dmb_parse_loglevel() - parse a console log level as the command line
 * takes it
 * @s: a number 0..15 (Linux's loglevel=), or a level name ("err",
 *     "warning" or "warn", "info", "debug", ...) meaning "that level and
 *     more severe" (the name's level + 1), or "quiet", "default", "silent"
 *
 * Context: any thread.
 * Return: the console log level, or -EINVAL.
 */
int dmb_parse_loglevel(const char *s);
/**
 * dmb_set_console() - where messages go
 * @out: an open stream, or NULL for stderr
 *
 * Context: any thread; not while another thread prints to the old stream
 * and closes it.
 * Return: the previous stream (NULL for stderr).
 */
FILE *dmb_set_console(FILE *out);

/**
 * printk_platform_boot() - start @plat's printk clock
 * @plat: a platform being created
 *
 * Timestamps of messages from @plat's tasks count from this call.
 *
 * Context: platform creation.
 */
void printk_platform_boot(struct platform *plat);
/**
 * printk_platform_gone() - forget @plat's printk clock
 * @plat: a platform being destroyed
 *
 * Context: platform destruction.
 */
void printk_platform_gone(struct platform *plat);

#endif
