/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Creating a whole platform (RAM, sanitizer, PCIe topology, IOMMUs, DMA
 * engines) from a platform file (JSON; docs/platform.md) or from the
 * embedded default, and the parsed form of such a file.
 */
#ifndef DMABRIDGE_PLATFORM_FILE_H
#define DMABRIDGE_PLATFORM_FILE_H

#include <dmabridge/platform.h>
#include <dmabridge/hw.h>
#include <dmabridge/pci.h>

/*
 * Build a platform from the file at @path (NULL: the embedded default).
 * ERR_PTR(-EINVAL) for an invalid file (the reason, naming the field, is
 * printed on stderr), -ENOENT if it cannot be read, -ENOMEM.
 */
struct platform *platform_create(const char *path);
/* The same from JSON text; on error the reason is written to @err. */
struct platform *platform_create_from_string(const char *json, char *err,
					     size_t errlen);
void platform_destroy(struct platform *plat);

/* The embedded default platform file. */
extern const char default_platform_json[];

/* ---- the parsed file (hw/platform_file.c) ---- */

#define PLATFORM_NAME_LEN 32

struct platform_desc_host_bridge {
	char name[PLATFORM_NAME_LEN];
	int domain;
	int bus;
	u64 bus_offset;
	bool p2p;
	bool p2p_cross;
};

/* Root ports and switch downstream ports share one name space. */
struct platform_desc_port {
	char name[PLATFORM_NAME_LEN];
	bool acs_redirect;
	int host_bridge;	/* root port: its host bridge; else -1 */
	int sw;			/* downstream port: its switch; else -1 */
	int child_switch;	/* what is plugged in: a switch, */
	int child_endpoint;	/* an endpoint, or neither (-1) */
	unsigned short vendor, device;
};

struct platform_desc_switch {
	char name[PLATFORM_NAME_LEN];
	unsigned short vendor, device;	/* of its upstream port */
	int port;			/* the port it is plugged into */
	bool upstream_acs_redirect;
	int first_port, nr_ports;	/* its downstream ports in ports[] */
};

struct platform_desc_bar {
	int index;
	u64 size;
	bool prefetchable;
	bool p2p;
};

struct platform_desc_endpoint {
	char name[PLATFORM_NAME_LEN];
	enum pci_dev_kind kind;
	unsigned short vendor, device;
	int port;
	int nr_bars;
	struct platform_desc_bar bars[PCI_STD_NUM_BARS];
	enum pci_iommu_cfg iommu;
	bool can_fault;
	char driver[PLATFORM_NAME_LEN];	/* "" or the driver to bind at boot */
	/* A registered device model (kind PCI_KIND_GENERIC), held; or NULL. */
	const struct pci_device_model *model;
};

struct platform_desc {
	char name[64];
	struct platform_mem_config mem;
	int nr_host_bridges, nr_ports, nr_switches, nr_endpoints;
	struct platform_desc_host_bridge *host_bridges;
	struct platform_desc_port *ports;
	struct platform_desc_switch *switches;
	struct platform_desc_endpoint *endpoints;
};

/*
 * Parse and check @json. NULL on error, with "platform: FIELD: REASON"
 * in @err.
 */
struct platform_desc *platform_desc_parse(const char *json, char *err,
					  size_t errlen);
void platform_desc_free(struct platform_desc *desc);

#endif
