// SPDX-License-Identifier: GPL-2.0
/* tests/fs/test_dma_buf_ioctl_eintr.c's signal race under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#define main dma_buf_ioctl_eintr_main
#include "../fs/test_dma_buf_ioctl_eintr.c"
#undef main

/*
 * send_sig() from another thread, before or during a DMA_BUF_IOCTL_SYNC
 * blocked on an unsignaled imported fence: the process sees -EINTR.
 * Guards the SYNC's interruptible fence wait and syscall_exit() turning
 * -ERESTARTSYS into -EINTR.
 */
static void sync_interrupted_body(void *arg)
{
	test_sync_interrupted_by_send_sig_returns_eintr(NULL);
}

const struct ex_body ex_eintr_bodies[] = {
	{ "sync_interrupted_by_send_sig", sync_interrupted_body, 2 },
	{ NULL }
};
