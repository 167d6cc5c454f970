/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame vectors (videobuf2 USERPTR): the frames behind a user range,
 * taken with long-term pins. A PFN-mapped (VM_IO / VM_PFNMAP) range is
 * served only when a dma-buf is behind it (dma_buf_get_from_vma): the
 * frames then come from a pinned attachment whose lifetime the vector
 * holds. Any other PFN-mapped range is refused.
 */
#ifndef DMABRIDGE_FRAME_VECTOR_H
#define DMABRIDGE_FRAME_VECTOR_H

#include <dmabridge/types.h>
#include <dmabridge/err.h>

struct page;
struct dma_buf_frames;

/**
 * struct frame_vector - the frames behind a user range (videobuf2 USERPTR)
 * @nr_allocated: entries in @ptrs
 * @nr_frames: entries filled
 * @got_ref: the frames are pinned
 * @is_pfns: @ptrs holds PFNs, not pages
 * @dmabuf_frames: the attachment keeping a dma-buf's frames valid, if any
 * 	(dmabridge: the dma-buf route of get_vaddr_frames())
 * @ptrs: pages or PFNs
 */
struct frame_vector {
	unsigned int nr_allocated;	/* entries in ptrs[] */
	unsigned int nr_frames;		/* entries filled */
	bool got_ref;			/* the frames are pinned */
	bool is_pfns;			/* ptrs[] holds PFNs, not pages */
	/* The attachment keeping a dma-buf's frames valid, if any. */
	struct dma_buf_frames *dmabuf_frames;
	void *ptrs[];
};

/**
 * frame_vector_create() - a vector for up to @nr_frames frames
 * @nr_frames: its capacity (not 0)
 *
 * Context: process context; allocates.
 * Return: the vector, or NULL (WARN for 0, or out of memory).
 */
struct frame_vector *frame_vector_create(unsigned int nr_frames);
/**
 * frame_vector_destroy() - free a vector
 * @vec: the vector, or NULL; put_vaddr_frames() first (WARNs otherwise)
 *
 * Context: any context.
 */
void frame_vector_destroy(struct frame_vector *vec);
/**
 * get_vaddr_frames() - pin the frames at a user address
 * @start: user address (rounded down to a page)
 * @nr_frames: frames wanted (at most the vector's capacity)
 * @write: the device will write
 * @vec: receives the frames
 *
 * Long-term pins (FOLL_LONGTERM, no FOLL_FORCE, as Linux since 6.2). A
 * PFN-mapped (VM_IO / VM_PFNMAP) range is served only when a dma-buf is
 * behind it (dma_buf_get_from_vma()): the frames then come from a pinned
 * attachment whose lifetime the vector holds. Any other PFN-mapped range
 * is refused.
 *
 * Context: process context, with a current task; takes mmap_lock; may
 * sleep.
 * Return: the number of frames pinned, or a negative errno (-EFAULT for
 * a refused range, as pin_user_pages_fast() or dma_buf_vaddr_frames()).
 */
int get_vaddr_frames(unsigned long start, unsigned int nr_frames, bool write,
		     struct frame_vector *vec);
/**
 * put_vaddr_frames() - release the frames of a vector
 * @vec: the vector
 *
 * Unpins pages, or releases the dma-buf attachment.
 *
 * Context: process context; may sleep.
 */
void put_vaddr_frames(struct frame_vector *vec);
/**
 * frame_vector_to_pages() - turn a vector of PFNs into pages
 * @vec: the vector
 *
 * Context: any context.
 * Return: 0, or -EINVAL if a PFN has no struct page (device memory).
 */
int frame_vector_to_pages(struct frame_vector *vec);
/**
 * frame_vector_to_pfns() - turn a vector of pages into PFNs
 * @vec: the vector
 *
 * Context: any context.
 */
void frame_vector_to_pfns(struct frame_vector *vec);

/**
 * frame_vector_count() - frames in a vector
 * @vec: the vector
 *
 * Context: any context.
 * Return: the count.
 */
static inline unsigned int frame_vector_count(struct frame_vector *vec)
{
	return vec->nr_frames;
}

/**
 * frame_vector_pages() - the frames as pages
 * @vec: the vector
 *
 * Context: any context.
 * Return: the page array, or ERR_PTR(-EINVAL) if a frame has no page.
 */
static inline struct page **frame_vector_pages(struct frame_vector *vec)
{
	if (vec->is_pfns) {
		int err = frame_vector_to_pages(vec);

		if (err)
			return ERR_PTR(err);
	}
	return (struct page **)(vec->ptrs);
}

/**
 * frame_vector_pfns() - the frames as PFNs
 * @vec: the vector
 *
 * Context: any context.
 * Return: the PFN array.
 */
static inline unsigned long *frame_vector_pfns(struct frame_vector *vec)
{
	if (!vec->is_pfns)
		frame_vector_to_pfns(vec);
	return (unsigned long *)(vec->ptrs);
}

#endif
