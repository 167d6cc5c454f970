// SPDX-License-Identifier: GPL-2.0
/*
 * mm_struct lifetime and the VMA-level operations behind mmap, munmap,
 * mprotect and madvise: finding free ranges, creating, splitting and
 * removing VMAs, and tearing an address space down.
 */
#include <string.h>
#include <dmabridge/fs.h>
#include <dmabridge/mman.h>
#include <dmabridge/sched.h>
#include <dmabridge/shmem.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>
#include "internal.h"

/* File mappings whose driver sets no vm_ops: no fault handler (SIGBUS). */
const struct vm_operations_struct vma_dummy_vm_ops = { .name = "dummy" };

/* mm_struct lifetime */

struct mm_struct *mm_alloc(struct platform *plat)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	init_rwsem(&mm->mmap_lock);
	vma_tree_init(&mm->mm_mt);
	INIT_LIST_HEAD(&mm->mmap_list);
	mm->platform = plat;
	mm->max_map_count = DEFAULT_MAX_MAP_COUNT;
	mm->mmap_base = DEFAULT_MMAP_BASE;
	mm->task_size = TASK_SIZE;
	mm->free_area_hint = mm->mmap_base;
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	if (pgd_alloc(mm) || mmu_notifier_subscriptions_init(mm)) {
		kfree(mm->pgd);
		rwsem_destroy(&mm->mmap_lock);
		kfree(mm);
		return NULL;
	}
	return mm;
}

void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

void mmdrop(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	mmu_notifier_subscriptions_destroy(mm);
	rwsem_destroy(&mm->mmap_lock);
	kfree(mm);
}

void mmget(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_users);
}

bool mmget_not_zero(struct mm_struct *mm)
{
	int old = atomic_read(&mm->mm_users);

	do {
		if (!old)
			return false;
	} while (!atomic_try_cmpxchg(&mm->mm_users, &old, old + 1));
	return true;
}

static void remove_vma(struct vm_area_struct *vma);

/* The last user is gone: unmap everything, free every page table. */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;
	struct mmu_notifier_range range;

	mmap_write_lock(mm);
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, 0, TASK_SIZE);
	mmu_notifier_invalidate_range_start(&range);
	for_each_vma(mm, vma)
		unmap_page_range(vma, vma->vm_start, vma->vm_end, NULL);
	mmu_notifier_invalidate_range_end(&range);
	list_for_each_entry_safe(vma, next, &mm->mmap_list, vm_list) {
		vma_tree_erase(&mm->mm_mt, vma);
		list_del(&vma->vm_list);
		mm->map_count--;
		remove_vma(vma);
	}
	vma_tree_destroy(&mm->mm_mt);
	free_pgtables(mm);
	mmap_write_unlock(mm);
}

void mmput(struct mm_struct *mm)
{
	if (!mm || !atomic_dec_and_test(&mm->mm_users))
		return;
	exit_mmap(mm);
	mmdrop(mm);
}

struct task_struct *process_create(struct platform *plat, const char *comm)
{
	struct task_struct *t = task_create(plat, comm);

	if (IS_ERR(t))
		return t;
	t->mm = mm_alloc(plat);
	if (!t->mm) {
		task_exit(t);
		return ERR_PTR(-ENOMEM);
	}
	return t;
}

void mm_set_max_map_count(struct mm_struct *mm, int max)
{
	mmap_write_lock(mm);
	mm->max_map_count = max;
	mmap_write_unlock(mm);
}

/* VMA lookup */

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	return vma_tree_find(&mm->mm_mt, addr, NULL);
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	unsigned long start;
	struct vm_area_struct *vma = vma_tree_find(&mm->mm_mt, addr, &start);

	/* Decided from the index's pivots, as the maple tree does. */
	return vma && start <= addr ? vma : NULL;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end)
{
	unsigned long vm_start;
	struct vm_area_struct *vma = vma_tree_find(&mm->mm_mt, start,
						   &vm_start);

	return vma && vm_start < end ? vma : NULL;
}

struct vm_area_struct *vma_next(struct mm_struct *mm,
				struct vm_area_struct *vma)
{
	if (vma->vm_list.next == &mm->mmap_list)
		return NULL;
	return list_next_entry(vma, vm_list);
}

struct vm_area_struct *vma_prev(struct mm_struct *mm,
				struct vm_area_struct *vma)
{
	if (vma->vm_list.prev == &mm->mmap_list)
		return NULL;
	return list_prev_entry(vma, vm_list);
}

/* The last VMA starting below @addr, or NULL. */
static struct vm_area_struct *vma_below(struct mm_struct *mm,
					unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma && vma->vm_start < addr)
		return vma;
	if (vma)
		return vma_prev(mm, vma);
	return list_empty(&mm->mmap_list) ? NULL :
		list_last_entry(&mm->mmap_list, struct vm_area_struct,
				vm_list);
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma)
		*pprev = vma_prev(mm, vma);
	else
		*pprev = list_empty(&mm->mmap_list) ? NULL :
			list_last_entry(&mm->mmap_list, struct vm_area_struct,
					vm_list);
	return vma;
}

pgprot_t vm_get_page_prot(vm_flags_t vm_flags)
{
	pteval_t prot = _PAGE_PRESENT;

	if (vm_flags & VM_ACCESS_FLAGS)
		prot |= _PAGE_USER;
	/* Private writable mappings start read-only: copy on write. */
	if ((vm_flags & VM_WRITE) && (vm_flags & VM_SHARED))
		prot |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	return __pgprot(prot);
}

/* The new protection of a VMA whose flags changed, keeping caching. */
static pgprot_t vma_prot_update(pgprot_t old, vm_flags_t vm_flags)
{
	pteval_t keep = pgprot_val(old) & (_PAGE_CACHE_MASK | _PAGE_ENC);

	return __pgprot(pgprot_val(vm_get_page_prot(vm_flags)) | keep);
}

/* VMA creation and removal */

static struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (vma) {
		vma->vm_mm = mm;
		INIT_LIST_HEAD(&vma->vm_list);
	}
	return vma;
}

static void remove_vma(struct vm_area_struct *vma)
{
	vma_unlink_file(vma);
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

/* Put @vma (not yet in the index) into the index and the list. */
static int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next;
	int err = vma_tree_insert(&mm->mm_mt, vma);

	if (err)
		return err;
	next = find_vma(mm, vma->vm_end);	/* the VMA after it */
	list_add_tail(&vma->vm_list, next ? &next->vm_list : &mm->mmap_list);
	mm->map_count++;
	return 0;
}

/* Split @vma at @addr: @vma keeps [vm_start, addr), a new VMA the rest. */
static int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     unsigned long addr)
{
	struct address_space *mapping = vma_mapping(vma);
	struct vm_area_struct *new;
	int err;

	if (WARN_ON(addr <= vma->vm_start || addr >= vma->vm_end))
		return -EINVAL;
	new = vm_area_alloc(mm);
	if (!new)
		return -ENOMEM;
	err = vma_tree_prealloc(&mm->mm_mt, 2);
	if (err) {
		kfree(new);
		return err;
	}
	*new = *vma;
	INIT_LIST_HEAD(&new->vm_list);
	memset(&new->shared, 0, sizeof(new->shared));
	new->linked_to_mapping = false;
	new->vm_start = addr;
	new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	if (new->vm_file)
		get_file(new->vm_file);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);

	/* The reverse map never misses a part while the VMA is split. */
	if (mapping)
		down_write(&mapping->i_mmap_rwsem);
	if (vma->linked_to_mapping)
		interval_tree_remove(&vma->shared, &mapping->i_mmap);
	vma_tree_erase(&mm->mm_mt, vma);
	vma->vm_end = addr;
	WARN_ON(vma_tree_insert(&mm->mm_mt, vma));
	WARN_ON(vma_tree_insert(&mm->mm_mt, new));
	list_add(&new->vm_list, &vma->vm_list);
	mm->map_count++;
	if (vma->linked_to_mapping) {
		vma->shared.last = vma->vm_pgoff + vma_pages(vma) - 1;
		interval_tree_insert(&vma->shared, &mapping->i_mmap);
		new->shared.start = new->vm_pgoff;
		new->shared.last = new->vm_pgoff + vma_pages(new) - 1;
		interval_tree_insert(&new->shared, &mapping->i_mmap);
		new->linked_to_mapping = true;
	}
	if (mapping)
		up_write(&mapping->i_mmap_rwsem);
	return 0;
}

/*
 * Split so that [start, end) is made of whole VMAs (holes allowed);
 * @check: each split must stay within max_map_count (mprotect, madvise).
 */
static int split_edges(struct mm_struct *mm, unsigned long start,
		       unsigned long end, bool check)
{
	struct vm_area_struct *vma = find_vma_intersection(mm, start, end);
	int err;

	if (!vma)
		return 0;
	if (vma->vm_start < start) {
		if (check && mm->map_count >= mm->max_map_count)
			return -ENOMEM;
		err = split_vma(mm, vma, start);
		if (err)
			return err;
	}
	vma = vma_below(mm, end);
	if (vma && vma->vm_end > end) {
		if (check && mm->map_count >= mm->max_map_count)
			return -ENOMEM;
		return split_vma(mm, vma, end);
	}
	return 0;
}

/* Unmap [start, end), page aligned; mmap_lock held for write. */
int __do_munmap(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma, *next;
	struct mmu_notifier_range range;
	int err;

	vma = find_vma_intersection(mm, start, end);
	if (!vma)
		return 0;
	/* Cutting a hole in the middle needs one more VMA. */
	if (vma->vm_start < start && end < vma->vm_end &&
	    mm->map_count >= mm->max_map_count)
		return -ENOMEM;
	err = split_edges(mm, start, end, false);
	if (err)
		return err;
	vma = find_vma(mm, start);

	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	for (next = vma; next && next->vm_start < end;
	     next = vma_next(mm, next))
		unmap_page_range(next, next->vm_start, next->vm_end, NULL);
	mmu_notifier_invalidate_range_end(&range);

	while (vma && vma->vm_start < end) {
		next = vma_next(mm, vma);
		vma_tree_erase(&mm->mm_mt, vma);
		list_del(&vma->vm_list);
		mm->map_count--;
		remove_vma(vma);
		vma = next;
	}
	if (end > mm->free_area_hint)
		mm->free_area_hint = min(end, mm->mmap_base);
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	unsigned long end;
	int ret;

	if (offset_in_page(start) || start > TASK_SIZE ||
	    len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	ret = __do_munmap(mm, start, end);
	mmap_write_unlock(mm);
	return ret;
}

/* Free range search, top down from @high. */
static long unmapped_area_topdown(struct mm_struct *mm, unsigned long len,
				  unsigned long high)
{
	struct vm_area_struct *prev = vma_below(mm, high);
	unsigned long lo;

	for (;;) {
		if (high < MMAP_MIN_ADDR || high - MMAP_MIN_ADDR < len)
			return -ENOMEM;
		lo = prev ? max(prev->vm_end, MMAP_MIN_ADDR) : MMAP_MIN_ADDR;
		if (high >= lo && high - lo >= len)
			return high - len;
		if (!prev)
			return -ENOMEM;
		high = min(high, prev->vm_start);
		prev = vma_prev(mm, prev);
	}
}

static long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
			      unsigned long len, unsigned long flags)
{
	long ret;

	if (len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (offset_in_page(addr))
			return -EINVAL;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
		return addr;
	}
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (addr >= MMAP_MIN_ADDR && addr <= TASK_SIZE - len &&
		    !find_vma_intersection(mm, addr, addr + len))
			return addr;
	}
	ret = unmapped_area_topdown(mm, len, mm->free_area_hint);
	if (ret < 0 && mm->free_area_hint != mm->mmap_base)
		ret = unmapped_area_topdown(mm, len, mm->mmap_base);
	if (ret >= 0)
		mm->free_area_hint = ret;
	return ret;
}

static long mmap_region(struct mm_struct *mm, struct file *file,
			unsigned long addr, unsigned long len,
			vm_flags_t vm_flags, unsigned long pgoff)
{
	unsigned long end = addr + len;
	struct vm_area_struct *vma;
	int err;

	/* MAP_FIXED over existing mappings replaces them. */
	err = __do_munmap(mm, addr, end);
	if (err)
		return err;
	if (mm->map_count >= mm->max_map_count)
		return -ENOMEM;
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	err = vma_tree_prealloc(&mm->mm_mt, 1);
	if (err)
		goto free_vma;
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma->vm_pgoff = pgoff;
	if (file) {
		vma->vm_file = get_file(file);
		vma->vm_ops = &vma_dummy_vm_ops;
		err = file->f_op->mmap(file, vma);
		if (err) {
			unmap_page_range(vma, addr, end, NULL);
			fput(vma->vm_file);
			goto free_vma;
		}
		if (WARN_ON(vma->vm_start != addr || vma->vm_end != end)) {
			vma->vm_start = addr;
			vma->vm_end = end;
		}
	} else if (vm_flags & VM_SHARED) {
		err = shmem_zero_setup(vma);
		if (err)
			goto free_vma;
	}
	WARN_ON(vma_insert(mm, vma));
	vma_link_file(vma);
	return addr;
free_vma:
	kfree(vma);
	return err;
}

static vm_flags_t calc_vm_prot_bits(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

static vm_flags_t calc_vm_flag_bits(unsigned long flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0) |
	       ((flags & MAP_NORESERVE) ? VM_NORESERVE : 0);
}

#define LEGACY_MAP_MASK (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | \
			 MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | \
			 MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | \
			 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
			 MAP_STACK | MAP_HUGETLB)

static int file_mmap_flags(struct file *file, unsigned long prot,
			   unsigned long *flags, vm_flags_t *vm_flags)
{
	switch (*flags & MAP_TYPE) {
	case MAP_SHARED:
		*flags &= LEGACY_MAP_MASK;
		fallthrough;
	case MAP_SHARED_VALIDATE:
		if (*flags & ~(LEGACY_MAP_MASK | MAP_FIXED_NOREPLACE))
			return -EOPNOTSUPP;
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		fallthrough;
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if (!file->f_op->mmap)
			return -ENODEV;
		return 0;
	default:
		return -EINVAL;
	}
}

long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff)
{
	vm_flags_t vm_flags;
	long ret;

	if (!mm)
		return -EINVAL;
	if (!len)
		return -EINVAL;
	if (!(flags & MAP_FIXED) && addr && addr < MMAP_MIN_ADDR)
		addr = MMAP_MIN_ADDR;
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	vm_flags = calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) |
		   VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (file) {
		ret = file_mmap_flags(file, prot, &flags, &vm_flags);
		if (ret)
			return ret;
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
		case MAP_SHARED_VALIDATE:
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			pgoff = 0;
			break;
		case MAP_PRIVATE:
			break;
		default:
			return -EINVAL;
		}
	}

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	if (mm->map_count > mm->max_map_count) {
		ret = -ENOMEM;
		goto out;
	}
	ret = get_unmapped_area(mm, addr, len, flags);
	if (ret < 0)
		goto out;
	addr = ret;
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len)) {
		ret = -EEXIST;
		goto out;
	}
	if (!file && !(vm_flags & VM_SHARED))
		pgoff = addr >> PAGE_SHIFT;
	ret = mmap_region(mm, file, addr, len, vm_flags, pgoff);
out:
	mmap_write_unlock(mm);
	if (ret >= 0 && (flags & (MAP_POPULATE | MAP_LOCKED)) &&
	    !(flags & MAP_NONBLOCK))
		fault_in_range(mm, addr, len, (vm_flags & VM_WRITE) &&
			       !(vm_flags & VM_SHARED));
	return ret;
}

/* mprotect */

static void change_pte_range(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr = vma->vm_start, end = vma->vm_end, a, tend;
	bool access = vma_is_accessible(vma);
	bool write = vma->vm_flags & VM_WRITE;
	bool exec = vma->vm_flags & VM_EXEC;
	struct pte_table *t;

	while (addr < end) {
		addr = pgtable_next_table(mm, addr, end);
		if (addr >= end)
			break;
		tend = min(end, (addr + PMD_SIZE) & PMD_MASK);
		t = pte_table_lookup(mm, addr);
		spin_lock(&t->ptl);
		for (a = addr; a < tend; a += PAGE_SIZE) {
			unsigned int i = pte_index(a);
			pteval_t v = pte_val(t->pte[i]);

			/* Migration entries keep bits too: update them. */
			if (!v)
				continue;
			v = access ? v | _PAGE_USER : v & ~_PAGE_USER;
			if (!write)
				v &= ~_PAGE_RW;	/* added write: faults upgrade */
			v = exec ? v & ~_PAGE_NX : v | _PAGE_NX;
			set_pte(&t->pte[i], __pte(v));
		}
		spin_unlock(&t->ptl);
		addr = tend;
	}
}

int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot)
{
	const unsigned long grows = PROT_GROWSDOWN | PROT_GROWSUP;
	struct vm_area_struct *vma, *v;
	struct mmu_notifier_range range;
	unsigned long end, a;
	vm_flags_t newflags;
	int err = 0;

	if (offset_in_page(start))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | grows))
		return -EINVAL;
	if ((prot & grows) == grows)
		return -EINVAL;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	vma = find_vma(mm, start);
	/* Check the whole range first: a hole is -ENOMEM, no MAY bit -EACCES. */
	for (v = vma, a = start; ; v = vma_next(mm, v)) {
		if (!v || v->vm_start > a) {
			err = -ENOMEM;
			goto out;
		}
		newflags = (v->vm_flags & ~VM_ACCESS_FLAGS) |
			   calc_vm_prot_bits(prot);
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) {
			err = -EACCES;
			goto out;
		}
		if (v->vm_end >= end)
			break;
		a = v->vm_end;
	}
	err = split_edges(mm, start, end, true);
	if (err)
		goto out;
	mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_VMA, 0, mm, start,
				end);
	mmu_notifier_invalidate_range_start(&range);
	for (v = find_vma(mm, start); v && v->vm_start < end;
	     v = vma_next(mm, v)) {
		newflags = (v->vm_flags & ~VM_ACCESS_FLAGS) |
			   calc_vm_prot_bits(prot);
		v->vm_flags = newflags;
		v->vm_page_prot = vma_prot_update(v->vm_page_prot, newflags);
		change_pte_range(v);
	}
	mmu_notifier_invalidate_range_end(&range);
out:
	mmap_write_unlock(mm);
	return err;
}

/* madvise */

static int madvise_dontneed(struct mm_struct *mm, unsigned long start,
			    unsigned long end, int behavior)
{
	vm_flags_t forbidden = VM_LOCKED | VM_HUGETLB | VM_PFNMAP;
	struct vm_area_struct *vma;
	unsigned long a = start;
	int err = 0;

	if (behavior == MADV_DONTNEED_LOCKED)
		forbidden &= ~VM_LOCKED;
	mmap_read_lock(mm);
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(mm, vma)) {
		if (vma->vm_start > a)
			err = -ENOMEM;		/* a hole: go on, report it */
		if (vma->vm_flags & forbidden) {
			err = -EINVAL;
			break;
		}
		zap_vma_range_notify(vma, max(start, vma->vm_start),
				     min(end, vma->vm_end), NULL,
				     MMU_NOTIFY_CLEAR);
		a = vma->vm_end;
	}
	if (!err && a < end)
		err = -ENOMEM;
	mmap_read_unlock(mm);
	return err;
}

/* Set/clear VMA flags over [start, end), splitting at the edges. */
static int madvise_flags(struct mm_struct *mm, unsigned long start,
			 unsigned long end, vm_flags_t set, vm_flags_t clear,
			 vm_flags_t refuse)
{
	struct vm_area_struct *vma;
	unsigned long a = start;
	int err;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(mm, vma)) {
		if (vma->vm_flags & refuse) {
			err = -EINVAL;
			goto out;
		}
	}
	err = split_edges(mm, start, end, true);
	if (err)
		goto out;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(mm, vma)) {
		if (vma->vm_start > a)
			err = -ENOMEM;
		vm_flags_mod(vma, set, clear);
		a = vma->vm_end;
	}
	if (a < end)
		err = -ENOMEM;
out:
	mmap_write_unlock(mm);
	return err;
}

/* Advice that changes nothing we model: only holes are reported. */
static int madvise_hint(struct mm_struct *mm, unsigned long start,
			unsigned long end)
{
	struct vm_area_struct *vma;
	unsigned long a = start;
	int err = 0;

	mmap_read_lock(mm);
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(mm, vma)) {
		if (vma->vm_start > a)
			err = -ENOMEM;
		a = vma->vm_end;
	}
	if (a < end)
		err = -ENOMEM;
	mmap_read_unlock(mm);
	return err;
}

int do_madvise(struct mm_struct *mm, unsigned long start, size_t len_in,
	       int behavior)
{
	size_t len;
	unsigned long end;
	int err;

	switch (behavior) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_DONTNEED_LOCKED:
	case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK: case MADV_COLD:
	case MADV_PAGEOUT: case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
	case MADV_COLLAPSE:
		break;
	default:
		return -EINVAL;
	}
	if (!mm || offset_in_page(start))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;

	switch (behavior) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		return madvise_dontneed(mm, start, end, behavior);
	case MADV_DONTFORK:
		return madvise_flags(mm, start, end, VM_DONTCOPY, 0, 0);
	case MADV_DOFORK:
		return madvise_flags(mm, start, end, 0, VM_DONTCOPY, VM_IO);
	case MADV_DONTDUMP:
		return madvise_flags(mm, start, end, VM_DONTDUMP, 0, 0);
	case MADV_DODUMP:
		return madvise_flags(mm, start, end, 0, VM_DONTDUMP, 0);
	case MADV_WIPEONFORK:
		return madvise_flags(mm, start, end, VM_WIPEONFORK, 0,
				     VM_SHARED | VM_IO | VM_PFNMAP);
	case MADV_KEEPONFORK:
		return madvise_flags(mm, start, end, 0, VM_WIPEONFORK, 0);
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		err = madvise_hint(mm, start, end);
		if (err)
			return err;
		return fault_in_range(mm, start, len,
				      behavior == MADV_POPULATE_WRITE);
	case MADV_REMOVE:
		return -EOPNOTSUPP;	/* hole punching is not built */
	default:
		/* FREE, COLD, PAGEOUT, ...: "may" advice; doing nothing is valid. */
		return madvise_hint(mm, start, end);
	}
}
