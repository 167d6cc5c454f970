/* SPDX-License-Identifier: GPL-2.0 */
/* Completions: one-shot or counted "it is done" events. */
#ifndef DMABRIDGE_COMPLETION_H
#define DMABRIDGE_COMPLETION_H

#include <limits.h>
#include <dmabridge/wait.h>

struct completion {
	unsigned int done;	/* protected by wait.lock */
	struct wait_queue_head wait;
};

#define COMPLETION_DONE_ALL UINT_MAX

#define COMPLETION_INITIALIZER(work) \
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout);
int wait_for_completion_interruptible(struct completion *x);
long wait_for_completion_interruptible_timeout(struct completion *x,
					       unsigned long timeout);
int wait_for_completion_killable(struct completion *x);
long wait_for_completion_killable_timeout(struct completion *x,
					  unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif
