// SPDX-License-Identifier: GPL-2.0
/*
 * DMA_HEAP_IOCTL_ALLOC across uAPI versions, as Linux's dma-buf heap
 * selftest checks: a program built against an older (shorter) or newer
 * (longer) struct dma_heap_allocation_data still allocates. The command is
 * chosen by _IOC_NR and the argument copied at the caller's size.
 */
#include <string.h>
#include "dmb_test.h"
#include "texp.h"
#include <dmabridge/dma-heap.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>

/* As an older uAPI had it: no heap_flags. */
struct dma_heap_allocation_data_smaller {
	__u64 len;
	__u32 fd;
	__u32 fd_flags;
};

/* As a future uAPI might: a new field after heap_flags. */
struct dma_heap_allocation_data_bigger {
	__u64 len;
	__u32 fd;
	__u32 fd_flags;
	__u64 heap_flags;
	__u64 garbage1;
	__u64 garbage2;
};

#define DMA_HEAP_IOCTL_ALLOC_SMALLER \
	_IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data_smaller)
#define DMA_HEAP_IOCTL_ALLOC_BIGGER \
	_IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data_bigger)

struct env {
	struct platform *plat;
	struct task_struct *task;
	int heap;
};

static void env_init(struct env *e)
{
	e->plat = platform_create(NULL);
	assert_false(IS_ERR_OR_NULL(e->plat));
	e->task = task_create(e->plat, "heapuser");
	set_current(e->task);
	e->heap = sys_open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	assert_true(e->heap >= 0);
}

static void env_fini(struct env *e)
{
	assert_int_equal(sys_close(e->heap), 0);
	set_current(NULL);
	task_exit(e->task);
	platform_destroy(e->plat);
}

/*
 * The older, shorter struct: the missing heap_flags read as zero, the fd
 * comes back in the caller's struct and nothing is written past it.
 * Guards: the zero-padding and the copy-out at the caller's size.
 */
static void test_heap_alloc_older_struct(void **state)
{
	struct {
		struct dma_heap_allocation_data_smaller d;
		__u64 canary;
	} s = { .d = { .len = PAGE_SIZE, .fd_flags = O_RDWR | O_CLOEXEC },
		.canary = 0x5a5a5a5a5a5a5a5aULL };
	struct env e;
	struct file *f;

	env_init(&e);
	assert_int_equal(sys_ioctl(e.heap, DMA_HEAP_IOCTL_ALLOC_SMALLER,
				   (unsigned long)&s.d), 0);
	assert_true((int)s.d.fd >= 0);
	assert_int_equal(s.canary, 0x5a5a5a5a5a5a5a5aULL);
	f = fget(s.d.fd);
	assert_true(is_dma_buf_file(f));
	assert_int_equal(((struct dma_buf *)f->private_data)->size, PAGE_SIZE);
	fput(f);
	assert_int_equal(sys_close(s.d.fd), 0);
	env_fini(&e);
}

/*
 * The newer, longer struct: allocates, and the unknown tail is copied back
 * untouched. Guards: the command chosen by _IOC_NR (a size mismatch is
 * not -ENOTTY).
 */
static void test_heap_alloc_newer_struct(void **state)
{
	struct dma_heap_allocation_data_bigger d = {
		.len = 2 * PAGE_SIZE, .fd_flags = O_RDWR,
		.garbage1 = 0x1111, .garbage2 = 0x2222,
	};
	struct env e;

	env_init(&e);
	assert_int_equal(sys_ioctl(e.heap, DMA_HEAP_IOCTL_ALLOC_BIGGER,
				   (unsigned long)&d), 0);
	assert_true((int)d.fd >= 0);
	assert_int_equal(d.garbage1, 0x1111);
	assert_int_equal(d.garbage2, 0x2222);
	assert_int_equal(sys_close(d.fd), 0);
	/* The current struct, and a command number the heap lacks. */
	assert_int_equal(sys_ioctl(e.heap, _IOWR(DMA_HEAP_IOC_MAGIC, 1, int),
				   0), -EINVAL);
	env_fini(&e);
}

/* A size bigger than the on-stack buffer still works (kmalloc'ed). */
static void test_heap_alloc_huge_struct(void **state)
{
	struct {
		struct dma_heap_allocation_data d;
		char tail[200];
	} big;
	struct env e;

	memset(&big, 0, sizeof(big));
	big.d.len = PAGE_SIZE;
	big.d.fd_flags = O_RDWR;
	env_init(&e);
	assert_int_equal(sys_ioctl(e.heap,
				   _IOWR(DMA_HEAP_IOC_MAGIC, 0, big),
				   (unsigned long)&big), 0);
	assert_int_equal(sys_close(big.d.fd), 0);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_heap_alloc_older_struct),
		dmb_unit_test(test_heap_alloc_newer_struct),
		dmb_unit_test(test_heap_alloc_huge_struct),
	};

	return dmb_run_tests(tests);
}
