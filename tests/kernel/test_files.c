// SPDX-License-Identifier: GPL-2.0
/* fd tables and struct file lifetime: lowest-fd reuse, errors, sharing. */
#include <string.h>
#include "dmb_test.h"
#include <dmabridge/fs.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/err.h>

static atomic_t releases;

static int count_release(struct inode *inode, struct file *file)
{
	atomic_inc(&releases);
	return 0;
}

static loff_t test_llseek(struct file *file, loff_t offset, int whence)
{
	file->f_pos = offset;
	return offset;
}

static const struct file_operations test_fops = {
	.name = "test",
	.release = count_release,
};

static const struct file_operations seek_fops = {
	.name = "seek",
	.llseek = test_llseek,
	.release = count_release,
};

static int open_test_file(void)
{
	struct file *f;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	f = anon_inode_getfile("test", &test_fops, NULL, O_RDWR);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

static void test_lowest_free_fd(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	int i;

	atomic_set(&releases, 0);
	for (i = 0; i < 6; i++)
		assert_int_equal(open_test_file(), i);
	assert_int_equal(close_fd(3), 0);
	assert_int_equal(atomic_read(&releases), 1);
	assert_int_equal(open_test_file(), 3);
	assert_int_equal(close_fd(4), 0);
	assert_int_equal(close_fd(1), 0);
	assert_int_equal(open_test_file(), 1);
	assert_int_equal(open_test_file(), 4);
	assert_int_equal(open_test_file(), 6);
	/* Beyond the first 64 slots the table grows. */
	for (i = 7; i < 200; i++)
		assert_int_equal(open_test_file(), i);
	assert_int_equal(close_fd(150), 0);
	assert_int_equal(open_test_file(), 150);
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), 204);
}

static void test_bad_fds(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	int fd = open_test_file();

	atomic_set(&releases, 0);
	assert_int_equal(close_fd(100), -EBADF);
	assert_int_equal(close_fd(-1), -EBADF);
	assert_int_equal(close_fd(1u << 30), -EBADF);
	assert_null(fget(-1));
	assert_null(fget(5000));
	assert_int_equal(fd_transfer(current, -1, current), -EBADF);
	assert_int_equal(fd_transfer(current, 7, current), -EBADF);
	assert_int_equal(fd_transfer(NULL, fd, current), -EBADF);
	assert_int_equal(fd_transfer(current, fd, NULL), -EBADF);
	assert_int_equal(close_fd(fd), 0);
	assert_int_equal(close_fd(fd), -EBADF);
	assert_null(fget(fd));
	assert_int_equal(atomic_read(&releases), 1);
	/* A reserved but not installed fd is not open. */
	fd = get_unused_fd_flags(0);
	assert_int_equal(fd, 0);
	assert_null(fget(fd));
	assert_int_equal(close_fd(fd), -EBADF);
	assert_int_equal(open_test_file(), 1);
	put_unused_fd(fd);
	assert_int_equal(open_test_file(), 0);
	assert_ptr_equal(ERR_PTR(-EINVAL),
			 anon_inode_getfile("x", NULL, NULL, 0));
	assert_ptr_equal(ERR_PTR(-EINVAL),
			 anon_inode_getfile(NULL, &test_fops, NULL, 0));
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), 3);
}

static void test_no_current_files(void **state)
{
	struct task_struct *old = set_current(NULL);
	struct file *f;

	assert_null(fget(0));
	assert_int_equal(close_fd(0), -EBADF);
	f = anon_inode_getfile("nofiles", &test_fops, NULL, O_RDONLY);
	assert_false(IS_ERR(f));
	assert_int_equal(receive_fd(f, 0), -EBADF);
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(get_unused_fd_flags(0), -EBADF);
	fput(f);
	set_current(old);
}

static void test_emfile(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct files_struct *files = current->files;
	struct file *f;

	assert_int_equal(files_set_max_fds(files, 0), -EINVAL);
	assert_int_equal(files_set_max_fds(files, NR_OPEN_MAX + 1), -EINVAL);
	assert_int_equal(files_set_max_fds(NULL, 3), -EINVAL);
	assert_int_equal(files_set_max_fds(files, 3), 0);
	assert_int_equal(open_test_file(), 0);
	assert_int_equal(open_test_file(), 1);
	assert_int_equal(open_test_file(), 2);
	assert_int_equal(get_unused_fd_flags(0), -EMFILE);
	f = fget(0);
	assert_non_null(f);
	assert_int_equal(receive_fd(f, 0), -EMFILE);
	assert_int_equal(fd_transfer(current, 0, current), -EMFILE);
	assert_int_equal(file_count(f), 2);
	fput(f);
	assert_int_equal(close_fd(1), 0);
	assert_int_equal(open_test_file(), 1);
	assert_int_equal(open_test_file(), -EMFILE);
	dmb_kernel_platform_free(plat);
}

static void test_release_after_last_fput(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct file *f, *g;
	int fd;

	atomic_set(&releases, 0);
	fd = open_test_file();
	f = fget(fd);
	assert_non_null(f);
	assert_int_equal(file_count(f), 2);
	g = get_file(f);
	assert_ptr_equal(g, f);
	assert_int_equal(close_fd(fd), 0);
	assert_null(fget(fd));
	assert_int_equal(atomic_read(&releases), 0);
	fput(g);
	assert_int_equal(atomic_read(&releases), 0);
	assert_int_equal(file_count(f), 1);
	fput(f);
	assert_int_equal(atomic_read(&releases), 1);
	fput(NULL);
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), 1);
}

static void test_anon_inode_file(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct file *a, *b;
	int priv;

	a = anon_inode_getfile("dmabuf", &seek_fops, &priv, O_RDONLY);
	b = anon_inode_getfile("sync_file", &test_fops, NULL, O_WRONLY);
	assert_false(IS_ERR(a));
	assert_false(IS_ERR(b));
	assert_string_equal(a->f_name, "anon_inode:dmabuf");
	assert_ptr_equal(a->private_data, &priv);
	assert_ptr_equal(a->platform, plat);
	assert_int_equal(a->f_mode, FMODE_READ | FMODE_LSEEK);
	assert_int_equal(b->f_mode, FMODE_WRITE);
	assert_int_not_equal(a->f_inode->i_ino, b->f_inode->i_ino);
	assert_int_equal(vfs_llseek(a, 42, SEEK_SET), 42);
	assert_int_equal(a->f_pos, 42);
	assert_int_equal(vfs_llseek(b, 42, SEEK_SET), -ESPIPE);
	assert_int_equal(no_llseek(a, 1, SEEK_SET), -ESPIPE);
	fput(a);
	fput(b);
	dmb_kernel_platform_free(plat);
}

static void test_fd_install_misuse(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct file *f;

	atomic_set(&releases, 0);
	f = anon_inode_getfile("test", &test_fops, NULL, O_RDWR);
	assert_false(IS_ERR(f));
	/* Not reserved: warn, and the reference is dropped, not leaked. */
	dmb_expect_reports(REPORT_WARN, 2);
	fd_install(9, f);
	assert_int_equal(atomic_read(&releases), 1);
	assert_null(fget(9));
	put_unused_fd(9);
	dmb_kernel_platform_free(plat);
}

static void test_fd_transfer(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *a = current, *b = task_create(plat, "receiver");
	struct file *fa, *fb;
	int fd, bfd;

	assert_false(IS_ERR(b));
	atomic_set(&releases, 0);
	set_current(b);
	assert_int_equal(open_test_file(), 0);
	set_current(a);
	assert_int_equal(open_test_file(), 0);
	fd = open_test_file();
	assert_int_equal(fd, 1);
	bfd = fd_transfer(a, fd, b);
	assert_int_equal(bfd, 1);	/* the receiver's own lowest free fd */
	fa = fget(fd);
	fb = fget_task(b, bfd);
	assert_ptr_equal(fa, fb);
	assert_int_equal(file_count(fa), 4);
	fput(fa);
	fput(fb);
	assert_int_equal(close_fd(fd), 0);
	assert_int_equal(atomic_read(&releases), 0);
	set_current(b);
	assert_int_equal(close_fd(bfd), 0);
	assert_int_equal(atomic_read(&releases), 1);
	set_current(a);
	/* A receiver that exited has no table. */
	get_task_struct(b);
	task_exit(b);
	assert_int_equal(atomic_read(&releases), 2);
	assert_int_equal(fd_transfer(a, 0, b), -EBADF);
	assert_null(fget_task(b, 0));
	put_task_struct(b);
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), 3);
}

static void test_threads_share_table(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *leader = current, *thr;
	struct file *f;
	int fd;

	atomic_set(&releases, 0);
	thr = task_create_thread(leader, "thread");
	assert_false(IS_ERR(thr));
	assert_int_equal(thr->tgid, leader->tgid);
	assert_int_not_equal(thr->pid, leader->pid);
	assert_ptr_equal(thr->files, leader->files);
	fd = open_test_file();
	f = fget_task(thr, fd);
	assert_non_null(f);
	fput(f);
	set_current(thr);
	assert_int_equal(open_test_file(), 1);
	assert_int_equal(close_fd(fd), 0);
	set_current(leader);
	assert_null(fget(fd));
	assert_int_equal(atomic_read(&releases), 1);
	/* A thread exiting leaves the shared table alone. */
	task_exit(thr);
	assert_int_equal(atomic_read(&releases), 1);
	assert_non_null(f = fget(1));
	fput(f);
	assert_ptr_equal(task_create_thread(NULL, "x"), ERR_PTR(-EINVAL));
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), 2);
}

static void test_task_exit_closes_all(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *main_task = current, *p, *thr;
	struct file *held;
	int i;

	atomic_set(&releases, 0);
	p = task_create(plat, "proc");
	assert_false(IS_ERR(p));
	thr = task_create_thread(p, "proc-thread");
	assert_false(IS_ERR(thr));
	set_current(p);
	for (i = 0; i < 5; i++)
		assert_int_equal(open_test_file(), i);
	held = fget(2);
	set_current(main_task);
	get_task_struct(p);
	task_exit(p);
	/* The other thread still uses the table. */
	assert_int_equal(atomic_read(&releases), 0);
	assert_ptr_equal(task_create_thread(p, "late"), ERR_PTR(-ESRCH));
	put_task_struct(p);
	task_exit(thr);
	assert_int_equal(atomic_read(&releases), 4);
	fput(held);
	assert_int_equal(atomic_read(&releases), 5);
	dmb_kernel_platform_free(plat);
}

static void test_failslab_paths(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct task_struct *t;
	struct file *f;
	int i, n;

	atomic_set(&releases, 0);
	for (n = 1; n <= 2; n++) {
		failslab_after(n);
		assert_ptr_equal(anon_inode_getfile("x", &test_fops, NULL, 0),
				 ERR_PTR(-ENOMEM));
	}
	for (n = 1; n <= 2; n++) {
		failslab_after(n);
		assert_ptr_equal(task_create(plat, "x"), ERR_PTR(-ENOMEM));
	}
	failslab_after(1);
	assert_ptr_equal(task_create_thread(current, "x"), ERR_PTR(-ENOMEM));
	/* First slot ever: growing the table fails, nothing changes. */
	for (n = 1; n <= 2; n++) {
		failslab_after(n);
		assert_int_equal(get_unused_fd_flags(0), -ENOMEM);
	}
	for (i = 0; i < 64; i++)
		assert_int_equal(open_test_file(), i);
	for (n = 1; n <= 2; n++) {
		failslab_after(n);
		assert_int_equal(get_unused_fd_flags(0), -ENOMEM);
		assert_non_null(f = fget(63));
		fput(f);
		assert_null(fget(64));
	}
	failslab_off();
	assert_int_equal(open_test_file(), 64);
	/* A receive that cannot grow the table leaves no reference. */
	for (i = 65; i < 128; i++)
		assert_int_equal(open_test_file(), i);
	f = fget(0);
	failslab_after(1);
	assert_int_equal(receive_fd(f, 0), -ENOMEM);
	assert_int_equal(file_count(f), 2);
	t = task_create(plat, "other");
	assert_false(IS_ERR(t));
	failslab_after(1);
	assert_int_equal(fd_transfer(current, 0, t), -ENOMEM);
	assert_int_equal(file_count(f), 2);
	assert_int_equal(fd_transfer(current, 0, t), 0);
	task_exit(t);
	fput(f);
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), 128);
}

#define OPEN_THREADS 4
#define OPEN_ROUNDS 2000

struct share_arg {
	struct task_struct *thr[OPEN_THREADS];
	atomic_t opened;
	atomic_t bad;
	int shared_fd;
	atomic_t close_ok;
};

static void open_close_thread(int idx, void *p)
{
	struct share_arg *arg = p;
	int i, fd;

	set_current(arg->thr[idx]);
	for (i = 0; i < OPEN_ROUNDS; i++) {
		struct file *f = anon_inode_getfile("t", &test_fops, NULL, 0);
		struct file *g;

		fd = get_unused_fd_flags(0);
		if (IS_ERR(f) || fd < 0) {
			atomic_inc(&arg->bad);
			continue;
		}
		atomic_inc(&arg->opened);
		fd_install(fd, f);
		/* Nobody else may have been handed our fd. */
		g = fget(fd);
		if (g != f)
			atomic_inc(&arg->bad);
		if (g)
			fput(g);
		if (i % 3 == 0) {
			int dup = fd_transfer(current, fd, current);

			g = dup >= 0 ? fget(dup) : NULL;
			if (g != f || close_fd(dup))
				atomic_inc(&arg->bad);
			if (g)
				fput(g);
		}
		if (close_fd(fd))
			atomic_inc(&arg->bad);
	}
	set_current(NULL);
}

static void test_concurrent_open_close(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct share_arg arg = { 0 };
	int i;

	atomic_set(&releases, 0);
	for (i = 0; i < OPEN_THREADS; i++) {
		arg.thr[i] = task_create_thread(current, "opener");
		assert_false(IS_ERR(arg.thr[i]));
	}
	dmb_run_threads(OPEN_THREADS, open_close_thread, &arg);
	assert_int_equal(atomic_read(&arg.bad), 0);
	for (i = 0; i < OPEN_THREADS; i++)
		task_exit(arg.thr[i]);
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), atomic_read(&arg.opened));
	assert_int_equal(atomic_read(&arg.opened), OPEN_THREADS * OPEN_ROUNDS);
}

#define GROW_FDS 150
#define GROW_ROUNDS 100

static void grow_thread(int idx, void *p)
{
	struct share_arg *arg = p;
	struct file *f[GROW_FDS];
	int fd[GROW_FDS], i;

	set_current(arg->thr[idx]);
	for (i = 0; i < GROW_FDS; i++) {
		f[i] = anon_inode_getfile("t", &test_fops, NULL, 0);
		fd[i] = get_unused_fd_flags(0);
		if (IS_ERR(f[i]) || fd[i] < 0) {
			atomic_inc(&arg->bad);
			set_current(NULL);
			return;
		}
		atomic_inc(&arg->opened);
		fd_install(fd[i], f[i]);
	}
	/* Every fd still names its file after all the tables' growth. */
	for (i = 0; i < GROW_FDS; i++) {
		struct file *g = fget(fd[i]);

		if (g != f[i])
			atomic_inc(&arg->bad);
		if (g)
			fput(g);
		if (close_fd(fd[i]))
			atomic_inc(&arg->bad);
	}
	set_current(NULL);
}

/*
 * Threads of one process hold many fds at once, so the shared table grows
 * (64 -> 1024 slots) while the others install and look up. Growing drops
 * file_lock for the allocations (they may sleep): what was installed
 * meanwhile must be copied into the new table, and a table another thread
 * grew meanwhile must not be replaced by a smaller one. Guards the
 * recheck after expand_files() takes the lock again.
 */
static void test_concurrent_table_growth(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct share_arg arg = { 0 };
	int i, round;

	atomic_set(&releases, 0);
	for (round = 0; round < GROW_ROUNDS; round++) {
		/* A fresh process each round: its table starts empty. */
		struct task_struct *proc = task_create(plat, "proc");

		assert_false(IS_ERR(proc));
		assert_int_equal(files_set_max_fds(proc->files, 4096), 0);
		for (i = 0; i < OPEN_THREADS; i++) {
			arg.thr[i] = task_create_thread(proc, "grower");
			assert_false(IS_ERR(arg.thr[i]));
		}
		dmb_run_threads(OPEN_THREADS, grow_thread, &arg);
		assert_int_equal(atomic_read(&arg.bad), 0);
		for (i = 0; i < OPEN_THREADS; i++)
			task_exit(arg.thr[i]);
		task_exit(proc);
	}
	dmb_kernel_platform_free(plat);
	assert_int_equal(atomic_read(&releases), atomic_read(&arg.opened));
	assert_int_equal(atomic_read(&arg.opened),
			 GROW_ROUNDS * OPEN_THREADS * GROW_FDS);
}

static void close_same_thread(int idx, void *p)
{
	struct share_arg *arg = p;

	set_current(arg->thr[idx]);
	if (!close_fd(arg->shared_fd))
		atomic_inc(&arg->close_ok);
	set_current(NULL);
}

static void test_concurrent_close_same_fd(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct share_arg arg = { 0 };
	int i, round;

	atomic_set(&releases, 0);
	for (i = 0; i < OPEN_THREADS; i++)
		arg.thr[i] = task_create_thread(current, "closer");
	for (round = 0; round < 200; round++) {
		arg.shared_fd = open_test_file();
		atomic_set(&arg.close_ok, 0);
		dmb_run_threads(OPEN_THREADS, close_same_thread, &arg);
		assert_int_equal(atomic_read(&arg.close_ok), 1);
		assert_int_equal(atomic_read(&releases), round + 1);
	}
	for (i = 0; i < OPEN_THREADS; i++)
		task_exit(arg.thr[i]);
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_lowest_free_fd),
		dmb_unit_test(test_bad_fds),
		dmb_unit_test(test_no_current_files),
		dmb_unit_test(test_emfile),
		dmb_unit_test(test_release_after_last_fput),
		dmb_unit_test(test_anon_inode_file),
		dmb_unit_test(test_fd_install_misuse),
		dmb_unit_test(test_fd_transfer),
		dmb_unit_test(test_threads_share_table),
		dmb_unit_test(test_task_exit_closes_all),
		dmb_unit_test(test_failslab_paths),
		dmb_unit_test(test_concurrent_open_close),
		dmb_unit_test(test_concurrent_close_same_fd),
		dmb_unit_test(test_concurrent_table_growth),
	};

	return dmb_run_tests(tests);
}
