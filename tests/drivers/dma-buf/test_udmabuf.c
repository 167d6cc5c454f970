// SPDX-License-Identifier: GPL-2.0
/* udmabuf: UDMABUF_CREATE(_LIST) checks, long-term pins, CPU and DMA use. */
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/scatterlist.h>
#include <dmabridge/udmabuf.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/pci.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>
#include <dmabridge/mm.h>
#include <dmabridge/mman.h>

#define PROT_RW (PROT_READ | PROT_WRITE)
#define MEMFD_PAGES 16

struct env {
	struct platform *plat;
	struct task_struct *task;
	int dev, memfd;
	unsigned long mem;	/* the memfd mapped */
};

static void env_init(struct env *e)
{
	unsigned long i;
	int ret;

	e->plat = platform_create(NULL);
	assert_false(IS_ERR_OR_NULL(e->plat));
	e->task = process_create(e->plat, "proc");
	set_current(e->task);
	/* platform_create() may already register it. */
	ret = udmabuf_create_devnode(e->plat);
	assert_true(ret == 0 || ret == -EEXIST);
	assert_int_equal(udmabuf_create_devnode(e->plat), -EEXIST);
	e->dev = sys_open(UDMABUF_PATH, O_RDWR);
	assert_true(e->dev >= 0);
	e->memfd = sys_memfd_create("udmabuf-test", MFD_ALLOW_SEALING);
	assert_true(e->memfd >= 0);
	assert_int_equal(sys_ftruncate(e->memfd, MEMFD_PAGES * PAGE_SIZE), 0);
	/* udmabuf wants the memfd unable to shrink under the buffer. */
	assert_int_equal(sys_fcntl(e->memfd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
	e->mem = sys_mmap(0, MEMFD_PAGES * PAGE_SIZE, PROT_RW, MAP_SHARED,
			  e->memfd, 0);
	assert_true((long)e->mem > 0);
	for (i = 0; i < MEMFD_PAGES; i++) {
		u8 v = (u8)(i + 1);

		assert_int_equal(cpu_write(e->mem + i * PAGE_SIZE, &v, 1), 0);
	}
}

static void env_fini(struct env *e)
{
	assert_int_equal(sys_close(e->memfd), 0);
	assert_int_equal(sys_close(e->dev), 0);
	udmabuf_destroy_devnode(e->plat);
	assert_int_equal(sys_open(UDMABUF_PATH, O_RDWR), -ENOENT);
	set_current(NULL);
	task_exit(e->task);
	platform_destroy(e->plat);
}

static long create(struct env *e, int memfd, __u32 flags, __u64 off,
		   __u64 size)
{
	struct udmabuf_create c = {
		.memfd = memfd, .flags = flags, .offset = off, .size = size,
	};

	return sys_ioctl(e->dev, UDMABUF_CREATE, (unsigned long)&c);
}

static u8 byte_at(unsigned long addr)
{
	u8 v = 0;

	assert_int_equal(cpu_read(addr, &v, 1), 0);
	return v;
}

/* struct udmabuf_create_list with room for two items, same layout. */
struct udmabuf_list2 {
	__u32 flags;
	__u32 count;
	struct udmabuf_create_item items[2];
};
BUILD_BUG_ON(offsetof(struct udmabuf_list2, items) !=
	     offsetof(struct udmabuf_create_list, list));

static void test_udmabuf_checks(void **state)
{
	struct udmabuf_list2 l = { 0 };
	struct env e;
	int bfd, other;

	env_init(&e);
	assert_int_equal(sys_ioctl(e.dev, UDMABUF_CREATE, 0), -EFAULT);
	assert_int_equal(sys_ioctl(e.dev, UDMABUF_CREATE_LIST, 0), -EFAULT);
	assert_int_equal(sys_ioctl(e.dev, _IOW('u', 0x44, int), 0), -ENOTTY);
	assert_int_equal(create(&e, e.memfd, 2, 0, PAGE_SIZE), -EINVAL);
	assert_int_equal(create(&e, e.memfd, 0, 100, PAGE_SIZE), -EINVAL);
	assert_int_equal(create(&e, e.memfd, 0, 0, 100), -EINVAL);
	assert_int_equal(create(&e, e.memfd, 0, 0, 0), -EINVAL);
	/* Past the end of the memfd (memfd_pin_folios). */
	assert_int_equal(create(&e, e.memfd, 0, 14 * PAGE_SIZE,
				4 * PAGE_SIZE), -EINVAL);
	assert_int_equal(create(&e, e.memfd, 0, ~0ull & PAGE_MASK,
				2 * PAGE_SIZE), -EINVAL);
	/* size_limit_mb, checked before the memfd is looked at. */
	assert_int_equal(create(&e, 999, 0, 0,
				(UDMABUF_SIZE_LIMIT_MB + 1ull) << 20), -EINVAL);
	assert_int_equal(create(&e, 999, 0, 0, PAGE_SIZE), -EBADF);
	/* Not a memfd. */
	assert_int_equal(create(&e, e.dev, 0, 0, PAGE_SIZE), -EBADFD);
	/* check_memfd_seals(): F_SEAL_SHRINK wanted, no write seal. */
	other = sys_memfd_create("noseal", MFD_ALLOW_SEALING);
	assert_int_equal(sys_ftruncate(other, PAGE_SIZE), 0);
	assert_int_equal(create(&e, other, 0, 0, PAGE_SIZE), -EINVAL);
	assert_int_equal(sys_fcntl(other, F_ADD_SEALS,
				   F_SEAL_SHRINK | F_SEAL_FUTURE_WRITE), 0);
	assert_int_equal(create(&e, other, 0, 0, PAGE_SIZE), -EINVAL);
	assert_int_equal(sys_close(other), 0);
	other = sys_memfd_create("wseal", MFD_ALLOW_SEALING);
	assert_int_equal(sys_ftruncate(other, PAGE_SIZE), 0);
	assert_int_equal(sys_fcntl(other, F_ADD_SEALS,
				   F_SEAL_SHRINK | F_SEAL_WRITE), 0);
	assert_int_equal(create(&e, other, 0, 0, PAGE_SIZE), -EINVAL);
	assert_int_equal(sys_close(other), 0);
	bfd = create(&e, e.memfd, 0, 0, PAGE_SIZE);
	assert_true(bfd >= 0);
	assert_int_equal(create(&e, bfd, 0, 0, PAGE_SIZE), -EBADFD);
	assert_int_equal(sys_close(bfd), 0);
	/* List limits. */
	l.count = UDMABUF_LIST_LIMIT + 1;
	assert_int_equal(sys_ioctl(e.dev, UDMABUF_CREATE_LIST,
				   (unsigned long)&l), -EINVAL);
	l.count = 0;
	assert_int_equal(sys_ioctl(e.dev, UDMABUF_CREATE_LIST,
				   (unsigned long)&l), -EINVAL);
	l.count = 2;
	l.items[0] = (struct udmabuf_create_item){ e.memfd, 0, 0, PAGE_SIZE };
	l.items[1] = (struct udmabuf_create_item){ e.memfd, 0, PAGE_SIZE, 1 };
	assert_int_equal(sys_ioctl(e.dev, UDMABUF_CREATE_LIST,
				   (unsigned long)&l), -EINVAL);
	l.flags = UDMABUF_FLAGS_CLOEXEC << 1;
	l.items[1].size = PAGE_SIZE;
	assert_int_equal(sys_ioctl(e.dev, UDMABUF_CREATE_LIST,
				   (unsigned long)&l), -EINVAL);
	env_fini(&e);
}

static void test_udmabuf_list_pin_and_map(void **state)
{
	struct udmabuf_list2 l = { 0 };
	static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };
	struct dma_buf_attachment *att;
	struct dma_buf_phys_list *list;
	struct page *pages[4];
	struct pci_dev *gpu0;
	struct dma_buf *db;
	unsigned int r, n = 0;
	unsigned long u, i;
	long fd;
	struct env e;

	env_init(&e);
	/* memfd pages 2,3 then 8,9. */
	l.flags = UDMABUF_FLAGS_CLOEXEC;
	l.count = 2;
	l.items[0] = (struct udmabuf_create_item){ e.memfd, 0, 2 * PAGE_SIZE,
						   2 * PAGE_SIZE };
	l.items[1] = (struct udmabuf_create_item){ e.memfd, 0, 8 * PAGE_SIZE,
						   2 * PAGE_SIZE };
	fd = sys_ioctl(e.dev, UDMABUF_CREATE_LIST, (unsigned long)&l);
	assert_true(fd >= 0);
	db = dma_buf_get(fd);
	assert_false(IS_ERR(db));
	assert_int_equal(db->size, 4 * PAGE_SIZE);
	assert_string_equal(db->exp_name, "udmabuf");
	assert_false(dma_buf_is_dynamic(db));

	/* Every page is pinned long-term: ZONE_NORMAL and FOLL_PIN'd. */
	gpu0 = pci_get_by_name(e.plat, "gpu0");
	assert_non_null(gpu0);
	att = dma_buf_mapping_attach(db, &gpu0->dev, pal, 1, NULL, NULL);
	assert_false(IS_ERR(att));
	list = dma_buf_map_phys_unlocked(att);
	assert_false(IS_ERR(list));
	assert_int_equal(list->size, 4 * PAGE_SIZE);
	for (r = 0; r < list->nr_ranges; r++)
		for (i = 0; i < list->ranges[r].vec.len; i += PAGE_SIZE)
			pages[n++] = phys_to_page(list->ranges[r].vec.paddr + i);
	assert_int_equal(n, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(page_zonenum(pages[i]), ZONE_NORMAL);
		assert_true(page_maybe_dma_pinned(pages[i]));
		get_page(pages[i]);	/* to look at them after release */
	}
	assert_int_equal(*(u8 *)page_address(pages[2]), 9);
	dma_buf_unmap_phys_unlocked(att, list);
	dma_buf_detach(db, att);

	/* CPU: the udmabuf mapping and the memfd mapping share pages. */
	u = sys_mmap(0, 4 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	assert_true((long)u > 0);
	assert_int_equal(sys_mmap(0, 4 * PAGE_SIZE, PROT_RW, MAP_PRIVATE, fd,
				  0), -EINVAL);
	assert_int_equal(byte_at(u), 3);
	assert_int_equal(byte_at(u + PAGE_SIZE), 4);
	assert_int_equal(byte_at(u + 2 * PAGE_SIZE), 9);
	assert_int_equal(byte_at(u + 3 * PAGE_SIZE), 10);
	assert_int_equal(cpu_write(u + 3 * PAGE_SIZE + 1, "q", 1), 0);
	assert_int_equal(byte_at(e.mem + 9 * PAGE_SIZE + 1), 'q');

	/* F_SEAL_SHRINK: the memfd cannot shrink under the buffer. */
	assert_int_equal(sys_munmap(e.mem, MEMFD_PAGES * PAGE_SIZE), 0);
	assert_int_equal(sys_ftruncate(e.memfd, 0), -EPERM);
	assert_int_equal(byte_at(u + 2 * PAGE_SIZE), 9);
	assert_int_equal(sys_munmap(u, 4 * PAGE_SIZE), 0);
	dma_buf_put(db);
	assert_int_equal(sys_close(fd), 0);
	for (i = 0; i < 4; i++) {
		assert_false(page_maybe_dma_pinned(pages[i]));
		put_page(pages[i]);
	}
	pci_dev_put(gpu0);
	env_fini(&e);
}

/* The DMA address of byte @off of a mapped table. */
static dma_addr_t sgt_dma_at(struct sg_table *sgt, size_t off)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (off < sg_dma_len(sg))
			return sg_dma_address(sg) + off;
		off -= sg_dma_len(sg);
	}
	fail();
	return 0;
}

/*
 * udmabuf offers SGT then PAL: an importer that would rather have a DMA
 * vector takes the SGT and reads the DMA addresses out of it.
 */
static void test_udmabuf_dma(void **state)
{
	static const enum dma_buf_mapping_type vec_or_sgt[] = {
		DMA_BUF_MAPPING_DMA_VEC, DMA_BUF_MAPPING_SGT,
	};
	struct dma_buf_attachment *att;
	struct sg_table *sgt;
	struct pci_dev *gpu0;
	struct dma_fence *f;
	struct dma_buf *db;
	struct env e;
	long fd;

	env_init(&e);
	fd = create(&e, e.memfd, 0, 4 * PAGE_SIZE, 2 * PAGE_SIZE);
	assert_true(fd >= 0);
	db = dma_buf_get(fd);
	assert_false(IS_ERR(db));
	gpu0 = pci_get_by_name(e.plat, "gpu0");
	assert_int_equal(dma_set_mask_and_coherent(&gpu0->dev,
						   DMA_BIT_MASK(64)), 0);
	/* A static importer: pinned while mapped, which never fails here. */
	att = dma_buf_mapping_attach(db, &gpu0->dev, vec_or_sgt, 2, NULL, NULL);
	assert_false(IS_ERR(att));
	assert_int_equal(att->mapping_type, DMA_BUF_MAPPING_SGT);
	sgt = dma_buf_map_attachment_unlocked(att, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(sgt));
	f = dma_engine_fill(&gpu0->dev, 0, sgt_dma_at(sgt, PAGE_SIZE), 0x6d,
			    16);
	assert_false(IS_ERR(f));
	assert_int_equal(dma_fence_wait(f, false), 0);
	assert_int_equal(dma_fence_get_status(f), 1);
	dma_fence_put(f);
	/* The process sees the device's write through its memfd. */
	assert_int_equal(byte_at(e.mem + 5 * PAGE_SIZE + 15), 0x6d);
	dma_buf_unmap_attachment_unlocked(att, sgt, DMA_BIDIRECTIONAL);
	dma_buf_detach(db, att);
	dma_buf_put(db);
	assert_int_equal(sys_close(fd), 0);
	pci_dev_put(gpu0);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_udmabuf_checks),
		dmb_unit_test(test_udmabuf_list_pin_and_map),
		dmb_unit_test(test_udmabuf_dma),
	};

	return dmb_run_tests(tests);
}
