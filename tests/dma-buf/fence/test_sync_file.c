// SPDX-License-Identifier: GPL-2.0
/* sync_file and sw_sync: fds, every ioctl field, poll, timelines. */
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <pthread.h>
#include "dmb_test.h"
#include "fence_util.h"
#include <dmabridge/sync_file.h>
#include <dmabridge/sw_sync.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/dma-fence-array.h>
#include <dmabridge/sched.h>

static struct platform *plat;

static int setup(void **state)
{
	plat = dmb_kernel_platform();
	assert_int_equal(sw_sync_devnode_register(plat), 0);
	return dmb_test_setup(state);
}

static int teardown(void **state)
{
	int ret;

	devnode_unregister(plat, SW_SYNC_DEVNODE);
	dmb_kernel_platform_free(plat);
	irq_work_flush_all();
	ret = dmb_test_teardown(state);
	return ret;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static int open_timeline(void)
{
	int fd = sys_open(SW_SYNC_DEVNODE, O_RDWR);

	assert_true(fd >= 0);
	return fd;
}

static int create_fence(int tl, u32 value)
{
	struct sw_sync_create_fence_data data = { .value = value };

	strcpy(data.name, "pt");
	assert_int_equal(sys_ioctl(tl, SW_SYNC_IOC_CREATE_FENCE,
				   (unsigned long)&data), 0);
	assert_true(data.fence >= 0);
	return data.fence;
}

static void inc(int tl, u32 v)
{
	assert_int_equal(sys_ioctl(tl, SW_SYNC_IOC_INC, (unsigned long)&v), 0);
}

static int fence_status(int fd)
{
	struct sync_file_info info = { 0 };

	assert_int_equal(sys_ioctl(fd, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), 0);
	return info.status;
}

static void test_create_and_get(void **state)
{
	struct dma_fence *f = mock_fence(), *got;
	int fd = sync_file_install(f), tl = open_timeline();

	assert_true(fd >= 0);
	got = sync_file_get_fence(fd);
	assert_ptr_equal(got, f);
	dma_fence_put(got);
	/* Not a sync_file, not open, negative: NULL. */
	assert_null(sync_file_get_fence(tl));
	assert_null(sync_file_get_fence(999));
	assert_null(sync_file_get_fence(-1));
	assert_null(sync_file_create(NULL));

	/* The fd holds its own reference. */
	assert_int_equal(sys_close(fd), 0);
	assert_false(dma_fence_is_signaled(f));
	dma_fence_signal(f);
	dma_fence_put(f);
	sys_close(tl);
}

static void test_sw_sync_values(void **state)
{
	int tl = open_timeline();
	int f5 = create_fence(tl, 5), f5b, f2;
	struct dma_fence *a, *b;

	assert_int_equal(fence_status(f5), 0);
	inc(tl, 3);
	assert_int_equal(fence_status(f5), 0);
	/* A point at or below the current value starts signaled. */
	f2 = create_fence(tl, 2);
	assert_int_equal(fence_status(f2), 1);
	/* An unsignaled point at the same value is reused. */
	f5b = create_fence(tl, 5);
	a = sync_file_get_fence(f5);
	b = sync_file_get_fence(f5b);
	assert_ptr_equal(a, b);
	assert_string_equal(dma_fence_driver_name(a), "sw_sync");
	assert_int_equal(a->seqno, 5);
	inc(tl, 2);
	assert_int_equal(fence_status(f5), 1);
	assert_int_equal(fence_status(f5b), 1);
	dma_fence_put(a);
	dma_fence_put(b);
	sys_close(f5);
	sys_close(f5b);
	sys_close(f2);
	sys_close(tl);
}

static void test_sw_sync_inc_signals_all_below(void **state)
{
	struct sync_timeline *obj = sync_timeline_create("c-api");
	struct dma_fence *p[10];
	int i;

	for (i = 9; i >= 0; i--)	/* out of order on purpose */
		p[i] = sw_sync_create_fence(obj, i + 1);
	sync_timeline_signal(obj, 6);
	for (i = 0; i < 10; i++)
		assert_int_equal(dma_fence_is_signaled(p[i]), i < 6);
	sync_timeline_signal(obj, 4);
	for (i = 0; i < 10; i++) {
		assert_int_equal(dma_fence_get_status(p[i]), 1);
		dma_fence_put(p[i]);
	}
	assert_true(list_empty(&obj->pt_list));
	p[0] = sw_sync_create_fence(obj, 1);
	assert_non_null(dma_fence_to_sync_pt(p[0]));
	assert_true(dma_fence_is_signaled(p[0]));
	assert_ptr_equal(dma_fence_parent(p[0]), obj);
	assert_string_equal(dma_fence_timeline_name(p[0]), "c-api");
	dma_fence_put(p[0]);
	p[0] = mock_fence();
	assert_null(dma_fence_to_sync_pt(p[0]));
	dma_fence_signal(p[0]);
	dma_fence_put(p[0]);
	sync_timeline_put(obj);
}

static void test_sw_sync_reuse_and_dying(void **state)
{
	struct sync_timeline *obj = sync_timeline_create("reuse");
	struct dma_fence *a = sw_sync_create_fence(obj, 3);
	struct dma_fence *b = sw_sync_create_fence(obj, 3);
	struct dma_fence *c;

	assert_ptr_equal(a, b);
	dma_fence_put(a);
	dma_fence_put(b);
	/* The last reference is gone: a new point, not the old one. */
	c = sw_sync_create_fence(obj, 3);
	assert_non_null(c);
	assert_false(dma_fence_is_signaled(c));
	failslab_after(1);
	assert_null(sw_sync_create_fence(obj, 4));
	sw_sync_timeline_close(obj);
	assert_int_equal(dma_fence_get_status(c), -ENOENT);
	dma_fence_put(c);
}

static void test_sw_sync_close_signals_enoent(void **state)
{
	int tl = open_timeline();
	int f7 = create_fence(tl, 7), f1;
	struct dma_fence *f;

	inc(tl, 1);
	f1 = create_fence(tl, 1);
	f = sync_file_get_fence(f7);
	assert_int_equal(sys_close(tl), 0);
	/* Pending points: signaled with -ENOENT; done ones keep status 1. */
	assert_true(dma_fence_is_signaled(f));
	assert_int_equal(dma_fence_get_status(f), -ENOENT);
	assert_int_equal(fence_status(f7), -ENOENT);
	assert_int_equal(fence_status(f1), 1);
	dma_fence_put(f);
	sys_close(f7);
	sys_close(f1);
}

static void test_sw_sync_ioctl_validation(void **state)
{
	int tl = open_timeline(), fd = create_fence(tl, 1), next;
	u32 big = (u32)INT_MAX + 10;

	assert_int_equal(sys_ioctl(tl, SW_SYNC_IOC_CREATE_FENCE, 0), -EFAULT);
	assert_int_equal(sys_ioctl(tl, SW_SYNC_IOC_INC, 0), -EFAULT);
	assert_int_equal(sys_ioctl(tl, _IO('W', 9), 0), -ENOTTY);
	assert_int_equal(sys_ioctl(tl, SYNC_IOC_FILE_INFO, 0), -ENOTTY);
	assert_int_equal(sys_ioctl(fd, SW_SYNC_IOC_INC, 0), -ENOTTY);
	/* A failed create leaves no fd behind. */
	next = create_fence(tl, 2);
	sys_close(next);
	failslab_after(1);
	{
		struct sw_sync_create_fence_data d = { .value = 3 };

		assert_int_equal(sys_ioctl(tl, SW_SYNC_IOC_CREATE_FENCE,
					   (unsigned long)&d), -ENOMEM);
	}
	assert_int_equal(create_fence(tl, 2), next);
	sys_close(next);
	/* An increment beyond INT_MAX is done in steps and signals. */
	inc(tl, big);
	assert_int_equal(fence_status(fd), 1);
	sys_close(fd);
	sys_close(tl);
	assert_int_equal(sys_open("/no/such/node", O_RDWR), -ENOENT);
}

static void test_file_info(void **state)
{
	int t1 = open_timeline(), t2 = open_timeline();
	int a = create_fence(t1, 2), b = create_fence(t2, 3), m;
	struct sync_merge_data md = { .fd2 = b };
	struct sync_fence_info fi[3];
	struct sync_file_info info;
	char want[64];
	struct dma_fence *fa;

	/* Unmerged: one fence, a name made from the fence. */
	memset(&info, 0, sizeof(info));
	assert_int_equal(sys_ioctl(a, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), 0);
	assert_int_equal(info.num_fences, 1);
	assert_int_equal(info.status, 0);
	fa = sync_file_get_fence(a);
	snprintf(want, sizeof(want), "sw_sync-%s%llu-2",
		 dma_fence_timeline_name(fa), (unsigned long long)fa->context);
	assert_string_equal(info.name, want);
	dma_fence_put(fa);

	strcpy(md.name, "merged");
	assert_int_equal(sys_ioctl(a, SYNC_IOC_MERGE, (unsigned long)&md), 0);
	m = md.fence;

	/* Count-only query. */
	memset(&info, 0, sizeof(info));
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), 0);
	assert_int_equal(info.num_fences, 2);
	assert_int_equal(info.status, 0);
	assert_string_equal(info.name, "merged");

	/* Too small a buffer, flags, pad: -EINVAL. */
	info.num_fences = 1;
	info.sync_fence_info = (uintptr_t)fi;
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), -EINVAL);
	memset(&info, 0, sizeof(info));
	info.flags = 1;
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), -EINVAL);
	info.flags = 0;
	info.pad = 1;
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), -EINVAL);
	/* Bad pointers: -EFAULT. */
	info.pad = 0;
	info.num_fences = 2;
	info.sync_fence_info = 0;
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), -EFAULT);
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO, 0), -EFAULT);

	/* Full query, one signaled. */
	inc(t1, 2);
	memset(&info, 0, sizeof(info));
	memset(fi, 0xff, sizeof(fi));
	info.num_fences = 3;
	info.sync_fence_info = (uintptr_t)fi;
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), 0);
	assert_int_equal(info.num_fences, 2);
	assert_int_equal(info.status, 0);
	for (int i = 0; i < 2; i++) {
		assert_string_equal(fi[i].driver_name, "sw_sync");
		assert_int_equal(fi[i].flags, 0);
		if (fi[i].status == 1)
			assert_true(fi[i].timestamp_ns > 0);
		else
			assert_int_equal(fi[i].timestamp_ns, 0);
	}
	assert_int_equal(fi[0].status + fi[1].status, 1);
	/* The third entry was not written. */
	assert_int_equal(fi[2].status, -1);

	inc(t2, 3);
	info.num_fences = 2;
	assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
				   (unsigned long)&info), 0);
	assert_int_equal(info.status, 1);
	assert_int_equal(fence_status(m), 1);

	sys_close(m);
	sys_close(a);
	sys_close(b);
	sys_close(t1);
	sys_close(t2);
}

static void test_merge(void **state)
{
	int t1 = open_timeline(), t2 = open_timeline();
	int a2 = create_fence(t1, 2), a5 = create_fence(t1, 5);
	int b = create_fence(t2, 1), m, next;
	struct sync_merge_data md;
	struct dma_fence *f;

	/* Same timeline: the newest point alone. */
	memset(&md, 0, sizeof(md));
	md.fd2 = a5;
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md), 0);
	f = sync_file_get_fence(md.fence);
	assert_false(dma_fence_is_container(f));
	assert_int_equal(f->seqno, 5);
	dma_fence_put(f);
	sys_close(md.fence);

	/* The name is cut to fit and terminated. */
	memset(&md, 'x', sizeof(md.name));
	md.fd2 = b;
	md.fence = -1;
	md.flags = 0;
	md.pad = 0;
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md), 0);
	m = md.fence;
	{
		struct sync_file_info info = { 0 };

		assert_int_equal(sys_ioctl(m, SYNC_IOC_FILE_INFO,
					   (unsigned long)&info), 0);
		assert_int_equal(strlen(info.name), 31);
	}
	sys_close(m);

	/* Rejections, and none of them leaves an fd behind. */
	next = create_fence(t2, 9);
	sys_close(next);
	memset(&md, 0, sizeof(md));
	md.fd2 = b;
	md.flags = 1;
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md),
			 -EINVAL);
	md.flags = 0;
	md.pad = 1;
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md),
			 -EINVAL);
	md.pad = 0;
	md.fd2 = t1;	/* not a sync_file */
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md),
			 -ENOENT);
	md.fd2 = -1;
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md),
			 -ENOENT);
	md.fd2 = 777;
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md),
			 -ENOENT);
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, 0), -EFAULT);
	md.fd2 = b;
	failslab_after(1);
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md),
			 -ENOMEM);
	assert_int_equal(sys_ioctl(a2, _IO('>', 42), 0), -ENOTTY);
	assert_int_equal(create_fence(t2, 9), next);
	sys_close(next);

	/* Merging with itself works too. */
	md.fd2 = a2;
	assert_int_equal(sys_ioctl(a2, SYNC_IOC_MERGE, (unsigned long)&md), 0);
	sys_close(md.fence);

	sys_close(a2);
	sys_close(a5);
	sys_close(b);
	sys_close(t1);
	sys_close(t2);
}

static void test_deadline(void **state)
{
	int t1 = open_timeline(), t2 = open_timeline();
	int a = create_fence(t1, 1), b = create_fence(t2, 1), m;
	struct sync_set_deadline sd = { .deadline_ns = 5000 };
	struct sw_sync_get_deadline gd = { .fence_fd = a };
	struct sync_merge_data md = { .fd2 = b };

	/* No deadline yet. */
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), -ENOENT);
	assert_int_equal(sys_ioctl(a, SYNC_IOC_SET_DEADLINE,
				   (unsigned long)&sd), 0);
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), 0);
	assert_int_equal(gd.deadline_ns, 5000);
	/* Later deadlines do not move it, earlier ones do. */
	sd.deadline_ns = 9000;
	assert_int_equal(sys_ioctl(a, SYNC_IOC_SET_DEADLINE,
				   (unsigned long)&sd), 0);
	gd.deadline_ns = 0;
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), 0);
	assert_int_equal(gd.deadline_ns, 5000);

	/* Through a merged fence to every member. */
	assert_int_equal(sys_ioctl(a, SYNC_IOC_MERGE, (unsigned long)&md), 0);
	m = md.fence;
	sd.deadline_ns = 100;
	assert_int_equal(sys_ioctl(m, SYNC_IOC_SET_DEADLINE,
				   (unsigned long)&sd), 0);
	gd.deadline_ns = 0;
	gd.fence_fd = b;
	assert_int_equal(sys_ioctl(t2, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), 0);
	assert_int_equal(gd.deadline_ns, 100);

	/* Validation. */
	sd.pad = 1;
	assert_int_equal(sys_ioctl(a, SYNC_IOC_SET_DEADLINE,
				   (unsigned long)&sd), -EINVAL);
	assert_int_equal(sys_ioctl(a, SYNC_IOC_SET_DEADLINE, 0), -EFAULT);
	gd.deadline_ns = 0;
	gd.pad = 1;
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), -EINVAL);
	gd.pad = 0;
	gd.deadline_ns = 1;
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), -EINVAL);
	gd.deadline_ns = 0;
	gd.fence_fd = m;	/* an array, not a sw_sync point */
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), -EINVAL);
	gd.fence_fd = t2;	/* not a sync_file */
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE,
				   (unsigned long)&gd), -EINVAL);
	assert_int_equal(sys_ioctl(t1, SW_SYNC_GET_DEADLINE, 0), -EFAULT);

	sys_close(m);
	sys_close(a);
	sys_close(b);
	sys_close(t1);
	sys_close(t2);
}

struct poll_arg {
	struct task_struct *task;
	int fd;
	int ret;
	short revents;
};

static void *poll_thread(void *p)
{
	struct poll_arg *pa = p;
	struct pollfd pfd = { .fd = pa->fd, .events = POLLIN };

	set_current(pa->task);
	pa->ret = sys_poll(&pfd, 1, -1);
	pa->revents = pfd.revents;
	set_current(NULL);
	return NULL;
}

static void test_poll(void **state)
{
	int tl = open_timeline(), fd = create_fence(tl, 2);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct poll_arg pa = { .fd = fd };
	struct sync_file *sf;
	struct file *file;
	pthread_t t;

	/* Not readable until signaled, both before and after arming. */
	assert_int_equal(sys_poll(&pfd, 1, 0), 0);
	assert_int_equal(pfd.revents, 0);
	assert_int_equal(sys_poll(&pfd, 1, 2), 0);
	inc(tl, 1);
	assert_int_equal(sys_poll(&pfd, 1, 0), 0);

	/* A blocked poller wakes when the point signals. */
	pa.task = task_create_thread(current, "poller");
	assert_non_null(pa.task);
	assert_int_equal(pthread_create(&t, NULL, poll_thread, &pa), 0);
	file = fget(fd);
	sf = file->private_data;
	while (!wq_has_sleeper(&sf->wq))
		sched_yield();
	fput(file);
	inc(tl, 1);
	pthread_join(t, NULL);
	assert_int_equal(pa.ret, 1);
	assert_int_equal(pa.revents, POLLIN);
	assert_int_equal(sys_poll(&pfd, 1, 0), 1);
	assert_int_equal(pfd.revents, POLLIN);
	task_exit(pa.task);

	/* A fence that is signaled before the first poll. */
	sys_close(fd);
	fd = create_fence(tl, 1);
	pfd.fd = fd;
	assert_int_equal(sys_poll(&pfd, 1, -1), 1);
	assert_int_equal(pfd.revents, POLLIN);
	sys_close(fd);
	sys_close(tl);
}

/* One producer, three consumers, one timeline, many items. */
#define PC_ITEMS STRESS(20000)

struct pc_ctx {
	struct sync_timeline *tl;
	int *data;
	long checked;
};

static void pc_thread(int idx, void *p)
{
	struct pc_ctx *c = p;
	int v;

	if (idx == 0) {
		for (v = 1; v <= PC_ITEMS; v++) {
			c->data[v - 1] = v;	/* published by the signal */
			sync_timeline_signal(c->tl, 1);
		}
		return;
	}
	for (v = 1; v <= PC_ITEMS; v++) {
		struct dma_fence *f;

		/* Consumers skip around so points are created early & late. */
		if ((v + idx) % 3 && v % 7)
			continue;
		f = sw_sync_create_fence(c->tl, v);
		assert_non_null(f);
		assert_int_equal(dma_fence_wait(f, false), 0);
		assert_int_equal(c->data[v - 1], v);
		assert_int_equal(dma_fence_get_status(f), 1);
		dma_fence_put(f);
		__atomic_add_fetch(&c->checked, 1, __ATOMIC_RELAXED);
	}
}

static void test_producer_consumers(void **state)
{
	struct pc_ctx c = { 0 };

	c.tl = sync_timeline_create("pc");
	c.data = calloc(PC_ITEMS, sizeof(int));
	dmb_run_threads(4, pc_thread, &c);
	assert_true(c.checked > PC_ITEMS / 2);
	assert_true(list_empty(&c.tl->pt_list));
	print_message("# producer/consumers: %d items, %ld waits\n", PC_ITEMS,
		      c.checked);
	sw_sync_timeline_close(c.tl);
	free(c.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_and_get),
		T(test_sw_sync_values),
		T(test_sw_sync_inc_signals_all_below),
		T(test_sw_sync_reuse_and_dying),
		T(test_sw_sync_close_signals_enoent),
		T(test_sw_sync_ioctl_validation),
		T(test_file_info),
		T(test_merge),
		T(test_deadline),
		T(test_poll),
		T(test_producer_consumers),
	};
	int ret = dmb_run_tests(tests);

	irq_work_flush_all();
	rcu_barrier();
	return ret;
}
