// SPDX-License-Identifier: GPL-2.0
/*
 * Frame vectors: the pages behind a user range for videobuf2 USERPTR,
 * taken as long-term pins (pin_user_pages_fast with FOLL_LONGTERM). The
 * old PFN route for VM_IO / VM_PFNMAP ranges, which followed PFNs nobody
 * kept alive, is gone: such a range is served only through the dma-buf
 * behind it, whose pinned attachment keeps the frames valid until
 * put_vaddr_frames(). @write asks for a writable mapping on both routes.
 */
#include <dmabridge/frame_vector.h>
#include <dmabridge/gup.h>
#include <dmabridge/mm.h>
#include <dmabridge/sched.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/slab.h>
#include <dmabridge/bug.h>

struct frame_vector *frame_vector_create(unsigned int nr_frames)
{
	struct frame_vector *vec;
	size_t size;

	if (WARN_ON_ONCE(nr_frames == 0))
		return NULL;
	size = sizeof(*vec) + sizeof(void *) * nr_frames;
	vec = kvmalloc(size, GFP_KERNEL);
	if (!vec)
		return NULL;
	vec->nr_allocated = nr_frames;
	vec->nr_frames = 0;
	vec->dmabuf_frames = NULL;
	vec->got_ref = false;
	vec->is_pfns = false;
	return vec;
}

void frame_vector_destroy(struct frame_vector *vec)
{
	if (!vec)
		return;
	/* Release the frames first (put_vaddr_frames). */
	WARN_ON(vec->nr_frames);
	kvfree(vec);
}

/*
 * A PFN-mapped range at @start: its frames through the dma-buf behind
 * the VMA, or -EFAULT when there is none (the range stays refused).
 */
static int get_dmabuf_frames(unsigned long start, unsigned int nr_frames,
			     bool write, struct frame_vector *vec)
{
	struct mm_struct *mm = current ? current->mm : NULL;
	struct vm_area_struct *vma;
	int ret = -EFAULT;

	if (!mm)
		return -EFAULT;
	mmap_read_lock(mm);
	vma = vma_lookup(mm, start);
	if (vma && (vma->vm_flags & (VM_IO | VM_PFNMAP)))
		ret = dma_buf_vaddr_frames(vma, start, nr_frames,
					   (unsigned long *)vec->ptrs,
					   write ? DMA_BUF_FRAMES_WRITE : 0,
					   &vec->dmabuf_frames);
	mmap_read_unlock(mm);
	if (ret <= 0)
		return ret;
	vec->got_ref = true;
	vec->is_pfns = true;
	vec->nr_frames = ret;
	return ret;
}

int get_vaddr_frames(unsigned long start, unsigned int nr_frames, bool write,
		     struct frame_vector *vec)
{
	int ret;

	if (nr_frames == 0)
		return 0;
	if (WARN_ON_ONCE(nr_frames > vec->nr_allocated))
		nr_frames = vec->nr_allocated;
	start &= PAGE_MASK;
	/* As Linux since 6.2: no FOLL_FORCE, FOLL_WRITE only for writes. */
	ret = pin_user_pages_fast(start, nr_frames,
				  FOLL_LONGTERM | (write ? FOLL_WRITE : 0),
				  (struct page **)vec->ptrs);
	if (ret == -EFAULT)
		return get_dmabuf_frames(start, nr_frames, write, vec);
	vec->got_ref = true;
	vec->is_pfns = false;
	vec->nr_frames = ret;
	if (ret > 0)
		return ret;
	vec->nr_frames = 0;
	return ret ? ret : -EFAULT;
}

void put_vaddr_frames(struct frame_vector *vec)
{
	struct page **pages;

	if (!vec->got_ref)
		goto out;
	if (vec->dmabuf_frames) {
		dma_buf_put_vaddr_frames(vec->dmabuf_frames);
		vec->dmabuf_frames = NULL;
		vec->got_ref = false;
		goto out;
	}
	pages = frame_vector_pages(vec);
	/* Only pages can be in a vector that holds references. */
	if (WARN_ON(IS_ERR(pages)))
		goto out;
	unpin_user_pages(pages, vec->nr_frames);
	vec->got_ref = false;
out:
	vec->nr_frames = 0;
}

int frame_vector_to_pages(struct frame_vector *vec)
{
	unsigned long *nums;
	struct page **pages;
	unsigned int i;

	if (!vec->is_pfns)
		return 0;
	nums = (unsigned long *)vec->ptrs;
	for (i = 0; i < vec->nr_frames; i++)
		if (!pfn_valid(nums[i]))
			return -EINVAL;
	pages = (struct page **)nums;
	for (i = 0; i < vec->nr_frames; i++)
		pages[i] = pfn_to_page(nums[i]);
	vec->is_pfns = false;
	return 0;
}

void frame_vector_to_pfns(struct frame_vector *vec)
{
	unsigned long *nums;
	struct page **pages;
	unsigned int i;

	if (vec->is_pfns)
		return;
	pages = (struct page **)(vec->ptrs);
	nums = (unsigned long *)pages;
	for (i = 0; i < vec->nr_frames; i++)
		nums[i] = page_to_pfn(pages[i]);
	vec->is_pfns = true;
}
