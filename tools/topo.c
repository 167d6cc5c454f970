// SPDX-License-Identifier: GPL-2.0
/* `dmabridge topo`: print a platform's PCIe tree, devices and P2P map. */
#include <stdio.h>
#include <string.h>
#include <dmabridge/err.h>
#include <dmabridge/platform-file.h>
#include "commands.h"
#include "options.h"

static const struct dmb_cli topo_cli = {
	.cmd = "topo",
	.args = "[--dot] [PLATFORM.json]",
	.summary = "Print the platform (default: the built-in one): its PCIe "
		   "tree, devices,\nBARs, IOMMUs and the P2P map type of every "
		   "provider/client pair.",
	.help = "  --dot       write a Graphviz graph instead "
		"(dmabridge topo --dot | dot -Tsvg)\n",
	.shortopts = "",
	.longopts = (const struct option[]){
		{ "dot", no_argument, NULL, 'd' },
		{ 0 },
	},
};

int cmd_topo(int argc, char **argv)
{
	const char *path = NULL;
	struct platform *plat;
	bool dot = false;
	int c, ret;

	dmb_cli_reset();
	while ((c = dmb_cli_getopt(&topo_cli, argc, argv)) != -1) {
		switch (c) {
		case 'd':
			dot = true;
			break;
		default:
			return dmb_cli_exit(c);
		}
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc)
		return dmb_cli_error(&topo_cli, "unexpected argument '%s'",
				     argv[optind]);
	plat = platform_create(path);
	if (IS_ERR(plat)) {
		fprintf(stderr, "%s topo: cannot create the platform from %s "
			"(%ld)\n", dmb_prog, path ? path : "the default",
			PTR_ERR(plat));
		return 1;
	}
	ret = dot ? pci_topo_print_dot(plat, stdout) :
		    pci_topo_print(plat, stdout);
	platform_destroy(plat);
	return ret ? 1 : 0;
}
