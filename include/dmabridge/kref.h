/* SPDX-License-Identifier: GPL-2.0 */
/* kref lives with refcount_t. */
#include <dmabridge/refcount.h>
