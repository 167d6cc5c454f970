// SPDX-License-Identifier: GPL-2.0
/*
 * shmem and memfd: the sparse page cache (host memory follows use, not
 * size), migration against write(), and memfd seals with Linux's errno.
 */
#include "mm_test.h"

#define TiB (1ULL << 40)

/*
 * Two one-byte writes at the end of a 1 TiB memfd cost a few radix tree
 * nodes, not an array sized by the highest index (2 GiB of pointers).
 * Guards: the sparse page cache (shmem's xarray).
 */
static void test_memfd_1tib_end_writes_keep_host_memory_small(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct file *file;
	size_t before, after;
	char out[2];
	int fd;

	fd = sys_memfd_create("huge", 0);
	assert_true(fd >= 0);
	assert_int_equal(sys_ftruncate(fd, TiB), 0);
	/* The first allocation brings a memory map section in: not shmem's. */
	__free_page(alloc_page(GFP_KERNEL));
	before = dmb_heap_in_use();
	assert_int_equal(sys_pwrite64(fd, "a", 1, TiB - 1), 1);
	assert_int_equal(sys_pwrite64(fd, "b", 1, TiB - PAGE_SIZE - 1), 1);
	after = dmb_heap_in_use();
	/* 2 pages, 2 paths of at most 6 nodes of ~0.5 KiB each. */
	assert_true(after < before + 64 * 1024);
	file = fget(fd);
	assert_int_equal(shmem_nr_pages(file), 2);
	fput(file);
	assert_int_equal(sys_pread64(fd, out, 1, TiB - 1), 1);
	assert_int_equal(out[0], 'a');
	/* A hole reads as zeros and stays a hole (fuzz finding F5). */
	out[0] = 'x';
	assert_int_equal(sys_pread64(fd, out, 1, TiB / 2), 1);
	assert_int_equal(out[0], 0);
	file = fget(fd);
	assert_int_equal(shmem_nr_pages(file), 2);
	fput(file);
	/* A position past the largest loff_t is -EINVAL (fuzz finding F4). */
	assert_int_equal(sys_lseek(fd, INT64_MAX - 4095, SEEK_SET),
			 INT64_MAX - 4095);
	assert_int_equal(sys_lseek(fd, 8192, SEEK_CUR), -EINVAL);
	assert_int_equal(sys_pread64(fd, out, 1, TiB - PAGE_SIZE - 1), 1);
	assert_int_equal(out[0], 'b');
	/* Beyond the largest file: -EFBIG, nothing allocated. */
	assert_int_equal(sys_ftruncate(fd, TiB + 1), -EFBIG);
	assert_int_equal(sys_pwrite64(fd, "c", 1, TiB), -EFBIG);
	/* Truncation frees the pages and the nodes. */
	assert_int_equal(sys_ftruncate(fd, 0), 0);
	assert_true(dmb_heap_in_use() < before + 16 * 1024);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

struct write_race {
	struct task_struct *task;
	struct file *file;
	int fd;
	int stop;
	unsigned long lost, migrated, writes;
};

/*
 * Enough writes that, without the protection, a plain build loses one in
 * nearly every run (measured: docs/mm.md); sanitizer builds are slower
 * and only check that nothing is reported.
 */
#ifndef RACE_WRITES	/* tests/explore sets its own */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define RACE_WRITES 20000
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define RACE_WRITES 20000
#endif
#endif
#ifndef RACE_WRITES
#define RACE_WRITES 300000
#endif
#endif

static void write_race_thread(int idx, void *arg)
{
	struct write_race *r = arg;
	unsigned int i, k, v[16];

	if (idx == 0) {
		set_current(r->task);
		for (i = 0; i < RACE_WRITES; i += 16) {
			/*
			 * The first bytes of the page: migration copies them
			 * first, so a write during its copy can miss it.
			 */
			for (k = 0; k < 16; k++) {
				v[k] = i + k + 1;
				assert_int_equal(sys_pwrite64(r->fd, &v[k], 4,
							      4 * k), 4);
			}
			assert_int_equal(sys_pread64(r->fd, v, sizeof(v), 0),
					 sizeof(v));
			for (k = 0; k < 16; k++)
				if (v[k] != i + k + 1)
					r->lost++;
		}
		__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
		set_current(NULL);
		return;
	}
	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		struct page *page =
			shmem_read_mapping_page(r->file->f_mapping, 0);

		assert_false(IS_ERR(page));
		if (!migrate_page(page, ZONE_MOVABLE, NULL))
			r->migrated++;
		put_page(page);
	}
}

/*
 * write() racing with migration of the page it writes: every write is
 * seen by the read that follows it. Guards: shmem's write path holding
 * the page lock while it copies (migration copies before its final
 * reference check, as Linux; without the lock a write that lands between
 * the copy and the check goes to the old page and is lost).
 */
static void test_shmem_write_vs_migrate_loses_nothing(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 8 * MiB);
	struct write_race r = { .task = current };

	r.fd = sys_memfd_create("race", 0);
	assert_true(r.fd >= 0);
	assert_int_equal(sys_ftruncate(r.fd, PAGE_SIZE), 0);
	r.file = fget(r.fd);
	dmb_run_threads(2, write_race_thread, &r);
	set_current(r.task);
	assert_int_equal(r.lost, 0);
	fput(r.file);
	assert_int_equal(sys_close(r.fd), 0);
	mm_test_platform_free(plat);
}

/*
 * A memfd without MFD_ALLOW_SEALING is born with F_SEAL_SEAL: no seal
 * can be added. Seals above 32 bits, unknown bits, a read-only fd and a
 * file that is not a memfd get Linux's errno.
 */
static void test_memfd_seal_errno(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	int fd = sys_memfd_create("nos", 0);
	int sfd = sys_memfd_create("s", MFD_ALLOW_SEALING);
	struct file *file;
	int ro;

	assert_int_equal(sys_fcntl(fd, F_GET_SEALS, 0), F_SEAL_SEAL);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), -EPERM);
	assert_int_equal(sys_fcntl(sfd, F_GET_SEALS, 0), 0);
	assert_int_equal(sys_fcntl(sfd, F_ADD_SEALS, 0x1000), -EINVAL);
	assert_int_equal(sys_fcntl(sfd, F_ADD_SEALS, 1UL << 33), -EINVAL);
	/* A read-only file of the same memfd may not add seals. */
	file = fget(sfd);
	ro = receive_fd(file, 0);
	fput(file);
	file = fget(ro);
	file->f_mode &= ~FMODE_WRITE;
	fput(file);
	assert_int_equal(sys_fcntl(ro, F_ADD_SEALS, F_SEAL_GROW), -EPERM);
	file = fget(ro);
	file->f_mode |= FMODE_WRITE;
	fput(file);
	/* F_SEAL_SEAL stops further seals, keeps the ones there. */
	assert_int_equal(sys_fcntl(sfd, F_ADD_SEALS,
				   F_SEAL_GROW | F_SEAL_SEAL), 0);
	assert_int_equal(sys_fcntl(sfd, F_ADD_SEALS, F_SEAL_SHRINK), -EPERM);
	assert_int_equal(sys_fcntl(sfd, F_GET_SEALS, 0),
			 F_SEAL_GROW | F_SEAL_SEAL);
	/* MFD_NOEXEC_SEAL: sealable, with F_SEAL_EXEC. */
	assert_int_equal(sys_close(ro), 0);
	ro = sys_memfd_create("nx", MFD_NOEXEC_SEAL);
	assert_int_equal(sys_fcntl(ro, F_GET_SEALS, 0), F_SEAL_EXEC);
	assert_int_equal(sys_close(ro), 0);
	assert_int_equal(sys_close(fd), 0);
	assert_int_equal(sys_close(sfd), 0);
	mm_test_platform_free(plat);
}

/*
 * F_SEAL_SHRINK and F_SEAL_GROW refuse ftruncate and writes that would
 * change the size (-EPERM), and allow the rest. Guards: the seal checks
 * in shmem's truncate and write_begin.
 */
static void test_memfd_size_seals(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	int fd = sys_memfd_create("sz", MFD_ALLOW_SEALING);
	char buf[2 * PAGE_SIZE];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(sys_ftruncate(fd, 2 * PAGE_SIZE), 0);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
	assert_int_equal(sys_ftruncate(fd, PAGE_SIZE), -EPERM);
	assert_int_equal(sys_ftruncate(fd, 3 * PAGE_SIZE), 0);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	assert_int_equal(sys_ftruncate(fd, 4 * PAGE_SIZE), -EPERM);
	assert_int_equal(sys_ftruncate(fd, 3 * PAGE_SIZE), 0);
	/* A write inside the file works; one past the end stops there. */
	assert_int_equal(sys_pwrite64(fd, buf, PAGE_SIZE, 0), PAGE_SIZE);
	assert_int_equal(sys_pwrite64(fd, buf, 2 * PAGE_SIZE, 2 * PAGE_SIZE),
			 PAGE_SIZE);
	assert_int_equal(sys_pwrite64(fd, buf, 1, 3 * PAGE_SIZE), -EPERM);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

/*
 * F_SEAL_WRITE: -EBUSY while a shared mapping may write (even PROT_READ
 * of an O_RDWR fd, which mprotect could make writable); once set, write()
 * and a new writable shared mapping are -EPERM, a read-only shared
 * mapping cannot become writable, private mappings still work. Guards:
 * the mmap_writable count (mapping_deny_writable()) and the mmap check.
 */
static void test_memfd_seal_write(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	int fd = sys_memfd_create("w", MFD_ALLOW_SEALING);
	long a, b;
	char c = 'z';

	assert_int_equal(sys_ftruncate(fd, 2 * PAGE_SIZE), 0);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(a > 0);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), -EBUSY);
	/* A split keeps both halves counted; both must go. */
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), -EBUSY);
	assert_int_equal(sys_munmap(a + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);

	assert_int_equal(sys_pwrite64(fd, &c, 1, 0), -EPERM);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0),
			 -EPERM);
	b = sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(b > 0);
	assert_int_equal(sys_mprotect(b, PAGE_SIZE, PROT_RW), -EACCES);
	assert_int_equal(cpu_write(b, &c, 1), -EFAULT);
	/* A private mapping copies on write: the file does not change. */
	a = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_PRIVATE, fd, 0);
	assert_true(a > 0);
	assert_int_equal(cpu_write(a, &c, 1), 0);
	assert_int_equal(cpu_read(b, &c, 1), 0);
	assert_int_equal(c, 0);
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	assert_int_equal(sys_munmap(b, PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

/*
 * F_SEAL_FUTURE_WRITE keeps existing writable mappings working but
 * refuses write() and new writable shared mappings. F_SEAL_WRITE is
 * -EBUSY while a page is pinned (memfd_wait_for_pins()).
 */
static void test_memfd_seal_future_write_and_pins(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	int fd = sys_memfd_create("fw", MFD_ALLOW_SEALING);
	struct page *pin;
	long a;
	char c = 'q';

	assert_int_equal(sys_ftruncate(fd, PAGE_SIZE), 0);
	a = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	assert_true(a > 0);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE), 0);
	assert_int_equal(cpu_write(a, &c, 1), 0);
	assert_int_equal(sys_pwrite64(fd, &c, 1, 0), -EPERM);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0),
			 -EPERM);
	assert_int_equal(pin_user_pages_fast(a, 1, FOLL_WRITE, &pin), 1);
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), -EBUSY);
	unpin_user_page(pin);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
	assert_int_equal(sys_fcntl(fd, F_GET_SEALS, 0),
			 F_SEAL_FUTURE_WRITE | F_SEAL_WRITE);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_memfd_1tib_end_writes_keep_host_memory_small),
		dmb_unit_test(test_shmem_write_vs_migrate_loses_nothing),
		dmb_unit_test(test_memfd_seal_errno),
		dmb_unit_test(test_memfd_size_seals),
		dmb_unit_test(test_memfd_seal_write),
		dmb_unit_test(test_memfd_seal_future_write_and_pins),
	};

	return dmb_run_tests(tests);
}
