// SPDX-License-Identifier: GPL-2.0
/*
 * tests/base/test_remove_quiesce.c's waits under exploration. The
 * driver's remove polls STATUS with __readl_poll() (hw/dev_regs.c), which
 * yields to the run's other threads in the mode instead of sleeping.
 */
#include "explore_race.h"
#include "explore_more.h"
#define main remove_quiesce_main
#include "../base/test_remove_quiesce.c"
#undef main

static void flr_waits_body(void *arg)
{
	test_flr_waits_for_dma_in_flight(NULL);
}

static void leaving_dma_or_irq_body(void *arg)
{
	test_remove_leaving_dma_or_irq_is_reported(NULL);
}

static void unbind_waits_body(void *arg)
{
	test_unbind_waits_for_dma_in_flight(NULL);
}

const struct ex_body ex_quiesce_bodies[] = {
	{ "flr_waits_for_dma", flr_waits_body, 2 },
	{ "unbind_waits_for_dma_in_flight", unbind_waits_body, 2 },
	/* The driver core WARNs twice and waits for the job itself. */
	{ "remove_leaving_dma_or_irq_is_reported", leaving_dma_or_irq_body, 2,
	  false, 2 },
	{ NULL }
};
