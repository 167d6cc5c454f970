// SPDX-License-Identifier: GPL-2.0
/*
 * Faults, PFN and page insertion, zap, and PFN following. Fault handlers
 * run under mmap_lock (read) without the page-table lock, so they may
 * sleep and take their own locks; every PTE change is made under the
 * page-table lock, which CPU accesses also hold while they touch memory
 * (the "TLB": once a PTE is cleared and the lock dropped, no access
 * through the old PTE is in flight).
 */
#include <string.h>
#include <dmabridge/fs.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>
#include "internal.h"

static inline struct platform *vma_platform(struct vm_area_struct *vma)
{
	return vma->vm_mm->platform;
}

bool vma_is_accessible(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_ACCESS_FLAGS;
}

struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr,
			    pte_t pte)
{
	if (pte_special(pte))
		return NULL;
	return platform_pfn_to_page(vma_platform(vma), pte_pfn(pte));
}

struct page *alloc_user_page(struct platform *plat, bool zero)
{
	struct page *page = platform_alloc_pages(plat, GFP_HIGHUSER_MOVABLE |
						 (zero ? __GFP_ZERO : 0), 0);

	/*
	 * prep_new_page() hands it out with no flags and no mapping, private
	 * or index: nothing to clear (three locked instructions per fault).
	 */
	return page;
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr)
{
	page->mapping = NULL;
	page->private = vma->vm_mm;
	page->index = addr >> PAGE_SHIFT;
	set_bit(PG_anon, &page->flags);
}

void set_pte_page(struct vm_area_struct *vma, struct pte_table *t,
		  unsigned long addr, struct page *page, pte_t pte)
{
	unsigned int i = pte_index(addr);

	set_pte(&t->pte[i], pte);
	pte_set_owner(t, i,
		      san_owner(vma_platform(vma), page_to_phys(page)));
	atomic_inc(&page->_mapcount);
	if (PageFlag(page, PG_anon))
		atomic_long_inc(&vma->vm_mm->rss_anon);
}

void migration_entry_wait(struct mm_struct *mm, struct pte_table *t,
			  unsigned long addr)
{
	/*
	 * No reference is taken while waiting: the migration checks the
	 * count, and a waiter holding one would make it fail. The access
	 * simply retries until the entry is replaced (or restored).
	 */
	spin_unlock(&t->ptl);
	cond_resched();
}

static pte_t mk_user_pte(struct vm_area_struct *vma, struct page *page,
			 bool writable, bool dirty)
{
	pte_t pte = pte_mkyoung(pfn_pte(page_to_pfn(page), vma->vm_page_prot));

	if (writable)
		pte = pte_mkwrite(pte);
	if (dirty)
		pte = pte_mkdirty(pte);
	return pte;
}

static vm_fault_t do_anonymous_page(struct vm_fault *vmf, struct pte_table *t)
{
	struct vm_area_struct *vma = vmf->vma;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	struct page *page;
	unsigned int i = pte_index(vmf->address);

	if (vma->vm_flags & VM_SHARED)
		return VM_FAULT_SIGBUS;
	page = alloc_user_page(vma_platform(vma), true);
	if (!page)
		return VM_FAULT_OOM;
	page_add_anon_rmap(page, vma, vmf->address);
	spin_lock(&t->ptl);
	if (!pte_none(t->pte[i])) {
		spin_unlock(&t->ptl);
		put_page(page);		/* raced with another fault */
		return 0;
	}
	set_pte_page(vma, t, vmf->address, page,
		     mk_user_pte(vma, page, vma->vm_flags & VM_WRITE, write));
	spin_unlock(&t->ptl);
	return 0;
}

/*
 * Copy @src (referenced by the caller) into a new anonymous page and map
 * it where @orig was, if nothing changed meanwhile.
 */
static vm_fault_t do_cow_page(struct vm_fault *vmf, struct pte_table *t,
			      struct page *src, pte_t orig)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mmu_notifier_range range;
	unsigned int i = pte_index(vmf->address);
	struct page *new;
	bool replaced = false;

	new = alloc_user_page(vma_platform(vma), false);
	if (!new) {
		put_page(src);
		return VM_FAULT_OOM;
	}
	hw_wire_copy(page_address(new), page_address(src), PAGE_SIZE);
	page_add_anon_rmap(new, vma, vmf->address);

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma->vm_mm,
				vmf->address, vmf->address + PAGE_SIZE);
	if (!pte_none(orig))
		mmu_notifier_invalidate_range_start(&range);
	spin_lock(&t->ptl);
	if (pte_val(t->pte[i]) == pte_val(orig)) {
		if (!pte_none(orig))
			atomic_dec(&src->_mapcount);
		set_pte_page(vma, t, vmf->address, new,
			     mk_user_pte(vma, new, vma->vm_flags & VM_WRITE,
					 true));
		replaced = true;
	}
	spin_unlock(&t->ptl);
	if (!pte_none(orig))
		mmu_notifier_invalidate_range_end(&range);
	if (replaced && !pte_none(orig))
		put_page(src);		/* the old PTE's reference */
	if (!replaced)
		put_page(new);
	put_page(src);
	return 0;
}

/* A write to a present, read-only PTE (ptl held; dropped here). */
static vm_fault_t do_wp_page(struct vm_fault *vmf, struct pte_table *t,
			     pte_t pte)
{
	struct vm_area_struct *vma = vmf->vma;
	bool writable = vma->vm_flags & VM_WRITE;
	unsigned int i = pte_index(vmf->address);
	struct page *page;
	vm_fault_t ret;

	if (pte_special(pte)) {
		if (!writable || !(vma->vm_flags & VM_SHARED)) {
			spin_unlock(&t->ptl);
			return VM_FAULT_SIGSEGV;
		}
		if (vma->vm_ops && vma->vm_ops->pfn_mkwrite) {
			spin_unlock(&t->ptl);
			ret = vma->vm_ops->pfn_mkwrite(vmf);
			if (ret & VM_FAULT_ERROR)
				return ret;
			spin_lock(&t->ptl);
			if (pte_val(t->pte[i]) != pte_val(pte)) {
				spin_unlock(&t->ptl);
				return 0;
			}
		}
		set_pte(&t->pte[i],
			pte_mkdirty(pte_mkwrite(pte_mkyoung(pte))));
		spin_unlock(&t->ptl);
		return 0;
	}
	page = vm_normal_page(vma, vmf->address, pte);
	if (PageFlag(page, PG_anon)) {
		/* Exclusive (there is no fork): write in place. */
		if (writable)
			set_pte(&t->pte[i],
				pte_mkdirty(pte_mkwrite(pte_mkyoung(pte))));
		spin_unlock(&t->ptl);
		return 0;
	}
	if (vma->vm_flags & VM_SHARED) {
		if (!writable) {
			spin_unlock(&t->ptl);
			return VM_FAULT_SIGSEGV;
		}
		set_pte(&t->pte[i],
			pte_mkdirty(pte_mkwrite(pte_mkyoung(pte))));
		set_bit(PG_dirty, &page->flags);
		spin_unlock(&t->ptl);
		return 0;
	}
	/* A file page in a private mapping: copy on write. */
	get_page(page);
	spin_unlock(&t->ptl);
	return do_cow_page(vmf, t, page, pte);
}

static vm_fault_t do_present_fault(struct vm_fault *vmf, struct pte_table *t,
				   pte_t pte)
{
	unsigned int i = pte_index(vmf->address);

	/* Access restored by mprotect after the PTE was made PROT_NONE. */
	if (!pte_user(pte) && vma_is_accessible(vmf->vma)) {
		pte = __pte(pte_val(pte) | _PAGE_USER);
		set_pte(&t->pte[i], pte);
	}
	if (!(vmf->flags & FAULT_FLAG_WRITE) || pte_write(pte)) {
		set_pte(&t->pte[i], pte_mkyoung(pte));
		spin_unlock(&t->ptl);
		return 0;
	}
	return do_wp_page(vmf, t, pte);
}

/* A page cache page that was truncated or migrated after lookup. */
static bool page_went_away(struct page *page, struct vm_area_struct *vma)
{
	return PageFlag(page, PG_swapbacked) &&
	       page->mapping != vma_mapping(vma);
}

static vm_fault_t do_fault(struct vm_fault *vmf, struct pte_table *t)
{
	struct vm_area_struct *vma = vmf->vma;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	unsigned int i = pte_index(vmf->address);
	struct page *page;
	vm_fault_t ret;
	bool mapped = false;

	if (!vma->vm_ops->fault)
		return VM_FAULT_SIGBUS;
	ret = vma->vm_ops->fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY))
		return ret;
	page = vmf->page;
	if (WARN_ON(!page))
		return VM_FAULT_SIGBUS;
	if (!(ret & VM_FAULT_LOCKED))
		lock_page(page);
	if (page_went_away(page, vma)) {
		unlock_page(page);
		put_page(page);
		return VM_FAULT_NOPAGE;		/* the access retries */
	}
	if (write && !(vma->vm_flags & VM_SHARED)) {
		unlock_page(page);
		return do_cow_page(vmf, t, page, __pte(0));
	}
	spin_lock(&t->ptl);
	if (pte_none(t->pte[i])) {
		set_pte_page(vma, t, vmf->address, page,
			     mk_user_pte(vma, page, false, write));
		if (write) {
			set_pte(&t->pte[i], pte_mkwrite(t->pte[i]));
			set_bit(PG_dirty, &page->flags);
		}
		mapped = true;
	}
	spin_unlock(&t->ptl);
	unlock_page(page);
	if (!mapped)
		put_page(page);
	return ret & ~VM_FAULT_LOCKED;
}

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.real_address = address,
		.flags = flags,
	};
	struct pte_table *t;
	pte_t pte;

	if (address < vma->vm_start || address >= vma->vm_end)
		return VM_FAULT_SIGSEGV;
	vmf.pgoff = vma->vm_pgoff + ((vmf.address - vma->vm_start) >>
				     PAGE_SHIFT);
	t = pte_table_alloc(mm, vmf.address);
	if (!t)
		return VM_FAULT_OOM;
	/*
	 * As Linux's handle_pte_fault(): an empty PTE is seen without the
	 * lock, and the handlers that fill it recheck it under the lock
	 * (a racing fault that filled it first wins). One ptl round per
	 * fault of a missing page, not two.
	 */
	pte = ptep_get_lockless(&t->pte[pte_index(vmf.address)]);
	if (pte_none(pte))
		goto missing;
	spin_lock(&t->ptl);
	pte = t->pte[pte_index(vmf.address)];
	if (pte_is_migration(pte)) {
		migration_entry_wait(mm, t, vmf.address);
		return 0;
	}
	if (pte_present(pte))
		return do_present_fault(&vmf, t, pte);
	spin_unlock(&t->ptl);
missing:
	if (vma_is_anonymous(vma))
		return do_anonymous_page(&vmf, t);
	return do_fault(&vmf, t);
}

/* PFN insertion */

static vm_fault_t insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			     unsigned long pfn, pgprot_t prot)
{
	struct pte_table *t = pte_table_alloc(vma->vm_mm, addr);
	unsigned int i = pte_index(addr);

	if (!t)
		return VM_FAULT_OOM;
	spin_lock(&t->ptl);
	if (pte_none(t->pte[i])) {
		set_pte(&t->pte[i],
			pte_mkspecial(pte_mkyoung(pfn_pte(pfn, prot))));
		pte_set_owner(t, i,
			      san_learned(vma_platform(vma), PFN_PHYS(pfn)));
	} else {
		/*
		 * A racing fault maps the same PFN. Another one means the
		 * driver moved the memory without zapping this mapping: the
		 * old PTE stays (and is stale). A COW page is not special.
		 */
		WARN(pte_present(t->pte[i]) && pte_special(t->pte[i]) &&
		     pte_pfn(t->pte[i]) != pfn,
		     "insert_pfn at 0x%lx: present PTE maps pfn %#lx, not %#lx",
		     addr, pte_pfn(t->pte[i]), pfn);
	}
	spin_unlock(&t->ptl);
	return VM_FAULT_NOPAGE;
}

vm_fault_t vmf_insert_pfn_prot(struct vm_area_struct *vma, unsigned long addr,
			       unsigned long pfn, pgprot_t pgprot)
{
	if (WARN_ON_ONCE(!(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))))
		return VM_FAULT_SIGBUS;
	if (addr < vma->vm_start || addr >= vma->vm_end)
		return VM_FAULT_SIGBUS;
	return insert_pfn(vma, addr & PAGE_MASK, pfn, pgprot);
}

vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long pfn)
{
	return vmf_insert_pfn_prot(vma, addr, pfn, vma->vm_page_prot);
}

vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn)
{
	if (WARN_ON_ONCE(!(vma->vm_flags & VM_MIXEDMAP)))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn_prot(vma, addr, pfn, vma->vm_page_prot);
}

int vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
		   struct page *page)
{
	struct pte_table *t;
	unsigned int i = pte_index(addr);

	if (addr < vma->vm_start || addr >= vma->vm_end)
		return -EFAULT;
	if (!page || page_ref_count(page) <= 0 || PageFlag(page, PG_anon))
		return -EINVAL;
	if (!(vma->vm_flags & VM_MIXEDMAP)) {
		if (WARN_ON_ONCE(vma->vm_flags & VM_PFNMAP))
			return -EINVAL;
		vm_flags_set(vma, VM_MIXEDMAP);
	}
	addr &= PAGE_MASK;
	t = pte_table_alloc(vma->vm_mm, addr);
	if (!t)
		return -ENOMEM;
	get_page(page);
	spin_lock(&t->ptl);
	if (!pte_none(t->pte[i])) {
		spin_unlock(&t->ptl);
		put_page(page);
		return -EBUSY;
	}
	set_pte_page(vma, t, addr, page, mk_user_pte(vma, page, false, false));
	spin_unlock(&t->ptl);
	return 0;
}

vm_fault_t vmf_insert_page(struct vm_area_struct *vma, unsigned long addr,
			   struct page *page)
{
	int err = vm_insert_page(vma, addr, page);

	if (err == -ENOMEM)
		return VM_FAULT_OOM;
	if (err < 0 && err != -EBUSY)
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		    unsigned long pfn, unsigned long size, pgprot_t prot)
{
	struct platform *plat = vma_platform(vma);
	unsigned long end, a = addr, tend;
	struct pte_table *t;
	int err = 0;

	if (WARN_ON_ONCE(!PAGE_ALIGNED(addr)))
		return -EINVAL;
	size = PAGE_ALIGN(size);
	if (!size || __builtin_add_overflow(addr, size, &end))
		return -EINVAL;
	if (addr < vma->vm_start || end > vma->vm_end)
		return -EINVAL;
	if (is_cow_mapping(vma->vm_flags)) {
		if (addr != vma->vm_start || end != vma->vm_end)
			return -EINVAL;
		vma->vm_pgoff = pfn;
	}
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	while (a < end) {
		t = pte_table_alloc(vma->vm_mm, a);
		if (!t) {
			err = -ENOMEM;
			goto undo;
		}
		tend = min(end, (a + PMD_SIZE) & PMD_MASK);
		spin_lock(&t->ptl);
		for (; a < tend; a += PAGE_SIZE, pfn++) {
			unsigned int i = pte_index(a);

			if (WARN_ON_ONCE(!pte_none(t->pte[i]))) {
				spin_unlock(&t->ptl);
				err = -EBUSY;
				goto undo;
			}
			set_pte(&t->pte[i], pte_mkspecial(pfn_pte(pfn, prot)));
			pte_set_owner(t, i, san_learned(plat, PFN_PHYS(pfn)));
		}
		spin_unlock(&t->ptl);
	}
	return 0;
undo:
	unmap_page_range(vma, addr, a, NULL);
	return err;
}

int io_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		       unsigned long pfn, unsigned long size, pgprot_t prot)
{
	return remap_pfn_range(vma, addr, pfn, size, pgprot_decrypted(prot));
}

/* Zap */

void unmap_page_range(struct vm_area_struct *vma, unsigned long start,
		      unsigned long end, const struct zap_details *details)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *batch[PTRS_PER_PTE];
	unsigned long addr = start, a, tend;
	struct pte_table *t;
	int nb, k;

	while (addr < end) {
		addr = pgtable_next_table(mm, addr, end);
		if (addr >= end)
			break;
		tend = min(end, (addr + PMD_SIZE) & PMD_MASK);
		if (tend <= addr)
			tend = end;
		t = pte_table_lookup(mm, addr);
		if (!t) {
			addr = tend;
			continue;
		}
		nb = 0;
		spin_lock(&t->ptl);
		for (a = addr; a < tend; a += PAGE_SIZE) {
			unsigned int i = pte_index(a);
			pte_t pte = t->pte[i];
			struct page *page;

			if (pte_none(pte))
				continue;
			if (pte_special(pte) && !pte_is_migration(pte)) {
				set_pte(&t->pte[i], __pte(0));
				pte_set_owner(t, i, SAN_OWNER_NONE);
				continue;
			}
			page = platform_pfn_to_page(mm->platform, pte_pfn(pte));
			if (details && !details->even_cows &&
			    PageFlag(page, PG_anon))
				continue;	/* keep private COW copies */
			set_pte(&t->pte[i], __pte(0));
			pte_set_owner(t, i, SAN_OWNER_NONE);
			if (!pte_is_migration(pte)) {
				if (pte_dirty(pte) && !PageFlag(page, PG_anon))
					set_bit(PG_dirty, &page->flags);
				atomic_dec(&page->_mapcount);
				if (PageFlag(page, PG_anon))
					atomic_long_dec(&mm->rss_anon);
			}
			batch[nb++] = page;
		}
		spin_unlock(&t->ptl);
		/* The "TLB" is flushed: nothing uses these pages any more. */
		for (k = 0; k < nb; k++)
			put_page(batch[k]);
		addr = tend;
	}
}

void zap_vma_range_notify(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, const struct zap_details *details,
			  enum mmu_notifier_event event)
{
	struct mmu_notifier_range range;

	start = max(start, vma->vm_start);
	end = min(end, vma->vm_end);
	if (start >= end)
		return;
	mmu_notifier_range_init(&range, event, 0, vma->vm_mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	unmap_page_range(vma, start, end, details);
	mmu_notifier_invalidate_range_end(&range);
}

void zap_vma_ptes(struct vm_area_struct *vma, unsigned long address,
		  unsigned long size)
{
	if (!range_in_vma(vma, address, address + size) ||
	    !(vma->vm_flags & VM_PFNMAP))
		return;
	zap_vma_range_notify(vma, address, address + size, NULL,
			     MMU_NOTIFY_CLEAR);
}

void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size)
{
	zap_vma_range_notify(vma, address, address + size, NULL,
			     MMU_NOTIFY_CLEAR);
}

/* PFN following */

int follow_pfnmap_start(struct follow_pfnmap_args *args)
{
	struct vm_area_struct *vma = args->vma;
	unsigned long addr = args->address;
	struct pte_table *t;
	pte_t pte;

	if (!vma || !(vma->vm_flags & (VM_IO | VM_PFNMAP)))
		return -EINVAL;
	if (addr < vma->vm_start || addr >= vma->vm_end)
		return -EINVAL;
	mmap_assert_locked(vma->vm_mm);
	t = pte_table_lookup(vma->vm_mm, addr);
	if (!t)
		return -EINVAL;
	spin_lock(&t->ptl);
	pte = t->pte[pte_index(addr)];
	if (!pte_present(pte)) {
		spin_unlock(&t->ptl);
		return -EINVAL;
	}
	args->lock = &t->ptl;
	args->ptep = &t->pte[pte_index(addr)];
	args->pfn = pte_pfn(pte) + ((addr & ~PAGE_MASK) >> PAGE_SHIFT);
	/* The caller learns the PFN under the claim its PTE was made for. */
	san_learn(vma->vm_mm->platform, PFN_PHYS(args->pfn), PAGE_SIZE,
		  t->owner[pte_index(addr)]);
	args->addr_mask = PAGE_MASK;
	args->pgprot = pte_pgprot(pte);
	args->writable = pte_write(pte);
	args->special = pte_special(pte);
	return 0;
}

void follow_pfnmap_end(struct follow_pfnmap_args *args)
{
	if (args->lock)
		spin_unlock(args->lock);
	args->lock = NULL;
	args->ptep = NULL;
}

int follow_pfn(struct vm_area_struct *vma, unsigned long address,
	       unsigned long *pfn)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = address };
	int ret;

	if (!vma || !pfn || !READ_ONCE(vma->vm_mm->platform->unsafe_follow_pfn))
		return -EINVAL;
	ret = follow_pfnmap_start(&args);
	if (ret)
		return ret;
	*pfn = args.pfn;
	/* The bug this reproduces: the PFN outlives the lock that guarded it. */
	follow_pfnmap_end(&args);
	return 0;
}

void platform_set_unsafe_follow_pfn(struct platform *plat, bool on)
{
	WRITE_ONCE(plat->unsafe_follow_pfn, on);
	if (on)
		platform_taint(plat, "unsafe follow_pfn() enabled");
}

int fault_in_range(struct mm_struct *mm, unsigned long addr, size_t len,
		   bool write)
{
	unsigned long a = addr & PAGE_MASK, end;
	struct vm_area_struct *vma;
	vm_fault_t ret;
	int err = 0;

	if (__builtin_add_overflow(addr, len, &end))
		return -EINVAL;
	mmap_read_lock(mm);
	for (; a < end; a += PAGE_SIZE) {
		vma = vma_lookup(mm, a);
		if (!vma) {
			err = -ENOMEM;
			break;
		}
		if (vma->vm_flags & (VM_IO | VM_PFNMAP)) {
			err = -EINVAL;
			break;
		}
		if (write ? !(vma->vm_flags & VM_WRITE) :
			    !vma_is_accessible(vma)) {
			err = -EFAULT;
			break;
		}
		ret = handle_mm_fault(vma, a, write ? FAULT_FLAG_WRITE : 0,
				      NULL);
		if (ret & VM_FAULT_ERROR) {
			err = (ret & VM_FAULT_OOM) ? -ENOMEM : -EFAULT;
			break;
		}
	}
	mmap_read_unlock(mm);
	return err;
}
