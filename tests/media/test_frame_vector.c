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
#include "texp.h"

#define NR 4

static int heap_buffer_flags(size_t len, u32 fd_flags)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = fd_flags };
	int hfd = sys_open("/dev/dma_heap/system", O_RDONLY);

	assert_true(hfd >= 0);
	assert_int_equal(sys_ioctl(hfd, DMA_HEAP_IOCTL_ALLOC,
				   (unsigned long)&d), 0);
	assert_int_equal(sys_close(hfd), 0);
	return d.fd;
}

static int heap_buffer(size_t len)
{
	return heap_buffer_flags(len, O_RDWR);
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

/*
 * Issue 10 #1: a device may write only what the process may write. On a
 * read-only dma-buf mapped PROT_READ (and on a PROT_READ mapping of a
 * writable one) a write request gets -EFAULT; a read request works.
 * Guards the VM_WRITE / FMODE_WRITE check of the dma-buf route.
 */
static void test_dmabuf_route_refuses_write_to_readonly(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct frame_vector *vec = frame_vector_create(NR);
	struct task_struct *p;
	long ro, rw_ro;
	int fd, fd2;

	assert_false(IS_ERR(plat));
	p = process_create(plat, "v4l2-app");
	assert_false(IS_ERR(p));
	set_current(p);
	fd = heap_buffer_flags(NR * PAGE_SIZE, O_RDONLY);
	ro = sys_mmap(0, NR * PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(ro > 0);
	assert_int_equal(get_vaddr_frames(ro, NR, true, vec), -EFAULT);
	assert_int_equal(frame_vector_count(vec), 0);
	assert_int_equal(get_vaddr_frames(ro, NR, false, vec), NR);
	put_vaddr_frames(vec);
	fd2 = heap_buffer(NR * PAGE_SIZE);
	rw_ro = sys_mmap(0, NR * PAGE_SIZE, PROT_READ, MAP_SHARED, fd2, 0);
	assert_true(rw_ro > 0);
	assert_int_equal(get_vaddr_frames(rw_ro, NR, true, vec), -EFAULT);
	frame_vector_destroy(vec);
	assert_int_equal(sys_munmap(ro, NR * PAGE_SIZE), 0);
	assert_int_equal(sys_munmap(rw_ro, NR * PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	assert_int_equal(sys_close(fd2), 0);
	set_current(NULL);
	task_exit(p);
	platform_destroy(plat);
}

/*
 * The write flag reaches GUP too (as Linux since 6.2, no FOLL_FORCE): a
 * PROT_READ anonymous range pins for a read, and a write gets -EFAULT.
 */
static void test_pages_route_passes_write_flag(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct frame_vector *vec = frame_vector_create(NR);
	struct task_struct *p;
	long addr;

	assert_false(IS_ERR(plat));
	p = process_create(plat, "v4l2-app");
	assert_false(IS_ERR(p));
	set_current(p);
	addr = sys_mmap(0, NR * PAGE_SIZE, PROT_READ,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(addr > 0);
	assert_int_equal(get_vaddr_frames(addr, NR, true, vec), -EFAULT);
	assert_int_equal(get_vaddr_frames(addr, NR, false, vec), NR);
	assert_false(vec->is_pfns);
	put_vaddr_frames(vec);
	frame_vector_destroy(vec);
	assert_int_equal(sys_munmap(addr, NR * PAGE_SIZE), 0);
	set_current(NULL);
	task_exit(p);
	platform_destroy(plat);
}

/*
 * Issue 10 #2: the frame vector is a static importer, so it waits for a
 * move's copy (the exporter's KERNEL fence) before taking the frames of
 * the new placement, and pins it there. The copy fence records that the
 * frame vector blocked on it (no thread, no timing). Guards the static
 * attachment of dma_buf_vaddr_frames().
 */
static void test_dmabuf_route_waits_for_move_copy(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct frame_vector *vec = frame_vector_create(NR);
	struct dma_fence *copy;
	struct task_struct *p;
	struct pexp *e;
	unsigned long *pfns;
	atomic_t waiters;
	long addr;
	int fd, i;

	assert_false(IS_ERR(plat));
	p = process_create(plat, "v4l2-app");
	assert_false(IS_ERR(p));
	set_current(p);
	e = pexp_create(NR * PAGE_SIZE, 0, 0x11);
	assert_non_null(e);
	fd = dma_buf_fd(e->dmabuf, O_CLOEXEC);
	assert_true(fd >= 0);
	addr = sys_mmap(0, NR * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, 0);
	assert_true(addr > 0);
	atomic_set(&waiters, 0);
	copy = texp_waited_fence(&waiters);
	assert_non_null(copy);
	assert_int_equal(pexp_move_fence(e, copy), 0);
	assert_false(dma_fence_is_signaled(copy));

	assert_int_equal(get_vaddr_frames(addr, NR, true, vec), NR);
	assert_int_equal(atomic_read(&waiters), 1);
	assert_true(dma_fence_is_signaled(copy));
	pfns = frame_vector_pfns(vec);
	for (i = 0; i < NR; i++)
		assert_int_equal(pfns[i], PHYS_PFN(pexp_phys(e, -1, i)));
	/* Pinned where it is: the next move waits for put_vaddr_frames(). */
	assert_int_equal(pexp_move(e, NULL), -EBUSY);
	put_vaddr_frames(vec);
	assert_int_equal(pexp_move(e, NULL), 0);
	frame_vector_destroy(vec);
	dma_fence_put(copy);
	assert_int_equal(sys_munmap(addr, NR * PAGE_SIZE), 0);
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
		dmb_unit_test(test_dmabuf_route_refuses_write_to_readonly),
		dmb_unit_test(test_dmabuf_route_waits_for_move_copy),
		dmb_unit_test(test_pages_route_passes_write_flag),
	};

	return dmb_run_tests(tests);
}
