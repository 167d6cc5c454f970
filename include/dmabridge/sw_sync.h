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

struct sw_sync_create_fence_data {
	__u32 value;
	char name[32];
	__s32 fence;	/* out: a sync_file fd */
};

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

/* A timeline: a context and a value; points sorted by value. */
struct sync_timeline {
	struct kref kref;
	char name[32];
	u64 context;
	int value;		/* under @lock */
	struct list_head pt_list; /* unsignaled points, by value */
	spinlock_t lock;	/* the lock of every point's fence */
};

struct sync_pt {
	struct dma_fence base;
	struct list_head link;	/* in pt_list while unsignaled */
	ktime_t deadline;	/* earliest, if SW_SYNC_HAS_DEADLINE_BIT */
};

#define SW_SYNC_HAS_DEADLINE_BIT DMA_FENCE_FLAG_USER_BITS

/* C API. A timeline starts at 0 and holds one reference. */
struct sync_timeline *sync_timeline_create(const char *name);
void sync_timeline_put(struct sync_timeline *obj);
/*
 * A reference to the point at @value: an existing unsignaled one is
 * reused; a value already reached gives a signaled fence. NULL: -ENOMEM.
 */
struct dma_fence *sw_sync_create_fence(struct sync_timeline *obj,
				       unsigned int value);
/* Advance by @inc; signals every point at or below the new value. */
void sync_timeline_signal(struct sync_timeline *obj, unsigned int inc);
/*
 * What closing the timeline file does: every pending point is signaled
 * with -ENOENT, then the caller's reference is dropped.
 */
void sw_sync_timeline_close(struct sync_timeline *obj);
struct sync_timeline *dma_fence_parent(struct dma_fence *fence);
/* The sync_pt behind @fence, or NULL if it is not a sw_sync fence. */
struct sync_pt *dma_fence_to_sync_pt(struct dma_fence *fence);

/* The file side. */
int sw_sync_devnode_register(struct platform *plat);
/* Open a new timeline fd in current's table (the devnode's open). */
int sw_sync_open(void);

#endif
