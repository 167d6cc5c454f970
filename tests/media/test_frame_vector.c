// SPDX-License-Identifier: GPL-2.0
/*
 * get_vaddr_frames() on a PFN-mapped range: refused in general, served
 * through the dma-buf behind the VMA, whose pinned attachment keeps the
 * frames (and the buffer) alive until put_vaddr_frames().
 */
#include <sys/mman.h>
#include "dmb_test.h"
#include <linux/dma-heap.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/frame_vector.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/mman.h>
#include <dmabridge/mm.h>
#include <dmabridge/sched.h>

#define NR 4

static int heap_buffer(size_t len)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = O_RDWR };
	int hfd = sys_open("/dev/dma_heap/system", O_RDONLY);

	assert_true(hfd >= 0);
	assert_int_equal(sys_ioctl(hfd, DMA_HEAP_IOCTL_ALLOC,
				   (unsigned long)&d), 0);
	assert_int_equal(sys_close(hfd), 0);
	return d.fd;
}

/* The PFN the CPU page table maps at @addr (after a fault-in). */
static unsigned long mapped_pfn(unsigned long addr)
{
	struct follow_pfnmap_args args = { .address = addr };
	struct mm_struct *mm = current->mm;
	unsigned long pfn;

	mmap_read_lock(mm);
	args.vma = vma_lookup(mm, addr);
	assert_non_null(args.vma);
	assert_int_equal(follow_pfnmap_start(&args), 0);
	pfn = args.pfn;
	follow_pfnmap_end(&args);
	mmap_read_unlock(mm);
	return pfn;
}

static void test_dmabuf_route(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct frame_vector *vec = frame_vector_create(NR);
	struct task_struct *p;
	unsigned long *pfns;
	char byte = 0x3c;
	long addr;
	int fd, i;

	assert_false(IS_ERR(plat));
	p = process_create(plat, "v4l2-app");
	assert_false(IS_ERR(p));
	set_current(p);
	fd = heap_buffer(NR * PAGE_SIZE);
	addr = sys_mmap(0, NR * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, 0);
	assert_true(addr > 0);
	for (i = 0; i < NR; i++)
		assert_int_equal(cpu_write(addr + i * PAGE_SIZE, &byte, 1), 0);

	/* The heap maps with VM_PFNMAP: only the dma-buf route serves it. */
	assert_int_equal(get_vaddr_frames(addr, NR, true, vec), NR);
	assert_int_equal(frame_vector_count(vec), NR);
	pfns = frame_vector_pfns(vec);
	for (i = 0; i < NR; i++)
		assert_int_equal(pfns[i], mapped_pfn(addr + i * PAGE_SIZE));

	/* The vector, not the fd or the mapping, now keeps the buffer. */
	assert_int_equal(sys_munmap(addr, NR * PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	assert_int_equal(dma_buf_count(plat), 1);
	put_vaddr_frames(vec);
	assert_int_equal(frame_vector_count(vec), 0);
	assert_int_equal(dma_buf_count(plat), 0);
	frame_vector_destroy(vec);

	set_current(NULL);
	task_exit(p);
	platform_destroy(plat);
}

/* A clipped request: the frames stop at the end of the VMA. */
static void test_dmabuf_route_clipped(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct frame_vector *vec = frame_vector_create(NR);
	struct task_struct *p;
	long addr;
	int fd;

	assert_false(IS_ERR(plat));
	p = process_create(plat, "v4l2-app");
	assert_false(IS_ERR(p));
	set_current(p);
	fd = heap_buffer(2 * PAGE_SIZE);
	addr = sys_mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, 0);
	assert_true(addr > 0);
	assert_int_equal(get_vaddr_frames(addr + PAGE_SIZE, NR, true, vec), 1);
	put_vaddr_frames(vec);
	frame_vector_destroy(vec);
	assert_int_equal(sys_munmap(addr, 2 * PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	set_current(NULL);
	task_exit(p);
	platform_destroy(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_dmabuf_route),
		dmb_unit_test(test_dmabuf_route_clipped),
	};

	return dmb_run_tests(tests);
}
