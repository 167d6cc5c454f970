// SPDX-License-Identifier: GPL-2.0
/* The scenarios `dmabridge run` knows, in the order it runs them. */
#include "scenario.h"

extern const struct scenario scenario_p2p_dma;
extern const struct scenario scenario_dmabuf_share;

const struct scenario *const scenario_list[] = {
	&scenario_p2p_dma,
	&scenario_dmabuf_share,
	NULL,
};
