// SPDX-License-Identifier: GPL-2.0
/*
 * Running scenarios: a fresh platform each, the devices each needs found
 * on it (or a skip with the reason), checks and report accounting.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "scenario.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/platform.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/iommu.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

void scenario_say(struct scenario_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(ctx->out, "  ");
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fprintf(ctx->out, "\n");
	fflush(ctx->out);
}

bool scenario_check(struct scenario_ctx *ctx, bool ok, const char *fmt, ...)
{
	va_list ap;

	ctx->checks++;
	if (!ok)
		ctx->failed++;
	if (ok && !ctx->verbose)
		return ok;
	fprintf(ctx->out, "  %s ", ok ? "  ok:" : "FAIL:");
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fprintf(ctx->out, "\n");
	fflush(ctx->out);
	return ok;
}

void scenario_expect_reports(struct scenario_ctx *ctx, enum report_kind kind,
			     long n)
{
	/* Still printed: the report is part of the story. */
	ctx->expected[kind] += n;
}

void scenario_bufinfo(struct scenario_ctx *ctx, const char *moment)
{
	int ret;

	if (!ctx->bufinfo)
		return;
	fprintf(ctx->out, "  -- bufinfo: %s --", moment);
	fflush(ctx->out);
	ret = dma_buf_debug_show(ctx->plat, ctx->out, ctx->bufinfo_flags);
	scenario_check(ctx, ret == 0, "bufinfo dump (%d)", ret);
	fprintf(ctx->out, "  -- end of bufinfo --\n");
	fflush(ctx->out);
}

void scenario_skip(struct scenario_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->skipped, sizeof(ctx->skipped), fmt, ap);
	va_end(ap);
}

const struct scenario *scenario_find(const char *name)
{
	int i;

	for (i = 0; scenario_list[i]; i++)
		if (!strcmp(scenario_list[i]->name, name))
			return scenario_list[i];
	return NULL;
}

int scenario_p2p_bar(struct pci_dev *pdev)
{
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pdev->bar_p2p[bar] && pci_resource_len(pdev, bar))
			return bar;
	return -ENODEV;
}

/* The binding of roles to devices, while the runner searches for one. */
struct binding {
	const struct scenario *sc;
	struct platform *plat;
	struct pci_dev *dev[SCENARIO_MAX_ROLES];
	int nr_roles;
	int deepest;		/* the first role no device fitted */
};

static int role_index(const struct scenario *sc, const char *role, int upto)
{
	int i;

	for (i = 0; i < upto && sc->needs[i].role; i++)
		if (!strcmp(sc->needs[i].role, role))
			return i;
	return -1;
}

struct pci_dev *scenario_dev(struct scenario_ctx *ctx, const char *role)
{
	int i = ctx->sc->needs ? role_index(ctx->sc, role, SCENARIO_MAX_ROLES) :
				 -1;

	return i < 0 ? NULL : ctx->dev[i];
}

/* Can @client's DMA reach @owner's P2P BAR? Sets up @owner's P2P memory. */
static bool p2p_reaches(struct pci_dev *client, struct pci_dev *owner)
{
	struct p2pdma_provider *prov;
	int bar = scenario_p2p_bar(owner);

	if (bar < 0 || pcim_p2pdma_init(owner))
		return false;
	prov = pcim_p2pdma_provider(owner, bar);
	return prov && pci_p2pdma_map_type(prov, &client->dev) !=
			       PCI_P2PDMA_MAP_NOT_SUPPORTED;
}

static bool fits(struct binding *b, int role, struct pci_dev *pdev)
{
	const struct scenario_need *need = &b->sc->needs[role];
	struct dev_iommu *iommu = pdev->dev.iommu;
	int i;

	if (pci_is_bridge(pdev))
		return false;
	for (i = 0; i < role; i++)
		if (b->dev[i] == pdev)
			return false;
	if (need->kinds && !(need->kinds & BIT(pdev->kind)))
		return false;
	if ((need->flags & SCENARIO_NEED_P2P_BAR) && scenario_p2p_bar(pdev) < 0)
		return false;
	if ((need->flags & (SCENARIO_NEED_IOMMU | SCENARIO_NEED_IOMMU_FAULT)) &&
	    (!iommu || iommu->mode != IOMMU_MODE_TRANSLATE))
		return false;
	if ((need->flags & SCENARIO_NEED_IOMMU_FAULT) && !iommu->can_fault)
		return false;
	if (need->p2p_from) {
		i = role_index(b->sc, need->p2p_from, role);
		if (WARN_ON(i < 0) || !p2p_reaches(b->dev[i], pdev))
			return false;
	}
	return true;
}

/* Depth-first: platforms are small, and a later role may need a retry. */
static bool bind_from(struct binding *b, int role)
{
	int i;

	if (role == b->nr_roles)
		return true;
	if (role > b->deepest)
		b->deepest = role;
	for (i = 0; i < pci_num_devices(b->plat); i++) {
		struct pci_dev *pdev = pci_dev_by_index(b->plat, i);

		if (!pdev || !fits(b, role, pdev))
			continue;
		b->dev[role] = pdev;
		if (bind_from(b, role + 1))
			return true;
	}
	b->dev[role] = NULL;
	return false;
}

/* "a GPU or NIC with a P2P BAR that 'client' reaches by P2P" */
static void describe_need(const struct scenario_need *need, char *buf,
			  size_t len)
{
	static const enum pci_dev_kind kinds[] = {
		PCI_KIND_GPU, PCI_KIND_NIC, PCI_KIND_NVME, PCI_KIND_GENERIC
	};
	size_t n = 0;
	unsigned int i, shown = 0;

	n += snprintf(buf + n, len - n, "'%s': ", need->role);
	for (i = 0; i < ARRAY_SIZE(kinds) && n < len; i++) {
		if (!(need->kinds & BIT(kinds[i])))
			continue;
		n += snprintf(buf + n, len - n, "%s%s", shown++ ? " or " : "a ",
			      pci_kind_name(kinds[i]));
	}
	if (!shown && n < len)
		n += snprintf(buf + n, len - n, "a device");
	if ((need->flags & SCENARIO_NEED_P2P_BAR) && n < len)
		n += snprintf(buf + n, len - n, " with a P2P BAR");
	if ((need->flags & SCENARIO_NEED_IOMMU_FAULT) && n < len)
		n += snprintf(buf + n, len - n,
			      " behind an IOMMU that can fault");
	else if ((need->flags & SCENARIO_NEED_IOMMU) && n < len)
		n += snprintf(buf + n, len - n, " behind a translating IOMMU");
	if (need->p2p_from && n < len)
		snprintf(buf + n, len - n, " that '%s' reaches by P2P",
			 need->p2p_from);
}

/* Bind every role, or say (in ctx->skipped) which one found no device. */
static bool bind_needs(const struct scenario *sc, struct platform *plat,
		       struct scenario_ctx *ctx)
{
	struct binding b = { .sc = sc, .plat = plat };
	char need[120];
	int i;

	while (sc->needs && sc->needs[b.nr_roles].role) {
		if (WARN_ON(b.nr_roles == SCENARIO_MAX_ROLES))
			return false;
		b.nr_roles++;
	}
	if (!bind_from(&b, 0)) {
		describe_need(&sc->needs[b.deepest], need, sizeof(need));
		scenario_skip(ctx, "platform '%s' has no %s", plat->name,
			      need);
		return false;
	}
	for (i = 0; i < b.nr_roles; i++)
		ctx->dev[i] = pci_dev_get(b.dev[i]);
	return true;
}

/* Reports the scenario did not announce fail it. */
static void check_reports(struct scenario_ctx *ctx, const long *before)
{
	int k;

	for (k = 0; k < REPORT_NR_KINDS; k++) {
		long got = report_count(k) - before[k];

		if (k == REPORT_IOMMU_FAULT && !ctx->expected[k])
			continue;
		scenario_check(ctx, got == ctx->expected[k],
			       "%ld %s report(s), %ld expected", got,
			       report_kind_name(k), ctx->expected[k]);
	}
}

static void say_bindings(const struct scenario *sc, struct scenario_ctx *ctx)
{
	int i;

	if (!sc->needs || !sc->needs[0].role)
		return;
	fprintf(ctx->out, "  on this platform:");
	for (i = 0; sc->needs[i].role; i++)
		fprintf(ctx->out, "%s %s = %s", i ? "," : "",
			sc->needs[i].role, ctx->dev[i]->label);
	fprintf(ctx->out, "\n");
}

enum scenario_result scenario_run_one(const struct scenario *sc,
				      const char *path,
				      const struct scenario_opts *opts)
{
	FILE *out = opts->out ? opts->out : stdout;
	struct scenario_ctx ctx = {
		.sc = sc,
		.verbose = opts->verbose,
		.bufinfo = opts->bufinfo,
		.bufinfo_flags = opts->bufinfo_extras ? DMA_BUF_BUFINFO_EXTRAS : 0,
		.out = out,
	};
	long before[REPORT_NR_KINDS];
	struct platform *plat;
	int i, k, ret;

	fprintf(out, "== %s: %s\n", sc->name, sc->summary);
	fflush(out);
	plat = platform_create(path);
	if (IS_ERR(plat)) {
		fprintf(out, "  FAIL: cannot create the platform (%ld)\n",
			PTR_ERR(plat));
		return SCENARIO_FAILED;
	}
	ctx.plat = plat;
	for (k = 0; k < REPORT_NR_KINDS; k++)
		before[k] = report_count(k);
	if (bind_needs(sc, plat, &ctx)) {
		say_bindings(sc, &ctx);
		ret = sc->run(plat, &ctx);
		if (!ctx.skipped[0])
			scenario_check(&ctx, ret == 0,
				       "scenario ran to the end (%d)", ret);
	}
	for (i = 0; i < SCENARIO_MAX_ROLES; i++)
		pci_dev_put(ctx.dev[i]);
	platform_destroy(plat);
	check_reports(&ctx, before);
	if (ctx.skipped[0] && !ctx.failed) {
		fprintf(out, "== %s: SKIPPED: %s\n\n", sc->name, ctx.skipped);
		fflush(out);
		return SCENARIO_SKIPPED;
	}
	fprintf(out, "== %s: %s (%d checks, %d failed)\n\n", sc->name,
		ctx.failed ? "FAILED" : "passed", ctx.checks, ctx.failed);
	fflush(out);
	return ctx.failed ? SCENARIO_FAILED : SCENARIO_PASSED;
}

int scenarios_run_opts(const char *platform_path, char **names, int nr_names,
		       const struct scenario_opts *opts)
{
	FILE *out = opts->out ? opts->out : stdout;
	int i, count[SCENARIO_FAILED + 1] = { 0 }, ran = 0;

	/* A typo is a usage error, found before anything runs. */
	for (i = 0; i < nr_names; i++) {
		if (!scenario_find(names[i])) {
			fprintf(stderr, "no scenario named '%s'; known:",
				names[i]);
			for (i = 0; scenario_list[i]; i++)
				fprintf(stderr, " %s", scenario_list[i]->name);
			fprintf(stderr, "\n");
			return 2;
		}
	}
	for (i = 0; nr_names ? i < nr_names : !!scenario_list[i]; i++, ran++) {
		const struct scenario *sc = nr_names ? scenario_find(names[i]) :
						       scenario_list[i];

		count[scenario_run_one(sc, platform_path, opts)]++;
	}
	fprintf(out, "%d scenario(s) run, %d passed, %d skipped, %d failed\n",
		ran, count[SCENARIO_PASSED], count[SCENARIO_SKIPPED],
		count[SCENARIO_FAILED]);
	fflush(out);
	return count[SCENARIO_FAILED] ? 1 : 0;
}

int scenarios_run(const char *platform_path, char **names, int nr_names,
		  bool verbose)
{
	struct scenario_opts opts = { .verbose = verbose };

	return scenarios_run_opts(platform_path, names, nr_names, &opts);
}
