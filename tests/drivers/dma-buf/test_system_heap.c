// SPDX-License-Identifier: GPL-2.0
/* The system heap: DMA_HEAP_IOCTL_ALLOC checks and page-backed buffers. */
#include <string.h>
#include "dmb_test.h"
#include "texp.h"
#include <dmabridge/dma-heap.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>

static long heap_alloc(int hfd, __u64 len, __u32 fd_flags, __u64 heap_flags,
		       int *fd)
{
	struct dma_heap_allocation_data d = {
		.len = len, .fd_flags = fd_flags, .heap_flags = heap_flags,
	};
	long ret = sys_ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, (unsigned long)&d);

	*fd = d.fd;
	return ret;
}

static void test_system_heap(void **state)
{
	struct platform *plat = platform_create(NULL);
	struct task_struct *a, *b;
	struct dma_buf_attachment *att;
	struct dma_heap_allocation_data d = { .len = 4096, .fd = 3 };
	struct dma_buf_phys_list *pal;
	static const enum dma_buf_mapping_type want_pal[] = {
		DMA_BUF_MAPPING_PAL,
	};
	struct pci_dev *nic;
	struct sg_table *sgt;
	struct dma_buf *db;
	int hfd, fd, fdb;

	assert_false(IS_ERR(plat));
	a = task_create(plat, "a");
	b = task_create(plat, "b");
	set_current(a);
	/* platform_create() registered the heap, like a booted system. */
	assert_int_equal(system_heap_create(plat), -EEXIST);
	hfd = sys_open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	assert_true(hfd >= 0);
	assert_int_equal(sys_ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, 0), -EFAULT);
	assert_int_equal(sys_ioctl(hfd, DMA_HEAP_IOCTL_ALLOC,
				   (unsigned long)&d), -EINVAL);	/* fd != 0 */
	assert_int_equal(heap_alloc(hfd, 0, O_RDWR, 0, &fd), -EINVAL);
	assert_int_equal(heap_alloc(hfd, 4096, O_RDWR | O_NONBLOCK, 0, &fd),
			 -EINVAL);
	assert_int_equal(heap_alloc(hfd, 4096, O_RDWR, 1, &fd), -EINVAL);
	assert_int_equal(heap_alloc(hfd, 1ull << 50, O_RDWR, 0, &fd),
			 -ENOMEM);
	assert_int_equal(sys_ioctl(hfd, _IOWR('H', 1, int), 0), -EINVAL);
	/* As Linux: the type byte is not checked; nr 0 is ALLOC. */
	assert_int_equal(sys_ioctl(hfd, _IOWR('x', 0, int), 0), -EFAULT);
	/* Lengths are page aligned up. */
	assert_int_equal(heap_alloc(hfd, 3 * 4096 + 1, O_RDWR | O_CLOEXEC, 0,
				    &fd), 0);
	assert_int_equal(sys_lseek(fd, 0, SEEK_END), 4 * 4096);

	/* A device maps it as an SGT (pages) and as a phys list. */
	nic = pci_get_by_name(plat, "nic0");
	assert_non_null(nic);
	db = dma_buf_get(fd);
	assert_false(IS_ERR(db));
	att = dma_buf_attach(db, &nic->dev);
	assert_false(IS_ERR(att));
	sgt = dma_buf_map_attachment_unlocked(att, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(sgt));
	assert_true(sgt->nents >= 1);
	assert_non_null(sg_page(sgt->sgl));
	dma_buf_unmap_attachment_unlocked(att, sgt, DMA_BIDIRECTIONAL);
	dma_buf_detach(db, att);
	att = dma_buf_mapping_attach(db, &nic->dev, want_pal, 1, NULL, NULL);
	assert_false(IS_ERR(att));
	pal = dma_buf_map_phys_unlocked(att);
	assert_false(IS_ERR(pal));
	assert_int_equal(pal->size, 4 * 4096);
	assert_int_equal(san_owner(plat, pal->ranges[0].vec.paddr),
			 db->san_owner);
	dma_buf_unmap_phys_unlocked(att, pal);
	dma_buf_detach(db, att);
	dma_buf_put(db);
	pci_dev_put(nic);

	/* Another process gets it by fd. */
	fdb = fd_transfer(a, fd, b);
	assert_true(fdb >= 0);
	assert_int_equal(sys_close(fd), 0);
	set_current(b);
	assert_int_equal(sys_lseek(fdb, 0, SEEK_END), 4 * 4096);
	assert_int_equal(sys_close(fdb), 0);
	set_current(a);
	assert_int_equal(dma_buf_count(plat), 0);
	assert_int_equal(sys_close(hfd), 0);
	set_current(NULL);
	task_exit(a);
	task_exit(b);
	dma_buf_registry_fini(plat);
	platform_destroy(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_system_heap),
	};

	return dmb_run_tests(tests);
}
