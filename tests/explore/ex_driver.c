// SPDX-License-Identifier: GPL-2.0
/* tests/base/test_driver_core.c's bind/unbind race under exploration. */
#include "explore_race.h"
#include "explore_more.h"
#define RACE_ROUNDS 40	/* two unregister/register rounds */
#define main driver_core_main
#include "../base/test_driver_core.c"
#undef main

/*
 * bind, unbind, driver_override + drivers_probe and unregister/register
 * of the driver race: every probe has its remove, no device stays bound
 * to an unregistered driver. Guards the registration recheck under
 * device_lock in __driver_probe_device().
 */
static void bind_unbind_unregister_body(void *arg)
{
	test_bind_unbind_unregister_race(NULL);
}

const struct ex_body ex_driver_bodies[] = {
	{ "bind_unbind_unregister_race", bind_unbind_unregister_body, 4 },
	{ NULL }
};
