// SPDX-License-Identifier: GPL-2.0
/*
 * Loads and stores of simulated processes. Like a CPU, each access walks
 * the page tables; a missing or insufficient PTE raises a fault
 * (handle_mm_fault under mmap_lock, after checking the VMA allows the
 * access) and the access is retried. The page-table lock is held while
 * the bytes move, so a concurrent zap waits for the access to finish
 * (the TLB-shootdown analogue). Every access is checked by the DMA
 * sanitizer against the owner recorded in the PTE.
 */
#include <stdio.h>
#include <string.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/sched.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/io.h>
#include "internal.h"

static void cpu_san_check(struct mm_struct *mm, phys_addr_t pa, size_t len,
			  san_owner_t expect, unsigned long addr, bool write)
{
	char accessor[64], mapping[64];

	if (expect == SAN_OWNER_NONE || san_owner(mm->platform, pa) == expect)
		return;
	snprintf(accessor, sizeof(accessor), "cpu:%s %s",
		 current ? current->comm : "?", write ? "write" : "read");
	snprintf(mapping, sizeof(mapping), "cpu pte va 0x%lx", addr);
	san_check(mm->platform, pa, len, expect, accessor, mapping);
}

/*
 * One access within one page through the PTE. 1 if done, 0 if it must
 * fault, -EFAULT for a PTE to nothing (a bus error).
 */
static int access_through_pte(struct mm_struct *mm, unsigned long addr,
			      void *buf, size_t len, bool write)
{
	struct pte_table *t = pte_table_lookup(mm, addr);
	unsigned int i = pte_index(addr);
	phys_addr_t pa;
	void *host;
	pte_t pte;

	if (!t)
		return 0;
	/*
	 * Like the MMU's walk, look without the lock first: a PTE that
	 * cannot serve the access goes straight to the fault handler, which
	 * decides under the locks (a racing change only means a retry).
	 */
	pte = ptep_get_lockless(&t->pte[i]);
	if (!pte_present(pte) || !pte_user(pte) || (write && !pte_write(pte)))
		return 0;
	spin_lock(&t->ptl);
	pte = t->pte[i];
	if (!pte_present(pte) || !pte_user(pte) || (write && !pte_write(pte))) {
		spin_unlock(&t->ptl);
		return 0;
	}
	pa = PFN_PHYS(pte_pfn(pte)) + (addr & ~PAGE_MASK);
	host = hw_phys_to_host(mm->platform, pa, len);
	if (!host) {
		spin_unlock(&t->ptl);
		return -EFAULT;
	}
	cpu_san_check(mm, pa, len, t->owner[i], addr, write);
	if (hw_mmio_access(mm->platform, pa, buf, len, write)) {
		/* A device register: the device model did the access. */
	} else if (write) {
		hw_wire_copy(host, buf, len);
		set_pte(&t->pte[i], pte_mkdirty(pte_mkyoung(pte)));
	} else {
		hw_wire_copy(buf, host, len);
		set_pte(&t->pte[i], pte_mkyoung(pte));
	}
	spin_unlock(&t->ptl);
	return 1;
}

static int vm_fault_to_errno(vm_fault_t ret)
{
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & VM_FAULT_ERROR)
		return -EFAULT;
	return 0;
}

/* The page fault exception: 0 to retry the access, or -errno. */
static int do_user_fault(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma;
	vm_fault_t ret;

	if (current && fatal_signal_pending(current))
		return -EINTR;
	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	if (!vma || (write ? !(vma->vm_flags & VM_WRITE) :
			     !vma_is_accessible(vma))) {
		mmap_read_unlock(mm);
		return -EFAULT;		/* SIGSEGV */
	}
	ret = handle_mm_fault(vma, addr, FAULT_FLAG_USER |
			      (write ? FAULT_FLAG_WRITE : 0), NULL);
	mmap_read_unlock(mm);
	return vm_fault_to_errno(ret);
}

int cpu_access_mm(struct mm_struct *mm, unsigned long addr, void *buf,
		  size_t len, bool write)
{
	char *p = buf;
	int ret;

	if (!mm)
		return -EFAULT;
	if (addr >= TASK_SIZE || len > TASK_SIZE - addr)
		return -EFAULT;
	while (len) {
		size_t chunk = min(len, PAGE_SIZE - (addr & ~PAGE_MASK));

		ret = access_through_pte(mm, addr, p, chunk, write);
		if (ret < 0)
			return ret;
		if (!ret) {
			ret = do_user_fault(mm, addr, write);
			if (ret)
				return ret;
			/*
			 * Linux delivers a pending signal before the access is
			 * retried (an interruptible wait in the fault handler
			 * returned at once: retrying would spin). No handler
			 * here: the restart code ends as syscall_exit() says.
			 */
			if (current && signal_pending(current))
				return syscall_exit(-ERESTARTSYS);
			continue;
		}
		addr += chunk;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

int cpu_read(unsigned long addr, void *buf, size_t len)
{
	return cpu_access_mm(current ? current->mm : NULL, addr, buf, len,
			     false);
}

int cpu_write(unsigned long addr, const void *buf, size_t len)
{
	return cpu_access_mm(current ? current->mm : NULL, addr, (void *)buf,
			     len, true);
}

/* Byte-exact "not copied" counts: copy page by page, stop at a fault. */
static unsigned long copy_user(unsigned long uaddr, void *kbuf,
			       unsigned long n, bool write)
{
	struct mm_struct *mm = current ? current->mm : NULL;
	char *p = kbuf;

	while (n) {
		size_t chunk = min(n, PAGE_SIZE - (uaddr & ~PAGE_MASK));

		if (cpu_access_mm(mm, uaddr, p, chunk, write))
			return n;
		uaddr += chunk;
		p += chunk;
		n -= chunk;
	}
	return 0;
}

unsigned long cpu_copy_from_user(void *to, unsigned long from,
				 unsigned long n)
{
	return copy_user(from, to, n, false);
}

unsigned long cpu_copy_to_user(unsigned long to, const void *from,
			       unsigned long n)
{
	return copy_user(to, (void *)from, n, true);
}
