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

#define u64_to_user_ptr(x) ((void *)(uintptr_t)(x))

/* Both return the number of bytes NOT copied, like Linux. */
static inline unsigned long copy_from_user(void *to, const void *from,
					   unsigned long n)
{
	if (!from || (uintptr_t)from < 4096)
		return n;
	memcpy(to, from, n);
	return 0;
}

static inline unsigned long copy_to_user(void *to, const void *from,
					 unsigned long n)
{
	if (!to || (uintptr_t)to < 4096)
		return n;
	memcpy(to, from, n);
	return 0;
}

#endif
