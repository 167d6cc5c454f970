// SPDX-License-Identifier: GPL-2.0
/* Platform files: JSON (jansson) to a checked struct platform_desc. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <dmabridge/compiler.h>
#include <dmabridge/platform-file.h>
#include "hw_platform.h"

#define MAX_HOST_BRIDGES 16
#define MAX_ROOT_PORTS 64
#define MAX_SWITCHES 64
#define MAX_DOWNSTREAM_PORTS 32	/* device numbers on the internal bus */
#define MAX_ENDPOINTS 256
#define MAX_RAM (64ULL << 30)
#define MAX_BAR (1ULL << 40)
#define RAM_GRAIN (2ULL << 20)

struct pctx {
	char *err;
	size_t errlen;
	bool failed;
};

/* Record the first error as "platform: PATH: REASON"; returns false. */
static __printf(3, 4) bool fail(struct pctx *c, const char *path,
				const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	if (c->failed)
		return false;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (c->err && c->errlen)
		snprintf(c->err, c->errlen, "platform: %s: %s", path, reason);
	return false;
}

static void join(char *out, size_t len, const char *path, const char *key)
{
	if (path[0])
		snprintf(out, len, "%s.%s", path, key);
	else
		snprintf(out, len, "%s", key);
}

/* Only known keys (and "comment") may appear in @obj. */
static bool check_keys(struct pctx *c, json_t *obj, const char *path,
		       const char *const *allowed)
{
	const char *key;
	json_t *val;
	char p[160];
	int i;

	json_object_foreach(obj, key, val) {
		bool ok = !strcmp(key, "comment");

		for (i = 0; !ok && allowed[i]; i++)
			ok = !strcmp(key, allowed[i]);
		if (!ok) {
			join(p, sizeof(p), path, key);
			return fail(c, p, "unknown field");
		}
	}
	return true;
}

static bool want_object(struct pctx *c, json_t *v, const char *path)
{
	if (!json_is_object(v))
		return fail(c, path, "must be an object");
	return true;
}

/* "4096", "0x1000", "4K", "256M", "4GiB", or a JSON integer. */
static bool parse_size_str(const char *s, u64 *out)
{
	unsigned long long v;
	const char *suf;
	char *end;
	int shift = 0;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	suf = end;
	switch (toupper((unsigned char)*suf)) {
	case 'K': shift = 10; suf++; break;
	case 'M': shift = 20; suf++; break;
	case 'G': shift = 30; suf++; break;
	case 'T': shift = 40; suf++; break;
	default: break;
	}
	if (shift && (!strcmp(suf, "iB") || !strcmp(suf, "B")))
		suf += strlen(suf);
	if (*suf)
		return false;
	if (shift && v > (~0ULL >> shift))
		return false;
	*out = (u64)v << shift;
	return true;
}

static bool get_u64(struct pctx *c, json_t *obj, const char *path,
		    const char *key, bool required, u64 def, u64 *out)
{
	json_t *v = json_object_get(obj, key);
	char p[160];

	join(p, sizeof(p), path, key);
	if (!v) {
		if (required)
			return fail(c, p, "missing");
		*out = def;
		return true;
	}
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return fail(c, p, "must not be negative");
		*out = (u64)json_integer_value(v);
		return true;
	}
	if (json_is_string(v) && parse_size_str(json_string_value(v), out))
		return true;
	return fail(c, p, "must be a number or a size like \"256M\"");
}

static bool get_int(struct pctx *c, json_t *obj, const char *path,
		    const char *key, bool required, int def, int lo, int hi,
		    int *out)
{
	char p[160];
	u64 v;

	if (!get_u64(c, obj, path, key, required, (u64)def, &v))
		return false;
	if (v < (u64)lo || v > (u64)hi) {
		join(p, sizeof(p), path, key);
		return fail(c, p, "must be between %d and %d", lo, hi);
	}
	*out = (int)v;
	return true;
}

static bool get_id(struct pctx *c, json_t *obj, const char *path,
		   const char *key, unsigned short def, unsigned short *out)
{
	char p[160];
	u64 v;

	if (!get_u64(c, obj, path, key, false, def, &v))
		return false;
	if (v >= 0xffff) {
		join(p, sizeof(p), path, key);
		return fail(c, p, "must be a 16-bit id below 0xffff");
	}
	*out = (unsigned short)v;
	return true;
}

static bool get_bool(struct pctx *c, json_t *obj, const char *path,
		     const char *key, bool def, bool *out)
{
	json_t *v = json_object_get(obj, key);
	char p[160];

	if (!v) {
		*out = def;
		return true;
	}
	if (!json_is_boolean(v)) {
		join(p, sizeof(p), path, key);
		return fail(c, p, "must be true or false");
	}
	*out = json_is_true(v);
	return true;
}

/* A string value; NULL (and *present false) if absent and optional. */
static const char *get_str(struct pctx *c, json_t *obj, const char *path,
			   const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);
	char p[160];

	join(p, sizeof(p), path, key);
	if (!v) {
		if (required)
			fail(c, p, "missing");
		return NULL;
	}
	if (!json_is_string(v)) {
		fail(c, p, "must be a string");
		return NULL;
	}
	return json_string_value(v);
}

/* Names: 1..31 of [A-Za-z0-9_.-], unique across the whole file. */
#define MAX_NAMES (MAX_HOST_BRIDGES + MAX_ROOT_PORTS + MAX_SWITCHES * \
		   (MAX_DOWNSTREAM_PORTS + 1) + MAX_ENDPOINTS)

struct names {
	const char *name[MAX_NAMES];
	char where[MAX_NAMES][64];
	int nr;
};

static bool get_name(struct pctx *c, struct names *nm, json_t *obj,
		     const char *path, char *out)
{
	const char *s = get_str(c, obj, path, "name", true);
	char p[160];
	int i;

	if (!s)
		return false;
	join(p, sizeof(p), path, "name");
	if (!s[0] || strlen(s) >= PLATFORM_NAME_LEN)
		return fail(c, p, "must be 1 to %d characters",
			    PLATFORM_NAME_LEN - 1);
	for (i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return fail(c, p, "may only contain letters, digits, "
				    "'_', '.' and '-'");
	for (i = 0; i < nm->nr; i++)
		if (!strcmp(nm->name[i], s))
			return fail(c, p, "'%s' is already the name of %s", s,
				    nm->where[i]);
	if (nm->nr >= MAX_NAMES)
		return fail(c, p, "too many names");
	nm->name[nm->nr] = s;
	snprintf(nm->where[nm->nr], sizeof(nm->where[0]), "%s", path);
	nm->nr++;
	snprintf(out, PLATFORM_NAME_LEN, "%s", s);
	return true;
}

/* The array at @key: NULL if absent (and not required) or on error. */
static json_t *get_array(struct pctx *c, json_t *obj, const char *key,
			 bool required, size_t max)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			fail(c, key, "missing");
		return NULL;
	}
	if (!json_is_array(v)) {
		fail(c, key, "must be an array");
		return NULL;
	}
	if (required && !json_array_size(v)) {
		fail(c, key, "must not be empty");
		return NULL;
	}
	if (json_array_size(v) > max) {
		fail(c, key, "at most %zu entries", max);
		return NULL;
	}
	return v;
}

static bool parse_ram(struct pctx *c, json_t *root, struct platform_desc *d)
{
	static const char *const keys[] = { "size", "movable", "cma", NULL };
	json_t *ram = json_object_get(root, "ram");
	struct platform_mem_config *m = &d->mem;

	if (!ram)
		return fail(c, "ram", "missing");
	if (!want_object(c, ram, "ram") || !check_keys(c, ram, "ram", keys) ||
	    !get_u64(c, ram, "ram", "size", true, 0, &m->ram_size) ||
	    !get_u64(c, ram, "ram", "movable", false, 0, &m->movable_size) ||
	    !get_u64(c, ram, "ram", "cma", false, 0, &m->cma_size))
		return false;
	if (!m->ram_size || m->ram_size % RAM_GRAIN || m->ram_size > MAX_RAM)
		return fail(c, "ram.size",
			    "must be a multiple of 2 MiB between 2 MiB and 64 GiB");
	if (m->movable_size % RAM_GRAIN)
		return fail(c, "ram.movable", "must be a multiple of 2 MiB");
	if (m->cma_size % RAM_GRAIN)
		return fail(c, "ram.cma", "must be a multiple of 2 MiB");
	if (m->movable_size >= m->ram_size ||
	    m->cma_size >= m->ram_size - m->movable_size)
		return fail(c, m->movable_size >= m->ram_size ? "ram.movable" :
			    "ram.cma",
			    "movable + cma must leave some normal memory");
	return true;
}

static bool parse_host_bridges(struct pctx *c, struct names *nm, json_t *root,
			       struct platform_desc *d)
{
	static const char *const keys[] = { "name", "domain", "bus",
		"bus_offset", "p2p", "p2p_cross", NULL };
	json_t *arr = get_array(c, root, "host_bridges", true,
				MAX_HOST_BRIDGES);
	json_t *o;
	size_t i;
	int j;

	if (!arr)
		return false;
	d->host_bridges = calloc(json_array_size(arr),
				 sizeof(*d->host_bridges));
	if (!d->host_bridges)
		return fail(c, "host_bridges", "out of memory");
	json_array_foreach(arr, i, o) {
		struct platform_desc_host_bridge *hb = &d->host_bridges[i];
		char p[64];

		snprintf(p, sizeof(p), "host_bridges[%zu]", i);
		if (!want_object(c, o, p) || !check_keys(c, o, p, keys) ||
		    !get_name(c, nm, o, p, hb->name) ||
		    !get_int(c, o, p, "domain", false, (int)i, 0, 0xffff,
			     &hb->domain) ||
		    !get_int(c, o, p, "bus", false, 0, 0, 255, &hb->bus) ||
		    !get_u64(c, o, p, "bus_offset", false, 0, &hb->bus_offset) ||
		    !get_bool(c, o, p, "p2p", false, &hb->p2p) ||
		    !get_bool(c, o, p, "p2p_cross", false, &hb->p2p_cross))
			return false;
		if (hb->bus_offset % PAGE_SIZE) {
			strcat(p, ".bus_offset");
			return fail(c, p, "must be a multiple of 4096");
		}
		if (hb->p2p_cross && !hb->p2p) {
			strcat(p, ".p2p_cross");
			return fail(c, p, "needs \"p2p\": true");
		}
		for (j = 0; j < (int)i; j++)
			if (d->host_bridges[j].domain == hb->domain &&
			    d->host_bridges[j].bus == hb->bus) {
				strcat(p, ".bus");
				return fail(c, p, "domain %d bus %d is already "
					    "host_bridges[%d]'s root bus",
					    hb->domain, hb->bus, j);
			}
		d->nr_host_bridges++;
	}
	return true;
}

static int find_host_bridge(const struct platform_desc *d, const char *name)
{
	int i;

	for (i = 0; i < d->nr_host_bridges; i++)
		if (!strcmp(d->host_bridges[i].name, name))
			return i;
	return -1;
}

static int find_port(const struct platform_desc *d, const char *name)
{
	int i;

	for (i = 0; i < d->nr_ports; i++)
		if (!strcmp(d->ports[i].name, name))
			return i;
	return -1;
}

static void port_init(struct platform_desc_port *port)
{
	port->host_bridge = -1;
	port->sw = -1;
	port->child_switch = -1;
	port->child_endpoint = -1;
}

static bool parse_root_ports(struct pctx *c, struct names *nm, json_t *root,
			     struct platform_desc *d)
{
	static const char *const keys[] = { "name", "host_bridge",
		"acs_redirect", "vendor", "device", NULL };
	json_t *arr = get_array(c, root, "root_ports", true, MAX_ROOT_PORTS);
	json_t *o;
	size_t i;

	if (!arr)
		return false;
	json_array_foreach(arr, i, o) {
		struct platform_desc_port *port = &d->ports[d->nr_ports];
		const char *hb;
		char p[64], pf[96];

		snprintf(p, sizeof(p), "root_ports[%zu]", i);
		port_init(port);
		if (!want_object(c, o, p) || !check_keys(c, o, p, keys) ||
		    !get_name(c, nm, o, p, port->name) ||
		    !get_bool(c, o, p, "acs_redirect", false,
			      &port->acs_redirect) ||
		    !get_id(c, o, p, "vendor", 0x1b36, &port->vendor) ||
		    !get_id(c, o, p, "device", 0x000c, &port->device))
			return false;
		hb = get_str(c, o, p, "host_bridge", d->nr_host_bridges > 1);
		if (c->failed)
			return false;
		snprintf(pf, sizeof(pf), "%s.host_bridge", p);
		port->host_bridge = hb ? find_host_bridge(d, hb) : 0;
		if (port->host_bridge < 0)
			return fail(c, pf, "no host bridge named '%s'", hb);
		d->nr_ports++;
	}
	return true;
}

static bool parse_downstream_ports(struct pctx *c, struct names *nm,
				   json_t *sw_obj, const char *swp,
				   struct platform_desc *d, int swi)
{
	static const char *const keys[] = { "name", "acs_redirect", "vendor",
		"device", NULL };
	struct platform_desc_switch *sw = &d->switches[swi];
	json_t *arr = json_object_get(sw_obj, "downstream_ports");
	json_t *o;
	char p[160];
	size_t i;

	snprintf(p, sizeof(p), "%s.downstream_ports", swp);
	if (!arr)
		return fail(c, p, "missing");
	if (!json_is_array(arr) || !json_array_size(arr))
		return fail(c, p, "must be a non-empty array");
	if (json_array_size(arr) > MAX_DOWNSTREAM_PORTS)
		return fail(c, p, "at most %d ports", MAX_DOWNSTREAM_PORTS);
	sw->first_port = d->nr_ports;
	json_array_foreach(arr, i, o) {
		struct platform_desc_port *port = &d->ports[d->nr_ports];

		snprintf(p, sizeof(p), "%s.downstream_ports[%zu]", swp, i);
		port_init(port);
		port->sw = swi;
		if (!want_object(c, o, p) || !check_keys(c, o, p, keys) ||
		    !get_name(c, nm, o, p, port->name) ||
		    !get_bool(c, o, p, "acs_redirect", false,
			      &port->acs_redirect) ||
		    !get_id(c, o, p, "vendor", 0x104c, &port->vendor) ||
		    !get_id(c, o, p, "device", 0x8233, &port->device))
			return false;
		d->nr_ports++;
		sw->nr_ports++;
	}
	return true;
}

static bool parse_switches(struct pctx *c, struct names *nm, json_t *root,
			   struct platform_desc *d, const char **port_ref)
{
	static const char *const keys[] = { "name", "port",
		"upstream_acs_redirect", "downstream_ports", "vendor",
		"device", NULL };
	json_t *arr = get_array(c, root, "switches", false, MAX_SWITCHES);
	json_t *o;
	size_t i;

	if (c->failed)
		return false;
	if (!arr)
		return true;
	json_array_foreach(arr, i, o) {
		struct platform_desc_switch *sw = &d->switches[i];
		char p[64];

		snprintf(p, sizeof(p), "switches[%zu]", i);
		sw->port = -1;
		if (!want_object(c, o, p) || !check_keys(c, o, p, keys) ||
		    !get_name(c, nm, o, p, sw->name) ||
		    !get_bool(c, o, p, "upstream_acs_redirect", false,
			      &sw->upstream_acs_redirect) ||
		    !get_id(c, o, p, "vendor", 0x104c, &sw->vendor) ||
		    !get_id(c, o, p, "device", 0x8232, &sw->device))
			return false;
		/* Resolved once every port of every switch is known. */
		port_ref[i] = get_str(c, o, p, "port", true);
		if (!port_ref[i])
			return false;
		d->nr_switches++;
		if (!parse_downstream_ports(c, nm, o, p, d, (int)i))
			return false;
	}
	return true;
}

/* Plug switch @i into its port; refuse shared ports and loops. */
static bool link_switch(struct pctx *c, struct platform_desc *d, int i,
			const char *ref)
{
	struct platform_desc_switch *sw = &d->switches[i];
	struct platform_desc_port *port;
	int steps, cur;
	char p[64];

	snprintf(p, sizeof(p), "switches[%d].port", i);
	sw->port = find_port(d, ref);
	if (sw->port < 0)
		return fail(c, p, "no port named '%s'", ref);
	port = &d->ports[sw->port];
	if (port->child_switch >= 0)
		return fail(c, p, "port '%s' already has switches[%d] plugged in",
			    ref, port->child_switch);
	port->child_switch = i;
	/* Walk up: we must reach a root port before running out. */
	for (cur = i, steps = 0; steps <= d->nr_switches; steps++) {
		int up = d->switches[cur].port;

		if (up < 0)	/* not linked yet: checked when it is */
			return true;
		if (d->ports[up].sw < 0)
			return true;
		cur = d->ports[up].sw;
		if (cur == i)
			break;
	}
	return fail(c, p, "switch '%s' would be plugged in below itself",
		    sw->name);
}

static bool parse_kind(struct pctx *c, json_t *o, const char *p,
		       struct platform_desc_endpoint *ep)
{
	static const struct {
		const char *name;
		enum pci_dev_kind kind;
		unsigned short vendor, device;
	} kinds[] = {
		{ "gpu", PCI_KIND_GPU, 0x10de, 0x2330 },
		{ "nic", PCI_KIND_NIC, 0x15b3, 0x101d },
		{ "nvme", PCI_KIND_NVME, 0x144d, 0xa80a },
		{ "generic", PCI_KIND_GENERIC, 0x1b36, 0x0005 },
		{ "capture", PCI_KIND_CAPTURE, 0x1b36, 0x0400 },
	};
	const char *s = get_str(c, o, p, "class", true);
	char pf[96];
	size_t i;

	if (!s)
		return false;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(s, kinds[i].name))
			break;
	snprintf(pf, sizeof(pf), "%s.class", p);
	if (i == ARRAY_SIZE(kinds)) {
		/* A device model a program registered (held until freed). */
		ep->model = pci_device_model_get(s);
		if (!ep->model)
			return fail(c, pf, "'%s' is not one of gpu, nic, nvme, "
				    "generic, capture or a registered device "
				    "model", s);
		ep->kind = PCI_KIND_GENERIC;
		return get_id(c, o, p, "vendor", ep->model->vendor,
			      &ep->vendor) &&
		       get_id(c, o, p, "device", ep->model->device,
			      &ep->device);
	}
	ep->kind = kinds[i].kind;
	return get_id(c, o, p, "vendor", kinds[i].vendor, &ep->vendor) &&
	       get_id(c, o, p, "device", kinds[i].device, &ep->device);
}

/* "driver": the driver to bind at boot (its driver_override). */
static bool parse_driver(struct pctx *c, json_t *o, const char *p,
			 struct platform_desc_endpoint *ep)
{
	const char *s = get_str(c, o, p, "driver", false);
	char pf[96];
	int i;

	if (!s)
		return !c->failed;
	snprintf(pf, sizeof(pf), "%s.driver", p);
	if (!s[0] || strlen(s) >= PLATFORM_NAME_LEN)
		return fail(c, pf, "must be 1 to %d characters",
			    PLATFORM_NAME_LEN - 1);
	for (i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return fail(c, pf, "may only contain letters, digits, "
				    "'_', '.' and '-'");
	snprintf(ep->driver, sizeof(ep->driver), "%s", s);
	return true;
}

static bool parse_bars(struct pctx *c, json_t *o, const char *p,
		       struct platform_desc_endpoint *ep)
{
	static const char *const keys[] = { "index", "size", "prefetchable",
		"p2p", NULL };
	json_t *arr = json_object_get(o, "bars");
	bool used[PCI_STD_NUM_BARS] = { false };
	json_t *b;
	char bp[96], pf[128];
	size_t i;

	snprintf(bp, sizeof(bp), "%s.bars", p);
	if (!arr && ep->model) {
		/* The model's layout, checked when it was registered. */
		for (i = 0; i < (size_t)ep->model->nr_bars; i++) {
			const struct pci_device_model_bar *mb = &ep->model->bars[i];

			ep->bars[i] = (struct platform_desc_bar){
				.index = mb->index, .size = mb->size,
				.prefetchable = mb->prefetchable, .p2p = mb->p2p,
			};
		}
		ep->nr_bars = ep->model->nr_bars;
		return true;
	}
	if (!arr)
		return true;
	if (!json_is_array(arr))
		return fail(c, bp, "must be an array");
	if (json_array_size(arr) > PCI_STD_NUM_BARS)
		return fail(c, bp, "at most %d BARs", PCI_STD_NUM_BARS);
	json_array_foreach(arr, i, b) {
		struct platform_desc_bar *bar = &ep->bars[i];

		snprintf(bp, sizeof(bp), "%s.bars[%zu]", p, i);
		if (!want_object(c, b, bp) || !check_keys(c, b, bp, keys) ||
		    !get_int(c, b, bp, "index", true, 0, 0,
			     PCI_STD_NUM_BARS - 1, &bar->index) ||
		    !get_u64(c, b, bp, "size", true, 0, &bar->size) ||
		    !get_bool(c, b, bp, "prefetchable", false,
			      &bar->prefetchable) ||
		    !get_bool(c, b, bp, "p2p", false, &bar->p2p))
			return false;
		if (used[bar->index]) {
			snprintf(pf, sizeof(pf), "%s.index", bp);
			return fail(c, pf, "BAR %d is listed twice", bar->index);
		}
		used[bar->index] = true;
		if (bar->size < PAGE_SIZE || (bar->size & (bar->size - 1)) ||
		    bar->size > MAX_BAR) {
			snprintf(pf, sizeof(pf), "%s.size", bp);
			return fail(c, pf, bar->size > MAX_BAR ?
				    "must be at most 1 TiB" :
				    "must be a power of two >= 4096");
		}
		ep->nr_bars++;
	}
	return true;
}

static bool parse_iommu(struct pctx *c, json_t *o, const char *p,
			struct platform_desc_endpoint *ep)
{
	static const char *const keys[] = { "mode", "can_fault", NULL };
	json_t *io = json_object_get(o, "iommu");
	const char *mode;
	char ip[96], pf[128];

	snprintf(ip, sizeof(ip), "%s.iommu", p);
	ep->iommu = PCI_IOMMU_CFG_TRANSLATE;
	ep->can_fault = false;
	if (!io)
		return true;
	if (!want_object(c, io, ip) || !check_keys(c, io, ip, keys) ||
	    !get_bool(c, io, ip, "can_fault", false, &ep->can_fault))
		return false;
	mode = get_str(c, io, ip, "mode", true);
	if (!mode)
		return false;
	snprintf(pf, sizeof(pf), "%s.mode", ip);
	if (!strcmp(mode, "translate"))
		ep->iommu = PCI_IOMMU_CFG_TRANSLATE;
	else if (!strcmp(mode, "passthrough"))
		ep->iommu = PCI_IOMMU_CFG_PASSTHROUGH;
	else if (!strcmp(mode, "none"))
		ep->iommu = PCI_IOMMU_CFG_NONE;
	else
		return fail(c, pf, "'%s' is not one of translate, passthrough, "
			    "none", mode);
	if (ep->can_fault && ep->iommu != PCI_IOMMU_CFG_TRANSLATE) {
		snprintf(pf, sizeof(pf), "%s.can_fault", ip);
		return fail(c, pf, "only a translating IOMMU takes page faults");
	}
	return true;
}

static bool parse_endpoints(struct pctx *c, struct names *nm, json_t *root,
			    struct platform_desc *d)
{
	static const char *const keys[] = { "name", "class", "vendor",
		"device", "port", "bars", "iommu", "driver", NULL };
	json_t *arr = get_array(c, root, "endpoints", false, MAX_ENDPOINTS);
	json_t *o;
	size_t i;

	if (c->failed)
		return false;
	if (!arr)
		return true;
	d->endpoints = calloc(json_array_size(arr) + 1,
			      sizeof(*d->endpoints));
	if (!d->endpoints)
		return fail(c, "endpoints", "out of memory");
	json_array_foreach(arr, i, o) {
		struct platform_desc_endpoint *ep = &d->endpoints[i];
		struct platform_desc_port *port;
		const char *ref;
		char p[64], pf[96];

		snprintf(p, sizeof(p), "endpoints[%zu]", i);
		if (!want_object(c, o, p) || !check_keys(c, o, p, keys) ||
		    !get_name(c, nm, o, p, ep->name) ||
		    !parse_kind(c, o, p, ep) || !parse_bars(c, o, p, ep) ||
		    !parse_iommu(c, o, p, ep) || !parse_driver(c, o, p, ep))
			return false;
		ref = get_str(c, o, p, "port", true);
		if (!ref)
			return false;
		snprintf(pf, sizeof(pf), "%s.port", p);
		ep->port = find_port(d, ref);
		if (ep->port < 0)
			return fail(c, pf, "no port named '%s'", ref);
		port = &d->ports[ep->port];
		if (port->child_switch >= 0)
			return fail(c, pf, "port '%s' already has switches[%d] "
				    "plugged in", ref, port->child_switch);
		if (port->child_endpoint >= 0)
			return fail(c, pf, "port '%s' already has endpoints[%d] "
				    "plugged in", ref, port->child_endpoint);
		port->child_endpoint = (int)i;
		d->nr_endpoints++;
	}
	return true;
}

/* Upper bound of ports, to size the array before parsing them. */
static size_t count_ports(json_t *root)
{
	json_t *sws = json_object_get(root, "switches");
	json_t *rps = json_object_get(root, "root_ports");
	size_t n = json_is_array(rps) ? json_array_size(rps) : 0;
	json_t *sw;
	size_t i;

	if (json_is_array(sws))
		json_array_foreach(sws, i, sw) {
			json_t *dp = json_object_get(sw, "downstream_ports");

			if (json_is_array(dp))
				n += json_array_size(dp);
		}
	return n;
}

static bool parse_topology(struct pctx *c, json_t *root,
			   struct platform_desc *d)
{
	json_t *sws = json_object_get(root, "switches");
	size_t nsw = json_is_array(sws) ? json_array_size(sws) : 0;
	const char **port_ref = NULL;
	struct names *nm;
	bool ok = false;
	int i;

	nm = calloc(1, sizeof(*nm));
	d->ports = calloc(count_ports(root) + 1, sizeof(*d->ports));
	d->switches = calloc(nsw + 1, sizeof(*d->switches));
	port_ref = calloc(nsw + 1, sizeof(*port_ref));
	if (!nm || !d->ports || !d->switches || !port_ref) {
		fail(c, "platform", "out of memory");
		goto out;
	}
	if (!parse_host_bridges(c, nm, root, d) ||
	    !parse_root_ports(c, nm, root, d) ||
	    !parse_switches(c, nm, root, d, port_ref))
		goto out;
	for (i = 0; i < d->nr_switches; i++)
		if (!link_switch(c, d, i, port_ref[i]))
			goto out;
	ok = parse_endpoints(c, nm, root, d);
out:
	free(port_ref);
	free(nm);
	return ok;
}

void platform_desc_free(struct platform_desc *desc)
{
	int i;

	if (!desc)
		return;
	for (i = 0; desc->endpoints && i < desc->nr_endpoints + 1; i++)
		pci_device_model_put(desc->endpoints[i].model);
	free(desc->host_bridges);
	free(desc->ports);
	free(desc->switches);
	free(desc->endpoints);
	free(desc);
}

struct platform_desc *platform_desc_parse(const char *json, char *err,
					  size_t errlen)
{
	static const char *const keys[] = { "name", "ram", "host_bridges",
		"root_ports", "switches", "endpoints", NULL };
	struct pctx c = { .err = err, .errlen = errlen };
	struct platform_desc *d;
	json_error_t jerr;
	const char *name;
	json_t *root;

	if (err && errlen)
		err[0] = 0;
	if (!json) {
		fail(&c, "file", "no text");
		return NULL;
	}
	root = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		char where[64];

		snprintf(where, sizeof(where), "line %d, column %d", jerr.line,
			 jerr.column);
		fail(&c, where, "%s", jerr.text);
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		fail(&c, "platform", "out of memory");
		goto out;
	}
	if (!want_object(&c, root, "file") || !check_keys(&c, root, "", keys))
		goto bad;
	name = get_str(&c, root, "", "name", false);
	if (c.failed)
		goto bad;
	snprintf(d->name, sizeof(d->name), "%s", name ? name : "platform");
	if (!parse_ram(&c, root, d) || !parse_topology(&c, root, d))
		goto bad;
	goto out;
bad:
	platform_desc_free(d);
	d = NULL;
out:
	json_decref(root);
	return d;
}
