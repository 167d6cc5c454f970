/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform the fuzz targets run on: the smallest one the uAPI needs.
 * One endpoint, bound to pci-stub at boot, so its sysfs files (bind,
 * unbind, driver_override, resource<N> mmap of its registers and VRAM)
 * are fuzzed; every endpoint costs an IOMMU domain and DMA engine
 * threads, so there is one. 64 MiB of RAM keeps -ENOMEM reachable in a
 * few calls; movable and CMA zones make udmabuf's long-term pin migrate.
 * A driver whose nodes need a device adds its endpoint here.
 * Part of this repository's fuzzing harness, not a Linux file.
 */
#ifndef DMB_FUZZ_PLATFORM_H
#define DMB_FUZZ_PLATFORM_H

static const char fuzz_platform_json[] =
	"{ \"name\": \"fuzz\","
	"  \"ram\": { \"size\": \"64M\", \"movable\": \"16M\", \"cma\": \"8M\" },"
	"  \"host_bridges\": [ { \"name\": \"hb0\", \"p2p\": true } ],"
	"  \"root_ports\": [ { \"name\": \"rp0\", \"host_bridge\": \"hb0\" } ],"
	"  \"endpoints\": [ { \"name\": \"gpu0\", \"class\": \"gpu\","
	"      \"port\": \"rp0\", \"driver\": \"pci-stub\","
	"      \"bars\": [ { \"index\": 0, \"size\": \"16M\" },"
	"                { \"index\": 2, \"size\": \"1M\", \"p2p\": true } ],"
	"      \"iommu\": { \"mode\": \"translate\" } } ] }";

#endif
