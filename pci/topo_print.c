// SPDX-License-Identifier: GPL-2.0
/*
 * Printing a platform for `dmabridge topo`: the PCIe tree, every device
 * with its BARs and IOMMU, and the P2P map type of every pair; or the
 * same as a Graphviz graph.
 */
#include <errno.h>
#include <string.h>
#include <dmabridge/platform.h>
#include "pci-internal.h"

static const char *size_str(u64 size, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (u < 4 && size >= 1024 && !(size % 1024)) {
		size /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)size, unit[u]);
	return buf;
}

static const char *port_type(const struct pci_dev *pdev)
{
	switch (pdev->pcie_type) {
	case PCI_EXP_TYPE_ROOT_PORT: return "root port";
	case PCI_EXP_TYPE_UPSTREAM: return "switch upstream port";
	case PCI_EXP_TYPE_DOWNSTREAM: return "switch downstream port";
	default: return "endpoint";
	}
}

static const char *hb_p2p(const struct pci_host_bridge *hb)
{
	if (!hb->p2p)
		return "P2P not allowed";
	return hb->p2p_cross ? "P2P allowed (also to other host bridges)" :
			       "P2P allowed (same host bridge only)";
}

static void print_dev_line(FILE *out, const struct pci_dev *pdev)
{
	fprintf(out, "%s %s", pci_name(pdev), pdev->label);
	if (pci_is_bridge(pdev)) {
		fprintf(out, " (%s, buses %02x-%02x)", port_type(pdev),
			pdev->secondary, pdev->subordinate);
		if (pdev->acs_redir)
			fprintf(out, " ACS redirect");
	} else {
		fprintf(out, " (%s %04x:%04x)", pci_kind_name(pdev->kind),
			pdev->vendor, pdev->device);
	}
	if (pdev->dev.dead)
		fprintf(out, " [removed]");
	fputc('\n', out);
}

/* Children of @up (NULL: root ports of @hb), drawn with ASCII lines. */
static void print_subtree(FILE *out, struct pci_topology *topo,
			  struct pci_host_bridge *hb, struct pci_dev *up,
			  char *prefix, size_t plen)
{
	int i, last = -1;
	size_t n = strlen(prefix);

	for (i = 0; i < topo->nr_devs; i++)
		if (topo->devs[i]->upstream == up &&
		    topo->devs[i]->host_bridge == hb)
			last = i;
	for (i = 0; i <= last; i++) {
		struct pci_dev *pdev = topo->devs[i];

		if (pdev->upstream != up || pdev->host_bridge != hb)
			continue;
		fprintf(out, "%s%s", prefix, i == last ? "`-- " : "|-- ");
		print_dev_line(out, pdev);
		if (n + 5 < plen) {
			strcpy(prefix + n, i == last ? "    " : "|   ");
			print_subtree(out, topo, hb, pdev, prefix, plen);
			prefix[n] = 0;
		}
	}
}

static void print_tree(FILE *out, struct pci_topology *topo)
{
	char prefix[128];
	int h;

	fprintf(out, "PCIe tree:\n");
	for (h = 0; h < topo->nr_host_bridges; h++) {
		struct pci_host_bridge *hb = &topo->host_bridges[h];

		fprintf(out, "host bridge %s [%04x:%02x] bus offset %#llx, %s\n",
			hb->name, hb->domain, hb->busnr,
			(unsigned long long)hb->bus_offset, hb_p2p(hb));
		prefix[0] = 0;
		print_subtree(out, topo, hb, NULL, prefix, sizeof(prefix));
	}
}

static void print_devices(FILE *out, struct pci_topology *topo)
{
	char sz[32];
	int i, bar;

	fprintf(out, "\ndevices:\n");
	for (i = 0; i < topo->nr_devs; i++) {
		struct pci_dev *pdev = topo->devs[i];

		if (pci_is_bridge(pdev))
			continue;
		fprintf(out, "%s %s: %s [%04x:%04x] class %06x, iommu %s%s%s\n",
			pci_name(pdev), pdev->label, pci_kind_name(pdev->kind),
			pdev->vendor, pdev->device, pdev->class,
			pci_iommu_cfg_name(pdev->iommu_cfg),
			pdev->iommu_can_fault ? " (can fault)" : "",
			pdev->dev.dead ? " [removed]" : "");
		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			unsigned long fl = pci_resource_flags(pdev, bar);

			if (!pci_resource_len(pdev, bar))
				continue;
			fprintf(out, "  BAR%d: cpu %#llx bus %#llx size %s "
				"mem64%s%s\n", bar,
				(unsigned long long)pci_resource_start(pdev, bar),
				(unsigned long long)pci_bus_address(pdev, bar),
				size_str(pci_resource_len(pdev, bar), sz,
					 sizeof(sz)),
				(fl & IORESOURCE_PREFETCH) ? " prefetch" : "",
				pdev->bar_p2p[bar] ? " p2p" : "");
		}
	}
}

static bool is_provider(const struct pci_dev *pdev)
{
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pdev->bar_p2p[bar] && pci_resource_len(pdev, bar))
			return true;
	return false;
}

/* A table cell; the last of a row gets no padding. */
static void cell(FILE *out, const char *s, bool last)
{
	fprintf(out, last ? " %s" : " %-16s", s);
}

static void print_map_types(FILE *out, struct pci_topology *topo)
{
	int i, j, dist, w = 8, lastc = -1;

	for (i = 0; i < topo->nr_devs; i++)
		if (!pci_is_bridge(topo->devs[i])) {
			w = max(w, (int)strlen(topo->devs[i]->label));
			lastc = i;
		}
	fprintf(out, "\nP2P map types (rows: provider with P2P BARs, "
		"columns: client):\n%-*s", w + 1, "");
	for (j = 0; j < topo->nr_devs; j++)
		if (!pci_is_bridge(topo->devs[j]))
			cell(out, topo->devs[j]->label, j == lastc);
	fputc('\n', out);
	for (i = 0; i < topo->nr_devs; i++) {
		struct pci_dev *p = topo->devs[i];

		if (pci_is_bridge(p) || !is_provider(p))
			continue;
		fprintf(out, "%-*s", w + 1, p->label);
		for (j = 0; j < topo->nr_devs; j++) {
			struct pci_dev *c = topo->devs[j];

			if (pci_is_bridge(c))
				continue;
			cell(out, pci_p2pdma_map_type_name(
				pci_p2p_calc_map_type(p, c, &dist, false)),
			     j == lastc);
		}
		fputc('\n', out);
	}
}

int pci_topo_print(struct platform *plat, FILE *out)
{
	struct pci_topology *topo = plat ? plat->pci : NULL;
	const struct platform_mem_config *m;
	char a[32], b[32], c[32], d[32];

	if (!topo || !out)
		return -EINVAL;
	m = &topo->mem_cfg;
	fprintf(out, "platform %s (%s)\nRAM %s: normal %s, movable %s, "
		"cma %s\n\n", plat->name, plat->source[0] ? plat->source : "-",
		size_str(m->ram_size, a, sizeof(a)),
		size_str(m->ram_size - m->movable_size - m->cma_size, b,
			 sizeof(b)),
		size_str(m->movable_size, c, sizeof(c)),
		size_str(m->cma_size, d, sizeof(d)));
	print_tree(out, topo);
	print_devices(out, topo);
	print_map_types(out, topo);
	return ferror(out) ? -EIO : 0;
}

static const char *dot_color(enum pci_p2pdma_map_type t)
{
	switch (t) {
	case PCI_P2PDMA_MAP_BUS_ADDR: return "darkgreen";
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE: return "blue";
	default: return "red";
	}
}

static void dot_devices(FILE *out, struct pci_topology *topo)
{
	char sz[32];
	int i, bar;

	for (i = 0; i < topo->nr_devs; i++) {
		struct pci_dev *pdev = topo->devs[i];

		fprintf(out, "  \"%s\" [label=\"%s\\n%s\\n", pci_name(pdev),
			pdev->label, pci_name(pdev));
		if (pci_is_bridge(pdev)) {
			fprintf(out, "%s%s\"%s];\n", port_type(pdev),
				pdev->acs_redir ? "\\nACS redirect" : "",
				pdev->acs_redir ? ", color=red" : "");
		} else {
			fprintf(out, "%s, iommu %s", pci_kind_name(pdev->kind),
				pci_iommu_cfg_name(pdev->iommu_cfg));
			for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
				if (pci_resource_len(pdev, bar))
					fprintf(out, "\\nBAR%d %s%s", bar,
						size_str(pci_resource_len(pdev,
									  bar),
							 sz, sizeof(sz)),
						pdev->bar_p2p[bar] ?
						" p2p" : "");
			fprintf(out, "\", shape=box3d, style=filled, "
				"fillcolor=lightyellow];\n");
		}
		if (pdev->upstream)
			fprintf(out, "  \"%s\" -> \"%s\";\n",
				pci_name(pdev->upstream), pci_name(pdev));
		else
			fprintf(out, "  \"hb:%s\" -> \"%s\";\n",
				pdev->host_bridge->name, pci_name(pdev));
	}
}

/* One undirected edge per device pair with a provider in it. */
static void dot_p2p(FILE *out, struct pci_topology *topo)
{
	int i, j, dist;

	for (i = 0; i < topo->nr_devs; i++) {
		struct pci_dev *a = topo->devs[i];

		if (pci_is_bridge(a))
			continue;
		for (j = i + 1; j < topo->nr_devs; j++) {
			struct pci_dev *b = topo->devs[j];
			enum pci_p2pdma_map_type t;

			if (pci_is_bridge(b) ||
			    (!is_provider(a) && !is_provider(b)))
				continue;
			t = pci_p2p_calc_map_type(is_provider(a) ? a : b,
						  is_provider(a) ? b : a,
						  &dist, false);
			fprintf(out, "  \"%s\" -> \"%s\" [dir=none, "
				"constraint=false, style=dashed, color=%s, "
				"fontcolor=%s, label=\"%s\"];\n",
				pci_name(a), pci_name(b), dot_color(t),
				dot_color(t), pci_p2pdma_map_type_name(t));
		}
	}
}

int pci_topo_print_dot(struct platform *plat, FILE *out)
{
	struct pci_topology *topo = plat ? plat->pci : NULL;
	int h;

	if (!topo || !out)
		return -EINVAL;
	fprintf(out, "digraph \"%s\" {\n  node [shape=box, "
		"fontname=\"monospace\"];\n", plat->name);
	for (h = 0; h < topo->nr_host_bridges; h++) {
		struct pci_host_bridge *hb = &topo->host_bridges[h];

		fprintf(out, "  \"hb:%s\" [label=\"host bridge %s\\n"
			"%04x:%02x\\n%s\", shape=house];\n", hb->name,
			hb->name, hb->domain, hb->busnr, hb_p2p(hb));
	}
	dot_devices(out, topo);
	dot_p2p(out, topo);
	fprintf(out, "}\n");
	return ferror(out) ? -EIO : 0;
}
