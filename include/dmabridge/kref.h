/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: kref
 *
 * struct kref and kref_init(), kref_get(), kref_put() and friends live
 * with refcount_t in <dmabridge/refcount.h>; this header exists so code
 * can include <dmabridge/kref.h> as it would <linux/kref.h>.
 */
#include <dmabridge/refcount.h>
