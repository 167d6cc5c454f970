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

/* A new simulated process: one thread, empty fd table, no mm yet. */
struct task_struct *task_create(struct platform *plat, const char *comm);
/* A new thread of @leader's process (shares mm and fd table). */
struct task_struct *task_create_thread(struct task_struct *leader,
				       const char *comm);
struct task_struct *get_task_struct(struct task_struct *t);

/* Pins ->files and ->mm of another task while you look at them. */
static inline void task_lock(struct task_struct *t)
{
	spin_lock(&t->alloc_lock);
}

static inline void task_unlock(struct task_struct *t)
{
	spin_unlock(&t->alloc_lock);
}

static inline pid_t task_pid_nr(const struct task_struct *t)
{
	return t->pid;
}

static inline pid_t task_tgid_nr(const struct task_struct *t)
{
	return t->tgid;
}

void put_task_struct(struct task_struct *t);
/* Close every fd (last thread), drop the mm, then drop the caller's ref. */
void task_exit(struct task_struct *t);
/*
 * mm/ defines these (with mm_alloc, in one object file). The kernel layer
 * carries weak versions that warn: without mm/ no task can have an mm.
 */
void mmget(struct mm_struct *mm);
void mmput(struct mm_struct *mm);

/* Make @t the calling thread's current task; returns the previous one. */
struct task_struct *set_current(struct task_struct *t);

/* Kernel threads: run @fn on a new thread whose current is a kthread. */
struct task_struct *kthread_run(struct platform *plat, int (*fn)(void *),
				void *data, const char *comm);
bool kthread_should_stop(void);
/* Ask the thread to stop, wake it, join it; returns its exit code. */
int kthread_stop(struct task_struct *t);

/* Signals: just enough for interruptible waits and fatal signals. */
void send_sig(int sig, struct task_struct *t);
bool signal_pending(struct task_struct *t);
bool fatal_signal_pending(struct task_struct *t);
void flush_signals(struct task_struct *t);
/* Would a sleep in @state be cut short by @t's pending signals? */
bool signal_pending_state(int state, struct task_struct *t);

/*
 * Sleeping, the kernel way: set_current_state(), check, schedule(). A
 * schedule_timeout() in TASK_RUNNING returns at once, as in Linux.
 */
void set_current_state(int state);
void __set_current_state(int state);
long schedule_timeout(long timeout);
void schedule(void);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
void msleep(unsigned int msecs);
void cond_resched(void);
/* Wake the task's thread if it sleeps (what a wait queue entry calls). */
int wake_up_process(struct task_struct *t);

#endif
