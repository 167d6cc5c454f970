// SPDX-License-Identifier: GPL-2.0
/* do_sys_poll on a test file type whose f_op->poll uses poll_wait. */
#include <sched.h>
#include "dmb_test.h"
#include <dmabridge/poll.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform.h>

struct pollee {
	struct wait_queue_head wq;
	atomic_t ready;		/* events ready now */
	atomic_t polls;
};

static atomic_t releases;

static __poll_t pollee_poll(struct file *file, poll_table *pt)
{
	struct pollee *p = file->private_data;

	atomic_inc(&p->polls);
	poll_wait(file, &p->wq, pt);
	return atomic_read(&p->ready);
}

static int pollee_release(struct inode *inode, struct file *file)
{
	atomic_inc(&releases);
	return 0;
}

static const struct file_operations pollee_fops = {
	.name = "pollee",
	.poll = pollee_poll,
	.release = pollee_release,
};

static const struct file_operations nopoll_fops = {
	.name = "nopoll",
	.release = pollee_release,
};

static int open_pollee(struct pollee *p)
{
	int fd = get_unused_fd_flags(0);
	struct file *f;

	init_waitqueue_head(&p->wq);
	atomic_set(&p->ready, 0);
	atomic_set(&p->polls, 0);
	f = anon_inode_getfile("pollee", &pollee_fops, p, O_RDWR);
	assert_false(IS_ERR(f));
	fd_install(fd, f);
	return fd;
}

static void test_poll_ready_and_timeout(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct pollee a, b;
	struct pollfd fds[3];
	struct file *f;
	int fa = open_pollee(&a), fb = open_pollee(&b), fn;

	f = anon_inode_getfile("nopoll", &nopoll_fops, NULL, O_RDWR);
	fn = get_unused_fd_flags(0);
	fd_install(fn, f);
	fds[0] = (struct pollfd){ .fd = fa, .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = fb, .events = POLLIN | POLLOUT };
	/* Nothing ready: timeout returns 0, revents cleared. */
	fds[0].revents = fds[1].revents = 0x7;
	assert_int_equal(do_sys_poll(fds, 2, 0), 0);
	assert_int_equal(fds[0].revents, 0);
	assert_int_equal(fds[1].revents, 0);
	assert_int_equal(do_sys_poll(fds, 2, 5), 0);
	assert_false(wq_has_sleeper(&a.wq));	/* entries removed */
	/* Ready: only the requested events (plus ERR/HUP) are reported. */
	atomic_set(&b.ready, POLLOUT | POLLPRI);
	assert_int_equal(do_sys_poll(fds, 2, -1), 1);
	assert_int_equal(fds[0].revents, 0);
	assert_int_equal(fds[1].revents, POLLOUT);
	atomic_set(&a.ready, POLLHUP);
	assert_int_equal(do_sys_poll(fds, 2, 0), 2);
	assert_int_equal(fds[0].revents, POLLHUP);
	/* No f_op->poll: always ready. */
	fds[2] = (struct pollfd){ .fd = fn, .events = POLLIN };
	assert_int_equal(do_sys_poll(&fds[2], 1, 0), 1);
	assert_int_equal(fds[2].revents, POLLIN);
	/* Argument errors. */
	assert_int_equal(do_sys_poll(NULL, 1, 0), -EFAULT);
	/* A bad address is -EFAULT, never a crash (fuzz finding F1). */
	assert_int_equal(do_sys_poll((struct pollfd *)16, 1, 0), -EFAULT);
	assert_int_equal(do_sys_poll(fds, NR_OPEN_DEFAULT + 1, 0), -EINVAL);
	assert_int_equal(do_sys_poll(NULL, 0, 1), 0);
	dmb_kernel_platform_free(plat);
}

static void test_poll_nval_and_negative(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct pollee a;
	struct pollfd fds[3];
	int fa = open_pollee(&a);

	fds[0] = (struct pollfd){ .fd = -1, .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = fa, .events = POLLIN };
	fds[2] = (struct pollfd){ .fd = 77, .events = POLLIN };
	fds[0].revents = 0x55;
	assert_int_equal(do_sys_poll(fds, 3, -1), 1);
	assert_int_equal(fds[0].revents, 0);
	assert_int_equal(fds[1].revents, 0);
	assert_int_equal(fds[2].revents, POLLNVAL);
	assert_int_equal(close_fd(fa), 0);
	assert_int_equal(do_sys_poll(fds, 2, -1), 1);
	assert_int_equal(fds[1].revents, POLLNVAL);
	/* Only negative fds: a pure timeout. */
	assert_int_equal(do_sys_poll(fds, 1, 3), 0);
	dmb_kernel_platform_free(plat);
}

struct poke {
	struct pollee *p;
	struct task_struct *target;
	int fd;
	int what;
};

static int poker(void *data)
{
	struct poke *k = data;

	/* Wait for the poller to sleep on the queue (or not: both work). */
	if (k->what != 3)
		while (!wq_has_sleeper(&k->p->wq))
			sched_yield();
	switch (k->what) {
	case 0:
		atomic_set(&k->p->ready, POLLIN);
		wake_up_poll(&k->p->wq, POLLIN);
		break;
	case 1:
		/* Wake-ups for other events, then the real one. */
		wake_up_poll(&k->p->wq, POLLOUT);
		atomic_set(&k->p->ready, POLLIN);
		wake_up_interruptible(&k->p->wq);
		break;
	case 2:
		send_sig(SIGUSR1, k->target);
		break;
	case 3:
		send_sig(SIGUSR1, k->target);
		break;
	}
	return 0;
}

static void test_poll_wakeups(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct pollee a;
	struct poke k = { .p = &a, .target = current };
	struct pollfd pfd;
	struct task_struct *t;
	int fa = open_pollee(&a), what, round;

	for (what = 0; what < 4; what++) {
		for (round = 0; round < 10; round++) {
			atomic_set(&a.ready, 0);
			k.what = what;
			pfd = (struct pollfd){ .fd = fa, .events = POLLIN };
			t = kthread_run(plat, poker, &k, "poker");
			if (what < 2) {
				assert_int_equal(do_sys_poll(&pfd, 1, -1), 1);
				assert_int_equal(pfd.revents, POLLIN);
			} else {
				assert_int_equal(do_sys_poll(&pfd, 1, -1),
						 -EINTR);
				flush_signals(current);
			}
			kthread_stop(t);
		}
	}
	/* A signal already pending: -EINTR without sleeping. */
	send_sig(SIGUSR1, current);
	assert_int_equal(do_sys_poll(&pfd, 1, 1000000), -EINTR);
	flush_signals(current);
	dmb_kernel_platform_free(plat);
}

/* The fd closed while polled: the poll's reference keeps the file alive. */
static int closer_fn(void *data)
{
	struct poke *k = data;
	struct task_struct *self = current;

	while (!wq_has_sleeper(&k->p->wq))
		sched_yield();
	set_current(k->target);	/* act as a thread of the poller */
	close_fd(k->fd);
	set_current(self);
	wake_up(&k->p->wq);
	return 0;
}

static void test_poll_close_while_polling(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct pollee *a = calloc(1, sizeof(*a));
	struct task_struct *thr = task_create_thread(current, "closer");
	struct poke k = { .p = a, .target = thr };
	struct pollfd pfd;
	struct task_struct *t;

	atomic_set(&releases, 0);
	k.fd = open_pollee(a);
	pfd = (struct pollfd){ .fd = k.fd, .events = POLLIN };
	t = kthread_run(plat, closer_fn, &k, "closer");
	assert_int_equal(do_sys_poll(&pfd, 1, -1), 1);
	assert_int_equal(pfd.revents, POLLNVAL);
	kthread_stop(t);
	assert_int_equal(atomic_read(&releases), 1);
	task_exit(thr);
	free(a);
	dmb_kernel_platform_free(plat);
}

static void test_poll_failslab(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct pollee a;
	struct pollfd pfd;
	int fa = open_pollee(&a);

	pfd = (struct pollfd){ .fd = fa, .events = POLLIN };
	/* The first allocation is the kernel copy of the array, the second
	 * the wait-queue chunk: each failure is -ENOMEM and leaves nothing
	 * queued. */
	failslab_after(1);
	assert_int_equal(do_sys_poll(&pfd, 1, 5), -ENOMEM);
	failslab_after(2);
	assert_int_equal(do_sys_poll(&pfd, 1, 5), -ENOMEM);
	assert_false(wq_has_sleeper(&a.wq));
	dmb_kernel_platform_free(plat);
}

/* Many fds: more entries than one chunk holds. */
static void test_poll_many_fds(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct pollee *p = calloc(100, sizeof(*p));
	struct pollfd *fds = calloc(100, sizeof(*fds));
	int i;

	for (i = 0; i < 100; i++) {
		fds[i].fd = open_pollee(&p[i]);
		fds[i].events = POLLIN;
	}
	assert_int_equal(do_sys_poll(fds, 100, 2), 0);
	for (i = 0; i < 100; i++)
		assert_false(wq_has_sleeper(&p[i].wq));
	atomic_set(&p[99].ready, POLLIN);
	assert_int_equal(do_sys_poll(fds, 100, -1), 1);
	assert_int_equal(fds[99].revents, POLLIN);
	dmb_kernel_platform_free(plat);
	free(p);
	free(fds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_poll_ready_and_timeout),
		dmb_unit_test(test_poll_nval_and_negative),
		dmb_unit_test(test_poll_wakeups),
		dmb_unit_test(test_poll_close_while_polling),
		dmb_unit_test(test_poll_failslab),
		dmb_unit_test(test_poll_many_fds),
	};

	return dmb_run_tests(tests);
}
