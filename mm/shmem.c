// SPDX-License-Identifier: GPL-2.0
/*
 * shmem: RAM-backed files (memfd_create, MAP_SHARED|MAP_ANONYMOUS). The
 * page cache is an array of pages indexed by page offset, allocated on
 * first use (movable, zeroed). Truncation zaps every mapping of the cut
 * part through the reverse map before freeing the pages.
 */
#include <string.h>
#include <dmabridge/fs.h>
#include <dmabridge/shmem.h>
#include <dmabridge/slab.h>
#include <dmabridge/mutex.h>
#include <dmabridge/platform.h>
#include <dmabridge/bug.h>
#include "internal.h"

/* Largest shmem file: keeps page indexes and the cache array sane. */
#define SHMEM_MAX_BYTES (1ULL << 40)

struct shmem_inode_info {
	struct address_space mapping;
	struct mutex lock;		/* pages[], nr_slots, size */
	struct page **pages;
	unsigned long nr_slots;
	loff_t size;
	struct platform *platform;
};

static const struct file_operations shmem_fops;
static const struct vm_operations_struct shmem_vm_ops;

static struct shmem_inode_info *SHMEM_I(const struct file *file)
{
	return file->private_data;
}

static struct shmem_inode_info *mapping_info(struct address_space *mapping)
{
	return container_of(mapping, struct shmem_inode_info, mapping);
}

bool is_shmem_file(const struct file *file)
{
	return file && file->f_op == &shmem_fops;
}

bool page_is_shmem(struct page *page)
{
	return PageFlag(page, PG_swapbacked) && page->mapping;
}

static int shmem_grow_slots(struct shmem_inode_info *info, pgoff_t index)
{
	unsigned long n = max(index + 1, info->nr_slots * 2);
	struct page **p;

	if (index < info->nr_slots)
		return 0;
	p = krealloc(info->pages, n * sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	memset(p + info->nr_slots, 0, (n - info->nr_slots) * sizeof(*p));
	info->pages = p;
	info->nr_slots = n;
	return 0;
}

/* The page at @index with a reference (allocated if needed). */
static struct page *shmem_get_page(struct shmem_inode_info *info,
				   pgoff_t index)
{
	struct page *page;

	mutex_lock(&info->lock);
	if ((loff_t)index >= DIV_ROUND_UP(info->size, (loff_t)PAGE_SIZE)) {
		mutex_unlock(&info->lock);
		return ERR_PTR(-EINVAL);
	}
	if (shmem_grow_slots(info, index)) {
		mutex_unlock(&info->lock);
		return ERR_PTR(-ENOMEM);
	}
	page = info->pages[index];
	if (!page) {
		page = alloc_user_page(info->platform, true);
		if (!page) {
			mutex_unlock(&info->lock);
			return ERR_PTR(-ENOMEM);
		}
		set_bit(PG_swapbacked, &page->flags);
		page->mapping = &info->mapping;
		page->index = index;
		info->pages[index] = page;	/* the cache's reference */
		info->mapping.nrpages++;
	}
	get_page(page);
	mutex_unlock(&info->lock);
	return page;
}

struct page *shmem_read_mapping_page(struct address_space *mapping,
				     pgoff_t index)
{
	return shmem_get_page(mapping_info(mapping), index);
}

unsigned long shmem_nr_pages(struct file *file)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	unsigned long n;

	mutex_lock(&info->lock);
	n = info->mapping.nrpages;
	mutex_unlock(&info->lock);
	return n;
}

int shmem_migrate_replace(struct page *old, struct page *new,
			  int expected_refs)
{
	struct shmem_inode_info *info = mapping_info(old->mapping);
	int err = 0;

	mutex_lock(&info->lock);
	/* Lookups take references under this lock: the count is stable. */
	if (page_ref_count(old) > expected_refs ||
	    page_maybe_dma_pinned(old) || old->index >= info->nr_slots ||
	    info->pages[old->index] != old) {
		err = -EBUSY;
	} else {
		get_page(new);
		info->pages[old->index] = new;
	}
	mutex_unlock(&info->lock);
	return err;
}

static vm_fault_t shmem_fault(struct vm_fault *vmf)
{
	struct shmem_inode_info *info = SHMEM_I(vmf->vma->vm_file);
	struct page *page = shmem_get_page(info, vmf->pgoff);

	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	lock_page(page);
	vmf->page = page;
	return VM_FAULT_LOCKED;
}

static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
	.name = "shmem",
};

static int shmem_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

int shmem_truncate(struct file *file, loff_t size)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	struct page **cut = NULL, *last = NULL;
	pgoff_t first, i, n = 0;
	loff_t old;

	if (size < 0 || (u64)size > SHMEM_MAX_BYTES)
		return size < 0 ? -EINVAL : -EFBIG;
	mutex_lock(&info->lock);
	old = info->size;
	info->size = size;
	file->f_inode->i_size = size;
	if (size >= old) {
		mutex_unlock(&info->lock);
		return 0;
	}
	first = DIV_ROUND_UP(size, (loff_t)PAGE_SIZE);
	if (first < info->nr_slots) {
		cut = kcalloc(info->nr_slots - first, sizeof(*cut), GFP_KERNEL);
		if (!cut) {
			info->size = old;
			file->f_inode->i_size = old;
			mutex_unlock(&info->lock);
			return -ENOMEM;
		}
		for (i = first; i < info->nr_slots; i++) {
			if (info->pages[i]) {
				cut[n++] = info->pages[i];
				info->pages[i] = NULL;
				info->mapping.nrpages--;
			}
		}
	}
	/* The part of the last page beyond the end reads as zeros. */
	if ((size & ~PAGE_MASK) && first - 1 < info->nr_slots &&
	    info->pages[first - 1]) {
		last = info->pages[first - 1];
		memset((char *)page_address(last) + (size & ~PAGE_MASK), 0,
		       PAGE_SIZE - (size & ~PAGE_MASK));
	}
	mutex_unlock(&info->lock);

	unmap_mapping_range(&info->mapping, (loff_t)first << PAGE_SHIFT, 0, 1);
	for (i = 0; i < n; i++) {
		lock_page(cut[i]);
		cut[i]->mapping = NULL;	/* faults that found it retry */
		unlock_page(cut[i]);
	}
	/* Mappings made between the first zap and the page lock. */
	unmap_mapping_range(&info->mapping, (loff_t)first << PAGE_SHIFT, 0, 1);
	for (i = 0; i < n; i++) {
		clear_bit(PG_swapbacked, &cut[i]->flags);
		put_page(cut[i]);
	}
	kfree(cut);
	return 0;
}

static int shmem_ftruncate(struct file *file, loff_t length)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EINVAL;
	return shmem_truncate(file, length);
}

static ssize_t shmem_rw(struct file *file, char *buf, size_t count,
			loff_t *pos, bool write)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	size_t done = 0;

	if (*pos < 0)
		return -EINVAL;
	while (done < count) {
		loff_t p = *pos + done;
		size_t off = p & ~PAGE_MASK;
		size_t chunk = min(count - done, PAGE_SIZE - off);
		struct page *page;
		loff_t size;

		mutex_lock(&info->lock);
		size = info->size;
		mutex_unlock(&info->lock);
		if (write && p + (loff_t)chunk > size) {
			/* Writes extend the file, as on tmpfs. */
			int err = shmem_truncate(file, p + chunk);

			if (err)
				return done ? (ssize_t)done : err;
		} else if (!write) {
			if (p >= size)
				break;
			chunk = min_t(loff_t, chunk, size - p);
		}
		page = shmem_get_page(info, p >> PAGE_SHIFT);
		if (IS_ERR(page))
			return done ? (ssize_t)done : PTR_ERR(page);
		if (write) {
			memcpy((char *)page_address(page) + off, buf + done,
			       chunk);
			set_bit(PG_dirty, &page->flags);
		} else {
			memcpy(buf + done, (char *)page_address(page) + off,
			       chunk);
		}
		put_page(page);
		done += chunk;
	}
	*pos += done;
	return done;
}

static ssize_t shmem_read(struct file *file, char *buf, size_t count,
			  loff_t *pos)
{
	return shmem_rw(file, buf, count, pos, false);
}

static ssize_t shmem_write(struct file *file, const char *buf, size_t count,
			   loff_t *pos)
{
	return shmem_rw(file, (char *)buf, count, pos, true);
}

static loff_t shmem_llseek(struct file *file, loff_t offset, int whence)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		mutex_lock(&info->lock);
		base = info->size;
		mutex_unlock(&info->lock);
		break;
	default:
		return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

static int shmem_release(struct inode *inode, struct file *file)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	unsigned long i;

	/* Every VMA held a file reference: nothing maps it any more. */
	for (i = 0; i < info->nr_slots; i++) {
		struct page *page = info->pages[i];

		if (!page)
			continue;
		page->mapping = NULL;
		clear_bit(PG_swapbacked, &page->flags);
		put_page(page);
	}
	kfree(info->pages);
	address_space_destroy(&info->mapping);
	mutex_destroy(&info->lock);
	kfree(info);
	return 0;
}

static const struct file_operations shmem_fops = {
	.name = "shmem",
	.llseek = shmem_llseek,
	.read = shmem_read,
	.write = shmem_write,
	.mmap = shmem_mmap,
	.release = shmem_release,
	.ftruncate = shmem_ftruncate,
};

struct file *shmem_file_setup(const char *name, loff_t size,
			      unsigned long flags)
{
	struct shmem_inode_info *info;
	struct file *file;

	if (size < 0 || (u64)size > SHMEM_MAX_BYTES)
		return ERR_PTR(-EINVAL);
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);
	address_space_init(&info->mapping, info);
	mutex_init(&info->lock);
	info->size = size;
	info->platform = current_platform();
	file = anon_inode_getfile(name, &shmem_fops, info, flags);
	if (IS_ERR(file)) {
		address_space_destroy(&info->mapping);
		mutex_destroy(&info->lock);
		kfree(info);
		return file;
	}
	file->f_mapping = &info->mapping;
	file->f_inode->i_mapping = &info->mapping;
	file->f_inode->i_size = size;
	file->f_mode |= FMODE_LSEEK;
	return file;
}

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file;

	file = shmem_file_setup("dev/zero", vma->vm_end - vma->vm_start,
				O_RDWR);
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* The file belongs to the mm's machine, whoever called. */
	SHMEM_I(file)->platform = vma->vm_mm->platform;
	if (vma->vm_file)
		fput(vma->vm_file);
	vma->vm_file = file;
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}
