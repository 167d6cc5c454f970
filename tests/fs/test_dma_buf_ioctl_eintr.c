// SPDX-License-Identifier: GPL-2.0
/*
 * A DMA_BUF_IOCTL_SYNC waiting for an imported, unsignaled fence and
 * interrupted by a signal returns -EINTR to the process, never the kernel's
 * -ERESTARTSYS (issue 10 #9): everything a process can reach, set up the
 * way a program would (heap, sw_sync, sync_file import).
 */
#include <signal.h>
#include <sys/ioctl.h>
#include <linux/dma-buf.h>
#include "dmb_test.h"
#include <dmabridge/syscalls.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/sw_sync.h>
#include <dmabridge/mm.h>
#include <dmabridge/sched.h>

struct env {
	struct platform *plat;
	struct task_struct *task;
	int buf, timeline, fence;
};

static void env_init(struct env *e)
{
	struct dma_heap_allocation_data alloc = {
		.len = PAGE_SIZE, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	struct sw_sync_create_fence_data create = { .value = 1 };
	struct dma_buf_import_sync_file im = { .flags = DMA_BUF_SYNC_WRITE };
	int heap;

	e->plat = platform_create(NULL);
	assert_false(IS_ERR_OR_NULL(e->plat));
	e->task = process_create(e->plat, "syncer");
	assert_false(IS_ERR(e->task));
	set_current(e->task);
	heap = sys_open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	assert_true(heap >= 0);
	assert_int_equal(sys_ioctl(heap, DMA_HEAP_IOCTL_ALLOC,
				   (unsigned long)&alloc), 0);
	e->buf = alloc.fd;
	assert_int_equal(sys_close(heap), 0);
	e->timeline = sys_open(SW_SYNC_DEVNODE, O_RDWR);
	assert_true(e->timeline >= 0);
	assert_int_equal(sys_ioctl(e->timeline, SW_SYNC_IOC_CREATE_FENCE,
				   (unsigned long)&create), 0);
	e->fence = create.fence;
	/* The buffer now has an unsignaled writer. */
	im.fd = e->fence;
	assert_int_equal(sys_ioctl(e->buf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE,
				   (unsigned long)&im), 0);
}

static void env_fini(struct env *e)
{
	u32 one = 1;

	/* Signal the fence so nothing is left waiting on it. */
	assert_int_equal(sys_ioctl(e->timeline, SW_SYNC_IOC_INC,
				   (unsigned long)&one), 0);
	assert_int_equal(sys_close(e->fence), 0);
	assert_int_equal(sys_close(e->timeline), 0);
	assert_int_equal(sys_close(e->buf), 0);
	set_current(NULL);
	task_exit(e->task);
	platform_destroy(e->plat);
}

static long sync_start_read(int buf)
{
	struct dma_buf_sync sync = {
		.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ,
	};

	return sys_ioctl(buf, DMA_BUF_IOCTL_SYNC, (unsigned long)&sync);
}

/*
 * With a signal already pending, the wait returns at once: -EINTR.
 * Guards: syscall_exit() in sys_ioctl turning -ERESTARTSYS into -EINTR.
 */
static void test_sync_with_signal_pending_returns_eintr(void **state)
{
	struct env e;

	env_init(&e);
	send_sig(SIGUSR1, e.task);
	assert_int_equal(sync_start_read(e.buf), -EINTR);
	flush_signals(e.task);
	env_fini(&e);
}

struct blocked {
	struct env *e;
	long ret;
};

static void sync_or_signal(int idx, void *arg)
{
	struct blocked *b = arg;

	if (idx == 0) {
		set_current(b->e->task);
		b->ret = sync_start_read(b->e->buf);
		set_current(NULL);
	} else {
		/* Before or during the wait: either way it must end. */
		send_sig(SIGUSR1, b->e->task);
	}
}

/*
 * send_sig from another thread wakes a process blocked in the SYNC and the
 * process sees -EINTR. Guards: the interruptible fence wait in the SYNC
 * ioctl and syscall_exit().
 */
static void test_sync_interrupted_by_send_sig_returns_eintr(void **state)
{
	struct dma_buf_sync end;
	struct blocked b;
	struct env e;
	u32 one = 1;

	env_init(&e);
	b.e = &e;
	b.ret = 0;
	set_current(NULL);
	dmb_run_threads(2, sync_or_signal, &b);
	set_current(e.task);
	assert_int_equal(b.ret, -EINTR);
	flush_signals(e.task);
	/* Without a signal, and the fence signaled, the SYNC succeeds. */
	assert_int_equal(sys_ioctl(e.timeline, SW_SYNC_IOC_INC,
				   (unsigned long)&one), 0);
	assert_int_equal(sync_start_read(e.buf), 0);
	end.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
	assert_int_equal(sys_ioctl(e.buf, DMA_BUF_IOCTL_SYNC,
				   (unsigned long)&end), 0);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_sync_with_signal_pending_returns_eintr),
		dmb_unit_test(test_sync_interrupted_by_send_sig_returns_eintr),
	};

	return dmb_run_tests(tests);
}
