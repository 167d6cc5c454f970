/* SPDX-License-Identifier: GPL-2.0 */
/* poll(): f_op->poll registers on wait queues and returns ready events. */
#ifndef DMABRIDGE_POLL_H
#define DMABRIDGE_POLL_H

#include <poll.h>
#include <dmabridge/fs.h>
#include <dmabridge/wait.h>

#define EPOLLIN ((__poll_t)POLLIN)
#define EPOLLPRI ((__poll_t)POLLPRI)
#define EPOLLOUT ((__poll_t)POLLOUT)
#define EPOLLERR ((__poll_t)POLLERR)
#define EPOLLHUP ((__poll_t)POLLHUP)
#define EPOLLNVAL ((__poll_t)POLLNVAL)
#define EPOLLRDNORM ((__poll_t)POLLRDNORM)
#define EPOLLWRNORM ((__poll_t)POLLWRNORM)

struct poll_table_struct;
typedef void (*poll_queue_proc)(struct file *file,
				struct wait_queue_head *wq,
				struct poll_table_struct *pt);

/**
 * struct poll_table_struct - poll_table: how f_op->poll registers
 * @_qproc: called by poll_wait() for each wait queue; NULL once the
 * 	caller only wants the events
 * @_key: the events asked for
 */
typedef struct poll_table_struct {
	poll_queue_proc _qproc;
	__poll_t _key;
} poll_table;

/**
 * poll_wait() - register a wait queue for a poll
 * @filp: the file
 * @wq: a wait queue that is woken when the events may have changed
 * @p: the poll table (may be NULL)
 *
 * Context: inside f_op->poll.
 */
static inline void poll_wait(struct file *filp, struct wait_queue_head *wq,
			     poll_table *p)
{
	if (p && p->_qproc && wq)
		p->_qproc(filp, wq, p);
}

/**
 * vfs_poll() - ask a file for its ready events
 * @file: the file
 * @pt: the poll table, or NULL
 *
 * Context: process context.
 * Return: the EPOLL* events ready; a file without ->poll is always ready.
 */
static inline __poll_t vfs_poll(struct file *file, poll_table *pt)
{
	if (!file->f_op->poll)
		return EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM;
	return file->f_op->poll(file, pt);
}

/**
 * do_sys_poll() - poll(2) for current's fds
 * @fds: the fds and events; revents are filled in
 * @nfds: entries in @fds
 * @timeout_ms: milliseconds; < 0 waits forever
 *
 * Context: process context, with a current task; sleeps.
 * Return: the number of fds with events, 0 on timeout, -EINVAL (too many
 * fds), -ENOMEM, -EFAULT, -EINTR (a signal).
 */
int do_sys_poll(struct pollfd *fds, unsigned int nfds, int timeout_ms);

#endif
