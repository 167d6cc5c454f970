// SPDX-License-Identifier: GPL-2.0
/*
 * shmem: RAM-backed files (memfd_create, MAP_SHARED|MAP_ANONYMOUS). The
 * page cache is a sparse array (xarray) of pages indexed by page offset,
 * allocated on first use (movable, zeroed): host memory follows the pages
 * touched, never the file size. Truncation zaps every mapping of the cut
 * part through the reverse map before freeing the pages.
 *
 * Writes hold the page lock while they copy, as Linux's write_begin/
 * write_end do: migration holds it from its reference check to the page
 * cache update, so a write lands either before the copy or in the new page.
 *
 * Seals (memfd, F_ADD_SEALS): F_SEAL_WRITE/F_SEAL_FUTURE_WRITE refuse
 * write() and new writable shared mappings, F_SEAL_SHRINK/F_SEAL_GROW
 * refuse size changes, F_SEAL_SEAL refuses further seals. Like Linux's
 * i_mmap_writable, mmap_writable counts the shared mappings that may
 * write (> 0) or is negative while F_SEAL_WRITE is set.
 */
#include <string.h>
#include <dmabridge/fs.h>
#include <dmabridge/shmem.h>
#include <dmabridge/slab.h>
#include <dmabridge/mutex.h>
#include <dmabridge/platform.h>
#include <dmabridge/bug.h>
#include <dmabridge/sched.h>
#include <dmabridge/xarray.h>
#include "internal.h"

/* Largest shmem file: keeps page indexes sane. */
#define SHMEM_MAX_BYTES (1ULL << 40)

struct shmem_inode_info {
	struct address_space mapping;
	/*
	 * pages, size, seals, mmap_writable. Never held across an
	 * allocation that may reclaim: migration takes it under i_mmap_rwsem,
	 * and reclaim comes before i_mmap in the lock order.
	 */
	struct mutex lock;
	/* Linux's inode_lock: write(), ftruncate() and F_ADD_SEALS. */
	struct mutex inode_lock;
	struct xarray pages;		/* the cache's reference on each */
	loff_t size;
	unsigned int seals;		/* F_SEAL_* */
	bool exec;			/* i_mode & 0111: not MFD_NOEXEC_SEAL */
	int mmap_writable;		/* Linux's i_mmap_writable */
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

/* The page at @index with a reference, or NULL for a hole. */
static struct page *shmem_find_page(struct shmem_inode_info *info,
				    pgoff_t index)
{
	struct page *page;

	mutex_lock(&info->lock);
	page = xa_load(&info->pages, index);
	if (page)
		get_page(page);
	mutex_unlock(&info->lock);
	return page;
}

/* The page at @index with a reference (allocated if needed). */
static struct page *shmem_get_page(struct shmem_inode_info *info,
				   pgoff_t index)
{
	struct page *page, *new = NULL;
	void *old;

	for (;;) {
		mutex_lock(&info->lock);
		if ((loff_t)index >=
		    DIV_ROUND_UP(info->size, (loff_t)PAGE_SIZE)) {
			page = ERR_PTR(-EINVAL);
			break;
		}
		page = xa_load(&info->pages, index);
		if (page) {
			get_page(page);
			break;
		}
		if (!new) {
			/* Allocate with the lock dropped, then look again. */
			mutex_unlock(&info->lock);
			new = alloc_user_page(info->platform, true);
			if (!new)
				return ERR_PTR(-ENOMEM);
			continue;
		}
		/*
		 * Nodes come from GFP_NOWAIT under the lock; Linux drops the
		 * xa_lock and retries with the caller's gfp (xas_nomem()).
		 */
		old = xa_store(&info->pages, index, new, GFP_NOWAIT);
		if (xa_is_err(old)) {
			page = ERR_PTR(xa_err(old));
			break;
		}
		set_bit(PG_swapbacked, &new->flags);
		new->mapping = &info->mapping;
		new->index = index;
		info->mapping.nrpages++;
		page = new;		/* the cache's reference */
		new = NULL;
		get_page(page);
		break;
	}
	mutex_unlock(&info->lock);
	if (new)
		put_page(new);
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

	/* Writers copy under the page lock: none is in the old page now. */
	WARN_ON(!PageFlag(old, PG_locked));
	lockdep_assert_held(&old->mapping->i_mmap_rwsem);
	mutex_lock(&info->lock);
	/* Lookups take references under this lock: the count is stable. */
	if (page_ref_count(old) > expected_refs ||
	    page_maybe_dma_pinned(old) ||
	    xa_load(&info->pages, old->index) != old) {
		err = -EBUSY;
	} else {
		/* An existing slot: replacing it never allocates. */
		WARN_ON(xa_store(&info->pages, old->index, new, GFP_NOWAIT) !=
			old);
		get_page(new);
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

static bool is_shared_maywrite(vm_flags_t vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) ==
	       (VM_SHARED | VM_MAYWRITE);
}

/* A VMA copy (split): one more mapping that may write. */
static void shmem_vm_open(struct vm_area_struct *vma)
{
	struct shmem_inode_info *info = SHMEM_I(vma->vm_file);

	if (!is_shared_maywrite(vma->vm_flags))
		return;
	mutex_lock(&info->lock);
	info->mmap_writable++;
	mutex_unlock(&info->lock);
}

static void shmem_vm_close(struct vm_area_struct *vma)
{
	struct shmem_inode_info *info = SHMEM_I(vma->vm_file);

	if (!is_shared_maywrite(vma->vm_flags))
		return;
	mutex_lock(&info->lock);
	WARN_ON(info->mmap_writable <= 0);
	info->mmap_writable--;
	mutex_unlock(&info->lock);
}

static const struct vm_operations_struct shmem_vm_ops = {
	.open = shmem_vm_open,
	.close = shmem_vm_close,
	.fault = shmem_fault,
	.name = "shmem",
};

static bool is_write_sealed(unsigned int seals)
{
	return seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE);
}

/*
 * Linux's memfd_check_seals_mmap() and mapping_map_writable(): a write
 * sealed file gets no new writable shared mapping, and its read-only
 * shared mappings lose VM_MAYWRITE so mprotect cannot make them writable.
 */
static int shmem_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	int err = 0;

	mutex_lock(&info->lock);
	if (is_write_sealed(info->seals) && (vma->vm_flags & VM_SHARED)) {
		if (vma->vm_flags & VM_WRITE)
			err = -EPERM;
		else
			vma->vm_flags &= ~VM_MAYWRITE;
	}
	if (!err && is_shared_maywrite(vma->vm_flags)) {
		if (info->mmap_writable < 0)
			err = -EPERM;	/* F_SEAL_WRITE being added */
		else
			info->mmap_writable++;
	}
	mutex_unlock(&info->lock);
	if (!err)
		vma->vm_ops = &shmem_vm_ops;
	return err;
}

/* Resize; @fd_op: a user's ftruncate or write, which the seals govern. */
static int __shmem_truncate(struct file *file, loff_t size, bool fd_op)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	struct page *page, *tmp, *last;
	unsigned long index;
	pgoff_t first;
	LIST_HEAD(cut);
	loff_t old;

	if (size < 0 || (u64)size > SHMEM_MAX_BYTES)
		return size < 0 ? -EINVAL : -EFBIG;
	mutex_lock(&info->lock);
	old = info->size;
	if (fd_op && ((size < old && (info->seals & F_SEAL_SHRINK)) ||
		      (size > old && (info->seals & F_SEAL_GROW)))) {
		mutex_unlock(&info->lock);
		return -EPERM;
	}
	info->size = size;
	file->f_inode->i_size = size;
	if (size >= old) {
		mutex_unlock(&info->lock);
		return 0;
	}
	first = DIV_ROUND_UP(size, (loff_t)PAGE_SIZE);
	/* The cut pages go on a list through page->lru: no allocation. */
	xa_for_each_start(&info->pages, index, page, first) {
		xa_erase(&info->pages, index);
		info->mapping.nrpages--;
		list_add_tail(&page->lru, &cut);
	}
	/* The part of the last page beyond the end reads as zeros. */
	last = first ? xa_load(&info->pages, first - 1) : NULL;
	if ((size & ~PAGE_MASK) && last)
		memset((char *)page_address(last) + (size & ~PAGE_MASK), 0,
		       PAGE_SIZE - (size & ~PAGE_MASK));
	mutex_unlock(&info->lock);

	unmap_mapping_range(&info->mapping, (loff_t)first << PAGE_SHIFT, 0, 1);
	list_for_each_entry(page, &cut, lru) {
		lock_page(page);
		page->mapping = NULL;	/* faults that found it retry */
		unlock_page(page);
	}
	/* Mappings made between the first zap and the page lock. */
	unmap_mapping_range(&info->mapping, (loff_t)first << PAGE_SHIFT, 0, 1);
	list_for_each_entry_safe(page, tmp, &cut, lru) {
		list_del_init(&page->lru);
		clear_bit(PG_swapbacked, &page->flags);
		put_page(page);
	}
	return 0;
}

int shmem_truncate(struct file *file, loff_t size)
{
	return __shmem_truncate(file, size, false);
}

static int shmem_ftruncate(struct file *file, loff_t length)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	int ret;

	if (!(file->f_mode & FMODE_WRITE))
		return -EINVAL;
	mutex_lock(&info->inode_lock);
	ret = __shmem_truncate(file, length, true);
	mutex_unlock(&info->inode_lock);
	return ret;
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
		unsigned int seals;
		struct page *page;
		loff_t size;

		mutex_lock(&info->lock);
		size = info->size;
		seals = info->seals;
		mutex_unlock(&info->lock);
		/* Linux's shmem_write_begin(), one page at a time. */
		if (write && (is_write_sealed(seals) ||
			      ((seals & F_SEAL_GROW) && p + (loff_t)chunk > size)))
			return done ? (ssize_t)done : -EPERM;
		if (write && p + (loff_t)chunk > size) {
			/* Writes extend the file, as on tmpfs. */
			int err = __shmem_truncate(file, p + chunk, true);

			if (err)
				return done ? (ssize_t)done : err;
		} else if (!write) {
			if (p >= size)
				break;
			chunk = min_t(loff_t, chunk, size - p);
		}
		if (!write) {
			/* A hole reads as zeros and stays a hole (F5). */
			page = shmem_find_page(info, p >> PAGE_SHIFT);
			if (!page) {
				memset(buf + done, 0, chunk);
				done += chunk;
				continue;
			}
		} else {
			page = shmem_get_page(info, p >> PAGE_SHIFT);
		}
		if (IS_ERR(page))
			return done ? (ssize_t)done : PTR_ERR(page);
		if (write) {
			/* write_begin/write_end: migration cannot copy now. */
			lock_page(page);
			memcpy((char *)page_address(page) + off, buf + done,
			       chunk);
			set_bit(PG_dirty, &page->flags);
			unlock_page(page);
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
	struct shmem_inode_info *info = SHMEM_I(file);
	ssize_t ret;

	/* Seals checked and the write done with no F_ADD_SEALS between. */
	mutex_lock(&info->inode_lock);
	ret = shmem_rw(file, (char *)buf, count, pos, true);
	mutex_unlock(&info->inode_lock);
	return ret;
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
	/* Past the largest loff_t is -EINVAL too (F4). */
	if (__builtin_add_overflow(base, offset, &base) || base < 0)
		return -EINVAL;
	file->f_pos = base;
	return file->f_pos;
}

static int shmem_release(struct inode *inode, struct file *file)
{
	struct shmem_inode_info *info = SHMEM_I(file);
	unsigned long index;
	struct page *page;

	/* Every VMA held a file reference: nothing maps it any more. */
	xa_for_each(&info->pages, index, page) {
		xa_erase(&info->pages, index);
		page->mapping = NULL;
		clear_bit(PG_swapbacked, &page->flags);
		put_page(page);
	}
	WARN_ON(!xa_empty(&info->pages));
	address_space_destroy(&info->mapping);
	mutex_destroy(&info->inode_lock);
	mutex_destroy(&info->lock);
	kfree(info);
	return 0;
}

/*
 * memfd_wait_for_pins(): F_SEAL_WRITE may not be added while someone
 * outside the page cache and the page tables holds a page (GUP, a DMA
 * pin): it could still write. Linux rescans a few times with growing
 * sleeps before giving up with -EBUSY; so do we.
 */
#define SHMEM_PIN_SCANS 4

static bool shmem_has_extra_refs(struct shmem_inode_info *info)
{
	unsigned long index;
	struct page *page;
	bool busy = false;

	mutex_lock(&info->lock);
	xa_for_each(&info->pages, index, page) {
		/* The cache's reference and one per PTE are expected. */
		if (page_ref_count(page) - page_mapcount(page) > 1 ||
		    page_maybe_dma_pinned(page)) {
			busy = true;
			break;
		}
	}
	mutex_unlock(&info->lock);
	return busy;
}

static int shmem_wait_for_pins(struct shmem_inode_info *info)
{
	int scan;

	for (scan = 0; scan < SHMEM_PIN_SCANS; scan++) {
		if (!shmem_has_extra_refs(info))
			return 0;
		if (scan < SHMEM_PIN_SCANS - 1)
			msleep(10U << scan);
	}
	return -EBUSY;
}

int shmem_add_seals(struct file *file, unsigned int seals)
{
	struct shmem_inode_info *info;
	int err = 0;

	if (!(file->f_mode & FMODE_WRITE))
		return -EPERM;
	if (seals & ~(unsigned int)F_ALL_SEALS)
		return -EINVAL;
	if (!is_shmem_file(file))
		return -EINVAL;
	info = SHMEM_I(file);
	mutex_lock(&info->inode_lock);
	mutex_lock(&info->lock);
	if (info->seals & F_SEAL_SEAL) {
		err = -EPERM;
		goto out;
	}
	if ((seals & F_SEAL_WRITE) && !(info->seals & F_SEAL_WRITE)) {
		/* mapping_deny_writable(): no writable shared mapping. */
		if (info->mmap_writable > 0) {
			err = -EBUSY;
			goto out;
		}
		info->mmap_writable--;
		mutex_unlock(&info->lock);
		err = shmem_wait_for_pins(info);
		mutex_lock(&info->lock);
		if (err) {
			info->mmap_writable++;	/* mapping_allow_writable() */
			goto out;
		}
	}
	/* F_SEAL_EXEC on an executable file implies every write seal. */
	if ((seals & F_SEAL_EXEC) && info->exec)
		seals |= F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
			 F_SEAL_FUTURE_WRITE;
	info->seals |= seals;
out:
	mutex_unlock(&info->lock);
	mutex_unlock(&info->inode_lock);
	return err;
}

int shmem_get_seals(struct file *file)
{
	struct shmem_inode_info *info;
	int seals;

	if (!is_shmem_file(file))
		return -EINVAL;
	info = SHMEM_I(file);
	mutex_lock(&info->lock);
	seals = info->seals;
	mutex_unlock(&info->lock);
	return seals;
}

void shmem_memfd_init_seals(struct file *file, bool allow_sealing,
			    bool noexec_seal)
{
	struct shmem_inode_info *info = SHMEM_I(file);

	mutex_lock(&info->lock);
	if (noexec_seal) {
		info->exec = false;
		info->seals = (info->seals & ~F_SEAL_SEAL) | F_SEAL_EXEC;
	} else if (allow_sealing) {
		info->seals &= ~F_SEAL_SEAL;
	}
	mutex_unlock(&info->lock);
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
	mutex_init(&info->inode_lock);
	xa_init(&info->pages);
	info->size = size;
	/* Linux: every shmem file starts sealed against sealing. */
	info->seals = F_SEAL_SEAL;
	info->exec = true;
	info->platform = current_platform();
	file = anon_inode_getfile(name, &shmem_fops, info, flags);
	if (IS_ERR(file)) {
		address_space_destroy(&info->mapping);
		mutex_destroy(&info->inode_lock);
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
	shmem_vm_open(vma);	/* counted like a shmem_mmap() mapping */
	return 0;
}
