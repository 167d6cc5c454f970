// SPDX-License-Identifier: GPL-2.0
/*
 * udmabuf: /dev/udmabuf makes a dma-buf of memfd ranges whose pages stay
 * pinned long-term for the buffer's life; it never moves.
 */
#include <fcntl.h>
#include <linux/ioctl.h>
#include <dmabridge/udmabuf.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/platform.h>
#include <dmabridge/uaccess.h>
#include <dmabridge/shmem.h>
#include <dmabridge/mm.h>
#include <dmabridge/gup.h>

/* Tries to move a page out of ZONE_MOVABLE/CMA before giving up. */
#define UDMABUF_MIGRATE_TRIES 4

struct udmabuf {
	pgoff_t pagecount;
	struct page **pages;
};

static struct sg_table *udmabuf_map(struct dma_buf_attachment *attach,
				    enum dma_data_direction dir)
{
	struct udmabuf *ubuf = attach->dmabuf->priv;

	return dma_buf_pages_map_sgt(attach, ubuf->pages, ubuf->pagecount, dir);
}

static void udmabuf_unmap(struct dma_buf_attachment *attach,
			  struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_buf_pages_unmap_sgt(attach, sgt, dir);
}

/* Physically contiguous pages merge into one range. */
static struct dma_buf_phys_list *
udmabuf_map_phys(struct dma_buf_attachment *attach)
{
	struct udmabuf *ubuf = attach->dmabuf->priv;

	return dma_buf_pages_to_phys_list(ubuf->pages, ubuf->pagecount);
}

static int udmabuf_fault_pfn(struct dma_buf *dmabuf, pgoff_t pgoff,
			     unsigned long *pfn, unsigned int *attrs)
{
	struct udmabuf *ubuf = dmabuf->priv;

	if (pgoff >= ubuf->pagecount)
		return -EINVAL;
	*pfn = page_to_pfn(ubuf->pages[pgoff]);
	*attrs = DMA_BUF_MEM_CACHEABLE;
	return 0;
}

static int udmabuf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	return dma_buf_mmap_pfn(vma, 0);
}

static void udmabuf_free(struct udmabuf *ubuf, pgoff_t pinned)
{
	while (pinned--)
		unpin_user_page(ubuf->pages[pinned]);
	kvfree(ubuf->pages);
	kfree(ubuf);
}

static void udmabuf_release(struct dma_buf *dmabuf)
{
	struct udmabuf *ubuf = dmabuf->priv;

	udmabuf_free(ubuf, ubuf->pagecount);
}

static const struct dma_buf_ops udmabuf_ops = {
	/* SGT, then PAL (the mapping-types table of DESIGN.md). */
	.match_mapping = dma_buf_pages_match_mapping,
	.map_dma_buf = udmabuf_map,
	.unmap_dma_buf = udmabuf_unmap,
	.map_phys = udmabuf_map_phys,
	.mmap = udmabuf_mmap,
	.fault_pfn = udmabuf_fault_pfn,
	.release = udmabuf_release,
};

/*
 * The long-term pin of one memfd page (memfd_pin_folios): a movable or
 * CMA page is migrated to ZONE_NORMAL first. The lookup's reference
 * becomes the pin's, so no migration can slip in between (a migration
 * fails with -EBUSY on a page with unexpected references).
 */
static struct page *udmabuf_pin_page(struct file *memfd, pgoff_t index)
{
	struct page *page;
	int tries, ret;

	for (tries = 0; tries < UDMABUF_MIGRATE_TRIES; tries++) {
		page = shmem_read_mapping_page(memfd->f_mapping, index);
		if (IS_ERR(page))
			return page;
		if (page_is_longterm_pinnable(page)) {
			/* FOLL_PIN accounting, as try_grab_folio() does. */
			atomic_inc(&page->_pincount);
			return page;
		}
		ret = migrate_page(page, ZONE_NORMAL, NULL);
		put_page(page);
		if (ret == -ENOMEM)
			return ERR_PTR(-ENOMEM);
	}
	/* Linux reports a failed long-term migration as -ENOMEM. */
	return ERR_PTR(-ENOMEM);
}

/*
 * Linux's check_memfd_seals(): the memfd may not shrink under the buffer
 * (F_SEAL_SHRINK) and must stay writable, since the buffer can be written
 * through (no F_SEAL_WRITE, no F_SEAL_FUTURE_WRITE).
 */
#define SEALS_WANTED (F_SEAL_SHRINK)
#define SEALS_DENIED (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)

static int udmabuf_check_memfd(struct file *memfd)
{
	int seals;

	if (!is_shmem_file(memfd))
		return -EBADFD;
	seals = memfd_fcntl(memfd, F_GET_SEALS, 0);
	if (seals == -EINVAL)
		return -EBADFD;
	if ((seals & SEALS_WANTED) != SEALS_WANTED || (seals & SEALS_DENIED))
		return -EINVAL;
	return 0;
}

static int udmabuf_pin_item(struct udmabuf *ubuf,
			    const struct udmabuf_create_item *item)
{
	pgoff_t first = item->offset >> PAGE_SHIFT;
	pgoff_t n = item->size >> PAGE_SHIFT, i;
	struct file *memfd;
	struct page *page;
	int ret;

	memfd = fget(item->memfd);
	if (!memfd)
		return -EBADF;
	ret = udmabuf_check_memfd(memfd);
	if (ret)
		goto out;
	/* memfd_pin_folios(): the whole range must lie below i_size. */
	if (item->offset + item->size < item->offset ||
	    item->offset + item->size > (u64)memfd->f_inode->i_size) {
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < n; i++) {
		page = udmabuf_pin_page(memfd, first + i);
		if (IS_ERR(page)) {
			ret = PTR_ERR(page);
			goto out;
		}
		ubuf->pages[ubuf->pagecount++] = page;
	}
out:
	fput(memfd);
	return ret;
}

static int udmabuf_check_list(const struct udmabuf_create_list *head,
			      const struct udmabuf_create_item *list,
			      pgoff_t *pgcnt)
{
	pgoff_t limit = (pgoff_t)UDMABUF_SIZE_LIMIT_MB << (20 - PAGE_SHIFT);
	u32 i;

	*pgcnt = 0;
	if (head->flags & ~UDMABUF_FLAGS_CLOEXEC)
		return -EINVAL;
	for (i = 0; i < head->count; i++) {
		if (!PAGE_ALIGNED(list[i].offset) ||
		    !PAGE_ALIGNED(list[i].size))
			return -EINVAL;
		if (list[i].size >> PAGE_SHIFT > limit - *pgcnt)
			return -EINVAL;
		*pgcnt += list[i].size >> PAGE_SHIFT;
	}
	return *pgcnt ? 0 : -EINVAL;
}

long udmabuf_create(const struct udmabuf_create_list *head,
		    const struct udmabuf_create_item *list)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct udmabuf *ubuf;
	struct dma_buf *dmabuf;
	pgoff_t pgcnt;
	u32 i;
	int ret, fd;

	ret = udmabuf_check_list(head, list, &pgcnt);
	if (ret)
		return ret;
	ubuf = kzalloc(sizeof(*ubuf), GFP_KERNEL);
	if (!ubuf)
		return -ENOMEM;
	ubuf->pages = kvcalloc(pgcnt, sizeof(*ubuf->pages), GFP_KERNEL);
	if (!ubuf->pages) {
		kfree(ubuf);
		return -ENOMEM;
	}
	for (i = 0; i < head->count; i++) {
		ret = udmabuf_pin_item(ubuf, &list[i]);
		if (ret)
			goto err;
	}
	info.exp_name = "udmabuf";
	info.ops = &udmabuf_ops;
	info.size = pgcnt << PAGE_SHIFT;
	info.flags = O_RDWR;
	info.priv = ubuf;
	dmabuf = dma_buf_export(&info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto err;
	}
	/*
	 * The pages stay the memfd's (its own mappings expect their owner),
	 * so no sanitizer claim: pinned, they can never change owner.
	 */
	fd = dma_buf_fd(dmabuf, (head->flags & UDMABUF_FLAGS_CLOEXEC) ?
				O_CLOEXEC : 0);
	if (fd < 0)
		dma_buf_put(dmabuf);	/* release unpins */
	return fd;

err:
	udmabuf_free(ubuf, ubuf->pagecount);
	return ret;
}

static long udmabuf_ioctl_create(const void *uarg)
{
	struct udmabuf_create create;
	struct udmabuf_create_list head;
	struct udmabuf_create_item item;

	if (copy_from_user(&create, uarg, sizeof(create)))
		return -EFAULT;
	head.flags = create.flags;
	head.count = 1;
	item.memfd = create.memfd;
	item.__pad = 0;
	item.offset = create.offset;
	item.size = create.size;
	return udmabuf_create(&head, &item);
}

static long udmabuf_ioctl_create_list(const void *uarg)
{
	struct udmabuf_create_list head;
	struct udmabuf_create_item *list;
	size_t lsize;
	long ret;

	if (copy_from_user(&head, uarg, sizeof(head)))
		return -EFAULT;
	if (head.count > UDMABUF_LIST_LIMIT)
		return -EINVAL;
	if (!head.count)
		return -EINVAL;	/* no pages */
	lsize = sizeof(*list) * head.count;
	list = kmalloc(lsize, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	if (copy_from_user(list, (const char *)uarg + sizeof(head), lsize)) {
		kfree(list);
		return -EFAULT;
	}
	ret = udmabuf_create(&head, list);
	kfree(list);
	return ret;
}

static long udmabuf_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	switch (cmd) {
	case UDMABUF_CREATE:
		return udmabuf_ioctl_create((const void *)arg);
	case UDMABUF_CREATE_LIST:
		return udmabuf_ioctl_create_list((const void *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations udmabuf_fops = {
	.name = "udmabuf",
	.unlocked_ioctl = udmabuf_ioctl,
};

int udmabuf_create_devnode(struct platform *plat)
{
	return devnode_register(plat, UDMABUF_PATH, &udmabuf_fops, NULL);
}

void udmabuf_destroy_devnode(struct platform *plat)
{
	devnode_unregister(plat, UDMABUF_PATH);
}
