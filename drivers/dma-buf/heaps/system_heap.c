// SPDX-License-Identifier: GPL-2.0
/*
 * The system heap: /dev/dma_heap/system hands out dma-bufs backed by
 * order-0 RAM pages, claimed for the sanitizer; they never move.
 */
#include <linux/ioctl.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/platform.h>
#include <dmabridge/uaccess.h>
#include <dmabridge/mm.h>

#define SYSTEM_HEAP_PATH "/dev/dma_heap/system"

struct system_heap_buffer {
	struct platform *plat;
	size_t len;
	unsigned long nr_pages;
	struct page **pages;
};

static struct sg_table *system_heap_map(struct dma_buf_attachment *attach,
					enum dma_data_direction dir)
{
	struct system_heap_buffer *buf = attach->dmabuf->priv;

	return dma_buf_pages_map_sgt(attach, buf->pages, buf->nr_pages, dir);
}

static void system_heap_unmap(struct dma_buf_attachment *attach,
			      struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_buf_pages_unmap_sgt(attach, sgt, dir);
}

/* RAM ranges, physically contiguous pages merged. */
static struct dma_buf_phys_list *
system_heap_map_phys(struct dma_buf_attachment *attach)
{
	struct system_heap_buffer *buf = attach->dmabuf->priv;

	return dma_buf_pages_to_phys_list(buf->pages, buf->nr_pages);
}

static int system_heap_fault_pfn(struct dma_buf *dmabuf, pgoff_t pgoff,
				 unsigned long *pfn, unsigned int *attrs)
{
	struct system_heap_buffer *buf = dmabuf->priv;

	if (pgoff >= buf->nr_pages)
		return -EINVAL;
	*pfn = page_to_pfn(buf->pages[pgoff]);
	*attrs = DMA_BUF_MEM_CACHEABLE;
	return 0;
}

static int system_heap_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	return dma_buf_mmap_pfn(vma, 0);
}

static void system_heap_free_pages(struct system_heap_buffer *buf,
				   unsigned long n)
{
	while (n--)
		__free_page(buf->pages[n]);
	kvfree(buf->pages);
	kfree(buf);
}

static void system_heap_release(struct dma_buf *dmabuf)
{
	struct system_heap_buffer *buf = dmabuf->priv;

	system_heap_free_pages(buf, buf->nr_pages);
}

static const struct dma_buf_ops system_heap_buf_ops = {
	/* SGT, then PAL (the mapping-types table of DESIGN.md). */
	.match_mapping = dma_buf_pages_match_mapping,
	.map_dma_buf = system_heap_map,
	.unmap_dma_buf = system_heap_unmap,
	.map_phys = system_heap_map_phys,
	.mmap = system_heap_mmap,
	.fault_pfn = system_heap_fault_pfn,
	.release = system_heap_release,
};

struct dma_buf *system_heap_allocate(size_t len, u32 fd_flags,
				     u64 heap_flags)
{
	struct platform *plat = current_platform();
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct system_heap_buffer *buf;
	struct dma_buf *dmabuf;
	unsigned long i;

	len = PAGE_ALIGN(len);
	if (!len || !plat)
		return ERR_PTR(-EINVAL);
	if (len / PAGE_SIZE > zone_managed_pages(plat, ZONE_NORMAL))
		return ERR_PTR(-ENOMEM);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->plat = plat;
	buf->len = len;
	buf->nr_pages = len / PAGE_SIZE;
	buf->pages = kvcalloc(buf->nr_pages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages) {
		kfree(buf);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < buf->nr_pages; i++) {
		buf->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!buf->pages[i]) {
			system_heap_free_pages(buf, i);
			return ERR_PTR(-ENOMEM);
		}
	}
	info.exp_name = "system";
	info.ops = &system_heap_buf_ops;
	info.size = len;
	info.flags = fd_flags;
	info.priv = buf;
	dmabuf = dma_buf_export(&info);
	if (IS_ERR(dmabuf)) {
		system_heap_free_pages(buf, buf->nr_pages);
		return dmabuf;
	}
	/* Every access through a mapping of this buffer expects this owner. */
	dmabuf->san_owner = san_new_owner(plat, "system-heap buffer");
	for (i = 0; i < buf->nr_pages; i++)
		san_set_owner(plat, page_to_phys(buf->pages[i]), PAGE_SIZE,
			      dmabuf->san_owner, SAN_EV_CLAIM,
			      "system heap allocation");
	return dmabuf;
}

/* @data: the caller's argument, already copied in (dma_heap_ioctl). */
static long dma_heap_ioctl_allocate(struct dma_heap_allocation_data *data)
{
	struct dma_buf *dmabuf;
	int fd;

	if (data->fd)
		return -EINVAL;
	if (data->fd_flags & ~DMA_HEAP_VALID_FD_FLAGS)
		return -EINVAL;
	if (data->heap_flags & ~DMA_HEAP_VALID_HEAP_FLAGS)
		return -EINVAL;
	dmabuf = system_heap_allocate(data->len, data->fd_flags,
				      data->heap_flags);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	fd = dma_buf_fd(dmabuf, data->fd_flags);
	if (fd < 0) {
		dma_buf_put(dmabuf);
		return fd;
	}
	data->fd = fd;
	return 0;
}

/* The kernel's command for each _IOC_NR, with the kernel's struct size. */
static const unsigned int dma_heap_ioctl_cmds[] = {
	DMA_HEAP_IOCTL_ALLOC,
};

/*
 * uAPI versioning as Linux's dma_heap_ioctl(): the command is chosen by
 * _IOC_NR alone, and the argument is copied in and out at the size the
 * caller encoded in @ucmd. A shorter (older) struct is zero-padded to the
 * kernel's; a longer (newer) one is accepted, its tail copied back as is.
 * Like Linux, the type byte is not checked, and a fault copying out is
 * -EFAULT with the new fd left installed.
 */
static long dma_heap_ioctl(struct file *file, unsigned int ucmd,
			   unsigned long arg)
{
	char stack_kdata[128];
	char *kdata = stack_kdata;
	unsigned int in_size, out_size, drv_size, ksize, kcmd;
	unsigned int nr = _IOC_NR(ucmd);
	long ret;

	if (nr >= ARRAY_SIZE(dma_heap_ioctl_cmds))
		return -EINVAL;
	kcmd = dma_heap_ioctl_cmds[nr];
	drv_size = _IOC_SIZE(kcmd);
	out_size = _IOC_SIZE(ucmd);
	in_size = out_size;
	if (!(ucmd & kcmd & IOC_IN))
		in_size = 0;
	if (!(ucmd & kcmd & IOC_OUT))
		out_size = 0;
	ksize = max(max(in_size, out_size), drv_size);
	if (ksize > sizeof(stack_kdata)) {
		kdata = kmalloc(ksize, GFP_KERNEL);
		if (!kdata)
			return -ENOMEM;
	}
	if (copy_from_user(kdata, (const void *)arg, in_size)) {
		ret = -EFAULT;
		goto out;
	}
	if (ksize > in_size)
		memset(kdata + in_size, 0, ksize - in_size);
	switch (kcmd) {
	case DMA_HEAP_IOCTL_ALLOC:
		ret = dma_heap_ioctl_allocate((void *)kdata);
		break;
	default:
		ret = -ENOTTY;
		goto out;
	}
	if (copy_to_user((void *)arg, kdata, out_size))
		ret = -EFAULT;
out:
	if (kdata != stack_kdata)
		kfree(kdata);
	return ret;
}

static const struct file_operations dma_heap_fops = {
	.name = "dma_heap",
	.unlocked_ioctl = dma_heap_ioctl,
};

int system_heap_create(struct platform *plat)
{
	return devnode_register(plat, SYSTEM_HEAP_PATH, &dma_heap_fops, NULL);
}

void system_heap_destroy(struct platform *plat)
{
	devnode_unregister(plat, SYSTEM_HEAP_PATH);
}
