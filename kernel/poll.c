// SPDX-License-Identifier: GPL-2.0
/*
 * poll(2): scan every fd; on the first pass each f_op->poll registers our
 * entries on its wait queues; sleep until one fires, the timeout passes,
 * or a signal arrives. Entries hold a file reference, since the wait queue
 * they sit on lives in the file's private data. A wake-up sets `triggered`
 * (not just the task state), so an f_op->poll that sleeps or changes the
 * task state during the scan cannot swallow it.
 */
#include <dmabridge/poll.h>
#include <dmabridge/slab.h>
#include <dmabridge/uaccess.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

#define POLL_ENTRIES_PER_CHUNK 32

struct poll_wqueues;

struct poll_entry {
	struct file *filp;
	struct wait_queue_head *wq;
	struct wait_queue_entry wait;
	__poll_t key;			/* events this entry cares about */
	struct poll_wqueues *pwq;
};

/* Entries live in chunks that never move: they are linked into queues. */
struct poll_chunk {
	struct poll_chunk *next;
	unsigned int nr;
	struct poll_entry entries[POLL_ENTRIES_PER_CHUNK];
};

struct poll_wqueues {
	poll_table pt;
	struct poll_chunk *chunks;
	int triggered;
	int error;
};

static int pollwake(struct wait_queue_entry *wait, unsigned int mode,
		    int flags, void *key)
{
	struct poll_entry *e = container_of(wait, struct poll_entry, wait);
	__poll_t events = (__poll_t)(uintptr_t)key;

	/* A keyed wake-up for events nobody here polls for is ignored. */
	if (events && !(events & e->key))
		return 0;
	__atomic_store_n(&e->pwq->triggered, 1, __ATOMIC_RELEASE);
	return default_wake_function(wait, mode, flags, key);
}

static struct poll_entry *poll_get_entry(struct poll_wqueues *pwq)
{
	struct poll_chunk *c = pwq->chunks;

	if (!c || c->nr == POLL_ENTRIES_PER_CHUNK) {
		c = kmalloc(sizeof(*c), GFP_KERNEL);
		if (!c)
			return NULL;
		c->nr = 0;
		c->next = pwq->chunks;
		pwq->chunks = c;
	}
	return &c->entries[c->nr++];
}

static void poll_queue(struct file *filp, struct wait_queue_head *wq,
		       poll_table *pt)
{
	struct poll_wqueues *pwq = container_of(pt, struct poll_wqueues, pt);
	struct poll_entry *e = poll_get_entry(pwq);

	if (!e) {
		pwq->error = -ENOMEM;
		return;
	}
	e->filp = get_file(filp);
	e->wq = wq;
	e->key = pt->_key;
	e->pwq = pwq;
	init_wait_entry(&e->wait, 0);
	e->wait.func = pollwake;
	add_wait_queue(wq, &e->wait);
}

static void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_chunk *c, *next;
	unsigned int i;

	for (c = pwq->chunks; c; c = next) {
		next = c->next;
		for (i = 0; i < c->nr; i++) {
			remove_wait_queue(c->entries[i].wq, &c->entries[i].wait);
			fput(c->entries[i].filp);
		}
		kfree(c);
	}
	pwq->chunks = NULL;
}

static int poll_scan(struct pollfd *fds, unsigned int nfds, poll_table *pt)
{
	unsigned int i;
	int count = 0;

	for (i = 0; i < nfds; i++) {
		__poll_t events = fds[i].events | EPOLLERR | EPOLLHUP;
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
			pt->_key = events;
		mask = vfs_poll(f, pt) & events;
		fput(f);
		fds[i].revents = mask;
		if (mask) {
			count++;
			/* Found one: no need to register on the rest. */
			if (pt)
				pt->_qproc = NULL;
		}
	}
	return count;
}

int do_sys_poll(struct pollfd *ufds, unsigned int nfds, int timeout_ms)
{
	struct poll_wqueues pwq = { .pt = { ._qproc = poll_queue } };
	long timeout = timeout_ms < 0 ? MAX_SCHEDULE_TIMEOUT :
					msecs_to_jiffies(timeout_ms);
	poll_table *pt = &pwq.pt;
	struct pollfd *fds = NULL;
	size_t size = (size_t)nfds * sizeof(*fds);
	int count;

	if (!current || !current->files)
		return -EBADF;
	if (nfds > READ_ONCE(current->files->max_fds))
		return -EINVAL;
	/* The array is the process's: work on a copy, as Linux does. */
	if (nfds) {
		fds = kmalloc(size, GFP_KERNEL);
		if (!fds)
			return -ENOMEM;
		if (copy_from_user(fds, ufds, size)) {
			kfree(fds);
			return -EFAULT;
		}
	}
	if (!timeout)
		pt->_qproc = NULL;	/* one scan, nothing to wait on */
	for (;;) {
		count = poll_scan(fds, nfds, pt);
		pt->_qproc = NULL;
		if (!count) {
			count = pwq.error;
			if (signal_pending(current))
				count = -EINTR;
		}
		if (count || !timeout)
			break;
		set_current_state(TASK_INTERRUPTIBLE);
		if (!__atomic_load_n(&pwq.triggered, __ATOMIC_ACQUIRE))
			timeout = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);
		__atomic_store_n(&pwq.triggered, 0, __ATOMIC_SEQ_CST);
	}
	poll_freewait(&pwq);
	/* Only revents goes back: fd and events stay the process's own. */
	for (unsigned int i = 0; i < nfds; i++)
		if (copy_to_user(&ufds[i].revents, &fds[i].revents,
				 sizeof(fds[i].revents)))
			count = -EFAULT;
	kfree(fds);
	return count;
}
