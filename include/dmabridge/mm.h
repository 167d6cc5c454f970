/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process address spaces: mm_struct lifetime, the VMA index, faults,
 * PFN insertion, zap and the reverse map, PFN following, CPU accesses of
 * simulated processes and page migration.
 *
 * Lock order: mmap_lock -> driver fault locks (e.g. a dma_resv taken in
 * a fault handler) -> page lock -> fs_reclaim (any allocation that may
 * reclaim) -> address_space.i_mmap_rwsem -> mmu notifier callbacks'
 * locks (a driver's user_lock) -> fence waits -> page-table lock
 * (pte_table.ptl) -> page allocator and sanitizer locks. The backbone of
 * it (mmap_lock -> resv -> fs_reclaim -> i_mmap -> mmu notifier -> fence
 * wait) is recorded in the lock checker at platform creation
 * (mm_resv_lockdep_prime()), so a violation is reported the first time
 * it happens, even if the opposite order never runs. Fault handlers
 * run with mmap_lock held for read and no page-table lock, so they may
 * sleep and take locks. mmu interval notifier callbacks may run with
 * mmap_lock held for write (munmap) or i_mmap_rwsem held (zap) and must
 * never take mmap_lock.
 */
#ifndef DMABRIDGE_MM_H
#define DMABRIDGE_MM_H

#include <dmabridge/mm_types.h>
#include <dmabridge/page.h>
#include <dmabridge/err.h>

struct task_struct;
struct pt_regs;

/* 47-bit user address space, like x86-64 with 4-level paging. */
/**
 * DOC: address space constants
 *
 * TASK_SIZE: a 47-bit user address space, like x86-64 with 4-level
 * paging. DEFAULT_MMAP_BASE: the top of the top-down mmap area.
 * MMAP_MIN_ADDR: vm.mmap_min_addr (MAP_FIXED below it is -EPERM).
 * DEFAULT_MAX_MAP_COUNT: vm.max_map_count.
 */
#define TASK_SIZE ((1UL << 47) - PAGE_SIZE)
#define DEFAULT_MMAP_BASE 0x7ff000000000UL
/* vm.mmap_min_addr: MAP_FIXED below it is -EPERM. */
#define MMAP_MIN_ADDR 65536UL
/* vm.max_map_count */
#define DEFAULT_MAX_MAP_COUNT 65530

#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
#define PAGE_ALIGNED(a) IS_ALIGNED((unsigned long)(a), PAGE_SIZE)

/**
 * mm_alloc() - a new, empty address space
 * @plat: the machine
 *
 * Context: process context; allocates.
 * Return: the mm (mm_users and mm_count 1), or NULL when out of memory.
 */
struct mm_struct *mm_alloc(struct platform *plat);
/**
 * mmget() - take a user reference on an mm
 * @mm: the address space
 *
 * Context: any context.
 */
void mmget(struct mm_struct *mm);
/**
 * mmget_not_zero() - take a user reference unless the mm is being torn down
 * @mm: the address space
 *
 * Context: any context.
 * Return: true if taken.
 */
bool mmget_not_zero(struct mm_struct *mm);
/**
 * mmput() - drop a user reference
 * @mm: the address space
 *
 * The last one tears the address space down (every VMA, page and table).
 *
 * Context: process context; may sleep.
 */
void mmput(struct mm_struct *mm);
/**
 * mmgrab() - keep the struct alive (not the address space)
 * @mm: the address space
 *
 * Context: any context.
 */
void mmgrab(struct mm_struct *mm);
/**
 * mmdrop() - drop an mmgrab() reference; the last frees the struct
 * @mm: the address space
 *
 * Context: any context.
 */
void mmdrop(struct mm_struct *mm);
/**
 * process_create() - a simulated process: task_create() with a new, empty mm
 * @plat: the machine
 * @comm: its name
 *
 * Context: process context; allocates.
 * Return: the task, or ERR_PTR(-ENOMEM).
 */
struct task_struct *process_create(struct platform *plat, const char *comm);
/**
 * mm_set_max_map_count() - vm.max_map_count for one mm
 * @mm: the address space
 * @max: the new limit
 *
 * For benchmarks of huge maps.
 *
 * Context: any context.
 */
void mm_set_max_map_count(struct mm_struct *mm, int max);

/**
 * fs_reclaim_acquire() - enter (as far as the lock checker knows) reclaim
 * @gfp: the allocation's flags; only GFP_KERNEL-class ones may reclaim
 *
 * Linux's fs_reclaim annotation: an allocation that may reclaim may wait
 * for everything reclaim waits for (i_mmap_rwsem, mmu notifiers, fences).
 * Allocators call might_alloc(); code that must act as reclaim does (a
 * shrinker model, the boot-time priming) brackets itself with this pair.
 *
 * Context: any; takes the fs_reclaim pseudo-lock for lockdep only.
 */
void fs_reclaim_acquire(gfp_t gfp);
/**
 * fs_reclaim_release() - leave what fs_reclaim_acquire() entered
 * @gfp: the same flags
 *
 * Context: any context.
 */
void fs_reclaim_release(gfp_t gfp);

/**
 * might_alloc() - an allocation with @gfp may happen here
 * @gfp: the allocation's flags
 *
 * Records "locks held now -> reclaim" for an allocation that may reclaim,
 * and reports one that may sleep under a spinlock (might_sleep()).
 *
 * Context: any context.
 */
static inline void might_alloc(gfp_t gfp)
{
	fs_reclaim_acquire(gfp);
	fs_reclaim_release(gfp);
	/* GFP_KERNEL-class allocations may sleep (gfpflags_allow_blocking). */
	might_sleep_if(gfp & GFP_KERNEL);
}

/**
 * DOC: the mmu notifier pseudo-lock
 *
 * __mmu_notifier_invalidate_range_start_map (Linux: in
 * <linux/mmu_notifier.h>) is held around invalidate callbacks and taken
 * before waiting for them, so the lock checker sees both orders.
 */
extern struct lockdep_map __mmu_notifier_invalidate_range_start_map;

/**
 * mm_resv_lockdep_prime() - teach the lock checker the mm/dma-buf order
 * @plat: the platform being created (owns the scratch mm)
 *
 * Linux's dma_resv_lockdep(): takes, in order and on scratch objects,
 * mmap_lock, a dma_resv lock, fs_reclaim, i_mmap_rwsem, the mmu notifier
 * map and a fence wait, so a later inversion of any pair is reported at
 * once. Does nothing if the caller holds a lock (that would record false
 * orders). Called by platform_create(); call it again after lockdep_reset().
 *
 * Context: process context, no locks held.
 */
void mm_resv_lockdep_prime(struct platform *plat);

/**
 * mmap_read_lock() - take an mm's mmap_lock for reading
 * @mm: the address space
 *
 * Context: process context; may sleep.
 */
static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

/**
 * mmap_read_trylock() - mmap_read_lock() without waiting
 * @mm: the address space
 *
 * Context: any context.
 * Return: 1 if taken, 0 otherwise.
 */
static inline int mmap_read_trylock(struct mm_struct *mm)
{
	return down_read_trylock(&mm->mmap_lock);
}

/**
 * mmap_read_lock_killable() - mmap_read_lock() unless SIGKILL arrives
 * @mm: the address space
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINTR.
 */
static inline int mmap_read_lock_killable(struct mm_struct *mm)
{
	return down_read_killable(&mm->mmap_lock);
}

/**
 * mmap_read_unlock() - release a read hold
 * @mm: the address space
 *
 * Context: a reader.
 */
static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

/**
 * mmap_write_lock() - take an mm's mmap_lock for writing
 * @mm: the address space
 *
 * Context: process context; may sleep.
 */
static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
}

/**
 * mmap_write_lock_killable() - mmap_write_lock() unless SIGKILL arrives
 * @mm: the address space
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINTR.
 */
static inline int mmap_write_lock_killable(struct mm_struct *mm)
{
	return down_write_killable(&mm->mmap_lock);
}

/**
 * mmap_write_unlock() - release the write hold
 * @mm: the address space
 *
 * Context: the writer.
 */
static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(&mm->mmap_lock);
}

/**
 * mmap_assert_locked() - lockdep: mmap_lock must be held
 * @mm: the address space
 *
 * Context: any context.
 */
static inline void mmap_assert_locked(struct mm_struct *mm)
{
	lockdep_assert_held(&mm->mmap_lock);
}

/* VMA index (mmap_lock held, read or write). */
/**
 * find_vma() - the first VMA ending above an address
 * @mm: the address space
 * @addr: the address
 *
 * Context: mmap_lock held (read or write).
 * Return: the first VMA with vm_end > @addr, or NULL.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/**
 * vma_lookup() - the VMA containing an address
 * @mm: the address space
 * @addr: the address
 *
 * Context: mmap_lock held.
 * Return: the VMA, or NULL.
 */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
/**
 * find_vma_intersection() - the first VMA intersecting a range
 * @mm: the address space
 * @start: first address
 * @end: end address (exclusive)
 *
 * Context: mmap_lock held.
 * Return: the VMA, or NULL.
 */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end);
/**
 * find_vma_prev() - find_vma() and the VMA before the result
 * @mm: the address space
 * @addr: the address
 * @pprev: receives the previous VMA (or NULL)
 *
 * Context: mmap_lock held.
 * Return: as find_vma().
 */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/**
 * vma_next() - the VMA after another
 * @mm: the address space
 * @vma: a VMA of @mm
 *
 * Context: mmap_lock held.
 * Return: the next VMA, or NULL.
 */
struct vm_area_struct *vma_next(struct mm_struct *mm,
				struct vm_area_struct *vma);
/**
 * vma_prev() - the VMA before another
 * @mm: the address space
 * @vma: a VMA of @mm
 *
 * Context: mmap_lock held.
 * Return: the previous VMA, or NULL.
 */
struct vm_area_struct *vma_prev(struct mm_struct *mm,
				struct vm_area_struct *vma);
/**
 * for_each_vma - every VMA of an mm, in address order
 * @mm: the address space (mmap_lock held)
 * @vma: the cursor
 */
#define for_each_vma(mm, vma) \
	list_for_each_entry(vma, &(mm)->mmap_list, vm_list)

/**
 * vma_pages() - a VMA's size in pages
 * @vma: the VMA
 *
 * Context: any context.
 * Return: the page count.
 */
static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/**
 * vma_is_anonymous() - is a VMA anonymous memory?
 * @vma: the VMA
 *
 * Context: any context.
 * Return: true if it has no vm_ops.
 */
static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_ops;
}

/**
 * range_in_vma() - is a non-empty range inside a VMA?
 * @vma: the VMA, or NULL
 * @start: first address
 * @end: end address (exclusive)
 *
 * Context: any context.
 * Return: true if it is.
 */
static inline bool range_in_vma(const struct vm_area_struct *vma,
				unsigned long start, unsigned long end)
{
	return vma && vma->vm_start <= start && end <= vma->vm_end &&
	       start < end;
}

/**
 * vm_flags_init() - set a new VMA's flags (Linux 6.3+ helpers)
 * @vma: the VMA
 * @f: VM_*
 *
 * Context: mmap_lock held for write (or the VMA not yet visible).
 */
static inline void vm_flags_init(struct vm_area_struct *vma, vm_flags_t f)
{
	vma->vm_flags = f;
}

/**
 * vm_flags_set() - add flags to a VMA
 * @vma: the VMA
 * @f: VM_*
 *
 * Context: mmap_lock held for write.
 */
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t f)
{
	vma->vm_flags |= f;
}

/**
 * vm_flags_clear() - remove flags from a VMA
 * @vma: the VMA
 * @f: VM_*
 *
 * Context: mmap_lock held for write.
 */
static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t f)
{
	vma->vm_flags &= ~f;
}

/**
 * vm_flags_mod() - add and remove flags
 * @vma: the VMA
 * @set: VM_* to add
 * @clear: VM_* to remove
 *
 * Context: mmap_lock held for write.
 */
static inline void vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set,
				vm_flags_t clear)
{
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
}

/**
 * vm_get_page_prot() - the PTE protection for a set of vm_flags
 * @vm_flags: VM_*
 *
 * Write-back caching.
 *
 * Context: any context.
 * Return: the protection.
 */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);

/**
 * do_mmap() - the address-space side of mmap(2)
 * @mm: the address space
 * @file: the file, or NULL for anonymous memory
 * @addr: hint or fixed address
 * @len: bytes
 * @prot: PROT_*
 * @flags: MAP_*
 * @pgoff: offset in the file, in pages
 *
 * Callable by kernel code too. Takes mmap_lock itself.
 *
 * Context: process context; may sleep.
 * Return: the address, or a negative errno as sys_mmap().
 */
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff);
/**
 * do_munmap() - the address-space side of munmap(2)
 * @mm: the address space
 * @start: page aligned
 * @len: bytes
 *
 * Context: process context; takes mmap_lock (killable); may sleep.
 * Return: 0, -EINVAL, -EINTR.
 */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
/**
 * do_mprotect() - the address-space side of mprotect(2)
 * @mm: the address space
 * @start: page aligned
 * @len: bytes
 * @prot: PROT_*
 *
 * Context: process context; takes mmap_lock; may sleep.
 * Return: 0, -EINVAL, -ENOMEM, -EACCES, -EINTR.
 */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot);
/**
 * do_madvise() - the address-space side of madvise(2)
 * @mm: the address space
 * @start: page aligned
 * @len: bytes
 * @behavior: MADV_*
 *
 * Context: process context; takes mmap_lock; may sleep.
 * Return: as sys_madvise().
 */
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len,
	       int behavior);

/**
 * address_space_init() - initialise a reverse map
 * @mapping: the address space of a file or buffer
 * @host: its owner
 *
 * Context: any context.
 */
void address_space_init(struct address_space *mapping, void *host);
/**
 * address_space_destroy() - destroy a reverse map nobody maps any more
 * @mapping: the address space
 *
 * Context: process context.
 */
void address_space_destroy(struct address_space *mapping);
/**
 * mapping_mapped() - does any VMA map the file?
 * @mapping: the address space
 *
 * Context: any context.
 * Return: true if some VMA does.
 */
bool mapping_mapped(struct address_space *mapping);

/**
 * handle_mm_fault() - resolve a fault
 * @vma: the VMA
 * @address: the faulting address
 * @flags: FAULT_FLAG_*
 * @regs: unused (NULL)
 *
 * Context: mmap_lock held for read; no page-table lock; may sleep.
 * Return: 0 or VM_FAULT_* bits (VM_FAULT_ERROR ones mean SIGSEGV/SIGBUS).
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);
/**
 * fault_in_range() - fault a range in, as a CPU would
 * @mm: the address space
 * @addr: first address
 * @len: bytes
 * @write: for writing
 *
 * Context: process context; takes mmap_lock; may sleep.
 * Return: 0, -EINVAL, -EFAULT (no VMA, or SIGSEGV/SIGBUS), -ENOMEM.
 */
int fault_in_range(struct mm_struct *mm, unsigned long addr, size_t len,
		   bool write);

/**
 * vmf_insert_pfn() - insert a PFN into a VM_PFNMAP/VM_MIXEDMAP VMA
 * @vma: the VMA
 * @addr: the address
 * @pfn: the frame
 *
 * For fault and mmap handlers of drivers. The PTE records the sanitizer
 * claim the PFN has now.
 *
 * Context: mmap_lock held; takes the page-table lock.
 * Return: VM_FAULT_NOPAGE (inserted, or already there), VM_FAULT_OOM,
 * VM_FAULT_SIGBUS.
 */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long pfn);
/**
 * vmf_insert_pfn_prot() - vmf_insert_pfn() with a protection
 * @vma: the VMA
 * @addr: the address
 * @pfn: the frame
 * @pgprot: the protection (caching, encryption)
 *
 * Context: mmap_lock held; takes the page-table lock.
 * Return: as vmf_insert_pfn().
 */
vm_fault_t vmf_insert_pfn_prot(struct vm_area_struct *vma, unsigned long addr,
			       unsigned long pfn, pgprot_t pgprot);
/**
 * vmf_insert_mixed() - insert a PFN into a VM_MIXEDMAP VMA
 * @vma: the VMA
 * @addr: the address
 * @pfn: the frame (a page reference is taken if it has a struct page)
 *
 * Context: mmap_lock held; takes the page-table lock.
 * Return: as vmf_insert_pfn().
 */
vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn);
/**
 * vmf_insert_page() - insert a page from a fault handler
 * @vma: the VMA
 * @addr: the address
 * @page: the page (a reference is taken)
 *
 * Context: mmap_lock held; takes the page-table lock.
 * Return: VM_FAULT_NOPAGE, VM_FAULT_OOM, VM_FAULT_SIGBUS.
 */
vm_fault_t vmf_insert_page(struct vm_area_struct *vma, unsigned long addr,
			   struct page *page);
/**
 * vm_insert_page() - insert a page from an mmap handler
 * @vma: the VMA (not VM_PFNMAP)
 * @addr: the address
 * @page: the page (a reference is taken)
 *
 * Context: mmap_lock held; takes the page-table lock.
 * Return: 0, -EFAULT (outside the VMA), -EINVAL (a PFN-mapped VMA or a
 * page that cannot be mapped), -EBUSY (something is mapped there),
 * -ENOMEM.
 */
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
		   struct page *page);
/**
 * remap_pfn_range() - map a PFN range at once
 * @vma: the VMA
 * @addr: first address
 * @pfn: first frame
 * @size: bytes
 * @prot: the protection
 *
 * Sets VM_IO | VM_PFNMAP | VM_DONTEXPAND.
 *
 * Context: mmap_lock held (an mmap handler); takes page-table locks.
 * Return: 0, -EINVAL (outside the VMA, or misaligned), -EBUSY (something
 * is mapped there), -ENOMEM.
 */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		    unsigned long pfn, unsigned long size, pgprot_t prot);
/**
 * io_remap_pfn_range() - remap_pfn_range() for device memory
 * @vma: the VMA
 * @addr: first address
 * @pfn: first frame
 * @size: bytes
 * @prot: the protection
 *
 * Context: as remap_pfn_range().
 * Return: as remap_pfn_range().
 */
int io_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		       unsigned long pfn, unsigned long size, pgprot_t prot);

/**
 * zap_vma_ptes() - remove the CPU mappings of part of a VM_PFNMAP VMA
 * @vma: the VMA
 * @address: first address
 * @size: bytes
 *
 * The next access faults again.
 *
 * Context: mmap_lock held; takes page-table locks.
 */
void zap_vma_ptes(struct vm_area_struct *vma, unsigned long address,
		  unsigned long size);
/**
 * zap_page_range_single() - remove the CPU mappings of part of any VMA
 * @vma: the VMA
 * @address: first address
 * @size: bytes
 *
 * Context: mmap_lock held; takes page-table locks.
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size);
/**
 * unmap_mapping_range() - remove every CPU mapping of part of a file
 * @mapping: the file's address space
 * @holebegin: first byte
 * @holelen: bytes; 0 to the end
 * @even_cows: also drop private COW copies
 *
 * In every process. Takes i_mmap_rwsem, never mmap_lock, so a driver may
 * call it holding its own locks.
 *
 * Context: process context; may sleep.
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows);
/**
 * unmap_mapping_pages() - unmap_mapping_range() in pages
 * @mapping: the file's address space
 * @start: first page
 * @nr: pages; 0 to the end
 * @even_cows: also drop private COW copies
 *
 * Context: process context; may sleep.
 */
void unmap_mapping_pages(struct address_space *mapping, pgoff_t start,
			 pgoff_t nr, bool even_cows);

/**
 * struct follow_pfnmap_args - follow_pfnmap_start()'s arguments and results
 * @vma: in: a VM_IO / VM_PFNMAP VMA
 * @address: in: the address
 * @lock: out: the page-table lock held
 * @ptep: out: the PTE
 * @pfn: out: the frame
 * @addr_mask: out: the mask of the mapping's size
 * @pgprot: out: the protection
 * @writable: out: the PTE is writable
 * @special: out: a special (PFN) mapping
 */
struct follow_pfnmap_args {
	struct vm_area_struct *vma;	/* in */
	unsigned long address;		/* in */
	/* out */
	spinlock_t *lock;
	pte_t *ptep;
	unsigned long pfn;
	unsigned long addr_mask;
	pgprot_t pgprot;
	bool writable;
	bool special;
};

/**
 * follow_pfnmap_start() - look up the PFN mapped at an address
 * @args: in: vma and address; out: the rest
 *
 * The PFN is valid until follow_pfnmap_end(), or longer only under an mmu
 * interval notifier.
 *
 * Context: mmap_lock held; on success returns with the page-table lock
 * held.
 * Return: 0, or -EINVAL (not a PFN-mapped VMA, or nothing mapped there).
 */
int follow_pfnmap_start(struct follow_pfnmap_args *args);
/**
 * follow_pfnmap_end() - drop the page-table lock follow_pfnmap_start() took
 * @args: as filled
 *
 * Context: after a successful follow_pfnmap_start().
 */
void follow_pfnmap_end(struct follow_pfnmap_args *args);
/**
 * follow_pfn() - the legacy PFN lookup, with no guard at all
 * @vma: the VMA
 * @address: the address
 * @pfn: receives the frame
 *
 * Removed in Linux 6.10; exists to reproduce the old bug.
 *
 * Context: mmap_lock held.
 * Return: 0, or -EINVAL unless the platform's unsafe switch is on (or
 * nothing is mapped).
 */
int follow_pfn(struct vm_area_struct *vma, unsigned long address,
	       unsigned long *pfn);
/**
 * platform_set_unsafe_follow_pfn() - allow or forbid follow_pfn()
 * @plat: the platform
 * @on: allow it (taints the platform)
 *
 * Context: any context.
 */
void platform_set_unsafe_follow_pfn(struct platform *plat, bool on);

/**
 * cpu_read() - a CPU load of current's process
 * @addr: user address
 * @buf: receives the bytes
 * @len: bytes
 *
 * The page tables are walked like hardware; a miss or a protection
 * violation faults; after a successful fault the access retries. Every
 * byte is checked by the DMA sanitizer against the claim the PTE expects.
 *
 * Context: process context, with a current task and mm; may sleep.
 * Return: 0, -EFAULT (the SIGSEGV/SIGBUS analogue), -ENOMEM, -EINTR (a
 * fatal signal).
 */
int cpu_read(unsigned long addr, void *buf, size_t len);
/**
 * cpu_write() - a CPU store of current's process
 * @addr: user address
 * @buf: the bytes
 * @len: bytes
 *
 * Context: as cpu_read().
 * Return: as cpu_read().
 */
int cpu_write(unsigned long addr, const void *buf, size_t len);
/**
 * cpu_access_mm() - cpu_read()/cpu_write() on a given mm
 * @mm: the address space
 * @addr: user address
 * @buf: the bytes
 * @len: bytes
 * @write: a store
 *
 * Context: process context; may sleep.
 * Return: as cpu_read().
 */
int cpu_access_mm(struct mm_struct *mm, unsigned long addr, void *buf,
		  size_t len, bool write);
/**
 * cpu_copy_from_user() - copy from simulated user memory
 * @to: kernel buffer
 * @from: user address of current
 * @n: bytes
 *
 * Context: process context, with a current task and mm; may sleep.
 * Return: the number of bytes NOT copied (Linux's convention).
 */
unsigned long cpu_copy_from_user(void *to, unsigned long from,
				 unsigned long n);
/**
 * cpu_copy_to_user() - copy to simulated user memory
 * @to: user address of current
 * @from: kernel buffer
 * @n: bytes
 *
 * Context: as cpu_copy_from_user().
 * Return: the number of bytes NOT copied.
 */
unsigned long cpu_copy_to_user(unsigned long to, const void *from,
			       unsigned long n);

/**
 * migrate_page() - move a page's contents to a new page
 * @page: the page; the caller holds a reference
 * @zone: the zone of the new page
 * @newpage: receives the new page (optional)
 *
 * Updates every mapping through the reverse map (firing
 * MMU_NOTIFY_MIGRATE), gives the old page a new sanitizer claim
 * (SAN_EV_MIGRATE) and frees it.
 *
 * Context: process context; for an anonymous page the caller holds its
 * mm's mmap_lock; may sleep.
 * Return: 0, -EBUSY (pinned, or references it cannot account for),
 * -EINVAL, -ENOMEM.
 */
int migrate_page(struct page *page, enum zone_type zone,
		 struct page **newpage);

#endif
