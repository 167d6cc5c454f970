// SPDX-License-Identifier: GPL-2.0
/*
 * The dma-buf core: export, fds, attachments, pinning, SGT mappings,
 * invalidation, CPU access ioctls, poll and vmap, as Linux 7.1; mapping
 * types matched at attach as the mapping-types RFC (not merged). One
 * section is dmabridge's own, marked in its first line: the move, revoke
 * and restore helpers.
 */
#include <string.h>
#include <linux/dma-buf.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-fence-unwrap.h>
#include <dmabridge/sync_file.h>
#include <dmabridge/platform.h>
#include <dmabridge/poll.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/uaccess.h>
#include <dmabridge/mm.h>
#include <dmabridge/device.h>
#include <dmabridge/pci-p2pdma.h>

#define dma_resv_assert_not_held(obj) \
	lockdep_assert_not_held(&(obj)->lock.base)

struct dmabuf_registry {
	struct mutex lock;
	struct list_head buffers;	/* struct dma_buf.list_node */
	unsigned long count;
};

static const struct file_operations dma_buf_fops;

const char *dma_buf_mapping_type_name(enum dma_buf_mapping_type type)
{
	switch (type) {
	case DMA_BUF_MAPPING_SGT:
		return "sgt";
	case DMA_BUF_MAPPING_DMA_VEC:
		return "dma-vec";
	case DMA_BUF_MAPPING_PAL:
		return "phys-list";
	default:
		return "?";
	}
}

/* Registry ---------------------------------------------------------- */

int dma_buf_registry_init(struct platform *plat)
{
	struct dmabuf_registry *reg, *expected = NULL;

	if (READ_ONCE(plat->dmabuf))
		return 0;
	reg = kzalloc(sizeof(*reg), GFP_KERNEL);
	if (!reg)
		return -ENOMEM;
	mutex_init(&reg->lock);
	INIT_LIST_HEAD(&reg->buffers);
	/* Lazy and racy by design: the loser frees its copy. */
	if (!__atomic_compare_exchange_n(&plat->dmabuf, &expected, reg, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		mutex_destroy(&reg->lock);
		kfree(reg);
	}
	return 0;
}

void dma_buf_registry_fini(struct platform *plat)
{
	struct dmabuf_registry *reg = plat->dmabuf;

	if (!reg)
		return;
	WARN(reg->count, "%lu dma-buf(s) still alive on platform %s",
	     reg->count, plat->name);
	plat->dmabuf = NULL;
	mutex_destroy(&reg->lock);
	kfree(reg);
}

unsigned long dma_buf_count(struct platform *plat)
{
	struct dmabuf_registry *reg = plat ? READ_ONCE(plat->dmabuf) : NULL;
	unsigned long n;

	if (!reg)
		return 0;
	mutex_lock(&reg->lock);
	n = reg->count;
	mutex_unlock(&reg->lock);
	return n;
}

/* bufinfo.c walks the registry with its lock held through this. */
int dma_buf_for_each(struct platform *plat,
		     int (*fn)(struct dma_buf *dmabuf, void *arg), void *arg)
{
	struct dmabuf_registry *reg = plat ? READ_ONCE(plat->dmabuf) : NULL;
	struct dma_buf *dmabuf;
	int ret = 0;

	if (!reg)
		return 0;
	mutex_lock(&reg->lock);
	list_for_each_entry(dmabuf, &reg->buffers, list_node) {
		ret = fn(dmabuf, arg);
		if (ret)
			break;
	}
	mutex_unlock(&reg->lock);
	return ret;
}

static void dma_buf_list_add(struct dma_buf *dmabuf)
{
	struct dmabuf_registry *reg = dmabuf->platform->dmabuf;

	mutex_lock(&reg->lock);
	list_add_tail(&dmabuf->list_node, &reg->buffers);
	reg->count++;
	mutex_unlock(&reg->lock);
}

static void dma_buf_list_del(struct dma_buf *dmabuf)
{
	struct dmabuf_registry *reg = dmabuf->platform->dmabuf;

	mutex_lock(&reg->lock);
	list_del(&dmabuf->list_node);
	reg->count--;
	mutex_unlock(&reg->lock);
}

/* Poll -------------------------------------------------------------- */

static void dma_buf_poll_cb(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct dma_buf_poll_cb_t *dcb = container_of(cb, typeof(*dcb), cb);
	struct dma_buf *dmabuf = dcb->dmabuf;

	spin_lock(&dmabuf->poll.lock);
	dcb->active = false;
	wake_up_all_locked(&dmabuf->poll);
	spin_unlock(&dmabuf->poll.lock);
}

/* Arm @dcb on the first unsignaled fence @write must wait for. */
static bool dma_buf_poll_add_cb(struct dma_resv *resv, bool write,
				struct dma_buf_poll_cb_t *dcb)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_for_each_fence(&cursor, resv, dma_resv_usage_rw(write),
				fence) {
		dma_fence_get(fence);
		if (!dma_fence_add_callback(fence, &dcb->cb, dma_buf_poll_cb)) {
			dcb->fence = fence;
			return true;
		}
		dma_fence_put(fence);
	}
	return false;
}

/* @event is ready unless a callback is (or gets) armed for it. */
static __poll_t dma_buf_poll_one(struct dma_buf *dmabuf,
				 struct dma_buf_poll_cb_t *dcb, bool write,
				 __poll_t event)
{
	bool busy;

	spin_lock(&dmabuf->poll.lock);
	busy = dcb->active;
	if (!busy)
		dcb->active = true;
	spin_unlock(&dmabuf->poll.lock);
	if (busy)
		return 0;
	/* The last armed fence (its callback has run): drop it. */
	dma_fence_put(dcb->fence);
	dcb->fence = NULL;
	if (dma_buf_poll_add_cb(dmabuf->resv, write, dcb))
		return 0;
	spin_lock(&dmabuf->poll.lock);
	dcb->active = false;
	spin_unlock(&dmabuf->poll.lock);
	return event;
}

static __poll_t dma_buf_poll(struct file *file, poll_table *pt)
{
	struct dma_buf *dmabuf = file->private_data;
	__poll_t events, ret = 0;

	poll_wait(file, &dmabuf->poll, pt);
	events = (pt ? pt->_key : ~0u) & (EPOLLIN | EPOLLOUT);
	if (!events)
		return 0;
	dma_resv_lock(dmabuf->resv, NULL);
	if (events & EPOLLOUT)
		ret |= dma_buf_poll_one(dmabuf, &dmabuf->cb_out, true,
					EPOLLOUT);
	if (events & EPOLLIN)
		ret |= dma_buf_poll_one(dmabuf, &dmabuf->cb_in, false, EPOLLIN);
	dma_resv_unlock(dmabuf->resv);
	return ret;
}

static void dma_buf_poll_cancel(struct dma_buf_poll_cb_t *dcb)
{
	/*
	 * Removing under the fence lock waits out a running callback; if it
	 * already ran, the node is off every list and this is a no-op.
	 */
	if (dcb->fence) {
		dma_fence_remove_callback(dcb->fence, &dcb->cb);
		dma_fence_put(dcb->fence);
		dcb->fence = NULL;
	}
}

/* File operations --------------------------------------------------- */

static int dma_buf_file_release(struct inode *inode, struct file *file)
{
	struct dma_buf *dmabuf = file->private_data;

	dma_buf_poll_cancel(&dmabuf->cb_in);
	dma_buf_poll_cancel(&dmabuf->cb_out);
	dma_buf_list_del(dmabuf);
	WARN_ON(dmabuf->vmapping_counter);
	/* Importers hold a reference for as long as they are attached. */
	WARN_ON(!list_empty(&dmabuf->attachments));
	dmabuf->ops->release(dmabuf);
	if (dmabuf->resv_embedded)
		dma_resv_fini(dmabuf->resv);
	if (file->f_mapping) {
		address_space_destroy(file->f_mapping);
		kfree(file->f_mapping);
	}
	kfree(dmabuf->name);
	spin_lock_destroy(&dmabuf->name_lock);
	kfree(dmabuf);
	return 0;
}

/* Only the size can be learnt: SEEK_END or SEEK_SET, offset 0. */
static loff_t dma_buf_llseek(struct file *file, loff_t offset, int whence)
{
	struct dma_buf *dmabuf = file->private_data;
	loff_t base;

	if (whence == SEEK_END)
		base = dmabuf->size;
	else if (whence == SEEK_SET)
		base = 0;
	else
		return -EINVAL;
	if (offset != 0)
		return -EINVAL;
	return base + offset;
}

/* strndup_user(): -EFAULT for a bad pointer, -EINVAL if too long. */
static char *dma_buf_strndup_user(const char *ubuf, size_t n)
{
	char *name;
	size_t len;

	if (!ubuf || (uintptr_t)ubuf < 4096)
		return ERR_PTR(-EFAULT);
	len = strnlen(ubuf, n);
	if (len >= n)
		return ERR_PTR(-EINVAL);
	name = kmalloc(len + 1, GFP_KERNEL);
	if (!name)
		return ERR_PTR(-ENOMEM);
	memcpy(name, ubuf, len + 1);
	return name;
}

/* Renaming is allowed at any time (since Linux 5.16). */
static long dma_buf_set_name(struct dma_buf *dmabuf, const char *ubuf)
{
	char *name = dma_buf_strndup_user(ubuf, DMA_BUF_NAME_LEN);
	const char *old;

	if (IS_ERR(name))
		return PTR_ERR(name);
	spin_lock(&dmabuf->name_lock);
	old = dmabuf->name;
	dmabuf->name = name;
	spin_unlock(&dmabuf->name_lock);
	kfree(old);
	return 0;
}

static long dma_buf_export_sync_file(struct dma_buf *dmabuf, void *uarg)
{
	struct dma_buf_export_sync_file arg;
	struct dma_fence *fence = NULL;
	struct sync_file *sync_file;
	int fd, ret;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.flags & ~DMA_BUF_SYNC_RW)
		return -EINVAL;
	if (!(arg.flags & DMA_BUF_SYNC_RW))
		return -EINVAL;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	ret = dma_resv_get_singleton(dmabuf->resv,
				     dma_resv_usage_rw(arg.flags &
						       DMA_BUF_SYNC_WRITE),
				     &fence);
	if (ret)
		goto err_put_fd;
	if (!fence)
		fence = dma_fence_get_stub();
	sync_file = sync_file_create(fence);
	dma_fence_put(fence);
	if (!sync_file) {
		ret = -ENOMEM;
		goto err_put_fd;
	}
	arg.fd = fd;
	if (copy_to_user(uarg, &arg, sizeof(arg))) {
		ret = -EFAULT;
		fput(sync_file->file);
		goto err_put_fd;
	}
	fd_install(fd, sync_file->file);
	return 0;

err_put_fd:
	put_unused_fd(fd);
	return ret;
}

static long dma_buf_import_sync_file(struct dma_buf *dmabuf, const void *uarg)
{
	struct dma_buf_import_sync_file arg;
	struct dma_fence *fence, *f;
	struct dma_fence_unwrap iter;
	enum dma_resv_usage usage;
	unsigned int num_fences = 0;
	int ret = 0;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.flags & ~DMA_BUF_SYNC_RW)
		return -EINVAL;
	if (!(arg.flags & DMA_BUF_SYNC_RW))
		return -EINVAL;
	fence = sync_file_get_fence(arg.fd);
	if (!fence)
		return -EINVAL;
	usage = (arg.flags & DMA_BUF_SYNC_WRITE) ? DMA_RESV_USAGE_WRITE :
						   DMA_RESV_USAGE_READ;
	dma_fence_unwrap_for_each(f, &iter, fence)
		num_fences++;
	if (num_fences) {
		dma_resv_lock(dmabuf->resv, NULL);
		ret = dma_resv_reserve_fences(dmabuf->resv, num_fences);
		if (!ret)
			dma_fence_unwrap_for_each(f, &iter, fence)
				dma_resv_add_fence(dmabuf->resv, f, usage);
		dma_resv_unlock(dmabuf->resv);
	}
	dma_fence_put(fence);
	return ret;
}

static long dma_buf_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct dma_buf *dmabuf = file->private_data;
	enum dma_data_direction dir;
	struct dma_buf_sync sync;

	switch (cmd) {
	case DMA_BUF_IOCTL_SYNC:
		if (copy_from_user(&sync, (void *)arg, sizeof(sync)))
			return -EFAULT;
		if (sync.flags & ~DMA_BUF_SYNC_VALID_FLAGS_MASK)
			return -EINVAL;
		switch (sync.flags & DMA_BUF_SYNC_RW) {
		case DMA_BUF_SYNC_READ:
			dir = DMA_FROM_DEVICE;
			break;
		case DMA_BUF_SYNC_WRITE:
			dir = DMA_TO_DEVICE;
			break;
		case DMA_BUF_SYNC_RW:
			dir = DMA_BIDIRECTIONAL;
			break;
		default:
			return -EINVAL;
		}
		if (sync.flags & DMA_BUF_SYNC_END)
			return dma_buf_end_cpu_access(dmabuf, dir);
		return dma_buf_begin_cpu_access(dmabuf, dir);
	case DMA_BUF_SET_NAME_A:
	case DMA_BUF_SET_NAME_B:
		return dma_buf_set_name(dmabuf, (const char *)arg);
	case DMA_BUF_IOCTL_EXPORT_SYNC_FILE:
		return dma_buf_export_sync_file(dmabuf, (void *)arg);
	case DMA_BUF_IOCTL_IMPORT_SYNC_FILE:
		return dma_buf_import_sync_file(dmabuf, (const void *)arg);
	default:
		return -ENOTTY;
	}
}

/* mmap(2) of the dma-buf fd itself. */
static int dma_buf_mmap_internal(struct file *file, struct vm_area_struct *vma)
{
	struct dma_buf *dmabuf = file->private_data;

	if (!dmabuf->ops->mmap)
		return -EINVAL;
	if (vma->vm_pgoff + vma_pages(vma) < vma->vm_pgoff ||
	    vma->vm_pgoff + vma_pages(vma) > dmabuf->size >> PAGE_SHIFT)
		return -EINVAL;
	return dmabuf->ops->mmap(dmabuf, vma);
}

static const struct file_operations dma_buf_fops = {
	.name = "dmabuf",
	.release = dma_buf_file_release,
	.mmap = dma_buf_mmap_internal,
	.llseek = dma_buf_llseek,
	.poll = dma_buf_poll,
	.unlocked_ioctl = dma_buf_ioctl,
};

bool is_dma_buf_file(struct file *file)
{
	return file && file->f_op == &dma_buf_fops;
}

/* Export, fds, references ------------------------------------------- */

static bool dma_buf_ops_valid(const struct dma_buf_ops *ops)
{
	bool sgt = ops->map_dma_buf && ops->unmap_dma_buf;

	if (!ops->release || !ops->map_dma_buf != !ops->unmap_dma_buf)
		return false;
	if (!sgt && !ops->map_phys)
		return false;
	/* pin and unpin come as a pair. */
	return !ops->pin == !ops->unpin;
}

static struct file *dma_buf_getfile(struct dma_buf *dmabuf, int flags)
{
	struct address_space *mapping;
	struct file *file;

	mapping = kzalloc(sizeof(*mapping), GFP_KERNEL);
	if (!mapping)
		return ERR_PTR(-ENOMEM);
	file = anon_inode_getfile("dmabuf", &dma_buf_fops, dmabuf,
				  flags & (O_ACCMODE | O_NONBLOCK));
	if (IS_ERR(file)) {
		kfree(mapping);
		return file;
	}
	address_space_init(mapping, dmabuf);
	file->f_inode->i_size = dmabuf->size;
	file->f_inode->i_mapping = mapping;
	file->f_mapping = mapping;
	return file;
}

struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info)
{
	struct platform *plat = current_platform();
	struct dma_buf *dmabuf;
	struct file *file;
	size_t alloc = sizeof(*dmabuf);
	int ret;

	if (WARN_ON(!exp_info || !exp_info->priv || !exp_info->ops ||
		    !dma_buf_ops_valid(exp_info->ops)))
		return ERR_PTR(-EINVAL);
	if (WARN_ON(!plat))
		return ERR_PTR(-EINVAL);
	ret = dma_buf_registry_init(plat);
	if (ret)
		return ERR_PTR(ret);
	if (!exp_info->resv)
		alloc += sizeof(struct dma_resv);
	dmabuf = kzalloc(alloc, GFP_KERNEL);
	if (!dmabuf)
		return ERR_PTR(-ENOMEM);
	dmabuf->priv = exp_info->priv;
	dmabuf->ops = exp_info->ops;
	dmabuf->size = exp_info->size;
	dmabuf->exp_name = exp_info->exp_name ? exp_info->exp_name : "?";
	dmabuf->platform = plat;
	INIT_LIST_HEAD(&dmabuf->attachments);
	spin_lock_init(&dmabuf->name_lock);
	init_waitqueue_head(&dmabuf->poll);
	init_waitqueue_head(&dmabuf->unmap_wq);
	dmabuf->cb_in.dmabuf = dmabuf;
	dmabuf->cb_out.dmabuf = dmabuf;
	if (exp_info->resv) {
		dmabuf->resv = exp_info->resv;
	} else {
		dmabuf->resv = (struct dma_resv *)(dmabuf + 1);
		dmabuf->resv_embedded = true;
		dma_resv_init(dmabuf->resv);
	}
	file = dma_buf_getfile(dmabuf, exp_info->flags);
	if (IS_ERR(file)) {
		if (dmabuf->resv_embedded)
			dma_resv_fini(dmabuf->resv);
		spin_lock_destroy(&dmabuf->name_lock);
		kfree(dmabuf);
		return ERR_CAST(file);
	}
	dmabuf->file = file;
	dmabuf->ino = file->f_inode->i_ino;
	dma_buf_list_add(dmabuf);
	return dmabuf;
}

int dma_buf_fd(struct dma_buf *dmabuf, int flags)
{
	int fd;

	if (!dmabuf || !dmabuf->file)
		return -EINVAL;
	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	fd_install(fd, dmabuf->file);
	return fd;
}

struct dma_buf *dma_buf_get(int fd)
{
	struct file *file;

	if (fd < 0)
		return ERR_PTR(-EBADF);
	file = fget(fd);
	if (!file)
		return ERR_PTR(-EBADF);
	if (!is_dma_buf_file(file)) {
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	return file->private_data;
}

void get_dma_buf(struct dma_buf *dmabuf)
{
	get_file(dmabuf->file);
}

void dma_buf_put(struct dma_buf *dmabuf)
{
	if (WARN_ON(!dmabuf || !dmabuf->file))
		return;
	fput(dmabuf->file);
}

/* Attachments ------------------------------------------------------- */

const char *dma_buf_attach_name(struct dma_buf_attachment *attach)
{
	return attach->dev ? attach->dev->name : "(no device)";
}

bool dma_buf_attach_revocable(struct dma_buf_attachment *attach)
{
	return attach->importer_ops &&
	       attach->importer_ops->invalidate_mappings;
}

static bool dma_buf_imp_accepts(const struct dma_buf_match_args *args,
				enum dma_buf_mapping_type type)
{
	size_t i;

	for (i = 0; i < args->imp_len; i++)
		if (args->imp[i] == type)
			return true;
	return false;
}

/* Can this importer use this offer? P2P reachability is known here. */
static bool dma_buf_offer_usable(const struct dma_buf_match_args *args,
				 const struct dma_buf_mapping_match *exp)
{
	struct device *dev = args->attach->dev;

	if (!dma_buf_imp_accepts(args, exp->type))
		return false;
	/* Only PAL hands out addresses that need no device. */
	if (exp->type != DMA_BUF_MAPPING_PAL && !dev)
		return false;
	if (!exp->p2p)
		return true;
	if (!args->allow_p2p)
		return false;
	/* A PAL importer programs its own translation and checks that. */
	return exp->type == DMA_BUF_MAPPING_PAL ||
	       pci_p2pdma_map_type(exp->p2p, dev) !=
		       PCI_P2PDMA_MAP_NOT_SUPPORTED;
}

int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp,
			  size_t exp_len)
{
	bool exp_p2p = false;
	size_t i;

	dma_resv_assert_held(args->dmabuf->resv);
	for (i = 0; i < exp_len; i++)
		exp_p2p |= !!exp[i].p2p;
	for (i = 0; i < exp_len; i++) {
		if (exp[i].type >= DMA_BUF_MAPPING_NR) {
			WARN_ON_ONCE(1);	/* exporter bug */
			continue;
		}
		if (!dma_buf_offer_usable(args, &exp[i]))
			continue;
		args->attach->mapping_type = exp[i].type;
		/*
		 * peer2peer says whether this attachment may be given P2P
		 * memory: yes for a P2P offer; no for a RAM offer of an
		 * exporter that has P2P memory (as amdgpu clears it for an
		 * importer that cannot reach its BAR): it must use RAM.
		 */
		args->attach->peer2peer = exp[i].p2p ||
					  (args->allow_p2p && !exp_p2p);
		return 0;
	}
	return -EINVAL;
}

/* An exporter without ->match_mapping offers what Linux's always did. */
static const struct dma_buf_mapping_match dma_buf_sgt_compat_match[] = {
	DMA_BUF_EMAPPING_SGT,
};

static int dma_buf_match(struct dma_buf *dmabuf,
			 struct dma_buf_attachment *attach,
			 const enum dma_buf_mapping_type *types,
			 unsigned int nr_types, bool allow_p2p)
{
	struct dma_buf_match_args args = {
		.dmabuf = dmabuf,
		.attach = attach,
		.imp = types,
		.imp_len = nr_types,
		.allow_p2p = allow_p2p,
	};
	int ret;

	dma_resv_lock(dmabuf->resv, NULL);
	if (dmabuf->ops->match_mapping)
		ret = dmabuf->ops->match_mapping(&args);
	else
		ret = dma_buf_match_mapping(&args, dma_buf_sgt_compat_match,
					    ARRAY_SIZE(dma_buf_sgt_compat_match));
	dma_resv_unlock(dmabuf->resv);
	return ret;
}

struct dma_buf_attachment *
__dma_buf_mapping_attach(struct dma_buf *dmabuf, struct device *dev,
			 const enum dma_buf_mapping_type *types,
			 unsigned int nr_types,
			 const struct dma_buf_attach_ops *importer_ops,
			 void *importer_priv, bool allow_p2p)
{
	struct dma_buf_attachment *attach;
	unsigned int i;
	int ret;

	if (WARN_ON(!dmabuf || !types || !nr_types))
		return ERR_PTR(-EINVAL);
	for (i = 0; i < nr_types; i++)
		if (types[i] >= DMA_BUF_MAPPING_NR)
			return ERR_PTR(-EINVAL);
	dma_resv_assert_not_held(dmabuf->resv);
	attach = kzalloc(sizeof(*attach), GFP_KERNEL);
	if (!attach)
		return ERR_PTR(-ENOMEM);
	attach->dev = dev;
	attach->dmabuf = dmabuf;
	attach->importer_ops = importer_ops;
	attach->importer_priv = importer_priv;
	ret = dma_buf_match(dmabuf, attach, types, nr_types, allow_p2p);
	if (ret)
		goto err_free;
	if (dmabuf->ops->attach) {
		ret = dmabuf->ops->attach(dmabuf, attach);
		if (ret)
			goto err_free;
	}
	dma_resv_lock(dmabuf->resv, NULL);
	list_add(&attach->node, &dmabuf->attachments);
	dma_resv_unlock(dmabuf->resv);
	return attach;

err_free:
	kfree(attach);
	return ERR_PTR(ret);
}

struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf, struct device *dev,
		       const enum dma_buf_mapping_type *types,
		       unsigned int nr_types,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv)
{
	return __dma_buf_mapping_attach(dmabuf, dev, types, nr_types,
					importer_ops, importer_priv,
					importer_ops &&
						importer_ops->allow_peer2peer);
}

static const enum dma_buf_mapping_type dma_buf_sgt_only[] = {
	DMA_BUF_MAPPING_SGT,
};

struct dma_buf_attachment *
dma_buf_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv)
{
	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	return dma_buf_mapping_attach(dmabuf, dev, dma_buf_sgt_only, 1,
				      importer_ops, importer_priv);
}

struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf,
					  struct device *dev)
{
	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	return dma_buf_mapping_attach(dmabuf, dev, dma_buf_sgt_only, 1, NULL,
				      NULL);
}

void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	if (WARN_ON(!dmabuf || !attach || dmabuf != attach->dmabuf))
		return;
	dma_resv_assert_not_held(dmabuf->resv);
	dma_resv_lock(dmabuf->resv, NULL);
	/*
	 * The importer must unmap and unpin first; freeing it now would
	 * leave the buffer's counts up and a mapping's state dangling.
	 */
	if (WARN(attach->nr_mapped || attach->pin_count,
		 "dma-buf %s: detach of %s while mapped %u / pinned %u: refused",
		 dmabuf->exp_name, dma_buf_attach_name(attach),
		 attach->nr_mapped, attach->pin_count)) {
		dma_resv_unlock(dmabuf->resv);
		return;
	}
	list_del(&attach->node);
	dma_resv_unlock(dmabuf->resv);
	if (dmabuf->ops->detach)
		dmabuf->ops->detach(dmabuf, attach);
	kfree(attach);
}

int dma_buf_pin(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;
	int ret = 0;

	WARN_ON(!attach->importer_ops);
	dma_resv_assert_held(dmabuf->resv);
	if (dmabuf->ops->pin)
		ret = dmabuf->ops->pin(attach);
	if (!ret) {
		attach->pin_count++;
		dmabuf->pin_count++;
	}
	return ret;
}

void dma_buf_unpin(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;

	WARN_ON(!attach->importer_ops);
	dma_resv_assert_held(dmabuf->resv);
	if (WARN_ON(!attach->pin_count))
		return;
	if (dmabuf->ops->unpin)
		dmabuf->ops->unpin(attach);
	attach->pin_count--;
	dmabuf->pin_count--;
}

/* Mapping bookkeeping, shared by every mapping type ------------------- */

static bool dma_buf_pin_on_map(struct dma_buf_attachment *attach)
{
	return !attach->importer_ops;
}

int __dma_buf_map_begin(struct dma_buf_attachment *attach,
			enum dma_buf_mapping_type type)
{
	struct dma_buf *dmabuf = attach->dmabuf;
	int ret;

	dma_resv_assert_held(dmabuf->resv);
	if (attach->mapping_type != type)
		return -EINVAL;
	if (dmabuf->revoked)
		return -ENODEV;
	if (!dma_buf_pin_on_map(attach))
		return 0;
	/* A static importer keeps the buffer in place while mapped. */
	if (dmabuf->ops->pin) {
		ret = dmabuf->ops->pin(attach);
		/* Exporters must not refuse while static importers exist. */
		WARN_ON_ONCE(ret == -EBUSY);
		if (ret)
			return ret;
	}
	dmabuf->pin_count++;
	return 0;
}

void __dma_buf_map_abort(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;

	if (!dma_buf_pin_on_map(attach))
		return;
	if (dmabuf->ops->unpin)
		dmabuf->ops->unpin(attach);
	dmabuf->pin_count--;
}

int __dma_buf_map_end(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;
	long ret;

	/* Static importers do not wait for the kernel's moves themselves. */
	if (!dma_buf_attachment_is_dynamic(attach)) {
		ret = dma_resv_wait_timeout(dmabuf->resv,
					    DMA_RESV_USAGE_KERNEL, true,
					    MAX_SCHEDULE_TIMEOUT);
		if (ret < 0)
			return ret;
	}
	attach->nr_mapped++;
	atomic_inc(&dmabuf->nr_mapped);
	return 0;
}

void __dma_buf_unmap_done(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;

	WARN_ON(!attach->nr_mapped);
	attach->nr_mapped--;
	__dma_buf_map_abort(attach);
	if (atomic_dec_and_test(&dmabuf->nr_mapped))
		wake_up_all(&dmabuf->unmap_wq);
}

struct sg_table *dma_buf_map_attachment(struct dma_buf_attachment *attach,
					enum dma_data_direction dir)
{
	struct dma_buf *dmabuf;
	struct sg_table *sgt;
	int ret;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	if (dir > DMA_FROM_DEVICE)
		return ERR_PTR(-EINVAL);
	dmabuf = attach->dmabuf;
	ret = __dma_buf_map_begin(attach, DMA_BUF_MAPPING_SGT);
	if (ret)
		return ERR_PTR(ret);
	if (dmabuf->ops->map_dma_buf)
		sgt = dmabuf->ops->map_dma_buf(attach, dir);
	else
		sgt = __dma_buf_map_phys_sgt(attach, dir);
	if (!sgt)
		sgt = ERR_PTR(-ENOMEM);
	if (IS_ERR(sgt))
		goto err_abort;
	ret = __dma_buf_map_end(attach);
	if (ret) {
		if (dmabuf->ops->map_dma_buf)
			dmabuf->ops->unmap_dma_buf(attach, sgt, dir);
		else
			__dma_buf_unmap_phys_sgt(attach, sgt, dir);
		sgt = ERR_PTR(ret);
		goto err_abort;
	}
	return sgt;

err_abort:
	__dma_buf_map_abort(attach);
	return sgt;
}

void dma_buf_unmap_attachment(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	struct dma_buf *dmabuf;

	if (WARN_ON(!attach || !attach->dmabuf || IS_ERR_OR_NULL(sgt)))
		return;
	dmabuf = attach->dmabuf;
	dma_resv_assert_held(dmabuf->resv);
	if (dmabuf->ops->map_dma_buf)
		dmabuf->ops->unmap_dma_buf(attach, sgt, dir);
	else
		__dma_buf_unmap_phys_sgt(attach, sgt, dir);
	__dma_buf_unmap_done(attach);
}

struct sg_table *
dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	struct sg_table *sgt;

	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);
	dma_resv_lock(attach->dmabuf->resv, NULL);
	sgt = dma_buf_map_attachment(attach, dir);
	dma_resv_unlock(attach->dmabuf->resv);
	return sgt;
}

void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
				       struct sg_table *sgt,
				       enum dma_data_direction dir)
{
	if (WARN_ON(!attach || !attach->dmabuf))
		return;
	dma_resv_lock(attach->dmabuf->resv, NULL);
	dma_buf_unmap_attachment(attach, sgt, dir);
	dma_resv_unlock(attach->dmabuf->resv);
}

/* Invalidation (Linux 7.1) --------------------------------------------- */

void dma_buf_invalidate_mappings(struct dma_buf *dmabuf)
{
	struct dma_buf_attachment *attach;

	dma_resv_assert_held(dmabuf->resv);
	list_for_each_entry(attach, &dmabuf->attachments, node) {
		if (!attach->importer_ops)
			continue;
		attach->invalidations++;
		if (attach->importer_ops->invalidate_mappings)
			attach->importer_ops->invalidate_mappings(attach);
	}
}

/*
 * dmabridge, not upstream, to the end of this section: the move, revoke
 * and restore helpers (Linux exporters write these sequences by hand),
 * dma_buf_is_pinned() and the 1 s unmap report.
 */

bool dma_buf_is_pinned(struct dma_buf *dmabuf)
{
	dma_resv_assert_held(dmabuf->resv);
	return dmabuf->pin_count > 0;
}

int dma_buf_move_locked(struct dma_buf *dmabuf, struct dma_fence *fence)
{
	int ret;

	dma_resv_assert_held(dmabuf->resv);
	if (dmabuf->pin_count)
		return -EBUSY;
	if (fence) {
		ret = dma_resv_reserve_fences(dmabuf->resv, 1);
		if (ret)
			return ret;
	}
	dma_buf_invalidate_mappings(dmabuf);
	dma_buf_zap_cpu_mappings(dmabuf);
	if (fence)
		dma_resv_add_fence(dmabuf->resv, fence, DMA_RESV_USAGE_KERNEL);
	atomic64_inc(&dmabuf->generation);
	return 0;
}

/*
 * Revoke and restore: the sequence is Linux 7.1's documented one; the 1 s
 * report in dma_buf_wait_unmapped() is dmabridge's own diagnostic.
 */

/* An importer that will never unmap by itself: say so now, by name. */
static void dma_buf_warn_unrevocable(struct dma_buf *dmabuf)
{
	struct dma_buf_attachment *attach;

	list_for_each_entry(attach, &dmabuf->attachments, node) {
		if (dma_buf_attach_revocable(attach))
			continue;
		WARN(attach->nr_mapped || attach->pin_count,
		     "dma-buf %s: revoke with %s %s (%s) still %s: the revoke waits until it unmaps",
		     dmabuf->exp_name, dma_buf_attachment_is_dynamic(attach) ?
		     "non-revocable dynamic importer" : "static importer",
		     dma_buf_attach_name(attach),
		     dma_buf_mapping_type_name(attach->mapping_type),
		     attach->pin_count ? "pinned" : "mapped");
	}
}

void dma_buf_revoke_locked(struct dma_buf *dmabuf)
{
	dma_resv_assert_held(dmabuf->resv);
	WRITE_ONCE(dmabuf->revoked, true);
	dma_buf_warn_unrevocable(dmabuf);
	dma_buf_invalidate_mappings(dmabuf);
	dma_buf_zap_cpu_mappings(dmabuf);
	/* Work queued through the old mappings ends before memory goes. */
	dma_resv_wait_timeout(dmabuf->resv, DMA_RESV_USAGE_BOOKKEEP, false,
			      MAX_SCHEDULE_TIMEOUT);
	atomic64_inc(&dmabuf->generation);
}

void dma_buf_restore_locked(struct dma_buf *dmabuf)
{
	dma_resv_assert_held(dmabuf->resv);
	WRITE_ONCE(dmabuf->revoked, false);
	/* As VFIO's un-revoke: importers learn they may map again. */
	dma_buf_invalidate_mappings(dmabuf);
	dma_resv_wait_timeout(dmabuf->resv, DMA_RESV_USAGE_BOOKKEEP, false,
			      MAX_SCHEDULE_TIMEOUT);
}

void dma_buf_revoke(struct dma_buf *dmabuf,
		    void (*revoked)(struct dma_buf *dmabuf, void *arg),
		    void *arg)
{
	if (WARN_ON(!dmabuf))
		return;
	dma_resv_lock(dmabuf->resv, NULL);
	dma_buf_revoke_locked(dmabuf);
	if (revoked)
		revoked(dmabuf, arg);
	dma_resv_unlock(dmabuf->resv);
	dma_buf_wait_unmapped(dmabuf);
}

void dma_buf_restore(struct dma_buf *dmabuf,
		     void (*restored)(struct dma_buf *dmabuf, void *arg),
		     void *arg)
{
	if (WARN_ON(!dmabuf))
		return;
	dma_resv_lock(dmabuf->resv, NULL);
	if (restored)
		restored(dmabuf, arg);
	dma_buf_restore_locked(dmabuf);
	dma_resv_unlock(dmabuf->resv);
}

bool dma_buf_is_revoked(struct dma_buf *dmabuf)
{
	return READ_ONCE(dmabuf->revoked);
}

/* The attachments still mapped, by name, on one line. */
static void dma_buf_report_mapped(struct dma_buf *dmabuf, unsigned int secs)
{
	struct dma_buf_attachment *attach;
	char names[256] = "";
	size_t len = 0;

	dma_resv_lock(dmabuf->resv, NULL);
	list_for_each_entry(attach, &dmabuf->attachments, node) {
		if (!attach->nr_mapped || len >= sizeof(names))
			continue;
		len += snprintf(names + len, sizeof(names) - len, " %s(%u)",
				dma_buf_attach_name(attach), attach->nr_mapped);
	}
	dma_resv_unlock(dmabuf->resv);
	atomic_inc(&dmabuf->unmap_stalls);
	fprintf(stderr,
		"dma-buf %s: revoke waiting %us for unmap by:%s (dmabridge diagnostic)\n",
		dmabuf->exp_name, secs, names[0] ? names : " (gone)");
}

void dma_buf_wait_unmapped(struct dma_buf *dmabuf)
{
	unsigned int secs = 0;

	dma_resv_assert_not_held(dmabuf->resv);
	/* Never gives up: the memory may not go while a device uses it. */
	while (!wait_event_timeout(dmabuf->unmap_wq,
				   !atomic_read(&dmabuf->nr_mapped), HZ))
		dma_buf_report_mapped(dmabuf, ++secs);
}

/* CPU access (Linux) -------------------------------------------------- */

static int __dma_buf_begin_cpu_access(struct dma_buf *dmabuf,
				      enum dma_data_direction dir)
{
	bool write = dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE;
	long ret;

	ret = dma_resv_wait_timeout(dmabuf->resv, dma_resv_usage_rw(write),
				    true, MAX_SCHEDULE_TIMEOUT);
	return ret < 0 ? (int)ret : 0;
}

int dma_buf_begin_cpu_access(struct dma_buf *dmabuf,
			     enum dma_data_direction dir)
{
	int ret = 0;

	if (WARN_ON(!dmabuf))
		return -EINVAL;
	might_lock(&dmabuf->resv->lock.base);
	if (dmabuf->ops->begin_cpu_access)
		ret = dmabuf->ops->begin_cpu_access(dmabuf, dir);
	/* The exporter may have waited already; a second wait is cheap. */
	if (!ret)
		ret = __dma_buf_begin_cpu_access(dmabuf, dir);
	if (!ret)
		atomic_inc(&dmabuf->cpu_access);
	return ret;
}

int dma_buf_end_cpu_access(struct dma_buf *dmabuf,
			   enum dma_data_direction dir)
{
	int ret = 0, old;

	if (WARN_ON(!dmabuf))
		return -EINVAL;
	might_lock(&dmabuf->resv->lock.base);
	if (dmabuf->ops->end_cpu_access)
		ret = dmabuf->ops->end_cpu_access(dmabuf, dir);
	/* Unbalanced ends from userspace are allowed, as in Linux. */
	old = atomic_read(&dmabuf->cpu_access);
	while (old > 0 && !atomic_try_cmpxchg(&dmabuf->cpu_access, &old,
					      old - 1))
		;
	return ret;
}

int dma_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct iosys_map ptr;
	int ret;

	if (WARN_ON(!map))
		return -EINVAL;
	iosys_map_clear(map);
	if (WARN_ON(!dmabuf))
		return -EINVAL;
	dma_resv_assert_held(dmabuf->resv);
	if (!dmabuf->ops->vmap)
		return -EINVAL;
	if (dmabuf->vmapping_counter) {
		dmabuf->vmapping_counter++;
		BUG_ON(iosys_map_is_null(&dmabuf->vmap_ptr));
		*map = dmabuf->vmap_ptr;
		return 0;
	}
	BUG_ON(iosys_map_is_set(&dmabuf->vmap_ptr));
	/* Nobody could invalidate a kernel address: no move while mapped. */
	if (dma_buf_is_dynamic(dmabuf))
		dmabuf->pin_count++;
	ret = dmabuf->ops->vmap(dmabuf, &ptr);
	if (WARN_ON_ONCE(ret)) {
		if (dma_buf_is_dynamic(dmabuf))
			dmabuf->pin_count--;
		return ret;
	}
	dmabuf->vmap_ptr = ptr;
	dmabuf->vmapping_counter = 1;
	*map = dmabuf->vmap_ptr;
	return 0;
}

void dma_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	if (WARN_ON(!dmabuf || !map))
		return;
	dma_resv_assert_held(dmabuf->resv);
	if (WARN_ON(!dmabuf->vmapping_counter))
		return;
	WARN_ON(!iosys_map_is_equal(&dmabuf->vmap_ptr, map));
	if (--dmabuf->vmapping_counter == 0) {
		if (dmabuf->ops->vunmap)
			dmabuf->ops->vunmap(dmabuf, map);
		iosys_map_clear(&dmabuf->vmap_ptr);
		if (dma_buf_is_dynamic(dmabuf))
			dmabuf->pin_count--;
	}
}

int dma_buf_vmap_unlocked(struct dma_buf *dmabuf, struct iosys_map *map)
{
	int ret;

	if (WARN_ON(!map))
		return -EINVAL;
	iosys_map_clear(map);
	if (WARN_ON(!dmabuf))
		return -EINVAL;
	dma_resv_lock(dmabuf->resv, NULL);
	ret = dma_buf_vmap(dmabuf, map);
	dma_resv_unlock(dmabuf->resv);
	return ret;
}

void dma_buf_vunmap_unlocked(struct dma_buf *dmabuf, struct iosys_map *map)
{
	if (WARN_ON(!dmabuf))
		return;
	dma_resv_lock(dmabuf->resv, NULL);
	dma_buf_vunmap(dmabuf, map);
	dma_resv_unlock(dmabuf->resv);
}
