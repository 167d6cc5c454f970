/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sync_file: a file (and fd) wrapping one dma_fence, so a process can
 * pass fences around, poll them and merge them. The uapi part carries
 * the structs and ioctl numbers of Linux's <linux/sync_file.h>.
 */
#ifndef DMABRIDGE_SYNC_FILE_H
#define DMABRIDGE_SYNC_FILE_H

#include <linux/ioctl.h>
#include <dmabridge/types.h>
#include <dmabridge/fs.h>
#include <dmabridge/wait.h>
#include <dmabridge/dma-fence.h>

/**
 * DOC: uapi
 *
 * The structs and ioctl numbers of Linux's <linux/sync_file.h> (older
 * system headers lack some): SYNC_IOC_MERGE, SYNC_IOC_FILE_INFO and
 * SYNC_IOC_SET_DEADLINE, with their argument structs, are Linux's.
 */
#ifndef _LINUX_SYNC_H
#define _LINUX_SYNC_H
/**
 * struct sync_merge_data - SYNC_IOC_MERGE's argument (Linux uapi)
 * @name: the new sync_file's name
 * @fd2: the other sync_file fd
 * @fence: out: the merged sync_file fd
 * @flags: 0
 * @pad: 0
 */
struct sync_merge_data {
	char name[32];
	__s32 fd2;
	__s32 fence;
	__u32 flags;
	__u32 pad;
};

/**
 * struct sync_fence_info - one fence of SYNC_IOC_FILE_INFO (Linux uapi)
 * @obj_name: the timeline's name
 * @driver_name: the driver's name
 * @status: 1 signaled, 0 active, < 0 error
 * @flags: 0
 * @timestamp_ns: the signal time
 */
struct sync_fence_info {
	char obj_name[32];
	char driver_name[32];
	__s32 status;
	__u32 flags;
	__u64 timestamp_ns;
};

/**
 * struct sync_file_info - SYNC_IOC_FILE_INFO's argument (Linux uapi)
 * @name: the sync_file's name
 * @status: 1 signaled, 0 active, < 0 error
 * @flags: 0
 * @num_fences: in: room in the array (0 asks the count); out: the count
 * @pad: 0
 * @sync_fence_info: user pointer to an array of struct sync_fence_info
 */
struct sync_file_info {
	char name[32];
	__s32 status;
	__u32 flags;
	__u32 num_fences;
	__u32 pad;
	__u64 sync_fence_info;
};

#define SYNC_IOC_MAGIC '>'
#define SYNC_IOC_MERGE _IOWR(SYNC_IOC_MAGIC, 3, struct sync_merge_data)
#define SYNC_IOC_FILE_INFO _IOWR(SYNC_IOC_MAGIC, 4, struct sync_file_info)
#endif

#ifndef SYNC_IOC_SET_DEADLINE
/**
 * struct sync_set_deadline - SYNC_IOC_SET_DEADLINE's argument (Linux uapi)
 * @deadline_ns: CLOCK_MONOTONIC nanoseconds
 * @pad: 0
 */
struct sync_set_deadline {
	__u64 deadline_ns;
	__u64 pad;
};

#define SYNC_IOC_SET_DEADLINE _IOW(SYNC_IOC_MAGIC, 5, struct sync_set_deadline)
#endif

/**
 * struct sync_file - a file wrapping one dma_fence
 * @file: its file
 * @user_name: the name given by SYNC_IOC_MERGE
 * @wq: pollers
 * @flags: POLL_ENABLED once the first poll armed @cb
 * @fence: the fence (a reference)
 * @cb: the callback on @fence, armed by the first poll
 */
struct sync_file {
	struct file *file;
	char user_name[32];	/* set by SYNC_IOC_MERGE */
	wait_queue_head_t wq;	/* pollers */
	unsigned long flags;
	struct dma_fence *fence;
	struct dma_fence_cb cb;	/* armed by the first poll */
};

#define POLL_ENABLED 0

/**
 * sync_file_create() - a new sync_file for a fence
 * @fence: the fence; the sync_file takes its own reference
 *
 * The caller owns the file reference: fd_install() it, or fput() it.
 *
 * Context: process context; allocates.
 * Return: the sync_file, or NULL when out of memory.
 */
struct sync_file *sync_file_create(struct dma_fence *fence);
/**
 * sync_file_get_fence() - the fence behind an fd of current
 * @fd: the fd
 *
 * Context: process context, with a current task.
 * Return: a new reference, or NULL if @fd is no sync_file.
 */
struct dma_fence *sync_file_get_fence(int fd);
/**
 * sync_file_get_name() - the name of a sync_file
 * @sync_file: the sync_file
 * @buf: receives it
 * @len: size of @buf
 *
 * Context: any context.
 * Return: @buf: the user-given name, or one made from the fence's driver,
 * timeline, context and seqno.
 */
char *sync_file_get_name(struct sync_file *sync_file, char *buf, int len);
/**
 * is_sync_file() - is a file a sync_file?
 * @file: the file
 *
 * Context: any context.
 * Return: true if it is.
 */
bool is_sync_file(struct file *file);

/**
 * sync_file_install() - a sync_file fd for a fence in current's table
 * @fence: the fence (a reference is taken)
 *
 * Context: process context, with a current task.
 * Return: the fd (O_CLOEXEC), -ENOMEM, or get_unused_fd_flags()'s errno
 * (-EMFILE).
 */
int sync_file_install(struct dma_fence *fence);

#endif
