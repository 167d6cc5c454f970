/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks. A task_struct is a thread of a simulated process (or a kernel
 * thread); threads of one process share its mm and fd table. `current` is
 * the calling thread's task, as in the kernel.
 */
#ifndef DMABRIDGE_SCHED_H
#define DMABRIDGE_SCHED_H

#include <pthread.h>
#include <dmabridge/types.h>
#include <dmabridge/refcount.h>
#include <dmabridge/list.h>
#include <dmabridge/err.h>
#include <dmabridge/spinlock.h>

struct platform;
struct mm_struct;
struct files_struct;
struct parker;

#define TASK_COMM_LEN 16
#define TASK_RUNNING 0
#define TASK_INTERRUPTIBLE 1
#define TASK_UNINTERRUPTIBLE 2
#define TASK_KILLABLE 3

#define SIGINT 2
#define SIGKILL 9
#define SIGBUS 7
#define SIGSEGV 11
#define SIGUSR1 10

/**
 * struct task_struct - a thread of a simulated process, or a kernel thread
 * @pid: thread id
 * @tgid: process id: the first thread's pid
 * @comm: its name
 * @platform: the machine it runs on
 * @mm: its address space; NULL for kernel threads and before the first mmap
 * @files: its fd table (shared by the threads of a process)
 * @pending: pending signals, one bit per signal
 * @parker: the thread running as this task, while it is attached
 * @alloc_lock: task_lock(): protects @files and @mm
 * @usage: references (get_task_struct()/put_task_struct())
 * @kthread: a kernel thread (kthread_run())
 * @thread: a kernel thread's pthread
 * @threadfn: a kernel thread's function
 * @data: its argument
 * @should_stop: kthread_stop() asked it to stop
 * @exit_code: what @threadfn returned
 * @explore: its thread in an explored run (dmabridge's schedule
 *	exploration, <dmabridge/explore.h>), or NULL
 *
 * Linux's task_struct reduced to what dmabridge's code reads. `current` is
 * the calling thread's task, set by set_current() (a thread-local
 * variable, not a per-CPU one).
 */
struct task_struct {
	pid_t pid;		/* thread id */
	pid_t tgid;		/* process id: the first thread's pid */
	char comm[TASK_COMM_LEN];
	struct platform *platform;
	struct mm_struct *mm;	/* NULL for kernel threads */
	struct files_struct *files;
	unsigned long pending;	/* pending signals, bit per signal */
	struct parker *parker;	/* the thread running as this task */
	spinlock_t alloc_lock;	/* task_lock(): protects ->files and ->mm */
	refcount_t usage;
	bool kthread;
	/* kthread bookkeeping */
	pthread_t thread;
	struct explore_thread *explore;	/* a thread of an explored run */
	int (*threadfn)(void *data);
	void *data;
	bool should_stop;
	int exit_code;
};

extern __thread struct task_struct *__current_task;
#define current (__current_task)

/**
 * task_create() - a new simulated process
 * @plat: the machine it runs on
 * @comm: its name (cut to TASK_COMM_LEN - 1)
 *
 * One thread, an empty fd table, no mm until it first maps memory. It is
 * not current anywhere: set_current() makes it the calling thread's.
 *
 * Context: any context.
 * Return: the task (one reference, dropped by task_exit()), or
 * ERR_PTR(-ENOMEM).
 */
struct task_struct *task_create(struct platform *plat, const char *comm);
/**
 * task_create_thread() - a new thread of a process
 * @leader: a task of the process to join
 * @comm: its name
 *
 * Shares @leader's mm and fd table.
 *
 * Context: takes task_lock(@leader).
 * Return: the task, or ERR_PTR(-EINVAL) without a leader, -ESRCH if the
 * leader has exited, -ENOMEM.
 */
struct task_struct *task_create_thread(struct task_struct *leader,
				       const char *comm);
/**
 * get_task_struct() - take a reference on a task
 * @t: the task
 *
 * Context: any context.
 * Return: @t.
 */
struct task_struct *get_task_struct(struct task_struct *t);

/**
 * task_lock() - pin another task's ->files and ->mm while looking at them
 * @t: the task
 *
 * Context: takes @t->alloc_lock, a spinlock: do not sleep until task_unlock().
 */
static inline void task_lock(struct task_struct *t)
{
	spin_lock(&t->alloc_lock);
}

/**
 * task_unlock() - release task_lock()
 * @t: the task
 *
 * Context: releases @t->alloc_lock.
 */
static inline void task_unlock(struct task_struct *t)
{
	spin_unlock(&t->alloc_lock);
}

/**
 * task_pid_nr() - a task's thread id
 * @t: the task
 *
 * Context: any context.
 * Return: @t->pid.
 */
static inline pid_t task_pid_nr(const struct task_struct *t)
{
	return t->pid;
}

/**
 * task_tgid_nr() - a task's process id
 * @t: the task
 *
 * Context: any context.
 * Return: @t->tgid.
 */
static inline pid_t task_tgid_nr(const struct task_struct *t)
{
	return t->tgid;
}

/**
 * put_task_struct() - drop a reference on a task
 * @t: the task
 *
 * The last reference frees it and takes it off its platform's task list.
 *
 * Context: any context.
 */
void put_task_struct(struct task_struct *t);
/**
 * task_exit() - a task exits
 * @t: the task
 *
 * Closes every fd if it is the last thread of its process, drops the mm,
 * then drops the caller's reference (the one task_create() gave).
 *
 * Context: process context; may sleep (closing files runs their release).
 */
void task_exit(struct task_struct *t);
/**
 * mmget() - take a user reference on an mm
 * @mm: the address space
 *
 * Defined by mm/ (with mm_alloc()); the kernel layer carries a weak version
 * that WARNs, since without mm/ no task has an mm.
 *
 * Context: any context.
 */
void mmget(struct mm_struct *mm);
/**
 * mmput() - drop a user reference on an mm
 * @mm: the address space
 *
 * The last one tears down its mappings.
 *
 * Context: process context; may sleep.
 */
void mmput(struct mm_struct *mm);

/**
 * set_current() - make a task the calling thread's current
 * @t: the task, or NULL for none
 *
 * dmabridge's own: in Linux the scheduler sets current. Each thread of a
 * program that plays a process calls it once.
 *
 * Context: any context.
 * Return: the previous current task (restore it when done).
 */
struct task_struct *set_current(struct task_struct *t);

/**
 * kthread_run() - run a function on a new kernel thread
 * @plat: the machine
 * @fn: the thread function; its return value is the exit code
 * @data: its argument
 * @comm: the thread's name
 *
 * Unlike Linux's macro, the platform is an argument (nothing is global).
 *
 * Context: process context; may sleep.
 * Return: the task (kthread_stop() joins it), or ERR_PTR(-EINVAL) without
 * @fn, -ENOMEM, -EAGAIN if the thread cannot be started.
 */
struct task_struct *kthread_run(struct platform *plat, int (*fn)(void *),
				void *data, const char *comm);
/**
 * kthread_should_stop() - has kthread_stop() been called on current?
 *
 * Context: from a kernel thread.
 * Return: true once kthread_stop() asked current to stop.
 */
bool kthread_should_stop(void);
/**
 * kthread_stop() - stop a kernel thread
 * @t: the thread (from kthread_run())
 *
 * Asks it to stop, wakes it, waits for it to return, drops its reference.
 *
 * Context: process context; sleeps until the thread exits.
 * Return: the thread function's return value, or -EINVAL (WARN) if @t is
 * not a kernel thread.
 */
int kthread_stop(struct task_struct *t);

/**
 * send_sig() - send a signal to a task
 * @sig: SIGKILL, SIGINT... (1..63; others are ignored)
 * @t: the task
 *
 * Only its effect on sleeps is modelled: an interruptible (or, for
 * SIGKILL, killable) sleep of @t ends with -EINTR/-ERESTARTSYS.
 *
 * Context: any context.
 */
void send_sig(int sig, struct task_struct *t);
/**
 * signal_pending() - does a task have a pending signal?
 * @t: the task
 *
 * Context: any context.
 * Return: true if any signal is pending.
 */
bool signal_pending(struct task_struct *t);
/**
 * fatal_signal_pending() - does a task have SIGKILL pending?
 * @t: the task
 *
 * Context: any context.
 * Return: true if SIGKILL is pending.
 */
bool fatal_signal_pending(struct task_struct *t);
/**
 * flush_signals() - forget a task's pending signals
 * @t: the task
 *
 * Context: any context.
 */
void flush_signals(struct task_struct *t);
/**
 * signal_pending_state() - would a sleep in @state be cut short?
 * @state: TASK_INTERRUPTIBLE, TASK_KILLABLE or TASK_UNINTERRUPTIBLE
 * @t: the task
 *
 * Context: any context.
 * Return: true for an interruptible state with any signal pending, or a
 * killable one with SIGKILL pending.
 */
bool signal_pending_state(int state, struct task_struct *t);

/**
 * set_current_state() - set current's state before sleeping
 * @state: TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE or
 * 	TASK_KILLABLE
 *
 * Sleeping the kernel way: set the state, check the condition, schedule().
 * A wake_up_process() between the two is not lost: it makes the next
 * schedule() return at once.
 *
 * Context: process context.
 */
void set_current_state(int state);
/**
 * __set_current_state() - set current's state without a barrier
 * @state: as set_current_state()
 *
 * Context: process context.
 */
void __set_current_state(int state);
/**
 * schedule_timeout() - sleep until woken or a timeout
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * In TASK_RUNNING it returns at once, as in Linux. An interruptible state
 * with a signal pending returns at once too.
 *
 * Context: process context; sleeps.
 * Return: the jiffies left (0 when the timeout expired);
 * MAX_SCHEDULE_TIMEOUT for an unbounded sleep.
 */
long schedule_timeout(long timeout);
/**
 * schedule() - sleep until woken, in the state set before
 *
 * Context: process context; sleeps (unless the state is TASK_RUNNING).
 */
void schedule(void);
/**
 * schedule_timeout_interruptible() - sleep interruptibly with a timeout
 * @timeout: jiffies
 *
 * Context: process context; sleeps.
 * Return: the jiffies left; 0 when the timeout expired.
 */
long schedule_timeout_interruptible(long timeout);
/**
 * schedule_timeout_uninterruptible() - sleep with a timeout, ignoring signals
 * @timeout: jiffies
 *
 * Context: process context; sleeps.
 * Return: the jiffies left; 0 when the timeout expired.
 */
long schedule_timeout_uninterruptible(long timeout);
/**
 * msleep() - sleep for at least @msecs milliseconds
 * @msecs: milliseconds
 *
 * Context: process context; sleeps (not interruptible).
 */
void msleep(unsigned int msecs);
/**
 * cond_resched() - let other threads run (sched_yield())
 *
 * Context: process context.
 */
void cond_resched(void);
/**
 * wake_up_process() - wake a task's thread if it sleeps
 * @t: the task (may be NULL)
 *
 * What a wait queue entry's wake function calls.
 *
 * Context: any context.
 * Return: 1 if @t had a thread attached (it was woken), 0 otherwise.
 */
int wake_up_process(struct task_struct *t);

#endif
