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

/**
 * DOC: config space and ids
 *
 * PCI_DEVFN(), PCI_SLOT() and PCI_FUNC(); the config registers that exist
 * here (PCI_VENDOR_ID, PCI_DEVICE_ID, PCI_COMMAND with PCI_COMMAND_MEMORY
 * and PCI_COMMAND_MASTER, PCI_CLASS_REVISION); class codes (pdev->class is
 * the 24-bit class << 8 | prog-if); PCIe port types; IORESOURCE_* flags:
 * all with Linux's values.
 */
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

/**
 * struct resource - a BAR's CPU address range
 * @start: first address
 * @end: last address (inclusive, as in Linux)
 * @flags: IORESOURCE_MEM, IORESOURCE_PREFETCH, IORESOURCE_MEM_64
 * @name: for messages
 */
struct resource {
	resource_size_t start;
	resource_size_t end;	/* inclusive, as in Linux */
	unsigned long flags;
	const char *name;
};

/**
 * resource_size() - the size of a resource
 * @res: the resource
 *
 * Context: any context.
 * Return: bytes.
 */
static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

/**
 * enum pci_dev_kind - what a platform file calls a device
 * @PCI_KIND_BRIDGE: a root port or switch port
 * @PCI_KIND_GPU: a GPU
 * @PCI_KIND_NIC: a network card
 * @PCI_KIND_NVME: an NVMe drive
 * @PCI_KIND_GENERIC: any other endpoint
 * @PCI_KIND_CAPTURE: a video capture device (class 0x0400)
 *
 * Tools and tests find devices by it (dmabridge's own).
 */
enum pci_dev_kind {
	PCI_KIND_BRIDGE,	/* root port or switch port */
	PCI_KIND_GPU,
	PCI_KIND_NIC,
	PCI_KIND_NVME,
	PCI_KIND_GENERIC,
	PCI_KIND_CAPTURE,	/* video capture (class 0x0400) */
};

/**
 * enum pci_iommu_cfg - the IOMMU the platform file puts in front of a device
 * @PCI_IOMMU_CFG_NONE: none
 * @PCI_IOMMU_CFG_PASSTHROUGH: an identity-mapped IOMMU
 * @PCI_IOMMU_CFG_TRANSLATE: a translating IOMMU
 */
enum pci_iommu_cfg {
	PCI_IOMMU_CFG_NONE,
	PCI_IOMMU_CFG_PASSTHROUGH,
	PCI_IOMMU_CFG_TRANSLATE,
};

/**
 * struct pci_host_bridge - a host bridge (root complex)
 * @name: its name
 * @index: position in the platform
 * @domain: PCI segment
 * @busnr: root bus number
 * @bus_offset: BAR bus address = CPU address + offset
 * @p2p: P2P between devices below it (whitelisted)
 * @p2p_cross: also P2P to other whitelisted host bridges
 * @win_start: CPU window holding its BARs
 * @win_end: end of the window (exclusive); == @win_start: none
 */
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

/**
 * struct pci_dev - a PCI device: host bridge port, switch port or endpoint
 * @dev: the device; dev.name is "DDDD:BB:DD.F"
 * @host_bridge: its host bridge
 * @upstream: the bridge above; NULL for root ports
 * @topo: the topology
 * @index: position in the topology
 * @vendor: vendor id
 * @device: device id
 * @class: class code << 8 | prog-if
 * @busnr: its bus
 * @devfn: device and function
 * @pcie_type: PCI_EXP_TYPE_*
 * @secondary: bridges: first bus below
 * @subordinate: bridges: last bus below
 * @kind: what the platform file calls it
 * @label: the platform file's name, e.g. "gpu0"
 * @acs_redir: bridges: ACS RR/CR/EC enabled
 * @resource: its BARs
 * @bar_p2p: a BAR is P2P-capable memory
 * @bar_region: each BAR's physical region
 * @iommu_cfg: the IOMMU in front of it
 * @iommu_can_fault: its IOMMU can take recoverable faults
 * @cfg_lock: protects @command and @removed
 * @command: PCI_COMMAND
 * @removed: hot-removed
 * @p2pdma: pcim_p2pdma_init()'s state; acquire/release
 * @regs: hw/dev_regs.c: the BAR0 register block (NULL: none)
 * @model: a device model registered from outside (pci-device-model.h),
 *	or NULL
 * @model_data: the model's own, from its setup
 * @model_ready: the model's setup ran and its teardown has not
 */
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

/**
 * dev_is_pci() - is a device a PCI device?
 * @dev: the device
 *
 * Context: any context.
 * Return: true if it is.
 */
bool dev_is_pci(const struct device *dev);

/**
 * pci_name() - a PCI device's name
 * @pdev: the device
 *
 * Context: any context.
 * Return: "DDDD:BB:DD.F".
 */
static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

/**
 * pci_domain_nr() - a device's PCI segment
 * @pdev: the device
 *
 * Context: any context.
 * Return: the domain.
 */
static inline int pci_domain_nr(const struct pci_dev *pdev)
{
	return pdev->host_bridge->domain;
}

/**
 * pci_is_bridge() - is a device a bridge?
 * @pdev: the device
 *
 * Context: any context.
 * Return: true for root and switch ports.
 */
static inline bool pci_is_bridge(const struct pci_dev *pdev)
{
	return pdev->kind == PCI_KIND_BRIDGE;
}

/**
 * pci_pcie_type() - a device's PCIe port type
 * @pdev: the device
 *
 * Context: any context.
 * Return: PCI_EXP_TYPE_*.
 */
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

/**
 * pci_bus_address() - a BAR's address on the bus
 * @pdev: the device
 * @bar: the BAR
 *
 * Context: any context.
 * Return: the CPU address plus the host bridge offset.
 */
dma_addr_t pci_bus_address(const struct pci_dev *pdev, int bar);

/**
 * pci_upstream_bridge() - the bridge directly above a device
 * @pdev: the device
 *
 * Context: any context.
 * Return: the bridge, or NULL for root ports (root bus).
 */
static inline struct pci_dev *pci_upstream_bridge(struct pci_dev *pdev)
{
	return pdev->upstream;
}

/**
 * get_device() - take a reference on a device (see <dmabridge/device.h>)
 * @dev: the device, or NULL
 *
 * Context: any context.
 * Return: @dev.
 */
struct device *get_device(struct device *dev);
/**
 * put_device() - drop a reference on a device
 * @dev: the device, or NULL
 *
 * Context: any context.
 */
void put_device(struct device *dev);
/**
 * pci_dev_get() - take a reference on a PCI device
 * @pdev: the device, or NULL
 *
 * Context: any context.
 * Return: @pdev.
 */
struct pci_dev *pci_dev_get(struct pci_dev *pdev);
/**
 * pci_dev_put() - drop a reference on a PCI device
 * @pdev: the device, or NULL
 *
 * Context: any context.
 */
void pci_dev_put(struct pci_dev *pdev);

/**
 * pci_get_device() - the next device with a vendor and device id
 * @vendor: vendor id, or PCI_ANY_ID
 * @device: device id, or PCI_ANY_ID
 * @from: the previous result (its reference is dropped), or NULL
 *
 * On current's platform (or @from's). Removed devices are skipped, and
 * loops read like Linux's:
 * while ((pdev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, pdev))).
 *
 * Context: process context.
 * Return: a referenced device (pci_dev_put() it), or NULL.
 */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);
/**
 * pci_get_class() - the next device of a class
 * @class: class code << 8 | prog-if
 * @from: the previous result (its reference is dropped), or NULL
 *
 * Context: process context.
 * Return: a referenced device, or NULL.
 */
struct pci_dev *pci_get_class(unsigned int class, struct pci_dev *from);
/**
 * pci_platform_get_device() - pci_get_device() on a given platform
 * @plat: the platform
 * @vendor: vendor id, or PCI_ANY_ID
 * @device: device id, or PCI_ANY_ID
 * @from: the previous result (its reference is dropped), or NULL
 *
 * Context: process context.
 * Return: a referenced device, or NULL.
 */
struct pci_dev *pci_platform_get_device(struct platform *plat,
					unsigned int vendor,
					unsigned int device,
					struct pci_dev *from);
/**
 * pci_get_kind() - the next endpoint of a kind
 * @plat: the platform
 * @kind: the kind; PCI_KIND_BRIDGE for any bridge
 * @from: the previous result (its reference is dropped), or NULL
 *
 * Context: process context.
 * Return: a referenced device, or NULL.
 */
struct pci_dev *pci_get_kind(struct platform *plat, enum pci_dev_kind kind,
			     struct pci_dev *from);
/**
 * pci_get_by_name() - a device by name
 * @plat: the platform
 * @name: "DDDD:BB:DD.F" or the platform file's label ("gpu0")
 *
 * Context: process context.
 * Return: a referenced device, or NULL.
 */
struct pci_dev *pci_get_by_name(struct platform *plat, const char *name);
/**
 * pci_num_devices() - devices of a platform, for iteration by index
 * @plat: the platform
 *
 * Removed ones are included.
 *
 * Context: any context.
 * Return: the count.
 */
int pci_num_devices(struct platform *plat);
/**
 * pci_dev_by_index() - a device by index
 * @plat: the platform
 * @index: 0 .. pci_num_devices() - 1
 *
 * Context: any context.
 * Return: the device (not referenced), or NULL.
 */
struct pci_dev *pci_dev_by_index(struct platform *plat, int index);
/**
 * pci_num_host_bridges() - host bridges of a platform
 * @plat: the platform
 *
 * Context: any context.
 * Return: the count.
 */
int pci_num_host_bridges(struct platform *plat);
/**
 * pci_host_bridge_by_index() - a host bridge by index
 * @plat: the platform
 * @index: 0 .. pci_num_host_bridges() - 1
 *
 * Context: any context.
 * Return: the host bridge, or NULL.
 */
struct pci_host_bridge *pci_host_bridge_by_index(struct platform *plat,
						 int index);

/**
 * pci_read_config_word() - read a 16-bit config register
 * @pdev: the device
 * @where: offset (aligned)
 * @val: receives the value
 *
 * Config reads of vendor, device, class, command and the capabilities.
 *
 * Context: process context; takes @pdev->cfg_lock.
 * Return: 0, -EINVAL (bad offset or alignment), -ENODEV (removed).
 */
int pci_read_config_word(struct pci_dev *pdev, int where, u16 *val);
/**
 * pci_read_config_dword() - read a 32-bit config register
 * @pdev: the device
 * @where: offset (aligned)
 * @val: receives the value
 *
 * Context: process context; takes @pdev->cfg_lock.
 * Return: 0, -EINVAL, -ENODEV.
 */
int pci_read_config_dword(struct pci_dev *pdev, int where, u32 *val);
/**
 * pci_write_config_word() - write a 16-bit config register
 * @pdev: the device
 * @where: PCI_COMMAND or a capability register
 * @val: the value
 *
 * PCI_COMMAND_MEMORY going off gives every BAR a new sanitizer claim
 * (SAN_EV_BAR_DISABLE), so accesses through mappings made before are
 * reported; going on records SAN_EV_BAR_ENABLE.
 *
 * Context: process context; takes @pdev->cfg_lock.
 * Return: 0, -EINVAL, -ENODEV.
 */
int pci_write_config_word(struct pci_dev *pdev, int where, u16 val);
/**
 * pci_set_memory_decode() - turn memory decode on or off
 * @pdev: the device
 * @on: on or off
 *
 * Context: process context; takes @pdev->cfg_lock.
 * Return: 0, -ENODEV once removed, -EINVAL.
 */
int pci_set_memory_decode(struct pci_dev *pdev, bool on);
/**
 * pci_memory_decode_enabled() - is memory decode on?
 * @pdev: the device
 *
 * Context: any context.
 * Return: true if PCI_COMMAND_MEMORY is set.
 */
bool pci_memory_decode_enabled(struct pci_dev *pdev);

/**
 * pci_remove_device() - hot-remove a device and everything below it
 * @pdev: the device
 *
 * Unbinds the driver first (as pci_stop_bus_device()), then: decode off,
 * every BAR claimed by SAN_EV_DEVICE_REMOVED, dev.dead set. The struct
 * stays until its last reference (and the platform) go away.
 *
 * Context: process context; may sleep (remove runs).
 */
void pci_remove_device(struct pci_dev *pdev);

/**
 * pci_p2p_switch_route() - does a switch route a request to a peer's BAR?
 * @initiator: the requesting device
 * @bus_addr: the request's address
 * @len: bytes
 * @phys: receives the BAR's CPU physical address
 *
 * Hardware routing, for DMA engines: true if a switch below the root
 * complex claims the request (common upstream bridge, no ACS redirect on
 * the path; the same rule as PCI_P2PDMA_MAP_BUS_ADDR).
 *
 * Context: any context.
 * Return: true if routed.
 */
bool pci_p2p_switch_route(struct device *initiator, dma_addr_t bus_addr,
			  size_t len, phys_addr_t *phys);
/**
 * pci_bus_to_phys() - a request that reached the host bridge
 * @initiator: the requesting device
 * @bus_addr: the request's address
 * @len: bytes
 * @phys: receives the CPU physical address
 *
 * RAM is identity-mapped; a BAR (by its bus address or, equally, its CPU
 * address) maps to its CPU address only if the host bridges allow P2P
 * between the two devices.
 *
 * Context: any context.
 * Return: true if it maps, false for an Unsupported Request.
 */
bool pci_bus_to_phys(struct device *initiator, dma_addr_t bus_addr,
		     size_t len, phys_addr_t *phys);

/* ---- drivers (pci/pci-driver.c; docs/device-model.md) ---- */

/**
 * struct pci_device_id - what a driver matches
 * @vendor: vendor id, or PCI_ANY_ID
 * @device: device id, or PCI_ANY_ID
 * @subvendor: PCI_ANY_ID here (no subsystem ids are modelled)
 * @subdevice: PCI_ANY_ID here
 * @class: matches when (dev->class & @class_mask) == @class
 * @class_mask: which bits of the class code @class compares
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

/**
 * PCI_DEVICE - a pci_device_id entry matching a vendor and device id
 * @vend: vendor id
 * @dev: device id
 */
#define PCI_DEVICE(vend, dev)                                              \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID,        \
	.subdevice = PCI_ANY_ID
/**
 * PCI_DEVICE_CLASS - a pci_device_id entry matching a class
 * @dev_class: class code
 * @dev_class_mask: bits compared
 */
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
/**
 * DOC: pci-stub
 *
 * pci_stub_driver is built in: it binds only what driver_override or a
 * bind file hands it, as Linux's pci-stub.
 */
extern struct pci_driver pci_stub_driver;

/**
 * pci_platform_register_driver() - register a PCI driver with a platform
 * @plat: the platform
 * @drv: the driver
 *
 * Binds it to every matching unbound device.
 *
 * Context: process context; may sleep (probes run).
 * Return: 0, -EINVAL, -EBUSY (that name is taken on @plat), -ENOMEM.
 */
int pci_platform_register_driver(struct platform *plat,
				 struct pci_driver *drv);
/**
 * pci_register_driver() - pci_platform_register_driver() on current's platform
 * @drv: the driver
 *
 * Context: process context, with a current task; may sleep.
 * Return: as pci_platform_register_driver(); -EINVAL without a platform.
 */
int pci_register_driver(struct pci_driver *drv);
/**
 * pci_platform_unregister_driver() - unbind and unregister a driver
 * @plat: the platform
 * @drv: the driver
 *
 * Context: process context; may sleep (removes run).
 */
void pci_platform_unregister_driver(struct platform *plat,
				    struct pci_driver *drv);
/**
 * pci_unregister_driver() - the same on current's platform
 * @drv: the driver
 *
 * Context: process context; may sleep.
 */
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

/**
 * module_pci_driver() - register a PCI driver for the whole process
 * @__pci_driver: the struct pci_driver
 *
 * Registers it before main() and unregisters it at exit, as Linux's macro
 * does at module init and exit (here: a constructor and a destructor;
 * dmabridge, not Linux). A registration error is printed on stderr.
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
/**
 * pci_module_driver_init_failed() - report a module_pci_driver() failure
 * @drv: the driver
 * @err: the errno pci_register_module_driver() returned
 *
 * Context: process context (a constructor).
 */
void pci_module_driver_init_failed(struct pci_driver *drv, int err);
/**
 * pci_match_id() - the entry of an id table matching a device
 * @ids: the table, ended by an all-zero entry
 * @pdev: the device
 *
 * Context: any context.
 * Return: the entry, or NULL.
 */
const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 struct pci_dev *pdev);
/**
 * pci_dev_driver() - the driver bound to a device
 * @pdev: the device
 *
 * A peek: use it under device_lock() for a stable answer.
 *
 * Context: any context.
 * Return: the driver, or NULL.
 */
static inline struct pci_driver *pci_dev_driver(struct pci_dev *pdev)
{
	struct device_driver *drv = READ_ONCE(pdev->dev.driver);

	return drv ? to_pci_driver(drv) : NULL;
}

/**
 * pci_get_drvdata() - the bound driver's data
 * @pdev: the device
 *
 * Context: any context.
 * Return: what pci_set_drvdata() stored.
 */
static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

/**
 * pci_set_drvdata() - store the bound driver's data
 * @pdev: the device
 * @data: the driver's state
 *
 * Context: probe or remove.
 */
static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

/**
 * pci_enable_device() - turn memory decode on
 * @pdev: the device
 *
 * Context: process context (probe).
 * Return: as pci_set_memory_decode().
 */
int pci_enable_device(struct pci_dev *pdev);
/**
 * pci_disable_device() - turn memory decode and bus mastering off
 * @pdev: the device
 *
 * Context: process context.
 */
void pci_disable_device(struct pci_dev *pdev);
/**
 * pci_set_master() - enable bus mastering (the device may DMA)
 * @pdev: the device
 *
 * Context: process context.
 */
void pci_set_master(struct pci_dev *pdev);
/**
 * pci_clear_master() - disable bus mastering; DMA stops at its next piece
 * @pdev: the device
 *
 * Context: process context.
 */
void pci_clear_master(struct pci_dev *pdev);

/**
 * pci_bus_add_devices() - every device joins the PCI bus
 * @plat: the platform
 * @desc: the parsed platform file
 *
 * At platform creation: devices join the driver core and sysfs, the
 * platform file's driver_override is applied, and the built-in drivers
 * (pci-stub) are registered, binding what matches.
 *
 * Context: process context (platform_create()).
 * Return: 0, or a negative errno from the driver core.
 */
int pci_bus_add_devices(struct platform *plat,
			const struct platform_desc *desc);

/**
 * pci_topology_create() - build a platform's PCI topology
 * @plat: the platform
 * @desc: the parsed platform file
 * @err: receives the reason on error
 * @errlen: size of @err
 *
 * Context: process context (platform_create()).
 * Return: 0, -EINVAL (the topology does not fit: bus numbers, windows),
 * -ENOMEM.
 */
int pci_topology_create(struct platform *plat,
			const struct platform_desc *desc, char *err,
			size_t errlen);
/**
 * pci_topology_destroy() - tear it down
 * @plat: the platform
 *
 * Context: process context (platform_destroy()).
 */
void pci_topology_destroy(struct platform *plat);

/**
 * pci_topo_print() - `dmabridge topo`: the tree, devices, BARs and P2P map
 * @plat: the platform
 * @out: where to print
 *
 * Context: process context.
 * Return: 0, -EINVAL, -EIO (a write failed).
 */
int pci_topo_print(struct platform *plat, FILE *out);
/**
 * pci_topo_print_dot() - the same as a Graphviz graph
 * @plat: the platform
 * @out: where to print
 *
 * Context: process context.
 * Return: 0, -EINVAL, -EIO.
 */
int pci_topo_print_dot(struct platform *plat, FILE *out);

/**
 * pci_kind_name() - a kind's name, for printing
 * @kind: the kind
 *
 * Context: any context.
 * Return: "gpu", "nic", ...
 */
const char *pci_kind_name(enum pci_dev_kind kind);
/**
 * pci_iommu_cfg_name() - an IOMMU configuration's name
 * @cfg: the configuration
 *
 * Context: any context.
 * Return: "none", "passthrough", "translate"...
 */
const char *pci_iommu_cfg_name(enum pci_iommu_cfg cfg);

#endif
