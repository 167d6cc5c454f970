// SPDX-License-Identifier: GPL-2.0
/*
 * The return to a simulated process. Linux turns the kernel-internal
 * restart codes into a restart or -EINTR when it delivers the signal that
 * caused them (arch signal code), and -ENOIOCTLCMD into -ENOTTY in the
 * ioctl path. Simulated processes have no signal handlers, so every
 * restart code ends as -EINTR: what a process whose handler lacks
 * SA_RESTART sees. -ERESTARTNOINTR would always be restarted by Linux; no
 * path here returns it, and one that did is reported, like any other code
 * above MAX_ERRNO's user range that is not meant to leak.
 */
#include <dmabridge/syscalls.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>

#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

long syscall_exit(long ret)
{
	switch (ret) {
	case -ERESTARTSYS:
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		return -EINTR;
	case -ENOIOCTLCMD:
		return -ENOTTY;
	}
	/* 512..4095 are the kernel's own: none of them may reach a process. */
	if (WARN(ret <= -512 && ret >= -4095,
		 "kernel-internal errno %ld returned to a process", ret))
		return -EINVAL;
	return ret;
}
