// SPDX-License-Identifier: GPL-2.0
/* `dmabridge topo`: print a platform's PCIe tree, devices and P2P map. */
#include <stdio.h>
#include <string.h>
#include <dmabridge/err.h>
#include <dmabridge/platform-file.h>
#include "commands.h"

static int usage(FILE *out)
{
	fprintf(out, "usage: dmabridge topo [--dot] [PLATFORM.json]\n"
		"Print the platform (default: the built-in one): its PCIe "
		"tree, devices,\nBARs, IOMMUs and the P2P map type of every "
		"provider/client pair.\n  --dot  write a Graphviz graph "
		"instead (dmabridge topo --dot | dot -Tsvg)\n");
	return out == stdout ? 0 : 2;
}

int cmd_topo(int argc, char **argv)
{
	const char *path = NULL;
	struct platform *plat;
	bool dot = false;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dot"))
			dot = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(stdout);
		else if (argv[i][0] == '-' || path)
			return usage(stderr);
		else
			path = argv[i];
	}
	plat = platform_create(path);
	if (IS_ERR(plat))
		return 1;
	ret = dot ? pci_topo_print_dot(plat, stdout) :
		    pci_topo_print(plat, stdout);
	platform_destroy(plat);
	return ret ? 1 : 0;
}
