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

/**
 * platform_create() - build a whole platform from a platform file
 * @path: the JSON file (docs/platform.md); NULL for the embedded default
 *
 * RAM, sanitizer, PCIe topology, IOMMUs, DMA engines, the system heap and
 * udmabuf device nodes, and the drivers the file binds at boot.
 *
 * Context: process context; may sleep.
 * Return: the platform, or ERR_PTR(): -EINVAL for an invalid file (the
 * reason, naming the field, is printed on stderr), the errno of fopen()
 * (-ENOENT, -EACCES) if it cannot be read, -EFBIG for a file that is too
 * large, -EIO, -ENOMEM.
 */
struct platform *platform_create(const char *path);
/**
 * platform_create_from_string() - build a platform from JSON text
 * @json: a platform file's contents
 * @err: receives the reason on error ("platform: FIELD: REASON")
 * @errlen: size of @err
 *
 * Context: process context; may sleep.
 * Return: the platform, or ERR_PTR(-EINVAL) for invalid JSON or -ENOMEM.
 */
struct platform *platform_create_from_string(const char *json, char *err,
					     size_t errlen);
/**
 * platform_destroy() - tear a platform down
 * @plat: the platform, or NULL (nothing happens)
 *
 * Unbinds the drivers first (each quiesces its device), then device nodes,
 * buffers, devices, IOMMUs, the sanitizer and RAM. Buffers or tasks still
 * alive are WARNed about.
 *
 * Context: process context; may sleep; no task of @plat may still run.
 */
void platform_destroy(struct platform *plat);

/* The embedded default platform file. */
extern const char default_platform_json[];

/* ---- the parsed file (hw/platform_file.c) ---- */

#define PLATFORM_NAME_LEN 32

/**
 * struct platform_desc_host_bridge - a host bridge of a platform file
 * @name: its name
 * @domain: PCI domain (segment)
 * @bus: its root bus number
 * @bus_offset: bus address = CPU physical address + @bus_offset
 * @p2p: P2P between its own root ports is allowed (whitelisted)
 * @p2p_cross: P2P to other host bridges that also allow it (needs @p2p)
 */
struct platform_desc_host_bridge {
	char name[PLATFORM_NAME_LEN];
	int domain;
	int bus;
	u64 bus_offset;
	bool p2p;
	bool p2p_cross;
};

/**
 * struct platform_desc_port - a root port or a switch downstream port
 * @name: its name (root and downstream ports share one name space)
 * @acs_redirect: ACS P2P Request Redirect is on
 * @host_bridge: a root port: its host bridge; else -1
 * @sw: a downstream port: its switch; else -1
 * @child_switch: the switch plugged in, or -1
 * @child_endpoint: the endpoint plugged in, or -1
 * @vendor: the port's vendor id
 * @device: the port's device id
 */
struct platform_desc_port {
	char name[PLATFORM_NAME_LEN];
	bool acs_redirect;
	int host_bridge;	/* root port: its host bridge; else -1 */
	int sw;			/* downstream port: its switch; else -1 */
	int child_switch;	/* what is plugged in: a switch, */
	int child_endpoint;	/* an endpoint, or neither (-1) */
	unsigned short vendor, device;
};

/**
 * struct platform_desc_switch - a PCIe switch of a platform file
 * @name: its name
 * @vendor: vendor id of its upstream port
 * @device: device id of its upstream port
 * @port: index of the port it is plugged into
 * @upstream_acs_redirect: ACS redirect on its upstream port
 * @first_port: its first downstream port in &platform_desc.ports
 * @nr_ports: how many downstream ports it has
 */
struct platform_desc_switch {
	char name[PLATFORM_NAME_LEN];
	unsigned short vendor, device;	/* of its upstream port */
	int port;			/* the port it is plugged into */
	bool upstream_acs_redirect;
	int first_port, nr_ports;	/* its downstream ports in ports[] */
};

/**
 * struct platform_desc_bar - a BAR of an endpoint
 * @index: BAR number (0..5)
 * @size: bytes (a power of two)
 * @prefetchable: a prefetchable memory BAR
 * @p2p: published as P2P memory (pcim_p2pdma_init())
 */
struct platform_desc_bar {
	int index;
	u64 size;
	bool prefetchable;
	bool p2p;
};

/**
 * struct platform_desc_endpoint - a PCIe endpoint of a platform file
 * @name: its name
 * @kind: GPU, NIC, NVMe... (what its register block models)
 * @vendor: vendor id
 * @device: device id
 * @port: index of the port it is plugged into
 * @nr_bars: entries used in @bars
 * @bars: its BARs
 * @iommu: the IOMMU configuration it is behind
 * @can_fault: its IOMMU can take recoverable faults (translate only)
 * @driver: "" or the name of the driver to bind at boot
 * @model: a registered device model (kind PCI_KIND_GENERIC), held; or NULL
 */
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

/**
 * struct platform_desc - a parsed platform file
 * @name: the platform's name
 * @mem: RAM sizes and zones
 * @nr_host_bridges: entries in @host_bridges
 * @nr_ports: entries in @ports
 * @nr_switches: entries in @switches
 * @nr_endpoints: entries in @endpoints
 * @host_bridges: the host bridges
 * @ports: root ports and switch downstream ports
 * @switches: the switches
 * @endpoints: the endpoints
 */
struct platform_desc {
	char name[64];
	struct platform_mem_config mem;
	int nr_host_bridges, nr_ports, nr_switches, nr_endpoints;
	struct platform_desc_host_bridge *host_bridges;
	struct platform_desc_port *ports;
	struct platform_desc_switch *switches;
	struct platform_desc_endpoint *endpoints;
};

/**
 * platform_desc_parse() - parse and check a platform file
 * @json: the file's contents
 * @err: receives "platform: FIELD: REASON" on error
 * @errlen: size of @err
 *
 * Context: any context.
 * Return: the description (free with platform_desc_free()), or NULL on
 * error, with the reason in @err.
 */
struct platform_desc *platform_desc_parse(const char *json, char *err,
					  size_t errlen);
/**
 * platform_desc_free() - free a platform_desc_parse() result
 * @desc: the description, or NULL
 *
 * Context: any context.
 */
void platform_desc_free(struct platform_desc *desc);

#endif
