// SPDX-License-Identifier: GPL-2.0
/* tests/base/test_module_driver.c's registration race under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#define main module_driver_main
#include "../base/test_module_driver.c"
#undef main

/*
 * A module driver registers and unregisters while a platform is created
 * and destroyed: both always succeed, every probe has its remove. Guards
 * module_lock around the join, the leave and the walks.
 */
static void register_races_create_body(void *arg)
{
	test_register_races_platform_create(NULL);
}

const struct ex_body ex_module_driver_bodies[] = {
	{ "register_races_platform_create", register_races_create_body, 4 },
	{ NULL }
};
