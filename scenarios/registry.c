// SPDX-License-Identifier: GPL-2.0
/*
 * The scenarios `dmabridge run` knows, in the order it runs them: the
 * built-in ones, then those a program linking the library registered.
 */
#include <errno.h>
#include <string.h>
#include "scenario.h"

extern const struct scenario scenario_p2p_dma;
extern const struct scenario scenario_dmabuf_share;

/* NULL-terminated; registration appends before the terminator. */
const struct scenario *scenario_list[SCENARIO_MAX + 1] = {
	&scenario_p2p_dma,
	&scenario_dmabuf_share,
	NULL,
};

int scenario_register(const struct scenario *sc)
{
	int i;

	if (!sc || !sc->name || !sc->name[0] || !sc->run)
		return -EINVAL;
	for (i = 0; scenario_list[i]; i++)
		if (!strcmp(scenario_list[i]->name, sc->name))
			return -EEXIST;
	if (i >= SCENARIO_MAX)
		return -ENOSPC;
	scenario_list[i] = sc;
	return 0;
}
