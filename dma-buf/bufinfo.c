// SPDX-License-Identifier: GPL-2.0
/*
 * bufinfo: a dump of every dma-buf of a platform in the format of Linux's
 * debugfs dma_buf/bufinfo (dma_buf_debug_show()), optionally with
 * dmabridge's own lines (DMA_BUF_BUFINFO_EXTRAS: a modelling aid, not in
 * Linux).
 */
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-buf-mapping.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/device.h>
#include <dmabridge/platform.h>

struct bufinfo_totals {
	FILE *out;
	bool extras;
	unsigned long objects;
	size_t bytes;
};

static const char *bufinfo_state(struct dma_buf *dmabuf,
				 struct dma_buf_attachment *attach)
{
	if (dmabuf->revoked)
		return "revoked";
	if (attach->pin_count || (attach->nr_mapped && !attach->importer_ops))
		return attach->nr_mapped ? "mapped,pinned" : "pinned";
	return attach->nr_mapped ? "mapped" : "idle";
}

static void bufinfo_extras(struct dma_buf *dmabuf, FILE *out)
{
	fprintf(out, "\tState: %s%s, generation %lld, pins %u, mappings %d\n",
		dmabuf->revoked ? "revoked" : "live",
		dma_buf_is_dynamic(dmabuf) ? " (dynamic exporter)" : "",
		(long long)atomic64_read(&dmabuf->generation),
		dmabuf->pin_count, atomic_read(&dmabuf->nr_mapped));
	fprintf(out, "\tCPU mappings: %lu, vmap: %u\n",
		dma_buf_cpu_mappings(dmabuf), dmabuf->vmapping_counter);
}

static void bufinfo_attach_extras(struct dma_buf *dmabuf,
				  struct dma_buf_attachment *attach, FILE *out)
{
	fprintf(out, "\t%s %s%s%s %s mapped=%u pinned=%u invalidations=%lu",
		dma_buf_mapping_type_name(attach->mapping_type),
		attach->importer_ops ? "dynamic" : "static",
		dma_buf_attach_revocable(attach) ? ",revocable" : "",
		attach->peer2peer ? ",p2p" : "",
		bufinfo_state(dmabuf, attach), attach->nr_mapped,
		attach->pin_count, attach->invalidations);
}

static int bufinfo_one(struct dma_buf *dmabuf, void *arg)
{
	struct bufinfo_totals *t = arg;
	struct dma_buf_attachment *attach;
	FILE *out = t->out;
	unsigned int n = 0;
	int ret;

	ret = dma_resv_lock_interruptible(dmabuf->resv, NULL);
	if (ret)
		return ret;
	spin_lock(&dmabuf->name_lock);
	fprintf(out, "%08zu\t%08x\t%08x\t%08ld\t%s\t%08lu\t%s\n",
		dmabuf->size, dmabuf->file->f_flags, dmabuf->file->f_mode,
		file_count(dmabuf->file), dmabuf->exp_name, dmabuf->ino,
		dmabuf->name ? dmabuf->name : "<none>");
	spin_unlock(&dmabuf->name_lock);
	dma_resv_describe(dmabuf->resv, out);
	if (t->extras)
		bufinfo_extras(dmabuf, out);
	fprintf(out, "\tAttached Devices:\n");
	list_for_each_entry(attach, &dmabuf->attachments, node) {
		fprintf(out, "\t%s", dma_buf_attach_name(attach));
		if (t->extras)
			bufinfo_attach_extras(dmabuf, attach, out);
		fputc('\n', out);
		n++;
	}
	dma_resv_unlock(dmabuf->resv);
	fprintf(out, "Total %u devices attached\n\n", n);
	t->objects++;
	t->bytes += dmabuf->size;
	return 0;
}

int dma_buf_debug_show(struct platform *plat, FILE *out, unsigned int flags)
{
	struct bufinfo_totals t = {
		.out = out,
		.extras = flags & DMA_BUF_BUFINFO_EXTRAS,
	};
	int ret;

	if (!plat || !out)
		return -EINVAL;
	fprintf(out, "\nDma-buf Objects:\n");
	fprintf(out, "%-8s\t%-8s\t%-8s\t%-8s\texp_name\t%-8s\tname\n",
		"size", "flags", "mode", "count", "ino");
	ret = dma_buf_for_each(plat, bufinfo_one, &t);
	if (ret)
		return ret;
	fprintf(out, "\nTotal %lu objects, %zu bytes\n", t.objects, t.bytes);
	return 0;
}
