// SPDX-License-Identifier: GPL-2.0
/*
 * poll(2): scan every fd; on the first pass each f_op->poll registers our
 * entries on its wait queues; sleep until one fires, the timeout passes,
 * or a signal arrives. Entries hold a file reference, since the wait queue
 * they sit on lives in the file's private data.
 */
#include <dmabridge/poll.h>
#include <dmabridge/slab.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

struct poll_entry {
	struct file *filp;
	struct wait_queue_head *wq;
	struct wait_queue_entry wait;
};

struct poll_wqueues {
	poll_table pt;
	struct poll_entry *entries;
	unsigned int nr, cap;
	int error;
};

static void poll_queue(struct file *filp, struct wait_queue_head *wq,
		       poll_table *pt)
{
	struct poll_wqueues *pwq = container_of(pt, struct poll_wqueues, pt);
	struct poll_entry *e;

	if (pwq->nr == pwq->cap) {
		pwq->error = -ENOMEM;	/* sized for the worst case up front */
		return;
	}
	e = &pwq->entries[pwq->nr++];
	e->filp = get_file(filp);
	e->wq = wq;
	init_wait_entry(&e->wait, 0);
	e->wait.func = default_wake_function;
	add_wait_queue(wq, &e->wait);
}

static void poll_freewait(struct poll_wqueues *pwq)
{
	unsigned int i;

	for (i = 0; i < pwq->nr; i++) {
		remove_wait_queue(pwq->entries[i].wq, &pwq->entries[i].wait);
		fput(pwq->entries[i].filp);
	}
	kfree(pwq->entries);
}

static int poll_scan(struct pollfd *fds, unsigned int nfds, poll_table *pt)
{
	unsigned int i;
	int count = 0;

	for (i = 0; i < nfds; i++) {
		struct file *f;
		__poll_t mask;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = fget(fds[i].fd);
		if (!f) {
			fds[i].revents = POLLNVAL;
			count++;
			continue;
		}
		if (pt)
			pt->_key = fds[i].events | EPOLLERR | EPOLLHUP;
		mask = vfs_poll(f, pt);
		fput(f);
		mask &= fds[i].events | EPOLLERR | EPOLLHUP;
		fds[i].revents = mask;
		if (mask)
			count++;
	}
	return count;
}

int do_sys_poll(struct pollfd *fds, unsigned int nfds, int timeout_ms)
{
	struct poll_wqueues pwq = { .pt = { ._qproc = poll_queue } };
	long timeout = timeout_ms < 0 ? MAX_SCHEDULE_TIMEOUT : timeout_ms;
	poll_table *pt = &pwq.pt;
	int count;

	if (!current || !current->files)
		return -EBADF;
	if (nfds > current->files->max_fds)
		return -EINVAL;
	if (nfds && !fds)
		return -EFAULT;
	/* Each file registers on at most a few queues (dma-buf: two). */
	pwq.cap = nfds * 4;
	pwq.entries = kcalloc(pwq.cap ? pwq.cap : 1, sizeof(*pwq.entries),
			      GFP_KERNEL);
	if (!pwq.entries)
		return -ENOMEM;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		count = poll_scan(fds, nfds, pt);
		pt = NULL;
		if (count || !timeout || pwq.error)
			break;
		if (signal_pending(current)) {
			count = -EINTR;
			break;
		}
		timeout = schedule_timeout(timeout);
	}
	__set_current_state(TASK_RUNNING);
	poll_freewait(&pwq);
	return pwq.error && !count ? pwq.error : count;
}
