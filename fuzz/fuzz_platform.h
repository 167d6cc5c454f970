/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform the fuzz targets run on: the smallest one the uAPI needs.
 * No endpoint: none of today's device nodes (dma-heap, udmabuf, sw_sync,
 * memfd) reaches a PCI device, and every endpoint costs an IOMMU domain
 * and DMA engine threads. 64 MiB of RAM keeps -ENOMEM reachable in a few
 * calls; movable and CMA zones make udmabuf's long-term pin migrate.
 * A driver whose nodes need a device adds its endpoint here.
 * Part of this repository's fuzzing harness, not a Linux file.
 */
#ifndef DMB_FUZZ_PLATFORM_H
#define DMB_FUZZ_PLATFORM_H

static const char fuzz_platform_json[] =
	"{ \"name\": \"fuzz\","
	"  \"ram\": { \"size\": \"64M\", \"movable\": \"16M\", \"cma\": \"8M\" },"
	"  \"host_bridges\": [ { \"name\": \"hb0\", \"p2p\": true } ],"
	"  \"root_ports\": [ { \"name\": \"rp0\", \"host_bridge\": \"hb0\" } ] }";

#endif
