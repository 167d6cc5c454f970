/* SPDX-License-Identifier: GPL-2.0 */
/* Test fences for tests/dma-buf: a plain fence with its own lock. */
#ifndef FENCE_UTIL_H
#define FENCE_UTIL_H

#include "dmb_test.h"
#include <dmabridge/dma-fence.h>
#include <dmabridge/slab.h>

struct mock_fence {
	struct dma_fence base;	/* first: dma_fence_free frees from here */
	spinlock_t lock;
};

static const char *mock_name(struct dma_fence *f)
{
	return "mock";
}

static const struct dma_fence_ops mock_fence_ops __maybe_unused = {
	.get_driver_name = mock_name,
	.get_timeline_name = mock_name,
};

static inline struct dma_fence *
mock_fence_ops_ctx(const struct dma_fence_ops *ops, u64 context, u64 seqno)
{
	struct mock_fence *f = kzalloc(sizeof(*f), GFP_KERNEL);

	/* Tests inject allocation failures elsewhere, never here. */
	assert_non_null(f);
	spin_lock_init(&f->lock);
	dma_fence_init(&f->base, ops, &f->lock, context, seqno);
	return &f->base;
}

static inline struct dma_fence *mock_fence_ctx(u64 context, u64 seqno)
{
	return mock_fence_ops_ctx(&mock_fence_ops, context, seqno);
}

static inline struct dma_fence *mock_fence(void)
{
	return mock_fence_ctx(dma_fence_context_alloc(1), 1);
}

/* Iterations for stress loops: smaller under ThreadSanitizer. */
#define STRESS(n) (DMB_TSAN ? (n) / 10 : (n))

#endif
