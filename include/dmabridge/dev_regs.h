/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BAR0 register block of every simulated endpoint (hw/dev_regs.c;
 * the map is in docs/device-model.md). Simulated hardware, not a Linux
 * interface: one block layout for all device kinds, with the capture
 * operation only on capture devices. All registers are 32 bits wide and
 * 32-bit aligned; the block is the first 4 KiB page of BAR0.
 */
#ifndef DMABRIDGE_DEV_REGS_H
#define DMABRIDGE_DEV_REGS_H

/**
 * DOC: register block
 *
 * Simulated hardware, not a Linux interface: the first 4 KiB page of BAR0
 * of every endpoint holds a block of 32-bit registers, one layout for all
 * device kinds (docs/device-model.md has the map). Global registers: ID,
 * VERSION, CAPS (queues, capture), CTRL (ENABLE: queues accept doorbells),
 * INTR_STATUS (RW1C, bit q = queue q finished), INTR_MASK, FRAME_SEQ. Each
 * queue q has, at DMB_QUEUE(q): SRC and DST DMA addresses, LEN, OP (copy,
 * fill with a byte, capture a frame), DOORBELL (any write starts the job),
 * STATUS (idle, busy, done, error), ERROR (a positive errno) and
 * COMPLETED. A captured frame starts with DMB_FRAME_MAGIC. The endpoints'
 * config space has a power-management capability at DMB_CFG_PM_CAP and a
 * PCI Express capability (with FLR) at DMB_CFG_EXP_CAP, with Linux's
 * register names.
 */
#define DMB_REGS_SIZE		0x1000

#define DMB_REG_ID		0x000	/* RO: vendor | device << 16 */
#define DMB_REG_VERSION		0x004	/* RO: DMB_REGS_VERSION */
#define DMB_REG_CAPS		0x008	/* RO: queues, capture bit */
#define  DMB_CAPS_QUEUES_MASK	0xff
#define  DMB_CAPS_CAPTURE	(1u << 8)
#define DMB_REG_CTRL		0x00c	/* RW */
#define  DMB_CTRL_ENABLE	(1u << 0)	/* queues accept doorbells */
#define DMB_REG_INTR_STATUS	0x010	/* RW1C: bit q = queue q finished */
#define DMB_REG_INTR_MASK	0x014	/* RW: bit q = no MSI for queue q */
#define DMB_REG_FRAME_SEQ	0x018	/* RO: frames captured so far */

#define DMB_REGS_VERSION	0x00010000

#define DMB_QUEUE_BASE		0x100
#define DMB_QUEUE_STRIDE	0x40
#define DMB_QUEUE(q)		(DMB_QUEUE_BASE + (q) * DMB_QUEUE_STRIDE)
#define DMB_Q_SRC_LO		0x00	/* RW: source DMA address */
#define DMB_Q_SRC_HI		0x04
#define DMB_Q_DST_LO		0x08	/* RW: destination DMA address */
#define DMB_Q_DST_HI		0x0c
#define DMB_Q_LEN		0x10	/* RW: bytes */
#define DMB_Q_OP		0x14	/* RW: operation, fill byte */
#define  DMB_OP_COPY		0	/* dst <- src */
#define  DMB_OP_FILL		1	/* dst <- byte (bits 15:8) */
#define  DMB_OP_CAPTURE		2	/* dst <- next frame (capture only) */
#define  DMB_OP_FILL_BYTE(b)	(((b) & 0xff) << 8)
#define DMB_Q_DOORBELL		0x18	/* WO: any write starts the job */
#define DMB_Q_STATUS		0x1c	/* RO */
#define  DMB_STATUS_IDLE	0
#define  DMB_STATUS_BUSY	1
#define  DMB_STATUS_DONE	2
#define  DMB_STATUS_ERROR	3
#define DMB_Q_ERROR		0x20	/* RO: errno (positive) of the error */
#define DMB_Q_COMPLETED		0x24	/* RO: jobs finished (wraps) */

/* Largest capture frame. */
#define DMB_CAPTURE_MAX		(16u << 20)
/* A captured frame starts with this header; then byte i = seq + i. */
#define DMB_FRAME_MAGIC		0x464d4244	/* "DBMF" little endian */

/* Config space capabilities of endpoints. */
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_CAPABILITY_LIST	0x34
#define PCI_CAP_ID_PM		0x01
#define PCI_CAP_ID_EXP		0x10
#define DMB_CFG_PM_CAP		0x40
#define PCI_PM_CTRL		4	/* PMCSR, from the PM capability */
#define  PCI_PM_CTRL_STATE_MASK	0x0003
#define  PCI_PM_CTRL_NO_SOFT_RESET 0x0008
#define DMB_CFG_EXP_CAP		0x50
#define PCI_EXP_FLAGS		2
#define PCI_EXP_DEVCAP		4
#define  PCI_EXP_DEVCAP_FLR	0x10000000
#define PCI_EXP_DEVCTL		8
#define  PCI_EXP_DEVCTL_BCR_FLR	0x8000
#define PCI_EXP_DEVSTA		10
#define  PCI_EXP_DEVSTA_TRPND	0x0020

#endif
