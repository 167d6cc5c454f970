// SPDX-License-Identifier: GPL-2.0
/* sync_file: fence fds, their poll and the SYNC_IOC_* ioctls. */
#include <string.h>
#include <dmabridge/sync_file.h>
#include <dmabridge/dma-fence-unwrap.h>
#include <dmabridge/poll.h>
#include <dmabridge/slab.h>
#include <dmabridge/uaccess.h>

static const struct file_operations sync_file_fops;

static struct sync_file *sync_file_alloc(void)
{
	struct sync_file *sync_file;

	sync_file = kzalloc(sizeof(*sync_file), GFP_KERNEL);
	if (!sync_file)
		return NULL;

	sync_file->file = anon_inode_getfile("sync_file", &sync_file_fops,
					     sync_file, 0);
	if (IS_ERR(sync_file->file)) {
		kfree(sync_file);
		return NULL;
	}
	init_waitqueue_head(&sync_file->wq);
	INIT_LIST_HEAD(&sync_file->cb.node);
	return sync_file;
}

static void fence_check_cb_func(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct sync_file *sync_file = container_of(cb, struct sync_file, cb);

	wake_up_all(&sync_file->wq);
}

struct sync_file *sync_file_create(struct dma_fence *fence)
{
	struct sync_file *sync_file;

	if (!fence)
		return NULL;
	sync_file = sync_file_alloc();
	if (!sync_file)
		return NULL;
	sync_file->fence = dma_fence_get(fence);
	return sync_file;
}

bool is_sync_file(struct file *file)
{
	return file && file->f_op == &sync_file_fops;
}

/* The sync_file behind @fd with a file reference, or NULL. */
static struct sync_file *sync_file_fdget(int fd)
{
	struct file *file;

	if (fd < 0)
		return NULL;
	file = fget(fd);
	if (!file)
		return NULL;
	if (!is_sync_file(file)) {
		fput(file);
		return NULL;
	}
	return file->private_data;
}

struct dma_fence *sync_file_get_fence(int fd)
{
	struct sync_file *sync_file;
	struct dma_fence *fence;

	sync_file = sync_file_fdget(fd);
	if (!sync_file)
		return NULL;
	fence = dma_fence_get(sync_file->fence);
	fput(sync_file->file);
	return fence;
}

int sync_file_install(struct dma_fence *fence)
{
	struct sync_file *sync_file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	sync_file = sync_file_create(fence);
	if (!sync_file) {
		put_unused_fd(fd);
		return -ENOMEM;
	}
	fd_install(fd, sync_file->file);
	return fd;
}

char *sync_file_get_name(struct sync_file *sync_file, char *buf, int len)
{
	struct dma_fence *fence = sync_file->fence;

	if (sync_file->user_name[0]) {
		snprintf(buf, len, "%s", sync_file->user_name);
	} else {
		/* The names are only valid inside one RCU section. */
		rcu_read_lock();
		snprintf(buf, len, "%s-%s%llu-%llu",
			 dma_fence_driver_name(fence),
			 dma_fence_timeline_name(fence),
			 (unsigned long long)fence->context,
			 (unsigned long long)fence->seqno);
		rcu_read_unlock();
	}
	return buf;
}

/* A new sync_file for the merge of @a and @b, named @name. */
static struct sync_file *sync_file_merge(const char *name,
					 struct sync_file *a,
					 struct sync_file *b)
{
	struct sync_file *sync_file;
	struct dma_fence *fence;

	fence = dma_fence_unwrap_merge(a->fence, b->fence);
	if (!fence)
		return NULL;

	sync_file = sync_file_alloc();
	if (!sync_file) {
		dma_fence_put(fence);
		return NULL;
	}
	sync_file->fence = fence;
	snprintf(sync_file->user_name, sizeof(sync_file->user_name), "%s",
		 name);
	return sync_file;
}

static int sync_file_release(struct inode *inode, struct file *file)
{
	struct sync_file *sync_file = file->private_data;

	if (test_bit(POLL_ENABLED, &sync_file->flags))
		dma_fence_remove_callback(sync_file->fence, &sync_file->cb);
	dma_fence_put(sync_file->fence);
	kfree(sync_file);
	return 0;
}

static __poll_t sync_file_poll(struct file *file, poll_table *wait)
{
	struct sync_file *sync_file = file->private_data;

	poll_wait(file, &sync_file->wq, wait);

	/* The first poll arms one callback; it wakes every poller. */
	if (!test_and_set_bit(POLL_ENABLED, &sync_file->flags)) {
		if (dma_fence_add_callback(sync_file->fence, &sync_file->cb,
					   fence_check_cb_func) < 0)
			wake_up_all(&sync_file->wq);
	}

	return dma_fence_is_signaled(sync_file->fence) ? EPOLLIN : 0;
}

static long sync_file_ioctl_merge(struct sync_file *sync_file,
				  unsigned long arg)
{
	void *uarg = (void *)arg;
	struct sync_file *fence2, *fence3;
	struct sync_merge_data data;
	int err, fd;

	if (copy_from_user(&data, uarg, sizeof(data)))
		return -EFAULT;
	if (data.flags || data.pad)
		return -EINVAL;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;

	fence2 = sync_file_fdget(data.fd2);
	if (!fence2) {
		err = -ENOENT;
		goto err_put_fd;
	}

	data.name[sizeof(data.name) - 1] = '\0';
	fence3 = sync_file_merge(data.name, sync_file, fence2);
	if (!fence3) {
		err = -ENOMEM;
		goto err_put_fence2;
	}

	data.fence = fd;
	if (copy_to_user(uarg, &data, sizeof(data))) {
		err = -EFAULT;
		goto err_put_fence3;
	}

	fd_install(fd, fence3->file);
	fput(fence2->file);
	return 0;

err_put_fence3:
	fput(fence3->file);
err_put_fence2:
	fput(fence2->file);
err_put_fd:
	put_unused_fd(fd);
	return err;
}

static int sync_fill_fence_info(struct dma_fence *fence,
				struct sync_fence_info *info)
{
	rcu_read_lock();
	snprintf(info->obj_name, sizeof(info->obj_name), "%s",
		 dma_fence_timeline_name(fence));
	snprintf(info->driver_name, sizeof(info->driver_name), "%s",
		 dma_fence_driver_name(fence));
	rcu_read_unlock();
	info->status = dma_fence_get_status(fence);
	info->flags = 0;
	info->timestamp_ns = dma_fence_is_signaled(fence) ?
		ktime_to_ns(dma_fence_timestamp(fence)) : 0;
	return info->status;
}

static long sync_file_ioctl_fence_info(struct sync_file *sync_file,
				       unsigned long arg)
{
	struct sync_fence_info *fence_info = NULL;
	struct dma_fence_unwrap iter;
	struct sync_file_info info;
	unsigned int num_fences;
	struct dma_fence *fence;
	size_t size;
	int ret;

	if (copy_from_user(&info, (void *)arg, sizeof(info)))
		return -EFAULT;
	if (info.flags || info.pad)
		return -EINVAL;

	num_fences = 0;
	dma_fence_unwrap_for_each(fence, &iter, sync_file->fence)
		++num_fences;

	/* num_fences 0 asks how many there are (and the overall status). */
	if (!info.num_fences) {
		info.status = dma_fence_get_status(sync_file->fence);
		goto no_fences;
	}
	info.status = 1;

	if (info.num_fences < num_fences)
		return -EINVAL;

	size = num_fences * sizeof(*fence_info);
	fence_info = kzalloc(size ? size : 1, GFP_KERNEL);
	if (!fence_info)
		return -ENOMEM;

	num_fences = 0;
	dma_fence_unwrap_for_each(fence, &iter, sync_file->fence) {
		int status;

		/* The chain may have been collected meanwhile: fewer, never more. */
		if (num_fences == info.num_fences)
			continue;
		status = sync_fill_fence_info(fence, &fence_info[num_fences++]);
		info.status = info.status <= 0 ? info.status : status;
	}
	size = num_fences * sizeof(*fence_info);

	if (copy_to_user(u64_to_user_ptr(info.sync_fence_info), fence_info,
			 size)) {
		ret = -EFAULT;
		goto out;
	}

no_fences:
	sync_file_get_name(sync_file, info.name, sizeof(info.name));
	info.num_fences = num_fences;

	if (copy_to_user((void *)arg, &info, sizeof(info)))
		ret = -EFAULT;
	else
		ret = 0;
out:
	kfree(fence_info);
	return ret;
}

static long sync_file_ioctl_set_deadline(struct sync_file *sync_file,
					 unsigned long arg)
{
	struct sync_set_deadline ts;

	if (copy_from_user(&ts, (void *)arg, sizeof(ts)))
		return -EFAULT;
	if (ts.pad)
		return -EINVAL;
	dma_fence_set_deadline(sync_file->fence, ns_to_ktime(ts.deadline_ns));
	return 0;
}

static long sync_file_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct sync_file *sync_file = file->private_data;

	switch (cmd) {
	case SYNC_IOC_MERGE:
		return sync_file_ioctl_merge(sync_file, arg);
	case SYNC_IOC_FILE_INFO:
		return sync_file_ioctl_fence_info(sync_file, arg);
	case SYNC_IOC_SET_DEADLINE:
		return sync_file_ioctl_set_deadline(sync_file, arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations sync_file_fops = {
	.name = "sync_file",
	.release = sync_file_release,
	.poll = sync_file_poll,
	.unlocked_ioctl = sync_file_ioctl,
};
