/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI devices of the simulated platform: host bridges, root ports, switch
 * ports and endpoints, their BARs, config space (the command register)
 * and lookup. The topology is built once by platform_create() and never
 * changes shape; devices can only be removed (marked dead).
 */
#ifndef DMABRIDGE_PCI_H
#define DMABRIDGE_PCI_H

#include <stdio.h>
#include <dmabridge/types.h>
#include <dmabridge/device.h>
#include <dmabridge/mutex.h>

struct platform;
struct platform_desc;
struct pci_p2pdma;
struct pci_topology;
struct phys_region;
struct pci_dev_regs;

#define PCI_STD_NUM_BARS 6
#define PCI_ANY_ID (~0u)

#define PCI_DEVFN(slot, func) ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn) ((devfn) & 0x07)

/* Config space registers that exist here. */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define  PCI_COMMAND_MEMORY 0x2
#define  PCI_COMMAND_MASTER 0x4
#define PCI_CLASS_REVISION 0x08

/* Class codes (pdev->class is the 24-bit class << 8 | prog-if). */
#define PCI_CLASS_STORAGE_EXPRESS 0x010802
#define PCI_CLASS_NETWORK_ETHERNET 0x0200
#define PCI_CLASS_DISPLAY_3D 0x0302
#define PCI_CLASS_MULTIMEDIA_VIDEO 0x0400
#define PCI_CLASS_BRIDGE_HOST 0x0600
#define PCI_CLASS_BRIDGE_PCI 0x0604
#define PCI_CLASS_OTHERS 0xff

/* PCIe port types (Linux: pci_pcie_type()). */
#define PCI_EXP_TYPE_ENDPOINT 0x0
#define PCI_EXP_TYPE_ROOT_PORT 0x4
#define PCI_EXP_TYPE_UPSTREAM 0x5
#define PCI_EXP_TYPE_DOWNSTREAM 0x6

#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_PREFETCH 0x00002000
#define IORESOURCE_MEM_64 0x00100000

struct resource {
	resource_size_t start;
	resource_size_t end;	/* inclusive, as in Linux */
	unsigned long flags;
	const char *name;
};

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

/* What a platform file calls the device (tools and tests find it so). */
enum pci_dev_kind {
	PCI_KIND_BRIDGE,	/* root port or switch port */
	PCI_KIND_GPU,
	PCI_KIND_NIC,
	PCI_KIND_NVME,
	PCI_KIND_GENERIC,
	PCI_KIND_CAPTURE,	/* video capture (class 0x0400) */
};

/* The IOMMU the platform file puts in front of an endpoint. */
enum pci_iommu_cfg {
	PCI_IOMMU_CFG_NONE,
	PCI_IOMMU_CFG_PASSTHROUGH,
	PCI_IOMMU_CFG_TRANSLATE,
};

struct pci_host_bridge {
	char name[32];
	int index;
	int domain;		/* PCI segment */
	u8 busnr;		/* root bus number */
	u64 bus_offset;		/* BAR bus address = CPU address + offset */
	bool p2p;		/* P2P between devices below it (whitelisted) */
	bool p2p_cross;		/* also P2P to other whitelisted host bridges */
	phys_addr_t win_start;	/* CPU window holding its BARs */
	phys_addr_t win_end;	/* exclusive; win_start == win_end: none */
};

struct pci_dev {
	struct device dev;	/* dev.name is "DDDD:BB:DD.F" */
	struct pci_host_bridge *host_bridge;
	struct pci_dev *upstream;	/* bridge above; NULL for root ports */
	struct pci_topology *topo;
	int index;			/* position in the topology */

	unsigned short vendor;
	unsigned short device;
	unsigned int class;
	u8 busnr;
	unsigned int devfn;
	u8 pcie_type;			/* PCI_EXP_TYPE_* */
	u8 secondary, subordinate;	/* bridges: buses below */
	enum pci_dev_kind kind;
	char label[32];			/* the platform file's name: "gpu0" */
	bool acs_redir;			/* bridges: ACS RR/CR/EC enabled */

	struct resource resource[PCI_STD_NUM_BARS];
	bool bar_p2p[PCI_STD_NUM_BARS];	/* BAR is P2P-capable memory */
	struct phys_region *bar_region[PCI_STD_NUM_BARS];

	enum pci_iommu_cfg iommu_cfg;
	bool iommu_can_fault;

	struct mutex cfg_lock;		/* command register */
	u16 command;			/* protected by cfg_lock */
	bool removed;			/* protected by cfg_lock */

	struct pci_p2pdma *p2pdma;	/* pcim_p2pdma_init(); acquire/release */

	/* hw/dev_regs.c: the BAR0 register block (NULL: none). */
	struct pci_dev_regs *regs;

	/* A registered device model (pci-device-model.h), or NULL. */
	const struct pci_device_model *model;
	void *model_data;		/* the model's own, from its setup */
	bool model_ready;		/* setup ran, teardown has not */
};

#define to_pci_dev(d) container_of(d, struct pci_dev, dev)

/* True if @dev is a PCI device (Linux: dev_is_pci). */
bool dev_is_pci(const struct device *dev);

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

static inline int pci_domain_nr(const struct pci_dev *pdev)
{
	return pdev->host_bridge->domain;
}

static inline bool pci_is_bridge(const struct pci_dev *pdev)
{
	return pdev->kind == PCI_KIND_BRIDGE;
}

static inline int pci_pcie_type(const struct pci_dev *pdev)
{
	return pdev->pcie_type;
}

#define pci_resource_start(pdev, bar) ((pdev)->resource[(bar)].start)
#define pci_resource_end(pdev, bar) ((pdev)->resource[(bar)].end)
#define pci_resource_flags(pdev, bar) ((pdev)->resource[(bar)].flags)
#define pci_resource_len(pdev, bar)                                    \
	((pci_resource_flags(pdev, bar) & IORESOURCE_MEM) ?             \
	 resource_size(&(pdev)->resource[(bar)]) : 0)

/* The BAR's address on the bus (CPU address + host bridge offset). */
dma_addr_t pci_bus_address(const struct pci_dev *pdev, int bar);

/* Bridge directly above @pdev; NULL for root ports (root bus). */
static inline struct pci_dev *pci_upstream_bridge(struct pci_dev *pdev)
{
	return pdev->upstream;
}

/* Device lifetime: struct device kref, release on the last put. */
struct device *get_device(struct device *dev);
void put_device(struct device *dev);
struct pci_dev *pci_dev_get(struct pci_dev *pdev);
void pci_dev_put(struct pci_dev *pdev);

/*
 * Lookup. Each returns a referenced device (pci_dev_put it) or NULL and
 * drops the reference on @from, so loops read like Linux's:
 *	while ((pdev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, pdev)))
 * The variants without a platform act on current->platform (or @from's).
 * Removed devices are skipped.
 */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);
struct pci_dev *pci_get_class(unsigned int class, struct pci_dev *from);
struct pci_dev *pci_platform_get_device(struct platform *plat,
					unsigned int vendor,
					unsigned int device,
					struct pci_dev *from);
/* Next endpoint of @kind after @from (PCI_KIND_BRIDGE: any bridge). */
struct pci_dev *pci_get_kind(struct platform *plat, enum pci_dev_kind kind,
			     struct pci_dev *from);
/* By "DDDD:BB:DD.F" or by the platform file's label ("gpu0"). */
struct pci_dev *pci_get_by_name(struct platform *plat, const char *name);
/* Number of devices (removed ones included), for iteration by index. */
int pci_num_devices(struct platform *plat);
/* Device @index (0 .. pci_num_devices()-1), not referenced, or NULL. */
struct pci_dev *pci_dev_by_index(struct platform *plat, int index);
int pci_num_host_bridges(struct platform *plat);
struct pci_host_bridge *pci_host_bridge_by_index(struct platform *plat,
						 int index);

/*
 * Config space. Reads of vendor/device/class/command; writes to
 * PCI_COMMAND only. PCI_COMMAND_MEMORY going off gives every BAR a new
 * sanitizer owner (SAN_EV_BAR_DISABLE), so accesses through mappings
 * made before are reported; going on records SAN_EV_BAR_ENABLE.
 * Return 0, -EINVAL (bad offset/alignment) or -ENODEV (removed).
 */
int pci_read_config_word(struct pci_dev *pdev, int where, u16 *val);
int pci_read_config_dword(struct pci_dev *pdev, int where, u32 *val);
int pci_write_config_word(struct pci_dev *pdev, int where, u16 val);
/* Turn memory decode on or off (0 or -ENODEV once removed). */
int pci_set_memory_decode(struct pci_dev *pdev, bool on);
bool pci_memory_decode_enabled(struct pci_dev *pdev);

/*
 * Hot-remove @pdev and everything below it: decode off, every BAR owned
 * by SAN_EV_DEVICE_REMOVED, dev.dead set. The struct stays until its
 * last reference (and the platform) go away.
 */
void pci_remove_device(struct pci_dev *pdev);

/*
 * Hardware routing, for DMA engines. A device sends a memory request
 * for [bus_addr, bus_addr + len) upstream:
 *
 * pci_p2p_switch_route(): true if a switch below the root complex claims
 * it for a peer's BAR (common upstream bridge, no ACS redirect on the
 * path; same rule as PCI_P2PDMA_MAP_BUS_ADDR) and sets *phys to the
 * BAR's CPU physical address.
 *
 * pci_bus_to_phys(): the request reached the host bridge. RAM is
 * identity-mapped; a BAR (by its bus address or, equally, its CPU
 * address) maps to its CPU address only if the host bridges allow P2P
 * between the two devices. False otherwise (an Unsupported Request).
 */
bool pci_p2p_switch_route(struct device *initiator, dma_addr_t bus_addr,
			  size_t len, phys_addr_t *phys);
bool pci_bus_to_phys(struct device *initiator, dma_addr_t bus_addr,
		     size_t len, phys_addr_t *phys);

/* ---- drivers (pci/pci-driver.c; docs/device-model.md) ---- */

/**
 * struct pci_device_id - what a driver matches
 * @vendor, @device: ids or PCI_ANY_ID
 * @subvendor, @subdevice: PCI_ANY_ID here (no subsystem ids modelled)
 * @class, @class_mask: (dev->class & class_mask) == class
 * @driver_data: for the driver
 *
 * A table ends with an all-zero entry.
 */
struct pci_device_id {
	u32 vendor, device;
	u32 subvendor, subdevice;
	u32 class, class_mask;
	unsigned long driver_data;
};

#define PCI_DEVICE(vend, dev)                                              \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID,        \
	.subdevice = PCI_ANY_ID
#define PCI_DEVICE_CLASS(dev_class, dev_class_mask)                        \
	.class = (dev_class), .class_mask = (dev_class_mask),              \
	.vendor = PCI_ANY_ID, .device = PCI_ANY_ID,                        \
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID

/**
 * struct pci_driver - a PCI driver
 * @name: its name (/sys/bus/pci/drivers/<name>)
 * @id_table: devices it drives (NULL: only by driver_override)
 * @probe: bind; called with device_lock held; 0 or -errno
 * @remove: unbind; called with device_lock held. Must quiesce the
 *	device before returning: stop its queues, wait for DMA in flight,
 *	free its interrupts and release its DMA mappings. The driver core
 *	WARNs about a device left with DMA in flight or interrupts.
 * @driver: the driver core part (filled by registration)
 */
struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *pdev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *pdev);
	struct device_driver driver;
};

#define to_pci_driver(drv) container_of(drv, struct pci_driver, driver)

extern const struct bus_type pci_bus_type;
/* Built in: binds only what driver_override or bind hands it. */
extern struct pci_driver pci_stub_driver;

/*
 * Register @drv with @plat (pci_register_driver: with current's
 * platform) and bind it to every matching unbound device. 0, -EINVAL,
 * -EBUSY (that name is taken on @plat), -ENOMEM.
 */
int pci_platform_register_driver(struct platform *plat,
				 struct pci_driver *drv);
int pci_register_driver(struct pci_driver *drv);
void pci_platform_unregister_driver(struct platform *plat,
				    struct pci_driver *drv);
void pci_unregister_driver(struct pci_driver *drv);

/**
 * pci_register_module_driver() - register @drv with every platform
 * @drv: the driver; valid until unregistered
 *
 * dmabridge, not Linux: what loading a module does, for every simulated
 * machine of the process. Platforms that exist bind it now; platforms
 * created later bind it at boot, after the built-in drivers. For a
 * program that links dmabridge: register before or after
 * platform_create(), as a module may be loaded before or after boot.
 *
 * Context: process context, not from a probe or remove (takes the module
 * lock, then each matching device's device_lock).
 * Return: 0; -EINVAL (no name); -EBUSY (a module driver of that name is
 * registered, or a platform has a driver of that name: then it is
 * registered nowhere); -ENOMEM.
 */
int pci_register_module_driver(struct pci_driver *drv);

/**
 * pci_unregister_module_driver() - unbind @drv everywhere and forget it
 * @drv: a driver registered with pci_register_module_driver()
 *
 * Context: process context, not from a probe or remove. Every remove has
 * run when it returns. WARNs if @drv is not registered.
 */
void pci_unregister_module_driver(struct pci_driver *drv);

/*
 * module_pci_driver() - register @__pci_driver before main() and
 * unregister it at exit, as Linux's macro does at module init and exit
 * (here: a constructor and a destructor; dmabridge, not Linux). A
 * registration error is printed on stderr.
 */
#define module_pci_driver(__pci_driver)                                   \
	static bool __pci_driver##_loaded;                                 \
	static void __attribute__((constructor))                          \
	__pci_driver##_init(void)                                          \
	{                                                                  \
		int __ret = pci_register_module_driver(&(__pci_driver));   \
		if (__ret)                                                 \
			pci_module_driver_init_failed(&(__pci_driver),     \
						      __ret);              \
		__pci_driver##_loaded = !__ret;                            \
	}                                                                  \
	static void __attribute__((destructor)) __pci_driver##_exit(void)  \
	{                                                                  \
		if (__pci_driver##_loaded)                                 \
			pci_unregister_module_driver(&(__pci_driver));     \
	}
/* Reports a module_pci_driver() registration failure on stderr. */
void pci_module_driver_init_failed(struct pci_driver *drv, int err);
/* The entry of @ids matching @pdev, or NULL. */
const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 struct pci_dev *pdev);
/* The driver bound to @pdev (a peek: use under device_lock). */
static inline struct pci_driver *pci_dev_driver(struct pci_dev *pdev)
{
	struct device_driver *drv = READ_ONCE(pdev->dev.driver);

	return drv ? to_pci_driver(drv) : NULL;
}

static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

/* pci_enable_device: memory decode on; pci_set_master: bus mastering. */
int pci_enable_device(struct pci_dev *pdev);
void pci_disable_device(struct pci_dev *pdev);
void pci_set_master(struct pci_dev *pdev);
void pci_clear_master(struct pci_dev *pdev);

/*
 * Platform creation: every device joins the PCI bus (driver core and
 * sysfs), the platform file's driver_override is applied, and the
 * built-in drivers (pci-stub) are registered, binding what matches.
 */
int pci_bus_add_devices(struct platform *plat,
			const struct platform_desc *desc);

/* Build / tear down the topology of @plat from a parsed platform file. */
int pci_topology_create(struct platform *plat,
			const struct platform_desc *desc, char *err,
			size_t errlen);
void pci_topology_destroy(struct platform *plat);

/* `dmabridge topo`: the tree, devices, BARs and P2P map types. */
int pci_topo_print(struct platform *plat, FILE *out);
int pci_topo_print_dot(struct platform *plat, FILE *out);

/* Names used in printing. */
const char *pci_kind_name(enum pci_dev_kind kind);
const char *pci_iommu_cfg_name(enum pci_iommu_cfg cfg);

#endif
