// SPDX-License-Identifier: GPL-2.0
/*
 * dma-buf and CPU address spaces. Linux: dma_buf_mmap(). dmabridge, not
 * upstream (everything after dma_buf_mmap()): the generic fault helper
 * over ops->fault_pfn and dma_buf_mmap_pfn(), zapping CPU mappings on
 * move/revoke, the VMA -> dma-buf lookup (dma_buf_get_from_vma) and the
 * frame-vector route through a static PAL attachment.
 */
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/device.h>
#include <dmabridge/mm.h>
#include <dmabridge/slab.h>

int dma_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma,
		 unsigned long pgoff)
{
	struct file *old;

	if (WARN_ON(!dmabuf || !vma))
		return -EINVAL;
	if (!dmabuf->ops->mmap)
		return -EINVAL;
	if (pgoff + vma_pages(vma) < pgoff)
		return -EOVERFLOW;
	if (pgoff + vma_pages(vma) > dmabuf->size >> PAGE_SHIFT)
		return -EINVAL;
	/* The VMA now leads to the dma-buf (and its address_space). */
	old = vma->vm_file;
	vma->vm_file = get_file(dmabuf->file);
	if (old)
		fput(old);
	vma->vm_pgoff = pgoff;
	return dmabuf->ops->mmap(dmabuf, vma);
}

/* dmabridge, not upstream, from here to the end of the file. */

void dma_buf_zap_cpu_mappings(struct dma_buf *dmabuf)
{
	if (dmabuf->file && dmabuf->file->f_mapping)
		unmap_mapping_range(dmabuf->file->f_mapping, 0, 0, 1);
}

unsigned long dma_buf_cpu_mappings(struct dma_buf *dmabuf)
{
	struct address_space *mapping = dmabuf->file->f_mapping;
	unsigned long n;

	down_read(&mapping->i_mmap_rwsem);
	n = mapping->i_mmap.count;
	up_read(&mapping->i_mmap_rwsem);
	return n;
}

static pgprot_t dma_buf_pgprot(pgprot_t prot, unsigned int attrs)
{
	switch (attrs & DMA_BUF_MEM_CACHE_MASK) {
	case DMA_BUF_MEM_WC:
		prot = pgprot_writecombine(prot);
		break;
	case DMA_BUF_MEM_UNCACHED:
		prot = pgprot_noncached(prot);
		break;
	default:
		break;
	}
	if (attrs & DMA_BUF_MEM_ENCRYPTED)
		prot = pgprot_encrypted(prot);
	return prot;
}

vm_fault_t dma_buf_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct dma_buf *dmabuf;
	unsigned long pfn;
	unsigned int attrs = 0;
	vm_fault_t ret;
	s64 gen;
	long wait;

	if (!is_dma_buf_file(vma->vm_file))
		return VM_FAULT_SIGBUS;
	dmabuf = vma->vm_file->private_data;
	if (!dmabuf->ops->fault_pfn ||
	    vmf->pgoff >= dmabuf->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	for (;;) {
		gen = atomic64_read(&dmabuf->generation);
		/* A move's copy must land before the CPU sees the memory. */
		wait = dma_resv_wait_timeout(dmabuf->resv,
					     DMA_RESV_USAGE_KERNEL, true,
					     MAX_SCHEDULE_TIMEOUT);
		if (wait < 0)
			return VM_FAULT_NOPAGE;	/* signal: retry the access */
		dma_resv_lock(dmabuf->resv, NULL);
		if (gen == atomic64_read(&dmabuf->generation) &&
		    dma_resv_test_signaled(dmabuf->resv,
					   DMA_RESV_USAGE_KERNEL))
			break;
		/* Moved (or a new move started) meanwhile: again. */
		dma_resv_unlock(dmabuf->resv);
	}
	if (dmabuf->revoked) {
		ret = VM_FAULT_SIGBUS;
		goto out;
	}
	if (dmabuf->ops->fault_pfn(dmabuf, vmf->pgoff, &pfn, &attrs)) {
		ret = VM_FAULT_SIGBUS;
		goto out;
	}
	/* The PTE expects the buffer's current claim, whatever PFN it got. */
	san_learn(dmabuf->platform, PFN_PHYS(pfn), PAGE_SIZE,
		  dmabuf->san_owner);
	ret = vmf_insert_pfn_prot(vma, vmf->address, pfn,
				  dma_buf_pgprot(vma->vm_page_prot, attrs));
out:
	dma_resv_unlock(dmabuf->resv);
	return ret;
}

static const struct vm_operations_struct dma_buf_pfn_vm_ops = {
	.fault = dma_buf_vm_fault,
	.name = "dma-buf",
};

int dma_buf_mmap_pfn(struct vm_area_struct *vma, unsigned long extra_flags)
{
	if (!(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return -EINVAL;
	vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP |
			  extra_flags);
	vma->vm_ops = &dma_buf_pfn_vm_ops;
	return 0;
}

/* VMA -> dma-buf and the frame-vector route: DESIGN.md's proposal. */
struct dma_buf *dma_buf_get_from_vma(struct vm_area_struct *vma,
				     pgoff_t *pgoff)
{
	struct dma_buf *dmabuf;

	if (!vma)
		return NULL;
	/* vm_file and vm_ops are stable only under the mmap_lock. */
	mmap_assert_locked(vma->vm_mm);
	if (vma->vm_ops && vma->vm_ops->get_dmabuf)
		return vma->vm_ops->get_dmabuf(vma, pgoff);
	/*
	 * A private (COW) mapping leads to the buffer as a shared one does:
	 * its PTEs may hold anonymous copies, but the file is the buffer.
	 */
	if (!is_dma_buf_file(vma->vm_file))
		return NULL;
	dmabuf = vma->vm_file->private_data;
	get_dma_buf(dmabuf);
	if (pgoff)
		*pgoff = vma->vm_pgoff;
	return dmabuf;
}

/*
 * frame_vector's importer: static (pinned while mapped, the core waits
 * for the exporter's KERNEL fences at map), PAL, no device, and P2P
 * memory only if the caller asked.
 */
struct dma_buf_frames {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct dma_buf_phys_list *list;
};

static const enum dma_buf_mapping_type dma_buf_frames_types[] = {
	DMA_BUF_MAPPING_PAL,
};

static int dma_buf_frames_fill(struct dma_buf_phys_list *list, pgoff_t first,
			       unsigned int nr, unsigned long *pfns)
{
	unsigned int i, done = 0;
	u64 off = (u64)first << PAGE_SHIFT;

	for (i = 0; i < list->nr_ranges && done < nr; i++) {
		const struct phys_vec *v = &list->ranges[i].vec;

		if (off >= v->len) {
			off -= v->len;
			continue;
		}
		while (off < v->len && done < nr) {
			pfns[done++] = PHYS_PFN(v->paddr + off);
			off += PAGE_SIZE;
		}
		off = 0;
	}
	return done;
}

int dma_buf_vaddr_frames(struct vm_area_struct *vma, unsigned long start,
			 unsigned int nr_frames, unsigned long *pfns,
			 unsigned int flags, struct dma_buf_frames **handle)
{
	struct dma_buf_frames *fr;
	pgoff_t pgoff;
	unsigned int nr;
	int ret;

	if (!vma || !pfns || !handle || start < vma->vm_start ||
	    start >= vma->vm_end || !PAGE_ALIGNED(start) ||
	    (flags & ~(DMA_BUF_FRAMES_WRITE | DMA_BUF_FRAMES_P2P)))
		return -EINVAL;
	mmap_assert_locked(vma->vm_mm);
	/* A device may write only what the process may write. */
	if ((flags & DMA_BUF_FRAMES_WRITE) &&
	    (!(vma->vm_flags & VM_WRITE) || !vma->vm_file ||
	     !(vma->vm_file->f_mode & FMODE_WRITE)))
		return -EFAULT;
	fr = kzalloc(sizeof(*fr), GFP_KERNEL);
	if (!fr)
		return -ENOMEM;
	fr->dmabuf = dma_buf_get_from_vma(vma, &pgoff);
	if (!fr->dmabuf) {
		kfree(fr);
		return -EFAULT;	/* a plain PFN map: refused as before */
	}
	fr->attach = __dma_buf_mapping_attach(fr->dmabuf, NULL,
					      dma_buf_frames_types,
					      ARRAY_SIZE(dma_buf_frames_types),
					      NULL, fr,
					      flags & DMA_BUF_FRAMES_P2P);
	if (IS_ERR(fr->attach)) {
		ret = PTR_ERR(fr->attach);
		goto err_put;
	}
	/* Static: pins, and waits for a move's copy to land. */
	fr->list = dma_buf_map_phys_unlocked(fr->attach);
	if (IS_ERR(fr->list)) {
		ret = PTR_ERR(fr->list);
		goto err_detach;
	}
	pgoff += (start - vma->vm_start) >> PAGE_SHIFT;
	nr = min_t(unsigned long, nr_frames, (vma->vm_end - start) >>
	       PAGE_SHIFT);
	*handle = fr;
	return dma_buf_frames_fill(fr->list, pgoff, nr, pfns);

err_detach:
	dma_buf_detach(fr->dmabuf, fr->attach);
err_put:
	dma_buf_put(fr->dmabuf);
	kfree(fr);
	return ret;
}

void dma_buf_put_vaddr_frames(struct dma_buf_frames *fr)
{
	if (!fr)
		return;
	dma_buf_unmap_phys_unlocked(fr->attach, fr->list);
	dma_buf_detach(fr->dmabuf, fr->attach);
	dma_buf_put(fr->dmabuf);
	kfree(fr);
}
