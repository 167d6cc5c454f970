// SPDX-License-Identifier: GPL-2.0
/* sw_sync: software timelines, their points, and the timeline file. */
#include <limits.h>
#include <string.h>
#include <dmabridge/sw_sync.h>
#include <dmabridge/sync_file.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/uaccess.h>

static const struct dma_fence_ops timeline_fence_ops;
static const struct file_operations sw_sync_fops;

struct sync_pt *dma_fence_to_sync_pt(struct dma_fence *fence)
{
	if (!fence || rcu_access_pointer(fence->ops) != &timeline_fence_ops)
		return NULL;
	return container_of(fence, struct sync_pt, base);
}

struct sync_timeline *dma_fence_parent(struct dma_fence *fence)
{
	return container_of(fence->extern_lock, struct sync_timeline, lock);
}

struct sync_timeline *sync_timeline_create(const char *name)
{
	struct sync_timeline *obj;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;
	kref_init(&obj->kref);
	obj->context = dma_fence_context_alloc(1);
	snprintf(obj->name, sizeof(obj->name), "%s", name ? name : "");
	INIT_LIST_HEAD(&obj->pt_list);
	spin_lock_init(&obj->lock);
	return obj;
}

static void sync_timeline_free(struct kref *kref)
{
	struct sync_timeline *obj = container_of(kref, struct sync_timeline,
						 kref);

	spin_lock_destroy(&obj->lock);
	kfree(obj);
}

static void sync_timeline_get(struct sync_timeline *obj)
{
	kref_get(&obj->kref);
}

void sync_timeline_put(struct sync_timeline *obj)
{
	kref_put(&obj->kref, sync_timeline_free);
}

static const char *timeline_fence_get_driver_name(struct dma_fence *fence)
{
	return "sw_sync";
}

static const char *timeline_fence_get_timeline_name(struct dma_fence *fence)
{
	return dma_fence_parent(fence)->name;
}

static void timeline_fence_release(struct dma_fence *fence)
{
	struct sync_pt *pt = dma_fence_to_sync_pt(fence);
	struct sync_timeline *parent = dma_fence_parent(fence);

	spin_lock(dma_fence_spinlock(fence));
	if (!list_empty(&pt->link))
		list_del(&pt->link);
	spin_unlock(dma_fence_spinlock(fence));

	sync_timeline_put(parent);
	dma_fence_free(fence);
}

static bool timeline_fence_signaled(struct dma_fence *fence)
{
	struct sync_timeline *parent = dma_fence_parent(fence);

	return !__dma_fence_is_later(fence, fence->seqno,
				     (unsigned int)READ_ONCE(parent->value));
}

static void timeline_fence_set_deadline(struct dma_fence *fence,
					ktime_t deadline)
{
	struct sync_pt *pt = dma_fence_to_sync_pt(fence);

	spin_lock(dma_fence_spinlock(fence));
	/* Keep the earliest deadline anyone asked for. */
	if (test_and_set_bit(SW_SYNC_HAS_DEADLINE_BIT, &fence->flags)) {
		if (ktime_before(deadline, pt->deadline))
			pt->deadline = deadline;
	} else {
		pt->deadline = deadline;
	}
	spin_unlock(dma_fence_spinlock(fence));
}

static const struct dma_fence_ops timeline_fence_ops = {
	.get_driver_name = timeline_fence_get_driver_name,
	.get_timeline_name = timeline_fence_get_timeline_name,
	.signaled = timeline_fence_signaled,
	.release = timeline_fence_release,
	.set_deadline = timeline_fence_set_deadline,
};

void sync_timeline_signal(struct sync_timeline *obj, unsigned int inc)
{
	struct sync_pt *pt, *next;
	LIST_HEAD(signalled);

	spin_lock(&obj->lock);

	WRITE_ONCE(obj->value, (int)((unsigned int)obj->value + inc));

	list_for_each_entry_safe(pt, next, &obj->pt_list, link) {
		if (!timeline_fence_signaled(&pt->base))
			break;

		/* A point whose last reference is gone has no waiters. */
		if (!dma_fence_get_rcu(&pt->base)) {
			list_del_init(&pt->link);
			continue;
		}
		list_move_tail(&pt->link, &signalled);
		dma_fence_signal_locked(&pt->base);
	}

	spin_unlock(&obj->lock);

	/* Dropped outside the lock: a last put takes it in release. */
	list_for_each_entry_safe(pt, next, &signalled, link) {
		list_del_init(&pt->link);
		dma_fence_put(&pt->base);
	}
}

struct dma_fence *sw_sync_create_fence(struct sync_timeline *obj,
				       unsigned int value)
{
	struct sync_pt *pt, *other;
	struct list_head *pos;

	pt = kzalloc(sizeof(*pt), GFP_KERNEL);
	if (!pt)
		return NULL;

	sync_timeline_get(obj);
	dma_fence_init(&pt->base, &timeline_fence_ops, &obj->lock,
		       obj->context, value);
	INIT_LIST_HEAD(&pt->link);

	spin_lock(&obj->lock);
	if (dma_fence_is_signaled_locked(&pt->base))
		goto unlock;

	/* Sorted by value; search from the newest end, where most go. */
	pos = &obj->pt_list;
	list_for_each_entry_reverse(other, &obj->pt_list, link) {
		if (__dma_fence_is_later(&pt->base, value,
					 other->base.seqno)) {
			pos = &other->link;
			break;
		}
		if (other->base.seqno == value &&
		    dma_fence_get_rcu(&other->base)) {
			/* Reuse the existing unsignaled point. */
			spin_unlock(&obj->lock);
			dma_fence_put(&pt->base);
			return &other->base;
		}
	}
	/* Insert after @pos (the head when it is the earliest). */
	list_add(&pt->link, pos);
unlock:
	spin_unlock(&obj->lock);
	return &pt->base;
}

void sw_sync_timeline_close(struct sync_timeline *obj)
{
	struct sync_pt *pt, *next;
	LIST_HEAD(pending);

	spin_lock(&obj->lock);
	list_for_each_entry_safe(pt, next, &obj->pt_list, link) {
		if (!dma_fence_get_rcu(&pt->base)) {
			list_del_init(&pt->link);
			continue;
		}
		list_move_tail(&pt->link, &pending);
		if (!dma_fence_test_signaled_flag(&pt->base)) {
			dma_fence_set_error(&pt->base, -ENOENT);
			dma_fence_signal_locked(&pt->base);
		}
	}
	spin_unlock(&obj->lock);

	list_for_each_entry_safe(pt, next, &pending, link) {
		list_del_init(&pt->link);
		dma_fence_put(&pt->base);
	}
	sync_timeline_put(obj);
}

/* The timeline file. */
static int sw_sync_debugfs_open(struct inode *inode, struct file *file)
{
	struct sync_timeline *obj;

	obj = sync_timeline_create(current ? current->comm : "sw_sync");
	if (!obj)
		return -ENOMEM;
	file->private_data = obj;
	return 0;
}

static int sw_sync_debugfs_release(struct inode *inode, struct file *file)
{
	sw_sync_timeline_close(file->private_data);
	return 0;
}

static long sw_sync_ioctl_create_fence(struct sync_timeline *obj,
				       unsigned long arg)
{
	struct sw_sync_create_fence_data data;
	struct sync_file *sync_file;
	struct dma_fence *fence;
	int fd, err;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;

	if (copy_from_user(&data, (void *)arg, sizeof(data))) {
		err = -EFAULT;
		goto err;
	}

	fence = sw_sync_create_fence(obj, data.value);
	if (!fence) {
		err = -ENOMEM;
		goto err;
	}

	sync_file = sync_file_create(fence);
	dma_fence_put(fence);
	if (!sync_file) {
		err = -ENOMEM;
		goto err;
	}

	data.fence = fd;
	if (copy_to_user((void *)arg, &data, sizeof(data))) {
		fput(sync_file->file);
		err = -EFAULT;
		goto err;
	}

	fd_install(fd, sync_file->file);
	return 0;

err:
	put_unused_fd(fd);
	return err;
}

static long sw_sync_ioctl_inc(struct sync_timeline *obj, unsigned long arg)
{
	u32 value;

	if (copy_from_user(&value, (void *)arg, sizeof(value)))
		return -EFAULT;

	while (value > INT_MAX) {
		sync_timeline_signal(obj, INT_MAX);
		value -= INT_MAX;
	}
	sync_timeline_signal(obj, value);
	return 0;
}

static long sw_sync_ioctl_get_deadline(struct sync_timeline *obj,
				       unsigned long arg)
{
	struct sw_sync_get_deadline data;
	struct dma_fence *fence;
	struct sync_pt *pt;
	int ret = 0;

	if (copy_from_user(&data, (void *)arg, sizeof(data)))
		return -EFAULT;
	if (data.deadline_ns || data.pad)
		return -EINVAL;

	fence = sync_file_get_fence(data.fence_fd);
	if (!fence)
		return -EINVAL;

	pt = dma_fence_to_sync_pt(fence);
	if (!pt) {
		dma_fence_put(fence);
		return -EINVAL;
	}

	spin_lock(dma_fence_spinlock(fence));
	if (test_bit(SW_SYNC_HAS_DEADLINE_BIT, &fence->flags))
		data.deadline_ns = ktime_to_ns(pt->deadline);
	else
		ret = -ENOENT;
	spin_unlock(dma_fence_spinlock(fence));
	dma_fence_put(fence);
	if (ret)
		return ret;

	if (copy_to_user((void *)arg, &data, sizeof(data)))
		return -EFAULT;
	return 0;
}

static long sw_sync_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct sync_timeline *obj = file->private_data;

	switch (cmd) {
	case SW_SYNC_IOC_CREATE_FENCE:
		return sw_sync_ioctl_create_fence(obj, arg);
	case SW_SYNC_IOC_INC:
		return sw_sync_ioctl_inc(obj, arg);
	case SW_SYNC_GET_DEADLINE:
		return sw_sync_ioctl_get_deadline(obj, arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations sw_sync_fops = {
	.name = "sw_sync",
	.open = sw_sync_debugfs_open,
	.release = sw_sync_debugfs_release,
	.unlocked_ioctl = sw_sync_ioctl,
};

int sw_sync_devnode_register(struct platform *plat)
{
	return devnode_register(plat, SW_SYNC_DEVNODE, &sw_sync_fops, NULL);
}

static const struct file_operations sw_sync_unopened_fops = {
	.name = "sw_sync",
};

int sw_sync_open(void)
{
	struct file *file;
	int fd, ret;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile("sw_sync", &sw_sync_fops, NULL, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	ret = sw_sync_debugfs_open(file->f_inode, file);
	if (ret) {
		/* Never opened: nothing for release to close. */
		file->f_op = &sw_sync_unopened_fops;
		fput(file);
		put_unused_fd(fd);
		return ret;
	}
	fd_install(fd, file);
	return fd;
}
