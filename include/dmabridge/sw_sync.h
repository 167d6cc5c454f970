/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sw_sync: software timelines, for tests and scenarios. Each open of the
 * sw_sync node (Linux: /sys/kernel/debug/sync/sw_sync) is a timeline
 * whose value only moves forward; a fence ("point") at value v signals
 * when the timeline reaches v. Linux keeps these ioctl definitions in
 * drivers/dma-buf/sw_sync.c; the structs and numbers here are the same.
 */
#ifndef DMABRIDGE_SW_SYNC_H
#define DMABRIDGE_SW_SYNC_H

#include <linux/ioctl.h>
#include <dmabridge/types.h>
#include <dmabridge/list.h>
#include <dmabridge/dma-fence.h>

struct platform;

/**
 * struct sw_sync_create_fence_data - SW_SYNC_IOC_CREATE_FENCE's argument
 * @value: the timeline value the point signals at
 * @name: the sync_file's name
 * @fence: out: a sync_file fd
 */
struct sw_sync_create_fence_data {
	__u32 value;
	char name[32];
	__s32 fence;	/* out: a sync_file fd */
};

/**
 * struct sw_sync_get_deadline - SW_SYNC_GET_DEADLINE's argument
 * @deadline_ns: out: the earliest deadline set on the fence
 * @pad: zero
 * @fence_fd: a sync_file fd of a point of this timeline
 */
struct sw_sync_get_deadline {
	__u64 deadline_ns;
	__u32 pad;
	__s32 fence_fd;
};

#define SW_SYNC_IOC_MAGIC 'W'
#define SW_SYNC_IOC_CREATE_FENCE \
	_IOWR(SW_SYNC_IOC_MAGIC, 0, struct sw_sync_create_fence_data)
#define SW_SYNC_IOC_INC _IOW(SW_SYNC_IOC_MAGIC, 1, __u32)
#define SW_SYNC_GET_DEADLINE \
	_IOWR(SW_SYNC_IOC_MAGIC, 2, struct sw_sync_get_deadline)

/* Where a process opens a new timeline. */
#define SW_SYNC_DEVNODE "/sys/kernel/debug/sync/sw_sync"

/**
 * struct sync_timeline - a software timeline
 * @kref: references (the file's and each point's)
 * @name: its name
 * @context: its fence context
 * @value: how far it has advanced; under @lock
 * @pt_list: unsignaled points, by value
 * @lock: the lock of every point's fence
 */
struct sync_timeline {
	struct kref kref;
	char name[32];
	u64 context;
	int value;		/* under @lock */
	struct list_head pt_list; /* unsignaled points, by value */
	spinlock_t lock;	/* the lock of every point's fence */
};

/**
 * struct sync_pt - a point on a timeline
 * @base: its fence
 * @link: in pt_list while unsignaled
 * @deadline: the earliest deadline, if SW_SYNC_HAS_DEADLINE_BIT
 */
struct sync_pt {
	struct dma_fence base;
	struct list_head link;	/* in pt_list while unsignaled */
	ktime_t deadline;	/* earliest, if SW_SYNC_HAS_DEADLINE_BIT */
};

#define SW_SYNC_HAS_DEADLINE_BIT DMA_FENCE_FLAG_USER_BITS

/**
 * sync_timeline_create() - a new timeline at value 0
 * @name: its name
 *
 * Context: process context; allocates.
 * Return: the timeline (one reference), or NULL when out of memory.
 */
struct sync_timeline *sync_timeline_create(const char *name);
/**
 * sync_timeline_put() - drop a reference on a timeline
 * @obj: the timeline
 *
 * Context: any context.
 */
void sync_timeline_put(struct sync_timeline *obj);
/**
 * sw_sync_create_fence() - the point at a value
 * @obj: the timeline
 * @value: the value it signals at
 *
 * An existing unsignaled point at @value is reused; a value already
 * reached gives a signaled fence.
 *
 * Context: process context; takes the timeline's lock; allocates.
 * Return: a reference, or NULL when out of memory.
 */
struct dma_fence *sw_sync_create_fence(struct sync_timeline *obj,
				       unsigned int value);
/**
 * sync_timeline_signal() - advance a timeline
 * @obj: the timeline
 * @inc: by how much
 *
 * Signals every point at or below the new value.
 *
 * Context: any context; takes the timeline's lock.
 */
void sync_timeline_signal(struct sync_timeline *obj, unsigned int inc);
/**
 * sw_sync_timeline_close() - what closing the timeline file does
 * @obj: the timeline
 *
 * Every pending point is signaled with -ENOENT, then the caller's
 * reference is dropped.
 *
 * Context: any context; takes the timeline's lock.
 */
void sw_sync_timeline_close(struct sync_timeline *obj);
/**
 * dma_fence_parent() - the timeline of a sw_sync fence
 * @fence: a sw_sync fence
 *
 * Context: any context.
 * Return: its timeline.
 */
struct sync_timeline *dma_fence_parent(struct dma_fence *fence);
/**
 * dma_fence_to_sync_pt() - the sync_pt behind a fence
 * @fence: the fence
 *
 * Context: any context.
 * Return: the point, or NULL if @fence is not a sw_sync fence.
 */
struct sync_pt *dma_fence_to_sync_pt(struct dma_fence *fence);

/**
 * sw_sync_devnode_register() - register the sw_sync node on a platform
 * @plat: the platform
 *
 * Registers SW_SYNC_DEVNODE, which a process sys_open()s.
 *
 * Context: process context.
 * Return: 0, or devnode_register()'s errno (-EEXIST, -ENOMEM).
 */
int sw_sync_devnode_register(struct platform *plat);
/**
 * sw_sync_open() - open a new timeline fd in current's table
 *
 * What the device node's open does.
 *
 * Context: process context, with a current task.
 * Return: the fd (O_CLOEXEC), or a negative errno (-EMFILE, -ENOMEM).
 */
int sw_sync_open(void);

#endif
