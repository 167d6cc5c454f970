/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Syscall and ioctl arguments. A simulated process's registers and the
 * structs it passes to syscalls are host memory; its data (what it mmaps)
 * lives in simulated memory behind page tables (mm/cpu_access). So these
 * copy host memory, and a NULL pointer is the -EFAULT case.
 */
#ifndef DMABRIDGE_UACCESS_H
#define DMABRIDGE_UACCESS_H

#include <string.h>
#include <dmabridge/types.h>

/**
 * u64_to_user_ptr - a __u64 ioctl field as a user pointer
 * @x: the value
 */
#define u64_to_user_ptr(x) ((void *)(uintptr_t)(x))

/**
 * copy_from_user() - copy a syscall argument in
 * @to: kernel buffer
 * @from: the process's pointer (host memory; see the top of this file)
 * @n: bytes
 *
 * A NULL pointer (or one in the first page) is the -EFAULT case.
 *
 * Context: process context.
 * Return: the number of bytes NOT copied (0 on success, @n on a bad
 * pointer), like Linux.
 */
static inline unsigned long copy_from_user(void *to, const void *from,
					   unsigned long n)
{
	if (!from || (uintptr_t)from < 4096)
		return n;
	memcpy(to, from, n);
	return 0;
}

/**
 * copy_to_user() - copy a syscall result out
 * @to: the process's pointer
 * @from: kernel buffer
 * @n: bytes
 *
 * Context: process context.
 * Return: the number of bytes NOT copied (0 on success, @n on a bad
 * pointer).
 */
static inline unsigned long copy_to_user(void *to, const void *from,
					 unsigned long n)
{
	if (!to || (uintptr_t)to < 4096)
		return n;
	memcpy(to, from, n);
	return 0;
}

#endif
